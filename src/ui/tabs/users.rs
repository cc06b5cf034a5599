//! The Register tab's "Users and sign-in" section: who may use the register and in which role;
//! for administrators, adding a user, changing a role, setting a new password, disabling and
//! enabling, and the idle lock's minutes; for everyone, changing their own password. The store
//! refuses what a role may not do whatever this screen shows; the buttons only say it first.

use crate::domain::user::{IDLE_LOCK_MINUTES_RANGE, NewUser, Permission, Role, User, UserId};
use crate::i18n::{self, Label as _, T};
use crate::store::{self, Store};
use crate::ui::app::AppCtx;
use crate::ui::sign_in::PasswordPair;
use crate::ui::widgets;

/// What the section shows.
struct Loaded {
    users: Vec<User>,
    me: UserId,
    idle_minutes: u32,
}

impl Loaded {
    fn load(store: &Store) -> store::Result<Self> {
        Ok(Self { users: store.users()?, me: store.current_user()?.id, idle_minutes: store.idle_lock_minutes()? })
    }
}

/// A user being added, as typed.
struct NewUserDraft {
    username: String,
    display_name: String,
    role: Role,
    passwords: PasswordPair,
}

impl Default for NewUserDraft {
    fn default() -> Self {
        Self {
            username: String::new(),
            display_name: String::new(),
            role: Role::Staff,
            passwords: PasswordPair::default(),
        }
    }
}

/// A new password for someone else: a reset, or enabling a disabled user.
struct PasswordFor {
    user: User,
    passwords: PasswordPair,
}

/// The signed-in user's own password change.
#[derive(Default)]
struct OwnPassword {
    current: String,
    passwords: PasswordPair,
}

#[derive(Default)]
pub struct UsersSection {
    loaded: Option<Result<Loaded, store::Error>>,
    new_user: NewUserDraft,
    password_for: Option<PasswordFor>,
    own: OwnPassword,
}

/// What the section was asked to do in this frame.
enum UserAction {
    SetRole(UserId, Role),
    Disable(UserId),
    AskPassword(User),
    SetPassword,
    Add,
    SaveIdleMinutes,
    ChangeOwnPassword,
}

impl UsersSection {
    pub fn reload(&mut self) {
        self.loaded = None;
    }

