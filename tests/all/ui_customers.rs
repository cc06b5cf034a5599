//! The Customers tab's daily flows, headless: add a customer, edit one, see a validation error in
//! Finnish and in English, find people by ä/ö/å, and be asked before unsaved changes are lost.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rekisteri::domain::Lang;
use rekisteri::domain::customer::{CustomerId, Source};
use rekisteri::ui::{App, Tab};

use common::ui::{open_customer, settle, tall_sample_app as sample_app};

/// Types into the text field the label names.
fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_role_and_label(Role::TextInput, label).click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
    harness.run();
}

fn count(harness: &Harness<'_, App>) -> i64 {
    harness.state().store().unwrap().customer_count().unwrap()
}

#[test]
fn a_new_customer_is_added_with_the_channel_it_came_through() {
    let (_dir, mut harness) = sample_app(Lang::Fi);
    let before = count(&harness);
    harness.get_by_label("Uusi asiakas").click();
    harness.run();
    type_into(&mut harness, "Etunimi", "Åsa");
    type_into(&mut harness, "Sukunimi", "Öhman-Mäkelä");
    type_into(&mut harness, "Sähköposti", "asa.ohman@example.fi");
    type_into(&mut harness, "Puhelin", "040 765 4321");
    type_into(&mut harness, "Katuosoite", "Pähkinätie 3");
    type_into(&mut harness, "Postinumero", "47200");
    type_into(&mut harness, "Postitoimipaikka", "Elimäki");
    harness.get_by_label("Tallenna").click();
    settle(&mut harness);
    assert_eq!(count(&harness), before + 1);
    let id = harness.state().customers_tab().selected().expect("the new customer is selected");
    let saved = harness.state().store().unwrap().customer(id).unwrap();
    assert_eq!(saved.display_name(), "Åsa Öhman-Mäkelä");
    assert_eq!(saved.phones[0].number, "+358407654321");
    assert_eq!(saved.provenance.source, Source::Phone, "the default channel of a manual entry");
    assert!(harness.query_by_label_contains("Tallennettu: Åsa Öhman-Mäkelä").is_some());
    // Search finds her by Finnish letters, the way the owner would type them.
    harness.get_by_role_and_label(Role::TextInput, "Haku").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Haku").type_text("öhman-mäk");
    settle(&mut harness);
    assert_eq!(harness.state().customers_tab().match_count(), 1);
}

#[test]
fn a_validation_error_is_shown_beside_the_field_in_finnish_and_in_english() {
    for (lang, new, email_label, save, message) in [
        (Lang::Fi, "Uusi asiakas", "Sähköposti", "Tallenna", "Sähköpostiosoite ei ole kelvollinen."),
        (Lang::En, "New customer", "E-mail", "Save", "The e-mail address is not valid."),
    ] {
        let (_dir, mut harness) = sample_app(lang);
        let before = count(&harness);
        harness.get_by_label(new).click();
        harness.run();
        let first_name = if lang == Lang::Fi { "Etunimi" } else { "First name" };
        type_into(&mut harness, first_name, "Pekka");
        type_into(&mut harness, email_label, "pekka(at)example");
        harness.get_by_label(save).click();
        harness.run();
        harness.get_by_label(message);
        assert_eq!(count(&harness), before, "nothing was saved");
        assert!(harness.state().customers_tab().has_unsaved_changes(), "what was typed is still there");
    }
}

#[test]
fn an_edit_is_saved_and_logged() {
    let (_dir, mut harness) = sample_app(Lang::En);
    let name = harness.state().store().unwrap().customer(CustomerId(7)).unwrap().display_name();
    open_customer(&mut harness, "Search", &name);
    harness.get_by_label("Edit").click();
    harness.run();
    type_into(&mut harness, "Title or profession", " (eläkkeellä)");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    let saved = harness.state().store().unwrap().customer(CustomerId(7)).unwrap();
    assert!(saved.title.ends_with("(eläkkeellä)"), "{}", saved.title);
    assert!(!harness.state().customers_tab().has_unsaved_changes());
}

