//! Who may be contacted today (the rule is `domain::contact`'s), recorded disclosures of such lists
//! (§6), and consents withdrawn in bulk: by customer number, by e-mail address, or from a mailing
//! tool's unsubscribe list.
//!
//! The list is one SQL pass over the customers in number order, streamed row by row: each person's
//! newest ledger event for the purpose is one index read (see migration 2), standing objections and
//! restrictions are small sets built once. A million customers take seconds, not minutes.
//!
//! Not here: writing the CSV file, or when a list counts as disclosed (see `crate::contact_lists`).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{OptionalExtension as _, params};

use super::consents::{consent_events_where, insert_consent};
use super::{Error, Result, Store, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::consent::{Channel, ConsentAction, ConsentEvent};
use crate::domain::contact::{ContactAddress, ContactRow, ContactRule, WithdrawalScope, rule, withdrawals_needed};
use crate::domain::customer::{CustomerId, CustomerStatus, Source};
use crate::domain::register::PurposeId;
use crate::domain::request::{RequestKind, RequestStatus};
use crate::domain::validate;

/// The people a rule lets be contacted, as the columns the row reader expects: number, names, and
/// four address columns (`{address}`) from the person's first address for the channel (`{join}`).
///
/// The person's newest event for the purpose over the channel or over every channel decides, and
/// of two at the same moment the later ledger entry, as the ledger's fold (`has_consent`) decides.
/// The lookup names its index: without `ANALYZE` statistics SQLite would pick the
/// purpose-and-date index instead and read the purpose's whole ledger for every person.
const CONTACTS_SQL: &str = "
WITH objecting AS (
    SELECT customer_id FROM (
        SELECT customer_id, action,
               row_number() OVER (PARTITION BY customer_id, kind ORDER BY occurred_at DESC, id DESC) AS newest
        FROM objection_event WHERE kind IN (SELECT value FROM json_each(?3)))
    WHERE newest = 1 AND action = 'made'),
restricted AS (
    SELECT customer_id FROM request
    WHERE kind = ?5 AND status <> ?6 AND restriction_lifted_on IS NULL AND customer_id IS NOT NULL)
SELECT c.id, c.first_name, c.last_name, c.company, {address}
FROM customer c {join}
WHERE coalesce(
        (SELECT k.action = 'given' FROM consent_event k INDEXED BY consent_event_of
         WHERE k.customer_id = c.id AND k.purpose_id = ?1 AND k.channel IN (?2, 'any')
         ORDER BY k.occurred_at DESC, k.id DESC LIMIT 1),
        ?4 AND c.status = ?7)
  AND c.id NOT IN (SELECT customer_id FROM objecting)
  AND c.id NOT IN (SELECT customer_id FROM restricted)
ORDER BY c.id";

/// The address columns and their join for a channel: the first e-mail, the first mobile number,
/// the first phone number of any kind, or the first address with a street and a city.
fn address_sql(channel: Channel) -> (&'static str, &'static str) {
    match channel {
        Channel::Email => (
            "a.address, '', '', ''",
            "JOIN customer_email a ON a.id =
                 (SELECT id FROM customer_email WHERE customer_id = c.id ORDER BY position, id LIMIT 1)",
        ),
        Channel::Sms => (
            "a.number, '', '', ''",
            "JOIN customer_phone a ON a.id =
                 (SELECT id FROM customer_phone WHERE customer_id = c.id AND kind = 'mobile' ORDER BY position, id LIMIT 1)",
        ),
        Channel::Phone | Channel::Any => (
            "a.number, '', '', ''",
            "JOIN customer_phone a ON a.id =
                 (SELECT id FROM customer_phone WHERE customer_id = c.id ORDER BY position, id LIMIT 1)",
        ),
        Channel::Post => (
            "a.street, a.postal_code, a.city, a.country",
            "JOIN customer_address a ON a.id =
                 (SELECT id FROM customer_address WHERE customer_id = c.id AND trim(street) <> '' AND trim(city) <> ''
                  ORDER BY position, id LIMIT 1)",
        ),
    }
}

fn contact_address(channel: Channel, [first, postal_code, city, country]: [String; 4]) -> ContactAddress {
    match channel {
        Channel::Email => ContactAddress::Email(first),
        Channel::Sms | Channel::Phone | Channel::Any => ContactAddress::Phone(first),
        Channel::Post => ContactAddress::Postal { street: first, postal_code, city, country },
    }
}

/// The preview's rows are reserved up to this many at once (a caller may ask for "all").
const PREVIEW_CAPACITY: usize = 1024;

/// How many people a rule lets be contacted, with the first of them: what the window previews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPreview {
    pub count: usize,
    pub first: Vec<ContactRow>,
}

