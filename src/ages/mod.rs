//! Every page's age: when it was last updated (front matter `updated`/`lastmod`, else its last
//! commit, else — uncommitted — its file's time) and, for pages with a review policy
//! (`review_after`, often cascaded from a section), whether its review is past due (`review.rs`).
//! Judged in the check phase from the git dates `load` read (`crate::git::FileDates`); the
//! view, the sitemap and the reports read the result.

mod review;
mod summary;

pub(crate) use review::{Age, Review, Stale};
pub(crate) use summary::Freshness;

use crate::config::Config;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::git::{DateSource, FileDates};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// Where a page's "last updated" date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum UpdatedFrom {
    /// `updated` (or `lastmod`) in the front matter: it wins.
    FrontMatter,
    /// The last commit that changed the file.
    Git,
    /// Uncommitted: the file's modification time.
    WorkTree,
}

/// The commit that last changed a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct CommitView {
    pub(crate) hash: String,
    pub(crate) short: String,
    /// Its web page, when `[git] commit_url` or `[params] repo_url` says where it is.
    pub(crate) url: Option<String>,
}

/// One page's age.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageAge {
    pub(crate) updated: Option<Date>,
    pub(crate) from: Option<UpdatedFrom>,
    pub(crate) commit: Option<CommitView>,
    /// With a review policy only.
    pub(crate) review: Option<Review>,
}

/// The ages of every page (by page index) and the stale ones.
#[derive(Debug, Default)]
pub(crate) struct Ages {
    pub(crate) pages: Vec<PageAge>,
    pub(crate) source: Option<DateSource>,
    /// Pages past their review date, in page order (fallback pages left out).
    pub(crate) stale: Vec<Stale>,
}

/// What judging the ages needs besides the content.
pub(crate) struct Judging<'a> {
    pub(crate) root: &'a Path,
    pub(crate) dates: &'a FileDates,
    pub(crate) config: &'a Config,
    pub(crate) today: Date,
    /// Pages judged by other rules (FAQ entries): their reviews are not judged here.
    pub(crate) skip: &'a HashSet<usize>,
}

impl Ages {
    /// Every page's last update and review state; a `page-stale` problem per stale page, and
    /// one warning for a shallow clone on a single-language site (drift tells multilingual
    /// ones).
    pub(crate) fn judge(content: &Content, j: &Judging<'_>) -> (Ages, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        if j.dates.source() == DateSource::Shallow && !j.config.is_multilingual() {
            diags.push(Diagnostic::warning(
                "git-shallow",
                "this is a shallow git clone, so when each page last changed is unknown: pages show no date from git (only front matter `updated` or `date`); run `git fetch --unshallow`, or clone with full history (actions/checkout: `fetch-depth: 0`)",
            ));
        }
        let pages: Vec<PageAge> = (0..content.pages.len())
            .map(|i| updated(content, i, j))
            .collect();
        let mut ages = Ages {
            pages,
            source: Some(j.dates.source()),
            stale: Vec::new(),
        };
        ages.review(content, j, &mut diags);
        (ages, diags)
    }
}

/// When page `i` was last updated, and from where.
fn updated(content: &Content, i: usize, j: &Judging<'_>) -> PageAge {
    let page = &content.pages[i];
    if let Some(d) = page.fm.updated {
        return PageAge {
            updated: Some(d),
            from: Some(UpdatedFrom::FrontMatter),
            ..PageAge::default()
        };
    }
    let Some(file) = &page.file else {
        return PageAge::default();
    };
    let changed = match j.dates.source() {
        DateSource::Git => j
            .dates
            .get(file)
            // Untracked: a new page nobody committed yet.
            .or_else(|| crate::git::modified(&j.root.join(file))),
        _ => None,
    };
    let Some(changed) = changed else {
        return PageAge::default();
    };
    let commit = j.dates.commit(changed).map(|c| CommitView {
        hash: c.hash.clone(),
        short: c.hash.chars().take(7).collect(),
        url: j.config.git.commit_link(&j.config.params, &c.hash),
    });
    PageAge {
        updated: Some(changed.date()),
        from: Some(match commit {
            Some(_) => UpdatedFrom::Git,
            None => UpdatedFrom::WorkTree,
        }),
        commit,
        review: None,
    }
}

/// `summary.ages` in the JSON report: where dates came from, and every stale page with its
/// owner (so that a bot can open an issue per owner).
#[derive(Debug, Serialize)]
pub(crate) struct Summary<'a> {
    pub(crate) dates_from: Option<DateSource>,
    pub(crate) stale: &'a [Stale],
}

impl Ages {
    pub(crate) fn summary(&self) -> Summary<'_> {
        Summary {
            dates_from: self.source,
            stale: &self.stale,
        }
    }
}
