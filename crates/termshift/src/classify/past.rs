//! History: what tells the past keeps the old word. A changelog or release
//! notes, a sentence that says a name was removed or renamed, and a doc
//! that names what no code of the roots has any more.

use super::context::{Found, Open};
use super::*;

impl<'a> Classifier<'a> {
    /// What says, by the occurrence alone, that it tells the past.
    pub(super) fn told_past(&self, o: &Occurrence) -> Option<Decided> {
        if is_changelog(&o.path) {
            return decided(
                Category::HISTORY,
                reason!(
                    self,
                    "in `{}`, a changelog: it tells what was",
                    o.path.rsplit('/').next().unwrap_or(&o.path)
                ),
                Confidence::Medium,
            );
        }
        if o.context.history {
            return decided(
                Category::HISTORY,
                reason!(
                    self,
                    "the sentence tells that `{}` changed or is gone (removed, renamed, no \
                     longer): history",
                    o.text
                ),
                Confidence::Medium,
            );
        }
        None
    }

    /// A doc that names code (`StartRun()`, a compound name, not the word
    /// alone) that no code of the roots declares or uses any more speaks of
    /// the past: a guide from an old API, a removed name.
    pub(super) fn by_name_gone(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        let mut in_code: foldhash::HashSet<String> = foldhash::HashSet::default();
        for j in open.indices() {
            let o = occurrences[j];
            if o.term == TermSide::From && !self.is_doc(o, self.files[j]) {
                in_code.insert(key_of(&o.text));
            }
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            if decisions[i].is_some()
                || o.term != TermSide::From
                || !self.is_doc(o, self.files[i])
                || is_bare_word(o)
                || !looks_like_code(&o.text)
                || in_code.contains(&key_of(&o.text))
            {
                continue;
            }
            found.push(Found {
                index: i,
                by_domain: false,
                category: Category::HISTORY,
                reason: reason!(
                    self,
                    "names `{}`, which no code of the roots declares or uses: a name of the past",
                    o.text
                ),
                confidence: Confidence::Low,
                by_name: false,
            });
        }
        found
    }
}

/// A name as serialized keys and spellings meet: lowercase, without
/// separators (`run_id`, `runId`, `RunID` are one).
pub(super) fn key_of(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A token written as code: a compound in a programming convention
/// (`StartRun`, `run_smoke`, `runID`), not an English compound
/// (`ready-to-run`, `re-run`).
fn looks_like_code(text: &str) -> bool {
    text.contains('_') || text.chars().skip(1).any(|c| c.is_ascii_uppercase())
}

/// Changelogs and release notes, by their names: `CHANGELOG.md`,
/// `changes/1.2.md`, `RELEASE_NOTES.md`, `HISTORY.rst`, `NEWS`.
fn is_changelog(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let (stem, extension) = name.split_once('.').unwrap_or((name, ""));
    if !matches!(extension, "" | "md" | "markdown" | "rst" | "txt" | "adoc") {
        return false;
    }
    let folders = &lower[..lower.len() - name.len()];
    matches!(
        stem.trim_end_matches(|c: char| !c.is_ascii_alphabetic()),
        "changelog"
            | "changes"
            | "history"
            | "news"
            | "release_notes"
            | "release-notes"
            | "releases"
    ) || [
        "changelog/",
        "changelogs/",
        ".changes/",
        "release-notes/",
        "releasenotes/",
    ]
    .iter()
    .any(|f| folders.starts_with(f) || folders.contains(&format!("/{f}")))
}
