//! URL paths and route patterns inside strings: `/api/runs/{runId}`,
//! `POST /runs/:runId/prompts`, `https://host/users/<int:user_id>`,
//! `` `/api/runs/${id}?run_id=${id}` ``. A route names its pieces: a segment
//! by the path up to it (`/api/runs`), a placeholder or query parameter by
//! its own name (`runId`), so that the same route read on a server and
//! written by a client meet in the name-flow graph.

use std::ops::Range;

/// The byte that stands for an interpolated value (`${x}`, `{x}` of an
/// f-string, `+ x +`) in a string's text.
pub(crate) const HOLE: u8 = 0;

/// One piece of a path or query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    /// The piece's bytes in the text given to [`parse`] (the name only, for
    /// a placeholder or query key).
    pub range: Range<usize>,
    pub kind: PieceKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// A literal segment, named by the path up to and including it, with
    /// placeholders written `{}`: `/api/runs`.
    Segment { path: String },
    /// `{runId}`, `:runId`, `<int:user_id>`: named by `runId`; `after` is the
    /// path of the segment before it, if any.
    Placeholder { name: String, after: Option<String> },
    /// An interpolated value standing where a segment stands (`/runs/${id}`);
    /// `after` is the path of the segment before it.
    Hole { index: usize, after: Option<String> },
    /// `?run_id=`: the key of a query parameter; `value_hole` is the index
    /// of the interpolated value after `=`, if any.
    QueryKey {
        name: String,
        value_hole: Option<usize>,
    },
}

/// Reads the path and query of a string that holds a URL or route, or
/// `None` when it holds something else (prose, a file path with spaces).
pub(crate) fn parse(text: &[u8]) -> Option<Vec<Piece>> {
    // `?run_id=`: a query alone.
    let start = if text.first() == Some(&b'?') {
        0
    } else {
        path_start(text)?
    };
    let mut pieces = Vec::new();
    let mut path = String::new();
    let mut last_segment: Option<String> = None;
    let mut holes = text[..start].iter().filter(|&&b| b == HOLE).count();
    let mut i = start;
    // Path: `/` separated segments up to `?`, `#` or the end.
    while i < text.len() && text[i] == b'/' {
        let seg_start = i + 1;
        let seg_end = text[seg_start..]
            .iter()
            .position(|&b| matches!(b, b'/' | b'?' | b'#'))
            .map_or(text.len(), |p| seg_start + p);
        let segment = &text[seg_start..seg_end];
        i = seg_end;
        if segment.is_empty() {
            continue;
        }
        if let Some(name) = placeholder(segment, seg_start) {
            pieces.push(Piece {
                range: name.clone(),
                kind: PieceKind::Placeholder {
                    name: String::from_utf8_lossy(&text[name]).into_owned(),
                    after: last_segment.clone(),
                },
            });
            path.push_str("/{}");
            last_segment = None;
        } else if segment == [HOLE] {
            pieces.push(Piece {
                range: seg_start..seg_end,
                kind: PieceKind::Hole {
                    index: holes,
                    after: last_segment.clone(),
                },
            });
            holes += 1;
            path.push_str("/{}");
            last_segment = None;
        } else {
            holes += segment.iter().filter(|&&b| b == HOLE).count();
            path.push('/');
            path.push_str(&String::from_utf8_lossy(segment));
            pieces.push(Piece {
                range: seg_start..seg_end,
                kind: PieceKind::Segment { path: path.clone() },
            });
            last_segment = Some(path.clone());
        }
    }
    if text.get(i) == Some(&b'?') {
        i += 1;
        while i < text.len() && text[i] != b'#' {
            let pair_end = text[i..]
                .iter()
                .position(|&b| matches!(b, b'&' | b'#'))
                .map_or(text.len(), |p| i + p);
            let pair = &text[i..pair_end];
            let key_len = pair.iter().position(|&b| b == b'=').unwrap_or(pair.len());
            let value = pair.get(key_len + 1..).unwrap_or_default();
            if key_len > 0 && !pair[..key_len].contains(&HOLE) {
                pieces.push(Piece {
                    range: i..i + key_len,
                    kind: PieceKind::QueryKey {
                        name: String::from_utf8_lossy(&pair[..key_len]).into_owned(),
                        value_hole: value.starts_with(&[HOLE]).then_some(holes),
                    },
                });
            }
            holes += pair.iter().filter(|&&b| b == HOLE).count();
            i = pair_end + usize::from(pair_end < text.len() && text[pair_end] == b'&');
        }
    }
    (!pieces.is_empty()).then_some(pieces)
}

/// The route piece a hit in free text stands in, reading the run of text
/// around it up to whitespace, a backtick or a quote (a route in a comment,
/// a code span or a shell line: `curl host/api/runs/s-1`).
pub(crate) fn piece_around(text: &[u8], hit: &Range<usize>) -> Option<PieceKind> {
    let stop =
        |b: &u8| b.is_ascii_whitespace() || matches!(b, b'`' | b'"' | b'\'' | b'(' | b')' | b',');
    let start = text[..hit.start]
        .iter()
        .rposition(stop)
        .map_or(0, |p| p + 1);
    let end = text[hit.end..]
        .iter()
        .position(stop)
        .map_or(text.len(), |p| hit.end + p);
    let token = &text[start..end];
    let pieces = parse(token)?;
    let at = hit.start - start;
    pieces
        .into_iter()
        .find(|p| p.range.start <= at && at < p.range.end)
        .map(|p| p.kind)
}

