//! Backups and restores against real register files: a backup restores to the same register with
//! the same audit chain, it is a consistent snapshot while the register is written, the keep rule
//! deletes only our older backups, and a damaged, foreign or tampered backup is refused with its
//! own message while the open register stays as it was.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use std::path::{Path, PathBuf};

use crate::common;

use rekisteri::domain::Lang;
use rekisteri::domain::audit::{AuditAction, AuditEntry};
use rekisteri::domain::backup::{BackupSchedule, BackupSettings};
use rekisteri::domain::customer::{Customer, CustomerId};
use rekisteri::i18n;
use rekisteri::store::{AuditFilter, CustomerQuery, RestoreError, RestoreOpener, Store};

fn all_customers(store: &Store) -> Vec<Customer> {
    let ids = store.customer_ids(&CustomerQuery::default()).unwrap();
    ids.into_iter().map(|id| store.customer(id).unwrap()).collect()
}

fn whole_trail(store: &Store) -> Vec<AuditEntry> {
    let mut entries = store.audit_entries(&AuditFilter::default(), 1_000_000).unwrap();
    entries.sort_by_key(|entry| entry.id);
    entries
}

/// Files in `folder`, by name.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_backup_restores_to_the_same_customers_and_audit_chain() {
    let (dir, mut store) = common::sample_register(120);
    let folder = dir.path().join("backups");
    let before_customers = all_customers(&store);
    let mut reported = Vec::new();
    let made = store.write_backup(&folder, &mut |done, total| reported.push((done, total))).unwrap();
    store.record_backup(&made, false).unwrap();
    let trail_at_backup = whole_trail(&store);
    assert!(reported.last().is_some_and(|(done, total)| done == total && *total > 0), "{reported:?}");
    let name = made.path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("register-backup-") && name.ends_with(".sqlite"), "{name}");
    let backup_entry = store
        .audit_entries(&AuditFilter { action: Some(AuditAction::BackupMade), ..AuditFilter::default() }, 1)
        .unwrap();
    assert!(backup_entry[0].detail.contains(&name), "{:?}", backup_entry[0].detail);

    // The register changes after the backup: a customer is erased.
    store.erase_customer(CustomerId(5), None).unwrap();
    assert_ne!(all_customers(&store), before_customers);

    let candidate =
        rekisteri::store::prepare_restore(store.path(), &made.path, &store.restore_opener().unwrap(), &mut |_, _| {})
            .unwrap();
    assert_eq!(candidate.preview.customers, 120);
    assert_eq!(candidate.preview.register_name, store.register_info().unwrap().register_name);
    assert!(candidate.preview.taken_at.is_some());
    assert!(candidate.preview.newest_audit_entry.is_some());
    let register = store.path().to_owned();
    let (restored, outcome) = store.restore_from(candidate).unwrap();
    assert_eq!(all_customers(&restored), before_customers, "the erased customer is back");
    // The restored trail is the trail as it was when the backup was made (without the backup's
    // own row, written after the copy), then the restore, chained on.
    let trail = whole_trail(&restored);
    let copied = trail_at_backup.len() - 1;
    assert_eq!(trail[..copied], trail_at_backup[..copied]);
    assert_eq!(trail.len(), copied + 1);
    assert_eq!(trail[copied].action, AuditAction::BackupRestored);
    assert!(trail[copied].detail.contains(&name), "{}", trail[copied].detail);
    assert_eq!(restored.verify_audit_chain().unwrap(), None);
    assert_eq!(restored.check().unwrap().integrity, ["ok"]);

    // The register that was replaced is kept beside it, with the erasure in it.
    let kept = outcome.kept_as.unwrap();
    assert_eq!(kept.parent(), register.parent());
    let kept_name = kept.file_name().unwrap().to_string_lossy().into_owned();
    assert!(kept_name.starts_with("register.before-restore-") && kept_name.ends_with(".sqlite"), "{kept_name}");
    drop(restored);
    let earlier = common::open_for_reading(&kept).unwrap();
    assert_eq!(earlier.customer_count().unwrap(), 119);
    assert_eq!(earlier.verify_audit_chain().unwrap(), None);
    // No copy of ours is left behind.
    assert!(!names_in(dir.path()).iter().any(|name| name.contains(".restoring-")), "{:?}", names_in(dir.path()));
}

