//! A file's text as it reads after the plan's renames, for comparing what
//! the renames make equal. The renames are kept by position, so what lies
//! in a range is found by halving rather than by reading every rename of
//! the file for every question.

use std::ops::Range;

/// A file's text and the renames planned in it.
pub(super) struct After<'a> {
    text: &'a [u8],
    /// `(span, new text)`, by start.
    renames: Vec<(Range<usize>, &'a str)>,
}

impl<'a> After<'a> {
    pub(super) fn new(
        text: &'a [u8],
        renames: impl IntoIterator<Item = (Range<usize>, &'a str)>,
    ) -> After<'a> {
        let mut renames: Vec<_> = renames.into_iter().collect();
        renames.sort_by_key(|(r, _)| (r.start, r.end));
        After { text, renames }
    }

    pub(super) fn text(&self) -> &'a [u8] {
        self.text
    }

    /// The renames that start in `range`.
    fn starting_in(&self, range: &Range<usize>) -> &[(Range<usize>, &'a str)] {
        let from = self.renames.partition_point(|(r, _)| r.start < range.start);
        let to = self.renames.partition_point(|(r, _)| r.start < range.end);
        &self.renames[from..to.max(from)]
    }

    /// Whether a rename starts in `range`.
    pub(super) fn touches(&self, range: &Range<usize>) -> bool {
        !self.starting_in(range).is_empty()
    }

    /// Whether a rename lies wholly in `range`.
    pub(super) fn renames_inside(&self, range: &Range<usize>) -> bool {
        self.starting_in(range)
            .iter()
            .any(|(r, _)| r.end <= range.end)
    }

    /// How many renames start in `range`.
    pub(super) fn count_in(&self, range: &Range<usize>) -> usize {
        self.starting_in(range).len()
    }

    /// The text of `range` with the renames that lie inside it applied.
    pub(super) fn read(&self, range: Range<usize>) -> String {
        let text = self.text;
        let mut out = String::new();
        let mut at = range.start;
        for (r, new) in self.starting_in(&range) {
            if r.end > range.end || r.start < at {
                continue;
            }
            out.push_str(&String::from_utf8_lossy(&text[at..r.start]));
            out.push_str(new);
            at = r.end;
        }
        out.push_str(&String::from_utf8_lossy(&text[at..range.end]));
        out
    }
}

pub(super) use crate::syntax::squeezed;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_range_with_the_renames_inside_it() {
        let text = b"a.run_id = b.run_id; c.run";
        let after = After::new(
            text,
            [
                (23..26, "session"),
                (2..8, "session_id"),
                (13..19, "session_id"),
            ],
        );
        assert_eq!(after.read(0..20), "a.session_id = b.session_id;");
        // A rename that runs past the range stays out.
        assert_eq!(after.read(0..5), "a.run");
        assert_eq!(after.read(21..26), "c.session");
        assert!(after.touches(&(9..14)));
        assert!(!after.touches(&(8..13)));
        assert_eq!(after.count_in(&(0..26)), 3);
        assert_eq!(after.count_in(&(5..5)), 0);
    }
}
