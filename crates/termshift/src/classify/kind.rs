//! The kind of migration, and what it decides of what the evidence left
//! open.
//!
//! An *alias cleanup* (the new word exists and the old one became a second
//! name for it) and a *rename* (the new word is the concept's new name)
//! read the same evidence differently. A cluster of names under a type
//! named for the old word that never reaches the new word is another
//! meaning of the word in an alias cleanup, and the concept itself in a
//! rename. What no evidence decided is left to review in an alias
//! cleanup, but for prose, which is ordinary English there; in a rename it
//! is the concept, which changes.
//!
//! In an alias cleanup the clusters are `OTHER_DOMAIN`, and so are the
//! names their values pass through: a second spread over the graph, from
//! the clusters' names and their types' fields.
//!
//! The configuration may say the kind (`[migration] kind`); else it is read
//! from the code: an alias cleanup when enough of the old word's names
//! share their value with a name of the new word.

use crate::config::MigrationKind;

use super::*;

/// An alias cleanup needs at least this share (in percent) of the old
/// word's open names to reach a name of the new word: a rename may meet
/// the new word by chance at a few places (a `main` beside `master`).
const ALIAS_SHARE_PERCENT: usize = 5;

/// The kind a classification assumed, and what it read to assume it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KindFound {
    pub kind: MigrationKind,
    /// The configuration says it.
    pub configured: bool,
    /// Of the old word's names that the evidence of their own left open
    /// or called aliases (not generated, not the verb, not a configured
    /// domain), how many share their value with a name of the new word.
    pub reaching: usize,
    pub names: usize,
}

impl KindFound {
    /// Why this kind, in a sentence.
    pub fn reason(&self, from: &str, to: &str) -> String {
        let (kind, reaching, names) = (self.kind, self.reaching, self.names);
        let counted = format!(
            "{reaching} of the {names} names of `{from}` share their value with a name of `{to}`"
        );
        match (kind, self.configured) {
            (MigrationKind::Alias, true) => {
                format!("an alias cleanup, as the configuration says ({counted})")
            }
            (MigrationKind::Rename, true) => {
                format!("a rename, as the configuration says ({counted})")
            }
            (MigrationKind::Alias, false) => format!(
                "an alias cleanup: {counted}, so `{from}` became a second name for `{to}`; \
                 set `kind = \"rename\"` in [migration] if `{to}` is the concept's new name"
            ),
            (MigrationKind::Rename, false) => format!(
                "a rename: {counted} (fewer than {ALIAS_SHARE_PERCENT}%), so `{to}` is the new \
                 name of what the roots call `{from}`; set `kind = \"alias\"` in [migration] if \
                 `{from}` became a second name for an existing `{to}`"
            ),
        }
    }
}

impl<'a> Classifier<'a> {
    /// The kind of the migration: the configuration's, else the share of
    /// the old word's names that the evidence of their own calls aliases.
    pub(super) fn read_kind(&self, decisions: &[Option<Decided>]) -> KindFound {
        let (mut reaching, mut names) = (0, 0);
        for (i, d) in decisions.iter().enumerate() {
            let o = self.occurrences[i];
            if o.term != TermSide::From || self.is_doc(o, self.files[i]) {
                continue;
            }
            match d.as_ref().map(|d| d.category) {
                None => names += 1,
                Some(Category::ALIAS) => {
                    names += 1;
                    reaching += 1;
                }
                Some(_) => {}
            }
        }
        let kind = self.config.kind.unwrap_or(
            if reaching > 0 && reaching * 100 >= names * ALIAS_SHARE_PERCENT {
                MigrationKind::Alias
            } else {
                MigrationKind::Rename
            },
        );
        KindFound {
            kind,
            configured: self.config.kind.is_some(),
            reaching,
            names,
        }
    }

