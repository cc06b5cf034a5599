//! Backups and restores of the register file, and the backup settings kept in the register.
//!
//! A backup is made with SQLite's online backup API from a connection that holds one read
//! transaction for the whole copy, so the copy is the register as of one moment however much the
//! window writes meanwhile; it copies pages, so a register encrypted at rest gives an encrypted
//! copy (the copy's connection is made by `connect`, like every other). It is written under a
//! `.partial` name and renamed when complete, so a half-written file is never taken for a backup.
//!
//! A restore never touches the backup itself or replaces anything before the user has seen what
//! the backup holds: the backup is copied into a new file beside the register, that copy is
//! checked (SQLite's integrity check, our application id and schema version, the audit chain) and
//! described, and only then swapped in. The register it replaces is kept beside it as
//! `NAME.before-restore-DATE.sqlite`, never deleted.
//!
//! A register is two files, the encrypted database and its key file (`NAME.keys`, see `keys`):
//! every backup is written with the register's key and its key file beside it, rotation deletes
//! both, and a restore copies, checks, swaps in and keeps aside both.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::params;

use super::keys::{self, DatabaseKey, KeyFile};
use super::lock::WriterLock;
use super::{ChainBreak, Error, Result, Store, connect, schema};
use crate::domain::Localized;
use crate::domain::audit::AuditAction;
use crate::domain::backup::{
    BackupSchedule, BackupSettings, BackupStamp, MAX_KEEP, MIN_KEEP, backup_file_name, backup_time_in_name,
    beyond_the_newest, parse_backup_file_name,
};
use crate::domain::user::{Permission, Role, UserId};

/// Pages copied per step of a backup (4 MiB with SQLite's default page size): small enough for a
/// smooth progress bar, large enough not to slow the copy down.
const PAGES_PER_STEP: i32 = 1024;
/// Bytes copied per step when a backup file is copied for a restore.
const COPY_CHUNK: usize = 1 << 20;

const SETTING_FOLDER: &str = "backup.folder";
const SETTING_SCHEDULE: &str = "backup.schedule";
const SETTING_KEEP: &str = "backup.keep";

/// A backup that was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupMade {
    pub path: PathBuf,
    pub bytes: u64,
}

/// Why a file was not restored. The register that is open is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("the file is not a database")]
    NotADatabase,
    #[error("the file is a database but not a Rekisteri register")]
    NotARegister,
    #[error("the backup is damaged")]
    Damaged,
    #[error("the backup was made by a newer Rekisteri (schema {found}, this version knows up to {supported})")]
    NewerSchema { found: i64, supported: i64 },
    #[error("the backup's audit trail is broken at row {}", .0.row_id)]
    AuditChainBroken(ChainBreak),
    #[error("the file is the register itself")]
    IsTheRegister,
    #[error(transparent)]
    Store(Error),
}

impl From<Error> for RestoreError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotADatabase => RestoreError::NotADatabase,
            Error::NotARegister => RestoreError::NotARegister,
            Error::Corrupt => RestoreError::Damaged,
            Error::NewerSchema { found, supported } => RestoreError::NewerSchema { found, supported },
            other => RestoreError::Store(other),
        }
    }
}

impl From<rusqlite::Error> for RestoreError {
    fn from(error: rusqlite::Error) -> Self {
        Error::from(error).into()
    }
}

/// What a backup holds, shown before it replaces anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestorePreview {
    pub backup_file: PathBuf,
    pub register_name: Localized,
    pub customers: i64,
    pub requests: i64,
    pub audit_rows: i64,
    pub newest_audit_entry: Option<NaiveDateTime>,
    /// When the backup was made: from its name, else the file's modification time.
    pub taken_at: Option<NaiveDateTime>,
    pub schema_version: i64,
}

/// A checked copy of a backup beside the register, waiting for the user's word. Dropping it
/// deletes the copy (ours, made for this restore); the backup itself is never touched.
pub struct RestoreCandidate {
    copy: Option<PathBuf>,
    key: DatabaseKey,
    actor: UserId,
    role: Role,
    pub preview: RestorePreview,
}

