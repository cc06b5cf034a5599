//! The audit trail: filters by user, customer, action and date on a long synthetic trail agree
//! with a plain count and page through every matching row once, in order; a row changed through
//! SQLite directly (the append-only trigger dropped first, as an attacker with the file would)
//! is named by Verify and by `rekisteri check` at exactly that row.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::common;

use rekisteri::domain::Lang;
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::customer::CustomerId;
use rekisteri::domain::user::UserId;
use rekisteri::i18n;
use rekisteri::store::{AuditFilter, Store};

/// Rows in the synthetic trail: one a minute from 1.1.2025, five actions in turn, every third
/// row about one of 1000 customers, every seventh by a second user.
const ROWS: i64 = 200_000;

fn synthetic_trail(path: &Path) {
    drop(common::open_path(path).unwrap());
    let conn = common::raw_connection(path);
    conn.execute_batch(&format!(
        "INSERT INTO app_user (id, username, display_name, role, created_at)
             VALUES (2, 'maija', 'Maija', 'staff', '2025-01-01 00:00:00');
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {ROWS})
         INSERT INTO audit_log (occurred_at, user_id, action, customer_id, detail, prev_hash, hash)
         SELECT datetime('2025-01-01 00:00:00', '+' || i || ' minutes'),
                CASE WHEN i % 7 = 0 THEN 2 ELSE 1 END,
                CASE i % 5 WHEN 0 THEN 'customer_viewed' WHEN 1 THEN 'customer_updated' WHEN 2 THEN 'backup_made'
                           WHEN 3 THEN 'audit_viewed' ELSE 'consent_recorded' END,
                CASE WHEN i % 3 = 0 THEN i % 1000 + 1 END, 'row ' || i, '', ''
         FROM n;"
    ))
    .unwrap();
}

/// The ids matching `condition`, newest first, counted the plain way.
fn expected_ids(path: &Path, condition: &str) -> Vec<i64> {
    let conn = common::raw_connection(path);
    let mut statement = conn
        .prepare(&format!("SELECT id FROM audit_log WHERE {condition} ORDER BY occurred_at DESC, id DESC"))
        .unwrap();
    statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
}

/// Every row matching `filter`, page by page, and the time the first page took.
fn paged_ids(store: &Store, filter: &AuditFilter) -> (Vec<i64>, std::time::Duration) {
    let started = Instant::now();
    let mut page = store.audit_page(filter, None, 200).unwrap();
    let first_page = started.elapsed();
    let mut ids: Vec<i64> = page.entries.iter().map(|entry| entry.id).collect();
    while let Some(cursor) = page.older.clone() {
        page = store.audit_page(filter, Some(&cursor), 200).unwrap();
        ids.extend(page.entries.iter().map(|entry| entry.id));
    }
    (ids, first_page)
}

#[test]
fn filters_agree_with_a_plain_count_and_page_through_every_match_once() {
    let (_dir, path) = common::temp_path("long-trail.sqlite");
    synthetic_trail(&path);
    let store = common::open_for_reading(&path).unwrap();
    let day = |month, day| common::day(2025, month, day);
    let cases = [
        (AuditFilter { user: Some(UserId(2)), ..AuditFilter::default() }, "user_id = 2"),
        (AuditFilter { customer: Some(CustomerId(42)), ..AuditFilter::default() }, "customer_id = 42"),
        (AuditFilter { action: Some(AuditAction::BackupMade), ..AuditFilter::default() }, "action = 'backup_made'"),
        (
            AuditFilter { from: Some(day(3, 1)), to: Some(day(3, 2)), ..AuditFilter::default() },
            "occurred_at >= '2025-03-01' AND occurred_at < '2025-03-03'",
        ),
        (
            AuditFilter {
                user: Some(UserId(1)),
                action: Some(AuditAction::CustomerViewed),
                from: Some(day(2, 1)),
                ..AuditFilter::default()
            },
            "user_id = 1 AND action = 'customer_viewed' AND occurred_at >= '2025-02-01'",
        ),
        (
            AuditFilter { customer: Some(CustomerId(7)), to: Some(day(1, 31)), ..AuditFilter::default() },
            "customer_id = 7 AND occurred_at < '2025-02-01'",
        ),
    ];
    for (filter, condition) in cases {
        let expected = expected_ids(&path, condition);
        assert!(!expected.is_empty(), "{condition} matches something");
        assert_eq!(store.audit_count_matching(&filter).unwrap(), i64::try_from(expected.len()).unwrap(), "{condition}");
        let (ids, first_page) = paged_ids(&store, &filter);
        assert_eq!(ids, expected, "{condition}");
        eprintln!("{condition}: {} rows, first page in {first_page:?}", expected.len());
    }
    let nobody = AuditFilter { user: Some(UserId(99)), ..AuditFilter::default() };
    assert!(store.audit_page(&nobody, None, 200).unwrap().entries.is_empty());
    // The synthetic rows and the register's own (its creation, today, and each read-only open's
    // sign-in: counted first, since counting opens the file once more).
    let own_rows = store_rows(&path);
    assert_eq!(store.audit_count_matching(&AuditFilter::default()).unwrap(), ROWS + own_rows);
}

