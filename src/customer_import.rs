//! Importing a customer file into the register in one go: each row of an already read [`Table`]
//! is mapped and validated just before the store matches and writes it, so that a million parsed
//! customers are never held at once (1 GB less memory than parsing the whole file first). Used by
//! `rekisteri import` and the import benchmark.
//!
//! The parsing stays on the writer's thread: handing rows over a channel to a writer thread was
//! measured slower on two cores (19 s instead of 13 s for the rows of a million-row file; probably
//! the rows' many small allocations freed on another thread than the one that made them).
//!
//! Not here: reading the file into a table or guessing the mapping ([`crate::exchange`]), or the
//! rules of matching and consent ([`Store::import_customers`]). The window's import dialog parses
//! the whole file first for its preview and then hands the rows to the store itself.

use crate::domain::customer::{ImportSummary, Provenance, Source};
use crate::exchange::{self, ImportField, RowError, Table};
use crate::store::{self, Store};

/// What an import of a file did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedFile {
    pub summary: ImportSummary,
    /// The problems of the rows left out, in file order.
    pub errors: Vec<RowError>,
}

impl ImportedFile {
    /// How many rows were left out for their problems (a row may have several).
    pub fn rejected_row_count(&self) -> usize {
        self.errors.iter().map(|error| error.row_number).collect::<std::collections::HashSet<_>>().len()
    }
}

/// Imports every valid row of `table` by `mapping`, stamped as coming from `file_name` today, and
/// lists the problems of the others. One transaction: `progress` (rows written so far) may return
/// `false` to cancel, and then nothing of the file is in the register.
pub fn import_table(
    store: &mut Store,
    table: &Table,
    mapping: &[ImportField],
    file_name: &str,
    progress: impl FnMut(usize) -> bool,
) -> Result<ImportedFile, store::Error> {
    store.ensure_intact()?;
    let provenance = Provenance::new(Source::ImportFile, file_name, store::today());
    let mut errors = Vec::new();
    let rows = exchange::parse_each_row(table, mapping, &provenance).filter_map(|outcome| match outcome {
        Ok(row) => Some(row.into_incoming()),
        Err(row_errors) => {
            errors.extend(row_errors);
            None
        }
    });
    let summary = store.import_customers(rows, file_name, progress)?;
    Ok(ImportedFile { summary, errors })
}
