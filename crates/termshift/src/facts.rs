//! Facts: the name-flow graph over all roots. Nodes are names (a field of a
//! type, a local of a function, a literal key, a serialization key, an SQL
//! column); edges are places where a value passes between two of them, each
//! with its file and line. Files only say what they see; this stage joins
//! them: fields used through a value of unknown type to the one type that
//! declares them, serialization keys to same-named fields of same-named
//! types in other languages, call arguments to the parameters of functions
//! defined in the roots, SQL placeholders to the columns they bind.

use std::collections::{BTreeSet, VecDeque};

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::scan::{FileFacts, ScanView};
use crate::syntax::{looks_like_sql, returned_type_call, Call, FlowKind, Name};

/// A name of the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// How the name reads in a reason: `Conversation.RunID`, `runID`,
    /// `"session_id"`, `turns.run_id`.
    pub label: String,
    /// The name as written, for word matching.
    pub text: String,
    /// The name only means something inside one file (a local, a literal
    /// key, a field whose type could not be told).
    pub local: bool,
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
/// carry its index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Local(usize, String, String),
    Global(usize, String),
    Field(String, String),
    FieldAt(usize, usize, String),
    Literal(usize, usize),
    Wire(String, String),
    Column(String, String),
    ColumnIn(usize, String),
    Table(String),
    Param(String),
    Segment(String),
    Return(usize, String),
    Result(usize, usize),
}

#[derive(Debug, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    /// Node by key, while the graph is built.
    ids: HashMap<Key, usize>,
    edges: Vec<Edge>,
    /// Edge indices touching each node.
    adjacent: Vec<Vec<usize>>,
    /// Field name -> the types that declare it.
    owners: HashMap<String, BTreeSet<String>>,
    /// Every type that declares a field.
    types: HashSet<String>,
    /// Top-level name -> the files that declare it.
    globals: HashMap<String, Vec<usize>>,
    /// Bare function name -> the functions of that name.
    functions: HashMap<String, Vec<FunctionRef>>,
    /// The folder of each file, as `repo/dir`.
    folders: Vec<String>,
    /// Each file as `repo/path`.
    files: Vec<String>,
    /// String constants by (folder, name): what an argument naming a
    /// constant of another file of its package holds.
    constants: HashMap<(String, String), String>,
}

/// A function of the roots, as calls are resolved to it.
#[derive(Debug, Clone)]
struct FunctionRef {
    file: usize,
    /// Its index in the file's `functions`.
    index: usize,
    /// Qualified by its type: `Registry.Get`.
    name: String,
    params: usize,
    returns: Option<String>,
}

