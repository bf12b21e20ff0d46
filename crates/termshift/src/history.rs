//! The migration over git history: the count of each category at each
//! commit of the roots' first-parent lines, kept in a SQLite database
//! (`.termshift/history.sqlite` next to the configuration file).
//!
//! The roots of one repository move together; roots of several
//! repositories are read at each repository's latest commit as of the
//! commit counted, so every point counts the whole configuration.
//!
//! What is kept, and why it stays right:
//! - in the database, the counts of a *state* (the commit of every
//!   repository) under a configuration hash (the configuration file's bytes
//!   and termshift's version): the counts are a function of the trees and
//!   the configuration alone;
//! - during a computation, each file's scan output by (root, path, blob
//!   id): a file's occurrences and facts depend on its bytes, its path and
//!   the configuration only. Classification is cross-file (a name-flow
//!   graph over all files), so it runs again for a state whose files with
//!   occurrences (or `.proto` sources) or roots' notes (`.gitattributes`,
//!   CODEOWNERS) differ from the previous state's, and only then; a state
//!   with the same such input has the previous state's counts. States are
//!   read a batch (32) at a time: the files new to the batch (by path and
//!   blob) are scanned together on every core, each once, a repository's
//!   roots in one pass; then its states are classified on every core.
//!
//! Each core classifies a run of consecutive states with its own
//! [`KeptGraph`](crate::facts::KeptGraph) and
//! [`KeptEvidence`](crate::classify::KeptEvidence), brought from state to
//! state and kept across batches, so a commit rebuilds only the graph's
//! parts of the files it changed and of those that read what they declare.
//! Counting is `classify::count_on`: the decisions without the findings'
//! other columns, reading the kept scans through a `ScanView` rather than
//! copying them. Each folder's listing is kept by tree id, its paths
//! shared, so an unchanged folder costs a lookup. Between batches only
//! the last state's files and counts are kept; a later run reads the kept
//! states and scans nothing for them.
//!
//! The schema's version is `PRAGMA user_version`, migrated on open in an
//! immediate transaction. WAL and a busy timeout let two commands share
//! the file (switching to WAL is retried until that timeout: SQLite
//! answers it "locked" without waiting). A file SQLite cannot read is an
//! error naming it and `--rebuild`. A shallow clone's history stops at its
//! boundary with a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use gix::ObjectId;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::classify::{count_on, KeptEvidence};
use crate::config::Config;
use crate::error::Error;
use crate::facts::KeptGraph;
use crate::scan::{FileScan, ScanView, Scanner};
use crate::sources::git::{CommitInfo, RootRepository, TreeFile, TreeMemo};
use crate::sources::{RootNotes, SourceFile, Warning, NESTED_REPOSITORY};

/// The schema version this build writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

/// How long a command waits for another one writing the database.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Which commits to count.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only commits at or after this time (seconds since the Unix epoch).
    pub since: Option<i64>,
    /// A range `A..B` (or a single tip `B`) resolved in every repository;
    /// the head when not given.
    pub revs: Option<String>,
    /// Count every `every`th commit (and always the last); 0 and 1 count
    /// each one.
    pub every: usize,
}

/// The counts at one commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The roots whose repository made the commit.
    pub roots: Vec<String>,
    pub commit: String,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
    pub subject: String,
    /// Occurrences per category, every category of the configuration
    /// included.
    pub counts: BTreeMap<String, usize>,
}

/// The work a history computation did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Files read and scanned (not found in the scan outputs at hand).
    pub files_scanned: usize,
    /// Points whose counts the database already held.
    pub points_cached: usize,
    /// Points classified.
    pub points_classified: usize,
    /// Points whose files with occurrences were the previous point's.
    pub points_unchanged: usize,
}

/// The points counted, oldest first, what it cost, and what went wrong
/// along the way.
#[derive(Debug, Default)]
pub struct History {
    pub points: Vec<Point>,
    pub stats: Stats,
    pub warnings: Vec<Warning>,
}

/// Where the history of a configuration file is kept.
pub fn database_path(config_file: &Path) -> PathBuf {
    config_file
        .parent()
        .unwrap_or(Path::new(""))
        .join(".termshift")
        .join("history.sqlite")
}

