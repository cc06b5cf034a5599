//! Printing the reply to an access request: gathers the person's dossier from the store, renders
//! the letter, writes the file and records the reply (date and SHA-256) on the request — the same
//! steps for the window's "Print reply" and for `rekisteri reply`. A request that cannot be
//! answered is refused before any file is written, so no unrecorded reply is left on disk.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::Lang;
use crate::domain::request::{RequestId, RequestStatus, rule};
use crate::report::access_reply::access_reply;
use crate::report::letter::LetterError;
use crate::store::{self, Store};

#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("the letter could not be made: {0}")]
    Letter(#[from] LetterError),
    #[error("the letter could not be written: {0}")]
    File(std::io::Error),
}

/// What was printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedReply {
    pub file: PathBuf,
    pub sha256: String,
    pub lang: Lang,
}

/// Writes the access reply of `request` to `out` in `lang` (default: the person's letter
/// language) and records it as the request's answer, dated `today`.
pub fn print_access_reply(
    store: &mut Store,
    request: RequestId,
    lang: Option<Lang>,
    out: &Path,
    today: NaiveDate,
) -> Result<PrintedReply, ReplyError> {
    let current = store.request(request)?;
    if !current.status.is_open() {
        return Err(store::Error::NotAllowed(rule::CLOSED).into());
    }
    if let Some(refusal) = current.status_change_refusal(RequestStatus::Answered) {
        return Err(store::Error::NotAllowed(refusal).into());
    }
    let dossier = store.dossier(request)?;
    let description = store.register_description()?;
    let rules = store.retention_rules()?;
    let lang = lang.unwrap_or_else(|| dossier.letter_lang());
    let signature = store.signature_png()?;
    let pdf = access_reply(&dossier, &description, &rules, lang, today, signature.as_deref())?;
    if let Some(folder) = out.parent().filter(|folder| !folder.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(ReplyError::File)?;
    }
    std::fs::write(out, &pdf).map_err(ReplyError::File)?;
    let sha256 = store::sha256_hex(&pdf);
    let file = std::path::absolute(out).unwrap_or_else(|_| out.to_owned());
    store.record_reply(request, &sha256, &file.display().to_string(), today)?;
    Ok(PrintedReply { file, sha256, lang })
}

/// Where the window saves replies: the register's own `replies` folder beside its file.
pub fn replies_folder(register: &Path) -> PathBuf {
    register.parent().map_or_else(|| PathBuf::from("replies"), |folder| folder.join("replies"))
}

/// What became of the reply letters of destroyed records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiscardedReplies {
    pub removed: usize,
    /// Letters saved outside the register's `replies` folder: the user's own files, left alone.
    pub left: usize,
}

/// Removes the reply letters (they hold the person's whole record) of requests whose person or
/// record the retention rules destroyed, when they are in the register's `replies` folder. A
/// letter already gone counts as removed.
pub fn discard_reply_letters(register: &Path, files: &[String]) -> DiscardedReplies {
    let folder = std::fs::canonicalize(replies_folder(register)).ok();
    let mut discarded = DiscardedReplies::default();
    for file in files.iter().map(Path::new) {
        let inside = file.parent().and_then(|parent| std::fs::canonicalize(parent).ok());
        if folder.is_none() || inside != folder {
            discarded.left += 1;
            continue;
        }
        match std::fs::remove_file(file) {
            Ok(()) => discarded.removed += 1,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => discarded.removed += 1,
            Err(_) => discarded.left += 1,
        }
    }
    discarded
}
