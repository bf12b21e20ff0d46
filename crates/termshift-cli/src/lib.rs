//! The `termshift` command line: the arguments every command takes, the
//! commands (one module each under `commands`) and the entry point.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anstream::{AutoStream, ColorChoice};
use anstyle::AnsiColor;
use clap::{Parser, Subcommand, ValueEnum};

use commands::{
    apply, check, decide, eval, history, init, plan, report, review, scan, trace, tree,
};
use common::Globals;

mod allocator;
mod commands;
mod common;
mod output;
mod output_file;

const EXAMPLES: &str = "\
Examples:
  termshift init --from run --to session ../api ../web   write a starter termshift.toml
  termshift report -o inventory.md                        the classified inventory in Markdown
  termshift scan --category LEGACY_SESSION_ALIAS          every occurrence, with its category and reasons
  termshift scan --explain api/router.go:118              every reason behind one line
  termshift trace Conversation.RunID                      where a name's value comes from and goes
  termshift review                                        decide what needs a person, a key per group
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
    /// Scan every file again: neither read nor write the scan cache
    /// (.termshift/scan-cache.sqlite beside the configuration file).
    #[arg(long, global = true)]
    no_cache: bool,
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
    Scan(scan::ScanArgs),
    /// Write the inventory: Markdown in the reference layout, with the flows and the counts.
    Report(report::ReportArgs),
    /// Write a commented starter termshift.toml from a first scan.
    Init(init::InitArgs),
    /// Decide what needs a person, group by group, with a key each: [[decisions]] entries.
    Review(review::ReviewArgs),
    /// Decide occurrences left to review from the command line: a [[decisions]] entry.
    Decide(decide::DecideArgs),
    /// The CI gate: exit 1 while occurrences of denied categories remain.
    Check(check::CheckArgs),
    /// The migration as ordered batches, with the schema script.
    Plan(plan::PlanArgs),
    /// Rename the old word: a unified diff, or the edits with --write.
    Apply(apply::ApplyArgs),
    /// Show where a name's value comes from and where it goes.
    Trace(trace::TraceArgs),
    /// Score the classification against an answer key: precision and recall per category.
    Eval(eval::EvalArgs),
    /// Count the categories at each commit of the roots' git history: the migration's burndown.
    History(history::HistoryArgs),
    /// Print the syntax tree of a file, with field names (for writing role queries).
    #[command(hide = true)]
    Tree(tree::TreeArgs),
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    allocator::share_allocator_with_tree_sitter();
    let cli = Cli::parse();
    // The history classifies one state after another, each freeing what
    // the next allocates again: there, returning memory at once only
    // costs time (on the history benchmark, median of 3 runs: 10.6 s
    // instead of 7.9 s, for a peak of 166 MB instead of 248 MB).
    if !matches!(cli.command, Command::History(_)) {
        allocator::purge_freed_memory_at_once();
    }
    let globals = Globals {
        config: cli.config,
        quiet: cli.quiet,
        no_cache: cli.no_cache,
        color: match cli.color {
            ColorWhen::Auto => ColorChoice::Auto,
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Never => ColorChoice::Never,
        },
    };
    let result = match &cli.command {
        Command::Scan(args) => scan::run(args, &globals),
        Command::Report(args) => report::run(args, &globals),
        Command::Init(args) => init::run(args, &globals),
        Command::Review(args) => review::run(args, &globals),
        Command::Decide(args) => decide::run(args, &globals),
        Command::Check(args) => check::run(args, &globals),
        Command::Plan(args) => plan::run(args, &globals),
        Command::Apply(args) => apply::run(args, &globals),
        Command::Trace(args) => trace::run(args, &globals),
        Command::Eval(args) => eval::run(args, &globals),
        Command::History(args) => history::run(args, &globals),
        Command::Tree(args) => tree::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            let mut stderr = AutoStream::new(std::io::stderr(), globals.color);
            let red = AnsiColor::Red.on_default().bold();
            let _ = writeln!(stderr, "{red}error{red:#}: {err}");
            ExitCode::from(err.exit_code)
        }
    }
}
