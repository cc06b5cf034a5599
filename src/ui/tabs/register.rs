//! The Register tab: the register description as the privacy notice's sections, Finnish and
//! English side by side; "Edit" turns the main facts into a form (`register_form`), and the
//! privacy notice is generated from what is saved. The purposes and the lists are edited in
//! dialogs (`register_lists`); each purpose shows how it is used.

use std::collections::HashMap;

use crate::domain::register::{ItemKind, PurposeId, PurposeUsage, RegisterDescription};
use crate::domain::user::Permission;
use crate::domain::{Lang, Localized};
use crate::i18n::{self, T};
use crate::report::notice::{MissingItem, NoticeError, NoticeFormat, missing_items, privacy_notice};
use crate::store;
use crate::ui::app::AppCtx;
use crate::ui::tabs::register_form::{FormAction, RegisterForm};
use crate::ui::tabs::register_lists::RegisterLists;
use crate::ui::tabs::users::UsersSection;
use crate::ui::{theme, widgets};

/// The notice's file name as the save dialog suggests it (the extension follows the format).
const NOTICE_FILE_NAME: &str = "tietosuojaseloste";
/// The suggested file name of the record of processing activities.
const RECORD_FILE_NAME: &str = "seloste-kasittelytoimista";

/// What the tab shows: the description and how many consent events use each purpose.
struct Loaded {
    description: RegisterDescription,
    purpose_usage: HashMap<PurposeId, PurposeUsage>,
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
    /// The purposes and lists with their edit dialogs.
    lists: RegisterLists,
    users: UsersSection,
}

impl Default for RegisterTab {
    fn default() -> Self {
        Self {
            loaded: None,
            form: None,
            notice_lang: Lang::Fi,
            notice_format: NoticeFormat::Pdf,
            missing: Vec::new(),
            lists: RegisterLists::default(),
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
fn description_ui(ui: &mut egui::Ui, lang: Lang, loaded: &Loaded, lists: &mut RegisterLists) {
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
    lists.purposes_ui(ui, lang, &description.purposes, &loaded.purpose_usage);
    both(ui, lang, &info.basis_statement);
    ui.label(egui::RichText::new(i18n::tr(lang, T::AutomatedHeading)).strong());
    both(ui, lang, &info.automated_decisions);
    ui.label(egui::RichText::new(i18n::tr(lang, T::FieldOutsourcing)).strong());
    both(ui, lang, &info.outsourcing_statement);

    for (kind, heading) in [(ItemKind::Category, T::CategoriesHeading), (ItemKind::Source, T::SourcesHeading)] {
        widgets::section(ui, i18n::tr(lang, heading));
        lists.items_ui(ui, lang, kind, &description.items_of(kind).collect::<Vec<_>>());
    }

    widgets::section(ui, i18n::tr(lang, T::DisclosuresHeading));
    lists.items_ui(ui, lang, ItemKind::Disclosure, &description.items_of(ItemKind::Disclosure).collect::<Vec<_>>());
    both(ui, lang, &info.transfers_statement);
    lists.items_ui(ui, lang, ItemKind::Transfer, &description.items_of(ItemKind::Transfer).collect::<Vec<_>>());
    ui.label(egui::RichText::new(i18n::tr(lang, T::ProcessorsHeading)).strong());
    lists.items_ui(ui, lang, ItemKind::Processor, &description.items_of(ItemKind::Processor).collect::<Vec<_>>());

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
            description_ui(ui, lang, loaded, &mut self.lists);
        });
        let usage = match &self.loaded {
            Some(Ok(loaded)) => loaded.purpose_usage.clone(),
            _ => HashMap::new(),
        };
        if self.lists.handle(ui, ctx, &usage) {
            self.loaded = None;
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
