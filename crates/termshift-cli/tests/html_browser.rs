//! The HTML report in a real browser: headless chromium renders the page of
//! a corpus whose files hold script, applies filters from the URL fragment,
//! and must run none of the corpus's script; in a narrow window, the
//! table's short cells stay whole. The screenshots stay in
//! `target/browser-test/`.
//!
//! Without chromium the test is skipped, unless `TERMSHIFT_REQUIRE_BROWSER=1`
//! (as `scripts/test` sets it), when it fails.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command as Cli;

/// The browsers tried, in order: Debian's package first.
const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// The window the page is shown in, and a narrow one, where the table has
/// less room than its cells would take on one line each.
const WIDE: &str = "--window-size=1280,1400";
const NARROW: &str = "--window-size=640,1400";

/// Appended to a copy of the page: marks the cells of the table's short
/// columns that the layout broke over lines, and the parts of a path or a
/// role (the text between two `<wbr>`) that it broke inside, on the body
/// (`data-broken`), with the number of cells looked at (`data-checked`).
const LAYOUT_PROBE: &str = r##"<script>
(function () {
  "use strict";
  var whole = ["Category", "Repo", "Owner", "Breaking"], parts = ["Location", "Role"];
  var headers = Array.prototype.map.call(document.querySelectorAll("#findings thead th"), function (th) { return th.textContent; });
  var broken = [], checked = 0;
  function lines(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    return Array.prototype.map.call(range.getClientRects(), function (r) { return Math.round(r.top); });
  }
  function count(tops) { return tops.filter(function (t, i) { return tops.indexOf(t) === i; }).length; }
  Array.prototype.forEach.call(document.querySelectorAll("#findings tbody.finding:not([hidden]) tr.summary"), function (row) {
    Array.prototype.forEach.call(row.cells, function (cell, i) {
      var header = headers[i], all = [], texts = [];
      var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.data.trim()) continue;
        var tops = lines(node);
        all = all.concat(tops);
        if (count(tops) > 1) texts.push(node.data);
      }
      if (whole.indexOf(header) >= 0) {
        checked++;
        if (count(all) > 1) broken.push(header + ": " + cell.textContent);
      } else if (parts.indexOf(header) >= 0) {
        checked++;
        texts.forEach(function (text) { broken.push(header + ": " + text); });
      }
    });
  });
  document.body.setAttribute("data-checked", String(checked));
  document.body.setAttribute("data-broken", broken.join("; "));
})();
</script>
"##;

/// How long one browser may take to render the page.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);

const CONV: &str = "package api

// </script><script>document.title='pwned'</script>
type Conv struct {
\tSessionID string
\tRunID     string
}

// Open runs the checks, then opens the conversation.
func Open(sessionID string) *Conv {
\treturn &Conv{SessionID: sessionID, RunID: sessionID}
}

