/* The attendee's phone: the open question, sending ideas, dots. */
(function () {
  "use strict";
  var W = window.WorkshopLive;
  var code = document.body.dataset.code;
  var draftKey = "workshop:" + code + ":draft";
  var easyKey = "workshop:easy-read";
  var $ = function (id) { return document.getElementById(id); };
  var state = { workshop: null, questions: [], ideas: {}, tallies: {}, myVotes: [] };

  function say(message, isError) {
    var el = $("status");
    el.textContent = "";
    // Reassigning after clearing makes screen readers announce a repeat.
    window.setTimeout(function () {
      el.textContent = message;
      el.className = "status" + (isError ? " status-error" : "");
    }, 50);
  }

  function openQuestion() {
    for (var i = 0; i < state.questions.length; i++) {
      if (state.questions[i].status === "open") return state.questions[i];
    }
    return null;
  }

  function easyRead() { return document.body.classList.contains("easy-read"); }

  function myVoteFor(ideaId) {
    for (var i = 0; i < state.myVotes.length; i++) if (state.myVotes[i].idea_id === ideaId) return state.myVotes[i];
    return null;
  }

  function roleLabel(key) {
    var roles = state.workshop ? state.workshop.roles : [];
    for (var i = 0; i < roles.length; i++) if (roles[i].key === key) return roles[i].label;
    return key;
  }

  function render() {
    var q = openQuestion();
    $("waiting").hidden = !!q;
    $("question-area").hidden = !q;
    if (!q) return;
    var stage = state.workshop.stages.filter(function (s) { return s.key === q.stage; })[0];
    $("question-stage").textContent = stage ? (easyRead() ? stage.easy_read : stage.name + " stage") : "";
    $("question-text").textContent = easyRead() ? q.easy_read : q.text;
    var mine = state.myVotes.filter(function (v) { return v.question_id === q.id; }).length;
    var left = state.workshop.vote_budget - mine;
    $("dots-left").textContent = "You have " + left + " of " + state.workshop.vote_budget + " dots left.";
    var list = $("ideas");
    list.textContent = "";
    Object.keys(state.ideas).map(function (k) { return state.ideas[k]; })
      .filter(function (idea) { return idea.question_id === q.id; })
      .sort(function (a, b) { return b.id - a.id; })
      .forEach(function (idea) { list.appendChild(ideaItem(idea, left)); });
  }

  function ideaItem(idea, left) {
    var li = document.createElement("li");
    li.className = "idea" + (idea.expert_by_experience ? " idea-ebe" : "");
    var text = document.createElement("p");
    text.className = "idea-text";
    text.textContent = idea.text;
    li.appendChild(text);
    var meta = document.createElement("p");
    meta.className = "idea-meta";
    meta.textContent = (idea.expert_by_experience ? "★ " : "") + roleLabel(idea.author_role);
    var tally = state.tallies[String(idea.id)];
    if (tally) meta.textContent += " · " + tally.total + (tally.total === 1 ? " vote" : " votes");
    li.appendChild(meta);
    var button = document.createElement("button");
    button.type = "button";
    var vote = myVoteFor(idea.id);
    if (vote) {
      button.textContent = "Take my vote back";
      button.className = "secondary";
      button.setAttribute("aria-label", "Take my vote back from: " + idea.text);
      button.addEventListener("click", function () { withdraw(vote); });
    } else {
      button.textContent = "Vote";
      button.setAttribute("aria-label", "Vote for: " + idea.text);
      button.disabled = left <= 0;
      button.addEventListener("click", function () { castVote(idea); });
    }
    li.appendChild(button);
    return li;
  }

  function castVote(idea) {
    if (myVoteFor(idea.id)) return;  // a double tap counts once
    var clientId = W.uid();
    state.myVotes.push({ idea_id: idea.id, question_id: idea.question_id, client_id: clientId, pending: true });
    render();
    live.send("cast_vote", { idea_id: idea.id, client_id: clientId }, function (reply) {
      if (reply.ok) { say("Vote counted. " + reply.votes_left + " dots left."); return; }
      state.myVotes = state.myVotes.filter(function (v) { return v.client_id !== clientId; });
      render();
      say(reply.error.message, true);
    });
    if (!live.online) say("You are offline. Your vote will be sent when you are back online.");
  }

  function withdraw(vote) {
    state.myVotes = state.myVotes.filter(function (v) { return v.client_id !== vote.client_id; });
    render();
    live.send("withdraw_vote", { client_id: vote.client_id }, function (reply) {
      if (reply.ok) { say("Vote taken back. " + reply.votes_left + " dots left."); return; }
      state.myVotes.push(vote);
      render();
      say(reply.error.message, true);
    });
  }

  function fillSelect(select, items, labelKey) {
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.key;
      option.textContent = item[labelKey] || item.name;
      select.appendChild(option);
    });
  }

  function onSubmit(event) {
    event.preventDefault();
    var q = openQuestion();
    var textarea = $("idea-text");
    var text = textarea.value.trim();
    var error = $("idea-error");
    if (!text) {
      error.textContent = easyRead() ? "Please write your idea first." : "Please write your idea before sending.";
      error.hidden = false;
      textarea.setAttribute("aria-invalid", "true");
      textarea.focus();
      return;
    }
    error.hidden = true;
    textarea.removeAttribute("aria-invalid");
    live.send("submit_idea", {
      question_id: q.id, text: text,
      priority: $("idea-priority").value || null, outcome_kind: $("idea-kind").value || null,
    }, function (reply) {
      if (reply.ok) {
        state.ideas[reply.idea.id] = reply.idea;
        render();
        say(easyRead() ? "Thank you. We got your idea." : "Idea sent. Thank you.");
      } else {
        textarea.value = textarea.value || text;
        say(reply.error.message, true);
      }
    });
    textarea.value = "";
    W.store(draftKey, null);
    if (!live.online) say("You are offline. Your idea is saved and will be sent when you are back online.");
  }

  var live = new W.Live({
    code: code, view: "phone",
    handlers: {
      connection: function (online) {
        $("connection").textContent = online ? "Connected" : "Offline: trying to reconnect. Nothing you send is lost.";
        $("connection").className = "connection" + (online ? " online" : " offline");
      },
      refused: function (error) {
        if (error.code === "not_joined") window.location.href = "/j/" + code;
        else say(error.message, true);
      },
      snapshot: function (snap) {
        var first = !state.workshop;
        state.workshop = snap.workshop;
        state.questions = snap.questions;
        state.ideas = {};
        snap.ideas.forEach(function (idea) { state.ideas[idea.id] = idea; });
        state.tallies = snap.tallies;
        state.myVotes = mergePending(snap.me.votes);
        if (first) {
          fillSelect($("idea-priority"), snap.workshop.priorities, "name");
          fillSelect($("idea-kind"), snap.workshop.outcome_kinds, "short");
        }
        render();
      },
      event: function (e) {
        if (e.type === "idea_added") state.ideas[e.data.idea.id] = e.data.idea;
        if (e.type === "question_opened" || e.type === "question_closed") {
          state.questions.forEach(function (q) {
            if (q.id === e.data.question_id) q.status = e.type === "question_opened" ? "open" : "closed";
          });
          if (e.type === "question_opened") {
            render();
            say(easyRead() ? "There is a new question." : "A new question is open.");
            return;
          }
        }
        render();
      },
      tallies: function (t) {
        if (t.full) state.tallies = t.tallies;
        else Object.keys(t.tallies).forEach(function (k) { state.tallies[k] = t.tallies[k]; });
        render();
      },
      me: function (me) { state.myVotes = mergePending(me.votes); render(); },
    },
  });

  // Votes still in the outbox are not on the server yet: keep showing them.
  function mergePending(serverVotes) {
    var votes = serverVotes.slice();
    live.pending().forEach(function (item) {
      if (item.event === "cast_vote") {
        var idea = state.ideas[item.payload.idea_id];
        if (idea) votes.push({ idea_id: idea.id, question_id: idea.question_id, client_id: item.payload.client_id, pending: true });
      } else if (item.event === "withdraw_vote") {
        votes = votes.filter(function (v) { return v.client_id !== item.payload.client_id; });
      }
    });
    return votes;
  }

  $("idea-form").addEventListener("submit", onSubmit);
  // What is being typed survives a reload until it is sent.
  $("idea-text").value = W.store(draftKey) || "";
  $("idea-text").addEventListener("input", function () { W.store(draftKey, $("idea-text").value); });
  var toggle = $("easy-read-toggle");
  toggle.checked = !!W.store(easyKey);
  document.body.classList.toggle("easy-read", toggle.checked);
  toggle.addEventListener("change", function () {
    W.store(easyKey, toggle.checked);
    document.body.classList.toggle("easy-read", toggle.checked);
    render();
  });
})();
