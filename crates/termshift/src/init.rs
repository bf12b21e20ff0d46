//! `termshift init`: a commented starter `termshift.toml` for a migration,
//! with the roots, the usual excludes, and the domains and renames a first
//! scan suggests, each with a comment saying why.
//!
//! A suggested domain is the types named for the old word beside other
//! words whose names never reach the new one. The types of one folder where
//! no alias lives make one domain with that folder's path; the others merge
//! when one's words hold another's. A domain is never a glob of the word
//! alone. Then the written file is read back and scanned again, to say
//! what it gives: the kind of migration and the counts per category.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::classify::{new_name, Categories, Inventory, KindFound, NEEDS_REVIEW, OTHER_DOMAIN};
use crate::config::Config;
use crate::error::Error;
use crate::progress::Progress;
use crate::sources::Snapshot;
use crate::syntax::Role;

/// Folders that hold dependencies or build output in most projects.
pub const DEFAULT_EXCLUDES: [&str; 7] = [
    "**/node_modules/**",
    "**/dist/**",
    "**/build/**",
    "**/vendor/**",
    "**/target/**",
    "**/.venv/**",
    "**/__pycache__/**",
];

/// How many renames the starter suggests at most.
const MAX_RENAMES: usize = 12;

/// A starter configuration, and what it gives.
pub struct Starter {
    /// The configuration file's text.
    pub text: String,
    /// The occurrences of the old word per category under it.
    pub counts: BTreeMap<String, usize>,
    /// The kind of migration classification assumed under it, and why.
    pub kind: KindFound,
}

/// A starter configuration for migrating `from` to `to` in `roots`, to be
/// written at `config_path` (root paths are written relative to its
/// folder), with the counts it gives; the phases of its two scans are told
/// to `progress`.
pub fn starter(
    from: &str,
    to: &str,
    roots: &[PathBuf],
    config_path: &Path,
    progress: Progress,
) -> Result<Starter, Error> {
    let folder = config_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let text = starter_text(from, to, roots, config_path, progress)?;
    // What the written configuration gives, as `report` will read it.
    let config = Config::parse(&text, config_path, folder)?;
    let inventory = crate::inventory(&config, &Snapshot::WorkingTree, progress)?;
    let mut counts = BTreeMap::new();
    for f in inventory
        .findings
        .iter()
        .filter(|f| f.occurrence.term == crate::TermSide::From)
    {
        *counts.entry(f.category.clone()).or_default() += 1;
    }
    Ok(Starter {
        text,
        counts,
        kind: inventory.kind,
    })
}

