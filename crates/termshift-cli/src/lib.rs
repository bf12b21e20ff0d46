//! The `termshift` command line: argument definitions and glue over the
//! `termshift` library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Style};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use termshift::gate::{Baseline, Gate, Verdict};
use termshift::history::{Database, History, Selection};
use termshift::outputs::{
    Csv, GroupBy, Html, JsonLines, JsonReport, Markdown, Report, Sarif, Table,
};
use termshift::query::{Query, QueryText};
use termshift::sources::Snapshot;
use termshift::syntax::{self, Lang};
use termshift::Inventory;
use termshift::{Confidence, Config, Error, ScanResult};

mod output_file;

const EXAMPLES: &str = "\
Examples:
  termshift init --from run --to session ../api ../web   write a starter termshift.toml
  termshift report -o inventory.md                        the classified inventory in Markdown
  termshift scan --category LEGACY_SESSION_ALIAS          every occurrence, with its category and reasons
  termshift scan --explain api/router.go:118              every reason behind one line
  termshift trace Conversation.RunID                      where a name's value comes from and goes
  termshift check --baseline baseline.json                the CI gate: exit 1 while aliases remain
  termshift scan --from run --to session .                quick scan, no configuration file
  termshift --config examples/run-to-session/termshift.toml report";

#[derive(Parser)]
#[command(
    name = "termshift",
    version,
    about = "Find every occurrence of a word across polyglot repositories, classify what each one means, and gate the migration.",
    after_help = EXAMPLES
)]
struct Cli {
    /// Configuration file; root paths in it are relative to its folder.
    #[arg(
        long,
        global = true,
        default_value = "termshift.toml",
        value_name = "FILE"
    )]
    config: PathBuf,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,
    /// Print no progress and no summary line.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// List every occurrence of both words: syntax role, symbol, category and reasons.
    #[command(after_help = "\
Examples:
  termshift scan
  termshift scan --format jsonl | jq 'select(.role == \"sql_column\")'
  termshift scan --category LEGACY_SESSION_ALIAS --owner backend
  termshift scan --path 'web/**' --breaking yes,schema
  termshift scan --from run --to session ../backend ../frontend")]
    Scan(ScanArgs),
    /// Write the inventory: Markdown in the reference layout, with the flows and the counts.
    #[command(after_help = "\
Examples:
  termshift report -o docs/inventory.md
  termshift report --group-by owner --category LEGACY_SESSION_ALIAS
  termshift report --path 'backend/**' > backend.md
  termshift report --format sarif -o termshift.sarif      for code scanning
  termshift report --format csv -o occurrences.csv
  termshift report --format html -o inventory.html        one page to browse offline

The front matter comes from the [report] table of termshift.toml (title, ticket, status,
topics, doc_type, intent, owners, external_sources, summary, last_updated, what_for,
when_to_use); each field has a default made from the migration.")]
    Report(ReportArgs),
    /// Write a commented starter termshift.toml from a first scan.
    #[command(after_help = "\
Examples:
  termshift init --from run --to session ../backend ../web
  termshift --config ci/termshift.toml init --from user --to account . --force

It writes the roots, the usual excludes (node_modules, dist, build, vendor, target, .venv),
the domains a first scan suggests (names under a type named for the old word that never
reach the new word) and the renames it would make, each with a comment saying why.
It refuses to overwrite an existing file without --force.")]
    Init(InitArgs),
    /// The CI gate: exit 1 while occurrences of denied categories remain.
    #[command(after_help = "\
Examples:
  termshift check                                   deny the alias and stale docs
  termshift check --deny LEGACY_SESSION_ALIAS --path 'backend/**'
  termshift check --write-baseline .termshift-baseline.json
  termshift check --baseline .termshift-baseline.json --format github

[[allow]] entries in termshift.toml (paths and symbols globs, a reason) accept
occurrences; a baseline accepts the ones that existed when it was written, matched by
root, path, symbol and text, so moved lines are not new. Exit 0 when nothing denied
remains, 1 when something does, 2 for usage and configuration errors.")]
    Check(CheckArgs),
    /// The migration as ordered batches, with the schema script.
    #[command(after_help = "\
Examples:
  termshift plan                                    the batches in Markdown
  termshift plan --format json > plan.json
  termshift plan --sql-dialect postgres -o docs/migration-plan.md
  termshift plan --policy compat                    keep legacy keys until the last batch
  termshift plan --min-confidence medium            only names decided with medium confidence up

Batches land in order: internal symbols, store and schema (with the migration script),
API contracts, proto files (generated code is regenerated, never edited), documentation,
and under --policy compat the removal of the legacy names kept for old clients.
A name that would collide with another in its scope is left as it is and listed under
\"Conflicts left for a person\"; the rest is planned. Exit 0 with the plan, 1 with --strict
when names would collide, 2 for usage and configuration errors.")]
    Plan(PlanArgs),
    /// Rename the old word: a unified diff, or the edits with --write.
    #[command(after_help = "\
Examples:
  termshift apply                                   the diff of every batch but the shims
  termshift apply --write                           edit the files
  termshift apply --batch 1 --write                 one batch at a time
  termshift apply --path 'backend/**' | git apply   the backend's names (everywhere they live)
  termshift apply --write --min-confidence high --strict

Names change in their own style (RunID -> SessionID, run_id -> session_id); a [renames] entry
overrides one. A legacy entry beside a twin with the same value is removed (--policy hard-cut)
or kept (--policy compat). A name that would collide is left for a person and the rest is
written (--strict: nothing is). Files with uncommitted changes are refused without --allow-dirty;
every file is written atomically and parsed again: if one no longer parses, all are put back.")]
    Apply(ApplyArgs),
    /// Show where a name's value comes from and where it goes.
    #[command(after_help = "\
