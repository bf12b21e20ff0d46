//! The gate for CI: occurrences of denied categories (by default the alias
//! and stale docs) that no `[[allow]]` entry accepts and no baseline
//! already knows. A baseline matches occurrences by root, path, symbol and
//! text, so lines that move do not count as new; it is checked against the
//! configuration it was written for.
//!
//! The gate also says what the plan keeps as it is ([`Gate::shims`]): what
//! `[[allow]]` accepts, with the identifiers an allowed shim uses, and the
//! shims a name declares itself ([`named_shims`]: a field or variable whose
//! name says legacy, deprecated, compat..., the key on its line, its uses),
//! which `plan::shims` keeps under compat and removes under hard-cut. So
//! `plan` and `check` agree on what a shim is.

use std::collections::HashMap;
use std::path::Path;

use globset::GlobSet;
use serde::{Deserialize, Serialize};

use crate::classify::{Categories, Finding, Inventory, DOC_STALE};
use crate::config::{checked_glob_set, Config};
use crate::error::Error;
use crate::scan::TermSide;
use crate::syntax::{Lang, Role};

/// Bumped when a baseline written before cannot be read the same way.
const BASELINE_VERSION: u32 = 1;

/// What the gate decides about an inventory.
#[derive(Debug)]
pub struct Verdict<'i> {
    /// Denied occurrences that remain: the gate fails on these.
    pub violations: Vec<&'i Finding>,
    /// Denied occurrences an `[[allow]]` entry accepts (or that a shim it
    /// accepts uses), with the reason.
    pub allowed: Vec<(&'i Finding, String)>,
    /// Denied occurrences the baseline already knows.
    pub baselined: Vec<&'i Finding>,
}

/// The gate: which categories it denies and what it allows.
pub struct Gate<'c> {
    denied: Vec<String>,
    allow: Vec<(Option<GlobSet>, Option<GlobSet>, &'c str)>,
}

impl<'c> Gate<'c> {
    /// A gate denying `deny`, or by default the alias and `DOC_STALE`.
    pub fn new(config: &'c Config, deny: &[String]) -> Result<Gate<'c>, Error> {
        let known = config.categories();
        let denied: Vec<String> = if deny.is_empty() {
            vec![Categories::of(config).alias, DOC_STALE.to_string()]
        } else {
            deny.iter().map(|c| c.to_ascii_uppercase()).collect()
        };
        if let Some(unknown) = denied.iter().find(|c| !known.contains(c)) {
            return Err(
                Error::usage(format!("unknown category `{unknown}` to deny")).help(format!(
                    "{}use one of {}",
                    crate::error::did_you_mean(unknown, known.iter().map(String::as_str)),
                    known.join(", ")
                )),
            );
        }
        let set = |globs: &[String]| (!globs.is_empty()).then(|| checked_glob_set(globs));
        Ok(Gate {
            denied,
            allow: config
                .allow
                .iter()
                .map(|a| (set(&a.paths), set(&a.symbols), a.reason.as_str()))
                .collect(),
        })
    }

    pub fn denied(&self) -> &[String] {
        &self.denied
    }

    /// The reason an `[[allow]]` entry gives for a finding, if one accepts it.
    pub fn allowed(&self, f: &Finding) -> Option<&'c str> {
        let o = &f.occurrence;
        let path = format!("{}/{}", o.repo, o.path);
        let symbol = o.symbol.as_deref().unwrap_or(&o.text);
        self.allow.iter().find_map(|(paths, symbols, reason)| {
            let path_ok = paths.as_ref().is_none_or(|p| p.is_match(&path));
            let symbol_ok = symbols
                .as_ref()
                .is_none_or(|s| s.is_match(symbol) || s.is_match(&o.text));
            (path_ok && symbol_ok).then_some(*reason)
        })
    }

