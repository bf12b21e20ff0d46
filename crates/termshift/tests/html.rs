//! The HTML report of a small made-up repository whose files hold markup
//! and script: what the page shows, that it escapes the corpus, and that it
//! needs nothing from the network.

use std::collections::BTreeMap;
use std::path::Path;

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

#[test]
fn corpus_markup_and_script_show_as_text() {
    let project = project();
    let inventory = inventory(&project.config);
    let page = page(&project.config, &inventory, Vec::new());
    // The only script element is the page's own, at its end.
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    assert!(page.contains("<script>\n(function () {"));
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains("<i>"), "{page}");
    // The code around the findings, escaped.
    assert!(
        page.contains("// Payload: &lt;/script&gt;&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"),
        "{page}"
    );
    assert!(
        page.contains("&lt;img src=x onerror=&quot;document.body.dataset.pwned=1&quot;&gt;"),
        "{page}"
    );
    // A path, in the row and in the filters' data.
    assert!(
        page.contains("<td>docs/<wbr>&lt;i&gt;notes.md:3</td>"),
        "{page}"
    );
    assert!(page.contains("data-category=\"DOC_STALE\""), "{page}");
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
fn each_finding_is_a_row_that_opens_on_its_code_and_reasons() {
    let project = project();
    let inventory = inventory(&project.config);
    let page = page(&project.config, &inventory, Vec::new());
    assert_eq!(
        page.matches("<tbody class=\"finding\"").count(),
        inventory.findings.len()
    );
    let row = between(&page, "<td>chat/<wbr>store.go:6</td>", "</tbody>");
    assert!(row.contains("<td><code>RunID</code></td>"), "{row}");
    // Two lines before and after the hit, its word marked.
    for line in 4..=8 {
        assert!(
            row.contains(&format!("<span class=\"ln\">{line}</span>")),
            "{row}"
        );
    }
    for line in [3, 9] {
        assert!(
            !row.contains(&format!("<span class=\"ln\">{line}</span>")),
            "{row}"
        );
    }
    assert!(
        row.contains(
            "<span class=\"hit\">\t<mark>Run</mark>ID     string `json:&quot;run_id&quot;`</span>"
        ),
        "{row}"
    );
    assert!(
        row.contains("<li>sessionID flows into Conversation.RunID at repo/chat/store.go:11</li>"),
        "{row}"
    );
    assert!(
        row.contains(
            "<li><code>sessionID</code> is a name of the new word <code>session</code></li>"
        ),
        "{row}"
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
