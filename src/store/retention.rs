//! Retention rules (adding, editing, removing them), people excluded from the rules (a legal
//! hold, lifted rather than deleted), and the register review's sign-off log with its checklist.
//!
//! Not here: finding what the rules reach and applying them (`retention_run`).

use chrono::NaiveDate;
use rusqlite::{OptionalExtension as _, params};

use super::{Error, Result, Store, Tx, date_text, parse_code, parse_stored_time, time_text};
use crate::domain::Localized;
use crate::domain::audit::AuditAction;
use crate::domain::customer::{CustomerId, display_name};
use crate::domain::retention::{
    Exclusion, RetentionAction, RetentionCategory, RetentionRule, RetentionTrigger, Review, ReviewChecklist, rule,
};
use crate::domain::user::UserId;

/// Refuses a rule the register's rules do not allow, before anything is written.
fn check_rule(rule: &RetentionRule) -> Result<()> {
    rule.problem().map_or(Ok(()), |broken| Err(Error::NotAllowed(broken)))
}

/// A code for a new rule: the category's code, with a number when that is taken.
fn free_code(tx: &Tx<'_>, wanted: &str) -> Result<String> {
    let taken = |code: &str| -> Result<bool> {
        Ok(tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM retention_rule WHERE code = ?1)")?
            .query_row([code], |row| row.get(0))?)
    };
    if !wanted.is_empty() && !taken(wanted)? {
        return Ok(wanted.to_owned());
    }
    let base = if wanted.is_empty() { "rule" } else { wanted };
    let mut number = 2;
    loop {
        let code = format!("{base}_{number}");
        if !taken(&code)? {
            return Ok(code);
        }
        number += 1;
    }
}

/// How a rule reads in the audit trail: its code and settings, never a reason's text.
fn rule_summary(rule: &RetentionRule) -> String {
    format!(
        "{}: {} {} {} months, {}{}",
        rule.code,
        rule.category.code(),
        rule.trigger.code(),
        rule.period_months,
        rule.action.code(),
        if rule.active { "" } else { " (inactive)" }
    )
}

