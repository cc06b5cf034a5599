//! The Backups tab: "Back up now" into a folder picked with a dialog, the automatic backup's
//! settings (folder, when, how many to keep), this register's backups in that folder, and
//! restore: a backup is copied and checked on a worker thread, its preview shown, and only the
//! user's confirmation lets the shell replace the open register (see `App::restore_backup`).
//!
//! The tab also owns the backups the window makes by itself: the daily one (checked now and
//! then while the window is open) and the one when the window is closed; `tick` runs every
//! frame whichever tab is shown. Backups and restores run on worker threads with progress bars.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use crate::domain::Lang;
use crate::domain::backup::{BackupSchedule, BackupSettings, MAX_KEEP, MIN_KEEP, daily_backup_due};
use crate::domain::finnish_date;
use crate::i18n::{self, Label as _, T};
use crate::store::{self, BackupMade, RestoreCandidate, RestoreError, Store};
use crate::ui::app::AppCtx;
use crate::ui::{theme, widgets};

/// How often the window looks whether the daily backup is due.
const DAILY_CHECK_EVERY: Duration = Duration::from_secs(10 * 60);

/// Work done so far of a job on a worker thread, for the progress bar.
#[derive(Default)]
struct Progress {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    fn set(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    #[expect(clippy::cast_precision_loss, reason = "a fraction for a progress bar")]
    fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 { 0.0 } else { (self.done.load(Ordering::Relaxed) as f64 / total as f64) as f32 }
    }

    fn is_complete(&self) -> bool {
        let total = self.total.load(Ordering::Relaxed);
        total > 0 && self.done.load(Ordering::Relaxed) >= total
    }
}

/// Why a backup is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Occasion {
    /// "Back up now".
    Manual,
    /// The daily backup.
    Daily,
    /// The backup when the window is closed.
    OnExit,
}

enum Outcome {
    Backup(store::Result<BackupMade>),
    Restore(Result<RestoreCandidate, RestoreError>),
}

/// A backup or a restore's copy and checks, running on its worker thread.
struct Job {
    occasion: Option<Occasion>,
    progress: Arc<Progress>,
    outcome: Receiver<Outcome>,
}

impl Job {
    fn start(
        name: &str,
        occasion: Option<Occasion>,
        egui_ctx: &egui::Context,
        work: impl FnOnce(&mut dyn FnMut(u64, u64)) -> Outcome + Send + 'static,
    ) -> std::io::Result<Self> {
        let progress = Arc::new(Progress::default());
        let (sender, outcome) = channel();
        let (shared, egui_ctx) = (Arc::clone(&progress), egui_ctx.clone());
        std::thread::Builder::new().name(name.into()).spawn(move || {
            let result = work(&mut |done, total| {
                shared.set(done, total);
                egui_ctx.request_repaint();
            });
            // The tab may be gone (the window closed); then nobody needs the result.
            let _ = sender.send(result);
            egui_ctx.request_repaint();
        })?;
        Ok(Self { occasion, progress, outcome })
    }
}

/// One of our backups in the folder: when it was made, the file, its size.
type Listed = (NaiveDateTime, PathBuf, u64);

/// The settings as edited.
struct SettingsForm {
    folder: Option<PathBuf>,
    schedule: BackupSchedule,
    keep: u32,
}

impl From<BackupSettings> for SettingsForm {
    fn from(settings: BackupSettings) -> Self {
        Self { folder: settings.folder, schedule: settings.schedule, keep: settings.keep }
    }
}

/// The last thing that happened, shown under the buttons.
struct Note {
    text: String,
    is_error: bool,
}

/// Where the backup on closing the window stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum ExitBackup {
    #[default]
    NotStarted,
    Running,
    /// Made, or not wanted: the window closes.
    Done,
    /// Failed: the user was told, and a second close closes without one.
    Failed,
}

