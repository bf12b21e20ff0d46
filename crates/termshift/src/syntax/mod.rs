//! Syntax roles: parse a file that holds hits, and say for each hit what it
//! is in the code and which symbol encloses it.
//!
//! Each language has a role query (`queries/<lang>.scm`) whose captures are
//! named after [`Role`]s; the smallest captured node around a hit gives its
//! role (ties go to the pattern written first). `@scope` / `@scope.name`
//! captures name the declarations around a hit, which make its symbol
//! (`Router.startRunForPrompt`). `@injection.content` with
//! `@injection.language` hands a region to another grammar (a Markdown
//! fence); string literals that read as SQL are parsed as SQL, and those
//! that hold a JSON document as JSON.

mod ancestry;
mod flow;
mod lang;
mod link;
pub mod make;
mod module_path;
mod role;
mod sql;
mod url;

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use termshift_words::is_ident_byte;
use tree_sitter::{Node, Parser, Point, QueryCursor, QueryMatch, StreamingIterator, Tree};

pub use ancestry::{Ancestry, Nearest, Up};
pub use flow::{
    returned_type_call, Arg, Call, Constant, FieldDecl, FileFlow, Flow, FlowKind, FunctionDef, Name,
};
pub use lang::{Capture, Grammar, Lang, Layout, PARSED};
pub use link::link_paths;
pub use module_path::{module_path_around, ModulePath, PathKind};
pub use role::Role;

/// What one hit is, as read from the syntax tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub role: Role,
    /// The declarations around the hit, outermost first, joined by `.`.
    pub symbol: Option<String>,
    /// The declarations of the file's own language around the hit (for
    /// SQL in a Go constant: the constant, where `symbol` names the column).
    pub scope: Option<String>,
    /// The language of the innermost grammar that read the hit (SQL inside a
    /// Go string is `sql`).
    pub lang: Lang,
}

/// The roles of a file's hits, in the order of the hits given, and what the
/// parsed part of the file says about name flow.
#[derive(Debug)]
pub struct FileSyntax {
    pub located: Vec<Located>,
    /// The name each hit stands for, when it stands for one.
    pub names: Vec<Option<Name>>,
    pub flow: FileFlow,
    /// The parser reported a syntax error in the part of the file it parsed.
    pub syntax_error: bool,
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
    static CURSOR: RefCell<QueryCursor> = RefCell::new(QueryCursor::new());
}

/// Parses `text` once as `lang` and locates every hit (byte ranges of the
/// matched words, in increasing order).
pub fn locate_hits(lang: Lang, text: &[u8], hits: &[Range<usize>]) -> FileSyntax {
    let Some(tree) = parse_around(lang, text, hits) else {
        let role = if lang == Lang::Text {
            Role::Text
        } else {
            Role::Lexical
        };
        return FileSyntax {
            located: hits
                .iter()
                .map(|_| Located {
                    role,
                    symbol: None,
                    scope: None,
                    lang,
                })
                .collect(),
            names: vec![None; hits.len()],
            flow: FileFlow::default(),
            syntax_error: lang != Lang::Text,
        };
    };
    let root = tree.root_node();
    let mut sql = SqlFacts::new(hits.len());
    let located = FileTree::new(lang, text, &tree).locate_all(hits, &mut sql);
    let reader = flow::FlowReader::new(lang, text, root);
    // SQL read with its statements knows a column's table better than the
    // scopes of the role query do (`INSERT INTO a (x) SELECT y FROM b`).
    let mut located = located;
    placeholders_by_name(text, hits, &mut located);
    for (found, name) in located.iter_mut().zip(&sql.names) {
        if let Some(Name::Column {
            table: Some(table),
            name,
        }) = name
        {
            if found.role == Role::SqlColumn {
                found.symbol = Some(capped(&format!("{table}.{name}")).to_string());
            }
        }
    }
    let names = hits
        .iter()
        .zip(&located)
        .zip(sql.names)
        .map(|((hit, found), sql_name)| match found.role {
            _ if sql_name.is_some() => sql_name,
            // A serialized key belongs to its type: a struct tag's field, a
            // proto field's message, a data key's parent key.
            Role::StructTagKey | Role::ProtoField | Role::DataKey => {
                let token = termshift_words::token_around(text, hit.start);
                let key = String::from_utf8_lossy(&text[token.clone()]).into_owned();
                let owner = found
                    .symbol
                    .as_deref()
                    .and_then(|s| s.rsplit_once('.'))
                    .map(|(owner, _)| owner.rsplit('.').next().unwrap_or(owner).to_string());
                Some(match owner {
                    Some(owner) => Name::Wire { owner, key },
                    None => Name::Key {
                        offset: token.start,
                        key,
                    },
                })
            }
            // A route written in prose, a comment or a code span names the
            // route's segment or parameter.
            Role::Comment
            | Role::MarkdownProse
            | Role::MarkdownCodeSpan
            | Role::MarkdownCodeBlock
            | Role::DataValue
            | Role::Text => flow::piece_name(url::piece_around(text, hit)?),
            // A route in data (a YAML list of routes) names its pieces too.
            Role::Route | Role::QueryParam if reader.is_none() => {
                flow::piece_name(url::piece_around(text, hit)?)
            }
            _ if found.lang == lang => reader.as_ref()?.name_at(root, hit),
            _ => None,
        })
        .collect();
    let mut flow = reader.map(|r| r.read(root)).unwrap_or_default();
    flow.flows.extend(sql.flows);
    FileSyntax {
        located,
        names,
        flow,
        syntax_error: root.has_error(),
    }
}

/// A string argument that is exactly the name of a route placeholder of
/// the same file (`pathValue(r, "runId")` beside `"/runs/{runId}"`) reads
/// that placeholder, whatever the function is called. (A constant holding
/// the name is not a read.)
fn placeholders_by_name(text: &[u8], hits: &[Range<usize>], located: &mut [Located]) {
    let token_of = |hit: &Range<usize>| termshift_words::token_around(text, hit.start);
    let placeholders: HashSet<&[u8]> = hits
        .iter()
        .zip(located.iter())
        .filter(|(_, found)| found.role == Role::Route)
        .map(|(hit, _)| token_of(hit))
        .filter(|token| {
            let before = token.start.checked_sub(1).map(|i| text[i]);
            matches!(before, Some(b'{' | b':'))
        })
        .map(|token| &text[token])
        .collect();
    for (hit, found) in hits.iter().zip(located.iter_mut()) {
        let token = token_of(hit);
        let quote = token.start.checked_sub(1).map(|i| text[i]);
        let whole_string =
            matches!(quote, Some(b'"' | b'\'' | b'`')) && text.get(token.end).copied() == quote;
        let argument = text[..token.start.saturating_sub(1)]
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'(' || b == b',');
        if found.role == Role::StringLiteral
            && whole_string
            && argument
            && placeholders.contains(&text[token])
        {
            found.role = Role::Route;
        }
    }
}

/// Parses the top-level items of `text` that hold hits (and the file's
/// first item, which holds its package and imports), or the whole file when
/// that is nearly as much or when the items do not parse cleanly on their
/// own. Roles only depend on a hit's ancestors, which lie in its item.
pub fn parse_around(lang: Lang, text: &[u8], hits: &[Range<usize>]) -> Option<Tree> {
    if let Some(items) = lang
        .layout()
        .and_then(|layout| items_with_hits(layout, text, hits))
    {
        let ranges = ts_ranges(text, items);
        if let Some(tree) = parse(lang, text, Some(&ranges)) {
            if !tree.root_node().has_error() {
                return Some(tree);
            }
        }
    }
    parse(lang, text, None)
}

