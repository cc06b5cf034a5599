//! The data-subject request workflow through the store, on real register files: the one-way
//! status flow and what it refuses, extensions within the first month only, the printed reply and
//! its hash, the dossier an access reply is made from, rectifications and restrictions (Art. 18).

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use chrono::NaiveDate;
use common::{day, empty_register, person};
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::consent::{Channel, ConsentAction, ConsentEvent};
use rekisteri::domain::customer::{CustomerId, Source};
use rekisteri::domain::request::{Request, RequestChannel, RequestId, RequestKind, RequestStatus};
use rekisteri::domain::user::UserId;
use rekisteri::sample;
use rekisteri::store::{AuditFilter, Error, Store};

fn request(customer: Option<CustomerId>, kind: RequestKind, received_on: NaiveDate) -> Request {
    Request {
        id: RequestId(0),
        reference: String::new(),
        customer_id: customer,
        subject_name: if customer.is_none() { "Åsa Öhman".into() } else { String::new() },
        kind,
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

/// A register with one person and one unverified request of `kind` from them.
fn register_with_request(
    kind: RequestKind,
    received_on: NaiveDate,
) -> (tempfile::TempDir, Store, CustomerId, RequestId) {
    let (dir, mut store) = empty_register();
    let customer = store.add_customer(&person("Kaisa", "Koskinen", "kaisa@example.fi", "")).unwrap();
    let (id, _) = store.add_request(&request(Some(customer), kind, received_on)).unwrap();
    (dir, store, customer, id)
}

fn not_allowed<T: std::fmt::Debug>(result: Result<T, Error>) -> bool {
    matches!(result, Err(Error::NotAllowed(_)))
}

fn details(store: &Store, action: AuditAction) -> Vec<String> {
    let filter = AuditFilter { action: Some(action), ..AuditFilter::default() };
    store.audit_entries(&filter, 100).unwrap().into_iter().map(|entry| entry.detail).collect()
}

const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn a_request_is_not_answered_before_the_persons_identity_is_verified() {
    let (_dir, mut store, _, id) = register_with_request(RequestKind::Access, day(2026, 11, 2));
    assert!(not_allowed(store.set_request_status(id, RequestStatus::Answered)));
    assert!(not_allowed(store.set_request_status(id, RequestStatus::InProgress)));
    assert!(not_allowed(store.record_reply(id, HASH, "reply.pdf", day(2026, 11, 20))));
    assert!(matches!(store.verify_identity(id, "  "), Err(Error::Invalid { .. })), "a method is required");
    assert_eq!(store.request(id).unwrap().status, RequestStatus::Received, "nothing was written");

    store.verify_identity(id, "passi nähty myymälässä").unwrap();
    let verified = store.request(id).unwrap();
    assert_eq!(verified.status, RequestStatus::IdentityVerified);
    assert!(verified.identity_verified);
    assert_eq!(verified.identity_method, "passi nähty myymälässä");
    assert!(not_allowed(store.verify_identity(id, "again")), "a verification is not overwritten");
    let conn = store.raw_connection().unwrap();
    let verified_by: i64 =
        conn.query_row("SELECT identity_verified_by FROM request WHERE id = ?1", [id.0], |row| row.get(0)).unwrap();
    assert_eq!(UserId(verified_by), store.actor());

    store.set_request_status(id, RequestStatus::InProgress).unwrap();
    store.set_request_status(id, RequestStatus::Answered).unwrap();
    let answered = store.request(id).unwrap();
    assert_eq!(answered.status, RequestStatus::Answered);
    assert_eq!(answered.answered_on, Some(rekisteri::store::today()));
    for details in details(&store, AuditAction::RequestUpdated) {
        assert!(!details.contains("passi"), "the audit trail keeps no identity method: {details}");
    }
}

#[test]
fn an_answered_request_never_goes_back_and_is_not_refused_afterwards() {
    let (_dir, mut store, _, id) = register_with_request(RequestKind::Access, day(2026, 11, 2));
    store.verify_identity(id, "allekirjoitus").unwrap();
    store.set_request_status(id, RequestStatus::InProgress).unwrap();
    assert!(not_allowed(store.set_request_status(id, RequestStatus::IdentityVerified)), "no going back");
    store.set_request_status(id, RequestStatus::Answered).unwrap();
    for status in [RequestStatus::Received, RequestStatus::IdentityVerified, RequestStatus::InProgress] {
        assert!(not_allowed(store.set_request_status(id, status)), "{status:?}");
    }
    assert!(not_allowed(store.refuse_request(id, "liian myöhään")));
    assert!(not_allowed(store.record_reply(id, HASH, "reply.pdf", day(2026, 11, 20))));
    assert_eq!(store.request(id).unwrap().status, RequestStatus::Answered);
}

#[test]
fn a_refusal_needs_its_reason_and_closes_the_request() {
    let (_dir, mut store, _, id) = register_with_request(RequestKind::Erasure, day(2026, 11, 2));
    assert!(not_allowed(store.set_request_status(id, RequestStatus::Refused)), "only with a reason");
    assert!(matches!(store.refuse_request(id, " "), Err(Error::Invalid { .. })));
    assert_eq!(store.request(id).unwrap().status, RequestStatus::Received);
    store.refuse_request(id, "Henkilöllisyyttä ei voitu todentaa.").unwrap();
    let refused = store.request(id).unwrap();
    assert_eq!(refused.status, RequestStatus::Refused);
    assert_eq!(refused.refusal_reason, "Henkilöllisyyttä ei voitu todentaa.");
    assert!(not_allowed(store.verify_identity(id, "allekirjoitus")));
    assert!(not_allowed(store.set_request_status(id, RequestStatus::InProgress)));
    let audit = details(&store, AuditAction::RequestUpdated);
    assert!(audit.iter().any(|detail| detail.ends_with("status refused")), "{audit:?}");
    assert!(audit.iter().all(|detail| !detail.contains("todentaa")), "no free text in the trail");
}

#[test]
fn an_extension_within_the_first_month_counts_months_from_receipt() {
    // Received 31.1.2026: due 2.3. (28.2. is a Saturday); one more month is 31.3. (a Tuesday).
    let (_dir, mut store, _, id) = register_with_request(RequestKind::Portability, day(2026, 1, 31));
    assert_eq!(store.request_due_on(id).unwrap(), day(2026, 3, 2));
    let within = day(2026, 2, 20);
    assert!(matches!(store.extend_request_as_of(id, 1, "", within, within), Err(Error::Invalid { .. })));
    assert!(matches!(store.extend_request_as_of(id, 3, "Laaja pyyntö.", within, within), Err(Error::BadValue { .. })));
    assert!(matches!(store.extend_request_as_of(id, 0, "Laaja pyyntö.", within, within), Err(Error::BadValue { .. })));
    store.extend_request_as_of(id, 1, "Pyyntöjä on useita.", within, day(2026, 3, 2)).unwrap();
    let extended = store.request(id).unwrap();
    assert_eq!((extended.extension_months, extended.extension_reason.as_str()), (1, "Pyyntöjä on useita."));
    assert_eq!(store.request_due_on(id).unwrap(), day(2026, 3, 31));
    assert_eq!(extended.due_on(), day(2026, 3, 31), "the domain agrees with the stored due date");
    // 31.1. + 3 months = 30.4.2026, a Thursday.
    store.extend_request_as_of(id, 2, "Pyyntöjä on useita.", within, within).unwrap();
    assert_eq!(store.request_due_on(id).unwrap(), day(2026, 4, 30));
}

#[test]
fn an_extension_after_the_first_month_is_refused() {
    let (_dir, mut store, _, id) = register_with_request(RequestKind::Access, day(2026, 1, 31));
    let late = day(2026, 3, 3);
    assert!(not_allowed(store.extend_request_as_of(id, 1, "Laaja pyyntö.", day(2026, 2, 20), late)));
    assert!(
        not_allowed(store.extend_request_as_of(id, 1, "Laaja pyyntö.", late, day(2026, 2, 20))),
        "the person must be told within the first month too"
    );
    // As of the real today, a request received in January 2026 is long past its first month.
    assert!(not_allowed(store.extend_request(id, 1, "Laaja pyyntö.", day(2026, 2, 20))));
    assert_eq!(store.request_due_on(id).unwrap(), day(2026, 3, 2), "the due date did not move");
}

#[test]
fn a_recorded_reply_answers_the_request_with_the_files_hash() {
    let (_dir, mut store, customer, id) = register_with_request(RequestKind::Access, day(2026, 11, 2));
    store.verify_identity(id, "allekirjoitus").unwrap();
    assert!(matches!(
        store.record_reply(id, "not a hash", "reply.pdf", day(2026, 11, 20)),
        Err(Error::BadValue { .. })
    ));
    assert!(not_allowed(store.record_reply(id, HASH, "reply.pdf", day(2026, 10, 1))), "before receipt");
    store.record_reply(id, HASH, "/tmp/reply.pdf", day(2026, 11, 20)).unwrap();
    let answered = store.request(id).unwrap();
    assert_eq!(answered.status, RequestStatus::Answered);
    assert_eq!(answered.reply_sha256, HASH);
    assert_eq!(answered.answered_on, Some(day(2026, 11, 20)));
    let filter =
        AuditFilter { customer: Some(customer), action: Some(AuditAction::ReplyPrinted), ..AuditFilter::default() };
    let audit = store.audit_entries(&filter, 10).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].detail, format!("{} sha256 {HASH}", answered.reference));
    assert_eq!(store.verify_audit_chain().unwrap(), None);
}

