//! The default theme as a reader meets it, in headless Chromium: contrast measured from computed
//! styles in both colour schemes, keyboard focus, tabs without a script, the header and menu
//! on a phone, wide tables. The site is served by the real `sitegen serve`.

mod common;
use common::TestSite;
use common::browser::{Browser, Tab, chromium};
use common::serve::Server;
use serde_json::json;

fn site() -> TestSite {
    let site =
        TestSite::with_config("title = \"Theme test\"\nbase_url = \"https://example.org/\"\n");
    let wide: String = (0..30)
        .map(|i| format!("| column {i} "))
        .collect::<String>()
        + "|\n";
    let rule: String = (0..30).map(|_| "|---").collect::<String>() + "|\n";
    let row: String = (0..30).map(|i| format!("| value {i} ")).collect::<String>() + "|\n";
    site.write("content/_index.md", "---\ntitle: Home\n---\nHello.\n")
        .write(
            "content/docs/guide.md",
            &format!(
                "---\ntitle: Guide\n---\nIntro.\n\n## Install\n\nText.\n\n## Configure\n\nMore.\n\n\
                 {{{{< tabs >}}}}\n{{{{< tab \"Linux\" >}}}}\nOn Linux.\n{{{{< /tab >}}}}\n\
                 {{{{< tab \"macOS\" >}}}}\nOn a Mac.\n{{{{< /tab >}}}}\n{{{{< /tabs >}}}}\n\n\
                 {wide}{rule}{row}"
            ),
        )
        .write(
            "content/docs/other.md",
            "---\ntitle: Other\n---\nOther page.\n",
        );
    site
}

/// WCAG contrast of two CSS colours, the first composited over `under` when translucent.
const CONTRAST_JS: &str = r#"
function rgba(c) { const m = c.match(/[\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; }
function over(top, under) { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]); }
function lum(c) { return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
  function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); } }
function contrast(a, b) { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
"#;

fn url(server: &Server, path: &str) -> String {
    format!("http://{}{path}", server.addr)
}

fn scheme(tab: &mut Tab, dark: bool) {
    tab.call(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" } }] }),
    );
}

fn number(tab: &mut Tab, expr: &str) -> f64 {
    tab.eval(expr)
        .as_f64()
        .unwrap_or_else(|| panic!("`{expr}` is no number"))
}

#[test]
fn the_search_box_and_the_error_overlay_have_contrast_in_both_schemes() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    let server = Server::start(&site, &[]);
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    for dark in [false, true] {
        scheme(&mut tab, dark);
        tab.navigate(&url(&server, "/docs/guide/"));
        tab.wait_for("!document.querySelector('.site-search').hidden");
        let ratio = number(
            &mut tab,
            &format!(
                "{CONTRAST_JS} contrast(rgba(getComputedStyle(document.getElementById('site-search-input')).borderTopColor), \
                 rgba(getComputedStyle(document.querySelector('.site-header')).backgroundColor))"
            ),
        );
        assert!(
            ratio >= 3.0,
            "search box border {ratio:.2}:1 (dark: {dark})"
        );
    }
    // The live preview's error overlay on a light page: the file:line text is readable.
    scheme(&mut tab, false);
    tab.navigate(&url(&server, "/docs/guide/"));
    site.write("content/docs/guide.md", "---\ntitle: [x\n---\nbroken\n");
    let overlay = "(document.getElementById('sitegen-error-overlay') || {}).textContent || 'none'";
    tab.wait_text(overlay, "content/docs/guide.md:");
    let ratio = number(
        &mut tab,
        &format!(
            "{CONTRAST_JS} const o = document.getElementById('sitegen-error-overlay'); \
             const p = o.querySelector('pre'); const page = rgba(getComputedStyle(document.body).backgroundColor); \
             const behind = over(rgba(getComputedStyle(o).backgroundColor), page[3] ? page : [255,255,255,1]); \
             const own = rgba(getComputedStyle(p).backgroundColor); \
             contrast(rgba(getComputedStyle(p).color), own[3] ? over(own, behind) : behind)"
        ),
    );
    assert!(ratio >= 4.5, "overlay text {ratio:.2}:1");
}

