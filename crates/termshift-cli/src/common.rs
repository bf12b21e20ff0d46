//! What the commands share: the global options, the arguments that choose
//! and filter the occurrences, and the scan with its progress.

use std::io::IsTerminal;
use std::path::PathBuf;

use anstream::ColorChoice;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use termshift::query::{Query, QueryText};
use termshift::sources::Snapshot;
use termshift::Inventory;
use termshift::{Config, Error};

/// The options every command takes (`--config`, `--quiet`, `--color`).
pub struct Globals {
    /// The configuration file.
    pub config: PathBuf,
    /// No progress and no summary line.
    pub quiet: bool,
    /// Whether to colour, from `--color`.
    pub color: ColorChoice,
}

/// Which tree of the roots to read.
#[derive(Args)]
pub struct RevArg {
    /// Read the roots at this revision (branch, tag, commit, `HEAD~3`) from
    /// each root's git repository, without a checkout. A submodule is read
    /// neither here nor in the working tree: give it a root of its own.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
}

impl RevArg {
    pub fn snapshot(&self) -> Snapshot {
        self.rev
            .clone()
            .map_or(Snapshot::WorkingTree, Snapshot::Revision)
    }
}

/// Filters shared by the commands that print occurrences. Values of one
/// filter are alternatives (comma-separated or repeated); filters combine.
#[derive(Args)]
pub struct FilterArgs {
    /// Keep these categories (LEGACY_SESSION_ALIAS, DOC_STALE, ...).
    #[arg(long, value_delimiter = ',', value_name = "CATEGORY")]
    category: Vec<String>,
    /// Keep these owners.
    #[arg(long, value_delimiter = ',', value_name = "OWNER")]
    owner: Vec<String>,
    /// Keep these roots.
    #[arg(long, value_delimiter = ',', value_name = "ROOT")]
    repo: Vec<String>,
    /// Keep these breaking levels: none, internal, low, yes, schema, proto.
    #[arg(long, value_delimiter = ',', value_name = "LEVEL")]
    breaking: Vec<String>,
    /// Keep files matching a glob over `root/path`.
    #[arg(long, value_name = "GLOB")]
    path: Vec<String>,
    /// Keep symbols (or identifiers) matching a glob.
    #[arg(long, value_name = "GLOB")]
    symbol: Vec<String>,
}

impl FilterArgs {
    pub fn query(&self, config: &Config) -> Result<Query, Error> {
        Query::new(
            &QueryText {
                categories: self.category.clone(),
                owners: self.owner.clone(),
                repos: self.repo.clone(),
                breaking: self.breaking.clone(),
                paths: self.path.clone(),
                symbols: self.symbol.clone(),
            },
            &config.categories(),
        )
    }
}

/// Scans and classifies, with a progress spinner on a terminal.
pub fn scan_and_classify(
    config: &Config,
    snapshot: &Snapshot,
    quiet: bool,
) -> Result<Inventory, Error> {
    let bar = progress_bar(quiet);
    let result = termshift::scan_with_progress(config, snapshot, &|_| {
        if let Some(bar) = &bar {
            bar.inc(1)
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    Ok(termshift::classify(config, result?))
}

/// A spinner with the count of files scanned, on a terminal only.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
    bar.set_style(
        ProgressStyle::with_template("{spinner} {human_pos} files scanned, {elapsed}")
            .expect("the template is valid"),
    );
    Some(bar)
}
