; Role query for Python. Captures named after roles; the smallest node around
; a hit wins and, for the same node, the pattern written first.

; ---- symbols around a hit ----
(class_definition name: (identifier) @scope.name) @scope
(function_definition name: (identifier) @scope.name) @scope
; a decorator (`@app.get("/users/{user_id}")`) belongs to what it decorates
(decorated_definition
  (decorator) @scope
  definition: [(function_definition name: (identifier) @scope.name)
               (class_definition name: (identifier) @scope.name)])
; a comment belongs to the definition after it
((comment) @scope . (comment)* . (function_definition name: (identifier) @scope.name))
((comment) @scope . (comment)* . (class_definition name: (identifier) @scope.name))
((comment) @scope . (comment)* . (decorated_definition
  definition: [(function_definition name: (identifier) @scope.name)
               (class_definition name: (identifier) @scope.name)]))
; class attributes (`user_id: str`) and module variables name themselves
(class_definition
  body: (block (expression_statement (assignment left: (identifier) @scope.name) @scope)))
(module (expression_statement (assignment left: (identifier) @scope.name) @scope))

; ---- docstrings ----
; the first string of a module, class or function body is its docstring
(module . (expression_statement (string) @comment))
(class_definition body: (block . (expression_statement (string) @comment)))
(function_definition body: (block . (expression_statement (string) @comment)))

; ---- imports ----
; `import a.b` binds `a`; `import a.b as c` binds `c`; `from a import b` binds `b`
(import_statement name: (dotted_name . (identifier) @import))
(aliased_import alias: (identifier) @import)
(import_from_statement name: (dotted_name) @import)
(aliased_import alias: (identifier) @package_use)
(import_statement name: (dotted_name (identifier) @package_use))
(import_statement name: (aliased_import name: (dotted_name (identifier) @package_use)))
(import_from_statement module_name: (dotted_name (identifier) @package_use))
(import_from_statement module_name: (relative_import (dotted_name (identifier) @package_use)))
(import_from_statement name: (dotted_name (identifier) @package_use))
(import_from_statement name: (aliased_import name: (dotted_name (identifier) @package_use)))
(future_import_statement name: (dotted_name (identifier) @package_use))

; ---- declarations ----
(class_definition name: (identifier) @type_declaration)
; a def in a class body (decorated or not) is a method
(class_definition body: (block (function_definition name: (identifier) @method_declaration)))
(class_definition
  body: (block (decorated_definition definition: (function_definition name: (identifier) @method_declaration))))
(function_definition name: (identifier) @function_declaration)
; class attributes, annotated (`user_id: str`, dataclass / pydantic fields) or not
(class_definition
  body: (block (expression_statement (assignment left: (identifier) @field_declaration))))