/// Where the path begins: after an HTTP method (`GET /x`), or a scheme and
/// host (`https://h/x`, `localhost:8080/x`). A route is one token.
fn path_start(text: &[u8]) -> Option<usize> {
    let mut start = 0;
    let method_len = text.iter().take_while(|b| b.is_ascii_uppercase()).count();
    if method_len >= 3 && text.get(method_len) == Some(&b' ') {
        start = method_len + 1;
    }
    let rest = &text[start..];
    if rest.is_empty() || rest.iter().any(u8::is_ascii_whitespace) {
        return None;
    }
    if rest[0] == b'/' {
        return (rest.len() > 1 && rest[1] != b'/').then_some(start);
    }
    let scheme_end = rest.windows(3).position(|w| w == b"://").map(|p| p + 3);
    let host_start = scheme_end.unwrap_or(0);
    let slash = rest[host_start..].iter().position(|&b| b == b'/')?;
    let host = &rest[host_start..host_start + slash];
    let looks_like_host = scheme_end.is_some()
        || (host.contains(&b':') || host.contains(&b'.'))
            && host
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'-'));
    looks_like_host.then_some(start + host_start + slash)
}

/// The name of a placeholder segment (`{runId}`, `{id...}`, `:runId`,
/// `<int:user_id>`), as a range of the text.
fn placeholder(segment: &[u8], at: usize) -> Option<Range<usize>> {
    let name_in = |inner: &[u8], offset: usize| -> Option<Range<usize>> {
        let name_start = inner.iter().rposition(|&b| b == b':').map_or(0, |p| p + 1);
        let name = &inner[name_start..];
        let len = name
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        (len > 0).then(|| offset + name_start..offset + name_start + len)
    };
    match (segment.first(), segment.last()) {
        (Some(b'{'), Some(b'}')) | (Some(b'<'), Some(b'>')) if segment.len() > 2 => {
            name_in(&segment[1..segment.len() - 1], at + 1)
        }
        (Some(b':'), _) if segment.len() > 1 => name_in(&segment[1..], at + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &[u8]) -> Vec<PieceKind> {
        parse(text)
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.kind)
            .collect()
    }

    fn segment(path: &str) -> PieceKind {
        PieceKind::Segment { path: path.into() }
    }

    #[test]
    fn routes_name_segments_by_their_path_and_placeholders_by_name() {
        assert_eq!(
            kinds(b"POST /api/runs/{runId}/prompts"),
            vec![
                segment("/api"),
                segment("/api/runs"),
                PieceKind::Placeholder {
                    name: "runId".into(),
                    after: Some("/api/runs".into())
                },
                segment("/api/runs/{}/prompts"),
            ]
        );
        assert_eq!(
            kinds(b"/users/<int:user_id>"),
            vec![
                segment("/users"),
                PieceKind::Placeholder {
                    name: "user_id".into(),
                    after: Some("/users".into())
                },
            ]
        );
        let pieces = parse(b"/runs/:runId").unwrap();
        assert_eq!(pieces[1].range, 7..12);
    }

    #[test]
    fn holes_and_query_keys() {
        let text = b"/api/runs/\0?run_id=\0&limit=50";
        assert_eq!(
            kinds(text),
            vec![
                segment("/api"),
                segment("/api/runs"),
                PieceKind::Hole {
                    index: 0,
                    after: Some("/api/runs".into())
                },
                PieceKind::QueryKey {
                    name: "run_id".into(),
                    value_hole: Some(1)
                },
                PieceKind::QueryKey {
                    name: "limit".into(),
                    value_hole: None
                },
            ]
        );
    }

    #[test]
    fn pieces_in_free_text() {
        let text = b"read `?run_id=` or curl -s localhost:8080/api/runs/s-1/prompts now";
        let at = |w: &[u8]| {
            let p = text.windows(w.len()).position(|x| x == w).unwrap();
            piece_around(text, &(p..p + w.len()))
        };
        assert_eq!(
            at(b"run_id"),
            Some(PieceKind::QueryKey {
                name: "run_id".into(),
                value_hole: None
            })
        );
        assert_eq!(at(b"runs"), Some(segment("/api/runs")));
        assert_eq!(at(b"now"), None);
    }

    #[test]
    fn hosts_are_skipped_and_prose_is_no_route() {
        assert_eq!(
            kinds(b"localhost:8080/api/runs"),
            vec![segment("/api"), segment("/api/runs")]
        );
        assert_eq!(kinds(b"https://x.io/runs"), vec![segment("/runs")]);
        assert!(parse(b"a run of /x").is_none());
        assert!(parse(b"//comment").is_none());
        assert!(parse(b"plain").is_none());
    }
}
