//! Renderers: each output format is one implementation of [`Report`].

mod jsonl;
mod table;

use std::io::{self, Write};

pub use jsonl::JsonLines;
pub use table::Table;

use crate::scan::ScanResult;

/// An output format for a scan.
pub trait Report {
    /// Writes the report. Styles are written as ANSI sequences; the caller's
    /// stream strips them when the output is not a terminal.
    fn write(&self, result: &ScanResult, out: &mut dyn Write) -> io::Result<()>;
}
