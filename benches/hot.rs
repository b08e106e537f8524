//! Criterion benchmarks of the per-page hot functions: Markdown rendering, front matter, search
//! tokenization, and the search index of one language built from copies of the pages. The pages are `benches/fixtures/page.{en,zh}.md`, two ~7 KB pages of the corpus
//! `../shared/bench/gen_corpus.py --flavor plain` writes (tables, code, footnotes, `.md` links).
//!
//! `cargo bench --bench hot`; whole builds are measured by `bash bench/run.sh`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sitegen::content::frontmatter;
use sitegen::markdown::{self, NoHooks};
use sitegen::search;
use std::hint::black_box;

const PAGES: [(&str, &str); 2] = [
    ("en", include_str!("fixtures/page.en.md")),
    ("zh", include_str!("fixtures/page.zh.md")),
];

fn body(src: &str) -> (&str, usize) {
    let split = frontmatter::split(src).expect("fixture front matter splits");
    (split.body, split.body_line_offset)
}

fn markdown_render(c: &mut Criterion) {
    let mut g = c.benchmark_group("markdown::render");
    for (lang, src) in PAGES {
        let (body, offset) = body(src);
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(lang), body, |b, body| {
            b.iter(|| markdown::render(black_box(body), offset, &NoHooks))
        });
    }
    g.finish();
}

fn front_matter(c: &mut Criterion) {
    let mut g = c.benchmark_group("frontmatter::split+parse");
    for (lang, src) in PAGES {
        g.bench_with_input(BenchmarkId::from_parameter(lang), src, |b, src| {
            b.iter(|| {
                let split = frontmatter::split(black_box(src)).expect("splits");
                frontmatter::parse(&split).expect("parses")
            })
        });
    }
    g.finish();
}

fn tokenize(c: &mut Criterion) {
    let mut g = c.benchmark_group("search::tokenize");
    for (lang, src) in PAGES {
        let (body, offset) = body(src);
        let text = search::html_to_text(&markdown::render(body, offset, &NoHooks).html);
        let stem = search::stems(lang);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(lang), &text, |b, text| {
            b.iter(|| {
                let mut n = 0usize;
                search::tokenize(black_box(text), stem, |t| n += t.len());
                n
            })
        });
    }
    g.finish();
    let mut g = c.benchmark_group("search::html_to_text");
    for (lang, src) in PAGES {
        let (body, offset) = body(src);
        let html = markdown::render(body, offset, &NoHooks).html;
        g.throughput(Throughput::Bytes(html.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(lang), &html, |b, html| {
            b.iter(|| search::html_to_text(black_box(html)))
        });
    }
    g.finish();
}

/// What the index does per page (split, tokenize, serialize: in parallel in a build), and a
/// whole language's index from 2,000 copies of the page (each a page of its own).
fn index(c: &mut Criterion) {
    let limits = search::Limits::default();
    let mut g = c.benchmark_group("search::prepare_page");
    for (lang, src) in PAGES {
        let (body, offset) = body(src);
        let page = markdown::render(body, offset, &NoHooks);
        let input = |url: &'static str| search::PageInput {
            url,
            title: "Working with caches",
            html: &page.html,
            headings: &page.headings,
            faq_page: None,
            faq_headings: &[],
            facets: &[],
        };
        let stem = search::stems(lang);
        g.throughput(Throughput::Bytes(page.html.len() as u64));
        let mut docs = search::PageDocs::new(stem, &limits);
        g.bench_function(BenchmarkId::from_parameter(lang), |b| {
            b.iter(|| {
                docs.clear();
                docs.add_page(&input("/guide/caches/"));
            })
        });
    }
    g.finish();
    let mut g = c.benchmark_group("search::build_language");
    g.sample_size(10);
    const COPIES: usize = 2000;
    for (lang, src) in PAGES {
        let (body, offset) = body(src);
        let page = markdown::render(body, offset, &NoHooks);
        let urls: Vec<String> = (0..COPIES).map(|k| format!("/guide/p{k}/")).collect();
        let page_docs = |k: usize, docs: &mut search::PageDocs| {
            docs.add_page(&search::PageInput {
                url: &urls[k],
                title: "Working with caches",
                html: &page.html,
                headings: &page.headings,
                faq_page: None,
                faq_headings: &[],
                facets: &[],
            })
        };
        g.bench_function(BenchmarkId::new(lang, COPIES), |b| {
            b.iter(|| {
                let sink = sitegen::output::Discard::default();
                let input = search::LanguageInput {
                    lang,
                    limits: &limits,
                    pages: COPIES,
                    page_docs: &page_docs,
                    interrupted: &|| false,
                };
                search::build_language(&input, &sink)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, markdown_render, front_matter, tokenize, index);
criterion_main!(benches);