/// The byte ranges of the top-level items that hold hits, merged, starting
/// with the first item; `None` when they cover most of the file.
fn items_with_hits(
    layout: Layout,
    text: &[u8],
    hits: &[Range<usize>],
) -> Option<Vec<Range<usize>>> {
    const WORTH_IT: usize = 4096;
    if text.len() < WORTH_IT {
        return None;
    }
    let starts = item_starts(layout, text);
    let item_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let end_of = |item: usize| starts.get(item + 1).copied().unwrap_or(text.len());
    let header = 0..end_of(0);
    let mut ranges: Vec<Range<usize>> = vec![header];
    for hit in hits {
        let (first, last) = (item_of(hit.start), item_of(hit.end.saturating_sub(1)));
        let range = starts[first]..end_of(last);
        match ranges.last_mut() {
            Some(prev) if prev.end >= range.start => prev.end = prev.end.max(range.end),
            _ => ranges.push(range),
        }
    }
    let covered: usize = ranges.iter().map(|r| r.len()).sum();
    (covered * 4 < text.len() * 3).then_some(ranges)
}

/// Offsets of the lines that start a top-level item (the first is 0).
fn item_starts(layout: Layout, text: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    // Whether the last non-blank line ended an item.
    let mut ended = false;
    let mut in_fence = false;
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end =
            memchr::memchr(b'\n', &text[line_start..]).map_or(text.len(), |p| line_start + p + 1);
        let line = &text[line_start..line_end];
        let first = line[0];
        let blank = line.iter().all(u8::is_ascii_whitespace);
        let at_column_0 = !first.is_ascii_whitespace();
        if layout == Layout::Sections {
            if !in_fence && first == b'#' && line_start > 0 {
                starts.push(line_start);
            }
            if line.starts_with(b"```") || line.starts_with(b"~~~") {
                in_fence = !in_fence;
            }
        } else if !blank {
            let closer = matches!(first, b'}' | b')' | b']');
            if ended && at_column_0 && !closer && !continues_block(layout, line) && line_start > 0 {
                starts.push(line_start);
            }
            ended = match layout {
                Layout::Braces => closer,
                Layout::Indentation => !at_column_0 || closer,
                Layout::Statements => line.trim_ascii_end().ends_with(b";"),
                Layout::Sections => unreachable!("handled above"),
            };
        }
        line_start = line_end;
    }
    starts
}

/// A line at column 0 that continues the item before it (`else:` in Python).
fn continues_block(layout: Layout, line: &[u8]) -> bool {
    let keyword =
        |k: &[u8]| line.starts_with(k) && line.get(k.len()).is_none_or(|&b| !is_ident_byte(b));
    layout == Layout::Indentation
        && (line.starts_with(b"#")
            || [&b"else"[..], b"elif", b"except", b"finally"]
                .into_iter()
                .any(keyword))
}

/// How deeply a text may nest (indentation levels, brackets) to be parsed:
/// past it, a grammar's external scanner overflows its state (tree-sitter
/// aborts the process on YAML nested 253 levels deep), and nothing that
/// deep is code a person wrote.
const MAX_NESTING: usize = 200;

/// Parses `text`, or only `ranges` of it, as `lang`. `None` for plain text,
/// and for a text nested too deeply to parse safely (see [`MAX_NESTING`]),
/// whose hits then have no syntax role.
pub fn parse(lang: Lang, text: &[u8], ranges: Option<&[tree_sitter::Range]>) -> Option<Tree> {
    let grammar = lang.grammar()?;
    let too_deep = match ranges {
        Some(ranges) => ranges
            .iter()
            .any(|r| nesting_depth(&text[r.start_byte..r.end_byte]) > MAX_NESTING),
        None => nesting_depth(text) > MAX_NESTING,
    };
    if too_deep {
        return None;
    }
    PARSER.with_borrow_mut(|parser| {
        parser.set_language(&grammar.language).ok()?;
        parser.set_included_ranges(ranges.unwrap_or(&[])).ok()?;
        parser.parse(text, None)
    })
}

/// How deeply a text nests, at most: the deeper of its brackets (`[`, `{`,
/// `(`) and of its indentation (the levels of a stack of increasing
/// indents, as YAML and Python count them, and the block indicators that
/// open a line). Strings are not told apart: a
/// bracket in one only makes the estimate higher.
fn nesting_depth(text: &[u8]) -> usize {
    let (mut brackets, mut deepest) = (0usize, 0usize);
    let mut indents: Vec<usize> = Vec::new();
    for line in text.split(|&b| b == b'\n') {
        let indent = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if indent < line.len() {
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
            // Each block indicator that opens the line nests one level
            // deeper than indentation says (`- - run`: a YAML sequence in a
            // sequence; `> >`: a quote in a quote).
            let mut rest = &line[indent..];
            let mut markers = 0;
            while let [b'-' | b'?' | b':' | b'>', b' ' | b'\t', tail @ ..] = rest {
                markers += 1;
                rest = tail.trim_ascii_start();
            }
            deepest = deepest.max(indents.len() + markers);
        }
        for &b in &line[indent..] {
            match b {
                b'[' | b'{' | b'(' => {
                    brackets += 1;
                    deepest = deepest.max(brackets);
                }
                b']' | b'}' | b')' => brackets = brackets.saturating_sub(1),
                _ => {}
            }
        }
    }
    deepest
}

/// The syntax errors of a text in its language (0 for plain text).
pub fn error_count(lang: Lang, text: &[u8]) -> usize {
    parse(lang, text, None).map_or(0, |tree| errors_in(&tree))
}

/// The syntax errors of a parsed tree.
pub fn errors_in(tree: &Tree) -> usize {
    let mut count = 0;
    for_each_error(tree.root_node(), true, |_| count += 1);
    count
}

/// Calls `f` on each error and missing node under `root`, in order, in one
/// walk that enters only subtrees holding an error; inside an error node
/// too when `nested`.
fn for_each_error<'t>(root: Node<'t>, nested: bool, mut f: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    'walk: loop {
        let node = cursor.node();
        let error = node.is_error() || node.is_missing();
        if error {
            f(node);
        }
        if (nested || !error) && node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
}

/// Parses one region of a text (a string that holds SQL) in `lang`; node
/// offsets stay the text's.
pub fn parse_region(lang: Lang, text: &[u8], region: Range<usize>) -> Option<Tree> {
    parse(lang, text, Some(&ts_ranges(text, [region])))
}

/// The inside of the string literal around `offset`, if it lies in one.
pub fn string_around(tree: &Tree, text: &[u8], offset: usize) -> Option<Range<usize>> {
    let mut node = tree.root_node().descendant_for_byte_range(offset, offset)?;
    let mut string = None;
    loop {
        if node.kind().contains("string") {
            string = Some(node);
        } else if string.is_some() {
            break;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => break,
        }
    }
    string.map(|n| string_content(text, n.byte_range()))
}

/// The tree of a file, or of a region of it in another language.
struct FileTree<'t> {
    lang: Lang,
    text: &'t [u8],
    tree: &'t Tree,
    /// Strings joined into one text, read once per chain.
    joined: JoinedStrings<'t>,
}

impl<'t> FileTree<'t> {
    fn new(lang: Lang, text: &'t [u8], tree: &'t Tree) -> FileTree<'t> {
        FileTree {
            lang,
            text,
            tree,
            joined: JoinedStrings::default(),
        }
    }
}

/// A capture around a hit, ranked by how specific it is.
struct Candidate<'n> {
    role: Role,
    node: Node<'n>,
    pattern: usize,
}

/// Where a match comes from: the index of its pattern in the role query,
/// and what the captures of its query mean.
#[derive(Clone, Copy)]
struct Found<'q> {
    pattern: usize,
    captures: &'q [Capture],
}

impl<'q> Found<'q> {
    /// A match of the role query itself.
    fn of_roles(grammar: &'q Grammar, m: &QueryMatch) -> Found<'q> {
        Found {
            pattern: m.pattern_index,
            captures: &grammar.captures,
        }
    }
}

/// Runs `query` over `node` and hands each match to `take`.
fn each_match<'n>(
    cursor: &mut QueryCursor,
    query: &tree_sitter::Query,
    node: Node<'n>,
    text: &[u8],
    mut take: impl FnMut(&QueryMatch<'_, 'n>),
) {
    let mut matches = cursor.matches(query, node, text);
    while let Some(m) = matches.next() {
        take(m);
    }
}

