//! Generated hostile files, one per grammar in every case: nesting far past
//! what people write, a line of tens of kilobytes with a hit every few
//! bytes, random bytes around the word. Scan, classification and plan must
//! finish without a panic, and every occurrence must point at its word.
//!
//! Bound: 12 + 16 + 3 cases of 12 files each; the whole file runs in
//! about 30 s in a debug build on two cores. `hostile.rs` times a line of 2 MB.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use termshift::plan::{self, OnConflict, Originals, Policy, Selection};
use termshift::{Config, ScanResult};

/// One file per grammar, by extension (`txt` has none).
const EXTENSIONS: [&str; 12] = [
    "go", "ts", "tsx", "js", "proto", "sql", "md", "py", "rs", "yaml", "json", "txt",
];

/// `depth` levels of the language's nesting around the word, in one of a
/// few shapes: brackets, blocks, indentation, and nesting that no bracket
/// counts (arrow functions, blockquotes, compact YAML sequences).
fn nested(ext: &str, shape: usize, depth: usize) -> String {
    let around = |head: &str, open: &str, inner: &str, close: &str, tail: &str| {
        format!(
            "{head}{}{inner}{}{tail}",
            open.repeat(depth),
            close.repeat(depth)
        )
    };
    // Indentation grows with the square of its depth: 1000 levels keep
    // the file under the size limit, and are five times too deep to parse.
    let indented = |head: &str, line: &str, step: &str, inner: &str| {
        let depth = depth.min(1000);
        let mut out = head.to_string();
        for level in 0..depth {
            let _ = writeln!(
                out,
                "{}{}",
                step.repeat(level),
                line.replace('#', &level.to_string())
            );
        }
        out + &step.repeat(depth) + inner + "\n"
    };
    match (ext, shape % 4) {
        ("go", 0) => around(
            "package p\n\nfunc f() {\n",
            "{\n",
            "\trun()\n",
            "}\n",
            "}\n",
        ),
        ("go", 1) => around("package p\n\nvar x = ", "f(", "run", ")", "\n"),
        ("go", 2) => around("package p\n\nvar x = ", "[]any{", "run", "}", "\n"),
        ("go", _) => around("package p\n\ntype T ", "struct { F ", "run", " }", "\n"),
        ("ts" | "tsx" | "js", 0) => around("const x = ", "[", "run", "]", ";\n"),
        ("ts" | "tsx" | "js", 1) => around("const x = ", "{ run: ", "1", " }", ";\n"),
        ("ts" | "tsx" | "js", 2) => around("const x = ", "() => ", "run", "", ";\n"),
        ("ts", _) => around("type T = ", "Array<", "Run", ">", ";\n"),
        ("tsx" | "js", _) => around("const x = ", "<a>", "{run}", "</a>", ";\n"),
        ("proto", 0 | 2) => around(
            "syntax = \"proto3\";\n",
            "message M {\n",
            "  int32 run = 1;\n",
            "}\n",
            "",
        ),
        ("proto", _) => around(
            "syntax = \"proto3\";\n",
            "message M { ",
            "int32 run = 1; ",
            "} ",
            "\n",
        ),
        ("sql", 0) => around("SELECT ", "(", "run", ")", ";\n"),
        ("sql", 1) => around(
            "SELECT a FROM t WHERE a IN ",
            "(SELECT a FROM t WHERE a IN ",
            "(run)",
            ")",
            ";\n",
        ),
        ("sql", 2) => around("SELECT ", "- ", "run", "", ";\n"),
        ("sql", _) => around("SELECT ", "CASE WHEN a THEN ", "run", " END", ";\n"),
        ("md", 0) => around("# T\n\n", "> ", "run\n", "", ""),
        ("md", 1) => indented("# T\n\n", "- item #", "  ", "- run"),
        ("md", 2) => around("# T\n\n", "- ", "run\n", "", ""),
        ("md", _) => format!("# T\n\n```yaml\n{}```\n", nested("yaml", 0, depth)),
        ("py", 0) => around("x = ", "(", "run", ")", "\n"),
        ("py", 1) => indented("", "if x#:", "    ", "run()"),
        ("py", 2) => around("x = ", "not ", "run", "", "\n"),
        ("py", _) => around("x = ", "lambda: ", "run", "", "\n"),
        ("rs", 0) => around("fn f() {", "{", "run();", "}", "}\n"),
        ("rs", 1) => around("", "/* ", "run", " */", "\nfn f() {}\n"),
        ("rs", 2) => around("type T = ", "Vec<", "Run", ">", ";\n"),
        ("rs", _) => around("fn f() { let x = ", "&", "run", "", "; }\n"),
        ("yaml", 0) => indented("", "k#:", "  ", "run: 1"),
        ("yaml", 1) => around("", "[", "run", "]", "\n"),
        ("yaml", 2) => around("", "- ", "run", "", "\n"),
        ("yaml", _) => around("", "? ", "run", "", "\n"),
        ("json", 0) => around("", "{\"run\": ", "1", "}", "\n"),
        ("json", 1) => around("", "[", "\"run\"", "]", "\n"),
        ("json", 2) => around("", "{\"k_run\": ", "1", "}", "\n"),
        ("json", _) => around("", "{\"a\": [", "\"run\"", "]}", "\n"),
        _ => around("", "(", "run", ")", "\n"),
    }
}

