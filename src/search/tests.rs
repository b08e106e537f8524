//! Tests of whole indexes: documents in, files out, read back as `search.js` reads them.

use super::*;
use crate::output::{Data, OutFile};
use serde_json::Value;

#[test]
fn index_files_are_told_by_language() {
    assert_eq!(index_language("search/en.json"), Some("en"));
    assert_eq!(index_language("search/zh/t3.json"), Some("zh"));
    assert_eq!(index_language("search/pt-BR/d0.json"), Some("pt-BR"));
    assert_eq!(index_language("search.js"), None);
    assert_eq!(index_language("searching/en.json"), None);
    assert_eq!(index_language("docs/search/index.html"), None);
}

fn doc(url: &str, title: &str, heading: &str, text: &str, flags: u8) -> Document {
    Document {
        url: url.into(),
        title: title.into(),
        heading: heading.into(),
        text: text.into(),
        flags,
    }
}

fn parse(files: &[OutFile], path: &str) -> Value {
    let f = files.iter().find(|f| f.path == path).expect(path);
    match &f.data {
        Data::Bytes(b) => serde_json::from_slice(b).unwrap(),
        _ => panic!("not bytes"),
    }
}

/// Decoded postings of a term: (doc id, field bits).
fn postings(index: &Value, term: &str) -> Vec<(u64, u64)> {
    let list = index["terms"][term].as_str().unwrap_or("");
    decode_postings(list)
        .expect("posting characters")
        .into_iter()
        .map(|v| (u64::from(v) / 8, u64::from(v) % 8))
        .collect()
}

/// Document `id` as `search.js` reads it: (url, title, heading, text, flags), from the
/// document file that holds it.
fn read_doc(main: &Value, file: &Value, id: u64) -> (String, String, String, String, u64) {
    let per_file = main["per_file"].as_u64().unwrap();
    let d = &file[1][(id % per_file) as usize];
    let page = &file[0][d[0].as_u64().unwrap() as usize];
    let anchor = d[1].as_str().unwrap();
    let url = match anchor {
        "" => page[0].as_str().unwrap().to_string(),
        a => format!("{}#{a}", page[0].as_str().unwrap()),
    };
    let s = |v: &Value| v.as_str().unwrap().to_string();
    (url, s(&page[1]), s(&d[2]), s(&d[3]), d[4].as_u64().unwrap())
}

#[test]
fn small_index_is_one_file_with_fields() {
    let docs = [
        doc("/a/", "Rotations", "", "Some intro.", 0),
        doc(
            "/a/#x",
            "Rotations",
            "Weekly",
            "The rotation runs weekly.",
            0,
        ),
        doc(
            "/faq/q/",
            "Can I rotate keys?",
            "",
            "Yes.",
            FLAG_FAQ | FLAG_STALE,
        ),
    ];
    let files = build_index("en", docs.to_vec(), &Limits::default());
    assert_eq!(files.len(), 1);
    let index = parse(&files, "search/en.json");
    assert_eq!(index["version"], 3);
    assert_eq!(index["stem"], "en");
    assert_eq!(index["count"], 3);
    // The documents read back; a page's URL and title once per file, not per document.
    assert_eq!(index["per_file"], 4);
    let file = &index["docs"][0];
    let read: Vec<_> = (0..3).map(|id| read_doc(&index, file, id)).collect();
    let expected: Vec<_> = docs
        .iter()
        .map(|d| {
            let parts = (&d.url, &d.title, &d.heading, &d.text);
            let s = |v: &String| v.to_string();
            (
                s(parts.0),
                s(parts.1),
                s(parts.2),
                s(parts.3),
                u64::from(d.flags),
            )
        })
        .collect();
    assert_eq!(read, expected);
    assert_eq!(
        file[0],
        serde_json::json!([["/a/", "Rotations"], ["/faq/q/", "Can I rotate keys?"]])
    );
    assert_eq!(
        postings(&index, "rotat"),
        [
            (0, FIELD_TITLE.into()),
            (1, FIELD_TITLE.into()),
            (2, (FIELD_TITLE | FIELD_FAQ).into())
        ]
    );
    assert_eq!(postings(&index, "weekly"), [(1, FIELD_HEADING.into())]);
    // Stop words are not indexed, and the index says so.
    assert!(index["terms"].get("the").is_none());
    assert!(index["common"].as_array().unwrap().contains(&"the".into()));
    // "rotation" in a query stems the same way, and finds the page about rotations.
    assert_eq!(tokens("rotation", true), ["rotat"]);
}

