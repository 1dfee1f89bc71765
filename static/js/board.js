/* The projected board: the open question and its ideas, most votes first. */
(function () {
  "use strict";
  var W = window.WorkshopLive;
  var $ = function (id) { return document.getElementById(id); };
  var state = { workshop: null, questions: [], ideas: {}, tallies: {}, participants: 0 };

  function openQuestion() {
    return state.questions.filter(function (q) { return q.status === "open"; })[0] || null;
  }

  function roleLabel(key) {
    var role = (state.workshop.roles || []).filter(function (r) { return r.key === key; })[0];
    return role ? role.label : key;
  }

  function votes(idea) { var t = state.tallies[String(idea.id)]; return t ? t.total : 0; }

  function render() {
    $("participants").textContent = state.participants;
    var q = openQuestion();
    var stage = q && state.workshop.stages.filter(function (s) { return s.key === q.stage; })[0];
    $("question-stage").textContent = stage ? stage.name + " stage" : "";
    $("question-text").textContent = q ? q.text : "Waiting for the next question…";
    var list = $("ideas");
    list.textContent = "";
    if (!q) return;
    var ideas = Object.keys(state.ideas).map(function (k) { return state.ideas[k]; })
      .filter(function (idea) { return idea.question_id === q.id; })
      .sort(function (a, b) { return votes(b) - votes(a) || a.id - b.id; });
    var top = ideas.reduce(function (m, idea) { return Math.max(m, votes(idea)); }, 1);
    ideas.forEach(function (idea) {
      var li = document.createElement("li");
      li.className = "card" + (idea.expert_by_experience ? " card-ebe" : "");
      li.dataset.ideaId = idea.id;
      var text = document.createElement("p");
      text.className = "card-text";
      text.textContent = idea.text;
      var meta = document.createElement("p");
      meta.className = "card-meta";
      meta.textContent = (idea.expert_by_experience ? "★ " : "") + roleLabel(idea.author_role);
      var bar = document.createElement("div");
      bar.className = "bar";
      var fill = document.createElement("span");
      fill.className = "bar-fill";
      fill.style.width = Math.round(100 * votes(idea) / top) + "%";
      bar.appendChild(fill);
      var count = document.createElement("p");
      count.className = "card-votes";
      count.textContent = votes(idea) + (votes(idea) === 1 ? " vote" : " votes");
      li.appendChild(text);
      li.appendChild(meta);
      li.appendChild(bar);
      li.appendChild(count);
      list.appendChild(li);
    });
  }

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
        snap.ideas.forEach(function (idea) { state.ideas[idea.id] = idea; });
        state.tallies = snap.tallies;
        state.participants = snap.participants;
        render();
      },
      event: function (e) {
        if (e.type === "idea_added") state.ideas[e.data.idea.id] = e.data.idea;
        if (e.type === "participant_joined") state.participants += 1;
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
})();
