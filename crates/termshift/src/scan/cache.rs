//! Each file's scan kept between runs, so that a second run costs what
//! changed: `.termshift/scan-cache.sqlite` beside the configuration file.
//!
//! A file's scan depends on its bytes, its place (root and path: the path
//! says its language) and the words looked for, and on the engine that
//! scanned it. A row holds the scan of one place with the hash of the
//! bytes it was made from, under the fingerprint of the words and of the
//! engine (its version and the executable's size and time, so that a new
//! build of the same version, with other grammars or queries, scans again).
//! Only files with hits are kept: the others cost less than a lookup. The
//! folder gets a `.gitignore` that ignores it whole.
//!
//! It is a cache: deleting it loses nothing. Commands that run at once
//! share it (write-ahead log and a busy timeout, one transaction per
//! run); a run that cannot write it goes on without. A file that is not a
//! database, or a row whose checksum does not hold, is set aside with a
//! warning and scanned again.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::{FileFacts, FileOutcome, Occurrence, TermSide, WordContext};
use crate::config::Config;
use crate::sources::Warning;
use crate::syntax::{Lang, Name, Role};

/// Where the cache of a configuration file is kept.
pub fn cache_path(config_file: &Path) -> PathBuf {
    config_file
        .parent()
        .unwrap_or(Path::new(""))
        .join(".termshift")
        .join("scan-cache.sqlite")
}

/// The layout of the rows; another layout is dropped and made again.
const SCHEMA_VERSION: i64 = 2;

/// How long a run waits for another that writes the cache: the rows of
/// one run are written in one short transaction.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How long the rows of other words or another build stay: two
/// configurations beside each other, or two versions of termshift, take
/// turns without scanning everything again each time.
const OTHERS_KEPT: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// A hash of texts (see [`digest`]).
type Digest = [u8; 16];

/// The cache of one run: the rows of its fingerprint, read at the start,
/// and the scans made during the run, written at its end.
pub struct ScanCache {
    path: PathBuf,
    /// Behind a lock only so that the scanning threads may share the
    /// cache: they never touch it.
    connection: Mutex<Connection>,
    fingerprint: Digest,
    /// By (root, path): the hash of the bytes scanned, then the row's
    /// checksum and its encoded scan.
    kept: HashMap<(String, String), (Digest, Digest, Vec<u8>)>,
    made: Mutex<Vec<Row>>,
    /// Scans read from the rows.
    reused: AtomicUsize,
    /// What went wrong with the cache, told once with the scan's warnings.
    trouble: Mutex<Option<String>>,
}

/// A scan to keep: its place, the hash of its bytes and the scan encoded.
struct Row {
    root: String,
    path: String,
    blob: Digest,
    outcome: Vec<u8>,
}

impl ScanCache {
    /// Opens the cache at `path` for a run with `config`'s words, creating
    /// it if needed; a cache that cannot be read is deleted and made
    /// again. An error, with the reason, when none can be had.
    pub fn open(path: &Path, config: &Config) -> Result<ScanCache, String> {
        let fingerprint = fingerprint(config);
        match Self::open_as_is(path, fingerprint) {
            Ok(cache) => Ok(cache),
            Err(e) => {
                let reason = format!("it could not be read ({e}); it is made again");
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                let cache = Self::open_as_is(path, fingerprint).map_err(|e| e.to_string())?;
                *cache.trouble.lock().expect("no panics while locked") = Some(reason);
                Ok(cache)
            }
        }
    }

