//! Calls: the flows a call makes (into a collection, into a built value,
//! a key-and-value pair, a message and the values logged with it), and
//! the [`Call`] with its arguments, for the facts stage to bind.

use tree_sitter::Node;

use super::languages::{ADDERS, MEMBERSHIP};
use super::{is_key_like, push, Arg, Call, FileFlow, Flow, FlowKind, FlowReader, Name};

impl<'t> FlowReader<'t> {
    pub(super) fn read_call(
        &self,
        call: Node<'t>,
        callee: Node<'t>,
        args: Node<'t>,
        flow: &mut FileFlow,
    ) {
        let Some(callee_name) = self.callee_name(callee) else {
            return;
        };
        let method = self.text_of(callee_name);
        let mut cursor = args.walk();
        let arg_nodes: Vec<Node> = args
            .named_children(&mut cursor)
            .filter(|n| !n.is_extra())
            .collect();
        let receiver = self.member_object(callee);
        if let Some(receiver) = receiver {
            // `runs.push(id)`: the collection holds the value; `ids.includes(id)`
            // compares them.
            let kind = if ADDERS.contains(&method) {
                Some(FlowKind::Assignment)
            } else if MEMBERSHIP.contains(&method) {
                Some(FlowKind::Comparison)
            } else {
                None
            };
            if let Some(kind) = kind {
                for arg in &arg_nodes {
                    for from in self.names_of(*arg) {
                        push(flow, Some(from), self.name_of(receiver), kind, call);
                    }
                }
            }
        }
        // `AccountId::new(user_id)`: the value is now of that type.
        if let (Some(_), [only]) = (self.constructed_type(call, callee), arg_nodes.as_slice()) {
            let built = self.result_of(call, callee);
            for from in self.names_of(*only) {
                push(flow, Some(from), built.clone(), FlowKind::Assignment, call);
            }
        }
        let mut list = Vec::with_capacity(arg_nodes.len());
        for (i, &arg) in arg_nodes.iter().enumerate() {
            let (keyword, value) = if self.kind(arg) == "keyword_argument" {
                let name = self.child(arg, "name");
                (
                    name.map(|n| (self.text_of(n).to_string(), n.start_byte())),
                    self.child(arg, "value"),
                )
            } else {
                (None, Some(arg))
            };
            let Some(value) = value else { continue };
            let value = self.unwrap(value);
            if let Some((key, at)) = &keyword {
                for from in self.names_of(value) {
                    flow.flows.push(Flow {
                        from,
                        into: Name::Key {
                            offset: *at,
                            key: key.clone(),
                        },
                        kind: FlowKind::Keyed,
                        offset: *at,
                    });
                }
            }
            let string = if self.is(value, self.syntax.strings) {
                Some(self.string_of(value))
            } else if self.is(value, self.syntax.identifiers) {
                self.constants.get(self.text_of(value)).cloned()
            } else {
                None
            };
            // A key-like string followed by a value names that value
            // (`.Str("run_id", id)`, `params.set("runId", id)`).
            if let (Some(key), Some(&next)) = (&string, arg_nodes.get(i + 1)) {
                if is_key_like(key)
                    && self.kind(next) != "keyword_argument"
                    && self.is(value, self.syntax.strings)
                {
                    let into = self.name_of(value);
                    for from in self.names_of(next) {
                        push(flow, Some(from), into.clone(), FlowKind::Keyed, value);
                    }
                }
            }
            let elements = if self.is(value, self.syntax.collections) {
                let mut cursor = value.walk();
                let elements = value
                    .named_children(&mut cursor)
                    .filter(|e| !e.is_extra())
                    .map(|e| self.name_of(e))
                    .collect();
                elements
            } else {
                Vec::new()
            };
            list.push(Arg {
                keyword,
                name: self.name_of(value),
                string,
                elements,
                offset: arg.start_byte(),
            });
        }
        self.read_message(call, &arg_nodes, flow);
        flow.calls.push(Call {
            callee: method.to_string(),
            receiver_type: receiver.and_then(|r| self.type_of(r)),
            receiver: receiver.and_then(|r| self.name_of(r)),
            offset: call.start_byte(),
            args: list,
        });
    }

    /// A message (a string argument with spaces) speaks of the other values
    /// of its call and of the calls chained before it
    /// (`log.Info().Str("run_id", id).Msg("prompt accepted for run")`,
    /// `log.info("charged", user_id=id)`, `Errorf("turn of run %s", id)`).
    fn read_message(&self, call: Node<'t>, args: &[Node<'t>], flow: &mut FileFlow) {
        let messages: Vec<Node> = args
            .iter()
            .copied()
            .filter(|a| self.is(*a, self.syntax.strings) && self.string_of(*a).contains(' '))
            .collect();
        if messages.is_empty() {
            return;
        }
        let mut values: Vec<Node> = args
            .iter()
            .copied()
            .filter(|a| !messages.contains(a))
            .map(|a| {
                if self.kind(a) == "keyword_argument" {
                    self.child(a, "value").unwrap_or(a)
                } else {
                    a
                }
            })
            .collect();
        // The calls chained before this one: `a.Str(k, v).Msg(m)`.
        let mut link = call;
        for _ in 0..16 {
            let Some(&(_, function, arguments)) =
                self.syntax.calls.iter().find(|c| c.0 == self.kind(link))
            else {
                break;
            };
            let Some(receiver) = self
                .child(link, function)
                .and_then(|f| self.member_object(f))
            else {
                break;
            };
            let receiver = self.unwrap(receiver);
            if receiver != call && self.kind(receiver) == self.kind(link) {
                if let Some(args) = self.child(receiver, arguments) {
                    let mut cursor = args.walk();
                    values.extend(
                        args.named_children(&mut cursor)
                            .filter(|a| !self.is(*a, self.syntax.strings)),
                    );
                }
            }
            link = receiver;
        }
        for message in messages {
            let into = self.name_of(message);
            for &value in &values {
                for from in self.names_of(value) {
                    push(flow, Some(from), into.clone(), FlowKind::Describes, message);
                }
            }
        }
    }
}
