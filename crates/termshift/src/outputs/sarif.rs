//! SARIF 2.1.0, for code-scanning tools: a rule per category, a result per
//! occurrence of a denied category, located relative to its root. The
//! roots and categories come from the configuration; the results' files
//! are read again to count columns in characters.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::{legend, percent_encoded, OpenFile, Report};
use crate::classify::{Categories, Finding, Inventory};
use crate::config::Config;
use crate::scan::Occurrence;

/// A SARIF log with one run.
pub struct Sarif {
    /// The categories whose occurrences become results.
    denied: Vec<String>,
    /// The alias category: its results are errors, other results warnings.
    alias: String,
    /// Every category the configuration can give, with a description.
    rules: Vec<(String, String)>,
    roots: Vec<RootBase>,
}

/// A root as a SARIF base URI: result URIs are relative to it.
struct RootBase {
    name: String,
    path: PathBuf,
}

impl Sarif {
    const SCHEMA: &'static str =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    /// A log of an inventory scanned under `config` (its roots locate the
    /// results, its categories are the rules) with a result for each
    /// occurrence whose category is in `denied`, such as the `check` gate's
    /// list (`Gate::denied`: by default the alias category and `DOC_STALE`).
    pub fn new(config: &Config, denied: Vec<String>) -> Sarif {
        let categories = Categories::of(config);
        let rules = config
            .categories()
            .into_iter()
            .map(|category| {
                let (description, action) = legend(config, &categories, &category);
                (category, format!("{description}: {action}"))
            })
            .collect();
        Sarif {
            denied,
            alias: categories.alias,
            rules,
            roots: config
                .roots
                .iter()
                .map(|r| RootBase {
                    name: r.name.clone(),
                    path: r.path.clone(),
                })
                .collect(),
        }
    }

    fn level(&self, category: &str) -> &'static str {
        if category == self.alias {
            "error"
        } else {
            "warning"
        }
    }
}

impl Report for Sarif {
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|(id, description)| {
                json!({
                    "id": id,
                    "shortDescription": { "text": description },
                    "defaultConfiguration": {
                        "enabled": self.denied.contains(id),
                        "level": self.level(id),
                    },
                })
            })
            .collect();
        let bases: Map<String, Value> = self
            .roots
            .iter()
            .map(|r| (r.name.clone(), json!({ "uri": directory_uri(&r.path) })))
            .collect();
        let log = Log {
            schema: Sarif::SCHEMA,
            runs: [Run {
                column_kind: "unicodeCodePoints",
                original_uri_base_ids: bases,
                results: Results {
                    sarif: self,
                    inventory,
                },
                tool: json!({
                    "driver": {
                        "name": "termshift",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": rules,
                    },
                }),
            }],
            version: "2.1.0",
        };
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    }
}

/// The log, its fields in the order `json!` would write them (by name).
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    original_uri_base_ids: Map<String, Value>,
    results: Results<'a>,
    tool: Value,
}

/// The results, each made as it is written: a log of 375,000 results is
/// never held whole.
struct Results<'a> {
    sarif: &'a Sarif,
    inventory: &'a Inventory,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut file = OpenFile::default();
        let mut columns = CharColumns::default();
        for finding in &self.inventory.findings {
            if let Some(result) = self.sarif.result(finding, &mut file, &mut columns) {
                seq.serialize_element(&result.map_err(S::Error::custom)?)?;
            }
        }
        seq.end()
    }
}

