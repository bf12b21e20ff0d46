//! Facts: the name-flow graph over all roots. Nodes are names (a field of a
//! type, a local of a function, a literal key, a serialization key, an SQL
//! column); edges are places where a value passes between two of them, each
//! with its file and line. Files only say what they see; this stage joins
//! them: fields used through a value of unknown type to the one type that
//! declares them, serialization keys to same-named fields of same-named
//! types in other languages, call arguments to the parameters of functions
//! defined in the roots, SQL placeholders to the columns they bind. A
//! history keeps the graph from state to state ([`KeptGraph`]) and joins
//! again only what a commit's files change.
//!
//! Joining. Names that only mean something in a file (locals, literal
//! keys, a field of unknown owner) are keyed by the file. A serialization
//! key is spelled without case or separators (`run_id`, `RunId`), so a Go
//! tag, a TypeScript interface, a proto field and a JSON object's key meet.
//! Request parameters and route segments are global. A call binds the
//! parameters of the one function of that name and arity, and its return
//! flows back to the call.
//!
//! Spreading. [`Graph::spread`] carries a label along same-value paths only:
//! up to a source of the value, then down (`a <- s -> b`), never through a
//! sink two values merely share (`a -> s <- b`), and at most a given number
//! of edges (`classify::MAX_HOPS`) between two names that hold the word.
//!
//! Memory: a scan's graph holds a few hundred thousand names. A node is one
//! string (its label; the name as written is a part of it), each key kept
//! once, in a list by node, found through a `hashbrown::HashTable` of node
//! ids. The edges of each node are one slice of a list made once every edge
//! is known; an edge keeps its place as file and line, written out on demand
//! ([`Graph::at`]). [`Graph::build`] is a `KeptGraph` brought from nothing
//! to one state, which forgets what each part holds and looked up as soon as
//! the part is made; it also returns the node each occurrence stands for.
//!
//! Kept across a history: each file (by root and path, so it keeps its id)
//! holds its share of the graph in four parts, one per step of joining
//! (names and flows, serialization keys, calls, constants that name request
//! parameters). A part holds its nodes (counted: a node no part holds dies
//! at the end of the update, and a name taken again in the same update
//! keeps its node), its edges, and what it looked up beyond its file, as
//! hashes (a top-level name, a field's owners, a type, a function, a
//! constant, whether a key exists). A part is made again when its file's
//! blob changed, or when something it looked up changed: a declaration that
//! differs between the old and new blob of a changed file, or a key that
//! came to exist or ceased to, followed step by step. The checks of
//! existence read what the steps before them interned, not what the files
//! before them did, so no answer depends on the order of the files.
//!
//! Order decides nothing: the graph is read as a set. A serialization key
//! the files spell several ways keeps the spelling (key, then owner) that
//! sorts first, not the first met, and a string constant that the files of
//! one folder declare with different values names no SQL. So a kept graph may number its
//! nodes otherwise than a fresh one; `tests/kept_graph.rs` holds it equal
//! to the graph built at each state of an example.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::ops::Range;

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

/// The name-flow graph kept across the states of a history, and what it
/// takes to bring it to the next state. Each file's share of the graph is
/// kept in four parts, one per step of joining (its names and flows, its
/// fields' serialization keys, its calls bound, its constants that name
/// request parameters), each with what it looked up beyond the file (a
/// top-level name, a field's owners, a function, a constant, whether some
/// key exists). A part is made again only when its file changed or
/// something it looked up did, so a commit costs the files it changed and
/// those that read what they declare. `V` tells one version of a file
/// from another (a blob id); a graph built once needs none.
pub struct KeptGraph<V> {
    graph: Graph,
    table: Table,
    declared: Declarations,
    /// File id by repo, then path: a place keeps its id across states.
    places: HashMap<Box<str>, HashMap<Box<str>, usize>>,
    slots: Vec<Slot<V>>,
    /// The folder of each file id, as an index into the distinct folders.
    folders: Vec<usize>,
    folder_ids: HashMap<(Box<str>, Box<str>), usize>,
    /// Each file of the state last brought to, in its view's order: its
    /// id, and the update that made its parts from its version.
    files: Vec<(usize, u64)>,
    /// How many updates the graph had.
    updates: u64,
    /// Whether the graph will be updated again: a graph built once
    /// (`Graph::build`) forgets what its parts hold and looked up as soon
    /// as each is made, and gives its edges away.
    keep: bool,
}

/// A file's place in the kept graph.
struct Slot<V> {
    /// The version its parts were made from; `None` while the state does
    /// not hold the file.
    version: Option<V>,
    /// The update that read that version.
    read_at: u64,
    parts: [Part; 4],
    /// What it declares, to take out of the maps when it changes.
    declared: Declared,
}

/// The steps of joining, in their order; each file has a part per step.
#[derive(Clone, Copy)]
enum JoinStep {
    /// The file's flows and the names its occurrences stand for.
    Names,
    /// Its fields joined to the serialization keys of their type.
    WireKeys,
    /// Its calls bound to functions, SQL placeholders and rows.
    Calls,
    /// Its constants that hold the name of a request parameter.
    Params,
}

