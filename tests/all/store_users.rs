//! Users, sign-in and roles at the store layer (§8): the first administrator, right and wrong
//! passwords, the back-off after failures (on a clock the test passes in, never by sleeping),
//! user management, and each role's permissions refused by the store itself whatever asks.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use chrono::{Duration, NaiveDateTime};
use common::{ADMIN_PASSWORD, ADMIN_USERNAME, CHEAP, day, empty_register, person, temp_path};
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::password::PasswordProblem;
use rekisteri::domain::user::{NewUser, Permission, Role, UserId, rule};
use rekisteri::store::{AuditFilter, Error, Store};

const STAFF_PASSWORD: &str = "kaura-pelto-kesä";
const READER_PASSWORD: &str = "lukija-katsoo-vain";

fn at(seconds: i64) -> NaiveDateTime {
    day(2026, 11, 25).and_hms_opt(9, 0, 0).unwrap() + Duration::seconds(seconds)
}

fn new_user(username: &str, role: Role) -> NewUser {
    NewUser { username: username.into(), display_name: String::new(), role }
}

/// A register with its administrator, a staff member and a read-only user, signed in as the
/// administrator.
fn register_with_three_roles() -> (tempfile::TempDir, Store, UserId, UserId) {
    let (dir, mut store) = empty_register();
    let staff = store.add_user(&new_user("pekka", Role::Staff), STAFF_PASSWORD).unwrap();
    let reader = store.add_user(&new_user("liisa", Role::ReadOnly), READER_PASSWORD).unwrap();
    (dir, store, staff, reader)
}

fn actions(store: &Store) -> Vec<AuditAction> {
    store.audit_entries(&AuditFilter::default(), 100).unwrap().into_iter().map(|entry| entry.action).collect()
}

#[test]
fn a_new_register_is_made_with_its_first_administrator_once() {
    let (_dir, path) = temp_path("uusi.sqlite");
    assert!(Store::needs_setup(&path));
    let store = Store::create(&path, "satu", "Satu Heikkilä", ADMIN_PASSWORD, CHEAP).unwrap();
    let admin = store.current_user().unwrap();
    assert_eq!((admin.username.as_str(), admin.role), ("satu", Role::Administrator));
    assert_eq!(store.role(), Some(Role::Administrator));
    assert!(!Store::needs_setup(&path));
    assert_eq!(actions(&store)[..2], [AuditAction::SignIn, AuditAction::UserChanged]);
    drop(store);
    let again = Store::create(&path, "mallory", "", "toinen-pitkä-salasana", CHEAP);
    assert!(matches!(again, Err(Error::NotAllowed(rule::ALREADY_SET_UP))), "{again:?}");
    assert_eq!(common::open_as(&path, "satu", ADMIN_PASSWORD).unwrap().users().unwrap().len(), 1);
}

#[test]
fn the_first_administrator_needs_a_strong_password_or_nothing_is_made() {
    let (dir, path) = temp_path("uusi.sqlite");
    let short = Store::create(&path, "satu", "", "lyhyt", CHEAP);
    assert!(matches!(short, Err(Error::WeakPassword(PasswordProblem::TooShort))), "{short:?}");
    let own_name = Store::create(&path, "satu", "", "satu-satu-satu-1", CHEAP);
    assert!(matches!(own_name, Err(Error::WeakPassword(PasswordProblem::ContainsUsername))), "{own_name:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file was left behind");
}

#[test]
fn a_right_password_signs_in_and_a_wrong_one_is_refused_and_audited() {
    let (_dir, mut store, staff, _reader) = register_with_three_roles();
    store.sign_out("").unwrap();
    let wrong = store.sign_in("pekka", "kaura-pelto-talvi", at(0));
    assert!(matches!(wrong, Err(Error::WrongPassword)), "{wrong:?}");
    let unknown = store.sign_in("nobody", STAFF_PASSWORD, at(0));
    assert!(matches!(unknown, Err(Error::WrongPassword)), "an unknown user reads the same: {unknown:?}");
    assert_eq!(store.role(), None, "still signed out");
    let user = store.sign_in("Pekka ", STAFF_PASSWORD, at(5)).unwrap();
    assert_eq!(user.id, staff);
    assert_eq!(store.role(), Some(Role::Staff));
    let entries = store.audit_entries(&AuditFilter::default(), 4).unwrap();
    let trail: Vec<_> = entries.iter().map(|entry| (entry.action, entry.user_id, entry.detail.as_str())).collect();
    assert_eq!(
        trail,
        [
            (AuditAction::SignIn, staff, ""),
            (AuditAction::SignInFailed, rekisteri::store::BUILTIN_USER, "unknown username"),
            (AuditAction::SignInFailed, staff, "wrong password (1 in a row)"),
            (AuditAction::SignOut, rekisteri::store::BUILTIN_USER, ""),
        ]
    );
    assert!(entries.iter().all(|entry| !entry.detail.contains("nobody")), "a typed name is never kept");
}

