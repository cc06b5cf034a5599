//! The window's gate, headless: a new register's first administrator, the sign-in with a wrong
//! and a right password, the idle lock that returns the user to an unsaved edit, a read-only user
//! who cannot save (the button greyed out and the store refusing), and an administrator adding a
//! user from the Register tab.

#![allow(
    clippy::unwrap_used,
    reason = "fixture helpers outside #[test] fns: a broken fixture should fail the test loudly"
)]

use crate::common;

use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use rekisteri::domain::Lang;
use rekisteri::domain::audit::AuditAction;
use rekisteri::domain::customer::CustomerId;
use rekisteri::domain::password::PasswordCost;
use rekisteri::domain::user::{self, NewUser};
use rekisteri::sample::{SAMPLE_PASSWORD, SAMPLE_USERNAME};
use rekisteri::store::{AuditFilter, Error};
use rekisteri::ui::App;

use common::ui::{app_sized, open_customer, settle, signing_in_app};

fn type_into(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_role_and_label(Role::TextInput, label).click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
    harness.run();
}

/// Types into the password field the label names (shown as dots, its own accessibility role).
fn type_password(harness: &mut Harness<'_, App>, label: &str, text: &str) {
    harness.get_by_role_and_label(Role::PasswordInput, label).click();
    harness.run();
    harness.get_by_role_and_label(Role::PasswordInput, label).type_text(text);
    harness.run();
}

fn is_disabled(harness: &Harness<'_, App>, label: &str) -> bool {
    harness.get_by_label(label).accesskit_node().is_disabled()
}

#[test]
fn a_new_register_starts_by_creating_its_administrator() {
    let (_dir, path) = common::temp_path("uusi.sqlite");
    let mut harness = signing_in_app(&path, false, Lang::Fi);
    harness.get_by_label("Uusi rekisteri: luo pääkäyttäjä");
    type_into(&mut harness, "Käyttäjätunnus", "satu");
    type_into(&mut harness, "Nimi", "Satu Heikkilä");
    type_password(&mut harness, "Uusi salasana", "lyhyt");
    harness.get_by_label("Salasanan vahvuus: heikko");
    assert!(is_disabled(&harness, "Luo pääkäyttäjä ja avaa rekisteri"), "a weak password is not accepted");
    type_password(&mut harness, "Uusi salasana", " ja kaunis kesäpäivä");
    type_password(&mut harness, "Salasana uudelleen", "lyhyt ja kaunis kesäpäivä!");
    harness.get_by_label("Salasanat eivät ole samat.");
    assert!(is_disabled(&harness, "Luo pääkäyttäjä ja avaa rekisteri"));
    harness.get_by_role_and_label(Role::PasswordInput, "Salasana uudelleen").click();
    harness.run();
    harness.key_press(egui::Key::End);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    harness.get_by_label("Salasanan vahvuus: vahva");
    harness.get_by_label("Luo pääkäyttäjä ja avaa rekisteri").click();
    settle(&mut harness);

    assert!(!harness.state().is_gated(), "the register is open");
    let store = harness.state().store().unwrap();
    let admin = store.current_user().unwrap();
    assert_eq!((admin.username.as_str(), admin.role), ("satu", user::Role::Administrator));
    let newest = store.audit_entries(&AuditFilter::default(), 1).unwrap();
    assert_eq!(newest[0].action, AuditAction::SignIn);
    harness.get_by_label("Käyttäjä: Satu Heikkilä");
}

#[test]
fn a_wrong_password_is_refused_with_a_message_and_the_right_one_opens() {
    let (_dir, path) = common::temp_path("esimerkki.sqlite");
    drop(rekisteri::sample::create_sample_register_with_cost(&path, PasswordCost::insecure_fast_for_tests()).unwrap());
    let mut harness = signing_in_app(&path, true, Lang::Fi);
    harness.get_by_label(&format!("Esimerkkirekisteri: käyttäjätunnus {SAMPLE_USERNAME}, salasana {SAMPLE_PASSWORD}"));
    assert!(harness.query_by_label("Asiakkaat").is_none(), "nothing of the register shows before sign-in");
    type_password(&mut harness, "Salasana", "kaura-pelto-2025");
    harness.get_by_label("Kirjaudu").click();
    settle(&mut harness);
    harness.get_by_label("Väärä käyttäjätunnus tai salasana.");
    assert!(harness.state().is_gated());
    // The back-off: one second after the first failure the button is usable again.
    std::thread::sleep(Duration::from_millis(1100));
    type_password(&mut harness, "Salasana", SAMPLE_PASSWORD);
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert!(!harness.state().is_gated(), "signed in with Enter");
    harness.get_by_label("Asiakkaat");
    let store = harness.state().store().unwrap();
    let trail: Vec<_> =
        store.audit_entries(&AuditFilter::default(), 2).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(trail, [AuditAction::SignIn, AuditAction::SignInFailed]);
}

