//! Retention (§8–9): rules that say how long each category of data is kept and what happens after,
//! which records a rule reaches on a given day, and the register review held every few months with
//! its checklist and sign-off.
//!
//! What a careful privacy officer expects when the rules are applied, and what this register does:
//! - **A rule reaches a record on its due date, not the day before.** The period counts from the
//!   rule's trigger date (last activity, end of the relationship, creation, withdrawal of consent,
//!   end of the financial year) and ends on the same day of the month `period` months later, or that
//!   month's last day when it has no such day (31.1. + 1 month = 28.2.), as the request deadlines
//!   count. [`trigger_cutoff`] turns that into the latest trigger date that is due today.
//! - **Nobody under a hold is touched.** A person is left out of every rule while a legal hold
//!   (an exclusion with its reason) stands, while a data-subject request of theirs is open, while
//!   their processing is restricted (GDPR Art. 18: the person may have asked for it instead of
//!   erasure, or need the data for a legal claim), and while an order of theirs is unpaid (the
//!   claim is still being collected). Holds cover all of the person's records: their orders,
//!   recordings and closed requests too.
//! - **Erasing a person** (a prospects or customers rule with the action *erase*) deletes the person
//!   and every row about them: name, contact details, free-text notes and contacts, interests, other
//!   data, recordings, the consent and objection ledgers, list memberships and search-index entries;
//!   their requests keep only the request's own record (reference, kind, dates, status). Sales
//!   vouchers the Accounting Act (1336/1997) still requires stay, without the person, until their
//!   period ends; orders whose voucher period has already ended go with the person.
//! - **Anonymising a person** removes exactly the same personal data, but keeps all of their orders
//!   without the person: date, amount, payment method, billing status and order lines, so that sales
//!   per month stay computable. Orders still within the voucher period stay intact (the order number
//!   and payment reference tie them to the books); older ones are reduced to statistics at once
//!   (order number, payment reference and seller cleared), which is no longer personal data.
//! - **Sales records** have their own rule, six years from the end of the financial year: an order
//!   reached by it is reduced to statistics (*anonymise*) or deleted (*erase*), whether or not its
//!   customer is still in the register. Orders of a person erased or anonymised in the same run are
//!   handled with the person and not counted twice.
//! - **Marketing data** (interests, profiling tags and other data collected with consent) is deleted
//!   by its rule; the consent ledger stays, because it proves that the withdrawal was honoured.
//! - **Recorded calls** are deleted; **closed requests** are deleted (*erase*) or stripped down to the
//!   request's own record (*anonymise*).
//! - *Keep* documents why a category is kept longer; it reaches nothing.
//! - **One transaction, stated numbers, a log without personal data.** All rules are applied in one
//!   transaction after a confirmation that states how many records each rule reaches; the erasure
//!   log gets one entry per rule with the rule, the count, the date and the user, never a name or a
//!   customer number. Running the rules twice changes nothing the second time.

