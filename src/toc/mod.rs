//! Navigation from a data file: a section whose `_index.md` says `nav = "data/docs/toc.yml"`
//! takes its sidebar from that file instead of its pages' weights. The file is a list (or a
//! table with `toc:` or `items:` holding the list) of entries:
//!
//! ```yaml
//! - title: Getting started       # a group, with its own entries
//!   items:
//!     - docs/install.md          # a page by its path under content/ (its title)
//!     - page: docs/configure.md  # the same, with another title
//!       title: Configure it
//! - title: Source code           # an external link
//!   url: https://github.com/example/driftwood
//! ```
//!
//! Read at load, for each section's language (a page missing there is looked up in the default
//! language). A listed page that does not exist is an error at the data file's line; pages of
//! the section the file leaves out are one warning at the `nav` line.

use crate::config::Config;
use crate::content::{Content, Page};
use crate::diagnostics::Diagnostic;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One entry of a data-file navigation, resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TocItem {
    pub(crate) title: String,
    /// Empty for a group without a page.
    pub(crate) url: String,
    /// The page it lists.
    pub(crate) page: Option<usize>,
    pub(crate) children: Vec<TocItem>,
}

/// Section index → its navigation from a data file.
pub(crate) type Tocs = HashMap<usize, Vec<TocItem>>;

/// Every section's navigation from a data file, and what was wrong.
pub(crate) fn load(root: &Path, config: &Config, content: &Content) -> (Tocs, Vec<Diagnostic>) {
    let mut tocs = Tocs::new();
    let mut diags = Vec::new();
    for (i, page) in content.pages.iter().enumerate() {
        if !page.is_section() || page.fallback_of.is_some() {
            continue;
        }
        let Some(nav) = page.fm.params.get("nav") else {
            continue;
        };
        let at = (page.diag_file(), Some(page.fm.line_of("nav")));
        let Some(file) = nav.as_str() else {
            diags.push(
                Diagnostic::error(
                    "nav-file",
                    "`nav` must be the path of a data file from the site root (`data/docs/toc.yml`)",
                )
                .at(at.0, at.1),
            );
            continue;
        };
        let reader = Reader {
            config,
            content,
            lang: &page.lang,
            file: PathBuf::from(file),
        };
        match reader.read(root) {
            Ok((items, listed, found)) => {
                diags.extend(found);
                diags.extend(unlisted(content, i, &listed, file, &at));
                tocs.insert(i, items);
            }
            Err(d) => diags.push(d.at(at.0, at.1)),
        }
    }
    (tocs, diags)
}

/// Reads one navigation file for one section.
struct Reader<'a> {
    config: &'a Config,
    content: &'a Content,
    lang: &'a str,
    /// From the site root.
    file: PathBuf,
}

/// A file's entries, the pages they list, and what was wrong with them.
type Read = (Vec<TocItem>, HashSet<usize>, Vec<Diagnostic>);

