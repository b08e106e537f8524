//! Serve's builder: owns the `Site` between rebuilds (on the watcher's thread), runs the same
//! phases as `build` — all of them, or serve's partial ones for a change that allows it — and
//! publishes each result as a snapshot of files in memory.

use super::reload::{Body, Files, Snapshot};
use super::server::State;
use super::watch::Plan;
use crate::diagnostics::{self, Diagnostic, Printer};
use crate::output::{Data, OutFile};
use crate::site::{BuildOptions, Site};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub(super) struct Builder {
    options: BuildOptions,
    /// The last loaded site; None after a load failed, so the next change loads again.
    site: Option<Site>,
    /// Files of the last good build.
    files: Files,
    id: String,
    version: u64,
    out: Printer,
    /// Warnings already printed, so each rebuild prints only what is new.
    warned: Vec<Diagnostic>,
    /// Pages `Site::update_pages` changed that are not rendered into `files` yet (the render
    /// failed, or the site has errors): the next good rebuild renders them too.
    pending: HashSet<usize>,
    /// Languages whose search index in `files` predates an edit (rebuilds put it off).
    stale_index: BTreeSet<String>,
    /// UI strings the templates missed in the last render of every page: a render of some
    /// pages only sees the strings of those.
    missing_strings: Vec<Diagnostic>,
    /// What the last rebuild did: the watcher's plan, or more when the change needed it.
    done: Plan,
}

/// What a rebuild produced: the files, or the errors that kept it from producing them.
type Outcome = Result<Files, Vec<Diagnostic>>;