    /// In an alias cleanup, the names under a type named for the old word
    /// of which none reaches the new word (`suggested`) are another
    /// meaning of the word, named after that type.
    pub(super) fn decide_clusters(
        &self,
        kind: MigrationKind,
        decisions: &mut [Option<Decided>],
        suggested: &[Option<String>],
    ) {
        if kind != MigrationKind::Alias {
            return;
        }
        // The clusters' names, and the names their values pass through
        // (`runID` handed to the function that builds a `ParsedRun`):
        // the local flow into the cluster outweighs the same spelling
        // elsewhere, which a later pass would read.
        let mut owner_of_seed: HashMap<usize, &str> = HashMap::new();
        let mut owners: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for (i, owner) in suggested.iter().enumerate() {
            let Some(owner) = owner.as_deref().filter(|_| decisions[i].is_none()) else {
                continue;
            };
            owners.insert(owner);
            if let Some(node) = self.nodes[i] {
                owner_of_seed.entry(node).or_insert(owner);
            }
            decisions[i] = decided(
                Category::OTHER_DOMAIN,
                reason!(
                    self,
                    "`{}` lives under `{owner}`, none of whose names reaches a name of `{}`: \
                     another meaning of `{}` ({})",
                    self.occurrences[i].text,
                    self.config.to,
                    self.config.from,
                    words_of(owner)
                ),
                Confidence::Medium,
            );
        }
        if owners.is_empty() {
            return;
        }
        // A use of a cluster's type (`run: ParsedRun`) names it.
        for (i, d) in decisions.iter_mut().enumerate() {
            let o = self.occurrences[i];
            if d.is_none()
                && o.term == TermSide::From
                && !self.is_doc(o, self.files[i])
                && owners.contains(o.text.as_str())
            {
                *d = decided(
                    Category::OTHER_DOMAIN,
                    reason!(
                        self,
                        "names `{}`, none of whose names reaches a name of `{}`: another meaning \
                         of `{}` ({})",
                        o.text,
                        self.config.to,
                        self.config.from,
                        words_of(&o.text)
                    ),
                    Confidence::Medium,
                );
            }
        }
        // The fields of the clusters' types seed them too, whatever their
        // names (`ParsedRun.ID`, which a `runID` fills).
        for n in 0..self.graph.node_count() {
            let label = self.graph.node(n).label();
            if let Some(owner) = label.split_once('.').and_then(|(head, _)| owners.get(head)) {
                owner_of_seed.entry(n).or_insert(owner);
            }
        }
        let mut seeds: Vec<usize> = owner_of_seed.keys().copied().collect();
        seeds.sort_unstable();
        // The new word's names, and the names another label (the alias, a
        // configured domain) reaches, are not the clusters'.
        let blocked: Vec<bool> = (0..self.graph.node_count())
            .map(|n| {
                self.new_word_nodes[n]
                    || (!owner_of_seed.contains_key(&n)
                        && self.labels.iter().any(|label| label.reached[n].is_some()))
            })
            .collect();
        let reached = self
            .graph
            .spread(&seeds, &self.old_word_nodes, &blocked, MAX_HOPS);

        for (i, d) in decisions.iter_mut().enumerate() {
            let o = self.occurrences[i];
            if d.is_some() || o.term != TermSide::From || self.is_doc(o, self.files[i]) {
                continue;
            }
            let Some(mut at) = self.nodes[i].filter(|&n| reached[n].is_some()) else {
                continue;
            };
            // Back along the path to the cluster's name it came from.
            while let Some(reach) = reached[at].as_ref().filter(|r| !r.steps.is_empty()) {
                at = reach.anchor;
            }
            let owner = owner_of_seed.get(&at).copied().unwrap_or_default();
            *d = decided(
                Category::OTHER_DOMAIN,
                reason!(
                    self,
                    "`{}` shares its value with `{}` under `{owner}`, another meaning of `{}` \
                     ({}) that never reaches a name of `{}`",
                    o.text,
                    self.graph.node(at).label(),
                    self.config.from,
                    words_of(owner),
                    self.config.to
                ),
                Confidence::Medium,
            );
        }
    }

    /// What the evidence left open, as the kind reads it: in a rename the
    /// concept, which changes; in an alias cleanup, the word alone in
    /// prose is ordinary English, and names stay open.
    pub(super) fn decide_open(&self, kind: MigrationKind, decisions: &mut [Option<Decided>]) {
        let open: Vec<usize> = (0..decisions.len())
            .filter(|&i| decisions[i].is_none() && self.occurrences[i].term == TermSide::From)
            .collect();
        let found: Vec<Option<Decided>> = open
            .iter()
            .map(|&i| match kind {
                MigrationKind::Rename => Some(self.concept(i)),
                MigrationKind::Alias => self.in_alias_cleanup(i, decisions),
            })
            .collect();
        for (i, d) in open.into_iter().zip(found) {
            decisions[i] = d;
        }
    }

