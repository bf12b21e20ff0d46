; Role query shared by JavaScript, TypeScript and TSX; each appends it to its
; own query (javascript.scm, typescript.scm), whose patterns win ties.

; ---- symbols around a hit ----
(function_declaration name: (identifier) @scope.name) @scope
(generator_function_declaration name: (identifier) @scope.name) @scope
(method_definition name: (property_identifier) @scope.name) @scope
(variable_declarator name: (identifier) @scope.name value: [(arrow_function) (function_expression)]) @scope
(program (lexical_declaration (variable_declarator name: (identifier) @scope.name) @scope))
(program (export_statement (lexical_declaration (variable_declarator name: (identifier) @scope.name) @scope)))
; a doc comment belongs to the declaration after it
((comment) @scope . (comment)* . (function_declaration name: (identifier) @scope.name))
((comment) @scope . (comment)* . (export_statement declaration: (_ name: (_) @scope.name)))

; ---- imports ----
(namespace_import (identifier) @import)
(import_clause (identifier) @import)
(import_statement source: (string) @package_use)
(namespace_import (identifier) @package_declaration)
(import_clause (identifier) @package_declaration)
; an imported name is named after the module it comes from, as Python and
; Rust imports are (typescript.scm: what `import type` imports is a type)
(import_specifier name: (identifier) @package_use)
(import_specifier alias: (identifier) @package_use)

; ---- declarations ----
(function_declaration name: (identifier) @function_declaration)
(generator_function_declaration name: (identifier) @function_declaration)
(method_definition name: (property_identifier) @method_declaration)
(variable_declarator name: (identifier) @function_declaration value: [(arrow_function) (function_expression)])
(variable_declarator name: (identifier) @variable_declaration)
(variable_declarator name: (object_pattern (shorthand_property_identifier_pattern) @variable_declaration))
(variable_declarator name: (array_pattern (identifier) @variable_declaration))
(arrow_function parameter: (identifier) @parameter_declaration)

; ---- logging: logger.info({ runId }, "msg"), console.log("msg") ----
(call_expression
  function: (member_expression object: (_) @_o property: (property_identifier) @_m)
  arguments: (arguments (object (pair key: (_) @log_key)))
  (#match? @_m "^(trace|debug|info|warn|error|fatal|log)$")
  (#match? @_o "(?i)(log|console)"))
(call_expression
  function: (member_expression object: (_) @_o property: (property_identifier) @_m)
  arguments: (arguments (object (shorthand_property_identifier) @log_key))
  (#match? @_m "^(trace|debug|info|warn|error|fatal|log)$")
  (#match? @_o "(?i)(log|console)"))
(call_expression
  function: (member_expression object: (_) @_o property: (property_identifier) @_m)
  arguments: (arguments [(string) (template_string)] @log_message)
  (#match? @_m "^(trace|debug|info|warn|error|fatal|log)$")
  (#match? @_o "(?i)(log|console)"))

; ---- HTTP ----
; url.searchParams.get("runId"), new URLSearchParams(...).set("run_id", x)
(call_expression
  function: (member_expression object: (_) @_o property: (property_identifier) @_m)
  arguments: (arguments . (string) @query_param)
  (#match? @query_param "^[^ ]+$")
  (#match? @_m "^(get|getAll|set|append|has|delete)$")
  (#match? @_o "(?i)(searchParams|params|query)$"))
; req.query.runId (express), req.params.runId (a route parameter)
(member_expression
  object: (member_expression property: (property_identifier) @_q)
  property: (property_identifier) @query_param
  (#eq? @_q "query"))
(member_expression
  object: (member_expression property: (property_identifier) @_q)
  property: (property_identifier) @route
  (#eq? @_q "params"))

; ---- literals and uses ----
(pair key: (property_identifier) @object_key)
(pair key: (string) @object_key)
(object (shorthand_property_identifier) @object_key)
(new_expression constructor: (identifier) @type_use)
(call_expression function: (identifier) @function_use)
(call_expression function: (member_expression property: (property_identifier) @method_use))
(member_expression property: (property_identifier) @field_use)
(property_identifier) @field_use
(shorthand_property_identifier) @variable_use
(identifier) @variable_use
; a regular expression anchored on a URL path matches routes:
; /^\/(?:sessions|runs)\//
((regex_pattern) @route (#match? @route "^\\^?\\\\/"))
[(string) (template_string) (regex_pattern)] @string_literal
(comment) @comment
