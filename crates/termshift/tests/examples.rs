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
