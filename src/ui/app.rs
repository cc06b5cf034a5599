//! The eframe `App`: top bar (register name, alerts, user, FI/EN switch, theme), the tab strip, the
//! status bar, and the register it has open. Each tab's state lives in its own struct in `tabs/`;
//! this file only routes frames to them and keeps what every tab shares.
//!
//! In front of the tabs stands the gate (`sign_in`): a new register's first administrator, the
//! sign-in, and the lock screen the app puts up after the register's idle minutes. Locking
//! signs the user out of the store and hides the tabs without touching them; signing in again
//! uncovers them as they were.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dialogs::{FileDialogs, SystemDialogs};
use super::sign_in::{FirstAdministratorForm, Gate, GateRequest};
use super::tabs::{AuditTab, BackupsTab, ConsentsTab, CustomersTab, RegisterTab, RequestsTab, RetentionTab};
use super::theme;
use crate::domain::password::PasswordCost;
use crate::domain::retention::next_review_due;
use crate::domain::user::rule;
use crate::domain::{Lang, finnish_date};
use crate::i18n::{self, T};
use crate::store::{self, RequestAlerts, Store};

/// The tabs, in the order the strip shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    Customers,
    Consents,
    Requests,
    Retention,
    Register,
    Audit,
    Backups,
}

impl Tab {
    pub const ALL: [Tab; 7] =
        [Tab::Customers, Tab::Consents, Tab::Requests, Tab::Retention, Tab::Register, Tab::Audit, Tab::Backups];

    pub fn title(self) -> T {
        match self {
            Tab::Customers => T::TabCustomers,
            Tab::Consents => T::TabConsents,
            Tab::Requests => T::TabRequests,
            Tab::Retention => T::TabRetention,
            Tab::Register => T::TabRegister,
            Tab::Audit => T::TabAudit,
            Tab::Backups => T::TabBackups,
        }
    }
}

/// What is remembered between runs (only UI preferences: the register itself is in SQLite).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
struct Prefs {
    lang: Lang,
    dark: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self { lang: Lang::Fi, dark: false }
    }
}

const PREFS_KEY: &str = "rekisteri-prefs";

/// What every tab is handed for one frame: the store, the language, today, and the status line.
pub struct AppCtx<'a> {
    pub store: &'a mut Store,
    pub lang: Lang,
    pub today: NaiveDate,
    /// The signed-in user's name, as forms show who records an entry.
    pub username: &'a str,
    /// The open and save dialogs (replaced in tests).
    pub dialogs: &'a dyn FileDialogs,
    /// Set by a tab to tell the shell that counts in the top bar may have changed.
    pub counts_changed: bool,
    /// A sentence for the status bar (what was saved, what went wrong).
    pub message: Option<String>,
}

/// The register the window has open, with the facts the top and status bars show.
struct OpenRegister {
    store: Store,
    title: String,
    is_sample: bool,
    /// The signed-in user's display name, as forms show who records an entry.
    username: String,
    /// The name they sign in with (the lock screen fills it in).
    login: String,
    idle_lock_minutes: u32,
    customer_count: i64,
    alerts: RequestAlerts,
    review_due: NaiveDate,
}

impl OpenRegister {
    fn load(store: Store, lang: Lang, today: NaiveDate) -> store::Result<Self> {
        let user = store.current_user()?;
        let mut open = Self {
            title: String::new(),
            is_sample: store.is_sample()?,
            username: user.display_name,
            login: user.username,
            idle_lock_minutes: store.idle_lock_minutes()?,
            customer_count: 0,
            alerts: RequestAlerts::default(),
            review_due: today,
            store,
        };
        open.refresh(lang, today)?;
        Ok(open)
    }

    fn refresh(&mut self, lang: Lang, today: NaiveDate) -> store::Result<()> {
        let info = self.store.register_info()?;
        self.title = info.title(lang).to_owned();
        self.customer_count = self.store.customer_count()?;
        self.alerts = self.store.request_alerts(today)?;
        let last_review = self.store.reviews()?.first().map(|review| review.signed_off_at.date());
        self.review_due = next_review_due(last_review, info.review_interval_months, today);
        self.idle_lock_minutes = self.store.idle_lock_minutes()?;
        Ok(())
    }
}

