//! Working a data-subject request through to its answer (GDPR Art. 12–18): verifying the person's
//! identity, moving the status along its one-way flow, refusing with a reason, extending the
//! deadline within the first month, recording the printed reply, rectifications and restrictions,
//! and gathering the dossier an access reply is printed from.
//!
//! Not here: registering and listing requests (`requests.rs`), the status rules themselves
//! (`domain::request`), or laying out the reply (`report::access_reply`). Audit rows name the
//! request by its reference and say what changed, never the person's data, a free-text reason or
//! the identity method.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension as _, params};

use super::requests::{REQUEST_COLUMNS, finish_request, request_from_row};
use super::{Error, Result, Store, Tx, date_text, parse_code, parse_stored_date, parse_stored_time, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::consent::{Channel, Disclosure};
use crate::domain::customer::CustomerId;
use crate::domain::deadline;
use crate::domain::dossier::Dossier;
use crate::domain::register::PurposeId;
use crate::domain::request::{Request, RequestChange, RequestId, RequestKind, RequestStatus, rule};
use crate::domain::validate::ValidationError;

/// A request as stored, read inside or outside a write.
pub(super) fn load_request(conn: &Connection, id: RequestId) -> Result<Request> {
    let sql = format!("SELECT {REQUEST_COLUMNS} FROM request WHERE id = ?1");
    let row = conn.prepare_cached(&sql)?.query_row([id.0], request_from_row).optional()?;
    finish_request(row.ok_or(Error::NotFound("request"))?)
}

/// Refuses an empty free-text field (a method, a reason) before anything is written.
fn required(field: &'static str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::Invalid { field, error: ValidationError::Empty });
    }
    Ok(())
}

/// Refuses the move to `next` when the status flow forbids it.
pub(super) fn check_status_change(request: &Request, next: RequestStatus) -> Result<()> {
    match request.status_change_refusal(next) {
        Some(rule) => Err(Error::NotAllowed(rule)),
        None => Ok(()),
    }
}

/// Writes the new status (and the day it was answered, for `Answered`) with its audit row.
pub(super) fn write_status(
    tx: &mut Tx<'_>,
    request: &Request,
    status: RequestStatus,
    answered_on: Option<NaiveDate>,
) -> Result<()> {
    tx.execute(
        "UPDATE request SET status = ?2, answered_on = coalesce(?3, answered_on), updated_at = ?4 WHERE id = ?1",
        params![request.id.0, status.code(), answered_on.map(date_text), time_text(tx.now)],
    )?;
    let detail = format!("{} status {}", request.reference, status.code());
    tx.audit(AuditAction::RequestUpdated, request.customer_id, &detail)
}

pub(super) fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
}

impl Store {
    /// One request by its id.
    pub fn request(&self, id: RequestId) -> Result<Request> {
        load_request(&self.conn, id)
    }

