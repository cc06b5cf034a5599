//! Opening register files: a new file is migrated from empty, and a missing file, a missing key
//! file, a newer schema, a file that is not SQLite, a SQLite file of another program and a
//! damaged file are each refused with their own error — and left as they were.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use common::{ADMIN_PASSWORD, ADMIN_USERNAME, temp_path};
use rekisteri::store::{Error, SCHEMA_VERSION, Store, key_file_path};

fn open(path: &std::path::Path) -> rekisteri::store::Result<Store> {
    common::open_as(path, ADMIN_USERNAME, ADMIN_PASSWORD)
}

/// Puts the key file of another (real) register beside `path`: the password opens that key,
/// and the key is then tried on `path`.
fn borrow_a_key_file(path: &std::path::Path) -> tempfile::TempDir {
    let (dir, other) = common::empty_register();
    std::fs::copy(key_file_path(other.path()), key_file_path(path)).unwrap();
    dir
}

#[test]
fn a_new_file_is_migrated_to_the_current_schema_with_todays_authority() {
    let (_dir, path) = temp_path("new.sqlite");
    let store = common::new_register(&path);
    let report = store.check().unwrap();
    assert_eq!(report.schema_version, SCHEMA_VERSION);
    assert_eq!(report.integrity, ["ok"]);
    let info = store.register_info().unwrap();
    assert_eq!(info.review_interval_months, 3);
    assert_eq!(info.authority.email, "tietosuoja@om.fi");
    assert_eq!(store.users().unwrap().len(), 1);
    drop(store);
    // Reopening migrates nothing and adds no second built-in user.
    let store = open(&path).unwrap();
    assert_eq!(store.users().unwrap().len(), 1);
}

#[test]
fn opening_refuses_a_missing_file() {
    let (_dir, path) = temp_path("missing.sqlite");
    assert!(matches!(open(&path), Err(Error::Missing)));
    assert!(!path.exists());
}

#[test]
fn a_register_without_its_key_file_is_refused_untouched() {
    let (_dir, path) = temp_path("register.sqlite");
    drop(common::new_register(&path));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(key_file_path(&path)).unwrap();
    assert!(matches!(open(&path), Err(Error::KeyFileMissing)));
    std::fs::write(key_file_path(&path), b"{\"format\": \"something else\"}").unwrap();
    assert!(matches!(open(&path), Err(Error::KeyFileDamaged)));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_register_of_a_newer_schema_is_refused_untouched() {
    let (_dir, path) = temp_path("newer.sqlite");
    let store = common::new_register(&path);
    let conn = store.raw_connection().unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).unwrap();
    drop(conn);
    drop(store);
    match open(&path) {
        Err(Error::NewerSchema { found, supported }) => {
            assert_eq!(found, SCHEMA_VERSION + 5);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let bytes_before = std::fs::read(&path).unwrap();
    assert!(matches!(open(&path), Err(Error::NewerSchema { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), bytes_before, "a refused file is not written to");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_as_it_was() {
    let (_dir, path) = temp_path("notes.sqlite");
    let content = b"Asiakkaat: Matti Virtanen, Pekka M\xc3\xa4kel\xc3\xa4\n".repeat(200);
    std::fs::write(&path, &content).unwrap();
    let _other = borrow_a_key_file(&path);
    assert!(matches!(open(&path), Err(Error::NotADatabase)));
    assert_eq!(std::fs::read(&path).unwrap(), content);
}

#[test]
fn a_plain_sqlite_file_of_another_program_is_not_taken_over() {
    let (_dir, path) = temp_path("other.sqlite");
    let other_program = rekisteri_free_sqlite(&path);
    let _other = borrow_a_key_file(&path);
    assert!(matches!(open(&path), Err(Error::NotADatabase)));
    assert_eq!(std::fs::read(&path).unwrap(), other_program, "nothing was added to the other program's file");
}

/// A small unencrypted SQLite file as another program would leave it (its bytes).
fn rekisteri_free_sqlite(path: &std::path::Path) -> Vec<u8> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices VALUES (1, 100);",
    )
    .unwrap();
    drop(conn);
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"), "a plain SQLite file");
    bytes
}

#[test]
fn a_damaged_register_is_refused() {
    let (_dir, path) = temp_path("damaged.sqlite");
    let (_sample_dir, store) = common::sample_register(50);
    // A clean single-file copy of a real register (with its key file), then pages overwritten.
    store.backup_to(&path).unwrap();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    for byte in &mut bytes[8192..16384] {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let result = open(&path).and_then(|store| store.check().map(|report| report.is_healthy()));
    assert!(matches!(result, Err(Error::Corrupt | Error::NotADatabase) | Ok(false)), "got {result:?}");
}

#[test]
fn every_error_reads_as_a_sentence_in_both_languages() {
    use rekisteri::domain::Lang;
    use rekisteri::i18n::store_error;
    for error in [
        Error::Missing,
        Error::NotADatabase,
        Error::NotARegister,
        Error::Corrupt,
        Error::Locked,
        Error::DiskFull,
        Error::KeyFileMissing,
        Error::KeyFileDamaged,
        Error::WrongPassword,
    ] {
        let fi = store_error(Lang::Fi, &error);
        let en = store_error(Lang::En, &error);
        assert!(fi.ends_with('.') && en.ends_with('.'), "{fi} / {en}");
        assert_ne!(fi, en);
    }
    let newer = Error::NewerSchema { found: 9, supported: 1 };
    assert!(store_error(Lang::Fi, &newer).contains("rakenne 9"));
}
