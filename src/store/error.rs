//! What can go wrong with the register file, in terms the user can act on. The SQLite error codes
//! are sorted here into those cases; the sentence the user reads comes from `i18n`.

use crate::domain::password::{HashError, PasswordProblem};
use crate::domain::validate::ValidationError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the register file does not exist")]
    Missing,
    #[error("the file is not a database")]
    NotADatabase,
    #[error("the file is a database but not a Rekisteri register")]
    NotARegister,
    #[error("the register file is damaged")]
    Corrupt,
    #[error("the register was made by a newer Rekisteri (schema {found}, this version knows up to {supported})")]
    NewerSchema { found: i64, supported: i64 },
    #[error("the register is in use by another program")]
    Locked,
    /// Another window or command has the register open for writing (who, when known).
    #[error("the register is open elsewhere")]
    OpenElsewhere(Option<Box<super::LockHolder>>),
    /// A write to a register opened only for reading.
    #[error("the register is open for reading only")]
    OpenedForReading,
    #[error("the disk is full")]
    DiskFull,
    #[error("the register file cannot be written")]
    ReadOnly,
    #[error("the register file cannot be opened")]
    CannotOpen,
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("invalid {field}: {error}")]
    Invalid { field: &'static str, error: ValidationError },
    #[error("a consent needs its evidence (where and how it was given)")]
    ConsentWithoutEvidence,
    #[error("lifting an objection needs its evidence (how the person asked for it)")]
    LiftWithoutEvidence,
    #[error("unexpected value in column {column}: {value:?}")]
    BadValue { column: &'static str, value: String },
    #[error("cancelled")]
    Cancelled,
    /// A change the register's rules forbid (a request answered before the person's identity was
    /// verified, a status going back); the text says which rule, without personal data.
    #[error("not allowed: {0}")]
    NotAllowed(&'static str),
    /// A sign-in with an unknown username or a wrong password (the two are not told apart).
    #[error("wrong username or password")]
    WrongPassword,
    #[error("the user is disabled")]
    UserDisabled,
    /// Failed sign-ins back off: the next attempt is accepted after this many seconds.
    #[error("too many failed sign-ins; try again in {seconds} s")]
    SignInWait { seconds: i64 },
    #[error("the password is too weak: {0}")]
    WeakPassword(PasswordProblem),
    /// The register's key file (`NAME.keys`) is not beside it: nobody can open the register.
    #[error("the register's key file is missing")]
    KeyFileMissing,
    #[error("the register's key file is damaged")]
    KeyFileDamaged,
    #[error("the password could not be hashed: {0}")]
    Hashing(HashError),
    #[error("file error: {0}")]
    Io(std::io::Error),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl Error {
    /// Sorts an I/O error into the cases the user can act on.
    pub(crate) fn from_io(error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::StorageFull => Error::DiskFull,
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => Error::ReadOnly,
            std::io::ErrorKind::NotFound => Error::Missing,
            _ => Error::Io(error),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let Some(code) = error.sqlite_error_code() else {
            return Error::Sqlite(error);
        };
        match code {
            ErrorCode::NotADatabase => Error::NotADatabase,
            ErrorCode::DatabaseCorrupt => Error::Corrupt,
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Error::Locked,
            ErrorCode::DiskFull => Error::DiskFull,
            ErrorCode::ReadOnly | ErrorCode::PermissionDenied => Error::ReadOnly,
            ErrorCode::CannotOpen => Error::CannotOpen,
            _ => Error::Sqlite(error),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::from_io(error)
    }
}
