//! Marketing lists and unsubscribes, the same steps for the window and the command line: writing
//! who may be contacted for a purpose over a channel as a CSV file recorded as a disclosure (§6),
//! and turning a mailing tool's unsubscribe list into consent withdrawals (§7).
//!
//! A list is written in this order, so that a file is never handed out without its record and a
//! record never names a file that was not written:
//!
//! 1. The rule and the recipient are checked first: a refused list writes nothing.
//! 2. The people are streamed from the store into a temporary file beside the target, and the
//!    SHA-256 is taken of exactly the bytes written. The file is synced to disk. Any failure here
//!    (disk full, no permission) removes the temporary file; nothing is recorded.
//! 3. One transaction records the disclosure, a member row per person and the audit row; its last
//!    step renames the temporary file to the target name. A failed rename rolls the record back.
//! 4. Should the commit itself fail after the rename, the file is removed again: no file is left
//!    claiming a disclosure that is not recorded. Only a crash in the instant between the rename
//!    and the commit could leave the file without its record; the other order (commit, then
//!    rename) would instead risk a record of a list that never reached its name.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use crate::domain::Lang;
use crate::domain::consent::Channel;
use crate::domain::contact::{WithdrawalScope, rule};
use crate::domain::customer::{CustomerId, Source};
use crate::domain::register::PurposeId;
use crate::exchange::{ContactListWriter, ExportError, UnsubscribeError, UnsubscribeList, read_unsubscribe_list};
use crate::store::{self, NewDisclosure, Store, WithdrawalSummary};

/// Why a list was not written or not recorded.
#[derive(Debug, thiserror::Error)]
pub enum ContactListError {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("the list could not be written: {0}")]
    File(std::io::Error),
}

impl From<ExportError> for ContactListError {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::Io(error) => ContactListError::File(error),
        }
    }
}

/// A list that was written and recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenList {
    pub file: PathBuf,
    pub rows: usize,
    pub sha256: String,
    pub disclosure_id: i64,
}

/// What a list is for and who receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOrder {
    pub purpose: PurposeId,
    pub channel: Channel,
    pub recipient: String,
    /// The language of the header row.
    pub lang: Lang,
}

/// Writes everyone who may be contacted under `order` today to `out` as CSV and records the list
/// as a disclosure to its recipient (see the module documentation for the order of the steps).
pub fn export_contact_list(store: &mut Store, order: &ListOrder, out: &Path) -> Result<WrittenList, ContactListError> {
    if order.recipient.trim().is_empty() {
        return Err(store::Error::NotAllowed(rule::NO_RECIPIENT).into());
    }
    let rule = store.contact_rule(order.purpose, order.channel)?;
    let folder = match out.parent().filter(|folder| !folder.as_os_str().is_empty()) {
        Some(folder) => folder.to_owned(),
        None => PathBuf::from("."),
    };
    std::fs::create_dir_all(&folder).map_err(ContactListError::File)?;
    let (temporary, file) = temporary_file_in(&folder, out).map_err(ContactListError::File)?;
    let written = write_list(store, &rule, order.lang, file);
    let (members, sha256) = match written {
        Ok(written) => written,
        Err(error) => {
            // Best effort: the error that stopped the write is the one to report.
            let _ = std::fs::remove_file(&temporary);
            return Err(error);
        }
    };
    let disclosure = NewDisclosure {
        recipient: order.recipient.trim().to_owned(),
        purpose_id: order.purpose,
        channel: order.channel,
        file_name: out.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        sha256: sha256.clone(),
    };
    let mut renamed = false;
    let recorded = store.record_disclosure(&disclosure, &members, || {
        std::fs::rename(&temporary, out)?;
        renamed = true;
        Ok(())
    });
    match recorded {
        Ok(disclosure_id) => Ok(WrittenList { file: out.to_owned(), rows: members.len(), sha256, disclosure_id }),
        Err(error) => {
            let _ = std::fs::remove_file(if renamed { out } else { &temporary });
            Err(error.into())
        }
    }
}

/// Streams the list into `file`: the people written and the SHA-256 of the bytes.
fn write_list(
    store: &Store,
    rule: &crate::domain::contact::ContactRule,
    lang: Lang,
    file: File,
) -> Result<(Vec<CustomerId>, String), ContactListError> {
    let mut list = ContactListWriter::new(HashingWriter::new(BufWriter::new(file)), lang, rule.channel)?;
    let mut members = Vec::new();
    store.for_each_contact(rule, |row| -> Result<bool, ContactListError> {
        list.write(&row)?;
        members.push(row.customer_id);
        Ok(true)
    })?;
    let hashing = list.finish()?;
    let sha256 = format!("{:x}", hashing.hasher.finalize());
    let file = hashing.inner.into_inner().map_err(|error| ContactListError::File(error.into_error()))?;
    file.sync_all().map_err(ContactListError::File)?;
    Ok((members, sha256))
}

/// A new, empty file in `folder` named after `target` (hidden, with the process id), which no one
/// else is writing.
fn temporary_file_in(folder: &Path, target: &Path) -> std::io::Result<(PathBuf, File)> {
    let name = target.file_name().map_or_else(|| "list.csv".into(), |name| name.to_string_lossy().into_owned());
    let mut attempt = 0;
    loop {
        let path = folder.join(format!(".{name}.{}-{attempt}.part", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(error) => return Err(error),
        }
    }
}

/// Passes bytes on to the file and hashes exactly those the file accepted.
struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn new(inner: W) -> Self {
        Self { inner, hasher: Sha256::new() }
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let accepted = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..accepted]);
        Ok(accepted)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// An unsubscribe file as read: its name and SHA-256 (the evidence of the withdrawals it becomes)
/// and the addresses in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubscribeFile {
    pub file_name: String,
    pub sha256: String,
    pub list: UnsubscribeList,
}

/// Why an unsubscribe file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum UnsubscribeFileError {
    #[error("the file could not be read: {0}")]
    File(std::io::Error),
    #[error(transparent)]
    List(#[from] UnsubscribeError),
}

/// Reads an unsubscribe list from a mailing tool's export.
pub fn read_unsubscribe_file(path: &Path) -> Result<UnsubscribeFile, UnsubscribeFileError> {
    let bytes = std::fs::read(path).map_err(UnsubscribeFileError::File)?;
    let list = read_unsubscribe_list(&bytes)?;
    Ok(UnsubscribeFile {
        file_name: path.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        sha256: store::sha256_hex(&bytes),
        list,
    })
}

impl UnsubscribeFile {
    /// The evidence its withdrawals carry: "`note`: file.csv (SHA-256 …)", proving later which
    /// file they came from.
    pub fn evidence(&self, note: Option<&str>) -> String {
        let file = format!("{} (SHA-256 {})", self.file_name, self.sha256);
        match note.map(str::trim).filter(|note| !note.is_empty()) {
            Some(note) => format!("{note}: {file}"),
            None => file,
        }
    }

    /// Withdraws what `scope` covers for everyone on the list, in one transaction, with the file
    /// as the withdrawals' source. Running the same file again records nothing new.
    pub fn withdraw(
        &self,
        store: &mut Store,
        scope: WithdrawalScope,
        note: Option<&str>,
    ) -> store::Result<WithdrawalSummary> {
        store.withdraw_consents_by_email(&self.list.addresses, scope, Source::ImportFile, &self.evidence(note))
    }
}
