//! Markdown links: the path of a relative link or image
//! (`[the store](../pkg/run_store.go#L3)`) names a file by its path from
//! the Markdown file's folder, or from the root when it starts with `/`.
//! Its file-name part follows the file it names, and a part that names a
//! moved folder (a Go package's) follows the folder; anchors and queries,
//! and a link to a file that keeps its name, stay as they are.

use std::collections::HashMap;

use super::{folder_of, relative_to, stem_of, FileRename};
use crate::classify::Finding;
use crate::plan::Originals;
use crate::scan::Occurrence;
use crate::syntax::{Lang, Role};

/// Whether the occurrence lies in the path of a relative Markdown link.
pub(in crate::plan) fn in_link_path(originals: &Originals, o: &Occurrence) -> bool {
    link_path(originals, o).is_some()
}

/// The link's path around the occurrence: its offset in the file, and
/// its text.
fn link_path<'o>(originals: &'o Originals, o: &Occurrence) -> Option<(usize, &'o str)> {
    let prose = matches!(o.role, Role::MarkdownProse | Role::MarkdownHeading);
    if !prose || Lang::from_path(std::path::Path::new(&o.path)) != Lang::Markdown {
        return None;
    }
    let file = originals.get(&o.repo, &o.path)?;
    let path = file.link_path_around(o.offset)?;
    Some((path.start, std::str::from_utf8(&file.bytes[path]).ok()?))
}

/// The renamed file the link's path names, or one of a moved folder's,
/// among `renamed` (its root's renames by path), and the new spelling of
/// the occurrence, when the occurrence is a part of the path that
/// changes: the file's own name or the moved folder's.
pub(super) fn link_path_rename(
    originals: &Originals,
    f: &Finding,
    renamed: &HashMap<String, &FileRename>,
) -> Option<(String, String)> {
    let o = &f.occurrence;
    let (start, path) = link_path(originals, o)?;
    let named = named_path(&o.path, path)?;
    // The occurrence's part of the path, counted from the path's end.
    let written: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let token = o.offset - o.word_at - start;
    let mut at = 0;
    let mut index = None;
    for (i, part) in written.iter().enumerate() {
        if (at..at + part.len()).contains(&token) {
            index = Some(i);
        }
        at += part.len() + 1;
    }
    let from_end = written.len() - 1 - index?;
    let (target, old, new) = match renamed.get(&named) {
        Some(target) => (*target, target.path.as_str(), target.new_path.as_str()),
        None => {
            let target = renamed
                .values()
                .filter(|r| folder_of(&r.path) == named && folder_of(&r.new_path) != named)
                .min_by_key(|r| &r.path)?;
            (*target, named.as_str(), folder_of(&target.new_path))
        }
    };
    let part = |path: &str| path.rsplit('/').nth(from_end).map(str::to_string);
    let (mut old_part, mut new_part) = (part(old)?, part(new)?);
    if from_end == 0 && old == target.path {
        old_part = stem_of(&old_part).to_string();
        new_part = stem_of(&new_part).to_string();
    }
    (o.text == old_part && old_part != new_part).then(|| (target.path.clone(), new_part))
}

/// The root-relative path a link's path names from the Markdown file at
/// `from`.
fn named_path(from: &str, path: &str) -> Option<String> {
    match path.strip_prefix('/') {
        Some(in_root) => relative_to("", in_root),
        None => relative_to(from, path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_names_a_path_from_its_file_or_from_the_root() {
        let named = |from: &str, path: &str| named_path(from, path);
        let store = Some("svc/pkg/run_store.go".to_string());
        assert_eq!(named("svc/README.md", "pkg/run_store.go"), store);
        assert_eq!(named("svc/docs/guide.md", "../pkg/run_store.go"), store);
        assert_eq!(named("docs/guide.md", "/svc/pkg/./run_store.go"), store);
        assert_eq!(named("svc/README.md", "pkg/"), Some("svc/pkg".to_string()));
        assert_eq!(named("README.md", "../../svc/pkg/run_store.go"), None);
    }
}
