//! The Register tab's settings form: the description's main facts (controller, responsible
//! person, statements, security, retention, review interval, supervisory authority), Finnish and
//! English side by side, each format error shown beside its field in the user's language.
//! It only edits a `RegisterInfo`; saving is the tab's job. Purposes and lists are not edited here.

use crate::domain::Lang;
use crate::domain::register::{InfoField, REVIEW_INTERVAL_MONTHS, RegisterInfo};
use crate::domain::validate::ValidationError;
use crate::domain::{Localized, register::PostalAddress};
use crate::i18n::{self, T};
use crate::ui::{theme, widgets};

pub use crate::ui::widgets::FormAction;

/// Why the form cannot be saved yet.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FormError {
    Field(InfoField, ValidationError),
    ReviewInterval,
}

pub struct RegisterForm {
    info: RegisterInfo,
    /// The review interval as typed, checked on save.
    review_interval: String,
    errors: Vec<FormError>,
}

impl RegisterForm {
    pub fn new(info: RegisterInfo) -> Self {
        let review_interval = info.review_interval_months.to_string();
        Self { info, review_interval, errors: Vec::new() }
    }

    /// The description to save, in canonical form, or `None` (the errors are then shown).
    pub fn checked(&mut self) -> Option<RegisterInfo> {
        self.errors.clear();
        let interval =
            self.review_interval.trim().parse::<u32>().ok().filter(|months| REVIEW_INTERVAL_MONTHS.contains(months));
        if interval.is_none() {
            self.errors.push(FormError::ReviewInterval);
        }
        let checked = match self.info.checked() {
            Ok(info) => Some(info),
            Err(errors) => {
                self.errors.extend(errors.into_iter().map(|(field, error)| FormError::Field(field, error)));
                None
            }
        };
        let mut info = checked?;
        info.review_interval_months = interval?;
        Some(info)
    }

    fn show_error(&self, ui: &mut egui::Ui, lang: Lang, field: InfoField) {
        let error = self.errors.iter().find_map(|error| match error {
            FormError::Field(at, error) if *at == field => Some(error),
            _ => None,
        });
        if let Some(error) = error {
            ui.colored_label(theme::overdue(ui), i18n::validation_error(lang, error));
        }
    }

    /// Draws the form; returns what the user asked for (buttons or Ctrl+S / Esc).
    /// `may_save`: whether the signed-in user's role may change the register description.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, may_save: bool) -> FormAction {
        let action = widgets::save_cancel_bar(ui, lang, !self.errors.is_empty(), may_save);
        self.fields_ui(ui, lang);
        action
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let tr = |key| i18n::tr(lang, key);
        let controller = tr(T::ControllerHeading);
        widgets::section(ui, controller);
        egui::Grid::new("controller_fields").num_columns(2).show(ui, |ui| {
            grid_text(ui, controller, tr(T::ColName), &mut self.info.controller_name);
            grid_text(ui, controller, tr(T::BusinessId), &mut self.info.business_id);
        });
        self.show_error(ui, lang, InfoField::BusinessId);
        address_grid(ui, lang, controller, &mut self.info.controller_address);
        self.show_error(ui, lang, InfoField::ControllerPostalCode);
        egui::Grid::new("controller_contact").num_columns(2).show(ui, |ui| {
            grid_text(ui, controller, tr(T::FieldPhone), &mut self.info.controller_phone);
            grid_text(ui, controller, tr(T::FieldEmail), &mut self.info.controller_email);
        });
        self.show_error(ui, lang, InfoField::ControllerEmail);

        let responsible = tr(T::ResponsibleHeading);
        ui.label(egui::RichText::new(responsible).strong());
        egui::Grid::new("responsible_fields").num_columns(2).show(ui, |ui| {
            grid_text(ui, responsible, tr(T::ColName), &mut self.info.responsible_name);
        });
        both(ui, lang, &format!("{responsible}: {}", tr(T::FieldTitle)), &mut self.info.responsible_title, false);
        address_grid(ui, lang, responsible, &mut self.info.responsible_address);
        self.show_error(ui, lang, InfoField::ResponsiblePostalCode);
        egui::Grid::new("responsible_contact").num_columns(2).show(ui, |ui| {
            grid_text(ui, responsible, tr(T::FieldEmail), &mut self.info.responsible_email);
            grid_text(ui, responsible, tr(T::FieldPhone), &mut self.info.responsible_phone);
        });
        self.show_error(ui, lang, InfoField::ResponsibleEmail);
        egui::Grid::new("signing").num_columns(2).show(ui, |ui| {
            grid_text(ui, "", tr(T::FieldSigningPlace), &mut self.info.signing_place);
        });

