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
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("customers-{customers}.encrypted.sqlite"));
    let (username, password) = (rekisteri::sample::SAMPLE_USERNAME, rekisteri::sample::SAMPLE_PASSWORD);
    if !path.exists() {
        let partial = dir.join(format!("customers-{customers}.partial.sqlite"));
        for leftover in [partial.clone(), rekisteri::store::key_file_path(&partial)] {
            let _ = std::fs::remove_file(leftover);
        }
        let cost = rekisteri::domain::password::PasswordCost::STANDARD;
        let mut store = Store::create(&partial, username, "", password, cost).unwrap();
        rekisteri::sample::populate(&mut store, customers, rekisteri::sample::SAMPLE_SEED, |_| true).unwrap();
        drop(store);
        std::fs::rename(rekisteri::store::key_file_path(&partial), rekisteri::store::key_file_path(&path)).unwrap();
        std::fs::rename(&partial, &path).unwrap();
    }
    Store::open(&path, username, password, rekisteri::store::now()).unwrap()
}

fn sizes() -> Vec<usize> {
    std::env::var("REKISTERI_BENCH_SIZES")
        .ok()
        .map(|text| text.split(',').filter_map(|size| size.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000_000])
}

/// The search's first page as one plain query: matching ids from the index, the list columns,
/// in name order.
const BARE_FIRST_50: &str = "SELECT c.id, c.status, c.first_name, c.last_name, c.list_email, c.list_phone, c.list_city
     FROM customer c WHERE c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?1)
     ORDER BY c.sort_name, c.id LIMIT 50";

fn search(c: &mut Criterion) {
    for size in sizes() {
        let store = register(size);
        let mut group = c.benchmark_group(format!("search/{size}"));
        group.sample_size(20);
        for (name, text) in [("surname prefix", "virt"), ("e-mail prefix", "matti.vir"), ("phone fragment", "040 12")] {
            group.bench_function(format!("first 50: {name}"), |b| {
                b.iter(|| black_box(store.search_customers(text, 50).unwrap()))
            });
            // The same first 50 rows by one bare SQLite query on a plain connection to the same file
            // (the query text made the same safe way): what the full path is measured against.
            let fts = rekisteri::store::fts_query(text).unwrap();
            let bare = store.raw_connection().unwrap();
            group.bench_function(format!("bare SQLite, first 50: {name}"), |b| {
                b.iter(|| {
                    let mut statement = bare.prepare_cached(BARE_FIRST_50).unwrap();
                    let rows = statement
                        .query_map([&fts], |row| {
                            Ok((
                                row.get::<_, i64>(0)?,
                                row.get::<_, String>(1)?,
                                row.get::<_, String>(2)?,
                                row.get::<_, String>(3)?,
                                row.get::<_, String>(4)?,
                                row.get::<_, String>(5)?,
                                row.get::<_, String>(6)?,
                            ))
                        })
                        .unwrap()
                        .collect::<Result<Vec<_>, _>>()
                        .unwrap();
                    black_box(rows)
                })
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