#[derive(Default)]
pub struct BackupsTab {
    form: Option<Result<SettingsForm, store::Error>>,
    /// Our backups in the settings' folder.
    listing: Option<Result<Vec<Listed>, String>>,
    job: Option<Job>,
    /// A checked backup waiting for the user's word.
    candidate: Option<RestoreCandidate>,
    /// A backup the user confirmed, for the shell to put in place.
    confirmed: Option<RestoreCandidate>,
    note: Option<Note>,
    next_daily_check: Option<Instant>,
    exit: ExitBackup,
    /// Where the last job's progress bar stood when it ended.
    last_progress: Option<f32>,
}

impl BackupsTab {
    pub fn reload(&mut self) {
        self.form = None;
        self.listing = None;
    }

    /// A backup or a restore check is running (tests wait for it).
    pub fn is_busy(&self) -> bool {
        self.job.is_some()
    }

    /// Where the last backup's or restore check's progress bar stood when it ended (for tests).
    pub fn last_progress(&self) -> Option<f32> {
        self.last_progress
    }

    /// The backup the user confirmed, once no backup of this tab is running (its connection
    /// must be closed): the shell closes every other connection and restores it.
    pub fn take_confirmed_restore(&mut self) -> Option<RestoreCandidate> {
        if self.job.is_some() {
            return None;
        }
        self.confirmed.take()
    }

    /// What the shell's restore did, shown in the tab.
    pub fn restore_finished(&mut self, text: String, is_error: bool) {
        self.note = Some(Note { text, is_error });
        self.reload();
    }

    /// Every frame, on whichever tab: finishes a job that is done and starts the daily backup
    /// when it is due.
    pub fn tick(&mut self, egui_ctx: &egui::Context, ctx: &mut AppCtx<'_>) {
        self.poll_job(ctx);
        let waiting_for_restore = self.candidate.is_some() || self.confirmed.is_some();
        if self.job.is_none() && !waiting_for_restore && self.next_daily_check.is_none_or(|at| Instant::now() >= at) {
            self.next_daily_check = Some(Instant::now() + DAILY_CHECK_EVERY);
            self.start_daily_if_due(egui_ctx, ctx);
        }
        if self.job.is_some() {
            egui_ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// Whether closing must wait for a backup: starts the backup when the settings ask for one
    /// on closing and it has not been made yet. Returns `true` while the window must stay open.
    pub fn hold_close(&mut self, egui_ctx: &egui::Context, ctx: &mut AppCtx<'_>) -> bool {
        match self.exit {
            ExitBackup::Done | ExitBackup::Failed => false,
            ExitBackup::Running => true,
            ExitBackup::NotStarted => {
                let folder = match ctx.store.backup_settings() {
                    Ok(settings) if settings.schedule == BackupSchedule::OnExit => settings.folder,
                    _ => None,
                };
                let Some(folder) = folder else {
                    self.exit = ExitBackup::Done;
                    return false;
                };
                if self.job.is_some() {
                    // The job running now finishes first; closing asks again afterwards.
                    return true;
                }
                self.exit = ExitBackup::Running;
                self.start_backup(egui_ctx, ctx, folder, Occasion::OnExit);
                self.exit == ExitBackup::Running
            }
        }
    }

    /// How the backup on closing ended: `Some(true)` made, `Some(false)` failed, `None` not yet.
    pub fn exit_backup_outcome(&self) -> Option<bool> {
        match self.exit {
            ExitBackup::Done => Some(true),
            ExitBackup::Failed => Some(false),
            ExitBackup::NotStarted | ExitBackup::Running => None,
        }
    }

    /// The progress shown over every tab while the window waits to close.
    pub fn exit_ui(&mut self, egui_ctx: &egui::Context, lang: Lang) {
        if self.exit != ExitBackup::Running {
            return;
        }
        let Some(job) = &self.job else { return };
        let fraction = job.progress.fraction();
        egui::Modal::new(egui::Id::unique("backup_on_exit")).show(egui_ctx, |ui| {
            ui.heading(i18n::tr(lang, T::BackupOnExitTitle));
            ui.add(egui::ProgressBar::new(fraction).show_percentage().desired_width(360.0));
        });
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| {
            self.backup_now_ui(ui, ctx);
            self.settings_ui(ui, ctx);
            self.listing_ui(ui, ctx);
            self.restore_ui(ui, ctx);
            if let Some(note) = &self.note {
                ui.add_space(8.0);
                let colour = if note.is_error { theme::overdue(ui) } else { theme::good(ui) };
                ui.colored_label(colour, &note.text);
            }
        });
        self.preview_ui(ui, lang, ctx.store.path());
    }

    fn backup_now_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        widgets::section(ui, i18n::tr(lang, T::BackupHeading));
        ui.label(i18n::tr(lang, T::BackupExplain));
        let idle = self.job.is_none();
        let button = ui
            .add_enabled(idle, egui::Button::new(i18n::tr(lang, T::BackupNow)))
            .on_hover_text(i18n::tr(lang, T::BackupNowHint));
        if button.clicked() {
            let start = self.saved_folder(ctx.store);
            if let Some(folder) = ctx.dialogs.pick_folder(start.as_deref()) {
                self.start_backup(ui.ctx(), ctx, folder, Occasion::Manual);
            }
        }
        if let Some(job) = &self.job
            && job.occasion.is_some()
        {
            ui.horizontal(|ui| {
                ui.label(i18n::tr(lang, T::BackupRunning));
                ui.add(egui::ProgressBar::new(job.progress.fraction()).show_percentage().desired_width(300.0));
            });
        }
    }

