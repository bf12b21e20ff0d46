//! What an expression's value may come from: the branches of a
//! conditional, the sides of `??`, the elements of a list, the argument of
//! a call that passes it through; and the parts of an expression (its
//! operator, a member's object, a call's name).

use tree_sitter::Node;

use super::languages::PASSTHROUGH;
use super::{FlowReader, Name};

impl<'t> FlowReader<'t> {
    /// Strips nodes that stand for their operand.
    pub(super) fn unwrap(&self, mut node: Node<'t>) -> Node<'t> {
        while self.is(node, self.syntax.wrappers) {
            let inner = self
                .child(node, "operand")
                .or_else(|| self.child(node, "value"))
                .or_else(|| self.child(node, "object"))
                .or_else(|| node.named_child(0));
            match inner {
                Some(inner) => node = inner,
                None => break,
            }
        }
        node
    }

    /// The expressions whose value `node` may hold: both branches of a
    /// conditional, both sides of `??` / `||` / `or`, the elements of a list
    /// literal, the arguments of `append`, the argument of an escaping or
    /// copying call.
    fn values_of(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let mut values = Vec::new();
        self.collect_values(node, &mut values, 0);
        values
    }

    fn collect_values(&self, node: Node<'t>, out: &mut Vec<Node<'t>>, depth: usize) {
        const MAX_DEPTH: usize = 6;
        let node = self.unwrap(node);
        let children = |n: Node<'t>| {
            let mut cursor = n.walk();
            n.named_children(&mut cursor)
                .filter(|c| !c.is_extra())
                .collect::<Vec<_>>()
        };
        if depth == MAX_DEPTH {
            out.push(node);
            return;
        }
        let kind = self.kind(node);
        if let Some(&(_, consequence, alternative)) =
            self.syntax.conditionals.iter().find(|c| c.0 == kind)
        {
            let branches = if consequence.is_empty() {
                let all = children(node);
                [all.first().copied(), all.last().copied()]
            } else {
                [self.child(node, consequence), self.child(node, alternative)]
            };
            for branch in branches.into_iter().flatten() {
                self.collect_values(branch, out, depth + 1);
            }
            return;
        }
        if self.is(node, self.syntax.binaries)
            && matches!(self.operator(node), Some("??" | "||" | "or"))
        {
            for side in children(node) {
                self.collect_values(side, out, depth + 1);
            }
            return;
        }
        let collection = self.is(node, self.syntax.collections)
            || (kind == "composite_literal"
                && self.child(node, "body").is_some_and(|b| {
                    !children(b).iter().any(|c| self.kind(*c) == "keyed_element")
                }));
        if collection {
            let body = self.child(node, "body").unwrap_or(node);
            for element in children(body) {
                self.collect_values(element, out, depth + 1);
            }
            return;
        }
        if let Some(&(_, function, arguments)) = self.syntax.calls.iter().find(|c| c.0 == kind) {
            if let (Some(callee), Some(args)) =
                (self.child(node, function), self.child(node, arguments))
            {
                let name = self.callee_name(callee).map(|n| self.text_of(n));
                let args = children(args);
                if name.is_some_and(|n| self.syntax.collectors.contains(&n)) {
                    for arg in args {
                        self.collect_values(arg, out, depth + 1);
                    }
                    return;
                }
                if name.is_some_and(|n| PASSTHROUGH.contains(&n)) {
                    match (args.as_slice(), self.member_object(callee)) {
                        ([only], _) => return self.collect_values(*only, out, depth + 1),
                        ([], Some(object)) => return self.collect_values(object, out, depth + 1),
                        _ => {}
                    }
                }
            }
        }
        out.push(node);
    }

    /// The operator of a binary node, as written.
    pub(super) fn operator(&self, node: Node) -> Option<&'t str> {
        if let Some(op) = self.child(node, "operator") {
            return Some(self.text_of(op));
        }
        let mut cursor = node.walk();
        let op = node
            .children(&mut cursor)
            .find(|c| !c.is_named())
            .map(|c| self.text_of(c));
        op
    }

    /// The object of a member access (`x` in `x.clone`).
    pub(super) fn member_object(&self, node: Node<'t>) -> Option<Node<'t>> {
        let &(_, object, _) = self
            .syntax
            .members
            .iter()
            .find(|m| m.0 == self.kind(node))?;
        self.child(node, object)
    }

    /// The called name: the callee, or the member part of `a.b`.
    pub(super) fn callee_name(&self, callee: Node<'t>) -> Option<Node<'t>> {
        let name = match self
            .syntax
            .members
            .iter()
            .find(|m| m.0 == self.kind(callee))
        {
            Some(&(_, _, member)) => self.child(callee, member),
            None => Some(callee),
        };
        name.filter(|c| self.is(*c, self.syntax.identifiers))
    }

    /// The names `node` may stand for (see [`Self::values_of`]).
    pub(super) fn names_of(&self, node: Node<'t>) -> Vec<Name> {
        self.values_of(node)
            .into_iter()
            .filter_map(|v| self.name_of(v))
            .collect()
    }
}
