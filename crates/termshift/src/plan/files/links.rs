//! Markdown links: the path of a relative link or image
//! (`[the store](../pkg/run_store.go#L3)`) names a file by its path from
//! the Markdown file's folder, or from the root when it starts with `/`.
//! Its file-name part follows the file it names; anchors and queries, and
//! a link to a file that keeps its name, stay as they are.

use std::collections::HashMap;

use super::{own_name, relative_to, FileRename};
use crate::classify::Finding;
use crate::plan::Originals;
use crate::scan::Occurrence;
use crate::syntax::{link_path_around, Lang, Role};

/// Whether the occurrence lies in the path of a relative Markdown link.
pub(in crate::plan) fn in_link_path(originals: &Originals, o: &Occurrence) -> bool {
    link_path(originals, o).is_some()
}

/// The link's path around the occurrence, as written.
fn link_path<'o>(originals: &'o Originals, o: &Occurrence) -> Option<&'o str> {
    let prose = matches!(o.role, Role::MarkdownProse | Role::MarkdownHeading);
    if !prose || Lang::from_path(std::path::Path::new(&o.path)) != Lang::Markdown {
        return None;
    }
    let file = originals.get(&o.repo, &o.path)?;
    let path = link_path_around(&file.bytes, o.offset)?;
    std::str::from_utf8(&file.bytes[path]).ok()
}

/// The file the link's path names among `renamed` (its root's renames by
/// path) and the new spelling of the occurrence, when the occurrence is
/// that file's own name.
pub(super) fn link_path_rename(
    originals: &Originals,
    f: &Finding,
    renamed: &HashMap<String, &FileRename>,
) -> Option<(String, String)> {
    let o = &f.occurrence;
    let path = link_path(originals, o)?;
    let target = resolve_link(&o.path, path, renamed)?;
    own_name(o, target)
}

/// The renamed file a link's path names from the Markdown file at `from`.
fn resolve_link<'r>(
    from: &str,
    path: &str,
    renamed: &'r HashMap<String, &'r FileRename>,
) -> Option<&'r FileRename> {
    let named = match path.strip_prefix('/') {
        Some(in_root) => relative_to("", in_root)?,
        None => relative_to(from, path)?,
    };
    renamed.get(&named).copied()
}

#[cfg(test)]
mod tests {
    use super::super::tests::rename;
    use super::*;

    #[test]
    fn a_link_resolves_from_its_file_or_from_the_root() {
        let store = rename("svc/pkg/run_store.go");
        let renamed: HashMap<String, &FileRename> = HashMap::from([(store.path.clone(), &store)]);
        let found = |from: &str, path: &str| resolve_link(from, path, &renamed).map(|r| &r.path);
        assert!(found("svc/README.md", "pkg/run_store.go").is_some());
        assert!(found("svc/docs/guide.md", "../pkg/run_store.go").is_some());
        assert!(found("docs/guide.md", "/svc/pkg/./run_store.go").is_some());
        assert!(found("svc/README.md", "run_store.go").is_none());
        assert!(found("svc/README.md", "pkg/run_store").is_none());
        assert!(found("README.md", "../../svc/pkg/run_store.go").is_none());
    }
}
