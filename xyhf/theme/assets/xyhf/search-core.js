/* 成果检索 core: tokenizer, query reading and ranking, without the page. The same rules as
 * xyhf/search/tokens.py, index.py and query.py (tests run both on the same texts). The filler words
 * and the synonym pattern come from search-index/meta.json, written by Python: one authority. */
(function (root) {
  "use strict";
  var CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUN = new RegExp("[" + CJK + "]+|[a-z]+|[0-9]+", "g");
  var TERM_RUN = new RegExp("[" + CJK + "]+|[a-z]+|[0-9]+", "g"); // as the index: ZL2017… finds 2017…
  var IS_CJK = new RegExp("^[" + CJK + "]");
  var MAX_QUERY = 300; // a pasted page is read as its first sentences, not frozen on
  var MAX_WORD = 8;
  var STATUS_FACTOR = { available: 1, negotiating: 0.97, licensed: 0.94, withdrawn: 0.9 }; // near-ties only
  var RARE_CHAR = 0.05; // a single character in more than this share of records says nothing in a longer query
  var WEAK = 2; // an everyday word (specificity ≤ WEAK of 10) alone does not make a record a result
  var RELATED = 0.3; // a related concept weighs this much of a query term
  var KEEP = 0.15; // below this share of the best score a record is noise
  var COMMON = 0.5; // every term in more than this share of records: relevance says nothing, newest first
  var PARTIAL = 0.5; // the best record matched less than this share of the query's weight
  var SPECIFIC = 10;
  var COST = { word: 2, pair: 4, char: 2 }; // segmentation: a character pair only where no word covers it

  var FOLD = new Map(); // traditional → simplified, from meta.json (xyhf/data/t2s.txt in Python)
  function setFold(pairs) {
    FOLD = new Map();
    for (var i = 0; i + 1 < (pairs || "").length; i += 2) FOLD.set(pairs[i], pairs[i + 1]);
  }
  function normalize(s) {
    var t = String(s).normalize("NFKC").toLowerCase();
    if (!FOLD.size) return t;
    var out = "";
    for (var i = 0; i < t.length; i++) { var c = t[i]; out += FOLD.get(c) || c; }
    return out;
  }
  /* As Python's Lexicon.standard: reviewed variants and misspellings to their standard form. */
  function standard(text, lexicon) {
    if (!lexicon || !lexicon.variant_pattern) return text;
    if (!lexicon._variants) lexicon._variants = new RegExp(lexicon.variant_pattern, "g");
    return text.replace(lexicon._variants, function (m) { return lexicon.variants[m] || m; });
  }
  function runs(text) { return normalize(text).match(RUN) || []; }
  function isCJK(s) { return IS_CJK.test(s); }
  function bigrams(run) {
    var out = [];
    for (var i = 0; i < run.length - 1; i++) out.push(run.slice(i, i + 2));
    return out.length ? out : [run];
  }
  function indexTokens(text) {
    var out = new Set();
    runs(text).forEach(function (run) {
      if (isCJK(run)) {
        for (var i = 0; i < run.length; i++) out.add(run[i]);
        for (var j = 0; j < run.length - 1; j++) out.add(run.slice(j, j + 2));
      } else {
        out.add(run);
        for (var n = 3; n < run.length; n++) out.add(run.slice(0, n));
      }
    });
    return Array.from(out).sort();
  }
  function fnv1a(token) {
    var h = 0x811c9dc5;
    for (var i = 0; i < token.length; i++) { h ^= token.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function shardKey(token) { return token.length > 2 && isCJK(token) ? token.slice(0, 2) : token; }

  /* Synonyms: spans of the normalised text that belong to a reviewed group (CJK terms anywhere,
   * ASCII terms as whole words), in the order Python's Lexicon.concepts lists them. */
  function conceptSpans(lexicon, text) {
    var out = [];
    if (!lexicon) return out;
    [lexicon.pattern, lexicon.ascii].forEach(function (source) {
      if (!source) return;
      var re = new RegExp(source, "g"), m;
      while ((m = re.exec(text))) {
        if (!m[0]) { re.lastIndex++; continue; }
        var term = m[0].split(" ").filter(Boolean).join(" ");
        out.push({ start: m.index, end: m.index + m[0].length, surface: m[0], concept: lexicon.concept_of[term] });
      }
    });
    return out;
  }
  function concepts(lexicon, text) { return conceptSpans(lexicon, text).map(function (s) { return s.concept; }); }

  /* Reading a query, step 1 (no index needed): the text without multi-character filler words,
   * cut into CJK runs, ASCII words and synonym pieces. */
  function pieces(text, meta) {
    var norm = standard(normalize(String(text).slice(0, MAX_QUERY)), meta.lexicon);
    var spans = conceptSpans(meta.lexicon, norm).sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    var out = [], at = 0;
    spans.forEach(function (s) {
      if (s.start < at) return; // overlapping (an ASCII term inside a CJK one): the first wins
      plain(norm.slice(at, s.start), meta, out);
      out.push({ kind: "concept", text: s.surface, concept: s.concept });
      at = s.end;
    });
    plain(norm.slice(at), meta, out);
    return out;
  }
  function fillerPattern(meta) {
    if (!meta._filler) {
      var long = meta.filler.filter(function (w) { return w.length > 1; }).sort(function (a, b) { return b.length - a.length || (a < b ? -1 : 1); });
      meta._filler = long.length ? new RegExp(long.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "g") : null;
      meta._fillerSet = new Set(meta.filler);
    }
    return meta._filler;
  }
  function plain(text, meta, out) {
    var re = fillerPattern(meta);
    var cleaned = re ? text.replace(re, " ") : text;
    (cleaned.match(TERM_RUN) || []).forEach(function (run) {
      out.push({ kind: isCJK(run) ? "run" : "ascii", text: run });
    });
  }
  /* The tokens a query needs first: every pair of its CJK runs (whose shards also bring the words
   * that start there), ASCII words, synonym concepts and their surfaces' pairs. A character left
   * alone after segmenting is fetched in a second round (most sentences leave none). */
  function neededTokens(ps) {
    var out = [];
    ps.forEach(function (p) {
      if (p.kind === "run") bigrams(p.text).forEach(function (b) { out.push(b); }); // characters later, if any stays alone
      else if (p.kind === "ascii") out.push(p.text);
      else {
        out.push(p.concept);
        if (isCJK(p.text)) bigrams(p.text).forEach(function (b) { out.push(b); }); else out.push(p.text);
      }
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }
  /* Step 2, with the fetched entries (token → [deltas, weights, isWord?]): cut each CJK run into the
   * catalog's own words, longest first; where no word starts, a character pair some record has;
   * else a single character. Filler words and characters are dropped. */
  /* Ties only: of two cuts the more specific pair; an everyday pair (的纸) loses to its two characters. */
  function pairTie(piece, spec) {
    if (!spec) return 0;
    var level = spec(piece);
    return level <= WEAK ? 0.001 : -level / SPECIFIC / 1000;
  }
  function segment(run, has, spec) { // the fewest pieces (Python's query.segment)
    var n = run.length, cost = [0], back = [null], i, j;
    for (i = 1; i <= n; i++) { cost.push(Infinity); back.push(null); }
    for (i = 0; i < n; i++) {
      var options = [[COST.char, { kind: "char", text: run[i] }]];
      for (var len = 2; len <= Math.min(MAX_WORD, n - i); len++) {
        var piece = run.slice(i, i + len);
        if (has(piece, len > 2 ? "any" : "word")) options.push([COST.word, { kind: "word", text: piece }]);
        else if (len === 2 && has(piece, "any")) {
          options.push([COST.pair + pairTie(piece, spec), { kind: "pair", text: piece }]);
        }
      }
      options.forEach(function (o) {
        j = i + o[1].text.length;
        if (cost[i] + o[0] < cost[j]) { cost[j] = cost[i] + o[0]; back[j] = o[1]; }
      });
    }
    var out = [];
    for (j = n; j > 0; j -= back[j].text.length) out.push(back[j]);
    return out.reverse();
  }
  function terms(ps, has, meta, spec) {
    fillerPattern(meta);
    var out = [];
    ps.forEach(function (p) {
      if (p.kind === "run") segment(p.text, has, spec).forEach(function (t) { out.push(t); });
      else out.push(p);
    });
    out = out.filter(function (t) { return !meta._fillerSet.has(t.text); });
    var concepts = out.filter(function (t) { return t.kind === "concept"; }).map(function (t) { return t.concept; });
    var related = (meta.lexicon && meta.lexicon.related) || {};
    concepts.filter(function (c, i) { return concepts.indexOf(c) === i; }).forEach(function (c) {
      (related[c] || []).forEach(function (other) {
        if (concepts.indexOf(other) < 0 && !out.some(function (t) { return t.concept === other; })) {
          out.push({ kind: "related", text: other, concept: other, via: c });
        }
      });
    });
    return out;
  }
  /* The index token a term is scored by (a word of three or more characters: by its pairs). */
  function lookup(t) { return t.kind === "concept" || t.kind === "related" ? t.concept : t.text; }

  /* Step 3: each term's records and weights. A term is found inside longer words: all of its
   * character pairs (a lone character: itself); a whole-word posting adds one to the weight;
   * a synonym term also takes every record of its group. */
  /* Posting lists as sorted typed arrays (docs ascending, field weights beside them): a broad
   * character has tens of thousands of postings at 25,000 records, and Maps cost too much. */
  function List(docs, w) { this.docs = docs; this.w = w; this.size = docs.length; }
  var EMPTY = new List(new Int32Array(0), new Float64Array(0));
  /* An index entry's postings: doc gaps as text (search/gaps.py: base 32, continuation digits
   * "]"…"|", the last digit "0"…"O"; an older index's list of numbers is read too) and impacts. */
  function decode(entry) {
    if (!entry) return null;
    var ws = entry[1], n = ws.length, docs = new Int32Array(n), w = new Float64Array(n), d = 0, gaps = entry[0], i;
    for (i = 0; i < n; i++) w[i] = ws.charCodeAt(i) - 48;
    if (typeof gaps !== "string") { for (i = 0; i < n; i++) { d += gaps[i]; docs[i] = d; } return new List(docs, w); }
    for (var at = 0, v = 0, k = 0; at < gaps.length; at++) {
      var c = gaps.charCodeAt(at);
      if (c >= 0x5d) { v = v * 32 + (c - 0x5d); continue; }
      d += v * 32 + (c - 0x30); docs[k++] = d; v = 0;
    }
    return new List(docs, w);
  }
  /* Where `doc` sits in a list at or after `from` (lists are sorted), or -1. */
  function seek(list, doc, from) {
    var lo = from, hi = list.size;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list.docs[mid] < doc) lo = mid + 1; else hi = mid; }
    return lo < list.size && list.docs[lo] === doc ? lo : -(lo + 1);
  }
  function intersect(lists) {
    if (!lists.length || lists.some(function (m) { return !m; })) return EMPTY;
    if (lists.length === 1) return lists[0];
    lists = lists.slice().sort(function (a, b) { return a.size - b.size; });
    var first = lists[0], docs = [], w = [], at = new Array(lists.length).fill(0);
    outer: for (var i = 0; i < first.size; i++) {
      var doc = first.docs[i], low = first.w[i];
      for (var k = 1; k < lists.length; k++) {
        var j = seek(lists[k], doc, at[k]);
        if (j < 0) { at[k] = -j - 1; continue outer; }
        at[k] = j;
        low = Math.min(low, lists[k].w[j]);
      }
      docs.push(doc); w.push(low);
    }
    return new List(Int32Array.from(docs), Float64Array.from(w));
  }

  /* A term's records and impacts (Python's query.term_docs): a synonym term also takes the records
   * that have its own surface inside a longer term of another group (合金 in 镁合金). */
  function termDocs(term, get) {
    if (term.kind === "concept") return union(decode(get(term.concept)) || EMPTY, surfaceDocs(term.text, get));
    if (term.kind === "related") return decode(get(term.concept)) || EMPTY;
    return surfaceDocs(lookup(term), get);
  }
  function surfaceDocs(surface, get) {
    if (surface.length > 2 && isCJK(surface)) return intersect(bigrams(surface).map(function (b) { return decode(get(b)); }));
    return decode(get(surface)) || EMPTY;
  }
  function union(a, b) { // docs in either list, each with the higher impact
    var docs = [], w = [], i = 0, j = 0;
    while (i < a.size || j < b.size) {
      if (j >= b.size || (i < a.size && a.docs[i] < b.docs[j])) { docs.push(a.docs[i]); w.push(a.w[i]); i++; }
      else if (i >= a.size || b.docs[j] < a.docs[i]) { docs.push(b.docs[j]); w.push(b.w[j]); j++; }
      else { docs.push(a.docs[i]); w.push(Math.max(a.w[i], b.w[j])); i++; j++; }
    }
    return new List(Int32Array.from(docs), Float64Array.from(w));
  }
  function specificityOf(get, token) { var e = get(token); return e && e.length > 3 ? e[3] : SPECIFIC; }
  /* Scores as parallel arrays with a Map-like face (size, keys, get, forEach) for the page. */
  function Scores(docs, vals) {
    this.docs = docs; this.vals = vals; this.size = docs.length; this._at = null;
  }
  Scores.prototype.forEach = function (fn) { for (var i = 0; i < this.size; i++) fn(this.vals[i], this.docs[i]); };
  Scores.prototype.keys = function () { return Array.prototype.slice.call(this.docs, 0, this.size)[Symbol.iterator](); };
  Scores.prototype.get = function (doc) {
    if (!this._at) { this._at = new Map(); for (var i = 0; i < this.size; i++) this._at.set(this.docs[i], i); }
    var i2 = this._at.get(doc);
    return i2 === undefined ? undefined : this.vals[i2];
  };
  /* Rank (Python's query.rank): Σ weight × idf × impact over the terms a record has, in query order;
   * records matched only by weak terms are left out beside a strong one; status breaks near-ties. */
  function rank(ts, get, n, statusOf) {
    var lists = [], seen = new Set();
    ts.forEach(function (t) {
      var key = (t.kind === "word" && t.text.length > 2 ? "w" : "t") + "\u0000" + lookup(t);
      if (seen.has(key)) return;
      seen.add(key);
      var docs = termDocs(t, get);
      if (t.kind === "char" && ts.length > 1 && docs.size > Math.max(1, n * RARE_CHAR)) return;
      var plain = t.kind === "word" || t.kind === "pair" || t.kind === "char";
      var level = plain ? specificityOf(get, t.text) : SPECIFIC;
      var base = t.kind === "related" ? RELATED : 1;
      lists.push({ term: t, docs: docs, idf: Math.log(1 + (n - docs.size + 0.5) / (docs.size + 0.5)),
        weight: plain ? base * level / SPECIFIC : base, strong: level > WEAK });
    });
    var used = lists.map(function (l) { return { text: l.term.text, kind: l.term.kind, df: l.docs.size, via: l.term.via || "" }; });
    if (!lists.length) return { scores: new Scores([], []), mode: "none", coverage: 0, partial: false, used: used, lists: [] };
    var flat = lists.every(function (l) { return l.docs.size > n * COMMON; }); // 中, 合 while typing: in most records
    if (lists.some(function (l) { return l.docs.size > 0 && l.docs.size <= n * COMMON; })) // beside a telling term that finds
      lists = lists.filter(function (l) { return l.docs.size <= n * COMMON; }); // something, one in most records (hnxy) says nothing
    var total = new Float64Array(n), mass = new Float64Array(n), strong = new Uint8Array(n), anyStrong = false, full = 0, i, doc;
    lists.forEach(function (l) {
      var w = l.weight * l.idf, related = l.term.kind === "related";
      for (i = 0; i < l.docs.size; i++) {
        doc = l.docs.docs[i];
        total[doc] += l.weight * l.idf * l.docs.w[i];
        if (!related) mass[doc] += w; // the query's own words: a related concept does not make a reading whole
        if (l.strong) strong[doc] = 1;
      }
      if (l.strong) anyStrong = true; // a strong word was asked for: a weak one alone is no match
      if (!related) full += w;
    });
    var docs = [], vals = [], best = 0, mode = "ranked", strongHits = 0, hits = 0;
    for (doc = 0; doc < n; doc++) if (total[doc] > 0) { hits++; if (strong[doc]) strongHits++; }
    var onlyStrong = anyStrong && (strongHits > 0 || hits === 0); // a strong word asked for: a weak one alone is no match
    if (anyStrong && !onlyStrong) mode = "closest"; // shown as the closest, not as results
    for (doc = 0; doc < n; doc++) {
      if (!(total[doc] > 0) || (onlyStrong && !strong[doc])) continue;
      var v = flat ? (STATUS_FACTOR[statusOf(doc)] || 1) * 1.0 : total[doc] * (STATUS_FACTOR[statusOf(doc)] || 1);
      docs.push(doc); vals.push(v);
      if (v > best) best = v;
    }
    var keepDocs = [], keepVals = [], top = -1, topVal = -1;
    for (i = 0; i < docs.length; i++) {
      if (vals[i] < best * KEEP) continue;
      keepDocs.push(docs[i]); keepVals.push(vals[i]);
      if (vals[i] > topVal) { topVal = vals[i]; top = docs[i]; }
    }
    var coverage = top >= 0 && full ? Math.min(1, mass[top] / full) : 0;
    return { scores: new Scores(keepDocs, keepVals), mode: mode, coverage: coverage,
      partial: coverage < PARTIAL, used: used, lists: lists };
  }
  function orderDocs(scores) {
    var idx = [];
    for (var i = 0; i < scores.size; i++) idx.push(i);
    idx.sort(function (a, b) { return scores.vals[b] - scores.vals[a] || scores.docs[a] - scores.docs[b]; });
    return idx.map(function (i2) { return scores.docs[i2]; });
  }
  /* orderDocs(scores).filter(keep).slice(0, k) without sorting every match: a keystroke shows ten of
   * up to 25,000 (a first character is in most records), kept in a small sorted buffer. `keep` is
   * asked once of every match, in either path (the page counts the kept ones through it). */
  function topDocs(scores, k, keep) {
    var docs = scores.docs, vals = scores.vals, top = [], i, j;
    if (k > 64) return orderDocs(scores).filter(function (d) { return !keep || keep(d); }).slice(0, k);
    for (i = 0; i < scores.size; i++) {
      var d = docs[i], v = vals[i];
      if (keep && !keep(d)) continue;
      if (top.length === k) {
        var last = top[k - 1];
        if (v < vals[last] || (v === vals[last] && d > docs[last])) continue;
        top.pop();
      }
      for (j = top.length; j > 0 && (vals[top[j - 1]] < v || (vals[top[j - 1]] === v && docs[top[j - 1]] > d)); j--);
      top.splice(j, 0, i);
    }
    return top.map(function (t) { return docs[t]; });
  }

  /* Names in a query (a city, a holder, a kind of holder) become filter chips; their words leave
   * the text. `dropped` holds the chips the user removed ("facet:key"). */
  var KIND_WORDS = [["高等院校", "university"], ["高校", "university"], ["大学", "university"],
    ["科研院所", "research_institute"], ["研究院", "research_institute"], ["研究所", "research_institute"],
    ["医院", "medical_institution"], ["医疗机构", "medical_institution"]];
  var HOLDER_SUFFIX = /(大学|学院|研究院|研究所|研究中心|技术转移中心|中心|医院|有限公司|公司)$/;
  var CITY_SUFFIX = /(土家族苗族自治州|市|州)$/;
  function readNames(text, meta, dropped) {
    var norm = normalize(text), chips = [];
    function take(facet, key, label, form) {
      if ((dropped || {})[facet + ":" + key] || chips.some(function (c) { return c.facet === facet; })) return;
      chips.push({ facet: facet, key: key, label: label });
      norm = norm.split(form).join(" ");
    }
    function scan(facet, suffix, minLength) {
      var f = meta.facets[facet];
      f.names.forEach(function (name, i) {
        var full = normalize(name), forms = [full, full.replace(suffix, "")];
        forms.forEach(function (form) { if (form.length >= minLength && norm.indexOf(form) >= 0) take(facet, f.keys[i], name, form); });
      });
    }
    scan("holder", HOLDER_SUFFIX, 4);
    scan("city", CITY_SUFFIX, 2);
    KIND_WORDS.forEach(function (kw) {
      var k = meta.facets.kind, i = k.keys.indexOf(kw[1]);
      if (i >= 0 && norm.indexOf(kw[0]) >= 0) take("kind", kw[1], k.names[i], kw[0]);
    });
    return { text: norm, chips: chips };
  }

  /* The index as the page and the header search fetch it: meta, columns, shards, title chunks. */
  function mod112(digits) {
    var p = 0;
    for (var i = 0; i < digits.length; i++) p = ((p + Number(digits[i])) * 2) % 11;
    var v = (12 - p) % 11;
    return v === 10 ? "X" : String(v);
  }
  var TYPE_LETTERS = { patent: ["ZL", "01"], software_copyright: ["RZ", "02"], ic_layout: ["BT", "03"],
    plant_variety: ["ZW", "04"], biomedical_variety: ["SY", "05"], trade_secret: ["JM", "06"] };
  /* A facet column arrives as a string, one character a record (value = code - 48). */
  function unpack(text) {
    if (typeof text !== "string") return text;
    var out = new Uint16Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) - 48;
    return out;
  }
  function engine(base) {
    var cache = new Map(), shards = new Map(), self = {};
    function getJSON(url) {
      if (!cache.has(url)) cache.set(url, fetch(url).then(function (r) { if (!r.ok) throw new Error(url); return r.json(); }));
      return cache.get(url);
    }
    function shardUrl(token) { return base + "search-index/s/" + (fnv1a(shardKey(token)) & (self.meta.shards - 1)) + ".json"; }
    function remember(tokens) {
      var urls = tokens.map(shardUrl).filter(function (u, i, a) { return a.indexOf(u) === i; });
      return Promise.all(urls.map(function (u) { return getJSON(u).then(function (d) { shards.set(u, d); learn(d[""]); }); }));
    }
    /* A shard carries the titles of its common terms' best records (index.py HINTS): a keystroke's
     * first results usually need no title chunk. */
    var hinted = new Map();
    function learn(hints) { (hints || []).forEach(function (h) { hinted.set(h[0], [h[1], h[2]]); }); }
    function entry(token) { var u = shardUrl(token); return shards.has(u) ? shards.get(u)[token] || null : null; }
    function has(token, need) { var e = entry(token); return !!e && (need === "any" || (e.length > 2 && e[2] === 1)); }
    self.getJSON = getJSON;
    self.statusOf = function (doc) { return self.meta.facets.status.keys[self.meta.facets.status.values[doc]]; };
    var chunks = new Map(); // title chunks loaded so far: [[title, code], ...]
    function chunkRow(doc) {
      var size = self.meta.title_chunk, chunk = chunks.get(Math.floor(doc / size));
      return chunk ? chunk[doc % size] : hinted.get(doc);
    }
    /* A record's code, once titles(…) has loaded its chunk. */
    self.codeOf = function (doc) { return chunkRow(doc)[1]; };
    self.titles = function (docs) {
      var size = self.meta.title_chunk;
      var want = docs.filter(function (d) { return !hinted.has(d); }).map(function (d) { return Math.floor(d / size); })
        .filter(function (c, i, a) { return a.indexOf(c) === i; });
      return Promise.all(want.map(function (c) {
        return getJSON(base + "search-index/t/" + c + ".json").then(function (rows) { chunks.set(c, rows); });
      })).then(function () { return function (doc) { return chunkRow(doc)[0]; }; });
    };
    /* A query's ranked records: names read as chips, pieces, the shards they need, terms, rank. */
    self.search = function (text, dropped) {
      var meta = self.meta, names = readNames(text, meta, dropped), ps = pieces(names.text, meta);
      function all() { // no content word (an empty box, or only filler): every record, as Python's twin
        var every = [], zeros = [];
        for (var i = 0; i < meta.n; i++) { every.push(i); zeros.push(0); }
        return { scores: new Scores(every, zeros), mode: "all", chips: names.chips, terms: [] };
      }
      if (!ps.length) return Promise.resolve(all());
      return remember(neededTokens(ps)).then(function () {
        var ts = terms(ps, has, meta, function (t) { return specificityOf(entry, t); });
        if (!ts.length) return all();
        var more = [].concat.apply([], ts.map(function (t) {
          if (t.kind === "concept") return [t.concept].concat(isCJK(t.text) ? bigrams(t.text) : [t.text]);
          return t.kind === "word" && t.text.length > 2 ? bigrams(t.text).concat([t.text]) : [lookup(t)];
        }));
        return remember(more).then(function () {
          var r = rank(ts, entry, meta.n, self.statusOf);
          r.chips = names.chips;
          r.terms = ts;
          return r;
        });
      });
    };
    self.ready = Promise.all([getJSON(base + "search-index/meta.json"), getJSON(base + "search-index/cols.json")])
      .then(function (loaded) {
        self.meta = loaded[0];
        self.cols = loaded[1];
        setFold(self.meta.fold);
        Object.keys(self.meta.facets).forEach(function (k) { self.meta.facets[k].values = unpack(self.meta.facets[k].values); });
        return self;
      });
    return self;
  }

  var api = {
    engine: engine, unpack: unpack, mod112: mod112, TYPE_LETTERS: TYPE_LETTERS,
    has: function (list, doc) { return seek(list, doc, 0) >= 0; },
    RULES: { MAX_QUERY: MAX_QUERY, STATUS_FACTOR: STATUS_FACTOR, RARE_CHAR: RARE_CHAR, WEAK: WEAK, RELATED: RELATED, KEEP: KEEP, COMMON: COMMON,
      PARTIAL: PARTIAL, SPECIFIC: SPECIFIC, COST: COST },
    readNames: readNames, setFold: setFold, standard: standard, lookup: lookup, MAX_QUERY: MAX_QUERY,
    normalize: normalize, runs: runs, bigrams: bigrams, indexTokens: indexTokens, fnv1a: fnv1a, shardKey: shardKey,
    concepts: concepts, pieces: pieces, neededTokens: neededTokens, segment: segment, terms: terms,
    termDocs: termDocs, rank: rank, orderDocs: orderDocs, topDocs: topDocs, decode: decode,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.xyhfCore = api;
})(this);