impl Sarif {
    /// The result of a finding of a denied category.
    fn result(
        &self,
        finding: &Finding,
        file: &mut OpenFile,
        columns: &mut CharColumns,
    ) -> Option<serde_json::Result<Value>> {
        let category = &finding.category;
        if !self.denied.contains(category) {
            return None;
        }
        let o = &finding.occurrence;
        let root = self.roots.iter().find(|r| r.name == o.repo);
        let start_column = root
            .and_then(|r| file.text(&r.name, &r.path, &o.path))
            .and_then(|text| columns.of(text, o))
            .unwrap_or(o.column);
        let message = match finding.reasons.first() {
            Some(reason) => format!("{category}: {reason}"),
            None => category.clone(),
        };
        let mut result = Map::new();
        result.insert("ruleId".into(), json!(category));
        if let Some(index) = self.rules.iter().position(|(id, _)| id == category) {
            result.insert("ruleIndex".into(), json!(index));
        }
        result.insert("level".into(), json!(self.level(category)));
        result.insert("message".into(), json!({ "text": message }));
        result.insert(
            "locations".into(),
            json!([{
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": percent_encoded(&o.path),
                        "uriBaseId": o.repo,
                    },
                    "region": {
                        "startLine": o.line,
                        "startColumn": start_column,
                        "endColumn": start_column as usize + o.word.chars().count(),
                    },
                },
            }]),
        );
        // The finding as JSON Lines writes it: the derived fields under
        // the names of the contract (`column` there counts bytes).
        let properties = match serde_json::to_value(finding) {
            Ok(properties) => properties,
            Err(e) => return Some(Err(e)),
        };
        result.insert("properties".into(), properties);
        Some(Ok(Value::Object(result)))
    }
}

/// The 1-based column of each occurrence in characters (SARIF's unit),
/// from its byte offset in the file's text; `None` when the file no longer
/// holds the word there, and the byte column has to do. Each hit counts on
/// from the hit before it on the same line: a minified line is counted
/// once, not once per hit.
#[derive(Default)]
struct CharColumns {
    /// The last hit counted: root, path, where its line starts, its
    /// offset and the characters before it on its line.
    last: Option<(String, String, usize, usize, usize)>,
}

impl CharColumns {
    fn of(&mut self, text: &[u8], o: &Occurrence) -> Option<u32> {
        let line_start = o.offset.checked_sub(o.column.checked_sub(1)? as usize)?;
        let starts_line = line_start == 0 || text.get(line_start - 1) == Some(&b'\n');
        let word_there = text
            .get(o.offset..)
            .is_some_and(|rest| rest.starts_with(o.word.as_bytes()));
        if !starts_line || !word_there {
            return None;
        }
        let (from, counted) = match &self.last {
            Some((repo, path, start, offset, chars))
                if *repo == o.repo
                    && *path == o.path
                    && *start == line_start
                    && *offset <= o.offset =>
            {
                (*offset, *chars)
            }
            _ => (line_start, 0),
        };
        let between = &text[from..o.offset];
        if between.contains(&b'\n') {
            return None;
        }
        let chars = counted + String::from_utf8_lossy(between).chars().count();
        self.last = Some((o.repo.clone(), o.path.clone(), line_start, o.offset, chars));
        u32::try_from(chars + 1).ok()
    }
}

/// A root's folder as an absolute `file://` URI ending with `/`, as SARIF
/// wants of a base.
fn directory_uri(path: &Path) -> String {
    let absolute = path
        .canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut text = absolute.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        text.insert(0, '/');
    }
    if !text.ends_with('/') {
        text.push('/');
    }
    format!("file://{}", percent_encoded(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_on_one_line_count_their_columns_in_characters() {
        let dir = tempfile::tempdir().unwrap();
        let text = "const é = \"run\"; const ü = runId; // the run\nrun();\n";
        std::fs::write(dir.path().join("a.ts"), text).unwrap();
        let config =
            crate::config::Config::quick("run", "session", &[dir.path().to_path_buf()]).unwrap();
        let scan = crate::scan(&config).unwrap();
        let mut columns = CharColumns::default();
        let counted: Vec<(u32, Option<u32>)> = scan
            .occurrences
            .iter()
            .map(|o| (o.line, columns.of(text.as_bytes(), o)))
            .collect();
        let expected: Vec<(u32, Option<u32>)> = text
            .lines()
            .enumerate()
            .flat_map(|(n, line)| {
                let chars: Vec<char> = line.chars().collect();
                (0..chars.len())
                    .filter(|&i| chars[i..].starts_with(&['r', 'u', 'n']))
                    .map(|i| (n as u32 + 1, Some(i as u32 + 1)))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(counted, expected);
        // A file that changed since: the byte column has to do.
        let moved = format!("x{text}");
        assert_eq!(columns.of(moved.as_bytes(), &scan.occurrences[0]), None);
    }

    #[test]
    fn directory_uris_are_absolute_and_end_with_a_slash() {
        let dir = tempfile::tempdir().unwrap();
        let uri = directory_uri(dir.path());
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(uri.ends_with('/'), "{uri}");
    }
}
