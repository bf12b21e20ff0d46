//! Classification: a category for every occurrence, from evidence, with the
//! reasons that decided it.
//!
//! Precedence: a decision in the configuration, then generated code, then a
//! configured domain, then the verb, then name flow (an alias: the name
//! reaches a name of the new word), then what the same name is elsewhere,
//! then, for comments and docs, what the code they talk about is. What no
//! evidence decides is `NEEDS_REVIEW`, with the best guess said.

use std::collections::BTreeMap;
use std::ops::Range;

use foldhash::{HashMap, HashMapExt};
use globset::GlobSet;
use serde::Serialize;

use crate::config::{checked_glob_set, upper_snake, Config, Domain, FROM, TO};
use crate::facts::{Graph, KeptGraph};
use crate::parallel;
use crate::scan::{FileFacts, Occurrence, ScanResult, ScanView, TermSide};
use crate::syntax::{Lang, Role};

/// A reason, written out only when findings are explained: counting
/// reads categories alone.
macro_rules! reason {
    ($classifier:expr, $($format:tt)*) => {
        if $classifier.explain {
            format!($($format)*)
        } else {
            String::new()
        }
    };
}

mod context;
mod derive;
mod evidence;
mod kept;
mod kind;
mod labels;
mod other_program;
mod past;

pub(crate) use derive::role_breaking;
pub use derive::{new_name, rename_override, respelled, Breaking, MapsTo};
pub use kept::KeptEvidence;
pub use kind::KindFound;

use context::Passes;
use evidence::linguist_generated;
use labels::Label;

pub const PROCESS_VERB: &str = "PROCESS_VERB";
pub const GENERATED_FROM_PROTO: &str = "GENERATED_FROM_PROTO";
pub const GENERATED_CODE: &str = "GENERATED_CODE";
pub const DOC_STALE: &str = "DOC_STALE";
pub const NEEDS_REVIEW: &str = "NEEDS_REVIEW";
pub const OTHER_PROGRAM: &str = "OTHER_PROGRAM";
pub const OTHER_DOMAIN: &str = "OTHER_DOMAIN";
pub const HISTORY: &str = "HISTORY";

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

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// A classified occurrence. Serializes as the occurrence's fields plus
/// `category`, `reasons`, `confidence` and the derived columns.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    #[serde(flatten)]
    pub occurrence: Occurrence,
    pub category: String,
    pub reasons: Vec<String>,
    pub confidence: Confidence,
    /// What the occurrence is, in a few words: "Session identifier", "SQL
    /// column", "API input".
    pub meaning: String,
    pub maps_to: MapsTo,
    /// The change to make: a rename, "Remove legacy field", "Keep (...)".
    pub proposed: String,
    pub breaking: Breaking,
    /// The published contract the occurrence is part of, when it is one:
    /// what other programs or people use by that name ("CLI flag",
    /// "environment variable", "config key", "wire key", "HTTP route",
    /// "database schema", "proto field", "build target").
    pub contract: Option<&'static str>,
    pub owner: String,
    /// The report's sub-heading for it: "Backend: TurnStore".
    pub component: String,
    /// The node of the name-flow graph the occurrence stands for.
    #[serde(skip)]
    pub node: Option<usize>,
    /// For an occurrence left to review: the type, message or table named
    /// for the old word under which it lives, which may be another meaning
    /// of the word (`PlanningRun`).
    #[serde(skip)]
    pub suggested_domain: Option<String>,
    /// For generated code: the sources (`root/path`) it is made from.
    #[serde(skip)]
    pub generated_from: Vec<String>,
    /// It lies in a generated file, whatever its category says (a decision
    /// may give it another): nothing edits it.
    #[serde(skip)]
    pub in_generated_file: bool,
}

