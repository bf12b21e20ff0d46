//! Writing edited files without ever leaving one half-written or losing an
//! edit: checks before anything is written (uncommitted changes, a root
//! outside git, files changed since the plan read them), a journal of the
//! originals while writing (an interrupted run can be put back), each file
//! checked again just before it is replaced, one atomic replacement per
//! file (a temporary file in the same folder that keeps the original's
//! mode, owner and group, then a rename; a link's target is the file
//! written, a file with several hard links is written in place), and after
//! writing a parse of every file: if one gained a syntax error, every file
//! is put back; so are they when a check given (`verify`) fails, or a
//! generator run after the edits (`regenerate`), with the files the
//! generators wrote.
//!
//! The refusals can be lifted with `--allow-dirty`; a file changed since
//! the plan cannot. The journal is found by the next run, which refuses to
//! write until it is put back (`--restore`). A temporary file has a
//! recognizable name, so one left by a crash is removed by the next run.

use std::fs::{self, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::moves::{self, Moved};
use super::regenerate::{Generate, Snapshot, DEFAULT_TIMEOUT};
use super::verify::{self, Check};
use super::FileChange;
use crate::error::Error;
use crate::progress::Progress;
use crate::syntax;

#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Write over uncommitted changes, and in a root outside git.
    pub allow_dirty: bool,
    /// The folder where the originals are kept while writing, so that an
    /// interrupted run can be put back ([`restore_interrupted`]); removed
    /// once the run ends.
    pub journal: Option<PathBuf>,
    /// Commands that must pass once every file is written (a build, a
    /// vet); when one fails, every file is put back.
    pub checks: Vec<Check>,
    /// How long each check may run before it is stopped and counts as
    /// failed; `None`: as long as it takes.
    pub check_timeout: Option<Duration>,
    /// Generators to run once the edits are written, before the checks;
    /// when one fails, every file is put back, the files they wrote too.
    pub generators: Vec<Generate>,
    /// How long each generator may run ([`DEFAULT_TIMEOUT`] when none).
    pub generator_timeout: Option<Duration>,
}

/// What writing did beside the edits: facts a person should know.
#[derive(Debug, Default)]
pub struct Written {
    /// How many files were written.
    pub files: usize,
    /// How many files were renamed.
    pub renamed: usize,
    /// Notes on files written another way than usual (a link's target, a
    /// file with hard links written in place).
    pub notes: Vec<String>,
    /// The generators run: where, the command, and how many files they
    /// changed, created or removed.
    pub regenerated: Vec<(String, String, usize)>,
}

/// The manifest of a journal: one line per file, its index and path.
const MANIFEST: &str = "files";

/// Writes every change, or none.
pub fn write(changes: &[FileChange], options: &WriteOptions) -> Result<Written, Error> {
    write_with_progress(changes, options, &|_| {})
}

