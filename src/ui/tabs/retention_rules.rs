//! The Retention tab's rules: the list with the reason for each, and adding, editing and removing
//! a rule (category, what the period counts from, the period, the action and the reason in both
//! languages). The store audits every change and refuses a rule without a reason.

use crate::domain::retention::{RetentionAction, RetentionCategory, RetentionRule, RetentionTrigger};
use crate::domain::{Lang, Localized};
use crate::i18n::{self, Label as _, T};
use crate::sample::default_retention_rules;
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

/// A rule being typed in the form.
struct RuleDraft {
    rule: RetentionRule,
    period: String,
    error: Option<String>,
}

impl RuleDraft {
    fn new_rule() -> Self {
        Self::of(RetentionRule {
            id: 0,
            code: String::new(),
            category: RetentionCategory::Prospects,
            trigger: RetentionTrigger::LastActivity,
            period_months: 24,
            action: RetentionAction::Erase,
            reason: Localized::default(),
            active: true,
        })
    }

    fn of(rule: RetentionRule) -> Self {
        Self { period: rule.period_months.to_string(), rule, error: None }
    }

    fn is_new(&self) -> bool {
        self.rule.id == 0
    }
}

#[derive(Default)]
pub(super) struct RulesEditor {
    draft: Option<RuleDraft>,
    /// The rule whose removal waits for the user's word: id and code.
    remove: Option<(i64, String)>,
}

impl RulesEditor {
    /// The rules with their Edit and Remove buttons, Add, and Add the missing defaults. Returns
    /// whether the rules changed.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>, rules: &[RetentionRule]) -> bool {
        let lang = ctx.lang;
        let mut changed = false;
        widgets::section(ui, i18n::tr(lang, T::RetentionRulesHeading));
        egui::Grid::new("retention_rules").striped(true).num_columns(7).show(ui, |ui| {
            for title in [T::ColCategory, T::ColTrigger, T::ColPeriod, T::ColRuleAction, T::ColActive, T::ColReason] {
                ui.strong(i18n::tr(lang, title));
            }
            ui.end_row();
            for rule in rules {
                ui.label(rule.category.label(lang));
                ui.label(rule.trigger.label(lang));
                if rule.period_months == 0 {
                    ui.label(i18n::tr(lang, T::Immediately));
                } else {
                    ui.label(i18n::trf(lang, T::Months, &[&rule.period_months]));
                }
                ui.label(rule.action.label(lang));
                ui.label(i18n::tr(lang, if rule.active { T::Yes } else { T::No }));
                widgets::wrapped_cell(ui, 420.0, rule.reason.get(lang));
                ui.horizontal(|ui| {
                    if ui.button(i18n::tr(lang, T::EditRule)).clicked() {
                        self.draft = Some(RuleDraft::of(rule.clone()));
                    }
                    if ui.button(i18n::tr(lang, T::RemoveRule)).clicked() {
                        self.remove = Some((rule.id, rule.code.clone()));
                    }
                });
                ui.end_row();
            }
        });
        ui.horizontal(|ui| {
            if ui.button(i18n::tr(lang, T::AddRule)).clicked() {
                self.draft = Some(RuleDraft::new_rule());
            }
            let defaults = default_retention_rules();
            let missing = defaults.iter().any(|default| rules.iter().all(|rule| rule.code != default.code));
            if missing && ui.button(i18n::tr(lang, T::AddDefaultRules)).clicked() {
                ctx.message = Some(match ctx.store.add_missing_retention_rules(&defaults) {
                    Ok(added) => {
                        changed = true;
                        i18n::trf(lang, T::DefaultRulesAdded, &[&added])
                    }
                    Err(error) => i18n::store_error(lang, &error),
                });
            }
        });
        changed |= self.form_ui(ui, ctx);
        changed |= self.remove_ui(ui, ctx);
        changed
    }

    /// The rule form in a dialog; returns whether a rule was saved.
    fn form_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) -> bool {
        let lang = ctx.lang;
        let Some(draft) = &mut self.draft else { return false };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("retention_rule_form")).show(ui.ctx(), |ui| {
            ui.heading(i18n::tr(lang, if draft.is_new() { T::NewRuleTitle } else { T::EditRuleTitle }));
            egui::Grid::new("retention_rule_fields").num_columns(2).show(ui, |ui| draft_fields_ui(ui, lang, draft));
            if let Some(error) = &draft.error {
                ui.colored_label(theme::overdue(ui), error);
            }
            ui.horizontal(|ui| {
                if ui.button(egui::RichText::new(i18n::tr(lang, T::Save)).strong()).clicked() {
                    answer = Some(true);
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                let period = draft.period.trim().parse::<u32>().ok().filter(|months| *months <= 1200);
                let Some(period) = period else {
                    draft.error = Some(i18n::tr(lang, T::InvalidPeriod).to_owned());
                    return false;
                };
                draft.rule.period_months = period;
                let saved = if draft.is_new() {
                    ctx.store.add_retention_rule(&draft.rule).map(|_| ())
                } else {
                    ctx.store.update_retention_rule(&draft.rule)
                };
                match saved {
                    Ok(()) => {
                        ctx.message = Some(i18n::tr(lang, T::RuleSaved).to_owned());
                        self.draft = None;
                        true
                    }
                    Err(error) => {
                        draft.error = Some(i18n::store_error(lang, &error));
                        false
                    }
                }
            }
            Some(false) => {
                self.draft = None;
                false
            }
            None => false,
        }
    }

    /// Asks before a rule is removed; returns whether it was.
    fn remove_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) -> bool {
        let lang = ctx.lang;
        let Some((id, code)) = &self.remove else { return false };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("retention_rule_remove")).show(ui.ctx(), |ui| {
            ui.heading(i18n::tr(lang, T::RemoveRuleTitle));
            ui.label(i18n::trf(lang, T::RemoveRuleText, &[code]));
            ui.horizontal(|ui| {
                if ui.button(egui::RichText::new(i18n::tr(lang, T::RemoveRule)).color(theme::overdue(ui))).clicked() {
                    answer = Some(true);
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    answer = Some(false);
                }
            });
        });
        let id = *id;
        match answer {
            Some(true) => {
                self.remove = None;
                match ctx.store.remove_retention_rule(id) {
                    Ok(()) => {
                        ctx.message = Some(i18n::tr(lang, T::RuleRemoved).to_owned());
                        true
                    }
                    Err(error) => {
                        ctx.message = Some(i18n::store_error(lang, &error));
                        false
                    }
                }
            }
            Some(false) => {
                self.remove = None;
                false
            }
            None => false,
        }
    }
}

