//! Roles of hits in Rust, including SQL inside string literals.

mod common;

use common::{assert_role, role_at, rows, Row};
use termshift::syntax::Lang;

const SOURCE: &str = r##"//! The ledger of each user's postings.

use crate::users::{UserId, UserStore};
use std::collections::HashMap;

pub mod user_audit;

/// One posting for a user.
#[derive(Debug, Serialize, Deserialize)]
pub struct LedgerEntry {
    #[serde(rename = "user_id", alias = "userId")]
    pub user_id: UserId,
    pub amount: i64,
}

pub enum UserKind {
    Admin,
    RegularUser(UserId),
}

pub trait UserLookup {
    fn find_user(&self, user_id: UserId) -> Option<LedgerEntry>;
}

impl Ledger {
    /// Posts an amount for a user.
    pub fn post_for_user(&mut self, user_id: UserId, amount: i64) -> LedgerEntry {
        let entry = LedgerEntry { user_id, amount };
        let user_total = self.totals.entry(entry.user_id).or_default();
        tracing::info!(user_id = %user_id, amount, "posted for user");
        // keep the user's running total
        *user_total += amount;
        let copy = LedgerEntry { user_id: entry.user_id, ..entry };
        users::notify_user(user_id);
        self.store.save_user(&copy);
        println!("user {}", user_id);
        let sql = "INSERT INTO ledger (user_id, amount) VALUES ($1, $2)";
        copy
    }
}

fn load_user(store: &UserStore, id: UserId) -> Option<UserId> {
    let user = store.get(id)?;
    Some(user.user_id)
}

/// Looks up each user.
///
/// Second line about a user.
#[async_trait]
impl<S: UserStore> UserLookup for Ledger<S> {
    /// Finds the user.
    #[instrument(skip(self))]
    fn find_user(&self, user_id: UserId) -> Option<LedgerEntry> {
        let lookup = |user_ref: &UserId| self.store.get(user_ref);
        if let Some(user) = lookup(&user_id) {
            log::warn!("found user {}", user.user_id);
            tracing::debug!(user_kind = "regular", "user lookup");
        }
        match self.kind(user_id) {
            UserKind::RegularUser(id) => users::load_user::<S>(id),
            _ => None,
        }
    }
}

const USER_QUERY: &str = r#"SELECT user_id, amount FROM ledger WHERE user_id = $1"#;

pub trait UserAudit {
    /// Audits the user.
    fn audit_user(&self, user_id: UserId) {
        let user_ids = vec![user_id];
    }
}

/// Posts for a user.
///
/// Each user gets one row.
#[must_use]
pub fn post_user(id: UserId) {
    tracing::warn!(user_kind = "user", name = user.name, "skipped user");
    println!("{}", user.user_id);
}
"##;

fn rust() -> Vec<Row> {
    rows(Lang::Rust, "user", "account", SOURCE)
}

/// The roles of the hits `text` on `line`, in order.
fn roles_at(rows: &[Row], line: usize, text: &str) -> Vec<&'static str> {
    rows.iter()
        .filter(|r| r.line == line && r.text == text)
        .map(|r| r.role)
        .collect()
}

#[test]
fn uses_and_modules() {
    let rows = rust();
    assert_role(&rows, 3, "users", "package_use", None);
    assert_role(&rows, 3, "UserId", "package_use", None);
    assert_role(&rows, 3, "UserStore", "package_use", None);
    assert_role(&rows, 6, "user_audit", "package_declaration", None);
    assert_role(
        &rows,
        34,
        "users",
        "package_use",
        Some("Ledger.post_for_user"),
    );
    assert_role(&rows, 61, "users", "package_use", None);
}

