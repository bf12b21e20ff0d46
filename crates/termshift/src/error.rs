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