#[test]
fn failed_sign_ins_back_off_one_two_four_seconds() {
    let (_dir, mut store, _staff, _reader) = register_with_three_roles();
    store.sign_out("").unwrap();
    let wrong = "kaura-pelto-talvi";
    assert!(matches!(store.sign_in("pekka", wrong, at(0)), Err(Error::WrongPassword)));
    assert_eq!(store.sign_in_wait("pekka", at(0)).unwrap(), Some(1));
    assert!(matches!(store.sign_in("pekka", wrong, at(1)), Err(Error::WrongPassword)));
    assert_eq!(store.sign_in_wait("pekka", at(1)).unwrap(), Some(2));
    assert!(matches!(store.sign_in("pekka", wrong, at(3)), Err(Error::WrongPassword)));
    // Three failures: the next attempt waits four seconds, even with the right password.
    let early = store.sign_in("pekka", STAFF_PASSWORD, at(5));
    assert!(matches!(early, Err(Error::SignInWait { seconds: 2 })), "{early:?}");
    assert_eq!(store.role(), None);
    store.sign_in("pekka", STAFF_PASSWORD, at(7)).unwrap();
    assert_eq!(store.sign_in_wait("pekka", at(7)).unwrap(), None, "a sign-in forgets the failures");
    // Other users are not held up by pekka's failures.
    assert_eq!(store.sign_in_wait(ADMIN_USERNAME, at(3)).unwrap(), None);
    let failed = AuditFilter { action: Some(AuditAction::SignInFailed), ..AuditFilter::default() };
    let details: Vec<String> =
        store.audit_entries(&failed, 10).unwrap().into_iter().map(|entry| entry.detail).collect();
    assert_eq!(
        details,
        [
            "attempt during back-off",
            "wrong password (3 in a row)",
            "wrong password (2 in a row)",
            "wrong password (1 in a row)"
        ]
    );
}

#[test]
fn a_read_only_user_reads_and_leaves_a_trail_but_changes_nothing() {
    let (_dir, mut store, _staff, reader) = register_with_three_roles();
    let customer = store.add_customer(&person("Aino", "Virtanen", "aino@example.fi", "")).unwrap();
    store.sign_out("").unwrap();
    store.sign_in("liisa", READER_PASSWORD, at(0)).unwrap();
    let audit_rows = store.audit_count().unwrap();

    assert_eq!(store.customer(customer).unwrap().first_name, "Aino", "reading is allowed");
    store.record_customer_viewed(customer).unwrap();
    store.record_audit_viewed().unwrap();
    let mut edited = store.customer(customer).unwrap();
    edited.first_name = "Aino Maria".into();
    let refusals = [
        store.add_customer(&person("Eero", "Mäkelä", "", "")).map(|_| ()),
        store.update_customer(&edited),
        store.record_export(1, "asiakkaat.csv", "00"),
        store.record_person_exported(customer, "00"),
        store.save_register_info(&store.register_info().unwrap()),
        store.set_idle_lock_minutes(5),
        store.erase_customer(customer, None).map(|_| ()),
        store.add_user(&new_user("mallory", Role::Administrator), "pahantekijä-pääsee-sisään").map(|_| ()),
        store.set_user_role(reader, Role::Administrator),
    ];
    for refused in refusals {
        assert!(matches!(refused, Err(Error::NotAllowed(rule::READ_ONLY))), "{refused:?}");
    }
    assert_eq!(store.customer_count().unwrap(), 1);
    assert_eq!(store.audit_count().unwrap(), audit_rows + 2, "only the two views were written");
    assert_eq!(store.role(), Some(Role::ReadOnly));
    assert!(!store.may(Permission::EditRecords));
    store.change_own_password(READER_PASSWORD, "uusi-lukijan-salasana").unwrap();
}

#[test]
fn staff_edit_records_but_not_settings_users_or_erasure() {
    let (_dir, mut store, staff, _reader) = register_with_three_roles();
    store.sign_out("").unwrap();
    store.sign_in("pekka", STAFF_PASSWORD, at(0)).unwrap();
    let customer = store.add_customer(&person("Aino", "Virtanen", "aino@example.fi", "")).unwrap();
    let mut record = store.customer(customer).unwrap();
    record.first_name = "Aino Maria".into();
    store.update_customer(&record).unwrap();
    store.record_export(1, "asiakkaat.csv", "00").unwrap();
    let info = store.register_info().unwrap();
    let refusals = [
        store.save_register_info(&info),
        store.set_idle_lock_minutes(5),
        store.erase_customer(customer, None).map(|_| ()),
        store.add_user(&new_user("mallory", Role::Staff), "pahantekijä-pääsee-sisään").map(|_| ()),
        store.set_user_role(staff, Role::Administrator),
        store.reset_password(UserId(1), "kaappaan-pääkäyttäjän-tilin"),
        store.disable_user(UserId(1)),
    ];
    for refused in refusals {
        assert!(matches!(refused, Err(Error::NotAllowed(rule::ADMINISTRATORS_ONLY))), "{refused:?}");
    }
    assert_eq!(store.customer(customer).unwrap().first_name, "Aino Maria", "the erasure was rolled back");
    assert_eq!(store.idle_lock_minutes().unwrap(), 15);
    assert_eq!(store.users().unwrap().len(), 3);
}

