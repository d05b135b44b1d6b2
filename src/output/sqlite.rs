//! `kpis.sqlite` (`--format sqlite`): the run's tables as an SQLite database for Datasette
//! (`datasette kpis.sqlite`), sqlite3 and pandas.
//!
//! - `documents`: one row per manifest entry, primary key `document`;
//! - `kpis`: the columns of `kpis.csv` with `.` written `_` (`goal.label` → `goal_label`),
//!   primary key (`document`, `id`), `document` referencing `documents`;
//! - `actuals`: the columns of `actuals.csv`, primary key (`document`, `id`, `position`),
//!   (`document`, `id`) referencing `kpis`.
//!
//! Columns are typed (TEXT, INTEGER, REAL; booleans are INTEGER 0/1 as SQLite has no
//! boolean); null stays NULL. Besides the primary keys' own indexes there are indexes on
//! `actuals(year)` and `kpis(level)`, the columns people filter by. Foreign keys are
//! enforced while the database is filled, so a dangling reference is an error here rather
//! than a surprise in Datasette.

use std::path::Path;

use rusqlite::{params_from_iter, types::Value as SqlValue, Connection};
use serde_json::Value;

use super::csv::{self, Column, FieldType};
use super::tables::{self, RunData};
use super::OutputError;

/// The file name.
pub const FILE_NAME: &str = "kpis.sqlite";

fn sql_error(e: rusqlite::Error) -> OutputError {
    OutputError::Sqlite(e.to_string())
}

/// One table: its name, columns, key and references.
struct Table {
    name: &'static str,
    columns: Vec<Column>,
    primary_key: &'static [&'static str],
    foreign_key: Option<(&'static [&'static str], &'static str)>,
}

fn tables() -> [Table; 3] {
    [
        Table {
            name: "documents",
            columns: tables::document_columns(),
            primary_key: &["document"],
            foreign_key: None,
        },
        Table {
            name: "kpis",
            columns: csv::kpi_columns(),
            primary_key: &["document", "id"],
            foreign_key: Some((&["document"], "documents")),
        },
        Table {
            name: "actuals",
            columns: csv::actual_columns(),
            primary_key: &["document", "id", "position"],
            foreign_key: Some((&["document", "id"], "kpis")),
        },
    ]
}

/// Extra indexes: (name, table, column).
const INDEXES: [(&str, &str, &str); 2] = [
    ("actuals_year", "actuals", "year"),
    ("kpis_level", "kpis", "level"),
];

fn sql_type(field_type: FieldType) -> &'static str {
    match field_type {
        FieldType::Integer | FieldType::Boolean => "INTEGER",
        FieldType::Number => "REAL",
        FieldType::String | FieldType::IntegerList => "TEXT",
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `CREATE TABLE` for one table.
fn create_statement(table: &Table) -> String {
    let mut parts: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let not_null = if table.primary_key.contains(&c.sql_name().as_str()) {
                " NOT NULL"
            } else {
                ""
            };
            format!(
                "{} {}{not_null}",
                quoted(&c.sql_name()),
                sql_type(c.field_type)
            )
        })
        .collect();
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| quoted(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    parts.push(format!("PRIMARY KEY ({})", list(table.primary_key)));
    if let Some((columns, parent)) = table.foreign_key {
        parts.push(format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            list(columns),
            quoted(parent),
            list(columns)
        ));
    }
    format!(
        "CREATE TABLE {} (\n  {}\n)",
        quoted(table.name),
        parts.join(",\n  ")
    )
}

/// A cell as an SQLite value of the column's type.
fn sql_value(value: &Value, field_type: FieldType) -> SqlValue {
    match (value, field_type) {
        (Value::Null, _) => SqlValue::Null,
        (Value::Bool(b), _) => SqlValue::Integer(i64::from(*b)),
        (Value::Number(n), FieldType::Integer) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        (Value::Number(n), FieldType::Number) => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        (other, _) => SqlValue::Text(csv::format_value(other)),
    }
}

fn insert_rows(
    connection: &Connection,
    table: &Table,
    rows: &[&Value],
) -> Result<(), rusqlite::Error> {
    let names: Vec<String> = table
        .columns
        .iter()
        .map(|c| quoted(&c.sql_name()))
        .collect();
    let marks = vec!["?"; names.len()].join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({marks})",
        quoted(table.name),
        names.join(", ")
    );
    let mut statement = connection.prepare(&sql)?;
    for row in rows {
        let values = table
            .columns
            .iter()
            .map(|c| sql_value(&csv::cell(row, c), c.field_type));
        statement.execute(params_from_iter(values))?;
    }
    Ok(())
}

/// Creates the database at `path` (which must not exist yet).
pub fn write(path: &Path, data: &RunData<'_>) -> Result<(), OutputError> {
    let connection = Connection::open(path).map_err(sql_error)?;
    fill(&connection, data).map_err(sql_error)?;
    connection.close().map_err(|(_, e)| sql_error(e))
}

fn fill(connection: &Connection, data: &RunData<'_>) -> Result<(), rusqlite::Error> {
    // One transaction, no journal and no syncs of SQLite's own: the file is a fresh
    // temporary one, flushed once and published by rename only when complete, so there is
    // nothing to roll back to.
    connection.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;",
    )?;
    connection.execute_batch("BEGIN")?;
    let [documents, kpis, actuals] = tables();
    let document_rows: Vec<Value> = data.entries.iter().map(tables::document_row).collect();
    let records: Vec<&Value> = data.records().collect();
    let actual_rows = data.actual_rows();
    for (table, rows) in [
        (&documents, document_rows.iter().collect::<Vec<_>>()),
        (&kpis, records),
        (&actuals, actual_rows.iter().collect()),
    ] {
        connection.execute_batch(&create_statement(table))?;
        insert_rows(connection, table, &rows)?;
    }
    for (name, table, column) in INDEXES {
        connection.execute_batch(&format!(
            "CREATE INDEX {} ON {} ({})",
            quoted(name),
            quoted(table),
            quoted(column)
        ))?;
    }
    connection.execute_batch("COMMIT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_name_keys_and_references() {
        let [_, kpis, actuals] = tables();
        let sql = create_statement(&kpis);
        assert!(sql.contains("\"goal_label\" TEXT"), "{sql}");
        assert!(sql.contains("\"goal_number\" INTEGER"), "{sql}");
        assert!(sql.contains("\"baseline_value\" REAL"), "{sql}");
        assert!(sql.contains("PRIMARY KEY (\"document\", \"id\")"), "{sql}");
        assert!(
            sql.contains("REFERENCES \"documents\" (\"document\")"),
            "{sql}"
        );
        let sql = create_statement(&actuals);
        assert!(
            sql.contains(
                "FOREIGN KEY (\"document\", \"id\") REFERENCES \"kpis\" (\"document\", \"id\")"
            ),
            "{sql}"
        );
    }

    #[test]
    fn values_keep_their_types() {
        use serde_json::json;
        assert_eq!(
            sql_value(&json!(3), FieldType::Integer),
            SqlValue::Integer(3)
        );
        assert_eq!(sql_value(&json!(3), FieldType::Number), SqlValue::Real(3.0));
        assert_eq!(
            sql_value(&json!(true), FieldType::Boolean),
            SqlValue::Integer(1)
        );
        assert_eq!(sql_value(&json!(null), FieldType::String), SqlValue::Null);
        assert_eq!(
            sql_value(&json!("2;3"), FieldType::IntegerList),
            SqlValue::Text("2;3".into())
        );
    }
}