/// A register being opened (or created, or unlocked) on a worker thread, because checking a
/// password takes Argon2id a third of a second that the window should not freeze for.
struct Opening {
    outcome: std::sync::mpsc::Receiver<OpeningOutcome>,
}

/// What the worker hands back.
enum OpeningOutcome {
    /// A register opened by signing in, or created with its first administrator.
    Opened(store::Result<Store>),
    /// The locked register, and who signed in to it (or why not).
    Unlocking(Box<OpenRegister>, store::Result<String>),
}

impl Opening {
    fn start(ctx: &egui::Context, work: impl FnOnce() -> OpeningOutcome + Send + 'static) -> Self {
        let (sender, outcome) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        // A thread that cannot start drops the sender with it: `finish_opening` reports that.
        let _ = std::thread::Builder::new().name("open-register".into()).spawn(move || {
            let _ = sender.send(work());
            ctx.request_repaint();
        });
        Self { outcome }
    }
}

pub struct App {
    prefs: Prefs,
    path: PathBuf,
    register: Result<OpenRegister, store::Error>,
    tab: Tab,
    today: NaiveDate,
    customers: CustomersTab,
    consents: ConsentsTab,
    requests: RequestsTab,
    retention: RetentionTab,
    register_tab: RegisterTab,
    audit: AuditTab,
    backups: BackupsTab,
    /// A close waits for the backup on closing; the window closes when it is made.
    close_after_backup: bool,
    /// Closes the window after the first frame that shows the customer list (start-up
    /// measurements; see `bench::startup`).
    pub exit_after_first_frame: bool,
    /// When the first frame with the customer list's rows was drawn (start-up measurements).
    first_list_frame: Option<Duration>,
    /// The register being opened behind the sign-in screen.
    opening: Option<Opening>,
    title_shown: String,
    /// The last thing that happened or went wrong, shown in the status bar.
    message: Option<String>,
    /// The tab to open once the customer form's unsaved changes are settled.
    pending_tab: Option<Tab>,
    dialogs: Box<dyn FileDialogs>,
    /// The first-administrator, sign-in or lock screen in front of the tabs; `None` once in.
    gate: Option<Gate>,
    /// The window opened the sample register: its sign-in screen shows its credentials.
    sample_path: bool,
    /// When the user last touched the window: the idle lock counts from here.
    last_activity: Instant,
}

impl App {
    /// The app on an opened (or failed) register, as `main` and the UI tests build it.
    pub fn new(cc: &eframe::CreationContext<'_>, store: store::Result<Store>, path: PathBuf, lang: Lang) -> Self {
        Self::with_context(&cc.egui_ctx, cc.storage, store, path, lang)
    }

    /// The app drawn into `egui_ctx` without a native window (`storage`: the remembered
    /// preferences, if any): what `new` does, and how the frame benchmark drives it headless.
    pub fn with_context(
        egui_ctx: &egui::Context,
        storage: Option<&dyn eframe::Storage>,
        store: store::Result<Store>,
        path: PathBuf,
        lang: Lang,
    ) -> Self {
        let mut prefs: Prefs = storage.and_then(|storage| eframe::get_value(storage, PREFS_KEY)).unwrap_or_default();
        prefs.lang = lang;
        theme::install_fonts(egui_ctx);
        theme::apply_text_sizes(egui_ctx);
        theme::apply_theme(egui_ctx, prefs.dark);
        let today = store::today();
        let register = store.and_then(|store| OpenRegister::load(store, prefs.lang, today));
        let customers = match &register {
            Ok(open) => CustomersTab::new(&open.store, egui_ctx),
            Err(_) => CustomersTab::closed(),
        };
        Self {
            prefs,
            path,
            register,
            tab: Tab::Customers,
            today,
            customers,
            consents: ConsentsTab::default(),
            requests: RequestsTab::default(),
            retention: RetentionTab::default(),
            register_tab: RegisterTab::default(),
            audit: AuditTab::default(),
            backups: BackupsTab::default(),
            close_after_backup: false,
            exit_after_first_frame: false,
            first_list_frame: None,
            opening: None,
            title_shown: String::new(),
            message: None,
            pending_tab: None,
            dialogs: Box::new(SystemDialogs),
            gate: None,
            sample_path: false,
            last_activity: Instant::now(),
        }
    }

