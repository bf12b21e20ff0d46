//! Scoring a classification against an answer key: one label per
//! occurrence, written by hand, in a tab-separated file whose header names
//! its columns (`path`, `line`, `text`, `term`, `category`, and optionally
//! `column` and `role`). Per category: how many the key has, how many the
//! classifier gave, how many of those agree; precision and recall follow.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::classify::{Inventory, NEEDS_REVIEW};
use crate::error::Error;
use crate::scan::{Occurrence, TermSide};

/// One labelled occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyRow {
    /// `root/path`, as the key writes it.
    pub path: String,
    pub line: u32,
    /// The byte column of the matched word, when the key gives columns.
    pub column: Option<u32>,
    pub text: String,
    pub term: TermSide,
    /// The syntax role, when the key gives roles.
    pub role: Option<String>,
    pub category: String,
}

/// An answer key: its rows in file order.
#[derive(Debug, Clone, Default)]
pub struct AnswerKey {
    pub rows: Vec<KeyRow>,
}

impl AnswerKey {
    pub fn load(path: &Path) -> Result<AnswerKey, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!("cannot read answer key {}: {e}", path.display()))
                .help("pass the key's path with --key FILE")
        })?;
        AnswerKey::parse(&text, path)
    }

    /// Reads a key's text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<AnswerKey, Error> {
        const HELP: &str = "an answer key is tab-separated with a header row naming at least \
                            path, line, text, term and category (and optionally column and role)";
        let mut lines = text.lines().enumerate();
        let header: Vec<&str> = lines
            .next()
            .ok_or_else(|| {
                Error::usage("the answer key is empty")
                    .at(file.display().to_string())
                    .help(HELP)
            })?
            .1
            .split('\t')
            .collect();
        let find = |name: &str| header.iter().position(|h| h.trim() == name);
        let required = |name: &str| {
            find(name).ok_or_else(|| {
                Error::usage(format!("the answer key has no `{name}` column"))
                    .at(format!("{}:1", file.display()))
                    .help(HELP)
            })
        };
        let (path, line, text_col, term, category) = (
            required("path")?,
            required("line")?,
            required("text")?,
            required("term")?,
            required("category")?,
        );
        let (column, role) = (find("column"), find("role"));
        let mut rows = Vec::new();
        for (n, row) in lines.filter(|(_, l)| !l.trim().is_empty()) {
            let at = || format!("{}:{}", file.display(), n + 1);
            let cells: Vec<&str> = row.split('\t').collect();
            if cells.len() != header.len() {
                return Err(Error::usage(format!(
                    "{} cells in a row of {} columns",
                    cells.len(),
                    header.len()
                ))
                .at(at())
                .help(HELP));
            }
            let number = |col: usize| {
                cells[col].trim().parse::<u32>().map_err(|_| {
                    Error::usage(format!("`{}` is not a number", cells[col]))
                        .at(at())
                        .help(HELP)
                })
            };
            let term = match cells[term] {
                "from" => TermSide::From,
                "to" => TermSide::To,
                other => {
                    return Err(
                        Error::usage(format!("term `{other}` is neither `from` nor `to`"))
                            .at(at())
                            .help(HELP),
                    )
                }
            };
            rows.push(KeyRow {
                path: cells[path].to_string(),
                line: number(line)?,
                column: column.map(number).transpose()?,
                text: cells[text_col].to_string(),
                term,
                role: role.map(|r| cells[r].to_string()),
                category: cells[category].to_string(),
            });
        }
        Ok(AnswerKey { rows })
    }

    /// The key row of each occurrence (by path, line and column when the
    /// key has columns; else by path, line, text and term, in order), or
    /// `None` where the key has none.
    pub fn match_rows(&self, occurrences: &[&Occurrence]) -> Vec<Option<usize>> {
        type Place = (String, u32, Option<u32>, String, TermSide);
        let place = |path: String, line, column, text: &str, term| -> Place {
            (path, line, column, text.to_string(), term)
        };
        let with_columns = self.rows.iter().all(|r| r.column.is_some());
        let mut rows: HashMap<Place, Vec<usize>> = HashMap::new();
        for (i, r) in self.rows.iter().enumerate().rev() {
            let column = if with_columns { r.column } else { None };
            rows.entry(place(r.path.clone(), r.line, column, &r.text, r.term))
                .or_default()
                .push(i);
        }
        occurrences
            .iter()
            .map(|o| {
                let column = with_columns.then_some(o.column);
                let at = place(
                    format!("{}/{}", o.repo, o.path),
                    o.line,
                    column,
                    &o.text,
                    o.term,
                );
                rows.get_mut(&at).and_then(Vec::pop)
            })
            .collect()
    }
}

