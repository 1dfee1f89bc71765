/* The console's Themes panel and the near-duplicate mark (issue 22).
 *
 * Themes panel, per question: Suggest (the server's suggestion, or its plain
 * sentence for 0-2 ideas), accept all or the ticked ones (names editable
 * first), rename, merge, split, move an idea to another theme or into one by
 * hand (or several ticked ones at once: console-theme-picks.js), undo, and
 * put the themes (or one theme) on the board. Every change is a console
 * action (docs/API.md, "Themes"); the `themes_changed` that follows redraws
 * every console, this one included. No drag: every move is
 * a button and a list, so it works by keyboard alike.
 *
 * Near duplicates, the server's answer only: on a snapshot, each question's
 * shown ideas at once (GET /questions/ID/looks-like), then each idea that
 * arrives while this console is open (GET /ideas/ID/looks-like), one request
 * at a time; the Ideas panel marks it "Looks like #12" and offers the merge.
 *
 * Labels and ideas are user text: only ever set with textContent.
 */
import { $, el, plural, short } from "./lib/dom.js";
import { allIdeas, openQuestion, question } from "./lib/room.js";
import { ThemePicks } from "./console-theme-picks.js";

export function ConsoleThemes(ctx) {
  var room = ctx.room, state = ctx.state, button = ctx.button, act = ctx.act, say = ctx.say;
  var byQuestion = {};  // accepted themes per question, as the server last sent them
  var suggested = {};   // question id -> {groups, message} suggested on this console
  // What only this console shows: open themes and the one form in use.
  var ui = { open: {}, form: null };
  var drawn = null;
  var looks = {}, dismissed = {}, queue = [], asking = false, QUEUE_MAX = 30;

  // Ticked ideas, moved together (console-theme-picks.js); a move's reply redraws at once.
  var picks = ThemePicks(ctx, {
    open: function (id) { ui.open[id] = true; },
    redraw: function (themes) {
      if (themes) byQuestion[themes.question_id] = themes.groups;
      drawn = null;
      ctx.render();
    },
  });

  function api(path) { return "/api/w/" + encodeURIComponent(room.workshop.code) + path; }

  function snapshot(snap) {
    byQuestion = {};
    (snap.themes || []).forEach(function (t) { byQuestion[t.question_id] = t.groups; });
    drawn = null;
    checkAll();
  }

  function event(e) {
    if (e.type === "themes_changed") byQuestion[e.data.question_id] = e.data.groups || [];
    if (e.type === "board_view") room.settings.board_theme_id = e.data.theme_id || null;
    if (e.type === "idea_added" || e.type === "idea_approved") check(e.data.idea);
  }

  // Near duplicates

  function check(idea) {
    if (!idea || idea.status !== "shown" || idea.id in looks) return;
    looks[idea.id] = null;
    queue.push(idea.id);
    // A reconnect's replay: the newest matter (a whole question's check stays).
    if (queue.length > QUEUE_MAX) queue.splice(queue.findIndex(function (x) { return typeof x === "number"; }), 1);
    next();
  }

  // Every shown idea not yet checked, a question at a time ("q" + its id in the queue).
  function checkAll() {
    var questions = {};
    allIdeas(room).forEach(function (idea) {
      if (idea.status !== "shown" || idea.id in looks) return;
      looks[idea.id] = null;
      questions[idea.question_id] = true;
    });
    Object.keys(questions).forEach(function (q) { queue.unshift("q" + q); });
    next();
  }

  function next() {
    if (asking || !queue.length) return;
    asking = true;
    var id = queue.shift();
    var whole = typeof id === "string";
    var path = whole ? "/questions/" + id.slice(1) + "/looks-like" : "/ideas/" + id + "/looks-like";
    fetch(api(path), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { looks_like: null }; })
      .catch(function () { return { looks_like: null }; })
      .then(function (body) {
        asking = false;
        var found = {};
        if (whole) found = body.looks_like || {};
        else if (body.looks_like) found[id] = body.looks_like;
        Object.keys(found).forEach(function (one) { looks[one] = found[one]; });
        if (Object.keys(found).length) ctx.render();
        next();
      });
  }

  function likeOf(idea) {
    var found = looks[idea.id];
    var target = found && room.ideas[found.id];
    if (!found || dismissed[idea.id] || idea.status !== "shown" || !target || target.status !== "shown") return null;
    return target;
  }

  // For the Ideas panel's item version: the mark changes the item.
  function markKey(idea) { var t = likeOf(idea); return t ? t.id : null; }
  // For its Merge… search: {id, how} of the idea this one looks like, or null.
  function like(idea) { var t = likeOf(idea); return t ? { id: t.id, how: looks[idea.id].how } : null; }

  function mark(idea) {
    var target = likeOf(idea);
    if (!target) return null;
    var box = el("div", "looks-like");
    box.appendChild(el("p", null, "Looks like #" + target.id + " (" + looks[idea.id].how + "): “" + short(target.text, 90) + "”"));
    var row = el("div", "button-row");
    row.appendChild(button("Merge into #" + target.id, function () {
      act("merge_ideas", { idea_id: idea.id, into: target.id },
        "Merged into #" + target.id + ". Every vote and author now counts for it; you can undo it.", null,
        ctx.goneFrom(idea, "merge", target.id));
    }, { aria: "Merge into #" + target.id + ": “" + short(idea.text, 40) + "”", key: "looks-merge:" + idea.id }));
    row.appendChild(button("Not the same", function () { dismissed[idea.id] = true; ctx.render(); },
      { className: "small secondary", aria: "Not the same: keep “" + short(idea.text, 40) + "” apart", key: "looks-keep:" + idea.id }));
    box.appendChild(row);
    return box;
  }

  // The panel

  function current() { return question(room, state.focus) || openQuestion(room) || room.questions[0] || null; }

  function shownOn(q) {
    return allIdeas(room).filter(function (i) { return i.question_id === q.id && i.status === "shown"; })
      .sort(function (a, b) { return b.id - a.id; });
  }

  function themesOf(q) {
    return (byQuestion[q.id] || []).map(function (t) {
      return { id: t.id, label: t.label, ideas: t.ideas.filter(function (id) {
        return room.ideas[id] && room.ideas[id].status === "shown";
      }) };
    }).filter(function (t) { return t.ideas.length; });
  }

  function drawSelect(q) {
    var select = $("themes-question");
    if (document.activeElement === select) return;
    select.textContent = "";
    room.questions.forEach(function (one, n) {
      var option = el("option", null, (n + 1) + ". " + ctx.stageName(one.stage) + (one.status === "open" ? " (open)" : "") + ": " + short(one.text, 70));
      option.value = String(one.id);
      select.appendChild(option);
    });
    if (q) select.value = String(q.id);
  }

  function draw() {
    var q = current();
    drawSelect(q);
    if (!q) return;
    var ideas = shownOn(q);
    var themes = themesOf(q);
    picks.prune(q, ideas);
    var key = JSON.stringify([q.id, themes, suggested[q.id], ui, ideas.map(function (i) { return [i.id, i.text]; }),
      room.settings.board_view, room.settings.board_theme_id, q.vote_on, room.themeTallies[q.id]]);
    if (key === drawn) return;
    drawn = key;
    var placed = {};
    themes.forEach(function (t) { t.ideas.forEach(function (id) { placed[id] = t.id; }); });
    var loose = ideas.filter(function (i) { return !placed[i.id]; });
    drawVoteOn(q, themes, loose.length);
    drawSuggestion(q, ideas);
    $("themes-accepted-count").textContent = "(" + themes.length + ")";
    var list = $("themes-accepted");
    list.textContent = "";
    if (!themes.length) list.appendChild(el("li", "hint", "No themes yet for this question. Suggest themes, or add an idea to a new theme below."));
    themes.forEach(function (t, n) { list.appendChild(themeItem(q, t, n, themes)); });
    $("themes-loose-count").textContent = "(" + loose.length + ")";
    var rest = $("themes-loose");
    rest.textContent = "";
    loose.forEach(function (i) { rest.appendChild(ideaItem(q, i, null, themes)); });
    var tickLoose = $("themes-loose-tick");
    tickLoose.textContent = "";
    if (loose.length > 1) tickLoose.appendChild(picks.tickAllButton(loose.map(function (i) { return i.id; }), "in no theme", "loose-tick"));
    picks.drawBar(q, themes);
    picks.focusMoved();
  }

  /* Issue 22 item 5: put the question's dots on its themes instead of its
   * ideas (and back); while they are, the room's count of dots on each theme. */
  function drawVoteOn(q, themes, loose) {
    var box = $("themes-vote");
    box.textContent = "";
    var on = q.vote_on === "themes";
    if (!on && !themes.length) return;
    var counts = room.themeTallies[q.id] || {};
    var dots = themes.reduce(function (n, t) { return n + ((counts[t.id] || {}).total || 0); }, 0);
    box.appendChild(el("p", on ? "theme-vote-now" : "hint", on
      ? "Phones are voting on these themes, not on single ideas: " + plural(dots, " vote", " votes") + " so far."
      : "Phones vote on single ideas. You can have them vote on these themes instead."));
    // Phones show only the themes: an idea in none cannot get a vote (listed below).
    if (loose) {
      var them = loose === 1 ? "it" : "them";
      box.appendChild(el("p", { id: "themes-loose-warning", class: "themes-loose-warning" }, plural(loose, " idea is", " ideas are") + " in no theme: " + (on
        ? "nobody can vote for " + them + "."
        : "with a vote on themes nobody could vote for " + them + ". Add " + them + " to a theme first, or leave " + them + " out.")));
    }
    box.appendChild(button(on ? "Vote on single ideas again" : "Vote on these themes instead of ideas", function () {
      act("set_vote_on", { question_id: q.id, vote_on: on ? "ideas" : "themes" },
        on ? "Phones vote on single ideas again. The votes on themes are kept." : "Phones now vote on the themes.");
    }, { className: on ? "small secondary" : "small", key: "themes-vote-on" }));
    if (loose) box.lastChild.setAttribute("aria-describedby", "themes-loose-warning");
  }

  function dotsOn(q, t) {
    if (q.vote_on !== "themes") return "";
    var n = ((room.themeTallies[q.id] || {})[t.id] || {}).total || 0;
    return " · " + plural(n, " vote", " votes");
  }

  function drawSuggestion(q, ideas) {
    var box = $("themes-suggestion");
    box.textContent = "";
    var s = suggested[q.id];
    if (!s) return;
    if (s.busy) { box.appendChild(el("p", "hint", "Suggesting themes for " + plural(ideas.length, " idea…", " ideas…"))); return; }
    if (!s.groups.length) { box.appendChild(el("p", "themes-message", s.message || "No themes to suggest.")); return; }
    var form = el("form", "stack suggestion");
    form.appendChild(el("h3", null, "Suggested: " + plural(s.groups.length, " theme", " themes")));
    form.appendChild(el("p", "hint", "Untick a theme to leave it out; change a name before you accept it. Nothing is kept until you accept."));
    var list = el("ol", "theme-list");
    s.groups.forEach(function (g, n) {
      var li = el("li", "suggested-group");
      var tick = el("input");
      tick.type = "checkbox"; tick.id = "suggest-take-" + n; tick.checked = !g.skip;
      tick.setAttribute("aria-label", "Accept this theme: " + g.label);
      tick.addEventListener("change", function () { g.skip = !tick.checked; });
      var name = el("input");
      name.type = "text"; name.id = "suggest-name-" + n; name.value = g.label; name.maxLength = 80;
      name.setAttribute("aria-label", "Name of suggested theme " + (n + 1) + " (" + plural(g.ideas.length, " idea", " ideas") + ")");
      name.addEventListener("input", function () { g.label = name.value; });
      li.appendChild(tick);
      li.appendChild(name);
      var more = el("details");
      more.appendChild(el("summary", null, plural(g.ideas.length, " idea", " ideas")));
      var ul = el("ul");
      g.ideas.forEach(function (id) { if (room.ideas[id]) ul.appendChild(el("li", null, room.ideas[id].text)); });
      more.appendChild(ul);
      li.appendChild(more);
      list.appendChild(li);
    });
    form.appendChild(list);
    var row = el("div", "button-row");
    var some = el("button", null, "Accept the ticked themes");
    some.type = "submit"; some.dataset.key = "suggest-accept";
    row.appendChild(some);
    row.appendChild(button("Accept all " + s.groups.length, function () { accept(q, s.groups, form); },
      { className: "secondary", key: "suggest-all" }));
    row.appendChild(button("Clear the suggestion", function () { delete suggested[q.id]; ctx.render(); },
      { className: "secondary", key: "suggest-clear" }));
    form.appendChild(row);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      leaveField(some);
      accept(q, s.groups.filter(function (g) { return !g.skip; }), form);
    });
    box.appendChild(form);
  }

  function accept(q, groups, origin) {
    if (!groups.length) { say("Tick at least one theme to accept.", true, origin); return; }
    ctx.live.call("accept_themes", { question_id: q.id, groups: groups.map(function (g) {
      return { label: g.label, ideas: g.ideas };
    }) }, function (reply) {
      if (!reply.ok) { say(reply.error.message, true, $("themes-suggest")); return; }
      var s = suggested[q.id];
      if (s) s.groups = s.groups.filter(function (g) { return groups.indexOf(g) < 0; });
      if (s && !s.groups.length) delete suggested[q.id];
      byQuestion[q.id] = reply.themes.groups;
      say(plural(groups.length, " theme accepted.", " themes accepted."), false, $("themes-suggest"));
      ctx.render();
    });
  }

  function suggest() {
    var q = current();
    if (!q) return;
    suggested[q.id] = { busy: true, groups: [] };
    ctx.render();
    fetch(api("/themes?suggest=1&question_id=" + q.id), { credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
      .then(function (r) {
        if (!r.ok) throw new Error((r.body.error && r.body.error.message) || "The suggestion failed.");
        var found = (r.body.questions || [])[0] || { groups: [], message: "This question has no ideas yet, so there is nothing to group." };
        suggested[q.id] = { groups: found.groups || [], message: found.message };
        say(found.groups && found.groups.length ? plural(found.groups.length, " theme suggested.", " themes suggested.") : found.message || "", false, $("themes-suggest"));
        ctx.render();
      })
      .catch(function (error) {
        delete suggested[q.id];
        say(error.message || "The suggestion failed.", true, $("themes-suggest"));
        ctx.render();
      });
  }

  function themeItem(q, t, n, themes) {
    var li = el("li");
    li.dataset.themeId = t.id;
    var details = el("details");
    details.open = !!ui.open[t.id];
    details.addEventListener("toggle", function () { ui.open[t.id] = details.open; });
    var summary = el("summary", null, t.label + " · " + plural(t.ideas.length, " idea", " ideas") + dotsOn(q, t));
    summary.dataset.key = "theme-open:" + t.id;
    details.appendChild(summary);
    var about = ": " + short(t.label, 50);
    var form = ui.form && ui.form.theme === t.id ? ui.form.kind : null;
    var row = el("div", "button-row");
    row.appendChild(button("Rename", function () { open("rename", t.id); }, { className: "small secondary", aria: "Rename" + about, key: "theme-rename:" + t.id }));
    if (themes.length > 1) row.appendChild(button("Merge…", function () { open("merge", t.id); }, { className: "small secondary", aria: "Merge" + about, key: "theme-merge:" + t.id }));
    if (t.ideas.length > 1 && form !== "split") row.appendChild(picks.tickAllButton(t.ideas, "in “" + short(t.label, 50) + "”", "theme-tick:" + t.id));
    if (t.ideas.length > 1) row.appendChild(button("Split…", function () { open("split", t.id); }, { className: "small secondary", aria: "Split" + about, key: "theme-split:" + t.id }));
    var onBoard = room.settings.board_view === "themes" && room.settings.board_theme_id === t.id;
    row.appendChild(button(onBoard ? "On the board" : "Step into it on the board", function () {
      act("set_board_view", { view: "themes", theme_id: onBoard ? null : t.id },
        onBoard ? "The board shows every theme again." : "The board shows the ideas of: " + short(t.label, 60) + ".");
    }, { className: "small secondary", pressed: onBoard, aria: "Step into it on the board" + about, key: "theme-board:" + t.id }));
    details.appendChild(row);
    if (form === "rename") details.appendChild(renameForm(t));
    if (form === "merge") details.appendChild(mergeForm(t, themes));
    var ideas = el("ol", "theme-ideas");
    t.ideas.forEach(function (id) { ideas.appendChild(ideaItem(q, room.ideas[id], t, themes, form === "split")); });
    details.appendChild(ideas);
    if (form === "split") details.appendChild(splitForm(t, ideas));
    li.appendChild(details);
    return li;
  }

  function open(kind, theme, idea) {
    if (theme) ui.open[theme] = true;
    // Splitting shows the theme's own tick boxes: its ideas' move ticks would be out of sight.
    if (kind === "split") picks.untick((byQuestion[current().id] || []).filter(function (t) { return t.id === theme; })[0]);
    ui.form = { kind: kind, theme: theme, idea: idea };
    ctx.render();
  }
  function close() { ui.form = null; ctx.render(); }

  function field(labelText, id, input) {
    var box = el("div");
    var label = el("label", null, labelText);
    label.htmlFor = id;
    input.id = id;
    box.appendChild(label);
    box.appendChild(input);
    return box;
  }

  // The submit button takes the key of the button that opened the form, so
  // focus returns to that button when the form closes (console.js draw).
  function actions(form, go, goLabel, key, aria) {
    var submit = el("button", "small", goLabel);
    submit.type = "submit";
    submit.dataset.key = key;
    if (aria) submit.setAttribute("aria-label", aria);
    form.appendChild(submit);
    form.appendChild(button("Cancel", close, { className: "small secondary" }));
    form.addEventListener("submit", function (e) { e.preventDefault(); leaveField(submit); go(); });
    return form;
  }

  // Enter in a name field submits; the panel is not redrawn under a field
  // being typed in (console.js), so focus moves to the form's button first,
  // or the form would stay open, looking as if nothing happened.
  function leaveField(submit) {
    if (submit.form.contains(document.activeElement)) submit.focus();
  }

  function textInput(value) {
    var input = el("input");
    input.type = "text"; input.maxLength = 80; input.value = value || "";
    return input;
  }

  function later(node) { window.setTimeout(function () { node.focus(); }, 0); }

  // act's hook: once accepted, what the change did stays in view at the screen's foot, with Undo.
  function inView(text) { return { accepted: function () { picks.shown(text); } }; }
  function quoted(text) { return "“" + short(text, 50) + "”"; }

  function renameForm(t) {
    var form = el("form", "theme-form");
    var input = textInput(t.label);
    form.appendChild(field("New name", "theme-name-" + t.id, input));
    later(input);
    return actions(form, function () {
      ui.form = null;
      act("rename_theme", { theme_id: t.id, label: input.value }, "Renamed.", form,
        inView("Renamed " + quoted(t.label) + " to " + quoted(input.value.trim()) + "."));
    }, "Save the name", "theme-rename:" + t.id);
  }

  function mergeForm(t, themes) {
    var form = el("form", "theme-form");
    var select = el("select");
    select.appendChild(el("option", null, "Choose the theme…")).value = "";
    themes.forEach(function (o) { if (o.id !== t.id) select.appendChild(el("option", null, short(o.label, 60))).value = String(o.id); });
    form.appendChild(field("Merge “" + short(t.label, 40) + "” into", "theme-into-" + t.id, select));
    later(select);
    return actions(form, function () {
      if (!select.value) { say("Choose the theme to merge it into.", true, form); return; }
      ui.form = null;
      // This theme goes: focus lands on the one it joined, opened to show its ideas.
      ui.open[Number(select.value)] = true;
      form.querySelector("[type=submit]").dataset.key = "theme-open:" + select.value;
      act("merge_themes", { theme_id: t.id, into: Number(select.value) }, "Merged. Undo takes it back.", form,
        inView("Merged " + quoted(t.label) + " into " + quoted(select.selectedOptions[0].textContent) + "."));
    }, "Merge", "theme-merge:" + t.id);
  }

  function splitForm(t, ideas) {
    var form = el("form", "theme-form");
    var input = textInput("");
    form.appendChild(field("Name of the new theme for the ticked ideas", "theme-split-name-" + t.id, input));
    return actions(form, function () {
      var ticked = Array.prototype.map.call(ideas.querySelectorAll("input[type=checkbox]:checked"), function (box) {
        return Number(box.value);
      });
      if (!ticked.length) { say("Tick the ideas to split off.", true, form); return; }
      ui.form = null;
      act("split_theme", { theme_id: t.id, idea_ids: ticked, label: input.value }, "Split into a new theme.", form,
        inView(plural(ticked.length, " idea", " ideas") + " split off into " + quoted(input.value.trim()) + "."));
    }, "Split off the ticked ideas", "theme-split:" + t.id);
  }

  function ideaItem(q, idea, theme, themes, ticking) {
    var li = el("li");
    li.dataset.ideaId = idea.id;
    if (ticking) {
      var box = el("div", "choice");
      var tick = el("input");
      tick.type = "checkbox"; tick.id = "split-" + idea.id; tick.value = String(idea.id);
      var label = el("label", "idea-text", idea.text);
      label.htmlFor = tick.id;
      box.appendChild(tick); box.appendChild(label);
      li.appendChild(box);
      return li;
    }
    li.appendChild(picks.tickBox(idea));
    var moving = ui.form && ui.form.kind === "move" && ui.form.idea === idea.id;
    if (!moving) {
      li.appendChild(button(theme ? "Move…" : "Add to a theme…", function () { open("move", theme && theme.id, idea.id); },
        { className: "small secondary", aria: (theme ? "Move: " : "Add to a theme: ") + short(idea.text, 60), key: "theme-move:" + idea.id }));
    } else {
      li.appendChild(moveForm(q, idea, theme, themes));
    }
    return li;
  }

  function moveForm(q, idea, theme, themes) {
    var form = el("form", "theme-form");
    var select = el("select");
    themes.forEach(function (o) { if (!theme || o.id !== theme.id) select.appendChild(el("option", null, short(o.label, 60))).value = String(o.id); });
    select.appendChild(el("option", null, "A new theme (name it below)")).value = "new";
    if (theme) select.appendChild(el("option", null, "No theme")).value = "none";
    var name = textInput("");
    form.appendChild(field("Move “" + short(idea.text, 40) + "” to", "move-to-" + idea.id, select));
    form.appendChild(field("Name, if a new theme", "move-name-" + idea.id, name));
    later(select);
    return actions(form, function () {
      ui.form = null;
      if (select.value === "new") {
        act("accept_themes", { question_id: q.id, groups: [{ label: name.value, ideas: [idea.id] }] }, "Put in a new theme.", form,
          inView(quoted(idea.text) + " put in a new theme, " + quoted(name.value.trim()) + "."));
      } else {
        if (select.value !== "none") ui.open[Number(select.value)] = true;  // see where it went; focus follows
        act("move_to_theme", { idea_id: idea.id, theme_id: select.value === "none" ? null : Number(select.value) },
          select.value === "none" ? "Taken out of its theme." : "Moved.", form,
          inView(quoted(idea.text) + (select.value === "none" ? " is now in no theme."
            : " moved to " + quoted(select.selectedOptions[0].textContent) + ".")));
      }
    }, theme ? "Move" : "Add", "theme-move:" + idea.id, (theme ? "Move to the chosen theme: " : "Add to the chosen theme: ") + short(idea.text, 60));
  }

  function setup() {
    $("themes-question").addEventListener("change", function () { state.focus = Number($("themes-question").value); ctx.render(); });
    $("themes-suggest").addEventListener("click", suggest);
    $("themes-undo").addEventListener("click", function () {
      var q = current();
      if (q) act("undo_themes", { question_id: q.id }, "The last change to the themes is undone.", $("themes-undo"));
    });
    $("themes-board").addEventListener("click", function () {
      act("set_board_view", { view: "themes" }, "The board now shows the themes.", $("themes-board"));
    });
  }

  return { snapshot: snapshot, event: event, draw: draw, setup: setup, mark: mark, markKey: markKey, like: like };
}
