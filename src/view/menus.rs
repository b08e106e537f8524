//! `menus` in templates: each menu of the page's language as a tree, the entries that lead to
//! the page marked. Built once per section without marks, and again per page only on sites
//! that have menus.

use crate::menus::{Item, Menus};
use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct MenuItemView<'a> {
    pub(crate) identifier: &'a str,
    pub(crate) name: &'a str,
    pub(crate) url: &'a str,
    pub(crate) pre: &'a str,
    pub(crate) post: &'a str,
    pub(crate) weight: i64,
    pub(crate) external: bool,
    /// The page is this entry, or is under it (its URL, or one of its children's).
    pub(crate) active: bool,
    /// The page is this entry.
    pub(crate) current: bool,
    pub(crate) children: Vec<MenuItemView<'a>>,
}

/// The menus as templates see them, for the page at `current` (None: no page is marked).
pub(crate) fn menus(menus: &Menus, current: Option<&str>) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = menus
        .iter()
        .map(|(name, items)| {
            let views: Vec<MenuItemView> = items.iter().map(|i| view(i, current)).collect();
            (
                name.clone(),
                serde_json::to_value(views).expect("menu items serialize"),
            )
        })
        .collect();
    serde_json::Value::Object(map)
}

fn view<'a>(item: &'a Item, current: Option<&str>) -> MenuItemView<'a> {
    let children: Vec<MenuItemView> = item.children.iter().map(|c| view(c, current)).collect();
    let is_current = !item.external && current == Some(item.url.as_str());
    // A section entry is active on its pages; the home page's entry only on itself.
    let under = !item.external
        && item.url.ends_with('/')
        && item.url.matches('/').count() > 1
        && current.is_some_and(|c| c.starts_with(item.url.as_str()));
    MenuItemView {
        identifier: &item.identifier,
        name: &item.name,
        url: &item.url,
        pre: &item.pre,
        post: &item.post,
        weight: item.weight,
        external: item.external,
        active: is_current || under || children.iter().any(|c| c.active),
        current: is_current,
        children,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, url: &str, children: Vec<Item>) -> Item {
        Item {
            identifier: name.into(),
            name: name.into(),
            url: url.into(),
            pre: String::new(),
            post: String::new(),
            weight: 0,
            external: url.starts_with("http"),
            children,
        }
    }

    #[test]
    fn the_way_to_the_page_is_active() {
        let mut m = Menus::new();
        m.insert(
            "main".into(),
            vec![
                item("Home", "/", vec![]),
                item(
                    "Docs",
                    "/docs/",
                    vec![item("Install", "/docs/install/", vec![])],
                ),
                item(
                    "Help",
                    "/help/",
                    vec![item("Chat", "https://chat.example.org/", vec![])],
                ),
            ],
        );
        let v = menus(&m, Some("/docs/install/"));
        let main = &v["main"];
        assert_eq!(main[0]["active"], false);
        assert_eq!(main[1]["active"], true);
        assert_eq!(main[1]["current"], false);
        assert_eq!(main[1]["children"][0]["current"], true);
        assert_eq!(main[2]["active"], false);
        let v = menus(&m, Some("/"));
        assert_eq!(v["main"][0]["current"], true);
        assert_eq!(v["main"][1]["active"], false);
    }
}
