//! Editing customers through the store: a saved edit changes only what was edited and is logged
//! by field name, history grows, duplicates are found on normalised e-mail and phone, a merge
//! keeps the history and provenance of both records, and the list filters by consent, objection
//! and open request.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use common::{day, empty_register, person};
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::consent::{
    Channel, ConsentAction, ConsentEvent, ObjectionAction, ObjectionEvent, ObjectionKind,
};
use rekisteri::domain::customer::*;
use rekisteri::domain::customer_input::CustomerInput;
use rekisteri::domain::request::{Request, RequestChannel, RequestId, RequestKind, RequestStatus};
use rekisteri::domain::user::UserId;
use rekisteri::sample;
use rekisteri::store::{AuditFilter, CustomerQuery, Store};

fn find(store: &Store, text: &str) -> Vec<CustomerId> {
    store.customer_ids(&CustomerQuery { text: text.into(), ..CustomerQuery::default() }).unwrap()
}

#[test]
fn an_edit_changes_the_record_its_search_entry_and_logs_the_field_names_only() {
    let (_dir, mut store) = empty_register();
    let id = store.add_customer(&person("Pekka", "Mäkelä", "pekka@example.fi", "+358401234567")).unwrap();
    let mut input = CustomerInput::from_customer(&store.customer(id).unwrap(), day(2026, 11, 25));
    input.last_name = "Mäkelä-Öhman".into();
    input.phones[0].number = "050 765 4321".into();
    input.entry_source = Source::Email;
    let edited = input.to_customer(day(2026, 11, 25)).unwrap();
    store.update_customer(&edited).unwrap();
    let saved = store.customer(id).unwrap();
    assert_eq!(saved.last_name, "Mäkelä-Öhman");
    assert_eq!(saved.phones[0].number, "+358507654321");
    assert_eq!(saved.phones[0].provenance.source, Source::Email, "the changed phone came by e-mail");
    assert_eq!(saved.emails[0].provenance.source, Source::Phone, "the unchanged e-mail keeps its source");
    assert_eq!(find(&store, "öhman"), [id]);
    assert_eq!(find(&store, "050 765"), [id]);
    assert!(find(&store, "040 123").is_empty(), "the old number is gone from the index");
    let audit = store
        .audit_entries(&AuditFilter { action: Some(AuditAction::CustomerUpdated), ..AuditFilter::default() }, 5)
        .unwrap();
    assert_eq!(audit[0].detail, "last_name, contact");
    assert!(!audit[0].detail.contains("Öhman"));
    let before = store.audit_count().unwrap();
    store.update_customer(&saved).unwrap();
    assert_eq!(store.audit_count().unwrap(), before, "saving an unchanged record writes nothing");
}

#[test]
fn orders_and_contacts_extend_the_history_and_the_last_activity() {
    let (_dir, mut store) = empty_register();
    let id = store.add_customer(&person("Liisa", "Laine", "", "")).unwrap();
    let order = Order {
        order_no: "A-1".into(),
        ordered_on: day(2026, 10, 2),
        lines: vec![OrderLine { product: "Luomu hunaja 500 g".into(), quantity: 1, unit_price_cents: 1290 }],
        payment_method: PaymentMethod::Invoice,
        payment_reference: "2026001".into(),
        billing_status: BillingStatus::Open,
        seller: "Satu H.".into(),
        provenance: Provenance::new(Source::Internet, "verkkokauppa", day(2026, 10, 2)),
    };
    store.add_order(id, &order).unwrap();
    store
        .add_interaction(
            id,
            &Interaction {
                kind: InteractionKind::Cancellation,
                occurred_at: day(2026, 10, 20).and_hms_opt(9, 0, 0).unwrap(),
                summary: "Peruutti tilauksen A-1".into(),
                provenance: Provenance::new(Source::Phone, "", day(2026, 10, 20)),
            },
        )
        .unwrap();
    let saved = store.customer(id).unwrap();
    assert_eq!(saved.orders, [order]);
    assert_eq!(saved.interactions.len(), 1);
    assert_eq!(saved.last_activity(), day(2026, 10, 20));
    assert!(store.add_order(CustomerId(999), &saved.orders[0]).is_err());
}

