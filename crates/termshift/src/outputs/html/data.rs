//! The findings as the page's script reads them: compact JSON in a
//! `<script type="application/json">`, so that a repository with tens of
//! thousands of findings makes a page of a few megabytes, not hundreds.
//!
//! Findings alike in all but their line make one row (as the Markdown report
//! merges them): its count and its lines. Every text (paths, categories,
//! roles, reasons, lines of code) is written once in a string table that
//! the rows name by number, and a row keeps the code of its first
//! [`CONTEXT_HITS`] findings only. The JSON escapes `<`, `>` and `&`, so no
//! text of the corpus can close the script element.
//!
//! ```text
//! {"to": word, "s": [text, ...], "r": [row, ...]}
//! row: [category, repo, path, text, role, symbol, owner, breaking,
//!       proposed, meaning, maps to, confidence, component,   (texts)
//!       count, lines (text: "6,8-10"), [reasons (texts)], [code, ...]]
//! code: -1 (the file cannot be read again), -2 (the file no longer has
//!       the line), or [first line number, line, ...], a line being a text
//!       or, on the finding's line, [before, word, after] (texts)
//! ```

use std::collections::HashMap;
use std::io::{self, Write};

use crate::classify::{Finding, Inventory, MapsTo};
use crate::config::Config;
use crate::outputs::{line_spans, Lines, OpenFile};

/// Lines of code shown before and after a finding's line.
const CONTEXT_LINES: usize = 2;
/// Characters of a line of code shown at most on either side of the hit,
/// so that a minified file does not fill the page.
const CONTEXT_WIDTH: usize = 160;
/// Findings of a row whose code is kept: enough to see what the row is,
/// few enough that one name used 200,000 times in a file costs a few lines.
pub(super) const CONTEXT_HITS: usize = 10;

/// The fields that make findings one row: all that the row and its details
/// show, but the line.
type Key<'f> = ([&'f str; 13], &'f [String]);

fn key(f: &Finding) -> Key<'_> {
    let o = &f.occurrence;
    (
        [
            &f.category,
            &o.repo,
            &o.path,
            &o.text,
            o.role.name(),
            o.symbol.as_deref().unwrap_or(""),
            &f.owner,
            f.breaking.as_str(),
            &f.proposed,
            &f.meaning,
            maps_to(f.maps_to),
            f.confidence.as_str(),
            &f.component,
        ],
        &f.reasons,
    )
}

fn maps_to(m: MapsTo) -> &'static str {
    match m {
        MapsTo::Yes => "Yes",
        MapsTo::No => "No",
        MapsTo::Mixed => "Mixed",
        MapsTo::Unknown => "Unknown",
    }
}

/// The findings merged into rows, in the order of each row's first finding.
pub(super) fn rows(findings: &[Finding]) -> Vec<Vec<&Finding>> {
    let mut rows: Vec<Vec<&Finding>> = Vec::new();
    let mut index: HashMap<Key<'_>, usize> = HashMap::new();
    for f in findings {
        let i = *index.entry(key(f)).or_insert_with(|| {
            rows.push(Vec::new());
            rows.len() - 1
        });
        rows[i].push(f);
    }
    rows
}

/// Texts, each written once and named by its place.
#[derive(Default)]
struct Strings {
    texts: Vec<String>,
    index: HashMap<String, usize>,
}

impl Strings {
    fn id(&mut self, text: &str) -> usize {
        if let Some(&i) = self.index.get(text) {
            return i;
        }
        self.texts.push(text.to_string());
        self.index.insert(text.to_string(), self.texts.len() - 1);
        self.texts.len() - 1
    }
}

/// Writes the data of `inventory`'s findings as JSON; gives the number of
/// rows.
pub(super) fn write_data(
    config: &Config,
    inventory: &Inventory,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let mut strings = Strings::default();
    let mut file = OpenFile::default();
    let mut rows_json = String::new();
    let rows = rows(&inventory.findings);
    for (n, row) in rows.iter().enumerate() {
        let first = row[0];
        let (fields, reasons) = key(first);
        rows_json.push_str(if n == 0 { "\n[" } else { ",\n[" });
        for field in fields {
            rows_json.push_str(&strings.id(field).to_string());
            rows_json.push(',');
        }
        let lines: Vec<u32> = row.iter().map(|f| f.occurrence.line).collect();
        rows_json.push_str(&format!(
            "{},{},[",
            row.len(),
            strings.id(&line_spans(&lines))
        ));
        let reasons: Vec<String> = reasons.iter().map(|r| strings.id(r).to_string()).collect();
        rows_json.push_str(&reasons.join(","));
        rows_json.push_str("],[");
        let o = &first.occurrence;
        for (i, f) in row.iter().take(CONTEXT_HITS).enumerate() {
            if i > 0 {
                rows_json.push(',');
            }
            let lines = config
                .roots
                .iter()
                .find(|r| r.name == o.repo)
                .and_then(|r| file.lines(&r.name, &r.path, &o.path));
            match lines {
                Some(lines) => code(&lines, f, &mut strings, &mut rows_json),
                None => rows_json.push_str("-1"),
            }
        }
        rows_json.push_str("]]");
    }
    write!(out, "{{\"to\":")?;
    json_string(&config.to, out)?;
    write!(out, ",\n\"s\":[")?;
    for (i, text) in strings.texts.iter().enumerate() {
        if i > 0 {
            write!(out, ",")?;
        }
        json_string(text, out)?;
    }
    write!(out, "],\n\"r\":[{rows_json}]}}")?;
    Ok(rows.len())
}

