/* 成果检索 page: one box for a term or a sentence. Reading and ranking live in search-core.js
 * (the Python twin is xyhf/search/query.py); this file fetches the index and draws the page.
 * No libraries, no other hosts. */
(function () {
  "use strict";
  var core = window.xyhfCore;
  var root = document.getElementById("xyhf-search");
  if (!core || !root) return;
  var PAGE = 10; // a phone screen shows about five; each shown result costs a title-chunk request at 25,000
  var base = root.getAttribute("data-base") || "../";
  var eng = core.engine(base);
  var mod112 = core.mod112, TYPE_LETTERS = core.TYPE_LETTERS;
  function getJSON(url) { return eng.getJSON(url); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  var CODE = /^hnxy-(\d{4})-(zl|rz|bt|zw|sy|jm)-(\d{5})-([0-9x])$/;
  var USCC = /^[0-9a-hj-npqrtuwxy]{18}$/;

  var meta, cols, input, sortSel, countEl, noteEl, chipsEl, list, moreBtn, selects = {};
  var state = { q: "", sort: "relevance", filters: {}, dropped: {}, shown: PAGE };
  var seq = 0, lastPartial = false, lastClosest = false;

  function codeOf(doc) { return eng.codeOf(doc); }
  function statusOf(doc) { return eng.statusOf(doc); }
  function jumpFor(text) {
    var q = core.normalize(text).trim(), m = CODE.exec(q);
    if (m) {
      var ord = TYPE_LETTERS[Object.keys(TYPE_LETTERS).filter(function (k) { return TYPE_LETTERS[k][0].toLowerCase() === m[2]; })[0]][1];
      if (mod112(m[1] + ord + m[3]).toLowerCase() === m[4]) return base + "records/" + q.toUpperCase() + "/";
    }
    if (USCC.test(q) && meta.uscc[q.toUpperCase()]) return base + "holders/" + meta.uscc[q.toUpperCase()] + "/";
    return null;
  }
  /* An IP number as people type it: ZL201811000067.X, 201811000067X, 2023SR1000034 → one key. */
  function ipKey(text) {
    var key = core.normalize(text).replace(/[^0-9a-z]/g, "").replace(/^(zl|cn)/, "");
    return /^([0-9]{8,}[0-9a-z]*|[0-9]{4}sr[0-9]{4,})$/.test(key) ? key : ""; // patent or software registration
  }
  function filters(chips) {
    var f = {};
    Object.keys(state.filters).forEach(function (k) { if (state.filters[k]) f[k] = state.filters[k]; });
    chips.forEach(function (c) { if (!f[c.facet]) f[c.facet] = c.key; });
    return f;
  }
  /* The active filters as [values, wanted index, multi] triples, so a record's test is a few
   * array reads (this runs for every matched record and every facet on each keystroke). */
  function active(f, skip) {
    return Object.keys(f).filter(function (name) { return name !== skip; }).map(function (name) {
      var facet = meta.facets[name];
      return [facet.values, facet.keys.indexOf(f[name]), !!facet.multi];
    }).filter(function (a) { return a[1] >= 0; });
  }
  function passes(doc, tests) {
    for (var i = 0; i < tests.length; i++) {
      var t = tests[i];
      if (t[2] ? (t[0][doc] & (1 << t[1])) === 0 : t[0][doc] !== t[1]) return false;
    }
    return true;
  }
  /* One Latin letter or digit says nothing yet (every code and number has one): wait for the next. */
  function tooShort(text) { return /^[a-z0-9]$/.test(core.normalize(text).trim()); }
  function search(text) { return eng.search(tooShort(text) ? "" : text, state.dropped); }
  /* The records to show (the first `k` in the chosen order) and how many pass the filters. */
  function order(scores, f, k) {
    var tests = active(f, null), keep = tests.length ? function (d) { return passes(d, tests); } : null, docs;
    if (state.sort === "relevance" && state.q.trim()) {
      if (!keep) return { count: scores.size, docs: core.topDocs(scores, k, null) };
      var count = 0; // topDocs tests every match once: count the kept ones on the way
      var top = core.topDocs(scores, k, function (d) { var ok = keep(d); if (ok) count++; return ok; });
      return { count: count, docs: top };
    }
    docs = Array.from(scores.keys());
    docs = keep ? docs.filter(keep) : docs;
    if (state.sort === "trl") docs.sort(function (a, b) { return meta.facets.trl.values[b] - meta.facets.trl.values[a] || a - b; });
    else docs.sort(function (a, b) { return a - b; }); // newest first (doc ids are in listing order)
    return { count: docs.length, docs: docs.slice(0, k) };
  }
  function titles(docs) { return eng.titles(docs); }
  function marked(text, parts) {
    var out = [], lower = core.normalize(text), i = 0;
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
      var lower = core.normalize(fields[f]);
      for (var p = 0; p < parts.length; p++) {
        var at = parts[p] ? lower.indexOf(parts[p]) : -1;
        if (at >= 0) {
          var start = Math.max(0, at - 40);
          return (start > 0 ? "…" : "") + fields[f].slice(start, at + 80) + (at + 80 < fields[f].length ? "…" : "");
        }
      }
    }
    return r.summary.slice(0, 110) + (r.summary.length > 110 ? "…" : "");
  }
  function label(name, doc) { var f = meta.facets[name]; return f.names[f.values[doc]]; }
  /* The query's terms this record has (a related concept marked as such): the evidence beside a result. */
  function hitsOf(result, doc) {
    var out = [];
    (result.lists || []).forEach(function (l) {
      if (core.has(l.docs, doc)) out.push(l.term.kind === "related" ? l.term.text.replace(/^≈/, "") + "（相关概念）" : l.term.text.replace(/^≈/, ""));
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; }).slice(0, 6);
  }
  function row(doc, title, r, parts, hits) {
    var code = codeOf(doc), status = statusOf(doc);
    var link = el("a", { href: base + "records/" + code + "/" }, marked(title, parts));
    var badges = el("span", { class: "xyhf-badges" }, [
      el("span", { class: "xyhf-badge xyhf-status-" + status, text: label("status", doc) }),
      cols.expired[doc] ? el("span", { class: "xyhf-badge xyhf-warn", text: "知识产权已到期" }) : null]);
    var metaLine = el("p", { class: "xyhf-meta" }, [
      code + " · " + label("type", doc) + " · " + label("holder", doc) + " · " + label("city", doc) + " · " +
      label("trl", doc) + " · " + label("payment", doc) + (meta.facets.fee ? " · 基础费用 " + label("fee", doc) : "")]);
    var text = r ? marked(snippet(r, parts), parts) : ["…"];
    var saved = window.xyhfShortlist && window.xyhfShortlist.has(code);
    var save = el("button", { type: "button", class: "xyhf-save", "data-xyhf-save": code, "aria-pressed": saved ? "true" : "false",
      "aria-label": "收藏 " + title }, [saved ? "已收藏" : "收藏"]);
    var why = hits && hits.length ? el("p", { class: "xyhf-hits" }, ["命中：" + hits.join("、")]) : null;
    return el("li", { class: "xyhf-result", "data-status": status }, [el("h2", {}, [link, " ", badges]), metaLine,
      el("p", { class: "xyhf-snippet" }, text), why, save]);
  }
  function renderFacets(matched, f) {
    Object.keys(meta.facets).forEach(function (name) {
      var facet = meta.facets[name], counts = new Array(facet.keys.length).fill(0), tests = active(f, name);
      var values = facet.values, nk = facet.keys.length;
      for (var i = 0; i < matched.length; i++) {
        var doc = matched[i];
        if (tests.length && !passes(doc, tests)) continue;
        if (facet.multi) { for (var b = 0; b < nk; b++) if (values[doc] & (1 << b)) counts[b]++; }
        else counts[values[doc]]++;
      }
      var sel = selects[name], current = f[name] || "", sig = current + "|" + counts.join(",");
      if (sel.getAttribute("data-sig") === sig) return; // same choices as last keystroke: leave the list alone
      sel.setAttribute("data-sig", sig);
      while (sel.options.length) sel.remove(0);
      sel.add(new Option("全部", ""));
      facet.keys.forEach(function (key, i) {
        if (counts[i] || key === current) sel.add(new Option(facet.names[i] + "（" + counts[i] + "）", key));
      });
      sel.value = current;
    });
  }
  function renderChips(chips) {
    chipsEl.replaceChildren.apply(chipsEl, chips.map(function (c) {
      var b = el("button", { type: "button", class: "xyhf-chip", "aria-label": "取消筛选：" + c.label, "data-facet": c.facet }, [c.label + " ×"]);
      b.addEventListener("click", function () { state.dropped[c.facet + ":" + c.key] = true; state.shown = PAGE; run(); });
      return b;
    }));
  }
  function explain(result, total, f) {
    var bits = [], tail = [];
    var active = Object.keys(f).filter(function (k) { return f[k]; });
    if (result.widened) bits.push("在“" + result.chips.map(function (c) { return c.label; }).join("、") + "”范围内没有找到，下面列出其他地方的结果。");
    var closest = result.mode === "closest";
    if (total && closest) {
      bits.push("下面是最接近的几项：它们只含检索词里的常见字词，不算匹配，仅供参考。");
    } else if (total && result.partial) bits.push("以下成果与您的描述只部分相关：只有一部分词语出现在这些成果中，请看每项下面的“命中”词语再决定。");
    var syn = result.terms.filter(function (t) { return t.kind === "concept"; }).map(function (t) {
      var of = meta.lexicon.concept_of, same = Object.keys(of).filter(function (k) { return of[k] === t.concept && k !== t.text; });
      return same.length ? t.text + "（" + same.slice(0, 4).join("、") + "）" : "";
    }).filter(function (t, i, a) { return t && a.indexOf(t) === i; });
    if (syn.length) bits.push("已按同义词一并查找：" + syn.join("；") + "。");
    var rel = {};
    (result.lists || []).forEach(function (l) {
      if (l.term.kind !== "related" || !l.docs.size) return;
      var via = l.term.via.replace(/^≈/, "");
      (rel[via] = rel[via] || []).push(l.term.text.replace(/^≈/, ""));
    });
    var relText = Object.keys(rel).map(function (k) { return k + " → " + rel[k].join("、"); });
    if (relText.length) bits.push("也查找了相关概念（权重较低）：" + relText.join("；") + "。");
    if (!total || closest) {
      if (active.length && !closest) {
        bits.push("在当前筛选条件下没有结果：可以去掉筛选条件（" + active.map(function (k) { return meta.facets[k].label; }).join("、") + "）再看看。");
      } else {
        var tried = result.terms.filter(function (t) { return t.kind !== "related"; }).map(function (t) { return t.text; });
        bits.push((closest ? "" : "没有找到相关成果。") + (tried.length ? "已尝试的词语：" + tried.slice(0, 12).join("、") + "。" : "") +
          "可以换一种说法、用更短的词再试，或者");
        tail = [el("a", { href: base + "submit/need/", class: "xyhf-post-need" }, ["发布企业需求"]),
          "，由所在市州工作站帮您对接。"];
      }
    }
    noteEl.replaceChildren.apply(noteEl, bits.length ? [bits.join(" ")].concat(tail) : []);
    noteEl.hidden = !bits.length;
  }
  function showCount(total, f) {
    var filtered = Object.keys(f).some(function (k) { return f[k]; });
    countEl.textContent = tooShort(state.q) ? "请再输入一个字母或数字（共 " + meta.n + " 项成果，按入库时间从新到旧排列）"
      : !total || lastClosest ? "没有找到符合条件的成果。"
      : state.q.trim() && lastPartial ? "找到 " + total + " 项部分相关的成果（按相关程度排列，状态见标签）"
      : state.q.trim() || filtered ? "找到 " + total + " 项成果（按相关程度排列；相关程度相近时可转化的在前，状态见标签）"
      : "共 " + meta.n + " 项成果（" + statusCounts() + "），按入库时间从新到旧排列";
  }
  function statusCounts() {
    var st = meta.facets.status, counts = new Array(st.keys.length).fill(0);
    for (var i = 0; i < meta.n; i++) counts[st.values[i]]++;
    return st.names.map(function (name, i) { return counts[i] ? name + " " + counts[i] + " 项" : ""; }).filter(Boolean).join("、");
  }
  function saveUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("kw", state.q);
    if (state.sort !== "relevance") params.set("sort", state.sort);
    if (state.shown > PAGE) params.set("n", String(state.shown));
    Object.keys(state.filters).sort().forEach(function (k) { if (state.filters[k]) params.set(k, state.filters[k]); });
    var qs = params.toString();
    history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : ""));
  }
  function run() {
    var mine = ++seq, started = performance.now();
    saveUrl();
    var jump = jumpFor(state.q);
    if (jump) { countEl.textContent = "正在打开 " + state.q.trim().toUpperCase() + " ……"; location.assign(jump); return Promise.resolve(); }
    return search(state.q).then(function (result) {
      if (mine !== seq) return;
      var f = filters(result.chips);
      var found = order(result.scores, f, state.shown);
      result.widened = false;
      if (!found.count && result.chips.length && result.scores.size) { // no dead end: the name's filter found nothing
        f = filters([]);
        found = order(result.scores, f, state.shown);
        result.widened = true;
      }
      renderChips(result.widened ? [] : result.chips);
      lastPartial = !!result.partial;
      lastClosest = result.mode === "closest";
      renderFacets(Array.from(result.scores.keys()), f);
      explain(result, found.count, f);
      showCount(found.count, f);
      window.xyhfLastIndexMs = performance.now() - started;
      var parts = result.terms.filter(function (t) { return t.kind !== "related"; }).map(function (t) { return t.text; });
      var shown = found.docs;
      return titles(shown).then(function (titleOf) {
        if (mine !== seq) return;
        list.replaceChildren.apply(list, shown.map(function (d) { return row(d, titleOf(d), null, parts, hitsOf(result, d)); }));
        moreBtn.hidden = found.count <= state.shown;
        window.xyhfLastQueryMs = performance.now() - started;
        return Promise.all(shown.map(function (d) { return getJSON(base + "data/records/" + codeOf(d) + ".json"); })).then(function (records) {
          if (mine !== seq) return;
          var ip = ipKey(state.q), same = records.filter(function (r) { return ip && r.ip && ipKey(r.ip.number || "") === ip; });
          if (same.length === 1) { location.assign(base + "records/" + same[0].code + "/"); return; } // an IP number opens its record
          list.replaceChildren.apply(list, shown.map(function (d, i) { return row(d, titleOf(d), records[i], parts, hitsOf(result, d)); }));
          window.xyhfLastRowsMs = performance.now() - started;
          root.setAttribute("data-mode", result.mode);
          root.setAttribute("data-partial", result.partial && found.count ? "true" : "false");
          root.setAttribute("data-ready", String(seq));
          restoreScroll();
        });
      });
    }).catch(function (err) {
      countEl.textContent = "检索数据加载失败，请刷新页面重试。";
      root.setAttribute("data-error", String(err));
    });
  }
  var pendingScroll = null;
  function restoreScroll() {
    if (pendingScroll === null) return;
    window.scrollTo(0, pendingScroll);
    pendingScroll = null;
  }
  function build() {
    var form = el("form", { class: "xyhf-form", role: "search", "aria-label": "成果检索" });
    form.addEventListener("submit", function (e) { e.preventDefault(); state.q = input.value; state.shown = PAGE; run(); });
    input = el("input", { type: "search", id: "xyhf-q", name: "kw", autocomplete: "off", enterkeyhint: "search",
      placeholder: "输入词语或一句话需求，如：锂电池正极、想给西瓜大棚换更耐用的膜" });
    sortSel = el("select", { id: "xyhf-sort", name: "sort" });
    [["relevance", "相关度"], ["newest", "最新入库"], ["trl", "技术成熟度从高到低"]].forEach(function (o) { sortSel.add(new Option(o[1], o[0])); });
    form.appendChild(el("label", { for: "xyhf-q", class: "xyhf-label", text: "检索成果（词语或一句话都可以）" }));
    form.appendChild(input);
    chipsEl = el("div", { class: "xyhf-chips", "aria-label": "从检索词识别的筛选条件" });
    form.appendChild(chipsEl);
    form.appendChild(el("div", { class: "xyhf-row" }, [el("label", { for: "xyhf-sort", text: "排序" }), sortSel]));
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
    noteEl = el("p", { class: "xyhf-note" });
    noteEl.hidden = true;
    list = el("ol", { class: "xyhf-results" });
    list.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a")) history.replaceState({ scroll: window.scrollY }, "", location.href);
    });
    moreBtn = el("button", { type: "button", class: "md-button xyhf-more", text: "显示更多" });
    moreBtn.hidden = true;
    moreBtn.addEventListener("click", function () { state.shown += PAGE; run(); });
    var compare = el("a", { href: base + "compare/", class: "xyhf-compare-link", "data-xyhf-compare-count": "" }, ["对比收藏"]);
    compare.hidden = true;
    root.replaceChildren(form, countEl, compare, noteEl, list, moreBtn);
    if (window.xyhfShortlist) window.xyhfShortlist.sync();
    input.addEventListener("input", function () { state.q = input.value; state.shown = PAGE; state.dropped = {}; run(); });
    sortSel.addEventListener("change", function () { state.sort = sortSel.value; run(); });
  }
  function load() {
    var params = new URLSearchParams(location.search);
    state.q = params.get("kw") || "";
    state.sort = ["newest", "trl"].indexOf(params.get("sort")) >= 0 ? params.get("sort") : "relevance";
    state.shown = Math.max(PAGE, Math.min(2000, parseInt(params.get("n") || "", 10) || PAGE));
    if (history.state && typeof history.state.scroll === "number") pendingScroll = history.state.scroll;
    eng.ready.then(function () {
      meta = eng.meta;
      cols = eng.cols;
      Object.keys(meta.facets).forEach(function (k) { if (params.get(k)) state.filters[k] = params.get(k); });
      build();
      input.value = state.q; sortSel.value = state.sort;
      run();
    }).catch(function () { root.textContent = "检索数据加载失败，请刷新页面重试。"; });
  }
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  load();
})();
