//! `termshift history`: the categories counted at each commit of the roots'
//! history (the migration's burndown), kept in a database between runs.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anstream::AutoStream;
use anstyle::{AnsiColor, Style};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use termshift::history::{Database, History, Selection};
use termshift::{Config, Error};

use crate::common::Globals;

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift history                         every commit of each root's first-parent line
  termshift history --since 2024-06-01 --format csv > burndown.csv
  termshift history --revs v1.0..main --every 10
  termshift history --rebuild               recompute the kept counts

The counts are kept in .termshift/history.sqlite next to the configuration file, by commit
and configuration: a second run reads them, and a new commit costs the files it changed.")]
pub struct HistoryArgs {
    /// Count only commits made on or after this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    since: Option<i64>,
    /// Count the commits of this range (`A..B`: after A up to B) of each
    /// repository's first-parent line, instead of the head's whole line.
    #[arg(long, value_name = "A..B")]
    revs: Option<String>,
    /// Count every Nth commit (and always the last).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    every: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Table)]
    format: HistoryFormat,
    /// Delete the history database and compute it again.
    #[arg(long)]
    rebuild: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum HistoryFormat {
    /// One row per commit, one column per category.
    Table,
    /// The points, what the computation cost and the warnings, as one object.
    Json,
    /// One row per commit, one column per category.
    Csv,
}

/// A day (`2024-06-11`) as seconds since the Unix epoch, at 00:00 UTC.
fn parse_day(text: &str) -> Result<i64, String> {
    let invalid = || format!("`{text}` is not a day; write it as YYYY-MM-DD");
    let mut parts = text
        .splitn(3, '-')
        .map(|p| p.parse::<i64>().map_err(|_| invalid()));
    let (year, month, day) = (
        parts.next().ok_or_else(invalid)??,
        parts.next().ok_or_else(invalid)??,
        parts.next().ok_or_else(invalid)??,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(invalid());
    }
    // Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Ok((era * 146_097 + day_of_era - 719_468) * 86_400)
}

pub fn run(args: &HistoryArgs, globals: &Globals) -> Result<ExitCode, Error> {
    let config = globals.load_config()?;
    let started = Instant::now();
    let history = history(globals, args, &config)?;
    let stdout = AutoStream::new(std::io::stdout().lock(), globals.color);
    let mut out = std::io::BufWriter::new(stdout);
    let written =
        write_history(&history, &config, args.format, &mut out).and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Error::usage(format!("cannot write the output: {e}")));
        }
    }
    let mut err = AutoStream::new(std::io::stderr().lock(), globals.color);
    let yellow = AnsiColor::Yellow.on_default().bold();
    for warning in &history.warnings {
        let _ = writeln!(
            err,
            "{yellow}warning{yellow:#}: {}: {}",
            warning.path, warning.message
        );
    }
    if !globals.quiet {
        let s = &history.stats;
        let dim = Style::new().dimmed();
        let _ = writeln!(
            err,
            "{dim}{} commits ({} kept from before, {} classified, {} unchanged), {} files scanned in {:.2}s{dim:#}",
            history.points.len(),
            s.points_cached,
            s.points_classified,
            s.points_unchanged,
            s.files_scanned,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Counts the categories along the history, with a progress bar on a
/// terminal.
fn history(globals: &Globals, args: &HistoryArgs, config: &Config) -> Result<History, Error> {
    let database = Database::open(
        &termshift::history::database_path(&globals.config),
        args.rebuild,
    )?;
    let selection = Selection {
        since: args.since,
        revs: args.revs.clone(),
        every: args.every as usize,
    };
    let bar = (!globals.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::no_length();
        bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} commits, {elapsed} (eta {eta})")
                .expect("the template is valid"),
        );
        bar
    });
    let history = termshift::history::history(
        config,
        &globals.config,
        &selection,
        &database,
        &|done, total| {
            if let Some(bar) = &bar {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    history
}

/// The points as a table or CSV: a row per commit, a column per category.
fn write_history(
    history: &History,
    config: &Config,
    format: HistoryFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let categories = config.categories();
    match format {
        HistoryFormat::Json => {
            serde_json::to_writer_pretty(
                &mut *out,
                &serde_json::json!({
                    "categories": categories,
                    "points": history.points,
                    "stats": history.stats,
                    "warnings": history.warnings.iter().map(|w| serde_json::json!({"path": w.path, "message": w.message})).collect::<Vec<_>>(),
                }),
            )?;
            writeln!(out)
        }
        HistoryFormat::Csv => {
            use termshift::outputs::csv::{text_cell, write_record};
            // The time as a number to compute with, and the date as the
            // table prints it.
            let header = ["time", "date", "roots", "commit", "subject"].map(String::from);
            write_record(out, header.into_iter().chain(categories.iter().cloned()))?;
            for point in &history.points {
                let fields = [
                    point.time.to_string(),
                    day(point.time),
                    text_cell(&point.roots.join(" ")),
                    point.commit.clone(),
                    text_cell(&point.subject),
                ];
                let counts = categories
                    .iter()
                    .map(|c| point.counts.get(c).copied().unwrap_or(0).to_string());
                write_record(out, fields.into_iter().chain(counts))?;
            }
            Ok(())
        }
        HistoryFormat::Table => {
            let bold = Style::new().bold();
            write!(out, "{bold}{:<10} {:<8}", "date", "commit")?;
            for category in &categories {
                write!(out, " {category:>w$}", w = category.len().max(5))?;
            }
            writeln!(out, " {:>7}  subject{bold:#}", "total")?;
            for point in &history.points {
                write!(out, "{:<10} {:<8}", day(point.time), &point.commit[..8])?;
                for category in &categories {
                    let count = point.counts.get(category).copied().unwrap_or(0);
                    write!(out, " {count:>w$}", w = category.len().max(5))?;
                }
                let total: usize = point.counts.values().sum();
                writeln!(out, " {total:>7}  {}", point.subject)?;
            }
            Ok(())
        }
    }
}

/// `YYYY-MM-DD` (UTC) of a time in seconds since the Unix epoch.
fn day(time: i64) -> String {
    // Civil date of a day count (Howard Hinnant's algorithm).
    let z = time.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let d = day_of_year - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = year_of_era + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
