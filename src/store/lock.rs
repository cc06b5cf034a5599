//! One writer per register: a lock file beside the database, held with the operating system's
//! advisory lock for as long as a window or a writing command has the register open. The OS
//! releases it when the process ends in any way (a crash, a SIGKILL, a power cut), so a stale
//! lock never blocks anyone; a second opener is told who holds it.
//!
//! Two files sit beside `register.sqlite`:
//! - `register.sqlite.lock` carries the OS lock. It is never deleted: deleting a lock file that
//!   another process is about to lock would let two holders in.
//! - `register.sqlite.lock-info` says who holds the lock (user, machine, process, since when). It
//!   is a separate file because on Windows a locked file cannot even be read by others; it is
//!   only believed while the lock is actually held, so one left behind by a crash is harmless.
//!
//! Not for readers: searches and `check` read without the lock (SQLite's WAL lets them read a
//! consistent snapshot while the holder writes).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::{Error, Result, parse_stored_time, time_text};

/// How often a held lock is tried again before the holder is named, and the pause between.
const RETRIES: u32 = 10;
const RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

/// Who has a register open for writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockHolder {
    /// The operating-system user.
    pub user: String,
    /// The machine's host name.
    pub host: String,
    pub process_id: u32,
    pub since: NaiveDateTime,
}

impl LockHolder {
    /// This process, now.
    fn this_process() -> Self {
        // The login name from the environment; a service started without one usually still has
        // a home folder named after its user.
        let home_name = || {
            let home = std::env::var_os("HOME")?;
            Some(Path::new(&home).file_name()?.to_string_lossy().into_owned())
        };
        let user = ["USER", "USERNAME", "LOGNAME"]
            .iter()
            .find_map(|key| std::env::var(key).ok().filter(|name| !name.trim().is_empty()))
            .or_else(home_name)
            .unwrap_or_else(|| "?".to_owned());
        Self {
            user,
            host: gethostname::gethostname().to_string_lossy().into_owned(),
            process_id: std::process::id(),
            since: super::now(),
        }
    }

    fn to_text(&self) -> String {
        format!(
            "user={}\nhost={}\npid={}\nsince={}\n",
            one_line(&self.user),
            one_line(&self.host),
            self.process_id,
            time_text(self.since)
        )
    }

    fn from_text(text: &str) -> Option<Self> {
        let field =
            |key: &str| text.lines().find_map(|line| line.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')));
        Some(Self {
            user: field("user")?.to_owned(),
            host: field("host")?.to_owned(),
            process_id: field("pid")?.parse().ok()?,
            since: parse_stored_time(field("since")?).ok()?,
        })
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// The writer's lock on one register, held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    /// Holding the open file is holding the OS lock.
    _file: File,
    info_path: PathBuf,
}

/// `register.sqlite` → `register.sqlite.lock` (and `.lock-info`).
fn sibling(register: &Path, suffix: &str) -> PathBuf {
    let mut name = register.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    register.with_file_name(name)
}

impl WriterLock {
    /// Takes the lock of the register at `register`, or says who holds it.
    pub fn acquire(register: &Path) -> Result<Self> {
        let lock_path = sibling(register, ".lock");
        let info_path = sibling(register, ".lock-info");
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lock_path)?;
        let mut attempts = 0;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                // A holder that is closing (or a child process another thread is just starting,
                // which holds a copy of every open file until it runs) lets go within moments.
                Err(TryLockError::WouldBlock) if attempts < RETRIES => {
                    attempts += 1;
                    std::thread::sleep(RETRY_PAUSE);
                }
                Err(TryLockError::WouldBlock) => {
                    let holder = std::fs::read_to_string(&info_path).ok().and_then(|text| LockHolder::from_text(&text));
                    return Err(Error::OpenElsewhere(holder.map(Box::new)));
                }
                Err(TryLockError::Error(error)) => return Err(Error::from_io(error)),
            }
        }
        // Written only while holding the lock, so no one else writes it at the same time.
        let mut info = File::create(&info_path)?;
        info.write_all(LockHolder::this_process().to_text().as_bytes())?;
        Ok(Self { _file: file, info_path })
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // Removed before the lock goes (the file is dropped after this), so a new holder's
        // details are never deleted. A failure leaves a file that is ignored while unlocked.
        let _ = std::fs::remove_file(&self.info_path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_details_read_back_as_written() {
        let holder = LockHolder::this_process();
        assert_eq!(LockHolder::from_text(&holder.to_text()), Some(holder));
        assert_eq!(LockHolder::from_text("user=x\nhost=y\n"), None);
    }

    #[test]
    fn a_second_lock_in_the_same_process_is_refused_until_the_first_goes() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("register.sqlite");
        let first = WriterLock::acquire(&register).unwrap();
        match WriterLock::acquire(&register) {
            Err(Error::OpenElsewhere(Some(holder))) => assert_eq!(holder.process_id, std::process::id()),
            other => panic!("expected the holder, got {other:?}"),
        }
        drop(first);
        assert!(!sibling(&register, ".lock-info").exists());
        let _again = WriterLock::acquire(&register).unwrap();
    }

    #[test]
    fn details_left_by_a_crashed_holder_do_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let register = dir.path().join("register.sqlite");
        std::fs::write(sibling(&register, ".lock-info"), "user=ghost\nhost=gone\npid=1\nsince=2020-01-01 00:00:00\n")
            .unwrap();
        std::fs::write(sibling(&register, ".lock"), "").unwrap();
        let _lock = WriterLock::acquire(&register).unwrap();
        let info = std::fs::read_to_string(sibling(&register, ".lock-info")).unwrap();
        assert!(info.contains(&format!("pid={}", std::process::id())), "{info}");
    }
}
