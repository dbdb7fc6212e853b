/* Printing (loaded on every page; the A4 layouts themselves come from site.css).
 * - Buttons marked data-xyhf-print (brochure, promotion directory) open the browser's print dialog.
 * - On paper a record page ends with its own address, so a sheet taken to a 对接会 leads back to the
 *   page: taken from the page's canonical link (the site's published address), shown only in print. */
(function () {
  "use strict";
  document.querySelectorAll("[data-xyhf-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var record = document.querySelector(".xyhf-record");
  var canonical = document.querySelector('link[rel="canonical"]');
  if (!record || !canonical) return;
  var line = document.createElement("p");
  line.className = "xyhf-print-url";
  line.textContent = "本页网址：" + canonical.href;
  record.appendChild(line);
})();
