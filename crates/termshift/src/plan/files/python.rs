//! Python: a dotted module path names a file by its place among the
//! folders: `app.pkg.run_store` is `app/pkg/run_store.py` (or the
//! package `app/pkg/run_store/__init__.py`) under a folder on the import
//! path, `.run_store` and `..run_store` the same from the importing
//! file's package or the one above it.
//!
//! An absolute path is looked for under the root, its `src` folder and
//! every folder above the importing file (a script's own folder is on the
//! import path); it names a renamed file only when exactly one of those
//! holds it. A path that names none (another distribution's module of
//! the same name) is left as it is, and so the file keeps its name.

use std::collections::HashMap;

use super::FileRename;

/// The renamed file the module path `module` names from the file at
/// `from`, among `renamed` (its root's renames by path).
pub(super) fn resolve_module<'r>(
    from: &str,
    module: &str,
    renamed: &'r HashMap<String, &'r FileRename>,
) -> Option<&'r FileRename> {
    let dots = module.chars().take_while(|&c| c == '.').count();
    let rest = module[dots..].replace('.', "/");
    if rest.is_empty() {
        return None;
    }
    let mut folder: Vec<&str> = from.split('/').collect();
    folder.pop();
    let bases: Vec<String> = if dots > 0 {
        for _ in 1..dots {
            folder.pop()?;
        }
        vec![folder.join("/")]
    } else {
        let mut bases = vec![String::new(), "src".to_string()];
        bases.extend((1..=folder.len()).rev().map(|n| folder[..n].join("/")));
        bases.dedup();
        bases
    };
    let mut found: Vec<&FileRename> = bases
        .iter()
        .map(|base| match base.as_str() {
            "" => rest.clone(),
            base => format!("{base}/{rest}"),
        })
        .flat_map(|path| [format!("{path}.py"), format!("{path}/__init__.py")])
        .filter_map(|candidate| renamed.get(&candidate).copied())
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    match found.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The dotted name in code that ends with `name` at `offset`
/// (`app.pkg.run_settings` of `app.pkg.run_settings.X`), when a dot comes
/// before the name.
pub(super) fn qualified_path(text: &[u8], offset: usize, name: &str) -> Option<String> {
    let before = &text[..offset];
    let start = before
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'))
        .map_or(0, |at| at + 1);
    let head = std::str::from_utf8(&before[start..]).ok()?;
    let head = head.trim_start_matches('.');
    (head.ends_with('.') && !head.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| format!("{head}{name}"))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{by_path, rename};
    use super::*;

    #[test]
    fn a_module_path_resolves_from_the_root_or_the_package() {
        let settings = rename("app/pkg/run_settings.py");
        let script = rename("tools/run_tool.py");
        let renamed = by_path(&[&settings, &script]);
        let found = |from: &str, module: &str| {
            resolve_module(from, module, &renamed).map(|r| r.path.as_str())
        };
        let settings = Some("app/pkg/run_settings.py");
        assert_eq!(found("app/main.py", "app.pkg.run_settings"), settings);
        assert_eq!(found("app/pkg/user.py", ".run_settings"), settings);
        assert_eq!(found("app/pkg/sub/x.py", "..run_settings"), settings);
        assert_eq!(found("app/main.py", ".pkg.run_settings"), settings);
        // A script's own folder is on the import path.
        assert_eq!(found("tools/cli.py", "run_tool"), Some("tools/run_tool.py"));
        // Another distribution's module of the same name.
        assert_eq!(found("app/main.py", "run_settings"), None);
        assert_eq!(found("app/main.py", "..run_settings"), None);
        assert_eq!(found("main.py", "..run_settings"), None);
    }

    #[test]
    fn a_qualified_name_is_read_back_to_its_first_name() {
        let text = b"S = app.pkg.run_settings.X\nT = run_settings.Y\nU = f().run_settings\n";
        let at = |line: usize| {
            let start: usize = text
                .split(|&b| b == b'\n')
                .take(line)
                .map(|l| l.len() + 1)
                .sum();
            start
                + text[start..]
                    .windows(12)
                    .position(|w| w == b"run_settings")
                    .unwrap()
        };
        let path = |offset| qualified_path(text, offset, "run_settings");
        assert_eq!(path(at(0)).as_deref(), Some("app.pkg.run_settings"));
        assert_eq!(path(at(1)), None);
        // A call's result is no module.
        assert_eq!(path(at(2)), None);
    }
}
