/* What the submission form and the Excel upload share (window.xyhfForm): key paths, the YAML
   writer, and the schema's and check characters' problems in Chinese. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.xyhfForm = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  /* What a malformed value should look like, by the field's last key: the same table as the checker's
     (validate/schema.py _PATTERN_HINTS; tests/unit/test_form_messages.py keeps the two equal). */
  var HINTS = {
    "uscc": "统一社会信用代码为 18 位数字或大写字母（不含 I、O、S、V、Z），请对照营业执照或事业单位法人证书填写。",
    "industry": "国民经济行业分类代码（GB/T 4754-2017）为门类字母加 2–4 位数字，如 C3360、I65。",
    "phone": "电话请写成“区号-号码”（如 0731-88888888）或 11 位手机号（如 13800000000），只用数字和连字符。",
    "office_phone": "电话请写成“区号-号码”（如 0731-88888888）或 11 位手机号（如 13800000000），只用数字和连字符。",
    "website": "网址以 http:// 或 https:// 开头。"
  };
  var TRL_WHY = "入库要求 TRL 4 及以上：4 级即关键技术已在实验室环境中验证（GB/T 22900-2022）";
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

  function compact(value) {  // rows left empty disappear; arrays close their gaps
    if (Array.isArray(value)) return value.filter(function (v) { return v != null; }).map(compact);
    if (value && typeof value === "object") {
      Object.keys(value).forEach(function (k) { value[k] = compact(value[k]); });
    }
    return value;
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

  function message(error, labelOf) {
    var missing = error.keyword === "required" && (error.error.match(/property "([^"]+)"/) || [])[1];
    var name = nameOf(error.instanceLocation, missing), what = "“" + labelOf(name) + "”";
    var n = (error.error.match(/\((\d+(?:\.\d+)?) [<>]=? (\d+(?:\.\d+)?)\)/) || [])[2] ||
      (error.error.match(/(?:less|greater) than (?:or equal to )?\s*(-?\d+(?:\.\d+)?)/) || [])[1];
    var last = name.replace(/\[\d+\]/g, "").split(".").pop();
    var isTrl = last === "trl" || last === "trl_min";
    var text = {
      required: "请填写" + what + "。",
      type: what + "的类型不对：" + (/integer|number/.test(error.error) ? "请填写数字（不带单位和逗号）。" : "请检查填写的内容。"),
      enum: what + "请从选项中选择。",
      const: what + "与所选的其他项矛盾，请检查。",
      minLength: what + "太短" + (n ? "：至少 " + n + " 个字" : "") + "。",
      maxLength: what + "太长" + (n ? "：最多 " + n + " 个字" : "") + "。",
      pattern: what + "的格式不对。" + (HINTS[last] || "请参照格子下面的说明填写。"),
      format: /email/.test(error.error)
        ? what + "不是有效的电子邮箱地址，应形如 name@example.com（@ 后写完整域名）。"
        : /date/.test(error.error) ? what + "应为日期，格式 年-月-日，如 2026-06-30。" : what + "的格式不对，请参照格子下面的说明填写。",
      minimum: isTrl
        ? what + "最低为 4 级，请填 4 到 9 之间的整数：" + TRL_WHY + "。"
        : what + "太小" + (n ? "：不能小于 " + n : "") + "。",
      maximum: isTrl
        ? what + "最高为 9 级，请填 4 到 9 之间的整数。"
        : what + "太大" + (n ? "：不能大于 " + n : "") + "。",
      exclusiveMinimum: what + "应大于 " + (n || "0") + "。",
      minItems: what + "至少要填 " + (n || "1") + " 项。",
      uniqueItems: what + "有重复的项。",
      "false": what + "不适用于所选的类型或付款方式，请清空。",
      additionalProperties: what + "不是本表的字段。",
      minProperties: what + "至少填写一项。"
    }[error.keyword] || what + "填写有误（" + error.keyword + "）。";
    return { name: name, text: text };
  }


  /* Every problem of one file: schema errors (deduplicated) and check characters; labelOf(name)
     gives the field's Chinese name for a key path. */
  function problemsOf(validator, data, labelOf) {
    var out = [], seen = {};
    validator.validate(data).errors.forEach(function (error) {
      if (SKIP.indexOf(error.keyword) >= 0) return;
      var m = message(error, labelOf);
      if (!seen[m.name + m.text]) { seen[m.name + m.text] = 1; out.push(m); }
    });
    return out.concat(checkCharacters(data));
  }

  /* The check characters xyhf check applies (checks.js, tested equal to the Python rules). */
  function checkCharacters(data) {
    var out = [], checks = typeof window !== "undefined" ? window.xyhfChecks : null;
    if (!checks) return out;
    var ip = data.ip || {};
    if (data.type === "patent" && typeof ip.number === "string") {
      var filed = /^\d{4}-/.test(ip.filed_on || "") ? Number(ip.filed_on.slice(0, 4)) : null;
      var problem = checks.patentProblem(ip.number, ip.patent_kind || null, filed);
      if (problem) out.push({ name: "ip.number", text: problem });
    }
    var dated = /^\d{4}-\d{2}-\d{2}$/;  // as rules.py: a grant cannot come before its filing
    if (dated.test(ip.filed_on || "") && dated.test(ip.granted_on || "") && ip.granted_on < ip.filed_on) {
      out.push({ name: "ip.granted_on", text: "授权/登记日 " + ip.granted_on + " 早于申请日 " + ip.filed_on + "，请核对两个日期。" });
    }
    var firm = data.enterprise || {};
    if (typeof firm.uscc === "string" && firm.uscc) {
      var wrong = checks.usccProblem(firm.uscc);
      if (wrong) out.push({ name: "enterprise.uscc", text: wrong });
    }
    return out;
  }


  function toYaml(data) { return yaml(data, 0) + "\n"; }

  return { keysOf: keysOf, put: put, compact: compact, toYaml: toYaml, problemsOf: problemsOf };
});
