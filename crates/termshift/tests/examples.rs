//! The shipped example corpora: the scan finds exactly the occurrences their
//! hand-reviewed answer keys list (path, line, column, identifier, term and
//! syntax role), and classification agrees with the keys' categories.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use termshift::eval::{AnswerKey, Score};
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

/// The key's rows: where each occurrence is and what it is.
fn answer_key(path: &Path) -> Vec<(Place, Seen)> {
    let key = AnswerKey::load(path).unwrap();
    key.rows
        .into_iter()
        .map(|row| {
            let column = row
                .column
                .unwrap_or_else(|| panic!("{}: the key needs a `column` column", path.display()));
            let seen = Seen {
                text: row.text,
                term: term_name(row.term),
                role: row
                    .role
                    .unwrap_or_else(|| panic!("{}: the key needs a `role` column", path.display())),
            };
            ((row.path, row.line, column), seen)
        })
        .collect()
}

fn term_name(term: TermSide) -> &'static str {
    if term == TermSide::From {
        "from"
    } else {
        "to"
    }
}

fn place_of(o: &Occurrence) -> Place {
    (format!("{}/{}", o.repo, o.path), o.line, o.column)
}

fn seen_of(o: &Occurrence) -> Seen {
    Seen {
        text: o.text.clone(),
        term: term_name(o.term),
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
        for (place, seen) in &key {
            let (path, line, column) = place;
            let twice = expected.insert(place.clone(), seen).is_some();
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
        let key_order = key.iter().map(|(place, _)| place.clone());
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

/// Classification is judged on the answer keys by the scorer: for every
/// category, precision and recall of at least 0.95, and at most 5% of the
/// occurrences left to review, with only the configuration differing
/// between the corpora.
#[test]
fn classification_meets_its_targets_on_the_answer_keys() {
    for dir in corpora() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let config = Config::load(&dir.join("termshift.toml")).unwrap();
        let inventory = termshift::classify(&config, termshift::scan(&config).unwrap());
        let key = AnswerKey::load(&dir.join("answer-key.tsv")).unwrap();
        let score = Score::of(&inventory, &key);
        let mut table = Vec::new();
        score.write_table(&mut table).unwrap();
        let shortfalls = score.shortfalls(0.95, 0.95, 0.05);
        assert!(
            shortfalls.is_empty(),
            "{name}: {shortfalls:?}\n{}",
            String::from_utf8_lossy(&table)
        );
        // The classification's settings: `[[allow]]` entries are the
        // gate's and the plan's (shims kept on purpose), not evidence.
        let settings = std::fs::read_to_string(dir.join("termshift.toml")).unwrap();
        let mut in_allow = false;
        let lines = settings
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter(|l| {
                if l.starts_with('[') {
                    in_allow = *l == "[[allow]]";
                }
                !in_allow
            })
            .count();
        assert!(lines <= 20, "{name}: {lines} lines of configuration");
    }
}

/// The Markdown inventory of each corpus is the reviewed `inventory.md`
/// beside it. After a deliberate change, regenerate it with
/// `termshift --config examples/<name>/termshift.toml report -o
/// examples/<name>/inventory.md` and review the diff like code.
#[test]
fn markdown_inventories_equal_their_reviewed_files() {
    for dir in corpora() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let config = Config::load(&dir.join("termshift.toml")).unwrap();
        let inventory = termshift::classify(&config, termshift::scan(&config).unwrap());
        let mut written = Vec::new();
        let report = termshift::outputs::Markdown {
            config: &config,
            group_by: termshift::outputs::GroupBy::Category,
        };
        termshift::outputs::Report::write(&report, &inventory, &mut written).unwrap();
        let written = String::from_utf8(written).unwrap();
        let expected = std::fs::read_to_string(dir.join("inventory.md")).unwrap();
        if written != expected {
            let first = written
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| written.lines().count().min(expected.lines().count()));
            let around = |text: &str| {
                text.lines()
                    .skip(first.saturating_sub(2))
                    .take(5)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{name}: the report differs from inventory.md from line {}:\n--- inventory.md\n{}\n--- report\n{}",
                first + 1,
                around(&expected),
                around(&written)
            );
        }
    }
}

/// The order of the configuration's roots decides nothing: with the roots
/// listed the other way round (so the files reach classification in
/// another order, and the name-flow graph numbers its nodes otherwise),
/// every occurrence keeps its category.
#[test]
fn classification_does_not_depend_on_the_order_of_the_roots() {
    let categories = |config: &Config| -> BTreeMap<Place, String> {
        termshift::classify(config, termshift::scan(config).unwrap())
            .findings
            .into_iter()
            .map(|f| (place_of(&f.occurrence), f.category))
            .collect()
    };
    for dir in corpora() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut config = Config::load(&dir.join("termshift.toml")).unwrap();
        assert!(config.roots.len() > 1, "{name}: a corpus of several roots");
        let forward = categories(&config);
        config.roots.reverse();
        let reversed = categories(&config);
        assert_eq!(forward.len(), reversed.len(), "{name}");
        let moved: Vec<_> = forward
            .iter()
            .filter(|(place, category)| reversed.get(*place) != Some(*category))
            .map(|(place, category)| (place, category, reversed.get(place)))
            .collect();
        assert!(moved.is_empty(), "{name}: {moved:?}");
    }
}