#[test]
fn duplicates_are_found_on_normalised_email_and_phone() {
    let (_dir, mut store) = empty_register();
    let first = store.add_customer(&person("Matti", "Virtanen", "Matti.Virtanen@Example.fi", "+358401234567")).unwrap();
    let by_email = person("M.", "Virtanen", "matti.virtanen@EXAMPLE.FI", "");
    let found = store.find_duplicates(&by_email).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].row.id, found[0].matched_on), (first, "email"));
    let by_phone = person("Matti", "V", "", "040 123 4567");
    assert_eq!(store.find_duplicates(&by_phone).unwrap()[0].matched_on, "phone");
    let mut itself = store.customer(first).unwrap();
    itself.first_name = "Matias".into();
    assert!(store.find_duplicates(&itself).unwrap().is_empty(), "a record is not its own duplicate");
}

#[test]
fn a_merge_keeps_the_history_and_provenance_of_both_and_is_logged() {
    let (_dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let purpose = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    let mut older = person("Matti", "Virtanen", "matti@example.fi", "");
    older.provenance = Provenance::new(Source::ReplyCard, "", day(2024, 5, 1));
    let kept = store.add_customer(&older).unwrap();
    let mut newer = person("", "Virtanen", "MATTI@example.fi", "+358401234567");
    newer.birth_year = Some(1970);
    newer.provenance = Provenance::new(Source::Internet, "", day(2026, 2, 1));
    let absorbed = store.add_customer(&newer).unwrap();
    let consent = ConsentEvent {
        id: 0,
        customer_id: absorbed,
        purpose_id: purpose,
        channel: Channel::Email,
        action: ConsentAction::Withdrawn,
        occurred_at: day(2026, 3, 1).and_hms_opt(8, 0, 0).unwrap(),
        source: Source::Email,
        evidence: String::new(),
        recorded_by: UserId(1),
    };
    store.record_consent(&consent).unwrap();
    let request = Request {
        id: RequestId(0),
        reference: String::new(),
        customer_id: Some(absorbed),
        subject_name: String::new(),
        kind: RequestKind::Access,
        channel: RequestChannel::Email,
        received_on: day(2026, 3, 2),
        extension_months: 0,
        extension_reason: String::new(),
        status: RequestStatus::Received,
        identity_verified: false,
        identity_method: String::new(),
        refusal_reason: String::new(),
        answered_on: None,
        reply_sha256: String::new(),
        notes: String::new(),
    };
    store.add_request(&request).unwrap();

    store.merge_customers(kept, absorbed).unwrap();
    assert!(store.customer(absorbed).is_err());
    let merged = store.customer(kept).unwrap();
    assert_eq!(merged.first_name, "Matti", "the kept record's own values stay");
    assert_eq!(merged.birth_year, Some(1970), "what it lacked comes from the other");
    assert_eq!(merged.emails.len(), 1, "the same address in another case is one datum");
    assert_eq!(merged.emails[0].provenance.source, Source::Phone, "the older row and its provenance are kept");
    assert_eq!(merged.phones[0].number, "+358401234567");
    assert_eq!(merged.provenance.obtained_on, day(2024, 5, 1));
    assert_eq!(store.consent_events(kept).unwrap().len(), 1, "the ledger moved, unchanged");
    assert_eq!(store.requests_of(kept).unwrap().len(), 1);
    assert_eq!(find(&store, "040 123"), [kept]);
    let audit = store
        .audit_entries(&AuditFilter { action: Some(AuditAction::CustomersMerged), ..AuditFilter::default() }, 5)
        .unwrap();
    assert_eq!(audit[0].detail, format!("customer {} merged into {}", absorbed.0, kept.0));
    assert!(store.merge_customers(kept, kept).is_err());
    assert!(store.check().unwrap().is_healthy());
}

#[test]
fn the_list_filters_by_standing_consent_objection_and_open_request() {
    let (_dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let purpose = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    let given = store.add_customer(&person("Anna", "Aalto", "anna@example.fi", "")).unwrap();
    let withdrawn = store.add_customer(&person("Bertta", "Berg", "bertta@example.fi", "")).unwrap();
    let objecting = store.add_customer(&person("Cecilia", "Carlsson", "", "")).unwrap();
    let event = |customer, action, hour| ConsentEvent {
        id: 0,
        customer_id: customer,
        purpose_id: purpose,
        channel: Channel::Email,
        action,
        occurred_at: day(2026, 4, 1).and_hms_opt(hour, 0, 0).unwrap(),
        source: Source::ReplyCard,
        evidence: "palautuskortti".into(),
        recorded_by: UserId(1),
    };
    store.record_consent(&event(given, ConsentAction::Given, 9)).unwrap();
    store.record_consent(&event(withdrawn, ConsentAction::Given, 9)).unwrap();
    store.record_consent(&event(withdrawn, ConsentAction::Withdrawn, 10)).unwrap();
    store
        .record_objection(&ObjectionEvent {
            id: 0,
            customer_id: objecting,
            kind: ObjectionKind::MarketingBan,
            action: ObjectionAction::Made,
            occurred_at: day(2026, 4, 2).and_hms_opt(9, 0, 0).unwrap(),
            source: Source::Phone,
            evidence: String::new(),
            recorded_by: UserId(1),
        })
        .unwrap();
    let query = |edit: fn(&mut CustomerQuery)| {
        let mut query = CustomerQuery::default();
        edit(&mut query);
        query
    };
    let consenting = CustomerQuery { consent_purpose: Some(purpose), ..CustomerQuery::default() };
    assert_eq!(store.customer_ids(&consenting).unwrap(), [given]);
    assert_eq!(store.customer_ids(&query(|q| q.with_objection = true)).unwrap(), [objecting]);
    assert!(store.customer_ids(&query(|q| q.with_open_request = true)).unwrap().is_empty());
}

#[test]
fn withdrawing_all_consents_leaves_none_standing_and_is_one_event_each() {
    use rekisteri::domain::consent::current_consents;
    let (_dir, store) = common::sample_register(60);
    let mut store = store;
    let someone = (1..=60)
        .map(CustomerId)
        .find(|id| current_consents(&store.consent_events(*id).unwrap()).values().any(|state| state.given))
        .expect("the sample has someone with a consent");
    let before = store.consent_events(someone).unwrap().len();
    let standing =
        current_consents(&store.consent_events(someone).unwrap()).values().filter(|state| state.given).count();
    let withdrawn = store.withdraw_all_consents(someone, Source::Email, "pyyntö 2026-0099").unwrap();
    assert_eq!(withdrawn, standing);
    let events = store.consent_events(someone).unwrap();
    assert_eq!(events.len(), before + standing, "one withdrawal event per standing consent");
    assert!(current_consents(&events).values().all(|state| !state.given));
    assert_eq!(store.withdraw_all_consents(someone, Source::Email, "again").unwrap(), 0, "nothing left to withdraw");
}

/// The number of customer rows, counted by a bare connection.
fn rows_in_customer_table(store: &Store) -> i64 {
    store.raw_connection().unwrap().query_row("SELECT count(*) FROM customer", [], |row| row.get(0)).unwrap()
}

#[test]
fn the_customer_count_follows_adds_merges_erasures_and_retention_and_check_compares_it() {
    let (_dir, mut store) = common::sample_register(120);
    assert_eq!(store.customer_count().unwrap(), rows_in_customer_table(&store));
    let kept = store.add_customer(&person("Aino", "Laakso", "aino.laakso@example.fi", "+358401112223")).unwrap();
    let absorbed = store.add_customer(&person("Aino", "Laakso", "aino.l@example.fi", "+358401112224")).unwrap();
    let erased = store.add_customer(&person("Eero", "Vuori", "eero.vuori@example.fi", "+358401112225")).unwrap();
    assert_eq!(store.customer_count().unwrap(), rows_in_customer_table(&store));
    store.merge_customers(kept, absorbed).unwrap();
    store.erase_customer(erased, None).unwrap();
    store.apply_retention(day(2030, 1, 1), None).unwrap();
    let rows = rows_in_customer_table(&store);
    assert!(rows < 120, "retention in 2030 erased people");
    assert_eq!(store.customer_count().unwrap(), rows);
    assert!(store.check().unwrap().is_healthy());

    // A tally that disagrees with the table (changed behind the store's back) is a finding.
    store.raw_connection().unwrap().execute("UPDATE customer_tally SET customers = customers + 1", []).unwrap();
    let report = store.check().unwrap();
    assert!(!report.is_healthy());
    assert!(report.integrity.iter().any(|line| line.contains("customer_tally")), "{:?}", report.integrity);
}
