//! The people who use the register (§8: each with their own username) and what their role allows.

use serde::{Deserialize, Serialize};

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

impl Role {
    /// Whether this role may change the register's data (customers, consents, requests).
    pub fn may_edit(self) -> bool {
        matches!(self, Role::Administrator | Role::Staff)
    }

    /// Whether this role may change settings, users, retention rules and run erasures.
    pub fn may_administer(self) -> bool {
        self == Role::Administrator
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_users_may_not_edit() {
        assert!(!Role::ReadOnly.may_edit());
        assert!(Role::Staff.may_edit());
        assert!(!Role::Staff.may_administer());
        assert!(Role::Administrator.may_administer());
    }
}
