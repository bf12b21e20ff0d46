//! Names a file imports, which a renamed declaration of the file must not
//! take where the import is read: `run := ...` becoming `session := ...`
//! in a Go file importing package `session` hides the package from the
//! block, so a `session.New()` there no longer compiles (in Python the
//! local makes the module unbound in the whole function). As gopls
//! rename does, a rename is refused only when the scope the declaration
//! opens reads the imported name; one that shadows nothing read is fine.
//!
//! An imported name is a Go import's package name or alias, a TypeScript
//! import clause, a Python import, a Rust `use`.

use std::collections::HashMap;

use tree_sitter::Node;

use super::scopes::Collision;
use super::{Action, Originals, Planned};
use crate::syntax::{node_text, Lang};

/// Renamed declarations whose new name a `use`/`import` of their file
/// already binds.
pub(super) fn resolve(originals: &Originals, planned: &[Planned]) -> Vec<Collision> {
    let mut by_file: HashMap<(&str, &str), Vec<&Planned>> = HashMap::new();
    for p in planned {
        if p.action == Action::Rename && !p.is_doc && p.place.role.declares_code_name() {
            by_file
                .entry((&p.place.repo, &p.place.path))
                .or_default()
                .push(p);
        }
    }
    let mut collisions = Vec::new();
    for ((repo, path), renames) in by_file {
        let Some(file) = originals.get(repo, path) else {
            continue;
        };
        let Some(tree) = file.tree() else {
            continue;
        };
        let language = renames[0].place.language;
        let imported = imported_names(language, tree.root_node(), &file.bytes);
        for p in renames {
            let Some((_, line)) = imported.iter().find(|(name, _)| *name == p.new) else {
                continue;
            };
            if reads_in_scope(tree.root_node(), &file.bytes, p.place.offset, &p.new) {
                collisions.push(Collision::of(
                    p,
                    *line,
                    format!("`{}` is imported in this file", p.new),
                ));
            }
        }
    }
    collisions
}

/// Kinds of node that open the scope a declaration inside them lives in.
const SCOPES: &[&str] = &[
    "block",
    "statement_block",
    "function_definition",
    "func_literal",
    "function_declaration",
    "method_declaration",
    "function_item",
    "closure_expression",
    "arrow_function",
    "class_body",
];

/// Whether the scope of the declaration at `offset` (its nearest enclosing
/// block or function; the file for a top-level one) reads `name`.
fn reads_in_scope(root: Node, text: &[u8], offset: usize, name: &str) -> bool {
    let Some(mut scope) = root.descendant_for_byte_range(offset, offset) else {
        return true;
    };
    while let Some(parent) = scope.parent() {
        scope = parent;
        if SCOPES.contains(&scope.kind()) {
            break;
        }
    }
    let mut stack = vec![scope];
    while let Some(node) = stack.pop() {
        if node.child_count() == 0 {
            if node_text(text, node) == name && !node.kind().contains("string") {
                return true;
            }
            continue;
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    false
}

/// The names the top level of a file imports, with their lines.
fn imported_names<'t>(language: Lang, root: Node<'t>, text: &'t [u8]) -> Vec<(&'t str, u32)> {
    let mut names = Vec::new();
    let mut cursor = root.walk();
    for statement in root.children(&mut cursor) {
        match (language, statement.kind()) {
            (Lang::Go, "import_declaration") => go_imports(statement, text, &mut names),
            (Lang::TypeScript | Lang::Tsx | Lang::JavaScript, "import_statement") => {
                bound_identifiers(statement, text, &mut names, &["identifier"]);
            }
            (Lang::Python, "import_statement" | "import_from_statement") => {
                python_imports(statement, text, &mut names);
            }
            (Lang::Rust, "use_declaration") => {
                if let Some(argument) = statement.child_by_field_name("argument") {
                    rust_uses(argument, text, &mut names);
                }
            }
            _ => {}
        }
    }
    names
}

fn line_of(node: Node) -> u32 {
    node.start_position().row as u32 + 1
}

/// A Go import binds its alias, else its path's last part (a `/vN` major
/// version names no package).
fn go_imports<'t>(node: Node<'t>, text: &'t [u8], names: &mut Vec<(&'t str, u32)>) {
    if node.kind() == "import_spec" {
        let name = match node.child_by_field_name("name") {
            Some(alias) => node_text(text, alias),
            None => {
                let path = node
                    .child_by_field_name("path")
                    .map_or("", |p| node_text(text, p))
                    .trim_matches('"');
                let mut parts = path.rsplit('/');
                let last = parts.next().unwrap_or(path);
                let version = last.len() > 1
                    && last.starts_with('v')
                    && last[1..].bytes().all(|b| b.is_ascii_digit());
                if version {
                    parts.next().unwrap_or(last)
                } else {
                    last
                }
            }
        };
        if !matches!(name, "_" | ".") {
            names.push((name, line_of(node)));
        }
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        go_imports(child, text, names);
    }
}

