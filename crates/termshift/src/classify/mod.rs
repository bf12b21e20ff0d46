//! Classification: a category for every occurrence, from evidence, with the
//! reasons that decided it.
//!
//! Precedence: a decision in the configuration, then generated code, then a
//! configured domain, then the verb, then name flow (an alias: the name
//! reaches a name of the new word), then what the same name is elsewhere,
//! then, for comments and docs, what the code they talk about is. What no
//! evidence decides is `NEEDS_REVIEW`, with the best guess said.

use std::collections::HashMap;
use std::path::Path;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Serialize;

use crate::config::{upper_snake, Config, Domain, FROM, TO};
use crate::facts::{Graph, Reach};
use crate::scan::{FileFacts, Occurrence, ScanResult, TermSide};
use crate::syntax::{Lang, Role};

pub const PROCESS_VERB: &str = "PROCESS_VERB";
pub const GENERATED_FROM_PROTO: &str = "GENERATED_FROM_PROTO";
pub const GENERATED_CODE: &str = "GENERATED_CODE";
pub const DOC_STALE: &str = "DOC_STALE";
pub const NEEDS_REVIEW: &str = "NEEDS_REVIEW";

/// How many edges of the name-flow graph an alias may be from a name of
/// the new word.
pub const MAX_HOPS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

/// A classified occurrence. Serializes as the occurrence's fields plus
/// `category`, `reasons` and `confidence`.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    #[serde(flatten)]
    pub occurrence: Occurrence,
    pub category: String,
    pub reasons: Vec<String>,
    pub confidence: Confidence,
}

/// Every occurrence classified, in the scan's order.
#[derive(Debug)]
pub struct Inventory {
    pub findings: Vec<Finding>,
    /// The scan, its occurrences moved into `findings`.
    pub scan: ScanResult,
    pub graph: Graph,
}

/// The categories named after the new word.
pub struct Categories {
    /// `TRUE_SESSION_IDENTIFIER`.
    pub identifier: String,
    /// `LEGACY_SESSION_ALIAS`.
    pub alias: String,
}

impl Categories {
    pub fn of(config: &Config) -> Categories {
        let to = upper_snake(&config.to);
        Categories {
            identifier: format!("TRUE_{to}_IDENTIFIER"),
            alias: format!("LEGACY_{to}_ALIAS"),
        }
    }
}

struct Decided {
    category: String,
    reasons: Vec<String>,
    confidence: Confidence,
    /// The evidence is about the name itself (its flow, its spelling), not
    /// about where it stands: the same name elsewhere may follow it.
    by_name: bool,
}

fn decided(category: &str, reason: String, confidence: Confidence) -> Option<Decided> {
    Some(Decided {
        category: category.to_string(),
        reasons: vec![reason],
        confidence,
        by_name: false,
    })
}

fn by_name(decided: Option<Decided>) -> Option<Decided> {
    decided.map(|d| Decided { by_name: true, ..d })
}

/// Classifies every occurrence of a scan.
pub fn classify(config: &Config, scan: ScanResult) -> Inventory {
    let graph = Graph::build(&scan);
    let file_of: HashMap<(&str, &str), usize> = scan
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| ((f.repo.as_str(), f.path.as_str()), i))
        .collect();
    let files: Vec<usize> = scan
        .occurrences
        .iter()
        .map(|o| file_of[&(o.repo.as_str(), o.path.as_str())])
        .collect();
    let classifier = Classifier::new(config, &scan, &graph, &files);
    let mut decisions: Vec<Option<Decided>> = scan
        .occurrences
        .iter()
        .zip(&files)
        .map(|(o, &f)| classifier.decide_by_evidence(o, f))
        .collect();
    classifier.decide_by_same_names(&files, &mut decisions);
    classifier.decide_by_documented_code(&files, &mut decisions);
    let review: Vec<Option<Decided>> = scan
        .occurrences
        .iter()
        .zip(&decisions)
        .zip(&files)
        .map(|((o, d), &f)| d.is_none().then(|| classifier.needs_review(o, f)))
        .collect();
    let mut scan = scan;
    // The findings own the occurrences; the inventory keeps the rest.
    let occurrences = std::mem::take(&mut scan.occurrences);
    let findings = occurrences
        .into_iter()
        .zip(decisions)
        .zip(review)
        .map(|((o, d), review)| {
            let d = d
                .or(review)
                .expect("every occurrence is decided or reviewed");
            Finding {
                occurrence: o,
                category: d.category,
                reasons: d.reasons,
                confidence: d.confidence,
            }
        })
        .collect();
    Inventory {
        findings,
        scan,
        graph,
    }
}

