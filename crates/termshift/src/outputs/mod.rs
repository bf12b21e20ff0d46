//! Renderers: each output format is one implementation of [`Report`].

mod jsonl;
mod table;

use std::io::{self, Write};

pub use jsonl::JsonLines;
pub use table::Table;

use crate::classify::Inventory;

/// An output format for a classified scan.
pub trait Report {
    /// Writes the report. Styles are written as ANSI sequences; the caller's
    /// stream strips them when the output is not a terminal.
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()>;
}