/// The lines around a finding, its word marked on its line when the file
/// still holds it there.
fn code(lines: &Lines, f: &Finding, strings: &mut Strings, out: &mut String) {
    let o = &f.occurrence;
    let at = o.line as usize - 1;
    if at >= lines.len() {
        out.push_str("-2");
        return;
    }
    let first = at.saturating_sub(CONTEXT_LINES);
    let last = (at + CONTEXT_LINES).min(lines.len() - 1);
    out.push_str(&format!("[{}", first + 1));
    for n in first..=last {
        let line = lines.get(n);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let start = o.column as usize - 1;
        let word = line
            .get(start..start + o.word.len())
            .filter(|w| *w == o.word.as_bytes() && n == at);
        match word {
            Some(word) => out.push_str(&format!(
                ",[{},{},{}]",
                strings.id(&clip_start(&line[..start])),
                strings.id(&String::from_utf8_lossy(word)),
                strings.id(&clip_end(&line[start + word.len()..]))
            )),
            None => out.push_str(&format!(",{}", strings.id(&clip_end(line)))),
        }
    }
    out.push(']');
}

/// `text` as a JSON string that may stand inside a script element: `<`,
/// `>` and `&` are written as escapes, so no `</script>` or `<!--` of the
/// corpus ends or changes the element.
pub(super) fn json_string(text: &str, out: &mut dyn Write) -> io::Result<()> {
    let mut rest = text;
    out.write_all(b"\"")?;
    while let Some(i) = rest.find(|c: char| {
        matches!(c, '"' | '\\' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}') || c < ' '
    }) {
        out.write_all(&rest.as_bytes()[..i])?;
        let c = rest[i..].chars().next().unwrap_or_default();
        match c {
            '"' => out.write_all(b"\\\"")?,
            '\\' => out.write_all(b"\\\\")?,
            '\n' => out.write_all(b"\\n")?,
            '\t' => out.write_all(b"\\t")?,
            _ => write!(out, "\\u{:04x}", c as u32)?,
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.write_all(rest.as_bytes())?;
    out.write_all(b"\"")
}

/// The bytes that can hold `CONTEXT_WIDTH` characters, and one more to
/// tell that there are more: a line is cut before it is decoded, so a
/// minified line is not decoded once per hit on it.
const CONTEXT_BYTES: usize = 4 * (CONTEXT_WIDTH + 1);

/// The end of a text, at most `CONTEXT_WIDTH` characters of it.
fn clip_start(bytes: &[u8]) -> String {
    let mut from = bytes.len().saturating_sub(CONTEXT_BYTES);
    // Not inside a character.
    while from < bytes.len() && from > 0 && bytes[from] & 0xC0 == 0x80 {
        from += 1;
    }
    let text = String::from_utf8_lossy(&bytes[from..]);
    let count = text.chars().count();
    if count <= CONTEXT_WIDTH {
        return text.into_owned();
    }
    let kept: String = text.chars().skip(count - CONTEXT_WIDTH).collect();
    format!("…{kept}")
}

/// The start of a text, at most `CONTEXT_WIDTH` characters of it.
fn clip_end(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(CONTEXT_BYTES)]);
    if text.chars().count() <= CONTEXT_WIDTH {
        return text.into_owned();
    }
    let kept: String = text.chars().take(CONTEXT_WIDTH).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_clipped_the_same_whether_cut_first_or_not() {
        let line = "é".repeat(3 * CONTEXT_BYTES) + "run" + &"ü".repeat(3 * CONTEXT_BYTES);
        let (before, after) = line.split_once("run").unwrap();
        let whole = |text: &str, end: bool| {
            let kept: String = if end {
                text.chars().take(CONTEXT_WIDTH).collect()
            } else {
                let count = text.chars().count();
                text.chars().skip(count - CONTEXT_WIDTH).collect()
            };
            if end {
                format!("{kept}…")
            } else {
                format!("…{kept}")
            }
        };
        assert_eq!(clip_start(before.as_bytes()), whole(before, false));
        assert_eq!(clip_end(after.as_bytes()), whole(after, true));
        // A text of the width exactly is whole.
        let exact = "ab".repeat(CONTEXT_WIDTH / 2);
        assert_eq!(clip_start(exact.as_bytes()), exact);
        assert_eq!(clip_end(exact.as_bytes()), exact);
    }

    #[test]
    fn json_text_cannot_end_the_script_and_reads_back_the_same() {
        for text in [
            "</script><script>alert(1)</script>",
            "<!-- a & b -->",
            "quote \" backslash \\ tab \t newline \n nul \0 é ✓ \u{2028}",
            "",
        ] {
            let mut out = Vec::new();
            json_string(text, &mut out).unwrap();
            let json = String::from_utf8(out).unwrap();
            assert!(!json.contains(['<', '>', '&']), "{json}");
            let back: String = serde_json::from_str(&json).unwrap();
            assert_eq!(back, text);
        }
    }
}