    /// In a rename, what no evidence keeps is the concept.
    fn concept(&self, i: usize) -> Decided {
        let o = self.occurrences[i];
        let (category, reason) = if self.is_doc(o, self.files[i]) {
            (
                Category::DOC_STALE,
                reason!(
                    self,
                    "a rename of `{}` to `{}`: the text speaks of the concept, and no evidence \
                     gives the word another meaning here",
                    self.config.from,
                    self.config.to
                ),
            )
        } else {
            (
                Category::ALIAS,
                reason!(
                    self,
                    "a rename of `{}` to `{}`: `{}` is a name of the concept, and no evidence \
                     gives it another meaning (another program's, another domain's, the verb)",
                    self.config.from,
                    self.config.to,
                    o.text
                ),
            )
        };
        Decided {
            category,
            confidence: Confidence::Low,
            by_name: false,
            mixed: false,
            why: Why::said(reason),
        }
    }

    /// In an alias cleanup, the word alone in prose or a sentence: beside
    /// an alias on its line it speaks of the alias; else it is ordinary
    /// English, but for text that relates it to the new word or defines
    /// it.
    fn in_alias_cleanup(&self, i: usize, decisions: &[Option<Decided>]) -> Option<Decided> {
        let o = self.occurrences[i];
        let doc = self.is_doc(o, self.files[i]);
        if !doc && self.holds_new_word(o) {
            // `sessionRunID`: the name says the new word itself.
            return decided(
                Category::ALIAS,
                reason!(
                    self,
                    "`{}` names `{}` too: the old word there is the new one's second name",
                    o.text,
                    self.config.to
                ),
                Confidence::Low,
            );
        }
        if !is_bare_word(o) || !(doc || o.role == Role::LogMessage || in_sentence(o)) {
            return None;
        }
        let alias_beside = self.on_lines(i, o.line, o.line).find(|&j| {
            let other = self.occurrences[j];
            other.line == o.line
                && j != i
                && decisions[j]
                    .as_ref()
                    .is_some_and(|d| d.category == Category::ALIAS)
        });
        let (category, reason) = if let Some(j) = alias_beside {
            let alias = self.occurrences[j];
            (
                if doc {
                    Category::DOC_STALE
                } else {
                    Category::ALIAS
                },
                reason!(
                    self,
                    "beside `{}` on its line, a legacy alias: it speaks of it",
                    alias.text
                ),
            )
        } else if self.relates_words(i) || defines_word(o) {
            // Text that relates the two words, or says what the word is,
            // states a meaning: a person reads it.
            return None;
        } else {
            (
                Category::VERB,
                reason!(
                    self,
                    "ordinary English: \"{}\" in prose names no code, and nothing around it is \
                     an alias",
                    o.word
                ),
            )
        };
        decided(category, reason, Confidence::Low)
    }
}

impl Classifier<'_> {
    /// Whether an identifier holds the new word beside the old one.
    fn holds_new_word(&self, o: &Occurrence) -> bool {
        self.config
            .vocabulary
            .find_all(o.text.as_bytes())
            .iter()
            .any(|h| h.term == TO)
    }

    /// Whether the new word stands on the line of occurrence `i` or the
    /// next (a sentence wraps): the text relates the two words ("still
    /// say user where they mean the billed account"), which is no
    /// ordinary use of either.
    fn relates_words(&self, i: usize) -> bool {
        let o = self.occurrences[i];
        self.on_lines(i, o.line, o.line + 1)
            .any(|j| self.occurrences[j].term == TermSide::To)
    }

    /// The occurrences of occurrence `i`'s file on lines `first` to
    /// `last`, found by their order (a file's come by line): a file with
    /// thousands of occurrences costs no scan of them all per occurrence.
    fn on_lines(&self, i: usize, first: u32, last: u32) -> Range<usize> {
        let file = self.same_file(i);
        let lines = &self.occurrences[file.clone()];
        let start = file.start + lines.partition_point(|n| n.line < first);
        let end = file.start + lines.partition_point(|n| n.line <= last);
        start..end
    }
}

/// A string or a data value that reads as a sentence: words stand beside
/// the word in it ("run right thrice", "To install, run:"), where a name
/// stands alone (`Use: "run"`).
fn in_sentence(o: &Occurrence) -> bool {
    matches!(o.role, Role::StringLiteral | Role::DataValue)
        && (o.context.before().next().is_some() || o.context.after().next().is_some())
}

/// A sentence that says what the word is ("a user is a person who signs
/// in") defines a meaning: a person reads it.
fn defines_word(o: &Occurrence) -> bool {
    matches!(
        o.context.after().next(),
        Some("is" | "are" | "means" | "refers" | "stands")
    )
}

/// A name's words, lowercased: `ParsedRun` -> "parsed run".
pub(super) fn words_of(name: &str) -> String {
    termshift_words::split_words(name)
        .into_iter()
        .map(|r| name[r].to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}
