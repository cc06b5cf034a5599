//! Data-subject requests (§7, GDPR Art. 12–22): what was asked, when, by whom, and the deadline
//! that follows (see `deadline` for the calendar rules).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::coded_enum;
use super::customer::CustomerId;
use super::deadline::{self, Urgency};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RequestId(pub i64);

/// The rules a request's changes are refused by (`store::Error::NotAllowed`), in English; `i18n`
/// has each one's Finnish.
pub mod rule {
    pub const CLOSED: &str = "the request is already closed";
    pub const NO_GOING_BACK: &str = "a request's status cannot go back";
    pub const IDENTITY_NOT_VERIFIED: &str = "the person's identity is not verified";
    pub const IDENTITY_ALREADY_VERIFIED: &str = "the identity is already verified";
    pub const REFUSAL_NEEDS_REASON: &str = "a refusal needs its reason";
    pub const EXTENSION_AFTER_FIRST_MONTH: &str = "a deadline can be extended only within the first month";
    pub const TOLD_BEFORE_RECEIPT: &str = "the person cannot be told before the request was received";
    pub const ANSWERED_BEFORE_RECEIPT: &str = "a request cannot be answered before it was received";
    pub const NOT_A_RESTRICTION: &str = "only a restriction request can be lifted";
    pub const REFUSED_RESTRICTS_NOTHING: &str = "a refused request restricts nothing";
    pub const LIFTED_BEFORE_REQUEST: &str = "a restriction cannot be lifted before it was requested";
    pub const ALREADY_LIFTED: &str = "the restriction is already lifted";
    /// Every rule: the translation test walks them.
    pub const ALL: &[&str] = &[
        CLOSED,
        NO_GOING_BACK,
        IDENTITY_NOT_VERIFIED,
        IDENTITY_ALREADY_VERIFIED,
        REFUSAL_NEEDS_REASON,
        EXTENSION_AFTER_FIRST_MONTH,
        TOLD_BEFORE_RECEIPT,
        ANSWERED_BEFORE_RECEIPT,
        NOT_A_RESTRICTION,
        REFUSED_RESTRICTS_NOTHING,
        LIFTED_BEFORE_REQUEST,
        ALREADY_LIFTED,
    ];
}

coded_enum! {
    pub enum RequestKind {
        Access = "access",
        Rectification = "rectification",
        Erasure = "erasure",
        Objection = "objection",
        ConsentWithdrawal = "consent_withdrawal",
        Restriction = "restriction",
        Portability = "portability",
    }
}

coded_enum! {
    pub enum RequestChannel {
        SignedLetter = "signed_letter",
        Email = "email",
        InPerson = "in_person",
        Phone = "phone",
    }
}

coded_enum! {
    /// received → identity verified → in progress → answered, or refused with a reason.
    pub enum RequestStatus {
        Received = "received",
        IdentityVerified = "identity_verified",
        InProgress = "in_progress",
        Answered = "answered",
        Refused = "refused",
    }
}

impl RequestStatus {
    /// Answered and refused requests have no deadline left to keep.
    pub fn is_open(self) -> bool {
        !matches!(self, RequestStatus::Answered | RequestStatus::Refused)
    }

    /// How far along the flow a status is; a request never moves to a lower step.
    fn step(self) -> u8 {
        match self {
            RequestStatus::Received => 0,
            RequestStatus::IdentityVerified => 1,
            RequestStatus::InProgress => 2,
            RequestStatus::Answered | RequestStatus::Refused => 3,
        }
    }
}

/// One field a rectification changed (GDPR Art. 16): the request keeps what it was and became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestChange {
    /// The field's name as the form shows it ("email", "last_name").
    pub field: String,
    pub before: String,
    pub after: String,
    pub changed_at: NaiveDateTime,
}

/// A data-subject request as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: RequestId,
    /// "2026-0007": what letters and the CSV export name the request by.
    pub reference: String,
    /// `None` for a person not in the register (the reply then says so).
    pub customer_id: Option<CustomerId>,
    /// The name the person gave, shown when they are not in the register.
    pub subject_name: String,
    pub kind: RequestKind,
    pub channel: RequestChannel,
    pub received_on: NaiveDate,
    /// 0, 1 or 2 further months (GDPR Art. 12(3)).
    pub extension_months: u32,
    pub extension_reason: String,
    pub status: RequestStatus,
    pub identity_verified: bool,
    pub identity_method: String,
    pub refusal_reason: String,
    pub answered_on: Option<NaiveDate>,
    pub reply_sha256: String,
    pub notes: String,
}

