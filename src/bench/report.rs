//! `rekisteri bench`: every figure of the Benchmarks issue measured in one run on registers made
//! with the sample generator, each as a ratio against its yardstick, printed as a Markdown table
//! (the one docs/BENCHMARKS.md keeps).

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

use anyhow::Context as _;

use super::{ensure_register, median, open_register, ratio};
use crate::domain::Lang;
use crate::domain::customer::CustomerId;

/// What to measure and where.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Where the registers are made and kept between runs.
    pub dir: PathBuf,
    /// Register sizes; the smallest is what the larger ones are compared with.
    pub sizes: Vec<usize>,
    /// Repetitions of each timing (the median is kept).
    pub runs: usize,
    /// This program, for the whole-process and start-up figures.
    pub exe: PathBuf,
}

/// The goal a ratio is held to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    AtMost(f64),
    AtLeast(f64),
    /// Shown for information.
    None,
}

impl Goal {
    fn met(self, ratio: f64) -> Option<bool> {
        match self {
            Goal::AtMost(limit) => Some(ratio <= limit),
            Goal::AtLeast(limit) => Some(ratio >= limit),
            Goal::None => None,
        }
    }

    fn text(self) -> String {
        match self {
            Goal::AtMost(limit) => format!("≤ {limit}×"),
            Goal::AtLeast(limit) => format!("≥ {limit}×"),
            Goal::None => "–".to_owned(),
        }
    }
}

/// One line of the report: a figure, its yardstick and their ratio.
#[derive(Debug, Clone)]
pub struct Figure {
    pub what: String,
    pub ours: String,
    pub yardstick: String,
    pub ratio: f64,
    pub goal: Goal,
}

impl Figure {
    pub fn met(&self) -> Option<bool> {
        self.goal.met(self.ratio)
    }
}

/// Everything one run measured, and what it could not (a missing tool, no display).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub figures: Vec<Figure>,
    pub skipped: Vec<String>,
}

impl Report {
    /// The report as a Markdown table with a line per skipped figure.
    pub fn markdown(&self) -> String {
        let mut out = String::from("| figure | ours | against | ratio | goal | met |\n|---|---|---|---|---|---|\n");
        for figure in &self.figures {
            let met = match figure.met() {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "",
            };
            out.push_str(&format!(
                "| {} | {} | {} | {:.2}× | {} | {met} |\n",
                figure.what,
                figure.ours,
                figure.yardstick,
                figure.ratio,
                figure.goal.text()
            ));
        }
        for skipped in &self.skipped {
            out.push_str(&format!("\nNot measured: {skipped}\n"));
        }
        out
    }
}

/// A duration as people read it: µs under a millisecond, ms under a second, else s.
pub fn show(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1000.0 {
        format!("{micros:.0} µs")
    } else if micros < 1e6 {
        format!("{:.1} ms", micros / 1000.0)
    } else {
        format!("{:.2} s", micros / 1e6)
    }
}

/// Rows per second, thousands grouped.
fn per_second(rows_per_second: f64) -> String {
    format!("{} rows/s", size_name(rows_per_second.round() as usize))
}

fn size_name(size: usize) -> String {
    crate::domain::count_text(size, Lang::En)
}

