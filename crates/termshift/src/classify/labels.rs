//! Name flow: the alias spreads over the graph from every name of the new
//! word, each domain from the names its configuration claims.

use crate::facts::Reach;

use super::kept::NodeWords;

use super::*;

/// A category spread over the name-flow graph.
pub(super) struct Label {
    pub(super) category: Category,
    /// Why its seeds have it: "the new word", "the planning run domain
    /// (configuration)".
    pub(super) source: String,
    pub(super) reached: Vec<Option<Reach>>,
}

impl<'a> Classifier<'a> {
    /// Spreads the alias from every name of the new word, and each domain
    /// from the names its configuration claims, over the name-flow graph.
    /// Also gives, per node, whether its text holds the old word and
    /// whether it holds the new one (and not the old).
    pub(super) fn spread_labels(
        &self,
        kept: Option<&mut NodeWords>,
    ) -> (Vec<Label>, Vec<bool>, Vec<bool>) {
        let count = self.graph.node_count();
        let (mut old_word, mut new_word) = (vec![false; count], vec![false; count]);
        // Many nodes share a text (the same local in many functions).
        let mut words_of: HashMap<&str, (bool, bool)> = HashMap::new();
        let mut read = |text: &'a str| {
            *words_of.entry(text).or_insert_with(|| {
                let hits = self.config.vocabulary.find_all(text.as_bytes());
                let old = hits.iter().any(|h| h.term == FROM);
                (old, !old && hits.iter().any(|h| h.term == TO))
            })
        };
        match kept {
            None => {
                for id in 0..count {
                    (old_word[id], new_word[id]) = read(self.graph.node(id).text());
                }
            }
            Some(kept) => {
                kept.read.resize(count, None);
                for id in 0..count {
                    let text = self.graph.node(id).text();
                    (old_word[id], new_word[id]) = match &kept.read[id] {
                        Some((was, old, new)) if **was == *text => (*old, *new),
                        _ => {
                            let (old, new) = read(text);
                            kept.read[id] = Some((text.into(), old, new));
                            (old, new)
                        }
                    };
                }
            }
        }
        let mut domain_seeds: Vec<Vec<usize>> = vec![Vec::new(); self.domains.len()];
        for (i, (o, &node)) in self
            .occurrences
            .iter()
            .copied()
            .zip(&self.nodes)
            .enumerate()
        {
            let Some((node, (domain, by_name))) = node.zip(self.own[i].domain) else {
                continue;
            };
            if o.term != TermSide::From || !old_word[node] {
                continue;
            }
            // A file of a domain claims the names it declares or keeps to
            // itself, not the shared names it merely uses.
            if by_name || self.graph.node(node).local || is_declaration(o.role) {
                domain_seeds[domain].push(node);
            }
        }
        let mut claimed = vec![false; count];
        for seeds in &mut domain_seeds {
            seeds.sort_unstable();
            seeds.dedup();
            for &s in seeds.iter() {
                claimed[s] = true;
            }
        }
        let alias_seeds: Vec<usize> = (0..count).filter(|&n| new_word[n]).collect();
        let mut labels = vec![Label {
            category: Category::ALIAS,
            source: format!("a name of the new word `{}`", self.config.to),
            reached: self
                .graph
                .spread(&alias_seeds, &old_word, &claimed, MAX_HOPS),
        }];
        for (d, seeds) in domain_seeds.iter().enumerate() {
            let blocked: Vec<bool> = (0..count)
                .map(|n| new_word[n] || (claimed[n] && seeds.binary_search(&n).is_err()))
                .collect();
            let domain = self.domains[d].domain;
            labels.push(Label {
                category: self.categories.domains[d],
                source: format!("a name of the {} domain (configuration)", domain.name),
                reached: self.graph.spread(seeds, &old_word, &blocked, MAX_HOPS),
            });
        }
        (labels, old_word, new_word)
    }

    /// Name flow: the name shares its value with names of the new word
    /// (an alias) or with the configured names of a domain.
    pub(super) fn flow(&self, i: usize) -> Option<Decided> {
        let o = self.occurrences[i];
        let node = self.nodes[i]?;
        let found: Vec<&Label> = self
            .labels
            .iter()
            .filter(|label| label.reached[node].is_some())
            .collect();
        match found.as_slice() {
            [] => None,
            [label] => Some(Decided {
                category: label.category,
                why: Why::of(self.explain_reach(node, label)),
                confidence: if label.reached[node]
                    .as_ref()
                    .is_some_and(|r| r.steps.len() <= 2)
                {
                    Confidence::High
                } else {
                    Confidence::Medium
                },
                by_name: true,
                mixed: false,
            }),
            several => {
                let mut reasons = vec![reason!(
                    self,
                    "`{}` shares its value with names of {}: review which meaning it has",
                    o.text,
                    several
                        .iter()
                        .map(|label| self.phrase(label.category))
                        .collect::<Vec<_>>()
                        .join(" and ")
                )];
                for label in several {
                    reasons.extend(self.explain_reach(node, label));
                }
                Some(Decided {
                    category: Category::NEEDS_REVIEW,
                    confidence: Confidence::Low,
                    by_name: false,
                    mixed: true,
                    why: Why::of(reasons),
                })
            }
        }
    }

    /// The path from a node to the seed of its label, one sentence per
    /// edge, through the labelled names in between.
    pub(super) fn explain_reach(&self, node: usize, label: &Label) -> Vec<String> {
        const MAX_REASONS: usize = 8;
        if !self.explain {
            return Vec::new();
        }
        let mut reasons = Vec::new();
        let mut at = node;
        while let Some(reach) = label.reached[at].as_ref() {
            if reach.steps.is_empty() {
                reasons.push(format!(
                    "`{}` is {}",
                    self.graph.node(at).label(),
                    label.source
                ));
                break;
            }
            for step in &reach.steps {
                let edge = self.graph.edge(step.edge);
                let (from, into) = (self.graph.node(edge.from), self.graph.node(edge.into));
                let verb = if edge.kind.directed() {
                    "flows into"
                } else {
                    "holds the same value as"
                };
                reasons.push(format!(
                    "{} {verb} {} at {}",
                    from.label(),
                    into.label(),
                    self.graph.at(edge)
                ));
            }
            if reasons.len() >= MAX_REASONS {
                break;
            }
            at = reach.anchor;
        }
        reasons.truncate(MAX_REASONS);
        reasons
    }
}
