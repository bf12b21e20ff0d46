//! The migration plan in Markdown: one section per batch in landing order,
//! each item with its files, old -> new and who it breaks; then what to
//! regenerate, what the plan could not rename, and the schema script.

use std::io::{self, Write};

use crate::outputs::line_spans;
use crate::plan::{Action, Plan, Policy, Skipped};
use crate::words::capitalized;

pub fn write_plan_markdown(plan: &Plan, sql: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Migration plan: `{}` -> `{}`\n", plan.from, plan.to)?;
    let policy = match plan.policy {
        Policy::HardCut => "hard-cut (a legacy name beside its twin is removed)",
        Policy::Compat => "compat (a legacy name beside its twin stays until the last batch)",
    };
    writeln!(out, "Policy: {policy}.\n")?;
    if plan.batches.is_empty() {
        writeln!(
            out,
            "Nothing to change: no selected occurrence of `{}` is left.",
            plan.from
        )?;
    }
    for batch in &plan.batches {
        let places: usize = batch.items.iter().map(|i| i.places.len()).sum();
        writeln!(
            out,
            "## Batch {}: {} ({} changes, {} places)\n",
            batch.number,
            batch.title,
            batch.items.len(),
            places
        )?;
        writeln!(out, "{}.\n", capitalized(batch.stage.why()))?;
        writeln!(out, "| Change | Breaking | Places | Files |")?;
        writeln!(out, "|---|---|---|---|")?;
        for item in &batch.items {
            let change = match item.action {
                Action::Rename => format!("`{}` -> `{}`", item.old, item.new),
                Action::Remove => format!(
                    "remove `{}` (`{}` holds the same value)",
                    item.old, item.new
                ),
                Action::Keep => format!(
                    "remove `{}` (kept for old clients; `{}` holds the same value)",
                    item.old, item.new
                ),
                Action::Shim => format!(
                    "add `{}` beside `{}`, which old clients still use",
                    item.new, item.old
                ),
            };
            let lines: Vec<String> = item
                .files()
                .into_iter()
                .map(|(file, lines)| format!("{file}:{}", line_spans(&lines)))
                .collect();
            writeln!(
                out,
                "| {change} | {} | {} | {} |",
                item.breaking.as_str(),
                item.places.len(),
                lines.join(", ")
            )?;
        }
        writeln!(out)?;
    }
    if !plan.regenerate.is_empty() {
        writeln!(out, "## Regenerate\n")?;
        writeln!(
            out,
            "Generated files are never edited: change their source, then regenerate.\n"
        )?;
        writeln!(out, "| Source | Generated | Command |")?;
        writeln!(out, "|---|---|---|")?;
        for r in &plan.regenerate {
            let sources = if r.sources.is_empty() {
                "(the generator's input)".to_string()
            } else {
                r.sources.join(", ")
            };
            writeln!(
                out,
                "| {sources} | {} | `{}` |",
                r.generated.join(", "),
                r.command
            )?;
        }
        writeln!(out)?;
    }
    write_places(out, "Left for a person", "Text", &plan.skipped, true)?;
    write_places(
        out,
        "Read again after the rename",
        "As it will read",
        &plan.reread,
        false,
    )?;
    write_places(out, "Kept", "Text", &plan.kept, true)?;
    if let Some(sql) = sql {
        writeln!(out, "## Schema migration\n")?;
        writeln!(out, "```sql\n{}```", sql)?;
    }
    Ok(())
}

/// A section listing places with their text and why, when there are any.
fn write_places(
    out: &mut dyn Write,
    title: &str,
    text_header: &str,
    places: &[Skipped],
    as_code: bool,
) -> io::Result<()> {
    if places.is_empty() {
        return Ok(());
    }
    writeln!(out, "## {title}\n")?;
    writeln!(out, "| Place | {text_header} | Why |")?;
    writeln!(out, "|---|---|---|")?;
    for s in places {
        let text = s.text.replace('|', "\\|");
        let text = if as_code { format!("`{text}`") } else { text };
        writeln!(
            out,
            "| {}/{}:{} | {text} | {} |",
            s.repo, s.path, s.line, s.why
        )?;
    }
    writeln!(out)
}
