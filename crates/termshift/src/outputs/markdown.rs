//! The inventory in Markdown: front matter, goal and context, the legend,
//! a section per category with rows grouped by component (lines of one
//! symbol and meaning merged into `:219-220` and `:13,34,46`), generated
//! files, verbs by pattern, stale docs, what needs review, the counts, the
//! flow of the main names, and the commands to query and verify. Every
//! order is stable, so the file diffs well in git.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::io::{self, Write};

use super::trace::main_flows;
use super::{category_order, legend, title, Report};
use crate::classify::{
    Categories, Confidence, Finding, Inventory, KindFound, DOC_STALE, GENERATED_CODE,
    GENERATED_FROM_PROTO, NEEDS_REVIEW, OTHER_DOMAIN, OTHER_PROGRAM, PROCESS_VERB,
};
use crate::config::Config;
use crate::syntax::Role;
use crate::words::capitalized;

/// How the rows of the category sections are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// A section per category (the inventory's layout), components inside.
    Category,
    /// A section per owner, categories inside.
    Owner,
    /// A section per root, categories inside.
    Repo,
}

/// The Markdown inventory of a configuration's scan.
pub struct Markdown<'c> {
    pub config: &'c Config,
    pub group_by: GroupBy,
}

/// One row of a category table: the lines of one file where one name has
/// one meaning and one proposed change.
struct Row {
    path: String,
    symbol: String,
    meaning: String,
    maps_to: String,
    proposed: String,
    breaking: String,
    owner: String,
    /// The weakest confidence of the row's decisions.
    confidence: Confidence,
    lines: Vec<u32>,
}

impl Report for Markdown<'_> {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        let config = self.config;
        let categories = Categories::of(config);
        let findings: Vec<&Finding> = inventory.findings.iter().collect();
        let counts = count_by_category(&findings);
        self.front_matter(&findings, &categories, out)?;
        let title = title(self.config);
        writeln!(out, "# {}\n", html(&title))?;
        writeln!(out, "## Goal\n")?;
        writeln!(
            out,
            "Provide a complete, classified inventory of all `{}` terminology across {}.\n",
            config.from,
            roots_phrase(config)
        )?;
        self.context(&findings, &categories, &counts, &inventory.kind, out)?;
        self.write_legend(&categories, &counts, out)?;
        if findings.is_empty() {
            writeln!(
                out,
                "---\n\nNo occurrence of `{}` or `{}` was found under the roots.\n",
                config.from, config.to
            )?;
        }
        match self.group_by {
            GroupBy::Category => self.by_category(&findings, &categories, out)?,
            GroupBy::Owner | GroupBy::Repo => self.by_group(&findings, &categories, out)?,
        }
        self.statistics(&categories, &counts, out)?;
        self.traces(inventory, &categories, out)?;
        self.usage(&categories, out)
    }
}

