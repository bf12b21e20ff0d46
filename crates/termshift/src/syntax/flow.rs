//! Name flow inside one file: where a value passes from one name to another
//! (assignment, keyed literal, comparison, call argument, struct tag), and
//! the name each hit stands for. The `facts` stage joins the files into one
//! graph.
//!
//! Each language is a table of node kinds ([`FlowSyntax`]): which nodes are
//! names, member accesses, string literals, assignments, keyed elements,
//! comparisons, calls, functions, types and field declarations. The walk is
//! the same for every language.

use std::ops::Range;

use tree_sitter::Node;

use super::{node_text, string_content, Lang};

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
    /// object key, a log field key, a query parameter, a keyword argument.
    Key { offset: usize, key: String },
    /// The name a serialization tag gives a field (`json:"run_id"`).
    Wire { owner: String, key: String },
    /// An SQL column.
    Column { table: Option<String>, name: String },
}

impl Name {
    /// The name as written in the code.
    pub fn text(&self) -> &str {
        match self {
            Name::Local { name, .. }
            | Name::Global { name }
            | Name::Field { name, .. }
            | Name::Column { name, .. } => name,
            Name::Key { key, .. } | Name::Wire { key, .. } => key,
        }
    }
}

/// How a value passed between two names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlowKind {
    /// `a = b`, `a := b`, `let a = b`.
    Assignment,
    /// `Key: value` in a struct, map or object literal, or a log field.
    Keyed,
    /// `a == b`: both hold the same value; no direction.
    Comparison,
    /// A field and the key its serialization tag gives it; no direction.
    Tag,
    /// A call argument and the parameter it binds.
    Argument,
    /// An SQL placeholder and the argument bound to it.
    Binding,
}

impl FlowKind {
    /// Whether the value goes one way (`from` into `into`).
    pub fn directed(self) -> bool {
        !matches!(self, FlowKind::Comparison | FlowKind::Tag)
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
    pub offset: usize,
    pub args: Vec<Arg>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// `name=value` arguments (Python): the keyword, at its offset.
    pub keyword: Option<(String, usize)>,
    pub name: Option<Name>,
    /// The contents of a string literal argument.
    pub string: Option<String>,
    pub offset: usize,
}

/// A function of this file with the names of its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDef {
    pub name: String,
    pub params: Vec<Name>,
}

/// A field where it is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDecl {
    pub owner: String,
    pub name: String,
    pub offset: usize,
}

/// What one file says about name flow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFlow {
    pub flows: Vec<Flow>,
    pub calls: Vec<Call>,
    pub functions: Vec<FunctionDef>,
    pub fields: Vec<FieldDecl>,
}

/// The node kinds of one language that take part in name flow.
pub struct FlowSyntax {
    identifiers: &'static [&'static str],
    /// (kind, object field, member field).
    members: &'static [(&'static str, &'static str, &'static str)],
    strings: &'static [&'static str],
    /// Nodes that stand for their first named child (`(x)`, `&x`, `await x`).
    wrappers: &'static [&'static str],
    /// (kind, target field, value field).
    assignments: &'static [(&'static str, &'static str, &'static str)],
    /// (kind, key field, value field).
    keyed: &'static [(&'static str, &'static str, &'static str)],
    comparisons: &'static [&'static str],
    /// (kind, function field, arguments field).
    calls: &'static [(&'static str, &'static str, &'static str)],
    /// (kind, name field, parameters field).
    functions: &'static [(&'static str, &'static str, &'static str)],
    /// Anonymous functions named by the declaration that holds them.
    lambdas: &'static [&'static str],
    /// (kind, name field) of types that own fields and methods.
    types: &'static [(&'static str, &'static str)],
    field_declarations: &'static [&'static str],
    /// (kind, name field, type field) of names declared with a type.
    typed: &'static [(&'static str, &'static str, &'static str)],
    /// Literals that build a value of a named type: (kind, type field).
    typed_literals: &'static [(&'static str, &'static str)],
    /// The receiver inside a method, as written (`this`, `self`).
    receivers: &'static [&'static str],
    /// Class bodies whose direct assignments declare fields (Python).
    class_bodies: bool,
}

