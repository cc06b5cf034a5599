//! The Register tab's settings flows, headless: edit the description and see the privacy notice
//! change, have malformed Y-tunnus, e-mail and postal code refused in Finnish and in English with
//! nothing saved, and be told what a blank register lacks before any notice is written.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rekisteri::domain::Lang;
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::register::RegisterInfo;
use rekisteri::store::AuditFilter;
use rekisteri::ui::dialogs::FixedDialogs;
use rekisteri::ui::{App, Tab};

use common::ui::{app_sized, settle, tall_sample_app};

/// Replaces what the field the label names holds with `text`.
fn replace_in(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_role_and_label(Role::TextInput, label).click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
    harness.run();
}

fn stored_info(harness: &Harness<'_, App>) -> RegisterInfo {
    harness.state().store().unwrap().register_info().unwrap()
}

fn open_register_tab(harness: &mut Harness<'_, App>, tab_label: &str) {
    harness.get_by_label(tab_label).click();
    settle(harness);
    assert_eq!(harness.state().tab(), Tab::Register);
}

fn choose(harness: &mut Harness<'_, App>, combo: &str, option: &str) {
    harness.get_by_role_and_label(Role::ComboBox, combo).click();
    harness.run();
    harness.get_by_label(option).click();
    harness.run();
}

#[test]
fn an_edited_controller_name_is_saved_shown_and_printed_in_the_notice() {
    let (dir, mut harness) = tall_sample_app(Lang::Fi);
    open_register_tab(&mut harness, "Rekisteri");
    harness.get_by_label("Muokkaa rekisterin tietoja").click();
    harness.run();
    replace_in(&mut harness, "1. Rekisterinpitäjä: Nimi", "Mäkelän Luomu Oy");
    replace_in(&mut harness, "2. Rekisterin nimi (suomeksi)", "Mäkelän asiakasrekisteri");
    harness.get_by_label("Tallenna").click();
    settle(&mut harness);

    let info = stored_info(&harness);
    assert_eq!(info.controller_name, "Mäkelän Luomu Oy");
    assert_eq!(info.business_id, "2633954-7", "untouched fields keep their values");
    harness.get_by_label("Rekisterin tiedot tallennettu.");
    let shown = harness.query_all_by_label("Mäkelän asiakasrekisteri").count();
    assert_eq!(shown, 2, "the top bar and the tab's section 2 both show the new name");

    // Reopened, the tab shows what was saved.
    harness.get_by_label("Asiakkaat").click();
    settle(&mut harness);
    open_register_tab(&mut harness, "Rekisteri");
    harness.get_by_label("Mäkelän Luomu Oy");

    // The notice changes with it.
    let out = dir.path().join("tietosuojaseloste.html");
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { open: None, save: Some(out.clone()), folder: None }));
    choose(&mut harness, "Tiedostomuoto", "HTML");
    harness.get_by_label("Luo tietosuojaseloste").click();
    settle(&mut harness);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Mäkelän Luomu Oy"), "the notice names the new controller");
    assert!(harness.query_by_label_contains("Tietosuojaseloste tallennettu:").is_some());
    let store = harness.state().store().unwrap();
    let filter = AuditFilter { action: Some(AuditAction::NoticeGenerated), ..AuditFilter::default() };
    assert_eq!(store.audit_entries(&filter, 5).unwrap()[0].detail, "fi html");
    let filter = AuditFilter { action: Some(AuditAction::SettingsChanged), ..AuditFilter::default() };
    assert!(!store.audit_entries(&filter, 5).unwrap().is_empty(), "the edit is audited");
}

#[test]
fn each_purpose_shows_whether_it_is_in_use() {
    let (_dir, mut harness) = tall_sample_app(Lang::Fi);
    open_register_tab(&mut harness, "Rekisteri");
    let in_use = harness.query_all_by_label_contains("käytössä: ").count();
    assert!(in_use > 0, "the sample's consents are counted per purpose");
}

