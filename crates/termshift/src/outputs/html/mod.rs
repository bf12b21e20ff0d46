//! The inventory as one self-contained HTML page: a card per category, the
//! burndown of a history of counts, the findings in a table that filters by
//! category, owner, root, breaking level and text (also from the URL
//! fragment: `#category=DOC_STALE&q=store`), each row opening on its code
//! and reasons, and the flow traces. Styles, script and chart are inline and
//! a Content-Security-Policy forbids fetching anything, so the page works
//! offline. Every text from the corpus is escaped. The page depends on its
//! input alone, so it can be compared with a reviewed copy.
//!
//! The table is not markup: a row per finding made pages of a kilobyte per
//! finding, hundreds of megabytes that no browser renders, on repositories
//! with tens of thousands of findings. The findings are data instead
//! (`data.rs`): alike findings merged into one row, every text written
//! once, and the page's script (`assets.rs`) filters the data and draws
//! one page of rows at a time, each text as a text node.
//!
//! The table's columns fit their content: a short value (a category, a
//! root, an owner, a breaking level) is never broken over lines, a path or
//! a role only between its parts, and only code and prose break inside a
//! word, when a word is wider than the room left (`Fit`).
//!
//! The burndown is drawn by hand as SVG from [`BurndownPoint`]s, when a
//! history is given. Every corpus text in the markup goes through one
//! escaping type (`Escaped`), every text in the data through one JSON
//! string writer that escapes `<`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};

mod assets;
mod data;

use super::trace::main_flows;
use super::{category_order, legend, percent_encoded, title, Report};
use crate::classify::{Categories, Finding, Inventory};
use crate::config::Config;
use assets::{HEAD_START, SCRIPT, STYLE};

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
        // Written first for its count of rows, which the text above the
        // table gives.
        let mut data = Vec::new();
        let row_count = data::write_data(self.config, inventory, &mut data)?;
        writeln!(
            out,
            "<p class=\"shown\"><span id=\"visible-count\">{0}</span> of {0} findings shown \
             in <span id=\"visible-rows\">{1}</span> rows (findings alike but for their line \
             make one row); a row opens on its code and reasons.</p>\n\
             <noscript><p class=\"none\">The table of findings is drawn by the page's script.</p></noscript>\n\
             <div class=\"pager\"><button type=\"button\" id=\"page-prev\">Previous</button>\
             <span id=\"page-info\"></span>\
             <button type=\"button\" id=\"page-next\">Next</button></div>",
            findings.len(),
            row_count
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
        writeln!(out, "</tr></thead>\n</table>")?;
        write!(
            out,
            "<script type=\"application/json\" id=\"findings-data\">"
        )?;
        out.write_all(&data)?;
        writeln!(out, "</script>\n</section>")
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
    fn escaping_covers_elements_and_quoted_attributes() {
        assert_eq!(
            Escaped("</script><a href='x' title=\"y\">&amp;").to_string(),
            "&lt;/script&gt;&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;amp;"
        );
        assert_eq!(Escaped("plain é ✓").to_string(), "plain é ✓");
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
