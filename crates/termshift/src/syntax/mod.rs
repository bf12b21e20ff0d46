//! Syntax roles: parse a file that holds hits, and say for each hit what it
//! is in the code and which symbol encloses it.
//!
//! Each language has a role query (`queries/<lang>.scm`) whose captures are
//! named after [`Role`]s; the smallest captured node around a hit gives its
//! role (ties go to the pattern written first). `@scope` / `@scope.name`
//! captures name the declarations around a hit, which make its symbol
//! (`Router.startRunForPrompt`). `@injection.content` with
//! `@injection.language` hands a region to another grammar (a Markdown
//! fence); string literals that read as SQL are parsed as SQL.

mod lang;
mod role;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::{Node, Parser, Point, QueryCursor, StreamingIterator, Tree};

pub use lang::{Grammar, Lang, PARSED};
pub use role::Role;

/// What one hit is, as read from the syntax tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub role: Role,
    /// The declarations around the hit, outermost first, joined by `.`.
    pub symbol: Option<String>,
    /// The language of the innermost grammar that read the hit (SQL inside a
    /// Go string is `sql`).
    pub lang: Lang,
}

/// The roles of a file's hits, in the order of the hits given.
#[derive(Debug)]
pub struct FileSyntax {
    pub located: Vec<Located>,
    /// The parser reported a syntax error somewhere in the file.
    pub syntax_error: bool,
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
    static CURSOR: RefCell<QueryCursor> = RefCell::new(QueryCursor::new());
}

/// Parses `text` once as `lang` and locates every hit (byte ranges of the
/// matched words, in increasing order).
pub fn locate_hits(lang: Lang, text: &[u8], hits: &[Range<usize>]) -> FileSyntax {
    let Some(tree) = parse(lang, text, None) else {
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
                    lang,
                })
                .collect(),
            syntax_error: lang != Lang::Text,
        };
    };
    let mut file = FileTree::new(lang, text, tree);
    let located = hits.iter().map(|hit| file.locate(hit.clone())).collect();
    FileSyntax {
        located,
        syntax_error: file.tree.root_node().has_error(),
    }
}

/// Parses `text`, or only `ranges` of it, as `lang`. `None` for plain text.
pub fn parse(lang: Lang, text: &[u8], ranges: Option<&[tree_sitter::Range]>) -> Option<Tree> {
    let grammar = lang.grammar()?;
    PARSER.with_borrow_mut(|parser| {
        parser.set_language(&grammar.language).ok()?;
        parser.set_included_ranges(ranges.unwrap_or(&[])).ok()?;
        parser.parse(text, None)
    })
}

/// The tree of a file (or of a region of it in another language), with the
/// trees of the regions embedded in it, parsed on first need.
struct FileTree<'t> {
    lang: Lang,
    text: &'t [u8],
    tree: Tree,
    embedded: HashMap<Range<usize>, Option<FileTree<'t>>>,
    parameters: HashMap<Range<usize>, Vec<String>>,
    imports: Option<Vec<String>>,
}

/// A capture around a hit, ranked by how specific it is.
struct Candidate<'n> {
    role: Role,
    node: Node<'n>,
    pattern: usize,
}

struct Scope {
    range: Range<usize>,
    name: String,
}