#[test]
fn types_fields_and_methods() {
    let rows = rust();
    assert_role(
        &rows,
        12,
        "user_id",
        "field_declaration",
        Some("LedgerEntry.user_id"),
    );
    assert_role(&rows, 12, "UserId", "type_use", None);
    assert_role(&rows, 16, "UserKind", "type_declaration", Some("UserKind"));
    assert_role(
        &rows,
        18,
        "RegularUser",
        "field_declaration",
        Some("UserKind.RegularUser"),
    );
    assert_role(
        &rows,
        21,
        "UserLookup",
        "type_declaration",
        Some("UserLookup"),
    );
    assert_role(
        &rows,
        22,
        "find_user",
        "method_declaration",
        Some("UserLookup.find_user"),
    );
    assert_role(
        &rows,
        27,
        "post_for_user",
        "method_declaration",
        Some("Ledger.post_for_user"),
    );
    // Struct expressions, shorthand included, and field access.
    assert_role(
        &rows,
        28,
        "user_id",
        "field_use",
        Some("Ledger.post_for_user"),
    );
    assert_eq!(roles_at(&rows, 29, "user_id"), ["field_use"]);
    assert_eq!(roles_at(&rows, 33, "user_id"), ["field_use", "field_use"]);
    assert_role(&rows, 35, "save_user", "method_use", None);
    assert_role(&rows, 44, "user_id", "field_use", Some("load_user"));
    // `impl Trait for Type<S>` names its methods after the type.
    assert_role(
        &rows,
        54,
        "find_user",
        "method_declaration",
        Some("Ledger.find_user"),
    );
    assert_role(&rows, 61, "UserKind", "type_use", None);
    assert_role(&rows, 69, "UserAudit", "type_declaration", None);
    assert_role(
        &rows,
        71,
        "audit_user",
        "method_declaration",
        Some("UserAudit.audit_user"),
    );
}

#[test]
fn functions_parameters_and_variables() {
    let rows = rust();
    assert_role(&rows, 27, "user_id", "parameter_declaration", None);
    assert_role(&rows, 29, "user_total", "variable_declaration", None);
    assert_role(&rows, 32, "user_total", "variable_use", None);
    assert_role(&rows, 34, "notify_user", "function_use", None);
    assert_role(&rows, 34, "user_id", "parameter_use", None);
    assert_role(
        &rows,
        42,
        "load_user",
        "function_declaration",
        Some("load_user"),
    );
    assert_role(&rows, 42, "UserStore", "type_use", None);
    assert_role(&rows, 43, "user", "variable_declaration", Some("load_user"));
    assert_role(&rows, 44, "user", "variable_use", None);
    // A closure's parameters.
    assert_role(&rows, 55, "user_ref", "parameter_declaration", None);
    assert_eq!(
        roles_at(&rows, 55, "user_ref"),
        ["parameter_declaration", "parameter_use"]
    );
    // `if let Some(user)` binds a variable.
    assert_role(&rows, 56, "user", "variable_declaration", None);
    assert_role(&rows, 56, "user_id", "parameter_use", None);
    assert_role(&rows, 61, "load_user", "function_use", None);
    assert_role(
        &rows,
        67,
        "USER_QUERY",
        "variable_declaration",
        Some("USER_QUERY"),
    );
    assert_role(&rows, 72, "user_ids", "variable_declaration", None);
    assert_role(&rows, 72, "user_id", "parameter_use", None);
}

#[test]
fn attributes_logs_and_macros() {
    let rows = rust();
    assert_role(
        &rows,
        11,
        "user_id",
        "struct_tag_key",
        Some("LedgerEntry.user_id"),
    );
    assert_role(&rows, 11, "userId", "struct_tag_key", None);
    // tracing: the key before `=`, the value, then the message.
    assert_eq!(roles_at(&rows, 30, "user_id"), ["log_key", "parameter_use"]);
    assert_role(&rows, 30, "user", "log_message", None);
    assert_role(&rows, 36, "user", "string_literal", None);
    assert_role(&rows, 36, "user_id", "parameter_use", None);
    assert_role(&rows, 57, "user", "log_message", None);
    assert_eq!(roles_at(&rows, 57, "user_id"), ["field_use"]);
    assert_role(&rows, 58, "user_kind", "log_key", None);
    assert_role(&rows, 58, "user", "log_message", None);
    // A string assigned to a field is a value, not the message.
    assert_eq!(
        roles_at(&rows, 81, "user"),
        ["string_literal", "variable_use", "log_message"]
    );
    assert_eq!(roles_at(&rows, 82, "user"), ["variable_use"]);
}