/// The rows the store wrote itself (not the synthetic ones).
fn store_rows(path: &Path) -> i64 {
    let conn = common::raw_connection(path);
    conn.query_row("SELECT count(*) FROM audit_log WHERE hash <> ''", [], |row| row.get(0)).unwrap()
}

/// A sample register in which the `nth` record-viewed row was changed behind the store's back;
/// returns that row's number.
fn tampered_register(nth: usize) -> (tempfile::TempDir, std::path::PathBuf, i64) {
    let (dir, mut store) = common::sample_register(20);
    for id in 1..=5 {
        store.record_customer_viewed(CustomerId(id)).unwrap();
    }
    let viewed = AuditFilter { action: Some(AuditAction::CustomerViewed), ..AuditFilter::default() };
    let mut rows: Vec<i64> = store.audit_entries(&viewed, 10).unwrap().iter().map(|entry| entry.id).collect();
    rows.sort_unstable();
    let row = rows[nth];
    let path = store.path().to_owned();
    drop(store);
    let conn = common::raw_connection(&path);
    conn.execute_batch(&format!(
        "DROP TRIGGER audit_log_is_append_only;
         UPDATE audit_log SET customer_id = 19 WHERE id = {row};"
    ))
    .unwrap();
    (dir, path, row)
}

#[test]
fn verify_names_the_tampered_row_with_its_time_and_action() {
    let (_dir, path, row) = tampered_register(2);
    let store = common::open_existing(&path).unwrap();
    let broken = store.verify_audit_chain().unwrap().unwrap();
    assert_eq!(broken.row_id, row);
    assert_eq!(broken.action, "customer_viewed");
    let entry = store.audit_entries(&AuditFilter::default(), 100).unwrap().into_iter().find(|e| e.id == row).unwrap();
    let when = format!(
        "{} {}",
        rekisteri::domain::finnish_date(entry.occurred_at.date()),
        entry.occurred_at.format("%H:%M:%S")
    );
    assert_eq!(
        i18n::chain_broken(Lang::En, &broken),
        format!(
            "The hash chain breaks at row {row} ({when}, Customer record opened): that row or the one before it was changed or deleted."
        )
    );
    assert!(i18n::chain_broken(Lang::Fi, &broken).starts_with(&format!("Tarkistusketju katkeaa rivillä {row} (")));
    // The rows after it still link to it: the break is at the changed row, not later.
    assert!(store.check().unwrap().audit_chain_break.is_some_and(|found| found.row_id == row));
}

#[test]
fn check_reports_the_tampered_row_and_fails() {
    let (_dir, path, row) = tampered_register(0);
    let output = Command::new(env!("CARGO_BIN_EXE_rekisteri"))
        .args(["check", "--db", path.to_str().unwrap()])
        .env("LANG", "C")
        .env("REKISTERI_USER", common::ADMIN_USERNAME)
        .env("REKISTERI_PASSWORD", common::ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(report.contains(&format!("The hash chain breaks at row {row} (")), "{report}");
    assert!(report.contains("integrity: ok"), "{report}");
}
