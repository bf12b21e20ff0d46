//! The migration plan in Markdown: one section per batch in landing order,
//! each item with its files, old -> new and who it breaks; then what to
//! regenerate, what the plan could not rename, and the schema script.

use std::io::{self, Write};

use crate::outputs::line_spans;
use crate::outputs::markdown::{cell, code};
use crate::plan::{Action, Collision, Plan, Policy, Skipped};
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
                Action::Remove if item.new.is_empty() => {
                    format!("remove `{}` (a backward-compatibility shim)", item.old)
                }
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
    if !plan.files.is_empty() {
        writeln!(out, "## Files renamed (with the first batch)\n")?;
        writeln!(out, "| File | New name | Why |")?;
        writeln!(out, "|---|---|---|")?;
        for r in &plan.files {
            writeln!(
                out,
                "| {} | {} | {} |",
                code(&format!("{}/{}", r.repo, r.path)),
                code(&format!("{}/{}", r.repo, r.new_path)),
                cell(&r.why)
            )?;
        }
        writeln!(out)?;
    }
    // With nothing planned, no generator's source changes either.
    if !plan.regenerate.is_empty() && !plan.batches.is_empty() {
        writeln!(out, "## Regenerate\n")?;
        writeln!(
            out,
            "Generated files are never edited: change their source, then regenerate. \
             A runnable generator runs with `termshift apply --write --regenerate`; for one \
             that is not available, the changes listed are what regenerating will make.\n"
        )?;
        writeln!(out, "| Source | Generated | Command | What it changes |")?;
        writeln!(out, "|---|---|---|---|")?;
        for r in &plan.regenerate {
            let sources = if r.sources.is_empty() {
                "(the generator's input)".to_string()
            } else {
                r.sources.join(", ")
            };
            // The most frequent first, a few of them: the rest is counted.
            let mut changes: Vec<&(String, String, usize)> = r.changes.iter().collect();
            changes.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
            let mut what: Vec<String> = changes
                .iter()
                .take(6)
                .map(|(old, new, n)| match new.as_str() {
                    "" => format!("{} goes ({n})", code(old)),
                    new => format!("{} -> {} ({n})", code(old), code(new)),
                })
                .collect();
            if changes.len() > 6 {
                what.push(match changes.len() - 6 {
                    1 => "1 more name".to_string(),
                    n => format!("{n} more names"),
                });
            }
            if what.is_empty() {
                what.push("no name the plan renames".to_string());
            }
            // A generator the project names: where it runs and whether it
            // can run here (`apply --write --regenerate` runs it).
            let command = if r.generators.is_empty() {
                code(&r.command)
            } else {
                r.generators
                    .iter()
                    .map(|g| {
                        format!(
                            "{} in {}: {}",
                            code(&g.command),
                            cell(&g.place()),
                            g.status()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            writeln!(
                out,
                "| {sources} | {} | {command} | {} |",
                cell(&r.generated.join(", ")),
                what.join(", ")
            )?;
        }
        writeln!(out)?;
    }
    write_conflicts(out, &plan.conflicts)?;
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
        let text = if as_code {
            code(&s.text)
        } else {
            cell(&s.text)
        };
        writeln!(
            out,
            "| {} | {text} | {} |",
            cell(&format!("{}/{}:{}", s.repo, s.path, s.line)),
            cell(&s.why)
        )?;
    }
    writeln!(out)
}

/// The names the plan leaves as they are because they would collide, with
/// the name they meet and a way out.
fn write_conflicts(out: &mut dyn Write, conflicts: &[Collision]) -> io::Result<()> {
    if conflicts.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "## Conflicts left for a person
"
    )?;
    writeln!(
        out,
        "Each name below would meet another of the same spelling; it stays as it is \
         everywhere it goes, and the rest of the plan does not wait for it. Give the \
         other name the suggested one (or this one a `[renames]` entry), then plan again.\n"
    )?;
    writeln!(
        out,
        "| Place | Change | Meets | Why | Left | Suggested name for the other |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for c in conflicts {
        let meets = match &c.other_path {
            Some(path) => format!("{path}:{}", c.other_line),
            None => format!("line {}", c.other_line),
        };
        writeln!(
            out,
            "| {} | {} -> {} | {} | {} | {} places | {} |",
            cell(&format!("{}/{}:{}", c.repo, c.path, c.line)),
            code(&c.old),
            code(&c.new),
            cell(&meets),
            cell(&c.why),
            c.left,
            code(&c.suggested)
        )?;
    }
    writeln!(out)
}
