//! The Consents tab, headless: unticking a consent records a withdrawal at once with the defaults
//! shown above the table; ticking one asks for its evidence and refuses to save without it;
//! "Withdraw all" asks first and then leaves nothing standing; an objection is one tick in the
//! person's panel, and lifting it needs evidence; the overview draws its counts.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rekisteri::domain::Lang;
use rekisteri::domain::consent::{
    Channel, ConsentAction, ConsentStanding, ObjectionAction, ObjectionKind, current_consents, has_consent,
    standing_objections,
};
use rekisteri::domain::customer::{CustomerId, Source};
use rekisteri::domain::register::Purpose;
use rekisteri::store::{CustomerQuery, Store};
use rekisteri::ui::App;

use common::ui::{settle, tall_sample_app};

fn direct_marketing(store: &Store) -> Purpose {
    store.purposes().unwrap().into_iter().find(|purpose| purpose.code == "direct_marketing").unwrap()
}

/// A person of the sample whose name no one else has and whose ledger is in `standing` for
/// direct marketing, with their name.
fn someone(store: &Store, standing: ConsentStanding, channel_given: Option<Channel>) -> (CustomerId, String) {
    let purpose = direct_marketing(store);
    let ids = store
        .customer_ids(&CustomerQuery {
            consent_purpose: Some(purpose.id),
            consent_standing: standing,
            ..CustomerQuery::default()
        })
        .unwrap();
    for row in store.consent_rows(&ids).unwrap() {
        let unique = store.customer_ids(&CustomerQuery { text: row.name.clone(), ..CustomerQuery::default() }).unwrap()
            == vec![row.id];
        let fits = channel_given.is_none_or(|channel| has_consent(&row.consents, purpose.id, channel));
        if unique && fits && row.objections.is_empty() {
            return (row.id, row.name);
        }
    }
    panic!("the sample has someone who fits");
}

/// Opens the Consents tab and narrows the table to `name`.
fn show_in_consents(harness: &mut Harness<'_, App>, name: &str) {
    harness.get_by_label("Suostumukset").click();
    settle(harness);
    harness.get_by_role_and_label(Role::TextInput, "Haku").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Haku").type_text(name);
    settle(harness);
    assert_eq!(harness.state().consents_tab().match_count(), 1);
}

fn cell(name: &str, purpose: &Purpose, channel: &str) -> String {
    format!("{name}: {}, {channel}", purpose.name.fi)
}

#[test]
fn unticking_a_consent_records_a_withdrawal_with_the_defaults_at_once() {
    let (_dir, mut harness) = tall_sample_app(Lang::Fi);
    let store = harness.state().store().unwrap();
    let purpose = direct_marketing(store);
    let (id, name) = someone(store, ConsentStanding::Given, Some(Channel::Email));
    let before = store.consent_events(id).unwrap().len();
    show_in_consents(&mut harness, &name);

    harness.get_by_label(&cell(&name, &purpose, "Sähköposti")).click();
    settle(&mut harness);

    let events = harness.state().store().unwrap().consent_events(id).unwrap();
    assert_eq!(events.len(), before + 1, "one new ledger entry, no confirmation needed");
    let newest = events.iter().max_by_key(|event| event.id).unwrap();
    assert_eq!(
        (newest.action, newest.channel, newest.purpose_id),
        (ConsentAction::Withdrawn, Channel::Email, purpose.id)
    );
    assert_eq!((newest.source, newest.evidence.as_str()), (Source::Phone, "Asiakkaan pyynnöstä"));
    assert!(!has_consent(&current_consents(&events), purpose.id, Channel::Email));
    assert!(harness.query_by_label_contains("suostumus peruttu").is_some(), "the status bar says what happened");
}

#[test]
fn ticking_a_consent_needs_its_evidence_before_anything_is_saved() {
    let (_dir, mut harness) = tall_sample_app(Lang::Fi);
    let store = harness.state().store().unwrap();
    let purpose = direct_marketing(store);
    let (id, name) = someone(store, ConsentStanding::NeverAsked, None);
    show_in_consents(&mut harness, &name);

    harness.get_by_label(&cell(&name, &purpose, "Posti")).click();
    harness.run();
    harness.get_by_label("Kirjaa suostumus").click();
    harness.run();
    assert!(harness.query_by_label_contains("Suostumus tarvitsee näytön").is_some());
    assert!(harness.state().store().unwrap().consent_events(id).unwrap().is_empty(), "nothing saved");

    harness.get_by_role_and_label(Role::TextInput, "Näyttö").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Näyttö").type_text("vastauskortti 24.11.2026");
    harness.run();
    // A date that is no date, and one in the future, are refused with a sentence; nothing is saved.
    for bad in ["31.2.2026", "1.1.2099"] {
        harness.get_by_role_and_label(Role::TextInput, "Päivä").click();
        harness.run();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        harness.run();
        harness.get_by_role_and_label(Role::TextInput, "Päivä").type_text(bad);
        harness.run();
        harness.get_by_label("Kirjaa suostumus").click();
        harness.run();
        assert!(harness.query_by_label("Päivä muodossa p.k.vvvv, eikä tulevaisuudessa.").is_some(), "{bad}");
        assert!(harness.state().store().unwrap().consent_events(id).unwrap().is_empty(), "{bad}: nothing saved");
    }
    harness.get_by_role_and_label(Role::TextInput, "Päivä").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Päivä").type_text("24.11.2026");
    harness.run();
    harness.get_by_label("Kirjaa suostumus").click();
    settle(&mut harness);

    let events = harness.state().store().unwrap().consent_events(id).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].action, events[0].channel), (ConsentAction::Given, Channel::Post));
    assert_eq!((events[0].source, events[0].evidence.as_str()), (Source::ReplyCard, "vastauskortti 24.11.2026"));
    assert!(harness.query_by_label("Kirjaa suostumus").is_none(), "the dialog closed");
}

