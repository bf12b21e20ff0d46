//! `termshift.toml`: the migration's words and the repositories to scan.
//!
//! The file (or `--from/--to PATHS` on the command line) becomes a checked
//! [`Config`]: the vocabulary (index 0 the old word, 1 the new one), the
//! roots with their globs, the size limit. A root that holds the
//! configuration file excludes it and the `.termshift` folder beside it:
//! they name both words. An error names the file, the line when known and
//! the fix; it exits 2.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use globset::{Glob, GlobMatcher};

use crate::error::Error;
use crate::words::{Term, Vocabulary};

/// Files larger than this are skipped unless the configuration says more.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// Index of the old word in the vocabulary.
pub const FROM: usize = 0;
/// Index of the new word in the vocabulary.
pub const TO: usize = 1;

/// A checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub from: String,
    pub to: String,
    /// What kind of migration it is, when the configuration says
    /// (`[migration] kind`); else classification reads it from the code.
    pub kind: Option<MigrationKind>,
    pub vocabulary: Vocabulary,
    pub roots: Vec<Root>,
    pub max_file_size: u64,
    /// Follow every symbolic link of the working tree (`[scan]
    /// follow_links`); by default only links to a place inside a root.
    pub follow_links: bool,
    /// Other meanings of the old word, which stay.
    pub domains: Vec<Domain>,
    /// Categories decided by hand, which override every piece of evidence.
    pub decisions: Vec<Decision>,
    /// New names chosen by hand, by symbol or identifier
    /// (`startRunForPrompt = "startInferenceForPrompt"`), where the
    /// case-preserving rename is not wanted.
    pub renames: Vec<(String, String)>,
    /// Who owns which files, before CODEOWNERS.
    pub owners: Vec<PathRule>,
    /// The component (report sub-heading) of which files.
    pub components: Vec<PathRule>,
    /// Occurrences the gate accepts, with the reason.
    pub allow: Vec<Allow>,
    /// The report's front matter.
    pub report: ReportSettings,
    /// Where the scan keeps each file's scan between runs (see
    /// [`crate::scan::ScanCache`]): beside the configuration file when it
    /// is loaded from one; `None`, no cache.
    pub scan_cache: Option<PathBuf>,
}

/// The two kinds of migration, which read the same evidence differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MigrationKind {
    /// The new word exists and the old one became a second name for it:
    /// a name of the old word is an alias where its value reaches the new
    /// word's, and what never reaches it has another meaning.
    Alias,
    /// The new word is the concept's new name: what the roots hold under
    /// the old word is the concept, unless evidence keeps it.
    Rename,
}

impl MigrationKind {
    pub fn name(self) -> &'static str {
        match self {
            MigrationKind::Alias => "alias",
            MigrationKind::Rename => "rename",
        }
    }
}

/// Occurrences the gate accepts (`[[allow]]`): those in files matching
/// `paths` and with a symbol (or identifier) matching `symbols`, where
/// given.
#[derive(Debug, Clone)]
pub struct Allow {
    pub paths: Vec<String>,
    pub symbols: Vec<String>,
    pub reason: String,
}

/// A value given to the files that match globs (`[[owners]]`,
/// `[[components]]`): the first rule that matches wins.
#[derive(Debug, Clone)]
pub struct PathRule {
    /// Globs over `root/path`.
    pub paths: Vec<String>,
    pub value: String,
}

/// Another meaning of the old word (`[[domains]]`): its occurrences keep it.
#[derive(Debug, Clone)]
pub struct Domain {
    /// The domain's name, a phrase such as `planning run`.
    pub name: String,
    /// The category its occurrences get (default: the name in upper snake
    /// case with `_DOMAIN`).
    pub category: String,
    /// Globs over `root/path` of files that belong to the domain.
    pub paths: Vec<String>,
    /// Globs over symbols (`PlanningRun.*`) and identifiers that belong to it.
    pub symbols: Vec<String>,
}

/// A category decided by hand (`[[decisions]]`) for the occurrences that
/// match every glob given.
#[derive(Debug, Clone)]
pub struct Decision {
    pub path: Option<String>,
    pub symbol: Option<String>,
    pub text: Option<String>,
    pub category: String,
    pub reason: String,
}