/// The identifiers an import clause binds: each specifier's alias, else
/// its name (TypeScript's `import a, { b as c } from`, `* as ns`).
fn bound_identifiers<'t>(
    node: Node<'t>,
    text: &'t [u8],
    names: &mut Vec<(&'t str, u32)>,
    kinds: &[&str],
) {
    if node.kind() == "import_specifier" {
        let bound = node
            .child_by_field_name("alias")
            .or_else(|| node.child_by_field_name("name"));
        if let Some(bound) = bound {
            names.push((node_text(text, bound), line_of(node)));
        }
        return;
    }
    if kinds.contains(&node.kind()) {
        names.push((node_text(text, node), line_of(node)));
        return;
    }
    // The module's path is a string: it binds nothing.
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if !child.kind().contains("string") {
            bound_identifiers(child, text, names, kinds);
        }
    }
}

/// `import a.b` binds `a`; `import a as b` and `from m import a as b` bind
/// `b`; `from m import a` binds `a`.
fn python_imports<'t>(statement: Node<'t>, text: &'t [u8], names: &mut Vec<(&'t str, u32)>) {
    let from = statement.kind() == "import_from_statement";
    let module = statement.child_by_field_name("module_name");
    let mut cursor = statement.walk();
    for child in statement.named_children(&mut cursor) {
        if Some(child) == module {
            continue;
        }
        let name = match child.kind() {
            "aliased_import" => child.child_by_field_name("alias"),
            "dotted_name" => child.named_child(if from {
                child.named_child_count() - 1
            } else {
                0
            }),
            _ => None,
        };
        if let Some(name) = name {
            names.push((node_text(text, name), line_of(child)));
        }
    }
}

/// A Rust `use` binds each path's last part or its `as` name.
fn rust_uses<'t>(node: Node<'t>, text: &'t [u8], names: &mut Vec<(&'t str, u32)>) {
    match node.kind() {
        "identifier" => names.push((node_text(text, node), line_of(node))),
        "scoped_identifier" => {
            if let Some(name) = node.child_by_field_name("name") {
                names.push((node_text(text, name), line_of(node)));
            }
        }
        "use_as_clause" => {
            if let Some(alias) = node.child_by_field_name("alias") {
                names.push((node_text(text, alias), line_of(node)));
            }
        }
        "scoped_use_list" => {
            if let Some(list) = node.child_by_field_name("list") {
                rust_uses(list, text, names);
            }
        }
        "use_list" => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                rust_uses(child, text, names);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(language: Lang, source: &str) -> Vec<(String, u32)> {
        let tree = crate::syntax::parse(language, source.as_bytes(), None).unwrap();
        imported_names(language, tree.root_node(), source.as_bytes())
            .into_iter()
            .map(|(n, l)| (n.to_string(), l))
            .collect()
    }

    fn names(found: &[(String, u32)]) -> Vec<&str> {
        found.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn each_language_binds_what_it_imports() {
        let go = "package a\n\nimport (\n\t\"fmt\"\n\tsess \"example.com/x/session\"\n\t\"example.com/y/run/v2\"\n\t_ \"embed\"\n)\n\nimport \"os\"\n";
        let found = imported(Lang::Go, go);
        assert_eq!(names(&found), ["fmt", "sess", "run", "os"]);
        assert_eq!(found[1].1, 5);
        let ts = "import session, { a as b, c } from \"./x\";\nimport * as ns from \"./y\";\nconst z = 1;\n";
        assert_eq!(
            names(&imported(Lang::TypeScript, ts)),
            ["session", "b", "c", "ns"]
        );
        let py = "import os.path\nimport session as s\nfrom x.y import a, b as c\n";
        assert_eq!(names(&imported(Lang::Python, py)), ["os", "s", "a", "c"]);
        let rs =
            "use std::collections::{HashMap, BTreeSet as Set};\nuse crate::session;\nuse log;\n";
        assert_eq!(
            names(&imported(Lang::Rust, rs)),
            ["HashMap", "Set", "session", "log"]
        );
    }
}
