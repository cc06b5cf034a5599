//! Who may be contacted today, on registers of 100 and 1,000,000 customers made by the sample
//! generator: counting the direct-marketing e-mail list (what the Consents tab shows), and
//! exporting it as CSV recorded as a disclosure with a member row per person (what
//! `rekisteri marketing-list` does). The export writes, so it runs on a copy of the register in a
//! temporary folder, deleted afterwards; the registers under `target/bench-registers/` are left as
//! they are. Sizes can be chosen with `REKISTERI_BENCH_SIZES=100,1000000`.

#![allow(clippy::unwrap_used, reason = "a benchmark on a broken fixture should stop loudly")]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use rekisteri::contact_lists::{ListOrder, export_contact_list};
use rekisteri::domain::Lang;
use rekisteri::domain::consent::Channel;
use rekisteri::store::Store;

/// The generator's register of `customers` people (encrypted, the sample's administrator), made
/// once as the search benchmark makes it and shared with it.
fn bench_register(customers: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-registers");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("customers-{customers}.encrypted.sqlite"));
    if !path.exists() {
        let partial = dir.join(format!("customers-{customers}.partial.sqlite"));
        for leftover in [partial.clone(), rekisteri::store::key_file_path(&partial)] {
            let _ = std::fs::remove_file(leftover);
        }
        let cost = rekisteri::domain::password::PasswordCost::STANDARD;
        let mut store = Store::create(&partial, USERNAME, "", PASSWORD, cost).unwrap();
        rekisteri::sample::populate(&mut store, customers, rekisteri::sample::SAMPLE_SEED, |_| true).unwrap();
        drop(store);
        std::fs::rename(rekisteri::store::key_file_path(&partial), rekisteri::store::key_file_path(&path)).unwrap();
        std::fs::rename(&partial, &path).unwrap();
    }
    path
}

const USERNAME: &str = rekisteri::sample::SAMPLE_USERNAME;
const PASSWORD: &str = rekisteri::sample::SAMPLE_PASSWORD;

/// A copy of the register and its key file to write to (brought to this build's schema on
/// opening).
fn copy_of(register: &Path, folder: &Path) -> Store {
    let copy = folder.join("register.sqlite");
    std::fs::copy(register, &copy).unwrap();
    std::fs::copy(rekisteri::store::key_file_path(register), rekisteri::store::key_file_path(&copy)).unwrap();
    Store::open(&copy, USERNAME, PASSWORD, rekisteri::store::now()).unwrap()
}

fn sizes() -> Vec<usize> {
    rekisteri::bench::sizes_from_environment(&[100, 1_000_000])
}

fn contact_lists(c: &mut Criterion) {
    for size in sizes() {
        let folder = tempfile::tempdir().unwrap();
        let mut store = copy_of(&bench_register(size), folder.path());
        let marketing = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
        let rule = store.contact_rule(marketing, Channel::Email).unwrap();
        let mut group = c.benchmark_group(format!("contact list/{size}"));
        // One run a sample: an export takes seconds at a million, and each adds a disclosure.
        group.sample_size(10).sampling_mode(SamplingMode::Flat);
        group.bench_function("count and first 10: direct marketing by e-mail", |b| {
            b.iter(|| black_box(store.contact_preview(&rule, 10).unwrap()))
        });
        let order =
            ListOrder { purpose: marketing, channel: Channel::Email, recipient: "Mailchimp".into(), lang: Lang::Fi };
        let out = folder.path().join("list.csv");
        group.bench_function("export and record the disclosure: direct marketing by e-mail", |b| {
            b.iter(|| black_box(export_contact_list(&mut store, &order, &out).unwrap()))
        });
        group.finish();
        drop(store);
        folder.close().unwrap();
    }
}

criterion_group!(benches, contact_lists);
criterion_main!(benches);