use chrono::{Datelike as _, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::user::UserId;
use super::{Localized, coded_enum, deadline};

/// The rules of retention a change can break, as `store::Error::NotAllowed` carries them.
pub mod rule {
    pub const CANDIDATES_CHANGED: &str = "the candidates changed after they were shown; look at them again";
    pub const REVIEW_UNSETTLED: &str = "every item of the review must be ticked or explained in a note";
    pub const RULE_NEEDS_REASON: &str = "a retention rule needs its reason";
    pub const TRIGGER_DOES_NOT_APPLY: &str = "the rule's starting point does not apply to its category";
    pub const PERIOD_TOO_LONG: &str = "a retention period is at most 100 years";
    pub const EXCLUSION_NEEDS_REASON: &str = "an exclusion needs its reason";
    pub const EXCLUSION_LIFTED: &str = "the exclusion is already lifted";
    /// Every rule: the translation test walks them.
    pub const ALL: &[&str] = &[
        CANDIDATES_CHANGED,
        REVIEW_UNSETTLED,
        RULE_NEEDS_REASON,
        TRIGGER_DOES_NOT_APPLY,
        PERIOD_TOO_LONG,
        EXCLUSION_NEEDS_REASON,
        EXCLUSION_LIFTED,
    ];
}

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

impl RetentionTrigger {
    /// Whether this starting point means something for `category`: only people and their marketing
    /// data have consents to withdraw.
    pub fn applies_to(self, category: RetentionCategory) -> bool {
        self != RetentionTrigger::ConsentWithdrawn
            || matches!(
                category,
                RetentionCategory::Prospects | RetentionCategory::Customers | RetentionCategory::MarketingData
            )
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

impl RetentionCategory {
    /// Whether a rule of this category reaches whole people (rather than rows of theirs).
    pub fn reaches_people(self) -> bool {
        matches!(self, RetentionCategory::Prospects | RetentionCategory::Customers)
    }
}

/// The longest period a rule may have: a hundred years.
pub const MAX_PERIOD_MONTHS: u32 = 1200;

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

impl RetentionRule {
    /// Whether applying the rules runs this one: active and not a *keep* rule.
    pub fn destroys(&self) -> bool {
        self.active && self.action != RetentionAction::Keep
    }

    /// The first rule of the register's rules this one breaks, if any (see [`rule`]).
    pub fn problem(&self) -> Option<&'static str> {
        if self.reason.is_blank() {
            Some(rule::RULE_NEEDS_REASON)
        } else if !self.trigger.applies_to(self.category) {
            Some(rule::TRIGGER_DOES_NOT_APPLY)
        } else if self.period_months > MAX_PERIOD_MONTHS {
            Some(rule::PERIOD_TOO_LONG)
        } else {
            None
        }
    }
}

/// The day a record whose period started on `trigger` is due: `months` later, clamped to the
/// month's last day.
pub fn due_on(trigger: NaiveDate, months: u32) -> NaiveDate {
    deadline::add_months_clamped(trigger, months)
}

/// The latest trigger date that is due on `today` under a period of `months`: a record is due
/// exactly when its trigger date is on or before this day. Because a period ending in a shorter
/// month is clamped, several trigger dates can share a due date (29.–31.1. + 1 month are all due on
/// 28.2.), so the day is found by stepping from the plain month subtraction.
pub fn trigger_cutoff(today: NaiveDate, months: u32) -> NaiveDate {
    let mut cutoff = today.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN);
    while cutoff > NaiveDate::MIN && due_on(cutoff, months) > today {
        cutoff = cutoff.pred_opt().unwrap_or(NaiveDate::MIN);
    }
    while let Some(next) = cutoff.succ_opt().filter(|next| due_on(*next, months) <= today) {
        cutoff = next;
    }
    cutoff
}

/// The day after the financial year of `date` ends (the shop's financial year is the calendar
/// year): what a period "from the end of the financial year" counts from.
pub fn financial_year_ended(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year().saturating_add(1), 1, 1).unwrap_or(NaiveDate::MAX)
}

/// The last day sales vouchers of `newest_order` must be kept (Accounting Act 1336/1997, 2:10):
/// six years from the end of the financial year the order falls in. The shop's financial year is
/// the calendar year, so that is 31.12. of the sixth year after the order's year.
pub fn voucher_keep_until(newest_order: NaiveDate) -> NaiveDate {
    let year = newest_order.year().saturating_add(6);
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Orders dated before this day are no longer vouchers the Accounting Act requires on `today`:
/// their [`voucher_keep_until`] has passed.
pub fn vouchers_expired_before(today: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(today.year().saturating_sub(6), 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The coming `count` calendar months as (first day, last day), starting with the current month:
/// the columns of the forecast of what the rules will reach.
pub fn coming_months(today: NaiveDate, count: u32) -> Vec<(NaiveDate, NaiveDate)> {
    let first = today.with_day(1).unwrap_or(today);
    (0..count)
        .filter_map(|offset| {
            let start = first.checked_add_months(Months::new(offset))?;
            let end = start.checked_add_months(Months::new(1))?.pred_opt()?;
            Some((start, end))
        })
        .collect()
}

/// What one rule reaches: how many records, and (for the Retention tab) the first of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCandidates {
    pub rule: RetentionRule,
    pub count: i64,
    /// The first records in due-date order, as many as were asked for.
    pub first: Vec<Candidate>,
}

/// One record a rule would destroy today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The row the rule acts on: a customer number, an order, a recording or a request.
    pub record_id: i64,
    /// Whose record it is; `None` for an order or a request that no longer has a person.
    pub customer_id: Option<super::customer::CustomerId>,
    /// The person's name (the window shows it; the command line never does).
    pub name: String,
    /// What the record is: an order number, a file name, a request reference; empty for a person.
    pub detail: String,
    pub due_on: NaiveDate,
}

/// Why people are left out of the rules today, counted per reason (one person can have several).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeldCounts {
    pub legal_hold: i64,
    pub open_request: i64,
    pub restricted: i64,
    pub unpaid_order: i64,
}

/// What the rules would destroy today, per rule in the rules' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateReport {
    pub today: NaiveDate,
    pub rules: Vec<RuleCandidates>,
    pub held: HeldCounts,
}

impl CandidateReport {
    /// All records the rules reach.
    pub fn total(&self) -> i64 {
        self.rules.iter().map(|rule| rule.count).sum()
    }

