//! Small widgets every tab uses: a section heading, a label–value grid row, the provenance line
//! under a datum, and a load error shown in place of a tab's content.

use crate::domain::Lang;
use crate::domain::customer::Provenance;
use crate::domain::finnish_date;
use crate::i18n::{self, Label as _, T};

/// A section heading inside a tab.
pub fn section(ui: &mut egui::Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(egui::RichText::new(title).strong().size(18.0));
    ui.separator();
}

/// "Source, 12.3.2026 (detail)": where a datum came from and when (§5).
pub fn provenance_text(lang: Lang, provenance: &Provenance) -> String {
    let base = i18n::trf(lang, T::Provenance, &[&provenance.source.label(lang), &finnish_date(provenance.obtained_on)]);
    if provenance.detail.trim().is_empty() { base } else { format!("{base} ({})", provenance.detail.trim()) }
}

/// A datum with its provenance in small, weak text beside it.
pub fn datum_with_source(ui: &mut egui::Ui, lang: Lang, value: &str, provenance: &Provenance) {
    ui.horizontal_wrapped(|ui| {
        ui.label(value);
        ui.label(egui::RichText::new(provenance_text(lang, provenance)).small().weak());
    });
}

/// One "label: value" row of a two-column grid; empty values are shown as a dash.
pub fn grid_row(ui: &mut egui::Ui, label: &str, value: &str) {
    ui.label(egui::RichText::new(label).weak());
    ui.label(if value.trim().is_empty() { "–" } else { value });
    ui.end_row();
}

/// Shown instead of a tab's content when its data could not be read.
pub fn load_error(ui: &mut egui::Ui, lang: Lang, message: &str) {
    ui.colored_label(super::theme::overdue(ui), i18n::trf(lang, T::ErrorLoading, &[&message]));
}

/// What the user asked of a form in this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    None,
    Save,
    Cancel,
}

/// The two buttons at the foot of a dialog: `confirm` and Cancel. `Some(true)` when confirmed,
/// `Some(false)` when cancelled, `None` while neither was clicked this frame.
pub fn dialog_buttons(ui: &mut egui::Ui, lang: Lang, confirm: &str) -> Option<bool> {
    let mut choice = None;
    ui.horizontal(|ui| {
        if ui.button(confirm).clicked() {
            choice = Some(true);
        }
        if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
            choice = Some(false);
        }
    });
    choice
}

/// What an edit dialog's [`dialog_buttons`] come to: on Save, `save` checks and writes, and its
/// refusal is kept in `problem` for the dialog to show (it stays open). `Some(saved)` when the
/// dialog closes: `true` saved, `false` cancelled.
pub fn finish_edit(
    choice: Option<bool>,
    problem: &mut Option<String>,
    save: impl FnOnce() -> Result<(), String>,
) -> Option<bool> {
    match choice? {
        false => Some(false),
        true => match save() {
            Ok(()) => Some(true),
            Err(reason) => {
                *problem = Some(reason);
                None
            }
        },
    }
}

/// Save and Cancel with their shortcuts (Ctrl+S, Esc), and the "correct the marked fields" line
/// when the last save found errors: the top of every form. Without `may_save` (the user's role
/// may not save this form) Save is greyed out and says why; the store would refuse it anyway.
pub fn save_cancel_bar(ui: &mut egui::Ui, lang: Lang, has_errors: bool, may_save: bool) -> FormAction {
    let mut action = FormAction::None;
    if ui.input_mut(|input| input.consume_key(egui::Modifiers::COMMAND, egui::Key::S)) && may_save {
        action = FormAction::Save;
    }
    if ui.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        action = FormAction::Cancel;
    }
    ui.horizontal(|ui| {
        let save = egui::RichText::new(i18n::tr(lang, T::Save)).strong();
        let hint = if may_save { T::SaveHint } else { T::ReadOnlyCannotSave };
        let save = ui.add_enabled(may_save, egui::Button::new(save));
        if save.on_hover_text(i18n::tr(lang, hint)).on_disabled_hover_text(i18n::tr(lang, hint)).clicked() {
            action = FormAction::Save;
        }
        if ui.button(i18n::tr(lang, T::Cancel)).on_hover_text(i18n::tr(lang, T::CancelHint)).clicked() {
            action = FormAction::Cancel;
        }
    });
    if has_errors {
        ui.colored_label(super::theme::overdue(ui), i18n::tr(lang, T::FormHasErrors));
    }
    action
}

/// A grid cell of `width` points whose text wraps inside it: a grid otherwise squeezes a wrapping
/// label to a few letters a line.
pub fn wrapped_cell(ui: &mut egui::Ui, width: f32, text: impl Into<egui::WidgetText>) {
    ui.vertical(|ui| {
        ui.set_width(width);
        ui.add(egui::Label::new(text).wrap());
    });
}

#[cfg(test)]
mod finish_edit_tests {
    use super::finish_edit;

    #[test]
    fn a_refused_save_keeps_the_dialog_open_with_the_reason() {
        let mut problem = None;
        assert_eq!(finish_edit(None, &mut problem, || unreachable!("nothing clicked")), None);
        assert_eq!(finish_edit(Some(false), &mut problem, || unreachable!("cancelled")), Some(false));
        assert_eq!(finish_edit(Some(true), &mut problem, || Err("Nimi puuttuu".into())), None);
        assert_eq!(problem.as_deref(), Some("Nimi puuttuu"));
        assert_eq!(finish_edit(Some(true), &mut problem, || Ok(())), Some(true));
    }
}