impl Markdown<'_> {
    fn front_matter(
        &self,
        findings: &[&Finding],
        categories: &Categories,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let r = &self.config.report;
        let (from, to) = (&self.config.from, &self.config.to);
        let list = |out: &mut dyn Write, key: &str, items: &[String]| -> io::Result<()> {
            if items.is_empty() {
                writeln!(out, "{key}: []")
            } else {
                writeln!(out, "{key}:")?;
                items
                    .iter()
                    .try_for_each(|i| writeln!(out, "    - {}", yaml(i)))
            }
        };
        writeln!(out, "---")?;
        writeln!(out, "Title: {}", yaml(&title(self.config)))?;
        writeln!(out, "Ticket: {}", yaml(r.ticket.as_deref().unwrap_or("")))?;
        writeln!(
            out,
            "Status: {}",
            yaml(r.status.as_deref().unwrap_or("active"))
        )?;
        let mut topics: Vec<String> = findings.iter().map(|f| f.owner.clone()).collect();
        topics.sort();
        topics.dedup();
        list(out, "Topics", r.topics.as_ref().unwrap_or(&topics))?;
        writeln!(
            out,
            "DocType: {}",
            yaml(r.doc_type.as_deref().unwrap_or("reference"))
        )?;
        writeln!(
            out,
            "Intent: {}",
            yaml(r.intent.as_deref().unwrap_or("long-term"))
        )?;
        list(out, "Owners", r.owners.as_deref().unwrap_or_default())?;
        writeln!(out, "RelatedFiles:")?;
        let hotspots = hotspots(findings, &categories.alias);
        if hotspots.is_empty() {
            writeln!(out, "    []")?;
        }
        for (path, names) in hotspots {
            writeln!(out, "    - Path: {}", yaml(&path))?;
            writeln!(out, "      Note: {}", yaml(&names.join(", ")))?;
        }
        list(
            out,
            "ExternalSources",
            r.external_sources.as_deref().unwrap_or_default(),
        )?;
        let summary = format!(
            "Complete classified inventory of all {from} terminology in {}.",
            roots_phrase(self.config).replace('`', "")
        );
        writeln!(
            out,
            "Summary: {}",
            yaml(r.summary.as_deref().unwrap_or(&summary))
        )?;
        writeln!(
            out,
            "LastUpdated: {}",
            yaml(r.last_updated.as_deref().unwrap_or(""))
        )?;
        let what_for = format!("Reference for {from}-to-{to} migration planning.");
        writeln!(
            out,
            "WhatFor: {}",
            yaml(r.what_for.as_deref().unwrap_or(&what_for))
        )?;
        let when =
            format!("Use when planning or implementing the {from} to {to} terminology migration.");
        writeln!(
            out,
            "WhenToUse: {}",
            yaml(r.when_to_use.as_deref().unwrap_or(&when))
        )?;
        writeln!(out, "---\n")
    }

    /// The meanings found: the alias and each domain, with their most
    /// frequent spellings and counts, and the kind of migration assumed.
    fn context(
        &self,
        findings: &[&Finding],
        categories: &Categories,
        counts: &BTreeMap<String, usize>,
        kind: &KindFound,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let (from, to) = (&self.config.from, &self.config.to);
        let mut meanings: Vec<(String, String)> = Vec::new();
        let spellings = |category: &str| {
            let mut by_text: HashMap<&str, usize> = HashMap::new();
            for f in findings.iter().filter(|f| f.category == category) {
                *by_text.entry(f.occurrence.text.as_str()).or_default() += 1;
            }
            let mut texts: Vec<(&str, usize)> = by_text.into_iter().collect();
            texts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            texts
                .into_iter()
                .take(3)
                .map(|(t, _)| code(t))
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let count = |c: &str| counts.get(c).copied().unwrap_or(0);
        if count(&categories.alias) > 0 {
            meanings.push((
                format!("Legacy {} alias", capitalized(to)),
                format!(
                    "{} as another name for `{to}` ({} occurrences)",
                    spellings(&categories.alias),
                    count(&categories.alias)
                ),
            ));
        }
        for domain in &self.config.domains {
            if count(&domain.category) > 0 {
                meanings.push((
                    capitalized(&domain.name),
                    format!(
                        "{} in the {} sense ({} occurrences)",
                        spellings(&domain.category),
                        domain.name,
                        count(&domain.category)
                    ),
                ));
            }
        }
        if count(OTHER_DOMAIN) > 0 {
            meanings.push((
                "Other meanings found in the code".to_string(),
                format!(
                    "{} under types of their own that never reach `{to}` ({} occurrences)",
                    spellings(OTHER_DOMAIN),
                    count(OTHER_DOMAIN)
                ),
            ));
        }
        if count(OTHER_PROGRAM) > 0 {
            meanings.push((
                "Other programs' names".to_string(),
                format!(
                    "{} of dependencies, CI services and other sites ({} occurrences)",
                    spellings(OTHER_PROGRAM),
                    count(OTHER_PROGRAM)
                ),
            ));
        }
        if count(PROCESS_VERB) > 0 {
            meanings.push((
                "The verb".to_string(),
                format!(
                    "\"{from}\" as an action ({} occurrences)",
                    count(PROCESS_VERB)
                ),
            ));
        }
        writeln!(out, "## Context\n")?;
        writeln!(
            out,
            "The code uses \"{from}\" in {} distinct sense{}:\n",
            meanings.len(),
            if meanings.len() == 1 { "" } else { "s" }
        )?;
        for (n, (name, what)) in meanings.iter().enumerate() {
            writeln!(out, "{}. **{name}**: {what}", n + 1)?;
        }
        writeln!(
            out,
            "\nThis inventory classifies every hit to enable targeted migration. It reads the \
             migration as {}.\n",
            kind.reason(from, to)
        )
    }

    fn write_legend(
        &self,
        categories: &Categories,
        counts: &BTreeMap<String, usize>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(out, "## Classification Legend\n")?;
        writeln!(out, "| Category | Description | Action |")?;
        writeln!(out, "|----------|-------------|--------|")?;
        for category in category_order(self.config, categories, counts) {
            let (description, action) = legend(self.config, categories, &category);
            writeln!(out, "| **{category}** | {description} | {action} |")?;
        }
        writeln!(out, "\n---\n")
    }

    fn by_category(
        &self,
        findings: &[&Finding],
        categories: &Categories,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let counts = count_by_category(findings);
        for category in category_order(self.config, categories, &counts) {
            if category == categories.identifier {
                continue;
            }
            let of: Vec<&Finding> = findings
                .iter()
                .copied()
                .filter(|f| f.category == category)
                .collect();
            let (_, action) = legend(self.config, categories, &category);
            writeln!(out, "## {category} ({action})\n")?;
            self.category_body(&category, &of, "###", out)?;
            writeln!(out, "---\n")?;
        }
        Ok(())
    }

    fn by_group(
        &self,
        findings: &[&Finding],
        categories: &Categories,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let key = |f: &Finding| match self.group_by {
            GroupBy::Owner => f.owner.clone(),
            _ => f.occurrence.repo.clone(),
        };
        let mut groups: Vec<String> = findings.iter().map(|f| key(f)).collect();
        groups.sort();
        groups.dedup();
        let word = if self.group_by == GroupBy::Owner {
            "Owner"
        } else {
            "Repository"
        };
        for group in groups {
            let of: Vec<&Finding> = findings
                .iter()
                .copied()
                .filter(|f| key(f) == group)
                .collect();
            writeln!(out, "## {word}: {group}\n")?;
            let counts = count_by_category(&of);
            for category in category_order(self.config, categories, &counts) {
                if category == categories.identifier {
                    continue;
                }
                let rows: Vec<&Finding> = of
                    .iter()
                    .copied()
                    .filter(|f| f.category == category)
                    .collect();
                writeln!(out, "### {category}\n")?;
                self.category_body(&category, &rows, "####", out)?;
            }
            writeln!(out, "---\n")?;
        }
        Ok(())
    }

    /// The tables of one category.
    fn category_body(
        &self,
        category: &str,
        findings: &[&Finding],
        heading: &str,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match category {
            GENERATED_FROM_PROTO | GENERATED_CODE => generated_table(findings, out),
            PROCESS_VERB => verb_table(findings, out),
            DOC_STALE => doc_table(findings, out),
            NEEDS_REVIEW => review_table(findings, out),
            _ => {
                let to = capitalized(&self.config.to);
                // Each component's findings, components in the order they
                // first come (one pass: a corpus has thousands of them).
                let mut components: Vec<(&str, Vec<&Finding>)> = Vec::new();
                let mut index: HashMap<&str, usize> = HashMap::new();
                for &f in findings {
                    let at = *index.entry(f.component.as_str()).or_insert_with(|| {
                        components.push((&f.component, Vec::new()));
                        components.len() - 1
                    });
                    components[at].1.push(f);
                }
                for (component, of) in components {
                    writeln!(out, "{heading} {}\n", html(component))?;
                    writeln!(
                        out,
                        "| Path | Symbol/Field | Current Meaning | Maps to {to}? | Proposed Change | Breaking? | Owner | Confidence |"
                    )?;
                    writeln!(
                        out,
                        "|------|--------------|-----------------|------------------|-----------------|-----------|-------|------------|"
                    )?;
                    for row in merged_rows(&of) {
                        let breaking = if row.breaking.starts_with("Yes") {
                            format!("**{}**", row.breaking)
                        } else {
                            row.breaking.clone()
                        };
                        let maps_to = if row.maps_to == "No" {
                            "**No**".to_string()
                        } else {
                            row.maps_to.clone()
                        };
                        writeln!(
                            out,
                            "| {} | {} | {} | {} | {} | {} | {} | {} |",
                            code(&format!("{}:{}", row.path, line_spans(&row.lines))),
                            row.symbol,
                            cell(&row.meaning),
                            maps_to,
                            cell(&row.proposed),
                            breaking,
                            cell(&row.owner),
                            row.confidence.as_str()
                        )?;
                    }
                    writeln!(out)?;
                }
                Ok(())
            }
        }
    }

    fn statistics(
        &self,
        categories: &Categories,
        counts: &BTreeMap<String, usize>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(out, "## Summary Statistics\n")?;
        writeln!(out, "| Category | Count | Action |")?;
        writeln!(out, "|----------|-------|--------|")?;
        for category in category_order(self.config, categories, counts) {
            let (_, action) = legend(self.config, categories, &category);
            writeln!(out, "| {category} | {} | {action} |", counts[&category])?;
        }
        writeln!(out, "\n---\n")
    }

    fn traces(
        &self,
        inventory: &Inventory,
        categories: &Categories,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let flows = main_flows(self.config, inventory, categories);
        if flows.is_empty() {
            return Ok(());
        }
        writeln!(out, "## Data Flow Traces\n")?;
        for (title, trace) in flows {
            writeln!(out, "### {title}\n")?;
            writeln!(out, "```")?;
            trace.write_box(out, None)?;
            writeln!(out, "```\n")?;
        }
        writeln!(out, "---\n")
    }

    fn usage(&self, categories: &Categories, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "## Usage Examples\n")?;
        writeln!(out, "### Querying This Inventory\n")?;
        writeln!(
            out,
            "To find all backend files that need {} migration:",
            self.config.to
        )?;
        writeln!(
            out,
            "```bash\ntermshift scan --category {} --owner backend\n```\n",
            categories.alias
        )?;
        writeln!(
            out,
            "To see why a line got its category, and where a name's value goes:"
        )?;
        writeln!(
            out,
            "```bash\ntermshift scan --explain PATH:LINE\ntermshift trace SYMBOL\n```\n"
        )?;
        writeln!(out, "### Verifying Migration Progress\n")?;
        writeln!(out, "After migration, re-run the gate and expect:")?;
        writeln!(out, "- Zero {} hits", categories.alias)?;
        for domain in &self.config.domains {
            writeln!(out, "- {} hits unchanged", domain.category)?;
        }
        writeln!(
            out,
            "- Documentation updated to {} terminology\n",
            self.config.to
        )?;
        writeln!(out, "```bash\ntermshift check\n```")
    }
}

