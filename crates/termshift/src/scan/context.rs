//! The words around an occurrence on its line, read as English: the
//! clause they stand in, a program they follow, a proper name before,
//! a URL, a sentence telling history, an environment variable.

/// How far along its line from a token its context is read: far enough
/// for the nearest words, their clause or sentence and a URL. A longer
/// line (minified code, a data dump) may hold a hit every few bytes, and
/// reading all of it for each would cost the square of its length.
const REACH: usize = 512;

/// The words around an occurrence on its line, for reading it as English.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WordContext {
    /// Up to two words before the token, nearest first, then `|`, then up
    /// to two words after it, nearest first; lowercased, separated by
    /// spaces (words hold neither). One string, not two lists of strings:
    /// every occurrence keeps one.
    words: Box<str>,
    /// The token follows a program name at the start of a line
    /// (`go run ./cmd`): a subcommand.
    pub subcommand: bool,
    /// The token is written as a command-line option (`-run Router`).
    pub option: bool,
    /// A capitalized word stands just before the token in mid-sentence,
    /// and the token is in small letters: the token is that name's thing
    /// ("Kubernetes master", "a Puppet master").
    pub proper_before: bool,
    /// The token lies in a URL: its host and path up to the token
    /// (`github.com/msgpack/msgpack/blob/`), lowercased.
    pub url: Option<Box<str>>,
    /// In prose, the token's sentence tells that something changed or is
    /// gone ("has been removed", "was renamed", "no longer").
    pub history: bool,
    /// In prose, the token opens its sentence: nothing but indentation, a
    /// comment's or a list's marker or a sentence's end stands before it
    /// on its line.
    pub opens_sentence: bool,
    /// The token names an environment variable where it is read or set
    /// (`os.Getenv("RUN_E2E")`, `process.env.RUN_E2E`, `$RUN_E2E`).
    pub env_var: bool,
}

impl WordContext {
    /// `in_code`: the token stands in a script or code block, where a
    /// line starts a command. `prose`: it stands in sentences, whose
    /// clauses bound the words read around it (in code a comma or a
    /// quote separates the parts of one name: `["auth", "users"]`).
    pub(super) fn around(
        text: &[u8],
        token: std::ops::Range<usize>,
        in_code: bool,
        prose: bool,
    ) -> WordContext {
        // The line is read within `REACH` of the token; `whole_line` says
        // whether its start is in reach.
        let reach_start = token.start.saturating_sub(REACH);
        let line_start = memchr::memrchr(b'\n', &text[reach_start..token.start])
            .map_or(reach_start, |p| reach_start + p + 1);
        let whole_line = line_start == 0 || text[line_start - 1] == b'\n';
        let reach_end = text.len().min(token.end + REACH);
        let line_end =
            memchr::memchr(b'\n', &text[token.end..reach_end]).map_or(reach_end, |p| token.end + p);
        // Only the nearest words are kept, in a vector of their size: a
        // long line (an SQL dump) must not leave one sized for all its
        // words behind each occurrence.
        let nearest = |bytes: &[u8], from_end: bool, count: usize| -> Vec<String> {
            let line = String::from_utf8_lossy(bytes);
            let words = line
                .split(|c: char| !(c.is_alphanumeric() || c == '\''))
                .filter(|w| !w.is_empty());
            let mut nearest = Vec::with_capacity(count);
            if from_end {
                nearest.extend(words.rev().take(count).map(str::to_lowercase));
            } else {
                nearest.extend(words.take(count).map(str::to_lowercase));
            }
            nearest
        };
        let before_text = &text[line_start..token.start];
        // Words are read within the token's clause: "a Salt master. The"
        // has nothing after `master`.
        let clause_start = (0..before_text.len())
            .rev()
            .find(|&i| prose && ends_clause(before_text, i))
            .map_or(0, |p| p + 1);
        let mut before = nearest(&before_text[clause_start..], true, 2);
        // A phrase may wrap: "one planning\n// run" reads on.
        if before.len() < 2 && whole_line && line_start > 0 && clause_start == 0 {
            let previous_reach = (line_start - 1).saturating_sub(REACH);
            let previous_start = memchr::memrchr(b'\n', &text[previous_reach..line_start - 1])
                .map_or(previous_reach, |p| previous_reach + p + 1);
            let wanted = 2 - before.len();
            before.extend(nearest(&text[previous_start..line_start - 1], true, wanted));
        }
        let after_text = &text[token.end..line_end];
        let clause_end = (0..after_text.len())
            .find(|&i| prose && ends_clause(after_text, i))
            .unwrap_or(after_text.len());
        let after = nearest(&after_text[..clause_end], false, 2);
        let subcommand = follows_program(before_text, whole_line, in_code)
            && text
                .get(token.end)
                .is_none_or(|b| matches!(b, b' ' | b'\n' | b'\r' | b'`' | b'"' | b'\''));
        let dashes = before_text.iter().rev().take_while(|&&b| b == b'-').count();
        // `-run`, `--run-id`, and a flag's definition in a string
        // (`add_argument("--run-id")`).
        let option = (1..=2).contains(&dashes)
            && before_text[..before_text.len() - dashes]
                .last()
                .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'`' | b'"' | b'\''));
        WordContext {
            words: format!("{}|{}", before.join(" "), after.join(" ")).into(),
            subcommand,
            option,
            // A proper name may stand at the end of the line before.
            proper_before: proper_before(
                &text[if whole_line { 0 } else { line_start }..token.start],
                &text[token.clone()],
            ),
            url: url_before(before_text),
            history: prose && tells_history(before_text, after_text),
            opens_sentence: prose && opens_sentence(before_text, whole_line),
            env_var: names_env_var(before_text, &text[token.clone()]),
        }
    }

    /// The words before the token, nearest first.
    pub fn before(&self) -> impl Iterator<Item = &str> {
        let (before, _) = self.words.split_once('|').unwrap_or_default();
        before.split(' ').filter(|w| !w.is_empty())
    }

    /// The words after the token, nearest first.
    pub fn after(&self) -> impl Iterator<Item = &str> {
        let (_, after) = self.words.split_once('|').unwrap_or_default();
        after.split(' ').filter(|w| !w.is_empty())
    }
}

