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
//! `self`/`this`). The tables are in `languages.rs`; this module is the
//! walk.

use std::cell::Cell;
use std::ops::Range;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use tree_sitter::Node;

mod languages;

use languages::{FlowSyntax, ADDERS, ELEMENT_PRESERVING, MEMBERSHIP, PASSTHROUGH};

use super::url::{self, PieceKind, HOLE};
use super::{holds_word, node_text, string_content, walk_with_ancestors, Grammar, Lang};

/// What a value is held by: the node of the name-flow graph, as far as one
/// file can tell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Name {
    /// A local variable or parameter of a function of this file.
    Local { function: String, name: String },
    /// A name declared outside any function of this file.
    Global { name: String },
    /// A field of a type. `owner` is `None` when the type could not be told;
    /// `offset` then places the use.
    Field {
        owner: Option<String>,
        name: String,
        offset: usize,
    },
    /// A key written as a literal at this byte offset of the file: a map or
    /// object key, a log field key, a keyword argument, a string.
    Key { offset: usize, key: String },
    /// The name a serialization gives a field of a type (`json:"run_id"`,
    /// a proto field, a key of a JSON object under `turn_event`).
    Wire { owner: String, key: String },
    /// An SQL column.
    Column { table: Option<String>, name: String },
    /// An SQL table or view.
    Table { name: String },
    /// A request parameter: a route placeholder (`{runId}`), a query
    /// parameter (`?run_id=`), a value read by key (`Query().Get("run_id")`).
    Param { key: String },
    /// A route segment, by the path up to it (`/api/runs`).
    Segment { path: String },
    /// What a function of this file returns.
    Return { function: String },
    /// What the call at this offset returns (`callee` without receiver).
    Result { offset: usize, callee: String },
}

impl Name {
    /// The name as written in the code.
    pub fn text(&self) -> &str {
        match self {
            Name::Local { name, .. }
            | Name::Global { name }
            | Name::Field { name, .. }
            | Name::Column { name, .. }
            | Name::Table { name } => name,
            Name::Key { key, .. } | Name::Wire { key, .. } | Name::Param { key } => key,
            Name::Segment { path } => path.rsplit('/').next().unwrap_or(path),
            Name::Return { function } => function.rsplit('.').next().unwrap_or(function),
            Name::Result { callee, .. } => callee,
        }
    }
}

/// How a value passed between two names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlowKind {
    /// `a = b`, `a := b`, `let a = b`, `for a in b`, `append(a, b)`.
    Assignment,
    /// `Key: value` in a struct, map or object literal, or a log field.
    Keyed,
    /// `a == b`, two keys of one literal with the same value: both hold
    /// the same value; no direction.
    Comparison,
    /// A field and the key its serialization gives it, a route segment and
    /// its placeholder; no direction.
    Tag,
    /// A call argument and the parameter it binds.
    Argument,
    /// An SQL placeholder and the argument bound to it.
    Binding,
    /// A returned value and what the call gives its caller.
    Return,
    /// A value and the text that speaks of it (`"unknown run " + id`, a log
    /// message and the fields logged with it): the text takes the value's
    /// meaning, never the other way round.
    Describes,
}

impl FlowKind {
    /// Whether the value goes one way (`from` into `into`).
    pub fn directed(self) -> bool {
        !matches!(self, FlowKind::Comparison | FlowKind::Tag)
    }

    /// Whether a same-value path may climb from `into` back to `from`:
    /// a text that describes several values says nothing of them.
    pub fn climbable(self) -> bool {
        self != FlowKind::Describes
    }
}

/// A value passing from one name into another at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub from: Name,
    pub into: Name,
    pub kind: FlowKind,
    pub offset: usize,
}

/// A call, for the facts stage to bind to a function of the scanned roots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The called name without its receiver (`Save` in `s.store.Save(x)`).
    pub callee: String,
    /// The declared type of the receiver (`TurnStore` for `s.store`), or
    /// what a call returns, written `Registry.Get()` for the facts stage to
    /// resolve.
    pub receiver_type: Option<String>,
    /// The name the receiver stands for (`rows` in `rows.Scan(&id)`).
    pub receiver: Option<Name>,
    pub offset: usize,
    pub args: Vec<Arg>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// `name=value` arguments (Python): the keyword, at its offset.
    pub keyword: Option<(String, usize)>,
    pub name: Option<Name>,
    /// The contents of a string literal argument, or of the string constant
    /// an identifier argument names.
    pub string: Option<String>,
    /// The names of the elements of a tuple or list argument (`(a, b)`).
    pub elements: Vec<Option<Name>>,
    pub offset: usize,
}

/// A function of this file with the names of its parameters (`None` for a
/// parameter without a plain name, such as a destructuring pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDef {
    pub name: String,
    pub params: Vec<Option<Name>>,
    /// The type of what it returns, when declared.
    pub returns: Option<String>,
}

/// A field where it is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDecl {
    pub owner: String,
    pub name: String,
    pub offset: usize,
}

/// A string constant declared at the top of a file (`const insertTurn =
/// "INSERT ..."`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constant {
    pub name: String,
    pub value: String,
}

