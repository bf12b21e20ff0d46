//! What the renames make equal to what stands beside it, and what goes
//! with it: the containers around a place and its entry in each, an
//! assignment of a name to itself, a fallback to the same read, a call
//! chained beside its twin, a line equal to its neighbour, and the bytes
//! an entry takes with it when it goes.
//!
//! A place's checks climb its tree through [`Climbs`], which keeps each
//! node's answer for every place below it: the places of one long chain
//! (`a + b + c ...`, `x.run.run...`) share one climb, so a file costs its
//! places and its nodes, not their product.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

use super::after::{squeezed, After};
use crate::syntax::{self, Lang, Nearest, Up};

/// What a place's checks climb to, each node's answer kept for every
/// place below it: the places of one long chain share one climb.
pub(super) struct Climbs<'a, 't> {
    /// A node whose parent is a scope or sequence container.
    entry: Nearest<Test<'a, 't>>,
    assignment: Nearest<Test<'a, 't>>,
    /// `a || b`, `a ?? b`, `a or b`.
    fallback: Nearest<Test<'a, 't>>,
    call: Nearest<Test<'a, 't>>,
}

type Test<'a, 't> = Box<dyn FnMut(Up<'a, 't>) -> bool + 'a>;

impl<'a, 't> Climbs<'a, 't> {
    pub(super) fn new(lang: Lang, text: &'a [u8]) -> Climbs<'a, 't> {
        let kinds = lang.edit_kinds();
        Climbs {
            entry: Nearest::new(Box::new(move |up: Up| {
                up.parent().is_some_and(|parent| {
                    let kind = parent.node().kind();
                    lang.scope_containers().contains(&kind)
                        || lang.sequence_containers().contains(&kind)
                })
            })),
            assignment: Nearest::new(Box::new(move |up: Up| {
                kinds.assignments.contains(&up.node().kind())
            })),
            fallback: Nearest::new(Box::new(move |up: Up| {
                let node = up.node();
                let (Some(left), Some(right)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) else {
                    return false;
                };
                let operator = String::from_utf8_lossy(&text[left.end_byte()..right.start_byte()]);
                ["||", "??", "or"].contains(&operator.trim())
            })),
            call: Nearest::new(Box::new(move |up: Up| {
                kinds.calls.contains(&up.node().kind())
            })),
        }
    }
}

/// The containers around a place, nearest first, each with its entry (the
/// child that holds the place): the nearest two, and on to the first that
/// is a scope.
pub(super) fn scopes_around<'a, 't>(
    here: Up<'a, 't>,
    lang: Lang,
    climbs: &mut Climbs<'a, 't>,
) -> Vec<(Node<'t>, Node<'t>)> {
    let mut scopes: Vec<(Node<'t>, Node<'t>)> = Vec::new();
    let mut up = here;
    while let Some(child) = climbs.entry.from(up) {
        let Some(container) = child.parent() else {
            break;
        };
        let node = child.node();
        // An attribute (`#[serde(rename = "..")]`) belongs to the entry
        // after it.
        let entry = match node.next_named_sibling() {
            Some(next) if lang.edit_kinds().attributes.contains(&node.kind()) => next,
            _ => node,
        };
        scopes.push((container.node(), entry));
        let scope_found = scopes
            .iter()
            .any(|(c, _)| lang.scope_containers().contains(&c.kind()));
        if scopes.len() >= 2 && scope_found {
            break;
        }
        up = container;
    }
    scopes
}

/// Whether a line the renames make equal to a neighbour can go, asked once
/// per line: a minified file holds every place on one line.
#[derive(Default)]
pub(super) struct LineMemo {
    /// Where each line of the file starts, once asked.
    starts: Option<Vec<usize>>,
    removable: HashMap<usize, Option<Range<usize>>>,
}

