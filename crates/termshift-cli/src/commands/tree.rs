//! `termshift tree` (hidden): a file's syntax tree with field names, for
//! writing role queries.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use termshift::syntax::{self, Lang};
use termshift::Error;

#[derive(Args)]
pub struct TreeArgs {
    file: PathBuf,
    /// Language, when the file name does not tell (go, typescript, sql, ...).
    #[arg(long)]
    lang: Option<String>,
}

pub fn run(args: &TreeArgs) -> Result<ExitCode, Error> {
    let lang = match &args.lang {
        Some(name) => Lang::from_fence(name).unwrap_or(Lang::Text),
        None => Lang::from_path(&args.file),
    };
    let text = std::fs::read(&args.file)
        .map_err(|e| Error::usage(format!("cannot read {}: {e}", args.file.display())))?;
    let tree = syntax::debug_tree(lang, &text).ok_or_else(|| {
        Error::usage(format!("no grammar for {}", args.file.display())).help(
            "pass --lang go|typescript|tsx|javascript|proto|sql|markdown|python|rust|yaml|json",
        )
    })?;
    print!("{tree}");
    Ok(ExitCode::SUCCESS)
}
