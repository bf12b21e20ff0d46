//! `termshift trace`: where a name's value comes from and where it goes,
//! as a box diagram (the inventory's "Data Flow Traces"), Mermaid or JSON.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::io::{self, Write};

use serde::Serialize;

use crate::classify::{Categories, Inventory, NEEDS_REVIEW};
use crate::config::Config;
use crate::error::Error;
use crate::words::capitalized;

use super::width::{width as text_width, wrap};

/// The flow around one name: the names within `depth` edges of it.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// The name traced, as the graph labels it.
    pub symbol: String,
    pub nodes: Vec<TraceNode>,
    pub edges: Vec<TraceEdge>,
    /// Where the name itself stands, every place of it (`root/path:lines`,
    /// a file each); the reports' traces leave it empty.
    pub uses: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TraceNode {
    pub id: usize,
    pub label: String,
    /// The category of the occurrences that stand for it, when they agree.
    pub category: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TraceEdge {
    pub from: usize,
    pub into: usize,
    /// `assignment`, `keyed`, `comparison`, ...
    pub kind: String,
    /// Whether the value goes from `from` into `into` (a comparison or a
    /// tag has no direction).
    pub directed: bool,
    /// `repo/path:line`.
    pub at: String,
}

impl Trace {
    /// The flow around the names labelled `symbol` (`Conversation.RunID`),
    /// or, if none is, the names spelled `symbol` (`RunID`, `run_id`).
    pub fn around(inventory: &Inventory, symbol: &str, depth: usize) -> Result<Vec<Trace>, Error> {
        let graph = &inventory.graph;
        let by_label: Vec<usize> = (0..graph.node_count())
            .filter(|&n| graph.node(n).label() == symbol)
            .collect();
        let starts = if by_label.is_empty() {
            (0..graph.node_count())
                .filter(|&n| {
                    let node = graph.node(n);
                    node.text() == symbol || node.label().ends_with(&format!(".{symbol}"))
                })
                .filter(|&n| graph.edges_of(n).next().is_some())
                .collect()
        } else {
            by_label
        };
        if starts.is_empty() {
            return Err(
                Error::usage(format!("no name `{symbol}` takes part in name flow")).help(
                    "give a name as reasons print it (`Conversation.RunID`, `turns.run_id`, \
                       `\"run_id\"`) or as written in code; `termshift scan --format jsonl` lists \
                       the occurrences",
                ),
            );
        }
        let categories = node_categories(inventory);
        Ok(starts
            .into_iter()
            .take(MAX_TRACES)
            .map(|start| Trace {
                uses: uses_of(inventory, start),
                ..Trace::from_node(inventory, &categories, start, depth)
            })
            .collect())
    }

    /// The flow around one node of the graph, `depth` edges far.
    fn from_node(
        inventory: &Inventory,
        categories: &HashMap<usize, String>,
        start: usize,
        depth: usize,
    ) -> Trace {
        let graph = &inventory.graph;
        let mut seen: HashMap<usize, usize> = HashMap::from([(start, 0)]);
        let mut queue = VecDeque::from([start]);
        let mut edges: Vec<usize> = Vec::new();
        let mut edge_seen = HashSet::new();
        while let Some(node) = queue.pop_front() {
            let hops = seen[&node];
            if hops == depth {
                continue;
            }
            for (id, edge) in graph.edges_of(node) {
                if edge_seen.insert(id) {
                    edges.push(id);
                }
                let other = if edge.from == node {
                    edge.into
                } else {
                    edge.from
                };
                if let std::collections::hash_map::Entry::Vacant(e) = seen.entry(other) {
                    e.insert(hops + 1);
                    queue.push_back(other);
                }
            }
        }
        let mut nodes: Vec<usize> = seen.into_keys().collect();
        nodes.sort_unstable();
        Trace {
            uses: Vec::new(),
            symbol: graph.node(start).label().to_string(),
            nodes: std::iter::once(start)
                .chain(nodes.into_iter().filter(|&n| n != start))
                .map(|n| TraceNode {
                    id: n,
                    label: graph.node(n).label().to_string(),
                    category: categories.get(&n).cloned(),
                })
                .collect(),
            edges: edges
                .into_iter()
                .map(|e| {
                    let edge = graph.edge(e);
                    TraceEdge {
                        from: edge.from,
                        into: edge.into,
                        kind: format!("{:?}", edge.kind).to_lowercase(),
                        directed: edge.kind.directed(),
                        at: graph.at(edge),
                    }
                })
                .collect(),
        }
    }

    /// Each node's label, with its category when it has one, by id.
    fn labels(&self) -> HashMap<usize, String> {
        self.nodes
            .iter()
            .map(|node| {
                let label = match &node.category {
                    Some(c) => format!("{} [{c}]", node.label),
                    None => node.label.clone(),
                };
                (node.id, label)
            })
            .collect()
    }

    /// The box diagram: what the name comes from, then the tree of where
    /// its value goes. Given a `width` (a terminal's), the box fits it: a
    /// longer line goes on under itself, indented past its branch.
    pub fn write_box(&self, out: &mut dyn Write, width: Option<usize>) -> io::Result<()> {
        let root = self.nodes[0].id;
        let labels = self.labels();
        let label = |id: usize| labels.get(&id).cloned().unwrap_or_else(|| id.to_string());
        let mut lines = vec![label(root), String::new()];
        let sources: Vec<&TraceEdge> = self.edges.iter().filter(|e| e.into == root).collect();
        if !sources.is_empty() {
            lines.push("comes from:".to_string());
            // The same source at the same place, through other names of
            // one spelling (a local in each of 5,000 functions), is said
            // once with its count.
            let mut told: Vec<(String, usize)> = Vec::new();
            let mut index: HashMap<String, usize> = HashMap::new();
            for e in &sources {
                let line = format!("  {}  ({}, {})", label(e.from), e.kind, e.at);
                match index.get(&line) {
                    Some(&i) => told[i].1 += 1,
                    None => {
                        index.insert(line.clone(), told.len());
                        told.push((line, 1));
                    }
                }
            }
            lines.extend(told.into_iter().map(|(line, n)| counted(line, n)));
            lines.push(String::new());
        }
        lines.push(format!("{} goes to:", self.nodes[0].label));
        let mut tree = Vec::new();
        self.tree(root, &label, &mut tree);
        lines.extend(merge_repeated_leaves(tree));
        if !self.uses.is_empty() {
            lines.push(String::new());
            lines.push("used at:".to_string());
            lines.extend(self.uses.iter().map(|u| format!("  {u}")));
        }
        // A value or a file name may hold control characters: shown, not obeyed.
        let mut lines: Vec<Vec<String>> = lines
            .iter()
            .map(|line| vec![super::printable(line)])
            .collect();
        if let Some(width) = width {
            // `│ ` and ` │` around each line.
            let room = width.saturating_sub(4).max(MIN_BOX_TEXT);
            for line in &mut lines {
                *line = wrapped(&line[0], room);
            }
        }
        let inner = lines
            .iter()
            .flatten()
            .map(|l| text_width(l))
            .max()
            .unwrap_or(0)
            + 2;
        writeln!(out, "┌{}┐", "─".repeat(inner))?;
        for (i, parts) in lines.iter().enumerate() {
            for line in parts {
                let pad = inner - 1 - text_width(line);
                writeln!(out, "│ {line}{:pad$}│", "")?;
            }
            if i == 0 {
                writeln!(out, "├{}┤", "─".repeat(inner))?;
            }
        }
        writeln!(out, "└{}┘", "─".repeat(inner))
    }

    /// Where the value of `root` goes: edges out of each name (and edges
    /// without a direction), each name once, depth first. The walk keeps
    /// its own stack: a chain of thousands of names is no deeper a call.
    fn tree(&self, root: usize, label: &dyn Fn(usize) -> String, lines: &mut Vec<String>) {
        let mut out_of: HashMap<usize, Vec<(&TraceEdge, usize)>> = HashMap::new();
        for e in &self.edges {
            out_of.entry(e.from).or_default().push((e, e.into));
            if !e.directed {
                out_of.entry(e.into).or_default().push((e, e.from));
            }
        }
        let mut visited = HashSet::from([root]);
        // The names below one name, by id, each with its first edge.
        let below = |node: usize, visited: &HashSet<usize>| {
            let mut targets: BTreeMap<usize, &TraceEdge> = BTreeMap::new();
            for &(e, other) in out_of.get(&node).into_iter().flatten() {
                if !visited.contains(&other) {
                    targets.entry(other).or_insert(e);
                }
            }
            targets.into_iter().peekable()
        };
        let mut stack = vec![("  ".to_string(), below(root, &visited))];
        while let Some((indent, targets)) = stack.last_mut() {
            let Some((other, e)) = targets.next() else {
                stack.pop();
                continue;
            };
            visited.insert(other);
            let (branch, rest) = if targets.peek().is_none() {
                ("└── ", "    ")
            } else {
                ("├── ", "│   ")
            };
            lines.push(format!(
                "{indent}{branch}{}  ({}, {})",
                label(other),
                e.kind,
                e.at
            ));
            let indent = format!("{indent}{rest}");
            stack.push((indent, below(other, &visited)));
        }
    }

    /// A Mermaid flowchart: one node per name, one arrow per edge (a line
    /// without arrow where the value has no direction).
    pub fn write_mermaid(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "flowchart LR")?;
        let labels = self.labels();
        for node in &self.nodes {
            // Mermaid's entity codes: a quote would end the label, markup
            // would be rendered.
            let text = super::printable(&labels[&node.id])
                .replace('"', "#quot;")
                .replace('<', "#lt;")
                .replace('>', "#gt;");
            writeln!(out, "  n{}[\"{text}\"]", node.id)?;
        }
        for e in &self.edges {
            let arrow = if e.directed { "-->" } else { "---" };
            writeln!(out, "  n{} {arrow}|{}| n{}", e.from, e.kind, e.into)?;
        }
        Ok(())
    }
}

