//! The migration as ordered batches, the way a careful engineer lands it:
//! internal symbols first, then the store and its schema, the API
//! contracts, the proto files (and what to regenerate), the documentation,
//! and last the compatibility shims to remove once clients have moved.
//!
//! A plan is made from a classified inventory and the files as they are on
//! disk now ([`Originals`]): each selected occurrence of the old word becomes
//! a [`Place`] with its new spelling, places are grouped into [`Item`]s
//! (one old name -> new name per batch), and a name whose new spelling
//! already exists in the same scope (`scopes`) or namespace (`declared`:
//! package, module, type members; `imports`: a file's imported names) is
//! resolved by the policy or reported as a [`Collision`].
//!
//! The files that hold selected findings are read once, each parsed at most
//! once, when first asked for ([`FileText::tree`]), and every place is
//! checked to still read as scanned. A place's new spelling is its
//! `[renames]` entry (one entry holds for every place of the same flow
//! node, so a field's uses follow its declaration) or the words crate's
//! rebuild; the hits of one token change together. A name selected by
//! `--path` is changed wherever its node lives. What the gate keeps as a
//! shim ([`Gate::shims`](crate::gate::Gate::shims)) is left as it is, so
//! `plan` and `check` agree on it. Generated files are never selected: the
//! plan names their source and the generator to run ([`Plan::regenerate`],
//! `regenerate`), and the program a `//go:generate` directive runs keeps
//! its name.
//! A use never parts from its declaration in one file: a use whose
//! same-file declaration (same text, the declaring role of its role) is
//! not renamed is skipped, and so is a module name no symbol of the roots
//! declares, unless it names a file the plan renames (`files`; the
//! import's names still follow their declarations).
//!
//! In prose, an article follows the new word ("a user" -> "an account"), and
//! a line the renames make say the new name twice ("a session was called a
//! session") is listed to be read again ([`Plan::reread`]).
//!
//! A [`Collision`] stops the plan only under [`OnConflict::Stop`]
//! (`--strict`). Otherwise every place of the colliding name is taken out
//! (the same flow node, the same declaration of the file, or, met in a
//! namespace, the same rename everywhere), with the uses it would leave
//! without their declaration, and listed in [`Plan::conflicts`].

mod after;
mod declared;
mod files;
mod imports;
mod regenerate;
pub mod schema;
mod scopes;
mod shims;
mod twins;

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use std::time::SystemTime;

use serde::Serialize;

use crate::classify::{
    rename_override, respelled, role_breaking, Breaking, Categories, Finding, Inventory, DOC_STALE,
};
use crate::config::Config;
use crate::error::Error;
use crate::gate::Gate;
use crate::scan::{Occurrence, TermSide};
use crate::syntax::{Lang, Role};

pub use files::FileRename;
use regenerate::{lowercase_words, regenerations};
pub use regenerate::{Generator, Regeneration};
pub use scopes::Collision;

/// What to do with a legacy name whose new spelling already exists beside
/// it with the same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    /// Drop the legacy entry: one name from now on.
    HardCut,
    /// Keep the legacy entry beside the new one, so old clients keep
    /// working; removing it is a later batch.
    Compat,
}

/// The kind of change a batch holds, in landing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Internal,
    Store,
    Api,
    Proto,
    Docs,
    Shims,
}

impl Stage {
    /// The batch number of the stage: the same in every plan of a
    /// migration, so `--batch 6` removes the shims however many batches
    /// are already done.
    pub fn number(self) -> usize {
        self as usize + 1
    }

    pub fn title(self) -> &'static str {
        match self {
            Stage::Internal => "Internal symbols",
            Stage::Store => "Store and schema",
            Stage::Api => "API contracts",
            Stage::Proto => "Proto and generated code",
            Stage::Docs => "Documentation",
            Stage::Shims => "Remove compatibility shims",
        }
    }

    /// Why the batch lands where it does.
    pub fn why(self) -> &'static str {
        match self {
            Stage::Internal => "names only the code of one root sees: no reader outside changes",
            Stage::Store => "columns, indexes and tables: ship the migration script with it",
            Stage::Api => "keys, parameters and routes other programs read",
            Stage::Proto => "schema files: regenerate the generated code in the same change",
            Stage::Docs => "prose and examples, once the names they describe have changed",
            Stage::Shims => "legacy names kept for old clients: remove once none is left",
        }
    }
}

