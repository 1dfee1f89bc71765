/* The console's Plan panel: carry accepted themes (or single ideas) forward
 * as provisional outcomes, then word each as an outcome with its easy-read
 * wording before the room answers about it.
 *
 * Themes come from GET /plan, ranked on the server by the fair cross-role
 * order of themes (room/ranking.py: each person once per theme); the console
 * never ranks them. It reads /plan again when themes, outcomes or votes change
 * while the panel is open.
 */
import { el, plural, short } from "./lib/dom.js";
import { ordinal } from "./lib/places.js";

// Why, in words a facilitator can say aloud (the report's carried_note in
// report/words.py says the same): the places in the three orderings, then who
// supported it, role by role. `t` is a theme or an idea from GET /plan, `list`
// its question's themes or ideas; a theme's by_role counts people (each once),
// an idea's its votes. Nobody's votes: every place is level, so none is given.
function why(room, t, total, theme, voteOn, list) {
  var whose = !theme ? "" : voteOn === "themes" ? " voted for it" : " voted for its ideas";
  var size = theme ? plural(t.ideas_count, " idea", " ideas") + " · " : "";
  if (!t.votes) {
    return size + (theme ? "No one has" + whose + " yet" : "No votes yet") + ", so it has no place in the rankings.";
  }
  var roles = room.workshop.roles.filter(function (r) { return (t.by_role || {})[r.key]; })
    .map(function (r) { return r.label + " " + t.by_role[r.key]; });
  return place(t, list, "cross_rank", " of " + total + " across the roles") + " · " +
    place(t, list, "room_rank", " with the whole room") + " · " +
    (t.expert_votes ? place(t, list, "expert_rank", " with experts by experience") : "no votes from experts by experience") +
    (t.divides ? " · divides the roles" : "") + ". " +
    size + (theme ? plural(t.votes, " person", " people") + whose : plural(t.votes, " vote", " votes")) + ": " + roles.join(", ") + ".";
}

// A place as said aloud; one shared with others (room/ranking.py: level on the
// ordering and on votes, set apart only by which came first) says so.
function place(t, list, field, where) {
  var level = (list || []).filter(function (r) { return r !== t && r[field] === t[field]; }).length;
  return ordinal(t[field]) + where + (level ? " (level with " + plural(level, " other", " others") + ")" : "");
}

