//! CSV import against `sqlite3 .import`: the export of a demo register imported by our full path
//! (file → table → mapped, validated rows → matched and written into a fresh, empty encrypted
//! register, with indexes, the search index and the audit row: [`crate::customer_import`], what
//! `rekisteri import` runs) and by the `sqlite3` command-line tool into a plain table of a fresh
//! plain file. The figure is our rows per second over sqlite3's (goal: at least 0.5).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

use crate::domain::Lang;
use crate::exchange;
use crate::sample::{SAMPLE_PASSWORD, SAMPLE_USERNAME};
use crate::store::{CustomerQuery, Store, key_file_path};

/// One import of the same file both ways.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImportComparison {
    /// The file's data rows (both sides get every one).
    pub rows: usize,
    pub ours: Duration,
    /// `None` when the `sqlite3` tool is not installed.
    pub sqlite3: Option<Duration>,
}

impl ImportComparison {
    pub fn our_rows_per_second(&self) -> f64 {
        rows_per_second(self.rows, self.ours)
    }

    pub fn sqlite3_rows_per_second(&self) -> Option<f64> {
        self.sqlite3.map(|time| rows_per_second(self.rows, time))
    }

    /// Our rows per second over sqlite3's (the goal: at least 0.5).
    pub fn ratio(&self) -> Option<f64> {
        self.sqlite3_rows_per_second().map(|theirs| self.our_rows_per_second() / theirs)
    }
}

fn rows_per_second(rows: usize, time: Duration) -> f64 {
    if time.is_zero() { f64::INFINITY } else { rows as f64 / time.as_secs_f64() }
}

/// The customer list of the register at `register` as `rekisteri export` writes it, in a file
/// beside the register (`customers-N.csv`), written once and reused. The register is only read.
pub fn ensure_export(register: &Path) -> anyhow::Result<PathBuf> {
    let csv = register.with_extension("").with_extension("csv");
    if csv.exists() {
        return Ok(csv);
    }
    let store = Store::open_for_reading(register, SAMPLE_USERNAME, SAMPLE_PASSWORD, crate::store::now())
        .with_context(|| register.display().to_string())?;
    let listings = store.customer_listings(&CustomerQuery::default())?;
    let mut bytes = Vec::new();
    exchange::write_customers_csv(&mut bytes, Lang::En, listings)?;
    // Written under another name and renamed when whole: a cut-short run leaves no half file.
    let partial = csv.with_extension("partial.csv");
    std::fs::write(&partial, &bytes).with_context(|| partial.display().to_string())?;
    std::fs::rename(&partial, &csv)?;
    Ok(csv)
}

/// A fresh, empty encrypted register at `path` (anything there before is removed first), signed
/// in as the sample's administrator. Not part of the timed import: making the key costs a
/// deliberately slow password hash.
pub fn fresh_register(path: &Path) -> anyhow::Result<Store> {
    remove_register(path)?;
    let cost = crate::domain::password::PasswordCost::STANDARD;
    Ok(Store::create(path, SAMPLE_USERNAME, "", SAMPLE_PASSWORD, cost)?)
}

/// Removes a register and its companions (key file, lock, write-ahead log), if there.
pub fn remove_register(path: &Path) -> anyhow::Result<()> {
    let with_suffix = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    for file in [path.to_owned(), key_file_path(path), with_suffix("-wal"), with_suffix("-shm"), with_suffix(".lock")] {
        match std::fs::remove_file(&file) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(error).with_context(|| file.display().to_string());
            }
            _ => {}
        }
    }
    Ok(())
}

/// Our full import of `csv` into `store`: read, decoded and split, columns mapped as the import
/// dialog first guesses them, every row validated, matched and written in one transaction, and
/// the register closed (its write-ahead log copied into the file), as `rekisteri import` ends.
/// Returns the file's data rows and its delimiter.
pub fn our_import(mut store: Store, csv: &Path) -> anyhow::Result<(usize, u8)> {
    let bytes = std::fs::read(csv).with_context(|| csv.display().to_string())?;
    let table = exchange::read_table(&bytes)?;
    drop(bytes);
    let mapping = exchange::guess_mapping(&table.headers);
    let file_name = csv.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let imported = crate::customer_import::import_table(&mut store, &table, &mapping, &file_name, |_| true)?;
    if imported.summary.added == 0 {
        bail!("{}: nothing was imported", csv.display());
    }
    drop(store);
    Ok((table.rows.len(), table.delimiter))
}

