//! Renderers: each output format is one implementation of [`Report`].

mod csv;
pub mod explain;
mod json;
mod jsonl;
mod markdown;
mod plan;
mod sarif;
mod table;
mod trace;

use std::io::{self, Write};

pub use csv::Csv;
pub use json::JsonReport;
pub use jsonl::JsonLines;
pub use markdown::{line_spans, GroupBy, Markdown};
pub use plan::write_plan_markdown;
pub use sarif::Sarif;
pub use table::Table;
pub use trace::{Trace, TraceEdge, TraceNode};

use crate::classify::{
    Categories, Inventory, DOC_STALE, GENERATED_CODE, GENERATED_FROM_PROTO, NEEDS_REVIEW,
    PROCESS_VERB,
};
use crate::config::Config;
use crate::words::capitalized;

/// An output format for a classified scan.
pub trait Report {
    /// Writes the report. Styles are written as ANSI sequences; the caller's
    /// stream strips them when the output is not a terminal.
    fn write(&self, inventory: &Inventory, out: &mut dyn Write) -> io::Result<()>;
}

/// What a category means and what to do about it, as the report's legend
/// and SARIF's rules say it.
pub(crate) fn legend(config: &Config, categories: &Categories, category: &str) -> (String, String) {
    let (from, to) = (&config.from, &config.to);
    if category == categories.alias {
        return (
            format!("`{from}` meaning {to}"),
            format!("Must migrate to {to} terminology"),
        );
    }
    if category == categories.identifier {
        return (
            format!("Already uses {to} correctly"),
            "No change needed".into(),
        );
    }
    if let Some(d) = config.domains.iter().find(|d| d.category == category) {
        return (
            format!("{} identifier", capitalized(&d.name)),
            "Keep".into(),
        );
    }
    match category {
        PROCESS_VERB => (format!("Generic \"{from}\" verb"), "Ignore".into()),
        GENERATED_FROM_PROTO => (
            "Generated code from proto".into(),
            "Change proto source only".into(),
        ),
        GENERATED_CODE => (
            "Generated code".into(),
            "Change the generator's input".into(),
        ),
        DOC_STALE => (
            format!("Documentation using {from} terminology"),
            "Update documentation".into(),
        ),
        NEEDS_REVIEW => ("No evidence decides".into(), "Decide by hand".into()),
        _ => (
            "Decided in the configuration".into(),
            "As configured".into(),
        ),
    }
}
