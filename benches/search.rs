//! Search and list paging on registers of 100 and 1,000,000 customers made by the sample
//! generator (`rekisteri demo`): what the shop owner waits for when typing in the search box and
//! scrolling the list. The registers are made once under `target/bench-registers/` (encrypted,
//! `customers-N.encrypted.sqlite` with their key files, the sample's administrator) and reused.
//! Sizes can be chosen with `REKISTERI_BENCH_SIZES=100,1000000`.

#![allow(clippy::unwrap_used, reason = "a benchmark on a broken fixture should stop loudly")]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use rekisteri::domain::customer::CustomerId;
use rekisteri::store::{CustomerQuery, Store};

fn register(customers: usize) -> Store {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-registers");
    let path = rekisteri::bench::ensure_register(&dir, customers, |note| eprintln!("{note}")).unwrap();
    rekisteri::bench::open_register(&path).unwrap()
}

fn sizes() -> Vec<usize> {
    rekisteri::bench::sizes_from_environment(&[100, 1_000_000])
}

fn search(c: &mut Criterion) {
    for size in sizes() {
        let store = register(size);
        let mut group = c.benchmark_group(format!("search/{size}"));
        group.sample_size(20);
        for (name, text) in rekisteri::bench::search::TYPED {
            group.bench_function(format!("first 50: {name}"), |b| {
                b.iter(|| black_box(store.search_customers(text, 50).unwrap()))
            });
            // The same first 50 rows by one bare SQLite query on a plain connection to the same file
            // (the query text made the same safe way): what the full path is measured against.
            // The same first 50 rows by one bare SQLite statement on a plain connection to the
            // same file: what the full path is measured against.
            let bare = store.raw_connection().unwrap();
            group.bench_function(format!("bare SQLite, first 50: {name}"), |b| {
                b.iter(|| black_box(rekisteri::bench::search::bare_first_rows(&bare, text).unwrap()))
            });
            let query = CustomerQuery { text: text.into(), ..CustomerQuery::default() };
            group.bench_function(format!("all ids: {name}"), |b| {
                b.iter(|| black_box(store.customer_ids(&query).unwrap()))
            });
        }
        group.finish();
    }
}

fn list_paging(c: &mut Criterion) {
    for size in sizes() {
        let store = register(size);
        let mut group = c.benchmark_group(format!("list/{size}"));
        group.sample_size(10);
        group.bench_function("all ids sorted by name", |b| {
            b.iter(|| black_box(store.customer_ids(&CustomerQuery::default()).unwrap()))
        });
        let ids = store.customer_ids(&CustomerQuery::default()).unwrap();
        let middle = ids.len() / 2;
        let page: Vec<CustomerId> = ids[middle..(middle + 200).min(ids.len())].to_vec();
        group.bench_function("rows of a 200-row page in the middle", |b| {
            b.iter(|| black_box(store.customer_rows(&page).unwrap()))
        });
        group.finish();
    }
}

criterion_group!(benches, search, list_paging);
criterion_main!(benches);
