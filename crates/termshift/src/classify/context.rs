//! Evidence from around an occurrence, for what its own evidence left
//! open, from the strongest to the weakest: what a declaration holds, the
//! same name in its file, its nearest neighbours in the same declaration,
//! the same compound name elsewhere in the roots; for comments and docs,
//! the code they name or sit among. What is still open needs review.
//!
//! The passes come in three groups by what they read ([`Passes`]): in the
//! file (a declaration by what it holds, the same name in the file, the
//! nearest names of the declaration); across files (a compound name across
//! the roots, a declaration by its uses, docs by the names they write); in
//! the file again (docs by the code around them). A group decides the
//! occurrences of the files it is given, so a history runs a group in the
//! file again only for the files whose reads changed; the passes across
//! files, whose reads are other files' decisions, decide every file.
//!
//! Each pass reads once which occurrences speak for their name ([`Open`]),
//! and finds the nearest names through the declarations' lists or a window
//! of lines, never by scanning the whole file for every occurrence.
//! Weaker evidence speaks only where stronger evidence is silent, and says
//! so with a lower confidence.

use std::cell::OnceCell;

use crate::config::MigrationKind;

use super::*;

/// A pass over the open occurrences: what it decides.
pub(super) type Pass<'a> = fn(&Classifier<'a>, &Open<'_, 'a>) -> Vec<Found>;

/// The passes over what is still open, in the order they run, grouped by
/// what they read beside an occurrence's own file.
#[derive(Clone, Copy)]
pub(super) enum Passes {
    /// Read one file at a time.
    InFile,
    /// Read other files.
    AcrossFiles,
    /// Read one file at a time, after those across files.
    Last,
}

/// The decisions before a pass, with what the passes ask of them for
/// every occurrence of the files it decides, read once.
pub(super) struct Open<'d, 'a> {
    pub(super) decisions: &'d [Option<Decided>],
    /// The occurrences of the files the pass decides: a pass that reads
    /// one file at a time decides only the files whose inputs changed; a
    /// pass across files decides them all.
    active: &'d [Range<usize>],
    /// Per occurrence: decided code that says what the old word means as
    /// a noun (the verb and another program's name say nothing of the noun
    /// around them).
    speaks: Vec<bool>,
    /// The lines of the occurrences that speak, by file and by
    /// declaration; made for the pass that asks.
    speaking_lines: OnceCell<SpeakingLines<'a>>,
}

/// The lines that hold occurrences which speak, in a file and in each
/// declaration of it.
struct SpeakingLines<'a> {
    by_file: HashMap<usize, Lines>,
    /// Per file, whether all that speak in it are in configured domains.
    in_domains: HashMap<usize, bool>,
    by_scope: HashMap<(usize, &'a str), Lines>,
}

/// Lines in order, each with the category its speaking occurrences agree
/// on and the first of them (none when they disagree): the nearest line to
/// any other is found by a binary search, however many occurrences a line
/// holds (a minified file holds them all on one).
#[derive(Default)]
struct Lines {
    lines: Vec<u32>,
    agreed: Vec<Option<(Category, usize)>>,
}

impl Lines {
    /// Adds occurrence `j`, on `line` (not before the last one added).
    fn push(&mut self, line: u32, j: usize, category: Category) {
        if self.lines.last() == Some(&line) {
            let last = self.agreed.last_mut().expect("one per line");
            if last.is_some_and(|(c, _)| c != category) {
                *last = None;
            }
        } else {
            self.lines.push(line);
            self.agreed.push(Some((category, j)));
        }
    }

    /// The category of the nearest lines to `line`, no further than
    /// `reach`, when they agree (a line above and one below may be as
    /// near), with the first of their occurrences.
    fn nearest_agreeing(&self, line: u32, reach: u32) -> Option<(Category, usize)> {
        let after = self.lines.partition_point(|&l| l < line);
        let above = after.checked_sub(1).map(|k| (line - self.lines[k], k));
        let below = self.lines.get(after).map(|&l| (l - line, after));
        let nearest = above.into_iter().chain(below).map(|(d, _)| d).min()?;
        if nearest > reach {
            return None;
        }
        let mut agreed = above
            .into_iter()
            .chain(below)
            .filter(|&(d, _)| d == nearest)
            .map(|(_, k)| self.agreed[k]);
        let first = agreed.next()??;
        agreed
            .all(|a| a.is_some_and(|(c, _)| c == first.0))
            .then_some(first)
    }
}

impl<'d, 'a> Open<'d, 'a> {
    fn new(
        classifier: &Classifier<'a>,
        decisions: &'d [Option<Decided>],
        active: &'d [Range<usize>],
    ) -> Open<'d, 'a> {
        let mut speaks = vec![false; decisions.len()];
        for j in active.iter().flat_map(Range::clone) {
            let o = classifier.occurrences[j];
            speaks[j] = o.term == TermSide::From
                && decisions[j]
                    .as_ref()
                    .is_some_and(|d| classifier.speaks_around(d))
                && !classifier.is_doc(o, classifier.files[j]);
        }
        Open {
            decisions,
            active,
            speaks,
            speaking_lines: OnceCell::new(),
        }
    }

