//! Erasure (GDPR Art. 17) and portability (Art. 20) on real register files: an erased person's
//! name, e-mail, phone and street are gone from the tables and from the search index's own copy
//! of the tokens (and, the files being encrypted, were never in their bytes); their
//! sales vouchers stay without them; the erasure log and the audit trail name no one; an erasure
//! request is answered only once the person's identity is verified; and the portable data holds
//! what they gave us, consent history included.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use std::path::Path;

use common::{day, person, sample_register};
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::consent::{Channel, ConsentAction, ConsentEvent};
use rekisteri::domain::customer::{
    Address, AddressKind, BillingStatus, CustomerId, Order, OrderLine, PaymentMethod, Provenance, Source,
};
use rekisteri::domain::request::{Request, RequestChannel, RequestId, RequestKind, RequestStatus};
use rekisteri::domain::user::UserId;
use rekisteri::store::{AuditFilter, Error, Store};

const LAST_NAME: &str = "Öhman-Mäkelä";
const EMAIL: &str = "asa.ohman@example.fi";
const PHONE: &str = "+358457654321";
const STREET: &str = "Rönnbärsgatan 17";

/// What must leave the files, each as the UTF-8 the register stores: the rows' own values, and two
/// tokens only the full-text index holds (lower-cased, the phone in its national form). Without
/// the index merge after the erasure the tokens stay in the file; without the WAL checkpoint all of
/// them stay in the -wal file while the register is open (both measured).
const NEEDLES: [&str; 6] = [LAST_NAME, EMAIL, PHONE, STREET, "mäkelä", "0457654321"];

fn order(order_no: &str, ordered_on: chrono::NaiveDate) -> Order {
    Order {
        order_no: order_no.into(),
        ordered_on,
        lines: vec![OrderLine { product: "Luomu hunaja 500 g".into(), quantity: 1, unit_price_cents: 1290 }],
        payment_method: PaymentMethod::Card,
        payment_reference: "**** 4242".into(),
        billing_status: BillingStatus::Paid,
        seller: "Satu H.".into(),
        provenance: Provenance::new(Source::Internet, "verkkokauppa", ordered_on),
    }
}

/// A sample register of 200 people plus Åsa, with an address, two orders and a consent history.
fn register_with_asa() -> (tempfile::TempDir, Store, CustomerId) {
    let (dir, mut store) = sample_register(200);
    let mut asa = person("Åsa", LAST_NAME, EMAIL, PHONE);
    asa.addresses.push(Address {
        kind: AddressKind::Home,
        street: STREET.into(),
        postal_code: "65100".into(),
        city: "Vaasa".into(),
        country: "FI".into(),
        provenance: Provenance::new(Source::Phone, "", day(2026, 3, 1)),
    });
    let id = store.add_customer(&asa).unwrap();
    store.add_order(id, &order("EV-9001", day(2025, 11, 2))).unwrap();
    store.add_order(id, &order("EV-9002", day(2026, 4, 14))).unwrap();
    let purpose = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    for (action, evidence, month) in [(ConsentAction::Given, "web form", 3), (ConsentAction::Withdrawn, "", 6)] {
        let event = ConsentEvent {
            id: 0,
            customer_id: id,
            purpose_id: purpose,
            channel: Channel::Email,
            action,
            occurred_at: day(2026, month, 1).and_hms_opt(9, 0, 0).unwrap(),
            source: Source::Internet,
            evidence: evidence.into(),
            recorded_by: UserId(1),
        };
        store.record_consent(&event).unwrap();
    }
    (dir, store, id)
}

