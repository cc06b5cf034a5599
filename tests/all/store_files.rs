//! Opening register files: a new file is migrated from empty, and a newer schema, a file that is
//! not SQLite, a SQLite file that is not a register and a damaged file are each refused with
//! their own error — and left as they were.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use common::temp_path;
use rekisteri::store::{Error, SCHEMA_VERSION, Store};

#[test]
fn a_new_file_is_migrated_to_the_current_schema_with_todays_authority() {
    let (_dir, path) = temp_path("new.sqlite");
    let store = Store::open(&path).unwrap();
    let report = store.check().unwrap();
    assert_eq!(report.schema_version, SCHEMA_VERSION);
    assert_eq!(report.integrity, ["ok"]);
    let info = store.register_info().unwrap();
    assert_eq!(info.review_interval_months, 3);
    assert_eq!(info.authority.email, "tietosuoja@om.fi");
    assert_eq!(store.users().unwrap().len(), 1);
    drop(store);
    // Reopening migrates nothing and adds no second built-in user.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.users().unwrap().len(), 1);
}

#[test]
fn open_existing_refuses_a_missing_file() {
    let (_dir, path) = temp_path("missing.sqlite");
    assert!(matches!(Store::open_existing(&path), Err(Error::Missing)));
    assert!(!path.exists());
}

#[test]
fn a_register_of_a_newer_schema_is_refused_untouched() {
    let (_dir, path) = temp_path("newer.sqlite");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).unwrap();
    drop(conn);
    match Store::open(&path) {
        Err(Error::NewerSchema { found, supported }) => {
            assert_eq!(found, SCHEMA_VERSION + 5);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION + 5);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_as_it_was() {
    let (_dir, path) = temp_path("notes.sqlite");
    let content = b"Asiakkaat: Matti Virtanen, Pekka M\xc3\xa4kel\xc3\xa4\n".repeat(200);
    std::fs::write(&path, &content).unwrap();
    assert!(matches!(Store::open(&path), Err(Error::NotADatabase)));
    assert_eq!(std::fs::read(&path).unwrap(), content);
}

#[test]
fn a_sqlite_file_of_another_program_is_not_taken_over() {
    let (_dir, path) = temp_path("other.sqlite");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)").unwrap();
    drop(conn);
    assert!(matches!(Store::open(&path), Err(Error::NotARegister)));
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0)).unwrap();
    assert_eq!(tables, 1, "nothing was added to the other program's file");
}

#[test]
fn a_damaged_register_is_refused_as_corrupt() {
    let (_dir, path) = temp_path("damaged.sqlite");
    let (_sample_dir, store) = common::sample_register(50);
    // A clean single-file copy of a real register, then its schema page overwritten.
    store.backup_to(&path).unwrap();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    for byte in &mut bytes[100..4096] {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let result = Store::open(&path).and_then(|store| store.customer_count());
    assert!(matches!(result, Err(Error::Corrupt)), "got {result:?}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "a refused file is not written to");
}

#[test]
fn every_error_reads_as_a_sentence_in_both_languages() {
    use rekisteri::domain::Lang;
    use rekisteri::i18n::store_error;
    for error in
        [Error::Missing, Error::NotADatabase, Error::NotARegister, Error::Corrupt, Error::Locked, Error::DiskFull]
    {
        let fi = store_error(Lang::Fi, &error);
        let en = store_error(Lang::En, &error);
        assert!(fi.ends_with('.') && en.ends_with('.'), "{fi} / {en}");
        assert_ne!(fi, en);
    }
    let newer = Error::NewerSchema { found: 9, supported: 1 };
    assert!(store_error(Lang::Fi, &newer).contains("rakenne 9"));
}
