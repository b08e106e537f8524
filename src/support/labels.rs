//! Triage labels (`data/labels.yaml`), in the format GitHub label syncers read: a list (or
//! `labels:` holding one) of `name`, `color` (six hex digits, `#` optional) and `description`.
//! Shortcodes: `{{< labels >}}` (a table with colour swatches) and `{{< label "kind/bug" >}}` (a
//! chip; a label the file lacks is an error at the calling line). `descriptions: {zh: …}` gives
//! the description in other languages.

use super::{Found, entries, text_of};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Label {
    pub(crate) name: String,
    /// `#rrggbb`.
    pub(crate) color: String,
    /// Black or white, whichever reads better on `color`.
    pub(crate) text_color: &'static str,
    pub(crate) description: String,
    /// `descriptions: {zh: …}`: the description in other languages (a sitegen addition that
    /// label syncers ignore).
    #[serde(skip)]
    pub(crate) translations: BTreeMap<String, String>,
}

impl Label {
    /// The label with its description in `lang`.
    pub(crate) fn in_language(&self, lang: &str) -> Label {
        let mut out = self.clone();
        if let Some(d) = self.translations.get(lang) {
            out.description = d.clone();
        }
        out
    }
}

/// The labels of `value`, with each problem at its line of the file.
pub(crate) fn read(value: &Value, found: &mut Found) -> Vec<Label> {
    let mut labels: Vec<Label> = Vec::new();
    for (item, line) in entries(value, "labels", "name", found) {
        let name = text_of(item, "name");
        if name.is_empty() {
            found.error(line, "a label needs a `name`".into());
            continue;
        }
        let raw = text_of(item, "color");
        let Some(color) = hex_color(&raw) else {
            found.error(
                line,
                format!(
                    "label `{name}`: `color: {raw}` is not a colour of six hex digits (`d73a4a`)"
                ),
            );
            continue;
        };
        if labels.iter().any(|l| l.name == name) {
            found.error(line, format!("label `{name}` is listed twice"));
            continue;
        }
        labels.push(Label {
            text_color: text_on(&color),
            color,
            description: text_of(item, "description"),
            translations: item
                .get("descriptions")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
            name,
        });
    }
    labels
}

/// `d73a4a` or `#D73A4A` → `#d73a4a`.
fn hex_color(raw: &str) -> Option<String> {
    let hex = raw.trim().trim_start_matches('#');
    (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| format!("#{}", hex.to_ascii_lowercase()))
}

/// Black text on light colours, white on dark ones (WCAG relative luminance; black wins when
/// its contrast is the higher).
fn text_on(color: &str) -> &'static str {
    let channel = |i: usize| {
        let c = u8::from_str_radix(&color[i..i + 2], 16).unwrap_or(0) as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    // Contrast with black (l + 0.05) / 0.05 against with white 1.05 / (l + 0.05).
    if (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) {
        "#000000"
    } else {
        "#ffffff"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_their_text() {
        assert_eq!(hex_color("#D73A4A").as_deref(), Some("#d73a4a"));
        assert_eq!(hex_color("red"), None);
        assert_eq!(text_on("#ffffff"), "#000000");
        assert_eq!(text_on("#000000"), "#ffffff");
        assert_eq!(text_on("#fbca04"), "#000000");
        assert_eq!(text_on("#0e3a8a"), "#ffffff");
    }
}
