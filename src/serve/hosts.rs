//! Which `Host` the preview answers for. A web page can make its own name resolve to
//! 127.0.0.1 after it has loaded (DNS rebinding) and then read anything the browser fetches
//! from that name — the preview included, were it to answer for any host. So the preview
//! answers only for names a page cannot take over: `localhost` and its subdomains (browsers
//! resolve them to the loopback themselves), IP addresses (a rebinding needs a name; this
//! covers 127.0.0.1, [::1], the address bound and a LAN address under `--bind 0.0.0.0`), and
//! the names given with `--allow-host`. Vite and webpack-dev-server check the same way.

use std::net::{Ipv4Addr, Ipv6Addr};

/// The names given with `--allow-host`, lowercased, without a trailing dot.
#[derive(Debug, Clone, Default)]
pub(crate) struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// The allowed names; an error (for the command line) naming the first that is not a
    /// host name.
    pub(crate) fn new(names: &[String]) -> Result<AllowedHosts, String> {
        let mut allowed = Vec::new();
        for name in names {
            let clean = normalize(name);
            let valid = !clean.is_empty()
                && clean
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b));
            if !valid {
                return Err(format!(
                    "--allow-host {name:?}: give a host name (like docs.test), without a port"
                ));
            }
            allowed.push(clean);
        }
        Ok(AllowedHosts(allowed))
    }

    /// Whether a request with this `Host` header (None: no header) is answered. A request
    /// without one comes from no browser, so from no rebinding page either.
    pub(crate) fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else { return true };
        let Some(name) = hostname(host.trim()) else {
            return false;
        };
        if name.starts_with('[') {
            return true; // an IPv6 address, checked by `hostname`
        }
        let name = normalize(name);
        name.parse::<Ipv4Addr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || self.0.contains(&name)
    }
}

fn normalize(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

/// The host part of a `Host` value (`name`, `name:port`, `[v6]` or `[v6]:port`), or None if it
/// is not of that form.
fn hostname(host: &str) -> Option<&str> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        host[1..end].parse::<Ipv6Addr>().ok()?;
        (&host[..=end], &host[end + 1..])
    } else {
        let name = host.split(':').next().unwrap_or(host);
        (name, &host[name.len()..])
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (!name.is_empty() && port_ok).then_some(name)
}

/// The answer to a request for another host: what was refused and how to allow it. The host
/// is shown with anything but name characters dropped, and cut short.
pub(crate) fn refusal(host: &str) -> String {
    let shown: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-._:[]".contains(*c))
        .take(100)
        .collect();
    let name = hostname(&shown).unwrap_or(&shown);
    format!(
        "forbidden: sitegen serve answers only for localhost, IP addresses and the names \
         given with --allow-host, and this request was for \"{shown}\" (a page of another \
         site could be reading the preview through a name of its own). To preview under \
         this name, restart with --allow-host {name}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> AllowedHosts {
        AllowedHosts::new(&["Docs.Test".into(), "preview.example.".into()]).unwrap()
    }

    #[test]
    fn local_names_addresses_and_given_names_are_answered() {
        let hosts = allowed();
        for host in [
            "localhost",
            "localhost:1313",
            "LOCALHOST.",
            "app.localhost:8080",
            "127.0.0.1",
            "127.0.0.1:1313",
            "[::1]",
            "[::1]:1313",
            "192.168.1.20:1313",
            "docs.test",
            "DOCS.TEST:99",
            "preview.example",
            " localhost:1313 ",
        ] {
            assert!(hosts.allows(Some(host)), "{host}");
        }
        assert!(hosts.allows(None));
    }

    #[test]
    fn other_names_and_malformed_hosts_are_refused() {
        let hosts = allowed();
        for host in [
            "evil.example",
            "evil.example:1313",
            "localhost.evil.example",
            "docs.test.evil.example",
            "127.0.0.1.nip.io",
            "127.1",
            "[::1",
            "[nonsense]:80",
            "::1",
            "localhost:",
            "localhost:80:80",
            "localhost:x",
            ":1313",
            "",
        ] {
            assert!(!hosts.allows(Some(host)), "{host}");
        }
        assert!(!AllowedHosts::default().allows(Some("docs.test")));
    }

    #[test]
    fn allowed_names_are_host_names() {
        for bad in ["", "docs.test:80", "a b", "http://docs.test", "[::1]"] {
            let e = AllowedHosts::new(&[bad.to_string()]).unwrap_err();
            assert!(e.contains("--allow-host"), "{e}");
        }
    }

    #[test]
    fn the_refusal_says_how_to_allow_the_name_and_echoes_nothing_else() {
        let text = refusal("evil.example:1313");
        assert!(text.contains("\"evil.example:1313\""), "{text}");
        assert!(text.contains("--allow-host evil.example\n"), "{text}");
        let text = refusal("<script>x</script>\u{1}\"");
        assert!(!text.contains(['<', '>', '\u{1}']), "{text}");
    }
}
