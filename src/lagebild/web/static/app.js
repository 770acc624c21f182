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
})();