#[test]
fn chinese_index_finds_bigrams() {
    let docs = [
        doc("/zh/help/", "获取帮助", "", "获取支持的方式有很多。", 0),
        doc(
            "/zh/support/process/#weekly-rotation",
            "支持流程",
            "每周轮值",
            "轮值周期为周一到周日。",
            0,
        ),
    ];
    let index = parse(
        &build_index("zh", docs.to_vec(), &Limits::default()),
        "search/zh.json",
    );
    assert_eq!(index["stem"], Value::Null);
    assert_eq!(postings(&index, "支持"), [(0, 0), (1, FIELD_TITLE.into())]);
    assert_eq!(postings(&index, "轮值"), [(1, FIELD_HEADING.into())]);
    assert_eq!(index["common"], Value::Array(Vec::new()));
    // Every bigram of the query 获取支持 is in document 0.
    for t in tokens("获取支持", false)
        .iter()
        .filter(|t| t.chars().count() == 2)
    {
        assert!(postings(&index, t).iter().any(|p| p.0 == 0), "{t}");
    }
}

fn small_limits() -> Limits {
    Limits {
        text_chars: 100,
        inline_bytes: 4096,
        shard_bytes: 2048,
        docs_per_file: 4,
        max_postings: 50,
        common_body: 10,
    }
}

/// The term table holding `t`, found as `search.js` finds it.
fn shard_for(files: &[OutFile], main: &Value, t: &str) -> Value {
    let starts: Vec<&str> = main["starts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let k = starts
        .iter()
        .rposition(|s| s.encode_utf16().le(t.encode_utf16()))
        .unwrap_or(0);
    parse(files, &format!("search/en/t{k}.json"))
}

#[test]
fn large_index_is_sharded_in_ranges() {
    let docs: Vec<Document> = (0..400)
        .map(|i| {
            doc(
                &format!("/p{i}/"),
                &format!("Page {i}"),
                "",
                &format!(
                    "word{i} shared text about rotations and {} {}",
                    if i % 10 == 0 { "支持" } else { "" },
                    i * 7
                ),
                0,
            )
        })
        .collect();
    let limits = small_limits();
    let files = build_index("en", docs.to_vec(), &limits);
    let main = parse(&files, "search/en.json");
    assert!(main["docs"].is_null() && main["terms"].is_null());
    assert_eq!(main["count"], 400);
    let shards = main["starts"].as_array().unwrap().len();
    assert!(shards > 1);
    // Every shard is within the budget, and they are about the same size.
    let sizes: Vec<usize> = (0..shards)
        .map(|k| {
            let f = files
                .iter()
                .find(|f| f.path == format!("search/en/t{k}.json"))
                .unwrap();
            match &f.data {
                Data::Bytes(b) => b.len(),
                _ => unreachable!(),
            }
        })
        .collect();
    assert!(sizes.iter().all(|&s| s <= limits.shard_bytes), "{sizes:?}");
    let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
    assert!(max - min < limits.shard_bytes / 2, "{sizes:?}");
    // Each term is in the shard its range names; each doc in the file its id falls in.
    for t in ["pag", "word17", "word399", "支持", "2793"] {
        assert!(shard_for(&files, &main, t).get(t).is_some(), "{t}");
    }
    let file = parse(&files, "search/en/d62.json");
    assert_eq!(read_doc(&main, &file, 250).0, "/p250/");
    // Postings in a shard read back as in the main file.
    let shard = shard_for(&files, &main, "word250");
    let list = shard["word250"].as_str().unwrap();
    assert_eq!(decode_postings(list), Some(vec![250 * 8]));
    // Four documents a file.
    let docs = files
        .iter()
        .filter(|f| f.path.starts_with("search/en/d"))
        .count();
    assert_eq!(docs, 100);
}

#[test]
fn common_terms_keep_their_title_postings() {
    // "rotations" is in the body of all 100 documents and the title of every tenth;
    // "rare" is in three.
    let docs: Vec<Document> = (0..100)
        .map(|i| {
            let title = if i % 10 == 0 { "Rotations" } else { "Page" };
            let rare = if i % 40 == 1 { "rare" } else { "" };
            let heading = if i == 99 { "Page setup" } else { "" };
            doc(
                &format!("/p{i}/"),
                title,
                heading,
                &format!("rotations {rare}"),
                0,
            )
        })
        .collect();
    let limits = Limits {
        max_postings: 20,
        common_body: 5,
        ..Limits::default()
    };
    let index = parse(&build_index("en", docs, &limits), "search/en.json");
    let ids = |w: &str| {
        postings(&index, &stem(w))
            .iter()
            .map(|p| p.0)
            .collect::<Vec<_>>()
    };
    // Common: every title posting, and the first five others.
    assert_eq!(
        ids("rotations"),
        [0, 1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90]
    );
    assert_eq!(ids("rare"), [1, 41, 81]);
    // "page" is in 90 titles: only the 20 that rank highest are kept.
    // The last one is also in a heading: it ranks higher and is kept.
    let page = ids("page");
    assert_eq!(page.len(), 20);
    assert_eq!(page[..3], [1, 2, 3]);
    assert_eq!(page.last(), Some(&99));
    let common = index["common"].as_array().unwrap();
    for w in ["rotations", "page", "the", "and"] {
        assert!(common.contains(&stem(w).into()), "{w}");
    }
    assert!(!common.contains(&stem("rare").into()));
}
