//! What needs a person, decided without writing TOML by hand: the
//! occurrences no evidence decided (`NEEDS_REVIEW`) in groups a person
//! decides at once, and the `[[decisions]]` entry that says so, appended to
//! the user's configuration file.
//!
//! A group is the occurrences under one type the classifier suggests as
//! another meaning (`PlanningRun`), else of one name across the roots
//! (cobra's `PersistentPreRunE`, `runs-on`), else of the word alone in one
//! file (the word's cases together): largest first. Its entry is the
//! narrowest of a few [`Selector`]s (the texts; with their symbols; with
//! their files; with both) that matches no occurrence the evidence decided,
//! or the fewest. An entry is appended as text, with a comment saying where
//! it comes from, so the file keeps its comments and order; the result is
//! parsed as a configuration before anyone writes it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use foldhash::{HashMap, HashMapExt};

use crate::classify::{Finding, Inventory, NEEDS_REVIEW};
use crate::config::Config;
pub use crate::config::{Matcher, Selector};
use crate::error::Error;
use crate::outputs::printable;
use crate::scan::{Occurrence, TermSide};

/// A selector's globs as `key = "glob"` lines of TOML.
pub fn toml_lines(selector: &Selector) -> String {
    let mut lines = String::new();
    for (key, glob) in [
        ("path", &selector.path),
        ("symbol", &selector.symbol),
        ("text", &selector.text),
    ] {
        if let Some(glob) = glob {
            writeln!(lines, "{key} = {}", toml_string(glob)).unwrap();
        }
    }
    lines
}

/// Whether a decision's globs match an occurrence.
pub fn matches(matcher: &Matcher, o: &Occurrence) -> bool {
    matcher.matches(
        &format!("{}/{}", o.repo, o.path),
        o.symbol.as_deref(),
        &o.text,
    )
}

/// What a decision would do to an inventory.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Effect {
    /// How many occurrences left to review it decides.
    pub decided: usize,
    /// The occurrences the evidence decided that it decides again, per
    /// category they have now.
    pub overridden: BTreeMap<String, usize>,
}

impl Effect {
    pub fn overridden_total(&self) -> usize {
        self.overridden.values().sum()
    }
}

/// What a decision matching `matcher` does to the occurrences of the old
/// word (the new word's are never left to review).
pub fn effect(inventory: &Inventory, matcher: &Matcher) -> Effect {
    effect_on(
        inventory
            .findings
            .iter()
            .filter(|f| f.occurrence.term == TermSide::From),
        matcher,
    )
}

fn effect_on<'f>(findings: impl Iterator<Item = &'f Finding>, matcher: &Matcher) -> Effect {
    let mut effect = Effect::default();
    for f in findings.filter(|f| matches(matcher, &f.occurrence)) {
        if f.category == NEEDS_REVIEW {
            effect.decided += 1;
        } else {
            *effect.overridden.entry(f.category.clone()).or_default() += 1;
        }
    }
    effect
}

/// What the occurrences of a group share.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKey {
    /// They live under a type named for the old word beside other words
    /// (`PlanningRun`), which may be another meaning of the word.
    SuggestedDomain(String),
    /// One name (the whole identifier), wherever it is.
    Name(String),
    /// The word alone, in one file (`root/path`), in any case.
    Word { word: String, file: String },
}

impl GroupKey {
    /// The group in a few words: "`PersistentPreRunE`", "the names under
    /// `PlanningRun`", "`run` in docs/guide.md".
    pub fn describe(&self) -> String {
        match self {
            GroupKey::SuggestedDomain(owner) => format!("the names under `{owner}`"),
            GroupKey::Name(name) => format!("`{name}`"),
            GroupKey::Word { word, file } => format!("`{word}` in {file}"),
        }
    }
}

