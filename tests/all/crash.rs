//! The register survives its program being killed (SIGKILL) at random moments of an import, a run
//! of edits and an erasure: after every kill the file opens (the dead writer's lock is gone),
//! SQLite's integrity check passes, the audit chain verifies, every save the program acknowledged
//! on stdout (printed only after its commit) is in the file, and an import is all or nothing.
//!
//! The random delays are seeded from the clock and the seed is printed; `CRASH_SEED=N` repeats
//! a run.

#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;

use rekisteri::domain::customer::CustomerId;
use rekisteri::store::{Error, Store};

const CUSTOMERS: i64 = 200;
const IMPORT_ROWS: usize = 1500;
const KILLS: usize = 30;

/// A small xorshift generator: enough to spread kills, repeatable from its seed.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound.max(1)
    }
}

/// What a run of the program was asked to do.
#[derive(Debug, Clone, Copy)]
enum Work {
    Import(usize),
    EditNotes(usize),
    Erase(i64),
}

impl Work {
    fn args(self, db: &str, folder: &Path) -> Vec<String> {
        let owned = |items: &[&str]| items.iter().map(|item| (*item).to_owned()).collect::<Vec<_>>();
        match self {
            Work::Import(round) => {
                let csv = folder.join(format!("import-{round}.csv"));
                owned(&["import", "--db", db, csv.to_str().unwrap()])
            }
            Work::EditNotes(round) => owned(&[
                "edit-notes",
                "--db",
                db,
                "--first",
                "1",
                "--last",
                &CUSTOMERS.to_string(),
                "--note",
                &format!("round {round}"),
            ]),
            Work::Erase(customer) => owned(&["erase", "--db", db, "--customer", &customer.to_string()]),
        }
    }
}

fn write_import_file(folder: &Path, round: usize) {
    let mut csv = String::from("Etunimi;Sukunimi;Sähköposti;Puhelin\n");
    for row in 0..IMPORT_ROWS {
        // Every row its own person: a phone or e-mail seen before would match, not add.
        let phone = round * IMPORT_ROWS + row;
        csv.push_str(&format!("Testi{row};Kaatuja{round};kaatuja{round}-{row}@example.fi;050{phone:07}\n"));
    }
    std::fs::write(folder.join(format!("import-{round}.csv")), csv).unwrap();
}