/// The hash that keys counts: the configuration file's bytes and the
/// engine's version, since either changes what a tree counts.
pub fn config_hash(config_file: &Path) -> Result<String, Error> {
    let mut bytes = std::fs::read(config_file).map_err(|e| {
        Error::usage(format!(
            "cannot read configuration {}: {e}",
            config_file.display()
        ))
    })?;
    bytes.extend_from_slice(concat!("\ntermshift ", env!("CARGO_PKG_VERSION")).as_bytes());
    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, &bytes)
        .map(|id| id.to_string())
        .map_err(|e| Error::usage(format!("cannot hash the configuration: {e}")))
}

/// The history database: opened (created, migrated) with WAL and a busy
/// timeout, so commands running at once wait for each other.
pub struct Database {
    connection: Connection,
    path: PathBuf,
}

/// Switches the database to write-ahead logging, waiting (up to the busy
/// timeout) for another command that holds its lock: SQLite answers a
/// journal mode change with "locked" at once rather than calling the busy
/// handler, and two commands that open a new database race to make it.
pub(crate) fn use_wal(connection: &Connection) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        match connection.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            done => return done,
        }
    }
}

impl Database {
    /// Opens the database at `path`, creating it and its folder if needed;
    /// `rebuild` deletes it first.
    pub fn open(path: &Path, rebuild: bool) -> Result<Database, Error> {
        if rebuild {
            for suffix in ["", "-wal", "-shm"] {
                let file = PathBuf::from(format!("{}{suffix}", path.display()));
                match std::fs::remove_file(&file) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(Error::usage(format!(
                            "cannot delete {}: {e}",
                            file.display()
                        )))
                    }
                    _ => {}
                }
            }
        }
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| {
                Error::usage(format!("cannot create {}: {e}", folder.display()))
                    .help("check that the configuration file's folder is writable")
            })?;
        }
        let corrupt = |e: rusqlite::Error| {
            Error::usage(format!(
                "the history database {} cannot be used: {e}",
                path.display()
            ))
            .help("it is a cache: pass --rebuild to delete and recreate it")
        };
        let connection = Connection::open(path).map_err(corrupt)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(corrupt)?;
        use_wal(&connection).map_err(corrupt)?;
        // With WAL, a commit no longer waits for the disk: a crash may lose
        // the last points (a cache recomputes them), never corrupt the file.
        connection
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(corrupt)?;
        let database = Database {
            connection,
            path: path.to_path_buf(),
        };
        database.migrate().map_err(corrupt)?;
        Ok(database)
    }

    /// Brings the schema to [`SCHEMA_VERSION`], one version at a time, in
    /// a transaction that waits for other writers.
    fn migrate(&self) -> rusqlite::Result<()> {
        let version: i64 = self
            .connection
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if version > SCHEMA_VERSION {
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "schema version {version} is newer than this termshift's {SCHEMA_VERSION}"
            )));
        }
        self.connection.execute_batch("BEGIN IMMEDIATE")?;
        let migrated = (|| {
            // Another command may have migrated it while this one waited.
            let version: i64 = self
                .connection
                .pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version < 1 {
                self.connection.execute_batch(
                    "CREATE TABLE snapshots (
                        config_hash TEXT NOT NULL,
                        state TEXT NOT NULL,
                        counts TEXT NOT NULL,
                        PRIMARY KEY (config_hash, state)
                    );
                    CREATE TABLE points (
                        config_hash TEXT NOT NULL,
                        git_dir TEXT NOT NULL,
                        commit_id TEXT NOT NULL,
                        roots TEXT NOT NULL,
                        time INTEGER NOT NULL,
                        subject TEXT NOT NULL,
                        state TEXT NOT NULL,
                        PRIMARY KEY (config_hash, git_dir, commit_id)
                    );
                    PRAGMA user_version = 1;",
                )?;
            }
            Ok(())
        })();
        match migrated {
            Ok(()) => self.connection.execute_batch("COMMIT"),
            Err(e) => {
                let _ = self.connection.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn error(&self, e: rusqlite::Error) -> Error {
        Error::usage(format!(
            "the history database {} cannot be used: {e}",
            self.path.display()
        ))
        .help("it is a cache: pass --rebuild to delete and recreate it")
    }

    fn counts(&self, hash: &str, state: &str) -> Result<Option<BTreeMap<String, usize>>, Error> {
        let text: Option<String> = self
            .connection
            .query_row(
                "SELECT counts FROM snapshots WHERE config_hash = ?1 AND state = ?2",
                params![hash, state],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.error(e))?;
        text.map(|t| serde_json::from_str(&t))
            .transpose()
            .map_err(|e| self.error(rusqlite::Error::InvalidColumnName(e.to_string())))
    }

    fn record(&self, hash: &str, git_dir: &str, point: &Point, state: &str) -> Result<(), Error> {
        let counts = serde_json::to_string(&point.counts).expect("counts serialize");
        let write = || -> rusqlite::Result<()> {
            let transaction = self.connection.unchecked_transaction()?;
            transaction.execute(
                "INSERT OR REPLACE INTO snapshots (config_hash, state, counts) VALUES (?1, ?2, ?3)",
                params![hash, state, counts],
            )?;
            transaction.execute(
                "INSERT OR REPLACE INTO points (config_hash, git_dir, commit_id, roots, time, subject, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    hash,
                    git_dir,
                    point.commit,
                    point.roots.join(","),
                    point.time,
                    point.subject,
                    state
                ],
            )?;
            transaction.commit()
        };
        write().map_err(|e| self.error(e))
    }

    /// Every point recorded under a configuration hash, oldest first.
    pub fn points(&self, hash: &str) -> Result<Vec<Point>, Error> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT p.roots, p.commit_id, p.time, p.subject, s.counts
                 FROM points p JOIN snapshots s ON s.config_hash = p.config_hash AND s.state = p.state
                 WHERE p.config_hash = ?1 ORDER BY p.time, p.rowid",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map(params![hash], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut points = Vec::new();
        for row in rows {
            let (roots, commit, time, subject, counts) = row.map_err(|e| self.error(e))?;
            let counts = serde_json::from_str(&counts)
                .map_err(|e| self.error(rusqlite::Error::InvalidColumnName(e.to_string())))?;
            points.push(Point {
                roots: roots.split(',').map(str::to_string).collect(),
                commit,
                time,
                subject,
                counts,
            });
        }
        Ok(points)
    }
}

