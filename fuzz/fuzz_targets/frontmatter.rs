//! Front matter: split a page into block and body, then parse the block (YAML or TOML).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitegen::content::frontmatter::{self, Format};

fuzz_target!(|src: &str| {
    let Ok(split) = frontmatter::split(src) else {
        return;
    };
    // The parts are pieces of the input, in order, and the body starts on the line after
    // the block's closing delimiter.
    let body_start = src.len() - split.body.len();
    assert_eq!(&src[body_start..], split.body);
    if split.format != Format::None {
        assert!(src.contains(split.raw));
        let before_body = &src[..body_start];
        let lines = before_body.matches('\n').count() + usize::from(!before_body.ends_with('\n'));
        assert_eq!(lines, split.body_line_offset);
    }
    match frontmatter::parse(&split) {
        Ok(fm) => {
            for (_, line) in &fm.key_lines {
                assert!(*line >= 1 && *line <= split.body_line_offset.max(1));
            }
            for w in &fm.warnings {
                assert!(w.line >= 1 && w.line <= split.body_line_offset.max(1), "{w:?}");
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in &errors {
                assert!(e.line >= 1 && e.line <= split.body_line_offset.max(1), "{e:?}");
            }
        }
    }
});