#[test]
fn a_backup_is_a_consistent_snapshot_while_the_register_is_written() {
    let (_dir, store) = common::sample_register(3000);
    let mut writer = store.reader().unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writing = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut saves = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut customer = writer.customer(CustomerId(1 + saves % 3000)).unwrap();
                customer.note = format!("save {saves}");
                writer.update_customer(&customer).unwrap();
                saves += 1;
            }
            saves
        })
    };
    let target = store.path().with_file_name("snapshot.sqlite");
    let mut steps = 0;
    store.backup_to_with_progress(&target, &mut |_, _| steps += 1).unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let saves = writing.join().unwrap();
    assert!(saves > 0, "the register was written during the backup");
    assert!(steps > 1, "the copy went in steps ({steps})");
    let copy = common::open_for_reading(&target).unwrap();
    assert_eq!(copy.check().unwrap().integrity, ["ok"]);
    assert_eq!(copy.verify_audit_chain().unwrap(), None);
    // Every row of the copy's trail is the register's row of the same number: one moment's state.
    let mut copied = whole_trail(&copy);
    // Opening the copy to read it is itself the copy's last row.
    let opened = copied.pop().unwrap();
    assert_eq!((opened.action, opened.detail.as_str()), (AuditAction::SignIn, "read-only"));
    let now = whole_trail(&store);
    assert!(copied.len() <= now.len());
    assert_eq!(copied[..], now[..copied.len()]);
}

