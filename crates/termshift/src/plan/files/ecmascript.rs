//! TypeScript and JavaScript: a relative module path in an import's
//! string (`./components/RunHeader`) names a file by its path.

use std::collections::HashMap;

use super::FileRename;

/// The file a relative module path (`./components/RunHeader`) of the file
/// at `from` names among `renamed` (by root-relative path, with or without
/// its extension, or a folder's `index`).
pub(super) fn resolve_import<'r>(
    from: &str,
    module: &str,
    renamed: &'r HashMap<String, &'r FileRename>,
) -> Option<&'r FileRename> {
    if !(module.starts_with("./") || module.starts_with("../")) {
        return None;
    }
    let base = super::relative_to(from, module)?;
    let extensions = ["", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".d.ts"];
    extensions
        .iter()
        .map(|e| format!("{base}{e}"))
        .chain(extensions[1..].iter().map(|e| format!("{base}/index{e}")))
        .find_map(|candidate| renamed.get(&candidate).copied())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{by_path, rename};
    use super::*;

    #[test]
    fn a_relative_import_resolves_to_the_file_it_names() {
        let header = rename("src/components/RunHeader.tsx");
        let index = rename("src/runs/index.ts");
        let renamed = by_path(&[&header, &index]);
        let found = |from: &str, module: &str| {
            resolve_import(from, module, &renamed).map(|r| r.path.as_str())
        };
        assert_eq!(
            found("src/app.ts", "./components/RunHeader"),
            Some("src/components/RunHeader.tsx")
        );
        assert_eq!(
            found("src/pages/a/b.ts", "../../components/RunHeader.tsx"),
            Some("src/components/RunHeader.tsx")
        );
        assert_eq!(found("src/app.ts", "./runs"), Some("src/runs/index.ts"));
        assert_eq!(found("src/app.ts", "components/RunHeader"), None);
        assert_eq!(found("src/app.ts", "../../../x"), None);
        assert_eq!(found("src/app.ts", "./components/RunHeaders"), None);
    }
}
