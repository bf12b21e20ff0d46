//! Name flow inside one file: where a value passes from one name to another
//! (assignment, keyed literal, comparison, call argument, return, struct
//! tag, a route's placeholder), and the name each hit stands for. The
//! `facts` stage joins the files into one graph.
//!
//! Each language is a table of node kinds ([`FlowSyntax`]): which nodes are
//! names, member accesses, string literals, assignments, keyed elements,
//! calls, functions, loops, types and field declarations. The walk is the
//! same for every language. A first pass over the tree records what the
//! second one asks about (parents, the ranges of functions and types, the
//! declared type of each name, the file's string constants), so that no
//! question walks the tree again.
//!
//! The name a hit stands for ([`Name`]) is a local of a function, a field
//! of a type, a literal key, a serialization key, an SQL column, a request
//! parameter, a route segment or what a function returns. Flows come from
//! assignments, keyed, map and object literals, equality, `??` and
//! conditionals, list literals, loops, returns, struct tags, key-and-value
//! call arguments, and a log message with the values logged with it. Calls
//! and function parameters are recorded for `facts` to bind. A field read
//! through a value gets its owner from the value's declared type (a
//! parameter, a `var`, a literal, a loop element, a destructured field,
//! `self`/`this`).
//!
//! The parts: this module holds the reader, its first pass and what the
//! parser asks of it (`read`, `name_at`); `file_flow` what a file says;
//! `types` declared types; `values` where an expression's value comes
//! from; `names` the name a node stands for; `strings` constants, texts
//! and routes; `walk` the second pass; `calls` calls and their arguments;
//! `languages` the tables.

use std::cell::Cell;
use std::ops::Range;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use tree_sitter::Node;

mod calls;
mod file_flow;
mod languages;
mod names;
mod strings;
mod types;
mod values;
mod walk;

pub use file_flow::{Arg, Call, Constant, FieldDecl, FileFlow, Flow, FlowKind, FunctionDef, Name};
pub use types::returned_type_call;

use languages::FlowSyntax;
use types::type_name;

use super::url::PieceKind;
use super::{node_text, walk_with_ancestors, Grammar, Lang};

/// A name declared with a type inside a range (a function, or the file).
struct Binding {
    scope: Range<usize>,
    name: String,
    type_name: String,
}

/// Named ranges that nest (functions, types), for finding the innermost
/// one around an offset without walking up the tree.
#[derive(Default)]
struct Scopes {
    /// Sorted by start, outer ranges first.
    ranges: Vec<(Range<usize>, String)>,
    /// The index of the range around each one.
    parent: Vec<Option<usize>>,
}

impl Scopes {
    fn new(mut ranges: Vec<(Range<usize>, String)>) -> Scopes {
        ranges.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut parent = Vec::with_capacity(ranges.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, (range, _)) in ranges.iter().enumerate() {
            while open.last().is_some_and(|&o| ranges[o].0.end <= range.start) {
                open.pop();
            }
            parent.push(open.last().copied());
            open.push(i);
        }
        Scopes { ranges, parent }
    }

    fn innermost(&self, offset: usize) -> Option<&(Range<usize>, String)> {
        let mut i = self
            .ranges
            .partition_point(|(r, _)| r.start <= offset)
            .checked_sub(1)?;
        loop {
            if self.ranges[i].0.contains(&offset) {
                return Some(&self.ranges[i]);
            }
            i = self.parent[i]?;
        }
    }
}

/// Reads name flow from a parsed tree.
pub(super) struct FlowReader<'t> {
    syntax: &'static FlowSyntax,
    grammar: &'static Grammar,
    text: &'t [u8],
    parents: HashMap<usize, Node<'t>>,
    functions: Scopes,
    /// Every function, named or not: the scopes of parameters and locals
    /// (two callbacks in one function may each have an `ev` of its own
    /// type).
    bodies: Scopes,
    /// The qualified name of each named function node, by node id.
    function_names: HashMap<usize, String>,
    types: Scopes,
    /// Typed declarations by name.
    bindings: HashMap<String, Vec<Binding>>,
    /// Declared type of (owner, field).
    field_types: HashMap<(String, String), String>,
    /// Top-level string constants, by name.
    constants: HashMap<String, String>,
    /// Names declared at the top of the file.
    globals: HashSet<String>,
    /// How deep the readers that call themselves (`type_of`, `name_of`,
    /// `constant_text`, `text_pieces`) have gone; see [`Self::deeper`].
    depth: Cell<u32>,
}