fn count_by_category(findings: &[&Finding]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.category.clone()).or_default() += 1;
    }
    counts
}

/// The files with the most aliases, with the names they hold.
fn hotspots(findings: &[&Finding], alias: &str) -> Vec<(String, Vec<String>)> {
    const HOTSPOTS: usize = 8;
    const NAMES: usize = 3;
    let mut by_file: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.category == alias) {
        let o = &f.occurrence;
        by_file
            .entry(format!("{}/{}", o.repo, o.path))
            .or_default()
            .push(f);
    }
    let mut files: Vec<(String, Vec<&Finding>)> = by_file.into_iter().collect();
    files.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    files
        .into_iter()
        .take(HOTSPOTS)
        .map(|(path, of)| {
            let mut names: Vec<String> = Vec::new();
            for f in of {
                let name = symbol_field(f).replace('`', "");
                if !names.contains(&name) && names.len() < NAMES {
                    names.push(name);
                }
            }
            (path, names)
        })
        .collect()
}

/// Findings grouped by `key`, in the order of each group's first finding:
/// the key, that first finding and the lines of the group.
fn merge_lines<'f, K: Eq + Hash + Clone>(
    findings: &[&'f Finding],
    key: impl Fn(&Finding) -> K,
) -> Vec<(K, &'f Finding, Vec<u32>)> {
    let mut groups: Vec<(K, &Finding, Vec<u32>)> = Vec::new();
    let mut index: HashMap<K, usize> = HashMap::new();
    for &f in findings {
        let line = f.occurrence.line;
        let k = key(f);
        match index.get(&k) {
            Some(&i) => {
                if groups[i].2.last() != Some(&line) {
                    groups[i].2.push(line);
                }
            }
            None => {
                index.insert(k.clone(), groups.len());
                groups.push((k, f, vec![line]));
            }
        }
    }
    groups
}

