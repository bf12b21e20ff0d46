//! The scan: every occurrence of the migration's words under the roots, with
//! its syntax role. Drives the stages: sources -> prefilter -> words ->
//! syntax, one file at a time on every core.

use std::panic::AssertUnwindSafe;
use std::sync::Mutex;

use serde::Serialize;

use crate::config::{Config, FROM};
use crate::error::Error;
use crate::prefilter::Prefilter;
use crate::sources::{self, SourceFile, Warning};
use crate::syntax::{self, Lang, Role};
use crate::words::{case_style, CaseStyle, WordHit};

/// Which of the migration's words an occurrence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermSide {
    From,
    To,
}

/// One occurrence of a word. The serialized field names are a public
/// contract: later stages add fields, never rename these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Name of the root (repository).
    pub repo: String,
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based byte column of the matched word.
    pub column: u32,
    /// The whole identifier or word that holds the match.
    pub text: String,
    /// The matched form as written (`Run` in `RunID`).
    pub word: String,
    pub term: TermSide,
    #[serde(serialize_with = "serialize_lang")]
    pub language: Lang,
    pub role: Role,
    /// The declarations around the occurrence (`Router.startRunForPrompt`).
    pub symbol: Option<String>,
    /// Naming convention of `text`.
    #[serde(serialize_with = "serialize_case")]
    pub case: CaseStyle,
    /// Byte offset of the matched word in the file.
    pub offset: usize,
    /// Byte offset of `word` inside `text`.
    #[serde(skip)]
    pub word_at: usize,
}

fn serialize_lang<S: serde::Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(lang.name())
}

fn serialize_case<S: serde::Serializer>(case: &CaseStyle, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(case.as_str())
}

/// Counts that describe the run as a whole.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files the walk let through.
    pub files: usize,
    /// Files whose bytes hold a needle.
    pub candidates: usize,
    /// Files with at least one occurrence (parsed when they have a grammar).
    pub matched: usize,
    /// Parsed files in which the parser found a syntax error.
    pub syntax_errors: usize,
    pub binary_skipped: usize,
    pub too_large_skipped: usize,
    /// Files that are not valid UTF-8, read lossily.
    pub lossy_utf8: usize,
    pub occurrences: usize,
}

/// The result of a scan, in a stable order (root, path, offset).
#[derive(Debug, Default)]
pub struct ScanResult {
    pub occurrences: Vec<Occurrence>,
    pub summary: Summary,
    pub warnings: Vec<Warning>,
}

#[derive(Default)]
struct Shared {
    files: Vec<(usize, String, Vec<Occurrence>)>,
    summary: Summary,
    warnings: Vec<Warning>,
}

/// Scans every root of the configuration.
pub fn scan(config: &Config) -> Result<ScanResult, Error> {
    scan_with_progress(config, &|_| {})
}

