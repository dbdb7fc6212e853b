/* Filters for generated tables (the deals ledger): each <select data-filter="key"> keeps the rows
   whose data-key attribute matches; the choice is kept in the address so a filtered view can be
   shared. Plain DOM, no library; rows stay in the page for people without JavaScript. */
(function () {
  "use strict";
  function apply(table, selects, counter) {
    var shown = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var ok = selects.every(function (s) { return !s.value || row.dataset[s.dataset.filter] === s.value; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    if (counter) { counter.textContent = "显示 " + shown + " " + (counter.dataset.unit || "份"); }
  }
  function init(form) {
    var table = document.getElementById(form.dataset.table);
    if (!table) { return; }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var counter = form.querySelector("[data-count]");
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.dataset.filter);
      if (wanted) { s.value = wanted; }
      s.addEventListener("change", function () {
        var next = new URLSearchParams(window.location.search);
        if (s.value) { next.set(s.dataset.filter, s.value); } else { next.delete(s.dataset.filter); }
        var query = next.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
        apply(table, selects, counter);
      });
    });
    form.hidden = false;
    apply(table, selects, counter);
  }
  document.querySelectorAll("form[data-table]").forEach(init);
})();
