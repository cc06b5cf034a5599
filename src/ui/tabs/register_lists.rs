//! The editable parts of the register description that are lists: the purposes (§3) with their
//! legal basis, channels and overriding objections, and the categories, sources, disclosures,
//! processors and transfers (§4–§6). Each purpose shows how it is used (consent entries and
//! disclosed lists) before it is changed; one in use is retired rather than deleted, and a channel
//! with ledger entries cannot be taken off it (the store refuses). Edits open in a dialog.

use std::collections::HashMap;

use crate::domain::consent::{Channel, ObjectionKind};
use crate::domain::register::{ItemKind, LegalBasis, Purpose, PurposeId, PurposeUsage, RegisterItem};
use crate::domain::{Lang, Localized};
use crate::i18n::{self, Label as _, T};
use crate::ui::app::AppCtx;
use crate::ui::widgets;

/// A purpose being added, as typed.
#[derive(Default)]
struct NewPurpose {
    code: String,
    name_fi: String,
    name_en: String,
    basis: Option<LegalBasis>,
}

/// A purpose being edited in the dialog, with how it is used.
struct PurposeDraft {
    purpose: Purpose,
    usage: PurposeUsage,
    problem: Option<String>,
}

/// A list entry being edited or added in the dialog.
struct ItemDraft {
    item: RegisterItem,
    is_new: bool,
    problem: Option<String>,
}

/// What a click in the lists asked for, handled after drawing.
enum ListAction {
    EditPurpose(Purpose),
    DeletePurpose(PurposeId),
    AskRetire(PurposeId, i64),
    AddPurpose,
    EditItem(RegisterItem),
    AddItem(ItemKind),
    DeleteItem(i64),
}

#[derive(Default)]
pub(super) struct RegisterLists {
    new_purpose: NewPurpose,
    purpose_draft: Option<PurposeDraft>,
    item_draft: Option<ItemDraft>,
    /// A purpose in use waiting for the user's word before it is retired: (id, entries using it).
    retire_confirm: Option<(PurposeId, i64)>,
    action: Option<ListAction>,
}

