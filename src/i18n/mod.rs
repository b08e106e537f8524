//! Languages: UI strings in Fluent (`i18n/<lang>/*.ftl`) and localized dates (here), reading
//! `.ftl` files (`ftl`), translation drift from git (`drift`), and the `sitegen i18n` report
//! (`report`). Strings come from the embedded default theme, then the site's theme folder, then
//! the site's own `i18n/`, each overriding the one before; a missing key falls back to the
//! default language.

pub(crate) mod drift;
mod ftl;
pub(crate) mod report;

pub use ftl::FtlSource;
pub(crate) use ftl::read_ftl_dir;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use ftl::parse_ftl;
use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// (language, key) pairs of UI strings that templates asked for and the language lacked.
pub type Missing = BTreeSet<(String, String)>;

pub struct Strings {
    bundles: HashMap<String, FluentBundle<Arc<FluentResource>>>,
    /// Message ids per language, for the consistency checks.
    keys: HashMap<String, BTreeSet<String>>,
    default_language: String,
}

/// A UI string looked up for a language.
pub enum Lookup {
    Found(String),
    /// The language lacks it; the default language's text.
    FellBack(String),
    /// Neither has it.
    Missing,
}

impl Lookup {
    /// The text to show, if there is one.
    pub(crate) fn text(self) -> Option<String> {
        match self {
            Lookup::Found(s) | Lookup::FellBack(s) => Some(s),
            Lookup::Missing => None,
        }
    }

    /// Whether the language lacked the string (whether or not the default language had it).
    pub fn missed(&self) -> bool {
        !matches!(self, Lookup::Found(_))
    }
}

impl Strings {
    /// Builds one bundle per configured language. Syntax errors are reported with file and
    /// line; the rest of the file still loads.
    pub fn load(sources: Vec<FtlSource>, config: &Config) -> (Strings, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut bundles = HashMap::new();
        let mut keys: HashMap<String, BTreeSet<String>> = HashMap::new();
        for code in config.language_codes() {
            let langid = code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks (U+2068/U+2069) would leak into the HTML.
            bundle.set_use_isolating(false);
            bundles.insert(code.to_string(), bundle);
        }
        // Which configured languages each file serves: its own, and the regional variants of a
        // bare language (the theme's `zh` strings serve `zh-CN` and `zh-TW`).
        let targets = |file_lang: &str| -> (Vec<String>, Vec<String>) {
            let exact = config
                .language_codes()
                .filter(|c| *c == file_lang)
                .map(str::to_string)
                .collect();
            let variants = config
                .language_codes()
                .filter(|c| c.split('-').next() == Some(file_lang) && *c != file_lang)
                .map(str::to_string)
                .collect();
            (exact, variants)
        };
        let mut parsed = Vec::new();
        for src in sources {
            let (exact, variants) = targets(&src.lang);
            if exact.is_empty() && variants.is_empty() {
                // Themes may ship languages a site does not use; only the site's own files warn.
                if src.shown.starts_with("i18n") {
                    diags.push(
                        Diagnostic::warning(
                            "i18n-language",
                            format!(
                                "`{}` is not a language of this site (sitegen.toml); file ignored",
                                src.lang
                            ),
                        )
                        .at(&src.shown, None),
                    );
                }
                continue;
            }
            let resource = match parse_ftl(src.text) {
                Ok(r) => r,
                Err((r, errors)) => {
                    for e in errors {
                        let line = crate::config::line_of(r.source(), e.pos.start);
                        diags.push(
                            Diagnostic::error(
                                "ftl-syntax",
                                format!("Fluent syntax error: {}", e.kind),
                            )
                            .at(&src.shown, Some(line)),
                        );
                    }
                    r
                }
            };
            let ids: Vec<String> = resource
                .entries()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect();
            parsed.push((Arc::new(resource), ids, exact, variants));
        }
        // Bare-language files first, so a variant's own files override them.
        for pass in 0..2 {
            for (resource, ids, exact, variants) in &parsed {
                for lang in if pass == 0 { variants } else { exact } {
                    keys.entry(lang.clone())
                        .or_default()
                        .extend(ids.iter().cloned());
                    if let Some(bundle) = bundles.get_mut(lang) {
                        bundle.add_resource_overriding(Arc::clone(resource));
                    }
                }
            }
        }
        let strings = Strings {
            bundles,
            keys,
            default_language: config.default_language.clone(),
        };
        diags.extend(strings.extra_keys());
        (strings, diags)
    }