    /// One request by its reference ("2026-0007"), as letters and the command line name it.
    pub fn request_by_reference(&self, reference: &str) -> Result<Request> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM request WHERE reference = ?1")?
            .query_row([reference.trim()], |row| row.get(0))
            .optional()?;
        self.request(RequestId(id.ok_or(Error::NotFound("request"))?))
    }

    /// Records how the person's identity was checked (and by whom: the acting user); a request
    /// still at received moves to identity verified. The method is required.
    pub fn verify_identity(&mut self, id: RequestId, method: &str) -> Result<()> {
        required("identity method", method)?;
        self.write(|tx| {
            let request = load_request(tx, id)?;
            if !request.status.is_open() {
                return Err(Error::NotAllowed(rule::CLOSED));
            }
            if request.identity_verified {
                return Err(Error::NotAllowed(rule::IDENTITY_ALREADY_VERIFIED));
            }
            let status = if request.status == RequestStatus::Received {
                RequestStatus::IdentityVerified
            } else {
                request.status
            };
            tx.execute(
                "UPDATE request SET identity_verified = 1, identity_method = ?2, identity_verified_by = ?3, status = ?4,
                     updated_at = ?5 WHERE id = ?1",
                params![id.0, method.trim(), tx.actor.0, status.code(), time_text(tx.now)],
            )?;
            let detail = format!("{} identity verified", request.reference);
            tx.audit(AuditAction::RequestUpdated, request.customer_id, &detail)
        })
    }

    /// Moves a request along received → identity verified → in progress → answered. Refusing
    /// goes through [`Store::refuse_request`] (it needs a reason); a status never goes back, a
    /// closed request stays closed, and nothing moves past received before identity is verified.
    /// Answering here dates the answer today; a printed reply is recorded by [`Store::record_reply`].
    pub fn set_request_status(&mut self, id: RequestId, status: RequestStatus) -> Result<()> {
        if status == RequestStatus::Refused {
            return Err(Error::NotAllowed(rule::REFUSAL_NEEDS_REASON));
        }
        let today = super::today();
        self.write(|tx| {
            let request = load_request(tx, id)?;
            check_status_change(&request, status)?;
            let answered_on = (status == RequestStatus::Answered).then_some(today);
            write_status(tx, &request, status, answered_on)
        })
    }

    /// Refuses an open request (Art. 12(5)); the reason, told to the person, is required.
    pub fn refuse_request(&mut self, id: RequestId, reason: &str) -> Result<()> {
        required("refusal reason", reason)?;
        self.write(|tx| {
            let request = load_request(tx, id)?;
            check_status_change(&request, RequestStatus::Refused)?;
            tx.execute("UPDATE request SET refusal_reason = ?2 WHERE id = ?1", params![id.0, reason.trim()])?;
            write_status(tx, &request, RequestStatus::Refused, None)
        })
    }

    /// Extends the deadline by one or two months (Art. 12(3)), with the reason told to the person
    /// on `notified_on`. Allowed only within the first month, as of today.
    pub fn extend_request(
        &mut self,
        id: RequestId,
        extra_months: u32,
        reason: &str,
        notified_on: NaiveDate,
    ) -> Result<()> {
        self.extend_request_as_of(id, extra_months, reason, notified_on, super::today())
    }

    /// [`Store::extend_request`] as of `today`: the first month is over once `today` is past the
    /// original due date, and the person must have been told by then too.
    pub fn extend_request_as_of(
        &mut self,
        id: RequestId,
        extra_months: u32,
        reason: &str,
        notified_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<()> {
        required("extension reason", reason)?;
        self.write(|tx| {
            let request = load_request(tx, id)?;
            if !request.status.is_open() {
                return Err(Error::NotAllowed(rule::CLOSED));
            }
            let first_due = deadline::request_due_date(request.received_on);
            if today > first_due || notified_on > first_due {
                return Err(Error::NotAllowed(rule::EXTENSION_AFTER_FIRST_MONTH));
            }
            if notified_on < request.received_on {
                return Err(Error::NotAllowed(rule::TOLD_BEFORE_RECEIPT));
            }
            let due_on = deadline::extended_due_date(request.received_on, extra_months)
                .map_err(|_| Error::BadValue { column: "extension_months", value: extra_months.to_string() })?;
            tx.execute(
                "UPDATE request SET extension_months = ?2, extension_reason = ?3, extension_notified_on = ?4, due_on = ?5,
                     updated_at = ?6 WHERE id = ?1",
                params![id.0, extra_months, reason.trim(), date_text(notified_on), date_text(due_on), time_text(tx.now)],
            )?;
            let detail = format!("{} extended {extra_months} months", request.reference);
            tx.audit(AuditAction::RequestUpdated, request.customer_id, &detail)
        })
    }

    /// The day the request must be answered by, as stored (extension included).
    pub fn request_due_on(&self, id: RequestId) -> Result<NaiveDate> {
        let due_on: Option<String> = self
            .conn
            .prepare_cached("SELECT due_on FROM request WHERE id = ?1")?
            .query_row([id.0], |row| row.get(0))
            .optional()?;
        parse_stored_date(&due_on.ok_or(Error::NotFound("request"))?)
    }

    /// Records the reply printed for a request: the request is answered on `answered_on`, and the
    /// file's SHA-256 (lower-case hex) proves later which letter went out.
    pub fn record_reply(&mut self, id: RequestId, sha256: &str, file: &str, answered_on: NaiveDate) -> Result<()> {
        if !is_sha256_hex(sha256) {
            return Err(Error::BadValue { column: "reply_sha256", value: sha256.to_owned() });
        }
        self.write(|tx| {
            let request = load_request(tx, id)?;
            check_status_change(&request, RequestStatus::Answered)?;
            if request.status == RequestStatus::Answered {
                return Err(Error::NotAllowed(rule::CLOSED));
            }
            if answered_on < request.received_on {
                return Err(Error::NotAllowed(rule::ANSWERED_BEFORE_RECEIPT));
            }
            tx.execute(
                "UPDATE request SET status = ?2, answered_on = ?3, reply_sha256 = ?4, reply_file = ?5, updated_at = ?6
                 WHERE id = ?1",
                params![id.0, RequestStatus::Answered.code(), date_text(answered_on), sha256, file, time_text(tx.now)],
            )?;
            let detail = format!("{} sha256 {sha256}", request.reference);
            tx.audit(AuditAction::ReplyPrinted, request.customer_id, &detail)
        })
    }

    /// The postal address a request gave, lines separated by `'\n'`: where a reply to a person
    /// who is not in the register goes.
    pub fn set_subject_address(&mut self, id: RequestId, address: &str) -> Result<()> {
        self.write(|tx| {
            let request = load_request(tx, id)?;
            tx.execute(
                "UPDATE request SET subject_address = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.0, address.trim(), time_text(tx.now)],
            )?;
            let detail = format!("{} subject address", request.reference);
            tx.audit(AuditAction::RequestUpdated, request.customer_id, &detail)
        })
    }

    /// Everything the register holds on the person a request is from, for the access reply;
    /// a dossier without a customer when the request names no one in the register.
    pub fn dossier(&self, request_id: RequestId) -> Result<Dossier> {
        let request = self.request(request_id)?;
        let subject_address: String = self
            .conn
            .prepare_cached("SELECT subject_address FROM request WHERE id = ?1")?
            .query_row([request_id.0], |row| row.get(0))?;
        let Some(customer_id) = request.customer_id else {
            return Ok(Dossier::not_in_register(request, subject_address));
        };
        Ok(Dossier {
            customer: Some(self.customer(customer_id)?),
            consents: self.consent_events(customer_id)?,
            objections: self.objection_events(customer_id)?,
            requests: self.requests_of(customer_id)?,
            disclosures: self.disclosures_of(customer_id)?,
            subject_address,
            request,
        })
    }

    /// The disclosures (marketing lists and the like) a person was included in, oldest first.
    pub fn disclosures_of(&self, customer: CustomerId) -> Result<Vec<Disclosure>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT d.id, d.recipient, d.purpose_id, d.channel, d.disclosed_at, d.row_count, d.sha256
             FROM disclosure d JOIN disclosure_member m ON m.disclosure_id = d.id
             WHERE m.customer_id = ?1 ORDER BY d.disclosed_at, d.id",
        )?;
        let rows = statement.query_map([customer.0], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<i64>>(2)?,
                [row.get::<_, String>(3)?, row.get(4)?],
                row.get::<_, i64>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        let mut disclosures = Vec::new();
        for row in rows {
            let (id, recipient, purpose_id, [channel, disclosed_at], row_count, sha256) = row?;
            // Stamped as a time like every other row; a bare date is accepted too.
            let disclosed_on = match parse_stored_time(&disclosed_at) {
                Ok(time) => time.date(),
                Err(_) => parse_stored_date(&disclosed_at)?,
            };
            disclosures.push(Disclosure {
                id,
                recipient,
                purpose_id: purpose_id.map(PurposeId),
                channel: parse_code("channel", &channel, Channel::from_code)?,
                disclosed_on,
                row_count,
                sha256,
            });
        }
        Ok(disclosures)
    }

    /// Records one field a rectification changed (the field itself is edited with
    /// `update_customer`); the request keeps the value before and after.
    pub fn record_rectification(&mut self, id: RequestId, field: &str, before: &str, after: &str) -> Result<()> {
        required("field", field)?;
        self.write(|tx| {
            let request = load_request(tx, id)?;
            if !request.status.is_open() {
                return Err(Error::NotAllowed(rule::CLOSED));
            }
            tx.execute(
                "INSERT INTO request_change (request_id, field, before, after, changed_at, user_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id.0, field.trim(), before, after, time_text(tx.now), tx.actor.0],
            )?;
            // The field's name only: its values are personal data.
            let detail = format!("{} rectified {}", request.reference, field.trim());
            tx.audit(AuditAction::RequestUpdated, request.customer_id, &detail)
        })
    }

    /// The fields a request's rectification changed, in the order they were changed.
    pub fn request_changes(&self, id: RequestId) -> Result<Vec<RequestChange>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT field, before, after, changed_at FROM request_change WHERE request_id = ?1 ORDER BY changed_at, id",
        )?;
        let rows =
            statement.query_map([id.0], |row| Ok([row.get::<_, String>(0)?, row.get(1)?, row.get(2)?, row.get(3)?]))?;
        let mut changes = Vec::new();
        for row in rows {
            let [field, before, after, changed_at] = row?;
            changes.push(RequestChange { field, before, after, changed_at: parse_stored_time(&changed_at)? });
        }
        Ok(changes)
    }

    /// The people whose processing is restricted (Art. 18): a restriction request not refused and
    /// not lifted. Their data is kept but not used, e.g. left out of marketing lists.
    pub fn restricted_customers(&self) -> Result<Vec<CustomerId>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT customer_id FROM request
             WHERE kind = ?1 AND status <> ?2 AND restriction_lifted_on IS NULL AND customer_id IS NOT NULL
             ORDER BY customer_id",
        )?;
        let rows = statement
            .query_map(params![RequestKind::Restriction.code(), RequestStatus::Refused.code()], |row| {
                row.get::<_, i64>(0)
            })?;
        rows.map(|row| Ok(CustomerId(row?))).collect()
    }

    /// Whether the person's processing is restricted (see [`Store::restricted_customers`]).
    pub fn is_restricted(&self, customer: CustomerId) -> Result<bool> {
        let restricted = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM request
                 WHERE customer_id = ?1 AND kind = ?2 AND status <> ?3 AND restriction_lifted_on IS NULL)",
            )?
            .query_row(params![customer.0, RequestKind::Restriction.code(), RequestStatus::Refused.code()], |row| {
                row.get(0)
            })?;
        Ok(restricted)
    }

    /// Lifts the restriction a restriction request placed, as of `on`.
    pub fn lift_restriction(&mut self, id: RequestId, on: NaiveDate) -> Result<()> {
        self.write(|tx| {
            let request = load_request(tx, id)?;
            if request.kind != RequestKind::Restriction {
                return Err(Error::NotAllowed(rule::NOT_A_RESTRICTION));
            }
            if request.status == RequestStatus::Refused {
                return Err(Error::NotAllowed(rule::REFUSED_RESTRICTS_NOTHING));
            }
            if on < request.received_on {
                return Err(Error::NotAllowed(rule::LIFTED_BEFORE_REQUEST));
            }
            let changed = tx.execute(
                "UPDATE request SET restriction_lifted_on = ?2, updated_at = ?3
                 WHERE id = ?1 AND restriction_lifted_on IS NULL",
                params![id.0, date_text(on), time_text(tx.now)],
            )?;
            if changed == 0 {
                return Err(Error::NotAllowed(rule::ALREADY_LIFTED));
            }
            let detail = format!("{} restriction lifted", request.reference);
            tx.audit(AuditAction::RequestUpdated, request.customer_id, &detail)
        })
    }
}

