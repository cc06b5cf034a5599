//! Hidden commands that drive small writes one transaction at a time, each acknowledged on
//! stdout only after its commit: the crash test kills the process at random moments and then
//! checks that every acknowledged save is in the file. Not for users (hidden from `--help`).

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::{SignIn, describe, open_existing};
use crate::domain::customer::CustomerId;
use crate::store;

/// Sets the note of each customer in `first..=last` to `note`, one save each, printing
/// `saved N` after each commit (a missing number prints `missing N`).
pub(super) fn edit_notes(
    path: &Path,
    first: i64,
    last: i64,
    note: &str,
    pause: Duration,
    sign_in: SignIn<'_>,
) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let fail = |error: store::Error| anyhow::anyhow!(describe(lang, path, &error));
    let mut store = open_existing(path, sign_in)?;
    let mut out = std::io::stdout().lock();
    for id in first..=last {
        let mut customer = match store.customer(CustomerId(id)) {
            Ok(customer) => customer,
            Err(store::Error::NotFound(_)) => {
                writeln!(out, "missing {id}")?;
                continue;
            }
            Err(error) => return Err(fail(error)),
        };
        customer.note = note.to_owned();
        store.update_customer(&customer).map_err(fail)?;
        writeln!(out, "saved {id}")?;
        out.flush()?;
        std::thread::sleep(pause);
    }
    Ok(ExitCode::SUCCESS)
}

/// Erases one customer (no request), printing `erased N` after the commit.
pub(super) fn erase(path: &Path, customer: i64, sign_in: SignIn<'_>) -> anyhow::Result<ExitCode> {
    let lang = sign_in.lang;
    let mut store = open_existing(path, sign_in)?;
    store.erase_customer(CustomerId(customer), None).map_err(|error| anyhow::anyhow!(describe(lang, path, &error)))?;
    writeln!(std::io::stdout().lock(), "erased {customer}")?;
    Ok(ExitCode::SUCCESS)
}
