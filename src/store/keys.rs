//! The register's key file: the database key wrapped once per user, beside the database.
//!
//! The database is encrypted with SQLCipher under a random 256-bit key (the raw-key form, so no
//! second key derivation runs at open). Each user who may open the register has a *wrap* of that
//! key: a key-encryption key is derived from their password with Argon2id (the same cost as a
//! password hash: about 0.27 s a guess), and the database key is sealed with it by
//! XChaCha20-Poly1305, the user's id bound in as associated data. Any authorised user opens the
//! register; removing a user deletes their wrap; a new password re-wraps the same key, so the
//! database is never re-encrypted.
//!
//! The wraps must be readable before the database can be decrypted, so they cannot live inside it.
//! SQLCipher's plaintext-header option only leaves the first bytes of SQLite's own 100-byte header
//! readable, which holds SQLite's fields, not room for several users' wraps. So they live in a
//! small sidecar file, `NAME.keys` beside `NAME`, as JSON (a few hundred bytes a user), replaced
//! atomically (written beside, flushed, renamed). It holds no customer data and no password: only
//! usernames, salts, nonces and sealed keys, each useless without its user's password. It also
//! counts each user's failed sign-ins, because a failure happens before the database can be opened
//! to record it; the failures are written into the audit trail at the next successful sign-in.
//!
//! The register is therefore two files that travel together: a copy (a backup) without its key
//! file cannot be opened by anyone. `Store::backup_to` writes both.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead as _, KeyInit as _, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Error, Result};
use crate::domain::password::PasswordCost;
use crate::domain::user::UserId;

/// The register's database key: 32 random bytes, wiped from memory when dropped.
#[derive(Clone)]
pub(crate) struct DatabaseKey(Zeroizing<[u8; 32]>);

impl DatabaseKey {
    /// A fresh random key for a new register.
    pub(crate) fn generate() -> Result<Self> {
        let mut key = Zeroizing::new([0_u8; 32]);
        getrandom::fill(key.as_mut()).map_err(|_| Error::Hashing(crate::domain::password::HashError::Random))?;
        Ok(Self(key))
    }

    /// The key as SQLCipher's raw-key pragma value, `x'…'` (64 hex digits).
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(67));
        text.push_str("x'");
        for byte in self.0.iter() {
            text.push_str(&format!("{byte:02X}"));
        }
        text.push('\'');
        text
    }
}

impl PartialEq for DatabaseKey {
    fn eq(&self, other: &Self) -> bool {
        // Not secret-dependent timing that matters here: both keys are the caller's own.
        self.0.as_ref() == other.0.as_ref()
    }
}

/// What the key file says of the format, so that a later version can change it.
const FORMAT: &str = "rekisteri-keys";
const VERSION: u32 = 1;

/// Bound into every wrap with the user's id: a wrap cannot be moved to another user.
const ASSOCIATED_DATA_PREFIX: &[u8] = b"rekisteri database key wrap v1 user ";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KeyFile {
    format: String,
    version: u32,
    wraps: Vec<KeyWrap>,
    /// Failed sign-ins not yet in the audit trail, oldest first (at most
    /// [`MAX_UNRECORDED_FAILURES`]; older ones are only counted in `dropped_failures`).
    #[serde(default)]
    unrecorded_failures: Vec<UnrecordedFailure>,
    /// Failures that no longer fit in `unrecorded_failures`, recorded as one count.
    #[serde(default)]
    dropped_failures: u64,
    /// The back-off of usernames that have no wrap, so that an unknown name is answered exactly
    /// as a known one (at most [`MAX_UNKNOWN_NAMES`], the least recent forgotten).
    #[serde(default)]
    unknown_names: Vec<UnknownName>,
}

/// At most this many failed sign-ins wait in the key file for the audit trail: a flood of
/// guesses cannot grow the file without bound.
pub(crate) const MAX_UNRECORDED_FAILURES: usize = 200;

/// At most this many unknown usernames keep a back-off.
const MAX_UNKNOWN_NAMES: usize = 64;

