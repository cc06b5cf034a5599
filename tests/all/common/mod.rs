//! Shared test helpers: registers in temporary folders (real SQLite files, never mocks).

#![allow(dead_code)] // not every helper is used by every test group

pub mod ui;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rekisteri::domain::customer::{Customer, CustomerStatus, Email, Phone, PhoneKind, Provenance, Source};
use rekisteri::domain::password::PasswordCost;
use rekisteri::store::Store;

/// The first administrator of the test registers that have one.
pub const ADMIN_USERNAME: &str = "admin";
pub const ADMIN_PASSWORD: &str = "testi-pääkäyttäjä-2026";

/// A folder that is removed when the test ends, and a register path inside it.
pub fn temp_path(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    (dir, path)
}

/// The tests' password cost: hashes and key wraps in microseconds instead of a quarter second.
pub const CHEAP: PasswordCost = PasswordCost::insecure_fast_for_tests();

/// A new, empty (encrypted) register with its first administrator ([`ADMIN_USERNAME`]) signed in.
/// Its password hashes and key wraps are made at the tests' cheap cost.
pub fn empty_register() -> (tempfile::TempDir, Store) {
    let (dir, path) = temp_path("register.sqlite");
    let store = new_register(&path);
    (dir, store)
}

/// A new register at `path`, as [`empty_register`] makes it.
pub fn new_register(path: &Path) -> Store {
    Store::create(path, ADMIN_USERNAME, "Testi Pääkäyttäjä", ADMIN_PASSWORD, CHEAP).expect("new register")
}

/// Opens a register the fixtures made (its administrator [`ADMIN_USERNAME`]) again.
pub fn reopen(path: &Path) -> Store {
    open_as(path, ADMIN_USERNAME, ADMIN_PASSWORD).expect("reopen")
}

/// Opens a sample register (`rekisteri demo`, the window's sample) as its administrator `satu`.
pub fn reopen_sample(path: &Path) -> Store {
    open_as(path, rekisteri::sample::SAMPLE_USERNAME, rekisteri::sample::SAMPLE_PASSWORD).expect("reopen the sample")
}

/// Opens the fixtures' register at `path` as its administrator, making a new one there when no
/// file exists (what the unauthenticated `Store::open(path)` did before registers were
/// encrypted). Takes the writer's lock like every open.
pub fn open_path(path: &Path) -> rekisteri::store::Result<Store> {
    if path.exists() {
        open_as(path, ADMIN_USERNAME, ADMIN_PASSWORD)
    } else {
        Store::create(path, ADMIN_USERNAME, "Testi Pääkäyttäjä", ADMIN_PASSWORD, CHEAP)
    }
}

/// Opens an existing fixtures' register as its administrator; a missing file is
/// `Error::Missing`.
pub fn open_existing(path: &Path) -> rekisteri::store::Result<Store> {
    open_as(path, ADMIN_USERNAME, ADMIN_PASSWORD)
}

/// Opens a register only for reading (no lock, writes refused) as the administrator of the
/// fixtures' registers or, failing that, of the sample (`rekisteri demo`, the window's sample).
/// Every password attempt counts (a wrong one starts the back-off), so the user is chosen from
/// the key file's usernames rather than tried.
pub fn open_for_reading(path: &Path) -> rekisteri::store::Result<Store> {
    let now = rekisteri::store::now();
    if key_file_has_user(path, ADMIN_USERNAME) {
        Store::open_for_reading(path, ADMIN_USERNAME, ADMIN_PASSWORD, now)
    } else {
        Store::open_for_reading(path, rekisteri::sample::SAMPLE_USERNAME, rekisteri::sample::SAMPLE_PASSWORD, now)
    }
}

/// Whether the key file beside the register at `path` has a wrap for `username`.
pub fn key_file_has_user(path: &Path, username: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(rekisteri::store::key_file_path(path)) else { return false };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return false };
    json["wraps"].as_array().is_some_and(|wraps| wraps.iter().any(|wrap| wrap["username"].as_str() == Some(username)))
}

/// A bare connection to a register's file with its key (as [`open_for_reading`] finds it), for
/// tests that read or change the file behind the store's back.
pub fn raw_connection(path: &Path) -> rusqlite::Connection {
    open_for_reading(path).expect("open for reading").raw_connection().expect("raw connection")
}

/// Opens a sample register (`rekisteri demo`, the window's sample) as its administrator.
pub fn open_sample(path: &Path) -> rekisteri::store::Result<Store> {
    open_as(path, rekisteri::sample::SAMPLE_USERNAME, rekisteri::sample::SAMPLE_PASSWORD)
}

/// Opens the register at `path` as `username` now, new hashes at the tests' cost.
pub fn open_as(path: &Path, username: &str, password: &str) -> rekisteri::store::Result<Store> {
    let mut store = Store::open(path, username, password, rekisteri::store::now())?;
    store.set_password_cost(CHEAP);
    Ok(store)
}

/// Every place in `haystack` where `needle` occurs as UTF-8 bytes (what `grep -a` finds).
pub fn byte_positions(haystack: &[u8], needle: &str) -> Vec<usize> {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).enumerate().filter(|(_, window)| *window == needle).map(|(at, _)| at).collect()
}

/// A sample register with `customers` fictitious people.
pub fn sample_register(customers: usize) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = empty_register();
    rekisteri::sample::populate(&mut store, customers, 7, |_| true).expect("sample");
    (dir, store)
}

pub fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid date")
}

/// A person with a name, an e-mail and a phone, entered by phone on 1.3.2026.
pub fn person(first: &str, last: &str, email: &str, phone: &str) -> Customer {
    let provenance = Provenance::new(Source::Phone, "", day(2026, 3, 1));
    let mut customer = Customer::new(CustomerStatus::Customer, provenance.clone());
    customer.first_name = first.into();
    customer.last_name = last.into();
    if !email.is_empty() {
        customer.emails.push(Email { address: email.into(), provenance: provenance.clone() });
    }
    if !phone.is_empty() {
        customer.phones.push(Phone { kind: PhoneKind::Mobile, number: phone.into(), provenance });
    }
    customer
}

/// The bytes of a register file and of its -wal and -shm companions, as they are on disk now:
/// what must no longer hold an erased person.
pub fn register_file_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(content) = std::fs::read(std::path::Path::new(&name)) {
            bytes.extend(content);
        }
    }
    bytes
}

/// Whether `needle`'s UTF-8 occurs anywhere in `haystack`.
pub fn bytes_contain(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}
