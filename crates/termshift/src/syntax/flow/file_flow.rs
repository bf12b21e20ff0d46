//! What one file says about name flow ([`FileFlow`]): the names values
//! are held by, the flows between them, and the calls, functions, fields
//! and constants the facts stage joins across files.

use serde::{Deserialize, Serialize};

/// What a value is held by: the node of the name-flow graph, as far as one
/// file can tell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub from: Name,
    pub into: Name,
    pub kind: FlowKind,
    pub offset: usize,
}

/// A call, for the facts stage to bind to a function of the scanned roots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionDef {
    pub name: String,
    pub params: Vec<Option<Name>>,
    /// The type of what it returns, when declared.
    pub returns: Option<String>,
}

/// A field where it is declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDecl {
    pub owner: String,
    pub name: String,
    pub offset: usize,
}

/// A string constant declared at the top of a file (`const insertTurn =
/// "INSERT ..."`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constant {
    pub name: String,
    pub value: String,
}

/// What one file says about name flow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
