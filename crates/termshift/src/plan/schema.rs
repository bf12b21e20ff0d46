//! The migration script for renamed columns, indexes and tables, written
//! so that running it on a database that is already migrated does no harm.
//! Indexes go first and are created again from their definition renamed;
//! then columns are renamed (or dropped, a legacy one beside its twin) and
//! tables renamed. PostgreSQL checks the catalog before each statement;
//! SQLite cannot make a column's rename conditional, so each statement is
//! its own and fails harmlessly where it does not apply.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Action, Originals, Plan};
use crate::syntax::Role;

/// The SQL dialect of the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A schema change the script makes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    /// The old index goes first, so columns it covers can change.
    DropIndex {
        name: String,
    },
    RenameColumn {
        table: String,
        old: String,
        new: String,
    },
    /// A legacy column's values copied into its twin where the twin has
    /// none: between the rename (for a database that has no twin yet) and
    /// the drop, so that no value is lost whichever columns a database has.
    CopyColumn {
        table: String,
        from: String,
        into: String,
    },
    /// A legacy column whose twin holds the same value.
    DropColumn {
        table: String,
        column: String,
    },
    RenameTable {
        old: String,
        new: String,
    },
    /// The index again under its new name, from its definition renamed.
    CreateIndex {
        definition: String,
    },
}

/// The script, or `None` when the plan changes no column, index or table.
pub fn migration_script(plan: &Plan, originals: &Originals, dialect: Dialect) -> Option<String> {
    let mut changes = BTreeSet::new();
    let renames: Vec<(&str, &str, usize, &str, &str)> = plan
        .batches
        .iter()
        .flat_map(|b| &b.items)
        .filter(|i| i.action == Action::Rename)
        .flat_map(|i| {
            i.places.iter().map(move |p| {
                (
                    p.repo.as_str(),
                    p.path.as_str(),
                    p.offset,
                    i.old.as_str(),
                    i.new.as_str(),
                )
            })
        })
        .collect();
    for item in plan.batches.iter().flat_map(|b| &b.items) {
        for place in &item.places {
            let table = place
                .symbol
                .as_deref()
                .and_then(|s| s.rsplit_once('.'))
                .map(|(table, _)| table.to_string());
            match (place.role, item.action, table) {
                (Role::SqlColumn, Action::Rename, Some(table)) => {
                    changes.insert(Change::RenameColumn {
                        table,
                        old: item.old.clone(),
                        new: item.new.clone(),
                    });
                }
                // A database may have the twin or not: rename where it has
                // none, copy where it has one, then drop what is left.
                (Role::SqlColumn, Action::Remove, Some(table)) => {
                    changes.insert(Change::RenameColumn {
                        table: table.clone(),
                        old: item.old.clone(),
                        new: item.new.clone(),
                    });
                    changes.insert(Change::CopyColumn {
                        table: table.clone(),
                        from: item.old.clone(),
                        into: item.new.clone(),
                    });
                    changes.insert(Change::DropColumn {
                        table,
                        column: item.old.clone(),
                    });
                }
                (Role::SqlTable, Action::Rename, _) => {
                    changes.insert(Change::RenameTable {
                        old: item.old.clone(),
                        new: item.new.clone(),
                    });
                }
                (Role::SqlIndex, Action::Rename, _) => {
                    changes.insert(Change::DropIndex {
                        name: item.old.clone(),
                    });
                    let definition = originals.get(&place.repo, &place.path).and_then(|file| {
                        let statement = statement_around(&file.bytes, place.offset)?;
                        let inside: Vec<(usize, &str, &str)> = renames
                            .iter()
                            .filter(|r| r.0 == place.repo && r.1 == place.path)
                            .filter(|r| statement.contains(&r.2))
                            .map(|r| (r.2, r.3, r.4))
                            .collect();
                        Some(renamed_statement(&file.bytes, statement, &inside))
                    });
                    if let Some(definition) = definition {
                        changes.insert(Change::CreateIndex { definition });
                    }
                }
                _ => {}
            }
        }
    }
    if changes.is_empty() {
        return None;
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "-- Schema migration: {} -> {} ({}).",
        plan.from,
        plan.to,
        match dialect {
            Dialect::Sqlite => "SQLite",
            Dialect::Postgres => "PostgreSQL",
        }
    );
    match dialect {
        Dialect::Sqlite => out.push_str(
            "-- Safe to run again: indexes use IF EXISTS / IF NOT EXISTS. SQLite cannot make\n\
             -- RENAME or DROP COLUMN conditional: each statement is its own transaction, and on\n\
             -- a database already migrated it fails with \"no such column\" and changes nothing.\n\
             -- A legacy column beside its twin is renamed (a database without the twin), copied\n\
             -- into the twin where it is empty, then dropped: each step fails harmlessly where\n\
             -- it does not apply, and a value is dropped only once it is copied.\n\
             -- Run it with `sqlite3 DB < script.sql`, which goes on after such an error.\n\n",
        ),
        Dialect::Postgres => {
            out.push_str("-- Safe to run again: every statement checks the catalog first.\n\n")
        }
    }
    for change in &changes {
        let _ = writeln!(out, "{}", statement(change, dialect));
    }
    Some(out)
}