/// Whether a token opens a sentence: the text before it on its line is
/// indentation, markers (`//`, `#`, `*`, `-`, `>`, `7.`, `1)`), or ends a
/// sentence. `whole_line`: `before` starts where the line does.
fn opens_sentence(before: &[u8], whole_line: bool) -> bool {
    let rest = before.trim_ascii_end();
    if matches!(rest.last(), Some(b'.' | b'!' | b'?' | b':')) && before.ends_with(b" ") {
        // A numbered item (`7. Run`) or a sentence's end (`done. Run`).
        return true;
    }
    whole_line
        && rest
            .iter()
            .all(|&b| b.is_ascii_whitespace() || b.is_ascii_digit() || b"/#*-+>|.)".contains(&b))
}

/// Whether a token in capitals names an environment variable: read by the
/// usual calls of Go, Python, Node, Rust and the shell, or expanded by a
/// shell (`$RUN_E2E`, `${RUN_E2E}`).
fn names_env_var(before: &[u8], token: &[u8]) -> bool {
    const READS: [&[u8]; 11] = [
        b"Getenv(\"",
        b"LookupEnv(\"",
        b"Setenv(\"",
        b"getenv(\"",
        b"environ[\"",
        b"environ.get(\"",
        b"environ[\'",
        b"env::var(\"",
        b"process.env.",
        b"process.env[\"",
        b"ENV[\"",
    ];
    let capitals =
        token.iter().any(u8::is_ascii_uppercase) && !token.iter().any(u8::is_ascii_lowercase);
    capitals
        && (READS.iter().any(|r| before.ends_with(r))
            || before.ends_with(b"$")
            || before.ends_with(b"${"))
}

/// Whether the sentence around a token, within its line, tells a change
/// that is over: a name removed, renamed or replaced, or no longer there.
fn tells_history(before: &[u8], after: &[u8]) -> bool {
    // "Formerly" and "was called" tell that two names name one thing,
    // which is an alias's doc, not history.
    const MARKERS: [&str; 5] = ["removed", "renamed", "replaced", "no longer", "used to be"];
    let sentence_start = (0..before.len())
        .rev()
        .find(|&i| matches!(before[i], b'.' | b'!' | b'?') && before.get(i + 1) == Some(&b' '))
        .map_or(0, |p| p + 1);
    let sentence_end = (0..after.len())
        .find(|&i| {
            matches!(after[i], b'.' | b'!' | b'?')
                && after.get(i + 1).is_none_or(u8::is_ascii_whitespace)
        })
        .unwrap_or(after.len());
    let lower = |text: &[u8]| String::from_utf8_lossy(text).to_ascii_lowercase();
    let (before, after) = (
        lower(&before[sentence_start..]),
        lower(&after[..sentence_end]),
    );
    MARKERS
        .iter()
        .any(|m| before.contains(m) || after.contains(m))
}

/// Whether the byte at `i` ends a clause for reading the words around a
/// token: a sentence's end (a dot, `!` or `?` before a space or the end;
/// not a colon, which labels: "legacy name: run_id"), a list's comma, a semicolon, brackets, quotes, a table's bar. A
/// dot inside a name (`conv.run`) ends nothing.
fn ends_clause(text: &[u8], i: usize) -> bool {
    match text[i] {
        b'.' | b'!' | b'?' => text.get(i + 1).is_none_or(u8::is_ascii_whitespace),
        b',' | b';' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b'`' | b'|' => true,
        _ => false,
    }
}

