/* sitegen default theme: offline search. No framework, no server, no CDN.
 *
 * The search box (form.site-search in base.html) stays hidden until this script runs. On first
 * use it fetches the index of the page's language (data-index, e.g. /search/en.json, written by
 * src/search.rs) and, for a large site, the shards a query needs.
 *
 * Tokens: the same rules as src/search.rs (change both together):
 * - Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar; see
 *   isCjk): every two neighbouring characters of a run are a token, and the run's last
 *   character is one too. "获取支持的方式" → 获取 取支 支持 持的 的方 方式 式. A query run of two or more
 *   characters matches its pairs as a set, not a phrase: a document needs half of them (so
 *   "备份加密" finds "我的备份是加密的吗"), one with all of them ranks higher, and one with the whole
 *   run first (matchRun). A one-character run matches tokens starting with it. A change of
 *   script (CJK and Latin) and any punctuation, full-width too, end a run.
 * - Everything else: words (runs of Alphabetic or Numeric characters), folded (NFD, combining
 *   marks U+0300–U+036F dropped, lowercased: "Résumé" → "resume"), and for English stemmed:
 *   1. "-ies" → "-y" (longer than 4), "-sses" → "-ss", else a final "-s" is dropped (longer
 *      than 3, not after s, u or i);
 *   2. then "-ing" (leaving ≥ 3 letters), else "-ed" (≥ 3), else "-ion" (≥ 4) is dropped; when
 *      none was, a final "-e" is dropped (longer than 3).
 *   rotations, rotation, rotating, rotated, rotate → "rotat"; policies → policy.
 * The last word of a query that does not end in a space is a prefix (results as you type).
 *
 * Common terms (the index's "common": stop words, and terms in so many documents that the index
 * keeps only the ones with it in a title, heading or question) do not have to match: they only
 * rank the documents they list higher. "the rotation" finds what "rotation" finds.
 *
 * A large index is split into term shards that are consecutive ranges of the terms in string
 * order; main.starts[k] is the first term of shard k.
 */
