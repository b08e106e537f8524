//! `sitegen serve`: the live preview. Builds the site into memory with the same phases as
//! `build` (load → check → render), serves it over HTTP, rebuilds as much as a change needs when
//! a source file changes, and tells the browser to reload once the new files are in place. A
//! failed rebuild keeps the last good site and shows the errors in the page.

mod reload;
mod server;
mod watch;

pub use server::{Target, decode_path, resolve};
pub use watch::{Change, Plan, classify};

use crate::cli::{Printer, ServeArgs};
use crate::diagnostics::{self, Diagnostic};
use crate::output::{Data, OutFile};
use crate::site::{BuildOptions, Site};
use crate::theme::Source;
use reload::{Body, Files, Snapshot};
use server::State;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// Enough workers for a few tabs loading pages at once; waiting polls do not hold one.
const WORKERS: usize = 8;

pub fn run(args: ServeArgs, out: &Printer) -> ExitCode {
    let today = match crate::cli::today(None) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((args.bind, args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {}", bind_error(&e, args.bind, args.port));
            return ExitCode::from(1);
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: cannot read the listening address: {e}");
            return ExitCode::from(1);
        }
    };
    let url = site_url(addr);
    let mut options = BuildOptions::new(crate::site::absolute(&args.root), today);
    options.base_url = Some(url.clone());
    options.drafts = args.drafts;
    let root = options.root.clone();

    let printer = Printer {
        quiet: out.quiet,
        verbose: out.verbose,
    };
    let mut builder = Builder::new(options, printer);
    let state = Arc::new(State::new(builder.first_build()));
    let output_dir = builder.output_dir();

    let server = match tiny_http::Server::from_listener(listener, None) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: cannot serve on {addr}: {e}");
            return ExitCode::from(1);
        }
    };
    for _ in 0..WORKERS {
        let (server, state) = (server.clone(), state.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                server::handle(&state, request);
            }
        });
    }
    let polls = state.clone();
    std::thread::spawn(move || {
        polls.answer_polls(|request, now| server::answer(request, server::Reply::status(now)))
    });
    let watch = match watch::Watch::start(&root, &output_dir) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch {} for changes: {e}", root.display());
            return ExitCode::from(1);
        }
    };
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<String>();
    let watch_stop = stop_tx.clone();
    let watched = state.clone();
    std::thread::spawn(move || {
        watch.run(|work| match work {
            watch::Work::Rebuild(plan, edited) => {
                builder.rebuild(plan, edited, &watched);
                !builder.stale_index.is_empty()
            }
            watch::Work::Quiet(interrupt) => {
                builder.refresh_search_index(&watched, &|| interrupt.changed());
                !builder.stale_index.is_empty()
            }
        });
        // Without a watcher the preview would silently go stale: stop instead.
        let _ = watch_stop.send("the file watcher stopped".into());
    });
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(String::new());
    }) {
        eprintln!("warning: cannot handle Ctrl-C: {e}");
    }

    println!("Serving at {url}");
    let _ = std::io::stdout().flush();
    out.info("Watching for changes; press Ctrl-C to stop.");
    if args.open {
        open_browser(&url);
    }
    match stop_rx.recv() {
        Ok(why) if !why.is_empty() => {
            eprintln!("error: {why}");
            ExitCode::from(1)
        }
        _ => {
            out.info("Stopped.");
            ExitCode::SUCCESS
        }
    }
}

fn bind_error(e: &std::io::Error, bind: IpAddr, port: u16) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "port {port} on {bind} is already in use; choose another with --port (--port 0 picks a free one)"
        ),
        std::io::ErrorKind::AddrNotAvailable => {
            format!("cannot listen on {bind}: no such address on this machine (--bind)")
        }
        _ => format!("cannot listen on {bind} port {port}: {e}"),
    }
}

/// The address pages link to: the bound one, or this machine's loopback when bound to all
/// interfaces.
fn site_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

fn open_browser(url: &str) {
    let (cmd, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    if let Err(e) = std::process::Command::new(cmd).args(args).arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({cmd}: {e}); open {url} yourself");
    }
}

/// Owns the `Site` between rebuilds (on the watcher's thread) and publishes each result.
struct Builder {
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
    /// What the last rebuild did: the watcher's plan, or more when the change needed it.
    done: Plan,
}

/// What a rebuild produced: the files, or the errors that kept it from producing them.
type Outcome = Result<Files, Vec<Diagnostic>>;