/// How a classification compares with a key, per category.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub categories: Vec<CategoryScore>,
    /// Occurrences found (and labelled in the key).
    pub total: usize,
    /// Of those, left to review.
    pub needs_review: usize,
    /// Occurrences given another category than the key's.
    pub mistakes: Vec<Mistake>,
    /// Key rows the scan did not find.
    pub missing: Vec<KeyRow>,
    /// Occurrences the key does not label: `root/path:line:column text`.
    pub unlabelled: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryScore {
    pub category: String,
    /// Occurrences the key puts in the category.
    pub expected: usize,
    /// Occurrences the classifier put in it.
    pub found: usize,
    /// Of those, the ones the key agrees with.
    pub right: usize,
    pub precision: f64,
    pub recall: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mistake {
    /// `root/path:line`.
    pub at: String,
    pub text: String,
    pub expected: String,
    pub found: String,
    pub reasons: Vec<String>,
}

impl Score {
    /// Scores an inventory against a key.
    pub fn of(inventory: &Inventory, key: &AnswerKey) -> Score {
        let occurrences: Vec<&Occurrence> =
            inventory.findings.iter().map(|f| &f.occurrence).collect();
        let matched = key.match_rows(&occurrences);
        let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
        let (mut total, mut needs_review) = (0, 0);
        let mut mistakes = Vec::new();
        let mut unlabelled = Vec::new();
        let mut used = vec![false; key.rows.len()];
        for (finding, row) in inventory.findings.iter().zip(&matched) {
            let o = &finding.occurrence;
            let Some(row) = *row else {
                unlabelled.push(format!(
                    "{}/{}:{}:{} {}",
                    o.repo, o.path, o.line, o.column, o.text
                ));
                continue;
            };
            used[row] = true;
            total += 1;
            let expected = key.rows[row].category.as_str();
            counts.entry(expected).or_default().0 += 1;
            if finding.category == NEEDS_REVIEW {
                needs_review += 1;
                continue;
            }
            let found = counts.entry(finding.category.as_str()).or_default();
            found.1 += 1;
            if finding.category == expected {
                found.2 += 1;
            } else {
                mistakes.push(Mistake {
                    at: format!("{}/{}:{}", o.repo, o.path, o.line),
                    text: o.text.clone(),
                    expected: expected.to_string(),
                    found: finding.category.clone(),
                    reasons: finding.reasons.clone(),
                });
            }
        }
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        Score {
            categories: counts
                .into_iter()
                .map(|(category, (expected, found, right))| CategoryScore {
                    category: category.to_string(),
                    expected,
                    found,
                    right,
                    precision: ratio(right, found),
                    recall: ratio(right, expected),
                })
                .collect(),
            total,
            needs_review,
            mistakes,
            missing: key
                .rows
                .iter()
                .zip(&used)
                .filter(|(_, used)| !**used)
                .map(|(r, _)| r.clone())
                .collect(),
            unlabelled,
        }
    }

    /// The share of occurrences left to review.
    pub fn review_share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.needs_review as f64 / self.total as f64
        }
    }

    /// The ways the score falls short of the targets, one line each.
    pub fn shortfalls(&self, min_precision: f64, min_recall: f64, max_review: f64) -> Vec<String> {
        let mut short = Vec::new();
        for c in &self.categories {
            if c.precision < min_precision {
                short.push(format!(
                    "{}: precision {:.3} < {min_precision}",
                    c.category, c.precision
                ));
            }
            if c.recall < min_recall {
                short.push(format!(
                    "{}: recall {:.3} < {min_recall}",
                    c.category, c.recall
                ));
            }
        }
        if self.review_share() > max_review {
            short.push(format!(
                "{}: {:.3} of occurrences > {max_review}",
                NEEDS_REVIEW,
                self.review_share()
            ));
        }
        if !self.missing.is_empty() || !self.unlabelled.is_empty() {
            short.push(format!(
                "{} key rows not found, {} occurrences not in the key",
                self.missing.len(),
                self.unlabelled.len()
            ));
        }
        short
    }

    /// A readable table: per category, then the mistakes.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        let width = self
            .categories
            .iter()
            .map(|c| c.category.len())
            .max()
            .unwrap_or(8)
            .max(8);
        writeln!(
            out,
            "{:width$}  {:>5}  {:>5}  {:>5}  {:>9}  {:>6}",
            "category", "key", "found", "right", "precision", "recall"
        )?;
        for c in &self.categories {
            writeln!(
                out,
                "{:width$}  {:>5}  {:>5}  {:>5}  {:>9.3}  {:>6.3}",
                c.category, c.expected, c.found, c.right, c.precision, c.recall
            )?;
        }
        writeln!(
            out,
            "\n{}: {} of {} occurrences ({:.1}%)",
            NEEDS_REVIEW,
            self.needs_review,
            self.total,
            100.0 * self.review_share()
        )?;
        if !self.mistakes.is_empty() {
            writeln!(out, "\nmistakes ({}):", self.mistakes.len())?;
            for m in &self.mistakes {
                writeln!(
                    out,
                    "  {} `{}`: key {}, found {} ({})",
                    m.at,
                    m.text,
                    m.expected,
                    m.found,
                    m.reasons.first().map_or("", String::as_str)
                )?;
            }
        }
        for r in &self.missing {
            writeln!(out, "not found: {}:{} `{}`", r.path, r.line, r.text)?;
        }
        for u in &self.unlabelled {
            writeln!(out, "not in the key: {u}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_by_header_and_bad_rows_are_located() {
        let key = AnswerKey::parse(
            "category\tpath\tline\ttext\tterm\nDOC_STALE\tapi/a.go\t3\trun_id\tfrom\n",
            Path::new("key.tsv"),
        )
        .unwrap();
        assert_eq!(key.rows[0].path, "api/a.go");
        assert_eq!(key.rows[0].column, None);
        let err = AnswerKey::parse(
            "path\tline\ttext\tterm\tcategory\na\tx\trun\tfrom\tC\n",
            Path::new("key.tsv"),
        )
        .unwrap_err();
        assert_eq!(err.location.as_deref(), Some("key.tsv:2"));
        let err = AnswerKey::parse("path\tline\n", Path::new("key.tsv")).unwrap_err();
        assert!(err.title.contains("`text`"), "{}", err.title);
    }
}
