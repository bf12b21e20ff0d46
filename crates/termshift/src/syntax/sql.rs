//! Name flow in SQL, whether in a `.sql` file or in a string of another
//! language: which table a column belongs to, the columns a statement ties
//! together (`REFERENCES accounts(id)`, `SET session_id = run_id`,
//! `INSERT INTO t (a) SELECT b`, `ON a.x = b.y`), and what the name of an
//! index or view is made of (`turns_by_run ON turns(run_id)`).
//!
//! One walk reads a statement, its ancestors on a stack: a column's table
//! is its qualifier, the `FROM` clause's, or the statement's table. An
//! index or view is named after the part of it that holds the hit's word.

use std::ops::Range;

use tree_sitter::Node;

use super::flow::{Flow, FlowKind, Name};
use super::{holds_word, node_text, walk_with_ancestors, Lang};

/// Reads an SQL tree.
pub(super) struct SqlReader<'t> {
    text: &'t [u8],
}

impl<'t> SqlReader<'t> {
    pub(super) fn new(text: &'t [u8]) -> SqlReader<'t> {
        SqlReader { text }
    }

    fn text_of(&self, node: Node) -> &'t str {
        node_text(self.text, node)
    }

    /// One walk of the tree: the name each hit stands for (`hits` sorted)
    /// and the flows of every statement. Ancestors are kept on a stack, so
    /// no question walks up the tree (which costs a walk down from the root
    /// in tree-sitter).
    pub(super) fn read(
        &self,
        root: Node<'t>,
        hits: &[Range<usize>],
        names: &mut [Option<Name>],
        flows: &mut Vec<Flow>,
    ) {
        let Some(grammar) = Lang::Sql.grammar() else {
            return;
        };
        walk_with_ancestors(root, &mut |node, ancestors| match grammar.kind(node) {
            "column_definition" => self.read_reference(node, ancestors, flows),
            "update" => self.read_update(node, ancestors, flows),
            "insert" => self.read_insert_select(node, ancestors, flows),
            "binary_expression" => self.read_comparison(node, ancestors, flows),
            "identifier" => {
                let first = hits.partition_point(|h| h.end <= node.start_byte());
                for i in (first..hits.len()).take_while(|&i| hits[i].start < node.end_byte()) {
                    names[i] = self.name_of(node, &hits[i], ancestors);
                }
            }
            _ => {}
        });
    }

