//! Joining one file's part of a step: its flows, its fields to their
//! serialization keys, its calls to the functions, SQL placeholders and
//! rows they bind, its constants to the request parameters they name.

use std::borrow::Cow;

use super::declarations::Declarations;
use super::graph::{Edge, Node};
use super::kept::{dependency, JoinStep, Lookup, Part};
use super::key::{Key, Spelled};
use super::sql_columns::{placeholders, selected_columns};
use super::table::{Seen, Table};
use crate::scan::FileFacts;
use crate::syntax::{looks_like_sql, Call, FlowKind, Name};

/// What joining one file's part reads and writes: the nodes, the maps of
/// declarations, and the state's files by id.
pub(super) struct Joiner<'j> {
    pub(super) nodes: &'j mut Vec<Node>,
    pub(super) table: &'j mut Table,
    pub(super) declared: &'j Declarations,
    pub(super) folders: &'j [usize],
    pub(super) facts: &'j [Option<&'j FileFacts>],
}

impl<'j> Joiner<'j> {
    /// The node of a name of the files (whose spelling a serialization
    /// key's node may take).
    pub(super) fn intern(
        &mut self,
        file: usize,
        name: &Name,
        seen: Seen,
        part: &mut Part,
    ) -> usize {
        let id = self.intern_made(file, name, seen, part);
        self.table.spell(self.nodes, id, name, part);
        id
    }

    /// The node of a name, made while joining or written in the files.
    fn intern_made(&mut self, file: usize, name: &Name, seen: Seen, part: &mut Part) -> usize {
        let declared: &'j Declarations = self.declared;
        let key = declared.key(self.folders, file, name, &mut part.looked_up);
        let id = self.table.intern(self.nodes, key, name, seen);
        part.interned.push((id, seen));
        id
    }

    /// Whether some part interned the key of a name (by the files' names
    /// alone, or with `calls` by the names calls bind too).
    fn exists(&self, key: &Key, calls: bool, part: &mut Part) -> bool {
        part.looked_up.push(dependency(Lookup::Exists(key)));
        self.table.exists(key, calls)
    }

    fn link(from: usize, into: usize, kind: FlowKind, (file, line): (usize, u32), part: &mut Part) {
        if from == into {
            return;
        }
        part.edges.push(Edge {
            from,
            into,
            kind,
            file: file as u32,
            line,
        });
    }

    /// A file's part of a step after the first.
    pub(super) fn join(&mut self, step: JoinStep, index: usize, file: &FileFacts, part: &mut Part) {
        match step {
            JoinStep::Names => unreachable!("the names are joined in two passes"),
            JoinStep::WireKeys => self.join_wire_keys(index, file, part),
            JoinStep::Calls => {
                for call in &file.flow.calls {
                    self.bind_call(index, file, call, part);
                    self.bind_sql(index, file, call, part);
                }
                self.bind_rows(index, file, part);
            }
            JoinStep::Params => self.join_constant_params(index, file, part),
        }
    }

    /// A file's flows: each value passing between two names.
    pub(super) fn flows(&mut self, index: usize, file: &FileFacts, part: &mut Part) {
        for flow in &file.flow.flows {
            let at = (index, file.line(flow.offset));
            let from = self.intern(index, &flow.from, Seen::Names, part);
            let into = self.intern(index, &flow.into, Seen::Names, part);
            Self::link(from, into, flow.kind, at, part);
        }
    }

    /// A serialization key of a type joins the same-named field of a
    /// same-named type elsewhere (the Go struct's `json:"run_id"` and the
    /// TypeScript interface's `run_id`).
    fn join_wire_keys(&mut self, index: usize, file: &FileFacts, part: &mut Part) {
        for field in &file.flow.fields {
            let wire_key = Key::Wire(
                Spelled(Cow::Borrowed(&field.owner)),
                Spelled(Cow::Borrowed(&field.name)),
            );
            if self.exists(&wire_key, false, part) {
                let wire = Name::Wire {
                    owner: field.owner.clone(),
                    key: field.name.clone(),
                };
                let declared = Name::Field {
                    owner: Some(field.owner.clone()),
                    name: field.name.clone(),
                    offset: field.offset,
                };
                let at = (index, file.line(field.offset));
                let declared = self.intern_made(index, &declared, Seen::Made, part);
                let wire = self.intern_made(index, &wire, Seen::Made, part);
                Self::link(declared, wire, FlowKind::Tag, at, part);
            }
        }
    }