/// Runs `work` and kills it after `delay` (if it is still running then): its stdout and whether
/// the kill interrupted it.
fn run_and_kill(db: &str, folder: &Path, work: Work, delay: Duration) -> (String, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(work.args(db, folder))
        .env("LANG", "C")
        .env("REKISTERI_USER", common::ADMIN_USERNAME)
        .env("REKISTERI_PASSWORD", common::ADMIN_PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let interrupted = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    let mut stdout = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
    let status = child.wait().unwrap();
    assert!(interrupted || status.success(), "{work:?} failed on its own: {status:?} {stdout}");
    (stdout, interrupted)
}

/// How long `work` takes when left alone (on a scratch copy), to spread the kills over it.
fn duration_of(work: Work, source: &Store, folder: &Path) -> Duration {
    let scratch = folder.join("scratch.sqlite");
    let _ = std::fs::remove_file(&scratch);
    source.backup_to(&scratch).unwrap();
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(work.args(scratch.to_str().unwrap(), folder))
        .env("LANG", "C")
        .env("REKISTERI_USER", common::ADMIN_USERNAME)
        .env("REKISTERI_PASSWORD", common::ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert!(output.status.success(), "{work:?}: {}", String::from_utf8_lossy(&output.stderr));
    started.elapsed()
}

/// Rows of the import of `round` in the register.
fn imported_rows(path: &Path, round: usize) -> i64 {
    let conn = common::raw_connection(path);
    conn.query_row("SELECT count(*) FROM customer_email WHERE address LIKE ?1", [format!("kaatuja{round}-%")], |row| {
        row.get(0)
    })
    .unwrap()
}

#[test]
fn killed_at_random_moments_the_register_keeps_every_acknowledged_save() {
    let started = Instant::now();
    let seed = std::env::var("CRASH_SEED").ok().and_then(|seed| seed.parse().ok()).unwrap_or_else(|| {
        u64::from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos()) | 1
    });
    eprintln!("crash test seed {seed} (CRASH_SEED={seed} repeats it)");
    let mut random = Random(seed);
    let (dir, path) = common::temp_path("crash.sqlite");
    let folder = dir.path();
    let db = path.to_str().unwrap();
    {
        let mut store = common::open_path(&path).unwrap();
        rekisteri::sample::populate(&mut store, usize::try_from(CUSTOMERS).unwrap(), 11, |_| true).unwrap();
    }
    for round in 0..KILLS {
        write_import_file(folder, round);
    }
    let typical = {
        let store = common::open_path(&path).unwrap();
        [Work::Import(0), Work::EditNotes(0), Work::Erase(1)].map(|work| duration_of(work, &store, folder))
    };
    eprintln!("undisturbed: import {:?}, edits {:?}, erasure {:?}", typical[0], typical[1], typical[2]);

    // The round whose note each customer last acknowledged; imports acknowledged; erasures acknowledged.
    let mut last_acked_note: HashMap<i64, usize> = HashMap::new();
    let mut acked_imports = Vec::new();
    let mut acked_erasures = Vec::new();
    let mut interruptions = 0;
    for round in 0..KILLS {
        let work = match round % 3 {
            0 => Work::Import(round),
            1 => Work::EditNotes(round),
            _ => Work::Erase(CUSTOMERS - i64::try_from(round).unwrap()),
        };
        let span = u64::try_from(typical[round % 3].as_micros()).unwrap();
        let delay = Duration::from_micros(random.below(span + 1));
        let (stdout, interrupted) = run_and_kill(db, folder, work, delay);
        interruptions += usize::from(interrupted);
        match work {
            Work::Import(_) if stdout.starts_with("Imported: ") => acked_imports.push(round),
            Work::EditNotes(_) => {
                for line in stdout.lines() {
                    if let Some(id) = line.strip_prefix("saved ") {
                        last_acked_note.insert(id.parse().unwrap(), round);
                    }
                }
            }
            Work::Erase(customer) if stdout.trim() == format!("erased {customer}") => acked_erasures.push(customer),
            _ => {}
        }

        // The dead writer left no lock: the register opens for writing at once.
        let store = common::open_path(&path).unwrap_or_else(|error| panic!("round {round}: {error:?}"));
        let report = store.check().unwrap();
        assert_eq!(report.integrity, ["ok"], "round {round} ({work:?} killed after {delay:?})");
        assert_eq!(report.audit_chain_break, None, "round {round}");
        for (&id, &acked_round) in &last_acked_note {
            if acked_erasures.contains(&id) {
                continue;
            }
            let note = match store.customer(CustomerId(id)) {
                Ok(customer) => customer.note,
                // Erased by a kill-interrupted erasure that had committed: nothing acknowledged lost.
                Err(Error::NotFound(_)) => continue,
                Err(error) => panic!("{error:?}"),
            };
            let note_round: usize = note.strip_prefix("round ").and_then(|n| n.parse().ok()).unwrap_or(0);
            assert!(note_round >= acked_round, "customer {id}: acknowledged round {acked_round}, found {note:?}");
        }
        for &customer in &acked_erasures {
            assert!(matches!(store.customer(CustomerId(customer)), Err(Error::NotFound(_))), "{customer} is erased");
        }
        for import_round in (0..=round).step_by(3) {
            let rows = imported_rows(&path, import_round);
            let expected = i64::try_from(IMPORT_ROWS).unwrap();
            if acked_imports.contains(&import_round) {
                assert_eq!(rows, expected, "acknowledged import {import_round}");
            } else {
                assert!(rows == 0 || rows == expected, "import {import_round} is all or nothing: {rows}");
            }
        }
    }
    eprintln!(
        "{KILLS} kills, {interruptions} mid-run; acknowledged: {} imports, {} notes, {} erasures; {:?} in all",
        acked_imports.len(),
        last_acked_note.len(),
        acked_erasures.len(),
        started.elapsed()
    );
    assert!(interruptions >= KILLS / 3, "most kills land while the program works ({interruptions})");
}
