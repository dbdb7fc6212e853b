/* The magnifier in every page's header searches the records first, then (below, the theme's own
 * lunr results) the prose pages. Enter opens the full 成果检索 with the same words. The search code
 * (search-core.js) loads on first use, from this site. */
(function () {
  "use strict";
  var input = document.querySelector(".md-search__input");
  var result = document.querySelector(".md-search-result");
  var baseMeta = document.querySelector('meta[name="xyhf-base"]');
  if (!input || !result || !baseMeta) return;
  var base = baseMeta.getAttribute("content").replace(/\/+$/, "") + "/";
  var box = document.createElement("div");
  box.className = "xyhf-header-records";
  box.hidden = true;
  result.insertBefore(box, result.firstChild);
  var engine = null, seq = 0, timer = null;

  function core() {
    if (window.xyhfCore) return Promise.resolve(window.xyhfCore);
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base + "assets/xyhf/search-core.js";
      s.onload = function () { resolve(window.xyhfCore); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function catalogUrl(q) { return base + "catalog/?kw=" + encodeURIComponent(q); }
  function show(q) {
    var mine = ++seq;
    if (!q.trim() || /^[a-z0-9]$/i.test(q.trim())) { box.hidden = true; return; } // one Latin character: wait
    core().then(function (c) {
      engine = engine || c.engine(base);
      return engine.ready.then(function () { return engine.search(q, {}); }).then(function (r) {
        var total = r.mode === "all" ? 0 : r.scores.size, docs = total ? c.topDocs(r.scores, 5, null) : [];
        return engine.titles(docs).then(function (titleOf) {
          if (mine !== seq) return;
          var list = el("ol", { class: "xyhf-header-list" });
          docs.forEach(function (d) {
            var li = el("li");
            var a = el("a", { href: base + "records/" + engine.codeOf(d) + "/", class: "xyhf-header-link" }, titleOf(d));
            var status = engine.meta.facets.status;
            li.appendChild(a);
            li.appendChild(el("span", { class: "xyhf-meta" }, " " + status.names[status.values[d]] + " · " + engine.codeOf(d)));
            list.appendChild(li);
          });
          var head = el("p", { class: "xyhf-header-head" }, total ? "成果（" + total + " 项）" : "没有找到相关成果");
          var all = el("a", { href: catalogUrl(q), class: "xyhf-header-all" }, total ? "在成果检索中查看全部 " + total + " 项 →" : "到成果检索换个说法试试 →");
          box.replaceChildren(head, list, all);
          box.hidden = false;
          box.setAttribute("data-ready", String(mine));
        });
      });
    }).catch(function () { box.hidden = true; });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value;
    timer = setTimeout(function () { show(q); }, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && input.value.trim()) {
      e.preventDefault();
      e.stopPropagation();
      location.assign(catalogUrl(input.value));
    }
  }, true);
})();
