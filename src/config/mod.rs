//! `sitegen.toml`: the site's configuration. Unknown keys are errors that name the key and its
//! line, so a typo never silently does nothing: all of them in one run, each with the key that
//! was probably meant (`keys.rs`, `suggest.rs`).

mod git;
mod keys;
mod links;
mod markdown;
mod menus;
mod permalinks;
mod suggest;
mod versions;

use crate::diagnostics::{Diagnostic, Level};
use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) use git::GitConfig;
pub(crate) use links::LinksConfig;
pub(crate) use markdown::MarkdownConfig;
pub(crate) use menus::{MenuEntryConfig, MenusConfig};
pub(crate) use permalinks::{PERMALINK_TOKENS, Permalinks};
pub(crate) use versions::{Status, VersionsConfig, entry_lines as version_entry_lines};

pub(crate) const FILE_NAME: &str = "sitegen.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: String,
    #[serde(default = "default_base_url")]
    pub(crate) base_url: String,
    #[serde(default = "default_language")]
    pub(crate) default_language: String,
    /// In document order: the order of the language switcher.
    #[serde(default)]
    pub(crate) languages: IndexMap<String, LanguageConfig>,
    /// Theme folder under `themes/`; the embedded default theme when absent.
    #[serde(default)]
    pub(crate) theme: Option<String>,
    #[serde(default = "default_output_dir")]
    pub(crate) output_dir: String,
    #[serde(default)]
    pub(crate) faq: FaqConfig,
    #[serde(default)]
    pub(crate) i18n: I18nConfig,
    #[serde(default)]
    pub(crate) search: SearchConfig,
    /// `[severity]`: what a diagnostic code counts as (`broken-link = "warning"`).
    #[serde(default)]
    pub(crate) severity: IndexMap<String, Level>,
    #[serde(default)]
    pub(crate) check: CheckConfig,
    /// What reading the file found that is no error (a language code that is most often a
    /// mistake): the load phase reports it with its own problems.
    #[serde(skip)]
    pub(crate) warnings: Vec<Diagnostic>,
    /// External links (`sitegen check --external`).
    #[serde(default)]
    pub(crate) links: LinksConfig,
    /// Free-form values for templates (`site.params`).
    #[serde(default)]
    pub(crate) params: toml::Table,
    /// Shortcodes that print a constant: `latest-version = "1.9.0"` makes
    /// `{{< latest-version >}}` print `1.9.0` (names may hold `/`: `"pipelines/version"`).
    #[serde(default)]
    pub(crate) shortcodes: BTreeMap<String, String>,
    /// URL patterns per top-level section, as Hugo's `[permalinks]`.
    #[serde(default)]
    pub(crate) permalinks: Permalinks,
    #[serde(default)]
    pub(crate) build: BuildConfig,
    /// `[[menus.<name>]]`: the site's menus (`main` is the default theme's header).
    #[serde(default)]
    pub(crate) menus: MenusConfig,
    /// `[git]`: page dates from git history, and links to their commits.
    #[serde(default)]
    pub(crate) git: GitConfig,
    /// `[versions]`: one section kept once per release (`crate::versions`).
    #[serde(default)]
    pub(crate) versions: VersionsConfig,
    /// `[markdown]`: how page bodies are rendered (code highlighting).
    #[serde(default)]
    pub(crate) markdown: MarkdownConfig,
}

