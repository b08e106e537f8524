//! Asking one URL, politely, and judging the answer honestly.
//!
//! HEAD first (GET when `#fragments` must be looked up), and GET again when HEAD gets anything
//! but a success: many servers refuse or mishandle HEAD. Redirects are followed here, one
//! request per hop, so every hop waits for its own host's [`Permit`]; a chain that starts with
//! permanent redirects (301, 308) tells where the link has moved. A 429 or 503 with a
//! `Retry-After` we may wait for blocks that host, and the request is asked again.
//!
//! What an answer means: 404, 410, any other 4xx but those below, and a host that does not
//! exist are **broken** at once; 5xx, a plain 403, a reset or refused connection are
//! **transient** (broken once they have failed for `fail_after` days); 429, 401, 403/503 from
//! a known bot wall and timeouts are **unknown**, never broken.

use super::limits::{HostRules, Limiter, Permit};
use crate::config::LinksConfig;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use ureq::http::{HeaderMap, Response, StatusCode};

const MAX_REDIRECTS: usize = 10;
/// The most of a page read to find its ids.
const MAX_BODY: u64 = 8 << 20;
/// Asking again after a 429/503 with `Retry-After`, or after a connection that broke.
const MAX_ATTEMPTS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Ok,
    Broken,
    Transient,
    Unknown,
}

/// What asking a URL found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Outcome {
    pub(crate) result: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) status: Option<u16>,
    /// Why, for people: `404 Not Found`, `no answer within 20 s`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) message: String,
    /// Where permanent redirects lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) moved_to: Option<String>,
    /// The fragments looked up in the page, and whether it has them (empty when the page
    /// was not HTML or fragments are not checked).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) fragments: BTreeMap<String, bool>,
    /// The host name could not be looked up (to tell a machine without network).
    #[serde(skip)]
    pub(crate) lookup_failed: bool,
}

impl Outcome {
    fn new(result: Kind, message: impl Into<String>) -> Outcome {
        Outcome {
            result,
            status: None,
            message: message.into(),
            moved_to: None,
            fragments: BTreeMap::new(),
            lookup_failed: false,
        }
    }
}

/// The HTTP client and the limits, shared by every worker.
pub(crate) struct Checker<'a> {
    agent: ureq::Agent,
    config: &'a LinksConfig,
    limiter: Limiter,
    rules: Mutex<HashMap<String, Arc<HostRules>>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Head,
    Get,
}

