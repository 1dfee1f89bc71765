/* The facilitator's console: agenda, who is in the room, ideas, export. */
(function () {
  "use strict";
  var W = window.WorkshopLive;
  var $ = function (id) { return document.getElementById(id); };
  var code = document.body.dataset.code;
  var state = { workshop: null, questions: [], ideas: {}, tallies: {}, roster: [] };

  function say(message, isError) {
    var el = $("status");
    el.textContent = message;
    el.className = "status" + (isError ? " status-error" : "");
  }

  // The key arrives in the URL fragment (never sent to the server in a URL,
  // so never logged); it is exchanged once for a session cookie, then erased.
  function keyFromFragment() {
    var match = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function start() {
    var key = keyFromFragment();
    if (!key) { connect(); return; }
    fetch("/api/w/" + encodeURIComponent(code) + "/facilitator/session", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key: key }),
    }).then(function (response) {
      window.history.replaceState(null, "", window.location.pathname);
      if (!response.ok) say("That console link is not valid for this workshop.", true);
      connect();
    });
  }

  function render() {
    var agenda = $("agenda");
    agenda.textContent = "";
    state.questions.forEach(function (q) {
      var li = document.createElement("li");
      li.className = "agenda-item status-" + q.status;
      var text = document.createElement("p");
      text.textContent = q.text;
      var status = document.createElement("p");
      status.className = "agenda-status";
      status.textContent = q.stage.charAt(0).toUpperCase() + q.stage.slice(1) + " · " + q.status;
      var button = document.createElement("button");
      button.type = "button";
      var opening = q.status !== "open";
      button.textContent = opening ? (q.status === "closed" ? "Reopen" : "Open") : "Close";
      button.setAttribute("aria-label", button.textContent + ": " + q.text);
      button.addEventListener("click", function () {
        live.call(opening ? "open_question" : "close_question", { question_id: q.id }, function (reply) {
          if (!reply.ok) say(reply.error.message, true);
          else say((opening ? "Opened: " : "Closed: ") + q.text);
        });
      });
      li.appendChild(text);
      li.appendChild(status);
      li.appendChild(button);
      agenda.appendChild(li);
    });
    var roster = $("roster");
    roster.textContent = "";
    state.roster.forEach(function (row) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = row.label;
      var td = document.createElement("td");
      td.textContent = row.count;
      tr.appendChild(th);
      tr.appendChild(td);
      roster.appendChild(tr);
    });
    var open = state.questions.filter(function (q) { return q.status === "open"; })[0];
    var list = $("ideas");
    list.textContent = "";
    if (!open) return;
    Object.keys(state.ideas).map(function (k) { return state.ideas[k]; })
      .filter(function (idea) { return idea.question_id === open.id; })
      .forEach(function (idea) {
        var li = document.createElement("li");
        var t = state.tallies[String(idea.id)];
        li.textContent = (idea.expert_by_experience ? "★ " : "") + idea.text + " (" + (t ? t.total : 0) + ")";
        list.appendChild(li);
      });
  }

  var live;
  function connect() {
    live = new W.Live({
      code: code, view: "console",
      handlers: {
        connection: function (online) { $("connection").textContent = online ? "Live" : "Reconnecting…"; },
        refused: function (error) { say(error.message, true); },
        snapshot: function (snap) {
          state.workshop = snap.workshop;
          state.questions = snap.questions;
          state.roster = snap.roster || [];
          state.ideas = {};
          snap.ideas.forEach(function (idea) { state.ideas[idea.id] = idea; });
          state.tallies = snap.tallies;
          render();
        },
        event: function (e) {
          if (e.type === "idea_added") state.ideas[e.data.idea.id] = e.data.idea;
          if (e.type === "participant_joined") {
            state.roster.forEach(function (row) { if (row.role === e.data.role) row.count += 1; });
          }
          if (e.type === "question_opened" || e.type === "question_closed") {
            state.questions.forEach(function (q) {
              if (q.id === e.data.question_id) q.status = e.type === "question_opened" ? "open" : "closed";
            });
          }
          render();
        },
        tallies: function (t) {
          if (t.full) state.tallies = t.tallies;
          else Object.keys(t.tallies).forEach(function (k) { state.tallies[k] = t.tallies[k]; });
          render();
        },
      },
    });
  }

  start();
})();