/// `[build]`: how the site's files are read.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct BuildConfig {
    /// Folders outside the site that symbolic links in it may point into (absolute, or
    /// relative to the site root); a link to anywhere else outside is an error.
    #[serde(default)]
    pub(crate) allow_links_to: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageConfig {
    #[serde(default)]
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// `[[languages.<code>.menus.<name>]]`: replaces the site's menu of that name.
    #[serde(default)]
    pub(crate) menus: MenusConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaqConfig {
    /// Days after which an entry (from `reviewed`, else `added`) is stale.
    #[serde(default = "default_stale_after")]
    pub(crate) stale_after: i64,
    /// Entries that turn stale within this many days are listed as due for review.
    #[serde(default = "default_review_soon")]
    pub(crate) review_soon: i64,
    /// Stale entries fail the build.
    #[serde(default)]
    pub(crate) deny_stale: bool,
    /// Section folders that are FAQ sections even without `type: faq` in their `_index.md`.
    #[serde(default = "default_faq_sections")]
    pub(crate) sections: Vec<String>,
    /// Per-category overrides: `[faq.categories.security] stale_after = 90`.
    #[serde(default)]
    pub(crate) categories: BTreeMap<String, FaqCategoryConfig>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaqCategoryConfig {
    pub(crate) stale_after: Option<i64>,
    pub(crate) review_soon: Option<i64>,
}

impl Default for FaqConfig {
    fn default() -> Self {
        FaqConfig {
            stale_after: default_stale_after(),
            review_soon: default_review_soon(),
            deny_stale: false,
            sections: default_faq_sections(),
            categories: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Untranslated {
    /// Render the default-language page under the other language's URL, with a notice.
    #[default]
    Fallback,
    /// Leave the page out of that language; links go to the default language.
    Omit,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct I18nConfig {
    #[serde(default)]
    pub(crate) untranslated: Untranslated,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchConfig {
    /// Write the per-language search index (`search/<lang>.json`) the default theme's search
    /// box uses. A theme without search can turn it off.
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `[check]`: how `build` and `check` judge problems.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckConfig {
    /// The baseline file (from the site root): the problems in it are known, only new ones
    /// fail (`crate::baseline`).
    #[serde(default)]
    pub(crate) baseline: Option<String>,
}

fn yes() -> bool {
    true
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn default_stale_after() -> i64 {
    365
}
fn default_review_soon() -> i64 {
    30
}
fn default_faq_sections() -> Vec<String> {
    vec!["faq".into()]
}

impl Config {
    /// Reads `sitegen.toml` from the site root. A missing file is an error: sitegen needs to know
    /// at least the title (and it tells the user what the file should contain).
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let hint = match other_generator(root) {
                Some((file, "Hugo")) => format!(
                    "this looks like a Hugo site ({file}); sitegen reads its own {FILE_NAME}: `sitegen init --from-hugo` writes one from it"
                ),
                Some((file, generator)) => format!(
                    "this looks like a {generator} site ({file}); sitegen reads its own {FILE_NAME}: write one with at least `title = \"…\"` and the languages (README: \"sitegen.toml\")"
                ),
                None => format!(
                    "is `{}` a sitegen site? it needs a {FILE_NAME} with at least `title = \"…\"`; `sitegen init` makes one",
                    root.display()
                ),
            };
            Diagnostic::error("config", format!("cannot read {FILE_NAME}: {e} ({hint})"))
                .at(FILE_NAME, None)
        })
        .map_err(|d| vec![d])?;
        Config::parse_all(&text)
    }

    /// Parses and validates; the first problem (`parse_all` has them all).
    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse_all(text).map_err(|mut all| all.remove(0))
    }

    /// Parses and validates; every problem points at `sitegen.toml` and its line.
    pub(crate) fn parse_all(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let (config, mut problems) = keys::deserialize::<Config>(text);
        let Some(mut config) = config else {
            return Err(problems);
        };
        if config.languages.is_empty() {
            config
                .languages
                .insert(config.default_language.clone(), LanguageConfig::default());
        }
        menus::locate(&mut config.menus, "", text);
        for (code, language) in config.languages.iter_mut() {
            menus::locate(&mut language.menus, &format!("languages.{code}."), text);
        }
        problems.extend(config.check_languages(text));
        problems.extend(config.check_severity(text));
        problems.extend(config.versions.validate(text));
        problems.sort_by_key(|d| d.line);
        if !problems.is_empty() {
            return Err(problems);
        }
        config.validate(text).map_err(|d| vec![d])?;
        Ok(config)
    }

    /// Every language code valid, else what was meant; a real code that is most often a
    /// mistake (`se`, `kr`) is a warning.
    fn check_languages(&mut self, text: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for code in self.languages.keys() {
            let line = table_line(text, "languages", code);
            let judged = match validate_language_code(code) {
                Ok(()) => suggest::language_code(code),
                Err(why) => Err(match code.contains('_') {
                    true => format!("{why}: did you mean `{}`?", code.replace('_', "-")),
                    false => why,
                }),
            };
            match judged {
                Ok(None) => {}
                Ok(Some(why)) => self.warnings.push(
                    Diagnostic::warning("language-code", format!("`[languages.{code}]`: {why}"))
                        .at(FILE_NAME, line),
                ),
                Err(why) => problems.push(
                    Diagnostic::error("config", format!("`[languages.{code}]`: {why}"))
                        .at(FILE_NAME, line),
                ),
            }
        }
        problems
    }

    /// `[severity]` names known codes, and only codes that may change.
    fn check_severity(&self, text: &str) -> Vec<Diagnostic> {
        let codes: Vec<String> = crate::diagnostics::CODES
            .iter()
            .map(|c| c.code.to_string())
            .collect();
        let mut problems = Vec::new();
        for code in self.severity.keys() {
            let why = match crate::diagnostics::code(code) {
                Some(c) => match c.fixed {
                    None => continue,
                    Some(why) => format!("`{code}` cannot be changed: {why}"),
                },
                None => match suggest::nearest(code, &codes) {
                    Some(meant) => format!("there is no code `{code}`: did you mean `{meant}`?"),
                    None => format!("there is no code `{code}` (README lists the codes)"),
                },
            };
            let line = keys::key_line(text, &["severity", code]);
            problems.push(
                Diagnostic::error("config", format!("[severity]: {why}")).at(FILE_NAME, line),
            );
        }
        problems
    }

    /// The checks that need the whole config: the default language, FAQ limits, base URL.
    fn validate(&mut self, text: &str) -> Result<(), Diagnostic> {
        let config = self;
        let key_line = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
        if !config.languages.contains_key(&config.default_language) {
            return Err(Diagnostic::error(
                "config",
                format!(
                    "default_language `{}` has no `[languages.{}]` table (configured: {})",
                    config.default_language,
                    config.default_language,
                    config
                        .languages
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .at(FILE_NAME, key_line("default_language")));
        }
        // The default language comes first everywhere (switcher, sitemap, reports).
        let default = config.default_language.clone();
        config
            .languages
            .sort_by(|a, _, b, _| (a != &default).cmp(&(b != &default)));
        if config.faq.stale_after <= 0 {
            return Err(Diagnostic::error(
                "config",
                "faq.stale_after must be a positive number of days",
            )
            .at(FILE_NAME, key_line("stale_after")));
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        if let Some((pattern, token)) = config.permalinks.unknown_token() {
            return Err(Diagnostic::error(
                "config",
                format!(
                    "permalinks: `:{token}` in \"{pattern}\" is not a permalink token (known: :{})",
                    PERMALINK_TOKENS.join(", :")
                ),
            )
            .at(FILE_NAME, key_line(pattern)));
        }
        config.links.validate(text)?;
        Ok(())
    }

    /// URL path prefix of the site, from `base_url`: "/" or "/project/".
    pub(crate) fn root_path(&self) -> String {
        let after_scheme = match self.base_url.find("://") {
            Some(i) => &self.base_url[i + 3..],
            None => return normalize_root(&self.base_url),
        };
        match after_scheme.find('/') {
            Some(i) => normalize_root(&after_scheme[i..]),
            None => "/".into(),
        }
    }

    /// Scheme and host of `base_url` ("" for a path-only base), to make permalinks.
    fn origin(&self) -> &str {
        let base = self.base_url.as_str();
        match base.find("://") {
            Some(i) => match base[i + 3..].find('/') {
                Some(j) => &base[..i + 3 + j],
                None => base,
            },
            None => "",
        }
    }

    /// The absolute URL of a root-relative one.
    pub(crate) fn permalink(&self, url: &str) -> String {
        format!("{}{url}", self.origin())
    }

    pub(crate) fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.keys().map(String::as_str)
    }

    pub(crate) fn language_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.languages
            .get(code)
            .and_then(|l| l.name.as_deref())
            .unwrap_or(code)
    }

    pub(crate) fn language_title<'a>(&'a self, code: &str) -> &'a str {
        self.languages
            .get(code)
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The menus of `lang`: the site's, each replaced by the language's own of that name.
    pub(crate) fn menus_of(&self, lang: &str) -> MenusConfig {
        let mut menus = self.menus.clone();
        if let Some(own) = self.languages.get(lang) {
            for (name, entries) in &own.menus {
                menus.insert(name.clone(), entries.clone());
            }
        }
        menus
    }

    pub(crate) fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }
}

/// The 1-based line of `key` in `[versions]`, when it is there (`sitegen version new` edits
/// it).
pub(crate) fn version_key_line(text: &str, key: &str) -> Option<usize> {
    keys::key_line(text, &["versions", key])
}

/// Line of the `[table.key]` header (quoted or not).
fn table_line(text: &str, table: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim();
            l.starts_with(&format!("[{table}.")) && l.contains(key)
        })
        .map(|i| i + 1)
}

fn normalize_root(p: &str) -> String {
    let trimmed = p.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// BCP 47 check through unic-langid, plus our own rule that the code is usable as a folder name.
pub(crate) fn validate_language_code(code: &str) -> Result<(), String> {
    let parsed: unic_langid::LanguageIdentifier = code.parse().map_err(|_| {
        format!("`{code}` is not a valid BCP 47 language tag (like `en`, `zh`, `zh-CN`, `pt-BR`)")
    })?;
    if parsed.language.is_empty() {
        return Err(format!("`{code}` has no language subtag"));
    }
    Ok(())
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Another generator's configuration in `root`: its file and the generator's name.
fn other_generator(root: &Path) -> Option<(&'static str, &'static str)> {
    const HUGO: [&str; 6] = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.json",
        "config/_default/hugo.toml",
        "config/_default/config.toml",
        "config.yaml",
    ];
    if let Some(f) = HUGO.iter().find(|f| root.join(f).is_file()) {
        return Some((f, "Hugo"));
    }
    let config = std::fs::read_to_string(root.join("config.toml")).ok()?;
    // Zola's config.toml has `base_url` and `compile_sass`/`[markdown]`; Hugo's `baseURL`.
    if config.contains("baseURL") || config.contains("baseurl") || root.join("layouts").is_dir() {
        Some(("config.toml", "Hugo"))
    } else if config.contains("base_url") {
        Some(("config.toml", "Zola"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = Config::parse("title = \"x\"\n\ntitel = \"y\"\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(err.message, "unknown field `titel`: did you mean `title`?");
        assert_eq!(err.file.as_deref(), Some(Path::new("sitegen.toml")));
    }

    #[test]
    fn unknown_nested_key() {
        let err = Config::parse("title = \"x\"\n[faq]\nstale_afer = 3\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("stale_afer"));
    }

    #[test]
    fn languages_default_first_and_validated() {
        let c = Config::parse(
            "title = \"x\"\ndefault_language = \"zh\"\n[languages.en]\nname = \"English\"\n[languages.zh]\nname = \"中文\"\n",
        )
        .unwrap();
        assert_eq!(c.language_codes().collect::<Vec<_>>(), ["zh", "en"]);
        let err =
            Config::parse("title = \"x\"\n[languages.en]\n[languages.\"e n\"]\n").unwrap_err();
        assert!(
            err.message.contains("not a valid BCP 47"),
            "{}",
            err.message
        );
        assert_eq!(err.line, Some(3));
        let err = Config::parse("title = \"x\"\ndefault_language = \"fr\"\n[languages.en]\n")
            .unwrap_err();
        assert!(err.message.contains("default_language `fr`"));
    }

    #[test]
    fn constant_shortcodes_are_strings() {
        let c = Config::parse(
            "title = \"x\"\n[shortcodes]\nlatest-version = \"1.9.0\"\n\"pipelines/version\" = \"2\"\n",
        )
        .unwrap();
        assert_eq!(c.shortcodes["latest-version"], "1.9.0");
        assert_eq!(c.shortcodes["pipelines/version"], "2");
        let err = Config::parse("title = \"x\"\n[shortcodes]\nversion = 1.9\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("expected a string"), "{}", err.message);
    }

    #[test]
    fn permalinks_per_section_and_their_tokens() {
        let c = Config::parse(
            "title = \"x\"\n[permalinks]\nposts = \"/blog/:year/:slug/\"\n[permalinks.section]\ndocs = \"/d/\"\n",
        )
        .unwrap();
        assert_eq!(c.permalinks.page["posts"], "/blog/:year/:slug/");
        assert_eq!(c.permalinks.section["docs"], "/d/");
        let err = Config::parse("title = \"x\"\n\n[permalinks]\nposts = \"/blog/:yaer/:slug/\"\n")
            .unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("`:yaer`"), "{}", err.message);
        let err = Config::parse("title = \"x\"\n[permalinks]\nposts = 3\n").unwrap_err();
        assert!(err.message.contains("permalinks.posts"), "{}", err.message);
    }

    #[test]
    fn root_path_from_base_url() {
        let mut c = Config::parse("title = \"x\"\nbase_url = \"https://a.org/docs\"\n").unwrap();
        assert_eq!(c.root_path(), "/docs/");
        c.base_url = "https://a.org/".into();
        assert_eq!(c.root_path(), "/");
    }
}
