//! Entries, postings and balances.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::AccountId;

/// Currency code, ISO 4217.
pub type Currency = String;

/// Book that collects revenue: the other side of every charge.
pub const REVENUE_BOOK: &str = "book:revenue";

/// One side of a posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: u64,
    /// The user this entry is booked against.
    pub user_id: AccountId,
    pub amount_minor: i64,
    pub currency: Currency,
    pub memo: String,
}

/// What the reporting service receives for each entry.
#[derive(Debug, Serialize)]
pub struct EntryView<'a> {
    pub id: u64,
    pub account_id: &'a AccountId,
    /// Same value as `account_id`, for dashboards that still read the user
    /// field.
    #[serde(rename = "user_id")]
    pub legacy_owner: &'a AccountId,
    pub amount_minor: i64,
    pub currency: &'a str,
}

impl LedgerEntry {
    pub fn view(&self) -> EntryView<'_> {
        EntryView {
            id: self.id,
            account_id: &self.user_id,
            legacy_owner: &self.user_id,
            amount_minor: self.amount_minor,
            currency: &self.currency,
        }
    }
}

/// A request to post a charge, as sent by the billing service.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PostRequest {
    /// Billing clients before 2.10 send `user_id`.
    #[serde(alias = "user_id")]
    pub account_id: AccountId,
    pub amount_minor: i64,
    pub currency: Currency,
    #[serde(default)]
    pub memo: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerError {
    ZeroAmount,
    UnknownUser(String),
    CurrencyMismatch {
        account: AccountId,
        expected: Currency,
        got: Currency,
    },
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::ZeroAmount => f.write_str("amount must not be zero"),
            LedgerError::UnknownUser(id) => write!(f, "unknown user {id}"),
            LedgerError::CurrencyMismatch {
                account,
                expected,
                got,
            } => write!(f, "account {account} books {expected}, not {got}"),
        }
    }
}

impl std::error::Error for LedgerError {}

/// In-memory ledger. Entries are append-only.
#[derive(Debug, Default)]
pub struct Ledger {
    entries: Vec<LedgerEntry>,
    currencies: BTreeMap<AccountId, Currency>,
    next_id: u64,
}

impl Ledger {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn open_account(&mut self, account_id: AccountId, currency: &str) {
        self.currencies.insert(account_id, currency.to_owned());
    }

    /// Posts an entry for the user and the matching revenue entry.
    ///
    /// Returns the id of the user's entry.
    pub fn post_for_user(&mut self, user_id: &str, req: &PostRequest) -> Result<u64, LedgerError> {
        if req.amount_minor == 0 {
            return Err(LedgerError::ZeroAmount);
        }
        let account = AccountId::new(user_id);
        let expected = self
            .currencies
            .get(&account)
            .ok_or_else(|| LedgerError::UnknownUser(user_id.to_owned()))?;
        if *expected != req.currency {
            return Err(LedgerError::CurrencyMismatch {
                account,
                expected: expected.clone(),
                got: req.currency.clone(),
            });
        }
        let id = self.push(account.clone(), -req.amount_minor, &req.currency, &req.memo);
        self.push(
            AccountId::new(REVENUE_BOOK),
            req.amount_minor,
            &req.currency,
            &req.memo,
        );
        tracing::info!(user_id = %account, amount_minor = req.amount_minor, "posted");
        if req.memo.is_empty() {
            tracing::warn!(user_id = %account, "posted without a memo");
        }
        Ok(id)
    }

    /// Posts a request for the account named in it.
    pub fn post(&mut self, req: &PostRequest) -> Result<u64, LedgerError> {
        self.post_for_user(req.account_id.as_str(), req)
    }

    fn push(&mut self, user_id: AccountId, amount_minor: i64, currency: &str, memo: &str) -> u64 {
        self.next_id += 1;
        self.entries.push(LedgerEntry {
            id: self.next_id,
            user_id,
            amount_minor,
            currency: currency.to_owned(),
            memo: memo.to_owned(),
        });
        self.next_id
    }

    /// Balance of one account, in minor units.
    pub fn balance(&self, account_id: &AccountId) -> i64 {
        self.entries
            .iter()
            .filter(|e| &e.user_id == account_id)
            .map(|e| e.amount_minor)
            .sum()
    }

    /// Entries booked against one user, oldest first.
    pub fn entries_for_user<'a>(
        &'a self,
        user_id: &'a AccountId,
    ) -> impl Iterator<Item = &'a LedgerEntry> + 'a {
        self.entries.iter().filter(move |e| &e.user_id == user_id)
    }

    /// Totals per account, for the month-end report.
    pub fn totals(&self) -> BTreeMap<&AccountId, i64> {
        let mut totals = BTreeMap::new();
        for entry in &self.entries {
            *totals.entry(&entry.user_id).or_insert(0) += entry.amount_minor;
        }
        totals
    }

    /// A ledger is balanced when all entries sum to zero.
    pub fn is_balanced(&self) -> bool {
        self.entries.iter().map(|e| e.amount_minor).sum::<i64>() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(account: &str, amount_minor: i64) -> PostRequest {
        PostRequest {
            account_id: AccountId::new(account),
            amount_minor,
            currency: "EUR".to_owned(),
            memo: "seats".to_owned(),
        }
    }

    #[test]
    fn posting_keeps_the_ledger_balanced() {
        let mut ledger = Ledger::new();
        ledger.open_account(AccountId::new("acct-1"), "EUR");
        ledger.post(&request("acct-1", 1200)).unwrap();
        assert!(ledger.is_balanced());
        assert_eq!(ledger.balance(&AccountId::new("acct-1")), -1200);
    }

    #[test]
    fn unknown_user_is_rejected() {
        let mut ledger = Ledger::new();
        let err = ledger.post_for_user("acct-404", &request("acct-404", 5));
        assert_eq!(err, Err(LedgerError::UnknownUser("acct-404".to_owned())));
    }

    #[test]
    fn view_duplicates_the_account_id() {
        let mut ledger = Ledger::new();
        let account_id = AccountId::new("acct-2");
        ledger.open_account(account_id.clone(), "EUR");
        ledger.post(&request("acct-2", 300)).unwrap();
        let entry = ledger.entries_for_user(&account_id).next().unwrap();
        let view = entry.view();
        assert_eq!(view.account_id, view.legacy_owner);
    }
}
