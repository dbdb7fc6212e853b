/* The site's own scripts that every page loads, in one file: one request on a phone instead of four,
 * and ~150 bytes less on each of the 30,000 generated pages. Each part is its own closure. */

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

/* 收藏: a shortlist kept in this browser only (localStorage; no account, nothing sent anywhere).
 * Any element with data-xyhf-save="<code>" toggles that record; labels follow the list. */
(function () {
  "use strict";
  var KEY = "xyhf-shortlist", MAX = 20;
  function read() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (c) { return /^HNXY-\d{4}-[A-Z]{2}-\d{5}-[0-9X]$/.test(c); }).slice(0, MAX) : [];
    } catch (e) { return []; }
  }
  function write(list) { try { localStorage.setItem(KEY, JSON.stringify(list.slice(0, MAX))); } catch (e) { /* private mode */ } }
  function has(code) { return read().indexOf(code) >= 0; }
  function toggle(code) {
    var list = read(), at = list.indexOf(code);
    if (at >= 0) list.splice(at, 1); else list.unshift(code);
    write(list);
    sync();
  }
  function sync() {
    var list = read();
    document.querySelectorAll("[data-xyhf-save]").forEach(function (b) {
      var on = list.indexOf(b.getAttribute("data-xyhf-save")) >= 0;
      b.textContent = on ? "已收藏" : "收藏";
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    document.querySelectorAll("[data-xyhf-compare-count]").forEach(function (a) {
      a.textContent = "对比收藏（" + list.length + "）";
      a.hidden = !list.length;
    });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-xyhf-save]");
    if (b) { e.preventDefault(); toggle(b.getAttribute("data-xyhf-save")); }
  });
  window.xyhfShortlist = { read: read, write: write, has: has, toggle: toggle, sync: sync };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", sync); else sync();
})();

/* On generated pages the drawer (the menu on phones) is filled from the tabs on the same page, so
 * 30,000 record and need pages do not each carry a second copy of the site's navigation. */
(function () {
  "use strict";
  var list = document.querySelector("[data-xyhf-drawer]");
  if (!list) return;
  document.querySelectorAll(".md-tabs__item").forEach(function (tab) {
    var source = tab.querySelector("a");
    if (!source) return;
    var item = document.createElement("li");
    item.className = "md-nav__item";
    var link = document.createElement("a");
    link.className = "md-nav__link";
    link.href = source.getAttribute("href");
    var label = document.createElement("span");
    label.className = "md-ellipsis";
    label.textContent = source.textContent.trim();
    link.appendChild(label);
    item.appendChild(link);
    list.appendChild(item);
  });
})();

/* Printing (loaded on every page; the A4 layouts themselves come from site.css).
 * - Buttons marked data-xyhf-print (brochure, promotion directory) open the browser's print dialog.
 * - On paper a record page ends with its own address, so a sheet taken to a 对接会 leads back to the
 *   page: taken from the page's canonical link (the site's published address), shown only in print. */
(function () {
  "use strict";
  document.querySelectorAll("[data-xyhf-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var record = document.querySelector(".xyhf-record");
  var canonical = document.querySelector('link[rel="canonical"]');
  if (!record || !canonical) return;
  var line = document.createElement("p");
  line.className = "xyhf-print-url";
  line.textContent = "本页网址：" + canonical.href;
  record.appendChild(line);
})();

