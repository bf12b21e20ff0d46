//! Turns a plan into edited files: renames and removals applied to the
//! text the plan was made from, Go blocks re-aligned as gofmt would, shown
//! as a unified diff or written safely (`write`).
//!
//! A rename inside a removal goes with the removal; two other edits that
//! overlap are an error, never a guess. The edits apply to the text the
//! plan read and checked against the scan, and `write` refuses a file that
//! changed since, so `apply` never edits what it did not plan. Go sections
//! are re-aligned by `gofmt`; the files the plan renames are moved once
//! their contents are written (`moves`); `regenerate` runs the generators
//! the plan found, and `verify` runs the checks.

mod gofmt;
mod moves;
pub mod regenerate;
pub mod verify;
mod write;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use std::time::SystemTime;

pub use write::{restore_interrupted, write, write_with_progress, WriteOptions, Written};

use crate::error::Error;
use crate::plan::{Action, Originals, Plan, Stage};
use crate::syntax::Lang;

/// One file as the plan found it and as it will be.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub repo: String,
    pub path: String,
    /// The file on disk.
    pub file: PathBuf,
    pub language: Lang,
    pub original: Vec<u8>,
    pub edited: Vec<u8>,
    /// When the plan read it.
    pub modified: Option<SystemTime>,
    /// Its new path in its root and on disk, when the plan renames it.
    pub renamed_to: Option<(String, PathBuf)>,
}

/// Which batches to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Batches {
    /// Every batch but the removal of compatibility shims.
    All,
    /// One batch by number.
    Only(usize),
}

/// An edit of a file: bytes replaced by others.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    range: Range<usize>,
    new: String,
}

/// The edited files of a plan, by root and path.
pub fn changes(
    plan: &Plan,
    originals: &Originals,
    batches: Batches,
) -> Result<Vec<FileChange>, Error> {
    if let Batches::Only(n) = batches {
        if !plan.batches.iter().any(|b| b.number == n) {
            let numbers: Vec<String> = plan.batches.iter().map(|b| b.number.to_string()).collect();
            let numbers = if numbers.is_empty() {
                "none".to_string()
            } else {
                numbers.join(", ")
            };
            return Err(Error::usage(format!("the plan has no batch {n}"))
                .help(format!("its batches are {numbers}; see `termshift plan`")));
        }
    }
    let mut edits: BTreeMap<(&str, &str), Vec<Edit>> = BTreeMap::new();
    for batch in &plan.batches {
        let chosen = match batches {
            Batches::All => batch.stage != Stage::Shims,
            Batches::Only(n) => batch.number == n,
        };
        if !chosen {
            continue;
        }
        for item in &batch.items {
            for place in &item.places {
                let file_edits = edits
                    .entry((place.repo.as_str(), place.path.as_str()))
                    .or_default();
                if let (Action::Rename, Some((at, article))) = (item.action, &place.article) {
                    let old_len = if article.len() == 1 { 2 } else { 1 };
                    file_edits.push(Edit {
                        range: *at..*at + old_len,
                        new: article.clone(),
                    });
                }
                if let (Action::Shim, Some((at, text))) = (item.action, &place.insertion) {
                    file_edits.push(Edit {
                        range: *at..*at,
                        new: text.clone(),
                    });
                    continue;
                }
                let edit = match (item.action, &place.removal) {
                    (Action::Rename, _) => Edit {
                        range: place.offset..place.offset + item.old.len(),
                        new: item.new.clone(),
                    },
                    // A shim kept for now goes when its batch is applied.
                    (Action::Remove | Action::Keep, Some(removal)) => Edit {
                        range: removal.clone(),
                        new: String::new(),
                    },
                    (Action::Remove | Action::Keep, None) | (Action::Shim, _) => continue,
                };
                file_edits.push(edit);
            }
        }
    }
    // Files are renamed with the first batch, or with all of them.
    let first = plan.batches.first().map(|b| b.number);
    let renames: BTreeMap<(&str, &str), &str> = match batches {
        Batches::Only(n) if Some(n) != first => BTreeMap::new(),
        _ => plan
            .files
            .iter()
            .map(|r| ((r.repo.as_str(), r.path.as_str()), r.new_path.as_str()))
            .collect(),
    };
    for &key in renames.keys() {
        edits.entry(key).or_default();
    }
    let mut changes = Vec::new();
    for ((repo, path), edits) in edits {
        let file = originals
            .get(repo, path)
            .expect("the plan's files are in its originals");
        let language = Lang::from_path(std::path::Path::new(path));
        let (mut edited, touched) = apply_edits(&file.bytes, edits).map_err(|(a, b)| {
            Error::usage(format!(
                "two changes overlap in {}: bytes {a:?} and {b:?}",
                file.path.display()
            ))
            .help("leave one of the names out with --path or a [[decisions]] entry")
        })?;
        if language == Lang::Go {
            edited = gofmt::realign(&edited, &touched);
        }
        let renamed_to = renames.get(&(repo, path)).map(|new_path| {
            // The root on disk is the file's path without its path in the root.
            let root = file
                .path
                .ancestors()
                .nth(path.split('/').count())
                .unwrap_or(&file.path);
            (new_path.to_string(), root.join(new_path))
        });
        if edited != file.bytes || renamed_to.is_some() {
            changes.push(FileChange {
                repo: repo.to_string(),
                path: path.to_string(),
                file: file.path.clone(),
                language,
                original: file.bytes.clone(),
                edited,
                modified: file.modified,
                renamed_to,
            });
        }
    }
    Ok(changes)
}

