//! `termshift plan`: the migration as ordered batches with the schema
//! script; the planning `apply` shares.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anstream::{AutoStream, ColorChoice};
use anstyle::AnsiColor;
use clap::{Args, ValueEnum};
use termshift::progress::Phase;
use termshift::query::{Query, QueryText};
use termshift::sources::Snapshot;
use termshift::{Confidence, Config, Error};

use crate::common::{Globals, ProgressLine};
use crate::output::{check_output_folder, print_warnings, write_output};

#[derive(Args)]
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
pub struct PlanArgs {
    #[arg(long, value_enum, default_value_t = PlanFormat::Markdown)]
    format: PlanFormat,
    /// The dialect of the schema migration script.
    #[arg(long, value_enum, default_value_t = SqlDialect::Sqlite)]
    sql_dialect: SqlDialect,
    /// Write to this file (atomically) instead of standard output; `-` is
    /// standard output.
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

/// What plan and apply change, and how.
#[derive(Args)]
pub struct ChangeArgs {
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

pub fn run(args: &PlanArgs, globals: &Globals) -> Result<ExitCode, Error> {
    let config = globals.load_config()?;
    check_output_folder(args.output.as_deref())?;
    let (plan, originals) = make_plan(&config, &args.change, globals)?;
    let dialect = match args.sql_dialect {
        SqlDialect::Sqlite => termshift::plan::schema::Dialect::Sqlite,
        SqlDialect::Postgres => termshift::plan::schema::Dialect::Postgres,
    };
    let sql = termshift::plan::schema::migration_script(&plan, &originals, dialect);
    warn_conflicts(&plan, globals.color);
    write_output(args.output.as_deref(), globals.color, |out| {
        match args.format {
            PlanFormat::Markdown => {
                termshift::outputs::write_plan_markdown(&plan, sql.as_deref(), out)
            }
            PlanFormat::Json => {
                let doc = serde_json::json!({ "schema_version": 1, "plan": plan, "sql": sql });
                serde_json::to_writer_pretty(&mut *out, &doc)?;
                writeln!(out)
            }
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Scans, classifies, reads the files and plans the migration.
pub fn make_plan(
    config: &Config,
    args: &ChangeArgs,
    globals: &Globals,
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
    let progress = ProgressLine::new(globals.quiet);
    let inventory = progress.inventory(config, &Snapshot::WorkingTree)?;
    // What the scan skipped the plan cannot change either.
    progress.suspend(|| print_warnings(&inventory.scan, globals.color));
    progress.tell(Phase::Planning);
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
pub fn warn_conflicts(plan: &termshift::plan::Plan, choice: ColorChoice) {
    if plan.conflicts.is_empty() {
        return;
    }
    let mut err = AutoStream::new(std::io::stderr().lock(), choice);
    let yellow = AnsiColor::Yellow.on_default().bold();
    // The same conflict at one line (a minified file's) is said once.
    let mut messages: Vec<(String, usize)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in &plan.conflicts {
        let other = match &c.other_path {
            Some(path) => format!("{path}:{}", c.other_line),
            None => format!("line {}", c.other_line),
        };
        let message = format!(
            "{}/{}:{}: `{}` -> `{}`: {} ({other}); left as it is at {} places (suggested name for the other: `{}`)",
            c.repo, c.path, c.line, c.old, c.new, c.why, c.left, c.suggested
        );
        match seen.get(&message) {
            Some(&at) => messages[at].1 += 1,
            None => {
                seen.insert(message.clone(), messages.len());
                messages.push((message, 1));
            }
        }
    }
    for (message, times) in messages {
        let times = if times > 1 {
            format!(" ({times} times)")
        } else {
            String::new()
        };
        let _ = writeln!(
            err,
            "{yellow}warning{yellow:#}: {}{times}",
            termshift::outputs::printable(&message)
        );
    }
    let _ = writeln!(
        err,
        "{} name(s) would collide and are left for a person; the rest is planned (--strict plans nothing instead)",
        plan.conflicts.len()
    );
}
