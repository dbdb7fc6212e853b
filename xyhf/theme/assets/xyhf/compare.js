/* 成果对比: up to four records side by side, from ?codes=… (shareable) or the shortlist. */
(function () {
  "use strict";
  var root = document.getElementById("xyhf-compare");
  if (!root) return;
  var base = root.getAttribute("data-base") || "../";
  var CODE = /^HNXY-\d{4}-[A-Z]{2}-\d{5}-[0-9X]$/;
  var MAX = 4;
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function wanted() {
    var fromUrl = (new URLSearchParams(location.search).get("codes") || "").split(",").map(function (c) { return c.trim().toUpperCase(); });
    var list = fromUrl.filter(function (c) { return CODE.test(c); });
    if (!list.length && window.xyhfShortlist) list = window.xyhfShortlist.read();
    return list.filter(function (c, i, a) { return a.indexOf(c) === i; }).slice(0, MAX);
  }
  var ROWS = [
    ["持有方", function (r) { return r.holder_name + "（" + (r.holder_kind_label || "") + "）"; }],
    ["所在市州", function (r) { return r.city_name; }],
    ["类型", function (r) { return r.type_label; }],
    ["状态", function (r) { return r.status_label; }],
    ["技术成熟度", function (r) { return "TRL " + r.trl + "（" + r.trl_label + "）"; }],
    ["转化条件", function (r) { return r.terms || ""; }],
    ["基础转化费用", function (r) { return r.base_fee_cny ? (r.base_fee_cny / 10000) + " 万元" : "—"; }],
    ["知识产权有效至", function (r) { return (r.ip && r.ip.expires_on) || "—"; }],
    ["技术领域", function (r) { return r.tech_field_name || "未分类"; }],
    ["统一编码", function (r) { return r.code; }],
  ];
  function render(records) {
    if (!records.length) {
      root.replaceChildren(el("p", {}, "还没有收藏的成果。在成果页面或检索结果中点“收藏”，再回到这里并排对比（最多四项）。"),
        Object.assign(el("a", { href: base + "catalog/", class: "md-button" }, "去检索成果")));
      return;
    }
    var share = base + "compare/?codes=" + records.map(function (r) { return r.code; }).join(",");
    history.replaceState(null, "", "?codes=" + records.map(function (r) { return r.code; }).join(","));
    var table = el("table", { class: "xyhf-compare" });
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, "成果"));
    records.forEach(function (r) {
      var th = el("th", { scope: "col" });
      th.appendChild(el("a", { href: base + "records/" + r.code + "/" }, r.title));
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    ROWS.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", { scope: "row" }, row[0]));
      records.forEach(function (r) { tr.appendChild(el("td", {}, String(row[1](r)))); });
      body.appendChild(tr);
    });
    table.appendChild(body);
    var wrap = el("div", { class: "xyhf-table-wrap" }); wrap.appendChild(table);
    var actions = el("p", { class: "xyhf-screen-only" });
    var print = el("button", { type: "button", class: "md-button md-button--primary" }, "打印对比表");
    print.addEventListener("click", function () { window.print(); });
    actions.appendChild(print);
    actions.appendChild(document.createTextNode(" 分享链接："));
    actions.appendChild(el("a", { href: share, "data-share": "" }, "本对比表的网址"));
    root.replaceChildren(el("p", { class: "xyhf-count", role: "status" }, "并排对比 " + records.length + " 项成果"), wrap, actions);
    root.setAttribute("data-ready", "1");
  }
  var codes = wanted();
  Promise.all(codes.map(function (c) {
    return fetch(base + "data/records/" + c + ".json").then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; });
  })).then(function (records) { render(records.filter(Boolean)); root.setAttribute("data-ready", "1"); });
})();
