//! The Customers tab: a virtualised, sortable list of the whole register with search-as-you-type
//! (run on the worker thread), and the selected person's whole record with where each datum came
//! from. The list holds only the matching ids; rows are fetched for the visible part only.

use egui_extras::{Column, Size, StripBuilder, TableBuilder};

use super::customer_form::{CustomerForm, FormAction};
use super::import_dialog::{ImportDialog, ImportOutcome};
use crate::domain::consent::{ConsentEvent, Disclosure, ObjectionEvent, current_consents, standing_objections};
use crate::domain::customer::{
    AttachmentKind, BillingStatus, Customer, CustomerId, CustomerRow, CustomerSort, CustomerStatus, Interaction,
    InteractionKind, PaymentMethod, Provenance, Source,
};
use crate::domain::customer_input::{CustomerInput, OrderInput, OrderProblem};
use crate::domain::register::Purpose;
use crate::domain::request::Request;
use crate::domain::timeline::{TimelineItem, timeline};
use crate::domain::user::Permission;
use crate::domain::validate::phone_display;
use crate::domain::{Lang, euros, finnish_date};
use crate::i18n::{self, Label as _, T};
use crate::store::{CustomerQuery, Duplicate, Store};
use crate::ui::app::AppCtx;
use crate::ui::list_loader::{ListLoader, RowPage};
use crate::ui::{theme, widgets};

const ROW_HEIGHT: f32 = 26.0;

/// What the detail panel shows of the selected person.
struct Detail {
    customer: Customer,
    consents: Vec<ConsentEvent>,
    objections: Vec<ObjectionEvent>,
    requests: Vec<Request>,
    /// The lists (§6) the person was disclosed in, for the timeline.
    disclosures: Vec<Disclosure>,
    purposes: Vec<Purpose>,
    duplicates: Vec<Duplicate>,
    /// Processing is restricted (Art. 18): shown as a banner; exports leave the person out.
    restricted: bool,
}

impl Detail {
    fn load(store: &mut Store, id: CustomerId) -> crate::store::Result<Self> {
        store.record_customer_viewed(id)?;
        let customer = store.customer(id)?;
        Ok(Self {
            restricted: store.is_restricted(id)?,
            duplicates: store.find_duplicates(&customer)?,
            customer,
            consents: store.consent_events(id)?,
            objections: store.objection_events(id)?,
            requests: store.requests_of(id)?,
            disclosures: store.disclosures_of(id)?,
            purposes: store.purposes()?,
        })
    }
}

/// Something the user asked for that would throw away unsaved form changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PendingChange {
    Select(CustomerId),
    New,
    LeaveTab,
}

/// The largest file that is attached (a long call recording fits; a film does not).
const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

/// The media type a file's extension suggests, for the system viewer.
fn media_type(path: &std::path::Path) -> &'static str {
    let extension = path.extension().map(|extension| extension.to_string_lossy().to_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "eml" => "message/rfc822",
        "txt" => "text/plain",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "m4a" => "audio/mp4",
        _ => "application/octet-stream",
    }
}

/// What the search bar's buttons asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BarAction {
    None,
    New,
    Import,
    Export,
}

/// The answers to the unsaved-changes question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PromptChoice {
    Save,
    Discard,
    KeepEditing,
}

/// A new person who looks like someone already in the register, waiting for the user's choice.
struct DuplicateCheck {
    customer: Customer,
    duplicates: Vec<Duplicate>,
}

pub struct CustomersTab {
    loader: Option<ListLoader>,
    query: CustomerQuery,
    query_sent: Option<CustomerQuery>,
    ids: Vec<CustomerId>,
    page: RowPage<CustomerRow>,
    selected: Option<CustomerId>,
    detail: Option<Result<Detail, String>>,
    error: Option<String>,
    focus_search: bool,
    form: Option<CustomerForm>,
    prompt: Option<PendingChange>,
    leave_decision: Option<bool>,
    duplicate_check: Option<DuplicateCheck>,
    merge_confirm: Option<(CustomerId, CustomerId)>,
    consent_purposes: Option<Vec<Purpose>>,
    import: Option<ImportDialog>,
    /// People may have been erased in another tab: the list asks for its rows again when shown.
    list_stale: bool,
    /// A row to bring into view (centred) on the next frame.
    scroll_to_row: Option<usize>,
    drafts: Drafts,
}

/// What is being typed into the detail panel's small forms.
struct Drafts {
    note: NoteDraft,
    attachment_kind: AttachmentKind,
    order: OrderInput,
    order_problem: Option<OrderProblem>,
}

/// A contact, feedback or other record being typed in the detail panel.
struct NoteDraft {
    kind: InteractionKind,
    summary: String,
    source: Source,
}

impl Default for NoteDraft {
    fn default() -> Self {
        Self { kind: InteractionKind::Contact, summary: String::new(), source: Source::Phone }
    }
}

impl CustomersTab {
    /// The tab on an open register: starts the search worker on its own connection.
    pub fn new(store: &Store, ctx: &egui::Context) -> Self {
        let mut tab = Self::closed();
        match store
            .reader()
            .map_err(|error| error.to_string())
            .and_then(|reader| ListLoader::start(reader, ctx.clone()).map_err(|error| error.to_string()))
        {
            Ok(loader) => tab.loader = Some(loader),
            Err(message) => tab.error = Some(message),
        }
        tab
    }

    /// The tab when no register is open.
    pub fn closed() -> Self {
        Self {
            loader: None,
            query: CustomerQuery::default(),
            query_sent: None,
            ids: Vec::new(),
            page: RowPage::default(),
            selected: None,
            detail: None,
            error: None,
            focus_search: true,
            form: None,
            prompt: None,
            leave_decision: None,
            duplicate_check: None,
            merge_confirm: None,
            consent_purposes: None,
            import: None,
            list_stale: false,
            scroll_to_row: None,
            drafts: Drafts {
                note: NoteDraft::default(),
                attachment_kind: AttachmentKind::CallRecording,
                order: OrderInput::new(crate::store::today()),
                order_problem: None,
            },
        }
    }

