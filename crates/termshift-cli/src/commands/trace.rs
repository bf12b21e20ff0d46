//! `termshift trace`: where a name's value comes from and where it goes, as
//! boxes, a Mermaid flowchart or JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use termshift::sources::Snapshot;
use termshift::Error;

use crate::common::{scan_and_classify, terminal_width, Globals};

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift trace Conversation.RunID
  termshift trace turns.run_id --format mermaid > flow.mmd
  termshift trace run_id --format json --depth 4

SYMBOL is a name as reasons print it (`Conversation.RunID`, `turns.run_id`,
`\"run_id\"`), or as written in code (`RunID`: every name of that spelling).")]
pub struct TraceArgs {
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

pub fn run(args: &TraceArgs, globals: &Globals) -> Result<ExitCode, Error> {
    let config = globals.load_config()?;
    let inventory = scan_and_classify(&config, &Snapshot::WorkingTree, globals.quiet)?;
    let traces = termshift::outputs::Trace::around(&inventory, &args.symbol, args.depth)?;
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        TraceFormat::Box => {
            let width = terminal_width();
            traces.iter().try_for_each(|t| t.write_box(&mut out, width))
        }
        TraceFormat::Mermaid => traces.iter().try_for_each(|t| t.write_mermaid(&mut out)),
        TraceFormat::Json => serde_json::to_writer_pretty(&mut out, &traces)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
    };
    written.map_err(|e| Error::usage(format!("cannot write the output: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
