//! Terms (the words being looked for), finding them in text, and rebuilding an
//! identifier with one term replaced by another.
//!
//! A token is identifier bytes, joined across a single `-`
//! ([`token_around`]). A hit is a whole word, or run of words, of a token
//! equal to a term or its plural; a term's word may be written as two
//! (`timestamp` in `CreatedTimeStamp`). A term of several words also runs
//! on into the next token of prose, past spaces or a line break and a
//! comment's marker; such a phrase is rebuilt word by word, what stood
//! between the words kept.

use std::ops::Range;

use crate::split::{
    case_style, is_ident_byte, split_bytes, split_words, word_case, CaseStyle, WordCase,
};

/// A term: one or more words (`run`, `planning run`), with the plural of its
/// last word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lower-case words, in order.
    words: Vec<String>,
    /// Lower-case plural of the last word.
    plural: String,
}

impl Term {
    /// A term from its spelling (`run`, `planning_run`, `PlanningRun` all give
    /// the words `planning run`), with an explicit plural of its last word or
    /// the regular English one.
    pub fn new(spelling: &str, plural: Option<&str>) -> Result<Term, String> {
        let words: Vec<String> = split_words(spelling)
            .into_iter()
            .map(|r| spelling[r].to_lowercase())
            .collect();
        if words.is_empty() {
            return Err(format!("`{spelling}` has no letters or digits"));
        }
        if spelling.bytes().any(|b| b >= 0x80) {
            return Err(format!(
                "`{spelling}` is not ASCII; terms must be ASCII words"
            ));
        }
        // A term is matched word by word, so a character that joins no
        // words (a regex's `.` or `*`) would be dropped without a word.
        if let Some(c) = spelling
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ')))
        {
            return Err(format!(
                "`{spelling}` holds `{}`; a term is words of letters and digits, joined by `_`, `-` or a space (patterns are not read)",
                c.escape_default()
            ));
        }
        let last = words.last().expect("non-empty");
        let plural = match plural {
            Some(p) => {
                let p = p.trim().to_lowercase();
                if p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(format!("plural `{p}` must be one ASCII word"));
                }
                p
            }
            None => regular_plural(last),
        };
        Ok(Term { words, plural })
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn plural(&self) -> &str {
        &self.plural
    }

    /// The term's words, plural or not, for replacing a matched term.
    fn spelled(&self, plural: bool) -> Vec<&str> {
        let mut out: Vec<&str> = self.words.iter().map(String::as_str).collect();
        if plural {
            *out.last_mut().expect("non-empty") = &self.plural;
        }
        out
    }

    /// Does the term start at word `i` of `ident`? Returns the number of
    /// the identifier's words matched and whether the last one was plural.
    /// A term's word may be written as two words (`timestamp` in
    /// `CreatedTimeStamp`).
    fn match_at(&self, ident: &[u8], words: &[Range<usize>], i: usize) -> Option<(usize, bool)> {
        let n = self.words.len();
        let mut at = i;
        let mut plural = false;
        for (k, expected) in self.words.iter().enumerate() {
            let last = k == n - 1;
            let (used, is_plural) = self.word_at(ident, words, at, expected, last)?;
            // Words of a multi-word term must be adjacent in the identifier.
            if k > 0 && words[at].start - words[at - 1].end > 1 {
                return None;
            }
            plural = is_plural;
            at += used;
        }
        Some((at - i, plural))
    }

    /// How many of the identifier's words from `at` spell `expected` (one,
    /// or two joined: `Time` `Stamp`), and whether as the plural (`last`:
    /// the term's last word, which may be).
    fn word_at(
        &self,
        ident: &[u8],
        words: &[Range<usize>],
        at: usize,
        expected: &str,
        last: bool,
    ) -> Option<(usize, bool)> {
        let one = &ident[words.get(at)?.clone()];
        let forms: &[(&str, bool)] = if last {
            &[(expected, false), (self.plural.as_str(), true)]
        } else {
            &[(expected, false)]
        };
        for &(form, plural) in forms {
            if one.eq_ignore_ascii_case(form.as_bytes()) {
                return Some((1, plural));
            }
        }
        // Two words that spell one: `Time` + `Stamp` for `timestamp`.
        let next = words.get(at + 1)?;
        if next.start - words[at].end > 1 {
            return None;
        }
        let two = &ident[next.clone()];
        forms.iter().find_map(|&(form, plural)| {
            let form = form.as_bytes();
            (form.len() == one.len() + two.len()
                && form[..one.len()].eq_ignore_ascii_case(one)
                && form[one.len()..].eq_ignore_ascii_case(two))
            .then_some((2, plural))
        })
    }
}

