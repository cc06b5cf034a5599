//! The Backups tab, the Audit tab's filters and the one-writer message, driven headless with
//! egui_kittest on real register files: "Back up now" into a folder the (fixed) dialog picks,
//! with its progress run to the end; a restore shown as a preview and only done on confirmation;
//! a damaged backup refused in place; the backup on closing the window; the audit filters; and a
//! register open elsewhere named in the window until it is free.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use std::path::{Path, PathBuf};

use crate::common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rekisteri::domain::Lang;
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::backup::{BackupSchedule, BackupSettings};
use rekisteri::domain::customer::CustomerId;
use rekisteri::store::{AuditFilter, Store};
use rekisteri::ui::dialogs::FixedDialogs;
use rekisteri::ui::{App, Tab};

use common::ui::{app_on, sample_app, settle};

fn open_backups(harness: &mut Harness<'_, App>, tab_label: &str) {
    harness.get_by_label(tab_label).click();
    settle(harness);
    assert_eq!(harness.state().tab(), Tab::Backups);
}

/// The files in `folder` but the key files, each of which belongs to the file it is named after
/// (checked here: no key file is left without its register or backup).
fn files_in(folder: &Path) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = std::fs::read_dir(folder).unwrap().map(|entry| entry.unwrap().path()).collect();
    let (key_files, mut files): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|file| file.extension().is_some_and(|extension| extension == "keys"));
    for key_file in &key_files {
        assert!(files.iter().any(|file| rekisteri::store::key_file_path(file) == *key_file), "{key_file:?} alone");
    }
    files.sort();
    files
}

fn actions(store: &Store, action: AuditAction) -> Vec<String> {
    let filter = AuditFilter { action: Some(action), ..AuditFilter::default() };
    store.audit_entries(&filter, 10).unwrap().into_iter().map(|entry| entry.detail).collect()
}

#[test]
fn back_up_now_writes_a_dated_copy_into_the_picked_folder() {
    let (dir, mut harness) = sample_app(Lang::En);
    let folder = dir.path().join("usb-stick");
    std::fs::create_dir_all(&folder).unwrap();
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { folder: Some(folder.clone()), ..FixedDialogs::default() }));
    open_backups(&mut harness, "Backups");
    harness.get_by_label("Back up now…").click();
    settle(&mut harness);
    assert_eq!(harness.state().backups_tab().last_progress(), Some(1.0), "the progress bar ran to the end");
    let files = files_in(&folder);
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("sample-backup-") && name.ends_with(".sqlite"), "{name}");
    assert!(harness.query_all_by_label_contains("Backup saved: ").next().is_some());
    let store = harness.state().store().unwrap();
    let recorded = actions(store, AuditAction::BackupMade);
    assert!(recorded[0].starts_with("manual: ") && recorded[0].contains(&name), "{recorded:?}");
    let copy = common::open_for_reading(&files[0]).unwrap();
    assert_eq!(copy.customer_count().unwrap(), store.customer_count().unwrap());
}

