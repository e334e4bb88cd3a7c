/* Shipped by the policies plugin. Three small behaviours; the pages work
   without them, only less conveniently. */
(function () {
  "use strict";

  function isoToday() {
    var now = new Date();
    return (
      now.getFullYear() + "-" +
      String(now.getMonth() + 1).padStart(2, "0") + "-" +
      String(now.getDate()).padStart(2, "0")
    );
  }

  /* The version selector opens the chosen version at the same section: the anchor is
     the same in every version (a missing one simply leaves the page at the top).
     Without this script the form opens the history page's date lookup instead. */
  document.querySelectorAll("form.policy-version-select").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var option = form.querySelector("select").selectedOptions[0];
      if (!option || !option.getAttribute("data-href")) return;
      event.preventDefault();
      var href = option.getAttribute("data-href");
      window.location.href = option.value ? href + window.location.hash : href;
    });
  });

  /* Dates as readers see them everywhere else: "1 March 2027". */
  function written(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) return null;
    var day = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    if (isNaN(day) || day.toISOString().slice(0, 10) !== iso) return null;
    return new Intl.DateTimeFormat("en-GB", {
      day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
    }).format(day);
  }

  /* History page: open the version in force on a date, also as history/?date=YYYY-MM-DD. */
  var form = document.querySelector("form.policy-in-force");
  if (form) {
    var versions = JSON.parse(form.getAttribute("data-versions"));
    var input = form.querySelector("input[type=date]");
    var result = form.querySelector(".policy-in-force-result");
    var open = function (date) {
      var found = null;
      versions.forEach(function (version) {
        if (version.date <= date) found = version;
      });
      if (found) {
        window.location.href = found.url + window.location.hash;
      } else {
        result.textContent =
          "No version was in force on " + written(date) + ": the first took effect on " +
          form.getAttribute("data-first") + ".";
      }
    };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.value) open(input.value);
    });
    var asked = new URLSearchParams(window.location.search).get("date");
    if (asked !== null) {
      if (written(asked)) {
        input.value = asked;
        open(asked);
      } else {
        result.textContent =
          "\u201c" + asked + "\u201d is not a date: write it as YYYY-MM-DD, for example " +
          "?date=" + versions[versions.length - 1].date + ".";
      }
    }
  }

  /* 404 page: the lookup goes to the chosen policy's history, which opens the version
     in force on the date. */
  var lookup = document.querySelector("form.policy-lookup");
  if (lookup) {
    lookup.addEventListener("submit", function (event) {
      event.preventDefault();
      var history = lookup.querySelector("select").value;
      var date = lookup.querySelector("input[type=date]").value;
      window.location.href = history + "?date=" + encodeURIComponent(date);
    });
  }

  /* Company index: a filter by name, on top of the letters (which need no script). */
  var filter = document.querySelector(".policy-filter");
  if (filter) {
    filter.hidden = false;
    var field = filter.querySelector("input");
    var status = document.querySelector(".policy-filter-result");
    field.addEventListener("input", function () {
      var wanted = field.value.trim().toLowerCase();
      var shown = 0;
      document.querySelectorAll(".policy-index__group").forEach(function (group) {
        var any = false;
        group.querySelectorAll("li[data-name]").forEach(function (item) {
          var match = !wanted || item.getAttribute("data-name").indexOf(wanted) >= 0;
          item.hidden = !match;
          if (match) { any = true; shown += 1; }
        });
        group.hidden = !any;
      });
      status.textContent = wanted ? shown + (shown === 1 ? " company" : " companies") : "";
    });
  }

  /* A version announced at the last build may be in force by now: the status bar's
     statement that it is still to come is replaced, never contradicted. */
  var today = isoToday();
  document.querySelectorAll(".policy-status [data-effective]").forEach(function (next) {
    if (next.getAttribute("data-effective") > today) return;
    var bar = next.closest(".policy-status");
    var link = document.createElement("a");
    link.href = next.getAttribute("data-href");
    link.textContent = "read the version now in force";
    var strong = document.createElement("strong");
    strong.textContent = "Superseded";
    var note = document.createElement("p");
    note.append(
      strong, " on " + next.getAttribute("data-effective-text") +
      ": a newer version is in force; this page shows the one before it until the site " +
      "is rebuilt. ", link, "."
    );
    bar.querySelector(".policy-status__text").replaceChildren(note);
    bar.className = "policy-status policy-status--superseded";
  });
  /* On an upcoming version's own page: once its day has come, it is in force. */
  document.querySelectorAll(".policy-status [data-takes-effect]").forEach(function (upcoming) {
    if (upcoming.getAttribute("data-takes-effect") > today) return;
    var bar = upcoming.closest(".policy-status");
    var strong = document.createElement("strong");
    strong.textContent = "In force";
    var note = document.createElement("p");
    note.append(strong, " since " + upcoming.getAttribute("data-effective-text") + ".");
    bar.querySelector(".policy-status__text").replaceChildren(note);
    bar.className = "policy-status policy-status--in-force";
  });
})();
