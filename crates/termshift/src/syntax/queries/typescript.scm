; Role query for TypeScript and TSX: what TypeScript adds to JavaScript.
; ecmascript.scm is appended after this file, so these patterns win ties.

; ---- symbols around a hit ----
(interface_declaration name: (type_identifier) @scope.name) @scope
(type_alias_declaration name: (type_identifier) @scope.name) @scope
(class_declaration name: (type_identifier) @scope.name) @scope
(abstract_class_declaration name: (type_identifier) @scope.name) @scope
(enum_declaration name: (identifier) @scope.name) @scope
(property_signature name: (property_identifier) @scope.name) @scope
(public_field_definition name: (property_identifier) @scope.name) @scope
(method_signature name: (property_identifier) @scope.name) @scope

; ---- imports ----
; what `import type { A }` or `import { type A }` imports is a type
(import_statement "type" (import_clause (named_imports (import_specifier name: (identifier) @type_use))))
(import_specifier "type" name: (identifier) @type_use)

; ---- declarations ----
(interface_declaration name: (type_identifier) @type_declaration)
(type_alias_declaration name: (type_identifier) @type_declaration)
(class_declaration name: (type_identifier) @type_declaration)
(abstract_class_declaration name: (type_identifier) @type_declaration)
(enum_declaration name: (identifier) @type_declaration)
(enum_body (property_identifier) @field_declaration)
(enum_assignment name: (property_identifier) @field_declaration)
(property_signature name: (property_identifier) @field_declaration)
(public_field_definition name: (property_identifier) @field_declaration)
(method_signature name: (property_identifier) @method_declaration)
(abstract_method_signature name: (property_identifier) @method_declaration)
(required_parameter pattern: (identifier) @parameter_declaration)
(optional_parameter pattern: (identifier) @parameter_declaration)
(required_parameter pattern: (object_pattern (shorthand_property_identifier_pattern) @parameter_declaration))
(optional_parameter pattern: (object_pattern (shorthand_property_identifier_pattern) @parameter_declaration))
(type_identifier) @type_use
