/* What the submission form and the Excel upload share (window.xyhfForm): key paths, the YAML
   writer, and the schema's and check characters' problems in Chinese. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.xyhfForm = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
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
