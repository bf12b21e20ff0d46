//! Double-entry ledger for Fernhill billing accounts.
//!
//! Every charge the billing service makes becomes two entries: one against
//! the customer's account and one against the revenue book, so that the
//! ledger always sums to zero.
//!
//! In `auth`, a user is a person who signs in to the ledger console. Some
//! older names in `ledger` and `store` still say user where they mean the
//! billed account; those are being retired.

pub mod auth;
pub mod ledger;
pub mod routes;
pub mod store;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use crate::auth::{Role, UserId, UserSession};
pub use crate::ledger::{Ledger, LedgerEntry, LedgerError, PostRequest};

/// Identifier of a billing account (`acct-...`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId(pub String);

impl AccountId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for AccountId {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}
