//! Names that would meet in one scope: a legacy field, key, column or
//! parameter whose new spelling is already taken beside it (its twin), or
//! two old names that would become the same new one.
//!
//! A scope is a node of the language's `scope_containers` (a struct's
//! fields, a literal's keys, a parameter list, a table's columns) or
//! `sequence_containers` (statements, list elements); its entries are the
//! container's children. The twin is found among the scan's hits of the new
//! word with the same role, so the role queries, not this module, say what
//! a name is; the node kinds a rewrite asks about (parameter lists,
//! attributes, assignments, calls, a language's fallback operator) are
//! `Lang::edit_kinds`, so no grammar knowledge lives here.
//!
//! An entry the renames make equal to an untouched neighbour (a legacy
//! route, a duplicated key, `a or a`, `x = x`, a line equal to the next one:
//! [`twins`](super::twins) finds them) is removed under `hard-cut` or kept for a later batch under `compat`; so
//! is a twin with the same value (keyed values equal after the renames, or a
//! declaration the flow says holds the new word's value). Anything else is a
//! [`Collision`]: a twin whose own name the plan does not change
//! (`legacy_owner` under a legacy key, whose uses would stay behind), a
//! duplicate in a list bound by position (`Lang::binds_by_position`: an SQL
//! column list and its `VALUES`), an SQL `SET a = b` between the two names
//! (stored data moves there: a person decides), and a local or parameter
//! renamed to a name another local or parameter of the same function
//! declares (`runID := sessionID` in `Load(sessionID string)`), unless the
//! rename makes a plain copy (`x = x`). An attribute belongs to the entry
//! after it; an alias attribute on the new name's own entry goes alone. A
//! name inside an entry that goes goes with it; inside an entry kept for old
//! clients, a local's use is still renamed with its declaration (`RunID:
//! sessionID`): only the entry's own name is what others read.
//!
//! Under `compat`, a key, route or parameter other programs use (the API
//! batch) gets the new name beside the old one (`compat_shim`): a renamed
//! copy of an entry that stands on its own lines (a written key, a
//! registered route), or a read that falls back to the old name
//! (`get("new") ?? get("old")`, `or` in Python); what cannot be shimmed so
//! (a struct tag, a Go read) stays as it is. Both are listed in the shims
//! batch. A later plan sees the copy beside the original (or `a ?? a`) as a
//! duplicate, so the hard cut at the end of the period removes the old
//! name. SQL inside strings is parsed on its own for this.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;
use tree_sitter::Node;

use super::after::{squeezed, After};
use super::twins::{
    removal, same_chained_call, same_fallback, scopes_around, self_assignment, Climbs, LineMemo,
};
use super::{Action, Originals, Planned, Policy, Stage};
use crate::classify::Inventory;
use crate::error::Error;
use crate::scan::TermSide;
use crate::syntax::{self, Ancestry, Lang, Role, Up};

/// Two names that cannot both have the new spelling in one scope.
#[derive(Debug, Clone, Serialize)]
pub struct Collision {
    pub repo: String,
    pub path: String,
    pub line: u32,
    pub old: String,
    pub new: String,
    /// The line of the name it would collide with.
    pub other_line: u32,
    /// The file of that name, where it is another file (`root/path`).
    pub other_path: Option<String>,
    pub why: String,
    /// A name for the other one that the scope does not hold yet: give it
    /// that name first, then plan again.
    pub suggested: String,
    /// How many places of the name the plan leaves as they are for it.
    pub left: usize,
    /// The place's offset in its file.
    #[serde(skip)]
    pub(super) offset: usize,
    /// Met in a namespace (a package, a module, a type's members), so
    /// every file may name it, rather than in one scope of one file.
    #[serde(skip)]
    pub(super) namespace: bool,
}

impl Collision {
    pub(super) fn of(p: &Planned, other_line: u32, why: impl Into<String>) -> Collision {
        Collision {
            repo: p.place.repo.clone(),
            path: p.place.path.clone(),
            line: p.place.line,
            old: p.old.clone(),
            new: p.new.clone(),
            other_line,
            other_path: None,
            why: why.into(),
            suggested: another_name(&p.new, p.place.language),
            left: 0,
            offset: p.place.offset,
            namespace: false,
        }
    }
}

