/* The projected board: the open question, its ideas in the view the
 * facilitator chose (or the one in the URL), the timer, and how to join.
 *
 * Counts are drawn only when the server sends them: while results are hidden
 * it sends none, so ideas are listed newest first, never ranked.
 */
(function () {
  "use strict";
  var W = window.WorkshopLive;
  var $ = function (id) { return document.getElementById(id); };
  var params = new URLSearchParams(window.location.search);
  var VIEWS = ["ideas", "priority", "outcome", "role", "results"];
  var pinned = { view: VIEWS.indexOf(params.get("view")) >= 0 ? params.get("view") : null,
                 rank: ["room", "experts"].indexOf(params.get("rank")) >= 0 ? params.get("rank") : null };
  var state = { workshop: null, questions: [], ideas: {}, tallies: {}, participants: 0,
                settings: {}, outcomes: [], clockOffset: 0 };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function openQuestion() {
    return state.questions.filter(function (q) { return q.status === "open"; })[0] || null;
  }

  function lookup(list, key) { return (list || []).filter(function (x) { return x.key === key; })[0]; }
  function roleLabel(key) { var r = lookup(state.workshop.roles, key); return r ? r.label : key; }
  function hidden() { return !!state.settings.results_hidden; }
  function view() { return pinned.view || state.settings.board_view || "ideas"; }
  function rank() { return pinned.rank || state.settings.board_rank || "room"; }
  function tally(idea) { return state.tallies[String(idea.id)] || { total: 0, by_role: {} }; }
  function votes(idea) { return tally(idea).total; }
  function expertVotes(idea) {
    var byRole = tally(idea).by_role || {};
    return state.workshop.roles.reduce(function (n, r) {
      return n + (r.expert_by_experience ? (byRole[r.key] || 0) : 0);
    }, 0);
  }

  function ideasOf(q) {
    var list = Object.keys(state.ideas).map(function (k) { return state.ideas[k]; })
      .filter(function (idea) { return idea.question_id === q.id; });
    if (hidden()) return list.sort(function (a, b) { return b.id - a.id; });
    var lead = rank() === "experts" ? expertVotes : votes;
    return list.sort(function (a, b) { return lead(b) - lead(a) || votes(b) - votes(a) || a.id - b.id; });
  }

  function card(idea, top, compact) {
    var li = el("li", "card" + (idea.expert_by_experience ? " card-ebe" : "") + (compact ? " card-compact" : ""));
    li.dataset.ideaId = idea.id;
    li.appendChild(el("p", "card-text", (compact && idea.rating ? idea.rating.toUpperCase() + ": " : "") + idea.text));
    var roles = (idea.author_roles || [idea.author_role]).map(roleLabel).join(", ");
    var meta = (idea.expert_by_experience ? "★ " : "") + roles;
    if (idea.rating) meta += " · risk: " + idea.rating;
    if (!compact) li.appendChild(el("p", "card-meta", meta));
    if (!hidden()) {
      var bar = el("div", "bar");
      var fill = el("span", "bar-fill");
      fill.style.width = Math.round(100 * votes(idea) / Math.max(top, 1)) + "%";
      bar.appendChild(fill);
      li.appendChild(bar);
      li.appendChild(el("p", "card-votes", votes(idea) + (votes(idea) === 1 ? " vote" : " votes")));
    }
    return li;
  }

  function lane(title, ideas, top, className, compact) {
    var section = el("section", "lane " + (className || ""));
    section.appendChild(el("h2", "lane-title", title + " (" + ideas.length + ")"));
    var list = el("ol", "lane-cards");
    ideas.forEach(function (idea) { list.appendChild(card(idea, top, compact)); });
    section.appendChild(list);
    return section;
  }

  function maxVotes(ideas) { return ideas.reduce(function (m, i) { return Math.max(m, votes(i)); }, 1); }

  function grouped(ideas, groups, keyOf, top) {
    var box = el("div", "groups");
    groups.forEach(function (g) {
      var members = ideas.filter(function (i) { return keyOf(i).indexOf(g.key) >= 0; });
      box.appendChild(lane(g.label, members, top, members.length ? "" : "lane-empty", true));
    });
    return box;
  }

  function resultsView(ideas) {
    var box = el("div", "results");
    if (hidden()) {
      box.appendChild(el("p", "results-hidden", "The results are hidden until the facilitator reveals them."));
      return box;
    }
    var top = maxVotes(ideas);
    var list = el("ol", "results-list");
    ideas.forEach(function (idea, n) {
      var li = el("li", "result" + (idea.expert_by_experience ? " card-ebe" : ""));
      li.appendChild(el("span", "result-rank", String(n + 1)));
      var body = el("div", "result-body");
      body.appendChild(el("p", "card-text", idea.text));
      var bar = el("div", "bar bar-split");
      var byRole = tally(idea).by_role || {};
      state.workshop.roles.forEach(function (r) {
        if (!byRole[r.key]) return;
        var seg = el("span", "bar-fill" + (r.expert_by_experience ? " bar-ebe" : ""));
        seg.style.width = (100 * byRole[r.key] / top) + "%";
        bar.appendChild(seg);
      });
      body.appendChild(bar);
      var split = state.workshop.roles.filter(function (r) { return byRole[r.key]; })
        .map(function (r) { return (r.expert_by_experience ? "★ " : "") + r.label + " " + byRole[r.key]; });
      body.appendChild(el("p", "card-meta", votes(idea) + " votes" + (split.length ? ": " + split.join(" · ") : "")));
      li.appendChild(body);
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  var HEADINGS = {
    ideas: "Ideas", priority: "Ideas by Social Value priority", outcome: "Ideas by kind of outcome",
    role: "Ideas by who said them", results: "Results by role",
  };

  function render() {
    if (!state.workshop) return;
    $("participants").textContent = state.participants;
    $("results-note").hidden = !hidden();
    var q = openQuestion();
    var stage = q && state.workshop.stages.filter(function (s) { return s.key === q.stage; })[0];
    $("question-stage").textContent = stage ? stage.name + " stage · " : "";
    $("question-text").textContent = q ? q.text : "Waiting for the next question…";
    $("question-text").className = q && q.text.length > 150 ? "long" : "";
    var container = $("view");
    container.textContent = "";
    document.querySelector("main.board").dataset.view = view();
    renderTimer();
    if (!q) { $("view-heading").textContent = ""; return; }
    var ideas = ideasOf(q);
    var top = maxVotes(ideas);
    var v = view();
    var heading = HEADINGS[v];
    if (!hidden() && (v === "results" || v === "ideas")) {
      heading += rank() === "experts" ? " · ranked by experts by experience" : " · ranked by the whole room";
    }
    $("view-heading").textContent = heading;
    if (v === "ideas" && q.stage === "plan" && state.outcomes.length) {
      $("view-heading").textContent = "Answers about each provisional outcome";
      // On a risk question each outcome's lane says how the room rated it.
      var outcomeGroups = state.outcomes.map(function (o) {
        var label = o.text;
        if (q.kind === "risk") {
          var mine = ideas.filter(function (i) { return i.outcome_id === o.id; });
          label += " · risk " + ["low", "medium", "high"].map(function (r) {
            return r + " " + mine.filter(function (i) { return i.rating === r; }).length;
          }).join(", ");
        }
        return { key: o.id, label: label };
      });
      container.appendChild(grouped(ideas, outcomeGroups, function (i) { return [i.outcome_id]; }, top));
    } else if (v === "ideas") {
      var lanes = el("div", "lanes");
      lanes.appendChild(lane("★ Experts by experience", ideas.filter(function (i) { return i.expert_by_experience; }), top, "lane-ebe"));
      lanes.appendChild(lane("Everyone else", ideas.filter(function (i) { return !i.expert_by_experience; }), top, "lane-room"));
      container.appendChild(lanes);
    } else if (v === "priority") {
      var priorities = state.workshop.priorities.map(function (p) { return { key: p.key, label: p.name }; });
      priorities.push({ key: null, label: "No priority given" });
      container.appendChild(grouped(ideas, priorities, function (i) { return [i.priority || null]; }, top));
    } else if (v === "outcome") {
      var kinds = state.workshop.outcome_kinds.map(function (k) { return { key: k.key, label: k.short || k.name }; });
      kinds.push({ key: null, label: "No kind given" });
      container.appendChild(grouped(ideas, kinds, function (i) { return [i.outcome_kind || null]; }, top));
    } else if (v === "role") {
      var roles = state.workshop.roles.map(function (r) { return { key: r.key, label: (r.expert_by_experience ? "★ " : "") + r.label }; });
      container.appendChild(grouped(ideas, roles, function (i) { return i.author_roles || [i.author_role]; }, top));
    } else {
      container.appendChild(resultsView(ideas));
    }
    fit();
  }

  // Cards that would spill off the projector are left out, with a count, so
  // the board never scrolls and the QR code never moves.
  function fit() {
    document.querySelectorAll(".lane-cards, .results-list").forEach(function (list) {
      var dropped = 0;
      while (list.scrollHeight > list.clientHeight + 1 && list.children.length > 1) {
        list.removeChild(list.lastElementChild);
        dropped += 1;
      }
      if (list.children.length === 1 && list.scrollHeight > list.clientHeight + 1) {
        list.removeChild(list.lastElementChild);
        dropped += 1;
      }
      if (dropped) {
        var more = el("li", "more", "+ " + dropped + " more");
        list.appendChild(more);
        while (list.scrollHeight > list.clientHeight + 1 && list.children.length > 1) {
          list.removeChild(more.previousElementSibling);
          dropped += 1;
          more.textContent = "+ " + dropped + " more";
        }
      }
    });
  }

  // The timer is derived from the server's timestamps, corrected for this
  // machine's clock, so every screen shows the same time left.
  function renderTimer() {
    var q = openQuestion();
    var node = $("timer");
    var t = q && q.timer;
    if (!t) { node.hidden = true; return; }
    var allowed = Math.ceil(t.seconds * (100 + (state.settings.extra_time_percent || 0)) / 100) * 1000;
    var elapsed = t.elapsed_ms + (t.running ? Date.now() + state.clockOffset - Date.parse(t.started_at) : 0);
    var left = Math.max(0, allowed - elapsed);
    var secs = Math.ceil(left / 1000);
    var text = Math.floor(secs / 60) + ":" + ("0" + (secs % 60)).slice(-2);
    node.hidden = false;
    node.className = "board-timer" + (left <= 0 ? " timer-up" : "") + (t.running ? "" : " timer-paused");
    node.textContent = left <= 0 ? "Time is up" : (t.running ? text : "Paused " + text);
  }
  window.setInterval(renderTimer, 500);

  function setQuestionStatus(id, status) {
    state.questions.forEach(function (q) {
      if (status === "open" && q.status === "open") q.status = "closed";
      if (q.id === id) q.status = status;
    });
  }

  function upsert(idea) { state.ideas[idea.id] = idea; }

  var handlers = {
    idea_added: function (d) { upsert(d.idea); },
    idea_approved: function (d) { upsert(d.idea); },
    idea_restored: function (d) { upsert(d.idea); },
    idea_edited: function (d) { upsert(d.idea); },
    idea_hidden: function (d) { delete state.ideas[d.idea_id]; },
    ideas_merged: function (d) { delete state.ideas[d.idea_id]; upsert(d.idea); },
    idea_unmerged: function (d) { upsert(d.idea); upsert(d.from); },
    participant_joined: function () { state.participants += 1; },
    question_opened: function (d) { setQuestionStatus(d.question_id, "open"); },
    question_closed: function (d) { setQuestionStatus(d.question_id, "closed"); },
    agenda_changed: function (d) { state.questions = d.questions; },
    timer_changed: function (d) {
      state.questions.forEach(function (q) { if (q.id === d.question_id) q.timer = d.timer; });
    },
    settings_changed: function (d) { state.settings = d; },
    board_view: function (d) { state.settings.board_view = d.view; state.settings.board_rank = d.rank; },
    results_hidden: function () { state.settings.results_hidden = true; state.tallies = {}; },
    results_revealed: function () { state.settings.results_hidden = false; },
    outcomes_changed: function (d) { state.outcomes = d.outcomes; },
  };

  new W.Live({
    code: document.body.dataset.code, view: "board",
    handlers: {
      connection: function (online) {
        $("connection").textContent = online ? "" : "Reconnecting…";
      },
      snapshot: function (snap) {
        state.workshop = snap.workshop;
        state.questions = snap.questions;
        state.ideas = {};
        snap.ideas.forEach(upsert);
        state.tallies = snap.tallies;
        state.participants = snap.participants;
        state.settings = snap.settings || {};
        state.outcomes = snap.outcomes || [];
        if (snap.server_time) state.clockOffset = Date.parse(snap.server_time) - Date.now();
        render();
      },
      event: function (e) {
        if (handlers[e.type]) handlers[e.type](e.data);
        render();
      },
      tallies: function (t) {
        if (t.full) state.tallies = t.tallies;
        else Object.keys(t.tallies).forEach(function (k) { state.tallies[k] = t.tallies[k]; });
        render();
      },
    },
  });
  window.addEventListener("resize", render);
})();
