//! The columns an inventory row shows beside the category, derived from it,
//! the role and the configuration: what the occurrence means, whether it
//! maps to the new word, the change to make, whether that change breaks
//! anyone, who owns it and which component it belongs to.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Serialize;

use super::kind::words_of;
use super::*;
use crate::config::{checked_glob_set, PathRule};
use crate::sources::RootNotes;
use crate::words::{capitalized, replace_term, CaseStyle};

/// Whether an occurrence means what the new word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MapsTo {
    Yes,
    No,
    /// Evidence for more than one meaning.
    Mixed,
    /// No evidence either way.
    Unknown,
}

/// Who a change of the occurrence breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Breaking {
    /// Nothing to change.
    None,
    /// Only the code of its own root sees it.
    Internal,
    /// Logs and messages: readers, not programs.
    Low,
    /// Clients of an API (a JSON key, a query parameter, a route, a name
    /// other roots use).
    Yes,
    /// Stored data: a column, index or table.
    #[serde(rename = "Yes (schema)")]
    Schema,
    /// A protobuf message or field: every generated client.
    #[serde(rename = "Proto change")]
    Proto,
}

impl Breaking {
    /// A level as written on a command line: `none`, `internal`, `low`,
    /// `yes`, `schema` (or `yes (schema)`), `proto` (or `proto change`).
    pub fn parse(text: &str) -> Option<Breaking> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "none" => Breaking::None,
            "internal" => Breaking::Internal,
            "low" => Breaking::Low,
            "yes" => Breaking::Yes,
            "schema" | "yes (schema)" => Breaking::Schema,
            "proto" | "proto change" => Breaking::Proto,
            _ => return None,
        })
    }

    /// The level as reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Breaking::None => "None",
            Breaking::Internal => "Internal",
            Breaking::Low => "Low",
            Breaking::Yes => "Yes",
            Breaking::Schema => "Yes (schema)",
            Breaking::Proto => "Proto change",
        }
    }
}

