//! Code blocks and the Markdown around them (#18), built by the real binary: highlighted
//! tokens with short classes, aliases, fence attributes, the unknown-language warning (an
//! error with `--strict`), code in shortcodes, GitHub alerts in two languages, math to MathML
//! (and an invalid formula an error at its line), Mermaid kept as source.

mod common;

use common::TestSite;
use common::browser::{Browser, chromium};
use common::serve::Server;
use serde_json::json;

const CONFIG: &str = "title = \"Code\"\nbase_url = \"https://code.example.org/\"\n\
default_language = \"en\"\n\n[languages.en]\nname = \"English\"\n\n[languages.zh]\nname = \"中文\"\n\n\
[markdown]\nhighlight = true\n";

const GUIDE: &str = "---\ntitle: Guide\n---\n\
Intro.\n\
\n\
```yml\n\
key: value # note\n\
```\n\
\n\
```console\n\
$ sitegen build\n\
Built 3 pages\n\
```\n\
\n\
```go {linenos=table,hl_lines=[2,\"3-4\"],linenostart=10}\n\
package main\n\
func main() {\n\
\tprintln(\"hi\")\n\
}\n\
```\n\
\n\
```yaml {1} title=\"config.yaml\"\n\
a: 1\n\
b: 2\n\
```\n\
\n\
```text\n\
plain <text>\n\
```\n\
\n\
```mermaid\n\
graph TD; A-->B\n\
```\n\
\n\
{{< highlight sh >}}\n\
export A=\"b\"\n\
{{< /highlight >}}\n\
\n\
> [!WARNING]\n\
> Mind the *gap*.\n\
\n\
Euler: $e^{i\\pi} + 1 = 0$.\n\
\n\
$$\\sum_{k=1}^n k$$\n\
\n\
Term\n\
: Its definition.\n";

fn site() -> TestSite {
    let site = TestSite::with_config(CONFIG);
    site.write("content/en/guide.md", GUIDE);
    site.write(
        "content/zh/guide.md",
        "---\ntitle: 指南\n---\n> [!NOTE]\n> 说明。\n\n> [!TIP]\n> 提示。\n",
    );
    site
}

fn body(html: &str) -> &str {
    let start = html.find("<div class=\"content\"").unwrap_or(0);
    &html[start..]
}

#[test]
fn fences_are_highlighted_with_short_classes() {
    let site = site();
    site.build().assert_ok();
    let html = site.read("public/guide/index.html");
    let page = body(&html);
    for expected in [
        // `yml` is YAML: keys, comments.
        "<pre class=\"hl\"><code class=\"language-yml\"><span class=\"pr\">key</span>",
        "<span class=\"c\"># note</span>",
        // A session: prompt, command, output.
        "<span class=\"gp\">$ </span><span class=\"cmd\"><span class=\"f\">sitegen</span> build</span>\n\
         <span class=\"go\">Built 3 pages</span>",
        // Hugo's attributes: numbers from 10, lines 2 to 4 highlighted.
        "<pre class=\"hl ln\" style=\"counter-reset:ln 9\"><code class=\"language-go\">\
         <span class=\"line\"><span class=\"k\">package</span>",
        "<span class=\"line hll\"><span class=\"k\">func</span>",
        // The short form and a title bar.
        "<div class=\"code-block\"><div class=\"code-title\">config.yaml</div><pre class=\"hl\">\
         <code class=\"language-yaml\"><span class=\"line hll\">",
        // Plain text is left as Markdown writes it.
        "<pre><code class=\"language-text\">plain &lt;text&gt;\n</code></pre>",
        "<pre class=\"mermaid\">graph TD; A--&gt;B\n</pre>",
        // Code from a shortcode's template is highlighted too.
        "<pre class=\"hl\"><code class=\"language-sh\"><span class=\"f\">export</span>",
        // Definition lists.
        "<dl>\n<dt>Term</dt>\n<dd>Its definition.</dd>\n</dl>",
    ] {
        assert!(page.contains(expected), "{expected}\n in {page}");
    }
    assert_eq!(
        page.matches("<span class=\"line hll\">").count(),
        4,
        "{page}"
    );
    // The copy button's script is on the page, with its label in the page's language.
    assert!(
        html.contains("copy.js\" defer data-copy=\"Copy\" data-copied=\"Copied\""),
        "{html}"
    );
    site.write(
        "content/zh/code.md",
        "---\ntitle: 代码\n---\n```sh\nls\n```\n",
    );
    site.build().assert_ok();
    let zh = site.read("public/zh/code/index.html");
    assert!(zh.contains("data-copy=\"复制\""), "{zh}");
    assert!(site.read("public/copy.js").contains("navigator.clipboard"));
}

