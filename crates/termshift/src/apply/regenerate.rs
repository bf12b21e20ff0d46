//! Generated code made again by its generator (`apply --write
//! --regenerate`): once the edits are written and before the checks run,
//! each generator the plan found runnable runs in its folder, with a
//! timeout. Before the first runs, every file of the folders they may write
//! is recorded ([`Snapshot`]), in memory and in the journal: when a
//! generator or a check fails, or the run is interrupted, the recorded
//! files go back byte for byte and the files the generators created are
//! removed, with the edited files.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::verify::Check;
use crate::plan::{Generator, Plan};

/// How long a generator may run when no other time is given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// A generator to run once the edits are written.
#[derive(Debug, Clone)]
pub struct Generate {
    /// Its command, its folder and where it runs, as a person reads it.
    pub check: Check,
    /// The folders it may write: recorded before it runs.
    pub writes: Vec<PathBuf>,
}

/// The runnable generators of a plan, each once.
pub fn runnable(plan: &Plan) -> Vec<Generate> {
    let mut out: Vec<Generate> = Vec::new();
    for g in plan.regenerate.iter().flat_map(|r| &r.generators) {
        if !g.available {
            continue;
        }
        match out
            .iter_mut()
            .find(|o| o.check.folder == g.dir && o.check.command == g.command)
        {
            Some(same) => {
                for w in &g.writes {
                    if !same.writes.contains(w) {
                        same.writes.push(w.clone());
                    }
                }
            }
            None => out.push(Generate {
                check: Check {
                    name: g.place(),
                    folder: g.dir.clone(),
                    command: g.command.clone(),
                },
                writes: g.writes.clone(),
            }),
        }
    }
    out
}

/// The generators of a plan that cannot run here, each once.
pub fn unavailable(plan: &Plan) -> Vec<&Generator> {
    let mut out: Vec<&Generator> = Vec::new();
    for g in plan.regenerate.iter().flat_map(|r| &r.generators) {
        if !g.available && !out.iter().any(|o| o.dir == g.dir && o.command == g.command) {
            out.push(g);
        }
    }
    out
}

/// The files of some folders as they were before the generators ran.
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    /// The folders, canonical.
    folders: Vec<PathBuf>,
    /// Each regular file in them, canonical, with its bytes.
    files: Vec<(PathBuf, Vec<u8>)>,
    /// Files of the folders that are put back another way (the edited
    /// files, the renamed ones): neither recorded nor removed.
    others: BTreeSet<PathBuf>,
}

impl Snapshot {
    /// Records the regular files directly in `folders`, but `others`.
    pub(super) fn take(folders: &[PathBuf], others: &[PathBuf]) -> io::Result<Snapshot> {
        let others: BTreeSet<PathBuf> = others.iter().map(|p| canonical(p)).collect();
        let mut canonical_folders: Vec<PathBuf> = Vec::new();
        for folder in folders {
            let Ok(folder) = fs::canonicalize(folder) else {
                continue;
            };
            if !canonical_folders.contains(&folder) {
                canonical_folders.push(folder);
            }
        }
        let mut files = Vec::new();
        for folder in &canonical_folders {
            for path in regular_files(folder)? {
                if !others.contains(&path) {
                    let bytes = fs::read(&path)?;
                    files.push((path, bytes));
                }
            }
        }
        Ok(Snapshot {
            folders: canonical_folders,
            files,
            others,
        })
    }

    /// Keeps the recorded files in the journal (`g0`, `g1`, ...) and adds
    /// them and the folders to its manifest: `gen`, blob, path; `dir`,
    /// folder.
    pub(super) fn keep(&self, journal: &Path, manifest: &str) -> io::Result<()> {
        let mut lines = String::from(manifest);
        for (n, (path, bytes)) in self.files.iter().enumerate() {
            let blob = format!("g{n}");
            fs::write(journal.join(&blob), bytes)?;
            lines.push_str(&format!("gen\t{blob}\t{}\n", path.display()));
        }
        for folder in &self.folders {
            lines.push_str(&format!("dir\t{}\n", folder.display()));
        }
        // Replaced whole: a manifest is never read half-written.
        let temporary = journal.join(format!("{manifest_name}.new", manifest_name = MANIFEST));
        fs::write(&temporary, lines)?;
        fs::rename(&temporary, journal.join(MANIFEST))
    }

    /// The files the generators changed, created or removed since.
    pub(super) fn changed(&self) -> usize {
        let mut changed = self
            .files
            .iter()
            .filter(|(path, bytes)| fs::read(path).ok().as_ref() != Some(bytes))
            .count();
        for folder in &self.folders {
            changed += regular_files(folder)
                .unwrap_or_default()
                .iter()
                .filter(|p| !self.others.contains(*p) && !self.files.iter().any(|(f, _)| f == *p))
                .count();
        }
        changed
    }

