//! The one owner of the register's SQLite file: opening it (the only place a connection is made,
//! so that encryption can be switched on here without touching any caller), migrating its schema,
//! and typed functions per area. No SQL is written outside this module.
//!
//! Every write is one immediate transaction that also appends its audit row (see [`Tx`]); a
//! failed write leaves the file as it was.

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
    BackupMade, RestoreCandidate, RestoreError, RestoreFailed, RestorePreview, Restored, our_backups, prepare_restore,
    rotate_backups,
};
pub use check::CheckReport;
pub use consent_overview::{ConsentRow, PurposeCoverage};
pub use consents::ConsentCount;
pub use contact_lists::{ContactPreview, EmailMatches, NewDisclosure, WithdrawalSummary};
pub use customer_edits::Duplicate;
pub use customers::BulkCustomer;
pub use erasure::ErasureOutcome;
pub use error::Error;
pub use lock::LockHolder;
pub use requests::RequestAlerts;
pub use retention_run::{RetentionApplied, RetentionOverview, ReviewFacts};
pub use schema::SCHEMA_VERSION;
pub use search::{CustomerQuery, fts_query};

use crate::domain::audit::AuditAction;
use crate::domain::customer::CustomerId;
use crate::domain::user::UserId;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The built-in user every write is recorded under until sign-in comes (issue: security).
pub const BUILTIN_USER: UserId = UserId(1);

/// An open register.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: UserId,
    /// The one-writer lock, shared with this store's worker connections; `None` for a register
    /// opened only for reading, whose writes are refused.
    lock: Option<Arc<lock::WriterLock>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).field("actor", &self.actor).finish()
    }
}

impl Store {
    /// Opens the register at `path`, creating a new, empty register there when no file exists.
    /// Takes the one-writer lock: a register another window or command has open is refused
    /// with [`Error::OpenElsewhere`], saying who has it.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(Error::from_io)?;
        }
        let lock = lock::WriterLock::acquire(path)?;
        Self::open_with_lock(path, Some(Arc::new(lock)), BUILTIN_USER)
    }

    /// Opens (or creates) the register under a lock already held.
    fn open_with_lock(path: &Path, lock: Option<Arc<lock::WriterLock>>, actor: UserId) -> Result<Self> {
        let mut store = Self { conn: connect(path, true)?, path: path.to_owned(), actor, lock };
        schema::migrate(&mut store.conn)?;
        store.ensure_builtin_user()?;
        Ok(store)
    }

    /// Opens an existing register; a missing file is an error rather than a new register.
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Missing);
        }
        Self::open(path)
    }

    /// Opens an existing register only to read it, without the writer's lock (searches and
    /// checks may run while a window has the register open). Every write is refused with
    /// [`Error::OpenedForReading`]; the schema is not migrated.
    pub fn open_for_reading(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Missing);
        }
        let conn = connect(path, false)?;
        schema::register_version(&conn)?;
        Ok(Self { conn, path: path.to_owned(), actor: BUILTIN_USER, lock: None })
    }

    /// Opens a register file no one else knows of (a restore's copy) without a lock, migrating it.
    fn open_unlocked(path: &Path) -> Result<Self> {
        let mut store = Self { conn: connect(path, false)?, path: path.to_owned(), actor: BUILTIN_USER, lock: None };
        schema::migrate(&mut store.conn)?;
        Ok(store)
    }

    /// Makes a new, empty register at `path`, deleting the file there first; refused like
    /// [`Store::open`] while someone has that register open.
    pub fn create_replacing(path: &Path) -> Result<Self> {
        let lock = lock::WriterLock::acquire(path)?;
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::remove_file(&file)?;
            }
        }
        Self::open_with_lock(path, Some(Arc::new(lock)), BUILTIN_USER)
    }

    /// A second connection to the same file for a worker thread (searches run off the UI thread).
    /// It shares this store's lock: it may write when this store may.
    pub fn reader(&self) -> Result<Self> {
        Ok(Self {
            conn: connect(&self.path, false)?,
            path: self.path.clone(),
            actor: self.actor,
            lock: self.lock.clone(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The user every write of this connection is recorded under.
    pub fn actor(&self) -> UserId {
        self.actor
    }

    /// Runs `change` in one immediate transaction and commits it with its audit row(s).
    pub(crate) fn write<T>(&mut self, change: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        if self.lock.is_none() {
            return Err(Error::OpenedForReading);
        }
        let transaction = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx { tx: transaction, actor: self.actor, now: now(), audited: false };
        let value = change(&mut tx)?;
        debug_assert!(tx.audited, "every write records its audit row");
        tx.tx.commit()?;
        Ok(value)
    }
}

/// A write in progress: the transaction, who acts, and the time every row of it is stamped with.
pub(crate) struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
    actor: UserId,
    now: NaiveDateTime,
    audited: bool,
}

impl Tx<'_> {
    /// Appends the audit row of this write (chained to the previous row).
    pub(crate) fn audit(&mut self, action: AuditAction, customer: Option<CustomerId>, detail: &str) -> Result<()> {
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

/// Makes a connection: the one place where the engine and its settings are chosen.
fn connect(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    // The first statement that reads the file: a file that is not SQLite fails here.
    conn.pragma_update(None, "foreign_keys", true)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::ReadOnly);
    }
    conn.pragma_update(None, "synchronous", "normal")?;
    // Erased data is overwritten, not left in free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    conn.set_prepared_statement_cache_capacity(64);
    search::register_functions(&conn)?;
    Ok(conn)
}

/// The current local time, to the second: what rows are stamped with.
pub(crate) fn now() -> NaiveDateTime {
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
