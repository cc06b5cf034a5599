//! The retention rules on real register files: a rule reaches a record on its due date and not the
//! day before; legal holds, open requests, restrictions and unpaid orders keep a person out;
//! applying twice changes nothing the second time; erased people leave the search index (the files, encrypted, never hold them in their bytes);
//! anonymised customers leave sales per month computable without identities; the erasure log names
//! no one; and rules, exclusions and reviews are edited with their audit rows.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use chrono::NaiveDate;
use common::day;
use rekisteri::domain::Localized;
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::consent::{Channel, ConsentAction, ConsentEvent};
use rekisteri::domain::customer::{
    BillingStatus, Customer, CustomerId, CustomerStatus, Email, Order, OrderLine, PaymentMethod, Phone, PhoneKind,
    Provenance, Source, Tag, TagKind,
};
use rekisteri::domain::request::{Request, RequestChannel, RequestKind};
use rekisteri::domain::retention::{
    CandidateReport, HeldCounts, RetentionAction, RetentionCategory, RetentionRule, RetentionTrigger, ReviewChecklist,
    ReviewItem, next_review_due,
};
use rekisteri::domain::user::UserId;
use rekisteri::store::{AuditFilter, Error, Store};

fn rule(
    code: &str,
    category: RetentionCategory,
    trigger: RetentionTrigger,
    months: u32,
    action: RetentionAction,
) -> RetentionRule {
    RetentionRule {
        id: 0,
        code: code.into(),
        category,
        trigger,
        period_months: months,
        action,
        reason: Localized::new("Testisääntö", "Test rule"),
        active: true,
    }
}

fn prospects_rule() -> RetentionRule {
    rule("prospects", RetentionCategory::Prospects, RetentionTrigger::LastActivity, 24, RetentionAction::Erase)
}

fn customers_rule(action: RetentionAction) -> RetentionRule {
    rule("customers", RetentionCategory::Customers, RetentionTrigger::LastActivity, 36, action)
}

fn sales_rule() -> RetentionRule {
    rule(
        "sales_records",
        RetentionCategory::SalesRecords,
        RetentionTrigger::FinancialYearEnd,
        72,
        RetentionAction::Anonymise,
    )
}

/// A register with the sample's purposes and exactly `rules`.
fn register_with(rules: &[RetentionRule]) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = common::empty_register();
    rekisteri::sample::write_sample_description(&mut store).unwrap();
    for existing in store.retention_rules().unwrap() {
        store.remove_retention_rule(existing.id).unwrap();
    }
    for rule in rules {
        store.add_retention_rule(rule).unwrap();
    }
    (dir, store)
}

/// A person entered on `on` (their last activity too, when they have no orders).
fn someone(status: CustomerStatus, first: &str, last: &str, on: NaiveDate) -> Customer {
    let provenance = Provenance::new(Source::Phone, "", on);
    let mut customer = Customer::new(status, provenance);
    customer.first_name = first.into();
    customer.last_name = last.into();
    customer
}

fn order(order_no: &str, ordered_on: NaiveDate, cents: i64) -> Order {
    Order {
        order_no: order_no.into(),
        ordered_on,
        lines: vec![OrderLine { product: "Luomu hunaja 500 g".into(), quantity: 1, unit_price_cents: cents }],
        payment_method: PaymentMethod::Invoice,
        payment_reference: format!("{}{order_no}", ordered_on.format("%Y")),
        billing_status: BillingStatus::Paid,
        seller: "Satu H.".into(),
        provenance: Provenance::new(Source::Internet, "verkkokauppa", ordered_on),
    }
}

fn listed(report: &CandidateReport, code: &str) -> Vec<(Option<CustomerId>, NaiveDate)> {
    let rule = report.rules.iter().find(|rule| rule.rule.code == code).unwrap();
    rule.first.iter().map(|candidate| (candidate.customer_id, candidate.due_on)).collect()
}