/// The back-off of a username without a wrap. The name is kept only as a short tag (3 bytes of
/// SHA-256): enough to tell a few dozen names apart, too short to confirm a guess of a password
/// someone typed into the username field.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct UnknownName {
    tag: String,
    failed_signins: u32,
    last_failed_at: Option<String>,
}

/// Who an attempt was made as: a user with a wrap, or a name the key file does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Claimant {
    User(UserId),
    Unknown(String),
}

impl Claimant {
    /// The claimant of `username` in `file`.
    pub(crate) fn of(file: &KeyFile, username: &str) -> Self {
        match file.wrap_of(username) {
            Some(wrap) => Self::User(UserId(wrap.user_id)),
            None => Self::Unknown(unknown_name_tag(username)),
        }
    }

    pub(crate) fn user(&self) -> Option<UserId> {
        match self {
            Self::User(user) => Some(*user),
            Self::Unknown(_) => None,
        }
    }
}

fn unknown_name_tag(username: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(format!("rekisteri unknown name {}", username.trim().to_lowercase()).as_bytes());
    hex(&digest[..3])
}

/// The sane range of Argon2id parameters in a wrap: what this program writes, with room to grow.
/// A key file edited to ask for gigabytes or billions of passes is refused as damaged instead of
/// being obeyed.
const MEMORY_KIB_RANGE: std::ops::RangeInclusive<u32> = 8..=(2 * 1024 * 1024);
const ITERATIONS_RANGE: std::ops::RangeInclusive<u32> = 1..=16;
const PARALLELISM_RANGE: std::ops::RangeInclusive<u32> = 1..=16;
/// Salts are 16 random bytes; shorter ones are refused.
const MIN_SALT_BYTES: usize = 16;

/// A failed sign-in made before the database could be opened to record it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct UnrecordedFailure {
    /// Whose wrap was tried; `None` for a username without one (the name is not kept).
    user_id: Option<i64>,
    at: String,
    why: String,
}

/// One user's wrap of the database key, with their sign-in failures.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KeyWrap {
    pub(crate) user_id: i64,
    pub(crate) username: String,
    /// Argon2id's memory (KiB), passes and lanes for this wrap.
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: String,
    nonce: String,
    sealed_key: String,
    /// Consecutive failed sign-ins and the last one's time (the back-off counts from it).
    #[serde(default)]
    pub(crate) failed_signins: u32,
    #[serde(default)]
    pub(crate) last_failed_at: Option<String>,
}

/// A key-encryption key derived from a password, with the salt and cost it was derived with.
pub(crate) struct WrappingKey {
    key: Zeroizing<[u8; 32]>,
    salt: [u8; 16],
    cost: PasswordCost,
}

impl WrappingKey {
    /// Derives a new wrapping key from `password` with a fresh salt (the expensive step: run it
    /// before a write transaction starts).
    pub(crate) fn derive(password: &str, cost: PasswordCost) -> Result<Self> {
        let mut salt = [0_u8; 16];
        getrandom::fill(&mut salt).map_err(|_| Error::Hashing(crate::domain::password::HashError::Random))?;
        let key = crate::domain::password::derive_key(password, &salt, cost).map_err(Error::Hashing)?;
        Ok(Self { key, salt, cost })
    }

    /// Seals `database_key` for `user` under this key.
    pub(crate) fn wrap(&self, database_key: &DatabaseKey, user: UserId, username: &str) -> Result<KeyWrap> {
        let mut nonce = [0_u8; 24];
        getrandom::fill(&mut nonce).map_err(|_| Error::Hashing(crate::domain::password::HashError::Random))?;
        let cipher = XChaCha20Poly1305::new(&(*self.key).into());
        let aad = associated_data(user);
        let sealed = cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: database_key.0.as_ref(), aad: &aad })
            .map_err(|_| Error::KeyFileDamaged)?;
        let (memory_kib, iterations, parallelism) = self.cost.parts();
        Ok(KeyWrap {
            user_id: user.0,
            username: username.to_owned(),
            memory_kib,
            iterations,
            parallelism,
            salt: hex(&self.salt),
            nonce: hex(&nonce),
            sealed_key: hex(&sealed),
            failed_signins: 0,
            last_failed_at: None,
        })
    }
}

