//! `termshift review`: the occurrences left to review, group by group,
//! largest first, each decided with a key into a `[[decisions]]` entry of
//! the configuration file, written as soon as it is taken.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anstream::AutoStream;
use anstyle::Style;
use clap::Args;
use termshift::classify::{Categories, OTHER_DOMAIN, OTHER_PROGRAM, PROCESS_VERB};
use termshift::review::{self, Group};
use termshift::sources::Snapshot;
use termshift::{Config, Error};

use crate::commands::decide::decided_otherwise;
use crate::common::{scan_and_classify, Globals};
use crate::output_file::write_file;

/// Lines of code shown per group.
const SAMPLES: usize = 3;

const KEYS: &str = "  \
  a  a legacy alias: the name becomes the new word
  k  keep: another meaning of the word (a configured domain, or OTHER_DOMAIN)
  v  the verb (PROCESS_VERB)
  o  another program's name (OTHER_PROGRAM)
  c  another category, by name
  s  skip this group
  q  quit (what was decided stays written)
  ?  this help";

#[derive(Args)]
#[command(after_help = "\
Examples:
  termshift review
  termshift --config ci/termshift.toml review

It scans, then shows each group of occurrences left to review (NEEDS_REVIEW): the names
under a type that may be another meaning, a name wherever it is, or the word alone in one
file, largest first, with a few lines of code and the reasons. Answer with a key and Enter:
a alias, k keep (as a domain), v verb, o other program, c another category, s skip, q quit,
? help; then a reason, or Enter for the usual one. Each answer appends a commented
[[decisions]] entry to the configuration file at once (checked, then written atomically);
quitting keeps what was decided. It needs a terminal: in a script, use `termshift decide`.")]
pub struct ReviewArgs {}

pub fn run(_args: &ReviewArgs, globals: &Globals) -> Result<ExitCode, Error> {
    if !std::io::stdin().is_terminal() {
        return Err(
            Error::usage("`termshift review` asks a person, and standard input is not a terminal")
                .help("in a script, decide with `termshift decide --text NAME --category CATEGORY --reason WHY`"),
        );
    }
    let config = globals.load_config()?;
    let inventory = scan_and_classify(&config, &Snapshot::WorkingTree, globals.quiet)?;
    let groups = review::groups(&inventory);
    let mut out = AutoStream::new(std::io::stdout().lock(), globals.color);
    let mut session = Session {
        config: &config,
        globals,
        input: std::io::stdin().lock(),
        decided: Vec::new(),
    };
    let total: usize = groups.iter().map(|g| g.findings.len()).sum();
    if groups.is_empty() {
        let _ = writeln!(
            out,
            "Nothing is left to review: every occurrence is decided."
        );
        return Ok(ExitCode::SUCCESS);
    }
    let _ = writeln!(
        out,
        "{total} occurrences left to review, in {} groups, largest first.\nKeys:\n{KEYS}",
        groups.len()
    );
    let (mut skipped, mut decided_groups, mut decided_occurrences) = (0, 0, 0);
    for (k, group) in groups.iter().enumerate() {
        // An earlier answer may have decided its occurrences already.
        let open = group
            .findings
            .iter()
            .filter(|&&i| {
                !session
                    .decided
                    .iter()
                    .any(|m| review::matches(m, &inventory.findings[i].occurrence))
            })
            .count();
        if open == 0 {
            continue;
        }
        show(&mut out, &config, &inventory, group, k, groups.len(), open);
        match session.answer(&mut out, group, open)? {
            Answer::Decided => {
                decided_groups += 1;
                decided_occurrences += open;
            }
            Answer::Skipped => skipped += 1,
            Answer::Quit => break,
        }
    }
    let _ = writeln!(
        out,
        "\nDecided {decided_groups} group{} ({decided_occurrences} occurrences) in {}; skipped {skipped}.\nnext: `termshift --config {} report`",
        if decided_groups == 1 { "" } else { "s" },
        globals.config.display(),
        globals.config.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A group: what it is, a few lines of its code, its reasons and the
/// decision an answer writes.
fn show(
    out: &mut dyn Write,
    config: &Config,
    inventory: &termshift::Inventory,
    group: &Group,
    k: usize,
    count: usize,
    open: usize,
) {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let plural = if open == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "\n{bold}[{}/{count}] {}: {open} occurrence{plural}{bold:#}",
        k + 1,
        group.key.describe()
    );
    let samples = review::samples(config, inventory, group, SAMPLES);
    for sample in &samples {
        let _ = writeln!(out, "  {dim}{}:{dim:#} {}", sample.place, sample.code);
    }
    let lines = {
        let mut lines: Vec<(&str, &str, u32)> = group
            .findings
            .iter()
            .map(|&i| {
                let o = &inventory.findings[i].occurrence;
                (o.repo.as_str(), o.path.as_str(), o.line)
            })
            .collect();
        lines.dedup();
        lines.len()
    };
    if lines > samples.len() {
        let _ = writeln!(
            out,
            "  {dim}and {} more lines{dim:#}",
            lines - samples.len()
        );
    }
    for (reason, n) in group.reasons.iter().take(3) {
        let times = if *n > 1 && group.reasons.len() > 1 {
            format!(" ({n})")
        } else {
            String::new()
        };
        let _ = writeln!(out, "  why: {reason}{times}");
    }
    let globs = review::toml_lines(&group.selector);
    let globs: Vec<&str> = globs.lines().collect();
    let _ = writeln!(out, "  decision: {}", globs.join(", "));
    if let Some((n, counts)) = decided_otherwise(&group.effect, "") {
        let _ = writeln!(
            out,
            "  it also matches {n} decided otherwise ({counts}): the answer applies to them too"
        );
    }
}

enum Answer {
    Decided,
    Skipped,
    Quit,
}

/// The conversation: the answers read, the decisions written.
struct Session<'a, R> {
    config: &'a Config,
    globals: &'a Globals,
    input: R,
    /// The decisions written so far.
    decided: Vec<review::Matcher>,
}

