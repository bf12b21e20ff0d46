//! Generated files, by the generator that makes them: the plan groups the
//! generated files that hold the old word by their sources
//! ([`Regeneration`]), predicts what regenerating changes in them, and
//! finds the command that makes them again where the project says which
//! ([`Generator`]).
//!
//! The evidence is the project's own, never the migration's words: the
//! `//go:generate` directives of the Go files beside a generated Go file
//! (those that name it first), a directive elsewhere in its root that
//! names it, and for files made from `.proto` sources a `buf.gen.yaml` or
//! `buf.work.yaml` at the root (`buf generate`). A generator is available
//! when every program its directives run is on `PATH` (`go run` needs only
//! `go`); one that is not is named, and the predicted changes stay the
//! plan's word on what regenerating will change.
//!
//! A directive is a command line, not prose: the word of its program keeps
//! its spelling ([`in_directive_command`]); `go`'s subcommand (`go run`)
//! is a verb by the scan's reading.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::classify::{Inventory, GENERATED_CODE, GENERATED_FROM_PROTO};
use crate::config::Config;
use crate::scan::TermSide;
use crate::syntax::Lang;

/// Generated files that hold the old word: the source to change and the
/// command that makes them again.
#[derive(Debug, Clone, Serialize)]
pub struct Regeneration {
    pub sources: Vec<String>,
    pub generated: Vec<String>,
    /// What a person runs: the generators' commands and where, where the
    /// project tells them, else what the files' headers say.
    pub command: String,
    /// What regenerating will change in the generated files, as the
    /// plan's renames predict it: old name, new name (empty: it goes),
    /// places.
    pub changes: Vec<(String, String, usize)>,
    /// The commands that make the generated files again, where the
    /// project tells them: one per folder they run in.
    pub generators: Vec<Generator>,
}

/// A command that makes generated files again, and whether it can run
/// here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generator {
    /// The root it runs in.
    pub repo: String,
    /// The folder it runs in, in its root, `/`-separated; empty at the top.
    pub folder: String,
    /// The folder on disk.
    #[serde(skip)]
    pub dir: PathBuf,
    /// A shell command line, run in `dir`.
    pub command: String,
    /// Where the command comes from: the directives' places
    /// (`app/types.go:3`), or the buf configuration.
    pub evidence: Vec<String>,
    /// The programs it runs.
    pub tools: Vec<String>,
    /// The programs it runs that are not on `PATH`.
    pub missing: Vec<String>,
    /// Every program it runs is found: `apply --write --regenerate` runs it.
    pub available: bool,
    /// The folders on disk it may write: its own and its generated files'.
    #[serde(skip)]
    pub writes: Vec<PathBuf>,
}

impl Generator {
    /// Where it runs, as a person reads it: `app/gen` (`app` at the top).
    pub fn place(&self) -> String {
        if self.folder.is_empty() {
            self.repo.clone()
        } else {
            format!("{}/{}", self.repo, self.folder)
        }
    }

    /// Runnable, or why not: `not available: mockgen is not on PATH`.
    pub fn status(&self) -> String {
        if self.available {
            return "runnable".to_string();
        }
        let names: Vec<String> = self.missing.iter().map(|t| format!("`{t}`")).collect();
        let verb = if names.len() == 1 { "is" } else { "are" };
        format!("not available: {} {verb} not on PATH", names.join(", "))
    }
}

/// A name's words, lower-cased: `GetRunId` -> `get run id`.
pub(super) fn lowercase_words(name: &str) -> Vec<String> {
    termshift_words::split_words(name)
        .into_iter()
        .map(|w| name[w].to_ascii_lowercase())
        .collect()
}

/// What regenerating changes in a generated name: the new word where the
/// name holds, word for word, a compound name the plan renames in the
/// generator's sources (`GetRunId` holds `run_id`, which becomes
/// `session_id`: `GetSessionId`; anywhere, when the sources are not
/// known), or is a one-word name the plan renames there. A one-word name
/// inside a longer one says nothing: the word is everywhere. A name the
/// plan removes goes: an empty new name.
fn regenerated_name(
    config: &Config,
    name: &str,
    sources: &[String],
    planned: &PlannedNames,
) -> Option<String> {
    let words = lowercase_words(name);
    let in_sources = |file: &String| sources.is_empty() || sources.contains(file);
    let (_, _, removed) = planned.first_within(&words, in_sources)?;
    if *removed {
        return Some(String::new());
    }
    super::files::respell(config, name)
}

