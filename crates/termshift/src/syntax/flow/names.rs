//! The name a node stands for ([`Name`]): a local, a global, a field by
//! its owner's type, a literal key, a call's result, a request parameter;
//! and the name a hit inside a declaration or a string stands for.

use std::ops::Range;

use tree_sitter::Node;

use super::{is_key_like, params_of, piece_name, FlowReader, Name};
use crate::syntax::url;
use crate::syntax::{holds_word, string_content};

impl<'t> FlowReader<'t> {
    /// The name a node of an expression or declaration stands for.
    pub(super) fn name_of(&self, node: Node<'t>) -> Option<Name> {
        let _deeper = self.deeper()?;
        let node = self.unwrap(node);
        let parent = self.parent(node);
        // The member part of `a.b` stands for the whole access.
        if let Some(parent) = parent {
            if let Some(&(_, _, member)) = self
                .syntax
                .members
                .iter()
                .find(|m| m.0 == self.kind(parent))
            {
                if self.child(parent, member) == Some(node) {
                    return self.call_of(parent).or_else(|| self.name_of(parent));
                }
            }
            // `f(x)`: the name of a called function stands for its result.
            if self.is(node, self.syntax.identifiers) {
                if let Some(result) = self.call_of(node) {
                    return Some(result);
                }
            }
        }
        if let Some(&(_, object, member)) =
            self.syntax.members.iter().find(|m| m.0 == self.kind(node))
        {
            let member = self.child(node, member)?;
            return Some(Name::Field {
                owner: self.child(node, object).and_then(|o| self.type_of(o)),
                name: self.text_of(member).to_string(),
                offset: member.start_byte(),
            });
        }
        if self.is(node, self.syntax.strings) {
            return Some(Name::Key {
                offset: node.start_byte(),
                key: self.string_of(node),
            });
        }
        if let Some(&(_, function, _)) = self.syntax.calls.iter().find(|c| c.0 == self.kind(node)) {
            if let Some(key) = self.keyed_lookup(node) {
                return Some(key);
            }
            return self.result_of(node, self.child(node, function)?);
        }
        if !self.is(node, self.syntax.identifiers) || self.is_receiver(node) {
            return None;
        }
        let name = self.text_of(node).to_string();
        if let Some(parent) = parent {
            if self.kind(parent) == "keyword_argument" && self.child(parent, "name") == Some(node) {
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
        match self.enclosing_function(node) {
            Some((range, function)) if !self.names_global(&name, range, node) => {
                Some(Name::Local {
                    function: function.clone(),
                    name,
                })
            }
            _ => Some(Name::Global { name }),
        }
    }

    /// What a call returns, when `callee` is the function it calls.
    fn call_of(&self, callee: Node<'t>) -> Option<Name> {
        let call = self.parent(callee)?;
        let &(_, function, _) = self.syntax.calls.iter().find(|c| c.0 == self.kind(call))?;
        if self.child(call, function) != Some(callee) {
            return None;
        }
        self.result_of(call, callee)
    }

    /// What a call returns. A call that builds a value of a type
    /// (`AccountId::new(id)`, `UserId(x)`, `new Session()`) is named for
    /// the type, so its result holds the type's words.
    pub(super) fn result_of(&self, call: Node<'t>, callee: Node<'t>) -> Option<Name> {
        let name = self.callee_name(callee)?;
        let callee = match self.constructed_type(call, callee) {
            Some(type_name) if type_name != self.text_of(name) => {
                format!("{type_name}::{}", self.text_of(name))
            }
            _ => self.text_of(name).to_string(),
        };
        Some(Name::Result {
            offset: call.start_byte(),
            callee,
        })
    }

    /// Whether `name`, used inside a function, is the file's top-level
    /// name of that spelling (no parameter or typed local shadows it).
    fn names_global(&self, name: &str, function: &Range<usize>, node: Node) -> bool {
        self.globals.contains(name)
            && !self
                .bindings
                .get(name)
                .into_iter()
                .flatten()
                .any(|b| b.scope.start >= function.start && b.scope.contains(&node.start_byte()))
    }

    /// A field where it is declared: in a field declaration, or assigned
    /// directly in a Python class body.
    fn field_declared(&self, node: Node<'t>, parent: Node<'t>, name: &str) -> Option<Name> {
        let declared = (self
            .syntax
            .field_declarations
            .iter()
            .any(|f| f.0 == self.kind(parent))
            && self.child(parent, "name") == Some(node))
            || (self.syntax.class_bodies
                && self.kind(parent) == "assignment"
                && self.child(parent, "left") == Some(node)
                && self.is_class_level(parent));
        declared.then(|| Name::Field {
            owner: self.enclosing_type(node),
            name: name.to_string(),
            offset: node.start_byte(),
        })
    }

    /// A Python assignment directly in a class body.
    pub(super) fn is_class_level(&self, assignment: Node<'t>) -> bool {
        self.parent(assignment)
            .and_then(|s| self.parent(s))
            .and_then(|b| self.parent(b))
            .is_some_and(|c| self.kind(c) == "class_definition")
    }

    /// The key of a keyed element: a field of the literal's type when it
    /// has one, else a literal key.
    fn key_of_literal(&self, node: Node<'t>, parent: Node<'t>, name: &str) -> Option<Name> {
        let keyed = [Some(parent), self.parent(parent)]
            .into_iter()
            .flatten()
            .find(|k| {
                self.syntax.keyed.iter().any(|&(kind, key, _)| {
                    self.kind(*k) == kind && is_within(node, self.child(*k, key))
                })
            })?;
        let body = self.parent(keyed);
        let owner = body
            .into_iter()
            .chain(body.and_then(|b| self.parent(b)))
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
            self.kind(parent) == kind && self.child(parent, name) == Some(node)
        }) || self.syntax.calls.iter().any(|&(kind, function, _)| {
            self.kind(parent) == kind && self.child(parent, function) == Some(node)
        })
    }

