//! The Register tab: the register description as the privacy notice's sections, Finnish and
//! English side by side; "Edit" turns the main facts into a form (`register_form`), and the
//! privacy notice is generated from what is saved. Purposes and lists stay read-only here; each
//! purpose shows how many consent events refer to it.

use std::collections::HashMap;

use crate::domain::register::{ItemKind, LegalBasis, Purpose, PurposeId, RegisterDescription};
use crate::domain::user::Permission;
use crate::domain::{Lang, Localized};
use crate::i18n::{self, Label as _, T};
use crate::report::notice::{MissingItem, NoticeError, NoticeFormat, missing_items, privacy_notice};
use crate::store;
use crate::ui::app::AppCtx;
use crate::ui::tabs::register_form::{FormAction, RegisterForm};
use crate::ui::tabs::users::UsersSection;
use crate::ui::{theme, widgets};

/// The notice's file name as the save dialog suggests it (the extension follows the format).
const NOTICE_FILE_NAME: &str = "tietosuojaseloste";
/// The suggested file name of the record of processing activities.
const RECORD_FILE_NAME: &str = "seloste-kasittelytoimista";

/// What the tab shows: the description and how many consent events use each purpose.
struct Loaded {
    description: RegisterDescription,
    purpose_usage: HashMap<PurposeId, i64>,
}

impl Loaded {
    fn load(store: &store::Store) -> store::Result<Self> {
        Ok(Self {
            description: store.register_description()?,
            purpose_usage: store.purpose_usage()?.into_iter().collect(),
        })
    }
}

pub struct RegisterTab {
    loaded: Option<Result<Loaded, store::Error>>,
    /// The settings form, while the user edits.
    form: Option<RegisterForm>,
    notice_lang: Lang,
    notice_format: NoticeFormat,
    /// What the last attempt to generate the notice found blank.
    missing: Vec<MissingItem>,
    /// A purpose in use waiting for the user's word before it is retired: (id, events using it).
    retire_confirm: Option<(PurposeId, i64)>,
    new_purpose: NewPurpose,
    users: UsersSection,
}

/// A purpose being added, as typed.
#[derive(Default)]
struct NewPurpose {
    code: String,
    name_fi: String,
    name_en: String,
    basis: Option<LegalBasis>,
}

/// What the purpose list asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PurposeAction {
    Delete(PurposeId),
    AskRetire(PurposeId, i64),
    Add,
}

impl Default for RegisterTab {
    fn default() -> Self {
        Self {
            loaded: None,
            form: None,
            notice_lang: Lang::Fi,
            notice_format: NoticeFormat::Pdf,
            missing: Vec::new(),
            retire_confirm: None,
            new_purpose: NewPurpose::default(),
            users: UsersSection::default(),
        }
    }
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

fn format_name(format: NoticeFormat) -> &'static str {
    match format {
        NoticeFormat::Pdf => "PDF",
        NoticeFormat::Markdown => "Markdown",
        NoticeFormat::Html => "HTML",
    }
}

fn lang_name(lang: Lang, of: Lang) -> &'static str {
    i18n::tr(lang, if of == Lang::Fi { T::Finnish } else { T::English })
}

