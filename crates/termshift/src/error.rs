//! The error type: what went wrong, where, what to do, and the exit code.

use std::fmt;

/// An error that stops a command. It carries what the user needs: a title,
/// where (file and line when known), and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub title: String,
    pub location: Option<String>,
    pub help: Option<String>,
    pub exit_code: u8,
}

/// Exit code of usage and configuration errors.
pub const EXIT_USAGE: u8 = 2;

impl Error {
    /// A usage or configuration error: the user must change the command or
    /// the configuration (exit 2).
    pub fn usage(title: impl Into<String>) -> Error {
        Error {
            title: title.into(),
            location: None,
            help: None,
            exit_code: EXIT_USAGE,
        }
    }

    pub fn at(mut self, location: impl Into<String>) -> Error {
        self.location = Some(location.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.title)?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {location}")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The candidate closest to `word` when it is likely a typo of it (a few
/// edits apart, case aside): `too` -> `to`, `PROCES_VERB` ->
/// `PROCESS_VERB`.
pub fn likely<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_ascii_lowercase();
    let most = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edits(&word, &c.to_ascii_lowercase()), c))
        .filter(|&(d, _)| d <= most)
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

/// The Levenshtein distance between two words.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// "did you mean `x`? " when `word` is likely a typo of a candidate.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> String {
    likely(word, candidates)
        .map(|c| format!("did you mean `{c}`? "))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_finds_the_word_it_missed_and_nothing_else() {
        assert_eq!(likely("too", ["from", "to", "kind"]), Some("to"));
        assert_eq!(
            likely("PROCES_VERB", ["PROCESS_VERB", "DOC_STALE"]),
            Some("PROCESS_VERB")
        );
        assert_eq!(likely("frm", ["from", "to"]), Some("from"));
        assert_eq!(likely("owner", ["paths", "symbols"]), None);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(did_you_mean("xyz", ["from"]), "");
    }
}