    fn open_as_is(
        path: &Path,
        fingerprint: Digest,
    ) -> Result<ScanCache, Box<dyn std::error::Error>> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)?;
            // What termshift keeps for itself stays out of the repository.
            let ignore = folder.join(".gitignore");
            if !ignore.exists() {
                std::fs::write(ignore, "# termshift's own state: safe to delete.\n*\n")?;
            }
        }
        let connection = Connection::open(path)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        crate::history::use_wal(&connection)?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        let version = |c: &Connection| -> rusqlite::Result<i64> {
            c.pragma_query_value(None, "user_version", |r| r.get(0))
        };
        if version(&connection)? != SCHEMA_VERSION {
            connection.execute_batch("BEGIN IMMEDIATE")?;
            // Another run may have made the table while this one waited.
            if version(&connection)? == SCHEMA_VERSION {
                connection.execute_batch("COMMIT")?;
            } else {
                connection.execute_batch(&format!(
                    "DROP TABLE IF EXISTS scans;
                    CREATE TABLE scans (
                        fingerprint BLOB NOT NULL,
                        root TEXT NOT NULL,
                        path TEXT NOT NULL,
                        blob BLOB NOT NULL,
                        checksum BLOB NOT NULL,
                        outcome BLOB NOT NULL,
                        written INTEGER NOT NULL,
                        PRIMARY KEY (fingerprint, root, path)
                    );
                    PRAGMA user_version = {SCHEMA_VERSION};
                    COMMIT;"
                ))?;
            }
        }
        let mut kept = HashMap::new();
        {
            let mut rows = connection.prepare(
                "SELECT root, path, blob, checksum, outcome FROM scans WHERE fingerprint = ?1",
            )?;
            let mut rows = rows.query(params![&fingerprint[..]])?;
            while let Some(row) = rows.next()? {
                let digest = |i| -> rusqlite::Result<Digest> {
                    let bytes: Vec<u8> = row.get(i)?;
                    bytes.try_into().map_err(|_| {
                        rusqlite::Error::InvalidColumnType(
                            i,
                            "digest".into(),
                            rusqlite::types::Type::Blob,
                        )
                    })
                };
                kept.insert(
                    (row.get(0)?, row.get(1)?),
                    (digest(2)?, digest(3)?, row.get(4)?),
                );
            }
        }
        Ok(ScanCache {
            path: path.to_path_buf(),
            connection: Mutex::new(connection),
            fingerprint,
            kept,
            made: Mutex::new(Vec::new()),
            reused: AtomicUsize::new(0),
            trouble: Mutex::new(None),
        })
    }

    /// The scan of the file at `root`/`path` whose text is `content` (its
    /// parts), from the cache when it holds one made from the same content,
    /// else made by `scan` and kept.
    pub(super) fn scan(
        &self,
        root: &str,
        path: &str,
        content: &[&[u8]],
        scan: impl FnOnce() -> FileOutcome,
    ) -> FileOutcome {
        let blob = digest(content);
        let key = (root.to_string(), path.to_string());
        if let Some((kept_blob, checksum, outcome)) = self.kept.get(&key) {
            if *kept_blob == blob {
                match decode(checksum, outcome) {
                    Some(outcome) => {
                        self.reused.fetch_add(1, Ordering::Relaxed);
                        return outcome;
                    }
                    None => self.tell(format!(
                        "the row of {root}/{path} is damaged; the file is scanned again"
                    )),
                }
            }
        }
        let outcome = scan();
        if let Some(encoded) = encode(&outcome) {
            self.made.lock().expect("no panics while locked").push(Row {
                root: key.0,
                path: key.1,
                blob,
                outcome: encoded,
            });
        }
        outcome
    }

    /// How many scans the run read from the cache.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    fn tell(&self, trouble: String) {
        self.trouble
            .lock()
            .expect("no panics while locked")
            .get_or_insert(trouble);
    }

    /// Writes the scans made during the run, and drops the rows of other
    /// fingerprints not written for a week, in one transaction; returns
    /// what to warn about.
    pub fn save(self) -> Option<Warning> {
        let made = self.made.into_inner().expect("no panics while locked");
        let connection = self
            .connection
            .into_inner()
            .expect("no panics while locked");
        let written = (|| -> rusqlite::Result<()> {
            if made.is_empty() {
                return Ok(());
            }
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let transaction = connection.unchecked_transaction()?;
            {
                let mut insert = transaction.prepare(
                    "INSERT OR REPLACE INTO scans
                     (fingerprint, root, path, blob, checksum, outcome, written)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?;
                for row in &made {
                    insert.execute(params![
                        &self.fingerprint[..],
                        row.root,
                        row.path,
                        &row.blob[..],
                        &digest(&[&row.outcome])[..],
                        row.outcome,
                        now,
                    ])?;
                }
                transaction.execute(
                    "DELETE FROM scans WHERE fingerprint != ?1 AND written < ?2",
                    params![&self.fingerprint[..], now - OTHERS_KEPT.as_secs() as i64],
                )?;
            }
            transaction.commit()
        })();
        let trouble = self.trouble.into_inner().expect("no panics while locked");
        let message = match (trouble, written) {
            (Some(trouble), _) => trouble,
            (None, Err(e)) => format!("could not be written ({e}); the next run scans again"),
            (None, Ok(())) => return None,
        };
        Some(Warning {
            path: self.path.display().to_string(),
            message: format!("scan cache: {message} (deleting it is safe)"),
        })
    }
}

