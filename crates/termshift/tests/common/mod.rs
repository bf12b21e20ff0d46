//! Helpers for role tests: locate every hit of two words in a snippet.

use termshift::syntax::{locate_hits, Lang};
use termshift::words::{Term, Vocabulary};

/// One located hit: the identifier, its role and its symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub role: &'static str,
    pub symbol: Option<String>,
    pub lang: &'static str,
    pub line: usize,
}

/// Locates every hit of `from` and `to` in `source` parsed as `lang`.
pub fn rows(lang: Lang, from: &str, to: &str, source: &str) -> Vec<Row> {
    let vocab = Vocabulary::new(vec![
        Term::new(from, None).unwrap(),
        Term::new(to, None).unwrap(),
    ]);
    let hits = vocab.find_all(source.as_bytes());
    let ranges: Vec<_> = hits.iter().map(|h| h.word.clone()).collect();
    let file = locate_hits(lang, source.as_bytes(), &ranges);
    hits.iter()
        .zip(file.located)
        .map(|(h, l)| Row {
            text: source[h.token.clone()].to_string(),
            role: l.role.name(),
            symbol: l.symbol,
            lang: l.lang.name(),
            line: source[..h.word.start].matches('\n').count() + 1,
        })
        .collect()
}

/// The role and symbol of the `nth` (0-based) hit whose identifier is `text`
/// on line `line`; panics with every row when there is none.
#[track_caller]
pub fn role_at<'r>(rows: &'r [Row], line: usize, text: &str) -> &'r Row {
    rows.iter()
        .find(|r| r.line == line && r.text == text)
        .unwrap_or_else(|| panic!("no hit `{text}` on line {line}; rows: {rows:#?}"))
}

/// Asserts the role (and symbol, when given) of the hit `text` on `line`.
#[track_caller]
pub fn assert_role(rows: &[Row], line: usize, text: &str, role: &str, symbol: Option<&str>) {
    let row = role_at(rows, line, text);
    assert_eq!(row.role, role, "role of `{text}` on line {line}: {row:?}");
    if let Some(symbol) = symbol {
        assert_eq!(
            row.symbol.as_deref(),
            Some(symbol),
            "symbol of `{text}` on line {line}: {row:?}"
        );
    }
}
