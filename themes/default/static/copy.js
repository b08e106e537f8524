// sitegen's copy button for code blocks (#18). Progressive: without this script the code is
// still there to select. In shell sessions (`console`, `shell-session`) it copies the commands
// alone: no `$ ` prompts, no output lines. Line numbers are CSS, never in the text.
(function () {
  "use strict";
  var me = document.currentScript;
  var label = (me && me.dataset.copy) || "Copy";
  var done = (me && me.dataset.copied) || "Copied";

  // What a block's button copies.
  function textOf(code) {
    var cmds = code.querySelectorAll(".cmd");
    if (cmds.length) {
      return Array.prototype.map.call(cmds, function (c) { return c.textContent; }).join("\n") + "\n";
    }
    return code.textContent;
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  function add(pre) {
    var code = pre.querySelector("code");
    if (!code || pre.parentNode.classList.contains("code-copy-wrap")) return;
    var wrap = document.createElement("div");
    wrap.className = "code-copy-wrap";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = label;
    button.addEventListener("click", function () {
      copy(textOf(code)).then(function () {
        button.textContent = done;
        setTimeout(function () { button.textContent = label; }, 1500);
      }, function () {});
    });
    wrap.appendChild(button);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("pre > code"), function (code) {
      add(code.parentNode);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
