//! The inventory as one self-contained HTML page: a card per category, the
//! burndown of a history of counts, the findings in a table that filters by
//! category, owner, root, breaking level and text (also from the URL
//! fragment: `#category=DOC_STALE&q=store`), each row opening on its code
//! and reasons, and the flow traces. Styles, script and chart are inline and
//! a Content-Security-Policy forbids fetching anything, so the page works
//! offline. Every text from the corpus is escaped. The page depends on its
//! input alone, so it can be compared with a reviewed copy.
//!
//! The table's columns fit their content: a short value (a category, a
//! root, an owner, a breaking level) is never broken over lines, a path or
//! a role only between its parts, and only code and prose break inside a
//! word, when a word is wider than the room left (`Fit`).
//!
//! The burndown is drawn by hand as SVG from [`BurndownPoint`]s, when a
//! history is given. Every corpus text goes through one escaping type
//! (`Escaped`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};

use super::trace::main_flows;
use super::{category_order, legend, percent_encoded, title, Lines, OpenFile, Report};
use crate::classify::{Categories, Finding, Inventory};
use crate::config::Config;

/// The counts of one point in a migration's history.
#[derive(Debug, Clone)]
pub struct BurndownPoint {
    /// The point's name on the time axis: a commit's short id or a date.
    pub label: String,
    /// Unix seconds: where the point stands on the time axis.
    pub time: i64,
    /// Findings per category at that point.
    pub counts: BTreeMap<String, usize>,
}

/// The HTML inventory of a configuration's scan.
pub struct Html<'c> {
    pub config: &'c Config,
    /// The counts over time, oldest first; without any, the page has no chart.
    pub history: Vec<BurndownPoint>,
}

/// Lines of code shown before and after a finding's line.
const CONTEXT_LINES: usize = 2;
/// Characters of a line of code shown at most on either side of the hit,
/// so that a minified file does not fill the page.
const CONTEXT_WIDTH: usize = 160;

/// One colour per category, in the inventory's order (Tableau 10).
const PALETTE: [&str; 10] = [
    "#e15759", "#4e79a7", "#f28e2b", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// How a column's cells wrap.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// A short value (a category, a root, an owner): never broken,
    /// its column as wide as its longest cell.
    Word,
    /// A path or a role: broken only between its parts (after a `/` or a
    /// `_`), its column at least as wide as its widest part (a file's name).
    Parts,
    /// Code or prose: broken at a space or after a `.`, inside a word when
    /// the column is too narrow for it (a test's name can be longer than
    /// the page is wide).
    Code,
}

/// The table's columns, in order, and how their cells wrap.
const COLUMNS: [(&str, Fit); 9] = [
    ("Category", Fit::Word),
    ("Repo", Fit::Word),
    ("Location", Fit::Parts),
    ("Text", Fit::Code),
    ("Role", Fit::Parts),
    ("Symbol", Fit::Code),
    ("Owner", Fit::Word),
    ("Breaking", Fit::Word),
    ("Proposed change", Fit::Code),
];

/// The attributes the table's filters compare, and their labels.
const FILTERS: [(&str, &str); 4] = [
    ("category", "Category"),
    ("owner", "Owner"),
    ("repo", "Repo"),
    ("breaking", "Breaking"),
];

impl Report for Html<'_> {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        let config = self.config;
        let categories = Categories::of(config);
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for f in &inventory.findings {
            *counts.entry(f.category.clone()).or_default() += 1;
        }
        // Colours are given over the categories of the inventory and of the
        // history together, so a category has one colour on the whole page.
        let mut on_page = counts.clone();
        for point in &self.history {
            for category in point.counts.keys() {
                on_page.entry(category.clone()).or_default();
            }
        }
        let colored = category_order(config, &categories, &on_page);
        let color = |category: &str| {
            let i = colored.iter().position(|c| c == category).unwrap_or(0);
            PALETTE[i % PALETTE.len()]
        };
        let title = title(config);
        write!(out, "{HEAD_START}")?;
        writeln!(out, "<title>{}</title>", Escaped(&title))?;
        writeln!(
            out,
            "<style>{STYLE}{}</style>\n</head>\n<body>",
            column_style()
        )?;
        self.header(inventory, &title, out)?;
        self.cards(&categories, &counts, &color, out)?;

        writeln!(out, "<section id=\"burndown\">\n<h2>Burndown</h2>")?;
        if self.history.is_empty() {
            writeln!(
                out,
                "<p class=\"none\">No history is recorded yet: <code>termshift history</code> counts each commit, and this chart draws them.</p>"
            )?;
        } else {
            let charted: Vec<&str> = colored
                .iter()
                .filter(|c| self.history.iter().any(|p| p.counts.contains_key(*c)))
                .map(String::as_str)
                .collect();
            write_burndown(&self.history, &charted, &color, out)?;
        }
        writeln!(out, "</section>")?;

        self.table(inventory, &categories, &counts, out)?;
        self.traces(inventory, &categories, out)?;
        writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>")
    }
}