/// A planned name: its file, its words (lower-cased), whether it goes.
type PlannedName = (String, Vec<String>, bool);

/// The planned names by their first word, so that a generated name looks
/// only at those that start with one of its words, not at every one.
struct PlannedNames<'p> {
    by_first: HashMap<&'p str, Vec<&'p PlannedName>>,
}

impl<'p> PlannedNames<'p> {
    fn new(planned: &'p BTreeSet<PlannedName>) -> PlannedNames<'p> {
        let mut by_first: HashMap<&str, Vec<&PlannedName>> = HashMap::new();
        for name in planned {
            if let Some(first) = name.1.first() {
                by_first.entry(first.as_str()).or_default().push(name);
            }
        }
        PlannedNames { by_first }
    }

    /// The first planned name, in the plan's order, that `words` is (a
    /// one-word name) or holds word for word (a compound name).
    fn first_within(
        &self,
        words: &[String],
        in_sources: impl Fn(&String) -> bool,
    ) -> Option<&'p PlannedName> {
        words
            .iter()
            .enumerate()
            .flat_map(|(at, word)| {
                let candidates = self.by_first.get(word.as_str()).into_iter().flatten();
                candidates.filter(move |(_, old, _)| match old.len() {
                    1 => words.len() == 1,
                    _ => words[at..].starts_with(old),
                })
            })
            .filter(|(file, _, _)| in_sources(file))
            .min()
            .copied()
    }
}