/// Compiled owner and component rules, per root CODEOWNERS.
pub(super) struct Deriver<'a> {
    config: &'a Config,
    categories: &'a Categories,
    owners: Vec<(GlobSet, &'a str)>,
    components: Vec<(GlobSet, &'a str)>,
    /// Per root: CODEOWNERS rules, the last match wins.
    codeowners: Vec<Vec<(GlobSet, String)>>,
}

impl<'a> Deriver<'a> {
    pub(super) fn new(
        config: &'a Config,
        categories: &'a Categories,
        notes: &[RootNotes],
    ) -> Deriver<'a> {
        let rules = |rules: &'a [PathRule]| {
            rules
                .iter()
                .map(|r| (checked_glob_set(&r.paths), r.value.as_str()))
                .collect()
        };
        Deriver {
            config,
            categories,
            owners: rules(&config.owners),
            components: rules(&config.components),
            codeowners: notes.iter().map(|n| codeowners(&n.codeowners)).collect(),
        }
    }

    /// Fills in the derived columns of a finding from its occurrence and
    /// decision, whose category is named `category`, and where it stands.
    pub(super) fn derive(&self, finding: &mut Finding, d: &Decided, category: &str, place: &Place) {
        let Place {
            twin,
            shared,
            is_doc,
            anchor,
        } = *place;
        let o = &finding.occurrence;
        let to = capitalized(&self.config.to);
        let alias = category == self.categories.alias;
        let domain = self
            .config
            .domains
            .iter()
            .find(|dom| dom.category == category);
        let maps_to = if alias || category == DOC_STALE || category == self.categories.identifier {
            MapsTo::Yes
        } else if d.mixed {
            MapsTo::Mixed
        } else if category == NEEDS_REVIEW {
            MapsTo::Unknown
        } else {
            MapsTo::No
        };
        let meaning = match category {
            c if c == self.categories.identifier || alias || c == DOC_STALE => {
                if is_doc {
                    format!("{to} in documentation")
                } else if is_test_file(&o.path) && !is_declaration(o.role) {
                    "Test data".to_string()
                } else {
                    role_meaning(o, &to)
                }
            }
            PROCESS_VERB => if o.role.is_function() {
                "Function name"
            } else {
                "Verb"
            }
            .to_string(),
            GENERATED_CODE | GENERATED_FROM_PROTO => "Generated code".to_string(),
            NEEDS_REVIEW => "Unknown".to_string(),
            OTHER_PROGRAM => "Another program's name".to_string(),
            OTHER_DOMAIN => match anchor {
                Some(anchor) => role_meaning(o, &capitalized(&words_of(anchor))),
                None => role_meaning(o, &capitalized(&self.config.from)),
            },
            _ => match domain {
                Some(dom) => role_meaning(o, &capitalized(&dom.name)),
                None => role_meaning(o, &capitalized(&self.config.from)),
            },
        };
        let rename = new_name(self.config, o);
        let proposed = if category == self.categories.identifier {
            "None".to_string()
        } else if alias {
            match (&rename, twin) {
                (_, true) => "Remove legacy field".to_string(),
                (Some(new), false) => format!("Rename to `{new}`"),
                (None, false) => "Review the name by hand".to_string(),
            }
        } else if category == DOC_STALE {
            match &rename {
                Some(new) if !is_bare_word(o) => format!("Update to `{new}`"),
                Some(new) => format!("Reword: \"{new}\""),
                None => "Update the text".to_string(),
            }
        } else if let Some(dom) = domain {
            match self.config.renames.iter().find(|(n, _)| *n == o.text) {
                Some((_, new)) => format!("Keep, or rename to `{new}`"),
                None => format!("Keep ({})", dom.name),
            }
        } else {
            match category {
                PROCESS_VERB => "None (the verb)".to_string(),
                OTHER_PROGRAM => "Keep (another program's name)".to_string(),
                OTHER_DOMAIN => match anchor {
                    Some(anchor) => format!("Keep ({})", words_of(anchor)),
                    None => "Keep (another meaning)".to_string(),
                },
                GENERATED_CODE | GENERATED_FROM_PROTO => d
                    .why
                    .as_ref()
                    .and_then(|why| why.instead.clone())
                    .unwrap_or_else(|| "Change the generator's input".to_string()),
                _ => match &rename {
                    Some(new) => format!("Decide: rename to `{new}`, or add a [[domains]] entry"),
                    None => "Decide by hand".to_string(),
                },
            }
        };
        let breaking = if !alias && category != DOC_STALE {
            Breaking::None
        } else if is_doc || category == DOC_STALE {
            Breaking::Internal
        } else if o.language == Lang::Proto {
            Breaking::Proto
        } else {
            match role_breaking(o.role) {
                Breaking::Internal if shared => Breaking::Yes,
                breaking => breaking,
            }
        };
        let contract = (!is_doc).then(|| contract_of(o)).flatten();
        // Renaming what others use by name breaks them, whatever else the
        // role says.
        let breaking = match (contract, breaking) {
            (Some(_), Breaking::Internal | Breaking::Low) if alias || category == DOC_STALE => {
                Breaking::Yes
            }
            (_, breaking) => breaking,
        };
        let (owner, component) = (self.owner(o), self.component(o));
        finding.contract = contract;
        finding.meaning = meaning;
        finding.maps_to = maps_to;
        finding.proposed = proposed;
        finding.breaking = breaking;
        finding.owner = owner;
        finding.component = component;
    }

    fn owner(&self, o: &Occurrence) -> String {
        let full = format!("{}/{}", o.repo, o.path);
        if let Some((_, owner)) = self.owners.iter().find(|(set, _)| set.is_match(&full)) {
            return owner.to_string();
        }
        let root = self.config.roots.iter().position(|r| r.name == o.repo);
        let by_codeowners = root.and_then(|r| {
            self.codeowners[r]
                .iter()
                .rev()
                .find(|(set, _)| set.is_match(&o.path))
                .map(|(_, owner)| owner.clone())
        });
        by_codeowners.unwrap_or_else(|| area(o).to_string())
    }

    fn component(&self, o: &Occurrence) -> String {
        let full = format!("{}/{}", o.repo, o.path);
        if let Some((_, name)) = self.components.iter().find(|(set, _)| set.is_match(&full)) {
            return name.to_string();
        }
        let (folder, file) = o.path.rsplit_once('/').unwrap_or(("", &o.path));
        let stem = file.split('.').next().unwrap_or(file);
        // A numbered file (`001_init.sql`) is one of a series its folder
        // names.
        let stem = match folder.rsplit('/').next() {
            Some(folder)
                if stem.starts_with(|c: char| c.is_ascii_digit()) && !folder.is_empty() =>
            {
                folder
            }
            _ => stem,
        };
        let words_of = |name: &str| -> String {
            termshift_words::split_words(name)
                .into_iter()
                .map(|r| &name[r])
                .filter(|w| !w.eq_ignore_ascii_case("test") && !w.eq_ignore_ascii_case("spec"))
                .map(capitalized)
                .collect()
        };
        // A name with no words of its own (`.env`, `test.go`) is named by
        // the whole file name, else its root.
        let mut name = words_of(stem);
        if name.is_empty() {
            name = termshift_words::split_words(file)
                .into_iter()
                .map(|r| capitalized(&file[r]))
                .collect();
        }
        if name.is_empty() {
            name = capitalized(&o.repo);
        }
        format!("{}: {}", capitalized(area(o)), name)
    }
}

