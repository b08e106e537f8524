//! The shortcodes of a body as a tree: opening and closing tags paired, with the text between
//! them and the shortcodes inside.

use super::parse::{Tag, TagKind};
use std::ops::Range;

#[derive(Debug)]
pub(super) enum Node {
    Text(Range<usize>),
    Escaped(Tag),
    /// A closing tag with no opening one: kept as text, reported.
    Stray(Tag),
    Call(Box<Call>),
}

#[derive(Debug)]
pub(super) struct Call {
    pub(super) tag: Tag,
    /// Inner content (range and parsed nodes) for a paired shortcode.
    pub(super) inner: Option<(Range<usize>, Vec<Node>)>,
    /// End of the closing tag (or of the tag itself).
    pub(super) end: usize,
}

/// Dropped without recursion: a page may nest shortcodes thousands deep (an error, reported
/// by the expander), and dropping such a tree one level per call would overflow the stack.
impl Drop for Call {
    fn drop(&mut self) {
        let Some((_, children)) = self.inner.take() else {
            return;
        };
        let mut pending = children;
        while let Some(node) = pending.pop() {
            if let Node::Call(mut call) = node
                && let Some((_, grandchildren)) = call.inner.take()
            {
                pending.extend(grandchildren);
            }
        }
    }
}

/// Pairs opening and closing tags. An opening tag never closed stays a standalone call (it is
/// an error later only if its template uses `inner`); its would-be content stays in place.
pub(super) fn build_tree(src_len: usize, tags: Vec<Tag>) -> Vec<Node> {
    struct Frame {
        tag: Option<Tag>,
        children: Vec<Node>,
    }
    fn collapse(stack: &mut Vec<Frame>) {
        let f = stack.pop().expect("a frame above the root");
        let parent = stack.last_mut().expect("the root frame");
        if let Some(tag) = f.tag {
            let end = tag.end;
            parent.children.push(Node::Call(Box::new(Call {
                tag,
                inner: None,
                end,
            })));
        }
        parent.children.extend(f.children);
    }
    let mut stack = vec![Frame {
        tag: None,
        children: Vec::new(),
    }];
    let mut cursor = 0;
    for tag in tags {
        if tag.start > cursor {
            let top = stack.last_mut().expect("root");
            top.children.push(Node::Text(cursor..tag.start));
        }
        cursor = tag.end;
        match tag.kind {
            TagKind::Escaped => stack
                .last_mut()
                .expect("root")
                .children
                .push(Node::Escaped(tag)),
            TagKind::SelfClosing => {
                let end = tag.end;
                stack
                    .last_mut()
                    .expect("root")
                    .children
                    .push(Node::Call(Box::new(Call {
                        tag,
                        inner: None,
                        end,
                    })))
            }
            TagKind::Open => stack.push(Frame {
                tag: Some(tag),
                children: Vec::new(),
            }),
            TagKind::Close => {
                let opener = stack
                    .iter()
                    .rposition(|f| f.tag.as_ref().is_some_and(|t| t.name == tag.name));
                match opener {
                    Some(k) if k > 0 => {
                        while stack.len() > k + 1 {
                            collapse(&mut stack);
                        }
                        let f = stack.pop().expect("the opener");
                        let open = f.tag.expect("an opening tag");
                        let inner = open.end..tag.start;
                        stack
                            .last_mut()
                            .expect("root")
                            .children
                            .push(Node::Call(Box::new(Call {
                                tag: open,
                                inner: Some((inner, f.children)),
                                end: tag.end,
                            })));
                    }
                    _ => stack
                        .last_mut()
                        .expect("root")
                        .children
                        .push(Node::Stray(tag)),
                }
            }
        }
    }
    if src_len > cursor {
        stack
            .last_mut()
            .expect("root")
            .children
            .push(Node::Text(cursor..src_len));
    }
    while stack.len() > 1 {
        collapse(&mut stack);
    }
    stack.pop().expect("root").children
}

#[cfg(test)]
mod tests {
    use super::super::parse::{Args, Form, Tag, TagKind};
    use super::*;

    fn tag(kind: TagKind, at: usize) -> Tag {
        Tag {
            start: at,
            end: at + 1,
            form: Form::Html,
            kind,
            name: "x".into(),
            args: Args::default(),
            raw: String::new(),
        }
    }

    #[test]
    fn a_very_deep_tree_is_dropped_without_overflowing() {
        let n = 200_000;
        let tags = (0..n)
            .map(|i| tag(TagKind::Open, i))
            .chain((n..2 * n).map(|i| tag(TagKind::Close, i)))
            .collect();
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let nodes = build_tree(2 * n, tags);
                let mut depth = 0;
                let mut level = &nodes;
                while let Some(Node::Call(call)) = level.first() {
                    depth += 1;
                    match &call.inner {
                        Some((_, inner)) => level = inner,
                        None => break,
                    }
                }
                depth
            })
            .unwrap();
        assert_eq!(handle.join().expect("dropped without overflow"), n);
    }
}