#[test]
fn an_out_of_range_review_interval_is_refused_and_cancel_discards_the_edit() {
    // The review interval sits low in the form: a screen tall enough to show it unscrolled.
    let (_dir, path) = common::temp_path("sample.sqlite");
    let store = rekisteri::sample::create_sample_register(&path);
    let mut harness = app_sized(&path, store, Lang::Fi, egui::vec2(1400.0, 3000.0));
    let before = stored_info(&harness);
    open_register_tab(&mut harness, "Rekisteri");
    harness.get_by_label("Muokkaa rekisterin tietoja").click();
    harness.run();
    replace_in(&mut harness, "Katselmointiväli (kk, 1–24)", "25");
    harness.get_by_label("Tallenna").click();
    settle(&mut harness);
    harness.get_by_label("Katselmointiväli on 1–24 kuukautta.");
    assert_eq!(stored_info(&harness), before, "nothing was saved");
    replace_in(&mut harness, "1. Rekisterinpitäjä: Nimi", "Peruttu Oy");
    harness.get_by_label("Peruuta").click();
    settle(&mut harness);
    assert_eq!(stored_info(&harness), before, "cancel saves nothing");
    assert!(harness.query_by_label("Peruttu Oy").is_none());
    harness.get_by_label("Muokkaa rekisterin tietoja");
}

#[test]
fn malformed_business_id_email_and_postal_code_are_refused_and_nothing_is_saved() {
    let cases = [
        (
            Lang::Fi,
            ["Rekisteri", "Muokkaa rekisterin tietoja", "Tallenna"],
            ["1. Rekisterinpitäjä: Y-tunnus", "1. Rekisterinpitäjä: Sähköposti", "1. Rekisterinpitäjä: Postinumero"],
            [
                "Y-tunnuksen tarkistusnumero ei täsmää.",
                "Sähköpostiosoite ei ole kelvollinen.",
                "Postinumerossa on viisi numeroa.",
            ],
        ),
        (
            Lang::En,
            ["Register", "Edit the register description", "Save"],
            ["1. Controller: Business ID", "1. Controller: E-mail", "1. Controller: Postal code"],
            [
                "The business ID's check digit does not match.",
                "The e-mail address is not valid.",
                "A postal code has five digits.",
            ],
        ),
    ];
    for (lang, [tab, edit, save], [business_id, email, postal_code], messages) in cases {
        let (_dir, mut harness) = tall_sample_app(lang);
        let before = stored_info(&harness);
        open_register_tab(&mut harness, tab);
        harness.get_by_label(edit).click();
        harness.run();
        replace_in(&mut harness, business_id, "2633954-8");
        replace_in(&mut harness, email, "tietosuoja(at)example");
        replace_in(&mut harness, postal_code, "4720");
        harness.get_by_label(save).click();
        settle(&mut harness);
        for message in messages {
            harness.get_by_label(message);
        }
        assert_eq!(stored_info(&harness), before, "nothing was saved");
    }
}

#[test]
fn a_blank_register_lists_what_the_notice_lacks_and_writes_no_file() {
    let (dir, path) = common::temp_path("blank.sqlite");
    let store = Ok(common::new_register(&path));
    let mut harness = app_sized(&path, store, Lang::Fi, egui::vec2(1400.0, 1500.0));
    let out = dir.path().join("tietosuojaseloste.pdf");
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { open: None, save: Some(out.clone()), folder: None }));
    open_register_tab(&mut harness, "Rekisteri");
    harness.get_by_label("Luo tietosuojaseloste").click();
    settle(&mut harness);
    harness.get_by_label("Selosteesta puuttuu pakollisia tietoja; mitään ei luotu:");
    harness.get_by_label("• Rekisterinpitäjän nimi");
    harness.get_by_label("• Rekisterinpitäjän Y-tunnus");
    harness.get_by_label("• Vähintään yksi käsittelyn tarkoitus");
    assert!(!out.exists(), "no notice was written");
}

#[test]
fn the_record_of_processing_activities_is_made_from_the_settings() {
    let (dir, mut harness) = tall_sample_app(Lang::En);
    let out = dir.path().join("record.pdf");
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { open: None, save: Some(out.clone()), folder: None }));
    open_register_tab(&mut harness, "Register");
    harness.get_by_label("Record of processing activities (PDF)").click();
    settle(&mut harness);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = std::process::Command::new("pdftotext").arg(&out).arg("-").output().expect("pdftotext is installed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("SELOSTE") && text.contains("KÄSITTELYTOIMISTA"),
        "the default document language is Finnish: {text}"
    );
    assert!(text.contains("MiMa Organics"), "{text}");
}

