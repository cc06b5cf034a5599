//! Encryption at rest (§8): without a password nothing in the register's files or in a backup
//! reveals a customer (searched as bytes, as `grep -a` does, Finnish letters as UTF-8); a wrong
//! password opens nothing and is recorded at the next sign-in; a removed user can no longer open
//! the register; a new password re-wraps the same key, so the old one fails and nothing is
//! re-encrypted.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, NaiveDateTime};
use common::{ADMIN_PASSWORD, ADMIN_USERNAME, byte_positions, day, open_as, sample_register};
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::customer::CustomerId;
use rekisteri::domain::user::{NewUser, Role};
use rekisteri::store::{AuditFilter, Error, Store, key_file_path};

fn at(seconds: i64) -> NaiveDateTime {
    day(2026, 11, 25).and_hms_opt(9, 0, 0).unwrap() + Duration::seconds(seconds)
}

/// The register's files on disk: the database and, while it is open, its WAL.
fn files_of(path: &Path) -> Vec<PathBuf> {
    [path.to_owned(), PathBuf::from(format!("{}-wal", path.display())), key_file_path(path)]
        .into_iter()
        .filter(|file| file.exists())
        .collect()
}

/// Names, e-mails and streets of the first sample people, with at least one with ä, ö or å.
fn sample_needles(store: &Store) -> Vec<String> {
    let mut needles = Vec::new();
    for id in 1..=40 {
        let customer = store.customer(CustomerId(id)).unwrap();
        needles.push(customer.last_name.clone());
        needles.extend(customer.emails.iter().map(|email| email.address.clone()));
        needles.extend(customer.addresses.iter().map(|address| address.street.clone()));
    }
    needles.retain(|needle| needle.chars().count() >= 5);
    needles.sort();
    needles.dedup();
    assert!(needles.iter().any(|needle| !needle.is_ascii()), "a name with Finnish letters is searched too");
    needles.push("MiMa Organics".into());
    needles
}

/// `grep -a -c NEEDLE FILE`: how many lines of the file hold the needle's bytes.
fn grep_count(needle: &str, file: &Path) -> usize {
    let output = Command::new("grep").arg("-a").arg("-c").arg("--").arg(needle).arg(file).output().unwrap();
    String::from_utf8_lossy(&output.stdout).trim().parse().unwrap_or(0)
}

#[test]
fn no_customer_name_is_in_the_register_files_nor_in_a_backup() {
    let (dir, store) = sample_register(300);
    let needles = sample_needles(&store);
    let backup = dir.path().join("varmuuskopio.sqlite");
    store.backup_to(&backup).unwrap();
    // The same search finds the names where they are in plain text: the search can fail.
    let csv = dir.path().join("vienti.csv");
    let listings = store.customer_listings(&rekisteri::store::CustomerQuery::default()).unwrap();
    let mut exported = Vec::new();
    rekisteri::exchange::write_customers_csv(&mut exported, rekisteri::domain::Lang::Fi, listings).unwrap();
    std::fs::write(&csv, &exported).unwrap();
    let finnish = needles.iter().find(|needle| !needle.is_ascii() && !byte_positions(&exported, needle).is_empty());
    let finnish = finnish.expect("a name with ä, ö or å is in the export");
    assert!(grep_count(finnish, &csv) > 0, "grep -a finds {finnish} in the plain export");

    let mut files = files_of(store.path());
    files.extend(files_of(&backup));
    assert!(files.len() >= 4, "database, key file, backup and its key file: {files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"), "{} is not plain SQLite", file.display());
        for needle in &needles {
            assert!(byte_positions(&bytes, needle).is_empty(), "{needle} is in {}", file.display());
        }
        assert_eq!(grep_count(finnish, file), 0, "grep -a finds {finnish} in {}", file.display());
    }
}

#[test]
fn a_backup_opens_with_the_same_password_and_not_without_its_key_file() {
    let (dir, store) = sample_register(30);
    let name = store.customer(CustomerId(7)).unwrap().display_name();
    let backup = dir.path().join("varmuuskopio.sqlite");
    store.backup_to(&backup).unwrap();
    drop(store);
    let copy = open_as(&backup, ADMIN_USERNAME, ADMIN_PASSWORD).unwrap();
    assert_eq!(copy.customer(CustomerId(7)).unwrap().display_name(), name);
    assert!(copy.check().unwrap().is_healthy());
    drop(copy);
    std::fs::remove_file(key_file_path(&backup)).unwrap();
    assert!(matches!(open_as(&backup, ADMIN_USERNAME, ADMIN_PASSWORD), Err(Error::KeyFileMissing)));
}

