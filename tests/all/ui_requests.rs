//! The Requests tab's flow, headless: register an access request for a customer, verify the
//! person's identity, print the reply; the request then shows as answered with the reply's hash,
//! and the PDF holds the person's name.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use rekisteri::domain::Lang;
use rekisteri::domain::customer::CustomerId;
use rekisteri::domain::request::RequestStatus;
use rekisteri::ui::dialogs::FixedDialogs;

use common::ui::{settle, tall_sample_app};

#[test]
fn an_access_request_is_registered_verified_and_answered_with_a_printed_reply() {
    let (_dir, mut harness) = tall_sample_app(Lang::Fi);
    harness.state_mut().set_dialogs(Box::new(FixedDialogs::default()));
    let name = harness.state().store().unwrap().customer(CustomerId(11)).unwrap().display_name();
    harness.get_by_label("Pyynnöt").click();
    harness.run();
    harness.get_by_label("Kirjaa pyyntö").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Asiakasnumero").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Asiakasnumero").type_text("11");
    harness.run();
    harness.get_by_label("Tallenna").click();
    settle(&mut harness);
    let id = harness.state().requests_tab().selected().expect("the new request is selected");
    let request = harness.state().store().unwrap().request(id).unwrap();
    assert_eq!((request.customer_id, request.status), (Some(CustomerId(11)), RequestStatus::Received));
    // A reply cannot be printed before the identity is verified: the button is not there yet.
    assert!(harness.query_by_label("Tulosta vastaus").is_none());
    harness.get_by_role_and_label(Role::TextInput, "Miten henkilöllisyys todennettiin").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "Miten henkilöllisyys todennettiin")
        .type_text("allekirjoitus verrattu");
    harness.run();
    harness.get_all_by_label("Vahvista henkilöllisyys").last().unwrap().click();
    settle(&mut harness);
    harness.get_all_by_label("Tulosta vastaus").last().unwrap().click();
    settle(&mut harness);
    let answered = harness.state().store().unwrap().request(id).unwrap();
    assert_eq!(answered.status, RequestStatus::Answered);
    assert_eq!(answered.reply_sha256.len(), 64);
    let pdf = rekisteri::replies::replies_folder(harness.state().store().unwrap().path())
        .join(format!("vastaus-{}.pdf", answered.reference));
    let bytes = std::fs::read(&pdf).unwrap();
    assert_eq!(rekisteri::store::sha256_hex(&bytes), answered.reply_sha256, "the recorded hash is the file's");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(String::from_utf8_lossy(&text.stdout).contains(&name), "the reply names {name}");
}

#[test]
fn a_request_for_an_unknown_customer_number_is_refused_with_a_message() {
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    harness.get_by_label("Requests").click();
    harness.run();
    harness.get_by_label("Register a request").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Customer number").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Customer number").type_text("999999");
    harness.run();
    let before = harness.state().store().unwrap().requests().unwrap().len();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    assert!(harness.get_all_by_label("There is no customer number 999999 in the register.").count() >= 1);
    assert_eq!(harness.state().store().unwrap().requests().unwrap().len(), before);
}

#[test]
fn an_erasure_request_erases_the_person_only_after_a_confirmation() {
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    harness.state_mut().set_dialogs(Box::new(FixedDialogs::default()));
    let name = harness.state().store().unwrap().customer(CustomerId(13)).unwrap().display_name();
    harness.get_by_label("Requests").click();
    harness.run();
    harness.get_by_label("Register a request").click();
    harness.run();
    harness.get_by_role_and_label(Role::ComboBox, "Kind").click();
    harness.run();
    harness.get_all_by_label("Erasure").last().unwrap().click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Customer number").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Customer number").type_text("13");
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let id = harness.state().requests_tab().selected().unwrap();
    harness.get_by_role_and_label(Role::TextInput, "How the identity was verified").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, "How the identity was verified")
        .type_text("passport seen in the shop");
    harness.run();
    harness.get_all_by_label("Verify the identity").last().unwrap().click();
    settle(&mut harness);
    harness.get_by_label("Erase the data…").click();
    harness.run();
    // Nothing happens until the permanent step is confirmed.
    assert!(harness.state().store().unwrap().customer(CustomerId(13)).is_ok());
    harness.get_by_label("Erase permanently").click();
    settle(&mut harness);
    let store = harness.state().store().unwrap();
    assert!(store.customer(CustomerId(13)).is_err(), "{name} is erased");
    assert_eq!(store.request(id).unwrap().status, RequestStatus::Answered);
    assert!(store.search_customers(&name, 5).unwrap().iter().all(|row| row.id != CustomerId(13)));
    assert_eq!(store.erasure_log().unwrap().len(), 1);
}