/// Occurrences left to review that a person decides at once.
#[derive(Debug)]
pub struct Group {
    pub key: GroupKey,
    /// Indices into the inventory's findings, in its order.
    pub findings: Vec<usize>,
    /// The reasons its occurrences give, most frequent first, with how
    /// many give each.
    pub reasons: Vec<(String, usize)>,
    /// The decision's globs: they match every occurrence of the group.
    pub selector: Selector,
    /// What that decision does: it decides the group, and what else.
    pub effect: Effect,
}

/// The occurrences left to review in groups, largest first.
pub fn groups(inventory: &Inventory) -> Vec<Group> {
    let findings = &inventory.findings;
    let mut keyed: BTreeMap<GroupKey, Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if f.category != NEEDS_REVIEW || f.occurrence.term != TermSide::From {
            continue;
        }
        keyed.entry(key_of(f)).or_default().push(i);
    }
    // The findings of each text: a group's selectors name its texts, so
    // only these can match them.
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        if f.occurrence.term == TermSide::From {
            by_text.entry(&f.occurrence.text).or_default().push(i);
        }
    }
    let mut groups: Vec<Group> = keyed
        .into_iter()
        .map(|(key, members)| {
            let (selector, effect) = narrowest(findings, &by_text, &members);
            let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
            for &i in &members {
                for reason in &findings[i].reasons {
                    *reasons.entry(reason).or_default() += 1;
                }
            }
            let mut reasons: Vec<(String, usize)> = reasons
                .into_iter()
                .map(|(r, n)| (r.to_string(), n))
                .collect();
            reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
            Group {
                key,
                findings: members,
                reasons,
                selector,
                effect,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        b.findings
            .len()
            .cmp(&a.findings.len())
            .then_with(|| a.key.cmp(&b.key))
    });
    groups
}

fn key_of(f: &Finding) -> GroupKey {
    let o = &f.occurrence;
    if let Some(owner) = &f.suggested_domain {
        GroupKey::SuggestedDomain(owner.clone())
    } else if o.text == o.word {
        GroupKey::Word {
            word: o.text.to_lowercase(),
            file: format!("{}/{}", o.repo, o.path),
        }
    } else {
        GroupKey::Name(o.text.clone())
    }
}