/// [`scan`], calling `progress` after each file with the path (relative to
/// its root) just scanned, from the scanning threads.
pub fn scan_with_progress(
    config: &Config,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<ScanResult, Error> {
    sources::check_roots(&config.roots)?;
    let prefilter = Prefilter::new(&config.vocabulary);
    let shared = Mutex::new(Shared::default());
    sources::walk(
        &config.roots,
        |file| {
            // A bug met on one file must not end the run: report it, go on.
            let outcome =
                std::panic::catch_unwind(AssertUnwindSafe(|| scan_file(config, &prefilter, &file)))
                    .unwrap_or(FileOutcome::Skipped(Skip::Crashed));
            progress(&file.relative);
            let mut shared = shared.lock().expect("no panics while locked");
            shared.summary.files += 1;
            match outcome {
                FileOutcome::Skipped(reason) => match reason {
                    Skip::Binary => shared.summary.binary_skipped += 1,
                    Skip::TooLarge(size) => {
                        shared.summary.too_large_skipped += 1;
                        shared.warnings.push(Warning {
                            path: display_path(config, &file),
                            message: format!(
                                "{} is over the size limit of {}; skipped (raise [scan] max_file_size to include it)",
                                human_size(size),
                                human_size(config.max_file_size)
                            ),
                        });
                    }
                    Skip::Crashed => shared.warnings.push(Warning {
                        path: display_path(config, &file),
                        message:
                            "internal error while scanning this file; skipped (please report it)"
                                .into(),
                    }),
                    Skip::Unreadable(e) => shared.warnings.push(Warning {
                        path: display_path(config, &file),
                        message: format!("cannot read: {e}; skipped"),
                    }),
                },
                FileOutcome::Scanned {
                    candidate,
                    occurrences,
                    syntax_error,
                    lossy,
                } => {
                    shared.summary.candidates += usize::from(candidate);
                    shared.summary.syntax_errors += usize::from(syntax_error);
                    shared.summary.lossy_utf8 += usize::from(lossy && !occurrences.is_empty());
                    if !occurrences.is_empty() {
                        shared.summary.matched += 1;
                        shared.summary.occurrences += occurrences.len();
                        shared.files.push((file.root, file.relative, occurrences));
                    }
                }
            }
        },
        |warning| {
            shared
                .lock()
                .expect("no panics while locked")
                .warnings
                .push(warning)
        },
    );
    let mut shared = shared.into_inner().expect("no panics while locked");
    shared.files.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    shared.warnings.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(ScanResult {
        occurrences: shared.files.into_iter().flat_map(|(_, _, o)| o).collect(),
        summary: shared.summary,
        warnings: shared.warnings,
    })
}

enum Skip {
    Binary,
    Crashed,
    TooLarge(u64),
    Unreadable(std::io::Error),
}

enum FileOutcome {
    Skipped(Skip),
    Scanned {
        candidate: bool,
        occurrences: Vec<Occurrence>,
        syntax_error: bool,
        lossy: bool,
    },
}

fn scan_file(config: &Config, prefilter: &Prefilter, file: &SourceFile) -> FileOutcome {
    let size = match std::fs::metadata(&file.path) {
        Ok(m) => m.len(),
        Err(e) => return FileOutcome::Skipped(Skip::Unreadable(e)),
    };
    if size > config.max_file_size {
        return FileOutcome::Skipped(Skip::TooLarge(size));
    }
    let text = match std::fs::read(&file.path) {
        Ok(t) => t,
        Err(e) => return FileOutcome::Skipped(Skip::Unreadable(e)),
    };
    if is_binary(&text) {
        return FileOutcome::Skipped(Skip::Binary);
    }
    let candidates = prefilter.candidates(&text);
    let hits = hits_at(config, &text, &candidates);
    if hits.is_empty() {
        return FileOutcome::Scanned {
            candidate: !candidates.is_empty(),
            occurrences: Vec::new(),
            syntax_error: false,
            lossy: false,
        };
    }
    let lang = Lang::from_path(&file.path);
    let ranges: Vec<_> = hits.iter().map(|h| h.word.clone()).collect();
    let located = syntax::locate_hits(lang, &text, &ranges);
    let repo = &config.roots[file.root].name;
    let mut lines = LineCounter::default();
    let occurrences = hits
        .iter()
        .zip(located.located)
        .map(|(hit, located)| {
            let (line, column) = lines.position(&text, hit.word.start);
            let token_text = String::from_utf8_lossy(&text[hit.token.clone()]).into_owned();
            Occurrence {
                repo: repo.clone(),
                path: file.relative.clone(),
                line,
                column,
                case: case_style(&token_text),
                text: token_text,
                word: String::from_utf8_lossy(&text[hit.word.clone()]).into_owned(),
                term: if hit.term == FROM {
                    TermSide::From
                } else {
                    TermSide::To
                },
                language: located.lang,
                role: located.role,
                symbol: located.symbol,
                offset: hit.word.start,
                word_at: hit.word.start - hit.token.start,
            }
        })
        .collect();
    FileOutcome::Scanned {
        candidate: true,
        occurrences,
        syntax_error: located.syntax_error,
        lossy: std::str::from_utf8(&text).is_err(),
    }
}

/// The hits around the prefilter's candidates, each token examined once.
fn hits_at(config: &Config, text: &[u8], candidates: &[usize]) -> Vec<WordHit> {
    let mut hits: Vec<WordHit> = Vec::new();
    let mut examined_to = 0;
    for &pos in candidates {
        if pos < examined_to {
            continue;
        }
        let token = crate::words::token_around(text, pos);
        examined_to = token.end;
        hits.extend(config.vocabulary.hits_in_token(text, token));
    }
    hits
}

/// Binary files hold a NUL byte near their start, as git and ripgrep judge.
fn is_binary(text: &[u8]) -> bool {
    memchr::memchr(0, &text[..text.len().min(8192)]).is_some()
}

/// Line and column of increasing offsets, counting newlines once.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u32,
    line_start: usize,
}

impl LineCounter {
    fn position(&mut self, text: &[u8], offset: usize) -> (u32, u32) {
        if offset < self.offset {
            *self = LineCounter::default();
        }
        for nl in memchr::memchr_iter(b'\n', &text[self.offset..offset]) {
            self.line += 1;
            self.line_start = self.offset + nl + 1;
        }
        self.offset = offset;
        (self.line + 1, (offset - self.line_start + 1) as u32)
    }
}

fn display_path(config: &Config, file: &SourceFile) -> String {
    format!("{}/{}", config.roots[file.root].name, file.relative)
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