/// A name beside `name` in its own convention (`otherSessionID`,
/// `other_session_id`, `OtherSession`), for the name a rename meets.
fn another_name(name: &str, language: Lang) -> String {
    use termshift_words::CaseStyle;
    let snake = matches!(language, Lang::Python | Lang::Rust | Lang::Sql);
    match termshift_words::case_style(name) {
        CaseStyle::Snake => format!("other_{name}"),
        CaseStyle::ScreamingSnake => format!("OTHER_{name}"),
        CaseStyle::Kebab => format!("other-{name}"),
        CaseStyle::ScreamingKebab => format!("OTHER-{name}"),
        CaseStyle::Lower if snake => format!("other_{name}"),
        CaseStyle::Upper if snake => format!("OTHER_{name}"),
        CaseStyle::Title | CaseStyle::Pascal | CaseStyle::Train | CaseStyle::Upper => {
            format!("Other{name}")
        }
        _ => format!("other{}", termshift_words::capitalized(name)),
    }
}

/// Roles that name an entry of a scope.
fn names_an_entry(role: Role) -> bool {
    matches!(
        role,
        Role::FieldDeclaration
            | Role::FieldUse
            | Role::ObjectKey
            | Role::StructTagKey
            | Role::DataKey
            | Role::ProtoField
            | Role::ProtoEnum
            | Role::SqlColumn
            | Role::ParameterDeclaration
            | Role::VariableDeclaration
            | Role::LogKey
    )
}

/// A name in a file: where, what, which role, in which declaration.
struct Name<'a> {
    offset: usize,
    text: &'a str,
    role: Role,
    line: u32,
    symbol: Option<&'a str>,
}

/// Marks twins with the same value `Remove` (hard cut) or `Keep` (compat)
/// and returns the collisions (left for a person, or all-or-nothing under
/// `--strict`).
pub(super) fn resolve(
    originals: &Originals,
    inventory: &Inventory,
    planned: &mut [Planned],
    policy: Policy,
) -> Vec<Collision> {
    let mut new_names: HashMap<(&str, &str), Vec<Name>> = HashMap::new();
    for f in &inventory.findings {
        let o = &f.occurrence;
        if o.term == TermSide::To {
            new_names
                .entry((o.repo.as_str(), o.path.as_str()))
                .or_default()
                .push(Name {
                    offset: o.offset - o.word_at,
                    text: &o.text,
                    role: o.role,
                    line: o.line,
                    symbol: o.symbol.as_deref(),
                });
        }
    }
    let mut by_file: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, p) in planned.iter().enumerate() {
        by_file
            .entry((p.place.repo.clone(), p.place.path.clone()))
            .or_default()
            .push(i);
    }
    let mut collisions = Vec::new();
    let mut files: Vec<_> = by_file.into_iter().collect();
    files.sort();
    for ((repo, path), indices) in files {
        let Some(file) = originals.get(&repo, &path) else {
            continue;
        };
        let twins = new_names
            .get(&(repo.as_str(), path.as_str()))
            .map_or(&[][..], Vec::as_slice);
        let (decided, shims, found) = resolve_file(file, &path, twins, planned, &indices, policy);
        collisions.extend(found);
        for (i, insertion) in shims {
            planned[i].action = match insertion {
                Some(_) => Action::Shim,
                None => Action::Keep,
            };
            planned[i].place.insertion = insertion;
        }
        resolved_by(planned, &indices, &decided);
    }
    collisions
}

/// What [`resolve_file`] decides: twins' actions with what goes, compat
/// shims, and collisions.
type FileDecisions = (
    Vec<(usize, Action, Option<Range<usize>>)>,
    Vec<(usize, Option<(usize, String)>)>,
    Vec<Collision>,
);

