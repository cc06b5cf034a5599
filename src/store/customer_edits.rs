//! Changing customers: saving an edited record, adding orders and contacts to its history,
//! finding duplicates of a person by e-mail or phone, and merging two records of the same person
//! without losing the history or provenance of either.

use std::collections::BTreeSet;

use rusqlite::{Connection, params};

use super::customers::{insert_contact_rows, insert_interaction, insert_order};
use super::{Error, Result, Store, Tx, date_text, search, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::customer::{Customer, CustomerId, CustomerRow, Interaction, Order, name_sort_key};
use crate::domain::validate;

/// A record that looks like the same person, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub row: CustomerRow,
    /// "email" or "phone": what matched (never the value itself, for the audit trail).
    pub matched_on: &'static str,
}

fn ensure_exists(conn: &Connection, id: CustomerId) -> Result<()> {
    let exists: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM customer WHERE id = ?1)", [id.0], |row| row.get(0))?;
    if exists { Ok(()) } else { Err(Error::NotFound("customer")) }
}

/// Keeps the list columns, the activity date and the search index of one customer in step.
pub(super) fn refresh_derived(tx: &Tx<'_>, id: CustomerId) -> Result<()> {
    tx.execute(
        "UPDATE customer SET
            list_email = coalesce((SELECT lower(address) FROM customer_email WHERE customer_id = ?1 ORDER BY position, id LIMIT 1), ''),
            list_phone = coalesce((SELECT number FROM customer_phone WHERE customer_id = ?1 ORDER BY position, id LIMIT 1), ''),
            list_city = coalesce((SELECT city FROM customer_address WHERE customer_id = ?1 ORDER BY position, id LIMIT 1), ''),
            last_activity_on = max(obtained_on,
                coalesce((SELECT max(ordered_on) FROM customer_order WHERE customer_id = ?1), ''),
                coalesce((SELECT max(substr(occurred_at, 1, 10)) FROM interaction WHERE customer_id = ?1), ''))
         WHERE id = ?1",
        [id.0],
    )?;
    search::reindex_customer(tx, id)
}

/// The names of the fields that differ, for the audit trail (never the values).
fn changed_fields(before: &Customer, after: &Customer) -> Vec<&'static str> {
    let checks: [(&'static str, bool); 15] = [
        ("status", before.status != after.status),
        ("first_name", before.first_name != after.first_name),
        ("last_name", before.last_name != after.last_name),
        ("company", before.company != after.company),
        ("username", before.username != after.username),
        ("nickname", before.nickname != after.nickname),
        ("other_identifier", before.other_identifier != after.other_identifier),
        ("birth_year", before.birth_year != after.birth_year),
        ("gender", before.gender != after.gender),
        ("title", before.title != after.title),
        ("mother_tongue", before.mother_tongue != after.mother_tongue),
        ("letter_lang", before.letter_lang != after.letter_lang),
        ("note", before.note != after.note),
        ("addresses", before.addresses != after.addresses),
        ("contact", before.phones != after.phones || before.emails != after.emails),
    ];
    let mut fields: Vec<&'static str> = checks.iter().filter(|(_, changed)| *changed).map(|(name, _)| *name).collect();
    if before.tags != after.tags {
        fields.push("tags");
    }
    if before.other_data != after.other_data {
        fields.push("other_data");
    }
    fields
}

