//! What the files declare (fields and their owners, top-level names,
//! functions, string constants), counted per file so a file's can be
//! taken out again, and the lookups joining makes in it: the key of a
//! name, the type a call returns, the functions a call can mean.

use std::borrow::Cow;
use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};

use super::kept::{dependency, Lookup};
use super::key::{Folded, Key, Spelled};
use crate::scan::FileFacts;
use crate::syntax::{returned_type_call, Name};

/// What the files declare, as joining looks it up, counted per file so
/// that a file's declarations can be taken out again.
#[derive(Default)]
pub(super) struct Declarations {
    /// Field name -> the types that declare it.
    pub(super) owners: HashMap<Box<str>, BTreeMap<Box<str>, u32>>,
    /// Every type that declares a field.
    pub(super) types: HashMap<Box<str>, u32>,
    /// Top-level name -> the files that declare it.
    globals: HashMap<Box<str>, Vec<usize>>,
    /// Bare function name -> the functions of that name.
    functions: HashMap<Box<str>, Vec<FunctionRef>>,
    /// String constant name -> each declaration of it.
    constants: HashMap<Box<str>, Vec<ConstantRef>>,
}

/// What one file declares.
#[derive(Default)]
pub(super) struct Declared {
    /// Each declaration as the lookup it answers and a hash of what it
    /// says (sorted): a file's change changes the lookups whose entries
    /// differ, not all it declares.
    entries: Vec<(u64, u64)>,
    /// (owner, name) of each field.
    fields: Vec<(Box<str>, Box<str>)>,
    globals: Vec<Box<str>>,
    /// Bare names of its functions.
    functions: Vec<Box<str>>,
    constants: Vec<Box<str>>,
}

/// A string constant of the roots: (folder, file, value).
type ConstantRef = (usize, usize, Box<str>);

/// A function of the roots, as calls are resolved to it.
#[derive(Debug, Clone)]
pub(super) struct FunctionRef {
    pub(super) file: usize,
    /// Its index in the file's `functions`.
    pub(super) index: usize,
    /// Qualified by its type: `Registry.Get`.
    name: Box<str>,
    params: usize,
    returns: Option<Box<str>>,
}

impl Declarations {
    /// Adds what a file declares.
    pub(super) fn add(&mut self, id: usize, folder: usize, file: &FileFacts) -> Declared {
        let mut declared = Declared::default();
        for field in &file.flow.fields {
            *self
                .owners
                .entry(field.name.as_str().into())
                .or_default()
                .entry(field.owner.as_str().into())
                .or_default() += 1;
            *self.types.entry(field.owner.as_str().into()).or_default() += 1;
            declared
                .fields
                .push((field.owner.as_str().into(), field.name.as_str().into()));
            declared.entries.extend([
                (
                    dependency(Lookup::Owners(&field.name)),
                    dependency(&field.owner),
                ),
                (dependency(Lookup::Type(&field.owner)), 0),
            ]);
        }
        for global in &file.flow.globals {
            self.globals
                .entry(global.as_str().into())
                .or_default()
                .push(id);
            declared.globals.push(global.as_str().into());
            declared
                .entries
                .push((dependency(Lookup::Global(global)), 0));
        }
        for (index, def) in file.flow.functions.iter().enumerate() {
            let bare = def.name.rsplit('.').next().unwrap_or(&def.name);
            self.functions
                .entry(bare.into())
                .or_default()
                .push(FunctionRef {
                    file: id,
                    index,
                    name: def.name.as_str().into(),
                    params: def.params.len(),
                    returns: def.returns.as_deref().map(Into::into),
                });
            declared.functions.push(bare.into());
            // Calls read its parameters and what it returns.
            let says = dependency((&def.name, &def.params, &def.returns));
            declared
                .entries
                .push((dependency(Lookup::Function(bare)), says));
        }
        for constant in &file.flow.constants {
            self.constants
                .entry(constant.name.as_str().into())
                .or_default()
                .push((folder, id, constant.value.as_str().into()));
            declared.constants.push(constant.name.as_str().into());
            let says = dependency((folder, &constant.value));
            declared
                .entries
                .push((dependency(Lookup::Constant(&constant.name)), says));
        }
        declared.entries.sort_unstable();
        declared
    }

    /// Takes out what a file declared.
    pub(super) fn remove(&mut self, id: usize, declared: &Declared) {
        for (owner, name) in &declared.fields {
            let owners = self.owners.get_mut(name).expect("declared");
            let count = owners.get_mut(owner).expect("declared");
            *count -= 1;
            if *count == 0 {
                owners.remove(owner);
                if owners.is_empty() {
                    self.owners.remove(name);
                }
            }
            let count = self.types.get_mut(owner).expect("declared");
            *count -= 1;
            if *count == 0 {
                self.types.remove(owner);
            }
        }
        for global in &declared.globals {
            let files = self.globals.get_mut(global).expect("declared");
            let at = files.iter().position(|&f| f == id).expect("declared");
            files.remove(at);
            if files.is_empty() {
                self.globals.remove(global);
            }
        }
        for bare in &declared.functions {
            if let Some(functions) = self.functions.get_mut(bare) {
                functions.retain(|f| f.file != id);
                if functions.is_empty() {
                    self.functions.remove(bare);
                }
            }
        }
        for name in &declared.constants {
            if let Some(constants) = self.constants.get_mut(name) {
                constants.retain(|&(_, file, _)| file != id);
                if constants.is_empty() {
                    self.constants.remove(name);
                }
            }
        }
    }

