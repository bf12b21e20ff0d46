; Role query for Rust. Captures named after roles; the smallest node around a
; hit wins and, for the same node, the pattern written first.

; ---- symbols around a hit ----
(struct_item name: (type_identifier) @scope.name) @scope
(enum_item name: (type_identifier) @scope.name) @scope
(union_item name: (type_identifier) @scope.name) @scope
(trait_item name: (type_identifier) @scope.name) @scope
(mod_item name: (identifier) @scope.name body: (_)) @scope
(field_declaration name: (field_identifier) @scope.name) @scope
(enum_variant name: (identifier) @scope.name) @scope
; functions outside impl blocks and traits
(source_file (function_item name: (identifier) @scope.name) @scope)
(mod_item body: (declaration_list (function_item name: (identifier) @scope.name) @scope))
(block (function_item name: (identifier) @scope.name) @scope)
(foreign_mod_item body: (declaration_list (function_signature_item name: (identifier) @scope.name) @scope))
; methods: `Ledger.post_for_user`, from `impl Ledger` or `impl Trait for Ledger`
(impl_item
  type: [(type_identifier) @scope.receiver
         (generic_type type: (type_identifier) @scope.receiver)
         (scoped_type_identifier name: (type_identifier) @scope.receiver)
         (generic_type type: (scoped_type_identifier name: (type_identifier) @scope.receiver))
         (reference_type type: (type_identifier) @scope.receiver)]
  body: (declaration_list
    [(function_item name: (identifier) @scope.name)
     (const_item name: (identifier) @scope.name)
     (type_item name: (type_identifier) @scope.name)] @scope))
(trait_item
  body: (declaration_list
    [(function_item name: (identifier) @scope.name)
     (function_signature_item name: (identifier) @scope.name)
     (const_item name: (identifier) @scope.name)
     (associated_type name: (type_identifier) @scope.name)] @scope))
; items at the top of a file or module name themselves
(source_file [(const_item name: (identifier) @scope.name)
              (static_item name: (identifier) @scope.name)
              (type_item name: (type_identifier) @scope.name)] @scope)
(mod_item body: (declaration_list
  [(const_item name: (identifier) @scope.name)
   (static_item name: (identifier) @scope.name)
   (type_item name: (type_identifier) @scope.name)] @scope))
; doc comments and attributes belong to the item after them (the first of
; several `///` lines too: the comments and attributes between are skipped);
; `//!` documents the module around it, not the next item
((line_comment !inner) @scope . [(line_comment) (attribute_item)]* .
  [(function_item name: (identifier) @scope.name)
   (struct_item name: (type_identifier) @scope.name)
   (enum_item name: (type_identifier) @scope.name)
   (union_item name: (type_identifier) @scope.name)
   (trait_item name: (type_identifier) @scope.name)
   (type_item name: (type_identifier) @scope.name)
   (const_item name: (identifier) @scope.name)
   (static_item name: (identifier) @scope.name)
   (mod_item name: (identifier) @scope.name)
   (macro_definition name: (identifier) @scope.name)
   (impl_item type: [(type_identifier) @scope.name
                     (generic_type type: (type_identifier) @scope.name)])])
((attribute_item) @scope . [(line_comment) (attribute_item)]* .
  [(function_item name: (identifier) @scope.name)
   (struct_item name: (type_identifier) @scope.name)
   (enum_item name: (type_identifier) @scope.name)
   (union_item name: (type_identifier) @scope.name)
   (trait_item name: (type_identifier) @scope.name)
   (type_item name: (type_identifier) @scope.name)
   (const_item name: (identifier) @scope.name)
   (static_item name: (identifier) @scope.name)
   (mod_item name: (identifier) @scope.name)
   (impl_item type: [(type_identifier) @scope.name
                     (generic_type type: (type_identifier) @scope.name)])])
(field_declaration_list
  [(line_comment) (attribute_item)] @scope . [(line_comment) (attribute_item)]* .
  (field_declaration name: (field_identifier) @scope.name))
(enum_variant_list
  [(line_comment) (attribute_item)] @scope . [(line_comment) (attribute_item)]* .
  (enum_variant name: (identifier) @scope.name))
(impl_item
  type: [(type_identifier) @scope.receiver
         (generic_type type: (type_identifier) @scope.receiver)
         (scoped_type_identifier name: (type_identifier) @scope.receiver)
         (generic_type type: (scoped_type_identifier name: (type_identifier) @scope.receiver))
         (reference_type type: (type_identifier) @scope.receiver)]
  body: (declaration_list
    [(line_comment) (attribute_item)] @scope . [(line_comment) (attribute_item)]* .
    [(function_item name: (identifier) @scope.name)
     (const_item name: (identifier) @scope.name)
     (type_item name: (type_identifier) @scope.name)]))
