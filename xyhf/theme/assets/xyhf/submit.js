/* The submission pages (submit/, submit/need/): the form's inputs, named by key path, become the
   YAML file (#yaml-output, in the collapsed 高级 block) as the clerk types; the same JSON Schema the
   checker uses (shipped in schemas/) is applied by a vendored validator, with Chinese messages next
   to each field. The task ends in two plain steps: download the file (named after the title), then
   "发邮件提交" — a mailto: to the station of the holder's or firm's city (config.desks), or the office,
   with a subject and a body (encodeURIComponent) that say what is attached and what happens next. */
(function () {
  "use strict";
  var form = document.getElementById("xyhf-submit");
  if (!form || !window.xyhfJsonSchema || !window.xyhfForm) return;
  var config = JSON.parse(form.getAttribute("data-config"));
  var base = form.getAttribute("data-base") || "../";
  var output = document.getElementById("yaml-output");
  var validator = null, touched = {}, latest = { yaml: "", problems: [], data: {} }, editing = "", slugTyped = false;
  var NOUN = config.kind === "need" ? "需求" : "成果";
  // Not in the open data (or derived there): an edit loaded from it must not invent them.
  var NOT_LOADED = /^(contact\.|publish_contact$|ip\.expires_on$)/;
  var core = window.xyhfForm, keysOf = core.keysOf, put = core.put, compact = core.compact;
  var separators = new RegExp(config.separators);

  function typed(el) {
    var raw = el.value.replace(/\r\n?/g, "\n").trim(), type = el.getAttribute("data-type");
    if (raw === "") return undefined;
    if (type === "integer") return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (type === "number") return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (type === "boolean") return raw === "true";
    if (type === "list") return raw.split(separators).map(function (s) { return s.trim(); }).filter(Boolean);
    return raw;
  }

  /* The schema's own if/then/else (config.rules): parts a choice rules out are hidden, and a hidden
     part's entries stay out of the file. */
  function applyRules() {
    var hidden = {};
    (config.rules || []).forEach(function (rule) {
      var el = form.elements.namedItem(rule.field), current = el ? el.value : "";
      if (rule.negate ? current !== rule.value : current === rule.value) rule.hide.forEach(function (p) { hidden[p] = true; });
    });
    (config.rules || []).forEach(function (rule) {
      rule.hide.forEach(function (p) {
        form.querySelectorAll('[data-field="' + p + '"], [data-group="' + p + '"], [data-group^="' + p + '["]').forEach(function (el) {
          el.hidden = !!hidden[p];
        });
      });
    });
  }

  function collect() {
    var data = editing ? { code: editing } : {};  // the code travels with the file, never as an input
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.charAt(0) === "_" || el.closest("[hidden]")) return;
      if (el.type === "checkbox") { if (el.checked) put(data, keysOf(el.name), el.value, true); return; }
      var value = typed(el);
      if (value !== undefined) put(data, keysOf(el.name), value, false);
    });
    return compact(data);
  }

  function labelOf(name) {
    var box = form.querySelector('[data-field="' + name + '"]');
    var label = box && (box.querySelector("label, legend"));
    if (label) return label.firstChild.textContent.trim();
    var group = form.querySelector('[data-group="' + name + '"] > legend');
    return group ? group.firstChild.textContent.trim() : name;
  }

  function field(name) { var el = form.elements.namedItem(name); return el ? String(el.value || "").trim() : ""; }

  /* The folder: the holder (records) or the firm's city (needs, which must agree with it). */
  function place() { return config.kind === "need" ? field("enterprise.city") : field("_place"); }

  /* The file's name in the repository, never asked of the clerk: a short hash of the title. */
  function autoSlug() {
    var title = field("title"), h = 2166136261;
    if (!title) return "new-" + config.kind;
    for (var i = 0; i < title.length; i++) { h ^= title.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return (config.kind === "need" ? "xuqiu-" : "chengguo-") + h.toString(36);
  }

  function problems(data) {
    var out = [];
    if (config.kind === "record" && !place()) out.push({ name: "_place", text: "请选择" + labelOf("_place") + "。" });
    if (!/^[a-z0-9][a-z0-9-]*$/.test(field("_slug"))) out.push({ name: "_slug", text: "仓库中的文件名只能用小写英文字母、数字和连字符，且不能以连字符开头。" });
    return validator ? out.concat(core.problemsOf(validator, data, labelOf)) : out;
  }

  function path() {
    return "catalog/" + config.path.replace("{holder}", place() || "…").replace("{slug}", field("_slug") || "…");
  }

  /* The download is named after the title: no file name to invent. */
  function fileName() {
    var title = field("title").replace(/[\\/:*?"<>|\u0000-\u001f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 60);
    return (title || NOUN) + ".yaml";
  }

  function deskFor() {
    var city = config.kind === "need" ? place() : ((config.holders || {})[place()] || {}).city;
    return (config.desks || {})[city] || config.office || null;
  }

  function mailHref(desk) {
    var data = latest.data, cityName = (config.cities || {})[place()] || "";
    var who = config.kind === "need" ? ((data.enterprise || {}).name || "") : (((config.holders || {})[place()] || {}).name || "");
    var title = field("title") || "（未填写名称）", file = fileName(), contact = data.contact || {};
    var subject = (config.kind === "need" ? "发布企业技术需求：" : "提交科技成果：") + title + (who ? "（" + who + "）" : "");
    var lines = [
      "【发送前请把下载的文件“" + file + "”添加为附件】",
      "",
      desk.name + "：",
      "",
      "您好！" + (who || "我单位") + "通过成果库网站提交一项" + (config.kind === "need" ? "企业技术需求" : "科技成果") + "，文件见附件，请审核。",
      "",
      NOUN + "名称：" + title,
      config.kind === "need" ? "需求企业：" + (who || "（未填写）") + (cityName ? "（" + cityName + "）" : "") : "持有方：" + (who || "（未选择）"),
      "附件：" + file + "（成果库网页表单生成）",
    ];
    if (contact.name || contact.phone || contact.email) {
      lines.push("联系人：" + [contact.name, contact.phone, contact.email].filter(Boolean).join("，"));
    }
    lines.push("", "下一步：" + (config.kind === "need"
      ? "工作站核对后在成果库网站公布这项需求，并把匹配的成果推送给持有方；需要修改时会回复本邮件。"
      : "工作站核对后转交成果库审核，本单位维护人和成果库审核通过后，成果获得统一编码并在成果库网站公布；需要修改时会回复本邮件。"));
    return "mailto:" + desk.email + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(lines.join("\r\n"));
  }

  function showDesk() {
    var desk = deskFor(), link = form.querySelector("[data-xyhf-mail]"), line = form.querySelector("[data-xyhf-desk]");
    if (!desk) { link.removeAttribute("href"); return; }
    link.href = mailHref(desk);
    line.textContent = desk.name + "，" + desk.email + (desk.phone ? "，电话 " + desk.phone : "");
  }

  function show(found) {
    form.querySelectorAll(".xyhf-field-msg").forEach(function (p) { p.hidden = true; p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    found.forEach(function (p) {
      var box = form.querySelector('[data-field="' + p.name + '"]');
      if (!box || !touched[p.name]) return;
      var msg = box.querySelector(".xyhf-field-msg");
      msg.textContent = p.text;
      msg.hidden = false;
      var input = box.querySelector("input, select, textarea");
      if (input) input.setAttribute("aria-invalid", "true");
    });
    var list = form.querySelector("[data-xyhf-problems]");
    list.textContent = "";
    found.forEach(function (p) { var li = document.createElement("li"); li.textContent = p.text; list.appendChild(li); });
    list.hidden = !found.length;
    form.querySelector("[data-xyhf-status]").textContent = found.length
      ? "还有 " + found.length + " 个问题（见下方列表），改正后再下载、发邮件提交。"
      : "检查通过：请下载文件，再点“发邮件提交”。";
    form.querySelectorAll("[data-xyhf-path]").forEach(function (el) { el.textContent = path(); });
    form.querySelectorAll("[data-xyhf-filename]").forEach(function (el) { el.textContent = fileName(); });
  }

  function update() {
    applyRules();
    if (!slugTyped && !editing) form.elements.namedItem("_slug").value = autoSlug();
    if (config.kind === "need") form.elements.namedItem("_place").value = place();
    var data = collect();
    latest.data = data;
    latest.yaml = "# " + path() + "\n" + core.toYaml(data);
    latest.problems = problems(data);
    output.textContent = latest.yaml;
    show(latest.problems);
    showDesk();
  }

  function touchAll() { Array.prototype.forEach.call(form.elements, function (el) { if (el.name) touched[el.name] = true; }); }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, function () { window.prompt("请复制：", text); });
    else window.prompt("请复制：", text);
  }

  form.addEventListener("input", function (e) {
    if (e.target.name) touched[e.target.name] = true;
    if (e.target.name === "_slug") slugTyped = true;
    update();
  });
  form.addEventListener("change", function (e) { if (e.target.name) touched[e.target.name] = true; update(); });
  form.querySelector("[data-xyhf-copy-yaml]").addEventListener("click", function () {
    touchAll(); update();
    copy(latest.yaml, function () { form.querySelector("[data-xyhf-status]").textContent = "已复制到剪贴板。"; });
  });
  form.querySelector("[data-xyhf-mail]").addEventListener("click", function () { touchAll(); update(); });
  form.querySelector("[data-xyhf-download]").addEventListener("click", function () {
    touchAll(); update();
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([latest.yaml], { type: "text/yaml;charset=utf-8" }));
    a.download = fileName();
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });
  var github = form.querySelector("[data-xyhf-github]");
  github.addEventListener("click", function () {
    touchAll(); update();
    var url = "https://github.com/" + config.repository + "/new/main?filename=" + encodeURIComponent(path());
    var full = url + "&value=" + encodeURIComponent(latest.yaml);
    if (full.length <= 8000) { window.open(full, "_blank", "noopener"); return; }
    // Chinese triples in length when URL-encoded: a long record goes by the clipboard instead.
    copy(latest.yaml, function () {
      form.querySelector("[data-xyhf-status]").textContent = "内容较长，已复制到剪贴板：请在打开的 GitHub 页面中粘贴。";
    });
    window.open(url, "_blank", "noopener");
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  function valueAt(obj, keys) {
    return keys.reduce(function (node, key) { return node == null ? undefined : node[key]; }, obj);
  }

  function load(record) {
    editing = record.code;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.charAt(0) === "_" || NOT_LOADED.test(el.name)) return;
      var value = valueAt(record, keysOf(el.name));
      if (value == null) return;
      if (el.type === "checkbox") el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0;
      else if (Array.isArray(value)) el.value = value.join("\n");
      else el.value = String(value);
    });
    var file = (record.source_file || "").split("/");
    form.elements.namedItem("_place").value = record.holder;
    form.elements.namedItem("_slug").value = (file[file.length - 1] || "").replace(/\.yaml$/, "");
    slugTyped = true;
    var note = document.createElement("p");
    note.className = "xyhf-edit-note";
    note.textContent = "正在修改成果 " + record.code + "（统一编码不可修改）。公开数据不含联系人个人信息：生成的文件不会带上原有的联系人，" +
      "如需保留请在下面重新填写。";
    form.insertBefore(note, form.firstChild);
    update();
  }

  var code = (new URLSearchParams(location.search).get("code") || "").toUpperCase();
  if (config.kind === "record" && /^HNXY-\d{4}-[A-Z]{2}-\d{5}-[0-9X]$/.test(code)) {
    fetch(base + "data/records/" + code + ".json").then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(load).catch(function () { form.querySelector("[data-xyhf-status]").textContent = "没有找到成果 " + code + "，下面从空白开始。"; });
  }
  fetch(base + "schemas/" + config.kind + ".schema.json").then(function (r) { return r.json(); }).then(function (schema) {
    validator = new window.xyhfJsonSchema.Validator(schema, "2020-12", false);
    update();
  }).catch(function () { form.querySelector("[data-xyhf-status]").textContent = "无法读取字段规则，请刷新页面。"; });
  update();
})();
