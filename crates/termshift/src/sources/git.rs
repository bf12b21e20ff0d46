//! Committed trees: a root's files at a revision, read from its
//! repository's object database without a checkout. A root is a
//! repository or a folder inside one; its files are named relative to it,
//! as the working-tree walk names them. The include and exclude globs
//! apply; .gitignore does not (nothing ignored is committed). Symbolic
//! links are not followed; a submodule is listed, not read (its commit is
//! another repository's), as the working-tree walk leaves it out.
//!
//! Each root's repository is found from the root's folder, and the revision
//! is resolved in every root before any file is read: an unknown revision
//! or a root outside a repository stops the command. Blobs are read on
//! every core with gix's cache of delta bases (a history reads many versions
//! of a file, which a pack stores as deltas of each other); the size limit
//! is checked on the object's header.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use gix::ObjectId;
use ignore::overrides::Override;

use super::{overrides, Content, RootNotes, SourceFile, Visited, Warning, NESTED_REPOSITORY};
use crate::config::Root;
use crate::error::Error;
use crate::progress::{Phase, Progress};

/// A file of a committed tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Path relative to the root, with `/` separators (shared: a history
    /// lists the same files at every state).
    pub relative: Arc<str>,
    pub blob: ObjectId,
}

/// A root's tree at a commit.
#[derive(Debug, Default)]
pub struct Listing {
    /// Its files, sorted by path.
    pub files: Vec<TreeFile>,
    /// The submodules in it, by path relative to the root, sorted: their
    /// files are another repository's and are not read.
    pub submodules: Vec<Arc<str>>,
}

/// The repository a root lives in and the root's place in its tree.
pub struct RootRepository {
    pub repo: gix::ThreadSafeRepository,
    /// The repository's git folder, which tells two roots of one
    /// repository apart from roots of two.
    pub git_dir: PathBuf,
    /// The root's folder in the tree, `/`-separated; empty at the top.
    pub prefix: String,
    filter: Option<Override>,
}

/// A commit of a first-parent line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: ObjectId,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
    /// The first line of the message.
    pub subject: String,
    pub parent: Option<ObjectId>,
}

impl RootRepository {
    /// Opens the repository that holds `root`.
    pub fn open(root: &Root) -> Result<RootRepository, Error> {
        let repo = gix::discover(&root.path).map_err(|e| {
            Error::usage(format!(
                "root `{}` is not in a git repository: {}",
                root.name,
                root.path.display()
            ))
            .help(format!(
                "a revision is read from the root's repository; make {} (or a folder above it) a git repository, or drop the revision ({e})",
                root.path.display()
            ))
        })?;
        let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let root_path = absolute(&root.path);
        let top = repo
            .workdir()
            .map_or_else(|| absolute(repo.git_dir()), absolute);
        let prefix = root_path
            .strip_prefix(&top)
            .map(|p| super::relative_path(Path::new(""), p))
            .unwrap_or_default();
        let filter = overrides(root).map_err(|message| {
            Error::usage(format!("invalid globs for root `{}`: {message}", root.name))
        })?;
        Ok(RootRepository {
            git_dir: absolute(repo.git_dir()),
            repo: repo.into_sync(),
            prefix,
            filter,
        })
    }

    /// The commit a revision names (`main`, `v1.2`, `HEAD~3`, an id).
    pub fn resolve(&self, rev: &str, root: &Root) -> Result<ObjectId, Error> {
        let repo = self.repo.to_thread_local();
        let commit = repo
            .rev_parse_single(rev)
            .map_err(|e| e.to_string())
            .and_then(|id| {
                id.object()
                    .map_err(|e| e.to_string())?
                    .peel_to_commit()
                    .map(|c| c.id)
                    .map_err(|e| e.to_string())
            });
        commit.map_err(|e| {
            Error::usage(format!(
                "unknown revision `{rev}` in root `{}` ({}): {e}",
                root.name,
                root.path.display()
            ))
            .help(format!(
                "give a commit, branch or tag of that repository (`git -C {} log --oneline` lists them)",
                root.path.display()
            ))
        })
    }