/// What happens to a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The old name is written the new way.
    Rename,
    /// The legacy entry goes: a twin of the new name holds the same value.
    Remove,
    /// The legacy entry stays beside its twin for now (policy `compat`).
    Keep,
    /// Policy `compat` for a key, route or parameter other programs use:
    /// the new name is added beside the old one (a renamed copy of the
    /// entry, or a read that falls back to the old name), and the old one
    /// is listed in the shims batch.
    Shim,
}

/// One occurrence the plan changes.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub repo: String,
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// Byte offset of the whole identifier or word in the file.
    pub offset: usize,
    pub role: Role,
    pub symbol: Option<String>,
    #[serde(skip)]
    pub language: Lang,
    /// For `Remove`: the bytes that go (the entry, its line and the
    /// comment above it when it stands alone).
    #[serde(skip)]
    pub removal: Option<Range<usize>>,
    /// In prose, the article before the word when the new word needs the
    /// other one ("a user" -> "an account"): its offset and new spelling.
    #[serde(skip)]
    pub article: Option<(usize, String)>,
    /// For `Shim`: the text to insert and where (a renamed copy of the
    /// entry before it, or the new read and its fallback operator).
    #[serde(skip)]
    pub insertion: Option<(usize, String)>,
}

/// One old name -> new name within a batch, everywhere it lives.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub old: String,
    pub new: String,
    pub action: Action,
    pub breaking: Breaking,
    pub places: Vec<Place>,
}

impl Item {
    /// The files of the item (`root/path`) with the lines in each, in order.
    pub fn files(&self) -> Vec<(String, Vec<u32>)> {
        let mut files: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for p in &self.places {
            files
                .entry(format!("{}/{}", p.repo, p.path))
                .or_default()
                .push(p.line);
        }
        files.into_iter().collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    /// 1-based, in landing order; a stage keeps its number when batches
    /// before it are empty.
    pub number: usize,
    pub stage: Stage,
    pub title: &'static str,
    pub items: Vec<Item>,
}

/// An occurrence selected for change that the plan cannot rename.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub repo: String,
    pub path: String,
    pub line: u32,
    pub text: String,
    pub why: String,
}