/// The last answer of a redirect chain.
struct Landed<'a> {
    response: Response<ureq::Body>,
    moved_to: Option<String>,
    _permit: Permit<'a>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(config: &'a LinksConfig) -> Checker<'a> {
        let most = config
            .hosts
            .values()
            .filter_map(|h| h.concurrency)
            .chain([config.host_concurrency])
            .max()
            .unwrap_or(1);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(Duration::from_secs(config.timeout)))
            .user_agent(concat!(
                "sitegen/",
                env!("CARGO_PKG_VERSION"),
                " (link checker)"
            ))
            .accept("text/html,application/xhtml+xml,*/*;q=0.8")
            .max_idle_connections_per_host(most)
            .max_idle_connections(config.concurrency.max(most) * 2)
            .build()
            .into();
        Checker {
            agent,
            config,
            limiter: Limiter::default(),
            rules: Mutex::new(HashMap::new()),
        }
    }

    fn rules(&self, authority: &str) -> Arc<HostRules> {
        let mut rules = self.rules.lock().expect("rules lock");
        rules
            .entry(authority.to_string())
            .or_insert_with(|| Arc::new(HostRules::for_authority(self.config, authority)))
            .clone()
    }

    /// Asks `url` (no fragment) and looks up `fragments` in it.
    pub(crate) fn check(&self, url: &str, fragments: &[String]) -> Outcome {
        let parsed = match url::Url::parse(url) {
            Ok(u) if u.host_str().is_some() => u,
            Ok(_) => return Outcome::new(Kind::Broken, "not a valid URL: it has no host"),
            Err(e) => return Outcome::new(Kind::Broken, format!("not a valid URL: {e}")),
        };
        let fragments: Vec<&String> = fragments
            .iter()
            .filter(|f| self.config.check_fragments && !f.starts_with(":~:"))
            .collect();
        if fragments.is_empty() {
            let head = self.ask(&parsed, Method::Head, &[]);
            // Anything but a success or a rate limit from HEAD is asked again with GET.
            let again = !matches!(head.result, Kind::Ok)
                && head.status != Some(429)
                && !matches!(head.message.as_str(), m if m.starts_with("no answer within"))
                && !head.lookup_failed;
            if !again {
                return head;
            }
        }
        self.ask(&parsed, Method::Get, &fragments)
    }

    fn ask(&self, url: &url::Url, method: Method, fragments: &[&String]) -> Outcome {
        let mut landed = match self.follow(url, method) {
            Ok(l) => l,
            Err(outcome) => return outcome,
        };
        let status = landed.response.status();
        let mut outcome = judge_status(status, landed.response.headers(), self.config);
        outcome.moved_to = landed.moved_to.take();
        if outcome.result == Kind::Ok && !fragments.is_empty() {
            let html = landed
                .response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.contains("html"));
            let body = html
                .then(|| {
                    let body = landed.response.body_mut().with_config().limit(MAX_BODY);
                    body.read_to_vec().ok()
                })
                .flatten();
            // A page that is not HTML (a PDF's `#page=2`), or too large to read, cannot be
            // judged: its fragments count as found.
            let ids = body.map(|b| super::html::ids(&String::from_utf8_lossy(&b)));
            for f in fragments {
                let found = ids.as_ref().is_none_or(|ids| {
                    f.as_str() == "top"
                        || ids.contains(f.as_str())
                        || ids.contains(&format!("user-content-{f}"))
                });
                outcome.fragments.insert((*f).clone(), found);
            }
        }
        outcome
    }

    /// Follows redirects from `url`, one request per hop.
    fn follow(&self, url: &url::Url, method: Method) -> Result<Landed<'_>, Outcome> {
        let mut current = url.clone();
        let mut moved_to = None;
        let mut permanent_so_far = true;
        for _ in 0..=MAX_REDIRECTS {
            let (response, permit) = self.request(&current, method)?;
            let status = response.status();
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .and_then(|l| current.join(l).ok());
            match location {
                Some(next) if status.is_redirection() => {
                    permanent_so_far &= matches!(status.as_u16(), 301 | 308);
                    if permanent_so_far {
                        moved_to = Some(next.to_string());
                    }
                    current = next;
                }
                _ => {
                    return Ok(Landed {
                        response,
                        moved_to,
                        _permit: permit,
                    });
                }
            }
        }
        Err(Outcome::new(
            Kind::Broken,
            format!("more than {MAX_REDIRECTS} redirects"),
        ))
    }

    /// One request, under its host's permit; asked again after a `Retry-After` short enough
    /// to wait for, or once after a broken connection.
    fn request(
        &self,
        url: &url::Url,
        method: Method,
    ) -> Result<(Response<ureq::Body>, Permit<'_>), Outcome> {
        let authority = authority(url);
        let rules = self.rules(&authority);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let permit = self.limiter.acquire(&authority, &rules);
            let result = match method {
                Method::Head => with_headers(self.agent.head(url.as_str()), &rules).call(),
                Method::Get => with_headers(self.agent.get(url.as_str()), &rules).call(),
            };
            match result {
                Ok(response) => {
                    let code = response.status().as_u16();
                    let wait = retry_after(response.headers())
                        .filter(|w| *w <= Duration::from_secs(self.config.max_retry_wait));
                    match wait {
                        Some(wait) if matches!(code, 429 | 503) && attempt < MAX_ATTEMPTS => {
                            self.limiter.block(&authority, Instant::now() + wait);
                        }
                        _ => return Ok((response, permit)),
                    }
                }
                Err(e) => {
                    let outcome = judge_error(&e, self.config);
                    if outcome.result != Kind::Transient || attempt >= 2 {
                        return Err(outcome);
                    }
                    drop(permit);
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
    }
}

fn with_headers<B>(
    mut request: ureq::RequestBuilder<B>,
    rules: &HostRules,
) -> ureq::RequestBuilder<B> {
    for (k, v) in &rules.headers {
        request = request.header(k.as_str(), v.as_str());
    }
    request
}

/// `host` or `host:port`, the key of the per-host limits.
pub(crate) fn authority(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let secs = when.as_second() - jiff::Timestamp::now().as_second();
    Some(Duration::from_secs(secs.max(0) as u64))
}

fn judge_status(status: StatusCode, headers: &HeaderMap, config: &LinksConfig) -> Outcome {
    let code = status.as_u16();
    let text = match status.canonical_reason() {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    };
    let (result, message) = match code {
        200..=299 => (Kind::Ok, String::new()),
        404 | 410 => (Kind::Broken, text),
        429 => {
            let asked = match retry_after(headers) {
                Some(d) => format!(
                    ", and its Retry-After ({} s) is longer than links.max_retry_wait ({} s)",
                    d.as_secs(),
                    config.max_retry_wait
                ),
                None => String::new(),
            };
            (
                Kind::Unknown,
                format!("{text}: the host limits requests{asked}"),
            )
        }
        401 | 407 => (
            Kind::Unknown,
            format!("{text}: the page needs a login (a token: `[links.hosts.\"…\"] token_env`)"),
        ),
        403 | 503 if bot_wall(headers).is_some() => (
            Kind::Unknown,
            format!(
                "{text} from {}'s bot protection, which answers link checkers so",
                bot_wall(headers).unwrap_or_default()
            ),
        ),
        408 => (Kind::Unknown, text),
        403 | 500..=599 => (Kind::Transient, text),
        400..=499 => (Kind::Broken, text),
        300..=399 => (Kind::Broken, format!("{text} without a Location to go to")),
        _ => (Kind::Unknown, text),
    };
    let mut outcome = Outcome::new(result, message);
    outcome.status = Some(code);
    outcome
}

/// The bot protection a 403/503 comes from, told by its headers.
fn bot_wall(headers: &HeaderMap) -> Option<&'static str> {
    let has = |name: &str| headers.contains_key(name);
    let server = headers
        .get("server")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if has("cf-mitigated") || (server == "cloudflare" && has("cf-ray")) {
        Some("Cloudflare")
    } else if server.contains("akamaighost") {
        Some("Akamai")
    } else if has("x-amzn-waf-action") {
        Some("AWS WAF")
    } else if has("x-sucuri-id") {
        Some("Sucuri")
    } else if has("x-datadome") || server.contains("datadome") {
        Some("DataDome")
    } else if has("x-iinfo") {
        Some("Imperva")
    } else if server.contains("ddos-guard") {
        Some("DDoS-Guard")
    } else if has("x-vercel-mitigated") {
        Some("Vercel")
    } else {
        None
    }
}

