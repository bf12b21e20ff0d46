//! The byte prefilter: one multi-pattern search for the needles of the
//! vocabulary (each in the cases a whole word can have, so the search is
//! exact and SIMD-accelerated). Files without a needle are never split into
//! words or parsed; in the others only the needles' positions are examined.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::words::Vocabulary;

pub struct Prefilter {
    searcher: AhoCorasick,
}

impl Prefilter {
    pub fn new(vocabulary: &Vocabulary) -> Prefilter {
        let searcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(vocabulary.needles())
            .expect("needles are short ASCII words");
        Prefilter { searcher }
    }

    /// Byte offsets where a needle starts.
    pub fn candidates(&self, text: &[u8]) -> Vec<usize> {
        self.searcher.find_iter(text).map(|m| m.start()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::Term;

    #[test]
    fn finds_needles_in_every_case_a_word_has() {
        let vocab = Vocabulary::new(vec![
            Term::new("run", None).unwrap(),
            Term::new("session", None).unwrap(),
        ]);
        let prefilter = Prefilter::new(&vocab);
        assert_eq!(
            prefilter.candidates(b"x RunID SESSION prune"),
            vec![2, 8, 17]
        );
        assert!(prefilter.candidates(b"nothing here").is_empty());
    }
}