/// The globs of a `[[decisions]]` entry: an occurrence matches when every
/// glob given matches, as classification reads them: `path` over
/// `root/path`, `symbol` over the enclosing symbol (an occurrence without
/// one never matches it), `text` over the whole identifier or word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    pub path: Option<String>,
    pub symbol: Option<String>,
    pub text: Option<String>,
}

/// A [`Selector`] with its globs compiled.
pub struct Matcher {
    path: Option<GlobMatcher>,
    symbol: Option<GlobMatcher>,
    text: Option<GlobMatcher>,
}

impl Selector {
    /// Checks the globs (at least one) and compiles them.
    pub fn matcher(&self) -> Result<Matcher, Error> {
        if self.path.is_none() && self.symbol.is_none() && self.text.is_none() {
            return Err(Error::usage("a decision needs a glob to match")
                .help("give --symbol, --text or --path (a decision of every occurrence beats all evidence)"));
        }
        let compile = |glob: &Option<String>, key: &str| {
            glob.as_ref()
                .map(|g| {
                    Glob::new(g).map(|g| g.compile_matcher()).map_err(|e| {
                        Error::usage(format!("invalid {key} glob `{g}`: {e}"))
                            .help("globs use `*`, `**`, `?`, `[ab]` and `{a,b}`")
                    })
                })
                .transpose()
        };
        Ok(Matcher {
            path: compile(&self.path, "path")?,
            symbol: compile(&self.symbol, "symbol")?,
            text: compile(&self.text, "text")?,
        })
    }
}

impl Matcher {
    /// Whether an occurrence at `full_path` (`root/path`), in `symbol`,
    /// spelled `text`, matches every glob given.
    pub fn matches(&self, full_path: &str, symbol: Option<&str>, text: &str) -> bool {
        self.path.as_ref().is_none_or(|m| m.is_match(full_path))
            && self
                .symbol
                .as_ref()
                .is_none_or(|m| symbol.is_some_and(|s| m.is_match(s)))
            && self.text.as_ref().is_none_or(|m| m.is_match(text))
    }
}

