//! Splitting an identifier into words, whatever its naming convention.

use std::ops::Range;

/// The naming convention of a whole identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseStyle {
    /// `run`
    Lower,
    /// `RUN`
    Upper,
    /// `Run`: one capitalised word (also the first word of `PascalCase`).
    Title,
    /// `run_id`
    Snake,
    /// `RUN_ID`
    ScreamingSnake,
    /// `run-id`
    Kebab,
    /// `RUN-ID`
    ScreamingKebab,
    /// `Run-Id`
    Train,
    /// `runId`, `selectedRunId`
    Camel,
    /// `RunID`, `DistinctRuns`
    Pascal,
    /// Anything else, such as `Run_id` or `run_Id-x`.
    Mixed,
}

impl CaseStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStyle::Lower => "lower",
            CaseStyle::Upper => "upper",
            CaseStyle::Title => "title",
            CaseStyle::Snake => "snake",
            CaseStyle::ScreamingSnake => "screaming_snake",
            CaseStyle::Kebab => "kebab",
            CaseStyle::ScreamingKebab => "screaming_kebab",
            CaseStyle::Train => "train",
            CaseStyle::Camel => "camel",
            CaseStyle::Pascal => "pascal",
            CaseStyle::Mixed => "mixed",
        }
    }
}

/// How the letters of one word are cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordCase {
    /// `run`
    Lower,
    /// `RUN` (a single upper-case letter counts as upper too)
    Upper,
    /// `Run`
    Title,
    /// `rUn`, or a word without letters
    Other,
}

pub fn word_case(word: &str) -> WordCase {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return WordCase::Other;
    };
    let rest: Vec<char> = letters.collect();
    let rest_lower = rest.iter().all(|c| c.is_lowercase());
    let rest_upper = rest.iter().all(|c| c.is_uppercase());
    match (first.is_uppercase(), rest_lower, rest_upper) {
        (false, true, _) => WordCase::Lower,
        (true, _, true) => WordCase::Upper,
        (true, true, false) => WordCase::Title,
        _ => WordCase::Other,
    }
}

/// A byte that belongs to an identifier: ASCII letters, digits, `_`, and any
/// non-ASCII byte (so that a term never matches inside a non-English word).
pub fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Splits an identifier into the byte ranges of its words.
///
/// Separators are `_`, `-` and any other non-alphanumeric byte. Inside a run
/// of letters a word starts at a lower-to-upper change (`runId` = run+Id), at
/// the last capital of an acronym followed by lower case (`HTTPRun` =
/// HTTP+Run), and at a letter/digit change (`run2` = run+2). An acronym
/// followed by a lone `s` keeps it as its plural (`RunIDs` = Run+IDs).
pub fn split_words(ident: &str) -> Vec<Range<usize>> {
    split_bytes(ident.as_bytes())
}

/// [`split_words`] over bytes that need not be UTF-8: non-ASCII bytes are
/// letters without case, so a range never cuts a UTF-8 sequence.
pub fn split_bytes(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() && bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < bytes.len() && !is_word_boundary(bytes, end) {
            end += 1;
        }
        words.push(start..end);
        i = end;
    }
    words
}

/// True when a new word starts at `i` (given that `i-1` is inside a word).
fn is_word_boundary(bytes: &[u8], i: usize) -> bool {
    let cur = bytes[i];
    let prev = bytes[i - 1];
    if cur >= 0x80 || prev >= 0x80 {
        // Non-ASCII bytes stick to their neighbours: no case logic for them.
        return !(cur >= 0x80 || cur.is_ascii_alphanumeric());
    }
    if !cur.is_ascii_alphanumeric() {
        return true;
    }
    if cur.is_ascii_digit() != prev.is_ascii_digit() {
        return true;
    }
    if prev.is_ascii_lowercase() && cur.is_ascii_uppercase() {
        return true;
    }
    if prev.is_ascii_uppercase() && cur.is_ascii_uppercase() {
        // Inside an acronym: split before its last capital when a lower-case
        // letter follows (`HTTPRun`), unless that is a plural `s` (`IDs`).
        if let Some(&next) = bytes.get(i + 1) {
            if next.is_ascii_lowercase() && !is_acronym_plural(bytes, i + 1) {
                return true;
            }
        }
    }
    false
}

/// `bytes[i]` is an `s` that ends an acronym's plural (`IDs`, `URLs`).
fn is_acronym_plural(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b's'
        && bytes
            .get(i + 1)
            .is_none_or(|b| !b.is_ascii_lowercase() && *b < 0x80)
}