#[test]
fn unsaved_changes_are_asked_about_before_they_are_lost() {
    let (_dir, mut harness) = sample_app(Lang::Fi);
    let before = count(&harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    harness.run();
    type_into(&mut harness, "Etunimi", "Keskeneräinen");
    // Leaving for another tab asks first; "keep editing" stays.
    harness.get_by_label("Suostumukset").click();
    harness.run();
    harness.get_by_label("Tallentamattomia muutoksia");
    harness.get_by_label("Jatka muokkausta").click();
    harness.run();
    assert_eq!(harness.state().tab(), Tab::Customers);
    assert!(harness.state().customers_tab().has_unsaved_changes());
    // Choosing another customer asks too; "discard" throws the draft away and goes on.
    harness.get_by_label("Suostumukset").click();
    harness.run();
    harness.get_by_label("Hylkää muutokset").click();
    settle(&mut harness);
    assert_eq!(harness.state().tab(), Tab::Consents);
    assert_eq!(count(&harness), before);
    // Escape cancels a fresh form without asking.
    harness.get_by_label("Asiakkaat").click();
    harness.run();
    harness.get_by_label("Uusi asiakas").click();
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(!harness.state().customers_tab().has_unsaved_changes());
}

#[test]
fn a_duplicate_is_offered_for_merging_instead_of_doubling_the_person() {
    let (_dir, mut harness) = sample_app(Lang::En);
    let existing = harness.state().store().unwrap().customer(CustomerId(3)).unwrap();
    let Some(email) = existing.emails.first().map(|email| email.address.to_uppercase()) else {
        return; // the sample's person 3 has an e-mail with this seed; guard anyway
    };
    let before = count(&harness);
    harness.get_by_label("New customer").click();
    harness.run();
    type_into(&mut harness, "First name", "Duplicate");
    type_into(&mut harness, "E-mail", &email);
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("The register already has someone with the same e-mail or phone number.");
    harness.get_by_label("Merge into this record").click();
    settle(&mut harness);
    assert_eq!(count(&harness), before, "merged, not doubled");
    assert_eq!(harness.state().customers_tab().selected(), Some(CustomerId(3)));
}

#[test]
fn an_import_shows_its_preview_and_rejected_rows_and_imports_only_when_confirmed() {
    let (dir, mut harness) = sample_app(Lang::Fi);
    let csv = dir.path().join("verkkokauppa.csv");
    std::fs::write(
        &csv,
        "\u{feff}Etunimi;Sukunimi;Sähköposti;Puhelin;Postitoimipaikka\nHelmi;Kivelä;helmi.kivela@example.fi;'0407778899;Elimäki\nVirhe;Rivi;ei-osoite;;\n",
    )
    .unwrap();
    let out = dir.path().join("vienti.csv");
    harness.state_mut().set_dialogs(Box::new(rekisteri::ui::dialogs::FixedDialogs {
        open: Some(csv),
        save: Some(out.clone()),
        folder: None,
    }));
    let before = count(&harness);
    harness.get_by_label("Tuo CSV…").click();
    harness.run();
    harness.get_by_label("Tuonti: verkkokauppa.csv");
    harness.get_by_label("Helmi Kivelä");
    harness.get_by_label("Rivi 3: Sähköposti: sähköpostiosoite ei kelpaa");
    assert_eq!(count(&harness), before, "nothing is written before the user confirms");
    harness.get_by_label("Tuo 1 kelvollista riviä").click();
    settle(&mut harness);
    harness.run();
    assert_eq!(count(&harness), before + 1);
    harness.get_by_label("Sulje").click();
    settle(&mut harness);
    // The export writes the list to the file the save dialog named, and says how many rows.
    harness.get_by_label("Vie CSV…").click();
    settle(&mut harness);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Kivelä"));
    // Header + everyone (one added) − the sample's one person under a processing restriction.
    assert_eq!(text.lines().count() as i64, 1 + (before + 1) - 1);
}

#[test]
fn a_contact_and_a_recorded_call_are_added_to_the_history() {
    let (dir, mut harness) = sample_app(Lang::En);
    let recording = dir.path().join("puhelu 25.11.ogg");
    std::fs::write(&recording, [1_u8, 2, 3, 4]).unwrap();
    harness.state_mut().set_dialogs(Box::new(rekisteri::ui::dialogs::FixedDialogs {
        open: Some(recording),
        save: None,
        folder: None,
    }));
    let name = harness.state().store().unwrap().customer(CustomerId(9)).unwrap().display_name();
    open_customer(&mut harness, "Search", &name);
    type_into(&mut harness, "New entry", "Kysyi gluteenittomista tuotteista");
    harness.get_by_label("Add entry").click();
    settle(&mut harness);
    harness.get_by_label("Attach a file…").click();
    settle(&mut harness);
    let customer = harness.state().store().unwrap().customer(CustomerId(9)).unwrap();
    let note = customer.interactions.iter().find(|event| event.summary == "Kysyi gluteenittomista tuotteista").unwrap();
    assert_eq!(note.provenance.source, Source::Phone);
    let attachment = &customer.attachments[0];
    assert_eq!((attachment.file_name.as_str(), attachment.size_bytes), ("puhelu 25.11.ogg", 4));
    harness.get_by_label("Open").click();
    settle(&mut harness);
}

#[test]
fn a_restricted_person_shows_a_banner_and_is_left_out_of_exports() {
    let (_dir, mut harness) = sample_app(Lang::En);
    let store = harness.state().store().unwrap();
    let restricted = store.restricted_customers().unwrap();
    assert_eq!(restricted, [CustomerId(7)], "the sample's restriction request is for customer 7");
    let listed = store.customer_listings(&rekisteri::store::CustomerQuery::default()).unwrap();
    assert!(listed.iter().all(|row| row.customer_number != CustomerId(7)));
    assert_eq!(listed.len() as i64, count(&harness) - 1);
    let name = harness.state().store().unwrap().customer(CustomerId(7)).unwrap().display_name();
    open_customer(&mut harness, "Search", &name);
    harness
        .get_by_label("Processing restricted (GDPR Art. 18): no exports or marketing until the restriction is lifted.");
}

#[test]
fn an_order_is_added_but_never_with_a_full_card_number() {
    let (_dir, mut harness) = sample_app(Lang::En);
    let name = harness.state().store().unwrap().customer(CustomerId(12)).unwrap().display_name();
    let orders_before = harness.state().store().unwrap().customer(CustomerId(12)).unwrap().orders.len();
    open_customer(&mut harness, "Search", &name);
    harness.get_all_by_label("Add an order").next().unwrap().click();
    harness.run();
    type_into(&mut harness, "Product", "Luomu hunaja 500 g");
    type_into(&mut harness, "Unit price (€)", "12,90");
    type_into(&mut harness, "Payment reference (never a full card number)", "4242424242424242");
    harness.get_all_by_label("Add an order").last().unwrap().click();
    settle(&mut harness);
    harness.get_by_label("A full card number is never kept: record only the last four digits (**** 4242).");
    let customer = harness.state().store().unwrap().customer(CustomerId(12)).unwrap();
    assert_eq!(customer.orders.len(), orders_before, "nothing saved with a card number");
    // Replace the reference with the masked form and add again.
    harness.get_by_role_and_label(Role::TextInput, "Payment reference (never a full card number)").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Payment reference (never a full card number)")
        .type_text("**** 4242");
    harness.run();
    harness.get_all_by_label("Add an order").last().unwrap().click();
    settle(&mut harness);
    let customer = harness.state().store().unwrap().customer(CustomerId(12)).unwrap();
    assert_eq!(customer.orders.len(), orders_before + 1);
    let added = customer.orders.iter().find(|order| order.lines[0].product == "Luomu hunaja 500 g").unwrap();
    assert_eq!((added.total_cents(), added.payment_reference.as_str()), (1290, "**** 4242"));
}
