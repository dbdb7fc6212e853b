/* The submission pages (submit/, submit/need/): the form's inputs, named by key path, become the
   YAML file (#yaml-output) as the clerk types; the same JSON Schema the checker uses (shipped in
   schemas/) is applied by a vendored validator, with Chinese messages next to each field. */
(function () {
  "use strict";
  var form = document.getElementById("xyhf-submit");
  if (!form || !window.xyhfJsonSchema) return;
  var config = JSON.parse(form.getAttribute("data-config"));
  var base = form.getAttribute("data-base") || "../";
  var output = document.getElementById("yaml-output");
  var validator = null, touched = {}, latest = { yaml: "", problems: [] }, editing = "";
  // Not in the open data (or derived there): an edit loaded from it must not invent them.
  var NOT_LOADED = /^(contact\.|publish_contact$|ip\.expires_on$)/;
  var SKIP = ["properties", "allOf", "anyOf", "oneOf", "if", "then", "else", "$ref", "items", "prefixItems", "contains"];

  function keysOf(name) {
    return name.split(".").reduce(function (out, part) {
      var m = part.match(/^([^\[]+)((?:\[\d+\])*)$/);
      out.push(m ? m[1] : part);
      if (m && m[2]) m[2].replace(/\[(\d+)\]/g, function (_, i) { out.push(Number(i)); });
      return out;
    }, []);
  }

  function put(obj, keys, value, append) {
    var node = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      if (node[keys[i]] == null) node[keys[i]] = typeof keys[i + 1] === "number" ? [] : {};
      node = node[keys[i]];
    }
    var last = keys[keys.length - 1];
    if (append) (node[last] = node[last] || []).push(value);
    else node[last] = value;
  }

  function typed(el) {
    var raw = el.value.replace(/\r\n?/g, "\n").trim(), type = el.getAttribute("data-type");
    if (raw === "") return undefined;
    if (type === "integer") return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (type === "number") return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (type === "boolean") return raw === "true";
    if (type === "list") return raw.split(/[\n、，,；;]+/).map(function (s) { return s.trim(); }).filter(Boolean);
    return raw;
  }

  function compact(value) {  // rows left empty disappear; arrays close their gaps
    if (Array.isArray(value)) return value.filter(function (v) { return v != null; }).map(compact);
    if (value && typeof value === "object") {
      Object.keys(value).forEach(function (k) { value[k] = compact(value[k]); });
    }
    return value;
  }

  function collect() {
    var data = editing ? { code: editing } : {};  // the code travels with the file, never as an input
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.charAt(0) === "_") return;
      if (el.type === "checkbox") { if (el.checked) put(data, keysOf(el.name), el.value, true); return; }
      var value = typed(el);
      if (value !== undefined) put(data, keysOf(el.name), value, false);
    });
    return compact(data);
  }

  function scalar(v) { return typeof v === "string" ? JSON.stringify(v) : String(v); }

  function yaml(value, indent) {
    var pad = new Array(indent + 1).join("  "), out = [];
    Object.keys(value).forEach(function (key) {
      var v = value[key];
      if (Array.isArray(v)) {
        out.push(pad + key + ":");
        v.forEach(function (item) {
          if (item && typeof item === "object") {
            var inner = yaml(item, indent + 2).split("\n");
            out.push(pad + "  - " + inner[0].trim());
            inner.slice(1).forEach(function (line) { out.push(line); });
          } else out.push(pad + "  - " + scalar(item));
        });
      } else if (v && typeof v === "object") {
        out.push(pad + key + ":");
        out.push(yaml(v, indent + 1));
      } else out.push(pad + key + ": " + scalar(v));
    });
    return out.join("\n");
  }

  function nameOf(location, missing) {
    var parts = location.replace(/^#\/?/, "").split("/").filter(Boolean);
    if (missing) parts.push(missing);
    return parts.reduce(function (name, part) {
      return /^\d+$/.test(part) ? name + "[" + part + "]" : (name ? name + "." : "") + part;
    }, "");
  }

  function labelOf(name) {
    var box = form.querySelector('[data-field="' + name + '"]');
    var label = box && (box.querySelector("label, legend"));
    if (label) return label.firstChild.textContent.trim();
    var group = form.querySelector('[data-group="' + name + '"] > legend');
    return group ? group.firstChild.textContent.trim() : name;
  }

  function message(error) {
    var missing = error.keyword === "required" && (error.error.match(/property "([^"]+)"/) || [])[1];
    var name = nameOf(error.instanceLocation, missing), what = "“" + labelOf(name) + "”";
    var n = (error.error.match(/\((\d+(?:\.\d+)?) [<>]=? (\d+(?:\.\d+)?)\)/) || [])[2];
    var text = {
      required: "请填写" + what + "。",
      type: what + "的类型不对：" + (/integer|number/.test(error.error) ? "请填写数字（不带单位和逗号）。" : "请检查填写的内容。"),
      enum: what + "请从选项中选择。",
      const: what + "与所选的其他项矛盾，请检查。",
      minLength: what + "太短" + (n ? "：至少 " + n + " 个字" : "") + "。",
      maxLength: what + "太长" + (n ? "：最多 " + n + " 个字" : "") + "。",
      pattern: what + "的格式不对，请参照说明填写。",
      format: what + "应为日期（年-月-日）或正确的格式。",
      minimum: what + "太小" + (n ? "：不能小于 " + n : "") + "。",
      maximum: what + "太大" + (n ? "：不能大于 " + n : "") + "。",
      exclusiveMinimum: what + "应大于 " + (n || "0") + "。",
      minItems: what + "至少要填 " + (n || "1") + " 项。",
      uniqueItems: what + "有重复的项。",
      "false": what + "不适用于所选的类型或付款方式，请清空。",
      additionalProperties: what + "不是本表的字段。",
      minProperties: what + "至少填写一项。"
    }[error.keyword] || what + "填写有误（" + error.keyword + "）。";
    return { name: name, text: text };
  }

  function problems(data) {
    var out = [], seen = {};
    var place = form.elements.namedItem("_place").value, slug = form.elements.namedItem("_slug").value.trim();
    if (!place) out.push({ name: "_place", text: "请选择" + labelOf("_place") + "。" });
    if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) out.push({ name: "_slug", text: "文件名只能用小写英文字母、数字和连字符，且不能以连字符开头。" });
    if (!validator) return out;
    validator.validate(data).errors.forEach(function (error) {
      if (SKIP.indexOf(error.keyword) >= 0) return;
      var m = message(error);
      if (!seen[m.name + m.text]) { seen[m.name + m.text] = 1; out.push(m); }
    });
    return out.concat(checkCharacters(data));
  }

  /* The check characters xyhf check applies (checks.js, tested equal to the Python rules). */
  function checkCharacters(data) {
    var out = [], checks = window.xyhfChecks;
    if (!checks) return out;
    var ip = data.ip || {};
    if (data.type === "patent" && typeof ip.number === "string") {
      var filed = /^\d{4}-/.test(ip.filed_on || "") ? Number(ip.filed_on.slice(0, 4)) : null;
      var problem = checks.patentProblem(ip.number, ip.patent_kind || null, filed);
      if (problem) out.push({ name: "ip.number", text: problem });
    }
    var firm = data.enterprise || {};
    if (typeof firm.uscc === "string" && firm.uscc) {
      var wrong = checks.usccProblem(firm.uscc);
      if (wrong) out.push({ name: "enterprise.uscc", text: wrong });
    }
    return out;
  }

  function path() {
    return "catalog/" + config.path.replace("{holder}", form.elements.namedItem("_place").value || "…")
      .replace("{slug}", form.elements.namedItem("_slug").value.trim() || "…");
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
      ? "还有 " + found.length + " 个问题（见下方列表），改正后文件才能通过审核。"
      : "检查通过：可以复制、下载或在 GitHub 上提交。";
    form.querySelectorAll("[data-xyhf-path]").forEach(function (el) { el.textContent = path(); });
  }

  function update() {
    var data = collect();
    latest.yaml = "# " + path() + "\n" + yaml(data, 0) + "\n";
    latest.problems = problems(data);
    output.textContent = latest.yaml;
    show(latest.problems);
  }

  function touchAll() { Array.prototype.forEach.call(form.elements, function (el) { if (el.name) touched[el.name] = true; }); }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, function () { window.prompt("请复制：", text); });
    else window.prompt("请复制：", text);
  }

  function fileName() { return (form.elements.namedItem("_slug").value.trim() || "new") + ".yaml"; }

  form.addEventListener("input", function (e) { if (e.target.name) touched[e.target.name] = true; update(); });
  form.addEventListener("change", function (e) { if (e.target.name) touched[e.target.name] = true; update(); });
  form.querySelector("[data-xyhf-copy-yaml]").addEventListener("click", function () {
    touchAll(); update();
    copy(latest.yaml, function () { form.querySelector("[data-xyhf-status]").textContent = "已复制到剪贴板。"; });
  });
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
    var note = document.createElement("p");
    note.className = "xyhf-edit-note";
    note.textContent = "正在修改成果 " + record.code + "（统一编码不可修改）。公开数据不含联系人个人信息：生成的文件不会带上原有的联系人，" +
      "如需保留请在下面重新填写，或直接在 GitHub 上编辑原文件。";
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
