//! `termshift init`: a commented starter `termshift.toml` from a first scan.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anstream::AutoStream;
use clap::Args;
use termshift::Error;

use crate::common::{Globals, ProgressLine};
use crate::output::{check_output_folder, write_output};

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift init --from run --to session ../backend ../web
  termshift --config ci/termshift.toml init --from user --to account . --force

It writes the roots, the usual excludes (node_modules, dist, build, vendor, target, .venv),
the domains a first scan suggests (names under a type named for the old word that never
reach the new word) and the renames it would make, each with a comment saying why.
It refuses to overwrite an existing file without --force.")]
pub struct InitArgs {
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

pub fn run(args: &InitArgs, globals: &Globals) -> Result<ExitCode, Error> {
    if globals.config.exists() && !args.force {
        return Err(
            Error::usage(format!("{} already exists", globals.config.display()))
                .help("pass --force to overwrite it, or --config FILE to write another file"),
        );
    }
    check_output_folder(Some(&globals.config))?;
    let roots = if args.roots.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.roots.clone()
    };
    let progress = ProgressLine::new(globals.quiet);
    let starter = termshift::init::starter(&args.from, &args.to, &roots, &globals.config, &|p| {
        progress.tell(p)
    })?;
    drop(progress);
    write_output(Some(&globals.config), globals.color, |out| {
        out.write_all(starter.text.as_bytes())
    })?;
    if !globals.quiet {
        let mut err = AutoStream::new(std::io::stderr().lock(), globals.color);
        let total: usize = starter.counts.values().sum();
        let counts: Vec<String> = starter
            .counts
            .iter()
            .map(|(category, n)| format!("{n} {category}"))
            .collect();
        let _ = writeln!(
            err,
            "wrote {}: {}\nof the {total} occurrences of `{}`: {}\nnext: `termshift --config {} report`",
            globals.config.display(),
            starter.kind.reason(&args.from, &args.to),
            args.from,
            counts.join(", "),
            globals.config.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
