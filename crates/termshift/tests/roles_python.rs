//! Roles of hits in Python, including SQL inside string literals.

mod common;

use common::{assert_role, role_at, rows, Row};
use termshift::syntax::Lang;

const SOURCE: &str = r#""""Billing for a user's invoices."""

import logging
import billing.users as users
from billing import user_store
from fastapi import FastAPI, Request

logger = logging.getLogger(__name__)
app = FastAPI()


class Invoice:
    """An invoice owed by one user."""

    user_id: str
    total: int = 0

    def __init__(self, user_id: str, total: int) -> None:
        self.user_id = user_id
        self.total = total

    def owner(self, user_store):
        # look up the user who owns it
        return user_store.load_user(self.user_id)


def charge_user(user_id, amount=0):
    inv = Invoice(user_id=user_id, total=amount)
    user_name = users.name_of(inv.user_id)
    logger.info("charged user", extra={"user_id": inv.user_id})
    log.info("charged", user_id=user_id)
    payload = {"user_id": user_id, "user_name": user_name}
    db.execute("INSERT INTO invoices (user_id, total) VALUES (?, ?)", (user_id, amount))
    return user_store.save(payload)


@app.get("/users/{user_id}/invoices")
def list_invoices(request: Request):
    uid = request.query_params.get("user_id")
    other = request.args.get("user_ref")
    return charge_user(uid)


from .user_models import UserId as Uid
import os.path


@dataclass
class UserProfile(BaseUser):
    user_ref: Optional[UserId] = Field(alias="userRef")

    @property
    def user_label(self) -> str:
        return f"user {self.user_ref}"


def sync(users: list[UserProfile]) -> UserId | None:
    for user in users:
        row = cursor.fetchone()
        print(row["user_id"], request.args["user_id"])
    handler = lambda user_ref: user_ref
    return UserProfile()


def name_of(payload):
    return payload.get("user_name")
"#;

fn python() -> Vec<Row> {
    rows(Lang::Python, "user", "account", SOURCE)
}

/// The hits `text` on `line`, in order.
fn all_at<'r>(rows: &'r [Row], line: usize, text: &str) -> Vec<&'r Row> {
    rows.iter()
        .filter(|r| r.line == line && r.text == text)
        .collect()
}

#[test]
fn imports_are_packages() {
    let rows = python();
    assert_role(&rows, 4, "users", "package_use", None);
    assert_role(&rows, 5, "user_store", "package_use", None);
    assert_role(&rows, 44, "user_models", "package_use", None);
    // `users` is imported as a module: a plain name that refers to it is a
    // package use, not a variable.
    assert_role(&rows, 29, "users", "package_use", Some("charge_user"));
    // ...unless a parameter of the same name shadows the import.
    assert_role(
        &rows,
        24,
        "user_store",
        "parameter_use",
        Some("Invoice.owner"),
    );
    assert_role(&rows, 34, "user_store", "package_use", Some("charge_user"));
}

#[test]
fn classes_fields_and_methods() {
    let rows = python();
    assert_role(&rows, 13, "user", "comment", Some("Invoice"));
    assert_role(
        &rows,
        15,
        "user_id",
        "field_declaration",
        Some("Invoice.user_id"),
    );
    assert_role(
        &rows,
        18,
        "user_id",
        "parameter_declaration",
        Some("Invoice.__init__"),
    );
    let line19 = all_at(&rows, 19, "user_id");
    assert_eq!(
        line19.iter().map(|r| r.role).collect::<Vec<_>>(),
        ["field_use", "parameter_use"],
        "self.user_id = user_id: {line19:?}"
    );
    assert_role(&rows, 23, "user", "comment", Some("Invoice.owner"));
    assert_role(&rows, 24, "load_user", "method_use", None);
    assert_role(&rows, 24, "user_id", "field_use", None);
    assert_role(
        &rows,
        49,
        "UserProfile",
        "type_declaration",
        Some("UserProfile"),
    );
    assert_role(&rows, 49, "BaseUser", "type_use", None);
    assert_role(
        &rows,
        50,
        "user_ref",
        "field_declaration",
        Some("UserProfile.user_ref"),
    );
    assert_role(&rows, 50, "UserId", "type_use", None);
    // A decorated def in a class body is still a method.
    assert_role(
        &rows,
        53,
        "user_label",
        "method_declaration",
        Some("UserProfile.user_label"),
    );
    assert_role(&rows, 54, "user", "string_literal", None);
    assert_role(&rows, 54, "user_ref", "field_use", None);
}