/// Of the selectors that match every member (the texts; with the symbols,
/// when every member has one; with the files; with both), the first that
/// decides nothing the evidence decided, else the one that decides the
/// fewest.
fn narrowest(
    findings: &[Finding],
    by_text: &HashMap<&str, Vec<usize>>,
    members: &[usize],
) -> (Selector, Effect) {
    let distinct = |of: &dyn Fn(&Occurrence) -> Option<&str>| -> Option<Vec<&str>> {
        let mut values = members
            .iter()
            .map(|&i| of(&findings[i].occurrence))
            .collect::<Option<Vec<&str>>>()?;
        values.sort_unstable();
        values.dedup();
        Some(values)
    };
    let texts = distinct(&|o| Some(&o.text)).unwrap_or_default();
    let text = Some(any_of(&texts));
    let symbol = distinct(&|o| o.symbol.as_deref()).map(|s| any_of(&s));
    let files: Vec<String> = {
        let mut files: Vec<String> = members
            .iter()
            .map(|&i| {
                let o = &findings[i].occurrence;
                format!("{}/{}", o.repo, o.path)
            })
            .collect();
        files.sort_unstable();
        files.dedup();
        files
    };
    let path = Some(any_of(
        &files.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    let mut candidates = vec![Selector {
        text: text.clone(),
        ..Selector::default()
    }];
    if symbol.is_some() {
        candidates.push(Selector {
            symbol: symbol.clone(),
            text: text.clone(),
            ..Selector::default()
        });
    }
    candidates.push(Selector {
        path: path.clone(),
        text: text.clone(),
        ..Selector::default()
    });
    if symbol.is_some() {
        candidates.push(Selector { path, symbol, text });
    }
    let reachable: Vec<&Finding> = texts
        .iter()
        .flat_map(|t| by_text.get(t).into_iter().flatten())
        .map(|&i| &findings[i])
        .collect();
    let mut best: Option<(Selector, Effect)> = None;
    for selector in candidates {
        let matcher = selector
            .matcher()
            .expect("the globs of escaped names are valid");
        let effect = effect_on(reachable.iter().copied(), &matcher);
        let fewer = best
            .as_ref()
            .is_none_or(|(_, b)| effect.overridden_total() < b.overridden_total());
        if fewer {
            let clean = effect.overridden.is_empty();
            best = Some((selector, effect));
            if clean {
                break;
            }
        }
    }
    best.expect("there is a candidate")
}

/// A glob that matches exactly these strings.
fn any_of(values: &[&str]) -> String {
    match values {
        [one] => escape(one, false),
        _ => format!(
            "{{{}}}",
            values
                .iter()
                .map(|v| escape(v, true))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// A string as a glob that matches it alone (inside `{a,b}`, a comma too).
fn escape(value: &str, in_alternatives: bool) -> String {
    let mut glob = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '?' | '*' | '[' | ']' | '{' | '}' | '\\' => {
                glob.push('[');
                glob.push(c);
                glob.push(']');
            }
            ',' if in_alternatives => glob.push_str("[,]"),
            c => glob.push(c),
        }
    }
    glob
}

/// A line of code to show a person: `root/path:line` and the line's text
/// (trimmed, at most a few hundred characters around the word).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub place: String,
    pub code: String,
}

/// Characters of a line shown at most on either side of the word.
const SAMPLE_WIDTH: usize = 100;

/// The lines of up to `count` occurrences of a group, one per line, read
/// from the working tree (an unreadable file shows no code).
pub fn samples(config: &Config, inventory: &Inventory, group: &Group, count: usize) -> Vec<Sample> {
    let mut seen: Vec<(&str, &str, u32)> = Vec::new();
    let mut files: HashMap<(&str, &str), Option<String>> = HashMap::new();
    let mut out = Vec::new();
    for &i in &group.findings {
        let o = &inventory.findings[i].occurrence;
        if out.len() == count {
            break;
        }
        if seen.contains(&(&o.repo, &o.path, o.line)) {
            continue;
        }
        seen.push((&o.repo, &o.path, o.line));
        let text = files.entry((&o.repo, &o.path)).or_insert_with(|| {
            let root = config.roots.iter().find(|r| r.name == o.repo)?;
            let bytes = std::fs::read(root.path.join(&o.path)).ok()?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        });
        let code = text
            .as_deref()
            .and_then(|t| t.lines().nth((o.line as usize).saturating_sub(1)))
            .map(|line| around(line, (o.column as usize).saturating_sub(1)))
            .unwrap_or_default();
        out.push(Sample {
            place: format!("{}/{}:{}", o.repo, o.path, o.line),
            code,
        });
    }
    out
}

/// The line trimmed, cut to [`SAMPLE_WIDTH`] characters either side of the
/// byte `at`, control characters escaped.
fn around(line: &str, at: usize) -> String {
    let at = (0..=at.min(line.len()))
        .rev()
        .find(|&b| line.is_char_boundary(b))
        .unwrap_or(0);
    let (before, after) = line.split_at(at);
    let before: Vec<char> = before.chars().collect();
    let start = before.len().saturating_sub(SAMPLE_WIDTH);
    let mut text: String = before[start..].iter().collect();
    text.push_str(&after.chars().take(SAMPLE_WIDTH).collect::<String>());
    let mut shown = printable(text.trim());
    if start > 0 {
        shown.insert_str(0, "...");
    }
    if after.chars().count() > SAMPLE_WIDTH {
        shown.push_str("...");
    }
    shown
}

/// The category a person named, as the configuration spells it: case
/// aside, one the configuration can give; else a usage error with the
/// likely one.
pub fn category(config: &Config, name: &str) -> Result<String, Error> {
    let known = config.categories();
    let upper = name.trim().to_ascii_uppercase();
    if known.contains(&upper) {
        return Ok(upper);
    }
    Err(
        Error::usage(format!("unknown category `{name}`")).help(format!(
            "{}use one of {}",
            crate::error::did_you_mean(name, known.iter().map(String::as_str)),
            known.join(", ")
        )),
    )
}

/// A `[[decisions]]` entry, after a comment line saying where it comes
/// from.
pub fn entry(comment: &str, selector: &Selector, category: &str, reason: &str) -> String {
    let comment: String = comment
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "# {comment}\n[[decisions]]\n{}category = {}\nreason = {}\n",
        toml_lines(selector),
        toml_string(category),
        toml_string(reason)
    )
}

/// The configuration text `source` of `file` with `entry` appended after a
/// blank line, checked as a configuration: what the file held stays as it
/// was.
pub fn appended(source: &str, file: &Path, entry: &str) -> Result<String, Error> {
    let mut text = source.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    text.push_str(entry);
    let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
    Config::parse(&text, file, &base).map_err(|e| {
        let help = e.help.clone().unwrap_or_default();
        Error {
            title: format!(
                "the decision would make the configuration invalid: {}",
                e.title
            ),
            help: Some(format!("{help} (nothing was written)")),
            ..e
        }
    })?;
    Ok(text)
}

/// A TOML basic string.
fn toml_string(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_name_matches_itself_alone() {
        let names = [
            "run",
            "a*b",
            "x?y",
            "[run]",
            "{a,b}",
            "c,d",
            "back\\slash",
            "a/b.c",
            "run-id",
        ];
        for (k, name) in names.iter().enumerate() {
            let glob = globset::Glob::new(&escape(name, false))
                .unwrap()
                .compile_matcher();
            assert!(glob.is_match(name), "{name}");
            let others: Vec<&str> = names.iter().copied().filter(|n| n != name).collect();
            assert!(!others.iter().any(|o| glob.is_match(o)), "{name}");
            let pair = [names[k], names[(k + 1) % names.len()]];
            let glob = globset::Glob::new(&any_of(&pair))
                .unwrap()
                .compile_matcher();
            assert!(glob.is_match(pair[0]) && glob.is_match(pair[1]), "{pair:?}");
            assert!(
                !names
                    .iter()
                    .filter(|n| !pair.contains(n))
                    .any(|o| glob.is_match(o)),
                "{pair:?}"
            );
        }
    }

    #[test]
    fn an_entry_is_appended_after_what_the_file_holds_and_checked() {
        let source = "# mine\n[migration]\nfrom = \"run\" # the old word\nto = \"session\"\n\
                      [[roots]]\nname = \"a\"\npath = \".\"";
        let selector = Selector {
            text: Some("Persistent\"PreRunE".to_string()),
            ..Selector::default()
        };
        let entry = entry(
            "decided: 2\noccurrences",
            &selector,
            "OTHER_PROGRAM",
            "cobra's \\ hook",
        );
        let text = appended(source, Path::new("termshift.toml"), &entry).unwrap();
        assert!(text.starts_with(&format!("{source}\n\n# decided: 2 occurrences\n")));
        let config = Config::parse(&text, Path::new("termshift.toml"), Path::new("/")).unwrap();
        let d = &config.decisions[0];
        assert_eq!(d.text.as_deref(), Some("Persistent\"PreRunE"));
        assert_eq!(d.reason, "cobra's \\ hook");
        let bad = super::entry("x", &selector, "PROCES_VERB", "typo");
        let err = appended(source, Path::new("termshift.toml"), &bad).unwrap_err();
        assert!(err.title.contains("would make the configuration invalid"));
        assert!(err.help.unwrap().contains("nothing was written"));
    }

    #[test]
    fn a_sample_is_cut_around_the_word() {
        let long = format!("{}runID{}", "a".repeat(300), "b".repeat(300));
        let shown = around(&long, 300);
        assert!(shown.starts_with("...") && shown.ends_with("..."));
        assert!(shown.contains("runID"));
        assert_eq!(around("\tx := runID\t", 6), "x := runID");
        assert_eq!(around("é run", 3), "é run");
    }
}