Examples:
  termshift trace Conversation.RunID
  termshift trace turns.run_id --format mermaid > flow.mmd
  termshift trace run_id --format json --depth 4

SYMBOL is a name as reasons print it (`Conversation.RunID`, `turns.run_id`,
`\"run_id\"`), or as written in code (`RunID`: every name of that spelling).")]
    Trace(TraceArgs),
    /// Score the classification against an answer key: precision and recall per category.
    #[command(after_help = "\
Examples:
  termshift --config examples/run-to-session/termshift.toml eval --key examples/run-to-session/answer-key.tsv
  termshift eval --key key.tsv --min-precision 0.95 --min-recall 0.95 --max-review 0.05

The key is tab-separated with a header row naming at least path (root/path), line,
text, term (from|to) and category; column and role are used when present.
Exit 1 when a threshold is missed or the key and the scan disagree on the occurrences.")]
    Eval(EvalArgs),
    /// Count the categories at each commit of the roots' git history: the migration's burndown.
    #[command(after_help = "\
Examples:
  termshift history                         every commit of each root's first-parent line
  termshift history --since 2024-06-01 --format csv > burndown.csv
  termshift history --revs v1.0..main --every 10
  termshift history --rebuild               recompute the kept counts

The counts are kept in .termshift/history.sqlite next to the configuration file, by commit
and configuration: a second run reads them, and a new commit costs the files it changed.")]
    History(HistoryArgs),
    /// Print the syntax tree of a file, with field names (for writing role queries).
    #[command(hide = true)]
    Tree {
        file: PathBuf,
        /// Language, when the file name does not tell (go, typescript, sql, ...).
        #[arg(long)]
        lang: Option<String>,
    },
}

#[derive(Args)]
struct ScanArgs {
    /// The old word; with --to and PATHS, scans without a configuration file.
    #[arg(long, requires = "to", value_name = "WORD")]
    from: Option<String>,
    /// The new word.
    #[arg(long, requires = "from", value_name = "WORD")]
    to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Folders or files to scan, each a root (with --from and --to).
    #[arg(value_name = "PATHS", requires = "from")]
    paths: Vec<PathBuf>,
    /// Print every reason behind the occurrences on one line (`root/path:line`).
    #[arg(long, value_name = "PATH:LINE")]
    explain: Option<String>,
    #[command(flatten)]
    rev: RevArg,
    #[command(flatten)]
    filter: FilterArgs,
}

/// Which tree of the roots to read.
#[derive(Args)]
struct RevArg {
    /// Read the roots at this revision (branch, tag, commit, `HEAD~3`) from
    /// each root's git repository, without a checkout. A submodule is read
    /// neither here nor in the working tree: give it a root of its own.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
}

impl RevArg {
    fn snapshot(&self) -> Snapshot {
        self.rev
            .clone()
            .map_or(Snapshot::WorkingTree, Snapshot::Revision)
    }
}

/// Filters shared by the commands that print occurrences. Values of one
/// filter are alternatives (comma-separated or repeated); filters combine.
#[derive(Args)]
struct FilterArgs {
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
    fn query(&self, config: &Config) -> Result<Query, Error> {
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

#[derive(Args)]
struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    format: ReportFormat,
    /// How the category tables are grouped.
    #[arg(long, value_enum, default_value_t = GroupByArg::Category)]
    group_by: GroupByArg,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    rev: RevArg,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Args)]