impl<R: BufRead> Session<'_, R> {
    /// A line of input after a prompt; none at the end of the input.
    fn ask(&mut self, out: &mut dyn Write, prompt: &str) -> Option<String> {
        let bold = Style::new().bold();
        let _ = write!(out, "{bold}{prompt}{bold:#}");
        let _ = out.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim().to_string()),
        }
    }

    /// Asks for a group's category until one is given, then for the
    /// reason, and writes the decision.
    fn answer(&mut self, out: &mut dyn Write, group: &Group, open: usize) -> Result<Answer, Error> {
        let config = self.config;
        let to = &config.to;
        let (category, usual) = loop {
            let Some(key) = self.ask(out, "decide [a/k/v/o/c/s/q/?]: ") else {
                return Ok(Answer::Quit);
            };
            match key.as_str() {
                "a" => {
                    break (
                        Categories::of(config).alias,
                        format!("a second name for `{to}`"),
                    )
                }
                "k" => match self.domain(out) {
                    Some(kept) => break kept,
                    None => continue,
                },
                "v" => break (PROCESS_VERB.to_string(), "the verb".to_string()),
                "o" => {
                    break (
                        OTHER_PROGRAM.to_string(),
                        "another program's name".to_string(),
                    )
                }
                "c" => {
                    let Some(name) = self.ask(out, "  category: ") else {
                        return Ok(Answer::Quit);
                    };
                    match review::category(config, &name) {
                        Ok(category) => break (category, "decided by hand".to_string()),
                        Err(e) => {
                            let _ = writeln!(out, "  {}", e.to_string().replace('\n', "\n  "));
                        }
                    }
                }
                "s" => return Ok(Answer::Skipped),
                "q" => return Ok(Answer::Quit),
                "?" => {
                    let _ = writeln!(out, "{KEYS}");
                }
                other => {
                    let _ = writeln!(out, "  unknown key `{other}`; ? lists the keys");
                }
            }
        };
        let Some(reason) = self.ask(out, &format!("  reason [{usual}]: ")) else {
            return Ok(Answer::Quit);
        };
        let reason = if reason.is_empty() { usual } else { reason };
        let plural = if open == 1 { "" } else { "s" };
        let entry = review::entry(
            &format!(
                "decided with termshift review: {open} occurrence{plural} of {} left to review",
                group.key.describe()
            ),
            &group.selector,
            &category,
            &reason,
        );
        let file = &self.globals.config;
        let source = std::fs::read_to_string(file)
            .map_err(|e| Error::usage(format!("cannot read {}: {e}", file.display())))?;
        let text = review::appended(&source, file, &entry)?;
        write_file(file, |w| w.write_all(text.as_bytes()))?;
        self.decided.push(
            group
                .selector
                .matcher()
                .expect("a group's selector is valid"),
        );
        let _ = writeln!(
            out,
            "  wrote a [[decisions]] entry: {open} occurrence{plural} now {category}"
        );
        Ok(Answer::Decided)
    }

    /// Which domain `keep` means: the only one, or the one chosen by number
    /// or category; none when the answer is empty.
    fn domain(&mut self, out: &mut dyn Write) -> Option<(String, String)> {
        let from = &self.config.from;
        let mut choices: Vec<(String, String)> = self
            .config
            .domains
            .iter()
            .map(|d| (d.category.clone(), format!("the {} meaning", d.name)))
            .collect();
        choices.push((
            OTHER_DOMAIN.to_string(),
            format!("another meaning of `{from}`"),
        ));
        if choices.len() == 1 {
            return choices.pop();
        }
        for (n, (category, what)) in choices.iter().enumerate() {
            let _ = writeln!(out, "  {} {category} ({what})", n + 1);
        }
        loop {
            let answer = self.ask(out, &format!("  domain [1-{}]: ", choices.len()))?;
            if answer.is_empty() {
                return None;
            }
            let chosen = answer
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|n| choices.get(n))
                .or_else(|| {
                    choices
                        .iter()
                        .find(|(c, _)| c.eq_ignore_ascii_case(&answer))
                });
            match chosen {
                Some(chosen) => return Some(chosen.clone()),
                None => {
                    let _ = writeln!(
                        out,
                        "  give a number from 1 to {}, or Enter to go back",
                        choices.len()
                    );
                }
            }
        }
    }
}
