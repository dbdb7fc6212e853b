/* The Excel upload on the 提交指南: reads the filled template in the browser (read-excel-file),
   converts each row as `xyhf import-xlsx` does (the column list comes from the same Python
   definition), checks every record with the schema and the check characters, reports problems
   by sheet, row and column, and gives all the YAML files in one zip (fflate) only when every row
   is good. Nothing leaves the browser. */
(function () {
  "use strict";
  var box = document.getElementById("xyhf-excel");
  if (!box || !window.readXlsxFile || !window.fflate || !window.xyhfForm || !window.xyhfJsonSchema) return;
  var core = window.xyhfForm, cfg = JSON.parse(box.getAttribute("data-columns"));
  var base = box.getAttribute("data-base") || "../";
  var SEPARATORS = new RegExp(cfg.separators);
  var validator = null, files = null, schemaLoaded = null;
  var status = box.querySelector("[data-xyhf-excel-status]"), list = box.querySelector("[data-xyhf-excel-problems]");
  var ready = box.querySelector("[data-xyhf-excel-ready]");

  function iso(date) {
    return date.getUTCFullYear() + "-" + String(date.getUTCMonth() + 1).padStart(2, "0") + "-" + String(date.getUTCDate()).padStart(2, "0");
  }

  function listKey(col) { return /\[\]$/.test(col.key); }

  function choice(col, text) {
    if (Object.prototype.hasOwnProperty.call(col.choices, text)) return { ok: true, value: col.choices[text] };
    var values = Object.keys(col.choices).map(function (k) { return col.choices[k]; });
    for (var i = 0; i < values.length; i++) if (String(values[i]) === text) return { ok: true, value: values[i] };
    return { ok: false };
  }

  /* importers/xlsx._convert, cell by cell. */
  function convert(col, value, problem) {
    if (value == null || (typeof value === "string" && !value.trim())) return undefined;
    if (typeof value === "string") value = value.trim();
    if (col.kind === "date") return value instanceof Date ? iso(value) : String(value).replace(/\//g, "-");
    if (col.choices && !listKey(col)) {
      var found = choice(col, typeof value === "number" ? String(Math.trunc(value)) : String(value));
      if (found.ok) return found.value;
      var why = col.key === "trl" ? "：入库要求 TRL 4 及以上（4 级即关键技术已在实验室环境中验证，GB/T 22900-2022）" : "";
      problem("“" + value + "”不是可选值" + why + "，请从下拉列表中选择：" + Object.keys(col.choices).join("、") + "。");
      return undefined;
    }
    if (col.kind === "int" || col.kind === "number") {
      var n = typeof value === "number" ? value : Number(String(value).replace(/,/g, ""));
      if (isNaN(n)) { problem("应填数字，现在是“" + value + "”。"); return undefined; }
      return n;
    }
    if (typeof value === "number" && !Number.isInteger(value)) {
      problem("单元格被 Excel 存成了数字 " + value + "，号码可能已经失真：请把单元格格式设为“文本”后重新输入。");
      return undefined;
    }
    if (value instanceof Date) return iso(value);
    var text = String(value);
    if (!listKey(col)) return text;
    var items = text.split(SEPARATORS).map(function (s) { return s.trim(); }).filter(Boolean);
    if (!col.choices) return items;
    return items.map(function (item) {
      var found = choice(col, item);
      if (!found.ok) problem("“" + item + "”不是可选值，可选：" + Object.keys(col.choices).join("、") + "。");
      return found.value;
    }).filter(function (v) { return v !== undefined; });
  }

  function sheetOf(sheets, name, problems) {
    var sheet = sheets.filter(function (s) { return s.sheet === name; })[0];
    if (!sheet) problems.push("缺少工作表“" + name + "”。请使用成果库的 Excel 模板。");
    return sheet;
  }

  function readRows(sheet, spec, problems) {
    var header = sheet.data[0] || [], index = {}, rows = [];
    spec.columns.forEach(function (col) {
      var at = header.indexOf(col.header);
      if (at < 0) problems.push("工作表“" + spec.sheet + "”缺少列“" + col.header + "”。请使用成果库的 Excel 模板。");
      else index[col.key] = at;
    });
    sheet.data.slice(1).forEach(function (cells, i) {
      if (cells.every(function (c) { return c == null || c === ""; })) return;
      var row = { number: i + 2, values: {}, cells: {} };
      spec.columns.forEach(function (col) {
        if (!(col.key in index)) return;
        var where = "工作表“" + spec.sheet + "”第 " + row.number + " 行“" + col.header + "”列：";
        var path = col.key.replace(/\[\]$/, "");
        row.cells[path] = { where: where, header: col.header };
        var value = convert(col, cells[index[col.key]], function (text) { problems.push(where + text); });
        if (value !== undefined && !(Array.isArray(value) && !value.length)) row.values[path] = value;
      });
      rows.push(row);
    });
    return rows;
  }

  /* The column a problem belongs to: the field's own, else (a whole group, such as 转化方式与范围) its
     first column, else none — never the file-name column by default. */
  function cellFor(row, name) {
    var bare = name.replace(/\[\d+\]$/, "");
    if (row.cells[name]) return row.cells[name];
    if (row.cells[bare]) return row.cells[bare];
    var inside = Object.keys(row.cells).filter(function (k) { return k.indexOf(bare + ".") === 0 || k.indexOf(bare + "[") === 0; });
    return inside.length ? row.cells[inside[0]] : null;
  }

  function build(sheets, holder) {
    var problems = [], out = [];
    var recordSheet = sheetOf(sheets, cfg.records.sheet, problems), msSheet = sheetOf(sheets, cfg.milestones.sheet, problems);
    if (!recordSheet || !msSheet) return { problems: problems, files: [] };
    var rows = readRows(recordSheet, cfg.records, problems), bySlug = {};
    rows.forEach(function (row) {
      var record = {};
      Object.keys(row.values).forEach(function (path) { if (path !== "slug") core.put(record, path.split("."), row.values[path]); });
      if (!record.ip || !record.ip.owners) core.put(record, ["ip", "owners"], [holder.name]);
      row.record = record;
      var slug = row.values.slug || "";
      if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) problems.push(row.cells.slug.where + "文件名只能用小写英文字母、数字和连字符，如 high-entropy-coating。");
      else if (bySlug[slug]) problems.push(row.cells.slug.where + "文件名“" + slug + "”与第 " + bySlug[slug].number + " 行重复。");
      else bySlug[slug] = row;
    });
    readRows(msSheet, cfg.milestones, problems).forEach(function (ms) {
      var owner = bySlug[ms.values.slug];
      if (!owner) { problems.push(ms.cells.slug.where + "文件名“" + (ms.values.slug || "") + "”在“成果”表中没有对应的行。"); return; }
      var payment = owner.record.payment = owner.record.payment || {};
      var milestones = payment.milestones = payment.milestones || [], at = milestones.length, m = {};
      ["node", "condition", "amount_cny", "due"].forEach(function (k) { if (k in ms.values) m[k] = ms.values[k]; });
      milestones.push(m);
      Object.keys(ms.cells).forEach(function (k) { owner.cells["payment.milestones[" + at + "]." + k] = ms.cells[k]; });
    });
    var seen = {};
    rows.forEach(function (row) {
      var labelOf = function (name) { return (cellFor(row, name) || {}).header || name; };
      core.problemsOf(validator, row.record, labelOf).forEach(function (p) {
        var cell = cellFor(row, p.name);
        var text = (cell ? cell.where : "工作表“" + cfg.records.sheet + "”第 " + row.number + " 行：") + p.text;
        if (!seen[text]) { seen[text] = 1; problems.push(text); }
      });
      if (row.values.slug) out.push(["records/" + holder.id + "/" + row.values.slug + ".yaml", core.toYaml(row.record)]);
    });
    return { problems: problems, files: out, empty: !rows.length };
  }

  function report(result) {
    list.textContent = "";
    result.problems.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
    list.hidden = !result.problems.length;
    files = result.problems.length || result.empty ? null : result.files;
    ready.hidden = !files;
    status.textContent = result.empty ? "“成果”表中没有填写任何一行。"
      : result.problems.length ? "发现 " + result.problems.length + " 个问题，改正后重新选择文件；有问题时不生成任何文件。"
      : "全部 " + result.files.length + " 项成果检查通过。";
  }

  function run() {
    var holderSelect = box.querySelector("#xyhf-excel-holder"), input = box.querySelector("#xyhf-excel-file");
    if (!input.files.length) return;
    box.querySelector("[data-xyhf-excel-name]").textContent = input.files[0].name;
    var option = holderSelect.selectedOptions[0];
    if (!holderSelect.value) { report({ problems: ["请先选择持有方。"], files: [] }); return; }
    status.textContent = "正在读取……";
    Promise.all([window.readXlsxFile(input.files[0]), schemaLoaded]).then(function (got) {
      var sheets = got[0];
      report(build(sheets, { id: holderSelect.value, name: option.getAttribute("data-name") }));
    }).catch(function () {
      report({ problems: ["无法读取这个文件：请确认是 .xlsx 格式（用成果库模板填写后另存为 .xlsx）。"], files: [] });
    });
  }

  box.querySelector("#xyhf-excel-file").addEventListener("change", run);
  box.querySelector("#xyhf-excel-holder").addEventListener("change", run);
  box.querySelector("[data-xyhf-excel-zip]").addEventListener("click", function () {
    if (!files) return;
    var entries = {};
    files.forEach(function (f) { entries[f[0]] = window.fflate.strToU8(f[1]); });
    var zip = window.fflate.zipSync(entries, { level: 6, mtime: new Date(1980, 0, 1) });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([zip], { type: "application/zip" }));
    a.download = "成果文件-" + box.querySelector("#xyhf-excel-holder").value + ".zip";
    document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  });
  schemaLoaded = fetch(base + "schemas/record.schema.json").then(function (r) { return r.json(); }).then(function (schema) {
    validator = new window.xyhfJsonSchema.Validator(schema, "2020-12", false);
  });
})();