    /// Whether leaving the tab must wait for the user's word on unsaved changes (asks if so).
    pub fn ask_before_leaving(&mut self) -> bool {
        if self.has_unsaved_changes() {
            self.prompt = Some(PendingChange::LeaveTab);
            self.leave_decision = None;
            true
        } else {
            false
        }
    }

    /// The answer to `ask_before_leaving`, once given: true to leave, false to stay.
    pub fn leave_decision(&mut self) -> Option<bool> {
        self.leave_decision.take()
    }

    /// The form is open with changes that are not saved.
    pub fn has_unsaved_changes(&self) -> bool {
        self.form.as_ref().is_some_and(CustomerForm::has_changes)
    }

    /// The form being edited, for tests.
    pub fn form_input_mut(&mut self) -> Option<&mut CustomerInput> {
        self.form.as_mut().map(|form| &mut form.input)
    }

    /// A search is running in the background.
    pub fn is_busy(&self) -> bool {
        self.import.as_ref().is_some_and(ImportDialog::is_running)
            || self
                .loader
                .as_ref()
                .is_some_and(|loader| loader.is_pending() || self.query_sent.as_ref() != Some(&self.query))
    }

    /// Asks for the list again (people may have been erased elsewhere), and lets go of the
    /// selected person if they are gone.
    pub fn refresh_list(&mut self, store: &Store) {
        self.list_stale = true;
        if let Some(id) = self.selected
            && matches!(store.customer_rows(&[id]), Ok(rows) if rows.is_empty())
        {
            self.selected = None;
            self.detail = None;
        }
    }

    /// Scrolls the list to row `index` (centred) on the next frame.
    pub fn scroll_to(&mut self, index: usize) {
        self.scroll_to_row = Some(index);
    }

    /// Whether the list has read row `index` (of those matching) to draw it: what the visible
    /// part of the list holds, for tests.
    pub fn has_row(&self, index: usize) -> bool {
        self.page.get(index).is_some()
    }

    /// How many customers the list shows now.
    pub fn match_count(&self) -> usize {
        self.ids.len()
    }

    /// The selected customer, if any.
    pub fn selected(&self) -> Option<CustomerId> {
        self.selected
    }

    /// The selected customer's record as loaded for the detail panel.
    pub fn selected_customer(&self) -> Option<&Customer> {
        self.detail.as_ref().and_then(|detail| detail.as_ref().ok()).map(|detail| &detail.customer)
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        if ui.input_mut(|input| input.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
            self.focus_search = true;
        }
        if ui.input_mut(|input| input.consume_key(egui::Modifiers::COMMAND, egui::Key::N)) {
            self.request(ctx, PendingChange::New);
        }
        self.exchange_with_worker(ui, lang);
        match self.search_bar(ui, ctx) {
            BarAction::None => {}
            BarAction::New => self.request(ctx, PendingChange::New),
            BarAction::Import => self.start_import(ctx),
            BarAction::Export => self.export(ctx),
        }
        if let Some(error) = &self.error {
            widgets::load_error(ui, lang, error);
        }
        let mut clicked = None;
        let mut action = DetailAction::None;
        let detail_width = (ui.available_width() * 0.38).clamp(340.0, 600.0);
        StripBuilder::new(ui).size(Size::remainder().at_least(420.0)).size(Size::exact(detail_width)).horizontal(
            |mut strip| {
                strip.cell(|ui| clicked = self.list_ui(ui, ctx.store, lang));
                strip.cell(|ui| {
                    egui::Frame::new().inner_margin(egui::Margin { left: 10, ..Default::default() }).show(ui, |ui| {
                        let may_save = ctx.store.may(Permission::EditRecords);
                        action = self.detail_or_form_ui(ui, lang, ctx.username, may_save);
                    });
                });
            },
        );
        if clicked.is_some() || action != DetailAction::None {
            // What the click changed is drawn in the next frame.
            ui.ctx().request_repaint();
        }
        if let Some(id) = clicked {
            self.request(ctx, PendingChange::Select(id));
        }
        match action {
            DetailAction::None => {}
            DetailAction::Edit => {
                if let Some(customer) = self.selected_customer() {
                    self.form = Some(CustomerForm::new(CustomerInput::from_customer(customer, ctx.today)));
                }
            }
            DetailAction::Save => {
                self.save(ctx, false);
            }
            DetailAction::Cancel => self.form = None,
            DetailAction::SaveAsNew => {
                self.save(ctx, true);
            }
            DetailAction::MergeNewInto(existing) => self.save_and_merge(ctx, existing),
            DetailAction::AskMerge(kept, absorbed) => self.merge_confirm = Some((kept, absorbed)),
            DetailAction::CancelDuplicateCheck => self.duplicate_check = None,
            DetailAction::AddNote => self.add_note(ctx),
            DetailAction::AddOrder => self.add_order(ctx),
            DetailAction::AddAttachment => self.add_attachment(ctx),
            DetailAction::OpenAttachment(id) => self.open_attachment(ctx, id),
        }
        self.prompt_ui(ui, ctx);
        self.merge_confirm_ui(ui, ctx);
        self.import_ui(ui, ctx);
    }

    /// Adds the typed contact or feedback to the selected person's history.
    fn add_note(&mut self, ctx: &mut AppCtx<'_>) {
        let Some(id) = self.selected else { return };
        let summary = self.drafts.note.summary.trim().to_owned();
        if summary.is_empty() {
            return;
        }
        let interaction = Interaction {
            kind: self.drafts.note.kind,
            occurred_at: chrono::Local::now().naive_local(),
            summary,
            provenance: Provenance::new(self.drafts.note.source, "", ctx.today),
        };
        match ctx.store.add_interaction(id, &interaction) {
            Ok(()) => {
                self.drafts.note.summary.clear();
                self.select(ctx.store, id, ctx.lang);
            }
            Err(error) => ctx.message = Some(i18n::store_error(ctx.lang, &error)),
        }
    }

