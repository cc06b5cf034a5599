//! The audit row for a generated privacy notice: which language and format, never its content
//! (the notice is made from the register description, which the log already tracks).

use super::{Result, Store};
use crate::domain::Lang;
use crate::domain::audit::AuditAction;

impl Store {
    /// Records that the privacy notice was generated, e.g. "fi pdf".
    pub fn record_notice_generated(&mut self, lang: Lang, format: &str) -> Result<()> {
        let detail = format!("{} {}", lang.code(), format.trim());
        self.write(|tx| tx.audit(AuditAction::NoticeGenerated, None, &detail))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::AuditFilter;

    #[test]
    fn a_generated_notice_is_recorded_with_its_language_and_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.sqlite");
        let cost = crate::domain::password::PasswordCost::insecure_fast_for_tests();
        let mut store = Store::create(&path, "admin", "", "testi-pääkäyttäjä-2026", cost).unwrap();
        store.record_notice_generated(Lang::Fi, "pdf").unwrap();
        let filter = AuditFilter { action: Some(AuditAction::NoticeGenerated), ..AuditFilter::default() };
        let entries = store.audit_entries(&filter, 10).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].detail, "fi pdf");
        assert_eq!(entries[0].customer_id, None);
        assert_eq!(store.verify_audit_chain().unwrap(), None);
    }
}
