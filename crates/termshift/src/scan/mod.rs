//! The scan: every occurrence of the migration's words under the roots, with
//! its syntax role. Drives the stages: sources -> prefilter -> words ->
//! syntax, one file at a time on every core.
//!
//! [`Scanner::file`] turns one file's bytes into a [`FileScan`], the stage's
//! whole output for that file: it depends only on the bytes, the path and
//! the configuration, so a history keeps it by blob. [`ScanResult::assemble`]
//! orders the files' outputs (root, path, byte offset), and a [`ScanView`]
//! borrows what later stages read, from a `ScanResult` or from kept
//! `FileScan`s. A scan of the working tree keeps each file's output
//! between runs ([`ScanCache`]), so a second run parses only what changed.
//!
//! An [`Occurrence`] holds its line, column, role, symbol, the host
//! language's scope, the name it stands for in the flow graph, the
//! qualifier written before it, the words around it (`context`), whether a
//! capitalized name stands before it mid-sentence, the URL it lies in, and
//! whether it is a command's subcommand or option. Beside the occurrences,
//! one [`FileFacts`] per file with hits (its name flow, its generated-code
//! header: the file's first lines and the comments that open it) and the
//! list of `.proto` files. A Makefile has no grammar; its hits take their
//! roles from their lines (`syntax::make`).
//!
//! A failing file never ends the scan: a binary or oversized file, and even
//! a panic while scanning one, becomes a warning or a count.

use std::panic::AssertUnwindSafe;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::config::{Config, FROM};
use crate::error::Error;
use crate::prefilter::Prefilter;
use crate::progress::Progress;
use crate::sources::{self, utf16, Content, RootNotes, Snapshot, SourceFile, Warning};
use crate::syntax::{self, FileFlow, Lang, Name, Role};
use crate::words::{case_style, CaseStyle, WordHit};

mod cache;
mod context;

pub use cache::{cache_path, ScanCache};

pub use context::WordContext;

/// Which of the migration's words an occurrence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// The declarations of the file's own language around it (differs from
    /// `symbol` for SQL in a string: the constant or function that holds it).
    #[serde(skip)]
    pub scope: Option<String>,
    /// The name written before it with a dot (`turns` in `turns.run_id`).
    #[serde(skip)]
    pub qualifier: Option<String>,
    /// Naming convention of `text`.
    #[serde(serialize_with = "serialize_case")]
    pub case: CaseStyle,
    /// Byte offset of the matched word in the file (in its text decoded to
    /// UTF-8 for a UTF-16 file).
    pub offset: usize,
    /// Byte offset of `word` inside `text`.
    #[serde(skip)]
    pub word_at: usize,
    /// The name the occurrence stands for in the name-flow graph.
    #[serde(skip)]
    pub name: Option<Name>,
    /// The words around the occurrence on its line.
    #[serde(skip)]
    pub context: WordContext,
}

/// The identifier written just before `at` and a dot (`turns.` of
/// `turns.run_id`).
fn qualifier_before(text: &[u8], at: usize) -> Option<String> {
    let dot = at.checked_sub(1).filter(|&d| text[d] == b'.')?;
    let start = text[..dot]
        .iter()
        .rposition(|&b| !termshift_words::is_ident_byte(b))
        .map_or(0, |p| p + 1);
    (start < dot).then(|| String::from_utf8_lossy(&text[start..dot]).into_owned())
}

/// What a file with occurrences says beyond them: its name flow and
/// whether it is generated.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileFacts {
    pub repo: String,
    pub path: String,
    pub language: Lang,
    pub flow: FileFlow,
    /// The header line that marks the file as generated.
    pub generated_marker: Option<String>,
    /// The line of each offset the flow mentions, sorted by offset.
    lines: Vec<(usize, u32)>,
}

impl FileFacts {
    /// Frees the flow and its lines once the name-flow graph is built from
    /// them: nothing later reads them, and on a large scan they are a third
    /// of the memory at its peak.
    pub fn release_flow(&mut self) {
        self.flow = FileFlow::default();
        self.lines = Vec::new();
    }