    /// The root's notes at `commit` (none when it cannot be read: the
    /// listing of its files says so).
    pub fn notes(&self, commit: ObjectId) -> RootNotes {
        let repo = self.repo.to_thread_local();
        let tree = repo.find_commit(commit).ok().and_then(|c| c.tree().ok());
        RootNotes::read_with(|relative| {
            let path = match self.prefix.as_str() {
                "" => relative.to_string(),
                prefix => format!("{prefix}/{relative}"),
            };
            let entry = tree.as_ref()?.lookup_entry_by_path(path).ok()??;
            let blob = entry.object().ok()?;
            Some(String::from_utf8_lossy(&blob.data).into_owned())
        })
    }

    /// The root's files and submodules at `commit`; none when the root's
    /// folder does not exist there. `memo` keeps the listing of each
    /// folder by its tree id, so an unchanged folder is read once.
    pub fn files(&self, commit: ObjectId, memo: &mut TreeMemo) -> Result<Listing, String> {
        let repo = self.repo.to_thread_local();
        let mut tree = repo
            .find_commit(commit)
            .map_err(|e| e.to_string())?
            .tree_id()
            .map_err(|e| e.to_string())?
            .detach();
        if !self.prefix.is_empty() {
            for (i, part) in self.prefix.split('/').enumerate() {
                let found = repo
                    .find_tree(tree)
                    .map_err(|e| e.to_string())?
                    .find_entry(part)
                    .map(|e| (e.mode(), e.object_id()));
                match found {
                    Some((mode, id)) if mode.is_tree() => tree = id,
                    // A root that is one file of the repository.
                    Some((mode, id))
                        if mode.is_blob() && i + 1 == self.prefix.split('/').count() =>
                    {
                        return Ok(Listing {
                            files: vec![TreeFile {
                                relative: part.into(),
                                blob: id,
                            }],
                            submodules: Vec::new(),
                        });
                    }
                    _ => return Ok(Listing::default()),
                }
            }
        }
        let mut listing = Listing::default();
        self.collect(&repo, tree, "", memo, &mut listing)?;
        Ok(listing)
    }

    fn collect(
        &self,
        repo: &gix::Repository,
        tree: ObjectId,
        folder: &str,
        memo: &mut TreeMemo,
        listing: &mut Listing,
    ) -> Result<(), String> {
        let listed = memo.0.get(&tree).and_then(|listed| {
            listed
                .iter()
                .find(|folder_listing| folder_listing.folder == folder)
        });
        if let Some(listed) = listed {
            listing.files.extend(listed.files.iter().cloned());
            listing.submodules.extend(listed.submodules.iter().cloned());
            return Ok(());
        }
        let (files_start, submodules_start) = (listing.files.len(), listing.submodules.len());
        let object = repo.find_tree(tree).map_err(|e| e.to_string())?;
        let decoded = object.decode().map_err(|e| e.to_string())?;
        let mut entries: Vec<_> = decoded
            .entries
            .iter()
            .map(|e| (e.filename.to_string(), e.mode, e.oid.to_owned()))
            .collect();
        // Git orders a folder `a` as `a/`; the walk's order is by path.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, mode, id) in entries {
            let relative = if folder.is_empty() {
                name
            } else {
                format!("{folder}/{name}")
            };
            let ignored = |is_dir| {
                self.filter
                    .as_ref()
                    .is_some_and(|f| f.matched(&relative, is_dir).is_ignore())
            };
            if mode.is_tree() {
                if !ignored(true) {
                    self.collect(repo, id, &relative, memo, listing)?;
                }
            } else if mode.is_commit() {
                if !ignored(true) {
                    listing.submodules.push(relative.into());
                }
            } else if mode.is_blob() && !ignored(false) {
                listing.files.push(TreeFile {
                    relative: relative.into(),
                    blob: id,
                });
            }
        }
        memo.0.entry(tree).or_default().push(FolderListing {
            folder: folder.to_string(),
            files: Arc::from(&listing.files[files_start..]),
            submodules: Arc::from(&listing.submodules[submodules_start..]),
        });
        Ok(())
    }

    /// The first-parent line from `tip` back to (not including) `hidden`,
    /// oldest first, and whether it stopped at a shallow clone's boundary.
    pub fn first_parent_line(
        &self,
        tip: ObjectId,
        hidden: Option<ObjectId>,
    ) -> Result<(Vec<CommitInfo>, bool), String> {
        let repo = self.repo.to_thread_local();
        let walk = repo
            .rev_walk([tip])
            .first_parent_only()
            .with_hidden(hidden)
            .all()
            .map_err(|e| e.to_string())?;
        let mut line = Vec::new();
        for info in walk {
            let info = info.map_err(|e| e.to_string())?;
            let commit = info.object().map_err(|e| e.to_string())?;
            let time = commit.time().map_err(|e| e.to_string())?.seconds;
            let subject = commit
                .message()
                .map(|m| m.summary().to_string())
                .unwrap_or_default();
            line.push(CommitInfo {
                id: info.id,
                time,
                subject,
                parent: commit.parent_ids().next().map(|p| p.detach()),
            });
        }
        line.reverse();
        let shallow = repo
            .shallow_commits()
            .map_err(|e| e.to_string())?
            .is_some_and(|boundary| line.first().is_some_and(|c| boundary.contains(&c.id)));
        Ok((line, shallow))
    }
}

