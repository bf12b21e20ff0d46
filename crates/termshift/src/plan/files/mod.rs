//! Files named for the old word (`step_settings.go`, `RunHeader.tsx`),
//! renamed with what they hold, and the imports that name them; Go
//! package folders named for it, moved with their package (`go`).
//!
//! A file is named for the concept the plan renames when the declaration
//! its name spells (`RunHeader` in `RunHeader.tsx`) is renamed, or, with no
//! such declaration, when every occurrence of the old word in its code is
//! renamed (a test file of the renamed concept): a file whose code keeps
//! the word (a verb, another domain) keeps its name. Its new name is its
//! old one with the word respelled, or the declaration's new name where
//! the name is exactly the declaration's.
//!
//! Only files whose imports apply follows are renamed: Go (a package is
//! its folder, which `go` moves; a file's name is no one's business but
//! the build's suffixes, which stay), TypeScript/JavaScript (relative module paths in
//! strings, `ecmascript`), Python (dotted module paths, `python`) and Rust
//! (`mod` declarations and `use` and code paths, `rust`; not a crate's
//! root, which Cargo finds by its path). Elsewhere a file's name is a path
//! another program reads (a migration, a proto import, a data file a test
//! loads): such a file is listed for a person. A rename onto an existing
//! file is a [`Collision`](super::Collision).
//!
//! What names a file follows it ([`follow`]): a module path (a hit inside
//! a string literal of the file's syntax tree, as `syntax::string_around`
//! finds it; a Python or Rust path, as `syntax::module_path_around` reads
//! it; a name in code that such an import binds in its file) and the path
//! of a relative Markdown link (`links`) are respelled only where they
//! resolve to a renamed file, and only the part that is the file's own
//! name. A file keeps its name, with every path to it, when something
//! names it where apply does not follow: an import of a path no rule
//! resolves (an alias, another root's import, another distribution's
//! module of the same name) or, for Python and Rust, the name in a string
//! (a dynamic import, `#[path]`), or any code that keeps it.

mod ecmascript;
mod go;
mod links;
mod python;
mod rust;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;
use termshift_words::replace_term;

use super::{is_doc, Collision, Originals, Planned, Skipped};
use crate::classify::{Finding, Inventory, GENERATED_CODE, GENERATED_FROM_PROTO};
use crate::config::{Config, FROM, TO};
use crate::scan::{Occurrence, TermSide};
use crate::syntax::{module_path_around, Lang, PathKind, Role};

pub(super) use links::in_link_path;

/// A file the plan renames.
#[derive(Debug, Clone, Serialize)]
pub struct FileRename {
    pub repo: String,
    pub path: String,
    pub new_path: String,
    pub why: String,
}

/// What the plan does with the files named for the old word.
#[derive(Default)]
pub(super) struct Files {
    pub(super) renames: Vec<FileRename>,
    /// Files named for the concept that another language's rules keep.
    pub(super) skipped: Vec<Skipped>,
    /// Renames onto a file that exists.
    pub(super) conflicts: Vec<Collision>,
}

