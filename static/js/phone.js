/* The attendee's phone: the open question, ideas, dots and stories.
 *
 * Everything sent goes through the shared outbox (lib/live.js), so it survives
 * a dropped connection and a reload; replies are handled in one place
 * (onReply) for the same reason. User text is only ever set with textContent.
 * No library beyond lib/: old Android phones must load this quickly.
 */
import { $, el, plural } from "./lib/dom.js";
import { Live, store, uid } from "./lib/live.js";
import { createRoom, ideasOn, lookup, openQuestion, resultsHidden, stageOf, upsert } from "./lib/room.js";
import { drawPlanFields, planFields } from "./plan.js";

var code = document.body.dataset.code;
var imgBase = document.body.dataset.img;
var IDEA_MAX = 500;
var STORY_MAX = 3000;
var keys = {
  idea: "workshop:" + code + ":draft",
  story: "workshop:" + code + ":story-draft",
  author: "workshop:" + code + ":writing-for",
};
var room = createRoom("phone");
var myVotes = [];      // this phone's votes, pending ones included
var items = {};        // idea id -> its list item, kept so focus survives updates
var takingBack = {};   // client id -> vote being taken back, to restore if refused
var justSent = { idea: false, story: false };

// Easy-read wording for the server's refusals, by error code.
var EASY_ERRORS = {
  empty: "Please write something first.",
  too_long: "This is too long. Please make it shorter.",
  question_closed: "This question is closed now.",
  budget_spent: "You have no votes left. Take one back first.",
  already_voted: "You voted for this already.",
  quote_choice_needed: "Please pick Yes or No. Can we use your words?",
  unknown_role: "Please pick who this is from.",
  not_found: "We could not find that. Please try again.",
};

function easyRead() { return document.body.classList.contains("easy-read"); }
function t(standard, easy) { return easyRead() ? easy : standard; }

function errorText(error) {
  if (easyRead()) return EASY_ERRORS[error.code] || "Something went wrong. Please try again.";
  return error.message;
}

function say(message, isError) {
  var node = $("status");
  node.textContent = "";
  // Clearing first, then setting, makes screen readers announce a repeat.
  window.setTimeout(function () {
    node.textContent = message;
    node.className = "status" + (isError ? " status-error" : "");
  }, 50);
}

function myVoteFor(ideaId) {
  // A vote on an idea since merged into this one counts for this one (counts_for).
  for (var i = 0; i < myVotes.length; i++) {
    var v = myVotes[i];
    if (v.idea_id === ideaId || v.counts_for === ideaId) return v;
  }
  return null;
}

function find(listName, key) {
  return (room.workshop && lookup(room.workshop[listName], key)) || null;
}

function picture(kind, item, size) {
  var img = document.createElement("img");
  img.src = imgBase + kind + "-" + item.key + ".svg";
  img.alt = item.short || item.name;
  img.width = img.height = size;
  img.className = "picture";
  // Another council's framework may have tags we have no picture for.
  img.addEventListener("error", function () { img.remove(); });
  return img;
}

// Rendering

function render() {
  renderOutbox();
  if (!room.workshop) return;
  var ended = !!room.workshop.ended;
  $("ended").hidden = !ended;
  $("story-area").hidden = ended;
  var q = ended ? null : openQuestion(room);
  $("waiting").hidden = !!q || ended;
  $("question-area").hidden = !q;
  if (!q) return;
  var stage = stageOf(room, q);
  $("question-stage").textContent = stage ? t(stage.name + " stage", stage.easy_read) : "";
  $("question-text").textContent = t(q.text, q.easy_read);
  var left = dotsLeft(q);
  renderDots(left);
  renderIdeas(q, left);
}

function dotsLeft(q) {
  var mine = myVotes.filter(function (v) { return v.question_id === q.id; }).length;
  return room.workshop.vote_budget - mine;
}

function renderDots(left) {
  var budget = room.workshop.vote_budget;
  var dots = $("dots-left");
  dots.textContent = "";
  var visual = el("span", "dot-row");
  visual.setAttribute("aria-hidden", "true");
  for (var i = 0; i < budget; i++) visual.appendChild(el("span", i < left ? "dot" : "dot dot-used"));
  dots.appendChild(visual);
  dots.appendChild(el("span", "dot-text", t(
    "You have " + left + " of " + budget + " dots left.",
    "You have " + plural(left, " vote", " votes") + " left.")));
}