/// The rows of a category table: one per file, name, meaning and change,
/// in the order of the first line.
fn merged_rows(findings: &[&Finding]) -> Vec<Row> {
    let key = |f: &Finding| {
        let o = &f.occurrence;
        (
            format!("{}/{}", o.repo, o.path),
            symbol_field(f),
            f.meaning.clone(),
            f.proposed.clone(),
        )
    };
    let mut weakest: HashMap<_, Confidence> = HashMap::new();
    for f in findings {
        let c = weakest.entry(key(f)).or_insert(f.confidence);
        *c = (*c).max(f.confidence);
    }
    merge_lines(findings, key)
        .into_iter()
        .map(|(k, f, lines)| (weakest[&k], k, f, lines))
        .map(
            |(confidence, (path, symbol, meaning, proposed), f, lines)| Row {
                path,
                symbol,
                meaning,
                maps_to: format!("{:?}", f.maps_to),
                proposed,
                // The contracts the role's meaning does not already say.
                breaking: match f.contract {
                    Some(
                        contract @ ("CLI flag"
                        | "environment variable"
                        | "config key"
                        | "build target"),
                    ) if f.breaking != crate::Breaking::None => {
                        format!("{} ({contract})", f.breaking.as_str())
                    }
                    _ => f.breaking.as_str().to_string(),
                },
                owner: f.owner.clone(),
                confidence,
                lines,
            },
        )
        .collect()
}

