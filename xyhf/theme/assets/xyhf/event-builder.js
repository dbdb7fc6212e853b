/* 制作对接会宣传册 (events/new/): a broker picks records (shortlist, search, or codes), types the
 * event's date and place, and gets the brochure of the committed events (brochure.html's classes,
 * one A4 sheet a record, a QR code to the record's page) to print, and a YAML draft for the office.
 * Checks and texts live in event-core.js; records come from data/records/<code>.json; every record
 * text lands as textContent, never as markup. */
(function () {
  "use strict";
  var form = document.getElementById("xyhf-event-builder");
  var core = window.xyhfEvent;
  if (!form || !core || !window.qrcode) return;
  var base = form.getAttribute("data-base") || "../../";
  var siteUrl = form.getAttribute("data-site-url") || "/";
  var sample = form.getAttribute("data-sample") === "1";
  var cities = JSON.parse(form.getAttribute("data-cities") || "{}");
  var preview = document.querySelector("[data-xyhf-preview]");
  var FIELDS = ["title", "kind", "date", "start", "end", "city", "venue", "host", "signup"];
  var SVG = "http://www.w3.org/2000/svg";
  var chosen = []; // record objects as published, in the order added
  var shown = false; // once previewed, the preview follows every change

  function $(sel) { return form.querySelector(sel); }
  function field(name) { return form.elements.namedItem(name); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function getRecord(code) {
    return fetch(base + "data/records/" + code + ".json").then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
  }
  function say(text) { $("[data-xyhf-status]").textContent = text; }
  function pickSay(text) { $("[data-xyhf-pick-status]").textContent = text; }
  function codeMessage(text) {
    var msg = $("#xyhf-event-msg-code");
    msg.textContent = text;
    msg.hidden = !text;
    field("code").setAttribute("aria-invalid", text ? "true" : "false");
  }

  /* --- the records -------------------------------------------------------------------- */
  function add(record) {
    var problem = core.recordProblem(record, chosen.map(function (r) { return r.code; }));
    if (problem) return problem;
    chosen.push(record);
    drawChosen();
    return "";
  }
  function addCodes(codes) {
    return Promise.all(codes.map(getRecord)).then(function (records) {
      var problems = [];
      records.forEach(function (r, i) {
        var p = r ? add(r) : "成果库中没有编码为 " + codes[i] + " 的成果。";
        if (p) problems.push(p);
      });
      return problems;
    });
  }
  function isChosen(code) { return chosen.some(function (r) { return r.code === code; }); }
  function drawChosen() {
    var list = $("[data-xyhf-chosen]");
    list.replaceChildren.apply(list, chosen.map(function (r, i) {
      var li = el("li", { "data-code": r.code });
      li.appendChild(el("a", { href: base + "records/" + r.code + "/" }, r.title));
      li.appendChild(el("span", { class: "xyhf-meta" }, " " + r.holder_name + " · " + r.code + " "));
      var remove = el("button", { type: "button", class: "xyhf-link-button", "aria-label": "移除 " + r.title }, "移除");
      remove.addEventListener("click", function () { chosen.splice(i, 1); drawChosen(); });
      li.appendChild(remove);
      return li;
    }));
    keep();
    $("[data-xyhf-chosen-count]").textContent = String(chosen.length);
    $("[data-xyhf-chosen-empty]").hidden = chosen.length > 0;
    list.hidden = !chosen.length;
    if (chosen.length) message("records", "");
    if (shown) refresh();
  }
  function fromShortlist(quiet) {
    var codes = window.xyhfShortlist ? window.xyhfShortlist.read() : [];
    if (!codes.length) { if (!quiet) pickSay("还没有收藏的成果：在成果页面点“收藏”，再回到这里。"); return Promise.resolve(); }
    var fresh = codes.filter(function (c) { return !isChosen(c); });
    return addCodes(fresh).then(function (problems) {
      pickSay(problems.length ? problems.join(" ") : fresh.length ? "已加入收藏的 " + fresh.length + " 项成果。" : "收藏的成果都已在名单中。");
    });
  }
  function addTyped() {
    var code = core.normalCode(field("code").value), problem = core.codeProblem(code);
    if (problem) { codeMessage(problem); return; }
    addCodes([code]).then(function (problems) {
      codeMessage(problems.join(" "));
      if (!problems.length) field("code").value = "";
    });
  }

  /* --- the work in progress survives leaving the page (to save more records, say), in this browser only */
  var KEEP = "xyhf-event-builder";
  function keep() {
    var saved = { codes: chosen.map(function (r) { return r.code; }) };
    FIELDS.forEach(function (name) { saved[name] = field(name).value; });
    try { localStorage.setItem(KEEP, JSON.stringify(saved)); } catch (e) { /* private mode: nothing kept */ }
  }
  function kept() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEEP) || "null");
      return saved && Array.isArray(saved.codes) ? saved : null;
    } catch (e) { return null; }
  }
  function restore(saved) {
    FIELDS.forEach(function (name) { if (typeof saved[name] === "string") field(name).value = saved[name].slice(0, 200); });
    var codes = saved.codes.filter(function (c) { return typeof c === "string" && !core.codeProblem(c); });
    return addCodes(codes.slice(0, core.MAX_RECORDS)).then(function () {
      var more = (window.xyhfShortlist ? window.xyhfShortlist.read() : []).filter(function (c) { return !isChosen(c); }).length;
      pickSay(more ? "收藏中还有 " + more + " 项成果不在名单中，可点“加入收藏的成果”。" : "");
    });
  }
  function reset() {
    chosen = [];
    shown = false;
    form.reset();
    FIELDS.concat(["records"]).forEach(function (name) { message(name, ""); });
    $("[data-xyhf-problems]").hidden = true;
    preview.replaceChildren();
    preview.removeAttribute("data-ready");
    drawChosen();
    try { localStorage.removeItem(KEEP); } catch (e) { /* nothing kept */ }
    say("已清空。");
  }

  /* --- search within the page (search-core.js, the index of 成果检索) ------------------------ */
  var engine = null, seq = 0, timer = null;
  function search(text) {
    var mine = ++seq, status = $("[data-xyhf-search-status]"), list = $("[data-xyhf-results]");
    if (!text.trim() || !window.xyhfCore) { list.replaceChildren(); status.textContent = ""; return; }
    engine = engine || window.xyhfCore.engine(base);
    engine.ready.then(function () { return engine.search(text, {}); }).then(function (r) {
      var docs = r.mode === "all" ? [] : window.xyhfCore.orderDocs(r.scores).slice(0, 8);
      return engine.titles(docs).then(function (titleOf) {
        if (mine !== seq) return;
        status.textContent = docs.length ? "找到 " + r.scores.size + " 项，下面是最相关的 " + docs.length + " 项：" : "没有找到相关成果，换个说法试试。";
        list.replaceChildren.apply(list, docs.map(function (d) {
          var code = engine.codeOf(d), li = el("li");
          var button = el("button", { type: "button", class: "md-button xyhf-event-add", "data-code": code, "aria-label": "加入 " + titleOf(d) }, "加入");
          function mark() {
            if (!isChosen(code)) return;
            button.textContent = "已加入";
            button.disabled = true;
            button.setAttribute("aria-label", "已加入 " + titleOf(d));
          }
          button.addEventListener("click", function () {
            addCodes([code]).then(function (problems) { pickSay(problems.join(" ") || "已加入：" + titleOf(d)); mark(); });
          });
          mark();
          li.append(button, " ", el("span", {}, titleOf(d)), el("span", { class: "xyhf-meta" }, " " + code));
          return li;
        }));
        list.setAttribute("data-ready", String(mine));
      });
    }).catch(function () { status.textContent = "检索数据加载失败，请刷新页面重试，或直接输入统一编码。"; });
  }

  /* --- the event, its checks and the brochure ----------------------------------------------- */
  function event() {
    var ev = { records: chosen.map(function (r) { return r.code; }) };
    FIELDS.forEach(function (name) { ev[name] = core.clean(field(name).value); });
    return ev;
  }
  function message(name, text) {
    var msg = document.getElementById("xyhf-event-msg-" + name);
    msg.textContent = text || "";
    msg.hidden = !text;
    var input = name === "records" ? $("[data-xyhf-chosen]") : field(name);
    if (input) input.setAttribute("aria-invalid", text ? "true" : "false");
  }
  function validate(focus) {
    var ev = event(), problems = core.check(ev, cities), names = FIELDS.concat(["records"]);
    names.forEach(function (name) { message(name, problems[name]); });
    var wrong = names.filter(function (n) { return problems[n]; });
    var summary = $("[data-xyhf-problems]");
    summary.textContent = wrong.length ? "还有 " + wrong.length + " 处需要填写或改正，见各栏下的红字。" : "";
    summary.hidden = !wrong.length;
    if (wrong.length) {
      if (!focus) return null;
      var first = wrong[0] === "records" ? $("[data-xyhf-from-shortlist]") : field(wrong[0]);
      if (first) first.focus();
      return null;
    }
    return ev;
  }
  function qr(code) {
    var m = core.qrMatrix(window.qrcode, core.recordUrl(siteUrl, code)), size = m.rows.length + 4;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("width", String(size * 3));
    svg.setAttribute("height", String(size * 3));
    svg.setAttribute("class", "segno");
    svg.setAttribute("data-version", String(m.version));
    svg.setAttribute("data-level", m.level);
    var title = document.createElementNS(SVG, "title");
    title.textContent = "扫码打开成果页面";
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("stroke", "#000");
    path.setAttribute("class", "qrline");
    path.setAttribute("d", core.qrPath(m.rows, 2));
    svg.append(title, path);
    return svg;
  }
  function facts(s) {
    var dl = el("dl", { class: "xyhf-sheet__facts" });
    [["解决什么问题", s.summary], ["技术成熟度", s.trl], ["转化条件", s.terms], ["状态", s.status], ["联系", s.contact]]
      .forEach(function (row) { if (row[0] !== "联系" || row[1]) dl.append(el("dt", {}, row[0]), el("dd", {}, row[1])); });
    return dl;
  }
  /* One record's sheet: the structure and classes of brochure.html. */
  function sheetNode(ev, record, i, n) {
    var s = core.sheet(record), id = "sheet-" + (i + 1);
    var article = el("article", { class: "xyhf-sheet", "aria-labelledby": id });
    var head = el("header", { class: "xyhf-sheet__head" });
    head.append(el("span", {}, ev.title), el("span", {}, ev.date + " · " + cities[ev.city]));
    var top = el("div", { class: "xyhf-sheet__top" }), left = el("div");
    var holder = el("p", { class: "xyhf-sheet__holder" }, s.holder + " · " + s.type + " · ");
    holder.appendChild(el("code", {}, s.code));
    left.append(el("h2", { id: id }, s.title), holder);
    var figure = el("figure", { class: "xyhf-qr" });
    figure.append(qr(s.code), el("figcaption", {}, "扫码查看详情"));
    top.append(left, figure);
    var foot = el("footer", { class: "xyhf-sheet__foot" },
      "湖南省科技成果“先用后付”成果库" + (sample ? " · 示例数据" : "") + " · 第 " + (i + 1) + " / " + n + " 页");
    article.append(head, top, facts(s), foot);
    return article;
  }
  function refresh() {
    var ev = event(), problems = core.check(ev, cities);
    if (Object.keys(problems).length) { preview.replaceChildren(); preview.removeAttribute("data-ready"); return false; }
    var intro = el("p", { class: "xyhf-screen-only xyhf-event-preview-head" },
      "宣传册预览：" + ev.date + " · " + cities[ev.city] + " · " + ev.venue + "。打印时每项成果占一页 A4。");
    preview.replaceChildren.apply(preview, [intro].concat(chosen.map(function (r, i) { return sheetNode(ev, r, i, chosen.length); })));
    preview.setAttribute("data-ready", String(chosen.length));
    return true;
  }
  function show() {
    if (!validate(true)) return false;
    shown = refresh();
    return shown;
  }
  function download() {
    var ev = validate(true);
    if (!ev) return;
    var titles = {};
    chosen.forEach(function (r) { titles[r.code] = r.title; });
    var blob = new Blob([core.draft(ev, titles)], { type: "text/yaml;charset=utf-8" });
    var a = el("a", { href: URL.createObjectURL(blob), download: core.fileName(ev) });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    say("已下载草稿 " + core.fileName(ev) + "，请交给成果库办公室或工作站。");
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (show()) { say("已生成 " + chosen.length + " 页宣传册，见下方预览。"); preview.scrollIntoView({ block: "start" }); }
  });
  $("[data-xyhf-event-print]").addEventListener("click", function () { if (show()) window.print(); });
  $("[data-xyhf-event-draft]").addEventListener("click", download);
  $("[data-xyhf-event-reset]").addEventListener("click", reset);
  $("[data-xyhf-from-shortlist]").addEventListener("click", function () { fromShortlist(false); });
  $("[data-xyhf-add-code]").addEventListener("click", addTyped);
  field("code").addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); addTyped(); } });
  field("q").addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  field("q").addEventListener("input", function () {
    clearTimeout(timer);
    var text = field("q").value;
    timer = setTimeout(function () { search(text); }, 200);
  });
  form.addEventListener("input", function (e) {
    if (e.target.name === "q" || e.target.name === "code") return;
    keep();
    if (shown) { validate(); refresh(); } else if (e.target.getAttribute("aria-invalid") === "true") validate();
  });

  /* Opened with ?codes=… (a shared list), else the work kept from before, else the shortlist;
   * ?city=… (from a station's page) chooses the city. */
  var params = new URLSearchParams(location.search), saved = kept();
  var wanted = (params.get("codes") || "").split(",").map(core.normalCode).filter(function (c) { return c && !core.codeProblem(c); });
  var start;
  if (wanted.length) start = addCodes(wanted).then(function (problems) { if (problems.length) pickSay(problems.join(" ")); });
  else if (saved) start = restore(saved);
  else start = fromShortlist(true);
  if (cities[params.get("city")]) field("city").value = params.get("city");
  start.then(function () { form.setAttribute("data-ready", "1"); });
})();
