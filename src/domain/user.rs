//! The people who use the register (§8: only named employees whose work needs it, each with their
//! own username and password), what each role may do, and how long a sign-in waits after failed
//! attempts. Password rules and hashing are in [`super::password`]; the store enforces all of it.
//!
//! # Who may do what
//!
//! Every change to the register is one write with one audit action (see `store::Store::write`),
//! so the audit action is also what a write is allowed by: [`Permission::needed_for`] sorts every
//! [`AuditAction`] into one of three permissions, and [`Role::may`] says which role holds which.
//!
//! | Permission | What it covers | Administrator | Staff | Read-only |
//! |---|---|:-:|:-:|:-:|
//! | [`Permission::RecordOwnActivity`] | their own sign-in, sign-out and failed sign-ins; opening a record; viewing the audit trail; printing the privacy notice (no personal data); changing their own password | ✓ | ✓ | ✓ |
//! | [`Permission::EditRecords`] | customers, consents, objections, requests and replies, imports, exports and marketing lists, a person's portable data, backups | ✓ | ✓ | – |
//! | [`Permission::Administer`] | the register description and settings (purposes, retention rules, signature, idle lock), users and roles, erasing a person, applying retention, the review sign-off, restoring a backup, creating a register | ✓ | – | – |
//!
//! Everyone may read everything in the register: a read-only user is for someone who answers
//! questions about customers but must not change or take out data.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::audit::AuditAction;
use super::coded_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(pub i64);

coded_enum! {
    pub enum Role {
        Administrator = "administrator",
        Staff = "staff",
        ReadOnly = "read_only",
    }
}

/// What a write needs its user's role to allow (see the module's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// The trail of what a user did and saw themselves: written for every role.
    RecordOwnActivity,
    /// Changing the register's records, and taking data out of it.
    EditRecords,
    /// Settings, users, erasure and retention: the controller's decisions.
    Administer,
}

impl Permission {
    /// The permission a write recorded as `action` needs. Exhaustive on purpose: a new audit
    /// action does not compile until someone decides who may do it.
    pub fn needed_for(action: AuditAction) -> Permission {
        use AuditAction as A;
        match action {
            A::SignIn
            | A::SignOut
            | A::SignInFailed
            | A::PasswordChanged
            | A::CustomerViewed
            | A::AuditViewed
            | A::NoticeGenerated => Permission::RecordOwnActivity,
            A::CustomerCreated
            | A::CustomerUpdated
            | A::CustomersMerged
            | A::CustomersImported
            | A::CustomersExported
            | A::ConsentRecorded
            | A::ObjectionRecorded
            | A::MarketingListExported
            | A::RequestRegistered
            | A::RequestUpdated
            | A::ReplyPrinted
            | A::PersonExported
            | A::BackupMade => Permission::EditRecords,
            A::RegisterCreated
            | A::SampleCreated
            | A::CustomerErased
            | A::RetentionApplied
            | A::ReviewSignedOff
            | A::SettingsChanged
            | A::UserChanged
            | A::BackupRestored => Permission::Administer,
        }
    }
}

impl Role {
    /// Whether this role holds `permission` (the module's table).
    pub fn may(self, permission: Permission) -> bool {
        match permission {
            Permission::RecordOwnActivity => true,
            Permission::EditRecords => matches!(self, Role::Administrator | Role::Staff),
            Permission::Administer => self == Role::Administrator,
        }
    }

    /// Whether this role may make a write recorded as `action`.
    pub fn may_record(self, action: AuditAction) -> bool {
        self.may(Permission::needed_for(action))
    }

    /// Whether this role may change the register's data (customers, consents, requests).
    pub fn may_edit(self) -> bool {
        self.may(Permission::EditRecords)
    }

    /// Whether this role may change settings, users, retention rules and run erasures.
    pub fn may_administer(self) -> bool {
        self.may(Permission::Administer)
    }

