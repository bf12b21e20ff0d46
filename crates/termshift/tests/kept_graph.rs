//! The graph a history keeps across states is the graph built from
//! nothing at every state: the same names for the same occurrences, the
//! same edges between the same names, the same counts.

use std::path::{Path, PathBuf};

use termshift::classify::{count, count_on, KeptEvidence};
use termshift::facts::{Graph, KeptGraph};
use termshift::scan::{FileFacts, ScanView};
use termshift::sources::RootNotes;
use termshift::{Config, Occurrence, ScanResult};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        // What runs on the example kept beside its configuration.
        if entry.file_name() == ".termshift" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    files.sort();
    files
}

/// The scan's files with their occurrences, by `repo/path`.
fn files_of(scan: &ScanResult) -> Vec<(String, &[Occurrence], &FileFacts)> {
    let view = ScanView::new(scan, &scan.occurrences);
    let mut start = 0;
    (0..view.files.len())
        .map(|f| {
            let end = view.file_of.partition_point(|&x| x <= f);
            let facts = view.files[f];
            let found = (
                format!("{}/{}", facts.repo, facts.path),
                &scan.occurrences[start..end],
                facts,
            );
            start = end;
            found
        })
        .collect()
}

/// What a graph says, in terms that do not depend on how its nodes are
/// numbered: the label of each occurrence's node, and each edge by the
/// labels it joins, its kind and its place.
fn described(graph: &Graph, nodes: &[Option<usize>]) -> (Vec<Option<String>>, Vec<String>) {
    let labels = nodes
        .iter()
        .map(|n| n.map(|n| graph.node(n).label().to_string()))
        .collect();
    let mut edges: Vec<(usize, String)> = (0..graph.node_count())
        .flat_map(|n| graph.edges_of(n).collect::<Vec<_>>())
        .map(|(id, e)| {
            let (from, into) = (graph.node(e.from), graph.node(e.into));
            let text = format!(
                "{} -> {} ({:?}) at {}",
                from.label(),
                into.label(),
                e.kind,
                graph.at(e)
            );
            (id, text)
        })
        .collect();
    edges.sort();
    edges.dedup();
    let mut edges: Vec<String> = edges.into_iter().map(|(_, text)| text).collect();
    edges.sort();
    (labels, edges)
}

#[test]
fn a_kept_graph_brought_through_states_is_the_graph_built_at_each() {
    for example in ["run-to-session", "user-to-account"] {
        brought_through_states(example);
    }
}

/// The word in lower case, capitalized and in upper case.
fn cased(word: &str) -> [String; 3] {
    let mut capitalized = word.to_string();
    capitalized[..1].make_ascii_uppercase();
    [word.to_string(), capitalized, word.to_ascii_uppercase()]
}

fn brought_through_states(example: &str) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(example);
    let config = Config::load(&example.join("termshift.toml")).unwrap();
    let (from, to) = (cased(&config.from), cased(&config.to));
    let dir = tempfile::tempdir().unwrap();
    let (before_dir, after_dir) = (dir.path().join("before"), dir.path().join("after"));
    copy_dir(&example, &before_dir);
    copy_dir(&example, &after_dir);
    // The second version: every third file half migrated (the word
    // replaced in every case on every other line), so declarations, keys
    // and calls change, names die and new ones appear, and what the old
    // word's remaining occurrences say moves within the file.
    for (i, relative) in files_under(&after_dir).iter().enumerate() {
        if i % 3 != 0 || relative.starts_with("termshift.toml") {
            continue;
        }
        let path = after_dir.join(relative);
        let text = std::fs::read_to_string(&path).unwrap();
        let migrated: String = text
            .split_inclusive('\n')
            .enumerate()
            .map(|(n, line)| match n % 2 {
                0 => (0..3).fold(line.to_string(), |line, c| line.replace(&from[c], &to[c])),
                _ => line.to_string(),
            })
            .collect();
        std::fs::write(&path, migrated).unwrap();
    }
    let scanned = Scanned::of(&before_dir, &after_dir);
    let (before, after) = (files_of(&scanned.before), files_of(&scanned.after));
    let after_of = |name: &str| after.iter().find(|(n, _, _)| n == name);
    // States as lists of (file, version): 0 reads the first scan, 1 the
    // second.
    let all_before: Vec<(usize, u8)> = (0..before.len()).map(|i| (i, 0)).collect();
    let all_after: Vec<(usize, u8)> = (0..before.len())
        .filter(|&i| after_of(&before[i].0).is_some())
        .map(|i| (i, 1))
        .collect();
    let every_other_gone: Vec<(usize, u8)> = (0..before.len())
        .filter(|i| i % 2 == 0)
        .map(|i| (i, 0))
        .collect();
    let mixed: Vec<(usize, u8)> = (0..before.len())
        .map(|i| (i, (i % 4 == 1 && after_of(&before[i].0).is_some()) as u8))
        .collect();
    let states = [
        all_before.clone(),
        all_after.clone(),
        all_before.clone(),
        every_other_gone,
        mixed,
        all_after,
        all_before,
    ];
    scanned.brought_through(&format!("{example:?}"), &states);
}

/// Two scans of the same roots: a first and a second version of their
/// files.
struct Scanned {
    config: Config,
    before: ScanResult,
    after: ScanResult,
}

