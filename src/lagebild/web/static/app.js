// lagebild dashboard: small conveniences only; every page works without this file.
(function () {
  "use strict";
  // "/" focuses the search box (unless typing somewhere already).
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(tag)) {
      var box = document.getElementById("top-q");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });
  // Forms with data-confirm ask before they are sent (deleting an alert).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  // On a phone the filters start folded, so that the results come first.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.matchMedia && window.matchMedia("(max-width: 860px)").matches) {
      var filters = document.querySelectorAll("details.filters");
      for (var i = 0; i < filters.length; i++) { filters[i].removeAttribute("open"); }
    }
  });
  // Volume charts: drag across buckets to choose a range (a click on one bucket is its plain link).
  var brush = null;
  function bucketOf(node) {
    while (node && node.getAttribute) {
      if (node.getAttribute("data-since")) { return node; }
      node = node.parentNode;
    }
    return null;
  }
  function marked(chart, a, b) {
    var lo = a.getAttribute("data-since") < b.getAttribute("data-since") ? a : b;
    var hi = lo === a ? b : a;
    var slots = chart.querySelectorAll("a[data-since]");
    for (var i = 0; i < slots.length; i++) {
      var since = slots[i].getAttribute("data-since");
      var on = since >= lo.getAttribute("data-since") && since <= hi.getAttribute("data-since");
      var rect = slots[i].querySelector(".slot");
      if (rect) { rect.classList.toggle("brush", on); }
    }
    return [lo.getAttribute("data-since"), hi.getAttribute("data-until")];
  }
  document.addEventListener("pointerdown", function (event) {
    var start = bucketOf(event.target);
    var chart = start && start.closest && start.closest("svg[data-brush]");
    if (chart && event.button === 0) { brush = {chart: chart, start: start, end: start, moved: false}; event.preventDefault(); }
  });
  document.addEventListener("pointermove", function (event) {
    if (!brush) { return; }
    var hit = bucketOf(document.elementFromPoint(event.clientX, event.clientY));
    if (hit && brush.chart.contains(hit) && hit !== brush.end) {
      brush.end = hit; brush.moved = brush.end !== brush.start; marked(brush.chart, brush.start, brush.end);
    }
  });
  document.addEventListener("pointerup", function () {
    if (!brush) { return; }
    var done = brush;
    brush = null;
    if (!done.moved) { return; }
    var range = marked(done.chart, done.start, done.end);
    var url = new URL(done.start.getAttribute("href"), window.location.href);
    url.searchParams.set("since", range[0]);
    url.searchParams.set("until", range[1]);
    done.chart.setAttribute("data-dragged", "1");
    window.location.href = url.toString();
  });
  document.addEventListener("click", function (event) {
    var chart = event.target && event.target.closest && event.target.closest("svg[data-dragged]");
    if (chart) { event.preventDefault(); }  // the drag has navigated already
  });
})();
