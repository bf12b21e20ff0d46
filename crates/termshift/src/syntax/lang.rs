//! Languages: recognised by file name, or by the info string of a Markdown
//! code fence, each with its grammar and its role query.
//!
//! Adding a language is a grammar, a `queries/<lang>.scm` file and a [`Lang`]
//! entry. What the other stages must know of a language's syntax lives
//! here as tables, so no grammar knowledge leaks into them: how its
//! top-level items are laid out ([`Lang::layout`]: a closing bracket at
//! column 0, a dedent, a `;` line, a Markdown heading outside a fence), its
//! scopes and sequences for the plan (`scope_containers`,
//! `sequence_containers`, `binds_by_position`) and the node kinds a rewrite
//! asks about (`edit_kinds`).
//!
//! A [`Grammar`] is built once per process ([`Lang::grammar`]): its role
//! query compiled, capture names resolved to a [`Capture`] once, and its
//! field ids by name and kinds' names by id kept, since tree-sitter's own
//! calls compare a field name with every field's and measure a kind's C
//! string each time. The flow and SQL readers ask a node for a field or its
//! kind through them.

use std::num::NonZeroU16;
use std::path::Path;
use std::sync::OnceLock;

use foldhash::HashMap;
use tree_sitter::{Language, Node, Query};

use super::Role;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    Go,
    TypeScript,
    Tsx,
    JavaScript,
    Proto,
    Sql,
    Markdown,
    Python,
    Rust,
    Yaml,
    Json,
    /// Any other text file: words only, no grammar.
    Text,
}

pub const PARSED: [Lang; 11] = [
    Lang::Go,
    Lang::TypeScript,
    Lang::Tsx,
    Lang::JavaScript,
    Lang::Proto,
    Lang::Sql,
    Lang::Markdown,
    Lang::Python,
    Lang::Rust,
    Lang::Yaml,
    Lang::Json,
];

