//! The customer form: every §4 category a person types in, grouped as the notice groups it, with
//! each field's error shown beside it in the user's language and the channel and date of this
//! manual entry (§5 provenance). It only edits a `CustomerInput`; saving is the tab's job.

use crate::domain::Lang;
use crate::domain::customer::{AddressKind, CustomerStatus, Gender, PhoneKind, Source};
use crate::domain::customer_input::{AddressInput, CustomerInput, EmailInput, FieldError, FormField, PhoneInput};
use crate::i18n::{self, Label as _, T};
use crate::ui::{theme, widgets};

pub use crate::ui::widgets::FormAction;

pub struct CustomerForm {
    pub input: CustomerInput,
    /// The form as it was opened: unsaved changes are the difference.
    opened_as: CustomerInput,
    pub errors: Vec<FieldError>,
    /// The first name takes the keyboard when the form opens.
    focus_first_field: bool,
}

impl CustomerForm {
    pub fn new(input: CustomerInput) -> Self {
        Self { opened_as: input.clone(), input, errors: Vec::new(), focus_first_field: true }
    }

    pub fn has_changes(&self) -> bool {
        self.input != self.opened_as
    }

    fn error_text(&self, lang: Lang, field: FormField) -> Option<&'static str> {
        let error = self.errors.iter().find(|error| error.field == field)?;
        Some(match field {
            FormField::Name => i18n::tr(lang, T::NameRequired),
            FormField::EntryDate => i18n::tr(lang, T::EntryDateInvalid),
            _ => i18n::validation_error(lang, &error.error),
        })
    }

    fn show_error(&self, ui: &mut egui::Ui, lang: Lang, field: FormField) {
        if let Some(text) = self.error_text(lang, field) {
            ui.colored_label(theme::overdue(ui), text);
        }
    }

    /// Draws the form; returns what the user asked for (buttons or Ctrl+S / Esc).
    /// `may_save`: whether the signed-in user's role may save customers.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, username: &str, may_save: bool) -> FormAction {
        let action = widgets::save_cancel_bar(ui, lang, !self.errors.is_empty(), may_save);
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| self.fields_ui(ui, lang, username));
        action
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui, lang: Lang, username: &str) {
        // Provenance of what is typed now (§5).
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(i18n::tr(lang, T::EntrySource));
            egui::ComboBox::from_id_salt("entry_source")
                .selected_text(self.input.entry_source.label(lang))
                .show_ui(ui, |ui| {
                    for source in Source::ALL {
                        ui.selectable_value(&mut self.input.entry_source, *source, source.label(lang));
                    }
                })
                .response
                .labelled_by(label.id);
            labelled_text(ui, i18n::tr(lang, T::EntryDate), &mut self.input.entry_date, 110.0);
        });
        self.show_error(ui, lang, FormField::EntryDate);
        ui.label(egui::RichText::new(i18n::trf(lang, T::RecordedBy, &[&username])).small().weak());

        ui.horizontal(|ui| {
            ui.label(i18n::tr(lang, T::FieldStatus));
            for status in CustomerStatus::ALL {
                ui.radio_value(&mut self.input.status, *status, status.label(lang));
            }
        });
        egui::Grid::new("name_fields").num_columns(2).show(ui, |ui| {
            let first_name = grid_text(ui, i18n::tr(lang, T::FieldFirstName), &mut self.input.first_name);
            if std::mem::take(&mut self.focus_first_field) {
                first_name.request_focus();
            }
            grid_text(ui, i18n::tr(lang, T::FieldLastName), &mut self.input.last_name);
            grid_text(ui, i18n::tr(lang, T::FieldCompany), &mut self.input.company);
        });
        self.show_error(ui, lang, FormField::Name);

        widgets::section(ui, i18n::tr(lang, T::SectionContact));
        self.addresses_ui(ui, lang);
        self.phones_ui(ui, lang);
        self.emails_ui(ui, lang);

        widgets::section(ui, i18n::tr(lang, T::SectionRegistration));
        egui::Grid::new("registration_fields").num_columns(2).show(ui, |ui| {
            grid_text(ui, i18n::tr(lang, T::FieldUsername), &mut self.input.username);
            grid_text(ui, i18n::tr(lang, T::FieldNickname), &mut self.input.nickname);
            grid_text(ui, i18n::tr(lang, T::FieldOtherIdentifier), &mut self.input.other_identifier);
        });

        widgets::section(ui, i18n::tr(lang, T::SectionPerson));
        egui::Grid::new("person_fields").num_columns(2).show(ui, |ui| {
            grid_text(ui, i18n::tr(lang, T::FieldBirthYear), &mut self.input.birth_year);
            let label = ui.label(i18n::tr(lang, T::FieldGender));
            egui::ComboBox::from_id_salt("gender")
                .selected_text(self.input.gender.map_or("–", |gender| gender.label(lang)))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.input.gender, None, "–");
                    for gender in Gender::ALL {
                        ui.selectable_value(&mut self.input.gender, Some(*gender), gender.label(lang));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            grid_text(ui, i18n::tr(lang, T::FieldTitle), &mut self.input.title);
            grid_text(ui, i18n::tr(lang, T::FieldMotherTongue), &mut self.input.mother_tongue);
            ui.label(i18n::tr(lang, T::FieldLetterLang));
            ui.horizontal(|ui| {
                ui.radio_value(&mut self.input.letter_lang, Lang::Fi, "suomi / Finnish");
                ui.radio_value(&mut self.input.letter_lang, Lang::En, "englanti / English");
            });
            ui.end_row();
        });
        self.show_error(ui, lang, FormField::BirthYear);

        widgets::section(ui, i18n::tr(lang, T::SectionTags));
        let label = ui.label(i18n::tr(lang, T::FieldInterests));
        ui.add(egui::TextEdit::singleline(&mut self.input.interests).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        let label = ui.label(i18n::tr(lang, T::FieldNote));
        ui.add(egui::TextEdit::multiline(&mut self.input.note).desired_rows(3).desired_width(f32::INFINITY))
            .labelled_by(label.id);
    }

    fn addresses_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let mut remove = None;
        for index in 0..self.input.addresses.len() {
            ui.push_id(("address", index), |ui| {
                let address = &mut self.input.addresses[index];
                ui.horizontal(|ui| {
                    egui::ComboBox::from_id_salt("kind")
                        .selected_text(address.kind.label(lang))
                        .show_ui(ui, |ui| {
                            for kind in AddressKind::ALL {
                                ui.selectable_value(&mut address.kind, *kind, kind.label(lang));
                            }
                        })
                        .response
                        .accessible_name(i18n::tr(lang, T::FieldAddress));
                    if ui.small_button("✖").on_hover_text(i18n::tr(lang, T::Remove)).clicked() {
                        remove = Some(index);
                    }
                    if let Some(provenance) = &address.provenance {
                        ui.label(egui::RichText::new(widgets::provenance_text(lang, provenance)).small().weak());
                    }
                });
                egui::Grid::new("address_fields").num_columns(2).show(ui, |ui| {
                    grid_text(ui, i18n::tr(lang, T::FieldStreet), &mut address.street);
                    grid_text(ui, i18n::tr(lang, T::FieldPostalCode), &mut address.postal_code);
                    grid_text(ui, i18n::tr(lang, T::FieldCity), &mut address.city);
                    grid_text(ui, i18n::tr(lang, T::FieldCountry), &mut address.country);
                });
            });
            self.show_error(ui, lang, FormField::Street(index));
            self.show_error(ui, lang, FormField::PostalCode(index));
        }
        if let Some(index) = remove {
            self.input.addresses.remove(index);
        }
        if ui.button(i18n::tr(lang, T::AddAddress)).clicked() {
            self.input.addresses.push(AddressInput::blank());
        }
    }

    fn phones_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let mut remove = None;
        for index in 0..self.input.phones.len() {
            ui.push_id(("phone", index), |ui| {
                let phone = &mut self.input.phones[index];
                ui.horizontal(|ui| {
                    egui::ComboBox::from_id_salt("kind")
                        .selected_text(phone.kind.label(lang))
                        .show_ui(ui, |ui| {
                            for kind in PhoneKind::ALL {
                                ui.selectable_value(&mut phone.kind, *kind, kind.label(lang));
                            }
                        })
                        .response
                        .accessible_name(i18n::tr(lang, T::ColKind));
                    labelled_text(ui, i18n::tr(lang, T::FieldPhone), &mut phone.number, 160.0);
                    if ui.small_button("✖").on_hover_text(i18n::tr(lang, T::Remove)).clicked() {
                        remove = Some(index);
                    }
                });
                if let Some(provenance) = &phone.provenance {
                    ui.label(egui::RichText::new(widgets::provenance_text(lang, provenance)).small().weak());
                }
            });
            self.show_error(ui, lang, FormField::Phone(index));
        }
        if let Some(index) = remove {
            self.input.phones.remove(index);
        }
        if ui.button(i18n::tr(lang, T::AddPhone)).clicked() {
            self.input.phones.push(PhoneInput::blank());
        }
    }

    fn emails_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let mut remove = None;
        for index in 0..self.input.emails.len() {
            ui.push_id(("email", index), |ui| {
                let email = &mut self.input.emails[index];
                ui.horizontal(|ui| {
                    labelled_text(ui, i18n::tr(lang, T::FieldEmail), &mut email.address, 260.0);
                    if ui.small_button("✖").on_hover_text(i18n::tr(lang, T::Remove)).clicked() {
                        remove = Some(index);
                    }
                });
                if let Some(provenance) = &email.provenance {
                    ui.label(egui::RichText::new(widgets::provenance_text(lang, provenance)).small().weak());
                }
            });
            self.show_error(ui, lang, FormField::Email(index));
        }
        if let Some(index) = remove {
            self.input.emails.remove(index);
        }
        if ui.button(i18n::tr(lang, T::AddEmail)).clicked() {
            self.input.emails.push(EmailInput::blank());
        }
    }
}

/// A label and a one-line text field the label names (so tests and screen readers find it).
fn labelled_text(ui: &mut egui::Ui, label: &str, text: &mut String, width: f32) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(width)).labelled_by(label.id);
}

/// One grid row: the label, and a text field filling the rest.
fn grid_text(ui: &mut egui::Ui, label: &str, text: &mut String) -> egui::Response {
    let label = ui.label(label);
    let field = ui.add(egui::TextEdit::singleline(text).desired_width(260.0)).labelled_by(label.id);
    ui.end_row();
    field
}
