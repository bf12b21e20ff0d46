//! termshift: find every occurrence of a word across polyglot repositories
//! and say what each one is in the code.
//!
//! The stages, each a module, run in this order and only forward:
//! [`config`] -> [`sources`] (walk the roots) -> [`prefilter`] (byte search)
//! -> [`words`] (whole words inside identifiers) -> [`syntax`] (parse, role,
//! symbol, name flow) -> [`scan`] (the occurrences) -> [`facts`] (the
//! name-flow graph) -> [`classify`] (a category for each) -> [`query`] ->
//! [`outputs`]. From the classified inventory, [`gate`] (the CI check),
//! [`plan`] and [`apply`] (the migration), [`eval`] (scoring against an
//! answer key), [`init`] (a starter configuration) and [`review`] (what
//! needs a person, decided into the configuration). [`history`] counts
//! the categories along the roots' git history. [`progress`] is what a
//! long run tells whoever shows how far along it is. ARCHITECTURE.md at the
//! repository's root is the map.

pub mod apply;
pub mod classify;
pub mod config;
pub mod error;
pub mod eval;
pub mod facts;
pub mod gate;
pub mod history;
pub mod init;
pub mod outputs;
mod parallel;
pub mod plan;
pub mod prefilter;
pub mod progress;
pub mod query;
pub mod review;
pub mod scan;
pub mod sources;
pub mod syntax;

pub use classify::{classify, Breaking, Confidence, Finding, Inventory, KindFound, MapsTo};
pub use config::{Config, MigrationKind};
pub use error::Error;
pub use scan::{scan, scan_with_progress, Occurrence, ScanResult, Summary, TermSide};
pub use termshift_words as words;

use progress::{Phase, Progress};
use sources::Snapshot;

/// Scans the configuration's roots in `snapshot` and classifies what the
/// scan found, telling `progress` each phase: the scan's walk and files,
/// then [`Phase::Classifying`].
pub fn inventory(
    config: &Config,
    snapshot: &Snapshot,
    progress: Progress,
) -> Result<Inventory, Error> {
    let scanned = scan_with_progress(config, snapshot, progress)?;
    progress(Phase::Classifying {
        occurrences: scanned.occurrences.len(),
    });
    Ok(classify(config, scanned))
}
