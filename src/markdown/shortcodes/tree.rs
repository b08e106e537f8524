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
