//! The access reply (GDPR Art. 15) for a person with 50 orders: gathering the dossier from the
//! store and rendering the PDF letter, as "Print reply" and `rekisteri reply` do (without writing
//! the file), and LibreOffice converting the same letter (as HTML) to PDF, which is what the owner
//! would do by hand. The register is a 100-customer sample in a temporary folder.

#![allow(clippy::unwrap_used, reason = "a benchmark on a broken fixture should stop loudly")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rekisteri::domain::customer::CustomerId;
use rekisteri::store::Store;

fn reply(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let cost = rekisteri::domain::password::PasswordCost::insecure_fast_for_tests();
    let path = dir.path().join("reply.sqlite");
    let mut store = Store::create(&path, "admin", "", "vertailu-salasana-2026", cost).unwrap();
    rekisteri::sample::populate(&mut store, 100, 7, |_| true).unwrap();
    let request = rekisteri::bench::reply::person_with_orders(&mut store, CustomerId(1)).unwrap();
    let mut group = c.benchmark_group("reply");
    group.sample_size(20);
    group.bench_function("dossier + PDF, 50 orders", |b| {
        b.iter(|| black_box(rekisteri::bench::reply::our_reply(&store, request).unwrap()))
    });
    // What the owner would do by hand: the same letter converted by LibreOffice (when installed).
    if let Some(soffice) = rekisteri::bench::reply::find_libreoffice() {
        let document = dir.path().join("vastaus.html");
        std::fs::write(&document, rekisteri::bench::reply::equivalent_letter_html(&store, request).unwrap()).unwrap();
        let profile = dir.path().join("libreoffice-profile");
        let convert =
            || rekisteri::bench::reply::convert_with_libreoffice(&soffice, &document, dir.path(), &profile).unwrap();
        convert(); // makes LibreOffice's profile
        group.sample_size(10);
        group.bench_function("LibreOffice --convert-to pdf, the same letter", |b| b.iter(|| black_box(convert())));
    } else {
        eprintln!("LibreOffice is not installed: the comparison is left out");
    }
    group.finish();
}

criterion_group!(benches, reply);
criterion_main!(benches);
