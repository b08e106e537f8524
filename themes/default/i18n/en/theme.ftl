# UI strings of the sitegen default theme (English).

skip-to-content = Skip to main content
menu = Menu
nav-label = Site
toc-title = On this page
breadcrumb-label = Breadcrumb
home = Home
pager-label = Previous and next page
previous-page = Previous
next-page = Next
language-switcher = Language
heading-anchor-label = Link to this section

not-found-title = Page not found
not-found-body = Sorry, there is no page at this address. It may have been moved or removed.
back-home = Go to the home page

in-this-section = In this section
subsections = Sections
last-updated = Last updated { $date }

translation-outdated = This translation may be out of date.
translation-untranslated = This page is not translated yet; showing the original.
view-original = See the original

faq-added = Added { $date }
faq-reviewed = Reviewed { $date }
faq-stale-label = May be outdated
faq-jump-list = Questions
faq-count = { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
faq-stale-count = { $count } may be out of date
faq-open-entry = Open this answer on its own page
faq-category-install = Installation
faq-category-backup = Backups
faq-category-restore = Restores
faq-category-community = Community
faq-category-general = General

redirecting = Redirecting…
redirect-link = This page has moved to

# Site-specific strings a site usually overrides in its own i18n/<lang>/*.ftl.
footer-text = Built with sitegen.
footer-edit = Improve this page
# Empty by default; the home page shows it under the title when set.
site-tagline = { "" }

# Search box (search.js).
search-label = Search
search-placeholder = Search the docs
search-results-label = Search results
search-no-results = No results
search-error = Search is not available right now.
site-menu-label = Main menu
rotation-on-duty = On duty this week:
rotation-nobody = nobody (the rotation has run out)
rotation-past = Past shifts
rotation-shift = Shift
rotation-person = On duty
rotation-subscribe = Subscribe to the calendar (.ics)
rotation-time-zone = Hand-over times in
support-level-stable = Stable
support-level-beta = Beta
support-level-alpha = Alpha
support-component = Component
support-level = Level
support-since = Since
support-owner = Owner
labels-name = Label
labels-color = Colour
labels-description = Meaning
search-filters-label = Filter results
search-all-sections = All sections
search-all-categories = All categories
search-all-versions = All versions
search-hide-stale = Hide outdated answers

# Page ages and reviews (`review_after`); `$ago` is one of the ago-* strings.
ago-days = { $count ->
    [one] { $count } day ago
   *[other] { $count } days ago
}
ago-months = { $count ->
    [one] { $count } month ago
   *[other] { $count } months ago
}
ago-years = { $count ->
    [one] { $count } year ago
   *[other] { $count } years ago
}
page-stale-label = May be outdated
page-stale-reviewed = This page was last reviewed { $ago }.
page-stale-updated = This page was last updated { $ago } and has not been reviewed since.
page-owner = Owner: { $owner }
faq-stale-reviewed = This answer was last checked { $ago } and may be out of date.
faq-stale-added = This answer was written { $ago } and may be out of date.

# Versioned docs ([versions]): the switcher and the banners of unreleased and old versions.
version-switcher = Version
version-development = These docs are for { $version }, which is not released yet.
version-unsupported = These docs are for { $version }, which is no longer supported.
version-see-latest-page = See this page for { $latest }, the latest version
version-see-latest = See the docs for { $latest }, the latest version

# Code blocks (copy.js) and GitHub alerts (`> [!NOTE]`).
code-copy = Copy
code-copied = Copied
alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning
alert-caution = Caution
