//! The table of nodes by key: how many parts hold each node (a node no
//! part holds dies at the end of an update), the counts existence checks
//! read, and the spellings of serialization keys.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};

use super::graph::Node;
use super::kept::{dependency, Lookup, Part};
use super::key::{key_hash, node_of_name, Key};
use crate::syntax::Name;

/// Which existence check an intern counts for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Seen {
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
pub(super) struct Table {
    /// Node by key, the keys kept once, in `keys` (a scan's graph holds
    /// a few hundred thousand names).
    pub(super) ids: hashbrown::HashTable<usize>,
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
    pub(super) tracking: bool,
    /// The nodes whose existence counts changed in this update: the
    /// [`dependency`] of their key and whether they existed before (for
    /// the names' checks, and for the calls').
    touched: HashMap<usize, (u64, bool, bool)>,
}

/// A serialization key as a file writes it: (key, owner).
pub(super) type Spelling = (Box<str>, Box<str>);

impl Table {
    /// The node of a key, made from `name` when no part holds it yet.
    pub(super) fn intern(
        &mut self,
        nodes: &mut Vec<Node>,
        key: Key,
        name: &Name,
        seen: Seen,
    ) -> usize {
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
    pub(super) fn spell(&mut self, nodes: &mut [Node], id: usize, name: &Name, part: &mut Part) {
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
    pub(super) fn release(&mut self, nodes: &mut [Node], part: Part) {
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
    pub(super) fn bury(&mut self, nodes: &mut [Node]) {
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
    pub(super) fn changed_existence(&mut self, calls: bool, changed: &mut HashSet<u64>) {
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

    pub(super) fn exists(&self, key: &Key, calls: bool) -> bool {
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