impl Store {
    /// Files the scanned request letter (or another document) with the request; it goes with the
    /// request's person (and is erased with them).
    pub fn add_request_letter(
        &mut self,
        id: RequestId,
        file_name: &str,
        media_type: &str,
        content: &[u8],
    ) -> Result<i64> {
        let request = self.request(id)?;
        let sha256 = super::sha256_hex(content);
        let today = super::today();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO attachment (customer_id, request_id, kind, file_name, media_type, size_bytes, sha256, content,
                                         source, source_detail, obtained_on)
                 VALUES (?1, ?2, 'scanned_letter', ?3, ?4, ?5, ?6, ?7, 'other', ?8, ?9)",
                params![
                    request.customer_id.map(|customer| customer.0),
                    id.0,
                    file_name,
                    media_type,
                    i64::try_from(content.len()).unwrap_or(i64::MAX),
                    sha256,
                    content,
                    request.reference,
                    super::date_text(today)
                ],
            )?;
            let attachment_id = tx.last_insert_rowid();
            tx.audit(AuditAction::RequestUpdated, request.customer_id, &format!("{} letter attached, sha256 {sha256}", request.reference))?;
            Ok(attachment_id)
        })
    }

    /// The documents filed with a request: (attachment id, file name, size in bytes).
    pub fn request_letters(&self, id: RequestId) -> Result<Vec<(i64, String, i64)>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, file_name, size_bytes FROM attachment WHERE request_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([id.0], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
