//! `.ftl` loading: one English and (after the first NUL byte, if any) one Chinese file of a
//! two-language site, then every message formatted as templates would ask for it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitegen::config::Config;
use sitegen::i18n::{FtlSource, Missing, Strings, fluent_args};
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        Config::parse("title = \"x\"\n[languages.en]\n[languages.zh]\n").expect("config")
    })
}

fn source(lang: &str, text: &str) -> FtlSource {
    FtlSource {
        lang: lang.into(),
        shown: format!("i18n/{lang}/site.ftl").into(),
        text: text.into(),
    }
}

fuzz_target!(|text: &str| {
    let (en, zh) = text.split_once('\0').unwrap_or((text, ""));
    let (strings, diags) = Strings::load(vec![source("en", en), source("zh", zh)], config());
    for d in &diags {
        if let Some(line) = d.line {
            assert!(line >= 1 && line <= text.matches('\n').count() + 1, "{d:?}");
        }
    }
    // Format every message id in either file, with the arguments templates pass.
    let n = serde_json::json!(3);
    let name = serde_json::json!("Ana");
    let args = fluent_args([("n", &n), ("count", &n), ("name", &name)].into_iter());
    let ids = text.lines().filter_map(|l| l.split_once('=')).map(|(k, _)| k.trim());
    let mut missing = Missing::new();
    for id in ids.filter(|id| !id.is_empty() && !id.contains(char::is_whitespace)) {
        for (lang, lookup) in [
            ("en", strings.get("en", id, Some(&args))),
            ("zh", strings.get("zh", id, None)),
        ] {
            if lookup.missed() {
                missing.insert((lang.to_string(), id.to_string()));
            }
        }
    }
    let _ = strings.missing_key_warnings(&missing, &Missing::new());
});