const GO: FlowSyntax = FlowSyntax {
    identifiers: &["identifier", "field_identifier"],
    members: &[("selector_expression", "operand", "field")],
    strings: &["interpreted_string_literal", "raw_string_literal"],
    wrappers: &[
        "parenthesized_expression",
        "unary_expression",
        "literal_element",
    ],
    assignments: &[
        ("assignment_statement", "left", "right"),
        ("short_var_declaration", "left", "right"),
        ("var_spec", "name", "value"),
        ("const_spec", "name", "value"),
    ],
    keyed: &[("keyed_element", "key", "value")],
    comparisons: &["binary_expression"],
    calls: &[("call_expression", "function", "arguments")],
    functions: &[
        ("function_declaration", "name", "parameters"),
        ("method_declaration", "name", "parameters"),
    ],
    lambdas: &[],
    types: &[("type_spec", "name")],
    field_declarations: &["field_declaration"],
    typed: &[
        ("parameter_declaration", "name", "type"),
        ("var_spec", "name", "type"),
    ],
    typed_literals: &[("composite_literal", "type")],
    receivers: &[],
    class_bodies: false,
};

const ECMASCRIPT: FlowSyntax = FlowSyntax {
    identifiers: &[
        "identifier",
        "property_identifier",
        "shorthand_property_identifier",
        "shorthand_property_identifier_pattern",
    ],
    members: &[("member_expression", "object", "property")],
    strings: &["string", "template_string"],
    wrappers: &[
        "parenthesized_expression",
        "await_expression",
        "non_null_expression",
        "as_expression",
        "satisfies_expression",
    ],
    assignments: &[
        ("variable_declarator", "name", "value"),
        ("assignment_expression", "left", "right"),
    ],
    keyed: &[("pair", "key", "value")],
    comparisons: &["binary_expression"],
    calls: &[
        ("call_expression", "function", "arguments"),
        ("new_expression", "constructor", "arguments"),
    ],
    functions: &[
        ("function_declaration", "name", "parameters"),
        ("method_definition", "name", "parameters"),
        ("arrow_function", "", "parameters"),
        ("function_expression", "", "parameters"),
    ],
    lambdas: &["arrow_function", "function_expression"],
    types: &[
        ("interface_declaration", "name"),
        ("class_declaration", "name"),
        ("type_alias_declaration", "name"),
    ],
    field_declarations: &["property_signature", "public_field_definition"],
    typed: &[
        ("required_parameter", "pattern", "type"),
        ("optional_parameter", "pattern", "type"),
        ("variable_declarator", "name", "type"),
    ],
    typed_literals: &[("new_expression", "constructor")],
    receivers: &["this"],
    class_bodies: false,
};

const PYTHON: FlowSyntax = FlowSyntax {
    identifiers: &["identifier"],
    members: &[("attribute", "object", "attribute")],
    strings: &["string"],
    wrappers: &["parenthesized_expression", "await"],
    assignments: &[("assignment", "left", "right")],
    keyed: &[("pair", "key", "value")],
    comparisons: &["comparison_operator"],
    calls: &[("call", "function", "arguments")],
    functions: &[("function_definition", "name", "parameters")],
    lambdas: &[],
    types: &[("class_definition", "name")],
    field_declarations: &[],
    typed: &[
        ("typed_parameter", "", "type"),
        ("typed_default_parameter", "name", "type"),
        ("assignment", "left", "type"),
    ],
    typed_literals: &[("call", "function")],
    receivers: &["self", "cls"],
    class_bodies: true,
};

const RUST: FlowSyntax = FlowSyntax {
    identifiers: &[
        "identifier",
        "field_identifier",
        "shorthand_field_identifier",
    ],
    members: &[("field_expression", "value", "field")],
    strings: &["string_literal", "raw_string_literal"],
    wrappers: &[
        "parenthesized_expression",
        "reference_expression",
        "try_expression",
        "unary_expression",
        "shorthand_field_initializer",
    ],
    assignments: &[
        ("let_declaration", "pattern", "value"),
        ("assignment_expression", "left", "right"),
    ],
    keyed: &[("field_initializer", "field", "value")],
    comparisons: &["binary_expression"],
    calls: &[("call_expression", "function", "arguments")],
    functions: &[("function_item", "name", "parameters")],
    lambdas: &[],
    types: &[
        ("struct_item", "name"),
        ("enum_item", "name"),
        ("impl_item", "type"),
    ],
    field_declarations: &["field_declaration"],
    typed: &[
        ("parameter", "pattern", "type"),
        ("let_declaration", "pattern", "type"),
    ],
    typed_literals: &[("struct_expression", "name")],
    receivers: &["self"],
    class_bodies: false,
};

