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