/// The new name: a `[renames]` entry for the symbol or identifier, else
/// the identifier with the old word replaced in its own style.
pub fn new_name(config: &Config, o: &Occurrence) -> Option<String> {
    match rename_override(config, o) {
        Some(new) => Some(new.to_string()),
        None => respelled(config, o),
    }
}

/// The identifier with the old word (the hit at `o.word_at`) replaced by
/// the new one in the identifier's own style; `[renames]` aside.
pub fn respelled(config: &Config, o: &Occurrence) -> Option<String> {
    let text = o.text.as_bytes();
    let hit = config
        .vocabulary
        .hits_in_token(text, 0..text.len())
        .into_iter()
        .find(|h| h.word.start == o.word_at)
        .or_else(|| {
            // A term written across a line break of prose.
            let first = termshift_words::token_around(text, o.word_at);
            config.vocabulary.hit_across(text, first)
        })?;
    let to = &config.vocabulary.terms()[TO];
    let renamed = replace_term(&o.text, hit.word.clone(), hit.plural, to);
    // `sessionRunID` already says the new word: drop the old one.
    let words: Vec<String> = termshift_words::split_words(&renamed)
        .into_iter()
        .map(|r| renamed[r].to_ascii_lowercase())
        .collect();
    let doubled = words
        .windows(2)
        .any(|w| w[0] == w[1] && to.words().contains(&w[0]));
    Some(if doubled {
        format!("{}{}", &o.text[..hit.word.start], &o.text[hit.word.end..])
    } else {
        renamed
    })
}

/// The `[renames]` entry that names an occurrence: its identifier
/// (`startRunForPrompt`), its symbol or the end of it
/// (`Router.startRunForPrompt`, where it is declared), or the symbol with
/// the identifier after it (`Conversation.BelongsTo.run`, a local of that
/// method).
pub fn rename_override<'c>(config: &'c Config, o: &Occurrence) -> Option<&'c str> {
    let full = match o.symbol.as_deref() {
        Some(s) if s.rsplit('.').next() == Some(o.text.as_str()) => s.to_string(),
        Some(s) => format!("{s}.{}", o.text),
        None => o.text.clone(),
    };
    config
        .renames
        .iter()
        .find(|(name, _)| {
            full.strip_suffix(name.as_str())
                .is_some_and(|p| p.is_empty() || p.ends_with('.'))
        })
        .map(|(_, new)| new.as_str())
}

/// The part of a system a file belongs to, by its language.
fn area(o: &Occurrence) -> &'static str {
    match o.language {
        _ if o.path.ends_with(".proto") => "proto",
        _ if o.path.ends_with(".md") || o.path.ends_with(".markdown") => "docs",
        Lang::TypeScript | Lang::Tsx | Lang::JavaScript => "frontend",
        _ if o.path.ends_with(".ts") || o.path.ends_with(".tsx") || o.path.ends_with(".js") => {
            "frontend"
        }
        _ => "backend",
    }
}

/// The published contract an occurrence names, by its role and what is
/// written around it: a name other programs or people use, which a
/// rename breaks unless they move too.
fn contract_of(o: &Occurrence) -> Option<&'static str> {
    if o.context.option {
        return Some("CLI flag");
    }
    if o.context.env_var
        || (o.qualifier.as_deref() == Some("env") && o.case == CaseStyle::ScreamingSnake)
    {
        return Some("environment variable");
    }
    Some(match o.role {
        Role::Route => "HTTP route",
        Role::QueryParam => "query parameter",
        Role::StructTagKey => "wire key",
        Role::SqlColumn | Role::SqlTable | Role::SqlIndex => "database schema",
        Role::ProtoField | Role::ProtoMessage | Role::ProtoEnum | Role::ProtoService => {
            "proto field"
        }
        Role::BuildTarget => "build target",
        // A YAML file is written by people; a JSON document is a payload.
        Role::DataKey if super::other_program::program_reading(&o.path).is_some() => return None,
        Role::DataKey if o.language == Lang::Yaml => "config key",
        Role::DataKey => "wire key",
        _ => return None,
    })
}

