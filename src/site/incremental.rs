//! Serve's partial phases: after an edit of some pages' Markdown (`update_pages`), or of the
//! theme, templates, UI strings or static files (`reload_theme`), the site is brought up to
//! date by redoing only what the change reaches, and ends as a full load would leave it.

use super::{Presentation, Site};
use crate::content::Page;
use crate::content::frontmatter::FrontMatter;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// An edited page read again: its index, its front matter as the site would hold it, and the
/// page as read.
type Reread = (usize, FrontMatter, Page);

impl Site {
    /// Serve, after the Markdown files `files` (relative to the root) of existing pages were
    /// edited: reads them again, renders their Markdown and runs `check` again. That is enough
    /// when an edit keeps what places each page in the site — title, link title, weight, URL,
    /// slug, aliases, draft, layout, translation key, cascade, tags — so that no URL, place in
    /// the tree or navigation entry changes; the body, description, dates, FAQ dates and
    /// params may change (`FrontMatter::same_place`). Returns the pages whose output may
    /// differ: the edited pages, the sections listing them (and their other pages when a
    /// template uses `section`), their translations, and the FAQ pages when an FAQ entry is
    /// involved. None when the edit goes further and the caller must load the site again (the
    /// site is then left as it was).
    pub fn update_pages(&mut self, files: &[PathBuf]) -> Option<HashSet<usize>> {
        let mut fresh = self.reread(files)?;
        // The pages that include an edited file (`readfile`) show the edit too.
        fresh.extend(self.reread(&self.including(files))?);
        let edited = self.replace_bodies(fresh);
        for file in files {
            self.dates.edited(&self.root, file);
        }
        let faq_before = self.faq.pages();
        self.render_markdown(&edited);
        self.check();
        Some(self.affected_by(&edited, faq_before))
    }

    /// The files of the pages whose bodies `readfile` included one of `files` into (and that
    /// are not among them).
    fn including(&self, files: &[PathBuf]) -> Vec<PathBuf> {
        let including: BTreeSet<&Path> = (0..self.bodies.len())
            .filter(|&i| files.iter().any(|f| self.bodies[i].included.contains(f)))
            .filter_map(|i| self.content.pages[i].file.as_deref())
            .filter(|f| !files.iter().any(|e| e == f))
            .collect();
        including.into_iter().map(Path::to_path_buf).collect()
    }

    /// The edited `files` read again, or None when an edit goes further than the body.
    fn reread(&self, files: &[PathBuf]) -> Option<Vec<Reread>> {
        let mut fresh: Vec<Reread> = Vec::new();
        for file in files {
            // Problems found while loading this file (say, a duplicate alias) point at lines
            // an edit may have moved: load again to report them right.
            if self.loaded.iter().any(|d| d.file.as_deref() == Some(file)) {
                return None;
            }
            let page = crate::content::read_page(&self.root, &self.config, file)?;
            let pages = &self.content.pages;
            let mut found = false;
            for i in (0..pages.len()).filter(|&i| pages[i].file.as_deref() == Some(file)) {
                let old = &pages[i];
                let mut fm = page.fm.clone();
                if old.fallback_of.is_some() {
                    // As `translations::add_fallbacks` makes the copy.
                    fm.aliases.clear();
                    fm.url = None;
                }
                crate::content::inherit_cascades(pages, i, &mut fm);
                // The title may also come from the body's first heading.
                if old.title != page.title || !old.fm.same_place(&fm) {
                    return None;
                }
                fresh.push((i, fm, page.clone()));
                found = true;
            }
            if !found {
                return None;
            }
        }
        Some(fresh)
    }

    /// Puts pages read again in place of the old ones; returns their indexes.
    fn replace_bodies(&mut self, fresh: Vec<Reread>) -> Vec<usize> {
        let mut replaced = Vec::new();
        for (i, fm, page) in fresh {
            let old = &mut self.content.pages[i];
            old.fm = fm;
            old.body = page.body;
            old.body_line_offset = page.body_line_offset;
            replaced.push(i);
        }
        replaced
    }

    /// The pages whose output the edit of `edited` may change (see `update_pages`).
    fn affected_by(&self, edited: &[usize], faq_before: HashSet<usize>) -> HashSet<usize> {
        // Templates that use `section` show a page's summary, description and params on
        // every page of its section.
        let siblings = self
            .presentation
            .templates
            .as_ref()
            .is_some_and(|t| t.mention("section"));
        let mut affected: HashSet<usize> = HashSet::new();
        for &i in edited {
            affected.insert(i);
            affected.extend(self.translations[i].iter().copied());
            if let Some(parent) = self.content.pages[i].parent {
                affected.insert(parent);
                if siblings {
                    let p = &self.content.pages[parent];
                    affected.extend(p.pages.iter().chain(&p.subsections).copied());
                }
            }
        }
        let faq_after = self.faq.pages();
        if edited
            .iter()
            .any(|i| faq_before.contains(i) || faq_after.contains(i))
        {
            affected.extend(faq_before);
            affected.extend(faq_after);
        }
        affected
    }

    /// Serve, after a change to the theme, `templates/`, `i18n/` or `static/`: loads them
    /// again, keeping the content, and renders again the Markdown of exactly the pages whose
    /// shortcodes used a template that changed (or one it includes, imports or extends) or a
    /// UI string that now reads differently. Returns those pages; None when static files
    /// appeared or vanished (links were checked against them), or the templates compile now
    /// and did not before or the other way round: the caller must then load the site again.
    pub fn reload_theme(&mut self) -> Option<HashSet<usize>> {
        let mut diags = Vec::new();
        let new = Presentation::load(&self.root, &self.config, &mut diags);
        let old = &self.presentation;
        if !new.static_files.keys().eq(old.static_files.keys())
            || new.templates.is_some() != old.templates.is_some()
        {
            return None;
        }
        let changed = crate::templates::affected(&old.theme.templates, &new.theme.templates);
        let redo: BTreeSet<&Path> = (0..self.bodies.len())
            .filter(|&i| {
                let body = &self.bodies[i];
                body.shortcodes.iter().any(|t| changed.contains(t))
                    || body
                        .strings
                        .iter()
                        .any(|(lang, key, _)| !old.strings.same(&new.strings, lang, key))
            })
            .filter_map(|i| self.content.pages[i].file.as_deref())
            .collect();
        // Rendered bodies are not kept: the files are read again (with the pages that share
        // them, fallback copies in other languages).
        let files: Vec<PathBuf> = redo.into_iter().map(Path::to_path_buf).collect();
        let fresh = self.reread(&files)?;
        let redo = self.replace_bodies(fresh);
        self.presentation = new;
        self.loaded.retain(|d| !Presentation::reported(d));
        self.loaded.extend(diags);
        self.render_markdown(&redo);
        self.check();
        Some(redo.into_iter().collect())
    }
}
