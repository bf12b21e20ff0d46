//! What a history keeps of classification from one state to the next,
//! beside its graph ([`crate::facts::KeptGraph`]): the words of the
//! graph's nodes, and what each file's occurrences say by themselves. A
//! state reads again only what its changed files and nodes hold.
//!
//! [`KeptEvidence`] holds, by the kept graph's file id and the update that
//! read that file version: the version's own evidence ([`Own`]: configured
//! domain, verb, owner named for the word), and its decisions after each
//! group of steps, with what the group read beyond the file (the labels
//! reaching its nodes, whether the state attests the word as a verb, the
//! roots' own sites, the domains suggested for it, the kind of migration).
//! The words of each node's text are kept with the text, read again only
//! when the text changes. A group runs again only for the files whose
//! reads changed; the passes across files, whose reads are other files'
//! decisions, run over every file.

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

/// What a history keeps of one version of a file's occurrences.
struct FileOwn {
    /// The graph's update that read this version.
    read_at: u64,
    own: Vec<Own>,
    /// One of them uses the word as a verb by itself.
    attests_verb: bool,
    /// The `verb_attested` their verbs were read with.
    verbs_read_with: Option<bool>,
    /// Their decisions in the last state counted, once decided.
    decisions: Option<FileDecisions>,
}

