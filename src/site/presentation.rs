//! What a site takes from its theme, `templates/`, `i18n/` and `static/` rather than
//! `content/`: loaded together, and loaded again together when serve sees one of them change.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::Strings;
use crate::templates::Templates;
use crate::theme::{Source, Theme};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What a site takes from its theme, `templates/`, `i18n/` and `static/` rather than `content/`.
pub(crate) struct Presentation {
    pub(crate) theme: Theme,
    /// Output path → source for the theme's and the site's static files.
    pub(crate) static_files: BTreeMap<String, Source>,
    pub(crate) strings: Arc<Strings>,
    /// Compiled once per load; None when a template has errors (reported when loading).
    pub(crate) templates: Option<Templates>,
}

impl Presentation {
    pub(crate) fn load(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Presentation {
        let theme = Theme::load(root, config, diags);
        let mut static_files = theme.static_files.clone();
        let links = crate::files::Links::new(root, config);
        for (rel, path) in crate::theme::files_under(&root.join("static"), &links, diags) {
            static_files.insert(rel, Source::Disk(path));
        }
        let mut ftl = theme.ftl.clone();
        ftl.extend(crate::i18n::read_ftl_dir(
            root,
            &root.join("i18n"),
            &links,
            diags,
        ));
        let (strings, ftl_diags) = Strings::load(ftl, config);
        diags.extend(ftl_diags);
        let strings = Arc::new(strings);
        let templates = compile_templates(&theme, &strings, config, diags);
        Presentation {
            theme,
            static_files,
            strings,
            templates,
        }
    }

    /// Whether `load` could have reported this diagnostic (so a reload replaces it).
    pub(crate) fn reported(d: &Diagnostic) -> bool {
        matches!(
            d.code,
            "template" | "theme" | "ftl-syntax" | "i18n-language"
        ) || d.file.as_ref().is_some_and(|f| {
            let f = f.to_string_lossy();
            [
                "themes/",
                "templates/",
                "i18n/",
                "static/",
                "(built-in theme)",
            ]
            .iter()
            .any(|p| f.starts_with(p))
        })
    }
}

fn compile_templates(
    theme: &Theme,
    strings: &Arc<Strings>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) -> Option<Templates> {
    let langs: Vec<String> = config.language_codes().map(str::to_string).collect();
    match Templates::compile(&theme.templates, strings, &langs) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    }
}
