//! String literals: constants (literals joined by `+`), texts built from
//! pieces and values (templates, f-strings, `+` chains) and the routes,
//! query parameters and prose they hold.

use tree_sitter::Node;

use super::{push, FileFlow, FlowKind, FlowReader, Name};
use crate::syntax::string_content;
use crate::syntax::url::{self, PieceKind, HOLE};

impl<'t> FlowReader<'t> {
    /// The text of a constant string: a literal without interpolation, or
    /// literals joined by juxtaposition or `+` (`"SELECT a " "FROM t"`).
    pub(super) fn constant_text(&self, value: Node<'t>) -> Option<String> {
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
    pub(super) fn string_of(&self, node: Node) -> String {
        let content = string_content(self.text, node.byte_range());
        String::from_utf8_lossy(&self.text[content]).into_owned()
    }

    pub(super) fn has_interpolation(&self, node: Node) -> bool {
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

    /// A text built from literal pieces and values: a template string, an
    /// f-string, a chain of `+`. A value written after `key=` or after a
    /// path segment fills that query parameter or route segment; a piece of
    /// prose speaks of the values joined to it.
    pub(super) fn read_text_with_values(&self, node: Node<'t>, flow: &mut FileFlow) {
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
    pub(super) fn read_route(&self, node: Node<'t>, flow: &mut FileFlow) {
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
}
