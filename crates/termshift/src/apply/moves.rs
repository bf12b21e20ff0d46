//! Renaming the files a plan renames, once their contents are written
//! (into another folder, for a package's folder): `git mv` where git
//! tracks the file (the index records the rename), a plain rename
//! elsewhere; and moving them back when a later step fails.
//! The journal lists each move, so `apply --restore` moves it back too.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::FileChange;
use crate::error::Error;

/// A file moved: from where, to where.
pub(super) type Moved = (PathBuf, PathBuf);

/// The renames of `changes`, refused before anything is written when a
/// new name is taken on disk.
pub(super) fn planned(changes: &[&FileChange]) -> Result<Vec<Moved>, Error> {
    let mut moves = Vec::new();
    for change in changes {
        let Some((new_path, to)) = &change.renamed_to else {
            continue;
        };
        if fs::symlink_metadata(to).is_ok() {
            return Err(Error {
                title: format!(
                    "{} cannot be renamed to {new_path}: a file of that name is there now; \
                     nothing was written",
                    change.file.display()
                ),
                location: Some(format!("{}/{}", change.repo, change.path)),
                help: Some("run the command again to plan from the files as they are now".into()),
                exit_code: 1,
            });
        }
        moves.push((change.file.clone(), to.clone()));
    }
    Ok(moves)
}

/// Moves every file; on a failure moves back those moved and says which.
pub(super) fn move_all(moves: &[Moved]) -> Result<(), Error> {
    for (n, (from, to)) in moves.iter().enumerate() {
        if let Err(e) = move_file(from, to) {
            move_back(&moves[..n]);
            return Err(Error {
                title: format!("cannot rename {} to {}: {e}", from.display(), to.display()),
                location: None,
                help: Some("every file was put back as it was; nothing changed".into()),
                exit_code: 1,
            });
        }
    }
    Ok(())
}

/// Moves files back to their old names, the last moved first.
pub(super) fn move_back(moves: &[Moved]) {
    for (from, to) in moves.iter().rev() {
        // Best effort: a file not moved back is still whole, under its
        // new name.
        let _ = move_file(to, from);
    }
}

/// `git mv` when git tracks `from`, else a rename. A folder moved into
/// is made first; a folder moved out of is removed once empty (a
/// package's folder moves file by file).
pub(super) fn move_file(from: &Path, to: &Path) -> std::io::Result<()> {
    let folder = from.parent().unwrap_or(Path::new("."));
    let name = |p: &Path| p.file_name().unwrap_or_default().to_os_string();
    let into = to.parent().filter(|p| !p.as_os_str().is_empty());
    let into = into.unwrap_or(Path::new("."));
    fs::create_dir_all(into)?;
    // git reads paths from `folder`.
    let target = fs::canonicalize(into)?.join(name(to));
    let tracked = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["ls-files", "--error-unmatch", "--"])
        .arg(name(from))
        .output()
        .is_ok_and(|o| o.status.success());
    let moved = tracked
        && Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["mv", "--"])
            .arg(name(from))
            .arg(&target)
            .output()?
            .status
            .success();
    if !moved {
        fs::rename(from, to)?;
    }
    if to.parent() != Some(folder) {
        // Fails, as it should, while the folder holds anything.
        let _ = fs::remove_dir(folder);
    }
    Ok(())
}
