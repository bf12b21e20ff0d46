//! One JSON document for the whole inventory: the migration, the roots, the
//! counts, every finding and the warnings, for tools that want one value
//! rather than a stream. Its schema is documented in README.md.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::Serialize;

use super::Report;
use crate::classify::{Finding, Inventory};
use crate::config::Config;

/// The whole inventory as one JSON document.
pub struct JsonReport {
    from: String,
    to: String,
    /// Name and path of each root, in the configuration's order.
    roots: Vec<(String, String)>,
    /// Every category the configuration can give, so that a count of zero
    /// is written rather than left out.
    categories: Vec<String>,
}

impl JsonReport {
    /// The version of the document's shape. It changes only when a field is
    /// renamed, removed or changes meaning; new fields keep it.
    pub const SCHEMA_VERSION: u32 = 1;

    /// A report of an inventory scanned under `config`, which gives the
    /// migration, the roots and the categories counted.
    pub fn new(config: &Config) -> JsonReport {
        JsonReport {
            from: config.from.clone(),
            to: config.to.clone(),
            roots: config
                .roots
                .iter()
                .map(|r| (r.name.clone(), r.path.display().to_string()))
                .collect(),
            categories: config.categories(),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    migration: Migration<'a>,
    roots: Vec<RootEntry<'a>>,
    summary: Counts<'a>,
    /// The same serialization as JSON Lines, so the field names cannot
    /// drift between the two.
    findings: &'a [Finding],
    warnings: Vec<WarningEntry<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Migration<'a> {
    from: &'a str,
    to: &'a str,
    /// `alias` or `rename`: how the classification read the migration.
    kind: &'static str,
    /// Why that kind, in a sentence.
    kind_reason: String,
}

#[derive(Serialize)]
struct RootEntry<'a> {
    name: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct Counts<'a> {
    /// Findings per category, by name.
    categories: BTreeMap<&'a str, usize>,
    total: usize,
    /// Files that hold at least one finding.
    files: usize,
}

#[derive(Serialize)]
struct WarningEntry<'a> {
    path: &'a str,
    message: &'a str,
}

impl Report for JsonReport {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        let findings = &inventory.findings;
        let mut categories: BTreeMap<&str, usize> =
            self.categories.iter().map(|c| (c.as_str(), 0)).collect();
        for finding in findings {
            *categories.entry(finding.category.as_str()).or_default() += 1;
        }
        let files = findings
            .iter()
            .map(|f| (&f.occurrence.repo, &f.occurrence.path))
            .collect::<BTreeSet<_>>()
            .len();
        let scan = &inventory.scan;
        let mut warnings: Vec<WarningEntry> = scan
            .warnings
            .iter()
            .chain(&scan.binary_files)
            .map(|w| WarningEntry {
                path: &w.path,
                message: &w.message,
            })
            .collect();
        // The scan sorts warnings by path only; two about one path come
        // from different threads in any order, and binary files are listed
        // apart.
        warnings.sort_by(|a, b| (a.path, a.message).cmp(&(b.path, b.message)));
        let document = Document {
            schema_version: JsonReport::SCHEMA_VERSION,
            tool: Tool {
                name: "termshift",
                version: env!("CARGO_PKG_VERSION"),
            },
            migration: Migration {
                from: &self.from,
                to: &self.to,
                kind: inventory.kind.kind.name(),
                kind_reason: inventory.kind.reason(&self.from, &self.to),
            },
            roots: self
                .roots
                .iter()
                .map(|(name, path)| RootEntry { name, path })
                .collect(),
            summary: Counts {
                categories,
                total: findings.len(),
                files,
            },
            findings,
            warnings,
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        out.write_all(b"\n")
    }
}