impl Lang {
    fn flow_syntax(self) -> Option<&'static FlowSyntax> {
        match self {
            Lang::Go => Some(&GO),
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => Some(&ECMASCRIPT),
            Lang::Python => Some(&PYTHON),
            Lang::Rust => Some(&RUST),
            _ => None,
        }
    }
}

/// A name declared with a type inside a range (a function, or the file).
struct Binding {
    scope: Range<usize>,
    name: String,
    type_name: String,
}

/// Reads name flow from a parsed tree.
pub(super) struct FlowReader<'t> {
    syntax: &'static FlowSyntax,
    text: &'t [u8],
    bindings: Vec<Binding>,
}

impl<'t> FlowReader<'t> {
    pub(super) fn new(lang: Lang, text: &'t [u8], root: Node) -> Option<FlowReader<'t>> {
        let syntax = lang.flow_syntax()?;
        let mut reader = FlowReader {
            syntax,
            text,
            bindings: Vec::new(),
        };
        reader.bindings = reader.read_bindings(root);
        Some(reader)
    }

    fn is(&self, node: Node, kinds: &[&str]) -> bool {
        kinds.contains(&node.kind())
    }

    fn is_receiver(&self, node: Node) -> bool {
        self.syntax.receivers.contains(&self.text_of(node))
    }

    fn text_of(&self, node: Node) -> &'t str {
        node_text(self.text, node)
    }

    fn read_bindings(&self, root: Node) -> Vec<Binding> {
        let mut bindings = Vec::new();
        visit(root, &mut |node| {
            let kind = node.kind();
            let declares = self.syntax.typed.iter().any(|t| t.0 == kind)
                || self.syntax.assignments.iter().any(|a| a.0 == kind);
            if !declares {
                return;
            }
            let scope = self
                .enclosing_function(node)
                .map_or(0..self.text.len(), |f| f.byte_range());
            for &(kind, name_field, type_field) in self.syntax.typed {
                if node.kind() != kind {
                    continue;
                }
                let Some(type_node) = node.child_by_field_name(type_field) else {
                    continue;
                };
                for name in self.declared_names(node, name_field) {
                    bindings.push(Binding {
                        scope: scope.clone(),
                        name: self.text_of(name).to_string(),
                        type_name: type_name(self.text_of(type_node)),
                    });
                }
            }
            // `c := &Conversation{...}`, `x = Invoice(...)`, `new Store()`.
            for &(kind, target, value) in self.syntax.assignments {
                if node.kind() != kind {
                    continue;
                }
                let (Some(target), Some(value)) = (
                    node.child_by_field_name(target),
                    node.child_by_field_name(value),
                ) else {
                    continue;
                };
                for (target, value) in pairs(target, value) {
                    let target = self.unwrap(target);
                    if !self.is(target, self.syntax.identifiers) {
                        continue;
                    }
                    if let Some(type_name) = self.literal_type(self.unwrap(value)) {
                        bindings.push(Binding {
                            scope: scope.clone(),
                            name: self.text_of(target).to_string(),
                            type_name,
                        });
                    }
                }
            }
        });
        bindings
    }

    /// The type a literal builds (`Conversation{}`, `Invoice(...)` when the
    /// callee is written as a type, `new Store()`).
    fn literal_type(&self, node: Node) -> Option<String> {
        let &(_, field) = self
            .syntax
            .typed_literals
            .iter()
            .find(|(kind, _)| *kind == node.kind())?;
        let type_node = node.child_by_field_name(field)?;
        if matches!(type_node.kind(), "map_type" | "slice_type" | "array_type") {
            return None;
        }
        let name = type_name(self.text_of(type_node));
        // A plain call builds a value of a type only when the callee is
        // written as a type name.
        let plain_call =
            node.kind() != "new_expression" && self.syntax.calls.iter().any(|c| c.0 == node.kind());
        let reads_as_type = name.starts_with(|c: char| c.is_ascii_uppercase());
        (!name.is_empty() && (!plain_call || reads_as_type)).then_some(name)
    }