/// Runs every measurement; `progress` hears what is being done.
pub fn run_report(options: &ReportOptions, mut progress: impl FnMut(&str)) -> anyhow::Result<Report> {
    let mut sizes = options.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();
    let smallest = *sizes.first().context("no register sizes")?;
    let runs = options.runs.max(1);
    let mut report = Report::default();
    let mut registers = Vec::new();
    for &size in &sizes {
        registers.push((size, ensure_register(&options.dir, size, &mut progress)?));
    }

    // One frame of the list per size, each on a register just opened (measured before anything
    // else fills this process's memory and caches: run after the searches, the million's frames
    // measured 1.6–1.8 times the small register's here, in a fresh process 1.0).
    let mut frames = Vec::new();
    for (size, path) in &registers {
        progress(&format!("frames at {} customers", size_name(*size)));
        let mut drawn = super::frame::CustomersFrames::open(open_register(path)?, path.clone(), Lang::Fi)?;
        frames.push((*size, super::frame::frame_time(&mut drawn, runs.max(50))?));
    }
    // Search as you type per size.
    for (size, path) in &registers {
        progress(&format!("search at {} customers", size_name(*size)));
        let store = open_register(path)?;
        for comparison in super::search::compare_search(&store, runs.max(20))? {
            report.figures.push(Figure {
                what: format!("search, first 50: {} `{}` at {}", comparison.what, comparison.typed, size_name(*size)),
                ours: show(comparison.ours),
                yardstick: format!("{} bare SQLite", show(comparison.bare)),
                ratio: comparison.ratio(),
                goal: Goal::AtMost(1.5),
            });
        }
    }
    let time_at = |size: usize, list: &[(usize, Duration)]| list.iter().find(|(s, _)| *s == size).map(|(_, t)| *t);
    let base_frame = time_at(smallest, &frames).unwrap_or_default();
    for (size, time) in frames.iter().filter(|(size, _)| *size != smallest) {
        report.figures.push(Figure {
            what: format!("one frame of the Customers tab, list in the middle, at {}", size_name(*size)),
            ours: show(*time),
            yardstick: format!("{} at {}", show(base_frame), size_name(smallest)),
            ratio: ratio(*time, base_frame),
            goal: Goal::AtMost(1.2),
        });
    }

    // The access reply against LibreOffice, on a register of its own (the person gets orders).
    progress("access reply against LibreOffice");
    let work = WorkFolder::new(options.dir.join("work"))?;
    reply_figure(work.path(), runs, &mut report)?;

    // CSV import against sqlite3 .import of the same export (a million takes about 40 s: once).
    for (size, path) in &registers {
        progress(&format!("CSV import at {} customers", size_name(*size)));
        let csv = super::import::ensure_export(path)?;
        let repeats = if *size >= 1_000_000 { 1 } else { runs };
        let comparison = super::import::compare_import_median(&csv, &work.path().join("import"), repeats)?;
        let (Some(sqlite3), Some(ratio)) = (comparison.sqlite3, comparison.ratio()) else {
            report.skipped.push(format!("CSV import at {}: sqlite3 is not installed", size_name(*size)));
            continue;
        };
        report.figures.push(Figure {
            what: format!("CSV import, rows per second, at {}", size_name(*size)),
            ours: format!("{} ({})", show(comparison.ours), per_second(comparison.our_rows_per_second())),
            yardstick: format!(
                "{} sqlite3 .import ({})",
                show(sqlite3),
                per_second(comparison.sqlite3_rows_per_second().unwrap_or_default())
            ),
            ratio,
            goal: Goal::AtLeast(0.5),
        });
    }

    // Start-up and memory under an X display.
    progress("start-up and memory");
    match XDisplay::find_or_start()? {
        None => report.skipped.push("start-up and memory: no X display and no Xvfb".to_owned()),
        Some(display) => startup_figures(&options.exe, &display.name, &registers, work.path(), runs, &mut report)?,
    }

    // Whole commands.
    progress("whole commands");
    let mut searches = Vec::new();
    let mut replies = Vec::new();
    for (size, path) in &registers {
        searches.push((*size, super::process::search_command(&options.exe, path, "virt", runs)?));
        let out = work.path().join(format!("reply-{size}.pdf"));
        replies.push((*size, super::process::reply_command(&options.exe, path, 1, &out, runs)?));
    }
    for (name, list) in
        [("`rekisteri search --limit 50 virt`", &searches), ("`rekisteri reply --customer 1`", &replies)]
    {
        let base = time_at(smallest, list).unwrap_or_default();
        for (size, time) in list.iter().filter(|(size, _)| *size != smallest) {
            report.figures.push(Figure {
                what: format!("{name}, whole process, at {}", size_name(*size)),
                ours: show(*time),
                yardstick: format!("{} at {}", show(base), size_name(smallest)),
                ratio: ratio(*time, base),
                goal: Goal::AtMost(1.5),
            });
        }
    }
    Ok(report)
}

fn reply_figure(work: &Path, runs: usize, report: &mut Report) -> anyhow::Result<()> {
    let path = work.join("reply.sqlite");
    let cost = crate::domain::password::PasswordCost::STANDARD;
    let mut store =
        crate::store::Store::create(&path, crate::sample::SAMPLE_USERNAME, "", crate::sample::SAMPLE_PASSWORD, cost)?;
    crate::sample::populate(&mut store, 100, crate::sample::SAMPLE_SEED, |_| true)?;
    let request = super::reply::person_with_orders(&mut store, CustomerId(1))?;
    let comparison = super::reply::compare_reply(&store, request, &work.join("libreoffice"), runs.max(20), runs)?;
    match comparison.libreoffice {
        None => report.skipped.push("the reply against LibreOffice: LibreOffice is not installed".to_owned()),
        Some(libreoffice) => report.figures.push(Figure {
            what: format!("access reply, {} orders: times faster", super::reply::ORDERS),
            ours: format!("{} ({} kB)", show(comparison.ours), comparison.our_bytes / 1024),
            yardstick: format!("{} LibreOffice --convert-to pdf", show(libreoffice)),
            ratio: comparison.times_faster().unwrap_or_default(),
            goal: Goal::AtLeast(50.0),
        }),
    }
    Ok(())
}

