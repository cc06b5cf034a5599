//! The register description: reading it whole, saving its main facts, and adding purposes and
//! list items (categories, sources, disclosures, processors, transfers).

use rusqlite::{Row, params};

use super::{Result, Store, Tx, parse_code};
use crate::domain::Localized;
use crate::domain::audit::AuditAction;
use crate::domain::consent::{Channel, ObjectionKind};
use crate::domain::register::{
    Authority, ItemKind, LegalBasis, PostalAddress, Purpose, PurposeId, PurposeUsage, RegisterDescription,
    RegisterInfo, RegisterItem,
};

const INFO_COLUMNS: &str = "controller_name, business_id, controller_street, controller_postal_code, controller_city,
    controller_phone, controller_email, responsible_name, responsible_title_fi, responsible_title_en,
    responsible_street, responsible_postal_code, responsible_city, responsible_email, responsible_phone,
    signing_place, register_name_fi, register_name_en, basis_statement_fi, basis_statement_en,
    automated_decisions_fi, automated_decisions_en, outsourcing_statement_fi, outsourcing_statement_en,
    transfers_statement_fi, transfers_statement_en, security_paper_fi, security_paper_en,
    security_electronic_fi, security_electronic_en, retention_statement_fi, retention_statement_en,
    review_interval_months, authority_name_fi, authority_name_en, authority_street, authority_postal_code,
    authority_city, authority_postal_address_fi, authority_postal_address_en, authority_phone,
    authority_email, authority_web";

fn info_from_row(row: &Row<'_>) -> rusqlite::Result<RegisterInfo> {
    let text = |index: usize| row.get::<_, String>(index);
    let pair = |index: usize| -> rusqlite::Result<Localized> { Ok(Localized::new(text(index)?, text(index + 1)?)) };
    Ok(RegisterInfo {
        controller_name: text(0)?,
        business_id: text(1)?,
        controller_address: PostalAddress { street: text(2)?, postal_code: text(3)?, city: text(4)? },
        controller_phone: text(5)?,
        controller_email: text(6)?,
        responsible_name: text(7)?,
        responsible_title: pair(8)?,
        responsible_address: PostalAddress { street: text(10)?, postal_code: text(11)?, city: text(12)? },
        responsible_email: text(13)?,
        responsible_phone: text(14)?,
        signing_place: text(15)?,
        register_name: pair(16)?,
        basis_statement: pair(18)?,
        automated_decisions: pair(20)?,
        outsourcing_statement: pair(22)?,
        transfers_statement: pair(24)?,
        security_paper: pair(26)?,
        security_electronic: pair(28)?,
        retention_statement: pair(30)?,
        review_interval_months: row.get(32)?,
        authority: Authority {
            name: pair(33)?,
            visiting_address: PostalAddress { street: text(35)?, postal_code: text(36)?, city: text(37)? },
            postal_address: pair(38)?,
            phone: text(40)?,
            email: text(41)?,
            web: text(42)?,
        },
    })
}

fn codes<T: Copy>(text: &str, from_code: fn(&str) -> Option<T>, column: &'static str) -> Result<Vec<T>> {
    text.split_whitespace().map(|code| parse_code(column, code, from_code)).collect()
}

fn join_codes<T: Copy>(values: &[T], code: fn(T) -> &'static str) -> String {
    values.iter().map(|value| code(*value)).collect::<Vec<_>>().join(" ")
}

impl Store {
    /// The whole register description.
    pub fn register_description(&self) -> Result<RegisterDescription> {
        Ok(RegisterDescription {
            info: self.register_info()?,
            purposes: self.purposes()?,
            items: self.register_items()?,
        })
    }

    pub fn register_info(&self) -> Result<RegisterInfo> {
        let sql = format!("SELECT {INFO_COLUMNS} FROM register_info WHERE id = 1");
        Ok(self.conn.query_row(&sql, [], info_from_row)?)
    }

    /// Whether this file is the sample register (fictitious data), shown as a banner.
    pub fn is_sample(&self) -> Result<bool> {
        Ok(self.conn.query_row("SELECT is_sample FROM register_info WHERE id = 1", [], |row| row.get(0))?)
    }

    /// Saves the description's main facts. Validation of the Y-tunnus and addresses is the
    /// caller's (the Register tab shows the errors inline); the store keeps what it is given.
    pub fn save_register_info(&mut self, info: &RegisterInfo) -> Result<()> {
        self.write(|tx| {
            write_info(tx, info)?;
            tx.audit(AuditAction::SettingsChanged, None, "register description")
        })
    }

