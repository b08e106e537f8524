// Drives sitegen's search box and Pagefind's UI in headless Chromium (puppeteer-core) and
// counts what each fetches: bench/search.sh runs it; see there for what is measured.
//
//   node search_drive.mjs CHROMIUM BASE_URL ENGINE QUERIES.tsv SITE OUT.json
//
// ENGINE is `sitegen` (the default theme's box on the language's home page) or `pagefind`
// (Pagefind's default UI on /pagefind-bench.html, /zh/pagefind-bench.html). SITE picks the
// lines of QUERIES.tsv (`site<TAB>query<TAB>expected,urls`). Each query runs in a fresh
// browser context (an empty cache): bytes are counted from focusing the box (what the page
// itself loads is left out for both) until the results are shown and the network is idle.
import puppeteer from "puppeteer-core";
import { gzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";

const [chromium, base, engine, queriesFile, site, outFile] = process.argv.slice(2);
const queries = readFileSync(queriesFile, "utf8")
  .split("\n")
  .filter((l) => l.trim() && !l.startsWith("#"))
  .map((l) => l.split("\t"))
  .filter((f) => f[0] === site)
  .map(([, q, expected]) => ({ q, expected: expected.split(",").map((s) => s.trim()) }));

const zh = (q) => /[\u3400-\u9fff]/.test(q.q) || q.expected.some((u) => u.startsWith("/zh/"));
const TYPE_DELAY = 150;

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
});

/** A page in a fresh context, with a meter of what it fetches once `meter.on` is set. */
async function fresh(q) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const meter = { on: false, raw: 0, gzip: 0, requests: 0, inflight: 0, last: Date.now() };
  page.on("request", () => { meter.inflight++; meter.last = Date.now(); });
  const done = async (res) => {
    meter.inflight = Math.max(0, meter.inflight - 1);
    meter.last = Date.now();
    if (!meter.on || !res) return;
    try {
      const body = await res.buffer();
      meter.raw += body.length;
      meter.gzip += gzipSync(body).length;
      meter.requests++;
    } catch { /* a redirect or an aborted request has no body */ }
  };
  page.on("requestfinished", (req) => done(req.response()));
  page.on("requestfailed", () => done(null));
  const url = engine === "sitegen" ? (zh(q) ? "zh/" : "") : (zh(q) ? "zh/pagefind-bench.html" : "pagefind-bench.html");
  await page.goto(base + url, { waitUntil: "networkidle0" });
  return { context, page, meter };
}

async function idle(meter, quiet = 600) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (meter.inflight === 0 && Date.now() - meter.last > quiet) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const INPUT = engine === "sitegen" ? "#site-search-input" : ".pagefind-ui__search-input";

async function results(page) {
  return engine === "sitegen"
    ? page.$$eval("#site-search-results [role=option] a", (as) => as.map((a) => a.pathname))
    : page.$$eval(".pagefind-ui__result-link", (as) => as.map((a) => a.pathname));
}

/** Types or pastes `text` into the box, waits for the results and a quiet network. */
async function ask(page, meter, text, typed) {
  await page.focus(INPUT);
  if (typed) {
    await page.type(INPUT, text, { delay: TYPE_DELAY });
  } else {
    await page.$eval(INPUT, (i, t) => { i.value = t; i.dispatchEvent(new Event("input", { bubbles: true })); }, text);
  }
  // Both boxes wait for a pause in typing (250 and 300 ms) before they search.
  await new Promise((r) => setTimeout(r, 1000));
  await idle(meter, 900);
  return results(page);
}

function top5Pages(paths) {
  const seen = [];
  for (const p of paths) {
    const page = p.replace(/index\.html$/, "");
    if (!seen.includes(page)) seen.push(page);
  }
  return seen.slice(0, 5);
}

const out = [];
for (let i = 0; i < queries.length; i++) {
  const q = queries[i];
  const row = { q: q.q, zh: zh(q), expected: q.expected };
  // Cold: first load (focusing the box), then the query, from an empty cache.
  {
    const { context, page, meter } = await fresh(q);
    meter.on = true;
    await page.focus(INPUT);
    await idle(meter);
    row.first = { raw: meter.raw, gzip: meter.gzip };
    const before = { raw: meter.raw, gzip: meter.gzip };
    const got = await ask(page, meter, q.q, false);
    row.cold = { raw: meter.raw, gzip: meter.gzip, requests: meter.requests };
    row.query_only = { raw: meter.raw - before.raw, gzip: meter.gzip - before.gzip };
    row.top5 = top5Pages(got);
    row.found = q.expected.filter((e) => row.top5.includes(e)).length;
    // Warm: the next query of the same language, on the same page.
    const next = queries.slice(i + 1).concat(queries.slice(0, i)).find((n) => zh(n) === zh(q));
    if (next) {
      await page.$eval(INPUT, (i) => { i.value = ""; i.dispatchEvent(new Event("input", { bubbles: true })); });
      await idle(meter);
      const b = { raw: meter.raw, gzip: meter.gzip };
      await ask(page, meter, next.q, false);
      row.warm = { raw: meter.raw - b.raw, gzip: meter.gzip - b.gzip };
    }
    await context.close();
  }
  // Typed at 150 ms a character, from an empty cache.
  {
    const { context, page, meter } = await fresh(q);
    meter.on = true;
    await ask(page, meter, q.q, true);
    row.typed = { raw: meter.raw, gzip: meter.gzip };
    await context.close();
  }
  out.push(row);
  process.stderr.write(`${engine} ${site} ${i + 1}/${queries.length} ${q.q}: cold ${row.cold.raw} B, found ${row.found}/${q.expected.length}\n`);
}
await browser.close();
writeFileSync(outFile, JSON.stringify(out, null, 1));
