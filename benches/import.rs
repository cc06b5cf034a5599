//! CSV import rows per second against the `sqlite3` tool's `.import` of the same file into a plain
//! table (goal: at least 0.5×): the export of a demo register of each size, imported (a) by our
//! full path into a fresh, empty encrypted register and (b) by `sqlite3` into a fresh plain file.
//! Making the empty register (its password hash) is not timed; closing it after the import is. Sizes:
//! `REKISTERI_BENCH_SIZES=100,100000` (the default; 1000000 takes about 40 s a run, so it is
//! opt-in). Without `sqlite3` installed, (b) is skipped with a note.

#![allow(clippy::unwrap_used, reason = "a benchmark on a broken fixture should stop loudly")]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use rekisteri::bench::ensure_register;
use rekisteri::bench::import::{ensure_export, fresh_register, our_import, remove_register, sqlite3_import};

fn sizes() -> Vec<usize> {
    rekisteri::bench::sizes_from_environment(&[100, 100_000])
}

fn import(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-registers");
    let work = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-import");
    std::fs::create_dir_all(&work).unwrap();
    for size in sizes() {
        let register = ensure_register(&dir, size, |note| eprintln!("{note}")).unwrap();
        let csv = ensure_export(&register).unwrap();
        let mut group = c.benchmark_group(format!("import/{size}"));
        group.sampling_mode(SamplingMode::Flat).sample_size(10);
        if size >= 100_000 {
            group.warm_up_time(Duration::from_millis(1)).measurement_time(Duration::from_secs(1));
        }
        let target = work.join("import.sqlite");
        let mut delimiter = b';';
        group.bench_function("ours: file to encrypted register", |b| {
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    let store = fresh_register(&target).unwrap();
                    let started = Instant::now();
                    delimiter = our_import(store, &csv).unwrap().1;
                    total += started.elapsed();
                }
                total
            })
        });
        remove_register(&target).unwrap();
        let plain = work.join("plain.sqlite");
        if sqlite3_import(&csv, delimiter, &plain).unwrap().is_none() {
            eprintln!("sqlite3 is not installed: the sqlite3 .import half is skipped");
        } else {
            group.bench_function("sqlite3 .import into a plain table", |b| {
                b.iter_custom(|iterations| {
                    (0..iterations).map(|_| sqlite3_import(&csv, delimiter, &plain).unwrap().unwrap_or_default()).sum()
                })
            });
        }
        let _ = std::fs::remove_file(&plain);
        group.finish();
    }
}

criterion_group!(benches, import);
criterion_main!(benches);