export function PlanPanel(ctx) {
  /* A theme merged or split after it was carried (an outcome keeps the ideas it
   * was carried with), or holding an idea carried on its own: say which outcomes
   * hold some of its ideas already, so they are not carried twice unawares. */
  function overlap(t) {
    var mine = {};
    t.ideas.forEach(function (id) { mine[id] = true; });
    return ctx.room.outcomes.map(function (o) {
      var held = (o.ideas || []).concat(o.source_idea_id ? [o.source_idea_id] : []);  // a theme's, or the one idea
      var shared = held.filter(function (id) { return mine[id]; }).length;
      return shared ? " " + plural(shared, " of its ideas is", " of its ideas are") + " already in outcome " + o.position + ", “" + short(o.text, 60) + "”." : "";
    }).join("");
  }

  /* A single idea inside a theme already carried: its outcome holds it, so carrying
   * it again on its own makes a second outcome of the same words unawares. */
  function within(idea) {
    return ctx.room.outcomes.filter(function (o) { return (o.ideas || []).indexOf(idea.id) >= 0; }).map(function (o) {
      return " It is already in outcome " + o.position + ", “" + short(o.text, 60) + "”, carried with its theme.";
    }).join("");
  }

  var room = ctx.room, state = ctx.state, button = ctx.button;
  var plan = { loaded: false, loading: false, stale: true, votesStale: false, loadedAt: 0, candidates: [] };
  // Votes arrive by the hundred a minute: read /plan again for them at most this often.
  var VOTES_EVERY_MS = 5000;
  // After a carry, the first new outcome's wording field takes focus: the next
  // step, and otherwise below a dozen single ideas, out of sight.
  // `had`: the outcomes' ids when the carry was sent (the broadcast may beat the reply).
  var wordNext = null;
  // The outcome whose Remove asks first; the control to focus after the next draw;
  // wording typed and not saved, by field (data-key).
  var removing = null, focusKey = null, drafts = {};
  // An outcome being moved: {id, at (its index when asked), dir}; focus follows it.
  var moving = null;
  var endedDrawn = false;  // the outcomes were last drawn ended (drawEnded)
  /* Refusals are said beside what was refused (console-say.js), kept there through
   * redraws: the panel's status is at its top, out of sight below a long list.
   * A carry's reply finds its button again after a redraw (as ctx.act does). */
  function carry(name, payload, go, then) {
    var key = go.dataset.key;
    ctx.live.call(name, payload, function (reply) {
      var here = document.body.contains(go) ? go : document.querySelector('[data-key="' + key + '"]') || $("panel-carry");
      if (!reply.ok) { ctx.say(reply.error.message, true, here); return; }
      then(reply);
    });
  }
  function $(id) { return document.getElementById(id); }
  function known() {
    var had = {};
    room.outcomes.forEach(function (o) { had[o.id] = true; });
    return had;
  }
  function carried(had, outcomes) {
    var fresh = outcomes.filter(function (o) { return !had[o.id]; })[0];
    wordNext = fresh ? fresh.id : null;
    room.outcomes = outcomes;
  }

  function load() {
    if (plan.loading) return;
    plan.loading = true;
    plan.stale = plan.votesStale = false;
    plan.loadedAt = Date.now();
    fetch("/api/w/" + encodeURIComponent(room.workshop.code) + "/plan", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        plan.loading = false;
        if (!body) return;
        plan.candidates = body.candidates;
        plan.loaded = true;
        if (state.panel === "carry") ctx.render();
      }, function () { plan.loading = false; });
  }

  /* Themes, outcomes or ideas changed (or, with votes, the counts): read /plan
   * again when next drawn, for votes no more than every few seconds. */
  function touch(votes) {
    if (votes) plan.votesStale = true;
    else plan.stale = true;
  }

  function themesForm(box) {
    var form = el("form", { class: "carry-form", id: "carry-themes-form" });
    var any = false;
    if (!state.themesTouched) state.carryThemes = {};
    plan.candidates.forEach(function (c) {
      var themes = (c.themes || []).filter(function (t) { return !t.carried; });
      if (!themes.length) return;
      any = true;
      var fieldset = el("fieldset", "carry-themes");
      fieldset.appendChild(el("legend", null, short(c.text, 90) + ": " + plural(themes.length, " theme", " themes")));
      themes.forEach(function (t) {
        if (!state.themesTouched && t.suggested) state.carryThemes[t.id] = true;
        var row = el("div", "choice carry-theme");
        var tick = el("input", { type: "checkbox", id: "carry-theme-" + t.id, "aria-describedby": "carry-theme-why-" + t.id });
        tick.checked = !!state.carryThemes[t.id];
        tick.addEventListener("change", function () { state.themesTouched = true; state.carryThemes[t.id] = tick.checked; });
        var label = el("label", { for: tick.id });
        label.appendChild(el("span", "carry-theme-label", t.label));
        label.appendChild(el("span", { class: "hint carry-why", id: "carry-theme-why-" + t.id }, why(room, t, c.themes.length, true, c.vote_on, c.themes) + overlap(t)));
        row.appendChild(tick); row.appendChild(label);
        fieldset.appendChild(row);
      });
      form.appendChild(fieldset);
    });
    if (!any) return null;
    var go = el("button", null, "Carry the ticked themes into the Plan stage");
    go.type = "submit"; go.dataset.key = "carry-themes-go";  // focus stays on it through a redraw
    form.appendChild(go);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var ids = [];
      plan.candidates.forEach(function (c) {
        (c.themes || []).forEach(function (t) { if (state.carryThemes[t.id] && !t.carried) ids.push(t.id); });
      });
      if (!ids.length) { ctx.say("Tick at least one theme to carry forward.", true, go); return; }
      var had = known();
      carry("carry_themes", { theme_ids: ids }, go, function (reply) {
        carried(had, reply.outcomes);
        state.themesTouched = false;
        touch();
        ctx.say(plural(ids.length, " theme is", " themes are") + " now provisional outcomes. Word each as an outcome below.", false, box);
        ctx.render();
      });
    });
    return form;
  }

  // Single ideas from GET /plan: the server's cross-role order with each one's
  // places, its top three ticked on questions without accepted themes (a question
  // with themes is carried by its themes), carried in that order.
  function ideasForm(box) {
    var taken = {};
    room.outcomes.forEach(function (o) { taken[o.source_idea_id] = true; });
    var lists = plan.candidates.map(function (c) {
      return { c: c, ideas: c.ideas.filter(function (i) { return !i.carried && !taken[i.id]; }).slice(0, 12) };
    }).filter(function (l) { return l.ideas.length; });
    if (!lists.length) return null;
    if (!state.carryTouched) {  // follow the votes until the facilitator ticks a box
      state.carry = {};
      lists.forEach(function (l) { l.ideas.forEach(function (i) { if (i.suggested) state.carry[i.id] = true; }); });
    }
    var form = el("form", { class: "carry-form", id: "carry-ideas-form" });
    var order = [];
    lists.forEach(function (l) {
      var fieldset = el("fieldset");
      fieldset.appendChild(el("legend", null, short(l.c.text, 90) + " (top " + l.ideas.length + " of " + l.c.ideas.length + ")"));
      l.ideas.forEach(function (idea) {
        order.push(idea.id);
        var row = el("div", "choice carry-idea");
        var tick = el("input", { type: "checkbox", id: "carry-" + idea.id, "aria-describedby": "carry-why-" + idea.id });
        tick.checked = !!state.carry[idea.id];
        tick.addEventListener("change", function () { state.carryTouched = true; state.carry[idea.id] = tick.checked; });
        var label = el("label", { for: tick.id });
        label.appendChild(el("span", "carry-idea-text", idea.text));
        label.appendChild(el("span", { class: "hint carry-why", id: "carry-why-" + idea.id }, why(room, idea, l.c.ideas.length, false, null, l.c.ideas) + within(idea)));
        row.appendChild(tick); row.appendChild(label);
        fieldset.appendChild(row);
      });
      form.appendChild(fieldset);
    });
    var go = el("button", null, "Carry the ticked ideas into the Plan stage");
    go.type = "submit"; go.dataset.key = "carry-ideas-go";
    form.appendChild(go);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      // The list's order (question by question, across the roles), never raw votes.
      var ids = order.filter(function (id) { return state.carry[id] && !taken[id]; });
      if (!ids.length) { ctx.say("Tick at least one idea to carry forward.", true, go); return; }
      var had = known();
      carry("carry_forward", { idea_ids: ids }, go, function (reply) {
        carried(had, reply.outcomes);
        state.carryTouched = false;
        touch();
        ctx.say(plural(ids.length, " idea is", " ideas are") + " now provisional outcomes. Word each as an outcome below.", false, box);
        ctx.render();
      });
    });
    return form;
  }

  function drawCarry(box) {
    if (room.workshop.ended) return;  // put away (data-until-end); read again once reopened
    var wait = plan.loadedAt + VOTES_EVERY_MS - Date.now();
    if (plan.stale || (plan.votesStale && wait <= 0)) load();
    else if (plan.votesStale && !plan.timer) {  // the last votes of a burst still get read
      plan.timer = window.setTimeout(function () {
        plan.timer = null;
        if (state.panel === "carry") ctx.render();
      }, wait);
    }
    box.textContent = "";
    box.appendChild(el("h3", { id: "carry-themes-heading" }, "Themes"));
    var themes = plan.loaded ? themesForm(box) : null;
    if (themes) {
      box.appendChild(el("p", "hint", "Accepted themes, most supported across the roles first: each person counts once per theme. The top three of each question with support are ticked."));
      box.appendChild(themes);
    } else {
      box.appendChild(el("p", "hint", plan.loaded ? "No accepted themes left to carry. Accept themes in the Themes panel, or carry single ideas." : "Reading the themes…"));
    }
    box.appendChild(el("h3", { id: "carry-ideas-heading" }, "Single ideas"));
    var ideas = plan.loaded ? ideasForm(box) : null;
    if (ideas) {
      box.appendChild(el("p", "hint", "Ideas on the board, most supported across the roles first. The top three of each question without themes are ticked."));
      box.appendChild(ideas);
    } else {
      box.appendChild(el("p", "hint", plan.loaded ? "No Analyse ideas left to carry forward." : "Reading the ideas…"));
    }
  }

  function drawOutcomes(list) {
    list.textContent = "";
    document.getElementById("outcomes-none").hidden = room.outcomes.length > 0;
    list.hidden = !room.outcomes.length;
    if (room.workshop.ended) {
      // What the panel said of controls now put away ("Outcome moved up.") is said no more.
      if (!endedDrawn) ctx.say("", false, $("panel-carry"));
      endedDrawn = true;
      drawEnded(list);
      return;
    }
    endedDrawn = false;
    if (!room.outcomes.some(function (o) { return o.id === removing; })) removing = null;
    var last = room.outcomes.length - 1;
    room.outcomes.forEach(function (o, at) {
      var li = el("li", "outcome");
      var form = el("form", "outcome-form");
      var id = "outcome-" + o.id;
      var label = el("label", null, "Outcome " + o.position);
      label.htmlFor = id;
      var input = el("input", { id: id, maxlength: "500", "data-key": "outcome-text:" + o.id });
      typed(input, o.text);
      var easyLabel = el("label", null, "Outcome " + o.position + " in easy read");
      easyLabel.htmlFor = id + "-easy";
      var easy = el("input", { id: id + "-easy", maxlength: "500", "data-key": "outcome-easy:" + o.id,
        placeholder: "Short words, one idea" });
      typed(easy, o.easy_read || "");
      form.appendChild(label); form.appendChild(input);
      form.appendChild(easyLabel); form.appendChild(easy);
      append(form, origin(o));
      var row = el("div", "button-row");
      var save = el("button", "small secondary", "Save");
      save.type = "submit";
      save.setAttribute("aria-label", "Save the wording of outcome " + o.position);
      save.dataset.key = "outcome-save:" + o.id;
      row.appendChild(save);
      var remove = button("Remove", function () { removing = o.id; focusKey = "outcome-remove-no:" + o.id; ctx.render(); },
        { aria: "Remove outcome: " + short(o.text, 60), className: "small secondary", key: "outcome-remove:" + o.id });
      row.appendChild(remove);
      if (at > 0) row.appendChild(move(o, at, -1));
      if (at < last) row.appendChild(move(o, at, 1));
      form.appendChild(row);
      if (removing === o.id) form.appendChild(confirmRemove(o, input.value, remove));
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        save.focus();  // out of the field, so the list redraws; focus comes back to this Save
        ctx.act("edit_outcome", { outcome_id: o.id, text: input.value, easy_read: easy.value }, "Outcome reworded.", save);
      });
      li.appendChild(form);
      list.appendChild(li);
    });
    var next = (wordNext && document.getElementById("outcome-" + wordNext)) ||
      (focusKey && list.querySelector('[data-key="' + focusKey + '"]')) || moved();
    wordNext = focusKey = null;
    if (next) next.focus();
  }

  /* Ended: the outcomes as the room answered about them, with nothing to press.
   * Wording typed and not saved is shown as such, and kept: reopened, it is back
   * in its field. */
  function drawEnded(list) {
    removing = moving = wordNext = focusKey = null;
    room.outcomes.forEach(function (o) {
      var li = el("li", "outcome outcome-ended");
      var line = el("p");
      line.appendChild(el("strong", null, "Outcome " + o.position + ": "));
      line.appendChild(document.createTextNode(o.text));
      li.appendChild(line);
      li.appendChild(el("p", null, o.easy_read ? "In easy read: " + o.easy_read : "No easy-read wording."));
      append(li, origin(o));
      var text = unsaved("outcome-text:" + o.id, o.text), easy = unsaved("outcome-easy:" + o.id, o.easy_read || "");
      if (text !== null || easy !== null) {
        li.appendChild(el("p", "ended-hint", "Typed and not saved, as the workshop ended first: " +
          [text !== null ? "“" + text + "”" : "", easy !== null ? "in easy read “" + easy + "”" : ""].filter(Boolean).join(", ") +
          ". Reopen the workshop to save it."));
      }
      list.appendChild(li);
    });
  }

  /* Where an outcome came from: its theme, or the single idea (its words while
   * the outcome is worded otherwise, so the room's own words stay in sight). */
  function origin(o) {
    if (o.source_theme) return el("p", "hint", "From the theme “" + o.source_theme + "” (" + plural(o.ideas.length, " idea)", " ideas)"));
    if (!o.source_idea_id) return null;
    var idea = room.ideas[o.source_idea_id];
    return el("p", "hint", "From the idea #" + o.source_idea_id +
      (idea && idea.text !== o.text ? ", “" + short(idea.text, 120) + "”" : "") + ".");
  }
  function append(parent, child) { if (child) parent.appendChild(child); }

  function unsaved(key, saved) { return key in drafts && drafts[key] !== saved ? drafts[key] : null; }

  /* Move up or down one place. Focus stays on the moved outcome's button that
   * moved it (its other one at the top or bottom), so pressing again moves it on. */
  function move(o, at, dir) {
    var word = dir < 0 ? "up" : "down";
    var it = button(dir < 0 ? "Move up" : "Move down", function () {
      moving = { id: o.id, at: at, dir: word };
      ctx.act("move_outcome", { outcome_id: o.id, position: at + 1 + dir }, "Outcome moved " + word + ".", it);
    }, { aria: "Move outcome " + (at + 1) + " " + word + ": " + short(o.text, 60), className: "small secondary",
         key: "outcome-" + word + ":" + o.id });
    return it;
  }

  function moved() {
    if (!moving) return null;
    var now = room.outcomes.map(function (o) { return o.id; }).indexOf(moving.id);
    if (now === moving.at) return null;  // not moved yet: a redraw before the reply
    var list = document.getElementById("outcomes"), key = "outcome-" + moving.dir + ":" + moving.id;
    var other = "outcome-" + (moving.dir === "up" ? "down" : "up") + ":" + moving.id;
    moving = null;
    return list.querySelector('[data-key="' + key + '"]') || list.querySelector('[data-key="' + other + '"]');
  }

  /* Removing an outcome loses its wording and easy-read wording: ask first,
   * naming it, Cancel focused (as Approve all and End ask). A refusal is said
   * beside its Remove (`remove`), found again by its data-key once redrawn. */
  function confirmRemove(o, wording, remove) {
    var box = el("div", "confirm");
    var question = el("p", { id: "outcome-remove-question-" + o.id },
      "Remove outcome " + o.position + ", “" + short(wording || o.text, 90) + "”? Its wording and easy-read wording are lost.");
    box.appendChild(question);
    var yes = button("Yes, remove it", function () {
      // Focus on its Remove until the room's answer takes it away (or says why it stays).
      // Focus there now, not at the next draw (a pointer's press holds the draw back):
      // a refusal then is said beside Remove and found again by its data-key.
      removing = null; focusKey = "outcome-remove:" + o.id; remove.focus();
      delete drafts["outcome-text:" + o.id]; delete drafts["outcome-easy:" + o.id];
      ctx.act("remove_outcome", { outcome_id: o.id }, "Outcome removed.", remove);
      ctx.render();
    }, { className: "small danger", key: "outcome-remove-yes:" + o.id });
    yes.setAttribute("aria-describedby", question.id);
    box.appendChild(yes); box.appendChild(document.createTextNode(" "));
    box.appendChild(button("Cancel", function () {
      removing = null; focusKey = "outcome-remove:" + o.id; ctx.render();
    }, { className: "small secondary", key: "outcome-remove-no:" + o.id }));
    return box;
  }

  /* Wording typed and not yet saved survives a redraw (a vote, the confirm
   * to remove, Cancel): kept until the saved wording matches it. */
  function typed(field, saved) {
    var key = field.dataset.key;
    if (drafts[key] === saved) delete drafts[key];
    field.value = key in drafts ? drafts[key] : saved;
    field.addEventListener("input", function () { drafts[key] = field.value; });
  }

  return { drawCarry: drawCarry, drawOutcomes: drawOutcomes, touch: touch };
}