#[test]
fn automatic_backup_settings_are_saved_and_the_folder_listed() {
    let (dir, mut harness) = sample_app(Lang::Fi);
    let folder = dir.path().join("varmuuskopiot");
    std::fs::create_dir_all(&folder).unwrap();
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { folder: Some(folder.clone()), ..FixedDialogs::default() }));
    open_backups(&mut harness, "Varmuuskopiot");
    // Without a folder, an automatic backup cannot be switched on.
    harness.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Milloin").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::Button, "Ohjelmaa suljettaessa").click();
    harness.run();
    harness.get_by_label("Tallenna asetukset").click();
    harness.run();
    harness.get_by_label("Valitse ensin kansio automaattisille varmuuskopioille.");
    harness.get_by_label("Valitse kansio…").click();
    harness.run();
    harness.get_by_label("Tallenna asetukset").click();
    settle(&mut harness);
    harness.get_by_label("Varmuuskopioinnin asetukset tallennettu.");
    let store = harness.state().store().unwrap();
    let settings = store.backup_settings().unwrap();
    assert_eq!(settings, BackupSettings { folder: Some(folder.clone()), schedule: BackupSchedule::OnExit, keep: 7 });
    assert!(actions(store, AuditAction::SettingsChanged)[0].starts_with("backup: on_exit, keep 7"));
    harness.get_by_label("Kansiossa ei ole vielä tämän rekisterin varmuuskopioita.");

    // Closing the window waits for the backup on closing, then closes.
    harness.input_mut().viewports.get_mut(&egui::ViewportId::ROOT).unwrap().events.push(egui::ViewportEvent::Close);
    harness.step();
    let held = harness.output().viewport_output[&egui::ViewportId::ROOT].commands.clone();
    assert!(held.contains(&egui::ViewportCommand::CancelClose), "{held:?}");
    let mut closed = false;
    for _ in 0..2000 {
        harness.step();
        let commands = &harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
        if commands.contains(&egui::ViewportCommand::Close) {
            closed = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(closed, "the window closes once the backup is made");
    let files = files_in(&folder);
    assert_eq!(files.len(), 1, "{files:?}");
    let automatic = actions(harness.state().store().unwrap(), AuditAction::BackupMade);
    assert!(automatic[0].starts_with("automatic: "), "{automatic:?}");
}

#[test]
fn a_restore_is_previewed_and_only_done_when_confirmed() {
    let (dir, mut harness) = sample_app(Lang::En);
    let backup = dir.path().join("sample-backup-2026-11-20-120000.sqlite");
    let customers = {
        let store = harness.state().store().unwrap();
        store.backup_to(&backup).unwrap();
        store.reader().unwrap().erase_customer(CustomerId(7), None).unwrap();
        store.customer_count().unwrap()
    };
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { open: Some(backup.clone()), ..FixedDialogs::default() }));
    open_backups(&mut harness, "Backups");

    // Cancel: nothing changes, and the checked copy is gone.
    harness.get_by_label("Choose a backup file…").click();
    settle(&mut harness);
    harness.get_by_label("Restore this backup?");
    assert_eq!(harness.state().backups_tab().last_progress(), Some(1.0));
    harness.get_by_label(&(customers + 1).to_string());
    harness.get_by_label("20.11.2026 12:00");
    harness.get_by_label("The integrity check, the schema version and the hash chain are in order.");
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Restore this backup?").is_none());
    assert_eq!(harness.state().store().unwrap().customer_count().unwrap(), customers);
    assert!(!files_in(dir.path()).iter().any(|file| file.to_string_lossy().contains(".restoring-")));

    // Confirm: the backup is the register now, and the one it replaced is kept.
    harness.get_by_label("Choose a backup file…").click();
    settle(&mut harness);
    harness.get_by_label("Replace the register with the backup").click();
    settle(&mut harness);
    // The window shows the restored register from its customer list.
    assert_eq!(harness.state().tab(), Tab::Customers);
    assert_eq!(harness.state().customers_tab().match_count(), usize::try_from(customers + 1).unwrap());
    let store = harness.state().store().unwrap();
    assert_eq!(store.customer_count().unwrap(), customers + 1);
    assert!(store.customer(CustomerId(7)).is_ok(), "the erased person is back from the backup");
    assert_eq!(actions(store, AuditAction::BackupRestored).len(), 1);
    assert!(harness.query_by_label_contains("The backup was restored. The earlier register was kept as").is_some());
    let kept: Vec<PathBuf> = files_in(dir.path())
        .into_iter()
        .filter(|file| file.to_string_lossy().contains("sample.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(common::open_for_reading(&kept[0]).unwrap().customer_count().unwrap(), customers);
}

#[test]
fn a_damaged_backup_is_refused_in_the_tab_and_nothing_changes() {
    let (dir, mut harness) = sample_app(Lang::Fi);
    let backup = dir.path().join("vanha.sqlite");
    harness.state().store().unwrap().backup_to(&backup).unwrap();
    let mut bytes = std::fs::read(&backup).unwrap();
    let middle = 4096 * (bytes.len() / 4096 / 2);
    bytes[middle..middle + 4096].fill(0);
    std::fs::write(&backup, &bytes).unwrap();
    let trail = harness.state().store().unwrap().audit_count().unwrap();
    harness.state_mut().set_dialogs(Box::new(FixedDialogs { open: Some(backup), ..FixedDialogs::default() }));
    open_backups(&mut harness, "Varmuuskopiot");
    harness.get_by_label("Valitse varmuuskopiotiedosto…").click();
    settle(&mut harness);
    assert!(harness.query_by_label("Palautetaanko tämä varmuuskopio?").is_none());
    harness.get_by_label(
        "Palautus epäonnistui: Varmuuskopio on vaurioitunut eikä läpäise eheystarkistusta, joten sitä ei palauteta.",
    );
    assert_eq!(harness.state().store().unwrap().audit_count().unwrap(), trail);
}

#[test]
fn the_audit_tab_filters_by_customer_and_action() {
    let (_dir, mut harness) = sample_app(Lang::En);
    {
        let mut writer = harness.state().store().unwrap().reader().unwrap();
        for id in [3, 3, 4] {
            writer.record_customer_viewed(CustomerId(id)).unwrap();
        }
    }
    harness.get_by_label("Audit log").click();
    settle(&mut harness);
    let store = harness.state().store().unwrap();
    let everything = store.audit_count().unwrap();
    let first_page = everything.min(200);
    harness.get_by_label(&format!("Rows 1–{first_page} of {everything}"));
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Customer no.").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Customer no.").type_text("3");
    settle(&mut harness);
    let of_three = store_count(&harness, &AuditFilter { customer: Some(CustomerId(3)), ..AuditFilter::default() });
    assert!(of_three >= 2);
    harness.get_by_label(&format!("Rows 1–{of_three} of {of_three}"));
    // The action too: only the views of customer 3 (two of them here).
    harness.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Action").click();
    harness.run();
    // The popup's option is a button; the table's rows with that action are labels.
    harness.get_by_role_and_label(egui::accesskit::Role::Button, "Customer record opened").click();
    settle(&mut harness);
    let views = AuditFilter {
        customer: Some(CustomerId(3)),
        action: Some(AuditAction::CustomerViewed),
        ..AuditFilter::default()
    };
    let viewed = store_count(&harness, &views);

    assert!(viewed >= 2 && viewed < of_three, "{viewed} of {of_three}");
    harness.get_by_label(&format!("Rows 1–{viewed} of {viewed}"));
    // A date that does not parse says how to type it, and the last good filter stays shown.
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "From").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "From").type_text("31.2.");
    settle(&mut harness);
    harness.get_by_label("Type dates as d.m.yyyy and the customer number in digits.");
    harness.get_by_label("Clear filters").click();
    settle(&mut harness);
    harness.get_by_label(&format!("Rows 1–{first_page} of {everything}"));
}

