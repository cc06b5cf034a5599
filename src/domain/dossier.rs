//! A dossier: everything the register holds on one person, gathered by the caller before an
//! access reply (GDPR Art. 15) is printed, with the request being answered. The report turns it
//! into a letter without touching the store, so a reply is testable and printable from data alone.
//!
//! Not here: loading a dossier (the store's job) or laying out the letter (`report::access_reply`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Lang;
use super::consent::{ConsentEvent, Disclosure, ObjectionEvent};
use super::customer::{Customer, Source};
use super::request::Request;

/// Everything the register holds on one person, and the request that asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    /// The request being answered.
    pub request: Request,
    /// The person's record; `None` when the register holds nothing on them (the reply says so).
    pub customer: Option<Customer>,
    /// The postal address the request gave, lines separated by `'\n'` (or ", "); what a reply to a
    /// person who is not in the register is sent to. Their name is `request.subject_name`.
    pub subject_address: String,
    pub consents: Vec<ConsentEvent>,
    pub objections: Vec<ObjectionEvent>,
    /// The person's other data-subject requests (the one being answered may be among them).
    pub requests: Vec<Request>,
    /// The disclosures (marketing lists) the person was included in.
    pub disclosures: Vec<Disclosure>,
}

/// How often one source supplied a person's data, and over which days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceUse {
    pub source: Source,
    /// How many recorded data (an address, an order, a consent event …) came from it.
    pub count: usize,
    pub first_on: NaiveDate,
    pub last_on: NaiveDate,
}

impl Dossier {
    /// A dossier for a person the register holds nothing on.
    pub fn not_in_register(request: Request, subject_address: impl Into<String>) -> Self {
        Self {
            request,
            customer: None,
            subject_address: subject_address.into(),
            consents: Vec::new(),
            objections: Vec::new(),
            requests: Vec::new(),
            disclosures: Vec::new(),
        }
    }

    /// The language the reply is written in unless the user picks another: the person's letter
    /// language, Finnish for someone not in the register.
    pub fn letter_lang(&self) -> Lang {
        self.customer.as_ref().map_or(Lang::Fi, |customer| customer.letter_lang)
    }

    /// The name the reply is addressed to: the record's, or the one the request gave.
    pub fn recipient_name(&self) -> String {
        match &self.customer {
            Some(customer) => customer.display_name(),
            None => self.request.subject_name.trim().to_owned(),
        }
    }

    /// Where the person's data came from (§5): every source that supplied any recorded datum,
    /// with how many and when, in the order of [`Source::ALL`]. Consent and objection events
    /// count too: they are data about the person as well.
    pub fn sources(&self) -> Vec<SourceUse> {
        let mut uses: BTreeMap<Source, SourceUse> = BTreeMap::new();
        let mut note = |source: Source, on: NaiveDate| {
            uses.entry(source)
                .and_modify(|used| {
                    used.count += 1;
                    used.first_on = used.first_on.min(on);
                    used.last_on = used.last_on.max(on);
                })
                .or_insert(SourceUse { source, count: 1, first_on: on, last_on: on });
        };
        if let Some(customer) = &self.customer {
            let provenances = std::iter::once(&customer.provenance)
                .chain(customer.addresses.iter().map(|a| &a.provenance))
                .chain(customer.phones.iter().map(|p| &p.provenance))
                .chain(customer.emails.iter().map(|e| &e.provenance))
                .chain(customer.orders.iter().map(|o| &o.provenance))
                .chain(customer.interactions.iter().map(|i| &i.provenance))
                .chain(customer.tags.iter().map(|t| &t.provenance))
                .chain(customer.other_data.iter().map(|d| &d.provenance))
                .chain(customer.attachments.iter().map(|a| &a.provenance));
            for provenance in provenances {
                note(provenance.source, provenance.obtained_on);
            }
        }
        for event in &self.consents {
            note(event.source, event.occurred_at.date());
        }
        for event in &self.objections {
            note(event.source, event.occurred_at.date());
        }
        // `Source`'s derived order is its declaration order, the same as `Source::ALL`.
        uses.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::consent::{Channel, ConsentAction};
    use crate::domain::customer::{CustomerId, CustomerStatus, Email, Provenance};
    use crate::domain::register::PurposeId;
    use crate::domain::request::{RequestChannel, RequestId, RequestKind, RequestStatus};
    use crate::domain::user::UserId;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn request() -> Request {
        Request {
            id: RequestId(7),
            reference: "2026-0007".into(),
            customer_id: None,
            subject_name: " Åsa Öhman ".into(),
            kind: RequestKind::Access,
            channel: RequestChannel::SignedLetter,
            received_on: day(11, 12),
            extension_months: 0,
            extension_reason: String::new(),
            status: RequestStatus::Received,
            identity_verified: true,
            identity_method: String::new(),
            refusal_reason: String::new(),
            answered_on: None,
            reply_sha256: String::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn a_person_not_in_the_register_is_named_as_the_request_names_them() {
        let dossier = Dossier::not_in_register(request(), "Kauppakatu 1\n47200 Elimäki");
        assert_eq!(dossier.recipient_name(), "Åsa Öhman");
        assert_eq!(dossier.letter_lang(), Lang::Fi);
        assert!(dossier.sources().is_empty());
    }

    #[test]
    fn sources_count_every_datum_and_consent_event_with_their_dates() {
        let mut customer = Customer::new(CustomerStatus::Customer, Provenance::new(Source::ReplyCard, "", day(3, 1)));
        customer.letter_lang = Lang::En;
        customer.emails.push(Email {
            address: "asa@example.fi".into(),
            provenance: Provenance::new(Source::Email, "", day(5, 2)),
        });
        let mut dossier = Dossier::not_in_register(request(), "");
        dossier.customer = Some(customer);
        dossier.consents.push(ConsentEvent {
            id: 1,
            customer_id: CustomerId(1),
            purpose_id: PurposeId(1),
            channel: Channel::Email,
            action: ConsentAction::Given,
            occurred_at: day(2, 9).and_hms_opt(10, 0, 0).unwrap(),
            source: Source::ReplyCard,
            evidence: "kortti".into(),
            recorded_by: UserId(1),
        });
        assert_eq!(dossier.letter_lang(), Lang::En);
        assert_eq!(
            dossier.sources(),
            vec![
                SourceUse { source: Source::ReplyCard, count: 2, first_on: day(2, 9), last_on: day(3, 1) },
                SourceUse { source: Source::Email, count: 1, first_on: day(5, 2), last_on: day(5, 2) },
            ]
        );
    }
}
