; Role query for JavaScript: what differs from TypeScript. ecmascript.scm is
; appended after this file.

; ---- symbols around a hit ----
(class_declaration name: (identifier) @scope.name) @scope
(field_definition property: (property_identifier) @scope.name) @scope

; ---- declarations ----
(class_declaration name: (identifier) @type_declaration)
(field_definition property: (property_identifier) @field_declaration)
(formal_parameters (identifier) @parameter_declaration)
(formal_parameters (assignment_pattern left: (identifier) @parameter_declaration))
(formal_parameters (object_pattern (shorthand_property_identifier_pattern) @parameter_declaration))