impl Files {
    /// Adds the Go folders that move with their packages (`go`): each
    /// file's move (with its own rename, if it has one), the places that
    /// name the package to `planned`, taken from `module_paths`. Links
    /// follow the moved files later (`follow`).
    pub(super) fn add_packages(
        &mut self,
        config: &Config,
        originals: &Originals,
        findings: &[Finding],
        module_paths: &mut Vec<(&Finding, &'static str)>,
        links: &[&Finding],
        planned: &mut Vec<Planned>,
    ) {
        let key = |o: &Occurrence| (o.repo.clone(), o.path.clone(), o.offset - o.word_at);
        let modules: BTreeSet<(String, String, usize)> = module_paths
            .iter()
            .map(|(f, _)| key(&f.occurrence))
            .collect();
        let already: BTreeSet<(String, String, usize)> = planned
            .iter()
            .map(|p| (p.place.repo.clone(), p.place.path.clone(), p.place.offset))
            .collect();
        // What changes anyway: the places planned and the links, which
        // follow the moved files.
        let mut changed = already.clone();
        changed.extend(links.iter().map(|f| key(&f.occurrence)));
        let packages = go::packages(
            config,
            originals,
            findings,
            &refs(&changed),
            &refs(&modules),
        );
        self.conflicts.extend(packages.conflicts);
        self.skipped.extend(packages.kept);
        for moved in packages.moves {
            match self
                .renames
                .iter_mut()
                .find(|r| r.repo == moved.repo && r.path == moved.path)
            {
                Some(r) => {
                    let name = r.new_path.rsplit('/').next().unwrap_or_default();
                    r.new_path = format!("{}/{name}", folder_of(&moved.new_path));
                    r.why = format!("{}; {}", moved.why, r.why);
                }
                None => self.renames.push(moved),
            }
        }
        let places: BTreeSet<(String, String, usize)> = packages
            .places
            .iter()
            .map(|(f, _)| key(&f.occurrence))
            .collect();
        module_paths.retain(|(f, _)| !places.contains(&key(&f.occurrence)));
        for (f, new) in packages.places {
            if !already.contains(&key(&f.occurrence)) {
                planned.push(Planned::rename(f, new, false));
            }
        }
    }
}

/// The files to rename, given the places the plan renames.
pub(super) fn renames(config: &Config, inventory: &Inventory, planned: &[Planned]) -> Files {
    let renamed: HashMap<(&str, &str, usize), &str> = planned
        .iter()
        .filter(|p| p.action == super::Action::Rename)
        .map(|p| {
            let key = (p.place.repo.as_str(), p.place.path.as_str(), p.place.offset);
            (key, p.new.as_str())
        })
        .collect();
    // Each file's occurrences of the old word, in order.
    let mut by_file: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, f) in inventory.findings.iter().enumerate() {
        let o = &f.occurrence;
        by_file.entry((&o.repo, &o.path)).or_default().push(i);
    }
    let mut files = Files::default();
    let mut targets: BTreeSet<(String, String)> = BTreeSet::new();
    let mut keys: Vec<&(&str, &str)> = by_file.keys().collect();
    keys.sort();
    for &(repo, path) in keys {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = stem_of(path);
        let Some(respelled) = respell(config, stem) else {
            continue;
        };
        let ids = &by_file[&(repo, path)];
        let findings = || ids.iter().map(|&i| &inventory.findings[i]);
        if findings().any(|f| f.category == GENERATED_CODE || f.category == GENERATED_FROM_PROTO) {
            continue;
        }
        let renamed_at = |o: &crate::scan::Occurrence| {
            renamed
                .get(&(o.repo.as_str(), o.path.as_str(), o.offset - o.word_at))
                .copied()
        };
        // The declaration the name spells, if the file has one.
        let spelled = findings().find(|f| {
            let o = &f.occurrence;
            o.term == TermSide::From
                && o.role.declares_code_name()
                && squashed(&o.text) == squashed(stem)
        });
        let (new_stem, why) = match spelled {
            Some(f) => {
                let Some(new) = renamed_at(&f.occurrence) else {
                    continue;
                };
                let o = &f.occurrence;
                let new_stem = if o.text == stem {
                    new.to_string()
                } else {
                    respelled
                };
                (
                    new_stem,
                    format!(
                        "named for `{}`, renamed to `{new}` (line {})",
                        o.text, o.line
                    ),
                )
            }
            None => {
                let code: Vec<_> = findings()
                    .map(|f| &f.occurrence)
                    .filter(|o| o.term == TermSide::From && !is_doc(o))
                    .collect();
                if code.is_empty() || code.iter().any(|o| renamed_at(o).is_none()) {
                    continue;
                }
                let why = format!(
                    "every occurrence of `{}` in its code is renamed",
                    config.from
                );
                (respelled, why)
            }
        };
        let new_name = format!("{new_stem}{}", &name[stem.len()..]);
        let new_path = match path.rsplit_once('/') {
            Some((folder, _)) => format!("{folder}/{new_name}"),
            None => new_name.clone(),
        };
        let language = Lang::from_path(Path::new(path));
        let followed = match language {
            Lang::Go | Lang::TypeScript | Lang::Tsx | Lang::JavaScript | Lang::Python => true,
            // Cargo finds a crate's root by its path.
            Lang::Rust => !rust::is_crate_root(path),
            _ => false,
        };
        if !followed {
            files.skipped.push(Skipped {
                repo: repo.to_string(),
                path: path.to_string(),
                line: 1,
                text: name.to_string(),
                why: format!(
                    "the file is named for the concept ({why}): rename it to `{new_name}` and what names it by hand ({} files are found by a path or a module name apply does not follow)",
                    language.name()
                ),
            });
            continue;
        }
        let root = config.roots.iter().find(|r| r.name == repo);
        let exists = root.is_some_and(|r| r.path.join(&new_path).exists());
        if exists || !targets.insert((repo.to_string(), new_path.clone())) {
            files.conflicts.push(Collision {
                repo: repo.to_string(),
                path: path.to_string(),
                line: 1,
                old: name.to_string(),
                new: new_name.clone(),
                other_line: 1,
                other_path: Some(format!("{repo}/{new_path}")),
                why: format!("a file `{new_name}` is already there"),
                suggested: format!("other_{new_name}"),
                left: 1,
                offset: 0,
                namespace: false,
            });
            continue;
        }
        files.renames.push(FileRename {
            repo: repo.to_string(),
            path: path.to_string(),
            new_path,
            why,
        });
    }
    files
}