/// What one step of joining made of one file.
#[derive(Default)]
struct Part {
    /// The nodes it interned, each with the count it raised.
    interned: Vec<(usize, Seen)>,
    edges: Vec<Edge>,
    /// What it looked up beyond its file ([`dependency`]s).
    looked_up: Vec<u64>,
    /// The serialization keys it wrote, with their spelling.
    spelled: Vec<(usize, Spelling)>,
    /// For [`JoinStep::Names`]: the node of each of the file's occurrences.
    occurrences: Vec<Option<usize>>,
}

impl Part {
    /// Forgets what a part holds and looked up, for a graph that is not
    /// updated again.
    fn forget_unless(&mut self, keep: bool) {
        if !keep {
            self.interned = Vec::new();
            self.looked_up = Vec::new();
            self.spelled = Vec::new();
        }
    }
}

/// Which existence check an intern counts for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// A name of a file's flow or occurrences: serialization keys and
    /// what functions return exist for the joins by these alone.
    Names,
    /// A name a call binds: with the names, what a call's result and a
    /// request parameter need to exist.
    Calls,
    /// A name made while joining, which only joins what exists.
    Made,
}

/// The nodes by key, and how many parts hold each.
#[derive(Default)]
struct Table {
    /// Node by key, the keys kept once, in `keys` (a scan's graph holds
    /// a few hundred thousand names).
    ids: hashbrown::HashTable<usize>,
    /// The key of each node; `None` once the node died.
    keys: Vec<Option<Key<'static>>>,
    refs: Vec<u32>,
    /// Interns that count for existence checks ([`Seen`]).
    from_names: Vec<u32>,
    from_calls: Vec<u32>,
    /// The spellings of each serialization key, counted: its node takes
    /// the one that sorts first, whatever order the files come in.
    spellings: HashMap<usize, BTreeMap<Spelling, u32>>,
    /// Ids of nodes no part holds, for new names.
    free: Vec<usize>,
    /// Nodes whose last holder went in this update. They die at its end
    /// if no part took them again: a name a file still has keeps its
    /// node, and an id names one key while an update runs.
    dying: Vec<usize>,
    /// Whether existence changes are followed (not while a graph is
    /// built from nothing: no part waits on them).
    tracking: bool,
    /// The nodes whose existence counts changed in this update: the
    /// [`dependency`] of their key and whether they existed before (for
    /// the names' checks, and for the calls').
    touched: HashMap<usize, (u64, bool, bool)>,
}

/// A serialization key as a file writes it: (key, owner).
type Spelling = (Box<str>, Box<str>);

/// What the files declare, as joining looks it up, counted per file so
/// that a file's declarations can be taken out again.
#[derive(Default)]
struct Declarations {
    /// Field name -> the types that declare it.
    owners: HashMap<Box<str>, BTreeMap<Box<str>, u32>>,
    /// Every type that declares a field.
    types: HashMap<Box<str>, u32>,
    /// Top-level name -> the files that declare it.
    globals: HashMap<Box<str>, Vec<usize>>,
    /// Bare function name -> the functions of that name.
    functions: HashMap<Box<str>, Vec<FunctionRef>>,
    /// String constant name -> each declaration of it.
    constants: HashMap<Box<str>, Vec<ConstantRef>>,
}

/// What one file declares.
#[derive(Default)]
struct Declared {
    /// Each declaration as the lookup it answers and a hash of what it
    /// says (sorted): a file's change changes the lookups whose entries
    /// differ, not all it declares.
    entries: Vec<(u64, u64)>,
    /// (owner, name) of each field.
    fields: Vec<(Box<str>, Box<str>)>,
    globals: Vec<Box<str>>,
    /// Bare names of its functions.
    functions: Vec<Box<str>>,
    constants: Vec<Box<str>>,
}

/// A string constant of the roots: (folder, file, value).
type ConstantRef = (usize, usize, Box<str>);

/// A function of the roots, as calls are resolved to it.
#[derive(Debug, Clone)]
struct FunctionRef {
    file: usize,
    /// Its index in the file's `functions`.
    index: usize,
    /// Qualified by its type: `Registry.Get`.
    name: Box<str>,
    params: usize,
    returns: Option<Box<str>>,
}