/// The points recorded for this configuration, oldest first, with every
/// category of the configuration counted: the burndown. Empty when no
/// history was computed.
pub fn recorded(config: &Config, config_file: &Path) -> Result<Vec<Point>, Error> {
    let path = database_path(config_file);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let database = Database::open(&path, false)?;
    let mut points = database.points(&config_hash(config_file)?)?;
    for point in &mut points {
        with_every_category(config, &mut point.counts);
    }
    Ok(points)
}

fn with_every_category(config: &Config, counts: &mut BTreeMap<String, usize>) {
    for category in config.categories() {
        counts.entry(category).or_insert(0);
    }
}

/// A repository of the configuration and the roots in it.
struct Repository {
    /// Its roots: their index in the configuration and place in it.
    roots: Vec<(usize, RootRepository)>,
    /// Its commits to count, oldest first.
    line: Vec<CommitInfo>,
    /// The commit it stands at before its first commit to count.
    base: Option<ObjectId>,
}

/// Counts the categories at each selected commit, reading counts the
/// database holds and recording the others. `progress` is called with the
/// points done and the points to do.
pub fn history(
    config: &Config,
    config_file: &Path,
    selection: &Selection,
    database: &Database,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<History, Error> {
    crate::sources::check_roots(&config.roots)?;
    let hash = config_hash(config_file)?;
    let mut warnings = Vec::new();
    let mut repositories: Vec<Repository> = Vec::new();
    for (index, root) in config.roots.iter().enumerate() {
        let opened = RootRepository::open(root)?;
        match repositories
            .iter_mut()
            .find(|r| r.roots[0].1.git_dir == opened.git_dir)
        {
            Some(repository) => repository.roots.push((index, opened)),
            None => repositories.push(Repository {
                roots: vec![(index, opened)],
                line: Vec::new(),
                base: None,
            }),
        }
    }
    for repository in &mut repositories {
        let (first_root, opened) = &repository.roots[0];
        let root = &config.roots[*first_root];
        let (hidden, tip) = match selection.revs.as_deref().map(|r| r.split_once("..")) {
            Some(Some((from, to))) => (
                Some(opened.resolve(from, root)?),
                opened.resolve(if to.is_empty() { "HEAD" } else { to }, root)?,
            ),
            Some(None) => (
                None,
                opened.resolve(selection.revs.as_deref().unwrap_or("HEAD"), root)?,
            ),
            None => (None, opened.resolve("HEAD", root)?),
        };
        let (mut line, shallow) = opened.first_parent_line(tip, hidden).map_err(|e| {
            Error::usage(format!(
                "cannot walk the history of root `{}`: {e}",
                root.name
            ))
        })?;
        if shallow {
            warnings.push(Warning::in_root(
                root,
                "",
                "a shallow clone: the history stops at its oldest commit (fetch more with `git fetch --deepen N` or `--unshallow`)",
            ));
        }
        let first_kept = selection
            .since
            .map_or(0, |since| line.partition_point(|c| c.time < since));
        repository.base = match first_kept {
            0 => line.first().and_then(|c| c.parent),
            n => Some(line[n - 1].id),
        };
        // A shallow boundary's parent is not in the repository.
        if shallow && first_kept == 0 {
            repository.base = None;
        }
        line.drain(..first_kept);
        repository.line = line;
    }
    let events = merge_lines(&repositories);
    let every = selection.every.max(1);
    let counted: Vec<usize> = (0..events.len())
        .filter(|&i| (i + 1) % every == 0 || i + 1 == events.len())
        .collect();
    let mut state: Vec<Option<ObjectId>> = repositories.iter().map(|r| r.base).collect();
    let mut walker = Walker::new(config, &repositories);
    // A graph per core, each kept from the last state it classified.
    let mut kept: Vec<KeptState> = (0..std::thread::available_parallelism().map_or(1, |n| n.get()))
        .map(|_| KeptState::default())
        .collect();
    let mut history = History {
        warnings,
        ..History::default()
    };
    let mut next = counted.iter().peekable();
    // Points wait in a batch while the states to read gather: the files
    // new to the batch are scanned together, and its states classified
    // together, on every core.
    let mut batch: Vec<Waiting> = Vec::new();
    let mut to_read: Vec<Vec<Option<ObjectId>>> = Vec::new();
    let git_dir = |r: usize| repositories[r].roots[0].1.git_dir.display().to_string();
    // The counts of the last state read, which a state with the same
    // input takes.
    let mut last_counts: Option<BTreeMap<String, usize>> = None;
    for (i, &(repository, commit)) in events.iter().enumerate() {
        let info = &repositories[repository].line[commit];
        state[repository] = Some(info.id);
        if next.peek() != Some(&&i) {
            continue;
        }
        next.next();
        let state_key = state
            .iter()
            .map(|c| c.map_or_else(|| "-".to_string(), |c| c.to_string()))
            .collect::<Vec<_>>()
            .join(",");
        let known = database.counts(&hash, &state_key)?;
        match known {
            Some(_) => history.stats.points_cached += 1,
            None => to_read.push(state.clone()),
        }
        let point = Point {
            roots: repositories[repository]
                .roots
                .iter()
                .map(|(r, _)| config.roots[*r].name.clone())
                .collect(),
            commit: info.id.to_string(),
            time: info.time,
            subject: info.subject.clone(),
            counts: BTreeMap::new(),
        };
        batch.push((point, git_dir(repository), state_key, known));
        if to_read.len() < BATCH && next.peek().is_some() {
            continue;
        }
        let Prepared { states, count_from } =
            walker.prepare(&std::mem::take(&mut to_read), &mut history)?;
        let classified = classify_states(config, &states, &mut kept);
        let counts: Vec<BTreeMap<String, usize>> = count_from
            .iter()
            .map(|c| match c {
                Counted::Before => last_counts.clone().expect("a state before"),
                Counted::Classified(j) => classified[*j].clone(),
            })
            .collect();
        if let Some(last) = counts.last() {
            last_counts = Some(last.clone());
        }
        let mut read = counts.into_iter();
        for (mut point, git_dir, state_key, known) in batch.drain(..) {
            point.counts = match known {
                Some(counts) => counts,
                None => read.next().expect("a count for every state read"),
            };
            database.record(&hash, &git_dir, &point, &state_key)?;
            with_every_category(config, &mut point.counts);
            history.points.push(point);
            progress(history.points.len(), counted.len());
        }
    }
    // Each state listed tells of its submodules again.
    history
        .warnings
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    history.warnings.dedup();
    Ok(history)
}

/// A point waiting for its counts: the point, its repository's git folder,
/// its state's key, and the counts the database already held.
type Waiting = (Point, String, String, Option<BTreeMap<String, usize>>);

/// The states of a batch to classify, and where each state read takes its
/// counts from.
struct Prepared {
    /// The scans of each state's files with occurrences and `.proto`
    /// sources, with their blobs, and its roots' notes.
    states: Vec<StateToCount>,
    count_from: Vec<Counted>,
}

/// What a core keeps from the last state it classified: the name-flow
/// graph, and what classification read of its nodes and files.
type KeptState = (KeptGraph<ObjectId>, KeptEvidence);

/// A state to classify: its files with occurrences and `.proto` sources,
/// with their blobs, in the scan's order, and its roots' notes.
type StateToCount = (Vec<(ObjectId, Arc<FileScan>)>, Vec<RootNotes>);

/// The commits of every repository in one timeline, by time, each
/// repository's own order kept: (repository, index in its line).
fn merge_lines(repositories: &[Repository]) -> Vec<(usize, usize)> {
    let mut next = vec![0; repositories.len()];
    let mut events = Vec::new();
    loop {
        let earliest = (0..repositories.len())
            .filter_map(|r| repositories[r].line.get(next[r]).map(|c| (c.time, r)))
            .min();
        let Some((_, r)) = earliest else {
            return events;
        };
        events.push((r, next[r]));
        next[r] += 1;
    }
}

/// The files of one root at a state, as its tree lists them: each file's
/// path, blob and scan output.
type RootFiles = Vec<(Arc<str>, ObjectId, Arc<FileScan>)>;

/// The scan outputs of one root's files by blob, then path (a blob id is
/// hashed faster than a path, and one blob is rarely at two paths).
type Scanned = HashMap<ObjectId, Vec<(Arc<str>, Arc<FileScan>)>>;

/// The scan output of the file at `relative` with `blob`, when scanned.
fn scanned_at<'s>(
    scanned: &'s Scanned,
    relative: &str,
    blob: &ObjectId,
) -> Option<&'s Arc<FileScan>> {
    scanned
        .get(blob)?
        .iter()
        .find(|(at, _)| &**at == relative)
        .map(|(_, output)| output)
}

