//! Two panels of the Consents tab: who may be contacted today for a purpose over a channel (the
//! count, the first people, and "Export…", which writes the CSV and records it as a disclosure),
//! and the import of a mailing tool's unsubscribe list as consent withdrawals (a preview of who
//! matches, a confirmation, the result). Counting a million people and writing their list run on a
//! worker thread with its own connection, so the window never waits for them; the worker wakes the
//! window when it is done (no spinner repaints every frame meanwhile).
//!
//! Not here: the rule of who may be contacted (`domain::contact`), the SQL (`store`), the file and
//! its record (`crate::contact_lists`).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::contact_lists::{ContactListError, ListOrder, UnsubscribeFile, UnsubscribeFileError, WrittenList};
use crate::domain::consent::Channel;
use crate::domain::contact::{ContactAddress, ContactRow, DIRECT_MARKETING, LIST_CHANNELS, WithdrawalScope};
use crate::domain::register::{Purpose, PurposeId};
use crate::domain::{Lang, validate};
use crate::i18n::{self, Label as _, T};
use crate::store::{self, ContactPreview, EmailMatches, Store, WithdrawalSummary};
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

/// How many people the preview shows.
const PREVIEW_ROWS: usize = 10;
/// How many invalid rows of an unsubscribe list are listed.
const LISTED_INVALID_ROWS: usize = 20;

/// One piece of work on a worker thread with its own connection to the register.
struct Background<T> {
    outcome: Receiver<T>,
}

impl<T: Send + 'static> Background<T> {
    /// Runs `work` on a second connection; `ctx` is woken when it is done. An error in making the
    /// connection or the thread comes back as the outcome `failed` makes of it.
    fn start(
        name: &str,
        store: &Store,
        ctx: &egui::Context,
        work: impl FnOnce(&mut Store) -> T + Send + 'static,
        failed: impl FnOnce(String) -> T,
    ) -> Self {
        let (sender, outcome) = channel();
        let mut connection = match store.reader() {
            Ok(connection) => connection,
            Err(error) => {
                let _ = sender.send(failed(error.to_string()));
                return Self { outcome };
            }
        };
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name(name.to_owned()).spawn({
            let sender = sender.clone();
            move || {
                // The panel may be gone; then nobody needs the outcome.
                let _ = sender.send(work(&mut connection));
                ctx.request_repaint();
            }
        });
        if let Err(error) = spawned {
            let _ = sender.send(failed(error.to_string()));
        }
        Self { outcome }
    }

    /// The outcome once it is in (every path of `start` sends one).
    fn poll(&self) -> Option<T> {
        self.outcome.try_recv().ok()
    }
}

/// The purposes people are contacted for (those that ask consent), in catalogue order; shared so
/// that a frame takes them without copying.
type Purposes = Arc<Vec<Purpose>>;

fn contact_purposes(store: &Store, lang: Lang) -> Result<Purposes, String> {
    let purposes = store.purposes().map_err(|error| i18n::store_error(lang, &error))?;
    Ok(Arc::new(purposes.into_iter().filter(Purpose::asks_consent).collect()))
}

/// The channels a list for `purpose` can be made for.
fn list_channels(purpose: &Purpose) -> Vec<Channel> {
    LIST_CHANNELS
        .into_iter()
        .filter(|channel| purpose.channels.iter().any(|offered| offered == channel || *offered == Channel::Any))
        .collect()
}

/// What the contact-list panel shows of one purpose and channel.
enum PreviewState {
    Counting(Background<store::Result<ContactPreview>>),
    Ready(ContactPreview),
    Failed(String),
}

/// Who may be contacted today for a purpose over a channel, with "Export…" (see the module text).
#[derive(Default)]
pub struct ContactListPanel {
    purposes: Option<Result<Purposes, String>>,
    purpose: Option<PurposeId>,
    channel: Option<Channel>,
    recipient: String,
    /// The preview and the purpose and channel it is of.
    preview: Option<((PurposeId, Channel), PreviewState)>,
    export: Option<Background<Result<WrittenList, String>>>,
    /// The last export's outcome: a sentence, and whether it went well.
    status: Option<(bool, String)>,
}

