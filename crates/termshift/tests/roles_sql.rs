//! Roles of hits in SQL files.

mod common;

use common::{assert_role, rows};
use termshift::syntax::Lang;

/// A named placeholder (`:user_id`) is a parameter of the statement, not a
/// column.
#[test]
fn named_placeholders_are_parameters() {
    let sql = "SELECT i.id FROM invoices AS i\nWHERE i.user_id = :user_id AND i.status = 'open';\nUPDATE invoices SET user_id = :user_id WHERE id = :id;\n";
    let rows = rows(Lang::Sql, "user", "account", sql);
    let line2: Vec<_> = rows
        .iter()
        .filter(|r| r.line == 2)
        .map(|r| r.role)
        .collect();
    assert_eq!(line2, ["sql_column", "parameter_use"]);
    let line3: Vec<_> = rows
        .iter()
        .filter(|r| r.line == 3)
        .map(|r| r.role)
        .collect();
    assert_eq!(line3, ["sql_column", "parameter_use"]);
    assert_role(&rows, 3, "user_id", "sql_column", Some("invoices.user_id"));
}