impl<'t> FileTree<'t> {
    fn new(lang: Lang, text: &'t [u8], tree: Tree) -> FileTree<'t> {
        FileTree {
            lang,
            text,
            tree,
            embedded: HashMap::new(),
            parameters: HashMap::new(),
            imports: None,
        }
    }

    fn locate(&mut self, hit: Range<usize>) -> Located {
        let lexical = Located {
            role: Role::Lexical,
            symbol: None,
            lang: self.lang,
        };
        let grammar = self.lang.grammar().expect("parsed languages have grammars");
        let tree = self.tree.clone();
        let root = tree.root_node();
        let Some(leaf) = root.descendant_for_byte_range(hit.start, hit.end) else {
            return lexical;
        };
        if inside_error(leaf) {
            return lexical;
        }

        let query = &grammar.roles;
        let names = query.capture_names();
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut scopes: Vec<Scope> = Vec::new();
        let mut injection: Option<(Node, Lang)> = None;
        CURSOR.with_borrow_mut(|cursor| {
            cursor.set_byte_range(hit.clone());
            let mut matches = cursor.matches(query, root, self.text);
            while let Some(m) = matches.next() {
                let mut scope_node = None;
                let mut scope_name = None;
                let mut scope_receiver = None;
                let mut injected = None;
                let mut injected_lang = None;
                for capture in m.captures {
                    let node = capture.node;
                    match names[capture.index as usize] {
                        "scope" => scope_node = Some(node),
                        "scope.name" => scope_name = Some(node),
                        "scope.receiver" => scope_receiver = Some(node),
                        "injection.content" => injected = Some(node),
                        "injection.language" => injected_lang = Some(node),
                        name => {
                            if let Some(role) = Role::from_name(name) {
                                if contains(node, &hit) {
                                    candidates.push(Candidate {
                                        role,
                                        node,
                                        pattern: m.pattern_index,
                                    });
                                }
                            }
                        }
                    }
                }
                if let (Some(node), Some(name)) = (scope_node, scope_name) {
                    if contains(node, &hit) {
                        let name = node_text(self.text, name);
                        let name = match scope_receiver {
                            Some(receiver) => format!("{}.{name}", node_text(self.text, receiver)),
                            None => name.to_string(),
                        };
                        scopes.push(Scope {
                            range: node.byte_range(),
                            name,
                        });
                    }
                }
                if let (Some(content), Some(lang_node)) = (injected, injected_lang) {
                    let lang = Lang::from_fence(node_text(self.text, lang_node));
                    if let (true, Some(lang)) = (contains(content, &hit), lang) {
                        injection = Some((content, lang));
                    }
                }
            }
        });
        scopes.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        scopes.dedup_by(|a, b| a.range == b.range);
        let symbol = (!scopes.is_empty()).then(|| {
            scopes
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(".")
        });

        if let Some((content, lang)) = injection {
            if let Some(inner) = self.locate_embedded(content.byte_range(), lang, &hit) {
                return Located {
                    symbol: inner.symbol.or(symbol),
                    ..inner
                };
            }
        }

        candidates.sort_by_key(|c| (c.node.byte_range().len(), c.pattern));
        for candidate in candidates {
            if let Some(role) = self.refine(&candidate, &hit, &scopes) {
                if role == Role::StringLiteral && self.lang.strings_may_hold_sql() {
                    let content = string_content(self.text, candidate.node.byte_range());
                    if looks_like_sql(&self.text[content.clone()]) {
                        if let Some(inner) = self.locate_embedded(content, Lang::Sql, &hit) {
                            return Located {
                                symbol: inner.symbol.or(symbol),
                                ..inner
                            };
                        }
                    }
                }
                return Located {
                    role,
                    symbol,
                    lang: self.lang,
                };
            }
        }
        Located {
            role: self.default_role(),
            symbol,
            lang: self.lang,
        }
    }

    /// The role a capture gives, after checks that only code can make; `None`
    /// rejects the capture in favour of the next one.
    fn refine(
        &mut self,
        candidate: &Candidate,
        hit: &Range<usize>,
        scopes: &[Scope],
    ) -> Option<Role> {
        let node = candidate.node;
        match candidate.role {
            Role::StringLiteral => {
                Some(url_role(self.text, node.byte_range(), hit).unwrap_or(Role::StringLiteral))
            }
            Role::StructTag => Some(struct_tag_role(
                node_text(self.text, node),
                hit.start - node.start_byte(),
            )),
            Role::MarkdownProse | Role::MarkdownHeading => {
                let range = node.byte_range();
                Some(
                    if in_code_span(&self.text[range.clone()], hit.start - range.start) {
                        Role::MarkdownCodeSpan
                    } else {
                        candidate.role
                    },
                )
            }
            // A key written as a bare identifier must be assigned
            // (`user_id = %id` in a macro), else it is the value.
            Role::LogKey if node.kind() == "identifier" => {
                followed_by_assignment(self.text, node.end_byte()).then_some(Role::LogKey)
            }
            Role::VariableUse => {
                let name = node_text(self.text, node).to_string();
                let scope = scopes.last().map(|s| s.range.clone());
                match scope {
                    Some(scope) if self.parameters_of(scope.clone()).contains(&name) => {
                        Some(Role::ParameterUse)
                    }
                    _ if self.imported_names().contains(&name) => Some(Role::PackageUse),
                    _ => Some(Role::VariableUse),
                }
            }
            role => Some(role),
        }
    }

    fn default_role(&self) -> Role {
        match self.lang {
            Lang::Markdown => Role::MarkdownProse,
            Lang::Yaml | Lang::Json => Role::DataValue,
            _ => Role::Lexical,
        }
    }

    /// Names of the parameters declared in a scope (a function).
    fn parameters_of(&mut self, scope: Range<usize>) -> &Vec<String> {
        let (lang, text, root) = (self.lang, self.text, self.tree.root_node());
        self.parameters.entry(scope.clone()).or_insert_with(|| {
            let Some(node) = root.descendant_for_byte_range(scope.start, scope.end) else {
                return Vec::new();
            };
            captured_texts(lang, text, node, Role::ParameterDeclaration.name())
        })
    }

    /// Names under which the file imports packages or modules: the alias, or
    /// the last segment of the imported path (`"example.com/cmds/run"` gives
    /// `run`).
    fn imported_names(&mut self) -> &Vec<String> {
        let (lang, text, root) = (self.lang, self.text, self.tree.root_node());
        self.imports.get_or_insert_with(|| {
            captured_texts(lang, text, root, "import")
                .into_iter()
                .map(|path| {
                    let path = path.trim_matches(|c| matches!(c, '"' | '\'' | '`'));
                    path.rsplit(['/', '.', ':'])
                        .next()
                        .unwrap_or(path)
                        .to_string()
                })
                .collect()
        })
    }

    /// Locates `hit` in a region of the file parsed as another language.
    fn locate_embedded(
        &mut self,
        region: Range<usize>,
        lang: Lang,
        hit: &Range<usize>,
    ) -> Option<Located> {
        let text = self.text;
        let embedded = self.embedded.entry(region.clone()).or_insert_with(|| {
            let range = ts_range(text, region.clone());
            parse(lang, text, Some(&[range])).map(|tree| FileTree::new(lang, text, tree))
        });
        match embedded {
            Some(tree) => {
                let located = tree.locate(hit.clone());
                (located.role != Role::Lexical).then_some(located)
            }
            None => Some(Located {
                role: Role::MarkdownCodeBlock,
                symbol: None,
                lang,
            }),
        }
    }
}

/// The texts of every `capture` of the role query under `node`.
fn captured_texts(lang: Lang, text: &[u8], node: Node, capture: &str) -> Vec<String> {
    let Some(grammar) = lang.grammar() else {
        return Vec::new();
    };
    let query = &grammar.roles;
    let Some(index) = query.capture_index_for_name(capture) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    CURSOR.with_borrow_mut(|cursor| {
        cursor.set_byte_range(node.byte_range());
        let mut matches = cursor.matches(query, node, text);
        while let Some(m) = matches.next() {
            for c in m.captures.iter().filter(|c| c.index == index) {
                names.push(node_text(text, c.node).to_string());
            }
        }
    });
    names
}

fn contains(node: Node, hit: &Range<usize>) -> bool {
    node.start_byte() <= hit.start && hit.end <= node.end_byte()
}

fn inside_error(mut node: Node) -> bool {
    loop {
        if node.is_error() || node.is_missing() {
            return true;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
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
fn string_content(text: &[u8], node: Range<usize>) -> Range<usize> {
    let bytes = &text[node.clone()];
    let is_quote = |b: &u8| matches!(b, b'"' | b'\'' | b'`');
    let start = bytes.iter().position(is_quote).map_or(0, |p| {
        p + bytes[p..].iter().take_while(|b| is_quote(b)).count().min(3)
    });
    let trailing = bytes
        .iter()
        .rev()
        .take_while(|b| is_quote(b))
        .count()
        .min(3);
    let end = bytes.len().saturating_sub(trailing).max(start);
    node.start + start..node.start + end
}

/// Does a string read as an SQL statement? Its first word is a statement
/// keyword and a second SQL keyword follows.
fn looks_like_sql(content: &[u8]) -> bool {
    let text = String::from_utf8_lossy(content);
    let mut words = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    let first = first.to_ascii_uppercase();
    let second_keywords: &[&str] = match first.as_str() {
        "SELECT" => &["FROM"],
        "INSERT" | "REPLACE" => &["INTO"],
        "UPDATE" => &["SET"],
        "DELETE" => &["FROM"],
        "CREATE" | "DROP" | "ALTER" => &["TABLE", "INDEX", "VIEW", "UNIQUE", "TRIGGER"],
        "WITH" => &["AS"],
        _ => return false,
    };
    words
        .take(64)
        .any(|w| second_keywords.iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// A hit in a string that holds a URL path (`"/runs/:runId"`) is a route
/// segment; one between `?` or `&` and `=` is a query parameter.
fn url_role(text: &[u8], string: Range<usize>, hit: &Range<usize>) -> Option<Role> {
    let content = string_content(text, string);
    let bytes = &text[content.clone()];
    let token = termshift_words::token_around(text, hit.start);
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
/// the key the tag gives the field.
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
            let name_end = start
                + bytes[start..end]
                    .iter()
                    .position(|&b| b == b',')
                    .unwrap_or(end - start);
            // A name is one token; free text (`doc:"the run"`) is no key.
            let is_name = !bytes[start..name_end].iter().any(u8::is_ascii_whitespace);
            if is_name && (start..name_end).contains(&offset) {
                return Role::StructTagKey;
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    Role::StructTag
}

/// Whether byte `offset` of a Markdown block lies inside a code span.
fn in_code_span(block: &[u8], offset: usize) -> bool {
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
                if (open_end..c).contains(&offset) {
                    return true;
                }
                i = c + run;
            }
            None => i = open_end,
        }
    }
    false
}

fn ts_range(text: &[u8], range: Range<usize>) -> tree_sitter::Range {
    tree_sitter::Range {
        start_byte: range.start,
        end_byte: range.end,
        start_point: point_at(text, range.start),
        end_point: point_at(text, range.end),
    }
}

fn point_at(text: &[u8], offset: usize) -> Point {
    let before = &text[..offset];
    let row = memchr::memchr_iter(b'\n', before).count();
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    Point {
        row,
        column: offset - line_start,
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