    /// Each destroying rule's count, as the confirmation stated them: applying checks them.
    pub fn counts(&self) -> Vec<(i64, i64)> {
        self.rules.iter().filter(|rule| rule.rule.destroys()).map(|rule| (rule.rule.id, rule.count)).collect()
    }
}

/// How many records one rule will reach in each of the coming months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleForecast {
    pub rule: RetentionRule,
    /// The first day of each month and the records that become due in it.
    pub months: Vec<(NaiveDate, i64)>,
}

/// What applying the rules did, per rule: the erasure log's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedRule {
    pub rule_id: i64,
    pub code: String,
    pub category: RetentionCategory,
    pub action: RetentionAction,
    pub count: i64,
    pub note: String,
}

coded_enum! {
    /// The items of the register review's checklist (§9), in the order they are gone through.
    pub enum ReviewItem {
        RetentionCandidates = "retention_candidates",
        ProspectsNeverConverted = "prospects_never_converted",
        ConsentsWithdrawn = "consents_withdrawn",
        RequestsClosed = "requests_closed",
        PaperDestroyed = "paper_destroyed",
        BackupsRotated = "backups_rotated",
        UserAccountsNeeded = "user_accounts_needed",
    }
}

/// One checklist item as the reviewer left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistEntry {
    pub item: ReviewItem,
    pub done: bool,
    #[serde(default)]
    pub note: String,
}

/// The review's checklist: every item, ticked or not, each with its note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewChecklist {
    pub entries: Vec<ChecklistEntry>,
}

impl ReviewChecklist {
    /// Every item, none ticked yet.
    pub fn new() -> Self {
        Self {
            entries: ReviewItem::ALL
                .iter()
                .map(|item| ChecklistEntry { item: *item, done: false, note: String::new() })
                .collect(),
        }
    }

    /// The items neither ticked nor explained: a review cannot be signed off with any. An item
    /// that does not apply (no paper material) is explained in its note rather than ticked.
    pub fn unsettled(&self) -> Vec<ReviewItem> {
        ReviewItem::ALL
            .iter()
            .copied()
            .filter(|item| {
                !self.entries.iter().any(|entry| entry.item == *item && (entry.done || !entry.note.trim().is_empty()))
            })
            .collect()
    }

    pub fn done_count(&self) -> usize {
        self.entries.iter().filter(|entry| entry.done).count()
    }
}

/// One signed-off register review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: i64,
    pub signed_off_at: NaiveDateTime,
    pub user_id: UserId,
    pub username: String,
    pub notes: String,
    /// The checklist as it was signed off; empty for a review recorded without one.
    pub checklist: ReviewChecklist,
}

/// A person left out of the retention rules, and why (a legal hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    pub id: i64,
    pub customer_id: super::customer::CustomerId,
    pub name: String,
    pub reason: String,
    pub created_at: NaiveDateTime,
    pub username: String,
}

