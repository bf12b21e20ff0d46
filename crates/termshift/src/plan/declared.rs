//! Names declared in one namespace that spans more than a block: the top
//! level of a Go package (all its files), of a Python, TypeScript or Rust
//! module (its file), and the members of a type (a Go type's methods and
//! fields, a class's methods and fields, a Rust `impl`'s functions).
//!
//! A declaration renamed onto a name its namespace already declares would
//! not compile (Go: "redeclared in this block", "already declared") or
//! would silently replace the other (Python, a class member). Such a
//! rename is a [`Collision`], unless the declaration only names the other
//! (`var RunID = SessionID`): then it is a twin, dropped under hard-cut and
//! kept as the old name under compat, as the scopes of one block are.
//!
//! How each language draws the namespace: a Go package is its folder and
//! package clause across files (an external `_test` package apart), a
//! TypeScript, JavaScript, Python or Rust module its file; members are a
//! Go type's method set and fields, a TypeScript class or interface, a
//! Python class, a Rust `impl X` (a trait impl apart). A collision names
//! both places.
//!
//! A doc comment's mention of a declaration's name is renamed only when the
//! declaration is: otherwise the comment would document a name that does
//! not exist.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;

use tree_sitter::Node;

use super::after::{squeezed, After};
use super::scopes::{resolved_by, Collision};
use super::twins::removal;
use super::{Action, Originals, Planned, Policy};
use crate::classify::Inventory;
use crate::scan::TermSide;
use crate::syntax::{node_text, Lang, Role};

/// Roles that declare a name of a namespace wider than a block.
fn declares(role: Role) -> bool {
    matches!(
        role,
        Role::VariableDeclaration
            | Role::FunctionDeclaration
            | Role::MethodDeclaration
            | Role::TypeDeclaration
            | Role::FieldDeclaration
    )
}

/// Where a declared name lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Namespace {
    /// The top level of a module: a Go package (its folder and package
    /// name), or one file.
    Module { unit: String },
    /// The members of a type within its module.
    Members { unit: String, owner: String },
}

impl Namespace {
    /// Why `name` cannot be declared here again.
    fn taken(&self, name: &str) -> String {
        match self {
            Namespace::Module { unit } => match unit.split_once('\0') {
                Some((_, package)) => {
                    format!("`{name}` is already declared in package `{package}`")
                }
                None => format!("`{name}` is already declared in this module"),
            },
            Namespace::Members { owner, .. } => {
                format!("`{name}` is already a member of `{owner}`")
            }
        }
    }
}

/// One declaration of a name in a namespace.
struct Declared<'a> {
    repo: &'a str,
    path: &'a str,
    line: u32,
    offset: usize,
    name: &'a str,
    field: bool,
    /// Its index in the plan, for a declaration the plan renames.
    planned: Option<usize>,
}

/// Checks every renamed declaration against the namespace it lives in;
/// marks twins that only name the other, and keeps doc comments with
/// declarations that stay.
pub(super) fn resolve(
    originals: &Originals,
    inventory: &Inventory,
    planned: &mut [Planned],
    policy: Policy,
) -> Vec<Collision> {
    let renamed_decls: Vec<usize> = (0..planned.len())
        .filter(|&i| {
            let p = &planned[i];
            !p.is_doc
                && p.action == Action::Rename
                && declares(p.place.role)
                && p.place.language == Lang::from_path(Path::new(&p.place.path))
        })
        .collect();
    let mut collisions = Vec::new();
    if renamed_decls.is_empty() {
        return collisions;
    }
    let new_names: BTreeSet<&str> = renamed_decls
        .iter()
        .map(|&i| planned[i].new.as_str())
        .collect();
    let mut namespaces: HashMap<Namespace, Vec<Declared>> = HashMap::new();
    // Declarations of the new word that already have a planned name.
    for f in &inventory.findings {
        let o = &f.occurrence;
        if o.term != TermSide::To || !declares(o.role) || !new_names.contains(o.text.as_str()) {
            continue;
        }
        let offset = o.offset - o.word_at;
        let Some(namespace) = namespace_at(originals, &o.repo, &o.path, offset, o.text.len())
        else {
            continue;
        };
        let entries = namespaces.entry(namespace).or_default();
        if entries
            .iter()
            .any(|d| d.path == o.path && d.offset == offset && d.repo == o.repo)
        {
            continue;
        }
        entries.push(Declared {
            repo: &o.repo,
            path: &o.path,
            line: o.line,
            offset,
            name: &o.text,
            field: o.role == Role::FieldDeclaration,
            planned: None,
        });
    }
    let mut placed: Vec<(usize, Namespace)> = Vec::new();
    for &i in &renamed_decls {
        let p = &planned[i];
        let at = &p.place;
        if let Some(namespace) = namespace_at(originals, &at.repo, &at.path, at.offset, p.old.len())
        {
            placed.push((i, namespace));
        }
    }
    for (i, namespace) in &placed {
        let p = &planned[*i];
        namespaces
            .entry(namespace.clone())
            .or_default()
            .push(Declared {
                repo: &p.place.repo,
                path: &p.place.path,
                line: p.place.line,
                offset: p.place.offset,
                name: &p.new,
                field: p.place.role == Role::FieldDeclaration,
                planned: Some(*i),
            });
    }
    // Each file's planned places, for what a declaration reads after them.
    let mut by_file: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (j, q) in planned.iter().enumerate() {
        by_file
            .entry((&q.place.repo, &q.place.path))
            .or_default()
            .push(j);
    }
    let mut decided: Vec<(usize, Action, Option<Range<usize>>)> = Vec::new();
    for (i, namespace) in &placed {
        let p = &planned[*i];
        let field = p.place.role == Role::FieldDeclaration;
        let others = &namespaces[namespace];
        // Fields of one struct beside each other are the block scopes'
        // to judge (`scopes`), with their values and tags.
        let other = others.iter().find(|d| {
            d.name == p.new
                && d.planned != Some(*i)
                && !(field && d.field)
                && !(d.planned.is_some()
                    && d.repo == p.place.repo
                    && d.path == p.place.path
                    && d.offset == p.place.offset)
        });
        let Some(other) = other else {
            continue;
        };
        if other.planned.is_none() {
            let here = &by_file[&(p.place.repo.as_str(), p.place.path.as_str())];
            if let Some(statement) = names_only(originals, planned, here, *i) {
                let action = match policy {
                    Policy::HardCut => Action::Remove,
                    Policy::Compat => Action::Keep,
                };
                decided.push((*i, action, Some(statement)));
                continue;
            }
        }
        let why = match other.planned {
            Some(j) => format!("`{}` would become `{}` too", planned[j].old, p.new),
            None => namespace.taken(&p.new),
        };
        let mut collision = Collision::of(p, other.line, why);
        collision.namespace = true;
        if other.path != p.place.path || other.repo != p.place.repo {
            collision.other_path = Some(format!("{}/{}", other.repo, other.path));
        }
        collisions.push(collision);
    }
    let all: Vec<usize> = (0..planned.len()).collect();
    resolved_by(planned, &all, &decided);
    collisions
}