impl Builder {
    pub(super) fn new(options: BuildOptions, out: Printer) -> Self {
        let id = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0)
        );
        Builder {
            options,
            site: None,
            files: Files::default(),
            id,
            version: 0,
            out,
            warned: Vec::new(),
            pending: HashSet::new(),
            stale_index: BTreeSet::new(),
            missing_strings: Vec::new(),
            done: Plan::Full,
        }
    }

    /// The output folder relative to the site root (the watcher ignores it).
    pub(super) fn output_dir(&self) -> PathBuf {
        let abs = match &self.site {
            Some(site) => site.output_dir(),
            None => self.options.root.join("public"),
        };
        abs.strip_prefix(&self.options.root)
            .map(Path::to_path_buf)
            .unwrap_or(abs)
    }

    /// Whether a language's search index waits to be built again.
    pub(super) fn index_is_stale(&self) -> bool {
        !self.stale_index.is_empty()
    }

    pub(super) fn first_build(&mut self) -> Snapshot {
        let start = Instant::now();
        let outcome = self.build(Plan::Full, &[]);
        if let Some(site) = &self.site {
            let pages: usize = site.pages_per_language().iter().map(|(_, n)| n).sum();
            if outcome.is_ok() {
                self.out.info(&format!(
                    "Built {} in {} ms",
                    crate::diagnostics::counted(pages, "page"),
                    start.elapsed().as_millis()
                ));
            }
        }
        let mut first = self.snapshot(outcome);
        // Nothing was shown before: no page needs to hear what changed.
        first.changed.clear();
        first
    }

    pub(super) fn rebuild(&mut self, plan: Plan, edited: &[PathBuf], state: &State) {
        let start = Instant::now();
        let outcome = self.build(plan, edited);
        let snapshot = self.snapshot(outcome);
        let ms = start.elapsed().as_millis();
        let (errors, changed) = (snapshot.errors.len(), snapshot.changed.len());
        state.publish(snapshot);
        if errors > 0 {
            self.out.info(&format!(
                "Rebuild failed with {errors} error(s) in {ms} ms; still serving the last good site."
            ));
        } else {
            self.out.info(&format!(
                "Rebuilt ({:?}) in {ms} ms: {changed} file(s) changed.",
                self.done
            ));
        }
    }

    /// Runs the build phases for `plan` and prints what they found. A panic in them is
    /// reported like an error, so no file in the site can take the server down.
    fn build(&mut self, plan: Plan, edited: &[PathBuf]) -> Outcome {
        let attempt =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.phases(plan, edited)));
        let result = attempt.unwrap_or_else(|panic| {
            self.site = None;
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown");
            Err(vec![Diagnostic::error(
                "internal",
                format!("sitegen crashed while rebuilding ({what}); please report this"),
            )])
        });
        let (outcome, mut shown) = match result {
            Ok((files, mut warnings)) => {
                diagnostics::sort(&mut warnings);
                // Warnings stay until fixed; print them when they change, not on every save.
                let new = warnings != self.warned;
                let shown = if new { warnings.clone() } else { Vec::new() };
                self.warned = warnings;
                (Ok(files), shown)
            }
            Err(diags) => {
                self.warned.clear();
                (Err(diags.clone()), diags)
            }
        };
        shown.retain(|d| !self.out.quiet || d.is_error());
        diagnostics::sort(&mut shown);
        self.out.problems(&shown);
        outcome
    }

    /// The files and warnings of a good build, or every diagnostic of a failed one.
    fn phases(
        &mut self,
        plan: Plan,
        edited: &[PathBuf],
    ) -> Result<(Files, Vec<Diagnostic>), Vec<Diagnostic>> {
        let plan = self.update(plan, edited)?;
        self.done = plan;
        let site = self.site.as_ref().expect("loaded by update");
        let mut diags = site.diagnostics.clone();
        if site.has_errors() {
            return Err(diags);
        }
        let files = match plan {
            Plan::StaticFiles => {
                let statics = crate::output::static_files(&site.presentation.static_files, &[]);
                let mut files = (*self.files).clone();
                files.extend(in_memory(&site.root, statics, &mut diags));
                files
            }
            Plan::Pages => self.render_pages(&mut diags)?,
            Plan::Theme | Plan::Full => self.render_all(plan, &mut diags)?,
        };
        self.pending.clear();
        // What was found after the render (static files, files that could not be read) counts
        // as `[severity]` and the baseline say, like the rest.
        let site = self.site.as_ref().expect("loaded");
        Ok((Arc::new(files), site.judge.apply(diags)))
    }

    /// Brings the site up to date for `plan`: with serve's partial phases where the change
    /// allows, else by loading it again. Returns what was done.
    fn update(&mut self, plan: Plan, edited: &[PathBuf]) -> Result<Plan, Vec<Diagnostic>> {
        let search = self.site.as_ref().is_some_and(|s| s.config.search.enabled);
        let plan = match &mut self.site {
            None => Plan::Full,
            Some(_) if plan == Plan::Full => plan,
            Some(site) if plan == Plan::Pages => match site.update_pages(edited) {
                Some(pages) => {
                    self.pending.extend(pages);
                    plan
                }
                None => Plan::Full,
            },
            Some(site) => match site.reload_theme() {
                Some(redone) => {
                    if search {
                        let langs = redone.iter().map(|&i| &site.content.pages[i].lang);
                        self.stale_index.extend(langs.cloned());
                    }
                    // Pages whose body changed or that wait to be rendered are rendered with
                    // everything else.
                    let render = !redone.is_empty() || !self.pending.is_empty();
                    if plan == Plan::StaticFiles && render {
                        Plan::Theme
                    } else {
                        plan
                    }
                }
                None => Plan::Full,
            },
        };
        if plan == Plan::Full {
            self.site = None;
            self.pending.clear();
            let mut site = Site::load(self.options.clone())?;
            site.check();
            self.site = Some(site);
        }
        Ok(plan)
    }

    /// Serve, after `update_pages`: the pages it changed rendered into the last good files.
    fn render_pages(
        &mut self,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<HashMap<String, Body>, Vec<Diagnostic>> {
        let site = self.site.as_ref().expect("loaded");
        let memory = crate::output::Memory::default();
        let found = crate::render::pages_to(site, &self.pending, &memory);
        let (mut found, mut strings): (Vec<_>, Vec<_>) = found
            .into_iter()
            .partition(|d| d.code != "i18n-missing-key");
        for d in &self.missing_strings {
            if !strings.contains(d) {
                strings.push(d.clone());
            }
        }
        found.extend(strings);
        if found.iter().any(Diagnostic::is_error) {
            found.extend(diags.iter().cloned());
            return Err(found);
        }
        diags.extend(found);
        let mut files = (*self.files).clone();
        files.extend(in_memory(&site.root, memory.into_files(), diags));
        if site.config.search.enabled {
            let langs = self.pending.iter().map(|&i| &site.content.pages[i].lang);
            self.stale_index.extend(langs.cloned());
        }
        Ok(files)
    }

    /// Every page rendered again. The first build has it all; later, the search index is the
    /// last one until things are quiet (Full) or stays as it is (Theme: it doesn't use
    /// templates, and the pages whose bodies changed were marked stale).
    fn render_all(
        &mut self,
        plan: Plan,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<HashMap<String, Body>, Vec<Diagnostic>> {
        let site = self.site.as_ref().expect("loaded");
        let first = self.files.is_empty();
        let (rendered, mut found) = match first {
            true => crate::render::in_memory(site),
            false => crate::render::in_memory_without_search_index(site),
        };
        if found.iter().any(Diagnostic::is_error) {
            found.extend(diags.iter().cloned());
            return Err(found);
        }
        self.missing_strings = found
            .iter()
            .filter(|d| d.code == "i18n-missing-key")
            .cloned()
            .collect();
        diags.extend(found);
        let mut files = in_memory(&site.root, rendered, diags);
        if !first && site.config.search.enabled {
            let index = self
                .files
                .iter()
                .filter(|(p, _)| crate::search::index_language(p).is_some());
            files.extend(index.map(|(p, b)| (p.clone(), b.clone())));
            if plan == Plan::Full {
                self.stale_index
                    .extend(site.config.language_codes().map(str::to_string));
            }
        }
        Ok(files)
    }

    /// After a rebuild, once things are quiet: builds the search index of each language whose
    /// pages changed again and serves it from now on, without a reload (nothing on screen
    /// changed). Put off because on a large site it takes longer than the rest of a rebuild.
    pub(super) fn refresh_search_index(
        &mut self,
        state: &State,
        interrupted: &(dyn Fn() -> bool + Sync),
    ) {
        let Some(site) = &self.site else {
            return;
        };
        if !site.config.search.enabled {
            self.stale_index.clear();
        }
        if !self.pending.is_empty() || site.has_errors() {
            return;
        }
        for lang in self.stale_index.clone() {
            let start = Instant::now();
            let index = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::render::search_index_for(site, &lang, interrupted)
            }));
            let Ok(Some(index)) = index else {
                // Interrupted by a change (tried again after its rebuild), or it panicked (the
                // next full rebuild reports what is wrong).
                return;
            };
            self.stale_index.remove(&lang);
            let mut files = (*self.files).clone();
            files.retain(|path, _| crate::search::index_language(path) != Some(lang.as_str()));
            files.extend(in_memory(&site.root, index, &mut Vec::new()));
            self.files = Arc::new(files);
            // Same version: nothing on screen changed, so no page reloads.
            state.publish(state.current().with_files(self.files.clone()));
            self.out.info(&format!(
                "Search index ({lang}) refreshed in {} ms.",
                start.elapsed().as_millis()
            ));
        }
    }

    /// The snapshot to publish for an outcome: new files, or the last good ones with errors.
    fn snapshot(&mut self, outcome: Outcome) -> Snapshot {
        self.version += 1;
        let (changed, errors) = match outcome {
            Ok(files) => {
                let changed = changed_paths(&self.files, &files);
                self.files = files;
                (changed, Vec::new())
            }
            Err(diags) => (
                Vec::new(),
                diags.into_iter().filter(Diagnostic::is_error).collect(),
            ),
        };
        Snapshot {
            files: self.files.clone(),
            id: self.id.clone(),
            version: self.version,
            css_only: !changed.is_empty() && changed.iter().all(|p| p.ends_with(".css")),
            changed,
            errors,
        }
    }
}