    /// The 1-based line of a byte offset the flow mentions.
    pub fn line(&self, offset: usize) -> u32 {
        let i = self.lines.partition_point(|&(o, _)| o < offset);
        self.lines.get(i).map_or(0, |&(_, line)| line)
    }
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
    /// One entry per file with occurrences, in the same order.
    pub files: Vec<FileFacts>,
    /// Every `.proto` file under the roots, as (root name, path): the
    /// sources generated code is made from.
    pub proto_files: Vec<(String, String)>,
    /// Per root: its `.gitattributes` and CODEOWNERS in the snapshot.
    pub notes: Vec<RootNotes>,
    pub summary: Summary,
    pub warnings: Vec<Warning>,
    /// The binary files, skipped, sorted by path: the terminal counts them,
    /// the JSON report lists them with the warnings.
    pub binary_files: Vec<Warning>,
    /// Files whose scan was read from the scan cache (not in `summary`:
    /// what a run reports does not depend on the cache).
    pub from_cache: usize,
}

/// What the stages after the scan read of it, borrowed: a caller that
/// keeps the files' scans (the history) classifies without copying them.
pub struct ScanView<'a> {
    /// The files with occurrences, in the scan's order.
    pub files: Vec<&'a FileFacts>,
    /// Every occurrence, file by file, in the scan's order.
    pub occurrences: Vec<&'a Occurrence>,
    /// Per occurrence: the index of its file in `files` (non-decreasing).
    pub file_of: Vec<usize>,
    /// Every `.proto` file under the roots, as (root name, path).
    pub proto_files: &'a [(String, String)],
    /// Per root: its `.gitattributes` and CODEOWNERS.
    pub notes: &'a [RootNotes],
}

impl<'a> ScanView<'a> {
    /// A view of files given with their occurrences, in the scan's order.
    pub fn of_files(
        found: impl IntoIterator<Item = (&'a [Occurrence], &'a FileFacts)>,
        proto_files: &'a [(String, String)],
        notes: &'a [RootNotes],
    ) -> ScanView<'a> {
        let mut view = ScanView {
            files: Vec::new(),
            occurrences: Vec::new(),
            file_of: Vec::new(),
            proto_files,
            notes,
        };
        for (index, (occurrences, facts)) in found.into_iter().enumerate() {
            view.files.push(facts);
            view.occurrences.extend(occurrences);
            view.file_of.resize(view.occurrences.len(), index);
        }
        view
    }

    /// A view of a scan's files and `occurrences` (the scan's own, or the
    /// same list moved elsewhere), which come file by file.
    pub fn new(
        scan: &'a ScanResult,
        occurrences: impl IntoIterator<Item = &'a Occurrence>,
    ) -> ScanView<'a> {
        let mut file = 0;
        let mut view = ScanView {
            files: scan.files.iter().collect(),
            occurrences: Vec::new(),
            file_of: Vec::new(),
            proto_files: &scan.proto_files,
            notes: &scan.notes,
        };
        for o in occurrences {
            while (
                view.files[file].repo.as_str(),
                view.files[file].path.as_str(),
            ) != (o.repo.as_str(), o.path.as_str())
            {
                file += 1;
            }
            view.occurrences.push(o);
            view.file_of.push(file);
        }
        view
    }
}

/// Scans every root of the configuration's working tree.
pub fn scan(config: &Config) -> Result<ScanResult, Error> {
    scan_with_progress(config, &Snapshot::WorkingTree, &|_| {})
}

