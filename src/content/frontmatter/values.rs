//! A front matter value as the type a known key wants, with a message saying what was found
//! when it is not that.

use super::parse_date;
use jiff::civil::Date;
use serde_json::Value;

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

pub(super) fn string(v: Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("expected a string, found {}", kind(&other))),
    }
}

pub(super) fn integer(v: Value) -> Result<i64, String> {
    match &v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .ok_or_else(|| format!("expected a whole number, found {n}")),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("expected a whole number, found \"{s}\"")),
        other => Err(format!("expected a whole number, found {}", kind(other))),
    }
}

/// Booleans, also written as strings ("true", as Velero's docs do).
pub(super) fn boolean(v: Value) -> Result<bool, String> {
    match &v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Ok(true),
            "false" | "no" => Ok(false),
            _ => Err(format!("expected true or false, found \"{s}\"")),
        },
        other => Err(format!("expected true or false, found {}", kind(other))),
    }
}

/// A positive number of days.
pub(super) fn days(v: Value) -> Result<i64, String> {
    match integer(v)? {
        n if n > 0 => Ok(n),
        n => Err(format!("expected a positive number of days, found {n}")),
    }
}

pub(super) fn strings(v: Value) -> Result<Vec<String>, String> {
    match v {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(vec![s]),
        Value::Array(items) => items.into_iter().map(string).collect(),
        other => Err(format!(
            "expected a list of strings, found {}",
            kind(&other)
        )),
    }
}

/// A date: `2024-03-04`, or a date-time whose date part is taken (`2024-03-04T10:00:00Z`,
/// `2024-03-04 10:00`).
pub(super) fn date(v: Value) -> Result<Date, String> {
    let s = match v {
        Value::String(s) => s,
        other => {
            return Err(format!(
                "expected a date like 2024-03-04, found {}",
                kind(&other)
            ));
        }
    };
    parse_date(&s)
}
