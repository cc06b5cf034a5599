//! Applying the retention rules (§9): which records each rule reaches today, how many it will
//! reach in the coming months, the facts the register review is checked against, and destroying
//! the candidates in one transaction. What each action does to a person, their orders and their
//! requests is set out in `domain::retention`.
//!
//! The candidates are found with set operations in SQL, never row by row in Rust: every rule's
//! records go into a temporary table `retention_candidate` (one `INSERT … SELECT` per rule), from
//! which the counts, the listed rows, the forecast and the bulk deletes all read. People under a
//! hold go into `retention_held` first; people a person rule reaches go into `retention_person`,
//! so that rules of rows (marketing data, recordings, orders) leave them to their person rule and
//! no record is counted twice. The temporary tables belong to the connection and hold record ids
//! only; they are emptied at every run.

use chrono::NaiveDate;
use rusqlite::{Connection, named_params, params};

use super::{Error, Result, Store, date_text, parse_stored_date, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::customer::{CustomerId, display_name};
use crate::domain::request::RequestStatus;
use crate::domain::retention::{
    AppliedRule, Candidate, CandidateReport, HeldCounts, RetentionAction, RetentionCategory, RetentionRule,
    RetentionTrigger, RuleCandidates, RuleForecast, coming_months, due_on, rule, trigger_cutoff, voucher_keep_until,
    vouchers_expired_before,
};

const TEMP_TABLES: &str = "
    CREATE TEMP TABLE IF NOT EXISTS retention_held (customer_id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS retention_person (customer_id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS retention_withdrawn (customer_id INTEGER PRIMARY KEY, withdrawn_on TEXT NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS retention_candidate (
        rule_id     INTEGER NOT NULL,
        record_id   INTEGER NOT NULL,
        customer_id INTEGER,
        trigger_on  TEXT NOT NULL,
        PRIMARY KEY (rule_id, record_id)
    );
    CREATE INDEX IF NOT EXISTS temp.retention_candidate_due ON retention_candidate (rule_id, trigger_on, record_id);
    DELETE FROM temp.retention_held;
    DELETE FROM temp.retention_person;
    DELETE FROM temp.retention_withdrawn;
    DELETE FROM temp.retention_candidate;
";

/// The statuses of an open request, as SQL: `'received', 'identity_verified', …`.
fn open_statuses() -> String {
    let codes: Vec<String> = RequestStatus::ALL
        .iter()
        .filter(|status| status.is_open())
        .map(|status| format!("'{}'", status.code()))
        .collect();
    codes.join(", ")
}

/// The people every rule leaves alone today, one query per reason (see `domain::retention`), in
/// the order of [`HeldCounts`]'s fields. Every exclusion holds the person from all rules, also one
/// recorded for a single rule: over-holding is the safe side.
fn held_queries() -> [String; 4] {
    [
        "SELECT customer_id FROM retention_exclusion
         WHERE lifted_at IS NULL AND (until_on IS NULL OR until_on >= :today)"
            .to_owned(),
        format!("SELECT customer_id FROM request WHERE customer_id IS NOT NULL AND status IN ({})", open_statuses()),
        "SELECT customer_id FROM request
         WHERE kind = 'restriction' AND status <> 'refused' AND restriction_lifted_on IS NULL
           AND customer_id IS NOT NULL"
            .to_owned(),
        "SELECT customer_id FROM customer_order WHERE billing_status = 'open' AND customer_id IS NOT NULL".to_owned(),
    ]
}

/// Empties the temporary tables and fills `retention_held` (and, when a rule or the review needs
/// it, `retention_withdrawn`); returns the held people counted per reason.
fn prepare(conn: &Connection, rules: &[RetentionRule], today: NaiveDate, withdrawn: bool) -> Result<HeldCounts> {
    conn.execute_batch(TEMP_TABLES)?;
    let today_text = date_text(today);
    let mut counts = [0_i64; 4];
    for (query, count) in held_queries().iter().zip(&mut counts) {
        // rusqlite refuses a named parameter the statement does not have.
        let parameters: &[(&str, &dyn rusqlite::ToSql)] =
            if query.contains(":today") { &[(":today", &today_text)] } else { &[] };
        conn.prepare_cached(&format!("INSERT OR IGNORE INTO temp.retention_held (customer_id) {query}"))?
            .execute(parameters)?;
        *count = conn
            .prepare_cached(&format!("SELECT count(DISTINCT customer_id) FROM ({query})"))?
            .query_row(parameters, |row| row.get(0))?;
    }
    if withdrawn || rules.iter().any(|rule| rule.destroys() && rule.trigger == RetentionTrigger::ConsentWithdrawn) {
        fill_withdrawn(conn)?;
    }
    let [legal_hold, open_request, restricted, unpaid_order] = counts;
    Ok(HeldCounts { legal_hold, open_request, restricted, unpaid_order })
}

/// The people whose every consent is withdrawn now, with the day of the last withdrawal. The
/// latest event per purpose and channel decides, as in `domain::consent` (ties in ledger order).
fn fill_withdrawn(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO temp.retention_withdrawn (customer_id, withdrawn_on)
         SELECT customer_id, substr(max(last_at), 1, 10) FROM (
             SELECT customer_id, action, max(occurred_at || printf('%012d', id)) AS last_at
             FROM consent_event
             WHERE customer_id IN (SELECT customer_id FROM consent_event WHERE action = 'withdrawn')
             GROUP BY customer_id, purpose_id, channel
         )
         GROUP BY customer_id HAVING sum(action = 'given') = 0",
        [],
    )?;
    Ok(())
}

/// When a person's relationship ended: their last order, or their last activity if they never
/// ordered. `c` is the person's row (NULL for an order or request without a person).
const RELATIONSHIP_END: &str =
    "coalesce((SELECT max(o2.ordered_on) FROM customer_order o2 WHERE o2.customer_id = c.id), c.last_activity_on)";

/// Where a category's records are: the tables (the person always as `c`), the record's id, whose
/// record it is, and what every record of the category is.
struct RecordSource {
    from: &'static str,
    record: &'static str,
    person: &'static str,
    condition: &'static str,
}

fn record_source(rule: &RetentionRule) -> RecordSource {
    let anonymise = rule.action == RetentionAction::Anonymise;
    match rule.category {
        RetentionCategory::Prospects => {
            RecordSource { from: "customer c", record: "c.id", person: "c.id", condition: "c.status = 'prospect'" }
        }
        RetentionCategory::Customers => {
            RecordSource { from: "customer c", record: "c.id", person: "c.id", condition: "c.status = 'customer'" }
        }
        RetentionCategory::MarketingData => RecordSource {
            from: "customer c",
            record: "c.id",
            person: "c.id",
            condition: "c.id IN (SELECT customer_id FROM customer_tag UNION SELECT customer_id FROM customer_other_data)",
        },
        RetentionCategory::CallRecordings => RecordSource {
            from: "attachment a JOIN customer c ON c.id = a.customer_id",
            record: "a.id",
            person: "a.customer_id",
            condition: "a.kind = 'call_recording'",
        },
        RetentionCategory::SalesRecords => RecordSource {
            from: "customer_order o LEFT JOIN customer c ON c.id = o.customer_id",
            record: "o.id",
            person: "o.customer_id",
            // An order already reduced to statistics is not anonymised again.
            condition: if anonymise {
                "NOT (o.customer_id IS NULL AND o.order_no = '' AND o.payment_reference = '' AND o.seller = '')"
            } else {
                "1"
            },
        },
        RetentionCategory::ClosedRequests => RecordSource {
            from: "request r LEFT JOIN customer c ON c.id = r.customer_id",
            record: "r.id",
            person: "r.customer_id",
            condition: if anonymise {
                "r.status IN ('answered', 'refused')
                 AND NOT (r.customer_id IS NULL AND r.subject_name = '' AND r.subject_address = '' AND r.notes = '')"
            } else {
                "r.status IN ('answered', 'refused')"
            },
        },
    }
}

/// The SQL of the day a record's period starts from (ISO text; NULL when it has none).
fn trigger_date(rule: &RetentionRule) -> String {
    use RetentionCategory as C;
    use RetentionTrigger as T;
    let own_date = match rule.category {
        C::Prospects | C::Customers | C::MarketingData => "c.obtained_on",
        C::CallRecordings => "a.obtained_on",
        C::SalesRecords => "o.ordered_on",
        C::ClosedRequests => "r.received_on",
    };
    match (rule.trigger, rule.category) {
        (T::Creation, _) => own_date.to_owned(),
        (T::LastActivity, C::SalesRecords) => "coalesce(c.last_activity_on, o.ordered_on)".to_owned(),
        (T::LastActivity, C::ClosedRequests) => "substr(r.updated_at, 1, 10)".to_owned(),
        (T::LastActivity, _) => "c.last_activity_on".to_owned(),
        (T::RelationshipEnd, C::SalesRecords) => format!("coalesce({RELATIONSHIP_END}, o.ordered_on)"),
        (T::RelationshipEnd, C::ClosedRequests) => "coalesce(r.answered_on, substr(r.updated_at, 1, 10))".to_owned(),
        (T::RelationshipEnd, _) => RELATIONSHIP_END.to_owned(),
        (T::ConsentWithdrawn, _) if rule.trigger.applies_to(rule.category) => {
            "(SELECT w.withdrawn_on FROM temp.retention_withdrawn w WHERE w.customer_id = c.id)".to_owned()
        }
        (T::ConsentWithdrawn, _) => "NULL".to_owned(),
        (T::FinancialYearEnd, C::Prospects | C::Customers | C::MarketingData) => {
            "date(c.last_activity_on, 'start of year', '+1 year')".to_owned()
        }
        (T::FinancialYearEnd, C::ClosedRequests) => {
            "date(coalesce(r.answered_on, r.received_on), 'start of year', '+1 year')".to_owned()
        }
        (T::FinancialYearEnd, _) => format!("date({own_date}, 'start of year', '+1 year')"),
    }
}

/// Puts the records `rule` reaches with a trigger date in `(lower, upper]` into
/// `retention_candidate`, leaving out held people and people a person rule already reached.
fn collect_rule(conn: &Connection, rule: &RetentionRule, lower: &str, upper: &str) -> Result<()> {
    let RecordSource { from, record, person, condition } = record_source(rule);
    let trigger = trigger_date(rule);
    let sql = format!(
        "INSERT INTO temp.retention_candidate (rule_id, record_id, customer_id, trigger_on)
         SELECT :rule, {record}, {person}, {trigger}
         FROM {from}
         WHERE {condition} AND {trigger} > :lower AND {trigger} <= :upper
           AND ({person} IS NULL OR {person} NOT IN (SELECT customer_id FROM temp.retention_held))
           AND ({person} IS NULL OR {person} NOT IN (SELECT customer_id FROM temp.retention_person))"
    );
    conn.prepare_cached(&sql)?.execute(named_params! { ":rule": rule.id, ":lower": lower, ":upper": upper })?;
    if rule.category.reaches_people() {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO temp.retention_person (customer_id)
             SELECT record_id FROM temp.retention_candidate WHERE rule_id = ?1",
        )?
        .execute([rule.id])?;
    }
    Ok(())
}

/// Collects every destroying rule's records due in a window: person rules first (in the rules'
/// order), so that the rules of rows know whom the person rules take. `window` gives each rule's
/// `(lower, upper]` bounds of trigger dates.
fn collect(
    conn: &Connection,
    rules: &[RetentionRule],
    window: impl Fn(&RetentionRule) -> (String, String),
) -> Result<()> {
    conn.execute("DELETE FROM temp.retention_candidate", [])?;
    let destroying = rules.iter().filter(|rule| rule.destroys());
    let (people, rows): (Vec<&RetentionRule>, Vec<&RetentionRule>) =
        destroying.partition(|rule| rule.category.reaches_people());
    for rule in people.into_iter().chain(rows) {
        let (lower, upper) = window(rule);
        collect_rule(conn, rule, &lower, &upper)?;
    }
    Ok(())
}

/// Today's window: every trigger date up to the rule's cutoff.
fn due_today(today: NaiveDate) -> impl Fn(&RetentionRule) -> (String, String) {
    move |rule| (String::new(), date_text(trigger_cutoff(today, rule.period_months)))
}

fn candidate_count(conn: &Connection, rule_id: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM temp.retention_candidate WHERE rule_id = ?1")?
        .query_row([rule_id], |row| row.get(0))?)
}

/// What a listed record is, as SQL over the record's row `x`.
fn record_detail(category: RetentionCategory) -> (&'static str, &'static str) {
    match category {
        RetentionCategory::Prospects | RetentionCategory::Customers | RetentionCategory::MarketingData => ("", "''"),
        RetentionCategory::CallRecordings => ("LEFT JOIN attachment x ON x.id = k.record_id", "x.file_name"),
        RetentionCategory::SalesRecords => ("LEFT JOIN customer_order x ON x.id = k.record_id", "x.order_no"),
        RetentionCategory::ClosedRequests => ("LEFT JOIN request x ON x.id = k.record_id", "x.reference"),
    }
}

/// The first `limit` records of a rule, earliest due first.
fn first_candidates(conn: &Connection, rule: &RetentionRule, limit: usize) -> Result<Vec<Candidate>> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let (join, detail) = record_detail(rule.category);
    let mut statement = conn.prepare_cached(&format!(
        "SELECT k.record_id, k.customer_id, coalesce(c.first_name, ''), coalesce(c.last_name, ''),
                coalesce(c.company, ''), coalesce({detail}, ''), k.trigger_on
         FROM temp.retention_candidate k LEFT JOIN customer c ON c.id = k.customer_id {join}
         WHERE k.rule_id = ?1 ORDER BY k.trigger_on, k.record_id LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![rule.id, i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, Option<i64>>(1)?,
            [row.get::<_, String>(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?],
        ))
    })?;
    let mut candidates = Vec::new();
    for row in rows {
        let (record_id, customer_id, [first, last, company, detail, trigger_on]) = row?;
        candidates.push(Candidate {
            record_id,
            customer_id: customer_id.map(CustomerId),
            name: display_name(&first, &last, &company),
            detail,
            due_on: due_on(parse_stored_date(&trigger_on)?, rule.period_months),
        });
    }
    Ok(candidates)
}

