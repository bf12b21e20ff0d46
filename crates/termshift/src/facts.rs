//! Facts: the name-flow graph over all roots. Nodes are names (a field of a
//! type, a local of a function, a literal key, a serialization key, an SQL
//! column); edges are places where a value passes between two of them, each
//! with its file and line. Files only say what they see; this stage joins
//! them: fields used through a value of unknown type to the one type that
//! declares them, serialization keys to same-named fields of same-named
//! types in other languages, call arguments to the parameters of functions
//! defined in the roots, SQL placeholders to the columns they bind.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, VecDeque};
use std::hash::{Hash, Hasher};

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::scan::{FileFacts, ScanView};
use crate::syntax::{looks_like_sql, returned_type_call, Call, FlowKind, Name};

/// A name of the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// How the name reads in a reason: `Conversation.RunID`, `runID`,
    /// `"session_id"`, `turns.run_id`.
    label: Box<str>,
    /// The name as written, for word matching: a part of the label (one
    /// string a node, as the graph is built again for every state of a
    /// history), or its own when the label respells it (a table's name).
    text: NodeText,
    /// The name only means something inside one file (a local, a literal
    /// key, a field whose type could not be told).
    pub local: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum NodeText {
    InLabel(u32, u32),
    Own(Box<str>),
}

impl Node {
    /// A node whose label is the text with what comes before and after it.
    fn around(before: &str, text: &str, after: &str, local: bool) -> Node {
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
    fn respelled(label: String, text: &str) -> Node {
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

/// Identity of a node: names that only mean something inside one file
/// carry its index. Keys borrow the names they are made from: a lookup
/// allocates nothing, and a key is owned only when it makes a new node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key<'k> {
    Local(usize, Cow<'k, str>, Cow<'k, str>),
    Global(usize, Cow<'k, str>),
    Field(Cow<'k, str>, Cow<'k, str>),
    FieldAt(usize, usize, Cow<'k, str>),
    Literal(usize, usize),
    Wire(Spelled<'k>, Spelled<'k>),
    Column(Folded<'k>, Cow<'k, str>),
    ColumnIn(usize, Cow<'k, str>),
    Table(Folded<'k>),
    Param(Cow<'k, str>),
    Segment(Cow<'k, str>),
    Return(usize, Cow<'k, str>),
    Result(usize, usize),
}

impl Key<'_> {
    fn into_owned(self) -> Key<'static> {
        let own = |s: Cow<str>| Cow::Owned(s.into_owned());
        match self {
            Key::Local(file, function, name) => Key::Local(file, own(function), own(name)),
            Key::Global(file, name) => Key::Global(file, own(name)),
            Key::Field(owner, name) => Key::Field(own(owner), own(name)),
            Key::FieldAt(file, offset, name) => Key::FieldAt(file, offset, own(name)),
            Key::Literal(file, offset) => Key::Literal(file, offset),
            Key::Wire(owner, key) => Key::Wire(Spelled(own(owner.0)), Spelled(own(key.0))),
            Key::Column(table, name) => Key::Column(Folded(own(table.0)), own(name)),
            Key::ColumnIn(file, name) => Key::ColumnIn(file, own(name)),
            Key::Table(name) => Key::Table(Folded(own(name.0))),
            Key::Param(key) => Key::Param(own(key)),
            Key::Segment(path) => Key::Segment(own(path)),
            Key::Return(file, function) => Key::Return(file, own(function)),
            Key::Result(file, offset) => Key::Result(file, offset),
        }
    }
}

/// A name compared as its words spell it, whatever the convention:
/// `run_id`, `RunID` and `runId` are all `runid`.
#[derive(Debug, Clone)]
struct Spelled<'k>(Cow<'k, str>);

impl Spelled<'_> {
    fn letters(&self) -> impl Iterator<Item = u8> + '_ {
        self.0
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
    }
}

impl PartialEq for Spelled<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.letters().eq(other.letters())
    }
}

impl Eq for Spelled<'_> {}

impl Hash for Spelled<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.letters() {
            state.write_u8(b);
        }
        state.write_u8(0xff);
    }
}