/// The regular English plural: `run` -> `runs`, `box` -> `boxes`,
/// `policy` -> `policies`.
pub fn regular_plural(word: &str) -> String {
    let consonant_y = word.len() > 1
        && word.ends_with('y')
        && !matches!(
            word.as_bytes()[word.len() - 2],
            b'a' | b'e' | b'i' | b'o' | b'u'
        );
    if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// One occurrence of a term in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordHit {
    /// Byte range of the whole identifier or word that contains the term.
    pub token: Range<usize>,
    /// Byte range of the matched term's words (a sub-range of `token`).
    pub word: Range<usize>,
    /// Index of the term in the vocabulary.
    pub term: usize,
    /// The last matched word was the plural form.
    pub plural: bool,
}

/// The needles of [`Vocabulary::needles`] for `terms`.
fn needles_of(terms: &[Term]) -> Vec<String> {
    let mut needles: Vec<String> = Vec::new();
    for term in terms {
        let mut stems = vec![term.words[0].as_str()];
        if term.words.len() == 1 && !term.plural.starts_with(&term.words[0]) {
            stems.push(&term.plural);
        }
        for stem in stems {
            let mut title = stem.to_string();
            title[..1].make_ascii_uppercase();
            needles.extend([stem.to_string(), title, stem.to_ascii_uppercase()]);
        }
    }
    needles.sort();
    needles.dedup();
    needles
}

/// The terms looked for, and how to find them.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    terms: Vec<Term>,
    /// See [`Vocabulary::needles`].
    needles: Vec<String>,
    /// Which bytes start a needle: the others are passed over at once.
    starts_needle: [bool; 256],
}