fn count_of(report: &CandidateReport, code: &str) -> i64 {
    report.rules.iter().find(|rule| rule.rule.code == code).unwrap().count
}

/// The register's file read with its key, behind the store's back.
fn file(store: &Store) -> rusqlite::Connection {
    store.raw_connection().unwrap()
}

/// How many people the search index lists under each of `terms`, read with the key (the index
/// keeps its own copy of the tokens).
fn indexed_people(store: &Store, terms: &[&str]) -> Vec<i64> {
    let conn = store.raw_connection().unwrap();
    conn.execute_batch("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, customer_search, 'row')").unwrap();
    let mut statement = conn.prepare("SELECT coalesce(sum(doc), 0) FROM temp.terms WHERE term = ?1").unwrap();
    terms.iter().map(|term| statement.query_row([term], |row| row.get(0)).unwrap()).collect()
}

fn table_counts(store: &Store) -> Vec<i64> {
    let conn = file(store);
    [
        "customer",
        "customer_order",
        "order_line",
        "customer_tag",
        "consent_event",
        "request",
        "erasure_log",
        "attachment",
    ]
    .iter()
    .map(|table| conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0)).unwrap())
    .collect()
}

/// Sales per month over the whole register: what anonymisation must keep computable.
fn sales_per_month(store: &Store) -> Vec<(String, i64, i64)> {
    file(store)
        .prepare(
            "SELECT substr(ordered_on, 1, 7), count(*), sum(total_cents) FROM customer_order GROUP BY 1 ORDER BY 1",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_prospect_is_due_on_the_day_the_period_ends_and_not_the_day_before() {
    let (_dir, mut store) = register_with(&[prospects_rule()]);
    let prospect = store.add_customer(&someone(CustomerStatus::Prospect, "Pia", "Prospekti", day(2024, 3, 1))).unwrap();
    let leap = store.add_customer(&someone(CustomerStatus::Prospect, "Lea", "Karkaus", day(2024, 2, 29))).unwrap();

    let day_before = store.retention_candidates(day(2026, 2, 27), 10).unwrap();
    assert_eq!(count_of(&day_before, "prospects"), 0);
    // 29.2.2024 + 24 months has no 29th: it is due on the last day of February 2026.
    let february = store.retention_candidates(day(2026, 2, 28), 10).unwrap();
    assert_eq!(listed(&february, "prospects"), [(Some(leap), day(2026, 2, 28))]);
    let on_the_day = store.retention_candidates(day(2026, 3, 1), 10).unwrap();
    assert_eq!(listed(&on_the_day, "prospects"), [(Some(leap), day(2026, 2, 28)), (Some(prospect), day(2026, 3, 1))]);
}

#[test]
fn sales_vouchers_are_due_six_years_after_their_financial_year_and_not_a_day_before() {
    let (_dir, mut store) = register_with(&[sales_rule()]);
    let mut customer = someone(CustomerStatus::Customer, "Veli", "Vakioasiakas", day(2019, 1, 5));
    customer.orders.push(order("A-1", day(2019, 12, 31), 1290));
    customer.orders.push(order("A-2", day(2020, 1, 1), 2490));
    let id = store.add_customer(&customer).unwrap();

    assert_eq!(store.retention_candidates(day(2025, 12, 31), 10).unwrap().total(), 0);
    let due = store.retention_candidates(day(2026, 1, 1), 10).unwrap();
    assert_eq!(listed(&due, "sales_records"), [(Some(id), day(2026, 1, 1))], "only the 2019 order");
    assert_eq!(due.rules[0].first[0].detail, "A-1");

    store.apply_retention(day(2026, 1, 1), None).unwrap();
    let kept = store.customer(id).unwrap();
    assert_eq!(
        kept.orders.iter().map(|order| order.order_no.as_str()).collect::<Vec<_>>(),
        ["A-2"],
        "the customer stays"
    );
    assert_eq!(sales_per_month(&store), [("2019-12".into(), 1, 1290), ("2020-01".into(), 1, 2490)]);
    assert_eq!(
        store.retention_candidates(day(2026, 1, 1), 10).unwrap().total(),
        0,
        "a reduced order is not reached again"
    );
}

#[test]
fn a_legal_hold_an_open_request_a_restriction_and_an_unpaid_order_keep_a_person_out() {
    let (_dir, mut store) = register_with(&[prospects_rule(), customers_rule(RetentionAction::Anonymise)]);
    let entered = day(2022, 1, 10);
    let held = store.add_customer(&someone(CustomerStatus::Prospect, "Hilla", "Pidätetty", entered)).unwrap();
    let asking = store.add_customer(&someone(CustomerStatus::Prospect, "Pirjo", "Pyytäjä", entered)).unwrap();
    let restricted = store.add_customer(&someone(CustomerStatus::Prospect, "Raili", "Rajoitettu", entered)).unwrap();
    let mut debtor = someone(CustomerStatus::Customer, "Velma", "Velallinen", entered);
    debtor.orders.push(Order { billing_status: BillingStatus::Open, ..order("V-1", entered, 5000) });
    let debtor = store.add_customer(&debtor).unwrap();
    let free = store.add_customer(&someone(CustomerStatus::Prospect, "Vappu", "Vapaa", entered)).unwrap();
    let today = day(2026, 3, 1);

    let exclusion = store.exclude_from_retention(held, "Riita-asia käräjäoikeudessa").unwrap();
    let request = Request::received(RequestKind::Access, RequestChannel::Email, day(2026, 2, 20), Some(asking));
    let (open_request, _) = store.add_request(&request).unwrap();
    let restriction =
        Request::received(RequestKind::Restriction, RequestChannel::Email, day(2025, 6, 1), Some(restricted));
    let (restriction, _) = store.add_request(&restriction).unwrap();
    store.verify_identity(restriction, "passi").unwrap();

    let report = store.retention_candidates(today, 10).unwrap();
    assert_eq!(listed(&report, "prospects"), [(Some(free), day(2024, 1, 10))]);
    assert_eq!(count_of(&report, "customers"), 0);
    assert_eq!(report.held, HeldCounts { legal_hold: 1, open_request: 2, restricted: 1, unpaid_order: 1 });
    assert!(matches!(store.exclude_from_retention(free, " "), Err(Error::NotAllowed(_))), "a hold needs its reason");

    store.apply_retention(today, None).unwrap();
    for person in [held, asking, restricted, debtor] {
        assert!(store.customer(person).is_ok(), "{person} is kept");
    }
    assert!(matches!(store.customer(free), Err(Error::NotFound(_))));

    store.lift_retention_exclusion(exclusion).unwrap();
    assert!(matches!(store.lift_retention_exclusion(exclusion), Err(Error::NotAllowed(_))));
    store.refuse_request(open_request, "Henkilöllisyyttä ei voitu todentaa.").unwrap();
    assert!(store.retention_exclusions(today).unwrap().is_empty());
    let after = store.retention_candidates(today, 10).unwrap();
    let mut reached: Vec<_> = listed(&after, "prospects").into_iter().map(|(id, _)| id.unwrap()).collect();
    reached.sort();
    assert_eq!(reached, [held, asking], "once the hold is lifted and the request closed");
}

#[test]
fn applying_the_rules_twice_changes_nothing_the_second_time() {
    let (_dir, mut store) = common::sample_register(300);
    let today = rekisteri::store::today();
    let before = store.retention_candidates(today, 0).unwrap();
    assert!(before.total() > 30, "the sample has records due: {}", before.total());
    let applied = store.apply_retention(today, Some(&before.counts())).unwrap();
    assert_eq!(applied.total(), before.total());
    let counts = table_counts(&store);
    let log = store.erasure_log().unwrap();

    let second = store.apply_retention(today, None).unwrap();
    assert_eq!(second.total(), 0);
    assert!(second.rules.is_empty());
    assert_eq!(table_counts(&store), counts);
    assert_eq!(store.erasure_log().unwrap(), log);
    assert_eq!(store.retention_candidates(today, 0).unwrap().total(), 0);
    assert_eq!(store.verify_audit_chain().unwrap(), None);
    assert!(store.check().unwrap().is_healthy());
}

#[test]
fn applying_refuses_when_the_candidates_changed_after_the_confirmation() {
    let (_dir, mut store) = register_with(&[prospects_rule()]);
    let today = day(2026, 3, 1);
    store.add_customer(&someone(CustomerStatus::Prospect, "Eka", "Prospekti", day(2023, 1, 1))).unwrap();
    let confirmed = store.retention_candidates(today, 0).unwrap().counts();
    store.add_customer(&someone(CustomerStatus::Prospect, "Toka", "Prospekti", day(2023, 1, 1))).unwrap();
    let refused = store.apply_retention(today, Some(&confirmed));
    assert!(matches!(refused, Err(Error::NotAllowed(_))), "{refused:?}");
    assert_eq!(store.customer_count().unwrap(), 2, "nothing was erased");
    assert!(store.erasure_log().unwrap().is_empty());
}

#[test]
fn erased_prospects_leave_the_search_index_and_were_never_in_the_files_bytes() {
    const NEEDLES: [&str; 5] = ["Öhman-Mäkelä", "asa.ohman@example.fi", "+358457654321", "mäkelä", "0457654321"];
    let (_dir, mut store) = common::sample_register(200);
    let mut asa = someone(CustomerStatus::Prospect, "Åsa", "Öhman-Mäkelä", day(2021, 5, 4));
    let provenance = asa.provenance.clone();
    asa.emails.push(Email { address: "asa.ohman@example.fi".into(), provenance: provenance.clone() });
    asa.phones.push(Phone { kind: PhoneKind::Mobile, number: "+358457654321".into(), provenance });
    let asa = store.add_customer(&asa).unwrap();
    let path = store.path().to_owned();
    let found = |path: &std::path::Path| -> Vec<&str> {
        let bytes = common::register_file_bytes(path);
        NEEDLES.into_iter().filter(|needle| common::bytes_contain(&bytes, needle)).collect()
    };
    // The files are encrypted: not even a living person is in their bytes (as in store_erasure).
    assert_eq!(found(&path), Vec::<&str>::new());
    assert_eq!(store.search_customers("Öhman-Mäkelä", 5).unwrap().len(), 1);
    // Tokens only the index holds: her surname's parts (others may share them) and her phone.
    let terms = ["öhman", "mäkelä", "0457654321"];
    let before = indexed_people(&store, &terms);
    assert!(before.iter().all(|people| *people >= 1), "{before:?}");

    let applied = store.apply_retention(rekisteri::store::today(), None).unwrap();
    assert!(applied.rules.iter().any(|rule| rule.code == "prospects" && rule.count > 1));
    assert!(matches!(store.customer(asa), Err(Error::NotFound(_))));
    assert!(store.search_customers("Öhman-Mäkelä", 5).unwrap().is_empty());
    assert!(store.search_customers("045 765 4321", 5).unwrap().is_empty());
    let after = indexed_people(&store, &terms);
    assert_eq!(after[2], 0, "her phone left the index");
    assert!(after.iter().zip(&before).all(|(after, before)| after < before), "{before:?} → {after:?}");
    assert_eq!(found(&path), Vec::<&str>::new(), "tables, search index, free pages and WAL");
    drop(store);
    assert_eq!(found(&path), Vec::<&str>::new(), "nor after the register is closed");
}

/// A customer whose last order was in 2022 (a voucher until 31.12.2028) and who also ordered in
/// 2018 (past the voucher period on 1.3.2026), plus a recent customer the rule does not reach.
fn register_with_old_customer(action: RetentionAction) -> (tempfile::TempDir, Store, CustomerId, CustomerId) {
    let (dir, mut store) = register_with(&[customers_rule(action)]);
    let mut anna = someone(CustomerStatus::Customer, "Anna", "Anonyymi-Ääri", day(2018, 1, 10));
    anna.note = "Haluaa toimitukset aina perjantaisin".into();
    anna.tags.push(Tag { kind: TagKind::Interest, tag: "hunaja".into(), provenance: anna.provenance.clone() });
    anna.orders.push(order("OLD-1", day(2018, 2, 1), 1290));
    anna.orders.push(order("NEW-1", day(2022, 5, 5), 2490));
    let anna = store.add_customer(&anna).unwrap();
    let mut bertta = someone(CustomerStatus::Customer, "Bertta", "Tuore", day(2025, 9, 1));
    bertta.orders.push(order("B-1", day(2025, 9, 1), 990));
    let bertta = store.add_customer(&bertta).unwrap();
    (dir, store, anna, bertta)
}

#[test]
fn an_anonymised_customer_leaves_sales_per_month_but_no_identity() {
    let (_dir, mut store, anna, bertta) = register_with_old_customer(RetentionAction::Anonymise);
    let today = day(2026, 3, 1);
    let sales = sales_per_month(&store);
    let report = store.retention_candidates(today, 10).unwrap();
    assert_eq!(listed(&report, "customers"), [(Some(anna), day(2025, 5, 5))]);

    let applied = store.apply_retention(today, None).unwrap();
    assert_eq!(applied.rules[0].count, 1);
    assert_eq!(
        applied.rules[0].note,
        "1 sales vouchers kept without the person until 31.12.2028 at the latest (Accounting Act 1336/1997); \
         1 orders past the voucher period kept as statistics only"
    );
    assert_eq!(sales_per_month(&store), sales, "sales per month are unchanged");
    let orders: Vec<(Option<i64>, String, String, String)> = file(&store)
        .prepare("SELECT customer_id, order_no, payment_reference, seller FROM customer_order WHERE customer_id IS NULL ORDER BY ordered_on")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        orders,
        [
            (None, String::new(), String::new(), String::new()),
            (None, "NEW-1".into(), "2022NEW-1".into(), "Satu H.".into()),
        ],
        "the old order is statistics only; the voucher stays whole until 2028"
    );
    assert!(matches!(store.customer(anna), Err(Error::NotFound(_))));
    assert_eq!(store.customer(bertta).unwrap().orders.len(), 1);
    let bytes = common::register_file_bytes(store.path());
    for needle in ["Anonyymi-Ääri", "perjantaisin", "OLD-1"] {
        assert!(!common::bytes_contain(&bytes, needle), "{needle} is gone from the file");
    }
}

#[test]
fn an_erased_customer_keeps_only_the_vouchers_the_accounting_act_requires() {
    let (_dir, mut store, anna, _bertta) = register_with_old_customer(RetentionAction::Erase);
    let applied = store.apply_retention(day(2026, 3, 1), None).unwrap();
    assert!(applied.rules[0].note.ends_with("1 orders past the voucher period erased"), "{}", applied.rules[0].note);
    assert!(matches!(store.customer(anna), Err(Error::NotFound(_))));
    let orders: Vec<String> = file(&store)
        .prepare("SELECT order_no FROM customer_order WHERE customer_id IS NULL")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(orders, ["NEW-1"]);
}

#[test]
fn the_erasure_log_has_one_entry_per_rule_with_its_count_and_no_personal_data() {
    let (_dir, mut store) = register_with(&[prospects_rule(), customers_rule(RetentionAction::Anonymise)]);
    for index in 0..3 {
        store
            .add_customer(&someone(CustomerStatus::Prospect, "Pekka", &format!("Prospekti{index}"), day(2022, 4, 1)))
            .unwrap();
    }
    let mut customer = someone(CustomerStatus::Customer, "Kalle", "Asiakas", day(2020, 4, 1));
    customer.orders.push(order("K-1", day(2021, 4, 1), 3990));
    store.add_customer(&customer).unwrap();
    let today = day(2026, 3, 1);
    store.apply_retention(today, None).unwrap();

    let log = store.erasure_log().unwrap();
    let entries: Vec<(&str, RetentionAction, RetentionCategory, i64)> =
        log.iter().map(|entry| (entry.rule_code.as_str(), entry.action, entry.category, entry.record_count)).collect();
    assert_eq!(
        entries,
        [
            ("customers", RetentionAction::Anonymise, RetentionCategory::Customers, 1),
            ("prospects", RetentionAction::Erase, RetentionCategory::Prospects, 3),
        ]
    );
    for entry in &log {
        assert_eq!(entry.user_id, UserId(1));
        assert_eq!(entry.occurred_at.date(), rekisteri::store::today());
        assert!(entry.rule_id.is_some());
        for name in ["Pekka", "Prospekti", "Kalle", "Asiakas", "K-1"] {
            assert!(!entry.note.contains(name), "{}", entry.note);
        }
    }
    let applied = AuditFilter { action: Some(AuditAction::RetentionApplied), ..AuditFilter::default() };
    let audit = store.audit_entries(&applied, 10).unwrap();
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|entry| entry.customer_id.is_none() && !entry.detail.contains("Pekka")));

    // The log still names a rule after the rule is removed.
    let prospects = store.retention_rules().unwrap().into_iter().find(|rule| rule.code == "prospects").unwrap();
    store.remove_retention_rule(prospects.id).unwrap();
    let kept = store.erasure_log().unwrap();
    let entry = kept.iter().find(|entry| entry.rule_code == "prospects").unwrap();
    assert_eq!((entry.rule_id, entry.record_count), (None, 3));
}