/// How deep the readers that call themselves go into an expression: a
/// chain nested thousands deep (`a.b.c...`, `"a" + "b" + ...` in minified
/// or generated code) is read no further than this, where a stack would
/// overflow; no name of real code sits this deep.
const MAX_READ_DEPTH: u32 = 100;

/// One level of a reader's depth, given back when the reader returns.
struct Deeper<'r>(&'r Cell<u32>);

impl Drop for Deeper<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
}

/// What the first pass collects before names and types can be read.
#[derive(Default)]
struct Gathered<'t> {
    functions: Vec<Node<'t>>,
    types: Vec<(Range<usize>, String)>,
    declaring: Vec<Node<'t>>,
    lambdas: Vec<Node<'t>>,
    fields: Vec<Node<'t>>,
}

impl<'t> FlowReader<'t> {
    pub(super) fn new(lang: Lang, text: &'t [u8], root: Node<'t>) -> Option<FlowReader<'t>> {
        let syntax = lang.flow_syntax()?;
        let mut reader = FlowReader {
            syntax,
            grammar: lang.grammar()?,
            text,
            parents: HashMap::new(),
            functions: Scopes::default(),
            bodies: Scopes::default(),
            function_names: HashMap::new(),
            types: Scopes::default(),
            bindings: HashMap::new(),
            field_types: HashMap::new(),
            constants: HashMap::new(),
            globals: HashSet::new(),
            depth: Cell::new(0),
        };
        let mut gathered = Gathered::default();
        walk_with_ancestors(root, &mut |node, ancestors| {
            let parent = ancestors.last().copied();
            if let Some(parent) = parent {
                reader.parents.insert(node.id(), parent);
            }
            reader.gather(node, &mut gathered);
        });
        reader.types = Scopes::new(gathered.types);
        let mut function_ranges = Vec::new();
        reader.bodies = Scopes::new(
            gathered
                .functions
                .iter()
                .map(|f| (f.byte_range(), String::new()))
                .collect(),
        );
        for function in gathered.functions {
            if let Some(name) = reader.function_name(function) {
                function_ranges.push((function.byte_range(), name.clone()));
                reader.function_names.insert(function.id(), name);
            }
        }
        reader.functions = Scopes::new(function_ranges);
        for node in &gathered.fields {
            reader.read_field_type(*node);
        }
        for node in gathered.declaring {
            reader.read_declaration(node);
        }
        for lambda in gathered.lambdas {
            reader.read_lambda_parameter(lambda);
        }
        Some(reader)
    }

    /// The kind of a node, without reading its name from the language
    /// each time.
    fn kind(&self, node: Node<'t>) -> &'static str {
        self.grammar.kind(node)
    }

    /// The child of `node` in one of its fields.
    fn child(&self, node: Node<'t>, field: &str) -> Option<Node<'t>> {
        self.grammar.child(node, field)
    }

    /// The first pass: sorts the nodes the second pass asks about.
    fn gather(&self, node: Node<'t>, gathered: &mut Gathered<'t>) {
        let kind = self.kind(node);
        let s = self.syntax;
        if s.functions.iter().any(|f| f.0 == kind) {
            gathered.functions.push(node);
        }
        if s.lambdas.contains(&kind) {
            gathered.lambdas.push(node);
        }
        if let Some(&(_, field)) = s.types.iter().find(|t| t.0 == kind) {
            if let Some(name) = self.child(node, field) {
                gathered
                    .types
                    .push((node.byte_range(), type_name(self.text_of(name))));
            }
        }
        // A Go method belongs to its receiver's type.
        if kind == "method_declaration" {
            let receiver = self
                .child(node, "receiver")
                .and_then(|r| r.named_child(0))
                .and_then(|p| self.child(p, "type"));
            if let Some(receiver) = receiver {
                gathered
                    .types
                    .push((node.byte_range(), type_name(self.text_of(receiver))));
            }
        }
        if s.field_declarations.iter().any(|f| f.0 == kind)
            || (s.class_bodies && kind == "assignment")
        {
            gathered.fields.push(node);
        }
        if s.typed.iter().any(|t| t.0 == kind)
            || s.assignments.iter().any(|a| a.0 == kind)
            || s.loops.iter().any(|l| l.0 == kind)
        {
            gathered.declaring.push(node);
        }
    }

    fn bind(&mut self, binding: Binding) {
        self.bindings
            .entry(binding.name.clone())
            .or_default()
            .push(binding);
    }

    fn is(&self, node: Node, kinds: &[&str]) -> bool {
        kinds.contains(&self.kind(node))
    }

    fn is_receiver(&self, node: Node) -> bool {
        self.syntax.receivers.contains(&self.text_of(node))
    }

    fn text_of(&self, node: Node) -> &'t str {
        node_text(self.text, node)
    }

    fn parent(&self, node: Node<'t>) -> Option<Node<'t>> {
        self.parents.get(&node.id()).copied()
    }

    /// The innermost named function around `node`: its range and name.
    fn enclosing_function(&self, node: Node) -> Option<&(Range<usize>, String)> {
        self.functions.innermost(node.start_byte())
    }

    fn enclosing_type(&self, node: Node) -> Option<String> {
        self.types
            .innermost(node.start_byte())
            .map(|(_, name)| name.clone())
    }

    /// A function's name, qualified by its type (`Store.Save`); lambdas take
    /// the name of the declaration that holds them.
    fn function_name(&self, function: Node<'t>) -> Option<String> {
        let &(_, name_field, _) = self
            .syntax
            .functions
            .iter()
            .find(|f| f.0 == self.kind(function))?;
        let name = if self.is(function, self.syntax.lambdas) {
            let holder = self.parent(function)?;
            let &(_, target, _) = self
                .syntax
                .assignments
                .iter()
                .find(|a| a.0 == self.kind(holder))?;
            self.text_of(self.child(holder, target)?)
        } else {
            self.text_of(self.child(function, name_field)?)
        };
        Some(match self.enclosing_type(function) {
            Some(owner) if owner != name => format!("{owner}.{name}"),
            _ => name.to_string(),
        })
    }

    /// The range a name declared at `node` is visible in.
    fn scope_of(&self, node: Node) -> Range<usize> {
        self.bodies
            .innermost(node.start_byte())
            .map_or(0..self.text.len(), |(range, _)| range.clone())
    }

    /// One level deeper into an expression, or none past
    /// [`MAX_READ_DEPTH`].
    fn deeper(&self) -> Option<Deeper<'_>> {
        let depth = self.depth.get();
        (depth < MAX_READ_DEPTH).then(|| {
            self.depth.set(depth + 1);
            Deeper(&self.depth)
        })
    }

    fn parameter_name(&self, param: Node<'t>) -> Option<Node<'t>> {
        if self.is(param, self.syntax.identifiers) {
            return Some(param);
        }
        ["name", "pattern"]
            .iter()
            .find_map(|f| self.child(param, f))
            .filter(|n| self.is(*n, self.syntax.identifiers))
            .or_else(|| {
                let mut cursor = param.walk();
                let first = param
                    .named_children(&mut cursor)
                    .find(|c| self.is(*c, self.syntax.identifiers));
                first
            })
            .filter(|_| {
                // A destructuring pattern has no single name.
                !self.child(param, "pattern").is_some_and(|p| {
                    self.syntax
                        .destructuring
                        .iter()
                        .any(|d| d.0 == self.kind(p))
                })
            })
    }

    /// The name a hit (a byte range) stands for: the name or string literal
    /// that holds it.
    pub(super) fn name_at(&self, root: Node<'t>, hit: &Range<usize>) -> Option<Name> {
        let mut node = root.descendant_for_byte_range(hit.start, hit.end)?;
        for _ in 0..3 {
            if self.is(node, self.syntax.strings) {
                return self
                    .string_name_at(node, hit)
                    .or_else(|| self.name_of(node));
            }
            if self.is(node, self.syntax.identifiers) {
                let word = String::from_utf8_lossy(&self.text[hit.clone()]).into_owned();
                return self
                    .declared_function_name(node, &word)
                    .or_else(|| self.name_of(node));
            }
            node = self.parent(node)?;
        }
        None
    }

    /// Everything the tree says about name flow.
    pub(super) fn read(&self, root: Node<'t>) -> FileFlow {
        let mut flow = FileFlow {
            constants: self
                .constants
                .iter()
                .map(|(name, value)| Constant {
                    name: name.clone(),
                    value: value.clone(),
                })
                .collect(),
            globals: self.globals.iter().cloned().collect(),
            ..FileFlow::default()
        };
        flow.constants.sort_by(|a, b| a.name.cmp(&b.name));
        flow.globals.sort();
        walk_with_ancestors(root, &mut |node, _| self.read_node(node, &mut flow));
        flow
    }
}

/// The name a piece of a route stands for: a segment by its path, a
/// placeholder or query key by its own name.
pub(super) fn piece_name(piece: PieceKind) -> Option<Name> {
    match piece {
        PieceKind::Segment { path } => Some(Name::Segment { path }),
        PieceKind::Placeholder { name, .. } | PieceKind::QueryKey { name, .. } => {
            Some(Name::Param { key: name })
        }
        PieceKind::Hole { .. } => None,
    }
}

/// Records a flow between two names, when both are known and differ.
fn push(flow: &mut FileFlow, from: Option<Name>, into: Option<Name>, kind: FlowKind, at: Node) {
    if let (Some(from), Some(into)) = (from, into) {
        if from != into {
            flow.flows.push(Flow {
                from,
                into,
                kind,
                offset: at.start_byte(),
            });
        }
    }
}

/// The parameter nodes of a function.
fn params_of<'n>(grammar: &Grammar, function: Node<'n>, field: &str) -> Vec<Node<'n>> {
    let Some(params) = grammar.child(function, field) else {
        return Vec::new();
    };
    let mut cursor = params.walk();
    let list = params.named_children(&mut cursor).collect();
    list
}