/// Every occurrence classified, in the scan's order.
#[derive(Debug)]
pub struct Inventory {
    pub findings: Vec<Finding>,
    /// The scan, its occurrences moved into `findings`.
    pub scan: ScanResult,
    pub graph: Graph,
    /// The kind of migration the classification assumed, and why.
    pub kind: KindFound,
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

/// A category, interned in the classifier's [`CategoryTable`]: decisions
/// copy and compare it as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Category(u16);

impl Category {
    const IDENTIFIER: Category = Category(0);
    const ALIAS: Category = Category(1);
    const VERB: Category = Category(2);
    const GENERATED_FROM_PROTO: Category = Category(3);
    const GENERATED: Category = Category(4);
    const DOC_STALE: Category = Category(5);
    const NEEDS_REVIEW: Category = Category(6);
    const OTHER_PROGRAM: Category = Category(7);
    const OTHER_DOMAIN: Category = Category(8);
    const HISTORY: Category = Category(9);
}

/// Every category a configuration can decide, by name: the fixed ones
/// first, in [`Category`]'s order, then the domains' and the decisions'.
/// The same name is one category, whoever gives it.
#[derive(Default)]
struct CategoryTable {
    names: Vec<String>,
    /// Per category: a configured domain has it.
    of_a_domain: Vec<bool>,
    /// Per configured domain, its category.
    domains: Vec<Category>,
    /// Per decision of the configuration, its category.
    decisions: Vec<Category>,
}

impl CategoryTable {
    fn of(config: &Config) -> CategoryTable {
        let named = Categories::of(config);
        let mut table = CategoryTable {
            names: Vec::new(),
            of_a_domain: Vec::new(),
            domains: Vec::new(),
            decisions: Vec::new(),
        };
        for fixed in [
            named.identifier,
            named.alias,
            PROCESS_VERB.to_string(),
            GENERATED_FROM_PROTO.to_string(),
            GENERATED_CODE.to_string(),
            DOC_STALE.to_string(),
            NEEDS_REVIEW.to_string(),
            OTHER_PROGRAM.to_string(),
            OTHER_DOMAIN.to_string(),
            HISTORY.to_string(),
        ] {
            table.intern(&fixed);
        }
        for domain in &config.domains {
            let category = table.intern(&domain.category);
            table.of_a_domain[category.0 as usize] = true;
            table.domains.push(category);
        }
        for decision in &config.decisions {
            let category = table.intern(&decision.category);
            table.decisions.push(category);
        }
        table
    }

    fn intern(&mut self, name: &str) -> Category {
        let at = match self.names.iter().position(|n| n == name) {
            Some(at) => at,
            None => {
                self.names.push(name.to_string());
                self.of_a_domain.push(false);
                self.names.len() - 1
            }
        };
        Category(u16::try_from(at).expect("fewer than 65536 categories"))
    }

    fn name(&self, category: Category) -> &str {
        &self.names[category.0 as usize]
    }

    fn is_domain(&self, category: Category) -> bool {
        self.of_a_domain[category.0 as usize]
    }
}

/// A decision: small, so that the lists of every occurrence's decisions
/// a history keeps and copies from state to state stay small; what
/// explains it is boxed apart, and only when explaining.
#[derive(Clone, PartialEq)]
struct Decided {
    category: Category,
    confidence: Confidence,
    /// The evidence is about the name itself (its flow, its spelling), not
    /// about where it stands: the same name elsewhere may follow it.
    by_name: bool,
    /// The evidence gives the name more than one meaning.
    mixed: bool,
    why: Option<Box<Why>>,
}

/// Why a decision was made, and for generated code what to change
/// instead: written only when findings are explained.
#[derive(Clone, PartialEq, Default)]
struct Why {
    reasons: Vec<String>,
    /// What to change instead of the occurrence: the source its generated
    /// file is made from.
    instead: Option<String>,
    /// The sources (`root/path`) a generated file is made from.
    sources: Vec<String>,
}

impl Why {
    /// Nothing when there are no reasons: counting writes them empty
    /// (see `reason!`).
    fn of(mut reasons: Vec<String>) -> Option<Box<Why>> {
        reasons.retain(|r| !r.is_empty());
        (!reasons.is_empty()).then(|| {
            Box::new(Why {
                reasons,
                ..Why::default()
            })
        })
    }