    /// The name an identifier holding a hit stands for: a column of its
    /// table, a table, or, in the name of an index or view, the column or
    /// table that name is made of (the one that holds the hit's word).
    fn name_of(&self, node: Node<'t>, hit: &Range<usize>, ancestors: &[Node<'t>]) -> Option<Name> {
        let (&parent, above) = ancestors.split_last()?;
        let word = String::from_utf8_lossy(&self.text[hit.clone()]).to_ascii_lowercase();
        match parent.kind() {
            "create_index" => {
                let (table, columns) = self.index_parts(parent)?;
                self.part_with_word(&word, &table, &columns)
            }
            "object_reference" => {
                let holder = *above.last()?;
                if holder.kind() == "create_view" {
                    let (table, columns) = self.view_parts(holder)?;
                    return self.part_with_word(&word, &table, &columns);
                }
                if holder.kind() == "invocation" {
                    return None;
                }
                Some(Name::Table {
                    name: self.text_of(node).to_string(),
                })
            }
            "column_definition" | "column" | "field" | "rename_column" => {
                // The referenced column of `REFERENCES t(c)`.
                if parent.kind() == "column_definition"
                    && parent.child_by_field_name("name") != Some(node)
                {
                    let table = self.referenced_table(parent)?;
                    return Some(column(Some(table), self.text_of(node)));
                }
                Some(column(self.table_of(parent, above), self.text_of(node)))
            }
            _ => None,
        }
    }

    /// `user_id TEXT REFERENCES accounts(id)`: the column holds the value of
    /// the one it references.
    fn read_reference(&self, definition: Node<'t>, ancestors: &[Node<'t>], flows: &mut Vec<Flow>) {
        let (Some(name), Some(table)) = (
            definition.child_by_field_name("name"),
            self.referenced_table(definition),
        ) else {
            return;
        };
        let referenced = self
            .referenced_column(definition)
            .unwrap_or_else(|| "id".to_string());
        flows.push(Flow {
            from: column(self.table_of(definition, ancestors), self.text_of(name)),
            into: column(Some(table), &referenced),
            kind: FlowKind::Comparison,
            offset: definition.start_byte(),
        });
    }

    fn referenced_table(&self, definition: Node<'t>) -> Option<String> {
        let mut cursor = definition.walk();
        let reference = definition
            .named_children(&mut cursor)
            .find(|c| c.kind() == "object_reference")?;
        Some(
            self.text_of(reference.child_by_field_name("name")?)
                .to_string(),
        )
    }

    fn referenced_column(&self, definition: Node<'t>) -> Option<String> {
        let mut cursor = definition.walk();
        let mut after_reference = false;
        for child in definition.named_children(&mut cursor) {
            if child.kind() == "object_reference" {
                after_reference = true;
            } else if after_reference && child.kind() == "identifier" {
                return Some(self.text_of(child).to_string());
            }
        }
        None
    }

    /// `SET session_id = run_id`.
    fn read_update(&self, update: Node<'t>, ancestors: &[Node<'t>], flows: &mut Vec<Flow>) {
        let within = [ancestors, &[update]].concat();
        let mut cursor = update.walk();
        for assignment in update
            .named_children(&mut cursor)
            .filter(|c| c.kind() == "assignment")
        {
            let (Some(left), Some(right)) = (
                assignment.child_by_field_name("left"),
                assignment.child_by_field_name("right"),
            ) else {
                continue;
            };
            let names = (
                self.field_name(left, &within),
                self.field_name(right, &within),
            );
            if let (Some(into), Some(from)) = names {
                flows.push(Flow {
                    from,
                    into,
                    kind: FlowKind::Assignment,
                    offset: assignment.start_byte(),
                });
            }
        }
    }

    /// `INSERT INTO sessions (id, ...) SELECT run_id, ...`: the selected
    /// values fill the listed columns by position.
    fn read_insert_select(&self, insert: Node<'t>, ancestors: &[Node<'t>], flows: &mut Vec<Flow>) {
        let within = [ancestors, &[insert]].concat();
        let mut cursor = insert.walk();
        let children: Vec<Node> = insert.named_children(&mut cursor).collect();
        let (Some(list), Some(select)) = (
            children.iter().find(|c| c.kind() == "list"),
            children.iter().find(|c| c.kind() == "select"),
        ) else {
            return;
        };
        let Some(expressions) = named_child_of_kind(*select, "select_expression") else {
            return;
        };
        let mut cursor = list.walk();
        let targets: Vec<Node> = list.named_children(&mut cursor).collect();
        let mut cursor = expressions.walk();
        let values: Vec<Node> = expressions.named_children(&mut cursor).collect();
        for (target, value) in targets.iter().zip(&values) {
            let target_name = named_child_of_kind(*target, "identifier")
                .map(|i| column(self.own_table(insert), self.text_of(i)));
            let in_select = [&within[..], &[*select]].concat();
            let value_name = value
                .child_by_field_name("value")
                .and_then(|v| self.field_name(v, &in_select));
            if let (Some(into), Some(from)) = (target_name, value_name) {
                flows.push(Flow {
                    from,
                    into,
                    kind: FlowKind::Assignment,
                    offset: value.start_byte(),
                });
            }
        }
    }

    /// `a.user_id = b.account_id` in a join or a filter.
    fn read_comparison(&self, node: Node<'t>, ancestors: &[Node<'t>], flows: &mut Vec<Flow>) {
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return;
        };
        let is_equality = node
            .child_by_field_name("operator")
            .map(|o| self.text_of(o))
            .or_else(|| {
                let mut cursor = node.walk();
                let op = node
                    .children(&mut cursor)
                    .find(|c| !c.is_named())
                    .map(|c| self.text_of(c));
                op
            })
            .is_some_and(|op| matches!(op, "=" | "==" | "!=" | "<>"));
        if !is_equality {
            return;
        }
        let within = [ancestors, &[node]].concat();
        if let (Some(a), Some(b)) = (
            self.field_name(left, &within),
            self.field_name(right, &within),
        ) {
            flows.push(Flow {
                from: a,
                into: b,
                kind: FlowKind::Comparison,
                offset: node.start_byte(),
            });
        }
    }

    /// The column a `field` node names; `ancestors` are the field's.
    fn field_name(&self, field: Node<'t>, ancestors: &[Node<'t>]) -> Option<Name> {
        if field.kind() != "field" {
            return None;
        }
        let name = field.child_by_field_name("name")?;
        Some(column(self.table_of(field, ancestors), self.text_of(name)))
    }

    /// The table of a column, as the statement around it says: its
    /// qualifier (`t.run_id`, with `FROM turns t` read), the `FROM` of the
    /// query it is selected or filtered in, else the statement's own table.
    fn table_of(&self, node: Node<'t>, ancestors: &[Node<'t>]) -> Option<String> {
        // `t.run_id`; the reference of `REFERENCES t(c)` qualifies nothing.
        let qualifier = (node.kind() == "field")
            .then(|| named_child_of_kind(node, "object_reference"))
            .flatten()
            .and_then(|r| r.child_by_field_name("name"))
            .map(|n| self.text_of(n).to_string());
        let mut in_query = false;
        for &n in ancestors.iter().rev() {
            match n.kind() {
                "select" | "where" | "group_by" | "order_by" | "join" | "from" | "having" => {
                    in_query = true
                }
                _ => {}
            }
            if in_query {
                if let Some(relations) = self.relations_of(n) {
                    return match qualifier {
                        Some(q) => Some(
                            relations
                                .iter()
                                .find(|(_, alias)| alias.as_deref() == Some(q.as_str()))
                                .map_or(q, |(table, _)| table.clone()),
                        ),
                        None => (relations.len() == 1).then(|| relations[0].0.clone()),
                    };
                }
            }
            if let Some(table) = self.own_table(n) {
                return Some(qualifier.unwrap_or(table));
            }
            if n.kind() == "statement" {
                break;
            }
        }
        qualifier
    }

    /// The tables of the `FROM` clause among a node's children, with their
    /// aliases.
    fn relations_of(&self, node: Node<'t>) -> Option<Vec<(String, Option<String>)>> {
        let from = named_child_of_kind(node, "from")?;
        let mut relations = Vec::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n.kind() == "relation" {
                let mut cursor = n.walk();
                let children: Vec<Node> = n.named_children(&mut cursor).collect();
                if let Some(table) = children
                    .iter()
                    .find(|c| c.kind() == "object_reference")
                    .and_then(|r| r.child_by_field_name("name"))
                {
                    let alias = n
                        .child_by_field_name("alias")
                        .or_else(|| children.iter().copied().find(|c| c.kind() == "identifier"))
                        .map(|a| self.text_of(a).to_string());
                    relations.push((self.text_of(table).to_string(), alias));
                }
                continue;
            }
            let mut cursor = n.walk();
            stack.extend(
                n.named_children(&mut cursor)
                    .filter(|c| !matches!(c.kind(), "select" | "where")),
            );
        }
        (!relations.is_empty()).then_some(relations)
    }

    /// The table a statement is about: `CREATE TABLE t`, `INSERT INTO t`,
    /// `UPDATE t`, `CREATE INDEX i ON t`, `ALTER TABLE t`, `DELETE FROM t`.
    fn own_table(&self, node: Node<'t>) -> Option<String> {
        let reference = match node.kind() {
            "create_table" | "insert" | "create_index" | "alter_table" => {
                named_child_of_kind(node, "object_reference")
            }
            "update" | "delete" => named_child_of_kind(node, "relation")
                .and_then(|r| named_child_of_kind(r, "object_reference")),
            _ => None,
        }?;
        Some(
            self.text_of(reference.child_by_field_name("name")?)
                .to_string(),
        )
    }

    /// The table and columns of `CREATE INDEX i ON t(a, b)`.
    fn index_parts(&self, index: Node<'t>) -> Option<(String, Vec<String>)> {
        let table = self.own_table(index)?;
        let fields = named_child_of_kind(index, "index_fields")?;
        let mut columns = Vec::new();
        let mut stack = vec![fields];
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier" {
                columns.push(self.text_of(n).to_string());
            }
            let mut cursor = n.walk();
            stack.extend(n.named_children(&mut cursor));
        }
        Some((table, columns))
    }

    /// The first table and the selected columns of `CREATE VIEW v AS
    /// SELECT a, b FROM t`.
    fn view_parts(&self, view: Node<'t>) -> Option<(String, Vec<String>)> {
        let query = named_child_of_kind(view, "create_query")?;
        let table = self.relations_of(query)?.into_iter().next()?.0;
        let select = named_child_of_kind(query, "select")?;
        let expressions = named_child_of_kind(select, "select_expression")?;
        let mut cursor = expressions.walk();
        let columns = expressions
            .named_children(&mut cursor)
            .filter_map(|term| term.child_by_field_name("value"))
            .filter(|v| v.kind() == "field")
            .filter_map(|f| f.child_by_field_name("name"))
            .map(|n| self.text_of(n).to_string())
            .collect();
        Some((table, columns))
    }

    /// Of a table and its columns, the one whose name holds `word`.
    fn part_with_word(&self, word: &str, table: &str, columns: &[String]) -> Option<Name> {
        if let Some(c) = columns.iter().find(|c| holds_word(c, word)) {
            return Some(column(Some(table.to_string()), c));
        }
        holds_word(table, word).then(|| Name::Table {
            name: table.to_string(),
        })
    }
}

fn column(table: Option<String>, name: &str) -> Name {
    Name::Column {
        table,
        name: name.to_string(),
    }
}

fn named_child_of_kind<'n>(node: Node<'n>, kind: &str) -> Option<Node<'n>> {
    let mut cursor = node.walk();
    let found = node.named_children(&mut cursor).find(|c| c.kind() == kind);
    found
}
