//! Row mapping for the `ledger_entries` table.
//!
//! Migration 005 added `account_id` next to the old `user_id` column. Until
//! 006 drops the old column, writes fill both and reads use `account_id`.

use crate::ledger::LedgerEntry;
use crate::AccountId;

pub const INSERT_ENTRY: &str = "INSERT INTO ledger_entries \
     (id, user_id, account_id, amount_minor, currency, memo) \
     VALUES (?1, ?2, ?2, ?3, ?4, ?5)";

pub const SELECT_FOR_ACCOUNT: &str = "SELECT id, account_id, amount_minor, currency, memo \
     FROM ledger_entries WHERE account_id = ?1 ORDER BY id";

/// Kept for the nightly export, which still filters on the old column.
pub const SELECT_FOR_USER: &str = "SELECT id, user_id, amount_minor, currency, memo \
     FROM ledger_entries WHERE user_id = ?1 ORDER BY id";

/// A row as the database driver sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow {
    pub id: i64,
    pub account_id: AccountId,
    pub amount_minor: i64,
    pub currency: String,
    pub memo: String,
}

impl From<&LedgerEntry> for EntryRow {
    fn from(entry: &LedgerEntry) -> Self {
        EntryRow {
            id: entry.id as i64,
            account_id: entry.user_id.clone(),
            amount_minor: entry.amount_minor,
            currency: entry.currency.clone(),
            memo: entry.memo.clone(),
        }
    }
}

impl From<EntryRow> for LedgerEntry {
    fn from(row: EntryRow) -> Self {
        LedgerEntry {
            id: row.id as u64,
            user_id: row.account_id,
            amount_minor: row.amount_minor,
            currency: row.currency,
            memo: row.memo,
        }
    }
}

impl EntryRow {
    /// Parameters for [`INSERT_ENTRY`], in placeholder order.
    pub fn insert_params(&self) -> (i64, &str, i64, &str, &str) {
        (
            self.id,
            self.account_id.as_str(),
            self.amount_minor,
            self.currency.as_str(),
            self.memo.as_str(),
        )
    }
}
