//! Go alignment after a rename: gofmt lines up the columns of consecutive
//! struct fields (name, type, tag, comment) and keyed elements (`key:`,
//! value, comment), so a name that grows or shrinks moves its neighbours.
//! A blank line, a comment line or an entry over several lines starts a new
//! section; each column is as wide as its widest cell plus one space,
//! counted over the lines that have a cell after it (as gofmt's tabwriter).
//! Only sections that hold an edit are rewritten.

use std::ops::Range;

use tree_sitter::Node;

use crate::syntax::{self, Lang};

const CONTAINERS: [&str; 2] = ["field_declaration_list", "literal_value"];

/// The text with every touched section re-aligned.
pub(super) fn realign(text: &[u8], touched: &[Range<usize>]) -> Vec<u8> {
    let Some(tree) = syntax::parse(Lang::Go, text, None) else {
        return text.to_vec();
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        let span = node.byte_range();
        if !touched
            .iter()
            .any(|t| t.start <= span.end && span.start <= t.end)
        {
            continue;
        }
        if CONTAINERS.contains(&node.kind()) {
            sections(node, text, touched, &mut lines);
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    if lines.is_empty() {
        return text.to_vec();
    }
    lines.sort_by_key(|l| l.range.start);
    lines.dedup_by_key(|l| l.range.start);
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for line in lines {
        out.extend_from_slice(&text[at..line.range.start]);
        out.extend_from_slice(line.aligned.as_bytes());
        at = line.range.end;
    }
    out.extend_from_slice(&text[at..]);
    out
}

/// A line rewritten: its bytes (without the newline) and the new text.
struct Line {
    range: Range<usize>,
    aligned: String,
}

/// One entry on a line of its own: the indentation and its cells.
struct Row {
    range: Range<usize>,
    indent: String,
    cells: Vec<String>,
}

/// Adds the aligned lines of each touched section of a container.
fn sections(container: Node, text: &[u8], touched: &[Range<usize>], out: &mut Vec<Line>) {
    let mut section: Vec<Row> = Vec::new();
    let mut cursor = container.walk();
    let children: Vec<Node> = container.named_children(&mut cursor).collect();
    let mut previous_line: Option<usize> = None;
    let flush = |section: &mut Vec<Row>, out: &mut Vec<Line>| {
        let hit = section.iter().any(|r| {
            touched
                .iter()
                .any(|t| t.start <= r.range.end + 1 && r.range.start <= t.end)
        });
        if hit && section.len() > 1 {
            out.extend(align(section));
        }
        section.clear();
    };
    for (i, child) in children.iter().enumerate() {
        let row_line = child.start_position().row;
        // A comment after an entry on its line is a cell of that entry.
        if child.kind() == "comment" && previous_line == Some(row_line) {
            continue;
        }
        let contiguous = previous_line.is_some_and(|p| row_line == p + 1);
        if !contiguous {
            flush(&mut section, out);
        }
        previous_line = Some(child.end_position().row);
        let comment = children.get(i + 1).filter(|n| {
            n.kind() == "comment" && n.start_position().row == child.end_position().row
        });
        match row(*child, comment.copied(), text) {
            Some(r) => section.push(r),
            None => flush(&mut section, out),
        }
    }
    flush(&mut section, out);
}

/// The cells of an entry alone on its line(s) of one line, or `None` when
/// it cannot be aligned (several lines, a comment, another kind).
fn row(entry: Node, comment: Option<Node>, text: &[u8]) -> Option<Row> {
    if entry.start_position().row != entry.end_position().row {
        return None;
    }
    let line_start = text[..entry.start_byte()]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let indent = &text[line_start..entry.start_byte()];
    if !indent.iter().all(|&b| b == b' ' || b == b'\t') {
        return None;
    }
    let line_end = text[entry.end_byte()..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(text.len(), |p| entry.end_byte() + p);
    let line_end = if line_end > 0 && text[line_end - 1] == b'\r' {
        line_end - 1
    } else {
        line_end
    };
    let slice = |r: Range<usize>| String::from_utf8_lossy(&text[r]).into_owned();
    let mut cells = match entry.kind() {
        "field_declaration" => {
            let mut cursor = entry.walk();
            let names: Vec<Node> = entry.children_by_field_name("name", &mut cursor).collect();
            let mut cells = Vec::new();
            if let (Some(first), Some(last)) = (names.first(), names.last()) {
                cells.push(slice(first.start_byte()..last.end_byte()));
            }
            for field in ["type", "tag"] {
                if let Some(n) = entry.child_by_field_name(field) {
                    cells.push(slice(n.byte_range()));
                }
            }
            cells
        }
        "keyed_element" => {
            let key = entry.child_by_field_name("key")?;
            let value = entry.child_by_field_name("value")?;
            let mut value_cell = slice(value.byte_range());
            let after = &text[value.end_byte()..line_end];
            if after.first() == Some(&b',') {
                value_cell.push(',');
            }
            vec![
                slice(key.start_byte()..value.start_byte())
                    .trim_end()
                    .to_string(),
                value_cell,
            ]
        }
        _ => return None,
    };
    if let Some(c) = comment {
        cells.push(slice(c.byte_range()));
    }
    Some(Row {
        range: line_start..line_end,
        indent: String::from_utf8_lossy(indent).into_owned(),
        cells,
    })
}

/// Pads each cell that has another after it to its column's width: the
/// widest such cell of the consecutive rows around it, plus one space.
fn align(rows: &[Row]) -> Vec<Line> {
    let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut widths: Vec<Vec<usize>> = rows.iter().map(|r| vec![0; r.cells.len()]).collect();
    for column in 0..columns {
        let mut start = 0;
        while start < rows.len() {
            if rows[start].cells.len() <= column + 1 {
                start += 1;
                continue;
            }
            let mut end = start;
            while end < rows.len() && rows[end].cells.len() > column + 1 {
                end += 1;
            }
            let width = rows[start..end]
                .iter()
                .map(|r| r.cells[column].chars().count())
                .max()
                .unwrap_or(0);
            for w in &mut widths[start..end] {
                w[column] = width + 1;
            }
            start = end;
        }
    }
    rows.iter()
        .zip(widths)
        .map(|(row, widths)| {
            let mut aligned = row.indent.clone();
            for (k, cell) in row.cells.iter().enumerate() {
                aligned.push_str(cell);
                if k + 1 < row.cells.len() {
                    let pad = widths[k].saturating_sub(cell.chars().count()).max(1);
                    aligned.push_str(&" ".repeat(pad));
                }
            }
            Line {
                range: row.range.clone(),
                aligned,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn realigned(text: &str, touched_at: &str) -> String {
        let at = text.find(touched_at).unwrap();
        let touched = Range {
            start: at,
            end: at + touched_at.len(),
        };
        String::from_utf8(realign(text.as_bytes(), std::slice::from_ref(&touched))).unwrap()
    }

    #[test]
    fn struct_fields_line_up_after_a_rename() {
        let text = "package a\n\ntype T struct {\n\tID string `json:\"id\"`\n\tSessionID string `json:\"session_id\"`\n\tAt int // when\n\n\tmu int\n}\n";
        let expected = "package a\n\ntype T struct {\n\tID        string `json:\"id\"`\n\tSessionID string `json:\"session_id\"`\n\tAt        int    // when\n\n\tmu int\n}\n";
        assert_eq!(realigned(text, "SessionID"), expected);
    }

    #[test]
    fn keyed_elements_line_up_and_a_comment_line_starts_a_section() {
        let text = "package a\n\nvar m = map[string]int{\n\t\"a\": 1,\n\t\"session_id\": 2,\n\t// c\n\t\"b\":   3,\n}\n";
        let expected = "package a\n\nvar m = map[string]int{\n\t\"a\":          1,\n\t\"session_id\": 2,\n\t// c\n\t\"b\":   3,\n}\n";
        assert_eq!(realigned(text, "session_id"), expected);
    }

    #[test]
    fn untouched_sections_stay_as_they_are() {
        let text = "package a\n\ntype T struct {\n\tA  int\n\tBb int\n}\n\ntype U struct {\n\tX   int\n\tYyy int\n}\n";
        assert_eq!(realigned(text, "Yyy"), text);
        assert_eq!(realigned(text, "Bb"), text);
    }
}
