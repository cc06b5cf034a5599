//! Round trips through the store for every area of the register, and the rules the store enforces
//! whatever the caller: one transaction per write, its audit row, no consent without evidence, no
//! card numbers, append-only ledgers.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use chrono::Duration;
use common::{day, empty_register, person, sample_register};
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::consent::{
    Channel, ConsentAction, ConsentEvent, ObjectionAction, ObjectionEvent, ObjectionKind,
};
use rekisteri::domain::customer::*;
use rekisteri::domain::register::{ItemKind, PurposeId, RegisterItem};
use rekisteri::domain::request::{Request, RequestChannel, RequestId, RequestKind, RequestStatus};
use rekisteri::domain::user::UserId;
use rekisteri::domain::{Lang, Localized};
use rekisteri::sample;
use rekisteri::store::{AuditFilter, Error, Store};

fn full_customer() -> Customer {
    let by_phone = Provenance::new(Source::Phone, "", day(2026, 3, 1));
    let from_posti = Provenance::new(Source::PostiAddresses, "osoitepäivitys", day(2026, 4, 2));
    let mut customer = person("Åsa", "Öhman-Mäkelä", "Asa.Ohman@Example.FI", "+358401234567");
    customer.company = "Öhmanin Puutarha".into();
    customer.username = "asaoh".into();
    customer.nickname = "puutarhuri".into();
    customer.other_identifier = "KANTA-17".into();
    customer.birth_year = Some(1961);
    customer.gender = Some(Gender::Female);
    customer.title = "puutarhuri".into();
    customer.mother_tongue = "sv".into();
    customer.letter_lang = Lang::En;
    customer.note = "Soittaa mieluiten aamuisin.".into();
    customer.addresses.push(Address {
        kind: AddressKind::Home,
        street: "Pähkinätie 3".into(),
        postal_code: "47200".into(),
        city: "Elimäki".into(),
        country: "FI".into(),
        provenance: from_posti.clone(),
    });
    customer.emails.push(Email { address: "asa@puutarha.example".into(), provenance: by_phone.clone() });
    customer.orders.push(Order {
        order_no: "1001".into(),
        ordered_on: day(2026, 5, 3),
        lines: vec![
            OrderLine { product: "Luomu hunaja 500 g".into(), quantity: 2, unit_price_cents: 1290 },
            OrderLine { product: "Nokkostee 40 g".into(), quantity: 1, unit_price_cents: 550 },
        ],
        payment_method: PaymentMethod::Card,
        payment_reference: "**** 4242".into(),
        billing_status: BillingStatus::Paid,
        seller: "Satu H.".into(),
        provenance: Provenance::new(Source::Internet, "verkkokauppa", day(2026, 5, 3)),
    });
    customer.interactions.push(Interaction {
        kind: InteractionKind::Feedback,
        occurred_at: day(2026, 5, 10).and_hms_opt(9, 30, 0).unwrap(),
        summary: "Kiitos nopeasta toimituksesta!".into(),
        provenance: Provenance::new(Source::Email, "", day(2026, 5, 10)),
    });
    customer.tags.push(Tag { kind: TagKind::Interest, tag: "luonnonkosmetiikka".into(), provenance: by_phone.clone() });
    customer.other_data.push(OtherDatum { label: "Lempimarja".into(), value: "Lakka".into(), provenance: by_phone });
    customer
}

#[test]
fn a_customer_comes_back_with_every_category_and_its_provenance() {
    let (_dir, mut store) = empty_register();
    let customer = full_customer();
    let id = store.add_customer(&customer).unwrap();
    let mut loaded = store.customer(id).unwrap();
    assert_eq!(loaded.id, Some(id));
    loaded.id = None;
    assert_eq!(loaded, customer);
    assert_eq!(loaded.orders[0].total_cents(), 2 * 1290 + 550);
    assert_eq!(loaded.addresses[0].provenance.source, Source::PostiAddresses);
    assert_eq!(loaded.last_activity(), day(2026, 5, 10));
    let rows = store.customer_rows(&[id]).unwrap();
    assert_eq!(rows[0].name, "Åsa Öhman-Mäkelä");
    assert_eq!(rows[0].email, "asa.ohman@example.fi");
    assert_eq!(rows[0].city, "Elimäki");
}

