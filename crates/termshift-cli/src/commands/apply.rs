//! `termshift apply`: the plan's renames as a unified diff, or written to
//! the files (`--write`, checked with `--verify`), or an interrupted write
//! put back (`--restore`).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anstream::AutoStream;
use anstyle::AnsiColor;
use clap::Args;
use termshift::Error;

use super::plan::{make_plan, warn_conflicts, ChangeArgs};
use crate::common::{Globals, ProgressLine};

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift apply                                   the diff of every batch but the shims
  termshift apply --write                           edit the files
  termshift apply --batch 1 --write                 one batch at a time
  termshift apply --path 'backend/**' | git apply   the backend's names (everywhere they live)
  termshift apply --write --min-confidence high --strict
  termshift apply --write --regenerate --verify 'go build ./...'
                                                    edit, run the generators, then build

Names change in their own style (RunID -> SessionID, run_id -> session_id); a [renames] entry
overrides one. A legacy entry beside a twin with the same value is removed (--policy hard-cut)
or kept (--policy compat). A name that would collide is left for a person and the rest is
written (--strict: nothing is). Files with uncommitted changes are refused without --allow-dirty;
every file is written atomically and parsed again: if one no longer parses, all are put back.

Generated files are never edited. `termshift plan` names each one's generator where the project
tells it (the //go:generate directives beside it, a buf.gen.yaml for .proto sources) and says
whether it can run here. --regenerate runs those that can, after the edits and before --verify,
each in its folder; the files of the folders they write are recorded first, so when a generator
or the check fails every file goes back byte for byte and the files a generator created are
removed (--restore does the same after an interruption). A generator whose program is not on
PATH is named with the command to run by hand; --regenerate fails before writing anything only
when no generator the plan needs can run, since then the flag cannot do what it asks.")]
pub struct ApplyArgs {
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
    /// After writing and before --verify, run the generators `termshift
    /// plan` lists as runnable (`go generate types.go`, `buf generate`),
    /// each in its folder; every file goes back if one fails.
    #[arg(long, requires = "write")]
    regenerate: bool,
    /// How long each generator may run before it is stopped.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 600,
        requires = "regenerate"
    )]
    regenerate_timeout: u64,
    /// How long the --verify command may run: one still running then is
    /// stopped, with what it started, and every file goes back.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 1800,
        requires = "verify"
    )]
    verify_timeout: u64,
    #[command(flatten)]
    change: ChangeArgs,
}

pub fn run(args: &ApplyArgs, globals: &Globals) -> Result<ExitCode, Error> {
    // Where the originals wait while files are written: beside the
    // configuration, in the folder the scan never reads.
    let config_folder = globals
        .config
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let journal = config_folder.join(".termshift").join("interrupted-apply");
    if args.restore {
        let restored = termshift::apply::restore_interrupted(&journal)?;
        if !globals.quiet {
            let mut err = AutoStream::new(std::io::stderr().lock(), globals.color);
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
    let config = globals.load_config()?;
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
    let (plan, originals) = make_plan(&config, &args.change, globals)?;
    let batches = match args.batch {
        Some(n) => termshift::apply::Batches::Only(n),
        None => termshift::apply::Batches::All,
    };
    let changes = termshift::apply::changes(&plan, &originals, batches)?;
    warn_conflicts(&plan, globals.color);
    // Not locked: the progress line writes to standard error from its own
    // thread while the files are written and checked.
    let mut err = AutoStream::new(std::io::stderr(), globals.color);
    // The diff shows what changes; what the plan leaves for a person
    // (a UTF-16 file, a name with no new spelling) is told here.
    let yellow = AnsiColor::Yellow.on_default().bold();
    for left in &plan.skipped {
        let _ = writeln!(
            err,
            "{yellow}warning{yellow:#}: {}: `{}` left as it is: {}",
            termshift::outputs::printable(&format!("{}/{}:{}", left.repo, left.path, left.line)),
            termshift::outputs::printable(&left.text),
            left.why
        );
    }
    if changes.is_empty() {
        if !globals.quiet {
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
    let runnable = termshift::apply::regenerate::runnable(&plan);
    let unavailable = termshift::apply::regenerate::unavailable(&plan);
    // Asked to regenerate, and no generator can: nothing is written, so
    // the tree stays as it is while the tool is installed.
    if args.regenerate && runnable.is_empty() && !plan.regenerate.is_empty() {
        let by_hand: Vec<String> = unavailable
            .iter()
            .map(|g| format!("`{}` in {} ({})", g.command, g.place(), g.status()))
            .collect();
        let title = if by_hand.is_empty() {
            "--regenerate: the project names no generator for the generated files; nothing was \
             written"
                .to_string()
        } else {
            format!(
                "--regenerate: no generator can run here; nothing was written:\n    {}",
                by_hand.join("\n    ")
            )
        };
        return Err(Error {
            title,
            location: None,
            help: Some(
                "install the programs named and apply again, or apply without --regenerate and \
                 regenerate by hand (`termshift plan` lists what will change)"
                    .into(),
            ),
            exit_code: 1,
        });
    }
    let generators = if args.regenerate {
        runnable.clone()
    } else {
        Vec::new()
    };
    let progress = ProgressLine::new(globals.quiet);
    let written = termshift::apply::write_with_progress(
        &changes,
        &termshift::apply::WriteOptions {
            allow_dirty: args.allow_dirty,
            journal: Some(journal),
            checks: checks.clone(),
            check_timeout: Some(std::time::Duration::from_secs(args.verify_timeout)),
            generators,
            generator_timeout: Some(std::time::Duration::from_secs(args.regenerate_timeout)),
        },
        &|phase| progress.tell(phase),
    );
    drop(progress);
    let written = written?;
    if !globals.quiet {
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
        for (place, command, files) in &written.regenerated {
            let _ = writeln!(
                err,
                "regenerated in {place}: `{command}` ({files} file(s) changed)"
            );
        }
        for r in &plan.regenerate {
            let all_ran = !r.generators.is_empty()
                && r.generators.iter().all(|g| {
                    written
                        .regenerated
                        .iter()
                        .any(|(place, command, _)| *place == g.place() && *command == g.command)
                });
            if !all_ran {
                let _ = writeln!(err, "regenerate {}: {}", r.generated.join(", "), r.command);
            }
        }
        for g in &unavailable {
            let _ = writeln!(
                err,
                "{yellow}warning{yellow:#}: generator {}: run `{}` in {} by hand where it is \
                 installed; `termshift plan` lists what it will change",
                g.status(),
                g.command,
                g.place()
            );
        }
        if !args.regenerate && !runnable.is_empty() {
            let commands: Vec<String> = runnable
                .iter()
                .map(|g| format!("`{}` in {}", g.check.command, g.check.name))
                .collect();
            let _ = writeln!(
                err,
                "hint: --regenerate runs the generators after the edits ({})",
                commands.join("; ")
            );
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