/// What the rows of a run share: the words looked for and the engine.
fn fingerprint(config: &Config) -> Digest {
    let engine = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} bytes, {time}", m.len())
        })
        .unwrap_or_default();
    digest(&[
        env!("CARGO_PKG_VERSION").as_bytes(),
        engine.as_bytes(),
        format!("{:?}", config.vocabulary).as_bytes(),
    ])
}

/// A 128-bit hash of `parts`: two 64-bit hashes of other seeds. Not a
/// cryptographic hash (nothing here is adversarial: a run hashes its own
/// files, and a changed text goes unseen once in 2^128). SHA-1 with
/// collision detection took a sixth of a cached `check` of the seed's
/// repositories (55 ms; 44 ms with this).
fn digest(parts: &[&[u8]]) -> Digest {
    let mut halves = [0u8; 16];
    for (seed, half) in [0x9e37_79b9_7f4a_7c15_u64, 0xc2b2_ae3d_27d4_eb4f]
        .into_iter()
        .zip(halves.chunks_mut(8))
    {
        let mut hasher = foldhash::quality::FixedState::with_seed(seed).build_hasher();
        for part in parts {
            hasher.write_usize(part.len());
            hasher.write(part);
        }
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    halves
}

/// A file's scan as a row holds it. Only scans with hits are kept, and
/// an [`Occurrence`]'s own serialized form leaves out what only later
/// stages read, so the occurrences are kept in their whole form here.
#[derive(Serialize, Deserialize)]
struct Stored {
    candidate: bool,
    found: Option<(Vec<StoredOccurrence>, FileFacts)>,
    syntax_error: bool,
    lossy: bool,
    utf16: bool,
}

/// Every field of an [`Occurrence`] but its case, which its text gives.
#[derive(Serialize, Deserialize)]
struct StoredOccurrence {
    repo: String,
    path: String,
    line: u32,
    column: u32,
    text: String,
    word: String,
    term: TermSide,
    language: Lang,
    role: Role,
    symbol: Option<String>,
    scope: Option<String>,
    qualifier: Option<String>,
    offset: usize,
    word_at: usize,
    name: Option<Name>,
    context: WordContext,
}

fn encode(outcome: &FileOutcome) -> Option<Vec<u8>> {
    let FileOutcome::Scanned {
        candidate,
        found,
        syntax_error,
        lossy,
        utf16,
    } = outcome
    else {
        return None;
    };
    let stored = Stored {
        candidate: *candidate,
        found: found.as_deref().map(|(occurrences, facts)| {
            (
                occurrences.iter().map(StoredOccurrence::from).collect(),
                facts.clone(),
            )
        }),
        syntax_error: *syntax_error,
        lossy: *lossy,
        utf16: *utf16,
    };
    bincode::serialize(&stored).ok()
}

fn decode(checksum: &Digest, bytes: &[u8]) -> Option<FileOutcome> {
    if digest(&[bytes]) != *checksum {
        return None;
    }
    let stored: Stored = bincode::deserialize(bytes).ok()?;
    Some(FileOutcome::Scanned {
        candidate: stored.candidate,
        found: stored.found.map(|(occurrences, facts)| {
            Box::new((
                occurrences.into_iter().map(Occurrence::from).collect(),
                facts,
            ))
        }),
        syntax_error: stored.syntax_error,
        lossy: stored.lossy,
        utf16: stored.utf16,
    })
}

impl From<&Occurrence> for StoredOccurrence {
    fn from(o: &Occurrence) -> StoredOccurrence {
        let Occurrence {
            repo,
            path,
            line,
            column,
            text,
            word,
            term,
            language,
            role,
            symbol,
            scope,
            qualifier,
            case: _,
            offset,
            word_at,
            name,
            context,
        } = o.clone();
        StoredOccurrence {
            repo,
            path,
            line,
            column,
            text,
            word,
            term,
            language,
            role,
            symbol,
            scope,
            qualifier,
            offset,
            word_at,
            name,
            context,
        }
    }
}

impl From<StoredOccurrence> for Occurrence {
    fn from(o: StoredOccurrence) -> Occurrence {
        Occurrence {
            case: crate::words::case_style(&o.text),
            repo: o.repo,
            path: o.path,
            line: o.line,
            column: o.column,
            text: o.text,
            word: o.word,
            term: o.term,
            language: o.language,
            role: o.role,
            symbol: o.symbol,
            scope: o.scope,
            qualifier: o.qualifier,
            offset: o.offset,
            word_at: o.word_at,
            name: o.name,
            context: o.context,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{scan, ScanResult};

    /// A root with two files holding the words, and its configuration.
    fn project() -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("termshift.toml"),
            "[migration]\nfrom = \"run\"\nto = \"session\"\n[[roots]]\nname = \"app\"\npath = \".\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("a.go"),
            "package a\n\ntype T struct {\n\tRunID string\n}\n\nfunc f(t T) string { sessionID := t.RunID; return sessionID }\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.md"),
            "# Runs\n\nA run_id names the session.\n",
        )
        .unwrap();
        let config = Config::load(&dir.path().join("termshift.toml")).unwrap();
        (dir, config)
    }

    fn same(a: &ScanResult, b: &ScanResult) {
        assert_eq!(a.occurrences, b.occurrences);
        assert_eq!(format!("{:?}", a.files), format!("{:?}", b.files));
        assert_eq!(a.summary, b.summary);
    }

    #[test]
    fn a_row_is_read_back_as_the_scan_that_made_it() {
        let (_dir, config) = project();
        let first = scan(&config).unwrap();
        assert_eq!(first.from_cache, 0);
        assert_eq!(first.summary.matched, 2);
        let second = scan(&config).unwrap();
        assert_eq!(second.from_cache, 2);
        assert!(second.warnings.is_empty(), "{:?}", second.warnings);
        same(&first, &second);
    }

    #[test]
    fn other_words_scan_again() {
        let (_dir, mut config) = project();
        scan(&config).unwrap();
        let other = Config::parse(
            "[migration]\nfrom = \"run\"\nto = \"task\"\n[[roots]]\nname = \"app\"\npath = \".\"\n",
            Path::new("termshift.toml"),
            config.roots[0].path.as_path(),
        )
        .unwrap();
        config.vocabulary = other.vocabulary;
        assert_eq!(scan(&config).unwrap().from_cache, 0);
    }

    #[test]
    fn a_damaged_row_is_scanned_again_with_a_warning() {
        let (_dir, config) = project();
        let first = scan(&config).unwrap();
        let path = config.scan_cache.clone().unwrap();
        let connection = Connection::open(&path).unwrap();
        let changed = connection
            .execute(
                "UPDATE scans SET outcome = zeroblob(length(outcome)) WHERE path = 'a.go'",
                [],
            )
            .unwrap();
        assert_eq!(changed, 1);
        drop(connection);
        let second = scan(&config).unwrap();
        assert_eq!(second.from_cache, 1);
        let warnings: Vec<&str> = second.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            warnings,
            ["scan cache: the row of app/a.go is damaged; the file is scanned again (deleting it is safe)"]
        );
        same(&first, &second);
        assert_eq!(scan(&config).unwrap().from_cache, 2);
    }
}
