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

  /* The version menu keeps the reader at the same section: the anchor is the
     same in every version (a missing one simply leaves the page at the top). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-keep-anchor]");
    if (link && window.location.hash) {
      event.preventDefault();
      window.location.href = link.href.split("#")[0] + window.location.hash;
    }
  });

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
        window.location.href = found.url;
      } else {
        result.textContent =
          "No version was in force on " + date + ": the first took effect on " +
          form.getAttribute("data-first") + ".";
      }
    };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.value) open(input.value);
    });
    var asked = new URLSearchParams(window.location.search).get("date");
    if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked)) {
      input.value = asked;
      open(asked);
    }
  }

  /* An upcoming version announced at the last build may be in force by now: the
     notice that says it is still to come is replaced, never contradicted. */
  var today = isoToday();
  document.querySelectorAll(".policy-banner--upcoming[data-effective]").forEach(function (banner) {
    if (banner.getAttribute("data-effective") > today) return;
    var link = document.createElement("a");
    link.href = banner.getAttribute("data-href");
    link.textContent = "read the version now in force";
    var note = document.createElement("p");
    note.append(
      "A newer version took effect on " + banner.getAttribute("data-effective-text") +
      "; this page still shows the one in force before it: ", link, "."
    );
    banner.replaceChildren(note);
    banner.classList.replace("policy-banner--upcoming", "policy-banner--superseded");
    banner.removeAttribute("data-effective");
  });
  /* On an upcoming version's own page: once its day has come, it is in force. */
  document.querySelectorAll(".policy-banner--upcoming[data-takes-effect]").forEach(function (banner) {
    if (banner.getAttribute("data-takes-effect") > today) return;
    var note = document.createElement("p");
    note.textContent =
      "This version has been in force since " + banner.getAttribute("data-effective-text") + ".";
    banner.replaceChildren(note);
    banner.classList.replace("policy-banner--upcoming", "policy-banner--current");
  });
})();
