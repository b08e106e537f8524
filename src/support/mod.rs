//! Support pages built from data: the on-duty rotation (`rotation.rs`), levels of support
//! (`levels.rs`) and triage labels (`labels.rs`), each read from its file under `data/` into
//! typed values with checks at the file's lines. Shortcode templates see them as
//! `site.support` (per language); `sitegen check` reports them (`summary`, `lines`), and the
//! render phase writes `rotation.ics`. A site without these files pays nothing.

pub(crate) mod labels;
pub(crate) mod levels;
pub(crate) mod rotation;

use crate::data::SiteData;
use crate::diagnostics::Diagnostic;
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The support blocks a site has data for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Support {
    pub(crate) rotation: Option<rotation::Rotation>,
    /// `data/rotation.*`, for the running-out warning.
    rotation_file: Option<PathBuf>,
    pub(crate) levels: Option<levels::Levels>,
    pub(crate) labels: Option<Vec<labels::Label>>,
}

impl Support {
    /// Reads `data/rotation`, `data/support` and `data/labels`; problems go into `diags`.
    pub(crate) fn load(data: &SiteData, review_soon: i64, diags: &mut Vec<Diagnostic>) -> Support {
        let mut support = Support::default();
        if let Some((file, text, value)) = data.typed("rotation") {
            let mut found = Found::new(file, text, "rotation");
            support.rotation = rotation::read(value, review_soon, &mut found);
            support.rotation_file = Some(file.to_path_buf());
            diags.extend(found.diags);
        }
        if let Some((file, text, value)) = data.typed("support") {
            let mut found = Found::new(file, text, "support-level");
            support.levels = Some(levels::read(value, &mut found));
            diags.extend(found.diags);
        }
        if let Some((file, text, value)) = data.typed("labels") {
            let mut found = Found::new(file, text, "labels");
            support.labels = Some(labels::read(value, &mut found));
            diags.extend(found.diags);
        }
        support
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rotation.is_none() && self.levels.is_none() && self.labels.is_none()
    }

    /// What depends on the day: the rotation running out.
    pub(crate) fn check(&self, today: Date) -> Vec<Diagnostic> {
        let Some(r) = &self.rotation else {
            return Vec::new();
        };
        r.runs_out(today)
            .map(|why| {
                Diagnostic::warning("rotation-ends-soon", why)
                    .at(self.rotation_file.clone().unwrap_or_default(), r.until_line)
            })
            .into_iter()
            .collect()
    }

    /// `site.support` in shortcode templates, in `lang`: `now` is the build's instant (who is
    /// on duty at build time).
    pub(crate) fn view(
        &self,
        lang: &str,
        default: &str,
        now: Timestamp,
        page_url: &dyn Fn(&str) -> Option<String>,
    ) -> Value {
        let mut out = serde_json::Map::new();
        if let Some(r) = &self.rotation {
            let shifts: Vec<Value> = r
                .shifts
                .iter()
                .map(|s| {
                    let p = &r.people[s.person];
                    json!({
                        "start": s.start.to_string(),
                        "end": s.end.to_string(),
                        "from": s.from.as_millisecond(),
                        "to": s.to.as_millisecond(),
                        "name": p.name,
                        "handle": p.handle,
                        "time_zone": p.time_zone,
                        "past": s.to <= now,
                        "current": s.from <= now && now < s.to,
                    })
                })
                .collect();
            let on_duty = r.on_duty(now).map(|s| {
                let p = &r.people[s.person];
                json!({"name": p.name, "handle": p.handle, "start": s.start.to_string(), "end": s.end.to_string()})
            });
            out.insert(
                "rotation".into(),
                json!({
                    "time_zone": r.time_zone,
                    "until": r.until.to_string(),
                    "people": r.people,
                    "shifts": shifts,
                    "on_duty": on_duty,
                }),
            );
        }
        if let Some(l) = &self.levels {
            out.insert("levels".into(), json!(l.view(lang, default, page_url)));
        }
        if let Some(l) = &self.labels {
            let labels: Vec<labels::Label> = l.iter().map(|l| l.in_language(lang)).collect();
            out.insert("labels".into(), json!(labels));
        }
        Value::Object(out)
    }

    /// What `sitegen check --format json` says of them (`support` in its summary).
    pub(crate) fn summary(&self, today: Date, now: Timestamp) -> Value {
        let mut out = serde_json::Map::new();
        if let Some(r) = &self.rotation {
            let left = today.until(r.until).map(|s| s.get_days()).unwrap_or(0);
            let on_duty = r.on_duty(now).map(|s| {
                let p = &r.people[s.person];
                json!({"name": p.name, "handle": p.handle, "until": s.end.to_string()})
            });
            out.insert(
                "rotation".into(),
                json!({
                    "on_duty": on_duty,
                    "runs_out": r.until.to_string(),
                    "days_left": left,
                    "runs_out_soon": left <= r.review_soon as i32,
                    "shifts": r.shifts.len(),
                    "people": r.people.len(),
                }),
            );
        }
        if let Some(l) = &self.levels {
            out.insert("levels".into(), l.summary());
        }
        if let Some(l) = &self.labels {
            out.insert("labels".into(), json!({ "count": l.len() }));
        }
        Value::Object(out)
    }