fn erasure_request(customer: CustomerId) -> Request {
    Request {
        id: RequestId(0),
        reference: String::new(),
        customer_id: Some(customer),
        subject_name: format!("Åsa {LAST_NAME}"),
        kind: RequestKind::Erasure,
        channel: RequestChannel::Email,
        received_on: rekisteri::store::today(),
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

fn found_in_files(path: &Path) -> Vec<&'static str> {
    let bytes = common::register_file_bytes(path);
    NEEDLES.into_iter().filter(|needle| common::bytes_contain(&bytes, needle)).collect()
}

/// How many people the search index lists under each of `terms`, read with the key (the index
/// keeps its own copy of the tokens).
fn indexed_people(store: &Store, terms: &[&str]) -> Vec<i64> {
    let conn = store.raw_connection().unwrap();
    conn.execute_batch("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, customer_search, 'row')").unwrap();
    let mut statement = conn.prepare("SELECT coalesce(sum(doc), 0) FROM temp.terms WHERE term = ?1").unwrap();
    terms.iter().map(|term| statement.query_row([term], |row| row.get(0)).unwrap()).collect()
}

#[test]
fn an_erased_person_leaves_the_search_index_and_was_never_in_the_files_bytes() {
    let (_dir, mut store, asa) = register_with_asa();
    let path = store.path().to_owned();
    // The files are encrypted: not even a living person is in their bytes.
    assert_eq!(found_in_files(&path), Vec::<&str>::new());
    // Tokens only the index holds: her surname's parts (others may share them) and her phone.
    let terms = ["öhman", "mäkelä", "0457654321"];
    let before = indexed_people(&store, &terms);
    assert!(before.iter().all(|people| *people >= 1), "{before:?}");
    store.erase_customer(asa, None).unwrap();
    let after = indexed_people(&store, &terms);
    assert_eq!(after, before.iter().map(|people| people - 1).collect::<Vec<_>>(), "her tokens left the index");
    assert_eq!(after[2], 0, "nobody else has her phone");
    assert_eq!(found_in_files(&path), Vec::<&str>::new());
    drop(store);
    assert_eq!(found_in_files(&path), Vec::<&str>::new(), "nor after the register is closed");
}

#[test]
fn search_no_longer_finds_an_erased_person() {
    let (_dir, mut store, asa) = register_with_asa();
    let searches = ["Öhman-Mäkelä", "asa.ohman", "045 765 4321", "+358 45 7654321"];
    for text in searches {
        let found: Vec<CustomerId> = store.search_customers(text, 10).unwrap().into_iter().map(|row| row.id).collect();
        assert_eq!(found, [asa], "{text}");
    }
    store.erase_customer(asa, None).unwrap();
    for text in searches {
        assert!(store.search_customers(text, 10).unwrap().is_empty(), "{text}");
    }
    assert!(matches!(store.customer(asa), Err(Error::NotFound(_))));
    assert_eq!(store.customer_count().unwrap(), 200);
}

#[test]
fn sales_vouchers_are_kept_without_the_person_until_the_accounting_act_allows() {
    let (_dir, mut store, asa) = register_with_asa();
    let outcome = store.erase_customer(asa, None).unwrap();
    assert_eq!(outcome.orders_kept, 2);
    assert_eq!(outcome.keep_until, Some(day(2032, 12, 31)), "6 years after the end of 2026");
    let file = store.raw_connection().unwrap();
    let kept: Vec<(Option<i64>, String, String, String)> = file
        .prepare(
            "SELECT customer_id, order_no, seller, payment_reference FROM customer_order WHERE order_no LIKE 'EV-%'",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kept.len(), 2);
    for (customer, order_no, seller, payment_reference) in kept {
        assert_eq!(customer, None, "{order_no} keeps no customer");
        assert_eq!((seller.as_str(), payment_reference.as_str()), ("Satu H.", "**** 4242"));
    }
    let lines: i64 = file
        .query_row(
            "SELECT count(*) FROM order_line WHERE order_id IN (SELECT id FROM customer_order WHERE order_no LIKE 'EV-%')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(lines, 2, "the vouchers keep their lines");
}

#[test]
fn the_erasure_log_and_the_audit_trail_name_no_one() {
    let (_dir, mut store, asa) = register_with_asa();
    let (request, reference) = store.add_request(&erasure_request(asa)).unwrap();
    store.verify_identity(request, "strong electronic identification").unwrap();
    store.erase_customer(asa, Some(request)).unwrap();

    let log = store.erasure_log().unwrap();
    assert_eq!(log.len(), 1);
    let entry = &log[0];
    assert_eq!(entry.request_reference, reference);
    assert_eq!(entry.record_count, 1);
    assert_eq!(entry.rule_id, None);
    assert_eq!(entry.note, "2 sales vouchers kept until 31.12.2032 (Accounting Act 1336/1997)");
    let erased = AuditFilter { action: Some(AuditAction::CustomerErased), ..AuditFilter::default() };
    let audit = store.audit_entries(&erased, 10).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].customer_id, Some(asa));
    for text in [&entry.note, &entry.request_reference, &audit[0].detail] {
        assert!(!text.contains("Åsa") && !text.contains("Öhman") && !text.contains("example.fi"), "{text}");
    }
    assert_eq!(store.verify_audit_chain().unwrap(), None, "the audit chain is intact");
}

#[test]
fn an_erasure_request_is_answered_only_after_the_identity_is_verified() {
    let (_dir, mut store, asa) = register_with_asa();
    let (request, _) = store.add_request(&erasure_request(asa)).unwrap();
    let refused = store.erase_customer(asa, Some(request));
    assert!(matches!(refused, Err(Error::NotAllowed(_))), "{refused:?}");
    assert_eq!(store.customer(asa).unwrap().last_name, LAST_NAME, "nothing is erased when refused");
    assert_eq!(store.request(request).unwrap().status, RequestStatus::Received);

    store.verify_identity(request, "passport at the shop").unwrap();
    store.record_rectification(request, "email", "asa@example.com", EMAIL).unwrap();
    store.erase_customer(asa, Some(request)).unwrap();
    let changes = store.request_changes(request).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].field.as_str(), changes[0].before.as_str(), changes[0].after.as_str()), ("email", "", ""));
    let answered = store.request(request).unwrap();
    assert_eq!(answered.status, RequestStatus::Answered);
    assert_eq!(answered.answered_on, Some(rekisteri::store::today()));
    assert_eq!(answered.kind, RequestKind::Erasure);
    assert_eq!((answered.customer_id, answered.subject_name.as_str()), (None, ""), "the request keeps no one");
    assert!(matches!(store.erase_customer(asa, Some(request)), Err(Error::NotFound(_))));
}

#[test]
fn portable_data_holds_the_email_and_the_consent_history_and_parses_back() {
    let (_dir, store, asa) = register_with_asa();
    let data = store.portable_data(asa).unwrap();
    let json = rekisteri::exchange::portable_json(&data);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["emails"][0]["address"], EMAIL);
    let actions: Vec<&str> =
        value["consents"].as_array().unwrap().iter().map(|c| c["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["given", "withdrawn"]);
    assert_eq!(value["orders"].as_array().unwrap().len(), 2);
    let csv = rekisteri::exchange::portable_csv(&data).unwrap();
    assert!(csv.lines().any(|line| line == format!("email;address;{EMAIL};phone;2026-03-01")), "{csv}");
    assert_eq!(csv.lines().filter(|line| line.starts_with("consent;")).count(), 2);
}
