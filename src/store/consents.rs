//! The consent and objection ledgers: appending events (never editing them) and reading them back,
//! per person and as counts per purpose for the Consents tab.

use rusqlite::{Connection, Row, params};

use super::{Error, Result, Store, parse_code, parse_stored_time, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::consent::{Channel, ConsentAction, ConsentEvent, ObjectionAction, ObjectionEvent, ObjectionKind};
use crate::domain::customer::{CustomerId, Source};
use crate::domain::register::PurposeId;
use crate::domain::user::UserId;

pub(super) fn insert_consent(conn: &Connection, customer: CustomerId, event: &ConsentEvent, now: &str) -> Result<i64> {
    if event.action == ConsentAction::Given && event.evidence.trim().is_empty() {
        return Err(Error::ConsentWithoutEvidence);
    }
    conn.prepare_cached(
        "INSERT INTO consent_event (customer_id, purpose_id, channel, action, occurred_at, source, evidence, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        customer.0,
        event.purpose_id.0,
        event.channel.code(),
        event.action.code(),
        time_text(event.occurred_at),
        event.source.code(),
        event.evidence.trim(),
        event.recorded_by.0,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn insert_objection(
    conn: &Connection,
    customer: CustomerId,
    event: &ObjectionEvent,
    now: &str,
) -> Result<i64> {
    if event.action == ObjectionAction::Lifted && event.evidence.trim().is_empty() {
        return Err(Error::LiftWithoutEvidence);
    }
    conn.prepare_cached(
        "INSERT INTO objection_event (customer_id, kind, action, occurred_at, source, evidence, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        customer.0,
        event.kind.code(),
        event.action.code(),
        time_text(event.occurred_at),
        event.source.code(),
        event.evidence.trim(),
        event.recorded_by.0,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Columns 3 to 7 of a ledger row: channel, action, occurred_at, source, evidence.
fn consent_texts(row: &Row<'_>) -> rusqlite::Result<[String; 5]> {
    Ok([row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?])
}

/// How many people currently have consent for one purpose over one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentCount {
    pub purpose_id: PurposeId,
    pub channel: Channel,
    pub given: i64,
    pub withdrawn: i64,
}

impl Store {
    /// Appends a consent event (given or withdrawn). A consent is never given without evidence.
    pub fn record_consent(&mut self, event: &ConsentEvent) -> Result<i64> {
        let mut event = event.clone();
        event.recorded_by = self.actor;
        self.write(|tx| {
            let id = insert_consent(tx, event.customer_id, &event, &time_text(tx.now))?;
            let detail =
                format!("{} {} {}", event.action.code(), purpose_code(tx, event.purpose_id)?, event.channel.code());
            tx.audit(AuditAction::ConsentRecorded, Some(event.customer_id), &detail)?;
            Ok(id)
        })
    }

    /// Appends an objection event (made or lifted).
    pub fn record_objection(&mut self, event: &ObjectionEvent) -> Result<i64> {
        let mut event = event.clone();
        event.recorded_by = self.actor;
        self.write(|tx| {
            let id = insert_objection(tx, event.customer_id, &event, &time_text(tx.now))?;
            let detail = format!("{} {}", event.action.code(), event.kind.code());
            tx.audit(AuditAction::ObjectionRecorded, Some(event.customer_id), &detail)?;
            Ok(id)
        })
    }

    /// A person's consent ledger, oldest first.
    pub fn consent_events(&self, customer: CustomerId) -> Result<Vec<ConsentEvent>> {
        self.consent_events_where("customer_id = ?1 ORDER BY occurred_at, id", customer.0)
    }

    /// The newest entries of the whole ledger, newest first.
    pub fn recent_consent_events(&self, limit: usize) -> Result<Vec<ConsentEvent>> {
        self.consent_events_where("1 ORDER BY id DESC LIMIT ?1", i64::try_from(limit).unwrap_or(i64::MAX))
    }

    fn consent_events_where(&self, condition: &str, parameter: i64) -> Result<Vec<ConsentEvent>> {
        consent_events_where(&self.conn, condition, [parameter])
    }

    /// A person's objection ledger, oldest first.
    pub fn objection_events(&self, customer: CustomerId) -> Result<Vec<ObjectionEvent>> {
        objection_events_where(&self.conn, "customer_id = ?1 ORDER BY occurred_at, id", [customer.0])
    }

    /// Per purpose and channel, how many people's latest event is a consent and how many a
    /// withdrawal: the same fold as `domain::consent`, done by the database over the ledger.
    pub fn consent_counts(&self) -> Result<Vec<ConsentCount>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT purpose_id, channel,
                    sum(action = 'given'), sum(action = 'withdrawn')
             FROM (SELECT purpose_id, channel, action,
                          row_number() OVER (PARTITION BY customer_id, purpose_id, channel ORDER BY occurred_at DESC, id DESC) AS newest
                   FROM consent_event)
             WHERE newest = 1
             GROUP BY purpose_id, channel ORDER BY purpose_id, channel",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?, row.get::<_, i64>(2)?, row.get::<_, i64>(3)?))
        })?;
        let mut counts = Vec::new();
        for row in rows {
            let (purpose_id, channel, given, withdrawn) = row?;
            counts.push(ConsentCount {
                purpose_id: PurposeId(purpose_id),
                channel: parse_code("channel", &channel, Channel::from_code)?,
                given,
                withdrawn,
            });
        }
        Ok(counts)
    }

    /// The number of people with a standing objection of each kind.
    pub fn objection_counts(&self) -> Result<Vec<(ObjectionKind, i64)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT kind, count(*) FROM (SELECT kind, action,
                     row_number() OVER (PARTITION BY customer_id, kind ORDER BY occurred_at DESC, id DESC) AS newest
                   FROM objection_event)
             WHERE newest = 1 AND action = 'made' GROUP BY kind ORDER BY kind",
        )?;
        let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
        let mut counts = Vec::new();
        for row in rows {
            let (kind, count) = row?;
            counts.push((parse_code("objection", &kind, ObjectionKind::from_code)?, count));
        }
        Ok(counts)
    }
}

