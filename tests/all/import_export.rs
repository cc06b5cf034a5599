//! Importing and exporting customers end to end: a file with every quirk goes in, people already
//! in the register are matched rather than doubled, "accepts marketing: yes" becomes a consent
//! whose evidence is the file and never re-grants a withdrawn one, and the export is a CSV a
//! Finnish Excel opens safely, recorded in the audit trail with its row count.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use std::process::Command;

use common::{day, empty_register, person};
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::consent::{Channel, ConsentAction, ConsentEvent};
use rekisteri::domain::customer::{IncomingCustomer, Provenance, Source};
use rekisteri::domain::user::UserId;
use rekisteri::exchange;
use rekisteri::store::{AuditFilter, CustomerQuery, Store};

/// Every quirk at once: BOM, `;`, Finnish headers, a leading apostrophe, a quoted two-line
/// address, a row with problems, a formula, "kyllä"/"ei".
const QUIRKY: &str = "\u{feff}Etunimi;Sukunimi;Sähköposti;Puhelin;Katuosoite;Postinumero;Postitoimipaikka;Sähköpostimarkkinointi\r\n\
Pekka;Mäkelä;pekka.makela@example.fi;'0401112233;\"Koulukatu 1\nA 5\";47200;Elimäki;kyllä\r\n\
Virhe;Rivi;ei-osoite;123;;;;ei\r\n\
Åsa;Öhman;ASA@example.fi;;;;;ei\r\n";

fn incoming(bytes: &[u8], file_name: &str) -> (Vec<IncomingCustomer>, usize) {
    let table = exchange::read_table(bytes).unwrap();
    let mapping = exchange::guess_mapping(&table.headers);
    let provenance = Provenance::new(Source::ImportFile, file_name, day(2026, 11, 25));
    let parsed = exchange::parse_rows(&table, &mapping, &provenance);
    let rejected = parsed.rejected_row_count();
    (parsed.rows.into_iter().map(exchange::ImportRow::into_incoming).collect(), rejected)
}

fn direct_marketing(store: &Store) -> rekisteri::domain::register::PurposeId {
    store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id
}

#[test]
fn a_quirky_file_imports_its_valid_rows_with_the_file_as_their_source() {
    let (_dir, mut store) = empty_register();
    rekisteri::sample::write_sample_description(&mut store).unwrap();
    let (rows, rejected) = incoming(QUIRKY.as_bytes(), "asiakkaat.csv");
    assert_eq!((rows.len(), rejected), (2, 1));
    let summary = store.import_customers(&rows, "asiakkaat.csv", |_| true).unwrap();
    assert_eq!((summary.added, summary.consents_recorded), (2, 1));
    let found = store.search_customers("mäkelä", 5).unwrap();
    let pekka = store.customer(found[0].id).unwrap();
    assert_eq!(pekka.phones[0].number, "+358401112233", "the spreadsheet's apostrophe is gone");
    assert_eq!(pekka.addresses[0].street, "Koulukatu 1\nA 5");
    assert_eq!(pekka.emails[0].provenance.source, Source::ImportFile);
    assert_eq!(pekka.emails[0].provenance.detail, "asiakkaat.csv");
    let consents = store.consent_events(found[0].id).unwrap();
    assert_eq!(consents.len(), 1);
    assert_eq!((consents[0].source, consents[0].channel), (Source::ImportFile, Channel::Email));
    assert!(consents[0].evidence.starts_with("asiakkaat.csv"));
    let asa = store.search_customers("öhman", 5).unwrap();
    assert!(store.consent_events(asa[0].id).unwrap().is_empty(), "\"ei\" grants nothing");
}

#[test]
fn importing_the_same_file_again_matches_people_instead_of_doubling_them() {
    let (_dir, mut store) = empty_register();
    rekisteri::sample::write_sample_description(&mut store).unwrap();
    let (rows, _) = incoming(QUIRKY.as_bytes(), "a.csv");
    store.import_customers(&rows, "a.csv", |_| true).unwrap();
    let again = store.import_customers(&rows, "a.csv", |_| true).unwrap();
    assert_eq!((again.added, again.unchanged, again.consents_recorded), (0, 2, 0));
    assert_eq!(store.customer_count().unwrap(), 2);
}