    /// Arguments flow into the parameters of the one function the call can
    /// mean (by name and number of arguments); keyword arguments into the
    /// parameter or field of that name.
    fn bind_call(&mut self, index: usize, file: &FileFacts, call: &Call, part: &mut Part) {
        let declared: &'j Declarations = self.declared;
        let at = (index, file.line(call.offset));
        let positional = call.args.iter().filter(|a| a.keyword.is_none()).count();
        let receiver = call
            .receiver_type
            .as_deref()
            .and_then(|t| declared.resolve_type(self.folders, index, t, 0, &mut part.looked_up));
        let targets: Vec<(usize, usize)> = declared
            .callees(
                self.folders,
                index,
                &call.callee,
                receiver.as_deref(),
                positional,
                &mut part.looked_up,
            )
            .into_iter()
            .map(|d| (d.file, d.index))
            .collect();
        for &(def_file, def_index) in &targets {
            let def = &self.facts[def_file]
                .expect("a function of the state")
                .flow
                .functions[def_index];
            let params = &def.params;
            for (arg, param) in call.args.iter().filter(|a| a.keyword.is_none()).zip(params) {
                if let (Some(name), Some(param)) = (&arg.name, param) {
                    let name = self.intern(index, name, Seen::Calls, part);
                    let param = self.intern(def_file, param, Seen::Calls, part);
                    Self::link(name, param, FlowKind::Argument, at, part);
                }
            }
            // What the function returns is what the call gives, where both
            // take part in some flow.
            let returned = Key::Return(def_file, Cow::Borrowed(&def.name));
            if self.exists(&returned, false, part)
                && self.exists(&Key::Result(index, call.offset), true, part)
            {
                let result = Name::Result {
                    offset: call.offset,
                    callee: call.callee.clone(),
                };
                let function = Name::Return {
                    function: def.name.clone(),
                };
                let function = self.intern_made(def_file, &function, Seen::Calls, part);
                let result = self.intern_made(index, &result, Seen::Calls, part);
                Self::link(function, result, FlowKind::Return, at, part);
            }
            for arg in &call.args {
                let Some((keyword, offset)) = &arg.keyword else {
                    continue;
                };
                if let Some(param) = params.iter().flatten().find(|p| p.text() == keyword) {
                    let key = Name::Key {
                        offset: *offset,
                        key: keyword.clone(),
                    };
                    let key = self.intern_made(index, &key, Seen::Calls, part);
                    let param = self.intern(def_file, param, Seen::Calls, part);
                    Self::link(key, param, FlowKind::Argument, at, part);
                }
            }
        }
        if !targets.is_empty() {
            return;
        }
        // `Invoice(account_id=x)`: keywords name the fields of a type.
        part.looked_up
            .push(dependency(Lookup::Type(call.callee.as_str())));
        if !declared.types.contains_key(call.callee.as_str()) {
            return;
        }
        for arg in &call.args {
            let Some((keyword, offset)) = &arg.keyword else {
                continue;
            };
            part.looked_up
                .push(dependency(Lookup::Owners(keyword.as_str())));
            if declared
                .owners
                .get(keyword.as_str())
                .is_some_and(|o| o.contains_key(call.callee.as_str()))
            {
                let key = Name::Key {
                    offset: *offset,
                    key: keyword.clone(),
                };
                let field = Name::Field {
                    owner: Some(call.callee.clone()),
                    name: keyword.clone(),
                    offset: 0,
                };
                let key = self.intern_made(index, &key, Seen::Calls, part);
                let field = self.intern_made(index, &field, Seen::Calls, part);
                Self::link(key, field, FlowKind::Argument, at, part);
            }
        }
    }

