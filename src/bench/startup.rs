//! Start-up of the window and its memory: the binary started with the hidden
//! `--exit-after-first-frame` flag signs in from the environment (as a command does), opens the
//! window and closes it at the first frame that shows the customer list, printing one line of
//! figures ([`figures_line`]) that [`measure_startup`] reads. Needs an X display (Xvfb will do).

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::Context as _;

/// When `main` started: the clock start-up is measured from.
static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Marks the start of the process (the first thing `main` does).
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// Time since [`mark_process_start`] (zero if it was never marked).
pub fn since_process_start() -> Duration {
    PROCESS_START.get().map(Instant::elapsed).unwrap_or_default()
}

/// The process's memory now and at its peak, in KiB, as Linux reports it (`VmRSS`, `VmHWM`);
/// `None` where /proc is not there.
pub fn resident_memory_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// The line the window prints when it closes: `first_list_frame` is when the first frame with
/// the list's rows was drawn (the first screenful goes ahead of the whole list); the list is
/// whole now, holding `customers` ids.
pub fn figures_line(first_list_frame: Duration, customers: usize) -> String {
    let (rss, peak) = resident_memory_kib().unwrap_or_default();
    format!(
        "first-list-frame-ms={} list-complete-ms={} rss-kib={rss} peak-rss-kib={peak} customers={customers}",
        first_list_frame.as_millis(),
        since_process_start().as_millis()
    )
}

/// What one start of the window measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartupFigures {
    /// From `main` to the end of the first frame that shows the customer list's rows (sign-in
    /// included).
    pub first_list_frame: Duration,
    /// From `main` to the frame where the list holds every customer's id.
    pub list_complete: Duration,
    /// From starting the process to its exit, as the caller saw it.
    pub whole_process: Duration,
    pub resident_kib: u64,
    pub peak_resident_kib: u64,
    pub customers: usize,
}

/// Reads [`figures_line`]'s figures back (the last such line in `output`).
pub fn parse_figures(output: &str, whole_process: Duration) -> Option<StartupFigures> {
    let line = output.lines().rev().find(|line| line.starts_with("first-list-frame-ms="))?;
    let value = |key: &str| -> Option<u64> {
        line.split_whitespace().find_map(|pair| pair.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
    };
    Some(StartupFigures {
        first_list_frame: Duration::from_millis(value("first-list-frame-ms")?),
        list_complete: Duration::from_millis(value("list-complete-ms")?),
        whole_process,
        resident_kib: value("rss-kib")?,
        peak_resident_kib: value("peak-rss-kib")?,
        customers: usize::try_from(value("customers")?).ok()?,
    })
}

/// Starts `exe` on `register` as the sample's administrator on X display `display`, once, and
/// reads what it measured.
pub fn measure_startup(exe: &Path, register: &Path, display: &str) -> anyhow::Result<StartupFigures> {
    let started = Instant::now();
    let output = Command::new(exe)
        .args(["--exit-after-first-frame", "--lang", "fi", "--db"])
        .arg(register)
        .env("DISPLAY", display)
        .env("REKISTERI_USER", crate::sample::SAMPLE_USERNAME)
        .env("REKISTERI_PASSWORD", crate::sample::SAMPLE_PASSWORD)
        .output()
        .with_context(|| exe.display().to_string())?;
    let whole_process = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    parse_figures(&stdout, whole_process).with_context(|| {
        format!("the window did not report its start-up: {}", String::from_utf8_lossy(&output.stderr).trim())
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn the_figures_line_reads_back() {
        let line = "noise\nfirst-list-frame-ms=812 list-complete-ms=990 rss-kib=150000 peak-rss-kib=290000 customers=1000000\n";
        let figures = parse_figures(line, Duration::from_secs(1)).unwrap();
        assert_eq!(figures.first_list_frame, Duration::from_millis(812));
        assert_eq!(figures.list_complete, Duration::from_millis(990));
        assert_eq!((figures.resident_kib, figures.peak_resident_kib, figures.customers), (150_000, 290_000, 1_000_000));
        assert_eq!(parse_figures("first-list-frame-ms=oops", Duration::ZERO), None);
        assert_eq!(parse_figures("", Duration::ZERO), None);
    }

    #[test]
    fn this_process_has_memory() {
        if cfg!(target_os = "linux") {
            let (rss, peak) = resident_memory_kib().unwrap();
            assert!(rss > 0 && peak >= rss);
        }
    }

    #[test]
    fn our_own_figures_line_parses() {
        mark_process_start();
        let figures = parse_figures(&figures_line(Duration::from_millis(5), 42), Duration::ZERO).unwrap();
        assert_eq!((figures.first_list_frame, figures.customers), (Duration::from_millis(5), 42));
    }
}