/// A file's name up to its first dot: `RunHeader` of
/// `src/RunHeader.test.tsx`, the part a module path spells.
pub(super) fn stem_of(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split('.').next().unwrap_or(name)
}

/// `name` with every occurrence of the old word respelled as the new one,
/// in the name's own style; none when it holds no such word.
pub(super) fn respell(config: &Config, name: &str) -> Option<String> {
    let hits: Vec<_> = config
        .vocabulary
        .find_all(name.as_bytes())
        .into_iter()
        .filter(|h| h.term == FROM)
        .collect();
    if hits.is_empty() {
        return None;
    }
    let to = &config.vocabulary.terms()[TO];
    let mut out = name.to_string();
    for hit in hits.into_iter().rev() {
        let token = &out[hit.token.clone()];
        let word = hit.word.start - hit.token.start..hit.word.end - hit.token.start;
        let new = replace_term(token, word, hit.plural, to);
        out.replace_range(hit.token.clone(), &new);
    }
    Some(out)
}

/// The places that name a file by its path, renamed only with it.
pub(super) struct Paths<'f> {
    /// Module paths of imports, with why each is left as it is when it
    /// names no renamed file.
    pub(super) modules: Vec<(&'f Finding, &'static str)>,
    /// Paths of relative Markdown links.
    pub(super) links: Vec<&'f Finding>,
}

