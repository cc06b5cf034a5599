//! The register's health: SQLite's integrity check, the schema version, row counts per area and
//! the audit chain, as `rekisteri check` prints them.

use super::{ChainBreak, Result, SCHEMA_VERSION, Store};

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// "ok", or SQLite's first complaints.
    pub integrity: Vec<String>,
    pub schema_version: i64,
    pub supported_schema_version: i64,
    /// (table, rows) for every area of the register.
    pub counts: Vec<(&'static str, i64)>,
    pub audit_chain_break: Option<ChainBreak>,
}

impl CheckReport {
    pub fn is_healthy(&self) -> bool {
        self.integrity == ["ok"] && self.audit_chain_break.is_none()
    }
}

const COUNTED_TABLES: &[&str] = &[
    "customer",
    "customer_address",
    "customer_phone",
    "customer_email",
    "customer_order",
    "order_line",
    "interaction",
    "customer_tag",
    "customer_other_data",
    "attachment",
    "consent_event",
    "objection_event",
    "disclosure",
    "request",
    "retention_rule",
    "erasure_log",
    "review",
    "purpose",
    "register_item",
    "app_user",
    "audit_log",
];

impl Store {
    /// Runs the full integrity check (reads every page: seconds on a large register).
    pub fn check(&self) -> Result<CheckReport> {
        let mut statement = self.conn.prepare("PRAGMA integrity_check(20)")?;
        let integrity =
            statement.query_map([], |row| row.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let schema_version: i64 = self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let mut counts = Vec::new();
        for table in COUNTED_TABLES {
            let count: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?;
            counts.push((*table, count));
        }
        let mut integrity = integrity;
        let customers = counts.iter().find(|(table, _)| *table == "customer").map_or(0, |(_, count)| *count);
        let tally = self.customer_count()?;
        if tally != customers {
            integrity.retain(|line| line != "ok");
            integrity.push(format!("customer_tally says {tally} customers, the table holds {customers}"));
        }
        Ok(CheckReport {
            integrity,
            schema_version,
            supported_schema_version: SCHEMA_VERSION,
            counts,
            audit_chain_break: self.verify_audit_chain()?,
        })
    }
}
