//! CSV (RFC 4180): a header row, then one row per occurrence with the JSON
//! Lines fields as columns, for spreadsheets.

use std::io::{self, Write};

use serde_json::Value;

use super::Report;
use crate::classify::Inventory;

/// One row per occurrence.
pub struct Csv;

impl Csv {
    /// The JSON Lines fields, in the order the README lists them. Each row
    /// takes its values from the JSON Lines serialization of the finding, so
    /// a column cannot say something else than the field of the same name.
    pub const COLUMNS: [&str; 22] = [
        "repo",
        "path",
        "line",
        "column",
        "text",
        "word",
        "term",
        "language",
        "role",
        "symbol",
        "case",
        "offset",
        "category",
        "reasons",
        "confidence",
        "meaning",
        "maps_to",
        "proposed",
        "breaking",
        "contract",
        "owner",
        "component",
    ];

    /// How lists (the reasons) are joined into one cell.
    pub const LIST_SEPARATOR: &str = " | ";
}

impl Report for Csv {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        write_record(out, Csv::COLUMNS.iter().map(|c| c.to_string()))?;
        for finding in &inventory.findings {
            let fields = serde_json::to_value(finding)?;
            write_record(
                out,
                Csv::COLUMNS
                    .iter()
                    .map(|c| cell(fields.get(c).unwrap_or(&Value::Null))),
            )?;
        }
        Ok(())
    }
}

/// A JSON value as one cell: null is empty, a list is joined, and a text a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first) starts with `'`, as OWASP recommends.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => text_cell(s),
        Value::Array(items) => items
            .iter()
            .map(cell)
            .collect::<Vec<_>>()
            .join(Csv::LIST_SEPARATOR),
        other => other.to_string(),
    }
}

/// A text as a cell a spreadsheet shows rather than runs (see [`cell`]).
pub fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// One record, fields separated by commas and ended by CRLF as RFC 4180
/// says; a field with a comma, quote or line break is quoted, its quotes
/// doubled.
pub fn write_record(out: &mut dyn Write, fields: impl Iterator<Item = String>) -> io::Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\r', '\n']) {
            write!(out, "\"{}\"", field.replace('"', "\"\""))?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[&str]) -> String {
        let mut out = Vec::new();
        write_record(&mut out, fields.iter().map(|f| f.to_string())).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fields_with_separators_quotes_or_line_breaks_are_quoted() {
        assert_eq!(record(&["a", "b c", ""]), "a,b c,\r\n");
        assert_eq!(record(&["a,b"]), "\"a,b\"\r\n");
        assert_eq!(record(&["say \"hi\""]), "\"say \"\"hi\"\"\"\r\n");
        assert_eq!(record(&["one\ntwo", "x\r"]), "\"one\ntwo\",\"x\r\"\r\n");
    }

    #[test]
    fn lists_are_joined_and_null_is_empty() {
        let value =
            serde_json::json!({"reasons": ["first", "second, too"], "symbol": null, "line": 3});
        assert_eq!(cell(&value["reasons"]), "first | second, too");
        assert_eq!(cell(&value["symbol"]), "");
        assert_eq!(cell(&value["line"]), "3");
    }
}