    /// From one reason, without a list for an empty one.
    fn said(reason: String) -> Option<Box<Why>> {
        (!reason.is_empty()).then(|| {
            Box::new(Why {
                reasons: vec![reason],
                ..Why::default()
            })
        })
    }
}

impl Decided {
    fn reasons(&self) -> &[String] {
        self.why.as_ref().map_or(&[], |why| &why.reasons)
    }
}

fn decided(category: Category, reason: String, confidence: Confidence) -> Option<Decided> {
    Some(Decided {
        category,
        confidence,
        by_name: false,
        mixed: false,
        why: Why::said(reason),
    })
}

fn by_name(decided: Option<Decided>) -> Option<Decided> {
    decided.map(|d| Decided { by_name: true, ..d })
}

/// What deciding gives: every occurrence's decision (none: left to
/// review), the domain suggested for it, and the kind of migration.
struct Decisions {
    decisions: Vec<Option<Decided>>,
    suggested: Vec<Option<String>>,
    kind: KindFound,
}

/// Classifies every occurrence of a scan.
pub fn classify(config: &Config, mut scan: ScanResult) -> Inventory {
    let (graph, nodes) = Graph::build(&ScanView::new(&scan, &scan.occurrences));
    scan.files.iter_mut().for_each(FileFacts::release_flow);
    // The findings take the occurrences first, and are filled in once they
    // are classified: the occurrences' list is freed before the lists of
    // decisions and derived columns exist, not held beside all of them.
    let mut findings: Vec<Finding> = std::mem::take(&mut scan.occurrences)
        .into_iter()
        .map(Finding::unclassified)
        .collect();
    let view = ScanView::new(&scan, findings.iter().map(|f| &f.occurrence));
    let mut classifier = Classifier::new(config, view, &graph, nodes, None, true);
    let Decisions {
        decisions,
        suggested,
        kind,
    } = classifier.decide(None);
    let mut decisions = classifier.reviewed(decisions, &suggested);
    let twins = classifier.twins(&decisions);
    let nodes = std::mem::take(&mut classifier.nodes);
    let roots = graph.roots_of_nodes();
    let placed: Vec<(bool, bool, bool)> = parallel::map(nodes.len(), |i| {
        let o = classifier.occurrences[i];
        let file = classifier.files[i];
        let shared = nodes[i].is_some_and(|n| roots.cross(n, &o.repo));
        let generated = classifier.generated_files[file].is_some();
        (shared, classifier.is_doc(o, file), generated)
    });
    let table = std::mem::take(&mut classifier.categories);
    drop(classifier);
    let categories = Categories::of(config);
    let deriver = derive::Deriver::new(config, &categories, &scan.notes);
    // Each finding is filled in from its own entries of the lists, on
    // every core.
    let mut entries: Vec<(&mut Finding, &mut Decided)> =
        findings.iter_mut().zip(decisions.iter_mut()).collect();
    parallel::each_share_mut(&mut entries, |start, share| {
        for (k, (finding, d)) in share.iter_mut().enumerate() {
            let i = start + k;
            let (shared, is_doc, generated) = placed[i];
            let category = table.name(d.category);
            let place = derive::Place {
                twin: twins[i],
                shared,
                is_doc,
                anchor: suggested[i].as_deref(),
            };
            deriver.derive(finding, d, category, &place);
            finding.suggested_domain = suggested[i]
                .as_ref()
                .filter(|_| matches!(d.category, Category::NEEDS_REVIEW | Category::OTHER_DOMAIN))
                .cloned();
            let why = d.why.take().map(|why| *why).unwrap_or_default();
            finding.generated_from = why.sources;
            finding.in_generated_file = generated;
            finding.node = nodes[i];
            finding.category = category.to_string();
            finding.reasons = why.reasons;
            finding.confidence = d.confidence;
        }
    });
    drop(entries);
    Inventory {
        findings,
        scan,
        graph,
        kind,
    }
}

/// How many occurrences of a scan each category has: what [`classify`]
/// decides, without the findings' other columns, and reading the scan
/// where it lies.
pub fn count(config: &Config, view: ScanView) -> BTreeMap<String, usize> {
    let (graph, nodes) = Graph::build(&view);
    count_of(config, view, &graph, nodes, None)
}

/// [`count`] on a graph a history keeps across states, brought to the
/// view's state (with the node of each occurrence), and what `kept`
/// holds of the states before on the same graph.
pub fn count_on<V: Clone + PartialEq>(
    config: &Config,
    view: ScanView,
    graph: &KeptGraph<V>,
    nodes: Vec<Option<usize>>,
    kept: &mut KeptEvidence,
) -> BTreeMap<String, usize> {
    count_of(
        config,
        view,
        graph.graph(),
        nodes,
        Some((kept, graph.files())),
    )
}

fn count_of(
    config: &Config,
    view: ScanView,
    graph: &Graph,
    nodes: Vec<Option<usize>>,
    kept: Option<(&mut KeptEvidence, &[(usize, u64)])>,
) -> BTreeMap<String, usize> {
    let mut kept = kept;
    let classifier = Classifier::new(
        config,
        view,
        graph,
        nodes,
        kept.as_mut().map(|(k, f)| (&mut **k, *f)),
        false,
    );
    let decisions = classifier.decide(kept).decisions;
    let mut tally = vec![0; classifier.categories.names.len()];
    // What no evidence decided needs review.
    for d in decisions {
        tally[d.map_or(Category::NEEDS_REVIEW, |d| d.category).0 as usize] += 1;
    }
    classifier
        .categories
        .names
        .iter()
        .zip(tally)
        .filter(|&(_, count)| count > 0)
        .map(|(name, count)| (name.clone(), count))
        .collect()
}

impl Finding {
    /// An occurrence not yet classified: `classify` fills in the rest.
    fn unclassified(occurrence: Occurrence) -> Finding {
        Finding {
            occurrence,
            category: String::new(),
            reasons: Vec::new(),
            confidence: Confidence::Low,
            meaning: String::new(),
            maps_to: MapsTo::Unknown,
            proposed: String::new(),
            breaking: Breaking::None,
            contract: None,
            owner: String::new(),
            component: String::new(),
            node: None,
            suggested_domain: None,
            generated_from: Vec::new(),
            in_generated_file: false,
        }
    }
}

/// A `[[domains]]` entry, its globs compiled.
struct ConfiguredDomain<'a> {
    domain: &'a Domain,
    paths: GlobSet,
    symbols: GlobSet,
    /// The domain's name as a phrase, lowercased: the word it qualifies
    /// and the qualifier before it (`run` and `planning` of "planning
    /// run"), when the name has two words or more.
    phrase: Option<(String, String)>,
}