#[test]
fn marketing_data_goes_when_every_consent_is_withdrawn_and_the_ledger_stays() {
    let withdrawn_rule = rule(
        "marketing",
        RetentionCategory::MarketingData,
        RetentionTrigger::ConsentWithdrawn,
        0,
        RetentionAction::Erase,
    );
    let (_dir, mut store) = register_with(&[withdrawn_rule]);
    let purpose = store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id;
    let mut ids = Vec::new();
    for (name, withdraws) in [("Wilma", true), ("Sanna", false)] {
        let mut person = someone(CustomerStatus::Customer, name, "Markkinoitava", day(2025, 1, 1));
        person.tags.push(Tag { kind: TagKind::Interest, tag: "marjat".into(), provenance: person.provenance.clone() });
        let id = store.add_customer(&person).unwrap();
        let mut events = vec![(ConsentAction::Given, "verkkolomake", day(2025, 1, 1))];
        if withdraws {
            events.push((ConsentAction::Withdrawn, "", day(2025, 6, 1)));
        }
        for (action, evidence, on) in events {
            let event = ConsentEvent {
                id: 0,
                customer_id: id,
                purpose_id: purpose,
                channel: Channel::Email,
                action,
                occurred_at: on.and_hms_opt(9, 0, 0).unwrap(),
                source: Source::Internet,
                evidence: evidence.into(),
                recorded_by: UserId(1),
            };
            store.record_consent(&event).unwrap();
        }
        ids.push(id);
    }
    assert_eq!(store.retention_candidates(day(2025, 5, 31), 10).unwrap().total(), 0);
    let report = store.retention_candidates(day(2025, 6, 1), 10).unwrap();
    assert_eq!(listed(&report, "marketing"), [(Some(ids[0]), day(2025, 6, 1))]);
    store.apply_retention(day(2025, 6, 1), None).unwrap();
    let wilma = store.customer(ids[0]).unwrap();
    assert!(wilma.tags.is_empty(), "her interests are erased");
    assert_eq!(store.consent_events(ids[0]).unwrap().len(), 2, "the ledger proves the withdrawal was honoured");
    assert_eq!(store.customer(ids[1]).unwrap().tags.len(), 1, "a standing consent keeps the data");
}

