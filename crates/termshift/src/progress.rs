//! What a long run is doing, for whoever shows its progress: each stage
//! says which [`Phase`] it is in, with its counts, through a [`Progress`]
//! callback. The callback is called from the threads doing the work, once
//! per file at most: it should count, and leave drawing to its own pace.

/// A phase of a run, with what it has counted so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Listing the roots' files (the walk, or a revision's trees): the
    /// files listed so far.
    Walking { files: usize },
    /// Reading the files listed, finding the words and parsing where they
    /// occur: `done` files of `total`.
    Parsing { done: usize, total: usize },
    /// Joining the name flow and deciding every occurrence found.
    Classifying { occurrences: usize },
    /// Reading the files that hold the selected names again and planning
    /// their batches.
    Planning,
    /// Running the checks after writing (`apply --write --verify`): the
    /// check running, from 1, of `checks`.
    Verifying { check: usize, checks: usize },
}

/// Told each phase and its counts, from any thread.
pub type Progress<'a> = &'a (dyn Fn(Phase) + Sync);

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;
    use std::sync::Mutex;

    use super::Phase;
    use crate::config::Config;
    use crate::sources::Snapshot;

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The phases an inventory of `snapshot` tells, in the order told.
    fn phases(config: &Config, snapshot: &Snapshot) -> (Vec<Phase>, usize) {
        let told = Mutex::new(Vec::new());
        let inventory =
            crate::inventory(config, snapshot, &|phase| told.lock().unwrap().push(phase)).unwrap();
        (told.into_inner().unwrap(), inventory.findings.len())
    }

    /// Walking from zero up to `files`, then parsing each of them once
    /// (threads tell their counts in any order), then classifying every
    /// occurrence, and nothing else.
    fn assert_in_order(phases: &[Phase], files: usize, occurrences: usize) {
        assert_eq!(
            phases.first(),
            Some(&Phase::Walking { files: 0 }),
            "{phases:?}"
        );
        let walked = phases
            .iter()
            .take_while(|p| matches!(p, Phase::Walking { .. }))
            .count();
        let most_walked = phases[..walked]
            .iter()
            .map(|p| match p {
                Phase::Walking { files } => *files,
                _ => unreachable!(),
            })
            .max();
        assert_eq!(most_walked, Some(files), "{phases:?}");
        let parsing = &phases[walked..phases.len() - 1];
        assert_eq!(
            parsing.first(),
            Some(&Phase::Parsing {
                done: 0,
                total: files
            })
        );
        let mut done: Vec<usize> = parsing[1..]
            .iter()
            .map(|p| match p {
                Phase::Parsing { done, total } if *total == files => *done,
                other => panic!("{other:?} among the files parsed: {phases:?}"),
            })
            .collect();
        done.sort_unstable();
        assert_eq!(done, (1..=files).collect::<Vec<_>>(), "{phases:?}");
        assert_eq!(phases.last(), Some(&Phase::Classifying { occurrences }));
    }

    #[test]
    fn phases_come_in_order_with_the_snapshots_totals() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "api/conv.go",
            "package api\n\ntype Conv struct {\n\tRunID string\n\tSessionID string\n}\n",
        );
        write(
            dir.path(),
            "api/docs/notes.md",
            "# Notes\n\nEach run has a session.\n",
        );
        write(dir.path(), "api/empty.txt", "nothing here\n");
        write(
            dir.path(),
            "web/app.ts",
            "export const runId = sessionId;\n",
        );
        let roots = [dir.path().join("api"), dir.path().join("web")];
        let config = Config::quick("run", "session", &roots).unwrap();

        let (told, occurrences) = phases(&config, &Snapshot::WorkingTree);
        assert!(occurrences >= 6, "{occurrences}");
        assert_in_order(&told, 4, occurrences);

        // A revision's totals are its trees', whatever the working tree holds.
        let git = |args: &[&str]| {
            let status = Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
                .args(args)
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(status.status.success(), "git {args:?}: {status:?}");
        };
        git(&["init", "-q"]);
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "corpus"]);
        write(dir.path(), "web/later.ts", "export const runs = 1;\n");
        let (told, at_head) = phases(&config, &Snapshot::Revision("HEAD".into()));
        assert_eq!(at_head, occurrences);
        assert_in_order(&told, 4, occurrences);
        let (told, now) = phases(&config, &Snapshot::WorkingTree);
        assert_in_order(&told, 5, now);
    }
}