impl ContactListPanel {
    /// Counts again and reloads the purposes (after consents, objections or the description
    /// changed).
    pub fn refresh(&mut self) {
        self.purposes = None;
        self.preview = None;
    }

    /// A count or an export is running.
    pub fn is_busy(&self) -> bool {
        self.export.is_some() || matches!(self.preview, Some((_, PreviewState::Counting(_))))
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        widgets::section(ui, i18n::tr(lang, T::ContactListHeading));
        ui.label(egui::RichText::new(i18n::tr(lang, T::ContactListIntro)).weak());
        let purposes = match self.purposes.get_or_insert_with(|| contact_purposes(ctx.store, lang)) {
            Ok(purposes) => Arc::clone(purposes),
            Err(message) => return widgets::load_error(ui, lang, message),
        };
        let Some(purpose) = self.chosen_purpose(&purposes) else {
            ui.label(i18n::tr(lang, T::NoData));
            return;
        };
        let channels = list_channels(&purpose);
        let channel = match self.channel.filter(|channel| channels.contains(channel)) {
            Some(channel) => channel,
            None => *channels.first().unwrap_or(&Channel::Email),
        };
        self.channel = Some(channel);
        self.choice_ui(ui, lang, &purposes, &purpose, &channels);
        let (purpose_id, channel) = (self.purpose.unwrap_or(purpose.id), self.channel.unwrap_or(channel));
        self.poll(ctx);
        if self.preview.as_ref().is_none_or(|(of, _)| *of != (purpose_id, channel)) {
            self.start_preview(ui.ctx(), ctx.store, purpose_id, channel, lang);
        }
        self.preview_ui(ui, lang);
        self.export_ui(ui, ctx, &purpose, channel);
    }

    /// The purpose chosen, or direct marketing (else the first) when none is yet.
    fn chosen_purpose(&mut self, purposes: &[Purpose]) -> Option<Purpose> {
        let chosen = self
            .purpose
            .and_then(|id| purposes.iter().find(|purpose| purpose.id == id))
            .or_else(|| purposes.iter().find(|purpose| purpose.code == DIRECT_MARKETING))
            .or_else(|| purposes.first())?;
        self.purpose = Some(chosen.id);
        Some(chosen.clone())
    }