/// The opening of a file in each language, before a long line or random
/// bytes: it keeps the file from starting with a UTF-16 byte order mark.
fn head(ext: &str) -> &'static str {
    match ext {
        "go" => "package p\n\nvar x = ",
        "ts" | "tsx" | "js" => "const x = ",
        "proto" => "syntax = \"proto3\";\n",
        "sql" => "SELECT ",
        "md" => "# T\n\n",
        "py" | "rs" => "x = ",
        "yaml" => "k: ",
        "json" => "[",
        _ => "x ",
    }
}

/// What a generated file tells the checks: its path and the offsets where
/// the word was written as a word of its own.
struct Written {
    path: String,
    planted: Vec<usize>,
}

fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Vec<Written> {
    files
        .iter()
        .map(|(path, bytes)| {
            fs::write(dir.join(path), bytes).unwrap();
            let planted = memchr::memmem::find_iter(bytes, "run")
                .filter(|&at| {
                    let ident =
                        |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
                    !ident(at.checked_sub(1).and_then(|i| bytes.get(i)))
                        && !ident(bytes.get(at + 3))
                })
                .collect();
            Written {
                path: path.clone(),
                planted,
            }
        })
        .collect()
}

/// Scans and classifies `dir`, checks what came out against the files as
/// written, and plans every category when `plan_too`.
fn check_pipeline(dir: &Path, written: &[Written], plan_too: bool) -> Result<(), TestCaseError> {
    let config = Config::quick("run", "session", &[PathBuf::from(dir)]).unwrap();
    let scan = termshift::scan(&config).unwrap();
    check_scan(dir, written, &scan)?;
    let occurrences = scan.occurrences.len();
    let inventory = termshift::classify(&config, scan);
    prop_assert_eq!(inventory.findings.len(), occurrences);
    if plan_too {
        let originals = Originals::read(&config, &inventory).unwrap();
        let selection = Selection {
            categories: config.categories(),
            filter: &|_| true,
        };
        let planned = plan::plan(
            &config,
            &inventory,
            &originals,
            &selection,
            Policy::HardCut,
            OnConflict::LeaveOut,
        );
        prop_assert!(planned.is_ok(), "{:?}", planned.err());
    }
    Ok(())
}

/// A symbol names the declarations around an occurrence; one that grows
/// with the file's nesting makes output quadratic in the file's size.
const MAX_SYMBOL: usize = 256;

