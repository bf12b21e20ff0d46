; Role query for Markdown (the block grammar). Inline code spans inside prose
; are found by the engine; fences in a known language are parsed in it.

; ---- symbols around a hit: the heading of its section ----
(section (atx_heading heading_content: (inline) @scope.name)) @scope
(section (setext_heading heading_content: (paragraph) @scope.name)) @scope

; ---- code ----
(fenced_code_block
  (info_string (language) @injection.language)
  (code_fence_content) @injection.content)
(fenced_code_block) @markdown_code_block
(indented_code_block) @markdown_code_block

; ---- prose ----
(atx_heading) @markdown_heading
(setext_heading) @markdown_heading
(pipe_table_cell) @markdown_prose
(paragraph) @markdown_prose
(html_block) @markdown_prose