/// The naming convention of an identifier.
pub fn case_style(ident: &str) -> CaseStyle {
    let words = split_words(ident);
    let cases: Vec<WordCase> = words.iter().map(|w| word_case(&ident[w.clone()])).collect();
    let has_underscore = ident.contains('_');
    let has_hyphen = ident.contains('-');
    let all = |c: WordCase| cases.iter().all(|&x| x == c || x == WordCase::Other);
    if cases.is_empty() {
        return CaseStyle::Mixed;
    }
    if has_underscore && has_hyphen {
        return CaseStyle::Mixed;
    }
    if has_underscore {
        return if all(WordCase::Lower) {
            CaseStyle::Snake
        } else if all(WordCase::Upper) {
            CaseStyle::ScreamingSnake
        } else {
            CaseStyle::Mixed
        };
    }
    if has_hyphen {
        return if all(WordCase::Lower) {
            CaseStyle::Kebab
        } else if all(WordCase::Upper) {
            CaseStyle::ScreamingKebab
        } else if cases
            .iter()
            .all(|&c| matches!(c, WordCase::Title | WordCase::Upper | WordCase::Other))
        {
            CaseStyle::Train
        } else {
            CaseStyle::Mixed
        };
    }
    if words.len() == 1 {
        return match cases[0] {
            WordCase::Lower => CaseStyle::Lower,
            WordCase::Upper => CaseStyle::Upper,
            WordCase::Title => CaseStyle::Title,
            WordCase::Other => CaseStyle::Mixed,
        };
    }
    let tail_ok = cases[1..]
        .iter()
        .all(|&c| matches!(c, WordCase::Title | WordCase::Upper | WordCase::Other));
    if all(WordCase::Upper) {
        return CaseStyle::Upper;
    }
    match cases[0] {
        WordCase::Lower if tail_ok => CaseStyle::Camel,
        WordCase::Title | WordCase::Upper if tail_ok => CaseStyle::Pascal,
        _ => CaseStyle::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ident: &str) -> Vec<&str> {
        split_words(ident).into_iter().map(|r| &ident[r]).collect()
    }

    #[test]
    fn splits_every_convention() {
        assert_eq!(words("RunID"), ["Run", "ID"]);
        assert_eq!(words("runID"), ["run", "ID"]);
        assert_eq!(words("runId"), ["run", "Id"]);
        assert_eq!(words("run_id"), ["run", "id"]);
        assert_eq!(words("RUN_ID"), ["RUN", "ID"]);
        assert_eq!(words("run-id"), ["run", "id"]);
        assert_eq!(
            words("startRunForPrompt"),
            ["start", "Run", "For", "Prompt"]
        );
        assert_eq!(words("selectedRunId"), ["selected", "Run", "Id"]);
        assert_eq!(words("DistinctRuns"), ["Distinct", "Runs"]);
        assert_eq!(words("turns_by_run"), ["turns", "by", "run"]);
        assert_eq!(words("/runs"), ["runs"]);
        assert_eq!(words(":runId"), ["run", "Id"]);
        assert_eq!(words("HTTPRunURL"), ["HTTP", "Run", "URL"]);
        assert_eq!(words("RunIDs"), ["Run", "IDs"]);
        assert_eq!(words("URLsForRun"), ["URLs", "For", "Run"]);
        assert_eq!(words("run2"), ["run", "2"]);
        assert_eq!(words("sessionRunID"), ["session", "Run", "ID"]);
    }

    #[test]
    fn other_words_stay_whole() {
        for ident in [
            "runtime", "running", "rerun", "prune", "truncate", "Rune", "runner",
        ] {
            assert_eq!(words(ident), [ident]);
        }
    }

    #[test]
    fn non_ascii_letters_stick_to_their_word() {
        assert_eq!(words("runé_id"), ["runé", "id"]);
    }

    #[test]
    fn names_the_style() {
        assert_eq!(case_style("run"), CaseStyle::Lower);
        assert_eq!(case_style("RUN"), CaseStyle::Upper);
        assert_eq!(case_style("Run"), CaseStyle::Title);
        assert_eq!(case_style("run_id"), CaseStyle::Snake);
        assert_eq!(case_style("RUN_ID"), CaseStyle::ScreamingSnake);
        assert_eq!(case_style("run-id"), CaseStyle::Kebab);
        assert_eq!(case_style("RUN-ID"), CaseStyle::ScreamingKebab);
        assert_eq!(case_style("User-Agent"), CaseStyle::Train);
        assert_eq!(case_style("runId"), CaseStyle::Camel);
        assert_eq!(case_style("runID"), CaseStyle::Camel);
        assert_eq!(case_style("RunID"), CaseStyle::Pascal);
        assert_eq!(case_style("HTTPRunURL"), CaseStyle::Pascal);
        assert_eq!(case_style("Run_id"), CaseStyle::Mixed);
    }
}