/// [`resolve`] for the places planned in one file (`indices`), with the
/// new word's names in it (`twins`).
fn resolve_file(
    file: &super::FileText,
    path: &str,
    twins: &[Name],
    planned: &[Planned],
    indices: &[usize],
    policy: Policy,
) -> FileDecisions {
    let mut collisions = Vec::new();
    let lang = Lang::from_path(std::path::Path::new(path));
    let candidates: Vec<usize> = indices
        .iter()
        .copied()
        .filter(|&i| {
            let p = &planned[i];
            let l = p.place.language;
            !p.is_doc && (!l.scope_containers().is_empty() || !l.sequence_containers().is_empty())
        })
        .collect();
    let Some(file_tree) = file.tree().filter(|_| !candidates.is_empty()) else {
        return (Vec::new(), Vec::new(), collisions);
    };
    let text = &file.bytes;
    let span_of = |p: &Planned| p.place.offset..p.place.offset + p.old.len();
    // SQL inside a string is parsed on its own, once per string.
    let mut regions: HashMap<usize, Option<tree_sitter::Tree>> = HashMap::new();
    for &i in &candidates {
        let p = &planned[i];
        if p.place.language != lang {
            if let Some(region) = syntax::string_around(file_tree, text, p.place.offset) {
                regions
                    .entry(p.place.offset)
                    .or_insert_with(|| syntax::parse_region(p.place.language, text, region));
            }
        }
    }
    let mut region_spans: HashMap<usize, Vec<Range<usize>>> = HashMap::new();
    for &i in &candidates {
        let p = &planned[i];
        if regions.contains_key(&p.place.offset) {
            region_spans
                .entry(p.place.offset)
                .or_default()
                .push(span_of(p));
        }
    }
    let region_ancestry: HashMap<usize, Ancestry> = regions
        .iter()
        .filter_map(|(&offset, tree)| Some((offset, tree.as_ref()?)))
        .map(|(offset, tree)| {
            let spans = region_spans.remove(&offset).unwrap_or_default();
            (offset, Ancestry::new(tree.root_node(), spans))
        })
        .collect();
    let local = |role: Role| matches!(role, Role::VariableDeclaration | Role::ParameterDeclaration);
    // The nodes around every place asked about, found in one walk down.
    let ancestry = Ancestry::new(
        file_tree.root_node(),
        candidates
            .iter()
            .map(|&i| span_of(&planned[i]))
            .chain(twins.iter().map(|t| t.offset..t.offset + t.text.len())),
    );
    let after = After::new(
        text,
        indices
            .iter()
            .map(|&i| (span_of(&planned[i]), planned[i].new.as_str())),
    );
    // The new word's names by spelling, and the candidates by role and
    // new name, each by offset.
    let mut twins_by_text: HashMap<&str, Vec<&Name>> = HashMap::new();
    for t in twins {
        twins_by_text.entry(t.text).or_default().push(t);
    }
    let mut by_new: HashMap<(Role, &str), Vec<usize>> = HashMap::new();
    for &j in &candidates {
        let q = &planned[j];
        by_new
            .entry((q.place.role, q.new.as_str()))
            .or_default()
            .push(j);
    }
    for list in by_new.values_mut() {
        list.sort_by_key(|&j| planned[j].place.offset);
    }
    for list in twins_by_text.values_mut() {
        list.sort_by_key(|t| t.offset);
    }
    let resolved = |entry: Node, lang: Lang| {
        let removal = Some(removal(text, entry, lang));
        match policy {
            Policy::HardCut => (Action::Remove, removal),
            Policy::Compat => (Action::Keep, removal),
        }
    };
    let goes = match policy {
        Policy::HardCut => Action::Remove,
        Policy::Compat => Action::Keep,
    };
    // Each container's untouched entries (kind and squeezed text, with how
    // many), and whether an entry of it reads as one of them after the
    // renames: asked once, however many places the entry holds.
    let mut untouched: HashMap<usize, HashMap<(&str, String), usize>> = HashMap::new();
    let mut equal_to_untouched: HashMap<(usize, usize), bool> = HashMap::new();
    let mut lines = LineMemo::default();
    let mut climbs = Climbs::new(lang, text);
    let mut decided: Vec<(usize, Action, Option<Range<usize>>)> = Vec::new();
    let mut errors_before: Option<usize> = None;
    for &i in &candidates {
        let p = &planned[i];
        let span = span_of(p);
        let plang = p.place.language;
        let here = if plang == lang {
            ancestry.at(&span)
        } else {
            region_ancestry
                .get(&p.place.offset)
                .and_then(|a| a.at(&span))
        };
        let Some(here) = here else {
            continue;
        };
        // A place in a string's own tree climbs it afresh.
        let mut own_climbs;
        let climbs = if plang == lang {
            &mut climbs
        } else {
            own_climbs = Climbs::new(plang, text);
            &mut own_climbs
        };
        let scopes = scopes_around(here, plang, climbs);
        // An entry the rename makes equal to an untouched one beside it
        // (a legacy route, key or field next to its new twin).
        let duplicate = scopes.iter().take(2).find_map(|&(container, entry)| {
            let siblings = untouched.entry(container.id()).or_insert_with(|| {
                let mut cursor = container.walk();
                let mut siblings: HashMap<(&str, String), usize> = HashMap::new();
                for s in container.named_children(&mut cursor) {
                    if !after.touches(&s.byte_range()) {
                        let key = (
                            s.kind(),
                            squeezed(&String::from_utf8_lossy(&text[s.byte_range()])),
                        );
                        *siblings.entry(key).or_default() += 1;
                    }
                }
                siblings
            });
            let same = *equal_to_untouched
                .entry((container.id(), entry.id()))
                .or_insert_with(|| {
                    let mine = squeezed(&after.read(entry.byte_range()));
                    // An attribute's entry need not hold the rename: it is
                    // not its own twin.
                    let itself = usize::from(!after.touches(&entry.byte_range()));
                    siblings.get(&(entry.kind(), mine)).copied().unwrap_or(0) > itself
                });
            same.then_some((container, entry))
        });
        // In a list bound by position (`INSERT INTO t (a, b)`, `SELECT
        // a, b`) an entry cannot go without its value: a person decides.
        if let Some((container, _)) = duplicate.filter(|(c, _)| plang.binds_by_position(c.kind())) {
            collisions.push(Collision::of(
                p,
                line_at(text, container.start_byte()),
                format!(
                    "`{}` is already in this list, whose values are bound by position",
                    p.new
                ),
            ));
            continue;
        }
        if let Some((_, entry)) = duplicate {
            // Kept under compat, the entry keeps its name; a local in it
            // is renamed with its declaration.
            if policy == Policy::Compat && is_local_use(p.place.role) {
                continue;
            }
            let (action, removal) = resolved(entry, plang);
            decided.push((i, action, removal));
            continue;
        }
        // `x = x` after the renames: a copy from the legacy name to the
        // new one, which goes with the legacy name; in SQL (`SET a = b`)
        // it moves stored data, and a person decides.
        if let Some(assignment) = self_assignment(here, &after, climbs) {
            if plang == Lang::Sql {
                collisions.push(Collision::of(
                    p,
                    p.place.line,
                    "the statement copies one into the other",
                ));
                continue;
            }
            let statement = assignment
                .parent()
                .map(Up::node)
                .filter(|s| s.kind().ends_with("statement") && s.named_child_count() == 1)
                .unwrap_or(assignment.node());
            let (action, removal) = resolved(statement, plang);
            decided.push((i, action, removal));
            continue;
        }
        // A call the renames make equal to the call chained beside it
        // (`.Str("run_id", x).Str("session_id", x)`): the legacy call
        // goes from the chain.
        if let Some(segment) = same_chained_call(here, plang, &span, &after, climbs) {
            decided.push((i, goes, Some(segment)));
            continue;
        }
        // A fallback the rename makes equal to what it falls back from
        // (`get("account_id") or get("user_id")`): the right side goes.
        if let Some(fallback) = same_fallback(here, &span, &after, climbs) {
            decided.push((i, goes, Some(fallback)));
            continue;
        }
        // A line the rename makes equal to the untouched line next to
        // it (`.Str("run_id", x).` above `.Str("session_id", x).`),
        // when the file parses as well without it.
        let removable = lines.removable(&after, span.start, |line| {
            let without = [&text[..line.start], &text[line.end..]].concat();
            let before = *errors_before.get_or_insert_with(|| syntax::errors_in(file_tree));
            syntax::error_count(lang, &without) <= before
        });
        if let Some(line) = removable {
            decided.push((i, goes, Some(line)));
            continue;
        }
        // A local or parameter renamed to a name a local or parameter
        // of the same function already declares: two values would meet
        // under one name.
        if local(p.place.role) {
            // The function, method or closure whose locals these are:
            // two closures of one method keep theirs apart, a closure
            // sees the locals of what holds it.
            let function_of = |span: Range<usize>| {
                let kinds = plang.function_scopes();
                ancestry
                    .at(&span)?
                    .and_above()
                    .map(Up::node)
                    .find(|n| kinds.contains(&n.kind()))
                    .map(|n| n.byte_range())
            };
            let here = function_of(span.clone());
            let meet = |there: Option<Range<usize>>| match (&here, there) {
                (Some(a), Some(b)) => {
                    (a.start <= b.start && b.end <= a.end) || (b.start <= a.start && a.end <= b.end)
                }
                _ => true,
            };
            let taken = twins_by_text.get(p.new.as_str()).and_then(|same| {
                same.iter().find(|t| {
                    local(t.role)
                        && t.symbol == p.place.symbol.as_deref()
                        && meet(function_of(t.offset..t.offset + t.text.len()))
                })
            });
            if let Some(taken) = taken {
                collisions.push(Collision::of(
                    p,
                    taken.line,
                    format!(
                        "`{}` is already a name in `{}`",
                        p.new,
                        p.place.symbol.as_deref().unwrap_or("this file")
                    ),
                ));
                continue;
            }
        }
        if !names_an_entry(p.place.role) {
            continue;
        }
        // Names of a scope: fields, keys, parameters, columns; locals of
        // a block too.
        let scope = scopes.iter().find(|(c, _)| {
            plang.scope_containers().contains(&c.kind())
                || p.place.role == Role::VariableDeclaration
        });
        let Some(&(container, entry)) = scope else {
            continue;
        };
        if in_value(entry, &span) && !plang.binds_by_position(container.kind()) {
            continue;
        }
        let place_ancestry = if plang == lang {
            Some(&ancestry)
        } else {
            region_ancestry.get(&p.place.offset)
        };
        // The entry of the container that holds a span.
        let entry_of = |span: Range<usize>| match place_ancestry.and_then(|a| a.at(&span)) {
            Some(up) => up
                .and_above()
                .find(|u| u.parent().is_some_and(|c| c.node().id() == container.id()))
                .map(Up::node),
            None => {
                let mut cursor = container.walk();
                let found = container
                    .named_children(&mut cursor)
                    .find(|c| c.byte_range().contains(&span.start));
                found
            }
        };
        let inside = container.byte_range();
        let beside = |offset: usize, len: usize| {
            inside.contains(&offset)
                && !(offset < span.end && span.start < offset + len)
                && entry_of(offset..offset + len)
                    .is_some_and(|e| !in_value(e, &(offset..offset + len)))
        };
        // Two old names becoming one new name.
        let merged = by_new
            .get(&(p.place.role, p.new.as_str()))
            .and_then(|same| {
                let from = same.partition_point(|&j| planned[j].place.offset < inside.start);
                same[from..]
                    .iter()
                    .copied()
                    .take_while(|&j| planned[j].place.offset < inside.end)
                    .find(|&j| {
                        let q = &planned[j];
                        j != i && q.old != p.old && beside(q.place.offset, q.old.len())
                    })
            });
        if let Some(j) = merged {
            let q = &planned[j];
            collisions.push(Collision::of(
                p,
                q.place.line,
                format!("`{}` would become `{}` too", q.old, q.new),
            ));
            continue;
        }
        // A serialization key meets the key it renames to, or a field
        // of that exact name without a key of its own (which serializes
        // under its name).
        let same_kind = |t: &Name| {
            t.role == p.place.role
                || (p.place.role == Role::StructTagKey
                    && t.role == Role::FieldDeclaration
                    && entry_of(t.offset..t.offset + t.text.len())
                        .is_some_and(|e| e.child_by_field_name("tag").is_none()))
        };
        let twin = twins_by_text.get(p.new.as_str()).and_then(|same| {
            let from = same.partition_point(|t| t.offset < inside.start);
            same[from..]
                .iter()
                .take_while(|t| t.offset < inside.end)
                .find(|t| same_kind(t) && beside(t.offset, t.text.len()))
        });
        let Some(twin) = twin else {
            continue;
        };
        let twin_entry =
            entry_of(twin.offset..twin.offset + twin.text.len()).expect("a twin lies in an entry");
        // The old key in an attribute of the new name's own entry
        // (`#[serde(alias = "user_id")] account_id`): the attribute goes.
        if entry.byte_range().contains(&twin.offset) {
            let attributes = plang.edit_kinds().attributes;
            let attribute = here
                .and_above()
                .map(Up::node)
                .find(|n| attributes.contains(&n.kind()));
            if let Some(attribute) = attribute {
                let (action, removal) = resolved(attribute, plang);
                decided.push((i, action, removal));
                continue;
            }
        }
        // Declarations without a value (fields, columns) hold the same
        // value when the flow says so; keyed entries when their values
        // read the same; parameters and statements never.
        // A list bound by position (INSERT, SELECT): dropping one means
        // dropping its value too, by hand.
        let declares = plang.scope_containers().contains(&container.kind())
            && !plang
                .edit_kinds()
                .parameter_lists
                .contains(&container.kind())
            && !plang.binds_by_position(container.kind());
        let same_value = match (
            entry.child_by_field_name("value"),
            twin_entry.child_by_field_name("value"),
        ) {
            (Some(value), Some(twin_value)) => {
                squeezed(&after.read(value.byte_range()))
                    == squeezed(&after.read(twin_value.byte_range()))
            }
            (None, None) => declares && p.alias,
            _ => false,
        };
        if !same_value {
            collisions.push(Collision::of(
                p,
                twin.line,
                format!("`{}` is already there with another value", twin.text),
            ));
            continue;
        }
        // An entry whose own name stays (`legacy_owner` under a legacy
        // key) cannot go: its uses would stay behind.
        if let Some(name) = entry.child_by_field_name("name") {
            let renamed_too = after.renames_inside(&name.byte_range());
            if !renamed_too {
                let name = String::from_utf8_lossy(&text[name.byte_range()]);
                collisions.push(Collision::of(
                    p,
                    twin.line,
                    format!("`{name}` holds the same value as `{}` but keeps its name and its uses: remove it by hand", p.new),
                ));
                continue;
            }
        }
        let (action, removal) = resolved(entry, plang);
        decided.push((i, action, removal));
    }
    // Policy compat: a key, route or parameter other programs use gets
    // the new name beside the old one, and the old one goes last.
    let mut shims: Vec<(usize, Option<(usize, String)>)> = Vec::new();
    if policy == Policy::Compat {
        let decided_here: HashSet<usize> = decided.iter().map(|(j, ..)| *j).collect();
        for &i in &candidates {
            let p = &planned[i];
            if p.stage != Stage::Api || decided_here.contains(&i) {
                continue;
            }
            let span = span_of(p);
            let here = if p.place.language == lang {
                ancestry.at(&span)
            } else {
                region_ancestry
                    .get(&p.place.offset)
                    .and_then(|a| a.at(&span))
            };
            // What cannot be shimmed stays for now: old clients still
            // use it; the hard cut at the end of the period renames it.
            let mut own_climbs;
            let climbs = if p.place.language == lang {
                &mut climbs
            } else {
                own_climbs = Climbs::new(p.place.language, text);
                &mut own_climbs
            };
            let shim = here.and_then(|here| compat_shim(here, lang, p, &after, climbs));
            shims.push((i, shim));
        }
    }
    (decided, shims, collisions)
}