/// A valid 1 × 1 PNG.
const ONE_PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f, 0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba,
    0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn a_signature_image_is_checked_stored_and_printed_on_replies() {
    let (dir, mut harness) = tall_sample_app(Lang::En);
    let not_png = dir.path().join("signature.jpg");
    std::fs::write(&not_png, b"\xff\xd8\xff\xe0 not a png").unwrap();
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { open: Some(not_png), save: None, folder: None }));
    open_register_tab(&mut harness, "Register");
    harness.get_by_label("Signature image (PNG)…").click();
    settle(&mut harness);
    harness.get_by_label("The file is not a PNG image.");
    assert_eq!(harness.state().store().unwrap().signature_png().unwrap(), None, "nothing stored");
    let png = dir.path().join("signature.png");
    std::fs::write(&png, ONE_PIXEL_PNG).unwrap();
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { open: Some(png), save: None, folder: None }));
    harness.get_by_label("Signature image (PNG)…").click();
    settle(&mut harness);
    assert_eq!(harness.state().store().unwrap().signature_png().unwrap().as_deref(), Some(ONE_PIXEL_PNG));
    // A reply printed now carries the image (the PDF has an image object).
    let path = harness.state().store().unwrap().path().to_owned();
    drop(harness);
    let mut store = common::reopen_sample(&path);
    let request = store
        .requests()
        .unwrap()
        .into_iter()
        .find(|request| {
            request.status.is_open()
                && request.identity_verified
                && request.kind == rekisteri::domain::request::RequestKind::Access
        })
        .unwrap();
    let out = dir.path().join("reply.pdf");
    rekisteri::replies::print_access_reply(&mut store, request.id, None, &out, rekisteri::store::today()).unwrap();
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.windows(b"/Image".len()).any(|window| window == b"/Image"), "the signature is embedded");
}

#[test]
fn a_purpose_in_use_is_retired_only_after_a_warning_and_an_unused_one_is_deleted() {
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    let purposes = harness.state().store().unwrap().purposes().unwrap();
    let position = |code: &str| purposes.iter().position(|purpose| purpose.code == code).unwrap();
    let (direct, partner) = (position("direct_marketing"), position("partner_marketing"));
    open_register_tab(&mut harness, "Register");
    harness.get_all_by_label("Remove").nth(direct).unwrap().click();
    settle(&mut harness);
    harness.get_by_label("The purpose is in use");
    assert_eq!(harness.state().store().unwrap().purposes().unwrap().len(), purposes.len(), "nothing yet");
    harness.get_by_label("Retire it").click();
    settle(&mut harness);
    let after = harness.state().store().unwrap().purposes().unwrap();
    assert!(after.iter().all(|purpose| purpose.code != "direct_marketing"), "retired from the catalogue");
    let retired_id = purposes[direct].id;
    let counts = harness.state().store().unwrap().consent_counts().unwrap();
    assert!(counts.iter().any(|count| count.purpose_id == retired_id), "the retired purpose's ledger stays");
    // The unused partner-marketing purpose moved up by one after the retirement.
    harness.get_all_by_label("Remove").nth(partner - 1).unwrap().click();
    settle(&mut harness);
    let after = harness.state().store().unwrap().purposes().unwrap();
    assert!(after.iter().all(|purpose| purpose.code != "partner_marketing"));
    assert_eq!(after.len(), purposes.len() - 2);
    let mut store = harness.state().store().unwrap().reader().unwrap();
    let research = after.iter().find(|purpose| purpose.code == "research").unwrap().id;
    assert!(store.delete_unused_purpose(research).is_err(), "a purpose with consent events is never deleted");
}

#[test]
fn a_new_purpose_is_added_with_its_legal_basis() {
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    let before = harness.state().store().unwrap().purposes().unwrap().len();
    open_register_tab(&mut harness, "Register");
    harness.get_all_by_label("Add a purpose").next().unwrap().click();
    harness.run();
    for (label, text) in [
        ("Identifier (e.g. newsletter)", "newsletter"),
        ("Name in Finnish", "Uutiskirje"),
        ("Name in English", "Newsletter"),
    ] {
        harness.get_by_role_and_label(Role::TextInput, label).click();
        harness.run();
        harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
        harness.run();
    }
    harness.get_by_role_and_label(Role::ComboBox, "Legal basis").click();
    harness.run();
    harness.get_all_by_label("Consent").last().unwrap().click(); // the open popup is drawn last
    harness.run();
    harness.get_all_by_label("Add a purpose").last().unwrap().click();
    settle(&mut harness);
    let purposes = harness.state().store().unwrap().purposes().unwrap();
    assert_eq!(purposes.len(), before + 1);
    let added = purposes.iter().find(|purpose| purpose.code == "newsletter").unwrap();
    assert_eq!(
        (added.name.fi.as_str(), added.legal_basis),
        ("Uutiskirje", rekisteri::domain::register::LegalBasis::Consent)
    );
}