        widgets::section(ui, tr(T::RegisterNameHeading));
        both(ui, lang, tr(T::RegisterNameHeading), &mut self.info.register_name, false);

        widgets::section(ui, tr(T::PurposesHeading));
        both(ui, lang, tr(T::FieldBasisStatement), &mut self.info.basis_statement, true);
        both(ui, lang, tr(T::AutomatedHeading), &mut self.info.automated_decisions, true);
        both(ui, lang, tr(T::FieldOutsourcing), &mut self.info.outsourcing_statement, true);
        both(ui, lang, tr(T::FieldTransfers), &mut self.info.transfers_statement, true);

        widgets::section(ui, tr(T::SecurityHeading));
        both(ui, lang, tr(T::PaperMaterial), &mut self.info.security_paper, true);
        both(ui, lang, tr(T::ElectronicData), &mut self.info.security_electronic, true);

        widgets::section(ui, tr(T::RetentionHeading));
        both(ui, lang, tr(T::FieldRetentionStatement), &mut self.info.retention_statement, true);
        egui::Grid::new("review_interval").num_columns(2).show(ui, |ui| {
            grid_text(ui, "", tr(T::FieldReviewInterval), &mut self.review_interval);
        });
        if self.errors.contains(&FormError::ReviewInterval) {
            ui.colored_label(theme::overdue(ui), tr(T::InvalidReviewInterval));
        }

        let authority_heading = tr(T::AuthorityHeading);
        widgets::section(ui, authority_heading);
        let authority = &mut self.info.authority;
        both(ui, lang, &format!("{authority_heading}: {}", tr(T::ColName)), &mut authority.name, false);
        address_grid(ui, lang, authority_heading, &mut authority.visiting_address);
        self.show_error(ui, lang, InfoField::AuthorityPostalCode);
        let authority = &mut self.info.authority;
        both(
            ui,
            lang,
            &format!("{authority_heading}: {}", tr(T::FieldPostalAddress)),
            &mut authority.postal_address,
            false,
        );
        egui::Grid::new("authority_contact").num_columns(2).show(ui, |ui| {
            grid_text(ui, authority_heading, tr(T::FieldPhone), &mut authority.phone);
            grid_text(ui, authority_heading, tr(T::FieldEmail), &mut authority.email);
            grid_text(ui, authority_heading, tr(T::FieldWeb), &mut authority.web);
        });
        self.show_error(ui, lang, InfoField::AuthorityEmail);
    }
}

/// The name a screen reader (and a test) finds a field by: "group: field", unique in the form.
fn field_name(group: &str, label: &str) -> String {
    if group.is_empty() { label.to_owned() } else { format!("{group}: {label}") }
}

/// One grid row: the label, and a text field named by its group and label.
fn grid_text(ui: &mut egui::Ui, group: &str, label: &str, text: &mut String) {
    ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(320.0)).accessible_name(field_name(group, label));
    ui.end_row();
}

fn address_grid(ui: &mut egui::Ui, lang: Lang, group: &str, address: &mut PostalAddress) {
    ui.push_id(("address", group), |ui| {
        egui::Grid::new("address_fields").num_columns(2).show(ui, |ui| {
            grid_text(ui, group, i18n::tr(lang, T::FieldStreet), &mut address.street);
            grid_text(ui, group, i18n::tr(lang, T::FieldPostalCode), &mut address.postal_code);
            grid_text(ui, group, i18n::tr(lang, T::FieldCity), &mut address.city);
        });
    });
}

/// A bilingual text: its heading, then Finnish and English side by side.
fn both(ui: &mut egui::Ui, lang: Lang, heading: &str, text: &mut Localized, multiline: bool) {
    ui.label(egui::RichText::new(heading).strong());
    ui.push_id(heading, |ui| {
        ui.columns(2, |columns| {
            let texts = [(T::Finnish, &mut text.fi), (T::English, &mut text.en)];
            for (column, (language, value)) in columns.iter_mut().zip(texts) {
                let language = i18n::tr(lang, language);
                column.label(egui::RichText::new(language).small().weak());
                let edit = if multiline {
                    egui::TextEdit::multiline(value).desired_rows(2)
                } else {
                    egui::TextEdit::singleline(value)
                };
                column
                    .add(edit.desired_width(f32::INFINITY))
                    .accessible_name(format!("{heading} ({})", language.to_lowercase()));
            }
        });
    });
}
