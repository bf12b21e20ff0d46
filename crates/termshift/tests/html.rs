//! The HTML report of a small made-up repository whose files hold markup
//! and script: what the page shows, that it escapes the corpus, and that it
//! needs nothing from the network. The findings' rows are data that the
//! page's script draws (`html_browser.rs` in the CLI draws them in a
//! browser); here the data is read back as JSON.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use termshift::outputs::{BurndownPoint, Html, Report};
use termshift::{Config, Inventory};

const STORE: &str = "package chat

// Payload: </script><script>document.title='pwned'</script>
type Conversation struct {
\tSessionID string `json:\"session_id\"`
\tRunID     string `json:\"run_id\"`
}

// Open runs the checks, then opens the conversation.
func Open(sessionID string) *Conversation {
\treturn &Conversation{SessionID: sessionID, RunID: sessionID}
}
";

const NOTES: &str = "# Notes

The reply sends `run_id` <img src=x onerror=\"document.body.dataset.pwned=1\"> with each reply.
";

/// A made-up repository in a temporary folder, with its configuration.
struct Project {
    _dir: tempfile::TempDir,
    config: Config,
}

fn project() -> Project {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in [("chat/store.go", STORE), ("docs/<i>notes.md", NOTES)] {
        let path = dir.path().join("repo").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let source = "[migration]\nfrom = \"run\"\nto = \"session\"\n\
                  [[roots]]\nname = \"repo\"\npath = \"repo\"\n";
    let config = Config::parse(source, Path::new("termshift.toml"), dir.path()).unwrap();
    Project { _dir: dir, config }
}

fn inventory(config: &Config) -> Inventory {
    termshift::classify(config, termshift::scan(config).unwrap())
}

fn page(config: &Config, inventory: &Inventory, history: Vec<BurndownPoint>) -> String {
    let mut out = Vec::new();
    Html { config, history }.write(inventory, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The part of `page` from `start` to the next `end`.
fn between<'p>(page: &'p str, start: &str, end: &str) -> &'p str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {page}"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The findings' data of a page, as its script reads it.
const DATA_START: &str = "<script type=\"application/json\" id=\"findings-data\">";

/// The JSON text of a page's findings' data.
fn data_text(page: &str) -> &str {
    between(page, DATA_START, "</script>")
        .strip_prefix(DATA_START)
        .unwrap()
}

/// A row of the data, its texts looked up.
#[derive(Debug)]
struct Row {
    /// Category, repo, path, text, role, symbol, owner, breaking, proposed
    /// change, meaning, maps to, confidence, component.
    fields: Vec<String>,
    count: usize,
    lines: String,
    reasons: Vec<String>,
    /// Per finding shown: the first line's number and the lines, the
    /// finding's own as `before[word]after`; or why there is no code.
    /// Read back from the file's lines as the page's script reads them.
    code: Vec<(u64, Vec<String>)>,
}

/// A file of the data: its repo and path, and its lines shown by number,
/// or none when it cannot be read again.
type DataFile = (String, String, Option<BTreeMap<u64, String>>);

fn rows(page: &str) -> Vec<Row> {
    let data: Value = serde_json::from_str(data_text(page)).unwrap();
    let texts: Vec<&str> = data["s"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let text = |v: &Value| texts[v.as_u64().unwrap() as usize].to_string();
    let around = data["around"].as_u64().unwrap();
    let files: Vec<DataFile> = data["f"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let code = f[2].as_array().map(|runs| {
                let mut lines = BTreeMap::new();
                for run in runs {
                    let run = run.as_array().unwrap();
                    let first = run[0].as_u64().unwrap();
                    for (i, line) in run[1..].iter().enumerate() {
                        lines.insert(first + i as u64, text(line));
                    }
                }
                lines
            });
            (text(&f[0]), text(&f[1]), code)
        })
        .collect();
    data["r"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let r = r.as_array().unwrap();
            assert_eq!(r.len(), 16, "{r:?}");
            let (repo, path, lines) = &files[r[0].as_u64().unwrap() as usize];
            let code = r[15]
                .as_array()
                .unwrap()
                .iter()
                .map(|hit| {
                    let Some(lines) = lines else {
                        return (0, vec!["the file cannot be read again".to_string()]);
                    };
                    if hit.as_i64() == Some(-2) {
                        return (0, vec!["the file no longer has the line".to_string()]);
                    }
                    let at = hit.as_u64().unwrap_or_else(|| hit[0].as_u64().unwrap());
                    let marked = match hit.as_array().map(Vec::len) {
                        None => lines[&at].clone(),
                        Some(3) => {
                            let line: Vec<u16> = lines[&at].encode_utf16().collect();
                            let [start, length] =
                                [&hit[1], &hit[2]].map(|v| v.as_u64().unwrap() as usize);
                            let piece = |from: usize, to: usize| {
                                String::from_utf16(&line[from..to]).unwrap()
                            };
                            format!(
                                "{}[{}]{}",
                                piece(0, start),
                                piece(start, start + length),
                                piece(start + length, line.len())
                            )
                        }
                        Some(_) => format!("{}[{}]{}", text(&hit[1]), text(&hit[2]), text(&hit[3])),
                    };
                    let shown: Vec<u64> = (at.saturating_sub(around)..=at + around)
                        .filter(|n| *n == at || lines.contains_key(n))
                        .collect();
                    let code = shown
                        .iter()
                        .map(|n| {
                            if *n == at {
                                marked.clone()
                            } else {
                                lines[n].clone()
                            }
                        })
                        .collect();
                    (shown[0], code)
                })
                .collect();
            let mut fields: Vec<String> = vec![text(&r[1]), repo.clone(), path.clone()];
            fields.extend(r[2..12].iter().map(text));
            Row {
                fields,
                count: r[12].as_u64().unwrap() as usize,
                lines: text(&r[13]),
                reasons: r[14].as_array().unwrap().iter().map(text).collect(),
                code,
            }
        })
        .collect()
}

/// The line numbers of spans such as `6,8-10`.
fn line_numbers(spans: &str) -> Vec<u32> {
    spans
        .split(',')
        .flat_map(|span| {
            let (first, last) = span.split_once('-').unwrap_or((span, span));
            first.parse::<u32>().unwrap()..=last.parse::<u32>().unwrap()
        })
        .collect()
}

#[test]
fn corpus_markup_and_script_show_as_text() {
    let project = project();
    let inventory = inventory(&project.config);
    let page = page(&project.config, &inventory, Vec::new());
    // The only script elements are the findings' data and the page's own
    // script, at its end.
    assert_eq!(page.matches("<script").count(), 2, "{page}");
    assert_eq!(page.matches(DATA_START).count(), 1, "{page}");
    assert!(page.contains("<script>\n(function () {"));
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains("<i>"), "{page}");
    // The data holds no character that could end its element or open a
    // comment: the corpus's `</script>` is escaped.
    let data = data_text(&page);
    assert!(!data.contains(['<', '>', '&']), "{data}");
    assert!(
        data.contains(
            "// Payload: \\u003c/script\\u003e\\u003cscript\\u003edocument.title='pwned'"
        ),
        "{data}"
    );
    // The code around the findings, as the script will show it.
    let rows = rows(&page);
    let code: Vec<&String> = rows
        .iter()
        .flat_map(|r| &r.code)
        .flat_map(|(_, lines)| lines)
        .collect();
    assert!(
        code.iter()
            .any(|l| *l == "// Payload: </script><script>document.title='pwned'</script>"),
        "{code:?}"
    );
    assert!(
        code.iter().any(|l| *l
            == "The reply sends `[run]_id` <img src=x onerror=\"document.body.dataset.pwned=1\"> with each reply."),
        "{code:?}"
    );
    // A path, in a row and in the filters.
    let notes = rows
        .iter()
        .find(|r| r.fields[2] == "docs/<i>notes.md")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(
        (notes.fields[0].as_str(), notes.lines.as_str()),
        ("DOC_STALE", "3")
    );
    assert!(page.contains("<option value=\"DOC_STALE\">"), "{page}");
}