/// A file classification reads: its root, path and blob.
type ClassifiedFile = (usize, Arc<str>, ObjectId);

/// What classification reads of a state: its files with occurrences and
/// `.proto` sources by root, path and blob, and each root's notes.
type StateInput = (Vec<ClassifiedFile>, Vec<RootNotes>);

/// How many states to read at once: the files new to them are scanned
/// together, and the states classified together, on every core.
const BATCH: usize = 32;

/// A state as its trees list it: each root's files and notes.
struct Listed {
    files: Vec<Vec<TreeFile>>,
    notes: Vec<RootNotes>,
}

/// Where the counts of a state read in a batch come from.
#[derive(Clone, Copy)]
enum Counted {
    /// The last state of the batch before (the same input).
    Before,
    /// The classification of this index among the batch's.
    Classified(usize),
}

/// Reads states a batch at a time: lists their trees, scans only the
/// files (by path and blob) that the last state before the batch did not
/// have, each once, and sends a state to classification only when what
/// classification reads changed since the state before it.
struct Walker<'a> {
    config: &'a Config,
    repositories: &'a [Repository],
    scanner: Scanner<'a>,
    memos: Vec<TreeMemo>,
    /// Each root's files at the last state read.
    files: Vec<RootFiles>,
    /// What classification read of the last state read.
    last_input: Option<StateInput>,
}