/// The namespace of the name declared at `offset` in a file, from its
/// syntax tree; `None` for a local, or where the file has no tree.
fn namespace_at(
    originals: &Originals,
    repo: &str,
    path: &str,
    offset: usize,
    len: usize,
) -> Option<Namespace> {
    let file = originals.get(repo, path)?;
    let lang = Lang::from_path(Path::new(path));
    let tree = file.tree()?;
    let name = tree
        .root_node()
        .descendant_for_byte_range(offset, offset + len)?;
    let text = &file.bytes;
    let unit = match lang {
        Lang::Go => {
            let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
            let mut cursor = tree.root_node().walk();
            let package = tree
                .root_node()
                .named_children(&mut cursor)
                .find(|n| n.kind() == "package_clause")
                .and_then(|clause| clause.named_child(0))
                .map(|n| node_text(text, n))?;
            format!("{repo}/{folder}\0{package}")
        }
        _ => format!("{repo}/{path}"),
    };
    namespace_of(name, lang, text, unit)
}

/// Walks up from a declared name to what holds it.
fn namespace_of(name: Node, lang: Lang, text: &[u8], unit: String) -> Option<Namespace> {
    let members = |owner: String| {
        Some(Namespace::Members {
            unit: unit.clone(),
            owner,
        })
    };
    let name_of = |node: Node, field: &str| {
        node.child_by_field_name(field)
            .map(|n| node_text(text, n).to_string())
    };
    let mut child = name;
    let mut node = name.parent()?;
    loop {
        let kind = node.kind();
        let is_own_name = node
            .child_by_field_name("name")
            .is_some_and(|n| n.id() == child.id());
        if lang.function_scopes().contains(&kind) {
            if !is_own_name {
                return None;
            }
            if kind == "method_declaration" && lang == Lang::Go {
                return members(receiver_type(node, text)?);
            }
        }
        match (lang, kind) {
            (Lang::Go, "type_spec") if !is_own_name => return members(name_of(node, "name")?),
            (Lang::Go | Lang::Rust, "source_file")
            | (Lang::TypeScript | Lang::Tsx | Lang::JavaScript, "program")
            | (Lang::Python, "module") => return Some(Namespace::Module { unit }),
            (
                Lang::TypeScript | Lang::Tsx | Lang::JavaScript,
                "class_declaration"
                | "class"
                | "abstract_class_declaration"
                | "interface_declaration",
            )
            | (Lang::Python, "class_definition")
                if !is_own_name =>
            {
                return members(name_of(node, "name").unwrap_or_default());
            }
            (Lang::Rust, "impl_item") => {
                let owner = match name_of(node, "trait") {
                    Some(tr) => format!("impl {tr} for {}", name_of(node, "type")?),
                    None => format!("impl {}", name_of(node, "type")?),
                };
                return members(owner);
            }
            (
                Lang::Rust,
                "trait_item" | "struct_item" | "enum_item" | "union_item" | "mod_item",
            ) if !is_own_name => {
                let kind = kind.trim_end_matches("_item");
                return members(format!("{kind} {}", name_of(node, "name")?));
            }
            _ => {}
        }
        child = node;
        node = node.parent()?;
    }
}