    /// The app in front of the register at `path`, asking first for its administrator (a new
    /// register) or for a sign-in: how `main` starts the window. `is_sample`: the sample register,
    /// whose sign-in screen shows its credentials.
    pub fn signing_in(cc: &eframe::CreationContext<'_>, path: PathBuf, is_sample: bool, lang: Lang) -> Self {
        let gate = if Store::needs_setup(&path) {
            Ok(Gate::FirstAdministrator(FirstAdministratorForm::default()))
        } else if !store::key_file_path(&path).exists() {
            // Nobody could sign in: say so at once instead of refusing every password.
            Err(store::Error::KeyFileMissing)
        } else {
            Ok(Gate::sign_in(if is_sample { crate::sample::SAMPLE_USERNAME } else { "" }))
        };
        let (register, gate) = match gate {
            // Nobody is signed in yet: the tabs wait behind the gate.
            Ok(gate) => (Err(store::Error::NotAllowed(rule::NOT_SIGNED_IN)), Some(gate)),
            Err(error) => (Err(error), None),
        };
        let mut app = Self::new(cc, register, path, lang);
        app.gate = gate;
        app.sample_path = is_sample;
        app
    }

    /// Whether the sign-in, first-administrator or lock screen is showing (for tests).
    pub fn is_gated(&self) -> bool {
        self.gate.is_some()
    }

    /// Moves the idle lock's clock back by `idle`, as if nobody had touched the window for that
    /// long: how tests reach the lock without waiting minutes.
    pub fn pretend_idle_for(&mut self, idle: Duration) {
        self.last_activity = self.last_activity.checked_sub(idle).unwrap_or(self.last_activity);
    }

    /// The open register's store for tests that check the store's own refusals.
    pub fn store_mut(&mut self) -> Option<&mut Store> {
        self.register.as_mut().ok().map(|open| &mut open.store)
    }

    /// Locks the window: the user is signed out of the store and the tabs are covered, kept as
    /// they are. `idle_minutes` when the idle lock did it.
    fn lock(&mut self, idle_minutes: Option<u32>) {
        let Ok(open) = &mut self.register else { return };
        let detail = if idle_minutes.is_some() { "idle lock" } else { "locked" };
        if let Err(error) = open.store.sign_out(detail) {
            self.message = Some(i18n::store_error(self.prefs.lang, &error));
        }
        self.gate = Some(Gate::locked(&open.login, idle_minutes));
    }

    /// Counts the idle minutes; locks when they run out, and otherwise asks egui for a frame
    /// when they will (an untouched window draws nothing by itself).
    fn watch_idle(&mut self, ctx: &egui::Context) {
        let touched =
            ctx.input(|input| !input.events.is_empty() || input.pointer.is_moving() || input.pointer.any_down());
        if touched {
            self.last_activity = Instant::now();
        }
        let Ok(open) = &self.register else { return };
        if self.gate.is_some() {
            return;
        }
        let limit = Duration::from_secs(u64::from(open.idle_lock_minutes) * 60);
        let idle = self.last_activity.elapsed();
        if idle >= limit {
            let minutes = open.idle_lock_minutes;
            self.lock(Some(minutes));
        } else {
            ctx.request_repaint_after(limit - idle);
        }
    }