impl Store {
    /// Saves an edited record: the core fields, addresses, phones, e-mails, tags and other data
    /// (orders, contacts and attachments are history and are added separately). One transaction;
    /// the audit row names the changed fields.
    pub fn update_customer(&mut self, customer: &Customer) -> Result<()> {
        let id = customer.id.ok_or(Error::NotFound("customer"))?;
        super::customers::check_customer(customer)?;
        let before = self.customer(id)?;
        let changed = changed_fields(&before, customer);
        if changed.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE customer SET status = ?2, first_name = ?3, last_name = ?4, company = ?5, username = ?6, nickname = ?7,
                     other_identifier = ?8, birth_year = ?9, gender = ?10, title = ?11, mother_tongue = ?12, letter_lang = ?13,
                     note = ?14, updated_at = ?15, sort_name = ?16
                 WHERE id = ?1",
                params![
                    id.0,
                    customer.status.code(),
                    customer.first_name.trim(),
                    customer.last_name.trim(),
                    customer.company.trim(),
                    customer.username.trim(),
                    customer.nickname.trim(),
                    customer.other_identifier.trim(),
                    customer.birth_year,
                    customer.gender.map(|gender| gender.code()),
                    customer.title.trim(),
                    customer.mother_tongue.trim(),
                    customer.letter_lang.code(),
                    customer.note,
                    time_text(tx.now),
                    name_sort_key(&customer.first_name, &customer.last_name, &customer.company),
                ],
            )?;
            for table in ["customer_address", "customer_phone", "customer_email", "customer_tag", "customer_other_data"] {
                tx.execute(&format!("DELETE FROM {table} WHERE customer_id = ?1"), [id.0])?;
            }
            insert_contact_rows(tx, id, customer)?;
            refresh_derived(tx, id)?;
            tx.audit(AuditAction::CustomerUpdated, Some(id), &changed.join(", "))
        })
    }

    /// Adds an order to a customer's history.
    pub fn add_order(&mut self, id: CustomerId, order: &Order) -> Result<()> {
        self.write(|tx| {
            ensure_exists(tx, id)?;
            insert_order(tx, id, order)?;
            refresh_derived(tx, id)?;
            tx.audit(AuditAction::CustomerUpdated, Some(id), &format!("order added: {}", order.order_no))
        })
    }

    /// Adds feedback, a contact, a competition answer, a cancellation or a usage record.
    pub fn add_interaction(&mut self, id: CustomerId, interaction: &Interaction) -> Result<()> {
        self.write(|tx| {
            ensure_exists(tx, id)?;
            insert_interaction(tx, id, interaction)?;
            refresh_derived(tx, id)?;
            tx.audit(AuditAction::CustomerUpdated, Some(id), &format!("{} added", interaction.kind.code()))
        })
    }

    /// Other records with the same e-mail (case-insensitively) or the same phone number
    /// (+358 and 0-prefixed forms are one number once normalised). `except` is the record itself.
    pub fn find_duplicates(&self, customer: &Customer) -> Result<Vec<Duplicate>> {
        let mut found: Vec<(CustomerId, &'static str)> = Vec::new();
        let mut seen = BTreeSet::new();
        if let Some(id) = customer.id {
            seen.insert(id);
        }
        let mut by_email =
            self.conn.prepare_cached("SELECT DISTINCT customer_id FROM customer_email WHERE match_key = ?1")?;
        for email in &customer.emails {
            let key = validate::email_match_key(&email.address);
            for id in by_email.query_map([key], |row| row.get(0).map(CustomerId))? {
                let id = id?;
                if seen.insert(id) {
                    found.push((id, "email"));
                }
            }
        }
        let mut by_phone =
            self.conn.prepare_cached("SELECT DISTINCT customer_id FROM customer_phone WHERE number = ?1")?;
        for phone in &customer.phones {
            let number = validate::phone(&phone.number).unwrap_or_else(|_| phone.number.clone());
            for id in by_phone.query_map([number], |row| row.get(0).map(CustomerId))? {
                let id = id?;
                if seen.insert(id) {
                    found.push((id, "phone"));
                }
            }
        }
        let ids: Vec<CustomerId> = found.iter().map(|(id, _)| *id).collect();
        let rows = self.customer_rows(&ids)?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let matched_on = found.iter().find(|(id, _)| *id == row.id).map(|(_, on)| *on)?;
                Some(Duplicate { row, matched_on })
            })
            .collect())
    }

    /// Merges `absorbed` into `kept`: every address, phone, e-mail, order, contact, tag, datum,
    /// attachment, consent and objection event, request and disclosure of `absorbed` moves to
    /// `kept` with its own provenance; identical contact details are not doubled; empty core
    /// fields of `kept` are filled from `absorbed`; then `absorbed` is removed. One transaction,
    /// logged with both customer numbers.
    pub fn merge_customers(&mut self, kept: CustomerId, absorbed: CustomerId) -> Result<()> {
        if kept == absorbed {
            return Err(Error::BadValue { column: "merge", value: "a record cannot be merged into itself".into() });
        }
        let survivor = self.customer(kept)?;
        let other = self.customer(absorbed)?;
        self.write(|tx| {
            for table in [
                "customer_address",
                "customer_phone",
                "customer_email",
                "customer_order",
                "interaction",
                "customer_tag",
                "customer_other_data",
                "attachment",
                "consent_event",
                "objection_event",
                "request",
                "retention_exclusion",
            ] {
                tx.execute(
                    &format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2"),
                    [kept.0, absorbed.0],
                )?;
            }
            tx.execute(
                "INSERT OR IGNORE INTO disclosure_member (disclosure_id, customer_id)
                 SELECT disclosure_id, ?1 FROM disclosure_member WHERE customer_id = ?2",
                [kept.0, absorbed.0],
            )?;
            // The same e-mail or number twice is one datum: keep the older row (its provenance).
            tx.execute(
                "DELETE FROM customer_email WHERE customer_id = ?1 AND id NOT IN
                     (SELECT min(id) FROM customer_email WHERE customer_id = ?1 GROUP BY match_key)",
                [kept.0],
            )?;
            tx.execute(
                "DELETE FROM customer_phone WHERE customer_id = ?1 AND id NOT IN
                     (SELECT min(id) FROM customer_phone WHERE customer_id = ?1 GROUP BY number)",
                [kept.0],
            )?;
            tx.execute(
                "DELETE FROM customer_address WHERE customer_id = ?1 AND id NOT IN
                     (SELECT min(id) FROM customer_address WHERE customer_id = ?1
                      GROUP BY lower(street), postal_code, lower(city))",
                [kept.0],
            )?;
            fill_empty_core_fields(tx, &survivor, &other)?;
            tx.execute("DELETE FROM customer_search WHERE rowid = ?1", [absorbed.0])?;
            tx.execute("DELETE FROM customer WHERE id = ?1", [absorbed.0])?;
            refresh_derived(tx, kept)?;
            tx.audit(
                AuditAction::CustomersMerged,
                Some(kept),
                &format!("customer {} merged into {}", absorbed.0, kept.0),
            )
        })
    }
}

