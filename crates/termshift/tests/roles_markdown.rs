//! Roles of hits in Markdown, with code fences parsed in their language.

mod common;

use common::{assert_role, role_at, rows};
use termshift::syntax::Lang;

const MARKDOWN: &str = r#"# Run loop

The run loop calls `startRunForPrompt` with a `run_id`.

- list item about runs
- `RunID` in a list

| param | meaning |
|-------|---------|
| `run_id` | the run |

> a quoted run

```go
type Conv struct {
	RunID string `json:"run_id"`
}
```

```json
{"run_id": "abc"}
```

```bash
go run ./cmd/chatd
```

    indented run code

<div>html run</div>

See [runs](/runs/:runId).
"#;

#[test]
fn prose_headings_and_code_spans() {
    let rows = rows(Lang::Markdown, "run", "session", MARKDOWN);
    assert_role(&rows, 1, "Run", "markdown_heading", Some("Run loop"));
    assert_role(&rows, 3, "run", "markdown_prose", Some("Run loop"));
    assert_role(&rows, 3, "startRunForPrompt", "markdown_code_span", None);
    assert_role(&rows, 3, "run_id", "markdown_code_span", None);
    assert_role(&rows, 5, "runs", "markdown_prose", None);
    assert_role(&rows, 6, "RunID", "markdown_code_span", None);
    assert_role(&rows, 10, "run_id", "markdown_code_span", None);
    assert_role(&rows, 10, "run", "markdown_prose", None);
    assert_role(&rows, 12, "run", "markdown_prose", None);
    assert_role(&rows, 30, "run", "markdown_prose", None);
    assert_role(&rows, 32, "runId", "markdown_prose", None);
}

#[test]
fn fences_are_read_in_their_language() {
    let rows = rows(Lang::Markdown, "run", "session", MARKDOWN);
    let field = role_at(&rows, 16, "RunID");
    assert_eq!((field.role, field.lang), ("field_declaration", "go"));
    assert_eq!(field.symbol.as_deref(), Some("Conv.RunID"));
    assert_role(&rows, 16, "run_id", "struct_tag_key", None);
    let key = role_at(&rows, 21, "run_id");
    assert_eq!((key.role, key.lang), ("data_key", "json"));
    // No grammar for bash: the fence stays a code block.
    let verb = role_at(&rows, 25, "run");
    assert_eq!((verb.role, verb.lang), ("markdown_code_block", "markdown"));
    assert_role(&rows, 28, "run", "markdown_code_block", None);
}