    /// A key in a translation that the default language lacks is probably a typo or leftover.
    fn extra_keys(&self) -> Vec<Diagnostic> {
        let Some(default) = self.keys.get(&self.default_language) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut langs: Vec<_> = self.keys.keys().collect();
        langs.sort();
        for lang in langs {
            if *lang == self.default_language {
                continue;
            }
            for key in self.keys[lang].difference(default) {
                out.push(
                    Diagnostic::warning(
                        "i18n-extra-key",
                        format!("Fluent key `{key}` exists in `{lang}` but not in the default language `{}`", self.default_language),
                    )
                    .at(format!("i18n/{lang}"), None),
                );
            }
        }
        out
    }

    /// The string for `key` in `lang`, else in the default language.
    pub fn get(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> Lookup {
        if let Some(s) = self.format(lang, key, args) {
            return Lookup::Found(s);
        }
        if lang != self.default_language
            && let Some(s) = self.format(&self.default_language, key, args)
        {
            return Lookup::FellBack(s);
        }
        Lookup::Missing
    }

    /// Whether `key` reads the same in `lang` here and in `other`: the same message, from the
    /// same language's strings (its own, or the default language's it falls back to). Serve
    /// redoes only the pages whose UI strings an `.ftl` edit changed.
    pub(crate) fn same(&self, other: &Strings, lang: &str, key: &str) -> bool {
        self.effective(lang, key) == other.effective(lang, key)
    }

    fn effective<'s>(
        &'s self,
        lang: &'s str,
        key: &str,
    ) -> Option<(&'s str, fluent::FluentMessage<'s>)> {
        if let Some(m) = self.bundles.get(lang).and_then(|b| b.get_message(key)) {
            return Some((lang, m));
        }
        if lang == self.default_language {
            return None;
        }
        let default = self.default_language.as_str();
        let m = self.bundles.get(default)?.get_message(key)?;
        Some((default, m))
    }

    fn format(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundles.get(lang)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    }

    /// Keys the default language has and `lang` lacks (from every loaded `.ftl`), sorted.
    pub(crate) fn keys_missing_in(&self, lang: &str) -> Vec<String> {
        let empty = BTreeSet::new();
        let default = self.keys.get(&self.default_language).unwrap_or(&empty);
        let have = self.keys.get(lang).unwrap_or(&empty);
        default.difference(have).cloned().collect()
    }

    /// Warnings for the keys templates used that a language lacks, leaving out what
    /// `reported` (an earlier phase's) already told.
    pub fn missing_key_warnings(&self, missing: &Missing, reported: &Missing) -> Vec<Diagnostic> {
        // A language with no strings at all gets one warning, not one per key.
        let bare_in = |set: &'_ Missing| -> BTreeSet<String> {
            set.iter()
                .map(|(lang, _)| lang)
                .filter(|lang| self.keys.get(*lang).is_none_or(BTreeSet::is_empty))
                .cloned()
                .collect()
        };
        let told = bare_in(reported);
        let bare = bare_in(missing);
        let missing: Vec<&(String, String)> =
            missing.iter().filter(|m| !reported.contains(*m)).collect();
        let summaries = bare.iter().filter(|l| !told.contains(*l)).map(|lang| {
            Diagnostic::warning(
                "i18n-missing-key",
                format!(
                    "there are no UI strings for `{lang}` (add i18n/{lang}/*.ftl); the default language's text is shown"
                ),
            )
            .at(format!("i18n/{lang}"), None)
        });
        let per_key = missing
            .into_iter()
            .filter(|(lang, _)| !bare.contains(lang))
            .map(|(lang, key)| {
                let fell_back = *lang != self.default_language
                    && self.format(&self.default_language, key, None).is_some();
                let msg = if fell_back {
                    format!("Fluent key `{key}` is used by templates but missing in `{lang}` (the default language's text is shown)")
                } else {
                    format!("Fluent key `{key}` is used by templates but missing in `{lang}`")
                };
                Diagnostic::warning("i18n-missing-key", msg).at(format!("i18n/{lang}"), None)
            });
        summaries.chain(per_key).collect()
    }
}

