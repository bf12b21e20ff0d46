//! Property tests: identifiers built in every style split back into their
//! words, and replacing a term then replacing it back gives the identifier
//! again.

use proptest::prelude::*;
use termshift_words::{case_style, replace_term, split_words, CaseStyle, Term, Vocabulary};

const STYLES: [CaseStyle; 5] = [
    CaseStyle::Snake,
    CaseStyle::ScreamingSnake,
    CaseStyle::Kebab,
    CaseStyle::Camel,
    CaseStyle::Pascal,
];

fn render(words: &[String], style: CaseStyle) -> String {
    let title = |w: &str| w[..1].to_uppercase() + &w[1..];
    match style {
        CaseStyle::Snake => words.join("_"),
        CaseStyle::ScreamingSnake => words.join("_").to_uppercase(),
        CaseStyle::Kebab => words.join("-"),
        CaseStyle::Camel => words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.clone() } else { title(w) })
            .collect(),
        CaseStyle::Pascal => words.iter().map(|w| title(w)).collect(),
        _ => unreachable!("only the styles above are generated"),
    }
}

fn vocabulary() -> Vocabulary {
    Vocabulary::new(vec![
        Term::new("run", None).unwrap(),
        Term::new("session", None).unwrap(),
    ])
}

/// Lower-case words that are neither term.
fn other_word() -> impl Strategy<Value = String> {
    "[a-z]{2,8}".prop_filter("not a term", |w| {
        !matches!(w.as_str(), "run" | "runs" | "session" | "sessions")
    })
}

fn identifier() -> impl Strategy<Value = (Vec<String>, usize, CaseStyle)> {
    (
        prop::collection::vec(other_word(), 0..4),
        any::<prop::sample::Index>(),
        prop::sample::select(STYLES.to_vec()),
        prop::bool::ANY,
    )
        .prop_map(|(mut words, at, style, plural)| {
            let at = at.index(words.len() + 1);
            words.insert(at, if plural { "runs" } else { "run" }.to_string());
            (words, at, style)
        })
}

proptest! {
    #[test]
    fn split_recovers_the_words((words, _, style) in identifier()) {
        let ident = render(&words, style);
        let split: Vec<String> = split_words(&ident).into_iter().map(|r| ident[r].to_lowercase()).collect();
        prop_assert_eq!(split, words);
    }

    #[test]
    fn replacing_keeps_style_and_inverts((words, at, style) in identifier()) {
        let ident = render(&words, style);
        let vocab = vocabulary();
        let hits = vocab.find_all(ident.as_bytes());
        prop_assert_eq!(hits.len(), 1, "{} hits in {}", hits.len(), ident);
        let hit = &hits[0];
        prop_assert_eq!(hit.token.clone(), 0..ident.len());

        let session = &vocab.terms()[1];
        let renamed = replace_term(&ident, hit.word.clone(), hit.plural, session);
        let mut expected = words.clone();
        expected[at] = if hit.plural { "sessions" } else { "session" }.to_string();
        prop_assert_eq!(&renamed, &render(&expected, style));
        if words.len() > 1 {
            prop_assert_eq!(case_style(&renamed), case_style(&ident));
        }

        let back = vocab.find_all(renamed.as_bytes());
        prop_assert_eq!(back.len(), 1);
        let run = &vocab.terms()[0];
        let restored = replace_term(&renamed, back[0].word.clone(), back[0].plural, run);
        prop_assert_eq!(restored, ident);
    }

    #[test]
    fn split_ranges_are_ordered_and_in_bounds(text in "\\PC{0,40}") {
        let mut last = 0;
        for r in split_words(&text) {
            prop_assert!(r.start >= last && r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            last = r.end;
        }
    }

    #[test]
    fn hits_lie_inside_their_tokens(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        for hit in vocabulary().find_all(&bytes) {
            prop_assert!(hit.token.start <= hit.word.start && hit.word.end <= hit.token.end);
            prop_assert!(hit.token.end <= bytes.len());
        }
    }
}
