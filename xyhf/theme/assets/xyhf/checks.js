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

  return { usccCheckChar: usccCheckChar, usccProblem: usccProblem };
});
