//! Attacks on the key file and the sign-in paths (issue 14): parallel failed sign-ins racing
//! user additions and disables, a back-off that holds on every path that takes a password
//! (`check` and `search` open for reading), unknown usernames answered like known ones, and
//! Argon2 parameters in an edited key file refused instead of obeyed.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use chrono::{Duration, NaiveDateTime};
use common::{ADMIN_PASSWORD, ADMIN_USERNAME, empty_register};
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::user::{NewUser, Role, UserId};
use rekisteri::store::{AuditFilter, Error, Store, key_file_path};

fn at(seconds: i64) -> NaiveDateTime {
    // From tomorrow: after the register's own rows, which carry today's real time. One base
    // for the whole run, so that two calls with the same offset are the same instant.
    static BASE: std::sync::OnceLock<NaiveDateTime> = std::sync::OnceLock::new();
    *BASE.get_or_init(|| rekisteri::store::now() + Duration::days(1)) + Duration::seconds(seconds)
}

/// A new register, signed out and closed: what a command or a window finds on the disk.
fn closed_register() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, mut store) = empty_register();
    let path = store.path().to_owned();
    store.sign_out("").unwrap();
    drop(store);
    (dir, path)
}

fn password_of(index: usize) -> String {
    format!("kaura-pelto-kesä-{index}")
}

fn key_file_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(key_file_path(path)).unwrap()).unwrap()
}

#[test]
fn parallel_failed_sign_ins_never_lose_an_added_user_or_bring_back_a_disabled_one() {
    let (_dir, mut store) = empty_register();
    let path = store.path().to_owned();
    // A victim whose failed sign-ins race the administrator's changes.
    store
        .add_user(
            &NewUser { username: "pekka".into(), display_name: String::new(), role: Role::Staff },
            "pekan-oma-salasana-1",
        )
        .unwrap();
    let rounds = 24;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let guessers: Vec<_> = (0..4)
        .map(|thread| {
            let (path, stop) = (path.clone(), stop.clone());
            std::thread::Builder::new()
                .name(format!("guesser-{thread}"))
                .spawn(move || {
                    let mut attempts = 0;
                    // Bounded: at most 400 attempts a thread, and it stops when the changes are done.
                    while attempts < 400 && !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let name = if attempts % 2 == 0 { "pekka" } else { "nobody" };
                        let outcome = Store::open(&path, name, "väärä-salasana", at(attempts * 1000));
                        assert!(
                            matches!(outcome, Err(Error::WrongPassword | Error::SignInWait { .. })),
                            "a failed sign-in must stay a failure, not a damaged key file: {outcome:?}"
                        );
                        attempts += 1;
                    }
                    attempts
                })
                .unwrap()
        })
        .collect();
    let mut added = Vec::new();
    let mut disabled = Vec::new();
    for index in 0..rounds {
        let username = format!("user{index}");
        let id = store
            .add_user(
                &NewUser { username: username.clone(), display_name: String::new(), role: Role::Staff },
                &password_of(index),
            )
            .unwrap();
        if index % 3 == 0 {
            store.disable_user(id).unwrap();
            disabled.push((id, username));
        } else {
            added.push((id, username, password_of(index)));
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let attempts: i64 = guessers.into_iter().map(|guesser| guesser.join().unwrap()).sum();
    assert!(attempts > 0);
    drop(store);

    let json = key_file_json(&path);
    let wrapped: Vec<i64> =
        json["wraps"].as_array().unwrap().iter().map(|wrap| wrap["user_id"].as_i64().unwrap()).collect();
    for (id, username, password) in &added {
        assert!(wrapped.contains(&id.0), "{username}'s wrap was lost ({attempts} failed attempts raced it)");
        let store = Store::open(&path, username, password, at(10_000_000)).unwrap();
        drop(store);
    }
    for (id, username) in &disabled {
        assert!(!wrapped.contains(&id.0), "{username} was disabled but their wrap came back");
    }
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "temporary key files left behind: {leftovers:?}");
    let json = key_file_json(&path);
    let queued = json["unrecorded_failures"].as_array().map_or(0, Vec::len);
    assert!(queued <= 200, "the queue of failures is capped, found {queued}");
}

