//! Criterion benchmarks of the per-page hot functions: Markdown rendering, front matter, search
//! tokenization. The pages are `benches/fixtures/page.{en,zh}.md`, two ~7 KB pages of the corpus
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

criterion_group!(benches, markdown_render, front_matter, tokenize);
criterion_main!(benches);