/// [`write`], telling `progress` each check it runs once every file is
/// written ([`Phase::Verifying`](crate::progress::Phase::Verifying)).
pub fn write_with_progress(
    changes: &[FileChange],
    options: &WriteOptions,
    progress: Progress,
) -> Result<Written, Error> {
    if let Some(journal) = options.journal.as_deref().filter(|j| j.exists()) {
        return Err(interrupted(journal));
    }
    let targets = targets(changes)?;
    if !options.allow_dirty {
        refuse_uncommitted(&targets)?;
    }
    for target in &targets {
        unchanged_since_read(target)?;
    }
    let renamed: Vec<&FileChange> = targets.iter().map(|t| t.change).collect();
    let moves = moves::planned(&renamed)?;
    for target in &targets {
        remove_stray_temporaries(&target.file);
    }
    if let Some(journal) = &options.journal {
        keep_originals(journal, &targets, &moves).map_err(|e| Error {
            title: format!("cannot keep the originals in {}: {e}", journal.display()),
            location: None,
            help: Some("nothing was written; check that the folder is writable".into()),
            exit_code: 1,
        })?;
    }
    let all: Vec<&Target> = targets.iter().collect();
    let result = write_targets(&targets).and_then(|written| {
        if let Err(e) = moves::move_all(&moves) {
            restore(&all);
            return Err(e);
        }
        // Every file back: the generators' folders, the renamed files,
        // the edited files.
        let undo = |snapshot: Option<&Snapshot>| {
            let mut failed = snapshot.map(Snapshot::put_back).unwrap_or_default();
            moves::move_back(&moves);
            restore(&all);
            failed.truncate(5);
            failed
        };
        let mut snapshot = None;
        let regenerated = match regenerate(&targets, &moves, options, &mut snapshot) {
            Ok(ran) => ran,
            Err(e) => {
                let failed = undo(snapshot.as_ref());
                return Err(not_put_back(e, &failed));
            }
        };
        let Err(failed) = verify::run(&options.checks, options.check_timeout, progress) else {
            return Ok(Written {
                renamed: moves.len(),
                regenerated,
                ..written
            });
        };
        let not_back = undo(snapshot.as_ref());
        let generated = if snapshot.is_some() {
            ", and the generated files as they were"
        } else {
            ""
        };
        let e = failed_after_edits(
            *failed,
            "",
            &format!(" after the edits; every edited file was put back{generated}"),
            "read the output above: leave the names it names out with --path or \
             [[decisions]], or give them a [renames] entry, then apply again",
        );
        Err(not_put_back(e, &not_back))
    });
    if let Some(journal) = &options.journal {
        let _ = fs::remove_dir_all(journal);
    }
    result
}

/// Runs the generators, once the files of the folders they may write are
/// recorded (in the journal too) in `snapshot`. What each did, or why they
/// stopped.
fn regenerate(
    targets: &[Target],
    moves: &[Moved],
    options: &WriteOptions,
    snapshot: &mut Option<Snapshot>,
) -> Result<Vec<(String, String, usize)>, Error> {
    if options.generators.is_empty() {
        return Ok(Vec::new());
    }
    let folders: Vec<PathBuf> = options
        .generators
        .iter()
        .flat_map(|g| g.writes.iter().chain([&g.check.folder]))
        .cloned()
        .collect();
    let others: Vec<PathBuf> = targets
        .iter()
        .map(|t| t.file.clone())
        .chain(moves.iter().map(|(_, to)| to.clone()))
        .collect();
    let cannot_record = |e: std::io::Error| Error {
        title: format!("cannot record the files the generators may write: {e}"),
        location: None,
        help: Some("every edited file was put back; nothing changed".into()),
        exit_code: 1,
    };
    let snapshot = snapshot.insert(Snapshot::take(&folders, &others).map_err(cannot_record)?);
    if let Some(journal) = &options.journal {
        let manifest = fs::read_to_string(journal.join(MANIFEST)).unwrap_or_default();
        snapshot.keep(journal, &manifest).map_err(cannot_record)?;
    }
    let timeout = options.generator_timeout.unwrap_or(DEFAULT_TIMEOUT);
    let mut ran = Vec::new();
    let mut changed_before = snapshot.changed();
    for generate in &options.generators {
        if let Err(failed) = verify::run_one(&generate.check, Some(timeout)) {
            return Err(failed_after_edits(
                *failed,
                "the generator ",
                "; every edited file was put back, and the generated files as they were",
                "run it by hand to see why, or apply without --regenerate and regenerate later",
            ));
        }
        let changed = snapshot.changed();
        ran.push((
            generate.check.name.clone(),
            generate.check.command.clone(),
            changed.saturating_sub(changed_before),
        ));
        changed_before = changed;
    }
    Ok(ran)
}

/// The error of a command that failed once the edits were written:
/// `{what}`command` failed in place (status){then}:` and its output.
fn failed_after_edits(failed: verify::Failed, what: &str, then: &str, help: &str) -> Error {
    let verify::Failed {
        check,
        status,
        output,
    } = failed;
    Error {
        title: format!(
            "{what}`{}` failed in {} ({status}){then}:\n{}",
            check.command,
            check.name,
            output.trim_end()
        ),
        location: None,
        help: Some(help.into()),
        exit_code: 1,
    }
}

