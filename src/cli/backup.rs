//! `rekisteri backup` and `rekisteri restore`: the same backup and restore as the window's
//! Backups tab, for scheduled tasks and for recovery on a machine without the window.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use super::{SignIn, describe, open_existing, password_for, signed_in_user, tr};
use crate::domain::{Lang, finnish_date};
use crate::i18n::{self, T};
use crate::store::{self, RestorePreview, Store};

/// Writes a backup of the register into `folder`, records it, and with `keep` deletes our
/// backups of this register there beyond the newest `keep`.
pub(super) fn backup(path: &Path, folder: &Path, keep: Option<u32>, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let fail = |error: store::Error| anyhow::anyhow!(describe(lang, path, &error));
    let mut store = open_existing(path, sign_in)?;
    let made = store.write_backup(folder, &mut |_, _| {}).map_err(fail)?;
    store.record_backup(&made, false).map_err(fail)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}: {} {}", made.path.display(), made.bytes, tr(lang, "bytes", "tavua"))?;
    if let Some(keep) = keep {
        let deleted = store::rotate_backups(folder, path, keep)
            .map_err(|error| anyhow::anyhow!(describe(lang, folder, &error)))?;
        for file in &deleted {
            writeln!(out, "{}: {}", tr(lang, "deleted", "poistettu"), file.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Checks the backup as the window does and shows what it holds; with `confirmed` puts it in
/// place of the register (the register is kept beside it). A backup that fails a check is one
/// line on stderr and a non-zero exit, and nothing is touched.
pub(super) fn restore(path: &Path, backup: &Path, confirmed: bool, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    if !backup.exists() {
        bail!("{}: {}", backup.display(), i18n::store_error(lang, &store::Error::Missing));
    }
    // The lock first: a register open elsewhere is not replaced under its user.
    let store = if path.exists() { Some(open_existing(path, sign_in)?) } else { None };
    // The backup opens with the register's key; with no register, with a password valid when
    // the backup was made (its own key file).
    let opener = match &store {
        Some(store) => store.restore_opener(),
        None => {
            let username = signed_in_user(backup, sign_in)?;
            let password = password_for(username, lang)?;
            store::RestoreOpener::sign_in(backup, username, &password)
        }
    }
    .map_err(|error| anyhow::anyhow!(describe(lang, backup, &error)))?;
    let candidate = store::prepare_restore(path, backup, &opener, &mut |_, _| {})
        .map_err(|error| anyhow::anyhow!("{}: {}", backup.display(), i18n::restore_error(lang, &error)))?;
    let mut out = std::io::stdout().lock();
    print_preview(&mut out, &candidate.preview, lang)?;
    if !confirmed {
        writeln!(
            out,
            "{}",
            tr(
                lang,
                "add --yes to replace the register with this backup (the current file is kept beside it)",
                "lisää --yes korvataksesi rekisterin tällä varmuuskopiolla (nykyinen tiedosto säilytetään sen vieressä)"
            )
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let kept_as = match store {
        Some(store) => {
            let (_, restored) = store.restore_from(candidate).map_err(|failed| {
                anyhow::anyhow!("{}", i18n::trf(lang, T::RestoreFailed, &[&describe(lang, path, &failed.error)]))
            })?;
            restored.kept_as
        }
        None => {
            Store::install_restored(path, candidate).map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
            None
        }
    };
    match kept_as {
        Some(kept) => writeln!(out, "{}", i18n::trf(lang, T::RestoreDone, &[&kept.display()]))?,
        None => writeln!(out, "{}", tr(lang, "The backup was restored.", "Varmuuskopio palautettu."))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn print_preview(out: &mut impl std::io::Write, preview: &RestorePreview, lang: Lang) -> std::io::Result<()> {
    let when = |time: chrono::NaiveDateTime| format!("{} {}", finnish_date(time.date()), time.format("%H:%M"));
    let rows = [
        (T::PreviewFile, preview.backup_file.display().to_string()),
        (T::PreviewRegister, preview.register_name.get(lang).to_owned()),
        (T::PreviewTaken, preview.taken_at.map(when).unwrap_or_default()),
        (T::PreviewCustomers, preview.customers.to_string()),
        (T::PreviewRequests, preview.requests.to_string()),
        (T::PreviewAuditRows, preview.audit_rows.to_string()),
        (T::PreviewNewestAudit, preview.newest_audit_entry.map(when).unwrap_or_default()),
    ];
    for (label, value) in rows {
        writeln!(out, "{}: {value}", i18n::tr(lang, label))?;
    }
    writeln!(out, "{}", i18n::tr(lang, T::PreviewChecksPassed))
}
