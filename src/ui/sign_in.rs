//! The screens in front of the register: a new register's first administrator, the sign-in, and
//! the lock screen after idle minutes (or the Lock button). The lock screen is drawn instead of
//! the tabs without touching them, so that after signing in again the user is where they left
//! off, unsaved edits included. Also the password pair with its strength meter, which the user
//! management section shares.
//!
//! These screens only collect what was typed; the app shell does the signing in (it owns the
//! register) and hands the outcome back with [`SignInForm::refused`].

use std::time::{Duration, Instant};

use crate::domain::Lang;
use crate::domain::password::{self, Strength};
use crate::i18n::{self, T};
use crate::store;
use crate::ui::theme;

/// What stands in front of the tabs.
pub(super) enum Gate {
    /// A new register (or one nobody has a password for yet): its first administrator.
    FirstAdministrator(FirstAdministratorForm),
    /// Signing in to open the register.
    SignIn(SignInForm),
    /// The register is open underneath, its tabs as they were; signing in uncovers them.
    Locked { form: SignInForm, idle_minutes: Option<u32>, locked_user: String },
}

/// What the user asked of the gate in this frame.
pub(super) enum GateRequest {
    None,
    SignIn { username: String, password: String },
    CreateAdministrator { username: String, display_name: String, password: String },
}

impl Gate {
    pub(super) fn sign_in(username: &str) -> Self {
        Gate::SignIn(SignInForm::for_user(username))
    }

    /// The lock screen for `username`; `idle_minutes` when the idle lock closed it.
    pub(super) fn locked(username: &str, idle_minutes: Option<u32>) -> Self {
        Gate::Locked { form: SignInForm::for_user(username), idle_minutes, locked_user: username.to_owned() }
    }

    /// The sign-in form, for the shell to report a refusal on.
    pub(super) fn form_mut(&mut self) -> Option<&mut SignInForm> {
        match self {
            Gate::FirstAdministrator(_) => None,
            Gate::SignIn(form) | Gate::Locked { form, .. } => Some(form),
        }
    }

    /// The screen, centred; `sample_hint` is the sample register's credentials when it is open.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, sample_hint: Option<(&str, &str)>) -> GateRequest {
        let mut request = GateRequest::None;
        ui.vertical_centered(|ui| {
            ui.set_max_width(460.0);
            ui.add_space(48.0);
            request = match self {
                Gate::FirstAdministrator(form) => form.ui(ui, lang),
                Gate::SignIn(form) => {
                    ui.heading(i18n::tr(lang, T::SignInTitle));
                    if let Some((username, password)) = sample_hint {
                        ui.label(i18n::trf(lang, T::SampleCredentials, &[&username, &password]));
                    }
                    form.ui(ui, lang)
                }
                Gate::Locked { form, idle_minutes, locked_user } => {
                    ui.heading(i18n::tr(lang, T::LockedTitle));
                    ui.label(match idle_minutes {
                        Some(minutes) => i18n::trf(lang, T::LockedIdleText, &[minutes]),
                        None => i18n::tr(lang, T::LockedText).to_owned(),
                    });
                    if !form.username.trim().eq_ignore_ascii_case(locked_user) {
                        ui.colored_label(theme::warning(ui), i18n::trf(lang, T::OtherUserDiscards, &[locked_user]));
                    }
                    form.ui(ui, lang)
                }
            };
        });
        request
    }
}

/// Username and password, with the last refusal and the back-off countdown.
#[derive(Default)]
pub(super) struct SignInForm {
    username: String,
    password: String,
    error: Option<String>,
    /// After failed attempts the next is accepted only from then (the store's back-off).
    wait_until: Option<Instant>,
    /// The cursor was put in the first empty field (once: then the user moves it).
    focused: bool,
}

impl SignInForm {
    fn for_user(username: &str) -> Self {
        Self { username: username.to_owned(), ..Self::default() }
    }