/// A name compared without ASCII case (SQL's tables).
#[derive(Debug, Clone)]
struct Folded<'k>(Cow<'k, str>);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for Folded<'_> {}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

#[derive(Debug, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    /// The edges touching each node, in the order of their ids: those of
    /// node `n` are `adjacent[adjacent_start[n]..adjacent_start[n + 1]]`.
    adjacent: Vec<u32>,
    adjacent_start: Vec<u32>,
    /// Each file as `repo/path`.
    files: Vec<String>,
}

/// What joining the files' names needs while the graph is built, borrowed
/// from the files.
struct Builder<'a> {
    graph: Graph,
    /// Node by key. A key borrows the files' names, or owns what it was
    /// made of when the name was made while joining.
    ids: HashMap<Key<'a>, usize>,
    /// Field name -> the types that declare it.
    owners: HashMap<&'a str, BTreeSet<&'a str>>,
    /// Every type that declares a field.
    types: HashSet<&'a str>,
    /// Top-level name -> the files that declare it.
    globals: HashMap<&'a str, Vec<usize>>,
    /// Bare function name -> the functions of that name.
    functions: HashMap<&'a str, Vec<FunctionRef<'a>>>,
    /// The folder of each file, as an index into the distinct folders.
    folders: Vec<usize>,
    /// String constants by (folder, name): what an argument naming a
    /// constant of another file of its package holds.
    constants: HashMap<(usize, &'a str), &'a str>,
}

/// A function of the roots, as calls are resolved to it.
#[derive(Debug, Clone)]
struct FunctionRef<'a> {
    file: usize,
    /// Its index in the file's `functions`.
    index: usize,
    /// Qualified by its type: `Registry.Get`.
    name: &'a str,
    params: usize,
    returns: Option<&'a str>,
}

/// The node of a key, looked up with a key that borrows what it names.
fn node_of<'k>(ids: &HashMap<Key<'k>, usize>, key: &Key<'k>) -> Option<usize> {
    ids.get(key).copied()
}

/// The node a name stands for under its key: its label is the name's text
/// with what the key adds around it (`Turn.run_id`, `table turns`).
fn node_of_name(key: &Key, name: &Name) -> Node {
    let text = name.text();
    // The label around the text: what comes before and after it.
    let (before, after): (Cow<str>, &str) = match (key, name) {
        (Key::Field(owner, _), _) => (format!("{owner}.").into(), ""),
        (_, Name::Key { .. }) => ("\"".into(), "\""),
        (_, Name::Wire { owner, .. }) => (format!("{owner} key \"").into(), "\""),
        (Key::Column(table, _), _) => (format!("{}.", table.0.to_ascii_lowercase()).into(), ""),
        (Key::Table(table), _) => {
            // The label respells the table's name in lower case.
            let label = format!("table {}", table.0.to_ascii_lowercase());
            return Node::respelled(label, text);
        }
        (_, Name::Param { .. }) => ("request parameter `".into(), "`"),
        (_, Name::Segment { path }) => (
            format!("route `{}", &path[..path.len() - text.len()]).into(),
            "`",
        ),
        (_, Name::Return { function }) => (function[..function.len() - text.len()].into(), "()"),
        (_, Name::Result { .. }) => ("the result of ".into(), "()"),
        _ => ("".into(), ""),
    };
    let local = matches!(
        key,
        Key::Local(..) | Key::Global(..) | Key::FieldAt(..) | Key::Literal(..) | Key::ColumnIn(..)
    );
    let mut node = Node::around(&before, text, after, local);
    // A column's table is part of what it names: `sessions.id` is a
    // session's id.
    if let Key::Column(..) = key {
        node.text = NodeText::InLabel(0, node.label.len() as u32);
    }
    node
}

