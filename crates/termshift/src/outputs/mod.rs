//! Renderers: each output format is one implementation of [`Report`] over
//! the classified [`Inventory`](crate::classify::Inventory).
//!
//! Formats write ANSI styles; the CLI's stream strips them when the output
//! is not a terminal. The machine formats (JSON, CSV, SARIF) take each
//! finding's fields from its JSON Lines serialization, so no format renames
//! a field. This module holds the one legend of the categories (what each
//! means, what to do) that the reports and SARIF's rules print, the
//! reports' title and order of categories, and the file read again for the
//! findings of one path (`OpenFile`). No output decides anything: each
//! prints what classification wrote.

pub mod csv;
pub mod explain;
mod html;
mod json;
mod jsonl;
mod markdown;
mod overview;
mod plan;
mod sarif;
mod table;
mod trace;
pub mod width;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

pub use csv::Csv;
pub use html::{BurndownPoint, Html};
pub use json::JsonReport;
pub use jsonl::JsonLines;
pub use markdown::{line_spans, GroupBy, Markdown};
pub use overview::Overview;
pub use plan::write_plan_markdown;
pub use sarif::Sarif;
pub use table::{printable, Table};
pub use trace::{Trace, TraceEdge, TraceNode};

use crate::classify::{
    Categories, Inventory, DOC_STALE, GENERATED_CODE, GENERATED_FROM_PROTO, HISTORY, NEEDS_REVIEW,
    OTHER_DOMAIN, OTHER_PROGRAM, PROCESS_VERB,
};
use crate::config::Config;
use crate::words::capitalized;

/// An output format for a classified scan.
pub trait Report {
    /// Writes the report. Styles are written as ANSI sequences; the caller's
    /// stream strips them when the output is not a terminal.
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()>;
}

/// What a category means and what to do about it, as the report's legend
/// and SARIF's rules say it.
pub(crate) fn legend(config: &Config, categories: &Categories, category: &str) -> (String, String) {
    let (from, to) = (&config.from, &config.to);
    if category == categories.alias {
        return (
            format!("`{from}` meaning {to}"),
            format!("Must migrate to {to} terminology"),
        );
    }
    if category == categories.identifier {
        return (
            format!("Already uses {to} correctly"),
            "No change needed".into(),
        );
    }
    if let Some(d) = config.domains.iter().find(|d| d.category == category) {
        return (
            format!("{} identifier", capitalized(&d.name)),
            "Keep".into(),
        );
    }
    match category {
        PROCESS_VERB => (format!("Generic \"{from}\" verb"), "Ignore".into()),
        GENERATED_FROM_PROTO => (
            "Generated code from proto".into(),
            "Change proto source only".into(),
        ),
        GENERATED_CODE => (
            "Generated code".into(),
            "Change the generator's input".into(),
        ),
        DOC_STALE => (
            format!("Documentation using {from} terminology"),
            "Update documentation".into(),
        ),
        NEEDS_REVIEW => ("No evidence decides".into(), "Decide by hand".into()),
        OTHER_PROGRAM => (
            "Another program's name or term (a dependency, a CI service, another site)".into(),
            "Keep".into(),
        ),
        OTHER_DOMAIN => (
            format!("Another meaning of \"{from}\", found in the code"),
            "Keep, or name it in [[domains]]".into(),
        ),
        HISTORY => (
            "History: a changelog, or a name that no longer exists".into(),
            "Keep".into(),
        ),
        _ => (
            "Decided in the configuration".into(),
            "As configured".into(),
        ),
    }
}

/// The report's title: the configured one, else the migration's words.
pub(crate) fn title(config: &Config) -> String {
    config.report.title.clone().unwrap_or_else(|| {
        format!(
            "{} to {} Inventory",
            capitalized(&config.from),
            capitalized(&config.to)
        )
    })
}

