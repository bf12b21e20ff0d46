//! Backward-compatibility shims a name declares itself (see
//! [`crate::gate::named_shims`]): `LegacyRunID string \`json:"run_id"\``
//! and the code that reads it. Renaming one would defeat it (a legacy
//! field reading the new key); under `compat` it stays as it is, under
//! `hard-cut` it goes: its declaration's line, and each `if` that reads it
//! (the code that copies it into the new name). A use elsewhere cannot go
//! without a person: then the shim stays and says so.

use std::collections::BTreeMap;

use tree_sitter::Node;

use super::twins::removal;
use super::{Action, Originals, Planned, Policy, Skipped};
use crate::classify::Finding;

/// The shims' places: removals under `hard-cut`, else what stays and why.
/// `places` are the findings selected for change that belong to a shim,
/// each with why and the index of the shim's declaration.
pub(super) fn resolve(
    originals: &Originals,
    findings: &[Finding],
    places: &[(usize, String, usize)],
    policy: Policy,
) -> (Vec<Planned>, Vec<Skipped>) {
    let mut by_shim: BTreeMap<usize, Vec<(usize, &str)>> = BTreeMap::new();
    for (i, why, declaration) in places {
        by_shim.entry(*declaration).or_default().push((*i, why));
    }
    let mut removals = Vec::new();
    let mut kept = Vec::new();
    for (declaration, members) in by_shim {
        let removed = match policy {
            Policy::HardCut => removal_of(originals, findings, declaration, &members),
            Policy::Compat => None,
        };
        match removed {
            Some(planned) => removals.extend(planned),
            None => {
                let how = match policy {
                    Policy::Compat => "kept for old clients; a hard cut removes it",
                    Policy::HardCut => "remove it and the code that reads it by hand",
                };
                kept.extend(members.iter().map(|(i, why)| {
                    Skipped::of(&findings[*i].occurrence, format!("{why}: {how}"))
                }));
            }
        }
    }
    (removals, kept)
}

/// The removal of a shim: its declaration's line, the old key on it goes
/// with it, and each use inside the condition of an `if`, which goes whole.
/// None when the declaration or a use cannot go that way.
fn removal_of(
    originals: &Originals,
    findings: &[Finding],
    declaration: usize,
    members: &[(usize, &str)],
) -> Option<Vec<Planned>> {
    let shim = &findings[declaration].occurrence;
    let starts: Vec<(&str, &str, usize)> = members
        .iter()
        .map(|&(i, _)| {
            let o = &findings[i].occurrence;
            (o.repo.as_str(), o.path.as_str(), o.offset - o.word_at)
        })
        .collect();
    let mut planned = Vec::new();
    for &(i, _) in members {
        let f = &findings[i];
        let o = &f.occurrence;
        let file = originals.get(&o.repo, &o.path)?;
        let tree = file.tree()?;
        let start = o.offset - o.word_at;
        let at = tree
            .root_node()
            .descendant_for_byte_range(start, start + o.text.len())?;
        let goes = if o.path == shim.path && o.line == shim.line {
            line_entry(at)
        } else {
            let reads =
                |offset: usize| starts.contains(&(o.repo.as_str(), o.path.as_str(), offset));
            reading_if(at, reads)?
        };
        let mut p = Planned::rename(f, String::new(), false);
        p.action = Action::Remove;
        p.place.removal = Some(removal(&file.bytes, goes, o.language));
        planned.push(p);
    }
    // The declaration itself must be among them: a shim whose declaration
    // is not selected stays.
    planned
        .iter()
        .any(|p| p.place.line == shim.line && p.place.path == shim.path)
        .then_some(planned)
}

/// The largest node that starts and ends on `node`'s line: the entry a
/// declaration line holds (a struct field with its tag).
fn line_entry(node: Node) -> Node {
    let row = node.start_position().row;
    let mut entry = node;
    while let Some(parent) = entry.parent() {
        if parent.start_position().row != row || parent.end_position().row != row {
            break;
        }
        entry = parent;
    }
    entry
}

/// The nearest `if` around `node` whose condition reads the shim (holds
/// a place `reads` says is one of it).
fn reading_if(node: Node, reads: impl Fn(usize) -> bool) -> Option<Node> {
    let mut at = node;
    loop {
        at = at.parent()?;
        if !matches!(at.kind(), "if_statement" | "if_expression") {
            continue;
        }
        let condition = at.child_by_field_name("condition")?;
        let mut stack = vec![condition];
        while let Some(n) = stack.pop() {
            if reads(n.start_byte()) {
                return Some(at);
            }
            let mut cursor = n.walk();
            stack.extend(n.children(&mut cursor));
        }
    }
}
