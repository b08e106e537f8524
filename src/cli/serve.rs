//! `sitegen serve`: the live preview's options (the server itself is `crate::serve`).

use super::today;
use crate::diagnostics::Printer;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The site's folder (the one holding sitegen.toml).
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1313)]
    pub(crate) port: u16,
    /// The address to listen on; 0.0.0.0 makes the preview reachable from other machines.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub(crate) open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Also answer requests for this host name (repeatable). Only localhost, its subdomains
    /// and IP addresses are answered otherwise: a page of another site cannot read the preview
    /// by pointing a name of its own at this machine.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub(crate) allow_host: Vec<String>,
}

pub(crate) fn run(args: ServeArgs, out: &Printer) -> ExitCode {
    let today = match today(None) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let options = crate::serve::Options {
        root: crate::site::absolute(&args.root),
        port: args.port,
        bind: args.bind,
        open: args.open,
        drafts: args.drafts,
        today,
        allow_hosts: args.allow_host,
    };
    crate::serve::run(options, out)
}
