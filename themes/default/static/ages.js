// Ages that stay true after deploy. The build wrote absolute dates (`<time datetime>`) and,
// for pages and FAQ entries with a review clock, a notice judged on the build's day. A site
// built in January and read in June must not say "10 days ago": this recomputes each age
// from the dates and today's date in the reader's browser, and shows or hides the notices.
// Without JavaScript the build-time text stands.
//
// Elements it reads: `[data-since][data-review-after]` (a notice or a badge: shown when the age
// in days is over `data-review-after`; a notice's `.age-text` is `data-template` with `{ago}`
// replaced, and an FAQ entry around it is marked `is-stale`), and an FAQ section's
// `.faq-stale-count` (the count of entries stale today, in its `data-template`).
(function () {
  "use strict";
  var DAY = 86400000;

  function days(since) {
    var d = Date.parse(since + "T00:00:00Z");
    if (isNaN(d)) return null;
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    return Math.floor((today - d) / DAY);
  }

  // The same rule as the build's (src/ages/review.rs, `Age::of_days`).
  function ago(n, lang) {
    n = Math.max(0, n);
    var unit = "day", count = n;
    if (n >= 731) { unit = "year"; count = Math.floor(n / 365); }
    else if (n >= 60) { unit = "month"; count = Math.floor(n * 12 / 365); }
    try {
      return new Intl.RelativeTimeFormat(lang, { numeric: "always" }).format(-count, unit);
    } catch (e) {
      return null;
    }
  }

  function langOf(el) {
    var l = el.closest("[lang]");
    return (l && l.getAttribute("lang")) || document.documentElement.lang || "en";
  }

  function notices() {
    document.querySelectorAll("[data-since][data-review-after]").forEach(function (el) {
      var n = days(el.getAttribute("data-since"));
      var limit = parseInt(el.getAttribute("data-review-after"), 10);
      if (n === null || isNaN(limit)) return;
      var stale = n > limit;
      el.hidden = !stale;
      var entry = el.closest(".faq-entry");
      if (entry) entry.classList.toggle("is-stale", stale);
      var text = el.querySelector(".age-text");
      var phrase = ago(n, langOf(el));
      var template = el.getAttribute("data-template");
      if (text && phrase && template) text.textContent = template.replace("{ago}", phrase);
    });
  }

  // An FAQ section's "3 may be out of date": the entries stale today.
  function counts() {
    document.querySelectorAll(".faq-stale-count[data-template]").forEach(function (el) {
      var n = document.querySelectorAll(".faq-entry.is-stale").length;
      el.hidden = n === 0;
      var text = el.querySelector(".age-text");
      if (text) text.textContent = el.getAttribute("data-template").replace("{count}", n);
    });
  }

  function run() { notices(); counts(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