/// Counts (and lists the first of) each rule's candidates, after `collect` for today.
fn report(
    conn: &Connection,
    rules: &[RetentionRule],
    today: NaiveDate,
    held: HeldCounts,
    first: usize,
) -> Result<CandidateReport> {
    let mut reports = Vec::new();
    for rule in rules.iter().filter(|rule| rule.active) {
        let (count, listed) = if rule.destroys() {
            (candidate_count(conn, rule.id)?, first_candidates(conn, rule, first)?)
        } else {
            (0, Vec::new())
        };
        reports.push(RuleCandidates { rule: rule.clone(), count, first: listed });
    }
    Ok(CandidateReport { today, rules: reports, held })
}

/// How many records each destroying rule reaches in each of the coming `months`, assuming
/// today's candidates are destroyed today (their people are still in `retention_person`).
fn forecast(conn: &Connection, rules: &[RetentionRule], today: NaiveDate, months: u32) -> Result<Vec<RuleForecast>> {
    let columns = coming_months(today, months);
    let Some(&(_, last_day)) = columns.last() else { return Ok(Vec::new()) };
    collect(conn, rules, |rule| {
        (date_text(trigger_cutoff(today, rule.period_months)), date_text(trigger_cutoff(last_day, rule.period_months)))
    })?;
    let mut forecasts = Vec::new();
    for rule in rules.iter().filter(|rule| rule.destroys()) {
        let mut counts: Vec<(NaiveDate, i64)> = columns.iter().map(|(start, _)| (*start, 0)).collect();
        let mut statement = conn.prepare_cached(
            "SELECT trigger_on, count(*) FROM temp.retention_candidate WHERE rule_id = ?1 GROUP BY trigger_on",
        )?;
        let rows = statement.query_map([rule.id], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
        for row in rows {
            let (trigger_on, count) = row?;
            let due = due_on(parse_stored_date(&trigger_on)?, rule.period_months);
            if let Some(index) = columns.iter().position(|(start, end)| (*start..=*end).contains(&due)) {
                counts[index].1 += count;
            }
        }
        forecasts.push(RuleForecast { rule: rule.clone(), months: counts });
    }
    Ok(forecasts)
}

/// Figures the register review is checked against (see `domain::retention::ReviewItem`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewFacts {
    /// Prospects entered more than a year ago who never became customers.
    pub old_prospects: i64,
    /// People whose every consent was withdrawn more than a year ago.
    pub withdrawn_long_ago: i64,
    pub open_requests: i64,
    /// Requests answered or refused since the last review (or ever, before the first).
    pub closed_since_last_review: i64,
    /// The names of the user accounts that can sign in.
    pub active_users: Vec<String>,
}