    /// Adds the typed order to the selected person's history.
    fn add_order(&mut self, ctx: &mut AppCtx<'_>) {
        let Some(id) = self.selected else { return };
        match self.drafts.order.to_order(ctx.today) {
            Err(problem) => self.drafts.order_problem = Some(problem),
            Ok(order) => match ctx.store.add_order(id, &order) {
                Ok(()) => {
                    self.drafts.order = OrderInput::new(ctx.today);
                    self.drafts.order_problem = None;
                    self.query_sent = None;
                    self.select(ctx.store, id, ctx.lang);
                }
                Err(error) => ctx.message = Some(i18n::store_error(ctx.lang, &error)),
            },
        }
    }

    /// Attaches a file the user picks (a recorded call, a customer's e-mail, a scanned letter).
    fn add_attachment(&mut self, ctx: &mut AppCtx<'_>) {
        let Some(id) = self.selected else { return };
        let Some(path) = ctx.dialogs.open_any() else { return };
        let lang = ctx.lang;
        let read = std::fs::metadata(&path).and_then(|metadata| {
            if metadata.len() > MAX_ATTACHMENT_BYTES {
                return Err(std::io::Error::other(format!(
                    "{} MB > {} MB",
                    metadata.len() / 1_000_000,
                    MAX_ATTACHMENT_BYTES / 1_000_000
                )));
            }
            std::fs::read(&path)
        });
        let bytes = match read {
            Ok(bytes) => bytes,
            Err(error) => {
                ctx.message = Some(format!("{}: {}", path.display(), i18n::file_error(lang, &error)));
                return;
            }
        };
        let file_name = path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        let source = match self.drafts.attachment_kind {
            AttachmentKind::CallRecording => Source::Phone,
            AttachmentKind::CustomerEmail => Source::Email,
            AttachmentKind::ScannedLetter | AttachmentKind::Other => Source::Other,
        };
        let provenance = Provenance::new(source, file_name.clone(), ctx.today);
        let result = ctx.store.add_attachment(
            id,
            self.drafts.attachment_kind,
            &file_name,
            media_type(&path),
            &bytes,
            &provenance,
        );
        match result {
            Ok(_) => self.select(ctx.store, id, lang),
            Err(error) => ctx.message = Some(i18n::store_error(lang, &error)),
        }
    }

    /// Writes the attachment to a private temporary file and shows it in the system viewer.
    fn open_attachment(&mut self, ctx: &mut AppCtx<'_>, attachment_id: i64) {
        let lang = ctx.lang;
        let Some(info) = self
            .selected_customer()
            .and_then(|customer| customer.attachments.iter().find(|attachment| attachment.id == attachment_id))
            .cloned()
        else {
            return;
        };
        let safe_name: String =
            info.file_name.chars().map(|c| if c.is_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
        let path = std::env::temp_dir().join(format!("rekisteri-{attachment_id}-{safe_name}"));
        let result = ctx
            .store
            .attachment_content(attachment_id)
            .map_err(|error| i18n::store_error(lang, &error))
            .and_then(|bytes| std::fs::write(&path, bytes).map_err(|error| i18n::file_error(lang, &error)))
            .and_then(|()| ctx.dialogs.show_file(&path));
        if let Err(message) = result {
            ctx.message = Some(message);
        }
    }

    fn import_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let Some(dialog) = &mut self.import else { return };
        match dialog.ui(ui.ctx(), ctx.store, ctx.lang) {
            ImportOutcome::Open => {}
            ImportOutcome::Closed => self.import = None,
            ImportOutcome::Imported(summary) => {
                self.query_sent = None;
                ctx.counts_changed = true;
                ctx.message = Some(i18n::import_summary(ctx.lang, &summary, 0));
            }
        }
    }

    fn start_import(&mut self, ctx: &mut AppCtx<'_>) {
        let Some(path) = ctx.dialogs.open_csv() else { return };
        match ImportDialog::open(&path, ctx.today, ctx.lang) {
            Ok(dialog) => self.import = Some(dialog),
            Err(message) => ctx.message = Some(message),
        }
    }

    /// Writes the list as it is filtered now to a CSV file and records the export.
    fn export(&mut self, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let Some(path) = ctx.dialogs.save_csv(if lang == Lang::Fi { "asiakkaat.csv" } else { "customers.csv" }) else {
            return;
        };
        let result = (|| -> Result<usize, String> {
            let listings = ctx.store.customer_listings(&self.query).map_err(|error| i18n::store_error(lang, &error))?;
            let mut bytes = Vec::new();
            let rows =
                crate::exchange::write_customers_csv(&mut bytes, lang, listings).map_err(|error| error.to_string())?;
            std::fs::write(&path, &bytes).map_err(|error| i18n::file_error(lang, &error))?;
            let file_name = path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
            ctx.store
                .record_export(rows, &file_name, &crate::store::sha256_hex(&bytes))
                .map_err(|error| i18n::store_error(lang, &error))?;
            Ok(rows)
        })();
        ctx.message = Some(match result {
            Ok(rows) => i18n::trf(lang, T::ExportDone, &[&rows, &path.display()]),
            Err(message) => message,
        });
    }

    /// Does `change` now, or first asks what to do with unsaved changes.
    fn request(&mut self, ctx: &mut AppCtx<'_>, change: PendingChange) {
        if self.has_unsaved_changes() {
            self.prompt = Some(change);
        } else {
            self.apply(ctx, change);
        }
    }

    fn apply(&mut self, ctx: &mut AppCtx<'_>, change: PendingChange) {
        self.duplicate_check = None;
        match change {
            PendingChange::Select(id) => {
                self.form = None;
                self.select(ctx.store, id, ctx.lang);
            }
            PendingChange::New => self.form = Some(CustomerForm::new(CustomerInput::new(ctx.today))),
            PendingChange::LeaveTab => {
                self.form = None;
                self.leave_decision = Some(true);
            }
        }
    }

