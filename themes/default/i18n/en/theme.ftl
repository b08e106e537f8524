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
faq-stale = { $days ->
    [one] This answer was last checked { $days } day ago and may be out of date.
   *[other] This answer was last checked { $days } days ago and may be out of date.
}
faq-due-soon = Review due soon
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

# Code blocks (copy.js) and GitHub alerts (`> [!NOTE]`).
code-copy = Copy
code-copied = Copied
alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning
alert-caution = Caution