#[test]
fn attachments_keep_their_bytes() {
    let (_dir, mut store) = empty_register();
    let id = store.add_customer(&person("Pekka", "Laine", "", "")).unwrap();
    let recording = vec![0_u8, 1, 2, 255, 254, 10, 13];
    let provenance = Provenance::new(Source::Phone, "asiakaspalvelu", day(2026, 6, 1));
    let attachment = store
        .add_attachment(id, AttachmentKind::CallRecording, "puhelu.ogg", "audio/ogg", &recording, &provenance)
        .unwrap();
    assert_eq!(store.attachment_content(attachment).unwrap(), recording);
    let info = &store.customer(id).unwrap().attachments[0];
    assert_eq!((info.file_name.as_str(), info.size_bytes), ("puhelu.ogg", 7));
    assert!(matches!(store.attachment_content(attachment + 1), Err(Error::NotFound(_))));
}

#[test]
fn a_full_card_number_is_refused_and_nothing_is_saved() {
    let (_dir, mut store) = empty_register();
    let mut customer = full_customer();
    customer.orders[0].payment_reference = "4242 4242 4242 4242".replace(' ', "");
    let audit_before = store.audit_count().unwrap();
    assert!(store.add_customer(&customer).is_err());
    assert_eq!(store.customer_count().unwrap(), 0, "the failed write left nothing behind");
    assert_eq!(store.audit_count().unwrap(), audit_before);
}

#[test]
fn an_invalid_email_or_phone_is_refused_with_its_field() {
    let (_dir, mut store) = empty_register();
    let bad_email = person("Matti", "Virtanen", "matti@@example.fi", "");
    assert!(matches!(store.add_customer(&bad_email), Err(Error::Invalid { field: "email", .. })));
    let bad_phone = person("Matti", "Virtanen", "", "040 KOLME");
    assert!(matches!(store.add_customer(&bad_phone), Err(Error::Invalid { field: "phone", .. })));
    assert_eq!(store.customer_count().unwrap(), 0);
}

#[test]
fn the_register_description_round_trips() {
    let (_dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let description = store.register_description().unwrap();
    assert_eq!(description.info, sample::sample_info());
    assert_eq!(description.info.business_id, "2633954-7");
    let codes: Vec<_> = description.purposes.iter().map(|purpose| purpose.code.as_str()).collect();
    assert!(codes.contains(&"direct_marketing") && codes.contains(&"facebook_ads"));
    let direct = description.purpose_by_code("direct_marketing").unwrap();
    assert_eq!(direct.channels, [Channel::Email, Channel::Sms, Channel::Phone, Channel::Post]);
    assert!(direct.overridden_by.contains(&ObjectionKind::MarketingBan));
    assert_eq!(description.items_of(ItemKind::Category).count(), 11, "every §4 category");
    assert_eq!(description.items_of(ItemKind::Source).count(), 5, "every §5 source");
    assert_eq!(store.retention_rules().unwrap().len(), sample::default_retention_rules().len());
    let id = store
        .add_register_item(&RegisterItem {
            id: 0,
            kind: ItemKind::Transfer,
            code: "none".into(),
            title: Localized::new("Ei siirtoja", "No transfers"),
            detail: Localized::default(),
        })
        .unwrap();
    assert!(store.register_items().unwrap().iter().any(|item| item.id == id && item.kind == ItemKind::Transfer));
}

fn consent(
    customer: CustomerId,
    purpose: PurposeId,
    action: ConsentAction,
    evidence: &str,
    day_of_may: u32,
) -> ConsentEvent {
    ConsentEvent {
        id: 0,
        customer_id: customer,
        purpose_id: purpose,
        channel: Channel::Email,
        action,
        occurred_at: day(2026, 5, day_of_may).and_hms_opt(12, 0, 0).unwrap(),
        source: Source::ReplyCard,
        evidence: evidence.into(),
        recorded_by: UserId(99),
    }
}

#[test]
fn the_consent_ledger_is_append_only_and_never_grants_without_evidence() {
    let (_dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let purpose = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    let id = store.add_customer(&person("Liisa", "Nieminen", "liisa@example.fi", "")).unwrap();
    assert!(matches!(
        store.record_consent(&consent(id, purpose, ConsentAction::Given, "  ", 1)),
        Err(Error::ConsentWithoutEvidence)
    ));
    store.record_consent(&consent(id, purpose, ConsentAction::Given, "palautuskortti 1.5.2026", 1)).unwrap();
    store.record_consent(&consent(id, purpose, ConsentAction::Withdrawn, "", 9)).unwrap();
    let events = store.consent_events(id).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].recorded_by, store.actor(), "the store records who acted, not the caller's claim");
    let counts = store.consent_counts().unwrap();
    let email = counts.iter().find(|count| count.purpose_id == purpose && count.channel == Channel::Email).unwrap();
    assert_eq!((email.given, email.withdrawn), (0, 1));
    // Even with SQL, a ledger row cannot be edited.
    let conn = store.raw_connection().unwrap();
    let edit = conn.execute("UPDATE consent_event SET action = 'given'", []);
    assert!(edit.is_err(), "the append-only trigger refuses edits");
    let audit = store.audit_entries(&AuditFilter { customer: Some(id), ..AuditFilter::default() }, 10).unwrap();
    assert_eq!(audit.iter().filter(|entry| entry.action == AuditAction::ConsentRecorded).count(), 2);
}