impl LineMemo {
    /// The line of `at` (with its newline) when the renames make it equal
    /// to the line before or after it, which no rename touches, and
    /// `parses_without` says the file parses as well without it.
    pub(super) fn removable(
        &mut self,
        after: &After,
        at: usize,
        parses_without: impl FnOnce(&Range<usize>) -> bool,
    ) -> Option<Range<usize>> {
        let text = after.text();
        let starts = self.starts.get_or_insert_with(|| syntax::line_starts(text));
        let line_of = |at: usize| {
            let n = starts.partition_point(|&s| s <= at) - 1;
            starts[n]..starts.get(n + 1).copied().unwrap_or(text.len())
        };
        let line = line_of(at);
        if let Some(known) = self.removable.get(&line.start) {
            return known.clone();
        }
        let previous = (line.start > 0).then(|| line_of(line.start - 1));
        let next = (line.end < text.len()).then(|| line_of(line.end));
        let mine = squeezed(&after.read(line.clone()));
        let same = !mine.is_empty()
            && [previous, next].into_iter().flatten().any(|other| {
                !after.touches(&other) && squeezed(&String::from_utf8_lossy(&text[other])) == mine
            });
        let found = (same && parses_without(&line)).then_some(line.clone());
        self.removable.insert(line.start, found.clone());
        found
    }
}

/// In `a || b`, `a ?? b` or `a or b` with `span` in one side: that side
/// and the operator, when the renames make both sides read the same.
pub(super) fn same_fallback<'a, 't>(
    here: Up<'a, 't>,
    span: &Range<usize>,
    after: &After,
    climbs: &mut Climbs<'a, 't>,
) -> Option<Range<usize>> {
    let node = climbs.fallback.from(here.parent()?)?.node();
    let (left, right) = (
        node.child_by_field_name("left")?,
        node.child_by_field_name("right")?,
    );
    let same =
        squeezed(&after.read(left.byte_range())) == squeezed(&after.read(right.byte_range()));
    if !same {
        return None;
    }
    Some(if right.byte_range().contains(&span.start) {
        left.end_byte()..right.end_byte()
    } else {
        left.start_byte()..right.start_byte()
    })
}

/// The call of a method chain whose arguments hold `span` when the renames
/// make it equal to the call chained before or after it (the same method,
/// the same arguments): the text of that call in the chain, from the end of
/// what it is called on (`.Str("run_id", x)`).
pub(super) fn same_chained_call<'a, 't>(
    here: Up<'a, 't>,
    lang: Lang,
    span: &Range<usize>,
    after: &After,
    climbs: &mut Climbs<'a, 't>,
) -> Option<Range<usize>> {
    let text = after.text();
    let calls = lang.edit_kinds().calls;
    // A call as what it is called on, the method and the arguments.
    let parts = |call: Node<'t>| -> Option<(Node<'t>, Node<'t>, Node<'t>)> {
        if !calls.contains(&call.kind()) {
            return None;
        }
        let function = call.child_by_field_name("function")?;
        let object = ["operand", "object", "value"]
            .iter()
            .find_map(|f| function.child_by_field_name(f))?;
        let method = ["field", "property", "attribute"]
            .iter()
            .find_map(|f| function.child_by_field_name(f))?;
        Some((object, method, call.child_by_field_name("arguments")?))
    };
    // `legacy` goes when the renames make it equal to `kept` and `kept`
    // changes less (it holds the new name already): of two calls that
    // become equal, one stays.
    let same = |legacy: Node<'t>, kept: Node<'t>| {
        let (Some((_, l_method, l_args)), Some((_, k_method, k_args))) =
            (parts(legacy), parts(kept))
        else {
            return false;
        };
        text[l_method.byte_range()] == text[k_method.byte_range()]
            && after.count_in(&k_args.byte_range()) < after.count_in(&l_args.byte_range())
            && squeezed(&after.read(l_args.byte_range()))
                == squeezed(&after.read(k_args.byte_range()))
    };
    let mut up = here.parent()?;
    let call = loop {
        let call = climbs.call.from(up)?;
        let holds =
            parts(call.node()).is_some_and(|(_, _, args)| args.byte_range().contains(&span.start));
        if holds {
            break call;
        }
        up = call.parent()?;
    };
    let (object, _, _) = parts(call.node())?;
    if same(call.node(), object) {
        return Some(object.end_byte()..call.node().end_byte());
    }
    // The call chained after it calls a method on its result.
    let outer = call.parent().and_then(Up::parent)?.node();
    let called_on = parts(outer).is_some_and(|(on, _, _)| on.id() == call.node().id());
    (called_on && same(call.node(), outer)).then(|| object.end_byte()..call.node().end_byte())
}