impl RegisterLists {
    /// The purposes with their usage and the buttons to edit, remove and add.
    pub fn purposes_ui(
        &mut self,
        ui: &mut egui::Ui,
        lang: Lang,
        purposes: &[Purpose],
        usage: &HashMap<PurposeId, PurposeUsage>,
    ) {
        for purpose in purposes {
            let used = usage.get(&purpose.id).cloned().unwrap_or_default();
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(purpose.legal_basis.label(lang)).weak());
                ui.label(purpose.name.get(lang));
                let text = if used.is_used() {
                    i18n::trf(lang, T::PurposeInUse, &[&used.consent_events, &used.disclosures])
                } else {
                    i18n::tr(lang, T::PurposeNotInUse).to_owned()
                };
                ui.label(egui::RichText::new(text).small().weak());
                if ui.small_button(i18n::tr(lang, T::EditButton)).on_hover_text(purpose.name.get(lang)).clicked() {
                    self.action = Some(ListAction::EditPurpose(purpose.clone()));
                }
                if ui.small_button(i18n::tr(lang, T::RemovePurpose)).on_hover_text(purpose.name.get(lang)).clicked() {
                    self.action = Some(if used.is_used() {
                        ListAction::AskRetire(purpose.id, used.consent_events + used.disclosures)
                    } else {
                        ListAction::DeletePurpose(purpose.id)
                    });
                }
            });
        }
        let new_purpose = &mut self.new_purpose;
        egui::CollapsingHeader::new(i18n::tr(lang, T::AddPurpose)).id_salt("add_purpose").show(ui, |ui| {
            egui::Grid::new("new_purpose").num_columns(2).show(ui, |ui| {
                for (label, text) in [
                    (T::PurposeCode, &mut new_purpose.code),
                    (T::PurposeNameFi, &mut new_purpose.name_fi),
                    (T::PurposeNameEn, &mut new_purpose.name_en),
                ] {
                    let label = ui.label(i18n::tr(lang, label));
                    ui.add(egui::TextEdit::singleline(text).desired_width(320.0)).labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label(i18n::tr(lang, T::ColBasis));
                basis_combo(ui, "new_purpose_basis", lang, &mut new_purpose.basis).labelled_by(label.id);
                ui.end_row();
            });
            let ready = !new_purpose.code.trim().is_empty()
                && !new_purpose.name_fi.trim().is_empty()
                && !new_purpose.name_en.trim().is_empty()
                && new_purpose.basis.is_some();
            if ui.add_enabled(ready, egui::Button::new(i18n::tr(lang, T::AddPurpose))).clicked() {
                self.action = Some(ListAction::AddPurpose);
            }
        });
    }

    /// One list of the description (categories, sources, …) with edit, remove and add buttons.
    pub fn items_ui(&mut self, ui: &mut egui::Ui, lang: Lang, kind: ItemKind, items: &[&RegisterItem]) {
        for item in items {
            ui.horizontal_wrapped(|ui| {
                let detail = item.detail.get(lang);
                if detail.is_empty() {
                    ui.label(format!("• {}", item.title.get(lang)));
                } else {
                    ui.label(format!("• {} – {detail}", item.title.get(lang)));
                }
                if ui.small_button(i18n::tr(lang, T::EditButton)).on_hover_text(item.title.get(lang)).clicked() {
                    self.action = Some(ListAction::EditItem((*item).clone()));
                }
                if ui.small_button(i18n::tr(lang, T::RemovePurpose)).on_hover_text(item.title.get(lang)).clicked() {
                    self.action = Some(ListAction::DeleteItem(item.id));
                }
            });
        }
        if ui.small_button(format!("+ {}", i18n::tr(lang, T::AddItem))).on_hover_text(kind.label(lang)).clicked() {
            self.action = Some(ListAction::AddItem(kind));
        }
    }

    /// Carries out what was clicked and shows the open dialog; returns true when the store changed.
    pub fn handle(&mut self, ui: &egui::Ui, ctx: &mut AppCtx<'_>, usage: &HashMap<PurposeId, PurposeUsage>) -> bool {
        let lang = ctx.lang;
        let mut changed = false;
        match self.action.take() {
            Some(ListAction::EditPurpose(purpose)) => {
                let usage = usage.get(&purpose.id).cloned().unwrap_or_default();
                self.purpose_draft = Some(PurposeDraft { purpose, usage, problem: None });
            }
            Some(ListAction::DeletePurpose(id)) => {
                ctx.message = Some(match ctx.store.delete_unused_purpose(id) {
                    Ok(()) => i18n::tr(lang, T::PurposeDeleted).to_owned(),
                    Err(error) => i18n::store_error(lang, &error),
                });
                changed = true;
            }
            Some(ListAction::AskRetire(id, count)) => self.retire_confirm = Some((id, count)),
            Some(ListAction::AddPurpose) => changed = self.add_purpose(ctx),
            Some(ListAction::EditItem(item)) => {
                self.item_draft = Some(ItemDraft { item, is_new: false, problem: None })
            }
            Some(ListAction::AddItem(kind)) => {
                let item = RegisterItem {
                    id: 0,
                    kind,
                    code: String::new(),
                    title: Localized::default(),
                    detail: Localized::default(),
                };
                self.item_draft = Some(ItemDraft { item, is_new: true, problem: None });
            }
            Some(ListAction::DeleteItem(id)) => {
                ctx.message = Some(match ctx.store.delete_register_item(id) {
                    Ok(()) => i18n::tr(lang, T::ItemRemoved).to_owned(),
                    Err(error) => i18n::store_error(lang, &error),
                });
                changed = true;
            }
            None => {}
        }
        changed |= self.purpose_dialog(ui, ctx);
        changed |= self.item_dialog(ui, ctx);
        changed |= self.retire_dialog(ui, ctx);
        changed
    }

    fn add_purpose(&mut self, ctx: &mut AppCtx<'_>) -> bool {
        let lang = ctx.lang;
        let new = &self.new_purpose;
        let purpose = Purpose {
            id: PurposeId(0),
            code: new.code.trim().to_owned(),
            name: Localized::new(new.name_fi.trim(), new.name_en.trim()),
            description: Localized::default(),
            legal_basis: new.basis.unwrap_or(LegalBasis::Consent),
            channels: vec![Channel::Any],
            overridden_by: Vec::new(),
            existing_customers_without_consent: false,
        };
        ctx.message = Some(match ctx.store.add_purpose(&purpose) {
            Ok(_) => {
                self.new_purpose = NewPurpose::default();
                i18n::tr(lang, T::PurposeAdded).to_owned()
            }
            Err(error) => i18n::store_error(lang, &error),
        });
        true
    }

    fn purpose_dialog(&mut self, ui: &egui::Ui, ctx: &mut AppCtx<'_>) -> bool {
        let Some(draft) = &mut self.purpose_draft else { return false };
        let lang = ctx.lang;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("purpose_edit")).show(ui.ctx(), |ui| {
            ui.set_max_width(640.0);
            ui.heading(i18n::tr(lang, T::PurposeEditTitle));
            ui.label(egui::RichText::new(&draft.purpose.code).monospace().weak());
            let purpose = &mut draft.purpose;
            egui::Grid::new("purpose_edit_form").num_columns(2).show(ui, |ui| {
                for (label, text, multiline) in [
                    (T::PurposeNameFi, &mut purpose.name.fi, false),
                    (T::PurposeNameEn, &mut purpose.name.en, false),
                    (T::PurposeDescriptionFi, &mut purpose.description.fi, true),
                    (T::PurposeDescriptionEn, &mut purpose.description.en, true),
                ] {
                    let label = ui.label(i18n::tr(lang, label));
                    let edit = if multiline {
                        egui::TextEdit::multiline(text).desired_rows(2)
                    } else {
                        egui::TextEdit::singleline(text)
                    };
                    ui.add(edit.desired_width(420.0)).labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label(i18n::tr(lang, T::ColBasis));
                let mut basis = Some(purpose.legal_basis);
                basis_combo(ui, "purpose_edit_basis", lang, &mut basis).labelled_by(label.id);
                purpose.legal_basis = basis.unwrap_or(purpose.legal_basis);
                ui.end_row();
            });
            ui.label(egui::RichText::new(i18n::tr(lang, T::PurposeChannels)).strong());
            ui.horizontal_wrapped(|ui| {
                for channel in Channel::ALL {
                    let mut on = purpose.channels.contains(channel);
                    let mut text = channel.label(lang).to_owned();
                    if draft.usage.channels_in_ledger.contains(channel) {
                        text.push(' ');
                        text.push_str(i18n::tr(lang, T::ChannelInLedger));
                    }
                    if ui.checkbox(&mut on, text).changed() {
                        toggle_channel(&mut purpose.channels, *channel, on);
                    }
                }
            });
            ui.label(egui::RichText::new(i18n::tr(lang, T::PurposeOverriddenBy)).strong());
            ui.horizontal_wrapped(|ui| {
                for kind in ObjectionKind::ALL {
                    let mut on = purpose.overridden_by.contains(kind);
                    if ui.checkbox(&mut on, kind.label(lang)).changed() {
                        toggle(&mut purpose.overridden_by, *kind, on);
                    }
                }
            });
            ui.checkbox(&mut purpose.existing_customers_without_consent, i18n::tr(lang, T::PurposeExistingCustomers));
            let usage = if draft.usage.is_used() {
                i18n::trf(lang, T::PurposeInUse, &[&draft.usage.consent_events, &draft.usage.disclosures])
            } else {
                i18n::tr(lang, T::PurposeNotInUse).to_owned()
            };
            ui.label(egui::RichText::new(format!("{usage}. {}", i18n::tr(lang, T::PurposeUsageNote))).small());
            if let Some(problem) = &draft.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            choice = widgets::dialog_buttons(ui, lang, i18n::tr(lang, T::Save));
        });
        let closed = widgets::finish_edit(choice, &mut draft.problem, || {
            let purpose = &draft.purpose;
            if purpose.name.fi.trim().is_empty() || purpose.name.en.trim().is_empty() {
                return Err(i18n::tr(lang, T::PurposeNameRequired).to_owned());
            }
            ctx.store.update_purpose(purpose).map_err(|error| i18n::store_error(lang, &error))?;
            ctx.message = Some(i18n::tr(lang, T::PurposeSaved).to_owned());
            Ok(())
        });
        if closed.is_some() {
            self.purpose_draft = None;
        }
        closed == Some(true)
    }

    fn item_dialog(&mut self, ui: &egui::Ui, ctx: &mut AppCtx<'_>) -> bool {
        let Some(draft) = &mut self.item_draft else { return false };
        let lang = ctx.lang;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("item_edit")).show(ui.ctx(), |ui| {
            ui.set_max_width(640.0);
            ui.heading(i18n::tr(lang, if draft.is_new { T::ItemAddTitle } else { T::ItemEditTitle }));
            ui.label(egui::RichText::new(draft.item.kind.label(lang)).weak());
            let item = &mut draft.item;
            egui::Grid::new("item_edit_form").num_columns(2).show(ui, |ui| {
                for (label, text, multiline) in [
                    (T::ItemTitleFi, &mut item.title.fi, false),
                    (T::ItemTitleEn, &mut item.title.en, false),
                    (T::ItemDetailFi, &mut item.detail.fi, true),
                    (T::ItemDetailEn, &mut item.detail.en, true),
                ] {
                    let label = ui.label(i18n::tr(lang, label));
                    let edit = if multiline {
                        egui::TextEdit::multiline(text).desired_rows(2)
                    } else {
                        egui::TextEdit::singleline(text)
                    };
                    ui.add(edit.desired_width(420.0)).labelled_by(label.id);
                    ui.end_row();
                }
            });
            if let Some(problem) = &draft.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            choice = widgets::dialog_buttons(ui, lang, i18n::tr(lang, T::Save));
        });
        let closed = widgets::finish_edit(choice, &mut draft.problem, || {
            let item = &draft.item;
            if item.title.fi.trim().is_empty() || item.title.en.trim().is_empty() {
                return Err(i18n::tr(lang, T::ItemTitleRequired).to_owned());
            }
            let saved = if draft.is_new {
                ctx.store.add_register_item(item).map(|_| ())
            } else {
                ctx.store.update_register_item(item)
            };
            saved.map_err(|error| i18n::store_error(lang, &error))?;
            ctx.message = Some(i18n::tr(lang, T::ItemSaved).to_owned());
            Ok(())
        });
        if closed.is_some() {
            self.item_draft = None;
        }
        closed == Some(true)
    }

    /// A purpose in use is never deleted silently: the user is told how it is used and may retire it.
    fn retire_dialog(&mut self, ui: &egui::Ui, ctx: &mut AppCtx<'_>) -> bool {
        let Some((id, count)) = self.retire_confirm else { return false };
        let lang = ctx.lang;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("retire_purpose")).show(ui.ctx(), |ui| {
            ui.heading(i18n::tr(lang, T::RetirePurposeTitle));
            ui.label(i18n::trf(lang, T::RetirePurposeText, &[&count]));
            choice = widgets::dialog_buttons(ui, lang, i18n::tr(lang, T::RetirePurpose));
        });
        match choice {
            Some(true) => {
                self.retire_confirm = None;
                ctx.message = Some(match ctx.store.retire_purpose(id) {
                    Ok(()) => i18n::tr(lang, T::PurposeRetired).to_owned(),
                    Err(error) => i18n::store_error(lang, &error),
                });
                true
            }
            Some(false) => {
                self.retire_confirm = None;
                false
            }
            None => false,
        }
    }
}

/// Turns `value` on or off in a set kept in its canonical order.
fn toggle<T: Ord + Copy>(values: &mut Vec<T>, value: T, on: bool) {
    values.retain(|existing| *existing != value);
    if on {
        values.push(value);
        values.sort();
    }
}

/// A purpose is asked either over named channels or over "all channels", never both: the fold
/// of the ledger counts on it.
fn toggle_channel(channels: &mut Vec<Channel>, channel: Channel, on: bool) {
    if on {
        channels.retain(|existing| (*existing == Channel::Any) == (channel == Channel::Any));
    }
    toggle(channels, channel, on);
}

fn basis_combo(ui: &mut egui::Ui, id: &str, lang: Lang, basis: &mut Option<LegalBasis>) -> egui::Response {
    egui::ComboBox::from_id_salt(id)
        .selected_text(basis.map_or("–", |basis| basis.label(lang)))
        .show_ui(ui, |ui| {
            for choice in LegalBasis::ALL {
                ui.selectable_value(basis, Some(*choice), choice.label(lang));
            }
        })
        .response
}