    /// The occurrences the pass decides, in order.
    pub(super) fn indices(&self) -> impl Iterator<Item = usize> + 'd {
        self.active.iter().flat_map(Range::clone)
    }

    fn speaking_lines(&self, classifier: &Classifier<'a>) -> &SpeakingLines<'a> {
        self.speaking_lines.get_or_init(|| {
            let mut lines = SpeakingLines {
                by_file: HashMap::new(),
                in_domains: HashMap::new(),
                by_scope: HashMap::new(),
            };
            for j in self.indices().filter(|&j| self.speaks[j]) {
                let o = classifier.occurrences[j];
                let file = classifier.files[j];
                let category = self.decisions[j].as_ref().expect("speaks").category;
                let by_file = lines.by_file.entry(file).or_default();
                by_file.push(o.line, j, category);
                let in_domain = classifier.categories.is_domain(category);
                *lines.in_domains.entry(file).or_insert(in_domain) &= in_domain;
                if let Some(scope) = o.scope.as_deref() {
                    let by_scope = lines.by_scope.entry((file, scope)).or_default();
                    by_scope.push(o.line, j, category);
                }
            }
            lines
        })
    }
}

/// A decision found by one of the passes, applied after the pass.
pub(super) struct Found {
    pub(super) index: usize,
    /// Decided by a configured domain's name, which a suggested domain
    /// does not overrule.
    pub(super) by_domain: bool,
    pub(super) category: Category,
    pub(super) reason: String,
    pub(super) confidence: Confidence,
    pub(super) by_name: bool,
}