#[test]
fn the_dossier_holds_the_customer_their_consents_requests_and_disclosures() {
    let (_dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let purpose = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    let customer = store.add_customer(&person("Liisa", "Nieminen", "liisa@example.fi", "")).unwrap();
    let other = store.add_customer(&person("Olli", "Muu", "olli@example.fi", "")).unwrap();
    store
        .record_consent(&ConsentEvent {
            id: 0,
            customer_id: customer,
            purpose_id: purpose,
            channel: Channel::Email,
            action: ConsentAction::Given,
            occurred_at: day(2026, 5, 1).and_hms_opt(12, 0, 0).unwrap(),
            source: Source::ReplyCard,
            evidence: "palautuskortti".into(),
            recorded_by: UserId(1),
        })
        .unwrap();
    let (earlier, _) = store.add_request(&request(Some(customer), RequestKind::Objection, day(2026, 6, 1))).unwrap();
    let (id, _) = store.add_request(&request(Some(customer), RequestKind::Access, day(2026, 11, 2))).unwrap();
    // No store function makes disclosures yet: the marketing-list export will.
    let conn = store.raw_connection().unwrap();
    conn.execute(
        "INSERT INTO disclosure (id, recipient, purpose_id, channel, disclosed_at, user_id, row_count, sha256)
         VALUES (1, 'Tutkimuslaitos Oy', ?1, 'email', '2026-06-15 10:00:00', 1, 2, ?2),
                (2, 'Facebook Ads', NULL, 'any', '2026-07-01 09:00:00', 1, 1, '')",
        rusqlite::params![purpose.0, HASH],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO disclosure_member (disclosure_id, customer_id) VALUES (1, ?1), (1, ?2), (2, ?2)",
        [customer.0, other.0],
    )
    .unwrap();

    let dossier = store.dossier(id).unwrap();
    assert_eq!(dossier.request.id, id);
    let held = dossier.customer.as_ref().unwrap();
    assert_eq!((held.first_name.as_str(), held.last_name.as_str()), ("Liisa", "Nieminen"));
    assert_eq!(held.emails[0].address, "liisa@example.fi", "the full record, not a list row");
    assert_eq!(dossier.consents.len(), 1);
    assert_eq!(dossier.consents[0].evidence, "palautuskortti");
    let requests: Vec<_> = dossier.requests.iter().map(|request| request.id).collect();
    assert_eq!(requests, [id, earlier], "newest first");
    assert_eq!(dossier.disclosures.len(), 1, "only the list the person was in");
    let disclosure = &dossier.disclosures[0];
    assert_eq!(disclosure.recipient, "Tutkimuslaitos Oy");
    assert_eq!(
        (disclosure.channel, disclosure.disclosed_on, disclosure.row_count),
        (Channel::Email, day(2026, 6, 15), 2)
    );
    assert_eq!(disclosure.purpose_id, Some(purpose));
    assert_eq!(store.disclosures_of(other).unwrap().len(), 2);
}

#[test]
fn a_request_from_someone_not_in_the_register_gives_a_dossier_without_a_customer() {
    let (_dir, mut store) = empty_register();
    store.add_customer(&person("Kaisa", "Koskinen", "", "")).unwrap();
    let (id, _) = store.add_request(&request(None, RequestKind::Access, day(2026, 11, 2))).unwrap();
    store.set_subject_address(id, "Kauppakatu 1\n47200 Elimäki").unwrap();
    let dossier = store.dossier(id).unwrap();
    assert!(dossier.customer.is_none());
    assert_eq!(dossier.subject_address, "Kauppakatu 1\n47200 Elimäki");
    assert_eq!(dossier.recipient_name(), "Åsa Öhman");
    assert!(dossier.consents.is_empty() && dossier.requests.is_empty() && dossier.disclosures.is_empty());
    assert!(matches!(store.dossier(RequestId(999)), Err(Error::NotFound("request"))));
}

#[test]
fn a_rectification_keeps_each_fields_value_before_and_after() {
    let (_dir, mut store, _, id) = register_with_request(RequestKind::Rectification, day(2026, 11, 2));
    store.verify_identity(id, "allekirjoitus").unwrap();
    store.record_rectification(id, "last_name", "Koskinen", "Koski").unwrap();
    store.record_rectification(id, "email", "kaisa@example.fi", "kaisa.koski@example.fi").unwrap();
    assert!(matches!(store.record_rectification(id, "", "a", "b"), Err(Error::Invalid { .. })));
    let changes = store.request_changes(id).unwrap();
    let fields: Vec<_> =
        changes.iter().map(|change| (change.field.as_str(), change.before.as_str(), change.after.as_str())).collect();
    assert_eq!(fields, [("last_name", "Koskinen", "Koski"), ("email", "kaisa@example.fi", "kaisa.koski@example.fi")]);
    let audit = details(&store, AuditAction::RequestUpdated);
    assert!(audit.iter().any(|detail| detail.ends_with("rectified last_name")), "{audit:?}");
    assert!(audit.iter().all(|detail| !detail.contains("Koski")), "no values in the trail: {audit:?}");
}

#[test]
fn a_restriction_holds_until_lifted_and_a_refused_one_never_holds() {
    let (_dir, mut store, customer, id) = register_with_request(RequestKind::Restriction, day(2026, 11, 2));
    let other = store.add_customer(&person("Olli", "Muu", "", "")).unwrap();
    let (refused, _) = store.add_request(&request(Some(other), RequestKind::Restriction, day(2026, 11, 3))).unwrap();
    store.refuse_request(refused, "Ei perustetta.").unwrap();
    let (access, _) = store.add_request(&request(Some(other), RequestKind::Access, day(2026, 11, 3))).unwrap();

    assert!(store.is_restricted(customer).unwrap(), "restricted from receipt on");
    assert!(!store.is_restricted(other).unwrap());
    assert_eq!(store.restricted_customers().unwrap(), [customer]);
    assert!(not_allowed(store.lift_restriction(access, day(2026, 11, 20))), "not a restriction request");
    assert!(not_allowed(store.lift_restriction(refused, day(2026, 11, 20))));
    assert!(not_allowed(store.lift_restriction(id, day(2026, 11, 1))), "before it was asked for");

    store.lift_restriction(id, day(2026, 11, 20)).unwrap();
    assert!(!store.is_restricted(customer).unwrap());
    assert!(store.restricted_customers().unwrap().is_empty());
    assert!(not_allowed(store.lift_restriction(id, day(2026, 11, 21))), "already lifted");
}

#[test]
fn a_request_is_found_by_its_reference() {
    let (_dir, store, customer, id) = register_with_request(RequestKind::Access, day(2026, 11, 2));
    let reference = store.request(id).unwrap().reference;
    assert_eq!(reference, "2026-0001");
    let found = store.request_by_reference(" 2026-0001 ").unwrap();
    assert_eq!((found.id, found.customer_id), (id, Some(customer)));
    assert!(matches!(store.request_by_reference("2026-0999"), Err(Error::NotFound("request"))));
    assert!(matches!(store.request(RequestId(999)), Err(Error::NotFound("request"))));
}