#[test]
fn an_objection_request_records_the_objections_in_the_ledger_in_one_step() {
    use rekisteri::domain::consent::{ObjectionKind, standing_objections};
    use rekisteri::domain::request::RequestKind;
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    let request = harness
        .state()
        .store()
        .unwrap()
        .requests()
        .unwrap()
        .into_iter()
        .find(|request| request.kind == RequestKind::Objection && request.identity_verified)
        .unwrap();
    let customer = request.customer_id.unwrap();
    harness.get_by_label("Requests").click();
    harness.run();
    harness.get_by_label(&request.reference).click();
    settle(&mut harness);
    harness.get_by_label("Objects to direct advertising").click();
    harness.get_by_label("Marketing ban").click();
    harness.run();
    harness.get_by_label("Record the objections and answer").click();
    settle(&mut harness);
    let store = harness.state().store().unwrap();
    let standing = standing_objections(&store.objection_events(customer).unwrap());
    assert!(standing.contains(&ObjectionKind::DirectMarketing) && standing.contains(&ObjectionKind::MarketingBan));
    assert_eq!(store.request(request.id).unwrap().status, RequestStatus::Answered);
}

#[test]
fn a_rectification_corrects_the_field_and_the_request_keeps_before_and_after() {
    use rekisteri::domain::request::RequestKind;
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    let request = harness
        .state()
        .store()
        .unwrap()
        .requests()
        .unwrap()
        .into_iter()
        .find(|request| request.kind == RequestKind::Rectification && request.identity_verified)
        .unwrap();
    let customer = request.customer_id.unwrap();
    let before = harness.state().store().unwrap().customer(customer).unwrap().first_name;
    harness.get_by_label("Requests").click();
    harness.run();
    harness.get_by_label(&request.reference).click();
    settle(&mut harness);
    harness.get_by_role_and_label(Role::TextInput, "Correct value").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Correct value").type_text("Jaana-Kristiina");
    harness.run();
    harness.get_by_label("Correct it and record the change").click();
    settle(&mut harness);
    let store = harness.state().store().unwrap();
    assert_eq!(store.customer(customer).unwrap().first_name, "Jaana-Kristiina");
    let changes = store.request_changes(request.id).unwrap();
    assert_eq!(
        (changes[0].field.as_str(), changes[0].before.as_str(), changes[0].after.as_str()),
        ("first_name", before.as_str(), "Jaana-Kristiina")
    );
}

#[test]
fn the_scanned_request_letter_is_filed_with_the_request() {
    let (dir, mut harness) = tall_sample_app(Lang::Fi);
    let scan = dir.path().join("tarkastuspyynto.pdf");
    std::fs::write(&scan, b"%PDF-1.4 scanned").unwrap();
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { open: Some(scan), save: None, folder: None }));
    let request = harness.state().store().unwrap().requests().unwrap().remove(0);
    harness.get_by_label("Pyynnöt").click();
    harness.run();
    harness.get_by_label(&request.reference).click();
    settle(&mut harness);
    harness.get_by_label("Liitä skannattu kirje…").click();
    settle(&mut harness);
    let letters = harness.state().store().unwrap().request_letters(request.id).unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!((letters[0].1.as_str(), letters[0].2), ("tarkastuspyynto.pdf", 16));
    harness.get_by_label("Skannattu kirje: tarkastuspyynto.pdf (1 kB)");
}