/// An error, with the files that could not be put back named.
fn not_put_back(e: Error, failed: &[String]) -> Error {
    if failed.is_empty() {
        return e;
    }
    Error {
        title: format!(
            "{}\nthese files could not be put back:\n    {}",
            e.title,
            failed.join("\n    ")
        ),
        ..e
    }
}

/// A file to write: where its bytes go (a link's target), and its change.
struct Target<'c> {
    file: PathBuf,
    change: &'c FileChange,
    /// The path the plan read was a link to `file`.
    through_link: bool,
}

/// The files to write, once each: a link's target is written, not the link
/// (two links to one file are one file).
fn targets(changes: &[FileChange]) -> Result<Vec<Target<'_>>, Error> {
    let mut targets: Vec<Target> = Vec::new();
    for change in changes {
        let through_link =
            fs::symlink_metadata(&change.file).is_ok_and(|m| m.file_type().is_symlink());
        let file = if through_link {
            fs::canonicalize(&change.file).unwrap_or_else(|_| change.file.clone())
        } else {
            change.file.clone()
        };
        if let Some(same) = targets.iter().find(|t| t.file == file) {
            if same.change.edited != change.edited {
                return Err(Error {
                    title: format!(
                        "{} and {} are one file, and the plan edits them differently; nothing was written",
                        same.change.file.display(),
                        change.file.display()
                    ),
                    location: None,
                    help: Some("leave one of them out with --path".into()),
                    exit_code: 1,
                });
            }
            continue;
        }
        targets.push(Target {
            file,
            change,
            through_link,
        });
    }
    Ok(targets)
}

fn write_targets(targets: &[Target]) -> Result<Written, Error> {
    let before: Vec<usize> = targets
        .iter()
        .map(|t| syntax::error_count(t.change.language, &t.change.original))
        .collect();
    let mut written: Vec<&Target> = Vec::new();
    let mut notes = Vec::new();
    for target in targets {
        // Checked again right before its write: an edit made since the
        // first check is never overwritten.
        if let Err(e) = unchanged_since_read(target) {
            restore(&written);
            return Err(Error {
                help: Some(format!(
                    "the {} file(s) written before it were put back; run the command again to \
                     plan from the files as they are now",
                    written.len()
                )),
                ..e
            });
        }
        // Renamed only: its bytes stay.
        if target.change.edited == target.change.original {
            continue;
        }
        let hard_links = hard_links(&target.file);
        let result = if hard_links > 1 {
            overwrite_in_place(&target.file, &target.change.edited)
        } else {
            replace_atomically(&target.file, &target.change.edited)
        };
        if let Err(e) = result {
            restore(&written);
            return Err(Error {
                title: format!("cannot write {}: {e}", target.file.display()),
                location: None,
                help: Some("every file written before it was put back; nothing changed".into()),
                exit_code: 1,
            });
        }
        if target.through_link {
            notes.push(format!(
                "{} is a link: its target {} was edited",
                target.change.file.display(),
                target.file.display()
            ));
        }
        if hard_links > 1 {
            notes.push(format!(
                "{} has {hard_links} hard links: it was written in place, so that all of them \
                 see the edit",
                target.file.display()
            ));
        }
        written.push(target);
    }
    for (target, &errors_before) in targets.iter().zip(&before) {
        let now = fs::read(&target.file).unwrap_or_default();
        let errors_after = syntax::error_count(target.change.language, &now);
        if now != target.change.edited || errors_after > errors_before {
            restore(&written);
            return Err(Error {
                title: format!(
                    "{} does not parse after the change ({errors_after} syntax error(s), \
                     {errors_before} before); every edited file was put back",
                    target.file.display()
                ),
                location: Some(format!("{}/{}", target.change.repo, target.change.path)),
                help: Some(
                    "leave this file out with --path, or fix the [renames] entry that \
                     breaks it, and report the case"
                        .into(),
                ),
                exit_code: 1,
            });
        }
    }
    Ok(Written {
        files: written.len(),
        renamed: 0,
        notes,
        regenerated: Vec::new(),
    })
}