    /// The modal that asks what to do with unsaved changes.
    fn prompt_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let Some(change) = self.prompt else { return };
        let lang = ctx.lang;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ui.ctx(), |ui| {
            ui.heading(i18n::tr(lang, T::UnsavedTitle));
            ui.label(i18n::tr(lang, T::UnsavedQuestion));
            ui.horizontal(|ui| {
                if ui.button(i18n::tr(lang, T::SaveChanges)).clicked() {
                    choice = Some(PromptChoice::Save);
                }
                if ui.button(i18n::tr(lang, T::DiscardChanges)).clicked() {
                    choice = Some(PromptChoice::Discard);
                }
                if ui.button(i18n::tr(lang, T::KeepEditing)).clicked() {
                    choice = Some(PromptChoice::KeepEditing);
                }
            });
        });
        let Some(choice) = choice else { return };
        self.prompt = None;
        let go_on = match choice {
            PromptChoice::Save => self.save(ctx, false),
            PromptChoice::Discard => {
                self.form = None;
                true
            }
            PromptChoice::KeepEditing => false,
        };
        if go_on {
            self.apply(ctx, change);
        } else if change == PendingChange::LeaveTab {
            self.leave_decision = Some(false);
        }
    }

    /// Saves the form; `true` when it was saved (or held nothing to save).
    fn save(&mut self, ctx: &mut AppCtx<'_>, confirmed_new: bool) -> bool {
        let lang = ctx.lang;
        let Some(form) = &mut self.form else { return true };
        let customer = match form.input.to_customer(ctx.today) {
            Ok(customer) => customer,
            Err(errors) => {
                form.errors = errors;
                return false;
            }
        };
        form.errors.clear();
        let result = match customer.id {
            Some(id) => ctx.store.update_customer(&customer).map(|()| id),
            None => {
                if !confirmed_new {
                    match ctx.store.find_duplicates(&customer) {
                        Ok(duplicates) if !duplicates.is_empty() => {
                            self.duplicate_check = Some(DuplicateCheck { customer, duplicates });
                            return false;
                        }
                        Ok(_) => {}
                        Err(error) => {
                            ctx.message = Some(i18n::store_error(lang, &error));
                            return false;
                        }
                    }
                }
                ctx.store.add_customer(&customer)
            }
        };
        match result {
            Ok(id) => {
                self.after_save(ctx, id, i18n::trf(lang, T::SavedCustomer, &[&customer.display_name()]));
                true
            }
            Err(error) => {
                ctx.message = Some(i18n::store_error(lang, &error));
                false
            }
        }
    }

    /// Saves the new person and merges them into the record they duplicate.
    fn save_and_merge(&mut self, ctx: &mut AppCtx<'_>, existing: CustomerId) {
        let Some(check) = self.duplicate_check.take() else { return };
        let lang = ctx.lang;
        let result = ctx
            .store
            .add_customer(&check.customer)
            .and_then(|new| ctx.store.merge_customers(existing, new).map(|()| new));
        match result {
            Ok(new) => self.after_save(ctx, existing, i18n::trf(lang, T::Merged, &[&new, &existing])),
            Err(error) => ctx.message = Some(i18n::store_error(lang, &error)),
        }
    }

    fn after_save(&mut self, ctx: &mut AppCtx<'_>, id: CustomerId, message: String) {
        self.form = None;
        self.duplicate_check = None;
        self.query_sent = None; // the list may have changed: query again
        self.select(ctx.store, id, ctx.lang);
        ctx.counts_changed = true;
        ctx.message = Some(message);
    }

    /// Asks before two records are merged (the absorbed one is removed).
    fn merge_confirm_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let Some((kept, absorbed)) = self.merge_confirm else { return };
        let lang = ctx.lang;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("merge_confirm")).show(ui.ctx(), |ui| {
            ui.heading(i18n::tr(lang, T::MergeConfirmTitle));
            ui.label(i18n::trf(lang, T::MergeConfirmText, &[&absorbed, &kept]));
            ui.horizontal(|ui| {
                if ui.button(i18n::tr(lang, T::Merge)).clicked() {
                    choice = Some(true);
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                self.merge_confirm = None;
                match ctx.store.merge_customers(kept, absorbed) {
                    Ok(()) => self.after_save(ctx, kept, i18n::trf(lang, T::Merged, &[&absorbed, &kept])),
                    Err(error) => ctx.message = Some(i18n::store_error(lang, &error)),
                }
            }
            Some(false) => self.merge_confirm = None,
            None => {}
        }
    }

    fn exchange_with_worker(&mut self, ui: &egui::Ui, lang: Lang) {
        if std::mem::take(&mut self.list_stale) {
            self.query_sent = None;
        }
        let Some(loader) = &mut self.loader else { return };
        match loader.exchange(&self.query, &mut self.query_sent, ui.ctx()) {
            Some(Ok(ids)) => {
                self.ids = ids;
                self.page = RowPage::default();
                self.error = None;
            }
            Some(Err(error)) => self.error = Some(i18n::store_error(lang, &error)),
            None => {}
        }
    }

    /// The search box, filters and the New, Import and Export buttons.
    fn search_bar(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) -> BarAction {
        let lang = ctx.lang;
        let mut action = BarAction::None;
        let purposes = self
            .consent_purposes
            .get_or_insert_with(|| {
                ctx.store
                    .purposes()
                    .map(|all| all.into_iter().filter(Purpose::asks_consent).collect())
                    .unwrap_or_default()
            })
            .clone();
        ui.horizontal(|ui| {
            if ui
                .button(egui::RichText::new(i18n::tr(lang, T::NewCustomer)).strong())
                .on_hover_text(i18n::tr(lang, T::NewCustomerHint))
                .clicked()
            {
                action = BarAction::New;
            }
            if ui.button(i18n::tr(lang, T::ImportButton)).clicked() {
                action = BarAction::Import;
            }
            if ui.button(i18n::tr(lang, T::ExportButton)).clicked() {
                action = BarAction::Export;
            }
            ui.separator();
            let label = ui.label(i18n::tr(lang, T::SearchLabel));
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query.text)
                        .hint_text(i18n::tr(lang, T::SearchHint))
                        .desired_width(ui.available_width().min(520.0)),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus_search) {
                search.request_focus();
            }
            ui.separator();
            let busy = self.loader.as_ref().is_some_and(ListLoader::is_pending);
            if busy {
                ui.spinner();
                ui.label(i18n::tr(lang, T::Searching));
            } else {
                ui.label(i18n::trf(lang, T::Matches, &[&crate::domain::count_text(self.ids.len(), lang)]));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(i18n::tr(lang, T::FilterStatus));
            ui.selectable_value(&mut self.query.status, None, i18n::tr(lang, T::FilterAll));
            for status in CustomerStatus::ALL {
                ui.selectable_value(&mut self.query.status, Some(*status), status.label(lang));
            }
            ui.separator();
            let consent_label = ui.label(i18n::tr(lang, T::FilterConsent));
            let selected = self.query.consent_purpose.and_then(|id| purposes.iter().find(|purpose| purpose.id == id));
            egui::ComboBox::from_id_salt("consent_filter")
                .selected_text(selected.map_or(i18n::tr(lang, T::FilterAnyPurpose), |purpose| purpose.name.get(lang)))
                .width(180.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.query.consent_purpose, None, i18n::tr(lang, T::FilterAnyPurpose));
                    for purpose in &purposes {
                        ui.selectable_value(&mut self.query.consent_purpose, Some(purpose.id), purpose.name.get(lang));
                    }
                })
                .response
                .labelled_by(consent_label.id);
            ui.checkbox(&mut self.query.with_objection, i18n::tr(lang, T::FilterObjection));
            ui.checkbox(&mut self.query.with_open_request, i18n::tr(lang, T::FilterOpenRequest));
        });
        action
    }

    /// The list; returns the customer whose row was clicked.
    fn list_ui(&mut self, ui: &mut egui::Ui, store: &Store, lang: Lang) -> Option<CustomerId> {
        if self.ids.is_empty() && !self.is_busy() {
            ui.add_space(12.0);
            ui.label(i18n::tr(lang, T::NoMatches));
            return None;
        }
        let columns = [
            (CustomerSort::Number, T::ColNumber),
            (CustomerSort::Name, T::ColName),
            (CustomerSort::Email, T::ColEmail),
            (CustomerSort::Phone, T::ColPhone),
            (CustomerSort::City, T::ColCity),
            (CustomerSort::Status, T::ColStatus),
        ];
        let Self { ids, page, selected, query, error, scroll_to_row, .. } = self;
        let mut clicked = None;
        // Selectable text would take the click from the row: a click anywhere on a row selects it.
        ui.style_mut().interaction.selectable_labels = false;
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        let mut table = TableBuilder::new(ui);
        if let Some(index) = scroll_to_row.take() {
            // A jump, not an animation: the row is there on the next frame.
            table = table.scroll_to_row(index, Some(egui::Align::Center)).animate_scrolling(false);
        }
        table
            .id_salt("customer_list")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .auto_shrink(false)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(72.0))
            .column(Column::initial(190.0).at_least(100.0).clip(true))
            .column(Column::remainder().at_least(100.0).clip(true))
            .column(Column::initial(125.0).at_least(80.0).clip(true))
            .column(Column::initial(110.0).at_least(70.0).clip(true))
            .column(Column::initial(95.0).at_least(70.0).clip(true))
            .header(ROW_HEIGHT, |mut header| {
                for (sort, title) in columns {
                    header.col(|ui| {
                        let arrow = match (query.sort == sort, query.descending) {
                            (true, false) => " ▲",
                            (true, true) => " ▼",
                            (false, _) => "",
                        };
                        let text = egui::RichText::new(format!("{}{arrow}", i18n::tr(lang, title))).strong();
                        if ui.add(egui::Button::new(text).frame(false)).clicked() {
                            query.descending = query.sort == sort && !query.descending;
                            query.sort = sort;
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, ids.len(), |mut row| {
                    let index = row.index();
                    if let Err(failure) = page.ensure(index, ids, |some| store.customer_rows(some)) {
                        *error = Some(i18n::store_error(lang, &failure));
                    }
                    let Some(customer) = page.get(index) else { return };
                    let is_selected = *selected == Some(customer.id);
                    row.set_selected(is_selected);
                    row.col(|ui| {
                        ui.label(customer.id.to_string());
                    });
                    row.col(|ui| {
                        if ui.selectable_label(is_selected, &customer.name).clicked() {
                            clicked = Some(customer.id);
                        }
                    });
                    row.col(|ui| {
                        ui.label(&customer.email);
                    });
                    row.col(|ui| {
                        ui.label(phone_display(&customer.phone));
                    });
                    row.col(|ui| {
                        ui.label(&customer.city);
                    });
                    row.col(|ui| {
                        ui.label(customer.status.label(lang));
                    });
                    if row.response().clicked() {
                        clicked = Some(customer.id);
                    }
                });
            });
        clicked
    }

    fn select(&mut self, store: &mut Store, id: CustomerId, lang: Lang) {
        self.selected = Some(id);
        self.detail = Some(Detail::load(store, id).map_err(|error| i18n::store_error(lang, &error)));
    }

    fn detail_or_form_ui(&mut self, ui: &mut egui::Ui, lang: Lang, username: &str, may_save: bool) -> DetailAction {
        if let Some(check) = &self.duplicate_check {
            return duplicate_check_ui(ui, lang, check);
        }
        let editing_name = self.detail_name();
        if let Some(form) = &mut self.form {
            let title = match form.input.is_new() {
                true => i18n::tr(lang, T::NewCustomer).to_owned(),
                false => i18n::trf(lang, T::EditingTitle, &[&editing_name]),
            };
            ui.heading(title);
            return match form.ui(ui, lang, username, may_save) {
                FormAction::None => DetailAction::None,
                FormAction::Save => DetailAction::Save,
                FormAction::Cancel => DetailAction::Cancel,
            };
        }
        let detail = match &self.detail {
            None => {
                ui.add_space(12.0);
                ui.label(i18n::tr(lang, T::SelectCustomerHint));
                return DetailAction::None;
            }
            Some(Err(message)) => {
                widgets::load_error(ui, lang, message);
                return DetailAction::None;
            }
            Some(Ok(detail)) => detail,
        };
        let mut action = DetailAction::None;
        let drafts = &mut self.drafts;
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| action = record_ui(ui, lang, detail, drafts));
        action
    }

    fn detail_name(&self) -> String {
        self.selected_customer().map(Customer::display_name).unwrap_or_default()
    }
}