function renderIdeas(q, left) {
  var list = $("ideas");
  var shown = ideasOn(room, q).sort(function (a, b) { return b.id - a.id; });
  var wanted = {};
  shown.forEach(function (idea, index) {
    wanted[idea.id] = true;
    var item = items[idea.id] || (items[idea.id] = ideaItem(idea));
    updateItem(item, idea, left);
    // Move only what is out of place: moving a node would drop its focus.
    if (list.children[index] !== item.li) list.insertBefore(item.li, list.children[index] || null);
  });
  Object.keys(items).forEach(function (id) {
    if (!wanted[id]) { items[id].li.remove(); delete items[id]; }
  });
  $("no-ideas").hidden = shown.length > 0;
}

function ideaItem(idea) {
  var item = { li: el("li"), text: el("p", "idea-text", idea.text), meta: el("p", "idea-meta"),
    tags: el("p", "idea-tags"), button: el("button"), note: el("span", "vote-note") };
  item.button.type = "button";
  item.button.addEventListener("click", function (event) {
    if (event.detail > 1) return;  // the second tap of a double tap counts once
    onVoteButton(idea.id);
  });
  item.li.appendChild(item.text);
  item.li.appendChild(item.meta);
  item.li.appendChild(item.tags);
  item.li.appendChild(item.button);
  item.li.appendChild(item.note);
  return item;
}

function updateItem(item, idea, left) {
  item.li.className = "idea" + (idea.expert_by_experience ? " idea-ebe" : "");
  var role = find("roles", idea.author_role);
  var meta = (idea.expert_by_experience ? "★ " : "") + (role ? role.label : idea.author_role);
  if (idea.entered_by === "supporter") meta += t(" (written by a supporter)", " (a helper wrote it)");
  var tally = room.tallies[String(idea.id)];
  // Counts only when the server sends them: the facilitator may hide results until reveal.
  if (!resultsHidden(room) && tally && typeof tally.total === "number") {
    meta += " · " + plural(tally.total, " vote", " votes");
  }
  if (item.meta.textContent !== meta) item.meta.textContent = meta;
  renderTags(item.tags, idea);
  var vote = myVoteFor(idea.id);
  var label = vote ? t("Take my vote back", "Take my vote back") : t("Vote", "Vote");
  if (item.button.textContent !== label) item.button.textContent = label;
  item.button.className = vote ? "secondary" : "";
  item.button.setAttribute("aria-label", (vote ? label + " from: " : label + " for: ") + idea.text);
  var spent = !vote && left <= 0;
  if (spent) item.button.setAttribute("aria-disabled", "true");
  else item.button.removeAttribute("aria-disabled");
  item.note.textContent = vote && vote.pending ? t("Your vote will be sent when you are back online.",
    "Your vote is saved. It will send soon.") : "";
}

function renderTags(container, idea) {
  container.textContent = "";
  [["priority", "priorities", idea.priority], ["outcome", "outcome_kinds", idea.outcome_kind]]
    .forEach(function (tag) {
      var item = tag[2] && find(tag[1], tag[2]);
      if (!item) return;
      var span = el("span", "tag");
      if (easyRead()) {
        span.appendChild(picture(tag[0], item, 40));
        span.appendChild(document.createTextNode(" "));
        span.appendChild(el("span", "", item.easy_read || item.short || item.name));
      } else {
        span.textContent = item.short || item.name;
      }
      container.appendChild(span);
    });
}

function renderOutbox() {
  var list = $("outbox-list");
  list.textContent = "";
  live.pending().forEach(function (item) {
    if (item.event !== "submit_idea" && item.event !== "submit_story") return;
    var li = el("li", "", "");
    li.appendChild(el("strong", "", item.event === "submit_idea" ? t("Idea: ", "Idea: ") : t("Story: ", "Story: ")));
    li.appendChild(document.createTextNode(item.payload.text));
    list.appendChild(li);
  });
  $("outbox").hidden = list.children.length === 0;
}

// Choices built from the workshop's framework