    /// Does what the gate asked: creates the register's administrator, signs in to open the
    /// register, or signs in again behind the lock, each on a worker (see [`Opening`]).
    fn answer_gate(&mut self, ctx: &egui::Context, request: GateRequest) {
        let now = store::now();
        match request {
            GateRequest::None => {}
            GateRequest::CreateAdministrator { username, display_name, password } => {
                let path = self.path.clone();
                let password = zeroize::Zeroizing::new(password);
                self.opening = Some(Opening::start(ctx, move || {
                    OpeningOutcome::Opened(Store::create(
                        &path,
                        &username,
                        &display_name,
                        &password,
                        PasswordCost::STANDARD,
                    ))
                }));
            }
            GateRequest::SignIn { username, password } => {
                let password = zeroize::Zeroizing::new(password);
                let signed_out = Err(store::Error::NotAllowed(rule::NOT_SIGNED_IN));
                self.opening = Some(match std::mem::replace(&mut self.register, signed_out) {
                    // Behind the lock the register is open: the store checks the password (an
                    // Argon2id hash, a third of a second), on the worker, which hands it back.
                    Ok(mut open) => Opening::start(ctx, move || {
                        let signed_in = open.store.sign_in(&username, &password, now).map(|user| user.username);
                        OpeningOutcome::Unlocking(Box::new(open), signed_in)
                    }),
                    // Opening unwraps the key (Argon2id too).
                    Err(_) => {
                        let path = self.path.clone();
                        Opening::start(ctx, move || {
                            OpeningOutcome::Opened(Store::open(&path, &username, &password, now))
                        })
                    }
                });
            }
        }
    }

