// report.html behaviour: outcome filters, the detail panel, and `#case=<id>` deep links. No network access.
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("button.mark"));
  var panels = Array.prototype.slice.call(document.querySelectorAll("section.case"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[data-outcome]"));

  function show(id) {
    var found = false;
    panels.forEach(function (p) { p.hidden = p.getAttribute("data-case") !== id; if (!p.hidden) { found = true; } });
    marks.forEach(function (m) { m.classList.toggle("selected", m.getAttribute("data-case") === id); });
    document.getElementById("hint").hidden = found;
    return found;
  }

  function applyFilters() {
    var visible = {};
    boxes.forEach(function (b) { visible[b.getAttribute("data-outcome")] = b.checked; });
    marks.forEach(function (m) { m.hidden = !visible[m.getAttribute("data-outcome")]; });
    // A row whose every mark is filtered out disappears, so "failed only" lists just the failing operations.
    document.querySelectorAll("#grid tbody tr").forEach(function (tr) {
      var shown = tr.querySelectorAll("button.mark:not([hidden])").length;
      tr.hidden = shown === 0;
    });
  }

  function fromHash() {
    // `#show=failed,error` presets the filters; `#case=<id>` opens a panel (combine with `&`).
    var only = /(?:^#|&)show=([^&]*)/.exec(window.location.hash);
    if (only) {
      var wanted = decodeURIComponent(only[1]).split(",");
      boxes.forEach(function (b) { b.checked = wanted.indexOf(b.getAttribute("data-outcome")) >= 0; });
      applyFilters();
    }
    var match = /(?:^#|&)case=([^&]*)/.exec(window.location.hash);
    if (match) { show(decodeURIComponent(match[1])); }
  }

  marks.forEach(function (m) {
    m.addEventListener("click", function () {
      var id = m.getAttribute("data-case");
      show(id);
      history.replaceState(null, "", "#case=" + encodeURIComponent(id));
    });
  });
  boxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
  window.addEventListener("hashchange", fromHash);
  applyFilters();
  fromHash();
})();
