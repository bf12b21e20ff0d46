//! The page's inline head, style and script, apart from the Rust that
//! writes the page around them.

/// The page up to its title. The policy lets the inline style and script
/// work and forbids every fetch: images, fonts, frames, connections.
pub(super) const HEAD_START: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
"#;

pub(super) const STYLE: &str = r#"
:root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --band: rgba(127, 127, 127, 0.08); }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 96rem; }
h1 { margin-bottom: 0.25rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid var(--line); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
[hidden] { display: none !important; }
.none { color: var(--muted); font-style: italic; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0.75rem; }
.card { border: 1px solid var(--line); border-left: 6px solid var(--color); border-radius: 6px; padding: 0.5rem 0.75rem; }
.card h3 { margin: 0; font-size: 0.9rem; word-break: break-all; }
.card h3 a { color: inherit; text-decoration: none; }
.card h3 a:hover { text-decoration: underline; }
.card .count { font-size: 1.8rem; font-weight: 600; margin: 0.1rem 0; }
.card p { margin: 0.15rem 0; }
.card .action { color: var(--muted); }
svg.burndown { width: 100%; max-width: 760px; height: auto; font-size: 11px; }
svg.burndown .grid { stroke: var(--line); stroke-width: 0.5; }
svg.burndown .axis { stroke: currentColor; }
svg.burndown text { fill: currentColor; stroke: none; }
.chart-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; margin-right: 0.3rem; vertical-align: -0.1rem; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.5rem 0; }
.filters select, .filters input { font: inherit; }
.pager { display: flex; gap: 0.75rem; align-items: center; margin: 0.5rem 0; }
.pager button { font: inherit; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; position: sticky; top: 0; background: Canvas; border-bottom: 2px solid var(--line); }
th, td { padding: 0.25rem 0.5rem; vertical-align: top; }
tr.context td { overflow-wrap: anywhere; }
tbody.finding { border-bottom: 1px solid var(--line); }
tr.summary { cursor: pointer; }
tr.summary:hover { background: var(--band); }
.times { color: var(--muted); white-space: nowrap; }
button.expand { border: none; background: none; cursor: pointer; padding: 0 0.3rem 0 0; color: inherit; font: inherit; }
button.expand::before { content: "\25B8"; }
tbody.open button.expand::before { content: "\25BE"; }
.js tbody.finding:not(.open) tr.context { display: none; }
tr.context td { background: var(--band); padding: 0.5rem 1rem; }
pre.code { margin: 0 0 0.5rem; white-space: pre-wrap; tab-size: 4; }
pre.code .ln { display: inline-block; min-width: 3rem; color: var(--muted); user-select: none; }
pre.code .hit { font-weight: 600; }
pre.code mark { padding: 0 1px; }
.reasons { margin: 0.25rem 0; }
pre.trace { overflow-x: auto; line-height: 1.25; }
"#;