/// Scans every root of the configuration in `snapshot`, telling
/// `progress` the walk and the files scanned, from the scanning threads.
pub fn scan_with_progress(
    config: &Config,
    snapshot: &Snapshot,
    progress: Progress,
) -> Result<ScanResult, Error> {
    let mut warnings = Vec::new();
    let cache = match (&config.scan_cache, snapshot) {
        (Some(path), Snapshot::WorkingTree) => match ScanCache::open(path, config) {
            Ok(cache) => Some(cache),
            Err(e) => {
                warnings.push(Warning {
                    path: path.display().to_string(),
                    message: format!(
                        "scan cache: cannot be used ({e}); every file is scanned (--no-cache skips the cache)"
                    ),
                });
                None
            }
        },
        _ => None,
    };
    let scanner = Scanner {
        cache: cache.as_ref(),
        ..Scanner::new(config)
    };
    let files = Mutex::new(Vec::new());
    let warnings = Mutex::new(warnings);
    let notes = sources::read(
        &config.roots,
        snapshot,
        config.max_file_size,
        config.follow_links,
        |file, content| {
            let scanned = scanner.file(file, content);
            files.lock().expect("no panics while locked").push(scanned);
        },
        |warning| {
            warnings
                .lock()
                .expect("no panics while locked")
                .push(warning)
        },
        progress,
    )?;
    let mut warnings = warnings.into_inner().expect("no panics while locked");
    let from_cache = cache.as_ref().map_or(0, ScanCache::reused);
    warnings.extend(cache.and_then(ScanCache::save));
    Ok(ScanResult {
        from_cache,
        ..ScanResult::assemble(
            config,
            files.into_inner().expect("no panics while locked"),
            notes,
            warnings,
        )
    })
}

/// Scans files one at a time, from any thread.
pub struct Scanner<'c> {
    config: &'c Config,
    prefilter: Prefilter,
    cache: Option<&'c ScanCache>,
}

impl<'c> Scanner<'c> {
    pub fn new(config: &'c Config) -> Scanner<'c> {
        Scanner {
            config,
            prefilter: Prefilter::new(&config.vocabulary),
            cache: None,
        }
    }

    /// The byte ranges of the migration's words in a text (the prefilter,
    /// then whole words of identifiers), in order.
    pub fn words(&self, text: &[u8]) -> Vec<std::ops::Range<usize>> {
        hits_at(self.config, text, &self.prefilter.candidates(text))
            .into_iter()
            .map(|hit| hit.word)
            .collect()
    }

    /// What one file holds. A bug met on one file must not end the run: it
    /// is reported as the file's outcome.
    pub fn file(&self, file: &SourceFile, content: Content) -> FileScan {
        let outcome = match content {
            Content::TooLarge(size) => FileOutcome::Skipped(Skip::TooLarge(size)),
            Content::Unreadable(e) => FileOutcome::Skipped(Skip::Unreadable(e)),
            Content::Bytes(bytes) => {
                std::panic::catch_unwind(AssertUnwindSafe(|| match utf16::decode(&bytes) {
                    Some((text, lossy)) => self.text(file, &text, Encoding::Utf16 { lossy }),
                    None => self.text(file, &bytes, Encoding::Utf8),
                }))
                .unwrap_or(FileOutcome::Skipped(Skip::Crashed))
            }
        };
        FileScan {
            root: file.root,
            relative: file.relative.clone(),
            is_proto: Lang::from_path(&file.path) == Lang::Proto,
            outcome,
        }
    }
}

/// What the scan found in one file: the scan stage's output for it.
#[derive(Debug, Clone)]
pub struct FileScan {
    root: usize,
    relative: String,
    is_proto: bool,
    outcome: FileOutcome,
}

impl FileScan {
    /// Whether the file holds occurrences.
    pub fn has_occurrences(&self) -> bool {
        matches!(&self.outcome, FileOutcome::Scanned { found: Some(_), .. })
    }

    /// Whether the file is a `.proto` source, which classification reads
    /// even without occurrences.
    pub fn is_proto(&self) -> bool {
        self.is_proto
    }

    /// The file's root (its index in the configuration) and path in it.
    pub fn place(&self) -> (usize, &str) {
        (self.root, &self.relative)
    }

    /// The file's occurrences and facts, when it has occurrences.
    pub fn found(&self) -> Option<(&[Occurrence], &FileFacts)> {
        match &self.outcome {
            FileOutcome::Scanned {
                found: Some(found), ..
            } => Some((&found.0, &found.1)),
            _ => None,
        }
    }