/// The nodes most occurrences of a category stand for (and whose value goes
/// somewhere), most first; names shared beyond a function (fields, keys,
/// columns) before a function's locals.
fn main_nodes(inventory: &Inventory, category: &str, count: usize) -> Vec<usize> {
    let graph = &inventory.graph;
    let mut uses: HashMap<usize, usize> = HashMap::new();
    for f in inventory.findings.iter().filter(|f| f.category == category) {
        if let Some(node) = f.node.filter(|&n| graph.edges_of(n).next().is_some()) {
            *uses.entry(node).or_default() += 1;
        }
    }
    let mut nodes: Vec<(usize, usize)> = uses.into_iter().collect();
    nodes.sort_by(|a, b| {
        let (na, nb) = (graph.node(a.0), graph.node(b.0));
        na.local
            .cmp(&nb.local)
            .then(b.1.cmp(&a.1))
            .then(na.label().cmp(nb.label()))
    });
    nodes.into_iter().take(count).map(|(n, _)| n).collect()
}

/// The flow of the name most occurrences of the alias stand for, and of
/// each domain's, with a title for each: the reports' flow traces.
pub(crate) fn main_flows(
    config: &Config,
    inventory: &Inventory,
    categories: &Categories,
) -> Vec<(String, Trace)> {
    let mut sections: Vec<(String, String)> = vec![(
        format!("Legacy {} Alias Flow", capitalized(&config.to)),
        categories.alias.clone(),
    )];
    sections.extend(config.domains.iter().map(|d| {
        (
            format!("{} Flow (Separate Domain)", capitalized(&d.name)),
            d.category.clone(),
        )
    }));
    let categories_of = node_categories(inventory);
    sections
        .into_iter()
        .filter_map(|(title, category)| {
            // The node itself: another node may carry the same label.
            let node = main_nodes(inventory, &category, 1).into_iter().next()?;
            Some((title, Trace::from_node(inventory, &categories_of, node, 1)))
        })
        .collect()
}

