//! The one owner of the register's SQLite file: opening it (the only place a connection is made,
//! [`connect`], where the database key is given first thing), migrating its schema, and typed
//! functions per area. No SQL is written outside this module.
//!
//! The file is encrypted (SQLCipher, AES-256) under a random key that is kept wrapped once per
//! user in the key file beside it (`keys`): a register is opened by signing in
//! ([`Store::open`]) and made with its first administrator ([`Store::create`]).
//!
//! # A register is two files
//!
//! `NAME` (the encrypted database) and `NAME.keys` (the wrapped keys) belong together: neither
//! opens without the other. Whatever copies a register copies both: [`Store::backup_to`] writes
//! the copy with the same database key and the key file beside it as of that moment, so the
//! backup opens with the passwords that were valid when it was made; restoring puts both back.
//! A backup is as encrypted as the register (the pages are copied encrypted with the same key).
//!
//! Every write is one immediate transaction that also appends its audit row (see [`Tx`]); a
//! failed write leaves the file as it was.
//!
//! Roles are enforced here, not only by the window hiding buttons: a store knows who is signed in
//! and with which role, and the audit action a write records is also what it is allowed by
//! (`domain::user::Permission::needed_for`). A write its user's role may not do is refused with
//! [`Error::NotAllowed`] and rolled back whole, whichever screen or command asked for it.

mod audit;
mod backup;
mod check;
mod consent_overview;
mod consents;
mod contact_lists;
mod customer_edits;
mod customers;
mod erasure;
mod error;
mod import_export;
mod keys;
mod lock;
mod notice;
mod register;
mod request_workflow;
mod requests;
mod retention;
mod retention_run;
mod schema;
mod search;
mod users;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use audit::{AuditCursor, AuditFilter, AuditPage, ChainBreak};
pub use backup::{
    BackupMade, RestoreCandidate, RestoreError, RestoreFailed, RestoreOpener, RestorePreview, Restored, our_backups,
    prepare_restore, rotate_backups,
};
pub use check::CheckReport;
pub use consent_overview::{ConsentRow, PurposeCoverage};
pub use consents::ConsentCount;
pub use contact_lists::{ContactPreview, EmailMatches, NewDisclosure, WithdrawalSummary};
pub use customer_edits::Duplicate;
pub use customers::BulkCustomer;
pub use erasure::ErasureOutcome;
pub use error::Error;
pub use keys::path_of as key_file_path;
pub use lock::LockHolder;
pub use requests::RequestAlerts;
pub use retention_run::{RetentionApplied, RetentionOverview, ReviewFacts};
pub use schema::SCHEMA_VERSION;
pub use search::{CustomerQuery, fts_query};

use crate::domain::audit::AuditAction;
use crate::domain::customer::CustomerId;
use crate::domain::password::PasswordCost;
use crate::domain::user::{Permission, Role, UserId, rule};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The user created with every register: its first administrator (named when it is set up).
pub const BUILTIN_USER: UserId = UserId(1);

/// An open register.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: UserId,
    /// The signed-in user's role; `None` after signing out, when only a sign-in is written.
    role: Option<Role>,
    /// The Argon2id cost of the password hashes and key wraps this connection makes.
    password_cost: PasswordCost,
    /// The database key, for more connections (readers, backups) and new users' wraps.
    key: keys::DatabaseKey,
    /// The one-writer lock, shared with this store's worker connections; `None` for a register
    /// opened only for reading, whose writes are refused.
    lock: Option<Arc<lock::WriterLock>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("actor", &self.actor)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the encrypted database at `path` with `key` and brings its schema up to date, under
    /// `lock` (`None`: only for reading, or a file no one else knows of); nobody is signed in yet.
    fn connect_with_key(
        path: &Path,
        create: bool,
        key: keys::DatabaseKey,
        cost: PasswordCost,
        lock: Option<Arc<lock::WriterLock>>,
    ) -> Result<Self> {
        let mut store = Self {
            conn: connect(path, create, &key)?,
            path: path.to_owned(),
            actor: BUILTIN_USER,
            role: None,
            password_cost: cost,
            key,
            lock,
        };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// A second connection to the same file for a worker thread (searches run off the UI thread).
    /// It shares this store's lock: it may write when this store may.
    pub fn reader(&self) -> Result<Self> {
        Ok(Self {
            conn: connect(&self.path, false, &self.key)?,
            path: self.path.clone(),
            actor: self.actor,
            role: self.role,
            password_cost: self.password_cost,
            key: self.key.clone(),
            lock: self.lock.clone(),
        })
    }

    /// A bare connection to the register's file with its key and none of the store's rules: for
    /// the tests that tamper with the file the way someone holding the key could, and for repair.
    #[doc(hidden)]
    pub fn raw_connection(&self) -> Result<Connection> {
        connect(&self.path, false, &self.key)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses a damaged file with [`Error::Corrupt`] before a bulk write (an import) would build
    /// on it: SQLite's `quick_check` reads every page once, without the index cross-checks of the
    /// full integrity check in `check`.
    pub fn ensure_intact(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA quick_check(1)", [], |row| row.get(0))?;
        if verdict == "ok" { Ok(()) } else { Err(Error::Corrupt) }
    }

    /// The user every write of this connection is recorded under.
    pub fn actor(&self) -> UserId {
        self.actor
    }

    /// Runs `change` in one immediate transaction as the signed-in user and commits it with its
    /// audit row(s). Each audit row is checked against the user's role ([`Tx::audit`]); a refused
    /// one rolls the whole write back.
    pub(crate) fn write<T>(&mut self, change: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let role = self.role.ok_or(Error::NotAllowed(rule::NOT_SIGNED_IN))?;
        self.write_as(self.actor, role, change)
    }

    /// [`Store::write`] on behalf of `actor` with `role`: how a sign-in records itself before the
    /// session is theirs. A register opened only for reading refuses every write.
    fn write_as<T>(&mut self, actor: UserId, role: Role, change: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        if self.lock.is_none() {
            return Err(Error::OpenedForReading);
        }
        let transaction = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx { tx: transaction, actor, role, now: now(), audited: false };
        let value = change(&mut tx)?;
        debug_assert!(tx.audited, "every write records its audit row");
        if !tx.audited {
            // Unrecorded means unchecked against the role: never committed.
            return Err(Error::NotAllowed(rule::UNRECORDED));
        }
        tx.tx.commit()?;
        Ok(value)
    }

    /// Refuses early, before expensive work, what the signed-in user's role may not do; the
    /// write itself checks again.
    pub(crate) fn require(&self, permission: Permission) -> Result<()> {
        match self.role {
            None => Err(Error::NotAllowed(rule::NOT_SIGNED_IN)),
            Some(role) if role.may(permission) => Ok(()),
            Some(role) => Err(Error::NotAllowed(role.refusal())),
        }
    }
}

/// A write in progress: the transaction, who acts with which role, and the time every row of it
/// is stamped with.
pub(crate) struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
    actor: UserId,
    role: Role,
    now: NaiveDateTime,
    audited: bool,
}