#[test]
fn functions_parameters_and_variables() {
    let rows = python();
    assert_role(
        &rows,
        27,
        "charge_user",
        "function_declaration",
        Some("charge_user"),
    );
    assert_role(&rows, 27, "user_id", "parameter_declaration", None);
    // Keyword arguments name the callee's parameters: parameter_use.
    let line28 = all_at(&rows, 28, "user_id");
    assert_eq!(
        line28.iter().map(|r| r.role).collect::<Vec<_>>(),
        ["parameter_use", "parameter_use"],
        "Invoice(user_id=user_id): {line28:?}"
    );
    assert_role(
        &rows,
        29,
        "user_name",
        "variable_declaration",
        Some("charge_user"),
    );
    assert_role(&rows, 29, "user_id", "field_use", None);
    assert_eq!(all_at(&rows, 32, "user_name")[1].role, "variable_use");
    assert_role(
        &rows,
        41,
        "charge_user",
        "function_use",
        Some("list_invoices"),
    );
    assert_role(&rows, 57, "users", "parameter_declaration", Some("sync"));
    assert_role(&rows, 57, "UserProfile", "type_use", None);
    assert_role(&rows, 57, "UserId", "type_use", None);
    assert_role(&rows, 58, "user", "variable_declaration", Some("sync"));
    assert_role(&rows, 58, "users", "parameter_use", None);
    assert_role(&rows, 61, "user_ref", "parameter_declaration", None);
    let line61 = all_at(&rows, 61, "user_ref");
    assert_eq!(line61[1].role, "parameter_use", "{line61:?}");
    assert_role(&rows, 62, "UserProfile", "type_use", None);
}

#[test]
fn keys_logs_http_and_docstrings() {
    let rows = python();
    assert_role(&rows, 1, "user", "comment", None);
    assert_role(&rows, 30, "user", "log_message", None);
    let line30 = all_at(&rows, 30, "user_id");
    assert_eq!(
        line30.iter().map(|r| r.role).collect::<Vec<_>>(),
        ["log_key", "field_use"],
        "extra={{\"user_id\": inv.user_id}}: {line30:?}"
    );
    let line31 = all_at(&rows, 31, "user_id");
    assert_eq!(
        line31.iter().map(|r| r.role).collect::<Vec<_>>(),
        ["log_key", "parameter_use"],
        "log.info(..., user_id=user_id): {line31:?}"
    );
    assert_role(&rows, 32, "user_id", "object_key", None);
    assert_role(&rows, 32, "user_name", "object_key", None);
    assert_role(&rows, 37, "users", "route", Some("list_invoices"));
    assert_role(&rows, 37, "user_id", "route", Some("list_invoices"));
    assert_role(&rows, 39, "user_id", "query_param", Some("list_invoices"));
    assert_role(&rows, 40, "user_ref", "query_param", None);
    assert_role(&rows, 50, "userRef", "struct_tag_key", None);
    assert_role(&rows, 66, "user_name", "object_key", Some("name_of"));
    let line60 = all_at(&rows, 60, "user_id");
    assert_eq!(
        line60.iter().map(|r| r.role).collect::<Vec<_>>(),
        ["object_key", "query_param"],
        "row[\"user_id\"], request.args[\"user_id\"]: {line60:?}"
    );
}

#[test]
fn sql_inside_strings_is_parsed_as_sql() {
    let rows = python();
    let column = role_at(&rows, 33, "user_id");
    assert_eq!((column.role, column.lang), ("sql_column", "sql"));
    assert_eq!(column.symbol.as_deref(), Some("invoices.user_id"));
}

#[test]

fn sql_split_over_concatenated_strings() {
    let source = "INSERT_INVOICE = (\n    \"INSERT INTO invoices \"\n    \"(id, user_id, total) VALUES (?, ?, ?)\"\n)\n";
    let rows = rows(Lang::Python, "user", "account", source);
    let column = role_at(&rows, 3, "user_id");
    assert_eq!((column.role, column.lang), ("sql_column", "sql"));
    assert_eq!(column.symbol.as_deref(), Some("invoices.user_id"));
}

/// Annotated attributes of `self` are declared; unpacking declares every
/// name it binds, and only those.
#[test]
fn annotated_self_attributes_and_unpacking_declare() {
    let source = r#"class UserDirectory:
    def __init__(self) -> None:
        self._users: dict[str, str] = {}
        self.user_count = 0

    def load(self, row, users):
        inv_id, user_id, start = row
        for inv, (owner, user) in users:
            print(user, user_id)
"#;
    let rows = rows(Lang::Python, "user", "account", source);
    assert_role(
        &rows,
        3,
        "_users",
        "field_declaration",
        Some("UserDirectory.__init__"),
    );
    assert_role(&rows, 4, "user_count", "field_use", None);
    assert_role(
        &rows,
        7,
        "user_id",
        "variable_declaration",
        Some("UserDirectory.load"),
    );
    assert_role(&rows, 8, "user", "variable_declaration", None);
    assert_role(&rows, 8, "users", "parameter_use", None);
    assert_role(&rows, 9, "user", "variable_use", None);
}

/// A function or class of the file named as a value is a function or type
/// use.
#[test]
fn functions_and_classes_of_the_file_named_as_values() {
    let source = r#"class UserDirectory:
    pass


def list_user_invoices(request):
    return []


LegacyUserDirectory = UserDirectory
ROUTES = {"/users": list_user_invoices}
"#;
    let rows = rows(Lang::Python, "user", "account", source);
    assert_role(
        &rows,
        9,
        "LegacyUserDirectory",
        "variable_declaration",
        None,
    );
    assert_role(&rows, 9, "UserDirectory", "type_use", None);
    assert_role(
        &rows,
        10,
        "list_user_invoices",
        "function_use",
        Some("ROUTES"),
    );
}