impl Skipped {
    fn of(o: &Occurrence, why: impl Into<String>) -> Skipped {
        Skipped {
            repo: o.repo.clone(),
            path: o.path.clone(),
            line: o.line,
            text: o.text.clone(),
            why: why.into(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Plan {
    pub from: String,
    pub to: String,
    pub policy: Policy,
    pub batches: Vec<Batch>,
    pub regenerate: Vec<Regeneration>,
    pub skipped: Vec<Skipped>,
    /// Occurrences left as they are: shims the configuration allows, and
    /// the names those shims use.
    pub kept: Vec<Skipped>,
    /// Prose the plan renames that a person should read again (`text` is
    /// the line as it will read).
    pub reread: Vec<Skipped>,
    /// Names that would collide, left as they are for a person.
    pub conflicts: Vec<Collision>,
    /// Files named for the old word, renamed with what they hold.
    pub files: Vec<FileRename>,
}

/// A file as read when the plan was made.
#[derive(Debug, Clone)]
pub struct FileText {
    pub path: PathBuf,
    /// Its bytes; for a UTF-16 file, its text decoded to UTF-8, as the
    /// scan read it.
    pub bytes: Vec<u8>,
    /// Written in UTF-16: the plan changes nothing in it.
    pub utf16: bool,
    pub modified: Option<SystemTime>,
    /// Its syntax tree in the language of its name, parsed when first
    /// asked for, once.
    tree: OnceCell<Option<tree_sitter::Tree>>,
    /// The paths of its relative Markdown links, in order, read when first
    /// asked for, once.
    links: OnceCell<Vec<Range<usize>>>,
}

impl FileText {
    /// The file's syntax tree, if its language has a grammar.
    pub fn tree(&self) -> Option<&tree_sitter::Tree> {
        self.tree
            .get_or_init(|| crate::syntax::parse(Lang::from_path(&self.path), &self.bytes, None))
            .as_ref()
    }

    /// The path of the relative Markdown link that holds `offset`, if one
    /// does (the file read as Markdown).
    pub fn link_path_around(&self, offset: usize) -> Option<Range<usize>> {
        let paths = self
            .links
            .get_or_init(|| crate::syntax::link_paths(&self.bytes));
        let after = paths.partition_point(|p| p.start <= offset);
        let path = paths.get(after.checked_sub(1)?)?;
        path.contains(&offset).then(|| path.clone())
    }
}

/// The files an inventory names, read once: the plan's view of the disk.
#[derive(Debug, Default)]
pub struct Originals {
    files: HashMap<(String, String), FileText>,
}

impl Originals {
    /// Reads every file that holds a finding of the old word, and those
    /// that declare a name of the new word (a renamed name may meet it).
    pub fn read(config: &Config, inventory: &Inventory) -> Result<Originals, Error> {
        let mut files = HashMap::new();
        for f in &inventory.findings {
            let o = &f.occurrence;
            let key = (o.repo.clone(), o.path.clone());
            let wanted = o.term == TermSide::From || o.role.declares_code_name();
            if files.contains_key(&key) || !wanted {
                continue;
            }
            let Some(root) = config.roots.iter().find(|r| r.name == o.repo) else {
                continue;
            };
            let path = root.path.join(&o.path);
            let read = std::fs::read(&path).and_then(|bytes| {
                let modified = std::fs::metadata(&path)?.modified().ok();
                let decoded = crate::sources::utf16::decode(&bytes).map(|(text, _)| text);
                Ok(FileText {
                    path: path.clone(),
                    utf16: decoded.is_some(),
                    bytes: decoded.unwrap_or(bytes),
                    modified,
                    tree: OnceCell::new(),
                    links: OnceCell::new(),
                })
            });
            let text = read.map_err(|e| {
                Error::usage(format!("cannot read {}: {e}", path.display()))
                    .help("check the file's permissions, then scan again")
            })?;
            files.insert(key, text);
        }
        Ok(Originals { files })
    }

    pub fn get(&self, repo: &str, path: &str) -> Option<&FileText> {
        self.files.get(&(repo.to_string(), path.to_string()))
    }
}

/// Which findings a plan changes.
pub struct Selection<'a> {
    /// The categories to change (the alias and `DOC_STALE` by default).
    pub categories: Vec<String>,
    /// The rest of the filters (paths, symbols, owners). A name selected
    /// in one place is changed in every place of its category, so that
    /// code keeps compiling.
    pub filter: &'a dyn Fn(&Finding) -> bool,
}

impl Selection<'_> {
    /// The categories `apply` changes when none are named.
    pub fn default_categories(config: &Config) -> Vec<String> {
        vec![Categories::of(config).alias, DOC_STALE.to_string()]
    }
}

/// A place before grouping: the place, its new spelling, its stage.
struct Planned {
    place: Place,
    old: String,
    new: String,
    stage: Stage,
    breaking: Breaking,
    action: Action,
    is_doc: bool,
    /// Classified as the alias: its flow says it holds the new word's value.
    alias: bool,
    /// The name of the flow graph it stands for.
    node: Option<usize>,
}

/// What a plan does with names that would collide (see [`Collision`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    /// Leave each colliding name as it is, everywhere it goes, for a
    /// person, and plan the rest.
    LeaveOut,
    /// Plan nothing: fail with the collisions.
    Stop,
}

/// Makes the plan. Fails when a new name cannot be written where it goes,
/// or when names collide and `on_conflict` says stop.
pub fn plan(
    config: &Config,
    inventory: &Inventory,
    originals: &Originals,
    selection: &Selection,
    policy: Policy,
    on_conflict: OnConflict,
) -> Result<Plan, Error> {
    let findings = &inventory.findings;
    let in_categories = |f: &Finding| {
        f.occurrence.term == TermSide::From && selection.categories.contains(&f.category)
    };
    // What the gate accepts as a shim stays, with the names it uses.
    let gate = Gate::new(config, &[])?;
    let shims = gate.shims(inventory);
    // A shim a name declares itself goes or stays by the policy.
    let named_shims = crate::gate::named_shims(inventory);
    let mut shim_places = Vec::new();
    let mut kept = Vec::new();
    let mut eligible = vec![false; findings.len()];
    for (i, f) in findings.iter().enumerate() {
        if !in_categories(f) {
            continue;
        }
        if f.in_generated_file {
            kept.push(Skipped::of(
                &f.occurrence,
                "a generated file: change its source and regenerate it",
            ));
            continue;
        }
        let o = &f.occurrence;
        if o.path.ends_with(".go")
            && originals
                .get(&o.repo, &o.path)
                .is_some_and(|t| regenerate::in_directive_command(&t.bytes, o.offset))
        {
            kept.push(Skipped::of(
                o,
                "names the program a //go:generate directive runs, not the word",
            ));
            continue;
        }
        match (&shims[i], &named_shims[i]) {
            (Some(why), _) => kept.push(Skipped::of(&f.occurrence, why.clone())),
            (None, Some((why, shim))) => shim_places.push((i, why.clone(), *shim)),
            (None, None) => eligible[i] = true,
        }
    }
    let chosen_nodes: BTreeSet<usize> = findings
        .iter()
        .zip(&eligible)
        .filter(|(f, &ok)| ok && (selection.filter)(f))
        .filter_map(|(f, _)| f.node)
        .collect();
    let selected: Vec<&Finding> = findings
        .iter()
        .zip(&eligible)
        .filter(|(f, &ok)| {
            ok && ((selection.filter)(f) || f.node.is_some_and(|n| chosen_nodes.contains(&n)))
        })
        .map(|(f, _)| f)
        .collect();

    // An override of one place of a name holds for every place of it.
    let mut node_override: HashMap<(usize, &str), &str> = HashMap::new();
    for f in &selected {
        if let (Some(node), Some(new)) = (f.node, rename_override(config, &f.occurrence)) {
            node_override.insert((node, f.occurrence.text.as_str()), new);
        }
    }

    // Hits of one token (`runs_by_run_id`) change together.
    let mut tokens: BTreeMap<(&str, &str, usize), Vec<&Finding>> = BTreeMap::new();
    for f in &selected {
        let o = &f.occurrence;
        tokens
            .entry((o.repo.as_str(), o.path.as_str(), o.offset - o.word_at))
            .or_default()
            .push(f);
    }
    // Names a symbol of the roots has: an import of one names the symbol,
    // not a file.
    let declared: BTreeSet<&str> = findings
        .iter()
        .map(|f| &f.occurrence)
        .filter(|o| o.role.declares_code_name())
        .map(|o| o.text.as_str())
        .collect();
    let categories = Categories::of(config);
    let mut planned = Vec::new();
    let mut skipped = Vec::new();
    let mut invalid = Vec::new();
    // Module paths, renamed only with the file they name.
    let mut module_paths: Vec<(&Finding, &'static str)> = Vec::new();
    // Paths of Markdown links, respelled only with the file they name.
    let mut link_paths: Vec<&Finding> = Vec::new();
    for hits in tokens.values() {
        let first = &hits[0].occurrence;
        // Its occurrences are places in its decoded text: an edit written
        // back would turn the file into UTF-8.
        if originals
            .get(&first.repo, &first.path)
            .is_some_and(|file| file.utf16)
        {
            skipped.push(Skipped::of(
                first,
                "UTF-16 file: edit it by hand, or convert it to UTF-8 and run again",
            ));
            continue;
        }
        if let Some(why) = names_a_module(originals, first, &declared) {
            module_paths.push((hits[0], why));
            continue;
        }
        if files::in_link_path(originals, first) {
            link_paths.push(hits[0]);
            continue;
        }
        let by_hand = rename_override(config, first).or_else(|| {
            hits.iter()
                .find_map(|f| f.node)
                .and_then(|n| node_override.get(&(n, first.text.as_str())).copied())
        });
        let new = match by_hand {
            Some(new) => Some(new.to_string()),
            None => rename_token(config, hits),
        };
        let Some(new) = new.filter(|n| *n != first.text) else {
            skipped.push(Skipped::of(
                first,
                "no new spelling follows from the name; add a [renames] entry",
            ));
            continue;
        };
        let f = hits[0];
        let is_doc = is_doc(first);
        if let Some(why) = unwritable(first, &new, is_doc) {
            invalid.push(format!(
                "{}/{}:{}:{}: `{}` -> `{new}`: {why}",
                first.repo, first.path, first.line, first.column, first.text
            ));
            continue;
        }
        let mut p = Planned::rename(f, new, is_doc);
        p.alias = f.category == categories.alias;
        p.node = hits.iter().find_map(|f| f.node);
        planned.push(p);
    }
    skipped.extend(split_names(findings, &mut planned));
    if !invalid.is_empty() {
        return Err(Error::usage(format!(
            "{} new name(s) cannot be written where they go:\n    {}",
            invalid.len(),
            invalid.join("\n    ")
        ))
        .help(
            "fix the [renames] entry so the new name is a valid identifier of the file's language",
        ));
    }
    check_places(originals, &planned)?;
    for p in planned.iter_mut().filter(|p| p.is_doc) {
        if let Some(file) = originals.get(&p.place.repo, &p.place.path) {
            p.place.article = article_before(&file.bytes, p.place.offset, &p.new);
        }
    }
    let mut collisions = scopes::resolve(originals, inventory, &mut planned, policy);
    collisions.extend(declared::resolve(
        originals,
        inventory,
        &mut planned,
        policy,
    ));
    collisions.extend(imports::resolve(originals, &planned));
    if !collisions.is_empty() {
        if on_conflict == OnConflict::Stop {
            return Err(scopes::collision_error(&collisions));
        }
        leave_out(&mut planned, &mut collisions);
        // A use in the file of a declaration left out stays with it.
        skipped.extend(split_names(findings, &mut planned));
    }
    let (removals, stays) = shims::resolve(originals, findings, &shim_places, policy);
    planned.extend(removals);
    kept.extend(stays);
    let mut files = files::renames(config, inventory, &planned);
    files.add_packages(
        config,
        originals,
        findings,
        &mut module_paths,
        &link_paths,
        &mut planned,
    );
    if on_conflict == OnConflict::Stop && !files.conflicts.is_empty() {
        return Err(scopes::collision_error(&files.conflicts));
    }
    skipped.extend(std::mem::take(&mut files.skipped));
    collisions.extend(std::mem::take(&mut files.conflicts));
    let renames = files::follow(
        originals,
        findings,
        files.renames,
        &files::Paths {
            modules: module_paths,
            links: link_paths,
        },
        &mut planned,
        &mut skipped,
    );
    let stays = declared::docs_of_kept_declarations(originals, inventory, &planned);
    for i in stays.into_iter().rev() {
        let p = planned.remove(i);
        skipped.push(Skipped {
            repo: p.place.repo,
            path: p.place.path,
            line: p.place.line,
            text: p.old,
            why: "the declaration it documents keeps its name".to_string(),
        });
    }
    skipped.sort_by(|a, b| (&a.repo, &a.path, a.line).cmp(&(&b.repo, &b.path, b.line)));
    let reread = echoes(originals, &planned);
    let planned_names: BTreeSet<(String, Vec<String>, bool)> = planned
        .iter()
        .filter(|p| matches!(p.action, Action::Rename | Action::Remove) && !p.is_doc)
        .map(|p| {
            let file = format!("{}/{}", p.place.repo, p.place.path);
            (file, lowercase_words(&p.old), p.action == Action::Remove)
        })
        .collect();
    Ok(Plan {
        from: config.from.clone(),
        to: config.to.clone(),
        policy,
        batches: batches(planned),
        regenerate: regenerations(config, inventory, &planned_names),
        skipped,
        kept,
        reread,
        conflicts: collisions,
        files: renames,
    })
}

impl Planned {
    /// A rename of the occurrence's whole token.
    fn rename(f: &Finding, new: String, is_doc: bool) -> Planned {
        let o = &f.occurrence;
        Planned {
            place: Place {
                repo: o.repo.clone(),
                path: o.path.clone(),
                line: o.line,
                column: o.column - o.word_at as u32,
                offset: o.offset - o.word_at,
                role: o.role,
                symbol: o.symbol.clone(),
                language: o.language,
                removal: None,
                article: None,
                insertion: None,
            },
            old: o.text.clone(),
            new,
            stage: stage_of(f, is_doc),
            breaking: breaking_of(f),
            action: Action::Rename,
            is_doc,
            alias: false,
            node: f.node,
        }
    }
}

/// Takes out of the plan every place of each colliding name: the place,
/// the places standing for the same name of the flow graph, and the same
/// rename in the same declaration of the file; for a name met in a
/// namespace, the same rename everywhere (any file may use it). Renaming
/// part of a name would break what the rest refers to.
fn leave_out(planned: &mut Vec<Planned>, collisions: &mut [Collision]) {
    // What each collision leaves out, as keys a place matches: its name
    // anywhere in a namespace, with the same value node, or in the same
    // declaration of the same file. A place goes with the first collision
    // that claims it.
    let mut at: HashMap<(&str, &str, usize), usize> = HashMap::new();
    for (k, p) in planned.iter().enumerate() {
        at.entry((&p.place.repo, &p.place.path, p.place.offset))
            .or_insert(k);
    }
    let mut by_name: HashMap<(&str, &str), usize> = HashMap::new();
    let mut by_node: HashMap<(&str, &str, usize), usize> = HashMap::new();
    type Scope<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>);
    fn scope_of(p: &Planned) -> Scope<'_> {
        let at = &p.place;
        (&p.old, &p.new, &at.repo, &at.path, at.symbol.as_deref())
    }
    let mut by_scope: HashMap<Scope, usize> = HashMap::new();
    for (n, c) in collisions.iter().enumerate() {
        let Some(&k) = at.get(&(c.repo.as_str(), c.path.as_str(), c.offset)) else {
            continue;
        };
        let p = &planned[k];
        let name = (p.old.as_str(), p.new.as_str());
        if c.namespace {
            by_name.entry(name).or_insert(n);
        }
        if let Some(node) = p.node {
            by_node.entry((name.0, name.1, node)).or_insert(n);
        }
        by_scope.entry(scope_of(p)).or_insert(n);
    }
    let claims: Vec<Option<usize>> = planned
        .iter()
        .map(|p| {
            let name = (p.old.as_str(), p.new.as_str());
            let scope = scope_of(p);
            [
                by_name.get(&name),
                p.node.and_then(|node| by_node.get(&(name.0, name.1, node))),
                by_scope.get(&scope),
            ]
            .into_iter()
            .flatten()
            .min()
            .copied()
        })
        .collect();
    for &n in claims.iter().flatten() {
        collisions[n].left += 1;
    }
    let mut claims = claims.into_iter();
    planned.retain(|_| claims.next().expect("one claim per place").is_none());
}