/// What one file says about name flow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFlow {
    pub flows: Vec<Flow>,
    pub calls: Vec<Call>,
    pub functions: Vec<FunctionDef>,
    pub fields: Vec<FieldDecl>,
    pub constants: Vec<Constant>,
    /// Names declared at the top of the file (constants, variables,
    /// functions), which other files may import.
    pub globals: Vec<String>,
}

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
        self.enclosing_function(node)
            .map_or(0..self.text.len(), |(range, _)| range.clone())
    }

    fn read_field_type(&mut self, node: Node<'t>) {
        if self.kind(node) == "assignment" && !self.is_class_level(node) {
            return;
        }
        let Some(owner) = self.enclosing_type(node) else {
            return;
        };
        let type_field = self
            .syntax
            .field_declarations
            .iter()
            .find(|f| f.0 == self.kind(node))
            .map_or("type", |f| f.1);
        let (Some(type_node), names) = (self.child(node, type_field), self.field_names(node))
        else {
            return;
        };
        let Some(type_name) = value_type(self.text_of(type_node)) else {
            return;
        };
        for name in names {
            self.field_types.insert(
                (owner.clone(), self.text_of(name).to_string()),
                type_name.clone(),
            );
        }
    }

    /// The names a field declaration declares.
    fn field_names(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let field = if self.kind(node) == "assignment" {
            "left"
        } else {
            "name"
        };
        let mut cursor = node.walk();
        node.children_by_field_name(field, &mut cursor)
            .filter(|n| self.is(*n, self.syntax.identifiers))
            .collect()
    }

    /// Types and top-level constants from a declaration, an assignment or a
    /// loop.
    fn read_declaration(&mut self, node: Node<'t>) {
        let kind = self.kind(node);
        let scope = self.scope_of(node);
        let top_level = self.enclosing_function(node).is_none();
        for &(k, name_field, type_field) in self.syntax.typed {
            if kind != k {
                continue;
            }
            let Some(type_node) = self.child(node, type_field) else {
                continue;
            };
            let Some(type_name) = value_type(self.text_of(type_node)) else {
                continue;
            };
            let declared = self.declared_names(node, name_field);
            for name in &declared {
                self.bind(Binding {
                    scope: scope.clone(),
                    name: self.text_of(*name).to_string(),
                    type_name: type_name.clone(),
                });
            }
            // `{ conversation }: Props` declares `conversation` with the
            // type of `Props.conversation`.
            if let Some(pattern) = self.child(node, name_field) {
                for (field, local) in self.destructured(pattern) {
                    if let Some(t) = self.field_types.get(&(type_name.clone(), field)) {
                        self.bind(Binding {
                            scope: scope.clone(),
                            name: self.text_of(local).to_string(),
                            type_name: t.clone(),
                        });
                    }
                }
            }
        }
        for &(k, target, value) in self.syntax.assignments {
            if kind != k {
                continue;
            }
            let (Some(target), Some(value)) = (self.child(node, target), self.child(node, value))
            else {
                continue;
            };
            for (target, value) in pairs(target, value) {
                let target = self.unwrap(target);
                if !self.is(target, self.syntax.identifiers) {
                    continue;
                }
                let name = self.text_of(target).to_string();
                let value = self.unwrap(value);
                if top_level {
                    self.globals.insert(name.clone());
                    if let Some(constant) = self.constant_text(value) {
                        self.constants.insert(name.clone(), constant);
                    }
                }
                let built = self.literal_type(value);
                let returned = || {
                    let is_call = self.syntax.calls.iter().any(|c| c.0 == self.kind(value));
                    (is_call && self.keyed_lookup(value).is_none())
                        .then(|| self.type_of(value))
                        .flatten()
                };
                if let Some(type_name) = built.or_else(returned) {
                    self.bind(Binding {
                        scope: scope.clone(),
                        name,
                        type_name,
                    });
                }
            }
        }
        // `for t in turns`: `t` has the element type of `turns`.
        for &(k, element, collection) in self.syntax.loops {
            if kind != k {
                continue;
            }
            let (Some(element), Some(collection)) = (
                self.loop_element(node, element),
                self.child(node, collection),
            ) else {
                continue;
            };
            if let Some(type_name) = self.type_of(collection) {
                let loop_scope = self.parent(node).map_or(scope.clone(), |p| p.byte_range());
                self.bind(Binding {
                    scope: loop_scope,
                    name: self.text_of(element).to_string(),
                    type_name,
                });
            }
        }
    }

    /// The variable a loop binds to each element (`v` in Go's
    /// `for _, v := range xs`; a Go loop with one variable binds indexes).
    fn loop_element(&self, node: Node<'t>, field: &str) -> Option<Node<'t>> {
        let left = self.child(node, field)?;
        if self.kind(left) == "expression_list" {
            let mut cursor = left.walk();
            let names: Vec<Node> = left.named_children(&mut cursor).collect();
            return match names.as_slice() {
                [_, value] => Some(*value),
                _ => None,
            };
        }
        // `for (const t of xs)`; `for...in` walks keys.
        if self.kind(node) == "for_in_statement"
            && !node
                .children(&mut node.walk())
                .any(|c| !c.is_named() && self.kind(c) == "of")
        {
            return None;
        }
        Some(self.unwrap(left)).filter(|n| self.is(*n, self.syntax.identifiers))
    }

    /// `xs.map((t) => ...)`: the first parameter of a function passed to a
    /// method of a collection has the collection's element type.
    fn read_lambda_parameter(&mut self, lambda: Node<'t>) {
        let Some(args) = self.parent(lambda) else {
            return;
        };
        let Some(call) = self.parent(args) else {
            return;
        };
        let Some(&(_, function, _)) = self.syntax.calls.iter().find(|c| c.0 == self.kind(call))
        else {
            return;
        };
        let Some(callee) = self.child(call, function) else {
            return;
        };
        let Some(&(_, object, _)) = self
            .syntax
            .members
            .iter()
            .find(|m| m.0 == self.kind(callee))
        else {
            return;
        };
        let Some(type_name) = self.child(callee, object).and_then(|o| self.type_of(o)) else {
            return;
        };
        let params = self
            .child(lambda, "parameters")
            .or_else(|| self.child(lambda, "parameter"))
            .or_else(|| lambda.named_child(0));
        let first = params.and_then(|p| {
            if self.is(p, self.syntax.identifiers) {
                return Some(p);
            }
            let mut cursor = p.walk();
            let first = p.named_children(&mut cursor).next()?;
            self.parameter_name(first)
        });
        if let Some(first) = first {
            self.bind(Binding {
                scope: lambda.byte_range(),
                name: self.text_of(first).to_string(),
                type_name,
            });
        }
    }

    /// The type a literal builds (`Conversation{}`, `Invoice(...)` when the
    /// callee is written as a type, `new Store()`).
    fn literal_type(&self, node: Node) -> Option<String> {
        let &(_, field) = self
            .syntax
            .typed_literals
            .iter()
            .find(|(kind, _)| *kind == self.kind(node))?;
        let type_node = self.child(node, field)?;
        if matches!(
            self.kind(type_node),
            "map_type" | "slice_type" | "array_type"
        ) {
            return None;
        }
        let name = type_name(self.text_of(type_node));
        // A plain call builds a value of a type only when the callee is
        // written as a type name.
        let plain_call = self.kind(node) != "new_expression"
            && self.syntax.calls.iter().any(|c| c.0 == self.kind(node));
        let reads_as_type = name.starts_with(|c: char| c.is_ascii_uppercase());
        (!name.is_empty() && (!plain_call || reads_as_type)).then_some(name)
    }

    /// The names a declaration node declares under `field` (several in Go's
    /// `a, b string`); an empty field means its first identifier child.
    fn declared_names(&self, node: Node<'t>, field: &str) -> Vec<Node<'t>> {
        let mut cursor = node.walk();
        if field.is_empty() {
            return node
                .named_children(&mut cursor)
                .find(|c| self.is(*c, self.syntax.identifiers))
                .into_iter()
                .collect();
        }
        node.children_by_field_name(field, &mut cursor)
            .flat_map(|n| {
                if self.kind(n) == "expression_list" || self.kind(n) == "pattern_list" {
                    let mut c = n.walk();
                    n.named_children(&mut c).collect::<Vec<_>>()
                } else {
                    vec![n]
                }
            })
            .filter(|n| self.is(*n, self.syntax.identifiers))
            .collect()
    }

    /// The (field, local) pairs a destructuring pattern binds:
    /// `{ a, b: c }` gives (a, a) and (b, c).
    fn destructured(&self, pattern: Node<'t>) -> Vec<(String, Node<'t>)> {
        let Some(&(_, shorthand, pair)) = self
            .syntax
            .destructuring
            .iter()
            .find(|d| d.0 == self.kind(pattern))
        else {
            return Vec::new();
        };
        let mut cursor = pattern.walk();
        pattern
            .named_children(&mut cursor)
            .filter_map(|child| {
                if self.kind(child) == shorthand {
                    Some((self.text_of(child).to_string(), child))
                } else if self.kind(child) == pair {
                    let key = self.child(child, "key")?;
                    let value = self.child(child, "value")?;
                    self.is(value, self.syntax.identifiers)
                        .then(|| (self.text_of(key).to_string(), value))
                } else {
                    None
                }
            })
            .collect()
    }

    /// Strips nodes that stand for their operand.
    fn unwrap(&self, mut node: Node<'t>) -> Node<'t> {
        while self.is(node, self.syntax.wrappers) {
            let inner = self
                .child(node, "operand")
                .or_else(|| self.child(node, "value"))
                .or_else(|| self.child(node, "object"))
                .or_else(|| node.named_child(0));
            match inner {
                Some(inner) => node = inner,
                None => break,
            }
        }
        node
    }

    /// The expressions whose value `node` may hold: both branches of a
    /// conditional, both sides of `??` / `||` / `or`, the elements of a list
    /// literal, the arguments of `append`, the argument of an escaping or
    /// copying call.
    fn values_of(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let mut values = Vec::new();
        self.collect_values(node, &mut values, 0);
        values
    }

    fn collect_values(&self, node: Node<'t>, out: &mut Vec<Node<'t>>, depth: usize) {
        const MAX_DEPTH: usize = 6;
        let node = self.unwrap(node);
        let children = |n: Node<'t>| {
            let mut cursor = n.walk();
            n.named_children(&mut cursor)
                .filter(|c| !c.is_extra())
                .collect::<Vec<_>>()
        };
        if depth == MAX_DEPTH {
            out.push(node);
            return;
        }
        let kind = self.kind(node);
        if let Some(&(_, consequence, alternative)) =
            self.syntax.conditionals.iter().find(|c| c.0 == kind)
        {
            let branches = if consequence.is_empty() {
                let all = children(node);
                [all.first().copied(), all.last().copied()]
            } else {
                [self.child(node, consequence), self.child(node, alternative)]
            };
            for branch in branches.into_iter().flatten() {
                self.collect_values(branch, out, depth + 1);
            }
            return;
        }
        if self.is(node, self.syntax.binaries)
            && matches!(self.operator(node), Some("??" | "||" | "or"))
        {
            for side in children(node) {
                self.collect_values(side, out, depth + 1);
            }
            return;
        }
        let collection = self.is(node, self.syntax.collections)
            || (kind == "composite_literal"
                && self.child(node, "body").is_some_and(|b| {
                    !children(b).iter().any(|c| self.kind(*c) == "keyed_element")
                }));
        if collection {
            let body = self.child(node, "body").unwrap_or(node);
            for element in children(body) {
                self.collect_values(element, out, depth + 1);
            }
            return;
        }
        if let Some(&(_, function, arguments)) = self.syntax.calls.iter().find(|c| c.0 == kind) {
            if let (Some(callee), Some(args)) =
                (self.child(node, function), self.child(node, arguments))
            {
                let name = self.callee_name(callee).map(|n| self.text_of(n));
                let args = children(args);
                if name.is_some_and(|n| self.syntax.collectors.contains(&n)) {
                    for arg in args {
                        self.collect_values(arg, out, depth + 1);
                    }
                    return;
                }
                if name.is_some_and(|n| PASSTHROUGH.contains(&n)) {
                    match (args.as_slice(), self.member_object(callee)) {
                        ([only], _) => return self.collect_values(*only, out, depth + 1),
                        ([], Some(object)) => return self.collect_values(object, out, depth + 1),
                        _ => {}
                    }
                }
            }
        }
        out.push(node);
    }

    /// The operator of a binary node, as written.
    fn operator(&self, node: Node) -> Option<&'t str> {
        if let Some(op) = self.child(node, "operator") {
            return Some(self.text_of(op));
        }
        let mut cursor = node.walk();
        let op = node
            .children(&mut cursor)
            .find(|c| !c.is_named())
            .map(|c| self.text_of(c));
        op
    }

    /// The object of a member access (`x` in `x.clone`).
    fn member_object(&self, node: Node<'t>) -> Option<Node<'t>> {
        let &(_, object, _) = self
            .syntax
            .members
            .iter()
            .find(|m| m.0 == self.kind(node))?;
        self.child(node, object)
    }

    /// The called name: the callee, or the member part of `a.b`.
    fn callee_name(&self, callee: Node<'t>) -> Option<Node<'t>> {
        let name = match self
            .syntax
            .members
            .iter()
            .find(|m| m.0 == self.kind(callee))
        {
            Some(&(_, _, member)) => self.child(callee, member),
            None => Some(callee),
        };
        name.filter(|c| self.is(*c, self.syntax.identifiers))
    }

    /// The names `node` may stand for (see [`Self::values_of`]).
    fn names_of(&self, node: Node<'t>) -> Vec<Name> {
        self.values_of(node)
            .into_iter()
            .filter_map(|v| self.name_of(v))
            .collect()
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

    /// The type of a value named `operand` at its place, when declared.
    fn type_of(&self, operand: Node<'t>) -> Option<String> {
        let _deeper = self.deeper()?;
        let operand = self.unwrap(operand);
        if self.is_receiver(operand) {
            return self.enclosing_type(operand);
        }
        if let Some(&(_, object, member)) = self
            .syntax
            .members
            .iter()
            .find(|m| m.0 == self.kind(operand))
        {
            let owner = self.type_of(self.child(operand, object)?)?;
            let field = self.text_of(self.child(operand, member)?);
            return self.field_types.get(&(owner, field.to_string())).cloned();
        }
        // `xs.iter()`: a method that keeps the elements of its receiver.
        if let Some(&(_, function, _)) =
            self.syntax.calls.iter().find(|c| c.0 == self.kind(operand))
        {
            // `decode<PlanningStarted>(data)`: a call given one type
            // argument returns a value of that type.
            if let Some(arguments) = self.child(operand, "type_arguments") {
                let mut cursor = arguments.walk();
                let named: Vec<Node> = arguments.named_children(&mut cursor).collect();
                if let [only] = named.as_slice() {
                    if let Some(type_name) = value_type(self.text_of(*only)) {
                        return Some(type_name);
                    }
                }
            }
            let callee = self.child(operand, function)?;
            let method = self.callee_name(callee)?;
            let receiver = self.member_object(callee);
            if ELEMENT_PRESERVING.contains(&self.text_of(method)) {
                return self.type_of(receiver?);
            }
            return Some(returned_by(
                receiver.and_then(|r| self.type_of(r)).as_deref(),
                self.text_of(method),
            ));
        }
        if !self.is(operand, self.syntax.identifiers) {
            return None;
        }
        let name = self.text_of(operand);
        let at = operand.start_byte();
        // `AccountId::new`, `Invoice.from_row`: a type stands for itself.
        if self.is_type_name(operand) {
            return Some(name.to_string());
        }
        self.bindings
            .get(name)?
            .iter()
            .filter(|b| b.scope.contains(&at))
            .min_by_key(|b| b.scope.len())
            .map(|b| b.type_name.clone())
    }

    /// The name a node of an expression or declaration stands for.
    pub(super) fn name_of(&self, node: Node<'t>) -> Option<Name> {
        let _deeper = self.deeper()?;
        let node = self.unwrap(node);
        let parent = self.parent(node);
        // The member part of `a.b` stands for the whole access.
        if let Some(parent) = parent {
            if let Some(&(_, _, member)) = self
                .syntax
                .members
                .iter()
                .find(|m| m.0 == self.kind(parent))
            {
                if self.child(parent, member) == Some(node) {
                    return self.call_of(parent).or_else(|| self.name_of(parent));
                }
            }
            // `f(x)`: the name of a called function stands for its result.
            if self.is(node, self.syntax.identifiers) {
                if let Some(result) = self.call_of(node) {
                    return Some(result);
                }
            }
        }
        if let Some(&(_, object, member)) =
            self.syntax.members.iter().find(|m| m.0 == self.kind(node))
        {
            let member = self.child(node, member)?;
            return Some(Name::Field {
                owner: self.child(node, object).and_then(|o| self.type_of(o)),
                name: self.text_of(member).to_string(),
                offset: member.start_byte(),
            });
        }
        if self.is(node, self.syntax.strings) {
            return Some(Name::Key {
                offset: node.start_byte(),
                key: self.string_of(node),
            });
        }
        if let Some(&(_, function, _)) = self.syntax.calls.iter().find(|c| c.0 == self.kind(node)) {
            if let Some(key) = self.keyed_lookup(node) {
                return Some(key);
            }
            return self.result_of(node, self.child(node, function)?);
        }
        if !self.is(node, self.syntax.identifiers) || self.is_receiver(node) {
            return None;
        }
        let name = self.text_of(node).to_string();
        if let Some(parent) = parent {
            if self.kind(parent) == "keyword_argument" && self.child(parent, "name") == Some(node) {
                return Some(Name::Key {
                    offset: node.start_byte(),
                    key: name,
                });
            }
            if let Some(field) = self.field_declared(node, parent, &name) {
                return Some(field);
            }
            if let Some(key) = self.key_of_literal(node, parent, &name) {
                return Some(key);
            }
            if self.is_function_name(node, parent) {
                return None;
            }
        }
        match self.enclosing_function(node) {
            Some((range, function)) if !self.names_global(&name, range, node) => {
                Some(Name::Local {
                    function: function.clone(),
                    name,
                })
            }
            _ => Some(Name::Global { name }),
        }
    }

    /// Whether a name, used as a value, is a type: written as one
    /// (`type_identifier`), or capitalised where a value would not be and
    /// declared as no value.
    fn is_type_name(&self, node: Node) -> bool {
        self.kind(node) == "type_identifier"
            || (self
                .text_of(node)
                .starts_with(|c: char| c.is_ascii_uppercase())
                && self.text_of(node).chars().any(|c| c.is_ascii_lowercase())
                && !self.bindings.contains_key(self.text_of(node)))
    }

    /// What a call returns, when `callee` is the function it calls.
    fn call_of(&self, callee: Node<'t>) -> Option<Name> {
        let call = self.parent(callee)?;
        let &(_, function, _) = self.syntax.calls.iter().find(|c| c.0 == self.kind(call))?;
        if self.child(call, function) != Some(callee) {
            return None;
        }
        self.result_of(call, callee)
    }

    /// What a call returns. A call that builds a value of a type
    /// (`AccountId::new(id)`, `UserId(x)`, `new Session()`) is named for
    /// the type, so its result holds the type's words.
    fn result_of(&self, call: Node<'t>, callee: Node<'t>) -> Option<Name> {
        let name = self.callee_name(callee)?;
        let callee = match self.constructed_type(call, callee) {
            Some(type_name) if type_name != self.text_of(name) => {
                format!("{type_name}::{}", self.text_of(name))
            }
            _ => self.text_of(name).to_string(),
        };
        Some(Name::Result {
            offset: call.start_byte(),
            callee,
        })
    }

    /// The type a call builds: the callee is a type (`UserId(x)`,
    /// `new Store()`), or a constructor of one (`AccountId::new`,
    /// `Invoice.from_dict`, an enum variant `LedgerError::UnknownUser`).
    fn constructed_type(&self, call: Node<'t>, callee: Node<'t>) -> Option<String> {
        if self.kind(call) == "new_expression" || self.is_type_name(callee) {
            return Some(self.text_of(callee).to_string());
        }
        let object = self.member_object(callee)?;
        let name = self.callee_name(callee)?;
        let method = self.text_of(name);
        let builds = matches!(method, "new" | "from" | "of" | "parse")
            || method.starts_with("from_")
            || method.starts_with(|c: char| c.is_ascii_uppercase());
        (builds && self.is(object, self.syntax.identifiers) && self.is_type_name(object))
            .then(|| self.text_of(object).to_string())
    }

    /// Whether `name`, used inside a function, is the file's top-level
    /// name of that spelling (no parameter or typed local shadows it).
    fn names_global(&self, name: &str, function: &Range<usize>, node: Node) -> bool {
        self.globals.contains(name)
            && !self
                .bindings
                .get(name)
                .into_iter()
                .flatten()
                .any(|b| b.scope.start >= function.start && b.scope.contains(&node.start_byte()))
    }

    /// The text of a constant string: a literal without interpolation, or
    /// literals joined by juxtaposition or `+` (`"SELECT a " "FROM t"`).
    fn constant_text(&self, value: Node<'t>) -> Option<String> {
        let _deeper = self.deeper()?;
        if self.is(value, self.syntax.strings) {
            return (!self.has_interpolation(value)).then(|| self.string_of(value));
        }
        let joined = self.kind(value) == "concatenated_string"
            || (self.is(value, self.syntax.binaries) && self.operator(value) == Some("+"));
        if !joined {
            return None;
        }
        let mut cursor = value.walk();
        let parts: Vec<Node> = value.named_children(&mut cursor).collect();
        parts.into_iter().map(|p| self.constant_text(p)).collect()
    }

    /// The contents of a string literal; interpolations read as their code.
    fn string_of(&self, node: Node) -> String {
        let content = string_content(self.text, node.byte_range());
        String::from_utf8_lossy(&self.text[content]).into_owned()
    }

    fn has_interpolation(&self, node: Node) -> bool {
        let Some(&(_, interpolation)) = self
            .syntax
            .templates
            .iter()
            .find(|t| t.0 == self.kind(node))
        else {
            return false;
        };
        let mut cursor = node.walk();
        let found = node
            .named_children(&mut cursor)
            .any(|c| self.kind(c) == interpolation);
        found
    }

    /// A field where it is declared: in a field declaration, or assigned
    /// directly in a Python class body.
    fn field_declared(&self, node: Node<'t>, parent: Node<'t>, name: &str) -> Option<Name> {
        let declared = (self
            .syntax
            .field_declarations
            .iter()
            .any(|f| f.0 == self.kind(parent))
            && self.child(parent, "name") == Some(node))
            || (self.syntax.class_bodies
                && self.kind(parent) == "assignment"
                && self.child(parent, "left") == Some(node)
                && self.is_class_level(parent));
        declared.then(|| Name::Field {
            owner: self.enclosing_type(node),
            name: name.to_string(),
            offset: node.start_byte(),
        })
    }

    /// A Python assignment directly in a class body.
    fn is_class_level(&self, assignment: Node<'t>) -> bool {
        self.parent(assignment)
            .and_then(|s| self.parent(s))
            .and_then(|b| self.parent(b))
            .is_some_and(|c| self.kind(c) == "class_definition")
    }

    /// The key of a keyed element: a field of the literal's type when it
    /// has one, else a literal key.
    fn key_of_literal(&self, node: Node<'t>, parent: Node<'t>, name: &str) -> Option<Name> {
        let keyed = [Some(parent), self.parent(parent)]
            .into_iter()
            .flatten()
            .find(|k| {
                self.syntax.keyed.iter().any(|&(kind, key, _)| {
                    self.kind(*k) == kind && is_within(node, self.child(*k, key))
                })
            })?;
        let body = self.parent(keyed);
        let owner = body
            .into_iter()
            .chain(body.and_then(|b| self.parent(b)))
            .find_map(|l| self.literal_type(l));
        Some(match owner {
            Some(owner) => Name::Field {
                owner: Some(owner),
                name: name.to_string(),
                offset: node.start_byte(),
            },
            None => Name::Key {
                offset: node.start_byte(),
                key: name.to_string(),
            },
        })
    }

    fn is_function_name(&self, node: Node, parent: Node) -> bool {
        self.syntax.functions.iter().any(|&(kind, name, _)| {
            self.kind(parent) == kind && self.child(parent, name) == Some(node)
        }) || self.syntax.calls.iter().any(|&(kind, function, _)| {
            self.kind(parent) == kind && self.child(parent, function) == Some(node)
        })
    }

    /// A call with one string argument (or a string constant) reads a value
    /// by key (`Query().Get("run_id")`, `searchParams.get("runId")`): it
    /// stands for that request parameter.
    fn keyed_lookup(&self, node: Node) -> Option<Name> {
        let &(_, _, arguments) = self.syntax.calls.iter().find(|c| c.0 == self.kind(node))?;
        let args = self.child(node, arguments)?;
        let mut cursor = args.walk();
        let named: Vec<Node> = args
            .named_children(&mut cursor)
            .filter(|n| !n.is_extra())
            .collect();
        let [only] = named.as_slice() else {
            return None;
        };
        let key = if self.is(*only, self.syntax.strings) {
            self.string_of(*only)
        } else if self.is(*only, self.syntax.identifiers) {
            self.constants.get(self.text_of(*only))?.clone()
        } else {
            return None;
        };
        is_key_like(&key).then_some(Name::Param { key })
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

    /// The name of a function where it is declared stands for the
    /// parameter its word comes from (`invoices_for_user(user_id)`), else
    /// for what it returns (`DistinctRuns` returns the runs).
    fn declared_function_name(&self, node: Node<'t>, word: &str) -> Option<Name> {
        let function = self.parent(node)?;
        let &(_, name_field, params_field) = self
            .syntax
            .functions
            .iter()
            .find(|f| f.0 == self.kind(function))?;
        if self.child(function, name_field) != Some(node) {
            return None;
        }
        let qualified = self.function_names.get(&function.id())?;
        let param = params_of(self.grammar, function, params_field)
            .into_iter()
            .filter_map(|p| self.parameter_name(p))
            .find(|p| holds_word(self.text_of(*p), word));
        Some(match param {
            Some(param) => Name::Local {
                function: qualified.clone(),
                name: self.text_of(param).to_string(),
            },
            None => Name::Return {
                function: qualified.clone(),
            },
        })
    }

    /// Inside a string, a hit may name more than the string: a route's
    /// segment or placeholder, a query parameter, the key a lookup reads.
    fn string_name_at(&self, string: Node<'t>, hit: &Range<usize>) -> Option<Name> {
        if let Some(call) = self.parent(string).and_then(|args| self.parent(args)) {
            if self.syntax.calls.iter().any(|c| c.0 == self.kind(call)) {
                if let Some(key) = self.keyed_lookup(call) {
                    return Some(key);
                }
            }
        }
        let content = string_content(self.text, string.byte_range());
        let pieces = url::parse(&self.text[content.clone()])?;
        let at = hit.start.checked_sub(content.start)?;
        pieces
            .into_iter()
            .find(|piece| piece.range.start <= at && at < piece.range.end)
            .and_then(|piece| piece_name(piece.kind))
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

    fn read_node(&self, node: Node<'t>, flow: &mut FileFlow) {
        let kind = self.kind(node);
        let s = self.syntax;
        if let Some(&(_, target, value)) = s.assignments.iter().find(|a| a.0 == kind) {
            if let (Some(t), Some(v)) = (self.child(node, target), self.child(node, value)) {
                self.read_assignment(node, t, v, flow);
            }
        }
        if let Some(&(_, key, value)) = s.keyed.iter().find(|k| k.0 == kind) {
            if let (Some(key), Some(value)) = (self.child(node, key), self.child(node, value)) {
                let into = self.key_name(key);
                for from in self.names_of(value) {
                    push(flow, Some(from), into.clone(), FlowKind::Keyed, node);
                }
            }
        }
        if self.is(node, s.literal_bodies) {
            self.read_equal_values(node, flow);
        }
        if self.is(node, s.binaries) {
            self.read_binary(node, flow);
        }
        if s.templates.iter().any(|t| t.0 == kind) {
            self.read_text_with_values(node, flow);
        }
        if self.is(node, s.strings) && !self.has_interpolation(node) {
            self.read_route(node, flow);
        }
        if let Some(&(_, function, arguments)) = s.calls.iter().find(|c| c.0 == kind) {
            if let (Some(callee), Some(args)) =
                (self.child(node, function), self.child(node, arguments))
            {
                self.read_call(node, callee, args, flow);
            }
        }
        if let Some(&(_, _, params)) = s.functions.iter().find(|f| f.0 == kind) {
            self.read_function(node, params, flow);
        }
        if self.is(node, s.returns) {
            self.read_return(node, flow);
        }
        if let Some(&(_, element, collection)) = s.loops.iter().find(|l| l.0 == kind) {
            if let (Some(element), Some(collection)) = (
                self.loop_element(node, element),
                self.child(node, collection),
            ) {
                let into = self.name_of(element);
                for from in self.names_of(collection) {
                    push(flow, Some(from), into.clone(), FlowKind::Assignment, node);
                }
            }
        }
        if s.field_declarations.iter().any(|f| f.0 == kind) {
            self.read_field_declaration(node, flow);
        }
        if s.class_bodies && kind == "assignment" && self.is_class_level(node) {
            if let Some(Name::Field {
                owner: Some(owner),
                name,
                offset,
            }) = self.child(node, "left").and_then(|l| self.name_of(l))
            {
                flow.fields.push(FieldDecl {
                    owner,
                    name,
                    offset,
                });
            }
        }
        if self.is(node, s.attributes) {
            let mut cursor = node.walk();
            let parts: Vec<Node> = node.named_children(&mut cursor).collect();
            if let [key, value] = parts.as_slice() {
                let into = Some(Name::Key {
                    offset: key.start_byte(),
                    key: self.text_of(*key).to_string(),
                });
                for from in self.names_of(*value) {
                    push(flow, Some(from), into.clone(), FlowKind::Keyed, node);
                }
            }
        }
        if let Some(&(_, text_kind, value_kind)) = s.markup.iter().find(|m| m.0 == kind) {
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            for text in children.iter().filter(|c| self.kind(**c) == text_kind) {
                for value in children.iter().filter(|c| self.kind(**c) == value_kind) {
                    for from in self.names_of(*value) {
                        push(
                            flow,
                            Some(from),
                            self.name_of(*text),
                            FlowKind::Describes,
                            node,
                        );
                    }
                }
            }
        }
    }

    fn read_assignment(
        &self,
        node: Node<'t>,
        target: Node<'t>,
        value: Node<'t>,
        flow: &mut FileFlow,
    ) {
        for (t, v) in pairs(target, value) {
            let pattern = self.destructured(t);
            if !pattern.is_empty() {
                self.read_destructured(pattern, self.type_of(v), node, flow);
                continue;
            }
            let into = self.name_of(t);
            for from in self.names_of(v) {
                push(flow, Some(from), into.clone(), FlowKind::Assignment, node);
            }
        }
    }

    /// Two keys of one literal that hold the same string hold the same
    /// value (`{"run_id": "s-1", "session_id": "s-1"}`).
    fn read_equal_values(&self, body: Node<'t>, flow: &mut FileFlow) {
        let mut cursor = body.walk();
        let mut by_value: Vec<(String, Name, Node)> = Vec::new();
        for element in body.named_children(&mut cursor) {
            let Some(&(_, key, value)) =
                self.syntax.keyed.iter().find(|k| k.0 == self.kind(element))
            else {
                continue;
            };
            let (Some(key), Some(value)) = (self.child(element, key), self.child(element, value))
            else {
                continue;
            };
            let value = self.unwrap(value);
            if !self.is(value, self.syntax.strings) {
                continue;
            }
            let literal = self.string_of(value);
            if literal.len() < 2 {
                continue;
            }
            if let Some(name) = self.key_name(key) {
                by_value.push((literal, name, element));
            }
        }
        for (i, (value, name, _)) in by_value.iter().enumerate() {
            for (other_value, other, at) in &by_value[i + 1..] {
                if value == other_value {
                    push(
                        flow,
                        Some(name.clone()),
                        Some(other.clone()),
                        FlowKind::Comparison,
                        *at,
                    );
                }
            }
        }
    }

    fn read_binary(&self, node: Node<'t>, flow: &mut FileFlow) {
        match self.operator(node) {
            Some("==" | "!=" | "===" | "!==" | "in" | "not in" | "is") => {
                let mut cursor = node.walk();
                let operands: Vec<Node> = node
                    .named_children(&mut cursor)
                    .filter(|n| !n.is_extra())
                    .collect();
                // `id == ""` compares with a constant, not with a name.
                let literal = |n: &Node| {
                    let n = self.unwrap(*n);
                    self.is(n, self.syntax.strings)
                        || self.kind(n).contains("literal")
                        || self.kind(n) == "integer"
                };
                if let [a, b] = operands.as_slice() {
                    if !literal(a) && !literal(b) {
                        push(
                            flow,
                            self.name_of(*a),
                            self.name_of(*b),
                            FlowKind::Comparison,
                            node,
                        );
                    }
                }
            }
            // Only the top of a chain of `+` reads the whole chain.
            Some("+")
                if !self.parent(node).is_some_and(|p| {
                    self.is(p, self.syntax.binaries) && self.operator(p) == Some("+")
                }) =>
            {
                self.read_text_with_values(node, flow)
            }
            _ => {}
        }
    }

    /// A text built from literal pieces and values: a template string, an
    /// f-string, a chain of `+`. A value written after `key=` or after a
    /// path segment fills that query parameter or route segment; a piece of
    /// prose speaks of the values joined to it.
    fn read_text_with_values(&self, node: Node<'t>, flow: &mut FileFlow) {
        let mut text: Vec<u8> = Vec::new();
        let mut literals: Vec<Node> = Vec::new();
        let mut values: Vec<Node> = Vec::new();
        if !self.text_pieces(node, &mut text, &mut literals, &mut values) || values.is_empty() {
            return;
        }
        if let Some(pieces) = url::parse(&text) {
            for piece in pieces {
                let (into, hole) = match piece.kind {
                    PieceKind::Hole {
                        index,
                        after: Some(path),
                    } => (Name::Segment { path }, index),
                    PieceKind::QueryKey {
                        name,
                        value_hole: Some(index),
                    } => (Name::Param { key: name }, index),
                    _ => continue,
                };
                if let Some(&value) = values.get(hole) {
                    for from in self.names_of(value) {
                        push(
                            flow,
                            Some(from),
                            Some(into.clone()),
                            FlowKind::Assignment,
                            node,
                        );
                    }
                }
            }
            return;
        }
        for literal in literals {
            if !self.string_of(literal).contains(' ') {
                continue;
            }
            for &value in &values {
                for from in self.names_of(value) {
                    push(
                        flow,
                        Some(from),
                        self.name_of(literal),
                        FlowKind::Describes,
                        node,
                    );
                }
            }
        }
    }

    /// Flattens a text into its bytes (a value as [`HOLE`]), its literal
    /// pieces and its values; `false` if it is not made of text (or is
    /// nested past [`MAX_READ_DEPTH`]).
    fn text_pieces(
        &self,
        node: Node<'t>,
        text: &mut Vec<u8>,
        literals: &mut Vec<Node<'t>>,
        values: &mut Vec<Node<'t>>,
    ) -> bool {
        let Some(_deeper) = self.deeper() else {
            return false;
        };
        if let Some(&(_, interpolation)) = self
            .syntax
            .templates
            .iter()
            .find(|t| t.0 == self.kind(node))
        {
            let content = string_content(self.text, node.byte_range());
            let mut at = content.start;
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                if self.kind(child) != interpolation {
                    continue;
                }
                text.extend_from_slice(&self.text[at..child.start_byte().max(at)]);
                text.push(HOLE);
                let mut inner = child.walk();
                if let Some(value) = child.named_children(&mut inner).next() {
                    values.push(value);
                }
                at = child.end_byte();
            }
            text.extend_from_slice(&self.text[at.min(content.end)..content.end]);
            literals.push(node);
            return true;
        }
        if self.is(node, self.syntax.strings) {
            text.extend_from_slice(&self.text[string_content(self.text, node.byte_range())]);
            literals.push(node);
            return true;
        }
        if self.is(node, self.syntax.binaries) && self.operator(node) == Some("+") {
            let mut cursor = node.walk();
            let operands: Vec<Node> = node.named_children(&mut cursor).collect();
            let mut any_text = false;
            for operand in operands {
                if self.is(operand, self.syntax.strings) || self.is(operand, self.syntax.binaries) {
                    any_text |= self.text_pieces(operand, text, literals, values);
                } else {
                    text.push(HOLE);
                    values.push(operand);
                }
            }
            return any_text;
        }
        text.push(HOLE);
        values.push(node);
        false
    }

    /// A route pattern (`"GET /api/runs/{runId}"`): each placeholder is the
    /// same value as the segment before it.
    fn read_route(&self, node: Node<'t>, flow: &mut FileFlow) {
        let content = string_content(self.text, node.byte_range());
        let Some(pieces) = url::parse(&self.text[content]) else {
            return;
        };
        // The string itself is the route: it holds what its placeholders
        // and its last segment hold.
        let literal = self.name_of(node);
        let mut last_segment = None;
        for piece in pieces {
            match piece.kind {
                PieceKind::Placeholder { name, after } => {
                    let param = Name::Param { key: name };
                    if let Some(path) = after {
                        let segment = Some(Name::Segment { path });
                        push(flow, segment, Some(param.clone()), FlowKind::Tag, node);
                    }
                    push(flow, literal.clone(), Some(param), FlowKind::Tag, node);
                }
                PieceKind::Segment { path } => last_segment = Some(Name::Segment { path }),
                _ => {}
            }
        }
        push(flow, literal, last_segment, FlowKind::Tag, node);
    }

    fn read_function(&self, node: Node<'t>, params_field: &str, flow: &mut FileFlow) {
        let (Some(name), Some(params)) = (
            self.function_names.get(&node.id()),
            self.child(node, params_field),
        ) else {
            return;
        };
        let mut cursor = params.walk();
        let params = params
            .named_children(&mut cursor)
            .filter(|p| !p.is_extra())
            .filter(|p| self.parameter_name(*p).is_none_or(|n| !self.is_receiver(n)))
            .map(|p| {
                self.parameter_name(p).map(|p| Name::Local {
                    function: name.clone(),
                    name: self.text_of(p).to_string(),
                })
            })
            .collect();
        let returns = ["result", "return_type"]
            .iter()
            .find_map(|f| self.child(node, f))
            .and_then(|t| value_type(self.text_of(t)));
        flow.functions.push(FunctionDef {
            name: name.clone(),
            params,
            returns,
        });
        // An expression body is what the function returns.
        if let Some(body) = self.child(node, "body") {
            let statements = matches!(self.kind(body), "statement_block" | "block");
            if !statements {
                let into = Some(Name::Return {
                    function: name.clone(),
                });
                for from in self.names_of(body) {
                    push(flow, Some(from), into.clone(), FlowKind::Return, node);
                }
            } else if self.kind(node) == "function_item" {
                self.read_tail(node, body, name, flow);
            }
        }
        // `function f({ a }: Props)`: the fields of the argument flow into
        // the names it is taken apart into.
        for param in params_of(self.grammar, node, params_field) {
            let (Some(pattern), Some(type_node)) =
                (self.child(param, "pattern"), self.child(param, "type"))
            else {
                continue;
            };
            let owner = value_type(self.text_of(type_node));
            self.read_destructured(self.destructured(pattern), owner, param, flow);
        }
    }

    /// `{ a, b: c } = value`: each field of the value's type flows into
    /// the name it is taken apart into.
    fn read_destructured(
        &self,
        pattern: Vec<(String, Node<'t>)>,
        owner: Option<String>,
        at: Node<'t>,
        flow: &mut FileFlow,
    ) {
        for (field, local) in pattern {
            let from = Name::Field {
                owner: owner.clone(),
                name: field,
                offset: local.start_byte(),
            };
            push(
                flow,
                Some(from),
                self.name_of(local),
                FlowKind::Assignment,
                at,
            );
        }
    }

    /// The last expression of a Rust block is what the function returns.
    fn read_tail(&self, function: Node<'t>, body: Node<'t>, name: &str, flow: &mut FileFlow) {
        let mut cursor = body.walk();
        let Some(last) = body
            .named_children(&mut cursor)
            .filter(|c| !c.is_extra())
            .last()
        else {
            return;
        };
        if self.text_of(last).trim_end().ends_with(';') || self.kind(last) == "let_declaration" {
            return;
        }
        let value = if self.kind(last) == "expression_statement" {
            match last.named_child(0) {
                Some(v) => v,
                None => return,
            }
        } else {
            last
        };
        let into = Some(Name::Return {
            function: name.to_string(),
        });
        for from in self.names_of(value) {
            push(flow, Some(from), into.clone(), FlowKind::Return, function);
        }
    }

    fn read_return(&self, node: Node<'t>, flow: &mut FileFlow) {
        let Some((_, function)) = self.enclosing_function(node) else {
            return;
        };
        let Some(mut value) = node.named_child(0) else {
            return;
        };
        // `return c, ok`: the first value is the result.
        if self.kind(value) == "expression_list" {
            match value.named_child(0) {
                Some(first) => value = first,
                None => return,
            }
        }
        let into = Some(Name::Return {
            function: function.clone(),
        });
        for from in self.names_of(value) {
            push(flow, Some(from), into.clone(), FlowKind::Return, node);
        }
    }

    fn read_field_declaration(&self, node: Node<'t>, flow: &mut FileFlow) {
        let Some(owner) = self.enclosing_type(node) else {
            return;
        };
        for name in self.field_names(node) {
            let field = self.text_of(name).to_string();
            if let Some(tag) = self.child(node, "tag") {
                for key in tag_keys(self.text_of(tag)) {
                    flow.flows.push(Flow {
                        from: Name::Field {
                            owner: Some(owner.clone()),
                            name: field.clone(),
                            offset: name.start_byte(),
                        },
                        into: Name::Wire {
                            owner: owner.clone(),
                            key,
                        },
                        kind: FlowKind::Tag,
                        offset: tag.start_byte(),
                    });
                }
            }
            flow.fields.push(FieldDecl {
                owner: owner.clone(),
                name: field,
                offset: name.start_byte(),
            });
        }
    }

    /// The name a key of a keyed element stands for (a string key is a
    /// literal key, an identifier a field or a key).
    fn key_name(&self, key: Node<'t>) -> Option<Name> {
        let key = self.unwrap(key);
        (self.is(key, self.syntax.strings) || self.is(key, self.syntax.identifiers))
            .then(|| self.name_of(key))
            .flatten()
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

    fn read_call(&self, call: Node<'t>, callee: Node<'t>, args: Node<'t>, flow: &mut FileFlow) {
        let Some(callee_name) = self.callee_name(callee) else {
            return;
        };
        let method = self.text_of(callee_name);
        let mut cursor = args.walk();
        let arg_nodes: Vec<Node> = args
            .named_children(&mut cursor)
            .filter(|n| !n.is_extra())
            .collect();
        let receiver = self.member_object(callee);
        if let Some(receiver) = receiver {
            // `runs.push(id)`: the collection holds the value; `ids.includes(id)`
            // compares them.
            let kind = if ADDERS.contains(&method) {
                Some(FlowKind::Assignment)
            } else if MEMBERSHIP.contains(&method) {
                Some(FlowKind::Comparison)
            } else {
                None
            };
            if let Some(kind) = kind {
                for arg in &arg_nodes {
                    for from in self.names_of(*arg) {
                        push(flow, Some(from), self.name_of(receiver), kind, call);
                    }
                }
            }
        }
        // `AccountId::new(user_id)`: the value is now of that type.
        if let (Some(_), [only]) = (self.constructed_type(call, callee), arg_nodes.as_slice()) {
            let built = self.result_of(call, callee);
            for from in self.names_of(*only) {
                push(flow, Some(from), built.clone(), FlowKind::Assignment, call);
            }
        }
        let mut list = Vec::with_capacity(arg_nodes.len());
        for (i, &arg) in arg_nodes.iter().enumerate() {
            let (keyword, value) = if self.kind(arg) == "keyword_argument" {
                let name = self.child(arg, "name");
                (
                    name.map(|n| (self.text_of(n).to_string(), n.start_byte())),
                    self.child(arg, "value"),
                )
            } else {
                (None, Some(arg))
            };
            let Some(value) = value else { continue };
            let value = self.unwrap(value);
            if let Some((key, at)) = &keyword {
                for from in self.names_of(value) {
                    flow.flows.push(Flow {
                        from,
                        into: Name::Key {
                            offset: *at,
                            key: key.clone(),
                        },
                        kind: FlowKind::Keyed,
                        offset: *at,
                    });
                }
            }
            let string = if self.is(value, self.syntax.strings) {
                Some(self.string_of(value))
            } else if self.is(value, self.syntax.identifiers) {
                self.constants.get(self.text_of(value)).cloned()
            } else {
                None
            };
            // A key-like string followed by a value names that value
            // (`.Str("run_id", id)`, `params.set("runId", id)`).
            if let (Some(key), Some(&next)) = (&string, arg_nodes.get(i + 1)) {
                if is_key_like(key)
                    && self.kind(next) != "keyword_argument"
                    && self.is(value, self.syntax.strings)
                {
                    let into = self.name_of(value);
                    for from in self.names_of(next) {
                        push(flow, Some(from), into.clone(), FlowKind::Keyed, value);
                    }
                }
            }
            let elements = if self.is(value, self.syntax.collections) {
                let mut cursor = value.walk();
                let elements = value
                    .named_children(&mut cursor)
                    .filter(|e| !e.is_extra())
                    .map(|e| self.name_of(e))
                    .collect();
                elements
            } else {
                Vec::new()
            };
            list.push(Arg {
                keyword,
                name: self.name_of(value),
                string,
                elements,
                offset: arg.start_byte(),
            });
        }
        self.read_message(call, &arg_nodes, flow);
        flow.calls.push(Call {
            callee: method.to_string(),
            receiver_type: receiver.and_then(|r| self.type_of(r)),
            receiver: receiver.and_then(|r| self.name_of(r)),
            offset: call.start_byte(),
            args: list,
        });
    }

    /// A message (a string argument with spaces) speaks of the other values
    /// of its call and of the calls chained before it
    /// (`log.Info().Str("run_id", id).Msg("prompt accepted for run")`,
    /// `log.info("charged", user_id=id)`, `Errorf("turn of run %s", id)`).
    fn read_message(&self, call: Node<'t>, args: &[Node<'t>], flow: &mut FileFlow) {
        let messages: Vec<Node> = args
            .iter()
            .copied()
            .filter(|a| self.is(*a, self.syntax.strings) && self.string_of(*a).contains(' '))
            .collect();
        if messages.is_empty() {
            return;
        }
        let mut values: Vec<Node> = args
            .iter()
            .copied()
            .filter(|a| !messages.contains(a))
            .map(|a| {
                if self.kind(a) == "keyword_argument" {
                    self.child(a, "value").unwrap_or(a)
                } else {
                    a
                }
            })
            .collect();
        // The calls chained before this one: `a.Str(k, v).Msg(m)`.
        let mut link = call;
        for _ in 0..16 {
            let Some(&(_, function, arguments)) =
                self.syntax.calls.iter().find(|c| c.0 == self.kind(link))
            else {
                break;
            };
            let Some(receiver) = self
                .child(link, function)
                .and_then(|f| self.member_object(f))
            else {
                break;
            };
            let receiver = self.unwrap(receiver);
            if receiver != call && self.kind(receiver) == self.kind(link) {
                if let Some(args) = self.child(receiver, arguments) {
                    let mut cursor = args.walk();
                    values.extend(
                        args.named_children(&mut cursor)
                            .filter(|a| !self.is(*a, self.syntax.strings)),
                    );
                }
            }
            link = receiver;
        }
        for message in messages {
            let into = self.name_of(message);
            for &value in &values {
                for from in self.names_of(value) {
                    push(flow, Some(from), into.clone(), FlowKind::Describes, message);
                }
            }
        }
    }
}

/// The type of what a call returns, before the facts stage knows the
/// function: `Registry.Get()` or `Get()`.
fn returned_by(receiver_type: Option<&str>, method: &str) -> String {
    match receiver_type {
        Some(t) => format!("{t}.{method}()"),
        None => format!("{method}()"),
    }
}

/// Splits what [`returned_by`] wrote: (receiver type, method).
pub fn returned_type_call(type_name: &str) -> Option<(Option<&str>, &str)> {
    let call = type_name.strip_suffix("()")?;
    Some(match call.rsplit_once('.') {
        Some((receiver, method)) => (Some(receiver), method),
        None => (None, call),
    })
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

fn is_within(node: Node, outer: Option<Node>) -> bool {
    outer.is_some_and(|o| o.start_byte() <= node.start_byte() && node.end_byte() <= o.end_byte())
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

/// The bare name of a written type: `*pb.Conversation` -> `Conversation`,
/// `Vec<Entry>` -> `Vec`, `Optional[str]` -> `Optional`.
pub(crate) fn type_name(written: &str) -> String {
    let trimmed = written
        .trim_start_matches(['*', '&', '[', ']', ':', ' '])
        .trim_start_matches("mut ");
    let end = trimmed
        .find(['<', '[', '(', '{', ' ', '|'])
        .unwrap_or(trimmed.len());
    let path = &trimmed[..end];
    path.rsplit(['.', ':']).next().unwrap_or(path).to_string()
}

/// The type of the values a written type holds, through pointers,
/// optionals and collections: `[]*pb.Turn` -> `Turn`, `Vec<Entry>` ->
/// `Entry`, `map[string]*Conversation` -> `Conversation`, `TurnSnapshot[]
/// | null` -> `TurnSnapshot`, `list[Invoice]` -> `Invoice`; `None` for
/// primitives.
pub(crate) fn value_type(written: &str) -> Option<String> {
    #[rustfmt::skip]
    const WRAPPERS: &[&str] = &[
        "Vec", "VecDeque", "Option", "Box", "Arc", "Rc", "RefCell", "Cell", "Mutex", "RwLock",
        "Cow", "Result", "Promise", "Array", "ReadonlyArray", "Readonly", "Partial", "Awaited",
        "Set", "HashSet", "BTreeSet", "list", "List", "Optional", "Sequence", "Iterable",
        "Iterator", "set", "frozenset", "tuple", "Tuple", "type", "Type", "chan", "func",
    ];
    #[rustfmt::skip]
    const MAPS: &[&str] = &[
        "map", "Map", "Record", "HashMap", "BTreeMap", "IndexMap", "dict", "Dict", "Mapping",
        "MutableMapping", "DefaultDict", "defaultdict", "OrderedDict",
    ];
    #[rustfmt::skip]
    const PRIMITIVES: &[&str] = &[
        "string", "str", "String", "int", "int8", "int16", "int32", "int64", "uint", "uint8",
        "uint16", "uint32", "uint64", "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32",
        "u64", "u128", "usize", "isize", "f32", "f64", "float", "float32", "float64", "bool",
        "boolean", "number", "bigint", "bytes", "byte", "rune", "any", "unknown", "void", "null",
        "undefined", "None", "error", "object", "interface", "dyn", "mut", "const", "impl",
        "Self", "static", "char", "never", "Any", "_",
    ];
    let mut names = Vec::new();
    let bytes = written.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() || bytes[i] == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'_'
                    || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
                    || (bytes[i] == b':' && bytes.get(i + 1) == Some(&b':')))
            {
                i += if bytes[i] == b':' { 2 } else { 1 };
            }
            let path = &written[start..i];
            names.push(path.rsplit(['.', ':']).next().unwrap_or(path));
        } else {
            i += 1;
        }
    }
    let is_map = names.first().is_some_and(|n| MAPS.contains(n));
    let mut meaningful = names
        .into_iter()
        .filter(|n| !WRAPPERS.contains(n) && !MAPS.contains(n) && !PRIMITIVES.contains(n));
    let found = if is_map {
        meaningful.next_back()
    } else {
        meaningful.next()
    };
    found.map(str::to_string)
}

/// The keys of a Go struct tag: `json:"run_id,omitempty" db:"run_id"` gives
/// `run_id` once.
fn tag_keys(tag: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut rest = tag.trim_matches('`');
    while let Some(open) = rest.find(":\"") {
        let tag_name = rest[..open].rsplit(' ').next().unwrap_or("");
        let after = &rest[open + 2..];
        let Some(close) = after.find('"') else { break };
        let value = &after[..close];
        // `protobuf:"bytes,3,opt,name=run_id,json=runId"` names its keys
        // by option; other tags start with the key.
        let names: Vec<&str> = if tag_name == "protobuf" {
            value
                .split(',')
                .filter_map(|o| o.strip_prefix("name=").or_else(|| o.strip_prefix("json=")))
                .collect()
        } else {
            value.split(',').take(1).collect()
        };
        for name in names {
            if is_key_like(name) && !keys.iter().any(|k| k == name) {
                keys.push(name.to_string());
            }
        }
        rest = &after[close + 1..];
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_bare() {
        assert_eq!(type_name("*pb.Conversation"), "Conversation");
        assert_eq!(type_name("Vec<Entry>"), "Vec");
        assert_eq!(type_name("&mut Ledger"), "Ledger");
        assert_eq!(type_name("crate::store::Store"), "Store");
    }

    #[test]
    fn value_types_look_through_pointers_and_collections() {
        assert_eq!(value_type("[]*pb.Turn").as_deref(), Some("Turn"));
        assert_eq!(value_type("Vec<Entry>").as_deref(), Some("Entry"));
        assert_eq!(
            value_type("map[string]*Conversation").as_deref(),
            Some("Conversation")
        );
        assert_eq!(
            value_type(": TurnSnapshot[] | null").as_deref(),
            Some("TurnSnapshot")
        );
        assert_eq!(value_type("list[Invoice]").as_deref(), Some("Invoice"));
        assert_eq!(value_type("&[crate::Entry]").as_deref(), Some("Entry"));
        assert_eq!(value_type("string"), None);
    }

    #[test]
    fn tag_keys_are_the_names_of_each_value() {
        assert_eq!(
            tag_keys(r#"`json:"run_id,omitempty" db:"run_id" doc:"the run"`"#),
            vec!["run_id"]
        );
        assert_eq!(
            tag_keys(
                r#"`protobuf:"bytes,3,opt,name=run_id,json=runId,proto3" json:"run_id,omitempty"`"#
            ),
            vec!["run_id", "runId"]
        );
    }

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
