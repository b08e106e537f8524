// sitegen serve: live reload and the build-error overlay. Injected into served pages only.
(function () {
  "use strict";
  var seen = null; // {id, version} of the site this page shows
  var overlay = null;

  function showErrors(errors) {
    if (!errors.length) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "sitegen-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.93);color:#eee;font:14px/1.5 ui-monospace,monospace;padding:2em";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.style.cssText = "color:#ff6b6b;margin:0 0 1em;font-size:18px";
    h.textContent = "sitegen: the last rebuild failed (" + errors.length +
      " error" + (errors.length === 1 ? "" : "s") + "); this page is from the last good build";
    overlay.appendChild(h);
    errors.forEach(function (d) {
      var p = document.createElement("pre");
      // Every property the page's own stylesheet may give a <pre> (a light code background
      // under light text was unreadable), set here.
      p.style.cssText = "white-space:pre-wrap;margin:0 0 1em;padding:0;border:0;" +
        "background:none;color:#eee;font:inherit;box-shadow:none";
      var loc = d.file ? d.file + (d.line ? ":" + d.line : "") + ": " : "";
      // textContent, never innerHTML: messages quote the user's files.
      p.textContent = loc + "error[" + d.code + "]: " + d.message;
      overlay.appendChild(p);
    });
  }

  function swapStylesheets(version) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("sitegen", version);
      var next = link.cloneNode();
      next.href = url.href;
      next.onload = function () { link.remove(); };
      link.after(next);
    });
  }

  function apply(s) {
    if (seen && s.id !== seen.id) { location.reload(); return; } // the server restarted
    var first = seen === null;
    var hadErrors = overlay !== null;
    seen = {id: s.id, version: s.version};
    if (first || s.errors.length) { showErrors(s.errors); return; }
    if (s.css_only && !hadErrors) { swapStylesheets(s.version); return; }
    if (s.changed.length || hadErrors) { location.reload(); return; }
    showErrors([]);
  }

  function poll() {
    var url = seen ? "/__sitegen/wait?v=" + seen.version : "/__sitegen/status";
    fetch(url, {cache: "no-store"})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (s) { apply(s); poll(); })
      // The server is gone (restarting): try again shortly, for as long as the page is open.
      .catch(function () { setTimeout(poll, 1000); });
  }

  poll();
})();