/// The categories of `counts` in the inventory's order: alias, domains,
/// other meanings, generated, verb, other programs, history, stale docs, the new
/// word, review, then those decided by hand.
pub(crate) fn category_order(
    config: &Config,
    categories: &Categories,
    counts: &BTreeMap<String, usize>,
) -> Vec<String> {
    let mut order = vec![categories.alias.clone()];
    order.extend(config.domains.iter().map(|d| d.category.clone()));
    order.extend(
        [
            OTHER_DOMAIN,
            GENERATED_FROM_PROTO,
            GENERATED_CODE,
            PROCESS_VERB,
            OTHER_PROGRAM,
            HISTORY,
            DOC_STALE,
        ]
        .map(String::from),
    );
    order.push(categories.identifier.clone());
    order.push(NEEDS_REVIEW.to_string());
    // Categories decided by hand that none of these name.
    order.extend(
        counts
            .keys()
            .filter(|c| !order.contains(c))
            .cloned()
            .collect::<Vec<_>>(),
    );
    order.dedup();
    order.retain(|c| counts.contains_key(c));
    order
}

/// The file whose findings are being written, read once for all of them
/// (findings come sorted by root and path), with where its lines start
/// once asked: a file's findings never read the whole file each.
#[derive(Default)]
pub(crate) struct OpenFile {
    /// Root name and path of the file read last, and its bytes unless it
    /// could not be read.
    current: Option<(String, String, Option<Vec<u8>>)>,
    /// Where each line of the current file starts.
    starts: Option<Vec<usize>>,
}

/// A file's text by lines, as `text.split('\n')` has them.
pub(crate) struct Lines<'t> {
    text: &'t [u8],
    starts: &'t [usize],
}

impl<'t> Lines<'t> {
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// Line `n` (from 0), without its newline.
    pub(crate) fn get(&self, n: usize) -> &'t [u8] {
        let end = self
            .starts
            .get(n + 1)
            .map_or(self.text.len(), |next| next - 1);
        &self.text[self.starts[n]..end]
    }
}

impl OpenFile {
    /// The bytes of `path` under the root named `root`, found in `folder`.
    pub(crate) fn text(&mut self, root: &str, folder: &Path, path: &str) -> Option<&[u8]> {
        let stale = self
            .current
            .as_ref()
            .is_none_or(|(name, read, _)| name != root || read != path);
        if stale {
            let text = std::fs::read(folder.join(path)).ok();
            self.current = Some((root.to_string(), path.to_string(), text));
            self.starts = None;
        }
        self.current
            .as_ref()
            .and_then(|(_, _, text)| text.as_deref())
    }

    /// The lines of `path` under the root named `root`, found in `folder`.
    pub(crate) fn lines(&mut self, root: &str, folder: &Path, path: &str) -> Option<Lines<'_>> {
        self.text(root, folder, path)?;
        let text = self.current.as_ref()?.2.as_deref()?;
        let starts = self
            .starts
            .get_or_insert_with(|| crate::syntax::line_starts(text));
        Some(Lines { text, starts })
    }
}

/// Text as a URI path or fragment value: every byte but unreserved
/// characters and `/` percent-encoded, so spaces, `#`, `?`, `&` and `%` stay
/// in it.
pub(crate) fn percent_encoded(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_lines_are_those_a_split_gives() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = OpenFile::default();
        for (name, text) in [("a", "one\ntwo\r\n\nfour"), ("b", "x\n"), ("c", "")] {
            std::fs::write(dir.path().join(name), text).unwrap();
            let lines = file.lines("r", dir.path(), name).unwrap();
            let split: Vec<&[u8]> = text.as_bytes().split(|&b| b == b'\n').collect();
            let read: Vec<&[u8]> = (0..lines.len()).map(|n| lines.get(n)).collect();
            assert_eq!(read, split, "{name}");
        }
    }

    #[test]
    fn paths_keep_unreserved_characters_and_encode_the_rest() {
        assert_eq!(percent_encoded("api/run_id-v2.go"), "api/run_id-v2.go");
        assert_eq!(percent_encoded("my docs/a#b?.md"), "my%20docs/a%23b%3F.md");
        assert_eq!(percent_encoded("déjà.md"), "d%C3%A9j%C3%A0.md");
    }
}
