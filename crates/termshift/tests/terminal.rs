//! The terminal formats fitted to a width: the scan's table, a trace's box
//! and the report's overview, over names and prose in several scripts.
//! Every line fits whatever the width (none is cut inside a character), and
//! without a width every cell is whole.

use std::path::Path;

use termshift::gate::Gate;
use termshift::outputs::width::width;
use termshift::outputs::{Overview, Report, Table, Trace};
use termshift::{Config, Inventory};

const STORE: &str = "package chat

// Größe: the セッション of a run, kept for the long-running façade.
type Größe struct {
\tSessionID string
\tRunID     string
}

func (g *Größe) 処理RunForPromptWithAVeryLongNameIndeed(sessionID string) string {
\tg.RunID = sessionID
\treturn g.RunID
}
";

struct Project {
    _dir: tempfile::TempDir,
    config: Config,
}

fn project() -> Project {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("repo/internal/chat/größe_store_with_a_long_name.go");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, STORE).unwrap();
    let source = "[migration]\nfrom = \"run\"\nto = \"session\"\n\
                  [[roots]]\nname = \"repo\"\npath = \"repo\"\n";
    let config = Config::parse(source, Path::new("termshift.toml"), dir.path()).unwrap();
    Project { _dir: dir, config }
}

fn inventory(config: &Config) -> Inventory {
    termshift::classify(config, termshift::scan(config).unwrap())
}

fn table(inventory: &Inventory, width: Option<usize>) -> String {
    let mut out = Vec::new();
    Table { width }.write(inventory, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Text without its ANSI styles.
fn plain(text: &str) -> String {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        plain.push_str(&rest[..at]);
        let end = rest[at..].find('m').map_or(rest.len(), |m| at + m + 1);
        rest = &rest[end..];
    }
    plain + rest
}

#[test]
fn the_table_has_a_header_row_and_fits_the_terminal() {
    let project = project();
    let inventory = inventory(&project.config);
    assert!(inventory.findings.len() >= 5, "{:?}", inventory.findings);
    let whole = plain(&table(&inventory, None));
    let header = whole.lines().next().unwrap();
    for label in ["LINE:COL", "TEXT", "ROLE", "CATEGORY", "SYMBOL"] {
        assert!(header.contains(label), "{header}");
    }
    // Without a width, every cell whole.
    assert!(
        whole.contains("処理RunForPromptWithAVeryLongNameIndeed"),
        "{whole}"
    );
    assert!(
        whole.contains("Größe.処理RunForPromptWithAVeryLongNameIndeed"),
        "{whole}"
    );
    assert!(whole.contains("repo/internal/chat/größe_store_with_a_long_name.go (go)"));
    assert!(!whole.contains('…'), "{whole}");
    let widest = whole.lines().map(width).max().unwrap();
    assert!(widest > 100, "{whole}");

    // From a classic terminal's 80 columns up: the category column whole,
    // the others cut down to a few columns.
    for terminal in 80..=widest + 1 {
        let fitted = plain(&table(&inventory, Some(terminal)));
        assert_eq!(fitted.lines().count(), whole.lines().count(), "{fitted}");
        for line in fitted.lines() {
            assert!(width(line) <= terminal, "{terminal}: {line:?}");
        }
        assert_eq!(
            fitted.contains('…'),
            terminal < widest,
            "{terminal}: {fitted}"
        );
        for f in &inventory.findings {
            assert!(fitted.contains(&format!("  {}  ", f.category)), "{fitted}");
        }
    }
    // Narrower, the rows stand out of it, but a file's path still fits,
    // losing its start.
    let file_width = width(whole.lines().find(|l| l.ends_with(" (go)")).unwrap());
    for terminal in 0..80 {
        let fitted = plain(&table(&inventory, Some(terminal)));
        let file = fitted.lines().find(|l| l.ends_with(" (go)")).unwrap();
        if terminal >= 20 {
            assert!(width(file) <= terminal, "{terminal}: {file:?}");
        }
        if terminal < file_width {
            assert!(file.starts_with('…'), "{terminal}: {file:?}");
        }
    }
}

#[test]
fn a_trace_box_wraps_to_the_terminal() {
    let project = project();
    let inventory = inventory(&project.config);
    let traces = Trace::around(&inventory, "Größe.RunID", 2).unwrap();
    let draw = |width: Option<usize>| {
        let mut out = Vec::new();
        traces[0].write_box(&mut out, width).unwrap();
        String::from_utf8(out).unwrap()
    };
    let whole = draw(None);
    let widest = whole.lines().map(width).max().unwrap();
    let words = |text: &str| {
        text.split(|c: char| c.is_whitespace() || "│├└─┌┐┘┤".contains(c))
            .filter(|w| !w.is_empty())
            .collect::<String>()
    };
    for terminal in 30..=widest + 1 {
        let wrapped = draw(Some(terminal));
        for line in wrapped.lines() {
            assert!(width(line) <= terminal, "{terminal}: {line:?}\n{wrapped}");
        }
        // The same text, only on more lines.
        assert_eq!(words(&wrapped), words(&whole), "{terminal}:\n{wrapped}");
        assert_eq!(
            wrapped == whole,
            terminal >= widest,
            "{terminal}:\n{wrapped}"
        );
    }
}

#[test]
fn the_overview_counts_each_category_and_says_what_needs_a_person() {
    let project = project();
    let inventory = inventory(&project.config);
    let gate = Gate::new(&project.config, &[]).unwrap();
    let overview = |width: Option<usize>| {
        let mut out = Vec::new();
        Overview {
            config: &project.config,
            gate: &gate,
            width,
        }
        .write(&inventory, &mut out)
        .unwrap();
        plain(&String::from_utf8(out).unwrap())
    };
    let whole = overview(None);
    let mut counts = std::collections::BTreeMap::new();
    for f in &inventory.findings {
        *counts.entry(f.category.as_str()).or_insert(0) += 1;
    }
    for (category, count) in &counts {
        let row = whole
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{category} ")))
            .unwrap_or_else(|| panic!("no {category} in {whole}"));
        assert!(row.contains(&format!(" {count}  ")), "{row}");
    }
    assert!(
        whole.starts_with(&format!(
            "Run to Session Inventory: {} occurrences of `run` and `session` in 1 files of repo.",
            inventory.findings.len()
        )),
        "{whole}"
    );
    let denied = gate.judge(&inventory, None).violations.len();
    assert!(denied > 0, "{whole}");
    assert!(
        whole.contains(&format!(
            "Needs a person: {denied} occurrences the gate denies (LEGACY_SESSION_ALIAS, DOC_STALE) in 1 files"
        )),
        "{whole}"
    );
    // Narrower, the sentences wrap and the actions are cut; the categories
    // and their counts stay whole.
    let widest = whole.lines().map(width).max().unwrap();
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let needs = |text: &str| words(&text[text.find("Needs a person").unwrap()..]);
    for terminal in 50..=widest {
        let wrapped = overview(Some(terminal));
        for line in wrapped.lines() {
            assert!(width(line) <= terminal, "{terminal}: {line:?}");
        }
        assert_eq!(needs(&wrapped), needs(&whole), "{terminal}");
        for (category, count) in &counts {
            assert!(wrapped.contains(&format!("{category}  ")), "{wrapped}");
            assert!(wrapped.contains(&format!(" {count}  ")), "{wrapped}");
        }
        assert_eq!(
            wrapped == whole,
            terminal == widest,
            "{terminal}:\n{wrapped}"
        );
    }
}
