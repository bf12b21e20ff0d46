//! Words inside identifiers.
//!
//! Splits identifiers of every naming convention into words (`RunID`,
//! `runId`, `run_id`, `RUN_ID`, `run-id`, `HTTPRunURL`), finds whole-word
//! occurrences of terms in text (`DistinctRuns` and `/runs` hold `run`;
//! `runtime`, `prune` and `Rune` do not), and rebuilds an identifier with one
//! term replaced by another in the same style (`RUN_ID` -> `SESSION_ID`).
//!
//! The crate knows no particular term: every word comes from its caller.

mod split;
mod term;

pub use split::{
    case_style, is_ident_byte, split_bytes, split_words, word_case, CaseStyle, WordCase,
};
pub use term::{
    capitalized, regular_plural, replace_term, token_around, Term, Vocabulary, WordHit,
};