/// Reads the findings' data (see `data.rs`), filters its rows by the
/// selects and the search box, shows one page of them at a time, keeps the
/// filters and the page in the URL fragment (so a view can be shared, and
/// opened already filtered), and opens a row on its code when clicked.
/// Every text goes into the page as a text node, never as markup.
pub(super) const SCRIPT: &str = r##"
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var PAGE = 200, SPANS_SHOWN = 12;
  var FILE = 0, CATEGORY = 1, TEXT = 2, ROLE = 3, SYMBOL = 4, OWNER = 5, BREAKING = 6, PROPOSED = 7,
    MEANING = 8, MAPS_TO = 9, CONFIDENCE = 10, COMPONENT = 11, COUNT = 12, LINES = 13, REASONS = 14,
    HITS = 15;
  var data = JSON.parse(document.getElementById("findings-data").textContent);
  var texts = data.s;
  var files = data.f.map(function (f) { return { repo: texts[f[0]], path: texts[f[1]], code: f[2], lines: null }; });
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var search = document.getElementById("search");
  var shown = document.getElementById("visible-count");
  var shownRows = document.getElementById("visible-rows");
  var table = document.getElementById("findings");
  var prev = document.getElementById("page-prev");
  var next = document.getElementById("page-next");
  var pageInfo = document.getElementById("page-info");
  var rows = data.r.map(function (r) { return { r: r, summary: null }; });
  var matching = rows, page = 0;

  function text(id) { return texts[id]; }
  function fileOf(r) { return files[r[FILE]]; }

  // The value a filter compares.
  function value(r, filter) {
    if (filter === "repo") { return fileOf(r).repo; }
    return text(r[{ category: CATEGORY, owner: OWNER, breaking: BREAKING }[filter]]);
  }

  // A file's lines of code shown, by number.
  function linesOf(file) {
    if (file.lines === null) {
      file.lines = {};
      if (file.code !== -1) {
        file.code.forEach(function (run) {
          for (var i = 1; i < run.length; i++) { file.lines[run[0] + i - 1] = run[i]; }
        });
      }
    }
    return file.lines;
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  // A path, role or symbol that may break after each separator.
  function parts(parent, value, separator) {
    var from = 0;
    for (;;) {
      var at = value.indexOf(separator, from);
      if (at === -1) { break; }
      parent.appendChild(document.createTextNode(value.slice(from, at + 1)));
      from = at + 1;
      if (from !== value.length) { parent.appendChild(document.createElement("wbr")); }
    }
    if (from !== value.length) { parent.appendChild(document.createTextNode(value.slice(from))); }
  }

  // Prose whose `code spans` become code elements.
  function prose(parent, value) {
    var pieces = value.split("`");
    if (pieces.length % 2 === 0) { parent.appendChild(document.createTextNode(value)); return; }
    pieces.forEach(function (piece, i) {
      if (i % 2 === 1) { parent.appendChild(element("code", "", piece)); }
      else if (piece) { parent.appendChild(document.createTextNode(piece)); }
    });
  }

  // Each line of a row, from its spans: "6,8-10" gives 6, 8, 9, 10.
  function eachLine(spans, visit) {
    spans.split(",").some(function (span) {
      var ends = span.split("-"), first = Number(ends[0]), last = Number(ends[ends.length - 1]);
      for (var n = first; n <= last; n++) { if (visit(n)) { return true; } }
      return false;
    });
  }

  function summaryText(row) {
    if (row.summary === null) {
      var r = row.r;
      row.summary = [
        text(r[CATEGORY]), fileOf(r).repo, fileOf(r).path + ":" + text(r[LINES]), text(r[TEXT]),
        text(r[ROLE]), text(r[SYMBOL]), text(r[OWNER]), text(r[BREAKING]), text(r[PROPOSED])
      ].join("\n").toLowerCase();
    }
    return row.summary;
  }

  // The row shows the words, or one of its lines (`store.go:11`) does.
  function found(row, words) {
    if (!words || summaryText(row).indexOf(words) !== -1) { return true; }
    if (words.indexOf(":") === -1) { return false; }
    var path = fileOf(row.r).path.toLowerCase() + ":", hit = false;
    eachLine(text(row.r[LINES]), function (n) { hit = (path + n).indexOf(words) !== -1; return hit; });
    return hit;
  }

  // A finding's lines of code, its word marked.
  function code(file, hit) {
    if (hit === -2) { return element("p", "none", "The file no longer has this line."); }
    if (file.code === -1) { return element("p", "none", "The file cannot be read again."); }
    var lines = linesOf(file), at = typeof hit === "number" ? hit : hit[0];
    var pre = element("pre", "code");
    for (var n = at - data.around; n <= at + data.around; n++) {
      if (!(n in lines || (n === at && typeof hit !== "number"))) { continue; }
      pre.appendChild(element("span", "ln", String(n)));
      if (n !== at || typeof hit === "number") {
        pre.appendChild(document.createTextNode(text(lines[n]) + "\n"));
        continue;
      }
      var pieces = hit.length === 3
        ? [text(lines[n]).slice(0, hit[1]), text(lines[n]).slice(hit[1], hit[1] + hit[2]), text(lines[n]).slice(hit[1] + hit[2])]
        : [text(hit[1]), text(hit[2]), text(hit[3])];
      var marked = element("span", "hit", pieces[0]);
      marked.appendChild(element("mark", "", pieces[1]));
      marked.appendChild(document.createTextNode(pieces[2]));
      pre.appendChild(marked);
      pre.appendChild(document.createTextNode("\n"));
    }
    return pre;
  }

  function details(r) {
    var cell = element("td");
    cell.colSpan = 9;
    r[HITS].forEach(function (hit) { cell.appendChild(code(fileOf(r), hit)); });
    if (r[COUNT] > r[HITS].length) {
      cell.appendChild(element("p", "none", "The code of the first " + r[HITS].length + " of " + r[COUNT] + " findings."));
    }
    if (r[COUNT] > 1) {
      cell.appendChild(element("p", "", r[COUNT] + " findings on lines " + text(r[LINES]) + "."));
    }
    cell.appendChild(element("p", "", text(r[MEANING]) + "; maps to " + data.to + ": " + text(r[MAPS_TO]) +
      "; confidence: " + text(r[CONFIDENCE]) + "; component: " + text(r[COMPONENT]) + "."));
    var reasons = element("ul", "reasons");
    r[REASONS].forEach(function (reason) {
      var item = element("li");
      prose(item, text(reason));
      reasons.appendChild(item);
    });
    cell.appendChild(reasons);
    var row = element("tr", "context");
    row.appendChild(cell);
    return row;
  }

  function body(r) {
    var tbody = element("tbody", "finding");
    ["category", "owner", "repo", "breaking"].forEach(function (filter) { tbody.setAttribute("data-" + filter, value(r, filter)); });
    var summary = element("tr", "summary");
    var cells = [];
    for (var i = 0; i < 9; i++) { cells.push(summary.appendChild(element("td"))); }
    var expand = element("button", "expand");
    expand.type = "button";
    expand.setAttribute("aria-expanded", "false");
    expand.setAttribute("aria-label", "Code and reasons");
    cells[0].appendChild(expand);
    cells[0].appendChild(document.createTextNode(text(r[CATEGORY])));
    cells[1].textContent = fileOf(r).repo;
    parts(cells[2], fileOf(r).path, "/");
    var spans = text(r[LINES]).split(",");
    cells[2].appendChild(document.createTextNode(":"));
    spans.slice(0, SPANS_SHOWN).forEach(function (span, i) {
      if (i > 0) { cells[2].appendChild(document.createTextNode(",")); cells[2].appendChild(document.createElement("wbr")); }
      cells[2].appendChild(document.createTextNode(span));
    });
    if (spans.length > SPANS_SHOWN) { cells[2].appendChild(document.createTextNode(",\u2026")); }
    cells[3].appendChild(element("code", "", text(r[TEXT])));
    if (r[COUNT] > 1) { cells[3].appendChild(element("span", "times", " \u00d7" + r[COUNT])); }
    parts(cells[4], text(r[ROLE]), "_");
    parts(cells[5], text(r[SYMBOL]), ".");
    cells[6].textContent = text(r[OWNER]);
    cells[7].textContent = text(r[BREAKING]);
    prose(cells[8], text(r[PROPOSED]));
    tbody.appendChild(summary);
    tbody.appendChild(details(r));
    return tbody;
  }

  function render() {
    Array.prototype.slice.call(table.tBodies).forEach(function (old) { table.removeChild(old); });
    var pages = Math.max(1, Math.ceil(matching.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    var start = page * PAGE, end = Math.min(start + PAGE, matching.length);
    var bodies = document.createDocumentFragment();
    for (var i = start; i < end; i++) { bodies.appendChild(body(matching[i].r)); }
    table.appendChild(bodies);
    pageInfo.textContent = matching.length
      ? "Rows " + (start + 1) + "\u2013" + end + " of " + matching.length + ", page " + (page + 1) + " of " + pages
      : "No row matches.";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function apply() {
    var words = search.value.trim().toLowerCase();
    var wanted = selects.filter(function (select) { return select.value; });
    var findings = 0;
    matching = rows.filter(function (row) {
      var show = wanted.every(function (select) {
        return value(row.r, select.dataset.filter) === select.value;
      }) && found(row, words);
      if (show) { findings += row.r[COUNT]; }
      return show;
    });
    shown.textContent = String(findings);
    shownRows.textContent = String(matching.length);
  }

  function readFragment() {
    var params = new URLSearchParams(location.hash.slice(1));
    selects.forEach(function (select) { select.value = params.get(select.dataset.filter) || ""; });
    search.value = params.get("q") || "";
    apply();
    page = (Number(params.get("page")) || 1) - 1;
    render();
  }

  function writeFragment() {
    var params = new URLSearchParams();
    selects.forEach(function (select) {
      if (select.value) { params.set(select.dataset.filter, select.value); }
    });
    if (search.value) { params.set("q", search.value); }
    if (page > 0) { params.set("page", String(page + 1)); }
    var fragment = params.toString();
    try {
      history.replaceState(null, "", fragment ? "#" + fragment : location.pathname + location.search);
    } catch (ignored) {
      // Some browsers refuse to change the address of a local file; the filter still holds.
    }
  }

  function refilter() { apply(); page = 0; render(); writeFragment(); }
  selects.forEach(function (select) { select.addEventListener("change", refilter); });
  search.addEventListener("input", refilter);
  prev.addEventListener("click", function () { page -= 1; render(); writeFragment(); });
  next.addEventListener("click", function () { page += 1; render(); writeFragment(); });
  window.addEventListener("hashchange", readFragment);
  table.addEventListener("click", function (event) {
    var row = event.target.closest("tr.summary");
    if (!row) { return; }
    var open = row.parentNode.classList.toggle("open");
    row.querySelector("button.expand").setAttribute("aria-expanded", String(open));
  });
  readFragment();
})();
"##;
