//! The node kinds of each language that take part in name flow, and the
//! call idioms the walk knows by name (collections, escaping, membership).

use crate::syntax::Lang;

/// The node kinds of one language that take part in name flow.
pub(super) struct FlowSyntax {
    pub(super) identifiers: &'static [&'static str],
    /// (kind, object field, member field).
    pub(super) members: &'static [(&'static str, &'static str, &'static str)],
    pub(super) strings: &'static [&'static str],
    /// Strings with interpolated values: (kind, kind of an interpolation).
    pub(super) templates: &'static [(&'static str, &'static str)],
    /// Nodes that stand for their operand (`(x)`, `&x`, `await x`, `a[i]`,
    /// `...xs`).
    pub(super) wrappers: &'static [&'static str],
    /// (kind, target field, value field).
    pub(super) assignments: &'static [(&'static str, &'static str, &'static str)],
    /// (kind, key field, value field).
    pub(super) keyed: &'static [(&'static str, &'static str, &'static str)],
    /// Literal bodies that hold keyed elements.
    pub(super) literal_bodies: &'static [&'static str],
    /// Binary operators (comparison, `??`, `||`, `+`).
    pub(super) binaries: &'static [&'static str],
    /// Conditional expressions: (kind, consequence field, alternative
    /// field); empty fields mean the first and last named children.
    pub(super) conditionals: &'static [(&'static str, &'static str, &'static str)],
    /// Literals whose elements are their value (`[a, b]`, `[]T{a, b}`).
    pub(super) collections: &'static [&'static str],
    /// Functions whose result holds every argument (`append`).
    pub(super) collectors: &'static [&'static str],
    /// (kind, function field, arguments field).
    pub(super) calls: &'static [(&'static str, &'static str, &'static str)],
    /// (kind, name field, parameters field).
    pub(super) functions: &'static [(&'static str, &'static str, &'static str)],
    /// Anonymous functions, named by the declaration that holds them.
    pub(super) lambdas: &'static [&'static str],
    pub(super) returns: &'static [&'static str],
    /// Loops over a collection: (kind, element field, collection field).
    pub(super) loops: &'static [(&'static str, &'static str, &'static str)],
    /// (kind, name field) of types that own fields and methods.
    pub(super) types: &'static [(&'static str, &'static str)],
    /// Field declarations, with the field that holds their type.
    pub(super) field_declarations: &'static [(&'static str, &'static str)],
    /// (kind, name field, type field) of names declared with a type.
    pub(super) typed: &'static [(&'static str, &'static str, &'static str)],
    /// Literals that build a value of a named type: (kind, type field).
    pub(super) typed_literals: &'static [(&'static str, &'static str)],
    /// Destructuring patterns: (pattern kind, shorthand kind, pair kind).
    pub(super) destructuring: &'static [(&'static str, &'static str, &'static str)],
    /// `<a key={value}>` attributes.
    pub(super) attributes: &'static [&'static str],
    /// Markup elements whose text speaks of the values shown in them.
    pub(super) markup: &'static [(&'static str, &'static str, &'static str)],
    /// The receiver inside a method, as written (`this`, `self`).
    pub(super) receivers: &'static [&'static str],
    /// Class bodies whose direct assignments declare fields (Python).
    pub(super) class_bodies: bool,
}

const GO: FlowSyntax = FlowSyntax {
    identifiers: &["identifier", "field_identifier"],
    members: &[("selector_expression", "operand", "field")],
    strings: &["interpreted_string_literal", "raw_string_literal"],
    templates: &[],
    wrappers: &[
        "parenthesized_expression",
        "unary_expression",
        "literal_element",
        "index_expression",
        "type_conversion_expression",
    ],
    assignments: &[
        ("assignment_statement", "left", "right"),
        ("short_var_declaration", "left", "right"),
        ("var_spec", "name", "value"),
        ("const_spec", "name", "value"),
    ],
    keyed: &[("keyed_element", "key", "value")],
    literal_bodies: &["literal_value"],
    binaries: &["binary_expression"],
    conditionals: &[],
    collections: &["literal_value"],
    collectors: &["append"],
    calls: &[("call_expression", "function", "arguments")],
    functions: &[
        ("function_declaration", "name", "parameters"),
        ("method_declaration", "name", "parameters"),
        ("func_literal", "", "parameters"),
    ],
    lambdas: &[],
    returns: &["return_statement"],
    loops: &[("range_clause", "left", "right")],
    types: &[("type_spec", "name")],
    field_declarations: &[("field_declaration", "type")],
    typed: &[
        ("parameter_declaration", "name", "type"),
        ("var_spec", "name", "type"),
    ],
    typed_literals: &[("composite_literal", "type")],
    destructuring: &[],
    attributes: &[],
    markup: &[],
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
    strings: &["string", "template_string", "jsx_text"],
    templates: &[("template_string", "template_substitution")],
    wrappers: &[
        "parenthesized_expression",
        "await_expression",
        "non_null_expression",
        "as_expression",
        "satisfies_expression",
        "subscript_expression",
        "spread_element",
        "jsx_expression",
    ],
    assignments: &[
        ("variable_declarator", "name", "value"),
        ("assignment_expression", "left", "right"),
    ],
    keyed: &[("pair", "key", "value")],
    literal_bodies: &["object"],
    binaries: &["binary_expression"],
    conditionals: &[("ternary_expression", "consequence", "alternative")],
    collections: &["array"],
    collectors: &[],
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
    returns: &["return_statement"],
    loops: &[("for_in_statement", "left", "right")],
    types: &[
        ("interface_declaration", "name"),
        ("class_declaration", "name"),
        ("type_alias_declaration", "name"),
    ],
    field_declarations: &[
        ("property_signature", "type"),
        ("public_field_definition", "type"),
    ],
    typed: &[
        ("required_parameter", "pattern", "type"),
        ("optional_parameter", "pattern", "type"),
        ("variable_declarator", "name", "type"),
    ],
    typed_literals: &[("new_expression", "constructor")],
    destructuring: &[(
        "object_pattern",
        "shorthand_property_identifier_pattern",
        "pair_pattern",
    )],
    attributes: &["jsx_attribute"],
    markup: &[("jsx_element", "jsx_text", "jsx_expression")],
    receivers: &["this"],
    class_bodies: false,
};