#[test]
fn the_page_fetches_nothing() {
    let project = project();
    let inventory = inventory(&project.config);
    let page = page(&project.config, &inventory, Vec::new());
    for fetch in ["http://", "https://", "<link", "url(", "@import"] {
        assert!(!page.contains(fetch), "{fetch} in {page}");
    }
    // Corpus text is escaped, so every `<` opens one of the page's own tags.
    for tag in page.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(!tag.contains("src="), "<{tag}>");
    }
    // Links only move within the page.
    for (i, _) in page.match_indices("href=\"") {
        assert!(page[i..].starts_with("href=\"#"), "{}", &page[i..i + 40]);
    }
    assert!(
        page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
    );
}

#[test]
fn findings_alike_but_for_their_line_make_one_row() {
    let project = project();
    let inventory = inventory(&project.config);
    let page = page(&project.config, &inventory, Vec::new());
    let rows = rows(&page);
    // Every finding is counted in one row that lists its line.
    assert_eq!(
        rows.iter().map(|r| r.count).sum::<usize>(),
        inventory.findings.len()
    );
    for f in &inventory.findings {
        let o = &f.occurrence;
        let holding: Vec<&Row> = rows
            .iter()
            .filter(|r| {
                r.fields[0] == f.category
                    && r.fields[1] == o.repo
                    && r.fields[2] == o.path
                    && r.fields[3] == o.text
                    && r.fields[4] == o.role.name()
                    && r.reasons == f.reasons
                    && line_numbers(&r.lines).contains(&o.line)
            })
            .collect();
        assert_eq!(holding.len(), 1, "{f:?} in {rows:#?}");
    }
    // Rows differ in more than their lines.
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            assert!(
                a.fields != b.fields || a.reasons != b.reasons,
                "{a:?} {b:?}"
            );
        }
    }
    // Two findings of one name on one line, in the same role: one row of two.
    let both = rows
        .iter()
        .find(|r| r.count > 1)
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(
        (both.fields[3].as_str(), both.lines.as_str()),
        ("sessionID", "11")
    );
    assert_eq!(both.code.len(), 2, "{both:?}");
}

