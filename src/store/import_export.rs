//! Writing imported customers and reading the list for export. An import matches people already
//! in the register by e-mail or phone (never doubling them), changes a matched person only when
//! the file is newer, records "accepts marketing: yes" as a consent whose evidence is the file —
//! never re-granting a consent the person has withdrawn — and is one transaction that can be
//! cancelled. Parsing the file is `exchange`'s; this only writes domain values.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension as _, params};

use super::customer_edits::refresh_derived;
use super::customers::{
    IndexesSetAside, SET_ASIDE_INDEXES_BELOW, check_customer, insert_customer_rows, restore_indexes, set_aside_indexes,
};
use super::{CustomerQuery, Error, Result, Store, Tx, date_text, parse_stored_time, search, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::consent::{Channel, ConsentAction, ConsentEvent};
use crate::domain::customer::{
    Customer, CustomerId, CustomerListing, CustomerStatus, ImportSummary, IncomingCustomer, Source,
};
use crate::domain::register::PurposeId;
use crate::domain::validate;

/// The page cache during an import, as SQLite's `cache_size` takes it (negative: KiB). A million
/// rows make about 1 GB of pages; half of it in memory saves a tenth of the time.
const IMPORT_CACHE_KIB: i64 = -512 * 1024;

/// The purpose an import's "accepts marketing" columns speak of.
const MARKETING_PURPOSE: &str = "direct_marketing";

/// How an import finds the person a row is about: by the first of its e-mails (as
/// [`validate::email_match_key`]) someone has, else the first of its phones; the lowest customer
/// number wins when several people share one.
enum Matcher {
    /// A large register: each key looked up through the store's indexes, which also see the
    /// people this import has added so far.
    Indexed,
    /// A small register whose lookup indexes are set aside for the import: every key the register
    /// holds, loaded once, and every key this import adds.
    InMemory { emails: HashMap<String, CustomerId>, phones: HashMap<String, CustomerId> },
}

impl Matcher {
    /// The keys of everyone in the register, before the import touches it.
    fn load(conn: &Connection) -> Result<Self> {
        let keys = |sql: &str| -> Result<HashMap<String, CustomerId>> {
            let mut statement = conn.prepare(sql)?;
            let rows = statement.query_map([], |row| Ok((row.get::<_, String>(0)?, CustomerId(row.get(1)?))))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(Self::InMemory {
            emails: keys("SELECT match_key, min(customer_id) FROM customer_email GROUP BY match_key")?,
            phones: keys("SELECT number, min(customer_id) FROM customer_phone GROUP BY number")?,
        })
    }

    fn find(&self, conn: &Connection, customer: &Customer) -> Result<Option<CustomerId>> {
        match self {
            Self::Indexed => find_match(conn, customer),
            Self::InMemory { emails, phones } => {
                let by_email =
                    customer.emails.iter().find_map(|email| emails.get(&validate::email_match_key(&email.address)));
                let by_phone = || customer.phones.iter().find_map(|phone| phones.get(&phone.number));
                Ok(by_email.or_else(by_phone).copied())
            }
        }
    }

    /// Notes the keys `customer` brought to person `id` (added now or matched and updated).
    fn remember(&mut self, id: CustomerId, customer: &Customer) {
        let Self::InMemory { emails, phones } = self else { return };
        let keep_lowest = |map: &mut HashMap<String, CustomerId>, key: String| {
            map.entry(key).and_modify(|known| *known = (*known).min(id)).or_insert(id);
        };
        for email in &customer.emails {
            keep_lowest(emails, validate::email_match_key(&email.address));
        }
        for phone in &customer.phones {
            keep_lowest(phones, phone.number.clone());
        }
    }
}

fn find_match(conn: &Connection, customer: &Customer) -> Result<Option<CustomerId>> {
    let mut by_email = conn
        .prepare_cached("SELECT customer_id FROM customer_email WHERE match_key = ?1 ORDER BY customer_id LIMIT 1")?;
    for email in &customer.emails {
        if let Some(id) =
            by_email.query_row([validate::email_match_key(&email.address)], |row| row.get(0)).optional()?
        {
            return Ok(Some(CustomerId(id)));
        }
    }
    let mut by_phone =
        conn.prepare_cached("SELECT customer_id FROM customer_phone WHERE number = ?1 ORDER BY customer_id LIMIT 1")?;
    for phone in &customer.phones {
        if let Some(id) = by_phone.query_row([&phone.number], |row| row.get(0)).optional()? {
            return Ok(Some(CustomerId(id)));
        }
    }
    Ok(None)
}

/// Brings a matched person up to date from a newer file: names the file gives, and contact
/// details it has that the register lacks (with the file as their source).
fn update_from_file(tx: &Tx<'_>, id: CustomerId, incoming: &Customer, now: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE customer SET first_name = CASE WHEN ?2 <> '' THEN ?2 ELSE first_name END,
                             last_name = CASE WHEN ?3 <> '' THEN ?3 ELSE last_name END,
                             company = CASE WHEN ?4 <> '' THEN ?4 ELSE company END,
                             status = CASE WHEN ?5 = 'customer' THEN 'customer' ELSE status END,
                             updated_at = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        id.0,
        incoming.first_name.trim(),
        incoming.last_name.trim(),
        incoming.company.trim(),
        incoming.status.code(),
        now
    ])?;
    tx.prepare_cached("UPDATE customer SET sort_name = ?2 WHERE id = ?1")?
        .execute(params![id.0, sort_name_of(tx, id)?])?;
    for email in &incoming.emails {
        tx.prepare_cached(
            "INSERT INTO customer_email (customer_id, position, address, match_key, source, source_detail, obtained_on)
             SELECT ?1, coalesce((SELECT max(position) + 1 FROM customer_email WHERE customer_id = ?1), 0), ?2, ?3, ?4, ?5, ?6
             WHERE NOT EXISTS (SELECT 1 FROM customer_email WHERE customer_id = ?1 AND match_key = ?3)",
        )?
        .execute(params![
            id.0,
            email.address,
            validate::email_match_key(&email.address),
            email.provenance.source.code(),
            email.provenance.detail,
            date_text(email.provenance.obtained_on)
        ])?;
    }
    for phone in &incoming.phones {
        tx.prepare_cached(
            "INSERT INTO customer_phone (customer_id, position, kind, number, source, source_detail, obtained_on)
             SELECT ?1, coalesce((SELECT max(position) + 1 FROM customer_phone WHERE customer_id = ?1), 0), ?2, ?3, ?4, ?5, ?6
             WHERE NOT EXISTS (SELECT 1 FROM customer_phone WHERE customer_id = ?1 AND number = ?3)",
        )?
        .execute(params![
            id.0,
            phone.kind.code(),
            phone.number,
            phone.provenance.source.code(),
            phone.provenance.detail,
            date_text(phone.provenance.obtained_on)
        ])?;
    }
    for address in &incoming.addresses {
        tx.prepare_cached(
            "INSERT INTO customer_address (customer_id, position, kind, street, postal_code, city, country, source, source_detail, obtained_on)
             SELECT ?1, coalesce((SELECT max(position) + 1 FROM customer_address WHERE customer_id = ?1), 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9
             WHERE NOT EXISTS (SELECT 1 FROM customer_address WHERE customer_id = ?1
                               AND lower(street) = lower(?3) AND postal_code = ?4 AND lower(city) = lower(?5))",
        )?
        .execute(params![
            id.0,
            address.kind.code(),
            address.street,
            address.postal_code,
            address.city,
            address.country,
            address.provenance.source.code(),
            address.provenance.detail,
            date_text(address.provenance.obtained_on)
        ])?;
    }
    refresh_derived(tx, id)
}

fn sort_name_of(conn: &Connection, id: CustomerId) -> Result<String> {
    let (first, last, company): (String, String, String) =
        conn.query_row("SELECT first_name, last_name, company FROM customer WHERE id = ?1", [id.0], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
    Ok(crate::domain::customer::name_sort_key(&first, &last, &company))
}

/// What the ledger says now for one purpose and channel: `Some(true)` given, `Some(false)`
/// withdrawn, `None` never asked.
fn latest_consent(conn: &Connection, id: CustomerId, purpose: PurposeId, channel: Channel) -> Result<Option<bool>> {
    Ok(conn
        .prepare_cached(
            "SELECT action FROM consent_event WHERE customer_id = ?1 AND purpose_id = ?2 AND channel IN (?3, 'any')
             ORDER BY occurred_at DESC, id DESC LIMIT 1",
        )?
        .query_row(params![id.0, purpose.0, channel.code()], |row| row.get::<_, String>(0))
        .optional()?
        .map(|action| action == ConsentAction::Given.code()))
}

/// What the import recorded for the people it added itself: their ledger holds nothing else, so
/// no lookup is needed to know whether a consent stands.
#[derive(Default)]
struct ConsentsOfNewPeople {
    /// Customer numbers above this were added by this import.
    added_above: i64,
    given: HashSet<(CustomerId, Channel)>,
}

impl ConsentsOfNewPeople {
    fn latest(&self, conn: &Connection, id: CustomerId, purpose: PurposeId, channel: Channel) -> Result<Option<bool>> {
        if id.0 > self.added_above {
            return Ok(self.given.contains(&(id, channel)).then_some(true));
        }
        latest_consent(conn, id, purpose, channel)
    }

    fn record(&mut self, id: CustomerId, channel: Channel) {
        if id.0 > self.added_above {
            self.given.insert((id, channel));
        }
    }
}

impl Store {
    /// Writes an import in one transaction (see the module's rules); `progress` gets the rows done
    /// so far and may return `false` to cancel, which leaves the register as it was. The rows may
    /// be a slice or come one by one (from a parser on another thread) and are written in order.
    pub fn import_customers<R: Borrow<IncomingCustomer>>(
        &mut self,
        rows: impl IntoIterator<Item = R>,
        file_name: &str,
        mut progress: impl FnMut(usize) -> bool,
    ) -> Result<ImportSummary> {
        let purpose: Option<PurposeId> = self
            .conn
            .query_row("SELECT id FROM purpose WHERE code = ?1 AND retired_at IS NULL", [MARKETING_PURPOSE], |row| {
                row.get(0)
            })
            .optional()?
            .map(PurposeId);
        let existing = self.customer_count()?;
        // A large page cache for the duration: the new rows, the indexes rebuilt from them and the
        // search index stay in memory until the commit instead of being spilled and read back.
        let cache_pages: i64 = self.conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
        self.conn.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
        let result = self.import_write(rows, file_name, purpose, existing, &mut progress);
        self.conn.pragma_update(None, "cache_size", cache_pages)?;
        result
    }

    fn import_write<R: Borrow<IncomingCustomer>>(
        &mut self,
        rows: impl IntoIterator<Item = R>,
        file_name: &str,
        purpose: Option<PurposeId>,
        existing: i64,
        progress: &mut impl FnMut(usize) -> bool,
    ) -> Result<ImportSummary> {
        self.write(|tx| {
            let now = time_text(tx.now);
            let imported_at = tx.now;
            let evidence = format!("{file_name} ({})", crate::domain::finnish_date(imported_at.date()));
            let mut summary = ImportSummary::default();
            let mut consents = ConsentsOfNewPeople {
                added_above: tx.query_row("SELECT coalesce(max(id), 0) FROM customer", [], |row| row.get(0))?,
                given: HashSet::new(),
            };
            // A file at least as large as the (small) register: the lookup indexes are set aside
            // and rebuilt once at the end (sorting is far cheaper than a million random inserts),
            // and matching runs on keys in memory. The rows' count is known up front from a slice,
            // at most the table's rows when they are parsed as they come.
            let rows = rows.into_iter();
            let most_rows = i64::try_from(rows.size_hint().1.unwrap_or(usize::MAX)).unwrap_or(i64::MAX);
            let in_bulk = existing < SET_ASIDE_INDEXES_BELOW && most_rows >= existing;
            let (mut matcher, set_aside) = if in_bulk {
                (Matcher::load(tx)?, set_aside_indexes(tx, existing, IndexesSetAside::LookupOnly)?)
            } else {
                (Matcher::Indexed, Vec::new())
            };
            let mut added_ids = Vec::new();
            for (index, row) in rows.enumerate() {
                let row = row.borrow();
                check_customer(&row.customer)?;
                let id = match matcher.find(tx, &row.customer)? {
                    None => {
                        let id = insert_customer_rows(tx, &row.customer, &now)?;
                        matcher.remember(id, &row.customer);
                        added_ids.push(id);
                        summary.added += 1;
                        id
                    }
                    Some(id) => {
                        let updated_at: String = tx
                            .prepare_cached("SELECT updated_at FROM customer WHERE id = ?1")?
                            .query_row([id.0], |row| row.get(0))?;
                        let file_is_newer = row
                            .updated_at
                            .is_some_and(|file| parse_stored_time(&updated_at).is_ok_and(|ours| file > ours));
                        if file_is_newer {
                            update_from_file(tx, id, &row.customer, &now)?;
                            matcher.remember(id, &row.customer);
                            summary.updated += 1;
                        } else {
                            summary.unchanged += 1;
                        }
                        id
                    }
                };
                if let Some(purpose) = purpose {
                    for (accepts, channel) in [(row.accepts_email, Channel::Email), (row.accepts_sms, Channel::Sms)] {
                        if accepts != Some(true) {
                            continue; // "no" or nothing grants nothing
                        }
                        match consents.latest(tx, id, purpose, channel)? {
                            Some(true) => {}
                            Some(false) => summary.consents_not_regranted += 1,
                            None => {
                                let event = ConsentEvent {
                                    id: 0,
                                    customer_id: id,
                                    purpose_id: purpose,
                                    channel,
                                    action: ConsentAction::Given,
                                    occurred_at: row.updated_at.unwrap_or(imported_at).min(imported_at),
                                    source: Source::ImportFile,
                                    evidence: evidence.clone(),
                                    recorded_by: tx.actor,
                                };
                                super::consents::insert_consent(tx, id, &event, &now)?;
                                consents.record(id, channel);
                                summary.consents_recorded += 1;
                            }
                        }
                    }
                }
                if (index + 1).is_multiple_of(500) && !progress(index + 1) {
                    return Err(Error::Cancelled);
                }
            }
            restore_indexes(tx, &set_aside)?;
            // The search index of the new people in one pass: rebuilt whole when the file brought
            // most of the register, else entry by entry.
            if added_ids.len() as i64 > existing {
                search::rebuild_index(tx)?;
            } else {
                for id in &added_ids {
                    search::reindex_customer(tx, *id)?;
                }
            }
            let detail = format!(
                "{file_name}: {} added, {} updated, {} unchanged, {} consents, {} withdrawn consents not re-granted",
                summary.added,
                summary.updated,
                summary.unchanged,
                summary.consents_recorded,
                summary.consents_not_regranted
            );
            tx.audit(AuditAction::CustomersImported, None, &detail)?;
            Ok(summary)
        })
    }

    /// The list rows of every customer the query matches, in list order, for an export. People
    /// whose processing is restricted (GDPR Art. 18) are left out of every export until lifted.
    pub fn customer_listings(&self, query: &CustomerQuery) -> Result<Vec<CustomerListing>> {
        let restricted: std::collections::HashSet<CustomerId> = self.restricted_customers()?.into_iter().collect();
        let ids: Vec<CustomerId> =
            self.customer_ids(query)?.into_iter().filter(|id| !restricted.contains(id)).collect();
        if ids.len() < WHOLE_TABLE_FROM {
            let mut statement = self.conn.prepare_cached(&format!("{LISTING_SELECT} WHERE c.id = ?1"))?;
            return ids.iter().map(|id| statement.query_row([id.0], listing_from_row)?).collect::<Result<Vec<_>>>();
        }
        // Many rows: one pass over the table in storage order (sequential reads instead of a random
        // read per person in name order), each row put in its place in the list's order.
        let position: std::collections::HashMap<CustomerId, usize> =
            ids.iter().enumerate().map(|(index, id)| (*id, index)).collect();
        let mut slots: Vec<Option<CustomerListing>> = Vec::new();
        slots.resize_with(ids.len(), || None);
        let mut statement = self.conn.prepare_cached(&format!("{LISTING_SELECT} ORDER BY c.id"))?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id = CustomerId(row.get(0)?);
            if let Some(index) = position.get(&id) {
                slots[*index] = Some(listing_from_row(row)??);
            }
        }
        // A person erased between the two reads is simply not in the file.
        Ok(slots.into_iter().flatten().collect())
    }

    /// Records an export in the audit trail with its row count and the file's SHA-256.
    pub fn record_export(&mut self, rows: usize, file_name: &str, sha256: &str) -> Result<()> {
        self.write(|tx| {
            tx.audit(AuditAction::CustomersExported, None, &format!("{rows} rows to {file_name}, sha256 {sha256}"))
        })
    }
}

/// From how many people an export reads the whole table in one pass instead of person by person.
const WHOLE_TABLE_FROM: usize = 5_000;

/// The columns of an exported list row: the person and their first e-mail, phone and address.
const LISTING_SELECT: &str = "SELECT c.id, c.status, c.first_name, c.last_name, c.company, c.created_at,
        coalesce((SELECT address FROM customer_email WHERE customer_id = c.id ORDER BY position, id LIMIT 1), ''),
        coalesce((SELECT number FROM customer_phone WHERE customer_id = c.id ORDER BY position, id LIMIT 1), ''),
        a.street, a.postal_code, a.city, a.country
     FROM customer c LEFT JOIN customer_address a
          ON a.id = (SELECT id FROM customer_address WHERE customer_id = c.id ORDER BY position, id LIMIT 1)";

/// One row of `LISTING_SELECT`; the outer error is SQLite's, the inner one a stored value that
/// does not parse.
fn listing_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<CustomerListing>> {
    let id = CustomerId(row.get(0)?);
    let status: String = row.get(1)?;
    let [first_name, last_name, company, created_at, email, phone]: [String; 6] =
        [row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?];
    let [street, postal_code, city, country]: [Option<String>; 4] =
        [row.get(8)?, row.get(9)?, row.get(10)?, row.get(11)?];
    Ok((|| {
        Ok(CustomerListing {
            customer_number: id,
            status: super::parse_code("status", &status, CustomerStatus::from_code)?,
            first_name,
            last_name,
            company,
            email,
            phone,
            street: street.unwrap_or_default(),
            postal_code: postal_code.unwrap_or_default(),
            city: city.unwrap_or_default(),
            country: country.unwrap_or_default(),
            created_on: parse_stored_time(&created_at)?.date(),
        })
    })())
}