fn review_facts(conn: &Connection, today: NaiveDate, last_review: Option<NaiveDate>) -> Result<ReviewFacts> {
    let year_ago = date_text(today.checked_sub_months(chrono::Months::new(12)).unwrap_or(NaiveDate::MIN));
    let since = last_review.map_or_else(String::new, date_text);
    let count = |sql: &str, parameter: &str| -> Result<i64> {
        Ok(conn.prepare_cached(sql)?.query_row([parameter], |row| row.get(0))?)
    };
    let mut users = conn.prepare_cached("SELECT display_name FROM app_user WHERE disabled = 0 ORDER BY id")?;
    let active_users = users.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ReviewFacts {
        old_prospects: count(
            "SELECT count(*) FROM customer WHERE status = 'prospect' AND obtained_on <= ?1",
            &year_ago,
        )?,
        withdrawn_long_ago: count("SELECT count(*) FROM temp.retention_withdrawn WHERE withdrawn_on <= ?1", &year_ago)?,
        open_requests: conn
            .prepare_cached(&format!("SELECT count(*) FROM request WHERE status IN ({})", open_statuses()))?
            .query_row([], |row| row.get(0))?,
        closed_since_last_review: count(
            "SELECT count(*) FROM request WHERE status IN ('answered', 'refused')
             AND coalesce(answered_on, substr(updated_at, 1, 10)) >= ?1",
            &since,
        )?,
        active_users,
    })
}