/// Writes the decisions on twins into the plan. A name inside an entry
/// that goes (or stays for now) goes with it; but a kept entry keeps only
/// what other programs read, and a local in it follows its declaration
/// (`RunID: sessionID`). `indices` are the places that may lie inside.
pub(super) fn resolved_by(
    planned: &mut [Planned],
    indices: &[usize],
    decided: &[(usize, Action, Option<Range<usize>>)],
) {
    for (i, action, removal) in decided {
        planned[*i].action = *action;
        planned[*i].place.removal = removal.clone();
    }
    for &i in indices {
        let offset = planned[i].place.offset;
        let same_file = |j: usize| {
            planned[i].place.path == planned[j].place.path
                && planned[i].place.repo == planned[j].place.repo
        };
        let covering = decided.iter().find(|(j, _, r)| {
            *j != i && r.as_ref().is_some_and(|r| r.contains(&offset)) && same_file(*j)
        });
        let Some(&(_, action, _)) = covering else {
            continue;
        };
        let local_kept = action == Action::Keep && is_local_use(planned[i].place.role);
        if planned[i].action == Action::Rename && !local_kept {
            planned[i].action = action;
        }
    }
}

/// A use of a local or parameter: a name no other program reads, which
/// follows its declaration wherever it stands.
fn is_local_use(role: Role) -> bool {
    matches!(role, Role::VariableUse | Role::ParameterUse)
}

