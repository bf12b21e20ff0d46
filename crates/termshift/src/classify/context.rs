//! Evidence from around an occurrence, for what its own evidence left
//! open: the same name in its file, the code a comment or doc names or sits
//! among; else review.

use super::*;

impl<'a> Classifier<'a> {
    /// Code that no evidence decided, and that is no name of the flow graph
    /// (a function or type name, a route), takes the category of the same name in its file when every
    /// decided use there agrees. (Across files a name
    /// may mean two things: `run_id` of a planning run and of a session.)
    pub(super) fn decide_by_same_names(&self, files: &[usize], decisions: &mut [Option<Decided>]) {
        let occurrences = &self.scan.occurrences;
        let mut in_file: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        for (i, o) in occurrences.iter().enumerate() {
            let counts = decisions[i]
                .as_ref()
                .is_some_and(|d| self.speaks_for_name(d));
            if counts && !self.is_doc(o, files[i]) {
                in_file
                    .entry((files[i], o.text.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        let mut found = Vec::new();
        for (i, o) in occurrences.iter().enumerate() {
            // A name of the flow graph that reached nothing keeps that
            // answer: the same spelling may be another type's field.
            if decisions[i].is_some()
                || self.is_doc(o, files[i])
                || o.name.is_some()
                || is_bare_word(o)
            {
                continue;
            }
            let same_file = in_file.get(&(files[i], o.text.as_str()));
            let agreed = |ids: &Vec<usize>| agreement(ids, decisions);
            if let Some((category, first)) = same_file.and_then(agreed) {
                let line = occurrences[first].line;
                let why = decisions[first]
                    .as_ref()
                    .map_or("", |d| d.reasons[0].as_str());
                let reason = format!(
                    "`{}` at line {line} of this file is {}: {why}",
                    o.text,
                    category_phrase(&category)
                );
                found.push((i, category, reason, Confidence::Medium));
            }
        }
        for (i, category, reason, confidence) in found {
            decisions[i] = Some(Decided {
                category,
                reasons: vec![reason],
                confidence,
                by_name: false,
            });
        }
    }

    /// Comments and docs follow the code they name or sit in: an
    /// identifier that is an alias in code is a stale doc; prose about a
    /// domain's names belongs to the domain.
    pub(super) fn decide_by_documented_code(
        &self,
        files: &[usize],
        decisions: &mut [Option<Decided>],
    ) {
        let occurrences = &self.scan.occurrences;
        let mut code_by_text: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in occurrences.iter().enumerate() {
            let counts = decisions[i]
                .as_ref()
                .is_some_and(|d| self.speaks_for_name(d));
            if counts && !self.is_doc(o, files[i]) {
                code_by_text.entry(o.text.as_str()).or_default().push(i);
            }
        }
        let mut found = Vec::new();
        for (i, o) in occurrences.iter().enumerate() {
            if decisions[i].is_some() || !self.is_doc(o, files[i]) {
                continue;
            }
            let named = code_by_text
                .get(o.text.as_str())
                .filter(|_| !is_bare_word(o))
                .and_then(|ids| agreement(ids, decisions));
            if let Some((category, first)) = named {
                let f = &occurrences[first];
                let reason = format!(
                    "names `{}`, which is {} in code ({}/{}:{})",
                    o.text,
                    category_phrase(&category),
                    f.repo,
                    f.path,
                    f.line
                );
                found.push((i, self.doc_category(category), reason));
                continue;
            }
            if let Some(domain) = self.domain_phrase(o) {
                found.push((
                    i,
                    domain.category.clone(),
                    format!(
                        "\"{} {}\" names the {} domain",
                        o.context.before[0],
                        o.word.to_lowercase(),
                        domain.name
                    ),
                ));
                continue;
            }
            // A doc is about the code around it: the other hits of the same
            // file (contiguous, as occurrences are sorted by file) and symbol.
            let first = files.partition_point(|&f| f < files[i]);
            let last = files.partition_point(|&f| f <= files[i]);
            let neighbours: Vec<usize> = occurrences[first..last]
                .iter()
                .enumerate()
                .map(|(k, n)| (first + k, n))
                .filter(|&(j, n)| {
                    j != i
                        && n.term == TermSide::From
                        && decisions[j].is_some()
                        && match &o.symbol {
                            Some(_) => n.symbol == o.symbol,
                            None => n.line.abs_diff(o.line) <= 3,
                        }
                })
                .map(|(j, _)| j)
                .collect();
            if let Some((category, first)) = agreement(&neighbours, decisions) {
                let f = &occurrences[first];
                let reason = format!(
                    "the names around it are {}: `{}` at line {}",
                    category_phrase(&category),
                    f.text,
                    f.line
                );
                found.push((i, self.doc_category(category), reason));
            }
        }
        for (i, category, reason) in found {
            decisions[i] = Some(Decided {
                category,
                reasons: vec![reason],
                confidence: Confidence::Medium,
                by_name: false,
            });
        }
    }

    /// The configured domain whose name the words before the hit spell
    /// (`planning run`).
    pub(super) fn domain_phrase(&self, o: &Occurrence) -> Option<&Domain> {
        let before = o.context.before.first()?;
        self.config.domains.iter().find(|d| {
            let words: Vec<String> = d
                .name
                .split(|c: char| !c.is_alphanumeric())
                .map(str::to_lowercase)
                .collect();
            words.len() >= 2
                && words.last().is_some_and(|w| {
                    o.word.eq_ignore_ascii_case(w) || o.word.to_lowercase().starts_with(w.as_str())
                })
                && words[words.len() - 2] == *before
        })
    }

    pub(super) fn needs_review(&self, o: &Occurrence, _file: usize) -> Decided {
        let mut reasons = vec![format!(
            "no evidence: `{}` does not reach a `{}` name within {MAX_HOPS} steps of name flow, and no configuration covers it",
            o.text, self.config.to
        )];
        let owner = o.symbol.as_deref().and_then(|s| s.split('.').next());
        if let Some(owner) = owner.filter(|owner| {
            let hits = self.config.vocabulary.find_all(owner.as_bytes());
            hits.iter().any(|h| h.term == FROM)
        }) {
            reasons.push(format!(
                "suggested domain: `{owner}` (a type named for its own {}s); add a [[domains]] entry if it stays",
                self.config.from
            ));
        }
        Decided {
            category: NEEDS_REVIEW.to_string(),
            reasons,
            confidence: Confidence::Low,
            by_name: false,
        }
    }
}
