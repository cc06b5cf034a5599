//! Retention rules and the register review's sign-off log.

use rusqlite::params;

use super::{Result, Store, parse_code, parse_stored_time, time_text};
use crate::domain::Localized;
use crate::domain::audit::AuditAction;
use crate::domain::retention::{RetentionAction, RetentionCategory, RetentionRule, RetentionTrigger, Review};
use crate::domain::user::UserId;

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

    /// Adds a rule at the end of the list; its `id` field is ignored.
    pub fn add_retention_rule(&mut self, rule: &RetentionRule) -> Result<i64> {
        self.write(|tx| {
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
            let id = tx.last_insert_rowid();
            tx.audit(AuditAction::SettingsChanged, None, &format!("retention rule added: {}", rule.code.trim()))?;
            Ok(id)
        })
    }

    /// Signs off a register review now, with the checklist as it was ticked.
    pub fn sign_off_review(&mut self, checklist_json: &str, notes: &str) -> Result<i64> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO review (signed_off_at, user_id, checklist_json, notes) VALUES (?1, ?2, ?3, ?4)",
                params![time_text(tx.now), tx.actor.0, checklist_json, notes.trim()],
            )?;
            let id = tx.last_insert_rowid();
            tx.audit(AuditAction::ReviewSignedOff, None, &format!("review {id}"))?;
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
            "SELECT r.id, r.signed_off_at, r.user_id, u.username, r.notes FROM review r JOIN app_user u ON u.id = r.user_id
             ORDER BY r.signed_off_at DESC, r.id DESC",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        let mut reviews = Vec::new();
        for row in rows {
            let (id, signed_off_at, user_id, username, notes) = row?;
            reviews.push(Review {
                id,
                signed_off_at: parse_stored_time(&signed_off_at)?,
                user_id: UserId(user_id),
                username,
                notes,
            });
        }
        Ok(reviews)
    }
}