/// A text after its edits, with the ranges of it that changed.
type Edited = (Vec<u8>, Vec<Range<usize>>);

/// Applies edits; a rename inside a removal goes with it. Returns the new
/// text and the ranges of it that changed, or the two edits that overlap.
fn apply_edits(text: &[u8], mut edits: Vec<Edit>) -> Result<Edited, (Range<usize>, Range<usize>)> {
    edits.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.new).cmp(&(b.range.start, b.range.end, &b.new))
    });
    edits.dedup();
    let removals: Vec<Range<usize>> = edits
        .iter()
        .filter(|e| e.new.is_empty())
        .map(|e| e.range.clone())
        .collect();
    let inside_removal = |e: &Edit| {
        !e.new.is_empty()
            && removals
                .iter()
                .any(|r| r.start <= e.range.start && e.range.end <= r.end)
    };
    let mut kept: Vec<Edit> = Vec::new();
    for edit in edits.into_iter().filter(|e| !inside_removal(e)) {
        match kept.last_mut() {
            Some(last) if edit.range.start < last.range.end => {
                if last.new.is_empty() && edit.new.is_empty() {
                    last.range.end = last.range.end.max(edit.range.end);
                } else {
                    return Err((last.range.clone(), edit.range));
                }
            }
            _ => kept.push(edit),
        }
    }
    let mut out = Vec::with_capacity(text.len());
    let mut touched = Vec::new();
    let mut at = 0;
    for edit in kept {
        out.extend_from_slice(&text[at..edit.range.start]);
        let start = out.len();
        out.extend_from_slice(edit.new.as_bytes());
        touched.push(start..out.len());
        at = edit.range.end;
    }
    out.extend_from_slice(&text[at..]);
    Ok((out, touched))
}

/// The changes as one unified diff, `a/root/path` and `b/root/path`; a
/// renamed file as git writes one (`rename from`, `rename to`).
pub fn unified_diff(changes: &[FileChange]) -> String {
    let mut out = String::new();
    for change in changes {
        let old = String::from_utf8_lossy(&change.original);
        let new = String::from_utf8_lossy(&change.edited);
        let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
        let name = format!("{}/{}", change.repo, change.path);
        let new_name = match &change.renamed_to {
            Some((new_path, _)) => {
                let new_name = format!("{}/{new_path}", change.repo);
                out.push_str(&format!(
                    "diff --git a/{name} b/{new_name}\nrename from {name}\nrename to {new_name}\n"
                ));
                new_name
            }
            None => name.clone(),
        };
        if change.original != change.edited {
            out.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{name}"), &format!("b/{new_name}"))
                    .to_string(),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: Range<usize>, new: &str) -> Edit {
        Edit {
            range,
            new: new.to_string(),
        }
    }

    #[test]
    fn a_rename_inside_a_removal_goes_with_it() {
        let text = b"a RunID b\nc RunID d\n";
        let (out, touched) = apply_edits(
            text,
            vec![
                edit(2..7, "SessionID"),
                edit(10..20, ""),
                edit(12..17, "SessionID"),
            ],
        )
        .unwrap();
        assert_eq!(out, b"a SessionID b\n");
        assert_eq!(touched, vec![2..11, 14..14]);
    }

    #[test]
    fn overlapping_renames_are_refused() {
        let err = apply_edits(b"abcdef", vec![edit(0..3, "x"), edit(2..4, "y")]).unwrap_err();
        assert_eq!(err, (0..3, 2..4));
    }
}