#[test]
fn the_keep_rule_deletes_only_our_older_backups() {
    let (dir, store) = common::empty_register();
    let folder = dir.path().join("backups");
    std::fs::create_dir_all(&folder).unwrap();
    let ours = [
        "register-backup-2026-11-01-090000.sqlite",
        "register-backup-2026-11-02-090000.sqlite",
        "register-backup-2026-11-02-090000-2.sqlite",
        "register-backup-2026-11-03-090000.sqlite",
    ];
    let foreign = [
        "other-backup-2026-10-01-090000.sqlite",
        "register-backup-manual.sqlite",
        "register-backup-2026-10-01-090000.sqlite.partial",
        "notes.txt",
        "register.sqlite",
    ];
    for name in ours.iter().chain(&foreign) {
        std::fs::write(folder.join(name), "x").unwrap();
    }
    // An old backup's key file goes with it.
    let old_key_file = rekisteri::store::key_file_path(&folder.join(ours[0]));
    std::fs::write(&old_key_file, "x").unwrap();
    let made = store.write_backup(&folder, &mut |_, _| {}).unwrap();
    assert!(rekisteri::store::key_file_path(&made.path).exists(), "a backup carries its key file");
    let deleted = rekisteri::store::rotate_backups(&folder, store.path(), 3).unwrap();
    let deleted: Vec<String> =
        deleted.iter().map(|path| path.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(deleted, ["register-backup-2026-11-01-090000.sqlite", "register-backup-2026-11-02-090000.sqlite"]);
    let left = names_in(&folder);
    for name in foreign.iter().chain(&ours[2..]) {
        assert!(left.contains(&(*name).to_owned()), "{name} stays: {left:?}");
    }
    assert!(made.path.exists(), "the newest backup stays");
    assert!(!old_key_file.exists(), "deleted with its backup");
    // The three kept backups and the new one's key file.
    assert_eq!(left.len(), foreign.len() + 3 + 1);
}

#[test]
fn backup_settings_are_kept_in_the_register_and_audited() {
    let (dir, mut store) = common::empty_register();
    assert_eq!(store.backup_settings().unwrap(), BackupSettings::default());
    let settings =
        BackupSettings { folder: Some(dir.path().join("kopiot")), schedule: BackupSchedule::Daily, keep: 14 };
    store.save_backup_settings(&settings).unwrap();
    assert_eq!(store.backup_settings().unwrap(), settings);
    let changed = store
        .audit_entries(&AuditFilter { action: Some(AuditAction::SettingsChanged), ..AuditFilter::default() }, 1)
        .unwrap();
    assert!(changed[0].detail.contains("daily, keep 14"), "{}", changed[0].detail);
}

/// A backup of a small sample register in `dir`, the register closed.
/// A backup of `store` in `dir`, with its key file: a restore into a register opens the backup
/// with that register's key, so the backups restored into `store` are its own.
fn backup_of(store: &Store, dir: &Path) -> PathBuf {
    let backup = dir.join("register-backup-2026-11-20-120000.sqlite");
    store.backup_to(&backup).unwrap();
    backup
}

/// Tries to restore `backup` into the open `store`: the error, with the register checked unchanged
/// and no copy left behind.
fn refused(store: &Store, backup: &Path) -> RestoreError {
    let customers = store.customer_count().unwrap();
    let trail = store.audit_count().unwrap();
    let folder = store.path().parent().unwrap().to_owned();
    let before = names_in(&folder);
    let error =
        rekisteri::store::prepare_restore(store.path(), backup, &store.restore_opener().unwrap(), &mut |_, _| {})
            .unwrap_err();
    assert_eq!(store.customer_count().unwrap(), customers);
    assert_eq!(store.audit_count().unwrap(), trail);
    assert_eq!(names_in(&folder), before, "no copy is left and nothing is renamed");
    error
}

#[test]
fn a_damaged_backup_is_refused_and_the_register_stays() {
    let (dir, store) = common::sample_register(30);
    let backup = backup_of(&store, dir.path());
    let mut bytes = std::fs::read(&backup).unwrap();
    // A page in the middle of the customer data overwritten.
    let page = 4096 * (bytes.len() / 4096 / 2);
    for byte in &mut bytes[page..page + 4096] {
        *byte = 0xA5;
    }
    std::fs::write(&backup, &bytes).unwrap();
    let error = refused(&store, &backup);
    assert!(matches!(error, RestoreError::Damaged), "{error:?}");
    assert_eq!(std::fs::read(&backup).unwrap(), bytes, "the backup itself is not touched");
    assert!(i18n::restore_error(Lang::En, &error).contains("damaged"));
    assert!(i18n::restore_error(Lang::Fi, &error).contains("vaurioitunut"));

    // A damaged first page is refused too. Encrypted, it is the page whose check tells the key
    // is right, so SQLCipher cannot tell it from a file under another key: not a database to us.
    let mut bytes = std::fs::read(backup_of(&store, dir.path())).unwrap();
    for byte in &mut bytes[100..4096] {
        *byte = 0xA5;
    }
    std::fs::write(&backup, &bytes).unwrap();
    assert!(matches!(refused(&store, &backup), RestoreError::NotADatabase));
}

#[test]
fn a_file_that_is_not_a_register_is_refused_with_its_own_message() {
    let (dir, store) = common::empty_register();
    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "these are not the backups you are looking for".repeat(200)).unwrap();
    let error = refused(&store, &text);
    assert!(matches!(error, RestoreError::NotADatabase), "{error:?}");
    assert_eq!(i18n::restore_error(Lang::En, &error), "The file is not a database, so not a Rekisteri backup.");

    // A plain SQLite file does not open with the register's key: not a database to it.
    let plain = dir.path().join("plain.sqlite");
    let conn = rusqlite::Connection::open(&plain).unwrap();
    conn.execute_batch("CREATE TABLE recipe (name TEXT); INSERT INTO recipe VALUES ('pulla');").unwrap();
    drop(conn);
    assert!(matches!(refused(&store, &plain), RestoreError::NotADatabase));

    // A database under the register's key that is not a register.
    let other = dir.path().join("other.sqlite");
    store.backup_to(&other).unwrap();
    let conn = common::raw_connection(&other);
    conn.execute_batch("PRAGMA application_id = 0;").unwrap();
    drop(conn);
    let error = refused(&store, &other);
    assert!(matches!(error, RestoreError::NotARegister), "{error:?}");
    assert_eq!(i18n::restore_error(Lang::Fi, &error), "Tiedosto on tietokanta mutta ei Rekisterin varmuuskopio.");

    let error = refused(&store, store.path());
    assert!(matches!(error, RestoreError::IsTheRegister), "{error:?}");
}

