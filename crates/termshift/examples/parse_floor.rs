//! The floor under a scan that parses what it finds: walks and reads the
//! roots as `termshift scan` does, finds the migration's words in every
//! file (the scan's prefilter and word rules) and parses the top-level
//! items that hold them with tree-sitter (the scan's own parse), on every
//! core, and does nothing more: no roles, no name flow, no classification,
//! no output. Query compilation is role work, so it is done before the
//! clock starts. `bench/run.sh --floor` times it beside `termshift scan`.
//!
//! Usage: parse_floor FROM TO ROOT...
//! Prints: `parse_floor: FILES files read, PARSED parsed (BYTES bytes) in SECONDS s`

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use termshift::scan::Scanner;
use termshift::sources::{self, Content, Snapshot};
use termshift::syntax::{parse_around, Lang, PARSED};
use termshift::Config;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to, roots @ ..] = args.as_slice() else {
        eprintln!("usage: parse_floor FROM TO ROOT...");
        return ExitCode::from(2);
    };
    let roots: Vec<PathBuf> = roots.iter().map(PathBuf::from).collect();
    let config = match Config::quick(from, to, &roots) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("parse_floor: {}", e.title);
            return ExitCode::from(2);
        }
    };
    for lang in PARSED {
        lang.grammar();
    }
    let scanner = Scanner::new(&config);
    let (read, parsed, bytes) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let started = Instant::now();
    let walked = sources::read(
        &config.roots,
        &Snapshot::WorkingTree,
        config.max_file_size,
        config.follow_links,
        |file, content| {
            read.fetch_add(1, Ordering::Relaxed);
            let Content::Bytes(text) = content else {
                return;
            };
            // Binary files hold a NUL byte near their start.
            if text[..text.len().min(8192)].contains(&0) {
                return;
            }
            let words = scanner.words(&text);
            let lang = Lang::from_path(&file.path);
            if words.is_empty() || lang.grammar().is_none() {
                return;
            }
            if parse_around(lang, &text, &words).is_some() {
                parsed.fetch_add(1, Ordering::Relaxed);
                bytes.fetch_add(text.len(), Ordering::Relaxed);
            }
        },
        |_| {},
        &|_| {},
    );
    if let Err(e) = walked {
        eprintln!("parse_floor: {}", e.title);
        return ExitCode::from(2);
    }
    println!(
        "parse_floor: {} files read, {} parsed ({} bytes) in {:.3} s",
        read.into_inner(),
        parsed.into_inner(),
        bytes.into_inner(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
