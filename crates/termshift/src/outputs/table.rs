//! A readable table for a terminal, grouped by file, under a header row.
//! Given the terminal's width, each line fits it: the symbol, then the
//! text, then the role are cut with `…` (by the columns a terminal shows,
//! between characters), down to a few columns each, and a file's path
//! loses its start; without a width (a pipe, `--wide`), every cell is
//! whole.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::width::{fit_parts, truncate, truncate_start, width};
use super::Report;
use crate::classify::Inventory;
use crate::scan::TermSide;

/// The table, fitted to `width` columns when one is given.
pub struct Table {
    /// The terminal's width; `None` leaves every cell whole.
    pub width: Option<usize>,
}

const FILE: Style = Style::new().bold();
const HEADER: Style = Style::new().bold().underline();
const OLD: Style = AnsiColor::Red.on_default().bold();
const NEW: Style = AnsiColor::Green.on_default();
const DIM: Style = Style::new().dimmed();

/// The header row's labels.
const LABELS: [&str; 5] = ["LINE:COL", "TEXT", "ROLE", "CATEGORY", "SYMBOL"];
/// The widest the text column is padded to; longer texts stand out of it.
const MAX_TEXT: usize = 40;
/// Columns the symbol, the text and the role keep, however narrow the
/// terminal.
const MIN_CELL: usize = 12;
/// The indent before each row and the space between two columns.
const GAP: usize = 2;

/// The widths of the columns (the symbol's is what the terminal leaves).
struct Columns {
    position: usize,
    text: usize,
    role: usize,
    category: usize,
    /// `None`: as wide as each symbol.
    symbol: Option<usize>,
}

impl Columns {
    fn of(inventory: &Inventory, terminal: Option<usize>) -> Columns {
        let widest = |cells: &mut dyn Iterator<Item = usize>, label: &str| {
            cells.max().unwrap_or(0).max(width(label))
        };
        let findings = &inventory.findings;
        let mut columns = Columns {
            position: widest(&mut findings.iter().map(|f| position(f).len()), LABELS[0]),
            text: widest(
                &mut findings
                    .iter()
                    .map(|f| width(&printable(&f.occurrence.text))),
                LABELS[1],
            )
            .min(MAX_TEXT),
            role: widest(
                &mut findings.iter().map(|f| f.occurrence.role.name().len()),
                LABELS[2],
            ),
            category: widest(&mut findings.iter().map(|f| width(&f.category)), LABELS[3]),
            symbol: None,
        };
        let Some(terminal) = terminal else {
            return columns;
        };
        let symbol = widest(
            &mut findings
                .iter()
                .map(|f| width(&printable(f.occurrence.symbol.as_deref().unwrap_or("-")))),
            LABELS[4],
        );
        let before_symbol =
            |c: &Columns| GAP + c.position + GAP + c.text + GAP + c.role + GAP + c.category + GAP;
        // The symbol gives up its columns first, down to a few, then the
        // text, then the role; the category stays whole.
        let mut over = (before_symbol(&columns) + symbol).saturating_sub(terminal);
        over -= over.min(symbol.saturating_sub(MIN_CELL));
        for cell in [&mut columns.text, &mut columns.role] {
            let given = over.min(cell.saturating_sub(MIN_CELL));
            *cell -= given;
            over -= given;
        }
        columns.symbol = Some(
            terminal
                .saturating_sub(before_symbol(&columns))
                .max(MIN_CELL),
        );
        columns
    }
}

fn position(f: &crate::classify::Finding) -> String {
    format!("{}:{}", f.occurrence.line, f.occurrence.column)
}

/// `text` padded with spaces to `columns` columns.
fn padded(text: &str, columns: usize) -> String {
    format!(
        "{text}{:pad$}",
        "",
        pad = columns.saturating_sub(width(text))
    )
}

impl Report for Table {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        if inventory.findings.is_empty() {
            return Ok(());
        }
        let columns = Columns::of(inventory, self.width);
        let fit = |text: String, columns: Option<usize>| match columns {
            Some(columns) => truncate(&text, columns),
            None => text,
        };
        let header = format!(
            "{:indent$}{:>position$}  {}  {}  {}  {}",
            "",
            LABELS[0],
            padded(LABELS[1], columns.text),
            padded(LABELS[2], columns.role),
            padded(LABELS[3], columns.category),
            LABELS[4],
            indent = GAP,
            position = columns.position,
        );
        writeln!(out, "{HEADER}{}{HEADER:#}\n", header.trim_end())?;
        let mut current: Option<(&str, &str)> = None;
        for finding in &inventory.findings {
            let o = &finding.occurrence;
            if current != Some((&o.repo, &o.path)) {
                if current.is_some() {
                    writeln!(out)?;
                }
                let language = format!(" ({})", o.language.name());
                let file = printable(&format!("{}/{}", o.repo, o.path));
                let file = match self.width {
                    Some(terminal) => {
                        truncate_start(&file, terminal.saturating_sub(width(&language)))
                    }
                    None => file,
                };
                writeln!(out, "{FILE}{file}{FILE:#}{DIM}{language}{DIM:#}")?;
                current = Some((&o.repo, &o.path));
            }
            let word_style = if o.term == TermSide::From { OLD } else { NEW };
            // Highlight the matched word inside its identifier; a term
            // written across a line break is shown on one line.
            let (before, rest) = (&o.text[..o.word_at], &o.text[o.word_at + o.word.len()..]);
            let parts = [
                printable(before),
                printable(&one_line(&o.word)),
                printable(rest),
            ];
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let shown = match self.width {
                Some(_) => fit_parts(&parts, columns.text),
                None => parts.iter().map(|p| p.to_string()).collect(),
            };
            let padding = columns
                .text
                .saturating_sub(shown.iter().map(|p| width(p)).sum());
            writeln!(
                out,
                "{:indent$}{DIM}{:>position$}{DIM:#}  {}{word_style}{}{word_style:#}{}{:padding$}  {}  {}  {}",
                "",
                position(finding),
                shown[0],
                shown[1],
                shown[2],
                "",
                padded(&fit(o.role.name().to_string(), Some(columns.role)), columns.role),
                padded(&finding.category, columns.category),
                fit(printable(o.symbol.as_deref().unwrap_or("-")), columns.symbol),
                indent = GAP,
                position = columns.position,
            )?;
        }
        writeln!(out)
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
