//! Highlighted code as HTML: escaped text in `<span class="…">` elements, a span kept open
//! while the class stays the same and closed at each line end (so that a block can be cut
//! into lines for line numbers and marks). Shared by the grammars and the lexers.

use crate::html::escape_into;

/// Writes text with a class, keeping a `<span>` open while the class stays the same and
/// closing it at each line end.
pub(super) struct Writer<'a> {
    out: &'a mut String,
    open: Option<&'static str>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(out: &'a mut String) -> Self {
        Writer { out, open: None }
    }

    pub(super) fn text(&mut self, text: &str, class: Option<&'static str>) {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.close();
                self.out.push('\n');
            }
            if part.is_empty() {
                continue;
            }
            if self.open != class {
                self.close();
                if let Some(c) = class {
                    self.out.push_str("<span class=\"");
                    self.out.push_str(c);
                    self.out.push_str("\">");
                    self.open = Some(c);
                }
            }
            escape_into(self.out, part);
        }
    }

    pub(super) fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.push_str("</span>");
        }
    }
}
