//! JSON Lines: one object per occurrence with its category and reasons, the
//! contract other tools build on.

use std::io::{self, Write};

use super::Report;
use crate::classify::Inventory;

pub struct JsonLines;

impl Report for JsonLines {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        for finding in &inventory.findings {
            serde_json::to_writer(&mut *out, finding)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
