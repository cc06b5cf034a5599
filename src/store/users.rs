//! The register's users and sessions: creating a register with its first administrator, opening
//! it by signing in, signing in again behind the window's lock and out (with the back-off after
//! failed attempts), and the administrators' user management (add, disable, enable, reset a
//! password, set a role). Every sign-in, sign-out and failure is an audit row.
//!
//! A user who may open the register has two things made from their password: an Argon2id hash
//! in the database (what the lock screen and a password change check) and a wrap of the
//! database key in the key file (what opening the closed register needs; see `keys`). Both are
//! replaced together; removing (disabling) a user deletes both. The failed-attempt counts live in
//! the key file, since a failure happens before the database can be opened; the `app_user`
//! columns `failed_signins` and `last_failed_at` of schema 1 are no longer written.
//!
//! Password rules and hashing are in `domain::password`, who may do what in `domain::user`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension as _, params};

use super::keys::{self, KeyFile, WrappingKey};
use super::{BUILTIN_USER, Error, Result, Store, Tx, parse_code, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::password::{self, PasswordCost};
use crate::domain::register::RegisterInfo;
use crate::domain::user::{
    DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_MINUTES_RANGE, NewUser, Permission, Role, User, UserId, rule, valid_username,
};

/// A user row with their password hash.
struct Account {
    user: User,
    password_hash: Option<String>,
}

const ACCOUNT_COLUMNS: &str = "id, username, display_name, role, disabled, password_hash FROM app_user";

fn account_from_row(row: &rusqlite::Row<'_>) -> Result<Account> {
    let role: String = row.get(3)?;
    Ok(Account {
        user: User {
            id: UserId(row.get(0)?),
            username: row.get(1)?,
            display_name: row.get(2)?,
            role: parse_code("role", &role, Role::from_code)?,
            disabled: row.get(4)?,
        },
        password_hash: row.get(5)?,
    })
}

/// `path` with `suffix` added to its name (SQLite's `-wal` and `-shm` files).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

/// A new password as the store keeps it: the hash for the database and the wrapping key for the
/// key file (both Argon2id: derive them before a write transaction starts).
struct NewPassword {
    hash: String,
    wrapping: WrappingKey,
}

impl NewPassword {
    fn make(password: &str, username: &str, cost: PasswordCost) -> Result<Self> {
        password::check_strength(password, username).map_err(Error::WeakPassword)?;
        Ok(Self {
            hash: password::hash_password(password, cost).map_err(Error::Hashing)?,
            wrapping: WrappingKey::derive(password, cost)?,
        })
    }
}

/// Presents `username` and `password` to the key file of the register at `path`: the one way in
/// for every path that takes a password (the window, `check`, `search` and every other command).
/// An attempt during the back-off is refused before the password is tried; a wrong password and
/// an unknown username are the same [`Error::WrongPassword`], take the same Argon2id work, and
/// count towards the same back-off, so neither time nor answer tells which names exist. Every
/// failure is kept in the key file for the audit trail, written under the key file's lock from a
/// fresh read (never a stale copy).
fn unlock_key_file(
    path: &Path,
    username: &str,
    password: &str,
    now: NaiveDateTime,
) -> Result<(UserId, keys::DatabaseKey)> {
    let key_file = KeyFile::read(path)?;
    let claimant = keys::Claimant::of(&key_file, username);
    if let Some(seconds) = key_file.seconds_to_wait(&claimant, now) {
        KeyFile::update(path, |file| {
            file.queue_failure(claimant.user(), now, "attempt during back-off");
            Ok(((), true))
        })?;
        return Err(Error::SignInWait { seconds });
    }
    let opened = match key_file.wrap_of(username) {
        Some(wrap) => wrap.unwrap_key(password)?,
        None => {
            // The work of a real attempt, so that the time taken does not tell which names exist.
            let _ = password::derive_key(password, &[0; 16], key_file.typical_cost());
            None
        }
    };
    match (claimant.user(), opened) {
        (Some(user), Some(key)) => Ok((user, key)),
        _ => {
            KeyFile::update(path, |file| {
                let failures = file.note_failure(&claimant, now);
                let why = match claimant {
                    keys::Claimant::User(_) => format!("wrong password ({failures} in a row)"),
                    keys::Claimant::Unknown(_) => "unknown username".to_owned(),
                };
                file.queue_failure(claimant.user(), now, &why);
                Ok(((), true))
            })?;
            Err(Error::WrongPassword)
        }
    }
}

/// Writes the sign-in of `user` and the failures the key file kept since the last one into the
/// audit trail, and forgets them in the key file (under its lock) in the same write.
fn record_sign_in(tx: &mut Tx<'_>, register: &Path, user: UserId, detail: &str) -> Result<()> {
    let failures = KeyFile::update(register, |file| {
        let had_failures = file.clear_failures(user);
        let changed = had_failures || file.has_unrecorded_failures();
        Ok((file.take_unrecorded_failures(), changed))
    })?;
    for (who, what) in &failures {
        tx.audit_failed_sign_in(who.unwrap_or(BUILTIN_USER), what)?;
    }
    tx.audit(AuditAction::SignIn, None, detail)
}

/// The setting that holds the idle lock's minutes.
const IDLE_LOCK_KEY: &str = "idle_lock_minutes";

impl Store {
    /// Creates a new register at `path` (which must not exist yet) with its first administrator,
    /// signed in: a random database key, the encrypted database, and the key file holding the
    /// administrator's wrap. Hashes and wraps are made at `cost` (`PasswordCost::STANDARD` for
    /// every real register). Nothing is left behind when it fails.
    pub fn create(
        path: &Path,
        username: &str,
        display_name: &str,
        password: &str,
        cost: PasswordCost,
    ) -> Result<Store> {
        if path.exists() || keys::path_of(path).exists() {
            return Err(Error::NotAllowed(rule::ALREADY_SET_UP));
        }
        let username = checked_username(username)?;
        password::check_strength(password, username).map_err(Error::WeakPassword)?;
        if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(Error::from_io)?;
        }
        let lock = Arc::new(super::lock::WriterLock::acquire(path)?);
        Self::create_under_lock(path, username, display_name, password, cost, lock)
    }

    /// Makes a new register at `path` like [`Store::create`], deleting the register there first
    /// (its database, write-ahead files and key file); refused with [`Error::OpenElsewhere`],
    /// before anything is deleted, while someone has that register open.
    pub fn create_replacing(
        path: &Path,
        username: &str,
        display_name: &str,
        password: &str,
        cost: PasswordCost,
    ) -> Result<Store> {
        let username = checked_username(username)?;
        password::check_strength(password, username).map_err(Error::WeakPassword)?;
        if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(Error::from_io)?;
        }
        let lock = Arc::new(super::lock::WriterLock::acquire(path)?);
        for file in [path.to_owned(), with_suffix(path, "-wal"), with_suffix(path, "-shm"), keys::path_of(path)] {
            if file.exists() {
                std::fs::remove_file(&file).map_err(Error::from_io)?;
            }
        }
        Self::create_under_lock(path, username, display_name, password, cost, lock)
    }

    fn create_under_lock(
        path: &Path,
        username: &str,
        display_name: &str,
        password: &str,
        cost: PasswordCost,
        lock: Arc<super::lock::WriterLock>,
    ) -> Result<Store> {
        let made = Self::create_files(path, username, display_name, password, cost, lock);
        if made.is_err() {
            for leftover in [path.to_owned(), keys::path_of(path), with_suffix(path, "-wal"), with_suffix(path, "-shm")]
            {
                let _ = std::fs::remove_file(leftover);
            }
        }
        made
    }

    fn create_files(
        path: &Path,
        username: &str,
        display_name: &str,
        password: &str,
        cost: PasswordCost,
        lock: Arc<super::lock::WriterLock>,
    ) -> Result<Store> {
        let key = keys::DatabaseKey::generate()?;
        let hash = password::hash_password(password, cost).map_err(Error::Hashing)?;
        let wrapping = WrappingKey::derive(password, cost)?;
        let mut store = Self::connect_with_key(path, true, key, cost, Some(lock))?;
        store.role = Some(Role::Administrator);
        store.ensure_builtin_user()?;
        let display_name = display_name_or(display_name, username).to_owned();
        let wrap = wrapping.wrap(&store.key, BUILTIN_USER, username)?;
        let path = path.to_owned();
        store.write_as(BUILTIN_USER, Role::Administrator, |tx| {
            tx.execute(
                "UPDATE app_user SET username = ?2, display_name = ?3, role = 'administrator', disabled = 0,
                     password_hash = ?4
                 WHERE id = ?1",
                params![BUILTIN_USER.0, username, display_name, hash],
            )?;
            tx.audit(AuditAction::UserChanged, None, &format!("user {}: first administrator", BUILTIN_USER.0))?;
            tx.audit(AuditAction::SignIn, None, "")?;
            let mut key_file = KeyFile::new();
            key_file.set_wrap(wrap);
            key_file.write(&path)
        })?;
        store.actor = BUILTIN_USER;
        Ok(store)
    }

    /// Opens the register at `path` signed in as `username`: the password unwraps the database
    /// key from the key file (Argon2id, about a quarter of a second), the database opens with it,
    /// and the sign-in is recorded, together with the failed attempts since the last one (a
    /// failure happens before the database can be opened, so the key file keeps it until then).
    ///
    /// After failed attempts the next is accepted only after `domain::user::sign_in_wait`
    /// ([`Error::SignInWait`], the password not even tried); an unknown username and a wrong
    /// password are the same [`Error::WrongPassword`] and take the same time. `now` is the
    /// caller's clock, so that the back-off is testable without waiting.
    ///
    /// Takes the one-writer lock once the password has opened the key (who has the register
    /// open is told only to someone who may open it): a register another window or command has
    /// open is refused with [`Error::OpenElsewhere`], saying who has it.
    pub fn open(path: &Path, username: &str, password: &str, now: NaiveDateTime) -> Result<Store> {
        if !path.exists() {
            return Err(Error::Missing);
        }
        let (user, key) = unlock_key_file(path, username, password, now)?;
        let lock = Arc::new(super::lock::WriterLock::acquire(path)?);
        let mut store = Self::connect_with_key(path, false, key, PasswordCost::STANDARD, Some(lock))?;
        let account = store.account(user)?;
        if account.user.disabled || !account.user.username.eq_ignore_ascii_case(username.trim()) {
            // A wrap the register does not stand behind (a removed user's, left by a crash).
            return Err(Error::WrongPassword);
        }
        let register = path.to_owned();
        store.write_as(user, account.user.role, |tx| record_sign_in(tx, &register, user, ""))?;
        store.actor = user;
        store.role = Some(account.user.role);
        Ok(store)
    }

    /// Opens an existing register only to read it, with `username`'s password but without the
    /// writer's lock (searches and checks may run while a window has the register open) and
    /// with the same back-off, counting and audit row as [`Store::open`] (the sign-in is recorded
    /// as read-only). Every other write is refused with [`Error::OpenedForReading`]; the schema is
    /// not migrated.
    pub fn open_for_reading(path: &Path, username: &str, password: &str, now: NaiveDateTime) -> Result<Store> {
        if !path.exists() {
            return Err(Error::Missing);
        }
        let (user, key) = unlock_key_file(path, username, password, now)?;
        let conn = super::connect(path, false, &key)?;
        super::schema::register_version(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            actor: user,
            role: None,
            password_cost: PasswordCost::STANDARD,
            key,
            lock: None,
        };
        let account = store.account(user)?;
        if account.user.disabled || !account.user.username.eq_ignore_ascii_case(username.trim()) {
            return Err(Error::WrongPassword);
        }
        store.role = Some(account.user.role);
        // The sign-in is recorded like any other, in a short transaction of its own: the reader
        // holds no writer's lock, but SQLite serialises the audit row with the window's writes.
        let register = path.to_owned();
        let role = account.user.role;
        {
            let transaction = store.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut tx = Tx { tx: transaction, actor: user, role, now, audited: false };
            record_sign_in(&mut tx, &register, user, "read-only")?;
            tx.tx.commit()?;
        }
        Ok(store)
    }

    /// Opens the register at `path` again with a key already known (after a restore swapped the
    /// file in), as `actor` with `role`, under `lock`; the schema is brought up to date.
    pub(super) fn reopen_with_key(
        path: &Path,
        key: keys::DatabaseKey,
        lock: Option<Arc<super::lock::WriterLock>>,
        actor: UserId,
        role: Option<Role>,
    ) -> Result<Store> {
        let mut store = Self::connect_with_key(path, false, key, PasswordCost::STANDARD, lock)?;
        store.actor = actor;
        store.role = role;
        Ok(store)
    }

    /// Whether the register at `path` is still to be made: there is no file yet (the window then
    /// asks for its first administrator).
    pub fn needs_setup(path: &Path) -> bool {
        !path.exists()
    }

    /// Creates the built-in administrator (and records the register's creation) on a new file.
    pub(super) fn ensure_builtin_user(&mut self) -> Result<()> {
        let exists: bool =
            self.conn.query_row("SELECT EXISTS (SELECT 1 FROM app_user WHERE id = ?1)", [BUILTIN_USER.0], |row| {
                row.get(0)
            })?;
        if exists {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO app_user (id, username, display_name, role, created_at) VALUES (?1, 'admin', 'Administrator', 'administrator', ?2)",
                params![BUILTIN_USER.0, time_text(tx.now)],
            )?;
            tx.execute("INSERT INTO register_info (id, updated_at) VALUES (1, ?1)", [time_text(tx.now)])?;
            super::register::write_info(tx, &RegisterInfo::new_blank())?;
            tx.audit(AuditAction::RegisterCreated, None, &format!("schema {}", super::SCHEMA_VERSION))
        })
    }

    pub fn users(&self) -> Result<Vec<User>> {
        let mut statement =
            self.conn.prepare_cached("SELECT id, username, display_name, role, disabled FROM app_user ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, bool>(4)?,
            ))
        })?;
        let mut users = Vec::new();
        for row in rows {
            let (id, username, display_name, role, disabled) = row?;
            users.push(User {
                id: UserId(id),
                username,
                display_name,
                role: parse_code("role", &role, Role::from_code)?,
                disabled,
            });
        }
        Ok(users)
    }

    /// The user this connection acts as.
    pub fn current_user(&self) -> Result<User> {
        self.users()?.into_iter().find(|user| user.id == self.actor).ok_or(super::Error::NotFound("user"))
    }

    /// The signed-in user's role; `None` once they have signed out.
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// Whether the signed-in user may do what `permission` covers (the window greys out the rest;
    /// the store refuses it anyway).
    pub fn may(&self, permission: Permission) -> bool {
        self.role.is_some_and(|role| role.may(permission))
    }

    /// Sets the Argon2id cost of the password hashes this connection makes. Real registers keep
    /// [`PasswordCost::STANDARD`]; tests pass `PasswordCost::insecure_fast_for_tests()` so that
    /// making users takes microseconds. Existing hashes verify whatever their cost.
    pub fn set_password_cost(&mut self, cost: PasswordCost) {
        self.password_cost = cost;
    }

    /// Signs `username` in again on the open register (the window's lock screen), checking the
    /// password against its Argon2id hash. The back-off after failed attempts is the same as for
    /// [`Store::open`] (the counts are in the key file), and every outcome is an audit row: the
    /// sign-in, or the failure with its reason. A failure under an unknown username is recorded
    /// under the register's first administrator, whose account it is to look into (the typed name
    /// is not kept: it is sometimes a password).
    pub fn sign_in(&mut self, username: &str, password: &str, now: NaiveDateTime) -> Result<User> {
        let key_file = KeyFile::read(&self.path)?;
        let account = self.account_by_username(username)?;
        // An unknown name backs off like a known one, so the lock screen does not tell them apart.
        let claimant = match &account {
            Some(account) => keys::Claimant::User(account.user.id),
            None => keys::Claimant::of(&key_file, username),
        };
        if let Some(seconds) = key_file.seconds_to_wait(&claimant, now) {
            self.record_failed_sign_in(claimant.user().unwrap_or(BUILTIN_USER), "attempt during back-off")?;
            return Err(Error::SignInWait { seconds });
        }
        let Some(account) = account else {
            // The work of a real check, so that the time taken does not tell which names exist.
            let _ = password::hash_password(password, self.password_cost);
            KeyFile::update(&self.path, |file| Ok((file.note_failure(&claimant, now), true)))?;
            self.record_failed_sign_in(BUILTIN_USER, "unknown username")?;
            return Err(Error::WrongPassword);
        };
        let user = account.user;
        let matches = account.password_hash.as_deref().is_some_and(|hash| password::verify_password(password, hash));
        if !matches {
            let failures = KeyFile::update(&self.path, |file| Ok((file.note_failure(&claimant, now), true)))?;
            self.record_failed_sign_in(user.id, &format!("wrong password ({failures} in a row)"))?;
            return Err(Error::WrongPassword);
        }
        if user.disabled {
            self.record_failed_sign_in(user.id, "user disabled")?;
            return Err(Error::UserDisabled);
        }
        let path = self.path.clone();
        self.write_as(user.id, user.role, |tx| {
            tx.audit(AuditAction::SignIn, None, "")?;
            KeyFile::update(&path, |file| Ok(((), file.clear_failures(user.id))))
        })?;
        self.actor = user.id;
        self.role = Some(user.role);
        Ok(user)
    }

    /// The seconds `username` must still wait at `now` before the next attempt is accepted (the
    /// sign-in screen counts them down); `None` when an attempt is accepted now.
    pub fn sign_in_wait(&self, username: &str, now: NaiveDateTime) -> Result<Option<i64>> {
        let key_file = KeyFile::read(&self.path)?;
        Ok(key_file.seconds_to_wait(&keys::Claimant::of(&key_file, username), now))
    }

    /// Records a failed attempt on the open register. Recording one's own failure needs no more
    /// than the read-only role.
    fn record_failed_sign_in(&mut self, user: UserId, why: &str) -> Result<()> {
        self.write_as(user, Role::ReadOnly, |tx| tx.audit(AuditAction::SignInFailed, None, why))
    }

    /// Signs the current user out (the window's sign-out and its idle lock). Until the next
    /// sign-in, every write is refused.
    pub fn sign_out(&mut self, detail: &str) -> Result<()> {
        if self.role.is_none() {
            return Ok(());
        }
        self.write(|tx| tx.audit(AuditAction::SignOut, None, detail))?;
        self.role = None;
        Ok(())
    }

    fn account_by_username(&self, username: &str) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} WHERE username = ?1");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([username.trim()])?;
        rows.next()?.map(account_from_row).transpose()
    }

    fn account(&self, id: UserId) -> Result<Account> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} WHERE id = ?1");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query([id.0])?;
        rows.next()?.map(account_from_row).transpose()?.ok_or(Error::NotFound("user"))
    }

    /// Adds a user with their first password (administrators only).
    pub fn add_user(&mut self, new: &NewUser, password: &str) -> Result<UserId> {
        self.require(Permission::Administer)?;
        let username = checked_username(&new.username)?;
        if self.account_by_username(username)?.is_some() {
            return Err(Error::NotAllowed(rule::USERNAME_TAKEN));
        }
        let new_password = NewPassword::make(password, username, self.password_cost)?;
        let display_name = display_name_or(&new.display_name, username);
        let (path, key) = (self.path.clone(), self.key.clone());
        self.write(|tx| {
            // The UNIQUE constraint settles a race with another connection.
            tx.execute(
                "INSERT INTO app_user (username, display_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![username, display_name, new.role.code(), new_password.hash, time_text(tx.now)],
            )?;
            let id = UserId(tx.last_insert_rowid());
            tx.audit(AuditAction::UserChanged, None, &format!("user {} added as {}", id.0, new.role.code()))?;
            let wrap = new_password.wrapping.wrap(&key, id, username)?;
            KeyFile::update(&path, |file| {
                file.set_wrap(wrap);
                Ok(((), true))
            })?;
            Ok(id)
        })
    }

    /// Changes a user's role (administrators only); the last administrator who can sign in keeps
    /// theirs.
    pub fn set_user_role(&mut self, id: UserId, role: Role) -> Result<()> {
        self.require(Permission::Administer)?;
        self.write(|tx| {
            let changed = tx.execute("UPDATE app_user SET role = ?2 WHERE id = ?1", params![id.0, role.code()])?;
            if changed == 0 {
                return Err(Error::NotFound("user"));
            }
            keep_an_administrator(tx)?;
            tx.audit(AuditAction::UserChanged, None, &format!("user {}: role {}", id.0, role.code()))
        })?;
        if id == self.actor {
            self.role = Some(role);
        }
        Ok(())
    }

    /// Disables (removes) a user (administrators only): their password hash and their wrap of
    /// the database key are deleted, so they can no longer open the register, until an
    /// administrator enables them with a new password. Their name stays on what they did.
    pub fn disable_user(&mut self, id: UserId) -> Result<()> {
        self.require(Permission::Administer)?;
        let path = self.path.clone();
        self.write(|tx| {
            let changed = tx.execute("UPDATE app_user SET disabled = 1, password_hash = NULL WHERE id = ?1", [id.0])?;
            if changed == 0 {
                return Err(Error::NotFound("user"));
            }
            keep_an_administrator(tx)?;
            tx.audit(AuditAction::UserChanged, None, &format!("user {} disabled, key wrap removed", id.0))?;
            KeyFile::update(&path, |file| {
                file.remove_wrap(id);
                Ok(((), true))
            })
        })
    }

    /// Enables a disabled user with a new password (administrators only).
    pub fn enable_user(&mut self, id: UserId, password: &str) -> Result<()> {
        self.require(Permission::Administer)?;
        let account = self.account(id)?;
        let new_password = NewPassword::make(password, &account.user.username, self.password_cost)?;
        self.set_password_of(&account.user, &new_password, AuditAction::UserChanged, "enabled with a new password")
    }

    /// Gives an enabled user a new password (administrators only): a new hash and a new wrap of
    /// the same database key (nothing is re-encrypted); the old password no longer opens the
    /// register, and the failed attempts are forgotten. A disabled user is enabled instead.
    pub fn reset_password(&mut self, id: UserId, password: &str) -> Result<()> {
        self.require(Permission::Administer)?;
        let account = self.account(id)?;
        if account.user.disabled {
            return Err(Error::NotAllowed(rule::DISABLED_USER));
        }
        let new_password = NewPassword::make(password, &account.user.username, self.password_cost)?;
        self.set_password_of(&account.user, &new_password, AuditAction::UserChanged, "password reset")
    }

    /// Changes the signed-in user's own password, after checking the current one (any role).
    pub fn change_own_password(&mut self, current: &str, new: &str) -> Result<()> {
        self.require(Permission::RecordOwnActivity)?;
        let account = self.account(self.actor)?;
        if !account.password_hash.as_deref().is_some_and(|hash| password::verify_password(current, hash)) {
            return Err(Error::WrongPassword);
        }
        let new_password = NewPassword::make(new, &account.user.username, self.password_cost)?;
        self.set_password_of(&account.user, &new_password, AuditAction::PasswordChanged, "")
    }

    /// Writes `user`'s new hash (enabled) and their new wrap, in one write.
    fn set_password_of(&mut self, user: &User, new: &NewPassword, action: AuditAction, what: &str) -> Result<()> {
        let (path, key) = (self.path.clone(), self.key.clone());
        let detail = if what.is_empty() { String::new() } else { format!("user {}: {what}", user.id.0) };
        self.write(|tx| {
            tx.execute(
                "UPDATE app_user SET password_hash = ?2, disabled = 0 WHERE id = ?1",
                params![user.id.0, new.hash],
            )?;
            tx.audit(action, None, &detail)?;
            let wrap = new.wrapping.wrap(&key, user.id, &user.username)?;
            KeyFile::update(&path, |file| {
                file.set_wrap(wrap);
                Ok(((), true))
            })
        })
    }

    /// Renames a user (administrators; the sample register names its owner).
    pub fn rename_user(&mut self, id: UserId, username: &str, display_name: &str) -> Result<()> {
        self.require(Permission::Administer)?;
        let username = checked_username(username)?;
        if self.account_by_username(username)?.is_some_and(|account| account.user.id != id) {
            return Err(Error::NotAllowed(rule::USERNAME_TAKEN));
        }
        let path = self.path.clone();
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE app_user SET username = ?2, display_name = ?3 WHERE id = ?1",
                params![id.0, username, display_name.trim()],
            )?;
            if changed == 0 {
                return Err(super::Error::NotFound("user"));
            }
            tx.audit(AuditAction::UserChanged, None, &format!("user {}", id.0))?;
            KeyFile::update(&path, |file| {
                let Some(wrap) = file.wrap_of_user_mut(id) else { return Ok(((), false)) };
                wrap.username = username.to_owned();
                Ok(((), true))
            })
        })
    }

    /// After how many idle minutes the window locks itself.
    pub fn idle_lock_minutes(&self) -> Result<u32> {
        let stored: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
            .query_row([IDLE_LOCK_KEY], |row| row.get(0))
            .optional()?;
        Ok(stored
            .and_then(|text| text.parse().ok())
            .filter(|minutes| IDLE_LOCK_MINUTES_RANGE.contains(minutes))
            .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES))
    }

    /// Sets the idle lock (administrators only), within `IDLE_LOCK_MINUTES_RANGE`.
    pub fn set_idle_lock_minutes(&mut self, minutes: u32) -> Result<()> {
        let minutes = minutes.clamp(*IDLE_LOCK_MINUTES_RANGE.start(), *IDLE_LOCK_MINUTES_RANGE.end());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![IDLE_LOCK_KEY, minutes.to_string()],
            )?;
            tx.audit(AuditAction::SettingsChanged, None, &format!("idle lock {minutes} min"))
        })
    }
}

/// The username trimmed, or the rule it breaks.
fn checked_username(username: &str) -> Result<&str> {
    let username = username.trim();
    if valid_username(username) { Ok(username) } else { Err(Error::NotAllowed(rule::USERNAME_FORM)) }
}

fn display_name_or<'a>(display_name: &'a str, username: &'a str) -> &'a str {
    let display_name = display_name.trim();
    if display_name.is_empty() { username } else { display_name }
}

/// Refuses a change that would leave no enabled administrator with a password.
fn keep_an_administrator(tx: &Tx<'_>) -> Result<()> {
    let administrators: i64 = tx.query_row(
        "SELECT count(*) FROM app_user WHERE role = 'administrator' AND disabled = 0 AND password_hash IS NOT NULL",
        [],
        |row| row.get(0),
    )?;
    if administrators == 0 { Err(Error::NotAllowed(rule::LAST_ADMINISTRATOR)) } else { Ok(()) }
}