impl<'a> Walker<'a> {
    fn new(config: &'a Config, repositories: &'a [Repository]) -> Walker<'a> {
        Walker {
            config,
            repositories,
            scanner: Scanner::new(config),
            memos: config.roots.iter().map(|_| TreeMemo::default()).collect(),
            files: config.roots.iter().map(|_| RootFiles::new()).collect(),
            last_input: None,
        }
    }

    /// Lists and scans `states` (the commit of every repository), in
    /// order: the states to classify, and where each takes its counts from.
    fn prepare(
        &mut self,
        states: &[Vec<Option<ObjectId>>],
        history: &mut History,
    ) -> Result<Prepared, Error> {
        let mut prepared = Prepared {
            states: Vec::new(),
            count_from: Vec::with_capacity(states.len()),
        };
        if states.is_empty() {
            return Ok(prepared);
        }
        let listed = states
            .iter()
            .map(|state| self.list(state, &mut history.warnings))
            .collect::<Result<Vec<Listed>, Error>>()?;
        let scanned = self.scan_new(&listed, history);
        let mut previous: Option<(StateInput, Counted)> =
            self.last_input.take().map(|input| (input, Counted::Before));
        for state in listed {
            for (root, files) in state.files.into_iter().enumerate() {
                self.files[root] = files
                    .into_iter()
                    .map(|file| {
                        let output = scanned_at(&scanned[root], &file.relative, &file.blob)
                            .expect("every listed file scanned")
                            .clone();
                        (file.relative, file.blob, output)
                    })
                    .collect();
            }
            let (input, files) = self.input(state.notes);
            let this = match &previous {
                Some((last, counted)) if *last == input => {
                    history.stats.points_unchanged += 1;
                    *counted
                }
                _ => {
                    history.stats.points_classified += 1;
                    prepared.states.push((files, input.1.clone()));
                    Counted::Classified(prepared.states.len() - 1)
                }
            };
            prepared.count_from.push(this);
            previous = Some((input, this));
        }
        self.last_input = previous.map(|(input, _)| input);
        Ok(prepared)
    }

    /// Each root's files and notes at `state`; its submodules, which are
    /// not read, go to `warnings`.
    fn list(
        &mut self,
        state: &[Option<ObjectId>],
        warnings: &mut Vec<Warning>,
    ) -> Result<Listed, Error> {
        let roots = self.config.roots.len();
        let mut listed = Listed {
            files: (0..roots).map(|_| Vec::new()).collect(),
            notes: vec![RootNotes::default(); roots],
        };
        for (r, repository) in self.repositories.iter().enumerate() {
            let Some(commit) = state[r] else { continue };
            for (root, opened) in &repository.roots {
                let root = *root;
                listed.notes[root] = opened.notes(commit);
                let listing = opened.files(commit, &mut self.memos[root]).map_err(|e| {
                    Error::usage(format!(
                        "cannot read the tree of {commit} in root `{}`: {e}",
                        self.config.roots[root].name
                    ))
                })?;
                warnings.extend(listing.submodules.iter().map(|submodule| {
                    Warning::in_root(&self.config.roots[root], submodule, NESTED_REPOSITORY)
                }));
                listed.files[root] = listing.files;
            }
        }
        Ok(listed)
    }

    /// The scan output of every file the listed states hold, per root by
    /// path and blob: the last state's kept, the others read and scanned
    /// on every core, each once, a repository's roots together.
    fn scan_new(&self, listed: &[Listed], history: &mut History) -> Vec<Scanned> {
        let mut scanned: Vec<Scanned> = self
            .files
            .iter()
            .map(|known| {
                let mut by_blob = Scanned::new();
                for (relative, blob, output) in known {
                    by_blob
                        .entry(*blob)
                        .or_default()
                        .push((relative.clone(), output.clone()));
                }
                by_blob
            })
            .collect();
        for repository in self.repositories {
            let mut missing: Vec<(usize, &TreeFile)> = Vec::new();
            for &(root, _) in &repository.roots {
                let mut seen: HashSet<(&str, ObjectId)> = HashSet::new();
                for file in listed.iter().flat_map(|state| &state.files[root]) {
                    let known = scanned_at(&scanned[root], &file.relative, &file.blob).is_some();
                    if !known && seen.insert((&file.relative, file.blob)) {
                        missing.push((root, file));
                    }
                }
            }
            history.stats.files_scanned += missing.len();
            let found = Mutex::new(Vec::with_capacity(missing.len()));
            crate::sources::git::read_blobs(
                &repository.roots[0].1.repo,
                &missing,
                |(_, file)| file.blob,
                self.config.max_file_size,
                |&(root, file), content| {
                    let source = SourceFile {
                        root,
                        path: self.config.roots[root].path.join(&*file.relative),
                        relative: file.relative.to_string(),
                    };
                    let output = self.scanner.file(&source, content);
                    found.lock().expect("no panics while locked").push((
                        root,
                        file.relative.clone(),
                        file.blob,
                        output,
                    ));
                },
            );
            for (root, relative, blob, output) in
                found.into_inner().expect("no panics while locked")
            {
                history.warnings.extend(output.warning(self.config));
                scanned[root]
                    .entry(blob)
                    .or_default()
                    .push((relative, Arc::new(output)));
            }
        }
        scanned
    }

    /// What classification reads of the state the walker stands at, and
    /// the scans of its files with occurrences and `.proto` sources, in
    /// the scan's order.
    fn input(&self, notes: Vec<RootNotes>) -> (StateInput, Vec<(ObjectId, Arc<FileScan>)>) {
        let mut classified: Vec<(ClassifiedFile, &Arc<FileScan>)> = Vec::new();
        for (root, files) in self.files.iter().enumerate() {
            for (relative, blob, output) in files {
                if output.has_occurrences() || output.is_proto() {
                    classified.push(((root, relative.clone(), *blob), output));
                }
            }
        }
        classified.sort_by(|a, b| a.0.cmp(&b.0));
        let (key, files) = classified
            .into_iter()
            .map(|(key, output)| {
                let blob = key.2;
                (key, (blob, output.clone()))
            })
            .unzip();
        ((key, notes), files)
    }
}

