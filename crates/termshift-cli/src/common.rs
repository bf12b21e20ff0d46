//! What the commands share: the global options, the arguments that choose
//! and filter the occurrences, and the scan with its progress line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::Duration;

use anstream::ColorChoice;
use clap::Args;
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressStyle};
use termshift::progress::Phase;
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
    /// `--no-cache`: scan every file again.
    pub no_cache: bool,
}

impl Globals {
    /// The configuration file, loaded; without its scan cache under
    /// `--no-cache`.
    pub fn load_config(&self) -> Result<Config, Error> {
        let mut config = Config::load(&self.config)?;
        if self.no_cache {
            config.scan_cache = None;
        }
        Ok(config)
    }
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

/// The width of the terminal standard output shows, in columns; `None`
/// when it is not a terminal (a pipe, a file), which gets every line whole.
pub fn terminal_width() -> Option<usize> {
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(w), _)| usize::from(w))
}

/// Scans and classifies, with the progress on a terminal.
pub fn scan_and_classify(
    config: &Config,
    snapshot: &Snapshot,
    quiet: bool,
) -> Result<Inventory, Error> {
    ProgressLine::new(quiet).inventory(config, snapshot)
}

/// The phases of a run and their counts (`parsing 812/3,822 files`), as
/// one line on standard error while the run lasts: only on a terminal, and
/// never with `--quiet`. The library's threads only count; the line is
/// drawn at its own pace, ten times a second, and cleared when dropped.
pub struct ProgressLine {
    bar: Option<ProgressBar>,
    /// The phase drawn, by [`phase_number`] (none yet: `u8::MAX`).
    shown: AtomicU8,
    /// The highest count told in the phase drawn: threads tell theirs out
    /// of order.
    count: AtomicUsize,
}

impl ProgressLine {
    pub fn new(quiet: bool) -> ProgressLine {
        let bar = (!quiet && std::io::stderr().is_terminal())
            .then(|| ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10)));
        ProgressLine {
            bar,
            shown: AtomicU8::new(u8::MAX),
            count: AtomicUsize::new(0),
        }
    }

    /// Scans and classifies, drawing each phase.
    pub fn inventory(&self, config: &Config, snapshot: &Snapshot) -> Result<Inventory, Error> {
        termshift::inventory(config, snapshot, &|phase| self.tell(phase))
    }

    /// Draws `phase` from now on, or its new count.
    pub fn tell(&self, phase: Phase) {
        let Some(bar) = &self.bar else {
            return;
        };
        let number = phase_number(phase);
        // The library tells a new phase before any thread counts in it.
        let before = self.shown.swap(number, Ordering::Relaxed);
        if before != number {
            // The new length and message first, which the phase drawn does
            // not show; then its template, and its count from zero.
            match phase {
                Phase::Parsing { total, .. } => bar.set_length(total as u64),
                Phase::Classifying { occurrences } => {
                    bar.set_message(HumanCount(occurrences as u64).to_string())
                }
                Phase::Walking { .. } | Phase::Planning | Phase::Verifying { .. } => {}
            }
            let template = match phase {
                Phase::Walking { .. } => "{spinner} walking: {human_pos} files, {elapsed}",
                Phase::Parsing { .. } => {
                    "{spinner} parsing {human_pos}/{human_len} files, {elapsed}"
                }
                Phase::Classifying { .. } => "{spinner} classifying {msg} occurrences, {elapsed}",
                Phase::Planning => "{spinner} planning, {elapsed}",
                Phase::Verifying { .. } => "{spinner} verifying: check {msg}, {elapsed}",
            };
            bar.set_style(ProgressStyle::with_template(template).expect("the templates are valid"));
            self.count.store(0, Ordering::Relaxed);
            bar.set_position(0);
            if before == u8::MAX {
                // Drawn from now on even while no count moves.
                bar.enable_steady_tick(Duration::from_millis(100));
            }
        }
        match phase {
            Phase::Walking { files: count } | Phase::Parsing { done: count, .. } => {
                let highest = self.count.fetch_max(count, Ordering::Relaxed).max(count);
                bar.set_position(highest as u64);
            }
            // One check after another, from one thread.
            Phase::Verifying { check, checks } => bar.set_message(format!("{check} of {checks}")),
            Phase::Classifying { .. } | Phase::Planning => {}
        }
    }

    /// Runs `f` (which writes to standard error) with the line hidden.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Which phase, as a number.
fn phase_number(phase: Phase) -> u8 {
    match phase {
        Phase::Walking { .. } => 0,
        Phase::Parsing { .. } => 1,
        Phase::Classifying { .. } => 2,
        Phase::Planning => 3,
        Phase::Verifying { .. } => 4,
    }
}
