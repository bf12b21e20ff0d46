//! JSON Lines: one object per occurrence with its category and reasons, the
//! contract other tools build on.

use std::io::{self, Write};

use super::Report;
use crate::classify::Inventory;
use crate::parallel;

pub struct JsonLines;

impl Report for JsonLines {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        // Lines are written out on every core a window at a time, so that
        // what waits to be written stays small.
        const WINDOW: usize = 1 << 14;
        for window in inventory.findings.chunks(WINDOW) {
            let parts = parallel::in_shares(window.len(), |range| {
                let mut part = Vec::new();
                for finding in &window[range] {
                    serde_json::to_writer(&mut part, finding)?;
                    part.push(b'\n');
                }
                Ok::<_, serde_json::Error>(part)
            });
            for part in parts {
                out.write_all(&part?)?;
            }
        }
        Ok(())
    }
}
