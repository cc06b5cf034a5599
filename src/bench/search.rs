//! Search as you type: our full path (`Store::search_customers`: the query made safe, the index,
//! the rows turned into the list's structs) against one bare SQLite statement that returns the
//! same first rows from the same encrypted file. The difference is what our code adds.

use std::time::Duration;

use anyhow::Context as _;
use rusqlite::Connection;

use super::{median_time, ratio};
use crate::store::{Store, fts_query};

/// What the shop owner types: a surname's prefix, an e-mail's and a phone number's fragment.
pub const TYPED: [(&str, &str); 3] =
    [("surname prefix", "virt"), ("e-mail prefix", "matti.vir"), ("phone fragment", "040 12")];

/// How many rows the list shows first.
pub const FIRST_ROWS: usize = 50;

/// The search's first page as one plain statement: matching ids from the full-text index, the
/// list's columns, in name order.
pub const BARE_FIRST_ROWS: &str =
    "SELECT c.id, c.status, c.first_name, c.last_name, c.list_email, c.list_phone, c.list_city
     FROM customer c WHERE c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?1)
     ORDER BY c.sort_name, c.id LIMIT 50";

/// One row of the bare statement, every column read as the full path reads it.
pub type BareRow = (i64, String, String, String, String, String, String);

/// The bare statement's rows for `typed` on `connection` (a plain connection to the same file).
pub fn bare_first_rows(connection: &Connection, typed: &str) -> anyhow::Result<Vec<BareRow>> {
    let fts = fts_query(typed).context("nothing to search for")?;
    let mut statement = connection.prepare_cached(BARE_FIRST_ROWS)?;
    let rows = statement
        .query_map([&fts], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// One typed text measured both ways.
#[derive(Debug, Clone)]
pub struct SearchComparison {
    pub what: &'static str,
    pub typed: &'static str,
    /// Rows found (the same both ways, or the comparison fails).
    pub rows: usize,
    pub ours: Duration,
    pub bare: Duration,
}

impl SearchComparison {
    /// Ours / bare: the goal is at most 1.5.
    pub fn ratio(&self) -> f64 {
        ratio(self.ours, self.bare)
    }
}

/// Measures every [`TYPED`] text on `store` (median of `runs`), checking first that both ways
/// return the same people in the same order.
pub fn compare_search(store: &Store, runs: usize) -> anyhow::Result<Vec<SearchComparison>> {
    let bare = store.raw_connection()?;
    let mut comparisons = Vec::new();
    for (what, typed) in TYPED {
        let ours_rows = store.search_customers(typed, FIRST_ROWS)?;
        let bare_rows = bare_first_rows(&bare, typed)?;
        let ours_ids: Vec<i64> = ours_rows.iter().map(|row| row.id.0).collect();
        let bare_ids: Vec<i64> = bare_rows.iter().map(|row| row.0).collect();
        anyhow::ensure!(ours_ids == bare_ids, "{what}: the bare statement found other people than the search");
        let ours = median_time(runs, || Ok(store.search_customers(typed, FIRST_ROWS)?))?;
        let bare_time = median_time(runs, || bare_first_rows(&bare, typed))?;
        comparisons.push(SearchComparison { what, typed, rows: ours_ids.len(), ours, bare: bare_time });
    }
    Ok(comparisons)
}