/// The renames that stand, with the places of `paths` that name them
/// added to `planned`. A file that an import names by a path apply does
/// not follow keeps its name, and so do the paths to it; what is left
/// goes to `skipped` with why.
pub(super) fn follow(
    originals: &Originals,
    findings: &[Finding],
    renames: Vec<FileRename>,
    paths: &Paths,
    planned: &mut Vec<Planned>,
    skipped: &mut Vec<Skipped>,
) -> Vec<FileRename> {
    let mut by_root: HashMap<&str, HashMap<String, &FileRename>> = HashMap::new();
    for r in &renames {
        by_root
            .entry(&r.repo)
            .or_default()
            .insert(r.path.clone(), r);
    }
    // (place, the file it names, its new spelling, whether it is a link)
    let mut resolved: Vec<(&Finding, String, String, bool)> = Vec::new();
    // The names an import of a renamed file binds in its file.
    let mut bindings: HashMap<(&str, &str, &str), (String, String)> = HashMap::new();
    let mut bound = Vec::new();
    for &(f, why) in &paths.modules {
        let o = &f.occurrence;
        let renamed = by_root.get(o.repo.as_str());
        match module_path_rename(originals, f, renamed) {
            Some(Named::File { target, new, binds }) => {
                if binds {
                    let key = (o.repo.as_str(), o.path.as_str(), o.text.as_str());
                    bindings.insert(key, (target.clone(), new.clone()));
                }
                resolved.push((f, target, new, false));
            }
            Some(Named::Bound) => bound.push((f, why)),
            None => skipped.push(Skipped::of(o, why)),
        }
    }
    for (f, why) in bound {
        let o = &f.occurrence;
        match bindings.get(&(o.repo.as_str(), o.path.as_str(), o.text.as_str())) {
            Some((target, new)) => resolved.push((f, target.clone(), new.clone(), false)),
            None => skipped.push(Skipped::of(o, why)),
        }
    }
    for &f in &paths.links {
        let o = &f.occurrence;
        let renamed = by_root.get(o.repo.as_str());
        match renamed.and_then(|renamed| links::link_path_rename(originals, f, renamed)) {
            Some((target, new)) => resolved.push((f, target, new, true)),
            None => skipped.push(Skipped::of(o, KEPT_LINK)),
        }
    }
    // A module name that spells a renamed file's name but is not rewritten
    // with it (`@/components/RunHeader`, an alias apply does not follow,
    // or an import left to review) keeps the file's name: renaming it would
    // break that import.
    let mut rewritten: BTreeSet<(&str, &str, usize)> = resolved
        .iter()
        .map(|(f, ..)| {
            let o = &f.occurrence;
            (o.repo.as_str(), o.path.as_str(), o.offset - o.word_at)
        })
        .collect();
    // An imported name renamed as a name (`{ RunHeader }`) follows too.
    rewritten.extend(
        planned
            .iter()
            .map(|p| (p.place.repo.as_str(), p.place.path.as_str(), p.place.offset)),
    );
    let is_rewritten = |o: &Occurrence| {
        let start = o.offset - o.word_at;
        rewritten.contains(&(o.repo.as_str(), o.path.as_str(), start))
    };
    // The occurrences that spell a renamed file's name, by their text.
    let stems: BTreeSet<&str> = renames.iter().map(|r| stem_of(&r.path)).collect();
    let mut spelling: HashMap<&str, Vec<&Occurrence>> = HashMap::new();
    for o in findings.iter().map(|f| &f.occurrence) {
        if o.term == TermSide::From && stems.contains(o.text.as_str()) {
            spelling.entry(&o.text).or_default().push(o);
        }
    }
    let blocked = |r: &FileRename| {
        let lang = Lang::from_path(Path::new(&r.path));
        let spelled = spelling
            .get(stem_of(&r.path))
            .map_or(&[][..], Vec::as_slice);
        spelled.iter().any(|o| {
            match lang {
                // Code may name a module anywhere (a qualified name, another
                // root's import) and in a string (a dynamic import), which
                // is no path apply follows.
                Lang::Python | Lang::Rust => {
                    may_name_module(o, lang) && (!is_rewritten(o) || o.role == Role::StringLiteral)
                }
                // Go names a package, never a file.
                Lang::Go => {
                    folder_of(&r.path) == folder_of(&r.new_path)
                        && o.role == Role::PackageUse
                        && o.repo == r.repo
                        && !is_rewritten(o)
                }
                _ => o.role == Role::PackageUse && !is_rewritten(o),
            }
        })
    };
    let (renames, kept_names): (Vec<FileRename>, Vec<FileRename>) =
        renames.into_iter().partition(|r| !blocked(r));
    // A string that names a module whose file keeps its name keeps it too.
    let kept_modules: BTreeSet<(Lang, &str)> = kept_names
        .iter()
        .map(|r| (Lang::from_path(Path::new(&r.path)), stem_of(&r.path)))
        .filter(|(lang, _)| matches!(lang, Lang::Python | Lang::Rust))
        .collect();
    // So does a qualified name in Python code through the module
    // (`app.pkg.run_settings.X`), which no import binds.
    let mut kept_python: HashMap<&str, HashMap<String, &FileRename>> = HashMap::new();
    for r in &kept_names {
        if Lang::from_path(Path::new(&r.path)) == Lang::Python {
            kept_python
                .entry(&r.repo)
                .or_default()
                .insert(r.path.clone(), r);
        }
    }
    planned.retain(|p| {
        let in_string = !p.is_doc
            && p.place.role == Role::StringLiteral
            && kept_modules.iter().any(|&(lang, stem)| {
                p.old == stem && (p.place.language == lang || !has_modules(p.place.language))
            });
        let qualified = !p.is_doc
            && p.place.language == Lang::Python
            && p.place.role != Role::StringLiteral
            && kept_modules.contains(&(Lang::Python, p.old.as_str()))
            && kept_python.get(p.place.repo.as_str()).is_some_and(|kept| {
                originals
                    .get(&p.place.repo, &p.place.path)
                    .and_then(|file| python::qualified_path(&file.bytes, p.place.offset, &p.old))
                    .is_some_and(|path| {
                        python::resolve_module(&p.place.path, &path, kept).is_some()
                    })
            });
        let why = match (in_string, qualified) {
            (true, _) => "a module named in a string: the file it names keeps its name",
            (_, true) => "a module path: the file it names keeps its name",
            _ => return true,
        };
        skipped.push(Skipped {
            repo: p.place.repo.clone(),
            path: p.place.path.clone(),
            line: p.place.line,
            text: p.old.clone(),
            why: why.into(),
        });
        false
    });
    for r in kept_names {
        skipped.push(Skipped {
            why: format!(
                "named for the concept, but an import names it by a path apply does not follow: rename it to `{}` and its imports by hand",
                r.new_path
            ),
            repo: r.repo,
            text: r.path.rsplit('/').next().unwrap_or(&r.path).to_string(),
            path: r.path,
            line: 1,
        });
    }
    for (f, target, new, link) in resolved {
        let still = renames
            .iter()
            .any(|r| r.repo == f.occurrence.repo && r.path == target);
        if still {
            planned.push(Planned::rename(f, new, link));
        } else if link {
            skipped.push(Skipped::of(&f.occurrence, KEPT_LINK));
        } else {
            skipped.push(Skipped::of(
                &f.occurrence,
                "a module path: the file it names keeps its name",
            ));
        }
    }
    renames
}

