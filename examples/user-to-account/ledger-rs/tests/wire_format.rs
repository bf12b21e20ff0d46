//! The JSON shapes other services rely on.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use ledger::auth::{require_role, user_agent, AuthError};
use ledger::store::EntryRow;
use ledger::{AccountId, Ledger, LedgerEntry, PostRequest, Role, UserId, UserSession};

fn ledger_with(account: &str) -> Ledger {
    let mut ledger = Ledger::new();
    ledger.open_account(AccountId::new(account), "EUR");
    ledger
}

#[test]
fn post_request_accepts_the_old_user_id_key() {
    let old: PostRequest =
        serde_json::from_str(r#"{"user_id": "acct-7", "amount_minor": 1200, "currency": "EUR"}"#)
            .unwrap();
    let new: PostRequest = serde_json::from_str(
        r#"{"account_id": "acct-7", "amount_minor": 1200, "currency": "EUR"}"#,
    )
    .unwrap();
    assert_eq!(old, new);
}

#[test]
fn entry_view_writes_both_keys() {
    let mut ledger = ledger_with("acct-7");
    let req = PostRequest {
        account_id: AccountId::new("acct-7"),
        amount_minor: 1200,
        currency: "EUR".to_owned(),
        memo: String::new(),
    };
    ledger.post(&req).unwrap();
    let account_id = AccountId::new("acct-7");
    let entry = ledger.entries_for_user(&account_id).next().unwrap();
    let json = serde_json::to_value(entry.view()).unwrap();
    assert_eq!(json["account_id"], "acct-7");
    assert_eq!(json["user_id"], json["account_id"]);
}

#[test]
fn stored_rows_carry_the_account_id() {
    let entry = LedgerEntry {
        id: 3,
        user_id: AccountId::new("acct-3"),
        amount_minor: -500,
        currency: "EUR".to_owned(),
        memo: "storage".to_owned(),
    };
    let row = EntryRow::from(&entry);
    assert_eq!(row.account_id, entry.user_id);
    assert_eq!(LedgerEntry::from(row), entry);
}

#[test]
fn session_json_is_camel_case() {
    let json = r#"{
        "userId": "login-7",
        "username": "mira",
        "roles": ["bookkeeper"],
        "accounts": ["acct-7"],
        "userAgent": "curl/8.5",
        "expiresAt": {"secs_since_epoch": 4102444800, "nanos_since_epoch": 0}
    }"#;
    let session: UserSession = serde_json::from_str(json).unwrap();
    assert_eq!(session.user_id, UserId("login-7".to_owned()));
    assert!(session.may_post_to(&AccountId::new("acct-7")));
    assert!(!session.may_post_to(&AccountId::new("acct-8")));
}

#[test]
fn viewer_cannot_post() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let roles = BTreeSet::from([Role::Viewer]);
    let session = UserSession::start(UserId("login-2".to_owned()), "ops", roles, now);
    assert_eq!(
        require_role(&session, Role::Bookkeeper, now),
        Err(AuthError::Forbidden {
            user_id: UserId("login-2".to_owned()),
            role: Role::Bookkeeper,
        })
    );
}

#[test]
fn user_agent_header_is_case_insensitive() {
    let headers = [("user-agent", "curl/8.5"), ("accept", "*/*")];
    assert_eq!(user_agent(&headers), "curl/8.5");
}
