//! Evidence an occurrence carries by itself: a decision in the
//! configuration, a generated file, a configured domain, the verb.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::kept::Own;
use super::*;

impl<'a> Classifier<'a> {
    /// The evidence an occurrence carries by itself.
    pub(super) fn decide_by_evidence(&self, i: usize) -> Option<Decided> {
        let (o, file) = (self.occurrences[i], self.files[i]);
        if o.term == TermSide::To {
            return decided(
                Category::IDENTIFIER,
                reason!(self, "the new word `{}`", self.config.to),
                Confidence::High,
            );
        }
        let full_path = &self.paths[file];
        // Of the decisions that match, the most specific wins: the one
        // with more globs, then with more literal characters in them.
        let mut matching: Vec<(usize, &crate::config::Decision, (usize, usize))> = self
            .config
            .decisions
            .iter()
            .zip(&self.decisions)
            .enumerate()
            .filter(|(_, (_, matcher))| matcher.matches(full_path, o.symbol.as_deref(), &o.text))
            .map(|(at, (d, _))| {
                let globs: Vec<&String> = [&d.path, &d.symbol, &d.text]
                    .into_iter()
                    .flatten()
                    .collect();
                (
                    at,
                    d,
                    (globs.len(), globs.iter().map(|g| literal_len(g)).sum()),
                )
            })
            .collect();
        matching.sort_by_key(|&(_, _, specificity)| std::cmp::Reverse(specificity));
        if let Some(&(at, d, _)) = matching.first() {
            let mut reason = format!("decided in the configuration: {}", d.reason);
            if matching.len() > 1 {
                let others: Vec<&str> = matching[1..]
                    .iter()
                    .map(|(_, o, _)| o.reason.as_str())
                    .collect();
                reason.push_str(&format!(
                    " (the most specific of {} matching decisions; also matched: {})",
                    matching.len(),
                    others.join("; ")
                ));
            }
            return decided(self.categories.decisions[at], reason, Confidence::High);
        }
        if let Some(generated) = &self.generated_files[file] {
            return Some(generated.clone());
        }
        if let Some((d, by_name_match)) = self.own[i].domain {
            let configured = &self.domains[d];
            let domain = configured.domain;
            let reason = if by_name_match {
                let name = if configured.symbols.is_match(&o.text) {
                    &o.text
                } else {
                    o.symbol.as_deref().unwrap_or(&o.text)
                };
                reason!(
                    self,
                    "`{name}` belongs to the {} domain (configuration)",
                    domain.name
                )
            } else {
                reason!(
                    self,
                    "in a file of the {} domain (configuration)",
                    domain.name
                )
            };
            let found = decided(self.categories.domains[d], reason, Confidence::High);
            // Only a name the configuration claims speaks for the same name
            // elsewhere.
            return if by_name_match && configured.symbols.is_match(&o.text) {
                by_name(found)
            } else {
                found
            };
        }
        if let Some(past) = self.told_past(o) {
            return Some(past);
        }
        if let Some(other) = self.other_program(o) {
            return Some(other);
        }
        if let Some((reason, confidence)) = &self.own[i].verb {
            let verb = decided(Category::VERB, reason.clone(), *confidence);
            return if o.role.is_function() {
                by_name(verb)
            } else {
                verb
            };
        }
        if self.is_doc(o, file) || names_in_text(o) {
            return None;
        }
        self.flow(i)
    }

    /// The configured domain an occurrence belongs to, and whether its
    /// name (rather than its file) says so. A domain that claims the name
    /// is more specific than one that claims the file.
    pub(super) fn configured_domain(&self, i: usize) -> Option<(usize, bool)> {
        let (o, full_path) = (self.occurrences[i], &self.paths[self.files[i]]);
        let matching = self.domains.iter().enumerate().filter_map(|(d, domain)| {
            let by_name = domain.symbols.is_match(&o.text)
                || o.symbol
                    .as_deref()
                    .is_some_and(|s| domain.symbols.is_match(s));
            (by_name || domain.paths.is_match(full_path)).then_some((d, by_name))
        });
        matching.max_by_key(|&(d, by_name)| (by_name, std::cmp::Reverse(d)))
    }