(trait_item
  body: (declaration_list
    [(line_comment) (attribute_item)] @scope . [(line_comment) (attribute_item)]* .
    [(function_item name: (identifier) @scope.name)
     (function_signature_item name: (identifier) @scope.name)]))

; ---- imports ----
; what a `use` binds: the last segment of each path, or its alias
(use_declaration argument: (identifier) @import)
(use_declaration argument: (scoped_identifier name: (identifier) @import))
(use_list (identifier) @import)
(use_list (scoped_identifier name: (identifier) @import))
(use_as_clause alias: (identifier) @import)
; `use crate::users::{self, ..}` binds `users`
(scoped_use_list path: (_) @import list: (use_list (self)))
; every segment of a `use` path names a module (or an item of one)
(use_declaration argument: (identifier) @package_use)
(use_declaration argument: (scoped_identifier name: (identifier) @package_use))
(use_list (identifier) @package_use)
(use_list (scoped_identifier name: (identifier) @package_use))
(use_as_clause path: (identifier) @package_use)
(use_as_clause path: (scoped_identifier name: (identifier) @package_use))
(use_as_clause alias: (identifier) @package_use)
(scoped_use_list path: (identifier) @package_use)
(scoped_use_list path: (scoped_identifier name: (identifier) @package_use))
(extern_crate_declaration name: (identifier) @package_use)
(mod_item name: (identifier) @package_declaration)

