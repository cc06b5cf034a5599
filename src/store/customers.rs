//! Customers and prospects with their whole §4 record: adding, loading and listing them, and the
//! bulk path that writes a million sample customers in one transaction.

use rusqlite::{Connection, Row, params};

use super::{Error, Result, Store, date_text, parse_code, parse_stored_date, parse_stored_time, search, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::consent::{ConsentEvent, ObjectionEvent};
use crate::domain::customer::{
    Address, AddressKind, AttachmentInfo, AttachmentKind, BillingStatus, Customer, CustomerId, CustomerRow,
    CustomerStatus, Email, Gender, Interaction, InteractionKind, Order, OrderLine, OtherDatum, PaymentMethod, Phone,
    PhoneKind, Provenance, Source, Tag, TagKind, name_sort_key,
};
use crate::domain::{Lang, validate};

/// The page cache during a bulk write, as SQLite's `cache_size` takes it (negative: KiB).
pub(super) const BULK_CACHE_KIB: i64 = -64 * 1024;

/// A customer with the ledger entries that come with them, for bulk writing (sample, import).
#[derive(Debug, Clone)]
pub struct BulkCustomer {
    pub customer: Customer,
    pub consents: Vec<ConsentEvent>,
    pub objections: Vec<ObjectionEvent>,
}

fn provenance(row: &Row<'_>, first: usize) -> rusqlite::Result<(String, String, String)> {
    Ok((row.get(first)?, row.get(first + 1)?, row.get(first + 2)?))
}

fn parse_provenance((source, detail, obtained_on): (String, String, String)) -> Result<Provenance> {
    Ok(Provenance {
        source: parse_code("source", &source, Source::from_code)?,
        detail,
        obtained_on: parse_stored_date(&obtained_on)?,
    })
}

/// Writes the customer's rows (not the search index, not the audit): shared by every insert path.
/// A list row from the columns status, first name, last name, company, e-mail, phone and city,
/// starting at column `first` of `row`.
pub(super) fn customer_row(id: CustomerId, row: &Row<'_>, first: usize) -> Result<CustomerRow> {
    let status: String = row.get(first)?;
    let (first_name, last_name, company): (String, String, String) =
        (row.get(first + 1)?, row.get(first + 2)?, row.get(first + 3)?);
    Ok(CustomerRow {
        id,
        status: parse_code("status", &status, CustomerStatus::from_code)?,
        name: crate::domain::customer::display_name(&first_name, &last_name, &company),
        email: row.get(first + 4)?,
        phone: row.get(first + 5)?,
        city: row.get(first + 6)?,
    })
}

pub(super) fn insert_customer_rows(conn: &Connection, customer: &Customer, now: &str) -> Result<CustomerId> {
    let first_email = customer.emails.first().map(|email| email.address.as_str()).unwrap_or("");
    let first_phone = customer.phones.first().map(|phone| phone.number.as_str()).unwrap_or("");
    let first_city = customer.addresses.first().map(|address| address.city.as_str()).unwrap_or("");
    conn.prepare_cached(
        "INSERT INTO customer (id, status, first_name, last_name, company, username, nickname, other_identifier,
             birth_year, gender, title, mother_tongue, letter_lang, note, source, source_detail, obtained_on,
             created_at, updated_at, last_activity_on, sort_name, list_email, list_phone, list_city)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19, ?20, ?21, ?22, ?23)",
    )?
    .execute(params![
        customer.id.map(|id| id.0),
        customer.status.code(),
        customer.first_name.trim(),
        customer.last_name.trim(),
        customer.company.trim(),
        customer.username.trim(),
        customer.nickname.trim(),
        customer.other_identifier.trim(),
        customer.birth_year,
        customer.gender.map(Gender::code),
        customer.title.trim(),
        customer.mother_tongue.trim(),
        customer.letter_lang.code(),
        customer.note,
        customer.provenance.source.code(),
        customer.provenance.detail,
        date_text(customer.provenance.obtained_on),
        now,
        date_text(customer.last_activity()),
        name_sort_key(&customer.first_name, &customer.last_name, &customer.company),
        first_email.to_lowercase(),
        first_phone,
        first_city,
    ])?;
    let id = CustomerId(conn.last_insert_rowid());
    insert_children(conn, id, customer)?;
    Ok(id)
}

