/* 制作对接会宣传册 (events/new/): the pure part of the event builder — the form's checks (the same
 * limits as schemas/event.schema.json and validate/events.py), a brochure sheet's texts (as
 * render/events.py's sheet()), the QR code of a record's address and the YAML draft for the office.
 * No DOM here: event-builder.js draws the page; tests run this file in node as well. */
(function (root) {
  "use strict";
  var CODE = /^HNXY-(\d{4})-(ZL|RZ|BT|ZW|SY|JM)-(\d{5})-([0-9X])$/;
  var TYPE_ORDINAL = { ZL: "01", RZ: "02", BT: "03", ZW: "04", SY: "05", JM: "06" };
  var TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
  var SUMMARY_CHARS = 160; // what fits on the sheet beside the title, terms and contact (events.py)
  var MAX_RECORDS = 60; // schema: records.maxItems
  var KINDS = ["matchmaking", "roadshow"];

  function mod112(digits) {
    var p = 0;
    for (var i = 0; i < digits.length; i++) p = ((p + Number(digits[i])) * 2) % 11;
    var v = (12 - p) % 11;
    return v === 10 ? "X" : String(v);
  }
  /* One line of text as typed: control characters and line breaks become spaces, runs of space one. */
  function clean(text) {
    return String(text == null ? "" : text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").replace(/\s+/g, " ").trim();
  }
  function length(text) { return Array.from(text).length; } // characters, as Python counts them
  function normalCode(text) { return clean(text).toUpperCase().replace(/\s/g, ""); }
  /* "" when `text` is a well-formed unified code with a right check digit, else why not. */
  function codeProblem(text) {
    var m = CODE.exec(normalCode(text));
    if (!m) return "统一编码的格式应为 HNXY-年份-类型-五位序号-校验位，如 HNXY-2026-ZL-00023-X。";
    if (mod112(m[1] + TYPE_ORDINAL[m[2]] + m[3]) !== m[4]) return "统一编码的校验位不对：请从成果页面复制统一编码。";
    return "";
  }
  function validDay(text) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    var d = new Date(text + "T00:00:00Z");
    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  }
  function sized(value, min, max, what, required) {
    var n = length(value);
    if (!n) return required ? "请填写" + what + "。" : "";
    if (n < min || n > max) return what + "应为 " + min + "–" + max + " 个字（现在 " + n + " 个字）。";
    return "";
  }
  /* The event as typed → {field: message}; empty when it can be printed and committed. */
  function check(ev, cities) {
    var out = {};
    function put(field, message) { if (message) out[field] = message; }
    put("title", sized(ev.title, 6, 80, "活动名称", true));
    if (!ev.date) put("date", "请选择活动日期。");
    else if (!validDay(ev.date)) put("date", "日期应为 年-月-日，如 2026-12-18。");
    if (ev.start && !TIME.test(ev.start)) put("start", "开始时间应为 24 小时制，如 09:30。");
    if (ev.end && !TIME.test(ev.end)) put("end", "结束时间应为 24 小时制，如 12:00。");
    if (!out.start && !out.end && ev.start && ev.end && ev.end <= ev.start) put("end", "结束时间应晚于开始时间 " + ev.start + "。");
    if (ev.end && !ev.start && !out.end) put("start", "填了结束时间，也请填写开始时间。");
    if (KINDS.indexOf(ev.kind) < 0) put("kind", "请选择活动类型。");
    if (!ev.city || !(cities || {})[ev.city]) put("city", "请选择举办活动的市州。");
    put("venue", sized(ev.venue, 4, 100, "活动地点", true));
    put("host", sized(ev.host, 4, 100, "主办单位", true));
    put("signup", sized(ev.signup, 4, 200, "报名方式", false));
    if (!ev.records.length) put("records", "请至少选一项成果：从收藏、检索或统一编码加入。");
    else if (ev.records.length > MAX_RECORDS) put("records", "一场活动最多展示 " + MAX_RECORDS + " 项成果（现在 " + ev.records.length + " 项）。");
    return out;
  }
  /* Why a published record cannot be added, or "". Withdrawn records cannot be shown (validate/events.py). */
  function recordProblem(record, chosen) {
    if (chosen.indexOf(record.code) >= 0) return "成果 " + record.code + " 已在名单中。";
    if (record.status === "withdrawn") return "成果 " + record.code + " 已撤回，不能在对接会上展示。";
    if (chosen.length >= MAX_RECORDS) return "一场活动最多展示 " + MAX_RECORDS + " 项成果。";
    return "";
  }

  /* A sheet's texts from data/records/<code>.json, as events.py's sheet() from the catalog. */
  function sheet(record) {
    var chars = Array.from(record.summary || "");
    var summary = chars.length <= SUMMARY_CHARS ? chars.join("") : chars.slice(0, SUMMARY_CHARS - 1).join("") + "…";
    var c = record.status !== "withdrawn" ? record.contact || {} : {};
    var contact = "";
    if (Object.keys(c).length) {
      contact = (c.name || "") + " " + (c.organization || "");
      if (c.phone) contact += " · 电话 " + c.phone;
      if (c.email) contact += " · " + c.email;
    }
    return {
      title: record.title, holder: record.holder_name, type: record.type_label, code: record.code,
      summary: summary, trl: "TRL " + record.trl + " · " + record.trl_label, terms: record.terms || "",
      status: record.status_label, contact: contact,
    };
  }
  function recordUrl(siteUrl, code) { return siteUrl + "records/" + code + "/"; } // events.py: f"{site_url}records/{code}/"

  /* The QR code of `text` as rows of booleans. Like segno.make(text, error="m") in events.py: the
   * smallest version at level M, then the highest level (H, Q) that fits the same version. */
  function qrMatrix(qrcode, text) {
    qrcode.stringToBytes = qrcode.stringToBytesFuncs["UTF-8"];
    function build(type, level) { var q = qrcode(type, level); q.addData(text, "Byte"); q.make(); return q; }
    var q = build(0, "M"), version = (q.getModuleCount() - 17) / 4, level = "M";
    ["H", "Q"].some(function (l) {
      try { q = build(version, l); level = l; return true; } catch (e) { return false; }
    });
    var n = q.getModuleCount(), rows = [];
    for (var r = 0; r < n; r++) {
      var row = [];
      for (var col = 0; col < n; col++) row.push(q.isDark(r, col));
      rows.push(row);
    }
    return { version: version, level: level, rows: rows };
  }
  /* An SVG path of the dark modules, one horizontal run a segment (segno's own form): the page
   * draws it with stroke-width 1 at scale 1, with `border` light modules around. */
  function qrPath(rows, border) {
    var d = [];
    rows.forEach(function (row, y) {
      var x = 0;
      while (x < row.length) {
        if (!row[x]) { x++; continue; }
        var start = x;
        while (x < row.length && row[x]) x++;
        d.push("M" + (start + border) + " " + (y + border + 0.5) + "h" + (x - start));
      }
    });
    return d.join("");
  }

  /* The YAML draft: every text as a JSON string (a valid YAML double-quoted scalar), the records
   * with their titles as comments, as `xyhf event-draft` writes them. */
  function q(text) { return JSON.stringify(text).replace(/[\u2028\u2029\u0085]/g, function (ch) { return "\\u" + ch.charCodeAt(0).toString(16); }); }
  function comment(text) { return Array.from(clean(text).replace(/#/g, "＃")).slice(0, 40).join(""); }
  function fileName(ev) { return ev.date + "-" + (ev.kind === "roadshow" ? "roadshow" : "matchmaking") + ".yaml"; }
  function draft(ev, titles) {
    var lines = [
      "# 对接会草稿（网站“制作对接会宣传册”生成）：请交给成果库办公室或本市州工作站。",
      "# 办公室核对后保存为 catalog/events/" + ev.date + "-<英文短名>.yaml 提交；文件名中的日期须与 date 相同。",
      "title: " + q(ev.title),
      "date: " + ev.date,
    ];
    if (ev.start) lines.push("start: " + q(ev.start));
    if (ev.end) lines.push("end: " + q(ev.end));
    lines.push("kind: " + ev.kind, "city: " + q(ev.city), "venue: " + q(ev.venue), "host: " + q(ev.host), "records:");
    ev.records.forEach(function (code) { lines.push("  - " + code + "  # " + comment(titles[code] || "")); });
    if (ev.signup) lines.push("signup: " + q(ev.signup));
    return lines.join("\n") + "\n";
  }

  var api = {
    clean: clean, codeProblem: codeProblem, normalCode: normalCode, check: check, recordProblem: recordProblem,
    sheet: sheet, recordUrl: recordUrl, qrMatrix: qrMatrix, qrPath: qrPath, draft: draft, fileName: fileName,
    MAX_RECORDS: MAX_RECORDS,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.xyhfEvent = api;
})(this);