#[test]
fn withdraw_all_asks_first_then_leaves_no_consent_standing() {
    let (_dir, mut harness) = tall_sample_app(Lang::Fi);
    let store = harness.state().store().unwrap();
    let (id, name) = someone(store, ConsentStanding::Given, None);
    show_in_consents(&mut harness, &name);

    harness.get_by_label("Peru kaikki").click();
    harness.run();
    assert!(harness.query_by_label("Perutaanko kaikki suostumukset?").is_some());
    let standing =
        |store: &Store| current_consents(&store.consent_events(id).unwrap()).values().filter(|s| s.given).count();
    assert!(standing(harness.state().store().unwrap()) > 0, "nothing is withdrawn before the confirmation");
    harness.get_all_by_label("Peru kaikki").last().unwrap().click();
    settle(&mut harness);
    assert_eq!(standing(harness.state().store().unwrap()), 0);
    assert!(harness.query_by_label("Perutaanko kaikki suostumukset?").is_none());
}

#[test]
fn an_objection_is_one_tick_and_lifting_it_needs_evidence() {
    let (_dir, mut harness) = tall_sample_app(Lang::Fi);
    let store = harness.state().store().unwrap();
    let (id, name) = someone(store, ConsentStanding::Given, None);
    show_in_consents(&mut harness, &name);
    harness.get_by_label(&name).click();
    settle(&mut harness);

    harness.get_by_role_and_label(Role::CheckBox, "Tarjonnanesto").click();
    settle(&mut harness);
    let standing = |harness: &Harness<'_, App>| {
        standing_objections(&harness.state().store().unwrap().objection_events(id).unwrap())
    };
    assert_eq!(standing(&harness), vec![ObjectionKind::MarketingBan]);

    harness.get_by_role_and_label(Role::CheckBox, "Tarjonnanesto").click();
    harness.run();
    harness.get_by_label("Poista kielto").click();
    harness.run();
    assert!(harness.query_by_label_contains("Kiellon poistaminen tarvitsee näytön").is_some());
    assert_eq!(standing(&harness), vec![ObjectionKind::MarketingBan], "not lifted without evidence");

    harness.get_by_role_and_label(Role::TextInput, "Näyttö").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Näyttö").type_text("sähköposti 25.11.2026");
    harness.run();
    harness.get_by_label("Poista kielto").click();
    settle(&mut harness);
    assert!(standing(&harness).is_empty());
    let events = harness.state().store().unwrap().objection_events(id).unwrap();
    let lifted = events.last().unwrap();
    assert_eq!((lifted.action, lifted.evidence.as_str()), (ObjectionAction::Lifted, "sähköposti 25.11.2026"));
}

#[test]
fn the_overview_shows_reach_per_purpose_from_the_ledger() {
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    let store = harness.state().store().unwrap();
    let purpose = direct_marketing(store);
    let coverage = store.purpose_coverage().unwrap();
    let entry = coverage.iter().find(|entry| entry.purpose_id == purpose.id).unwrap();
    let reachable = (entry.consenting - entry.blocked_by_objection).to_string();
    harness.get_by_label("Consents").click();
    settle(&mut harness);
    harness.get_by_label("Overview and charts").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Reach by purpose").is_some());
    assert!(harness.query_by_label("Consents given and withdrawn per month (24 months)").is_some());
    assert!(harness.query_all_by_label(&reachable).next().is_some(), "the reach of direct marketing: {reachable}");
}

#[test]
fn the_objections_column_shows_its_long_labels_whole_on_hover() {
    // The column cuts long Finnish labels short; egui shows a cut label whole in a tooltip.
    let (_dir, mut harness) = tall_sample_app(Lang::Fi);
    let (id, name) = someone(harness.state().store().unwrap(), ConsentStanding::Given, None);
    let store = harness.state_mut().store_mut().unwrap();
    for kind in [ObjectionKind::OtherDirectMarketing, ObjectionKind::Research] {
        let event = rekisteri::domain::consent::ObjectionEvent {
            id: 0,
            customer_id: id,
            kind,
            action: ObjectionAction::Made,
            occurred_at: rekisteri::store::now(),
            source: Source::Phone,
            evidence: "puhelu".into(),
            recorded_by: store.actor(),
        };
        store.record_objection(&event).unwrap();
    }
    show_in_consents(&mut harness, &name);
    let whole = format!(
        "{}, {}",
        rekisteri::i18n::Label::label(ObjectionKind::OtherDirectMarketing, Lang::Fi),
        rekisteri::i18n::Label::label(ObjectionKind::Research, Lang::Fi)
    );
    assert_eq!(harness.get_all_by_label(&whole).count(), 1, "the row's objections");
    harness.get_by_label(&whole).hover();
    harness.run();
    assert!(harness.get_all_by_label(&whole).count() > 1, "and the tooltip with them whole");
}