#[test]
fn an_import_never_re_grants_a_withdrawn_consent() {
    let (_dir, mut store) = empty_register();
    rekisteri::sample::write_sample_description(&mut store).unwrap();
    let purpose = direct_marketing(&store);
    let id = store.add_customer(&person("Pekka", "Mäkelä", "pekka.makela@example.fi", "")).unwrap();
    store
        .record_consent(&ConsentEvent {
            id: 0,
            customer_id: id,
            purpose_id: purpose,
            channel: Channel::Email,
            action: ConsentAction::Withdrawn,
            occurred_at: day(2026, 6, 1).and_hms_opt(9, 0, 0).unwrap(),
            source: rekisteri::domain::customer::Source::Email,
            evidence: String::new(),
            recorded_by: UserId(1),
        })
        .unwrap();
    let (rows, _) = incoming(QUIRKY.as_bytes(), "vanha-lista.csv");
    let summary = store.import_customers(&rows, "vanha-lista.csv", |_| true).unwrap();
    assert_eq!((summary.consents_recorded, summary.consents_not_regranted), (0, 1));
    let events = store.consent_events(id).unwrap();
    assert_eq!(events.len(), 1, "the ledger still ends with the withdrawal");
    assert_eq!(events[0].action, ConsentAction::Withdrawn);
}

#[test]
fn a_newer_file_updates_a_matched_person_and_an_older_one_does_not() {
    let (_dir, mut store) = empty_register();
    let id = store.add_customer(&person("P.", "Mäkelä", "pekka.makela@example.fi", "")).unwrap();
    let older = "email,first_name,last_name,updated_at\npekka.makela@example.fi,Pekka,Vanha,2001-01-01\n";
    let (rows, _) = incoming(older.as_bytes(), "old.csv");
    assert_eq!(store.import_customers(&rows, "old.csv", |_| true).unwrap().unchanged, 1);
    assert_eq!(store.customer(id).unwrap().last_name, "Mäkelä");
    let newer = "email,first_name,last_name,phone,updated_at\npekka.makela@example.fi,Pekka,Mäkelä-Uusi,040 222 3333,2099-01-01\n";
    let (rows, _) = incoming(newer.as_bytes(), "new.csv");
    assert_eq!(store.import_customers(&rows, "new.csv", |_| true).unwrap().updated, 1);
    let updated = store.customer(id).unwrap();
    assert_eq!((updated.first_name.as_str(), updated.last_name.as_str()), ("Pekka", "Mäkelä-Uusi"));
    assert_eq!(updated.phones[0].number, "+358402223333");
    assert_eq!(updated.emails.len(), 1);
    assert_eq!(
        store.customer_ids(&CustomerQuery { text: "040 222".into(), ..CustomerQuery::default() }).unwrap(),
        [id]
    );
}

#[test]
fn a_cancelled_import_leaves_the_register_as_it_was() {
    let (_dir, mut store) = empty_register();
    let csv: String = std::iter::once("first_name,last_name,email\n".to_owned())
        .chain((0..2000).map(|index| format!("Testi,Henkilö{index},testi{index}@example.fi\n")))
        .collect();
    let (rows, _) = incoming(csv.as_bytes(), "big.csv");
    let result = store.import_customers(&rows, "big.csv", |done| done < 1000);
    assert!(matches!(result, Err(rekisteri::store::Error::Cancelled)));
    assert_eq!(store.customer_count().unwrap(), 0);
}

#[test]
fn the_command_line_imports_and_exports_with_an_audit_row() {
    let (dir, path) = common::temp_path("cli.sqlite");
    let db = path.to_str().unwrap();
    let rekisteri = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rekisteri"))
            .args(args)
            .env("REKISTERI_USER", rekisteri::sample::SAMPLE_USERNAME)
            .env("REKISTERI_PASSWORD", rekisteri::sample::SAMPLE_PASSWORD)
            .output()
            .unwrap()
    };
    assert!(rekisteri(&["demo", "--db", db, "--customers", "10"]).status.success());
    let csv = dir.path().join("tuonti.csv");
    std::fs::write(&csv, QUIRKY).unwrap();
    let strict = rekisteri(&["import", "--db", db, "--lang", "fi", "--strict", csv.to_str().unwrap()]);
    assert!(!strict.status.success(), "--strict imports nothing from a file with a bad row");
    assert!(String::from_utf8_lossy(&strict.stderr).contains("Rivi 3"));
    let import = rekisteri(&["import", "--db", db, "--lang", "fi", csv.to_str().unwrap()]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    assert!(String::from_utf8_lossy(&import.stdout).contains("2 uutta"));
    let out = dir.path().join("vienti.csv");
    let export = rekisteri(&["export", "--db", db, "--lang", "fi", "--out", out.to_str().unwrap()]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "UTF-8 with BOM");
    let text = String::from_utf8(bytes).unwrap();
    // 12 people, less the demo's one person under a processing restriction; one address has two lines.
    assert_eq!(text.lines().count(), 1 + 11 + 1, "header, 11 people, one two-line address");
    assert!(text.contains("Mäkelä") && text.contains("Öhman"));
    let store = common::reopen_sample(&path);
    let audit = store
        .audit_entries(&AuditFilter { action: Some(AuditAction::CustomersExported), ..AuditFilter::default() }, 5)
        .unwrap();
    assert!(audit[0].detail.starts_with("11 rows to vienti.csv"), "{}", audit[0].detail);
}