#[test]
fn heading_anchors_take_keyboard_focus_and_show() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    let server = Server::start(&site, &[]);
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    tab.navigate(&url(&server, "/docs/guide/"));
    tab.eval("document.activeElement && document.activeElement.blur(); true");
    let mut reached = false;
    for _ in 0..60 {
        for kind in ["keyDown", "keyUp"] {
            tab.call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9 }),
            );
        }
        if tab.eval("document.activeElement.classList.contains('heading-anchor')") == json!(true) {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab never reached a heading's anchor link");
    assert_eq!(
        tab.eval("getComputedStyle(document.activeElement).opacity"),
        json!("1")
    );
    assert_eq!(
        tab.eval("document.activeElement.getAttribute('aria-labelledby')"),
        json!("install")
    );
}

#[test]
fn tabs_switch_with_no_script() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    let server = Server::start(&site, &[]);
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    tab.call(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    );
    tab.navigate(&url(&server, "/docs/guide/"));
    let shown = "[...document.querySelectorAll('.sg-tab-panel')].map(p => getComputedStyle(p).display !== 'none')";
    assert_eq!(tab.eval(shown), json!([true, false]));
    // The labels sit side by side, as tabs do.
    let same_row = "(() => { const l = document.querySelectorAll('.sg-tab-label'); \
                    return l[0].getBoundingClientRect().top === l[1].getBoundingClientRect().top; })()";
    assert_eq!(tab.eval(same_row), json!(true));
    tab.eval("document.querySelectorAll('.sg-tab-label')[1].click(); true");
    assert_eq!(tab.eval(shown), json!([false, true]));
}

#[test]
fn on_a_phone_the_header_is_small_and_menu_opens_the_nav_above_the_article() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    let server = Server::start(&site, &[]);
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    tab.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true }),
    );
    tab.call(
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true }),
    );
    tab.navigate(&url(&server, "/docs/guide/"));
    tab.wait_for("!document.querySelector('.site-search').hidden");
    let header = number(
        &mut tab,
        "document.querySelector('.site-header').getBoundingClientRect().height",
    );
    assert!(header <= 0.15 * 844.0, "the header is {header}px of 844");
    assert_eq!(
        tab.eval("getComputedStyle(document.querySelector('.site-search-key')).display"),
        json!("none"),
        "no `/` shortcut hint on a phone"
    );
    assert_eq!(
        tab.eval("getComputedStyle(document.getElementById('site-nav')).display"),
        json!("none")
    );
    tab.eval("document.querySelector('.menu-link').click(); true");
    tab.wait_for("getComputedStyle(document.getElementById('site-nav')).display !== 'none'");
    let above = "document.getElementById('site-nav').getBoundingClientRect().top < \
                 document.getElementById('content').getBoundingClientRect().top";
    assert_eq!(tab.eval(above), json!(true));
    assert!(
        tab.eval("document.getElementById('site-nav').innerText")
            .as_str()
            .is_some_and(|t| t.contains("Other")),
        "the navigation lists the pages"
    );
}

#[test]
fn a_wide_table_scrolls_and_shows_that_it_does() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    let server = Server::start(&site, &[]);
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    tab.navigate(&url(&server, "/docs/guide/"));
    let t = "document.querySelector('.content table, main table')";
    assert_eq!(
        tab.eval(&format!("{t}.scrollWidth > {t}.clientWidth")),
        json!(true)
    );
    let bg = tab.eval(&format!("getComputedStyle({t}).backgroundImage"));
    assert!(
        bg.as_str()
            .is_some_and(|b| b.matches("gradient").count() == 4),
        "{bg}"
    );
}