impl<'a> ConfiguredDomain<'a> {
    fn new(domain: &'a Domain) -> ConfiguredDomain<'a> {
        let words: Vec<String> = domain
            .name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let phrase = match words.as_slice() {
            [.., qualifier, last] => Some((last.clone(), qualifier.clone())),
            _ => None,
        };
        ConfiguredDomain {
            domain,
            paths: checked_glob_set(&domain.paths),
            symbols: checked_glob_set(&domain.symbols),
            phrase,
        }
    }
}

struct Classifier<'a> {
    config: &'a Config,
    /// The facts of each file with occurrences.
    facts: Vec<&'a FileFacts>,
    /// Each file as `repo/path`, as decisions and domains match it.
    paths: Vec<String>,
    /// Every `.proto` file under the roots, as (root name, path).
    proto_files: &'a [(String, String)],
    /// The occurrences, in the scan's order.
    occurrences: Vec<&'a Occurrence>,
    graph: &'a Graph,
    /// Per occurrence: the index of its file in the scan's files (sorted:
    /// occurrences come file by file).
    files: Vec<usize>,
    /// Per file: its occurrences.
    file_ranges: Vec<Range<usize>>,
    /// Per occurrence: the node of the name-flow graph it stands for.
    nodes: Vec<Option<usize>>,
    categories: CategoryTable,
    domains: Vec<ConfiguredDomain<'a>>,
    decisions: Vec<crate::config::Matcher>,
    /// Per root: globs of files `.gitattributes` marks linguist-generated.
    generated_globs: Vec<GlobSet>,
    /// Per file: the decision its being generated makes.
    generated_files: Vec<Option<Decided>>,
    /// Per occurrence: what it says by itself.
    own: Vec<kept::Own>,
    /// Whether an occurrence of the state uses the old word as a verb by
    /// itself, which makes the word a verb where that is needed.
    verb_attested: bool,
    /// Per category that spreads over the name-flow graph (the alias from
    /// names of the new word, each domain from its configured names): how
    /// each node was reached.
    labels: Vec<Label>,
    /// Per node of the graph: its text holds the old word.
    old_word_nodes: Vec<bool>,
    /// Per node of the graph: its text holds the new word (and not the old).
    new_word_nodes: Vec<bool>,
    /// Where the roots say they are published (`github.com/org/repo`): a
    /// URL there is the roots' own.
    homes: Vec<String>,
    /// Graph nodes by the label reasons print (`turns.run_id`), for docs
    /// that write a qualified name: most labels are one node's, a few
    /// several (a column and a field both `turns.run_id`).
    by_label: HashMap<&'a str, Vec<usize>>,
    /// Whether decisions say why: [`classify`] explains, [`count`] does
    /// not need to.
    explain: bool,
}

