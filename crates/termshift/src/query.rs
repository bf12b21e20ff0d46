//! Filters over an inventory, the same for every command that prints one:
//! by category, owner, root, breaking level, path and symbol globs. "Every
//! backend file that must migrate" is one query in any format.

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::classify::{Breaking, Finding, Inventory};
use crate::error::Error;

/// What to keep. An empty list keeps everything; several values of one
/// filter are alternatives, different filters must all hold.
#[derive(Debug, Default)]
pub struct Query {
    categories: Vec<String>,
    owners: Vec<String>,
    repos: Vec<String>,
    breaking: Vec<Breaking>,
    /// Over `root/path`.
    paths: Option<GlobSet>,
    /// Over the symbol, or the occurrence's text when it has none.
    symbols: Option<GlobSet>,
}

/// The values of each filter, as given on the command line.
#[derive(Debug, Default, Clone)]
pub struct QueryText {
    pub categories: Vec<String>,
    pub owners: Vec<String>,
    pub repos: Vec<String>,
    pub breaking: Vec<String>,
    pub paths: Vec<String>,
    pub symbols: Vec<String>,
}

impl Query {
    /// Checks and compiles the filters; `known` are the categories the
    /// configuration can give.
    pub fn new(text: &QueryText, known: &[String]) -> Result<Query, Error> {
        if let Some(unknown) = text
            .categories
            .iter()
            .find(|c| !known.contains(&c.to_ascii_uppercase()))
        {
            return Err(
                Error::usage(format!("unknown category `{unknown}`")).help(format!(
                    "{}use one of {}",
                    crate::error::did_you_mean(unknown, known.iter().map(String::as_str)),
                    known.join(", ")
                )),
            );
        }
        let globs = |globs: &[String], flag: &str| -> Result<Option<GlobSet>, Error> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut builder = GlobSetBuilder::new();
            for g in globs {
                builder.add(Glob::new(g).map_err(|e| {
                    Error::usage(format!("invalid {flag} glob `{g}`: {e}"))
                        .help("globs use `*`, `**`, `?`, `[ab]` and `{a,b}`")
                })?);
            }
            builder
                .build()
                .map(Some)
                .map_err(|e| Error::usage(format!("invalid {flag} globs: {e}")))
        };
        let breaking = text
            .breaking
            .iter()
            .map(|b| {
                Breaking::parse(b).ok_or_else(|| {
                    Error::usage(format!("unknown breaking level `{b}`"))
                        .help("use none, internal, low, yes, schema or proto")
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Query {
            categories: text
                .categories
                .iter()
                .map(|c| c.to_ascii_uppercase())
                .collect(),
            owners: text.owners.clone(),
            repos: text.repos.clone(),
            breaking,
            paths: globs(&text.paths, "--path")?,
            symbols: globs(&text.symbols, "--symbol")?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
            && self.owners.is_empty()
            && self.repos.is_empty()
            && self.breaking.is_empty()
            && self.paths.is_none()
            && self.symbols.is_none()
    }

    pub fn matches(&self, f: &Finding) -> bool {
        let o = &f.occurrence;
        let any =
            |values: &[String], value: &str| values.is_empty() || values.iter().any(|v| v == value);
        any(&self.categories, &f.category)
            && any(&self.owners, &f.owner)
            && any(&self.repos, &o.repo)
            && (self.breaking.is_empty() || self.breaking.contains(&f.breaking))
            && self
                .paths
                .as_ref()
                .is_none_or(|p| p.is_match(format!("{}/{}", o.repo, o.path)))
            && self
                .symbols
                .as_ref()
                .is_none_or(|s| s.is_match(o.symbol.as_deref().unwrap_or(&o.text)))
    }
}

impl Inventory {
    /// Keeps the findings a query matches.
    pub fn retain(&mut self, query: &Query) {
        if !query.is_empty() {
            self.findings.retain(|f| query.matches(f));
        }
    }
}
