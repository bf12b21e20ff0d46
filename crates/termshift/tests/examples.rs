//! The shipped example corpora: the scan finds exactly the occurrences their
//! hand-written answer keys list (path, line, identifier and term).

use std::collections::BTreeMap;
use std::path::Path;

use termshift::{Config, TermSide};

type Key = (String, u32, String, &'static str);

fn answer_key(path: &Path) -> BTreeMap<Key, usize> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows = BTreeMap::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let term = match cols[3] {
            "from" => "from",
            "to" => "to",
            other => panic!("{}: bad term {other:?} in {line:?}", path.display()),
        };
        *rows
            .entry((
                cols[0].to_string(),
                cols[1].parse().unwrap(),
                cols[2].to_string(),
                term,
            ))
            .or_default() += 1;
    }
    rows
}

#[test]
fn scans_find_exactly_the_answer_keys_occurrences() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let dir = entry.unwrap().path();
        let key_path = dir.join("answer-key.tsv");
        if !key_path.exists() {
            continue;
        }
        let config = Config::load(&dir.join("termshift.toml")).unwrap();
        let result = termshift::scan(&config).unwrap();
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
        let mut found: BTreeMap<Key, usize> = BTreeMap::new();
        for o in &result.occurrences {
            let term = if o.term == TermSide::From {
                "from"
            } else {
                "to"
            };
            *found
                .entry((
                    format!("{}/{}", o.repo, o.path),
                    o.line,
                    o.text.clone(),
                    term,
                ))
                .or_default() += 1;
        }
        let key = answer_key(&key_path);
        let missing: Vec<_> = key
            .iter()
            .filter(|(k, n)| found.get(*k) != Some(n))
            .take(10)
            .collect();
        let extra: Vec<_> = found
            .iter()
            .filter(|(k, n)| key.get(*k) != Some(n))
            .take(10)
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: key rows not found as listed {missing:?}; found but not in the key {extra:?}",
            dir.display()
        );
        checked += 1;
    }
    assert!(
        checked >= 1,
        "no example corpus with an answer key under {}",
        examples.display()
    );
}

/// The answer key's category for each occurrence, in the scan's order
/// (rows of the same path, line, text and term are taken in column order).
fn key_categories(path: &Path) -> BTreeMap<Key, Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut rows: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let term = if cols[3] == "from" { "from" } else { "to" };
        rows.entry((
            cols[0].to_string(),
            cols[1].parse().unwrap(),
            cols[2].to_string(),
            term,
        ))
        .or_default()
        .push(cols[4].to_string());
    }
    rows
}

/// Classification is judged on the answer keys: what it decides must be
/// right (NEEDS_REVIEW is an honest answer, a wrong category is not), and it
/// must decide most occurrences.
#[test]
fn classification_agrees_with_the_answer_keys() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for name in ["run-to-session", "user-to-account"] {
        let dir = examples.join(name);
        let config = Config::load(&dir.join("termshift.toml")).unwrap();
        let inventory = termshift::classify(&config, termshift::scan(&config).unwrap());
        let mut key = key_categories(&dir.join("answer-key.tsv"));
        let (mut decided, mut right) = (0usize, 0usize);
        let mut wrong = Vec::new();
        for f in &inventory.findings {
            let o = &f.occurrence;
            let term = if o.term == TermSide::From {
                "from"
            } else {
                "to"
            };
            let expected = key
                .get_mut(&(
                    format!("{}/{}", o.repo, o.path),
                    o.line,
                    o.text.clone(),
                    term,
                ))
                .map(|v| v.remove(0))
                .unwrap();
            if f.category == termshift::classify::NEEDS_REVIEW {
                continue;
            }
            decided += 1;
            if f.category == expected {
                right += 1;
            } else {
                wrong.push(format!(
                    "{}/{}:{} {} expected {expected}, got {} ({:?})",
                    o.repo, o.path, o.line, o.text, f.category, f.reasons
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