struct Scope {
    range: Range<usize>,
    name: String,
}

/// How long a symbol may grow, in bytes. Declarations nest a few levels
/// under short names; data nested hundreds of levels deep, or keys of
/// kilobytes, would give every hit a symbol the size of its file, and the
/// output the square of that.
const MAX_SYMBOL: usize = 256;

/// A name cut to [`MAX_SYMBOL`] bytes (at a character's boundary).
fn capped(name: &str) -> &str {
    let end = (0..=name.len().min(MAX_SYMBOL))
        .rev()
        .find(|&at| name.is_char_boundary(at))
        .unwrap_or(0);
    &name[..end]
}

/// The names of the scopes around a hit, outermost first, joined by `.`:
/// the innermost ones that fit in [`MAX_SYMBOL`] bytes (each name fits).
fn symbol_of(scopes: &[&Scope]) -> String {
    let mut len = 0;
    let kept = scopes
        .iter()
        .rev()
        .take_while(|s| {
            len += s.name.len() + usize::from(len > 0);
            len <= MAX_SYMBOL
        })
        .count()
        .max(1);
    scopes[scopes.len() - kept..]
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// What the pass of the role query gathered around one hit.
#[derive(Default)]
struct AroundHit<'n> {
    candidates: Vec<Candidate<'n>>,
    scopes: Vec<Scope>,
    injection: Option<(Range<usize>, Lang)>,
}

/// What the passes gathered about the file.
struct Gathered<'n> {
    around: Vec<AroundHit<'n>>,
    /// Imports and parameters that the whole-file passes captured.
    bindings: Bindings,
    /// Imports and parameters spelt as a name, found when first asked for.
    bindings_by_name: RefCell<Vec<(Vec<u8>, Bindings)>>,
    /// Every import and parameter of the tree, when a name needed them all.
    all_bindings: OnceCell<Bindings>,
    /// The declarations that hold hits, by name, with their roles: a name
    /// used elsewhere in the file is the function, method or type declared
    /// under it. Looked up by name, not scanned: a file may declare
    /// thousands.
    declared: foldhash::HashMap<Vec<u8>, Vec<Role>>,
    /// The code spans of each Markdown block a hit lies in, by the block's
    /// start, read once however many hits it holds.
    code_spans: RefCell<foldhash::HashMap<usize, Vec<Range<usize>>>>,
}

/// The declarations found, indexed by their name's bytes.
fn declared_by_name(
    text: &[u8],
    declared: Vec<(Range<usize>, Role)>,
) -> foldhash::HashMap<Vec<u8>, Vec<Role>> {
    let mut by_name: foldhash::HashMap<Vec<u8>, Vec<Role>> = foldhash::HashMap::default();
    for (range, role) in declared {
        by_name.entry(text[range].to_vec()).or_default().push(role);
    }
    by_name
}

/// Names that the role query captures as imports or parameters.
#[derive(Default)]
struct Bindings {
    /// Names under which modules are imported.
    imports: Vec<String>,
    /// Byte ranges of parameter names where they are declared.
    parameters: Vec<Range<usize>>,
}

/// What SQL says about a file's hits: the name each stands for (where SQL
/// read it) and the flows of its statements.
struct SqlFacts {
    names: Vec<Option<Name>>,
    flows: Vec<Flow>,
}

impl SqlFacts {
    fn new(hits: usize) -> SqlFacts {
        SqlFacts {
            names: vec![None; hits],
            flows: Vec::new(),
        }
    }
}

/// Where the hits that another grammar must read go.
enum Embedded {
    /// A region named by an injection capture (a Markdown fence).
    Injection(Range<usize>, Lang),
    /// The contents of a string literal, or of adjacent literals joined
    /// (`"INSERT INTO t " "(a, b)"`, `"SELECT a " + "FROM t"`), that read as
    /// SQL or hold a JSON document.
    Strings(Vec<Range<usize>>, Lang),
}

impl<'t> FileTree<'t> {
    /// Locates every hit, and reads the names and flows of the SQL the tree
    /// holds (the whole tree, if it is SQL, and SQL in its strings).
    fn locate_all(&self, hits: &[Range<usize>], sql: &mut SqlFacts) -> Vec<Located> {
        let gathered = self.gather(self.tree.root_node(), hits);
        self.locate_gathered(hits, gathered, sql)
    }

    fn locate_gathered(
        &self,
        hits: &[Range<usize>],
        gathered: Gathered<'t>,
        sql: &mut SqlFacts,
    ) -> Vec<Located> {
        let root = self.tree.root_node();
        let errors = error_ranges(root);
        let mut located = Vec::with_capacity(hits.len());
        let mut embedded: Vec<(Embedded, usize)> = Vec::new();
        for (index, (hit, around)) in hits.iter().zip(&gathered.around).enumerate() {
            let error = errors.partition_point(|e| e.end < hit.end);
            let in_error = errors
                .get(error)
                .is_some_and(|e| e.start <= hit.start && hit.end <= e.end);
            let (role, symbol, region) = if in_error {
                (Role::Lexical, None, None)
            } else {
                self.role_of(hit, around, &gathered)
            };
            if let Some(region) = region {
                embedded.push((region, index));
            }
            located.push(Located {
                role,
                scope: symbol.clone(),
                symbol,
                lang: self.lang,
            });
        }
        self.locate_embedded(hits, embedded, &mut located, sql);
        if self.lang == Lang::Sql {
            sql::SqlReader::new(self.text).read(root, hits, &mut sql.names, &mut sql.flows);
        }
        located
    }