    /// What to tell about a file that could not be scanned, or whose
    /// occurrences were read from text that is not its bytes as they are.
    /// Binary files are counted, not told one by one (see
    /// [`ScanResult::binary_files`]).
    pub fn warning(&self, config: &Config) -> Option<Warning> {
        let message = match &self.outcome {
            FileOutcome::Skipped(Skip::Binary) => return None,
            FileOutcome::Skipped(Skip::TooLarge(size)) => format!(
                "{} is over the size limit of {}; skipped (raise [scan] max_file_size to include it)",
                human_size(*size),
                human_size(config.max_file_size)
            ),
            FileOutcome::Skipped(Skip::Crashed) => {
                "internal error while scanning this file; skipped (please report it)".into()
            }
            FileOutcome::Skipped(Skip::Unreadable(e)) => format!("cannot read: {e}; skipped"),
            FileOutcome::Scanned {
                found: Some(_),
                utf16: true,
                lossy,
                ..
            } => format!(
                "UTF-16 file, read decoded{}; plan and apply leave it as it is (edit it by hand, or convert it to UTF-8 and run again)",
                if *lossy { " (its invalid code units as U+FFFD)" } else { "" }
            ),
            FileOutcome::Scanned {
                found: Some(_),
                lossy: true,
                ..
            } => "not valid UTF-8: read with its invalid bytes as U+FFFD".into(),
            FileOutcome::Scanned { .. } => return None,
        };
        Some(Warning::in_root(
            &config.roots[self.root],
            &self.relative,
            message,
        ))
    }
}

impl ScanResult {
    /// The result of scanning these files, in the stable order.
    pub fn assemble(
        config: &Config,
        scanned: impl IntoIterator<Item = FileScan>,
        notes: Vec<RootNotes>,
        mut warnings: Vec<Warning>,
    ) -> ScanResult {
        let mut summary = Summary::default();
        let mut proto_files = Vec::new();
        let mut binary_files = Vec::new();
        let mut found_files = Vec::new();
        for file in scanned {
            summary.files += 1;
            if file.is_proto {
                let root = &config.roots[file.root].name;
                proto_files.push((root.clone(), file.relative.clone()));
            }
            warnings.extend(file.warning(config));
            match file.outcome {
                FileOutcome::Skipped(Skip::Binary) => {
                    summary.binary_skipped += 1;
                    binary_files.push(Warning::in_root(
                        &config.roots[file.root],
                        &file.relative,
                        "binary file (a NUL byte in its first 8 KiB); skipped",
                    ));
                }
                FileOutcome::Skipped(Skip::TooLarge(_)) => summary.too_large_skipped += 1,
                FileOutcome::Skipped(_) => {}
                FileOutcome::Scanned {
                    candidate,
                    found,
                    syntax_error,
                    lossy,
                    utf16,
                } => {
                    summary.candidates += usize::from(candidate);
                    summary.syntax_errors += usize::from(syntax_error);
                    if let Some(found) = found {
                        let (occurrences, facts) = *found;
                        summary.lossy_utf8 += usize::from(lossy && !utf16);
                        summary.matched += 1;
                        summary.occurrences += occurrences.len();
                        found_files.push((file.root, file.relative, occurrences, facts));
                    }
                }
            }
        }
        found_files.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        warnings.sort_by(|a, b| a.path.cmp(&b.path));
        binary_files.sort_by(|a, b| a.path.cmp(&b.path));
        proto_files.sort();
        let mut occurrences = Vec::with_capacity(summary.occurrences);
        let mut files = Vec::with_capacity(found_files.len());
        for (_, _, found, facts) in found_files {
            occurrences.extend(found);
            files.push(facts);
        }
        ScanResult {
            occurrences,
            files,
            proto_files,
            notes,
            summary,
            warnings,
            binary_files,
            from_cache: 0,
        }
    }
}

#[derive(Debug, Clone)]
enum Skip {
    Binary,
    Crashed,
    TooLarge(u64),
    Unreadable(String),
}

#[derive(Debug, Clone)]
enum FileOutcome {
    Skipped(Skip),
    Scanned {
        candidate: bool,
        /// The occurrences, when there are any, and the file's facts.
        found: Option<Box<(Vec<Occurrence>, FileFacts)>>,
        syntax_error: bool,
        /// Some bytes or code units were invalid and read as U+FFFD.
        lossy: bool,
        /// Decoded from UTF-16: offsets are the decoded text's.
        utf16: bool,
    },
}

/// What a file's text is written in, as the scan reads it.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    /// UTF-8, or bytes read as such (invalid ones lossily).
    Utf8,
    /// UTF-16 with a byte order mark, decoded to UTF-8; `lossy` when a code
    /// unit was invalid.
    Utf16 { lossy: bool },
}