impl std::fmt::Debug for RestoreCandidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestoreCandidate")
            .field("copy", &self.copy)
            .field("preview", &self.preview)
            .finish_non_exhaustive()
    }
}

/// What a backup is opened with for a restore: the register's key and who the restored register
/// is then signed into as. Made from the open register ([`Store::restore_opener`]) or, where no
/// register exists yet, from a sign-in against the backup's own key file
/// ([`RestoreOpener::sign_in`]). It can be sent to a worker thread.
#[derive(Clone)]
pub struct RestoreOpener {
    key: DatabaseKey,
    actor: UserId,
    role: Role,
}

impl std::fmt::Debug for RestoreOpener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestoreOpener").field("actor", &self.actor).field("role", &self.role).finish_non_exhaustive()
    }
}

impl RestoreOpener {
    /// Opens the key of the backup at `backup` with a password valid when it was made: for a
    /// restore where no register exists yet. Only an administrator may restore.
    pub fn sign_in(backup: &Path, username: &str, password: &str) -> Result<Self> {
        let key_file = KeyFile::read(backup)?;
        let wrap = key_file.wrap_of(username).ok_or(Error::WrongPassword)?;
        let actor = UserId(wrap.user_id);
        let key = wrap.unwrap_key(password)?.ok_or(Error::WrongPassword)?;
        let conn = connect(backup, false, &key)?;
        let role: String = conn
            .query_row("SELECT role FROM app_user WHERE id = ?1 AND disabled = 0", [actor.0], |row| row.get(0))
            .map_err(|_| Error::WrongPassword)?;
        let role = super::parse_code("role", &role, Role::from_code)?;
        if !role.may(Permission::Administer) {
            return Err(Error::NotAllowed(role.refusal()));
        }
        Ok(Self { key, actor, role })
    }
}

impl Store {
    /// The key and user a backup is opened with to restore it into this register.
    pub fn restore_opener(&self) -> Result<RestoreOpener> {
        let role = self.role.ok_or(Error::NotAllowed(crate::domain::user::rule::NOT_SIGNED_IN))?;
        Ok(RestoreOpener { key: self.key.clone(), actor: self.actor, role })
    }
}

impl Drop for RestoreCandidate {
    fn drop(&mut self) {
        if let Some(copy) = self.copy.take() {
            remove_with_sidecars(&copy);
        }
    }
}

/// The register after a restore, and where the one it replaced was kept.
#[derive(Debug)]
pub struct Restored {
    pub kept_as: Option<PathBuf>,
}

/// A restore that did not happen: why, and the register that stays open (reopened as it was).
#[derive(Debug)]
pub struct RestoreFailed {
    pub error: Error,
    pub store: Result<Store>,
}

/// A file named `file_name` in the same folder as `path`.
fn beside(path: &Path, file_name: &str) -> PathBuf {
    path.with_file_name(file_name)
}

/// `dir/name` → `dir/name{suffix}`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn stem_of(path: &Path) -> String {
    path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Deletes a database file of ours, SQLite's sidecar files and its key file, ignoring those that
/// do not exist.
fn remove_with_sidecars(path: &Path) {
    for file in [path.to_owned(), with_suffix(path, "-wal"), with_suffix(path, "-shm"), keys::path_of(path)] {
        let _ = std::fs::remove_file(file);
    }
}

/// The time as it goes into the name of a file kept aside.
fn time_for_name(time: NaiveDateTime) -> String {
    time.format("%Y-%m-%d-%H%M%S").to_string()
}