/// The article right before `offset` ("a " or "an ", any case), when
/// `new` needs the other one: its offset and the article to write.
fn article_before(text: &[u8], offset: usize, new: &str) -> Option<(usize, String)> {
    let before = &text[..offset];
    let space = before.len().checked_sub(1).filter(|&i| before[i] == b' ')?;
    let start = before[..space]
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let article = std::str::from_utf8(&before[start..space]).ok()?;
    // A vowel letter other than `u` ("a user", "an account") sounds as one.
    let wants_an = new
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o'));
    let fixed = match (article, wants_an) {
        ("a", true) => "an",
        ("A", true) => "An",
        ("an", false) => "a",
        ("An", false) => "A",
        _ => return None,
    };
    Some((start, fixed.to_string()))
}

/// How often `name` stands in `text` as a whole word (no letter or digit
/// around it), in any case.
fn bounded_matches(text: &str, name: &str) -> usize {
    let (text, name) = (text.to_ascii_lowercase(), name.to_ascii_lowercase());
    let bytes = text.as_bytes();
    text.match_indices(&name)
        .filter(|(at, _)| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + name.len()).copied();
            !before.is_some_and(|b| b.is_ascii_alphanumeric())
                && !after.is_some_and(|b| b.is_ascii_alphanumeric())
        })
        .count()
}

