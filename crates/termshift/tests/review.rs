//! What needs a person, in groups, on the `user-to-account` example: every
//! occurrence left to review is in exactly one group, largest first, and
//! each group's decision matches its occurrences and as little else as
//! globs can say.

use std::collections::BTreeMap;
use std::path::Path;

use termshift::classify::NEEDS_REVIEW;
use termshift::review::{self, GroupKey, Selector};
use termshift::{Config, TermSide};

#[test]
fn groups_hold_what_is_left_to_review_with_their_narrowest_decision() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/user-to-account");
    let config = Config::load(&dir.join("termshift.toml")).unwrap();
    let inventory = termshift::classify(&config, termshift::scan(&config).unwrap());
    let groups = review::groups(&inventory);

    let open: Vec<usize> = (0..inventory.findings.len())
        .filter(|&i| {
            let f = &inventory.findings[i];
            f.category == NEEDS_REVIEW && f.occurrence.term == TermSide::From
        })
        .collect();
    let mut grouped: Vec<usize> = groups.iter().flat_map(|g| g.findings.clone()).collect();
    grouped.sort_unstable();
    assert_eq!(grouped, open, "each occurrence left to review in one group");
    assert!(groups
        .windows(2)
        .all(|w| w[0].findings.len() >= w[1].findings.len()));
    for group in &groups {
        let matcher = group.selector.matcher().unwrap();
        assert!(
            group
                .findings
                .iter()
                .all(|&i| review::matches(&matcher, &inventory.findings[i].occurrence)),
            "{:?}",
            group.key
        );
        assert_eq!(review::effect(&inventory, &matcher), group.effect);
        assert_eq!(
            group.effect.decided,
            group.findings.len(),
            "{:?}",
            group.key
        );
    }

    // A name: its text alone would also match a use the auth domain's file
    // claims, so the decision names the files; one the domain claims by its
    // symbol in the same file stays matched, and is counted.
    let first = &groups[0];
    assert_eq!(first.key, GroupKey::Name("UserDirectory".to_string()));
    assert_eq!(first.findings.len(), 3);
    assert_eq!(
        first.selector,
        Selector {
            path: Some("{billing-py/billing/api.py,billing-py/tests/test_api.py}".to_string()),
            symbol: None,
            text: Some("UserDirectory".to_string()),
        }
    );
    assert_eq!(
        first.effect.overridden,
        BTreeMap::from([("AUTH_USER_DOMAIN".to_string(), 1)])
    );
    // The word alone, in one file, in a comment: the file, since the word
    // is decided elsewhere.
    let word = &groups[1];
    assert_eq!(
        word.key,
        GroupKey::Word {
            word: "user".to_string(),
            file: "ledger-rs/src/lib.rs".to_string()
        }
    );
    assert_eq!(word.selector.path.as_deref(), Some("ledger-rs/src/lib.rs"));
    assert!(word.effect.overridden.is_empty());
    // A name nothing else has: its text alone.
    let name = groups
        .iter()
        .find(|g| g.key == GroupKey::Name("duplicate_user_id_key".to_string()))
        .unwrap();
    assert_eq!(
        name.selector,
        Selector {
            text: Some("duplicate_user_id_key".to_string()),
            ..Selector::default()
        }
    );
    assert!(name.reasons[0].0.starts_with("no evidence"));

    let samples = review::samples(&config, &inventory, first, 2);
    assert_eq!(samples.len(), 2);
    assert_eq!(samples[1].place, "billing-py/billing/api.py:36");
    assert_eq!(samples[1].code, "directory: UserDirectory");
}
