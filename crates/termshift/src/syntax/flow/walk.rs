//! The second pass: the walk over every node that records flows
//! (assignments, keyed literals, comparisons, returns, loops, struct
//! tags), functions and fields into the [`FileFlow`].

use tree_sitter::Node;

use super::types::value_type;
use super::{
    is_key_like, pairs, params_of, push, FieldDecl, FileFlow, Flow, FlowKind, FlowReader,
    FunctionDef, Name,
};

impl<'t> FlowReader<'t> {
    pub(super) fn read_node(&self, node: Node<'t>, flow: &mut FileFlow) {
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
}
