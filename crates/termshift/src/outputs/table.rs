//! A readable table, grouped by file.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::classify::Inventory;
use crate::scan::TermSide;

pub struct Table;

const FILE: Style = Style::new().bold();
const OLD: Style = AnsiColor::Red.on_default().bold();
const NEW: Style = AnsiColor::Green.on_default();
const DIM: Style = Style::new().dimmed();

impl Report for Table {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        let text_width = inventory
            .findings
            .iter()
            .map(|f| f.occurrence.text.len())
            .max()
            .unwrap_or(0)
            .min(40);
        let mut current: Option<(&str, &str)> = None;
        for finding in &inventory.findings {
            let o = &finding.occurrence;
            if current != Some((&o.repo, &o.path)) {
                if current.is_some() {
                    writeln!(out)?;
                }
                writeln!(
                    out,
                    "{FILE}{}/{}{FILE:#} {DIM}({}){DIM:#}",
                    printable(&o.repo),
                    printable(&o.path),
                    o.language.name()
                )?;
                current = Some((&o.repo, &o.path));
            }
            let word_style = if o.term == TermSide::From { OLD } else { NEW };
            let position = format!("{}:{}", o.line, o.column);
            let padding = text_width.saturating_sub(o.text.len());
            // Highlight the matched word inside its identifier; a term
            // written across a line break is shown on one line.
            let (before, rest) = (&o.text[..o.word_at], &o.text[o.word_at + o.word.len()..]);
            writeln!(
                out,
                "  {DIM}{position:>9}{DIM:#}  {}{word_style}{}{word_style:#}{}{:padding$}  {:<21}  {:<24}  {}",
                printable(before),
                printable(&one_line(&o.word)),
                printable(rest),
                "",
                o.role.name(),
                finding.category,
                printable(o.symbol.as_deref().unwrap_or("-")),
            )?;
        }
        if !inventory.findings.is_empty() {
            writeln!(out)?;
        }
        Ok(())
    }
}

/// Text with each run of whitespace as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text from the files with its control characters shown as `\u{..}`
/// escapes: a name must not move the cursor or set a terminal's title.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