impl Reader<'_> {
    fn read(&self, root: &Path) -> Result<Read, Diagnostic> {
        let shown = self.file.display();
        let text = std::fs::read_to_string(root.join(&self.file)).map_err(|e| {
            Diagnostic::error("nav-file", format!("`nav`: cannot read {shown}: {e}"))
        })?;
        let ext = self.file.extension().and_then(|e| e.to_str()).unwrap_or("");
        let value = crate::data::parse(ext, &text).map_err(|(why, line)| {
            let at = line.map(|l| format!(":{l}")).unwrap_or_default();
            Diagnostic::error("nav-file", format!("`nav`: {shown}{at}: {why}"))
        })?;
        let list = match &value {
            Value::Object(m) => m.get("toc").or_else(|| m.get("items")),
            Value::Array(_) => Some(&value),
            _ => None,
        };
        let Some(Value::Array(list)) = list else {
            return Err(Diagnostic::error(
                "nav-file",
                format!(
                    "`nav`: {shown} must be a list of entries (or `toc:` / `items:` holding one)"
                ),
            ));
        };
        let mut state = State {
            text: &text,
            cursor: 0,
            listed: HashSet::new(),
            diags: Vec::new(),
        };
        let items = self.entries(list, &mut state);
        Ok((items, state.listed, state.diags))
    }

    fn entries(&self, list: &[Value], state: &mut State) -> Vec<TocItem> {
        list.iter().filter_map(|v| self.entry(v, state)).collect()
    }

    fn entry(&self, v: &Value, state: &mut State) -> Option<TocItem> {
        let (page, title, url, items) = match v {
            Value::String(p) => (Some(p.as_str()), None, None, None),
            Value::Object(m) => {
                let s = |k: &str| m.get(k).and_then(Value::as_str);
                (
                    s("page").or_else(|| s("path")),
                    s("title"),
                    s("url"),
                    m.get("items").or_else(|| m.get("children")),
                )
            }
            _ => {
                let line = state.line_of("-");
                state.error(
                    &self.file,
                    line,
                    "an entry must be a page's path or a table (title, page, url, items)".into(),
                );
                return None;
            }
        };
        let mut item = TocItem {
            title: title.unwrap_or_default().to_string(),
            url: url.unwrap_or_default().to_string(),
            page: None,
            children: Vec::new(),
        };
        if let Some(path) = page {
            let line = state.line_of(path);
            match self.find(path) {
                Some(i) => {
                    let p = &self.content.pages[i];
                    state.listed.insert(i);
                    item.page = Some(i);
                    item.url = p.url.clone();
                    if title.is_none() {
                        item.title = p.nav_title().to_string();
                    }
                }
                None => {
                    let message = format!(
                        "`{path}` is no page of the site (a path under content/, like `docs/install.md`)"
                    );
                    state.error(&self.file, line, message);
                    return None;
                }
            }
        } else if let Some(t) = title {
            state.line_of(t);
        }
        if let Some(Value::Array(children)) = items {
            item.children = self.entries(children, state);
        }
        if item.title.is_empty() {
            item.title = item.url.clone();
        }
        Some(item)
    }

    /// The page `path` names in the section's language, else in the default language.
    fn find(&self, path: &str) -> Option<usize> {
        let path = path.trim_start_matches('/');
        let path = path.strip_prefix("content/").unwrap_or(path);
        let mut langs = vec![self.lang, self.config.default_language.as_str()];
        langs.dedup();
        langs.iter().find_map(|l| {
            let lang_path = path
                .strip_prefix(&format!("{l}/"))
                .filter(|_| self.config.is_multilingual());
            lang_path
                .and_then(|p| self.content.by_source.get(l, p))
                .or_else(|| self.content.by_source.get(l, path))
                .filter(|&i| self.content.pages[i].has_url())
        })
    }
}

/// Where reading a file is: the line of the last entry found (entries are found in order).
struct State<'t> {
    text: &'t str,
    cursor: usize,
    listed: HashSet<usize>,
    diags: Vec<Diagnostic>,
}

impl State<'_> {
    /// The line of the next mention of `needle` from the last entry on (1-based).
    fn line_of(&mut self, needle: &str) -> Option<usize> {
        let lines: Vec<&str> = self.text.lines().collect();
        let found = (self.cursor..lines.len()).find(|&i| lines[i].contains(needle))?;
        self.cursor = found + 1;
        Some(found + 1)
    }

    fn error(&mut self, file: &Path, line: Option<usize>, message: String) {
        self.diags
            .push(Diagnostic::error("nav-file", message).at(file, line));
    }
}

/// A warning naming the pages under section `idx` that `listed` leaves out.
fn unlisted(
    content: &Content,
    idx: usize,
    listed: &HashSet<usize>,
    file: &str,
    at: &(PathBuf, Option<usize>),
) -> Option<Diagnostic> {
    let mut left_out = Vec::new();
    let mut stack: Vec<usize> = content.pages[idx].pages.clone();
    stack.extend(&content.pages[idx].subsections);
    while let Some(i) = stack.pop() {
        let p: &Page = &content.pages[i];
        stack.extend(&p.pages);
        stack.extend(&p.subsections);
        if p.is_rendered() && !listed.contains(&i) && p.fallback_of.is_none() {
            left_out.push(p.source.clone());
        }
    }
    if left_out.is_empty() {
        return None;
    }
    left_out.sort();
    let count = left_out.len();
    let shown: Vec<String> = left_out.iter().take(5).map(|s| format!("`{s}`")).collect();
    let more = match count > 5 {
        true => format!(" and {} more", count - 5),
        false => String::new(),
    };
    Some(
        Diagnostic::warning(
            "nav-unlisted",
            format!(
                "{count} page(s) of this section are not in {file}, so the sidebar does not show them: {}{more}",
                shown.join(", ")
            ),
        )
        .at(at.0.clone(), at.1),
    )
}
