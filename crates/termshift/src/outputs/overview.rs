//! The inventory in a few lines, for a terminal: how many occurrences in
//! how many files, each category's count with what to do about it, and
//! what needs a person (what the gate denies, what is left to review).
//! The full inventory is a document for a file (`Markdown`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use anstyle::Style;

use super::width::{truncate, width, wrap};
use super::{category_order, legend, printable, title, Report};
use crate::classify::{Categories, Inventory, NEEDS_REVIEW};
use crate::config::Config;
use crate::gate::Gate;

/// The overview of an inventory.
pub struct Overview<'c> {
    pub config: &'c Config,
    /// The gate whose denied occurrences need a person (`check`'s).
    pub gate: &'c Gate<'c>,
    /// The terminal's width, which the sentences wrap to and the actions
    /// are cut to.
    pub width: Option<usize>,
}

const BOLD: Style = Style::new().bold();

impl Report for Overview<'_> {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        let config = self.config;
        let categories = Categories::of(config);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for f in &inventory.findings {
            *counts.entry(f.category.clone()).or_default() += 1;
        }
        let files = |findings: &mut dyn Iterator<Item = &crate::classify::Finding>| {
            findings
                .map(|f| (&f.occurrence.repo, &f.occurrence.path))
                .collect::<BTreeSet<_>>()
                .len()
        };
        let roots: Vec<&str> = config.roots.iter().map(|r| r.name.as_str()).collect();
        let sentence = |out: &mut dyn Write, text: &str| -> io::Result<()> {
            let text = printable(text);
            let lines = match self.width {
                Some(width) => wrap(&text, width, width),
                None => vec![text],
            };
            lines.iter().try_for_each(|line| writeln!(out, "{line}"))
        };
        sentence(
            out,
            &format!(
                "{}: {} occurrences of `{}` and `{}` in {} files of {}.",
                title(config),
                inventory.findings.len(),
                config.from,
                config.to,
                files(&mut inventory.findings.iter()),
                roots.join(", ")
            ),
        )?;
        let order = category_order(config, &categories, &counts);
        let widest = order
            .iter()
            .map(|c| width(&printable(c)))
            .max()
            .unwrap_or(0);
        let digits = counts.values().max().map_or(1, |n| n.to_string().len());
        writeln!(out)?;
        for category in &order {
            let (_, action) = legend(config, &categories, category);
            // The category and its count whole, the action cut to fit.
            let action = match self.width {
                Some(w) => truncate(&action, w.saturating_sub(2 + widest + 2 + digits + 2)),
                None => action,
            };
            writeln!(
                out,
                "  {BOLD}{}{BOLD:#}{:pad$}  {:>digits$}  {action}",
                printable(category),
                "",
                counts[category],
                pad = widest - width(&printable(category)),
            )?;
        }
        writeln!(out)?;
        let denied = self.gate.judge(inventory, None).violations;
        let review = counts.get(NEEDS_REVIEW).copied().unwrap_or(0);
        let needs = match (denied.len(), review) {
            (0, 0) => {
                "Nothing needs a person: the gate passes and nothing is left to review.".to_string()
            }
            (d, r) => {
                let mut parts = Vec::new();
                if d > 0 {
                    parts.push(format!(
                        "{d} occurrences the gate denies ({}) in {} files",
                        self.gate.denied().join(", "),
                        files(&mut denied.iter().copied())
                    ));
                }
                if r > 0 {
                    parts.push(format!(
                        "{r} with no evidence to decide by hand ({NEEDS_REVIEW})"
                    ));
                }
                format!("Needs a person: {}.", parts.join(", and "))
            }
        };
        sentence(out, &needs)
    }
}