/// A merged record keeps its own values; only what it lacks comes from the other record.
fn fill_empty_core_fields(tx: &Tx<'_>, kept: &Customer, other: &Customer) -> Result<()> {
    let pick = |mine: &str, theirs: &str| if mine.trim().is_empty() { theirs.to_owned() } else { mine.to_owned() };
    let status =
        if kept.status == crate::domain::customer::CustomerStatus::Customer { kept.status } else { other.status };
    let obtained_on = kept.provenance.obtained_on.min(other.provenance.obtained_on);
    let first_name = pick(&kept.first_name, &other.first_name);
    let last_name = pick(&kept.last_name, &other.last_name);
    let company = pick(&kept.company, &other.company);
    tx.execute(
        "UPDATE customer SET status = ?2, first_name = ?3, last_name = ?4, company = ?5, username = ?6, nickname = ?7,
             other_identifier = ?8, birth_year = ?9, gender = ?10, title = ?11, mother_tongue = ?12, note = ?13,
             obtained_on = ?14, sort_name = ?15, updated_at = ?16
         WHERE id = ?1",
        params![
            kept.id.map(|id| id.0),
            status.code(),
            first_name,
            last_name,
            company,
            pick(&kept.username, &other.username),
            pick(&kept.nickname, &other.nickname),
            pick(&kept.other_identifier, &other.other_identifier),
            kept.birth_year.or(other.birth_year),
            kept.gender.or(other.gender).map(|gender| gender.code()),
            pick(&kept.title, &other.title),
            pick(&kept.mother_tongue, &other.mother_tongue),
            [kept.note.trim(), other.note.trim()]
                .iter()
                .filter(|note| !note.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("\n"),
            date_text(obtained_on),
            name_sort_key(&first_name, &last_name, &company),
            time_text(tx.now),
        ],
    )?;
    Ok(())
}