fn associated_data(user: UserId) -> Vec<u8> {
    let mut aad = ASSOCIATED_DATA_PREFIX.to_vec();
    aad.extend_from_slice(user.0.to_string().as_bytes());
    aad
}

impl KeyWrap {
    /// Whether the wrap's cost and sizes are ones this program could have written.
    fn is_sane(&self) -> bool {
        let salt_ok = unhex(&self.salt).is_ok_and(|salt| (MIN_SALT_BYTES..=64).contains(&salt.len()));
        let nonce_ok = unhex(&self.nonce).is_ok_and(|nonce| nonce.len() == 24);
        let sealed_ok = unhex(&self.sealed_key).is_ok_and(|sealed| sealed.len() == 48);
        MEMORY_KIB_RANGE.contains(&self.memory_kib)
            && ITERATIONS_RANGE.contains(&self.iterations)
            && PARALLELISM_RANGE.contains(&self.parallelism)
            && self.memory_kib >= 8 * self.parallelism
            && salt_ok
            && nonce_ok
            && sealed_ok
    }

    /// The database key, if `password` is this user's; `None` for a wrong password (or a wrap
    /// changed on disk: the seal does not open either way).
    pub(crate) fn unwrap_key(&self, password: &str) -> Result<Option<DatabaseKey>> {
        let salt = unhex(&self.salt)?;
        let nonce: [u8; 24] = unhex(&self.nonce)?.try_into().map_err(|_| Error::KeyFileDamaged)?;
        let sealed = unhex(&self.sealed_key)?;
        let cost = PasswordCost::new(self.memory_kib, self.iterations, self.parallelism);
        let key = crate::domain::password::derive_key(password, &salt, cost).map_err(Error::Hashing)?;
        let cipher = XChaCha20Poly1305::new(&(*key).into());
        let aad = associated_data(UserId(self.user_id));
        let Ok(opened) = cipher.decrypt(&XNonce::from(nonce), Payload { msg: &sealed, aad: &aad }) else {
            return Ok(None);
        };
        let opened = Zeroizing::new(opened);
        let bytes: [u8; 32] = opened.as_slice().try_into().map_err(|_| Error::KeyFileDamaged)?;
        Ok(Some(DatabaseKey(Zeroizing::new(bytes))))
    }

    pub(crate) fn last_failed_at(&self) -> Option<NaiveDateTime> {
        parse_failure_time(self.last_failed_at.as_deref())
    }
}

