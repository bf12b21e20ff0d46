//! The columns an SQL statement names, read from its tokens: the column
//! each placeholder binds, and the columns a `SELECT` returns.

/// A column a placeholder binds: (table, column).
pub(super) type BoundColumn = (Option<String>, String);

/// The placeholders of an SQL statement, each with its position among the
/// bound arguments and the column it binds, when one can be read:
/// `INSERT INTO t (a, b) VALUES (?, ?)` pairs by position, `col = ?`
/// (in `WHERE` or `SET`) names the column before the operator.
pub(super) fn placeholders(sql: &str) -> Vec<(usize, Option<BoundColumn>)> {
    let tokens = sql_tokens(sql);
    let upper = |t: &str| t.to_ascii_uppercase();
    let table = tokens
        .windows(2)
        .find(|w| matches!(upper(w[0]).as_str(), "INTO" | "UPDATE" | "FROM"))
        .map(|w| bare_column(w[1]).to_string());
    let is_placeholder = |t: &str| {
        t == "?"
            || t == "%s"
            || (t.len() > 1
                && (t.starts_with('$') || t.starts_with('@'))
                && t[1..].bytes().all(|b| b.is_ascii_digit()))
    };
    let mut result = Vec::new();
    let mut insert_columns: Vec<String> = Vec::new();
    let mut values_seen = 0;
    let mut in_values = false;
    let mut in_insert_list = false;
    let mut count = 0;
    for (i, &token) in tokens.iter().enumerate() {
        match upper(token).as_str() {
            "VALUES" => in_values = true,
            "(" if i > 0
                && upper(tokens[i - 1]) != "VALUES"
                && !in_values
                && insert_columns.is_empty() =>
            {
                in_insert_list = i >= 2 && matches!(upper(tokens[i - 2]).as_str(), "INTO");
            }
            ")" => in_insert_list = false,
            _ => {}
        }
        if in_insert_list && token != "(" && token != "," {
            insert_columns.push(bare_column(token).to_string());
            continue;
        }
        if !is_placeholder(token) {
            continue;
        }
        // `$2` binds the second argument wherever it stands.
        let position = token
            .get(1..)
            .and_then(|n| n.parse::<usize>().ok())
            .map_or(count, |n| n.saturating_sub(1));
        count += 1;
        let column = if in_values {
            values_seen += 1;
            insert_columns.get(values_seen - 1).cloned()
        } else {
            let before = &tokens[..i];
            match before {
                [.., column, op] if matches!(*op, "=" | "!=" | "<>" | "<" | ">" | "<=" | ">=") => {
                    Some(bare_column(column).to_string())
                }
                _ => None,
            }
        };
        result.push((position, column.map(|c| (table.clone(), c))));
    }
    result
}

/// The columns a `SELECT` returns, in order, with the table of its `FROM`:
/// `SELECT a, t.run_id FROM turns t` gives `turns.a`, `turns.run_id`.
pub(super) fn selected_columns(sql: &str) -> Vec<BoundColumn> {
    let tokens = sql_tokens(sql);
    let upper = |t: &str| t.to_ascii_uppercase();
    let Some(select) = tokens.iter().position(|t| upper(t) == "SELECT") else {
        return Vec::new();
    };
    let from = tokens[select..]
        .iter()
        .position(|t| upper(t) == "FROM")
        .map(|p| select + p);
    let table = from
        .and_then(|f| tokens.get(f + 1))
        .map(|t| bare_column(t).to_string());
    let list = &tokens[select + 1..from.unwrap_or(tokens.len())];
    let mut columns = Vec::new();
    let mut depth = 0usize;
    let mut last: Option<&str> = None;
    for &token in list.iter().chain(std::iter::once(&",")) {
        match token {
            "(" => depth += 1,
            ")" => depth = depth.saturating_sub(1),
            "," if depth == 0 => {
                if let Some(column) = last.take() {
                    columns.push((table.clone(), bare_column(column).to_string()));
                }
            }
            t if depth == 0
                && t.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'"' | b'`')
                })
                && upper(t) != "DISTINCT"
                && upper(t) != "AS" =>
            {
                last = Some(t)
            }
            _ => {}
        }
    }
    columns
}

/// `t.run_id` -> `run_id`, `"run_id"` -> `run_id`.
fn bare_column(token: &str) -> &str {
    let last = token.rsplit('.').next().unwrap_or(token);
    last.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'))
}

/// Words, placeholders, operators and brackets of an SQL statement.
fn sql_tokens(sql: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let bytes = sql.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'@' | b'"' | b'`' | b'.') {
            i += 1;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || matches!(bytes[i], b'_' | b'"' | b'`' | b'.'))
            {
                i += 1;
            }
        } else if (b == b'%' && bytes.get(i + 1) == Some(&b's'))
            || matches!(b, b'<' | b'>' | b'!')
                && bytes.get(i + 1).is_some_and(|n| matches!(n, b'=' | b'>'))
        {
            i += 2;
        } else {
            i += 1;
        }
        tokens.push(&sql[start..i]);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(sql: &str) -> Vec<(usize, Option<String>)> {
        placeholders(sql)
            .into_iter()
            .map(|(p, c)| (p, c.map(|(t, c)| format!("{}.{c}", t.unwrap_or_default()))))
            .collect()
    }

    #[test]
    fn insert_columns_pair_with_values_by_position() {
        assert_eq!(
            columns("INSERT INTO turns (id, run_id) VALUES (?, ?)"),
            vec![
                (0, Some("turns.id".into())),
                (1, Some("turns.run_id".into()))
            ]
        );
    }

    #[test]
    fn selected_columns_in_order() {
        let cols: Vec<String> = selected_columns(
            "SELECT DISTINCT t.run_id, COUNT(x) AS n, session_id FROM turns t ORDER BY run_id",
        )
        .into_iter()
        .map(|(t, c)| format!("{}.{c}", t.unwrap_or_default()))
        .collect();
        assert_eq!(cols, ["turns.run_id", "turns.n", "turns.session_id"]);
    }

    #[test]
    fn comparisons_name_their_column() {
        assert_eq!(
            columns("SELECT id FROM turns t WHERE t.run_id = $2 AND id = $1 LIMIT ?"),
            vec![
                (1, Some("turns.run_id".into())),
                (0, Some("turns.id".into())),
                (2, None)
            ]
        );
        assert_eq!(
            columns("UPDATE turns SET run_id = ? WHERE id = ?"),
            vec![
                (0, Some("turns.run_id".into())),
                (1, Some("turns.id".into()))
            ]
        );
    }
}
