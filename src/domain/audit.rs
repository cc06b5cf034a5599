//! The audit trail (§8): who saw and did what, when. Entries never carry personal data beyond the
//! customer number; the store chains each entry to the previous one by a hash.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::coded_enum;
use super::customer::CustomerId;
use super::user::UserId;

coded_enum! {
    pub enum AuditAction {
        RegisterCreated = "register_created",
        SampleCreated = "sample_created",
        SignIn = "sign_in",
        SignOut = "sign_out",
        SignInFailed = "sign_in_failed",
        PasswordChanged = "password_changed",
        CustomerViewed = "customer_viewed",
        CustomerCreated = "customer_created",
        CustomerUpdated = "customer_updated",
        CustomersMerged = "customers_merged",
        CustomersImported = "customers_imported",
        CustomersExported = "customers_exported",
        ConsentRecorded = "consent_recorded",
        ObjectionRecorded = "objection_recorded",
        MarketingListExported = "marketing_list_exported",
        RequestRegistered = "request_registered",
        RequestUpdated = "request_updated",
        ReplyPrinted = "reply_printed",
        PersonExported = "person_exported",
        CustomerErased = "customer_erased",
        RetentionApplied = "retention_applied",
        ReviewSignedOff = "review_signed_off",
        SettingsChanged = "settings_changed",
        UserChanged = "user_changed",
        AuditViewed = "audit_viewed",
        BackupMade = "backup_made",
        BackupRestored = "backup_restored",
        NoticeGenerated = "notice_generated",
    }
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub occurred_at: NaiveDateTime,
    pub user_id: UserId,
    pub username: String,
    pub action: AuditAction,
    pub customer_id: Option<CustomerId>,
    /// What happened, without personal data: counts, field names, file hashes.
    pub detail: String,
    pub hash: String,
}
