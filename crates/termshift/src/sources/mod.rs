//! The roots' files and their bytes, from a [`Snapshot`]: the working tree
//! (a walk that .gitignore and the configured globs let through) or a
//! committed tree (`git`), in parallel, with problems reported as warnings.
//! The scan never knows which one it reads.
//!
//! The files are listed first, then read on every core, so a display can
//! tell how many are left. The working tree is walked with the `ignore`
//! crate on every core, with .gitignore whether or not the root is in git.
//! A link is followed where it points inside a root (every link with
//! `[scan] follow_links`). A folder holding a `.git` is left out, as a
//! committed tree lists a submodule without reading it: the two sources
//! agree. Broken links, loops, unreadable folders and submodules become
//! warnings, each named `root/path`.
//!
//! Beside the files, each root's [`RootNotes`] come from the same snapshot,
//! whatever the globs say: its `.gitattributes`, CODEOWNERS, and the sites
//! it says it is published at (its `go.mod` and package manifests).
//! Classification reads them, so a revision must read them as committed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ignore::overrides::OverrideBuilder;
use ignore::{WalkBuilder, WalkState};

use crate::config::Root;
use crate::error::Error;
use crate::progress::{Phase, Progress};

pub mod git;
pub mod utf16;

/// The places a manifest names: a Go `module` path, and every URL in it
/// (a package's repository and home page), as host and path, lowercased,
/// without a scheme, `www.`, `.git` or a trailing slash.
fn homes_in(manifest: &str) -> Vec<String> {
    let mut homes = Vec::new();
    for line in manifest.lines() {
        if let Some(module) = line.trim().strip_prefix("module ") {
            homes.push(module.trim().trim_matches('"').to_lowercase());
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("://") {
            let url: String = rest[at + 3..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | ',' | '>' | ')'))
                .collect();
            rest = &rest[at + 3..];
            let url = url.to_lowercase();
            let url = url.strip_prefix("www.").unwrap_or(&url);
            let url = url.trim_end_matches('/');
            let url = url.strip_suffix(".git").unwrap_or(url);
            if url.contains('.') {
                homes.push(url.to_string());
            }
        }
    }
    homes
}

/// Where the roots' files are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    /// The files on disk, as .gitignore and the globs let them through.
    WorkingTree,
    /// The tree of a revision (`main`, `v1.2`, `HEAD~3`) in each root's
    /// repository, read from its object database.
    Revision(String),
}

/// The bytes of a file, or why there are none.
#[derive(Debug)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Larger than the size limit: its size.
    TooLarge(u64),
    Unreadable(String),
}

/// What classification reads from a root besides the files it scans, as
/// the snapshot has it: `.gitattributes` (files marked generated),
/// CODEOWNERS (their owners) and the places the root says it lives at
/// (its own URLs are not another site's). Empty where the root has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RootNotes {
    pub gitattributes: String,
    pub codeowners: String,
    /// Where the root says it is published, as host and path without a
    /// scheme (`github.com/hashicorp/terraform`): its Go module paths
    /// and the repository and home page of its package manifests.
    pub homes: Vec<String>,
}

impl RootNotes {
    /// A root's notes, `text` giving a file's text by its path relative
    /// to the root, when the file is there.
    pub fn read_with(text: impl Fn(&str) -> Option<String>) -> RootNotes {
        const CODEOWNERS: [&str; 3] = ["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"];
        const MANIFESTS: [&str; 5] = [
            "go.mod",
            "package.json",
            "Cargo.toml",
            "pyproject.toml",
            "setup.cfg",
        ];
        let mut homes: Vec<String> = MANIFESTS
            .iter()
            .filter_map(|m| text(m))
            .flat_map(|manifest| homes_in(&manifest))
            .collect();
        homes.sort();
        homes.dedup();
        RootNotes {
            gitattributes: text(".gitattributes").unwrap_or_default(),
            codeowners: CODEOWNERS.iter().find_map(|p| text(p)).unwrap_or_default(),
            homes,
        }
    }

    /// A root's notes in the working tree.
    pub fn on_disk(root: &Root) -> RootNotes {
        RootNotes::read_with(|p| std::fs::read_to_string(root.path.join(p)).ok())
    }
}