impl Lang {
    pub fn name(self) -> &'static str {
        match self {
            Lang::Go => "go",
            Lang::TypeScript => "typescript",
            Lang::Tsx => "tsx",
            Lang::JavaScript => "javascript",
            Lang::Proto => "proto",
            Lang::Sql => "sql",
            Lang::Markdown => "markdown",
            Lang::Python => "python",
            Lang::Rust => "rust",
            Lang::Yaml => "yaml",
            Lang::Json => "json",
            Lang::Text => "text",
        }
    }

    /// The language of a file, from its extension.
    pub fn from_path(path: &Path) -> Lang {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("go") => Lang::Go,
            Some("ts" | "mts" | "cts") => Lang::TypeScript,
            Some("tsx") => Lang::Tsx,
            Some("js" | "mjs" | "cjs" | "jsx") => Lang::JavaScript,
            Some("proto") => Lang::Proto,
            Some("sql") => Lang::Sql,
            Some("md" | "markdown") => Lang::Markdown,
            Some("py" | "pyi") => Lang::Python,
            Some("rs") => Lang::Rust,
            Some("yaml" | "yml") => Lang::Yaml,
            Some("json") => Lang::Json,
            _ => Lang::Text,
        }
    }

    /// The language named by a Markdown fence's info string (```go).
    pub fn from_fence(info: &str) -> Option<Lang> {
        let name = info.split([' ', ',', '{']).next()?.to_ascii_lowercase();
        Some(match name.as_str() {
            "go" | "golang" => Lang::Go,
            "ts" | "typescript" => Lang::TypeScript,
            "tsx" => Lang::Tsx,
            "js" | "javascript" | "jsx" => Lang::JavaScript,
            "proto" | "protobuf" => Lang::Proto,
            "sql" | "sqlite" | "postgres" | "postgresql" => Lang::Sql,
            "md" | "markdown" => Lang::Markdown,
            "py" | "python" => Lang::Python,
            "rs" | "rust" => Lang::Rust,
            "yaml" | "yml" => Lang::Yaml,
            "json" | "jsonc" => Lang::Json,
            "" => return None,
            _ => Lang::Text,
        })
    }

    /// The grammar and role query, built once per process.
    pub fn grammar(self) -> Option<&'static Grammar> {
        static GRAMMARS: [OnceLock<Grammar>; 11] = [const { OnceLock::new() }; 11];
        let index = PARSED.iter().position(|&l| l == self)?;
        Some(GRAMMARS[index].get_or_init(|| Grammar::new(self)))
    }

    /// Whether string literals of this language may hold SQL worth parsing.
    pub fn strings_may_hold_sql(self) -> bool {
        matches!(
            self,
            Lang::Go | Lang::TypeScript | Lang::Tsx | Lang::JavaScript | Lang::Python | Lang::Rust
        )
    }

    /// Whether reading a field can run code (properties, getters), so that
    /// a field named like a method is still read as a field.
    pub fn has_computed_fields(self) -> bool {
        matches!(
            self,
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript | Lang::Python
        )
    }

    /// Nodes whose children are the entries of one scope, where two entries
    /// must not share a name: fields of a type, keys of a literal,
    /// parameters, columns of a table.
    pub fn scope_containers(self) -> &'static [&'static str] {
        match self {
            Lang::Go => &[
                "field_declaration_list",
                "literal_value",
                "parameter_list",
                "const_declaration",
                "var_declaration",
            ],
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => &[
                "object",
                "object_type",
                "interface_body",
                "formal_parameters",
                "object_pattern",
                "class_body",
                "enum_body",
            ],
            Lang::Python => &["dictionary", "parameters", "argument_list"],
            Lang::Rust => &[
                "field_declaration_list",
                "field_initializer_list",
                "parameters",
                "enum_variant_list",
            ],
            Lang::Proto => &["message_body", "enum_body"],
            Lang::Sql => &["column_definitions", "list", "select_expression"],
            Lang::Json => &["object"],
            Lang::Yaml => &["block_mapping", "flow_mapping"],
            Lang::Markdown | Lang::Text => &[],
        }
    }

    /// The node kinds a rewrite asks about (see [`EditKinds`]).
    pub fn edit_kinds(self) -> &'static EditKinds {
        const NONE: EditKinds = EditKinds {
            parameter_lists: &[],
            attributes: &[],
            assignments: &[],
            calls: &[],
            expression_slots: &[],
            fallback: None,
        };
        match self {
            Lang::Go => &EditKinds {
                parameter_lists: &["parameter_list"],
                attributes: &[],
                assignments: &["assignment_statement"],
                calls: &["call_expression"],
                expression_slots: &[],
                fallback: None,
            },
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => &EditKinds {
                parameter_lists: &["formal_parameters"],
                attributes: &["decorator"],
                assignments: &["assignment_expression"],
                calls: &["call_expression"],
                expression_slots: &[
                    "variable_declarator",
                    "assignment_expression",
                    "return_statement",
                    "arguments",
                    "pair",
                ],
                fallback: Some("??"),
            },
            Lang::Python => &EditKinds {
                parameter_lists: &["parameters", "lambda_parameters"],
                attributes: &["decorator"],
                assignments: &["assignment"],
                calls: &["call"],
                expression_slots: &[
                    "assignment",
                    "return_statement",
                    "argument_list",
                    "pair",
                    "keyword_argument",
                ],
                fallback: Some("or"),
            },
            Lang::Rust => &EditKinds {
                parameter_lists: &["parameters", "closure_parameters"],
                attributes: &["attribute_item"],
                assignments: &["assignment_expression"],
                calls: &["call_expression"],
                expression_slots: &[],
                fallback: None,
            },
            Lang::Sql => &EditKinds {
                assignments: &["assignment"],
                ..NONE
            },
            Lang::Proto | Lang::Markdown | Lang::Yaml | Lang::Json | Lang::Text => &NONE,
        }
    }

    /// Whether a container's entries are bound by position to values
    /// elsewhere (an SQL column list and its `VALUES`, a select list and
    /// the variables a row is scanned into).
    pub fn binds_by_position(self, container: &str) -> bool {
        self == Lang::Sql && matches!(container, "list" | "select_expression")
    }

    /// Nodes that open a function's scope of locals: declarations, methods
    /// and function literals or closures (two closures of one method keep
    /// their locals apart).
    pub fn function_scopes(self) -> &'static [&'static str] {
        match self {
            Lang::Go => &["function_declaration", "method_declaration", "func_literal"],
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => &[
                "function_declaration",
                "function_expression",
                "arrow_function",
                "method_definition",
                "generator_function_declaration",
                "generator_function",
            ],
            Lang::Python => &["function_definition", "lambda"],
            Lang::Rust => &["function_item", "closure_expression"],
            Lang::Proto | Lang::Sql | Lang::Markdown | Lang::Yaml | Lang::Json | Lang::Text => &[],
        }
    }

    /// Nodes whose children are statements or elements in sequence (a
    /// block, a list, a `const (...)` group): an entry that a rename makes
    /// equal to the one beside it is a duplicate.
    pub fn sequence_containers(self) -> &'static [&'static str] {
        match self {
            Lang::Go => &["statement_list", "source_file"],
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => {
                &["statement_block", "array", "program", "switch_body"]
            }
            Lang::Python => &["block", "list", "module"],
            Lang::Rust => &["block", "array_expression", "source_file"],
            Lang::Proto | Lang::Sql => &["source_file", "program"],
            Lang::Json => &["array"],
            Lang::Yaml => &["block_sequence", "flow_sequence"],
            Lang::Markdown | Lang::Text => &[],
        }
    }

    /// Whether `name` can stand as an identifier of this language: the
    /// identifier characters and no reserved word.
    pub fn is_identifier(self, name: &str) -> bool {
        let mut bytes = name.bytes();
        let first_ok = bytes.next().is_some_and(|b| {
            b.is_ascii_alphabetic() || b == b'_' || (b == b'$' && self.is_ecmascript())
        });
        let rest_ok = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || (b == b'$' && self.is_ecmascript()));
        let reserved = self.reserved_words().iter().any(|w| match self {
            Lang::Sql => w.eq_ignore_ascii_case(name),
            _ => *w == name,
        });
        first_ok && rest_ok && !reserved
    }

    fn is_ecmascript(self) -> bool {
        matches!(self, Lang::TypeScript | Lang::Tsx | Lang::JavaScript)
    }

    fn reserved_words(self) -> &'static [&'static str] {
        match self {
            Lang::Go => &[
                "break",
                "case",
                "chan",
                "const",
                "continue",
                "default",
                "defer",
                "else",
                "fallthrough",
                "for",
                "func",
                "go",
                "goto",
                "if",
                "import",
                "interface",
                "map",
                "package",
                "range",
                "return",
                "select",
                "struct",
                "switch",
                "type",
                "var",
            ],
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => &[
                "break",
                "case",
                "catch",
                "class",
                "const",
                "continue",
                "debugger",
                "default",
                "delete",
                "do",
                "else",
                "enum",
                "export",
                "extends",
                "false",
                "finally",
                "for",
                "function",
                "if",
                "import",
                "in",
                "instanceof",
                "new",
                "null",
                "return",
                "super",
                "switch",
                "this",
                "throw",
                "true",
                "try",
                "typeof",
                "var",
                "void",
                "while",
                "with",
                "let",
                "static",
                "yield",
                "await",
                "implements",
                "interface",
                "package",
                "private",
                "protected",
                "public",
            ],
            Lang::Python => &[
                "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
                "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
                "raise", "return", "try", "while", "with", "yield",
            ],
            Lang::Rust => &[
                "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else",
                "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match",
                "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct",
                "super", "trait", "true", "type", "unsafe", "use", "where", "while",
            ],
            Lang::Proto => &[
                "message", "enum", "service", "rpc", "returns", "option", "import",
            ],
            Lang::Sql => &[
                "select",
                "from",
                "where",
                "table",
                "index",
                "create",
                "drop",
                "insert",
                "update",
                "delete",
                "join",
                "on",
                "order",
                "group",
                "by",
                "primary",
                "key",
                "references",
                "values",
                "into",
                "set",
            ],
            Lang::Markdown | Lang::Yaml | Lang::Json | Lang::Text => &[],
        }
    }

    /// How top-level items are laid out, for parsing only the items that
    /// hold hits; `None` where the file is parsed whole.
    pub fn layout(self) -> Option<Layout> {
        match self {
            Lang::Go
            | Lang::TypeScript
            | Lang::Tsx
            | Lang::JavaScript
            | Lang::Rust
            | Lang::Proto => Some(Layout::Braces),
            Lang::Python => Some(Layout::Indentation),
            Lang::Sql => Some(Layout::Statements),
            Lang::Markdown => Some(Layout::Sections),
            Lang::Yaml | Lang::Json | Lang::Text => None,
        }
    }
}

