//! Search as the shop owner types it: prefixes of names with Finnish letters, e-mails, phone
//! fragments in any form, customer numbers and cities; nothing typed can break the query; the
//! list sorts in Finnish alphabetical order.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use common::{empty_register, person};
use rekisteri::domain::customer::{Address, AddressKind, CustomerId, CustomerSort, CustomerStatus, Provenance, Source};
use rekisteri::store::{CustomerQuery, Store};

fn register_of_people() -> (tempfile::TempDir, Store, Vec<CustomerId>) {
    let (dir, mut store) = empty_register();
    let mut ids = Vec::new();
    let mut makela = person("Pekka", "Mäkelä", "pekka.makela@example.fi", "+358401234567");
    makela.addresses.push(Address {
        kind: AddressKind::Home,
        street: "Koulukatu 1".into(),
        postal_code: "47200".into(),
        city: "Elimäki".into(),
        country: "FI".into(),
        provenance: Provenance::new(Source::Phone, "", common::day(2026, 1, 1)),
    });
    ids.push(store.add_customer(&makela).unwrap());
    ids.push(store.add_customer(&person("Matti", "Makela", "matti@example.com", "+358509876543")).unwrap());
    ids.push(store.add_customer(&person("Åsa", "Öhman", "asa.ohman@example.net", "")).unwrap());
    let mut prospect = person("Zacharias", "Aalto", "", "+35891234567");
    prospect.status = CustomerStatus::Prospect;
    ids.push(store.add_customer(&prospect).unwrap());
    (dir, store, ids)
}

fn find(store: &Store, text: &str) -> Vec<CustomerId> {
    store.customer_ids(&CustomerQuery { text: text.into(), ..CustomerQuery::default() }).unwrap()
}

#[test]
fn finnish_letters_are_kept_apart_and_case_folds() {
    let (_dir, store, ids) = register_of_people();
    assert_eq!(find(&store, "mäk"), [ids[0]]);
    assert_eq!(find(&store, "MÄKELÄ"), [ids[0]]);
    assert_eq!(find(&store, "makela"), [ids[1], ids[0]], "the e-mail pekka.makela matches too");
    assert_eq!(find(&store, "öhm"), [ids[2]]);
    assert_eq!(find(&store, "åsa"), [ids[2]]);
    assert_eq!(find(&store, "pekka mäk"), [ids[0]], "every word must match");
}

#[test]
fn e_mail_phone_number_and_city_are_found_by_their_beginning() {
    let (_dir, store, ids) = register_of_people();
    assert_eq!(find(&store, "pekka.mak"), [ids[0]]);
    assert_eq!(find(&store, "matti@example.c"), [ids[1]]);
    assert_eq!(find(&store, "040 123"), [ids[0]]);
    assert_eq!(find(&store, "0401234567"), [ids[0]]);
    assert_eq!(find(&store, "+358 40 123 45"), [ids[0]]);
    assert_eq!(find(&store, "401234"), [ids[0]]);
    assert_eq!(find(&store, "09 123"), [ids[3]]);
    assert_eq!(find(&store, "elimä"), [ids[0]]);
    assert_eq!(find(&store, "47200"), [ids[0]]);
    assert_eq!(find(&store, &ids[2].to_string()), [ids[2]]);
}

#[test]
fn query_syntax_typed_by_a_user_is_only_text() {
    let (_dir, store, _ids) = register_of_people();
    for input in [
        "\"",
        "*",
        "OR",
        "NEAR(",
        ")",
        "a OR b",
        "\"Mäk",
        "-",
        "^",
        "col:val",
        "NOT",
        "AND (",
        "' OR 1=1 --",
        "{}",
        "\u{0}",
    ] {
        let result = store.customer_ids(&CustomerQuery { text: input.into(), ..CustomerQuery::default() });
        assert!(result.is_ok(), "{input:?} broke the query: {result:?}");
        assert!(store.search_customers(input, 10).is_ok(), "{input:?}");
    }
    assert!(find(&store, "OR").is_empty());
}

#[test]
fn the_list_sorts_in_finnish_order_and_filters_by_status() {
    let (_dir, store, ids) = register_of_people();
    let by_name = store.customer_ids(&CustomerQuery::default()).unwrap();
    assert_eq!(by_name, [ids[3], ids[1], ids[0], ids[2]], "Aalto, Makela, Mäkelä, Öhman");
    let descending = store
        .customer_ids(&CustomerQuery { sort: CustomerSort::Number, descending: true, ..CustomerQuery::default() })
        .unwrap();
    assert_eq!(descending, [ids[3], ids[2], ids[1], ids[0]]);
    let prospects = store
        .customer_ids(&CustomerQuery { status: Some(CustomerStatus::Prospect), ..CustomerQuery::default() })
        .unwrap();
    assert_eq!(prospects, [ids[3]]);
}

#[test]
fn the_command_line_search_returns_rows_with_a_limit() {
    let (_dir, store, ids) = register_of_people();
    let rows = store.search_customers("example", 2).unwrap();
    assert_eq!(rows.len(), 2);
    let rows = store.search_customers("öhman", 10).unwrap();
    assert_eq!(rows[0].id, ids[2]);
    assert_eq!(rows[0].email, "asa.ohman@example.net");
}

#[test]
fn the_bulk_index_finds_what_single_writes_find() {
    let (_dir, store) = common::sample_register(200);
    let someone = store.customer(CustomerId(123)).unwrap();
    let found = find(&store, &someone.last_name);
    assert!(found.contains(&CustomerId(123)));
    for id in &found {
        let row = &store.customer_rows(&[*id]).unwrap()[0];
        assert!(row.name.to_lowercase().contains(&someone.last_name.to_lowercase()) || row.email.contains('@'));
    }
    if let Some(phone) = someone.phones.first() {
        let national = rekisteri::domain::validate::phone_display(&phone.number);
        assert!(find(&store, &national).contains(&CustomerId(123)), "{national}");
    }
}

#[test]
fn a_search_in_name_order_reads_the_covering_index_and_finds_what_the_plain_query_finds() {
    let (_dir, store) = common::sample_register(300);
    let bare = store.raw_connection().unwrap();
    for typed in ["virt", "ma", "040", "helsinki", "a"] {
        let fts = rekisteri::store::fts_query(typed).unwrap();
        let plain: Vec<i64> = bare
            .prepare(
                "SELECT c.id FROM customer c WHERE c.id IN
                     (SELECT rowid FROM customer_search WHERE customer_search MATCH ?1)
                 ORDER BY c.sort_name, c.id",
            )
            .unwrap()
            .query_map([&fts], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let ids: Vec<i64> = store
            .customer_ids(&CustomerQuery { text: typed.into(), ..CustomerQuery::default() })
            .unwrap()
            .into_iter()
            .map(|id| id.0)
            .collect();
        assert_eq!(ids, plain, "all matches of {typed:?}");
        let first: Vec<i64> = store.search_customers(typed, 7).unwrap().into_iter().map(|row| row.id.0).collect();
        assert_eq!(first[..], plain[..plain.len().min(7)], "the first seven of {typed:?}");
    }
    let plan: Vec<String> = bare
        .prepare(
            "EXPLAIN QUERY PLAN SELECT c.id FROM customer c INDEXED BY customer_search_order
             WHERE c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH 'x')
             ORDER BY c.sort_name, c.id",
        )
        .unwrap()
        .query_map([], |row| row.get(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(plan.iter().any(|step| step.contains("COVERING INDEX customer_search_order")), "{plan:?}");
}
