//! The Consents tab's marketing list and unsubscribe import, headless: an objection takes a person
//! off the next export of a list that held them a moment before, and an unsubscribe file is
//! previewed, confirmed and recorded as withdrawals.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rekisteri::domain::Lang;
use rekisteri::domain::consent::{Channel, ObjectionAction, ObjectionEvent, ObjectionKind};
use rekisteri::domain::contact::{ContactAddress, ContactRow, consent_answer};
use rekisteri::domain::customer::Source;
use rekisteri::domain::register::PurposeId;
use rekisteri::domain::user::UserId;
use rekisteri::store::Store;
use rekisteri::ui::App;
use rekisteri::ui::dialogs::FixedDialogs;

/// The sample register in a tall window, and where its file is.
fn sample_app(lang: Lang) -> (tempfile::TempDir, PathBuf, Harness<'static, App>) {
    let (dir, path) = common::temp_path("sample.sqlite");
    let store = rekisteri::sample::create_sample_register(&path);
    let harness = common::ui::app_sized(&path, store, lang, egui::vec2(1400.0, 1500.0));
    (dir, path, harness)
}

/// Steps frames until a label containing `text` shows (the panels' work runs on a worker thread),
/// then until the tab's own background work is done.
fn wait_for(harness: &mut Harness<'_, App>, text: &str) {
    let started = Instant::now();
    while harness.query_by_label_contains(text).is_none() {
        assert!(started.elapsed() < Duration::from_secs(20), "{text:?} never showed");
        std::thread::sleep(Duration::from_millis(5));
        harness.step();
    }
    common::ui::settle(harness);
}

/// Scrolls the widget labelled `label` into view (the panels sit below the Consents tab's ledger)
/// and clicks it.
fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    common::ui::settle(harness);
    harness.get_by_label(label).click();
}

/// Opens the Consents tab (`tab`) and its contact-list section (`section`).
fn open_lists(harness: &mut Harness<'_, App>, tab: &str, section: &str) {
    harness.get_by_label(tab).click();
    common::ui::settle(harness);
    harness.get_by_label(section).click();
    common::ui::settle(harness);
}

fn dialogs(harness: &mut Harness<'_, App>, open: Option<&Path>, save: Option<&Path>) {
    let fixed = FixedDialogs { open: open.map(Path::to_owned), save: save.map(Path::to_owned), folder: None };
    harness.state_mut().set_dialogs(Box::new(fixed));
}

fn direct_marketing(store: &Store) -> PurposeId {
    store.register_description().unwrap().purpose_by_code("direct_marketing").unwrap().id
}

/// The people on today's direct-marketing e-mail list, by a connection of the test's own.
fn email_list(path: &Path) -> Vec<ContactRow> {
    let store = common::open_for_reading(path).unwrap();
    let rule = store.contact_rule(direct_marketing(&store), Channel::Email).unwrap();
    store.contact_preview(&rule, usize::MAX).unwrap().first
}

fn email_of(row: &ContactRow) -> &str {
    match &row.address {
        ContactAddress::Email(address) => address,
        other => panic!("not an e-mail list: {other:?}"),
    }
}