/// The text of a starter configuration.
fn starter_text(
    from: &str,
    to: &str,
    roots: &[PathBuf],
    config_path: &Path,
    progress: Progress,
) -> Result<String, Error> {
    let mut config = Config::quick(from, to, roots)?;
    config.exclude_everywhere(&DEFAULT_EXCLUDES);
    let inventory = crate::inventory(&config, &Snapshot::WorkingTree, progress)?;
    let folder = config_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut out = String::new();
    let categories = Categories::of(&config);
    writeln!(out, "# termshift configuration: `{from}` becomes `{to}`.").unwrap();
    writeln!(
        out,
        "# Written by `termshift init` from a first scan; read it, then run"
    )
    .unwrap();
    writeln!(out, "# `termshift report` and adjust.\n").unwrap();
    writeln!(out, "# Dependencies and build output, in every root.").unwrap();
    writeln!(
        out,
        "exclude = [{}]\n",
        DEFAULT_EXCLUDES
            .iter()
            .map(|e| format!("\"{e}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
    writeln!(out, "[migration]\nfrom = \"{from}\"\nto = \"{to}\"\n").unwrap();
    for root in &config.roots {
        writeln!(
            out,
            "[[roots]]\nname = \"{}\"\npath = \"{}\"\n",
            root.name,
            relative_to(&root.path, folder).display()
        )
        .unwrap();
    }
    let domains = suggested_domains(&inventory, from, &categories.alias);
    if domains.is_empty() {
        writeln!(
            out,
            "# No other meaning of `{from}` was found. If one exists, name it:"
        )
        .unwrap();
        writeln!(out, "# [[domains]]\n# name = \"...\"\n# symbols = [\"...\"]\n# paths = [\"root/folder/**\"]\n").unwrap();
    }
    for domain in &domains {
        writeln!(
            out,
            "# {} names under `{}` never reach a name with `{to}` (e.g. {}){}:",
            domain.count,
            domain.owners.join("`, `"),
            domain.example,
            domain
                .folder
                .as_ref()
                .map(|f| format!(", all in {f}/, where no alias lives"))
                .unwrap_or_default()
        )
        .unwrap();
        writeln!(out, "# another meaning of `{from}`, which stays.").unwrap();
        let globs: Vec<String> = match &domain.folder {
            Some(_) => domain
                .owners
                .iter()
                .flat_map(|owner| [format!("\"{owner}\""), format!("\"{owner}.*\"")])
                .collect(),
            None => spellings(&domain.words)
                .iter()
                .map(|s| format!("\"*{s}*\""))
                .collect(),
        };
        let paths = domain
            .folder
            .as_ref()
            .map(|f| format!("paths = [\"{f}/**\"]\n"))
            .unwrap_or_default();
        writeln!(
            out,
            "[[domains]]\nname = \"{}\"\nsymbols = [{}]\n{paths}",
            domain.words.join(" "),
            globs.join(", ")
        )
        .unwrap();
    }
    let renames = suggested_renames(&config, &inventory, &categories.alias);
    if !renames.is_empty() {
        writeln!(
            out,
            "# Names of the legacy alias and the rename the engine would make; keep a line"
        )
        .unwrap();
        writeln!(
            out,
            "# and change its right side where another name fits better."
        )
        .unwrap();
        writeln!(out, "[renames]").unwrap();
        for (name, (renamed, count)) in renames {
            let plural = if count == 1 { "" } else { "s" };
            writeln!(
                out,
                "# {name} = \"{renamed}\"   # {count} occurrence{plural}"
            )
            .unwrap();
        }
        writeln!(out).unwrap();
    }
    Ok(out)
}

struct SuggestedDomain {
    /// The domain's name in words: the shortest owner's (`planning`,
    /// `run`), or its folder's (`llm`, `runner`).
    words: Vec<String>,
    /// The owners merged into it (`PlanningRun`, `PlanningRunRow`).
    owners: Vec<String>,
    /// The folder (`root/path`) that holds all its names, when one does
    /// and no alias lives there.
    folder: Option<String>,
    count: usize,
    example: String,
}

/// The owners the classifier suggests as domains, with how many names
/// live under each. Owners whose names all live in one folder that holds
/// no alias make one domain of that folder (a tool about its own runs);
/// else an owner whose words hold another's (`PlanningRunRow`,
/// `planning_runs` and `PlanningRun`) joins it.
fn suggested_domains(inventory: &Inventory, from: &str, alias: &str) -> Vec<SuggestedDomain> {
    struct Owner {
        count: usize,
        example: String,
        folder: Option<String>,
    }
    let folder_of = |repo: &str, path: &str| match path.rsplit_once('/') {
        Some((folder, _)) => format!("{repo}/{folder}"),
        None => repo.to_string(),
    };
    let mut owners: BTreeMap<String, Owner> = BTreeMap::new();
    let mut alias_folders: Vec<String> = Vec::new();
    for f in &inventory.findings {
        let o = &f.occurrence;
        if f.category == alias {
            alias_folders.push(folder_of(&o.repo, &o.path));
            continue;
        }
        if f.category != NEEDS_REVIEW && f.category != OTHER_DOMAIN {
            continue;
        }
        let Some(owner) = &f.suggested_domain else {
            continue;
        };
        let folder = folder_of(&o.repo, &o.path);
        let entry = owners.entry(owner.to_string()).or_insert_with(|| Owner {
            count: 0,
            example: format!("{}/{}:{}", o.repo, o.path, o.line),
            folder: Some(folder.clone()),
        });
        entry.count += 1;
        entry.folder = entry
            .folder
            .take()
            .and_then(|common| common_folder(&common, &folder));
    }
    // A folder is a domain's when it is below a root, no alias lives in it
    // or under it, and two owners or more live there (a folder of one type
    // is that type's): an owner in a folder below another's joins it.
    let under =
        |folder: &str, outer: &str| folder == outer || folder.starts_with(&format!("{outer}/"));
    for owner in owners.values_mut() {
        owner.folder = owner.folder.take().filter(|folder| {
            folder.contains('/') && !alias_folders.iter().any(|a| under(a, folder))
        });
    }
    let folders: Vec<String> = owners.values().filter_map(|o| o.folder.clone()).collect();
    for owner in owners.values_mut() {
        let Some(folder) = owner.folder.take() else {
            continue;
        };
        let outermost = folders
            .iter()
            .filter(|f| under(&folder, f))
            .min_by_key(|f| f.len())
            .cloned()
            .unwrap_or(folder);
        let shared = folders.iter().filter(|f| under(f, &outermost)).count() >= 2;
        owner.folder = shared.then_some(outermost);
    }
    let words_of = |name: &str| -> Vec<String> {
        termshift_words::split_words(name)
            .into_iter()
            .map(|r| name[r].to_ascii_lowercase())
            .collect()
    };
    let singular = |w: &str| w.strip_suffix('s').unwrap_or(w).to_string();
    let mut sorted: Vec<(String, Owner)> = owners.into_iter().collect();
    sorted.sort_by_key(|(owner, o)| (o.folder.is_none(), words_of(owner).len(), owner.clone()));
    let mut domains: Vec<SuggestedDomain> = Vec::new();
    for (owner, o) in sorted {
        let words = words_of(&owner);
        let stems: Vec<String> = words.iter().map(|w| singular(w)).collect();
        let covering = domains.iter_mut().find(|d| match (&d.folder, &o.folder) {
            (Some(a), Some(b)) => a == b,
            (None, None) => {
                let inner: Vec<String> = d.words.iter().map(|w| singular(w)).collect();
                stems.windows(inner.len()).any(|w| w == inner.as_slice())
            }
            _ => false,
        });
        match covering {
            Some(domain) => {
                domain.count += o.count;
                domain.owners.push(owner);
            }
            None => domains.push(SuggestedDomain {
                words: match &o.folder {
                    Some(folder) => folder_words(folder, from),
                    None => words,
                },
                owners: vec![owner],
                folder: o.folder,
                count: o.count,
                example: o.example,
            }),
        }
    }
    domains
}

/// The folder two paths share (`root/a/b` and `root/a/c` share `root/a`),
/// if any.
fn common_folder(a: &str, b: &str) -> Option<String> {
    let common: Vec<&str> = a
        .split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect();
    (!common.is_empty()).then(|| common.join("/"))
}

/// A domain's name from its folder: the last folder's words (`llm-runner`:
/// "llm runner"), with the one above when the last is the word alone
/// (`cmds/run`: "cmds run").
fn folder_words(folder: &str, from: &str) -> Vec<String> {
    let words = |segment: &str| -> Vec<String> {
        termshift_words::split_words(segment)
            .into_iter()
            .map(|r| segment[r].to_ascii_lowercase())
            .collect()
    };
    let mut segments = folder.rsplit('/');
    let last = words(segments.next().unwrap_or(folder));
    if last.iter().all(|w| w.eq_ignore_ascii_case(from)) {
        if let Some(parent) = segments.next() {
            return [words(parent), last].concat();
        }
    }
    last
}

/// A name's words in the conventions code spells them: `PlanningRun`,
/// `planningRun`, `planning_run`.
fn spellings(words: &[String]) -> Vec<String> {
    let capitalized = |w: &String| crate::words::capitalized(w);
    let pascal: String = words.iter().map(capitalized).collect();
    let camel = words.first().cloned().unwrap_or_default()
        + &words.iter().skip(1).map(capitalized).collect::<String>();
    let snake = words.join("_");
    let mut all = vec![pascal, camel, snake];
    all.dedup();
    all
}

/// The alias's functions, methods and types, by how often they occur,
/// with the rename the engine would make.
fn suggested_renames(
    config: &Config,
    inventory: &Inventory,
    alias: &str,
) -> Vec<(String, (String, usize))> {
    let mut names: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for f in inventory.findings.iter().filter(|f| f.category == alias) {
        let o = &f.occurrence;
        let named = matches!(
            o.role,
            Role::FunctionDeclaration | Role::MethodDeclaration | Role::TypeDeclaration
        );
        if let Some(renamed) = named.then(|| new_name(config, o)).flatten() {
            names.entry(o.text.clone()).or_insert((renamed, 0)).1 += 1;
        }
    }
    let mut names: Vec<(String, (String, usize))> = names.into_iter().collect();
    names.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(&b.0)));
    names.truncate(MAX_RENAMES);
    names
}

/// `path` relative to `folder` when it lies under it, else as given.
fn relative_to(path: &Path, folder: &Path) -> PathBuf {
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (path_abs, folder_abs) = (absolute(path), absolute(folder));
    match path_abs.strip_prefix(&folder_abs) {
        Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rest) => rest.to_path_buf(),
        Err(_) => path_abs,
    }
}