struct HistoryArgs {
    /// Count only commits made on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    since: Option<i64>,
    /// Count the commits of this range (`A..B`: after A up to B) of each
    /// repository's first-parent line, instead of the head's whole line.
    #[arg(long, value_name = "A..B")]
    revs: Option<String>,
    /// Count every Nth commit (and always the last).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    every: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    format: HistoryFormat,
    /// Delete the history database and compute it again.
    #[arg(long)]
    rebuild: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum HistoryFormat {
    /// One row per commit, one column per category.
    Table,
    /// The points, what the computation cost and the warnings, as one object.
    Json,
    /// One row per commit, one column per category.
    Csv,
}

/// A day (`2024-06-11`) as seconds since the Unix epoch, at 00:00 UTC.
fn parse_day(text: &str) -> Result<i64, String> {
    let invalid = || format!("`{text}` is not a day; write it as YYYY-MM-DD");
    let mut parts = text
        .splitn(3, '-')
        .map(|p| p.parse::<i64>().map_err(|_| invalid()));
    let (year, month, day) = (
        parts.next().ok_or_else(invalid)??,
        parts.next().ok_or_else(invalid)??,
        parts.next().ok_or_else(invalid)??,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(invalid());
    }
    // Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Ok((era * 146_097 + day_of_era - 719_468) * 86_400)
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// The inventory in Markdown.
    Markdown,
    /// The whole inventory as one JSON document, with a schema version.
    Json,
    /// One row per occurrence.
    Csv,
    /// SARIF 2.1.0: a rule per category, a result per occurrence the gate denies.
    Sarif,
    /// One self-contained page: cards per category, a filterable table with each
    /// finding's code and reasons, the flow traces.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum GroupByArg {
    /// A section per category, components inside.
    Category,
    /// A section per owner.
    Owner,
    /// A section per root.
    Repo,
}

#[derive(Args)]
struct InitArgs {
    /// The old word.
    #[arg(long, value_name = "WORD")]
    from: String,
    /// The new word.
    #[arg(long, value_name = "WORD")]
    to: String,
    /// The repositories (folders) to scan; the current folder if none.
    #[arg(value_name = "ROOTS")]
    roots: Vec<PathBuf>,
    /// Overwrite an existing configuration file.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Categories that fail the gate (default: the alias and DOC_STALE).
    #[arg(long, value_delimiter = ',', value_name = "CATEGORY")]
    deny: Vec<String>,
    /// Fail only on denied occurrences this baseline does not hold.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Write the denied occurrences that remain to a baseline, and pass.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    format: CheckFormat,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    /// One line per occurrence that fails, then the counts.
    Text,
    /// GitHub Actions annotations (`::error file=...`).
    Github,
}

/// What plan and apply change, and how.
#[derive(Args)]
struct ChangeArgs {
    /// What to do with a legacy name beside a twin of the same value.
    #[arg(long, value_enum, default_value_t = PolicyArg::HardCut)]
    policy: PolicyArg,
    /// Keep these categories (default: the alias category and DOC_STALE).
    #[arg(long, value_delimiter = ',', value_name = "CATEGORY")]
    category: Vec<String>,
    /// Only names that occur in files matching a glob over `root/path`.
    #[arg(long, value_name = "GLOB")]
    path: Vec<String>,
    /// Only names whose symbol (or identifier) matches a glob.
    #[arg(long, value_name = "GLOB")]
    symbol: Vec<String>,
    /// Only names decided with at least this confidence (a name chosen at
    /// one place still changes at every place of it).
    #[arg(long, value_enum, default_value_t = ConfidenceArg::Low)]
    min_confidence: ConfidenceArg,
    /// Plan nothing when two names would collide (exit 1), rather than
    /// leave the colliding names for a person and plan the rest.
    #[arg(long)]
    strict: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ConfidenceArg {
    High,
    Medium,
    Low,
}

#[derive(Clone, Copy, ValueEnum)]
enum PolicyArg {
    /// Remove the legacy name.
    HardCut,
    /// Keep the legacy name beside the new one; removing it is the last batch.
    Compat,
}

#[derive(Args)]
struct PlanArgs {
    #[arg(long, value_enum, default_value_t = PlanFormat::Markdown)]
    format: PlanFormat,
    /// The dialect of the schema migration script.
    #[arg(long, value_enum, default_value_t = SqlDialect::Sqlite)]
    sql_dialect: SqlDialect,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    change: ChangeArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum PlanFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum SqlDialect {
    Sqlite,
    Postgres,
}

#[derive(Args)]
struct ApplyArgs {
    /// Edit the files instead of printing the diff.
    #[arg(long)]
    write: bool,
    /// Write over files with uncommitted changes, or in a root outside git.
    #[arg(long)]
    allow_dirty: bool,
    /// Put back the files an interrupted `apply --write` was writing, as
    /// they were before it, and stop.
    #[arg(long, conflicts_with = "write")]
    restore: bool,
    /// Apply only this batch of `termshift plan`.
    #[arg(long, value_name = "N")]
    batch: Option<usize>,
    /// After writing, run CMD (in the configuration's folder) and put every
    /// file back when it fails. Without CMD, each root's usual check: `go
    /// build ./... && go vet ./...` (go.mod), `cargo check` (Cargo.toml),
    /// `tsc --noEmit` (tsconfig.json), `python3 -m compileall` (pyproject.toml).
    #[arg(
        long,
        value_name = "CMD",
        num_args = 0..=1,
        default_missing_value = "",
        requires = "write"
    )]
    verify: Option<String>,
    #[command(flatten)]
    change: ChangeArgs,
}

#[derive(Args)]
struct TraceArgs {
    /// The name to trace.
    symbol: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Box)]
    format: TraceFormat,
    /// How many edges away from the name to follow.
    #[arg(long, default_value_t = 2, value_name = "N")]
    depth: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum TraceFormat {
    /// A box diagram: where the value comes from, and the tree of where it goes.
    Box,
    /// A Mermaid flowchart.
    Mermaid,
    /// The names and edges as JSON.
    Json,
}

#[derive(Args)]
struct EvalArgs {
    /// The answer key (TSV).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    format: EvalFormat,
    /// Fail (exit 1) when a category's precision is below this.
    #[arg(long, value_name = "RATIO", default_value_t = 0.0, value_parser = ratio)]
    min_precision: f64,
    /// Fail (exit 1) when a category's recall is below this.
    #[arg(long, value_name = "RATIO", default_value_t = 0.0, value_parser = ratio)]
    min_recall: f64,
    /// Fail (exit 1) when more than this share of occurrences needs review.
    #[arg(long, value_name = "RATIO", default_value_t = 1.0, value_parser = ratio)]
    max_review: f64,
}

/// A ratio from 0 to 1: a gate given `NaN` or `2` would never fail.
fn ratio(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number; give a ratio from 0 to 1, e.g. 0.95"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "`{text}` is not between 0 and 1; give a ratio such as 0.95"
        ))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum EvalFormat {
    /// A table per category, then the mistakes.
    Table,
    /// The whole score as one JSON object.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A table grouped by file.
    Table,
    /// One JSON object per occurrence.
    Jsonl,
}

/// Runs the command line and returns the process's exit code.
// The scan builds and frees syntax trees on every core and keeps some
// hundred thousand small strings: mimalloc is faster than the system
// allocator at both and fragments less across threads. Tree-sitter
// allocates through it too (see `main`): one allocator instead of two keeps
// less memory aside. On the benchmark corpus: 90 MB less peak memory and
// 8% less CPU time than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Routes tree-sitter's allocations through the global allocator.
fn share_allocator_with_tree_sitter() {
    use libmimalloc_sys::{mi_calloc, mi_free, mi_malloc, mi_realloc};
    // SAFETY: called first thing in `main`: no tree-sitter object exists yet
    // and no other thread runs, so nothing is ever freed by an allocator
    // that did not allocate it.
    unsafe {
        tree_sitter::set_allocator(
            Some(mi_malloc),
            Some(mi_calloc),
            Some(mi_realloc),
            Some(mi_free),
        );
    }
}

