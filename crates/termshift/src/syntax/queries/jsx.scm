; Role query for JSX, in JavaScript and TSX; ecmascript.scm is appended after it.

(jsx_attribute (property_identifier) @object_key)
(jsx_opening_element name: (identifier) @type_use)
(jsx_self_closing_element name: (identifier) @type_use)
(jsx_text) @string_literal