/// Prose lines the renames make say one name twice where they set the old
/// name beside the new one ("a session was called a run" -> "... a
/// session"): text about the alias itself, for a person to reword.
fn echoes(originals: &Originals, planned: &[Planned]) -> Vec<Skipped> {
    let mut lines: BTreeMap<(&str, &str, usize), Vec<&Planned>> = BTreeMap::new();
    for p in planned
        .iter()
        .filter(|p| p.is_doc && p.action == Action::Rename)
    {
        let Some(file) = originals.get(&p.place.repo, &p.place.path) else {
            continue;
        };
        let start = file.bytes[..p.place.offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        lines
            .entry((&p.place.repo, &p.place.path, start))
            .or_default()
            .push(p);
    }
    let mut reread = Vec::new();
    for ((repo, path, start), places) in lines {
        let bytes = &originals.get(repo, path).expect("read above").bytes;
        let mut line = String::new();
        let mut at = start;
        for p in &places {
            line.push_str(&String::from_utf8_lossy(&bytes[at..p.place.offset]));
            line.push_str(&p.new);
            at = p.place.offset + p.old.len();
        }
        // The line ends after its last place (a term may run on past a
        // line break).
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        line.push_str(&String::from_utf8_lossy(&bytes[at..end]));
        let original = String::from_utf8_lossy(&bytes[start..end]);
        let echoed = places.iter().any(|p| {
            let count = |text: &str| bounded_matches(text, &p.new);
            count(&original) >= 1 && count(&line) >= 2
        });
        if echoed {
            reread.push(Skipped {
                repo: repo.to_string(),
                path: path.to_string(),
                line: places[0].place.line,
                text: line.trim().to_string(),
                why: "says the new name twice after the rename: it spoke of the old name".into(),
            });
        }
    }
    reread
}

/// The token's new spelling, each selected hit replaced from the last to
/// the first so earlier offsets stay valid.
fn rename_token(config: &Config, hits: &[&Finding]) -> Option<String> {
    let mut occurrence: Occurrence = hits[0].occurrence.clone();
    let mut at: Vec<usize> = hits.iter().map(|f| f.occurrence.word_at).collect();
    at.sort_unstable();
    at.dedup();
    for word_at in at.into_iter().rev() {
        occurrence.word_at = word_at;
        occurrence.text = respelled(config, &occurrence)?;
    }
    Some(occurrence.text)
}

/// Prose, comments and Markdown (a fence in a Markdown file too).
fn is_doc(o: &Occurrence) -> bool {
    Lang::from_path(std::path::Path::new(&o.path)) == Lang::Markdown || o.role.is_prose()
}

/// Takes out of the plan the uses of a name whose declaration in the same
/// file the plan leaves as it is (its category differs, or it needs
/// review): renaming them alone would point them at nothing, or at
/// another name. Says why for each.
fn split_names(findings: &[Finding], planned: &mut Vec<Planned>) -> Vec<Skipped> {
    let renamed: BTreeSet<(&str, &str, usize)> = planned
        .iter()
        .map(|p| (p.place.repo.as_str(), p.place.path.as_str(), p.place.offset))
        .collect();
    let mut kept_declarations: HashMap<(&str, &str, &str, Role), u32> = HashMap::new();
    for f in findings {
        let o = &f.occurrence;
        let start = o.offset - o.word_at;
        if o.term == TermSide::From && !renamed.contains(&(o.repo.as_str(), o.path.as_str(), start))
        {
            kept_declarations
                .entry((o.repo.as_str(), o.path.as_str(), o.text.as_str(), o.role))
                .or_insert(o.line);
        }
    }
    let mut split = Vec::new();
    planned.retain(|p| {
        let place = &p.place;
        let declared_at = place.role.declared_by().and_then(|role| {
            kept_declarations.get(&(place.repo.as_str(), place.path.as_str(), p.old.as_str(), role))
        });
        let Some(line) = declared_at else {
            return true;
        };
        split.push(Skipped {
            repo: place.repo.clone(),
            path: place.path.clone(),
            line: place.line,
            text: p.old.clone(),
            why: format!(
                "its declaration at line {line} stays as it is: rename both or neither (decide the declaration's category)"
            ),
        });
        false
    });
    split
}

/// Why an import's name is left as it is, when it names a module: a path
/// in a string (`from "./components/RunHeader"`, `import "app/run"`), or a
/// module name that no symbol of the roots has (`from run_store import
/// save`). It changes only with the file it names (`files::follow`): a
/// folder or package keeps its name, so the import must keep it too.
fn names_a_module(
    originals: &Originals,
    o: &Occurrence,
    declared: &BTreeSet<&str>,
) -> Option<&'static str> {
    if !matches!(o.role, Role::PackageUse | Role::PackageDeclaration) {
        return None;
    }
    let in_string = originals.get(&o.repo, &o.path).is_some_and(|file| {
        file.tree()
            .is_some_and(|t| crate::syntax::string_around(t, &file.bytes, o.offset).is_some())
    });
    if in_string {
        return Some("a module path: it names a file, folder or package that keeps its name; rename it and this import together by hand");
    }
    (!declared.contains(o.text.as_str())).then_some(
        "names a module or package, not a symbol of the roots, whose file or folder keeps its name; rename it, its file or folder and its imports together by hand",
    )
}

