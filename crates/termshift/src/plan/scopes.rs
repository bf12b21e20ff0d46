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
//! route, a duplicated key, `a or a`, `x = x`, a line equal to the next one)
//! is removed under `hard-cut` or kept for a later batch under `compat`; so
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

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;
use tree_sitter::Node;

use super::{Action, Originals, Planned, Policy, Stage};
use crate::classify::Inventory;
use crate::error::Error;
use crate::scan::TermSide;
use crate::syntax::{self, Lang, Role};

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
        let lang = Lang::from_path(std::path::Path::new(&path));
        let Some(file) = originals.get(&repo, &path) else {
            continue;
        };
        let candidates: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| {
                let p = &planned[i];
                let l = p.place.language;
                !p.is_doc
                    && (!l.scope_containers().is_empty() || !l.sequence_containers().is_empty())
            })
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let Some(file_tree) = file.tree() else {
            continue;
        };
        let text = &file.bytes;
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
        let empty = Vec::new();
        let twins_here = new_names
            .get(&(repo.as_str(), path.as_str()))
            .unwrap_or(&empty);
        let renames: Vec<(Range<usize>, &str)> = indices
            .iter()
            .map(|&i| {
                let p = &planned[i];
                (p.place.offset..p.place.offset + p.old.len(), p.new.as_str())
            })
            .collect();
        let resolved = |entry: Node, lang: Lang| {
            let removal = Some(removal(text, entry, lang));
            match policy {
                Policy::HardCut => (Action::Remove, removal),
                Policy::Compat => (Action::Keep, removal),
            }
        };
        let mut decided: Vec<(usize, Action, Option<Range<usize>>)> = Vec::new();
        let mut errors_before: Option<usize> = None;
        for &i in &candidates {
            let p = &planned[i];
            let span = p.place.offset..p.place.offset + p.old.len();
            let plang = p.place.language;
            let tree = if plang == lang {
                Some(file_tree)
            } else {
                regions.get(&p.place.offset).and_then(Option::as_ref)
            };
            let Some(tree) = tree else {
                continue;
            };
            let scopes = scopes_around(tree.root_node(), plang, span.clone());
            // An entry the rename makes equal to an untouched one beside it
            // (a legacy route, key or field next to its new twin).
            let duplicate = scopes.iter().take(2).find_map(|&(container, entry)| {
                let mine = squeezed(&renamed(text, entry.byte_range(), &renames));
                let mut cursor = container.walk();
                let same = container.named_children(&mut cursor).any(|s| {
                    s.id() != entry.id()
                        && s.kind() == entry.kind()
                        && !renames
                            .iter()
                            .any(|(r, _)| s.byte_range().contains(&r.start))
                        && squeezed(&String::from_utf8_lossy(&text[s.byte_range()])) == mine
                });
                same.then_some((container, entry))
            });
            // In a list bound by position (`INSERT INTO t (a, b)`, `SELECT
            // a, b`) an entry cannot go without its value: a person decides.
            if let Some((container, _)) =
                duplicate.filter(|(c, _)| plang.binds_by_position(c.kind()))
            {
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
            if let Some(assignment) =
                self_assignment(tree.root_node(), plang, text, &span, &renames)
            {
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
                    .filter(|s| s.kind().ends_with("statement") && s.named_child_count() == 1)
                    .unwrap_or(assignment);
                let (action, removal) = resolved(statement, plang);
                decided.push((i, action, removal));
                continue;
            }
            // A call the renames make equal to the call chained beside it
            // (`.Str("run_id", x).Str("session_id", x)`): the legacy call
            // goes from the chain.
            if let Some(segment) = same_chained_call(tree.root_node(), plang, text, &span, &renames)
            {
                let action = match policy {
                    Policy::HardCut => Action::Remove,
                    Policy::Compat => Action::Keep,
                };
                decided.push((i, action, Some(segment)));
                continue;
            }
            // A fallback the rename makes equal to what it falls back from
            // (`get("account_id") or get("user_id")`): the right side goes.
            if let Some(fallback) = same_fallback(tree.root_node(), text, &span, &renames) {
                let action = match policy {
                    Policy::HardCut => Action::Remove,
                    Policy::Compat => Action::Keep,
                };
                decided.push((i, action, Some(fallback)));
                continue;
            }
            // A line the rename makes equal to the untouched line next to
            // it (`.Str("run_id", x).` above `.Str("session_id", x).`),
            // when the file parses as well without it.
            if let Some(line) = duplicate_line(text, &span, &renames) {
                let without = [&text[..line.start], &text[line.end..]].concat();
                let before = *errors_before.get_or_insert_with(|| syntax::errors_in(file_tree));
                if syntax::error_count(lang, &without) <= before {
                    let action = match policy {
                        Policy::HardCut => Action::Remove,
                        Policy::Compat => Action::Keep,
                    };
                    decided.push((i, action, Some(line)));
                    continue;
                }
            }
            // A local or parameter renamed to a name a local or parameter
            // of the same function already declares: two values would meet
            // under one name.
            let local =
                |role: Role| matches!(role, Role::VariableDeclaration | Role::ParameterDeclaration);
            if local(p.place.role) {
                // The function, method or closure whose locals these are:
                // two closures of one method keep theirs apart, a closure
                // sees the locals of what holds it.
                let function_of = |offset: usize| {
                    let kinds = plang.function_scopes();
                    let mut node = file_tree
                        .root_node()
                        .descendant_for_byte_range(offset, offset)?;
                    loop {
                        if kinds.contains(&node.kind()) {
                            return Some(node.byte_range());
                        }
                        node = node.parent()?;
                    }
                };
                let here = function_of(p.place.offset);
                let meet = |there: Option<Range<usize>>| match (&here, there) {
                    (Some(a), Some(b)) => {
                        (a.start <= b.start && b.end <= a.end)
                            || (b.start <= a.start && a.end <= b.end)
                    }
                    _ => true,
                };
                let taken = twins_here.iter().find(|t| {
                    local(t.role)
                        && t.text == p.new
                        && t.symbol == p.place.symbol.as_deref()
                        && meet(function_of(t.offset))
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
            let entry_of = |offset: usize| {
                let mut cursor = container.walk();
                let found = container
                    .named_children(&mut cursor)
                    .find(|c| c.byte_range().contains(&offset));
                found
            };
            let beside = |offset: usize, len: usize| {
                container.byte_range().contains(&offset)
                    && !(offset < span.end && span.start < offset + len)
                    && entry_of(offset).is_some_and(|e| !in_value(e, &(offset..offset + len)))
            };
            // Two old names becoming one new name.
            let merged = candidates.iter().copied().find(|&j| {
                let q = &planned[j];
                j != i
                    && q.place.role == p.place.role
                    && q.new == p.new
                    && q.old != p.old
                    && beside(q.place.offset, q.old.len())
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
                        && entry_of(t.offset)
                            .is_some_and(|e| e.child_by_field_name("tag").is_none()))
            };
            let Some(twin) = twins_here
                .iter()
                .find(|t| same_kind(t) && t.text == p.new && beside(t.offset, t.text.len()))
            else {
                continue;
            };
            let twin_entry = entry_of(twin.offset).expect("a twin lies in an entry");
            // The old key in an attribute of the new name's own entry
            // (`#[serde(alias = "user_id")] account_id`): the attribute goes.
            if entry.byte_range().contains(&twin.offset) {
                let mut node = tree
                    .root_node()
                    .descendant_for_byte_range(span.start, span.end);
                let attributes = plang.edit_kinds().attributes;
                while let Some(n) = node.filter(|n| !attributes.contains(&n.kind())) {
                    node = n.parent();
                }
                if let Some(attribute) = node {
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
                    squeezed(&renamed(text, value.byte_range(), &renames))
                        == squeezed(&renamed(text, twin_value.byte_range(), &renames))
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
                let renamed_too = renames
                    .iter()
                    .any(|(r, _)| name.start_byte() <= r.start && r.end <= name.end_byte());
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
            for &i in &candidates {
                let p = &planned[i];
                if p.stage != Stage::Api || decided.iter().any(|(j, ..)| *j == i) {
                    continue;
                }
                let tree = if p.place.language == lang {
                    Some(file_tree)
                } else {
                    regions.get(&p.place.offset).and_then(Option::as_ref)
                };
                let span = p.place.offset..p.place.offset + p.old.len();
                // What cannot be shimmed stays for now: old clients still
                // use it; the hard cut at the end of the period renames it.
                let shim = tree.and_then(|t| compat_shim(t, lang, p, text, &span, &renames));
                shims.push((i, shim));
            }
        }
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
fn compat_shim(
    tree: &tree_sitter::Tree,
    host: Lang,
    p: &Planned,
    text: &[u8],
    span: &Range<usize>,
    renames: &[(Range<usize>, &str)],
) -> Option<(usize, String)> {
    if matches!(p.place.role, Role::StructTagKey | Role::FieldDeclaration) {
        return None;
    }
    let lang = p.place.language;
    if p.place.role == Role::QueryParam {
        let kinds = lang.edit_kinds();
        let operator = kinds.fallback?;
        let mut node = tree
            .root_node()
            .descendant_for_byte_range(span.start, span.end)?;
        while !kinds.calls.contains(&node.kind()) {
            node = node.parent()?;
        }
        let slot = node
            .parent()
            .is_some_and(|parent| kinds.expression_slots.contains(&parent.kind()));
        return slot.then(|| {
            let read = renamed(text, node.byte_range(), renames);
            (node.start_byte(), format!("{read} {operator} "))
        });
    }
    let (_, entry) = *scopes_around(tree.root_node(), lang, span.clone()).first()?;
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
    let lines = line_start..removal.end;
    Some((line_start, renamed(text, lines, renames)))
}

/// The containers around `span`, nearest first, each with its entry (the
/// child that holds the span).
fn scopes_around(root: Node<'_>, lang: Lang, span: Range<usize>) -> Vec<(Node<'_>, Node<'_>)> {
    let mut scopes = Vec::new();
    let Some(mut node) = root.descendant_for_byte_range(span.start, span.end) else {
        return scopes;
    };
    while let Some(parent) = node.parent() {
        let kind = parent.kind();
        if lang.scope_containers().contains(&kind) || lang.sequence_containers().contains(&kind) {
            // An attribute (`#[serde(rename = "..")]`) belongs to the
            // entry after it.
            let entry = match node.next_named_sibling() {
                Some(next) if lang.edit_kinds().attributes.contains(&node.kind()) => next,
                _ => node,
            };
            scopes.push((parent, entry));
        }
        node = parent;
    }
    scopes
}

/// The line of `span` (with its newline) when the renames make it equal
/// to the line before or after it, which no rename touches.
fn duplicate_line(
    text: &[u8],
    span: &Range<usize>,
    renames: &[(Range<usize>, &str)],
) -> Option<Range<usize>> {
    let line_of = |at: usize| {
        let start = text[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = text[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| at + p + 1);
        start..end
    };
    let line = line_of(span.start);
    let mine = squeezed(&renamed(text, line.clone(), renames));
    let untouched = |r: &Range<usize>| !renames.iter().any(|(x, _)| r.contains(&x.start));
    let previous = (line.start > 0).then(|| line_of(line.start - 1));
    let next = (line.end < text.len()).then(|| line_of(line.end));
    let same = [previous, next].into_iter().flatten().any(|other| {
        untouched(&other)
            && !mine.is_empty()
            && squeezed(&String::from_utf8_lossy(&text[other])) == mine
    });
    same.then_some(line)
}

/// In `a || b`, `a ?? b` or `a or b` with `span` in one side: that side
/// and the operator, when the renames make both sides read the same.
fn same_fallback(
    root: Node,
    text: &[u8],
    span: &Range<usize>,
    renames: &[(Range<usize>, &str)],
) -> Option<Range<usize>> {
    let mut node = root.descendant_for_byte_range(span.start, span.end)?;
    while let Some(parent) = node.parent() {
        node = parent;
        let (Some(left), Some(right)) = (
            parent.child_by_field_name("left"),
            parent.child_by_field_name("right"),
        ) else {
            continue;
        };
        let operator = String::from_utf8_lossy(&text[left.end_byte()..right.start_byte()]);
        if !["||", "??", "or"].contains(&operator.trim()) {
            continue;
        }
        let same = squeezed(&renamed(text, left.byte_range(), renames))
            == squeezed(&renamed(text, right.byte_range(), renames));
        if !same {
            return None;
        }
        return Some(if right.byte_range().contains(&span.start) {
            left.end_byte()..right.end_byte()
        } else {
            left.start_byte()..right.start_byte()
        });
    }
    None
}

/// The call of a method chain whose arguments hold `span` when the renames
/// make it equal to the call chained before or after it (the same method,
/// the same arguments): the text of that call in the chain, from the end of
/// what it is called on (`.Str("run_id", x)`).
fn same_chained_call<'t>(
    root: Node<'t>,
    lang: Lang,
    text: &[u8],
    span: &Range<usize>,
    renames: &[(Range<usize>, &str)],
) -> Option<Range<usize>> {
    let calls = lang.edit_kinds().calls;
    // A call as what it is called on, the method and the arguments.
    let parts = |call: Node<'t>| -> Option<(Node<'t>, Node<'t>, Node<'t>)> {
        if !calls.contains(&call.kind()) {
            return None;
        }
        let function = call.child_by_field_name("function")?;
        let object = ["operand", "object", "value"]
            .iter()
            .find_map(|f| function.child_by_field_name(f))?;
        let method = ["field", "property", "attribute"]
            .iter()
            .find_map(|f| function.child_by_field_name(f))?;
        Some((object, method, call.child_by_field_name("arguments")?))
    };
    let renamed_in = |args: Node<'t>| {
        renames
            .iter()
            .filter(|(r, _)| args.byte_range().contains(&r.start))
            .count()
    };
    // `legacy` goes when the renames make it equal to `kept` and `kept`
    // changes less (it holds the new name already): of two calls that
    // become equal, one stays.
    let same = |legacy: Node<'t>, kept: Node<'t>| {
        let (Some((_, l_method, l_args)), Some((_, k_method, k_args))) =
            (parts(legacy), parts(kept))
        else {
            return false;
        };
        text[l_method.byte_range()] == text[k_method.byte_range()]
            && renamed_in(k_args) < renamed_in(l_args)
            && squeezed(&renamed(text, l_args.byte_range(), renames))
                == squeezed(&renamed(text, k_args.byte_range(), renames))
    };
    let mut node = root.descendant_for_byte_range(span.start, span.end)?;
    let call = loop {
        let parent = node.parent()?;
        if parts(parent).is_some_and(|(_, _, args)| args.byte_range().contains(&span.start)) {
            break parent;
        }
        node = parent;
    };
    let (object, _, _) = parts(call)?;
    if same(call, object) {
        return Some(object.end_byte()..call.end_byte());
    }
    // The call chained after it calls a method on its result.
    let outer = call.parent().and_then(|function| function.parent())?;
    let called_on = parts(outer).is_some_and(|(on, _, _)| on.id() == call.id());
    (called_on && same(call, outer)).then(|| object.end_byte()..call.end_byte())
}

/// The assignment around `span` whose two sides the renames make equal.
fn self_assignment<'t>(
    root: Node<'t>,
    lang: Lang,
    text: &[u8],
    span: &Range<usize>,
    renames: &[(Range<usize>, &str)],
) -> Option<Node<'t>> {
    let mut node = root.descendant_for_byte_range(span.start, span.end)?;
    while let Some(parent) = node.parent() {
        node = parent;
        if !lang.edit_kinds().assignments.contains(&node.kind()) {
            continue;
        }
        let (left, right) = (
            node.child_by_field_name("left")?,
            node.child_by_field_name("right")?,
        );
        let same = squeezed(&renamed(text, left.byte_range(), renames))
            == squeezed(&renamed(text, right.byte_range(), renames));
        return same.then_some(node);
    }
    None
}

/// The 1-based line of an offset.
fn line_at(text: &[u8], offset: usize) -> u32 {
    text[..offset].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// Text without whitespace, for comparing code that differs only in
/// alignment or line breaks.
pub(super) fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Whether a span lies in an entry's value (`x` of `key: x`), where it is
/// not the entry's name.
fn in_value(entry: Node, span: &Range<usize>) -> bool {
    entry
        .child_by_field_name("value")
        .is_some_and(|v| v.start_byte() <= span.start && span.end <= v.end_byte())
}

/// The text of `range` with the plan's renames inside it applied.
pub(super) fn renamed(
    text: &[u8],
    range: Range<usize>,
    renames: &[(Range<usize>, &str)],
) -> String {
    let mut inside: Vec<&(Range<usize>, &str)> = renames
        .iter()
        .filter(|(r, _)| range.start <= r.start && r.end <= range.end)
        .collect();
    inside.sort_by_key(|(r, _)| r.start);
    let mut out = String::new();
    let mut at = range.start;
    for (r, new) in inside {
        out.push_str(&String::from_utf8_lossy(&text[at..r.start]));
        out.push_str(new);
        at = r.end;
    }
    out.push_str(&String::from_utf8_lossy(&text[at..range.end]));
    out
}

/// The bytes to delete with an entry: its whole line (and the comment lines
/// right above it) when it stands alone on its line, else the entry and the
/// separator after it (or before it, for the last entry).
pub(super) fn removal(text: &[u8], entry_node: Node, lang: Lang) -> Range<usize> {
    let entry = entry_node.byte_range();
    let mut next = entry_node.next_named_sibling();
    while next.is_some_and(|n| n.kind().contains("comment")) {
        next = next.and_then(|n| n.next_named_sibling());
    }
    let is_last = next.is_none();
    let line_start = text[..entry.start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let alone_before = text[line_start..entry.start]
        .iter()
        .all(|b| b.is_ascii_whitespace());
    let mut after = entry.end;
    while after < text.len() && (text[after] == b' ' || text[after] == b'\t') {
        after += 1;
    }
    let has_separator = after < text.len() && (text[after] == b',' || text[after] == b';');
    if has_separator {
        after += 1;
    }
    while after < text.len() && (text[after] == b' ' || text[after] == b'\t') {
        after += 1;
    }
    let comment = lang_comment(lang);
    if after < text.len() && comment.is_some_and(|c| text[after..].starts_with(c.as_bytes())) {
        while after < text.len() && text[after] != b'\n' {
            after += 1;
        }
    }
    let alone_after = after >= text.len() || text[after] == b'\n' || text[after] == b'\r';
    if alone_before && alone_after {
        let mut end = after;
        if text.get(end) == Some(&b'\r') {
            end += 1;
        }
        if text.get(end) == Some(&b'\n') {
            end += 1;
        }
        let mut start = line_start;
        // The comment lines right above document the entry: they go too.
        if let Some(comment) = comment {
            while start > 0 {
                let previous = text[..start - 1]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let line = String::from_utf8_lossy(&text[previous..start - 1]);
                let line = line.trim_start();
                let attribute = lang == Lang::Rust && line.starts_with("#[");
                if !line.starts_with(comment) && !attribute {
                    break;
                }
                start = previous;
            }
        }
        // The last entry of a list with separators: the separator before
        // it goes instead.
        if !has_separator && is_last {
            let before = text[..start].iter().rposition(|b| !b.is_ascii_whitespace());
            if let Some(p) = before.filter(|&p| text[p] == b',') {
                return p..end - 1;
            }
        }
        // Between two blank lines, one of them goes too.
        let blank_before = start > 0 && {
            let previous = text[..start - 1]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            text[previous..start - 1]
                .iter()
                .all(u8::is_ascii_whitespace)
        };
        let blank_after = text[end..].starts_with(b"\n") || text[end..].starts_with(b"\r\n");
        if blank_before && blank_after {
            end += if text[end] == b'\r' { 2 } else { 1 };
        }
        return start..end;
    }
    if has_separator {
        return entry.start..after;
    }
    let mut start = entry.start;
    while start > 0 && text[start - 1].is_ascii_whitespace() {
        start -= 1;
    }
    if start > 0 && text[start - 1] == b',' {
        start -= 1;
    }
    start..entry.end
}

fn lang_comment(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Go | Lang::TypeScript | Lang::Tsx | Lang::JavaScript | Lang::Rust | Lang::Proto => {
            Some("//")
        }
        Lang::Python | Lang::Yaml => Some("#"),
        Lang::Sql => Some("--"),
        Lang::Markdown | Lang::Json | Lang::Text => None,
    }
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
