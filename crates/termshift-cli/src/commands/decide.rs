//! `termshift decide`: one `[[decisions]]` entry from the command line, for
//! scripts; `termshift review` asks a person instead.

use std::io::Write;
use std::process::ExitCode;

use anstream::AutoStream;
use clap::Args;
use termshift::review::{self, Effect, Selector};
use termshift::sources::Snapshot;
use termshift::Error;

use crate::common::{scan_and_classify, Globals};
use crate::output_file::write_file;

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift decide --text PersistentPreRunE --category OTHER_PROGRAM --reason \"cobra's hook\"
  termshift decide --text runs-on --path '*/.github/**' --category OTHER_PROGRAM --reason CI
  termshift decide --symbol 'PlanningRun.*' --category PLANNING_RUN_DOMAIN --reason planner
  termshift decide --text run_mode --category PROCESS_VERB --reason 'the mode' --dry-run

It appends a [[decisions]] entry with a comment to the configuration file, leaving what
the file holds as it was; the file is checked, then replaced atomically. A decision beats
all evidence: it says how many occurrences left to review it decides, and how many
decided otherwise it changes too.
Exit 0 when it decided occurrences left to review, 1 when it matches none (nothing is
written), 2 for an unknown category or a bad glob.")]
pub struct DecideArgs {
    /// Occurrences whose enclosing symbol matches this glob (`Router.*`); an
    /// occurrence without a symbol never matches it.
    #[arg(long, value_name = "GLOB")]
    symbol: Option<String>,
    /// Occurrences whose whole identifier or word matches this glob
    /// (`PersistentPreRunE`, `runs-on`).
    #[arg(long, value_name = "GLOB")]
    text: Option<String>,
    /// Occurrences in files matching this glob over `root/path`.
    #[arg(long, value_name = "GLOB")]
    path: Option<String>,
    /// The category they get (LEGACY_SESSION_ALIAS, PROCESS_VERB, a domain's, ...).
    #[arg(long, value_name = "CATEGORY")]
    category: String,
    /// Why, for whoever reads the configuration next.
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// Say what it would decide, and write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: &DecideArgs, globals: &Globals) -> Result<ExitCode, Error> {
    let config = globals.load_config()?;
    let category = review::category(&config, &args.category)?;
    let selector = Selector {
        path: args.path.clone(),
        symbol: args.symbol.clone(),
        text: args.text.clone(),
    };
    let matcher = selector.matcher()?;
    let inventory = scan_and_classify(&config, &Snapshot::WorkingTree, globals.quiet)?;
    let effect = review::effect(&inventory, &matcher);
    let mut err = AutoStream::new(std::io::stderr().lock(), globals.color);
    if effect.decided == 0 {
        let _ = writeln!(
            err,
            "no occurrence left to review matches {}{}; nothing written",
            described(&selector),
            decided_otherwise(&effect, "")
                .map(|(n, counts)| format!(" (it matches {n} already decided: {counts})"))
                .unwrap_or_default()
        );
        return Ok(ExitCode::from(1));
    }
    let plural = if effect.decided == 1 { "" } else { "s" };
    let mut said = format!(
        "{} occurrence{plural} left to review as {category}",
        effect.decided
    );
    if args.dry_run {
        said = format!("would decide {said}");
    } else {
        let source = std::fs::read_to_string(&globals.config)
            .map_err(|e| Error::usage(format!("cannot read {}: {e}", globals.config.display())))?;
        let entry = review::entry(
            &format!(
                "decided with termshift decide: {} occurrence{plural} left to review",
                effect.decided
            ),
            &selector,
            &category,
            &args.reason,
        );
        let text = review::appended(&source, &globals.config, &entry)?;
        write_file(&globals.config, |out| out.write_all(text.as_bytes()))?;
        said = format!(
            "decided {said} (a [[decisions]] entry in {})",
            globals.config.display()
        );
    }
    if let Some((n, counts)) = decided_otherwise(&effect, &category) {
        said.push_str(&format!(
            "; it also changes {n} decided otherwise: {counts}"
        ));
    }
    if !globals.quiet {
        let _ = writeln!(err, "{said}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The globs as the command line gave them: `--text X --path Y`.
fn described(selector: &Selector) -> String {
    [
        ("--symbol", &selector.symbol),
        ("--text", &selector.text),
        ("--path", &selector.path),
    ]
    .into_iter()
    .filter_map(|(flag, glob)| glob.as_ref().map(|g| format!("{flag} {g}")))
    .collect::<Vec<_>>()
    .join(" ")
}

/// Those of the occurrences a decision matches beside the ones left to
/// review that the evidence or an earlier decision gave another category
/// than `except`: "3 occurrences" and "2 PROCESS_VERB, 1 HISTORY"; none
/// when there are none.
pub fn decided_otherwise(effect: &Effect, except: &str) -> Option<(String, String)> {
    let other: Vec<(&String, &usize)> = effect
        .overridden
        .iter()
        .filter(|(c, _)| *c != except)
        .collect();
    let total: usize = other.iter().map(|(_, n)| **n).sum();
    let counts: Vec<String> = other
        .iter()
        .map(|(category, n)| format!("{n} {category}"))
        .collect();
    (total > 0).then(|| {
        (
            format!("{total} occurrence{}", if total == 1 { "" } else { "s" }),
            counts.join(", "),
        )
    })
}