    /// The names a declaration node declares under `field` (several in Go's
    /// `a, b string`); an empty field means its first identifier child.
    fn declared_names<'n>(&self, node: Node<'n>, field: &str) -> Vec<Node<'n>> {
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
                if n.kind() == "expression_list" || n.kind() == "pattern_list" {
                    let mut c = n.walk();
                    n.named_children(&mut c).collect::<Vec<_>>()
                } else {
                    vec![n]
                }
            })
            .filter(|n| self.is(*n, self.syntax.identifiers))
            .collect()
    }

    /// Strips nodes that stand for their operand.
    fn unwrap<'n>(&self, mut node: Node<'n>) -> Node<'n> {
        while self.is(node, self.syntax.wrappers) {
            let inner = node
                .child_by_field_name("operand")
                .or_else(|| node.child_by_field_name("value"))
                .or_else(|| node.named_child(0));
            match inner {
                Some(inner) => node = inner,
                None => break,
            }
        }
        node
    }

    fn enclosing_function<'n>(&self, node: Node<'n>) -> Option<Node<'n>> {
        let mut current = node.parent();
        while let Some(n) = current {
            if self.syntax.functions.iter().any(|f| f.0 == n.kind())
                && self.function_name(n).is_some()
            {
                return Some(n);
            }
            current = n.parent();
        }
        None
    }

    fn enclosing_type(&self, node: Node) -> Option<String> {
        let mut current = node.parent();
        while let Some(n) = current {
            if let Some(&(_, field)) = self.syntax.types.iter().find(|t| t.0 == n.kind()) {
                return n
                    .child_by_field_name(field)
                    .map(|t| type_name(self.text_of(t)));
            }
            // A Go method's type is its receiver's.
            if n.kind() == "method_declaration" {
                return n
                    .child_by_field_name("receiver")
                    .and_then(|r| r.named_child(0))
                    .and_then(|p| p.child_by_field_name("type"))
                    .map(|t| type_name(self.text_of(t)));
            }
            current = n.parent();
        }
        None
    }

    /// A function's name, qualified by its type (`Store.Save`); lambdas take
    /// the name of the declaration that holds them.
    fn function_name(&self, function: Node) -> Option<String> {
        let &(_, name_field, _) = self
            .syntax
            .functions
            .iter()
            .find(|f| f.0 == function.kind())?;
        let name = if self.is(function, self.syntax.lambdas) {
            let holder = function.parent()?;
            let &(_, target, _) = self
                .syntax
                .assignments
                .iter()
                .find(|a| a.0 == holder.kind())?;
            self.text_of(holder.child_by_field_name(target)?)
        } else {
            self.text_of(function.child_by_field_name(name_field)?)
        };
        Some(match self.enclosing_type(function) {
            Some(owner) => format!("{owner}.{name}"),
            None => name.to_string(),
        })
    }

    /// The type of a value named `operand` at its place, when declared.
    fn type_of(&self, operand: Node) -> Option<String> {
        let operand = self.unwrap(operand);
        if self.is_receiver(operand) {
            return self.enclosing_type(operand);
        }
        if !self.is(operand, self.syntax.identifiers) {
            return None;
        }
        let name = self.text_of(operand);
        let at = operand.start_byte();
        self.bindings
            .iter()
            .filter(|b| b.name == name && b.scope.contains(&at))
            .min_by_key(|b| b.scope.len())
            .map(|b| b.type_name.clone())
    }

    /// The name a node of an expression or declaration stands for.
    pub(super) fn name_of(&self, node: Node) -> Option<Name> {
        let node = self.unwrap(node);
        let parent = node.parent();
        // The member part of `a.b` stands for the whole access.
        if let Some(parent) = parent {
            if let Some(&(_, _, member)) = self.syntax.members.iter().find(|m| m.0 == parent.kind())
            {
                if parent.child_by_field_name(member) == Some(node) {
                    return self.name_of(parent);
                }
            }
        }
        if let Some(&(_, object, member)) = self.syntax.members.iter().find(|m| m.0 == node.kind())
        {
            let member = node.child_by_field_name(member)?;
            return Some(Name::Field {
                owner: node
                    .child_by_field_name(object)
                    .and_then(|o| self.type_of(o)),
                name: self.text_of(member).to_string(),
                offset: member.start_byte(),
            });
        }
        if self.is(node, self.syntax.strings) {
            let content = string_content(self.text, node.byte_range());
            let key = String::from_utf8_lossy(&self.text[content]).into_owned();
            return Some(Name::Key {
                offset: node.start_byte(),
                key,
            });
        }
        if let Some(key) = self.keyed_lookup(node) {
            return Some(key);
        }
        if !self.is(node, self.syntax.identifiers) || self.is_receiver(node) {
            return None;
        }
        let name = self.text_of(node).to_string();
        if let Some(parent) = parent {
            if parent.kind() == "keyword_argument"
                && parent.child_by_field_name("name") == Some(node)
            {
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
        Some(match self.enclosing_function(node) {
            Some(function) => Name::Local {
                function: self.function_name(function)?,
                name,
            },
            None => Name::Global { name },
        })
    }

    /// A field where it is declared: in a field declaration, or assigned
    /// directly in a Python class body.
    fn field_declared(&self, node: Node, parent: Node, name: &str) -> Option<Name> {
        let declared = (self.is(parent, self.syntax.field_declarations)
            && parent.child_by_field_name("name") == Some(node))
            || (self.syntax.class_bodies
                && parent.kind() == "assignment"
                && parent.child_by_field_name("left") == Some(node)
                && parent
                    .parent()
                    .and_then(|s| s.parent())
                    .and_then(|b| b.parent())
                    .is_some_and(|c| c.kind() == "class_definition"));
        declared.then(|| Name::Field {
            owner: self.enclosing_type(node),
            name: name.to_string(),
            offset: node.start_byte(),
        })
    }

    /// The key of a keyed element: a field of the literal's type when it
    /// has one, else a literal key.
    fn key_of_literal(&self, node: Node, parent: Node, name: &str) -> Option<Name> {
        let keyed = [parent, parent.parent()?].into_iter().find(|k| {
            self.syntax.keyed.iter().any(|&(kind, key, _)| {
                k.kind() == kind && is_within(node, k.child_by_field_name(key))
            })
        });
        let keyed = keyed?;
        let owner = keyed
            .parent()
            .into_iter()
            .chain(keyed.parent().and_then(|p| p.parent()))
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
            parent.kind() == kind && parent.child_by_field_name(name) == Some(node)
        }) || self.syntax.calls.iter().any(|&(kind, function, _)| {
            parent.kind() == kind && parent.child_by_field_name(function) == Some(node)
        })
    }

    /// A call with one string argument reads a value by key
    /// (`Query().Get("run_id")`, `searchParams.get("runId")`): it stands
    /// for the key.
    fn keyed_lookup(&self, node: Node) -> Option<Name> {
        let &(_, _, arguments) = self.syntax.calls.iter().find(|c| c.0 == node.kind())?;
        let args = node.child_by_field_name(arguments)?;
        let mut cursor = args.walk();
        let named: Vec<Node> = args
            .named_children(&mut cursor)
            .filter(|n| !n.is_extra())
            .collect();
        match named.as_slice() {
            [only] if self.is(*only, self.syntax.strings) => {
                let key = self.name_of(*only)?;
                is_key_like(key.text()).then_some(key)
            }
            _ => None,
        }
    }

    /// The name a hit (a byte range) stands for: the name or string literal
    /// that holds it.
    pub(super) fn name_at(&self, root: Node, hit: &Range<usize>) -> Option<Name> {
        let mut node = root.descendant_for_byte_range(hit.start, hit.end)?;
        for _ in 0..3 {
            if self.is(node, self.syntax.identifiers) || self.is(node, self.syntax.strings) {
                return self.name_of(node);
            }
            node = node.parent()?;
        }
        None
    }

    /// Everything the tree says about name flow.
    pub(super) fn read(&self, root: Node) -> FileFlow {
        let mut flow = FileFlow::default();
        visit(root, &mut |node| self.read_node(node, &mut flow));
        flow
    }

    fn read_node(&self, node: Node, flow: &mut FileFlow) {
        let kind = node.kind();
        let mut push = |from: Option<Name>, into: Option<Name>, kind: FlowKind, at: Node| {
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
        };
        for &(k, target, value) in self.syntax.assignments {
            if kind != k {
                continue;
            }
            if let (Some(t), Some(v)) = (
                node.child_by_field_name(target),
                node.child_by_field_name(value),
            ) {
                for (t, v) in pairs(t, v) {
                    push(self.name_of(v), self.name_of(t), FlowKind::Assignment, node);
                }
            }
        }
        for &(k, key, value) in self.syntax.keyed {
            if kind != k {
                continue;
            }
            if let (Some(key), Some(value)) = (
                node.child_by_field_name(key),
                node.child_by_field_name(value),
            ) {
                push(
                    self.name_of(value),
                    self.key_name(key),
                    FlowKind::Keyed,
                    node,
                );
            }
        }
        if self.is(node, self.syntax.comparisons) && is_equality(self.text, node) {
            let mut cursor = node.walk();
            let operands: Vec<Node> = node
                .named_children(&mut cursor)
                .filter(|n| !n.is_extra())
                .collect();
            if let [a, b] = operands.as_slice() {
                push(
                    self.name_of(*a),
                    self.name_of(*b),
                    FlowKind::Comparison,
                    node,
                );
            }
        }
        if let Some(&(_, function, arguments)) = self.syntax.calls.iter().find(|c| c.0 == kind) {
            if let (Some(callee), Some(args)) = (
                node.child_by_field_name(function),
                node.child_by_field_name(arguments),
            ) {
                self.read_call(node, callee, args, flow);
            }
        }
        if let Some(&(_, _, params)) = self.syntax.functions.iter().find(|f| f.0 == kind) {
            if let (Some(name), Some(params)) =
                (self.function_name(node), node.child_by_field_name(params))
            {
                let mut cursor = params.walk();
                let params = params
                    .named_children(&mut cursor)
                    .filter_map(|p| self.parameter_name(p))
                    .filter(|p| !self.is_receiver(*p))
                    .map(|p| Name::Local {
                        function: name.clone(),
                        name: self.text_of(p).to_string(),
                    })
                    .collect();
                flow.functions.push(FunctionDef { name, params });
            }
        }
        if self.is(node, self.syntax.field_declarations) {
            let owner = self.enclosing_type(node);
            let mut cursor = node.walk();
            let names: Vec<Node> = node.children_by_field_name("name", &mut cursor).collect();
            for name in names {
                let Some(owner) = owner.clone() else { continue };
                let field = self.text_of(name).to_string();
                if let Some(tag) = node.child_by_field_name("tag") {
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
                    owner,
                    name: field,
                    offset: name.start_byte(),
                });
            }
        }
        if self.syntax.class_bodies && kind == "assignment" {
            if let Some(Name::Field {
                owner: Some(owner),
                name,
                offset,
            }) = node
                .child_by_field_name("left")
                .and_then(|l| self.name_of(l))
                .filter(|n| matches!(n, Name::Field { .. }))
            {
                flow.fields.push(FieldDecl {
                    owner,
                    name,
                    offset,
                });
            }
        }
    }

    /// The name a key of a keyed element stands for (a string key is a
    /// literal key, an identifier a field or a key).
    fn key_name(&self, key: Node) -> Option<Name> {
        let key = self.unwrap(key);
        (self.is(key, self.syntax.strings) || self.is(key, self.syntax.identifiers))
            .then(|| self.name_of(key))
            .flatten()
    }

    fn parameter_name<'n>(&self, param: Node<'n>) -> Option<Node<'n>> {
        if self.is(param, self.syntax.identifiers) {
            return Some(param);
        }
        ["name", "pattern"]
            .iter()
            .find_map(|f| param.child_by_field_name(f))
            .filter(|n| self.is(*n, self.syntax.identifiers))
            .or_else(|| {
                let mut cursor = param.walk();
                let first = param
                    .named_children(&mut cursor)
                    .find(|c| self.is(*c, self.syntax.identifiers));
                first
            })
    }

    fn read_call(&self, call: Node, callee: Node, args: Node, flow: &mut FileFlow) {
        let callee_name = match self.syntax.members.iter().find(|m| m.0 == callee.kind()) {
            Some(&(_, _, member)) => callee.child_by_field_name(member),
            None => Some(callee),
        };
        let Some(callee_name) = callee_name.filter(|c| self.is(*c, self.syntax.identifiers)) else {
            return;
        };
        let mut cursor = args.walk();
        let arg_nodes: Vec<Node> = args
            .named_children(&mut cursor)
            .filter(|n| !n.is_extra())
            .collect();
        let mut list = Vec::with_capacity(arg_nodes.len());
        for (i, &arg) in arg_nodes.iter().enumerate() {
            let (keyword, value) = if arg.kind() == "keyword_argument" {
                let name = arg.child_by_field_name("name");
                (
                    name.map(|n| (self.text_of(n).to_string(), n.start_byte())),
                    arg.child_by_field_name("value"),
                )
            } else {
                (None, Some(arg))
            };
            let Some(value) = value else { continue };
            let value = self.unwrap(value);
            if let (Some((key, at)), Some(from)) = (&keyword, self.name_of(value)) {
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
            let string = self.is(value, self.syntax.strings).then(|| {
                let content = string_content(self.text, value.byte_range());
                String::from_utf8_lossy(&self.text[content]).into_owned()
            });
            // A key-like string followed by a value names that value
            // (`.Str("run_id", id)`, `params.set("runId", id)`).
            if let (Some(key), Some(&next)) = (&string, arg_nodes.get(i + 1)) {
                if is_key_like(key) && next.kind() != "keyword_argument" {
                    if let (Some(from), Some(into)) = (self.name_of(next), self.name_of(value)) {
                        flow.flows.push(Flow {
                            from,
                            into,
                            kind: FlowKind::Keyed,
                            offset: value.start_byte(),
                        });
                    }
                }
            }
            list.push(Arg {
                keyword,
                name: self.name_of(value),
                string,
                offset: arg.start_byte(),
            });
        }
        flow.calls.push(Call {
            callee: self.text_of(callee_name).to_string(),
            offset: call.start_byte(),
            args: list,
        });
    }
}