(function () {
  "use strict";

  var FORMAT_VERSION = 3;
  var MAX_RESULTS = 10;
  var PER_PAGE = 2;
  var MAX_EXPANSIONS = 64;
  var FLAG_STALE = 2;
  var TYPING_PAUSE = 250; // ms
  /* What a document with every pair of a CJK run adds to its score: more than any field bonus,
   * so that it ranks above documents with only some pairs. */
  var RUN_WHOLE = 100;

  function isCjk(cp) {
    return (cp >= 0x0e00 && cp <= 0x0eff) || (cp >= 0x1000 && cp <= 0x109f) ||
      (cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x3040 && cp <= 0x30ff) ||
      (cp >= 0x31f0 && cp <= 0x31ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xff66 && cp <= 0xff9f) || (cp >= 0x20000 && cp <= 0x3ffff);
  }

  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function stem(w) {
    if (!/^[a-z]+$/.test(w)) return w;
    var n = w.length;
    if (n > 4 && w.endsWith("ies")) w = w.slice(0, -3) + "y";
    else if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
    var rules = [["ing", 3], ["ed", 3], ["ion", 4]];
    for (var i = 0; i < rules.length; i++) {
      var s = rules[i][0];
      if (w.endsWith(s) && w.length - s.length >= rules[i][1]) return w.slice(0, -s.length);
    }
    if (w.length > 3 && w.endsWith("e")) return w.slice(0, -1);
    return w;
  }

  /* Calls onWord(word, start, end) and onRun(chars, start, end) for the words and the CJK runs
   * of text; start/end are UTF-16 offsets. */
  function scan(text, onWord, onRun) {
    var word = "", wordStart = 0, run = [], runStart = 0, i = 0;
    function flushWord() { if (word) onWord(word, wordStart, i); word = ""; }
    function flushRun() { if (run.length) onRun(run, runStart, i); run = []; }
    while (i < text.length) {
      var cp = text.codePointAt(i), ch = String.fromCodePoint(cp);
      if (isCjk(cp)) {
        flushWord();
        if (!run.length) runStart = i;
        run.push(ch);
      } else {
        flushRun();
        if (ALNUM.test(ch)) {
          if (!word) wordStart = i;
          word += ch;
        } else {
          flushWord();
        }
      }
      i += ch.length;
    }
    flushWord();
    flushRun();
  }

  function wordToken(word, stemWords) {
    var f = fold(word);
    return stemWords ? stem(f) : f;
  }

  /* The index tokens of a text, as src/search.rs makes them. */
  function tokenize(text, stemWords) {
    var out = [];
    scan(text, function (w) { out.push(wordToken(w, stemWords)); }, function (run) {
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      out.push(run[run.length - 1]);
    });
    return out;
  }

  /* A query as parts: {t, prefix, raw}. Every part must match (AND). */
  function parseQuery(q, stemWords) {
    var parts = [];
    var endsOpen = q.length > 0 && !/\s$/.test(q);
    scan(q, function (w, start, end) {
      parts.push({ t: wordToken(w, stemWords), prefix: endsOpen && end === q.length, raw: fold(w) });
    }, function (run) {
      if (run.length === 1) {
        parts.push({ t: run[0], prefix: true, cjk: run[0] });
        return;
      }
      var pairs = [];
      for (var i = 0; i + 1 < run.length; i++) {
        if (pairs.indexOf(run[i] + run[i + 1]) < 0) pairs.push(run[i] + run[i + 1]);
      }
      parts.push({ t: run.join(""), prefix: false, cjk: run.join(""), pairs: pairs });
    });
    return parts;
  }

  /* How many of a run's pairs a document must have: half, rounded up. Words of Chinese are
   * mostly two characters, so a run of k words typed together has k - 1 pairs that straddle
   * two words and may be nowhere in a page that has every word. */
  function pairsNeeded(n) { return Math.ceil(n / 2); }

  /* The shard holding term t: the last one that starts at or before it. */
  function shardFor(starts, t) {
    var lo = 0, hi = starts.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (starts[mid] <= t) lo = mid + 1; else hi = mid; }
    return Math.max(0, lo - 1);
  }

  /* The first index of a sorted array whose key is not below t. */
  function lowerBound(keys, t) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /* A posting list as the index writes it (src/search/terms.rs, POSTING_CHARS): differences,
   * 5 bits a character, lowest first, 32 added to every character but a number's last. The
   * postings themselves (doc id × 8 + field bits), in order. */
  var POSTING_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var POSTING_VALUE = {};
  for (var pc = 0; pc < 64; pc++) POSTING_VALUE[POSTING_CHARS.charCodeAt(pc)] = pc;
  function decodePostings(s) {
    var out = [], v = 0, acc = 0, scale = 1;
    for (var i = 0; i < s.length; i++) {
      var c = POSTING_VALUE[s.charCodeAt(i)];
      acc += (c & 31) * scale;
      if (c & 32) { scale *= 32; continue; }
      v += acc;
      out.push(v);
      acc = 0;
      scale = 1;
    }
    return out;
  }

  function own(table, t) { return Object.prototype.hasOwnProperty.call(table, t); }

  /* ----- Loading ----- */

  function Index(url) {
    this.url = url;
    this.dir = url.replace(/\.json$/, "/");
    this.main = null;
    this.files = {};
    this.sortedKeys = new Map();
  }

  Index.prototype.fetchJson = function (url) {
    if (!this.files[url]) {
      this.files[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      });
    }
    return this.files[url];
  };

  Index.prototype.load = function () {
    var self = this;
    return this.fetchJson(this.url).then(function (m) {
      if (m.version !== FORMAT_VERSION) throw new Error("search index version " + m.version);
      self.main = m;
      self.common = new Set(m.common);
      return self;
    });
  };

  /* Term table k (all terms when the index is not sharded). */
  Index.prototype.table = function (k) {
    if (this.main.terms) return Promise.resolve(this.main.terms);
    return this.fetchJson(this.dir + "t" + k + ".json");
  };

  Index.prototype.shard = function (t) {
    return this.main.terms ? 0 : shardFor(this.main.starts, t);
  };

  /* [[term, postings]] of term t, or none. */
  Index.prototype.exact = function (t) {
    return this.table(this.shard(t)).then(function (table) {
      return own(table, t) ? [[t, table[t]]] : [];
    });
  };

  /* [[term, postings]] of the terms starting with p, in order, at most MAX_EXPANSIONS: from
   * p's shard on, while the next shard still starts with p. */
  Index.prototype.expand = function (p) {
    var self = this, out = [];
    function from(k) {
      return self.table(k).then(function (table) {
        var keys = self.keys(table);
        for (var i = lowerBound(keys, p); i < keys.length && keys[i].startsWith(p) && out.length < MAX_EXPANSIONS; i++) {
          out.push([keys[i], table[keys[i]]]);
        }
        var starts = self.main.starts, next = k + 1;
        if (!self.main.terms && out.length < MAX_EXPANSIONS && next < starts.length && starts[next].startsWith(p)) return from(next);
        return out;
      });
    }
    return from(this.shard(p));
  };

  Index.prototype.keys = function (table) {
    var k = this.sortedKeys.get(table);
    if (!k) {
      k = Object.keys(table).sort();
      this.sortedKeys.set(table, k);
    }
    return k;
  };

  /* Document id as [url, title, heading, text, flags], from its document file: the file of
   * per_file documents that holds it, [[[url, title]…], [[page, anchor, heading, text,
   * flags]…]]. */
  Index.prototype.doc = function (id) {
    var m = this.main, k = Math.floor(id / m.per_file);
    var file = m.docs ? Promise.resolve(m.docs[k]) : this.fetchJson(this.dir + "d" + k + ".json");
    return file.then(function (f) {
      var d = f[1][id - k * m.per_file], page = f[0][d[0]];
      return [page[0] + (d[1] ? "#" + d[1] : ""), page[1], d[2], d[3], d[4]];
    });
  };

  /* Map doc id → score for one query part, the index terms it matched, and whether it is
   * partial (a common term: its postings do not list every document that has it). */
  Index.prototype.match = function (part) {
    var self = this, found;
    if (part.pairs) return this.matchRun(part);
    if (part.prefix) {
      found = this.expand(part.t).then(function (hits) {
        // A stem is usually a prefix of its words: "restori" (typing "restoring") → "restor".
        function shorter(n) {
          if (hits.length || !part.raw || n < 4) return hits;
          return self.exact(part.raw.slice(0, n)).then(function (h) { hits = h; return shorter(n - 1); });
        }
        return shorter(part.raw ? part.raw.length - 1 : 0);
      });
    } else {
      found = this.exact(part.t);
    }
    return found.then(function (hits) {
      var scores = new Map(), partial = self.common.has(part.t);
      hits.forEach(function (hit) {
        var exact = hit[0] === part.t ? 1 : 0;
        if (self.common.has(hit[0])) partial = true;
        decodePostings(hit[1]).forEach(function (v) {
          var id = Math.floor(v / 8), bits = v % 8;
          var s = 1 + exact + (bits & 1 ? 4 : 0) + (bits & 2 ? 3 : 0) + (bits & 4 ? 4 : 0);
          if (!(scores.get(id) >= s)) scores.set(id, s);
        });
      });
      return { scores: scores, terms: hits.map(function (h) { return h[0]; }), partial: partial };
    });
  };

  /* A CJK run of two or more characters: its pairs as a set, not a phrase. A document matches
   * with at least pairsNeeded of the run's pairs (common ones aside, which only add to the
   * score) anywhere in it; one with every pair ranks above one with some (RUN_WHOLE), and among
   * the results shown, one with the whole run as typed comes first (see search). */
  Index.prototype.matchRun = function (part) {
    var self = this;
    return Promise.all(part.pairs.map(function (t) { return self.match({ t: t, prefix: false }); })).then(function (ms) {
      var rare = ms.filter(function (m) { return !m.partial; });
      var need = pairsNeeded(rare.length), have = new Map(), sum = new Map(), scores = new Map(), terms = [];
      ms.forEach(function (m) {
        terms = terms.concat(m.terms);
        m.scores.forEach(function (s, id) {
          sum.set(id, (sum.get(id) || 0) + s);
          if (!m.partial) have.set(id, (have.get(id) || 0) + 1);
        });
      });
      sum.forEach(function (s, id) {
        var n = have.get(id) || 0;
        if (rare.length && n < need) return;
        scores.set(id, s + (n === rare.length ? RUN_WHOLE : 0));
      });
      return { scores: scores, terms: terms, partial: !rare.length };
    });
  };

  /* Documents in every match of `must`, scored by all matches they are in. */
  function combine(must, all) {
    must = must.slice().sort(function (a, b) { return a.scores.size - b.scores.size; });
    var hits = [];
    must[0].scores.forEach(function (s, id) {
      if (!must.every(function (m) { return m.scores.has(id); })) return;
      var score = 0;
      all.forEach(function (m) { score += m.scores.get(id) || 0; });
      hits.push({ id: id, score: score });
    });
    return hits;
  }

  /* Results for a query: [{doc, id, score}], best first. Every part must match, but for
   * partial ones; a query of partial parts only wants any of them, ranked by their sum. */
  Index.prototype.search = function (q, filters) {
    var self = this, stemWords = this.main.stem === "en";
    var parts = parseQuery(q, stemWords);
    if (!parts.length || (parts.length === 1 && !parts[0].cjk && parts[0].t.length < 2)) {
      return Promise.resolve({ parts: parts, terms: [], results: [] });
    }
    // Filters are facet terms ("section:faq"): a result must have each one chosen, and not
    // "stale:yes" when stale answers are hidden.
    filters = filters || {};
    var facets = Object.keys(filters.facets || {}).filter(function (k) { return filters.facets[k]; });
    var keep = Promise.all(facets.map(function (k) { return self.exact(k + ":" + filters.facets[k]); }));
    var drop = filters.hideStale ? this.exact("stale:yes") : Promise.resolve([]);
    var lists = Promise.all([keep, drop]).then(function (got) {
      function ids(hits) { return new Set(hits.length ? decodePostings(hits[0][1]).map(function (v) { return Math.floor(v / 8); }) : []); }
      return { keep: got[0].map(ids), drop: ids(got[1]) };
    });
    return Promise.all([lists].concat(parts.map(function (p) { return self.match(p); }))).then(function (got) {
      var filter = got[0], matches = got.slice(1);
      var required = matches.filter(function (m) { return !m.partial; }), hits = [];
      if (required.length) {
        hits = combine(required, matches);
      } else {
        var any = new Map();
        matches.forEach(function (m) { m.scores.forEach(function (s, id) { any.set(id, (any.get(id) || 0) + s); }); });
        any.forEach(function (s, id) { hits.push({ id: id, score: s }); });
      }
      hits = hits.filter(function (h) {
        return !filter.drop.has(h.id) && filter.keep.every(function (k) { return k.has(h.id); });
      });
      hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
      var terms = [];
      matches.forEach(function (m) { terms = terms.concat(m.terms); });
      return self.pick(hits, []).then(function (results) {
        return { parts: parts, terms: terms, results: wholeRunsFirst(results, parts) };
      });
    });
  };

  /* Results whose title, heading or text has each CJK run of the query as typed, first (the
   * index has no positions: this is told from the documents shown). */
  function wholeRunsFirst(results, parts) {
    var runs = parts.filter(function (p) { return p.pairs && p.pairs.length > 1; });
    if (!runs.length) return results;
    function whole(r) {
      var text = r.doc[1] + "\n" + r.doc[2] + "\n" + r.doc[3];
      return runs.every(function (p) { return text.indexOf(p.cjk) >= 0; }) ? 0 : 1;
    }
    return results.map(function (r, i) { return { r: r, key: whole(r), i: i }; })
      .sort(function (a, b) { return a.key - b.key || a.i - b.i; })
      .map(function (x) { return x.r; });
  }

  /* The best hits, at most PER_PAGE per page, with their documents loaded. */
  Index.prototype.pick = function (hits, out) {
    var self = this, perPage = {};
    out.forEach(function (r) { perPage[r.doc[0].split("#")[0]] = (perPage[r.doc[0].split("#")[0]] || 0) + 1; });
    var batch = hits.slice(0, MAX_RESULTS - out.length);
    if (!batch.length) return Promise.resolve(out);
    return Promise.all(batch.map(function (h) { return self.doc(h.id); })).then(function (docs) {
      docs.forEach(function (doc, i) {
        var page = doc[0].split("#")[0];
        perPage[page] = (perPage[page] || 0) + 1;
        if (perPage[page] <= PER_PAGE && out.length < MAX_RESULTS) out.push({ doc: doc, id: batch[i].id, score: batch[i].score });
      });
      return self.pick(hits.slice(batch.length), out);
    });
  };

  /* ----- Snippets ----- */

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* [start, end) ranges of text to highlight: words whose token is a matched index term, and
   * occurrences of the query's CJK runs. */
  function matchRanges(text, found, stemWords) {
    var terms = new Set(found.terms), ranges = [];
    scan(text, function (w, start, end) {
      if (terms.has(wordToken(w, stemWords))) ranges.push([start, end]);
    }, function () {});
    found.parts.forEach(function (p) {
      if (!p.cjk) return;
      // The run as typed, and each of its pairs that some document has.
      [p.cjk].concat((p.pairs || []).filter(function (t) { return terms.has(t); })).forEach(function (s) {
        for (var i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length)) ranges.push([i, i + s.length]);
      });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    // Overlapping ranges (a run's pairs) are one.
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  function highlight(text, ranges, from, to) {
    var html = "", pos = from;
    ranges.forEach(function (r) {
      if (r[0] < pos || r[1] > to) return;
      html += escapeHtml(text.slice(pos, r[0])) + "<mark>" + escapeHtml(text.slice(r[0], r[1])) + "</mark>";
      pos = r[1];
    });
    return html + escapeHtml(text.slice(pos, to));
  }

  function snippet(text, found, stemWords) {
    var ranges = matchRanges(text, found, stemWords), len = 160;
    var from = ranges.length ? Math.max(0, ranges[0][0] - 50) : 0;
    if (from > 0) {
      var space = text.lastIndexOf(" ", from);
      if (space > from - 15) from = space + 1;
    }
    var to = Math.min(text.length, from + len);
    if (/[\uD800-\uDBFF]/.test(text.charAt(to - 1))) to--;
    return (from > 0 ? "…" : "") + highlight(text, ranges, from, to) + (to < text.length ? "…" : "");
  }

  /* ----- The box ----- */

  function init(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".site-search-results");
    var status = form.querySelector(".site-search-status");
    if (!input || !list || !status) return;
    var strings = form.dataset;
    var index = new Index(form.getAttribute("data-index"));
    var loading = null, seq = 0, active = -1, timer = 0, filters = { facets: {}, hideStale: false };

    form.hidden = false;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      go(active >= 0 ? active : 0);
    });

    /* The filter controls, from the index's facets: a list per facet with more than one
     * value (its "all" label from the form's data-facet-<name>), and "hide outdated answers"
     * when some are. */
    function addFilters(facets) {
      var box = document.createElement("div"), any = false;
      box.className = "site-search-filters";
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", strings.filtersLabel || "");
      Object.keys(facets || {}).forEach(function (name) {
        var values = facets[name], keys = Object.keys(values);
        if (name === "stale") {
          var label = document.createElement("label"), box2 = document.createElement("input");
          box2.type = "checkbox";
          box2.name = "hide-stale";
          box2.addEventListener("change", function () { filters.hideStale = box2.checked; run(); });
          label.appendChild(box2);
          label.appendChild(document.createTextNode(" " + (strings.hideStale || "")));
          box.appendChild(label);
          any = true;
          return;
        }
        if (keys.length < 2) return;
        var select = document.createElement("select");
        select.name = "facet-" + name;
        select.setAttribute("aria-label", strings["facet" + name.charAt(0).toUpperCase() + name.slice(1)] || name);
        select.appendChild(new Option(select.getAttribute("aria-label"), ""));
        keys.forEach(function (v) { select.appendChild(new Option(values[v] || v, v)); });
        select.addEventListener("change", function () { filters.facets[name] = select.value; run(); });
        // On a versioned page, search offers the version being read.
        if (name === "version" && strings.version && values[strings.version] !== undefined) {
          select.value = strings.version;
          filters.facets.version = strings.version;
        }
        box.appendChild(select);
        any = true;
      });
      if (!any) return;
      form.insertBefore(box, list);
      form.classList.add("has-filters");
    }

    function load() {
      if (!loading) {
        loading = index.load().then(function (i) {
          if (!form.querySelector(".site-search-filters")) addFilters(i.main.facets);
          return i;
        }).catch(function (e) {
          loading = null;
          throw e;
        });
      }
      return loading;
    }

    function options() { return list.querySelectorAll("[role=option]"); }

    function setActive(i) {
      var opts = options();
      if (!opts.length) { active = -1; return; }
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    function go(i) {
      var opts = options();
      if (opts[i]) window.location.href = opts[i].querySelector("a").href;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show(found) {
      var stemWords = index.main.stem === "en";
      list.innerHTML = "";
      found.results.forEach(function (r, i) {
        var d = r.doc; // [url, title, heading, text, flags]
        var li = document.createElement("li");
        li.id = "site-search-result-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var html = '<a href="' + escapeHtml(d[0]) + '" tabindex="-1"><span class="site-search-title">' +
          highlight(d[1], matchRanges(d[1], found, stemWords), 0, d[1].length) + "</span>";
        if (d[2]) html += '<span class="site-search-heading">' + highlight(d[2], matchRanges(d[2], found, stemWords), 0, d[2].length) + "</span>";
        if (d[4] & FLAG_STALE) html += ' <span class="badge badge-stale">' + escapeHtml(strings.staleLabel || "") + "</span>";
        if (d[3]) html += '<span class="site-search-snippet">' + snippet(d[3], found, stemWords) + "</span>";
        li.innerHTML = html + "</a>";
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function (e) {
          if (e.target.closest("a")) return;
          go(i);
        });
        list.appendChild(li);
      });
      var n = found.results.length;
      status.textContent = n ? "" : strings.noResults || "";
      list.hidden = n === 0;
      input.setAttribute("aria-expanded", n ? "true" : "false");
      active = -1;
      if (n) setActive(0);
    }

    function run() {
      var q = input.value, mine = ++seq;
      if (!q.trim()) {
        close();
        list.innerHTML = "";
        status.textContent = "";
        return;
      }
      load().then(function () { return index.search(q, filters); }).then(function (found) {
        if (mine === seq) show(found);
      }).catch(function (e) {
        if (mine !== seq) return;
        close();
        status.textContent = strings.error || String(e);
        if (window.console) console.error("sitegen search:", e);
      });
    }

    input.addEventListener("focus", function () {
      load().catch(function () {});
      if (list.children.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      // A query runs when typing pauses, not at every key: the terms of each prefix would be
      // fetched for results nobody reads.
      timer = setTimeout(run, TYPING_PAUSE);
    });
    // Focus moving to a filter keeps the results open.
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) close();
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); list.hidden = !list.children.length; setActive(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
      else if (e.key === "Enter") { e.preventDefault(); go(active >= 0 ? active : 0); }
      else if (e.key === "Escape") {
        if (!list.hidden) close();
        else { input.value = ""; run(); input.blur(); }
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  // Exposed for tests (and the curious): the tokenizer must agree with src/search.rs.
  window.sitegenSearch = { tokenize: tokenize, stem: stem, fold: fold, shardFor: shardFor, parseQuery: parseQuery, decodePostings: decodePostings };

  var form = document.querySelector("form.site-search");
  if (form && window.fetch && window.Promise) init(form);
})();
