//! `rekisteri backup` and `rekisteri restore` as a scheduled task or a recovery would use them:
//! the backup is named with the date and time and the keep rule applies; restore shows what a
//! backup holds, replaces the register only with --yes, and refuses a damaged or foreign file in
//! one line with a non-zero exit, leaving the register as it was.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common;

use rekisteri::domain::audit::AuditAction;
use rekisteri::store::AuditFilter;

fn rekisteri(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(args)
        .env("LANG", "C")
        .env("REKISTERI_USER", rekisteri::sample::SAMPLE_USERNAME)
        .env("REKISTERI_PASSWORD", rekisteri::sample::SAMPLE_PASSWORD)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The files in `folder` but the key files, each of which belongs to the file it is named after
/// (checked here: no key file is left without its register or backup).
fn backups_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    let (key_files, files): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|file| file.extension().is_some_and(|extension| extension == "keys"));
    for key_file in &key_files {
        assert!(files.iter().any(|file| rekisteri::store::key_file_path(file) == *key_file), "{key_file:?} alone");
    }
    files
}

#[test]
fn backup_then_restore_round_trips_through_the_command_line() {
    let (dir, path) = common::temp_path("shop.sqlite");
    let db = path.to_str().unwrap();
    let folder = dir.path().join("kopiot");
    let out = folder.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "25"]).status.success());
    let first = rekisteri(&["backup", "--db", db, "--out", out]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = rekisteri(&["backup", "--db", db, "--out", out, "--keep", "1"]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    let files = backups_in(&folder);
    assert_eq!(files.len(), 1, "--keep 1 left the newest: {files:?}");
    let backup = files[0].clone();
    assert!(text(&second.stdout).starts_with(backup.to_str().unwrap()), "{}", text(&second.stdout));
    assert!(text(&second.stdout).contains("deleted: "), "{}", text(&second.stdout));
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("shop-backup-20") && name.ends_with(".sqlite"), "{name}");

    // The register changes; the preview alone changes nothing.
    assert!(rekisteri(&["erase", "--db", db, "--customer", "3"]).status.success());
    let preview = rekisteri(&["restore", "--db", db, "--from", backup.to_str().unwrap()]);
    assert!(preview.status.success(), "{}", text(&preview.stderr));
    let shown = text(&preview.stdout);
    for expected in ["Customers and prospects: 25", "Register: ", "Backup made: ", "Newest audit entry: ", "--yes"] {
        assert!(shown.contains(expected), "{expected} in {shown}");
    }
    assert_eq!(common::open_for_reading(&path).unwrap().customer_count().unwrap(), 24);

    let restored = rekisteri(&["restore", "--db", db, "--from", backup.to_str().unwrap(), "--yes"]);
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert!(text(&restored.stdout).contains("The earlier register was kept as "), "{}", text(&restored.stdout));
    let store = common::open_for_reading(&path).unwrap();
    assert_eq!(store.customer_count().unwrap(), 25);
    let last = store.audit_entries(&AuditFilter::default(), 2).unwrap();
    assert_eq!((last[0].action, last[0].detail.as_str()), (AuditAction::SignIn, "read-only"), "this open for reading");
    assert_eq!(last[1].action, AuditAction::BackupRestored);
    assert!(store.check().unwrap().is_healthy());
    let kept: Vec<PathBuf> = backups_in(dir.path())
        .into_iter()
        .filter(|file| file.to_string_lossy().contains("shop.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(common::open_for_reading(&kept[0]).unwrap().customer_count().unwrap(), 24);
}

/// The audit rows but the sign-ins (every command signs in and records it).
fn trail_but_sign_ins(path: &Path) -> i64 {
    let store = common::open_for_reading(path).unwrap();
    let sign_ins = AuditFilter { action: Some(AuditAction::SignIn), ..AuditFilter::default() };
    store.audit_count().unwrap() - store.audit_count_matching(&sign_ins).unwrap()
}

#[test]
fn restore_refuses_a_damaged_or_foreign_file_in_one_line() {
    let (dir, path) = common::temp_path("shop.sqlite");
    let db = path.to_str().unwrap();
    assert!(rekisteri(&["demo", "--db", db, "--customers", "25"]).status.success());
    let folder = dir.path().join("kopiot");
    assert!(rekisteri(&["backup", "--db", db, "--out", folder.to_str().unwrap()]).status.success());
    let backup = backups_in(&folder)[0].clone();
    let mut bytes = std::fs::read(&backup).unwrap();
    let middle = 4096 * (bytes.len() / 4096 / 2);
    bytes[middle..middle + 4096].fill(0x5A);
    std::fs::write(&backup, &bytes).unwrap();
    let text_file = dir.path().join("muistio.txt");
    std::fs::write(&text_file, "ostoslista: maitoa, leipää".repeat(300)).unwrap();
    let trail = trail_but_sign_ins(&path);

    for (file, lang, expected) in [
        (&backup, "en", "The backup is damaged"),
        (&backup, "fi", "Varmuuskopio on vaurioitunut"),
        (&text_file, "en", "The file is not a database, so not a Rekisteri backup."),
    ] {
        let output = rekisteri(&["restore", "--db", db, "--lang", lang, "--from", file.to_str().unwrap(), "--yes"]);
        assert!(!output.status.success());
        let stderr = text(&output.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let store = common::open_for_reading(&path).unwrap();
    // Each attempt signed in (recorded), and wrote nothing else.
    assert_eq!((store.customer_count().unwrap(), trail_but_sign_ins(&path)), (25, trail));
    let left: Vec<String> =
        backups_in(dir.path()).iter().map(|file| file.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert!(left.iter().all(|name| !name.contains("restoring") && !name.contains("before-restore")), "{left:?}");
}