impl Html<'_> {
    fn header(&self, inventory: &Inventory, title: &str, out: &mut dyn Write) -> io::Result<()> {
        let config = self.config;
        let files = inventory
            .findings
            .iter()
            .map(|f| (&f.occurrence.repo, &f.occurrence.path))
            .collect::<BTreeSet<_>>()
            .len();
        let roots: Vec<String> = config
            .roots
            .iter()
            .map(|r| format!("<code>{}</code>", Escaped(&r.name)))
            .collect();
        writeln!(out, "<header>\n<h1>{}</h1>", Escaped(title))?;
        writeln!(
            out,
            "<p><code>{}</code> to <code>{}</code>: {} findings in {} files of {}.</p>",
            Escaped(&config.from),
            Escaped(&config.to),
            inventory.findings.len(),
            files,
            roots.join(", ")
        )?;
        if let Some(updated) = &config.report.last_updated {
            writeln!(out, "<p>Last updated: {}</p>", Escaped(updated))?;
        }
        writeln!(out, "</header>")
    }

    /// A card per category found: its count, meaning and action, and a link
    /// that filters the table to it.
    fn cards(
        &self,
        categories: &Categories,
        counts: &BTreeMap<String, usize>,
        color: &dyn Fn(&str) -> &'static str,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(
            out,
            "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">"
        )?;
        for category in category_order(self.config, categories, counts) {
            let (meaning, action) = legend(self.config, categories, &category);
            writeln!(
                out,
                "<article class=\"card\" style=\"--color: {}\">\n\
                 <h3><a href=\"#category={}\">{}</a></h3>\n\
                 <p class=\"count\">{}</p>\n\
                 <p class=\"meaning\">{}</p>\n\
                 <p class=\"action\">{}</p>\n\
                 </article>",
                color(&category),
                Escaped(&percent_encoded(&category)),
                Escaped(&category),
                counts[&category],
                Prose(&meaning),
                Prose(&action)
            )?;
        }
        writeln!(out, "</div>\n</section>")
    }

    /// The flow of the main names, as the Markdown report draws it.
    fn traces(
        &self,
        inventory: &Inventory,
        categories: &Categories,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        writeln!(out, "<section id=\"traces\">\n<h2>Flow traces</h2>")?;
        let flows = main_flows(self.config, inventory, categories);
        if flows.is_empty() {
            writeln!(
                out,
                "<p class=\"none\">No name of these findings takes part in name flow.</p>"
            )?;
        }
        for (heading, trace) in flows {
            let mut drawn = Vec::new();
            trace.write_box(&mut drawn, None)?;
            writeln!(
                out,
                "<h3>{}</h3>\n<pre class=\"trace\">{}</pre>",
                Escaped(&heading),
                Escaped(&String::from_utf8_lossy(&drawn))
            )?;
        }
        writeln!(out, "</section>")
    }

    /// The findings, with the filters above them.
    fn table(
        &self,
        inventory: &Inventory,
        categories: &Categories,
        counts: &BTreeMap<String, usize>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let findings = &inventory.findings;
        writeln!(out, "<section id=\"inventory\">\n<h2>Inventory</h2>")?;
        writeln!(out, "<div class=\"filters\">")?;
        for (attribute, label) in FILTERS {
            let values: Vec<(String, usize)> = if attribute == "category" {
                category_order(self.config, categories, counts)
                    .into_iter()
                    .map(|c| {
                        let n = counts[&c];
                        (c, n)
                    })
                    .collect()
            } else {
                let mut by_value: BTreeMap<&str, usize> = BTreeMap::new();
                for f in findings {
                    *by_value.entry(filter_value(f, attribute)).or_default() += 1;
                }
                by_value
                    .into_iter()
                    .map(|(v, n)| (v.to_string(), n))
                    .collect()
            };
            writeln!(
                out,
                "<label>{label} <select id=\"filter-{attribute}\" data-filter=\"{attribute}\">\n\
                 <option value=\"\">All</option>"
            )?;
            for (value, n) in values {
                writeln!(
                    out,
                    "<option value=\"{}\">{} ({n})</option>",
                    Escaped(&value),
                    Escaped(&value)
                )?;
            }
            writeln!(out, "</select></label>")?;
        }
        writeln!(
            out,
            "<label>Search <input type=\"search\" id=\"search\" placeholder=\"text, path, symbol\"></label>\n</div>"
        )?;
        writeln!(
            out,
            "<p class=\"shown\"><span id=\"visible-count\">{0}</span> of {0} findings shown; a row opens on its code and reasons.</p>",
            findings.len()
        )?;
        if findings.is_empty() {
            writeln!(
                out,
                "<p class=\"none\">No occurrence of <code>{}</code> or <code>{}</code> was found under the roots.</p>",
                Escaped(&self.config.from),
                Escaped(&self.config.to)
            )?;
        }
        write!(out, "<table id=\"findings\">\n<thead><tr>")?;
        for (column, _) in COLUMNS {
            write!(out, "<th>{column}</th>")?;
        }
        writeln!(out, "</tr></thead>")?;
        let mut file = OpenFile::default();
        for f in findings {
            self.row(f, &mut file, out)?;
        }
        writeln!(out, "</table>\n</section>")
    }

    /// One finding: its row and, below it, its code and reasons.
    fn row(&self, f: &Finding, file: &mut OpenFile, out: &mut dyn Write) -> io::Result<()> {
        let o = &f.occurrence;
        write!(out, "<tbody class=\"finding\"")?;
        for (attribute, _) in FILTERS {
            write!(
                out,
                " data-{attribute}=\"{}\"",
                Escaped(filter_value(f, attribute))
            )?;
        }
        writeln!(out, ">")?;
        writeln!(
            out,
            "<tr class=\"summary\"><td><button type=\"button\" class=\"expand\" aria-expanded=\"false\" \
             aria-label=\"Code and reasons\"></button>{}</td><td>{}</td><td>{}:{}</td>\
             <td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            Escaped(&f.category),
            Escaped(&o.repo),
            Parts(&o.path, '/'),
            o.line,
            Escaped(&o.text),
            Parts(o.role.name(), '_'),
            Parts(o.symbol.as_deref().unwrap_or(""), '.'),
            Escaped(&f.owner),
            f.breaking.as_str(),
            Prose(&f.proposed)
        )?;
        writeln!(
            out,
            "<tr class=\"context\"><td colspan=\"{}\">",
            COLUMNS.len()
        )?;
        let text = self
            .config
            .roots
            .iter()
            .find(|r| r.name == o.repo)
            .and_then(|r| file.lines(&r.name, &r.path, &o.path));
        match text {
            Some(lines) => write_code(lines, f, out)?,
            None => writeln!(out, "<p class=\"none\">The file cannot be read again.</p>")?,
        }
        let confidence = f.confidence.as_str();
        writeln!(
            out,
            "<p>{}; maps to {}: {:?}; confidence: {confidence}; component: {}.</p>\n<ul class=\"reasons\">",
            Escaped(&f.meaning),
            Escaped(&self.config.to),
            f.maps_to,
            Escaped(&f.component)
        )?;
        for reason in &f.reasons {
            writeln!(out, "<li>{}</li>", Prose(reason))?;
        }
        writeln!(out, "</ul>\n</td></tr>\n</tbody>")
    }
}