#[test]
fn opening_for_reading_backs_off_counts_and_records_like_the_window() {
    let (_dir, path) = closed_register();
    let wrong = Store::open_for_reading(&path, ADMIN_USERNAME, "väärä-salasana", at(0));
    assert!(matches!(wrong, Err(Error::WrongPassword)), "{wrong:?}");
    let during = Store::open_for_reading(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(0));
    assert!(
        matches!(during, Err(Error::SignInWait { seconds: 1 })),
        "the right password waits out the back-off: {during:?}"
    );
    let store = Store::open_for_reading(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(2)).unwrap();
    let failed = AuditFilter { action: Some(AuditAction::SignInFailed), ..AuditFilter::default() };
    let details: Vec<String> =
        store.audit_entries(&failed, 10).unwrap().into_iter().map(|entry| entry.detail).collect();
    assert_eq!(details.len(), 2, "{details:?}");
    assert!(details[0].ends_with("attempt during back-off"), "{details:?}");
    assert!(details[1].ends_with("wrong password (1 in a row)"), "{details:?}");
    let signed_in = AuditFilter { action: Some(AuditAction::SignIn), ..AuditFilter::default() };
    let latest = store.audit_entries(&signed_in, 1).unwrap();
    assert_eq!(latest[0].detail, "read-only", "the read-only open is in the trail");
    assert_eq!(store.verify_audit_chain().unwrap(), None);
}

#[test]
fn an_unknown_username_is_answered_exactly_like_a_known_one() {
    let (_dir, path) = closed_register();
    for name in [ADMIN_USERNAME, "ei-ketaan"] {
        let first = Store::open(&path, name, "väärä-salasana", at(0));
        assert!(matches!(first, Err(Error::WrongPassword)), "{name}: {first:?}");
        let second = Store::open(&path, name, "väärä-salasana", at(0));
        assert!(matches!(second, Err(Error::SignInWait { seconds: 1 })), "{name}: {second:?}");
        let third = Store::open(&path, name, "väärä-salasana", at(1));
        assert!(matches!(third, Err(Error::WrongPassword)), "{name}: {third:?}");
        let fourth = Store::open_for_reading(&path, name, "väärä-salasana", at(2));
        assert!(matches!(fourth, Err(Error::SignInWait { seconds: 1 })), "{name}: {fourth:?}");
    }
    let text = std::fs::read_to_string(key_file_path(&path)).unwrap();
    assert!(!text.contains("ei-ketaan"), "a typed unknown name is not kept in the key file");
}

#[test]
fn the_lock_screen_backs_off_an_unknown_username_like_a_known_one() {
    let (_dir, path) = closed_register();
    let mut store = Store::open(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(0)).unwrap();
    store.sign_out("idle lock").unwrap();
    for name in [ADMIN_USERNAME, "ei-ketaan"] {
        let first = store.sign_in(name, "väärä-salasana", at(10));
        assert!(matches!(first, Err(Error::WrongPassword)), "{name}: {first:?}");
        let second = store.sign_in(name, "väärä-salasana", at(10));
        assert!(matches!(second, Err(Error::SignInWait { seconds: 1 })), "{name}: {second:?}");
        assert_eq!(store.sign_in_wait(name, at(10)).unwrap(), Some(1), "{name}");
    }
}