    /// The captures around every hit, without running the role query over
    /// the whole tree.
    ///
    /// A capture that contains a hit belongs to a match whose root node
    /// contains the hit too. Such a root is the tree's root, or lies inside
    /// the top-level node (child of the root) that holds the hit: the query
    /// runs on that node alone, with the cursor's byte range set around
    /// nearby hits so that tree-sitter starts only the patterns whose root
    /// meets them and skips the rest. Two passes over the root then add
    /// what those runs cannot see: the patterns anchored at the root itself
    /// (`(source_file (var_declaration ...))`, started at depth 0 only),
    /// and the patterns of several top-level siblings (`((comment) @scope .
    /// (function_declaration ...))`, a query of their own). Imports and
    /// parameters may lie anywhere: those of these two passes are kept,
    /// the others are looked for by name when a hit needs them
    /// ([`Self::bound_as`]).
    fn gather<'n>(&self, root: Node<'n>, hits: &[Range<usize>]) -> Gathered<'n> {
        let grammar = self.lang.grammar().expect("parsed languages have grammars");
        let mut around: Vec<AroundHit<'n>> = hits.iter().map(|_| AroundHit::default()).collect();
        let mut bindings = Bindings::default();
        let mut declared = Vec::new();
        CURSOR.with_borrow_mut(|cursor| {
            cursor.set_byte_range(0..usize::MAX);
            cursor.set_max_start_depth(Some(0));
            each_match(cursor, &grammar.roles, root, self.text, |m| {
                let found = Found::of_roles(grammar, m);
                let bindings = Some(&mut bindings);
                self.take_match(m, found, hits, &mut around, &mut declared, bindings);
            });
            if let Some(siblings) = &grammar.siblings {
                cursor.set_max_start_depth(Some(1));
                each_match(cursor, &siblings.query, root, self.text, |m| {
                    let found = Found {
                        pattern: siblings.pattern_in_roles[m.pattern_index],
                        captures: &siblings.captures,
                    };
                    let bindings = Some(&mut bindings);
                    self.take_match(m, found, hits, &mut around, &mut declared, bindings);
                });
            }
            cursor.set_max_start_depth(None);
            for (item, group) in self.hit_groups(root, hits) {
                let group_hits = &hits[group.clone()];
                cursor.set_byte_range(group_hits[0].start..group_hits[group_hits.len() - 1].end);
                let around = &mut around[group];
                each_match(cursor, &grammar.roles, item, self.text, |m| {
                    let found = Found::of_roles(grammar, m);
                    self.take_match(m, found, group_hits, around, &mut declared, None);
                });
            }
        });
        Gathered {
            around,
            bindings,
            bindings_by_name: RefCell::default(),
            all_bindings: OnceCell::new(),
            declared: declared_by_name(self.text, declared),
            code_spans: RefCell::default(),
        }
    }

    /// The hits that share a run of the role query, with the top-level node
    /// that holds them: hits in one node, close enough that the bytes
    /// between them cost less than another run. A hit that no top-level node
    /// holds has only the root around it, which the whole-file passes see.
    fn hit_groups<'n>(
        &self,
        root: Node<'n>,
        hits: &[Range<usize>],
    ) -> Vec<(Node<'n>, Range<usize>)> {
        const NEAR: usize = 64;
        let mut cursor = root.walk();
        let items: Vec<Node<'n>> = root.children(&mut cursor).collect();
        let mut groups: Vec<(Node<'n>, Range<usize>)> = Vec::new();
        for (i, hit) in hits.iter().enumerate() {
            let at = items.partition_point(|item| item.end_byte() <= hit.start);
            let Some(&item) = items
                .get(at)
                .filter(|item| item.start_byte() <= hit.start && hit.end <= item.end_byte())
            else {
                continue;
            };
            match groups.last_mut() {
                Some((last, group))
                    if *last == item && hit.start <= hits[group.end - 1].end + NEAR =>
                {
                    group.end = i + 1
                }
                _ => groups.push((item, i..i + 1)),
            }
        }
        groups
    }

    /// Files the captures of one match under the hits they contain, keeps
    /// the declarations that hold hits, and keeps its imports and
    /// parameters in `bindings` when given.
    fn take_match<'n>(
        &self,
        m: &QueryMatch<'_, 'n>,
        found: Found,
        hits: &[Range<usize>],
        around: &mut [AroundHit<'n>],
        declared: &mut Vec<(Range<usize>, Role)>,
        bindings: Option<&mut Bindings>,
    ) {
        if let Some(bindings) = bindings {
            self.keep_bindings(m, found.captures, bindings);
        }
        let inside = |node: Node| {
            let range = node.byte_range();
            let first = hits.partition_point(|h| h.start < range.start);
            (first..hits.len())
                .take_while(move |&i| hits[i].start < range.end)
                .filter(move |&i| hits[i].end <= range.end)
        };
        let (mut scope, mut scope_name, mut receiver) = (None, None, None);
        let (mut injected, mut injected_lang) = (None, None);
        for capture in m.captures {
            let node = capture.node;
            match found.captures[capture.index as usize] {
                Capture::Scope => scope = Some(node),
                Capture::ScopeName => scope_name = Some(node),
                Capture::ScopeReceiver => receiver = Some(node),
                Capture::InjectionContent => injected = Some(node),
                Capture::InjectionLanguage => injected_lang = Some(node),
                Capture::Import | Capture::Ignored => {}
                Capture::Role(role) => {
                    let mut holds_hits = false;
                    for i in inside(node) {
                        holds_hits = true;
                        around[i].candidates.push(Candidate {
                            role,
                            node,
                            pattern: found.pattern,
                        });
                    }
                    if holds_hits && role.declares_code_name() {
                        declared.push((node.byte_range(), role));
                    }
                }
            }
        }
        if let (Some(scope), Some(name)) = (scope, scope_name) {
            let mut holds = inside(scope).peekable();
            if holds.peek().is_some() {
                let name = capped(node_text(self.text, name));
                let name = match receiver {
                    Some(receiver) => {
                        capped(&format!("{}.{name}", node_text(self.text, receiver))).to_string()
                    }
                    None => name.to_string(),
                };
                for i in holds {
                    around[i].scopes.push(Scope {
                        range: scope.byte_range(),
                        name: name.clone(),
                    });
                }
            }
        }
        if let (Some(content), Some(lang_node)) = (injected, injected_lang) {
            if let Some(lang) = Lang::from_fence(node_text(self.text, lang_node)) {
                for i in inside(content) {
                    around[i].injection = Some((content.byte_range(), lang));
                }
            }
        }
    }

    /// Keeps the imports and parameters a match captures.
    fn keep_bindings(&self, m: &QueryMatch, captures: &[Capture], bindings: &mut Bindings) {
        for capture in m.captures {
            let node = capture.node;
            match captures[capture.index as usize] {
                Capture::Import => bindings
                    .imports
                    .push(imported_name(node_text(self.text, node))),
                Capture::Role(Role::ParameterDeclaration) => {
                    bindings.parameters.push(node.byte_range())
                }
                _ => {}
            }
        }
    }

    /// Whether `name` is imported, and whether a parameter spelt `name` is
    /// declared inside `scope`.
    ///
    /// An import capture whose imported name is `name`, or a parameter
    /// capture spelt `name`, contains the bytes of `name`: running the role
    /// query around each place where those bytes occur (in the top-level
    /// node that holds it) finds every such capture that the whole-file
    /// passes did not. The answer is kept per name. A name that occurs so
    /// often that those runs would cost more than one pass over the whole
    /// tree gets that pass instead, which answers for every name.
    fn bound_as(
        &self,
        name: &[u8],
        scope: Option<&Range<usize>>,
        gathered: &Gathered,
    ) -> (bool, bool) {
        /// Nodes a run of the query near one place visits, about.
        const NODES_PER_RUN: usize = 64;
        let answer = |bindings: &Bindings| {
            let imported = bindings.imports.iter().any(|i| i.as_bytes() == name);
            let parameter = scope.is_some_and(|scope| {
                bindings.parameters.iter().any(|p| {
                    scope.start <= p.start && p.end <= scope.end && &self.text[p.clone()] == name
                })
            });
            (imported, parameter)
        };
        if gathered.all_bindings.get().is_none() {
            let mut by_name = gathered.bindings_by_name.borrow_mut();
            let index = match by_name.iter().position(|(n, _)| n == name) {
                Some(index) => Some(index),
                None => {
                    let places = self.places_of(name);
                    let nodes = self.tree.root_node().descendant_count();
                    (places.len() * NODES_PER_RUN <= nodes).then(|| {
                        by_name.push((name.to_vec(), self.bindings_around(&places)));
                        by_name.len() - 1
                    })
                }
            };
            if let Some(index) = index {
                let (imported, parameter) = answer(&gathered.bindings);
                let (imported_here, parameter_here) = answer(&by_name[index].1);
                return (imported || imported_here, parameter || parameter_here);
            }
        }
        answer(gathered.all_bindings.get_or_init(|| self.all_bindings()))
    }

    /// Where the bytes of `name` occur inside a top-level node, with that
    /// node. Occurrences may overlap (`aa` in `aaa`).
    fn places_of<'n>(&self, name: &[u8]) -> Vec<(Node<'n>, Range<usize>)>
    where
        't: 'n,
    {
        let root = self.tree.root_node();
        let finder = memchr::memmem::Finder::new(name);
        let mut places = Vec::new();
        let mut from = 0;
        while let Some(found) = finder.find(&self.text[from..]) {
            let at = from + found..from + found + name.len();
            from = at.start + 1;
            if let Some(item) = root
                .first_child_for_byte(at.start)
                .filter(|item| item.start_byte() <= at.start && at.end <= item.end_byte())
            {
                places.push((item, at));
            }
        }
        places
    }

    /// The imports and parameters captured around some places.
    fn bindings_around(&self, places: &[(Node, Range<usize>)]) -> Bindings {
        let grammar = self.lang.grammar().expect("parsed languages have grammars");
        let mut bindings = Bindings::default();
        CURSOR.with_borrow_mut(|cursor| {
            for (item, at) in places {
                cursor.set_byte_range(at.clone());
                each_match(cursor, &grammar.roles, *item, self.text, |m| {
                    self.keep_bindings(m, &grammar.captures, &mut bindings)
                });
            }
        });
        bindings
    }

    /// Every import and parameter of the tree, from one pass of the role
    /// query over it.
    fn all_bindings(&self) -> Bindings {
        let grammar = self.lang.grammar().expect("parsed languages have grammars");
        let mut bindings = Bindings::default();
        CURSOR.with_borrow_mut(|cursor| {
            cursor.set_byte_range(0..usize::MAX);
            let root = self.tree.root_node();
            each_match(cursor, &grammar.roles, root, self.text, |m| {
                self.keep_bindings(m, &grammar.captures, &mut bindings)
            });
        });
        bindings
    }

    /// The role and symbol of one hit, or the embedded region that must
    /// decide them.
    fn role_of(
        &self,
        hit: &Range<usize>,
        around: &AroundHit<'t>,
        gathered: &Gathered,
    ) -> (Role, Option<String>, Option<Embedded>) {
        let mut scopes: Vec<&Scope> = around.scopes.iter().collect();
        scopes.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        scopes.dedup_by(|a, b| a.range == b.range);
        let symbol = (!scopes.is_empty()).then(|| symbol_of(&scopes));
        if let Some((content, lang)) = &around.injection {
            return (
                Role::MarkdownCodeBlock,
                symbol,
                Some(Embedded::Injection(content.clone(), *lang)),
            );
        }
        let mut candidates: Vec<&Candidate> = around.candidates.iter().collect();
        candidates.sort_by_key(|c| (c.node.byte_range().len(), c.pattern));
        let innermost = scopes.last().map(|s| s.range.clone());
        for candidate in candidates {
            if let Some(role) = self.refine(candidate, hit, innermost.as_ref(), gathered) {
                if role == Role::StringLiteral && self.lang.strings_may_hold_sql() {
                    let root = self.tree.root_node();
                    let embedded = self.joined.embedded(self.text, root, candidate.node);
                    return (
                        role,
                        symbol,
                        embedded.map(|(pieces, lang)| Embedded::Strings(pieces, lang)),
                    );
                }
                return (role, symbol, None);
            }
        }
        (self.default_role(), symbol, None)
    }

    /// The role a capture gives, after checks that only code can make; `None`
    /// rejects the capture in favour of the next one.
    fn refine(
        &self,
        candidate: &Candidate,
        hit: &Range<usize>,
        innermost_scope: Option<&Range<usize>>,
        gathered: &Gathered,
    ) -> Option<Role> {
        let node = candidate.node;
        match candidate.role {
            // `{name}` in a string handed to a macro is a format argument
            // that names a variable (`write!(f, "unknown {user}")`).
            Role::StringLiteral | Role::LogMessage
                if node.parent().is_some_and(|p| p.kind() == "token_tree")
                    && is_format_argument(self.text, hit) =>
            {
                let name = termshift_words::token_around(self.text, hit.start);
                Some(self.name_use(&self.text[name], innermost_scope, gathered))
            }
            Role::StringLiteral | Role::DataKey | Role::DataValue => {
                Some(url_role(self.text, node.byte_range(), hit).unwrap_or(candidate.role))
            }
            Role::StructTag => Some(struct_tag_role(
                node_text(self.text, node),
                hit.start - node.start_byte(),
            )),
            Role::MarkdownProse | Role::MarkdownHeading => {
                let range = node.byte_range();
                let mut spans = gathered.code_spans.borrow_mut();
                let spans = spans
                    .entry(range.start)
                    .or_insert_with(|| code_spans(&self.text[range.clone()]));
                let at = hit.start - range.start;
                let span = spans.partition_point(|s| s.end <= at);
                Some(if spans.get(span).is_some_and(|s| s.contains(&at)) {
                    Role::MarkdownCodeSpan
                } else {
                    candidate.role
                })
            }
            // A key written as a bare identifier must be assigned
            // (`user_id = %id` in a macro), else it is the value.
            Role::LogKey if node.kind() == "identifier" => {
                followed_by_assignment(self.text, node.end_byte()).then_some(Role::LogKey)
            }
            Role::VariableUse => {
                Some(self.name_use(&self.text[node.byte_range()], innermost_scope, gathered))
            }
            // A field read named after a method the file declares, and after
            // no field, is a method value (`mux.HandleFunc(p, rt.handleRuns)`),
            // where a field read cannot run code.
            Role::FieldUse
                if !self.lang.has_computed_fields()
                    && self.declares(gathered, node, Role::MethodDeclaration)
                    && !self.declares(gathered, node, Role::FieldDeclaration) =>
            {
                Some(Role::MethodUse)
            }
            role => Some(role),
        }
    }

    /// The role of a plain name used in code: a parameter of the enclosing
    /// function, an imported module, a function or type the file declares
    /// (and declares as nothing else), or a variable.
    fn name_use(
        &self,
        name: &[u8],
        innermost_scope: Option<&Range<usize>>,
        gathered: &Gathered,
    ) -> Role {
        let (imported, is_parameter) = self.bound_as(name, innermost_scope, gathered);
        let declared_only_as = |role: Role| {
            gathered
                .declared
                .get(name)
                .is_some_and(|roles| roles.iter().all(|&r| r == role))
        };
        if is_parameter {
            Role::ParameterUse
        } else if imported {
            Role::PackageUse
        } else if declared_only_as(Role::FunctionDeclaration) {
            Role::FunctionUse
        } else if declared_only_as(Role::TypeDeclaration) {
            Role::TypeUse
        } else {
            Role::VariableUse
        }
    }

    /// Whether the file declares the name of `node` with `role`.
    fn declares(&self, gathered: &Gathered, node: Node, role: Role) -> bool {
        let name = &self.text[node.byte_range()];
        gathered
            .declared
            .get(name)
            .is_some_and(|roles| roles.contains(&role))
    }

    fn default_role(&self) -> Role {
        match self.lang {
            Lang::Markdown => Role::MarkdownProse,
            Lang::Yaml | Lang::Json => Role::DataValue,
            _ => Role::Lexical,
        }
    }

    /// Locates hits inside regions in another language, each region parsed
    /// once with all its hits. A hit the inner grammar cannot read keeps the
    /// outer role.
    fn locate_embedded(
        &self,
        hits: &[Range<usize>],
        embedded: Vec<(Embedded, usize)>,
        located: &mut [Located],
        sql: &mut SqlFacts,
    ) {
        let mut regions: Vec<(Vec<Range<usize>>, Lang, Vec<usize>)> = Vec::new();
        for (region, index) in embedded {
            let (ranges, lang) = match region {
                Embedded::Injection(range, lang) => (vec![range], lang),
                Embedded::Strings(ranges, lang) => (ranges, lang),
            };
            match regions.iter_mut().find(|r| r.0 == ranges && r.1 == lang) {
                Some(r) => r.2.push(index),
                None => regions.push((ranges, lang, vec![index])),
            }
        }
        for (ranges, lang, indexes) in regions {
            let ranges = ts_ranges(self.text, ranges);
            let Some(tree) = parse(lang, self.text, Some(&ranges)) else {
                // No grammar for the fence's language: a plain code block.
                continue;
            };
            let inner = FileTree::new(lang, self.text, &tree);
            let inner_hits: Vec<Range<usize>> = indexes.iter().map(|&i| hits[i].clone()).collect();
            let mut inner_sql = SqlFacts::new(inner_hits.len());
            let inner_located = inner.locate_all(&inner_hits, &mut inner_sql);
            for (name, &i) in inner_sql.names.into_iter().zip(&indexes) {
                if name.is_some() {
                    sql.names[i] = name;
                }
            }
            sql.flows.extend(inner_sql.flows);
            for (found, &i) in inner_located.into_iter().zip(&indexes) {
                if found.role != Role::Lexical {
                    let outer = located[i].symbol.take();
                    located[i] = Located {
                        symbol: found.symbol.or(outer.clone()),
                        scope: outer,
                        ..found
                    };
                }
            }
        }
    }
}

