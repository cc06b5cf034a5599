//! What the Consents tab reads: the consent state of a page of people (folded from their ledger
//! entries by the domain's fold), consents given and withdrawn per month, and how many people a
//! consent-based purpose reaches today once standing objections are taken out.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::consents::{consent_events_where, objection_events_where};
use super::{Result, Store, parse_code};
use crate::domain::consent::{
    ConsentEvent, ConsentState, MonthlyConsentCount, ObjectionEvent, ObjectionKind, current_consents,
    standing_objections,
};
use crate::domain::customer::{CustomerId, CustomerStatus};
use crate::domain::register::PurposeId;

/// One person's line in the Consents tab: the current state per purpose and channel and the
/// objections that stand now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentRow {
    pub id: CustomerId,
    pub name: String,
    pub status: CustomerStatus,
    pub consents: BTreeMap<(PurposeId, crate::domain::consent::Channel), ConsentState>,
    pub objections: Vec<ObjectionKind>,
}

/// How many people a consent-based purpose reaches: those with a standing consent over at least
/// one channel, and how many of them an objection blocks all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurposeCoverage {
    pub purpose_id: PurposeId,
    pub consenting: i64,
    pub blocked_by_objection: i64,
}

impl Store {
    /// The consent lines of `ids` (one page of the list), in the order given. Unknown ids are
    /// skipped (a person erased in another window).
    pub fn consent_rows(&self, ids: &[CustomerId]) -> Result<Vec<ConsentRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Ids are integers, so the list is safe to write into the statement.
        let id_list = ids.iter().map(|id| id.0.to_string()).collect::<Vec<_>>().join(",");
        let mut consents: BTreeMap<CustomerId, Vec<ConsentEvent>> = BTreeMap::new();
        for event in consent_events_where(&self.conn, &format!("customer_id IN ({id_list})"), [])? {
            consents.entry(event.customer_id).or_default().push(event);
        }
        let mut objections: BTreeMap<CustomerId, Vec<ObjectionEvent>> = BTreeMap::new();
        for event in objection_events_where(&self.conn, &format!("customer_id IN ({id_list})"), [])? {
            objections.entry(event.customer_id).or_default().push(event);
        }
        let rows = self.customer_rows(ids)?;
        Ok(rows
            .into_iter()
            .map(|row| ConsentRow {
                consents: consents.get(&row.id).map(|events| current_consents(events)).unwrap_or_default(),
                objections: objections.get(&row.id).map(|events| standing_objections(events)).unwrap_or_default(),
                id: row.id,
                name: row.name,
                status: row.status,
            })
            .collect())
    }

    /// Consents given and withdrawn per purpose per calendar month, from `since` on.
    pub fn monthly_consent_counts(&self, since: NaiveDate) -> Result<Vec<MonthlyConsentCount>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT purpose_id, substr(occurred_at, 1, 7) AS month, sum(action = 'given'), sum(action = 'withdrawn')
             FROM consent_event WHERE occurred_at >= ?1
             GROUP BY purpose_id, month ORDER BY month, purpose_id",
        )?;
        let rows = statement.query_map([since.format("%Y-%m-01").to_string()], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?, row.get::<_, i64>(3)?))
        })?;
        let mut counts = Vec::new();
        for row in rows {
            let (purpose_id, month, given, withdrawn) = row?;
            let month =
                parse_code("month", &month, |text| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok())?;
            counts.push(MonthlyConsentCount { purpose_id: PurposeId(purpose_id), month, given, withdrawn });
        }
        Ok(counts)
    }

    /// Per purpose with any consent: how many people consent today over at least one channel,
    /// and how many of them a standing objection that overrides the purpose blocks.
    pub fn purpose_coverage(&self) -> Result<Vec<PurposeCoverage>> {
        let mut statement = self.conn.prepare_cached(
            "WITH consenting AS (
                 SELECT DISTINCT customer_id, purpose_id FROM (
                     SELECT customer_id, purpose_id, action,
                            row_number() OVER (PARTITION BY customer_id, purpose_id, channel
                                               ORDER BY occurred_at DESC, id DESC) AS newest
                     FROM consent_event)
                 WHERE newest = 1 AND action = 'given'),
             objecting AS (
                 SELECT customer_id, kind FROM (
                     SELECT customer_id, kind, action,
                            row_number() OVER (PARTITION BY customer_id, kind ORDER BY occurred_at DESC, id DESC) AS newest
                     FROM objection_event)
                 WHERE newest = 1 AND action = 'made'),
             blocked AS (
                 SELECT DISTINCT o.customer_id, p.id AS purpose_id FROM objecting o
                 JOIN purpose p ON instr(' ' || p.overridden_by || ' ', ' ' || o.kind || ' ') > 0)
             SELECT c.purpose_id, count(*), count(b.customer_id)
             FROM consenting c LEFT JOIN blocked b ON b.customer_id = c.customer_id AND b.purpose_id = c.purpose_id
             GROUP BY c.purpose_id ORDER BY c.purpose_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(PurposeCoverage {
                purpose_id: PurposeId(row.get(0)?),
                consenting: row.get(1)?,
                blocked_by_objection: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
