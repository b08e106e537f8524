//! `[[menus.<name>]]` and `[[languages.<code>.menus.<name>]]`: menu entries as written, each
//! with the line of its table (found after parsing: serde gives values, not places).

use indexmap::IndexMap;
use serde::Deserialize;

/// Menus by name, in the file's order.
pub(crate) type MenusConfig = IndexMap<String, Vec<MenuEntryConfig>>;

/// One `[[menus.main]]` table.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct MenuEntryConfig {
    /// What `parent` names it by; its name when absent.
    #[serde(default)]
    pub(crate) identifier: Option<String>,
    #[serde(default)]
    pub(crate) name: Option<String>,
    /// A UI string (Fluent key) shown as the name in each language.
    #[serde(default)]
    pub(crate) name_key: Option<String>,
    /// A site path (`/docs/`) or an external URL.
    #[serde(default)]
    pub(crate) url: Option<String>,
    /// A content file relative to `content/` (`docs/install.md`): that page's URL in each
    /// language.
    #[serde(default)]
    pub(crate) page: Option<String>,
    #[serde(default)]
    pub(crate) weight: i64,
    #[serde(default)]
    pub(crate) parent: Option<String>,
    #[serde(default)]
    pub(crate) pre: Option<String>,
    #[serde(default)]
    pub(crate) post: Option<String>,
    /// The line of the entry's `[[…]]` header in `sitegen.toml`.
    #[serde(skip)]
    pub(crate) line: Option<usize>,
}

/// Gives each entry of `menus` the line of its `[[<prefix>menus.<name>]]` header (`prefix` is
/// `languages.zh.` for a language's menus): the n-th header of a menu is its n-th entry. An
/// entry written as an inline table gets the line of the menu's key.
pub(crate) fn locate(menus: &mut MenusConfig, prefix: &str, text: &str) {
    for (name, entries) in menus.iter_mut() {
        let headers: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| is_header(l, prefix, name))
            .map(|(i, _)| i + 1)
            .collect();
        let key = text
            .lines()
            .position(|l| l.contains(&format!("menus.{name}")) || l.contains("menus"))
            .map(|i| i + 1);
        for (i, entry) in entries.iter_mut().enumerate() {
            entry.line = headers.get(i).copied().or(key);
        }
    }
}

/// Whether `line` is `[[<prefix>menus.<name>]]`, with or without quotes and spaces.
fn is_header(line: &str, prefix: &str, name: &str) -> bool {
    let Some(inner) = line
        .trim()
        .strip_prefix("[[")
        .and_then(|l| l.split("]]").next())
    else {
        return false;
    };
    let parts: Vec<String> = inner
        .split('.')
        .map(|p| p.trim().trim_matches('"').trim_matches('\'').to_string())
        .collect();
    let mut wanted: Vec<String> = prefix
        .split('.')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    wanted.push("menus".into());
    wanted.push(name.to_string());
    parts == wanted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_get_their_header_lines() {
        let text = "title = \"x\"\n[[menus.main]]\nname = \"A\"\n\n[[menus.main]]\nname = \"B\"\n[[ languages.zh.menus.\"main\" ]]\nname = \"甲\"\n";
        let mut menus: MenusConfig = IndexMap::new();
        menus.insert(
            "main".into(),
            vec![MenuEntryConfig::default(), MenuEntryConfig::default()],
        );
        locate(&mut menus, "", text);
        assert_eq!(menus["main"][0].line, Some(2));
        assert_eq!(menus["main"][1].line, Some(5));
        let mut zh: MenusConfig = IndexMap::new();
        zh.insert("main".into(), vec![MenuEntryConfig::default()]);
        locate(&mut zh, "languages.zh.", text);
        assert_eq!(zh["main"][0].line, Some(7));
    }
}