    /// Whether a file is generated, and from what.
    pub(super) fn generated(&self, file: usize) -> Option<Decided> {
        let facts = self.file(file);
        let name = facts.path.rsplit('/').next().unwrap_or(&facts.path);
        let convention = generated_stem(name);
        let root = self.config.roots.iter().position(|r| r.name == facts.repo);
        let by_attributes = root.is_some_and(|r| self.generated_globs[r].is_match(&facts.path));
        let written_by = lockfile_writer(name)
            .map(|tool| format!("generated: `{name}` is a lockfile {tool} writes"))
            .or_else(|| {
                vendored(&facts.path).then(|| {
                    format!(
                        "vendored: `{}` holds a copy of another project's code",
                        facts.path
                    )
                })
            });
        let why = match (
            &facts.generated_marker,
            convention,
            by_attributes,
            written_by,
        ) {
            (Some(marker), _, _, _) => format!("generated: its header says \"{marker}\""),
            (None, Some(_), _, _) => format!("generated: `{name}` is a generated file name"),
            (None, None, true, _) => "generated: .gitattributes marks it linguist-generated".into(),
            (None, None, false, Some(why)) => why,
            (None, None, false, None) => return None,
        };
        let stem = convention
            .map(str::to_string)
            .unwrap_or_else(|| name.split('.').next().unwrap_or(name).to_string());
        let sources: Vec<String> = self
            .proto_files
            .iter()
            .filter(|(_, p)| {
                let base = p.rsplit('/').next().unwrap_or(p);
                base.strip_suffix(".proto") == Some(stem.as_str())
            })
            .map(|(repo, p)| format!("{repo}/{p}"))
            .collect();
        let (category, instead) = if sources.is_empty() {
            (
                Category::GENERATED,
                "change its generator's input, not this file".to_string(),
            )
        } else {
            (
                Category::GENERATED_FROM_PROTO,
                format!("change {} and regenerate", sources.join(" or ")),
            )
        };
        Some(Decided {
            category,
            confidence: Confidence::High,
            by_name: false,
            mixed: false,
            why: self.explain.then(|| {
                Box::new(Why {
                    reasons: vec![format!("{why}; {instead}")],
                    instead: Some(instead),
                    sources,
                })
            }),
        })
    }

    /// What the occurrences in `range` say by themselves, but the verb
    /// (which waits to know whether the state attests the word as a
    /// verb): the configured domain and the owner named for the old word.
    /// `holds_word` keeps which owners' names hold it.
    pub(super) fn own_evidence(
        &self,
        range: Range<usize>,
        holds_word: &mut HashMap<&'a str, bool>,
    ) -> Vec<Own> {
        range
            .map(|i| Own {
                domain: self.configured_domain(i),
                verb: None,
                owner: self.owner_named_for_word(self.occurrences[i], holds_word),
            })
            .collect()
    }

    /// Reads the verb of the occurrences from `start` on into `own`, as
    /// `attested` says whether prose uses the word as a verb.
    pub(super) fn read_verbs(&self, start: usize, attested: bool, own: &mut [Own]) {
        for (k, own) in own.iter_mut().enumerate() {
            own.verb = self.verb(self.occurrences[start + k], attested);
        }
    }

    /// Whether one of the occurrences in `range` uses the old word as a
    /// verb by itself, which is what makes the word attested as a verb.
    pub(super) fn attests_verb(&self, range: Range<usize>) -> bool {
        range.into_iter().any(|i| {
            let o = self.occurrences[i];
            o.term == TermSide::From && self.verb(o, false).is_some()
        })
    }