#[test]
fn a_wrong_password_opens_nothing_and_is_recorded_at_the_next_sign_in() {
    let (_dir, store) = common::empty_register();
    let path = store.path().to_owned();
    drop(store);
    let wrong = Store::open(&path, ADMIN_USERNAME, "väärä-salasana-tässä", at(0));
    assert!(matches!(wrong, Err(Error::WrongPassword)), "{wrong:?}");
    let unknown = Store::open(&path, "mallory", ADMIN_PASSWORD, at(0));
    assert!(matches!(unknown, Err(Error::WrongPassword)), "an unknown user reads the same: {unknown:?}");
    // Failed sign-ins back off on opening too, by the clock passed in.
    let early = Store::open(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(0));
    assert!(matches!(early, Err(Error::SignInWait { seconds: 1 })), "{early:?}");
    let store = Store::open(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(1)).unwrap();
    let entries = store.audit_entries(&AuditFilter::default(), 4).unwrap();
    let trail: Vec<_> = entries.iter().map(|entry| (entry.action, entry.detail.clone())).collect();
    assert_eq!(trail[0], (AuditAction::SignIn, String::new()));
    let failures: Vec<&str> = trail[1..].iter().map(|(_, detail)| &detail[20..]).collect();
    assert_eq!(failures, ["attempt during back-off", "unknown username", "wrong password (1 in a row)"]);
    assert!(trail[1..].iter().all(|(action, _)| *action == AuditAction::SignInFailed));
    assert!(entries.iter().all(|entry| !entry.detail.contains("mallory")), "a typed name is never kept");
    assert!(trail[3].1.starts_with("2026-11-25 09:00:00 "), "the failure keeps its own time: {}", trail[3].1);
}

#[test]
fn a_removed_user_can_no_longer_open_the_register() {
    let (_dir, mut store) = common::empty_register();
    let path = store.path().to_owned();
    let pekka = store
        .add_user(
            &NewUser { username: "pekka".into(), display_name: String::new(), role: Role::Staff },
            "pekan-oma-salasana",
        )
        .unwrap();
    // Their password opens the key (read only: the administrator holds the writer's lock).
    drop(Store::open_for_reading(&path, "pekka", "pekan-oma-salasana", rekisteri::store::now()).unwrap());
    assert!(std::fs::read_to_string(key_file_path(&path)).unwrap().contains("pekka"));
    store.disable_user(pekka).unwrap();
    let refused = open_as(&path, "pekka", "pekan-oma-salasana");
    assert!(matches!(refused, Err(Error::WrongPassword)), "{refused:?}");
    assert!(!std::fs::read_to_string(key_file_path(&path)).unwrap().contains("pekka"), "the wrap is gone");
    drop(store);
    drop(open_as(&path, ADMIN_USERNAME, ADMIN_PASSWORD).unwrap());
}

#[test]
fn a_new_password_rewraps_the_same_key_and_the_old_one_fails() {
    let (_dir, mut store) = common::sample_register(20);
    let path = store.path().to_owned();
    let database_salt = std::fs::read(&path).unwrap()[..16].to_vec();
    let pekka = store
        .add_user(
            &NewUser { username: "pekka".into(), display_name: String::new(), role: Role::Staff },
            "pekan-oma-salasana",
        )
        .unwrap();
    store.reset_password(pekka, "pekan-uusi-salasana").unwrap();
    drop(store);
    assert!(matches!(Store::open(&path, "pekka", "pekan-oma-salasana", at(0)), Err(Error::WrongPassword)));
    // The clock moves on past each back-off instead of the test waiting.
    let open_at = |username: &str, password: &str, seconds: i64| {
        Store::open(&path, username, password, at(seconds)).map(|mut store| {
            store.set_password_cost(common::CHEAP);
            store
        })
    };
    let mut store = open_at("pekka", "pekan-uusi-salasana", 60).unwrap();
    assert_eq!(store.customer_count().unwrap(), 20);
    store.change_own_password("pekan-uusi-salasana", "pekan-kolmas-salasana").unwrap();
    drop(store);
    assert!(matches!(open_at("pekka", "pekan-uusi-salasana", 120), Err(Error::WrongPassword)));
    drop(open_at(ADMIN_USERNAME, ADMIN_PASSWORD, 120).unwrap());
    drop(open_at("pekka", "pekan-kolmas-salasana", 180).unwrap());
    assert_eq!(std::fs::read(&path).unwrap()[..16], database_salt[..], "the database was not re-encrypted");
}

#[test]
fn the_key_file_holds_no_password_and_no_customer() {
    let (_dir, store) = sample_register(50);
    let key_file = std::fs::read(key_file_path(store.path())).unwrap();
    assert!(byte_positions(&key_file, ADMIN_PASSWORD).is_empty());
    for needle in sample_needles(&store) {
        assert!(byte_positions(&key_file, &needle).is_empty(), "{needle}");
    }
}

#[test]
fn another_registers_key_opens_nothing_here() {
    let (_a, first) = common::empty_register();
    let (_b, second) = common::empty_register();
    std::fs::copy(key_file_path(first.path()), key_file_path(second.path())).unwrap();
    let path = second.path().to_owned();
    drop(second);
    let refused = open_as(&path, ADMIN_USERNAME, ADMIN_PASSWORD);
    assert!(matches!(refused, Err(Error::NotADatabase)), "{refused:?}");
}