/// Why `new` cannot replace the occurrence, if it cannot.
fn unwritable(o: &Occurrence, new: &str, is_doc: bool) -> Option<String> {
    if new.is_empty() {
        return Some("the new name is empty".into());
    }
    if o.role.is_identifier() && !is_doc {
        return (!o.language.is_identifier(new)).then(|| {
            format!(
                "not a valid {} identifier (letters, digits and `_`, not a reserved word)",
                o.language.name()
            )
        });
    }
    if is_doc {
        return None;
    }
    new.contains(['"', '\'', '`', '\\', '\n', ' '])
        .then(|| "a key or string cannot hold quotes, spaces or backslashes here".into())
}

/// Every place must still read as the scan saw it.
fn check_places(originals: &Originals, planned: &[Planned]) -> Result<(), Error> {
    for p in planned {
        let place = &p.place;
        let Some(file) = originals.get(&place.repo, &place.path) else {
            continue;
        };
        let found = file
            .bytes
            .get(place.offset..place.offset + p.old.len())
            .is_some_and(|b| b == p.old.as_bytes());
        if !found {
            return Err(Error::usage(format!(
                "{} changed since it was scanned: `{}` is no longer at line {}",
                file.path.display(),
                p.old,
                place.line
            ))
            .help("run the command again; nothing was written"));
        }
    }
    Ok(())
}

