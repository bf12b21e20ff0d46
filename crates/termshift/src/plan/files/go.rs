//! Go packages: a folder is a package, and an import path names it by its
//! place under its module (`go.mod`). A folder named for the concept
//! moves with its package when the package clause of every file in it is
//! renamed and names the folder (`run/` holding `package run` and
//! `package run_test`): the clauses, the import paths that name the
//! folder (in every root: an import path is its module's, not a root's)
//! and the package's name where an import without an alias brings it in
//! (`run.Start()`) follow.
//!
//! A folder that holds more than Go files (a subpackage, `testdata`, an
//! embedded file), lies under no module, or is named in a path that
//! nothing changes (`./internal/run/...` in a Makefile) keeps its name,
//! and so does its package. A move onto an existing folder is a
//! conflict.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use super::{respell, FileRename};
use crate::classify::Finding;
use crate::config::Config;
use crate::plan::{Collision, Originals, Skipped};
use crate::scan::{Occurrence, TermSide};
use crate::syntax::{Lang, Role};

/// The folders a plan moves with their packages.
#[derive(Default)]
pub(super) struct Packages<'f> {
    /// Every file of a moved folder, to its new folder.
    pub(super) moves: Vec<FileRename>,
    /// Places that name a moved package, with their new spelling.
    pub(super) places: Vec<(&'f Finding, String)>,
    /// Moves onto a folder that exists.
    pub(super) conflicts: Vec<Collision>,
    /// Folders that stay, with the path that keeps each.
    pub(super) kept: Vec<Skipped>,
}

/// A package to move.
struct Moved<'f> {
    folder: &'f str,
    name: String,
    new_name: String,
    new_folder: String,
    moves: Vec<FileRename>,
    places: Vec<(&'f Finding, String)>,
}

/// A place by root, path and token offset.
pub(super) type Key<'k> = (&'k str, &'k str, usize);

/// The packages to move, given the places the plan renames (`planned`)
/// and the module paths it renames only with what they name (`modules`).
pub(super) fn packages<'f>(
    config: &Config,
    originals: &Originals,
    findings: &'f [Finding],
    planned: &BTreeSet<Key>,
    modules: &BTreeSet<Key>,
) -> Packages<'f> {
    let key = |o: &'f Occurrence| (o.repo.as_str(), o.path.as_str(), o.offset - o.word_at);
    let go = |o: &Occurrence| o.term == TermSide::From && o.language == Lang::Go;
    let mut clauses: BTreeMap<(&str, &str), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        let o = &f.occurrence;
        if go(o) && o.role == Role::PackageDeclaration {
            if let Some((folder, _)) = o.path.rsplit_once('/') {
                clauses.entry((&o.repo, folder)).or_default().push(f);
            }
        }
    }
    let mut packages = Packages::default();
    let mut moved: Vec<Moved> = Vec::new();
    let mut by_import_path: HashMap<String, usize> = HashMap::new();
    for ((repo, folder), hits) in clauses {
        let name = folder.rsplit('/').next().unwrap_or(folder);
        let Some(new_name) = respell(config, name) else {
            continue;
        };
        let test_name = format!("{name}_test");
        let all_renamed = hits.iter().all(|f| {
            let o = &f.occurrence;
            (o.text == name || o.text == test_name)
                && (planned.contains(&key(o)) || modules.contains(&key(o)))
        });
        let Some(root) = config.roots.iter().find(|r| r.name == repo) else {
            continue;
        };
        let files: BTreeSet<&str> = hits
            .iter()
            .map(|f| f.occurrence.path.rsplit('/').next().unwrap_or_default())
            .collect();
        let Some(import_path) = import_path(&root.path, folder) else {
            continue;
        };
        if !all_renamed || !only_go_files(&root.path.join(folder), &files) {
            continue;
        }
        let new_folder = match folder.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/{new_name}"),
            None => new_name.clone(),
        };
        if root.path.join(&new_folder).exists() {
            packages.conflicts.push(Collision {
                repo: repo.to_string(),
                path: folder.to_string(),
                line: 1,
                old: name.to_string(),
                new: new_name.clone(),
                other_line: 1,
                other_path: Some(format!("{repo}/{new_folder}")),
                why: format!("a folder `{new_folder}` is already there"),
                suggested: format!("other_{new_name}"),
                left: hits.len(),
                offset: 0,
                namespace: true,
            });
            continue;
        }
        let moves = files
            .iter()
            .map(|file| FileRename {
                repo: repo.to_string(),
                path: format!("{folder}/{file}"),
                new_path: format!("{new_folder}/{file}"),
                why: format!("its package `{name}` is renamed to `{new_name}` with its folder"),
            })
            .collect();
        let places = hits
            .into_iter()
            .filter_map(|f| Some((f, respell(config, &f.occurrence.text)?)))
            .collect();
        by_import_path.insert(import_path, moved.len());
        moved.push(Moved {
            folder,
            name: name.to_string(),
            new_name,
            new_folder,
            moves,
            places,
        });
    }
    if moved.is_empty() {
        return packages;
    }
    // The import paths, and the files that bring a package in by its name.
    let mut imported: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut uses = Vec::new();
    for f in findings {
        let o = &f.occurrence;
        if !go(o) || o.role != Role::PackageUse {
            continue;
        }
        let Some(file) = originals.get(&o.repo, &o.path) else {
            continue;
        };
        let string = file
            .tree()
            .and_then(|tree| crate::syntax::string_around(tree, &file.bytes, o.offset));
        let Some(string) = string else {
            uses.push(f);
            continue;
        };
        let path = String::from_utf8_lossy(&file.bytes[string.clone()]);
        let Some(&package) = by_import_path.get(path.as_ref()) else {
            continue;
        };
        let start = o.offset - o.word_at;
        let package_name = &moved[package].name;
        if o.text != *package_name || start + o.text.len() != string.end {
            continue;
        }
        let new = moved[package].new_name.clone();
        moved[package].places.push((f, new));
        // `import run "x/run"` or `run "x/run"`: the text before the path,
        // on its line, is the alias.
        let line = file.bytes[..string.start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let before = String::from_utf8_lossy(&file.bytes[line..string.start - 1]);
        let before = before.trim();
        if before
            .strip_prefix("import")
            .unwrap_or(before)
            .trim()
            .is_empty()
        {
            imported
                .entry((&o.repo, &o.path))
                .or_default()
                .push(package);
        }
    }
    for f in uses {
        let o = &f.occurrence;
        let by_name = imported
            .get(&(o.repo.as_str(), o.path.as_str()))
            .and_then(|packages| packages.iter().find(|&&p| moved[p].name == o.text));
        if let Some(&package) = by_name {
            let new = moved[package].new_name.clone();
            moved[package].places.push((f, new));
        }
    }
    for package in moved {
        match path_kept(originals, findings, &package, planned) {
            Some(o) => packages.kept.push(Skipped::of(
                o,
                format!(
                    "names the folder `{}`, which moves with its package only when every path to it does: move it to `{}` and this path by hand",
                    package.folder, package.new_folder
                ),
            )),
            None => {
                packages.moves.extend(package.moves);
                packages.places.extend(package.places);
            }
        }
    }
    packages
}

