//! Module paths by name, in the languages whose imports name a module by
//! its place among the files (Python, Rust): the path an import, a `use`
//! or a `mod` declaration writes up to a name (`app.pkg.run_store`,
//! `..run_store`, `crate::run_store`), or a path in code that starts with
//! a name the file binds (`run_store.save()`, `run_store::save()`).

use tree_sitter::{Node, Tree};

use super::Lang;

/// The module path up to and including a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModulePath {
    /// As written, without spaces: `app.pkg.run_store`, `.run_store`,
    /// `crate::run_store`; a Rust `mod run_store;` is `self::run_store`.
    pub path: String,
    pub kind: PathKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// In an import, a `use` or a `mod` declaration; `binds` when it binds
    /// the name itself in the file (`from . import run_store`, `use
    /// super::run_store;`, not `import app.run_store`, nor an alias).
    Import { binds: bool },
    /// A path in code.
    Code,
}

/// The module path through the name at `offset`, if the name lies in one.
pub fn module_path_around(
    lang: Lang,
    tree: &Tree,
    text: &[u8],
    offset: usize,
) -> Option<ModulePath> {
    let node = tree
        .root_node()
        .descendant_for_byte_range(offset, offset + 1)?;
    if node.kind() != "identifier" {
        return None;
    }
    match lang {
        Lang::Python => python(node, text),
        Lang::Rust => rust(node, text),
        _ => None,
    }
}

fn python(node: Node, text: &[u8]) -> Option<ModulePath> {
    let parent = node.parent()?;
    let name = squeezed(text, node.start_byte()..node.end_byte());
    if parent.kind() == "attribute" {
        let object = parent.child_by_field_name("object")?;
        return (object.id() == node.id()).then_some(ModulePath {
            path: name,
            kind: PathKind::Code,
        });
    }
    if parent.kind() != "dotted_name" {
        return None;
    }
    let first = parent.named_child(0)?.id() == node.id();
    let through = squeezed(text, parent.start_byte()..node.end_byte());
    let holder = parent.parent()?;
    let import = |path: String, binds: bool| {
        Some(ModulePath {
            path,
            kind: PathKind::Import { binds },
        })
    };
    match holder.kind() {
        "import_statement" => import(through, first),
        "relative_import" => import(squeezed(text, holder.start_byte()..node.end_byte()), false),
        "aliased_import" => {
            let statement = holder.parent()?;
            match statement.kind() {
                "import_statement" => import(through, false),
                "import_from_statement" => import(from_path(statement, text, &through)?, false),
                _ => None,
            }
        }
        "import_from_statement" => {
            let module = holder.child_by_field_name("module_name")?;
            if module.id() == parent.id() {
                import(through, false)
            } else {
                import(from_path(holder, text, &through)?, true)
            }
        }
        _ => None,
    }
}

/// The path of a name a `from module import name` imports.
fn from_path(statement: Node, text: &[u8], name: &str) -> Option<String> {
    let module = statement.child_by_field_name("module_name")?;
    let module = squeezed(text, module.start_byte()..module.end_byte());
    Some(if module.ends_with('.') {
        format!("{module}{name}")
    } else {
        format!("{module}.{name}")
    })
}

fn rust(node: Node, text: &[u8]) -> Option<ModulePath> {
    let is = |field: Option<Node>, n: Node| field.is_some_and(|f| f.id() == n.id());
    let parent = node.parent()?;
    let name = squeezed(text, node.start_byte()..node.end_byte());
    if parent.kind() == "mod_item" {
        // A module in a file of its own, unless `#[path]` says where.
        let own_file =
            parent.child_by_field_name("body").is_none() && !has_path_attribute(parent, text);
        return own_file.then(|| ModulePath {
            path: format!("self::{name}"),
            kind: PathKind::Import { binds: true },
        });
    }
    let mut path = name;
    let mut last = true;
    let mut aliased = false;
    let mut current = node;
    let mut scoped = false;
    while let Some(parent) = current.parent() {
        match parent.kind() {
            "scoped_identifier" | "scoped_type_identifier" => {
                if is(parent.child_by_field_name("name"), current) {
                    if let Some(prefix) = parent.child_by_field_name("path") {
                        let prefix = squeezed(text, prefix.start_byte()..prefix.end_byte());
                        path = format!("{prefix}::{path}");
                    }
                } else {
                    last = false;
                }
                scoped = true;
            }
            "scoped_use_list" => {
                if is(parent.child_by_field_name("list"), current) {
                    let prefix = parent.child_by_field_name("path")?;
                    let prefix = squeezed(text, prefix.start_byte()..prefix.end_byte());
                    path = format!("{prefix}::{path}");
                } else {
                    last = false;
                }
            }
            "use_list" => {}
            "use_as_clause" => aliased = true,
            "use_declaration" => {
                return Some(ModulePath {
                    path,
                    kind: PathKind::Import {
                        binds: last && !aliased,
                    },
                })
            }
            _ => break,
        }
        current = parent;
    }
    scoped.then_some(ModulePath {
        path,
        kind: PathKind::Code,
    })
}