/// The string literals of a file joined into one text (Python's `"a" "b"`,
/// a chain of `+`), each chain read once: a chain of thousands of
/// literals (minified or generated code) costs its length, not its square.
#[derive(Default)]
struct JoinedStrings<'t> {
    /// Each node whose parent joins strings, with its chain's outermost
    /// node: found in one walk of the tree when first needed (a node's
    /// parent is found from the root down: climbing a chain of thousands
    /// from each of its literals would cost their square).
    tops: OnceCell<HashMap<usize, Node<'t>>>,
    /// The text of each chain, by its outermost node: its pieces and the
    /// language they read as, if SQL or JSON.
    read: RefCell<HashMap<usize, Option<StringsAs>>>,
}

/// The pieces of joined strings, and the language they read as.
type StringsAs = (Vec<Range<usize>>, Lang);

fn joins(n: Node) -> bool {
    n.kind() == "concatenated_string"
        || (n.kind() == "binary_expression"
            && n.child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "+"))
}

impl<'t> JoinedStrings<'t> {
    /// The contents of the literal `node` with the literals joined to it,
    /// in order, when they read as SQL or hold a JSON document.
    fn embedded(&self, text: &[u8], root: Node<'t>, node: Node<'t>) -> Option<StringsAs> {
        let top = self.top(root, node);
        if let Some(read) = self.read.borrow().get(&top.id()) {
            return read.clone();
        }
        let pieces: Vec<Range<usize>> = pieces(top, node.kind())
            .into_iter()
            .map(|piece| string_content(text, piece))
            .collect();
        let joined: Vec<u8> = pieces
            .iter()
            .flat_map(|p| text[p.clone()].iter().copied())
            .collect();
        let lang = if looks_like_sql(&joined) {
            Some(Lang::Sql)
        } else if looks_like_json(&joined) {
            Some(Lang::Json)
        } else {
            None
        };
        let read = lang.map(|lang| (pieces, lang));
        self.read.borrow_mut().insert(top.id(), read.clone());
        read
    }