/// Node kinds of one language that a rewrite needs to know.
pub struct EditKinds {
    /// Lists of a function's parameters: two entries never hold one value.
    pub parameter_lists: &'static [&'static str],
    /// Annotations that belong to the entry after them (`#[serde(..)]`).
    pub attributes: &'static [&'static str],
    /// `left = right`, with those field names.
    pub assignments: &'static [&'static str],
    pub calls: &'static [&'static str],
    /// Parents under which an expression can take a fallback (`a ?? b`)
    /// without parentheses.
    pub expression_slots: &'static [&'static str],
    /// The operator that falls back to its right side when the left one
    /// holds nothing, if the language has one.
    pub fallback: Option<&'static str>,
}

/// The layout of a language's top-level items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// An item ends with a closing bracket at column 0 (`}`, `)`, `});`).
    Braces,
    /// An item ends where a line at column 0 follows an indented one.
    Indentation,
    /// An item ends with a line that ends with `;` (SQL).
    Statements,
    /// An item starts with a heading at column 0 outside a code fence
    /// (Markdown).
    Sections,
}

/// A tree-sitter language with its compiled role query.
pub struct Grammar {
    pub language: Language,
    /// The grammar's field ids by name: asking the language for a field
    /// by name compares it with every field name.
    fields: HashMap<&'static str, NonZeroU16>,
    /// The name of each node kind, by kind id: asking a node for its kind
    /// measures and checks the language's C string each time.
    kinds: Vec<&'static str>,
    pub roles: Query,
    /// What each capture of `roles` means, by capture index.
    pub captures: Vec<Capture>,
    /// The patterns of `roles` that match a sequence of siblings, if any.
    pub siblings: Option<SiblingPatterns>,
}