impl Scanner<'_> {
    /// What a file's text holds: its hits found, then located in its
    /// syntax, or read from the cache when it scanned the same text before.
    fn text(&self, file: &SourceFile, text: &[u8], encoding: Encoding) -> FileOutcome {
        if is_binary(text) {
            return FileOutcome::Skipped(Skip::Binary);
        }
        let candidates = self.prefilter.candidates(text);
        let hits = hits_at(self.config, text, &candidates);
        if hits.is_empty() {
            return FileOutcome::Scanned {
                candidate: !candidates.is_empty(),
                found: None,
                syntax_error: false,
                lossy: false,
                utf16: matches!(encoding, Encoding::Utf16 { .. }),
            };
        }
        let located = || locate(self.config, file, text, encoding, &hits);
        match self.cache {
            Some(cache) => {
                let root = &self.config.roots[file.root].name;
                let decoded: &[u8] = match encoding {
                    Encoding::Utf8 => b"",
                    Encoding::Utf16 { lossy: false } => b"utf-16",
                    Encoding::Utf16 { lossy: true } => b"utf-16, lossy",
                };
                cache.scan(root, &file.relative, &[text, decoded], located)
            }
            None => located(),
        }
    }
}

/// The occurrences of a file with hits: each hit's place in the syntax,
/// and the file's facts.
fn locate(
    config: &Config,
    file: &SourceFile,
    text: &[u8],
    encoding: Encoding,
    hits: &[WordHit],
) -> FileOutcome {
    let lang = Lang::from_path(&file.path);
    // A term written across a line break is located by its first line.
    let ranges: Vec<_> = hits
        .iter()
        .map(|h| {
            let first_line = memchr::memchr(b'\n', &text[h.word.clone()]);
            h.word.start..first_line.map_or(h.word.end, |at| h.word.start + at)
        })
        .collect();
    let mut syntax = syntax::locate_hits(lang, text, &ranges);
    if lang == Lang::Text && syntax::make::is_makefile(&file.relative) {
        for (located, role) in syntax
            .located
            .iter_mut()
            .zip(syntax::make::roles(text, &ranges))
        {
            located.role = role;
        }
    }
    let repo = &config.roots[file.root].name;
    let mut lines = LineCounter::default();
    let occurrences = hits
        .iter()
        .zip(syntax.located)
        .zip(syntax.names)
        .map(|((hit, located), name)| {
            let (line, column) = lines.position(text, hit.word.start);
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
                scope: located.scope,
                qualifier: qualifier_before(text, hit.token.start),
                offset: hit.word.start,
                word_at: hit.word.start - hit.token.start,
                name,
                context: WordContext::around(
                    text,
                    hit.token.clone(),
                    matches!(
                        located.role,
                        Role::MarkdownCodeBlock | Role::Text | Role::DataValue
                    ),
                    matches!(
                        located.role,
                        Role::Comment
                            | Role::MarkdownProse
                            | Role::MarkdownHeading
                            | Role::LogMessage
                            | Role::Text
                            | Role::DataValue
                    ),
                ),
            }
        })
        .collect();
    let facts = FileFacts {
        repo: repo.clone(),
        path: file.relative.clone(),
        language: lang,
        lines: flow_lines(text, &syntax.flow),
        flow: syntax.flow,
        generated_marker: (!is_template(&file.relative))
            .then(|| generated_marker(text))
            .flatten(),
    };
    FileOutcome::Scanned {
        candidate: true,
        found: Some(Box::new((occurrences, facts))),
        syntax_error: syntax.syntax_error,
        lossy: match encoding {
            Encoding::Utf8 => std::str::from_utf8(text).is_err(),
            Encoding::Utf16 { lossy } => lossy,
        },
        utf16: matches!(encoding, Encoding::Utf16 { .. }),
    }
}

