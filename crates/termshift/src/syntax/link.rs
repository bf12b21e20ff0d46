//! Markdown links to files: the destination of an inline link or image
//! (`[text](../pkg/run_store.go#L3)`, `![x](<img/run a.png>)`) or of a
//! reference definition (`[guide]: docs/run-guide.md`). The block grammar
//! does not parse inline text, so a destination is read from its line.
//!
//! Only a relative path is a link to a file of the roots: a destination
//! with a scheme (`https:`, `mailto:`), a network path (`//host`) or only
//! an anchor (`#usage`) names none. The path ends before its query or
//! anchor, which stay as they are.

use std::ops::Range;

/// The path parts of the relative link destinations of a Markdown text,
/// in order (not their anchors or queries).
pub fn link_paths(text: &[u8]) -> Vec<Range<usize>> {
    let mut paths = Vec::new();
    let mut start = 0;
    for line in text.split(|&b| b == b'\n') {
        let destinations = destinations(line);
        let destinations = destinations
            .into_iter()
            .map(|d| start + d.start..start + d.end);
        paths.extend(destinations.filter_map(|d| path_of(text, d)));
        start += line.len() + 1;
    }
    paths.sort_by_key(|p| p.start);
    paths
}

/// The destinations of a line's links, by range in the line.
fn destinations(line: &[u8]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    // A reference definition: up to three spaces, `[label]:`, the
    // destination.
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    if indent <= 3 && line.get(indent) == Some(&b'[') {
        if let Some(close) = line[indent..].windows(2).position(|w| w == b"]:") {
            let at = indent + close + 2;
            let at = at
                + line[at..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
            found.extend(destination_at(line, at, false));
        }
    }
    // Inline links and images: `](destination "title")`.
    let mut from = 0;
    while let Some(i) = line[from..].windows(2).position(|w| w == b"](") {
        let at = from + i + 2;
        found.extend(destination_at(line, at, true));
        from = at;
    }
    found
}

/// The destination starting at `at`: `<...>`, or up to whitespace (or, in
/// an inline link, the `)` that closes it).
fn destination_at(line: &[u8], at: usize, inline: bool) -> Option<Range<usize>> {
    if line.get(at) == Some(&b'<') {
        let len = line[at + 1..].iter().position(|&b| b == b'>')?;
        return Some(at + 1..at + 1 + len);
    }
    let mut depth = 0usize;
    let mut end = at;
    while let Some(&b) = line.get(end) {
        match b {
            b if b.is_ascii_whitespace() => break,
            b'(' if inline => depth += 1,
            b')' if inline && depth == 0 => break,
            b')' if inline => depth -= 1,
            _ => {}
        }
        end += 1;
    }
    (end > at).then_some(at..end)
}

/// The path part of a destination, when it is a relative path.
fn path_of(text: &[u8], destination: Range<usize>) -> Option<Range<usize>> {
    let d = &text[destination.clone()];
    let scheme = d.iter().position(|&b| b == b':').is_some_and(|colon| {
        colon > 0
            && d[0].is_ascii_alphabetic()
            && d[..colon]
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    if scheme || d.starts_with(b"//") {
        return None;
    }
    let len = d
        .iter()
        .position(|&b| matches!(b, b'#' | b'?'))
        .unwrap_or(d.len());
    (len > 0).then_some(destination.start..destination.start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path of the link around the first `run` after `marker` in `text`.
    fn path<'t>(text: &'t str, marker: &str) -> Option<&'t str> {
        let at = text.find(marker)? + marker.find("run")?;
        let paths = link_paths(text.as_bytes());
        paths
            .into_iter()
            .find(|p| p.contains(&at))
            .map(|r| &text[r])
    }

    #[test]
    fn a_relative_link_or_image_names_its_path_without_the_anchor() {
        let text =
            "See [the store](../pkg/run_store.go#L3) and ![x](./img/run.png?raw=1 \"a run\").\n";
        assert_eq!(path(text, "pkg/run"), Some("../pkg/run_store.go"));
        assert_eq!(path(text, "img/run"), Some("./img/run.png"));
        // The link's text and title are prose.
        assert_eq!(path(text, "a run"), None);
        let anchored = "[x](guide.md#run-store)\n";
        assert_eq!(path(anchored, "#run"), None);
        let bracketed = "[x](<docs/run guide.md>)\n";
        assert_eq!(path(bracketed, "docs/run"), Some("docs/run guide.md"));
        let nested = "[x](docs/(run).md)\n";
        assert_eq!(path(nested, "(run"), Some("docs/(run).md"));
    }

    #[test]
    fn a_reference_definition_names_its_path() {
        let text = "Intro.\n  [guide]: docs/run-guide.md \"The run guide\"\n";
        assert_eq!(path(text, "docs/run"), Some("docs/run-guide.md"));
        assert_eq!(path(text, "The run"), None);
    }

    #[test]
    fn a_url_or_an_anchor_alone_names_no_file() {
        assert_eq!(path("[x](https://example.com/run.go)\n", "/run"), None);
        assert_eq!(path("[x](//example.com/run.go)\n", "/run"), None);
        assert_eq!(path("[x](mailto:run@example.com)\n", ":run"), None);
        assert_eq!(path("[x](#run-store)\n", "#run"), None);
        assert_eq!(path("a run (and more)\n", "a run"), None);
    }
}