    /// The section, folded under its heading until opened (it is not needed every day).
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let heading = egui::RichText::new(i18n::tr(ctx.lang, T::UsersHeading)).strong().size(18.0);
        egui::CollapsingHeader::new(heading).id_salt("users_section").show(ui, |ui| self.section_ui(ui, ctx));
    }

    fn section_ui(&mut self, ui: &mut egui::Ui, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        ui.label(egui::RichText::new(i18n::tr(lang, T::RolesExplained)).small().weak());
        let administrator = ctx.store.may(Permission::Administer);
        let Self { loaded, new_user, password_for, own } = self;
        let loaded = match loaded.get_or_insert_with(|| Loaded::load(ctx.store)) {
            Ok(loaded) => loaded,
            Err(error) => return widgets::load_error(ui, lang, &i18n::store_error(lang, error)),
        };
        let mut action = users_grid_ui(ui, ctx, loaded, administrator);
        if administrator {
            egui::CollapsingHeader::new(i18n::tr(lang, T::AddUser)).id_salt("add_user").show(ui, |ui| {
                if new_user_ui(ui, ctx, new_user) {
                    action = Some(UserAction::Add);
                }
            });
        } else {
            ui.label(egui::RichText::new(i18n::tr(lang, T::UsersAdminOnly)).small().weak());
        }
        ui.horizontal(|ui| {
            let label = ui.label(i18n::tr(lang, T::IdleLockLabel));
            ui.add_enabled(
                administrator,
                egui::DragValue::new(&mut loaded.idle_minutes).range(IDLE_LOCK_MINUTES_RANGE),
            )
            .labelled_by(label.id);
            if ui.add_enabled(administrator, egui::Button::new(i18n::tr(lang, T::Save))).clicked() {
                action = Some(UserAction::SaveIdleMinutes);
            }
        });
        egui::CollapsingHeader::new(i18n::tr(lang, T::ChangeOwnPassword)).id_salt("own_password").show(ui, |ui| {
            egui::Grid::new("own_current").num_columns(2).show(ui, |ui| {
                let label = ui.label(i18n::tr(lang, T::CurrentPassword));
                ui.add(egui::TextEdit::singleline(&mut own.current).password(true).desired_width(240.0))
                    .labelled_by(label.id);
                ui.end_row();
            });
            let username =
                loaded.users.iter().find(|user| user.id == loaded.me).map_or("", |user| user.username.as_str());
            let ready = own.passwords.ui(ui, lang, username, "own_new_password") && !own.current.is_empty();
            if ui.add_enabled(ready, egui::Button::new(i18n::tr(lang, T::ChangeOwnPassword))).clicked() {
                action = Some(UserAction::ChangeOwnPassword);
            }
        });
        if password_modal_ui(ui, lang, password_for) {
            action = Some(UserAction::SetPassword);
        }
        if let Some(action) = action {
            self.apply(action, ctx);
        }
    }

    fn apply(&mut self, action: UserAction, ctx: &mut AppCtx<'_>) {
        let lang = ctx.lang;
        let name_of = |id: UserId, loaded: &Option<Result<Loaded, store::Error>>| {
            loaded
                .as_ref()
                .and_then(|loaded| loaded.as_ref().ok())
                .and_then(|loaded| loaded.users.iter().find(|user| user.id == id))
                .map_or_else(String::new, |user| user.username.clone())
        };
        let outcome = match action {
            UserAction::SetRole(id, role) => ctx
                .store
                .set_user_role(id, role)
                .map(|()| i18n::trf(lang, T::RoleChanged, &[&name_of(id, &self.loaded), &role.label(lang)])),
            UserAction::Disable(id) => ctx
                .store
                .disable_user(id)
                .map(|()| i18n::trf(lang, T::UserDisabledMessage, &[&name_of(id, &self.loaded)])),
            UserAction::AskPassword(user) => {
                self.password_for = Some(PasswordFor { user, passwords: PasswordPair::default() });
                return;
            }
            UserAction::SetPassword => {
                let Some(mut target) = self.password_for.take() else { return };
                let password = target.passwords.take();
                let user = &target.user;
                let result = if user.disabled {
                    ctx.store
                        .enable_user(user.id, &password)
                        .map(|()| i18n::trf(lang, T::UserEnabled, &[&user.username]))
                } else {
                    ctx.store
                        .reset_password(user.id, &password)
                        .map(|()| i18n::trf(lang, T::PasswordSet, &[&user.username]))
                };
                if result.is_err() {
                    self.password_for = Some(target);
                }
                result
            }
            UserAction::Add => {
                let draft = &mut self.new_user;
                let new = NewUser {
                    username: draft.username.trim().to_owned(),
                    display_name: draft.display_name.trim().to_owned(),
                    role: draft.role,
                };
                let password = draft.passwords.take();
                let result =
                    ctx.store.add_user(&new, &password).map(|_| i18n::trf(lang, T::UserAdded, &[&new.username]));
                if result.is_ok() {
                    self.new_user = NewUserDraft::default();
                }
                result
            }
            UserAction::SaveIdleMinutes => {
                let Some(Ok(loaded)) = &self.loaded else { return };
                let minutes = loaded.idle_minutes;
                ctx.store.set_idle_lock_minutes(minutes).map(|()| i18n::trf(lang, T::IdleLockSaved, &[&minutes]))
            }
            UserAction::ChangeOwnPassword => {
                let current = std::mem::take(&mut self.own.current);
                let new = self.own.passwords.take();
                ctx.store.change_own_password(&current, &new).map(|()| i18n::tr(lang, T::OwnPasswordChanged).to_owned())
            }
        };
        ctx.message = Some(outcome.unwrap_or_else(|error| i18n::store_error(lang, &error)));
        self.loaded = None;
    }
}