/// The assignment around a place whose two sides the renames make equal.
pub(super) fn self_assignment<'a, 't>(
    here: Up<'a, 't>,
    after: &After,
    climbs: &mut Climbs<'a, 't>,
) -> Option<Up<'a, 't>> {
    let up = climbs.assignment.from(here.parent()?)?;
    let node = up.node();
    let (left, right) = (
        node.child_by_field_name("left")?,
        node.child_by_field_name("right")?,
    );
    let same =
        squeezed(&after.read(left.byte_range())) == squeezed(&after.read(right.byte_range()));
    same.then_some(up)
}

/// The bytes to delete with an entry: its whole line (and the comment lines
/// right above it) when it stands alone on its line, else the entry and the
/// separator after it (or before it, for the last entry).
pub(super) fn removal(text: &[u8], entry_node: Node, lang: Lang) -> Range<usize> {
    let entry = entry_node.byte_range();
    let mut next = entry_node.next_named_sibling();
    while next.is_some_and(|n| n.kind().contains("comment")) {
        next = next.and_then(|n| n.next_named_sibling());
    }
    let is_last = next.is_none();
    let line_start = text[..entry.start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let alone_before = text[line_start..entry.start]
        .iter()
        .all(|b| b.is_ascii_whitespace());
    let mut after = entry.end;
    while after < text.len() && (text[after] == b' ' || text[after] == b'\t') {
        after += 1;
    }
    let has_separator = after < text.len() && (text[after] == b',' || text[after] == b';');
    if has_separator {
        after += 1;
    }
    while after < text.len() && (text[after] == b' ' || text[after] == b'\t') {
        after += 1;
    }
    let comment = lang_comment(lang);
    if after < text.len() && comment.is_some_and(|c| text[after..].starts_with(c.as_bytes())) {
        while after < text.len() && text[after] != b'\n' {
            after += 1;
        }
    }
    let alone_after = after >= text.len() || text[after] == b'\n' || text[after] == b'\r';
    if alone_before && alone_after {
        let mut end = after;
        if text.get(end) == Some(&b'\r') {
            end += 1;
        }
        if text.get(end) == Some(&b'\n') {
            end += 1;
        }
        let mut start = line_start;
        // The comment lines right above document the entry: they go too.
        if let Some(comment) = comment {
            while start > 0 {
                let previous = text[..start - 1]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let line = String::from_utf8_lossy(&text[previous..start - 1]);
                let line = line.trim_start();
                let attribute = lang == Lang::Rust && line.starts_with("#[");
                if !line.starts_with(comment) && !attribute {
                    break;
                }
                start = previous;
            }
        }
        // The last entry of a list with separators: the separator before
        // it goes instead.
        if !has_separator && is_last {
            let before = text[..start].iter().rposition(|b| !b.is_ascii_whitespace());
            if let Some(p) = before.filter(|&p| text[p] == b',') {
                return p..end - 1;
            }
        }
        // Between two blank lines, one of them goes too.
        let blank_before = start > 0 && {
            let previous = text[..start - 1]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            text[previous..start - 1]
                .iter()
                .all(u8::is_ascii_whitespace)
        };
        let blank_after = text[end..].starts_with(b"\n") || text[end..].starts_with(b"\r\n");
        if blank_before && blank_after {
            end += if text[end] == b'\r' { 2 } else { 1 };
        }
        return start..end;
    }
    if has_separator {
        return entry.start..after;
    }
    let mut start = entry.start;
    while start > 0 && text[start - 1].is_ascii_whitespace() {
        start -= 1;
    }
    if start > 0 && text[start - 1] == b',' {
        start -= 1;
    }
    start..entry.end
}

fn lang_comment(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Go | Lang::TypeScript | Lang::Tsx | Lang::JavaScript | Lang::Rust | Lang::Proto => {
            Some("//")
        }
        Lang::Python | Lang::Yaml => Some("#"),
        Lang::Sql => Some("--"),
        Lang::Markdown | Lang::Json | Lang::Text => None,
    }
}
