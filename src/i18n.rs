//! UI strings in Fluent (`i18n/<lang>/*.ftl`) and localized dates. Strings come from the
//! embedded default theme, then the site's theme folder, then the site's own `i18n/`, each
//! overriding the one before; a missing key falls back to the default language.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::parser::{ErrorKind as ParserErrorKind, ParserError};
use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One `.ftl` file to load: its text and the path shown in messages.
#[derive(Debug, Clone)]
pub struct FtlSource {
    pub lang: String,
    pub shown: PathBuf,
    pub text: String,
}

pub struct Strings {
    bundles: HashMap<String, FluentBundle<Arc<FluentResource>>>,
    /// Message ids per language, for the consistency checks.
    keys: HashMap<String, BTreeSet<String>>,
    default_language: String,
    /// (lang, key) pairs templates asked for and the language lacked.
    missing: Mutex<BTreeSet<(String, String)>>,
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
            missing: Mutex::new(BTreeSet::new()),
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

    /// The string for `key` in `lang`, else in the default language. None when neither has it.
    pub fn get(&self, lang: &str, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        if let Some(s) = self.format(lang, key, args) {
            return Some(s);
        }
        self.missing
            .lock()
            .expect("missing-keys lock")
            .insert((lang.to_string(), key.to_string()));
        if lang != self.default_language {
            return self.format(&self.default_language, key, args);
        }
        None
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
    pub fn keys_missing_in(&self, lang: &str) -> Vec<String> {
        let empty = BTreeSet::new();
        let default = self.keys.get(&self.default_language).unwrap_or(&empty);
        let have = self.keys.get(lang).unwrap_or(&empty);
        default.difference(have).cloned().collect()
    }

    /// Warnings for keys templates used that a language lacks (reported after rendering).
    pub fn missing_key_warnings(&self) -> Vec<Diagnostic> {
        let missing = self.missing.lock().expect("missing-keys lock");
        // A language with no strings at all gets one warning, not one per key.
        let bare: BTreeSet<&String> = missing
            .iter()
            .map(|(lang, _)| lang)
            .filter(|lang| self.keys.get(*lang).is_none_or(BTreeSet::is_empty))
            .collect();
        let summaries = bare.iter().map(|lang| {
            Diagnostic::warning(
                "i18n-missing-key",
                format!(
                    "there are no UI strings for `{lang}` (add i18n/{lang}/*.ftl); the default language's text is shown"
                ),
            )
            .at(format!("i18n/{lang}"), None)
        });
        let per_key = missing
            .iter()
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

/// `FluentResource::try_new` without its panic: fluent-syntax (0.11 and 0.12, fluent-rs#389)
/// slices the text mid-character when it reports a `\u`/`\U` escape in a string literal whose
/// hex digits stop at a non-ASCII character (`{ "\u00é" }`). Such a character is replaced by
/// as many `?` bytes, only where the parser reports that error, so offsets stay the same and
/// the rest of the file parses as written.
fn parse_ftl(text: String) -> Result<FluentResource, (FluentResource, Vec<ParserError>)> {
    let spots = broken_escapes(&text);
    if spots.is_empty() {
        return FluentResource::try_new(text);
    }
    let patch = |spots: &[usize]| {
        let mut out = text.clone();
        for &at in spots {
            let len = out[at..].chars().next().map_or(0, char::len_utf8);
            out.replace_range(at..at + len, &"?".repeat(len));
        }
        out
    };
    let errors = match FluentResource::try_new(patch(&spots)) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors,
    };
    let reported: Vec<usize> = spots
        .into_iter()
        .filter(|&at| {
            errors.iter().any(|e| {
                e.pos.start == at
                    && matches!(e.kind, ParserErrorKind::InvalidUnicodeEscapeSequence(_))
            })
        })
        .collect();
    FluentResource::try_new(patch(&reported))
}

/// Byte offsets of the non-ASCII characters that cut a `\uXXXX` / `\UXXXXXX` escape short.
fn broken_escapes(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len() {
        let digits = match (b[i], b.get(i + 1)) {
            (b'\\', Some(b'u')) => 4,
            (b'\\', Some(b'U')) => 6,
            _ => continue,
        };
        let start = i + 2;
        let hex = b[start..]
            .iter()
            .take(digits)
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if hex < digits && b.get(start + hex).is_some_and(|c| !c.is_ascii()) {
            out.push(start + hex);
        }
    }
    out
}

/// Reads every `.ftl` file under `dir/<lang>/` (sorted, for a stable override order).
pub fn read_ftl_dir(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> Vec<FtlSource> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let lang = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        match std::fs::read_to_string(path) {
            Ok(text) => out.push(FtlSource { lang, shown, text }),
            Err(e) => {
                diags.push(Diagnostic::error("read", format!("cannot read: {e}")).at(shown, None))
            }
        }
    }
    out
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
        assert_eq!(s.get("en", "days", Some(&args)).unwrap(), "1 day");
        let args = fluent_args([("n", &three)].into_iter());
        assert_eq!(s.get("en", "days", Some(&args)).unwrap(), "3 days");
        assert_eq!(s.get("zh", "days", Some(&args)).unwrap(), "3 天");
        let name = serde_json::json!("Ana");
        let args = fluent_args([("name", &name)].into_iter());
        let hello = s.get("zh", "only-en", Some(&args)).unwrap();
        assert_eq!(hello, "Hello Ana");
        assert!(!hello.contains('\u{2068}') && !hello.contains('\u{2069}'));
        let w = s.missing_key_warnings();
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
        assert_eq!(s.get("en", "a", None).as_deref(), Some("A"));
        // The same characters in plain text are text, kept as written.
        assert_eq!(s.get("en", "d", None).as_deref(), Some("D \\Uä"));
        assert_eq!(s.get("zh", "a", None).as_deref(), Some("甲"));
    }

    #[test]
    fn dates() {
        let d: Date = "2024-03-04".parse().unwrap();
        assert_eq!(format_date(d, "en"), "March 4, 2024");
        assert_eq!(format_date(d, "zh"), "2024年3月4日");
        assert_eq!(format_date(d, "zh-CN"), "2024年3月4日");
    }
}