/// The rendered files as served: bytes in memory, copied files read now.
fn in_memory(
    root: &Path,
    files: Vec<OutFile>,
    warnings: &mut Vec<Diagnostic>,
) -> HashMap<String, Body> {
    let mut map = HashMap::with_capacity(files.len());
    for f in files {
        if let Some(body) = read(root, f.data, warnings) {
            map.insert(f.path, body);
        }
    }
    map
}

/// The bytes of one output file (`crate::output::static_files` has left out what must not be
/// published).
fn read(root: &Path, data: Data, warnings: &mut Vec<Diagnostic>) -> Option<Body> {
    match data {
        Data::Bytes(b) => Some(Body::Shared(Arc::new(b))),
        Data::Static(b) => Some(Body::Static(b)),
        Data::Copy(src) => match std::fs::read(&src) {
            Ok(b) => Some(Body::Shared(Arc::new(b))),
            Err(e) => {
                warnings.push(
                    Diagnostic::warning("read", format!("cannot read: {e}"))
                        .at(src.strip_prefix(root).unwrap_or(&src), None),
                );
                None
            }
        },
    }
}

/// Output paths added, removed or changed between two builds, sorted.
fn changed_paths(old: &Files, new: &Files) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(p, body)| old.get(*p) != Some(body))
        .map(|(p, _)| p.clone())
        .collect::<Vec<_>>()
        .into_iter()
        .chain(old.keys().filter(|p| !new.contains_key(*p)).cloned())
        .collect();
    changed.sort();
    changed
}
