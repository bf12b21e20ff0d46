//! What a node is by ([`Key`]): a name with what makes it one name across
//! the files (its file, its owner, its spelling without case), and the
//! node a name makes under its key.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use super::graph::{Node, NodeText};
use crate::syntax::Name;

/// Identity of a node: names that only mean something inside one file
/// carry its index. Keys borrow the names they are made from: a lookup
/// allocates nothing, and a key is owned only when it makes a new node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Key<'k> {
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
    pub(super) fn into_owned(self) -> Key<'static> {
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
pub(super) struct Spelled<'k>(pub(super) Cow<'k, str>);

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
pub(super) struct Folded<'k>(pub(super) Cow<'k, str>);

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

/// A key's hash in the table of nodes.
pub(super) fn key_hash(key: &Key) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(key)
}

/// The node a name stands for under its key: its label is the name's text
/// with what the key adds around it (`Turn.run_id`, `table turns`).
pub(super) fn node_of_name(key: &Key, name: &Name) -> Node {
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