/// The value a filter compares for a finding.
fn filter_value<'f>(f: &'f Finding, attribute: &str) -> &'f str {
    match attribute {
        "category" => &f.category,
        "owner" => &f.owner,
        "repo" => &f.occurrence.repo,
        _ => f.breaking.as_str(),
    }
}

/// The lines around a finding, numbered, its word marked on its line when
/// the file still holds it there.
fn write_code(lines: Lines, f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let o = &f.occurrence;
    let at = o.line as usize - 1;
    if at >= lines.len() {
        return writeln!(
            out,
            "<p class=\"none\">The file no longer has this line.</p>"
        );
    }
    let first = at.saturating_sub(CONTEXT_LINES);
    let last = (at + CONTEXT_LINES).min(lines.len() - 1);
    write!(out, "<pre class=\"code\">")?;
    for n in first..=last {
        let line = lines.get(n);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        write!(out, "<span class=\"ln\">{}</span>", n + 1)?;
        let start = o.column as usize - 1;
        let word = line
            .get(start..start + o.word.len())
            .filter(|w| *w == o.word.as_bytes() && n == at);
        match word {
            Some(word) => writeln!(
                out,
                "<span class=\"hit\">{}<mark>{}</mark>{}</span>",
                Escaped(&clip_start(&line[..start])),
                Escaped(&String::from_utf8_lossy(word)),
                Escaped(&clip_end(&line[start + word.len()..]))
            )?,
            None => writeln!(out, "{}", Escaped(&clip_end(line)))?,
        }
    }
    writeln!(out, "</pre>")
}