    /// The outermost join above `node`, or `node` itself.
    fn top(&self, root: Node<'t>, node: Node<'t>) -> Node<'t> {
        if !node.parent().is_some_and(joins) {
            return node;
        }
        let tops = self.tops.get_or_init(|| chain_tops(root));
        tops.get(&node.id()).copied().unwrap_or(node)
    }
}

/// For each node whose parent joins strings, the outermost join above it:
/// one walk of the tree.
fn chain_tops(root: Node) -> HashMap<usize, Node> {
    let mut tops = HashMap::new();
    let mut cursor = root.walk();
    // The top in force for the children of each node on the way down.
    let mut above: Vec<Option<Node>> = Vec::new();
    loop {
        let node = cursor.node();
        let inherited = above.last().copied().flatten();
        if let Some(top) = inherited {
            tops.insert(node.id(), top);
        }
        let for_children = joins(node).then(|| inherited.unwrap_or(node));
        if cursor.goto_first_child() {
            above.push(for_children);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return tops;
            }
            above.pop();
        }
    }
}

/// The literals of kind `kind` under the join `top`, in order (`top` alone
/// when it is a literal).
fn pieces(top: Node, kind: &str) -> Vec<Range<usize>> {
    if !joins(top) {
        return vec![top.byte_range()];
    }
    let mut pieces = Vec::new();
    let mut cursor = top.walk();
    let mut stack = vec![top];
    while let Some(n) = stack.pop() {
        if n.kind() == kind {
            pieces.push(n.byte_range());
        } else if n == top || joins(n) {
            let children: Vec<Node> = n.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    pieces
}

/// The byte ranges of the outermost error and missing nodes of a tree, in
/// order: found in one walk, where looking each hit up from the root would
/// step through every element of a long list (minified code) for each.
fn error_ranges(root: Node) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    for_each_error(root, false, |node| ranges.push(node.byte_range()));
    ranges
}

/// The name under which an import is used: the alias, or the last segment
/// of the imported path (`"example.com/cmds/run"` gives `run`).
fn imported_name(path: &str) -> String {
    let path = path.trim_matches(|c| matches!(c, '"' | '\'' | '`'));
    path.rsplit(['/', '.', ':'])
        .next()
        .unwrap_or(path)
        .to_string()
}

pub fn node_text<'a>(text: &'a [u8], node: Node) -> &'a str {
    std::str::from_utf8(&text[node.byte_range()]).unwrap_or("")
}

fn followed_by_assignment(text: &[u8], end: usize) -> bool {
    let rest = text[end..].iter().skip_while(|b| b.is_ascii_whitespace());
    let mut rest = rest.copied();
    rest.next() == Some(b'=') && rest.next() != Some(b'=')
}

/// The bytes inside a string literal's quotes (and after a prefix such as
/// Python's `r` or `f`).
pub(crate) fn string_content(text: &[u8], node: Range<usize>) -> Range<usize> {
    let bytes = &text[node.clone()];
    let is_quote = |b: &u8| matches!(b, b'"' | b'\'' | b'`');
    // A quote opens the string only after a prefix (`r#`, `f`): in an
    // unquoted YAML scalar (`run_id = "x"`) a quote is part of the text.
    let first_quote = bytes.iter().position(is_quote).filter(|&p| {
        bytes[..p]
            .iter()
            .all(|&b| b.is_ascii_alphabetic() || b == b'#')
    });
    let start = first_quote.map_or(0, |p| {
        p + bytes[p..].iter().take_while(|b| is_quote(b)).count().min(3)
    });
    // A Rust raw string closes with as many `#` as it opens with: r#"..."#
    let hashes = first_quote.map_or(0, |p| {
        bytes[..p].iter().rev().take_while(|&&b| b == b'#').count()
    });
    let body = &bytes[..bytes.len().saturating_sub(hashes)];
    let trailing = match first_quote {
        Some(_) => body.iter().rev().take_while(|b| is_quote(b)).count().min(3),
        None => 0,
    };
    let end = body.len().saturating_sub(trailing).max(start);
    node.start + start..node.start + end
}

/// Does a string read as an SQL statement? Its first word is a statement
/// keyword and a second SQL keyword follows.
pub(crate) fn looks_like_sql(content: &[u8]) -> bool {
    let mut words = content
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    let is = |keyword: &str| first.eq_ignore_ascii_case(keyword.as_bytes());
    let second_keywords: &[&str] = if is("SELECT") || is("DELETE") {
        &["FROM"]
    } else if is("INSERT") || is("REPLACE") {
        &["INTO"]
    } else if is("UPDATE") {
        &["SET"]
    } else if is("CREATE") || is("DROP") || is("ALTER") {
        &["TABLE", "INDEX", "VIEW", "UNIQUE", "TRIGGER"]
    } else if is("WITH") {
        &["AS"]
    } else {
        return false;
    };
    words.take(64).any(|w| {
        second_keywords
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k.as_bytes()))
    })
}

/// Does a string hold a JSON document? An object, or an array of objects,
/// with a quoted key.
fn looks_like_json(content: &[u8]) -> bool {
    let text = content.trim_ascii();
    let object = text.starts_with(b"{") && text.ends_with(b"}");
    let array = text.starts_with(b"[") && text.ends_with(b"]");
    let quoted_key = text
        .split(|&b| b == b'"')
        .skip(2)
        .step_by(2)
        .any(|after| after.trim_ascii_start().starts_with(b":"));
    (object || array) && quoted_key
}

/// Is the hit a whole `{name}` or `{name:spec}` in a format string (not an
/// escaped `{{name}}`)?
fn is_format_argument(text: &[u8], hit: &Range<usize>) -> bool {
    let token = termshift_words::token_around(text, hit.start);
    let open = token.start.checked_sub(1).map(|i| text[i]);
    let escaped = token.start.checked_sub(2).map(|i| text[i]) == Some(b'{');
    let close = text.get(token.end).copied();
    open == Some(b'{')
        && !escaped
        && matches!(close, Some(b'}' | b':'))
        && text[token.clone()].iter().all(|&b| is_ident_byte(b))
}