    /// The human report's lines.
    pub(crate) fn lines(&self, today: Date, now: Timestamp) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(r) = &self.rotation {
            let who = match r.on_duty(now) {
                Some(s) => {
                    let p = &r.people[s.person];
                    format!("{} ({}) on duty until {}", p.name, p.handle, s.end)
                }
                None => "nobody on duty".into(),
            };
            let left = today.until(r.until).map(|s| s.get_days()).unwrap_or(0);
            out.push(format!(
                "Rotation: {who}; {} shifts, runs out on {} ({left} days left).",
                r.shifts.len(),
                r.until
            ));
        }
        if let Some(l) = &self.levels {
            let per: Vec<String> = l
                .levels
                .iter()
                .map(|lv| {
                    let n = l.components.iter().filter(|c| c.level == lv.id).count();
                    format!("{} {n}", lv.id)
                })
                .collect();
            out.push(format!(
                "Levels of support: {} components ({}).",
                l.components.len(),
                per.join(", ")
            ));
        }
        if let Some(l) = &self.labels {
            out.push(format!("Triage labels: {}.", l.len()));
        }
        out
    }
}

/// Reading one typed data file: its problems, each at a line found by searching the text from
/// the last entry on (the parsers give values, not places).
pub(crate) struct Found {
    file: PathBuf,
    text: String,
    code: &'static str,
    cursor: usize,
    pub(crate) diags: Vec<Diagnostic>,
}

impl Found {
    fn new(file: &Path, text: &str, code: &'static str) -> Found {
        Found {
            file: file.to_path_buf(),
            text: text.to_string(),
            code,
            cursor: 1,
            diags: Vec::new(),
        }
    }

    /// An error of the file's own code.
    pub(crate) fn error(&mut self, line: Option<usize>, message: String) {
        let code = self.code;
        self.error_code(code, line, message);
    }

    pub(crate) fn error_code(&mut self, code: &'static str, line: Option<usize>, message: String) {
        let d = match code {
            "rotation-person" => Diagnostic::error("rotation-person", message),
            "rotation-gap" => Diagnostic::error("rotation-gap", message),
            "rotation-overlap" => Diagnostic::error("rotation-overlap", message),
            "support-level" => Diagnostic::error("support-level", message),
            "labels" => Diagnostic::error("labels", message),
            _ => Diagnostic::error("rotation", message),
        };
        self.diags.push(d.at(&self.file, line));
    }

    /// The line of a top-level `key:` (or `key =`, `"key"`).
    pub(crate) fn line_of_key(&self, key: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|l| {
                let l = l.trim_start().trim_start_matches('"');
                l.starts_with(key)
                    && l[key.len()..]
                        .trim_start_matches('"')
                        .trim_start()
                        .starts_with([':', '='])
            })
            .map(|i| i + 1)
    }

    /// The line of the next mention of `needle` from the last one found.
    fn next_line(&mut self, needle: &str) -> Option<usize> {
        let line = crate::data::line_of(&self.text, needle, self.cursor)?;
        self.cursor = line + 1;
        Some(line)
    }
}

/// The entries of list `key` of `value` (or `value` itself when it is the list), each with its
/// line: found by its `id` field's text, else the next `-` item.
pub(crate) fn entries<'v>(
    value: &'v Value,
    key: &str,
    id: &str,
    found: &mut Found,
) -> Vec<(&'v Value, Option<usize>)> {
    let list = match value {
        Value::Array(a) => a,
        Value::Object(m) => match m.get(key) {
            Some(Value::Array(a)) => a,
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let start = match value {
        Value::Array(_) => Some(0),
        _ => found.line_of_key(key),
    };
    if let Some(lines) = start.and_then(|s| yaml_items(&found.text, s, list.len())) {
        return list.iter().zip(lines.into_iter().map(Some)).collect();
    }
    if let Some(start) = start {
        found.cursor = start;
    }
    list.iter()
        .map(|item| {
            let needle = match item.get(id).or_else(|| item.get("name")) {
                Some(Value::String(s)) => s.clone(),
                _ => "-".into(),
            };
            let line = found.next_line(&needle);
            (item, line)
        })
        .collect()
}

/// The lines of the `- ` items of a YAML block list that starts after line `after` (0: the
/// file is the list), when there are `count` of them at one indentation.
fn yaml_items(text: &str, after: usize, count: usize) -> Option<Vec<usize>> {
    let mut indent = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(after) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = line.len() - trimmed.len();
        let item = trimmed.starts_with("- ") || trimmed == "-";
        match indent {
            None if item => indent = Some(at),
            None => return None,
            Some(n) if at < n || (at == n && !item) => break,
            _ => {}
        }
        if item && Some(at) == indent {
            out.push(i + 1);
        }
    }
    (out.len() == count).then_some(out)
}

/// A field as text (numbers and booleans written as such; "" when absent).
pub(crate) fn text_of(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

/// A string, or one per language (`{en: …, zh: …}`): the language's, else the default
/// language's, else "".
pub(crate) fn localized(value: &Value, lang: &str, default: &str) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(m) => m
            .get(lang)
            .or_else(|| m.get(default))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => String::new(),
    }
}
