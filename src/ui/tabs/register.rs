//! The Register tab: the register description as the privacy notice's sections, Finnish and
//! English side by side (read-only here; the settings issue makes it editable).

use crate::domain::register::{ItemKind, RegisterDescription};
use crate::domain::{Lang, Localized};
use crate::i18n::{self, Label as _, T};
use crate::store;
use crate::ui::app::AppCtx;
use crate::ui::widgets;

#[derive(Default)]
pub struct RegisterTab {
    description: Option<Result<RegisterDescription, store::Error>>,
}

/// A text in both languages, side by side.
fn both(ui: &mut egui::Ui, lang: Lang, text: &Localized) {
    ui.columns(2, |columns| {
        columns[0].label(egui::RichText::new(i18n::tr(lang, T::Finnish)).small().weak());
        columns[0].add(egui::Label::new(&text.fi).wrap());
        columns[1].label(egui::RichText::new(i18n::tr(lang, T::English)).small().weak());
        columns[1].add(egui::Label::new(&text.en).wrap());
    });
}

impl RegisterTab {
    pub fn reload(&mut self) {
        self.description = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let description = match self.description.get_or_insert_with(|| ctx.store.register_description()) {
            Ok(description) => description,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        let info = &description.info;
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            widgets::section(ui, i18n::tr(lang, T::ControllerHeading));
            egui::Grid::new("controller").num_columns(2).show(ui, |ui| {
                widgets::grid_row(ui, i18n::tr(lang, T::ColName), &info.controller_name);
                widgets::grid_row(ui, i18n::tr(lang, T::BusinessId), &info.business_id);
                widgets::grid_row(ui, i18n::tr(lang, T::FieldAddress), &info.controller_address.one_line());
                widgets::grid_row(ui, i18n::tr(lang, T::FieldEmail), &info.controller_email);
            });
            ui.label(egui::RichText::new(i18n::tr(lang, T::ResponsibleHeading)).strong());
            egui::Grid::new("responsible").num_columns(2).show(ui, |ui| {
                widgets::grid_row(ui, i18n::tr(lang, T::ColName), &info.responsible_name);
                widgets::grid_row(ui, i18n::tr(lang, T::FieldTitle), info.responsible_title.get(lang));
                widgets::grid_row(ui, i18n::tr(lang, T::FieldAddress), &info.responsible_address.one_line());
                widgets::grid_row(ui, i18n::tr(lang, T::FieldEmail), &info.responsible_email);
            });

            widgets::section(ui, i18n::tr(lang, T::RegisterNameHeading));
            both(ui, lang, &info.register_name);

            widgets::section(ui, i18n::tr(lang, T::PurposesHeading));
            for purpose in &description.purposes {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(purpose.legal_basis.label(lang)).weak());
                    ui.label(purpose.name.get(lang));
                });
            }
            both(ui, lang, &info.basis_statement);
            ui.label(egui::RichText::new(i18n::tr(lang, T::AutomatedHeading)).strong());
            both(ui, lang, &info.automated_decisions);
            both(ui, lang, &info.outsourcing_statement);

            for (kind, heading) in [(ItemKind::Category, T::CategoriesHeading), (ItemKind::Source, T::SourcesHeading)] {
                widgets::section(ui, i18n::tr(lang, heading));
                for item in description.items_of(kind) {
                    ui.label(format!("• {}", item.title.get(lang)));
                }
            }

            widgets::section(ui, i18n::tr(lang, T::DisclosuresHeading));
            for item in description.items_of(ItemKind::Disclosure) {
                ui.label(format!("• {} – {}", item.title.get(lang), item.detail.get(lang)));
            }
            both(ui, lang, &info.transfers_statement);
            for item in description.items_of(ItemKind::Transfer) {
                ui.label(format!("• {} – {}", item.title.get(lang), item.detail.get(lang)));
            }
            ui.label(egui::RichText::new(i18n::tr(lang, T::ProcessorsHeading)).strong());
            for item in description.items_of(ItemKind::Processor) {
                ui.label(format!("• {} – {}", item.title.get(lang), item.detail.get(lang)));
            }

            widgets::section(ui, i18n::tr(lang, T::SecurityHeading));
            ui.label(egui::RichText::new(i18n::tr(lang, T::PaperMaterial)).strong());
            both(ui, lang, &info.security_paper);
            ui.label(egui::RichText::new(i18n::tr(lang, T::ElectronicData)).strong());
            both(ui, lang, &info.security_electronic);

            widgets::section(ui, i18n::tr(lang, T::RetentionHeading));
            both(ui, lang, &info.retention_statement);
            ui.label(i18n::trf(lang, T::ReviewInterval, &[&info.review_interval_months]));

            widgets::section(ui, i18n::tr(lang, T::AuthorityHeading));
            let authority = &info.authority;
            egui::Grid::new("authority").num_columns(2).show(ui, |ui| {
                widgets::grid_row(ui, i18n::tr(lang, T::ColName), authority.name.get(lang));
                widgets::grid_row(ui, i18n::tr(lang, T::FieldAddress), &authority.visiting_address.one_line());
                widgets::grid_row(ui, "", authority.postal_address.get(lang));
                widgets::grid_row(ui, i18n::tr(lang, T::FieldPhone), &authority.phone);
                widgets::grid_row(ui, i18n::tr(lang, T::FieldEmail), &authority.email);
                widgets::grid_row(ui, "www", &authority.web);
            });
        });
    }
}