    /// Marks the file as the sample register.
    pub(crate) fn mark_as_sample(&mut self) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE register_info SET is_sample = 1 WHERE id = 1", [])?;
            tx.audit(AuditAction::SampleCreated, None, "sample register")
        })
    }

    pub fn purposes(&self) -> Result<Vec<Purpose>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, code, name_fi, name_en, description_fi, description_en, legal_basis, channels, overridden_by,
                    existing_customers_without_consent
             FROM purpose WHERE retired_at IS NULL ORDER BY position, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                Localized::new(row.get::<_, String>(2)?, row.get::<_, String>(3)?),
                Localized::new(row.get::<_, String>(4)?, row.get::<_, String>(5)?),
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
                row.get::<_, String>(8)?,
                row.get::<_, bool>(9)?,
            ))
        })?;
        let mut purposes = Vec::new();
        for row in rows {
            let (id, code, name, description, basis, channels, overridden_by, existing) = row?;
            purposes.push(Purpose {
                id: PurposeId(id),
                code,
                name,
                description,
                legal_basis: parse_code("legal basis", &basis, LegalBasis::from_code)?,
                channels: codes(&channels, Channel::from_code, "channel")?,
                overridden_by: codes(&overridden_by, ObjectionKind::from_code, "objection")?,
                existing_customers_without_consent: existing,
            });
        }
        Ok(purposes)
    }

    /// How each current purpose is used — consent events, the channels they are over, and
    /// disclosed lists — in the catalogue's order (zero for one never used).
    pub fn purpose_usage(&self) -> Result<Vec<(PurposeId, PurposeUsage)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT purpose.id,
                    (SELECT count(*) FROM consent_event WHERE purpose_id = purpose.id),
                    (SELECT group_concat(channel, ' ') FROM (SELECT DISTINCT channel FROM consent_event
                                                            WHERE purpose_id = purpose.id)),
                    (SELECT count(*) FROM disclosure WHERE purpose_id = purpose.id)
             FROM purpose WHERE purpose.retired_at IS NULL ORDER BY purpose.position, purpose.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?, row.get::<_, Option<String>>(2)?, row.get::<_, i64>(3)?))
        })?;
        let mut usage = Vec::new();
        for row in rows {
            let (id, consent_events, channels, disclosures) = row?;
            let channels_in_ledger = codes(&channels.unwrap_or_default(), Channel::from_code, "channel")?;
            usage.push((PurposeId(id), PurposeUsage { consent_events, channels_in_ledger, disclosures }));
        }
        Ok(usage)
    }

    /// Changes a purpose's names, description, legal basis, channels, the objections that
    /// override it and whether existing customers are reached without consent. Its code stays
    /// (exports and the command line name it). A channel the ledger has entries over is not taken
    /// away.
    pub fn update_purpose(&mut self, purpose: &Purpose) -> Result<()> {
        let mixed = purpose.channels.contains(&Channel::Any) && purpose.channels.len() > 1;
        if purpose.channels.is_empty() || mixed {
            return Err(super::Error::NotAllowed(crate::domain::register::NO_CHANNEL));
        }
        self.write(|tx| {
            let (code, old_channels): (String, String) = match tx.query_row(
                "SELECT code, channels FROM purpose WHERE id = ?1 AND retired_at IS NULL",
                [purpose.id.0],
                |row| Ok((row.get(0)?, row.get(1)?)),
            ) {
                Err(rusqlite::Error::QueryReturnedNoRows) => return Err(super::Error::NotFound("purpose")),
                other => other?,
            };
            let old_channels = codes(&old_channels, Channel::from_code, "channel")?;
            for removed in old_channels.iter().filter(|channel| !purpose.channels.contains(channel)) {
                let in_ledger: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM consent_event WHERE purpose_id = ?1 AND channel = ?2)",
                    params![purpose.id.0, removed.code()],
                    |row| row.get(0),
                )?;
                if in_ledger {
                    return Err(super::Error::NotAllowed(crate::domain::register::CHANNEL_IN_USE));
                }
            }
            tx.execute(
                "UPDATE purpose SET name_fi = ?2, name_en = ?3, description_fi = ?4, description_en = ?5,
                        legal_basis = ?6, channels = ?7, overridden_by = ?8, existing_customers_without_consent = ?9
                 WHERE id = ?1",
                params![
                    purpose.id.0,
                    purpose.name.fi.trim(),
                    purpose.name.en.trim(),
                    purpose.description.fi.trim(),
                    purpose.description.en.trim(),
                    purpose.legal_basis.code(),
                    join_codes(&purpose.channels, Channel::code),
                    join_codes(&purpose.overridden_by, ObjectionKind::code),
                    purpose.existing_customers_without_consent,
                ],
            )?;
            tx.audit(
                AuditAction::SettingsChanged,
                None,
                &format!(
                    "purpose changed: {code} ({}; {}; {})",
                    purpose.legal_basis.code(),
                    join_codes(&purpose.channels, Channel::code),
                    join_codes(&purpose.overridden_by, ObjectionKind::code)
                ),
            )
        })
    }

    /// Changes one entry of a list (title and detail in both languages; kind and code stay).
    pub fn update_register_item(&mut self, item: &RegisterItem) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE register_item SET title_fi = ?2, title_en = ?3, detail_fi = ?4, detail_en = ?5 WHERE id = ?1",
                params![
                    item.id,
                    item.title.fi.trim(),
                    item.title.en.trim(),
                    item.detail.fi.trim(),
                    item.detail.en.trim()
                ],
            )?;
            if changed == 0 {
                return Err(super::Error::NotFound("register item"));
            }
            tx.audit(AuditAction::SettingsChanged, None, &format!("{} changed: {}", item.kind.code(), item.code))
        })
    }

    /// Removes one entry of a list.
    pub fn delete_register_item(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            let (kind, code): (String, String) =
                match tx.query_row("SELECT kind, code FROM register_item WHERE id = ?1", [id], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                }) {
                    Err(rusqlite::Error::QueryReturnedNoRows) => return Err(super::Error::NotFound("register item")),
                    other => other?,
                };
            tx.execute("DELETE FROM register_item WHERE id = ?1", [id])?;
            tx.audit(AuditAction::SettingsChanged, None, &format!("{kind} removed: {code}"))
        })
    }

    /// Adds a purpose at the end of the catalogue; its `id` field is ignored.
    pub fn add_purpose(&mut self, purpose: &Purpose) -> Result<PurposeId> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO purpose (code, position, name_fi, name_en, description_fi, description_en, legal_basis,
                                      channels, overridden_by, existing_customers_without_consent)
                 VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM purpose), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    purpose.code.trim(),
                    purpose.name.fi,
                    purpose.name.en,
                    purpose.description.fi,
                    purpose.description.en,
                    purpose.legal_basis.code(),
                    join_codes(&purpose.channels, Channel::code),
                    join_codes(&purpose.overridden_by, ObjectionKind::code),
                    purpose.existing_customers_without_consent,
                ],
            )?;
            let id = PurposeId(tx.last_insert_rowid());
            tx.audit(AuditAction::SettingsChanged, None, &format!("purpose added: {}", purpose.code.trim()))?;
            Ok(id)
        })
    }

    pub fn register_items(&self) -> Result<Vec<RegisterItem>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, kind, code, title_fi, title_en, detail_fi, detail_en FROM register_item ORDER BY kind, position, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                Localized::new(row.get::<_, String>(3)?, row.get::<_, String>(4)?),
                Localized::new(row.get::<_, String>(5)?, row.get::<_, String>(6)?),
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (id, kind, code, title, detail) = row?;
            items.push(RegisterItem {
                id,
                kind: parse_code("item kind", &kind, ItemKind::from_code)?,
                code,
                title,
                detail,
            });
        }
        Ok(items)
    }

    /// Adds an item at the end of its list; its `id` field is ignored.
    /// An item without a code gets one made from its title, unique within its list.
    pub fn add_register_item(&mut self, item: &RegisterItem) -> Result<i64> {
        self.write(|tx| {
            let wanted = match item.code.trim() {
                "" => crate::domain::register::code_from_title(&item.title),
                given => given.to_owned(),
            };
            let mut code = wanted.clone();
            let mut suffix = 1;
            while tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM register_item WHERE kind = ?1 AND code = ?2)",
                params![item.kind.code(), code],
                |row| row.get::<_, bool>(0),
            )? {
                suffix += 1;
                code = format!("{wanted}_{suffix}");
            }
            tx.execute(
                "INSERT INTO register_item (kind, code, position, title_fi, title_en, detail_fi, detail_en)
                 VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM register_item WHERE kind = ?1), ?3, ?4, ?5, ?6)",
                params![
                    item.kind.code(),
                    code,
                    item.title.fi.trim(),
                    item.title.en.trim(),
                    item.detail.fi.trim(),
                    item.detail.en.trim()
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.audit(AuditAction::SettingsChanged, None, &format!("{} added: {code}", item.kind.code()))?;
            Ok(id)
        })
    }
}