#[test]
fn an_objection_takes_a_person_off_the_next_export_of_a_list_that_held_them() {
    let (dir, path, mut harness) = sample_app(Lang::Fi);
    let first_file = dir.path().join("uutiskirje-1.csv");
    let second_file = dir.path().join("uutiskirje-2.csv");
    dialogs(&mut harness, None, Some(&first_file));
    open_lists(&mut harness, "Suostumukset", "Markkinointilistat ja peruutukset");
    wait_for(&mut harness, "Tänään yhteyttä saa ottaa");
    harness.get_by_role_and_label(Role::TextInput, "Vastaanottaja").scroll_to_me();
    common::ui::settle(&mut harness);
    harness.get_by_role_and_label(Role::TextInput, "Vastaanottaja").click();
    common::ui::settle(&mut harness);
    harness.get_by_role_and_label(Role::TextInput, "Vastaanottaja").type_text("Mailchimp");
    common::ui::settle(&mut harness);
    click(&mut harness, "Vie lista ja kirjaa luovutus…");
    wait_for(&mut harness, "uutiskirje-1.csv");
    let first = std::fs::read_to_string(&first_file).unwrap();
    let person = email_list(&path).remove(0);
    assert!(first.contains(email_of(&person)), "the person is on the first list");

    // The person objects to direct marketing (recorded through a second connection of the window's).
    let mut other = harness.state().store().unwrap().reader().unwrap();
    other
        .record_objection(&ObjectionEvent {
            id: 0,
            customer_id: person.customer_id,
            kind: ObjectionKind::DirectMarketing,
            action: ObjectionAction::Made,
            occurred_at: chrono::Local::now().naive_local(),
            source: Source::Phone,
            evidence: "asiakas soitti".into(),
            recorded_by: UserId(1),
        })
        .unwrap();

    dialogs(&mut harness, None, Some(&second_file));
    click(&mut harness, "Vie lista ja kirjaa luovutus…");
    wait_for(&mut harness, "uutiskirje-2.csv");
    let second = std::fs::read_to_string(&second_file).unwrap();
    assert!(!second.contains(email_of(&person)), "the objection took them off");
    assert_eq!(second.lines().count(), first.lines().count() - 1, "and no one else changed");
    let store = harness.state().store().unwrap();
    let disclosures = store.disclosures_of(person.customer_id).unwrap();
    assert_eq!(disclosures.len(), 1, "only the first list disclosed them");
    assert_eq!(disclosures[0].recipient, "Mailchimp");
    let still_listed = email_list(&path).remove(0).customer_id;
    assert_eq!(store.disclosures_of(still_listed).unwrap().len(), 2, "both lists held the next person");
}

#[test]
fn an_unsubscribe_list_is_previewed_then_recorded_as_withdrawals() {
    let (dir, path, mut harness) = sample_app(Lang::En);
    let listed = email_list(&path);
    let (first, second) = (&listed[0], &listed[1]);
    let file = dir.path().join("unsubscribed.csv");
    std::fs::write(
        &file,
        format!(
            "Email Address,First Name\n{},A\n{},B\nnobody@example.com,C\nbroken,D\n",
            email_of(first).to_uppercase(),
            email_of(second)
        ),
    )
    .unwrap();
    dialogs(&mut harness, Some(&file), None);
    open_lists(&mut harness, "Consents", "Marketing lists and unsubscribes");
    click(&mut harness, "Choose an unsubscribe list…");
    common::ui::settle(&mut harness);
    harness.get_by_label("unsubscribed.csv: 3 addresses, 2 people matched, 1 addresses not found, 1 invalid rows.");
    harness.get_by_label("Row 5: E-mail: the e-mail address is not valid");
    let marketing = direct_marketing(harness.state().store().unwrap());
    let answer = |harness: &Harness<'_, App>, row: &ContactRow| {
        let store = harness.state().store().unwrap();
        consent_answer(&store.consent_events(row.customer_id).unwrap(), marketing, Channel::Email)
    };
    assert_ne!(answer(&harness, first), Some(false), "nothing is written before the user confirms");

    click(&mut harness, "Withdraw the consents");
    wait_for(&mut harness, "withdrawals recorded");
    // The panel says what was done, and so does the status bar.
    assert_eq!(harness.query_all_by_label_contains("2 people matched, ").count(), 2);
    assert_eq!(answer(&harness, first), Some(false));
    assert_eq!(answer(&harness, second), Some(false));
    let now_listed: Vec<_> = email_list(&path).into_iter().map(|row| row.customer_id).collect();
    assert!(!now_listed.contains(&first.customer_id) && !now_listed.contains(&second.customer_id));
    assert_eq!(now_listed.len(), listed.len() - 2);
    click(&mut harness, "Close");
    common::ui::settle(&mut harness);
    harness.get_by_label("Choose an unsubscribe list…");
}
