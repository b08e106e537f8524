//! HTTP: turning a request path into a file of the in-memory site, and answering. Only paths
//! the build produced can be served — there is no file-system lookup — and anything that looks
//! like an escape attempt (`..`, encoded slashes or dots, backslashes, NUL) is refused with 400.

use super::hosts::{AllowedHosts, refusal};
use super::reload::{Body, Hub, LIVE_JS, SCRIPT_TAG, Snapshot};
use std::collections::HashMap;
use tiny_http::{Header, Method, Request, Response, StatusCode};

pub(crate) type State = Hub<Request>;

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file of the site, by output path.
    File(String),
    /// A folder named without its trailing slash.
    Redirect(String),
    /// Nothing; the output path of the 404 page to show, if the site has one.
    NotFound(Option<String>),
}

/// Decodes a request path (`/a/b%20c/`) into output-path segments and whether it ended in `/`.
/// None for anything that is not a plain path inside the site.
pub fn decode_path(raw: &str) -> Option<(Vec<String>, bool)> {
    let path = raw.split(['?', '#']).next()?;
    let path = path.strip_prefix('/')?;
    let mut segments = Vec::new();
    for seg in path.split('/') {
        let seg = percent_decode(seg)?;
        if seg == "." || seg == ".." || seg.contains(['/', '\\', '\0']) {
            return None;
        }
        if !seg.is_empty() {
            segments.push(seg);
        }
    }
    Some((segments, path.is_empty() || path.ends_with('/')))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            // Two hex digits exactly (`from_str_radix` alone would take `%+f`).
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Finds what `segments` name among the site's files.
pub fn resolve<V>(files: &HashMap<String, V>, segments: &[String], folder: bool) -> Target {
    let joined = segments.join("/");
    if folder {
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        if files.contains_key(&index) {
            return Target::File(index);
        }
    } else if files.contains_key(&joined) {
        return Target::File(joined);
    } else if files.contains_key(&format!("{joined}/index.html")) {
        return Target::Redirect(folder_url(segments));
    }
    // A language's own 404 page (`zh/404.html`), else the site's.
    let lang_404 = segments.first().map(|s| format!("{s}/404.html"));
    let not_found = lang_404
        .into_iter()
        .chain(["404.html".to_string()])
        .find(|p| files.contains_key(p));
    Target::NotFound(not_found)
}

/// The URL of a folder, percent-encoded (it goes into a `Location` header, which must be ASCII):
/// `["faq", "如何 b"]` → `/faq/%E5%A6%82%E4%BD%95%20b/`.
fn folder_url(segments: &[String]) -> String {
    let mut out = String::from("/");
    for seg in segments {
        for &b in seg.as_bytes() {
            if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out.push('/');
    }
    out
}

/// A query as it may go into a `Location` header: what a URL query allows is kept (escapes
/// too), anything else is percent-encoded — a raw CR or LF would start a header of the
/// client's making.
fn encode_query(query: &str) -> String {
    let bytes = query.as_bytes();
    let mut out = String::with_capacity(query.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if escape || b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The page inserted with the reload script before the last `</body>`.
pub(crate) fn inject_script(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Shown when the site has no 404 page, or no site yet (the first build failed): the script
/// still runs, so the error overlay shows and the page reloads once the site builds.
const FALLBACK_404: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>No page at this address.</p></body></html>";

pub(crate) fn handle(state: &State, hosts: &AllowedHosts, request: Request) {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    if !hosts.allows(host) {
        let text = refusal(host.unwrap_or_default()).into_bytes();
        let body = Body::Shared(std::sync::Arc::new(text));
        return answer(request, Reply::data(403, "text/plain; charset=utf-8", body));
    }
    let response = match request.method() {
        Method::Get | Method::Head => match declared_body(&request) {
            Declared::NoBody => route(state, &request),
            // A body on GET means nothing here, and tiny_http leaves what is not read of it on
            // the connection (vendor/tiny_http/SITEGEN.md).
            Declared::Body => Reply::text(
                413,
                "payload too large: sitegen serve takes no request bodies\n",
            ),
            Declared::Malformed => Reply::text(400, "bad request: malformed Content-Length\n"),
        },
        _ => Reply::text(
            405,
            "method not allowed: sitegen serve answers GET and HEAD\n",
        ),
    };
    match response {
        Reply::Park(version) => state.park(request, version),
        reply => answer(request, reply),
    }
}

enum Declared {
    NoBody,
    Body,
    Malformed,
}

/// Whether the request declares a body. tiny_http ignores a `Content-Length` it cannot parse.
fn declared_body(request: &Request) -> Declared {
    let header = |name| request.headers().iter().find(|h| h.field.equiv(name));
    if header("Transfer-Encoding").is_some() {
        return Declared::Body;
    }
    match header("Content-Length").map(|h| h.value.as_str().trim().parse::<usize>()) {
        None | Some(Ok(0)) => Declared::NoBody,
        Some(Ok(_)) => Declared::Body,
        Some(Err(_)) => Declared::Malformed,
    }
}

pub(crate) enum Reply {
    Data {
        status: u16,
        content_type: &'static str,
        body: Body,
        location: Option<String>,
    },
    /// A live-reload poll to park until the version differs from this one.
    Park(u64),
}

impl Reply {
    fn text(status: u16, text: &'static str) -> Reply {
        Reply::data(
            status,
            "text/plain; charset=utf-8",
            Body::Static(text.as_bytes()),
        )
    }

    fn data(status: u16, content_type: &'static str, body: Body) -> Reply {
        Reply::Data {
            status,
            content_type,
            body,
            location: None,
        }
    }

    fn html(status: u16, html: &[u8]) -> Reply {
        let body = Body::Shared(std::sync::Arc::new(inject_script(html)));
        Reply::data(status, content_type("x.html"), body)
    }

    pub(crate) fn status(snapshot: &Snapshot) -> Reply {
        let json = snapshot.status_json().into_bytes();
        Reply::data(
            200,
            content_type("x.json"),
            Body::Shared(std::sync::Arc::new(json)),
        )
    }
}

fn route(state: &State, request: &Request) -> Reply {
    let url = request.url();
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    match path {
        "/__sitegen/live.js" => {
            return Reply::data(200, content_type("x.js"), Body::Static(LIVE_JS.as_bytes()));
        }
        "/__sitegen/status" => return Reply::status(&state.current()),
        "/__sitegen/wait" => {
            let seen = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("v="))
                .and_then(|v| v.parse().ok());
            return match seen {
                Some(v) => Reply::Park(v),
                None => Reply::text(400, "bad request: /__sitegen/wait needs ?v=VERSION\n"),
            };
        }
        _ => {}
    }
    let Some((segments, folder)) = decode_path(url) else {
        return Reply::text(400, "bad request: not a path inside this site\n");
    };
    let site = state.current();
    match resolve(&site.files, &segments, folder) {
        Target::File(p) => {
            let body = site.files[&p].clone();
            if p.ends_with(".html") {
                Reply::html(200, body.as_ref())
            } else {
                Reply::data(200, content_type(&p), body)
            }
        }
        Target::Redirect(to) => {
            let location = match query {
                "" => to,
                q => format!("{to}?{}", encode_query(q)),
            };
            // 302, not 301: browsers cache a 301 for good, and in a preview a file may later
            // take the folder's place.
            Reply::Data {
                status: 302,
                content_type: "text/plain; charset=utf-8",
                body: Body::Static(b"redirecting\n"),
                location: Some(location),
            }
        }
        Target::NotFound(Some(p)) => Reply::html(404, site.files[&p].as_ref()),
        Target::NotFound(None) => Reply::html(404, FALLBACK_404.as_bytes()),
    }
}

pub(crate) fn answer(request: Request, reply: Reply) {
    let Reply::Data {
        status,
        content_type,
        body,
        location,
    } = reply
    else {
        return;
    };
    let len = body.as_ref().len();
    let mut headers = vec![
        header("Content-Type", content_type),
        // A preview must never show a stale page or stylesheet.
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ];
    // Always valid: `folder_url` and `encode_query` make it ASCII without controls.
    if let Some(Ok(l)) = location.map(|l| Header::from_bytes("Location", l)) {
        headers.push(l);
    }
    let response = Response::new(
        StatusCode(status),
        headers,
        std::io::Cursor::new(body),
        Some(len),
        None,
    );
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> HashMap<String, ()> {
        [
            "index.html",
            "404.html",
            "zh/404.html",
            "faq/index.html",
            "faq/a b/index.html",
            "sitegen.css",
        ]
        .into_iter()
        .map(|p| (p.to_string(), ()))
        .collect()
    }

    fn get(url: &str) -> Option<Target> {
        let (segments, folder) = decode_path(url)?;
        Some(resolve(&files(), &segments, folder))
    }

    fn file(p: &str) -> Option<Target> {
        Some(Target::File(p.into()))
    }

    #[test]
    fn folders_files_redirects_and_404s() {
        assert_eq!(get("/"), file("index.html"));
        assert_eq!(get("/?x=1"), file("index.html"));
        assert_eq!(get("/faq/"), file("faq/index.html"));
        assert_eq!(get("//faq//"), file("faq/index.html"));
        assert_eq!(get("/faq/a%20b/"), file("faq/a b/index.html"));
        assert_eq!(get("/sitegen.css"), file("sitegen.css"));
        assert_eq!(get("/faq"), Some(Target::Redirect("/faq/".into())));
        assert_eq!(
            get("/zh/nope/"),
            Some(Target::NotFound(Some("zh/404.html".into())))
        );
        assert_eq!(
            get("/nope"),
            Some(Target::NotFound(Some("404.html".into())))
        );
    }

    #[test]
    fn redirects_are_ascii_urls() {
        // Found by the serve_path fuzz target: a folder with a non-ASCII name redirected to an
        // unencoded Location, which tiny_http refuses (ASCII only) and `header()` panicked on.
        let files: HashMap<String, ()> =
            ["zh/如何/index.html", "a b/index.html", "1%?#/index.html"]
                .into_iter()
                .map(|p| (p.to_string(), ()))
                .collect();
        for (url, to) in [
            ("/zh/%E5%A6%82%E4%BD%95", "/zh/%E5%A6%82%E4%BD%95/"),
            ("/a%20b", "/a%20b/"),
            ("/1%25%3F%23", "/1%25%3F%23/"),
        ] {
            let (segments, folder) = decode_path(url).unwrap();
            assert_eq!(
                resolve(&files, &segments, folder),
                Target::Redirect(to.into())
            );
            assert!(Header::from_bytes("Location", to).is_ok());
            let (again, folder) = decode_path(to).unwrap();
            assert!(folder);
            assert!(matches!(resolve(&files, &again, folder), Target::File(_)));
        }
    }

    #[test]
    fn a_query_in_a_location_is_encoded() {
        assert_eq!(encode_query("a=1&b=%20c"), "a=1&b=%20c");
        assert_eq!(encode_query("x\nSet-Cookie: a"), "x%0ASet-Cookie:%20a");
        assert_eq!(encode_query("\r\n"), "%0D%0A");
        assert_eq!(encode_query("q=<b>\"&%zz%4"), "q=%3Cb%3E%22&%25zz%254");
        assert_eq!(encode_query("é"), "%C3%A9");
        for q in ["x\nSet-Cookie: a", "\u{0}\u{7f}\u{1b}", "é\r"] {
            assert!(Header::from_bytes("Location", format!("/a/?{}", encode_query(q))).is_ok());
        }
    }

    #[test]
    fn a_percent_escape_is_two_hex_digits() {
        assert_eq!(percent_decode("a%41b").as_deref(), Some("aAb"));
        // `u8::from_str_radix` alone would read "+4" as 4.
        assert_eq!(percent_decode("%+41"), None);
        assert_eq!(percent_decode("%-1"), None);
        assert_eq!(percent_decode("%4"), None);
    }

    #[test]
    fn escapes_are_bad_requests() {
        for bad in [
            "/../etc/passwd",
            "/faq/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/faq%2f..%2f..%2fsecret",
            "/..\\..\\secret",
            "/%5c..%5csecret",
            "/a%00b",
            "/%zz",
            "/%e4",
            "etc/passwd",
            "http://evil/etc/passwd",
            "/./index.html",
        ] {
            assert_eq!(get(bad), None, "{bad}");
        }
    }

    #[test]
    fn types_and_injection() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("x.webp"), "image/webp");
        assert_eq!(content_type("README"), "application/octet-stream");
        assert_eq!(
            inject_script(b"<p>a</p></BODY></html>"),
            format!("<p>a</p>{SCRIPT_TAG}</BODY></html>").into_bytes()
        );
        assert_eq!(
            inject_script(b"<p>a</p>"),
            format!("<p>a</p>{SCRIPT_TAG}").into_bytes()
        );
    }
}