/// Calls `visit` with every file of the roots in `snapshot` and its
/// content (files over `max_size` bytes are not read), from several
/// threads, and returns each root's notes in the snapshot. Problems with
/// the tree go to `warn`; a revision that does not resolve in a root
/// stops before any file is visited. The files are listed first
/// ([`Phase::Walking`]), then visited ([`Phase::Parsing`], told after each
/// visit returns), so the number to visit is known.
pub fn read<V, W>(
    roots: &[Root],
    snapshot: &Snapshot,
    max_size: u64,
    follow_all_links: bool,
    visit: V,
    warn: W,
    progress: Progress,
) -> Result<Vec<RootNotes>, Error>
where
    V: Fn(&SourceFile, Content) + Sync,
    W: Fn(Warning) + Sync,
{
    check_roots(roots)?;
    // A root whose globs cannot be built would be scanned as nothing, and a
    // gate would pass on it: that stops the command.
    for root in roots {
        overrides(root).map_err(|why| {
            Error::usage(format!(
                "the include and exclude globs of root `{}` cannot be used: {why}",
                root.name
            ))
            .help("use fewer or simpler globs (one `**/dir/**` covers a folder at any depth)")
        })?;
    }
    progress(Phase::Walking { files: 0 });
    match snapshot {
        Snapshot::WorkingTree => {
            let files = walk(roots, follow_all_links, warn, progress);
            let visited = Visited::new(files.len(), progress);
            on_every_core(&files, |file| {
                visit(file, read_file(&file.path, max_size));
                visited.one();
            });
            Ok(roots.iter().map(RootNotes::on_disk).collect())
        }
        Snapshot::Revision(rev) => git::read_revision(roots, rev, max_size, visit, warn, progress),
    }
}

/// The count of files visited, told as [`Phase::Parsing`].
pub(crate) struct Visited<'p> {
    done: AtomicUsize,
    total: usize,
    progress: Progress<'p>,
}

impl<'p> Visited<'p> {
    /// None of `total` files visited yet, told at once.
    pub(crate) fn new(total: usize, progress: Progress<'p>) -> Visited<'p> {
        progress(Phase::Parsing { done: 0, total });
        Visited {
            done: AtomicUsize::new(0),
            total,
            progress,
        }
    }

    /// One more file visited.
    pub(crate) fn one(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        (self.progress)(Phase::Parsing {
            done,
            total: self.total,
        });
    }
}

/// `f` of every item, on every core, each thread taking the next item as
/// it is free (files take very different times).
fn on_every_core<T: Sync>(items: &[T], f: impl Fn(&T) + Sync) {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
                    f(item);
                }
            });
        }
    });
}

fn read_file(path: &Path, max_size: u64) -> Content {
    match std::fs::metadata(path) {
        Ok(m) if m.len() > max_size => Content::TooLarge(m.len()),
        Ok(_) => match std::fs::read(path) {
            Ok(bytes) => Content::Bytes(bytes),
            Err(e) => Content::Unreadable(e.to_string()),
        },
        Err(e) => Content::Unreadable(e.to_string()),
    }
}

/// A file to scan.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Index of its root in the configuration.
    pub root: usize,
    /// Where it is (or would be, for a committed tree) on disk.
    pub path: PathBuf,
    /// Path relative to the root, with `/` separators.
    pub relative: String,
}

/// What a folder holding a repository of its own is told: a submodule (or
/// a clone inside a root) is read neither in the working tree nor at a
/// revision.
pub const NESTED_REPOSITORY: &str = "a repository of its own (a git submodule or a nested clone); not read (give it a [[roots]] entry of its own to scan it)";

/// Something that went wrong with one file; the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `root/path`, as every output names a file; the root's name alone
    /// for the root as a whole.
    pub path: String,
    pub message: String,
}

impl Warning {
    /// A warning about the file or folder at `relative` in `root` (empty:
    /// the root itself).
    pub fn in_root(root: &Root, relative: &str, message: impl Into<String>) -> Warning {
        let path = match relative {
            "" => root.name.clone(),
            relative => format!("{}/{relative}", root.name),
        };
        Warning {
            path,
            message: message.into(),
        }
    }
}

/// Checks that every root exists, before any work starts.
pub fn check_roots(roots: &[Root]) -> Result<(), Error> {
    for root in roots {
        if !root.path.exists() {
            return Err(Error::usage(format!(
                "root `{}` does not exist: {}",
                root.name,
                root.path.display()
            ))
            .help("fix its `path` in termshift.toml (paths are relative to the configuration file) or the path given"));
        }
    }
    Ok(())
}