impl Request {
    /// A request just received: no reference or id yet (the store gives them), identity not
    /// verified, no extension.
    pub fn received(
        kind: RequestKind,
        channel: RequestChannel,
        received_on: NaiveDate,
        customer_id: Option<CustomerId>,
    ) -> Self {
        Self {
            id: RequestId(0),
            reference: String::new(),
            customer_id,
            subject_name: String::new(),
            kind,
            channel,
            received_on,
            extension_months: 0,
            extension_reason: String::new(),
            status: RequestStatus::Received,
            identity_verified: false,
            identity_method: String::new(),
            refusal_reason: String::new(),
            answered_on: None,
            reply_sha256: String::new(),
            notes: String::new(),
        }
    }

    /// The day the answer is due, extension included.
    pub fn due_on(&self) -> NaiveDate {
        if self.extension_months == 0 {
            return deadline::request_due_date(self.received_on);
        }
        deadline::extended_due_date(self.received_on, self.extension_months)
            .unwrap_or_else(|_| deadline::request_due_date(self.received_on))
    }

    /// How pressing the request is today; closed requests are never overdue.
    pub fn urgency(&self, today: NaiveDate) -> Option<Urgency> {
        self.status.is_open().then(|| deadline::urgency(today, self.due_on()))
    }

    /// Why the request cannot move on to `next`, or `None` when it can: received → identity
    /// verified → in progress → answered, or refused from any open step; never back, never out of
    /// answered or refused, and never past received before the person's identity is verified.
    /// Moving to the status it already has is no change and not refused. The reason a refusal
    /// needs is checked where the refusal is made.
    pub fn status_change_refusal(&self, next: RequestStatus) -> Option<&'static str> {
        if next == self.status {
            return None;
        }
        if !self.status.is_open() {
            return Some(rule::CLOSED);
        }
        if next.step() < self.status.step() {
            return Some(rule::NO_GOING_BACK);
        }
        if next != RequestStatus::Refused && !self.identity_verified {
            return Some(rule::IDENTITY_NOT_VERIFIED);
        }
        None
    }

    /// Waiting for the person's identity to be verified before anything else can be done.
    pub fn awaits_identity(&self) -> bool {
        self.status == RequestStatus::Received && !self.identity_verified
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(received_on: NaiveDate) -> Request {
        Request {
            id: RequestId(1),
            reference: "2026-0001".into(),
            customer_id: Some(CustomerId(1)),
            subject_name: String::new(),
            kind: RequestKind::Access,
            channel: RequestChannel::SignedLetter,
            received_on,
            extension_months: 0,
            extension_reason: String::new(),
            status: RequestStatus::Received,
            identity_verified: false,
            identity_method: String::new(),
            refusal_reason: String::new(),
            answered_on: None,
            reply_sha256: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn a_request_moves_forward_only_and_is_answered_only_after_identity() {
        let mut unverified = request(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert!(unverified.status_change_refusal(RequestStatus::Answered).is_some());
        assert!(unverified.status_change_refusal(RequestStatus::InProgress).is_some());
        assert_eq!(unverified.status_change_refusal(RequestStatus::Refused), None);
        unverified.identity_verified = true;
        unverified.status = RequestStatus::InProgress;
        assert_eq!(unverified.status_change_refusal(RequestStatus::Answered), None);
        assert!(unverified.status_change_refusal(RequestStatus::IdentityVerified).is_some());
        unverified.status = RequestStatus::Answered;
        assert!(unverified.status_change_refusal(RequestStatus::InProgress).is_some());
        assert!(unverified.status_change_refusal(RequestStatus::Refused).is_some());
    }

    #[test]
    fn reply_due_one_month_after_receipt_at_month_end() {
        let received = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        // 28.2.2026 is a Saturday: the deadline moves to Monday 2.3.
        assert_eq!(request(received).due_on(), NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    }

    #[test]
    fn an_extension_moves_the_deadline_and_answered_requests_are_never_overdue() {
        let received = NaiveDate::from_ymd_opt(2026, 9, 15).unwrap();
        let mut extended = request(received);
        extended.extension_months = 2;
        assert_eq!(extended.due_on(), NaiveDate::from_ymd_opt(2026, 12, 15).unwrap());
        let late = NaiveDate::from_ymd_opt(2027, 1, 10).unwrap();
        assert_eq!(extended.urgency(late), Some(Urgency::Overdue));
        extended.status = RequestStatus::Answered;
        assert_eq!(extended.urgency(late), None);
    }
}