(parameters (identifier) @parameter_declaration)
(lambda_parameters (identifier) @parameter_declaration)
(typed_parameter . (identifier) @parameter_declaration)
(default_parameter name: (identifier) @parameter_declaration)
(typed_default_parameter name: (identifier) @parameter_declaration)
(list_splat_pattern (identifier) @parameter_declaration)
(dictionary_splat_pattern (identifier) @parameter_declaration)
; an annotated attribute of self declares it (`self.users: list[User] = []`)
(assignment
  left: (attribute object: (identifier) @_self attribute: (identifier) @field_declaration)
  type: (_)
  (#eq? @_self "self"))
(assignment left: (identifier) @variable_declaration)
; unpacking: `a, b = row`, `[a] = rows`, `a, (b, c) = row`
(pattern_list (identifier) @variable_declaration)
(tuple_pattern (identifier) @variable_declaration)
(list_pattern (identifier) @variable_declaration)
(for_statement left: (identifier) @variable_declaration)
(for_in_clause left: (identifier) @variable_declaration)
(as_pattern alias: (as_pattern_target (identifier) @variable_declaration))
(named_expression name: (identifier) @variable_declaration)
(global_statement (identifier) @variable_use)

; ---- logging ----
; logger.info("msg", extra={"user_id": x})
(call
  function: (attribute object: (_) @_o attribute: (identifier) @_m)
  arguments: (argument_list
    (keyword_argument
      name: (identifier) @_extra
      value: (dictionary (pair key: (string) @log_key))))
  (#eq? @_extra "extra")
  (#match? @_m "^(debug|info|warning|warn|error|exception|critical|fatal|log|msg)$")
  (#match? @_o "(?i)log"))
; structlog / loguru keyword fields: log.info("charged", user_id=x)
(call
  function: (attribute object: (_) @_o attribute: (identifier) @_m)
  arguments: (argument_list (keyword_argument name: (identifier) @log_key))
  (#not-match? @log_key "^(extra|exc_info|stack_info|stacklevel)$")
  (#match? @_m "^(debug|info|warning|warn|error|exception|critical|fatal|msg|bind|new)$")
  (#match? @_o "(?i)log"))
; the message: logger.info("charged user"), logging.warning(f"...")
(call
  function: (attribute object: (_) @_o attribute: (identifier) @_m)
  arguments: (argument_list . (string) @log_message)
  (#match? @_m "^(debug|info|warning|warn|error|exception|critical|fatal|msg)$")
  (#match? @_o "(?i)log"))

; ---- HTTP ----
; request.query_params.get("user_id") (Starlette), request.args.get (Flask),
; request.GET.get (Django), request.query.get (aiohttp)
(call
  function: (attribute
    object: (attribute attribute: (identifier) @_q)
    attribute: (identifier) @_m)
  arguments: (argument_list . (string) @query_param)
  (#match? @query_param "^[^ ]+$")
  (#match? @_q "^(query_params|args|GET|query)$")
  (#match? @_m "^(get|getlist|getall|getone|get_all)$"))
; request.args["user_id"]
(subscript
  value: (attribute attribute: (identifier) @_q)
  subscript: (string) @query_param
  (#match? @_q "^(query_params|args|GET|query)$"))
; a path parameter read by name: request.path_params["user_id"]
(subscript
  value: (attribute attribute: (identifier) @_q)
  subscript: (string) @route
  (#match? @_q "^(path_params|match_info|view_args)$"))

; a key read from a dict-like value: body.get("user_id"), os.environ.get(...);
; not a path (`@app.get("/users/{user_id}")` is a route)
(call
  function: (attribute attribute: (identifier) @_m)
  arguments: (argument_list . (string) @object_key)
  (#match? @_m "^(get|pop|setdefault)$")
  (#not-match? @object_key "^[a-zA-Z]*[\"']+/"))

; ---- serialization keys ----
; pydantic / marshmallow: Field(alias="user_id"), fields.Str(data_key="user_id")
(keyword_argument
  name: (identifier) @_k
  value: (string) @struct_tag_key
  (#match? @_k "^(alias|validation_alias|serialization_alias|data_key|db_column)$"))

; ---- literals and uses ----
(pair key: (string) @object_key)
(subscript subscript: (string) @object_key)
; A keyword argument names a parameter of the callee (`Invoice(user_id=x)`
; names `__init__`'s `user_id`), so it is a parameter use even though it lies
; outside the callee's scope.
(keyword_argument name: (identifier) @parameter_use)
; a call of a capitalised name constructs a class
(call function: (identifier) @type_use (#match? @type_use "^_*[A-Z]"))
(call function: (identifier) @function_use)
(call function: (attribute attribute: (identifier) @method_use))
(class_definition superclasses: (argument_list (identifier) @type_use))
(class_definition superclasses: (argument_list (attribute attribute: (identifier) @type_use)))
(type (identifier) @type_use)
(type (attribute attribute: (identifier) @type_use))
(generic_type (identifier) @type_use)
(type (binary_operator left: (identifier) @type_use))
(type (binary_operator right: (identifier) @type_use))
(type (subscript value: (identifier) @type_use))
(type (subscript subscript: (identifier) @type_use))
(attribute attribute: (identifier) @field_use)
(identifier) @variable_use
(string) @string_literal
(comment) @comment