#[test]
fn argon2_parameters_outside_a_sane_range_are_a_damaged_key_file() {
    let (_dir, path) = closed_register();
    let original = std::fs::read_to_string(key_file_path(&path)).unwrap();
    let edits: [(&str, serde_json::Value); 4] = [
        ("memory_kib", 16_777_216.into()),
        ("iterations", 4_294_967_295_u32.into()),
        ("parallelism", 4_000.into()),
        ("salt", "00ff".into()),
    ];
    for (field, value) in edits {
        let mut json: serde_json::Value = serde_json::from_str(&original).unwrap();
        json["wraps"][0][field] = value;
        std::fs::write(key_file_path(&path), serde_json::to_vec(&json).unwrap()).unwrap();
        let opened = Store::open(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(0));
        assert!(matches!(opened, Err(Error::KeyFileDamaged)), "{field}: {opened:?}");
        let read = Store::open_for_reading(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(0));
        assert!(matches!(read, Err(Error::KeyFileDamaged)), "{field}: {read:?}");
    }
    std::fs::write(key_file_path(&path), &original).unwrap();
    drop(Store::open(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(0)).unwrap());
}

#[test]
fn a_flood_of_guesses_keeps_the_key_file_small_and_is_recorded_as_a_count() {
    let (_dir, path) = closed_register();
    // Each guess an hour apart: past any back-off, so every one is tried and counted.
    for attempt in 0..260 {
        let outcome = Store::open(&path, "ei-ketaan", "väärä-salasana", at(attempt * 3600 * 24 * 2));
        assert!(matches!(outcome, Err(Error::WrongPassword | Error::SignInWait { .. })), "{outcome:?}");
    }
    let size = std::fs::metadata(key_file_path(&path)).unwrap().len();
    assert!(size < 64 * 1024, "the key file grew to {size} bytes");
    let store = Store::open(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(1_000_000_000)).unwrap();
    let failed = AuditFilter { action: Some(AuditAction::SignInFailed), ..AuditFilter::default() };
    assert_eq!(store.audit_count_matching(&failed).unwrap(), 201, "200 itemised and one row counting the rest");
    let entries = store.audit_entries(&failed, 300).unwrap();
    assert!(entries.iter().any(|entry| entry.detail == "60 earlier failed sign-ins, not itemised"));
    assert_eq!(UserId(1), store.actor());
}

/// A small customer file as a web shop exports it.
fn shop_export() -> rekisteri::exchange::Table {
    let csv = "Etunimi;Sukunimi;Sähköposti\nMatti;Meikäläinen;matti@example.fi\nAada;Aaltonen;aada@example.fi\n";
    rekisteri::exchange::read_table(csv.as_bytes()).unwrap()
}

#[test]
fn an_empty_file_is_not_a_register_and_no_import_makes_one_of_it() {
    let (_dir, path) = closed_register();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::write(&path, b"").unwrap();
    let opened = Store::open(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(0));
    assert!(matches!(opened, Err(Error::NotARegister)), "{opened:?}");
    let read = Store::open_for_reading(&path, ADMIN_USERNAME, ADMIN_PASSWORD, at(1));
    assert!(matches!(read, Err(Error::NotARegister)), "{read:?}");
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "the empty file is left as it was");
}

#[test]
fn an_import_into_a_damaged_register_is_refused_and_changes_nothing() {
    let (_dir, path) = common::temp_path("damaged.sqlite");
    let (_sample_dir, store) = common::sample_register(300);
    store.backup_to(&path).unwrap();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    // Pages near the end (customer rows), away from the schema and the users the sign-in reads.
    let start = bytes.len() * 3 / 4;
    for byte in &mut bytes[start..start + 8192] {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let table = shop_export();
    let mapping = rekisteri::exchange::guess_mapping(&table.headers);
    let outcome = common::open_path(&path).and_then(|mut store| {
        rekisteri::customer_import::import_table(&mut store, &table, &mapping, "verkkokauppa.csv", |_| true)
    });
    assert!(
        matches!(outcome, Err(Error::Corrupt | Error::NotADatabase)),
        "{:?}",
        outcome.map(|imported| imported.errors)
    );
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after[start..start + 8192], bytes[start..start + 8192], "the damaged pages were not written over");
}