function fillTagChoices(container, name, items, kind) {
  container.textContent = "";
  [{ key: "", name: "None", short: "None", easy_read: "No picture" }].concat(items)
    .forEach(function (item) {
      var row = el("div", "choice tag-option");
      var input = el("input");
      input.type = "radio";
      input.name = name;
      input.value = item.key;
      input.id = name + "-" + (item.key || "none");
      input.checked = item.key === "";
      var label = el("label");
      label.htmlFor = input.id;
      if (item.key) {
        var img = picture(kind, item, 48);
        img.classList.add("for-easy-read");
        label.appendChild(img);
        label.appendChild(document.createTextNode(" "));  // keeps the spoken name apart
      }
      label.appendChild(el("span", "for-standard", item.short || item.name));
      label.appendChild(el("span", "for-easy-read", item.easy_read || item.short || item.name));
      row.appendChild(input);
      row.appendChild(label);
      container.appendChild(row);
    });
}

function chosen(name) {
  var input = document.querySelector("input[name='" + name + "']:checked");
  return input ? input.value || null : null;
}

function fillAuthorChoices() {
  var remembered = store(keys.author) || "";
  ["idea-for", "story-for"].forEach(function (id) {
    var select = $(id);
    var value = select.value || remembered;
    select.textContent = "";
    var me = el("option", "", t("Me", "Me"));
    me.value = "";
    select.appendChild(me);
    room.workshop.roles.forEach(function (role) {
      var option = el("option", "", t("Someone I support: " + role.label,
        "Someone I help: " + (role.easy_read || role.label)));
      option.value = role.key;
      select.appendChild(option);
    });
    select.value = value;
  });
}

// Sending

function onVoteButton(ideaId) {
  var idea = room.ideas[ideaId];
  var q = openQuestion(room);
  if (!idea || !q) return;
  var vote = myVoteFor(ideaId);
  if (vote) return withdraw(vote);
  if (dotsLeft(q) <= 0) {
    say(t("You have used all your dots for this question. Take one back to vote for something else.",
      "You have no votes left. Take one back first."), true);
    return;
  }
  var clientId = uid();
  myVotes.push({ idea_id: idea.id, question_id: idea.question_id, client_id: clientId, pending: true });
  live.send("cast_vote", { idea_id: idea.id, client_id: clientId });
  render();
  if (!live.online) say(t("You are offline. Your vote is saved and will be sent when you are back online.",
    "No internet. Your vote is saved. It will send later."));
}

function withdraw(vote) {
  myVotes = myVotes.filter(function (v) { return v.client_id !== vote.client_id; });
  takingBack[vote.client_id] = vote;
  live.send("withdraw_vote", { client_id: vote.client_id });
  render();
  if (!live.online) say(t("You are offline. Your vote will be taken back when you are back online.",
    "No internet. We will take your vote back later."));
}

function showFieldError(kind, message) {
  var error = $(kind + "-error");
  var field = $(kind + "-text");
  error.textContent = message;
  error.hidden = !message;
  if (message) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
}

function checkText(kind, text, max) {
  if (!text) {
    return t(kind === "idea" ? "Please write your idea before sending." : "Please write your story before sending.",
      "Please write something first.");
  }
  if (text.length > max) {
    return t("That is " + text.length + " characters: please keep it under " + max + ".",
      "This is too long. Please make it shorter.");
  }
  return null;
}

function onIdeaSubmit(event) {
  event.preventDefault();
  var q = openQuestion(room);
  var textarea = $("idea-text");
  var text = textarea.value.trim();
  if (!text && justSent.idea) return;  // a second tap on Send: already on its way
  var problem = q ? checkText("idea", text, IDEA_MAX) : t("There is no open question just now.", "There is no question yet.");
  if (problem) {
    showFieldError("idea", problem);
    textarea.focus();
    return;
  }
  showFieldError("idea", "");
  live.send("submit_idea", Object.assign({
    question_id: q.id, text: text, priority: chosen("priority"), outcome_kind: chosen("outcome"),
    on_behalf_of: $("idea-for").value || null,
  }, planFields(room, q.id)));
  justSent.idea = true;
  textarea.value = "";
  store(keys.idea, null);
  ["priority-none", "outcome-none"].forEach(function (id) { if ($(id)) $(id).checked = true; });
  updateCount("idea", IDEA_MAX);
  renderOutbox();
  if (!live.online) say(t("You are offline. Your idea is saved and will be sent when you are back online.",
    "No internet. Your idea is saved. It will send later."));
}