; ---- declarations ----
(struct_item name: (type_identifier) @type_declaration)
(enum_item name: (type_identifier) @type_declaration)
(union_item name: (type_identifier) @type_declaration)
(trait_item name: (type_identifier) @type_declaration)
(type_item name: (type_identifier) @type_declaration)
(associated_type name: (type_identifier) @type_declaration)
(type_parameter name: (type_identifier) @type_declaration)
(field_declaration name: (field_identifier) @field_declaration)
(enum_variant name: (identifier) @field_declaration)
(impl_item body: (declaration_list (function_item name: (identifier) @method_declaration)))
(trait_item body: (declaration_list (function_item name: (identifier) @method_declaration)))
(trait_item body: (declaration_list (function_signature_item name: (identifier) @method_declaration)))
(function_item name: (identifier) @function_declaration)
(function_signature_item name: (identifier) @function_declaration)
(macro_definition name: (identifier) @function_declaration)
(parameter pattern: (identifier) @parameter_declaration)
(parameter pattern: (tuple_pattern (identifier) @parameter_declaration))
(parameter pattern: (ref_pattern (identifier) @parameter_declaration))
(closure_parameters (identifier) @parameter_declaration)
(closure_parameters (tuple_pattern (identifier) @parameter_declaration))
(const_item name: (identifier) @variable_declaration)
(static_item name: (identifier) @variable_declaration)
(let_declaration pattern: (identifier) @variable_declaration)
(let_declaration pattern: (tuple_pattern (identifier) @variable_declaration))
(let_declaration pattern: (ref_pattern (identifier) @variable_declaration))
(let_condition pattern: (identifier) @variable_declaration)
(for_expression pattern: (identifier) @variable_declaration)
(for_expression pattern: (tuple_pattern (identifier) @variable_declaration))
; `Type::Variant` (or `Type::CONST`): a member of a type, in an expression, a
; call, a pattern or a struct expression; `Type::function` is a function
(scoped_identifier
  path: (identifier) @_type
  name: (identifier) @field_use
  (#match? @_type "^[A-Z]")
  (#match? @field_use "^[A-Z]"))
(struct_expression
  name: (scoped_type_identifier path: (identifier) @_type name: (type_identifier) @field_use)
  (#match? @_type "^[A-Z]"))
(struct_pattern
  type: (scoped_type_identifier path: (identifier) @_type name: (type_identifier) @field_use)
  (#match? @_type "^[A-Z]"))
(tuple_struct_pattern type: (identifier) @type_use)
(tuple_struct_pattern type: (scoped_identifier name: (identifier) @type_use))
(tuple_struct_pattern (identifier) @variable_declaration)
(tuple_pattern (identifier) @variable_declaration)
(slice_pattern (identifier) @variable_declaration)
(field_pattern name: (shorthand_field_identifier) @variable_declaration)
(field_pattern name: (field_identifier) @field_use)
(captured_pattern (identifier) @variable_declaration)

; ---- attributes ----
; #[serde(rename = "user_id", alias = "userId")], #[sqlx(rename = "user_id")]
(attribute
  (identifier) @_a
  arguments: (token_tree (identifier) @_k . "=" . (string_literal) @struct_tag_key)
  (#match? @_a "^(serde|sqlx)$")
  (#match? @_k "^(rename|alias)$"))
; #[diesel(column_name = user_id)]
(attribute
  (identifier) @_a
  arguments: (token_tree (identifier) @_k . "=" . (identifier) @struct_tag_key)
  (#eq? @_a "diesel")
  (#eq? @_k "column_name"))

; ---- logging ----
; tracing::info!(user_id = %id, "posted"): the key before `=`; a string
; assigned to a field is a value, the other string the message
(macro_invocation
  macro: [(identifier) @_m (scoped_identifier name: (identifier) @_m)]
  (token_tree (identifier) @log_key)
  (#match? @_m "^(trace|debug|info|warn|error|event|span|trace_span|debug_span|info_span|warn_span|error_span)$"))
(macro_invocation
  macro: [(identifier) @_m (scoped_identifier name: (identifier) @_m)]
  (token_tree (identifier) @_key . "=" . [(string_literal) (raw_string_literal)] @string_literal)
  (#match? @_m "^(trace|debug|info|warn|error|event|span|trace_span|debug_span|info_span|warn_span|error_span)$"))
(macro_invocation
  macro: [(identifier) @_m (scoped_identifier name: (identifier) @_m)]
  (token_tree [(string_literal) (raw_string_literal)] @log_message)
  (#match? @_m "^(trace|debug|info|warn|error|event)$"))

; ---- literals and uses ----
; a capitalised name called builds a tuple struct (`UserId(raw)`)
(call_expression function: (identifier) @type_use (#match? @type_use "^[A-Z]"))
; a string index reads a map or JSON value by key: `json["user_id"]`
(index_expression (_) . [(string_literal) (raw_string_literal)] @object_key)
; Inside a macro's tokens (`assert_eq!(...)`), the same forms, token by token:
; `Type::Variant`, `Type::`, `Type(..)`, `name(..)`, `x.method(..)`,
; `x.field`, `field: value`, `x["key"]`.
; (Here and in every pattern with siblings, the node before an anchored
; anonymous token is captured: without a capture, tree-sitter reports only
; the first match among the siblings.)
(token_tree
  (identifier) @_type . "::" . (identifier) @field_use
  (#match? @_type "^[A-Z]")
  (#match? @field_use "^[A-Z]"))
(token_tree (identifier) @type_use . "::" (#match? @type_use "^[A-Z]"))
(token_tree (identifier) @type_use . (token_tree) @_args (#match? @type_use "^[A-Z]") (#match? @_args "^\\("))
(token_tree (_) @_value . "." . (identifier) @method_use . (token_tree) @_args (#match? @_args "^\\("))
(token_tree (identifier) @function_use . (token_tree) @_args (#match? @_args "^\\("))
(token_tree (_) @_value . "." . (identifier) @field_use)
(token_tree (identifier) @field_use . ":")
(token_tree
  (identifier) @_map . (token_tree . [(string_literal) (raw_string_literal)] @object_key .) @_index
  (#match? @_index "^\\["))
(field_initializer field: (field_identifier) @field_use)
(shorthand_field_initializer (identifier) @field_use)
(call_expression function: (identifier) @function_use)
(call_expression function: (scoped_identifier name: (identifier) @function_use))
(call_expression function: (field_expression field: (field_identifier) @method_use))
(call_expression function: (generic_function function: (identifier) @function_use))
(call_expression function: (generic_function function: (scoped_identifier name: (identifier) @function_use)))
(call_expression function: (generic_function function: (field_expression field: (field_identifier) @method_use)))
(macro_invocation macro: (identifier) @function_use)
(macro_invocation macro: (scoped_identifier name: (identifier) @function_use))
(field_expression field: (field_identifier) @field_use)
; `UserKind::Admin`, `Ledger::new()`: a capitalised path is a type
(scoped_identifier path: (identifier) @type_use (#match? @type_use "^[A-Z]"))
(scoped_identifier path: (identifier) @package_use)
(scoped_identifier path: (scoped_identifier name: (identifier) @package_use))
(scoped_type_identifier path: (identifier) @package_use)
(scoped_type_identifier path: (scoped_identifier name: (identifier) @package_use))
(type_identifier) @type_use
(field_identifier) @field_use
(shorthand_field_identifier) @field_use
(identifier) @variable_use
[(string_literal) (raw_string_literal)] @string_literal
[(line_comment) (block_comment)] @comment
