//! JSON Lines: one object per occurrence, the contract other tools build on.

use std::io::{self, Write};

use super::Report;
use crate::scan::ScanResult;

pub struct JsonLines;

impl Report for JsonLines {
    fn write(&self, result: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
        for occurrence in &result.occurrences {
            serde_json::to_writer(&mut *out, occurrence)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