pub(super) fn write_info(tx: &Tx<'_>, info: &RegisterInfo) -> Result<()> {
    let assignments: String = INFO_COLUMNS
        .split(',')
        .map(str::trim)
        .enumerate()
        .map(|(index, column)| format!("{column} = ?{}", index + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("UPDATE register_info SET {assignments}, updated_at = ?44 WHERE id = 1");
    let authority = &info.authority;
    tx.execute(
        &sql,
        rusqlite::params![
            info.controller_name,
            info.business_id,
            info.controller_address.street,
            info.controller_address.postal_code,
            info.controller_address.city,
            info.controller_phone,
            info.controller_email,
            info.responsible_name,
            info.responsible_title.fi,
            info.responsible_title.en,
            info.responsible_address.street,
            info.responsible_address.postal_code,
            info.responsible_address.city,
            info.responsible_email,
            info.responsible_phone,
            info.signing_place,
            info.register_name.fi,
            info.register_name.en,
            info.basis_statement.fi,
            info.basis_statement.en,
            info.automated_decisions.fi,
            info.automated_decisions.en,
            info.outsourcing_statement.fi,
            info.outsourcing_statement.en,
            info.transfers_statement.fi,
            info.transfers_statement.en,
            info.security_paper.fi,
            info.security_paper.en,
            info.security_electronic.fi,
            info.security_electronic.en,
            info.retention_statement.fi,
            info.retention_statement.en,
            info.review_interval_months,
            authority.name.fi,
            authority.name.en,
            authority.visiting_address.street,
            authority.visiting_address.postal_code,
            authority.visiting_address.city,
            authority.postal_address.fi,
            authority.postal_address.en,
            authority.phone,
            authority.email,
            authority.web,
            super::time_text(tx.now),
        ],
    )?;
    Ok(())
}

impl Store {
    /// The scanned signature of the person responsible, printed above the signing line of letters.
    pub fn signature_png(&self) -> Result<Option<Vec<u8>>> {
        Ok(self.conn.query_row("SELECT signature_png FROM register_info WHERE id = 1", [], |row| row.get(0))?)
    }

    /// Stores (or with `None` removes) the scanned signature. The caller checks it is a PNG.
    pub fn set_signature_png(&mut self, png: Option<&[u8]>) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE register_info SET signature_png = ?1 WHERE id = 1", [png])?;
            let detail = if png.is_some() { "signature image set" } else { "signature image removed" };
            tx.audit(AuditAction::SettingsChanged, None, detail)
        })
    }
}