/// The bytes that can hold `CONTEXT_WIDTH` characters, and one more to
/// tell that there are more: a line is cut before it is decoded, so a
/// minified line is not decoded once per hit on it.
const CONTEXT_BYTES: usize = 4 * (CONTEXT_WIDTH + 1);

/// The end of a text, at most `CONTEXT_WIDTH` characters of it.
fn clip_start(bytes: &[u8]) -> String {
    let mut from = bytes.len().saturating_sub(CONTEXT_BYTES);
    // Not inside a character.
    while from < bytes.len() && from > 0 && bytes[from] & 0xC0 == 0x80 {
        from += 1;
    }
    let text = String::from_utf8_lossy(&bytes[from..]);
    let count = text.chars().count();
    if count <= CONTEXT_WIDTH {
        return text.into_owned();
    }
    let kept: String = text.chars().skip(count - CONTEXT_WIDTH).collect();
    format!("…{kept}")
}

/// The start of a text, at most `CONTEXT_WIDTH` characters of it.
fn clip_end(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(CONTEXT_BYTES)]);
    if text.chars().count() <= CONTEXT_WIDTH {
        return text.into_owned();
    }
    let kept: String = text.chars().take(CONTEXT_WIDTH).collect();
    format!("{kept}…")
}

/// The chart's size and the margins around its plot, in pixels.
const CHART_WIDTH: f64 = 760.0;
const CHART_HEIGHT: f64 = 320.0;
const CHART_LEFT: f64 = 72.0;
const CHART_RIGHT: f64 = 24.0;
const CHART_TOP: f64 = 16.0;
const CHART_BOTTOM: f64 = 64.0;
/// Points labelled on the time axis at most, so that labels do not overlap.
const TIME_LABELS: usize = 8;

