//! The consent and objection ledgers as the Consents tab uses them, against real register files:
//! the per-page fold, the filters by state, the coverage and monthly counts (checked against the
//! domain's fold over every person), withdraw-all, evidence for a lifted objection, and that no
//! path — import, merge, edit — turns a withdrawn consent back on.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use chrono::NaiveDateTime;
use rekisteri::domain::consent::{
    Channel, ConsentAction, ConsentEvent, ConsentStanding, ObjectionAction, ObjectionEvent, ObjectionKind,
    current_consents, has_consent, objection_overrides, standing_objections,
};
use rekisteri::domain::customer::{CustomerId, Source};
use rekisteri::domain::register::{Purpose, PurposeId};
use rekisteri::domain::user::UserId;
use rekisteri::store::{CustomerQuery, Error, Store};

use crate::common::{day, person, sample_register};

fn at(month: u32, date: u32) -> NaiveDateTime {
    day(2026, month, date).and_hms_opt(10, 0, 0).unwrap()
}

fn direct_marketing(store: &Store) -> Purpose {
    store.purposes().unwrap().into_iter().find(|purpose| purpose.code == "direct_marketing").unwrap()
}

fn consent(
    customer: CustomerId,
    purpose: PurposeId,
    channel: Channel,
    action: ConsentAction,
    when: NaiveDateTime,
) -> ConsentEvent {
    ConsentEvent {
        id: 0,
        customer_id: customer,
        purpose_id: purpose,
        channel,
        action,
        occurred_at: when,
        source: Source::ReplyCard,
        evidence: "vastauskortti".into(),
        recorded_by: UserId(1),
    }
}

fn objection(customer: CustomerId, kind: ObjectionKind, action: ObjectionAction, evidence: &str) -> ObjectionEvent {
    ObjectionEvent {
        id: 0,
        customer_id: customer,
        kind,
        action,
        occurred_at: at(6, 1),
        source: Source::Email,
        evidence: evidence.into(),
        recorded_by: UserId(1),
    }
}

/// A register with the sample description and one person.
fn one_person() -> (tempfile::TempDir, Store, CustomerId, Purpose) {
    let (dir, mut store) = sample_register(0);
    let id = store.add_customer(&person("Aino", "Aalto", "aino@example.fi", "0401234567")).unwrap();
    let purpose = direct_marketing(&store);
    (dir, store, id, purpose)
}

#[test]
fn a_page_of_consent_rows_folds_each_persons_ledger_and_objections() {
    let (_dir, mut store, aino, purpose) = one_person();
    let eero = store.add_customer(&person("Eero", "Berg", "", "")).unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Email, ConsentAction::Given, at(1, 5))).unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Sms, ConsentAction::Given, at(1, 5))).unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Sms, ConsentAction::Withdrawn, at(2, 5))).unwrap();
    store.record_objection(&objection(eero, ObjectionKind::MarketingBan, ObjectionAction::Made, "")).unwrap();

    let rows = store.consent_rows(&[eero, aino, CustomerId(999)]).unwrap();
    assert_eq!(rows.iter().map(|row| row.id).collect::<Vec<_>>(), vec![eero, aino], "order kept, unknown skipped");
    assert_eq!(rows[0].objections, vec![ObjectionKind::MarketingBan]);
    assert!(rows[0].consents.is_empty());
    assert!(has_consent(&rows[1].consents, purpose.id, Channel::Email));
    assert!(!has_consent(&rows[1].consents, purpose.id, Channel::Sms));
    assert_eq!(rows[1].name, "Aino Aalto");
}

#[test]
fn the_state_filters_split_the_register_into_given_withdrawn_and_never_asked() {
    let (_dir, store) = sample_register(120);
    let purpose = direct_marketing(&store);
    let all = store.customer_ids(&CustomerQuery::default()).unwrap();
    let with = |standing| {
        store
            .customer_ids(&CustomerQuery {
                consent_purpose: Some(purpose.id),
                consent_standing: standing,
                ..CustomerQuery::default()
            })
            .unwrap()
    };
    let (given, withdrawn, never) =
        (with(ConsentStanding::Given), with(ConsentStanding::Withdrawn), with(ConsentStanding::NeverAsked));
    assert!(!given.is_empty() && !withdrawn.is_empty() && !never.is_empty(), "the sample has all three");
    assert_eq!(given.len() + withdrawn.len() + never.len(), all.len());
    // Each group agrees with the domain's fold of that person's ledger.
    for (ids, expected) in [
        (&given, ConsentStanding::Given),
        (&withdrawn, ConsentStanding::Withdrawn),
        (&never, ConsentStanding::NeverAsked),
    ] {
        for row in store.consent_rows(ids).unwrap() {
            let events = store.consent_events(row.id).unwrap();
            let asked = events.iter().any(|event| event.purpose_id == purpose.id);
            let stands = purpose.channels.iter().any(|channel| has_consent(&row.consents, purpose.id, *channel));
            let actual = match (asked, stands) {
                (_, true) => ConsentStanding::Given,
                (true, false) => ConsentStanding::Withdrawn,
                (false, false) => ConsentStanding::NeverAsked,
            };
            assert_eq!(actual, expected, "customer {}", row.id);
        }
    }
}