/// Whether a capitalized word stands right before a token in small
/// letters, in the middle of a sentence: a proper name and its thing
/// ("of Kubernetes master"), not a sentence's first word ("Then run") nor
/// a title ("Salt Master"). `before` is the text before the token; a
/// sentence may wrap between the name and the token, or before the name,
/// within one comment or paragraph.
fn proper_before(before: &[u8], token: &[u8]) -> bool {
    // Words that open sentences are capitalized for that alone.
    const OPENERS: [&[u8]; 24] = [
        b"The", b"A", b"An", b"This", b"That", b"These", b"Those", b"Each", b"Every", b"Some",
        b"Any", b"No", b"Our", b"Your", b"Its", b"Their", b"If", b"When", b"In", b"On", b"For",
        b"To", b"See", b"Note",
    ];
    if !token.first().is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    let Some(head) = before.strip_suffix(b" ").or_else(|| continued_from(before)) else {
        return false;
    };
    let start = head
        .iter()
        .rposition(|b| !b.is_ascii_alphanumeric())
        .map_or(0, |p| p + 1);
    let (rest, word) = head.split_at(start);
    let capitalized = word.first().is_some_and(u8::is_ascii_uppercase)
        && word.len() > 1
        && !OPENERS.contains(&word);
    capitalized && mid_sentence(rest)
}

/// Whether the text before a word goes on a sentence: a word or a comma
/// before it on its line, or, at the start of its line, the line before
/// in the same comment or paragraph.
fn mid_sentence(before: &[u8]) -> bool {
    let continues = |text: &[u8]| {
        text.trim_ascii_end()
            .last()
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b',')
    };
    let line = &before[before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1)..];
    if line.iter().all(|&b| is_line_marker(b)) {
        continued_from(before).is_some_and(continues)
    } else {
        line.ends_with(b" ") && continues(line)
    }
}

/// The text up to the end of the line before, when the current line holds
/// nothing before the point but its indent and the comment marker the
/// line before starts with too (`// ... a Salt\n// master`).
fn continued_from(before: &[u8]) -> Option<&[u8]> {
    let line_start = before.iter().rposition(|&b| b == b'\n')? + 1;
    let line = &before[line_start..];
    if !line.iter().all(|&b| is_line_marker(b)) {
        return None;
    }
    let previous_text = &before[..line_start - 1];
    let previous = &previous_text[previous_text
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1)..];
    let marker = |text: &[u8]| -> Vec<u8> {
        text.trim_ascii_start()
            .iter()
            .take_while(|&&b| is_line_marker(b) && !b.is_ascii_whitespace())
            .copied()
            .collect()
    };
    (!previous.trim_ascii().is_empty() && marker(previous) == marker(line))
        .then(|| previous_text.trim_ascii_end())
}

/// Indentation and the markers that open a comment's line.
fn is_line_marker(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'/' | b'#' | b'*')
}

/// The host and path before a token that lies in a URL
/// (`https://github.com/msgpack/msgpack/blob/` -> `github.com/msgpack/msgpack/blob/`).
fn url_before(before: &[u8]) -> Option<Box<str>> {
    let start = before
        .iter()
        .rposition(|&b| {
            b.is_ascii_whitespace() || matches!(b, b'(' | b'<' | b'"' | b'\'' | b'`' | b'[')
        })
        .map_or(0, |p| p + 1);
    let chunk = &before[start..];
    let at = memchr::memmem::find(chunk, b"://")?;
    let rest = &chunk[at + 3..];
    // A host holds a dot, and the token comes after its path's slash.
    let host_end = rest.iter().position(|&b| b == b'/')?;
    if !rest[..host_end].contains(&b'.') {
        return None;
    }
    Some(String::from_utf8_lossy(rest).to_lowercase().into())
}

/// Whether the text before a word ends with a command's name that starts
/// a command line: after a code span's backtick or a shell prompt
/// (`` `npm ``, `$ docker `), in a code block of a comment (`//\tgo `), or at
/// the start of a line of a code block or script (`in_code`), or first in
/// a `//go:generate` directive, whose text is a command line.
/// `whole_line`: `before` starts where the line does.
fn follows_program(before: &[u8], whole_line: bool, in_code: bool) -> bool {
    let Some(line) = before.strip_suffix(b" ") else {
        return false;
    };
    let start = line
        .iter()
        .rposition(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_')))
        .map_or(0, |p| p + 1);
    let (boundary, program) = line.split_at(start);
    let markers = boundary
        .iter()
        .take_while(|b| matches!(b, b' ' | b'/' | b'#' | b'*' | b'-'))
        .count();
    let indent = &boundary[markers.min(boundary.len())..];
    let starts_line = whole_line
        && markers + indent.len() == boundary.len()
        && indent
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'$' | b'>'));
    let code_line = starts_line
        && (in_code || indent.contains(&b'\t') || indent.contains(&b'$') || indent.len() >= 2);
    // In a script or code block, `&&`, `|` and `;` start commands too.
    let opens_command = boundary.trim_ascii_end().last().is_some_and(|b| {
        matches!(b, b'`' | b'$' | b'(')
            || (in_code && matches!(b, b'&' | b'|' | b';' | b'"' | b'\''))
    });
    let directive = boundary.trim_ascii_end().ends_with(b"//go:generate");
    program.first().is_some_and(u8::is_ascii_lowercase) && (opens_command || code_line || directive)
}