impl<'a> Classifier<'a> {
    /// Per occurrence: a legacy key, field or column with a twin of the
    /// new word beside it (same declaration, a few lines apart) that its
    /// rename would collide with: the legacy one should go.
    fn twins(&self, decisions: &[Decided]) -> Vec<bool> {
        let occurrences = &self.occurrences;
        fn parent(symbol: &Option<String>) -> Option<&str> {
            symbol
                .as_deref()
                .map(|s| s.rsplit_once('.').map_or(s, |(p, _)| p))
        }
        // The new word's names by file, text, role and parent, with their
        // lines in order: looked up, not searched, as one file (minified
        // code) may hold thousands on a line.
        let mut lines_of: HashMap<(usize, &str, Role, Option<&str>), Vec<u32>> = HashMap::new();
        for (i, t) in occurrences.iter().enumerate() {
            if t.term == TermSide::To {
                let key = (self.files[i], t.text.as_str(), t.role, parent(&t.symbol));
                lines_of.entry(key).or_default().push(t.line);
            }
        }
        parallel::map(occurrences.len(), |i| {
            let o = occurrences[i];
            let paired = matches!(
                o.role,
                Role::ObjectKey
                    | Role::FieldDeclaration
                    | Role::StructTagKey
                    | Role::DataKey
                    | Role::ProtoField
                    | Role::SqlColumn
                    | Role::LogKey
            );
            if !paired || decisions[i].category != Category::ALIAS {
                return false;
            }
            let Some(renamed) = new_name(self.config, o) else {
                return false;
            };
            let key = (self.files[i], renamed.as_str(), o.role, parent(&o.symbol));
            lines_of.get(&key).is_some_and(|lines| {
                let near = lines.partition_point(|&line| line.saturating_add(3) < o.line);
                lines
                    .get(near)
                    .is_some_and(|&line| line <= o.line.saturating_add(3))
            })
        })
    }