/// Visits every node under `root`, parents first.
fn visit<'n>(root: Node<'n>, f: &mut impl FnMut(Node<'n>)) {
    let mut cursor = root.walk();
    loop {
        f(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

fn is_within(node: Node, outer: Option<Node>) -> bool {
    outer.is_some_and(|o| o.start_byte() <= node.start_byte() && node.end_byte() <= o.end_byte())
}

/// The pairs of an assignment: `a, b = x, y` pairs by position.
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
            } else {
                Vec::new()
            }
        }
        (true, false) => match children(target).as_slice() {
            [only] => vec![(*only, value)],
            _ => Vec::new(),
        },
        (false, true) => match children(value).as_slice() {
            [only] => vec![(target, *only)],
            _ => Vec::new(),
        },
        (false, false) => vec![(target, value)],
    }
}

/// Whether a binary node compares for (in)equality.
fn is_equality(text: &[u8], node: Node) -> bool {
    let mut cursor = node.walk();
    let found = node
        .children(&mut cursor)
        .any(|c| !c.is_named() && matches!(&text[c.byte_range()], b"==" | b"!=" | b"===" | b"!=="));
    found
}

/// A name as keys are written: identifier bytes and `-`, `.`, nothing else.
fn is_key_like(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The bare name of a written type: `*pb.Conversation` -> `Conversation`,
/// `Vec<Entry>` -> `Vec`, `Optional[str]` -> `Optional`.
fn type_name(written: &str) -> String {
    let trimmed = written
        .trim_start_matches(['*', '&', '[', ']', ':', ' '])
        .trim_start_matches("mut ");
    let end = trimmed
        .find(['<', '[', '(', '{', ' ', '|'])
        .unwrap_or(trimmed.len());
    let path = &trimmed[..end];
    path.rsplit(['.', ':']).next().unwrap_or(path).to_string()
}

/// The keys of a Go struct tag: `json:"run_id,omitempty" db:"run_id"` gives
/// `run_id` once.
fn tag_keys(tag: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut rest = tag.trim_matches('`');
    while let Some(open) = rest.find(":\"") {
        let after = &rest[open + 2..];
        let Some(close) = after.find('"') else { break };
        let value = &after[..close];
        let name = value.split(',').next().unwrap_or("");
        if is_key_like(name) && !keys.iter().any(|k| k == name) {
            keys.push(name.to_string());
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
    fn tag_keys_are_the_names_of_each_value() {
        assert_eq!(
            tag_keys(r#"`json:"run_id,omitempty" db:"run_id" doc:"the run"`"#),
            vec!["run_id"]
        );
    }
}