#[test]
fn closed_requests_are_stripped_to_their_own_record() {
    let rule =
        rule("closed", RetentionCategory::ClosedRequests, RetentionTrigger::Creation, 36, RetentionAction::Anonymise);
    let (_dir, mut store) = register_with(&[rule]);
    let mut request = Request::received(RequestKind::Erasure, RequestChannel::SignedLetter, day(2022, 2, 1), None);
    request.subject_name = "Olli Ulkopuolinen".into();
    let (id, reference) = store.add_request(&request).unwrap();
    store.refuse_request(id, "Henkilöä ei ole rekisterissä.").unwrap();
    store.add_request(&Request::received(RequestKind::Access, RequestChannel::Email, day(2022, 2, 1), None)).unwrap();
    assert_eq!(store.retention_candidates(day(2025, 1, 31), 10).unwrap().total(), 0);
    let report = store.retention_candidates(day(2025, 2, 1), 10).unwrap();
    assert_eq!(report.total(), 1, "the open request is not reached");
    assert_eq!(report.rules[0].first[0].detail, reference);
    store.apply_retention(day(2025, 2, 1), None).unwrap();
    let kept = store.request(id).unwrap();
    assert_eq!(
        (kept.reference.as_str(), kept.subject_name.as_str(), kept.kind),
        (reference.as_str(), "", RequestKind::Erasure)
    );
    assert_eq!(store.retention_candidates(day(2025, 2, 1), 10).unwrap().total(), 0);
}