/// The patterns of a role query that have no single root node
/// (`((comment) @scope . (function_declaration ...))`), as a query of their
/// own: matching them among the top-level nodes needs a pass over the
/// root, which should not start every other pattern.
pub struct SiblingPatterns {
    pub query: Query,
    /// What each capture of `query` means, by capture index.
    pub captures: Vec<Capture>,
    /// The index in the role query of each pattern of `query`.
    pub pattern_in_roles: Vec<usize>,
}

/// What a capture name in a role query means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capture {
    /// `@scope`: a declaration around hits.
    Scope,
    /// `@scope.name`: its name.
    ScopeName,
    /// `@scope.receiver`: the type a method belongs to.
    ScopeReceiver,
    /// `@injection.content`: a region in another language.
    InjectionContent,
    /// `@injection.language`: the node that names that language.
    InjectionLanguage,
    /// `@import`: an imported module's path or alias.
    Import,
    Role(Role),
    /// `@_name`: used by predicates only.
    Ignored,
}

impl Capture {
    pub fn from_name(name: &str) -> Option<Capture> {
        Some(match name {
            "scope" => Capture::Scope,
            "scope.name" => Capture::ScopeName,
            "scope.receiver" => Capture::ScopeReceiver,
            "injection.content" => Capture::InjectionContent,
            "injection.language" => Capture::InjectionLanguage,
            "import" => Capture::Import,
            _ if name.starts_with('_') => Capture::Ignored,
            _ => Capture::Role(Role::from_name(name)?),
        })
    }
}