/// What compat adds for a place: a renamed copy of the entry that holds
/// it, when the entry stands on lines of its own in a list, a literal or
/// a block (a written key, a registered route), inserted before it; or,
/// for a parameter read, the read of the new name falling back to the old
/// one (`get("new") ?? get("old")`). `None` where neither reads right (a
/// struct field: two fields cannot hold one value).
fn compat_shim<'a, 't>(
    here: Up<'a, 't>,
    host: Lang,
    p: &Planned,
    after: &After,
    climbs: &mut Climbs<'a, 't>,
) -> Option<(usize, String)> {
    if matches!(p.place.role, Role::StructTagKey | Role::FieldDeclaration) {
        return None;
    }
    let text = after.text();
    let lang = p.place.language;
    if p.place.role == Role::QueryParam {
        let kinds = lang.edit_kinds();
        let operator = kinds.fallback?;
        let call = here
            .and_above()
            .find(|up| kinds.calls.contains(&up.node().kind()))?;
        let slot = call
            .parent()
            .is_some_and(|parent| kinds.expression_slots.contains(&parent.node().kind()));
        let node = call.node();
        return slot.then(|| {
            let read = after.read(node.byte_range());
            (node.start_byte(), format!("{read} {operator} "))
        });
    }
    let (_, entry) = *scopes_around(here, lang, climbs).first()?;
    let line_start = text[..entry.start_byte()]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let removal = removal(text, entry, host);
    let whole_lines = removal.start <= line_start
        && removal.end > entry.end_byte()
        && text.get(removal.end - 1) == Some(&b'\n');
    if !whole_lines
        || text[line_start..entry.start_byte()]
            .iter()
            .any(|b| !b.is_ascii_whitespace())
    {
        return None;
    }
    Some((line_start, after.read(line_start..removal.end)))
}