/// A serialization key the files spell several ways (`run_id` in one,
/// `runId` in another: one key) keeps the spelling that sorts first,
/// whichever file the graph met first: its text says which words the node
/// holds, and the order of the files decides nothing. The node is made
/// again only for a spelling that sorts before it. (A key made while
/// joining, from a field's own name, never respells one the files wrote.)
fn respell(node: &mut Node, key: &Key, name: &Name) {
    if matches!(name, Name::Wire { .. }) && name.text() < node.text() {
        *node = node_of_name(key, name);
    }
}

impl Graph {
    /// Builds the graph of a scan's files, and says which node each of
    /// its occurrences stands for.
    pub fn build<'a>(scan: &ScanView<'a>) -> (Graph, Vec<Option<usize>>) {
        let mut builder = Builder::new(scan);
        for (index, file) in scan.files.iter().enumerate() {
            for flow in &file.flow.flows {
                let at = (index, file.line(flow.offset));
                let from = builder.intern(index, &flow.from);
                let into = builder.intern(index, &flow.into);
                builder.link(from, into, flow.kind, at);
            }
        }
        // Every name an occurrence stands for is a node, so that joins see
        // names no flow mentions (a proto field, a key of a fixture).
        let occurrence_nodes = scan
            .occurrences
            .iter()
            .zip(&scan.file_of)
            .map(|(o, &file)| o.name.as_ref().map(|name| builder.intern(file, name)))
            .collect();
        builder.join_wire_keys(scan);
        for (index, file) in scan.files.iter().enumerate() {
            for call in &file.flow.calls {
                builder.bind_call(index, file, call, scan);
                builder.bind_sql(index, file, call);
            }
            builder.bind_rows(index, file);
            builder.join_constant_params(index, file);
        }
        let mut graph = builder.graph;
        graph.index_edges();
        (graph, occurrence_nodes)
    }

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
    fn index_edges(&mut self) {
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

    /// Whether a node's value passes through a root other than `repo`.
    pub fn crosses_roots(&self, node: usize, repo: &str) -> bool {
        self.adjacent_of(node).any(|e| {
            let file = &self.files[self.edges[e].file as usize];
            !(file.starts_with(repo) && file[repo.len()..].starts_with('/'))
        })
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

impl<'a> Builder<'a> {
    /// The maps that joining names reads: fields and their types,
    /// top-level names, functions and string constants of every file.
    fn new(scan: &ScanView<'a>) -> Builder<'a> {
        // A node per distinct name an occurrence or a flow gives, and a
        // few the joins make: sized for every such name, the lists seldom
        // grow while names are joined.
        let names = scan.occurrences.len()
            + 2 * scan.files.iter().map(|f| f.flow.flows.len()).sum::<usize>();
        let mut builder = Builder {
            graph: Graph {
                nodes: Vec::with_capacity(names),
                ..Graph::default()
            },
            ids: HashMap::with_capacity(names),
            owners: HashMap::new(),
            types: HashSet::default(),
            globals: HashMap::new(),
            functions: HashMap::new(),
            folders: Vec::with_capacity(scan.files.len()),
            constants: HashMap::new(),
        };
        let mut folder_ids: HashMap<(&str, &str), usize> = HashMap::new();
        for (index, file) in scan.files.iter().copied().enumerate() {
            for field in &file.flow.fields {
                builder
                    .owners
                    .entry(&field.name)
                    .or_default()
                    .insert(&field.owner);
                builder.types.insert(&field.owner);
            }
            for global in &file.flow.globals {
                builder.globals.entry(global).or_default().push(index);
            }
            for (f, def) in file.flow.functions.iter().enumerate() {
                let bare = def.name.rsplit('.').next().unwrap_or(&def.name);
                builder
                    .functions
                    .entry(bare)
                    .or_default()
                    .push(FunctionRef {
                        file: index,
                        index: f,
                        name: &def.name,
                        params: def.params.len(),
                        returns: def.returns.as_deref(),
                    });
            }
            let folder = file.path.rsplit_once('/').map_or("", |(dir, _)| dir);
            let next = folder_ids.len();
            let folder = *folder_ids.entry((&file.repo, folder)).or_insert(next);
            for constant in &file.flow.constants {
                builder
                    .constants
                    .insert((folder, &constant.name), &constant.value);
            }
            builder.folders.push(folder);
            builder
                .graph
                .files
                .push(format!("{}/{}", file.repo, file.path));
        }
        builder
    }

    /// The functions a call can mean: the method of the receiver's type;
    /// else, by bare name and number of arguments, the only one in the
    /// roots, or those of the caller's folder (a call through an
    /// interface reaches every implementation there).
    fn callees(
        &self,
        file: usize,
        callee: &str,
        receiver_type: Option<&str>,
        arguments: usize,
    ) -> Vec<&FunctionRef<'a>> {
        let Some(named) = self.functions.get(callee) else {
            return Vec::new();
        };
        let fitting: Vec<&FunctionRef> = named.iter().filter(|d| d.params >= arguments).collect();
        if let Some(receiver) = receiver_type {
            // `Receiver.callee`, without writing it out.
            let exact: Vec<_> = fitting
                .iter()
                .filter(|d| {
                    d.name
                        .strip_suffix(callee)
                        .and_then(|r| r.strip_suffix('.'))
                        == Some(receiver)
                })
                .copied()
                .collect();
            if !exact.is_empty() {
                return exact;
            }
        }
        if fitting.len() <= 1 {
            return fitting;
        }
        let here = self.folders[file];
        let local: Vec<_> = fitting
            .into_iter()
            .filter(|d| self.folders[d.file] == here)
            .collect();
        if receiver_type.is_some() || local.len() == 1 {
            local
        } else {
            Vec::new()
        }
    }

    /// A type the flow reader could only write as what a call returns
    /// (`Registry.Open()`), once the function is known.
    fn resolve_type<'w>(&self, file: usize, written: &'w str, depth: usize) -> Option<Cow<'w, str>>
    where
        'a: 'w,
    {
        let Some((receiver, method)) = returned_type_call(written) else {
            return Some(Cow::Borrowed(written));
        };
        if depth > 4 {
            return None;
        }
        let receiver = match receiver {
            Some(r) => Some(self.resolve_type(file, r, depth + 1)?),
            None => None,
        };
        let mut types = self
            .callees(file, method, receiver.as_deref(), 0)
            .into_iter()
            .filter_map(|d| d.returns);
        let first = types.next()?;
        types.all(|t| t == first).then_some(Cow::Borrowed(first))
    }

    fn key<'n>(&self, file: usize, name: &'n Name) -> Key<'n>
    where
        'a: 'n,
    {
        let b = |s: &'n str| Cow::Borrowed(s);
        match name {
            Name::Local { function, name } => Key::Local(file, b(function), b(name)),
            // A top-level name a file uses but does not declare is the one
            // another file declares, if only one does.
            Name::Global { name } => match self.globals.get(name.as_str()).map(Vec::as_slice) {
                Some([declared]) => Key::Global(*declared, b(name)),
                _ => Key::Global(file, b(name)),
            },
            Name::Field {
                owner: Some(owner),
                name,
                offset,
            } => match self.resolve_type(file, owner, 0) {
                Some(owner) => Key::Field(owner, b(name)),
                None => Key::FieldAt(file, *offset, b(name)),
            },
            Name::Field {
                owner: None,
                name,
                offset,
            } => match self.owners.get(name.as_str()) {
                // The one type that declares the field is its owner.
                Some(owners) if owners.len() == 1 => {
                    Key::Field(b(owners.first().expect("one owner")), b(name))
                }
                _ => Key::FieldAt(file, *offset, b(name)),
            },
            Name::Key { offset, .. } => Key::Literal(file, *offset),
            Name::Wire { owner, key } => Key::Wire(Spelled(b(owner)), Spelled(b(key))),
            Name::Column {
                table: Some(table),
                name,
            } => Key::Column(Folded(b(table)), b(name)),
            Name::Column { table: None, name } => Key::ColumnIn(file, b(name)),
            Name::Table { name } => Key::Table(Folded(b(name))),
            Name::Param { key } => Key::Param(b(key)),
            Name::Segment { path } => Key::Segment(b(path)),
            Name::Return { function } => Key::Return(file, b(function)),
            Name::Result { offset, .. } => Key::Result(file, *offset),
        }
    }

    fn has(&self, key: &Key) -> bool {
        node_of(&self.ids, key).is_some()
    }

    /// The node of a name of the files: its key is hashed once, whether
    /// the node is found or made.
    fn intern(&mut self, file: usize, name: &'a Name) -> usize {
        let key = self.key(file, name);
        match self.ids.entry(key) {
            Entry::Occupied(found) => {
                let id = *found.get();
                respell(&mut self.graph.nodes[id], found.key(), name);
                id
            }
            Entry::Vacant(vacant) => {
                let id = self.graph.nodes.len();
                self.graph.nodes.push(node_of_name(vacant.key(), name));
                vacant.insert(id);
                id
            }
        }
    }

    /// The node of a name made while joining, which the key cannot
    /// borrow once it is kept: it is owned only when the node is new.
    fn intern_made(&mut self, file: usize, name: &Name) -> usize {
        let key = self.key(file, name);
        if let Some(id) = node_of(&self.ids, &key) {
            return id;
        }
        let key = key.into_owned();
        let id = self.graph.nodes.len();
        self.graph.nodes.push(node_of_name(&key, name));
        self.ids.insert(key, id);
        id
    }

    fn link(&mut self, from: usize, into: usize, kind: FlowKind, (file, line): (usize, u32)) {
        if from == into {
            return;
        }
        self.graph.edges.push(Edge {
            from,
            into,
            kind,
            file: file as u32,
            line,
        });
    }

    /// A serialization key of a type joins the same-named field of a
    /// same-named type elsewhere (the Go struct's `json:"run_id"` and the
    /// TypeScript interface's `run_id`).
    fn join_wire_keys(&mut self, scan: &ScanView) {
        for (index, file) in scan.files.iter().enumerate() {
            for field in &file.flow.fields {
                let wire_key = Key::Wire(
                    Spelled(Cow::Borrowed(&field.owner)),
                    Spelled(Cow::Borrowed(&field.name)),
                );
                if self.has(&wire_key) {
                    let wire = Name::Wire {
                        owner: field.owner.clone(),
                        key: field.name.clone(),
                    };
                    let declared = Name::Field {
                        owner: Some(field.owner.clone()),
                        name: field.name.clone(),
                        offset: field.offset,
                    };
                    let at = (index, file.line(field.offset));
                    let (declared, wire) = (
                        self.intern_made(index, &declared),
                        self.intern_made(index, &wire),
                    );
                    self.link(declared, wire, FlowKind::Tag, at);
                }
            }
        }
    }

    /// Arguments flow into the parameters of the one function the call can
    /// mean (by name and number of arguments); keyword arguments into the
    /// parameter or field of that name.
    fn bind_call(&mut self, index: usize, file: &FileFacts, call: &'a Call, scan: &ScanView<'a>) {
        let at = (index, file.line(call.offset));
        let positional = call.args.iter().filter(|a| a.keyword.is_none()).count();
        let receiver = call
            .receiver_type
            .as_deref()
            .and_then(|t| self.resolve_type(index, t, 0));
        let targets: Vec<(usize, usize)> = self
            .callees(index, &call.callee, receiver.as_deref(), positional)
            .into_iter()
            .map(|d| (d.file, d.index))
            .collect();
        for &(def_file, def_index) in &targets {
            let def = &scan.files[def_file].flow.functions[def_index];
            let params = &def.params;
            for (arg, param) in call.args.iter().filter(|a| a.keyword.is_none()).zip(params) {
                if let (Some(name), Some(param)) = (&arg.name, param) {
                    let (name, param) = (self.intern(index, name), self.intern(def_file, param));
                    self.link(name, param, FlowKind::Argument, at);
                }
            }
            // What the function returns is what the call gives, where both
            // take part in some flow.
            let returned = Key::Return(def_file, Cow::Borrowed(&def.name));
            if self.has(&returned) && self.has(&Key::Result(index, call.offset)) {
                let result = Name::Result {
                    offset: call.offset,
                    callee: call.callee.clone(),
                };
                let function = Name::Return {
                    function: def.name.clone(),
                };
                let function = self.intern_made(def_file, &function);
                let result = self.intern_made(index, &result);
                self.link(function, result, FlowKind::Return, at);
            }
            for arg in &call.args {
                let Some((keyword, offset)) = &arg.keyword else {
                    continue;
                };
                if let Some(param) = params.iter().flatten().find(|p| p.text() == keyword) {
                    let key = Name::Key {
                        offset: *offset,
                        key: keyword.clone(),
                    };
                    let (key, param) =
                        (self.intern_made(index, &key), self.intern(def_file, param));
                    self.link(key, param, FlowKind::Argument, at);
                }
            }
        }
        if !targets.is_empty() {
            return;
        }
        // `Invoice(account_id=x)`: keywords name the fields of a type.
        if !self.types.contains(call.callee.as_str()) {
            return;
        }
        for arg in &call.args {
            let Some((keyword, offset)) = &arg.keyword else {
                continue;
            };
            if self
                .owners
                .get(keyword.as_str())
                .is_some_and(|o| o.contains(call.callee.as_str()))
            {
                let key = Name::Key {
                    offset: *offset,
                    key: keyword.clone(),
                };
                let field = Name::Field {
                    owner: Some(call.callee.clone()),
                    name: keyword.clone(),
                    offset: 0,
                };
                let (key, field) = (
                    self.intern_made(index, &key),
                    self.intern_made(index, &field),
                );
                self.link(key, field, FlowKind::Argument, at);
            }
        }
    }

    /// The arguments after an SQL string bind its placeholders, which name
    /// columns (`WHERE run_id = ?`, `INSERT INTO t (a, run_id) VALUES (?, ?)`).
    fn bind_sql(&mut self, index: usize, file: &FileFacts, call: &'a Call) {
        let Some((sql_at, sql)) = self.sql_argument(index, call) else {
            return;
        };
        // Values after the statement, or the elements of the one tuple or
        // list that holds them (`execute(SQL, (a, b))`).
        let after = &call.args[sql_at + 1..];
        let bound: Vec<Option<&Name>> = match after {
            [only] if !only.elements.is_empty() => {
                only.elements.iter().map(Option::as_ref).collect()
            }
            _ => after.iter().map(|a| a.name.as_ref()).collect(),
        };
        let at = (index, file.line(call.offset));
        for (position, column) in placeholders(sql) {
            let (Some((table, column)), Some(Some(name))) = (column, bound.get(position)) else {
                continue;
            };
            let column = Name::Column {
                table,
                name: column,
            };
            let (name, column) = (self.intern(index, name), self.intern_made(index, &column));
            self.link(name, column, FlowKind::Binding, at);
        }
    }

    /// The SQL statement a call runs: a string argument that reads as SQL,
    /// or a constant of the file's package that holds one.
    fn sql_argument<'c>(&self, file: usize, call: &'c Call) -> Option<(usize, &'c str)>
    where
        'a: 'c,
    {
        call.args.iter().enumerate().find_map(|(i, a)| {
            let text = a.string.as_deref().or_else(|| {
                let name = a.name.as_ref()?;
                let key = (self.folders[file], name.text());
                self.constants.get(&key).copied()
            })?;
            looks_like_sql(text.as_bytes()).then_some((i, text))
        })
    }

    /// `rows, _ := db.Query("SELECT a, run_id FROM t")` then
    /// `rows.Scan(&a, &id)`: each selected column flows into the argument
    /// in its position.
    fn bind_rows(&mut self, index: usize, file: &'a FileFacts) {
        let readers: Vec<&Call> = file
            .flow
            .calls
            .iter()
            .filter(|c| ROW_READERS.contains(&c.callee.as_str()) && c.receiver.is_some())
            .collect();
        if readers.is_empty() {
            return;
        }
        for query in &file.flow.calls {
            let Some((_, sql)) = self.sql_argument(index, query) else {
                continue;
            };
            let columns = selected_columns(sql);
            if columns.is_empty() {
                continue;
            }
            let rows: Vec<&Name> = file
                .flow
                .flows
                .iter()
                .filter(
                    |f| matches!(&f.from, Name::Result { offset, .. } if *offset == query.offset),
                )
                .map(|f| &f.into)
                .collect();
            for reader in readers
                .iter()
                .filter(|r| r.receiver.as_ref().is_some_and(|n| rows.contains(&n)))
            {
                let at = (index, file.line(reader.offset));
                for ((table, column), arg) in columns.iter().zip(&reader.args) {
                    let Some(name) = &arg.name else { continue };
                    let column = Name::Column {
                        table: table.clone(),
                        name: column.clone(),
                    };
                    let column = self.intern_made(index, &column);
                    let name = self.intern(index, name);
                    self.link(column, name, FlowKind::Binding, at);
                }
            }
        }
    }

    /// `RUN_ID_PARAM = "runId"`: a constant that holds the name of a request
    /// parameter stands for that parameter.
    fn join_constant_params(&mut self, index: usize, file: &FileFacts) {
        for constant in &file.flow.constants {
            if !self.has(&Key::Param(Cow::Borrowed(&constant.value))) {
                continue;
            }
            let global = Name::Global {
                name: constant.name.clone(),
            };
            let param = Name::Param {
                key: constant.value.clone(),
            };
            let (global, param) = (
                self.intern_made(index, &global),
                self.intern_made(index, &param),
            );
            self.link(global, param, FlowKind::Tag, (index, 0));
        }
    }
}

