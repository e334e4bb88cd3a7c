/* Shipped by the policies plugin on sites searched with Pagefind (search: pagefind).
   The search page asks Pagefind's chunked index, which loads only the chunks of the
   query's words and the excerpts of the results shown. Everything shown comes from
   what authors wrote, so it is set as text; the excerpts' <mark> elements are the only
   markup kept. */
(function () {
  "use strict";

  var form = document.getElementById("policy-search");
  if (!form) return;
  var PAGE = 10;
  var query = document.getElementById("policy-search-query");
  var company = document.getElementById("policy-search-company");
  var policy = document.getElementById("policy-search-policy");
  var archived = document.getElementById("policy-search-archived");
  var version = document.getElementById("policy-search-version");
  var versionRow = form.querySelector(".policy-search__version");
  var status = document.getElementById("policy-search-status");
  var list = document.getElementById("policy-search-results");
  var more = document.getElementById("policy-search-more");
  var moreRow = more.parentNode;
  var root = new URL(form.getAttribute("data-root"), window.location.href).pathname;
  var pagefind = null;
  var shown = [];
  var latest = 0;

  function written(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) return iso;
    var day = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    return new Intl.DateTimeFormat("en-GB", {
      day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
    }).format(day);
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* An excerpt as text and <mark>: parsed in an inert document (nothing in it runs or
     loads), then copied node by node. */
  function excerpt(htmlText) {
    var target = element("p", "policy-search__excerpt");
    var parsed = new DOMParser().parseFromString("<p>" + htmlText + "</p>", "text/html");
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeName === "MARK") {
        target.appendChild(element("mark", "", node.textContent));
      } else {
        target.appendChild(document.createTextNode(node.textContent));
      }
    });
    return target;
  }

  function link(url, text) {
    var anchor = element("a", "", text);
    /* Pagefind's addresses are paths below the site: nothing else is followed. */
    anchor.href = /^\//.test(url) && !/^\/\//.test(url) ? url : root;
    return anchor;
  }

  /* Options named by their labels, sorted by them; each option's value is its slug. */
  function fill(select, labels) {
    Object.keys(labels).sort(function (a, b) {
      return labels[a].localeCompare(labels[b]);
    }).forEach(function (value) {
      var option = element("option", "", labels[value]);
      option.value = value;
      select.appendChild(option);
    });
  }

  function load() {
    if (!pagefind) {
      var index = new URL(form.getAttribute("data-index"), window.location.href);
      var facets = new URL(form.getAttribute("data-facets"), window.location.href);
      pagefind = Promise.all([
        import(index.href + "pagefind.js"),
        fetch(facets.href).then(function (response) {
          return response.json();
        })
      ]).then(function (loaded) {
        var module = loaded[0];
        var labels = loaded[1];
        fill(company, labels.company || {});
        fill(policy, labels.policy || {});
        return module.options({ baseUrl: root, excerptLength: 24 }).then(function () {
          return module.filters();
        }).then(function (filters) {
          var versions = {};
          Object.keys(filters.version || {}).forEach(function (date) {
            versions[date] = written(date);
          });
          fill(version, versions);
          /* Latest first: sorted by label would put "1 February" before "15 January". */
          Array.prototype.slice.call(version.options, 1).sort(function (a, b) {
            return b.value.localeCompare(a.value);
          }).forEach(function (option) {
            version.appendChild(option);
          });
          return module;
        });
      });
    }
    return pagefind;
  }

  function chosen() {
    var filters = {};
    if (company.value) filters.company = company.value;
    if (policy.value) filters.policy = policy.value;
    if (!archived.checked) {
      filters.text = "current";
    } else if (version.value) {
      filters.version = version.value;
    }
    return filters;
  }

  function render(result) {
    var item = element("li", "policy-search__result");
    var heading = element("h2", "policy-search__title");
    heading.appendChild(link(result.url, result.meta.title || result.url));
    item.appendChild(heading);
    var facts = [];
    if (result.filters.text && result.filters.text[0] === "archived") {
      facts.push("Dated copy of the version in force from " + (result.meta.version || ""));
    }
    if (facts.length) item.appendChild(element("p", "policy-search__facts", facts.join(" · ")));
    item.appendChild(excerpt(result.excerpt));
    var sections = (result.sub_results || []).filter(function (sub) {
      return sub.url !== result.url && sub.title;
    }).slice(0, 3);
    if (sections.length) {
      var inner = element("ul", "policy-search__sections");
      sections.forEach(function (sub) {
        var entry = element("li");
        entry.appendChild(link(sub.url, sub.title));
        inner.appendChild(entry);
      });
      item.appendChild(inner);
    }
    return item;
  }

  function showMore() {
    var next = shown.splice(0, PAGE);
    return Promise.all(next.map(function (result) {
      return result.data();
    })).then(function (results) {
      results.forEach(function (result) {
        list.appendChild(render(result));
      });
      moreRow.hidden = shown.length === 0;
      return results.length;
    });
  }

  function run(announce) {
    var text = query.value.trim();
    var asked = ++latest;
    list.textContent = "";
    moreRow.hidden = true;
    if (!text) {
      status.textContent = announce ? "Type the words to look for." : "";
      return Promise.resolve();
    }
    status.textContent = "Searching…";
    return load().then(function (module) {
      return module.search(text, { filters: chosen() });
    }).then(function (search) {
      if (asked !== latest) return;
      var count = search.results.length;
      shown = search.results.slice();
      var scope = archived.checked ? " (dated copies included)" : "";
      if (!count) {
        status.textContent = "No page matches “" + text + "”" + scope + ".";
        return;
      }
      return showMore().then(function () {
        status.textContent =
          count + (count === 1 ? " page matches “" : " pages match “") + text + "”" + scope + ".";
      });
    }).catch(function () {
      status.textContent = "The search could not load its index. Reload the page to try again.";
    });
  }

  function remember() {
    var params = new URLSearchParams();
    if (query.value.trim()) params.set("q", query.value.trim());
    if (company.value) params.set("company", company.value);
    if (policy.value) params.set("policy", policy.value);
    if (archived.checked) params.set("archived", "1");
    if (archived.checked && version.value) params.set("version", version.value);
    var address = window.location.pathname + (params.toString() ? "?" + params : "");
    window.history.replaceState(null, "", address);
  }

  function select(node, value) {
    if (!value) return;
    var known = Array.prototype.some.call(node.options, function (option) {
      return option.value === value;
    });
    if (known) node.value = value;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember();
    run(true);
  });
  [company, policy, version].forEach(function (node) {
    node.addEventListener("change", function () {
      remember();
      run(false);
    });
  });
  archived.addEventListener("change", function () {
    versionRow.hidden = !archived.checked;
    remember();
    run(false);
  });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore().then(function () {
      var next = list.children[first];
      if (next) next.querySelector("a").focus();
    });
  });

  /* The header's search box and shared links arrive with the query in the address. */
  var params = new URLSearchParams(window.location.search);
  query.value = params.get("q") || "";
  archived.checked = params.get("archived") === "1";
  versionRow.hidden = !archived.checked;
  load().then(function () {
    select(company, params.get("company"));
    select(policy, params.get("policy"));
    select(version, params.get("version"));
    return run(false);
  }).catch(function () {
    status.textContent = "The search could not load its index. Reload the page to try again.";
  });
  if (!query.value) query.focus();
})();