#[test]
fn a_backup_with_a_tampered_audit_trail_is_refused_at_that_row() {
    let (dir, store) = common::sample_register(30);
    let backup = backup_of(&store, dir.path());
    let conn = common::raw_connection(&backup);
    conn.execute_batch(
        "DROP TRIGGER audit_log_is_append_only;
         UPDATE audit_log SET detail = 'nothing to see' WHERE id = 2;",
    )
    .unwrap();
    drop(conn);
    let error = refused(&store, &backup);
    match &error {
        RestoreError::AuditChainBroken(broken) => assert_eq!(broken.row_id, 2),
        other => panic!("expected a broken chain, got {other:?}"),
    }
    assert!(i18n::restore_error(Lang::En, &error).contains("row 2"));
}

#[test]
fn a_backup_restores_where_no_register_is_yet() {
    let (dir, path) = common::temp_path("new-machine.sqlite");
    let (_sample_dir, sample) = common::sample_register(40);
    let backup = backup_of(&sample, dir.path());
    drop(sample);
    // No register on this machine: the backup opens with its administrator's password.
    let opener = RestoreOpener::sign_in(&backup, common::ADMIN_USERNAME, common::ADMIN_PASSWORD).unwrap();
    let candidate = rekisteri::store::prepare_restore(&path, &backup, &opener, &mut |_, _| {}).unwrap();
    let store = Store::install_restored(&path, candidate).unwrap();
    assert_eq!(store.customer_count().unwrap(), 40);
    let last = store.audit_entries(&AuditFilter::default(), 1).unwrap();
    assert_eq!(last[0].action, AuditAction::BackupRestored);
}

#[test]
fn a_backup_is_exactly_as_readable_as_the_register() {
    // Guards encryption at rest: the backup copies pages, so whatever protects the register's
    // file protects the copy; a name readable in the copy must be readable in the register.
    let (dir, store) = common::sample_register(20);
    let name = store.customer(CustomerId(1)).unwrap().last_name;
    let path = store.path().to_owned();
    let backup = dir.path().join("copy.sqlite");
    store.backup_to(&backup).unwrap();
    drop(store);
    let contains = |file: &Path| {
        let bytes = std::fs::read(file).unwrap();
        bytes.windows(name.len()).any(|window| window == name.as_bytes())
    };
    assert_eq!(contains(&backup), contains(&path), "{name}");
}

#[test]
fn a_copy_left_by_an_unfinished_restore_is_cleared_by_the_next() {
    let (dir, store) = common::empty_register();
    let backup = backup_of(&store, dir.path());
    let stale = dir.path().join("register.restoring-2026-01-01-000000.sqlite");
    let not_ours = dir.path().join("other.restoring-2026-01-01-000000.sqlite");
    std::fs::write(&stale, "left by a killed window").unwrap();
    std::fs::write(&not_ours, "another register's").unwrap();
    let candidate =
        rekisteri::store::prepare_restore(store.path(), &backup, &store.restore_opener().unwrap(), &mut |_, _| {})
            .unwrap();
    assert!(!stale.exists());
    assert!(not_ours.exists());
    drop(candidate);
    assert!(!names_in(dir.path()).iter().any(|name| name.starts_with("register.restoring-")));
}