    /// Per finding: why it stays as it is, if it does: an `[[allow]]`
    /// entry accepts it, or it is an identifier an accepted one uses (the
    /// same name in the flow graph), without which the shim would not
    /// compile. Keys and routes a shim reads are not kept: they compile
    /// either way.
    pub fn shims(&self, inventory: &Inventory) -> Vec<Option<String>> {
        let findings = &inventory.findings;
        let mut users: HashMap<usize, String> = HashMap::new();
        let mut reasons: Vec<Option<String>> = findings
            .iter()
            .map(|f| {
                let reason = self.allowed(f)?;
                let o = &f.occurrence;
                if let Some(node) = f.node.filter(|_| o.role.is_identifier()) {
                    users
                        .entry(node)
                        .or_insert_with(|| format!("{}/{}:{}", o.repo, o.path, o.line));
                }
                Some(reason.to_string())
            })
            .collect();
        for (f, reason) in findings.iter().zip(&mut reasons) {
            let shim = f
                .node
                .filter(|_| f.occurrence.role.is_identifier())
                .and_then(|n| users.get(&n));
            if let (None, Some(shim)) = (&reason, shim) {
                *reason = Some(format!("the allowed shim at {shim} uses this name"));
            }
        }
        reasons
    }

    /// The denied findings, then what is allowed, in the baseline, or left.
    pub fn judge<'i>(&'c self, inventory: &'i Inventory, baseline: Option<&Baseline>) -> Verdict<'i>
    where
        'c: 'i,
    {
        let mut known: HashMap<(&str, &str, &str, &str), usize> = HashMap::new();
        if let Some(b) = baseline {
            for e in &b.entries {
                *known
                    .entry((
                        e.repo.as_str(),
                        e.path.as_str(),
                        e.symbol.as_str(),
                        e.text.as_str(),
                    ))
                    .or_default() += e.count;
            }
        }
        let mut verdict = Verdict {
            violations: Vec::new(),
            allowed: Vec::new(),
            baselined: Vec::new(),
        };
        let named = named_shims(inventory);
        let shims = self
            .shims(inventory)
            .into_iter()
            .zip(named)
            .map(|(allowed, named)| allowed.or(named.map(|(why, _)| why)));
        for (f, shim) in inventory
            .findings
            .iter()
            .zip(shims)
            .filter(|(f, _)| self.denied.contains(&f.category))
        {
            if let Some(reason) = shim {
                verdict.allowed.push((f, reason));
                continue;
            }
            let o = &f.occurrence;
            let key = (
                o.repo.as_str(),
                o.path.as_str(),
                o.symbol.as_deref().unwrap_or(""),
                o.text.as_str(),
            );
            match known.get_mut(&key) {
                Some(left) if *left > 0 => {
                    *left -= 1;
                    verdict.baselined.push(f);
                }
                _ => verdict.violations.push(f),
            }
        }
        verdict
    }
}

/// Words by which a name says it is kept for old clients.
const SHIM_MARKERS: &[&str] = &["legacy", "deprecated", "compat", "backcompat", "obsolete"];

/// Whether a name says it is kept for old clients (`LegacyRunID`,
/// `deprecated_run_id`).
fn names_a_shim(name: &str) -> bool {
    crate::words::split_words(name)
        .into_iter()
        .any(|w| SHIM_MARKERS.contains(&name[w].to_ascii_lowercase().as_str()))
}

/// Per finding: the backward-compatibility shim it belongs to, when a
/// name says it is one, with why and the index of the shim's declaration.
/// A shim is a declaration whose name says so (`LegacyRunID string
/// \`json:"run_id"\``: it exists to read old payloads), the old word on its
/// line (the key it reads), and the names that use it (the same name in
/// the flow graph, or the same text in its file).
pub fn named_shims(inventory: &Inventory) -> Vec<Option<(String, usize)>> {
    let findings = &inventory.findings;
    let mut named = vec![None; findings.len()];
    let code = |f: &Finding| {
        let o = &f.occurrence;
        o.term == TermSide::From && !o.role.is_prose() && o.language != Lang::Markdown
    };
    let declarations: Vec<usize> = (0..findings.len())
        .filter(|&i| {
            let o = &findings[i].occurrence;
            // A value kept for old readers: a field, a variable or a
            // constant (a function named so is a test of the shim, or
            // code of its own).
            code(&findings[i])
                && matches!(o.role, Role::FieldDeclaration | Role::VariableDeclaration)
                && names_a_shim(&o.text)
        })
        .collect();
    if declarations.is_empty() {
        return named;
    }
    // Where a shim's key and uses can be: its file, and its name elsewhere.
    let mut by_file: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter().enumerate().filter(|(_, f)| code(f)) {
        let o = &f.occurrence;
        by_file.entry((&o.repo, &o.path)).or_default().push(i);
        by_text.entry(&o.text).or_default().push(i);
    }
    for &d in &declarations {
        let shim = &findings[d].occurrence;
        let in_file = &by_file[&(shim.repo.as_str(), shim.path.as_str())];
        let candidates = in_file.iter().chain(&by_text[shim.text.as_str()]);
        for &i in candidates {
            let f = &findings[i];
            let o = &f.occurrence;
            if named[i].is_some() || o.repo != shim.repo {
                continue;
            }
            let same_file = o.path == shim.path;
            let why = if i == d {
                format!(
                    "`{}` is a backward-compatibility shim: its name says so",
                    shim.text
                )
            } else if same_file && o.line == shim.line {
                format!("the key the shim `{}` reads", shim.text)
            } else if o.text == shim.text
                && (same_file || f.node.is_some() && f.node == findings[d].node)
            {
                format!(
                    "uses the backward-compatibility shim `{}` ({}/{}:{})",
                    shim.text, shim.repo, shim.path, shim.line
                )
            } else {
                continue;
            };
            named[i] = Some((why, d));
        }
    }
    named
}

