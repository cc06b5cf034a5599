//! Whole commands as the owner runs them, timed from start to exit: `rekisteri search` and
//! `rekisteri reply` on a large and a small register. Opening a big register should cost nothing
//! extra, so the two times should be close (both pay for the same sign-in).

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::sample::{SAMPLE_PASSWORD, SAMPLE_USERNAME};

/// Runs `exe` with `args` on `register` as the sample's administrator and returns the time from
/// start to exit; a command that fails (exits with a code not in `success_codes`) is an error
/// with what it said.
pub fn time_command(exe: &Path, register: &Path, args: &[OsString], success_codes: &[i32]) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let output = Command::new(exe)
        .arg("--db")
        .arg(register)
        .args(["--lang", "en"])
        .args(args)
        .env("REKISTERI_USER", SAMPLE_USERNAME)
        .env("REKISTERI_PASSWORD", SAMPLE_PASSWORD)
        .output()
        .with_context(|| exe.display().to_string())?;
    let took = started.elapsed();
    anyhow::ensure!(
        output.status.code().is_some_and(|code| success_codes.contains(&code)),
        "{} failed: {}",
        args.iter().map(|arg| arg.to_string_lossy()).collect::<Vec<_>>().join(" "),
        String::from_utf8_lossy(&output.stderr).trim()
    );
    Ok(took)
}

/// `rekisteri search --limit 50 PREFIX`, median of `runs` (finding nothing, exit code 1, is an
/// answer too).
pub fn search_command(exe: &Path, register: &Path, prefix: &str, runs: usize) -> anyhow::Result<Duration> {
    let args: Vec<OsString> = ["search", "--limit", "50", prefix].map(OsString::from).to_vec();
    super::median_time(runs, || time_command(exe, register, &args, &[0, 1]))
}

/// `rekisteri reply --customer N --out FILE`, median of `runs`. Each run records a request and
/// its answer in the register, as the command does.
pub fn reply_command(exe: &Path, register: &Path, customer: i64, out: &Path, runs: usize) -> anyhow::Result<Duration> {
    let args: Vec<OsString> = vec![
        "reply".into(),
        "--customer".into(),
        customer.to_string().into(),
        "--out".into(),
        out.as_os_str().to_owned(),
    ];
    super::median_time(runs, || time_command(exe, register, &args, &[0]))
}