#[test]
fn a_restore_waits_for_the_windows_other_connections_and_refuses_while_one_stays() {
    let (dir, mut store) = common::sample_register(15);
    let backup = backup_of(&store, dir.path());
    // One more person after the backup: the restore takes the register back to 15.
    store.add_customer(&common::person("Uusi", "Ihminen", "uusi@example.fi", "")).unwrap();
    let worker = store.reader().unwrap();
    let candidate =
        rekisteri::store::prepare_restore(store.path(), &backup, &store.restore_opener().unwrap(), &mut |_, _| {})
            .unwrap();
    let started = std::time::Instant::now();
    let failed = store.restore_from(candidate).unwrap_err();
    assert!(started.elapsed() >= std::time::Duration::from_secs(4), "it waited first");
    assert!(matches!(failed.error, rekisteri::store::Error::Locked), "{:?}", failed.error);
    let store = failed.store.unwrap();
    assert_eq!(store.customer_count().unwrap(), 16, "nothing was replaced");
    assert!(!names_in(dir.path()).iter().any(|name| name.contains("before-restore")));

    // A worker that finishes within the wait is waited for.
    let candidate =
        rekisteri::store::prepare_restore(store.path(), &backup, &store.restore_opener().unwrap(), &mut |_, _| {})
            .unwrap();
    let finishing = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        drop(worker);
    });
    let (restored, _) = store.restore_from(candidate).unwrap();
    finishing.join().unwrap();
    assert_eq!(restored.customer_count().unwrap(), 15);
}

#[test]
fn a_restore_from_before_a_withdrawal_never_turns_the_consent_back_on() {
    use rekisteri::domain::consent::{
        ConsentStanding, ObjectionAction, ObjectionEvent, ObjectionKind, current_consents, standing_objections,
    };
    use rekisteri::domain::customer::Source;
    let (dir, mut store) = common::sample_register(120);
    let marketing = store.purposes().unwrap().into_iter().find(|purpose| purpose.code == "direct_marketing").unwrap();
    let consenting = rekisteri::store::CustomerQuery {
        consent_purpose: Some(marketing.id),
        consent_standing: ConsentStanding::Given,
        ..rekisteri::store::CustomerQuery::default()
    };
    let person = store.customer_ids(&consenting).unwrap()[0];
    let made = store.write_backup(&dir.path().join("backups"), &mut |_, _| {}).unwrap();

    // After the backup the person withdraws everything and objects to direct marketing.
    assert!(store.withdraw_all_consents(person, Source::Email, "sähköposti 25.11.").unwrap() > 0);
    store
        .record_objection(&ObjectionEvent {
            id: 0,
            customer_id: person,
            kind: ObjectionKind::DirectMarketing,
            action: ObjectionAction::Made,
            occurred_at: chrono::Local::now().naive_local(),
            source: Source::Email,
            evidence: "sähköposti 25.11.".into(),
            recorded_by: store.actor(),
        })
        .unwrap();

    let candidate =
        rekisteri::store::prepare_restore(store.path(), &made.path, &store.restore_opener().unwrap(), &mut |_, _| {})
            .unwrap();
    let (restored, _) = store.restore_from(candidate).unwrap();
    let state = current_consents(&restored.consent_events(person).unwrap());
    assert!(state.values().all(|consent| !consent.given), "no consent of the person stands after the restore");
    let objections = standing_objections(&restored.objection_events(person).unwrap());
    assert_eq!(objections, vec![ObjectionKind::DirectMarketing]);
    assert!(restored.customer_ids(&consenting).unwrap().iter().all(|id| *id != person));
    assert_eq!(restored.verify_audit_chain().unwrap(), None);
}
