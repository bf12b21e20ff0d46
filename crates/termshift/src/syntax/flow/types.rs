//! The declared type of each name: fields, typed declarations,
//! assignments of literals and calls, loop elements and lambda
//! parameters, read in the first pass; the type of a value at its place;
//! written types to their bare names.

use tree_sitter::Node;

use super::languages::ELEMENT_PRESERVING;
use super::{pairs, Binding, FlowReader};

impl<'t> FlowReader<'t> {
    pub(super) fn read_field_type(&mut self, node: Node<'t>) {
        if self.kind(node) == "assignment" && !self.is_class_level(node) {
            return;
        }
        let Some(owner) = self.enclosing_type(node) else {
            return;
        };
        let type_field = self
            .syntax
            .field_declarations
            .iter()
            .find(|f| f.0 == self.kind(node))
            .map_or("type", |f| f.1);
        let (Some(type_node), names) = (self.child(node, type_field), self.field_names(node))
        else {
            return;
        };
        let Some(type_name) = value_type(self.text_of(type_node)) else {
            return;
        };
        for name in names {
            self.field_types.insert(
                (owner.clone(), self.text_of(name).to_string()),
                type_name.clone(),
            );
        }
    }

    /// The names a field declaration declares.
    pub(super) fn field_names(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let field = if self.kind(node) == "assignment" {
            "left"
        } else {
            "name"
        };
        let mut cursor = node.walk();
        node.children_by_field_name(field, &mut cursor)
            .filter(|n| self.is(*n, self.syntax.identifiers))
            .collect()
    }

    /// Types and top-level constants from a declaration, an assignment or a
    /// loop.
    pub(super) fn read_declaration(&mut self, node: Node<'t>) {
        let kind = self.kind(node);
        let scope = self.scope_of(node);
        let top_level = self.enclosing_function(node).is_none();
        for &(k, name_field, type_field) in self.syntax.typed {
            if kind != k {
                continue;
            }
            let Some(type_node) = self.child(node, type_field) else {
                continue;
            };
            let Some(type_name) = value_type(self.text_of(type_node)) else {
                continue;
            };
            let declared = self.declared_names(node, name_field);
            for name in &declared {
                self.bind(Binding {
                    scope: scope.clone(),
                    name: self.text_of(*name).to_string(),
                    type_name: type_name.clone(),
                });
            }
            // `{ conversation }: Props` declares `conversation` with the
            // type of `Props.conversation`.
            if let Some(pattern) = self.child(node, name_field) {
                for (field, local) in self.destructured(pattern) {
                    if let Some(t) = self.field_types.get(&(type_name.clone(), field)) {
                        self.bind(Binding {
                            scope: scope.clone(),
                            name: self.text_of(local).to_string(),
                            type_name: t.clone(),
                        });
                    }
                }
            }
        }
        for &(k, target, value) in self.syntax.assignments {
            if kind != k {
                continue;
            }
            let (Some(target), Some(value)) = (self.child(node, target), self.child(node, value))
            else {
                continue;
            };
            for (target, value) in pairs(target, value) {
                let target = self.unwrap(target);
                if !self.is(target, self.syntax.identifiers) {
                    continue;
                }
                let name = self.text_of(target).to_string();
                let value = self.unwrap(value);
                if top_level {
                    self.globals.insert(name.clone());
                    if let Some(constant) = self.constant_text(value) {
                        self.constants.insert(name.clone(), constant);
                    }
                }
                let built = self.literal_type(value);
                let returned = || {
                    let is_call = self.syntax.calls.iter().any(|c| c.0 == self.kind(value));
                    (is_call && self.keyed_lookup(value).is_none())
                        .then(|| self.type_of(value))
                        .flatten()
                };
                if let Some(type_name) = built.or_else(returned) {
                    self.bind(Binding {
                        scope: scope.clone(),
                        name,
                        type_name,
                    });
                }
            }
        }
        // `for t in turns`: `t` has the element type of `turns`.
        for &(k, element, collection) in self.syntax.loops {
            if kind != k {
                continue;
            }
            let (Some(element), Some(collection)) = (
                self.loop_element(node, element),
                self.child(node, collection),
            ) else {
                continue;
            };
            if let Some(type_name) = self.type_of(collection) {
                let loop_scope = self.parent(node).map_or(scope.clone(), |p| p.byte_range());
                self.bind(Binding {
                    scope: loop_scope,
                    name: self.text_of(element).to_string(),
                    type_name,
                });
            }
        }
    }