/// How a row names what it is about: the declared symbol, or the
/// identifier and where it is used.
fn symbol_field(f: &Finding) -> String {
    let o = &f.occurrence;
    match &o.symbol {
        Some(symbol) if symbol.rsplit('.').next() == Some(o.text.as_str()) => code(symbol),
        Some(symbol) => format!("{} in {}", code(&o.text), code(symbol)),
        None => code(&o.text),
    }
}

fn generated_table(findings: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| Path | Category | Notes |")?;
    writeln!(out, "|------|----------|-------|")?;
    let mut by_file: BTreeMap<String, (&Finding, usize)> = BTreeMap::new();
    for f in findings {
        let o = &f.occurrence;
        by_file
            .entry(format!("{}/{}", o.repo, o.path))
            .or_insert((f, 0))
            .1 += 1;
    }
    for (path, (f, count)) in by_file {
        let note = f.reasons.first().map(String::as_str).unwrap_or_default();
        writeln!(
            out,
            "| {} | {} | {} ({count} occurrences) |",
            code(&path),
            f.category,
            cell(note)
        )?;
    }
    writeln!(out)
}

/// Verbs by pattern: the command (`go run`), verb-first functions, options,
/// prose; each with a count and examples.
fn verb_table(findings: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    let mut patterns: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    for f in findings {
        let o = &f.occurrence;
        let pattern = if o.role.is_function() {
            "Function names".to_string()
        } else if o.context.subcommand {
            code(&format!(
                "{} {}",
                o.context.before().next().unwrap_or(""),
                o.word.to_lowercase()
            ))
        } else if o.context.option {
            format!("{} options", code(&format!("-{}", o.word.to_lowercase())))
        } else if matches!(o.role, Role::LogMessage | Role::StringLiteral) {
            "Messages".to_string()
        } else {
            "Comments and docs".to_string()
        };
        let entry = patterns.entry(pattern).or_default();
        entry.0 += 1;
        let example = if entry.1.len() < 3 {
            if o.role.is_function() {
                code(&o.text)
            } else {
                code(&format!("{}/{}:{}", o.repo, o.path, o.line))
            }
        } else {
            String::new()
        };
        if !example.is_empty() && !entry.1.contains(&example) {
            entry.1.push(example);
        }
    }
    writeln!(out, "| Pattern | Count | Examples |")?;
    writeln!(out, "|---------|-------|----------|")?;
    for (pattern, (count, examples)) in patterns {
        writeln!(out, "| {pattern} | {count} | {} |", examples.join(", "))?;
    }
    writeln!(out)
}

