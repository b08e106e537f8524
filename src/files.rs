//! The files a site is made of, read by the same rules wherever they are found (`content/`
//! by `content`; `static/`, `templates/` and the theme by `theme`), so `build`, `check` and
//! `serve` agree: which names are editor and merge leftovers (never used, always told).

/// What an editor or a merge left beside a file, which may hold text never meant to be
/// published (a draft's `.orig`): `*.orig`, `*.rej`, `*.bak`, `*~`.
pub(crate) fn leftover(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".orig") || lower.ends_with(".rej") {
        Some("a merge or patch leftover")
    } else if lower.ends_with(".bak") || name.ends_with('~') {
        Some("an editor's backup")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers() {
        for name in ["a.md.orig", "a.MD.ORIG", "x.rej", "x.bak", "x.md~"] {
            assert!(leftover(name).is_some(), "{name}");
        }
        for name in ["a.md", "original.md", "bakery.png", "x.swp"] {
            assert!(leftover(name).is_none(), "{name}");
        }
    }
}