    /// Puts every recorded file back as it was, and removes the files
    /// created since in the folders. Best effort: what cannot be put back
    /// is named.
    pub(super) fn put_back(&self) -> Vec<String> {
        let known: BTreeSet<&Path> = self
            .files
            .iter()
            .map(|(p, _)| p.as_path())
            .chain(self.others.iter().map(PathBuf::as_path))
            .collect();
        put_back(&self.folders, &self.files, &known)
    }
}

/// The journal's manifest, as `write` names it.
const MANIFEST: &str = "files";

/// Removes the regular files of `folders` that are not `known`, and writes
/// `files` back where they differ.
fn put_back(
    folders: &[PathBuf],
    files: &[(PathBuf, Vec<u8>)],
    known: &BTreeSet<&Path>,
) -> Vec<String> {
    let mut failed = Vec::new();
    for folder in folders {
        for path in regular_files(folder).unwrap_or_default() {
            if !known.contains(path.as_path()) {
                if let Err(e) = fs::remove_file(&path) {
                    failed.push(format!("{}: {e}", path.display()));
                }
            }
        }
    }
    for (path, bytes) in files {
        if fs::read(path).ok().as_ref() == Some(bytes) {
            continue;
        }
        if let Err(e) = super::write::replace_or_create(path, bytes) {
            failed.push(format!("{}: {e}", path.display()));
        }
    }
    failed
}

/// Puts back what an interrupted run's manifest records of its generators:
/// the files of the `gen` lines from their blobs, and no other file in the
/// `dir` folders but those of `known` (the edited and renamed files).
pub(super) fn restore_from_journal(
    journal: &Path,
    manifest: &str,
    known: &[PathBuf],
) -> io::Result<usize> {
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for line in manifest.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["gen", blob, path] => files.push((PathBuf::from(path), fs::read(journal.join(blob))?)),
            ["dir", folder] => folders.push(PathBuf::from(folder)),
            _ => {}
        }
    }
    let known: BTreeSet<&Path> = files
        .iter()
        .map(|(p, _)| p.as_path())
        .chain(known.iter().map(PathBuf::as_path))
        .collect();
    let failed = put_back(&folders, &files, &known);
    if let Some(first) = failed.first() {
        return Err(io::Error::other(format!("cannot put back {first}")));
    }
    Ok(files.len())
}

/// The regular files directly in a folder, canonical, in name order.
fn regular_files(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            out.push(folder.join(entry.file_name()));
        }
    }
    out.sort();
    Ok(out)
}

fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_puts_back_what_was_and_removes_what_was_not() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("pkg");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("gen.go"), "old generated\n").unwrap();
        fs::write(folder.join("edited.go"), "edited\n").unwrap();
        fs::create_dir(folder.join("sub")).unwrap();
        let snapshot =
            Snapshot::take(std::slice::from_ref(&folder), &[folder.join("edited.go")]).unwrap();
        fs::write(folder.join("gen.go"), "new generated\n").unwrap();
        fs::write(folder.join("made.go"), "made\n").unwrap();
        fs::write(folder.join("edited.go"), "edited again\n").unwrap();
        assert_eq!(snapshot.changed(), 2);
        assert!(snapshot.put_back().is_empty());
        assert_eq!(
            fs::read_to_string(folder.join("gen.go")).unwrap(),
            "old generated\n"
        );
        assert!(!folder.join("made.go").exists());
        assert!(folder.join("sub").is_dir());
        // The edited file is put back another way.
        assert_eq!(
            fs::read_to_string(folder.join("edited.go")).unwrap(),
            "edited again\n"
        );
        // From a journal, the same.
        let journal = dir.path().join("journal");
        fs::create_dir(&journal).unwrap();
        snapshot.keep(&journal, "0\tx\n").unwrap();
        let manifest = fs::read_to_string(journal.join(MANIFEST)).unwrap();
        assert!(manifest.starts_with("0\tx\ngen\tg0\t"), "{manifest}");
        fs::write(folder.join("gen.go"), "newer\n").unwrap();
        fs::write(folder.join("made2.go"), "made\n").unwrap();
        let known = [canonical(&folder.join("edited.go"))];
        assert_eq!(
            restore_from_journal(&journal, &manifest, &known).unwrap(),
            1
        );
        assert_eq!(
            fs::read_to_string(folder.join("gen.go")).unwrap(),
            "old generated\n"
        );
        assert!(!folder.join("made2.go").exists());
        assert!(folder.join("edited.go").exists());
    }
}