#[test]
fn objections_fold_to_what_stands_now() {
    let (_dir, mut store) = empty_register();
    let id = store.add_customer(&person("Olli", "Salo", "", "")).unwrap();
    let objection = |kind, action, day_of_june| ObjectionEvent {
        id: 0,
        customer_id: id,
        kind,
        action,
        occurred_at: day(2026, 6, day_of_june).and_hms_opt(10, 0, 0).unwrap(),
        source: Source::Phone,
        evidence: "soitti".into(),
        recorded_by: UserId(1),
    };
    store.record_objection(&objection(ObjectionKind::MarketingBan, ObjectionAction::Made, 1)).unwrap();
    store.record_objection(&objection(ObjectionKind::Research, ObjectionAction::Made, 2)).unwrap();
    store.record_objection(&objection(ObjectionKind::Research, ObjectionAction::Lifted, 3)).unwrap();
    let standing = rekisteri::domain::consent::standing_objections(&store.objection_events(id).unwrap());
    assert_eq!(standing, [ObjectionKind::MarketingBan]);
    assert_eq!(store.objection_counts().unwrap(), [(ObjectionKind::MarketingBan, 1)]);
}

fn request(customer: Option<CustomerId>, received_on: chrono::NaiveDate, status: RequestStatus) -> Request {
    Request {
        id: RequestId(0),
        reference: String::new(),
        customer_id: customer,
        subject_name: if customer.is_none() { "Aino Esimerkki".into() } else { String::new() },
        kind: RequestKind::Access,
        channel: RequestChannel::SignedLetter,
        received_on,
        extension_months: 0,
        extension_reason: String::new(),
        status,
        identity_verified: false,
        identity_method: String::new(),
        refusal_reason: String::new(),
        answered_on: None,
        reply_sha256: String::new(),
        notes: String::new(),
    }
}

#[test]
fn requests_get_references_and_deadlines_and_are_listed_by_due_date() {
    let (_dir, mut store) = empty_register();
    let id = store.add_customer(&person("Kaisa", "Koskinen", "", "")).unwrap();
    let (_, first) = store.add_request(&request(Some(id), day(2026, 1, 31), RequestStatus::Received)).unwrap();
    let (_, second) = store.add_request(&request(None, day(2026, 1, 5), RequestStatus::Received)).unwrap();
    assert_eq!((first.as_str(), second.as_str()), ("2026-0001", "2026-0002"));
    let requests = store.requests().unwrap();
    assert_eq!(requests[0].reference, "2026-0002", "the earlier deadline first");
    assert_eq!(requests[1].due_on(), day(2026, 3, 2), "31.1. → 28.2. is a Saturday → Monday 2.3.");
    assert_eq!(requests[0].subject_name, "Aino Esimerkki");
    let alerts = store.request_alerts(day(2026, 2, 27)).unwrap();
    assert_eq!((alerts.overdue, alerts.due_within_week, alerts.awaiting_identity), (1, 1, 2));
    assert_eq!(store.requests_of(id).unwrap().len(), 1);
    let mut refused = request(Some(id), day(2026, 2, 1), RequestStatus::Refused);
    refused.refusal_reason = " ".into();
    assert!(store.add_request(&refused).is_err(), "a refusal needs its reason");
}