/// What the Retention tab shows of the rules: today's candidates, the forecast, and the facts
/// the review is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionOverview {
    pub candidates: CandidateReport,
    pub forecast: Vec<RuleForecast>,
    pub facts: ReviewFacts,
}

/// What applying the rules did: the candidates as they were found in the transaction (per active
/// rule, with the held people), one entry per rule that reached something, and the reply letters
/// (files) of the requests whose person or record went, for the caller to remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionApplied {
    pub candidates: CandidateReport,
    pub rules: Vec<AppliedRule>,
    pub reply_files: Vec<String>,
}

impl RetentionApplied {
    pub fn total(&self) -> i64 {
        self.rules.iter().map(|rule| rule.count).sum()
    }
}

/// The records of one rule, as SQL for `IN (…)`.
const RULE_RECORDS: &str = "(SELECT record_id FROM temp.retention_candidate WHERE rule_id = :rule)";

fn run(conn: &Connection, sql: &str, rule_id: i64) -> Result<usize> {
    let sql = sql.replace("{records}", RULE_RECORDS);
    Ok(conn.prepare_cached(&sql)?.execute(named_params! { ":rule": rule_id })?)
}

fn run_dated(conn: &Connection, sql: &str, rule_id: i64, date: NaiveDate) -> Result<usize> {
    let sql = sql.replace("{records}", RULE_RECORDS);
    Ok(conn.prepare_cached(&sql)?.execute(named_params! { ":rule": rule_id, ":date": date_text(date) })?)
}

