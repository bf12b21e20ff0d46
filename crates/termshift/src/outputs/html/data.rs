//! The findings as the page's script reads them: compact JSON in a
//! `<script type="application/json">`, so that a repository with tens of
//! thousands of findings makes a page of a few megabytes, not hundreds.
//!
//! Findings alike in all but their line make one row (as the Markdown report
//! merges them): its count and its lines. Every text (paths, categories,
//! roles, reasons, lines of code) is written once in a string table that
//! the rows name by number; a file's lines of code are listed once, with
//! the file, and a row shows those around its first [`CONTEXT_HITS`]
//! findings only. The JSON escapes `<`, `>` and `&`, so no
//! text of the corpus can close the script element.
//!
//! ```text
//! {"around": lines shown before and after a finding's, "to": word,
//!  "s": [text, ...], "f": [file, ...], "r": [row, ...]}
//! file: [repo, path (texts), code]
//! code: -1 (the file cannot be read again), or the lines the rows show,
//!       in runs of consecutive lines: [[first line's number, text, ...], ...]
//! row:  [file, category, text, role, symbol, owner, breaking, proposed,
//!        meaning, maps to, confidence, component (texts), count,
//!        lines (a text: "6,8-10"), [reasons (texts)], [hit, ...]]
//! hit:  a finding shown with the lines of code around it (see `hit`):
//!       number, [number, start, length], [number, before, word, after]
//!       or -2 (the file no longer has the line)
//! ```

use std::collections::{BTreeMap, HashMap};
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

/// A file of the rows: where it is, and the lines of it the rows show.
struct File {
    repo_path: [usize; 2],
    /// Its lines shown, by number from 0; none when it cannot be read.
    code: Option<BTreeMap<usize, usize>>,
}

/// Writes the data of `inventory`'s findings as JSON; gives the number of
/// rows.
pub(super) fn write_data(
    config: &Config,
    inventory: &Inventory,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let mut strings = Strings::default();
    let mut open = OpenFile::default();
    let mut files: Vec<File> = Vec::new();
    let mut file_index: HashMap<(&str, &str), usize> = HashMap::new();
    let mut rows_json = String::new();
    let rows = rows(&inventory.findings);
    for (n, row) in rows.iter().enumerate() {
        let first = row[0];
        let o = &first.occurrence;
        let ([category, repo, path, fields @ ..], reasons) = key(first);
        let fi = *file_index.entry((repo, path)).or_insert_with(|| {
            files.push(File {
                repo_path: [strings.id(repo), strings.id(path)],
                code: Some(BTreeMap::new()),
            });
            files.len() - 1
        });
        rows_json.push_str(if n == 0 { "\n[" } else { ",\n[" });
        rows_json.push_str(&format!("{fi},{}", strings.id(category)));
        for field in fields {
            rows_json.push_str(&format!(",{}", strings.id(field)));
        }
        let lines: Vec<u32> = row.iter().map(|f| f.occurrence.line).collect();
        rows_json.push_str(&format!(
            ",{},{},[",
            row.len(),
            strings.id(&line_spans(&lines))
        ));
        let reasons: Vec<String> = reasons.iter().map(|r| strings.id(r).to_string()).collect();
        rows_json.push_str(&reasons.join(","));
        rows_json.push_str("],[");
        let text = config
            .roots
            .iter()
            .find(|r| r.name == o.repo)
            .and_then(|r| open.lines(&r.name, &r.path, &o.path));
        let file = &mut files[fi];
        for (i, f) in row.iter().take(CONTEXT_HITS).enumerate() {
            if i > 0 {
                rows_json.push(',');
            }
            match (&text, &mut file.code) {
                (Some(text), Some(code)) => hit(text, f, code, &mut strings, &mut rows_json),
                _ => {
                    file.code = None;
                    rows_json.push_str(&f.occurrence.line.to_string());
                }
            }
        }
        rows_json.push_str("]]");
    }
    write!(out, "{{\"around\":{CONTEXT_LINES},\"to\":")?;
    json_string(&config.to, out)?;
    write!(out, ",\n\"s\":[")?;
    for (i, text) in strings.texts.iter().enumerate() {
        if i > 0 {
            write!(out, ",")?;
        }
        json_string(text, out)?;
    }
    write!(out, "],\n\"f\":[")?;
    for (i, file) in files.iter().enumerate() {
        let [repo, path] = file.repo_path;
        write!(out, "{}[{repo},{path},", if i > 0 { ",\n" } else { "\n" })?;
        match &file.code {
            None => write!(out, "-1]")?,
            Some(code) => write!(out, "[{}]]", runs(code))?,
        }
    }
    write!(out, "],\n\"r\":[{rows_json}]}}")?;
    Ok(rows.len())
}

/// Lines by number as runs of consecutive lines, each its first line's
/// number (from 1) and its texts: `[4,12,13,14],[9,3]`.
fn runs(code: &BTreeMap<usize, usize>) -> String {
    let mut runs = String::new();
    let mut next = None;
    for (&n, &text) in code {
        if next != Some(n) {
            if next.is_some() {
                runs.push_str("],");
            }
            runs.push_str(&format!("[{}", n + 1));
        }
        runs.push_str(&format!(",{text}"));
        next = Some(n + 1);
    }
    if next.is_some() {
        runs.push(']');
    }
    runs
}

/// A finding shown with its code: the lines around it go to its file's
/// `code`, and the finding's line is written as its number alone when its
/// word is not there any more, as `[number, start, length]` when the file's
/// line holds it whole (UTF-16 offsets, as the script counts), or as
/// `[number, before, word, after]` when the line is clipped around it; `-2`
/// when the file no longer has the line.
fn hit(
    lines: &Lines,
    f: &Finding,
    code: &mut BTreeMap<usize, usize>,
    strings: &mut Strings,
    out: &mut String,
) {
    let o = &f.occurrence;
    let at = o.line as usize - 1;
    if at >= lines.len() {
        out.push_str("-2");
        return;
    }
    let first = at.saturating_sub(CONTEXT_LINES);
    let last = (at + CONTEXT_LINES).min(lines.len() - 1);
    let line_of = |n: usize| {
        let line = lines.get(n);
        line.strip_suffix(b"\r").unwrap_or(line)
    };
    for n in (first..=last).filter(|&n| n != at) {
        code.entry(n)
            .or_insert_with(|| strings.id(&clip_end(line_of(n))));
    }
    let line = line_of(at);
    let start = o.column as usize - 1;
    let word = line
        .get(start..start + o.word.len())
        .filter(|w| *w == o.word.as_bytes());
    let Some(word) = word else {
        code.entry(at)
            .or_insert_with(|| strings.id(&clip_end(line)));
        out.push_str(&o.line.to_string());
        return;
    };
    let before = clip_start(&line[..start]);
    let after = clip_end(&line[start + word.len()..]);
    let whole = clip_end(line);
    let word = String::from_utf8_lossy(word);
    if whole.len() == before.len() + word.len() + after.len()
        && whole.starts_with(&before)
        && whole[before.len()..].starts_with(&*word)
    {
        code.entry(at).or_insert_with(|| strings.id(&whole));
        out.push_str(&format!(
            "[{},{},{}]",
            o.line,
            before.encode_utf16().count(),
            word.encode_utf16().count()
        ));
    } else {
        out.push_str(&format!(
            "[{},{},{},{}]",
            o.line,
            strings.id(&before),
            strings.id(&word),
            strings.id(&after)
        ));
    }
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
