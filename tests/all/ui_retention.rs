//! The Retention tab's flows, headless: the review flagged on start is gone through as a checklist
//! and signed off, after which the next review is due three months later (in the store and on
//! screen); the candidates are counted per rule, one person is excluded with a reason, and the
//! rules are applied after a confirmation that states the numbers; a rule is edited and removed.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use rekisteri::domain::retention::{RetentionAction, RetentionCategory, ReviewItem};
use rekisteri::domain::{Lang, finnish_date};
use rekisteri::i18n::Label as _;

use common::ui::{settle, tall_sample_app};

/// Types into the `nth` text field (of `role`) labelled `label`.
fn type_into(
    harness: &mut egui_kittest::Harness<'_, rekisteri::ui::App>,
    role: Role,
    label: &str,
    nth: usize,
    text: &str,
) {
    harness.get_all_by_role_and_label(role, label).nth(nth).unwrap().click();
    harness.run();
    harness.get_all_by_role_and_label(role, label).nth(nth).unwrap().type_text(text);
    harness.run();
}

#[test]
fn a_due_review_is_signed_off_and_the_next_is_due_three_months_later() {
    let (_dir, mut harness) = tall_sample_app(Lang::Fi);
    let today = rekisteri::store::today();
    // The sample's last review was a hundred days ago: the top bar says so from the start.
    assert!(harness.query_all_by_label_contains("Rekisterin katselmointi erääntynyt").next().is_some());
    harness.get_by_label("Säilytys").click();
    settle(&mut harness);
    harness.get_by_label("Aloita katselmointi").click();
    settle(&mut harness);
    for item in ReviewItem::ALL.iter().filter(|item| **item != ReviewItem::PaperDestroyed) {
        harness.get_by_label(item.label(Lang::Fi)).click();
        harness.run();
    }
    harness.get_by_label("Kuittaa katselmointi tehdyksi").click();
    harness.run();
    assert!(harness.query_by_label("Kuittaamatta: Paperiaineisto hävitetty").is_some(), "an unsettled item is named");
    assert_eq!(harness.state().store().unwrap().reviews().unwrap().len(), 1, "nothing was signed off");

    let paper = ReviewItem::ALL.iter().position(|item| *item == ReviewItem::PaperDestroyed).unwrap();
    type_into(&mut harness, Role::TextInput, "Huomautus", paper, "Ei paperiaineistoa tällä kertaa.");
    type_into(&mut harness, Role::MultilineTextInput, "Katselmoinnin yhteenveto", 0, "Vanhat prospektit käyty läpi.");
    harness.get_by_label("Kuittaa katselmointi tehdyksi").click();
    settle(&mut harness);

    let store = harness.state().store().unwrap();
    let reviews = store.reviews().unwrap();
    assert_eq!(reviews.len(), 2);
    let signed = &reviews[0];
    assert_eq!(signed.signed_off_at.date(), today);
    assert_eq!(signed.notes, "Vanhat prospektit käyty läpi.");
    assert_eq!(signed.checklist.done_count(), ReviewItem::ALL.len() - 1);
    assert_eq!(signed.checklist.entries[paper].note, "Ei paperiaineistoa tällä kertaa.");
    let next = today.checked_add_months(chrono::Months::new(3)).unwrap();
    let interval = store.register_info().unwrap().review_interval_months;
    assert_eq!(rekisteri::domain::retention::next_review_due(Some(signed.signed_off_at.date()), interval, today), next);

    let next_text = format!("Seuraava katselmointi viimeistään: {}", finnish_date(next));
    assert!(harness.query_by_label(&next_text).is_some(), "the tab shows {next_text}");
    assert!(
        harness.query_all_by_label_contains("Rekisterin katselmointi erääntynyt").next().is_none(),
        "the flag is gone"
    );
    let history = format!("{} – satu: 6/7 kohtaa tehty", finnish_date(today));
    assert!(harness.query_by_label(&history).is_some(), "the review history shows {history}");
}