fn check_scan(dir: &Path, written: &[Written], scan: &ScanResult) -> Result<(), TestCaseError> {
    // A panic on one file is caught and told as a warning, not raised.
    for warning in &scan.warnings {
        prop_assert!(
            !warning.message.contains("internal error"),
            "{}: {}",
            warning.path,
            warning.message
        );
    }
    for file in written {
        let text = fs::read(dir.join(&file.path)).unwrap();
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', &text).collect();
        let found: Vec<_> = scan
            .occurrences
            .iter()
            .filter(|o| o.path == file.path)
            .collect();
        for o in &found {
            let at = &text[o.offset..];
            prop_assert!(
                at.starts_with(o.word.as_bytes()),
                "{} at {}: {:?}",
                o.path,
                o.offset,
                o.word
            );
            prop_assert!(o.word.eq_ignore_ascii_case("run") || o.word.eq_ignore_ascii_case("runs"));
            let before = newlines.partition_point(|&at| at < o.offset);
            let line_start = before.checked_sub(1).map_or(0, |i| newlines[i] + 1);
            prop_assert_eq!(
                (o.line as usize, o.column as usize),
                (before + 1, o.offset - line_start + 1)
            );
            let symbol = o.symbol.as_deref().unwrap_or_default();
            prop_assert!(
                symbol.len() <= MAX_SYMBOL,
                "{}: a symbol of {} bytes",
                o.path,
                symbol.len()
            );
        }
        let offsets: std::collections::HashSet<usize> = found.iter().map(|o| o.offset).collect();
        for at in &file.planted {
            prop_assert!(
                offsets.contains(at),
                "{}: the word at {at} is missed",
                file.path
            );
        }
    }
    Ok(())
}

/// A line of `len` bytes or so: the word, then one of `separators`, again
/// and again, with a letter of filler now and then.
fn long_line(len: usize, separators: &[u8], seed: u64) -> String {
    let mut out = String::with_capacity(len + 16);
    let mut state = seed | 1;
    while out.len() < len {
        // xorshift: the line is too long for proptest to generate byte by byte.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push_str("run");
        out.push(separators[state as usize % separators.len()] as char);
        if state % 5 == 0 {
            out.push_str("x ");
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn deep_nesting_in_every_grammar(shape in 0usize..4, depth in 1usize..3000) {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(String, Vec<u8>)> = EXTENSIONS
            .iter()
            .map(|ext| (format!("deep.{ext}"), nested(ext, shape, depth).into_bytes()))
            .collect();
        let written = write_files(dir.path(), &files);
        check_pipeline(dir.path(), &written, true)?;
    }

}

/// Expressions that chain thousands of times on one line, as minified and
/// generated code does: a member access (`run.run.run...`), a sum of
/// strings, a kebab-case wall. Reading and planning them must neither
/// overflow a stack nor cost the square of their length.
#[test]
fn long_chains_in_every_grammar() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(String, Vec<u8>)> = ["run.", "\"run\" + ", "run-"]
        .iter()
        .enumerate()
        .flat_map(|(k, link)| {
            EXTENSIONS.iter().map(move |ext| {
                let text = format!("{}{}run\n", head(ext), link.repeat(1_000));
                (format!("chain{k}.{ext}"), text.into_bytes())
            })
        })
        .collect();
    let written = write_files(dir.path(), &files);
    check_pipeline(dir.path(), &written, true).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_around_the_word(
        // No NUL: it makes a file binary, which is skipped unread.
        chunks in prop::collection::vec(prop::collection::vec(1u8..=255, 0..24), 1..40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(String, Vec<u8>)> = EXTENSIONS
            .iter()
            .map(|ext| {
                let mut text = head(ext).as_bytes().to_vec();
                for chunk in &chunks {
                    text.extend_from_slice(chunk);
                    text.extend_from_slice(b" run ");
                }
                (format!("noise.{ext}"), text)
            })
            .collect();
        let written = write_files(dir.path(), &files);
        check_pipeline(dir.path(), &written, true)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    #[test]
    fn a_long_line_full_of_hits_in_every_grammar(
        len in 4_000usize..24_000,
        separators in prop::sample::subsequence(b" ,.;:()[]{}\"'/-=".to_vec(), 1..8),
        seed in any::<u64>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let line = long_line(len, &separators, seed);
        let files: Vec<(String, Vec<u8>)> = EXTENSIONS
            .iter()
            .map(|ext| (format!("long.{ext}"), format!("{}{line}\n", head(ext)).into_bytes()))
            .collect();
        let written = write_files(dir.path(), &files);
        check_pipeline(dir.path(), &written, false)?;
    }
}
