//! `termshift scan --explain PATH:LINE`: every occurrence on one line with
//! every reason behind its category and its derived columns.

use std::io::{self, Write};

use super::table::printable;
use crate::classify::{Finding, Inventory};
use crate::error::Error;

/// The findings on the line `place` names (`root/path:line`, or
/// `path:line` relative to a root).
/// A place as `--explain` takes it, `PATH:LINE`: checked before a scan.
pub fn parse_place(place: &str) -> Result<(&str, u32), Error> {
    let usage = || {
        Error::usage(format!("`{place}` is not PATH:LINE"))
            .help("write the file as the scan prints it, with its line: backend/internal/chat/router.go:118")
    };
    let (path, line) = place.rsplit_once(':').ok_or_else(usage)?;
    let line: u32 = line.parse().map_err(|_| usage())?;
    Ok((path.trim_start_matches("./"), line))
}

/// The findings at `place` (`PATH:LINE`, see [`parse_place`]).
pub fn findings_at<'i>(inventory: &'i Inventory, place: &str) -> Result<Vec<&'i Finding>, Error> {
    let (path, line) = parse_place(place)?;
    let found: Vec<&Finding> = inventory
        .findings
        .iter()
        .filter(|f| {
            let o = &f.occurrence;
            o.line == line
                && (o.path == path
                    || path
                        .strip_prefix(o.repo.as_str())
                        .and_then(|p| p.strip_prefix('/'))
                        == Some(&o.path))
        })
        .collect();
    if found.is_empty() {
        return Err(Error::usage(format!("no occurrence at {place}"))
            .help("`termshift scan` lists the occurrences with their lines; paths are relative to a root, optionally prefixed with its name"));
    }
    Ok(found)
}

/// Writes each finding with its reasons and derived columns.
pub fn write_explain(findings: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        let o = &f.occurrence;
        let text = format!(
            "{}/{}:{}:{} `{}` ({}, {}{})",
            o.repo,
            o.path,
            o.line,
            o.column,
            o.text,
            o.role.name(),
            o.language.name(),
            o.symbol
                .as_deref()
                .map(|s| format!(", in {s}"))
                .unwrap_or_default()
        );
        writeln!(out, "{}", printable(&text))?;
        writeln!(out, "  {} ({:?} confidence)", f.category, f.confidence)?;
        for reason in &f.reasons {
            writeln!(out, "    - {}", printable(reason))?;
        }
        let columns = format!(
            "  meaning: {}; maps to: {:?}; proposed: {}; breaking: {}; owner: {}; component: {}",
            f.meaning,
            f.maps_to,
            f.proposed,
            f.breaking.as_str(),
            f.owner,
            f.component
        );
        writeln!(out, "{}", printable(&columns))?;
    }
    Ok(())
}
