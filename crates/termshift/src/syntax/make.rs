//! Makefiles, read by lines: no grammar, but the names a Makefile declares
//! (its targets and variables) are what `make` and its callers use, so a
//! hit in one gets its role from the line it stands on.

use std::ops::Range;

use super::Role;

/// Whether a file is a Makefile, by its name.
pub fn is_makefile(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "Makefile" | "makefile" | "GNUmakefile") || name.ends_with(".mk")
}

/// The role of each hit (byte ranges, in order) of a Makefile: a target
/// (a rule's name, a prerequisite, a `.PHONY` entry), a variable where it
/// is assigned or expanded (`$(NAME)`), a comment, or text (a recipe's
/// command, a value).
pub fn roles(text: &[u8], hits: &[Range<usize>]) -> Vec<Role> {
    hits.iter()
        .map(|hit| {
            let line_start = memchr::memrchr(b'\n', &text[..hit.start]).map_or(0, |p| p + 1);
            let line_end =
                memchr::memchr(b'\n', &text[hit.start..]).map_or(text.len(), |p| hit.start + p);
            role_in_line(&text[line_start..line_end], hit.start - line_start)
        })
        .collect()
}

/// The role of the word at `at` in one line of a Makefile.
fn role_in_line(line: &[u8], at: usize) -> Role {
    let before = &line[..at];
    if line.trim_ascii_start().starts_with(b"#") || before.contains(&b'#') {
        return Role::Comment;
    }
    if inside_expansion(before) {
        return Role::VariableUse;
    }
    // A recipe's command: text the shell runs.
    if line.starts_with(b"\t") {
        return Role::Text;
    }
    match separator(line) {
        Some((at_separator, Separator::Assignment)) => {
            if at < at_separator {
                Role::VariableDeclaration
            } else {
                Role::Text
            }
        }
        // Targets before the colon, prerequisites after it (up to a `;`
        // that starts an inline recipe).
        Some((at_separator, Separator::Rule)) => {
            let recipe = line[at_separator..]
                .iter()
                .position(|&b| b == b';')
                .map_or(line.len(), |p| at_separator + p);
            if at < recipe {
                Role::BuildTarget
            } else {
                Role::Text
            }
        }
        None => Role::Text,
    }
}

enum Separator {
    /// `=`, `:=`, `::=`, `?=`, `+=`, `!=`.
    Assignment,
    /// A rule's `:` (or `::`).
    Rule,
}

/// The first assignment or rule separator of a line outside expansions,
/// with its position.
fn separator(line: &[u8]) -> Option<(usize, Separator)> {
    let mut depth = 0usize;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b'(' | b'{' if i > 0 && line[i - 1] == b'$' => depth += 1,
            b')' | b'}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            b'=' => return Some((i, Separator::Assignment)),
            b'?' | b'+' | b'!' if line.get(i + 1) == Some(&b'=') => {
                return Some((i, Separator::Assignment))
            }
            b':' => {
                let rest = &line[i..];
                let assigns = rest.starts_with(b":=") || rest.starts_with(b"::=");
                return Some((
                    i,
                    if assigns {
                        Separator::Assignment
                    } else {
                        Separator::Rule
                    },
                ));
            }
            _ => {}
        }
    }
    None
}

/// Whether text ends inside an open `$(` or `${`.
fn inside_expansion(before: &[u8]) -> bool {
    let mut open = 0usize;
    for (i, &b) in before.iter().enumerate() {
        match b {
            b'(' | b'{' if i > 0 && before[i - 1] == b'$' => open += 1,
            b')' | b'}' if open > 0 => open -= 1,
            _ => {}
        }
    }
    open > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role_of(text: &str, word: &str) -> Role {
        let at = text.find(word).expect("the word is in the text");
        let hit = at..at + word.len();
        roles(text.as_bytes(), std::slice::from_ref(&hit))[0]
    }

    #[test]
    fn targets_variables_recipes_and_comments() {
        let make = "INTEGRATION_DIRS := ./a ./b\n\
                    integration-test: clean\n\
                    \t@go test $(INTEGRATION_DIRS) # integration\n\
                    test: unit-test integration-test\n\
                    .PHONY: integration-test\n\
                    # Run the integration tests\n\
                    COVER := $(ROOT)/integration.out\n";
        assert_eq!(
            role_of(make, "INTEGRATION_DIRS :="),
            Role::VariableDeclaration
        );
        assert_eq!(role_of(make, "integration-test:"), Role::BuildTarget);
        assert_eq!(role_of(make, "INTEGRATION_DIRS)"), Role::VariableUse);
        assert_eq!(role_of(make, "integration\n"), Role::Comment);
        assert_eq!(role_of(make, "integration-test\n.PHONY"), Role::BuildTarget);
        assert_eq!(role_of(make, "integration-test\n#"), Role::BuildTarget);
        assert_eq!(role_of(make, "integration tests"), Role::Comment);
        assert_eq!(role_of(make, "integration.out"), Role::Text);
    }

    #[test]
    fn a_recipe_is_text_and_a_name_needs_a_makefile() {
        assert_eq!(role_of("all:\n\tgo run ./cmd\n", "run"), Role::Text);
        assert!(is_makefile("Makefile"));
        assert!(is_makefile("build/rules.mk"));
        assert!(!is_makefile("docs/Makefile.md"));
    }
}