/// A file version's decisions in the last state counted, after each step
/// of deciding, with what each step read beyond the file: a state whose
/// reads are the same takes the step's decisions as they are.
#[derive(Default)]
struct FileDecisions {
    /// Per occurrence and label, how the label reached its node: 0 not,
    /// 1 far, 2 within two steps (what name flow decides by).
    reached: Vec<u8>,
    verb_attested: bool,
    /// The roots' own sites, which URLs are read against.
    homes: Vec<String>,
    /// The decision the file's being generated makes.
    generated: Option<Decided>,
    /// After each occurrence's own evidence and name flow.
    evidence: Vec<Option<Decided>>,
    /// The domains suggested for them (from owners across files).
    suggested: Vec<Option<String>>,
    /// After the clusters: what the kind of migration and the spread from
    /// the clusters across the graph decided of the open ones.
    clustered: Vec<Option<Decided>>,
    /// After the passes in the file.
    in_file: Vec<Option<Decided>>,
    /// After the passes across files.
    across_files: Vec<Option<Decided>>,
    /// After the last pass.
    last: Vec<Option<Decided>>,
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
    /// Also says whether the state attests the word as a verb.
    pub(super) fn own_evidence_of_state(
        &self,
        kept: Option<(&mut KeptEvidence, &[(usize, u64)])>,
    ) -> (Vec<Own>, bool) {
        let Some((kept, files)) = kept else {
            let mut holds_word = HashMap::new();
            let mut own = self.own_evidence(0..self.occurrences.len(), &mut holds_word);
            let attested = self.attests_verb(0..self.occurrences.len());
            self.read_verbs(0, attested, &mut own);
            return (own, attested);
        };
        assert_eq!(
            files.len(),
            self.facts.len(),
            "the graph is at the view's state"
        );
        let ranges = &self.file_ranges;
        for (&(id, read_at), range) in files.iter().zip(ranges) {
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
                    decisions: None,
                });
            }
        }
        let kept_of = |id: usize| kept.files[id].as_ref().expect("read above");
        let attested = files.iter().any(|&(id, _)| kept_of(id).attests_verb);
        let mut own = Vec::with_capacity(self.occurrences.len());
        for (&(id, _), range) in files.iter().zip(ranges) {
            let file = kept.files[id].as_mut().expect("read above");
            if file.verbs_read_with != Some(attested) {
                self.read_verbs(range.start, attested, &mut file.own);
                file.verbs_read_with = Some(attested);
            }
            own.extend_from_slice(&file.own);
        }
        (own, attested)
    }

    /// Every occurrence's decision but the review, and the suggested
    /// domains, as [`Classifier::decide`] makes them, taking each step's
    /// decisions of a file from `kept` where what the step reads is as
    /// it was: its file's version, and beyond it the labels reaching its
    /// nodes, whether the word is attested as a verb and its being
    /// generated (for its own evidence), the domains suggested for it
    /// (for the passes after), what the passes across files decided in
    /// it (for the last pass). The passes across files run over every
    /// file.
    pub(super) fn decide_on_kept(
        &self,
        kept: &mut KeptEvidence,
        files: &[(usize, u64)],
    ) -> Decisions {
        assert!(!self.explain, "kept decisions hold no reasons");
        // Each file's decisions are taken out and put back at the end.
        let mut records: Vec<Option<FileDecisions>> = files
            .iter()
            .map(|&(id, _)| {
                let file = kept.files[id].as_mut().expect("own evidence read first");
                file.decisions.take()
            })
            .collect();
        let ranges = &self.file_ranges;
        let mut decisions: Vec<Option<Decided>> = vec![None; self.occurrences.len()];
        let mut same_evidence = vec![false; files.len()];
        // Read into one list for every file: most match what was kept.
        let mut reached = Vec::new();
        for (f, record) in records.iter_mut().enumerate() {
            let range = ranges[f].clone();
            self.reached(range.clone(), &mut reached);
            let generated = &self.generated_files[f];
            let same_reads = record.as_ref().is_some_and(|r| {
                r.reached == reached
                    && r.verb_attested == self.verb_attested
                    && r.homes == self.homes
                    && r.generated == *generated
            });
            if same_reads {
                let r = record.as_ref().expect("checked above");
                decisions[range].clone_from_slice(&r.evidence);
                same_evidence[f] = true;
                continue;
            }
            for i in range.clone() {
                decisions[i] = self.decide_by_evidence(i);
            }
            let r = record.get_or_insert_with(FileDecisions::default);
            same_evidence[f] = r.evidence == decisions[range.clone()];
            r.reached = reached.clone();
            r.verb_attested = self.verb_attested;
            r.homes.clone_from(&self.homes);
            r.generated = generated.clone();
            r.evidence = decisions[range].to_vec();
        }
        let kind = self.read_kind(&decisions);
        let suggested = self.suggest_domains(&decisions);
        self.decide_clusters(kind.kind, &mut decisions, &suggested);
        // Whether a file's input to the passes in it is what was kept.
        let mut same_input = vec![false; files.len()];
        // The files a group runs over, and their occurrences.
        let mut active: Vec<usize> = Vec::new();
        let ranges_of = |active: &[usize]| -> Vec<Range<usize>> {
            active.iter().map(|&f| ranges[f].clone()).collect()
        };
        for (f, record) in records.iter().enumerate() {
            let range = ranges[f].clone();
            let r = record.as_ref().expect("made above");
            same_input[f] = same_evidence[f]
                && r.suggested == suggested[range.clone()]
                && r.clustered == decisions[range.clone()];
            if same_input[f] {
                decisions[range].clone_from_slice(&r.in_file);
            } else {
                active.push(f);
            }
        }
        for &f in &active {
            let r = records[f].as_mut().expect("made above");
            r.clustered = decisions[ranges[f].clone()].to_vec();
        }
        self.decide_by_context(
            &mut decisions,
            &suggested,
            Passes::InFile,
            kind.kind,
            &ranges_of(&active),
        );
        for &f in &active {
            let r = records[f].as_mut().expect("made above");
            r.in_file = decisions[ranges[f].clone()].to_vec();
            r.suggested = suggested[ranges[f].clone()].to_vec();
        }
        let all = 0..self.occurrences.len();
        self.decide_by_context(
            &mut decisions,
            &suggested,
            Passes::AcrossFiles,
            kind.kind,
            std::slice::from_ref(&all),
        );
        active.clear();
        for (f, record) in records.iter_mut().enumerate() {
            let range = ranges[f].clone();
            let r = record.as_mut().expect("made above");
            if same_input[f] && r.across_files == decisions[range.clone()] {
                decisions[range].clone_from_slice(&r.last);
            } else {
                r.across_files = decisions[range].to_vec();
                active.push(f);
            }
        }
        self.decide_by_context(
            &mut decisions,
            &suggested,
            Passes::Last,
            kind.kind,
            &ranges_of(&active),
        );
        for &f in &active {
            let r = records[f].as_mut().expect("made above");
            r.last = decisions[ranges[f].clone()].to_vec();
        }
        for (&(id, _), record) in files.iter().zip(records) {
            kept.files[id].as_mut().expect("read above").decisions = record;
        }
        Decisions {
            decisions,
            suggested,
            kind,
        }
    }

    /// Per occurrence of `range` and label, how the label reached the
    /// occurrence's node (see [`FileDecisions::reached`]), into `reached`.
    fn reached(&self, range: Range<usize>, reached: &mut Vec<u8>) {
        reached.clear();
        for node in &self.nodes[range] {
            reached.extend(self.labels.iter().map(|label| {
                match node.and_then(|n| label.reached[n].as_ref()) {
                    None => 0,
                    Some(reach) if reach.steps.len() <= 2 => 2,
                    Some(_) => 1,
                }
            }));
        }
    }
}
