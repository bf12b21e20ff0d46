//! Rust: a module path names a file by the module tree, which follows the
//! folders. A module's children live in its own folder (`src/a/` for
//! `src/a.rs` or `src/a/mod.rs`; a crate root's beside it), a child `x` in
//! `x.rs` or `x/mod.rs` there. `self::` starts at the file's module,
//! `super::` one module up, `crate::` at the nearest `src` folder, and a
//! path that starts with a name at the file's module (a child declared by
//! `mod x;`; a name a `use` binds is followed by the caller).
//!
//! Paths of a crate under `src/bin` and a `#[path]` attribute are not
//! followed: the file keeps its name.

use std::collections::HashMap;

use super::FileRename;

/// The folders that may hold a crate's root beside its other files.
const CRATE_ROOT_FOLDERS: [&str; 4] = ["bin", "tests", "examples", "benches"];

/// The renamed file the module path `module` names from the file at
/// `from`, among `renamed` (its root's renames by path).
pub(super) fn resolve_module<'r>(
    from: &str,
    module: &str,
    renamed: &'r HashMap<String, &'r FileRename>,
) -> Option<&'r FileRename> {
    let mut segments: Vec<&str> = module.split("::").collect();
    let mut folder: Vec<&str> = children_folder(from)?;
    match segments.first().copied() {
        Some("crate") => {
            let parts: Vec<&str> = from.split('/').collect();
            let src = parts.iter().rposition(|&p| p == "src")?;
            if parts.get(src + 1) == Some(&"bin") {
                return None;
            }
            folder = parts[..=src].to_vec();
            segments.remove(0);
        }
        Some("self") => {
            segments.remove(0);
        }
        _ => {}
    }
    while segments.first() == Some(&"super") {
        folder.pop()?;
        segments.remove(0);
    }
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| matches!(*s, "self" | "super" | "crate"))
    {
        return None;
    }
    let path = folder
        .into_iter()
        .chain(segments)
        .collect::<Vec<_>>()
        .join("/");
    [format!("{path}.rs"), format!("{path}/mod.rs")]
        .iter()
        .find_map(|candidate| renamed.get(candidate).copied())
}

/// Whether the file at `path` is a crate's root, which Cargo finds by
/// its path (`src/main.rs`, `src/bin/tool.rs`, `tests/flow.rs`).
pub(super) fn is_crate_root(path: &str) -> bool {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or(path);
    matches!(name, "main.rs" | "lib.rs")
        || parts
            .next()
            .is_some_and(|folder| CRATE_ROOT_FOLDERS.contains(&folder))
}

/// The folder that holds the children of the module in the file at
/// `path`, by parts.
fn children_folder(path: &str) -> Option<Vec<&str>> {
    let mut parts: Vec<&str> = path.split('/').collect();
    let stem = parts.pop()?.strip_suffix(".rs")?;
    if stem != "mod" && !is_crate_root(path) {
        parts.push(stem);
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{by_path, rename};
    use super::*;

    #[test]
    fn a_module_path_resolves_along_the_module_tree() {
        let settings = rename("src/run_settings.rs");
        let engine = rename("src/run_engine/mod.rs");
        let nested = rename("src/a/run_step.rs");
        let renamed = by_path(&[&settings, &engine, &nested]);
        let found = |from: &str, module: &str| {
            resolve_module(from, module, &renamed).map(|r| r.path.as_str())
        };
        let settings = Some("src/run_settings.rs");
        assert_eq!(found("src/main.rs", "self::run_settings"), settings);
        assert_eq!(found("src/lib.rs", "run_settings"), settings);
        assert_eq!(found("src/x/y.rs", "crate::run_settings"), settings);
        assert_eq!(
            found("src/run_engine/mod.rs", "super::run_settings"),
            settings
        );
        assert_eq!(found("src/a/b.rs", "super::super::run_settings"), settings);
        assert_eq!(
            found("src/main.rs", "run_engine"),
            Some("src/run_engine/mod.rs")
        );
        assert_eq!(found("src/a.rs", "run_step"), Some("src/a/run_step.rs"));
        assert_eq!(
            found("src/lib.rs", "a::run_step"),
            Some("src/a/run_step.rs")
        );
        // Not the module's child, another crate's, or past the root.
        assert_eq!(found("src/a.rs", "run_settings"), None);
        assert_eq!(found("src/bin/tool.rs", "crate::run_settings"), None);
        assert_eq!(found("src/lib.rs", "super::super::run_settings"), None);
        assert_eq!(found("src/lib.rs", "other_crate::run_settings"), None);
    }

    #[test]
    fn cargo_finds_a_crate_root_by_its_path() {
        assert!(is_crate_root("src/main.rs"));
        assert!(is_crate_root("src/bin/run_tool.rs"));
        assert!(is_crate_root("tests/run_flow.rs"));
        assert!(!is_crate_root("src/run_settings.rs"));
        assert!(!is_crate_root("src/run_engine/mod.rs"));
    }
}
