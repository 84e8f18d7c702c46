/* Searchable choices (core.forms.LookupSelect): a search box before each select[data-lookup-url];
   typing two letters or more asks the server for matching rows (in the officer's scope) and fills
   the select with them, each labelled with what tells identical names apart. */
(function () {
  "use strict";
  function attach(select) {
    var url = select.getAttribute("data-lookup-url");
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control mb-1";
    box.placeholder = select.getAttribute("data-lookup-placeholder") || "";
    box.setAttribute("aria-label", box.placeholder);
    box.setAttribute("data-lookup-for", select.id);
    box.autocomplete = "off";
    select.parentNode.insertBefore(box, select);
    var timer = null;
    var asked = 0;
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var q = box.value.trim();
        if (q.length < 2) { return; }
        var mine = ++asked;
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(q), {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : {results: []}; })
          .then(function (data) {
            if (mine !== asked) { return; }
            var keep = select.value;
            while (select.options.length > 1) { select.remove(1); }
            data.results.forEach(function (row) {
              var option = new Option(row.label, row.id, false, String(row.id) === keep);
              select.add(option);
            });
            select.size = Math.min(Math.max(data.results.length + 1, 2), 8);
            select.setAttribute("data-results", String(data.results.length));
          });
      }, 250);
    });
  }
  document.querySelectorAll("select[data-lookup-url]").forEach(attach);
}());