    fn choice_ui(
        &mut self,
        ui: &mut egui::Ui,
        lang: Lang,
        purposes: &[Purpose],
        purpose: &Purpose,
        channels: &[Channel],
    ) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(i18n::tr(lang, T::ColPurpose));
            egui::ComboBox::from_id_salt("contact_list_purpose")
                .selected_text(purpose.name.get(lang))
                .width(360.0)
                .show_ui(ui, |ui| {
                    for candidate in purposes {
                        ui.selectable_value(&mut self.purpose, Some(candidate.id), candidate.name.get(lang));
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(i18n::tr(lang, T::ColChannel));
            let selected = self.channel.map_or("", |channel| channel.label(lang));
            egui::ComboBox::from_id_salt("contact_list_channel")
                .selected_text(selected)
                .show_ui(ui, |ui| {
                    for channel in channels {
                        ui.selectable_value(&mut self.channel, Some(*channel), channel.label(lang));
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    /// Takes in what the workers finished.
    fn poll(&mut self, ctx: &mut AppCtx<'_>) {
        if let Some((_, PreviewState::Counting(job))) = &self.preview
            && let Some(outcome) = job.poll()
            && let Some((of, _)) = self.preview.take()
        {
            let state = match outcome {
                Ok(preview) => PreviewState::Ready(preview),
                Err(error) => PreviewState::Failed(i18n::store_error(ctx.lang, &error)),
            };
            self.preview = Some((of, state));
        }
        if let Some(job) = &self.export
            && let Some(outcome) = job.poll()
        {
            self.export = None;
            let status = match outcome {
                Ok(written) => {
                    let sentence = i18n::trf(
                        ctx.lang,
                        T::ContactListWritten,
                        &[&written.rows, &written.file.display(), &self.recipient.trim()],
                    );
                    // The people may have changed since the preview was counted.
                    self.preview = None;
                    (true, sentence)
                }
                Err(message) => (false, message),
            };
            ctx.message = Some(status.1.clone());
            self.status = Some(status);
        }
    }

    fn start_preview(&mut self, ctx: &egui::Context, store: &Store, purpose: PurposeId, channel: Channel, lang: Lang) {
        let state = match store.contact_rule(purpose, channel) {
            Ok(rule) => PreviewState::Counting(Background::start(
                "contact-list-count",
                store,
                ctx,
                move |connection| connection.contact_preview(&rule, PREVIEW_ROWS),
                |message| Err(store::Error::Io(std::io::Error::other(message))),
            )),
            Err(error) => PreviewState::Failed(i18n::store_error(lang, &error)),
        };
        self.preview = Some(((purpose, channel), state));
    }

    fn preview_ui(&self, ui: &mut egui::Ui, lang: Lang) {
        let Some((_, state)) = &self.preview else { return };
        match state {
            PreviewState::Counting(_) => {
                ui.label(egui::RichText::new(i18n::tr(lang, T::ContactCounting)).weak());
            }
            PreviewState::Failed(message) => {
                ui.colored_label(theme::overdue(ui), message);
            }
            PreviewState::Ready(preview) => {
                ui.label(egui::RichText::new(i18n::trf(lang, T::ContactCount, &[&preview.count])).strong());
                if !preview.first.is_empty() {
                    contact_rows_ui(ui, lang, &preview.first);
                }
            }
        }
    }

    fn export_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>, purpose: &Purpose, channel: Channel) {
        let lang = ctx.lang;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(i18n::tr(lang, T::RecipientLabel));
            ui.add(egui::TextEdit::singleline(&mut self.recipient).desired_width(240.0)).labelled_by(label.id);
            let ready = !self.recipient.trim().is_empty() && self.export.is_none();
            let button = ui
                .add_enabled(ready, egui::Button::new(i18n::tr(lang, T::ExportContactList)))
                .on_disabled_hover_text(i18n::tr(lang, T::RecipientNeeded));
            if button.clicked() {
                self.start_export(ui.ctx(), ctx, purpose, channel);
            }
            if self.export.is_some() {
                ui.label(egui::RichText::new(i18n::tr(lang, T::ContactListExporting)).weak());
            }
        });
        if let Some((good, sentence)) = &self.status {
            let color = if *good { theme::good(ui) } else { theme::overdue(ui) };
            ui.colored_label(color, sentence);
        }
    }

    fn start_export(&mut self, egui_ctx: &egui::Context, ctx: &mut AppCtx<'_>, purpose: &Purpose, channel: Channel) {
        let lang = ctx.lang;
        let suggested = format!("{}-{}-{}.csv", purpose.code, channel.code(), ctx.today.format("%Y-%m-%d"));
        let Some(out) = ctx.dialogs.save_csv(&suggested) else { return };
        let order = ListOrder { purpose: purpose.id, channel, recipient: self.recipient.trim().to_owned(), lang };
        self.status = None;
        self.export = Some(Background::start(
            "contact-list-export",
            ctx.store,
            egui_ctx,
            move |connection| {
                crate::contact_lists::export_contact_list(connection, &order, &out).map_err(|error| match error {
                    ContactListError::Store(error) => i18n::store_error(lang, &error),
                    ContactListError::File(error) => format!("{}: {}", out.display(), i18n::file_error(lang, &error)),
                })
            },
            Err,
        ));
    }
}

/// The first people of a list: name, company and the address for the channel.
fn contact_rows_ui(ui: &mut egui::Ui, lang: Lang, rows: &[ContactRow]) {
    ui.label(egui::RichText::new(i18n::trf(lang, T::ContactFirstRows, &[&rows.len()])).weak());
    egui::Grid::new("contact_list_preview").striped(true).num_columns(3).show(ui, |ui| {
        for title in [T::ColName, T::FieldCompany, T::FieldAddress] {
            ui.strong(i18n::tr(lang, title));
        }
        ui.end_row();
        for row in rows {
            ui.label(format!("{} {}", row.first_name, row.last_name).trim());
            ui.label(&row.company);
            ui.label(match &row.address {
                ContactAddress::Email(address) => address.clone(),
                ContactAddress::Phone(number) => validate::phone_display(number),
                ContactAddress::Postal { street, postal_code, city, .. } => format!("{street}, {postal_code} {city}"),
            });
            ui.end_row();
        }
    });
}

/// Where the unsubscribe import is.
enum ImportPhase {
    Idle,
    /// The file is read and matched; nothing is written until the user confirms.
    Preview {
        file: Box<UnsubscribeFile>,
        matches: EmailMatches,
    },
    Running {
        invalid_rows: usize,
        job: Background<Result<WithdrawalSummary, String>>,
    },
    Done(Result<String, String>),
}

/// A mailing tool's unsubscribe list turned into withdrawals, after a preview (see the module text).
pub struct WithdrawalImportPanel {
    phase: ImportPhase,
    purposes: Option<Result<Purposes, String>>,
    scope: WithdrawalScope,
}

impl Default for WithdrawalImportPanel {
    fn default() -> Self {
        Self { phase: ImportPhase::Idle, purposes: None, scope: WithdrawalScope::default() }
    }
}

impl WithdrawalImportPanel {
    /// Withdrawals are being written.
    pub fn is_busy(&self) -> bool {
        matches!(self.phase, ImportPhase::Running { .. })
    }

    /// Shows the panel; returns `true` in the frame withdrawals were recorded, so that the tab can
    /// reload its counts and lists.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) -> bool {
        let lang = ctx.lang;
        widgets::section(ui, i18n::tr(lang, T::WithdrawalImportHeading));
        ui.label(egui::RichText::new(i18n::tr(lang, T::WithdrawalImportIntro)).weak());
        let recorded = self.poll(ctx);
        // The phase is taken out for the frame and put back unless a step replaced it.
        let phase = std::mem::replace(&mut self.phase, ImportPhase::Idle);
        self.phase = match phase {
            ImportPhase::Idle => {
                if ui.button(i18n::tr(lang, T::ChooseUnsubscribeList)).clicked() {
                    self.read(ctx)
                } else {
                    ImportPhase::Idle
                }
            }
            ImportPhase::Preview { file, matches } => match self.preview_ui(ui, ctx, &file, &matches) {
                Some(next) => next,
                None => ImportPhase::Preview { file, matches },
            },
            ImportPhase::Running { invalid_rows, job } => {
                ui.label(egui::RichText::new(i18n::tr(lang, T::WithdrawalsRunning)).weak());
                ImportPhase::Running { invalid_rows, job }
            }
            ImportPhase::Done(result) => {
                match &result {
                    Ok(sentence) => ui.colored_label(theme::good(ui), sentence),
                    Err(message) => ui.colored_label(theme::overdue(ui), message),
                };
                if ui.button(i18n::tr(lang, T::Close)).clicked() {
                    ImportPhase::Idle
                } else {
                    ImportPhase::Done(result)
                }
            }
        };
        recorded
    }

    /// Takes in the finished withdrawal; `true` when it recorded any.
    fn poll(&mut self, ctx: &mut AppCtx<'_>) -> bool {
        let ImportPhase::Running { invalid_rows, job } = &self.phase else { return false };
        let Some(outcome) = job.poll() else { return false };
        let recorded = outcome.as_ref().is_ok_and(|summary| summary.withdrawals_recorded > 0);
        let result = outcome.map(|summary| i18n::withdrawal_summary(ctx.lang, &summary, *invalid_rows));
        ctx.message = Some(match &result {
            Ok(sentence) | Err(sentence) => sentence.clone(),
        });
        self.phase = ImportPhase::Done(result);
        recorded
    }

    /// Asks for the file, reads it and finds who is on it.
    fn read(&mut self, ctx: &mut AppCtx<'_>) -> ImportPhase {
        let lang = ctx.lang;
        let Some(path) = ctx.dialogs.open_csv() else { return ImportPhase::Idle };
        let file = match crate::contact_lists::read_unsubscribe_file(&path) {
            Ok(file) => file,
            Err(UnsubscribeFileError::File(error)) => {
                return ImportPhase::Done(Err(format!("{}: {}", path.display(), i18n::file_error(lang, &error))));
            }
            Err(UnsubscribeFileError::List(error)) => {
                return ImportPhase::Done(Err(format!(
                    "{}: {}",
                    path.display(),
                    i18n::unsubscribe_error(lang, &error)
                )));
            }
        };
        match ctx.store.customers_with_emails(&file.list.addresses) {
            Ok(matches) => ImportPhase::Preview { file: Box::new(file), matches },
            Err(error) => ImportPhase::Done(Err(i18n::store_error(lang, &error))),
        }
    }

    fn preview_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &mut AppCtx<'_>,
        file: &UnsubscribeFile,
        matches: &EmailMatches,
    ) -> Option<ImportPhase> {
        let lang = ctx.lang;
        let invalid = &file.list.invalid;
        ui.label(
            egui::RichText::new(i18n::trf(
                lang,
                T::UnsubscribePreview,
                &[
                    &file.file_name,
                    &file.list.addresses.len(),
                    &matches.customers.len(),
                    &matches.addresses_not_found,
                    &invalid.len(),
                ],
            ))
            .strong(),
        );
        for error in invalid.iter().take(LISTED_INVALID_ROWS) {
            ui.colored_label(theme::warning(ui), i18n::import_row_error(lang, error));
        }
        self.scope_ui(ui, ctx);
        let mut next = None;
        ui.horizontal(|ui| {
            let confirm = egui::Button::new(i18n::tr(lang, T::ConfirmWithdrawals));
            if ui.add_enabled(!matches.customers.is_empty(), confirm).clicked() {
                next = Some(self.start(ui.ctx(), ctx.store, file, lang));
            }
            if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                next = Some(ImportPhase::Idle);
            }
        });
        next
    }

