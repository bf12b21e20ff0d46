; Role query for JSON. Symbols are the chain of keys: `scripts.test:run`.

; ---- symbols around a hit ----
(pair key: (string (string_content) @scope.name)) @scope

; ---- roles ----
(pair key: (string) @data_key)
(string) @data_value
(comment) @comment
