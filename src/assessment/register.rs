//! Registers: tables the reader fills row by row (the meeting landscape, a key-partner list,
//! an action plan), defined in an assessment page's front matter under `register:` and kept,
//! exported, imported and printed in the browser like assessment records
//! (`themes/default/static/js/register.js`).

use crate::content::kinds::Origin;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a register's rows hold, and which assessment each row can open.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterDef {
    pub columns: Vec<ColumnDef>,
    /// The column that names a row (the partner); it is also the subject of the record the
    /// row opens in `assessment`.
    pub name_column: String,
    /// The id of an assessment with a `subject`: each row opens (or starts) its record there.
    #[serde(default)]
    pub assessment: Option<String>,
    /// With `assessment`: the column a question goes in when rows are added from a record's
    /// low-scoring or flagged questions (an action plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_column: Option<String>,
    /// A line shown above the table, e.g. what the ratings mean.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    Text,
    Date,
    Choice,
    Rating,
    Notes,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// For `choice` and `rating`: the options, in order (a rating's are its levels, low first).
    #[serde(default)]
    pub options: Vec<String>,
}

/// Every problem with a register definition, located in the page's front matter.
pub fn check(register: &RegisterDef, origin: &Origin<'_>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let error = |message: String, line: Option<usize>, hint: &str| {
        Diagnostic::error(origin.path, message)
            .at_line(line.or_else(|| origin.line_of("register")))
            .hint(hint)
    };
    let mut ids = BTreeSet::new();
    for (index, column) in register.columns.iter().enumerate() {
        let line = origin.line_of(&format!("register.columns[{index}].id"));
        if column.id.is_empty() || !ids.insert(column.id.as_str()) {
            problems.push(error(
                format!("the column id `{}` is empty or used twice", column.id),
                line,
                "give each column its own id",
            ));
        }
        let listed = matches!(column.column_type, ColumnType::Choice | ColumnType::Rating);
        let unique: BTreeSet<&str> = column.options.iter().map(String::as_str).collect();
        if listed && (column.options.len() < 2 || unique.len() != column.options.len()) {
            problems.push(error(
                format!(
                    "the column `{}` needs two or more different `options`",
                    column.id
                ),
                line,
                "list the choices, e.g. options: [Public, Non-public]",
            ));
        }
        if !listed && !column.options.is_empty() {
            problems.push(error(
                format!(
                    "the column `{}` has `options`, but only choice and rating columns use them",
                    column.id
                ),
                line,
                "remove the options, or set `type: choice`",
            ));
        }
    }
    if register.columns.is_empty() {
        problems.push(error(
            "the register has no columns".into(),
            None,
            "list its columns, each as {id: ..., label: ..., type: text}",
        ));
    }
    if !ids.contains(register.name_column.as_str()) {
        problems.push(error(
            format!(
                "`name_column: {}` is not one of the register's columns",
                register.name_column
            ),
            origin.line_of("register.name_column"),
            "name the id of the column that names each row",
        ));
    }
    problems.extend(check_question_column(register, origin));
    problems
}

/// `question_column` names one of the columns, and needs an `assessment` to take questions from.
fn check_question_column(register: &RegisterDef, origin: &Origin<'_>) -> Option<Diagnostic> {
    let column = register.question_column.as_deref()?;
    let line = origin
        .line_of("register.question_column")
        .or_else(|| origin.line_of("register"));
    let error = |message: String, hint: &str| {
        Some(
            Diagnostic::error(origin.path, message)
                .at_line(line)
                .hint(hint),
        )
    };
    if !register.columns.iter().any(|c| c.id == column) {
        let ids = register.columns.iter().map(|c| c.id.as_str());
        let near = crate::diagnostics::did_you_mean(column, ids);
        return error(
            format!("`question_column: {column}` is not one of the register's columns{near}"),
            "name the id of the column that holds the question",
        );
    }
    if register.assessment.is_none() {
        return error(
            format!("`question_column: {column}` needs `assessment:`, the assessment the questions come from"),
            "add `assessment:` with the id of an assessment that has a `subject:`",
        );
    }
    None
}