impl Store {
    /// How many ledger events and disclosures refer to a purpose.
    fn purpose_references(&self, id: PurposeId) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM consent_event WHERE purpose_id = ?1) + (SELECT count(*) FROM disclosure WHERE purpose_id = ?1)",
            [id.0],
            |row| row.get(0),
        )?)
    }

    /// Deletes a purpose nothing refers to; one in use is refused (retire it instead).
    pub fn delete_unused_purpose(&mut self, id: PurposeId) -> Result<()> {
        if self.purpose_references(id)? > 0 {
            return Err(super::Error::NotAllowed(crate::domain::register::PURPOSE_IN_USE));
        }
        self.write(|tx| {
            let code: String = match tx.query_row("SELECT code FROM purpose WHERE id = ?1", [id.0], |row| row.get(0)) {
                Err(rusqlite::Error::QueryReturnedNoRows) => return Err(super::Error::NotFound("purpose")),
                other => other?,
            };
            tx.execute("DELETE FROM purpose WHERE id = ?1", [id.0])?;
            tx.audit(AuditAction::SettingsChanged, None, &format!("purpose deleted: {code}"))
        })
    }

    /// Retires a purpose: its history stays in the ledger, but it leaves the catalogue, new
    /// notices and the consent lists.
    pub fn retire_purpose(&mut self, id: PurposeId) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE purpose SET retired_at = ?2 WHERE id = ?1 AND retired_at IS NULL",
                params![id.0, super::time_text(tx.now)],
            )?;
            if changed == 0 {
                return Err(super::Error::NotFound("purpose"));
            }
            tx.audit(AuditAction::SettingsChanged, None, &format!("purpose {} retired", id.0))
        })
    }
}