/// What the detail column asked for in this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DetailAction {
    None,
    Edit,
    Save,
    Cancel,
    SaveAsNew,
    MergeNewInto(CustomerId),
    AskMerge(CustomerId, CustomerId),
    CancelDuplicateCheck,
    AddNote,
    AddOrder,
    AddAttachment,
    OpenAttachment(i64),
}

fn duplicate_label(lang: Lang, duplicate: &Duplicate) -> String {
    let key = if duplicate.matched_on == "email" { T::DuplicateByEmail } else { T::DuplicateByPhone };
    i18n::trf(lang, key, &[&duplicate.row.name, &duplicate.row.id])
}

/// A new person matches someone already in the register: merge, save anyway, or go back.
fn duplicate_check_ui(ui: &mut egui::Ui, lang: Lang, check: &DuplicateCheck) -> DetailAction {
    let mut action = DetailAction::None;
    ui.heading(i18n::tr(lang, T::DuplicatesHeading));
    ui.colored_label(theme::warning(ui), i18n::tr(lang, T::DuplicatesFoundOnSave));
    for duplicate in &check.duplicates {
        ui.horizontal_wrapped(|ui| {
            ui.label(duplicate_label(lang, duplicate));
            if ui.button(i18n::tr(lang, T::MergeIntoThis)).clicked() {
                action = DetailAction::MergeNewInto(duplicate.row.id);
            }
        });
    }
    ui.horizontal(|ui| {
        if ui.button(i18n::tr(lang, T::SaveAsNew)).clicked() {
            action = DetailAction::SaveAsNew;
        }
        if ui.button(i18n::tr(lang, T::KeepEditing)).clicked() {
            action = DetailAction::Cancel;
        }
    });
    // "Keep editing" returns to the form rather than discarding it.
    if action == DetailAction::Cancel { DetailAction::CancelDuplicateCheck } else { action }
}