/// A hit in a string that holds a URL path (`"/runs/:runId"`) is a route
/// segment; one between `?` or `&` and `=` is a query parameter.
fn url_role(text: &[u8], string: Range<usize>, hit: &Range<usize>) -> Option<Role> {
    let content = string_content(text, string);
    let bytes = &text[content.clone()];
    let token = termshift_words::token_around(text, hit.start);
    // A token the string does not hold whole (a broken file's string) is
    // no segment of it.
    if token.start < content.start || token.end > content.end {
        return None;
    }
    let before = text[content.start..token.start]
        .iter()
        .rev()
        .take_while(|b| !b.is_ascii_whitespace())
        .count();
    let piece_start = token.start - before;
    let piece_end = token.end
        + text[token.end..content.end]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace())
            .count();
    let piece = &text[piece_start..piece_end.min(content.end)];
    let prev = text.get(token.start.wrapping_sub(1)).copied();
    let next = text.get(token.end).copied();
    if matches!(prev, Some(b'?' | b'&')) && next == Some(b'=') {
        return Some(Role::QueryParam);
    }
    let path_like = piece.first() == Some(&b'/') || piece.windows(3).any(|w| w == b"://");
    if path_like && matches!(prev, Some(b'/' | b':' | b'{')) && !bytes.contains(&b'\n') {
        return Some(Role::Route);
    }
    None
}

/// The role of a hit at `offset` in a Go struct tag such as
/// `` `json:"run_id,omitempty" db:"run_id"` ``: the name part of a value is
/// the key the tag gives the field, and so are the `name=` and `json=`
/// options of a protobuf tag (`protobuf:"bytes,3,opt,name=run_id,json=runId"`).
fn struct_tag_role(tag: &str, offset: usize) -> Role {
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            let start = i + 1;
            let end = start
                + bytes[start..]
                    .iter()
                    .position(|&b| b == b'"')
                    .unwrap_or(bytes.len() - start);
            let mut part_start = start;
            for (n, part) in tag[start..end].split(',').enumerate() {
                let key = if n == 0 {
                    Some(0)
                } else {
                    ["name=", "json="]
                        .iter()
                        .find(|option| part.starts_with(*option))
                        .map(|option| option.len())
                };
                // A name is one token; free text (`doc:"the run"`) is no key.
                if let Some(skip) = key {
                    let name = part_start + skip..part_start + part.len();
                    let is_name = !bytes[name.clone()].iter().any(u8::is_ascii_whitespace);
                    if is_name && name.contains(&offset) {
                        return Role::StructTagKey;
                    }
                }
                part_start += part.len() + 1;
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    Role::StructTag
}

/// The code spans of a Markdown block: the bytes between their backticks,
/// in order.
fn code_spans(block: &[u8]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < block.len() {
        if block[i] != b'`' {
            i += 1;
            continue;
        }
        let run = block[i..].iter().take_while(|&&b| b == b'`').count();
        let open_end = i + run;
        // The span closes at the next run of exactly as many backticks.
        let mut j = open_end;
        let mut close = None;
        while j < block.len() {
            if block[j] == b'`' {
                let r = block[j..].iter().take_while(|&&b| b == b'`').count();
                if r == run {
                    close = Some(j);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        match close {
            Some(c) => {
                spans.push(open_end..c);
                i = c + run;
            }
            None => i = open_end,
        }
    }
    spans
}

/// Tree-sitter ranges of byte ranges in increasing order: rows are counted
/// from one range to the next, not from the start of the file each time.
fn ts_ranges(
    text: &[u8],
    ranges: impl IntoIterator<Item = Range<usize>>,
) -> Vec<tree_sitter::Range> {
    let (mut offset, mut row, mut line_start) = (0, 0, 0);
    let mut point_at = |at: usize| {
        if at < offset {
            (offset, row, line_start) = (0, 0, 0);
        }
        for newline in memchr::memchr_iter(b'\n', &text[offset..at]) {
            row += 1;
            line_start = offset + newline + 1;
        }
        offset = at;
        Point {
            row,
            column: at - line_start,
        }
    };
    ranges
        .into_iter()
        .map(|range| tree_sitter::Range {
            start_byte: range.start,
            end_byte: range.end,
            start_point: point_at(range.start),
            end_point: point_at(range.end),
        })
        .collect()
}

/// Whether a name holds a word, singular or plural (`turns_by_run` holds
/// `run`; `planning_runs` holds `run` and `runs`).
pub(crate) fn holds_word(name: &str, word: &str) -> bool {
    let stem = |w: &str| {
        let w = w.to_ascii_lowercase();
        w.strip_suffix("es")
            .filter(|s| s.ends_with(['s', 'x', 'z']) || s.ends_with("ch") || s.ends_with("sh"))
            .or_else(|| w.strip_suffix('s'))
            .map(str::to_string)
            .unwrap_or(w)
    };
    let word = stem(word);
    termshift_words::split_words(name)
        .into_iter()
        .any(|r| stem(&name[r]) == word)
}

/// Text without whitespace, for comparing code that differs only in
/// alignment or line breaks.
pub(crate) fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Where each line of a text starts, as `text.split('\n')` has its lines.
pub(crate) fn line_starts(text: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text).map(|at| at + 1))
        .collect()
}

/// Visits every node under `root`, parents first, with its ancestors
/// (root first): a walk that never asks a node for its parent, which
/// tree-sitter answers by walking down again from the root.
pub(crate) fn walk_with_ancestors<'n>(root: Node<'n>, f: &mut impl FnMut(Node<'n>, &[Node<'n>])) {
    let mut cursor = root.walk();
    let mut ancestors: Vec<Node<'n>> = Vec::new();
    loop {
        let node = cursor.node();
        f(node, &ancestors);
        if cursor.goto_first_child() {
            ancestors.push(node);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
            ancestors.pop();
        }
    }
}

/// An S-expression of a file's tree with field names, for writing role
/// queries.
pub fn debug_tree(lang: Lang, text: &[u8]) -> Option<String> {
    let tree = parse(lang, text, None)?;
    let mut out = String::new();
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        if node.is_named() {
            let field = cursor
                .field_name()
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            let start = node.start_position();
            out.push_str(&format!(
                "{:indent$}{field}({}) {}:{}",
                "",
                node.kind(),
                start.row + 1,
                start.column + 1,
                indent = depth * 2
            ));
            if node.child_count() == 0 {
                out.push_str(&format!(" {:?}", node_text(text, node)));
            }
            out.push('\n');
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return Some(out);
            }
            depth -= 1;
        }
    }
}