    /// The word used as an English verb: the first word of a function's
    /// name, a subcommand, or a bare word that reads as a verb. Where the
    /// word is a verb only if prose uses it as one elsewhere (the head of
    /// a function's name, a command's option), `attested` says so.
    pub(super) fn verb(&self, o: &Occurrence, attested: bool) -> Option<(String, Confidence)> {
        let singular = o.word.eq_ignore_ascii_case(&self.config.from);
        if o.role.is_function() && singular {
            // A PascalCase name outside Go is a type, constructor or
            // component: a noun. And a word never used as a verb in prose
            // is no verb at the head of a name either.
            let verb_case =
                o.language == Lang::Go || o.text.starts_with(|c: char| c.is_ascii_lowercase());
            return (o.word_at == 0 && verb_case && attested).then(|| {
                (
                    reason!(
                        self,
                        "`{}` is a function named for what it does: `{}` is its verb",
                        o.text,
                        o.word
                    ),
                    Confidence::High,
                )
            });
        }
        let bare = o.text.eq_ignore_ascii_case(&o.word);
        let prose = matches!(
            o.role,
            Role::Comment
                | Role::MarkdownProse
                | Role::MarkdownHeading
                | Role::MarkdownCodeSpan
                | Role::MarkdownCodeBlock
                | Role::LogMessage
                | Role::StringLiteral
                | Role::DataValue
                | Role::Text
        );
        // "a planning run": the domain's qualifier makes it a noun.
        if !bare || !prose || self.domain_phrase(o).is_some() {
            return None;
        }
        if o.context.subcommand && singular {
            let program = o.context.before().next().unwrap_or("");
            return Some((
                reason!(
                    self,
                    "`{program} {}`: a command's subcommand, a verb",
                    o.word
                ),
                Confidence::High,
            ));
        }
        // `go test -run Router`: an option named for what it makes the
        // program do, where the word is used as a verb at all.
        if o.context.option && singular && attested {
            return Some((
                reason!(self, "`-{}`: a command's option, a verb", o.word),
                Confidence::Medium,
            ));
        }
        let before = o.context.before().next();
        let after = o.context.after().next();
        // "a function that runs the query": a determiner of one thing
        // ("that", "this", "which") before the `-s` form is its subject,
        // unless a verb follows ("which runs are kept").
        let relative = !singular
            && before.is_some_and(|w| SUBJECTS.contains(&w))
            && !after.is_some_and(|w| NOUN_AFTER.contains(&w));
        if before.is_some_and(|w| NOUN_BEFORE.contains(&w)) && !relative {
            return None;
        }
        // "Runner runs inferences": a doc comment starts with the name it
        // documents, then what it does.
        let documented = o.scope.as_deref().and_then(|s| s.rsplit('.').next());
        if o.role == Role::Comment
            && documented.is_some_and(|d| before == Some(d.to_lowercase().as_str()))
        {
            return Some((
                reason!(
                    self,
                    "\"{} {}\": the verb after the name a doc comment documents",
                    documented.unwrap_or_default(),
                    o.word.to_lowercase()
                ),
                Confidence::Medium,
            ));
        }
        // "Run the tests", "// 7. Run inference": a sentence that opens
        // with the word and goes on is an imperative, where the word is a
        // verb at all (a heading "Namespace entries" is no imperative);
        // "Run is ..." and a doc comment's own name are nouns.
        let title_case = o.word.starts_with(|c: char| c.is_ascii_uppercase())
            && o.word[1..].chars().all(|c| c.is_ascii_lowercase());
        let names_documented = documented.is_some_and(|d| d.eq_ignore_ascii_case(&o.word));
        if o.context.opens_sentence
            && attested
            && singular
            && title_case
            && !names_documented
            && after.is_some_and(|w| !NOUN_AFTER.contains(&w))
        {
            return Some((
                reason!(
                    self,
                    "\"{} {}\": an imperative opens the sentence",
                    o.word,
                    after.unwrap_or_default()
                ),
                Confidence::Medium,
            ));
        }
        let subject = if singular { VERB_BEFORE } else { SUBJECTS };
        if let Some(w) = before.filter(|w| subject.contains(w)) {
            return Some((
                reason!(self, "\"{w} {}\" reads as a verb", o.word.to_lowercase()),
                Confidence::Medium,
            ));
        }
        if let Some(w) = after.filter(|w| OBJECT_AFTER.contains(w)) {
            return Some((
                reason!(
                    self,
                    "\"{} {w}\" reads as a verb with its object",
                    o.word.to_lowercase()
                ),
                Confidence::Medium,
            ));
        }
        None
    }
}