#[test]
fn reviews_are_signed_off_with_their_user() {
    let (_dir, mut store) = empty_register();
    let mut checklist = rekisteri::domain::retention::ReviewChecklist::new();
    for entry in &mut checklist.entries {
        entry.done = true;
    }
    store.sign_off_review(&checklist, "Kaikki kunnossa.").unwrap();
    let reviews = store.reviews().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].username, "admin");
    assert_eq!(reviews[0].notes, "Kaikki kunnossa.");
    assert_eq!(reviews[0].checklist, checklist, "the ticked checklist is kept with the sign-off");
}

#[test]
fn every_write_is_audited_in_an_unbroken_chain_that_finds_tampering() {
    let (_dir, store) = sample_register(40);
    let total = store.audit_count().unwrap();
    assert!(total > 20, "description, customers, requests and review were all recorded: {total}");
    assert_eq!(store.verify_audit_chain().unwrap(), None);
    let entries = store.audit_entries(&AuditFilter::default(), 1000).unwrap();
    assert!(entries.iter().all(|entry| !entry.detail.contains('@')), "no e-mail addresses in the audit trail");
    // Someone with the file edits row 5 directly: Verify names that row.
    let conn = store.raw_connection().unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_is_append_only; UPDATE audit_log SET detail = 'nothing to see' WHERE id = 5",
    )
    .unwrap();
    assert_eq!(store.verify_audit_chain().unwrap().map(|broken| broken.row_id), Some(5));
}

#[test]
fn a_deleted_audit_row_breaks_the_chain_at_the_next_row() {
    let (_dir, store) = sample_register(10);
    let conn = store.raw_connection().unwrap();
    conn.execute("DELETE FROM audit_log WHERE id = 9", []).unwrap();
    assert_eq!(store.verify_audit_chain().unwrap().map(|broken| broken.row_id), Some(10));
}