impl KeyFile {
    /// A key file with no wraps yet (a new register's, before its administrator is added).
    pub(crate) fn new() -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            wraps: Vec::new(),
            unrecorded_failures: Vec::new(),
            dropped_failures: 0,
            unknown_names: Vec::new(),
        }
    }

    /// Reads the key file of the register at `database`.
    pub(crate) fn read(database: &Path) -> Result<Self> {
        let path = path_of(database);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(Error::KeyFileMissing),
            Err(error) => return Err(Error::from_io(error)),
        };
        let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| Error::KeyFileDamaged)?;
        if file.format != FORMAT {
            return Err(Error::KeyFileDamaged);
        }
        if file.version > VERSION {
            return Err(Error::NewerSchema { found: i64::from(file.version), supported: i64::from(VERSION) });
        }
        if !file.wraps.iter().all(KeyWrap::is_sane) {
            return Err(Error::KeyFileDamaged);
        }
        let mut file = file;
        file.cap_failures();
        Ok(file)
    }

    /// Changes the key file of the register at `database` as one read-modify-write under the
    /// key file's own exclusive lock (`NAME.keys.lock`): the file is read afresh under the lock,
    /// `change` applied, and the result written whole when `change` says it changed something
    /// (`Ok((value, true))`). Two processes (a failed sign-in in one, a user added in another)
    /// therefore never write back a stale copy over each other's change.
    pub(crate) fn update<T>(database: &Path, change: impl FnOnce(&mut KeyFile) -> Result<(T, bool)>) -> Result<T> {
        let _lock = KeyFileLock::acquire(database)?;
        let mut file = Self::read(database)?;
        let (value, changed) = change(&mut file)?;
        if changed {
            file.write(database)?;
        }
        Ok(value)
    }

    /// Writes the key file of the register at `database` atomically: beside it first under a
    /// name of its own (so two writers never share a temporary file), flushed to disk, then
    /// renamed over the old one (a crash leaves the old file or the new, never half). A change of
    /// a live register's key file goes through [`KeyFile::update`]; this alone is for a file no
    /// one else can be writing yet (a new register, a backup's copy).
    pub(crate) fn write(&self, database: &Path) -> Result<()> {
        let path = path_of(database);
        let partial = unique_partial_path(&path)?;
        let text = serde_json::to_vec_pretty(self).map_err(|_| Error::KeyFileDamaged)?;
        let written = write_synced(&partial, &text).and_then(|()| std::fs::rename(&partial, &path));
        if let Err(error) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(Error::from_io(error));
        }
        if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty())
            && let Ok(folder) = std::fs::File::open(folder)
        {
            // The rename itself reaches the disk (best effort: not every system opens folders).
            let _ = folder.sync_all();
        }
        Ok(())
    }

    /// The wrap of the user signing in as `username` (case-insensitive, as usernames are).
    pub(crate) fn wrap_of(&self, username: &str) -> Option<&KeyWrap> {
        let username = username.trim();
        self.wraps.iter().find(|wrap| wrap.username.to_lowercase() == username.to_lowercase())
    }

    pub(crate) fn wrap_of_user_mut(&mut self, user: UserId) -> Option<&mut KeyWrap> {
        self.wraps.iter_mut().find(|wrap| wrap.user_id == user.0)
    }

    /// Puts `wrap` in place of the user's previous one.
    pub(crate) fn set_wrap(&mut self, wrap: KeyWrap) {
        self.wraps.retain(|old| old.user_id != wrap.user_id);
        self.wraps.push(wrap);
        self.wraps.sort_by_key(|wrap| wrap.user_id);
    }

    /// Deletes the user's wrap: they can no longer open the register.
    pub(crate) fn remove_wrap(&mut self, user: UserId) {
        self.wraps.retain(|wrap| wrap.user_id != user.0);
    }

    /// The same wraps without failure counts: what a backup carries (the live register keeps
    /// and records its own failures).
    pub(crate) fn without_sign_in_history(mut self) -> Self {
        self.unrecorded_failures.clear();
        self.dropped_failures = 0;
        self.unknown_names.clear();
        for wrap in &mut self.wraps {
            wrap.failed_signins = 0;
            wrap.last_failed_at = None;
        }
        self
    }

    /// The cost of the first wrap: what an attempt under an unknown username spends, so that it
    /// takes as long as a real one.
    pub(crate) fn typical_cost(&self) -> PasswordCost {
        self.wraps.first().map_or(PasswordCost::STANDARD, |wrap| {
            PasswordCost::new(wrap.memory_kib, wrap.iterations, wrap.parallelism)
        })
    }

    /// The seconds `claimant` must still wait at `now` before an attempt is accepted.
    pub(crate) fn seconds_to_wait(&self, claimant: &Claimant, now: NaiveDateTime) -> Option<i64> {
        let (failed, last) = match claimant {
            Claimant::User(user) => {
                let wrap = self.wraps.iter().find(|wrap| wrap.user_id == user.0)?;
                (wrap.failed_signins, wrap.last_failed_at())
            }
            Claimant::Unknown(tag) => {
                let name = self.unknown_names.iter().find(|name| &name.tag == tag)?;
                (
                    name.failed_signins,
                    name.last_failed_at.as_deref().and_then(|text| super::parse_stored_time(text).ok()),
                )
            }
        };
        crate::domain::user::seconds_to_wait(failed, last, now)
    }

    /// Counts a failed sign-in of `claimant` at `now`; returns how many in a row.
    pub(crate) fn note_failure(&mut self, claimant: &Claimant, now: NaiveDateTime) -> u32 {
        let at = Some(super::time_text(now));
        match claimant {
            Claimant::User(user) => {
                let Some(wrap) = self.wrap_of_user_mut(*user) else { return 0 };
                wrap.failed_signins = wrap.failed_signins.saturating_add(1);
                wrap.last_failed_at = at;
                wrap.failed_signins
            }
            Claimant::Unknown(tag) => {
                let position = self.unknown_names.iter().position(|name| &name.tag == tag);
                let mut name = match position {
                    Some(index) => self.unknown_names.remove(index),
                    None => UnknownName { tag: tag.clone(), failed_signins: 0, last_failed_at: None },
                };
                name.failed_signins = name.failed_signins.saturating_add(1);
                name.last_failed_at = at;
                let failures = name.failed_signins;
                // Most recent last; the least recent names are forgotten first.
                self.unknown_names.push(name);
                let excess = self.unknown_names.len().saturating_sub(MAX_UNKNOWN_NAMES);
                self.unknown_names.drain(..excess);
                failures
            }
        }
    }

    /// Keeps a failure (of `user`, or under an unknown username) to be written into the audit
    /// trail at the next sign-in; beyond [`MAX_UNRECORDED_FAILURES`] the oldest are only counted.
    pub(crate) fn queue_failure(&mut self, user: Option<UserId>, at: NaiveDateTime, why: &str) {
        self.unrecorded_failures.push(UnrecordedFailure {
            user_id: user.map(|user| user.0),
            at: super::time_text(at),
            why: why.to_owned(),
        });
        self.cap_failures();
    }

    fn cap_failures(&mut self) {
        let excess = self.unrecorded_failures.len().saturating_sub(MAX_UNRECORDED_FAILURES);
        if excess > 0 {
            self.unrecorded_failures.drain(..excess);
            self.dropped_failures = self.dropped_failures.saturating_add(excess as u64);
        }
        let excess = self.unknown_names.len().saturating_sub(MAX_UNKNOWN_NAMES);
        self.unknown_names.drain(..excess);
    }

    /// Forgets `user`'s failed sign-ins (a sign-in succeeded); false when there were none.
    pub(crate) fn clear_failures(&mut self, user: UserId) -> bool {
        let Some(wrap) = self.wrap_of_user_mut(user) else { return false };
        let had = wrap.failed_signins > 0 || wrap.last_failed_at.is_some();
        wrap.failed_signins = 0;
        wrap.last_failed_at = None;
        had
    }

    /// Takes the failures not yet in the audit trail, oldest first: (user, "time reason"),
    /// `None` for an unknown username; failures beyond the cap come first as one count.
    pub(crate) fn take_unrecorded_failures(&mut self) -> Vec<(Option<UserId>, String)> {
        let mut taken = Vec::new();
        if self.dropped_failures > 0 {
            taken.push((None, format!("{} earlier failed sign-ins, not itemised", self.dropped_failures)));
            self.dropped_failures = 0;
        }
        taken.extend(
            self.unrecorded_failures
                .drain(..)
                .map(|failure| (failure.user_id.map(UserId), format!("{} {}", failure.at, failure.why))),
        );
        taken
    }

    /// Whether any failure waits to be written into the audit trail.
    pub(crate) fn has_unrecorded_failures(&self) -> bool {
        self.dropped_failures > 0 || !self.unrecorded_failures.is_empty()
    }
}