fn statement(change: &Change, dialect: Dialect) -> String {
    match (change, dialect) {
        (Change::DropIndex { name }, _) => format!("DROP INDEX IF EXISTS {name};"),
        (Change::CreateIndex { definition }, _) => format!("{definition};"),
        (Change::RenameColumn { table, old, new }, Dialect::Sqlite) => {
            format!("ALTER TABLE {table} RENAME COLUMN {old} TO {new};")
        }
        (Change::RenameColumn { table, old, new }, Dialect::Postgres) => format!(
            "DO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM information_schema.columns\n             \
             WHERE table_name = '{table}' AND column_name = '{old}')\n     \
             AND NOT EXISTS (SELECT 1 FROM information_schema.columns\n             \
             WHERE table_name = '{table}' AND column_name = '{new}') THEN\n    \
             ALTER TABLE {table} RENAME COLUMN {old} TO {new};\n  END IF;\nEND $$;"
        ),
        (Change::CopyColumn { table, from, into }, Dialect::Sqlite) => {
            format!("UPDATE {table} SET {into} = COALESCE({into}, {from});")
        }
        (Change::CopyColumn { table, from, into }, Dialect::Postgres) => format!(
            "DO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM information_schema.columns\n             \
             WHERE table_name = '{table}' AND column_name = '{from}') THEN\n    \
             UPDATE {table} SET {into} = COALESCE({into}, {from});\n  END IF;\nEND $$;"
        ),
        (Change::DropColumn { table, column }, Dialect::Sqlite) => {
            format!("ALTER TABLE {table} DROP COLUMN {column};")
        }
        (Change::DropColumn { table, column }, Dialect::Postgres) => {
            format!("ALTER TABLE IF EXISTS {table} DROP COLUMN IF EXISTS {column};")
        }
        (Change::RenameTable { old, new }, Dialect::Sqlite) => {
            format!("ALTER TABLE {old} RENAME TO {new};")
        }
        (Change::RenameTable { old, new }, Dialect::Postgres) => {
            format!("ALTER TABLE IF EXISTS {old} RENAME TO {new};")
        }
    }
}

/// The `CREATE ... ;` statement around an offset (in a `.sql` file or a
/// string of another language), without its `;`.
fn statement_around(text: &[u8], offset: usize) -> Option<std::ops::Range<usize>> {
    let lower = text[..offset].to_ascii_lowercase();
    let start = lower.windows(6).rposition(|w| w == b"create")?;
    let end = text[offset..]
        .iter()
        .position(|&b| matches!(b, b';' | b'`' | b'"'))
        .map_or(text.len(), |p| offset + p);
    Some(start..end)
}

/// The statement with the plan's renames inside it applied, and
/// `IF NOT EXISTS` after `CREATE [UNIQUE] INDEX`.
fn renamed_statement(
    text: &[u8],
    statement: std::ops::Range<usize>,
    renames: &[(usize, &str, &str)],
) -> String {
    let mut renames = renames.to_vec();
    renames.sort();
    let mut out = String::new();
    let mut at = statement.start;
    for (offset, old, new) in renames {
        if offset < at {
            continue;
        }
        out.push_str(&String::from_utf8_lossy(&text[at..offset]));
        out.push_str(new);
        at = offset + old.len();
    }
    out.push_str(&String::from_utf8_lossy(&text[at..statement.end]));
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let upper = collapsed.to_ascii_uppercase();
    if upper.contains("IF NOT EXISTS") {
        return collapsed;
    }
    match upper.find("INDEX ") {
        Some(p) => format!(
            "{}IF NOT EXISTS {}",
            &collapsed[..p + 6],
            &collapsed[p + 6..]
        ),
        None => collapsed,
    }
}