impl Store {
    /// Copies the register into `target` as it is at this moment; see [`Store::backup_to_with_progress`].
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        self.backup_to_with_progress(target, &mut |_, _| {})
    }

    /// Copies the register into `target` with SQLite's online backup, a few megabytes a step,
    /// telling `progress` (pages done, pages in all) after each. The copy is a consistent snapshot
    /// even while other connections write; it is encrypted with the register's key, and the key
    /// file as of this moment is written beside it (`target.keys`), so the pair opens with the
    /// passwords valid now. A failed copy leaves no file behind.
    pub fn backup_to_with_progress(&self, target: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        let partial = with_suffix(target, ".partial");
        remove_with_sidecars(&partial);
        let result = self
            .copy_snapshot(&partial, progress)
            .and_then(|()| KeyFile::read(&self.path)?.without_sign_in_history().write(target))
            .and_then(|()| std::fs::rename(&partial, target).map_err(Error::from));
        if result.is_err() {
            remove_with_sidecars(&partial);
            let _ = std::fs::remove_file(keys::path_of(target));
        }
        result
    }

    fn copy_snapshot(&self, target: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        // Made like every connection, with the register's key: the copy is encrypted the same way.
        let mut copy = connect(target, true, &self.key)?;
        // One read transaction across every step: WAL keeps this snapshot for us while others
        // write, and SQLite does not restart the copy when the register changes.
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let copied = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
            .map_err(Error::from)
            .and_then(|()| copy_pages(&self.conn, &mut copy, progress));
        let ended = self.conn.execute_batch("COMMIT");
        copied?;
        ended?;
        // A single file: no write-ahead log to travel with it.
        let _: String = copy.pragma_update_and_check(None, "journal_mode", "delete", |row| row.get(0))?;
        copy.close().map_err(|(_, error)| Error::from(error))
    }

    /// Writes a backup named after the register and the time into `folder`.
    pub fn write_backup(&self, folder: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupMade> {
        std::fs::create_dir_all(folder)?;
        // The audit row names where the copy went, whatever the working folder was.
        let folder = &std::path::absolute(folder)?;
        let stem = stem_of(&self.path);
        let taken_at = super::now();
        let mut sequence = 1;
        let mut target = folder.join(backup_file_name(&stem, taken_at, sequence));
        while target.exists() {
            sequence += 1;
            target = folder.join(backup_file_name(&stem, taken_at, sequence));
        }
        self.backup_to_with_progress(&target, progress)?;
        let bytes = std::fs::metadata(&target)?.len();
        Ok(BackupMade { path: target, bytes })
    }

    /// Records a backup in the audit trail (after it was written: the copy itself does not hold
    /// this row).
    pub fn record_backup(&mut self, made: &BackupMade, automatic: bool) -> Result<()> {
        let how = if automatic { "automatic" } else { "manual" };
        let detail = format!("{how}: {} ({} bytes)", made.path.display(), made.bytes);
        self.write(|tx| tx.audit(AuditAction::BackupMade, None, &detail))
    }

    /// The backup settings, with defaults for what was never set.
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        let mut statement = self.conn.prepare_cached("SELECT value FROM setting WHERE key = ?1")?;
        let mut value = |key: &str| -> Result<Option<String>> {
            use rusqlite::OptionalExtension as _;
            Ok(statement.query_row([key], |row| row.get::<_, String>(0)).optional()?)
        };
        let defaults = BackupSettings::default();
        let folder = value(SETTING_FOLDER)?.filter(|folder| !folder.is_empty()).map(PathBuf::from);
        let schedule = match value(SETTING_SCHEDULE)? {
            Some(code) => super::parse_code("backup schedule", &code, BackupSchedule::from_code)?,
            None => defaults.schedule,
        };
        let keep = match value(SETTING_KEEP)? {
            Some(text) => text.parse().map_err(|_| Error::BadValue { column: "backup keep", value: text })?,
            None => defaults.keep,
        };
        Ok(BackupSettings { folder, schedule, keep })
    }

    /// Saves the backup settings, recording the change in the audit trail.
    pub fn save_backup_settings(&mut self, settings: &BackupSettings) -> Result<()> {
        let keep = settings.keep.clamp(MIN_KEEP, MAX_KEEP);
        let folder = settings.folder.as_ref().map(|folder| folder.display().to_string()).unwrap_or_default();
        self.write(|tx| {
            let mut statement =
                tx.prepare_cached("INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")?;
            statement.execute(params![SETTING_FOLDER, folder])?;
            statement.execute(params![SETTING_SCHEDULE, settings.schedule.code()])?;
            statement.execute(params![SETTING_KEEP, keep.to_string()])?;
            drop(statement);
            let detail = format!("backup: {}, keep {keep}, folder {folder}", settings.schedule.code());
            tx.audit(AuditAction::SettingsChanged, None, &detail)
        })
    }

    /// Replaces this register with a checked backup copy. The connection is closed, the register
    /// file is renamed to `NAME.before-restore-DATE.sqlite` (kept, never deleted), the copy takes
    /// its name, and the restored register is opened and records the restore in its own audit
    /// trail. The writer's lock is held throughout. Every other connection this store made with
    /// [`Store::reader`] (the window's workers) must be closed first: it is waited for a few
    /// seconds, then the restore is refused with [`Error::Locked`] and nothing is touched (a
    /// connection left open on the moved file could, on closing, delete the new register's
    /// write-ahead log by its name).
    pub fn restore_from(
        self,
        mut candidate: RestoreCandidate,
    ) -> std::result::Result<(Store, Restored), Box<RestoreFailed>> {
        if !self.wait_until_only_connection() {
            return Err(Box::new(RestoreFailed { error: Error::Locked, store: Ok(self) }));
        }
        let Store { conn, path, actor, role, key, lock, .. } = self;
        let reopen = |lock: Option<Arc<WriterLock>>| Store::reopen_with_key(&path, key.clone(), lock, actor, role);
        // Everything in the write-ahead log goes into the file before it is moved.
        let checkpointed = conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(Error::from)
            .and_then(|()| conn.close().map_err(|(_, error)| Error::from(error)));
        if let Err(error) = checkpointed {
            return Err(Box::new(RestoreFailed { error, store: reopen(lock) }));
        }
        let Some(copy) = candidate.copy.clone() else {
            return Err(Box::new(RestoreFailed { error: Error::NotFound("restore copy"), store: reopen(lock) }));
        };
        let kept_as = match swap_in(&path, &copy) {
            Ok(kept_as) => kept_as,
            Err(error) => return Err(Box::new(RestoreFailed { error, store: reopen(lock) })),
        };
        candidate.copy = None;
        let mut store = match reopen(lock) {
            Ok(store) => store,
            // The restored file is in place but does not open: nothing more can be done here; the
            // register it replaced is still beside it.
            Err(error) => {
                return Err(Box::new(RestoreFailed { store: Err(Error::NotFound("restored register")), error }));
            }
        };
        let kept = kept_as.as_ref().map_or_else(
            || "no earlier register".to_owned(),
            |kept| format!("earlier register kept as {}", kept.display()),
        );
        let detail = format!("from {}; {kept}", candidate.preview.backup_file.display());
        if let Err(error) = store.write(|tx| tx.audit(AuditAction::BackupRestored, None, &detail)) {
            return Err(Box::new(RestoreFailed { error, store: Ok(store) }));
        }
        if let Some(earlier) = &kept_as
            && let Err(error) = store.carry_over_withdrawals(earlier)
        {
            return Err(Box::new(RestoreFailed { error, store: Ok(store) }));
        }
        Ok((store, Restored { kept_as }))
    }
}