    fn new(
        config: &'a Config,
        view: ScanView<'a>,
        graph: &'a Graph,
        nodes: Vec<Option<usize>>,
        kept: Option<(&mut KeptEvidence, &[(usize, u64)])>,
        explain: bool,
    ) -> Classifier<'a> {
        let mut classifier = Classifier {
            config,
            paths: view
                .files
                .iter()
                .map(|f| format!("{}/{}", f.repo, f.path))
                .collect(),
            facts: view.files,
            proto_files: view.proto_files,
            occurrences: view.occurrences,
            graph,
            file_ranges: Vec::new(),
            files: view.file_of,
            nodes,
            categories: CategoryTable::of(config),
            domains: config.domains.iter().map(ConfiguredDomain::new).collect(),
            decisions: config
                .decisions
                .iter()
                .map(|d| {
                    let selector = crate::config::Selector {
                        path: d.path.clone(),
                        symbol: d.symbol.clone(),
                        text: d.text.clone(),
                    };
                    selector.matcher().expect("checked with the configuration")
                })
                .collect(),
            generated_globs: view
                .notes
                .iter()
                .map(|n| linguist_generated(&n.gitattributes))
                .collect(),
            generated_files: Vec::new(),
            homes: {
                let mut homes: Vec<String> =
                    view.notes.iter().flat_map(|n| n.homes.clone()).collect();
                homes.sort();
                homes.dedup();
                homes
            },
            own: Vec::new(),
            verb_attested: false,
            labels: Vec::new(),
            old_word_nodes: Vec::new(),
            new_word_nodes: Vec::new(),
            by_label: HashMap::new(),
            explain,
        };
        // Only the names docs write are looked up by label.
        let written: foldhash::HashSet<String> = classifier
            .occurrences
            .iter()
            .zip(&classifier.files)
            .filter(|(o, &file)| o.term == TermSide::From && classifier.is_doc(o, file))
            .flat_map(|(o, _)| written_names(o))
            .collect();
        let mut by_label: HashMap<&str, Vec<usize>> = HashMap::new();
        for n in 0..graph.node_count() {
            let label = graph.node(n).label();
            if written.contains(label) {
                by_label.entry(label).or_default().push(n);
            }
        }
        classifier.by_label = by_label;
        classifier.generated_files = (0..classifier.facts.len())
            .map(|f| classifier.generated(f))
            .collect();
        let files = &classifier.files;
        classifier.file_ranges = (0..classifier.facts.len())
            .map(|f| files.partition_point(|&x| x < f)..files.partition_point(|&x| x <= f))
            .collect();
        let mut kept = kept;
        (classifier.own, classifier.verb_attested) =
            classifier.own_evidence_of_state(kept.as_mut().map(|(k, f)| (&mut **k, *f)));
        (
            classifier.labels,
            classifier.old_word_nodes,
            classifier.new_word_nodes,
        ) = classifier.spread_labels(kept.map(|(k, _)| &mut k.words));
        classifier
    }

    fn file(&self, index: usize) -> &FileFacts {
        self.facts[index]
    }

    /// Every occurrence's decision (none: left to review), the domain
    /// suggested for those under a type named for the old word, and the
    /// kind of migration assumed.
    /// `kept`: what a history keeps of the states before on the same
    /// graph, with each file's id and version in it.
    fn decide(&self, kept: Option<(&mut KeptEvidence, &[(usize, u64)])>) -> Decisions {
        let mut found = match kept {
            Some((kept, files)) => self.decide_on_kept(kept, files),
            None => {
                let mut decisions: Vec<Option<Decided>> =
                    parallel::map(self.occurrences.len(), |i| self.decide_by_evidence(i));
                let kind = self.read_kind(&decisions);
                let suggested = self.suggest_domains(&decisions);
                self.decide_clusters(kind.kind, &mut decisions, &suggested);
                let all = 0..self.occurrences.len();
                for group in [Passes::InFile, Passes::AcrossFiles, Passes::Last] {
                    self.decide_by_context(
                        &mut decisions,
                        &suggested,
                        group,
                        kind.kind,
                        std::slice::from_ref(&all),
                    );
                }
                Decisions {
                    decisions,
                    suggested,
                    kind,
                }
            }
        };
        self.decide_open(found.kind.kind, &mut found.decisions);
        found
    }

    /// The decisions with what no evidence decided left to review.
    fn reviewed(
        &self,
        decisions: Vec<Option<Decided>>,
        suggested: &[Option<String>],
    ) -> Vec<Decided> {
        let reviews = parallel::map(decisions.len(), |i| {
            decisions[i]
                .is_none()
                .then(|| self.needs_review(self.occurrences[i], suggested[i].as_deref()))
        });
        decisions
            .into_iter()
            .zip(reviews)
            .map(|(d, review)| d.or(review).expect("an open occurrence is reviewed"))
            .collect()
    }

    /// The occurrences of the file that holds occurrence `i` (contiguous:
    /// occurrences are sorted by file).
    fn same_file(&self, i: usize) -> Range<usize> {
        self.file_ranges[self.files[i]].clone()
    }

    /// Comments and documentation: prose, not code (a fence in a Markdown
    /// file is documentation too).
    fn is_doc(&self, o: &Occurrence, file: usize) -> bool {
        self.file(file).language == Lang::Markdown || o.role.is_prose()
    }

    /// Whether a decision says what a name means (generated code and the
    /// new word say nothing about the old word's meaning).
    fn speaks_for_name(&self, d: &Decided) -> bool {
        d.category != Category::GENERATED
            && d.category != Category::GENERATED_FROM_PROTO
            && d.category != Category::IDENTIFIER
    }

    /// Whether a decision says what the names around it mean: the verb and
    /// another program's name say nothing of the code beside them.
    fn speaks_around(&self, d: &Decided) -> bool {
        self.speaks_for_name(d)
            && d.category != Category::VERB
            && d.category != Category::OTHER_PROGRAM
    }

    /// Docs about aliases are stale; docs about a domain or a verb keep its
    /// category.
    fn doc_category(&self, code_category: Category) -> Category {
        if code_category == Category::ALIAS {
            Category::DOC_STALE
        } else {
            code_category
        }
    }

    /// How reasons say a category: "the verb", "a legacy alias", "in X".
    fn phrase(&self, category: Category) -> String {
        category_phrase(self.categories.name(category))
    }
}