impl Graph {
    /// Builds the graph of a scan's files, and says which node each of
    /// its occurrences stands for.
    pub fn build(scan: &ScanView) -> (Graph, Vec<Option<usize>>) {
        let mut graph = Graph::default();
        for file in &scan.files {
            for field in &file.flow.fields {
                graph
                    .owners
                    .entry(field.name.clone())
                    .or_default()
                    .insert(field.owner.clone());
                graph.types.insert(field.owner.clone());
            }
        }
        for (index, file) in scan.files.iter().enumerate() {
            for global in &file.flow.globals {
                graph.globals.entry(global.clone()).or_default().push(index);
            }
            for (f, def) in file.flow.functions.iter().enumerate() {
                let bare = def.name.rsplit('.').next().unwrap_or(&def.name);
                graph
                    .functions
                    .entry(bare.to_string())
                    .or_default()
                    .push(FunctionRef {
                        file: index,
                        index: f,
                        name: def.name.clone(),
                        params: def.params.len(),
                        returns: def.returns.clone(),
                    });
            }
            let folder = file.path.rsplit_once('/').map_or("", |(dir, _)| dir);
            let folder = format!("{}/{folder}", file.repo);
            for constant in &file.flow.constants {
                graph.constants.insert(
                    (folder.clone(), constant.name.clone()),
                    constant.value.clone(),
                );
            }
            graph.folders.push(folder);
            graph.files.push(format!("{}/{}", file.repo, file.path));
        }
        for (index, file) in scan.files.iter().enumerate() {
            for flow in &file.flow.flows {
                let at = (index, file.line(flow.offset));
                graph.link(index, &flow.from, index, &flow.into, flow.kind, at);
            }
        }
        // Every name an occurrence stands for is a node, so that joins see
        // names no flow mentions (a proto field, a key of a fixture).
        let occurrence_nodes = scan
            .occurrences
            .iter()
            .zip(&scan.file_of)
            .map(|(o, &file)| o.name.as_ref().map(|name| graph.intern(file, name)))
            .collect();
        graph.join_wire_keys(scan);
        for (index, file) in scan.files.iter().enumerate() {
            for call in &file.flow.calls {
                graph.bind_call(index, file, call, scan);
                graph.bind_sql(index, file, call);
            }
            graph.bind_rows(index, file);
            graph.join_constant_params(index, file);
        }
        // Names are looked up by key only while the graph is built.
        graph.ids = HashMap::new();
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
                for &e in &self.adjacent[node] {
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

    /// The edges that touch a node, with their ids.
    pub fn edges_of(&self, node: usize) -> impl Iterator<Item = (usize, &Edge)> {
        self.adjacent[node].iter().map(|&e| (e, &self.edges[e]))
    }

    /// Whether a node's value passes through a root other than `repo`.
    pub fn crosses_roots(&self, node: usize, repo: &str) -> bool {
        self.adjacent[node].iter().any(|&e| {
            let file = &self.files[self.edges[e].file as usize];
            !(file.starts_with(repo) && file[repo.len()..].starts_with('/'))
        })
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
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
    ) -> Vec<&FunctionRef> {
        let Some(named) = self.functions.get(callee) else {
            return Vec::new();
        };
        let fitting: Vec<&FunctionRef> = named.iter().filter(|d| d.params >= arguments).collect();
        if let Some(receiver) = receiver_type {
            let qualified = format!("{receiver}.{callee}");
            let exact: Vec<_> = fitting
                .iter()
                .filter(|d| d.name == qualified)
                .copied()
                .collect();
            if !exact.is_empty() {
                return exact;
            }
        }
        if fitting.len() <= 1 {
            return fitting;
        }
        let here = &self.folders[file];
        let local: Vec<_> = fitting
            .into_iter()
            .filter(|d| &self.folders[d.file] == here)
            .collect();
        if receiver_type.is_some() || local.len() == 1 {
            local
        } else {
            Vec::new()
        }
    }

    /// A type the flow reader could only write as what a call returns
    /// (`Registry.Open()`), once the function is known.
    fn resolve_type(&self, file: usize, written: &str, depth: usize) -> Option<String> {
        let Some((receiver, method)) = returned_type_call(written) else {
            return Some(written.to_string());
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
            .filter_map(|d| d.returns.clone());
        let first = types.next()?;
        types.all(|t| t == first).then_some(first)
    }

    fn key(&self, file: usize, name: &Name) -> Key {
        match name {
            Name::Local { function, name } => Key::Local(file, function.clone(), name.clone()),
            // A top-level name a file uses but does not declare is the one
            // another file declares, if only one does.
            Name::Global { name } => match self.globals.get(name).map(Vec::as_slice) {
                Some([declared]) => Key::Global(*declared, name.clone()),
                _ => Key::Global(file, name.clone()),
            },
            Name::Field {
                owner: Some(owner),
                name,
                offset,
            } => match self.resolve_type(file, owner, 0) {
                Some(owner) => Key::Field(owner, name.clone()),
                None => Key::FieldAt(file, *offset, name.clone()),
            },
            Name::Field {
                owner: None,
                name,
                offset,
            } => match self.owners.get(name).map(|o| o.iter().collect::<Vec<_>>()) {
                // The one type that declares the field is its owner.
                Some(owners) if owners.len() == 1 => Key::Field(owners[0].clone(), name.clone()),
                _ => Key::FieldAt(file, *offset, name.clone()),
            },
            Name::Key { offset, .. } => Key::Literal(file, *offset),
            Name::Wire { owner, key } => Key::Wire(spelled(owner), spelled(key)),
            Name::Column {
                table: Some(table),
                name,
            } => Key::Column(table.to_ascii_lowercase(), name.clone()),
            Name::Column { table: None, name } => Key::ColumnIn(file, name.clone()),
            Name::Table { name } => Key::Table(name.to_ascii_lowercase()),
            Name::Param { key } => Key::Param(key.clone()),
            Name::Segment { path } => Key::Segment(path.clone()),
            Name::Return { function } => Key::Return(file, function.clone()),
            Name::Result { offset, .. } => Key::Result(file, *offset),
        }
    }

    fn intern(&mut self, file: usize, name: &Name) -> usize {
        let key = self.key(file, name);
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let label = match (&key, name) {
            (Key::Field(owner, field), _) => format!("{owner}.{field}"),
            (_, Name::Key { key, .. }) => format!("\"{key}\""),
            (_, Name::Wire { owner, key }) => format!("{owner} key \"{key}\""),
            (Key::Column(table, column), _) => format!("{table}.{column}"),
            (Key::Table(table), _) => format!("table {table}"),
            (_, Name::Param { key }) => format!("request parameter `{key}`"),
            (_, Name::Segment { path }) => format!("route `{path}`"),
            (_, Name::Return { function }) => format!("{function}()"),
            (_, Name::Result { callee, .. }) => format!("the result of {callee}()"),
            (_, name) => name.text().to_string(),
        };
        let id = self.nodes.len();
        let local = matches!(
            key,
            Key::Local(..)
                | Key::Global(..)
                | Key::FieldAt(..)
                | Key::Literal(..)
                | Key::ColumnIn(..)
        );
        // A column's table is part of what it names: `sessions.id` is a
        // session's id.
        let text = match &key {
            Key::Column(table, column) => format!("{table}.{column}"),
            _ => name.text().to_string(),
        };
        self.nodes.push(Node { label, text, local });
        self.adjacent.push(Vec::new());
        self.ids.insert(key, id);
        id
    }

    fn link(
        &mut self,
        from_file: usize,
        from: &Name,
        into_file: usize,
        into: &Name,
        kind: FlowKind,
        (file, line): (usize, u32),
    ) {
        let (from, into) = (self.intern(from_file, from), self.intern(into_file, into));
        if from == into {
            return;
        }
        let id = self.edges.len();
        self.edges.push(Edge {
            from,
            into,
            kind,
            file: file as u32,
            line,
        });
        self.adjacent[from].push(id);
        self.adjacent[into].push(id);
    }

    /// A serialization key of a type joins the same-named field of a
    /// same-named type elsewhere (the Go struct's `json:"run_id"` and the
    /// TypeScript interface's `run_id`).
    fn join_wire_keys(&mut self, scan: &ScanView) {
        for (index, file) in scan.files.iter().enumerate() {
            for field in &file.flow.fields {
                let wire_key = Key::Wire(spelled(&field.owner), spelled(&field.name));
                if self.ids.contains_key(&wire_key) {
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
                    self.link(index, &declared, index, &wire, FlowKind::Tag, at);
                }
            }
        }
    }

    /// Arguments flow into the parameters of the one function the call can
    /// mean (by name and number of arguments); keyword arguments into the
    /// parameter or field of that name.
    fn bind_call(&mut self, index: usize, file: &FileFacts, call: &Call, scan: &ScanView) {
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
                    self.link(index, name, def_file, param, FlowKind::Argument, at);
                }
            }
            // What the function returns is what the call gives, where both
            // take part in some flow.
            let returned = Key::Return(def_file, def.name.clone());
            if self.ids.contains_key(&returned)
                && self.ids.contains_key(&Key::Result(index, call.offset))
            {
                let result = Name::Result {
                    offset: call.offset,
                    callee: call.callee.clone(),
                };
                let function = Name::Return {
                    function: def.name.clone(),
                };
                self.link(def_file, &function, index, &result, FlowKind::Return, at);
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
                    self.link(index, &key, def_file, param, FlowKind::Argument, at);
                }
            }
        }
        if !targets.is_empty() {
            return;
        }
        // `Invoice(account_id=x)`: keywords name the fields of a type.
        if !self.types.contains(&call.callee) {
            return;
        }
        for arg in &call.args {
            let Some((keyword, offset)) = &arg.keyword else {
                continue;
            };
            if self
                .owners
                .get(keyword)
                .is_some_and(|o| o.contains(&call.callee))
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
                self.link(index, &key, index, &field, FlowKind::Argument, at);
            }
        }
    }

    /// The arguments after an SQL string bind its placeholders, which name
    /// columns (`WHERE run_id = ?`, `INSERT INTO t (a, run_id) VALUES (?, ?)`).
    fn bind_sql(&mut self, index: usize, file: &FileFacts, call: &Call) {
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
        for (position, column) in placeholders(&sql) {
            let (Some((table, column)), Some(Some(name))) = (column, bound.get(position)) else {
                continue;
            };
            let column = Name::Column {
                table,
                name: column,
            };
            self.link(index, name, index, &column, FlowKind::Binding, at);
        }
    }

    /// The SQL statement a call runs: a string argument that reads as SQL,
    /// or a constant of the file's package that holds one.
    fn sql_argument(&self, file: usize, call: &Call) -> Option<(usize, String)> {
        call.args.iter().enumerate().find_map(|(i, a)| {
            let text = a.string.clone().or_else(|| {
                let name = a.name.as_ref()?;
                let key = (self.folders[file].clone(), name.text().to_string());
                self.constants.get(&key).cloned()
            })?;
            looks_like_sql(text.as_bytes()).then_some((i, text))
        })
    }

    /// `rows, _ := db.Query("SELECT a, run_id FROM t")` then
    /// `rows.Scan(&a, &id)`: each selected column flows into the argument
    /// in its position.
    fn bind_rows(&mut self, index: usize, file: &FileFacts) {
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
            let columns = selected_columns(&sql);
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
                    self.link(index, &column, index, name, FlowKind::Binding, at);
                }
            }
        }
    }

    /// `RUN_ID_PARAM = "runId"`: a constant that holds the name of a request
    /// parameter stands for that parameter.
    fn join_constant_params(&mut self, index: usize, file: &FileFacts) {
        for constant in &file.flow.constants {
            let param = Key::Param(constant.value.clone());
            if !self.ids.contains_key(&param) {
                continue;
            }
            let global = Name::Global {
                name: constant.name.clone(),
            };
            let param = Name::Param {
                key: constant.value.clone(),
            };
            self.link(index, &global, index, &param, FlowKind::Tag, (index, 0));
        }
    }
}

/// Methods that read a row of a query's result into their arguments.
const ROW_READERS: &[&str] = &["Scan"];

/// A name as its words spell it, whatever the convention: `run_id`,
/// `RunID` and `runId` are all `runid`.
fn spelled(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

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