fn judge_error(e: &ureq::Error, config: &LinksConfig) -> Outcome {
    let text = e.to_string();
    match e {
        ureq::Error::Timeout(_) => Outcome::new(
            Kind::Unknown,
            format!("no answer within {} s (links.timeout)", config.timeout),
        ),
        ureq::Error::HostNotFound => {
            let mut o = Outcome::new(Kind::Broken, "the host does not exist");
            o.lookup_failed = true;
            o
        }
        ureq::Error::Io(io) if text.contains("lookup address") || text.contains("resolve") => {
            // getaddrinfo: "Name or service not known" is an answer; "Temporary failure in
            // name resolution" is not.
            let definite = [
                "not known",
                "No address associated",
                "nodename nor servname",
            ]
            .iter()
            .any(|m| text.contains(m));
            let mut o = if definite {
                Outcome::new(Kind::Broken, format!("the host does not exist ({io})"))
            } else {
                Outcome::new(
                    Kind::Transient,
                    format!("the host name could not be looked up ({io})"),
                )
            };
            o.lookup_failed = true;
            o
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Outcome::new(
            Kind::Unknown,
            format!("no answer within {} s (links.timeout)", config.timeout),
        ),
        ureq::Error::BadUri(_) => Outcome::new(Kind::Broken, format!("not a valid URL: {text}")),
        _ => Outcome::new(Kind::Transient, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_judged_honestly() {
        let config = LinksConfig::default();
        let judge = |code: u16, headers: &[(&str, &str)]| {
            let mut map = HeaderMap::new();
            for (k, v) in headers {
                map.insert(
                    ureq::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    v.parse().unwrap(),
                );
            }
            judge_status(StatusCode::from_u16(code).unwrap(), &map, &config).result
        };
        assert_eq!(judge(200, &[]), Kind::Ok);
        assert_eq!(judge(404, &[]), Kind::Broken);
        assert_eq!(judge(410, &[]), Kind::Broken);
        assert_eq!(judge(400, &[]), Kind::Broken);
        assert_eq!(judge(429, &[]), Kind::Unknown);
        assert_eq!(judge(401, &[]), Kind::Unknown);
        assert_eq!(judge(403, &[]), Kind::Transient);
        assert_eq!(
            judge(403, &[("server", "cloudflare"), ("cf-ray", "1")]),
            Kind::Unknown
        );
        assert_eq!(judge(503, &[("cf-mitigated", "challenge")]), Kind::Unknown);
        assert_eq!(
            judge(403, &[("x-amzn-waf-action", "captcha")]),
            Kind::Unknown
        );
        assert_eq!(judge(502, &[]), Kind::Transient);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let mut map = HeaderMap::new();
        map.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&map), Some(Duration::from_secs(7)));
        map.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&map), Some(Duration::ZERO));
    }
}