/// The form's fields, one grid row each; a starting point that does not apply to the chosen
/// category is not offered.
fn draft_fields_ui(ui: &mut egui::Ui, lang: Lang, draft: &mut RuleDraft) {
    let rule = &mut draft.rule;
    let label = ui.label(i18n::tr(lang, T::FieldCategory));
    egui::ComboBox::from_id_salt("rule_category")
        .selected_text(rule.category.label(lang))
        .show_ui(ui, |ui| {
            for category in RetentionCategory::ALL {
                ui.selectable_value(&mut rule.category, *category, category.label(lang));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
    if !rule.trigger.applies_to(rule.category) {
        rule.trigger = RetentionTrigger::LastActivity;
    }
    let label = ui.label(i18n::tr(lang, T::FieldTrigger));
    egui::ComboBox::from_id_salt("rule_trigger")
        .selected_text(rule.trigger.label(lang))
        .show_ui(ui, |ui| {
            for trigger in RetentionTrigger::ALL.iter().filter(|trigger| trigger.applies_to(rule.category)) {
                ui.selectable_value(&mut rule.trigger, *trigger, trigger.label(lang));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
    let label = ui.label(i18n::tr(lang, T::FieldPeriod));
    ui.add(egui::TextEdit::singleline(&mut draft.period).desired_width(80.0)).labelled_by(label.id);
    ui.end_row();
    let label = ui.label(i18n::tr(lang, T::FieldAction));
    egui::ComboBox::from_id_salt("rule_action")
        .selected_text(rule.action.label(lang))
        .show_ui(ui, |ui| {
            for action in RetentionAction::ALL {
                ui.selectable_value(&mut rule.action, *action, action.label(lang));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
    for (title, text) in [(T::FieldReasonFi, &mut rule.reason.fi), (T::FieldReasonEn, &mut rule.reason.en)] {
        let label = ui.label(i18n::tr(lang, title));
        ui.add(egui::TextEdit::multiline(text).desired_rows(2).desired_width(420.0)).labelled_by(label.id);
        ui.end_row();
    }
    ui.label("");
    ui.checkbox(&mut rule.active, i18n::tr(lang, T::FieldActive));
    ui.end_row();
}