/// Methods that read a row of a query's result into their arguments.
const ROW_READERS: &[&str] = &["Scan"];

/// A column a placeholder binds: (table, column).
type BoundColumn = (Option<String>, String);

/// The placeholders of an SQL statement, each with its position among the
/// bound arguments and the column it binds, when one can be read:
/// `INSERT INTO t (a, b) VALUES (?, ?)` pairs by position, `col = ?`
/// (in `WHERE` or `SET`) names the column before the operator.
fn placeholders(sql: &str) -> Vec<(usize, Option<BoundColumn>)> {
    let tokens = sql_tokens(sql);
    let upper = |t: &str| t.to_ascii_uppercase();
    let table = tokens
        .windows(2)
        .find(|w| matches!(upper(w[0]).as_str(), "INTO" | "UPDATE" | "FROM"))
        .map(|w| bare_column(w[1]).to_string());
    let is_placeholder = |t: &str| {
        t == "?"
            || t == "%s"
            || (t.len() > 1
                && (t.starts_with('$') || t.starts_with('@'))
                && t[1..].bytes().all(|b| b.is_ascii_digit()))
    };
    let mut result = Vec::new();
    let mut insert_columns: Vec<String> = Vec::new();
    let mut values_seen = 0;
    let mut in_values = false;
    let mut in_insert_list = false;
    let mut count = 0;
    for (i, &token) in tokens.iter().enumerate() {
        match upper(token).as_str() {
            "VALUES" => in_values = true,
            "(" if i > 0
                && upper(tokens[i - 1]) != "VALUES"
                && !in_values
                && insert_columns.is_empty() =>
            {
                in_insert_list = i >= 2 && matches!(upper(tokens[i - 2]).as_str(), "INTO");
            }
            ")" => in_insert_list = false,
            _ => {}
        }
        if in_insert_list && token != "(" && token != "," {
            insert_columns.push(bare_column(token).to_string());
            continue;
        }
        if !is_placeholder(token) {
            continue;
        }
        // `$2` binds the second argument wherever it stands.
        let position = token
            .get(1..)
            .and_then(|n| n.parse::<usize>().ok())
            .map_or(count, |n| n.saturating_sub(1));
        count += 1;
        let column = if in_values {
            values_seen += 1;
            insert_columns.get(values_seen - 1).cloned()
        } else {
            let before = &tokens[..i];
            match before {
                [.., column, op] if matches!(*op, "=" | "!=" | "<>" | "<" | ">" | "<=" | ">=") => {
                    Some(bare_column(column).to_string())
                }
                _ => None,
            }
        };
        result.push((position, column.map(|c| (table.clone(), c))));
    }
    result
}

