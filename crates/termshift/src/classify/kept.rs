//! What a history keeps of classification from one state to the next,
//! beside its graph ([`crate::facts::KeptGraph`]): the words of the
//! graph's nodes, and what each file's occurrences say by themselves. A
//! state reads again only what its changed files and nodes hold.

use super::*;

/// Which words each node's text holds (the old word, the new word), kept
/// with the text they were read from: a graph kept across the states of
/// a history keeps most of its nodes, and comparing a text costs less
/// than reading its words.
#[derive(Default)]
pub(super) struct NodeWords {
    pub(super) read: Vec<Option<(Box<str>, bool, bool)>>,
}

/// What an occurrence says by itself, whatever the rest of the state
/// holds: its configured domain, the verb, and the type it lives under
/// when that type is named for the old word.
#[derive(Clone)]
pub(super) struct Own {
    pub(super) domain: Option<(usize, bool)>,
    /// The verb, as read with whether the state attests the word as a
    /// verb.
    pub(super) verb: Option<(String, Confidence)>,
    /// The length of the first part of its symbol (`PlanningRun` of
    /// `PlanningRun.RunID`), when that part is a type named for the old
    /// word.
    pub(super) owner: Option<usize>,
}

/// The own evidence of one version of a file's occurrences.
struct FileOwn {
    /// The graph's update that read this version.
    read_at: u64,
    own: Vec<Own>,
    /// One of them uses the word as a verb by itself.
    attests_verb: bool,
    /// The `verb_attested` their verbs were read with.
    verbs_read_with: Option<bool>,
}

/// What a history keeps of classification between the states one core
/// counts, paired with that core's [`crate::facts::KeptGraph`].
#[derive(Default)]
pub struct KeptEvidence {
    pub(super) words: NodeWords,
    /// By the graph's file id.
    files: Vec<Option<FileOwn>>,
}

impl<'a> Classifier<'a> {
    /// Every occurrence's own evidence, its verbs read as the word is
    /// attested as a verb or not: from `kept` for the files whose version
    /// it holds (the graph's `files`: each view file's id and the update
    /// that read its version), else read.
    pub(super) fn own_evidence_of_state(
        &self,
        kept: Option<(&mut KeptEvidence, &[(usize, u64)])>,
    ) -> Vec<Own> {
        let Some((kept, files)) = kept else {
            let mut holds_word = HashMap::new();
            let mut own = self.own_evidence(0..self.occurrences.len(), &mut holds_word);
            let attested = self.attests_verb(0..self.occurrences.len());
            self.read_verbs(0, attested, &mut own);
            return own;
        };
        assert_eq!(
            files.len(),
            self.facts.len(),
            "the graph is at the view's state"
        );
        let ranges: Vec<Range<usize>> = (0..files.len())
            .map(|f| {
                self.files.partition_point(|&x| x < f)..self.files.partition_point(|&x| x <= f)
            })
            .collect();
        for (&(id, read_at), range) in files.iter().zip(&ranges) {
            if kept.files.len() <= id {
                kept.files.resize_with(id + 1, || None);
            }
            if kept.files[id].as_ref().is_none_or(|f| f.read_at != read_at) {
                let mut holds_word = HashMap::new();
                kept.files[id] = Some(FileOwn {
                    read_at,
                    own: self.own_evidence(range.clone(), &mut holds_word),
                    attests_verb: self.attests_verb(range.clone()),
                    verbs_read_with: None,
                });
            }
        }
        let kept_of = |id: usize| kept.files[id].as_ref().expect("read above");
        let attested = files.iter().any(|&(id, _)| kept_of(id).attests_verb);
        let mut own = Vec::with_capacity(self.occurrences.len());
        for (&(id, _), range) in files.iter().zip(&ranges) {
            let file = kept.files[id].as_mut().expect("read above");
            if file.verbs_read_with != Some(attested) {
                self.read_verbs(range.start, attested, &mut file.own);
                file.verbs_read_with = Some(attested);
            }
            own.extend_from_slice(&file.own);
        }
        own
    }
}