/// Classifies states on every core, each core a run of consecutive
/// states with its graph brought from one state to the next: their
/// counts, in order.
fn classify_states(
    config: &Config,
    states: &[StateToCount],
    kept: &mut [KeptState],
) -> Vec<BTreeMap<String, usize>> {
    let run = states.len().div_ceil(kept.len()).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = states
            .chunks(run)
            .zip(kept.iter_mut())
            .map(|(run, kept)| {
                scope.spawn(move || {
                    run.iter()
                        .map(|(files, notes)| count_files(config, files, notes, kept))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("classification does not panic"))
            .collect()
    })
}

/// The counts of a state: its files with occurrences and `.proto` sources,
/// in the scan's order, with their blobs, and its roots' notes; `graph`
/// is brought to the state.
fn count_files(
    config: &Config,
    files: &[(ObjectId, Arc<FileScan>)],
    notes: &[RootNotes],
    (graph, kept): &mut KeptState,
) -> BTreeMap<String, usize> {
    let mut proto_files: Vec<(String, String)> = files
        .iter()
        .filter(|(_, s)| s.is_proto())
        .map(|(_, s)| {
            let (root, relative) = s.place();
            (config.roots[root].name.clone(), relative.to_string())
        })
        .collect();
    proto_files.sort();
    let (blobs, found): (Vec<ObjectId>, Vec<_>) = files
        .iter()
        .filter_map(|(blob, s)| Some((*blob, s.found()?)))
        .unzip();
    let view = ScanView::of_files(found, &proto_files, notes);
    let nodes = graph.update(&view, &blobs);
    count_on(config, view, graph, nodes, kept)
}