/// Every place an occurrence stands for `node`: a file each, its lines.
fn uses_of(inventory: &Inventory, node: usize) -> Vec<String> {
    let mut by_file: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for f in inventory.findings.iter().filter(|f| f.node == Some(node)) {
        let o = &f.occurrence;
        let lines = by_file.entry(format!("{}/{}", o.repo, o.path)).or_default();
        if lines.last() != Some(&o.line) {
            lines.push(o.line);
        }
    }
    by_file
        .into_iter()
        .map(|(file, mut lines)| {
            lines.sort_unstable();
            lines.dedup();
            format!("{file}:{}", super::line_spans(&lines))
        })
        .collect()
}

/// Columns of text a box keeps on each line, however narrow the terminal.
const MIN_BOX_TEXT: usize = 24;

/// A line said `n` times, once.
fn counted(line: String, n: usize) -> String {
    match n {
        1 => line,
        n => format!("{line}  (×{n})"),
    }
}

/// Sibling names of one spelling reached the same way at the same place,
/// one after the other in the tree, each without names below it: one line
/// with their count, the last one's branch.
fn merge_repeated_leaves(lines: Vec<String>) -> Vec<String> {
    let same = |a: &str, b: &str| a.replacen("├── ", "└── ", 1) == b.replacen("├── ", "└── ", 1);
    let mut merged: Vec<(String, usize)> = Vec::with_capacity(lines.len());
    for line in lines {
        match merged.last_mut() {
            Some((last, n)) if same(last, &line) => {
                *last = line;
                *n += 1;
            }
            _ => merged.push((line, 1)),
        }
    }
    merged
        .into_iter()
        .map(|(line, n)| counted(line, n))
        .collect()
}