/// The lines of the offsets a file's flow mentions.
fn flow_lines(text: &[u8], flow: &FileFlow) -> Vec<(usize, u32)> {
    let mut offsets: Vec<usize> = flow
        .flows
        .iter()
        .map(|f| f.offset)
        .chain(flow.calls.iter().map(|c| c.offset))
        .chain(flow.fields.iter().map(|f| f.offset))
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let mut lines = LineCounter::default();
    offsets
        .into_iter()
        .map(|o| (o, lines.position(text, o).0))
        .collect()
}

/// The line of a file's header that marks it generated: "Code generated
/// ... DO NOT EDIT", "@generated", "autogenerated". The
/// header is the first lines and, past them, the comments and blank lines
/// that open the file (a license may come before Go's marker). "Do not
/// edit" alone in small letters marks nothing ("Do not edit comments").
/// A template a generator reads: its "DO NOT EDIT" header is the text it
/// writes into its output, not a mark of its own.
fn is_template(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    [
        ".tmpl",
        ".tpl",
        ".template",
        ".j2",
        ".jinja",
        ".mustache",
        ".hbs",
        ".gotmpl",
    ]
    .iter()
    .any(|ext| name.ends_with(ext) || name.contains(&format!("{ext}.")))
}

fn generated_marker(text: &[u8]) -> Option<String> {
    const MARKERS: [&str; 4] = [
        "code generated",
        "@generated",
        "autogenerated",
        "auto-generated",
    ];
    const FIRST_LINES: usize = 10;
    const MAX_HEADER: usize = 120;
    let is_comment = |line: &str| {
        let line = line.trim_start();
        line.is_empty()
            || ["//", "#", "/*", "*", "--", "<!--", ";"]
                .iter()
                .any(|m| line.starts_with(m))
    };
    text.split(|&b| b == b'\n')
        .take(MAX_HEADER)
        .map(String::from_utf8_lossy)
        .enumerate()
        .take_while(|(n, line)| *n < FIRST_LINES || is_comment(line))
        .find_map(|(_, line)| {
            let lower = line.to_ascii_lowercase();
            // A generator's header shouts to its end ("DO NOT EDIT.", "DO
            // NOT EDIT THIS FILE"); "DO NOT EDIT comments here" is a
            // person's note.
            let do_not_edit = line.match_indices("DO NOT EDIT").any(|(at, m)| {
                let rest = line[at + m.len()..].trim_start();
                let next: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
                next.is_empty() || next.chars().all(|c| !c.is_lowercase())
            });
            let marked = MARKERS.iter().any(|m| lower.contains(m)) || do_not_edit;
            (marked && is_comment(&line)).then(|| line.trim().to_string())
        })
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
        let found = config.vocabulary.hits_in_token(text, token.clone());
        // A term of several words may go on in the next word of prose.
        if found.is_empty() {
            if let Some(across) = config.vocabulary.hit_across(text, token) {
                examined_to = across.token.end;
                hits.push(across);
            }
        }
        hits.extend(found);
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

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::generated_marker;

    #[test]
    fn a_generators_header_marks_a_file_and_a_persons_note_does_not() {
        let marked = |text: &str| generated_marker(text.as_bytes()).is_some();
        assert!(marked(
            "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage pb\n"
        ));
        assert!(marked("# DO NOT EDIT THIS FILE\nkey: 1\n"));
        assert!(marked("/* @generated */\n"));
        assert!(!marked(
            "// DO NOT EDIT comments below without asking\npackage a\n"
        ));
        assert!(!marked(
            "package a\n\nconst help = \"code generated here\"\n"
        ));
    }

    #[test]
    fn a_template_is_a_generators_input() {
        assert!(super::is_template("gen/model.go.tmpl"));
        assert!(super::is_template("templates/header.tmpl.go"));
        assert!(!super::is_template("pb/model.pb.go"));
    }
}
