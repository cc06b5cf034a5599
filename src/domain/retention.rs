//! Retention (§8–9): rules that say how long each category of data is kept and what happens after,
//! and the register review held every few months with its sign-off.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::user::UserId;
use super::{Localized, coded_enum, deadline};

coded_enum! {
    /// What a retention period counts from.
    pub enum RetentionTrigger {
        LastActivity = "last_activity",
        RelationshipEnd = "relationship_end",
        Creation = "creation",
        ConsentWithdrawn = "consent_withdrawn",
        FinancialYearEnd = "financial_year_end",
    }
}

coded_enum! {
    pub enum RetentionAction {
        Erase = "erase",
        Anonymise = "anonymise",
        Keep = "keep",
    }
}

coded_enum! {
    /// The data a rule reaches.
    pub enum RetentionCategory {
        Prospects = "prospects",
        Customers = "customers",
        CallRecordings = "call_recordings",
        MarketingData = "marketing_data",
        SalesRecords = "sales_records",
        ClosedRequests = "closed_requests",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionRule {
    pub id: i64,
    pub code: String,
    pub category: RetentionCategory,
    pub trigger: RetentionTrigger,
    pub period_months: u32,
    pub action: RetentionAction,
    /// Why this period: shown in the Retention tab and in replies.
    pub reason: Localized,
    pub active: bool,
}

/// One signed-off register review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: i64,
    pub signed_off_at: NaiveDateTime,
    pub user_id: UserId,
    pub username: String,
    pub notes: String,
}

/// One row of the erasure log (§9): what was erased or anonymised, when, by whom and under which
/// rule or request. It never holds personal data: no name, no customer number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureLogEntry {
    pub id: i64,
    pub occurred_at: NaiveDateTime,
    pub user_id: UserId,
    /// The retention rule that erased the data, `None` for an erasure on request or by hand.
    pub rule_id: Option<i64>,
    /// The reference of the request ("2026-0007") the erasure answered, empty when none.
    pub request_reference: String,
    pub action: RetentionAction,
    pub category: RetentionCategory,
    pub record_count: i64,
    /// What was kept and why, e.g. the sales vouchers the Accounting Act keeps.
    pub note: String,
}

/// The last day sales vouchers of `newest_order` must be kept (Accounting Act 1336/1997, 2:10):
/// six years from the end of the financial year the order falls in. The shop's financial year is
/// the calendar year, so that is 31.12. of the sixth year after the order's year.
pub fn voucher_keep_until(newest_order: NaiveDate) -> NaiveDate {
    use chrono::Datelike as _;
    let year = newest_order.year().saturating_add(6);
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// When the next review is due: `interval_months` after the last one, or today when none was held.
pub fn next_review_due(last_review: Option<NaiveDate>, interval_months: u32, today: NaiveDate) -> NaiveDate {
    match last_review {
        Some(last) => deadline::add_months_clamped(last, interval_months.max(1)),
        None => today,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_review_is_three_months_after_the_last() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(next_review_due(Some(day(2026, 11, 30)), 3, day(2026, 12, 1)), day(2027, 2, 28));
        assert_eq!(next_review_due(None, 3, day(2026, 12, 1)), day(2026, 12, 1));
    }

    #[test]
    fn vouchers_are_kept_to_the_end_of_the_sixth_year_after_the_financial_year() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(voucher_keep_until(day(2026, 1, 1)), day(2032, 12, 31));
        assert_eq!(voucher_keep_until(day(2026, 12, 31)), day(2032, 12, 31));
    }
}
