//! The nodes around many spans of one tree, found in one walk down.
//!
//! tree-sitter answers `Node::parent` and `descendant_for_byte_range` by
//! walking down from the root through each level's children, so asking
//! them once per hit costs the hits times the widest level: a block of
//! 200,000 statements, the one line of a minified file. [`Ancestry`] lists
//! each node's children once, finds each span's child by halving, and
//! keeps each node's parent, so climbing from a span costs its depth.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

/// The nodes on the way down to a set of spans, each with its parent.
pub struct Ancestry<'t> {
    /// Each node seen, with the index of its parent (`None` at the root).
    nodes: Vec<(Node<'t>, Option<usize>)>,
    /// Where each seen node's children lie in `nodes`, once listed.
    children: Vec<Option<Range<usize>>>,
    /// The deepest node around each span.
    at: HashMap<(usize, usize), usize>,
}

/// A node of an [`Ancestry`], which knows its parent.
#[derive(Clone, Copy)]
pub struct Up<'a, 't> {
    ancestry: &'a Ancestry<'t>,
    index: usize,
}

impl<'t> Ancestry<'t> {
    /// The nodes down from `root` to each of `spans`.
    pub fn new(root: Node<'t>, spans: impl IntoIterator<Item = Range<usize>>) -> Ancestry<'t> {
        let mut ancestry = Ancestry {
            nodes: vec![(root, None)],
            children: vec![None],
            at: HashMap::new(),
        };
        for span in spans {
            let key = (span.start, span.end);
            if !ancestry.at.contains_key(&key) {
                let found = ancestry.descend(span);
                ancestry.at.insert(key, found);
            }
        }
        ancestry
    }

    /// The smallest node that holds `span`, as tree-sitter's
    /// `descendant_for_byte_range` finds it; `None` for a span not given
    /// to [`Ancestry::new`].
    pub fn at(&self, span: &Range<usize>) -> Option<Up<'_, 't>> {
        let index = *self.at.get(&(span.start, span.end))?;
        Some(Up {
            ancestry: self,
            index,
        })
    }

    /// The same walk as tree-sitter's: into the first child that ends at
    /// or after the span (and after its start) and starts at or before it.
    fn descend(&mut self, span: Range<usize>) -> usize {
        let want = span.end.max(span.start + 1);
        let mut index = 0;
        loop {
            let children = self.children_of(index);
            let kids = &self.nodes[children.clone()];
            let k = kids.partition_point(|(n, _)| n.end_byte() < want);
            match kids.get(k) {
                Some((child, _)) if child.start_byte() <= span.start => {
                    index = children.start + k;
                }
                _ => return index,
            }
        }
    }

    fn children_of(&mut self, index: usize) -> Range<usize> {
        if let Some(range) = &self.children[index] {
            return range.clone();
        }
        let start = self.nodes.len();
        let mut cursor = self.nodes[index].0.walk();
        if cursor.goto_first_child() {
            loop {
                self.nodes.push((cursor.node(), Some(index)));
                self.children.push(None);
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        let range = start..self.nodes.len();
        self.children[index] = Some(range.clone());
        range
    }
}

impl<'a, 't> Up<'a, 't> {
    pub fn node(self) -> Node<'t> {
        self.ancestry.nodes[self.index].0
    }

    pub fn parent(self) -> Option<Up<'a, 't>> {
        let index = self.ancestry.nodes[self.index].1?;
        Some(Up {
            ancestry: self.ancestry,
            index,
        })
    }

    /// This node, then each node above it up to the root.
    pub fn and_above(self) -> impl Iterator<Item = Up<'a, 't>> {
        std::iter::successors(Some(self), |up| up.parent())
    }
}

/// The nearest node at or above each node that one test picks, each
/// node's answer worked out once: the places of one long chain share
/// their climb instead of each walking it to the root.
pub struct Nearest<F> {
    test: F,
    found: HashMap<usize, Option<usize>>,
}

impl<F> Nearest<F> {
    /// `test` must answer the same for a node each time it is asked.
    pub fn new(test: F) -> Nearest<F> {
        Nearest {
            test,
            found: HashMap::new(),
        }
    }

    /// `from` or the nearest node above it that passes the test.
    pub fn from<'a, 't>(&mut self, from: Up<'a, 't>) -> Option<Up<'a, 't>>
    where
        F: FnMut(Up<'a, 't>) -> bool,
    {
        let mut path = Vec::new();
        let mut at = Some(from);
        let answer = loop {
            let Some(up) = at else {
                break None;
            };
            if let Some(&known) = self.found.get(&up.index) {
                break known;
            }
            path.push(up.index);
            if (self.test)(up) {
                break Some(up.index);
            }
            at = up.parent();
        };
        for index in path {
            self.found.insert(index, answer);
        }
        answer.map(|index| Up {
            ancestry: from.ancestry,
            index,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, Lang};

    /// Every span of a file, however wide its levels, finds the node
    /// tree-sitter finds, and the same nodes above it.
    #[test]
    fn finds_what_tree_sitter_finds() {
        let mut text = String::from("package p\n\nfunc f() {\n");
        for i in 0..50 {
            text.push_str(&format!("\tuse(run{i}, \"run\")\n\tx := a.run{i}.b\n"));
        }
        text.push_str("}\n");
        let tree = parse(Lang::Go, text.as_bytes(), None).unwrap();
        let root = tree.root_node();
        let mut spans: Vec<Range<usize>> = text
            .match_indices("run")
            .map(|(at, _)| at..at + 3)
            .collect();
        spans.push(0..0);
        spans.push(0..text.len());
        spans.push(text.len()..text.len());
        spans.extend((0..text.len()).step_by(7).map(|at| at..at));
        let ancestry = Ancestry::new(root, spans.clone());
        for span in &spans {
            let ours: Vec<usize> = ancestry
                .at(span)
                .unwrap()
                .and_above()
                .map(|up| up.node().id())
                .collect();
            let theirs: Vec<usize> =
                std::iter::successors(root.descendant_for_byte_range(span.start, span.end), |n| {
                    n.parent()
                })
                .map(|n| n.id())
                .collect();
            assert_eq!(ours, theirs, "{span:?}");
        }
        assert!(ancestry.at(&(1..2)).is_none());
    }

    #[test]
    fn the_nearest_node_a_test_picks_is_asked_once_per_node() {
        let text = b"package p\n\nvar x = a + (b + (c + d))\n";
        let tree = parse(Lang::Go, text, None).unwrap();
        let at = |s: &[u8]| {
            let start = text.windows(s.len()).position(|w| w == s).unwrap();
            start..start + s.len()
        };
        let (d, b, var) = (at(b"d)"), at(b"b +"), at(b"var"));
        let (d, b) = (d.start..d.start + 1, b.start..b.start + 1);
        let spans = [d.clone(), b.clone(), var.clone()];
        let ancestry = Ancestry::new(tree.root_node(), spans.clone());
        let asked = std::cell::Cell::new(0);
        let mut nearest = Nearest::new(|up: Up| {
            asked.set(asked.get() + 1);
            up.node().kind() == "binary_expression"
        });
        let mut sum = |span: &Range<usize>| nearest.from(ancestry.at(span).unwrap());
        let inner = sum(&d).unwrap().node();
        assert_eq!(&text[inner.byte_range()], b"c + d");
        let middle = sum(&b).unwrap().node();
        assert_eq!(&text[middle.byte_range()], b"b + (c + d)");
        assert!(sum(&var).is_none());
        // Asked again, no node is tested again.
        let before = asked.get();
        for span in [&d, &b, &var] {
            sum(span);
        }
        assert_eq!(asked.get(), before);
    }
}
