//! The graph itself: its nodes (names), edges (values passing between
//! them, each with its file and line), and what the stages after it read
//! of it: a label spread along same-value paths ([`Graph::spread`]) and the
//! roots each node's value passes through ([`NodeRoots`]).

use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::syntax::FlowKind;

/// A name of the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// How the name reads in a reason: `Conversation.RunID`, `runID`,
    /// `"session_id"`, `turns.run_id`.
    pub(super) label: Box<str>,
    /// The name as written, for word matching: a part of the label (one
    /// string a node, as the graph is built again for every state of a
    /// history), or its own when the label respells it (a table's name).
    pub(super) text: NodeText,
    /// The name only means something inside one file (a local, a literal
    /// key, a field whose type could not be told).
    pub local: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum NodeText {
    InLabel(u32, u32),
    Own(Box<str>),
}

impl Node {
    /// A node whose label is the text with what comes before and after it.
    pub(super) fn around(before: &str, text: &str, after: &str, local: bool) -> Node {
        let mut label = String::with_capacity(before.len() + text.len() + after.len());
        label.push_str(before);
        label.push_str(text);
        label.push_str(after);
        Node {
            label: label.into_boxed_str(),
            text: NodeText::InLabel(before.len() as u32, (before.len() + text.len()) as u32),
            local,
        }
    }

    /// A node of a table, whose label respells its name (`table sessions`
    /// for `Sessions`).
    pub(super) fn respelled(label: String, text: &str) -> Node {
        Node {
            label: label.into_boxed_str(),
            text: NodeText::Own(text.into()),
            local: false,
        }
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn text(&self) -> &str {
        match &self.text {
            NodeText::InLabel(start, end) => &self.label[*start as usize..*end as usize],
            NodeText::Own(text) => text,
        }
    }
}

/// A value passing between two names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub into: usize,
    pub kind: FlowKind,
    /// The file where the value passes (an index into the scan's files).
    pub file: u32,
    /// Its 1-based line there, or 0 for the file as a whole.
    pub line: u32,
}

/// One step of a path: an edge, and whether it was followed from `from` to
/// `into`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub edge: usize,
    pub forward: bool,
}

/// How a node was reached by [`Graph::spread`]: the labelled node it was
/// reached from, and the edges in between, from this node towards it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub anchor: usize,
    pub steps: Vec<Step>,
}

/// Where a same-value path stands: still climbing to the source of the
/// value, or following it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Phase {
    Up,
    Down,
}

#[derive(Debug, Default)]
pub struct Graph {
    pub(super) nodes: Vec<Node>,
    pub(super) edges: Vec<Edge>,
    /// The edges touching each node, in the order of their ids: those of
    /// node `n` are `adjacent[adjacent_start[n]..adjacent_start[n + 1]]`.
    adjacent: Vec<u32>,
    adjacent_start: Vec<u32>,
    /// Each file as `repo/path`.
    pub(super) files: Vec<String>,
}

impl Graph {
    pub fn node(&self, id: usize) -> &Node {
        &self.nodes[id]
    }

    pub fn edge(&self, id: usize) -> &Edge {
        &self.edges[id]
    }

    /// Where an edge's value passes: `repo/path:line`, or `repo/path`.
    pub fn at(&self, edge: &Edge) -> String {
        let file = &self.files[edge.file as usize];
        match edge.line {
            0 => file.clone(),
            line => format!("{file}:{line}"),
        }
    }

