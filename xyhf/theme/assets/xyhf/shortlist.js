/* 收藏: a shortlist kept in this browser only (localStorage; no account, nothing sent anywhere).
 * Any element with data-xyhf-save="<code>" toggles that record; labels follow the list. */
(function () {
  "use strict";
  var KEY = "xyhf-shortlist", MAX = 20;
  function read() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (c) { return /^HNXY-\d{4}-[A-Z]{2}-\d{5}-[0-9X]$/.test(c); }).slice(0, MAX) : [];
    } catch (e) { return []; }
  }
  function write(list) { try { localStorage.setItem(KEY, JSON.stringify(list.slice(0, MAX))); } catch (e) { /* private mode */ } }
  function has(code) { return read().indexOf(code) >= 0; }
  function toggle(code) {
    var list = read(), at = list.indexOf(code);
    if (at >= 0) list.splice(at, 1); else list.unshift(code);
    write(list);
    sync();
  }
  function sync() {
    var list = read();
    document.querySelectorAll("[data-xyhf-save]").forEach(function (b) {
      var on = list.indexOf(b.getAttribute("data-xyhf-save")) >= 0;
      b.textContent = on ? "已收藏" : "收藏";
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    document.querySelectorAll("[data-xyhf-compare-count]").forEach(function (a) {
      a.textContent = "对比收藏（" + list.length + "）";
      a.hidden = !list.length;
    });
  }
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-xyhf-save]");
    if (b) { e.preventDefault(); toggle(b.getAttribute("data-xyhf-save")); }
  });
  window.xyhfShortlist = { read: read, write: write, has: has, toggle: toggle, sync: sync };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", sync); else sync();
})();