/// Puts the original bytes back, each file as it was written.
fn restore(written: &[&Target]) {
    for target in written {
        // Best effort: a file that cannot be put back is still whole,
        // either the old or the new version, never a mix.
        let original = &target.change.original;
        let _ = if hard_links(&target.file) > 1 {
            overwrite_in_place(&target.file, original)
        } else {
            replace_atomically(&target.file, original)
        };
    }
}

/// How many names a file has (1 where that cannot be told).
fn hard_links(path: &Path) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).map_or(1, |m| m.nlink())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        1
    }
}

/// The temporary file's name beside `path`: recognizable, so that a run
/// killed while writing leaves nothing the next run cannot find.
fn temporary_of(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.termshift-tmp-{}", std::process::id()))
}

/// Removes what a killed run left beside `path`: its temporary files.
fn remove_stray_temporaries(path: &Path) {
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.termshift-tmp-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Replaces a file by writing a temporary file beside it (same mode, owner
/// and group) and renaming it over the original.
fn replace_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let meta = fs::metadata(path)?;
    let temp = temporary_of(path);
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::set_permissions(&temp, meta.permissions())?;
        keep_owner(&temp, &meta)?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Writes a file's bytes over it atomically, or creates it when it is
/// gone.
pub(super) fn replace_or_create(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        replace_atomically(path, bytes)
    } else {
        fs::write(path, bytes)
    }
}

/// Writes a file's bytes in place: its other hard links see them too.
fn overwrite_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(unix)]
fn keep_owner(temp: &Path, meta: &fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let ours = fs::metadata(temp)?;
    if ours.uid() != meta.uid() || ours.gid() != meta.gid() {
        std::os::unix::fs::chown(temp, Some(meta.uid()), Some(meta.gid()))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner(_temp: &Path, _meta: &fs::Metadata) -> std::io::Result<()> {
    Ok(())
}

/// The file must be as the plan read it.
fn unchanged_since_read(target: &Target) -> Result<(), Error> {
    let change = target.change;
    let now = fs::read(&target.file).ok();
    let modified = fs::metadata(&target.file)
        .ok()
        .and_then(|m| m.modified().ok());
    if now.as_deref() != Some(change.original.as_slice()) || modified != change.modified {
        return Err(Error {
            title: format!(
                "{} changed on disk since the plan read it; nothing was written",
                change.file.display()
            ),
            location: None,
            help: Some("run the command again to plan from the file as it is now".into()),
            exit_code: 1,
        });
    }
    Ok(())
}

/// Keeps each file's original bytes in the journal, with a manifest of
/// their paths and of the renames (`mv`, new path, old path), before any
/// is written.
fn keep_originals(journal: &Path, targets: &[Target], moves: &[Moved]) -> std::io::Result<()> {
    fs::create_dir_all(journal)?;
    let mut manifest = String::new();
    for (from, to) in moves {
        let folder = fs::canonicalize(from.parent().unwrap_or(Path::new(".")))?;
        let name = |p: &Path| p.file_name().unwrap_or_default().to_os_string();
        manifest.push_str(&format!(
            "mv\t{}\t{}\n",
            folder.join(name(to)).display(),
            folder.join(name(from)).display()
        ));
    }
    for (n, target) in targets.iter().enumerate() {
        fs::write(journal.join(n.to_string()), &target.change.original)?;
        let path = fs::canonicalize(&target.file)?;
        manifest.push_str(&format!("{n}\t{}\n", path.display()));
    }
    // The manifest last: a journal without one holds nothing written yet.
    fs::write(journal.join(MANIFEST), manifest)
}

/// The error an earlier, interrupted run leaves behind.
fn interrupted(journal: &Path) -> Error {
    let files = fs::read_to_string(journal.join(MANIFEST))
        .map(|m| {
            m.lines()
                .filter(|l| !l.starts_with("mv\t") && !l.starts_with("dir\t"))
                .count()
        })
        .unwrap_or(0);
    Error {
        title: format!(
            "an earlier `apply --write` was interrupted: {files} file(s) may be half-migrated; \
             their originals are in {}",
            journal.display()
        ),
        location: None,
        help: Some(format!(
            "`termshift apply --restore` puts them back as they were; or remove {} to keep the \
             files as they are, then run apply again to finish",
            journal.display()
        )),
        exit_code: 1,
    }
}

/// Puts back the files an interrupted run was writing, from its journal,
/// and removes the journal. How many files were put back; none when there
/// is no journal.
pub fn restore_interrupted(journal: &Path) -> Result<usize, Error> {
    let failed = |e: std::io::Error| Error {
        title: format!("cannot restore from {}: {e}", journal.display()),
        location: None,
        help: Some("the originals stay there; copy them back by hand".into()),
        exit_code: 1,
    };
    let manifest = match fs::read_to_string(journal.join(MANIFEST)) {
        Ok(manifest) => manifest,
        Err(_) if journal.exists() => {
            // Killed before the manifest: nothing was written.
            let _ = fs::remove_dir_all(journal);
            return Ok(0);
        }
        Err(_) => return Ok(0),
    };
    // Renamed files first go back to their old names.
    for line in manifest.lines() {
        if let Some((new, old)) = line.strip_prefix("mv\t").and_then(|l| l.split_once('\t')) {
            let (new, old) = (Path::new(new), Path::new(old));
            if new.exists() && !old.exists() {
                moves::move_file(new, old).map_err(failed)?;
            }
        }
    }
    // The generators' folders as they were: their files back, the files
    // they created removed (not the edited ones, put back next, nor a
    // renamed one that could not go back).
    let known: Vec<PathBuf> = manifest
        .lines()
        .filter_map(
            |line| match line.split('\t').collect::<Vec<_>>().as_slice() {
                ["mv", new, _] => Some(PathBuf::from(new)),
                [n, path] if n.parse::<usize>().is_ok() => Some(PathBuf::from(path)),
                _ => None,
            },
        )
        .collect();
    let mut restored =
        super::regenerate::restore_from_journal(journal, &manifest, &known).map_err(failed)?;
    for line in manifest.lines() {
        let Some((n, path)) = line
            .split_once('\t')
            .filter(|(n, _)| n.parse::<usize>().is_ok())
        else {
            continue;
        };
        let original = fs::read(journal.join(n)).map_err(failed)?;
        let path = Path::new(path);
        remove_stray_temporaries(path);
        replace_atomically(path, &original).map_err(failed)?;
        restored += 1;
    }
    fs::remove_dir_all(journal).map_err(failed)?;
    Ok(restored)
}

/// Refuses files with uncommitted changes, as git sees them, and files
/// outside a git work tree: nothing would undo their edits.
fn refuse_uncommitted(targets: &[Target]) -> Result<(), Error> {
    let mut dirty = Vec::new();
    let mut untracked_roots = Vec::new();
    for target in targets {
        let change = target.change;
        let folder = target.file.parent().unwrap_or(Path::new("."));
        let name = target.file.file_name().unwrap_or_default();
        let status = Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["status", "--porcelain", "--"])
            .arg(name)
            .output();
        match status {
            Ok(out) if out.status.success() => {
                if !out.stdout.is_empty() {
                    dirty.push(format!("{}/{}", change.repo, change.path));
                }
            }
            _ => {
                if !untracked_roots.contains(&change.repo) {
                    untracked_roots.push(change.repo.clone());
                }
            }
        }
    }
    if !untracked_roots.is_empty() {
        return Err(Error {
            title: format!(
                "root(s) `{}` are not in a git work tree: nothing would undo the edits; nothing \
                 was written",
                untracked_roots.join("`, `")
            ),
            location: None,
            help: Some(
                "put the root under git (or copy it) first, or pass --allow-dirty to write \
                 anyway"
                    .into(),
            ),
            exit_code: 1,
        });
    }
    if dirty.is_empty() {
        return Ok(());
    }
    Err(Error {
        title: format!(
            "{} file(s) to edit have uncommitted changes; nothing was written:\n    {}",
            dirty.len(),
            dirty.join("\n    ")
        ),
        location: None,
        help: Some("commit or stash them first, or pass --allow-dirty".into()),
        exit_code: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Lang;

    fn change(dir: &Path, name: &str, original: &str, edited: &str) -> FileChange {
        let file = dir.join(name);
        fs::write(&file, original).unwrap();
        FileChange {
            repo: "r".into(),
            path: name.into(),
            modified: fs::metadata(&file).unwrap().modified().ok(),
            file,
            language: Lang::Go,
            original: original.as_bytes().to_vec(),
            edited: edited.as_bytes().to_vec(),
            renamed_to: None,
        }
    }

    #[test]
    fn an_edit_between_the_checks_and_a_files_write_stops_and_puts_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = change(
            dir.path(),
            "a.go",
            "package a\n\nvar runID = 1\n",
            "package a\n\nvar sessionID = 1\n",
        );
        let b = change(
            dir.path(),
            "b.go",
            "package a\n\nvar runs = 2\n",
            "package a\n\nvar sessions = 2\n",
        );
        let changes = [a.clone(), b.clone()];
        let targets = targets(&changes).unwrap();
        for target in &targets {
            unchanged_since_read(target).unwrap();
        }
        // The checks passed; b.go changes before its turn comes.
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&b.file, "package a\n\nvar runs = 3\n").unwrap();
        let err = write_targets(&targets).unwrap_err();
        assert!(err.title.contains("changed on disk"), "{}", err.title);
        assert!(err
            .help
            .unwrap()
            .contains("1 file(s) written before it were put back"));
        assert_eq!(fs::read(&a.file).unwrap(), a.original);
        assert_eq!(
            fs::read_to_string(&b.file).unwrap(),
            "package a\n\nvar runs = 3\n"
        );
    }

    #[test]
    fn an_interrupted_regeneration_is_put_back_from_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("pkg");
        fs::create_dir(&folder).unwrap();
        let a = change(
            &folder,
            "a.go",
            "package a\n\nvar runID = 1\n",
            "package a\n\nvar sessionID = 1\n",
        );
        fs::write(folder.join("a_gen.go"), "// old\n").unwrap();
        let journal = dir.path().join("journal");
        let saved = dir.path().join("saved");
        // The generator keeps a copy of the journal as it is while it
        // runs, then fails.
        let generate = Generate {
            check: Check {
                name: "pkg".into(),
                folder: folder.clone(),
                command: format!(
                    "printf new > a_gen.go; touch made.go; cp -R '{}' '{}'; exit 1",
                    journal.display(),
                    saved.display()
                ),
            },
            writes: vec![folder.clone()],
        };
        let options = WriteOptions {
            allow_dirty: true,
            journal: Some(journal.clone()),
            generators: vec![generate],
            ..WriteOptions::default()
        };
        let err = write(std::slice::from_ref(&a), &options).unwrap_err();
        assert!(err.title.contains("the generator"), "{}", err.title);
        let back = || {
            assert_eq!(fs::read(&a.file).unwrap(), a.original);
            assert_eq!(
                fs::read_to_string(folder.join("a_gen.go")).unwrap(),
                "// old\n"
            );
            assert!(!folder.join("made.go").exists());
        };
        back();
        assert!(!journal.exists());
        // A run killed while the generator ran leaves the files so, and
        // the journal it had then.
        fs::write(&a.file, &a.edited).unwrap();
        fs::write(folder.join("a_gen.go"), "new").unwrap();
        fs::write(folder.join("made.go"), "").unwrap();
        fs::rename(&saved, &journal).unwrap();
        assert!(interrupted(&journal).title.contains("2 file(s)"));
        assert_eq!(restore_interrupted(&journal).unwrap(), 2);
        back();
        assert!(!journal.exists());
    }

    #[test]
    fn syntax_errors_counts_what_breaks() {
        assert_eq!(syntax::error_count(Lang::Go, b"package a\nvar x = 1\n"), 0);
        assert!(syntax::error_count(Lang::Go, b"package a\nvar x = = 1\n") > 0);
        assert_eq!(syntax::error_count(Lang::Text, b"anything ((("), 0);
    }
}
