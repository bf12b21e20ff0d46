//! `termshift report`: the classified inventory as one document (Markdown,
//! JSON, CSV, SARIF or HTML), on standard output or in a file.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, ValueEnum};
use termshift::gate::Gate;
use termshift::outputs::{Csv, GroupBy, Html, JsonReport, Markdown, Overview, Report, Sarif};
use termshift::Error;

use crate::common::{scan_and_classify, terminal_width, FilterArgs, Globals, RevArg};
use crate::output::{check_output_folder, print_diagnostics, write_output};

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift report                                        on a terminal: the counts, and what needs a person
  termshift report -o docs/inventory.md
  termshift report -o - | less                            the Markdown on standard output
  termshift report --group-by owner --category LEGACY_SESSION_ALIAS
  termshift report --path 'backend/**' > backend.md
  termshift report --format sarif -o termshift.sarif      for code scanning
  termshift report --format csv -o occurrences.csv
  termshift report --format html -o inventory.html        one page to browse offline

On a terminal, without -o or --format, report prints an overview (each category's count
and action, what the gate denies, what is left to review) and how to write the whole
inventory; on a pipe, it writes the Markdown.

The front matter comes from the [report] table of termshift.toml (title, ticket, status,
topics, doc_type, intent, owners, external_sources, summary, last_updated, what_for,
when_to_use); each field has a default made from the migration.")]
pub struct ReportArgs {
    /// Output format [default: markdown]. Given, it is written to a
    /// terminal too.
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// How the category tables are grouped.
    #[arg(long, value_enum, default_value_t = GroupByArg::Category)]
    group_by: GroupByArg,
    /// Write to this file (atomically) instead of standard output; `-` is
    /// standard output, even a terminal's.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    rev: RevArg,
    #[command(flatten)]
    filter: FilterArgs,
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

pub fn run(args: &ReportArgs, globals: &Globals) -> Result<ExitCode, Error> {
    let config = globals.load_config()?;
    let query = args.filter.query(&config)?;
    check_output_folder(args.output.as_deref())?;
    let started = Instant::now();
    let mut inventory = scan_and_classify(&config, &args.rev.snapshot(), globals.quiet)?;
    inventory.retain(&query);
    let group_by = match args.group_by {
        GroupByArg::Category => GroupBy::Category,
        GroupByArg::Owner => GroupBy::Owner,
        GroupByArg::Repo => GroupBy::Repo,
    };
    if args.output.is_none() && args.format.is_none() && std::io::stdout().is_terminal() {
        let gate = Gate::new(&config, &[])?;
        let width = terminal_width();
        let overview = Overview {
            config: &config,
            gate: &gate,
            width,
        };
        write_output(None, globals.color, |out| {
            overview.write(&inventory, out)?;
            writeln!(
                out,
                "\nThe whole inventory, for a file:\n  \
                 termshift report -o inventory.md\n  \
                 termshift report --format html -o inventory.html\n\
                 or here: termshift report -o -"
            )
        })?;
        print_diagnostics(&inventory.scan, globals.quiet, started, globals.color);
        return Ok(ExitCode::SUCCESS);
    }
    let report: Box<dyn Report> = match args.format.unwrap_or(ReportFormat::Markdown) {
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
            history: termshift::history::recorded(&config, &globals.config)?
                .into_iter()
                .map(|p| termshift::outputs::BurndownPoint {
                    label: p.commit.chars().take(8).collect(),
                    time: p.time,
                    counts: p.counts,
                })
                .collect(),
        }),
    };
    write_output(args.output.as_deref(), globals.color, |out| {
        report.write(&inventory, out)
    })?;
    print_diagnostics(&inventory.scan, globals.quiet, started, globals.color);
    Ok(ExitCode::SUCCESS)
}