/// Whether code at `o` may name a module of `lang`: code of that
/// language, or a file of no language with modules of its own (a
/// configuration naming an entry point).
fn may_name_module(o: &Occurrence, lang: Lang) -> bool {
    !is_doc(o) && (o.language == lang || !has_modules(o.language))
}

/// Whether a language names modules of its own.
fn has_modules(lang: Lang) -> bool {
    !matches!(lang, Lang::Yaml | Lang::Json | Lang::Text)
}

const KEPT_LINK: &str = "a link's path: the file it names keeps its name";

/// What a module path names.
enum Named {
    /// A file the plan renames: its path, the new spelling of the
    /// occurrence, and whether the import binds the name in its file.
    File {
        target: String,
        new: String,
        binds: bool,
    },
    /// Whatever a name the file binds names (`run_store.save()`).
    Bound,
}

/// What the module path around the occurrence names: a file the plan
/// renames (`./components/RunHeader` -> `./components/SessionHeader`) or
/// the name an import of the file binds; `renamed` holds the renames of
/// the occurrence's root by path.
fn module_path_rename(
    originals: &Originals,
    f: &Finding,
    renamed: Option<&HashMap<String, &FileRename>>,
) -> Option<Named> {
    let o = &f.occurrence;
    let file = originals.get(&o.repo, &o.path)?;
    let lang = Lang::from_path(Path::new(&o.path));
    if !matches!(lang, Lang::Python | Lang::Rust) {
        let string = crate::syntax::string_around(file.tree()?, &file.bytes, o.offset)?;
        let quoted = std::str::from_utf8(&file.bytes[string]).ok()?;
        let module = quoted.trim_matches(|c| matches!(c, '"' | '\'' | '`'));
        let target = ecmascript::resolve_import(&o.path, module, renamed?)?;
        let (target, new) = own_name(o, target)?;
        return Some(Named::File {
            target,
            new,
            binds: false,
        });
    }
    let found = module_path_around(lang, file.tree()?, &file.bytes, o.offset)?;
    // A name in Python code is only ever what the file binds.
    let resolvable = lang == Lang::Rust || found.kind != PathKind::Code;
    let target = renamed
        .filter(|_| resolvable)
        .and_then(|renamed| match lang {
            Lang::Python => python::resolve_module(&o.path, &found.path, renamed),
            _ => rust::resolve_module(&o.path, &found.path, renamed),
        });
    match (target.and_then(|t| own_name(o, t)), found.kind) {
        (Some((target, new)), kind) => Some(Named::File {
            target,
            new,
            binds: kind == PathKind::Import { binds: true },
        }),
        (None, PathKind::Code) if found.path == o.text => Some(Named::Bound),
        (None, _) => None,
    }
}

/// The file's path and its new name, when the occurrence is the part of a
/// path that is the file's own name: a folder keeps its name.
fn own_name(o: &Occurrence, target: &FileRename) -> Option<(String, String)> {
    if o.text != stem_of(&target.path) {
        return None;
    }
    let new = stem_of(&target.new_path).to_string();
    Some((target.path.clone(), new))
}

/// The root-relative path that `relative` (`../pkg/x`) names from the
/// file at `from`; none when it climbs out of the root.
fn relative_to(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Keys borrowed from owned ones.
fn refs(keys: &BTreeSet<(String, String, usize)>) -> BTreeSet<go::Key<'_>> {
    keys.iter()
        .map(|(repo, path, at)| (repo.as_str(), path.as_str(), *at))
        .collect()
}

/// The folder part of a root-relative path.
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// A name without its separators and case: `run_header`, `RunHeader` and
/// `run-header` are one.
fn squashed(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn rename(path: &str) -> FileRename {
        FileRename {
            repo: "web".into(),
            path: path.into(),
            new_path: String::new(),
            why: String::new(),
        }
    }

    /// Renames by the path they rename, as a root's are looked up.
    pub(super) fn by_path<'r>(renames: &[&'r FileRename]) -> HashMap<String, &'r FileRename> {
        renames.iter().map(|&r| (r.path.clone(), r)).collect()
    }

    #[test]
    fn squashed_names_meet_across_styles() {
        assert_eq!(squashed("run_header"), squashed("RunHeader"));
        assert_eq!(squashed("run-header"), "runheader");
        assert_ne!(squashed("run_headers"), squashed("RunHeader"));
    }
}