#[test]
fn the_forecast_counts_each_record_in_the_month_it_becomes_due() {
    let (_dir, mut store) = register_with(&[prospects_rule()]);
    let today = day(2026, 3, 10);
    store.add_customer(&someone(CustomerStatus::Prospect, "Nyt", "Erääntynyt", day(2024, 3, 1))).unwrap();
    store.add_customer(&someone(CustomerStatus::Prospect, "Tämä", "Kuu", day(2024, 3, 11))).unwrap();
    store.add_customer(&someone(CustomerStatus::Prospect, "Huhti", "Kuu", day(2024, 4, 15))).unwrap();
    store.add_customer(&someone(CustomerStatus::Prospect, "Helmi", "Kuu", day(2025, 2, 28))).unwrap();
    let overview = store.retention_overview(today, 0, 12, None).unwrap();
    assert_eq!(overview.candidates.total(), 1);
    let months = &overview.forecast[0].months;
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], (day(2026, 3, 1), 1), "due 11.3.");
    assert_eq!(months[1], (day(2026, 4, 1), 1));
    assert_eq!(months[11], (day(2027, 2, 1), 1));
    assert_eq!(months.iter().map(|(_, count)| count).sum::<i64>(), 3, "today's candidate is not counted again");
}

#[test]
fn rules_are_added_changed_and_removed_with_their_audit_rows() {
    let (_dir, mut store) = register_with(&[]);
    let id = store.add_retention_rule(&prospects_rule()).unwrap();
    let second = store.add_retention_rule(&prospects_rule()).unwrap();
    let rules = store.retention_rules().unwrap();
    assert_eq!(rules.iter().map(|rule| rule.code.as_str()).collect::<Vec<_>>(), ["prospects", "prospects_2"]);

    let mut changed = rules[0].clone();
    changed.period_months = 12;
    changed.action = RetentionAction::Keep;
    store.update_retention_rule(&changed).unwrap();
    assert_eq!(store.retention_rules().unwrap()[0], changed);
    let mut bad = changed.clone();
    bad.trigger = RetentionTrigger::ConsentWithdrawn;
    bad.category = RetentionCategory::SalesRecords;
    assert!(matches!(store.update_retention_rule(&bad), Err(Error::NotAllowed(_))));
    store.remove_retention_rule(second).unwrap();
    assert_eq!(store.retention_rules().unwrap().len(), 1);
    assert!(matches!(store.remove_retention_rule(second), Err(Error::NotFound(_))));

    let added = store.add_missing_retention_rules(&rekisteri::sample::default_retention_rules()).unwrap();
    assert_eq!(added, rekisteri::sample::default_retention_rules().len() - 1, "all but the existing prospects rule");
    assert_eq!(store.retention_rules().unwrap()[0].id, id);

    let settings = AuditFilter { action: Some(AuditAction::SettingsChanged), ..AuditFilter::default() };
    let details: Vec<String> =
        store.audit_entries(&settings, 5).unwrap().into_iter().map(|entry| entry.detail).collect();
    assert!(details.iter().any(|detail| detail == "retention rule removed: prospects_2"), "{details:?}");
    assert!(
        details
            .iter()
            .any(|detail| detail == "retention rule changed: prospects: prospects last_activity 12 months, keep")
    );
}