    /// A call with one string argument (or a string constant) reads a value
    /// by key (`Query().Get("run_id")`, `searchParams.get("runId")`): it
    /// stands for that request parameter.
    pub(super) fn keyed_lookup(&self, node: Node) -> Option<Name> {
        let &(_, _, arguments) = self.syntax.calls.iter().find(|c| c.0 == self.kind(node))?;
        let args = self.child(node, arguments)?;
        let mut cursor = args.walk();
        let named: Vec<Node> = args
            .named_children(&mut cursor)
            .filter(|n| !n.is_extra())
            .collect();
        let [only] = named.as_slice() else {
            return None;
        };
        let key = if self.is(*only, self.syntax.strings) {
            self.string_of(*only)
        } else if self.is(*only, self.syntax.identifiers) {
            self.constants.get(self.text_of(*only))?.clone()
        } else {
            return None;
        };
        is_key_like(&key).then_some(Name::Param { key })
    }

    /// The name of a function where it is declared stands for the
    /// parameter its word comes from (`invoices_for_user(user_id)`), else
    /// for what it returns (`DistinctRuns` returns the runs).
    pub(super) fn declared_function_name(&self, node: Node<'t>, word: &str) -> Option<Name> {
        let function = self.parent(node)?;
        let &(_, name_field, params_field) = self
            .syntax
            .functions
            .iter()
            .find(|f| f.0 == self.kind(function))?;
        if self.child(function, name_field) != Some(node) {
            return None;
        }
        let qualified = self.function_names.get(&function.id())?;
        let param = params_of(self.grammar, function, params_field)
            .into_iter()
            .filter_map(|p| self.parameter_name(p))
            .find(|p| holds_word(self.text_of(*p), word));
        Some(match param {
            Some(param) => Name::Local {
                function: qualified.clone(),
                name: self.text_of(param).to_string(),
            },
            None => Name::Return {
                function: qualified.clone(),
            },
        })
    }

    /// Inside a string, a hit may name more than the string: a route's
    /// segment or placeholder, a query parameter, the key a lookup reads.
    pub(super) fn string_name_at(&self, string: Node<'t>, hit: &Range<usize>) -> Option<Name> {
        if let Some(call) = self.parent(string).and_then(|args| self.parent(args)) {
            if self.syntax.calls.iter().any(|c| c.0 == self.kind(call)) {
                if let Some(key) = self.keyed_lookup(call) {
                    return Some(key);
                }
            }
        }
        let content = string_content(self.text, string.byte_range());
        let pieces = url::parse(&self.text[content.clone()])?;
        let at = hit.start.checked_sub(content.start)?;
        pieces
            .into_iter()
            .find(|piece| piece.range.start <= at && at < piece.range.end)
            .and_then(|piece| piece_name(piece.kind))
    }
}

fn is_within(node: Node, outer: Option<Node>) -> bool {
    outer.is_some_and(|o| o.start_byte() <= node.start_byte() && node.end_byte() <= o.end_byte())
}
