//! HTTP routes of the ledger API.

/// Entries of one billing account.
pub const ACCOUNT_ENTRIES: &str = "/accounts/:accountId/entries";

/// Same handler as [`ACCOUNT_ENTRIES`]; older dashboards still call it.
pub const LEGACY_USER_ENTRIES: &str = "/users/:userId/entries";

/// The signed-in console user.
pub const WHOAMI: &str = "/auth/users/me";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    AccountEntries { account_id: &'a str },
    WhoAmI,
}

/// Resolves a request path to a route.
pub fn resolve(path: &str) -> Option<Route<'_>> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["accounts", id, "entries"] => Some(Route::AccountEntries { account_id: *id }),
        // The legacy path resolves to the same handler.
        ["users", user_id, "entries"] => Some(Route::AccountEntries {
            account_id: *user_id,
        }),
        ["auth", "users", "me"] => Some(Route::WhoAmI),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_path_resolves_to_account_entries() {
        assert_eq!(
            resolve("/users/acct-9/entries"),
            Some(Route::AccountEntries {
                account_id: "acct-9"
            })
        );
        assert_eq!(resolve("/auth/users/me"), Some(Route::WhoAmI));
    }
}