#[test]
fn a_review_is_signed_off_only_when_every_item_is_settled_and_moves_the_next_due_date() {
    let (_dir, mut store) = register_with(&[]);
    let mut checklist = ReviewChecklist::new();
    for entry in &mut checklist.entries {
        entry.done = entry.item != ReviewItem::PaperDestroyed;
    }
    assert!(matches!(store.sign_off_review(&checklist, ""), Err(Error::NotAllowed(_))));
    assert!(store.reviews().unwrap().is_empty());
    checklist.entries[4].note = "Ei paperiaineistoa.".into();
    store.sign_off_review(&checklist, "Kunnossa.").unwrap();
    let reviews = store.reviews().unwrap();
    let today = rekisteri::store::today();
    assert_eq!(reviews[0].signed_off_at.date(), today);
    let interval = store.register_info().unwrap().review_interval_months;
    assert_eq!(interval, 3);
    let due = next_review_due(Some(reviews[0].signed_off_at.date()), interval, today);
    assert_eq!(due, today.checked_add_months(chrono::Months::new(3)).unwrap());
}

#[test]
fn reply_letters_of_erased_people_are_removed_from_the_replies_folder_only() {
    let (dir, mut store) = register_with(&[prospects_rule()]);
    let folder = rekisteri::replies::replies_folder(store.path());
    std::fs::create_dir_all(&folder).unwrap();
    let inside = folder.join("vastaus-1.pdf");
    let outside = dir.path().join("oma-kopio.pdf");
    for (name, file) in [("Risto", &inside), ("Raimo", &outside)] {
        let id = store.add_customer(&someone(CustomerStatus::Prospect, name, "Vastattu", day(2022, 1, 3))).unwrap();
        let request = Request::received(RequestKind::Access, RequestChannel::SignedLetter, day(2022, 1, 3), Some(id));
        let (request, _) = store.add_request(&request).unwrap();
        store.verify_identity(request, "passi").unwrap();
        std::fs::write(file, format!("{name} Vastattu: koko rekisteriote")).unwrap();
        let sha256 = rekisteri::store::sha256_hex(b"letter");
        store.record_reply(request, &sha256, &file.display().to_string(), day(2022, 1, 20)).unwrap();
    }
    let applied = store.apply_retention(day(2026, 3, 1), None).unwrap();
    assert_eq!(applied.reply_files.len(), 2);
    let discarded = rekisteri::replies::discard_reply_letters(store.path(), &applied.reply_files);
    assert_eq!((discarded.removed, discarded.left), (1, 1));
    assert!(!inside.exists(), "the letter in the replies folder is removed");
    assert!(outside.exists(), "a copy the user saved elsewhere is theirs");
    let kept = store.requests().unwrap();
    assert!(kept.iter().all(|request| request.customer_id.is_none() && request.reply_sha256.len() == 64));
}