    /// The value of a string constant of a folder, when its files agree
    /// on it.
    pub(super) fn constant(
        &self,
        folder: usize,
        name: &str,
        looked_up: &mut Vec<u64>,
    ) -> Option<&str> {
        looked_up.push(dependency(Lookup::Constant(name)));
        let mut values = self
            .constants
            .get(name)?
            .iter()
            .filter(|(f, _, _)| *f == folder)
            .map(|(_, _, value)| &**value);
        let first = values.next()?;
        values.all(|v| v == first).then_some(first)
    }
}

impl Declared {
    /// Notes the lookups whose entries differ between two versions of a
    /// file's declarations.
    pub(super) fn changes(&self, now: &Declared, changed: &mut HashSet<u64>) {
        let (mut a, mut b) = (
            self.entries.iter().peekable(),
            now.entries.iter().peekable(),
        );
        loop {
            match (a.peek(), b.peek()) {
                (None, None) => return,
                (Some(x), Some(y)) if x == y => {
                    a.next();
                    b.next();
                }
                (Some(x), Some(y)) if x < y => {
                    changed.insert(x.0);
                    a.next();
                }
                (Some(_), Some(y)) | (None, Some(y)) => {
                    changed.insert(y.0);
                    b.next();
                }
                (Some(x), None) => {
                    changed.insert(x.0);
                    a.next();
                }
            }
        }
    }
}

impl Declarations {
    /// The functions a call can mean: the method of the receiver's type;
    /// else, by bare name and number of arguments, the only one in the
    /// roots, or those of the caller's folder (a call through an
    /// interface reaches every implementation there).
    pub(super) fn callees(
        &self,
        folders: &[usize],
        file: usize,
        callee: &str,
        receiver_type: Option<&str>,
        arguments: usize,
        looked_up: &mut Vec<u64>,
    ) -> Vec<&FunctionRef> {
        looked_up.push(dependency(Lookup::Function(callee)));
        let Some(named) = self.functions.get(callee) else {
            return Vec::new();
        };
        let fitting: Vec<&FunctionRef> = named.iter().filter(|d| d.params >= arguments).collect();
        if let Some(receiver) = receiver_type {
            // `Receiver.callee`, without writing it out.
            let exact: Vec<_> = fitting
                .iter()
                .filter(|d| {
                    d.name
                        .strip_suffix(callee)
                        .and_then(|r| r.strip_suffix('.'))
                        == Some(receiver)
                })
                .copied()
                .collect();
            if !exact.is_empty() {
                return exact;
            }
        }
        if fitting.len() <= 1 {
            return fitting;
        }
        let here = folders[file];
        let local: Vec<_> = fitting
            .into_iter()
            .filter(|d| folders[d.file] == here)
            .collect();
        if receiver_type.is_some() || local.len() == 1 {
            local
        } else {
            Vec::new()
        }
    }

    /// A type the flow reader could only write as what a call returns
    /// (`Registry.Open()`), once the function is known.
    pub(super) fn resolve_type<'w>(
        &'w self,
        folders: &[usize],
        file: usize,
        written: &'w str,
        depth: usize,
        looked_up: &mut Vec<u64>,
    ) -> Option<Cow<'w, str>> {
        let Some((receiver, method)) = returned_type_call(written) else {
            return Some(Cow::Borrowed(written));
        };
        if depth > 4 {
            return None;
        }
        let receiver = match receiver {
            Some(r) => Some(self.resolve_type(folders, file, r, depth + 1, looked_up)?),
            None => None,
        };
        let mut types = self
            .callees(folders, file, method, receiver.as_deref(), 0, looked_up)
            .into_iter()
            .filter_map(|d| d.returns.as_deref());
        let first = types.next()?;
        types.all(|t| t == first).then_some(Cow::Borrowed(first))
    }

    /// The key of a name of `file`.
    pub(super) fn key<'n>(
        &'n self,
        folders: &[usize],
        file: usize,
        name: &'n Name,
        looked_up: &mut Vec<u64>,
    ) -> Key<'n> {
        let b = |s: &'n str| Cow::Borrowed(s);
        match name {
            Name::Local { function, name } => Key::Local(file, b(function), b(name)),
            // A top-level name a file uses but does not declare is the one
            // another file declares, if only one does.
            Name::Global { name } => {
                looked_up.push(dependency(Lookup::Global(name)));
                match self.globals.get(name.as_str()).map(Vec::as_slice) {
                    Some([declared]) => Key::Global(*declared, b(name)),
                    _ => Key::Global(file, b(name)),
                }
            }
            Name::Field {
                owner: Some(owner),
                name,
                offset,
            } => match self.resolve_type(folders, file, owner, 0, looked_up) {
                Some(owner) => Key::Field(owner, b(name)),
                None => Key::FieldAt(file, *offset, b(name)),
            },
            Name::Field {
                owner: None,
                name,
                offset,
            } => {
                looked_up.push(dependency(Lookup::Owners(name)));
                match self.owners.get(name.as_str()) {
                    // The one type that declares the field is its owner.
                    Some(owners) if owners.len() == 1 => {
                        let (owner, _) = owners.first_key_value().expect("one owner");
                        Key::Field(b(owner), b(name))
                    }
                    _ => Key::FieldAt(file, *offset, b(name)),
                }
            }
            Name::Key { offset, .. } => Key::Literal(file, *offset),
            Name::Wire { owner, key } => Key::Wire(Spelled(b(owner)), Spelled(b(key))),
            Name::Column {
                table: Some(table),
                name,
            } => Key::Column(Folded(b(table)), b(name)),
            Name::Column { table: None, name } => Key::ColumnIn(file, b(name)),
            Name::Table { name } => Key::Table(Folded(b(name))),
            Name::Param { key } => Key::Param(b(key)),
            Name::Segment { path } => Key::Segment(b(path)),
            Name::Return { function } => Key::Return(file, b(function)),
            Name::Result { offset, .. } => Key::Result(file, *offset),
        }
    }
}