function onStorySubmit(event) {
  event.preventDefault();
  var textarea = $("story-text");
  var text = textarea.value.trim();
  if (!text && justSent.story) return;
  var problem = checkText("story", text, STORY_MAX);
  var quote = document.querySelector("input[name='may_quote']:checked");
  if (!problem && !quote) {
    problem = t("Please choose whether we may quote your words.", EASY_ERRORS.quote_choice_needed);
  }
  if (problem) {
    showFieldError("story", problem);
    (quote || !text ? textarea : $("quote-yes")).focus();
    return;
  }
  showFieldError("story", "");
  var q = openQuestion(room);
  live.send("submit_story", {
    text: text, may_quote: quote.value === "yes", question_id: q ? q.id : null,
    on_behalf_of: $("story-for").value || null,
  });
  justSent.story = true;
  textarea.value = "";
  quote.checked = false;
  store(keys.story, null);
  updateCount("story", STORY_MAX);
  renderOutbox();
  if (!live.online) say(t("You are offline. Your story is saved and will be sent when you are back online.",
    "No internet. Your story is saved. It will send later."));
}

// A refused idea or story goes back into its box: nothing typed is lost.
function restoreText(kind, text, max) {
  var textarea = $(kind + "-text");
  textarea.value = textarea.value.trim() ? textarea.value + "\n\n" + text : text;
  store(keys[kind], textarea.value);
  updateCount(kind, max);
}

function onReply(reply, item) {
  var payload = item.payload;
  if (item.event === "submit_idea") {
    if (reply.ok && reply.awaiting_approval) {
      // Not shown to the room until the facilitator approves it.
      say(t("Idea sent. Thank you. It will appear once the facilitator has checked it.",
        "Thank you. We got your idea. It will show soon."));
    } else if (reply.ok) {
      upsert(room, reply.idea);
      say(t("Idea sent. Thank you.", "Thank you. We got your idea."));
    } else {
      restoreText("idea", payload.text, IDEA_MAX);
      showFieldError("idea", errorText(reply.error));
      say(errorText(reply.error) + t(" Your idea is back in the box.", " Your idea is still there."), true);
    }
  } else if (item.event === "submit_story") {
    if (reply.ok) say(t("Story sent. Thank you.", "Thank you. We got your story."));
    else {
      restoreText("story", payload.text, STORY_MAX);
      showFieldError("story", errorText(reply.error));
      say(errorText(reply.error), true);
    }
  } else if (item.event === "cast_vote") {
    if (reply.ok) {
      myVotes.forEach(function (v) { if (v.client_id === payload.client_id) v.pending = false; });
      say(t("Vote counted. " + plural(reply.votes_left, " dot", " dots") + " left.",
        "Your vote is counted. You have " + plural(reply.votes_left, " vote", " votes") + " left."));
    } else {
      myVotes = myVotes.filter(function (v) { return v.client_id !== payload.client_id; });
      say(errorText(reply.error), true);
    }
  } else if (item.event === "withdraw_vote") {
    var vote = takingBack[payload.client_id];
    delete takingBack[payload.client_id];
    if (reply.ok) {
      say(t("Vote taken back. " + plural(reply.votes_left, " dot", " dots") + " left.",
        "Your vote is taken back. You have " + plural(reply.votes_left, " vote", " votes") + " left."));
    } else {
      if (vote && reply.error.code !== "not_found") myVotes.push(vote);
      say(errorText(reply.error), true);
    }
  }
  render();
}

// Votes still in the outbox are not on the server yet: keep showing them.
function mergePending(serverVotes) {
  var votes = serverVotes.slice();
  live.pending().forEach(function (item) {
    if (item.event === "cast_vote") {
      var idea = room.ideas[item.payload.idea_id];
      var known = votes.some(function (v) { return v.client_id === item.payload.client_id; });
      if (idea && idea.status === "shown" && !known) votes.push({ idea_id: idea.id, question_id: idea.question_id, client_id: item.payload.client_id, pending: true });
    } else if (item.event === "withdraw_vote") {
      votes = votes.filter(function (v) { return v.client_id !== item.payload.client_id; });
    }
  });
  return votes;
}

