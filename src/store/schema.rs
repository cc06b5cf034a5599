//! Schema migrations: an ordered list of SQL files applied on open and recorded in
//! `PRAGMA user_version` (the way cargo's own SQLite cache does it). A register of a newer schema
//! than this build knows is refused rather than touched; a SQLite file that is not a register is
//! refused too.

use rusqlite::Connection;

use super::{Error, Result};

/// "REKI": marks a SQLite file as a Rekisteri register.
const APPLICATION_ID: i64 = 0x5245_4b49;

/// The migrations, oldest first. A released file is never edited: changes come as new files.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_register.sql"),
    include_str!("migrations/002_contact_lists.sql"),
    include_str!("migrations/003_audit_indexes.sql"),
    include_str!("migrations/004_retention.sql"),
    include_str!("migrations/005_customer_tally.sql"),
    include_str!("migrations/006_search_order.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The schema version of a register file; a file that is not a register, or a register of a newer
/// schema than this build knows, is refused.
pub(super) fn register_version(conn: &Connection) -> Result<i64> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    if application_id != APPLICATION_ID || version == 0 {
        return Err(Error::NotARegister);
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema { found: version, supported: SCHEMA_VERSION });
    }
    Ok(version)
}

/// Brings the file's schema up to [`SCHEMA_VERSION`], each migration in its own transaction.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema { found: version, supported: SCHEMA_VERSION });
    }
    if version == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        if tables > 0 {
            return Err(Error::NotARegister);
        }
    } else if application_id != APPLICATION_ID {
        return Err(Error::NotARegister);
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(usize::try_from(version).unwrap_or(0)) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}
