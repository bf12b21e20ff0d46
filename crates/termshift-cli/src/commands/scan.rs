//! `termshift scan`: every occurrence with its role, category and reasons,
//! as a table or JSON Lines, or every reason behind one line (`--explain`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anstream::AutoStream;
use clap::{Args, ValueEnum};
use termshift::outputs::{JsonLines, Report, Table};
use termshift::{Config, Error};

use crate::common::{scan_and_classify, terminal_width, FilterArgs, Globals, RevArg};
use crate::output::print_diagnostics;

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift scan
  termshift scan --format jsonl | jq 'select(.role == \"sql_column\")'
  termshift scan --category LEGACY_SESSION_ALIAS --owner backend
  termshift scan --path 'web/**' --breaking yes,schema
  termshift scan --wide                              every cell whole, however narrow the terminal
  termshift scan --from run --to session ../backend ../frontend")]
pub struct ScanArgs {
    /// The old word; with --to and PATHS, scans without a configuration file.
    #[arg(long, requires = "to", value_name = "WORD")]
    from: Option<String>,
    /// The new word.
    #[arg(long, requires = "from", value_name = "WORD")]
    to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Table)]
    format: ScanFormat,
    /// Folders or files to scan, each a root (with --from and --to).
    #[arg(value_name = "PATHS", requires = "from")]
    paths: Vec<PathBuf>,
    /// Print every cell of the table whole, however wide the terminal (on a
    /// pipe or a file, they always are).
    #[arg(long)]
    wide: bool,
    /// Print every reason behind the occurrences on one line (`root/path:line`).
    #[arg(long, value_name = "PATH:LINE")]
    explain: Option<String>,
    #[command(flatten)]
    rev: RevArg,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScanFormat {
    /// A table grouped by file.
    Table,
    /// One JSON object per occurrence.
    Jsonl,
}

pub fn run(args: &ScanArgs, globals: &Globals) -> Result<ExitCode, Error> {
    let config = match (&args.from, &args.to) {
        (Some(from), Some(to)) => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths.clone()
            };
            Config::quick(from, to, &paths)?
        }
        _ => globals.load_config()?,
    };
    let query = args.filter.query(&config)?;
    if let Some(place) = &args.explain {
        // Before the scan: a mistyped place fails at once.
        termshift::outputs::explain::parse_place(place)?;
    }
    let started = Instant::now();
    let mut inventory = scan_and_classify(&config, &args.rev.snapshot(), globals.quiet)?;
    inventory.retain(&query);
    if let Some(place) = &args.explain {
        let found = termshift::outputs::explain::findings_at(&inventory, place)?;
        let mut out = std::io::stdout().lock();
        termshift::outputs::explain::write_explain(&found, &mut out)
            .map_err(|e| Error::usage(format!("cannot write the output: {e}")))?;
        return Ok(ExitCode::SUCCESS);
    }
    let table = Table {
        width: if args.wide { None } else { terminal_width() },
    };
    let report: &dyn Report = match args.format {
        ScanFormat::Table => &table,
        ScanFormat::Jsonl => &JsonLines,
    };
    let stdout = std::io::stdout().lock();
    // JSON escapes control characters: JSON Lines hold no ANSI
    // sequence, and skip the stream that would look for them in
    // every byte.
    let stdout: Box<dyn Write> = match args.format {
        ScanFormat::Jsonl => Box::new(stdout),
        ScanFormat::Table => Box::new(AutoStream::new(stdout, globals.color)),
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
    print_diagnostics(&inventory.scan, globals.quiet, started, globals.color);
    // The process ends here: freeing every finding one by one would
    // only delay the exit (70 ms on the benchmark corpus).
    std::mem::forget(inventory);
    Ok(ExitCode::SUCCESS)
}
