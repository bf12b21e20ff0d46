//! What an occurrence is in the code.

use serde::{Deserialize, Serialize};

macro_rules! roles {
    ($($variant:ident => $name:literal: $doc:literal,)*) => {
        /// The syntax role of an occurrence. Role queries name their captures
        /// with these names (`@field_declaration`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Role {
            $(#[doc = $doc] $variant,)*
        }

        impl Role {
            pub fn name(self) -> &'static str {
                match self { $(Role::$variant => $name,)* }
            }

            pub fn from_name(name: &str) -> Option<Role> {
                match name { $($name => Some(Role::$variant),)* _ => None }
            }
        }
    };
}

roles! {
    FieldDeclaration => "field_declaration": "A struct, class, interface or record field where it is declared.",
    FieldUse => "field_use": "A field read or written through a value (`conv.RunID`).",
    VariableDeclaration => "variable_declaration": "A local or package variable or constant where it is declared.",
    VariableUse => "variable_use": "A variable read or written.",
    ParameterDeclaration => "parameter_declaration": "A function parameter where it is declared.",
    ParameterUse => "parameter_use": "A parameter used inside its function.",
    FunctionDeclaration => "function_declaration": "The name of a function being defined.",
    FunctionUse => "function_use": "A function called or referred to.",
    MethodDeclaration => "method_declaration": "The name of a method being defined.",
    MethodUse => "method_use": "A method called (`r.startRunForPrompt()`).",
    TypeDeclaration => "type_declaration": "The name of a type, class, interface or enum being defined.",
    TypeUse => "type_use": "A type named in a signature, declaration or conversion.",
    PackageDeclaration => "package_declaration": "A package or module named in its own declaration.",
    PackageUse => "package_use": "A package or module imported or referred to.",
    StringLiteral => "string_literal": "Inside a string literal that has no more specific role.",
    StructTag => "struct_tag": "Inside a Go struct tag, outside a key.",
    StructTagKey => "struct_tag_key": "The key a struct tag gives a field (`json:\"run_id\"`).",
    ObjectKey => "object_key": "A key of a map, dict or object literal (`\"run_id\": x`, `{ runId: x }`).",
    LogKey => "log_key": "The key of a structured log field (`.Str(\"run_id\", x)`, `run_id=x`).",
    LogMessage => "log_message": "The message of a log call (`.Msg(\"starting run loop\")`).",
    QueryParam => "query_param": "The name of an HTTP query parameter (`Query().Get(\"run_id\")`).",
    Route => "route": "A segment of a URL path or route (`/runs/:runId`).",
    SqlTable => "sql_table": "An SQL table name.",
    SqlColumn => "sql_column": "An SQL column name.",
    SqlIndex => "sql_index": "An SQL index name.",
    ProtoMessage => "proto_message": "A protobuf message name.",
    ProtoField => "proto_field": "A protobuf message field name.",
    ProtoEnum => "proto_enum": "A protobuf enum or enum value name.",
    ProtoService => "proto_service": "A protobuf service or rpc name.",
    Comment => "comment": "Inside a comment.",
    MarkdownProse => "markdown_prose": "Markdown prose.",
    MarkdownHeading => "markdown_heading": "A Markdown heading.",
    MarkdownCodeSpan => "markdown_code_span": "Markdown inline code (`` `run_id` ``).",
    MarkdownCodeBlock => "markdown_code_block": "A Markdown code block in a language without a grammar.",
    DataKey => "data_key": "A YAML or JSON key.",
    BuildTarget => "build_target": "A build target: a Makefile rule's name, a prerequisite or a `.PHONY` entry (`integration-test:`).",
    DataValue => "data_value": "A YAML or JSON value.",
    Text => "text": "A word in a file without a grammar.",
    Lexical => "lexical": "No role could be read: the word lies in a syntax error, or in a construct the role query does not name.",
}

impl Role {
    /// Declares a name of the code: a function, method, type, variable,
    /// field or parameter.
    pub fn declares_code_name(self) -> bool {
        matches!(
            self,
            Role::FunctionDeclaration
                | Role::MethodDeclaration
                | Role::TypeDeclaration
                | Role::VariableDeclaration
                | Role::FieldDeclaration
                | Role::ParameterDeclaration
        )
    }

    /// For a use of a name of the code, the role of its declaration
    /// (`FieldUse` -> `FieldDeclaration`).
    pub fn declared_by(self) -> Option<Role> {
        Some(match self {
            Role::FieldUse => Role::FieldDeclaration,
            Role::VariableUse => Role::VariableDeclaration,
            Role::ParameterUse => Role::ParameterDeclaration,
            Role::FunctionUse => Role::FunctionDeclaration,
            Role::MethodUse => Role::MethodDeclaration,
            Role::TypeUse => Role::TypeDeclaration,
            _ => return None,
        })
    }

    /// A function or method, declared or used.
    pub fn is_function(self) -> bool {
        matches!(
            self,
            Role::FunctionDeclaration
                | Role::FunctionUse
                | Role::MethodDeclaration
                | Role::MethodUse
        )
    }

    /// Comments and documentation: prose about the code, not code.
    pub fn is_prose(self) -> bool {
        matches!(
            self,
            Role::Comment
                | Role::MarkdownProse
                | Role::MarkdownHeading
                | Role::MarkdownCodeSpan
                | Role::MarkdownCodeBlock
                | Role::Text
        )
    }

    /// A name in the language's own syntax: declared or used, not text
    /// inside a string or a comment.
    pub fn is_identifier(self) -> bool {
        matches!(
            self,
            Role::FieldDeclaration
                | Role::FieldUse
                | Role::VariableDeclaration
                | Role::VariableUse
                | Role::ParameterDeclaration
                | Role::ParameterUse
                | Role::FunctionDeclaration
                | Role::FunctionUse
                | Role::MethodDeclaration
                | Role::MethodUse
                | Role::TypeDeclaration
                | Role::TypeUse
                | Role::ProtoMessage
                | Role::ProtoField
                | Role::ProtoEnum
                | Role::ProtoService
                | Role::SqlTable
                | Role::SqlColumn
                | Role::SqlIndex
        )
    }
}
