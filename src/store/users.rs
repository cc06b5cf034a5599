//! The register's users. Until sign-in exists every write is recorded under the built-in
//! administrator, created with the register.

use rusqlite::params;

use super::{BUILTIN_USER, Result, Store, parse_code, time_text};
use crate::domain::audit::AuditAction;
use crate::domain::register::RegisterInfo;
use crate::domain::user::{Role, User, UserId};

impl Store {
    /// Creates the built-in administrator (and records the register's creation) on a new file.
    pub(super) fn ensure_builtin_user(&mut self) -> Result<()> {
        let exists: bool =
            self.conn.query_row("SELECT EXISTS (SELECT 1 FROM app_user WHERE id = ?1)", [BUILTIN_USER.0], |row| {
                row.get(0)
            })?;
        if exists {
            return Ok(());
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO app_user (id, username, display_name, role, created_at) VALUES (?1, 'admin', 'Administrator', 'administrator', ?2)",
                params![BUILTIN_USER.0, time_text(tx.now)],
            )?;
            tx.execute("INSERT INTO register_info (id, updated_at) VALUES (1, ?1)", [time_text(tx.now)])?;
            super::register::write_info(tx, &RegisterInfo::new_blank())?;
            tx.audit(AuditAction::RegisterCreated, None, &format!("schema {}", super::SCHEMA_VERSION))
        })
    }

    pub fn users(&self) -> Result<Vec<User>> {
        let mut statement =
            self.conn.prepare_cached("SELECT id, username, display_name, role, disabled FROM app_user ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, bool>(4)?,
            ))
        })?;
        let mut users = Vec::new();
        for row in rows {
            let (id, username, display_name, role, disabled) = row?;
            users.push(User {
                id: UserId(id),
                username,
                display_name,
                role: parse_code("role", &role, Role::from_code)?,
                disabled,
            });
        }
        Ok(users)
    }

    /// The user this connection acts as.
    pub fn current_user(&self) -> Result<User> {
        self.users()?.into_iter().find(|user| user.id == self.actor).ok_or(super::Error::NotFound("user"))
    }

    /// Renames the built-in administrator (the sample register names it after its owner).
    pub fn rename_user(&mut self, id: UserId, username: &str, display_name: &str) -> Result<()> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE app_user SET username = ?2, display_name = ?3 WHERE id = ?1",
                params![id.0, username.trim(), display_name.trim()],
            )?;
            if changed == 0 {
                return Err(super::Error::NotFound("user"));
            }
            tx.audit(AuditAction::UserChanged, None, &format!("user {}", id.0))
        })
    }
}