/// The description as the notice's sections, read-only.
fn description_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    loaded: &Loaded,
    new_purpose: &mut NewPurpose,
) -> Option<PurposeAction> {
    let mut action = None;
    let description = &loaded.description;
    let info = &description.info;
    widgets::section(ui, i18n::tr(lang, T::ControllerHeading));
    egui::Grid::new("controller").num_columns(2).show(ui, |ui| {
        widgets::grid_row(ui, i18n::tr(lang, T::ColName), &info.controller_name);
        widgets::grid_row(ui, i18n::tr(lang, T::BusinessId), &info.business_id);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldAddress), &info.controller_address.one_line());
        widgets::grid_row(ui, i18n::tr(lang, T::FieldPhone), &info.controller_phone);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldEmail), &info.controller_email);
    });
    ui.label(egui::RichText::new(i18n::tr(lang, T::ResponsibleHeading)).strong());
    egui::Grid::new("responsible").num_columns(2).show(ui, |ui| {
        widgets::grid_row(ui, i18n::tr(lang, T::ColName), &info.responsible_name);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldTitle), info.responsible_title.get(lang));
        widgets::grid_row(ui, i18n::tr(lang, T::FieldAddress), &info.responsible_address.one_line());
        widgets::grid_row(ui, i18n::tr(lang, T::FieldEmail), &info.responsible_email);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldPhone), &info.responsible_phone);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldSigningPlace), &info.signing_place);
    });

    widgets::section(ui, i18n::tr(lang, T::RegisterNameHeading));
    both(ui, lang, &info.register_name);

    widgets::section(ui, i18n::tr(lang, T::PurposesHeading));
    for purpose in &description.purposes {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(purpose.legal_basis.label(lang)).weak());
            ui.label(purpose.name.get(lang));
            let count = loaded.purpose_usage.get(&purpose.id).copied().unwrap_or(0);
            let usage = if count == 0 {
                i18n::tr(lang, T::PurposeNotInUse).to_owned()
            } else {
                i18n::trf(lang, T::PurposeInUse, &[&count])
            };
            ui.label(egui::RichText::new(usage).small().weak());
            let remove = ui.small_button(i18n::tr(lang, T::RemovePurpose)).on_hover_text(purpose.name.get(lang));
            if remove.clicked() {
                action = Some(if count == 0 {
                    PurposeAction::Delete(purpose.id)
                } else {
                    PurposeAction::AskRetire(purpose.id, count)
                });
            }
        });
    }
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
            egui::ComboBox::from_id_salt("new_purpose_basis")
                .selected_text(new_purpose.basis.map_or("–", |basis| basis.label(lang)))
                .show_ui(ui, |ui| {
                    for basis in LegalBasis::ALL {
                        ui.selectable_value(&mut new_purpose.basis, Some(*basis), basis.label(lang));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        });
        let ready = !new_purpose.code.trim().is_empty()
            && !new_purpose.name_fi.trim().is_empty()
            && !new_purpose.name_en.trim().is_empty()
            && new_purpose.basis.is_some();
        if ui.add_enabled(ready, egui::Button::new(i18n::tr(lang, T::AddPurpose))).clicked() {
            action = Some(PurposeAction::Add);
        }
    });
    ui.label(egui::RichText::new(i18n::tr(lang, T::RegisterListsReadOnly)).small().weak());
    both(ui, lang, &info.basis_statement);
    ui.label(egui::RichText::new(i18n::tr(lang, T::AutomatedHeading)).strong());
    both(ui, lang, &info.automated_decisions);
    ui.label(egui::RichText::new(i18n::tr(lang, T::FieldOutsourcing)).strong());
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
    action
}