/// A repository to scan.
#[derive(Debug, Clone)]
pub struct Root {
    pub name: String,
    pub path: PathBuf,
    /// Globs (relative to the root) a file must match, if any are given.
    pub include: Vec<String>,
    /// Globs (relative to the root) of files to skip, beside .gitignore.
    pub exclude: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    migration: Spanned<RawMigration>,
    roots: Option<Spanned<Vec<RawRoot>>>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    scan: RawScan,
    #[serde(default)]
    domains: Vec<Spanned<RawDomain>>,
    #[serde(default)]
    decisions: Vec<Spanned<RawDecision>>,
    #[serde(default)]
    renames: std::collections::BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    owners: Vec<Spanned<RawOwner>>,
    #[serde(default)]
    components: Vec<Spanned<RawComponent>>,
    #[serde(default)]
    allow: Vec<Spanned<RawAllow>>,
    #[serde(default)]
    report: ReportSettings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllow {
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    symbols: Vec<String>,
    reason: String,
}

/// The report's front matter (`[report]`): each field has a default made
/// from the migration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ReportSettings {
    pub title: Option<String>,
    pub ticket: Option<String>,
    pub status: Option<String>,
    pub topics: Option<Vec<String>>,
    pub doc_type: Option<String>,
    pub intent: Option<String>,
    pub owners: Option<Vec<String>>,
    pub external_sources: Option<Vec<String>>,
    pub summary: Option<String>,
    pub last_updated: Option<String>,
    pub what_for: Option<String>,
    pub when_to_use: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOwner {
    paths: Vec<String>,
    owner: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComponent {
    paths: Vec<String>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDomain {
    name: Spanned<String>,
    category: Option<String>,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    symbols: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    path: Option<String>,
    symbol: Option<String>,
    text: Option<String>,
    category: String,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMigration {
    from: Spanned<String>,
    to: Spanned<String>,
    from_plural: Option<Spanned<String>>,
    to_plural: Option<Spanned<String>>,
    kind: Option<MigrationKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoot {
    name: Spanned<String>,
    path: Spanned<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScan {
    max_file_size: Option<Spanned<u64>>,
    #[serde(default)]
    follow_links: bool,
}

impl Config {
    /// Reads and checks a configuration file. Root paths are relative to the
    /// file's folder.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let source = std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!("cannot read configuration {}: {e}", path.display())).help(
                "create one with `termshift init --from OLD --to NEW PATH...` (or scan without one: \
                 `termshift scan --from OLD --to NEW PATH...`), or pass --config FILE",
            )
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut config = Config::parse(&source, path, &base)?;
        config.exclude_own_files(path);
        config.scan_cache = Some(crate::scan::cache_path(path));
        Ok(config)
    }

    /// Keeps termshift's own files out of a root that holds them: the
    /// configuration, which names both words, and the `.termshift` folder
    /// beside it.
    fn exclude_own_files(&mut self, config_file: &Path) {
        let Ok(file) = std::fs::canonicalize(config_file) else {
            return;
        };
        for root in &mut self.roots {
            let Some(relative) = std::fs::canonicalize(&root.path)
                .ok()
                .and_then(|r| file.strip_prefix(r).ok().map(Path::to_path_buf))
            else {
                continue;
            };
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
            root.exclude.push(format!("/{relative}"));
            root.exclude.push(match folder {
                "" => "/.termshift/".to_string(),
                folder => format!("/{folder}/.termshift/"),
            });
        }
    }

    /// Parses configuration text; `file` names it in errors, `base` is the
    /// folder root paths are relative to.
    pub fn parse(source: &str, file: &Path, base: &Path) -> Result<Config, Error> {
        let at = |span: std::ops::Range<usize>| {
            format!("{}:{}", file.display(), line_of(source, span.start))
        };
        let raw: RawConfig = toml::from_str(source).map_err(|e| {
            let location = e
                .span()
                .map(&at)
                .unwrap_or_else(|| file.display().to_string());
            // serde names the unknown key first, then the ones it expected.
            let quoted: Vec<&str> = e.message().split('`').skip(1).step_by(2).collect();
            let hint = match quoted.split_first() {
                Some((unknown, expected)) if e.message().starts_with("unknown") => {
                    crate::error::did_you_mean(unknown, expected.iter().copied())
                }
                _ => String::new(),
            };
            Error::usage(format!("invalid configuration: {}", e.message()))
                .at(location)
                .help(hint +
                    "termshift.toml takes [migration] from/to (and from_plural, to_plural, kind = \
                     \"alias\" or \"rename\"), \
                     [[roots]] name/path/include/exclude, top-level include/exclude (written \
                     before the first [table]), [scan] max_file_size/follow_links, [[domains]] \
                     name/category/paths/symbols, [[decisions]] path/symbol/text/category/reason, \
                     [renames] NAME = \"new name\", [[owners]] paths/owner, [[components]] \
                     paths/name, [[allow]] paths/symbols/reason and [report] title/ticket/status/\
                     topics/doc_type/intent/owners/external_sources/summary/last_updated/what_for/\
                     when_to_use",
                )
        })?;
        let migration = raw.migration.get_ref();
        let term = |word: &Spanned<String>, plural: &Option<Spanned<String>>, key: &str| {
            Term::new(
                word.get_ref(),
                plural.as_ref().map(|p| p.get_ref().as_str()),
            )
            .map_err(|e| {
                Error::usage(format!("invalid `{key}` in [migration]: {e}"))
                    .at(at(word.span()))
                    .help("give one ASCII word or a few words (`run`, `planning_run`, `planning run`): termshift finds every spelling of the words itself")
            })
        };
        let from = term(&migration.from, &migration.from_plural, "from")?;
        let to = term(&migration.to, &migration.to_plural, "to")?;
        if from.words() == to.words() {
            return Err(Error::usage("`from` and `to` are the same word")
                .at(at(migration.to.span()))
                .help("set `to` to the new word"));
        }
        let raw_roots = match raw.roots {
            Some(roots) if !roots.get_ref().is_empty() => roots.into_inner(),
            _ => {
                return Err(Error::usage("the configuration names no repository")
                    .at(file.display().to_string())
                    .help("add a [[roots]] table with `name` and `path` (relative to the configuration file)"))
            }
        };
        let mut roots = Vec::new();
        for root in raw_roots {
            let name = root.name.get_ref().trim().to_string();
            // Outputs name a file `root/path`: a root's name is one part of it.
            let problem = if name.is_empty() {
                Some("is empty")
            } else if name.contains('/') {
                Some("holds a `/`, which would make `root/path` ambiguous")
            } else if roots.iter().any(|r: &Root| r.name == name) {
                Some("is used twice")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(Error::usage(format!("root name `{name}` {problem}"))
                    .at(at(root.name.span()))
                    .help("give each [[roots]] a unique `name` without `/`, such as `api` or `web-app`"));
            }
            check_globs(&root.include, &root.exclude).map_err(|e| e.at(at(root.path.span())))?;
            let path = base.join(root.path.get_ref());
            check_apart(&roots, &name, &path).map_err(|e| {
                e.at(at(root.path.span())).help(
                    "give each folder to one root only (to report part of a root apart, use [[components]])",
                )
            })?;
            roots.push(Root {
                name,
                path,
                include: [raw.include.clone(), root.include].concat(),
                exclude: [raw.exclude.clone(), root.exclude].concat(),
            });
        }
        check_globs(&raw.include, &raw.exclude).map_err(|e| e.at(file.display().to_string()))?;
        let max_file_size = match raw.scan.max_file_size {
            Some(size) if *size.get_ref() == 0 => {
                return Err(Error::usage("`max_file_size` must be more than 0")
                    .at(at(size.span()))
                    .help("give a size in bytes, e.g. 8388608 for 8 MiB"))
            }
            Some(size) => size.into_inner(),
            None => DEFAULT_MAX_FILE_SIZE,
        };
        let mut domains = Vec::new();
        for raw_domain in raw.domains {
            let span = raw_domain.span();
            let domain = raw_domain.into_inner();
            let name_span = domain.name.span();
            let name = domain.name.into_inner();
            // The category is made from the name's words: a name without
            // them would give every such domain the category `_DOMAIN`.
            let problem = if name.trim().is_empty() {
                Some(format!("domain name `{name}` is empty"))
            } else if domain.category.is_none() && upper_snake(&name).is_empty() {
                Some(format!(
                    "domain name `{name}` has no ASCII letter or digit to make its category of"
                ))
            } else if domain
                .category
                .as_deref()
                .is_some_and(|c| c.trim().is_empty())
            {
                Some(format!("domain `{name}` has an empty `category`"))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(
                    Error::usage(problem)
                        .at(at(name_span))
                        .help("give the domain a `name`, a phrase such as `planning run` (its category is then PLANNING_RUN_DOMAIN), or a `category` of its own"),
                );
            }
            check_globs(&domain.paths, &domain.symbols).map_err(|e| e.at(at(span.clone())))?;
            if domain.paths.is_empty() && domain.symbols.is_empty() {
                return Err(Error::usage(format!("domain `{name}` matches nothing"))
                    .at(at(span))
                    .help("give the domain `paths` or `symbols` globs"));
            }
            domains.push(Domain {
                category: domain
                    .category
                    .unwrap_or_else(|| format!("{}_DOMAIN", upper_snake(&name))),
                name,
                paths: domain.paths,
                symbols: domain.symbols,
            });
        }
        let known_categories = known_categories(migration.to.get_ref(), &domains);
        let mut decisions = Vec::new();
        for raw_decision in raw.decisions {
            let span = raw_decision.span();
            let d = raw_decision.into_inner();
            let globs: Vec<String> = [&d.path, &d.symbol, &d.text]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            if globs.is_empty() {
                return Err(Error::usage("a decision matches every occurrence")
                    .at(at(span))
                    .help("give the decision a `path`, `symbol` or `text` glob"));
            }
            check_globs(&globs, &[]).map_err(|e| e.at(at(span.clone())))?;
            if !known_categories.contains(&d.category) {
                return Err(Error::usage(format!(
                    "unknown category `{}` in a decision",
                    d.category
                ))
                .at(at(span))
                .help(format!(
                    "{}use one of {}",
                    crate::error::did_you_mean(
                        &d.category,
                        known_categories.iter().map(String::as_str)
                    ),
                    known_categories.join(", ")
                )));
            }
            decisions.push(Decision {
                path: d.path,
                symbol: d.symbol,
                text: d.text,
                category: d.category,
                reason: d.reason,
            });
        }
        let mut renames = Vec::new();
        for (name, new_name) in raw.renames {
            if new_name.get_ref().trim().is_empty() {
                return Err(Error::usage(format!("the new name for `{name}` is empty"))
                    .at(at(new_name.span()))
                    .help("give the name it should have, e.g. startRunForPrompt = \"startInferenceForPrompt\""));
            }
            renames.push((name, new_name.into_inner()));
        }
        let path_rules = |rules: Vec<(std::ops::Range<usize>, Vec<String>, String)>| {
            rules
                .into_iter()
                .map(|(span, paths, value)| {
                    check_globs(&paths, &[]).map_err(|e| e.at(at(span)))?;
                    Ok(PathRule { paths, value })
                })
                .collect::<Result<Vec<_>, Error>>()
        };
        let owners = path_rules(
            raw.owners
                .into_iter()
                .map(|o| {
                    let span = o.span();
                    let o = o.into_inner();
                    (span, o.paths, o.owner)
                })
                .collect(),
        )?;
        let components = path_rules(
            raw.components
                .into_iter()
                .map(|c| {
                    let span = c.span();
                    let c = c.into_inner();
                    (span, c.paths, c.name)
                })
                .collect(),
        )?;
        let mut allow = Vec::new();
        for raw_allow in raw.allow {
            let span = raw_allow.span();
            let a = raw_allow.into_inner();
            check_globs(&a.paths, &a.symbols).map_err(|e| e.at(at(span.clone())))?;
            if a.paths.is_empty() && a.symbols.is_empty() {
                return Err(Error::usage("an [[allow]] entry allows everything")
                    .at(at(span))
                    .help("give it `paths` or `symbols` globs, and a `reason`"));
            }
            allow.push(Allow {
                paths: a.paths,
                symbols: a.symbols,
                reason: a.reason,
            });
        }
        Ok(Config {
            from: migration.from.get_ref().clone(),
            to: migration.to.get_ref().clone(),
            kind: migration.kind,
            vocabulary: Vocabulary::new(vec![from, to]),
            roots,
            max_file_size,
            follow_links: raw.scan.follow_links,
            domains,
            decisions,
            renames,
            owners,
            components,
            allow,
            report: raw.report,
            scan_cache: None,
        })
    }

    /// Adds exclude globs to every root.
    pub fn exclude_everywhere(&mut self, globs: &[&str]) {
        for root in &mut self.roots {
            root.exclude.extend(globs.iter().map(|g| g.to_string()));
        }
    }

    /// The categories occurrences can get under this configuration.
    pub fn categories(&self) -> Vec<String> {
        known_categories(&self.to, &self.domains)
    }

    /// A configuration from the command line alone: the two words and the
    /// paths to scan, each a root named after its last component.
    pub fn quick(from: &str, to: &str, paths: &[PathBuf]) -> Result<Config, Error> {
        let term = |w: &str, flag: &str| {
            Term::new(w, None).map_err(|e| {
                Error::usage(format!("invalid {flag}: {e}"))
                    .help("give one ASCII word or a few words, e.g. --from run --to session: termshift finds every spelling of the words itself")
            })
        };
        let vocabulary = Vocabulary::new(vec![term(from, "--from")?, term(to, "--to")?]);
        let mut roots: Vec<Root> = Vec::new();
        for path in paths {
            // A file is scanned as itself within its folder, so that it is
            // named `folder/file` as in a scan of the folder.
            let (folder, include) = if path.is_file() {
                let folder = path
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let file = path
                    .file_name()
                    .map(|n| globset::escape(&n.to_string_lossy()))
                    .unwrap_or_default();
                (folder, Some(file))
            } else {
                (path.as_path(), None)
            };
            if let Some(file) = &include {
                let same = roots
                    .iter_mut()
                    .find(|r| r.path == folder && !r.include.is_empty());
                if let Some(root) = same {
                    root.include.push(file.clone());
                    continue;
                }
            }
            // A file's folder is named as it is on disk (`.` has no name).
            let named = match include {
                Some(_) => std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf()),
                None => folder.to_path_buf(),
            };
            let base = named
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| folder.display().to_string());
            let mut name = base.clone();
            let mut n = 2;
            while roots.iter().any(|r| r.name == name) {
                name = format!("{base}-{n}");
                n += 1;
            }
            check_apart(&roots, &name, folder)
                .map_err(|e| e.help("give paths of which none holds another"))?;
            roots.push(Root {
                name,
                path: folder.to_path_buf(),
                include: include.into_iter().collect(),
                exclude: Vec::new(),
            });
        }
        Ok(Config {
            from: from.to_string(),
            to: to.to_string(),
            kind: None,
            vocabulary,
            roots,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            follow_links: false,
            domains: Vec::new(),
            decisions: Vec::new(),
            renames: Vec::new(),
            owners: Vec::new(),
            components: Vec::new(),
            allow: Vec::new(),
            report: ReportSettings::default(),
            scan_cache: None,
        })
    }
}

/// Fails when the root `name` at `path` and a root of `roots` hold the same
/// files: each of their occurrences would be counted twice. A root in a
/// repository of its own inside another root (a submodule) holds files the
/// outer root does not read. A root that does not exist is left to the
/// check before the scan, which names it.
fn check_apart(roots: &[Root], name: &str, path: &Path) -> Result<(), Error> {
    let Ok(resolved) = std::fs::canonicalize(path) else {
        return Ok(());
    };
    for other in roots {
        let Ok(other_resolved) = std::fs::canonicalize(&other.path) else {
            continue;
        };
        let this = (name, path, &resolved);
        let that = (other.name.as_str(), other.path.as_path(), &other_resolved);
        let (inner, outer) = if resolved.starts_with(&other_resolved) {
            (this, that)
        } else if other_resolved.starts_with(&resolved) {
            (that, this)
        } else {
            continue;
        };
        let in_nested_repository = inner
            .2
            .ancestors()
            .take_while(|folder| folder != outer.2)
            .any(|folder| folder.join(".git").exists());
        if in_nested_repository {
            continue;
        }
        return Err(Error::usage(format!(
            "root `{}` ({}) lies within root `{}` ({}): its files would be counted twice",
            inner.0,
            inner.1.display(),
            outer.0,
            outer.1.display()
        )));
    }
    Ok(())
}

/// The categories a decision may give: the fixed ones, the two named for
/// the new word, and the configured domains'.
fn known_categories(to: &str, domains: &[Domain]) -> Vec<String> {
    let to = upper_snake(to);
    let mut known: Vec<String> = [
        "PROCESS_VERB",
        "GENERATED_FROM_PROTO",
        "GENERATED_CODE",
        "DOC_STALE",
        "NEEDS_REVIEW",
        "OTHER_PROGRAM",
        "OTHER_DOMAIN",
        "HISTORY",
    ]
    .iter()
    .map(|c| c.to_string())
    .collect();
    known.push(format!("LEGACY_{to}_ALIAS"));
    known.push(format!("TRUE_{to}_IDENTIFIER"));
    known.extend(domains.iter().map(|d| d.category.clone()));
    known
}

/// `planning run` -> `PLANNING_RUN`.
pub fn upper_snake(phrase: &str) -> String {
    phrase
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect::<Vec<_>>()
        .join("_")
}

/// The set of globs the configuration has already checked (a domain's, a
/// rule's, an allow entry's).
pub(crate) fn checked_glob_set(globs: &[String]) -> globset::GlobSet {
    let mut builder = globset::GlobSetBuilder::new();
    for g in globs {
        builder.add(globset::Glob::new(g).expect("checked with the configuration"));
    }
    builder
        .build()
        .unwrap_or_else(|_| globset::GlobSet::empty())
}

fn check_globs(include: &[String], exclude: &[String]) -> Result<(), Error> {
    for glob in include.iter().chain(exclude) {
        globset::Glob::new(glob).map_err(|e| {
            Error::usage(format!("invalid glob `{glob}`: {e}"))
                .help("globs use `*`, `**`, `?`, `[ab]` and `{a,b}`, relative to the root")
        })?;
    }
    Ok(())
}

/// 1-based line of a byte offset.
pub fn line_of(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset.min(source.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Config, Error> {
        Config::parse(source, Path::new("termshift.toml"), Path::new("/repo"))
    }

    #[test]
    fn a_root_holding_the_configuration_excludes_it_and_its_history() {
        let dir = tempfile::tempdir().unwrap();
        let tools = dir.path().join("repo/tools");
        std::fs::create_dir_all(&tools).unwrap();
        std::fs::create_dir_all(dir.path().join("other")).unwrap();
        let file = tools.join("termshift.toml");
        std::fs::write(
            &file,
            "[migration]\nfrom = \"run\"\nto = \"session\"\n\
             [[roots]]\nname = \"repo\"\npath = \"..\"\n\
             [[roots]]\nname = \"other\"\npath = \"../../other\"\n",
        )
        .unwrap();
        let config = Config::load(&file).unwrap();
        assert_eq!(
            config.roots[0].exclude,
            ["/tools/termshift.toml", "/tools/.termshift/"]
        );
        assert!(config.roots[1].exclude.is_empty());
    }

    #[test]
    fn reads_words_roots_and_globs() {
        let config = parse(
            "exclude = [\"**/dist/**\"]\n[migration]\nfrom = \"person\"\nfrom_plural = \"people\"\nto = \"member\"\n\
             [[roots]]\nname = \"api\"\npath = \"../api\"\ninclude = [\"src/**\"]\n",
        )
        .unwrap();
        assert_eq!(config.from, "person");
        assert_eq!(config.vocabulary.terms()[FROM].plural(), "people");
        assert_eq!(config.roots[0].path, Path::new("/repo/../api"));
        assert_eq!(config.roots[0].include, ["src/**"]);
        assert_eq!(config.roots[0].exclude, ["**/dist/**"]);
        assert_eq!(config.max_file_size, DEFAULT_MAX_FILE_SIZE);
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let err =
            parse("[migration]\nfrom = \"run\"\nto = \"session\"\nfrm = \"x\"\n").unwrap_err();
        assert_eq!(err.location.as_deref(), Some("termshift.toml:4"));
        assert!(err.title.contains("unknown field `frm`"), "{}", err.title);
        assert_eq!(err.exit_code, 2);
    }

    #[test]
    fn missing_roots_and_bad_words_are_explained() {
        let err = parse("[migration]\nfrom = \"run\"\nto = \"session\"\n").unwrap_err();
        assert!(err.title.contains("no repository"));
        let err = parse(
            "[migration]\nfrom = \"--\"\nto = \"session\"\n[[roots]]\nname=\"a\"\npath=\".\"\n",
        )
        .unwrap_err();
        assert_eq!(err.location.as_deref(), Some("termshift.toml:2"));
        let err = parse("[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname=\"a\"\npath=\".\"\n[[roots]]\nname=\"a\"\npath=\"b\"\n")
            .unwrap_err();
        assert_eq!(err.location.as_deref(), Some("termshift.toml:8"));
    }

    #[test]
    fn decisions_name_known_categories() {
        let base =
            "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname=\"a\"\npath=\".\"\n";
        let err = parse(&format!(
            "{base}[[decisions]]\ntext = \"RunID\"\ncategory = \"LEGACY_SESION_ALIAS\"\nreason = \"typo\"\n"
        ))
        .unwrap_err();
        assert_eq!(err.location.as_deref(), Some("termshift.toml:7"));
        assert!(err.title.contains("LEGACY_SESION_ALIAS"), "{}", err.title);
        assert!(err.help.unwrap().contains("LEGACY_SESSION_ALIAS"));
        let config = parse(&format!(
            "{base}[renames]\nstartRunForPrompt = \"startInferenceForPrompt\"\n[[owners]]\npaths = [\"a/web/**\"]\nowner = \"frontend\"\n"
        ))
        .unwrap();
        assert_eq!(config.renames[0].1, "startInferenceForPrompt");
        assert_eq!(config.owners[0].value, "frontend");
    }

    #[test]
    fn from_and_to_are_words_not_patterns() {
        let err = parse(
            "[migration]\nfrom = \"run\"\nto = \"sess.*ion\"\n[[roots]]\nname=\"a\"\npath=\".\"\n",
        )
        .unwrap_err();
        assert_eq!(err.location.as_deref(), Some("termshift.toml:3"));
        assert!(
            err.title.contains("`to`") && err.title.contains("holds `.`"),
            "{}",
            err.title
        );
        assert_eq!(err.exit_code, 2);
        let err = Config::quick("r[u]n", "session", &[]).unwrap_err();
        assert!(
            err.title.contains("--from") && err.title.contains("holds `[`"),
            "{}",
            err.title
        );
    }

    #[test]
    fn a_domain_has_a_name_to_make_its_category_of() {
        let base =
            "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname=\"a\"\npath=\".\"\n";
        for name in ["", " ", "!!"] {
            let err = parse(&format!(
                "{base}[[domains]]\nname = \"{name}\"\npaths = [\"a/**\"]\n"
            ))
            .unwrap_err();
            assert_eq!(
                err.location.as_deref(),
                Some("termshift.toml:8"),
                "{name:?}"
            );
            assert!(err.title.starts_with("domain name"), "{}", err.title);
        }
        let named = parse(&format!(
            "{base}[[domains]]\nname = \"!!\"\ncategory = \"BANG_DOMAIN\"\npaths = [\"a/**\"]\n"
        ))
        .unwrap();
        assert_eq!(named.domains[0].category, "BANG_DOMAIN");
    }

    #[test]
    fn a_root_name_is_one_part_of_a_path() {
        let root = |name: &str| {
            parse(&format!(
                "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname=\"{name}\"\npath=\".\"\n"
            ))
        };
        for name in ["a/b", "", " "] {
            let err = root(name).unwrap_err();
            assert_eq!(
                err.location.as_deref(),
                Some("termshift.toml:5"),
                "{name:?}"
            );
            assert!(err.help.unwrap().contains("without `/`"));
        }
        assert!(root("web-app").is_ok());
    }

    #[test]
    fn roots_do_not_hold_one_another() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("repo/docs")).unwrap();
        std::fs::create_dir_all(dir.path().join("other")).unwrap();
        let roots = |second: &str| {
            let source = format!(
                "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"repo\"\npath = \"repo\"\n[[roots]]\nname = \"second\"\npath = \"{second}\"\n"
            );
            Config::parse(&source, Path::new("termshift.toml"), dir.path())
        };
        for (second, inner, outer) in [
            ("repo/docs", "second", "repo"),
            (".", "repo", "second"),
            ("repo/./", "second", "repo"),
        ] {
            let err = roots(second).unwrap_err();
            assert_eq!(
                err.location.as_deref(),
                Some("termshift.toml:9"),
                "{second}"
            );
            assert_eq!(err.exit_code, 2);
            assert!(
                err.title.starts_with(&format!("root `{inner}` (")),
                "{}",
                err.title
            );
            assert!(
                err.title.contains(&format!("within root `{outer}`")),
                "{}",
                err.title
            );
        }
        assert!(roots("other").is_ok());
        // A submodule is a repository of its own, which the outer root
        // does not read.
        std::fs::create_dir_all(dir.path().join("repo/lib/.git")).unwrap();
        assert!(roots("repo/lib").is_ok());
        let paths = [dir.path().join("repo"), dir.path().join("repo/docs")];
        let err = Config::quick("run", "session", &paths).unwrap_err();
        assert!(err.title.contains("root `docs`") && err.title.contains("root `repo`"));
    }

    #[test]
    fn bad_glob_is_named() {
        let err = parse("[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname=\"a\"\npath=\".\"\nexclude=[\"a/{b\"]\n")
            .unwrap_err();
        assert!(err.title.contains("a/{b"), "{}", err.title);
    }
}