/// The reply letters of requests matching `condition` (over `{records}`), then forgets them.
fn take_reply_files(conn: &Connection, condition: &str, rule_id: i64) -> Result<Vec<String>> {
    let condition = condition.replace("{records}", RULE_RECORDS);
    let mut statement =
        conn.prepare_cached(&format!("SELECT reply_file FROM request WHERE reply_file <> '' AND {condition}"))?;
    let files = statement
        .query_map(named_params! { ":rule": rule_id }, |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    run(conn, &format!("UPDATE request SET reply_file = '' WHERE reply_file <> '' AND {condition}"), rule_id)?;
    Ok(files)
}

/// What a request keeps of a person once they or the request are anonymised: its own record.
const STRIP_REQUESTS: [&str; 3] = [
    "DELETE FROM attachment WHERE request_id IN (SELECT id FROM request WHERE {which})",
    "UPDATE request_change SET before = '', after = '' WHERE request_id IN (SELECT id FROM request WHERE {which})",
    "UPDATE request SET subject_name = '', subject_address = '', notes = '', customer_id = NULL WHERE {which}",
];

/// The tables (and their column) whose rows are deleted with the customer they point to, as the
/// schema's foreign keys say.
fn cascading_children(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = 'customer' AND f.on_delete = 'CASCADE'
         ORDER BY m.name",
    )?;
    let children = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(children.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Erases or anonymises the people of a person rule; returns the erasure log's note.
fn destroy_people(
    conn: &Connection,
    rule: &RetentionRule,
    today: NaiveDate,
    reply_files: &mut Vec<String>,
) -> Result<String> {
    let expired_before = vouchers_expired_before(today);
    let (kept, newest): (i64, Option<String>) = conn
        .prepare_cached(&format!(
            "SELECT count(*), max(ordered_on) FROM customer_order WHERE customer_id IN {RULE_RECORDS} AND ordered_on >= :date"
        ))?
        .query_row(named_params! { ":rule": rule.id, ":date": date_text(expired_before) }, |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    let expired = if rule.action == RetentionAction::Erase {
        run_dated(
            conn,
            "DELETE FROM customer_order WHERE customer_id IN {records} AND ordered_on < :date",
            rule.id,
            expired_before,
        )?
    } else {
        run_dated(
            conn,
            "UPDATE customer_order SET customer_id = NULL, order_no = '', payment_reference = '', seller = '', source_detail = ''
             WHERE customer_id IN {records} AND ordered_on < :date",
            rule.id,
            expired_before,
        )?
    };
    run(conn, "DELETE FROM customer_search WHERE rowid IN {records}", rule.id)?;
    reply_files.extend(take_reply_files(conn, "customer_id IN {records}", rule.id)?);
    for sql in STRIP_REQUESTS {
        run(conn, &sql.replace("{which}", "customer_id IN {records}"), rule.id)?;
    }
    // Their rows in every table that cascades from the customer, one bulk delete per table (a
    // third faster than letting each customer's delete cascade); the orders left keep their row
    // without the person. The final delete still runs the foreign keys' actions, which then
    // find nothing, so a table added later is never forgotten.
    for (table, column) in cascading_children(conn)? {
        run(conn, &format!("DELETE FROM \"{table}\" WHERE \"{column}\" IN {{records}}"), rule.id)?;
    }
    run(conn, "UPDATE customer_order SET customer_id = NULL WHERE customer_id IN {records}", rule.id)?;
    run(conn, "DELETE FROM customer WHERE id IN {records}", rule.id)?;
    let vouchers = match newest.as_deref().map(parse_stored_date).transpose()? {
        Some(newest) => format!(
            "{kept} sales vouchers kept without the person until {} at the latest (Accounting Act 1336/1997)",
            voucher_keep_until(newest).format("%-d.%-m.%Y")
        ),
        None => "no sales vouchers to keep".to_owned(),
    };
    let older = match rule.action {
        RetentionAction::Erase => format!("{expired} orders past the voucher period erased"),
        _ => format!("{expired} orders past the voucher period kept as statistics only"),
    };
    Ok(format!("{vouchers}; {older}"))
}

/// Applies one destroying rule to its candidates; returns the erasure log's note.
fn destroy(conn: &Connection, rule: &RetentionRule, today: NaiveDate, reply_files: &mut Vec<String>) -> Result<String> {
    let erase = rule.action == RetentionAction::Erase;
    match rule.category {
        RetentionCategory::Prospects | RetentionCategory::Customers => destroy_people(conn, rule, today, reply_files),
        RetentionCategory::MarketingData => {
            let tags = run(conn, "DELETE FROM customer_tag WHERE customer_id IN {records}", rule.id)?;
            let other = run(conn, "DELETE FROM customer_other_data WHERE customer_id IN {records}", rule.id)?;
            Ok(format!("{tags} interest and profile entries and {other} other data erased; the consent ledger is kept"))
        }
        RetentionCategory::CallRecordings => {
            let files = run(conn, "DELETE FROM attachment WHERE id IN {records}", rule.id)?;
            Ok(format!("{files} recordings erased"))
        }
        RetentionCategory::SalesRecords if erase => {
            run(conn, "DELETE FROM customer_order WHERE id IN {records}", rule.id)?;
            Ok("orders and their lines erased".to_owned())
        }
        RetentionCategory::SalesRecords => {
            run(
                conn,
                "UPDATE customer_order SET customer_id = NULL, order_no = '', payment_reference = '', seller = '',
                        source_detail = ''
                 WHERE id IN {records}",
                rule.id,
            )?;
            Ok("date, amount, payment method and lines kept as statistics; customer, order number, payment reference and seller removed".to_owned())
        }
        RetentionCategory::ClosedRequests => {
            reply_files.extend(take_reply_files(conn, "id IN {records}", rule.id)?);
            if erase {
                run(conn, "DELETE FROM request WHERE id IN {records}", rule.id)?;
                Ok("requests erased with their changes and letters".to_owned())
            } else {
                for sql in STRIP_REQUESTS {
                    run(conn, &sql.replace("{which}", "id IN {records}"), rule.id)?;
                }
                Ok("each request keeps its reference, kind, dates and status only".to_owned())
            }
        }
    }
}

impl Store {
    /// What the rules would destroy today, per active rule, with the first `first` records of each
    /// (0 for counts only). Reads only; the temporary tables it fills are this connection's.
    pub fn retention_candidates(&self, today: NaiveDate, first: usize) -> Result<CandidateReport> {
        let rules = self.retention_rules()?;
        let held = prepare(&self.conn, &rules, today, false)?;
        collect(&self.conn, &rules, due_today(today))?;
        report(&self.conn, &rules, today, held, first)
    }

    /// Today's candidates (the first `first` of each rule), how many records each rule reaches in
    /// each of the coming `months`, and the review's facts (`last_review` starts "since the last
    /// review").
    pub fn retention_overview(
        &self,
        today: NaiveDate,
        first: usize,
        months: u32,
        last_review: Option<NaiveDate>,
    ) -> Result<RetentionOverview> {
        let rules = self.retention_rules()?;
        let held = prepare(&self.conn, &rules, today, true)?;
        collect(&self.conn, &rules, due_today(today))?;
        let candidates = report(&self.conn, &rules, today, held, first)?;
        let forecast = forecast(&self.conn, &rules, today, months)?;
        let facts = review_facts(&self.conn, today, last_review)?;
        Ok(RetentionOverview { candidates, forecast, facts })
    }

    /// Destroys what the rules reach on `today`, all rules in one transaction, with one erasure-log
    /// entry per rule that reached something (rule, count, date, user; no personal data) and its
    /// audit row. With `expected` (each rule's count as the confirmation stated it), nothing is
    /// done when the candidates have changed since (`Error::NotAllowed`). Afterwards the search
    /// index is merged and the log checkpointed, so that the erased bytes leave the files.
    pub fn apply_retention(&mut self, today: NaiveDate, expected: Option<&[(i64, i64)]>) -> Result<RetentionApplied> {
        // A bulk delete across a large register thrashes the default 2 MiB page cache, as a bulk
        // write does.
        let cache_pages: i64 = self.conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
        self.conn.pragma_update(None, "cache_size", super::customers::BULK_CACHE_KIB)?;
        let result = self.apply_retention_rules(today, expected);
        self.conn.pragma_update(None, "cache_size", cache_pages)?;
        result
    }

    fn apply_retention_rules(&mut self, today: NaiveDate, expected: Option<&[(i64, i64)]>) -> Result<RetentionApplied> {
        let rules = self.retention_rules()?;
        let applied = self.write(|tx| {
            let held = prepare(tx, &rules, today, false)?;
            collect(tx, &rules, due_today(today))?;
            let candidates = report(tx, &rules, today, held, 0)?;
            if expected.is_some_and(|expected| expected != candidates.counts().as_slice()) {
                return Err(Error::NotAllowed(rule::CANDIDATES_CHANGED));
            }
            let mut applied = RetentionApplied { candidates, rules: Vec::new(), reply_files: Vec::new() };
            for rule in rules.iter().filter(|rule| rule.destroys()) {
                let count = candidate_count(tx, rule.id)?;
                if count == 0 {
                    continue;
                }
                let note = destroy(tx, rule, today, &mut applied.reply_files)?;
                tx.execute(
                    "INSERT INTO erasure_log (occurred_at, user_id, rule_id, rule_code, action, category, record_count, note)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        time_text(tx.now),
                        tx.actor.0,
                        rule.id,
                        rule.code,
                        rule.action.code(),
                        rule.category.code(),
                        count,
                        note
                    ],
                )?;
                tx.audit(
                    AuditAction::RetentionApplied,
                    None,
                    &format!("rule {}: {} {count} {}", rule.code, rule.action.code(), rule.category.code()),
                )?;
                applied.rules.push(AppliedRule {
                    rule_id: rule.id,
                    code: rule.code.clone(),
                    category: rule.category,
                    action: rule.action,
                    count,
                    note,
                });
            }
            if applied.rules.is_empty() {
                tx.audit(AuditAction::RetentionApplied, None, "nothing was due")?;
            }
            tx.execute("DELETE FROM temp.retention_candidate", [])?;
            Ok(applied)
        })?;
        if !applied.rules.is_empty() {
            self.purge_erased_bytes()?;
        }
        Ok(applied)
    }
}