#[test]
fn an_administrator_manages_users_and_settings() {
    let (_dir, mut store, staff, reader) = register_with_three_roles();
    store.set_idle_lock_minutes(5).unwrap();
    assert_eq!(store.idle_lock_minutes().unwrap(), 5);
    store.set_user_role(reader, Role::Staff).unwrap();
    store.reset_password(staff, "pekan-uusi-salasana").unwrap();
    store.disable_user(reader).unwrap();
    let customer = store.add_customer(&person("Aino", "Virtanen", "aino@example.fi", "")).unwrap();
    store.erase_customer(customer, None).unwrap();

    store.sign_out("").unwrap();
    assert!(matches!(store.sign_in("pekka", STAFF_PASSWORD, at(0)), Err(Error::WrongPassword)), "old password");
    store.sign_in("pekka", "pekan-uusi-salasana", at(10)).unwrap();
    store.sign_out("").unwrap();
    // A disabled user's password is gone: not even the right one lets them in.
    assert!(matches!(store.sign_in("liisa", READER_PASSWORD, at(20)), Err(Error::WrongPassword)));
    store.sign_in(ADMIN_USERNAME, ADMIN_PASSWORD, at(30)).unwrap();
    store.enable_user(reader, "lukijan-uusi-salasana").unwrap();
    store.sign_out("").unwrap();
    let liisa = store.sign_in("liisa", "lukijan-uusi-salasana", at(40)).unwrap();
    assert_eq!(liisa.role, Role::Staff);
    assert!(!liisa.disabled);
}

#[test]
fn the_last_administrator_cannot_be_demoted_or_disabled() {
    let (_dir, mut store, staff, _reader) = register_with_three_roles();
    let admin = store.current_user().unwrap().id;
    for refused in [store.set_user_role(admin, Role::Staff), store.disable_user(admin)] {
        assert!(matches!(refused, Err(Error::NotAllowed(rule::LAST_ADMINISTRATOR))), "{refused:?}");
    }
    store.set_user_role(staff, Role::Administrator).unwrap();
    store.set_user_role(admin, Role::Staff).unwrap();
    assert_eq!(store.role(), Some(Role::Staff), "the change applies to the signed-in user at once");
}

#[test]
fn usernames_are_unique_whatever_their_case_and_passwords_are_checked() {
    let (_dir, mut store, _staff, _reader) = register_with_three_roles();
    let taken = store.add_user(&new_user("PEKKA", Role::Staff), "toinen-samanniminen");
    assert!(matches!(taken, Err(Error::NotAllowed(rule::USERNAME_TAKEN))), "{taken:?}");
    let common = store.add_user(&new_user("ville", Role::Staff), "Salasana123456");
    assert!(matches!(common, Err(Error::WeakPassword(PasswordProblem::Common))), "{common:?}");
    let spaced = store.add_user(&new_user("ville v", Role::Staff), "villen-oma-salasana");
    assert!(matches!(spaced, Err(Error::NotAllowed(rule::USERNAME_FORM))), "{spaced:?}");
}

#[test]
fn a_disabled_user_is_enabled_with_a_new_password_rather_than_reset() {
    let (_dir, mut store, _staff, reader) = register_with_three_roles();
    store.disable_user(reader).unwrap();
    let reset = store.reset_password(reader, "lukijan-kolmas-salasana");
    assert!(matches!(reset, Err(Error::NotAllowed(rule::DISABLED_USER))), "{reset:?}");
    store.enable_user(reader, "lukijan-kolmas-salasana").unwrap();
    store.sign_out("").unwrap();
    store.sign_in("liisa", "lukijan-kolmas-salasana", at(0)).unwrap();
}

#[test]
fn a_signed_out_store_writes_nothing_but_a_sign_in() {
    let (_dir, mut store) = empty_register();
    store.sign_out("idle lock").unwrap();
    let refused = store.add_customer(&person("Aino", "Virtanen", "", ""));
    assert!(matches!(refused, Err(Error::NotAllowed(rule::NOT_SIGNED_IN))), "{refused:?}");
    assert_eq!(actions(&store)[0], AuditAction::SignOut);
    store.sign_in(ADMIN_USERNAME, ADMIN_PASSWORD, at(0)).unwrap();
    store.add_customer(&person("Aino", "Virtanen", "", "")).unwrap();
}

#[test]
fn changing_ones_own_password_needs_the_current_one() {
    let (_dir, mut store) = empty_register();
    let wrong = store.change_own_password("ei-tämä-ole-oikea", "aivan-uusi-salasana");
    assert!(matches!(wrong, Err(Error::WrongPassword)), "{wrong:?}");
    store.change_own_password(ADMIN_PASSWORD, "aivan-uusi-salasana").unwrap();
    store.sign_out("").unwrap();
    assert!(store.sign_in(ADMIN_USERNAME, ADMIN_PASSWORD, at(0)).is_err());
    store.sign_in(ADMIN_USERNAME, "aivan-uusi-salasana", at(10)).unwrap();
    assert_eq!(actions(&store)[..3], [AuditAction::SignIn, AuditAction::SignInFailed, AuditAction::SignOut]);
}
