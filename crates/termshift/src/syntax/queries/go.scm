; Role query for Go. Captures named after roles; the smallest node around a
; hit wins and, for the same node, the pattern written first.

; ---- symbols around a hit ----
(function_declaration name: (identifier) @scope.name) @scope
(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      type: [(type_identifier) @scope.receiver
             (pointer_type (type_identifier) @scope.receiver)
             (generic_type type: (type_identifier) @scope.receiver)
             (pointer_type (generic_type type: (type_identifier) @scope.receiver))]))
  name: (field_identifier) @scope.name) @scope
(type_spec name: (type_identifier) @scope.name) @scope
(field_declaration name: (field_identifier) @scope.name) @scope
(method_elem name: (field_identifier) @scope.name) @scope
; a doc comment belongs to the declaration after it
((comment) @scope . (comment)* . (function_declaration name: (identifier) @scope.name))
((comment) @scope . (comment)* . (type_declaration (type_spec name: (type_identifier) @scope.name)))
((comment) @scope . (comment)* . (field_declaration name: (field_identifier) @scope.name))
((comment) @scope . (comment)* .
  (method_declaration
    receiver: (parameter_list
      (parameter_declaration
        type: [(type_identifier) @scope.receiver
               (pointer_type (type_identifier) @scope.receiver)
               (generic_type type: (type_identifier) @scope.receiver)
               (pointer_type (generic_type type: (type_identifier) @scope.receiver))]))
    name: (field_identifier) @scope.name))
((comment) @scope . (comment)* . (const_declaration (const_spec name: (identifier) @scope.name)))
((comment) @scope . (comment)* . (var_declaration (var_spec name: (identifier) @scope.name)))
(source_file (var_declaration (var_spec name: (identifier) @scope.name) @scope))
(source_file (const_declaration (const_spec name: (identifier) @scope.name) @scope))

; ---- declarations ----
(package_clause (package_identifier) @package_declaration)
(import_spec name: (package_identifier) @import)
(import_spec !name path: (_) @import)
(import_spec name: (package_identifier) @package_use)
(import_spec path: (_) @package_use)
(function_declaration name: (identifier) @function_declaration)
(method_declaration name: (field_identifier) @method_declaration)
(method_elem name: (field_identifier) @method_declaration)
(type_spec name: (type_identifier) @type_declaration)
(type_alias name: (type_identifier) @type_declaration)
(field_declaration name: (field_identifier) @field_declaration)
(field_declaration tag: (_) @struct_tag)
(parameter_declaration name: (identifier) @parameter_declaration)
(variadic_parameter_declaration name: (identifier) @parameter_declaration)
(short_var_declaration left: (expression_list (identifier) @variable_declaration))
(range_clause left: (expression_list (identifier) @variable_declaration))
(var_spec name: (identifier) @variable_declaration)
(const_spec name: (identifier) @variable_declaration)

