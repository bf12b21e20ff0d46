; Role query for YAML. Symbols are the chain of keys: `jobs.test.steps.run`.

; ---- symbols around a hit ----
(block_mapping_pair key: (_) @scope.name) @scope
(flow_pair key: (_) @scope.name) @scope

; ---- roles ----
(block_mapping_pair key: (_) @data_key)
(flow_pair key: (_) @data_key)
(flow_node) @data_value
(block_scalar) @data_value
(comment) @comment
