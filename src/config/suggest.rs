//! "Did you mean": the key that was meant for an unknown one (Hugo's and Zola's names
//! included), and the language code that was meant for a country code or an old one.

/// Where a foreign name is looked for: the top level, a `[languages.<code>]` table, or
/// `[markdown]` (whose name Zola uses too).
#[derive(PartialEq)]
enum Scope {
    Top,
    Language,
    Markdown,
}

/// Names other generators use, and what they are here. `Key` names sitegen's key (said only
/// when it is one of the keys that table takes); `Hint` says what to do instead.
enum Meaning {
    Key(&'static str, &'static str),
    Hint(&'static str),
}

use Meaning::{Hint, Key};

const FOREIGN: &[(Scope, &str, Meaning)] = &[
    (Scope::Top, "baseURL", Key("base_url", "Hugo")),
    (
        Scope::Top,
        "defaultContentLanguage",
        Key("default_language", "Hugo"),
    ),
    (Scope::Top, "languageCode", Key("default_language", "Hugo")),
    (Scope::Top, "publishDir", Key("output_dir", "Hugo")),
    (Scope::Top, "extra", Key("params", "Zola")),
    (Scope::Top, "site_name", Key("title", "MkDocs")),
    (Scope::Top, "site_url", Key("base_url", "MkDocs")),
    (Scope::Top, "site_description", Key("description", "MkDocs")),
    (
        Scope::Top,
        "contentDir",
        Hint("sitegen reads `content/` (`content/<lang>/` per language); remove it"),
    ),
    (
        Scope::Top,
        "buildDrafts",
        Hint("drafts are built with `sitegen build --drafts`; remove it"),
    ),
    (
        Scope::Top,
        "build_search_index",
        Hint("the search index is `[search] enabled = true` (the default)"),
    ),
    (
        Scope::Top,
        "enableGitInfo",
        Hint("sitegen reads each page's dates from git by itself; remove it"),
    ),
    (Scope::Top, "menu", Key("menus", "Hugo")),
    (Scope::Language, "menu", Key("menus", "Hugo")),
    (
        Scope::Top,
        "translations",
        Hint("UI strings go in `i18n/<lang>/*.ftl`; remove it"),
    ),
    (Scope::Language, "languageName", Key("name", "Hugo")),
    (
        Scope::Language,
        "contentDir",
        Hint("this language's pages go in `content/<code>/`; remove it"),
    ),
    (
        Scope::Language,
        "weight",
        Hint("languages come in the order of their tables (the default language first); remove it"),
    ),
    (
        Scope::Language,
        "languageCode",
        Hint("the table's name is the language code; remove it"),
    ),
    (Scope::Markdown, "highlight_code", Key("highlight", "Zola")),
    (
        Scope::Markdown,
        "highlight_theme",
        Hint(
            "code is highlighted with CSS classes the theme colours in light and dark; restyle them in the site's CSS (README, \"Code blocks\"), and remove it",
        ),
    ),
    (
        Scope::Markdown,
        "highlight_themes_css",
        Hint(
            "code is highlighted with CSS classes the theme colours in light and dark; restyle them in the site's CSS (README, \"Code blocks\"), and remove it",
        ),
    ),
];

/// Settings of Hugo and Zola that sitegen has no use for.
const NO_USE: &[&str] = &[
    "markup",
    "module",
    "outputs",
    "outputFormats",
    "mediaTypes",
    "taxonomies",
    "pagination",
    "paginate",
    "sitemap",
    "disableKinds",
    "related",
    "imaging",
    "security",
    "services",
    "googleAnalytics",
    "enableEmoji",
    "enableRobotsTXT",
    "summaryLength",
    "canonifyURLs",
    "relativeURLs",
    "uglyURLs",
    "minify",
    "caches",
    "frontmatter",
    "copyright",
    "privacy",
    "compile_sass",
    "generate_feed",
    "generate_feeds",
    "feed_filename",
    "minify_html",
    "link_checker",
    "slugify",
    "ignored_content",
    "build",
    "server",
    "deployment",
    "defaultContentLanguageInSubdir",
    "enableMissingTranslationPlaceholders",
    "enableInlineShortcodes",
    "hasCJKLanguage",
    "timeZone",
    "timeout",
    "ignoreFiles",
];

/// What to say of an unknown `key` in the table at `path` ("" for the top level), whose known
/// keys are `expected`: the key that was meant, or what to do instead.
pub(super) fn known_name(key: &str, path: &str, expected: &[String]) -> Option<String> {
    let scope = match path.split('.').collect::<Vec<_>>()[..] {
        [""] => Some(Scope::Top),
        ["languages", _] => Some(Scope::Language),
        ["markdown"] => Some(Scope::Markdown),
        _ => None,
    };
    let foreign = FOREIGN
        .iter()
        .filter(|(s, ..)| Some(s) == scope.as_ref())
        .find(|(_, name, _)| name.eq_ignore_ascii_case(key));
    match foreign {
        Some((_, name, Key(ours, who))) if expected.iter().any(|e| e == ours) => {
            return Some(format!(
                "did you mean `{ours}`? (`{name}` is {who}'s name for it)"
            ));
        }
        Some((_, _, Hint(hint))) => return Some(hint.to_string()),
        _ => {}
    }
    if scope == Some(Scope::Top) && NO_USE.iter().any(|n| n.eq_ignore_ascii_case(key)) {
        return Some(
            "a setting of another generator that sitegen has no use for; remove it".to_string(),
        );
    }
    nearest(key, expected).map(|k| format!("did you mean `{k}`?"))
}

/// The known name nearest to `name`: the same but for case, `_` and `-`, else at most a third
/// of its letters away (Damerau-Levenshtein: `stale_afer` → `stale_after`).
pub(crate) fn nearest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    let plain = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = plain(name);
    if let Some(k) = known.iter().find(|k| plain(k) == wanted) {
        return Some(k);
    }
    let limit = (name.chars().count() / 3).max(1);
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&name.to_lowercase(), k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

/// Country codes (and withdrawn codes) written where a language code belongs: the code, what
/// it is, and the language meant.
const NOT_LANGUAGES: &[(&str, &str, &str)] = &[
    ("gr", "Greece's country code", "el"),
    ("jp", "Japan's country code", "ja"),
    ("cn", "China's country code", "zh"),
    ("ua", "Ukraine's country code", "uk"),
    ("dk", "Denmark's country code", "da"),
    ("cz", "the Czech Republic's country code", "cs"),
    ("us", "a country code", "en"),
    ("gb", "a country code", "en"),
    ("vn", "Vietnam's country code", "vi"),
    ("il", "Israel's country code", "he"),
    ("ir", "Iran's country code", "fa"),
    ("rs", "Serbia's country code", "sr"),
    ("al", "Albania's country code", "sq"),
    ("by", "Belarus's country code", "be"),
    ("kz", "Kazakhstan's country code", "kk"),
    ("iw", "Hebrew's withdrawn code", "he"),
    ("in", "Indonesian's withdrawn code", "id"),
    ("ji", "Yiddish's withdrawn code", "yi"),
    ("jw", "Javanese's withdrawn code", "jv"),
];

/// Language codes that are real but most often a country code written by mistake.
const LIKELY_COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("se", "Northern Sami", "Swedish", "sv"),
    ("kr", "Kanuri", "Korean", "ko"),
    ("ee", "Ewe", "Estonian", "et"),
];