; ---- logging ----
; zerolog / zap / slog typed fields: .Str("run_id", v), zap.String("run_id", v)
(call_expression
  function: (selector_expression field: (field_identifier) @_m)
  arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal)] @log_key . (_))
  (#match? @_m "^(Str|Strs|Int|Int8|Int16|Int32|Int64|Ints|Uint|Uint8|Uint16|Uint32|Uint64|Float32|Float64|Bool|Bools|Dur|Duration|Time|TimeDiff|Timestamp|Interface|Any|AnErr|NamedError|Stringer|Stringers|String|Strings|Bytes|Hex|RawJSON|IPAddr|Dict|Array|Object|Reflect|WithField|Group|Attr)$"))
; key/value pairs after the message: logger.Info("msg", "run_id", v)
(call_expression
  function: (selector_expression field: (field_identifier) @_m)
  arguments: (argument_list (_) @_before . [(interpreted_string_literal) (raw_string_literal)] @log_key . (_))
  (#match? @_m "^(Info|Warn|Error|Debug|Infow|Warnw|Errorw|Debugw|InfoContext|WarnContext|ErrorContext|DebugContext|Log|LogAttrs|With)$"))
; logrus.Fields{"run_id": v}
(composite_literal
  type: (_) @_t
  body: (literal_value (keyed_element . (literal_element (interpreted_string_literal) @log_key)))
  (#match? @_t "Fields$"))
(call_expression
  function: (selector_expression operand: (_) @_recv field: (field_identifier) @_m)
  arguments: (argument_list . [(interpreted_string_literal) (raw_string_literal)] @log_message)
  (#match? @_m "^(Msg|Msgf|Info|Infof|Infow|Warn|Warnf|Warnw|Error|Errorf|Errorw|Debug|Debugf|Debugw|Trace|Tracef|Print|Printf|Println|Fatal|Fatalf|Fatalw|Panicf|InfoContext|WarnContext|ErrorContext|DebugContext)$")
  (#not-match? @_recv "^(fmt|errors|t|b|tb|f)$"))

; ---- HTTP ----
; r.URL.Query().Get("run_id")
(call_expression
  function: (selector_expression
    operand: (call_expression function: (selector_expression field: (field_identifier) @_q))
    field: (field_identifier) @_m)
  arguments: (argument_list . (interpreted_string_literal) @query_param)
  (#match? @query_param "^[^ ]+$")
  (#eq? @_q "Query")
  (#match? @_m "^(Get|Has|Set|Add|Del)$"))
; q.Get("run_id") on a variable holding the query
(call_expression
  function: (selector_expression operand: (identifier) @_v field: (field_identifier) @_m)
  arguments: (argument_list . (interpreted_string_literal) @query_param)
  (#match? @query_param "^[^ ]+$")
  (#match? @_v "^(q|qs|query|params|values|vals|queryParams)$")
  (#match? @_m "^(Get|Has|Set|Add|Del)$"))
(call_expression
  function: (selector_expression field: (field_identifier) @_m)
  arguments: (argument_list . (interpreted_string_literal) @query_param)
  (#match? @query_param "^[^ ]+$")
  (#match? @_m "^(FormValue|PostFormValue|Query|DefaultQuery|QueryParam|QueryArray|GetQuery)$"))
(call_expression
  function: (selector_expression field: (field_identifier) @_m)
  arguments: (argument_list . (interpreted_string_literal) @route)
  (#match? @_m "^(Param|PathValue)$"))
(call_expression
  function: (selector_expression field: (field_identifier) @_m)
  arguments: (argument_list (_) . (interpreted_string_literal) @route)
  (#eq? @_m "URLParam"))

; an HTTP header is a key of the request's or response's header map:
; r.Header.Get("X-Run-Id"), w.Header().Set("X-Run-Id", id)
(call_expression
  function: (selector_expression
    operand: [(selector_expression field: (field_identifier) @_h)
              (call_expression function: (selector_expression field: (field_identifier) @_h))]
    field: (field_identifier) @_m)
  arguments: (argument_list . (interpreted_string_literal) @object_key)
  (#eq? @_h "Header")
  (#match? @_m "^(Get|Values|Set|Add|Del)$"))

; ---- literals and uses ----
; a string index reads a map by key: m["run_id"]
(index_expression index: [(interpreted_string_literal) (raw_string_literal)] @object_key)
(keyed_element . (literal_element (identifier) @field_use))
(keyed_element . (literal_element [(interpreted_string_literal) (raw_string_literal)] @object_key))
(call_expression function: (identifier) @function_use)
(call_expression function: (selector_expression field: (field_identifier) @method_use))
(qualified_type package: (package_identifier) @package_use)
(type_identifier) @type_use
(selector_expression field: (field_identifier) @field_use)
(field_identifier) @field_use
(package_identifier) @package_use
(identifier) @variable_use
[(interpreted_string_literal) (raw_string_literal)] @string_literal
(comment) @comment