impl Store {
    /// After a restore: the consent withdrawals and objections the replaced register recorded
    /// that the backup does not hold are written into the restored register, in one transaction.
    /// A backup from before a withdrawal must never turn the consent back on (§7): the person's
    /// word outlives the restore. A consent given after the backup is not carried over — it stays
    /// withdrawn or never asked until it is recorded again with its evidence, the safe side.
    ///
    /// The replaced register is attached with this register's key (a restore only swaps in a
    /// backup that opened with it).
    fn carry_over_withdrawals(&mut self, earlier: &Path) -> Result<()> {
        let key = self.key.pragma_value();
        self.conn.execute("ATTACH DATABASE ?1 AS earlier KEY ?2", [&*earlier.to_string_lossy(), key.as_str()])?;
        let carried = self.carry_over_attached();
        let detached = self.conn.execute("DETACH DATABASE earlier", []);
        carried?;
        detached?;
        Ok(())
    }

    fn carry_over_attached(&mut self) -> Result<()> {
        let count = |from: &str| -> Result<i64> {
            Ok(self.conn.query_row(&format!("SELECT count(*) {from}"), [], |row| row.get(0))?)
        };
        let (consents, objections) = (count(MISSING_WITHDRAWALS)?, count(MISSING_OBJECTIONS)?);
        if consents + objections == 0 {
            return Ok(());
        }
        let actor = self.actor;
        self.write(|tx| {
            tx.execute(
                &format!(
                    "INSERT INTO main.consent_event (customer_id, purpose_id, channel, action, occurred_at, source, evidence, recorded_by, recorded_at)
                     SELECT e.customer_id, e.purpose_id, e.channel, e.action, e.occurred_at, e.source, e.evidence,
                            coalesce((SELECT id FROM main.app_user WHERE id = e.recorded_by), ?1), e.recorded_at
                     {MISSING_WITHDRAWALS} ORDER BY e.id"
                ),
                [actor.0],
            )?;
            tx.execute(
                &format!(
                    "INSERT INTO main.objection_event (customer_id, kind, action, occurred_at, source, evidence, recorded_by, recorded_at)
                     SELECT e.customer_id, e.kind, e.action, e.occurred_at, e.source, e.evidence,
                            coalesce((SELECT id FROM main.app_user WHERE id = e.recorded_by), ?1), e.recorded_at
                     {MISSING_OBJECTIONS} ORDER BY e.id"
                ),
                [actor.0],
            )?;
            let detail = format!(
                "restore: {consents} consent withdrawals and {objections} objections recorded after the backup carried over"
            );
            tx.audit(AuditAction::ConsentRecorded, None, &detail)
        })
    }
}