#[test]
fn comments_belong_to_the_next_item() {
    let rows = rust();
    assert_role(&rows, 1, "user", "comment", None);
    // Through the attributes between the doc comment and the item.
    assert_role(&rows, 8, "user", "comment", Some("LedgerEntry"));
    assert_role(&rows, 26, "user", "comment", Some("Ledger.post_for_user"));
    assert_role(&rows, 31, "user", "comment", Some("Ledger.post_for_user"));
    assert_role(&rows, 47, "user", "comment", Some("Ledger"));
    assert_role(&rows, 52, "user", "comment", Some("Ledger.find_user"));
    assert_role(&rows, 70, "user", "comment", Some("UserAudit.audit_user"));
    // Every line of a `///` block, not only the last.
    assert_role(&rows, 76, "user", "comment", Some("post_user"));
    assert_role(&rows, 78, "user", "comment", Some("post_user"));
}

#[test]
fn sql_inside_strings_is_parsed_as_sql() {
    let rows = rust();
    let column = role_at(&rows, 37, "user_id");
    assert_eq!((column.role, column.lang), ("sql_column", "sql"));
    assert_eq!(column.symbol.as_deref(), Some("ledger.user_id"));
    // Raw strings too.
    assert_eq!(roles_at(&rows, 67, "user_id"), ["sql_column", "sql_column"]);
}

/// Enum variants named through their type, slice patterns, tuple structs,
/// string indexes, and the same forms inside a macro's tokens.
#[test]
fn variants_slices_tuple_structs_and_macros() {
    let source = r##"fn f(user: &str, json: Value, path: &[&str]) -> Result<(), LedgerError> {
    match err {
        LedgerError::UnknownUser(id) => Err(LedgerError::UnknownUser(id)),
        _ => {}
    }
    let route = match path {
        ["users", user_id] => Route::UserEntries { user_id: *user_id },
        _ => Route::Home,
    };
    let id = UserId(user.to_owned());
    let key = &json["user_id"];
    assert_eq!(a.user_id, b.user_id);
    assert_eq!(json["user_id"], json["account_id"]);
    assert!(may_post(&UserId::new("u"), Kind::User, user_agent(&h)));
    assert_eq!(e, Err(AuthError::Forbidden { user_id: id }));
}
"##;
    let rows = rows(Lang::Rust, "user", "account", source);
    assert_eq!(
        roles_at(&rows, 3, "UnknownUser"),
        ["field_use", "field_use"]
    );
    assert_role(&rows, 7, "users", "string_literal", None);
    assert_eq!(
        roles_at(&rows, 7, "user_id"),
        ["variable_declaration", "field_use", "variable_use"]
    );
    assert_role(&rows, 7, "UserEntries", "field_use", None);
    assert_role(&rows, 10, "UserId", "type_use", None);
    assert_role(&rows, 11, "user_id", "object_key", None);
    // Inside macros: every match in a token tree, not only the first.
    assert_eq!(roles_at(&rows, 12, "user_id"), ["field_use", "field_use"]);
    assert_role(&rows, 13, "user_id", "object_key", None);
    assert_role(&rows, 13, "account_id", "object_key", None);
    assert_role(&rows, 14, "UserId", "type_use", None);
    assert_role(&rows, 14, "User", "field_use", None);
    assert_role(&rows, 14, "user_agent", "function_use", None);
    assert_role(&rows, 15, "user_id", "field_use", None);
}

/// `{name}` in a format string names a variable; a string that holds a JSON
/// document is read as JSON, raw strings included.
#[test]
fn format_arguments_and_json_in_strings() {
    let source = r##"fn f(user: &str) -> Result<Req, Error> {
    write!(f, "user {user} books {{user}} {user:?}")?;
    serde_json::from_str(r#"{"user_id": "acct-7", "amount": 1}"#)
}
"##;
    let rows = rows(Lang::Rust, "user", "account", source);
    // `{user}` names the parameter; `{{user}}` is text.
    assert_eq!(
        roles_at(&rows, 2, "user"),
        [
            "string_literal",
            "parameter_use",
            "string_literal",
            "parameter_use"
        ]
    );
    let key = role_at(&rows, 3, "user_id");
    assert_eq!((key.role, key.lang), ("data_key", "json"));
}

/// Every string assigned to a field of a log macro is a value, not only the
/// first; the message is the string that no field takes.
#[test]
fn every_log_field_value_is_a_value() {
    let source =
        "fn f() {\n    tracing::warn!(kind = \"user\", name = \"user\", \"user gone\");\n}\n";
    let rows = rows(Lang::Rust, "user", "account", source);
    assert_eq!(
        roles_at(&rows, 2, "user"),
        ["string_literal", "string_literal", "log_message"]
    );
}