/// A line of a box in lines of at most `room` columns: the first as it
/// starts, the next under it past its branch (`├── `), the tree's lines
/// drawn on.
fn wrapped(line: &str, room: usize) -> Vec<String> {
    if text_width(line) <= room {
        return vec![line.to_string()];
    }
    // The tree's drawing and the indent before the text.
    let lead_len = line
        .char_indices()
        .find(|&(_, c)| !matches!(c, ' ' | '│' | '├' | '└' | '─'))
        .map_or(line.len(), |(at, _)| at);
    let (lead, text) = line.split_at(lead_len);
    // Under a branch, its line goes on down (`├`) or stops (`└`).
    let under: String = lead
        .chars()
        .map(|c| match c {
            '├' | '│' => '│',
            _ => ' ',
        })
        .collect::<String>()
        + "  ";
    // However deep the tree, some text on each line.
    let room_after = |lead: &str| room.saturating_sub(text_width(lead)).max(MIN_BOX_TEXT / 2);
    wrap(text, room_after(lead), room_after(&under))
        .into_iter()
        .enumerate()
        .map(|(i, piece)| format!("{}{piece}", if i == 0 { lead } else { &under }))
        .collect()
}

/// How many names of one spelling are traced at most.
const MAX_TRACES: usize = 8;

/// Per graph node, the category its occurrences agree on.
fn node_categories(inventory: &Inventory) -> HashMap<usize, String> {
    let mut categories: HashMap<usize, Option<String>> = HashMap::new();
    for f in &inventory.findings {
        let Some(node) = f.node.filter(|_| f.category != NEEDS_REVIEW) else {
            continue;
        };
        categories
            .entry(node)
            .and_modify(|c| {
                if c.as_deref() != Some(f.category.as_str()) {
                    *c = None
                }
            })
            .or_insert_with(|| Some(f.category.clone()));
    }
    categories
        .into_iter()
        .filter_map(|(n, c)| Some((n, c?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(names: usize) -> Trace {
        Trace {
            symbol: "n0".to_string(),
            nodes: (0..names)
                .map(|id| TraceNode {
                    id,
                    label: format!("n{id}"),
                    category: (id == 0).then(|| "ALIAS".to_string()),
                })
                .collect(),
            edges: (1..names)
                .map(|id| TraceEdge {
                    from: id - 1,
                    into: id,
                    kind: "assignment".to_string(),
                    directed: id % 2 == 0,
                    at: format!("r/f.go:{id}"),
                })
                .collect(),
            uses: Vec::new(),
        }
    }

    #[test]
    fn a_box_shows_each_name_once_with_its_branch() {
        let mut out = Vec::new();
        chain(3).write_box(&mut out, None).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("│ n0 [ALIAS]"), "{text}");
        assert!(text.contains("  └── n1  (assignment, r/f.go:1)"), "{text}");
        assert!(
            text.contains("      └── n2  (assignment, r/f.go:2)"),
            "{text}"
        );
    }

    #[test]
    fn a_chain_of_thousands_of_names_is_no_deeper_a_call() {
        // A call a name would not fit in this thread's stack.
        let names = 4_000;
        let text = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let mut out = Vec::new();
                chain(names).write_box(&mut out, None).unwrap();
                String::from_utf8(out).unwrap()
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(text.contains(&format!("└── n{}  ", names - 1)));
    }

    /// A route fed by a local `n` in each of 3 functions and read by 3
    /// places of one spelling: each line once, with its count; a name of
    /// another spelling, and a name with names below it, stay lines of
    /// their own.
    #[test]
    fn names_of_one_spelling_at_one_place_are_one_line_with_their_count() {
        let node = |id: usize, label: &str| TraceNode {
            id,
            label: label.to_string(),
            category: None,
        };
        let edge = |from: usize, into: usize| TraceEdge {
            from,
            into,
            kind: "tag".to_string(),
            directed: true,
            at: "r/app.js:1".to_string(),
        };
        let mut nodes = vec![node(0, "route")];
        nodes.extend((1..=3).map(|id| node(id, "n")));
        nodes.extend((4..=6).map(|id| node(id, "\"/api\"")));
        nodes.extend([node(7, "other"), node(8, "\"/api\""), node(9, "below")]);
        let mut edges: Vec<TraceEdge> = (1..=3).map(|id| edge(id, 0)).collect();
        edges.extend((4..=8).map(|id| edge(0, id)));
        edges.push(edge(8, 9));
        let trace = Trace {
            symbol: "route".to_string(),
            nodes,
            edges,
            uses: Vec::new(),
        };
        let mut out = Vec::new();
        trace.write_box(&mut out, None).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text
            .lines()
            .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
            .filter(|l| l.contains("r/app.js"))
            .collect();
        assert_eq!(
            lines,
            [
                "n  (tag, r/app.js:1)  (×3)",
                "├── \"/api\"  (tag, r/app.js:1)  (×3)",
                "├── other  (tag, r/app.js:1)",
                "└── \"/api\"  (tag, r/app.js:1)",
                "└── below  (tag, r/app.js:1)",
            ],
            "{text}"
        );
    }
}