impl Grammar {
    fn new(lang: Lang) -> Grammar {
        let (language, source): (Language, &str) = match lang {
            Lang::Go => (
                tree_sitter_go::LANGUAGE.into(),
                include_str!("queries/go.scm"),
            ),
            Lang::TypeScript => (
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                concat!(
                    include_str!("queries/typescript.scm"),
                    include_str!("queries/ecmascript.scm")
                ),
            ),
            Lang::Tsx => (
                tree_sitter_typescript::LANGUAGE_TSX.into(),
                concat!(
                    include_str!("queries/typescript.scm"),
                    include_str!("queries/jsx.scm"),
                    include_str!("queries/ecmascript.scm")
                ),
            ),
            Lang::JavaScript => (
                tree_sitter_javascript::LANGUAGE.into(),
                concat!(
                    include_str!("queries/javascript.scm"),
                    include_str!("queries/jsx.scm"),
                    include_str!("queries/ecmascript.scm")
                ),
            ),
            Lang::Proto => (
                tree_sitter_proto::LANGUAGE.into(),
                include_str!("queries/proto.scm"),
            ),
            Lang::Sql => (
                tree_sitter_sequel::LANGUAGE.into(),
                include_str!("queries/sql.scm"),
            ),
            Lang::Markdown => (
                tree_sitter_md::LANGUAGE.into(),
                include_str!("queries/markdown.scm"),
            ),
            Lang::Python => (
                tree_sitter_python::LANGUAGE.into(),
                include_str!("queries/python.scm"),
            ),
            Lang::Rust => (
                tree_sitter_rust::LANGUAGE.into(),
                include_str!("queries/rust.scm"),
            ),
            Lang::Yaml => (
                tree_sitter_yaml::LANGUAGE.into(),
                include_str!("queries/yaml.scm"),
            ),
            Lang::Json => (
                tree_sitter_json::LANGUAGE.into(),
                include_str!("queries/json.scm"),
            ),
            Lang::Text => unreachable!("text has no grammar"),
        };
        // The queries ship with the binary; a test compiles every one of them.
        let roles = Query::new(&language, source)
            .unwrap_or_else(|e| panic!("role query for {} does not compile: {e}", lang.name()));
        let siblings = SiblingPatterns::of(lang, &language, source, &roles);
        let fields = (1..=language.field_count() as u16)
            .filter_map(|id| Some((language.field_name_for_id(id)?, NonZeroU16::new(id)?)))
            .collect();
        let kinds = (0..language.node_kind_count() as u16)
            .map(|id| language.node_kind_for_id(id).unwrap_or(""))
            .collect();
        Grammar {
            language,
            fields,
            kinds,
            captures: captures_of(&roles),
            roles,
            siblings,
        }
    }

    /// The kind of a node of this grammar (`Node::kind`, read from a table).
    pub(crate) fn kind(&self, node: Node) -> &'static str {
        self.kinds
            .get(usize::from(node.kind_id()))
            .copied()
            .unwrap_or_else(|| node.kind())
    }

    /// The child of `node` in the field `field` of this grammar.
    pub(crate) fn child<'t>(&self, node: Node<'t>, field: &str) -> Option<Node<'t>> {
        node.child_by_field_id(self.fields.get(field)?.get())
    }
}

fn captures_of(query: &Query) -> Vec<Capture> {
    query
        .capture_names()
        .iter()
        .map(|n| Capture::from_name(n).unwrap_or(Capture::Ignored))
        .collect()
}

impl SiblingPatterns {
    fn of(lang: Lang, language: &Language, source: &str, roles: &Query) -> Option<SiblingPatterns> {
        let pattern_in_roles: Vec<usize> = (0..roles.pattern_count())
            .filter(|&i| !roles.is_pattern_rooted(i))
            .collect();
        if pattern_in_roles.is_empty() {
            return None;
        }
        let patterns: Vec<&str> = pattern_in_roles
            .iter()
            .map(|&i| &source[roles.start_byte_for_pattern(i)..roles.end_byte_for_pattern(i)])
            .collect();
        let query = Query::new(language, &patterns.join("\n")).unwrap_or_else(|e| {
            panic!(
                "sibling patterns of the role query for {} do not compile: {e}",
                lang.name()
            )
        });
        assert_eq!(
            query.pattern_count(),
            pattern_in_roles.len(),
            "one pattern each"
        );
        Some(SiblingPatterns {
            captures: captures_of(&query),
            query,
            pattern_in_roles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_query_compiles_and_names_known_captures() {
        for lang in PARSED {
            let grammar = lang.grammar().expect("parsed languages have grammars");
            for name in grammar.roles.capture_names() {
                assert!(
                    Capture::from_name(name).is_some(),
                    "{}: unknown capture @{name}",
                    lang.name()
                );
            }
        }
    }

    #[test]
    fn languages_from_paths_and_fences() {
        assert_eq!(Lang::from_path(Path::new("a/b.pb.go")), Lang::Go);
        assert_eq!(Lang::from_path(Path::new("x.TSX")), Lang::Tsx);
        assert_eq!(Lang::from_path(Path::new("Makefile")), Lang::Text);
        assert_eq!(Lang::from_fence("go title=main.go"), Some(Lang::Go));
        assert_eq!(Lang::from_fence("bash"), Some(Lang::Text));
        assert_eq!(Lang::from_fence(""), None);
    }
}
