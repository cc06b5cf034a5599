//! One frame of the Customers tab, headless in egui_kittest (the harness the UI tests use), with
//! the list scrolled to its middle, on the registers of 100 and 1,000,000 customers: the list's
//! cost must not grow with the register (goal: at most 1.2× the small register's frame).
//! Sizes: `REKISTERI_BENCH_SIZES=100,1000000` (the default).

#![allow(clippy::unwrap_used, reason = "a benchmark on a broken fixture should stop loudly")]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use rekisteri::bench::{ensure_register, frame::WINDOW_SIZE, open_register};
use rekisteri::domain::Lang;
use rekisteri::ui::App;

fn sizes() -> Vec<usize> {
    rekisteri::bench::sizes_from_environment(&[100, 1_000_000])
}

/// Steps the harness until the app's background work is done.
fn settle(harness: &mut Harness<'_, App>) {
    let started = Instant::now();
    loop {
        harness.step();
        if !harness.state().is_busy() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(300), "the customer list never loaded");
        std::thread::sleep(Duration::from_millis(2));
    }
    harness.run_steps(2);
}

fn frame(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-registers");
    for size in sizes() {
        let path = ensure_register(&dir, size, |note| eprintln!("{note}")).unwrap();
        let store = open_register(&path).unwrap();
        let mut harness = Harness::builder()
            .with_size(WINDOW_SIZE)
            .build_eframe(|cc| App::new(cc, Ok(store), path.clone(), Lang::Fi));
        settle(&mut harness);
        let middle = harness.state().customers_tab().match_count() / 2;
        harness.state_mut().scroll_customer_list_to(middle);
        settle(&mut harness);
        assert!(harness.state().customers_tab().has_row(middle), "the middle row is on screen");
        let mut group = c.benchmark_group(format!("frame/{size}"));
        group.sample_size(50);
        group.bench_function("customers tab, list scrolled to the middle", |b| b.iter(|| harness.step()));
        group.finish();
    }
}

criterion_group!(benches, frame);
criterion_main!(benches);