impl Vocabulary {
    pub fn new(terms: Vec<Term>) -> Vocabulary {
        let needles = needles_of(&terms);
        let mut starts_needle = [false; 256];
        for needle in &needles {
            starts_needle[usize::from(needle.as_bytes()[0])] = true;
        }
        Vocabulary {
            terms,
            needles,
            starts_needle,
        }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Byte strings one of which occurs in any text that holds a hit: the
    /// first word of each term (and an irregular plural of a one-word term,
    /// `people`) in lower, title and upper case. These are all the cases a
    /// whole word can have: a word never has a capital after a small letter
    /// (`rUn` splits into `r` and `Un`), nor a small letter after two
    /// capitals but for an acronym's plural `s` (`RUNs`, which starts with
    /// `RUN`). A prefilter searches for these exactly; only their positions
    /// need checking.
    pub fn needles(&self) -> &[String] {
        &self.needles
    }

    /// Every hit in `text`, in order; for tests and small inputs (a prefilter
    /// with [`token_around`] and [`Vocabulary::hits_in_token`] does the same
    /// faster). Tokens are runs of identifier bytes, joined by single `-`
    /// (`run-id`); anything else separates them (`/runs/:runId` holds `runs`
    /// and `runId`).
    pub fn find_all(&self, text: &[u8]) -> Vec<WordHit> {
        let needles = &self.needles;
        let mut hits: Vec<WordHit> = Vec::new();
        let mut i = 0;
        while i < text.len() {
            let at_needle = self.starts_needle[usize::from(text[i])]
                && needles.iter().any(|n| text[i..].starts_with(n.as_bytes()));
            if at_needle {
                let token = token_around(text, i);
                let mut end = token.end;
                let found = self.hits_in_token(text, token.clone());
                if found.is_empty() {
                    if let Some(across) = self.hit_across(text, token) {
                        end = across.token.end;
                        hits.push(across);
                    }
                }
                hits.extend(found);
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        hits
    }

    /// The hits inside one token, which must be a range given by
    /// [`token_around`].
    pub fn hits_in_token(&self, text: &[u8], token: Range<usize>) -> Vec<WordHit> {
        let ident = &text[token.clone()];
        let words = split_bytes(ident);
        let mut hits = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let found = self
                .terms
                .iter()
                .enumerate()
                .find_map(|(t, term)| term.match_at(ident, &words, i).map(|m| (t, m)));
            match found {
                Some((term, (n, plural))) => {
                    let word = token.start + words[i].start..token.start + words[i + n - 1].end;
                    hits.push(WordHit {
                        token: token.clone(),
                        word,
                        term,
                        plural,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        hits
    }
}

impl Vocabulary {
    /// A term of several words written across two tokens of prose, after
    /// `token`: its first words end the token and the rest start the next
    /// one, past spaces or a line break and a comment's marker ("step
    /// settings", "Step\n// settings"). The hit's token spans both.
    pub fn hit_across(&self, text: &[u8], token: Range<usize>) -> Option<WordHit> {
        let ident = &text[token.clone()];
        let words = split_bytes(ident);
        let next = next_token_start(text, token.end)?;
        let following = token_around(text, next);
        if following.start != next {
            return None;
        }
        let next_ident = &text[following.clone()];
        let next_words = split_bytes(next_ident);
        for (t, term) in self.terms.iter().enumerate() {
            let n = term.words.len();
            for k in 1..n.min(words.len() + 1) {
                let tail = &words[words.len() - k..];
                let head_matches = tail.iter().zip(&term.words).all(|(w, expected)| {
                    ident[w.clone()].eq_ignore_ascii_case(expected.as_bytes())
                });
                if !head_matches || next_words.len() < n - k {
                    continue;
                }
                let rest = Term {
                    words: term.words[k..].to_vec(),
                    plural: term.plural.clone(),
                };
                let Some((used, plural)) = rest.match_at(next_ident, &next_words, 0) else {
                    continue;
                };
                return Some(WordHit {
                    token: token.start..following.end,
                    word: token.start + tail[0].start..following.start + next_words[used - 1].end,
                    term: t,
                    plural,
                });
            }
        }
        None
    }
}

/// Where the next token starts after a token's end in prose: past one to
/// three spaces, or past a line break, the next line's indentation and a
/// comment's marker (`//`, `#`, `*`, `--`, `;`).
fn next_token_start(text: &[u8], end: usize) -> Option<usize> {
    let spaces = |from: usize| {
        text[from..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()
    };
    let gap = spaces(end);
    let mut at = end + gap;
    match text.get(at) {
        Some(b) if is_ident_byte(*b) && (1..=3).contains(&gap) => return Some(at),
        Some(b'\n') => at += 1,
        Some(b'\r') if text.get(at + 1) == Some(&b'\n') => at += 2,
        _ => return None,
    }
    at += spaces(at);
    let marker = text[at..]
        .iter()
        .take_while(|&&b| matches!(b, b'/' | b'#' | b'*' | b'-' | b';'))
        .count();
    if marker > 3 {
        return None;
    }
    at += marker;
    at += spaces(at);
    text.get(at).filter(|b| is_ident_byte(**b)).map(|_| at)
}

/// The longest token read as one: a longer run of identifier bytes is data
/// (minified or encoded text, a wall of kebab-case), and a hit in it is
/// read in a shorter part of it, so that each hit costs its part, not the
/// whole run.
pub const MAX_TOKEN: usize = 256;

/// The token around byte `pos`: identifier bytes, joined across single `-`
/// between two identifier bytes. In a run longer than [`MAX_TOKEN`], the
/// part of it between `_` or `-` around `pos`, else the ASCII letters and
/// digits around `pos`; when even those are longer, no token (an empty
/// range at `pos`). A part depends on the bytes around `pos` only, so
/// every hit of one part finds the same token.
pub fn token_around(text: &[u8], pos: usize) -> Range<usize> {
    let joins = |i: usize| -> bool {
        text[i] == b'-'
            && i > 0
            && i + 1 < text.len()
            && text[i - 1].is_ascii_alphanumeric()
            && text[i + 1].is_ascii_alphanumeric()
    };
    let in_token = |i: usize| is_ident_byte(text[i]) || joins(i);
    let in_part = |i: usize| text[i] != b'_' && !joins(i) && in_token(i);
    let in_word = |i: usize| text[i].is_ascii_alphanumeric();
    extent(text, pos, in_token)
        .or_else(|| extent(text, pos, in_part))
        .or_else(|| extent(text, pos, in_word))
        .unwrap_or(pos..pos)
}

/// The bytes around `pos` that `inside` takes, if no more than
/// [`MAX_TOKEN`] of them.
fn extent(text: &[u8], pos: usize, inside: impl Fn(usize) -> bool) -> Option<Range<usize>> {
    let mut start = pos;
    while start > 0 && inside(start - 1) {
        start -= 1;
        if pos - start > MAX_TOKEN {
            return None;
        }
    }
    let mut end = pos;
    while end < text.len() && inside(end) {
        end += 1;
        if end - start > MAX_TOKEN {
            return None;
        }
    }
    Some(start..end)
}

/// Rebuilds `ident` with the term occurrence at `word` (a byte range inside
/// `ident`) replaced by `to`, in the identifier's own style: the separator
/// between the new words follows the identifier, their case follows the
/// matched words, and a plural stays plural.
///
/// `RunID` -> `SessionID`, `run_id` -> `session_id`, `RUN_ID` -> `SESSION_ID`,
/// `runs` -> `sessions`, `startRunForPrompt` -> `startSessionForPrompt`.
pub fn replace_term(ident: &str, word: Range<usize>, plural: bool, to: &Term) -> String {
    let matched = &ident[word.clone()];
    if matched.bytes().any(|b| b.is_ascii_whitespace()) {
        return replace_phrase(ident, word, plural, to);
    }
    let matched_words: Vec<&str> = split_words(matched)
        .into_iter()
        .map(|r| &matched[r])
        .collect();
    let style = case_style(ident);
    let separator = match style {
        CaseStyle::Snake | CaseStyle::ScreamingSnake => "_",
        CaseStyle::Kebab | CaseStyle::ScreamingKebab | CaseStyle::Train => "-",
        _ => separator_inside(matched).unwrap_or(""),
    };
    let first_case = matched_words
        .first()
        .map_or(WordCase::Lower, |w| word_case(w));
    let all_upper = matched_words
        .iter()
        .all(|w| word_case(w) == WordCase::Upper)
        && (matched.len() > 1 || matches!(style, CaseStyle::Upper | CaseStyle::ScreamingSnake));
    let new_words = to.spelled(plural);
    let mut out = String::with_capacity(ident.len() + 8);
    out.push_str(&ident[..word.start]);
    for (k, w) in new_words.iter().enumerate() {
        if k > 0 {
            out.push_str(separator);
        }
        let case = if all_upper {
            WordCase::Upper
        } else if k == 0 {
            first_case
        } else if separator.is_empty() {
            // Joined words need a capital to stay separate words.
            WordCase::Title
        } else {
            first_case
        };
        out.push_str(&apply_case(w, case));
    }
    out.push_str(&ident[word.end..]);
    out
}

/// `replace_term` for a term written across words of prose ("step
/// settings", "Step\n// settings"): each new word takes the case of the
/// word it stands for, and what stood between the old words (a space, a
/// line break and a comment's marker) stays between the new ones.
fn replace_phrase(ident: &str, word: Range<usize>, plural: bool, to: &Term) -> String {
    let matched = &ident[word.clone()];
    let old_words = split_words(matched);
    let new_words = to.spelled(plural);
    let gaps: Vec<&str> = old_words
        .windows(2)
        .map(|pair| &matched[pair[0].end..pair[1].start])
        .collect();
    let mut out = String::with_capacity(ident.len() + 8);
    out.push_str(&ident[..word.start]);
    for (k, w) in new_words.iter().enumerate() {
        if k > 0 {
            out.push_str(gaps.get(k - 1).or(gaps.last()).copied().unwrap_or(" "));
        }
        let like = old_words
            .get(k)
            .or(old_words.last())
            .map_or(WordCase::Lower, |r| word_case(&matched[r.clone()]));
        out.push_str(&apply_case(w, like));
    }
    out.push_str(&ident[word.end..]);
    out
}

fn separator_inside(matched: &str) -> Option<&'static str> {
    if matched.contains('_') {
        Some("_")
    } else if matched.contains('-') {
        Some("-")
    } else {
        None
    }
}

/// The word with its first letter in upper case (`run` -> `Run`).
pub fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn apply_case(word: &str, case: WordCase) -> String {
    match case {
        WordCase::Upper => word.to_ascii_uppercase(),
        WordCase::Title => capitalized(word),
        WordCase::Lower | WordCase::Other => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::new(vec![
            Term::new("run", None).unwrap(),
            Term::new("session", None).unwrap(),
        ])
    }

    fn found(text: &str) -> Vec<(String, String, usize)> {
        vocab()
            .find_all(text.as_bytes())
            .into_iter()
            .map(|h| (text[h.token].to_string(), text[h.word].to_string(), h.term))
            .collect()
    }

    #[test]
    fn finds_the_term_in_every_convention() {
        for (ident, word) in [
            ("RunID", "Run"),
            ("runID", "run"),
            ("runId", "run"),
            ("run_id", "run"),
            ("RUN_ID", "RUN"),
            ("run-id", "run"),
            ("startRunForPrompt", "Run"),
            ("selectedRunId", "Run"),
            ("DistinctRuns", "Runs"),
            ("turns_by_run", "run"),
            ("HTTPRunURL", "Run"),
        ] {
            assert_eq!(
                found(ident),
                vec![(ident.to_string(), word.to_string(), 0)],
                "{ident}"
            );
        }
    }

    fn phrases(text: &str) -> Vec<(String, String)> {
        Vocabulary::new(vec![
            Term::new("step settings", None).unwrap(),
            Term::new("created timestamp", None).unwrap(),
        ])
        .find_all(text.as_bytes())
        .into_iter()
        .map(|h| (text[h.token].to_string(), text[h.word].to_string()))
        .collect()
    }

    #[test]
    fn a_term_of_several_words_is_found_across_prose() {
        let hits = phrases("runtime step settings are nil; the StepSettings too");
        assert_eq!(
            hits,
            [
                ("step settings".to_string(), "step settings".to_string()),
                ("StepSettings".to_string(), "StepSettings".to_string()),
            ]
        );
        // Across a line break and a comment's marker, and in the plural.
        let hits = phrases("// the Step\n// settings and\n\t# two step\n\t# settings.");
        let words: Vec<&str> = hits.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(words, ["Step\n// settings", "step\n\t# settings"]);
        // Not across a blank line, a sentence's end or code between.
        for text in ["step\n\nsettings", "a step. Settings", "step(settings)"] {
            assert!(phrases(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_word_of_a_term_may_be_written_as_two() {
        assert_eq!(
            phrases("CreatedTimeStamp created_time_stamp createdTimestamp"),
            [
                (
                    "CreatedTimeStamp".to_string(),
                    "CreatedTimeStamp".to_string()
                ),
                (
                    "created_time_stamp".to_string(),
                    "created_time_stamp".to_string()
                ),
                (
                    "createdTimestamp".to_string(),
                    "createdTimestamp".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_phrase_is_replaced_word_by_word() {
        let to = Term::new("inference settings", None).unwrap();
        for (ident, word, expected) in [
            ("step settings", 0..13, "inference settings"),
            ("Step\n// settings", 0..16, "Inference\n// settings"),
            ("STEP SETTINGS", 0..13, "INFERENCE SETTINGS"),
        ] {
            assert_eq!(replace_term(ident, word, false, &to), expected, "{ident:?}");
        }
    }

    #[test]
    fn route_segments_are_tokens_of_their_own() {
        let hits = found("GET /runs/:runId?run_id=1");
        let tokens: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
        assert_eq!(tokens, ["runs", "runId", "run_id"]);
    }

    #[test]
    fn a_run_longer_than_a_token_is_read_in_parts() {
        // A wall of kebab case: each part its own token, every hit found.
        let wall = "run-".repeat(200);
        let hits = found(&wall);
        assert_eq!(hits.len(), 200);
        assert!(hits.iter().all(|h| h.0 == "run"));
        // Snake case too; a name of ordinary length stays whole.
        let snake = format!("{}run_id", "x_".repeat(200));
        assert_eq!(found(&snake).last().map(|h| h.0.as_str()), Some("run"));
        assert_eq!(found("load_run_id")[0].0, "load_run_id");
        // The ASCII word inside a long run of other letters.
        let prose = format!("{}run{}", "é".repeat(100), "ü".repeat(100));
        assert_eq!(found(&prose)[0].0, "run");
        // A long run of letters alone is data: no token at all.
        let data = format!("{}Run{}", "a".repeat(300), "b".repeat(300));
        assert!(found(&data).is_empty());
    }

    #[test]
    fn other_words_are_not_hits() {
        for text in [
            "runtime", "running", "rerun", "prune", "truncate", "Rune", "RUNTIME", "runner",
        ] {
            assert!(found(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn both_terms_in_one_identifier() {
        let hits = found("sessionRunID");
        assert_eq!(
            hits,
            vec![
                ("sessionRunID".into(), "session".into(), 1),
                ("sessionRunID".into(), "Run".into(), 0)
            ]
        );
    }

    #[test]
    fn multi_word_terms_match_adjacent_words() {
        let v = Vocabulary::new(vec![Term::new("planning run", None).unwrap()]);
        let text = "PlanningRunID planning_runs planning_x_run";
        let hits: Vec<&str> = v
            .find_all(text.as_bytes())
            .into_iter()
            .map(|h| &text[h.word])
            .collect();
        assert_eq!(hits, ["PlanningRun", "planning_runs"]);
    }

    #[test]
    fn needles_are_the_cases_a_word_can_have() {
        assert_eq!(
            vocab().needles(),
            ["RUN", "Run", "SESSION", "Session", "run", "session"]
        );
        let people = Vocabulary::new(vec![Term::new("person", Some("people")).unwrap()]);
        assert_eq!(
            people.needles(),
            ["PEOPLE", "PERSON", "People", "Person", "people", "person"]
        );
        // Mixed case is never a whole word: `rUnId` splits into r, Un, Id.
        assert!(vocab().find_all(b"rUnId RUnId").is_empty());
        assert_eq!(vocab().find_all(b"RUNs").len(), 1);
    }

    #[test]
    fn plurals() {
        assert_eq!(regular_plural("run"), "runs");
        assert_eq!(regular_plural("box"), "boxes");
        assert_eq!(regular_plural("policy"), "policies");
        assert_eq!(regular_plural("day"), "days");
        let person = Term::new("person", Some("people")).unwrap();
        let v = Vocabulary::new(vec![person]);
        assert_eq!(v.find_all(b"allPeople").len(), 1);
        assert!(v.find_all(b"persons").is_empty());
    }

    #[test]
    fn rebuilds_in_the_same_style() {
        let session = Term::new("session", None).unwrap();
        let rebuild = |ident: &str| {
            let h = vocab().find_all(ident.as_bytes()).remove(0);
            replace_term(ident, h.word, h.plural, &session)
        };
        assert_eq!(rebuild("RunID"), "SessionID");
        assert_eq!(rebuild("run_id"), "session_id");
        assert_eq!(rebuild("RUN_ID"), "SESSION_ID");
        assert_eq!(rebuild("runs"), "sessions");
        assert_eq!(rebuild("startRunForPrompt"), "startSessionForPrompt");
        assert_eq!(rebuild("DistinctRuns"), "DistinctSessions");
        assert_eq!(rebuild("run-id"), "session-id");
        assert_eq!(rebuild("RUN"), "SESSION");
        assert_eq!(rebuild("HTTPRunURL"), "HTTPSessionURL");
    }

    #[test]
    fn rebuilds_multi_word_replacements() {
        let to = Term::new("planning_run", None).unwrap();
        let h = vocab().find_all(b"runId").remove(0);
        assert_eq!(
            replace_term("runId", h.word, h.plural, &to),
            "planningRunId"
        );
        let h = vocab().find_all(b"RUN_IDS").remove(0);
        assert_eq!(
            replace_term("RUN_IDS", h.word, h.plural, &to),
            "PLANNING_RUN_IDS"
        );
        let h = vocab().find_all(b"turns_by_run").remove(0);
        assert_eq!(
            replace_term("turns_by_run", h.word, h.plural, &to),
            "turns_by_planning_run"
        );
        let h = vocab().find_all(b"DistinctRuns").remove(0);
        assert_eq!(
            replace_term("DistinctRuns", h.word, h.plural, &to),
            "DistinctPlanningRuns"
        );
    }

    #[test]
    fn invalid_utf8_around_a_term_keeps_offsets_exact() {
        // Found by the fuzzer: a broken UTF-8 byte inside the token.
        let text = b"\x86_v8run+\0rI:";
        let hits = vocab().find_all(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].word.clone()], b"run");
        assert_eq!(hits[0].token, 0..7);
    }

    #[test]
    fn rejects_empty_terms() {
        assert!(Term::new("--", None).is_err());
        assert!(Term::new("run", Some("r u n")).is_err());
    }

    #[test]
    fn a_term_holds_words_and_their_joins_only() {
        for ok in [
            "run",
            "planning run",
            "planning_run",
            "run-id",
            "PlanningRun2",
        ] {
            assert!(Term::new(ok, None).is_ok(), "{ok}");
        }
        for (pattern, character) in [
            ("ru.n", "."),
            ("run*", "*"),
            ("(run|job)", "("),
            ("run\\b", "\\\\"),
        ] {
            let err = Term::new(pattern, None).unwrap_err();
            assert!(err.contains(&format!("holds `{character}`")), "{err}");
        }
    }
}
