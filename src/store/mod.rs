//! The one owner of the register's SQLite file: opening it (the only place a connection is made,
//! so that encryption can be switched on here without touching any caller), migrating its schema,
//! and typed functions per area. No SQL is written outside this module.
//!
//! Every write is one immediate transaction that also appends its audit row (see [`Tx`]); a
//! failed write leaves the file as it was.
//!
//! Roles are enforced here, not only by the window hiding buttons: a store knows who is signed in
//! and with which role, and the audit action a write records is also what it is allowed by
//! (`domain::user::Permission::needed_for`). A write its user's role may not do is refused with
//! [`Error::NotAllowed`] and rolled back whole, whichever screen or command asked for it.

mod audit;
mod check;
mod consents;
mod customer_edits;
mod customers;
mod erasure;
mod error;
mod import_export;
mod notice;
mod register;
mod request_workflow;
mod requests;
mod retention;
mod schema;
mod search;
mod users;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use audit::{AuditFilter, ChainBreak};
pub use check::CheckReport;
pub use consents::ConsentCount;
pub use customer_edits::Duplicate;
pub use customers::BulkCustomer;
pub use erasure::ErasureOutcome;
pub use error::Error;
pub use requests::RequestAlerts;
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
    /// The Argon2id cost of the password hashes this connection makes.
    password_cost: PasswordCost,
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
    /// Opens the register at `path`, creating a new, empty register there when no file exists.
    /// The connection acts as the built-in administrator until someone signs in (the window signs
    /// in before it shows anything).
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(Error::from_io)?;
        }
        let mut store = Self {
            conn: connect(path, true)?,
            path: path.to_owned(),
            actor: BUILTIN_USER,
            role: Some(Role::Administrator),
            password_cost: PasswordCost::STANDARD,
        };
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

    /// A second connection to the same file for a worker thread (searches run off the UI thread).
    pub fn reader(&self) -> Result<Self> {
        Ok(Self {
            conn: connect(&self.path, false)?,
            path: self.path.clone(),
            actor: self.actor,
            role: self.role,
            password_cost: self.password_cost,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The user every write of this connection is recorded under.
    pub fn actor(&self) -> UserId {
        self.actor
    }

    /// Copies the register into `target` with SQLite's online backup (a consistent single-file
    /// copy even while the register is in use).
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let mut copy = Connection::open(target)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
        backup.run_to_completion(256, Duration::from_millis(0), None)?;
        drop(backup);
        copy.pragma_update(None, "journal_mode", "delete")?;
        Ok(())
    }

    /// Runs `change` in one immediate transaction as the signed-in user and commits it with its
    /// audit row(s). Each audit row is checked against the user's role ([`Tx::audit`]); a refused
    /// one rolls the whole write back.
    pub(crate) fn write<T>(&mut self, change: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let role = self.role.ok_or(Error::NotAllowed(rule::NOT_SIGNED_IN))?;
        self.write_as(self.actor, role, change)
    }

    /// [`Store::write`] on behalf of `actor` with `role`: how a sign-in records itself before the
    /// session is theirs.
    fn write_as<T>(&mut self, actor: UserId, role: Role, change: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
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
