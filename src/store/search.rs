//! Finding customers: the full-text index over name, e-mail, phone, city and customer number, the
//! query builder that turns anything a user types into a safe FTS5 query, and the ordered id list
//! the virtualised customer list pages through.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use super::{Result, Store, Tx};
use crate::domain::consent::ConsentStanding;
use crate::domain::customer::{CustomerId, CustomerRow, CustomerSort, CustomerStatus};
use crate::domain::register::PurposeId;
use crate::domain::validate;

/// The SQL function that turns a stored E.164 number into the digit strings people type.
const PHONE_FORMS_FUNCTION: &str = "rekisteri_phone_forms";

/// A digits-only search shorter than this matches customer numbers only.
const MIN_DIGITS_FOR_PREFIX: usize = 3;

/// What the index holds for each customer; the same select serves one customer and all of them.
const INDEX_ROWS: &str = "
    SELECT c.id,
           c.first_name || ' ' || c.last_name || ' ' || c.company || ' ' || c.nickname || ' ' || c.username,
           (SELECT group_concat(address, ' ') FROM customer_email WHERE customer_id = c.id),
           (SELECT group_concat(rekisteri_phone_forms(number), ' ') FROM customer_phone WHERE customer_id = c.id),
           (SELECT group_concat(postal_code || ' ' || city, ' ') FROM customer_address WHERE customer_id = c.id),
           c.id
    FROM customer c";

pub(super) fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        PHONE_FORMS_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |context| {
            let number: String = context.get(0)?;
            Ok(validate::phone_search_forms(&number).join(" "))
        },
    )?;
    Ok(())
}

/// Replaces one customer's index entry with what their rows say now.
pub(super) fn reindex_customer(tx: &Tx<'_>, id: CustomerId) -> Result<()> {
    tx.prepare_cached("DELETE FROM customer_search WHERE rowid = ?1")?.execute([id.0])?;
    let sql =
        format!("INSERT INTO customer_search (rowid, name, email, phone, city, number) {INDEX_ROWS} WHERE c.id = ?1");
    tx.prepare_cached(&sql)?.execute([id.0])?;
    Ok(())
}

/// Rebuilds the whole index in one pass (after a bulk write), then merges it into one segment.
///
/// FTS5 does not merge segments while the rows go in (its `automerge` would merge the same terms
/// again and again as segments pile up): the final `optimize` merges them all at once. A million
/// people: 10 s instead of 18 s. `automerge` goes back to FTS5's default after, for everyday edits.
pub(super) fn rebuild_index(tx: &Tx<'_>) -> Result<()> {
    tx.execute("DELETE FROM customer_search", [])?;
    set_automerge(tx, 0)?;
    tx.execute(&format!("INSERT INTO customer_search (rowid, name, email, phone, city, number) {INDEX_ROWS}"), [])?;
    tx.execute("INSERT INTO customer_search (customer_search) VALUES ('optimize')", [])?;
    set_automerge(tx, FTS5_DEFAULT_AUTOMERGE)?;
    Ok(())
}

/// FTS5's own default for how many segments of a level are merged as rows come in.
const FTS5_DEFAULT_AUTOMERGE: i64 = 4;

fn set_automerge(tx: &Tx<'_>, segments: i64) -> Result<()> {
    tx.execute("INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', ?1)", [segments])?;
    Ok(())
}

/// Turns what a user typed into an FTS5 query that cannot be a syntax error: every word becomes a
/// quoted prefix phrase, so `"`, `*`, `OR`, `NEAR`, `(` are just text. A run of digits, spaces,
/// `+` and `-` becomes one digit string: a customer number (whole), or the beginning of a phone
/// number typed in groups or of a postal code. `None` when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let looks_like_phone = trimmed.chars().any(|c| c.is_ascii_digit())
        && trimmed.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'));
    if looks_like_phone {
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        // A customer number matches whole; a phone number or postal code by its beginning once
        // it is long enough not to match every number in the register.
        return Some(if digits.len() >= MIN_DIGITS_FOR_PREFIX {
            format!("{{number}} : \"{digits}\" OR {{phone city}} : \"{digits}\"*")
        } else {
            format!("{{number}} : \"{digits}\"")
        });
    }
    let words: Vec<String> = trimmed
        .split(|c: char| c.is_whitespace() || c.is_control())
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// What the customer list shows: a search text, a status filter and a sort order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerQuery {
    pub text: String,
    pub status: Option<CustomerStatus>,
    /// Only people whose consent for this purpose stands now (over any channel).
    pub consent_purpose: Option<PurposeId>,
    /// With `consent_purpose`: whether the consent stands, was withdrawn, or was never asked.
    pub consent_standing: ConsentStanding,
    /// Only people with a standing objection or marketing ban.
    pub with_objection: bool,
    /// Only people with a request that is not answered or refused yet.
    pub with_open_request: bool,
    pub sort: CustomerSort,
    pub descending: bool,
}