    /// The arguments after an SQL string bind its placeholders, which name
    /// columns (`WHERE run_id = ?`, `INSERT INTO t (a, run_id) VALUES (?, ?)`).
    fn bind_sql(&mut self, index: usize, file: &FileFacts, call: &Call, part: &mut Part) {
        let Some((sql_at, sql)) = self.sql_argument(index, call, part) else {
            return;
        };
        // Values after the statement, or the elements of the one tuple or
        // list that holds them (`execute(SQL, (a, b))`).
        let after = &call.args[sql_at + 1..];
        let bound: Vec<Option<&Name>> = match after {
            [only] if !only.elements.is_empty() => {
                only.elements.iter().map(Option::as_ref).collect()
            }
            _ => after.iter().map(|a| a.name.as_ref()).collect(),
        };
        let at = (index, file.line(call.offset));
        for (position, column) in placeholders(sql) {
            let (Some((table, column)), Some(Some(name))) = (column, bound.get(position)) else {
                continue;
            };
            let column = Name::Column {
                table,
                name: column,
            };
            let name = self.intern(index, name, Seen::Calls, part);
            let column = self.intern_made(index, &column, Seen::Calls, part);
            Self::link(name, column, FlowKind::Binding, at, part);
        }
    }

    /// The SQL statement a call runs: a string argument that reads as SQL,
    /// or a constant of the file's package that holds one.
    fn sql_argument<'c>(
        &self,
        file: usize,
        call: &'c Call,
        part: &mut Part,
    ) -> Option<(usize, &'c str)>
    where
        'j: 'c,
    {
        let declared: &'j Declarations = self.declared;
        call.args.iter().enumerate().find_map(|(i, a)| {
            let text = a.string.as_deref().or_else(|| {
                let name = a.name.as_ref()?;
                declared.constant(self.folders[file], name.text(), &mut part.looked_up)
            })?;
            looks_like_sql(text.as_bytes()).then_some((i, text))
        })
    }

    /// `rows, _ := db.Query("SELECT a, run_id FROM t")` then
    /// `rows.Scan(&a, &id)`: each selected column flows into the argument
    /// in its position.
    fn bind_rows(&mut self, index: usize, file: &FileFacts, part: &mut Part) {
        let readers: Vec<&Call> = file
            .flow
            .calls
            .iter()
            .filter(|c| ROW_READERS.contains(&c.callee.as_str()) && c.receiver.is_some())
            .collect();
        if readers.is_empty() {
            return;
        }
        for query in &file.flow.calls {
            let Some((_, sql)) = self.sql_argument(index, query, part) else {
                continue;
            };
            let columns = selected_columns(sql);
            if columns.is_empty() {
                continue;
            }
            let rows: Vec<&Name> = file
                .flow
                .flows
                .iter()
                .filter(
                    |f| matches!(&f.from, Name::Result { offset, .. } if *offset == query.offset),
                )
                .map(|f| &f.into)
                .collect();
            for reader in readers
                .iter()
                .filter(|r| r.receiver.as_ref().is_some_and(|n| rows.contains(&n)))
            {
                let at = (index, file.line(reader.offset));
                for ((table, column), arg) in columns.iter().zip(&reader.args) {
                    let Some(name) = &arg.name else { continue };
                    let column = Name::Column {
                        table: table.clone(),
                        name: column.clone(),
                    };
                    let column = self.intern_made(index, &column, Seen::Calls, part);
                    let name = self.intern(index, name, Seen::Calls, part);
                    Self::link(column, name, FlowKind::Binding, at, part);
                }
            }
        }
    }

    /// `RUN_ID_PARAM = "runId"`: a constant that holds the name of a request
    /// parameter stands for that parameter.
    fn join_constant_params(&mut self, index: usize, file: &FileFacts, part: &mut Part) {
        for constant in &file.flow.constants {
            if !self.exists(&Key::Param(Cow::Borrowed(&constant.value)), true, part) {
                continue;
            }
            let global = Name::Global {
                name: constant.name.clone(),
            };
            let param = Name::Param {
                key: constant.value.clone(),
            };
            let global = self.intern_made(index, &global, Seen::Made, part);
            let param = self.intern_made(index, &param, Seen::Made, part);
            Self::link(global, param, FlowKind::Tag, (index, 0), part);
        }
    }
}

/// Methods that read a row of a query's result into their arguments.
const ROW_READERS: &[&str] = &["Scan"];