/// The counts of `categories` over time as an SVG line chart, with a legend.
fn write_burndown(
    points: &[BurndownPoint],
    categories: &[&str],
    color: &dyn Fn(&str) -> &'static str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT;
    let plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM;
    let count = |p: &BurndownPoint, c: &str| p.counts.get(c).copied().unwrap_or(0);
    let most = points
        .iter()
        .flat_map(|p| categories.iter().map(move |c| count(p, c)))
        .max()
        .unwrap_or(0);
    let step = tick_step(most);
    let top = most.div_ceil(step).max(1) * step;
    let y = |n: usize| CHART_TOP + plot_height * (1.0 - n as f64 / top as f64);
    let (earliest, latest) = points.iter().fold((i64::MAX, i64::MIN), |(lo, hi), p| {
        (lo.min(p.time), hi.max(p.time))
    });
    let x = |i: usize| {
        let share = if latest > earliest {
            (points[i].time - earliest) as f64 / (latest - earliest) as f64
        } else if points.len() > 1 {
            i as f64 / (points.len() - 1) as f64
        } else {
            0.5
        };
        CHART_LEFT + plot_width * share
    };
    writeln!(
        out,
        "<svg class=\"burndown\" viewBox=\"0 0 {CHART_WIDTH} {CHART_HEIGHT}\" fill=\"currentColor\" role=\"img\" \
         aria-label=\"Findings per category over time\">"
    )?;
    let bottom = CHART_TOP + plot_height;
    for tick in (0..=top).step_by(step) {
        writeln!(
            out,
            "<line class=\"grid\" stroke=\"#d1d5db\" x1=\"{CHART_LEFT}\" y1=\"{0:.1}\" x2=\"{1}\" y2=\"{0:.1}\"/>\
             <text class=\"tick\" x=\"{2}\" y=\"{0:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\">{tick}</text>",
            y(tick),
            CHART_LEFT + plot_width,
            CHART_LEFT - 6.0
        )?;
    }
    writeln!(
        out,
        "<line class=\"axis\" stroke=\"currentColor\" x1=\"{CHART_LEFT}\" y1=\"{CHART_TOP}\" x2=\"{CHART_LEFT}\" y2=\"{bottom}\"/>\
         <line class=\"axis\" stroke=\"currentColor\" x1=\"{CHART_LEFT}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\"/>",
        CHART_LEFT + plot_width
    )?;
    let labelled: BTreeSet<usize> = if points.len() <= TIME_LABELS {
        (0..points.len()).collect()
    } else {
        (0..TIME_LABELS)
            .map(|k| k * (points.len() - 1) / (TIME_LABELS - 1))
            .collect()
    };
    for i in labelled {
        writeln!(
            out,
            "<text class=\"tick\" x=\"{0:.1}\" y=\"{1}\" text-anchor=\"end\" transform=\"rotate(-30 {0:.1} {1})\">{2}</text>",
            x(i),
            bottom + 14.0,
            Escaped(&points[i].label)
        )?;
    }
    for category in categories {
        let line: Vec<String> = (0..points.len())
            .map(|i| format!("{:.1},{:.1}", x(i), y(count(&points[i], category))))
            .collect();
        writeln!(
            out,
            "<g class=\"series\" data-category=\"{}\" stroke=\"{}\" fill=\"{1}\">\n\
             <polyline fill=\"none\" stroke-width=\"2\" points=\"{}\"/>",
            Escaped(category),
            color(category),
            line.join(" ")
        )?;
        for (i, point) in points.iter().enumerate() {
            writeln!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"><title>{}: {} {}</title></circle>",
                x(i),
                y(count(point, category)),
                Escaped(&point.label),
                Escaped(category),
                count(point, category)
            )?;
        }
        writeln!(out, "</g>")?;
    }
    writeln!(out, "</svg>\n<ul class=\"chart-legend\">")?;
    for category in categories {
        writeln!(
            out,
            "<li><span class=\"swatch\" style=\"background: {}\"></span>{}</li>",
            color(category),
            Escaped(category)
        )?;
    }
    writeln!(out, "</ul>")
}

/// The step between the count axis's ticks: 1, 2 or 5 times a power of
/// ten, giving at most four steps up to `most`.
fn tick_step(most: usize) -> usize {
    let mut power = 1;
    loop {
        for m in [1, 2, 5] {
            if m * power * 4 >= most {
                return m * power;
            }
        }
        power *= 10;
    }
}

/// Text safe anywhere in HTML: inside an element and inside a quoted
/// attribute.
struct Escaped<'t>(&'t str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            out.write_str(&rest[..i])?;
            out.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        out.write_str(rest)
    }
}

/// An escaped path, symbol or role that may break after each `separator` (a
/// `<wbr>`): `internal/chat/` and `store.go` are its parts, and a narrow
/// column breaks between them rather than inside a name.
struct Parts<'t>(&'t str, char);

impl fmt::Display for Parts<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Parts(text, separator) = *self;
        let mut parts = text.split_inclusive(separator).peekable();
        while let Some(part) = parts.next() {
            Escaped(part).fmt(out)?;
            if parts.peek().is_some() {
                out.write_str("<wbr>")?;
            }
        }
        Ok(())
    }
}