/// The consent withdrawals of the replaced register (attached as `earlier`) that the restored
/// one lacks, for people and purposes it holds.
const MISSING_WITHDRAWALS: &str = "FROM earlier.consent_event e
     WHERE e.action = 'withdrawn'
       AND EXISTS (SELECT 1 FROM main.customer c WHERE c.id = e.customer_id)
       AND EXISTS (SELECT 1 FROM main.purpose p WHERE p.id = e.purpose_id)
       AND NOT EXISTS (SELECT 1 FROM main.consent_event m
                       WHERE m.customer_id = e.customer_id AND m.purpose_id = e.purpose_id
                         AND m.channel = e.channel AND m.action = e.action AND m.occurred_at = e.occurred_at)";

/// The objections the replaced register recorded that the restored one lacks.
const MISSING_OBJECTIONS: &str = "FROM earlier.objection_event e
     WHERE e.action = 'made'
       AND EXISTS (SELECT 1 FROM main.customer c WHERE c.id = e.customer_id)
       AND NOT EXISTS (SELECT 1 FROM main.objection_event m
                       WHERE m.customer_id = e.customer_id AND m.kind = e.kind
                         AND m.action = e.action AND m.occurred_at = e.occurred_at)";

/// How long a restore waits for the window's workers to close their connections.
const WAIT_FOR_CONNECTIONS: Duration = Duration::from_secs(5);