impl CustomerQuery {
    /// Whether the query keeps a large part of the register: no search text, and at most the
    /// status or consent filters (objections and open requests are a handful of people).
    pub fn keeps_most_of_the_register(&self) -> bool {
        self.text.trim().is_empty() && !self.with_objection && !self.with_open_request
    }
}

impl Default for CustomerQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            status: None,
            consent_purpose: None,
            consent_standing: ConsentStanding::Given,
            with_objection: false,
            with_open_request: false,
            sort: CustomerSort::Name,
            descending: false,
        }
    }
}

/// The newest event per purpose and channel is a consent: the ledger's fold, in SQL.
const STANDING_CONSENT: &str = "EXISTS (SELECT 1 FROM consent_event e WHERE e.customer_id = c.id AND e.purpose_id = ?{}
    AND e.action = 'given' AND NOT EXISTS (SELECT 1 FROM consent_event later
        WHERE later.customer_id = e.customer_id AND later.purpose_id = e.purpose_id AND later.channel = e.channel
          AND (later.occurred_at, later.id) > (e.occurred_at, e.id)))";

const STANDING_OBJECTION: &str = "EXISTS (SELECT 1 FROM objection_event o WHERE o.customer_id = c.id AND o.action = 'made'
    AND NOT EXISTS (SELECT 1 FROM objection_event later
        WHERE later.customer_id = o.customer_id AND later.kind = o.kind AND (later.occurred_at, later.id) > (o.occurred_at, o.id)))";

const OPEN_REQUEST: &str =
    "EXISTS (SELECT 1 FROM request r WHERE r.customer_id = c.id AND r.status NOT IN ('answered', 'refused'))";

