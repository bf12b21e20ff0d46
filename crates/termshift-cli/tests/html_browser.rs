//! The HTML report in a real browser: headless chromium renders the page of
//! a corpus whose files hold script, applies filters from the URL fragment,
//! and must run none of the corpus's script; in a narrow window, the
//! table's short cells stay whole; the page of a corpus with 50,000
//! findings stays a few megabytes and renders its first page of rows. The
//! screenshots stay in `target/browser-test/`.
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

/// A row of findings as the browser drew it.
#[derive(Debug)]
struct Row {
    category: String,
    /// The markup of its cells.
    cells: String,
    /// The row's code and reasons, drawn to be opened.
    details: String,
}

impl Row {
    /// The path and lines of its Location cell: `conv.go:11,14`.
    fn location(&self) -> String {
        let cell = self
            .cells
            .split("<td>")
            .nth(3)
            .unwrap_or_else(|| panic!("{self:?}"));
        cell[..cell.find("</td>").unwrap()].replace("<wbr>", "")
    }

    /// Whether it lists `line` of `path`.
    fn lists(&self, path: &str, line: u32) -> bool {
        let location = self.location();
        let Some(spans) = location.strip_prefix(&format!("{path}:")) else {
            return false;
        };
        spans.split(',').any(|span| {
            let (first, last) = span.split_once('-').unwrap_or((span, span));
            (first.parse::<u32>().unwrap()..=last.parse().unwrap()).contains(&line)
        })
    }
}

/// The rows of findings of a dumped DOM: the page's script draws those of
/// the page shown, of the rows the filters leave.
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
            let context = body.find("<tr class=\"context\"").unwrap();
            Row {
                category: category.to_string(),
                cells: body[..context].to_string(),
                details: body[context..body.find("</tbody>").unwrap()].to_string(),
            }
        })
        .collect()
}

/// A number the page's script wrote in the element of `id`.
fn number(dom: &str, id: &str) -> usize {
    let rest = dom
        .split(&format!("<span id=\"{id}\">"))
        .nth(1)
        .unwrap_or_else(|| panic!("no {id}"));
    rest[..rest.find('<').unwrap()].parse().unwrap()
}

/// The number of findings the page's script counts as shown.
fn visible_count(dom: &str) -> usize {
    number(dom, "visible-count")
}

/// The number of rows the filters leave, on all pages.
fn visible_rows(dom: &str) -> usize {
    number(dom, "visible-rows")
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
    // The findings' data and the page's script.
    assert_eq!(dom.matches("<script").count(), 2, "{dom}");
    assert_eq!(
        dom.matches("<script type=\"application/json\" id=\"findings-data\">")
            .count(),
        1,
        "{dom}"
    );
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

/// The browser to test with, or none (the test is skipped) unless one is
/// required.
fn browser() -> Option<&'static str> {
    let browser = installed_browser();
    if browser.is_none() {
        let tried = BROWSERS.join(", ");
        if std::env::var("TERMSHIFT_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!(
                "no browser found (tried {tried}) but TERMSHIFT_REQUIRE_BROWSER=1: \
                 install Debian's chromium (scripts/test does: apt-get install chromium)"
            );
        }
        eprintln!("skipped: no browser found (tried {tried}); set TERMSHIFT_REQUIRE_BROWSER=1 to fail instead");
    }
    browser
}

/// Beside the build, where the screenshots outlive the test.
fn out_dir() -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-test");
    fs::create_dir_all(&out).unwrap();
    out
}

