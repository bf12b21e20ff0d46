//! The shipped example corpora: the scan finds exactly the occurrences their
//! hand-reviewed answer keys list (path, line, column, identifier, term and
//! syntax role), and classification agrees with the keys' categories.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use termshift::{Config, Occurrence, TermSide};

/// The example corpora that ship with an answer key.
fn corpora() -> Vec<PathBuf> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("answer-key.tsv").exists())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 2,
        "expected the example corpora with answer keys under {}",
        examples.display()
    );
    dirs
}

/// Where an occurrence is: `root/path`, line and byte column.
type Place = (String, u32, u32);

/// What an occurrence is, as the key and the scan both say it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    text: String,
    term: &'static str,
    role: String,
}

impl fmt::Display for Seen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ({}, {})", self.text, self.term, self.role)
    }
}

/// One row of an answer key.
struct KeyRow {
    place: Place,
    seen: Seen,
    category: String,
}

/// The rows of an answer key, in file order. Columns are found by their
/// header name, so the key may add or reorder columns.
fn answer_key(path: &Path) -> Vec<KeyRow> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().expect("a header row");
    let header: Vec<&str> = header.split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("{}: no `{name}` column in {header:?}", path.display()))
    };
    let [path_col, line_col, column_col, text_col, term_col, role_col, category_col] =
        ["path", "line", "column", "text", "term", "role", "category"].map(column);
    let mut rows = Vec::new();
    for (n, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{}:{}", path.display(), n + 1);
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != header.len() {
            panic!(
                "{}: {} cells for {} columns",
                at(),
                cells.len(),
                header.len()
            );
        }
        let number = |col: usize| -> u32 {
            cells[col]
                .parse()
                .unwrap_or_else(|_| panic!("{}: bad number {:?}", at(), cells[col]))
        };
        let term = match cells[term_col] {
            "from" => "from",
            "to" => "to",
            other => panic!("{}: bad term {other:?}", at()),
        };
        rows.push(KeyRow {
            place: (
                cells[path_col].to_string(),
                number(line_col),
                number(column_col),
            ),
            seen: Seen {
                text: cells[text_col].to_string(),
                term,
                role: cells[role_col].to_string(),
            },
            category: cells[category_col].to_string(),
        });
    }
    rows
}

fn place_of(o: &Occurrence) -> Place {
    (format!("{}/{}", o.repo, o.path), o.line, o.column)
}

fn seen_of(o: &Occurrence) -> Seen {
    Seen {
        text: o.text.clone(),
        term: if o.term == TermSide::From {
            "from"
        } else {
            "to"
        },
        role: o.role.name().to_string(),
    }
}

/// The first few lines of a list, and how many there are in all.
fn first_of(what: &str, lines: &[String]) -> String {
    const SHOWN: usize = 15;
    if lines.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{what} ({}):", lines.len());
    for line in lines.iter().take(SHOWN) {
        out.push_str("\n  ");
        out.push_str(line);
    }
    if lines.len() > SHOWN {
        out.push_str(&format!("\n  ... and {} more", lines.len() - SHOWN));
    }
    out
}

#[test]
fn scans_find_exactly_the_answer_keys_occurrences_and_roles() {
    for dir in corpora() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let config = Config::load(&dir.join("termshift.toml")).unwrap();
        let result = termshift::scan(&config).unwrap();
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
        let key = answer_key(&dir.join("answer-key.tsv"));

        let mut expected: BTreeMap<Place, &Seen> = BTreeMap::new();
        for row in &key {
            let (path, line, column) = &row.place;
            let twice = expected.insert(row.place.clone(), &row.seen).is_some();
            assert!(!twice, "{path}:{line}:{column} is twice in the key");
        }
        let found: BTreeMap<Place, Seen> = result
            .occurrences
            .iter()
            .map(|o| (place_of(o), seen_of(o)))
            .collect();

        let (mut differ, mut missing, mut extra) = (Vec::new(), Vec::new(), Vec::new());
        for (place @ (path, line, column), want) in &expected {
            match found.get(place) {
                Some(got) if got == *want => {}
                Some(got) => differ.push(format!("{path}:{line}:{column}: key {want}, scan {got}")),
                None => missing.push(format!("{path}:{line}:{column}: {want}")),
            }
        }
        for (place @ (path, line, column), got) in &found {
            if !expected.contains_key(place) {
                extra.push(format!("{path}:{line}:{column}: {got}"));
            }
        }
        assert!(
            differ.is_empty() && missing.is_empty() && extra.is_empty(),
            "{name}: the scan and answer-key.tsv disagree{}{}{}",
            first_of("rows that differ", &differ),
            first_of("key rows the scan does not find", &missing),
            first_of("occurrences the key does not list", &extra),
        );

        // The key lists them in the scan's order: root, path, byte offset.
        let scan_order = result.occurrences.iter().map(place_of);
        let key_order = key.iter().map(|row| row.place.clone());
        if let Some((n, (want, got))) = scan_order
            .zip(key_order)
            .enumerate()
            .find(|(_, (want, got))| want != got)
        {
            panic!(
                "{name}: line {} of answer-key.tsv is {got:?}, the scan has {want:?} there",
                n + 2
            );
        }
    }
}

/// Classification is judged on the answer keys: what it decides must be
/// right (NEEDS_REVIEW is an honest answer, a wrong category is not), and it
/// must decide most occurrences.
#[test]
fn classification_agrees_with_the_answer_keys() {
    for dir in corpora() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let config = Config::load(&dir.join("termshift.toml")).unwrap();
        let inventory = termshift::classify(&config, termshift::scan(&config).unwrap());
        let key: BTreeMap<Place, String> = answer_key(&dir.join("answer-key.tsv"))
            .into_iter()
            .map(|row| (row.place, row.category))
            .collect();
        let (mut decided, mut right) = (0usize, 0usize);
        let mut wrong = Vec::new();
        for f in &inventory.findings {
            let o = &f.occurrence;
            let (path, line, column) = place_of(o);
            let expected = key.get(&place_of(o)).unwrap_or_else(|| {
                panic!("{path}:{line}:{column}: `{}` is not in the key", o.text)
            });
            if f.category == termshift::classify::NEEDS_REVIEW {
                continue;
            }
            decided += 1;
            if f.category == *expected {
                right += 1;
            } else {
                wrong.push(format!(
                    "{path}:{line} {} expected {expected}, got {} ({:?})",
                    o.text, f.category, f.reasons
                ));
            }
        }
        let total = inventory.findings.len();
        let precision = right as f64 / decided as f64;
        let coverage = decided as f64 / total as f64;
        assert!(
            precision >= 0.98 && coverage >= 0.65,
            "{name}: precision {precision:.3}, coverage {coverage:.3}; wrong:\n{}",
            wrong.join("\n")
        );
    }
}
