//! Levels of support (`data/support.yaml`): the levels a project promises (`stable`, `beta`,
//! `alpha` or its own), each with what it promises, and its components with their level,
//! since-version and owner. Names and promises are a string or one per language
//! (`{en: …, zh: …}`); the three usual levels are named by the theme's strings when the file
//! names them not. `definitions` is the page with the matrix, a URL or a content file
//! (`support/levels.md`, that page in each language). Shortcodes: `{{< support-level component="sync" >}}` (a badge linking to the
//! level's definition) and `{{< support-matrix >}}` (the levels and the components' table).

use super::{Found, entries, localized, text_of};
use serde::Serialize;
use serde_json::Value;

/// The levels the theme has names for (`support-level-<id>` strings).
const KNOWN: [&str; 3] = ["stable", "beta", "alpha"];

#[derive(Debug, Clone, Default)]
pub(crate) struct Levels {
    /// The page that defines the levels (badges link to `<definitions>#support-level-<id>`).
    pub(crate) definitions: String,
    pub(crate) levels: Vec<Level>,
    pub(crate) components: Vec<Component>,
}

#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub(crate) id: String,
    pub(crate) name: Value,
    pub(crate) promise: Value,
}

#[derive(Debug, Clone)]
pub(crate) struct Component {
    pub(crate) id: String,
    pub(crate) name: Value,
    pub(crate) level: String,
    pub(crate) since: String,
    pub(crate) owner: String,
}

/// `site.support.levels` in a language.
#[derive(Serialize)]
pub(crate) struct LevelsView {
    pub(crate) definitions: String,
    pub(crate) levels: Vec<LevelView>,
    pub(crate) components: Vec<ComponentView>,
}

#[derive(Serialize)]
pub(crate) struct LevelView {
    pub(crate) id: String,
    /// Empty when the theme's string `support-level-<id>` names it.
    pub(crate) name: String,
    pub(crate) promise: String,
    /// Where its definition is: the page of the matrix, at `#support-level-<id>`.
    pub(crate) url: String,
}

#[derive(Serialize)]
pub(crate) struct ComponentView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) level: String,
    pub(crate) since: String,
    pub(crate) owner: String,
}

/// The levels and components of `value`, each problem at its line of the file.
pub(crate) fn read(value: &Value, found: &mut Found) -> Levels {
    let mut out = Levels {
        definitions: text_of(value, "definitions"),
        ..Levels::default()
    };
    for (item, line) in entries(value, "levels", "id", found) {
        let id = text_of(item, "id");
        if id.is_empty() {
            found.error(line, "a level needs an `id` (`stable`, `beta`, …)".into());
            continue;
        }
        let name = item.get("name").cloned().unwrap_or(Value::Null);
        if name.is_null() && !KNOWN.contains(&id.as_str()) {
            found.error(
                line,
                format!(
                    "level `{id}` needs a `name` (only {} have one in the theme)",
                    KNOWN.join(", ")
                ),
            );
        }
        out.levels.push(Level {
            id,
            name,
            promise: item.get("promise").cloned().unwrap_or(Value::Null),
        });
    }
    for (item, line) in entries(value, "components", "id", found) {
        let id = match text_of(item, "id") {
            id if !id.is_empty() => id,
            _ => text_of(item, "name"),
        };
        if id.is_empty() {
            found.error(line, "a component needs an `id` or a `name`".into());
            continue;
        }
        let level = text_of(item, "level");
        if !out.levels.iter().any(|l| l.id == level) {
            let known: Vec<&str> = out.levels.iter().map(|l| l.id.as_str()).collect();
            found.error(
                line,
                format!(
                    "component `{id}`: level `{level}` is not one of the levels ({})",
                    known.join(", ")
                ),
            );
        }
        out.components.push(Component {
            name: item
                .get("name")
                .cloned()
                .unwrap_or_else(|| id.clone().into()),
            id,
            level,
            since: text_of(item, "since"),
            owner: text_of(item, "owner"),
        });
    }
    out
}

impl Levels {
    /// The view in `lang`; `page_url` gives the URL of a content file (`support/levels.md`)
    /// in that language, for `definitions`.
    pub(crate) fn view(
        &self,
        lang: &str,
        default: &str,
        page_url: &dyn Fn(&str) -> Option<String>,
    ) -> LevelsView {
        let definitions = match self.definitions.ends_with(".md") {
            true => page_url(&self.definitions).unwrap_or_default(),
            false => self.definitions.clone(),
        };
        LevelsView {
            definitions: definitions.clone(),
            levels: self
                .levels
                .iter()
                .map(|l| LevelView {
                    id: l.id.clone(),
                    name: localized(&l.name, lang, default),
                    promise: localized(&l.promise, lang, default),
                    url: format!("{definitions}#support-level-{}", l.id),
                })
                .collect(),
            components: self
                .components
                .iter()
                .map(|c| ComponentView {
                    id: c.id.clone(),
                    name: localized(&c.name, lang, default),
                    level: c.level.clone(),
                    since: c.since.clone(),
                    owner: c.owner.clone(),
                })
                .collect(),
        }
    }

    /// Components per level, for the reports.
    pub(crate) fn summary(&self) -> Value {
        let per: serde_json::Map<String, Value> = self
            .levels
            .iter()
            .map(|l| {
                let names: Vec<&str> = self
                    .components
                    .iter()
                    .filter(|c| c.level == l.id)
                    .map(|c| c.id.as_str())
                    .collect();
                (l.id.clone(), serde_json::json!(names))
            })
            .collect();
        serde_json::json!({ "levels": self.levels.len(), "components": per })
    }
}
