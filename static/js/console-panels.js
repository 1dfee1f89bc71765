/* The console's quieter panels: stories, results and coverage, the roster
 * (the Plan panel is console-plan.js). Each draws only while its panel is open.
 */
import { el, plural, short } from "./lib/dom.js";
import { allIdeas, ideasOn, roleLabel } from "./lib/room.js";
import { expertVotes, ranked, tallyOf, votes } from "./lib/count.js";
import { serverPlaces, sharedPlaces } from "./lib/places.js";
import { reconcile } from "./console-ideas.js";
import { voicePlayer } from "./console-media.js";
import { kindOf } from "./kinds/index.js";

var ENTERED = { self: "", supporter: " · entered by a supporter", scribe: " · typed in by the scribe" };

export function Panels(ctx) {
  var room = ctx.room, state = ctx.state, button = ctx.button, act = ctx.act;

  // Stories: their words never come over the live connection, so the list
  // is read over HTTP when the panel opens and when one arrives or changes.
  function loadStories() {
    room.storiesStale = false;
    return fetch("/api/w/" + encodeURIComponent(room.workshop.code) + "/stories", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { stories: [] }; })
      .then(function (body) { room.stories = body.stories; room.storiesLoaded = true; ctx.render(); });
  }

  function storyItem(story) {
    var li = el("li", "mod-idea" + (story.expert_by_experience ? " idea-ebe" : "") + (story.follow_up ? " follow-up" : ""));
    li.appendChild(el("p", "idea-text", story.text));
    if (story.voice) li.appendChild(voicePlayer(story));
    var marks = (story.expert_by_experience ? "★ " : "") + roleLabel(room, story.author_role) + (ENTERED[story.entered_by] || "") +
      (story.may_quote ? " · may be quoted" : " · not to be quoted") +
      (story.status === "hidden" ? " · hidden from every export" : "") +
      (story.follow_up ? " · needs follow-up: kept out of the report" : "");
    li.appendChild(el("p", "idea-meta", marks));
    var row = el("div", "button-row");
    var about = ": " + short(story.text, 60);
    var hidden = story.status === "hidden";
    row.appendChild(button(hidden ? "Restore" : "Hide", function () {
      act(hidden ? "restore_story" : "hide_story", { story_id: story.id },
        hidden ? "Story restored." : "Story hidden: it is left out of every export; its words are kept.");
    }, { aria: (hidden ? "Restore story" : "Hide story") + about, className: "small secondary", key: "story-hide:" + story.id }));
    row.appendChild(button("Needs follow-up", function () {
      act("flag_story", { story_id: story.id, on: !story.follow_up },
        story.follow_up ? "Follow-up mark taken off." : "Marked as needing follow-up: kept out of the report.");
    }, { aria: "Needs follow-up" + about, className: "small secondary", pressed: !!story.follow_up, key: "story-flag:" + story.id }));
    li.appendChild(row);
    return li;
  }

  function drawStories(all, flagged) {
    if (!room.storiesLoaded || room.storiesStale) loadStories();
    var byId = {};
    room.stories.forEach(function (s) { byId[s.id] = s; });
    var version = function (id) { var s = byId[id]; return [s.status, s.follow_up].join(); };
    var build = function (id) { return storyItem(byId[id]); };
    reconcile(all, room.stories.map(function (s) { return s.id; }), version, build);
    var marked = room.stories.filter(function (s) { return s.follow_up; }).map(function (s) { return "f" + s.id; });
    reconcile(flagged, marked, function (key) { return version(Number(key.slice(1))); },
      function (key) { var li = storyItem(byId[Number(key.slice(1))]); li.querySelectorAll("button").forEach(function (b) { b.dataset.key = "f-" + b.dataset.key; }); return li; });
    if (!room.stories.length && !all.children.length) all.appendChild(el("li", "hint", "No stories yet."));
    if (!marked.length && !flagged.children.length) flagged.appendChild(el("li", "hint", "None."));
  }

  // Results by role for the focused question, ranked as the board ranks.
  function drawResults(box, q) {
    box.textContent = "";
    if (!q) return;
    var rank = room.settings.board_rank || "room";
    var ideas = ranked(room, ideasOn(room, q), rank).slice(0, 15);
    // While phones vote on the themes, this table's votes on single ideas are the old ones.
    if (q.vote_on === "themes") {
      box.appendChild(el("p", "results-themes-note", "Phones are voting on this question's themes. Each theme's votes are in the " +
        "Themes panel, and the themes ranked across the roles in Carry forward. Below: the votes on single ideas from before."));
    }
    if (!ideas.length) { box.appendChild(el("p", "hint", "No ideas on this question yet.")); return; }
    var roles = room.workshop.roles;
    var table = el("table", "results-table");
    table.appendChild(el("caption", null, ({ experts: "Top ideas as experts by experience ranked them: ", cross_role: "Top ideas across the roles: " }[rank] || "Top ideas as the whole room ranked them: ") + short(q.text, 80)));
    var head = el("tr");
    ["#", "Idea", "All", "★ Experts", "Votes by role"].forEach(function (h, n) {
      var th = el("th", n === 4 ? "by-role" : null, h); th.scope = "col"; head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    // The server's places, as the board and the report give them: level ideas share one.
    var places = serverPlaces(room.orders, q, rank, ideas), shared = sharedPlaces(places);
    ideas.forEach(function (idea) {
      var tr = el("tr", idea.expert_by_experience ? "idea-ebe" : "");
      var place = places[idea.id];
      tr.appendChild(el("td", null, shared[place] ? place + " (level)" : String(place)));
      var th = el("th", null, short(idea.text, 90)); th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(el("td", null, String(votes(room, idea))));
      tr.appendChild(el("td", null, String(expertVotes(room, idea))));
      var byRole = tallyOf(room, idea).by_role || {};
      var split = roles.filter(function (r) { return byRole[r.key]; })
        .map(function (r) { return r.label + " " + byRole[r.key]; }).join(", ");
      tr.appendChild(el("td", "by-role", split));
      // On a phone the column has no room (app.css): the same words under the idea instead.
      if (split) th.appendChild(el("span", "by-role-under", "Votes by role: " + split));
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
  }

  // Coverage: which priorities and kinds of outcome have no ideas yet.
  function drawCoverage(box, scope, q) {
    box.textContent = "";
    if (!q) return;
    // A question that takes no ideas (a ranking) covers no priority: a table of
    // "none yet" would be a false alarm.
    if (!kindOf(q).takesIdeas) {
      scope.textContent = "This question asks the room to put a list in order, not for ideas, " +
        "so it has no priorities or kinds of outcome to cover. Choose an ideas question to see its coverage.";
      return;
    }
    var shown = ideasOn(room, q);
    var everywhere = allIdeas(room).filter(function (i) { return i.status === "shown"; });
    scope.textContent = "Ideas on this question, and across the whole workshop.";
    [["priorities", "priority", "Social Value priority", "name"], ["outcome_kinds", "outcome_kind", "Kind of outcome", "short"]]
      .forEach(function (spec) {
        var table = el("table", "coverage");
        table.appendChild(el("caption", null, spec[2]));
        var head = el("tr");
        [spec[2], "This question", "Workshop"].forEach(function (h) { var th = el("th", null, h); th.scope = "col"; head.appendChild(th); });
        var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
        var body = el("tbody");
        room.workshop[spec[0]].forEach(function (entry) {
          var here = shown.filter(function (i) { return i[spec[1]] === entry.key; }).length;
          var all = everywhere.filter(function (i) { return i[spec[1]] === entry.key; }).length;
          var tr = el("tr", here ? "" : "gap");
          var th = el("th", null, entry[spec[3]] || entry.name); th.scope = "row";
          tr.appendChild(th);
          tr.appendChild(el("td", null, here ? String(here) : "none yet"));
          tr.appendChild(el("td", null, String(all)));
          body.appendChild(tr);
        });
        table.appendChild(body);
        box.appendChild(table);
      });
  }

  function drawRoster(body) {
    body.textContent = "";
    room.roster.forEach(function (row) {
      var tr = el("tr");
      var th = el("th", null, row.label); th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(el("td", null, String(row.count)));
      body.appendChild(tr);
    });
  }

  return { drawStories: drawStories, drawResults: drawResults, drawCoverage: drawCoverage,
           drawRoster: drawRoster };
}