/// The denied occurrences accepted as they are, to fail only on new ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub schema_version: u32,
    /// The migration it was written for.
    pub from: String,
    pub to: String,
    /// The roots it was written for.
    pub roots: Vec<String>,
    pub entries: Vec<BaselineEntry>,
}

/// Occurrences of one text, with one symbol, in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub repo: String,
    pub path: String,
    /// The enclosing symbol, empty when there is none.
    pub symbol: String,
    pub text: String,
    pub category: String,
    pub count: usize,
}

impl Baseline {
    /// The baseline of a verdict's violations (what remains now).
    pub fn of(config: &Config, violations: &[&Finding]) -> Baseline {
        let mut entries: Vec<BaselineEntry> = Vec::new();
        for f in violations {
            let o = &f.occurrence;
            let symbol = o.symbol.clone().unwrap_or_default();
            match entries.iter_mut().find(|e| {
                e.repo == o.repo && e.path == o.path && e.symbol == symbol && e.text == o.text
            }) {
                Some(e) => e.count += 1,
                None => entries.push(BaselineEntry {
                    repo: o.repo.clone(),
                    path: o.path.clone(),
                    symbol,
                    text: o.text.clone(),
                    category: f.category.clone(),
                    count: 1,
                }),
            }
        }
        Baseline {
            schema_version: BASELINE_VERSION,
            from: config.from.clone(),
            to: config.to.clone(),
            roots: config.roots.iter().map(|r| r.name.clone()).collect(),
            entries,
        }
    }

    /// Reads a baseline and checks that it belongs to this configuration.
    pub fn load(path: &Path, config: &Config) -> Result<Baseline, Error> {
        let rewrite = "write a new one with `termshift check --write-baseline FILE`";
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!("cannot read baseline {}: {e}", path.display())).help(rewrite)
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            Error::usage(format!(
                "{} is not a termshift baseline: {e}",
                path.display()
            ))
            .help(rewrite)
        })?;
        if baseline.schema_version != BASELINE_VERSION {
            return Err(Error::usage(format!(
                "baseline {} has schema version {}; this termshift reads {BASELINE_VERSION}",
                path.display(),
                baseline.schema_version
            ))
            .help(rewrite));
        }
        if (baseline.from.as_str(), baseline.to.as_str())
            != (config.from.as_str(), config.to.as_str())
        {
            return Err(Error::usage(format!(
                "baseline {} was written for `{}` -> `{}`, the configuration migrates `{}` -> `{}`",
                path.display(),
                baseline.from,
                baseline.to,
                config.from,
                config.to
            ))
            .help(rewrite));
        }
        let roots: Vec<&str> = config.roots.iter().map(|r| r.name.as_str()).collect();
        if let Some(gone) = baseline.roots.iter().find(|r| !roots.contains(&r.as_str())) {
            return Err(Error::usage(format!(
                "baseline {} names the root `{gone}`, which the configuration no longer has",
                path.display()
            ))
            .help(format!("restore the root in termshift.toml, or {rewrite}")));
        }
        Ok(baseline)
    }
}
