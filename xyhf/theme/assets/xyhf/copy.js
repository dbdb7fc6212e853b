/* "复制订阅地址": copies the feed's absolute address (a reader needs the whole URL). */
(function () {
  "use strict";
  var status = document.querySelector("[data-xyhf-copied]");
  function say(text) { if (status) status.textContent = text; }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-xyhf-copy]");
    if (!button) return;
    var address = new URL(button.getAttribute("data-xyhf-copy"), location.href).href;
    var done = function () { button.textContent = "已复制"; say("已复制订阅地址：" + address); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(address).then(done, function () { window.prompt("请复制订阅地址：", address); });
    } else {
      window.prompt("请复制订阅地址：", address);
    }
  });
})();