/// One row of the erasure log (§9): what was erased or anonymised, when, by whom and under which
/// rule or request. It never holds personal data: no name, no customer number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureLogEntry {
    pub id: i64,
    pub occurred_at: NaiveDateTime,
    pub user_id: UserId,
    pub username: String,
    /// The retention rule that erased the data, `None` for an erasure on request or by hand (or
    /// when the rule has since been removed; `rule_code` still names it).
    pub rule_id: Option<i64>,
    /// The code of the rule as it was when applied, empty for an erasure on request.
    pub rule_code: String,
    /// The reference of the request ("2026-0007") the erasure answered, empty when none.
    pub request_reference: String,
    pub action: RetentionAction,
    pub category: RetentionCategory,
    pub record_count: i64,
    /// What was kept and why, e.g. the sales vouchers the Accounting Act keeps.
    pub note: String,
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

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_next_review_is_three_months_after_the_last() {
        assert_eq!(next_review_due(Some(day(2026, 11, 30)), 3, day(2026, 12, 1)), day(2027, 2, 28));
        assert_eq!(next_review_due(None, 3, day(2026, 12, 1)), day(2026, 12, 1));
    }

    #[test]
    fn vouchers_are_kept_to_the_end_of_the_sixth_year_after_the_financial_year() {
        assert_eq!(voucher_keep_until(day(2026, 1, 1)), day(2032, 12, 31));
        assert_eq!(voucher_keep_until(day(2026, 12, 31)), day(2032, 12, 31));
        // Six years from the end of the financial year, counted as a rule counts it, ends the day
        // after the last day the voucher is kept.
        let order = day(2026, 5, 14);
        assert_eq!(due_on(financial_year_ended(order), 72), voucher_keep_until(order).succ_opt().unwrap());
    }

    #[test]
    fn an_order_is_past_its_voucher_period_exactly_when_its_keep_until_day_has_passed() {
        for today in [day(2026, 1, 1), day(2026, 11, 25), day(2026, 12, 31)] {
            let mut order = day(2018, 1, 1);
            while order <= today {
                assert_eq!(
                    voucher_keep_until(order) < today,
                    order < vouchers_expired_before(today),
                    "{order} {today}"
                );
                order = order.checked_add_days(chrono::Days::new(17)).unwrap();
            }
        }
    }

    #[test]
    fn a_record_is_due_on_the_day_its_period_ends_and_not_the_day_before() {
        let cutoff = trigger_cutoff(day(2026, 3, 1), 24);
        assert_eq!(cutoff, day(2024, 3, 1));
        assert_eq!(due_on(day(2024, 3, 1), 24), day(2026, 3, 1));
        assert_eq!(trigger_cutoff(day(2026, 2, 28), 24), day(2024, 2, 29), "29.2.2024 + 2 years is 28.2.2026");
        assert_eq!(trigger_cutoff(day(2026, 2, 28), 1), day(2026, 1, 31), "29.–31.1. are all due on 28.2.");
        assert_eq!(trigger_cutoff(day(2026, 2, 27), 1), day(2026, 1, 27));
        assert_eq!(trigger_cutoff(day(2026, 11, 25), 0), day(2026, 11, 25));
    }

    #[test]
    fn the_cutoff_agrees_with_the_due_date_on_every_day() {
        for months in [0, 1, 3, 6, 24, 36, 72] {
            let mut today = day(2027, 1, 1);
            while today < day(2028, 6, 1) {
                let cutoff = trigger_cutoff(today, months);
                for offset in 0..5_u64 {
                    let before = cutoff.checked_sub_days(chrono::Days::new(offset)).unwrap();
                    assert!(due_on(before, months) <= today, "{before} +{months} is due on {today}");
                    let after = cutoff.checked_add_days(chrono::Days::new(offset + 1)).unwrap();
                    assert!(due_on(after, months) > today, "{after} +{months} is not due on {today}");
                }
                today = today.succ_opt().unwrap();
            }
        }
    }

    #[test]
    fn the_forecast_covers_this_month_and_the_next_eleven() {
        let months = coming_months(day(2026, 11, 25), 12);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], (day(2026, 11, 1), day(2026, 11, 30)));
        assert_eq!(months[3], (day(2027, 2, 1), day(2027, 2, 28)));
        assert_eq!(months[11].1, day(2027, 10, 31));
    }

    #[test]
    fn consent_withdrawal_applies_only_to_people_and_their_marketing_data() {
        assert!(RetentionTrigger::ConsentWithdrawn.applies_to(RetentionCategory::MarketingData));
        assert!(!RetentionTrigger::ConsentWithdrawn.applies_to(RetentionCategory::SalesRecords));
        assert!(RetentionTrigger::Creation.applies_to(RetentionCategory::ClosedRequests));
    }

    #[test]
    fn a_rule_needs_a_reason_and_a_sensible_period() {
        let mut rule = RetentionRule {
            id: 0,
            code: "prospects".into(),
            category: RetentionCategory::Prospects,
            trigger: RetentionTrigger::LastActivity,
            period_months: 24,
            action: RetentionAction::Erase,
            reason: Localized::new("Syy", ""),
            active: true,
        };
        assert_eq!(rule.problem(), None);
        rule.period_months = MAX_PERIOD_MONTHS + 1;
        assert_eq!(rule.problem(), Some(rule::PERIOD_TOO_LONG));
        rule.reason = Localized::new(" ", "");
        assert_eq!(rule.problem(), Some(rule::RULE_NEEDS_REASON));
        rule.action = RetentionAction::Keep;
        assert!(!rule.destroys());
    }

    #[test]
    fn a_review_is_settled_when_every_item_is_ticked_or_explained() {
        let mut checklist = ReviewChecklist::new();
        assert_eq!(checklist.unsettled(), ReviewItem::ALL);
        for entry in &mut checklist.entries {
            entry.done = true;
        }
        checklist.entries[4].done = false;
        assert_eq!(checklist.unsettled(), [ReviewItem::PaperDestroyed]);
        checklist.entries[4].note = "Ei paperiaineistoa.".into();
        assert!(checklist.unsettled().is_empty());
        assert_eq!(checklist.done_count(), 6);
        // An old or foreign checklist without entries settles nothing.
        assert_eq!(ReviewChecklist::default().unsettled().len(), ReviewItem::ALL.len());
    }
}