#[test]
fn coverage_per_purpose_equals_the_domain_fold_over_every_person() {
    let (_dir, store) = sample_register(150);
    let purposes = store.purposes().unwrap();
    let all = store.customer_ids(&CustomerQuery::default()).unwrap();
    let rows = store.consent_rows(&all).unwrap();
    let coverage = store.purpose_coverage().unwrap();
    assert!(!coverage.is_empty());
    for purpose in purposes.iter().filter(|purpose| purpose.asks_consent()) {
        let consenting: Vec<_> = rows
            .iter()
            .filter(|row| {
                current_consents(&store.consent_events(row.id).unwrap())
                    .iter()
                    .any(|((id, _), state)| *id == purpose.id && state.given)
            })
            .collect();
        let blocked = consenting.iter().filter(|row| objection_overrides(purpose, &row.objections)).count();
        let stored = coverage.iter().find(|entry| entry.purpose_id == purpose.id);
        assert_eq!(
            stored.map_or((0, 0), |entry| (entry.consenting, entry.blocked_by_objection)),
            (i64::try_from(consenting.len()).unwrap(), i64::try_from(blocked).unwrap()),
            "{}",
            purpose.code
        );
    }
}

#[test]
fn monthly_counts_add_up_to_the_ledger() {
    let (_dir, mut store, aino, purpose) = one_person();
    store.record_consent(&consent(aino, purpose.id, Channel::Email, ConsentAction::Given, at(1, 5))).unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Sms, ConsentAction::Given, at(1, 30))).unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Sms, ConsentAction::Withdrawn, at(3, 2))).unwrap();
    let counts = store.monthly_consent_counts(day(2026, 1, 1)).unwrap();
    let of = |month| {
        counts.iter().find(|count| count.month == day(2026, month, 1)).map(|count| (count.given, count.withdrawn))
    };
    assert_eq!((of(1), of(2), of(3)), (Some((2, 0)), None, Some((0, 1))));
    assert!(store.monthly_consent_counts(day(2026, 4, 1)).unwrap().is_empty());
}

#[test]
fn withdraw_all_takes_back_every_standing_consent_and_nothing_else() {
    let (_dir, mut store, aino, purpose) = one_person();
    let research = store.purposes().unwrap().into_iter().find(|purpose| purpose.code == "research").unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Email, ConsentAction::Given, at(1, 5))).unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Post, ConsentAction::Withdrawn, at(1, 6))).unwrap();
    store.record_consent(&consent(aino, research.id, Channel::Phone, ConsentAction::Given, at(1, 7))).unwrap();
    let before = store.consent_events(aino).unwrap().len();

    assert_eq!(store.withdraw_all_consents(aino, Source::InPerson, "asiakkaan pyynnöstä").unwrap(), 2);
    let events = store.consent_events(aino).unwrap();
    assert_eq!(events.len(), before + 2, "one withdrawal per standing consent, none for the withdrawn one");
    let state = current_consents(&events);
    assert!(state.values().all(|state| !state.given));
    assert_eq!(store.withdraw_all_consents(aino, Source::InPerson, "").unwrap(), 0, "nothing left to withdraw");
}

#[test]
fn an_objection_is_lifted_only_with_evidence_and_then_stops_overriding() {
    let (_dir, mut store, aino, purpose) = one_person();
    store.record_objection(&objection(aino, ObjectionKind::DirectMarketing, ObjectionAction::Made, "")).unwrap();
    let refused =
        store.record_objection(&objection(aino, ObjectionKind::DirectMarketing, ObjectionAction::Lifted, " "));
    assert!(matches!(refused, Err(Error::LiftWithoutEvidence)), "{refused:?}");
    let standing = standing_objections(&store.objection_events(aino).unwrap());
    assert!(objection_overrides(&purpose, &standing), "the refused lift changed nothing");

    store
        .record_objection(&objection(aino, ObjectionKind::DirectMarketing, ObjectionAction::Lifted, "sähköposti 2.6."))
        .unwrap();
    let standing = standing_objections(&store.objection_events(aino).unwrap());
    assert!(!objection_overrides(&purpose, &standing));
}

/// The consent for direct marketing by e-mail of `id`, as the ledger says now.
fn email_consent(store: &Store, id: CustomerId, purpose: PurposeId) -> bool {
    has_consent(&current_consents(&store.consent_events(id).unwrap()), purpose, Channel::Email)
}

#[test]
fn editing_a_person_does_not_re_grant_a_withdrawn_consent() {
    let (_dir, mut store, aino, purpose) = one_person();
    store.record_consent(&consent(aino, purpose.id, Channel::Email, ConsentAction::Given, at(1, 5))).unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Email, ConsentAction::Withdrawn, at(2, 5))).unwrap();
    let mut edited = store.customer(aino).unwrap();
    edited.emails[0].address = "aino.aalto@example.fi".into();
    edited.note = "muutti osoitteensa".into();
    store.update_customer(&edited).unwrap();
    assert!(!email_consent(&store, aino, purpose.id));
    assert_eq!(store.consent_events(aino).unwrap().len(), 2, "an edit writes no ledger entry");
}

#[test]
fn merging_a_duplicate_with_an_older_consent_keeps_the_withdrawal() {
    let (_dir, mut store, aino, purpose) = one_person();
    let duplicate = store.add_customer(&person("Aino", "Aalto", "AINO@example.fi", "")).unwrap();
    store.record_consent(&consent(duplicate, purpose.id, Channel::Email, ConsentAction::Given, at(1, 5))).unwrap();
    store.record_consent(&consent(aino, purpose.id, Channel::Email, ConsentAction::Withdrawn, at(3, 5))).unwrap();
    store.merge_customers(aino, duplicate).unwrap();
    assert!(!email_consent(&store, aino, purpose.id), "the older consent of the duplicate does not come back");
}

#[test]
fn a_consent_without_evidence_is_refused_and_nothing_is_written() {
    let (_dir, mut store, aino, purpose) = one_person();
    let mut event = consent(aino, purpose.id, Channel::Email, ConsentAction::Given, at(1, 5));
    event.evidence = "   ".into();
    assert!(matches!(store.record_consent(&event), Err(Error::ConsentWithoutEvidence)));
    assert!(store.consent_events(aino).unwrap().is_empty());
}