    /// Spreads a label over the graph from `seeds` along same-value paths:
    /// paths that climb from a node to a source of its value and then follow
    /// that value down (`a <- s -> b`: `a` and `b` hold what `s` held), with
    /// undirected edges allowed anywhere. Two names that only feed the same
    /// sink (`a -> s <- b`) do not share a value, so such a path is never
    /// followed. A path may cross at most `max_hops` edges between two word
    /// nodes (`is_word`); a word node it reaches is labelled and spreads the
    /// label further, so chains of aliases are followed to any length while
    /// each link stays short. Nodes in `blocked` (another label's seeds)
    /// are neither labelled nor crossed. Work is bounded by the
    /// neighbourhoods of the labelled nodes: linear in the graph for a fixed
    /// `max_hops`.
    pub fn spread(
        &self,
        seeds: &[usize],
        is_word: &[bool],
        blocked: &[bool],
        max_hops: usize,
    ) -> Vec<Option<Reach>> {
        let mut reached: Vec<Option<Reach>> = vec![None; self.nodes.len()];
        for &seed in seeds {
            reached[seed] = Some(Reach {
                anchor: seed,
                steps: Vec::new(),
            });
        }
        let mut generation: Vec<usize> = seeds.to_vec();
        // Per generation: the step that first reached each (node, phase).
        let mut came_from: HashMap<(usize, Phase), (usize, Phase, Step)> = HashMap::new();
        while !generation.is_empty() {
            came_from.clear();
            let mut queue: VecDeque<(usize, Phase, usize)> =
                generation.iter().map(|&s| (s, Phase::Up, 0)).collect();
            let origins: HashSet<usize> = generation.iter().copied().collect();
            let mut next = Vec::new();
            while let Some((node, phase, hops)) = queue.pop_front() {
                if hops == max_hops {
                    continue;
                }
                for e in self.adjacent_of(node) {
                    let edge = &self.edges[e];
                    let forward = edge.from == node;
                    let other = if forward { edge.into } else { edge.from };
                    let next_phase = match (edge.kind.directed(), forward, phase) {
                        (false, _, phase) => phase,
                        (true, true, _) => Phase::Down,
                        (true, false, Phase::Up) if edge.kind.climbable() => Phase::Up,
                        (true, false, _) => continue,
                    };
                    if blocked[other]
                        || origins.contains(&other)
                        || came_from.contains_key(&(other, next_phase))
                    {
                        continue;
                    }
                    let step = Step { edge: e, forward };
                    came_from.insert((other, next_phase), (node, phase, step));
                    if reached[other].is_some() {
                        continue;
                    }
                    if is_word[other] {
                        // Walk back to this generation's origin, which has
                        // no step of its own.
                        let mut steps = Vec::new();
                        let mut at = (other, next_phase);
                        while let Some(&(prev, prev_phase, step)) = came_from.get(&at) {
                            steps.push(step);
                            at = (prev, prev_phase);
                        }
                        reached[other] = Some(Reach {
                            anchor: at.0,
                            steps,
                        });
                        next.push(other);
                    } else {
                        queue.push_back((other, next_phase, hops + 1));
                    }
                }
            }
            generation = next;
        }
        reached
    }

    /// Lists the edges of each node, once every edge is known.
    pub(super) fn index_edges(&mut self) {
        let mut start = vec![0u32; self.nodes.len() + 1];
        for edge in &self.edges {
            start[edge.from + 1] += 1;
            start[edge.into + 1] += 1;
        }
        for n in 1..start.len() {
            start[n] += start[n - 1];
        }
        let mut next = start.clone();
        let mut adjacent = vec![0u32; 2 * self.edges.len()];
        for (id, edge) in self.edges.iter().enumerate() {
            for end in [edge.from, edge.into] {
                adjacent[next[end] as usize] = id as u32;
                next[end] += 1;
            }
        }
        self.adjacent = adjacent;
        self.adjacent_start = start;
    }

    fn adjacent_of(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        let range = self.adjacent_start[node] as usize..self.adjacent_start[node + 1] as usize;
        self.adjacent[range].iter().map(|&e| e as usize)
    }

    /// The edges that touch a node, with their ids.
    pub fn edges_of(&self, node: usize) -> impl Iterator<Item = (usize, &Edge)> {
        self.adjacent_of(node).map(|e| (e, &self.edges[e]))
    }

    /// The roots each node's value passes through, worked out once for
    /// every node (a name used 200,000 times is not walked again for each
    /// of its uses).
    pub fn roots_of_nodes(&self) -> NodeRoots<'_> {
        let root = |file: u32| {
            let file = &self.files[file as usize];
            file.split_once('/').map_or(file.as_str(), |(repo, _)| repo)
        };
        let spread = (0..self.nodes.len())
            .map(|node| {
                let mut edges = self.adjacent_of(node);
                let Some(first) = edges.next() else {
                    return Spread::Nowhere;
                };
                let first = self.edges[first].file;
                let one = root(first);
                if edges.all(|e| {
                    let file = self.edges[e].file;
                    file == first || root(file) == one
                }) {
                    Spread::One(one)
                } else {
                    Spread::Many
                }
            })
            .collect();
        NodeRoots { spread }
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

/// The roots each node of a [`Graph`] passes through.
pub struct NodeRoots<'g> {
    spread: Vec<Spread<'g>>,
}

enum Spread<'g> {
    /// No edge touches the node.
    Nowhere,
    One(&'g str),
    Many,
}

impl NodeRoots<'_> {
    /// Whether a node's value passes through a root other than `repo`.
    pub fn cross(&self, node: usize, repo: &str) -> bool {
        match self.spread[node] {
            Spread::Nowhere => false,
            Spread::One(root) => root != repo,
            Spread::Many => true,
        }
    }
}