/// The style of the table's cells by column, as their [`Fit`] says: the
/// columns of short values size to them, and the others share the rest.
fn column_style() -> String {
    let of = |fit: Fit| {
        COLUMNS
            .iter()
            .enumerate()
            .filter(|(_, (_, f))| *f == fit)
            .map(|(i, _)| format!("tr.summary > td:nth-child({})", i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{} {{ white-space: nowrap; }}\n{} {{ overflow-wrap: break-word; }}\n{} {{ overflow-wrap: anywhere; }}\n",
        of(Fit::Word),
        of(Fit::Parts),
        of(Fit::Code)
    )
}

/// Escaped prose whose `code spans` become `<code>` elements, as the
/// legend, the proposed changes and the reasons write names.
struct Prose<'t>(&'t str);

impl fmt::Display for Prose<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<&str> = self.0.split('`').collect();
        // An odd number of backticks opens a span that never closes.
        if parts.len() % 2 == 0 {
            return Escaped(self.0).fmt(out);
        }
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 {
                write!(out, "<code>{}</code>", Escaped(part))?;
            } else {
                Escaped(part).fmt(out)?;
            }
        }
        Ok(())
    }
}

/// The page up to its title. The policy lets the inline style and script
/// work and forbids every fetch: images, fonts, frames, connections.
const HEAD_START: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
"#;

const STYLE: &str = r#"
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
table { border-collapse: collapse; width: 100%; }
th { text-align: left; position: sticky; top: 0; background: Canvas; border-bottom: 2px solid var(--line); }
th, td { padding: 0.25rem 0.5rem; vertical-align: top; }
tr.context td { overflow-wrap: anywhere; }
tbody.finding { border-bottom: 1px solid var(--line); }
tr.summary { cursor: pointer; }
tr.summary:hover { background: var(--band); }
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