    /// What to withdraw: every consent (the default, §7) or one purpose or channel.
    fn scope_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let purposes = match self.purposes.get_or_insert_with(|| contact_purposes(ctx.store, lang)) {
            Ok(purposes) => Arc::clone(purposes),
            Err(message) => return widgets::load_error(ui, lang, message),
        };
        let scope = &mut self.scope;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(i18n::tr(lang, T::ColPurpose));
            let chosen = scope.purpose.and_then(|id| purposes.iter().find(|purpose| purpose.id == id));
            egui::ComboBox::from_id_salt("withdrawal_purpose")
                .selected_text(chosen.map_or(i18n::tr(lang, T::AllPurposes), |purpose| purpose.name.get(lang)))
                .width(300.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut scope.purpose, None, i18n::tr(lang, T::AllPurposes));
                    for purpose in purposes.iter() {
                        ui.selectable_value(&mut scope.purpose, Some(purpose.id), purpose.name.get(lang));
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label(i18n::tr(lang, T::ColChannel));
            egui::ComboBox::from_id_salt("withdrawal_channel")
                .selected_text(scope.channel.unwrap_or(Channel::Any).label(lang))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut scope.channel, None, Channel::Any.label(lang));
                    for channel in LIST_CHANNELS {
                        ui.selectable_value(&mut scope.channel, Some(channel), channel.label(lang));
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    fn start(&self, egui_ctx: &egui::Context, store: &Store, file: &UnsubscribeFile, lang: Lang) -> ImportPhase {
        let file = file.clone();
        let invalid_rows = file.list.invalid.len();
        let scope = self.scope;
        let job = Background::start(
            "unsubscribe-import",
            store,
            egui_ctx,
            move |connection| file.withdraw(connection, scope, None).map_err(|error| i18n::store_error(lang, &error)),
            Err,
        );
        ImportPhase::Running { invalid_rows, job }
    }
}