impl RegisterTab {
    pub fn reload(&mut self) {
        self.loaded = None;
        self.users.reload();
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            if self.form.is_some() {
                self.form_ui(ui, ctx);
                return;
            }
            let loaded = match self.loaded.get_or_insert_with(|| Loaded::load(ctx.store)) {
                Ok(loaded) => loaded,
                Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
            };
            if ui.button(i18n::tr(lang, T::RegisterEdit)).clicked() {
                self.form = Some(RegisterForm::new(loaded.description.info.clone()));
                return;
            }
            notice_ui(ui, ctx, &mut self.notice_lang, &mut self.notice_format, &mut self.missing, &loaded.description);
            signature_ui(ui, ctx);
            self.users.ui(ui, ctx);
            match description_ui(ui, lang, loaded, &mut self.new_purpose) {
                Some(PurposeAction::Add) => {
                    let new = &self.new_purpose;
                    let purpose = Purpose {
                        id: PurposeId(0),
                        code: new.code.trim().to_owned(),
                        name: crate::domain::Localized::new(new.name_fi.trim(), new.name_en.trim()),
                        description: crate::domain::Localized::default(),
                        legal_basis: new.basis.unwrap_or(LegalBasis::Consent),
                        channels: vec![crate::domain::consent::Channel::Any],
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
                    self.loaded = None;
                }
                Some(PurposeAction::Delete(id)) => {
                    ctx.message = Some(match ctx.store.delete_unused_purpose(id) {
                        Ok(()) => i18n::tr(lang, T::PurposeDeleted).to_owned(),
                        Err(error) => i18n::store_error(lang, &error),
                    });
                    self.loaded = None;
                }
                Some(PurposeAction::AskRetire(id, count)) => self.retire_confirm = Some((id, count)),
                None => {}
            }
        });
        self.retire_confirm_ui(ui, ctx);
    }

    /// A purpose in use is never deleted silently: the user is told how it is used and may retire it.
    fn retire_confirm_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let Some((id, count)) = self.retire_confirm else { return };
        let lang = ctx.lang;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("retire_purpose")).show(ui.ctx(), |ui| {
            ui.heading(i18n::tr(lang, T::RetirePurposeTitle));
            ui.label(i18n::trf(lang, T::RetirePurposeText, &[&count]));
            ui.horizontal(|ui| {
                if ui.button(i18n::tr(lang, T::RetirePurpose)).clicked() {
                    choice = Some(true);
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                self.retire_confirm = None;
                self.loaded = None;
                ctx.message = Some(match ctx.store.retire_purpose(id) {
                    Ok(()) => i18n::tr(lang, T::PurposeRetired).to_owned(),
                    Err(error) => i18n::store_error(lang, &error),
                });
            }
            Some(false) => self.retire_confirm = None,
            None => {}
        }
    }

    fn form_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let Some(form) = &mut self.form else { return };
        match form.ui(ui, lang, ctx.store.may(Permission::Administer)) {
            FormAction::None => {}
            FormAction::Cancel => self.form = None,
            FormAction::Save => {
                let Some(info) = form.checked() else { return };
                match ctx.store.save_register_info(&info) {
                    Ok(()) => {
                        self.form = None;
                        self.loaded = None;
                        self.missing.clear();
                        // The top bar shows the register's name: the shell reloads it.
                        ctx.counts_changed = true;
                        ctx.message = Some(i18n::tr(lang, T::RegisterSaved).to_owned());
                    }
                    Err(error) => ctx.message = Some(i18n::store_error(lang, &error)),
                }
            }
        }
    }
}

/// The scanned signature printed on letters: whether there is one, and setting or removing it.
fn signature_ui(ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
    let lang = ctx.lang;
    ui.horizontal_wrapped(|ui| {
        if ui.button(i18n::tr(lang, T::SetSignature)).clicked() {
            let Some(path) = ctx.dialogs.open_any() else { return };
            let result = std::fs::read(&path).map_err(|error| i18n::file_error(lang, &error)).and_then(|bytes| {
                // Refused here rather than when a letter is printed: the PNG must decode.
                crate::report::letter::check_png(&bytes).map_err(|_| i18n::tr(lang, T::SignatureNotPng).to_owned())?;
                ctx.store.set_signature_png(Some(&bytes)).map_err(|error| i18n::store_error(lang, &error))
            });
            ctx.message = Some(match result {
                Ok(()) => i18n::tr(lang, T::SignatureSaved).to_owned(),
                Err(message) => message,
            });
        }
        if ui.button(i18n::tr(lang, T::RemoveSignature)).clicked() {
            ctx.message = Some(match ctx.store.set_signature_png(None) {
                Ok(()) => i18n::tr(lang, T::SignatureRemoved).to_owned(),
                Err(error) => i18n::store_error(lang, &error),
            });
        }
    });
}

