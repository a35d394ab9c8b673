(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  // Lists of like records come as {"$k": keys, "$v": [values...]} (see render.pack): turn them back into objects.
  function unpack(v) {
    if (Array.isArray(v)) return v.map(unpack);
    if (v && typeof v === "object" && Array.isArray(v.$k) && Array.isArray(v.$v)) {
      return v.$v.map(function (row) {
        var o = {};
        for (var i = 0; i < v.$k.length; i++) o[v.$k[i]] = unpack(row[i]);
        return o;
      });
    }
    if (v && typeof v === "object") Object.keys(v).forEach(function (k) { v[k] = unpack(v[k]); });
    return v;
  }
  var data = JSON.parse(document.getElementById("fc-data").textContent);
  ["cards", "stories", "articles"].forEach(function (k) { data[k] = unpack(data[k]); });
  var cards = data.cards;
  var stories = data.stories;
  var byAnchor = {}, byId = {}, storyById = {};
  var VERDICT_LABELS = { conflict: "Conflict", evolving: "Evolving", consistent: "Consistent", single: "Single claim" };
  stories.forEach(function (s, i) { s.anchor = "story-" + s.id; s.idx = i; storyById[s.id] = s; });
  var rowById = {};
  cards.forEach(function (c) {
    c.anchor = "card-" + c.id;
    c.rows.forEach(function (r) { rowById[r.id] = r; });
    byAnchor[c.anchor] = c;
    byId[c.id] = c;
    c.rows.forEach(function (r) { r.row_anchor = "row-" + r.id; r.article_anchor = "claim-" + r.id; byAnchor[r.row_anchor] = c; });
  });
  cards.forEach(function (c) {
    if (c.chart) c.chart.rows.forEach(function (cr, i) {
      var r = c.rows[i];
      cr.label = [r.outlet || r.doc, r.as_of || r.published].filter(Boolean).join(" \u00b7 ");
      cr.text = r.interval;
    });
    if (c.series) c.series.marks.forEach(function (m) {
      var r = rowById[m.claim];
      m.who = c.series.legend[m.key][2];
      m.outlet = r ? r.outlet || r.doc : "";
      m.figure = r ? r.number_text : "";
      m.interval = r ? r.interval : "";
      m.label = m.outlet + ", " + (r && r.source ? r.source : "no source") + ", " + m.day + ": " + m.figure;
    });
    var s = storyById[c.story];
    var parts = [c.id, c.verdict, c.category, c.title, c.place, c.explanation, c.basis_text, s ? s.title : ""].concat(c.outlets);
    c.rows.forEach(function (r) { parts.push(r.source, r.before, r.figure, r.after, r.number_text); });
    c.search = parts.join(" ").toLowerCase().replace(/\s+/g, " ");
  });
  var state = { story: "", v: "", cat: "", outlet: "", q: "", p: 1, t: data.training, at: "" };
  var more = {};  // story id -> how many groups (and figures reported once) are drawn
  var openSingles = {};
  var list = document.getElementById("cards");
  var countEl = document.getElementById("result-count");
  var pager = document.querySelector(".pager");
  var navStatus = document.getElementById("nav-status");
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
  function num(n) { return n.toLocaleString("en-US"); }
  function plural(n, word, many) { return num(n) + " " + (n === 1 ? word : (many || word + "s")); }
  function clip(s, n) { return s.length <= n ? s : s.slice(0, n - 1) + "\u2026"; }
  function placed(c) { return c.title + (c.place ? ", " + c.place : ""); }

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

  function seriesChart(t, caption, anchor) {
    var s = svg("svg", { "class": "schart", viewBox: "0 0 " + t.width + " " + t.height, role: "img", "aria-label": t.label });
    var grid = svg("g", { "class": "grid" });
    t.yticks.forEach(function (y) {
      add(grid, svg("line", { x1: t.left, x2: t.right, y1: y.pos, y2: y.pos }));
      add(grid, svg("text", { x: t.left - 6, y: y.pos + 4, "text-anchor": "end" }, y.label));
    });
    t.xticks.forEach(function (x) { add(grid, svg("text", { x: x.pos, y: t.height - 8, "text-anchor": "middle" }, x.label)); });
    add(s, grid);
    if (t.path) add(s, svg("path", { "class": "line", d: t.path }));
    t.marks.forEach(function (m) {
      add(s, svg("g", { "class": "mark k" + m.key, "data-claim": m.claim }, svg("title", null, m.label + " (" + m.interval + ")"),
        svg("line", { "class": "whisker" + (m.open_low || m.open_high ? " open" : ""), x1: m.x, x2: m.x, y1: m.y1, y2: m.y2 }),
        m.y !== null ? svg("use", { href: "#shape-" + t.legend[m.key][1], x: m.x, y: m.y }) : null));
    });
    var legend = el("ul", { "class": "legend" }, t.legend.map(function (k) {
      return el("li", { "class": "k" + k[0] }, svg("svg", { "class": "key", viewBox: "-7 -7 14 14", "aria-hidden": "true" },
        svg("use", { href: "#shape-" + k[1] })), k[2]);
    }));
    var head = el("tr", null, ["Reported", "Source", "Outlet", "As written", "Interval"].map(function (h) { return el("th", { scope: "col" }, h); }));
    var rows = t.marks.map(function (m) {
      return el("tr", null, el("td", null, m.day), el("td", null, m.who), el("td", null, m.outlet), el("td", { "class": "fig" }, m.figure), el("td", null, m.interval));
    });
    return el("figure", { "class": "series" }, el("figcaption", null, el("a", { href: "#" + anchor }, caption)), s, legend,
      el("details", { "class": "as-table" }, el("summary", null, "The figures as a table"),
        el("table", { "class": "plain" }, el("thead", null, head), el("tbody", null, rows))));
  }

  function title(c, h) {
    return el(h || "h4", { "class": "card-title" }, c.title, c.place ? el("span", { "class": "place" }, " \u00b7 " + c.place) : null);
  }
  function articleLink(r) { return el("a", { "class": "to-article", href: "#" + r.article_anchor }, "in article"); }
  function unsureNote(r) { return r.unsure ? [" ", el("span", { "class": "unsure-note" }, "unsure of " + r.unsure)] : null; }
  function sameButton(c, r) {
    return el("button", { type: "button", "class": "linkish answer", "data-same": r.id, "data-card": c.id }, "Same as\u2026");
  }

  function singleCard(c) {
    var e = entryOf(c.id);
    var box = el("details", { "class": "single-review answer", open: e && e.decision ? "" : null },
      el("summary", null, singleSummary(e)), reviewForm(c.id, placed(c)));
    return el("article", { "class": "card single", id: c.anchor, "data-verdict": "single" },
      el("div", { "class": "single-line" }, title(c), c.rows.map(function (r) {
        return el("p", { "class": "single-fig" + (r.unsure ? " unsure" : ""), id: r.row_anchor }, el("span", { "class": "fig" }, r.interval), " ",
          el("span", { "class": "muted" }, (r.outlet || r.doc) + (r.published ? ", " + r.published : "")), " ", articleLink(r), " ", sameButton(c, r), unsureNote(r));
      }), box), fixPanel(c));
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
      add(body, el("tr", { "class": "claim-row" + (r.unsure ? " unsure" : ""), id: r.row_anchor }, el("td", { "data-label": "Outlet" }, r.outlet || r.doc),
        el("td", { "data-label": "Published" }, r.published), el("td", { "data-label": "Source" }, r.source || "\u2014"),
        el("td", { "class": "fig", "data-label": "As written" }, r.number_text),
        el("td", { "class": "fig", "data-label": "Interval" }, r.interval), el("td", { "data-label": "As of" }, r.as_of)));
      add(body, el("tr", { "class": "quote-row" + (r.unsure ? " unsure" : "") }, el("td", { colspan: 6 },
        el("q", null, r.before, el("mark", null, r.figure), r.after), " ", articleLink(r), " ", sameButton(c, r), unsureNote(r))));
    });
    return el("div", { "class": "table-wrap" }, el("table", { "class": "claims" }, el("thead", null, head), body));
  }

  function basis(c) {
    if (!c.basis.length && !c.basis_text && !c.near.length) return null;
    return el("div", { "class": "basis answer" },
      c.basis.length || c.basis_text ? el("p", { "class": "why" }, el("span", { "class": "lbl" }, "Why grouped:"), " ", c.basis_text,
        c.basis.map(function (b) { return [" ", el("span", { "class": "chip" }, b[0] + ": " + b[1])]; })) : null,
      c.near.length ? el("details", { "class": "near" },
        el("summary", null, plural(c.near.length, "near miss", "near misses") + ": left out, and why"),
        el("ul", null, c.near.map(function (n) { return el("li", null, el("a", { href: "#" + n.anchor }, n.text), " \u2014 " + n.reason); }))) : null);
  }

  function fullCard(c, charted) {
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
      c.explanation ? el("p", { "class": "explanation answer" }, c.explanation) : null, basis(c),
      el("div", { "class": "card-body" }, c.chart ? el("figure", { "class": "chart" }, intervalChart(c.chart)) : null, summary(c)),
      c.series && !charted ? el("div", { "class": "answer" }, seriesChart(c.series, "Figure by reporting date", c.anchor)) : null,
      claimTable(c), latest, c.rows.length > 1 ? el("p", { "class": "fix-tools answer" },
        el("button", { type: "button", "class": "btn quiet", "data-apart": c.id }, "Not the same count\u2026")) : null,
      fixPanel(c), reviewForm(c.id, placed(c)),
      el("p", { "class": "card-foot muted" }, "Group " + c.id, c.rule ? el("span", { "class": "answer" }, " \u00b7 rule " + c.rule) : null));
  }

  function render(c, charted) { return c.verdict === "single" ? singleCard(c) : fullCard(c, charted); }

  function matches(c) {
    if (state.story && c.story !== state.story) return false;
    if (state.v && c.verdict !== state.v) return false;
    if (state.cat && c.category !== state.cat) return false;
    if (state.outlet && c.outlets.indexOf(state.outlet) < 0) return false;
    if (state.q) {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      for (var i = 0; i < words.length; i++) if (c.search.indexOf(words[i]) < 0) return false;
    }
    return true;
  }
  function filtered() { return !!(state.v || state.cat || state.outlet || state.q); }
  function ordered() {
    var key = state.t ? "training_order" : "order";
    return cards.filter(matches).sort(function (a, b) { return a[key] - b[key]; });
  }
  // The stories to show and, for each, its matching groups in story order (conflicts, evolving, consistent, single).
  function storyHits() {
    var hits = {};
    cards.forEach(function (c) { if (matches(c)) (hits[c.story] = hits[c.story] || []).push(c); });
    var rank = { conflict: 0, evolving: 1, consistent: 2, single: 3 };
    var key = state.t ? "training_order" : "order";
    var out = [];
    stories.forEach(function (s) {
      if (state.story && s.id !== state.story) return;
      var h = hits[s.id] || [];
      if (!h.length && (filtered() || s.groups)) return;
      h.sort(function (a, b) { return state.t ? a[key] - b[key] : (rank[a.verdict] - rank[b.verdict]) || (a[key] - b[key]); });
      out.push({ story: s, cards: h });
    });
    return out;
  }

  function storySection(s, hits) {
    var groups = hits.filter(function (c) { return c.verdict !== "single"; });
    var singles = hits.filter(function (c) { return c.verdict === "single"; });
    var charted = state.t ? [] : s.series.filter(function (id) { return hits.indexOf(byId[id]) >= 0; }).slice(0, 3);
    var cap = more[s.id] || data.pageSize;
    var section = el("section", { "class": "story", id: s.anchor, "data-story": s.id, "aria-labelledby": s.anchor + "-h" },
      el("header", { "class": "story-head" }, el("h3", { id: s.anchor + "-h" }, s.title),
        el("p", { "class": "story-meta" }, s.dates + " \u00b7 " + plural(s.articles, "article") + " \u00b7 " + plural(s.outlets, "outlet") + " \u00b7 " + plural(s.groups, "group"),
          el("span", { "class": "answer" }, s.open ? [" \u00b7 ", el("b", { "class": "open-n" }, plural(s.open, "open conflict"))] : null),
          state.story ? null : [" \u00b7 ", el("a", { href: "#?story=" + encodeURIComponent(s.id), "data-story-link": s.id }, "this story alone")])));
    if (charted.length) add(section, el("div", { "class": "series-strip answer" }, charted.map(function (id) {
      return seriesChart(byId[id].series, byId[id].headline, byId[id].anchor);
    })));
    add(section, el("div", { "class": "story-cards" }, groups.slice(0, cap).map(function (c) { return render(c, charted.indexOf(c.id) >= 0); })));
    if (groups.length > cap) add(section, el("p", { "class": "more-note" }, el("button", { type: "button", "class": "btn quiet", "data-more": s.id },
      "Show " + plural(Math.min(groups.length - cap, data.pageSize), "more group") + " of " + num(groups.length - cap))));
    if (singles.length) {
      var box = el("details", { "class": "singles", "data-story": s.id, open: openSingles[s.id] ? "" : null },
        el("summary", null, plural(singles.length, "figure") + " reported once"));
      if (openSingles[s.id]) fillSingles(box, singles);
      add(section, box);
    }
    return section;
  }
  function fillSingles(box, singles) {
    var cap = more["1:" + box.getAttribute("data-story")] || data.pageSize;
    add(box, el("div", { "class": "story-cards" }, singles.slice(0, cap).map(function (c) { return render(c); })));
    if (singles.length > cap) add(box, el("p", { "class": "more-note" }, el("button", { type: "button", "class": "btn quiet", "data-more": "1:" + box.getAttribute("data-story") },
      "Show " + plural(Math.min(singles.length - cap, data.pageSize), "more figure") + " of " + num(singles.length - cap))));
  }

  function readHash() {
    var h = location.hash;
    if (h.indexOf("#?") !== 0) return;
    var params = new URLSearchParams(h.slice(2));
    state.story = params.get("story") || "";
    state.v = params.get("verdict") || "";
    state.cat = params.get("category") || "";
    state.outlet = params.get("outlet") || "";
    state.q = params.get("q") || "";
    state.at = params.get("at") || "";
    state.p = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
    state.t = params.has("training") ? params.get("training") === "1" : data.training;
    if (state.story && !storyById[state.story]) state.story = "";
  }
  function writeHash() {
    var params = new URLSearchParams();
    if (state.story) params.set("story", state.story);
    if (state.v) params.set("verdict", state.v);
    if (state.cat) params.set("category", state.cat);
    if (state.outlet) params.set("outlet", state.outlet);
    if (state.q) params.set("q", state.q);
    if (state.p > 1) params.set("page", String(state.p));
    if (state.at) params.set("at", state.at);
    if (state.t !== data.training) params.set("training", state.t ? "1" : "0");
    var text = params.toString();
    var url = location.pathname + location.search + (text ? "#?" + text : "");
    if (text || location.hash.indexOf("#?") === 0) history.replaceState(null, "", url);
  }

  function syncControls() {
    document.querySelectorAll(".seg button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-verdict") === state.v ? "true" : "false");
    });
    setSelect("f-story", state.story);
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
    var shown = storyHits();
    var size = all ? shown.length || 1 : data.storyPage;
    var pages = Math.max(1, Math.ceil(shown.length / size));
    if (state.p > pages) state.p = pages;
    var page = shown.slice((state.p - 1) * size, state.p * size);
    var frag = document.createDocumentFragment();
    page.forEach(function (h) { frag.appendChild(storySection(h.story, h.cards)); });
    var groups = 0;
    shown.forEach(function (h) { groups += h.cards.length; });
    if (!shown.length) frag.appendChild(el("p", { "class": "empty" }, cards.length ? "No group matches these filters." : "No groups: no claim was found in these articles."));
    list.replaceChildren(frag);
    var what = plural(shown.length, "story", "stories") + ", " + plural(groups, "group") + (groups < cards.length ? " of " + num(cards.length) : "");
    countEl.textContent = pages > 1
      ? what + "; showing stories " + num((state.p - 1) * size + 1) + "\u2013" + num((state.p - 1) * size + page.length) + "."
      : what + ".";
    pager.hidden = pages < 2;
    document.getElementById("page-of").textContent = "Page " + state.p + " of " + pages;
    document.getElementById("prev").disabled = state.p <= 1;
    document.getElementById("next").disabled = state.p >= pages;
    syncControls();
    writeHash();
  }

  // Draw the page that holds a card (or story), widening the filters only when they hide it.
  function bringIn(card) {
    if (!matches(card)) { state.v = ""; state.cat = ""; state.outlet = ""; state.q = ""; if (state.story !== card.story) state.story = ""; }
    var shown = storyHits();
    var at = -1;
    shown.forEach(function (h, i) { if (h.story.id === card.story) at = i; });
    if (at < 0) return;
    state.p = Math.floor(at / data.storyPage) + 1;
    var hits = shown[at].cards.filter(function (c) { return (c.verdict === "single") === (card.verdict === "single"); });
    var idx = hits.indexOf(card);
    if (card.verdict === "single") {
      openSingles[card.story] = true;
      more["1:" + card.story] = Math.max(more["1:" + card.story] || data.pageSize, idx + 1);
    } else {
      more[card.story] = Math.max(more[card.story] || data.pageSize, idx + 1);
    }
    apply();
  }
  function reveal(anchor, quiet) {
    var target = document.getElementById(anchor);
    var card = byAnchor[anchor];
    if (!target && articleAt[anchor] !== undefined) {
      showArticles(Math.floor(articleAt[anchor] / data.articlePage) + 1);
      target = document.getElementById(anchor);
    }
    if (!target && card) {
      bringIn(card);
      target = document.getElementById(anchor);
    } else if (anchor.indexOf("story-") === 0 && storyById[anchor.slice(6)]) {
      state.story = anchor.slice(6); state.p = 1; state.at = "";
      apply();
      target = document.getElementById(anchor);
    }
    if (!target) return false;
    for (var d = target.parentNode; d; d = d.parentNode) if (d.tagName === "DETAILS") d.open = true;
    target.scrollIntoView({ block: "start" });
    if (!quiet) {
      var holder = target.closest(".card") || target;
      holder.classList.add("flash");
      setTimeout(function () { holder.classList.remove("flash"); }, 1600);
    }
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    return true;
  }

  // ------------------------------------------------------------ articles, drawn a page at a time
  var articles = data.articles;
  var articleAt = {}, cardOfClaim = {};
  articles.forEach(function (a, i) {
    articleAt["art-" + a.doc] = i;
    a.segs.forEach(function (s) { if (s[2] === 1) articleAt["claim-" + s[1]] = i; });
  });
  cards.forEach(function (c) { c.rows.forEach(function (r) { cardOfClaim[r.id] = c; }); });
  var articleList = document.getElementById("article-list");
  var artPager = document.querySelector(".art-pager");
  var articleCount = document.getElementById("article-count");
  var artPage = 1;
  function articleView(a) {
    var listed = [];
    var text = el("div", { "class": "text" }, a.segs.map(function (s) {
      if (s.length === 1) return s[0];
      if (s.length === 4) return el("span", { "class": "dropped", "data-reason": s[3].replace(/^furniture\./, ""), title: "Left out by rule " + s[3] }, s[0]);
      var c = cardOfClaim[s[1]];
      if (s[2]) listed.push([s[1], s[0], c]);
      return el("a", { "class": "mark v-" + (c ? c.verdict : "none"), id: s[2] ? "claim-" + s[1] : null, href: "#" + (c ? c.anchor : "groups") }, el("mark", null, s[0]));
    }));
    var aside = listed.length ? el("aside", { "class": "article-claims", "aria-label": "Claims in this article" }, el("h4", null, "Claims"),
      el("ol", null, listed.map(function (l) {
        var r = rowById[l[0]], c = l[2];
        var label = c ? VERDICT_LABELS[c.verdict] || c.verdict : "Not grouped";
        return el("li", null, el("a", { href: "#" + (c ? c.anchor : "claim-" + l[0]) }, el("span", { "class": "fig" }, r ? r.number_text : l[1]), " ",
          el("span", { "class": "iv" }, (r ? r.interval : "") + " \u00b7 " + (c ? c.category : ""))),
          " ", el("span", { "class": "answer dot-v v-" + (c ? c.verdict : "none"), title: label }, label));
      }))) : null;
    var meta = (a.outlet || "Unknown outlet") + (a.published ? " \u00b7 " + a.published : "") + " \u00b7 " + plural(a.claims, "claim")
      + (a.dropped ? " \u00b7 " + plural(a.dropped, "furniture span") + " left out" : "") + (a.inferred ? " \u00b7 inferred: " + a.inferred : "");
    return el("article", { "class": "article", id: "art-" + a.doc },
      el("header", null, el("h3", null, a.title), el("p", { "class": "muted" }, meta),
        el("p", { "class": "muted path" }, a.path, a.url ? [" \u00b7 ", el("a", { href: a.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "source")]
          : a.url_text ? [" \u00b7 ", el("span", { "class": "unsafe-url" }, a.url_text)] : null)),
      el("div", { "class": "article-body" }, aside, text));
  }
  function showArticles(pageNo) {
    var size = data.articlePage;
    var pages = Math.max(1, Math.ceil(articles.length / size));
    artPage = Math.min(Math.max(1, pageNo), pages);
    if (pages < 2) return;
    var shown = articles.slice((artPage - 1) * size, artPage * size);
    articleList.replaceChildren.apply(articleList, shown.map(articleView));
    artPager.hidden = false;
    document.getElementById("apage-of").textContent = "Page " + artPage + " of " + pages;
    document.getElementById("aprev").disabled = artPage <= 1;
    document.getElementById("anext").disabled = artPage >= pages;
    articleCount.textContent = "Showing articles " + num((artPage - 1) * size + 1) + "\u2013" + num((artPage - 1) * size + shown.length) + " of " + num(articles.length) + ".";
  }
  if (articles.length > data.articlePage) {
    showArticles(1);
    document.getElementById("aprev").addEventListener("click", function () { showArticles(artPage - 1); document.getElementById("articles").scrollIntoView(); });
    document.getElementById("anext").addEventListener("click", function () { showArticles(artPage + 1); document.getElementById("articles").scrollIntoView(); });
  }

  // j and k: from one finding that needs attention to the next (every group in training mode).
  function findings() {
    if (state.t) return ordered().filter(function (c) { return c.verdict !== "single"; }).map(function (c) { return c.id; });
    return data.attention.length ? data.attention : ordered().filter(function (c) { return c.verdict !== "single"; }).map(function (c) { return c.id; });
  }
  function step(delta) {
    var ids = findings();
    if (!ids.length) return;
    var at = ids.indexOf(state.at);
    var next = at < 0 ? (delta > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + delta));
    state.at = ids[next];
    reveal("card-" + state.at);
    writeHash();
    navStatus.textContent = "Finding " + (next + 1) + " of " + ids.length + ": " + byId[state.at].headline;
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || (ev.key !== "j" && ev.key !== "k")) return;
    if (ev.target.closest && ev.target.closest("input, textarea, select, [contenteditable]")) return;
    ev.preventDefault();
    step(ev.key === "j" ? 1 : -1);
  });

  function moreStories() {
    var body = document.getElementById("story-rows");
    var shown = body.children.length;
    stories.slice(shown).forEach(function (s) {
      add(body, el("tr", null, el("td", null, el("a", { href: "#" + s.anchor }, s.title)), el("td", null, s.dates),
        el("td", { "class": "num" }, num(s.articles)), el("td", { "class": "num" }, num(s.outlets)),
        el("td", { "class": "num answer" }, s.open ? el("b", { "class": "open-n" }, num(s.open)) : "0"),
        el("td", { "class": "answer" }, s.latest.slice(0, 3).map(function (l) {
          return el("a", { "class": "now", href: "#" + l.card }, l.title + ": ", el("b", null, l.figure), " (" + l.day + ")");
        }), s.latest.length > 3 ? el("span", { "class": "muted" }, " +" + (s.latest.length - 3) + " more") : null)));
    });
    document.getElementById("story-more-note").remove();
  }
  function moreAttention() {
    var ol = document.getElementById("attention-list");
    data.attention.slice(ol.children.length).forEach(function (id) {
      var c = byId[id];
      var s = storyById[c.story];
      add(ol, el("li", null, el("a", { href: "#" + c.anchor }, c.headline), " ", el("span", { "class": "sev sev-" + c.severity_band }, "gap " + c.severity_text),
        " ", el("span", { "class": "kind" }, c.kind_label), c.confidence < 0.5 ? [" ", el("span", { "class": "unsure-note" }, "low confidence")] : null,
        el("br"), el("span", { "class": "muted small" }, s ? s.title : "")));
    });
    document.getElementById("attention-more").parentNode.remove();
  }

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("button");
    if (btn && btn.classList.contains("reveal")) {
      var card = btn.closest(".card");
      var open = card.classList.toggle("revealed");
      btn.setAttribute("aria-expanded", open ? "true" : "false");
      btn.textContent = open ? "Hide verdict" : "Reveal verdict";
      return;
    }
    if (btn && btn.hasAttribute("data-more")) {
      var key = btn.getAttribute("data-more");
      more[key] = (more[key] || data.pageSize) + data.pageSize;
      var y = window.scrollY;
      apply();
      window.scrollTo(0, y);
      return;
    }
    if (btn && btn.id === "story-more") { moreStories(); return; }
    if (btn && btn.id === "attention-more") { moreAttention(); return; }
    if (btn && (btn.hasAttribute("data-apart") || btn.hasAttribute("data-same"))) { openFix(btn); return; }
    if (btn && btn.hasAttribute("data-fix-add")) { addFix(btn); return; }
    if (btn && btn.hasAttribute("data-fix-remove")) { removeFix(Number(btn.getAttribute("data-fix-remove"))); return; }
    var a = ev.target.closest("a[href^='#']");
    if (!a) return;
    if (a.hasAttribute("data-story-link")) {
      ev.preventDefault();
      state.story = a.getAttribute("data-story-link"); state.p = 1; apply();
      document.getElementById("groups").scrollIntoView();
      return;
    }
    var anchor = decodeURIComponent(a.getAttribute("href").slice(1));
    if (anchor.indexOf("?") === 0) return;
    if (reveal(anchor)) ev.preventDefault();
  });
  list.addEventListener("toggle", function (ev) {
    var box = ev.target;
    if (!box.classList || !box.classList.contains("singles")) return;
    var sid = box.getAttribute("data-story");
    openSingles[sid] = box.open;
    if (box.open && !box.querySelector(".story-cards")) {
      var hit = storyHits().filter(function (h) { return h.story.id === sid; })[0];
      if (hit) fillSingles(box, hit.cards.filter(function (c) { return c.verdict === "single"; }));
    }
  }, true);
  document.querySelectorAll(".seg button").forEach(function (b) {
    b.addEventListener("click", function () { state.v = b.getAttribute("data-verdict"); state.p = 1; apply(); });
  });
  document.getElementById("f-story").addEventListener("change", function (e) { state.story = e.target.value; state.p = 1; apply(); });
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
  var fixes = loadFixes();  // corrections to the grouping: {kind: same|apart, claim, with: [claim ids], why, by, group}
  var prefixes = (data.corrections || []).filter(function (f) { return f && (f.kind === "same" || f.kind === "apart") && Array.isArray(f.claims) && f.claims.length >= 2; });
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
    writeStore(STORE_KEY, edits.size || fixes.length ? JSON.stringify({ edits: obj, corrections: fixes }) : "");
  }
  function loadFixes() {
    try {
      var raw = JSON.parse(readStore(STORE_KEY) || "null");
      var list = raw && Array.isArray(raw.corrections) ? raw.corrections : [];
      return list.filter(function (f) {
        return f && (f.kind === "same" || f.kind === "apart") && typeof f.claim === "string" && Array.isArray(f.with);
      }).map(function (f) {
        return { kind: f.kind, claim: f.claim, "with": f.with.filter(function (x) { return typeof x === "string"; }),
          why: text(f.why), by: text(f.by), group: text(f.group) };
      });
    } catch (e) { return []; }
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
  // [[same]] and [[apart]] tables: one pair of claim ids each, the first naming the group the run acts on (the run
  // moves the second claim's group into the first's for [[same]], takes the second claim out of the first's group for
  // [[apart]]). "Not the same count" writes [member, split claim] for every other member of the group (a cannot-link
  // with each); "same as" writes [a claim of the chosen group, the claim].
  function pairs() {
    var out = prefixes.map(function (f) { return { kind: f.kind, claims: f.claims.map(String), why: text(f.why), by: text(f.by) }; });
    fixes.forEach(function (f) {
      f.with.forEach(function (other) { out.push({ kind: f.kind, claims: [other, f.claim], why: f.why, by: f.by }); });
    });
    var seen = {};
    return out.filter(function (p) {
      var key = JSON.stringify([p.kind, p.claims, p.why, p.by]);
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }
  function correctionsToml(list) {
    var lines = [];
    ["same", "apart"].forEach(function (kind) {
      list.filter(function (p) { return p.kind === kind; }).sort(function (a, b) {
        return byCodePoint(a.claims.join("\u0000") + "\u0001" + a.why + "\u0001" + a.by, b.claims.join("\u0000") + "\u0001" + b.why + "\u0001" + b.by);
      }).forEach(function (p) {
        lines.push("[[" + kind + "]]", "claims = [" + p.claims.map(tomlString).join(", ") + "]",
          "why = " + tomlString(p.why), "by = " + tomlString(p.by), "");
      });
    });
    return lines.join("\n");
  }
  function fullToml() {
    var list = pairs();
    var text = reviewsToml(decided());
    return list.length ? text + (text.slice(-1) === "\n" ? "" : "\n") + correctionsToml(list) : text;
  }
  window.factcheckCorrections = function () { return pairs(); };
  window.factcheckCorrectionsToml = function (list) { return correctionsToml(list || pairs()); };
  window.factcheckReviewsToml = function (reviews) {
    if (!reviews) return fullToml();
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
    var n = pairs().length;
    var href = URL.createObjectURL(new Blob([fullToml()], { type: "application/toml" }));
    var a = el("a", { href: href, download: "reviews.toml", hidden: "" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(href); }, 1000);
    showStatus("Downloaded reviews.toml with " + plural(reviews.size, "review") + (n ? " and " + plural(n, "correction") : "") + ". Save it beside the articles (or pass it with --reviews) and run factcheck again.");
  }
  function showStatus(message) {
    var n = decided().size;
    var changed = edits.size + fixes.length;
    statusEl.textContent = message || (!n && !changed ? "No reviews yet." : plural(n, "review") + (fixes.length ? ", " + plural(fixes.length, "correction") : "") + (changed
      ? ", " + changed.toLocaleString("en-US") + " changed in this browser: download reviews.toml to keep them" + (store ? "." : " (this page cannot store them).")
      : " from reviews.toml."));
    clearBtn.disabled = !changed;
    renderFixes();
    if (clearArmed === null) clearBtn.textContent = "Clear my edits";
  }
  function clearEdits() {
    if (clearArmed === null) {
      clearBtn.textContent = "Clear " + plural(edits.size + fixes.length, "edit") + "? Click again";
      clearArmed = setTimeout(function () { clearArmed = null; showStatus(); }, 4000);
      return;
    }
    clearTimeout(clearArmed);
    clearArmed = null;
    edits = new Map();
    fixes = [];
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
  // ---------------------------------------------------------- corrections to the grouping
  function fixPanel(c) { return el("div", { "class": "fix-panel answer", "data-card": c.id, hidden: "" }); }
  function claimLabel(r) { return r.number_text + " \u2014 " + (r.outlet || r.doc) + (r.published ? ", " + r.published : "") + (r.source ? " (" + r.source + ")" : ""); }
  function groupChoices(c) {
    var s = storyById[c.story];
    var ids = s ? s.cards : [];
    return ids.map(function (id) { return byId[id]; }).filter(function (g) { return g && g.id !== c.id && g.category === c.category; }).slice(0, 400);
  }
  function field(label, control) { return el("label", null, el("span", null, label), control); }
  function openFix(btn) {
    var c = byId[btn.getAttribute("data-apart") || btn.getAttribute("data-card")];
    var panel = document.querySelector(".fix-panel[data-card='" + CSS.escape(c.id) + "']");
    if (!c || !panel) return;
    var apart = btn.hasAttribute("data-apart");
    var claim = el("select", { "data-fix": "claim" }, c.rows.map(function (r) { return el("option", { value: r.id }, claimLabel(r)); }));
    var controls = [field(apart ? "Claim to split out" : "Claim", claim)];
    if (!apart) {
      claim.value = btn.getAttribute("data-same");
      var choices = groupChoices(c);
      if (!choices.length) {
        panel.replaceChildren(el("p", { "class": "muted" }, "No other group of this story counts " + c.category + "."));
        panel.hidden = false;
        return;
      }
      controls.push(field("Same count as", el("select", { "data-fix": "group" }, choices.map(function (g) {
        return el("option", { value: g.id }, clip(placed(g) + ": " + g.rows.slice(0, 3).map(function (r) { return r.number_text; }).join(", ") + " (" + (VERDICT_LABELS[g.verdict] || g.verdict) + ")", 90));
      }))));
    }
    var why = el("input", { type: "text", "data-fix": "why", placeholder: apart ? "different strikes" : "same count, worded differently" });
    var by = el("input", { type: "text", "data-fix": "by", autocomplete: "name", placeholder: "Your name" });
    by.value = reviewer;
    controls.push(field("Why", why), field("Corrected by", by));
    panel.replaceChildren(el("fieldset", { "class": "fix-form" },
      el("legend", null, apart ? "Not the same count: split a claim out of this group" : "Same as: this claim counts what another group counts"),
      controls, el("p", { "class": "fix-buttons" },
        el("button", { type: "button", "class": "btn", "data-fix-add": apart ? "apart" : "same", "data-card": c.id }, apart ? "Add [[apart]] to reviews.toml" : "Add [[same]] to reviews.toml"),
        " ", el("button", { type: "button", "class": "btn quiet", "data-fix-add": "", "data-card": c.id }, "Cancel"))));
    panel.hidden = false;
    claim.focus();
  }
  function addFix(btn) {
    var c = byId[btn.getAttribute("data-card")];
    var panel = btn.closest(".fix-panel");
    var kind = btn.getAttribute("data-fix-add");
    if (kind) {
      var value = function (k) { var x = panel.querySelector("[data-fix='" + k + "']"); return x ? x.value : ""; };
      var claim = value("claim");
      var by = value("by").trim();
      if (by) { reviewer = by; writeStore(REVIEWER_KEY, by); }
      var fix = { kind: kind, claim: claim, why: value("why").trim(), by: by, group: c.id, "with": [] };
      if (kind === "apart") {
        fix.with = c.rows.map(function (r) { return r.id; }).filter(function (id) { return id !== claim; });
      } else {
        var target = byId[value("group")];
        fix.group = target.id;
        fix.with = [target.rows[0].id];
      }
      if (fix.with.length) fixes.push(fix);
      saveEdits();
      showStatus(kind === "apart" ? "Added: claim " + claim + " is not the same count as the rest of its group." : "Added: claim " + claim + " counts the same as group " + fix.group + ".");
    }
    panel.hidden = true;
    panel.replaceChildren();
  }
  function removeFix(i) {
    fixes.splice(i, 1);
    saveEdits();
    showStatus();
  }
  function fixText(f) {
    var g = byId[f.group];
    var row = rowById[f.claim];
    var what = row ? row.number_text + " (" + (row.outlet || row.doc) + ")" : f.claim;
    return (f.kind === "apart" ? "Not the same count: " + what + " split out of " : "Same as: " + what + " counts what ") + (g ? placed(g) : f.group) + " counts"
      + (f.why ? " \u2014 " + f.why : "") + (f.by ? " (" + f.by + ")" : "");
  }
  function renderFixes() {
    var box = document.getElementById("corrections");
    var ul = document.getElementById("correction-list");
    box.hidden = !fixes.length;
    ul.replaceChildren.apply(ul, fixes.map(function (f, i) {
      return el("li", null, fixText(f), " ", el("button", { type: "button", "class": "linkish", "data-fix-remove": i }, "Remove"));
    }));
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
  if (state.at && byId[state.at]) reveal("card-" + state.at, true);
  else if (location.hash && location.hash.indexOf("#?") !== 0) reveal(decodeURIComponent(location.hash.slice(1)));
})();
