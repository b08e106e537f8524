//! Shell sessions (`console`, `shell-session`): prompts, commands and their output told apart,
//! so that the copy button copies the commands alone.

/// A session as HTML: `<span class="gp">` prompts, `<span class="cmd">` commands (highlighted
/// by `shell`), `<span class="go">` output. A command ending in `\` goes on on the next line.
pub(super) fn html(code: &str, shell: &dyn Fn(&str, &mut String)) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let mut continued = false;
    for line in code.split_inclusive('\n') {
        let (text, newline) = match line.strip_suffix('\n') {
            Some(t) => (t.strip_suffix('\r').unwrap_or(t), true),
            None => (line, false),
        };
        let command = if continued {
            Some(text)
        } else {
            prompt_len(text).map(|n| {
                out.push_str("<span class=\"gp\">");
                crate::html::escape_into(&mut out, &text[..n]);
                out.push_str("</span>");
                &text[n..]
            })
        };
        match command {
            Some(cmd) => {
                out.push_str("<span class=\"cmd\">");
                shell(cmd, &mut out);
                out.push_str("</span>");
                continued = cmd.trim_end().ends_with('\\');
            }
            None if text.is_empty() => {}
            None => {
                out.push_str("<span class=\"go\">");
                crate::html::escape_into(&mut out, text);
                out.push_str("</span>");
            }
        }
        if newline {
            out.push('\n');
        }
    }
    out
}

/// The length of the prompt a line starts with: `$ `, `# `, `% `, `user@host:~/dir$ `,
/// `(venv) $ `, `PS C:\> `; `None` for output.
pub(super) fn prompt_len(line: &str) -> Option<usize> {
    if matches!(line, "$" | "#" | "%") {
        return Some(1);
    }
    if line.starts_with("PS>") || line.starts_with("PS ") {
        return line
            .find("> ")
            .map(|i| i + 2)
            .or(line.strip_prefix("PS>").map(|_| 3));
    }
    let mut from = 0;
    if line.starts_with('(') {
        // A virtualenv's name before the prompt.
        from = line.find(") ").map(|i| i + 2)?;
    }
    let token_end = line[from..].find(' ').map(|i| from + i)?;
    let token = &line[from..token_end];
    let last = token.chars().last()?;
    let ok = matches!(last, '$' | '#' | '%')
        && (token.len() == 1 || token.contains(['@', ':', '~', ']']));
    ok.then_some(token_end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(cmd: &str, out: &mut String) {
        crate::html::escape_into(out, cmd);
    }

    #[test]
    fn prompts() {
        assert_eq!(prompt_len("$ ls"), Some(2));
        assert_eq!(prompt_len("# apt-get update"), Some(2));
        assert_eq!(prompt_len("me@box:~/src$ make"), Some(14));
        assert_eq!(prompt_len("(venv) $ pip install x"), Some(9));
        assert_eq!(prompt_len("PS C:\\> Get-Item ."), Some(8));
        assert_eq!(prompt_len("$"), Some(1));
        for output in ["total 0", "100% done", "drwxr-xr-x 2 me", "", "> quoted"] {
            assert_eq!(prompt_len(output), None, "{output}");
        }
    }

    #[test]
    fn commands_prompts_and_output() {
        let html = html("$ echo <a> \\\n  b\n<a> b\n\n# id -u\n0\n", &plain);
        assert_eq!(
            html,
            "<span class=\"gp\">$ </span><span class=\"cmd\">echo &lt;a&gt; \\</span>\n\
             <span class=\"cmd\">  b</span>\n<span class=\"go\">&lt;a&gt; b</span>\n\n\
             <span class=\"gp\"># </span><span class=\"cmd\">id -u</span>\n<span class=\"go\">0</span>\n"
        );
    }
}