#[test]
fn the_idle_lock_covers_an_unsaved_edit_and_sign_in_returns_to_it() {
    let (_dir, mut harness) = common::ui::tall_sample_app(Lang::En);
    let name = harness.state().store().unwrap().customer(CustomerId(5)).unwrap().display_name();
    open_customer(&mut harness, "Search", &name);
    harness.get_by_label("Edit").click();
    harness.run();
    type_into(&mut harness, "Title or profession", " (kesken)");
    assert!(harness.state().customers_tab().has_unsaved_changes());

    harness.state_mut().pretend_idle_for(Duration::from_secs(15 * 60 + 1));
    harness.run();
    assert!(harness.state().is_gated(), "locked after the idle minutes");
    harness.get_by_label("The register is locked");
    assert!(harness.query_by_label("Title or profession").is_none(), "the form is covered");
    let store = harness.state().store().unwrap();
    let newest = &store.audit_entries(&AuditFilter::default(), 1).unwrap()[0];
    assert_eq!((newest.action, newest.detail.as_str()), (AuditAction::SignOut, "idle lock"));

    type_password(&mut harness, "Password", SAMPLE_PASSWORD);
    harness.get_by_label("Sign in").click();
    settle(&mut harness);
    assert!(!harness.state().is_gated());
    assert!(harness.state().customers_tab().has_unsaved_changes(), "the edit waited under the lock");
    let field = harness.get_by_role_and_label(Role::TextInput, "Title or profession");
    let typed = field.accesskit_node().value().unwrap_or_default();
    assert!(typed.ends_with(" (kesken)"), "{typed}");
    let saved = harness.state().store().unwrap().customer(CustomerId(5)).unwrap();
    assert!(!saved.title.ends_with("(kesken)"), "nothing was saved behind the user's back");
}

#[test]
fn a_read_only_user_cannot_save_and_the_store_refuses_too() {
    let (_dir, path) = common::temp_path("sample.sqlite");
    let mut store =
        rekisteri::sample::create_sample_register_with_cost(&path, PasswordCost::insecure_fast_for_tests()).unwrap();
    let reader = NewUser { username: "liisa".into(), display_name: "Liisa Lukija".into(), role: user::Role::ReadOnly };
    store.add_user(&reader, "lukija-katsoo-vain").unwrap();
    store.sign_out("").unwrap();
    store.sign_in("liisa", "lukija-katsoo-vain", rekisteri::store::now()).unwrap();
    let mut harness = app_sized(&path, Ok(store), Lang::Fi, egui::vec2(1400.0, 1500.0));
    let customer = harness.state().store().unwrap().customer(CustomerId(2)).unwrap();
    open_customer(&mut harness, "Haku", &customer.display_name());
    harness.get_by_label("Muokkaa").click();
    harness.run();
    type_into(&mut harness, "Arvo tai ammatti", " (lukija)");
    assert!(is_disabled(&harness, "Tallenna"), "Save is greyed out for a read-only user");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);

    let mut edited = customer.clone();
    edited.title.push_str(" (lukija)");
    let refused = harness.state_mut().store_mut().unwrap().update_customer(&edited);
    assert!(matches!(refused, Err(Error::NotAllowed(user::rule::READ_ONLY))), "{refused:?}");
    let stored = harness.state().store().unwrap().customer(CustomerId(2)).unwrap();
    assert_eq!(stored.title, customer.title, "nothing was saved");
}

#[test]
fn an_administrator_adds_a_user_from_the_register_tab() {
    let (_dir, mut harness) = common::ui::tall_sample_app(Lang::En);
    harness.get_by_label("Register").click();
    settle(&mut harness);
    harness.get_by_label("Users and sign-in").click();
    harness.run();
    harness.get_by_label("Add user").click();
    harness.run();
    let username_fields = harness.get_all_by_role_and_label(Role::TextInput, "Username").count();
    assert_eq!(username_fields, 1, "one form asks for a username");
    type_into(&mut harness, "Username", "pekka");
    type_into(&mut harness, "Name", "Pekka Myyjä");
    type_password(&mut harness, "New password", "myyjä-tulee-töihin");
    type_password(&mut harness, "Password again", "myyjä-tulee-töihin");
    harness.get_all_by_label("Add user").last().unwrap().click();
    settle(&mut harness);
    harness.get_by_label("User pekka added.");
    let users = harness.state().store().unwrap().users().unwrap();
    let pekka = users.iter().find(|user| user.username == "pekka").unwrap();
    assert_eq!((pekka.display_name.as_str(), pekka.role), ("Pekka Myyjä", user::Role::Staff));
}

#[test]
fn the_window_keeps_drawing_while_the_register_opens_behind_the_sign_in() {
    // The shipped password cost: unwrapping the key takes Argon2id about a third of a second.
    let (_dir, path) = common::temp_path("esimerkki.sqlite");
    drop(rekisteri::sample::create_sample_register_with_cost(&path, PasswordCost::STANDARD).unwrap());
    let mut harness = signing_in_app(&path, true, Lang::Fi);
    type_password(&mut harness, "Salasana", SAMPLE_PASSWORD);
    harness.get_by_label("Kirjaudu").click();
    harness.step();
    harness.step();
    // Had the sign-in run in the frame, the tabs would show now.
    assert!(harness.state().is_gated() && harness.state().is_busy(), "opening on a worker");
    harness.get_by_label("Kirjaudutaan…");
    settle(&mut harness);
    assert!(!harness.state().is_gated());
    harness.get_by_label("Asiakkaat");

    // Behind the lock the password is checked on the worker too, and the tabs come back.
    harness.get_by_label("Lukitse").click();
    harness.run();
    assert!(harness.state().is_gated());
    type_password(&mut harness, "Salasana", SAMPLE_PASSWORD);
    harness.get_by_label("Kirjaudu").click();
    harness.step();
    harness.step();
    assert!(harness.state().is_gated() && harness.state().is_busy(), "unlocking on a worker");
    harness.get_by_label("Kirjaudutaan…");
    settle(&mut harness);
    assert!(!harness.state().is_gated());
    assert!(harness.state().store().is_some(), "the register came back from the worker");
}