fn purpose_code(conn: &Connection, id: PurposeId) -> Result<String> {
    match conn.query_row("SELECT code FROM purpose WHERE id = ?1", [id.0], |row| row.get(0)) {
        Err(rusqlite::Error::QueryReturnedNoRows) => Err(Error::NotFound("purpose")),
        other => Ok(other?),
    }
}

impl Store {
    /// Withdraws every consent that stands now for `customer` (§7: "the right to withdraw all
    /// consents"), each as its own ledger event with the same source and evidence, in one
    /// transaction. Returns how many were withdrawn.
    pub fn withdraw_all_consents(&mut self, customer: CustomerId, source: Source, evidence: &str) -> Result<usize> {
        let actor = self.actor;
        self.write(|tx| {
            // Folded inside the transaction, so a consent given a moment ago in another window is
            // withdrawn too.
            let events = consent_events_where(tx, "customer_id = ?1", [customer.0])?;
            let standing: Vec<(PurposeId, Channel)> = crate::domain::consent::current_consents(&events)
                .into_iter()
                .filter(|(_, state)| state.given)
                .map(|(key, _)| key)
                .collect();
            let now = tx.now;
            for (purpose, channel) in &standing {
                let event = ConsentEvent {
                    id: 0,
                    customer_id: customer,
                    purpose_id: *purpose,
                    channel: *channel,
                    action: ConsentAction::Withdrawn,
                    occurred_at: now,
                    source,
                    evidence: evidence.to_owned(),
                    recorded_by: actor,
                };
                insert_consent(tx, customer, &event, &time_text(now))?;
            }
            tx.audit(
                AuditAction::ConsentRecorded,
                Some(customer),
                &format!("all consents withdrawn: {}", standing.len()),
            )?;
            Ok(standing.len())
        })
    }
}

pub(super) fn consent_events_where(
    conn: &Connection,
    condition: &str,
    parameters: impl rusqlite::Params,
) -> Result<Vec<ConsentEvent>> {
    let sql = format!(
        "SELECT id, customer_id, purpose_id, channel, action, occurred_at, source, evidence, recorded_by FROM consent_event WHERE {condition}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(parameters, |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
            consent_texts(row)?,
            row.get::<_, i64>(8)?,
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let (id, customer_id, purpose_id, [channel, action, occurred_at, source, evidence], recorded_by) = row?;
        events.push(ConsentEvent {
            id,
            customer_id: CustomerId(customer_id),
            purpose_id: PurposeId(purpose_id),
            channel: parse_code("channel", &channel, Channel::from_code)?,
            action: parse_code("consent action", &action, ConsentAction::from_code)?,
            occurred_at: parse_stored_time(&occurred_at)?,
            source: parse_code("source", &source, Source::from_code)?,
            evidence,
            recorded_by: UserId(recorded_by),
        });
    }
    Ok(events)
}

pub(super) fn objection_events_where(
    conn: &Connection,
    condition: &str,
    parameters: impl rusqlite::Params,
) -> Result<Vec<ObjectionEvent>> {
    let sql = format!(
        "SELECT id, customer_id, kind, action, occurred_at, source, evidence, recorded_by FROM objection_event WHERE {condition}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(parameters, |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, i64>(1)?,
            [row.get::<_, String>(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?],
            row.get::<_, i64>(7)?,
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let (id, customer_id, [kind, action, occurred_at, source, evidence], recorded_by) = row?;
        events.push(ObjectionEvent {
            id,
            customer_id: CustomerId(customer_id),
            kind: parse_code("objection", &kind, ObjectionKind::from_code)?,
            action: parse_code("objection action", &action, ObjectionAction::from_code)?,
            occurred_at: parse_stored_time(&occurred_at)?,
            source: parse_code("source", &source, Source::from_code)?,
            evidence,
            recorded_by: UserId(recorded_by),
        });
    }
    Ok(events)
}