/// The whole §4 record of one person, grouped as the notice groups it.
fn record_ui(ui: &mut egui::Ui, lang: Lang, detail: &Detail, drafts: &mut Drafts) -> DetailAction {
    let Drafts { note, attachment_kind, order, order_problem } = drafts;
    let mut action = DetailAction::None;
    let customer = &detail.customer;
    ui.horizontal(|ui| {
        ui.heading(customer.display_name());
        if ui.button(i18n::tr(lang, T::EditCustomer)).clicked() {
            action = DetailAction::Edit;
        }
    });
    if detail.restricted {
        egui::Frame::new().fill(theme::banner_fill(ui)).inner_margin(4.0).show(ui, |ui| {
            ui.colored_label(theme::overdue(ui), egui::RichText::new(i18n::tr(lang, T::RestrictedBanner)).strong());
        });
    }
    ui.horizontal(|ui| {
        ui.label(customer.status.label(lang));
        if let Some(id) = customer.id {
            ui.label(egui::RichText::new(format!("{} {id}", i18n::tr(lang, T::FieldCustomerNumber))).weak());
        }
    });
    if !detail.duplicates.is_empty() {
        widgets::section(ui, i18n::tr(lang, T::DuplicatesHeading));
        for duplicate in &detail.duplicates {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(theme::warning(ui), duplicate_label(lang, duplicate));
                if let Some(kept) = customer.id
                    && ui.button(i18n::tr(lang, T::MergeIntoThis)).clicked()
                {
                    action = DetailAction::AskMerge(kept, duplicate.row.id);
                }
            });
        }
    }
    ui.label(egui::RichText::new(widgets::provenance_text(lang, &customer.provenance)).small().weak());

    widgets::section(ui, i18n::tr(lang, T::SectionContact));
    for address in &customer.addresses {
        let text =
            format!("{}: {}, {} {}", address.kind.label(lang), address.street, address.postal_code, address.city);
        widgets::datum_with_source(ui, lang, &text, &address.provenance);
    }
    for phone in &customer.phones {
        let text = format!("{}: {}", phone.kind.label(lang), phone_display(&phone.number));
        widgets::datum_with_source(ui, lang, &text, &phone.provenance);
    }
    for email in &customer.emails {
        widgets::datum_with_source(ui, lang, &email.address, &email.provenance);
    }
    if customer.addresses.is_empty() && customer.phones.is_empty() && customer.emails.is_empty() {
        ui.label(i18n::tr(lang, T::NoData));
    }

    widgets::section(ui, i18n::tr(lang, T::SectionPerson));
    egui::Grid::new("person_grid").num_columns(2).show(ui, |ui| {
        widgets::grid_row(
            ui,
            i18n::tr(lang, T::FieldBirthYear),
            &customer.birth_year.map(|year| year.to_string()).unwrap_or_default(),
        );
        widgets::grid_row(
            ui,
            i18n::tr(lang, T::FieldGender),
            customer.gender.map(|gender| gender.label(lang)).unwrap_or_default(),
        );
        widgets::grid_row(ui, i18n::tr(lang, T::FieldTitle), &customer.title);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldMotherTongue), &customer.mother_tongue);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldLetterLang), customer.letter_lang.label(lang));
        widgets::grid_row(ui, i18n::tr(lang, T::FieldCompany), &customer.company);
    });

    widgets::section(ui, i18n::tr(lang, T::SectionRegistration));
    egui::Grid::new("registration_grid").num_columns(2).show(ui, |ui| {
        widgets::grid_row(ui, i18n::tr(lang, T::FieldUsername), &customer.username);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldNickname), &customer.nickname);
        widgets::grid_row(ui, i18n::tr(lang, T::FieldOtherIdentifier), &customer.other_identifier);
    });

    widgets::section(ui, i18n::tr(lang, T::SectionOrders));
    if customer.orders.is_empty() {
        ui.label(i18n::tr(lang, T::NoData));
    }
    for order in customer.orders.iter().rev() {
        let summary = i18n::trf(
            lang,
            T::OrderSummary,
            &[
                &order.order_no,
                &finnish_date(order.ordered_on),
                &euros(order.total_cents()),
                &order.payment_method.label(lang),
                &order.billing_status.label(lang),
            ],
        );
        egui::CollapsingHeader::new(summary).id_salt(("order", &order.order_no)).show(ui, |ui| {
            for line in &order.lines {
                ui.label(format!("{} × {} à {}", line.quantity, line.product, euros(line.unit_price_cents)));
            }
            if !order.payment_reference.is_empty() {
                ui.label(egui::RichText::new(&order.payment_reference).weak());
            }
            ui.label(egui::RichText::new(i18n::trf(lang, T::Seller, &[&order.seller])).weak());
            ui.label(egui::RichText::new(widgets::provenance_text(lang, &order.provenance)).small().weak());
        });
    }

    if order_ui(ui, lang, order, *order_problem) {
        action = DetailAction::AddOrder;
    }

    widgets::section(ui, i18n::tr(lang, T::SectionInteractions));
    if customer.interactions.is_empty() {
        ui.label(i18n::tr(lang, T::NoData));
    }
    for interaction in customer.interactions.iter().rev() {
        let text = format!(
            "{} {}: {}",
            finnish_date(interaction.occurred_at.date()),
            interaction.kind.label(lang),
            interaction.summary
        );
        widgets::datum_with_source(ui, lang, &text, &interaction.provenance);
    }
    if note_ui(ui, lang, note) {
        action = DetailAction::AddNote;
    }

    widgets::section(ui, i18n::tr(lang, T::SectionTags));
    if customer.tags.is_empty() {
        ui.label(i18n::tr(lang, T::NoData));
    }
    for tag in &customer.tags {
        widgets::datum_with_source(ui, lang, &format!("{}: {}", tag.kind.label(lang), tag.tag), &tag.provenance);
    }

    if !customer.other_data.is_empty() {
        widgets::section(ui, i18n::tr(lang, T::SectionOther));
        for datum in &customer.other_data {
            widgets::datum_with_source(ui, lang, &format!("{}: {}", datum.label, datum.value), &datum.provenance);
        }
    }
    widgets::section(ui, i18n::tr(lang, T::SectionAttachments));
    for attachment in &customer.attachments {
        ui.horizontal_wrapped(|ui| {
            let text = format!(
                "{}: {} ({} kB)",
                attachment.kind.label(lang),
                attachment.file_name,
                (attachment.size_bytes + 1023) / 1024
            );
            widgets::datum_with_source(ui, lang, &text, &attachment.provenance);
            if ui.small_button(i18n::tr(lang, T::OpenAttachment)).clicked() {
                action = DetailAction::OpenAttachment(attachment.id);
            }
        });
    }
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt("attachment_kind")
            .selected_text(attachment_kind.label(lang))
            .show_ui(ui, |ui| {
                for kind in AttachmentKind::ALL {
                    ui.selectable_value(attachment_kind, *kind, kind.label(lang));
                }
            })
            .response
            .accessible_name(i18n::tr(lang, T::ColKind));
        if ui.button(i18n::tr(lang, T::AddAttachment)).clicked() {
            action = DetailAction::AddAttachment;
        }
    });

    consents_ui(ui, lang, detail);

    widgets::section(ui, i18n::tr(lang, T::SectionRequests));
    if detail.requests.is_empty() {
        ui.label(i18n::tr(lang, T::NoData));
    }
    for request in &detail.requests {
        ui.label(format!(
            "{} {} – {}, {}",
            request.reference,
            request.kind.label(lang),
            request.status.label(lang),
            finnish_date(request.received_on)
        ));
    }
    timeline_ui(ui, lang, detail);
    action
}