/// The columns a `SELECT` returns, in order, with the table of its `FROM`:
/// `SELECT a, t.run_id FROM turns t` gives `turns.a`, `turns.run_id`.
fn selected_columns(sql: &str) -> Vec<BoundColumn> {
    let tokens = sql_tokens(sql);
    let upper = |t: &str| t.to_ascii_uppercase();
    let Some(select) = tokens.iter().position(|t| upper(t) == "SELECT") else {
        return Vec::new();
    };
    let from = tokens[select..]
        .iter()
        .position(|t| upper(t) == "FROM")
        .map(|p| select + p);
    let table = from
        .and_then(|f| tokens.get(f + 1))
        .map(|t| bare_column(t).to_string());
    let list = &tokens[select + 1..from.unwrap_or(tokens.len())];
    let mut columns = Vec::new();
    let mut depth = 0usize;
    let mut last: Option<&str> = None;
    for &token in list.iter().chain(std::iter::once(&",")) {
        match token {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            "," if depth == 0 => {
                if let Some(column) = last.take() {
                    columns.push((table.clone(), bare_column(column).to_string()));
                }
            }
            t if depth == 0
                && t.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'"' | b'`')
                })
                && upper(t) != "DISTINCT"
                && upper(t) != "AS" =>
            {
                last = Some(t)
            }
            _ => {}
        }
    }
    columns
}

