//! One module per subcommand: its arguments (with the examples its `--help`
//! ends with) and its `run`.

pub mod apply;
pub mod check;
pub mod decide;
pub mod eval;
pub mod history;
pub mod init;
pub mod plan;
pub mod report;
pub mod review;
pub mod scan;
pub mod trace;
pub mod tree;
