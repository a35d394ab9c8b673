(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("fc-data").textContent);
  var cards = data.cards;
  var byAnchor = {};
  cards.forEach(function (c) {
    byAnchor[c.anchor] = c;
    c.rows.forEach(function (r) { byAnchor[r.row_anchor] = c; });
  });
  var state = { v: "", cat: "", outlet: "", q: "", p: 1, t: data.training };
  var list = document.getElementById("cards");
  var countEl = document.getElementById("result-count");
  var pager = document.querySelector(".pager");
  document.body.classList.add("js");

  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, String(attrs[k]));
    });
  }
  function add(node, child) {
    if (child === null || child === undefined || child === false || child === "") return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function plural(n, word) { return n.toLocaleString("en-US") + " " + word + (n === 1 ? "" : "s"); }
  function clip(s, n) { return s.length <= n ? s : s.slice(0, n - 1) + "\u2026"; }

  function intervalChart(ch) {
    var s = svg("svg", { "class": "ichart", viewBox: "0 0 " + ch.width + " " + ch.height, role: "img",
      "aria-label": "Interval of each claim on a shared axis from " + ch.ticks[0].label + " to " + ch.ticks[ch.ticks.length - 1].label });
    var grid = svg("g", { "class": "grid" });
    ch.ticks.forEach(function (t) {
      add(grid, svg("line", { x1: t.pos, x2: t.pos, y1: 4, y2: ch.axis_y }));
      add(grid, svg("text", { x: t.pos, y: ch.axis_y + 16, "text-anchor": "middle" }, t.label));
    });
    add(s, grid);
    ch.rows.forEach(function (r) {
      var g = svg("g", { "class": "row" }, svg("title", null, r.label + ": " + r.text),
        svg("text", { "class": "lbl", x: ch.left - 14, y: r.y + 4, "text-anchor": "end" }, clip(r.label, 28)));
      if (r.x2 > r.x1) add(g, svg("rect", { "class": "bar" + (r.open_low || r.open_high ? " open" : ""), x: r.x1, y: r.y - 4,
        width: Math.round((r.x2 - r.x1) * 10) / 10, height: 8, rx: 4 }));
      if (r.open_high) add(g, svg("path", { "class": "arrow", d: "M" + r.x2 + "," + (r.y - 7) + " L" + (r.x2 + 10) + "," + r.y + " L" + r.x2 + "," + (r.y + 7) + " Z" }));
      if (r.open_low) add(g, svg("path", { "class": "arrow", d: "M" + r.x1 + "," + (r.y - 7) + " L" + (r.x1 - 10) + "," + r.y + " L" + r.x1 + "," + (r.y + 7) + " Z" }));
      if (r.dot !== null) add(g, svg("circle", { "class": "dot", cx: r.dot, cy: r.y, r: r.x2 > r.x1 ? 5 : 6 }));
      add(s, g);
    });
    return s;
  }

  function timelineChart(t) {
    var s = svg("svg", { "class": "tchart", viewBox: "0 0 " + t.width + " " + t.height, role: "img",
      "aria-label": "Figure by as-of date, " + t.xticks[0].label + " to " + t.xticks[t.xticks.length - 1].label });
    var grid = svg("g", { "class": "grid" });
    t.yticks.forEach(function (y) {
      add(grid, svg("line", { x1: t.left, x2: t.right, y1: y.pos, y2: y.pos }));
      add(grid, svg("text", { x: t.left - 6, y: y.pos + 4, "text-anchor": "end" }, y.label));
    });
    t.xticks.forEach(function (x, i) {
      add(grid, svg("text", { x: x.pos, y: t.height - 6, "text-anchor": i === 0 ? "start" : "end" }, x.label));
    });
    add(s, [grid, svg("path", { "class": "line", d: t.path })]);
    t.points.forEach(function (p) {
      add(s, svg("circle", { "class": "pt", cx: p.x, cy: p.y, r: 4 }, svg("title", null, p.date + ": " + p.label)));
    });
    return s;
  }

  function title(c) {
    return el("h3", { "class": "card-title" }, c.title, c.place ? el("span", { "class": "place" }, " \u00b7 " + c.place) : null);
  }
  function articleLink(r) { return el("a", { "class": "to-article", href: "#" + r.article_anchor }, "in article"); }

  function singleCard(c) {
    var e = entryOf(c.id);
    var box = el("details", { "class": "single-review answer", open: e && e.decision ? "" : null },
      el("summary", null, singleSummary(e)), reviewForm(c.id, c.title + (c.place ? ", " + c.place : "")));
    return el("article", { "class": "card single", id: c.anchor, "data-verdict": "single" },
      el("div", { "class": "single-line" }, title(c), c.rows.map(function (r) {
        return el("p", { "class": "single-fig", id: r.row_anchor }, el("span", { "class": "fig" }, r.interval), " ",
          el("span", { "class": "muted" }, (r.outlet || r.doc) + (r.published ? ", " + r.published : "")), " ", articleLink(r));
      }), box));
  }

  function summary(c) {
    var items = [["Low", c.low], ["Best", c.best], ["High", c.high], ["Conservative", c.conservative],
      ["Independent sources", String(c.independent_sources)]];
    return el("dl", { "class": "summary answer" }, items.map(function (it) {
      return el("div", null, el("dt", null, it[0]), el("dd", null, it[1]));
    }));
  }

  function claimTable(c) {
    var head = el("tr", null, ["Outlet", "Published", "Source", "As written", "Interval", "As of"].map(function (h) {
      return el("th", { scope: "col" }, h);
    }));
    var body = el("tbody");
    c.rows.forEach(function (r) {
      add(body, el("tr", { "class": "claim-row", id: r.row_anchor }, el("td", { "data-label": "Outlet" }, r.outlet || r.doc),
        el("td", { "data-label": "Published" }, r.published), el("td", { "data-label": "Source" }, r.source || "\u2014"),
        el("td", { "class": "fig", "data-label": "As written" }, r.number_text),
        el("td", { "class": "fig", "data-label": "Interval" }, r.interval), el("td", { "data-label": "As of" }, r.as_of)));
      add(body, el("tr", { "class": "quote-row" }, el("td", { colspan: 6 },
        el("q", null, r.before, el("mark", null, r.figure), r.after), " ", articleLink(r))));
    });
    return el("div", { "class": "table-wrap" }, el("table", { "class": "claims" }, el("thead", null, head), body));
  }

  function fullCard(c) {
    var badges = el("div", { "class": "badges answer" }, el("span", { "class": "badge v-" + c.verdict }, c.verdict_label),
      c.kind ? el("span", { "class": "kind" }, c.kind_label) : null,
      c.verdict === "conflict" ? el("span", { "class": "sev sev-" + c.severity_band, title: "Relative gap between the furthest-apart intervals" }, "gap " + c.severity_text) : null);
    var meta = el("p", { "class": "card-meta" }, c.category + " \u00b7 " + plural(c.rows.length, "claim") + " \u00b7 " + plural(c.outlets.length, "outlet"),
      c.diff ? [" \u00b7 ", el("span", { "class": "tag tag-" + c.diff }, c.diff)] : null);
    var head = el("header", { "class": "card-head" }, el("div", null, title(c), meta), badges,
      el("button", { "class": "reveal", type: "button", "aria-expanded": "false" }, "Reveal verdict"));
    var latest = c.latest.length ? el("p", { "class": "latest answer" }, el("span", { "class": "muted" }, "Latest per source:"), " ",
      c.latest.map(function (l, i) {
        return [el("span", { "class": "src" }, l.source + " ", el("b", null, l.number_text), l.as_of ? " (" + l.as_of + ")" : null),
          i < c.latest.length - 1 ? "; " : null];
      })) : null;
    return el("article", { "class": "card v-" + c.verdict, id: c.anchor, "data-verdict": c.verdict }, head,
      c.explanation ? el("p", { "class": "explanation answer" }, c.explanation) : null,
      el("div", { "class": "card-body" }, c.chart ? el("figure", { "class": "chart" }, intervalChart(c.chart)) : null, summary(c)),
      c.timeline ? el("figure", { "class": "timeline answer" }, el("figcaption", null, "Figure by as-of date"), timelineChart(c.timeline)) : null,
      claimTable(c), latest, reviewForm(c.id, c.title + (c.place ? ", " + c.place : "")),
      el("p", { "class": "card-foot muted" }, "Group " + c.id, c.rule ? el("span", { "class": "answer" }, " \u00b7 rule " + c.rule) : null));
  }

  function render(c) { return c.verdict === "single" ? singleCard(c) : fullCard(c); }

  function matches(c) {
    if (state.v && c.verdict !== state.v) return false;
    if (state.cat && c.category !== state.cat) return false;
    if (state.outlet && c.outlets.indexOf(state.outlet) < 0) return false;
    if (state.q) {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      for (var i = 0; i < words.length; i++) if (c.search.indexOf(words[i]) < 0) return false;
    }
    return true;
  }
  function ordered() {
    var key = state.t ? "training_order" : "order";
    return cards.filter(matches).sort(function (a, b) { return a[key] - b[key]; });
  }

  function readHash() {
    var h = location.hash;
    if (h.indexOf("#?") !== 0) return;
    var params = new URLSearchParams(h.slice(2));
    state.v = params.get("verdict") || "";
    state.cat = params.get("category") || "";
    state.outlet = params.get("outlet") || "";
    state.q = params.get("q") || "";
    state.p = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    state.t = params.has("training") ? params.get("training") === "1" : data.training;
  }
  function writeHash() {
    var params = new URLSearchParams();
    if (state.v) params.set("verdict", state.v);
    if (state.cat) params.set("category", state.cat);
    if (state.outlet) params.set("outlet", state.outlet);
    if (state.q) params.set("q", state.q);
    if (state.p > 1) params.set("page", String(state.p));
    if (state.t !== data.training) params.set("training", state.t ? "1" : "0");
    var text = params.toString();
    var url = location.pathname + location.search + (text ? "#?" + text : "");
    if (text || location.hash.indexOf("#?") === 0) history.replaceState(null, "", url);
  }

  function syncControls() {
    document.querySelectorAll(".seg button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-verdict") === state.v ? "true" : "false");
    });
    setSelect("f-category", state.cat);
    setSelect("f-outlet", state.outlet);
    var q = document.getElementById("f-q");
    if (q.value !== state.q) q.value = state.q;
    document.body.classList.toggle("training", state.t);
    document.getElementById("training-toggle").setAttribute("aria-pressed", state.t ? "true" : "false");
  }
  function setSelect(id, value) {
    var s = document.getElementById(id);
    var ok = Array.prototype.some.call(s.options, function (o) { return o.value === value; });
    s.value = ok ? value : "";
  }

  function apply(all) {
    var hits = ordered();
    var size = data.pageSize;
    var pages = Math.max(1, Math.ceil(hits.length / size));
    if (state.p > pages) state.p = pages;
    var shown = all ? hits : hits.slice((state.p - 1) * size, state.p * size);
    var frag = document.createDocumentFragment();
    shown.forEach(function (c) { frag.appendChild(render(c)); });
    if (!hits.length) frag.appendChild(el("p", { "class": "empty" }, cards.length ? "No group matches these filters." : "No groups: no claim was found in these articles."));
    list.replaceChildren(frag);
    var first = hits.length ? (state.p - 1) * size + 1 : 0;
    countEl.textContent = hits.length > size && !all
      ? "Showing " + first.toLocaleString("en-US") + "\u2013" + (first + shown.length - 1).toLocaleString("en-US") + " of " + plural(hits.length, "group") + "."
      : plural(hits.length, "group") + (hits.length < cards.length ? " of " + cards.length.toLocaleString("en-US") : "") + ".";
    pager.hidden = pages < 2 || all;
    document.getElementById("page-of").textContent = "Page " + state.p + " of " + pages;
    document.getElementById("prev").disabled = state.p <= 1;
    document.getElementById("next").disabled = state.p >= pages;
    syncControls();
    writeHash();
  }

  function reveal(anchor) {
    var target = document.getElementById(anchor);
    var card = byAnchor[anchor];
    if (!target && card) {
      if (!matches(card)) { state.v = ""; state.cat = ""; state.outlet = ""; state.q = ""; }
      var idx = ordered().indexOf(card);
      state.p = Math.floor(idx / data.pageSize) + 1;
      apply();
      target = document.getElementById(anchor);
    }
    if (!target) return false;
    target.scrollIntoView({ block: "start" });
    var holder = target.closest(".card") || target;
    holder.classList.add("flash");
    setTimeout(function () { holder.classList.remove("flash"); }, 1600);
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("button.reveal");
    if (btn) {
      var card = btn.closest(".card");
      var open = card.classList.toggle("revealed");
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      btn.textContent = open ? "Hide verdict" : "Reveal verdict";
      return;
    }
    var a = ev.target.closest("a[href^='#']");
    if (!a) return;
    var anchor = decodeURIComponent(a.getAttribute("href").slice(1));
    if (anchor.indexOf("?") === 0) return;
    if (reveal(anchor)) ev.preventDefault();
  });
  document.querySelectorAll(".seg button").forEach(function (b) {
    b.addEventListener("click", function () { state.v = b.getAttribute("data-verdict"); state.p = 1; apply(); });
  });
  document.getElementById("f-category").addEventListener("change", function (e) { state.cat = e.target.value; state.p = 1; apply(); });
  document.getElementById("f-outlet").addEventListener("change", function (e) { state.outlet = e.target.value; state.p = 1; apply(); });
  var timer = null;
  document.getElementById("f-q").addEventListener("input", function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = e.target.value.trim(); state.p = 1; apply(); }, 120);
  });
  document.querySelector("form.filters").addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("prev").addEventListener("click", function () { state.p -= 1; apply(); list.scrollIntoView(); });
  document.getElementById("next").addEventListener("click", function () { state.p += 1; apply(); list.scrollIntoView(); });
  document.getElementById("training-toggle").addEventListener("click", function () {
    state.t = !state.t; state.p = 1;
    if (state.t) state.v = "";
    apply();
  });
  window.addEventListener("hashchange", function () { if (location.hash.indexOf("#?") === 0) { readHash(); apply(); } });
  window.addEventListener("beforeprint", function () { if (cards.length <= 1000) apply(true); });
  window.addEventListener("afterprint", function () { apply(); });

  // ------------------------------------------------------------ editor's reviews
  var DECISION_LABELS = { confirmed_error: "Confirmed error", explained: "Explained", accepted: "Accepted", false_alarm: "False alarm" };
  var REVIEW_KEYS = ["decision", "note", "by", "date"];
  var TOML_ESC = { "\"": "\\\"", "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };
  var STORE_KEY = "factcheck.reviews." + data.identity;
  var REVIEWER_KEY = "factcheck.reviewer";
  var store = openStore();
  var prefilled = toMap(data.reviews);
  var edits = loadEdits();
  var reviewer = readStore(REVIEWER_KEY);
  var statusEl = document.getElementById("review-status");
  var clearBtn = document.getElementById("review-clear");
  var restoreBtn = document.getElementById("review-restore");
  var clearArmed = null;

  function openStore() {
    try {
      var s = window.localStorage;
      s.setItem("factcheck.probe", "1");
      s.removeItem("factcheck.probe");
      return s;
    } catch (e) { return null; }
  }
  function text(v) { return typeof v === "string" ? v : ""; }
  function cleanEntry(raw) {
    var out = {};
    REVIEW_KEYS.forEach(function (k) { out[k] = text(raw && raw[k]); });
    return out;
  }
  function toMap(obj) {
    var m = new Map();
    if (obj && typeof obj === "object") Object.keys(obj).forEach(function (id) { m.set(id, cleanEntry(obj[id])); });
    return m;
  }
  function readStore(key) {
    try { return store ? text(store.getItem(key)) : ""; } catch (e) { return ""; }
  }
  function writeStore(key, value) {
    if (!store) return;
    try {
      if (value) store.setItem(key, value);
      else store.removeItem(key);
    } catch (e) { /* full or forbidden storage: edits stay in this page only */ }
  }
  function loadEdits() {
    try {
      var raw = JSON.parse(readStore(STORE_KEY) || "null");
      return toMap(raw && typeof raw === "object" ? raw.edits : null);
    } catch (e) { return new Map(); }
  }
  function saveEdits() {
    var obj = {};
    edits.forEach(function (e, id) { obj[id] = e; });
    writeStore(STORE_KEY, edits.size ? JSON.stringify({ edits: obj }) : "");
  }

  function sameReview(a, b) { return !!a && !!b && a.decision === b.decision && a.note === b.note && a.by === b.by; }
  function earlierEdits() {
    var found = new Map();
    if (!store || edits.size) return found;
    var known = new Set(cards.map(function (c) { return c.id; }));
    document.querySelectorAll("li.relation[data-id]").forEach(function (li) { known.add(li.getAttribute("data-id")); });
    try {
      for (var i = 0; i < store.length; i++) {
        var key = store.key(i);
        if (!key || key === STORE_KEY || key.indexOf("factcheck.reviews.") !== 0) continue;
        var raw = JSON.parse(store.getItem(key) || "null");
        toMap(raw && typeof raw === "object" ? raw.edits : null).forEach(function (e, id) {
          var had = found.get(id);
          if (known.has(id) && !sameReview(prefilled.get(id), e) && (!had || had.date < e.date)) found.set(id, e);
        });
      }
    } catch (e) { /* storage that cannot be listed offers nothing */ }
    return found;
  }
  function restoreEarlier() {
    earlier.forEach(function (e, id) { edits.set(id, e); });
    var n = earlier.size;
    earlier = new Map();
    restoreBtn.hidden = true;
    saveEdits();
    apply();
    syncRelationForms();
    showStatus("Restored " + plural(n, "edit") + " made on an earlier report of these groups.");
  }
  function entryOf(id) { return edits.has(id) ? edits.get(id) : (prefilled.get(id) || null); }
  function decided() {
    var out = new Map();
    prefilled.forEach(function (e, id) { if (!edits.has(id) && e.decision) out.set(id, e); });
    edits.forEach(function (e, id) { if (e.decision) out.set(id, e); });
    return out;
  }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }
  function setField(id, key, value) {
    var next = cleanEntry(entryOf(id));
    next[key] = value;
    if (key === "by") { reviewer = value; writeStore(REVIEWER_KEY, value); }
    if (key === "decision" && value && !next.by && reviewer) next.by = reviewer;
    var orig = prefilled.get(id);
    var same = orig ? sameReview(orig, next) : !next.decision && !next.note;
    if (same) edits.delete(id);
    else { next.date = today(); edits.set(id, next); }
    saveEdits();
    return entryOf(id) || cleanEntry(null);
  }

  function tomlString(value) {
    return "\"" + value.replace(/["\\\u0000-\u001f\u007f]/g, function (ch) {
      return TOML_ESC[ch] || "\\u" + ("000" + ch.charCodeAt(0).toString(16).toUpperCase()).slice(-4);
    }) + "\"";
  }
  function byCodePoint(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }
  function reviewsToml(reviews) {
    var lines = ["# factcheck reviews: one table per group id; decision is one of " + data.decisions.join(", "), ""];
    Array.from(reviews.keys()).sort(byCodePoint).forEach(function (id) {
      var entry = reviews.get(id);
      lines.push("[groups." + tomlString(id) + "]");
      REVIEW_KEYS.forEach(function (k) {
        var v = entry[k];
        if (v === null || v === undefined || (k === "date" && v === "")) return;
        lines.push(k + " = " + tomlString(String(v)));
      });
      lines.push("");
    });
    return lines.join("\n");
  }
  window.factcheckReviewsToml = function (reviews) {
    if (!reviews) return reviewsToml(decided());
    var m = new Map();
    Object.keys(reviews).forEach(function (id) { m.set(id, reviews[id]); });
    return reviewsToml(m);
  };
  window.factcheckReviews = function () {
    var out = {};
    decided().forEach(function (e, id) { out[id] = cleanEntry(e); });
    return out;
  };

  function download() {
    var reviews = decided();
    var href = URL.createObjectURL(new Blob([reviewsToml(reviews)], { type: "application/toml" }));
    var a = el("a", { href: href, download: "reviews.toml", hidden: "" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(href); }, 1000);
    showStatus("Downloaded reviews.toml with " + plural(reviews.size, "review") + ". Save it beside the articles (or pass it with --reviews) and run factcheck again.");
  }
  function showStatus(message) {
    var n = decided().size;
    statusEl.textContent = message || (!n && !edits.size ? "No reviews yet." : plural(n, "review") + (edits.size
      ? ", " + edits.size.toLocaleString("en-US") + " changed in this browser: download reviews.toml to keep them" + (store ? "." : " (this page cannot store them).")
      : " from reviews.toml."));
    clearBtn.disabled = !edits.size;
    if (clearArmed === null) clearBtn.textContent = "Clear my edits";
  }
  function clearEdits() {
    if (clearArmed === null) {
      clearBtn.textContent = "Clear " + plural(edits.size, "edit") + "? Click again";
      clearArmed = setTimeout(function () { clearArmed = null; showStatus(); }, 4000);
      return;
    }
    clearTimeout(clearArmed);
    clearArmed = null;
    edits = new Map();
    saveEdits();
    apply();
    syncRelationForms();
    showStatus("Your edits are cleared; the page shows reviews.toml again.");
  }

  function reviewLine(e) {
    if (!e || !e.decision) return "";
    return "Reviewed: " + (DECISION_LABELS[e.decision] || e.decision) + (e.note ? " \u2014 " + e.note : "")
      + (e.by || e.date ? " (" + [e.by, e.date].filter(Boolean).join(", ") + ")" : "");
  }
  function singleSummary(e) { return e && e.decision ? "Reviewed: " + (DECISION_LABELS[e.decision] || e.decision) : "Review"; }
  function noteRows(value) { return Math.min(6, Math.max(1, value.split("\n").length)); }
  function reviewForm(id, what) {
    var e = entryOf(id) || cleanEntry(null);
    var options = [el("option", { value: "" }, "Not reviewed")].concat(data.decisions.map(function (d) {
      return el("option", { value: d }, DECISION_LABELS[d] || d);
    }));
    if (e.decision && data.decisions.indexOf(e.decision) < 0) options.push(el("option", { value: e.decision }, e.decision));
    var select = el("select", { "data-field": "decision" }, options);
    select.value = e.decision;
    var note = el("textarea", { "data-field": "note", rows: noteRows(e.note), placeholder: "What was checked, with whom" });
    note.value = e.note;
    var by = el("input", { type: "text", "data-field": "by", autocomplete: "name", spellcheck: "false", placeholder: reviewer || "Your name" });
    by.value = e.by;
    return el("div", { "class": "review-box answer" + (e.decision ? " decided" : ""), "data-id": id },
      el("fieldset", { "class": "review-form" },
        el("legend", null, "Review of " + what),
        el("label", { "class": "rf-decision" }, el("span", null, "Decision"), select),
        el("label", { "class": "rf-note" }, el("span", null, "Note"), note),
        el("label", { "class": "rf-by" }, el("span", null, "By"), by)),
      el("p", { "class": "review review-print" }, reviewLine(e)));
  }
  function onReviewInput(ev) {
    var field = ev.target.getAttribute("data-field");
    var box = ev.target.closest(".review-box");
    if (!field || !box) return;
    var e = setField(box.getAttribute("data-id"), field, ev.target.value);
    if (field === "note") ev.target.rows = noteRows(ev.target.value);
    var by = box.querySelector("[data-field='by']");
    if (field === "decision" && by.value !== e.by) by.value = e.by;
    if (field === "by") document.querySelectorAll(".review-box [data-field='by']").forEach(function (b) { b.placeholder = reviewer || "Your name"; });
    box.classList.toggle("decided", !!e.decision);
    var summary = box.parentNode.tagName === "DETAILS" ? box.parentNode.querySelector("summary") : null;
    if (summary) summary.textContent = singleSummary(e);
    box.querySelector(".review-print").textContent = reviewLine(e);
    showStatus();
  }
  function syncRelationForms() {
    document.querySelectorAll("li.relation[data-id]").forEach(function (li) {
      var id = li.getAttribute("data-id");
      var old = li.querySelector(".review-box");
      if (old) old.remove();
      if (li.classList.contains("fails") || entryOf(id)) li.appendChild(reviewForm(id, "relation " + id));
    });
  }
  document.addEventListener("change", onReviewInput);
  document.addEventListener("input", function (ev) { if (ev.target.tagName !== "SELECT") onReviewInput(ev); });
  document.getElementById("review-download").addEventListener("click", download);
  clearBtn.addEventListener("click", clearEdits);
  restoreBtn.addEventListener("click", restoreEarlier);
  var stored = edits.size;
  edits.forEach(function (e, id) { if (sameReview(prefilled.get(id), e)) edits.delete(id); });
  if (edits.size !== stored) saveEdits();
  var earlier = earlierEdits();
  if (earlier.size) {
    restoreBtn.textContent = "Restore " + plural(earlier.size, "edit") + " from an earlier report";
    restoreBtn.hidden = false;
  }
  syncRelationForms();
  showStatus();

  readHash();
  if (state.t) state.v = "";
  apply();
  if (location.hash && location.hash.indexOf("#?") !== 0) reveal(decodeURIComponent(location.hash.slice(1)));
})();