    /// The rule a refused write of this role broke (for `store::Error::NotAllowed`).
    pub fn refusal(self) -> &'static str {
        match self {
            Role::ReadOnly => rule::READ_ONLY,
            Role::Staff | Role::Administrator => rule::ADMINISTRATORS_ONLY,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
}

/// A new user as an administrator enters them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

/// The rules the store refuses a user change or a write by (`store::Error::NotAllowed`); the
/// Finnish of each is in `i18n`.
pub mod rule {
    pub const READ_ONLY: &str = "a read-only user cannot change the register";
    pub const ADMINISTRATORS_ONLY: &str = "only an administrator may do this";
    pub const NOT_SIGNED_IN: &str = "nobody is signed in";
    pub const LAST_ADMINISTRATOR: &str = "the register must keep at least one administrator who can sign in";
    pub const ALREADY_SET_UP: &str = "the register already has its first administrator";
    pub const USERNAME_TAKEN: &str = "the username is already in use";
    pub const USERNAME_FORM: &str = "a username is 2–32 letters, digits, dots, hyphens or underscores";
    pub const UNRECORDED: &str = "every change records its audit row";
    pub const DISABLED_USER: &str = "the user is disabled: enable them with a new password instead";
    pub const ALL: &[&str] = &[
        READ_ONLY,
        ADMINISTRATORS_ONLY,
        NOT_SIGNED_IN,
        LAST_ADMINISTRATOR,
        ALREADY_SET_UP,
        USERNAME_TAKEN,
        USERNAME_FORM,
        UNRECORDED,
        DISABLED_USER,
    ];
}

/// Whether `username` is a valid username: 2–32 letters (ä, ö, å too), digits, `.`, `-` or `_`.
pub fn valid_username(username: &str) -> bool {
    let length = username.chars().count();
    (2..=32).contains(&length) && username.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// The longest wait between sign-in attempts, however many have failed.
pub const SIGN_IN_WAIT_CAP_SECS: i64 = 300;

/// How long after the last of `failures` consecutive failed sign-ins the next attempt is
/// accepted: nothing before the first failure, then 1, 2, 4, 8 … seconds, at most
/// [`SIGN_IN_WAIT_CAP_SECS`]. Guessing online thus costs minutes per guess long before a good
/// password could fall, while a mistyped password costs its owner a second or two.
pub fn sign_in_wait(failures: u32) -> Duration {
    if failures == 0 {
        return Duration::zero();
    }
    let exponent = (failures - 1).min(16);
    Duration::seconds((1_i64 << exponent).min(SIGN_IN_WAIT_CAP_SECS))
}

/// When the next sign-in attempt is accepted, given the failures so far and the last one's time;
/// `None` when there is nothing to wait for.
pub fn next_sign_in_at(failures: u32, last_failed_at: Option<NaiveDateTime>) -> Option<NaiveDateTime> {
    let last = last_failed_at?;
    (failures > 0).then(|| last + sign_in_wait(failures))
}

/// The seconds still to wait at `now` (rounded up), or `None` when an attempt is accepted.
pub fn seconds_to_wait(failures: u32, last_failed_at: Option<NaiveDateTime>, now: NaiveDateTime) -> Option<i64> {
    let allowed_at = next_sign_in_at(failures, last_failed_at)?;
    let remaining = allowed_at - now;
    (remaining > Duration::zero()).then(|| (remaining.num_milliseconds() + 999) / 1000)
}

/// The idle minutes after which the window locks itself, unless the register says otherwise.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;
/// The idle lock can be set from one minute to a working day.
pub const IDLE_LOCK_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=480;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap().and_hms_opt(9, 0, 0).unwrap()
            + Duration::seconds(seconds)
    }

    #[test]
    fn read_only_users_may_not_edit() {
        assert!(!Role::ReadOnly.may_edit());
        assert!(Role::Staff.may_edit());
        assert!(!Role::Staff.may_administer());
        assert!(Role::Administrator.may_administer());
    }

    #[test]
    fn every_role_may_record_its_own_sign_in_and_what_it_viewed() {
        for role in Role::ALL {
            for action in
                [AuditAction::SignIn, AuditAction::SignOut, AuditAction::SignInFailed, AuditAction::CustomerViewed]
            {
                assert!(role.may_record(action), "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn staff_edit_records_but_neither_erase_nor_manage_users_nor_settings() {
        for action in [AuditAction::CustomerUpdated, AuditAction::ConsentRecorded, AuditAction::RequestUpdated] {
            assert!(Role::Staff.may_record(action));
            assert!(!Role::ReadOnly.may_record(action));
        }
        for action in [
            AuditAction::UserChanged,
            AuditAction::SettingsChanged,
            AuditAction::CustomerErased,
            AuditAction::RetentionApplied,
        ] {
            assert!(!Role::Staff.may_record(action), "{action:?}");
            assert!(Role::Administrator.may_record(action), "{action:?}");
        }
    }

    #[test]
    fn read_only_users_cannot_take_data_out() {
        for action in [AuditAction::CustomersExported, AuditAction::PersonExported, AuditAction::MarketingListExported]
        {
            assert!(!Role::ReadOnly.may_record(action), "{action:?}");
        }
    }

    #[test]
    fn the_wait_doubles_from_one_second_and_is_capped() {
        let waits: Vec<i64> = (0..=10).map(|failures| sign_in_wait(failures).num_seconds()).collect();
        assert_eq!(waits, [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
        assert_eq!(sign_in_wait(u32::MAX).num_seconds(), SIGN_IN_WAIT_CAP_SECS);
    }

    #[test]
    fn the_next_attempt_waits_from_the_last_failure() {
        assert_eq!(seconds_to_wait(0, None, at(0)), None);
        assert_eq!(seconds_to_wait(3, Some(at(0)), at(0)), Some(4));
        assert_eq!(seconds_to_wait(3, Some(at(0)), at(3)), Some(1));
        assert_eq!(seconds_to_wait(3, Some(at(0)), at(4)), None);
        assert_eq!(next_sign_in_at(1, Some(at(10))), Some(at(11)));
    }

    #[test]
    fn usernames_are_short_words_without_spaces() {
        assert!(valid_username("satu"));
        assert!(valid_username("pirjo.mäkelä"));
        assert!(!valid_username("s"));
        assert!(!valid_username("satu heikkilä"));
        assert!(!valid_username(&"a".repeat(33)));
    }
}