/// The qualified names a doc writes: its qualifier and word
/// (`turns.run_id`), and the declaration it stands in when code
/// (`Conversation.RunID` in a fence).
fn written_names(o: &Occurrence) -> impl Iterator<Item = String> {
    let qualified = o.qualifier.as_ref().map(|q| format!("{q}.{}", o.text));
    let declared = o
        .symbol
        .clone()
        .filter(|s| !is_prose(o.role) && s.contains('.'));
    qualified.into_iter().chain(declared)
}

/// The word alone (`run`, `Runs`): its spelling names no identifier, so the
/// same spelling elsewhere says nothing about it.
fn is_bare_word(o: &Occurrence) -> bool {
    o.text.eq_ignore_ascii_case(&o.word)
}

/// A name written in a string or a log message (`"RunLoop failed"`): it
/// means the code of that name, not the value the message goes with nor
/// the code beside it.
fn names_in_text(o: &Occurrence) -> bool {
    matches!(o.role, Role::StringLiteral | Role::LogMessage)
        && !is_bare_word(o)
        && o.text.chars().any(|c| c.is_ascii_uppercase() || c == '_')
}

/// Prose roles: words, not names.
fn is_prose(role: Role) -> bool {
    matches!(
        role,
        Role::Comment | Role::MarkdownProse | Role::MarkdownHeading | Role::Text
    )
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

/// The one category all of `ids` have, with the first of them.
fn unanimous(ids: &[usize], decisions: &[Option<Decided>]) -> Option<(Category, usize)> {
    let first = *ids.first()?;
    let category = decisions[first].as_ref()?.category;
    ids.iter()
        .all(|&j| {
            decisions[j]
                .as_ref()
                .is_some_and(|d| d.category == category)
        })
        .then_some((category, first))
}

/// What a group of occurrences agrees on, kept as the group grows: its
/// first, its size and the category all of them were decided as (none once
/// one is undecided or decided otherwise). A pass that asks of a group for
/// every occurrence it reads pays for the group once.
#[derive(Clone, Copy)]
struct Agreement {
    first: usize,
    count: usize,
    category: Option<Category>,
}

impl Agreement {
    fn of(j: usize, decisions: &[Option<Decided>]) -> Agreement {
        Agreement {
            first: j,
            count: 1,
            category: decisions[j].as_ref().map(|d| d.category),
        }
    }

    fn add(&mut self, j: usize, decisions: &[Option<Decided>]) {
        self.count += 1;
        if self.category != decisions[j].as_ref().map(|d| d.category) {
            self.category = None;
        }
    }

    /// Adds `j` to the group at `key`, or starts it.
    fn add_to<K: Eq + std::hash::Hash>(
        groups: &mut HashMap<K, Agreement>,
        key: K,
        j: usize,
        decisions: &[Option<Decided>],
    ) {
        groups
            .entry(key)
            .and_modify(|a| a.add(j, decisions))
            .or_insert_with(|| Agreement::of(j, decisions));
    }

    /// As [`unanimous`] of the group's occurrences.
    fn unanimous(&self) -> Option<(Category, usize)> {
        self.category.map(|c| (c, self.first))
    }
}

/// The one category a set of decided occurrences agree on, when one of them
/// was decided by its name (not by where it stands), with that one.
fn agreement(ids: &[usize], decisions: &[Option<Decided>]) -> Option<(Category, usize)> {
    let (category, _) = unanimous(ids, decisions)?;
    let by_name = *ids
        .iter()
        .find(|&&j| decisions[j].as_ref().is_some_and(|d| d.by_name))?;
    Some((category, by_name))
}

fn category_phrase(category: &str) -> String {
    match category {
        PROCESS_VERB => "the verb".to_string(),
        OTHER_PROGRAM => "another program's name".to_string(),
        OTHER_DOMAIN => "another meaning of the word".to_string(),
        HISTORY => "history".to_string(),
        c if c.starts_with("LEGACY_") => "a legacy alias".to_string(),
        c => format!("in {c}"),
    }
}