// What the phone adds to the shared reducer (lib/room.js) for its own votes:
// a hidden idea gave its dots back; a merged idea's dots count for the one it
// joined (issue 6). Then it announces a new question.
function onEvent(e) {
  var d = e.data || {};
  if (e.type === "idea_hidden") {
    myVotes = myVotes.filter(function (v) { return (v.counts_for || v.idea_id) !== d.idea_id; });
  } else if (e.type === "ideas_merged") {
    myVotes.forEach(function (v) { if ((v.counts_for || v.idea_id) === d.idea_id) v.counts_for = d.into; });
  } else if (e.type === "idea_unmerged") {
    myVotes.forEach(function (v) { if (v.idea_id === d.idea.id) v.counts_for = d.idea.id; });
  } else if (e.type === "results_revealed" && !d.tallies) {
    fetchTallies();
  } else if (e.type === "question_opened") {
    var q = openQuestion(room);
    if (q) say(t("A new question is open: " + q.text, "There is a new question: " + q.easy_read));
  }
  drawPlanFields(room);
  render();
}

// Revealed results without counts in the event: read them once from the snapshot.
function fetchTallies() {
  window.fetch("/api/w/" + encodeURIComponent(code) + "/snapshot", { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (snap) {
      if (!snap) return;
      room.settings.results_hidden = snap.results_hidden === true;
      room.tallies = snap.tallies || {};
      render();
    })
    .catch(function () { /* offline: the next snapshot or tallies push brings them */ });
}

function showConnection(online) {
  if (online === undefined) return;  // still connecting for the first time
  $("connection").textContent = online ? t("Connected", "Connected")
    : t("Offline: trying to reconnect. Nothing you send is lost.", "No internet. Your work is safe. We keep trying.");
  $("connection").className = "connection" + (online ? " online" : " offline");
}

var tagsFilled = false;
var live = new Live({
  code: code, view: "phone", room: room,
  handlers: {
    connection: showConnection,
    refused: function (error) {
      if (error.code === "not_joined") window.location.href = "/j/" + code;
      else say(errorText(error), true);
    },
    snapshot: function (snap) {
      myVotes = mergePending(snap.me ? snap.me.votes : []);
      if (!tagsFilled) {
        tagsFilled = true;
        fillTagChoices($("idea-priority"), "priority", snap.workshop.priorities, "priority");
        fillTagChoices($("idea-kind"), "outcome", snap.workshop.outcome_kinds, "outcome");
      }
      fillAuthorChoices();
      drawPlanFields(room);
      render();
    },
    event: onEvent,
    tallies: render,
    me: function (me) { myVotes = mergePending(me.votes); render(); },
    reply: onReply,
  },
});

function updateCount(kind, max) {
  var length = $(kind + "-text").value.trim().length;
  var count = $(kind + "-count");
  count.textContent = length > max
    ? t(length - max + " characters too many.", "This is too long.")
    : t(length + " of " + max + " characters.", "");
  count.className = "hint count" + (length > max ? " error-message" : "");
}

// What is being typed survives a reload until it is sent.
[["idea", IDEA_MAX], ["story", STORY_MAX]].forEach(function (pair) {
  var kind = pair[0];
  var textarea = $(kind + "-text");
  textarea.value = store(keys[kind]) || "";
  updateCount(kind, pair[1]);
  textarea.addEventListener("input", function () {
    justSent[kind] = false;
    store(keys[kind], textarea.value);
    updateCount(kind, pair[1]);
  });
});
$("idea-form").addEventListener("submit", onIdeaSubmit);
$("story-form").addEventListener("submit", onStorySubmit);
["idea-send", "story-send"].forEach(function (id) {
  $(id).addEventListener("click", function (event) { if (event.detail > 1) event.preventDefault(); });
});
["idea-for", "story-for"].forEach(function (id) {
  $(id).addEventListener("change", function () {
    store(keys.author, $(id).value || null);
    $("idea-for").value = $("story-for").value = $(id).value;
  });
});
document.addEventListener("easyreadchange", function () {
  if (room.workshop) fillAuthorChoices();
  updateCount("idea", IDEA_MAX);
  updateCount("story", STORY_MAX);
  showConnection(live.online);
  render();
});
render();