    fn settings_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        widgets::section(ui, i18n::tr(lang, T::AutomaticBackupHeading));
        let form = match self.form.get_or_insert_with(|| ctx.store.backup_settings().map(SettingsForm::from)) {
            Ok(form) => form,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        let mut save = false;
        egui::Grid::new("backup_settings").num_columns(2).show(ui, |ui| {
            ui.label(i18n::tr(lang, T::BackupFolder));
            ui.horizontal(|ui| {
                match &form.folder {
                    Some(folder) => ui.label(folder.display().to_string()),
                    None => ui.weak(i18n::tr(lang, T::BackupFolderNone)),
                };
                if ui.button(i18n::tr(lang, T::ChooseFolder)).clicked()
                    && let Some(folder) = ctx.dialogs.pick_folder(form.folder.as_deref())
                {
                    form.folder = Some(folder);
                }
            });
            ui.end_row();
            let label = ui.label(i18n::tr(lang, T::BackupWhen));
            egui::ComboBox::from_id_salt("backup_schedule")
                .selected_text(form.schedule.label(lang))
                .width(260.0)
                .show_ui(ui, |ui| {
                    for schedule in BackupSchedule::ALL {
                        ui.selectable_value(&mut form.schedule, *schedule, schedule.label(lang));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(i18n::tr(lang, T::BackupKeep));
            ui.add(egui::DragValue::new(&mut form.keep).range(MIN_KEEP..=MAX_KEEP)).labelled_by(label.id);
            ui.end_row();
        });
        ui.label(egui::RichText::new(i18n::tr(lang, T::BackupKeepHint)).small().weak());
        if ui.button(i18n::tr(lang, T::SaveSettings)).clicked() {
            save = true;
        }
        if !save {
            return;
        }
        if form.schedule != BackupSchedule::Off && form.folder.is_none() {
            self.note = Some(Note { text: i18n::tr(lang, T::BackupNeedsFolder).to_owned(), is_error: true });
            return;
        }
        let settings = BackupSettings { folder: form.folder.clone(), schedule: form.schedule, keep: form.keep };
        self.note = Some(match ctx.store.save_backup_settings(&settings) {
            Ok(()) => Note { text: i18n::tr(lang, T::BackupSettingsSaved).to_owned(), is_error: false },
            Err(error) => Note { text: i18n::store_error(lang, &error), is_error: true },
        });
        self.listing = None;
        // A daily backup due under the new settings starts without waiting for the next check.
        self.next_daily_check = None;
    }

    fn listing_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let Some(folder) = self.saved_folder(ctx.store) else { return };
        widgets::section(ui, i18n::tr(lang, T::BackupsInFolder));
        ui.label(egui::RichText::new(folder.display().to_string()).weak());
        let listing = self.listing.get_or_insert_with(|| list_backups(&folder, ctx.store.path(), lang));
        let backups = match listing {
            Ok(backups) => backups,
            Err(message) => return widgets::load_error(ui, lang, message),
        };
        if backups.is_empty() {
            ui.label(i18n::tr(lang, T::NoBackupsYet));
            return;
        }
        let idle = self.job.is_none();
        let mut chosen = None;
        egui::Grid::new("backup_listing").num_columns(3).striped(true).show(ui, |ui| {
            for (taken_at, path, bytes) in backups.iter() {
                ui.label(format!("{} {}", finnish_date(taken_at.date()), taken_at.format("%H:%M:%S")));
                ui.label(size_text(*bytes));
                let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
                if ui.add_enabled(idle, egui::Button::new(i18n::tr(lang, T::RestoreThis))).on_hover_text(name).clicked()
                {
                    chosen = Some(path.clone());
                }
                ui.end_row();
            }
        });
        if let Some(path) = chosen {
            self.start_restore(ui.ctx(), ctx, path);
        }
    }

    fn restore_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        widgets::section(ui, i18n::tr(lang, T::RestoreHeading));
        ui.label(i18n::tr(lang, T::RestoreExplain));
        let idle = self.job.is_none() && self.candidate.is_none();
        if ui.add_enabled(idle, egui::Button::new(i18n::tr(lang, T::RestoreFromFile))).clicked() {
            let start = self.saved_folder(ctx.store);
            if let Some(path) = ctx.dialogs.open_backup(start.as_deref()) {
                self.start_restore(ui.ctx(), ctx, path);
            }
        }
        if let Some(job) = &self.job
            && job.occasion.is_none()
        {
            ui.horizontal(|ui| {
                if job.progress.is_complete() {
                    ui.label(i18n::tr(lang, T::RestoreChecking));
                    ui.add(egui::ProgressBar::new(1.0).animate(true).desired_width(300.0));
                } else {
                    ui.label(i18n::tr(lang, T::RestoreCopying));
                    ui.add(egui::ProgressBar::new(job.progress.fraction()).show_percentage().desired_width(300.0));
                }
            });
        }
    }

    /// The preview of a checked backup, and the user's word.
    fn preview_ui(&mut self, ui: &mut egui::Ui, lang: Lang, register: &Path) {
        let Some(candidate) = &self.candidate else { return };
        let preview = &candidate.preview;
        let when = |time: Option<NaiveDateTime>| {
            time.map(|time| format!("{} {}", finnish_date(time.date()), time.format("%H:%M"))).unwrap_or_default()
        };
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("restore_preview")).show(ui.ctx(), |ui| {
            ui.set_max_width(620.0);
            ui.heading(i18n::tr(lang, T::RestorePreviewTitle));
            egui::Grid::new("restore_preview_grid").num_columns(2).show(ui, |ui| {
                widgets::grid_row(ui, i18n::tr(lang, T::PreviewFile), &preview.backup_file.display().to_string());
                widgets::grid_row(ui, i18n::tr(lang, T::PreviewRegister), preview.register_name.get(lang));
                widgets::grid_row(ui, i18n::tr(lang, T::PreviewTaken), &when(preview.taken_at));
                widgets::grid_row(ui, i18n::tr(lang, T::PreviewCustomers), &preview.customers.to_string());
                widgets::grid_row(ui, i18n::tr(lang, T::PreviewRequests), &preview.requests.to_string());
                widgets::grid_row(ui, i18n::tr(lang, T::PreviewAuditRows), &preview.audit_rows.to_string());
                widgets::grid_row(ui, i18n::tr(lang, T::PreviewNewestAudit), &when(preview.newest_audit_entry));
            });
            ui.colored_label(theme::good(ui), i18n::tr(lang, T::PreviewChecksPassed));
            ui.add(egui::Label::new(i18n::trf(lang, T::RestoreWarning, &[&register_stem(register)])).wrap());
            ui.horizontal(|ui| {
                if ui.button(egui::RichText::new(i18n::tr(lang, T::RestoreConfirm)).strong()).clicked() {
                    choice = Some(true);
                }
                if ui.button(i18n::tr(lang, T::Cancel)).clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => self.confirmed = self.candidate.take(),
            // Dropping the candidate deletes its copy; the backup itself stays.
            Some(false) => self.candidate = None,
            None => {}
        }
    }

    fn saved_folder(&self, store: &Store) -> Option<PathBuf> {
        match &self.form {
            Some(Ok(form)) => form.folder.clone(),
            _ => store.backup_settings().ok().and_then(|settings| settings.folder),
        }
    }

    fn start_daily_if_due(&mut self, egui_ctx: &egui::Context, ctx: &mut AppCtx<'_>) {
        let Ok(settings) = ctx.store.backup_settings() else { return };
        let Some(folder) = settings.folder.filter(|_| settings.schedule == BackupSchedule::Daily) else { return };
        let newest = if folder.exists() {
            match store::our_backups(&folder, ctx.store.path()) {
                Ok(backups) => backups.first().map(|(stamp, _)| stamp.taken_at),
                Err(_) => None,
            }
        } else {
            None
        };
        // The clock's date, not the window's: a window left open overnight backs up the next day.
        if daily_backup_due(newest, store::today()) {
            self.start_backup(egui_ctx, ctx, folder, Occasion::Daily);
        }
    }

    fn start_backup(&mut self, egui_ctx: &egui::Context, ctx: &mut AppCtx<'_>, folder: PathBuf, occasion: Occasion) {
        let lang = ctx.lang;
        // Its own connection: the copy runs while the window goes on reading and writing.
        let reader = match ctx.store.reader() {
            Ok(reader) => reader,
            Err(error) => return self.backup_failed(ctx, &i18n::store_error(lang, &error), occasion),
        };
        let started = Job::start("backup", Some(occasion), egui_ctx, move |progress| {
            Outcome::Backup(reader.write_backup(&folder, progress))
        });
        match started {
            Ok(job) => self.job = Some(job),
            Err(error) => self.backup_failed(ctx, &error.to_string(), occasion),
        }
    }

    fn start_restore(&mut self, egui_ctx: &egui::Context, ctx: &mut AppCtx<'_>, backup: PathBuf) {
        let register = ctx.store.path().to_owned();
        self.note = None;
        // The copy is opened with the open register's key.
        let opener = match ctx.store.restore_opener() {
            Ok(opener) => opener,
            Err(error) => {
                let text = i18n::trf(ctx.lang, T::RestoreFailed, &[&i18n::store_error(ctx.lang, &error)]);
                self.note = Some(Note { text, is_error: true });
                return;
            }
        };
        let started = Job::start("restore-check", None, egui_ctx, move |progress| {
            Outcome::Restore(store::prepare_restore(&register, &backup, &opener, progress))
        });
        match started {
            Ok(job) => self.job = Some(job),
            Err(error) => {
                let text = i18n::trf(ctx.lang, T::RestoreFailed, &[&error]);
                self.note = Some(Note { text, is_error: true });
            }
        }
    }

    fn poll_job(&mut self, ctx: &mut AppCtx<'_>) {
        let Some(job) = &self.job else { return };
        let outcome = match job.outcome.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Outcome::Backup(Err(store::Error::Cancelled)),
        };
        let occasion = job.occasion;
        self.last_progress = Some(job.progress.fraction());
        self.job = None;
        let lang = ctx.lang;
        match (outcome, occasion) {
            (Outcome::Backup(Ok(made)), Some(occasion)) => self.backup_made(ctx, &made, occasion),
            (Outcome::Backup(Err(error)), Some(occasion)) => {
                self.backup_failed(ctx, &i18n::store_error(lang, &error), occasion);
            }
            (Outcome::Restore(Ok(candidate)), _) => self.candidate = Some(candidate),
            (Outcome::Restore(Err(error)), _) => {
                let text = i18n::trf(lang, T::RestoreFailed, &[&i18n::restore_error(lang, &error)]);
                self.note = Some(Note { text, is_error: true });
            }
            (Outcome::Backup(_), None) => {}
        }
    }

    /// Records the backup, applies the keep rule when it went to the settings' folder, and tells.
    fn backup_made(&mut self, ctx: &mut AppCtx<'_>, made: &BackupMade, occasion: Occasion) {
        let lang = ctx.lang;
        if let Err(error) = ctx.store.record_backup(made, occasion != Occasion::Manual) {
            return self.backup_failed(ctx, &i18n::store_error(lang, &error), occasion);
        }
        let settings = ctx.store.backup_settings().unwrap_or_default();
        let folder = made.path.parent().map(Path::to_owned);
        let deleted = match (&settings.folder, &folder) {
            (Some(saved), Some(used)) if same_folder(saved, used) => {
                store::rotate_backups(used, ctx.store.path(), settings.keep).map(|deleted| deleted.len())
            }
            _ => Ok(0),
        };
        let text = match (deleted, occasion) {
            (Err(error), _) => i18n::trf(lang, T::BackupFailed, &[&i18n::store_error(lang, &error)]),
            (Ok(0), Occasion::Manual) => i18n::trf(lang, T::BackupSaved, &[&made.path.display()]),
            (Ok(0), _) => i18n::trf(lang, T::AutomaticBackupSaved, &[&made.path.display()]),
            (Ok(count), _) => i18n::trf(lang, T::BackupSavedRotated, &[&made.path.display(), &count]),
        };
        ctx.message = Some(text.clone());
        self.note = Some(Note { text, is_error: false });
        self.listing = None;
        if occasion == Occasion::OnExit {
            self.exit = ExitBackup::Done;
        }
    }

    fn backup_failed(&mut self, ctx: &mut AppCtx<'_>, reason: &str, occasion: Occasion) {
        let lang = ctx.lang;
        let text = if occasion == Occasion::OnExit {
            i18n::trf(lang, T::BackupOnExitFailed, &[&reason])
        } else {
            i18n::trf(lang, T::BackupFailed, &[&reason])
        };
        ctx.message = Some(text.clone());
        self.note = Some(Note { text, is_error: true });
        if occasion == Occasion::OnExit {
            self.exit = ExitBackup::Failed;
        }
    }
}

/// Our backups in `folder`, with their sizes, newest first.
fn list_backups(folder: &Path, register: &Path, lang: Lang) -> Result<Vec<Listed>, String> {
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let backups = store::our_backups(folder, register).map_err(|error| i18n::store_error(lang, &error))?;
    Ok(backups
        .into_iter()
        .map(|(stamp, path)| {
            let bytes = std::fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0);
            (stamp.taken_at, path, bytes)
        })
        .collect())
}

fn same_folder(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// "12,3 Mt" / "840 kt": the size of a backup.
#[expect(clippy::cast_precision_loss, reason = "a size rounded for reading")]
fn size_text(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / MIB).replace('.', ",")
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// The register's file stem, as the warning names the file it keeps.
fn register_stem(path: &Path) -> String {
    path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
}
