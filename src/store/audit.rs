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
    /// The last day shown (inclusive).
    pub to: Option<NaiveDate>,
}

/// Where the chain is broken: the first row whose hash or link does not hold, with its time and
/// action code as stored (the action may be the tampered field, so it is not parsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub row_id: i64,
    pub occurred_at: String,
    pub action: String,
}

/// Where a page of the trail ends: the next (older) page starts after this row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCursor {
    occurred_at: String,
    id: i64,
}

/// One page of the trail, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Where the older page starts, when there are older matching rows.
    pub older: Option<AuditCursor>,
}

/// The WHERE clause of `filter` (and of the page's start) with its parameters. Only the filters
/// in use become conditions, so SQLite can use the index of the one given (each index ends in
/// the time and the row id, the order the trail is shown in: no sorting, however long the log).
fn where_clause(filter: &AuditFilter, before: Option<&AuditCursor>) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    if let Some(user) = filter.user {
        conditions.push("user_id = ?");
        values.push(Value::Integer(user.0));
    }
    if let Some(customer) = filter.customer {
        conditions.push("customer_id = ?");
        values.push(Value::Integer(customer.0));
    }
    if let Some(action) = filter.action {
        conditions.push("action = ?");
        values.push(Value::Text(action.code().to_owned()));
    }
    if let Some(from) = filter.from {
        conditions.push("occurred_at >= ?");
        values.push(Value::Text(super::date_text(from)));
    }
    if let Some(next_day) = filter.to.and_then(|to| to.succ_opt()) {
        conditions.push("occurred_at < ?");
        values.push(Value::Text(super::date_text(next_day)));
    }
    if let Some(cursor) = before {
        conditions.push("(occurred_at, id) < (?, ?)");
        values.push(Value::Text(cursor.occurred_at.clone()));
        values.push(Value::Integer(cursor.id));
    }
    let clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    (clause, values)
}

/// The page query: newest first, one more row than shown to know whether an older page exists.
fn page_sql(clause: &str) -> String {
    format!(
        "SELECT id, occurred_at, user_id, (SELECT username FROM app_user WHERE id = user_id), action, customer_id,
                detail, hash
         FROM audit_log {clause} ORDER BY occurred_at DESC, id DESC LIMIT ?"
    )
}

impl Store {
    /// The newest audit rows matching `filter`, newest first, at most `limit`.
    pub fn audit_entries(&self, filter: &AuditFilter, limit: usize) -> Result<Vec<AuditEntry>> {
        Ok(self.audit_page(filter, None, limit)?.entries)
    }

    /// A page of at most `limit` rows matching `filter`, newest first, starting after `before`
    /// (the `older` cursor of the previous page) or at the newest row.
    pub fn audit_page(&self, filter: &AuditFilter, before: Option<&AuditCursor>, limit: usize) -> Result<AuditPage> {
        let (clause, mut values) = where_clause(filter, before);
        values.push(rusqlite::types::Value::Integer(i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX)));
        let mut statement = self.conn.prepare_cached(&page_sql(&clause))?;
        let rows = statement.query_map(rusqlite::params_from_iter(values), |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<i64>>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
            ))
        })?;
        let mut entries = Vec::new();
        let mut older = None;
        for row in rows {
            let (id, occurred_at, user_id, username, action, customer_id, detail, hash) = row?;
            if entries.len() == limit {
                older = entries
                    .last()
                    .map(|last: &AuditEntry| AuditCursor { occurred_at: time_text(last.occurred_at), id: last.id });
                break;
            }
            entries.push(AuditEntry {
                id,
                occurred_at: parse_stored_time(&occurred_at)?,
                user_id: UserId(user_id),
                username: username.unwrap_or_default(),
                action: parse_code("audit action", &action, AuditAction::from_code)?,
                customer_id: customer_id.map(CustomerId),
                detail,
                hash,
            });
        }
        Ok(AuditPage { entries, older })
    }

    /// How many audit rows match `filter` (an index range count: fast on a long trail).
    pub fn audit_count_matching(&self, filter: &AuditFilter) -> Result<i64> {
        let (clause, values) = where_clause(filter, None);
        let mut statement = self.conn.prepare_cached(&format!("SELECT count(*) FROM audit_log {clause}"))?;
        Ok(statement.query_row(rusqlite::params_from_iter(values), |row| row.get(0))?)
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
                return Ok(Some(ChainBreak { row_id: id, occurred_at: row.get(1)?, action: row.get(3)? }));
            }
            expected_prev = hash;
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan for a page with `filter`, as its lines.
    fn plan(store: &Store, filter: &AuditFilter, before: Option<&AuditCursor>) -> String {
        let (clause, mut values) = where_clause(filter, before);
        values.push(rusqlite::types::Value::Integer(201));
        let mut statement = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {}", page_sql(&clause))).unwrap();
        let lines: Vec<String> = statement
            .query_map(rusqlite::params_from_iter(values), |row| row.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        lines.join("\n")
    }

    #[test]
    fn every_filter_reads_a_page_from_an_index_without_sorting() {
        let dir = tempfile::tempdir().unwrap();
        let cost = crate::domain::password::PasswordCost::insecure_fast_for_tests();
        let store =
            Store::create(&dir.path().join("plan.sqlite"), "admin", "", "testi-pääkäyttäjä-2026", cost).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let cursor = AuditCursor { occurred_at: "2026-11-20 10:00:00".into(), id: 500 };
        let filters = [
            AuditFilter::default(),
            AuditFilter { user: Some(UserId(1)), ..AuditFilter::default() },
            AuditFilter { customer: Some(CustomerId(7)), ..AuditFilter::default() },
            AuditFilter { action: Some(AuditAction::CustomerViewed), ..AuditFilter::default() },
            AuditFilter { from: Some(day(1)), to: Some(day(20)), ..AuditFilter::default() },
            AuditFilter { customer: Some(CustomerId(7)), from: Some(day(1)), ..AuditFilter::default() },
        ];
        for filter in &filters {
            for before in [None, Some(&cursor)] {
                let plan = plan(&store, filter, before);
                assert!(plan.contains("USING INDEX") || plan.contains("USING COVERING INDEX"), "{filter:?}: {plan}");
                assert!(!plan.contains("TEMP B-TREE"), "{filter:?} sorts: {plan}");
            }
        }
    }
}
