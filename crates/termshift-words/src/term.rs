//! Terms (the words being looked for), finding them in text, and rebuilding an
//! identifier with one term replaced by another.

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
    /// words matched and whether the last one was plural.
    fn match_at(&self, ident: &[u8], words: &[Range<usize>], i: usize) -> Option<(usize, bool)> {
        let n = self.words.len();
        if i + n > words.len() {
            return None;
        }
        let mut plural = false;
        for (k, expected) in self.words.iter().enumerate() {
            let w = &ident[words[i + k].clone()];
            if w.eq_ignore_ascii_case(expected.as_bytes()) {
                continue;
            }
            if k == n - 1 && w.eq_ignore_ascii_case(self.plural.as_bytes()) {
                plural = true;
                continue;
            }
            return None;
        }
        // Words of a multi-word term must be adjacent in the identifier.
        for k in 1..n {
            let gap = &ident[words[i + k - 1].end..words[i + k].start];
            if gap.len() > 1 {
                return None;
            }
        }
        Some((n, plural))
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
                let end = token.end;
                hits.extend(self.hits_in_token(text, token));
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

/// The token around byte `pos`: identifier bytes, joined across single `-`
/// between two identifier bytes.
pub fn token_around(text: &[u8], pos: usize) -> Range<usize> {
    let joins = |i: usize| -> bool {
        text[i] == b'-'
            && i > 0
            && i + 1 < text.len()
            && text[i - 1].is_ascii_alphanumeric()
            && text[i + 1].is_ascii_alphanumeric()
    };
    let mut start = pos;
    while start > 0 && (is_ident_byte(text[start - 1]) || joins(start - 1)) {
        start -= 1;
    }
    let mut end = pos;
    while end < text.len() && (is_ident_byte(text[end]) || joins(end)) {
        end += 1;
    }
    start..end
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

    #[test]
    fn route_segments_are_tokens_of_their_own() {
        let hits = found("GET /runs/:runId?run_id=1");
        let tokens: Vec<&str> = hits.iter().map(|h| h.0.as_str()).collect();
        assert_eq!(tokens, ["runs", "runId", "run_id"]);
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
}
