/* Check characters the browser applies while a clerk or a firm types: the same rules and the same
   Chinese messages as xyhf/domain/identifiers.py (tests/unit/test_contract_builder.py holds them
   equal on the same inputs). Loaded as a script (window.xyhfChecks) or required by node. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.xyhfChecks = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";
  var ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var USCC = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
  // Python's str.strip() strips what str.isspace() calls space; JS trim() differs (\x85, \ufeff).
  var EDGE = /^[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

  function usccCheckChar(first17) {
    var total = 0, weight = 1;
    for (var i = 0; i < 17; i++) {
      total += ALPHABET.indexOf(first17[i]) * weight;
      weight = (weight * 3) % 31;
    }
    return ALPHABET[(31 - (total % 31)) % 31];
  }

  function usccProblem(text) {
    var code = String(text).replace(EDGE, "").toUpperCase();
    if (!USCC.test(code)) {
      return "统一社会信用代码应为 18 位：数字和大写字母（不用 I、O、S、V、Z），第 3–8 位为数字。请对照营业执照核对。";
    }
    var expected = usccCheckChar(code.slice(0, 17));
    if (expected !== code[17]) {
      return "统一社会信用代码校验不通过：按 GB 32100-2015 计算，第 18 位应为 " + expected + "，而不是 " + code[17] +
        "。请对照营业执照逐位核对（常见是抄错一位）。";
    }
    return null;
  }

  var PATENT = /^(?:ZL|CN)? ?([0-9]{12}|[0-9]{8})(?:\.([0-9X]))?$/;
  var KIND_DIGITS = { invention: "18", utility_model: "29", design: "3" };
  var KIND_NAMES = { "1": "发明", "2": "实用新型", "3": "外观设计", "8": "PCT 发明", "9": "PCT 实用新型" };

  function mod11(digits) {
    var total = 0;
    for (var i = 0; i < digits.length; i++) total += Number(digits[i]) * (2 + (i % 8));
    var r = total % 11;
    return r === 10 ? "X" : String(r);
  }

  /* identifiers.patent_number_problem: null when well formed, check digit right and consistent. */
  function patentProblem(text, patentKind, filedYear) {
    var m = PATENT.exec(String(text).toUpperCase());
    if (!m) {
      return "专利号格式不对。应为 ZL + 12 位申请号 + “.” + 校验位（如 ZL201710601862.3），" +
        "2003 年 10 月前的申请为 8 位（如 ZL95115608.X）。";
    }
    var digits = m[1], check = m[2] === undefined ? null : m[2], year, typeDigit;
    if (digits.length === 12) { year = Number(digits.slice(0, 4)); typeDigit = digits[4]; }
    else { var yy = Number(digits.slice(0, 2)); year = yy >= 85 ? 1900 + yy : 2000 + yy; typeDigit = digits[2]; }
    if (check === null) {
      if (year >= 1989) return "专利号缺少校验位：应写成 " + digits + "." + mod11(digits) + "（“.”后一位）。";
    } else if (check !== mod11(digits)) {
      return "专利号校验位错误：" + digits + " 的校验位应为 " + mod11(digits) + "，而不是 " + check + "。" +
        "请对照专利证书核对号码（常见是抄错了一位数字）。";
    }
    if (digits.length === 12 && year < 2003) return "专利号年份 " + year + " 不可能是 12 位格式（2003 年 10 月起才用 12 位）。";
    if (patentKind && KIND_DIGITS[patentKind] && KIND_DIGITS[patentKind].indexOf(typeDigit) < 0) {
      var actual = KIND_NAMES[typeDigit] || "未知类型 " + typeDigit;
      return "专利号第 " + (digits.length === 12 ? 5 : 3) + " 位表示" + actual + "，与 patent_kind 不一致，请核对。";
    }
    if (filedYear != null && year !== filedYear) {
      return "专利号中的申请年份 " + year + " 与申请日 filed_on 的年份 " + filedYear + " 不一致，请核对。";
    }
    return null;
  }

  return { usccCheckChar: usccCheckChar, usccProblem: usccProblem, patentProblem: patentProblem };
});