/// A contact list handed to a recipient, as the disclosure log records it (§6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDisclosure {
    /// Who receives the list: "Kirjapaino Oy", "Mailchimp".
    pub recipient: String,
    pub purpose_id: PurposeId,
    pub channel: Channel,
    /// The file's name (not its folder: that is the user's business).
    pub file_name: String,
    /// The SHA-256 of the file's bytes in lower-case hex.
    pub sha256: String,
}

/// What a bulk withdrawal did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WithdrawalSummary {
    /// The people found (by number or by e-mail address).
    pub people_matched: usize,
    /// The withdrawal events appended to the ledger; 0 when everything was withdrawn already.
    pub withdrawals_recorded: usize,
    /// The e-mail addresses no one in the register has.
    pub addresses_not_found: usize,
}

/// The people who have some of the e-mail addresses, and how many addresses no one has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailMatches {
    /// Each person once, in number order.
    pub customers: Vec<CustomerId>,
    pub addresses_not_found: usize,
}

/// Finds the people with `addresses`, matched as the register matches e-mails (case-insensitively,
/// [`validate::email_match_key`]); an address given twice counts once.
fn match_emails(conn: &rusqlite::Connection, addresses: &[String]) -> Result<EmailMatches> {
    let keys: BTreeSet<String> = addresses.iter().map(|address| validate::email_match_key(address)).collect();
    let mut statement = conn.prepare_cached("SELECT customer_id FROM customer_email WHERE match_key = ?1")?;
    let mut customers = BTreeSet::new();
    let mut addresses_not_found = 0;
    for key in keys.iter().filter(|key| !key.is_empty()) {
        let ids = statement.query_map([key], |row| row.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        if ids.is_empty() {
            addresses_not_found += 1;
        }
        customers.extend(ids.into_iter().map(CustomerId));
    }
    Ok(EmailMatches { customers: customers.into_iter().collect(), addresses_not_found })
}

impl Store {
    /// The rule for a list of `purpose` over `channel` (`Error::NotAllowed` with a
    /// `domain::contact::rule` when the purpose is no ground for contacting anyone that way).
    pub fn contact_rule(&self, purpose: PurposeId, channel: Channel) -> Result<ContactRule> {
        let purposes = self.purposes()?;
        let purpose = purposes.iter().find(|candidate| candidate.id == purpose).ok_or(Error::NotFound("purpose"))?;
        ContactRule::for_purpose(purpose, channel).map_err(Error::NotAllowed)
    }

    /// Calls `each` with every person `rule` lets be contacted today, in customer-number order,
    /// until it returns `false`; returns how many it was called with. Rows are streamed: a list
    /// of a million people is never held in memory here.
    pub fn for_each_contact<E: From<Error>>(
        &self,
        rule: &ContactRule,
        mut each: impl FnMut(ContactRow) -> Result<bool, E>,
    ) -> Result<usize, E> {
        let (address, join) = address_sql(rule.channel);
        let sql = CONTACTS_SQL.replace("{address}", address).replace("{join}", join);
        let objections: Vec<&str> = rule.honoured_objections.iter().map(|kind| kind.code()).collect();
        let objections = serde_json::to_string(&objections).map_err(|error| Error::Io(error.into()))?;
        let mut statement = self.conn.prepare_cached(&sql).map_err(Error::from)?;
        let mut rows = statement
            .query(params![
                rule.purpose.0,
                rule.channel.code(),
                objections,
                rule.existing_customers_without_consent,
                RequestKind::Restriction.code(),
                RequestStatus::Refused.code(),
                CustomerStatus::Customer.code(),
            ])
            .map_err(Error::from)?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(Error::from)? {
            let read = || -> rusqlite::Result<ContactRow> {
                Ok(ContactRow {
                    customer_id: CustomerId(row.get(0)?),
                    first_name: row.get(1)?,
                    last_name: row.get(2)?,
                    company: row.get(3)?,
                    address: contact_address(rule.channel, [row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?]),
                })
            };
            count += 1;
            if !each(read().map_err(Error::from)?)? {
                break;
            }
        }
        Ok(count)
    }

    /// How many people `rule` lets be contacted today, and the first `rows` of them.
    pub fn contact_preview(&self, rule: &ContactRule, rows: usize) -> Result<ContactPreview> {
        let mut first = Vec::with_capacity(rows.min(PREVIEW_CAPACITY));
        let count = self.for_each_contact(rule, |row| -> Result<bool> {
            if first.len() < rows {
                first.push(row);
            }
            Ok(true)
        })?;
        Ok(ContactPreview { count, first })
    }

    /// Records a contact list handed to a recipient: the disclosure (recipient, purpose, channel,
    /// today, the user, the count and the file's SHA-256) and one member row per person in it, so
    /// that each person's history and access reply show it. `publish` runs last inside the
    /// transaction (it puts the written file under its name); if it fails nothing is recorded.
    /// Returns the disclosure's id.
    pub fn record_disclosure(
        &mut self,
        disclosure: &NewDisclosure,
        members: &[CustomerId],
        publish: impl FnOnce() -> std::io::Result<()>,
    ) -> Result<i64> {
        if disclosure.recipient.trim().is_empty() {
            return Err(Error::NotAllowed(rule::NO_RECIPIENT));
        }
        if !super::request_workflow::is_sha256_hex(&disclosure.sha256) {
            return Err(Error::BadValue { column: "sha256", value: disclosure.sha256.clone() });
        }
        // Large lists write a member row each; the bulk page cache keeps the index appends in memory.
        let cache_pages: i64 = self.conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
        self.conn.pragma_update(None, "cache_size", super::customers::BULK_CACHE_KIB)?;
        let result = self.write(|tx| {
            let purpose_code: String = tx
                .prepare_cached("SELECT code FROM purpose WHERE id = ?1")?
                .query_row([disclosure.purpose_id.0], |row| row.get(0))
                .optional()?
                .ok_or(Error::NotFound("purpose"))?;
            tx.prepare_cached(
                "INSERT INTO disclosure (recipient, purpose_id, channel, disclosed_at, user_id, row_count, file_name, sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                disclosure.recipient.trim(),
                disclosure.purpose_id.0,
                disclosure.channel.code(),
                time_text(tx.now),
                tx.actor.0,
                i64::try_from(members.len()).unwrap_or(i64::MAX),
                disclosure.file_name,
                disclosure.sha256,
            ])?;
            let id = tx.last_insert_rowid();
            let mut member = tx.prepare_cached("INSERT INTO disclosure_member (disclosure_id, customer_id) VALUES (?1, ?2)")?;
            for customer in members {
                member.execute(params![id, customer.0])?;
            }
            drop(member);
            // Counts and the hash only: the recipient's name and the people stay in their tables.
            let detail = format!(
                "disclosure {id}: {} people, {purpose_code} {}, sha256 {}",
                members.len(),
                disclosure.channel.code(),
                disclosure.sha256
            );
            tx.audit(AuditAction::MarketingListExported, None, &detail)?;
            publish().map_err(Error::from_io)?;
            Ok(id)
        });
        self.conn.pragma_update(None, "cache_size", cache_pages)?;
        result
    }

    /// The people who have some of `addresses` (case-insensitively), for a preview before a bulk
    /// withdrawal.
    pub fn customers_with_emails(&self, addresses: &[String]) -> Result<EmailMatches> {
        match_emails(&self.conn, addresses)
    }

    /// Withdraws what `scope` covers for each of `customers` in one transaction (see
    /// `domain::contact::withdrawals_needed`): nothing is recorded twice, so running the same
    /// withdrawal again records nothing. An unknown customer number fails the whole withdrawal.
    pub fn withdraw_consents(
        &mut self,
        customers: &[CustomerId],
        scope: WithdrawalScope,
        source: Source,
        evidence: &str,
    ) -> Result<WithdrawalSummary> {
        let purposes = self.purposes()?;
        self.write(|tx| {
            let mut exists = tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM customer WHERE id = ?1)")?;
            for customer in customers {
                if !exists.query_row([customer.0], |row| row.get::<_, bool>(0))? {
                    return Err(Error::NotFound("customer"));
                }
            }
            drop(exists);
            let recorded = withdraw_in(tx, &purposes, customers, scope, source, evidence)?;
            Ok(WithdrawalSummary {
                people_matched: customers.len(),
                withdrawals_recorded: recorded,
                addresses_not_found: 0,
            })
        })
    }

    /// Withdraws what `scope` covers for everyone who has one of `addresses` (matched
    /// case-insensitively), in one transaction: an unsubscribe list from a mailing tool, or one
    /// address typed in. Addresses no one has are counted, not an error.
    pub fn withdraw_consents_by_email(
        &mut self,
        addresses: &[String],
        scope: WithdrawalScope,
        source: Source,
        evidence: &str,
    ) -> Result<WithdrawalSummary> {
        let purposes = self.purposes()?;
        self.write(|tx| {
            let matches = match_emails(tx, addresses)?;
            let recorded = withdraw_in(tx, &purposes, &matches.customers, scope, source, evidence)?;
            let detail = format!(
                "bulk withdrawal: {} addresses, {} people, {recorded} withdrawals, {} not found",
                addresses.len(),
                matches.customers.len(),
                matches.addresses_not_found
            );
            tx.audit(AuditAction::ConsentRecorded, None, &detail)?;
            Ok(WithdrawalSummary {
                people_matched: matches.customers.len(),
                withdrawals_recorded: recorded,
                addresses_not_found: matches.addresses_not_found,
            })
        })
    }
}

