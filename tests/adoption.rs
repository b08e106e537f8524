//! Adopting sitegen on a tree that has problems: what `sitegen.toml` says of unknown keys and
//! language codes. Every test runs the real binary on a copy of the `adoption` fixture, a small
//! docs tree with a broken link and anchor, a missing layout on five pages and a stale FAQ
//! entry.

mod common;

use common::TestSite;

const TODAY: &str = "2026-11-21";

#[test]
fn every_unknown_key_is_reported_at_its_line_with_the_key_meant() {
    let site = TestSite::fixture("adoption");
    site.write(
        "sitegen.toml",
        "title = \"Pipelines Docs\"\n\
         baseURL = \"https://docs.example.org/\"\n\
         defaultContentLanguage = \"en\"\n\
         [languages.en]\n\
         languageName = \"English\"\n\
         weight = 1\n\
         [languages.gr]\n\
         name = \"Ελληνικά\"\n\
         [faq]\n\
         stale_afer = 90\n\
         [menu]\n\
         [[menu.main]]\n\
         name = \"Docs\"\n",
    );
    let run = site.run(&["check", "--today", TODAY]);
    assert_eq!(run.code, 1);
    let expected = [
        "sitegen.toml:2: error[config]: unknown field `baseURL`: did you mean `base_url`? (`baseURL` is Hugo's name for it)",
        "sitegen.toml:3: error[config]: unknown field `defaultContentLanguage`: did you mean `default_language`? (`defaultContentLanguage` is Hugo's name for it)",
        "sitegen.toml:5: error[config]: unknown field `languageName` in [languages.en]: did you mean `name`? (`languageName` is Hugo's name for it)",
        "sitegen.toml:6: error[config]: unknown field `weight` in [languages.en]: languages come in the order of their tables",
        "sitegen.toml:7: error[config]: `[languages.gr]`: `gr` is Greece's country code, not a language code: did you mean `el`?",
        "sitegen.toml:10: error[config]: unknown field `stale_afer` in [faq]: did you mean `stale_after`?",
        "sitegen.toml:11: error[config]: unknown field `menu`: navigation comes from the sections",
    ];
    for line in expected {
        assert!(run.stderr.contains(line), "{line}\n---\n{}", run.stderr);
    }
    assert_eq!(
        run.stderr.matches("error[config]").count(),
        expected.len(),
        "{}",
        run.stderr
    );
}

#[test]
fn a_real_code_that_is_most_often_a_mistake_is_a_warning() {
    let site = TestSite::fixture("adoption");
    site.write(
        "sitegen.toml",
        "title = \"x\"\ndefault_language = \"se\"\n[languages.se]\n",
    );
    site.write(
        "content/faq/old-answer.md",
        "---\ntitle: Q\nadded: 2026-01-01\n---\nA.\n",
    );
    site.write(
        "content/guide/install.md",
        "---\ntitle: Install\n---\nNothing broken.\n",
    );
    site.write(
        "content/reference/_index.md",
        "---\ntitle: Reference\n---\n",
    );
    for p in ["cli", "config", "api", "events", "plugins"] {
        site.write(
            &format!("content/reference/{p}.md"),
            "---\ntitle: R\n---\nR.\n",
        );
    }
    let run = site.run(&["build", "--today", TODAY]);
    run.assert_ok();
    assert!(run.stderr.contains(
        "sitegen.toml:3: warning[language-code]: `[languages.se]`: `se` is the code of Northern Sami; if you meant Swedish, write `sv`"
    ), "{}", run.stderr);
}