#[test]
fn each_row_opens_on_its_code_and_reasons() {
    let project = project();
    let inventory = inventory(&project.config);
    let page = page(&project.config, &inventory, Vec::new());
    let rows = rows(&page);
    let row = rows
        .iter()
        .find(|r| r.fields[2] == "chat/store.go" && r.fields[3] == "RunID" && r.lines == "6")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    // Two lines before and after the hit, its word marked.
    assert_eq!(
        row.code,
        [(
            4,
            vec![
                "type Conversation struct {".to_string(),
                "\tSessionID string `json:\"session_id\"`".to_string(),
                "\t[Run]ID     string `json:\"run_id\"`".to_string(),
                "}".to_string(),
                String::new(),
            ]
        )]
    );
    assert_eq!(
        row.reasons,
        [
            "sessionID flows into Conversation.RunID at repo/chat/store.go:11",
            "`sessionID` is a name of the new word `session`"
        ]
    );
    // What the details say besides: meaning, maps to, confidence, component.
    assert_eq!(
        row.fields[9..],
        ["Session identifier", "Yes", "high", "Backend: Store"]
    );
}

#[test]
fn each_filter_lists_every_value_with_its_count() {
    let project = project();
    let inventory = inventory(&project.config);
    let page = page(&project.config, &inventory, Vec::new());
    let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &inventory.findings {
        *by_category.entry(&f.category).or_default() += 1;
    }
    assert!(by_category.len() >= 2, "{by_category:?}");
    let select = between(&page, "<select id=\"filter-category\"", "</select>");
    assert_eq!(select.matches("<option").count(), by_category.len() + 1);
    for (category, count) in by_category {
        assert!(
            select.contains(&format!(
                "<option value=\"{category}\">{category} ({count})</option>"
            )),
            "{category} in {select}"
        );
    }
    let repos = between(&page, "<select id=\"filter-repo\"", "</select>");
    assert!(repos.contains(&format!(
        "<option value=\"repo\">repo ({})</option>",
        inventory.findings.len()
    )));
    for filter in ["owner", "breaking"] {
        assert!(page.contains(&format!(
            "<select id=\"filter-{filter}\" data-filter=\"{filter}\">"
        )));
    }
}

#[test]
fn the_burndown_chart_is_drawn_only_from_a_history() {
    let project = project();
    let inventory = inventory(&project.config);
    let without = page(&project.config, &inventory, Vec::new());
    assert!(!without.contains("<svg"), "{without}");
    assert!(without.contains("No history is recorded yet"));

    let point = |label: &str, time: i64, alias: usize, stale: usize| BurndownPoint {
        label: label.to_string(),
        time,
        counts: BTreeMap::from([
            ("LEGACY_SESSION_ALIAS".to_string(), alias),
            ("DOC_STALE".to_string(), stale),
        ]),
    };
    let history = vec![
        point("2024-01-01", 1_704_067_200, 30, 12),
        point("2024-02-01", 1_706_745_600, 12, 9),
        point("2024-03-01", 1_709_251_200, 1, 2),
    ];
    let with = page(&project.config, &inventory, history);
    let chart = between(&with, "<svg class=\"burndown\"", "</svg>");
    assert_eq!(chart.matches("<polyline").count(), 2, "{chart}");
    // The alias before stale docs, as the inventory orders categories.
    let alias = chart
        .find("data-category=\"LEGACY_SESSION_ALIAS\"")
        .unwrap();
    let stale = chart.find("data-category=\"DOC_STALE\"").unwrap();
    assert!(alias < stale, "{chart}");
    for label in ["2024-01-01", "2024-02-01", "2024-03-01"] {
        assert!(
            chart.contains(&format!(">{label}</text>")),
            "{label} in {chart}"
        );
    }
    assert!(!with.contains("No history is recorded yet"));
}