#[test]
fn filters_apply_in_a_browser_and_corpus_script_never_runs() {
    let Some(browser) = browser() else {
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
    let out = out_dir();
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
    // The payloads are on the page, as text the script drew.
    assert!(
        dom.contains("&lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "{dom}"
    );
    assert!(dom.contains("&lt;img src=x onerror="), "{dom}");
    let all = rows(&dom);
    assert_eq!(visible_rows(&dom), all.len());
    let total = visible_count(&dom);
    assert!(total >= all.len(), "{total} findings in {all:#?}");
    assert!(
        dom.contains(&format!("</span> of {total} findings shown")),
        "{dom}"
    );
    let stale = all.iter().filter(|r| r.category == "DOC_STALE").count();
    assert!(stale > 0 && stale < all.len(), "{all:#?}");
    // A row holds its code, its word marked, and its reasons.
    let field = all
        .iter()
        .find(|r| r.lists("conv.go", 6) && r.cells.contains("<code>RunID</code>"))
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert!(
        field.details.contains(
            "<span class=\"ln\">6</span><span class=\"hit\">\t<mark>Run</mark>ID     string</span>"
        ),
        "{field:?}"
    );
    assert!(
        field.details.contains("<ul class=\"reasons\"><li>"),
        "{field:?}"
    );

    // A category from the fragment shows its rows and leaves out the others.
    let by_category = format!("{url}#category=DOC_STALE");
    let dom = headless(browser, WIDE, &["--dump-dom".to_string()], &by_category);
    assert_only_the_page_script_ran(&dom);
    assert!(dom.contains("&lt;img src=x onerror="), "{dom}");
    let filtered = rows(&dom);
    assert_eq!(filtered.len(), stale, "{filtered:#?}");
    assert!(
        filtered.iter().all(|r| r.category == "DOC_STALE"),
        "{filtered:#?}"
    );
    assert_eq!(visible_rows(&dom), stale);
    assert!(visible_count(&dom) >= stale && visible_count(&dom) < total);

    // Text search and a select together: the alias rows of one line.
    let searched = format!("{url}#category=LEGACY_SESSION_ALIAS&q=conv.go%3A11");
    let dom = headless(browser, WIDE, &["--dump-dom".to_string()], &searched);
    assert_only_the_page_script_ran(&dom);
    let shown = rows(&dom);
    assert!(!shown.is_empty() && shown.len() < all.len(), "{shown:#?}");
    for row in &shown {
        assert_eq!(row.category, "LEGACY_SESSION_ALIAS", "{row:?}");
        assert!(row.lists("conv.go", 11), "{row:?}");
    }
    assert_eq!(visible_rows(&dom), shown.len());

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

/// Files and lines of the large corpus: each line holds the word once, and
/// each file's function takes `runID`.
const LARGE_FILES: usize = 250;
const LARGE_LINES: usize = 200;

/// The largest page of the large corpus, in bytes. Its page measured
/// 1.9 MB, about 40 bytes a finding with half of the findings in rows of
/// their own; a page that wrote each finding as markup (about 1 KB each)
/// would be 50 MB.
const LARGE_PAGE_BYTES: u64 = 5_000_000;

/// A name of its own for each `j`: `Ba`, `Bb`, ... `Dv`.
fn letters(j: usize) -> String {
    let n = j + 26;
    let letter = |k: usize| char::from(b'a' + k as u8);
    format!("{}{}", letter(n / 26).to_ascii_uppercase(), letter(n % 26))
}

#[test]
fn fifty_thousand_findings_make_a_small_page_that_renders() {
    let Some(browser) = browser() else {
        return;
    };
    let corpus = tempfile::tempdir().unwrap();
    write(
        corpus.path(),
        "termshift.toml",
        "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"src\"\npath = \"src\"\n",
    );
    // Half the lines use one name (a row per file), half a name of their
    // own (a row per line).
    for k in 0..LARGE_FILES {
        let mut text = format!("package p{k}\n\nfunc Step{k}(runID string) {{\n");
        for j in 0..LARGE_LINES / 2 {
            text.push_str(&format!("\tuse(runID, {j})\n\trun{} := {j}\n", letters(j)));
        }
        text.push_str("}\n");
        write(corpus.path(), &format!("src/p{}/f{k}.go", k % 10), &text);
    }
    let findings = LARGE_FILES * (LARGE_LINES + 1);
    let page = out_dir().join("inventory-large.html");
    Cli::cargo_bin("termshift")
        .unwrap()
        .current_dir(corpus.path())
        .args(["report", "--format", "html", "-o"])
        .arg(&page)
        .assert()
        .success();
    let size = fs::metadata(&page).unwrap().len();
    assert!(
        size < LARGE_PAGE_BYTES,
        "{size} bytes for {findings} findings"
    );
    let url = format!("file://{}", page.display());

    // The first page of rows, out of every finding.
    let dom = headless(browser, WIDE, &["--dump-dom".to_string()], &url);
    assert!(
        dom.contains("<html lang=\"en\" class=\"js\">"),
        "no script ran"
    );
    assert_eq!(visible_count(&dom), findings);
    let all = visible_rows(&dom);
    assert!(all > 200, "{all} rows");
    let first = rows(&dom);
    assert_eq!(first.len(), 200);
    assert!(
        first[0].location().starts_with("p0/f0.go:"),
        "{:?}",
        first[0]
    );
    assert!(dom.contains(&format!(
        "Rows 1–200 of {all}, page 1 of {}",
        all.div_ceil(200)
    )));

    // A name of one line in each file: its rows, over two pages.
    let searched = format!("{url}#q=runbz&page=2");
    let dom = headless(browser, WIDE, &["--dump-dom".to_string()], &searched);
    assert_eq!(visible_rows(&dom), LARGE_FILES);
    assert_eq!(visible_count(&dom), LARGE_FILES);
    let second = rows(&dom);
    assert_eq!(second.len(), LARGE_FILES - 200);
    for row in &second {
        assert!(row.cells.contains("<code>runBz</code>"), "{row:?}");
    }
    assert!(dom.contains(&format!(
        "Rows 201–{LARGE_FILES} of {LARGE_FILES}, page 2 of 2"
    )));
}
