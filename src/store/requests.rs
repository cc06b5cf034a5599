//! Data-subject requests: registering them with their deadline, and listing them by due date.

use chrono::NaiveDate;
use rusqlite::{Row, params};

use super::{Error, Result, Store, date_text, parse_code, parse_stored_date, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::customer::CustomerId;
use crate::domain::deadline::{self, Urgency};
use crate::domain::request::{Request, RequestChannel, RequestId, RequestKind, RequestStatus};

pub(super) const REQUEST_COLUMNS: &str =
    "id, reference, customer_id, subject_name, kind, channel, received_on, extension_months,
    extension_reason, status, identity_verified, identity_method, refusal_reason, answered_on, reply_sha256, notes";

pub(super) fn request_from_row(row: &Row<'_>) -> rusqlite::Result<(Request, [String; 4], Option<String>)> {
    let request = Request {
        id: RequestId(row.get(0)?),
        reference: row.get(1)?,
        customer_id: row.get::<_, Option<i64>>(2)?.map(CustomerId),
        subject_name: row.get(3)?,
        kind: RequestKind::Access,
        channel: RequestChannel::SignedLetter,
        received_on: NaiveDate::MIN,
        extension_months: row.get(7)?,
        extension_reason: row.get(8)?,
        status: RequestStatus::Received,
        identity_verified: row.get(10)?,
        identity_method: row.get(11)?,
        refusal_reason: row.get(12)?,
        answered_on: None,
        reply_sha256: row.get(14)?,
        notes: row.get(15)?,
    };
    Ok((request, [row.get(4)?, row.get(5)?, row.get(6)?, row.get(9)?], row.get(13)?))
}

pub(super) fn finish_request(
    (mut request, [kind, channel, received_on, status], answered_on): (Request, [String; 4], Option<String>),
) -> Result<Request> {
    request.kind = parse_code("request kind", &kind, RequestKind::from_code)?;
    request.channel = parse_code("request channel", &channel, RequestChannel::from_code)?;
    request.received_on = parse_stored_date(&received_on)?;
    request.status = parse_code("request status", &status, RequestStatus::from_code)?;
    request.answered_on = answered_on.as_deref().map(parse_stored_date).transpose()?;
    Ok(request)
}

/// What the top bar counts: open requests past their deadline, due within a week, and waiting
/// for the person's identity to be verified.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestAlerts {
    pub overdue: usize,
    pub due_within_week: usize,
    pub awaiting_identity: usize,
}

impl Store {
    /// Registers a request; the reference ("2026-0007") and the due date are set here. Fields
    /// `id` and `reference` of `request` are ignored.
    pub fn add_request(&mut self, request: &Request) -> Result<(RequestId, String)> {
        if request.extension_months > 2 {
            return Err(Error::BadValue { column: "extension_months", value: request.extension_months.to_string() });
        }
        self.write(|tx| {
            let year = date_text(request.received_on)[..4].to_owned();
            let sequence: i64 = tx.query_row(
                "SELECT coalesce(max(CAST(substr(reference, 6) AS INTEGER)), 0) + 1 FROM request WHERE reference LIKE ?1 || '-%'",
                [&year],
                |row| row.get(0),
            )?;
            let reference = format!("{year}-{sequence:04}");
            let now = time_text(tx.now);
            tx.execute(
                "INSERT INTO request (reference, customer_id, subject_name, kind, channel, received_on, due_on, extension_months,
                     extension_reason, status, identity_verified, identity_method, refusal_reason, answered_on, reply_sha256,
                     notes, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
                params![
                    reference,
                    request.customer_id.map(|id| id.0),
                    request.subject_name.trim(),
                    request.kind.code(),
                    request.channel.code(),
                    date_text(request.received_on),
                    date_text(request.due_on()),
                    request.extension_months,
                    request.extension_reason.trim(),
                    request.status.code(),
                    request.identity_verified,
                    request.identity_method.trim(),
                    request.refusal_reason.trim(),
                    request.answered_on.map(date_text),
                    request.reply_sha256,
                    request.notes,
                    now,
                ],
            )?;
            let id = RequestId(tx.last_insert_rowid());
            tx.audit(AuditAction::RequestRegistered, request.customer_id, &format!("{reference} {}", request.kind.code()))?;
            Ok((id, reference))
        })
    }

    /// Every request, the soonest deadline first, closed ones after the open ones.
    pub fn requests(&self) -> Result<Vec<Request>> {
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM request
             ORDER BY status IN ('answered', 'refused'), due_on, id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([], request_from_row)?;
        rows.map(|row| finish_request(row?)).collect()
    }

    /// The requests one person has made, newest first.
    pub fn requests_of(&self, customer: CustomerId) -> Result<Vec<Request>> {
        let sql =
            format!("SELECT {REQUEST_COLUMNS} FROM request WHERE customer_id = ?1 ORDER BY received_on DESC, id DESC");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([customer.0], request_from_row)?;
        rows.map(|row| finish_request(row?)).collect()
    }

    /// Counts for the top bar, as of `today`.
    pub fn request_alerts(&self, today: NaiveDate) -> Result<RequestAlerts> {
        let mut statement = self.conn.prepare_cached(
            "SELECT due_on, status, identity_verified FROM request WHERE status NOT IN ('answered', 'refused')",
        )?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, bool>(2)?)))?;
        let mut alerts = RequestAlerts::default();
        for row in rows {
            let (due_on, status, identity_verified) = row?;
            match deadline::urgency(today, parse_stored_date(&due_on)?) {
                Urgency::Overdue => alerts.overdue += 1,
                Urgency::DueWithinWeek => alerts.due_within_week += 1,
                Urgency::OnTime => {}
            }
            if status == RequestStatus::Received.code() && !identity_verified {
                alerts.awaiting_identity += 1;
            }
        }
        Ok(alerts)
    }
}
