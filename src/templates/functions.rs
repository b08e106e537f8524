//! What sitegen adds to Tera: the HTML escaper, `t()` (UI strings in the page's language) and
//! `format_date` (a function and a filter), registered once per language.

use crate::i18n::{Missing, Strings, fluent_args, format_date};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tera::Tera;

/// A UI string a template looked up: its language, its key, and whether the language lacked it.
pub(crate) type StringUse = (String, String, bool);

thread_local! {
    /// The UI strings looked up on this thread while `capture_strings` runs. Tera gives a
    /// function nothing but its arguments, and one page's Markdown is expanded on one thread:
    /// this is how the Markdown step learns which strings each page's shortcodes used.
    static CAPTURED: RefCell<Option<Vec<StringUse>>> = const { RefCell::new(None) };
}

/// Runs `f`, returning what it returned and every UI string `t()` looked up meanwhile on this
/// thread (those are then not recorded as missing for `Templates::take_missing`).
pub(crate) fn capture_strings<R>(f: impl FnOnce() -> R) -> (R, Vec<StringUse>) {
    let outer = CAPTURED.with(|c| c.borrow_mut().replace(Vec::new()));
    let r = f();
    let used = CAPTURED.with(|c| std::mem::replace(&mut *c.borrow_mut(), outer));
    (r, used.unwrap_or_default())
}

/// Adds `t()` and `format_date` in `lang` to `tera`. Keys `lang` lacks are recorded in `missing`
/// for the phase that rendered to report.
pub(super) fn register(
    tera: &mut Tera,
    strings: &Arc<Strings>,
    lang: &str,
    missing: &Arc<Mutex<Missing>>,
) {
    tera.register_function(
        "t",
        Translate {
            strings: Arc::clone(strings),
            lang: lang.to_string(),
            missing: Arc::clone(missing),
        },
    );
    let l = lang.to_string();
    tera.register_function("format_date", move |args: &HashMap<String, Value>| {
        date_arg(args.get("date"), &l)
    });
    let l = lang.to_string();
    tera.register_filter(
        "format_date",
        move |value: &Value, _: &HashMap<String, Value>| date_arg(Some(value), &l),
    );
}

/// Tera's default escaper also rewrites `/` as `&#x2F;`; the usual five are enough.
pub(super) fn escape(s: &str) -> String {
    crate::html::escape(s)
}

fn date_arg(v: Option<&Value>, lang: &str) -> tera::Result<Value> {
    match v {
        Some(Value::String(s)) => match crate::content::frontmatter::parse_date(s) {
            Ok(d) => Ok(Value::String(format_date(d, lang))),
            Err(e) => Err(tera::Error::msg(format!("format_date: {e}"))),
        },
        Some(Value::Null) | None => Ok(Value::String(String::new())),
        Some(other) => Err(tera::Error::msg(format!(
            "format_date: expected a date string, got {other}"
        ))),
    }
}

/// `t(key="…", …)`: a Fluent string in the page's language.
struct Translate {
    strings: Arc<Strings>,
    lang: String,
    /// Keys the language lacked, taken by whoever rendered (`Templates::take_missing`).
    missing: Arc<Mutex<Missing>>,
}

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = match args.get("key") {
            Some(Value::String(k)) => k,
            _ => {
                return Err(tera::Error::msg(
                    "t() needs a `key` argument, like t(key=\"toc-title\")",
                ));
            }
        };
        let fargs = fluent_args(
            args.iter()
                .filter(|(k, _)| *k != "key")
                .map(|(k, v)| (k.as_str(), v)),
        );
        let lookup = self.strings.get(&self.lang, key, Some(&fargs));
        let missed = lookup.missed();
        let captured = CAPTURED.with(|c| match c.borrow_mut().as_mut() {
            Some(used) => {
                used.push((self.lang.clone(), key.clone(), missed));
                true
            }
            None => false,
        });
        if missed && !captured {
            self.missing
                .lock()
                .expect("missing-keys lock")
                .insert((self.lang.clone(), key.clone()));
        }
        Ok(Value::String(lookup.text().unwrap_or_else(|| key.clone())))
    }

    fn is_safe(&self) -> bool {
        false
    }
}
