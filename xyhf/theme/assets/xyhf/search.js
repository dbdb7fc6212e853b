/* 成果检索: the catalog's own static search. No libraries, no other hosts.
 * Tokenizer, hash and shard layout mirror generator/render/search.py (a test runs both). */
(function () {
  "use strict";
  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUN = new RegExp("[" + CJK + "]+|[a-z]+|[0-9]+", "g");
  var IS_CJK = new RegExp("^[" + CJK + "]");
  var PAGE = 20;

  function normalize(s) { return String(s).normalize("NFKC").toLowerCase(); }
  function runs(text) { return normalize(text).match(RUN) || []; }
  function queryTokens(text) {
    var out = [];
    runs(text).forEach(function (run) {
      if (IS_CJK.test(run) && run.length > 1) {
        for (var i = 0; i < run.length - 1; i++) out.push(run.slice(i, i + 2));
      } else out.push(run);
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }
  function indexTokens(text) {
    var out = new Set();
    runs(text).forEach(function (run) {
      if (IS_CJK.test(run)) {
        for (var i = 0; i < run.length; i++) out.add(run[i]);
        for (var j = 0; j < run.length - 1; j++) out.add(run.slice(j, j + 2));
      } else {
        out.add(run);
        for (var n = 3; n < run.length; n++) out.add(run.slice(0, n));
      }
    });
    return Array.from(out).sort();
  }
  function fnv1a(token) {
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) { h ^= token.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  var api = { normalize: normalize, queryTokens: queryTokens, indexTokens: indexTokens, fnv1a: fnv1a };
  if (typeof module !== "undefined") { module.exports = api; return; }
  window.xyhfSearch = api;

  var root = document.getElementById("xyhf-search");
  if (!root) return;
  var base = root.getAttribute("data-base") || "../";
  var cache = new Map();
  function getJSON(url) {
    if (!cache.has(url)) cache.set(url, fetch(url).then(function (r) { if (!r.ok) throw new Error(url); return r.json(); }));
    return cache.get(url);
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function mod112(digits) {
    var p = 0;
    for (var i = 0; i < digits.length; i++) p = ((p + Number(digits[i])) * 2) % 11;
    var v = (12 - p) % 11;
    return v === 10 ? "X" : String(v);
  }
  var TYPE_LETTERS = { patent: ["ZL", "01"], software_copyright: ["RZ", "02"], ic_layout: ["BT", "03"],
    plant_variety: ["ZW", "04"], biomedical_variety: ["SY", "05"], trade_secret: ["JM", "06"] };

  var meta, input, modeSel, sortSel, countEl, list, moreBtn, selects = {};
  var state = { q: "", mode: "search", sort: "relevance", filters: {}, shown: PAGE };
  var seq = 0;

  function codeOf(doc) {
    var type = meta.facets.type.keys[meta.facets.type.values[doc]];
    var t = TYPE_LETTERS[type], year = String(meta.code.year[doc]), s = String(meta.code.seq[doc]).padStart(5, "0");
    return "HNXY-" + year + "-" + t[0] + "-" + s + "-" + mod112(year + t[1] + s);
  }
  function postings(token) {
    var shard = fnv1a(token) & (meta.shards - 1);
    return getJSON(base + "search-index/s/" + shard + ".json").then(function (s) {
      var p = s[token];
      if (!p) return null;
      var docs = new Array(p[0].length), d = 0;
      for (var i = 0; i < p[0].length; i++) { d += p[0][i]; docs[i] = d; }
      return { docs: docs, weights: p[1] };
    });
  }
  function facetOk(doc, skip) {
    return Object.keys(state.filters).every(function (name) {
      if (name === skip) return true;
      var f = meta.facets[name], want = f.keys.indexOf(state.filters[name]);
      if (want < 0) return true;
      return f.multi ? (f.values[doc] & (1 << want)) !== 0 : f.values[doc] === want;
    });
  }
  function candidates(tokens) {
    if (!tokens.length) {
      var all = new Map();
      for (var i = 0; i < meta.n; i++) all.set(i, 0);
      return Promise.resolve(all);
    }
    return Promise.all(tokens.map(postings)).then(function (lists) {
      var scores = new Map();
      if (state.mode === "match") {
        lists.forEach(function (p) {
          if (!p) return;
          var idf = Math.log(1 + meta.n / p.docs.length);
          p.docs.forEach(function (doc, i) { scores.set(doc, (scores.get(doc) || 0) + idf * Number(p.weights[i])); });
        });
        return scores;
      }
      if (lists.some(function (p) { return !p; })) return scores;
      lists.sort(function (a, b) { return a.docs.length - b.docs.length; });
      lists[0].docs.forEach(function (doc, i) { scores.set(doc, Number(lists[0].weights[i])); });
      lists.slice(1).forEach(function (p) {
        var next = new Map();
        p.docs.forEach(function (doc, i) { if (scores.has(doc)) next.set(doc, scores.get(doc) + Number(p.weights[i])); });
        scores = next;
      });
      return scores;
    });
  }
  function haystack(r) {
    return normalize([r.title, r.code, (r.ip && r.ip.number) || "", (r.keywords || []).join(" "), r.holder_name,
      r.summary, r.applications, r.advantages, r.tech_field_name || "", ((r.ip && r.ip.owners) || []).join(" ")].join("\n"));
  }
  function terms() { return runs(state.q); }
  function verified(r) {
    if (state.mode === "match") return true;
    var text = haystack(r);
    return terms().every(function (t) { return text.indexOf(t) >= 0; });
  }
  function marked(text, parts) {
    var out = [], lower = normalize(text), i = 0;
    var needles = parts.filter(function (p) { return p.length > 0; }).sort(function (a, b) { return b.length - a.length; });
    while (i < text.length) {
      var best = -1, len = 0;
      needles.forEach(function (n) {
        var at = lower.indexOf(n, i);
        if (at >= 0 && (best < 0 || at < best)) { best = at; len = n.length; }
      });
      if (best < 0 || lower.length !== text.length) { out.push(text.slice(i)); break; }
      if (best > i) out.push(text.slice(i, best));
      out.push(el("mark", { text: text.slice(best, best + len) }));
      i = best + len;
    }
    return out;
  }
  function snippet(r, parts) {
    var fields = [r.summary, r.applications, r.advantages];
    for (var f = 0; f < fields.length; f++) {
      var lower = normalize(fields[f]);
      for (var p = 0; p < parts.length; p++) {
        var at = lower.indexOf(parts[p]);
        if (at >= 0) {
          var start = Math.max(0, at - 40);
          return (start > 0 ? "…" : "") + fields[f].slice(start, at + 80) + (at + 80 < fields[f].length ? "…" : "");
        }
      }
    }
    return r.summary.slice(0, 110) + (r.summary.length > 110 ? "…" : "");
  }
  function label(name, doc) { var f = meta.facets[name]; return f.names[f.values[doc]]; }
  function row(doc, r) {
    var parts = state.mode === "match" ? queryTokens(state.q) : terms();
    var code = codeOf(doc);
    var title = el("a", { href: base + "records/" + code + "/" }, marked(meta.title[doc], parts));
    var status = meta.facets.status.keys[meta.facets.status.values[doc]];
    var badges = el("span", { class: "xyhf-badges" }, [
      el("span", { class: "xyhf-badge xyhf-status-" + status, text: label("status", doc) }),
      meta.expired[doc] ? el("span", { class: "xyhf-badge xyhf-warn", text: "知识产权已到期" }) : null]);
    var metaLine = el("p", { class: "xyhf-meta" }, [
      code + " · " + label("type", doc) + " · " + label("holder", doc) + " · " + label("city", doc) + " · " +
      label("trl", doc) + " · " + label("payment", doc)]);
    var text = r ? marked(snippet(r, parts), parts) : ["…"];
    return el("li", { class: "xyhf-result" }, [el("h2", {}, [title, " ", badges]), metaLine,
      el("p", { class: "xyhf-snippet" }, text)]);
  }
  function renderFacets(scored) {
    Object.keys(meta.facets).forEach(function (name) {
      var f = meta.facets[name], counts = new Array(f.keys.length).fill(0);
      scored.forEach(function (doc) {
        if (!facetOk(doc, name)) return;
        if (f.multi) { for (var b = 0; b < f.keys.length; b++) if (f.values[doc] & (1 << b)) counts[b]++; }
        else counts[f.values[doc]]++;
      });
      var sel = selects[name], current = state.filters[name] || "";
      while (sel.options.length) sel.remove(0);
      sel.add(new Option("全部", ""));
      f.keys.forEach(function (key, i) {
        if (counts[i] || key === current) sel.add(new Option(f.names[i] + "（" + counts[i] + "）", key));
      });
      sel.value = current;
    });
  }
  function order(scores) {
    var docs = Array.from(scores.keys()).filter(function (d) { return facetOk(d, null); });
    if (state.sort === "newest" || (!state.q && state.sort === "relevance")) docs.sort(function (a, b) { return a - b; });
    else if (state.sort === "trl") docs.sort(function (a, b) { return meta.facets.trl.values[b] - meta.facets.trl.values[a] || a - b; });
    else docs.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
    return docs;
  }
  function saveUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("kw", state.q);
    if (state.mode !== "search") params.set("mode", state.mode);
    if (state.sort !== "relevance") params.set("sort", state.sort);
    Object.keys(state.filters).sort().forEach(function (k) { if (state.filters[k]) params.set(k, state.filters[k]); });
    var qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }
  function showCount(total, approx) {
    var filtered = Object.keys(state.filters).some(function (k) { return state.filters[k]; });
    countEl.textContent = !total ? "没有找到符合条件的成果。可以减少筛选条件，或换用更短的关键词。"
      : state.q || filtered ? "找到 " + (approx ? "约 " : "") + total + " 项成果"
      : "共 " + meta.n + " 项成果，按入库时间从新到旧排列";
  }
  function run() {
    var mine = ++seq, started = performance.now();
    saveUrl();
    var tokens = state.mode === "match" ? queryTokens(state.q).slice(0, 48) : queryTokens(state.q);
    return candidates(tokens).then(function (scores) {
      if (mine !== seq) return;
      var docs = order(scores);
      renderFacets(Array.from(scores.keys()));
      window.xyhfLastIndexMs = performance.now() - started;
      // First paint from the index alone (titles, labels); the rows' texts follow below.
      var needVerify = state.mode === "search" && terms().some(function (t) { return t.length > 2; });
      list.replaceChildren.apply(list, docs.slice(0, state.shown).map(function (d) { return row(d, null); }));
      showCount(docs.length, needVerify && docs.length > state.shown);
      moreBtn.hidden = docs.length <= state.shown;
      window.xyhfLastQueryMs = performance.now() - started;
      // Then fetch the shown records: snippets, and exact-substring verification (a query of
      // three or more characters can match all its bigrams without containing the whole phrase).
      var take = docs.slice(0, state.shown + PAGE);
      return Promise.all(take.map(function (doc) { return getJSON(base + "data/records/" + codeOf(doc) + ".json"); }))
        .then(function (records) {
          if (mine !== seq) return;
          var kept = [], dropped = 0;
          records.forEach(function (r, i) { if (verified(r)) kept.push([take[i], r]); else dropped++; });
          list.replaceChildren.apply(list, kept.slice(0, state.shown).map(function (p) { return row(p[0], p[1]); }));
          showCount(docs.length - dropped, needVerify && docs.length > take.length);
          moreBtn.hidden = kept.length <= state.shown;
          window.xyhfLastRowsMs = performance.now() - started;
          root.setAttribute("data-ready", String(seq));
        });
    }).catch(function (err) {
      countEl.textContent = "检索数据加载失败，请刷新页面重试。";
      root.setAttribute("data-error", String(err));
    });
  }
  function build() {
    var form = el("form", { class: "xyhf-form", role: "search", "aria-label": "成果检索" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input = el("input", { type: "search", id: "xyhf-q", name: "kw", autocomplete: "off", enterkeyhint: "search",
      placeholder: "输入成果名称、关键词、持有方、编码或专利号" });
    modeSel = el("select", { id: "xyhf-mode", name: "mode" });
    modeSel.add(new Option("关键词检索", "search"));
    modeSel.add(new Option("需求匹配（粘贴一段需求描述）", "match"));
    sortSel = el("select", { id: "xyhf-sort", name: "sort" });
    [["relevance", "相关度"], ["newest", "最新入库"], ["trl", "技术成熟度从高到低"]].forEach(function (o) { sortSel.add(new Option(o[1], o[0])); });
    form.appendChild(el("label", { for: "xyhf-q", class: "xyhf-label", text: "检索成果" }));
    form.appendChild(input);
    var row1 = el("div", { class: "xyhf-row" }, [
      el("label", { for: "xyhf-mode", text: "方式" }), modeSel, el("label", { for: "xyhf-sort", text: "排序" }), sortSel]);
    form.appendChild(row1);
    var facets = el("div", { class: "xyhf-facets" });
    Object.keys(meta.facets).forEach(function (name) {
      var id = "xyhf-f-" + name;
      selects[name] = el("select", { id: id, name: name, "data-facet": name });
      selects[name].addEventListener("change", function () { state.filters[name] = this.value; state.shown = PAGE; run(); });
      facets.appendChild(el("div", { class: "xyhf-facet" }, [el("label", { for: id, text: meta.facets[name].label }), selects[name]]));
    });
    var details = el("details", { class: "xyhf-filters", open: "" }, [el("summary", { text: "筛选条件" }), facets]);
    if (window.matchMedia && window.matchMedia("(max-width: 44em)").matches) details.removeAttribute("open");
    form.appendChild(details);
    countEl = el("p", { class: "xyhf-count", role: "status", "aria-live": "polite" });
    list = el("ol", { class: "xyhf-results" });
    moreBtn = el("button", { type: "button", class: "md-button xyhf-more", text: "显示更多" });
    moreBtn.hidden = true;
    moreBtn.addEventListener("click", function () { state.shown += PAGE; run(); });
    root.replaceChildren(form, countEl, list, moreBtn);
    input.addEventListener("input", function () { state.q = input.value; state.shown = PAGE; run(); });
    modeSel.addEventListener("change", function () {
      state.mode = modeSel.value;
      if (state.mode === "match" && !state.filters.status) state.filters.status = "available";
      state.shown = PAGE; run();
    });
    sortSel.addEventListener("change", function () { state.sort = sortSel.value; run(); });
  }
  function load() {
    var params = new URLSearchParams(location.search);
    state.q = params.get("kw") || "";
    state.mode = params.get("mode") === "match" ? "match" : "search";
    state.sort = ["newest", "trl"].indexOf(params.get("sort")) >= 0 ? params.get("sort") : "relevance";
    getJSON(base + "search-index/meta.json").then(function (m) {
      meta = m;
      Object.keys(meta.facets).forEach(function (k) { if (params.get(k)) state.filters[k] = params.get(k); });
      build();
      input.value = state.q; modeSel.value = state.mode; sortSel.value = state.sort;
      run();
    }).catch(function () { root.textContent = "检索数据加载失败，请刷新页面重试。"; });
  }
  load();
})();