/// Appends the withdrawals each person needs, with one audit row per person who got any; returns
/// how many events were appended.
fn withdraw_in(
    tx: &mut super::Tx<'_>,
    purposes: &[crate::domain::register::Purpose],
    customers: &[CustomerId],
    scope: WithdrawalScope,
    source: Source,
    evidence: &str,
) -> Result<usize> {
    let now = tx.now;
    let mut recorded = 0;
    let mut per_person: BTreeMap<CustomerId, usize> = BTreeMap::new();
    for customer in customers {
        let events = consent_events_where(tx, "customer_id = ?1 ORDER BY occurred_at, id", [customer.0])?;
        for (purpose, channel) in withdrawals_needed(purposes, &events, scope) {
            let event = ConsentEvent {
                id: 0,
                customer_id: *customer,
                purpose_id: purpose,
                channel,
                action: ConsentAction::Withdrawn,
                occurred_at: now,
                source,
                evidence: evidence.to_owned(),
                recorded_by: tx.actor,
            };
            insert_consent(tx, *customer, &event, &time_text(now))?;
            recorded += 1;
            *per_person.entry(*customer).or_default() += 1;
        }
    }
    for (customer, count) in per_person {
        tx.audit(AuditAction::ConsentRecorded, Some(customer), &format!("consents withdrawn: {count}"))?;
    }
    if recorded == 0 {
        // Nothing changed, but the attempt is still on the trail.
        tx.audit(AuditAction::ConsentRecorded, None, "withdrawal: nothing left to withdraw")?;
    }
    Ok(recorded)
}
