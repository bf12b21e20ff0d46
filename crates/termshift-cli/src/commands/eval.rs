//! `termshift eval`: the classification scored against an answer key, and
//! the thresholds that fail it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anstream::AutoStream;
use clap::{Args, ValueEnum};
use termshift::sources::Snapshot;
use termshift::Error;

use crate::common::{scan_and_classify, Globals};
use crate::output::print_diagnostics;

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift --config examples/run-to-session/termshift.toml eval --key examples/run-to-session/answer-key.tsv
  termshift eval --key key.tsv --min-precision 0.95 --min-recall 0.95 --max-review 0.05

The key is tab-separated with a header row naming at least path (root/path), line,
text, term (from|to) and category; column and role are used when present.
Exit 1 when a threshold is missed or the key and the scan disagree on the occurrences.")]
pub struct EvalArgs {
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

pub fn run(args: &EvalArgs, globals: &Globals) -> Result<ExitCode, Error> {
    let config = globals.load_config()?;
    let key = termshift::eval::AnswerKey::load(&args.key)?;
    let started = Instant::now();
    let inventory = scan_and_classify(&config, &Snapshot::WorkingTree, globals.quiet)?;
    let score = termshift::eval::Score::of(&inventory, &key);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        EvalFormat::Table => score.write_table(&mut out),
        EvalFormat::Json => serde_json::to_writer_pretty(&mut out, &score)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
    };
    written.map_err(|e| Error::usage(format!("cannot write the output: {e}")))?;
    print_diagnostics(&inventory.scan, globals.quiet, started, globals.color);
    let shortfalls = score.shortfalls(args.min_precision, args.min_recall, args.max_review);
    let mut err = AutoStream::new(std::io::stderr().lock(), globals.color);
    for shortfall in &shortfalls {
        let _ = writeln!(err, "below target: {shortfall}");
    }
    Ok(if shortfalls.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
