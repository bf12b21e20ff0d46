//! Text measured as a terminal shows it: in columns (a CJK character takes
//! two, a combining mark none), cut and wrapped between characters, never
//! inside one. The terminal formats fit their lines to a width with these.

use unicode_width::UnicodeWidthChar;

/// The mark that ends a cut text.
const ELLIPSIS: char = '…';

/// The columns `text` takes. Control characters take none: the outputs
/// show them escaped (`printable`) before measuring.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` in at most `max` columns: whole when it fits, else as much of its
/// start as fits before a `…`.
pub fn truncate(text: &str, max: usize) -> String {
    fit_parts(&[text], max).concat()
}

/// `text` in at most `max` columns: whole when it fits, else a `…` and as
/// much of its end as fits (a path keeps its file's name).
pub fn truncate_start(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut kept = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once(ELLIPSIS)
        .chain(kept.into_iter().rev())
        .collect()
}

/// Parts of one text (an identifier around its highlighted word) in at most
/// `max` columns together: each part as it is when all fit, else the parts
/// cut where the columns run out, the part cut ending in `…` and the parts
/// after it empty.
pub fn fit_parts(parts: &[&str], max: usize) -> Vec<String> {
    if parts.iter().map(|p| width(p)).sum::<usize>() <= max {
        return parts.iter().map(|p| p.to_string()).collect();
    }
    // One column for the mark. The parts are wider than `max`, so some
    // character is wider than what is left of it.
    let mut room = max.saturating_sub(1);
    let mut cut = false;
    let mut fitted = Vec::with_capacity(parts.len());
    for part in parts {
        let mut kept = String::new();
        for c in part.chars() {
            if cut {
                break;
            }
            let w = c.width().unwrap_or(0);
            if w > room {
                cut = true;
                kept.push(ELLIPSIS);
            } else {
                room -= w;
                kept.push(c);
            }
        }
        fitted.push(kept);
    }
    fitted
}

/// The lines of `text`, the first in at most `first` columns and the others
/// in `next`: broken at spaces, and inside a word wider than a line (a
/// character wider than a line still takes a line of its own).
pub fn wrap(text: &str, first: usize, next: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    let mut max = first.max(1);
    let new_line = |line: &mut String, lines: &mut Vec<String>, max: &mut usize| {
        lines.push(std::mem::take(line));
        *max = next.max(1);
    };
    for word in text.split(' ') {
        let w = width(word);
        if used > 0 && used + 1 + w > max {
            new_line(&mut line, &mut lines, &mut max);
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used > 0 && used + cw > max {
                new_line(&mut line, &mut lines, &mut max);
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn wide_and_combining_characters_count_as_a_terminal_shows_them() {
        assert_eq!(width("run_id"), 6);
        assert_eq!(width("セッション"), 10);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(truncate("セッションID", 6), "セッ…");
        assert_eq!(truncate("セッションID", 12), "セッションID");
        assert_eq!(truncate("Conversation.RunID", 8), "Convers…");
        assert_eq!(truncate_start("internal/chat/store.go", 12), "…at/store.go");
        assert_eq!(
            fit_parts(&["start", "Run", "ForPrompt"], 8),
            ["start", "Ru…", ""]
        );
        assert_eq!(
            wrap("the flow of Conversation.RunID goes", 12, 12),
            ["the flow of", "Conversation", ".RunID goes"]
        );
        assert_eq!(
            wrap("turns.run_id (keyed, a.go:3)", 8, 20),
            ["turns.ru", "n_id (keyed, a.go:3)"]
        );
    }

    /// Text mixing ASCII, accents, combining marks, CJK, emoji and spaces.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "a", "Z", "_", ".", "/", " ", "é", "e\u{301}", "ß", "セ", "ッ", "한", "😀",
                "\u{200b}",
            ]),
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn a_cut_text_fits_and_starts_or_ends_as_the_text(text in text(), max in 1usize..30) {
            let cut = truncate(&text, max);
            prop_assert!(width(&cut) <= max, "{cut:?} in {max}");
            if width(&text) <= max {
                prop_assert_eq!(&cut, &text);
            } else {
                let kept = cut.strip_suffix(ELLIPSIS).expect("a cut text ends in the mark");
                prop_assert!(text.starts_with(kept));
            }
            let cut = truncate_start(&text, max);
            prop_assert!(width(&cut) <= max, "{cut:?} in {max}");
            if width(&text) > max {
                let kept = cut.strip_prefix(ELLIPSIS).expect("a cut text starts with the mark");
                prop_assert!(text.ends_with(kept));
            }
        }

        #[test]
        fn parts_cut_together_keep_their_order(
            a in text(), b in text(), c in text(), max in 1usize..30
        ) {
            let fitted = fit_parts(&[&a, &b, &c], max);
            let joined = fitted.concat();
            prop_assert!(width(&joined) <= max, "{fitted:?} in {max}");
            let whole = format!("{a}{b}{c}");
            match joined.strip_suffix(ELLIPSIS) {
                Some(kept) if width(&whole) > max => prop_assert!(whole.starts_with(kept)),
                _ => prop_assert_eq!(joined, whole),
            }
        }

        #[test]
        fn wrapped_lines_fit_and_hold_every_character(
            text in text(), first in 2usize..30, next in 2usize..30
        ) {
            let lines = wrap(&text, first, next);
            for (i, line) in lines.iter().enumerate() {
                let max = if i == 0 { first } else { next };
                prop_assert!(width(line) <= max, "{line:?} in {max}");
            }
            let kept: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let all: String = text.chars().filter(|c| *c != ' ').collect();
            prop_assert_eq!(kept, all);
        }
    }
}