/// The users, one a row: username, name, role (a choice for administrators), status, buttons.
fn users_grid_ui(ui: &mut egui::Ui, ctx: &AppCtx<'_>, loaded: &Loaded, administrator: bool) -> Option<UserAction> {
    let lang = ctx.lang;
    let mut action = None;
    egui::Grid::new("users").num_columns(5).striped(true).show(ui, |ui| {
        for heading in [T::FieldUsername, T::ColName, T::ColRole, T::ColStatus] {
            ui.label(egui::RichText::new(i18n::tr(lang, heading)).strong());
        }
        ui.end_row();
        for user in &loaded.users {
            let name = ui.label(&user.username);
            ui.label(&user.display_name);
            if administrator {
                let mut role = user.role;
                egui::ComboBox::from_id_salt(("user_role", user.id.0))
                    .selected_text(user.role.label(lang))
                    .show_ui(ui, |ui| {
                        for choice in Role::ALL {
                            ui.selectable_value(&mut role, *choice, choice.label(lang));
                        }
                    })
                    .response
                    .labelled_by(name.id);
                if role != user.role {
                    action = Some(UserAction::SetRole(user.id, role));
                }
            } else {
                ui.label(user.role.label(lang));
            }
            ui.label(i18n::tr(lang, if user.disabled { T::UserStatusDisabled } else { T::UserStatusActive }));
            ui.horizontal(|ui| {
                if !administrator {
                    return;
                }
                let set_password = if user.disabled { T::EnableUser } else { T::ResetPassword };
                if ui.button(i18n::tr(lang, set_password)).on_hover_text(&user.username).clicked() {
                    action = Some(UserAction::AskPassword(user.clone()));
                }
                if !user.disabled
                    && user.id != loaded.me
                    && ui.button(i18n::tr(lang, T::DisableUser)).on_hover_text(&user.username).clicked()
                {
                    action = Some(UserAction::Disable(user.id));
                }
            });
            ui.end_row();
        }
    });
    action
}

/// The new user's fields; true when "Add user" was clicked on an acceptable entry.
fn new_user_ui(ui: &mut egui::Ui, ctx: &AppCtx<'_>, draft: &mut NewUserDraft) -> bool {
    let lang = ctx.lang;
    egui::Grid::new("new_user").num_columns(2).show(ui, |ui| {
        let label = ui.label(i18n::tr(lang, T::FieldUsername));
        ui.add(egui::TextEdit::singleline(&mut draft.username).desired_width(240.0)).labelled_by(label.id);
        ui.end_row();
        let label = ui.label(i18n::tr(lang, T::ColName));
        ui.add(egui::TextEdit::singleline(&mut draft.display_name).desired_width(240.0)).labelled_by(label.id);
        ui.end_row();
        let label = ui.label(i18n::tr(lang, T::ColRole));
        egui::ComboBox::from_id_salt("new_user_role")
            .selected_text(draft.role.label(lang))
            .show_ui(ui, |ui| {
                for role in Role::ALL {
                    ui.selectable_value(&mut draft.role, *role, role.label(lang));
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
    });
    let username = draft.username.trim().to_owned();
    let acceptable =
        draft.passwords.ui(ui, lang, &username, "new_user_password") && crate::domain::user::valid_username(&username);
    ui.add_enabled(acceptable, egui::Button::new(i18n::tr(lang, T::AddUser))).clicked()
}

/// The new password for a reset or an enabling, in a modal; true when it was confirmed.
fn password_modal_ui(ui: &mut egui::Ui, lang: crate::domain::Lang, open: &mut Option<PasswordFor>) -> bool {
    let Some(target) = open else { return false };
    let mut confirmed = false;
    let mut cancelled = false;
    egui::Modal::new(egui::Id::unique("user_password")).show(ui.ctx(), |ui| {
        ui.heading(i18n::trf(lang, T::SetPasswordFor, &[&target.user.username]));
        let acceptable = target.passwords.ui(ui, lang, &target.user.username, "user_password_pair");
        ui.horizontal(|ui| {
            confirmed = ui.add_enabled(acceptable, egui::Button::new(i18n::tr(lang, T::SetPassword))).clicked();
            cancelled = ui.button(i18n::tr(lang, T::Cancel)).clicked();
        });
    });
    if cancelled {
        *open = None;
    }
    confirmed && !cancelled
}