#[test]
fn alerts_take_their_titles_in_the_page_language() {
    let site = site();
    site.build().assert_ok();
    let en = site.read("public/guide/index.html");
    assert!(
        en.contains("<div class=\"sg-alert sg-alert-warning\" role=\"note\"><p class=\"sg-alert-title\">Warning</p>\n<p>Mind the <em>gap</em>.</p>\n</div>"),
        "{en}"
    );
    let zh = site.read("public/zh/guide/index.html");
    for expected in [
        "<div class=\"sg-alert sg-alert-note\" role=\"note\"><p class=\"sg-alert-title\">注意</p>\n<p>说明。</p>\n</div>",
        "<p class=\"sg-alert-title\">提示</p>",
    ] {
        assert!(zh.contains(expected), "{expected}\n in {zh}");
    }
    // A site's own strings win over the theme's.
    site.write("i18n/en/site.ftl", "alert-warning = Careful\n");
    site.build().assert_ok();
    assert!(
        site.read("public/guide/index.html")
            .contains("<p class=\"sg-alert-title\">Careful</p>")
    );
}

#[test]
fn math_is_mathml_at_build_time() {
    let site = site();
    site.build().assert_ok();
    let page = site.read("public/guide/index.html");
    assert!(page.contains("<p>Euler: <math"), "{page}");
    assert!(page.contains("<mi>e</mi>"), "{page}");
    assert!(page.contains("<math display=\"block\""), "{page}");
    assert!(page.contains("∑</mo>"), "{page}");
    // An invalid formula is an error at its line, and nothing is written.
    let bad = TestSite::with_config(CONFIG);
    bad.write(
        "content/en/m.md",
        "---\ntitle: M\n---\nText.\n\nBad $\\frac{1}$ here.\n",
    );
    let run = bad.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/en/m.md:6: error[math]: invalid formula `\\frac{1}`"),
        "{}",
        run.stderr
    );
    assert!(!bad.exists("public/m/index.html"));
}

#[test]
fn an_unknown_language_is_a_warning_at_its_line_and_an_error_with_strict() {
    let site = TestSite::with_config(CONFIG);
    site.write(
        "content/en/k.md",
        "---\ntitle: K\n---\nText.\n\n```klingon\nqapla'\n```\n\n{{< highlight nope >}}\nx\n{{< /highlight >}}\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "content/en/k.md:6: warning[highlight-language]: no highlighting for code in `klingon`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/en/k.md:10: warning[highlight-language]: no highlighting for code in `nope`"
        ),
        "{}",
        run.stderr
    );
    let page = site.read("public/k/index.html");
    assert!(
        page.contains("<code class=\"language-klingon\">qapla&#39;\n</code>"),
        "{page}"
    );
    let strict = site.run(&["build", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("content/en/k.md:6: error[highlight-language]"),
        "{}",
        strict.stderr
    );
}

/// The copy button in Chromium: what it puts on the clipboard (a stub that records it). A
/// session gives its commands alone; numbered lines give the code without their numbers.
/// Token colours follow the colour scheme.
#[test]
fn only_pages_that_show_code_load_the_copy_script() {
    let site = site();
    site.write(
        "content/en/plain.md",
        "---\ntitle: Plain\n---\nNo code here.\n",
    )
    .write("content/en/faq/_index.md", "---\ntitle: FAQ\n---\n")
    .write(
        "content/en/faq/q.md",
        "---\ntitle: How?\nadded: 2026-01-01\n---\n```sh\nls\n```\n",
    );
    site.build().assert_ok();
    let loads = |page: &str| site.read(page).contains("copy.js");
    assert!(loads("public/guide/index.html"));
    assert!(!loads("public/plain/index.html"));
    // An FAQ section shows its entries' code.
    assert!(loads("public/faq/index.html"));
    assert!(loads("public/faq/q/index.html"));
    assert!(site.read("public/copy.js").contains("code-copy"));
}

