//! The register's users and sessions: the first administrator of a new register, signing in and
//! out (with the back-off after failed attempts), and the administrators' user management (add,
//! disable, enable, reset a password, set a role). Every sign-in, sign-out and failure is an audit
//! row. Password rules and hashing are in `domain::password`, who may do what in `domain::user`.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension as _, params};

use super::{BUILTIN_USER, Error, Result, Store, Tx, parse_code, parse_stored_time, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::password::{self, PasswordCost};
use crate::domain::register::RegisterInfo;
use crate::domain::user::{
    DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_MINUTES_RANGE, NewUser, Permission, Role, User, UserId, rule, seconds_to_wait,
    valid_username,
};

/// A user row with what sign-in needs beyond [`User`].
struct Account {
    user: User,
    password_hash: Option<String>,
    failed_signins: u32,
    last_failed_at: Option<NaiveDateTime>,
}

const ACCOUNT_COLUMNS: &str =
    "id, username, display_name, role, disabled, password_hash, failed_signins, last_failed_at FROM app_user";

fn account_from_row(row: &rusqlite::Row<'_>) -> Result<Account> {
    let role: String = row.get(3)?;
    let last_failed_at: Option<String> = row.get(7)?;
    Ok(Account {
        user: User {
            id: UserId(row.get(0)?),
            username: row.get(1)?,
            display_name: row.get(2)?,
            role: parse_code("role", &role, Role::from_code)?,
            disabled: row.get(4)?,
        },
        password_hash: row.get(5)?,
        failed_signins: row.get(6)?,
        last_failed_at: last_failed_at.as_deref().map(parse_stored_time).transpose()?,
    })
}

/// The setting that holds the idle lock's minutes.
const IDLE_LOCK_KEY: &str = "idle_lock_minutes";

impl Store {
    /// Creates a new register at `path` with its first administrator, signed in. Hashes are made
    /// at `cost` (`PasswordCost::STANDARD` for every real register).
    pub fn create(
        path: &std::path::Path,
        username: &str,
        display_name: &str,
        password: &str,
        cost: PasswordCost,
    ) -> Result<Store> {
        let mut store = Store::open(path)?;
        store.set_password_cost(cost);
        store.create_first_administrator(username, display_name, password)?;
        Ok(store)
    }

    /// Opens the existing register at `path` signed in as `username` (see [`Store::sign_in`]).
    pub fn open_as(path: &std::path::Path, username: &str, password: &str, now: NaiveDateTime) -> Result<Store> {
        let mut store = Store::open_existing(path)?;
        store.role = None;
        store.sign_in(username, password, now)?;
        Ok(store)
    }

    /// Whether the register at `path` must first be given its administrator: there is no file
    /// yet, or nobody in it has a password.
    pub fn needs_setup(path: &std::path::Path) -> Result<bool> {
        if !path.exists() {
            return Ok(true);
        }
        Store::open_existing(path)?.needs_first_administrator()
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

    /// Whether the register still needs its first administrator: nobody has a password yet.
    pub fn needs_first_administrator(&self) -> Result<bool> {
        let with_password: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM app_user WHERE password_hash IS NOT NULL)",
            [],
            |row| row.get(0),
        )?;
        Ok(!with_password)
    }

    /// Names the register's first administrator and gives them their password, then signs them
    /// in. Only on a register where nobody has a password yet.
    pub fn create_first_administrator(&mut self, username: &str, display_name: &str, password: &str) -> Result<User> {
        if !self.needs_first_administrator()? {
            return Err(Error::NotAllowed(rule::ALREADY_SET_UP));
        }
        let username = checked_username(username)?;
        password::check_strength(password, username).map_err(Error::WeakPassword)?;
        let hash = password::hash_password(password, self.password_cost).map_err(Error::Hashing)?;
        let display_name = display_name_or(display_name, username);
        self.write_as(BUILTIN_USER, Role::Administrator, |tx| {
            tx.execute(
                "UPDATE app_user SET username = ?2, display_name = ?3, role = 'administrator', disabled = 0,
                     password_hash = ?4, failed_signins = 0, last_failed_at = NULL
                 WHERE id = ?1",
                params![BUILTIN_USER.0, username, display_name, hash],
            )?;
            tx.audit(AuditAction::UserChanged, None, &format!("user {}: first administrator", BUILTIN_USER.0))?;
            tx.audit(AuditAction::SignIn, None, "")
        })?;
        self.actor = BUILTIN_USER;
        self.role = Some(Role::Administrator);
        self.current_user()
    }

    /// Signs `username` in with `password` at `now` (the caller's clock, so that the back-off is
    /// testable without waiting). After failed attempts the next one is accepted only after
    /// `domain::user::sign_in_wait`; an attempt made sooner is refused with
    /// [`Error::SignInWait`] without checking the password. An unknown username and a wrong
    /// password are the same [`Error::WrongPassword`], and take the same time.
    ///
    /// Every outcome is an audit row: the sign-in, or the failure with its reason. A failure under
    /// an unknown username is recorded under the register's first administrator, whose account
    /// it is to look into (the typed name is not kept: it is sometimes a password).
    pub fn sign_in(&mut self, username: &str, password: &str, now: NaiveDateTime) -> Result<User> {
        let Some(account) = self.account_by_username(username)? else {
            // The work of a real check, so that the time taken does not tell which names exist.
            let _ = password::hash_password(password, self.password_cost);
            self.record_failed_sign_in(BUILTIN_USER, "unknown username")?;
            return Err(Error::WrongPassword);
        };
        let user = account.user;
        if let Some(seconds) = seconds_to_wait(account.failed_signins, account.last_failed_at, now) {
            self.record_failed_sign_in(user.id, "attempt during back-off")?;
            return Err(Error::SignInWait { seconds });
        }
        let matches = account.password_hash.as_deref().is_some_and(|hash| password::verify_password(password, hash));
        if !matches {
            let failures = account.failed_signins.saturating_add(1);
            self.write_as(user.id, user.role, |tx| {
                tx.execute(
                    "UPDATE app_user SET failed_signins = ?2, last_failed_at = ?3 WHERE id = ?1",
                    params![user.id.0, failures, time_text(now)],
                )?;
                tx.audit(AuditAction::SignInFailed, None, &format!("wrong password ({failures} in a row)"))
            })?;
            return Err(Error::WrongPassword);
        }
        if user.disabled {
            self.record_failed_sign_in(user.id, "user disabled")?;
            return Err(Error::UserDisabled);
        }
        self.write_as(user.id, user.role, |tx| {
            tx.execute("UPDATE app_user SET failed_signins = 0, last_failed_at = NULL WHERE id = ?1", [user.id.0])?;
            tx.audit(AuditAction::SignIn, None, "")
        })?;
        self.actor = user.id;
        self.role = Some(user.role);
        Ok(user)
    }

    /// The seconds `username` must still wait at `now` before the next attempt is accepted (the
    /// sign-in screen counts them down); `None` when an attempt is accepted now.
    pub fn sign_in_wait(&self, username: &str, now: NaiveDateTime) -> Result<Option<i64>> {
        Ok(self
            .account_by_username(username)?
            .and_then(|account| seconds_to_wait(account.failed_signins, account.last_failed_at, now)))
    }

    /// Records a failed attempt that does not count towards the back-off (it was refused before
    /// the password was checked, or the password was right for a disabled user). Recording one's
    /// own failure needs no more than the read-only role.
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
        password::check_strength(password, username).map_err(Error::WeakPassword)?;
        let hash = password::hash_password(password, self.password_cost).map_err(Error::Hashing)?;
        let display_name = display_name_or(&new.display_name, username);
        self.write(|tx| {
            // The UNIQUE constraint settles a race with another connection.
            tx.execute(
                "INSERT INTO app_user (username, display_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![username, display_name, new.role.code(), hash, time_text(tx.now)],
            )?;
            let id = UserId(tx.last_insert_rowid());
            tx.audit(AuditAction::UserChanged, None, &format!("user {} added as {}", id.0, new.role.code()))?;
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

    /// Disables a user (administrators only): their password is removed, so they cannot sign in
    /// until an administrator enables them with a new one. Their name stays on what they did.
    pub fn disable_user(&mut self, id: UserId) -> Result<()> {
        self.require(Permission::Administer)?;
        self.write(|tx| {
            let changed = tx.execute("UPDATE app_user SET disabled = 1, password_hash = NULL WHERE id = ?1", [id.0])?;
            if changed == 0 {
                return Err(Error::NotFound("user"));
            }
            keep_an_administrator(tx)?;
            tx.audit(AuditAction::UserChanged, None, &format!("user {} disabled", id.0))
        })
    }

    /// Enables a disabled user with a new password (administrators only).
    pub fn enable_user(&mut self, id: UserId, password: &str) -> Result<()> {
        self.set_password_of(id, password, "enabled with a new password", false)
    }

    /// Gives a user a new password (administrators only); their failed attempts are forgotten.
    pub fn reset_password(&mut self, id: UserId, password: &str) -> Result<()> {
        self.set_password_of(id, password, "password reset", true)
    }

    fn set_password_of(&mut self, id: UserId, password: &str, what: &str, keep_disabled: bool) -> Result<()> {
        self.require(Permission::Administer)?;
        let account = self.account(id)?;
        password::check_strength(password, &account.user.username).map_err(Error::WeakPassword)?;
        let hash = password::hash_password(password, self.password_cost).map_err(Error::Hashing)?;
        let disabled = keep_disabled && account.user.disabled;
        self.write(|tx| {
            tx.execute(
                "UPDATE app_user SET password_hash = ?2, disabled = ?3, failed_signins = 0, last_failed_at = NULL
                 WHERE id = ?1",
                params![id.0, hash, disabled],
            )?;
            tx.audit(AuditAction::UserChanged, None, &format!("user {}: {what}", id.0))
        })
    }

    /// Changes the signed-in user's own password, after checking the current one (any role).
    pub fn change_own_password(&mut self, current: &str, new: &str) -> Result<()> {
        self.require(Permission::RecordOwnActivity)?;
        let account = self.account(self.actor)?;
        if !account.password_hash.as_deref().is_some_and(|hash| password::verify_password(current, hash)) {
            return Err(Error::WrongPassword);
        }
        password::check_strength(new, &account.user.username).map_err(Error::WeakPassword)?;
        let hash = password::hash_password(new, self.password_cost).map_err(Error::Hashing)?;
        self.write(|tx| {
            tx.execute("UPDATE app_user SET password_hash = ?2 WHERE id = ?1", params![tx.actor.0, hash])?;
            tx.audit(AuditAction::PasswordChanged, None, "")
        })
    }

    /// Renames a user (administrators; the sample register names its owner).
    pub fn rename_user(&mut self, id: UserId, username: &str, display_name: &str) -> Result<()> {
        self.require(Permission::Administer)?;
        let username = checked_username(username)?;
        if self.account_by_username(username)?.is_some_and(|account| account.user.id != id) {
            return Err(Error::NotAllowed(rule::USERNAME_TAKEN));
        }
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE app_user SET username = ?2, display_name = ?3 WHERE id = ?1",
                params![id.0, username, display_name.trim()],
            )?;
            if changed == 0 {
                return Err(super::Error::NotFound("user"));
            }
            tx.audit(AuditAction::UserChanged, None, &format!("user {}", id.0))
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
