//! The audit trail: appending a row (always inside the write it records), reading it with filters,
//! and verifying the hash chain. Each row's hash covers its own fields and the previous row's
//! hash, so a changed or deleted row breaks the chain at that point.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension as _, params};
use sha2::{Digest as _, Sha256};

use super::{Result, Store, parse_code, parse_stored_time, time_text};
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::customer::CustomerId;
use crate::domain::user::UserId;

/// The hash the first row chains to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn row_hash(
    prev_hash: &str,
    occurred_at: &str,
    user: i64,
    action: &str,
    customer: Option<i64>,
    detail: &str,
) -> String {
    let mut hasher = Sha256::new();
    for part in [
        prev_hash,
        occurred_at,
        &user.to_string(),
        action,
        &customer.map(|id| id.to_string()).unwrap_or_default(),
        detail,
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0x1f]); // unit separator: fields cannot run into each other
    }
    hex(&hasher.finalize())
}

/// Lower-case hexadecimal of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

pub(super) fn append(
    conn: &Connection,
    actor: UserId,
    at: NaiveDateTime,
    action: AuditAction,
    customer: Option<CustomerId>,
    detail: &str,
) -> Result<()> {
    let prev_hash: String = conn
        .prepare_cached("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |row| row.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_owned());
    let occurred_at = time_text(at);
    let customer = customer.map(|id| id.0);
    let hash = row_hash(&prev_hash, &occurred_at, actor.0, action.code(), customer, detail);
    conn.prepare_cached(
        "INSERT INTO audit_log (occurred_at, user_id, action, customer_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![occurred_at, actor.0, action.code(), customer, detail, prev_hash, hash])?;
    Ok(())
}

/// Which audit rows to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub user: Option<UserId>,
    pub customer: Option<CustomerId>,
    pub action: Option<AuditAction>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Where the chain is broken: the first row whose hash or link does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub row_id: i64,
}

impl Store {
    /// The newest audit rows matching `filter`, newest first, at most `limit`.
    pub fn audit_entries(&self, filter: &AuditFilter, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, a.occurred_at, a.user_id, u.username, a.action, a.customer_id, a.detail, a.hash
             FROM audit_log a JOIN app_user u ON u.id = a.user_id
             WHERE (?1 IS NULL OR a.user_id = ?1) AND (?2 IS NULL OR a.customer_id = ?2)
               AND (?3 IS NULL OR a.action = ?3)
               AND (?4 IS NULL OR a.occurred_at >= ?4) AND (?5 IS NULL OR a.occurred_at < date(?5, '+1 day'))
             ORDER BY a.id DESC LIMIT ?6",
        )?;
        let rows = statement.query_map(
            params![
                filter.user.map(|user| user.0),
                filter.customer.map(|customer| customer.0),
                filter.action.map(AuditAction::code),
                filter.from.map(super::date_text),
                filter.to.map(super::date_text),
                i64::try_from(limit).unwrap_or(i64::MAX),
            ],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<i64>>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                ))
            },
        )?;
        let mut entries = Vec::new();
        for row in rows {
            let (id, occurred_at, user_id, username, action, customer_id, detail, hash) = row?;
            entries.push(AuditEntry {
                id,
                occurred_at: parse_stored_time(&occurred_at)?,
                user_id: UserId(user_id),
                username,
                action: parse_code("audit action", &action, AuditAction::from_code)?,
                customer_id: customer_id.map(CustomerId),
                detail,
                hash,
            });
        }
        Ok(entries)
    }

    /// Records that the audit trail was opened: viewing the trail is itself logged.
    pub fn record_audit_viewed(&mut self) -> Result<()> {
        self.write(|tx| tx.audit(AuditAction::AuditViewed, None, ""))
    }

    pub fn audit_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM audit_log", [], |row| row.get(0))?)
    }

    /// Walks the whole chain; `Ok(None)` when every row holds.
    pub fn verify_audit_chain(&self) -> Result<Option<ChainBreak>> {
        let mut statement = self.conn.prepare(
            "SELECT id, occurred_at, user_id, action, customer_id, detail, prev_hash, hash FROM audit_log ORDER BY id",
        )?;
        let mut rows = statement.query([])?;
        let mut expected_prev = GENESIS.to_owned();
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let prev_hash: String = row.get(6)?;
            let hash: String = row.get(7)?;
            let computed = row_hash(
                &prev_hash,
                &row.get::<_, String>(1)?,
                row.get(2)?,
                &row.get::<_, String>(3)?,
                row.get(4)?,
                &row.get::<_, String>(5)?,
            );
            if prev_hash != expected_prev || computed != hash {
                return Ok(Some(ChainBreak { row_id: id }));
            }
            expected_prev = hash;
        }
        Ok(None)
    }
}
