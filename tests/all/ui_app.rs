//! The window as the shop owner meets it, driven headless with egui_kittest: it opens on the
//! sample register, every tab opens, the language switch changes the labels, typing in the
//! search box filters the list, and selecting a row shows the person's record.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use egui_kittest::kittest::Queryable as _;
use rekisteri::domain::Lang;
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::customer::CustomerId;
use rekisteri::store::{AuditFilter, Store};
use rekisteri::ui::Tab;

use common::ui::{app_on, sample_app, settle};

#[test]
fn the_app_opens_on_the_sample_register_with_its_alerts() {
    let (_dir, harness) = sample_app(Lang::Fi);
    assert_eq!(harness.state().tab(), Tab::Customers);
    assert_eq!(harness.state().customers_tab().match_count(), rekisteri::sample::SAMPLE_CUSTOMERS);
    harness.get_by_label("MiMa Organicsin prospekti- ja asiakasrekisteri");
    harness.get_by_label("Esimerkkirekisteri: kuvitteellisia henkilöitä, ei oikeita tietoja.");
    assert!(harness.query_by_label_contains("myöhässä").is_some(), "overdue requests show in the top bar");
    assert!(harness.query_by_label_contains("katselmointi erääntynyt").is_some(), "the due review shows");
}

#[test]
fn every_tab_opens_and_shows_what_the_store_holds() {
    let (_dir, mut harness) = sample_app(Lang::Fi);
    let checks: [(&str, Tab, &str); 5] = [
        ("Suostumukset", Tab::Consents, "Peruutukset kirjataan:"),
        ("Pyynnöt", Tab::Requests, "Aino Esimerkki (ei rekisterissä)"),
        ("Säilytys", Tab::Retention, "Säilytyssäännöt"),
        ("Rekisteri", Tab::Register, "2633954-7"),
        ("Loki", Tab::Audit, "Tarkista ketju"),
    ];
    for (tab_label, tab, shown) in checks {
        harness.get_by_label(tab_label).click();
        settle(&mut harness);
        assert_eq!(harness.state().tab(), tab);
        assert!(harness.query_by_label_contains(shown).is_some(), "{tab_label} shows {shown:?}");
    }
    harness.get_by_label("Tarkista ketju").click();
    // The chain is walked on a worker thread.
    settle(&mut harness);
    harness.get_by_label("Tarkistusketju on ehjä.");
    let store = harness.state().store().unwrap();
    let viewed =
        store.audit_entries(&AuditFilter { action: Some(AuditAction::AuditViewed), ..Default::default() }, 5).unwrap();
    assert_eq!(viewed.len(), 1, "opening the audit trail is itself logged");
    harness.get_by_label("Asiakkaat").click();
    harness.run();
    assert_eq!(harness.state().tab(), Tab::Customers);
}

#[test]
fn the_language_switch_changes_the_labels() {
    let (_dir, mut harness) = sample_app(Lang::Fi);
    harness.get_by_label("In English").click();
    settle(&mut harness);
    assert_eq!(harness.state().lang(), Lang::En);
    harness.get_by_label("Customers");
    harness.get_by_label("Consents");
    harness.get_by_label("MiMa Organics prospect and customer register");
    assert!(harness.query_by_label("Asiakkaat").is_none());
    harness.get_by_label("Suomeksi").click();
    settle(&mut harness);
    harness.get_by_label("Asiakkaat");
}

#[test]
fn typing_in_the_search_box_filters_the_list_and_a_row_shows_the_record() {
    let (_dir, mut harness) = sample_app(Lang::En);
    let someone = harness.state().store().unwrap().customer(CustomerId(42)).unwrap();
    let name = someone.display_name();
    harness.get_by_role(egui::accesskit::Role::TextInput).click();
    harness.run();
    harness.get_by_role(egui::accesskit::Role::TextInput).type_text(&name);
    settle(&mut harness);
    let matches = harness.state().customers_tab().match_count();
    assert!((1..rekisteri::sample::SAMPLE_CUSTOMERS).contains(&matches), "{matches} matches for {name}");
    harness.get_all_by_label(&name).next().expect("the person is listed").click();
    settle(&mut harness);
    let selected = harness.state().customers_tab().selected().expect("a row was selected");
    let shown = harness.state().customers_tab().selected_customer().expect("the record was loaded");
    assert_eq!(shown.display_name(), name);
    harness.get_by_label("Contact details");
    harness.get_by_label("Permissions and consents");
    let store = harness.state().store().unwrap();
    let viewed = store
        .audit_entries(
            &AuditFilter { customer: Some(selected), action: Some(AuditAction::CustomerViewed), ..Default::default() },
            5,
        )
        .unwrap();
    assert_eq!(viewed.len(), 1, "opening a record is logged");
}

#[test]
fn a_search_for_nobody_says_so() {
    let (_dir, mut harness) = sample_app(Lang::Fi);
    harness.get_by_role(egui::accesskit::Role::TextInput).click();
    harness.run();
    harness.get_by_role(egui::accesskit::Role::TextInput).type_text("Zyxwvu\" OR (");
    settle(&mut harness);
    assert_eq!(harness.state().customers_tab().match_count(), 0);
    harness.get_by_label("Ei osumia.");
}

#[test]
fn a_register_that_cannot_be_opened_shows_why_instead_of_crashing() {
    let (_dir, path) = common::temp_path("broken.sqlite");
    std::fs::write(&path, b"this is not a register").unwrap();
    // A key file that belongs to another register: the key does not open this file.
    let (_other_dir, other) = common::empty_register();
    std::fs::copy(rekisteri::store::key_file_path(other.path()), rekisteri::store::key_file_path(&path)).unwrap();
    let store = Store::open(&path, common::ADMIN_USERNAME, common::ADMIN_PASSWORD, rekisteri::store::now());
    let harness = app_on(&path, store, Lang::Fi);
    assert!(harness.state().open_error().is_some());
    harness.get_by_label("Rekisteriä ei voi avata");
    harness.get_by_label("Tiedosto ei ole tietokanta. Valitse oikea rekisteritiedosto.");
}