/// Where an occurrence stands, for its derived columns.
pub(super) struct Place<'a> {
    /// A name of the new word holds the same value beside it.
    pub(super) twin: bool,
    /// Its value passes through another root.
    pub(super) shared: bool,
    /// It stands in a comment or a document.
    pub(super) is_doc: bool,
    /// The type named for the old word another meaning of it was found
    /// under (`ParsedRun`).
    pub(super) anchor: Option<&'a str>,
}

/// What an occurrence of `thing` is, by its role: "Session identifier",
/// "SQL column", "API input".
fn role_meaning(o: &Occurrence, thing: &str) -> String {
    let id = termshift_words::split_words(&o.text)
        .into_iter()
        .any(|r| matches!(o.text[r].to_ascii_lowercase().as_str(), "id" | "ids"));
    match o.role {
        Role::FieldDeclaration
        | Role::FieldUse
        | Role::VariableDeclaration
        | Role::VariableUse
        | Role::ParameterDeclaration
        | Role::ParameterUse => {
            if id || is_bare_word(o) {
                format!("{thing} identifier")
            } else {
                format!("{thing} value")
            }
        }
        Role::FunctionDeclaration
        | Role::FunctionUse
        | Role::MethodDeclaration
        | Role::MethodUse => "Function name".to_string(),
        Role::TypeDeclaration | Role::TypeUse => "Type name".to_string(),
        Role::PackageDeclaration | Role::PackageUse => "Package name".to_string(),
        Role::ObjectKey | Role::StructTagKey => "API field".to_string(),
        Role::QueryParam => "API input".to_string(),
        Role::Route => "API route".to_string(),
        Role::LogKey => "Logging".to_string(),
        Role::LogMessage => "Log message".to_string(),
        Role::SqlColumn => "SQL column".to_string(),
        Role::SqlIndex => "Index name".to_string(),
        Role::SqlTable => "SQL table".to_string(),
        Role::ProtoField => "Proto field".to_string(),
        Role::ProtoMessage | Role::ProtoEnum | Role::ProtoService => "Proto type".to_string(),
        Role::DataKey | Role::DataValue => "Configuration or data".to_string(),
        Role::BuildTarget => "Build target".to_string(),
        Role::StringLiteral | Role::StructTag => "Text".to_string(),
        Role::Comment => "Comment".to_string(),
        Role::MarkdownProse
        | Role::MarkdownHeading
        | Role::MarkdownCodeSpan
        | Role::MarkdownCodeBlock => "Documentation".to_string(),
        Role::Text | Role::Lexical => format!("{thing} (text)"),
    }
}

/// Who renaming a name in this role breaks.
pub(crate) fn role_breaking(role: Role) -> Breaking {
    match role {
        Role::SqlColumn | Role::SqlIndex | Role::SqlTable => Breaking::Schema,
        Role::ProtoField | Role::ProtoMessage | Role::ProtoEnum | Role::ProtoService => {
            Breaking::Proto
        }
        Role::ObjectKey
        | Role::StructTagKey
        | Role::QueryParam
        | Role::Route
        | Role::DataKey
        | Role::DataValue
        | Role::BuildTarget => Breaking::Yes,
        Role::LogKey | Role::LogMessage | Role::StringLiteral => Breaking::Low,
        _ => Breaking::Internal,
    }
}

/// Test files by the conventions of the languages termshift reads.
fn is_test_file(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.ends_with("_test.go")
        || file.starts_with("test_")
        || file.ends_with("_test.py")
        || file.contains(".test.")
        || file.contains(".spec.")
        || path
            .split('/')
            .any(|dir| matches!(dir, "tests" | "test" | "__tests__"))
}

/// The rules of a root's CODEOWNERS, in file order: a pattern with its
/// owners.
fn codeowners(text: &str) -> Vec<(GlobSet, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.split('#').next()?.trim();
            let mut parts = line.split_whitespace();
            let pattern = parts.next()?;
            let owners: Vec<&str> = parts.collect();
            if owners.is_empty() {
                return None;
            }
            // As in gitignore: a leading `/` anchors; a pattern without
            // a slash matches at any depth; a folder covers what it holds.
            let anchored = pattern.starts_with('/') || pattern.trim_end_matches('/').contains('/');
            let pattern = pattern.trim_start_matches('/').trim_end_matches('/');
            let base = if anchored {
                pattern.to_string()
            } else {
                format!("**/{pattern}")
            };
            let mut builder = GlobSetBuilder::new();
            for glob in [base.clone(), format!("{base}/**")] {
                builder.add(
                    GlobBuilder::new(&glob)
                        .literal_separator(true)
                        .build()
                        .ok()?,
                );
            }
            Some((builder.build().ok()?, owners.join(" ")))
        })
        .collect()
}
