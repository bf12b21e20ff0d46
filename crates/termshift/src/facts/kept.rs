//! The graph kept across the states of a history ([`KeptGraph`]): each
//! file's parts, one per step of joining, what each looked up as hashes,
//! and the update that makes again only the parts whose file or lookups
//! changed. [`Graph::build`] is one such update from nothing.

use std::hash::Hash;
use std::ops::Range;

use foldhash::{HashMap, HashMapExt, HashSet};

use super::declarations::{Declarations, Declared};
use super::graph::{Edge, Graph};
use super::join::Joiner;
use super::key::Key;
use super::table::{Seen, Spelling, Table};
use crate::scan::{FileFacts, ScanView};

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
pub(super) enum JoinStep {
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
pub(super) struct Part {
    /// The nodes it interned, each with the count it raised.
    pub(super) interned: Vec<(usize, Seen)>,
    pub(super) edges: Vec<Edge>,
    /// What it looked up beyond its file ([`dependency`]s).
    pub(super) looked_up: Vec<u64>,
    /// The serialization keys it wrote, with their spelling.
    pub(super) spelled: Vec<(usize, Spelling)>,
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

/// Kinds of what a part looks up, hashed with it into a [`dependency`].
#[derive(Hash)]
pub(super) enum Lookup<'k> {
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
pub(super) fn dependency(value: impl Hash) -> u64 {
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
}