/// An occurrence that names the package's folder in a path (`internal/run`
/// in a Makefile, a Dockerfile, another module's import) and that neither
/// the plan nor the move changes, if there is one.
fn path_kept<'f>(
    originals: &Originals,
    findings: &'f [Finding],
    package: &Moved<'f>,
    planned: &BTreeSet<Key>,
) -> Option<&'f Occurrence> {
    let key = |o: &'f Occurrence| (o.repo.as_str(), o.path.as_str(), o.offset - o.word_at);
    let moving: BTreeSet<Key> = package
        .places
        .iter()
        .map(|(f, _)| key(&f.occurrence))
        .collect();
    let before = match package.folder.rsplit_once('/') {
        Some((parent, _)) => format!("{}/", parent.rsplit('/').next().unwrap_or(parent)),
        None => "./".to_string(),
    };
    findings.iter().map(|f| &f.occurrence).find(|o| {
        o.term == TermSide::From
            && o.text == package.name
            && !planned.contains(&key(o))
            && !moving.contains(&key(o))
            && originals
                .get(&o.repo, &o.path)
                .is_some_and(|file| file.bytes[..key(o).2].ends_with(before.as_bytes()))
    })
}

/// The import path of a folder: its module's path (the nearest `go.mod`
/// above it in the root) joined with the folder's path under the module.
/// None for a module's own folder, which its path does not name.
fn import_path(root: &Path, folder: &str) -> Option<String> {
    let parts: Vec<&str> = folder.split('/').collect();
    for n in (0..parts.len()).rev() {
        let Ok(go_mod) = std::fs::read_to_string(root.join(parts[..n].join("/")).join("go.mod"))
        else {
            continue;
        };
        let module = go_mod
            .lines()
            .find_map(|line| line.trim().strip_prefix("module "))?
            .trim()
            .trim_matches('"');
        return Some(format!("{module}/{}", parts[n..].join("/")));
    }
    None
}

/// Whether the folder holds nothing but the Go files `files`.
fn only_go_files(folder: &Path, files: &BTreeSet<&str>) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        entry.is_ok_and(|e| {
            let name = e.file_name();
            e.file_type().is_ok_and(|t| t.is_file())
                && name.to_str().is_some_and(|n| files.contains(n))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_imported_by_its_path_under_its_module() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("svc/internal/run")).unwrap();
        std::fs::write(
            dir.path().join("svc/go.mod"),
            "module example.com/svc\n\ngo 1.22\n",
        )
        .unwrap();
        assert_eq!(
            import_path(dir.path(), "svc/internal/run").as_deref(),
            Some("example.com/svc/internal/run")
        );
        // A module's own folder, and a folder under no module.
        assert_eq!(import_path(dir.path(), "svc"), None);
        assert_eq!(import_path(dir.path(), "other/run"), None);
    }
}
