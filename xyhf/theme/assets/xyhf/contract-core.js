/* The contract builder's rules, without the page: what a record fixes, which boxes the firm's
   choices tick (one transfer mode, one licence kind, one payment model, one deferred method — never
   two), and how a fill becomes the Word template's document.xml. fillXml is the twin of
   xyhf/render/contract.py's _fill_xml (tested equal on the same fills). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.xyhfContract = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
  // What XML 1.0 forbids (controls, lone surrogates, U+FFFE, U+FFFF) and the other noncharacters
  // (U+FDD0–U+FDEF, the last two code points of every plane): a pasted U+FFFE made document.xml
  // invalid. Python's render/text.xml_text strips the same set.
  var XML_INVALID = new RegExp("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\\ud800-\\udfff\\ufdd0-\\ufdef" +
    Array.apply(null, Array(17)).map(function (_, plane) {
      var hex = plane ? plane.toString(16) : "";
      return "\\u{" + hex + "fffe}\\u{" + hex + "ffff}";
    }).join("") + "]", "gu");
  // What Python's \s matches once control characters are gone (JS \s differs: \x85, \ufeff).
  var SPACE = /[\t\n\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  var MARK = /⟦(box:)?([a-z0-9_]+)⟧/g;
  var ROW = /<w:tr>[\s\S]*?<\/w:tr>/g;
  var TABLE = /<w:tbl>[\s\S]*?<\/w:tbl>/g;
  var ROWS = {
    tech_validation: "m1", sample_trial: "m2", market_launch: "m3",
    sales_target: "m4", qualification: "m5", other: "m5"
  };
  var QUALIFICATION = "获得高新技术企业或科技型中小企业资质：";

  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  function plain(value) {
    return String(value).replace(CONTROL, "").replace(SPACE, " ").replace(/^ | $/g, "");
  }

  function xmlText(value) {
    return String(value).replace(XML_INVALID, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function filled(fill, slot) { return has(fill, slot) && fill[slot] != null && plain(fill[slot]) !== ""; }

  /* A payment model is chosen: the milestone rows the fill leaves empty are dropped, and the table
     with them when none is left. The blank contract (no model ticked) keeps every row to fill by hand. */
  function pruneMilestones(xml, fill, slots) {
    var chosen = Object.keys(fill).some(function (k) { return /^box:model_/.test(k) && fill[k]; });
    if (!chosen) return xml;
    return xml.replace(TABLE, function (table) {
      var rows = 0, kept = 0;
      var out = table.replace(ROW, function (row) {
        var cells = cellSlots(row, slots);
        if (!cells.length) return row;
        rows++;
        if (cells.some(function (slot) { return filled(fill, slot); })) { kept++; return row; }
        return "";
      });
      return rows && !kept ? "" : out;
    });
  }

  function cellSlots(xml, slots) {
    var out = [], found, re = /⟦([a-z0-9_]+)⟧/g;
    while ((found = re.exec(xml))) if (has(slots.cells, found[1])) out.push(found[1]);
    return out;
  }

  /* Word gets no template brackets: an unfilled slot is a blank line to write on, an unfilled
     milestone cell is empty (the seed's [3], [0.05], [具体条件] stay on the web page only). */
  function fillXml(xml, fill, slots) {
    return pruneMilestones(xml, fill, slots).replace(MARK, function (_, box, slot) {
      if (has(slots.cells, slot)) return filled(fill, slot) ? xmlText(plain(fill[slot])) : "";
      if (box) return fill["box:" + slot] ? "☑" : "□";
      if (filled(fill, slot)) return xmlText(plain(fill[slot]));
      if (/_note$/.test(slot)) return "";
      return xmlText(slots.blank);
    });
  }

  function money(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  /* The slots a published record fixes (data/records/<code>.json and its holder in holders.json). */
  function recordFill(record, holder) {
    var contact = record.contact || {}, ip = record.ip || {}, transfer = record.transfer || {};
    var fill = {
      a_name: holder.name || record.holder_name, a_uscc: holder.uscc, a_address: holder.address,
      a_legal: holder.legal_representative, a_contact: contact.name, a_phone: contact.phone, a_email: contact.email,
      title: record.title, ip_number: ip.number, owners: (ip.owners || []).join("、"),
      field: record.tech_field_name, trl: String(record.trl), summary: record.summary, region: transfer.region
    };
    fill["box:type_" + record.type] = true;
    return fill;
  }

  /* The form's starting values for a record's payment terms (the firm may change them). */
  function paymentStart(payment, settlementLabels) {
    var start = {};
    if (payment.model === "milestone") {
      (payment.milestones || []).forEach(function (m) {
        var row = ROWS[m.node] || "m5";
        start[row + "_condition"] = m.node === "qualification" ? QUALIFICATION + m.condition : m.condition;
        start[row + "_amount"] = String(m.amount_cny);
        start[row + "_due"] = m.due;
      });
      if (payment.royalty_percent != null) start.royalty = String(payment.royalty_percent);
      if (payment.settlement) start.settlement = settlementLabels[payment.settlement] || "";
    } else {
      if (payment.after_months) start.after_months = String(payment.after_months);
      if (payment.method) start.method = payment.method;
      if (payment.total_cny != null) start.lump_amount = String(payment.total_cny);
      if (payment.lump_sum_due) start.lump_due = payment.lump_sum_due;
      if (payment.installment_count) start.inst_count = String(payment.installment_count);
      if (payment.installment_amount_cny != null) start.inst_amount = String(payment.installment_amount_cny);
      if (payment.installment_schedule) start.inst_schedule = payment.installment_schedule;
    }
    return start;
  }

  var MILESTONE_SLOTS = ["royalty", "settlement"];
  var DEFERRED_SLOTS = ["after_months", "lump_amount", "lump_due", "inst_count", "inst_amount", "inst_schedule"];
  var PARTY_SLOTS = ["b_name", "b_uscc", "b_address", "b_legal", "b_contact", "b_phone", "b_email",
    "contract_no", "sign_place", "penalty_rate", "infringe_cost"];

  /* Problems with the choices: [{name: the form field to mark and focus, text: in Chinese, what to
     choose}]; an empty list when the contract can be made. */
  function choiceProblems(choice, offers, entries) {
    var out = [];
    function add(name, text) { out.push({ name: name, text: text }); }
    if (!choice.mode) add("mode", "请选择一种转化方式：转让或许可。");
    else if (offers.modes && offers.modes.indexOf(choice.mode) < 0) add("mode", "本成果不提供所选的转化方式，请改选。");
    if (choice.mode === "license") {
      if (!choice.license_kind) add("license_kind", "请选择一种许可类型：开放许可、排他许可或独占许可。");
      else if (offers.license_kinds && offers.license_kinds.indexOf(choice.license_kind) < 0) add("license_kind", "本成果不提供所选的许可类型，请改选。");
    }
    if (!choice.model) add("model", "请选择一种付款方式：里程碑节点支付或延期启动支付。");
    else if (offers.model && offers.model !== choice.model) add("model", "本成果的付款方式已确定，不能改选。");
    if (choice.model === "deferred_start" && !choice.method) add("method", "请选择支付方式：一次性总付或分期支付。");
    var rows = ["m1", "m2", "m3", "m4", "m5"];
    if (choice.model === "milestone" && entries && !rows.some(function (row) {
      return ["_condition", "_amount", "_due"].some(function (cell) { return entries[row + cell]; });
    })) add("m1_condition", "请至少填写一个里程碑节点（支付条件、金额或期限）；不填写的节点不会写进合同。");
    return out;
  }

  /* The whole fill: what the record fixes, the firm's entries, and exactly one box per choice. */
  function contractFill(fixed, choice, entries) {
    var fill = {}, key;
    for (key in fixed) if (has(fixed, key)) fill[key] = fixed[key];
    PARTY_SLOTS.forEach(function (slot) { if (entries[slot]) fill[slot] = entries[slot]; });
    fill["box:mode_" + choice.mode] = true;
    if (choice.mode === "license") {
      fill["box:lic_" + choice.license_kind] = true;
      if (entries.term) fill.term_note = "（成果方建议期限：" + entries.term + "）";
      if (entries.field_of_use) fill.use_field = entries.field_of_use;
    }
    fill["box:model_" + choice.model] = true;
    if (choice.model === "milestone") {
      ["m1", "m2", "m3", "m4", "m5"].forEach(function (row) {
        if (entries[row + "_condition"]) fill[row + "_condition"] = entries[row + "_condition"];
        if (entries[row + "_amount"]) fill[row + "_amount"] = money(entries[row + "_amount"]) + " 元";
        if (entries[row + "_due"]) fill[row + "_due"] = entries[row + "_due"];
      });
      MILESTONE_SLOTS.forEach(function (slot) { if (entries[slot]) fill[slot] = entries[slot]; });
    } else {
      fill["box:method_" + choice.method] = true;
      DEFERRED_SLOTS.forEach(function (slot) {
        var shown = choice.method === "lump_sum" ? /^lump_|^after_/ : /^inst_|^after_/;
        if (entries[slot] && shown.test(slot)) fill[slot] = /_amount$/.test(slot) ? money(entries[slot]) : entries[slot];
      });
    }
    return fill;
  }

  return {
    plain: plain, xmlText: xmlText, fillXml: fillXml, money: money, recordFill: recordFill,
    paymentStart: paymentStart, choiceProblems: choiceProblems, contractFill: contractFill, ROWS: ROWS
  };
});
