//! The `sitegen i18n` report: per language, the pages translated, missing and outdated, and
//! the UI strings missing.

use super::Strings;
use super::drift::{DateSource, Drift, Outdated};
use crate::config::Config;
use crate::content::{Content, Page};
use serde::Serialize;
use std::path::PathBuf;

/// Per language: how far its translation is.
#[derive(Debug, Serialize)]
pub(crate) struct LanguageReport {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) translated: usize,
    pub(crate) missing: usize,
    pub(crate) outdated: usize,
    /// Default-language files that have no translation in this language.
    pub(crate) missing_pages: Vec<PathBuf>,
    pub(crate) outdated_pages: Vec<Outdated>,
    /// Fluent keys the default language has and this one lacks.
    pub(crate) missing_keys: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Report {
    pub(crate) default_language: String,
    /// Pages with a file in the default language: what every language should translate.
    pub(crate) source_pages: usize,
    pub(crate) dates_from: DateSource,
    pub(crate) languages: Vec<LanguageReport>,
}

/// What the report is made from: the loaded and checked site.
pub(crate) struct Input<'a> {
    pub(crate) config: &'a Config,
    pub(crate) content: &'a Content,
    /// For each page, the same page in the other languages.
    pub(crate) translations: &'a [Vec<usize>],
    pub(crate) drift: &'a Drift,
    pub(crate) strings: &'a Strings,
}

/// The translation status of every non-default language.
pub(crate) fn report(site: &Input) -> Report {
    let config = site.config;
    let pages = &site.content.pages;
    let default = &config.default_language;
    let real = |p: &Page| p.file.is_some() && p.fallback_of.is_none();
    let sources: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].lang == *default && real(&pages[i]))
        .collect();
    let languages = config
        .language_codes()
        .filter(|l| l != default)
        .map(|lang| {
            let missing_pages: Vec<PathBuf> = sources
                .iter()
                .filter(|&&s| {
                    !site.translations[s]
                        .iter()
                        .any(|&t| pages[t].lang == lang && real(&pages[t]))
                })
                .map(|&s| pages[s].diag_file())
                .collect();
            let mut outdated_pages: Vec<Outdated> = site
                .drift
                .outdated
                .values()
                .filter(|o| pages[o.page].lang == lang)
                .cloned()
                .collect();
            outdated_pages.sort_by(|a, b| a.file.cmp(&b.file));
            // Every source page is either translated or missing.
            let translated = sources.len() - missing_pages.len();
            LanguageReport {
                code: lang.to_string(),
                name: config.language_name(lang).to_string(),
                translated,
                missing: missing_pages.len(),
                outdated: outdated_pages.len(),
                missing_pages,
                outdated_pages,
                missing_keys: site.strings.keys_missing_in(lang),
            }
        })
        .collect();
    Report {
        default_language: default.clone(),
        source_pages: sources.len(),
        dates_from: site.drift.date_source,
        languages,
    }
}

/// The report as text for people.
pub(crate) fn human(report: &Report) -> String {
    let mut s = format!(
        "Translations of {} pages in the default language `{}`",
        report.source_pages, report.default_language
    );
    s.push_str(match report.dates_from {
        DateSource::Git => " (change dates from git)\n",
        DateSource::FrontMatter => " (change dates from front matter `updated`)\n",
        DateSource::Shallow => {
            " (shallow git clone: outdated translations cannot be judged; run `git fetch --unshallow`)\n"
        }
    });
    for l in &report.languages {
        s.push_str(&format!(
            "\n{} ({}): {} translated, {} missing, {} outdated, {} Fluent keys missing\n",
            l.code,
            l.name,
            l.translated,
            l.missing,
            l.outdated,
            l.missing_keys.len()
        ));
        for f in &l.missing_pages {
            s.push_str(&format!("  missing   {}\n", f.display()));
        }
        for o in &l.outdated_pages {
            s.push_str(&format!(
                "  outdated  {} (source {} changed {}, translation updated {})\n",
                o.file.display(),
                o.source_file.display(),
                o.source_date,
                o.translated_date
            ));
        }
        if !l.missing_keys.is_empty() {
            s.push_str(&format!("  keys      {}\n", l.missing_keys.join(", ")));
        }
    }
    s
}
