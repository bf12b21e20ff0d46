; Role query for SQL (also used for SQL inside string literals of other
; languages). Symbols are table-qualified: `turns.run_id`.

; ---- symbols around a hit ----
(create_table (object_reference name: (identifier) @scope.name)) @scope
(alter_table (object_reference name: (identifier) @scope.name)) @scope
(insert (object_reference name: (identifier) @scope.name)) @scope
(update (relation (object_reference name: (identifier) @scope.name))) @scope
(create_index (object_reference name: (identifier) @scope.name)) @scope
(statement (from . (keyword_from) . (relation (object_reference name: (identifier) @scope.name)))) @scope
(statement (from . (keyword_from) . (object_reference name: (identifier) @scope.name))) @scope
; a column or index names itself
(column_definition name: (identifier) @scope.name) @scope
(column name: (identifier) @scope.name @scope)
(column (identifier) @scope.name @scope)
(field name: (identifier) @scope.name @scope)
(field column: (identifier) @scope.name @scope)
(create_index column: (identifier) @scope.name @scope)
(rename_column old_name: (identifier) @scope.name @scope)
(rename_column new_name: (identifier) @scope.name @scope)

; ---- roles ----
; a named placeholder (`:user_id`, SQLite and most drivers): the grammar reads
; the colon as an error before a field
((ERROR) @_colon . (field name: (identifier) @parameter_use) (#eq? @_colon ":"))
(invocation (object_reference name: (identifier) @function_use))
(create_index column: (identifier) @sql_index)
(drop_index name: (identifier) @sql_index)
(object_reference name: (identifier) @sql_table)
(column_definition name: (identifier) @sql_column)
(column name: (identifier) @sql_column)
(column (identifier) @sql_column)
(field name: (identifier) @sql_column)
(field column: (identifier) @sql_column)
(rename_column (identifier) @sql_column)
(literal) @string_literal
(comment) @comment
(marginalia) @comment
(identifier) @sql_column