/// The files of each folder listed so far, by folder and tree id.
#[derive(Default)]
/// (By tree id, then folder: a tree is looked up without making a key.)
pub struct TreeMemo(HashMap<ObjectId, Vec<FolderListing>>);

/// A folder and the files and submodules listed under it.
struct FolderListing {
    folder: String,
    files: Arc<[TreeFile]>,
    submodules: Arc<[Arc<str>]>,
}

/// Calls `visit` with each file and its content, read from `repo` on every
/// core.
pub fn read_blobs<T, V>(
    repo: &gix::ThreadSafeRepository,
    files: &[T],
    blob: fn(&T) -> ObjectId,
    max_size: u64,
    visit: V,
) where
    T: Sync,
    V: Fn(&T, Content) + Sync,
{
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let repo = repo.to_thread_local();
                while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    visit(file, read_blob(&repo, blob(file), max_size));
                }
            });
        }
    });
}

fn read_blob(repo: &gix::Repository, id: ObjectId, max_size: u64) -> Content {
    match repo.find_header(id) {
        Ok(header) if header.size() > max_size => Content::TooLarge(header.size()),
        Ok(_) => match repo.find_object(id) {
            Ok(object) => Content::Bytes(object.detach().data),
            Err(e) => Content::Unreadable(e.to_string()),
        },
        Err(e) => Content::Unreadable(e.to_string()),
    }
}

/// [`super::read`] for a revision: every root's revision is resolved
/// before any file is read, and every root's tree listed before.
pub(super) fn read_revision<V, W>(
    roots: &[Root],
    rev: &str,
    max_size: u64,
    visit: V,
    warn: W,
    progress: Progress,
) -> Result<Vec<RootNotes>, Error>
where
    V: Fn(&SourceFile, Content) + Sync,
    W: Fn(Warning) + Sync,
{
    let mut opened = Vec::with_capacity(roots.len());
    for root in roots {
        let repository = RootRepository::open(root)?;
        let commit = repository.resolve(rev, root)?;
        opened.push((repository, commit));
    }
    let mut listings = Vec::with_capacity(opened.len());
    let mut listed = 0;
    for (index, (repository, commit)) in opened.iter().enumerate() {
        let root = &roots[index];
        let listing = match repository.files(*commit, &mut TreeMemo::default()) {
            Ok(listing) => listing,
            Err(message) => {
                warn(Warning::in_root(
                    root,
                    "",
                    format!("cannot read the tree of `{rev}`: {message}; skipped"),
                ));
                Listing::default()
            }
        };
        for submodule in &listing.submodules {
            warn(Warning::in_root(root, submodule, NESTED_REPOSITORY));
        }
        listed += listing.files.len();
        progress(Phase::Walking { files: listed });
        listings.push(listing);
    }
    let visited = Visited::new(listed, progress);
    for (index, ((repository, _), listing)) in opened.iter().zip(&listings).enumerate() {
        let root = &roots[index];
        read_blobs(
            &repository.repo,
            &listing.files,
            |f| f.blob,
            max_size,
            |file, content| {
                let file = SourceFile {
                    root: index,
                    path: root.path.join(&*file.relative),
                    relative: file.relative.to_string(),
                };
                visit(&file, content);
                visited.one();
            },
        );
    }
    Ok(opened
        .iter()
        .map(|(repository, commit)| repository.notes(*commit))
        .collect())
}