#[test]
fn a_large_export_reads_the_table_once_and_keeps_the_lists_order() {
    // Over 5,000 people the export reads the table in one pass; the rows must still come in the
    // list's order (here by name) and equal what the person-by-person read gives.
    let (_dir, store) = common::sample_register(5_200);
    let query = CustomerQuery::default();
    let listings = store.customer_listings(&query).unwrap();
    let restricted = store.restricted_customers().unwrap();
    let expected_ids: Vec<_> =
        store.customer_ids(&query).unwrap().into_iter().filter(|id| !restricted.contains(id)).collect();
    assert!(expected_ids.len() > 5_000);
    assert_eq!(listings.iter().map(|listing| listing.customer_number).collect::<Vec<_>>(), expected_ids);
    for listing in listings.iter().step_by(97) {
        let by_number = CustomerQuery { text: listing.customer_number.to_string(), ..CustomerQuery::default() };
        // Under 5,000 matches: read person by person.
        let alone = store.customer_listings(&by_number).unwrap();
        let same = alone.iter().find(|other| other.customer_number == listing.customer_number);
        assert_eq!(same, Some(listing), "customer {}", listing.customer_number);
    }
}

/// The register's index names and definitions, to check an import puts back what it set aside.
fn index_definitions(store: &Store) -> Vec<(String, String)> {
    let conn = store.raw_connection().unwrap();
    let mut statement = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// `csv` with `count` more people after its rows, each with a name and an e-mail of their own.
fn with_filler(csv: &str, count: usize) -> String {
    let columns = csv.lines().next().unwrap().split(',').count();
    let mut text = csv.to_owned();
    for index in 0..count {
        let cells = [format!("Täyte{index}"), "Rivi".into(), format!("tayte{index}@example.fi")];
        let row: Vec<String> = cells.into_iter().chain(std::iter::repeat(String::new())).take(columns).collect();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    text
}

/// Adds `count` people with e-mails of their own that no file here has.
fn add_bystanders(store: &mut Store, count: usize) {
    for index in 0..count {
        store.add_customer(&person("Sivullinen", &index.to_string(), &format!("sivu{index}@example.com"), "")).unwrap();
    }
}

/// Each matching test runs both ways: a file smaller than the register is matched through the
/// indexes; a file at least as large sets the lookup indexes aside and matches in memory.
const BOTH_WAYS: [(usize, usize); 2] = [(10, 0), (0, 1_200)];

#[test]
fn rows_of_one_file_match_each_other_by_e_mail_and_by_a_phone_added_on_the_way() {
    // Row 3 is the same person as row 2 (e-mail in another case) and brings a phone; row 4 has
    // only that phone. Each "yes" after the first is already a standing consent.
    let csv = "first_name,last_name,email,phone,updated_at,accepts_email_marketing\n\
               Liisa,Laine,liisa.laine@example.fi,,2020-01-01,yes\n\
               Liisa,Laine-Uusi,LIISA.LAINE@example.fi,040 555 1234,2099-01-01,yes\n\
               Liisa,,,0405551234,,yes\n\
               Olli,Outo,olli@example.fi,,,no\n";
    for (bystanders, filler) in BOTH_WAYS {
        let (_dir, mut store) = empty_register();
        rekisteri::sample::write_sample_description(&mut store).unwrap();
        add_bystanders(&mut store, bystanders);
        let indexes = index_definitions(&store);
        let (rows, rejected) = incoming(with_filler(csv, filler).as_bytes(), "kahdesti.csv");
        assert_eq!((rows.len(), rejected), (4 + filler, 0));
        let summary = store.import_customers(&rows, "kahdesti.csv", |_| true).unwrap();
        assert_eq!((summary.added, summary.updated, summary.unchanged), (2 + filler, 1, 1), "filler {filler}");
        assert_eq!((summary.consents_recorded, summary.consents_not_regranted), (1, 0));
        assert_eq!(store.customer_count().unwrap(), (2 + filler + bystanders) as i64);
        let found = store.customer_ids(&CustomerQuery { text: "040 555".into(), ..CustomerQuery::default() }).unwrap();
        assert_eq!(found.len(), 1, "the phone the file added on the way is searchable");
        let liisa = store.customer(found[0]).unwrap();
        assert_eq!(liisa.last_name, "Laine-Uusi");
        assert_eq!(store.consent_events(found[0]).unwrap().len(), 1);
        assert_eq!(index_definitions(&store), indexes, "the indexes set aside are back as they were");
    }
}

#[test]
fn an_import_into_a_small_register_matches_its_people_by_e_mail_and_phone() {
    let csv = "first_name,last_name,email,phone\n\
               Pekka,Mäkelä,Pekka.Makela@Example.fi,\n\
               Anna,Aho,anna@example.fi,040 111 2233\n\
               Uusi,Ihminen,uusi@example.fi,\n";
    for (bystanders, filler) in BOTH_WAYS {
        let (_dir, mut store) = empty_register();
        let pekka = store.add_customer(&person("Pekka", "Mäkelä", "pekka.makela@example.fi", "")).unwrap();
        let anna = store.add_customer(&person("Anna", "Aho", "", "+358401112233")).unwrap();
        add_bystanders(&mut store, bystanders);
        let (rows, _) = incoming(with_filler(csv, filler).as_bytes(), "pieni.csv");
        let summary = store.import_customers(&rows, "pieni.csv", |_| true).unwrap();
        assert_eq!((summary.added, summary.unchanged), (1 + filler, 2), "filler {filler}");
        assert_eq!(store.customer_count().unwrap(), (3 + filler + bystanders) as i64);
        assert_eq!(store.search_customers("ihminen", 5).unwrap().len(), 1);
        assert_eq!(store.search_customers("mäkelä", 5).unwrap()[0].id, pekka);
        assert_eq!(store.search_customers("aho", 5).unwrap()[0].id, anna);
    }
}

#[test]
fn an_import_into_a_large_register_matches_through_its_indexes() {
    // From 10,000 people the indexes stay and matching asks them row by row.
    let (_dir, mut store) = common::sample_register(10_000);
    let existing = store.customer_count().unwrap();
    let someone = store.customer(store.customer_ids(&CustomerQuery::default()).unwrap()[0]).unwrap();
    let email = someone.emails.first().map(|email| email.address.to_uppercase()).unwrap_or_default();
    let phone = someone.phones.first().map(|phone| phone.number.clone()).unwrap_or_default();
    let csv = format!(
        "first_name,last_name,email,phone\n{},{},{email},{phone}\nAivan,Uusi,aivan.uusi@example.fi,\nAivan,Uusi,AIVAN.UUSI@example.fi,\n",
        someone.first_name, someone.last_name
    );
    let (rows, _) = incoming(csv.as_bytes(), "iso.csv");
    let summary = store.import_customers(&rows, "iso.csv", |_| true).unwrap();
    assert_eq!((summary.added, summary.unchanged), (1, 2));
    assert_eq!(store.customer_count().unwrap(), existing + 1);
    assert_eq!(store.search_customers("aivan.uusi", 5).unwrap().len(), 1);
}

#[test]
fn a_file_imported_row_by_row_lists_its_bad_rows_and_writes_the_good_ones() {
    let (_dir, mut store) = empty_register();
    let table = exchange::read_table(QUIRKY.as_bytes()).unwrap();
    let mapping = exchange::guess_mapping(&table.headers);
    let mut calls = 0;
    let imported = rekisteri::customer_import::import_table(&mut store, &table, &mapping, "rivit.csv", |_| {
        calls += 1;
        true
    })
    .unwrap();
    assert_eq!((imported.summary.added, imported.rejected_row_count()), (2, 1));
    assert!(imported.errors.iter().all(|error| error.row_number == 3), "{:?}", imported.errors);
    assert_eq!(calls, 0, "progress is reported every 500 rows");
    let pekka = store.customer(store.search_customers("mäkelä", 5).unwrap()[0].id).unwrap();
    assert_eq!(pekka.emails[0].provenance.detail, "rivit.csv");
}

#[test]
fn a_file_import_cancelled_half_way_leaves_the_register_and_its_indexes_as_they_were() {
    let (_dir, mut store) = empty_register();
    store.add_customer(&person("Ennen", "Tuontia", "ennen@example.fi", "")).unwrap();
    let indexes = index_definitions(&store);
    let csv: String = std::iter::once("first_name,last_name,email\n".to_owned())
        .chain((0..3000).map(|index| format!("Testi,Henkilö{index},testi{index}@example.fi\n")))
        .collect();
    let table = exchange::read_table(csv.as_bytes()).unwrap();
    let mapping = exchange::guess_mapping(&table.headers);
    let result = rekisteri::customer_import::import_table(&mut store, &table, &mapping, "iso.csv", |done| done < 1500);
    assert!(matches!(result, Err(rekisteri::store::Error::Cancelled)));
    assert_eq!(store.customer_count().unwrap(), 1);
    assert_eq!(index_definitions(&store), indexes);
    assert!(store.search_customers("testi", 5).unwrap().is_empty());
    assert_eq!(store.search_customers("tuontia", 5).unwrap().len(), 1);
}
