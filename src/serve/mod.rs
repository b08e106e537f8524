//! `sitegen serve`: the live preview. Builds the site into memory with the same phases as
//! `build` (load → check → render; `builder.rs`), serves it over HTTP (`server.rs`), rebuilds
//! as much as a change needs when a source file changes (`watch.rs`), and tells the browser to
//! reload once the new files are in place (`reload.rs`). A failed rebuild keeps the last good
//! site and shows the errors in the page.

mod builder;
mod hosts;
mod limits;
mod reload;
mod server;
mod watch;

pub use server::{Target, decode_path, resolve};

use crate::diagnostics::Printer;
use crate::site::BuildOptions;
use builder::Builder;
use jiff::civil::Date;
use server::State;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

/// Enough workers for a few tabs loading pages at once; waiting polls do not hold one.
const WORKERS: usize = 8;

/// What `sitegen serve` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// The site's folder, absolute.
    pub(crate) root: PathBuf,
    pub(crate) port: u16,
    pub(crate) bind: IpAddr,
    /// Open the site in the default browser.
    pub(crate) open: bool,
    pub(crate) drafts: bool,
    /// "Today" for FAQ ages.
    pub(crate) today: Date,
    /// Host names answered besides localhost and IP addresses (`--allow-host`).
    pub(crate) allow_hosts: Vec<String>,
}

/// Serves the site until Ctrl-C (exit 0) or until the watcher stops (exit 1).
pub(crate) fn run(args: Options, out: &Printer) -> ExitCode {
    let hosts = match hosts::AllowedHosts::new(&args.allow_hosts) {
        Ok(h) => Arc::new(h),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let max_connections = limits::connection_cap(limits::raise_open_file_limit());
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
    let mut options = BuildOptions::new(args.root.clone(), args.today);
    options.base_url = Some(url.clone());
    options.drafts = args.drafts;

    let mut builder = Builder::new(options, *out);
    let state = Arc::new(State::new(builder.first_build()));
    let output_dir = builder.output_dir();
    if let Err(e) = serve_http(listener, max_connections, &state, &hosts) {
        eprintln!("error: cannot serve on {addr}: {e}");
        return ExitCode::from(1);
    }
    let watch = match watch::Watch::start(&args.root, &output_dir) {
        Ok(w) => w,
        Err(e) => {
            eprintln!(
                "error: cannot watch {} for changes: {e}",
                args.root.display()
            );
            return ExitCode::from(1);
        }
    };
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<String>();
    rebuild_on_changes(watch, builder, state, stop_tx.clone());
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
    wait_for_stop(&stop_rx, out)
}

/// Answers requests on `WORKERS` threads, and the live-reload polls on one more; connections
/// over `max_connections` are answered 503.
fn serve_http(
    listener: TcpListener,
    max_connections: usize,
    state: &Arc<State>,
    hosts: &Arc<hosts::AllowedHosts>,
) -> std::io::Result<()> {
    let server = tiny_http::Server::from_listener_with_limit(listener, None, max_connections)
        .map(Arc::new)
        .map_err(std::io::Error::other)?;
    for _ in 0..WORKERS {
        let (server, state, hosts) = (server.clone(), state.clone(), hosts.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                server::handle(&state, &hosts, request);
            }
        });
    }
    let polls = state.clone();
    std::thread::spawn(move || {
        polls.answer_polls(|request, now| server::answer(request, server::Reply::status(now)))
    });
    Ok(())
}

/// On the watcher's thread: rebuilds on every change, and refreshes the search index when
/// things are quiet. If the watcher stops, the server stops too: the preview would silently
/// go stale.
fn rebuild_on_changes(
    watch: watch::Watch,
    mut builder: Builder,
    state: Arc<State>,
    stop: Sender<String>,
) {
    std::thread::spawn(move || {
        watch.run(|work| match work {
            watch::Work::Rebuild(plan, edited) => {
                builder.rebuild(plan, edited, &state);
                builder.index_is_stale()
            }
            watch::Work::Quiet(interrupt) => {
                builder.refresh_search_index(&state, &|| interrupt.changed());
                builder.index_is_stale()
            }
        });
        let _ = stop.send("the file watcher stopped".into());
    });
}

fn wait_for_stop(stop: &Receiver<String>, out: &Printer) -> ExitCode {
    match stop.recv() {
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