#[test]
fn a_card_per_category_gives_its_count_meaning_and_action() {
    let project = project();
    let inventory = inventory(&project.config);
    let page = page(&project.config, &inventory, Vec::new());
    let cards = [
        (
            "LEGACY_SESSION_ALIAS",
            3,
            "<code>run</code> meaning session",
            "Must migrate to session terminology",
        ),
        ("PROCESS_VERB", 1, "Generic &quot;run&quot; verb", "Ignore"),
        (
            "DOC_STALE",
            1,
            "Documentation using run terminology",
            "Update documentation",
        ),
        (
            "TRUE_SESSION_IDENTIFIER",
            6,
            "Already uses session correctly",
            "No change needed",
        ),
    ];
    assert_eq!(page.matches("<article class=\"card\"").count(), cards.len());
    for (category, count, meaning, action) in cards {
        let card = between(
            &page,
            &format!("<a href=\"#category={category}\">"),
            "</article>",
        );
        assert!(
            card.contains(&format!("<p class=\"count\">{count}</p>")),
            "{card}"
        );
        assert!(
            card.contains(&format!("<p class=\"meaning\">{meaning}</p>")),
            "{card}"
        );
        assert!(
            card.contains(&format!("<p class=\"action\">{action}</p>")),
            "{card}"
        );
    }
}

#[test]
fn the_page_is_the_same_for_every_scan_of_the_same_files() {
    let project = project();
    let first = page(&project.config, &inventory(&project.config), Vec::new());
    let second = page(&project.config, &inventory(&project.config), Vec::new());
    assert_eq!(first, second);
}

#[test]
fn code_is_clipped_around_the_word_and_says_when_the_file_changed() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!(
        "package p\n\nvar s = \"{}\" + runID + \"{}\"\n",
        "a".repeat(400),
        "b".repeat(400)
    );
    let numbered =
        |n: usize| -> String { (1..=n).map(|i| format!("var v{i} = runID{i}\n")).collect() };
    for (path, text) in [
        ("long.go", long),
        ("shorter.go", numbered(8)),
        ("moved.go", numbered(3)),
        ("deleted.go", numbered(1)),
    ] {
        std::fs::create_dir_all(dir.path().join("repo")).unwrap();
        std::fs::write(dir.path().join("repo").join(path), text).unwrap();
    }
    let source = "[migration]\nfrom = \"run\"\nto = \"session\"\n\
                  [[roots]]\nname = \"repo\"\npath = \"repo\"\n";
    let config = Config::parse(source, Path::new("termshift.toml"), dir.path()).unwrap();
    let inventory = inventory(&config);
    // The files change after the scan.
    let repo = dir.path().join("repo");
    std::fs::write(repo.join("shorter.go"), numbered(2)).unwrap();
    std::fs::write(
        repo.join("moved.go"),
        "var v1 = runID1\n\nvar v3 = 3 + runID3\n",
    )
    .unwrap();
    std::fs::remove_file(repo.join("deleted.go")).unwrap();
    let rows = rows(&page(&config, &inventory, Vec::new()));
    let code = |path: &str, line: &str| {
        rows.iter()
            .find(|r| r.fields[2] == path && r.lines == line)
            .unwrap_or_else(|| panic!("no {path}:{line} in {rows:#?}"))
            .code
            .clone()
    };
    // At most 160 characters either side of the word.
    let clipped = format!(
        "…{}\" + [run]ID + \"{}…",
        "a".repeat(160 - "\" + ".len()),
        "b".repeat(160 - "ID + \"".len())
    );
    assert_eq!(
        code("long.go", "3"),
        [(
            1,
            vec![
                "package p".to_string(),
                String::new(),
                clipped,
                String::new()
            ]
        )]
    );
    assert_eq!(
        code("shorter.go", "8"),
        [(0, vec!["the file no longer has the line".to_string()])]
    );
    // Line 3 no longer holds the word where it was: shown, not marked.
    assert_eq!(
        code("moved.go", "3"),
        [(
            1,
            vec![
                "var v1 = runID1".to_string(),
                String::new(),
                "var v3 = 3 + runID3".to_string(),
                // After the last newline.
                String::new(),
            ]
        )]
    );
    assert_eq!(
        code("moved.go", "1"),
        [(
            1,
            vec![
                "var v1 = [run]ID1".to_string(),
                String::new(),
                "var v3 = 3 + runID3".to_string()
            ]
        )]
    );
    assert_eq!(
        code("deleted.go", "1"),
        [(0, vec!["the file cannot be read again".to_string()])]
    );
}