impl<'a> Classifier<'a> {
    /// Suggested domains: names under a type, message, table or function
    /// named for the old word (`PlanningRun`), of which none reaches a name
    /// of the new word, form another meaning of the word. They need review
    /// with that suggestion; weaker evidence must not call them aliases.
    pub(super) fn suggest_domains(&self, decisions: &[Option<Decided>]) -> Vec<Option<String>> {
        let occurrences = &self.occurrences;
        let owners: Vec<Option<&str>> = occurrences
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let code = o.term == TermSide::From && !self.is_doc(o, self.files[i]);
                let owner = self.own[i].owner.filter(|_| code)?;
                Some(&o.symbol.as_deref()?[..owner])
            })
            .collect();
        // An owner is a type, message, enum or table: a function named for
        // the word (`TestRunsTheLoop`, `NewRunCommand`) anchors no meaning.
        let types: foldhash::HashSet<&str> = occurrences
            .iter()
            .filter(|o| {
                matches!(
                    o.role,
                    Role::TypeDeclaration | Role::ProtoMessage | Role::ProtoEnum | Role::SqlTable
                )
            })
            .map(|o| o.text.as_str())
            .collect();
        // Per owner: how many names live under it, and whether one is an
        // alias.
        let mut clusters: HashMap<&str, (usize, bool)> = HashMap::new();
        for (i, owner) in owners.iter().enumerate() {
            if let Some(owner) = owner.filter(|owner| types.contains(owner)) {
                let alias = decisions[i]
                    .as_ref()
                    .is_some_and(|d| d.category == Category::ALIAS);
                let cluster = clusters.entry(owner).or_default();
                cluster.0 += 1;
                cluster.1 |= alias;
            }
        }
        owners
            .iter()
            .enumerate()
            .map(|(i, owner)| {
                let owner = (*owner)?;
                let &(members, reaches_new_word) = clusters.get(owner)?;
                (decisions[i].is_none() && members >= 2 && !reaches_new_word)
                    .then(|| owner.to_string())
            })
            .collect()
    }

    /// The type, message or table around an occurrence, when its name
    /// holds the old word beside other words (`PlanningRun` of
    /// `PlanningRun.RunID`, `planning_runs` of `planning_runs.run_id`): the length of its
    /// symbol's first part. Many names share an owner: `holds_word` reads
    /// each owner's words once.
    pub(super) fn owner_named_for_word(
        &self,
        o: &'a Occurrence,
        holds_word: &mut HashMap<&'a str, bool>,
    ) -> Option<usize> {
        let owner = o.symbol.as_deref()?.split('.').next()?;
        let type_like =
            owner.starts_with(|c: char| c.is_ascii_uppercase()) || o.language == Lang::Sql;
        if !type_like {
            return None;
        }
        // A type named the old word alone (`Run`) is the word's own
        // concept, not a qualified other meaning of it.
        let holds_word = *holds_word.entry(owner).or_insert_with(|| {
            self.config
                .vocabulary
                .find_all(owner.as_bytes())
                .iter()
                .any(|h| h.term == FROM && h.word != (0..owner.len()))
        });
        holds_word.then_some(owner.len())
    }

    /// Runs a group of passes in order over the occurrences of `active`
    /// (see [`Open::active`]). In a rename a doc that names code no code
    /// has is the concept too, not history: the team renames it all.
    pub(super) fn decide_by_context(
        &self,
        decisions: &mut [Option<Decided>],
        suggested: &[Option<String>],
        group: Passes,
        kind: MigrationKind,
        active: &[Range<usize>],
    ) {
        let across: &[Pass<'a>] = &[
            Self::by_build_name,
            Self::by_declared_nowhere,
            Self::by_spelling,
            Self::by_uses,
            Self::by_proper_phrase,
            Self::by_place,
            Self::by_same_node,
            Self::by_named_code,
            Self::by_name_gone,
        ];
        let passes: &[Pass<'a>] = match group {
            Passes::InFile => &[
                Self::by_domain_phrase,
                Self::by_contents,
                Self::by_same_name_in_file,
                Self::by_neighbours,
            ],
            Passes::AcrossFiles if kind == MigrationKind::Rename => &across[..across.len() - 1],
            Passes::AcrossFiles => across,
            Passes::Last => &[Self::by_surrounding_code],
        };
        for pass in passes {
            for found in pass(self, &Open::new(self, decisions, active)) {
                if suggested[found.index].is_some() && !found.by_domain {
                    continue;
                }
                decisions[found.index] = Some(Decided {
                    category: found.category,
                    why: Why::said(found.reason),
                    confidence: found.confidence,
                    by_name: found.by_name,
                    mixed: false,
                });
            }
        }
    }

    /// A declaration with no evidence of its own (a function, type,
    /// constant or message named with the word) means what the names it
    /// holds mean: `startRunForPrompt` logs `conv.RunID`.
    fn by_contents(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        // Per file and declaration, what the speaking names in it or in
        // what it holds agree on (`Router` holds `Router.start`).
        let mut holds: HashMap<(usize, &str), Agreement> = HashMap::new();
        for j in open.indices().filter(|&j| open.speaks[j]) {
            if let Some(scope) = occurrences[j].scope.as_deref() {
                let file = self.files[j];
                for (at, _) in scope.match_indices('.') {
                    Agreement::add_to(&mut holds, (file, &scope[..at]), j, decisions);
                }
                Agreement::add_to(&mut holds, (file, scope), j, decisions);
            }
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            if decisions[i].is_some() || self.is_doc(o, self.files[i]) || !names_a_container(o.role)
            {
                continue;
            }
            let Some(scope) = o.scope.as_deref() else {
                continue;
            };
            // Occurrence `i` is open: it is not among the speaking names.
            let inside = holds
                .get(&(self.files[i], scope))
                .and_then(Agreement::unanimous);
            if let Some((category, first)) = inside {
                let f = &occurrences[first];
                found.push(Found {
                    by_domain: false,
                    index: i,
                    reason: reason!(
                        self,
                        "`{}` is named for what it holds: `{}` at line {} is {}",
                        o.text,
                        f.text,
                        f.line,
                        self.phrase(category)
                    ),
                    category,
                    confidence: Confidence::Medium,
                    by_name: true,
                });
            }
        }
        found
    }

    /// A name that no evidence decided takes the category of the same name
    /// in its file when every decided use there agrees. (Across files a
    /// name may mean two things: `run_id` of a planning run and of a
    /// session.)
    fn by_same_name_in_file(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        let mut in_file: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        for i in open.indices() {
            let o = occurrences[i];
            if open.speaks[i] {
                in_file
                    .entry((self.files[i], o.text.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            // A name of the flow graph that reached nothing keeps that
            // answer: the same spelling may be another type's field.
            if decisions[i].is_some()
                || self.is_doc(o, self.files[i])
                || is_bare_word(o)
                || o.name.is_some()
            {
                continue;
            }
            let same = in_file.get(&(self.files[i], o.text.as_str()));
            if let Some((category, first)) = same.and_then(|ids| agreement(ids, decisions)) {
                let why = decisions[first]
                    .as_ref()
                    .and_then(|d| d.reasons().first())
                    .map_or("", String::as_str);
                found.push(Found {
                    by_domain: false,
                    index: i,
                    reason: reason!(
                        self,
                        "`{}` at line {} of this file is {}: {why}",
                        o.text,
                        occurrences[first].line,
                        self.phrase(category)
                    ),
                    category,
                    confidence: Confidence::Medium,
                    by_name: false,
                });
            }
        }
        found
    }

    /// Code that nothing else decided means what the nearest decided names
    /// of its declaration mean (a log message among the fields it logs, a
    /// string beside the value it names), when those agree.
    fn by_neighbours(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let mut found = Vec::new();
        for i in open.indices() {
            let o = self.occurrences[i];
            if decisions[i].is_some() || self.is_doc(o, self.files[i]) || names_in_text(o) {
                continue;
            }
            if let Some((category, first)) = self.nearest_agreeing(open, i) {
                let f = self.occurrences[first];
                found.push(Found {
                    by_domain: false,
                    index: i,
                    reason: reason!(
                        self,
                        "the nearest names around it are {}: `{}` at line {}",
                        self.phrase(category),
                        f.text,
                        f.line
                    ),
                    category,
                    confidence: Confidence::Low,
                    by_name: false,
                });
            }
        }
        found
    }

    /// The category of the nearest decided code around occurrence `i`: in
    /// the same declaration (or within three lines, outside any), the ones
    /// on the nearest line, when they agree.
    fn nearest_agreeing(&self, open: &Open<'_, 'a>, i: usize) -> Option<(Category, usize)> {
        // Occurrence `i` is open: it does not speak, and is not among them.
        let o = &self.occurrences[i];
        let lines = open.speaking_lines(self);
        let file = self.files[i];
        match &o.scope {
            Some(scope) => lines
                .by_scope
                .get(&(file, scope.as_str()))?
                .nearest_agreeing(o.line, u32::MAX),
            None => lines.by_file.get(&file)?.nearest_agreeing(o.line, 3),
        }
    }

    /// A compound name (`run_id`, `invoices_for_user`) means what its flow
    /// says everywhere else in the roots, outside the places the
    /// configuration gives to a domain.
    fn by_spelling(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        // The verb too: a function named for what it does names the type
        // of the same name (`RunLoop`) as well.
        let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for j in open.indices() {
            let o = occurrences[j];
            let named = decisions[j]
                .as_ref()
                .is_some_and(|d| d.by_name && self.speaks_for_name(d));
            if named && o.term == TermSide::From && !self.is_doc(o, self.files[j]) {
                by_text.entry(o.text.as_str()).or_default().push(j);
            }
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            if decisions[i].is_some() || self.is_doc(o, self.files[i]) || is_bare_word(o) {
                continue;
            }
            let Some(decided) = by_text.get(o.text.as_str()) else {
                continue;
            };
            let category_of = |j: usize| decisions[j].as_ref().map(|d| d.category);
            let mut categories: Vec<Category> =
                decided.iter().filter_map(|&j| category_of(j)).collect();
            categories.sort_unstable_by_key(|c| c.0);
            categories.dedup();
            let general: Vec<Category> = categories
                .iter()
                .copied()
                .filter(|&c| !self.categories.is_domain(c))
                .collect();
            let category = match (categories.as_slice(), general.as_slice()) {
                ([only], _) => *only,
                (_, [only]) if !self.file_is_domain(open, i) => *only,
                _ => continue,
            };
            let examples: Vec<usize> = decided
                .iter()
                .copied()
                .filter(|&j| category_of(j) == Some(category))
                .collect();
            let f = &occurrences[examples[0]];
            found.push(Found {
                by_domain: false,
                index: i,
                reason: reason!(
                    self,
                    "`{}` is {} at {} other places in code (e.g. {}/{}:{}){}",
                    o.text,
                    self.phrase(category),
                    examples.len(),
                    f.repo,
                    f.path,
                    f.line,
                    if categories.len() > 1 {
                        ", outside the configured domains"
                    } else {
                        ""
                    }
                ),
                category,
                confidence: Confidence::Low,
                by_name: false,
            });
        }
        found
    }

    /// A declaration means what its uses mean when they agree: a type its
    /// functions take (`RunPreparation`, returned by an alias's method)
    /// is the alias's type, though no flow reaches the declaration itself.
    /// Two uses at least, in its own root and language, all decided alike.
    fn by_uses(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        // By root, language, declaring role and name: what the uses agree
        // on, and whether all of them speak of the name around them.
        let mut uses: HashMap<(&str, Lang, Role, &str), (Agreement, bool)> = HashMap::new();
        for j in open.indices() {
            let o = occurrences[j];
            if let Some(declared) = o.role.declared_by().filter(|_| o.term == TermSide::From) {
                let language = self.file(self.files[j]).language;
                let speaks = decisions[j].as_ref().is_some_and(|d| self.speaks_around(d));
                uses.entry((o.repo.as_str(), language, declared, o.text.as_str()))
                    .and_modify(|(agreed, all_speak)| {
                        agreed.add(j, decisions);
                        *all_speak &= speaks;
                    })
                    .or_insert_with(|| (Agreement::of(j, decisions), speaks));
            }
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            if decisions[i].is_some()
                || o.term != TermSide::From
                || !matches!(
                    o.role,
                    Role::TypeDeclaration | Role::FunctionDeclaration | Role::MethodDeclaration
                )
            {
                continue;
            }
            let language = self.file(self.files[i]).language;
            let Some((agreed, all_speak)) =
                uses.get(&(o.repo.as_str(), language, o.role, o.text.as_str()))
            else {
                continue;
            };
            let Some((category, first)) = (agreed.count >= 2 && *all_speak)
                .then(|| agreed.unanimous())
                .flatten()
            else {
                continue;
            };
            let f = occurrences[first];
            found.push(Found {
                by_domain: false,
                index: i,
                reason: reason!(
                    self,
                    "its {} uses are {} (e.g. {}/{}:{})",
                    agreed.count,
                    self.phrase(category),
                    f.repo,
                    f.path,
                    f.line
                ),
                category,
                confidence: Confidence::Low,
                by_name: false,
            });
        }
        found
    }

    /// Code where every decided name around it is another meaning of the
    /// word (a configured or a found domain) has that meaning: its file,
    /// else its folder or the one above, the nearer with three decided
    /// names or more (a tool about its own runs keeps them in its folder).
    /// An alias needs flow: the names around do not make one.
    fn by_place(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        // Per root and folder (every folder above a file, not the root),
        // the speaking decisions under it.
        let mut folders: HashMap<(&str, &str), Agreement> = HashMap::new();
        for j in open.indices() {
            if !open.speaks[j] {
                continue;
            }
            let o = occurrences[j];
            for (at, _) in o.path.match_indices('/') {
                Agreement::add_to(&mut folders, (&o.repo, &o.path[..at]), j, decisions);
            }
        }
        let domain_like = |c: Category| c == Category::OTHER_DOMAIN || self.categories.is_domain(c);
        let mut found = Vec::new();
        let mut file_code: Option<(usize, Option<(Category, String)>)> = None;
        for i in open.indices() {
            let o = occurrences[i];
            if decisions[i].is_some() || o.term != TermSide::From || self.is_doc(o, self.files[i]) {
                continue;
            }
            if file_code.as_ref().is_none_or(|(f, _)| *f != self.files[i]) {
                let in_file: Vec<usize> = self.same_file(i).filter(|&j| open.speaks[j]).collect();
                let most = (in_file.len() >= 3)
                    .then(|| unanimous(&in_file, decisions))
                    .flatten()
                    .map(|(category, _)| (category, format!("all {}", in_file.len())));
                file_code = Some((self.files[i], most));
            }
            let (_, in_file) = file_code.as_ref().expect("read above");
            let place = in_file
                .clone()
                .map(|(category, share)| (category, share, "this file".to_string()))
                .or_else(|| {
                    // The file's folder, then the one above it: further up,
                    // a folder holds other tools' code.
                    let ancestors: Vec<&str> = o
                        .path
                        .match_indices('/')
                        .map(|(at, _)| &o.path[..at])
                        .collect();
                    let folder = ancestors.into_iter().rev().take(2).find_map(|f| {
                        folders
                            .get(&(o.repo.as_str(), f))
                            .filter(|agreed| agreed.count >= 3)
                            .map(|agreed| (f, agreed))
                    })?;
                    let (category, _) = folder.1.unanimous()?;
                    let share = format!("all {}", folder.1.count);
                    Some((category, share, format!("`{}/{}`", o.repo, folder.0)))
                });
            if let Some((category, share, place)) = place.filter(|(c, _, _)| domain_like(*c)) {
                found.push(Found {
                    by_domain: false,
                    index: i,
                    reason: reason!(
                        self,
                        "{share} of the decided names of {place} are {}",
                        self.phrase(category)
                    ),
                    category,
                    confidence: Confidence::Low,
                    by_name: false,
                });
            }
        }
        found
    }

    /// Code that stands for the same name of the flow graph as decided
    /// code (an index named after its column, a name and its uses that
    /// context decided) means what they mean, when they agree: one name,
    /// one category.
    fn by_same_node(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let mut by_node: HashMap<usize, Agreement> = HashMap::new();
        for j in open.indices() {
            if let Some(node) = self.nodes[j].filter(|_| open.speaks[j]) {
                Agreement::add_to(&mut by_node, node, j, decisions);
            }
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = self.occurrences[i];
            if decisions[i].is_some() || o.term != TermSide::From || self.is_doc(o, self.files[i]) {
                continue;
            }
            let Some(agreed) = self.nodes[i].and_then(|n| by_node.get(&n)) else {
                continue;
            };
            if let Some((category, first)) = agreed.unanimous() {
                let f = self.occurrences[first];
                found.push(Found {
                    by_domain: false,
                    index: i,
                    reason: reason!(
                        self,
                        "`{}` stands for the same name as `{}` ({}/{}:{}), which is {}",
                        o.text,
                        f.text,
                        f.repo,
                        f.path,
                        f.line,
                        self.phrase(category)
                    ),
                    category,
                    confidence: Confidence::Low,
                    by_name: false,
                });
            }
        }
        found
    }

    /// Whether the decided code of occurrence `i`'s file is all in
    /// configured domains.
    fn file_is_domain(&self, open: &Open<'_, 'a>, i: usize) -> bool {
        let lines = open.speaking_lines(self);
        lines.in_domains.get(&self.files[i]) == Some(&true)
    }

    /// Comments and docs follow the code they name: a name that is an
    /// alias in code is a stale doc, a domain's name belongs to the domain,
    /// the verb stays the verb. The name the doc writes (a route, a
    /// qualified `turns.run_id`, a declaration in a fence, the declaration
    /// a doc comment starts with), else the same compound name in code.
    fn by_named_code(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        // Code a doc can name: the verb too (`RunLoop` is the verb).
        let mut code_by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for i in open.indices() {
            let o = occurrences[i];
            let decided = decisions[i]
                .as_ref()
                .is_some_and(|d| self.speaks_for_name(d));
            if o.term == TermSide::From && decided && !self.is_doc(o, self.files[i]) {
                code_by_text.entry(o.text.as_str()).or_default().push(i);
            }
        }
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            let doc = self.is_doc(o, self.files[i]);
            if decisions[i].is_some() || !(doc || names_in_text(o)) || o.term != TermSide::From {
                continue;
            }
            let decided = self
                .written_name(decisions, i)
                .or_else(|| self.legacy_mention(o))
                .or_else(|| {
                    let ids = code_by_text
                        .get(o.text.as_str())
                        .filter(|_| !is_bare_word(o))?;
                    // The code of the doc's own file first: a name may mean
                    // two things across the roots.
                    let here: Vec<usize> = ids
                        .iter()
                        .copied()
                        .filter(|&j| self.files[j] == self.files[i])
                        .collect();
                    if let Some((category, first)) =
                        agreement(&here, decisions).or_else(|| agreement(ids, decisions))
                    {
                        let f = &occurrences[first];
                        let reason = reason!(
                            self,
                            "names `{}`, which is {} in code ({}/{}:{})",
                            o.text,
                            self.phrase(category),
                            f.repo,
                            f.path,
                            f.line
                        );
                        return Some((category, reason));
                    }
                    // Code that mostly agrees: a name of two meanings has
                    // the one most of its code has.
                    let (category, share) = majority(ids, decisions, &self.categories)?;
                    let reason = reason!(
                        self,
                        "names `{}`, which is {} at {share} places in code",
                        o.text,
                        self.phrase(category)
                    );
                    Some((category, reason))
                });
            if let Some((category, reason)) = decided {
                found.push(Found {
                    by_domain: false,
                    index: i,
                    // A string that names an alias is code to change.
                    category: if doc {
                        self.doc_category(category)
                    } else {
                        category
                    },
                    reason,
                    confidence: Confidence::Medium,
                    by_name: false,
                });
            }
        }
        found
    }

    /// A doc that names no code is about the code around it: the nearest
    /// decided names of its declaration or section, else most of its file.
    /// Prose ("a run is one chat") that sits among aliases is stale.
    fn by_surrounding_code(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let occurrences = &self.occurrences;
        // A doc is undecided, so never code-like itself: each file's
        // code-like names and their majority are read once.
        let code_like = |j: usize| {
            let n = &occurrences[j];
            n.term == TermSide::From
                && !is_prose(n.role)
                && decisions[j].as_ref().is_some_and(|d| self.speaks_around(d))
        };
        let mut file_code: Option<FileCode> = None;
        let mut found = Vec::new();
        for i in open.indices() {
            let o = occurrences[i];
            if decisions[i].is_some() || !self.is_doc(o, self.files[i]) || o.term != TermSide::From
            {
                continue;
            }
            if file_code.as_ref().is_none_or(|c| c.file != self.files[i]) {
                let in_file: Vec<usize> = self.same_file(i).filter(|&j| code_like(j)).collect();
                let most = majority(&in_file, decisions, &self.categories);
                // Each code name under each declaration or section that
                // holds it, in line order.
                let mut under: HashMap<&'a str, Lines> = HashMap::new();
                let mut lines = Lines::default();
                for &j in &in_file {
                    let n = occurrences[j];
                    let category = decisions[j].as_ref().expect("code-like").category;
                    lines.push(n.line, j, category);
                    if let Some(scope) = n.scope.as_deref() {
                        for (at, _) in scope.match_indices('.') {
                            under
                                .entry(&scope[..at])
                                .or_default()
                                .push(n.line, j, category);
                        }
                        under.entry(scope).or_default().push(n.line, j, category);
                    }
                }
                file_code = Some(FileCode {
                    file: self.files[i],
                    lines,
                    under,
                    most,
                });
            }
            let FileCode {
                lines, under, most, ..
            } = file_code.as_ref().expect("read above");
            let doc = |category: Category, reason: String, confidence: Confidence| Found {
                by_domain: false,
                index: i,
                category: self.doc_category(category),
                reason,
                confidence,
                by_name: false,
            };
            // The code of its declaration or section (within three lines
            // outside any), the nearest lines of it; the word alone in
            // prose speaks of the code near it, not of what stands far
            // down its section.
            let candidates = match o.scope.as_deref() {
                Some(scope) => under.get(scope),
                None => Some(lines),
            };
            let reach = match (o.scope.is_some(), is_bare_word(o)) {
                (false, _) => 3,
                (true, true) => NEAR_LINES,
                (true, false) => u32::MAX,
            };
            let near = candidates.and_then(|c| c.nearest_agreeing(o.line, reach));
            if let Some((category, first)) = near {
                let f = &occurrences[first];
                let reason = reason!(
                    self,
                    "the names around it are {}: `{}` at line {}",
                    self.phrase(category),
                    f.text,
                    f.line
                );
                found.push(doc(category, reason, Confidence::Medium));
                continue;
            }
            if let Some((category, share)) = most.clone() {
                let reason = reason!(
                    self,
                    "{share} of the names in this file are {}",
                    self.phrase(category)
                );
                found.push(doc(category, reason, Confidence::Low));
            }
        }
        found
    }

    /// Prose that calls the word legacy, an alias or deprecated speaks of
    /// the old name itself ("the legacy run routes", "when the run alias
    /// goes away").
    fn legacy_mention(&self, o: &Occurrence) -> Option<(Category, String)> {
        const MARKERS: &[&str] = &[
            "legacy",
            "alias",
            "aliases",
            "deprecated",
            "formerly",
            "obsolete",
        ];
        let marker = o
            .context
            .before()
            .chain(o.context.after())
            .find(|w| MARKERS.contains(w))?;
        Some((
            Category::ALIAS,
            reason!(
                self,
                "\"{marker}\" next to it: the doc speaks of the old name itself"
            ),
        ))
    }

    /// What the name a doc writes is in code: a route or request parameter
    /// (`/api/runs/{runId}`, `?run_id=`), a qualified name (`turns.run_id`,
    /// `Conversation.RunID`, a declaration in a code fence), the
    /// declaration a doc comment starts with (`// RunLoop answers ...`).
    fn written_name(&self, decisions: &[Option<Decided>], i: usize) -> Option<(Category, String)> {
        let o = self.occurrences[i];
        let by_node = |node: usize, written: &str| {
            let mut labels = self.labels.iter().filter(|l| l.reached[node].is_some());
            let label = labels.next()?;
            labels.next().is_none().then(|| {
                (
                    label.category,
                    reason!(
                        self,
                        "names `{written}`, which is {} in code: {}",
                        self.phrase(label.category),
                        self.explain_reach(node, label)
                            .first()
                            .cloned()
                            .unwrap_or_default()
                    ),
                )
            })
        };
        if let Some(node) = self.nodes[i] {
            if let Some(found) = by_node(node, &o.text) {
                return Some(found);
            }
        }
        for written in written_names(o) {
            let Some(nodes) = self.by_label.get(written.as_str()) else {
                continue;
            };
            // The nodes that carry the name must agree: which one a doc
            // means is not known, and the order of the files decides
            // nothing.
            let mut found = nodes.iter().map(|&n| by_node(n, &written));
            if let Some(Some(first)) = found.next() {
                if found.all(|other| other.is_some_and(|(category, _)| category == first.0)) {
                    return Some(first);
                }
            }
        }
        // A doc comment names the declaration it documents.
        let scope = o.scope.as_deref()?;
        if o.role != Role::Comment || scope.rsplit('.').next() != Some(o.text.as_str()) {
            return None;
        }
        self.same_file(i).find_map(|j| {
            let d = self.occurrences[j];
            let decision = decisions[j].as_ref()?;
            (j != i
                && !self.is_doc(d, self.files[j])
                && d.text == o.text
                && d.scope.as_deref() == Some(scope)
                && names_a_container(d.role))
            .then(|| {
                (
                    decision.category,
                    reason!(
                        self,
                        "documents `{}` (line {}), which is {}",
                        d.text,
                        d.line,
                        self.phrase(decision.category)
                    ),
                )
            })
        })
    }

    /// A word qualified as a configured domain names it: "planning run",
    /// `/api/planning/runs`, `run_id` under `planning_event`.
    fn by_domain_phrase(&self, open: &Open<'_, 'a>) -> Vec<Found> {
        let decisions = open.decisions;
        let mut found = Vec::new();
        for i in open.indices() {
            let o = self.occurrences[i];
            if decisions[i].is_some() || o.term != TermSide::From {
                continue;
            }
            if let Some((d, qualifier)) = self.domain_phrase(o) {
                found.push(Found {
                    by_domain: true,
                    index: i,
                    category: self.categories.domains[d],
                    reason: reason!(
                        self,
                        "\"{qualifier} {}\" names the {} domain",
                        o.word.to_lowercase(),
                        self.domains[d].domain.name
                    ),
                    confidence: Confidence::Medium,
                    by_name: false,
                });
            }
        }
        found
    }

    /// The configured domain whose name qualifies the hit's word (the
    /// domain `planning run` and `run`), with the qualifier: the word just
    /// before it in the text, or a word of the declarations around it.
    pub(super) fn domain_phrase(&self, o: &Occurrence) -> Option<(usize, &str)> {
        // Most words are ASCII: they are compared without a lowercased copy.
        let lowered = (!o.word.is_ascii()).then(|| o.word.to_lowercase());
        self.domains.iter().enumerate().find_map(|(at, d)| {
            let (last, qualifier) = d.phrase.as_ref()?;
            let starts = match &lowered {
                Some(word) => word.starts_with(last.as_str()),
                None => o
                    .word
                    .get(..last.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(last)),
            };
            if !starts {
                return None;
            }
            let before = o.context.before().next() == Some(qualifier.as_str());
            let around = [&o.symbol, &o.scope].into_iter().flatten().any(|s| {
                termshift_words::split_words(s)
                    .into_iter()
                    .any(|r| s[r].eq_ignore_ascii_case(qualifier))
            });
            (before || around).then_some((at, qualifier.as_str()))
        })
    }
}

impl<'a> Classifier<'a> {
    pub(super) fn needs_review(&self, o: &Occurrence, suggested: Option<&str>) -> Decided {
        let mut reasons = vec![reason!(
            self,
            "no evidence: `{}` does not reach a name with `{}` within {MAX_HOPS} steps of name flow, and no configuration covers it",
            o.text, self.config.to
        )];
        if let Some(owner) = suggested.filter(|_| self.explain) {
            reasons.push(format!(
                "suggested domain: `{owner}` (\"{}\"): none of the names under it reaches a name with `{}`; add a [[domains]] entry if this meaning stays",
                termshift_words::split_words(owner)
                    .into_iter()
                    .map(|r| owner[r].to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" "),
                self.config.to
            ));
        }
        Decided {
            category: Category::NEEDS_REVIEW,
            confidence: Confidence::Low,
            by_name: false,
            mixed: false,
            why: Why::of(reasons),
        }
    }
}

/// How many lines from the word alone in prose the code it speaks of
/// stands at most.
const NEAR_LINES: u32 = 15;

/// The code-like names of a file, and the category most of them have.
struct FileCode<'a> {
    file: usize,
    lines: Lines,
    /// By declaration or section, the names in it or in what it holds.
    under: HashMap<&'a str, Lines>,
    most: Option<(Category, String)>,
}