/// `t.run_id` -> `run_id`, `"run_id"` -> `run_id`.
fn bare_column(token: &str) -> &str {
    let last = token.rsplit('.').next().unwrap_or(token);
    last.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'))
}

/// Words, placeholders, operators and brackets of an SQL statement.
fn sql_tokens(sql: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let bytes = sql.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'@' | b'"' | b'`' | b'.') {
            i += 1;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || matches!(bytes[i], b'_' | b'"' | b'`' | b'.'))
            {
                i += 1;
            }
        } else if (b == b'%' && bytes.get(i + 1) == Some(&b's'))
            || matches!(b, b'<' | b'>' | b'!')
                && bytes.get(i + 1).is_some_and(|n| matches!(n, b'=' | b'>'))
        {
            i += 2;
        } else {
            i += 1;
        }
        tokens.push(&sql[start..i]);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(sql: &str) -> Vec<(usize, Option<String>)> {
        placeholders(sql)
            .into_iter()
            .map(|(p, c)| (p, c.map(|(t, c)| format!("{}.{c}", t.unwrap_or_default()))))
            .collect()
    }

    #[test]
    fn insert_columns_pair_with_values_by_position() {
        assert_eq!(
            columns("INSERT INTO turns (id, run_id) VALUES (?, ?)"),
            vec![
                (0, Some("turns.id".into())),
                (1, Some("turns.run_id".into()))
            ]
        );
    }

    #[test]
    fn selected_columns_in_order() {
        let cols: Vec<String> = selected_columns(
            "SELECT DISTINCT t.run_id, COUNT(x) AS n, session_id FROM turns t ORDER BY run_id",
        )
        .into_iter()
        .map(|(t, c)| format!("{}.{c}", t.unwrap_or_default()))
        .collect();
        assert_eq!(cols, ["turns.run_id", "turns.n", "turns.session_id"]);
    }

    #[test]
    fn comparisons_name_their_column() {
        assert_eq!(
            columns("SELECT id FROM turns t WHERE t.run_id = $2 AND id = $1 LIMIT ?"),
            vec![
                (1, Some("turns.run_id".into())),
                (0, Some("turns.id".into())),
                (2, None)
            ]
        );
        assert_eq!(
            columns("UPDATE turns SET run_id = ? WHERE id = ?"),
            vec![
                (0, Some("turns.run_id".into())),
                (1, Some("turns.id".into()))
            ]
        );
    }
}