    /// Shows why the last attempt was refused; the password is cleared for the next one.
    pub(super) fn refused(&mut self, lang: Lang, error: &store::Error) {
        self.password.clear();
        self.error = Some(i18n::store_error(lang, error));
        if let store::Error::SignInWait { seconds } = error {
            let wait = Duration::from_secs(u64::try_from(*seconds).unwrap_or(0));
            self.wait_until = Some(Instant::now() + wait);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> GateRequest {
        let mut submitted = false;
        egui::Grid::new("sign_in").num_columns(2).show(ui, |ui| {
            let label = ui.label(i18n::tr(lang, T::FieldUsername));
            let username =
                ui.add(egui::TextEdit::singleline(&mut self.username).desired_width(240.0)).labelled_by(label.id);
            ui.end_row();
            let label = ui.label(i18n::tr(lang, T::PasswordLabel));
            let password = ui
                .add(egui::TextEdit::singleline(&mut self.password).password(true).desired_width(240.0))
                .labelled_by(label.id);
            ui.end_row();
            if !self.focused {
                self.focused = true;
                if self.username.is_empty() { username.request_focus() } else { password.request_focus() }
            }
            submitted = password.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        });
        let remaining = self.wait_until.map(|until| until.saturating_duration_since(Instant::now()));
        let waiting = remaining.is_some_and(|left| !left.is_zero());
        if let Some(left) = remaining.filter(|_| waiting) {
            ui.colored_label(theme::warning(ui), i18n::trf(lang, T::WaitSeconds, &[&left.as_secs().max(1)]));
            ui.ctx().request_repaint_after(Duration::from_millis(250));
        } else if let Some(error) = &self.error {
            ui.colored_label(theme::overdue(ui), error);
        }
        let ready = !waiting && !self.username.trim().is_empty() && !self.password.is_empty();
        let button =
            ui.add_enabled(ready, egui::Button::new(egui::RichText::new(i18n::tr(lang, T::SignInButton)).strong()));
        if ready && (button.clicked() || submitted) {
            return GateRequest::SignIn {
                username: self.username.trim().to_owned(),
                password: std::mem::take(&mut self.password),
            };
        }
        GateRequest::None
    }
}

/// A new register's first administrator, as typed.
#[derive(Default)]
pub(super) struct FirstAdministratorForm {
    username: String,
    display_name: String,
    passwords: PasswordPair,
    error: Option<String>,
}

impl FirstAdministratorForm {
    /// Shows why the register could not be set up.
    pub(super) fn refused(&mut self, lang: Lang, error: &store::Error) {
        self.error = Some(i18n::store_error(lang, error));
    }

    fn ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> GateRequest {
        ui.heading(i18n::tr(lang, T::FirstAdministratorTitle));
        ui.label(i18n::tr(lang, T::FirstAdministratorText));
        ui.add_space(8.0);
        egui::Grid::new("first_administrator").num_columns(2).show(ui, |ui| {
            let label = ui.label(i18n::tr(lang, T::FieldUsername));
            ui.add(egui::TextEdit::singleline(&mut self.username).desired_width(240.0)).labelled_by(label.id);
            ui.end_row();
            let label = ui.label(i18n::tr(lang, T::ColName));
            ui.add(egui::TextEdit::singleline(&mut self.display_name).desired_width(240.0)).labelled_by(label.id);
            ui.end_row();
        });
        let ready = self.passwords.ui(ui, lang, &self.username, "first_administrator_password");
        if let Some(error) = &self.error {
            ui.colored_label(theme::overdue(ui), error);
        }
        let ready = ready && crate::domain::user::valid_username(self.username.trim());
        let create = egui::Button::new(egui::RichText::new(i18n::tr(lang, T::CreateAdministrator)).strong());
        if ui.add_enabled(ready, create).clicked() {
            return GateRequest::CreateAdministrator {
                username: self.username.trim().to_owned(),
                display_name: self.display_name.trim().to_owned(),
                password: self.passwords.take(),
            };
        }
        GateRequest::None
    }
}

/// A new password typed twice, with the strength meter and the rule it must pass.
#[derive(Default)]
pub(super) struct PasswordPair {
    password: String,
    again: String,
}

impl PasswordPair {
    /// The two fields, the meter and what is wrong; true when the password is acceptable.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, lang: Lang, username: &str, id: &str) -> bool {
        egui::Grid::new(id).num_columns(2).show(ui, |ui| {
            let label = ui.label(i18n::tr(lang, T::NewPasswordLabel));
            ui.add(egui::TextEdit::singleline(&mut self.password).password(true).desired_width(240.0))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(i18n::tr(lang, T::PasswordAgainLabel));
            ui.add(egui::TextEdit::singleline(&mut self.again).password(true).desired_width(240.0))
                .labelled_by(label.id);
            ui.end_row();
        });
        strength_meter(ui, lang, &self.password, username);
        let checked = password::check_strength(&self.password, username);
        match checked {
            _ if self.password.is_empty() => {
                ui.label(egui::RichText::new(i18n::tr(lang, T::PasswordRule)).small().weak());
            }
            Err(problem) => {
                ui.label(egui::RichText::new(i18n::password_problem(lang, problem)).small());
            }
            Ok(()) => {}
        }
        let same = self.password == self.again;
        if !same && !self.again.is_empty() {
            ui.colored_label(theme::overdue(ui), i18n::tr(lang, T::PasswordsDiffer));
        }
        checked.is_ok() && same
    }

    /// The password, clearing both fields.
    pub(super) fn take(&mut self) -> String {
        self.again.clear();
        std::mem::take(&mut self.password)
    }
}

/// The meter: a bar filled by the password's strength, with its name.
fn strength_meter(ui: &mut egui::Ui, lang: Lang, password: &str, username: &str) {
    let strength = password::strength(password, username);
    let (name, colour) = match strength {
        Strength::Weak => (T::StrengthWeak, theme::overdue(ui)),
        Strength::Fair => (T::StrengthFair, theme::warning(ui)),
        Strength::Good | Strength::Strong => {
            (if strength == Strength::Good { T::StrengthGood } else { T::StrengthStrong }, theme::good(ui))
        }
    };
    let fill = if password.is_empty() { 0.0 } else { strength.fraction() };
    let text = i18n::trf(lang, T::PasswordStrength, &[&i18n::tr(lang, name)]);
    ui.add(egui::ProgressBar::new(fill).fill(colour).desired_width(320.0).text(text));
}