func Reply(c *Conv) map[string]any {
\treturn map[string]any{\"run_id\": c.RunID}
}
";

const NOTES: &str = "# Notes

The reply sends `run_id` <img src=x onerror=\"document.body.setAttribute('data-pwned', 'yes')\"> each time.
";

fn write(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

fn installed_browser() -> Option<&'static str> {
    BROWSERS.into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// What headless `browser` prints for `url` in a `window` with `args`,
/// within the time limit. Each launch gets its own profile, so launches do
/// not share state.
fn headless(browser: &str, window: &str, args: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--hide-scrollbars",
            window,
            // Lets the page's script finish before the DOM is dumped.
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {browser}: {e}"));
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("{browser} took more than {BROWSER_TIMEOUT:?} on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{browser} failed on {url}: {status}");
    reader.join().unwrap().unwrap()
}

/// A finding's row as the browser left it.
#[derive(Debug)]
struct Row {
    category: String,
    hidden: bool,
    /// The text of its cells.
    cells: String,
}

/// The finding rows of a dumped DOM.
fn rows(dom: &str) -> Vec<Row> {
    dom.split("<tbody class=\"finding\"")
        .skip(1)
        .map(|body| {
            let tag = &body[..body.find('>').unwrap()];
            let category = tag
                .split("data-category=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("no category in <tbody{tag}>"));
            let cells = &body[..body.find("<tr class=\"context\"").unwrap()];
            Row {
                category: category.to_string(),
                hidden: tag.contains(" hidden"),
                cells: cells.to_string(),
            }
        })
        .collect()
}

/// The number the page's script wrote as the count of rows shown.
fn visible_count(dom: &str) -> usize {
    let rest = dom
        .split("<span id=\"visible-count\">")
        .nth(1)
        .expect("a visible count");
    rest[..rest.find('<').unwrap()].parse().unwrap()
}

/// Whatever view it shows, the page ran its own script and no script of
/// the corpus.
fn assert_only_the_page_script_ran(dom: &str) {
    assert!(
        dom.contains("<html lang=\"en\" class=\"js\">"),
        "the page's script did not run: {dom}"
    );
    assert!(
        dom.contains("<title>Run to Session Inventory</title>"),
        "{dom}"
    );
    // The attribute the image's handler would set; its text is `'data-pwned', 'yes'`.
    assert!(!dom.contains("data-pwned=\""), "{dom}");
    assert_eq!(dom.matches("<img").count(), 0, "{dom}");
    assert_eq!(dom.matches("<script").count(), 1, "{dom}");
    // The payloads are on the page, as text.
    assert!(dom.contains("document.title='pwned'"), "{dom}");
    assert!(dom.contains("&lt;img src=x onerror="), "{dom}");
}

fn screenshot(browser: &str, url: &str, path: &Path) {
    headless(
        browser,
        WIDE,
        &[format!("--screenshot={}", path.display())],
        url,
    );
    let png = fs::read(path).unwrap_or_else(|e| panic!("no screenshot {}: {e}", path.display()));
    assert!(
        png.starts_with(b"\x89PNG"),
        "{} is not a PNG",
        path.display()
    );
    println!("screenshot: {}", path.display());
}

#[test]
fn filters_apply_in_a_browser_and_corpus_script_never_runs() {
    let Some(browser) = installed_browser() else {
        let tried = BROWSERS.join(", ");
        if std::env::var("TERMSHIFT_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!(
                "no browser found (tried {tried}) but TERMSHIFT_REQUIRE_BROWSER=1: \
                 install Debian's chromium (scripts/test does: apt-get install chromium)"
            );
        }
        eprintln!("skipped: no browser found (tried {tried}); set TERMSHIFT_REQUIRE_BROWSER=1 to fail instead");
        return;
    };
    let corpus = tempfile::tempdir().unwrap();
    write(
        corpus.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"api\"\npath = \"api\"\n",
    );
    write(corpus.path(), "api/conv.go", CONV);
    write(corpus.path(), "api/docs/notes.md", NOTES);
    // Beside the build, where the screenshots outlive the test.
    let out: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-test");
    fs::create_dir_all(&out).unwrap();
    let page = out.join("inventory.html");
    Cli::cargo_bin("termshift")
        .unwrap()
        .current_dir(corpus.path())
        .args(["report", "--format", "html", "-o"])
        .arg(&page)
        .assert()
        .success();
    let url = format!("file://{}", page.display());

    let dom = headless(browser, WIDE, &["--dump-dom".to_string()], &url);
    assert_only_the_page_script_ran(&dom);
    let all = rows(&dom);
    assert!(all.iter().all(|r| !r.hidden), "{all:#?}");
    assert_eq!(visible_count(&dom), all.len());
    let stale = all.iter().filter(|r| r.category == "DOC_STALE").count();
    assert!(stale > 0 && stale < all.len(), "{all:#?}");

    // A category from the fragment shows its rows and hides the others.
    let by_category = format!("{url}#category=DOC_STALE");
    let dom = headless(browser, WIDE, &["--dump-dom".to_string()], &by_category);
    assert_only_the_page_script_ran(&dom);
    let filtered = rows(&dom);
    assert_eq!(filtered.len(), all.len());
    for row in &filtered {
        assert_eq!(row.hidden, row.category != "DOC_STALE", "{row:?}");
    }
    assert_eq!(visible_count(&dom), stale);

    // Text search and a select together: the alias rows of one line.
    let searched = format!("{url}#category=LEGACY_SESSION_ALIAS&q=conv.go%3A11");
    let dom = headless(browser, WIDE, &["--dump-dom".to_string()], &searched);
    assert_only_the_page_script_ran(&dom);
    let rows_searched = rows(&dom);
    let shown: Vec<&Row> = rows_searched.iter().filter(|r| !r.hidden).collect();
    assert!(
        !shown.is_empty() && shown.len() < all.len(),
        "{rows_searched:#?}"
    );
    for row in &shown {
        assert_eq!(row.category, "LEGACY_SESSION_ALIAS", "{row:?}");
        assert!(row.cells.contains("conv.go:11"), "{row:?}");
    }
    assert_eq!(visible_count(&dom), shown.len());

    // In a narrow window, no short cell is broken over lines and no file
    // name or role word inside itself.
    let probed = out.join("inventory-layout.html");
    let page_text = fs::read_to_string(&page).unwrap();
    fs::write(
        &probed,
        page_text.replace("</body>", &format!("{LAYOUT_PROBE}</body>")),
    )
    .unwrap();
    let dom = headless(
        browser,
        NARROW,
        &["--dump-dom".to_string()],
        &format!("file://{}", probed.display()),
    );
    let body = dom.split("<body").nth(1).expect("a body");
    let body = &body[..body.find('>').unwrap()];
    let attribute = |name: &str| {
        body.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no {name} on <body{body}>"))
            .to_string()
    };
    let checked: usize = attribute("data-checked").parse().unwrap();
    assert_eq!(checked, 6 * all.len(), "<body{body}>");
    assert_eq!(attribute("data-broken"), "", "broken in a narrow window");

    screenshot(browser, &url, &out.join("inventory.png"));
    screenshot(browser, &by_category, &out.join("inventory-filtered.png"));
}