/// The pairs of an assignment: `a, b = x, y` pairs by position;
/// `v, ok := m[k]` pairs the first name with the value.
fn pairs<'n>(target: Node<'n>, value: Node<'n>) -> Vec<(Node<'n>, Node<'n>)> {
    let is_list = |n: Node| {
        matches!(
            n.kind(),
            "expression_list" | "pattern_list" | "tuple_pattern" | "tuple" | "tuple_expression"
        )
    };
    let children = |n: Node<'n>| {
        let mut cursor = n.walk();
        n.named_children(&mut cursor)
            .filter(|c| !c.is_extra())
            .collect::<Vec<_>>()
    };
    match (is_list(target), is_list(value)) {
        (true, true) => {
            let (t, v) = (children(target), children(value));
            if t.len() == v.len() {
                t.into_iter().zip(v).collect()
            } else if v.len() == 1 {
                t.first().map(|&t| vec![(t, v[0])]).unwrap_or_default()
            } else {
                Vec::new()
            }
        }
        (true, false) => children(target)
            .first()
            .map(|&t| vec![(t, value)])
            .unwrap_or_default(),
        (false, true) => match children(value).as_slice() {
            [only] => vec![(target, *only)],
            _ => Vec::new(),
        },
        (false, false) => vec![(target, value)],
    }
}

/// A name as keys are written: identifier bytes and `-`, `.`, nothing else.
pub(crate) fn is_key_like(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_scopes_find_the_innermost() {
        let scopes = Scopes::new(vec![
            (0..100, "outer".into()),
            (10..20, "a".into()),
            (30..60, "b".into()),
            (35..40, "c".into()),
        ]);
        let at = |o| scopes.innermost(o).map(|(_, n)| n.as_str());
        assert_eq!(at(5), Some("outer"));
        assert_eq!(at(15), Some("a"));
        assert_eq!(at(37), Some("c"));
        assert_eq!(at(45), Some("b"));
        assert_eq!(at(99), Some("outer"));
        assert_eq!(at(100), None);
    }
}