const PYTHON: FlowSyntax = FlowSyntax {
    identifiers: &["identifier"],
    members: &[("attribute", "object", "attribute")],
    strings: &["string"],
    templates: &[("string", "interpolation")],
    wrappers: &[
        "parenthesized_expression",
        "await",
        "subscript",
        "list_splat",
    ],
    assignments: &[("assignment", "left", "right")],
    keyed: &[("pair", "key", "value")],
    literal_bodies: &["dictionary"],
    binaries: &["comparison_operator", "boolean_operator", "binary_operator"],
    conditionals: &[("conditional_expression", "", "")],
    collections: &["list", "tuple", "set"],
    collectors: &[],
    calls: &[("call", "function", "arguments")],
    functions: &[("function_definition", "name", "parameters")],
    lambdas: &[],
    returns: &["return_statement"],
    loops: &[
        ("for_statement", "left", "right"),
        ("for_in_clause", "left", "right"),
    ],
    types: &[("class_definition", "name")],
    field_declarations: &[],
    typed: &[
        ("typed_parameter", "", "type"),
        ("typed_default_parameter", "name", "type"),
        ("assignment", "left", "type"),
    ],
    typed_literals: &[("call", "function")],
    destructuring: &[],
    attributes: &[],
    markup: &[],
    receivers: &["self", "cls"],
    class_bodies: true,
};

const RUST: FlowSyntax = FlowSyntax {
    identifiers: &[
        "identifier",
        "field_identifier",
        "shorthand_field_identifier",
        "type_identifier",
    ],
    members: &[
        ("field_expression", "value", "field"),
        ("scoped_identifier", "path", "name"),
    ],
    strings: &["string_literal", "raw_string_literal"],
    templates: &[],
    wrappers: &[
        "parenthesized_expression",
        "reference_expression",
        "try_expression",
        "unary_expression",
        "shorthand_field_initializer",
        "index_expression",
    ],
    assignments: &[
        ("let_declaration", "pattern", "value"),
        ("assignment_expression", "left", "right"),
        ("const_item", "name", "value"),
        ("static_item", "name", "value"),
    ],
    keyed: &[("field_initializer", "field", "value")],
    literal_bodies: &["field_initializer_list"],
    binaries: &["binary_expression"],
    conditionals: &[],
    collections: &["array_expression"],
    collectors: &[],
    calls: &[("call_expression", "function", "arguments")],
    functions: &[("function_item", "name", "parameters")],
    lambdas: &["closure_expression"],
    returns: &["return_expression"],
    loops: &[("for_expression", "pattern", "value")],
    types: &[
        ("struct_item", "name"),
        ("enum_item", "name"),
        ("impl_item", "type"),
    ],
    field_declarations: &[("field_declaration", "type"), ("enum_variant", "body")],
    typed: &[
        ("parameter", "pattern", "type"),
        ("let_declaration", "pattern", "type"),
    ],
    typed_literals: &[("struct_expression", "name")],
    destructuring: &[],
    attributes: &[],
    markup: &[],
    receivers: &["self"],
    class_bodies: false,
};

/// Methods that put their arguments into the receiving collection.
#[rustfmt::skip]
pub(super) const ADDERS: &[&str] = &[
    "push", "append", "add", "insert", "extend", "unshift", "push_back", "push_front",
];

/// Methods that test whether the receiver holds their argument.
pub(super) const MEMBERSHIP: &[&str] = &["includes", "has", "contains", "contains_key", "indexOf"];

/// Calls that return their argument (or receiver) as another value of the
/// same thing: escaping, copying, converting to text, trimming.
#[rustfmt::skip]
pub(super) const PASSTHROUGH: &[&str] = &[
    "encodeURIComponent", "encodeURI", "decodeURIComponent", "String", "str", "PathEscape",
    "QueryEscape", "TrimSpace", "toString", "to_string", "to_owned", "clone", "into", "as_str",
    "as_ref", "trim", "strip", "unwrap", "expect",
];

/// Methods whose result holds the elements of their receiver.
#[rustfmt::skip]
pub(super) const ELEMENT_PRESERVING: &[&str] = &[
    "iter", "into_iter", "iter_mut", "values", "filter", "slice", "sorted", "reversed",
];

impl Lang {
    pub(super) fn flow_syntax(self) -> Option<&'static FlowSyntax> {
        match self {
            Lang::Go => Some(&GO),
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => Some(&ECMASCRIPT),
            Lang::Python => Some(&PYTHON),
            Lang::Rust => Some(&RUST),
            _ => None,
        }
    }
}