    /// Takes the register once the sign-in or the first administrator's creation has opened it,
    /// or shows why not on the form.
    fn finish_opening(&mut self, ctx: &egui::Context) {
        let Some(opening) = &self.opening else { return };
        let outcome = match opening.outcome.try_recv() {
            Ok(outcome) => outcome,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(30));
                return;
            }
            // The worker died without an answer (it cannot panic on bad input, but say something).
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                OpeningOutcome::Opened(Err(store::Error::Io(std::io::Error::other("the register could not be opened"))))
            }
        };
        self.opening = None;
        let refusal = match outcome {
            OpeningOutcome::Opened(Ok(store)) => return self.enter(ctx, store),
            OpeningOutcome::Opened(Err(error)) => error,
            OpeningOutcome::Unlocking(open, signed_in) => {
                self.register = Ok(*open);
                match signed_in {
                    Ok(username) => return self.unlocked(ctx, &username),
                    Err(error) => error,
                }
            }
        };
        let lang = self.prefs.lang;
        match &mut self.gate {
            Some(Gate::FirstAdministrator(form)) => form.refused(lang, &refusal),
            Some(gate) => {
                if let Some(form) = gate.form_mut() {
                    form.refused(lang, &refusal);
                }
            }
            None => {}
        }
    }

    /// Behind the lock, `username` signed in: the same user finds the tabs as they left them;
    /// another user starts afresh (the previous user's unsaved edits are not theirs).
    fn unlocked(&mut self, ctx: &egui::Context, username: &str) {
        self.gate = None;
        self.last_activity = Instant::now();
        let same_user = self.register.as_ref().is_ok_and(|open| open.login.eq_ignore_ascii_case(username));
        if same_user {
            return;
        }
        let register = std::mem::replace(&mut self.register, Err(store::Error::NotAllowed(rule::NOT_SIGNED_IN)));
        if let Ok(open) = register {
            self.enter(ctx, open.store);
        }
    }

    /// Opens the tabs on a store someone has just signed in to, every tab from the start.
    fn enter(&mut self, ctx: &egui::Context, store: Store) {
        let lang = self.prefs.lang;
        self.register = OpenRegister::load(store, lang, self.today);
        self.customers = match &self.register {
            Ok(open) => CustomersTab::new(&open.store, ctx),
            Err(_) => CustomersTab::closed(),
        };
        self.consents = ConsentsTab::default();
        self.requests = RequestsTab::default();
        self.retention = RetentionTab::default();
        self.register_tab = RegisterTab::default();
        self.audit = AuditTab::default();
        self.backups = BackupsTab::default();
        self.tab = Tab::Customers;
        self.pending_tab = None;
        self.message = None;
        self.gate = None;
        self.last_activity = Instant::now();
    }

    /// The bar above the gate: the program's name and the language and theme switches only.
    fn gate_bar(&mut self, ui: &mut egui::Ui) {
        let lang = self.prefs.lang;
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(i18n::tr(lang, T::AppName)).strong().size(18.0));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(i18n::tr(lang, T::LanguageSwitch)).clicked() {
                    self.prefs.lang = self.prefs.lang.other();
                }
            });
        });
    }

    /// Replaces the system's file dialogs (tests answer them with fixed paths).
    pub fn set_dialogs(&mut self, dialogs: Box<dyn FileDialogs>) {
        self.dialogs = dialogs;
    }

    /// Takes the language remembered from the last run (when none was given on the command line).
    pub fn restore_language(&mut self, cc: &eframe::CreationContext<'_>) {
        if let Some(prefs) = cc.storage.and_then(|storage| eframe::get_value::<Prefs>(storage, PREFS_KEY)) {
            self.prefs.lang = prefs.lang;
            // The register's name in the top bar follows the language too.
            self.refresh_register();
        }
    }

    pub fn lang(&self) -> Lang {
        self.prefs.lang
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// Work is still under way in the background (a search, an import): tests wait for it.
    pub fn is_busy(&self) -> bool {
        self.opening.is_some()
            || self.customers.is_busy()
            || (self.tab == Tab::Consents && self.consents.is_busy())
            || self.backups.is_busy()
            || self.audit.is_busy()
            || (self.tab == Tab::Retention && self.retention.is_busy())
    }

    /// The consents tab's state, for tests.
    pub fn consents_tab(&self) -> &ConsentsTab {
        &self.consents
    }

    /// The customers tab's state, for tests.
    pub fn customers_tab(&self) -> &CustomersTab {
        &self.customers
    }

    /// Scrolls the customer list so that row `index` (of those matching) is in the middle on the
    /// next frame: how tests and the frame benchmark reach the middle of a long register.
    pub fn scroll_customer_list_to(&mut self, index: usize) {
        self.customers.scroll_to(index);
    }

    /// The requests tab's state, for tests.
    pub fn requests_tab(&self) -> &RequestsTab {
        &self.requests
    }

    /// The open register's store, for tests to check what was written.
    pub fn store(&self) -> Option<&Store> {
        self.register.as_ref().ok().map(|open| &open.store)
    }

    /// The error that kept the register from opening, if any.
    pub fn open_error(&self) -> Option<&store::Error> {
        self.register.as_ref().err()
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        let lang = self.prefs.lang;
        ui.horizontal(|ui| {
            let title = self.register.as_ref().map_or(i18n::tr(lang, T::AppName), |open| open.title.as_str());
            ui.label(egui::RichText::new(title).strong().size(18.0));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let theme_label = if self.prefs.dark { T::LightMode } else { T::DarkMode };
                if ui.button(i18n::tr(lang, theme_label)).clicked() {
                    self.prefs.dark = !self.prefs.dark;
                    theme::apply_theme(ui.ctx(), self.prefs.dark);
                }
                if ui
                    .button(i18n::tr(lang, T::LanguageSwitch))
                    .on_hover_text(i18n::tr(lang, T::LanguageSwitchHint))
                    .clicked()
                {
                    self.switch_language();
                }
                if ui.button(i18n::tr(lang, T::LockButton)).on_hover_text(i18n::tr(lang, T::LockHint)).clicked() {
                    self.lock(None);
                }
                if let Ok(open) = &self.register {
                    ui.label(i18n::trf(lang, T::SignedInAs, &[&open.username]));
                }
            });
        });
        if let Ok(open) = &self.register {
            self.alerts_row(ui, open);
        }
        if let Ok(open) = &self.register
            && open.is_sample
        {
            egui::Frame::new().fill(theme::banner_fill(ui)).inner_margin(4.0).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(i18n::tr(lang, T::SampleBanner));
            });
        }
        ui.horizontal(|ui| {
            for tab in Tab::ALL {
                let title = egui::RichText::new(i18n::tr(lang, tab.title())).size(17.0);
                if ui.selectable_label(self.tab == tab, title).clicked() && self.tab != tab {
                    if self.tab == Tab::Customers && self.customers.ask_before_leaving() {
                        self.pending_tab = Some(tab);
                    } else {
                        self.switch_tab(tab);
                    }
                }
            }
        });
    }

    /// Deadlines that need the owner's attention: shown on every tab, only when there are some.
    fn alerts_row(&self, ui: &mut egui::Ui, open: &OpenRegister) {
        let lang = self.prefs.lang;
        let alerts = &open.alerts;
        let review_due = open.review_due <= self.today;
        if alerts.overdue + alerts.due_within_week + alerts.awaiting_identity == 0 && !review_due {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            if alerts.overdue > 0 {
                ui.colored_label(theme::overdue(ui), i18n::trf(lang, T::RequestsOverdue, &[&alerts.overdue]));
            }
            if alerts.due_within_week > 0 {
                ui.colored_label(theme::warning(ui), i18n::trf(lang, T::RequestsDueSoon, &[&alerts.due_within_week]));
            }
            if alerts.awaiting_identity > 0 {
                ui.colored_label(
                    theme::warning(ui),
                    i18n::trf(lang, T::RequestsAwaitingIdentity, &[&alerts.awaiting_identity]),
                );
            }
            if review_due {
                ui.colored_label(theme::warning(ui), i18n::trf(lang, T::ReviewDue, &[&finnish_date(open.review_due)]));
            }
        });
    }

    /// Reads the top bar's facts (the register's name in the current language, counts, alerts) again.
    fn refresh_register(&mut self) {
        let (lang, today) = (self.prefs.lang, self.today);
        if let Ok(open) = &mut self.register
            && let Err(error) = open.refresh(lang, today)
        {
            self.message = Some(i18n::store_error(lang, &error));
        }
    }

    fn switch_language(&mut self) {
        self.prefs.lang = self.prefs.lang.other();
        self.refresh_register();
    }

    fn switch_tab(&mut self, tab: Tab) {
        self.tab = tab;
        // Each tab reloads what it shows when it is opened again.
        match tab {
            Tab::Customers => {}
            Tab::Consents => self.consents.reload(),
            Tab::Requests => self.requests.reload(),
            Tab::Retention => self.retention.reload(),
            Tab::Register => self.register_tab.reload(),
            Tab::Audit => self.audit.reload(),
            Tab::Backups => self.backups.reload(),
        }
    }

    fn status_bar(&self, ui: &mut egui::Ui) {
        let lang = self.prefs.lang;
        ui.horizontal(|ui| {
            if let Ok(open) = &self.register {
                ui.label(i18n::trf(
                    lang,
                    T::StatusCustomers,
                    &[&crate::domain::count_text(usize::try_from(open.customer_count).unwrap_or_default(), lang)],
                ));
                ui.separator();
            }
            ui.label(egui::RichText::new(i18n::trf(lang, T::StatusFile, &[&self.path.display()])).weak());
            if let Some(message) = &self.message {
                ui.separator();
                ui.label(message);
            }
        });
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let lang = self.prefs.lang;
        let open = match &mut self.register {
            Ok(open) => open,
            Err(error) => {
                let mut try_again = false;
                ui.vertical_centered(|ui| {
                    ui.add_space(40.0);
                    ui.heading(i18n::tr(lang, T::CannotOpenRegister));
                    ui.label(self.path.display().to_string());
                    ui.colored_label(theme::overdue(ui), i18n::store_error(lang, error));
                    // Open in another window: that one may close; nothing is opened read-only
                    // here, as every record viewed must be written to the audit trail.
                    if matches!(error, store::Error::OpenElsewhere(_)) {
                        try_again = ui.button(i18n::tr(lang, T::TryAgain)).clicked();
                    }
                });
                if try_again {
                    // Opening takes a password: back to the sign-in, which names the holder
                    // again if the register is still open elsewhere.
                    self.gate = Some(Gate::sign_in(""));
                }
                return;
            }
        };
        let mut ctx = AppCtx {
            store: &mut open.store,
            lang,
            today: self.today,
            username: &open.username,
            dialogs: self.dialogs.as_ref(),
            counts_changed: false,
            message: None,
        };
        self.backups.tick(ui.ctx(), &mut ctx);
        match self.tab {
            Tab::Customers => self.customers.ui(ui, &mut ctx),
            Tab::Consents => self.consents.ui(ui, &mut ctx),
            Tab::Requests => self.requests.ui(ui, &mut ctx),
            Tab::Retention => self.retention.ui(ui, &mut ctx),
            Tab::Register => self.register_tab.ui(ui, &mut ctx),
            Tab::Audit => self.audit.ui(ui, &mut ctx),
            Tab::Backups => self.backups.ui(ui, &mut ctx),
        }
        if let Some(message) = ctx.message.take() {
            self.message = Some(message);
        }
        if let Some(candidate) = self.backups.take_confirmed_restore() {
            self.restore_backup(ui.ctx(), candidate);
            return;
        }
        if ctx.counts_changed {
            // People may have been erased elsewhere: the customer list asks for its rows again.
            if self.tab != Tab::Customers {
                self.customers.refresh_list(&open.store);
            }
            if let Err(error) = open.refresh(lang, self.today) {
                self.message = Some(i18n::store_error(lang, &error));
            }
        }
        // A tab change waits while the customer form asks about unsaved changes.
        if let Some(tab) = self.pending_tab {
            match self.customers.leave_decision() {
                Some(true) => {
                    self.pending_tab = None;
                    self.switch_tab(tab);
                }
                Some(false) => self.pending_tab = None,
                None => {}
            }
        }
    }

    /// Shows `store` (a register opened again, or in place of a failed one), with every tab fresh.
    fn reopen(&mut self, egui_ctx: &egui::Context, store: store::Result<Store>) {
        let lang = self.prefs.lang;
        self.register = store.and_then(|store| OpenRegister::load(store, lang, self.today));
        self.customers = match &self.register {
            Ok(open) => CustomersTab::new(&open.store, egui_ctx),
            Err(_) => CustomersTab::closed(),
        };
        self.consents.reload();
        self.requests.reload();
        self.retention.reload();
        self.register_tab.reload();
        self.audit.reload();
        self.backups.reload();
    }

    /// Replaces the open register with a checked backup the user confirmed. Every connection
    /// to the register closes first (the search worker's with the customers tab), then the store
    /// swaps the files; the register that was open is kept beside the restored one.
    fn restore_backup(&mut self, egui_ctx: &egui::Context, candidate: store::RestoreCandidate) {
        let lang = self.prefs.lang;
        // Every worker's connection closes first: dropping the customers and consents tabs waits
        // for their list workers, the chain check is waited for, and the store waits for the rest.
        self.customers = CustomersTab::closed();
        self.consents = ConsentsTab::default();
        self.audit.close_workers();
        let Ok(open) = std::mem::replace(&mut self.register, Err(store::Error::Cancelled)) else { return };
        let (store, note, is_error) = match open.store.restore_from(candidate) {
            Ok((store, restored)) => {
                let kept = restored.kept_as.map(|kept| kept.display().to_string()).unwrap_or_default();
                (Ok(store), i18n::trf(lang, T::RestoreDone, &[&kept]), false)
            }
            Err(failed) => {
                (failed.store, i18n::trf(lang, T::RestoreFailed, &[&i18n::store_error(lang, &failed.error)]), true)
            }
        };
        self.reopen(egui_ctx, store);
        self.message = Some(note.clone());
        self.backups.restore_finished(note, is_error);
        // The register now open is shown from its customer list, as on starting the window.
        self.tab = Tab::Customers;
    }

    /// Holds a close while the backup on closing runs, and closes once it is made.
    fn close_with_backup(&mut self, ui: &mut egui::Ui) {
        let egui_ctx = ui.ctx().clone();
        let requested = egui_ctx.input(|input| input.viewport().close_requested());
        // A close that waited for another job to end asks again once it has.
        let waited = self.close_after_backup && !self.backups.is_busy() && self.backups.exit_backup_outcome().is_none();
        if (requested || waited)
            && let Ok(open) = &mut self.register
        {
            let mut ctx = AppCtx {
                store: &mut open.store,
                lang: self.prefs.lang,
                today: self.today,
                username: &open.username,
                dialogs: self.dialogs.as_ref(),
                counts_changed: false,
                message: None,
            };
            if self.backups.hold_close(&egui_ctx, &mut ctx) {
                if requested {
                    egui_ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                }
                self.close_after_backup = true;
            }
            if let Some(message) = ctx.message {
                self.message = Some(message);
            }
        }
        if self.close_after_backup {
            match self.backups.exit_backup_outcome() {
                Some(true) => {
                    self.close_after_backup = false;
                    egui_ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
                Some(false) => self.close_after_backup = false,
                None => self.backups.exit_ui(&egui_ctx, self.prefs.lang),
            }
        }
    }

    /// The backups tab's state, for tests.
    pub fn backups_tab(&self) -> &BackupsTab {
        &self.backups
    }

    fn window_title(&self) -> String {
        match &self.register {
            Ok(open) => format!("Rekisteri – {}", open.title),
            Err(_) => "Rekisteri".to_owned(),
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

impl App {
    /// Draws one frame of the whole window into `ui` (the root of a frame).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let title = self.window_title();
        if title != self.title_shown {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_shown = title;
        }
        self.watch_idle(ui.ctx());
        if self.gate.is_some() {
            let lang = self.prefs.lang;
            let sample_hint =
                self.sample_path.then_some((crate::sample::SAMPLE_USERNAME, crate::sample::SAMPLE_PASSWORD));
            egui::Panel::top("gate_bar").show(ui, |ui| self.gate_bar(ui));
            let mut request = GateRequest::None;
            let opening = self.opening.is_some();
            if let Some(gate) = &mut self.gate {
                egui::CentralPanel::default().show(ui, |ui| {
                    // While the register opens, the form stays as typed but takes nothing new.
                    ui.add_enabled_ui(!opening, |ui| request = gate.ui(ui, lang, sample_hint));
                    if opening {
                        ui.vertical_centered(|ui| {
                            ui.add_space(12.0);
                            ui.spinner();
                            ui.label(i18n::tr(lang, T::OpeningRegister));
                        });
                    }
                });
            }
            let ctx = ui.ctx().clone();
            self.answer_gate(&ctx, request);
            self.finish_opening(&ctx);
        } else {
            egui::Panel::top("top_bar").show(ui, |ui| self.top_bar(ui));
            egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
            egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        }
        if self.gate.is_none() {
            self.close_with_backup(ui);
        }
        if self.exit_after_first_frame {
            self.exit_after_first_list_frame(ui.ctx());
        }
    }

    /// Start-up measurements: closes the window at the first frame that shows the customer list
    /// (or at once when a sign-in screen is in front of it) and prints what the start took.
    fn exit_after_first_list_frame(&mut self, ctx: &egui::Context) {
        // Nothing to measure in front of a sign-in or a register that did not open: close.
        if self.gate.is_some() || self.register.is_err() {
            if let Err(error) = &self.register
                && self.gate.is_none()
            {
                eprintln!("rekisteri: {}", i18n::store_error(self.prefs.lang, error));
            }
            self.exit_after_first_frame = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        let list_shows_rows = self.tab == Tab::Customers && self.customers.match_count() > 0;
        if list_shows_rows || !self.is_busy() {
            self.first_list_frame.get_or_insert_with(crate::bench::startup::since_process_start);
        }
        if let Some(first_list_frame) = self.first_list_frame
            && !self.is_busy()
        {
            let customers = self.customers.match_count();
            println!("{}", crate::bench::startup::figures_line(first_list_frame, customers));
            self.exit_after_first_frame = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