impl Builder {
    fn new(options: BuildOptions, out: Printer) -> Self {
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
            done: Plan::Full,
        }
    }

    fn output_dir(&self) -> PathBuf {
        let abs = match &self.site {
            Some(site) => site.output_dir(),
            None => self.options.root.join("public"),
        };
        abs.strip_prefix(&self.options.root)
            .map(Path::to_path_buf)
            .unwrap_or(abs)
    }

    fn first_build(&mut self) -> Snapshot {
        let start = Instant::now();
        let outcome = self.build(Plan::Full, &[]);
        if let Some(site) = &self.site {
            let pages: usize = site.pages_per_language().iter().map(|(_, n)| n).sum();
            if outcome.is_ok() {
                self.out.info(&format!(
                    "Built {pages} pages in {} ms",
                    start.elapsed().as_millis()
                ));
            }
        }
        let mut first = self.snapshot(outcome);
        // Nothing was shown before: no page needs to hear what changed.
        first.changed.clear();
        first
    }

    fn rebuild(&mut self, plan: Plan, edited: &[PathBuf], state: &State) {
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
        eprint!(
            "{}",
            diagnostics::human(&shown, std::io::stderr().is_terminal())
        );
        outcome
    }

    /// The files and warnings of a good build, or every diagnostic of a failed one.
    fn phases(
        &mut self,
        plan: Plan,
        edited: &[PathBuf],
    ) -> Result<(Files, Vec<Diagnostic>), Vec<Diagnostic>> {
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
                // Pages waiting to be rendered are rendered with everything else.
                true if plan == Plan::StaticFiles && !self.pending.is_empty() => Plan::Theme,
                true => plan,
                false => Plan::Full,
            },
        };
        self.done = plan;
        if plan == Plan::Full {
            self.site = None;
            self.pending.clear();
            let mut site = Site::load(self.options.clone())?;
            site.check();
            self.site = Some(site);
        }
        let site = self.site.as_ref().expect("loaded above");
        let mut diags = site.diagnostics.clone();
        if site.has_errors() {
            return Err(diags);
        }
        let files = match plan {
            Plan::StaticFiles => {
                let mut files = (*self.files).clone();
                for (path, src) in &site.static_files {
                    let data = match src {
                        Source::Embedded(b) => Data::Static(b),
                        Source::Disk(p) => Data::Copy(p.clone()),
                    };
                    if let Some(body) = read(&site.root, data, path, &mut diags) {
                        files.insert(path.clone(), body);
                    }
                }
                files
            }
            Plan::Pages => {
                let memory = crate::output::Memory::default();
                site.render_pages_to(&self.pending, &memory)
                    .map_err(|mut errors| {
                        errors.extend(diags.iter().cloned());
                        errors
                    })?;
                diags.extend(site.strings.missing_key_warnings());
                let mut files = (*self.files).clone();
                files.extend(in_memory(&site.root, memory.into_files(), &mut diags));
                if site.config.search.enabled {
                    let langs = self.pending.iter().map(|&i| &site.content.pages[i].lang);
                    self.stale_index.extend(langs.cloned());
                }
                files
            }
            Plan::Theme | Plan::Full => {
                // The first build has it all; later, the search index is the last one until
                // things are quiet (Full) or stays as it is (Theme: it doesn't use templates).
                let first = self.files.is_empty();
                let rendered = match first {
                    true => site.render(),
                    false => site.render_without_search_index(),
                };
                let rendered = rendered.map_err(|mut errors| {
                    errors.extend(diags.iter().cloned());
                    errors
                })?;
                diags.extend(site.strings.missing_key_warnings());
                let mut files = in_memory(&site.root, rendered, &mut diags);
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
                files
            }
        };
        self.pending.clear();
        Ok((Arc::new(files), diags))
    }

    /// After a rebuild, once things are quiet: builds the search index of each language whose
    /// pages changed again and serves it from now on, without a reload (nothing on screen
    /// changed). Put off because on a large site it takes longer than the rest of a rebuild.
    fn refresh_search_index(&mut self, state: &State, interrupted: &(dyn Fn() -> bool + Sync)) {
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
                site.search_index_for(&lang, interrupted)
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
        if let Some(body) = read(root, f.data, &f.path, warnings) {
            map.insert(f.path, body);
        }
    }
    map
}

/// The bytes of one output file. A copied file must lie inside the site: a symlink in
/// `static/` or `content/` pointing elsewhere is not served.
fn read(root: &Path, data: Data, path: &str, warnings: &mut Vec<Diagnostic>) -> Option<Body> {
    match data {
        Data::Bytes(b) => Some(Body::Shared(Arc::new(b))),
        Data::Static(b) => Some(Body::Static(b)),
        Data::Copy(src) => {
            let real = src.canonicalize().ok();
            if !real.as_ref().is_some_and(|r| r.starts_with(root)) {
                warnings.push(
                    Diagnostic::warning(
                        "serve-outside",
                        format!("not served: /{path} links to a file outside the site"),
                    )
                    .at(src.strip_prefix(root).unwrap_or(&src), None),
                );
                return None;
            }
            match std::fs::read(&src) {
                Ok(b) => Some(Body::Shared(Arc::new(b))),
                Err(e) => {
                    warnings.push(
                        Diagnostic::warning("read", format!("cannot read: {e}"))
                            .at(src.strip_prefix(root).unwrap_or(&src), None),
                    );
                    None
                }
            }
        }
    }
}

/// Output paths added, removed or changed between two builds, sorted.
fn changed_paths(old: &Files, new: &Files) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(p, body)| old.get(*p) != Some(body))
        .map(|(p, _)| p.clone())
        .chain(old.keys().filter(|p| !new.contains_key(*p)).cloned())
        .collect();
    changed.sort();
    changed
}
