//! Sessions of the people who sign in to the ledger console.
//!
//! A user here is a login identity, not a billing account: one user may act
//! for several accounts, and support staff act for none.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::AccountId;

/// How long a console session lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(12 * 60 * 60);

/// Identifier of a login (`login-...`), never of a billing account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Viewer,
    Bookkeeper,
    Superuser,
}

/// A signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSession {
    pub user_id: UserId,
    pub username: String,
    pub roles: BTreeSet<Role>,
    /// Accounts this user may act for; empty for support staff.
    pub accounts: Vec<AccountId>,
    pub user_agent: String,
    pub expires_at: SystemTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthError {
    Expired,
    Forbidden { user_id: UserId, role: Role },
}

impl UserSession {
    pub fn start(user_id: UserId, username: &str, roles: BTreeSet<Role>, now: SystemTime) -> Self {
        UserSession {
            user_id,
            username: username.to_owned(),
            roles,
            accounts: Vec::new(),
            user_agent: String::from("unknown"),
            expires_at: now + SESSION_TTL,
        }
    }

    pub fn is_expired(&self, now: SystemTime) -> bool {
        now >= self.expires_at
    }

    /// Superusers hold every role.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role) || self.roles.contains(&Role::Superuser)
    }

    /// May this user post entries to the given account?
    pub fn may_post_to(&self, account_id: &AccountId) -> bool {
        self.has_role(Role::Bookkeeper)
            && (self.roles.contains(&Role::Superuser) || self.accounts.contains(account_id))
    }
}

/// Checks that the session is live and holds `role`.
pub fn require_role(session: &UserSession, role: Role, now: SystemTime) -> Result<(), AuthError> {
    if session.is_expired(now) {
        return Err(AuthError::Expired);
    }
    if !session.has_role(role) {
        tracing::warn!(user_id = %session.user_id.0, ?role, "forbidden");
        return Err(AuthError::Forbidden {
            user_id: session.user_id.clone(),
            role,
        });
    }
    Ok(())
}

/// Reads the `User-Agent` header the way the console stores it.
pub fn user_agent(headers: &[(&str, &str)]) -> String {
    headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("User-Agent"))
        .map(|(_, value)| value.chars().take(200).collect())
        .unwrap_or_else(|| String::from("unknown"))
}