#[test]
fn candidates_are_counted_one_person_is_excluded_and_the_rules_applied_after_a_confirmation() {
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    let today = rekisteri::store::today();
    harness.get_by_label("Retention").click();
    settle(&mut harness);
    let before = harness.state().store().unwrap().retention_candidates(today, 0).unwrap();
    let prospects = before.rules.iter().find(|rule| rule.rule.category == RetentionCategory::Prospects).unwrap();
    assert!(prospects.count > 5, "the sample has prospects due: {}", prospects.count);
    let header = format!("Prospects – erase 24 months after the last activity: {} records", prospects.count);
    harness.get_by_label(&header).click();
    harness.run();

    // The first prospect in the list is held back (a dispute over a delivery).
    harness.get_all_by_label("Exclude…").next().unwrap().click();
    harness.run();
    type_into(&mut harness, Role::MultilineTextInput, "Reason for the exclusion", 0, "Reklamaatio kesken");
    harness.get_all_by_label("Exclude from the rules").last().unwrap().click();
    settle(&mut harness);
    let store = harness.state().store().unwrap();
    let exclusions = store.retention_exclusions(today).unwrap();
    assert_eq!(exclusions.len(), 1);
    assert_eq!(exclusions[0].reason, "Reklamaatio kesken");
    let held = exclusions[0].customer_id;
    let confirmed = store.retention_candidates(today, 0).unwrap();
    assert_eq!(confirmed.held.legal_hold, 1);
    assert_eq!(confirmed.total(), before.total() - 1, "the excluded person is no longer counted");
    let customers_before = store.customer_count().unwrap();

    // The open group pushed the button below the window's edge.
    harness.get_by_label("Apply the retention rules…").scroll_to_me();
    harness.run();
    harness.get_by_label("Apply the retention rules…").click();
    harness.run();
    for rule in confirmed.rules.iter().filter(|rule| rule.count > 0) {
        let line = format!(
            "• {} {} records: {} (",
            rule.rule.action.label(Lang::En),
            rule.count,
            rule.rule.category.label(Lang::En)
        );
        assert!(harness.query_all_by_label_contains(&line).next().is_some(), "the confirmation states {line}");
    }
    let erase_prospects =
        format!("• Erase {} records: Prospects (24 months after the last activity)", confirmed.rules[0].count);
    assert!(harness.query_by_label(&erase_prospects).is_some(), "{erase_prospects}");
    assert!(harness.query_all_by_label_contains(&format!("{} records in all.", confirmed.total())).next().is_some());
    harness.get_by_label("Apply the rules").click();
    settle(&mut harness);

    let store = harness.state().store().unwrap();
    assert_eq!(store.retention_candidates(today, 0).unwrap().total(), 0, "nothing is due any more");
    assert!(store.customer(held).is_ok(), "the excluded person is kept");
    let log = store.erasure_log().unwrap();
    let logged: i64 = log.iter().map(|entry| entry.record_count).sum();
    assert_eq!(logged, confirmed.total(), "the erasure log holds the confirmed numbers");
    let erased_people: i64 =
        confirmed.rules.iter().filter(|rule| rule.rule.category.reaches_people()).map(|rule| rule.count).sum();
    assert_eq!(store.customer_count().unwrap(), customers_before - erased_people);
    let message = format!("Retention rules applied: {} records destroyed.", confirmed.total());
    assert!(harness.query_by_label(&message).is_some(), "the status bar says {message}");
    assert!(harness.query_by_label("No rule reaches any record today.").is_some());
}

#[test]
fn a_rule_is_edited_and_removed_from_the_tab() {
    let (_dir, mut harness) = tall_sample_app(Lang::En);
    harness.get_by_label("Retention").click();
    settle(&mut harness);
    let rules = harness.state().store().unwrap().retention_rules().unwrap();
    let prospects = rules.iter().position(|rule| rule.category == RetentionCategory::Prospects).unwrap();
    harness.get_all_by_label("Edit").nth(prospects).unwrap().click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Period (months)").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Period (months)").set_text_value_accesskit("12");
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let store = harness.state().store().unwrap();
    let changed = &store.retention_rules().unwrap()[prospects];
    assert_eq!(changed.period_months, 12);
    assert_eq!(changed.action, RetentionAction::Erase);

    let count = store.retention_rules().unwrap().len();
    harness.get_all_by_label("Remove").nth(prospects).unwrap().click();
    harness.run();
    harness.get_all_by_label("Remove").last().unwrap().click();
    settle(&mut harness);
    let store = harness.state().store().unwrap();
    assert_eq!(store.retention_rules().unwrap().len(), count - 1);
    assert!(harness.query_by_label("Add the missing default rules").is_some(), "the removed default can come back");
}