impl Store {
    /// Whether this is (or within a few seconds becomes) the only connection sharing its lock.
    fn wait_until_only_connection(&self) -> bool {
        let Some(lock) = &self.lock else { return true };
        let started = std::time::Instant::now();
        while Arc::strong_count(lock) > 1 {
            if started.elapsed() > WAIT_FOR_CONNECTIONS {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    /// Puts a checked backup copy in place where no register exists yet (recovery on a new
    /// machine), opens it and records the restore in its audit trail.
    /// The restored register is signed into by the administrator it was made with.
    pub fn install_restored(path: &Path, mut candidate: RestoreCandidate) -> Result<Store> {
        let lock = WriterLock::acquire(path)?;
        if path.exists() {
            return Err(Error::NotAllowed("a register exists there: restore it from the register itself"));
        }
        let copy = candidate.copy.take().ok_or(Error::NotFound("restore copy"))?;
        if let Err(error) = std::fs::rename(keys::path_of(&copy), keys::path_of(path)) {
            candidate.copy = Some(copy);
            return Err(error.into());
        }
        if let Err(error) = std::fs::rename(&copy, path) {
            let _ = std::fs::rename(keys::path_of(path), keys::path_of(&copy));
            candidate.copy = Some(copy);
            return Err(error.into());
        }
        let mut store = Store::reopen_with_key(
            path,
            candidate.key.clone(),
            Some(Arc::new(lock)),
            candidate.actor,
            Some(candidate.role),
        )?;
        let detail = format!("from {}; no earlier register", candidate.preview.backup_file.display());
        store.write(|tx| tx.audit(AuditAction::BackupRestored, None, &detail))?;
        Ok(store)
    }
}

/// Copies every page from `from` to `to` step by step (retrying while the source is busy).
fn copy_pages(
    from: &rusqlite::Connection,
    to: &mut rusqlite::Connection,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let backup = Backup::new(from, to)?;
    loop {
        let step = backup.step(PAGES_PER_STEP)?;
        let pages = backup.progress();
        let total = u64::try_from(pages.pagecount).unwrap_or(0);
        let remaining = u64::try_from(pages.remaining).unwrap_or(0);
        progress(total.saturating_sub(remaining), total);
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// Moves the register at `path` aside (with a write-ahead log left beside it, if any) and puts
/// `copy` in its place; puts the register back if the copy cannot be moved. Returns where the
/// register was kept, or `None` when there was none.
fn swap_in(path: &Path, copy: &Path) -> Result<Option<PathBuf>> {
    let kept_as = if path.exists() {
        let stem = stem_of(path);
        let mut kept = beside(path, &format!("{stem}.before-restore-{}.sqlite", time_for_name(super::now())));
        let mut sequence = 1;
        while kept.exists() {
            sequence += 1;
            kept = beside(path, &format!("{stem}.before-restore-{}-{sequence}.sqlite", time_for_name(super::now())));
        }
        std::fs::rename(path, &kept)?;
        let wal = with_suffix(path, "-wal");
        if wal.exists() {
            std::fs::rename(&wal, with_suffix(&kept, "-wal"))?;
        }
        let key_file = keys::path_of(path);
        if key_file.exists() {
            std::fs::rename(&key_file, keys::path_of(&kept))?;
        }
        // The shared-memory index is rebuilt from the files; an old one must not meet the new file.
        let _ = std::fs::remove_file(with_suffix(path, "-shm"));
        Some(kept)
    } else {
        None
    };
    let moved = std::fs::rename(keys::path_of(copy), keys::path_of(path)).and_then(|()| {
        std::fs::rename(copy, path).inspect_err(|_| {
            let _ = std::fs::rename(keys::path_of(path), keys::path_of(copy));
        })
    });
    if let Err(error) = moved {
        if let Some(kept) = &kept_as {
            let _ = std::fs::rename(kept, path);
            let _ = std::fs::rename(keys::path_of(kept), keys::path_of(path));
            let kept_wal = with_suffix(kept, "-wal");
            if kept_wal.exists() {
                let _ = std::fs::rename(kept_wal, with_suffix(path, "-wal"));
            }
        }
        return Err(error.into());
    }
    Ok(kept_as)
}

/// Our backups of the register at `register` in `folder`, newest first.
pub fn our_backups(folder: &Path, register: &Path) -> Result<Vec<(BackupStamp, PathBuf)>> {
    let stem = stem_of(register);
    let mut backups = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let name = entry.file_name();
        if let Some(stamp) = parse_backup_file_name(&stem, &name.to_string_lossy()) {
            backups.push((stamp, entry.path()));
        }
    }
    backups.sort_by(|a, b| b.cmp(a));
    Ok(backups)
}

/// Deletes our backups of the register in `folder` beyond the newest `keep`, and nothing else:
/// other files and other registers' backups stay. Returns what was deleted.
pub fn rotate_backups(folder: &Path, register: &Path, keep: u32) -> Result<Vec<PathBuf>> {
    let older = beyond_the_newest(our_backups(folder, register)?, keep);
    for path in &older {
        std::fs::remove_file(path)?;
        let key_file = keys::path_of(path);
        if key_file.exists() {
            std::fs::remove_file(key_file)?;
        }
    }
    Ok(older)
}

/// Copies the backup at `backup` into a new file beside the register at `register`, checks it and
/// describes it. `progress` hears (bytes copied, bytes in all), then the same again once the
/// checks are done. Nothing is replaced: see [`Store::restore_from`].
pub fn prepare_restore(
    register: &Path,
    backup: &Path,
    opener: &RestoreOpener,
    progress: &mut dyn FnMut(u64, u64),
) -> std::result::Result<RestoreCandidate, RestoreError> {
    if let (Ok(a), Ok(b)) = (backup.canonicalize(), register.canonicalize())
        && a == b
    {
        return Err(RestoreError::IsTheRegister);
    }
    remove_stale_restore_copies(register);
    let copy = beside(register, &format!("{}.restoring-{}.sqlite", stem_of(register), time_for_name(super::now())));
    let mut candidate = RestoreCandidate {
        copy: Some(copy.clone()),
        key: opener.key.clone(),
        actor: opener.actor,
        role: opener.role,
        preview: empty_preview(backup),
    };
    let total = copy_file(backup, &copy, progress)?;
    // The key file travels with the backup; a backup copied without it gets the register's.
    if keys::path_of(backup).exists() {
        std::fs::copy(keys::path_of(backup), keys::path_of(&copy)).map_err(Error::from)?;
    } else {
        KeyFile::read(register)?.without_sign_in_history().write(&copy)?;
    }
    candidate.preview = check_copy(&copy, backup, &opener.key)?;
    progress(total, total);
    Ok(candidate)
}

/// Deletes copies of ours left beside the register by a restore that never finished (the window
/// killed while it showed a preview). Only names this module makes are touched, and only while
/// the caller holds the register's lock, so no other restore is under way.
fn remove_stale_restore_copies(register: &Path) {
    let prefix = format!("{}.restoring-", stem_of(register));
    let folder = register.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix)
            && [".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite.keys"].iter().any(|end| name.ends_with(end))
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn empty_preview(backup: &Path) -> RestorePreview {
    RestorePreview {
        backup_file: backup.to_owned(),
        register_name: Localized::default(),
        customers: 0,
        requests: 0,
        audit_rows: 0,
        newest_audit_entry: None,
        taken_at: None,
        schema_version: 0,
    }
}

/// A byte copy of a closed backup file (never of a live register), in chunks for the progress bar.
fn copy_file(from: &Path, to: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
    use std::io::{Read as _, Write as _};
    let mut source = std::fs::File::open(from)?;
    let total = source.metadata()?.len();
    let mut target = std::fs::File::create(to)?;
    let mut buffer = vec![0; COPY_CHUNK];
    let mut done = 0;
    loop {
        let read = source.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        target.write_all(&buffer[..read])?;
        done += read as u64;
        progress(done, total);
    }
    target.sync_all()?;
    Ok(done)
}

/// The checks a backup must pass before it may replace the register, and its preview.
fn check_copy(copy: &Path, backup: &Path, key: &DatabaseKey) -> std::result::Result<RestorePreview, RestoreError> {
    let version = {
        let conn = connect(copy, false, key)?;
        let version = schema::register_version(&conn)?;
        let mut statement = conn.prepare("PRAGMA integrity_check(1)")?;
        let verdict: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        if verdict != ["ok"] {
            return Err(RestoreError::Damaged);
        }
        version
    };
    // An older schema is brought up to date in the copy (never in the backup).
    let store = Store::reopen_with_key(copy, key.clone(), None, super::BUILTIN_USER, None)?;
    if let Some(broken) = store.verify_audit_chain()? {
        return Err(RestoreError::AuditChainBroken(broken));
    }
    let info = store.register_info()?;
    let count = |table: &str| -> Result<i64> {
        Ok(store.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?)
    };
    let newest: Option<String> =
        store.conn.query_row("SELECT max(occurred_at) FROM audit_log", [], |row| row.get(0))?;
    let file_name = backup.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let taken_at = backup_time_in_name(&file_name).or_else(|| {
        let modified = std::fs::metadata(backup).and_then(|meta| meta.modified()).ok()?;
        Some(chrono::DateTime::<chrono::Local>::from(modified).naive_local())
    });
    Ok(RestorePreview {
        backup_file: backup.to_owned(),
        register_name: info.register_name,
        customers: count("customer")?,
        requests: count("request")?,
        audit_rows: count("audit_log")?,
        newest_audit_entry: newest.as_deref().map(super::parse_stored_time).transpose()?,
        taken_at,
        schema_version: version,
    })
}
