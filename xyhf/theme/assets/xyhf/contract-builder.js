/* The contract builder page (contract/): opened blank or on a record (?code=…), it offers only the
   options the record offers, checks the firm's USCC as it is typed, and fills the Word template in
   the browser (fflate unzips and zips it; contract-core.js decides every slot and box). The optional
   sections are built hidden and shown here, so nothing moves while the page loads; fflate is fetched
   only when the download is pressed. A problem is told beside its field, and the first is focused. */
(function () {
  "use strict";
  var form = document.getElementById("xyhf-contract-builder");
  if (!form || !window.xyhfContract || !window.xyhfChecks) return;
  var core = window.xyhfContract, checks = window.xyhfChecks;
  var base = form.getAttribute("data-base") || "../";
  var slots = JSON.parse(form.getAttribute("data-slots"));
  var settlementLabels = JSON.parse(form.getAttribute("data-settlement"));
  var CODE = /^HNXY-\d{4}-[A-Z]{2}-\d{5}-[0-9X]$/;
  var state = { code: "", fixed: {}, offers: {} };

  function field(name) { return form.elements.namedItem(name); }
  function radios(name) { return Array.prototype.slice.call(form.querySelectorAll('input[type=radio][name="' + name + '"]')); }
  function chosen(name) { var r = form.querySelector('input[name="' + name + '"]:checked'); return r ? r.value : ""; }

  function showWhen() {
    form.querySelectorAll("[data-xyhf-when]").forEach(function (el) {
      var rule = el.getAttribute("data-xyhf-when").split("=");
      el.hidden = chosen(rule[0]) !== rule[1];
    });
  }

  function offerOnly(name, offered) {
    radios(name).forEach(function (r) {
      var ok = offered.indexOf(r.value) >= 0;
      r.disabled = !ok;
      r.parentNode.classList.toggle("xyhf-not-offered", !ok);
      if (!ok) r.parentNode.title = "本成果未提供";
      if (offered.length === 1 && ok) r.checked = true;
    });
  }

  function setValue(name, value) {
    var el = field(name);
    if (!el || value == null) return;
    if (el instanceof RadioNodeList || (el.length && el[0] && el[0].type === "radio")) {
      radios(name).forEach(function (r) { r.checked = r.value === value; });
    } else el.value = value;
  }

  function loadRecord(code) {
    var source = form.querySelector("[data-xyhf-source]");
    // The choices stay invisible (not removed) while the record is read and its sections open, so
    // nothing visible moves under the reader's eyes (a layout shift of 0.42 on phones otherwise).
    form.classList.add("xyhf-loading");
    source.textContent = "正在读取成果 " + code + " ……";
    Promise.all([
      fetch(base + "data/records/" + code + ".json").then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }),
      fetch(base + "data/holders.json").then(function (r) { return r.json(); })
    ]).then(function (got) {
      var record = got[0], holder = got[1].filter(function (h) { return h.id === record.holder; })[0] || {};
      state.code = code;
      state.fixed = core.recordFill(record, holder);
      state.offers = { modes: record.transfer.modes, license_kinds: record.transfer.license_kinds || [], model: record.payment.model };
      source.textContent = "";
      var link = document.createElement("a");
      link.href = base + "records/" + code + "/";
      link.textContent = record.title;
      source.append("按成果《", link, "》（" + code + "）生成；甲方：" + (holder.name || record.holder_name) + "。灰色选项为本成果未提供。");
      offerOnly("mode", record.transfer.modes);
      offerOnly("license_kind", record.transfer.license_kinds || []);
      offerOnly("model", [record.payment.model]);
      var start = core.paymentStart(record.payment, settlementLabels);
      Object.keys(start).forEach(function (k) { setValue(k, start[k]); });
      setValue("term", record.transfer.term || "");
      setValue("field_of_use", record.transfer.field_of_use || "");
      showWhen();
    }).catch(function () {
      source.textContent = "没有找到成果 " + code + "（可能已撤回或编码有误），下面从空白开始。";
    }).then(function () { form.classList.remove("xyhf-loading"); });
  }

  function checkUscc() {
    var input = field("b_uscc"), msg = document.getElementById("xyhf-uscc-msg");
    var problem = input.value.trim() ? checks.usccProblem(input.value) : null;
    msg.textContent = problem || "";
    msg.hidden = !problem;
    input.setAttribute("aria-invalid", problem ? "true" : "false");
    if (!problem) dropListed("b_uscc");
    return problem;
  }

  function entries() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "radio" && el.value.trim()) out[el.name] = el.value.trim();
    });
    if (out.b_uscc) out.b_uscc = out.b_uscc.toUpperCase();
    return out;
  }

  /* [{name, text}]: what stops the contract, each tied to the field to mark. */
  function problems(choice, values) {
    var out = core.choiceProblems(choice, state.offers, values);
    var uscc = checkUscc();
    if (uscc) out.push({ name: "b_uscc", text: uscc, own: true });
    Object.keys(values).forEach(function (k) {
      if (/(_amount|_count|after_months)$/.test(k) && !/^\d+$/.test(values[k])) {
        var label = field(k).getAttribute("aria-label") || field(k).parentNode.textContent.trim();
        out.push({ name: k, text: "“" + label + "”请填写整数（不带单位和逗号），现在是“" + values[k] + "”。" });
      } else if (/^(royalty|penalty_rate)$/.test(k) && !/^\d+(\.\d+)?$/.test(values[k])) {
        var named = field(k).getAttribute("aria-label") || field(k).parentNode.textContent.trim();
        out.push({ name: k, text: "“" + named + "”请填写数字（如 3 或 0.05，不带 % 号），现在是“" + values[k] + "”。" });
      }
    });
    return out;
  }

  /* The controls of a field (a radio group's buttons, or the one input). */
  function controls(name) {
    var group = radios(name);
    return group.length ? group : [field(name)];
  }

  /* The message element beside a field: the one the page has (#xyhf-msg-NAME), or one made after it. */
  function messageFor(name) {
    var id = "xyhf-msg-" + name, msg = document.getElementById(id);
    if (msg) return msg;
    var input = field(name);
    msg = document.createElement("p");
    msg.className = "xyhf-field-msg";
    msg.id = id;
    var cell = input.closest("td");
    if (cell) cell.appendChild(msg);
    else input.closest("label").insertAdjacentElement("afterend", msg);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", described ? described + " " + id : id);
    return msg;
  }

  /* A field's message goes (beside it and in the list by the button) once the field is changed. */
  function clearMessage(name) {
    var msg = document.getElementById("xyhf-msg-" + name);
    if (!msg || msg.hidden) return;
    msg.textContent = "";
    msg.hidden = true;
    controls(name).forEach(function (el) { el.removeAttribute("aria-invalid"); });
    dropListed(name);
  }

  function dropListed(name) {
    var list = form.querySelector("[data-xyhf-problems]");
    var before = list.children.length;
    Array.prototype.slice.call(list.children).forEach(function (li) { if (li.getAttribute("data-name") === name) li.remove(); });
    list.hidden = !list.children.length;
    if (list.children.length !== before) tellLeft(list.children.length);
  }

  function tellLeft(n) {
    form.querySelector("[data-xyhf-status]").textContent = n ? "还有 " + n + " 处需要改正，已在对应的栏目旁标出。" : "";
  }

  /* Each problem beside its field; the first field with one gets the focus. */
  function showProblems(found) {
    form.querySelectorAll(".xyhf-field-msg[id^='xyhf-msg-']").forEach(function (msg) { clearMessage(msg.id.slice(9)); });
    found.forEach(function (problem) {
      if (problem.own) return;  // the USCC check shows its own message
      var msg = messageFor(problem.name);
      msg.textContent = problem.text;
      msg.hidden = false;
      controls(problem.name).forEach(function (el) { el.setAttribute("aria-invalid", "true"); });
    });
    if (!found.length) return;
    var first = controls(found[0].name).filter(function (el) { return !el.disabled; })[0];
    if (first) first.focus();
  }

  var fflateLoading = null;

  /* fflate (vendored, same origin) is fetched when the download is first pressed, not with the page. */
  function loadFflate() {
    if (window.fflate) return Promise.resolve(window.fflate);
    if (!fflateLoading) {
      fflateLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = base + "assets/vendor/fflate/fflate.min.js";
        script.onload = function () { if (window.fflate) resolve(window.fflate); else reject(new Error("fflate")); };
        script.onerror = function () { fflateLoading = null; script.remove(); reject(new Error("fflate")); };
        document.head.appendChild(script);
      });
    }
    return fflateLoading;
  }

  function download(bytes, name) {
    var blob = new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function build(event) {
    event.preventDefault();
    var choice = { mode: chosen("mode"), license_kind: chosen("license_kind"), model: chosen("model"), method: chosen("method") };
    var values = entries(), list = form.querySelector("[data-xyhf-problems]"), status = form.querySelector("[data-xyhf-status]");
    var found = problems(choice, values);
    showProblems(found);  // first: clearing the old messages trims the list
    list.textContent = "";
    found.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p.text;
      li.setAttribute("data-name", p.name);
      list.appendChild(li);
    });
    list.hidden = !found.length;
    if (found.length) { tellLeft(found.length); return; }
    status.textContent = "正在生成……";
    Promise.all([
      fetch(base + "contract/template.docx").then(function (r) { if (!r.ok) throw new Error(r.status); return r.arrayBuffer(); }),
      loadFflate()
    ]).then(function (got) {
      var buffer = got[0];
      var files = window.fflate.unzipSync(new Uint8Array(buffer));
      var xml = window.fflate.strFromU8(files["word/document.xml"]);
      files["word/document.xml"] = window.fflate.strToU8(core.fillXml(xml, core.contractFill(state.fixed, choice, values), slots));
      var out = window.fflate.zipSync(files, { level: 6, mtime: new Date(1980, 0, 1) });
      var problem = docxProblem(out);
      if (problem) { status.textContent = "生成失败：" + problem + "没有下载。请删去粘贴进来的特殊字符后重试，或改用空白合同文本。"; return; }
      download(out, "先用后付合同-" + (state.code || "空白") + ".docx");
      status.textContent = "已生成并下载。";
    }).catch(function () { status.textContent = "生成失败：无法读取合同模板，请刷新页面重试。"; });
  }

  /* The file is checked before it is offered: it unzips, and every XML part parses (a Word file whose
     document.xml is not well-formed does not open). A problem in Chinese, or null. */
  function docxProblem(bytes) {
    var files;
    try { files = window.fflate.unzipSync(bytes); } catch (e) { return "生成的文件不是完整的 Word 文件（压缩包无法读取）。"; }
    if (!files["word/document.xml"] || !files["[Content_Types].xml"]) return "生成的文件缺少 Word 正文部分。";
    var parser = new DOMParser(), names = Object.keys(files).filter(function (n) { return /\.(xml|rels)$/.test(n); });
    for (var i = 0; i < names.length; i++) {
      var doc = parser.parseFromString(window.fflate.strFromU8(files[names[i]]), "application/xml");
      if (doc.getElementsByTagName("parsererror").length) return "合同正文含有 Word 无法识别的字符（" + names[i] + " 校验不通过）。";
    }
    return null;
  }

  function edited(event) {
    var name = event.target.name || "";
    clearMessage(name);
    if (/^m\d_/.test(name) && event.target.value.trim()) clearMessage("m1_condition");  // "fill at least one row"
  }

  form.addEventListener("change", function (event) { showWhen(); edited(event); });
  form.addEventListener("input", edited);
  field("b_uscc").addEventListener("input", function () { if (field("b_uscc").value.trim().length >= 18) checkUscc(); });
  field("b_uscc").addEventListener("blur", checkUscc);
  form.addEventListener("submit", build);
  showWhen();
  var code = (new URLSearchParams(location.search).get("code") || "").toUpperCase();
  if (CODE.test(code)) loadRecord(code);
})();
