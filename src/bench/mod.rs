//! Measurements of Rekisteri against the engine's own limit and the alternatives (issue:
//! Benchmarks), as library code so that the criterion benches under `benches/` and the
//! `rekisteri bench` report run the very same measurements.
//!
//! Every figure is a ratio of two times taken in the same run on the same machine: our full path
//! against bare SQLite, the million-customer register against the hundred, our import against
//! `sqlite3 .import`, our reply against LibreOffice. The registers are the ones `rekisteri demo`
//! makes (the sample generator, seed [`crate::sample::SAMPLE_SEED`], encrypted, the sample's
//! administrator), made once in a folder and reused.

pub mod frame;
pub mod import;
pub mod process;
pub mod reply;
pub mod report;
pub mod search;
pub mod startup;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::sample::{SAMPLE_PASSWORD, SAMPLE_SEED, SAMPLE_USERNAME, populate};
use crate::store::{Store, key_file_path, now};

/// The register sizes the issue asks for.
pub const STANDARD_SIZES: [usize; 3] = [100, 100_000, 1_000_000];

/// The register sizes a criterion bench runs on: `REKISTERI_BENCH_SIZES=100,1000000` when set,
/// else `default`.
pub fn sizes_from_environment(default: &[usize]) -> Vec<usize> {
    std::env::var("REKISTERI_BENCH_SIZES")
        .ok()
        .map(|text| text.split(',').filter_map(|size| size.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// Where the register of `customers` people lives in `dir`.
pub fn register_path(dir: &Path, customers: usize) -> PathBuf {
    dir.join(format!("customers-{customers}.encrypted.sqlite"))
}

/// The register of `customers` people in `dir`, made as `rekisteri demo --customers N` makes it
/// when it is not there yet (written under another name and renamed when whole, so an interrupted
/// run never leaves half a register to be measured). `progress` hears about the making.
pub fn ensure_register(dir: &Path, customers: usize, mut progress: impl FnMut(&str)) -> anyhow::Result<PathBuf> {
    let path = register_path(dir, customers);
    if path.exists() && key_file_path(&path).exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    let partial = dir.join(format!("customers-{customers}.partial.sqlite"));
    for leftover in [partial.clone(), key_file_path(&partial)] {
        match std::fs::remove_file(&leftover) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error).with_context(|| leftover.display().to_string());
            }
            _ => {}
        }
    }
    progress(&format!("making a register of {customers} customers: {}", path.display()));
    let cost = crate::domain::password::PasswordCost::STANDARD;
    let mut store = Store::create(&partial, SAMPLE_USERNAME, "", SAMPLE_PASSWORD, cost)?;
    populate(&mut store, customers, SAMPLE_SEED, |_| true)?;
    drop(store);
    std::fs::rename(key_file_path(&partial), key_file_path(&path))?;
    std::fs::rename(&partial, &path)?;
    Ok(path)
}

/// Signs in to a bench register as the sample's administrator.
pub fn open_register(path: &Path) -> anyhow::Result<Store> {
    Store::open(path, SAMPLE_USERNAME, SAMPLE_PASSWORD, now()).with_context(|| path.display().to_string())
}

/// The median of `runs` timings of `work` (after one run that is not counted, which warms the
/// caches the way a second keystroke finds them warm).
pub fn median_time<T>(runs: usize, mut work: impl FnMut() -> anyhow::Result<T>) -> anyhow::Result<Duration> {
    work()?;
    let mut times = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        std::hint::black_box(work()?);
        times.push(started.elapsed());
    }
    Ok(median(&mut times))
}

/// The middle value (the lower of the two middle ones for an even count; zero for none).
pub fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times.get(times.len().saturating_sub(1) / 2).copied().unwrap_or_default()
}

/// `ours / theirs` as a plain number (how many times longer ours takes).
pub fn ratio(ours: Duration, theirs: Duration) -> f64 {
    if theirs.is_zero() { f64::INFINITY } else { ours.as_secs_f64() / theirs.as_secs_f64() }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn the_median_is_the_middle_value_whatever_the_order() {
        let ms = Duration::from_millis;
        assert_eq!(median(&mut [ms(9), ms(1), ms(5)]), ms(5));
        assert_eq!(median(&mut [ms(4), ms(1), ms(3), ms(2)]), ms(2));
        assert_eq!(median(&mut []), Duration::ZERO);
    }

    #[test]
    fn a_ratio_says_how_many_times_longer_ours_takes() {
        let ms = Duration::from_millis;
        assert!((ratio(ms(30), ms(20)) - 1.5).abs() < 1e-9);
        assert!(ratio(ms(1), Duration::ZERO).is_infinite());
    }
}
