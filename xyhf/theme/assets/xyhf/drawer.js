/* On generated pages the drawer (the menu on phones) is filled from the tabs on the same page, so
 * 30,000 record and need pages do not each carry a second copy of the site's navigation. */
(function () {
  "use strict";
  var list = document.querySelector("[data-xyhf-drawer]");
  if (!list) return;
  document.querySelectorAll(".md-tabs__item").forEach(function (tab) {
    var source = tab.querySelector("a");
    if (!source) return;
    var item = document.createElement("li");
    item.className = "md-nav__item";
    var link = document.createElement("a");
    link.className = "md-nav__link";
    link.href = source.getAttribute("href");
    var label = document.createElement("span");
    label.className = "md-ellipsis";
    label.textContent = source.textContent.trim();
    link.appendChild(label);
    item.appendChild(link);
    list.appendChild(item);
  });
})();