/// Generated files holding the old word, grouped by their sources.
pub(super) fn regenerations(
    config: &Config,
    inventory: &Inventory,
    planned_names: &BTreeSet<PlannedName>,
) -> Vec<Regeneration> {
    let markers: HashMap<(&str, &str), &str> = inventory
        .scan
        .files
        .iter()
        .filter_map(|facts| {
            let marker = facts.generated_marker.as_deref()?;
            Some(((facts.repo.as_str(), facts.path.as_str()), marker))
        })
        .collect();
    type Generated = (
        BTreeSet<String>,
        BTreeSet<String>,
        BTreeMap<(String, String), usize>,
    );
    let planned = PlannedNames::new(planned_names);
    let mut by_sources: BTreeMap<Vec<String>, Generated> = BTreeMap::new();
    for f in &inventory.findings {
        let o = &f.occurrence;
        if o.term != TermSide::From
            || (f.category != GENERATED_FROM_PROTO && f.category != GENERATED_CODE)
        {
            continue;
        }
        let entry = by_sources.entry(f.generated_from.clone()).or_default();
        entry.0.insert(format!("{}/{}", o.repo, o.path));
        if let Some(marker) = markers.get(&(o.repo.as_str(), o.path.as_str())) {
            entry.1.insert(marker.to_string());
        }
        if let Some(new) = regenerated_name(config, &o.text, &f.generated_from, &planned) {
            *entry.2.entry((o.text.clone(), new)).or_default() += 1;
        }
    }
    let go_files: Vec<(&str, &str)> = inventory
        .scan
        .files
        .iter()
        .filter(|f| f.language == Lang::Go && f.generated_marker.is_none())
        .map(|f| (f.repo.as_str(), f.path.as_str()))
        .collect();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut directives = GoDirectives::new(&go_files);
    by_sources
        .into_iter()
        .map(|(sources, (generated, markers, changes))| {
            let generators = generators_of(config, &sources, &generated, &mut directives, &path);
            let command = match generators.as_slice() {
                [] => regenerate_command(&sources, &markers),
                [one] => format!("{} (in {})", one.command, one.place()),
                many => many
                    .iter()
                    .map(|g| format!("{} (in {})", g.command, g.place()))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            Regeneration {
                sources,
                generated: generated.into_iter().collect(),
                command,
                changes: changes
                    .into_iter()
                    .map(|((old, new), places)| (old, new, places))
                    .collect(),
                generators,
            }
        })
        .collect()
}

/// The command that makes generated files again, from the generators their
/// headers name (`protoc-gen-go` -> `protoc --go_out=...`).
fn regenerate_command(sources: &[String], markers: &BTreeSet<String>) -> String {
    let plugins: BTreeSet<&str> = markers
        .iter()
        .flat_map(|m| m.split_whitespace())
        .filter_map(|w| w.strip_prefix("protoc-gen-"))
        .map(|p| p.trim_end_matches(['.', ',']))
        .filter(|p| !p.is_empty())
        .collect();
    if plugins.is_empty() || sources.is_empty() {
        return match markers.iter().next() {
            Some(marker) => format!("rerun the generator its header names ({marker})"),
            None => "rerun the generator that writes these files".to_string(),
        };
    }
    let outs: Vec<String> = plugins.iter().map(|p| format!("--{p}_out=<dir>")).collect();
    let protos: Vec<&str> = sources
        .iter()
        .map(|s| s.split_once('/').map_or(s.as_str(), |(_, p)| p))
        .collect();
    format!("protoc {} {}", outs.join(" "), protos.join(" "))
}

/// The generators of a group of generated files (`root/path`), one per
/// folder they run in.
fn generators_of(
    config: &Config,
    sources: &[String],
    generated: &BTreeSet<String>,
    directives: &mut GoDirectives,
    path_var: &std::ffi::OsStr,
) -> Vec<Generator> {
    let from_proto = sources.iter().any(|s| s.ends_with(".proto"));
    let mut found: Vec<Generator> = Vec::new();
    for file in generated {
        let Some((repo, path)) = file.split_once('/') else {
            continue;
        };
        let Some(root) = config.roots.iter().find(|r| r.name == repo) else {
            continue;
        };
        let Some(generator) =
            generator_of(&root.path, repo, path, from_proto, directives, path_var)
        else {
            continue;
        };
        let folder_of = |p: &str| root.path.join(p.rsplit_once('/').map_or("", |(f, _)| f));
        let writes = folder_of(path);
        match found.iter_mut().find(|g| {
            g.repo == generator.repo && g.dir == generator.dir && g.command == generator.command
        }) {
            Some(same) => {
                if !same.writes.contains(&writes) {
                    same.writes.push(writes);
                }
            }
            None => {
                let mut generator = generator;
                if !generator.writes.contains(&writes) {
                    generator.writes.push(writes);
                }
                found.push(generator);
            }
        }
    }
    found
}

/// The generator of one generated file, from the most particular evidence
/// the project has: a directive beside it that names it, one elsewhere in
/// its root that names it, a buf configuration for files of `.proto`
/// sources, any directive beside it.
fn generator_of(
    root: &Path,
    repo: &str,
    path: &str,
    from_proto: bool,
    directives: &mut GoDirectives,
    path_var: &std::ffi::OsStr,
) -> Option<Generator> {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let beside: Vec<(String, Vec<Directive>)> = if path.ends_with(".go") {
        directives.beside(&root.join(folder)).to_vec()
    } else {
        Vec::new()
    };
    let go_generate = |folder: &str, found: &[(String, Vec<Directive>)]| {
        let dir = root.join(folder);
        let files: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        let mut tools: Vec<String> = Vec::new();
        let mut evidence = Vec::new();
        for (file, directives) in found {
            for d in directives {
                let in_root = if folder.is_empty() {
                    file.clone()
                } else {
                    format!("{folder}/{file}")
                };
                evidence.push(format!("{repo}/{in_root}:{}", d.line));
                if !tools.contains(&d.tool) {
                    tools.push(d.tool.clone());
                }
            }
        }
        if !tools.iter().any(|t| t == "go") {
            tools.insert(0, "go".to_string());
        }
        generator(
            repo,
            folder,
            dir,
            format!("go generate {}", files.join(" ")),
            evidence,
            tools,
            path_var,
        )
    };
    let naming = |found: &[(String, Vec<Directive>)]| -> Vec<(String, Vec<Directive>)> {
        found
            .iter()
            .map(|(f, ds)| {
                let named: Vec<Directive> = ds.iter().filter(|d| d.names(name)).cloned().collect();
                (f.clone(), named)
            })
            .filter(|(_, ds)| !ds.is_empty())
            .collect()
    };
    let named_beside = naming(&beside);
    if !named_beside.is_empty() {
        return Some(go_generate(folder, &named_beside));
    }
    if path.ends_with(".go") {
        // A directive elsewhere in the root that names the file.
        let mut elsewhere: BTreeMap<&str, Vec<(String, Vec<Directive>)>> = BTreeMap::new();
        for (f, n, ds) in directives.in_root(root, repo) {
            if f == folder {
                continue;
            }
            let named: Vec<Directive> = ds.iter().filter(|d| d.names(name)).cloned().collect();
            if !named.is_empty() {
                elsewhere
                    .entry(f.as_str())
                    .or_default()
                    .push((n.clone(), named));
            }
        }
        if let Some((f, found)) = elsewhere.into_iter().next() {
            return Some(go_generate(f, &found));
        }
    }
    if from_proto {
        let config = ["buf.gen.yaml", "buf.work.yaml"]
            .into_iter()
            .find(|c| root.join(c).is_file());
        if let Some(config) = config {
            return Some(generator(
                repo,
                "",
                root.to_path_buf(),
                "buf generate".to_string(),
                vec![format!("{repo}/{config}")],
                vec!["buf".to_string()],
                path_var,
            ));
        }
    }
    (!beside.is_empty()).then(|| go_generate(folder, &beside))
}

fn generator(
    repo: &str,
    folder: &str,
    dir: PathBuf,
    command: String,
    evidence: Vec<String>,
    tools: Vec<String>,
    path_var: &std::ffi::OsStr,
) -> Generator {
    let missing: Vec<String> = tools
        .iter()
        .filter(|t| !on_path(t, &dir, path_var))
        .cloned()
        .collect();
    Generator {
        repo: repo.to_string(),
        folder: folder.to_string(),
        writes: vec![dir.clone()],
        dir,
        command,
        evidence,
        tools,
        available: missing.is_empty(),
        missing,
    }
}

/// Whether a program can be run from `dir`: a path (`./gen.sh`) names a
/// file, a name is looked up in `PATH`.
fn on_path(tool: &str, dir: &Path, path_var: &std::ffi::OsStr) -> bool {
    if tool.contains('/') || tool.contains('\\') {
        return dir.join(tool).is_file();
    }
    std::env::split_paths(path_var).any(|folder| {
        let candidates = if cfg!(windows) {
            vec![folder.join(format!("{tool}.exe")), folder.join(tool)]
        } else {
            vec![folder.join(tool)]
        };
        candidates.iter().any(|c| is_executable(c))
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// A `//go:generate` directive: its line, its words, and the program it
/// runs (through a `-command` alias of its file).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    line: u32,
    words: Vec<String>,
    tool: String,
}

impl Directive {
    /// Whether one of its words names the file `name` (`-output=x_string.go`,
    /// `../mocks/x_mock.go`).
    fn names(&self, name: &str) -> bool {
        self.words.iter().any(|w| {
            w.rsplit(['/', '=', '\\'])
                .next()
                .is_some_and(|last| last == name)
        })
    }
}

/// The directives of the non-generated, non-test Go files of a folder, by
/// file name, in name order; files without one are left out.
/// The `//go:generate` directives of Go files, each folder and file read
/// once however many generated files ask about them.
struct GoDirectives<'s> {
    /// The scan's Go files that are not generated, as (root, path).
    go_files: &'s [(&'s str, &'s str)],
    /// By folder on disk: its files' directives ([`directives_beside`]).
    beside: HashMap<PathBuf, Vec<(String, Vec<Directive>)>>,
    /// By root: (folder, file name, directives) of the scan's Go files
    /// that hold one, tests left out.
    in_root: HashMap<String, Vec<(String, String, Vec<Directive>)>>,
}

impl<'s> GoDirectives<'s> {
    fn new(go_files: &'s [(&'s str, &'s str)]) -> GoDirectives<'s> {
        GoDirectives {
            go_files,
            beside: HashMap::new(),
            in_root: HashMap::new(),
        }
    }

    fn beside(&mut self, folder: &Path) -> &[(String, Vec<Directive>)] {
        self.beside
            .entry(folder.to_path_buf())
            .or_insert_with(|| directives_beside(folder))
    }

    fn in_root(&mut self, root: &Path, repo: &str) -> &[(String, String, Vec<Directive>)] {
        let go_files = self.go_files;
        self.in_root.entry(repo.to_string()).or_insert_with(|| {
            go_files
                .iter()
                .filter(|(r, _)| *r == repo)
                .filter_map(|(_, p)| {
                    let (f, n) = p.rsplit_once('/').unwrap_or(("", p));
                    if n.ends_with("_test.go") {
                        return None;
                    }
                    let text = std::fs::read_to_string(root.join(p)).ok()?;
                    if !text.contains("//go:generate") {
                        return None;
                    }
                    let directives = file_directives(&text);
                    (!directives.is_empty()).then(|| (f.to_string(), n.to_string(), directives))
                })
                .collect()
        })
    }
}

fn directives_beside(folder: &Path) -> Vec<(String, Vec<Directive>)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".go") && !n.ends_with("_test.go"))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let text = std::fs::read_to_string(folder.join(&name)).ok()?;
            if is_generated_go(&text) {
                return None;
            }
            let directives = file_directives(&text);
            (!directives.is_empty()).then_some((name, directives))
        })
        .collect()
}