/// Whether an attribute before the item is `#[path = "..."]`.
fn has_path_attribute(item: Node, text: &[u8]) -> bool {
    let mut sibling = item.prev_sibling();
    while let Some(s) = sibling.filter(|s| s.kind() == "attribute_item") {
        let attribute = squeezed(text, s.start_byte()..s.end_byte());
        if attribute.starts_with("#[path=") {
            return true;
        }
        sibling = s.prev_sibling();
    }
    false
}

/// The text without whitespace.
fn squeezed(text: &[u8], range: std::ops::Range<usize>) -> String {
    super::squeezed(&String::from_utf8_lossy(&text[range]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module path through the first `run` after `marker`.
    fn path_at(lang: Lang, text: &str, marker: &str) -> Option<(String, PathKind)> {
        let tree = crate::syntax::parse(lang, text.as_bytes(), None)?;
        let at = text.find(marker)? + marker.find("run")?;
        module_path_around(lang, &tree, text.as_bytes(), at).map(|m| (m.path, m.kind))
    }

    fn import(path: &str, binds: bool) -> Option<(String, PathKind)> {
        Some((path.to_string(), PathKind::Import { binds }))
    }

    fn code(path: &str) -> Option<(String, PathKind)> {
        Some((path.to_string(), PathKind::Code))
    }

    #[test]
    fn python_imports_name_their_module_path() {
        let text = "import app.run_store\nimport run_store\nimport app.run_store as s\nfrom app.run_store import save\nfrom app import run_store\nfrom . import run_store\nfrom ..run_store import save\nfrom .. import run_store as r\nrun_store.save()\nx = app.run_store.save()\n";
        let at = |marker| path_at(Lang::Python, text, marker);
        assert_eq!(at("import app.run"), import("app.run_store", false));
        assert_eq!(at("\nimport run"), import("run_store", true));
        assert_eq!(
            at("import app.run_store as"),
            import("app.run_store", false)
        );
        assert_eq!(at("from app.run"), import("app.run_store", false));
        assert_eq!(at("from app import run"), import("app.run_store", true));
        assert_eq!(at("from . import run"), import(".run_store", true));
        assert_eq!(at("from ..run"), import("..run_store", false));
        assert_eq!(at("from .. import run"), import("..run_store", false));
        assert_eq!(at("\nrun_store.save"), code("run_store"));
        // An attribute is a field of the value before it.
        assert_eq!(at("app.run_store.save()"), None);
    }

    #[test]
    fn rust_uses_and_mods_name_their_module_path() {
        let text = "mod run_store;\n#[path = \"x.rs\"]\nmod run_other;\nmod run_inline {}\nuse crate::run_store::Store;\nuse super::run_store;\nuse self::{run_store as s};\nuse crate::{run_store::{self}};\nfn f() { run_store::save(); let _: run_store::Store; }\n";
        let at = |marker| path_at(Lang::Rust, text, marker);
        assert_eq!(at("mod run_store"), import("self::run_store", true));
        assert_eq!(at("mod run_other"), None);
        assert_eq!(at("mod run_inline"), None);
        assert_eq!(
            at("crate::run_store::Store"),
            import("crate::run_store", false)
        );
        assert_eq!(at("super::run"), import("super::run_store", true));
        assert_eq!(at("{run_store as"), import("self::run_store", false));
        assert_eq!(at("{run_store::{"), import("crate::run_store", false));
        assert_eq!(at("{ run_store::save"), code("run_store"));
        assert_eq!(at("_: run_store"), code("run_store"));
    }
}
