//! `termshift check`: the CI gate, which fails while occurrences of denied
//! categories remain, or writes the baseline that accepts them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anstream::AutoStream;
use anstyle::{AnsiColor, Style};
use clap::{Args, ValueEnum};
use termshift::gate::{Baseline, Gate, Verdict};
use termshift::sources::Snapshot;
use termshift::{Config, Error};

use crate::common::{scan_and_classify, FilterArgs, Globals};
use crate::output::{check_output_folder, print_diagnostics, write_output};

#[derive(Args)]
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
pub struct CheckArgs {
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

pub fn run(args: &CheckArgs, globals: &Globals) -> Result<ExitCode, Error> {
    let config = globals.load_config()?;
    let query = args.filter.query(&config)?;
    let gate = Gate::new(&config, &args.deny)?;
    let baseline = args
        .baseline
        .as_deref()
        .map(|path| Baseline::load(path, &config))
        .transpose()?;
    check_output_folder(args.write_baseline.as_deref())?;
    let started = Instant::now();
    let mut inventory = scan_and_classify(&config, &Snapshot::WorkingTree, globals.quiet)?;
    inventory.retain(&query);
    let verdict = gate.judge(&inventory, baseline.as_ref());
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&config, &verdict.violations);
        write_output(Some(path), globals.color, |out| {
            serde_json::to_writer_pretty(&mut *out, &baseline)?;
            writeln!(out)
        })?;
        print_diagnostics(&inventory.scan, globals.quiet, started, globals.color);
        let mut err = AutoStream::new(std::io::stderr().lock(), globals.color);
        let _ = writeln!(
            err,
            "wrote {} with {} denied occurrences",
            path.display(),
            verdict.violations.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let stdout = AutoStream::new(std::io::stdout().lock(), globals.color);
    let mut out = std::io::BufWriter::new(stdout);
    let written = match args.format {
        CheckFormat::Text => write_verdict(&verdict, &gate, &mut out),
        CheckFormat::Github => write_annotations(&verdict, &config, &mut out),
    }
    .and_then(|()| out.flush());
    written.map_err(|e| Error::usage(format!("cannot write the output: {e}")))?;
    print_diagnostics(&inventory.scan, globals.quiet, started, globals.color);
    Ok(if verdict.violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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