/// Kinds of what a part looks up, hashed with it into a [`dependency`].
#[derive(Hash)]
enum Lookup<'k> {
    Global(&'k str),
    Owners(&'k str),
    Type(&'k str),
    Function(&'k str),
    Constant(&'k str),
    Exists(&'k Key<'k>),
}

/// What a part looked up ([`Lookup`]), or what a declaration says, as a
/// hash: a part is made again when a dependency of it changed (two
/// lookups that hash alike only make a part again for nothing).
fn dependency(value: impl Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(value)
}

impl<V: Clone + PartialEq> Default for KeptGraph<V> {
    fn default() -> Self {
        KeptGraph {
            graph: Graph::default(),
            table: Table::default(),
            declared: Declarations::default(),
            places: HashMap::new(),
            slots: Vec::new(),
            folders: Vec::new(),
            folder_ids: HashMap::new(),
            files: Vec::new(),
            updates: 0,
            keep: true,
        }
    }
}

impl<V: Clone + PartialEq> KeptGraph<V> {
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Each file of the state last brought to, in its view's order: its
    /// id (the same for a path at every state) and the update that read
    /// its version (the same while its version stays).
    pub fn files(&self) -> &[(usize, u64)] {
        &self.files
    }

    /// Brings the graph to the state `view` holds, its files at
    /// `versions` (in the view's order), and says which node each of its
    /// occurrences stands for.
    pub fn update(&mut self, view: &ScanView, versions: &[V]) -> Vec<Option<usize>> {
        assert_eq!(view.files.len(), versions.len(), "a version per file");
        let ids: Vec<usize> = view.files.iter().map(|f| self.place(f)).collect();
        self.updates += 1;
        let update = self.updates;
        let KeptGraph {
            graph,
            table,
            declared,
            slots,
            folders,
            keep,
            ..
        } = self;
        let keep = *keep;
        table.tracking = slots.iter().any(|s| s.version.is_some());
        if !table.tracking {
            // Sized for every name an occurrence or a flow gives; the
            // joins add a few.
            let names = view.occurrences.len()
                + 2 * view.files.iter().map(|f| f.flow.flows.len()).sum::<usize>();
            graph.nodes.reserve(names);
            table.ids.reserve(names, |_| 0);
        }
        let mut facts: Vec<Option<&FileFacts>> = vec![None; slots.len()];
        let mut version_of: Vec<Option<&V>> = vec![None; slots.len()];
        for (i, &id) in ids.iter().enumerate() {
            facts[id] = Some(view.files[i]);
            version_of[id] = Some(&versions[i]);
        }
        // Files that came, went or changed: all their parts go, and what
        // they declared (before and now) is what changed for the others.
        let mut changed: HashSet<u64> = HashSet::default();
        let mut new = vec![false; slots.len()];
        for (id, slot) in slots.iter_mut().enumerate() {
            if slot.version.as_ref() == version_of[id] {
                continue;
            }
            for part in &mut slot.parts {
                table.release(&mut graph.nodes, std::mem::take(part));
            }
            let before = std::mem::take(&mut slot.declared);
            declared.remove(id, &before);
            if let Some(file) = facts[id] {
                slot.declared = declared.add(id, folders[id], file);
            }
            before.changes(&slot.declared, &mut changed);
            slot.version = version_of[id].cloned();
            slot.read_at = update;
            new[id] = true;
        }
        let occurrence_ranges: Vec<Range<usize>> = (0..ids.len())
            .map(|i| {
                view.file_of.partition_point(|&f| f < i)..view.file_of.partition_point(|&f| f <= i)
            })
            .collect();
        let mut joiner = Joiner {
            nodes: &mut graph.nodes,
            table,
            declared,
            folders,
            facts: &facts,
        };
        let names = made_again(JoinStep::Names, &ids, slots, &new, &mut joiner, &changed);
        for &i in &names {
            let part = &mut slots[ids[i]].parts[JoinStep::Names as usize];
            joiner.flows(ids[i], view.files[i], part);
        }
        // Every name an occurrence stands for is a node, so that joins see
        // names no flow mentions (a proto field, a key of a fixture).
        for &i in &names {
            let part = &mut slots[ids[i]].parts[JoinStep::Names as usize];
            for o in &view.occurrences[occurrence_ranges[i].clone()] {
                let node = o
                    .name
                    .as_ref()
                    .map(|name| joiner.intern(ids[i], name, Seen::Names, part));
                part.occurrences.push(node);
            }
            part.forget_unless(keep);
        }
        // The other steps, each after the existence it checks is known.
        for step in [JoinStep::WireKeys, JoinStep::Calls, JoinStep::Params] {
            match step {
                JoinStep::WireKeys => joiner.table.changed_existence(false, &mut changed),
                JoinStep::Params => joiner.table.changed_existence(true, &mut changed),
                _ => {}
            }
            for i in made_again(step, &ids, slots, &new, &mut joiner, &changed) {
                let part = &mut slots[ids[i]].parts[step as usize];
                joiner.join(step, ids[i], view.files[i], part);
                part.forget_unless(keep);
            }
        }
        joiner.table.bury(joiner.nodes);
        self.files = ids.iter().map(|&id| (id, slots[id].read_at)).collect();
        // The state's edges, in the order a graph built from nothing has
        // them: the flows, the serialization keys, then each file's calls
        // and parameters.
        graph.edges.clear();
        let mut gather = |part: &mut Part| match keep {
            true => graph.edges.extend_from_slice(&part.edges),
            false => graph.edges.append(&mut part.edges),
        };
        for step in [JoinStep::Names, JoinStep::WireKeys] {
            for &id in &ids {
                gather(&mut slots[id].parts[step as usize]);
            }
        }
        for &id in &ids {
            for step in [JoinStep::Calls, JoinStep::Params] {
                gather(&mut slots[id].parts[step as usize]);
            }
        }
        graph.index_edges();
        let mut nodes = Vec::with_capacity(view.occurrences.len());
        for &id in &ids {
            let part = &mut slots[id].parts[JoinStep::Names as usize];
            match keep {
                true => nodes.extend_from_slice(&part.occurrences),
                false => nodes.append(&mut part.occurrences),
            }
        }
        nodes
    }

    /// The id of a file's place, made on first sight.
    fn place(&mut self, file: &FileFacts) -> usize {
        let repo = self.places.get(file.repo.as_str());
        if let Some(&id) = repo.and_then(|paths| paths.get(file.path.as_str())) {
            return id;
        }
        let id = self.slots.len();
        self.places
            .entry(file.repo.as_str().into())
            .or_default()
            .insert(file.path.as_str().into(), id);
        let folder = file.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let next = self.folder_ids.len();
        let folder = *self
            .folder_ids
            .entry((file.repo.as_str().into(), folder.into()))
            .or_insert(next);
        self.folders.push(folder);
        self.graph
            .files
            .push(format!("{}/{}", file.repo, file.path));
        self.slots.push(Slot {
            version: None,
            read_at: 0,
            parts: Default::default(),
            declared: Declared::default(),
        });
        id
    }
}

/// The files (by their index in the view) whose part of `step` is made
/// again, in the view's order: new files, and those whose lookups changed
/// (their old part taken out here).
fn made_again<V>(
    step: JoinStep,
    ids: &[usize],
    slots: &mut [Slot<V>],
    new: &[bool],
    joiner: &mut Joiner,
    changed: &HashSet<u64>,
) -> Vec<usize> {
    let mut made_again = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        let part = &mut slots[id].parts[step as usize];
        if new[id] {
            made_again.push(i);
        } else if part.looked_up.iter().any(|d| changed.contains(d)) {
            joiner.table.release(joiner.nodes, std::mem::take(part));
            made_again.push(i);
        }
    }
    made_again
}

impl Table {
    /// The node of a key, made from `name` when no part holds it yet.
    fn intern(&mut self, nodes: &mut Vec<Node>, key: Key, name: &Name, seen: Seen) -> usize {
        let id = match self.find(&key) {
            // A node taken again in the update that let it go: a key
            // that does not hold the name's text (a literal's place in
            // its file) may now stand for another text.
            Some(id) if self.refs[id] == 0 => {
                nodes[id] = node_of_name(&key, name);
                id
            }
            Some(id) => id,
            None => {
                let hash = key_hash(&key);
                let key = key.into_owned();
                let node = node_of_name(&key, name);
                let id = match self.free.pop() {
                    Some(id) => {
                        nodes[id] = node;
                        self.keys[id] = Some(key);
                        id
                    }
                    None => {
                        nodes.push(node);
                        self.keys.push(Some(key));
                        self.refs.push(0);
                        self.from_names.push(0);
                        self.from_calls.push(0);
                        nodes.len() - 1
                    }
                };
                let keys = &self.keys;
                self.ids.insert_unique(hash, id, |&id| {
                    key_hash(keys[id].as_ref().expect("a live node has its key"))
                });
                id
            }
        };
        self.refs[id] += 1;
        self.count(id, seen, 1);
        id
    }

    /// Raises or lowers the existence count `seen` of a node, noting
    /// what it was before when changes are followed.
    fn count(&mut self, id: usize, seen: Seen, by: i32) {
        if seen == Seen::Made {
            return;
        }
        if self.tracking {
            let (names, calls) = (self.from_names[id] > 0, self.from_calls[id] > 0);
            let key = self.keys[id].as_ref().expect("a live node has its key");
            self.touched
                .entry(id)
                .or_insert_with(|| (dependency(Lookup::Exists(key)), names, names || calls));
        }
        let counter = match seen {
            Seen::Names => &mut self.from_names[id],
            _ => &mut self.from_calls[id],
        };
        *counter = counter
            .checked_add_signed(by)
            .expect("counts stay positive");
    }

    /// Adds a spelling of a serialization key's node; the node is made
    /// again when the spelling sorts first.
    fn spell(&mut self, nodes: &mut [Node], id: usize, name: &Name, part: &mut Part) {
        let Name::Wire { owner, key } = name else {
            return;
        };
        let spelling: Spelling = (key.as_str().into(), owner.as_str().into());
        let spellings = self.spellings.entry(id).or_default();
        let first = spellings
            .first_key_value()
            .is_none_or(|(first, _)| spelling < *first);
        *spellings.entry(spelling.clone()).or_default() += 1;
        if first {
            let key = self.keys[id].as_ref().expect("a live node has its key");
            nodes[id] = node_of_name(key, name);
        }
        part.spelled.push((id, spelling));
    }

    /// Takes a part out of the graph: its nodes lose a holder (and die
    /// with the last), its spellings go.
    fn release(&mut self, nodes: &mut [Node], part: Part) {
        for (id, spelling) in part.spelled {
            let spellings = self.spellings.get_mut(&id).expect("spelled");
            let first = spellings.first_key_value().map(|(k, _)| k) == Some(&spelling);
            let count = spellings.get_mut(&spelling).expect("spelled");
            *count -= 1;
            if *count == 0 {
                spellings.remove(&spelling);
                if first {
                    if let Some(((key, owner), _)) = spellings.first_key_value() {
                        let name = Name::Wire {
                            owner: owner.to_string(),
                            key: key.to_string(),
                        };
                        let node_key = self.keys[id].as_ref().expect("a spelled node lives");
                        nodes[id] = node_of_name(node_key, &name);
                    }
                }
            }
        }
        for (id, seen) in part.interned {
            self.count(id, seen, -1);
            self.refs[id] -= 1;
            if self.refs[id] == 0 {
                self.dying.push(id);
            }
        }
    }

    /// Frees the nodes no part took again in this update: a freed node
    /// has no key, no edge and an empty label, so no rule finds it.
    fn bury(&mut self, nodes: &mut [Node]) {
        for id in std::mem::take(&mut self.dying) {
            if self.refs[id] > 0 || self.keys[id].is_none() {
                continue;
            }
            let key = self.keys[id].take().expect("a dying node has its key");
            if let Ok(entry) = self.ids.find_entry(key_hash(&key), |&other| other == id) {
                entry.remove();
            }
            self.spellings.remove(&id);
            nodes[id] = Node::around("", "", "", true);
            self.free.push(id);
        }
    }

    /// Notes the keys whose existence changed in `changed`: for the
    /// names' checks, or with `calls` for the calls' checks too (and
    /// forgets what they were).
    fn changed_existence(&mut self, calls: bool, changed: &mut HashSet<u64>) {
        for (&id, &(dependency, names_before, any_before)) in &self.touched {
            let names = self.refs[id] > 0 && self.from_names[id] > 0;
            let any = self.refs[id] > 0 && (names || self.from_calls[id] > 0);
            if names != names_before || (calls && any != any_before) {
                changed.insert(dependency);
            }
        }
        if calls {
            self.touched.clear();
        }
    }

    fn exists(&self, key: &Key, calls: bool) -> bool {
        self.find(key)
            .is_some_and(|id| self.from_names[id] > 0 || (calls && self.from_calls[id] > 0))
    }

    /// The node of a key, looked up with a key that borrows what it names.
    fn find(&self, key: &Key) -> Option<usize> {
        self.ids
            .find(key_hash(key), |&id| {
                self.keys[id].as_ref().is_some_and(|kept| {
                    let kept: &Key = kept;
                    kept == key
                })
            })
            .copied()
    }
}

impl Declarations {
    /// Adds what a file declares.
    fn add(&mut self, id: usize, folder: usize, file: &FileFacts) -> Declared {
        let mut declared = Declared::default();
        for field in &file.flow.fields {
            *self
                .owners
                .entry(field.name.as_str().into())
                .or_default()
                .entry(field.owner.as_str().into())
                .or_default() += 1;
            *self.types.entry(field.owner.as_str().into()).or_default() += 1;
            declared
                .fields
                .push((field.owner.as_str().into(), field.name.as_str().into()));
            declared.entries.extend([
                (
                    dependency(Lookup::Owners(&field.name)),
                    dependency(&field.owner),
                ),
                (dependency(Lookup::Type(&field.owner)), 0),
            ]);
        }
        for global in &file.flow.globals {
            self.globals
                .entry(global.as_str().into())
                .or_default()
                .push(id);
            declared.globals.push(global.as_str().into());
            declared
                .entries
                .push((dependency(Lookup::Global(global)), 0));
        }
        for (index, def) in file.flow.functions.iter().enumerate() {
            let bare = def.name.rsplit('.').next().unwrap_or(&def.name);
            self.functions
                .entry(bare.into())
                .or_default()
                .push(FunctionRef {
                    file: id,
                    index,
                    name: def.name.as_str().into(),
                    params: def.params.len(),
                    returns: def.returns.as_deref().map(Into::into),
                });
            declared.functions.push(bare.into());
            // Calls read its parameters and what it returns.
            let says = dependency((&def.name, &def.params, &def.returns));
            declared
                .entries
                .push((dependency(Lookup::Function(bare)), says));
        }
        for constant in &file.flow.constants {
            self.constants
                .entry(constant.name.as_str().into())
                .or_default()
                .push((folder, id, constant.value.as_str().into()));
            declared.constants.push(constant.name.as_str().into());
            let says = dependency((folder, &constant.value));
            declared
                .entries
                .push((dependency(Lookup::Constant(&constant.name)), says));
        }
        declared.entries.sort_unstable();
        declared
    }

    /// Takes out what a file declared.
    fn remove(&mut self, id: usize, declared: &Declared) {
        for (owner, name) in &declared.fields {
            let owners = self.owners.get_mut(name).expect("declared");
            let count = owners.get_mut(owner).expect("declared");
            *count -= 1;
            if *count == 0 {
                owners.remove(owner);
                if owners.is_empty() {
                    self.owners.remove(name);
                }
            }
            let count = self.types.get_mut(owner).expect("declared");
            *count -= 1;
            if *count == 0 {
                self.types.remove(owner);
            }
        }
        for global in &declared.globals {
            let files = self.globals.get_mut(global).expect("declared");
            let at = files.iter().position(|&f| f == id).expect("declared");
            files.remove(at);
            if files.is_empty() {
                self.globals.remove(global);
            }
        }
        for bare in &declared.functions {
            if let Some(functions) = self.functions.get_mut(bare) {
                functions.retain(|f| f.file != id);
                if functions.is_empty() {
                    self.functions.remove(bare);
                }
            }
        }
        for name in &declared.constants {
            if let Some(constants) = self.constants.get_mut(name) {
                constants.retain(|&(_, file, _)| file != id);
                if constants.is_empty() {
                    self.constants.remove(name);
                }
            }
        }
    }

    /// The value of a string constant of a folder, when its files agree
    /// on it.
    fn constant(&self, folder: usize, name: &str, looked_up: &mut Vec<u64>) -> Option<&str> {
        looked_up.push(dependency(Lookup::Constant(name)));
        let mut values = self
            .constants
            .get(name)?
            .iter()
            .filter(|(f, _, _)| *f == folder)
            .map(|(_, _, value)| &**value);
        let first = values.next()?;
        values.all(|v| v == first).then_some(first)
    }
}

impl Declared {
    /// Notes the lookups whose entries differ between two versions of a
    /// file's declarations.
    fn changes(&self, now: &Declared, changed: &mut HashSet<u64>) {
        let (mut a, mut b) = (
            self.entries.iter().peekable(),
            now.entries.iter().peekable(),
        );
        loop {
            match (a.peek(), b.peek()) {
                (None, None) => return,
                (Some(x), Some(y)) if x == y => {
                    a.next();
                    b.next();
                }
                (Some(x), Some(y)) if x < y => {
                    changed.insert(x.0);
                    a.next();
                }
                (Some(_), Some(y)) | (None, Some(y)) => {
                    changed.insert(y.0);
                    b.next();
                }
                (Some(x), None) => {
                    changed.insert(x.0);
                    a.next();
                }
            }
        }
    }
}

/// What joining one file's part reads and writes: the nodes, the maps of
/// declarations, and the state's files by id.
struct Joiner<'j> {
    nodes: &'j mut Vec<Node>,
    table: &'j mut Table,
    declared: &'j Declarations,
    folders: &'j [usize],
    facts: &'j [Option<&'j FileFacts>],
}

/// A key's hash in the table of nodes.
fn key_hash(key: &Key) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(key)
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

impl Graph {
    /// Builds the graph of a scan's files, and says which node each of
    /// its occurrences stands for.
    pub fn build(scan: &ScanView) -> (Graph, Vec<Option<usize>>) {
        let mut kept = KeptGraph {
            keep: false,
            ..KeptGraph::default()
        };
        let nodes = kept.update(scan, &vec![(); scan.files.len()]);
        (kept.graph, nodes)
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

impl Declarations {
    /// The functions a call can mean: the method of the receiver's type;
    /// else, by bare name and number of arguments, the only one in the
    /// roots, or those of the caller's folder (a call through an
    /// interface reaches every implementation there).
    fn callees(
        &self,
        folders: &[usize],
        file: usize,
        callee: &str,
        receiver_type: Option<&str>,
        arguments: usize,
        looked_up: &mut Vec<u64>,
    ) -> Vec<&FunctionRef> {
        looked_up.push(dependency(Lookup::Function(callee)));
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
        let here = folders[file];
        let local: Vec<_> = fitting
            .into_iter()
            .filter(|d| folders[d.file] == here)
            .collect();
        if receiver_type.is_some() || local.len() == 1 {
            local
        } else {
            Vec::new()
        }
    }

    /// A type the flow reader could only write as what a call returns
    /// (`Registry.Open()`), once the function is known.
    fn resolve_type<'w>(
        &'w self,
        folders: &[usize],
        file: usize,
        written: &'w str,
        depth: usize,
        looked_up: &mut Vec<u64>,
    ) -> Option<Cow<'w, str>> {
        let Some((receiver, method)) = returned_type_call(written) else {
            return Some(Cow::Borrowed(written));
        };
        if depth > 4 {
            return None;
        }
        let receiver = match receiver {
            Some(r) => Some(self.resolve_type(folders, file, r, depth + 1, looked_up)?),
            None => None,
        };
        let mut types = self
            .callees(folders, file, method, receiver.as_deref(), 0, looked_up)
            .into_iter()
            .filter_map(|d| d.returns.as_deref());
        let first = types.next()?;
        types.all(|t| t == first).then_some(Cow::Borrowed(first))
    }

    /// The key of a name of `file`.
    fn key<'n>(
        &'n self,
        folders: &[usize],
        file: usize,
        name: &'n Name,
        looked_up: &mut Vec<u64>,
    ) -> Key<'n> {
        let b = |s: &'n str| Cow::Borrowed(s);
        match name {
            Name::Local { function, name } => Key::Local(file, b(function), b(name)),
            // A top-level name a file uses but does not declare is the one
            // another file declares, if only one does.
            Name::Global { name } => {
                looked_up.push(dependency(Lookup::Global(name)));
                match self.globals.get(name.as_str()).map(Vec::as_slice) {
                    Some([declared]) => Key::Global(*declared, b(name)),
                    _ => Key::Global(file, b(name)),
                }
            }
            Name::Field {
                owner: Some(owner),
                name,
                offset,
            } => match self.resolve_type(folders, file, owner, 0, looked_up) {
                Some(owner) => Key::Field(owner, b(name)),
                None => Key::FieldAt(file, *offset, b(name)),
            },
            Name::Field {
                owner: None,
                name,
                offset,
            } => {
                looked_up.push(dependency(Lookup::Owners(name)));
                match self.owners.get(name.as_str()) {
                    // The one type that declares the field is its owner.
                    Some(owners) if owners.len() == 1 => {
                        let (owner, _) = owners.first_key_value().expect("one owner");
                        Key::Field(b(owner), b(name))
                    }
                    _ => Key::FieldAt(file, *offset, b(name)),
                }
            }
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
}

impl<'j> Joiner<'j> {
    /// The node of a name of the files (whose spelling a serialization
    /// key's node may take).
    fn intern(&mut self, file: usize, name: &Name, seen: Seen, part: &mut Part) -> usize {
        let id = self.intern_made(file, name, seen, part);
        self.table.spell(self.nodes, id, name, part);
        id
    }

    /// The node of a name, made while joining or written in the files.
    fn intern_made(&mut self, file: usize, name: &Name, seen: Seen, part: &mut Part) -> usize {
        let declared: &'j Declarations = self.declared;
        let key = declared.key(self.folders, file, name, &mut part.looked_up);
        let id = self.table.intern(self.nodes, key, name, seen);
        part.interned.push((id, seen));
        id
    }

    /// Whether some part interned the key of a name (by the files' names
    /// alone, or with `calls` by the names calls bind too).
    fn exists(&self, key: &Key, calls: bool, part: &mut Part) -> bool {
        part.looked_up.push(dependency(Lookup::Exists(key)));
        self.table.exists(key, calls)
    }

    fn link(from: usize, into: usize, kind: FlowKind, (file, line): (usize, u32), part: &mut Part) {
        if from == into {
            return;
        }
        part.edges.push(Edge {
            from,
            into,
            kind,
            file: file as u32,
            line,
        });
    }

    /// A file's part of a step after the first.
    fn join(&mut self, step: JoinStep, index: usize, file: &FileFacts, part: &mut Part) {
        match step {
            JoinStep::Names => unreachable!("the names are joined in two passes"),
            JoinStep::WireKeys => self.join_wire_keys(index, file, part),
            JoinStep::Calls => {
                for call in &file.flow.calls {
                    self.bind_call(index, file, call, part);
                    self.bind_sql(index, file, call, part);
                }
                self.bind_rows(index, file, part);
            }
            JoinStep::Params => self.join_constant_params(index, file, part),
        }
    }

    /// A file's flows: each value passing between two names.
    fn flows(&mut self, index: usize, file: &FileFacts, part: &mut Part) {
        for flow in &file.flow.flows {
            let at = (index, file.line(flow.offset));
            let from = self.intern(index, &flow.from, Seen::Names, part);
            let into = self.intern(index, &flow.into, Seen::Names, part);
            Self::link(from, into, flow.kind, at, part);
        }
    }

    /// A serialization key of a type joins the same-named field of a
    /// same-named type elsewhere (the Go struct's `json:"run_id"` and the
    /// TypeScript interface's `run_id`).
    fn join_wire_keys(&mut self, index: usize, file: &FileFacts, part: &mut Part) {
        for field in &file.flow.fields {
            let wire_key = Key::Wire(
                Spelled(Cow::Borrowed(&field.owner)),
                Spelled(Cow::Borrowed(&field.name)),
            );
            if self.exists(&wire_key, false, part) {
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
                let declared = self.intern_made(index, &declared, Seen::Made, part);
                let wire = self.intern_made(index, &wire, Seen::Made, part);
                Self::link(declared, wire, FlowKind::Tag, at, part);
            }
        }
    }

    /// Arguments flow into the parameters of the one function the call can
    /// mean (by name and number of arguments); keyword arguments into the
    /// parameter or field of that name.
    fn bind_call(&mut self, index: usize, file: &FileFacts, call: &Call, part: &mut Part) {
        let declared: &'j Declarations = self.declared;
        let at = (index, file.line(call.offset));
        let positional = call.args.iter().filter(|a| a.keyword.is_none()).count();
        let receiver = call
            .receiver_type
            .as_deref()
            .and_then(|t| declared.resolve_type(self.folders, index, t, 0, &mut part.looked_up));
        let targets: Vec<(usize, usize)> = declared
            .callees(
                self.folders,
                index,
                &call.callee,
                receiver.as_deref(),
                positional,
                &mut part.looked_up,
            )
            .into_iter()
            .map(|d| (d.file, d.index))
            .collect();
        for &(def_file, def_index) in &targets {
            let def = &self.facts[def_file]
                .expect("a function of the state")
                .flow
                .functions[def_index];
            let params = &def.params;
            for (arg, param) in call.args.iter().filter(|a| a.keyword.is_none()).zip(params) {
                if let (Some(name), Some(param)) = (&arg.name, param) {
                    let name = self.intern(index, name, Seen::Calls, part);
                    let param = self.intern(def_file, param, Seen::Calls, part);
                    Self::link(name, param, FlowKind::Argument, at, part);
                }
            }
            // What the function returns is what the call gives, where both
            // take part in some flow.
            let returned = Key::Return(def_file, Cow::Borrowed(&def.name));
            if self.exists(&returned, false, part)
                && self.exists(&Key::Result(index, call.offset), true, part)
            {
                let result = Name::Result {
                    offset: call.offset,
                    callee: call.callee.clone(),
                };
                let function = Name::Return {
                    function: def.name.clone(),
                };
                let function = self.intern_made(def_file, &function, Seen::Calls, part);
                let result = self.intern_made(index, &result, Seen::Calls, part);
                Self::link(function, result, FlowKind::Return, at, part);
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
                    let key = self.intern_made(index, &key, Seen::Calls, part);
                    let param = self.intern(def_file, param, Seen::Calls, part);
                    Self::link(key, param, FlowKind::Argument, at, part);
                }
            }
        }
        if !targets.is_empty() {
            return;
        }
        // `Invoice(account_id=x)`: keywords name the fields of a type.
        part.looked_up
            .push(dependency(Lookup::Type(call.callee.as_str())));
        if !declared.types.contains_key(call.callee.as_str()) {
            return;
        }
        for arg in &call.args {
            let Some((keyword, offset)) = &arg.keyword else {
                continue;
            };
            part.looked_up
                .push(dependency(Lookup::Owners(keyword.as_str())));
            if declared
                .owners
                .get(keyword.as_str())
                .is_some_and(|o| o.contains_key(call.callee.as_str()))
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
                let key = self.intern_made(index, &key, Seen::Calls, part);
                let field = self.intern_made(index, &field, Seen::Calls, part);
                Self::link(key, field, FlowKind::Argument, at, part);
            }
        }
    }

    /// The arguments after an SQL string bind its placeholders, which name
    /// columns (`WHERE run_id = ?`, `INSERT INTO t (a, run_id) VALUES (?, ?)`).
    fn bind_sql(&mut self, index: usize, file: &FileFacts, call: &Call, part: &mut Part) {
        let Some((sql_at, sql)) = self.sql_argument(index, call, part) else {
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
            let name = self.intern(index, name, Seen::Calls, part);
            let column = self.intern_made(index, &column, Seen::Calls, part);
            Self::link(name, column, FlowKind::Binding, at, part);
        }
    }

    /// The SQL statement a call runs: a string argument that reads as SQL,
    /// or a constant of the file's package that holds one.
    fn sql_argument<'c>(
        &self,
        file: usize,
        call: &'c Call,
        part: &mut Part,
    ) -> Option<(usize, &'c str)>
    where
        'j: 'c,
    {
        let declared: &'j Declarations = self.declared;
        call.args.iter().enumerate().find_map(|(i, a)| {
            let text = a.string.as_deref().or_else(|| {
                let name = a.name.as_ref()?;
                declared.constant(self.folders[file], name.text(), &mut part.looked_up)
            })?;
            looks_like_sql(text.as_bytes()).then_some((i, text))
        })
    }

    /// `rows, _ := db.Query("SELECT a, run_id FROM t")` then
    /// `rows.Scan(&a, &id)`: each selected column flows into the argument
    /// in its position.
    fn bind_rows(&mut self, index: usize, file: &FileFacts, part: &mut Part) {
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
            let Some((_, sql)) = self.sql_argument(index, query, part) else {
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
                    let column = self.intern_made(index, &column, Seen::Calls, part);
                    let name = self.intern(index, name, Seen::Calls, part);
                    Self::link(column, name, FlowKind::Binding, at, part);
                }
            }
        }
    }

    /// `RUN_ID_PARAM = "runId"`: a constant that holds the name of a request
    /// parameter stands for that parameter.
    fn join_constant_params(&mut self, index: usize, file: &FileFacts, part: &mut Part) {
        for constant in &file.flow.constants {
            if !self.exists(&Key::Param(Cow::Borrowed(&constant.value)), true, part) {
                continue;
            }
            let global = Name::Global {
                name: constant.name.clone(),
            };
            let param = Name::Param {
                key: constant.value.clone(),
            };
            let global = self.intern_made(index, &global, Seen::Made, part);
            let param = self.intern_made(index, &param, Seen::Made, part);
            Self::link(global, param, FlowKind::Tag, (index, 0), part);
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