/// The notice generator: language, format, the button, and what is missing if anything is.
fn notice_ui(
    ui: &mut egui::Ui,
    ctx: &mut AppCtx<'_>,
    notice_lang: &mut Lang,
    notice_format: &mut NoticeFormat,
    missing: &mut Vec<MissingItem>,
    description: &RegisterDescription,
) {
    let lang = ctx.lang;
    widgets::section(ui, i18n::tr(lang, T::NoticeHeading));
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(i18n::tr(lang, T::NoticeLanguage));
        egui::ComboBox::from_id_salt("notice_lang")
            .selected_text(lang_name(lang, *notice_lang))
            .show_ui(ui, |ui| {
                for of in [Lang::Fi, Lang::En] {
                    ui.selectable_value(notice_lang, of, lang_name(lang, of));
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label(i18n::tr(lang, T::NoticeFormatLabel));
        egui::ComboBox::from_id_salt("notice_format")
            .selected_text(format_name(*notice_format))
            .show_ui(ui, |ui| {
                for format in [NoticeFormat::Pdf, NoticeFormat::Markdown, NoticeFormat::Html] {
                    ui.selectable_value(notice_format, format, format_name(format));
                }
            })
            .response
            .labelled_by(label.id);
        if ui.button(i18n::tr(lang, T::GenerateNotice)).clicked() {
            *missing = generate_notice(ctx, *notice_lang, Document::Notice(*notice_format), description);
        }
        if ui.button(i18n::tr(lang, T::GenerateRecord)).clicked() {
            *missing = generate_notice(ctx, *notice_lang, Document::RecordOfProcessing, description);
        }
    });
    if !missing.is_empty() {
        ui.colored_label(theme::overdue(ui), i18n::tr(lang, T::NoticeMissingItems));
        for item in missing.iter() {
            ui.label(format!("• {}", item.label(lang)));
        }
    }
}

/// The documents made from the register description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Document {
    /// The privacy notice for the shop's customers and web site.
    Notice(NoticeFormat),
    /// The GDPR Art. 30(1) record of processing activities (PDF).
    RecordOfProcessing,
}

/// Writes the notice or the record where the user chooses and records it; returns what is
/// missing instead when the description is not complete (then nothing is asked or written).
fn generate_notice(
    ctx: &mut AppCtx<'_>,
    notice_lang: Lang,
    document: Document,
    description: &RegisterDescription,
) -> Vec<MissingItem> {
    let format = match document {
        Document::Notice(format) => format,
        Document::RecordOfProcessing => NoticeFormat::Pdf,
    };
    let lang = ctx.lang;
    // The notice needs the register's name only in its own language (as `privacy_notice` checks).
    let missing: Vec<MissingItem> = missing_items(description)
        .into_iter()
        .filter(|item| !matches!(item, MissingItem::RegisterName(other) if *other != notice_lang))
        .collect();
    if !missing.is_empty() {
        return missing;
    }
    let failed = |detail: &dyn std::fmt::Display| Some(i18n::trf(lang, T::NoticeFailed, &[detail]));
    let retention = match ctx.store.retention_rules() {
        Ok(rules) => rules,
        Err(error) => {
            ctx.message = Some(i18n::store_error(lang, &error));
            return Vec::new();
        }
    };
    let file_name = match document {
        Document::Notice(_) => NOTICE_FILE_NAME,
        Document::RecordOfProcessing => RECORD_FILE_NAME,
    };
    let Some(path) = ctx.dialogs.save_file(file_name, format.code()) else { return Vec::new() };
    let made = match document {
        Document::Notice(format) => privacy_notice(description, &retention, notice_lang, format, ctx.today),
        Document::RecordOfProcessing => {
            crate::report::record_of_processing::record_of_processing(description, &retention, notice_lang, ctx.today)
        }
    };
    let bytes = match made {
        Ok(bytes) => bytes,
        Err(NoticeError::Missing(missing)) => return missing,
        Err(error) => {
            ctx.message = failed(&error);
            return Vec::new();
        }
    };
    if let Err(error) = std::fs::write(&path, &bytes) {
        ctx.message = failed(&error);
        return Vec::new();
    }
    let recorded_as = match document {
        Document::Notice(format) => format.code(),
        Document::RecordOfProcessing => "art30 pdf",
    };
    if let Err(error) = ctx.store.record_notice_generated(notice_lang, recorded_as) {
        ctx.message = Some(i18n::store_error(lang, &error));
        return Vec::new();
    }
    ctx.message = Some(i18n::trf(lang, T::NoticeSaved, &[&path.display()]));
    if format == NoticeFormat::Pdf
        && let Err(error) = ctx.dialogs.show_file(&path)
    {
        ctx.message = failed(&error);
    }
    Vec::new()
}