fn doc_table(findings: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| Path | Issue | Proposed Change |")?;
    writeln!(out, "|------|-------|-----------------|")?;
    let key = |f: &Finding| {
        let o = &f.occurrence;
        let issue = if o.text.eq_ignore_ascii_case(&o.word) {
            format!("\"{}\" in {}", html(&o.text), role_phrase(o.role))
        } else {
            format!("{} in {}", code(&o.text), role_phrase(o.role))
        };
        (format!("{}/{}", o.repo, o.path), issue, f.proposed.clone())
    };
    for ((path, issue, proposed), _, lines) in merge_lines(findings, key) {
        writeln!(
            out,
            "| {} | {} | {} |",
            code(&format!("{path}:{}", line_spans(&lines))),
            cell(&issue),
            cell(&proposed)
        )?;
    }
    writeln!(out)
}

fn review_table(findings: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| Path | Symbol/Field | Best Guess | Reasons |")?;
    writeln!(out, "|------|--------------|------------|---------|")?;
    for f in findings {
        let o = &f.occurrence;
        let guess = f
            .suggested_domain
            .as_ref()
            .map(|owner| format!("a domain: {}", code(owner)))
            .unwrap_or_else(|| match f.maps_to {
                crate::classify::MapsTo::Mixed => "two meanings meet here".to_string(),
                _ => f.proposed.clone(),
            });
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(&format!("{}/{}:{}", o.repo, o.path, o.line)),
            symbol_field(f),
            cell(&guess),
            cell(&f.reasons.join("; "))
        )?;
    }
    writeln!(out)
}

fn role_phrase(role: Role) -> &'static str {
    match role {
        Role::Comment => "a comment",
        Role::MarkdownHeading => "a heading",
        Role::MarkdownCodeSpan => "inline code",
        Role::MarkdownCodeBlock => "a code block",
        Role::MarkdownProse => "prose",
        _ => "documented code",
    }
}

/// Lines as the inventory writes them: `219-220`, `13,34,46,59`,
/// `106,123-124`.
pub fn line_spans(lines: &[u32]) -> String {
    let mut sorted = lines.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut spans: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        spans.push(if end > start {
            format!("{start}-{end}")
        } else {
            start.to_string()
        });
        i += 1;
    }
    spans.join(",")
}

/// Text safe in a table cell: no pipes, no line breaks, no HTML a
/// renderer would run (`<img onerror=...>` in a name, an owner).
pub(super) fn cell(text: &str) -> String {
    html(text).replace('|', "\\|").replace('\n', " ")
}

/// Text with the characters HTML gives a meaning escaped, and no control
/// characters.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// A code span around any text: fenced by more backticks than the text
/// holds in a row (spaced where it starts or ends with one), a pipe
/// escaped for a table, a line break as a space. A code span shows `<` as
/// itself: nothing in it runs.
pub(super) fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .replace('\n', " ")
        .replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A YAML scalar: quoted when plain text would be misread.
fn yaml(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with([':', ' ']);
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn roots_phrase(config: &Config) -> String {
    let names: Vec<String> = config.roots.iter().map(|r| code(&r.name)).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_merge_into_ranges_and_lists() {
        assert_eq!(line_spans(&[220, 219]), "219-220");
        assert_eq!(line_spans(&[13, 34, 46, 59]), "13,34,46,59");
        assert_eq!(line_spans(&[106, 123, 124, 124]), "106,123-124");
    }

    #[test]
    fn yaml_quotes_only_what_needs_it() {
        assert_eq!(yaml("Run to Session Inventory"), "Run to Session Inventory");
        assert_eq!(yaml("a: b"), "\"a: b\"");
        assert_eq!(yaml(""), "\"\"");
        assert_eq!(yaml("`x`"), "\"`x`\"");
    }
}