struct Classifier<'a> {
    config: &'a Config,
    scan: &'a ScanResult,
    graph: &'a Graph,
    categories: Categories,
    domains: Vec<(&'a Domain, GlobSet, GlobSet)>,
    decisions: Vec<[Option<globset::GlobMatcher>; 3]>,
    /// Per root: globs of files `.gitattributes` marks linguist-generated.
    generated_globs: Vec<GlobSet>,
    /// Some prose or command line uses the old word as a verb.
    verb_attested: bool,
    /// Per category that spreads over the name-flow graph (the alias from
    /// names of the new word, each domain from its configured names): how
    /// each node was reached.
    labels: Vec<Label>,
}

/// A category spread over the name-flow graph.
struct Label {
    category: String,
    /// Why its seeds have it: "the new word", "the planning run domain
    /// (configuration)".
    source: String,
    reached: Vec<Option<Reach>>,
}

impl<'a> Classifier<'a> {
    fn new(
        config: &'a Config,
        scan: &'a ScanResult,
        graph: &'a Graph,
        files: &[usize],
    ) -> Classifier<'a> {
        let set = |globs: &[String]| {
            let mut builder = GlobSetBuilder::new();
            for g in globs {
                builder.add(Glob::new(g).expect("checked with the configuration"));
            }
            builder.build().unwrap_or_else(|_| GlobSet::empty())
        };
        let matcher = |g: &Option<String>| {
            g.as_ref().map(|g| {
                Glob::new(g)
                    .expect("checked with the configuration")
                    .compile_matcher()
            })
        };
        let mut classifier = Classifier {
            config,
            scan,
            graph,
            categories: Categories::of(config),
            domains: config
                .domains
                .iter()
                .map(|d| (d, set(&d.paths), set(&d.symbols)))
                .collect(),
            decisions: config
                .decisions
                .iter()
                .map(|d| [matcher(&d.path), matcher(&d.symbol), matcher(&d.text)])
                .collect(),
            generated_globs: config
                .roots
                .iter()
                .map(|r| linguist_generated(&r.path))
                .collect(),
            verb_attested: false,
            labels: Vec::new(),
        };
        classifier.verb_attested = scan
            .occurrences
            .iter()
            .any(|o| o.term == TermSide::From && classifier.verb(o).is_some());
        classifier.labels = classifier.spread_labels(files);
        classifier
    }

    fn file(&self, index: usize) -> &FileFacts {
        &self.scan.files[index]
    }

    /// Spreads the alias from every name of the new word, and each domain
    /// from the names its configuration claims, over the name-flow graph.
    fn spread_labels(&self, files: &[usize]) -> Vec<Label> {
        let count = self.graph.node_count();
        let (mut old_word, mut new_word) = (vec![false; count], vec![false; count]);
        for id in 0..count {
            let hits = self
                .config
                .vocabulary
                .find_all(self.graph.node(id).text.as_bytes());
            old_word[id] = hits.iter().any(|h| h.term == FROM);
            new_word[id] = !old_word[id] && hits.iter().any(|h| h.term == TO);
        }
        let mut domain_seeds: Vec<Vec<usize>> = vec![Vec::new(); self.domains.len()];
        for (o, &file) in self.scan.occurrences.iter().zip(files) {
            let node = o.name.as_ref().and_then(|n| self.graph.find(file, n));
            let Some((node, (domain, by_name))) = node.zip(self.configured_domain(o)) else {
                continue;
            };
            if o.term != TermSide::From || !old_word[node] {
                continue;
            }
            // A file of a domain claims the names it declares or keeps to
            // itself, not the shared names it merely uses.
            if by_name || self.graph.node(node).local || is_declaration(o.role) {
                domain_seeds[domain].push(node);
            }
        }
        let mut claimed = vec![false; count];
        for seeds in &mut domain_seeds {
            seeds.sort_unstable();
            seeds.dedup();
            for &s in seeds.iter() {
                claimed[s] = true;
            }
        }
        let alias_seeds: Vec<usize> = (0..count).filter(|&n| new_word[n]).collect();
        let mut labels = vec![Label {
            category: self.categories.alias.clone(),
            source: format!("a name of the new word `{}`", self.config.to),
            reached: self
                .graph
                .spread(&alias_seeds, &old_word, &claimed, MAX_HOPS),
        }];
        for (d, seeds) in domain_seeds.iter().enumerate() {
            let blocked: Vec<bool> = (0..count)
                .map(|n| new_word[n] || (claimed[n] && seeds.binary_search(&n).is_err()))
                .collect();
            let domain = self.domains[d].0;
            labels.push(Label {
                category: domain.category.clone(),
                source: format!("a name of the {} domain (configuration)", domain.name),
                reached: self.graph.spread(seeds, &old_word, &blocked, MAX_HOPS),
            });
        }
        labels
    }

    /// The evidence an occurrence carries by itself.
    fn decide_by_evidence(&self, o: &Occurrence, file: usize) -> Option<Decided> {
        if o.term == TermSide::To {
            return decided(
                &self.categories.identifier,
                format!("the new word `{}`", self.config.to),
                Confidence::High,
            );
        }
        let full_path = format!("{}/{}", o.repo, o.path);
        for (d, [path, symbol, text]) in self.config.decisions.iter().zip(&self.decisions) {
            let matches = path.as_ref().is_none_or(|m| m.is_match(&full_path))
                && symbol
                    .as_ref()
                    .is_none_or(|m| o.symbol.as_deref().is_some_and(|s| m.is_match(s)))
                && text.as_ref().is_none_or(|m| m.is_match(&o.text));
            if matches {
                return decided(
                    &d.category,
                    format!("decided in the configuration: {}", d.reason),
                    Confidence::High,
                );
            }
        }
        if let Some(generated) = self.generated(file) {
            return Some(generated);
        }
        if let Some((d, by_name_match)) = self.configured_domain(o) {
            let domain = self.domains[d].0;
            let reason = if by_name_match {
                let name = if self.domains[d].2.is_match(&o.text) {
                    &o.text
                } else {
                    o.symbol.as_deref().unwrap_or(&o.text)
                };
                format!(
                    "`{name}` belongs to the {} domain (configuration)",
                    domain.name
                )
            } else {
                format!("in a file of the {} domain (configuration)", domain.name)
            };
            let found = decided(&domain.category, reason, Confidence::High);
            // Only a name the configuration claims speaks for the same name
            // elsewhere.
            return if by_name_match && self.domains[d].2.is_match(&o.text) {
                by_name(found)
            } else {
                found
            };
        }
        if let Some((reason, confidence)) = self.verb(o) {
            let verb = decided(PROCESS_VERB, reason, confidence);
            return if is_function(o.role) {
                by_name(verb)
            } else {
                verb
            };
        }
        if self.is_doc(o, file) {
            return None;
        }
        self.flow(o, file)
    }

    /// The configured domain an occurrence belongs to, and whether its
    /// name (rather than its file) says so.
    fn configured_domain(&self, o: &Occurrence) -> Option<(usize, bool)> {
        let full_path = format!("{}/{}", o.repo, o.path);
        self.domains
            .iter()
            .enumerate()
            .find_map(|(d, (_, paths, symbols))| {
                let by_name = symbols.is_match(&o.text)
                    || o.symbol.as_deref().is_some_and(|s| symbols.is_match(s));
                (by_name || paths.is_match(&full_path)).then_some((d, by_name))
            })
    }

    fn generated(&self, file: usize) -> Option<Decided> {
        let facts = self.file(file);
        let name = facts.path.rsplit('/').next().unwrap_or(&facts.path);
        let convention = generated_stem(name);
        let root = self.config.roots.iter().position(|r| r.name == facts.repo);
        let by_attributes = root.is_some_and(|r| self.generated_globs[r].is_match(&facts.path));
        let why = match (&facts.generated_marker, convention, by_attributes) {
            (Some(marker), _, _) => format!("generated: its header says \"{marker}\""),
            (None, Some(_), _) => format!("generated: `{name}` is a generated file name"),
            (None, None, true) => "generated: .gitattributes marks it linguist-generated".into(),
            (None, None, false) => return None,
        };
        let stem = convention
            .map(str::to_string)
            .unwrap_or_else(|| name.split('.').next().unwrap_or(name).to_string());
        let sources: Vec<String> = self
            .scan
            .proto_files
            .iter()
            .filter(|(_, p)| {
                let base = p.rsplit('/').next().unwrap_or(p);
                base.strip_suffix(".proto") == Some(stem.as_str())
            })
            .map(|(repo, p)| format!("{repo}/{p}"))
            .collect();
        if sources.is_empty() {
            return decided(
                GENERATED_CODE,
                format!("{why}; change its generator's input, not this file"),
                Confidence::High,
            );
        }
        decided(
            GENERATED_FROM_PROTO,
            format!("{why}; change {} and regenerate", sources.join(" or ")),
            Confidence::High,
        )
    }

    /// Comments and documentation: prose, not code (a fence in a Markdown
    /// file is documentation too).
    fn is_doc(&self, o: &Occurrence, file: usize) -> bool {
        self.file(file).language == Lang::Markdown
            || matches!(
                o.role,
                Role::Comment
                    | Role::MarkdownProse
                    | Role::MarkdownHeading
                    | Role::MarkdownCodeSpan
                    | Role::MarkdownCodeBlock
                    | Role::Text
            )
    }

    /// The word used as an English verb: the first word of a function's
    /// name, a subcommand, or a bare word that reads as a verb.
    fn verb(&self, o: &Occurrence) -> Option<(String, Confidence)> {
        let singular = o.word.eq_ignore_ascii_case(&self.config.from);
        if !singular {
            return None;
        }
        let function = matches!(
            o.role,
            Role::FunctionDeclaration
                | Role::FunctionUse
                | Role::MethodDeclaration
                | Role::MethodUse
        );
        if function {
            // A PascalCase name outside Go is a type, constructor or
            // component: a noun. And a word never used as a verb in prose
            // is no verb at the head of a name either.
            let verb_case =
                o.language == Lang::Go || o.text.starts_with(|c: char| c.is_ascii_lowercase());
            return (o.word_at == 0 && verb_case && self.verb_attested).then(|| {
                (
                    format!(
                        "`{}` is a function named for what it does: `{}` is its verb",
                        o.text, o.word
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
                | Role::Text
        );
        if !bare || !prose {
            return None;
        }
        if o.context.subcommand {
            let program = o.context.before.first().map_or("", String::as_str);
            return Some((
                format!("`{program} {}`: a command's subcommand, a verb", o.word),
                Confidence::High,
            ));
        }
        let before = o.context.before.first().map(String::as_str);
        let after = o.context.after.first().map(String::as_str);
        if before.is_some_and(|w| NOUN_BEFORE.contains(&w)) {
            return None;
        }
        if let Some(w) = before.filter(|w| VERB_BEFORE.contains(w)) {
            return Some((
                format!("\"{w} {}\" reads as a verb", o.word.to_lowercase()),
                Confidence::Medium,
            ));
        }
        if let Some(w) = after.filter(|w| OBJECT_AFTER.contains(w)) {
            return Some((
                format!(
                    "\"{} {w}\" reads as a verb with its object",
                    o.word.to_lowercase()
                ),
                Confidence::Medium,
            ));
        }
        None
    }

    /// Name flow: the name shares its value with names of the new word
    /// (an alias) or with the configured names of a domain.
    fn flow(&self, o: &Occurrence, file: usize) -> Option<Decided> {
        let node = self.graph.find(file, o.name.as_ref()?)?;
        let found: Vec<&Label> = self
            .labels
            .iter()
            .filter(|label| label.reached[node].is_some())
            .collect();
        match found.as_slice() {
            [] => None,
            [label] => Some(Decided {
                category: label.category.clone(),
                reasons: self.explain_reach(node, label),
                confidence: if label.reached[node]
                    .as_ref()
                    .is_some_and(|r| r.steps.len() <= 2)
                {
                    Confidence::High
                } else {
                    Confidence::Medium
                },
                by_name: true,
            }),
            several => {
                let mut reasons = vec![format!(
                    "`{}` shares its value with names of {}: review which meaning it has",
                    o.text,
                    several
                        .iter()
                        .map(|label| category_phrase(&label.category))
                        .collect::<Vec<_>>()
                        .join(" and ")
                )];
                for label in several {
                    reasons.extend(self.explain_reach(node, label));
                }
                Some(Decided {
                    category: NEEDS_REVIEW.to_string(),
                    reasons,
                    confidence: Confidence::Low,
                    by_name: false,
                })
            }
        }
    }

    /// The path from a node to the seed of its label, one sentence per
    /// edge, through the labelled names in between.
    fn explain_reach(&self, node: usize, label: &Label) -> Vec<String> {
        const MAX_REASONS: usize = 8;
        let mut reasons = Vec::new();
        let mut at = node;
        while let Some(reach) = label.reached[at].as_ref() {
            if reach.steps.is_empty() {
                reasons.push(format!(
                    "`{}` is {}",
                    self.graph.node(at).label,
                    label.source
                ));
                break;
            }
            for step in &reach.steps {
                let edge = self.graph.edge(step.edge);
                let (from, into) = (self.graph.node(edge.from), self.graph.node(edge.into));
                let verb = if edge.kind.directed() {
                    "flows into"
                } else {
                    "holds the same value as"
                };
                reasons.push(format!(
                    "{} {verb} {} at {}",
                    from.label, into.label, edge.at
                ));
            }
            if reasons.len() >= MAX_REASONS {
                break;
            }
            at = reach.anchor;
        }
        reasons.truncate(MAX_REASONS);
        reasons
    }

    /// Code that no evidence decided, and that is no name of the flow graph
    /// (a function or type name, a route), takes the category of the same name in its file when every
    /// decided use there agrees. (Across files a name
    /// may mean two things: `run_id` of a planning run and of a session.)
    fn decide_by_same_names(&self, files: &[usize], decisions: &mut [Option<Decided>]) {
        let occurrences = &self.scan.occurrences;
        let mut in_file: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        for (i, o) in occurrences.iter().enumerate() {
            let counts = decisions[i]
                .as_ref()
                .is_some_and(|d| self.speaks_for_name(d));
            if counts && !self.is_doc(o, files[i]) {
                in_file
                    .entry((files[i], o.text.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        let mut found = Vec::new();
        for (i, o) in occurrences.iter().enumerate() {
            // A name of the flow graph that reached nothing keeps that
            // answer: the same spelling may be another type's field.
            if decisions[i].is_some()
                || self.is_doc(o, files[i])
                || o.name.is_some()
                || is_bare_word(o)
            {
                continue;
            }
            let same_file = in_file.get(&(files[i], o.text.as_str()));
            let agreed = |ids: &Vec<usize>| agreement(ids, decisions);
            if let Some((category, first)) = same_file.and_then(agreed) {
                let line = occurrences[first].line;
                let why = decisions[first]
                    .as_ref()
                    .map_or("", |d| d.reasons[0].as_str());
                let reason = format!(
                    "`{}` at line {line} of this file is {}: {why}",
                    o.text,
                    category_phrase(&category)
                );
                found.push((i, category, reason, Confidence::Medium));
            }
        }
        for (i, category, reason, confidence) in found {
            decisions[i] = Some(Decided {
                category,
                reasons: vec![reason],
                confidence,
                by_name: false,
            });
        }
    }

    /// Comments and docs follow the code they name or sit in: an
    /// identifier that is an alias in code is a stale doc; prose about a
    /// domain's names belongs to the domain.
    fn decide_by_documented_code(&self, files: &[usize], decisions: &mut [Option<Decided>]) {
        let occurrences = &self.scan.occurrences;
        let mut code_by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in occurrences.iter().enumerate() {
            let counts = decisions[i]
                .as_ref()
                .is_some_and(|d| self.speaks_for_name(d));
            if counts && !self.is_doc(o, files[i]) {
                code_by_text.entry(o.text.as_str()).or_default().push(i);
            }
        }
        let mut found = Vec::new();
        for (i, o) in occurrences.iter().enumerate() {
            if decisions[i].is_some() || !self.is_doc(o, files[i]) {
                continue;
            }
            let named = code_by_text
                .get(o.text.as_str())
                .filter(|_| !is_bare_word(o))
                .and_then(|ids| agreement(ids, decisions));
            if let Some((category, first)) = named {
                let f = &occurrences[first];
                let reason = format!(
                    "names `{}`, which is {} in code ({}/{}:{})",
                    o.text,
                    category_phrase(&category),
                    f.repo,
                    f.path,
                    f.line
                );
                found.push((i, self.doc_category(category), reason));
                continue;
            }
            if let Some(domain) = self.domain_phrase(o) {
                found.push((
                    i,
                    domain.category.clone(),
                    format!(
                        "\"{} {}\" names the {} domain",
                        o.context.before[0],
                        o.word.to_lowercase(),
                        domain.name
                    ),
                ));
                continue;
            }
            // A doc is about the code around it: the other hits of the same
            // file (contiguous, as occurrences are sorted by file) and symbol.
            let first = files.partition_point(|&f| f < files[i]);
            let last = files.partition_point(|&f| f <= files[i]);
            let neighbours: Vec<usize> = occurrences[first..last]
                .iter()
                .enumerate()
                .map(|(k, n)| (first + k, n))
                .filter(|&(j, n)| {
                    j != i
                        && n.term == TermSide::From
                        && decisions[j].is_some()
                        && match &o.symbol {
                            Some(_) => n.symbol == o.symbol,
                            None => n.line.abs_diff(o.line) <= 3,
                        }
                })
                .map(|(j, _)| j)
                .collect();
            if let Some((category, first)) = agreement(&neighbours, decisions) {
                let f = &occurrences[first];
                let reason = format!(
                    "the names around it are {}: `{}` at line {}",
                    category_phrase(&category),
                    f.text,
                    f.line
                );
                found.push((i, self.doc_category(category), reason));
            }
        }
        for (i, category, reason) in found {
            decisions[i] = Some(Decided {
                category,
                reasons: vec![reason],
                confidence: Confidence::Medium,
                by_name: false,
            });
        }
    }

    /// Whether a decision says what a name means (generated code and the
    /// new word say nothing about the old word's meaning).
    fn speaks_for_name(&self, d: &Decided) -> bool {
        d.category != GENERATED_CODE
            && d.category != GENERATED_FROM_PROTO
            && d.category != self.categories.identifier
    }

    /// Docs about aliases are stale; docs about a domain or a verb keep its
    /// category.
    fn doc_category(&self, code_category: String) -> String {
        if code_category == self.categories.alias {
            DOC_STALE.to_string()
        } else {
            code_category
        }
    }

    /// The configured domain whose name the words before the hit spell
    /// (`planning run`).
    fn domain_phrase(&self, o: &Occurrence) -> Option<&Domain> {
        let before = o.context.before.first()?;
        self.config.domains.iter().find(|d| {
            let words: Vec<String> = d
                .name
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect();
            words.len() >= 2
                && words.last().is_some_and(|w| {
                    o.word.eq_ignore_ascii_case(w) || o.word.to_lowercase().starts_with(w.as_str())
                })
                && words[words.len() - 2] == *before
        })
    }

    fn needs_review(&self, o: &Occurrence, _file: usize) -> Decided {
        let mut reasons = vec![format!(
            "no evidence: `{}` does not reach a `{}` name within {MAX_HOPS} steps of name flow, and no configuration covers it",
            o.text, self.config.to
        )];
        let owner = o.symbol.as_deref().and_then(|s| s.split('.').next());
        if let Some(owner) = owner.filter(|owner| {
            let hits = self.config.vocabulary.find_all(owner.as_bytes());
            hits.iter().any(|h| h.term == FROM)
        }) {
            reasons.push(format!(
                "suggested domain: `{owner}` (a type named for its own {}s); add a [[domains]] entry if it stays",
                self.config.from
            ));
        }
        Decided {
            category: NEEDS_REVIEW.to_string(),
            reasons,
            confidence: Confidence::Low,
            by_name: false,
        }
    }
}

/// The word alone (`run`, `Runs`): its spelling names no identifier, so the
/// same spelling elsewhere says nothing about it.
fn is_bare_word(o: &Occurrence) -> bool {
    o.text.eq_ignore_ascii_case(&o.word)
}

/// Roles where a name is declared rather than used.
fn is_declaration(role: Role) -> bool {
    matches!(
        role,
        Role::FieldDeclaration
            | Role::VariableDeclaration
            | Role::ParameterDeclaration
            | Role::FunctionDeclaration
            | Role::MethodDeclaration
            | Role::TypeDeclaration
            | Role::ProtoMessage
            | Role::ProtoField
            | Role::SqlColumn
            | Role::SqlTable
            | Role::DataKey
    )
}

fn is_function(role: Role) -> bool {
    matches!(
        role,
        Role::FunctionDeclaration | Role::FunctionUse | Role::MethodDeclaration | Role::MethodUse
    )
}

/// The one category a set of decided occurrences agree on, when one of them
/// was decided by its name (not by where it stands), with that one.
fn agreement(ids: &[usize], decisions: &[Option<Decided>]) -> Option<(String, usize)> {
    let first = *ids
        .iter()
        .find(|&&j| decisions[j].as_ref().is_some_and(|d| d.by_name))?;
    let category = &decisions[first].as_ref()?.category;
    ids.iter()
        .all(|&j| {
            decisions[j]
                .as_ref()
                .is_some_and(|d| d.category == *category)
        })
        .then(|| (category.clone(), first))
}

fn category_phrase(category: &str) -> String {
    match category {
        PROCESS_VERB => "the verb".to_string(),
        c if c.starts_with("LEGACY_") => "a legacy alias".to_string(),
        c => format!("in {c}"),
    }
}

/// Words after which a word is a noun.
const NOUN_BEFORE: &[&str] = &[
    "a", "an", "the", "each", "every", "this", "that", "these", "those", "its", "their", "our",
    "your", "my", "his", "her", "per", "one", "no", "any", "some", "which", "whose", "new",
    "current", "active", "same", "previous", "next", "last", "first", "given", "whole", "of",
];

/// Words after which a word is a verb.
const VERB_BEFORE: &[&str] = &[
    "to", "will", "would", "can", "could", "should", "must", "may", "might", "shall", "please",
    "then", "don't", "never", "always", "we", "you", "they", "i", "let's", "and", "or",
];

/// Words that, following a word, make it a verb with its object.
const OBJECT_AFTER: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "it", "them", "all", "every", "each", "your", "our",
    "its", "their", "tests", "again",
];

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

/// Files a root's `.gitattributes` marks `linguist-generated`.
fn linguist_generated(root: &Path) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    if let Ok(text) = std::fs::read_to_string(root.join(".gitattributes")) {
        for line in text.lines() {
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
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}