/// Who a change breaks: the finding's level, or for a finding whose
/// category changes nothing (selected with `--category`), its role's.
fn breaking_of(f: &Finding) -> Breaking {
    match f.breaking {
        Breaking::None => role_breaking(f.occurrence.role),
        breaking => breaking,
    }
}

fn stage_of(f: &Finding, is_doc: bool) -> Stage {
    let o = &f.occurrence;
    if is_doc {
        return Stage::Docs;
    }
    match o.role {
        Role::SqlTable | Role::SqlColumn | Role::SqlIndex => return Stage::Store,
        // An environment variable or a flag read from a string is what
        // others set: a contract, not an internal string.
        Role::StringLiteral | Role::LogMessage if f.contract.is_none() => return Stage::Internal,
        _ => {}
    }
    if o.language == Lang::Proto {
        return Stage::Proto;
    }
    match breaking_of(f) {
        Breaking::Yes | Breaking::Low => Stage::Api,
        Breaking::Schema => Stage::Store,
        Breaking::Proto => Stage::Proto,
        Breaking::Internal | Breaking::None => Stage::Internal,
    }
}

/// Groups places into items and items into numbered batches. A doc that
/// writes a compound name (`run_id`) changes with that name's batch.
fn batches(planned: Vec<Planned>) -> Vec<Batch> {
    let compound = |s: &str| termshift_words::split_words(s).len() > 1;
    let mut code_stage: HashMap<(String, String), Stage> = HashMap::new();
    for p in planned.iter().filter(|p| !p.is_doc) {
        let stage = code_stage
            .entry((p.old.clone(), p.new.clone()))
            .or_insert(p.stage);
        *stage = (*stage).max(p.stage);
    }
    let mut items: BTreeMap<(Stage, String, String, Action), Item> = BTreeMap::new();
    // A shim added now is removed in the last batch.
    let removals_later: Vec<Planned> = planned
        .iter()
        .filter(|p| p.action == Action::Shim)
        .map(|p| Planned {
            place: Place {
                insertion: None,
                ..p.place.clone()
            },
            old: p.old.clone(),
            new: p.new.clone(),
            stage: p.stage,
            breaking: p.breaking,
            action: Action::Keep,
            is_doc: p.is_doc,
            alias: p.alias,
            node: p.node,
        })
        .collect();
    for p in planned.into_iter().chain(removals_later) {
        let stage = match p.action {
            Action::Keep => Stage::Shims,
            _ if p.is_doc && compound(&p.old) => code_stage
                .get(&(p.old.clone(), p.new.clone()))
                .copied()
                .unwrap_or(Stage::Docs),
            _ => p.stage,
        };
        let item = items
            .entry((stage, p.old.clone(), p.new.clone(), p.action))
            .or_insert_with(|| Item {
                old: p.old.clone(),
                new: p.new.clone(),
                action: p.action,
                breaking: p.breaking,
                places: Vec::new(),
            });
        item.breaking = item.breaking.max(p.breaking);
        item.places.push(p.place);
    }
    let mut by_stage: BTreeMap<Stage, Vec<Item>> = BTreeMap::new();
    for ((stage, ..), mut item) in items {
        item.places
            .sort_by(|a, b| (&a.repo, &a.path, a.offset).cmp(&(&b.repo, &b.path, b.offset)));
        by_stage.entry(stage).or_default().push(item);
    }
    by_stage
        .into_iter()
        .map(|(stage, items)| Batch {
            number: stage.number(),
            stage,
            title: stage.title(),
            items,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_follows_the_new_word() {
        let text = b"A user has one. Ask an user or a run.";
        assert_eq!(article_before(text, 2, "account"), Some((0, "An".into())));
        assert_eq!(article_before(text, 23, "session"), Some((20, "a".into())));
        assert_eq!(article_before(text, 33, "session"), None);
        assert_eq!(article_before(b"data user", 5, "account"), None);
    }

    #[test]
    fn whole_words_are_counted_in_any_case() {
        assert_eq!(
            bounded_matches("Session or session_id, sessions", "session"),
            2
        );
        assert_eq!(
            bounded_matches("`session_id`; `session_id`", "session_id"),
            2
        );
    }
}