/// Go's rule for a generated file: a line `// Code generated ... DO NOT
/// EDIT.` before the package clause.
fn is_generated_go(text: &str) -> bool {
    text.lines()
        .take_while(|l| !l.starts_with("package "))
        .any(|l| {
            let l = l.trim_end_matches('\r');
            l.starts_with("// Code generated ") && l.ends_with(" DO NOT EDIT.")
        })
}

/// The directives of a Go file that run a program, in order; `-command`
/// aliases name the program of the directives after them.
fn file_directives(text: &str) -> Vec<Directive> {
    let mut aliases: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some(words) = directive_words(line) else {
            continue;
        };
        let words: Vec<String> = words.into_iter().map(|(_, w)| w).collect();
        match words.as_slice() {
            [] => {}
            [command, alias, program, ..] if command == "-command" => {
                let program = aliases.get(program).cloned().unwrap_or(program.clone());
                aliases.insert(alias.clone(), program);
            }
            [command, ..] if command == "-command" => {}
            [program, ..] => {
                let tool = aliases.get(program).cloned().unwrap_or(program.clone());
                out.push(Directive {
                    line: n as u32 + 1,
                    words,
                    tool,
                });
            }
        }
    }
    out
}

/// The words of a `//go:generate` line, with their byte ranges in it, as
/// go generate splits them: spaces and tabs part words, a double-quoted
/// string is one word (its escapes read). `None` for any other line.
fn directive_words(line: &str) -> Option<Vec<(Range<usize>, String)>> {
    let line = line.trim_end_matches(['\r', '\n']);
    let rest = line.strip_prefix("//go:generate")?;
    if !(rest.starts_with([' ', '\t'])) {
        return None;
    }
    let start = line.len() - rest.len();
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        if bytes[i] == b' ' || bytes[i] == b'\t' {
            i += 1;
            continue;
        }
        let begin = i;
        let mut word = String::new();
        if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                if bytes[i] == b'\\' && i + 1 < bytes.len() {
                    i += 1;
                    word.push(match bytes[i] {
                        b'n' => '\n',
                        b't' => '\t',
                        c => c as char,
                    });
                    i += 1;
                    continue;
                }
                let c = line[i..].chars().next().unwrap_or(' ');
                word.push(c);
                i += c.len_utf8();
            }
            i = (i + 1).min(bytes.len());
        } else {
            while i < bytes.len() && bytes[i] != b' ' && bytes[i] != b'\t' {
                i += 1;
            }
            word.push_str(&line[begin..i]);
        }
        words.push((begin..i, word));
    }
    Some(words)
}