fn store_count(harness: &Harness<'_, App>, filter: &AuditFilter) -> i64 {
    harness.state().store().unwrap().audit_count_matching(filter).unwrap()
}

/// Types the password into the sign-in form and signs in.
fn sign_in_with(harness: &mut Harness<'_, App>, password: &str) {
    harness.get_by_role_and_label(egui::accesskit::Role::PasswordInput, "Salasana").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::PasswordInput, "Salasana").type_text(password);
    harness.run();
    harness.get_by_label("Kirjaudu").click();
    settle(harness);
}

#[test]
fn a_register_open_elsewhere_is_named_until_it_is_free() {
    let (_dir, path) = common::temp_path("shared.sqlite");
    let holder = rekisteri::sample::create_sample_register_with_cost(&path, common::CHEAP).unwrap();
    // The window starts at the sign-in (the sample's user filled in); the right password opens
    // the key, and then the register is found open elsewhere, its holder named.
    let mut harness = common::ui::signing_in_app(&path, true, Lang::Fi);
    sign_in_with(&mut harness, rekisteri::sample::SAMPLE_PASSWORD);
    assert!(harness.state().is_gated(), "not opened while held");
    let message = harness.query_by_label_contains("Rekisteri on jo auki muualla: käyttäjällä ").unwrap();
    let text = format!("{message:?}");
    assert!(text.contains(&format!("(prosessi {})", std::process::id())), "{text}");
    sign_in_with(&mut harness, rekisteri::sample::SAMPLE_PASSWORD);
    assert!(harness.state().is_gated(), "still open elsewhere");
    assert!(harness.query_by_label_contains("Rekisteri on jo auki muualla").is_some());
    drop(holder);
    sign_in_with(&mut harness, rekisteri::sample::SAMPLE_PASSWORD);
    assert!(!harness.state().is_gated());
    assert!(harness.state().open_error().is_none());
    assert_eq!(harness.state().customers_tab().match_count(), rekisteri::sample::SAMPLE_CUSTOMERS);
}

#[test]
fn the_daily_backup_is_made_once_a_day_when_the_window_opens() {
    let (dir, path) = common::temp_path("daily.sqlite");
    let folder = dir.path().join("daily");
    {
        let mut store = rekisteri::sample::create_sample_register(&path).unwrap();
        let settings = BackupSettings { folder: Some(folder.clone()), schedule: BackupSchedule::Daily, keep: 3 };
        store.save_backup_settings(&settings).unwrap();
    }
    for opening in 0..2 {
        let harness = app_on(&path, common::open_sample(&path), Lang::En);
        assert_eq!(files_in(&folder).len(), 1, "opening {opening}: one backup a day");
        let made = actions(harness.state().store().unwrap(), AuditAction::BackupMade);
        assert_eq!(made.len(), 1, "{made:?}");
        assert!(made[0].starts_with("automatic: "), "{made:?}");
    }
}