/// A stored failure time; an unreadable one counts as none (the back-off then starts afresh).
fn parse_failure_time(text: Option<&str>) -> Option<NaiveDateTime> {
    text.and_then(|text| super::parse_stored_time(text).ok())
}

/// The key file's own lock, held while it is read, changed and replaced.
struct KeyFileLock {
    file: std::fs::File,
}

impl KeyFileLock {
    fn acquire(database: &Path) -> Result<Self> {
        let path = PathBuf::from(format!("{}.lock", path_of(database).display()));
        let file = owner_only_options().read(true).write(true).create(true).truncate(false).open(&path);
        let file = file.map_err(Error::from_io)?;
        file.lock().map_err(Error::from_io)?;
        Ok(Self { file })
    }
}

impl Drop for KeyFileLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Options that create a file readable by its owner only (mode 0600 on Unix, whatever the umask).
fn owner_only_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

/// `NAME.keys.<random>.partial`: a temporary name no other writer uses.
fn unique_partial_path(path: &Path) -> Result<PathBuf> {
    let mut random = [0_u8; 8];
    getrandom::fill(&mut random).map_err(|_| Error::Hashing(crate::domain::password::HashError::Random))?;
    Ok(PathBuf::from(format!("{}.{}.partial", path.display(), hex(&random))))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = owner_only_options().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Where the key file of the register at `database` is: `NAME.keys` beside `NAME`.
pub fn path_of(database: &Path) -> PathBuf {
    PathBuf::from(format!("{}.keys", database.display()))
}

fn hex(bytes: &[u8]) -> String {
    super::audit::hex(bytes)
}

fn unhex(text: &str) -> Result<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return Err(Error::KeyFileDamaged);
    }
    (0..text.len())
        .step_by(2)
        .map(|index| {
            u8::from_str_radix(text.get(index..index + 2).unwrap_or("zz"), 16).map_err(|_| Error::KeyFileDamaged)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: PasswordCost = PasswordCost::insecure_fast_for_tests();

    #[test]
    fn a_wrap_opens_with_its_password_only_and_for_its_user_only() {
        let key = DatabaseKey::generate().unwrap();
        let wrapping = WrappingKey::derive("ruskea kettu hyppää", CHEAP).unwrap();
        let wrap = wrapping.wrap(&key, UserId(3), "satu").unwrap();
        assert!(wrap.unwrap_key("ruskea kettu hyppää").unwrap().is_some_and(|opened| opened == key));
        assert!(wrap.unwrap_key("ruskea kettu hyppaa").unwrap().is_none());
        let mut moved = wrap.clone();
        moved.user_id = 1;
        assert!(moved.unwrap_key("ruskea kettu hyppää").unwrap().is_none(), "a wrap cannot be moved to another user");
    }

    #[test]
    fn the_key_file_round_trips_and_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("rekisteri.sqlite");
        assert!(matches!(KeyFile::read(&database), Err(Error::KeyFileMissing)));
        let key = DatabaseKey::generate().unwrap();
        let mut file = KeyFile::new();
        file.set_wrap(
            WrappingKey::derive("ruskea kettu hyppää", CHEAP).unwrap().wrap(&key, UserId(1), "satu").unwrap(),
        );
        file.write(&database).unwrap();
        assert!(dir.path().join("rekisteri.sqlite.keys").exists());
        assert!(!dir.path().join("rekisteri.sqlite.keys.partial").exists());
        let read = KeyFile::read(&database).unwrap();
        let opened = read.wrap_of("SATU").unwrap().unwrap_key("ruskea kettu hyppää").unwrap();
        assert!(opened.is_some_and(|opened| opened == key));
        let text = std::fs::read_to_string(path_of(&database)).unwrap();
        assert!(!text.contains("ruskea"), "no password is stored");
        std::fs::write(path_of(&database), b"{ not json").unwrap();
        assert!(matches!(KeyFile::read(&database), Err(Error::KeyFileDamaged)));
    }

    #[test]
    fn the_raw_key_pragma_is_sixty_four_hex_digits() {
        let key = DatabaseKey(Zeroizing::new([0xAB; 32]));
        let value = key.pragma_value();
        assert_eq!(value.len(), 67);
        assert!(value.starts_with("x'ABAB") && value.ends_with("AB'"));
    }
}