/// Filters the rows by the selects and the search box, keeps the filters in
/// the URL fragment (so a view can be shared, and opened already filtered),
/// and opens a row on its code when clicked.
const SCRIPT: &str = r##"
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var search = document.getElementById("search");
  var shown = document.getElementById("visible-count");
  var findings = Array.prototype.slice.call(document.querySelectorAll("tbody.finding")).map(function (body) {
    return { body: body, text: body.rows[0].textContent.toLowerCase() };
  });

  function apply() {
    var words = search.value.trim().toLowerCase();
    var visible = 0;
    findings.forEach(function (finding) {
      var show = selects.every(function (select) {
        return !select.value || finding.body.getAttribute("data-" + select.dataset.filter) === select.value;
      }) && (!words || finding.text.indexOf(words) !== -1);
      finding.body.hidden = !show;
      if (show) { visible += 1; }
    });
    shown.textContent = String(visible);
  }

  function readFragment() {
    var params = new URLSearchParams(location.hash.slice(1));
    selects.forEach(function (select) { select.value = params.get(select.dataset.filter) || ""; });
    search.value = params.get("q") || "";
    apply();
  }

  function writeFragment() {
    var params = new URLSearchParams();
    selects.forEach(function (select) {
      if (select.value) { params.set(select.dataset.filter, select.value); }
    });
    if (search.value) { params.set("q", search.value); }
    var fragment = params.toString();
    try {
      history.replaceState(null, "", fragment ? "#" + fragment : location.pathname + location.search);
    } catch (ignored) {
      // Some browsers refuse to change the address of a local file; the filter still holds.
    }
  }

  selects.forEach(function (select) {
    select.addEventListener("change", function () { apply(); writeFragment(); });
  });
  search.addEventListener("input", function () { apply(); writeFragment(); });
  window.addEventListener("hashchange", readFragment);
  document.getElementById("findings").addEventListener("click", function (event) {
    var row = event.target.closest("tr.summary");
    if (!row) { return; }
    var open = row.parentNode.classList.toggle("open");
    row.querySelector("button.expand").setAttribute("aria-expanded", String(open));
  });
  readFragment();
})();
"##;

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, time: i64, counts: &[(&str, usize)]) -> BurndownPoint {
        BurndownPoint {
            label: label.to_string(),
            time,
            counts: counts.iter().map(|&(c, n)| (c.to_string(), n)).collect(),
        }
    }

    #[test]
    fn a_line_is_clipped_the_same_whether_cut_first_or_not() {
        let line = "é".repeat(3 * CONTEXT_BYTES) + "run" + &"ü".repeat(3 * CONTEXT_BYTES);
        let (before, after) = line.split_once("run").unwrap();
        let whole = |text: &str, end: bool| {
            let kept: String = if end {
                text.chars().take(CONTEXT_WIDTH).collect()
            } else {
                let count = text.chars().count();
                text.chars().skip(count - CONTEXT_WIDTH).collect()
            };
            if end {
                format!("{kept}…")
            } else {
                format!("…{kept}")
            }
        };
        assert_eq!(clip_start(before.as_bytes()), whole(before, false));
        assert_eq!(clip_end(after.as_bytes()), whole(after, true));
        // A text of the width exactly is whole.
        let exact = "ab".repeat(CONTEXT_WIDTH / 2);
        assert_eq!(clip_start(exact.as_bytes()), exact);
        assert_eq!(clip_end(exact.as_bytes()), exact);
    }

    #[test]
    fn escaping_covers_elements_and_quoted_attributes() {
        assert_eq!(
            Escaped("</script><a href='x' title=\"y\">&amp;").to_string(),
            "&lt;/script&gt;&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;amp;"
        );
        assert_eq!(Escaped("plain é ✓").to_string(), "plain é ✓");
    }

    #[test]
    fn a_path_may_break_only_after_its_separators() {
        assert_eq!(
            Parts("web/<x>/run.ts", '/').to_string(),
            "web/<wbr>&lt;x&gt;/<wbr>run.ts"
        );
        assert_eq!(Parts("run.ts", '/').to_string(), "run.ts");
        assert_eq!(Parts("", '/').to_string(), "");
        assert_eq!(Parts("dir/", '/').to_string(), "dir/");
    }

    #[test]
    fn short_columns_never_break_and_long_ones_break_as_they_can() {
        let style = column_style();
        let rule = |fit: &str| {
            style
                .lines()
                .find(|l| l.contains(fit))
                .unwrap_or_else(|| panic!("no {fit} in {style}"))
                .to_string()
        };
        // Category, Repo, Owner, Breaking.
        for n in [1, 2, 7, 8] {
            assert!(
                rule("nowrap").contains(&format!("td:nth-child({n})")),
                "{style}"
            );
        }
        // Location and Role only between parts; Text, Symbol and the change anywhere.
        for n in [3, 5] {
            assert!(rule("break-word").contains(&format!("td:nth-child({n})")));
        }
        for n in [4, 6, 9] {
            assert!(rule("anywhere").contains(&format!("td:nth-child({n})")));
        }
    }

    #[test]
    fn prose_turns_code_spans_into_code_and_escapes_both() {
        assert_eq!(
            Prose("Rename to `<b>` & keep").to_string(),
            "Rename to <code>&lt;b&gt;</code> &amp; keep"
        );
        // A span that never closes stays text.
        assert_eq!(Prose("a `b <c>").to_string(), "a `b &lt;c&gt;");
    }

    #[test]
    fn count_ticks_are_round_and_at_most_four_steps() {
        assert_eq!(tick_step(0), 1);
        assert_eq!(tick_step(3), 1);
        assert_eq!(tick_step(7), 2);
        assert_eq!(tick_step(141), 50);
        assert_eq!(tick_step(820), 500);
        for most in 0..5000 {
            let step = tick_step(most);
            assert!(most.div_ceil(step) <= 4, "{most}: step {step}");
        }
    }

    #[test]
    fn burndown_draws_a_line_per_category_over_time() {
        let points = [
            point(
                "a1b2c3d",
                1_700_000_000,
                &[("ALIAS", 40), ("DOC_STALE", 10)],
            ),
            point(
                "e4f5a6b",
                1_700_086_400,
                &[("ALIAS", 25), ("DOC_STALE", 10)],
            ),
            // A category absent from a point counts zero there.
            point("<main>", 1_700_259_200, &[("DOC_STALE", 4)]),
        ];
        let colors = |c: &str| if c == "ALIAS" { "#e15759" } else { "#4e79a7" };
        let mut svg = Vec::new();
        write_burndown(&points, &["ALIAS", "DOC_STALE"], &colors, &mut svg).unwrap();
        insta::assert_snapshot!(String::from_utf8(svg).unwrap());
    }
}