/// A new order with one product line; returns whether "Add order" was clicked.
fn order_ui(ui: &mut egui::Ui, lang: Lang, order: &mut OrderInput, problem: Option<OrderProblem>) -> bool {
    let mut add = false;
    egui::CollapsingHeader::new(i18n::tr(lang, T::AddOrder)).id_salt("add_order").show(ui, |ui| {
        egui::Grid::new("order_fields").num_columns(2).show(ui, |ui| {
            for (label, text) in [
                (T::OrderNumber, &mut order.order_no),
                (T::EntryDate, &mut order.ordered_on),
                (T::Product, &mut order.product),
                (T::Quantity, &mut order.quantity),
                (T::UnitPrice, &mut order.unit_price),
                (T::PaymentReference, &mut order.payment_reference),
                (T::SellerLabel, &mut order.seller),
            ] {
                let label = ui.label(i18n::tr(lang, label));
                ui.add(egui::TextEdit::singleline(text).desired_width(200.0)).labelled_by(label.id);
                ui.end_row();
            }
        });
        ui.horizontal_wrapped(|ui| {
            egui::ComboBox::from_id_salt("order_payment")
                .selected_text(order.payment_method.label(lang))
                .show_ui(ui, |ui| {
                    for method in PaymentMethod::ALL {
                        ui.selectable_value(&mut order.payment_method, *method, method.label(lang));
                    }
                })
                .response
                .accessible_name(i18n::tr(lang, T::PaymentMethodLabel));
            egui::ComboBox::from_id_salt("order_billing")
                .selected_text(order.billing_status.label(lang))
                .show_ui(ui, |ui| {
                    for status in BillingStatus::ALL {
                        ui.selectable_value(&mut order.billing_status, *status, status.label(lang));
                    }
                })
                .response
                .accessible_name(i18n::tr(lang, T::BillingStatusLabel));
        });
        if let Some(problem) = problem {
            let key = match problem {
                OrderProblem::Date => T::EntryDateInvalid,
                OrderProblem::Product => T::OrderProductMissing,
                OrderProblem::Quantity => T::OrderQuantityInvalid,
                OrderProblem::Price => T::OrderPriceInvalid,
                OrderProblem::CardNumber => T::OrderCardNumber,
            };
            ui.colored_label(theme::overdue(ui), i18n::tr(lang, key));
        }
        add = ui.button(i18n::tr(lang, T::AddOrder)).clicked();
    });
    add
}