#[test]
fn a_cancelled_bulk_write_saves_nothing() {
    let (_dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let people = (0..5000).map(|index| rekisteri::store::BulkCustomer {
        customer: person("Testi", &format!("Henkilö{index}"), "", ""),
        consents: Vec::new(),
        objections: Vec::new(),
    });
    let index_count = |store: &Store| -> i64 {
        let conn = store.raw_connection().unwrap();
        conn.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'index'", [], |row| row.get(0)).unwrap()
    };
    let indexes_before = index_count(&store);
    let result = store.add_customers_bulk(people, "test", |written| written < 3000);
    assert!(matches!(result, Err(Error::Cancelled)));
    assert_eq!(store.customer_count().unwrap(), 0);
    assert_eq!(index_count(&store), indexes_before, "the indexes set aside for the write are back");
    assert!(store.check().unwrap().is_healthy());
}

#[test]
fn the_sample_register_has_people_of_every_kind() {
    let (_dir, store) = sample_register(300);
    assert_eq!(store.customer_count().unwrap(), 300);
    assert!(store.is_sample().unwrap());
    let statuses: Vec<_> = store.requests().unwrap().iter().map(|request| request.status).collect();
    for status in RequestStatus::ALL {
        assert!(statuses.contains(status), "a request {status:?} in the sample");
    }
    assert!(store.requests().unwrap().iter().any(|request| request.customer_id.is_none()));
    assert!(!store.objection_counts().unwrap().is_empty());
    assert!(store.consent_counts().unwrap().iter().any(|count| count.withdrawn > 0));
    let alerts = store.request_alerts(rekisteri::store::today()).unwrap();
    assert!(alerts.overdue >= 1 && alerts.due_within_week >= 1 && alerts.awaiting_identity >= 1, "{alerts:?}");
    let last_review = store.reviews().unwrap()[0].signed_off_at.date();
    assert!(rekisteri::store::today() - last_review > Duration::days(90), "the sample's review is due");
    assert!(store.check().unwrap().is_healthy());
}

#[test]
fn the_same_seed_gives_the_same_register() {
    let (_a, first) = sample_register(120);
    let (_b, second) = sample_register(120);
    for id in [1, 60, 120] {
        assert_eq!(first.customer(CustomerId(id)).unwrap(), second.customer(CustomerId(id)).unwrap());
    }
    let path = first.path().to_owned();
    drop(first);
    drop(common::reopen(&path));
}

#[test]
fn purpose_usage_counts_the_consent_events_of_each_purpose() {
    let (_dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let purposes = store.purposes().unwrap();
    let marketing = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    let id = store.add_customer(&person("Liisa", "Nieminen", "liisa@example.fi", "")).unwrap();
    store.record_consent(&consent(id, marketing, ConsentAction::Given, "palautuskortti 1.5.2026", 1)).unwrap();
    store.record_consent(&consent(id, marketing, ConsentAction::Withdrawn, "", 9)).unwrap();
    let usage = store.purpose_usage().unwrap();
    assert_eq!(usage.len(), purposes.len(), "every current purpose is listed, used or not");
    for (purpose, used) in usage {
        assert_eq!(used.consent_events, if purpose == marketing { 2 } else { 0 });
        assert_eq!(used.disclosures, 0);
    }
}

#[test]
fn a_purpose_is_changed_but_never_loses_a_channel_its_ledger_uses() {
    let (_dir, mut store) = empty_register();
    sample::write_sample_description(&mut store).unwrap();
    let mut marketing = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().clone();
    let id = store.add_customer(&person("Liisa", "Nieminen", "liisa@example.fi", "")).unwrap();
    store.record_consent(&consent(id, marketing.id, ConsentAction::Given, "palautuskortti 1.5.2026", 1)).unwrap();

    let mut without_email = marketing.clone();
    without_email.channels.retain(|channel| *channel != Channel::Email);
    let refused = store.update_purpose(&without_email);
    assert!(matches!(refused, Err(Error::NotAllowed(rekisteri::domain::register::CHANNEL_IN_USE))), "{refused:?}");
    let mut mixed = marketing.clone();
    mixed.channels.push(Channel::Any);
    assert!(matches!(store.update_purpose(&mixed), Err(Error::NotAllowed(_))));
    assert_eq!(store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap(), &marketing);

    marketing.name.en = "Direct marketing to our customers".into();
    marketing.channels.retain(|channel| *channel != Channel::Post); // no ledger entry over post
    marketing.overridden_by.retain(|kind| *kind != ObjectionKind::DistanceSelling);
    marketing.code = "renamed".into(); // the code is not changed by an edit
    store.update_purpose(&marketing).unwrap();
    let saved = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().clone();
    assert_eq!(saved.name.en, "Direct marketing to our customers");
    assert!(!saved.channels.contains(&Channel::Post) && saved.channels.contains(&Channel::Email));
    assert!(!saved.overridden_by.contains(&ObjectionKind::DistanceSelling));
    let audit = store.audit_entries(&AuditFilter::default(), 5).unwrap();
    assert!(audit.iter().any(|entry| entry.detail.starts_with("purpose changed: direct_marketing")));
}

#[test]
fn list_entries_are_edited_removed_and_new_ones_get_unique_codes() {
    let (_dir, mut store) = empty_register();
    let entry = |title: &str| RegisterItem {
        id: 0,
        kind: ItemKind::Source,
        code: String::new(),
        title: Localized::new(title, title),
        detail: Localized::default(),
    };
    let first = store.add_register_item(&entry("Messut")).unwrap();
    let second = store.add_register_item(&entry("Messut")).unwrap();
    let items = store.register_items().unwrap();
    let codes: Vec<&str> = items.iter().map(|item| item.code.as_str()).collect();
    assert_eq!(codes, vec!["messut", "messut_2"]);

    let mut edited = items[0].clone();
    edited.title = Localized::new("Messut ja tapahtumat", "Fairs and events");
    edited.detail = Localized::new("Kevätmessut", "Spring fair");
    store.update_register_item(&edited).unwrap();
    store.delete_register_item(second).unwrap();
    let items = store.register_items().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].id, items[0].title.en.as_str(), items[0].code.as_str()),
        (first, "Fairs and events", "messut")
    );
    assert!(matches!(store.delete_register_item(second), Err(Error::NotFound(_))));
}
