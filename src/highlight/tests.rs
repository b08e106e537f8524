use super::*;

#[test]
fn tokens_get_short_classes() {
    let b = block("rust", "fn main() {\n    let s = \"<hi>\"; // c\n}\n");
    assert_eq!(b.unknown, None);
    assert!(
        b.html.starts_with("<pre class=\"hl\"><code class=\"language-rust\"><span class=\"k\">fn</span> <span class=\"f\">main</span>"),
        "{}",
        b.html
    );
    assert!(
        b.html
            .contains("<span class=\"s\">&quot;&lt;hi&gt;&quot;</span>"),
        "{}",
        b.html
    );
    assert!(
        b.html.contains("<span class=\"c\">// c</span>"),
        "{}",
        b.html
    );
    // Punctuation and plain variables stay in the text colour: no span for them.
    assert!(b.html.ends_with("}\n</code></pre>\n"), "{}", b.html);
    assert!(!b.html.contains("class=\"p\""), "{}", b.html);
    assert!(!b.html.contains("<span class=\"v\">s</span>"), "{}", b.html);
}

#[test]
fn injected_languages_are_highlighted_with_their_grammar() {
    // HTML hands `<style>` to CSS.
    let b = block("html", "<style>p { color: red; }</style>\n");
    assert!(
        b.html.contains("<span class=\"pr\">color</span>"),
        "{}",
        b.html
    );
    // HTML hands `<script>` to JavaScript.
    let b = block("html", "<script>let x = 1;</script>\n");
    assert!(
        b.html.contains("<span class=\"k\">let</span>"),
        "{}",
        b.html
    );
}

#[test]
fn nested_captures_innermost_wins_and_spans_stop_at_line_ends() {
    let b = block("python", "s = \"\"\"a\nb\"\"\"\n");
    // A string over two lines is two spans, one a line.
    assert!(b.html.contains("<span class=\"s\">&quot;&quot;&quot;a</span>\n<span class=\"s\">b&quot;&quot;&quot;</span>"), "{}", b.html);
}

#[test]
fn common_languages_highlight() {
    for (info, code, token) in [
        (
            "yaml",
            "key: value # note\n",
            "<span class=\"c\"># note</span>",
        ),
        ("yml", "key: value\n", "<span class=\"pr\">key</span>"),
        (
            "toml",
            "[a]\nb = \"c\"\n",
            "<span class=\"s\">&quot;c&quot;</span>",
        ),
        ("json", "{\"a\": 1}\n", "<span class=\"n\">1</span>"),
        (
            "golang",
            "package main\n",
            "<span class=\"k\">package</span>",
        ),
        ("sh", "export A=1 # x\n", "<span class=\"c\"># x</span>"),
        (
            "python",
            "def f():\n    pass\n",
            "<span class=\"k\">def</span>",
        ),
        (
            "dockerfile",
            "FROM debian\n",
            "<span class=\"k\">FROM</span>",
        ),
        (
            "ps1",
            "Write-Host 'x'\n",
            "<span class=\"s\">&#39;x&#39;</span>",
        ),
        ("hcl", "a = \"b\"\n", "<span class=\"s\">"),
        (
            "ts",
            "const a: number = 1;\n",
            "<span class=\"k\">const</span>",
        ),
        ("diff", "-old\n+new\n", "<span class=\"s\">+new</span>"),
    ] {
        let b = block(info, code);
        assert!(b.html.contains(token), "{info}: {}", b.html);
        assert!(b.html.starts_with("<pre class=\"hl\">"), "{info}");
    }
}

#[test]
fn plain_and_unknown_languages() {
    // Plain text is what Markdown alone writes.
    assert_eq!(
        block("text", "a <b>\n").html,
        "<pre><code class=\"language-text\">a &lt;b&gt;\n</code></pre>\n"
    );
    let b = block("klingon", "qapla'\n");
    assert_eq!(b.unknown.as_deref(), Some("klingon"));
    assert_eq!(
        b.html,
        "<pre class=\"hl\"><code class=\"language-klingon\">qapla&#39;\n</code></pre>\n"
    );
}

#[test]
fn lines_numbers_marks_and_title() {
    let b = block(
        "yaml {linenos=table,hl_lines=[2],linenostart=10} title=\"a&b.yaml\"",
        "a: 1\nb: |\n  two\n  lines\n",
    );
    assert!(b.html.starts_with(
        "<div class=\"code-block\"><div class=\"code-title\">a&amp;b.yaml</div>\
         <pre class=\"hl ln\" style=\"counter-reset:ln 9\"><code class=\"language-yaml\"><span class=\"line\">"
    ), "{}", b.html);
    assert_eq!(
        b.html.matches("<span class=\"line\">").count(),
        3,
        "{}",
        b.html
    );
    assert_eq!(
        b.html.matches("<span class=\"line hll\">").count(),
        1,
        "{}",
        b.html
    );
    // A token over two lines is cut at the line end: every line is whole.
    for line in b.html.split("<span class=\"line").skip(1) {
        assert!(line.contains("\n</span>"), "{line}");
    }
    assert!(b.html.ends_with("</code></pre></div>\n"));
    // Without numbers, only the marked lines.
    let b = block("go {1,3-4}", "a\nb\nc\nd\n");
    assert!(b.html.starts_with("<pre class=\"hl\">"), "{}", b.html);
    assert_eq!(
        b.html.matches("<span class=\"line hll\">").count(),
        3,
        "{}",
        b.html
    );
}

#[test]
fn console_sessions_and_mermaid() {
    let b = block("console", "$ ls -l /tmp\ntotal 0\n");
    assert!(
        b.html
            .contains("<span class=\"gp\">$ </span><span class=\"cmd\">"),
        "{}",
        b.html
    );
    assert!(
        b.html.contains("<span class=\"go\">total 0</span>"),
        "{}",
        b.html
    );
    let b = block("mermaid", "graph TD; A-->B\n");
    assert_eq!(
        b.html,
        "<pre class=\"mermaid\">graph TD; A--&gt;B\n</pre>\n"
    );
}

#[test]
fn shortcode_html_is_highlighted_once() {
    let (html, unknown) = in_html(
        "<div><pre><code class=\"language-go\">x := &quot;a&#x2F;b&quot;\n</code></pre></div>\
         <pre><code class=\"language-text\">t</code></pre><pre><code class=\"language-nope\">n</code></pre>",
    );
    assert!(
        html.starts_with("<div><pre class=\"hl\"><code class=\"language-go\">"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"s\">&quot;a/b&quot;</span>"),
        "{html}"
    );
    assert!(
        html.contains("</code></pre></div><pre><code class=\"language-text\">t</code></pre>"),
        "{html}"
    );
    assert_eq!(unknown, ["nope"]);
    // What the Markdown pass wrote is not touched again.
    let done = block("go", "x := 1\n").html;
    assert_eq!(in_html(&done).0, done);
}

#[test]
fn unescape_entities() {
    assert_eq!(
        crate::html::unescape("&lt;a&gt; &amp;amp; &#39;&#x2F;&quot; & &bogus; &"),
        "<a> &amp; '/\" & &bogus; &"
    );
}