/// A new contact or feedback line; returns whether "Add" was clicked.
fn note_ui(ui: &mut egui::Ui, lang: Lang, note: &mut NoteDraft) -> bool {
    let mut add = false;
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_id_salt("note_kind")
            .selected_text(note.kind.label(lang))
            .show_ui(ui, |ui| {
                for kind in InteractionKind::ALL {
                    ui.selectable_value(&mut note.kind, *kind, kind.label(lang));
                }
            })
            .response
            .accessible_name(i18n::tr(lang, T::ColKind));
        let label = ui.label(i18n::tr(lang, T::NewNote));
        ui.add(egui::TextEdit::singleline(&mut note.summary).desired_width(220.0)).labelled_by(label.id);
        egui::ComboBox::from_id_salt("note_source")
            .selected_text(note.source.label(lang))
            .show_ui(ui, |ui| {
                for source in Source::FROM_THE_PERSON {
                    ui.selectable_value(&mut note.source, *source, source.label(lang));
                }
            })
            .response
            .accessible_name(i18n::tr(lang, T::FieldSource));
        add = ui.add_enabled(!note.summary.trim().is_empty(), egui::Button::new(i18n::tr(lang, T::AddNote))).clicked();
    });
    add
}

/// Everything that happened with the person, newest first.
fn timeline_ui(ui: &mut egui::Ui, lang: Lang, detail: &Detail) {
    widgets::section(ui, i18n::tr(lang, T::TimelineHeading));
    let purpose_name =
        |id| detail.purposes.iter().find(|purpose| purpose.id == id).map_or("?", |purpose| purpose.name.get(lang));
    let items = timeline(&detail.customer, &detail.consents, &detail.objections, &detail.requests, &detail.disclosures);
    for (when, item) in items {
        let text = match item {
            TimelineItem::Registered(customer) => {
                i18n::trf(lang, T::TimelineRegistered, &[&customer.provenance.source.label(lang)])
            }
            TimelineItem::Order(order) => {
                i18n::trf(lang, T::TimelineOrder, &[&order.order_no, &euros(order.total_cents())])
            }
            TimelineItem::Interaction(event) => format!("{}: {}", event.kind.label(lang), event.summary),
            TimelineItem::Consent(event) => i18n::trf(
                lang,
                T::TimelineConsent,
                &[&event.action.label(lang), &purpose_name(event.purpose_id), &event.channel.label(lang)],
            ),
            TimelineItem::Objection(event) => format!("{}: {}", event.action.label(lang), event.kind.label(lang)),
            TimelineItem::Request(request) => i18n::trf(
                lang,
                T::TimelineRequest,
                &[&request.reference, &request.kind.label(lang), &request.status.label(lang)],
            ),
            TimelineItem::Disclosure(disclosure) => i18n::trf(
                lang,
                T::TimelineDisclosure,
                &[
                    &disclosure.recipient,
                    &disclosure.purpose_id.map_or("–", purpose_name),
                    &disclosure.channel.label(lang),
                ],
            ),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(finnish_date(when.date())).weak());
            ui.label(text);
        });
    }
}

/// Current consents derived from the ledger, standing objections, and the ledger itself.
fn consents_ui(ui: &mut egui::Ui, lang: Lang, detail: &Detail) {
    widgets::section(ui, i18n::tr(lang, T::SectionConsents));
    let state = current_consents(&detail.consents);
    if state.is_empty() {
        ui.label(i18n::tr(lang, T::NoData));
    }
    for ((purpose_id, channel), consent) in &state {
        let purpose = detail.purposes.iter().find(|purpose| purpose.id == *purpose_id);
        let name = purpose.map_or("?", |purpose| purpose.name.get(lang));
        let (color, action) = if consent.given {
            (theme::good(ui), crate::domain::consent::ConsentAction::Given)
        } else {
            (theme::warning(ui), crate::domain::consent::ConsentAction::Withdrawn)
        };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(color, action.label(lang));
            ui.label(format!("{name} – {} ({})", channel.label(lang), finnish_date(consent.since.date())));
        });
    }
    if !detail.consents.is_empty() {
        egui::CollapsingHeader::new(i18n::tr(lang, T::LedgerHeading)).id_salt("consent_ledger").show(ui, |ui| {
            for event in detail.consents.iter().rev() {
                let purpose = detail.purposes.iter().find(|purpose| purpose.id == event.purpose_id);
                ui.label(format!(
                    "{} {} {} – {} ({}: {})",
                    finnish_date(event.occurred_at.date()),
                    event.action.label(lang),
                    purpose.map_or("?", |purpose| purpose.name.get(lang)),
                    event.channel.label(lang),
                    event.source.label(lang),
                    event.evidence
                ));
            }
        });
    }
    widgets::section(ui, i18n::tr(lang, T::SectionObjections));
    let standing = standing_objections(&detail.objections);
    if standing.is_empty() {
        ui.label(i18n::tr(lang, T::NoData));
    }
    for kind in standing {
        ui.colored_label(theme::overdue(ui), kind.label(lang));
    }
}