/// Template arguments (JSON values) as Fluent arguments: numbers stay numbers so plural rules
/// apply.
pub fn fluent_args<'a>(
    args: impl Iterator<Item = (&'a str, &'a serde_json::Value)>,
) -> FluentArgs<'a> {
    let mut out = FluentArgs::new();
    for (k, v) in args {
        match v {
            serde_json::Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    out.set(k, FluentValue::from(i));
                } else if let Some(f) = n.as_f64() {
                    out.set(k, FluentValue::from(f));
                }
            }
            serde_json::Value::String(s) => out.set(k, FluentValue::from(s.as_str())),
            serde_json::Value::Bool(b) => out.set(k, FluentValue::from(b.to_string())),
            _ => {}
        }
    }
    out
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as people of that language write it: "March 4, 2024", "2024年3月4日". The one helper
/// every page, notice and report uses.
pub fn format_date(date: Date, lang: &str) -> String {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let base = lang.split('-').next().unwrap_or(lang);
    match base {
        "zh" | "ja" => format!("{y}年{m}月{d}日"),
        "ko" => format!("{y}년 {m}월 {d}일"),
        "de" => format!("{d}.{m}.{y}"),
        "fr" | "es" | "it" | "pt" | "nl" => format!("{d:02}/{m:02}/{y}"),
        "en" if lang == "en-GB" => format!("{d} {} {y}", EN_MONTHS[m as usize - 1]),
        _ => format!("{} {d}, {y}", EN_MONTHS[m as usize - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse("title = \"x\"\n[languages.en]\n[languages.zh]\n").unwrap()
    }

    fn src(lang: &str, text: &str) -> FtlSource {
        FtlSource {
            lang: lang.into(),
            shown: format!("i18n/{lang}/site.ftl").into(),
            text: text.into(),
        }
    }

    #[test]
    fn plurals_fallback_and_no_isolation_marks() {
        let (s, d) = Strings::load(
            vec![
                src(
                    "en",
                    "days = { $n ->\n    [one] { $n } day\n   *[other] { $n } days\n}\nonly-en = Hello { $name }\n",
                ),
                src("zh", "days = { $n } 天\n"),
            ],
            &config(),
        );
        assert!(d.is_empty(), "{d:?}");
        let one = serde_json::json!(1);
        let three = serde_json::json!(3);
        let args = fluent_args([("n", &one)].into_iter());
        assert_eq!(s.get("en", "days", Some(&args)).text().unwrap(), "1 day");
        let args = fluent_args([("n", &three)].into_iter());
        assert_eq!(s.get("en", "days", Some(&args)).text().unwrap(), "3 days");
        assert_eq!(s.get("zh", "days", Some(&args)).text().unwrap(), "3 天");
        let name = serde_json::json!("Ana");
        let args = fluent_args([("name", &name)].into_iter());
        let lookup = s.get("zh", "only-en", Some(&args));
        let missed = Missing::from([("zh".to_string(), "only-en".to_string())]);
        assert!(lookup.missed());
        let hello = lookup.text().unwrap();
        assert_eq!(hello, "Hello Ana");
        assert!(!hello.contains('\u{2068}') && !hello.contains('\u{2069}'));
        let w = s.missing_key_warnings(&missed, &Missing::new());
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("`only-en`") && w[0].message.contains("`zh`"));
    }

    #[test]
    fn syntax_error_has_line_and_extra_keys_warn() {
        let (_, d) = Strings::load(
            vec![
                src("en", "a = A\nb = B\n"),
                src("zh", "a = 甲\n\nbroken line here\nc = 丙\n"),
            ],
            &config(),
        );
        let err = d
            .iter()
            .find(|d| d.code == "ftl-syntax")
            .expect("syntax error");
        assert_eq!(err.line, Some(3));
        assert!(
            d.iter()
                .any(|d| d.code == "i18n-extra-key" && d.message.contains("`c`"))
        );
    }

    #[test]
    fn broken_unicode_escape_is_a_syntax_error_not_a_panic() {
        // Found by the ftl fuzz target; fluent-syntax panicked on these (fluent-rs#389).
        let (s, d) = Strings::load(
            vec![
                src(
                    "en",
                    "a = A\nbad = { \"\\u00é\" }\nc = C \\u00é { \"\\U01F6ǣ\" }\nd = D \\Uä\n",
                ),
                src("zh", "a = 甲\nbad = { \"\\u043ǣ\" }\n"),
            ],
            &config(),
        );
        let errors: Vec<_> = d.iter().filter(|d| d.code == "ftl-syntax").collect();
        assert_eq!(errors.len(), 3, "{d:?}");
        assert_eq!(errors[0].line, Some(2));
        assert!(
            errors[0].message.contains("unicode escape"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[1].line, Some(3));
        assert_eq!(errors[2].line, Some(2));
        assert_eq!(s.get("en", "a", None).text().as_deref(), Some("A"));
        // The same characters in plain text are text, kept as written.
        assert_eq!(s.get("en", "d", None).text().as_deref(), Some("D \\Uä"));
        assert_eq!(s.get("zh", "a", None).text().as_deref(), Some("甲"));
    }

    #[test]
    fn dates() {
        let d: Date = "2024-03-04".parse().unwrap();
        assert_eq!(format_date(d, "en"), "March 4, 2024");
        assert_eq!(format_date(d, "zh"), "2024年3月4日");
        assert_eq!(format_date(d, "zh-CN"), "2024年3月4日");
    }
}
