//! `sitegen serve`'s request-path resolver: a raw request path decoded into segments, then
//! looked up among the files of a small built site.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitegen::serve::{Target, decode_path, resolve};
use std::collections::HashMap;
use std::sync::OnceLock;

fn files() -> &'static HashMap<String, ()> {
    static FILES: OnceLock<HashMap<String, ()>> = OnceLock::new();
    FILES.get_or_init(|| {
        [
            "index.html",
            "404.html",
            "zh/404.html",
            "zh/index.html",
            "faq/index.html",
            "faq/a b/index.html",
            "zh/如何/index.html",
            "100%/index.html",
            "q?#/index.html",
            "sitegen.css",
            "search/en.json",
        ]
        .into_iter()
        .map(|p| (p.to_string(), ()))
        .collect()
    })
}

fuzz_target!(|raw: &str| {
    let Some((segments, folder)) = decode_path(raw) else {
        return;
    };
    // Nothing that could leave the site survives decoding.
    for s in &segments {
        assert!(!s.is_empty() && s != "." && s != "..", "{raw:?} → {s:?}");
        assert!(!s.contains(['/', '\\', '\0']), "{raw:?} → {s:?}");
    }
    match resolve(files(), &segments, folder) {
        Target::File(p) | Target::NotFound(Some(p)) => assert!(files().contains_key(&p)),
        Target::NotFound(None) => {}
        Target::Redirect(to) => {
            // A Location header: ASCII, no spaces or controls, a path on this site (not
            // `//host`), and following it lands on the folder's index.
            assert!(to.starts_with('/') && !to.starts_with("//"), "{to:?}");
            assert!(to.bytes().all(|b| b.is_ascii_graphic()), "{to:?}");
            let (again, folder) = decode_path(&to).expect("redirect decodes");
            assert!(folder);
            assert_eq!(again, segments);
            assert!(matches!(resolve(files(), &again, true), Target::File(_)), "{to:?}");
        }
    }
});
