//! Writing edited files without ever leaving one half-written: checks
//! before anything is written (uncommitted changes, files changed since the
//! plan read them), one atomic replacement per file (a temporary file in
//! the same folder, the original's permissions, a rename), and after
//! writing a parse of every file: if one gained a syntax error, every file
//! is put back.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use super::FileChange;
use crate::error::Error;
use crate::syntax;

#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Write over uncommitted changes.
    pub allow_dirty: bool,
}

/// Writes every change, or none.
pub fn write(changes: &[FileChange], options: WriteOptions) -> Result<(), Error> {
    if !options.allow_dirty {
        refuse_uncommitted(changes)?;
    }
    for change in changes {
        unchanged_since_read(change)?;
    }
    let before: Vec<usize> = changes
        .iter()
        .map(|c| syntax::error_count(c.language, &c.original))
        .collect();
    let mut written = Vec::new();
    for change in changes {
        if let Err(e) = replace_atomically(&change.file, &change.edited) {
            restore(&written);
            return Err(Error {
                title: format!("cannot write {}: {e}", change.file.display()),
                location: None,
                help: Some("every file written before it was put back; nothing changed".into()),
                exit_code: 1,
            });
        }
        written.push(change);
    }
    for (change, &errors_before) in changes.iter().zip(&before) {
        let now = std::fs::read(&change.file).unwrap_or_default();
        let errors_after = syntax::error_count(change.language, &now);
        if now != change.edited || errors_after > errors_before {
            restore(&written);
            return Err(Error {
                title: format!(
                    "{} does not parse after the change ({errors_after} syntax error(s), \
                     {errors_before} before); every edited file was put back",
                    change.file.display()
                ),
                location: Some(format!("{}/{}", change.repo, change.path)),
                help: Some(
                    "leave this file out with --path, or fix the [renames] entry that \
                     breaks it, and report the case"
                        .into(),
                ),
                exit_code: 1,
            });
        }
    }
    Ok(())
}

/// Puts the original bytes back, each file atomically.
fn restore(written: &[&FileChange]) {
    for change in written {
        // Best effort: a file that cannot be put back is still whole,
        // either the old or the new version, never a mix.
        let _ = replace_atomically(&change.file, &change.original);
    }
}

/// Replaces a file by writing a temporary file beside it (same
/// permissions) and renaming it over the original.
fn replace_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temp = tempfile::NamedTempFile::new_in(folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), permissions)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The file must be as the plan read it.
fn unchanged_since_read(change: &FileChange) -> Result<(), Error> {
    let now = std::fs::read(&change.file).ok();
    let modified = std::fs::metadata(&change.file)
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

/// Refuses files with uncommitted changes, as git sees them. Files outside
/// a git work tree have no commit to compare with and pass.
fn refuse_uncommitted(changes: &[FileChange]) -> Result<(), Error> {
    let mut dirty = Vec::new();
    for change in changes {
        let folder = change.file.parent().unwrap_or(Path::new("."));
        let name = change.file.file_name().unwrap_or_default();
        let status = Command::new("git")
            .arg("-C")
            .arg(folder)
            .args(["status", "--porcelain", "--"])
            .arg(name)
            .output();
        if let Ok(out) = status {
            if out.status.success() && !out.stdout.is_empty() {
                dirty.push(format!("{}/{}", change.repo, change.path));
            }
        }
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

    #[test]
    fn syntax_errors_counts_what_breaks() {
        assert_eq!(syntax::error_count(Lang::Go, b"package a\nvar x = 1\n"), 0);
        assert!(syntax::error_count(Lang::Go, b"package a\nvar x = = 1\n") > 0);
        assert_eq!(syntax::error_count(Lang::Text, b"anything ((("), 0);
    }
}