/// A configured language code judged: Err(why, with the code meant when it is a common
/// mistake), Ok(Some(warning)) for a real code that is most often a mistake, else Ok(None).
/// `code` is valid BCP 47 (`super::validate_language_code`).
pub(super) fn language_code(code: &str) -> Result<Option<String>, String> {
    let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    let rest = &code[primary.len()..];
    if let Some((_, what, meant)) = NOT_LANGUAGES.iter().find(|(c, ..)| *c == primary) {
        return Err(format!(
            "`{primary}` is {what}, not a language code: did you mean `{meant}{rest}`?"
        ));
    }
    let private = primary.len() == 3 && ("qaa"..="qtz").contains(&primary.as_str());
    let known = match primary.len() {
        2 => isolang::Language::from_639_1(&primary).is_some(),
        3 => private || isolang::Language::from_639_3(&primary).is_some(),
        _ => false,
    };
    if !known {
        return Err(format!(
            "`{primary}` is not an ISO 639 language code (like `en`, `zh`, `pt-BR`)"
        ));
    }
    let likely = LIKELY_COUNTRIES.iter().find(|(c, ..)| *c == primary);
    Ok(likely.map(|(c, is, meant, ours)| {
        format!(
            "`{c}` is the code of {is}; if you meant {meant}, write `{ours}{rest}` (`[severity] language-code = \"off\"` silences this)"
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn nearest_keys() {
        let known = names(&["title", "base_url", "default_language", "output_dir"]);
        assert_eq!(nearest("baseurl", &known), Some("base_url"));
        assert_eq!(nearest("titel", &known), Some("title"));
        assert_eq!(nearest("ouput_dir", &known), Some("output_dir"));
        assert_eq!(nearest("menu", &known), None);
    }

    #[test]
    fn hugo_and_zola_names() {
        let top = names(&[
            "title",
            "base_url",
            "default_language",
            "output_dir",
            "params",
        ]);
        let hint = |k: &str| known_name(k, "", &top).unwrap();
        assert!(hint("baseURL").starts_with("did you mean `base_url`? (`baseURL` is Hugo's"));
        assert!(hint("defaultContentLanguage").starts_with("did you mean `default_language`?"));
        assert!(hint("extra").starts_with("did you mean `params`? (`extra` is Zola's"));
        assert!(hint("markup").contains("no use for"));
        let lang = names(&["name", "title", "description"]);
        assert!(
            known_name("languageName", "languages.en", &lang)
                .unwrap()
                .contains("`name`")
        );
        // Hugo's `weight` is no key of a language table here, nor is `menu` anywhere deeper.
        assert!(
            known_name("weight", "languages.en", &lang)
                .unwrap()
                .contains("order")
        );
        assert_eq!(known_name("menu", "faq", &lang), None);
        // Zola's `[markdown]` shares the table's name with sitegen's.
        let markdown = names(&["highlight"]);
        assert!(
            known_name("highlight_code", "markdown", &markdown)
                .unwrap()
                .starts_with("did you mean `highlight`? (`highlight_code` is Zola's")
        );
        assert!(
            known_name("highlight_theme", "markdown", &markdown)
                .unwrap()
                .contains("CSS classes")
        );
    }

    #[test]
    fn language_code_mistakes() {
        for (wrong, meant) in [
            ("gr", "el"),
            ("jp", "ja"),
            ("cn", "zh"),
            ("ua", "uk"),
            ("dk", "da"),
            ("cz", "cs"),
        ] {
            let why = language_code(wrong).unwrap_err();
            assert!(why.contains(&format!("did you mean `{meant}`?")), "{why}");
        }
        assert!(language_code("cn-TW").unwrap_err().contains("`zh-TW`"));
        assert!(language_code("xx").unwrap_err().contains("not an ISO 639"));
        for (likely, meant) in [("se", "sv"), ("kr", "ko")] {
            let warning = language_code(likely).unwrap().unwrap();
            assert!(warning.contains(&format!("write `{meant}`")), "{warning}");
        }
        for fine in [
            "en", "zh", "zh-CN", "pt-BR", "el", "fil", "yue", "qaa", "sr-Latn",
        ] {
            assert_eq!(language_code(fine), Ok(None), "{fine}");
        }
    }
}