    /// The variable a loop binds to each element (`v` in Go's
    /// `for _, v := range xs`; a Go loop with one variable binds indexes).
    pub(super) fn loop_element(&self, node: Node<'t>, field: &str) -> Option<Node<'t>> {
        let left = self.child(node, field)?;
        if self.kind(left) == "expression_list" {
            let mut cursor = left.walk();
            let names: Vec<Node> = left.named_children(&mut cursor).collect();
            return match names.as_slice() {
                [_, value] => Some(*value),
                _ => None,
            };
        }
        // `for (const t of xs)`; `for...in` walks keys.
        if self.kind(node) == "for_in_statement"
            && !node
                .children(&mut node.walk())
                .any(|c| !c.is_named() && self.kind(c) == "of")
        {
            return None;
        }
        Some(self.unwrap(left)).filter(|n| self.is(*n, self.syntax.identifiers))
    }

    /// `xs.map((t) => ...)`: the first parameter of a function passed to a
    /// method of a collection has the collection's element type.
    pub(super) fn read_lambda_parameter(&mut self, lambda: Node<'t>) {
        let Some(args) = self.parent(lambda) else {
            return;
        };
        let Some(call) = self.parent(args) else {
            return;
        };
        let Some(&(_, function, _)) = self.syntax.calls.iter().find(|c| c.0 == self.kind(call))
        else {
            return;
        };
        let Some(callee) = self.child(call, function) else {
            return;
        };
        let Some(&(_, object, _)) = self
            .syntax
            .members
            .iter()
            .find(|m| m.0 == self.kind(callee))
        else {
            return;
        };
        let Some(type_name) = self.child(callee, object).and_then(|o| self.type_of(o)) else {
            return;
        };
        let params = self
            .child(lambda, "parameters")
            .or_else(|| self.child(lambda, "parameter"))
            .or_else(|| lambda.named_child(0));
        let first = params.and_then(|p| {
            if self.is(p, self.syntax.identifiers) {
                return Some(p);
            }
            let mut cursor = p.walk();
            let first = p.named_children(&mut cursor).next()?;
            self.parameter_name(first)
        });
        if let Some(first) = first {
            self.bind(Binding {
                scope: lambda.byte_range(),
                name: self.text_of(first).to_string(),
                type_name,
            });
        }
    }

    /// The type a literal builds (`Conversation{}`, `Invoice(...)` when the
    /// callee is written as a type, `new Store()`).
    pub(super) fn literal_type(&self, node: Node) -> Option<String> {
        let &(_, field) = self
            .syntax
            .typed_literals
            .iter()
            .find(|(kind, _)| *kind == self.kind(node))?;
        let type_node = self.child(node, field)?;
        if matches!(
            self.kind(type_node),
            "map_type" | "slice_type" | "array_type"
        ) {
            return None;
        }
        let name = type_name(self.text_of(type_node));
        // A plain call builds a value of a type only when the callee is
        // written as a type name.
        let plain_call = self.kind(node) != "new_expression"
            && self.syntax.calls.iter().any(|c| c.0 == self.kind(node));
        let reads_as_type = name.starts_with(|c: char| c.is_ascii_uppercase());
        (!name.is_empty() && (!plain_call || reads_as_type)).then_some(name)
    }

    /// The names a declaration node declares under `field` (several in Go's
    /// `a, b string`); an empty field means its first identifier child.
    fn declared_names(&self, node: Node<'t>, field: &str) -> Vec<Node<'t>> {
        let mut cursor = node.walk();
        if field.is_empty() {
            return node
                .named_children(&mut cursor)
                .find(|c| self.is(*c, self.syntax.identifiers))
                .into_iter()
                .collect();
        }
        node.children_by_field_name(field, &mut cursor)
            .flat_map(|n| {
                if self.kind(n) == "expression_list" || self.kind(n) == "pattern_list" {
                    let mut c = n.walk();
                    n.named_children(&mut c).collect::<Vec<_>>()
                } else {
                    vec![n]
                }
            })
            .filter(|n| self.is(*n, self.syntax.identifiers))
            .collect()
    }

    /// The (field, local) pairs a destructuring pattern binds:
    /// `{ a, b: c }` gives (a, a) and (b, c).
    pub(super) fn destructured(&self, pattern: Node<'t>) -> Vec<(String, Node<'t>)> {
        let Some(&(_, shorthand, pair)) = self
            .syntax
            .destructuring
            .iter()
            .find(|d| d.0 == self.kind(pattern))
        else {
            return Vec::new();
        };
        let mut cursor = pattern.walk();
        pattern
            .named_children(&mut cursor)
            .filter_map(|child| {
                if self.kind(child) == shorthand {
                    Some((self.text_of(child).to_string(), child))
                } else if self.kind(child) == pair {
                    let key = self.child(child, "key")?;
                    let value = self.child(child, "value")?;
                    self.is(value, self.syntax.identifiers)
                        .then(|| (self.text_of(key).to_string(), value))
                } else {
                    None
                }
            })
            .collect()
    }

    /// The type of a value named `operand` at its place, when declared.
    pub(super) fn type_of(&self, operand: Node<'t>) -> Option<String> {
        let _deeper = self.deeper()?;
        let operand = self.unwrap(operand);
        if self.is_receiver(operand) {
            return self.enclosing_type(operand);
        }
        if let Some(&(_, object, member)) = self
            .syntax
            .members
            .iter()
            .find(|m| m.0 == self.kind(operand))
        {
            let owner = self.type_of(self.child(operand, object)?)?;
            let field = self.text_of(self.child(operand, member)?);
            return self.field_types.get(&(owner, field.to_string())).cloned();
        }
        // `xs.iter()`: a method that keeps the elements of its receiver.
        if let Some(&(_, function, _)) =
            self.syntax.calls.iter().find(|c| c.0 == self.kind(operand))
        {
            // `decode<PlanningStarted>(data)`: a call given one type
            // argument returns a value of that type.
            if let Some(arguments) = self.child(operand, "type_arguments") {
                let mut cursor = arguments.walk();
                let named: Vec<Node> = arguments.named_children(&mut cursor).collect();
                if let [only] = named.as_slice() {
                    if let Some(type_name) = value_type(self.text_of(*only)) {
                        return Some(type_name);
                    }
                }
            }
            let callee = self.child(operand, function)?;
            let method = self.callee_name(callee)?;
            let receiver = self.member_object(callee);
            if ELEMENT_PRESERVING.contains(&self.text_of(method)) {
                return self.type_of(receiver?);
            }
            return Some(returned_by(
                receiver.and_then(|r| self.type_of(r)).as_deref(),
                self.text_of(method),
            ));
        }
        if !self.is(operand, self.syntax.identifiers) {
            return None;
        }
        let name = self.text_of(operand);
        let at = operand.start_byte();
        // `AccountId::new`, `Invoice.from_row`: a type stands for itself.
        if self.is_type_name(operand) {
            return Some(name.to_string());
        }
        self.bindings
            .get(name)?
            .iter()
            .filter(|b| b.scope.contains(&at))
            .min_by_key(|b| b.scope.len())
            .map(|b| b.type_name.clone())
    }

    /// Whether a name, used as a value, is a type: written as one
    /// (`type_identifier`), or capitalised where a value would not be and
    /// declared as no value.
    fn is_type_name(&self, node: Node) -> bool {
        self.kind(node) == "type_identifier"
            || (self
                .text_of(node)
                .starts_with(|c: char| c.is_ascii_uppercase())
                && self.text_of(node).chars().any(|c| c.is_ascii_lowercase())
                && !self.bindings.contains_key(self.text_of(node)))
    }

    /// The type a call builds: the callee is a type (`UserId(x)`,
    /// `new Store()`), or a constructor of one (`AccountId::new`,
    /// `Invoice.from_dict`, an enum variant `LedgerError::UnknownUser`).
    pub(super) fn constructed_type(&self, call: Node<'t>, callee: Node<'t>) -> Option<String> {
        if self.kind(call) == "new_expression" || self.is_type_name(callee) {
            return Some(self.text_of(callee).to_string());
        }
        let object = self.member_object(callee)?;
        let name = self.callee_name(callee)?;
        let method = self.text_of(name);
        let builds = matches!(method, "new" | "from" | "of" | "parse")
            || method.starts_with("from_")
            || method.starts_with(|c: char| c.is_ascii_uppercase());
        (builds && self.is(object, self.syntax.identifiers) && self.is_type_name(object))
            .then(|| self.text_of(object).to_string())
    }
}

/// The type of what a call returns, before the facts stage knows the
/// function: `Registry.Get()` or `Get()`.
fn returned_by(receiver_type: Option<&str>, method: &str) -> String {
    match receiver_type {
        Some(t) => format!("{t}.{method}()"),
        None => format!("{method}()"),
    }
}

/// Splits what [`returned_by`] wrote: (receiver type, method).
pub fn returned_type_call(type_name: &str) -> Option<(Option<&str>, &str)> {
    let call = type_name.strip_suffix("()")?;
    Some(match call.rsplit_once('.') {
        Some((receiver, method)) => (Some(receiver), method),
        None => (None, call),
    })
}

/// The bare name of a written type: `*pb.Conversation` -> `Conversation`,
/// `Vec<Entry>` -> `Vec`, `Optional[str]` -> `Optional`.
pub(crate) fn type_name(written: &str) -> String {
    let trimmed = written
        .trim_start_matches(['*', '&', '[', ']', ':', ' '])
        .trim_start_matches("mut ");
    let end = trimmed
        .find(['<', '[', '(', '{', ' ', '|'])
        .unwrap_or(trimmed.len());
    let path = &trimmed[..end];
    path.rsplit(['.', ':']).next().unwrap_or(path).to_string()
}

/// The type of the values a written type holds, through pointers,
/// optionals and collections: `[]*pb.Turn` -> `Turn`, `Vec<Entry>` ->
/// `Entry`, `map[string]*Conversation` -> `Conversation`, `TurnSnapshot[]
/// | null` -> `TurnSnapshot`, `list[Invoice]` -> `Invoice`; `None` for
/// primitives.
pub(crate) fn value_type(written: &str) -> Option<String> {
    #[rustfmt::skip]
    const WRAPPERS: &[&str] = &[
        "Vec", "VecDeque", "Option", "Box", "Arc", "Rc", "RefCell", "Cell", "Mutex", "RwLock",
        "Cow", "Result", "Promise", "Array", "ReadonlyArray", "Readonly", "Partial", "Awaited",
        "Set", "HashSet", "BTreeSet", "list", "List", "Optional", "Sequence", "Iterable",
        "Iterator", "set", "frozenset", "tuple", "Tuple", "type", "Type", "chan", "func",
    ];
    #[rustfmt::skip]
    const MAPS: &[&str] = &[
        "map", "Map", "Record", "HashMap", "BTreeMap", "IndexMap", "dict", "Dict", "Mapping",
        "MutableMapping", "DefaultDict", "defaultdict", "OrderedDict",
    ];
    #[rustfmt::skip]
    const PRIMITIVES: &[&str] = &[
        "string", "str", "String", "int", "int8", "int16", "int32", "int64", "uint", "uint8",
        "uint16", "uint32", "uint64", "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32",
        "u64", "u128", "usize", "isize", "f32", "f64", "float", "float32", "float64", "bool",
        "boolean", "number", "bigint", "bytes", "byte", "rune", "any", "unknown", "void", "null",
        "undefined", "None", "error", "object", "interface", "dyn", "mut", "const", "impl",
        "Self", "static", "char", "never", "Any", "_",
    ];
    let mut names = Vec::new();
    let bytes = written.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() || bytes[i] == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'_'
                    || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
                    || (bytes[i] == b':' && bytes.get(i + 1) == Some(&b':')))
            {
                i += if bytes[i] == b':' { 2 } else { 1 };
            }
            let path = &written[start..i];
            names.push(path.rsplit(['.', ':']).next().unwrap_or(path));
        } else {
            i += 1;
        }
    }
    let is_map = names.first().is_some_and(|n| MAPS.contains(n));
    let mut meaningful = names
        .into_iter()
        .filter(|n| !WRAPPERS.contains(n) && !MAPS.contains(n) && !PRIMITIVES.contains(n));
    let found = if is_map {
        meaningful.next_back()
    } else {
        meaningful.next()
    };
    found.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_bare() {
        assert_eq!(type_name("*pb.Conversation"), "Conversation");
        assert_eq!(type_name("Vec<Entry>"), "Vec");
        assert_eq!(type_name("&mut Ledger"), "Ledger");
        assert_eq!(type_name("crate::store::Store"), "Store");
    }

    #[test]
    fn value_types_look_through_pointers_and_collections() {
        assert_eq!(value_type("[]*pb.Turn").as_deref(), Some("Turn"));
        assert_eq!(value_type("Vec<Entry>").as_deref(), Some("Entry"));
        assert_eq!(
            value_type("map[string]*Conversation").as_deref(),
            Some("Conversation")
        );
        assert_eq!(
            value_type(": TurnSnapshot[] | null").as_deref(),
            Some("TurnSnapshot")
        );
        assert_eq!(value_type("list[Invoice]").as_deref(), Some("Invoice"));
        assert_eq!(value_type("&[crate::Entry]").as_deref(), Some("Entry"));
        assert_eq!(value_type("string"), None);
    }
}