/// The files of the working tree under the roots, each root walked on
/// every core, told as [`Phase::Walking`] as they are found.
/// Problems reading the tree (unreadable folders, broken links, link loops)
/// and the folders not read (a repository of its own) go to `warn`. A
/// symbolic link is followed when its target lies inside a root (or
/// `follow_all_links`): the scan never reads what the roots do not hold (a
/// link to `/etc`).
fn walk<W>(roots: &[Root], follow_all_links: bool, warn: W, progress: Progress) -> Vec<SourceFile>
where
    W: Fn(Warning) + Sync,
{
    let files = std::sync::Mutex::new(Vec::new());
    let found = AtomicUsize::new(0);
    let visit = |file: SourceFile| {
        files.lock().expect("no panics while locked").push(file);
        progress(Phase::Walking {
            files: found.fetch_add(1, Ordering::Relaxed) + 1,
        });
    };
    let inside: std::sync::Arc<Vec<PathBuf>> = std::sync::Arc::new(
        roots
            .iter()
            .filter_map(|r| std::fs::canonicalize(&r.path).ok())
            .collect(),
    );
    let outside = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let nested = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    for (index, root) in roots.iter().enumerate() {
        let mut builder = WalkBuilder::new(&root.path);
        let (inside, outside_links, nested_repositories) =
            (inside.clone(), outside.clone(), nested.clone());
        builder
            .hidden(false)
            .follow_links(true)
            .require_git(false)
            .git_global(false)
            .filter_entry(move |entry| {
                if entry.file_name() == ".git" {
                    return false;
                }
                if entry.depth() == 0 {
                    return true;
                }
                if !follow_all_links && entry.path_is_symlink() {
                    // A broken link is left to the walk, which warns of it.
                    if let Ok(target) = std::fs::canonicalize(entry.path()) {
                        if !inside.iter().any(|root| target.starts_with(root)) {
                            outside_links.lock().expect("no panics while locked").push((
                                index,
                                entry.path().to_path_buf(),
                                target,
                            ));
                            return false;
                        }
                    }
                }
                // A committed tree holds only a submodule's commit, not its
                // files: the working tree leaves them out too.
                let repository = entry.file_type().is_some_and(|t| t.is_dir())
                    && entry.path().join(".git").exists();
                if repository {
                    nested_repositories
                        .lock()
                        .expect("no panics while locked")
                        .push((index, entry.path().to_path_buf()));
                }
                !repository
            });
        match overrides(root) {
            Ok(Some(o)) => {
                builder.overrides(o);
            }
            Ok(None) => {}
            Err(message) => {
                warn(Warning::in_root(root, "", message));
                continue;
            }
        }
        let visit = &visit;
        let warn = &warn;
        builder.build_parallel().run(|| {
            Box::new(move |entry| {
                match entry {
                    Ok(entry) => {
                        if entry.file_type().is_some_and(|t| t.is_file()) {
                            let path = entry.into_path();
                            let relative = relative_path(&root.path, &path);
                            // Outputs and the plan name a file by its text:
                            // a name that is not UTF-8 would name a file
                            // that does not exist.
                            if path
                                .strip_prefix(&root.path)
                                .is_ok_and(|p| p.to_str().is_none())
                            {
                                warn(Warning::in_root(
                                    root,
                                    &relative,
                                    "the file's name is not UTF-8; skipped (rename it to scan it)"
                                        .to_string(),
                                ));
                                return WalkState::Continue;
                            }
                            visit(SourceFile {
                                root: index,
                                path,
                                relative,
                            });
                        }
                    }
                    Err(err) => warn(walk_warning(root, err)),
                }
                WalkState::Continue
            })
        });
    }
    let nested = std::mem::take(&mut *nested.lock().expect("no panics while locked"));
    for (root, repository) in nested {
        let root = &roots[root];
        warn(Warning::in_root(
            root,
            &relative_path(&root.path, &repository),
            NESTED_REPOSITORY,
        ));
    }
    let outside = std::mem::take(&mut *outside.lock().expect("no panics while locked"));
    for (root, link, target) in outside {
        let root = &roots[root];
        warn(Warning::in_root(
            root,
            &relative_path(&root.path, &link),
            format!(
                "symbolic link to {}, outside the roots; skipped (`[scan] follow_links = true` follows every link)",
                target.display()
            ),
        ));
    }
    files.into_inner().expect("no panics while locked")
}

/// The include and exclude globs of a root, as the walk applies them.
pub(crate) fn overrides(root: &Root) -> Result<Option<ignore::overrides::Override>, String> {
    if root.include.is_empty() && root.exclude.is_empty() {
        return Ok(None);
    }
    let mut builder = OverrideBuilder::new(&root.path);
    for glob in &root.include {
        builder.add(glob).map_err(|e| e.to_string())?;
    }
    for glob in &root.exclude {
        builder
            .add(&format!("!{glob}"))
            .map_err(|e| e.to_string())?;
    }
    builder.build().map(Some).map_err(|e| e.to_string())
}

fn walk_warning(root: &Root, err: ignore::Error) -> Warning {
    let mut path = None;
    let mut current = &err;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.clone());
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err
            }
            ignore::Error::Loop { child, .. } => {
                path.get_or_insert_with(|| child.clone());
                break;
            }
            _ => break,
        }
    }
    let message = match current {
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to {}; skipped", ancestor.display())
        }
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "broken symbolic link or vanished file; skipped".to_string()
        }
        other => format!("{other}; skipped"),
    };
    let relative = path.map_or_else(String::new, |p| relative_path(&root.path, &p));
    Warning::in_root(root, &relative, message)
}

/// `path` relative to `root`, with `/` separators; the file name alone when
/// the root is the file itself.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let relative = match path.strip_prefix(root) {
        Ok(r) if !r.as_os_str().is_empty() => r,
        _ => Path::new(path.file_name().unwrap_or(path.as_os_str())),
    };
    let parts: Vec<_> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}
