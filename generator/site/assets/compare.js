/* Shipped by the policies plugin for the page that compares any two versions of a policy,
   /<company>/<policy>/compare/?from=DATE&to=DATE. A page per pair of versions would grow
   with the square of their number, so the comparison is worked out here, from the JSON the
   site publishes (each version's sections, and versions.json for the change log), with
   jsdiff (jsdiff.js, loaded before this file). The result has the structure and classes of
   the pre-built comparison pages (generator/site/diff.py): sections aligned by id, words
   marked what went first, then what came, unchanged sections as quiet rows.

   Everything read from the JSON is author-written text: it reaches the page as text nodes
   (textContent, append of strings) and in attributes set one by one, never as HTML. */
(function () {
  "use strict";

  var form = document.querySelector("form.policy-compare-picker[data-versions]");
  // Without jsdiff the page keeps saying that it needs the script.
  if (!form || !window.Diff) return;
  var status = document.querySelector(".policy-compare-status");
  var output = document.querySelector(".policy-compare-output");
  var selects = { from: form.elements.from, to: form.elements.to };
  var versions = {};  // by date: its written date, page and JSON text
  Array.prototype.forEach.call(selects.from.options, function (option) {
    versions[option.value] = {
      text: option.getAttribute("data-text"),
      href: option.getAttribute("data-href"),
      document: option.getAttribute("data-document")
    };
  });
  var dates = Object.keys(versions).sort();
  document.querySelector(".policy-compare-nojs").hidden = true;
  form.hidden = false;

  function written(date) {
    return versions[date] ? versions[date].text : date;
  }

  /* Any day as readers see dates everywhere else ("1 March 2027"). */
  function writtenDay(iso) {
    return new Intl.DateTimeFormat("en-GB", {
      day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
    }).format(new Date(iso + "T00:00:00Z"));
  }

  /* An element with attributes and children (strings become text nodes). */
  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }

  var loading = {};
  function load(url) {
    if (!loading[url]) {
      loading[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
      loading[url].catch(function () { delete loading[url]; });  // a later try fetches again
    }
    return loading[url];
  }

  /* --- what was asked: two known dates, earliest first ---------------------------------- */

  function isDate(value) {
    var day = new Date(value + "T00:00:00Z");
    return /^\d{4}-\d{2}-\d{2}$/.test(value) && !isNaN(day) &&
      day.toISOString().slice(0, 10) === value;
  }

  /* {from, to, note} for the two versions to compare, {error} for a question that has
     no answer, null when nothing was asked. */
  function understand(from, to) {
    if (from === null && to === null) return null;
    if (!from || !to) {
      return { error: "Choose two versions: the address needs both ?from= and &to=, " +
        "for example ?from=" + dates[0] + "&to=" + dates[dates.length - 1] + "." };
    }
    var unknown = [from, to].filter(function (date) { return !versions[date]; })[0];
    if (unknown !== undefined) {
      if (!isDate(unknown)) {
        return { error: "\u201c" + unknown + "\u201d is not a date: write it as YYYY-MM-DD, " +
          "for example " + dates[dates.length - 1] + "." };
      }
      var before = dates.filter(function (date) { return date < unknown; }).pop();
      return { error: "No version of this policy takes effect on " + writtenDay(unknown) +
        (before ? " (the version in force that day is the one of " + written(before) + ")" : "") +
        ": choose two of the versions listed." };
    }
    if (from === to) {
      return { error: "Both are the version of " + versions[from].text + ": choose two " +
        "different versions." };
    }
    if (from > to) {
      return { from: to, to: from, note: "The earlier version is shown first: from " +
        versions[to].text + " to " + versions[from].text + "." };
    }
    return { from: from, to: to, note: "" };
  }

  /* --- the comparison, as generator/site/diff.py makes it ------------------------------- */

  function sectionsOf(documentJson) {
    var sections = documentJson.sections.slice();
    if (documentJson.preamble) {
      // The id no section can have (generator/site/html_sections.py).
      sections.unshift({ id: "_opening-text", number: "", title: "Opening text", level: 2,
        text: documentJson.preamble });
    }
    return sections;
  }

  /* Sections aligned by id, in the reading order of the newer version; a removed section
     comes after the section that preceded it in the older one. */
  function align(older, newer) {
    var before = new Map(older.map(function (s) { return [s.id, s]; }));
    var kept = new Set(newer.map(function (s) { return s.id; }));
    var inPlace = new Set();
    Diff.diffArrays(
      older.filter(function (s) { return kept.has(s.id); }).map(function (s) { return s.id; }),
      newer.filter(function (s) { return before.has(s.id); }).map(function (s) { return s.id; })
    ).forEach(function (part) {
      if (!part.added && !part.removed) part.value.forEach(function (id) { inPlace.add(id); });
    });
    var changes = newer.map(function (section) {
      var old = before.get(section.id);
      if (!old) return { kind: "added", section: section };
      var same = old.text === section.text && old.title === section.title;
      return { kind: same ? "unchanged" : "changed", section: section, old: old,
        moved: !inPlace.has(section.id) };
    });
    older.forEach(function (section, index) {
      if (kept.has(section.id)) return;
      var position = 0;
      for (var i = index - 1; i >= 0; i -= 1) {
        if (kept.has(older[i].id)) {
          var id = older[i].id;
          position = changes.findIndex(function (c) { return c.section.id === id; }) + 1;
          break;
        }
      }
      while (position < changes.length && changes[position].kind === "removed") position += 1;
      changes.splice(position, 0, { kind: "removed", section: section });
    });
    return changes;
  }

  function label(section) {
    return section.number ? section.number + "." : "";
  }

  function heading(change, tag) {
    var section = change.section;
    var node = element(tag);
    if (section.number) node.append(element("span", { class: "secno" }, [label(section)]), " ");
    node.append(section.title);
    var labels = [change.kind];
    if (change.old && change.old.number && change.old.number !== section.number) {
      labels.push("renumbered, was " + label(change.old));
    }
    if (change.moved) labels.push("moved");
    labels.forEach(function (text) {
      node.append(" ", element("span", { class: "diff-label" }, [text]));
    });
    return node;
  }

  /* A section's plain text: a paragraph per line. */
  function paragraphs(text) {
    return text.split("\n").filter(Boolean).map(function (line) {
      return element("p", {}, [line]);
    });
  }

  /* The newer text with the words that changed marked: each deletion before the
     insertion that replaces it ("24 12 months"), as on the pre-built pages. */
  function wordDiff(older, newer) {
    var parts = Diff.diffWords(older, newer);
    var body = [];
    var paragraph = element("p");
    parts.forEach(function (part, index) {
      var tag = part.removed ? "del" : part.added ? "ins" : null;
      part.value.split("\n").forEach(function (piece, line) {
        if (line > 0) {
          body.push(paragraph);
          paragraph = element("p");
        }
        if (piece) paragraph.append(tag ? element(tag, {}, [piece]) : piece);
      });
      var next = parts[index + 1];
      if (part.removed && next && next.added && !/\s$/.test(part.value) &&
          !/^\s/.test(next.value)) {
        paragraph.append(" ");  // "24 12", not "2412"
      }
    });
    body.push(paragraph);
    return body.filter(function (p) { return p.textContent.trim(); });
  }

  function sectionBlock(change) {
    var section = change.section;
    var classes = "diff-section diff-" + change.kind;
    if (change.kind === "unchanged") {
      return element("details", { class: classes, id: section.id }, [
        element("summary", {}, [heading(change, "span")])
      ].concat(paragraphs(section.text)));
    }
    var body;
    if (change.kind === "changed") body = wordDiff(change.old.text, section.text);
    else body = [element(change.kind === "added" ? "ins" : "del", {}, paragraphs(section.text))];
    // One level below the result's own heading (h2).
    var tag = "h" + Math.min(Math.max(section.level, 2) + 1, 6);
    return element("section", { class: classes, id: section.id }, [
      heading(change, tag), element("div", { class: "diff-body" }, body)
    ]);
  }

  function summary(changes) {
    var count = function (kind) {
      return changes.filter(function (c) { return c.kind === kind; }).length;
    };
    var renumbered = changes.filter(function (c) {
      return c.old && c.old.number !== c.section.number;
    }).length;
    return "Sections: " + count("changed") + " changed, " + count("added") + " added, " +
      count("removed") + " removed" + (renumbered ? ", " + renumbered + " renumbered" : "") + ".";
  }

  /* The change-log entries of the versions after "from" up to "to", oldest first, each
     with links to the sections it names. */
  function why(log, from, to, labels) {
    var items = [];
    log.versions.slice().reverse().forEach(function (version) {
      if (version.effective <= from || version.effective > to) return;
      version.change_log.forEach(function (entry) {
        var item = element("li", {}, [
          element("time", { datetime: version.effective }, [written(version.effective)]),
          ": " + entry.summary
        ]);
        if (entry.editorial) item.append(" (editorial correction)");
        if (entry.sections_changed.length) {
          item.append(" (sections changed: ");
          entry.sections_changed.forEach(function (id, index) {
            if (index) item.append(", ");
            var text = labels.get(id) || id;
            item.append(labels.has(id) ? element("a", { href: "#" + id }, [text]) : text);
          });
          item.append(")");
        }
        items.push(item);
      });
    });
    if (!items.length) return [];
    return [element("div", { class: "diff-why", role: "note" }, [
      element("p", {}, ["Why, as the change log says:"]), element("ul", {}, items)
    ])];
  }

  function render(from, to, log, older, newer) {
    var changes = align(sectionsOf(older), sectionsOf(newer));
    var labels = new Map();
    changes.forEach(function (c) {
      labels.set(c.section.id, (label(c.section) + " " + c.section.title).trim());
    });
    var title = element("h2", { id: "policy-compare-heading", tabindex: "-1" },
      ["Changes from " + versions[from].text + " to " + versions[to].text]);
    var compared = element("p", { class: "diff-versions" }, [
      "Compared: ",
      element("a", { href: versions[from].href }, ["version of " + versions[from].text]),
      " \u2192 ",
      element("a", { href: versions[to].href }, ["version of " + versions[to].text]),
      ", as plain text, section by section. Added words are ",
      element("ins", {}, ["underlined"]), ", removed words ",
      element("del", {}, ["struck through"]), "."
    ]);
    var diff = element("div", { class: "policy-diff" }, [
      element("p", { class: "diff-summary" }, [summary(changes)])
    ].concat(changes.map(function (change) { return sectionBlock(change); })));
    output.replaceChildren.apply(output,
      [title, compared].concat(why(log, from, to, labels), [diff]));
    return title;
  }

  /* --- the page: the form, the address, the result -------------------------------------- */

  /* The section of the result the address's anchor names, opened if it is an unchanged
     one (a quiet row): reachable by its anchor like any other. */
  function anchored() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return null;  // not an anchor this page wrote
    }
    var target = id ? document.getElementById(id) : null;
    if (!target || !output.contains(target)) return null;
    if (target.tagName === "DETAILS") target.open = true;
    return target;
  }

  function ask() {
    var query = new URLSearchParams(window.location.search);
    return understand(query.get("from"), query.get("to"));
  }

  /* Compare what was asked, or say what is wrong with it; then focus moves to the result's
     heading (or the address's section comes into view), and the status says it is done. */
  function show(asked) {
    output.replaceChildren();
    if (asked === null) {
      status.textContent = "";
      return;
    }
    if (asked.error) {
      status.textContent = asked.error;
      return;
    }
    selects.from.value = asked.from;
    selects.to.value = asked.to;
    var wanted = "Comparing the version of " + versions[asked.from].text + " with the version of " +
      versions[asked.to].text + "\u2026";
    status.textContent = wanted;
    Promise.all([
      load(form.getAttribute("data-versions")),
      load(versions[asked.from].document),
      load(versions[asked.to].document)
    ]).then(function (loaded) {
      if (status.textContent !== wanted) return;  // a later question took over
      var title = render(asked.from, asked.to, loaded[0], loaded[1], loaded[2]);
      status.textContent = (asked.note ? asked.note + " " : "") + "Compared the version of " +
        versions[asked.from].text + " with the version of " + versions[asked.to].text + ".";
      var target = anchored();
      if (target) target.scrollIntoView();
      /* Not when the reader has gone elsewhere meanwhile (the search box, say): the
         comparison arrives a moment after the page, and taking focus would close it. */
      var active = document.activeElement;
      if (!active || active === document.body || form.contains(active)) {
        title.focus({ preventScroll: Boolean(target) });
      }
      // A printed comparison names the two versions it shows: the address with its query.
      var print = document.querySelector(".policy-print-url");
      if (print) print.textContent = "This document: " + window.location.href.split("#")[0];
    }).catch(function (error) {
      if (status.textContent !== wanted) return;
      status.textContent = "The versions could not be loaded (" + error.message + "): " +
        "reload the page to try again.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = understand(selects.from.value, selects.to.value);
    if (question && !question.error) {
      var query = "?from=" + question.from + "&to=" + question.to;
      if (query !== window.location.search) window.history.pushState(null, "", query);
      shownQuery = window.location.search;
    }
    show(question);
  });
  // Back and forward between comparisons; a link to a section of this one changes nothing.
  var shownQuery = window.location.search;
  window.addEventListener("popstate", function () {
    if (window.location.search === shownQuery) return;
    shownQuery = window.location.search;
    show(ask());
  });
  window.addEventListener("hashchange", anchored);
  show(ask());
})();