fn insert_children(conn: &Connection, id: CustomerId, customer: &Customer) -> Result<()> {
    insert_contact_rows(conn, id, customer)?;
    for order in &customer.orders {
        insert_order(conn, id, order)?;
    }
    for interaction in &customer.interactions {
        insert_interaction(conn, id, interaction)?;
    }
    Ok(())
}

fn provenance_columns(p: &Provenance) -> (&'static str, String, String) {
    (p.source.code(), p.detail.clone(), date_text(p.obtained_on))
}

/// Writes what the customer form edits besides the core row: addresses, phones, e-mails, tags
/// and other data (orders and contacts are history, added one by one).
pub(super) fn insert_contact_rows(conn: &Connection, id: CustomerId, customer: &Customer) -> Result<()> {
    for (address, position) in customer.addresses.iter().zip(0_i64..) {
        let (s, d, o) = provenance_columns(&address.provenance);
        conn.prepare_cached(
            "INSERT INTO customer_address (customer_id, position, kind, street, postal_code, city, country, source, source_detail, obtained_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![id.0, position, address.kind.code(), address.street, address.postal_code, address.city, address.country, s, d, o])?;
    }
    for (phone, position) in customer.phones.iter().zip(0_i64..) {
        let (s, d, o) = provenance_columns(&phone.provenance);
        conn.prepare_cached(
            "INSERT INTO customer_phone (customer_id, position, kind, number, source, source_detail, obtained_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![id.0, position, phone.kind.code(), phone.number, s, d, o])?;
    }
    for (email, position) in customer.emails.iter().zip(0_i64..) {
        let (s, d, o) = provenance_columns(&email.provenance);
        conn.prepare_cached(
            "INSERT INTO customer_email (customer_id, position, address, match_key, source, source_detail, obtained_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            id.0,
            position,
            email.address,
            validate::email_match_key(&email.address),
            s,
            d,
            o
        ])?;
    }
    for tag in &customer.tags {
        let (s, d, o) = provenance_columns(&tag.provenance);
        conn.prepare_cached(
            "INSERT INTO customer_tag (customer_id, kind, tag, source, source_detail, obtained_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![id.0, tag.kind.code(), tag.tag, s, d, o])?;
    }
    for datum in &customer.other_data {
        let (s, d, o) = provenance_columns(&datum.provenance);
        conn.prepare_cached(
            "INSERT INTO customer_other_data (customer_id, label, value, source, source_detail, obtained_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![id.0, datum.label, datum.value, s, d, o])?;
    }
    Ok(())
}

pub(super) fn insert_order(conn: &Connection, id: CustomerId, order: &Order) -> Result<()> {
    let (s, d, o) = provenance_columns(&order.provenance);
    conn.prepare_cached(
        "INSERT INTO customer_order (customer_id, order_no, ordered_on, total_cents, payment_method, payment_reference,
                                     billing_status, seller, source, source_detail, obtained_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id.0,
        order.order_no,
        date_text(order.ordered_on),
        order.total_cents(),
        order.payment_method.code(),
        order.payment_reference,
        order.billing_status.code(),
        order.seller,
        s,
        d,
        o
    ])?;
    let order_id = conn.last_insert_rowid();
    for line in &order.lines {
        conn.prepare_cached(
            "INSERT INTO order_line (order_id, product, quantity, unit_price_cents) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![order_id, line.product, line.quantity, line.unit_price_cents])?;
    }
    Ok(())
}

pub(super) fn insert_interaction(conn: &Connection, id: CustomerId, interaction: &Interaction) -> Result<()> {
    let (s, d, o) = provenance_columns(&interaction.provenance);
    conn.prepare_cached(
        "INSERT INTO interaction (customer_id, kind, occurred_at, summary, source, source_detail, obtained_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id.0,
        interaction.kind.code(),
        time_text(interaction.occurred_at),
        interaction.summary,
        s,
        d,
        o
    ])?;
    Ok(())
}

/// The tables a bulk write fills; their indexes are rebuilt once at the end when that is cheaper.
const BULK_TABLES: &[&str] = &[
    "customer",
    "customer_address",
    "customer_phone",
    "customer_email",
    "customer_order",
    "order_line",
    "interaction",
    "customer_tag",
    "customer_other_data",
    "consent_event",
    "objection_event",
];

/// Registers smaller than this get their indexes dropped for a bulk write and rebuilt after it:
/// building an index by sorting is far faster than a million random inserts into it, but costs
/// the whole table, so it only pays when the register is small compared with what comes in.
pub(super) const SET_ASIDE_INDEXES_BELOW: i64 = 10_000;

/// Which secondary indexes a bulk write sets aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IndexesSetAside {
    /// Every one: nothing reads the tables until the write is done (the demo's bulk write).
    All,
    /// Those whose first column is not the owning customer or order: the rest grow only at their
    /// end while new people are written in number order, and an import reads through them (a
    /// matched person's addresses, their consents, the search index's rows).
    LookupOnly,
}

/// Drops the secondary indexes of the bulk tables (inside the write's transaction) and returns
/// their definitions as the schema holds them, so `restore_indexes` recreates exactly those.
pub(super) fn set_aside_indexes(
    conn: &Connection,
    existing_customers: i64,
    which: IndexesSetAside,
) -> Result<Vec<(String, String)>> {
    if existing_customers >= SET_ASIDE_INDEXES_BELOW {
        return Ok(Vec::new());
    }
    let placeholders = vec!["?"; BULK_TABLES.len()].join(", ");
    let owner_led = match which {
        IndexesSetAside::All => "",
        IndexesSetAside::LookupOnly => {
            " AND (SELECT name FROM pragma_index_info(s.name) WHERE seqno = 0) NOT IN ('customer_id', 'order_id')"
        }
    };
    let sql = format!(
        "SELECT s.name, s.sql FROM sqlite_schema s
         WHERE s.type = 'index' AND s.sql IS NOT NULL AND s.tbl_name IN ({placeholders}){owner_led}"
    );
    let mut statement = conn.prepare(&sql)?;
    let indexes = statement
        .query_map(rusqlite::params_from_iter(BULK_TABLES), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (name, _) in &indexes {
        conn.execute(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")), [])?;
    }
    Ok(indexes)
}

pub(super) fn restore_indexes(conn: &Connection, indexes: &[(String, String)]) -> Result<()> {
    for (_, sql) in indexes {
        conn.execute(sql, [])?;
    }
    Ok(())
}

/// Checks what the store will not keep whatever the caller: an invalid e-mail or phone, a card
/// number in a payment reference. (The form validates inline before it gets here.)
pub(super) fn check_customer(customer: &Customer) -> Result<()> {
    for email in &customer.emails {
        validate::email(&email.address).map_err(|error| Error::Invalid { field: "email", error })?;
    }
    for phone in &customer.phones {
        validate::phone(&phone.number).map_err(|error| Error::Invalid { field: "phone", error })?;
    }
    Ok(())
}

impl Store {
    /// Adds a customer or prospect with all their data; returns the new customer number.
    pub fn add_customer(&mut self, customer: &Customer) -> Result<CustomerId> {
        check_customer(customer)?;
        self.write(|tx| {
            let id = insert_customer_rows(tx, customer, &time_text(tx.now))?;
            search::reindex_customer(tx, id)?;
            tx.audit(AuditAction::CustomerCreated, Some(id), customer.status.code())?;
            Ok(id)
        })
    }

    /// Writes many customers with their consent and objection ledgers in one transaction, then
    /// builds the search index once (a million in seconds rather than minutes). `progress` is
    /// called with the number written so far; returning `false` from it cancels the whole write.
    pub fn add_customers_bulk(
        &mut self,
        customers: impl IntoIterator<Item = BulkCustomer>,
        audit_detail: &str,
        mut progress: impl FnMut(usize) -> bool,
    ) -> Result<Vec<CustomerId>> {
        // A million random index inserts thrash SQLite's default 2 MiB page cache; a large cache
        // for the duration of the write makes them several times faster.
        let cache_pages: i64 = self.conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
        self.conn.pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        let result = self.bulk_write(customers, audit_detail, &mut progress);
        self.conn.pragma_update(None, "cache_size", cache_pages)?;
        result
    }

    fn bulk_write(
        &mut self,
        customers: impl IntoIterator<Item = BulkCustomer>,
        audit_detail: &str,
        progress: &mut impl FnMut(usize) -> bool,
    ) -> Result<Vec<CustomerId>> {
        let existing = self.customer_count()?;
        self.write(|tx| {
            let now = time_text(tx.now);
            let mut ids = Vec::new();
            let set_aside = set_aside_indexes(tx, existing, IndexesSetAside::All)?;
            for (index, entry) in customers.into_iter().enumerate() {
                check_customer(&entry.customer)?;
                let id = insert_customer_rows(tx, &entry.customer, &now)?;
                for event in &entry.consents {
                    super::consents::insert_consent(tx, id, event, &now)?;
                }
                for event in &entry.objections {
                    super::consents::insert_objection(tx, id, event, &now)?;
                }
                ids.push(id);
                if (index + 1).is_multiple_of(1000) && !progress(index + 1) {
                    return Err(Error::Cancelled);
                }
            }
            restore_indexes(tx, &set_aside)?;
            search::rebuild_index(tx)?;
            tx.audit(AuditAction::CustomersImported, None, &format!("{} customers: {audit_detail}", ids.len()))?;
            Ok(ids)
        })
    }

    /// Records in the audit trail that the person's record was opened (§8: who saw what).
    pub fn record_customer_viewed(&mut self, id: CustomerId) -> Result<()> {
        self.write(|tx| tx.audit(AuditAction::CustomerViewed, Some(id), ""))
    }

    /// Changes a customer's status (prospect ↔ customer).
    pub fn set_customer_status(&mut self, id: CustomerId, status: CustomerStatus) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE customer SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![id.0, status.code(), time_text(tx.now)],
            )?;
            if changed == 0 {
                return Err(Error::NotFound("customer"));
            }
            tx.audit(AuditAction::CustomerUpdated, Some(id), &format!("status: {}", status.code()))
        })
    }

    /// The whole record of one person.
    pub fn customer(&self, id: CustomerId) -> Result<Customer> {
        let core = self
            .conn
            .prepare_cached(
                "SELECT status, first_name, last_name, company, username, nickname, other_identifier, birth_year, gender,
                        title, mother_tongue, letter_lang, note, source, source_detail, obtained_on
                 FROM customer WHERE id = ?1",
            )?
            .query_row([id.0], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    [row.get::<_, String>(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?],
                    row.get::<_, Option<i32>>(7)?,
                    row.get::<_, Option<String>>(8)?,
                    [row.get::<_, String>(9)?, row.get(10)?, row.get(11)?, row.get(12)?],
                    provenance(row, 13)?,
                ))
            });
        let (status, names, birth_year, gender, person, source) = match core {
            Err(rusqlite::Error::QueryReturnedNoRows) => return Err(Error::NotFound("customer")),
            other => other?,
        };
        let [first_name, last_name, company, username, nickname, other_identifier] = names;
        let [title, mother_tongue, letter_lang, note] = person;
        let mut customer =
            Customer::new(parse_code("status", &status, CustomerStatus::from_code)?, parse_provenance(source)?);
        customer.id = Some(id);
        customer.first_name = first_name;
        customer.last_name = last_name;
        customer.company = company;
        customer.username = username;
        customer.nickname = nickname;
        customer.other_identifier = other_identifier;
        customer.birth_year = birth_year;
        customer.gender = gender.map(|code| parse_code("gender", &code, Gender::from_code)).transpose()?;
        customer.title = title;
        customer.mother_tongue = mother_tongue;
        customer.letter_lang = parse_code("letter language", &letter_lang, Lang::from_code)?;
        customer.note = note;
        self.load_children(&mut customer, id)?;
        Ok(customer)
    }

    fn load_children(&self, customer: &mut Customer, id: CustomerId) -> Result<()> {
        let conn = &self.conn;
        let mut statement = conn.prepare_cached(
            "SELECT kind, street, postal_code, city, country, source, source_detail, obtained_on
             FROM customer_address WHERE customer_id = ?1 ORDER BY position, id",
        )?;
        let rows = statement.query_map([id.0], |row| {
            Ok(([row.get::<_, String>(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?], provenance(row, 5)?))
        })?;
        for row in rows {
            let ([kind, street, postal_code, city, country], source) = row?;
            customer.addresses.push(Address {
                kind: parse_code("address kind", &kind, AddressKind::from_code)?,
                street,
                postal_code,
                city,
                country,
                provenance: parse_provenance(source)?,
            });
        }
        let mut statement = conn.prepare_cached(
            "SELECT kind, number, source, source_detail, obtained_on FROM customer_phone WHERE customer_id = ?1 ORDER BY position, id",
        )?;
        let rows = statement
            .query_map([id.0], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, provenance(row, 2)?)))?;
        for row in rows {
            let (kind, number, source) = row?;
            customer.phones.push(Phone {
                kind: parse_code("phone kind", &kind, PhoneKind::from_code)?,
                number,
                provenance: parse_provenance(source)?,
            });
        }
        let mut statement = conn.prepare_cached(
            "SELECT address, source, source_detail, obtained_on FROM customer_email WHERE customer_id = ?1 ORDER BY position, id",
        )?;
        let rows = statement.query_map([id.0], |row| Ok((row.get::<_, String>(0)?, provenance(row, 1)?)))?;
        for row in rows {
            let (address, source) = row?;
            customer.emails.push(Email { address, provenance: parse_provenance(source)? });
        }
        customer.orders = self.orders_of(id)?;
        let mut statement = conn.prepare_cached(
            "SELECT kind, occurred_at, summary, source, source_detail, obtained_on FROM interaction WHERE customer_id = ?1 ORDER BY occurred_at, id",
        )?;
        let rows = statement.query_map([id.0], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?, provenance(row, 3)?))
        })?;
        for row in rows {
            let (kind, occurred_at, summary, source) = row?;
            customer.interactions.push(Interaction {
                kind: parse_code("interaction kind", &kind, InteractionKind::from_code)?,
                occurred_at: parse_stored_time(&occurred_at)?,
                summary,
                provenance: parse_provenance(source)?,
            });
        }
        let mut statement = conn.prepare_cached(
            "SELECT kind, tag, source, source_detail, obtained_on FROM customer_tag WHERE customer_id = ?1 ORDER BY id",
        )?;
        let rows = statement
            .query_map([id.0], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, provenance(row, 2)?)))?;
        for row in rows {
            let (kind, tag, source) = row?;
            customer.tags.push(Tag {
                kind: parse_code("tag kind", &kind, TagKind::from_code)?,
                tag,
                provenance: parse_provenance(source)?,
            });
        }
        let mut statement = conn.prepare_cached(
            "SELECT label, value, source, source_detail, obtained_on FROM customer_other_data WHERE customer_id = ?1 ORDER BY id",
        )?;
        let rows = statement
            .query_map([id.0], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, provenance(row, 2)?)))?;
        for row in rows {
            let (label, value, source) = row?;
            customer.other_data.push(OtherDatum { label, value, provenance: parse_provenance(source)? });
        }
        let mut statement = conn.prepare_cached(
            "SELECT id, kind, file_name, media_type, size_bytes, source, source_detail, obtained_on
             FROM attachment WHERE customer_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([id.0], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
                provenance(row, 5)?,
            ))
        })?;
        for row in rows {
            let (attachment_id, kind, file_name, media_type, size_bytes, source) = row?;
            customer.attachments.push(AttachmentInfo {
                id: attachment_id,
                kind: parse_code("attachment kind", &kind, AttachmentKind::from_code)?,
                file_name,
                media_type,
                size_bytes,
                provenance: parse_provenance(source)?,
            });
        }
        Ok(())
    }

    /// A customer's orders with their lines, oldest first.
    pub fn orders_of(&self, id: CustomerId) -> Result<Vec<Order>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, order_no, ordered_on, payment_method, payment_reference, billing_status, seller, source, source_detail, obtained_on
             FROM customer_order WHERE customer_id = ?1 ORDER BY ordered_on, id",
        )?;
        let rows = statement.query_map([id.0], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                [row.get::<_, String>(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?],
                provenance(row, 7)?,
            ))
        })?;
        let mut orders = Vec::new();
        for row in rows {
            let (order_id, [order_no, ordered_on, method, reference, billing, seller], source) = row?;
            let mut lines = self.conn.prepare_cached(
                "SELECT product, quantity, unit_price_cents FROM order_line WHERE order_id = ?1 ORDER BY id",
            )?;
            let lines = lines
                .query_map([order_id], |row| {
                    Ok(OrderLine { product: row.get(0)?, quantity: row.get(1)?, unit_price_cents: row.get(2)? })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            orders.push(Order {
                order_no,
                ordered_on: parse_stored_date(&ordered_on)?,
                lines,
                payment_method: parse_code("payment method", &method, PaymentMethod::from_code)?,
                payment_reference: reference,
                billing_status: parse_code("billing status", &billing, BillingStatus::from_code)?,
                seller,
                provenance: parse_provenance(source)?,
            });
        }
        Ok(orders)
    }

    /// The list rows of the given customers, in the order given (missing ones are skipped).
    pub fn customer_rows(&self, ids: &[CustomerId]) -> Result<Vec<CustomerRow>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT status, first_name, last_name, company, list_email, list_phone, list_city FROM customer WHERE id = ?1",
        )?;
        let mut rows = Vec::with_capacity(ids.len());
        for &id in ids {
            let mut found = statement.query([id.0])?;
            if let Some(row) = found.next()? {
                rows.push(customer_row(id, row, 0)?);
            }
        }
        Ok(rows)
    }

    pub fn customer_count(&self) -> Result<i64> {
        // Kept by triggers (migration 005); `check` compares it with a count of the rows.
        Ok(self.conn.query_row("SELECT customers FROM customer_tally WHERE id = 1", [], |row| row.get(0))?)
    }

    /// Adds an attachment (a recorded call, an e-mail, a scanned letter) to a customer.
    pub fn add_attachment(
        &mut self,
        id: CustomerId,
        kind: AttachmentKind,
        file_name: &str,
        media_type: &str,
        content: &[u8],
        provenance: &Provenance,
    ) -> Result<i64> {
        use sha2::{Digest as _, Sha256};
        let sha256 = super::audit::hex(&Sha256::digest(content));
        self.write(|tx| {
            tx.execute(
                "INSERT INTO attachment (customer_id, kind, file_name, media_type, size_bytes, sha256, content, source, source_detail, obtained_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id.0,
                    kind.code(),
                    file_name,
                    media_type,
                    i64::try_from(content.len()).unwrap_or(i64::MAX),
                    sha256,
                    content,
                    provenance.source.code(),
                    provenance.detail,
                    date_text(provenance.obtained_on)
                ],
            )?;
            let attachment_id = tx.last_insert_rowid();
            tx.audit(AuditAction::CustomerUpdated, Some(id), &format!("attachment added: {}, sha256 {sha256}", kind.code()))?;
            Ok(attachment_id)
        })
    }

    /// The bytes of one attachment.
    pub fn attachment_content(&self, attachment_id: i64) -> Result<Vec<u8>> {
        match self.conn.query_row("SELECT content FROM attachment WHERE id = ?1", [attachment_id], |row| row.get(0)) {
            Err(rusqlite::Error::QueryReturnedNoRows) => Err(Error::NotFound("attachment")),
            other => Ok(other?),
        }
    }
}