#[test]
fn serve_re_highlights_an_edited_block() {
    let site = site();
    let server = Server::start(&site, &[]);
    server.wait_for_text("/guide/", "<span class=\"pr\">key</span>");
    // The YAML block becomes Go: the new code is highlighted with the new grammar, and the
    // blocks that did not change are still there, highlighted.
    site.write(
        "content/en/guide.md",
        &GUIDE.replace(
            "```yml\nkey: value # note\n```",
            "```go\nimport \"fmt\"\n```",
        ),
    );
    server.wait_for_text("/guide/", "<span class=\"k\">import</span>");
    let page = server.get_text("/guide/");
    assert!(!page.contains("<span class=\"pr\">key</span>"), "{page}");
    assert!(!page.contains("# note"), "{page}");
    assert!(page.contains("<span class=\"gp\">"), "{page}");
}

#[test]
fn the_copy_button_copies_commands_without_prompts_or_output() {
    let Some(chromium) = chromium() else { return };
    let site = site();
    site.write(
        "content/en/session.md",
        "---\ntitle: Session\n---\n```console\n$ apt-get update\nReading lists... Done\n\
         user@host:~$ tar xzf a.tgz \\\n  -C /opt\n# id -u\n0\n```\n\n\
         ```go {linenos=true}\npackage main\nfunc main() {}\n```\n",
    );
    let server = Server::start(&site, &[]);
    let browser = Browser::start(&chromium);
    let mut tab = browser.tab();
    tab.navigate(&format!("http://{}/session/", server.addr));
    tab.wait_for("document.querySelectorAll('.code-copy').length === 2");
    tab.eval(
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: \
         { writeText: t => { window.copied = t; return Promise.resolve(); } } }); true",
    );
    let copy = |tab: &mut common::browser::Tab, i: usize| {
        tab.eval("window.copied = undefined; true");
        tab.eval(&format!(
            "document.querySelectorAll('.code-copy')[{i}].click(); true"
        ));
        tab.wait_for("window.copied !== undefined");
        tab.eval("window.copied")
    };
    assert_eq!(
        copy(&mut tab, 0),
        json!("apt-get update\ntar xzf a.tgz \\\n  -C /opt\nid -u\n")
    );
    assert_eq!(copy(&mut tab, 1), json!("package main\nfunc main() {}\n"));
    tab.wait_for("document.querySelectorAll('.code-copy')[0].textContent === 'Copied'");
    // The numbers are on screen (CSS), not in the text.
    let number = "getComputedStyle(document.querySelector('.ln .line'), '::before').content";
    assert_eq!(tab.eval(number), json!("counter(ln)"));
    assert!(
        !tab.eval("document.querySelector('.ln').textContent")
            .as_str()
            .unwrap()
            .contains('1')
    );
    // Keywords change colour with the scheme.
    let keyword = "getComputedStyle(document.querySelector('.language-go .k')).color";
    let light = tab.eval(keyword);
    tab.call(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    );
    assert_ne!(tab.eval(keyword), light);
}

/// Highlighting is on without a `[markdown]` table; `highlight = false` writes fences as
/// Markdown writes them, no grammar run, for a site with a client-side highlighter.
#[test]
fn highlighting_is_on_by_default_and_can_be_turned_off() {
    let page = "---\ntitle: P\n---\n```go {1}\nfunc main() {}\n```\n\n```klingon\nx\n```\n\n\
                {{< highlight go >}}\nvar a = 1\n{{< /highlight >}}\n";
    let default = TestSite::with_config(&CONFIG.replace("\n[markdown]\nhighlight = true\n", ""));
    default.write("content/en/p.md", page);
    let run = default.build();
    run.assert_ok();
    assert!(run.stderr.contains("highlight-language"), "{}", run.stderr);
    let html = default.read("public/p/index.html");
    assert!(
        html.contains(
            "<code class=\"language-go\"><span class=\"line hll\"><span class=\"k\">func</span>"
        ),
        "{html}"
    );

    let off = TestSite::with_config(&CONFIG.replace("highlight = true", "highlight = false"));
    off.write("content/en/p.md", page);
    let run = off.build();
    run.assert_ok();
    assert!(!run.stderr.contains("highlight-language"), "{}", run.stderr);
    let html = off.read("public/p/index.html");
    assert!(
        html.contains("<pre><code class=\"language-go\">func main() {}\n</code></pre>"),
        "{html}"
    );
    assert!(
        html.contains("<pre><code class=\"language-go\">var a = 1\n</code></pre>"),
        "{html}"
    );
}