impl Scanned {
    fn of(before_dir: &Path, after_dir: &Path) -> Scanned {
        let scan_of = |dir: &Path| {
            let config = Config::load(&dir.join("termshift.toml")).unwrap();
            let scan = termshift::scan(&config).unwrap();
            (config, scan)
        };
        let (config, before) = scan_of(before_dir);
        let (_, after) = scan_of(after_dir);
        Scanned {
            config,
            before,
            after,
        }
    }

    /// Brings a kept graph and kept evidence through `states` (lists of
    /// a first-version file's index and the version to read of it: 0 the
    /// first, 1 the second) and compares them at each with what is built
    /// from nothing.
    fn brought_through(&self, example: &str, states: &[Vec<(usize, u8)>]) {
        let config = &self.config;
        let (before, after) = (files_of(&self.before), files_of(&self.after));
        let after_of = |name: &str| after.iter().find(|(n, _, _)| n == name);
        let mut kept: KeptGraph<u8> = KeptGraph::default();
        let mut evidence = KeptEvidence::default();
        let no_proto: Vec<(String, String)> = Vec::new();
        let notes = vec![RootNotes::default(); config.roots.len()];
        for (s, state) in states.iter().enumerate() {
            let found: Vec<(&[Occurrence], &FileFacts)> = state
                .iter()
                .map(|&(i, version)| {
                    let (_, occurrences, facts) = match version {
                        0 => &before[i],
                        _ => after_of(&before[i].0).unwrap(),
                    };
                    (*occurrences, *facts)
                })
                .collect();
            let versions: Vec<u8> = state.iter().map(|&(_, v)| v).collect();
            let view = || ScanView::of_files(found.iter().copied(), &no_proto, &notes);
            let kept_nodes = kept.update(&view(), &versions);
            let (fresh, fresh_nodes) = Graph::build(&view());
            let (kept_labels, kept_edges) = described(kept.graph(), &kept_nodes);
            let (fresh_labels, fresh_edges) = described(&fresh, &fresh_nodes);
            let first_apart = (0..fresh_labels.len()).find(|&i| kept_labels[i] != fresh_labels[i]);
            assert_eq!(
                first_apart.map(|i| (i, &kept_labels[i], &fresh_labels[i])),
                None,
                "{example}, state {s}: the first occurrence whose node differs (kept, fresh)"
            );
            let only_kept: Vec<&String> = kept_edges
                .iter()
                .filter(|e| !fresh_edges.contains(e))
                .collect();
            let only_fresh: Vec<&String> = fresh_edges
                .iter()
                .filter(|e| !kept_edges.contains(e))
                .collect();
            assert_eq!(
                (only_kept, only_fresh),
                (vec![], vec![]),
                "{example}, state {s}: edges of one graph only"
            );
            assert_eq!(kept_edges.len(), fresh_edges.len(), "{example}, state {s}");
            assert_eq!(
                count_on(config, view(), &kept, kept_nodes, &mut evidence),
                count(config, view()),
                "{example}, state {s}"
            );
        }
    }
}

/// What a file's decisions read in other files changes while the file
/// stays as it is: the kept decisions of the unchanged file must follow.
#[test]
fn kept_decisions_follow_what_other_files_decide() {
    let dir = tempfile::tempdir().unwrap();
    let (before_dir, after_dir) = (dir.path().join("before"), dir.path().join("after"));
    let config = "[migration]\nfrom = \"order\"\nto = \"purchase\"\n\n\
        [[roots]]\nname = \"app\"\npath = \"app\"\n\n\
        [[domains]]\nname = \"order book\"\nsymbols = [\"OrderPlan.OrderCode\"]\n";
    // Names under `OrderPlan` form a suggested domain while none of them
    // reaches the new word: in the second version of `links.go` its
    // field no longer flows into one. `plans.go` is the same in both,
    // but its undecided fields take the domain of their decided
    // neighbour only when they are not suggested.
    let plans = "package app\n\ntype OrderPlan struct {\n\tOrderCode  string\n\
        \tOrderName  string\n\tOrderLabel string\n}\n";
    let links = |into: &str| {
        format!(
            "package app\n\ntype OrderPlan struct {{\n\tOrderRef string\n}}\n\n\
             func link(p OrderPlan) string {{\n\t{into} := p.OrderRef\n\treturn {into}\n}}\n"
        )
    };
    for (root, into) in [(&before_dir, "purchaseRef"), (&after_dir, "otherRef")] {
        std::fs::create_dir_all(root.join("app")).unwrap();
        std::fs::write(root.join("termshift.toml"), config).unwrap();
        std::fs::write(root.join("app/plans.go"), plans).unwrap();
        std::fs::write(root.join("app/links.go"), links(into)).unwrap();
    }
    let scanned = Scanned::of(&before_dir, &after_dir);
    let before = files_of(&scanned.before);
    let links = before.iter().position(|(n, _, _)| n == "app/links.go");
    let plans = before.iter().position(|(n, _, _)| n == "app/plans.go");
    let (links, plans) = (links.unwrap(), plans.unwrap());
    let state = |version: u8| vec![(links, version), (plans, 0)];
    // The count differs between the two versions, or the states test
    // nothing.
    let counts: Vec<_> = [&scanned.before, &scanned.after]
        .iter()
        .map(|scan| {
            termshift::classify::count(&scanned.config, ScanView::new(scan, &scan.occurrences))
        })
        .collect();
    assert_ne!(counts[0], counts[1], "the versions decide alike");
    scanned.brought_through(
        "suggested domains",
        &[state(0), state(1), state(0), state(1)],
    );
}