/// The type a Go method's receiver names (`Store` of `(s *Store[T])`).
fn receiver_type(method: Node, text: &[u8]) -> Option<String> {
    let receiver = method.child_by_field_name("receiver")?;
    let mut stack = vec![receiver];
    while let Some(node) = stack.pop() {
        if node.kind() == "type_identifier" {
            return Some(node_text(text, node).to_string());
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

/// The declaration to drop when the renamed one only names the other
/// (`var RunID = SessionID`, `const runId = sessionId`): its statement, or
/// its entry in a group.
/// `in_file` are the places planned in the declaration's file.
fn names_only(
    originals: &Originals,
    planned: &[Planned],
    in_file: &[usize],
    i: usize,
) -> Option<Range<usize>> {
    let p = &planned[i];
    let file = originals.get(&p.place.repo, &p.place.path)?;
    let lang = p.place.language;
    let tree = file.tree()?;
    let text = &file.bytes;
    let name = tree
        .root_node()
        .descendant_for_byte_range(p.place.offset, p.place.offset + p.old.len())?;
    let after = After::new(
        text,
        in_file.iter().map(|&j| {
            let q = &planned[j];
            (q.place.offset..q.place.offset + q.old.len(), q.new.as_str())
        }),
    );
    // The declaration: the nearest node with the name and a value.
    let mut node = name.parent()?;
    let value = loop {
        if let Some(value) = node
            .child_by_field_name("value")
            .or_else(|| node.child_by_field_name("right"))
        {
            break value;
        }
        if lang.function_scopes().contains(&node.kind()) {
            return None;
        }
        node = node.parent()?;
    };
    if value.start_byte() <= p.place.offset || squeezed(&after.read(value.byte_range())) != p.new {
        return None;
    }
    // A group's only entry goes with its group (`var x = y` is a
    // `var_declaration` holding one `var_spec`).
    let mut statement = node;
    while let Some(parent) = statement.parent() {
        let alone = parent.named_child_count() == 1
            || (parent.kind() == "export_statement")
            || parent.kind() == "expression_statement";
        let top = matches!(
            parent.kind(),
            "source_file" | "program" | "module" | "block" | "statement_block" | "declaration_list"
        );
        if top || !alone {
            break;
        }
        statement = parent;
    }
    Some(removal(text, statement, lang))
}

/// The doc comments' mentions of a declaration's name that must stay as
/// they are: the plan does not rename the declaration they document.
pub(super) fn docs_of_kept_declarations(
    originals: &Originals,
    inventory: &Inventory,
    planned: &[Planned],
) -> Vec<usize> {
    let renamed_here: BTreeSet<(&str, &str, usize)> = planned
        .iter()
        .filter(|p| !p.is_doc && p.action == Action::Rename)
        .map(|p| (p.place.repo.as_str(), p.place.path.as_str(), p.place.offset))
        .collect();
    let mut declared_old: HashMap<(&str, &str), Vec<(usize, &str)>> = HashMap::new();
    for f in &inventory.findings {
        let o = &f.occurrence;
        if o.term == TermSide::From && o.role.declares_code_name() {
            declared_old
                .entry((o.repo.as_str(), o.path.as_str()))
                .or_default()
                .push((o.offset - o.word_at, o.text.as_str()));
        }
    }
    let mut stays = Vec::new();
    for (i, p) in planned.iter().enumerate() {
        if p.place.role != Role::Comment || p.action != Action::Rename {
            continue;
        }
        let key = (p.place.repo.as_str(), p.place.path.as_str());
        let Some(declarations) = declared_old.get(&key) else {
            continue;
        };
        let Some(documented) = documented_by(originals, p) else {
            continue;
        };
        // The declaration's own name, spelled as the comment spells it.
        let name = declarations
            .iter()
            .find(|(offset, text)| documented.contains(offset) && *text == p.old);
        let Some(&(offset, _)) = name else {
            continue;
        };
        if !renamed_here.contains(&(key.0, key.1, offset)) {
            stays.push(i);
        }
    }
    stays
}

/// The span of the declaration's head that a comment documents: the next
/// sibling after the comment (and the comments right below it), up to the
/// end of its first line.
fn documented_by(originals: &Originals, p: &Planned) -> Option<Range<usize>> {
    let file = originals.get(&p.place.repo, &p.place.path)?;
    let tree = file.tree()?;
    let mut comment = tree
        .root_node()
        .descendant_for_byte_range(p.place.offset, p.place.offset + p.old.len())?;
    while !comment.kind().contains("comment") {
        comment = comment.parent()?;
    }
    let mut next = comment.next_named_sibling()?;
    while next.kind().contains("comment") {
        next = next.next_named_sibling()?;
    }
    // Documented only when nothing but line breaks stand between.
    let gap = &file.bytes[comment.end_byte()..next.start_byte()];
    if gap.iter().filter(|&&b| b == b'\n').count() > 1 || !gap.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let head_end = file.bytes[next.start_byte()..next.end_byte()]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(next.end_byte(), |at| next.start_byte() + at);
    Some(next.start_byte()..head_end)
}