#[test]
fn a_purpose_is_renamed_and_a_channel_with_ledger_entries_cannot_be_taken_off() {
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    let purposes = harness.state().store().unwrap().purposes().unwrap();
    let direct = purposes.iter().position(|purpose| purpose.code == "direct_marketing").unwrap();
    open_register_tab(&mut harness, "Register");
    harness.get_all_by_label("Edit").nth(direct).unwrap().click();
    harness.run();
    harness.get_by_label("Editing a purpose");
    replace_in(&mut harness, "Name in English", "Direct marketing to our customers");
    // E-mail has consent entries: taking it off is refused and nothing is saved.
    harness.get_by_role_and_label(Role::CheckBox, "E-mail (has entries)").click();
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("entries over a channel being removed").is_some());
    let unchanged = harness.state().store().unwrap().purposes().unwrap();
    assert_eq!(unchanged[direct], purposes[direct], "the refused change saved nothing");
    // Put the channel back and save the new name.
    harness.get_by_role_and_label(Role::CheckBox, "E-mail (has entries)").click();
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    harness.get_by_label("Purpose saved.");
    let saved = harness.state().store().unwrap().purposes().unwrap();
    assert_eq!(saved[direct].name.en, "Direct marketing to our customers");
    assert_eq!(
        (saved[direct].code.as_str(), &saved[direct].channels),
        ("direct_marketing", &purposes[direct].channels)
    );
    let description = harness.state().store().unwrap().register_description().unwrap();
    let notice = rekisteri::report::notice::privacy_notice(
        &description,
        &harness.state().store().unwrap().retention_rules().unwrap(),
        Lang::En,
        rekisteri::report::notice::NoticeFormat::Markdown,
        rekisteri::store::today(),
    )
    .unwrap();
    assert!(String::from_utf8(notice).unwrap().contains("Direct marketing to our customers"), "the notice follows");
}

#[test]
fn a_source_is_added_to_the_list_and_another_entry_removed() {
    // The lists are far down the tab: a window tall enough to show them all without scrolling.
    let (dir, path) = common::temp_path("sample.sqlite");
    let store = rekisteri::sample::create_sample_register(&path);
    let mut harness = app_sized(&path, store, Lang::En, egui::vec2(1400.0, 3200.0));
    let _keep = dir;
    let sources = |harness: &Harness<'_, App>| {
        harness
            .state()
            .store()
            .unwrap()
            .register_items()
            .unwrap()
            .into_iter()
            .filter(|item| item.kind == rekisteri::domain::register::ItemKind::Source)
            .collect::<Vec<_>>()
    };
    let before = sources(&harness);
    open_register_tab(&mut harness, "Register");
    // The lists in order: categories, sources, disclosures, transfers, processors.
    harness.get_all_by_label("+ Add an entry").nth(1).unwrap().click();
    harness.run();
    harness.get_by_label("A new list entry");
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label("A title is needed in both languages.");
    replace_in(&mut harness, "Title in Finnish", "Messut ja tapahtumat");
    replace_in(&mut harness, "Title in English", "Fairs and events");
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let after = sources(&harness);
    assert_eq!(after.len(), before.len() + 1);
    let added = after.iter().find(|item| item.title.en == "Fairs and events").unwrap();
    assert_eq!(added.title.fi, "Messut ja tapahtumat");
    assert!(!added.code.is_empty(), "an entry gets a code of its own");
    harness.get_by_label("• Fairs and events");
    let audit = harness.state().store().unwrap().audit_entries(&AuditFilter::default(), 20).unwrap();
    assert!(
        audit.iter().any(|entry| entry.action == AuditAction::SettingsChanged && entry.detail.contains("source added"))
    );

    // The Remove buttons in order: the purposes', the categories', then the sources'.
    let store = harness.state().store().unwrap();
    let purposes = store.purposes().unwrap().len();
    let categories = store
        .register_items()
        .unwrap()
        .iter()
        .filter(|item| item.kind == rekisteri::domain::register::ItemKind::Category)
        .count();
    harness.get_all_by_label("Remove").nth(purposes + categories).unwrap().click();
    settle(&mut harness);
    harness.get_by_label("Entry removed from the list.");
    let left = sources(&harness);
    assert_eq!(left.len(), before.len());
    assert!(left.iter().all(|item| item.id != before[0].id), "the first source is gone");
}