/// `sqlite3 PLAIN -cmd '.mode csv' -cmd '.separator D' '.import CSV t'`: the file into a new plain
/// table of a fresh plain file (`plain` is removed first). `None` when `sqlite3` is not installed.
pub fn sqlite3_import(csv: &Path, delimiter: u8, plain: &Path) -> anyhow::Result<Option<Duration>> {
    match std::fs::remove_file(plain) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(error).with_context(|| plain.display().to_string());
        }
        _ => {}
    }
    let started = Instant::now();
    let output = Command::new("sqlite3")
        .arg(plain)
        .args(["-cmd", ".mode csv", "-cmd", &format!(".separator {}", char::from(delimiter))])
        .arg(format!(".import '{}' t", csv.display().to_string().replace('\'', "''")))
        .output();
    let elapsed = started.elapsed();
    let output = match output {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        other => other.context("sqlite3")?,
    };
    if !output.status.success() || !output.stderr.is_empty() {
        bail!("sqlite3 .import failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(Some(elapsed))
}

/// The median of `runs` imports each way (see [`compare_import`]).
pub fn compare_import_median(csv: &Path, work_dir: &Path, runs: usize) -> anyhow::Result<ImportComparison> {
    let mut comparisons = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        comparisons.push(compare_import(csv, work_dir)?);
    }
    let mut ours: Vec<Duration> = comparisons.iter().map(|comparison| comparison.ours).collect();
    let mut sqlite3: Vec<Duration> = comparisons.iter().filter_map(|comparison| comparison.sqlite3).collect();
    Ok(ImportComparison {
        rows: comparisons[0].rows,
        ours: super::median(&mut ours),
        sqlite3: (!sqlite3.is_empty()).then(|| super::median(&mut sqlite3)),
    })
}

/// One import of `csv` both ways, in `work_dir` (a fresh encrypted register `import.sqlite` and a
/// plain `plain.sqlite`, both removed afterwards).
pub fn compare_import(csv: &Path, work_dir: &Path) -> anyhow::Result<ImportComparison> {
    std::fs::create_dir_all(work_dir).with_context(|| work_dir.display().to_string())?;
    let register = work_dir.join("import.sqlite");
    let store = fresh_register(&register)?;
    let started = Instant::now();
    let (rows, delimiter) = our_import(store, csv)?;
    let ours = started.elapsed();
    remove_register(&register)?;
    let plain = work_dir.join("plain.sqlite");
    let sqlite3 = sqlite3_import(csv, delimiter, &plain)?;
    let _ = std::fs::remove_file(&plain);
    Ok(ImportComparison { rows, ours, sqlite3 })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn the_ratio_is_our_rows_per_second_over_sqlite3s() {
        let comparison =
            ImportComparison { rows: 1000, ours: Duration::from_secs(4), sqlite3: Some(Duration::from_secs(1)) };
        assert!((comparison.our_rows_per_second() - 250.0).abs() < 1e-9);
        assert!((comparison.ratio().unwrap() - 0.25).abs() < 1e-9);
        assert_eq!(ImportComparison { sqlite3: None, ..comparison }.ratio(), None);
    }

    #[test]
    fn a_small_register_is_imported_both_ways() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("customers-3.csv");
        std::fs::write(
            &csv,
            "first_name;last_name;email\nAada;Aalto;aada@example.fi\nBo;Berg;bo@example.fi\nCai;Chen;cai@example.fi\n",
        )
        .unwrap();
        let comparison = compare_import(&csv, &dir.path().join("work")).unwrap();
        assert_eq!(comparison.rows, 3);
        assert!(comparison.ours > Duration::ZERO);
        assert!(!dir.path().join("work/import.sqlite").exists(), "the register is removed after");
    }
}
