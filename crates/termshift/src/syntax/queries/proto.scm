; Role query for Protocol Buffers. Symbols are message-qualified:
; `PlanningRun.run_id`, `PlanningRun.RunStep.run_index`.

; ---- symbols around a hit ----
(message (message_name (identifier) @scope.name)) @scope
(enum (enum_name (identifier) @scope.name)) @scope
(service (service_name (identifier) @scope.name)) @scope
(rpc (rpc_name (identifier) @scope.name)) @scope
(field (identifier) @scope.name) @scope
(map_field (identifier) @scope.name) @scope
(oneof_field (identifier) @scope.name) @scope
(oneof (identifier) @scope.name) @scope
(enum_field (identifier) @scope.name) @scope
; a comment belongs to the declaration after it
((comment) @scope . (comment)* . (message (message_name (identifier) @scope.name)))
((comment) @scope . (comment)* . (enum (enum_name (identifier) @scope.name)))
((comment) @scope . (comment)* . (service (service_name (identifier) @scope.name)))
((comment) @scope . (comment)* . (field (identifier) @scope.name))

; ---- roles ----
(package (full_ident) @package_declaration)
(import path: (string) @package_use)
(message_name (identifier) @proto_message)
(enum_name (identifier) @proto_enum)
(enum_field (identifier) @proto_enum)
(service_name (identifier) @proto_service)
(rpc_name (identifier) @proto_service)
(field (identifier) @proto_field)
(map_field (identifier) @proto_field)
(oneof_field (identifier) @proto_field)
(oneof (identifier) @proto_field)
(message_or_enum_type) @type_use
(option (identifier) @field_use)
(string) @string_literal
(comment) @comment