impl Tx<'_> {
    /// Appends a failed sign-in of `user` (recorded at the next sign-in, by whoever that is):
    /// the one audit row written under another user than the one acting.
    pub(crate) fn audit_failed_sign_in(&mut self, user: UserId, detail: &str) -> Result<()> {
        audit::append(&self.tx, user, self.now, AuditAction::SignInFailed, None, detail)
    }

    /// Appends the audit row of this write (chained to the previous row), after checking that the
    /// acting user's role may do what `action` records.
    pub(crate) fn audit(&mut self, action: AuditAction, customer: Option<CustomerId>, detail: &str) -> Result<()> {
        if !self.role.may_record(action) {
            return Err(Error::NotAllowed(self.role.refusal()));
        }
        audit::append(&self.tx, self.actor, self.now, action, customer, detail)?;
        self.audited = true;
        Ok(())
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

/// The page cache of each connection, in KiB (SQLite's default is 2 MiB).
const PAGE_CACHE_KIB: i64 = 64 * 1024;

/// Makes a connection: the one place where the engine and its settings are chosen. The database
/// key comes first, before anything reads the file (SQLCipher's raw-key form: the key is already
/// random, so no passphrase derivation runs).
fn connect(path: &Path, create: bool, key: &keys::DatabaseKey) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if std::fs::metadata(path).is_ok_and(|metadata| metadata.len() == 0) {
        // SQLite takes an empty file for a new database, and the migrations would make an empty
        // register of it: a register being opened is never empty, so it is not one.
        return Err(Error::NotARegister);
    }
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher would print a wrong key's failed page checks on standard error: the error we
    // return says it in one sentence.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    conn.pragma_update(None, "key", key.pragma_value().as_str())?;
    conn.busy_timeout(Duration::from_secs(5))?;
    // The first statement that reads the file: a file that is not this register's (not SQLite,
    // or another key) fails here.
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::ReadOnly);
    }
    conn.pragma_update(None, "synchronous", "normal")?;
    // The page cache holds pages decrypted: every page read from disk costs an AES decryption and
    // an HMAC check, so a cache that keeps a search's pages makes the next keystroke's search as
    // fast as an unencrypted one (docs/BENCHMARKS.md). Memory is taken only as pages are read.
    conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
    // Erased data is overwritten, not left in free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    conn.set_prepared_statement_cache_capacity(64);
    search::register_functions(&conn)?;
    Ok(conn)
}

/// The current local time, to the second: what rows are stamped with.
pub fn now() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond_zero()
}

trait WithNanosecondZero {
    fn with_nanosecond_zero(self) -> Self;
}

impl WithNanosecondZero for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike as _;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// The SHA-256 of some bytes in lower-case hex: what disclosures and exports record of a file.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest as _, Sha256};
    audit::hex(&Sha256::digest(bytes))
}

/// Today's date in local time.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

// Rows store dates as ISO text ("2026-11-25") and times as "2026-11-25 14:03:00".
const DATE_FORMAT: &str = "%Y-%m-%d";
const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format(DATE_FORMAT).to_string()
}

pub(crate) fn time_text(time: NaiveDateTime) -> String {
    time.format(TIME_FORMAT).to_string()
}

pub(crate) fn parse_stored_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, DATE_FORMAT).map_err(|_| Error::BadValue { column: "date", value: text.to_owned() })
}

pub(crate) fn parse_stored_time(text: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, TIME_FORMAT)
        .map_err(|_| Error::BadValue { column: "time", value: text.to_owned() })
}

/// Parses a stored code into its enum, or reports the column whose value is not one.
pub(crate) fn parse_code<T>(column: &'static str, text: &str, from_code: fn(&str) -> Option<T>) -> Result<T> {
    from_code(text).ok_or_else(|| Error::BadValue { column, value: text.to_owned() })
}