/// mimalloc's `mi_option_purge_delay`: its index in `mi_option_t` (a test
/// checks that it holds the option's default).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Returns freed memory to the system at once. By default mimalloc keeps
/// it a second, and classification frees lists of every occurrence and
/// allocates others within that time: on the benchmark corpus the peak is
/// 405 MB with the delay, 285 MB without, for 6% more time.
fn purge_freed_memory_at_once() {
    // SAFETY: sets an option; called in `main` before any other thread
    // runs.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

pub fn main() -> ExitCode {
    share_allocator_with_tree_sitter();
    let cli = Cli::parse();
    // The history classifies one state after another, each freeing what
    // the next allocates again: there, returning memory at once only
    // costs time (on the history benchmark, median of 3 runs: 10.6 s
    // instead of 7.9 s, for a peak of 166 MB instead of 248 MB).
    if !matches!(cli.command, Command::History(_)) {
        purge_freed_memory_at_once();
    }
    let choice = match cli.color {
        ColorWhen::Auto => ColorChoice::Auto,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
    };
    match run(&cli, choice) {
        Ok(code) => code,
        Err(err) => {
            let mut stderr = AutoStream::new(std::io::stderr(), choice);
            let red = AnsiColor::Red.on_default().bold();
            let _ = writeln!(stderr, "{red}error{red:#}: {err}");
            ExitCode::from(err.exit_code)
        }
    }
}

fn run(cli: &Cli, choice: ColorChoice) -> Result<ExitCode, Error> {
    match &cli.command {
        Command::Scan(args) => {
            let config = match (&args.from, &args.to) {
                (Some(from), Some(to)) => {
                    let paths = if args.paths.is_empty() {
                        vec![PathBuf::from(".")]
                    } else {
                        args.paths.clone()
                    };
                    Config::quick(from, to, &paths)?
                }
                _ => Config::load(&cli.config)?,
            };
            let query = args.filter.query(&config)?;
            let started = Instant::now();
            let mut inventory = scan_and_classify(&config, &args.rev.snapshot(), cli.quiet)?;
            inventory.retain(&query);
            if let Some(place) = &args.explain {
                let found = termshift::outputs::explain::findings_at(&inventory, place)?;
                let mut out = std::io::stdout().lock();
                termshift::outputs::explain::write_explain(&found, &mut out)
                    .map_err(|e| Error::usage(format!("cannot write the output: {e}")))?;
                return Ok(ExitCode::SUCCESS);
            }
            let report: &dyn Report = match args.format {
                Format::Table => &Table,
                Format::Jsonl => &JsonLines,
            };
            let stdout = std::io::stdout().lock();
            // JSON escapes control characters: JSON Lines hold no ANSI
            // sequence, and skip the stream that would look for them in
            // every byte.
            let stdout: Box<dyn Write> = match args.format {
                Format::Jsonl => Box::new(stdout),
                Format::Table => Box::new(AutoStream::new(stdout, choice)),
            };
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
            let written = report
                .write(&inventory, &mut out)
                .and_then(|()| out.flush());
            if let Err(e) = written {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(Error::usage(format!("cannot write the output: {e}")));
                }
            }
            print_diagnostics(&inventory.scan, cli.quiet, started, choice);
            // The process ends here: freeing every finding one by one would
            // only delay the exit (70 ms on the benchmark corpus).
            std::mem::forget(inventory);
            Ok(ExitCode::SUCCESS)
        }
        Command::Report(args) => {
            let config = Config::load(&cli.config)?;
            let query = args.filter.query(&config)?;
            check_output_folder(args.output.as_deref())?;
            let started = Instant::now();
            let mut inventory = scan_and_classify(&config, &args.rev.snapshot(), cli.quiet)?;
            inventory.retain(&query);
            let group_by = match args.group_by {
                GroupByArg::Category => GroupBy::Category,
                GroupByArg::Owner => GroupBy::Owner,
                GroupByArg::Repo => GroupBy::Repo,
            };
            let report: Box<dyn Report> = match args.format {
                ReportFormat::Markdown => Box::new(Markdown {
                    config: &config,
                    group_by,
                }),
                ReportFormat::Json => Box::new(JsonReport::new(&config)),
                ReportFormat::Csv => Box::new(Csv),
                ReportFormat::Sarif => Box::new(Sarif::new(
                    &config,
                    Gate::new(&config, &[])?.denied().to_vec(),
                )),
                ReportFormat::Html => Box::new(Html {
                    config: &config,
                    // The burndown: whatever `termshift history` recorded.
                    history: termshift::history::recorded(&config, &cli.config)?
                        .into_iter()
                        .map(|p| termshift::outputs::BurndownPoint {
                            label: p.commit.chars().take(8).collect(),
                            time: p.time,
                            counts: p.counts,
                        })
                        .collect(),
                }),
            };
            write_output(args.output.as_deref(), choice, |out| {
                report.write(&inventory, out)
            })?;
            print_diagnostics(&inventory.scan, cli.quiet, started, choice);
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => {
            if cli.config.exists() && !args.force {
                return Err(
                    Error::usage(format!("{} already exists", cli.config.display())).help(
                        "pass --force to overwrite it, or --config FILE to write another file",
                    ),
                );
            }
            check_output_folder(Some(&cli.config))?;
            let roots = if args.roots.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.roots.clone()
            };
            let starter = termshift::init::starter(&args.from, &args.to, &roots, &cli.config)?;
            write_output(Some(&cli.config), choice, |out| {
                out.write_all(starter.text.as_bytes())
            })?;
            if !cli.quiet {
                let mut err = AutoStream::new(std::io::stderr().lock(), choice);
                let total: usize = starter.counts.values().sum();
                let counts: Vec<String> = starter
                    .counts
                    .iter()
                    .map(|(category, n)| format!("{n} {category}"))
                    .collect();
                let _ = writeln!(
                    err,
                    "wrote {}: {}\nof the {total} occurrences of `{}`: {}\nnext: `termshift --config {} report`",
                    cli.config.display(),
                    starter.kind.reason(&args.from, &args.to),
                    args.from,
                    counts.join(", "),
                    cli.config.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(args) => {
            let config = Config::load(&cli.config)?;
            let query = args.filter.query(&config)?;
            let gate = Gate::new(&config, &args.deny)?;
            let baseline = args
                .baseline
                .as_deref()
                .map(|path| Baseline::load(path, &config))
                .transpose()?;
            check_output_folder(args.write_baseline.as_deref())?;
            let started = Instant::now();
            let mut inventory = scan_and_classify(&config, &Snapshot::WorkingTree, cli.quiet)?;
            inventory.retain(&query);
            let verdict = gate.judge(&inventory, baseline.as_ref());
            if let Some(path) = &args.write_baseline {
                let baseline = Baseline::of(&config, &verdict.violations);
                write_output(Some(path), choice, |out| {
                    serde_json::to_writer_pretty(&mut *out, &baseline)?;
                    writeln!(out)
                })?;
                print_diagnostics(&inventory.scan, cli.quiet, started, choice);
                let mut err = AutoStream::new(std::io::stderr().lock(), choice);
                let _ = writeln!(
                    err,
                    "wrote {} with {} denied occurrences",
                    path.display(),
                    verdict.violations.len()
                );
                return Ok(ExitCode::SUCCESS);
            }
            let stdout = AutoStream::new(std::io::stdout().lock(), choice);
            let mut out = std::io::BufWriter::new(stdout);
            let written = match args.format {
                CheckFormat::Text => write_verdict(&verdict, &gate, &mut out),
                CheckFormat::Github => write_annotations(&verdict, &config, &mut out),
            }
            .and_then(|()| out.flush());
            written.map_err(|e| Error::usage(format!("cannot write the output: {e}")))?;
            print_diagnostics(&inventory.scan, cli.quiet, started, choice);
            Ok(if verdict.violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Plan(args) => {
            let config = Config::load(&cli.config)?;
            check_output_folder(args.output.as_deref())?;
            let (plan, originals) = make_plan(&config, &args.change, cli.quiet)?;
            let dialect = match args.sql_dialect {
                SqlDialect::Sqlite => termshift::plan::schema::Dialect::Sqlite,
                SqlDialect::Postgres => termshift::plan::schema::Dialect::Postgres,
            };
            let sql = termshift::plan::schema::migration_script(&plan, &originals, dialect);
            warn_conflicts(&plan, choice);
            write_output(args.output.as_deref(), choice, |out| match args.format {
                PlanFormat::Markdown => {
                    termshift::outputs::write_plan_markdown(&plan, sql.as_deref(), out)
                }
                PlanFormat::Json => {
                    let doc = serde_json::json!({ "schema_version": 1, "plan": plan, "sql": sql });
                    serde_json::to_writer_pretty(&mut *out, &doc)?;
                    writeln!(out)
                }
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Apply(args) => {
            // Where the originals wait while files are written: beside the
            // configuration, in the folder the scan never reads.
            let config_folder = cli
                .config
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let journal = config_folder.join(".termshift").join("interrupted-apply");
            if args.restore {
                let restored = termshift::apply::restore_interrupted(&journal)?;
                if !cli.quiet {
                    let mut err = AutoStream::new(std::io::stderr().lock(), choice);
                    let _ = match restored {
                        0 => writeln!(err, "no interrupted apply to put back"),
                        n => writeln!(
                            err,
                            "put back {n} file(s) as they were before the interrupted apply"
                        ),
                    };
                }
                return Ok(ExitCode::SUCCESS);
            }
            let config = Config::load(&cli.config)?;
            let usual = termshift::apply::verify::usual_checks(&config);
            let checks = match args.verify.as_deref() {
                None => Vec::new(),
                Some("") if usual.is_empty() => {
                    return Err(Error::usage(
                        "--verify without a command, and no root has a go.mod, Cargo.toml, \
                         tsconfig.json or pyproject.toml at its top to tell its usual check",
                    )
                    .help("give the command that proves the result builds: --verify 'make test'"));
                }
                Some("") => usual.clone(),
                Some(command) => vec![termshift::apply::verify::Check {
                    name: "the configuration's folder".to_string(),
                    folder: config_folder.to_path_buf(),
                    command: command.to_string(),
                }],
            };
            let (plan, originals) = make_plan(&config, &args.change, cli.quiet)?;
            let batches = match args.batch {
                Some(n) => termshift::apply::Batches::Only(n),
                None => termshift::apply::Batches::All,
            };
            let changes = termshift::apply::changes(&plan, &originals, batches)?;
            warn_conflicts(&plan, choice);
            let mut err = AutoStream::new(std::io::stderr().lock(), choice);
            // The diff shows what changes; what the plan leaves for a person
            // (a UTF-16 file, a name with no new spelling) is told here.
            let yellow = AnsiColor::Yellow.on_default().bold();
            for left in &plan.skipped {
                let _ = writeln!(
                    err,
                    "{yellow}warning{yellow:#}: {}: `{}` left as it is: {}",
                    termshift::outputs::printable(&format!(
                        "{}/{}:{}",
                        left.repo, left.path, left.line
                    )),
                    termshift::outputs::printable(&left.text),
                    left.why
                );
            }
            if changes.is_empty() {
                if !cli.quiet {
                    let _ = writeln!(
                        err,
                        "nothing to do: no selected occurrence of `{}` is left",
                        config.from
                    );
                }
                return Ok(ExitCode::SUCCESS);
            }
            if !args.write {
                // Byte for byte, whatever the terminal: a diff that lost a
                // control character would not apply.
                let diff = termshift::apply::unified_diff(&changes);
                let mut out = std::io::stdout().lock();
                match out.write_all(diff.as_bytes()).and_then(|()| out.flush()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        return Err(Error::usage(format!("cannot write the diff: {e}")));
                    }
                    _ => {}
                }
                return Ok(ExitCode::SUCCESS);
            }
            let written = termshift::apply::write(
                &changes,
                &termshift::apply::WriteOptions {
                    allow_dirty: args.allow_dirty,
                    journal: Some(journal),
                    checks: checks.clone(),
                },
            )?;
            if !cli.quiet {
                for note in &written.notes {
                    let _ = writeln!(err, "note: {note}");
                }
                let places: usize = plan
                    .batches
                    .iter()
                    .flat_map(|b| &b.items)
                    .map(|i| i.places.len())
                    .sum();
                let renamed = match written.renamed {
                    0 => String::new(),
                    n => format!(", renamed {n}"),
                };
                let _ = writeln!(
                    err,
                    "edited {} files{renamed} ({places} places planned)",
                    written.files
                );
                for r in &plan.regenerate {
                    let _ = writeln!(err, "regenerate {}: {}", r.generated.join(", "), r.command);
                }
                if !plan.reread.is_empty() {
                    let _ = writeln!(
                        err,
                        "{} lines of prose spoke of the old name: read them again (`termshift plan`)",
                        plan.reread.len()
                    );
                }
                for check in &checks {
                    let _ = writeln!(
                        err,
                        "verified in {}: `{}` passed",
                        check.name, check.command
                    );
                }
                if checks.is_empty() && !usual.is_empty() {
                    let usual: Vec<String> = usual
                        .iter()
                        .map(|c| format!("{}: `{}`", c.name, c.command))
                        .collect();
                    let _ = writeln!(
                        err,
                        "hint: --verify proves the result builds and puts every file back if not ({})",
                        usual.join("; ")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Trace(args) => {
            let config = Config::load(&cli.config)?;
            let inventory = scan_and_classify(&config, &Snapshot::WorkingTree, cli.quiet)?;
            let traces = termshift::outputs::Trace::around(&inventory, &args.symbol, args.depth)?;
            let mut out = std::io::stdout().lock();
            let written = match args.format {
                TraceFormat::Box => traces.iter().try_for_each(|t| t.write_box(&mut out)),
                TraceFormat::Mermaid => traces.iter().try_for_each(|t| t.write_mermaid(&mut out)),
                TraceFormat::Json => serde_json::to_writer_pretty(&mut out, &traces)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out)),
            };
            written.map_err(|e| Error::usage(format!("cannot write the output: {e}")))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(args) => {
            let config = Config::load(&cli.config)?;
            let key = termshift::eval::AnswerKey::load(&args.key)?;
            let started = Instant::now();
            let inventory = scan_and_classify(&config, &Snapshot::WorkingTree, cli.quiet)?;
            let score = termshift::eval::Score::of(&inventory, &key);
            let mut out = std::io::stdout().lock();
            let written = match args.format {
                EvalFormat::Table => score.write_table(&mut out),
                EvalFormat::Json => serde_json::to_writer_pretty(&mut out, &score)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out)),
            };
            written.map_err(|e| Error::usage(format!("cannot write the output: {e}")))?;
            print_diagnostics(&inventory.scan, cli.quiet, started, choice);
            let shortfalls = score.shortfalls(args.min_precision, args.min_recall, args.max_review);
            let mut err = AutoStream::new(std::io::stderr().lock(), choice);
            for shortfall in &shortfalls {
                let _ = writeln!(err, "below target: {shortfall}");
            }
            Ok(if shortfalls.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::History(args) => {
            let config = Config::load(&cli.config)?;
            let started = Instant::now();
            let history = history(cli, args, &config)?;
            let stdout = AutoStream::new(std::io::stdout().lock(), choice);
            let mut out = std::io::BufWriter::new(stdout);
            let written =
                write_history(&history, &config, args.format, &mut out).and_then(|()| out.flush());
            if let Err(e) = written {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(Error::usage(format!("cannot write the output: {e}")));
                }
            }
            let mut err = AutoStream::new(std::io::stderr().lock(), choice);
            let yellow = AnsiColor::Yellow.on_default().bold();
            for warning in &history.warnings {
                let _ = writeln!(
                    err,
                    "{yellow}warning{yellow:#}: {}: {}",
                    warning.path, warning.message
                );
            }
            if !cli.quiet {
                let s = &history.stats;
                let dim = Style::new().dimmed();
                let _ = writeln!(
                    err,
                    "{dim}{} commits ({} kept from before, {} classified, {} unchanged), {} files scanned in {:.2}s{dim:#}",
                    history.points.len(),
                    s.points_cached,
                    s.points_classified,
                    s.points_unchanged,
                    s.files_scanned,
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Tree { file, lang } => {
            let lang = match lang {
                Some(name) => Lang::from_fence(name).unwrap_or(Lang::Text),
                None => Lang::from_path(file),
            };
            let text = std::fs::read(file)
                .map_err(|e| Error::usage(format!("cannot read {}: {e}", file.display())))?;
            let tree = syntax::debug_tree(lang, &text).ok_or_else(|| {
                Error::usage(format!("no grammar for {}", file.display()))
                    .help("pass --lang go|typescript|tsx|javascript|proto|sql|markdown|python|rust|yaml|json")
            })?;
            print!("{tree}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The gate's verdict as text: what fails, what is allowed and why, the
/// counts.
fn write_verdict(verdict: &Verdict, gate: &Gate, out: &mut dyn Write) -> std::io::Result<()> {
    let red = AnsiColor::Red.on_default().bold();
    let dim = Style::new().dimmed();
    for f in &verdict.violations {
        let o = &f.occurrence;
        writeln!(
            out,
            "{red}{}{red:#} {}/{}:{}:{} `{}` {dim}{}{dim:#}",
            f.category,
            o.repo,
            o.path,
            o.line,
            o.column,
            o.text,
            f.reasons.first().map_or("", String::as_str)
        )?;
    }
    for (f, reason) in &verdict.allowed {
        let o = &f.occurrence;
        writeln!(
            out,
            "allowed {}/{}:{} `{}`: {reason}",
            o.repo, o.path, o.line, o.text
        )?;
    }
    writeln!(
        out,
        "{} occurrences of {} remain ({} allowed, {} in the baseline)",
        verdict.violations.len(),
        gate.denied().join(", "),
        verdict.allowed.len(),
        verdict.baselined.len()
    )
}

/// The occurrences that fail, as GitHub Actions error annotations on the
/// files as seen from where the command runs.
fn write_annotations(
    verdict: &Verdict,
    config: &Config,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let escape = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| escape(s).replace(':', "%3A").replace(',', "%2C");
    for f in &verdict.violations {
        let o = &f.occurrence;
        let root = config.roots.iter().find(|r| r.name == o.repo);
        let file = root.map_or_else(
            || o.path.clone(),
            |r| r.path.join(&o.path).display().to_string(),
        );
        writeln!(
            out,
            "::error file={},line={},col={},title={}::{}",
            property(&file),
            o.line,
            o.column,
            property(&f.category),
            escape(&format!(
                "`{}`: {} ({})",
                o.text,
                f.proposed,
                f.reasons.first().map_or("", String::as_str)
            ))
        )?;
    }
    Ok(())
}

/// Scans and classifies, with a progress spinner on a terminal.
fn scan_and_classify(
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

/// Counts the categories along the history, with a progress bar on a
/// terminal.
fn history(cli: &Cli, args: &HistoryArgs, config: &Config) -> Result<History, Error> {
    let database = Database::open(
        &termshift::history::database_path(&cli.config),
        args.rebuild,
    )?;
    let selection = Selection {
        since: args.since,
        revs: args.revs.clone(),
        every: args.every as usize,
    };
    let bar = (!cli.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::no_length();
        bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} commits, {elapsed} (eta {eta})")
                .expect("the template is valid"),
        );
        bar
    });
    let history = termshift::history::history(
        config,
        &cli.config,
        &selection,
        &database,
        &|done, total| {
            if let Some(bar) = &bar {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    history
}

/// The points as a table or CSV: a row per commit, a column per category.
fn write_history(
    history: &History,
    config: &Config,
    format: HistoryFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let categories = config.categories();
    match format {
        HistoryFormat::Json => {
            serde_json::to_writer_pretty(
                &mut *out,
                &serde_json::json!({
                    "categories": categories,
                    "points": history.points,
                    "stats": history.stats,
                    "warnings": history.warnings.iter().map(|w| serde_json::json!({"path": w.path, "message": w.message})).collect::<Vec<_>>(),
                }),
            )?;
            writeln!(out)
        }
        HistoryFormat::Csv => {
            let quote = |s: &str| {
                if s.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.to_string()
                }
            };
            write!(out, "time,roots,commit,subject")?;
            for category in &categories {
                write!(out, ",{category}")?;
            }
            write!(out, "\r\n")?;
            for point in &history.points {
                write!(
                    out,
                    "{},{},{},{}",
                    point.time,
                    quote(&point.roots.join(" ")),
                    point.commit,
                    quote(&point.subject)
                )?;
                for category in &categories {
                    write!(out, ",{}", point.counts.get(category).copied().unwrap_or(0))?;
                }
                write!(out, "\r\n")?;
            }
            Ok(())
        }
        HistoryFormat::Table => {
            let bold = Style::new().bold();
            write!(out, "{bold}{:<10} {:<8}", "date", "commit")?;
            for category in &categories {
                write!(out, " {category:>w$}", w = category.len().max(5))?;
            }
            writeln!(out, " {:>7}  subject{bold:#}", "total")?;
            for point in &history.points {
                write!(out, "{:<10} {:<8}", day(point.time), &point.commit[..8])?;
                for category in &categories {
                    let count = point.counts.get(category).copied().unwrap_or(0);
                    write!(out, " {count:>w$}", w = category.len().max(5))?;
                }
                let total: usize = point.counts.values().sum();
                writeln!(out, " {total:>7}  {}", point.subject)?;
            }
            Ok(())
        }
    }
}

/// `YYYY-MM-DD` (UTC) of a time in seconds since the Unix epoch.
fn day(time: i64) -> String {
    // Civil date of a day count (Howard Hinnant's algorithm).
    let z = time.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Scans, classifies, reads the files and plans the migration.
fn make_plan(
    config: &Config,
    args: &ChangeArgs,
    quiet: bool,
) -> Result<(termshift::plan::Plan, termshift::plan::Originals), Error> {
    let filter = Query::new(
        &QueryText {
            paths: args.path.clone(),
            symbols: args.symbol.clone(),
            ..QueryText::default()
        },
        &config.categories(),
    )?;
    let categories = if args.category.is_empty() {
        termshift::plan::Selection::default_categories(config)
    } else {
        // Checked against the configuration's categories.
        Query::new(
            &QueryText {
                categories: args.category.clone(),
                ..QueryText::default()
            },
            &config.categories(),
        )?;
        args.category
            .iter()
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let inventory = scan_and_classify(config, &Snapshot::WorkingTree, quiet)?;
    let originals = termshift::plan::Originals::read(config, &inventory)?;
    let policy = match args.policy {
        PolicyArg::HardCut => termshift::plan::Policy::HardCut,
        PolicyArg::Compat => termshift::plan::Policy::Compat,
    };
    let weakest = match args.min_confidence {
        ConfidenceArg::High => Confidence::High,
        ConfidenceArg::Medium => Confidence::Medium,
        ConfidenceArg::Low => Confidence::Low,
    };
    let selection = termshift::plan::Selection {
        categories,
        filter: &|f| f.confidence <= weakest && filter.matches(f),
    };
    let on_conflict = if args.strict {
        termshift::plan::OnConflict::Stop
    } else {
        termshift::plan::OnConflict::LeaveOut
    };
    let plan = termshift::plan::plan(
        config,
        &inventory,
        &originals,
        &selection,
        policy,
        on_conflict,
    )?;
    Ok((plan, originals))
}

/// The names a plan leaves out because they would collide, on standard
/// error: the rest goes on without them.
fn warn_conflicts(plan: &termshift::plan::Plan, choice: ColorChoice) {
    if plan.conflicts.is_empty() {
        return;
    }
    let mut err = AutoStream::new(std::io::stderr().lock(), choice);
    let yellow = AnsiColor::Yellow.on_default().bold();
    for c in &plan.conflicts {
        let other = match &c.other_path {
            Some(path) => format!("{path}:{}", c.other_line),
            None => format!("line {}", c.other_line),
        };
        let message = format!(
            "{}/{}:{}: `{}` -> `{}`: {} ({other}); left as it is at {} places (suggested name for the other: `{}`)",
            c.repo, c.path, c.line, c.old, c.new, c.why, c.left, c.suggested
        );
        let _ = writeln!(
            err,
            "{yellow}warning{yellow:#}: {}",
            termshift::outputs::printable(&message)
        );
    }
    let _ = writeln!(
        err,
        "{} name(s) would collide and are left for a person; the rest is planned (--strict plans nothing instead)",
        plan.conflicts.len()
    );
}

/// Fails before any work when the output file's folder does not exist.
fn check_output_folder(output: Option<&Path>) -> Result<(), Error> {
    let Some(path) = output else {
        return Ok(());
    };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if folder.is_some_and(|f| !f.is_dir()) {
        return Err(Error::usage(format!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            folder.unwrap_or(path).display()
        ))
        .help("create the folder first, or pass another --output"));
    }
    Ok(())
}

/// Writes an output to standard output, or to a file through a temporary
/// file in the same folder renamed over it: a failure leaves no partial
/// file.
fn write_output(
    output: Option<&Path>,
    choice: ColorChoice,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    match output {
        None => {
            let stdout = AutoStream::new(std::io::stdout().lock(), choice);
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
            match write(&mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Error::usage(format!("cannot write the output: {e}")))
                }
                _ => Ok(()),
            }
        }
        Some(path) => output_file::write_file(path, write),
    }
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

/// Warnings and the summary line go to standard error.
fn print_diagnostics(result: &ScanResult, quiet: bool, started: Instant, choice: ColorChoice) {
    let mut err = AutoStream::new(std::io::stderr().lock(), choice);
    let yellow = AnsiColor::Yellow.on_default().bold();
    for warning in &result.warnings {
        let _ = writeln!(
            err,
            "{yellow}warning{yellow:#}: {}: {}",
            termshift::outputs::printable(&warning.path),
            termshift::outputs::printable(&warning.message)
        );
    }
    if quiet {
        return;
    }
    let s = &result.summary;
    let dim = Style::new().dimmed();
    let mut line = format!(
        "{} occurrences in {} files ({} files scanned, {} held a needle) in {:.2}s",
        s.occurrences,
        s.matched,
        s.files,
        s.candidates,
        started.elapsed().as_secs_f64()
    );
    if s.syntax_errors > 0 {
        line += &format!(
            "; {} files with syntax errors (hits inside an error have the role `lexical`)",
            s.syntax_errors
        );
    }
    if s.binary_skipped > 0 {
        line += &format!("; {} binary files skipped", s.binary_skipped);
    }
    if s.too_large_skipped > 0 {
        line += &format!(
            "; {} files over the size limit skipped",
            s.too_large_skipped
        );
    }
    if s.lossy_utf8 > 0 {
        line += &format!("; {} files with invalid UTF-8 read lossily", s.lossy_utf8);
    }
    let _ = writeln!(err, "{dim}{line}{dim:#}");
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_index_names_mimallocs_purge_delay() {
        // Nothing in the tests sets it: it holds mimalloc's default, 1000 ms.
        // Another option at that index would hold another value.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
