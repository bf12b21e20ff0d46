//! Where a command's output goes: standard output or a file, with the
//! warnings and the summary line on standard error.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Style};
use termshift::{Error, ScanResult};

use crate::output_file;

/// The `--output` that names standard output.
pub const STDOUT: &str = "-";

/// Fails before any work when the output file's folder does not exist.
pub fn check_output_folder(output: Option<&Path>) -> Result<(), Error> {
    let Some(path) = output else {
        return Ok(());
    };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if folder.is_some_and(|f| !f.is_dir()) {
        return Err(Error::usage(format!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            folder.unwrap_or(path).display()
        ))
        .help("create the folder first, or pass another --output"));
    }
    Ok(())
}

/// Writes an output to standard output (no file, or `-`), or to a file
/// through a temporary file in the same folder renamed over it: a failure
/// leaves no partial file.
pub fn write_output(
    output: Option<&Path>,
    choice: ColorChoice,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    match output.filter(|path| *path != Path::new(STDOUT)) {
        None => {
            let stdout = AutoStream::new(std::io::stdout().lock(), choice);
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
            match write(&mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(Error::usage(format!("cannot write the output: {e}")))
                }
                _ => Ok(()),
            }
        }
        Some(path) => output_file::write_file(path, write),
    }
}

/// The scan's warnings (files skipped, read lossily), on standard error.
pub fn print_warnings(result: &ScanResult, choice: ColorChoice) {
    let mut err = AutoStream::new(std::io::stderr().lock(), choice);
    let yellow = AnsiColor::Yellow.on_default().bold();
    for warning in &result.warnings {
        let _ = writeln!(
            err,
            "{yellow}warning{yellow:#}: {}: {}",
            termshift::outputs::printable(&warning.path),
            termshift::outputs::printable(&warning.message)
        );
    }
}

/// Warnings and the summary line go to standard error.
pub fn print_diagnostics(result: &ScanResult, quiet: bool, started: Instant, choice: ColorChoice) {
    print_warnings(result, choice);
    if quiet {
        return;
    }
    let mut err = AutoStream::new(std::io::stderr().lock(), choice);
    let s = &result.summary;
    let dim = Style::new().dimmed();
    let from_cache = match result.from_cache {
        0 => String::new(),
        n => format!(", {n} read from the scan cache"),
    };
    let mut line = format!(
        "{} occurrences in {} files ({} files scanned, {} held a needle{from_cache}) in {:.2}s",
        s.occurrences,
        s.matched,
        s.files,
        s.candidates,
        started.elapsed().as_secs_f64()
    );
    if s.syntax_errors > 0 {
        line += &format!(
            "; {} files with syntax errors (hits inside an error have the role `lexical`)",
            s.syntax_errors
        );
    }
    if s.binary_skipped > 0 {
        line += &format!("; {} binary files skipped", s.binary_skipped);
    }
    if s.too_large_skipped > 0 {
        line += &format!(
            "; {} files over the size limit skipped",
            s.too_large_skipped
        );
    }
    if s.lossy_utf8 > 0 {
        line += &format!("; {} files with invalid UTF-8 read lossily", s.lossy_utf8);
    }
    let _ = writeln!(err, "{dim}{line}{dim:#}");
}