fn startup_figures(
    exe: &Path,
    display: &str,
    registers: &[(usize, PathBuf)],
    work: &Path,
    runs: usize,
    report: &mut Report,
) -> anyhow::Result<()> {
    // The empty register: an administrator and no customers.
    let empty = work.join("empty.sqlite");
    let cost = crate::domain::password::PasswordCost::STANDARD;
    drop(crate::store::Store::create(
        &empty,
        crate::sample::SAMPLE_USERNAME,
        "",
        crate::sample::SAMPLE_PASSWORD,
        cost,
    )?);
    let mut measured = Vec::new();
    for (size, path) in std::iter::once((0, &empty)).chain(registers.iter().map(|(size, path)| (*size, path))) {
        let mut starts = Vec::new();
        for _ in 0..runs.max(3) {
            starts.push(super::startup::measure_startup(exe, path, display)?);
        }
        let mut first: Vec<Duration> = starts.iter().map(|start| start.first_list_frame).collect();
        let mut whole: Vec<Duration> = starts.iter().map(|start| start.list_complete).collect();
        let mut resident: Vec<u64> = starts.iter().map(|start| start.resident_kib).collect();
        resident.sort_unstable();
        let resident = resident.get(resident.len() / 2).copied().unwrap_or_default();
        measured.push((size, median(&mut first), median(&mut whole), resident));
    }
    let Some(&(_, empty_first, empty_whole, _)) = measured.first() else { return Ok(()) };
    let smallest = measured.get(1).copied();
    for &(size, first, whole, resident) in measured.iter().skip(1) {
        report.figures.push(Figure {
            what: format!("start to the first frame with the list's rows, at {}", size_name(size)),
            ours: show(first),
            yardstick: format!("{} empty register", show(empty_first)),
            ratio: ratio(first, empty_first),
            goal: Goal::AtMost(1.5),
        });
        report.figures.push(Figure {
            what: format!("start to the whole list (every id), at {}", size_name(size)),
            ours: show(whole),
            yardstick: format!("{} empty register", show(empty_whole)),
            ratio: ratio(whole, empty_whole),
            goal: Goal::None,
        });
        if let Some((smallest_size, _, _, smallest_resident)) = smallest
            && smallest_size != size
        {
            report.figures.push(Figure {
                what: format!("resident memory with the list open, at {}", size_name(size)),
                ours: format!("{} MiB", resident / 1024),
                yardstick: format!("{} MiB at {}", smallest_resident / 1024, size_name(smallest_size)),
                ratio: resident as f64 / smallest_resident.max(1) as f64,
                goal: Goal::AtMost(3.0),
            });
        }
    }
    Ok(())
}

/// A folder for one run's scratch files, emptied before and removed after.
struct WorkFolder(PathBuf);

impl WorkFolder {
    fn new(path: PathBuf) -> anyhow::Result<Self> {
        if path.exists() {
            std::fs::remove_dir_all(&path).with_context(|| path.display().to_string())?;
        }
        std::fs::create_dir_all(&path).with_context(|| path.display().to_string())?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for WorkFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The X display the window measurements use: the session's own, or an Xvfb started for them
/// and stopped when this is dropped.
struct XDisplay {
    name: String,
    server: Option<Child>,
}

impl XDisplay {
    fn find_or_start() -> anyhow::Result<Option<Self>> {
        if let Some(name) = std::env::var("DISPLAY").ok().filter(|name| !name.is_empty()) {
            return Ok(Some(Self { name, server: None }));
        }
        let Some(xvfb) = super::reply::find_program(&["Xvfb"]) else { return Ok(None) };
        let number = (90..140).find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()).unwrap_or(99);
        let server = Command::new(xvfb)
            .arg(format!(":{number}"))
            .args(["-screen", "0", "1400x900x24", "-nolisten", "tcp"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let display = Self { name: format!(":{number}"), server: Some(server) };
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        for _ in 0..100 {
            if socket.exists() {
                return Ok(Some(display));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        anyhow::bail!("Xvfb did not start on :{number}")
    }
}

impl Drop for XDisplay {
    fn drop(&mut self) {
        if let Some(server) = &mut self.server {
            let _ = server.kill();
            let _ = server.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_read_naturally() {
        assert_eq!(show(Duration::from_micros(394)), "394 µs");
        assert_eq!(show(Duration::from_micros(8_750)), "8.8 ms");
        assert_eq!(show(Duration::from_millis(3357)), "3.36 s");
        assert_eq!(per_second(29_787.4), "29,787 rows/s");
        assert_eq!(size_name(1_000_000), "1,000,000");
        assert_eq!(size_name(100), "100");
    }

    #[test]
    fn the_table_marks_a_missed_goal() {
        let report = Report {
            figures: vec![
                Figure {
                    what: "a".into(),
                    ours: "1".into(),
                    yardstick: "2".into(),
                    ratio: 0.5,
                    goal: Goal::AtMost(1.5),
                },
                Figure {
                    what: "b".into(),
                    ours: "3".into(),
                    yardstick: "1".into(),
                    ratio: 3.0,
                    goal: Goal::AtMost(1.5),
                },
                Figure {
                    what: "c".into(),
                    ours: "1".into(),
                    yardstick: "90".into(),
                    ratio: 90.0,
                    goal: Goal::AtLeast(50.0),
                },
            ],
            skipped: vec!["x: no tool".into()],
        };
        let table = report.markdown();
        assert!(table.contains("| a | 1 | 2 | 0.50× | ≤ 1.5× | yes |"), "{table}");
        assert!(table.contains("| b | 3 | 1 | 3.00× | ≤ 1.5× | **no** |"), "{table}");
        assert!(table.contains("| c | 1 | 90 | 90.00× | ≥ 50× | yes |"), "{table}");
        assert!(table.contains("Not measured: x: no tool"));
    }
}