/// The category most of `ids` have, when at least two thirds of three or
/// more do, with the share as a phrase ("5 of 6").
fn majority(
    ids: &[usize],
    decisions: &[Option<Decided>],
    table: &CategoryTable,
) -> Option<(Category, String)> {
    let mut counts: HashMap<Category, usize> = HashMap::new();
    for d in ids.iter().filter_map(|&j| decisions[j].as_ref()) {
        *counts.entry(d.category).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    // Of categories as frequent, the first by name.
    let (category, count) = counts
        .into_iter()
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(table.name(c))))?;
    (total >= 3 && count * 3 >= total * 2).then(|| (category, format!("{count} of {total}")))
}

/// Roles of a name that holds other names: a function, a type, a constant,
/// a message, a table.
fn names_a_container(role: Role) -> bool {
    matches!(
        role,
        Role::FunctionDeclaration
            | Role::MethodDeclaration
            | Role::TypeDeclaration
            | Role::VariableDeclaration
            | Role::ProtoMessage
            | Role::ProtoService
            | Role::ProtoEnum
            | Role::SqlTable
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Category = Category(1);
    const B: Category = Category(2);

    fn lines(entries: &[(u32, usize, Category)]) -> Lines {
        let mut lines = Lines::default();
        for &(line, j, category) in entries {
            lines.push(line, j, category);
        }
        lines
    }

    #[test]
    fn the_nearest_line_speaks_when_its_names_agree() {
        let l = lines(&[(10, 0, A), (10, 1, A), (20, 2, B), (20, 3, A)]);
        assert_eq!(l.nearest_agreeing(12, u32::MAX), Some((A, 0)));
        assert_eq!(l.nearest_agreeing(10, u32::MAX), Some((A, 0)));
        // Line 20 holds two meanings: it says nothing.
        assert_eq!(l.nearest_agreeing(19, u32::MAX), None);
        assert_eq!(l.nearest_agreeing(40, u32::MAX), None);
    }

    #[test]
    fn lines_as_near_above_and_below_must_agree() {
        let l = lines(&[(10, 0, A), (14, 1, A), (30, 2, B)]);
        assert_eq!(l.nearest_agreeing(12, u32::MAX), Some((A, 0)));
        assert_eq!(l.nearest_agreeing(22, u32::MAX), None);
        assert_eq!(l.nearest_agreeing(25, u32::MAX), Some((B, 2)));
    }

    #[test]
    fn nothing_speaks_beyond_the_reach() {
        let l = lines(&[(10, 0, A)]);
        assert_eq!(l.nearest_agreeing(13, 3), Some((A, 0)));
        assert_eq!(l.nearest_agreeing(14, 3), None);
        assert_eq!(l.nearest_agreeing(6, 3), None);
        assert_eq!(Lines::default().nearest_agreeing(1, u32::MAX), None);
    }
}