impl Store {
    pub fn retention_rules(&self) -> Result<Vec<RetentionRule>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, code, category, trigger, period_months, action, reason_fi, reason_en, active
             FROM retention_rule ORDER BY position, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                [row.get::<_, String>(2)?, row.get(3)?],
                row.get::<_, u32>(4)?,
                row.get::<_, String>(5)?,
                Localized::new(row.get::<_, String>(6)?, row.get::<_, String>(7)?),
                row.get::<_, bool>(8)?,
            ))
        })?;
        let mut rules = Vec::new();
        for row in rows {
            let (id, code, [category, trigger], period_months, action, reason, active) = row?;
            rules.push(RetentionRule {
                id,
                code,
                category: parse_code("retention category", &category, RetentionCategory::from_code)?,
                trigger: parse_code("retention trigger", &trigger, RetentionTrigger::from_code)?,
                period_months,
                action: parse_code("retention action", &action, RetentionAction::from_code)?,
                reason,
                active,
            });
        }
        Ok(rules)
    }

    /// Adds a rule at the end of the list; its `id` field is ignored, and its code is made unique
    /// (the category's code when it is empty).
    pub fn add_retention_rule(&mut self, rule: &RetentionRule) -> Result<i64> {
        check_rule(rule)?;
        self.write(|tx| {
            let wanted = if rule.code.trim().is_empty() { rule.category.code() } else { rule.code.trim() };
            let code = free_code(tx, wanted)?;
            tx.execute(
                "INSERT INTO retention_rule (code, position, category, trigger, period_months, action, reason_fi, reason_en, active)
                 VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM retention_rule), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    code,
                    rule.category.code(),
                    rule.trigger.code(),
                    rule.period_months,
                    rule.action.code(),
                    rule.reason.fi.trim(),
                    rule.reason.en.trim(),
                    rule.active
                ],
            )?;
            let id = tx.last_insert_rowid();
            let added = RetentionRule { code, ..rule.clone() };
            tx.audit(AuditAction::SettingsChanged, None, &format!("retention rule added: {}", rule_summary(&added)))?;
            Ok(id)
        })
    }

    /// Saves a changed rule (found by its `id`; the code stays).
    pub fn update_retention_rule(&mut self, rule: &RetentionRule) -> Result<()> {
        check_rule(rule)?;
        self.write(|tx| {
            let code: String = tx
                .prepare_cached("SELECT code FROM retention_rule WHERE id = ?1")?
                .query_row([rule.id], |row| row.get(0))
                .optional()?
                .ok_or(Error::NotFound("retention rule"))?;
            tx.execute(
                "UPDATE retention_rule SET category = ?2, trigger = ?3, period_months = ?4, action = ?5,
                        reason_fi = ?6, reason_en = ?7, active = ?8
                 WHERE id = ?1",
                params![
                    rule.id,
                    rule.category.code(),
                    rule.trigger.code(),
                    rule.period_months,
                    rule.action.code(),
                    rule.reason.fi.trim(),
                    rule.reason.en.trim(),
                    rule.active
                ],
            )?;
            let changed = RetentionRule { code, ..rule.clone() };
            tx.audit(AuditAction::SettingsChanged, None, &format!("retention rule changed: {}", rule_summary(&changed)))
        })
    }

    /// Removes a rule. The erasure log keeps naming it by its code; exclusions made for this rule
    /// alone go with it.
    pub fn remove_retention_rule(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            let code: String = tx
                .prepare_cached("SELECT code FROM retention_rule WHERE id = ?1")?
                .query_row([id], |row| row.get(0))
                .optional()?
                .ok_or(Error::NotFound("retention rule"))?;
            tx.execute("UPDATE erasure_log SET rule_id = NULL WHERE rule_id = ?1", [id])?;
            tx.execute("DELETE FROM retention_exclusion WHERE rule_id = ?1", [id])?;
            tx.execute("DELETE FROM retention_rule WHERE id = ?1", [id])?;
            tx.audit(AuditAction::SettingsChanged, None, &format!("retention rule removed: {code}"))
        })
    }

    /// Adds those of `defaults` whose code the register does not have yet (all in one write);
    /// returns how many were added.
    pub fn add_missing_retention_rules(&mut self, defaults: &[RetentionRule]) -> Result<usize> {
        for rule in defaults {
            check_rule(rule)?;
        }
        self.write(|tx| {
            let mut added = Vec::new();
            for rule in defaults {
                let exists: bool = tx
                    .prepare_cached("SELECT EXISTS (SELECT 1 FROM retention_rule WHERE code = ?1)")?
                    .query_row([rule.code.trim()], |row| row.get(0))?;
                if exists {
                    continue;
                }
                tx.execute(
                    "INSERT INTO retention_rule (code, position, category, trigger, period_months, action, reason_fi, reason_en, active)
                     VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM retention_rule), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        rule.code.trim(),
                        rule.category.code(),
                        rule.trigger.code(),
                        rule.period_months,
                        rule.action.code(),
                        rule.reason.fi,
                        rule.reason.en,
                        rule.active
                    ],
                )?;
                added.push(rule.code.trim());
            }
            tx.audit(AuditAction::SettingsChanged, None, &format!("default retention rules added: {}", added.join(", ")))?;
            Ok(added.len())
        })
    }

    /// Leaves a person out of every retention rule until the exclusion is lifted (a legal hold).
    pub fn exclude_from_retention(&mut self, customer: CustomerId, reason: &str) -> Result<i64> {
        if reason.trim().is_empty() {
            return Err(Error::NotAllowed(rule::EXCLUSION_NEEDS_REASON));
        }
        self.write(|tx| {
            let exists: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM customer WHERE id = ?1)")?
                .query_row([customer.0], |row| row.get(0))?;
            if !exists {
                return Err(Error::NotFound("customer"));
            }
            tx.execute(
                "INSERT INTO retention_exclusion (customer_id, rule_id, reason, user_id, created_at)
                 VALUES (?1, NULL, ?2, ?3, ?4)",
                params![customer.0, reason.trim(), tx.actor.0, time_text(tx.now)],
            )?;
            let id = tx.last_insert_rowid();
            // The reason may name a case or a claim: it stays in the exclusion, not in the trail.
            tx.audit(AuditAction::SettingsChanged, Some(customer), &format!("retention exclusion {id} made"))?;
            Ok(id)
        })
    }

    /// Lifts an exclusion: the person is reached by the rules again from now on.
    pub fn lift_retention_exclusion(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            let found: Option<(i64, Option<String>)> = tx
                .prepare_cached("SELECT customer_id, lifted_at FROM retention_exclusion WHERE id = ?1")?
                .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?;
            let (customer, lifted_at) = found.ok_or(Error::NotFound("exclusion"))?;
            if lifted_at.is_some() {
                return Err(Error::NotAllowed(rule::EXCLUSION_LIFTED));
            }
            tx.execute(
                "UPDATE retention_exclusion SET lifted_at = ?2, lifted_by = ?3 WHERE id = ?1",
                params![id, time_text(tx.now), tx.actor.0],
            )?;
            tx.audit(
                AuditAction::SettingsChanged,
                Some(CustomerId(customer)),
                &format!("retention exclusion {id} lifted"),
            )
        })
    }

    /// The exclusions that stand on `today`, newest first.
    pub fn retention_exclusions(&self, today: NaiveDate) -> Result<Vec<Exclusion>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.id, e.customer_id, c.first_name, c.last_name, c.company, e.reason, e.created_at, u.username
             FROM retention_exclusion e
             JOIN customer c ON c.id = e.customer_id
             JOIN app_user u ON u.id = e.user_id
             WHERE e.lifted_at IS NULL AND (e.until_on IS NULL OR e.until_on >= ?1)
             ORDER BY e.created_at DESC, e.id DESC",
        )?;
        let rows = statement.query_map([date_text(today)], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                [row.get::<_, String>(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?, row.get(7)?],
            ))
        })?;
        let mut exclusions = Vec::new();
        for row in rows {
            let (id, customer, [first, last, company, reason, created_at, username]) = row?;
            exclusions.push(Exclusion {
                id,
                customer_id: CustomerId(customer),
                name: display_name(&first, &last, &company),
                reason,
                created_at: parse_stored_time(&created_at)?,
                username,
            });
        }
        Ok(exclusions)
    }

    /// Signs off a register review now, with the checklist as it was ticked. Every item must be
    /// ticked or explained in its note (`Error::NotAllowed` otherwise, and nothing is written).
    pub fn sign_off_review(&mut self, checklist: &ReviewChecklist, notes: &str) -> Result<i64> {
        if !checklist.unsettled().is_empty() {
            return Err(Error::NotAllowed(rule::REVIEW_UNSETTLED));
        }
        let checklist_json = serde_json::to_string(checklist)
            .map_err(|error| Error::BadValue { column: "checklist_json", value: error.to_string() })?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO review (signed_off_at, user_id, checklist_json, notes) VALUES (?1, ?2, ?3, ?4)",
                params![time_text(tx.now), tx.actor.0, checklist_json, notes.trim()],
            )?;
            let id = tx.last_insert_rowid();
            tx.audit(
                AuditAction::ReviewSignedOff,
                None,
                &format!("review {id}: {} of {} items ticked", checklist.done_count(), checklist.entries.len()),
            )?;
            Ok(id)
        })
    }

    /// Records a review held at a given time (the sample register's history).
    pub(crate) fn add_past_review(&mut self, signed_off_at: chrono::NaiveDateTime, notes: &str) -> Result<i64> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO review (signed_off_at, user_id, notes) VALUES (?1, ?2, ?3)",
                params![time_text(signed_off_at), tx.actor.0, notes.trim()],
            )?;
            let id = tx.last_insert_rowid();
            tx.audit(AuditAction::ReviewSignedOff, None, &format!("review {id} (history)"))?;
            Ok(id)
        })
    }

    /// The signed-off reviews, newest first.
    pub fn reviews(&self) -> Result<Vec<Review>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT r.id, r.signed_off_at, r.user_id, u.username, r.notes, r.checklist_json
             FROM review r JOIN app_user u ON u.id = r.user_id
             ORDER BY r.signed_off_at DESC, r.id DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(2)?,
                [row.get::<_, String>(1)?, row.get(3)?, row.get(4)?, row.get(5)?],
            ))
        })?;
        let mut reviews = Vec::new();
        for row in rows {
            let (id, user_id, [signed_off_at, username, notes, checklist_json]) = row?;
            // A review recorded without a checklist (the sample's history) holds "{}".
            let checklist = serde_json::from_str(&checklist_json).unwrap_or_default();
            reviews.push(Review {
                id,
                signed_off_at: parse_stored_time(&signed_off_at)?,
                user_id: UserId(user_id),
                username,
                notes,
                checklist,
            });
        }
        Ok(reviews)
    }
}
