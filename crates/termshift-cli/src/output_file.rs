//! Writing a command's output to a file (`report -o`, `plan -o`, `check
//! --write-baseline`, `init`) without replacing what is not the user's
//! regular file: a link is written through, a device or a pipe is written
//! as a stream, an existing file keeps its mode and owner, and a new file
//! gets the usual permissions. A regular file is replaced atomically.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use termshift::Error;

/// Writes `path` with what `write` produces.
pub fn write_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let failed = |path: &Path, e: io::Error| {
        Error::usage(format!("cannot write {}: {e}", path.display()))
            .help("check that the folder exists and is writable")
    };
    let target = through_links(path).map_err(|e| failed(path, e))?;
    match fs::metadata(&target) {
        Ok(meta) if meta.is_dir() => Err(Error::usage(format!(
            "cannot write {}: it is a folder",
            path.display()
        ))
        .help("give a file name, e.g. -o inventory.md")),
        // A device, a pipe or a socket takes the bytes as they come.
        Ok(meta) if !meta.is_file() => {
            let file = OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| failed(path, e))?;
            stream(file, write).map_err(|e| failed(path, e))
        }
        Ok(meta) => replace(&target, Some(&meta), write).map_err(|e| failed(path, e)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            replace(&target, None, write).map_err(|e| failed(path, e))
        }
        Err(e) => Err(failed(path, e)),
    }
}

/// The file a path names, through symbolic links (a dangling link names the
/// file it points to, which the write creates).
fn through_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(folder) if target.is_relative() => folder.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn stream(file: File, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::new(file);
    write(&mut out)?;
    out.flush()
}

/// Writes a temporary file beside `target` and renames it over it: a
/// reader sees the old file or the new one, never half of one. The new
/// file keeps the old one's mode and owner; a file of its own gets the
/// mode the umask gives (`0644` usually).
fn replace(
    target: &Path,
    existing: Option<&fs::Metadata>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp, file) = temp_file(folder, &name)?;
    // Another user's file cannot be given back to them by this user: it is
    // written in place, which keeps its owner and mode.
    if let Some(meta) = existing {
        if let Err(e) = keep_owner(&temp, meta) {
            let _ = fs::remove_file(&temp);
            return match e.kind() {
                io::ErrorKind::PermissionDenied => stream(
                    OpenOptions::new().write(true).truncate(true).open(target)?,
                    write,
                ),
                _ => Err(e),
            };
        }
    }
    let written = (|| {
        stream(file, write)?;
        if let Some(meta) = existing {
            fs::set_permissions(&temp, meta.permissions())?;
        }
        fs::rename(&temp, target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// A new file beside the target, created with the default permissions.
fn temp_file(folder: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    for attempt in 0..100u32 {
        let temp = folder.join(format!(
            ".{name}.termshift-{}-{attempt}",
            std::process::id()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free temporary name"))
}

/// Gives the temporary file the owner and group of the file it replaces.
#[cfg(unix)]
fn keep_owner(temp: &Path, meta: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let ours = fs::metadata(temp)?;
    if ours.uid() != meta.uid() || ours.gid() != meta.gid() {
        std::os::unix::fs::chown(temp, Some(meta.uid()), Some(meta.gid()))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner(_temp: &Path, _meta: &fs::Metadata) -> io::Result<()> {
    Ok(())
}
