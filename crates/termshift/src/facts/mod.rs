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
//!
//! The parts: `graph` (the graph and what is read of it), `key` (what a
//! node is by), `table` (the nodes by key, counted), `declarations` (what
//! the files declare and the lookups in it), `join` (one file's part of a
//! step), `kept` (the graph across a history), `sql_columns` (the columns
//! an SQL statement binds and returns).

mod declarations;
mod graph;
mod join;
mod kept;
mod key;
mod sql_columns;
mod table;

pub use graph::{Edge, Graph, Node, NodeRoots, Reach, Step};
pub use kept::KeptGraph;
