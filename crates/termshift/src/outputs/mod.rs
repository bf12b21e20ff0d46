//! Renderers: each output format is one implementation of [`Report`].

mod csv;
pub mod explain;
mod json;
mod jsonl;
mod markdown;
mod sarif;
mod table;
mod trace;

use std::io::{self, Write};

pub use csv::Csv;
pub use json::JsonReport;
pub use jsonl::JsonLines;
pub use markdown::{line_spans, GroupBy, Markdown};
pub use sarif::Sarif;
pub use table::Table;
pub use trace::{Trace, TraceEdge, TraceNode};

use crate::classify::Inventory;

/// An output format for a classified scan.
pub trait Report {
    /// Writes the report. Styles are written as ANSI sequences; the caller's
    /// stream strips them when the output is not a terminal.
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()>;
}