/// The 1-based line of an offset.
fn line_at(text: &[u8], offset: usize) -> u32 {
    text[..offset].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// Whether a span lies in an entry's value (`x` of `key: x`), where it is
/// not the entry's name.
fn in_value(entry: Node, span: &Range<usize>) -> bool {
    entry
        .child_by_field_name("value")
        .is_some_and(|v| v.start_byte() <= span.start && span.end <= v.end_byte())
}

/// The error that stops a plan with collisions: each with its place and
/// the ways out.
pub(super) fn collision_error(collisions: &[Collision]) -> Error {
    let lines: Vec<String> = collisions
        .iter()
        .map(|c| {
            let other = match &c.other_path {
                Some(path) => format!("{path}:{}", c.other_line),
                None => format!("line {}", c.other_line),
            };
            format!(
                "{}/{}:{}: `{}` -> `{}`: {} ({other})",
                c.repo, c.path, c.line, c.old, c.new, c.why
            )
        })
        .collect();
    Error {
        title: format!(
            "{} name(s) would collide in their scope; nothing was written (--strict):\n    {}",
            collisions.len(),
            lines.join("\n    ")
        ),
        location: None,
        help: Some(
            "give one of them another name with a [renames] entry, or leave it out with \
             --path or a [[decisions]] entry; a twin that holds the same value is dropped \
             (--policy hard-cut) or kept (--policy compat); without --strict the rest is \
             planned and the conflicts are listed"
                .into(),
        ),
        exit_code: 1,
    }
}