#[cfg(test)]
impl FileTree<'_> {
    /// One pass of the role query over the whole tree: what [`Self::gather`]
    /// must find with its narrower passes.
    fn gather_whole_tree<'n>(&self, root: Node<'n>, hits: &[Range<usize>]) -> Gathered<'n> {
        let grammar = self.lang.grammar().expect("parsed languages have grammars");
        let mut around: Vec<AroundHit<'n>> = hits.iter().map(|_| AroundHit::default()).collect();
        let mut bindings = Bindings::default();
        let mut declared = Vec::new();
        let mut cursor = QueryCursor::new();
        each_match(&mut cursor, &grammar.roles, root, self.text, |m| {
            let found = Found::of_roles(grammar, m);
            let bindings = Some(&mut bindings);
            self.take_match(m, found, hits, &mut around, &mut declared, bindings);
        });
        // Every import and parameter is known: names are never looked for.
        Gathered {
            around,
            bindings: Bindings::default(),
            bindings_by_name: RefCell::default(),
            all_bindings: OnceCell::from(bindings),
            declared: declared_by_name(self.text, declared),
            code_spans: RefCell::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_in_either_number() {
        assert!(holds_word("turns_by_run", "run"));
        assert!(holds_word("planning_runs", "run"));
        assert!(holds_word("run_id", "Runs"));
        assert!(!holds_word("runtime_id", "run"));
    }

    /// The narrow passes of `gather` locate every hit of the example
    /// corpora (every language, parsed by items and whole) as one pass of
    /// the role query over the whole tree does.
    #[test]
    fn narrow_passes_locate_like_one_pass_over_the_tree() {
        let vocab = termshift_words::Vocabulary::new(
            ["run", "session", "user", "account", "id", "name"]
                .into_iter()
                .map(|w| termshift_words::Term::new(w, None).unwrap())
                .collect(),
        );
        // Patterns anchored at the root and patterns of top-level siblings,
        // which the narrow passes leave to the whole-file passes.
        let mut files: Vec<(String, Vec<u8>)> = vec![
            (
                "top.go".into(),
                b"package run\n\nvar runID = \"x\"\n\nconst (\n\tsessionID = 1\n)\n\n// Run runs.\nfunc Run(runID string) { _ = runID }\n".to_vec(),
            ),
            (
                "top.ts".into(),
                b"const runId = 1;\nexport const sessionId = runId;\n// runs it\nfunction run(runId: string) { return runId; }\n".to_vec(),
            ),
            // A name that occurs more often than looking around each place
            // pays for.
            (
                "often.py".into(),
                format!("import run\n\ndef go(run):\n{}", "    x = run + run\n".repeat(300))
                    .into_bytes(),
            ),
            (
                "top.py".into(),
                b"\"\"\"The run module.\"\"\"\nimport run\nrun_id = run.start()\n\n# run it\ndef go(run_id):\n    return run_id\n".to_vec(),
            ),
        ];
        let mut folders =
            vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
                }
            }
        }
        let mut checked = std::collections::BTreeSet::new();
        for (path, text) in &files {
            let lang = Lang::from_path(std::path::Path::new(path));
            if lang.grammar().is_none() {
                continue;
            }
            let hits: Vec<Range<usize>> =
                vocab.find_all(text).into_iter().map(|h| h.word).collect();
            let trees = [parse_around(lang, text, &hits), parse(lang, text, None)];
            for tree in trees.iter().flatten() {
                let file = FileTree::new(lang, text, tree);
                let root = tree.root_node();
                let mut sql = SqlFacts::new(hits.len());
                let narrow = file.locate_gathered(&hits, file.gather(root, &hits), &mut sql);
                let whole_tree = file.gather_whole_tree(root, &hits);
                let mut sql = SqlFacts::new(hits.len());
                let whole = file.locate_gathered(&hits, whole_tree, &mut sql);
                assert_eq!(narrow, whole, "{path}");
            }
            checked.insert(lang);
        }
        assert!(checked.len() >= 9, "languages checked: {checked:?}");
    }

    /// The first line of each item.
    fn first_lines<'a>(text: &'a [u8], starts: &[usize]) -> Vec<&'a str> {
        let line = |s: usize| {
            std::str::from_utf8(&text[s..])
                .unwrap()
                .lines()
                .next()
                .unwrap()
        };
        starts.iter().map(|&s| line(s)).collect()
    }

    #[test]
    fn ranges_carry_the_row_and_column_of_their_ends() {
        let text = b"ab\ncd\n\nefg\n";
        let point = |row, column| Point { row, column };
        let ranges = ts_ranges(text, [1..4, 4..4, 8..10, 0..3]);
        let points: Vec<_> = ranges
            .iter()
            .map(|r| (r.start_point, r.end_point))
            .collect();
        assert_eq!(
            points,
            [
                (point(0, 1), point(1, 1)),
                (point(1, 1), point(1, 1)),
                (point(3, 1), point(3, 3)),
                (point(0, 0), point(1, 0)),
            ]
        );
    }

    #[test]
    fn items_start_after_a_closing_line_at_column_0() {
        let go = b"package x\n\nimport \"a\"\n\nfunc a() {\n\tx := `\n}`\n}\n\n// B does b.\nfunc b() {}\n\nvar (\n\tc = 1\n)\nvar d = 2\n";
        assert_eq!(
            first_lines(go, &item_starts(Layout::Braces, go)),
            ["package x", "// B does b.", "var d = 2"]
        );
        let py = b"import os\n\ndef a():\n    pass\nelse_ = 1\n\nclass B:\n    x = 1\n# note\n    y = 2\n";
        assert_eq!(
            first_lines(py, &item_starts(Layout::Indentation, py)),
            ["import os", "else_ = 1"]
        );
        let sql = b"CREATE TABLE a (\n  x TEXT\n);\n-- b\nCREATE INDEX b ON a(x);\nINSERT INTO a VALUES ('\n;\nx');\n";
        // The split inside the string is wrong; the parse of the items then
        // has an error and the whole file is parsed instead (tested below).
        let starts = item_starts(Layout::Statements, sql);
        assert_eq!(starts, [0, 29, 58, 84]);
        let md = b"# A\ntext\n```sh\n# not a heading\n```\n## B\n";
        let starts = item_starts(Layout::Sections, md);
        assert_eq!(starts, [0, md.len() - 5]);
    }

    /// Parsing only the items with hits gives the roles a whole parse gives.
    #[test]
    fn items_with_hits_locate_like_the_whole_file() {
        let mut go = String::from("package big\n\nimport \"example.com/run\"\n\n");
        for i in 0..300 {
            go.push_str(&format!(
                "// F{i} does things.\nfunc F{i}(x int) int {{\n\treturn x + {i}\n}}\n\n"
            ));
            if i == 150 {
                go.push_str("type Conv struct {\n\tRunID string `json:\"run_id\"`\n}\n\n");
                go.push_str("func (c *Conv) Use(runID string) {\n\trun.Do(c.RunID, runID, \"SELECT run_id FROM turns\")\n}\n\n");
            }
        }
        let text = go.as_bytes();
        let hits: Vec<Range<usize>> =
            termshift_words::Vocabulary::new(
                vec![termshift_words::Term::new("run", None).unwrap()],
            )
            .find_all(text)
            .into_iter()
            .map(|h| h.word)
            .collect();
        assert_eq!(hits.len(), 8);
        let items = items_with_hits(Layout::Braces, text, &hits).expect("a small part of the file");
        assert_eq!(
            items.len(),
            2,
            "header and the items around line 150: {items:?}"
        );
        let partial = locate_hits(Lang::Go, text, &hits);
        let whole_tree = parse(Lang::Go, text, None).unwrap();
        let whole = FileTree::new(Lang::Go, text, &whole_tree)
            .locate_all(&hits, &mut SqlFacts::new(hits.len()));
        assert_eq!(partial.located, whole);
        assert!(
            partial.located.iter().any(|l| l.role == Role::PackageUse),
            "imports come from the header"
        );
        assert!(partial.located.iter().any(|l| l.lang == Lang::Sql));
    }

    /// A lexical split that cuts a statement makes the items fail to parse:
    /// the whole file is parsed instead.
    #[test]
    fn a_bad_split_falls_back_to_the_whole_file() {
        let mut sql = String::new();
        for i in 0..200 {
            sql.push_str(&format!("CREATE TABLE t{i} (x TEXT);\n"));
        }
        sql.push_str("INSERT INTO notes (note) VALUES ('a\n;\nrun_id here');\n");
        let text = sql.as_bytes();
        let vocab =
            termshift_words::Vocabulary::new(
                vec![termshift_words::Term::new("run", None).unwrap()],
            );
        let hits: Vec<Range<usize>> = vocab.find_all(text).into_iter().map(|h| h.word).collect();
        let items = items_with_hits(Layout::Statements, text, &hits).unwrap();
        assert_eq!(
            &text[items[1].clone()],
            b"run_id here');\n",
            "the split cuts the string"
        );
        let located = locate_hits(Lang::Sql, text, &hits).located;
        assert_eq!(located.len(), 1);
        assert_eq!(located[0].role, Role::StringLiteral, "{located:?}");
    }
}