/// Whether `offset` of `text` falls in the program's word of a
/// `//go:generate` directive, which names a program and keeps its spelling
/// whatever the migration. (`go`'s subcommand, `go run`, is a verb by the
/// scan's reading of the directive as a command line.)
pub(super) fn in_directive_command(text: &[u8], offset: usize) -> bool {
    if offset > text.len() {
        return false;
    }
    let start = text[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = text[offset..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |i| offset + i);
    let Ok(line) = std::str::from_utf8(&text[start..end]) else {
        return false;
    };
    let Some(words) = directive_words(line) else {
        return false;
    };
    let at = offset - start;
    match words.as_slice() {
        [(_, first), ..] if first == "-command" => false,
        [(program, _), ..] => program.contains(&at),
        [] => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated name takes the first planned name, in the plan's order,
    /// that it is (one word) or holds word for word (several words), of
    /// the files given.
    #[test]
    fn a_generated_name_finds_the_planned_names_it_holds() {
        let planned: BTreeSet<PlannedName> = [
            ("a.proto", "run id", false),
            ("b.proto", "run id", true),
            ("a.proto", "run", false),
            ("a.proto", "planning run", false),
        ]
        .into_iter()
        .map(|(file, old, removed)| {
            let old = old.split(' ').map(String::from).collect();
            (file.to_string(), old, removed)
        })
        .collect();
        let planned_names = PlannedNames::new(&planned);
        let found = |name: &str, files: &[&str]| {
            let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
            planned_names
                .first_within(&lowercase_words(name), |f| {
                    files.is_empty() || files.contains(f)
                })
                .map(|(file, old, removed)| (file.clone(), old.join(" "), *removed))
        };
        let of =
            |file: &str, old: &str, removed| Some((file.to_string(), old.to_string(), removed));
        assert_eq!(found("GetRunId", &[]), of("a.proto", "run id", false));
        assert_eq!(
            found("GetRunId", &["b.proto"]),
            of("b.proto", "run id", true)
        );
        assert_eq!(found("Run", &[]), of("a.proto", "run", false));
        // One word inside a longer name says nothing.
        assert_eq!(found("RunCount", &[]), None);
        assert_eq!(
            found("lastPlanningRun", &[]),
            of("a.proto", "planning run", false)
        );
        assert_eq!(found("GetRunId", &["c.proto"]), None);
    }

    fn words(line: &str) -> Option<Vec<String>> {
        directive_words(line).map(|ws| ws.into_iter().map(|(_, w)| w).collect())
    }

    #[test]
    fn a_directive_is_split_as_go_generate_splits_it() {
        assert_eq!(
            words("//go:generate go run ./gen -out \"a b.go\"\r"),
            Some(vec![
                "go".into(),
                "run".into(),
                "./gen".into(),
                "-out".into(),
                "a b.go".into()
            ])
        );
        assert_eq!(
            words("//go:generate\tstringer -type=RunKind"),
            Some(vec!["stringer".into(), "-type=RunKind".into()])
        );
        assert_eq!(words("//go:generate"), None);
        assert_eq!(words("//go:generatex go run ."), None);
        assert_eq!(words("// go:generate go run ."), None);
        assert_eq!(words("\t//go:generate go run ."), None);
        assert_eq!(words("//go:build linux"), None);
    }

    #[test]
    fn a_directive_runs_its_program_or_its_alias() {
        let text = "package a\n\n//go:generate -command mock go tool mockgen\n//go:generate mock -destination=../mocks/run_mock.go . Runner\n//go:generate sqlc generate\n// not one: //go:generate x\n";
        let found = file_directives(text);
        let tools: Vec<(&str, u32)> = found.iter().map(|d| (d.tool.as_str(), d.line)).collect();
        assert_eq!(tools, [("go", 4), ("sqlc", 5)]);
        assert!(found[0].names("run_mock.go"));
        assert!(!found[0].names("mock.go"));
        assert!(!found[1].names("run_mock.go"));
    }

    #[test]
    fn the_program_of_a_directive_keeps_its_name() {
        let text = b"package a\n\n//go:generate go run ./gen -type=RunInfo\n// run it\n//go:generate run-tool x\n";
        let at = |needle: &str, nth: usize| {
            let s = std::str::from_utf8(text).unwrap();
            s.match_indices(needle).nth(nth).unwrap().0
        };
        assert!(in_directive_command(text, at("go run", 0)));
        assert!(!in_directive_command(text, at("RunInfo", 0)));
        assert!(!in_directive_command(text, at("run it", 0)));
        assert!(in_directive_command(text, at("run-tool", 0)));
        assert!(!in_directive_command(text, at("package", 0)));
    }

    #[test]
    fn a_generated_go_file_is_told_by_its_header() {
        assert!(is_generated_go(
            "// Code generated by gen. DO NOT EDIT.\n\npackage a\n"
        ));
        assert!(!is_generated_go(
            "package a\n\n// Code generated by gen. DO NOT EDIT.\n"
        ));
        assert!(!is_generated_go("// Code generated by hand.\npackage a\n"));
    }

    #[test]
    fn a_program_is_available_when_path_has_it() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let tool = bin.join("mytool");
        std::fs::write(&tool, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = std::env::join_paths([&bin]).unwrap();
        assert!(on_path("mytool", dir.path(), &path));
        assert!(!on_path("othertool", dir.path(), &path));
        assert!(on_path("./bin/mytool", dir.path(), &path));
        let g = generator(
            "app",
            "",
            dir.path().to_path_buf(),
            "go generate a.go".into(),
            vec![],
            vec!["mytool".into(), "mockgen".into()],
            &path,
        );
        assert!(!g.available);
        assert_eq!(g.status(), "not available: `mockgen` is not on PATH");
    }
}