fn order_by(sort: CustomerSort, descending: bool) -> String {
    let columns: &[&str] = match sort {
        CustomerSort::Number => &["c.id"],
        CustomerSort::Name => &["c.sort_name", "c.id"],
        CustomerSort::Email => &["c.list_email", "c.id"],
        CustomerSort::Phone => &["c.list_phone", "c.id"],
        CustomerSort::City => &["c.list_city", "c.sort_name", "c.id"],
        CustomerSort::Status => &["c.status", "c.sort_name", "c.id"],
    };
    let direction = if descending { " DESC" } else { "" };
    columns.iter().map(|column| format!("{column}{direction}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// The ids of every customer the query matches, in list order. Only ids are loaded (8 bytes a
    /// customer), so the list can scroll through a million and fetch rows for what is visible.
    pub fn customer_ids(&self, query: &CustomerQuery) -> Result<Vec<CustomerId>> {
        self.customer_ids_up_to(query, None)
    }

    /// The ids of the first `limit` customers the query matches, in list order: what a screenful
    /// of the list needs before all ids of a large register are in.
    pub fn first_customer_ids(&self, query: &CustomerQuery, limit: usize) -> Result<Vec<CustomerId>> {
        self.customer_ids_up_to(query, Some(limit))
    }

    fn customer_ids_up_to(&self, query: &CustomerQuery, limit: Option<usize>) -> Result<Vec<CustomerId>> {
        let mut conditions = Vec::new();
        let mut parameters: Vec<String> = Vec::new();
        match fts_query(&query.text) {
            Some(fts) => {
                parameters.push(fts);
                conditions.push(format!(
                    "c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?{})",
                    parameters.len()
                ));
            }
            None if !query.text.trim().is_empty() => return Ok(Vec::new()),
            None => {}
        }
        if let Some(status) = query.status {
            parameters.push(status.code().to_owned());
            conditions.push(format!("c.status = ?{}", parameters.len()));
        }
        if let Some(purpose) = query.consent_purpose {
            parameters.push(purpose.0.to_string());
            let placeholder = format!("?{}", parameters.len());
            let standing = STANDING_CONSENT.replace("?{}", &placeholder);
            let any_event = format!(
                "EXISTS (SELECT 1 FROM consent_event e WHERE e.customer_id = c.id AND e.purpose_id = {placeholder})"
            );
            conditions.push(match query.consent_standing {
                ConsentStanding::Given => standing,
                ConsentStanding::Withdrawn => format!("{any_event} AND NOT {standing}"),
                ConsentStanding::NeverAsked => format!("NOT {any_event}"),
            });
        }
        if query.with_objection {
            conditions.push(STANDING_OBJECTION.to_owned());
        }
        if query.with_open_request {
            conditions.push(OPEN_REQUEST.to_owned());
        }
        // A search in name order needs only each match's number and sort key: the covering
        // index holds both, so no match's whole row is read (SQLite does not choose it itself).
        let covering = if parameters.len() == 1 && conditions.len() == 1 && query.sort == CustomerSort::Name {
            "INDEXED BY customer_search_order "
        } else {
            ""
        };
        let filter = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let limit = limit.map(|limit| format!(" LIMIT {limit}")).unwrap_or_default();
        let sql = format!(
            "SELECT c.id FROM customer c {covering}{filter} ORDER BY {}{limit}",
            order_by(query.sort, query.descending)
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let ids = statement
            .query_map(rusqlite::params_from_iter(parameters.iter()), |row| row.get(0).map(CustomerId))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// The first `limit` matches of a search, as list rows (the command line's `search`).
    pub fn search_customers(&self, text: &str, limit: usize) -> Result<Vec<CustomerRow>> {
        let Some(fts) = fts_query(text) else {
            return Ok(Vec::new());
        };
        // One statement: the matches and their list columns together. The limit is written into
        // the statement (a number, cached per limit): bound as a parameter it cost SQLite's
        // sorter 16 µs a search on a small register, three times the search itself.
        // The first `limit` matches are put in order on the covering index (number and sort key),
        // and only their rows are read.
        let sql = format!(
            "SELECT c.id, c.status, c.first_name, c.last_name, c.company, c.list_email, c.list_phone, c.list_city
             FROM customer c WHERE c.id IN (
                 SELECT k.id FROM customer k INDEXED BY customer_search_order
                 WHERE k.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?1)
                 ORDER BY k.sort_name, k.id LIMIT {limit})
             ORDER BY c.sort_name, c.id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut found = statement.query([fts])?;
        let mut rows = Vec::with_capacity(limit.min(1000));
        while let Some(row) = found.next()? {
            rows.push(super::customers::customer_row(CustomerId(row.get(0)?), row, 1)?);
        }
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_or_a_filter_for_a_handful_of_people_does_not_keep_most_of_the_register() {
        let all = CustomerQuery { sort: CustomerSort::City, descending: true, ..CustomerQuery::default() };
        assert!(all.keeps_most_of_the_register());
        assert!(CustomerQuery { text: "  ".into(), ..CustomerQuery::default() }.keeps_most_of_the_register());
        let prospects = CustomerQuery { status: Some(CustomerStatus::Prospect), ..CustomerQuery::default() };
        assert!(prospects.keeps_most_of_the_register());
        assert!(!CustomerQuery { text: "virt".into(), ..CustomerQuery::default() }.keeps_most_of_the_register());
        assert!(!CustomerQuery { with_objection: true, ..CustomerQuery::default() }.keeps_most_of_the_register());
        assert!(!CustomerQuery { with_open_request: true, ..CustomerQuery::default() }.keeps_most_of_the_register());
    }

    #[test]
    fn fts_syntax_in_user_input_is_only_text() {
        assert_eq!(fts_query("mäk").as_deref(), Some("\"mäk\"*"));
        assert_eq!(fts_query("\"Matti\" OR (NEAR").as_deref(), Some("\"Matti\"* \"OR\"* \"NEAR\"*"));
        assert_eq!(fts_query("ab\"c*").as_deref(), Some("\"ab\"\"c\"*"));
        assert_eq!(fts_query("  * ( ) \" "), None);
    }

    #[test]
    fn a_phone_typed_in_groups_is_one_digit_prefix() {
        assert_eq!(fts_query("050 765").as_deref(), Some("{number} : \"050765\" OR {phone city} : \"050765\"*"));
        assert_eq!(
            fts_query("+358 50-765").as_deref(),
            Some("{number} : \"35850765\" OR {phone city} : \"35850765\"*")
        );
        assert_eq!(fts_query("12").as_deref(), Some("{number} : \"12\""));
    }
}