/// Words after which a word is a noun.
const NOUN_BEFORE: &[&str] = &[
    "a", "an", "the", "each", "every", "this", "that", "these", "those", "its", "their", "our",
    "your", "my", "his", "her", "per", "one", "no", "any", "some", "which", "whose", "new",
    "current", "active", "same", "previous", "next", "last", "first", "given", "whole", "of",
];

/// Words after which a word that opens a sentence is its subject, a noun:
/// "Run is one chat", "Run captures a session" is the name of a type.
const NOUN_AFTER: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would", "should",
    "must", "may", "might", "does", "did", "of", "and", "or", "id", "ids",
];

/// Words after which a word is a verb.
const VERB_BEFORE: &[&str] = &[
    "to", "will", "would", "can", "could", "should", "must", "may", "might", "shall", "please",
    "then", "don't", "never", "always", "we", "you", "they", "i", "let's", "and", "or",
];

/// Subjects after which a word in its `-s` form is a verb ("it runs").
const SUBJECTS: &[&str] = &[
    "it",
    "he",
    "she",
    "which",
    "who",
    "that",
    "this",
    "everything",
];

/// Words that, following a word, make it a verb with its object.
const OBJECT_AFTER: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "it", "them", "all", "every", "each", "your", "our",
    "its", "their", "tests", "again",
];

/// How many characters of a glob are literal (not `*`, `?`, `[...]`,
/// `{...}`): the more, the more specific.
fn literal_len(glob: &str) -> usize {
    let mut depth = 0usize;
    glob.chars()
        .filter(|&c| {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && !matches!(c, '*' | '?' | ']' | '}')
        })
        .count()
}

/// The base name a generated file was made from, by the generators' naming
/// conventions (`events.pb.go`, `events_pb.ts`, `events_pb2.py`).
fn generated_stem(file_name: &str) -> Option<&str> {
    const SUFFIXES: [&str; 10] = [
        "_grpc.pb.go",
        ".pb.go",
        ".pb.gw.go",
        "_pb2_grpc.py",
        "_pb2.pyi",
        "_pb2.py",
        "_pb.ts",
        "_pb.js",
        "_pb.d.ts",
        "_connect.ts",
    ];
    SUFFIXES
        .iter()
        .find_map(|s| file_name.strip_suffix(s))
        .filter(|stem| !stem.is_empty())
}

/// The tool that writes a lockfile, by the file's name.
fn lockfile_writer(file_name: &str) -> Option<&'static str> {
    Some(match file_name {
        "package-lock.json" | "npm-shrinkwrap.json" => "npm",
        "yarn.lock" => "Yarn",
        "pnpm-lock.yaml" => "pnpm",
        "bun.lock" | "bun.lockb" => "Bun",
        "Cargo.lock" => "Cargo",
        "go.sum" => "Go",
        "poetry.lock" => "Poetry",
        "uv.lock" => "uv",
        "Pipfile.lock" => "Pipenv",
        "Gemfile.lock" => "Bundler",
        "composer.lock" => "Composer",
        _ => return None,
    })
}

/// A vendored tree: another project's code copied into the root
/// (`vendor/`, `node_modules/`).
fn vendored(path: &str) -> bool {
    path.split('/')
        .rev()
        .skip(1)
        .any(|folder| matches!(folder, "vendor" | "node_modules"))
}

/// Files a root's `.gitattributes` marks `linguist-generated`.
pub(super) fn linguist_generated(gitattributes: &str) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for line in gitattributes.lines() {
        let mut parts = line.split_whitespace();
        let Some(pattern) = parts.next().filter(|p| !p.starts_with('#')) else {
            continue;
        };
        if !parts.any(|a| a == "linguist-generated" || a == "linguist-generated=true") {
            continue;
        }
        // A pattern without a slash matches at any depth, as in git.
        let pattern = pattern.trim_start_matches('/');
        let pattern = if line.trim_start().starts_with('/') || pattern.contains('/') {
            pattern.to_string()
        } else {
            format!("**/{pattern}")
        };
        if let Ok(glob) = GlobBuilder::new(&pattern).literal_separator(true).build() {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}
