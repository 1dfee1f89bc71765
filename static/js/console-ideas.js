/* The console's idea lists: on the board, hidden, waiting for approval.
 *
 * A list is updated, never rebuilt: each idea keeps its item while nothing
 * it shows has changed, a vote only rewrites its count, and a new idea is
 * one new item. That keeps keyboard focus where the facilitator left it and
 * keeps a 150-idea question under a frame's budget.
 */
import { $, el, plural, short } from "./lib/dom.js";
import { allIdeas, lookup, question, roleLabel, upsert } from "./lib/room.js";
import { votes } from "./lib/count.js";
import { mergeForm } from "./console-merge.js";
import { kindOf } from "./kinds/index.js";

/* Put `ids` in `list` in that order, reusing each item whose version is
 * unchanged; `build(id)` makes a fresh item, `after(item, id)` refreshes the
 * parts that change often (a vote count). */
export function reconcile(list, ids, versionOf, build, after) {
  var have = {};
  Array.prototype.forEach.call(list.children, function (child) { have[child.dataset.key] = child; });
  var wanted = {};
  var cursor = list.firstElementChild;
  ids.forEach(function (id) {
    var key = String(id);
    wanted[key] = true;
    var version = versionOf(id);
    var item = have[key];
    if (!item || item.dataset.version !== version) {
      var fresh = build(id);
      fresh.dataset.key = key;
      fresh.dataset.version = version;
      if (item) {
        if (cursor === item) cursor = fresh;
        list.replaceChild(fresh, item);
      }
      item = fresh;
    }
    if (after) after(item, id);
    if (item !== cursor) list.insertBefore(item, cursor);
    else cursor = cursor.nextElementSibling;
  });
  Array.prototype.slice.call(list.children).forEach(function (child) {
    if (!wanted[child.dataset.key]) list.removeChild(child);
  });
}

export function IdeaLists(ctx) {
  var room = ctx.room, state = ctx.state, button = ctx.button, act = ctx.act, say = ctx.say;
  var notes = ctx.themeNotes;  // console-theme-notes.js: "not what I meant", approve by theme

  // Which ideas were merged into which, worked out once per draw, not once per idea.
  var children = {};
  function mergedInto(idea) { return children[idea.id] || []; }
  function countChildren() {
    children = {};
    allIdeas(room).forEach(function (m) {
      if (m.status === "merged" && m.merged_into) (children[m.merged_into] = children[m.merged_into] || []).push(m);
    });
  }

  function versionOf(idea) {
    return JSON.stringify([idea.text, idea.status, idea.original_text, idea.priority, idea.outcome_kind,
      idea.strategic_outcome, idea.care_act_theme, idea.experts_value, idea.answer_kind, idea.author_roles, idea.rating, mergedInto(idea).map(function (m) { return m.id; }),
      state.editing === idea.id, state.merging === idea.id, room.settings.spotlight_idea_id === idea.id,
      idea.checks || null, ctx.themes ? ctx.themes.markKey(idea) : null, notes.notMeant(idea.id)]);
  }

  // Where an idea was made, when not on a phone in the room: a paper card (with
  // its printed number, so the pile can be checked) or outreach.
  function originLabel(idea) {
    if (idea.origin === "paper") return idea.card_number ? "Paper card " + idea.card_number : "Paper card";
    if (idea.origin === "outreach") return "Outreach";
    return "";
  }

  /* An idea merged or hidden from this console leaves a note in its place in
   * the list, with its undo: far down 150 ideas the panel's message is out of
   * view, and the idea it joined (with Undo merge) or the hidden list (with
   * Restore) may be screens away. One note, the last; act's `accepted` sets it. */
  function goneFrom(idea, how, into) {
    return { accepted: function () { state.gone = { id: idea.id, how: how, into: into }; ctx.render(); } };
  }
  ctx.goneFrom = goneFrom;  // the "looks like #12" mark's Merge (console-themes.js)

  function goneNote(idea) {
    var li = el("li", "mod-idea gone-note");
    li.dataset.goneId = idea.id;  // not an idea's item: no spotlight, no count
    var merged = idea.status === "merged";
    li.appendChild(el("p", null, (merged ? "#" + idea.id + " merged into #" + idea.merged_into + ": " : "Hidden: ") +
      "“" + short(idea.text, 60) + "”"));
    li.appendChild(button(merged ? "Undo merge" : "Restore", function () {
      act(merged ? "unmerge_idea" : "restore_idea", { idea_id: idea.id }, merged ? "Merge undone." : "Restored.");
    }, { aria: (merged ? "Undo merge: " : "Restore: ") + short(idea.text, 60), className: "small secondary", key: "undo-gone:" + idea.id }));
    return li;
  }

  function item(idea, onBoard) {
    if (onBoard && idea.status !== "shown") return goneNote(idea);
    var li = el("li", "mod-idea" + (idea.expert_by_experience ? " idea-ebe" : ""));
    li.dataset.ideaId = idea.id;
    // Why it needs a look comes first: the facilitator scans the queue for it.
    if (idea.status === "pending") li.appendChild(checksLine(idea));
    if (state.editing === idea.id) li.appendChild(editForm(idea));
    else li.appendChild(el("p", "idea-text", idea.text));
    if (idea.original_text) li.appendChild(el("p", "hint", "Originally: " + idea.original_text));
    var roles = (idea.author_roles || [idea.author_role]).map(function (r) { return roleLabel(room, r); }).join(", ");
    var meta = el("p", "idea-meta", "#" + idea.id + " · " + (idea.expert_by_experience ? "★ " : "") + roles +
      (idea.entered_by === "scribe" ? " · typed in by the scribe" : "") +
      (idea.entered_by === "supporter" ? " · sent by a supporter" : "") +
      (idea.rating ? " · risk " + idea.rating : ""));
    if (idea.status === "shown") { meta.appendChild(document.createTextNode(" · ")); meta.appendChild(el("span", "vote-count")); }
    var from = originLabel(idea);
    if (from) meta.insertBefore(el("span", "origin-label origin-" + idea.origin, from), meta.firstChild);
    li.appendChild(meta);
    var tags = [];
    var p = lookup(room.workshop.priorities, idea.priority);
    var k = lookup(room.workshop.outcome_kinds, idea.outcome_kind);
    if (p) tags.push(p.name);
    if (k) tags.push(k.short || k.name);
    if (tags.length) li.appendChild(el("p", "idea-tags", tags.join(" · ")));
    // "Looks like #12" with its merge (console-themes.js): the server's answer,
    // the same words, nearly the same words or the same meaning.
    var like = ctx.themes && ctx.themes.mark(idea);
    if (like) li.appendChild(like);
    if (idea.status === "shown" && notes.notMeant(idea.id)) li.appendChild(notes.note());
    li.appendChild(actions(idea));
    if (state.merging === idea.id) li.appendChild(merging(idea));
    var merged = mergedInto(idea);
    if (merged.length) {
      var sub = el("ul", "merged-list");
      merged.forEach(function (m) {
        var row = el("li", null, "Merged in: " + m.text + " (" + roleLabel(room, m.author_role) + ") ");
        row.appendChild(button("Undo merge", function () { act("unmerge_idea", { idea_id: m.id }, "Merge undone."); },
          { aria: "Undo merge: " + short(m.text, 60), className: "small secondary", key: "unmerge:" + m.id }));
        sub.appendChild(row);
      });
      li.appendChild(sub);
    }
    return li;
  }

  function actions(idea) {
    var row = el("div", "button-row");
    var about = ": " + short(idea.text, 60);
    var id = idea.id;
    if (idea.status === "pending") {
      row.appendChild(button("Approve", function () { act("approve_idea", { idea_id: id }, "Approved: " + short(idea.text, 50)); },
        { aria: "Approve" + about, key: "approve:" + id }));
    }
    if (idea.status === "shown" || idea.status === "pending") {
      row.appendChild(button("Hide", function () {
        act("hide_idea", { idea_id: id }, "Hidden. Any votes on it went back to the voters.", null,
          idea.status === "shown" ? goneFrom(idea, "hide") : null);
      },
        { aria: "Hide" + about, className: "small secondary", key: "hide:" + id }));
      if (state.editing !== id) {
        row.appendChild(button("Edit", function () { state.editing = id; ctx.render(); },
          { aria: "Edit" + about, className: "small secondary", key: "edit:" + id }));
      }
    }
    if (idea.status === "shown") {
      var lit = room.settings.spotlight_idea_id === id;
      row.appendChild(button("Spotlight", function () { ctx.spotlight(id); },
        { aria: "Spotlight" + about, className: "small secondary", pressed: lit, key: "spotlight:" + id }));
      if (state.merging !== id) {
        row.appendChild(button("Merge…", function () { state.merging = id; ctx.render(); },
          { aria: "Merge…" + about, className: "small secondary", key: "merge:" + id }));
      }
    }
    if (idea.status === "hidden") {
      row.appendChild(button("Restore", function () { act("restore_idea", { idea_id: id }, "Restored."); },
        { aria: "Restore" + about, className: "small secondary", key: "restore:" + id }));
    }
    var q = question(room, idea.question_id);
    if (idea.status === "shown" && q && q.stage === "plan" && kindOf(q).marksAnswers) answerKinds(row, idea, about);
    return row;
  }

  // The framework's two ways of asking bidders; the report marks each Plan answer with one.
  function answerKinds(row, idea, about) {
    (room.workshop.answer_kinds || []).forEach(function (kind) {
      var on = idea.answer_kind === kind.key;
      row.appendChild(button(kind.name, function () {
        act("mark_answer", { idea_id: idea.id, answer_kind: on ? null : kind.key },
          on ? "Mark cleared." : "Marked: " + kind.name + ".");
      }, { aria: kind.name + about, className: "small secondary", pressed: on, key: "kind:" + kind.key + ":" + idea.id }));
    });
  }

  function editForm(idea) {
    var form = el("form", "stack");
    var id = "edit-idea-" + idea.id;
    var label = el("label", null, "Fix the wording (the original is kept)");
    label.htmlFor = id;
    var text = el("textarea");
    text.id = id; text.rows = 2; text.maxLength = 500; text.value = idea.text;
    form.appendChild(label); form.appendChild(text);
    var tags = tagSelects(idea);
    tags.forEach(function (t) { form.appendChild(t.label); form.appendChild(t.select); });
    var row = el("div", "button-row");
    var save = el("button", "small", "Save");
    save.type = "submit";
    row.appendChild(save);
    row.appendChild(button("Cancel", function () { state.editing = null; ctx.render(); }, { className: "small secondary" }));
    form.appendChild(row);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var wanted = { idea_id: idea.id };
      tags.forEach(function (t) { wanted[t.field] = t.select.value || null; });
      var retag = tags.some(function (t) { return (idea[t.field] || "") !== t.select.value; });
      var saved = function (reply, message) {
        if (!reply.ok) { say(reply.error.message, true, form); return false; }
        state.editing = null;
        upsert(room, reply.idea);
        say(message, false, form);
        ctx.render();
        return true;
      };
      var saveTags = function () {
        if (retag) ctx.live.call("tag_idea", wanted, function (reply) { saved(reply, "Tags saved."); });
      };
      if (text.value.trim() === idea.text) { if (retag) saveTags(); else { state.editing = null; ctx.render(); } return; }
      ctx.live.call("edit_idea", { idea_id: idea.id, text: text.value }, function (reply) {
        if (saved(reply, "Saved. The original wording is kept.")) saveTags();
      });
    });
    window.setTimeout(function () { text.focus(); }, 0);
    return form;
  }

  // The three Social Value tags; strategic outcomes are usually the facilitator's to set.
  function tagSelects(idea) {
    var lists = [
      ["priority", "Priority", room.workshop.priorities, "name"],
      ["outcome_kind", "Kind of outcome", room.workshop.outcome_kinds, "short"],
      ["strategic_outcome", "Strategic outcome", room.workshop.strategic_outcomes || [], "name"],
      ["care_act_theme", "Care Act theme", room.workshop.care_act_themes || [], "name"],
      ["experts_value", "What experts by experience value", room.workshop.experts_by_experience_value || [], "name"],
    ];
    return lists.filter(function (l) { return l[2].length; }).map(function (l) {
      var id = "tag-" + l[0] + "-" + idea.id;
      var label = el("label", null, l[1]);
      label.htmlFor = id;
      var select = el("select");
      select.id = id;
      select.appendChild(el("option", null, "None")).value = "";
      l[2].forEach(function (entry) {
        var option = el("option", null, short(entry[l[3]] || entry.name, 70));
        option.value = entry.key;
        select.appendChild(option);
      });
      select.value = idea[l[0]] || "";
      return { field: l[0], label: label, select: select };
    });
  }

  // Built only for the idea being merged: a search of the others, not one list per idea.
  function merging(idea) {
    var others = allIdeas(room).filter(function (o) { return o.question_id === idea.question_id && o.status === "shown" && o.id !== idea.id; });
    return mergeForm(idea, others, {
      button: button, say: say, like: ctx.themes ? ctx.themes.like(idea) : null,
      cancel: function () { state.merging = null; ctx.render(); },
      merge: function (into, form) {
        state.merging = null;
        act("merge_ideas", { idea_id: idea.id, into: into },
          "Merged #" + idea.id + " into #" + into + ". Every vote and author now counts for the idea it joined; you can undo it.", form,
          goneFrom(idea, "merge", into));
      },
    });
  }

  // Why a waiting idea needs a look before it is shown (moderation.checks on the server).
  var CHECKS = { name: "May name a person", contact: "Phone number or email", profanity: "Word from the profanity list",
    long: "Very long" };
  function checksLine(idea) {
    var found = idea.checks;
    if (!found) return el("p", "checks", "Not checked yet: look before approving.");
    if (!found.length) return el("p", "checks checks-clear", "Nothing found that needs a look.");
    var line = el("p", "checks checks-flagged");
    line.appendChild(el("strong", null, "Needs a look: "));
    line.appendChild(document.createTextNode(found.map(function (c) {
      return (CHECKS[c.kind] || c.kind) + " (" + c.detail + ")";
    }).join("; ")));
    return line;
  }

  function showVotes(node, id) {
    var count = node.querySelector(".vote-count");
    if (count) count.textContent = plural(votes(room, room.ideas[id]), " vote", " votes");
  }

  function flagged(idea) { return !idea.checks || idea.checks.length > 0; }

  // The queue: what needs a look first, then the rest, approved with one press.
  var clear = [];
  function drawQueue(ideas) {
    clear = ideas.filter(function (i) { return !flagged(i); }).map(function (i) { return i.id; });
    var go = $("approve-clear");
    go.hidden = !clear.length;
    go.textContent = "Approve the " + plural(clear.length, " idea", " ideas") + " that need no look";
    looks = ideas.length - clear.length;
    $("approve-all-confirm").hidden = $("approve-all-confirm").hidden || !looks;
    $("queue-summary").textContent = ideas.length
      ? plural(looks, " idea needs", " ideas need") + " a look; " + plural(clear.length, " has", " have") + " nothing found." : "";
  }
  // Approve all: straight away when nothing needs a look; else say what does, and ask.
  var looks = 0;
  $("approve-all").addEventListener("click", function () {
    if (!looks) { ctx.approveAll(); return; }
    var pending = allIdeas(room).filter(function (i) { return i.status === "pending"; });
    var all = pending.length, why = {};
    pending.forEach(function (i) {
      (i.checks || [{ kind: "unchecked" }]).forEach(function (c) { why[c.kind] = (why[c.kind] || 0) + 1; });
    });
    var reasons = Object.keys(why).map(function (k) { return (CHECKS[k] || "Not checked yet").toLowerCase() + " " + why[k]; });
    $("approve-all-question").textContent = plural(looks, " of them needs", " of them need") + " a look (" +
      reasons.join(", ") + "). Approved, " + (looks === 1 ? "it shows" : "they show") +
      " on the board at once. Approve all " + all + " anyway?";
    $("approve-all-yes").textContent = "Yes, approve all " + all;
    $("approve-all-confirm").hidden = false;
    $("approve-all-no").focus();
  });
  $("approve-all-yes").addEventListener("click", function () {
    $("approve-all-confirm").hidden = true;
    $("approve-all").focus();
    ctx.approveAll();
  });
  $("approve-all-no").addEventListener("click", function () {
    $("approve-all-confirm").hidden = true;
    $("approve-all").focus();
  });
  $("approve-clear").addEventListener("click", function () {
    var ids = clear.slice();
    if (!ids.length) return;
    ctx.approveMany(ids, $("approve-clear"));  // in parts past 1,000 (console.js)
  });

  // The header: how long the oldest has waited. Drawn with the header (console.js), whatever
  // panel is open, so it shows with the snapshot; it grows with no event, so on a timer too.
  function drawWait() {
    var node = $("queue-wait");
    if (!node || !room.workshop) return;
    var oldest = null;
    allIdeas(room).forEach(function (i) {
      if (i.status === "pending" && i.created_at && (!oldest || i.created_at < oldest)) oldest = i.created_at;
    });
    var minutes = oldest ? Math.floor((Date.now() - Date.parse(oldest)) / 60000) : null;
    var text = oldest === null ? "" : minutes < 1 ? "oldest waits under a minute" : "oldest waits " + plural(minutes, " minute", " minutes");
    node.hidden = !text;
    if (node.textContent !== text) node.textContent = text;
  }
  window.setInterval(drawWait, 2000);

  /* Ideas that arrive while the pointer is on a list wait outside it: in a
   * grid one new card moves every card after it a cell along, under the
   * Hide or Approve about to be pressed. A button at the foot of the screen
   * says how many wait; they go in when the pointer leaves the list (not
   * for that button, which may come up under the pointer) or the button is
   * pressed. */
  var held = {}, flush = {}, seen = {};
  var CUES = { ideas: "ideas-held", "hidden-ideas": "ideas-held", pending: "pending-held" };  // one per panel
  Object.keys(CUES).forEach(function (id) {
    var cue = $(CUES[id]);
    $(id).addEventListener("mouseleave", function (e) { if (e.relatedTarget !== cue) ctx.render(); });
    cue.addEventListener("mouseleave", function (e) { if (!$(id).contains(e.relatedTarget)) ctx.render(); });
    cue.addEventListener("click", function () { flush[id] = true; ctx.render(); });
  });
  function pointerOn(list) { return list.matches(":hover") || $(CUES[list.id]).matches(":hover"); }
  function holdNew(list, ids) {
    var have = {};
    Array.prototype.forEach.call(list.children, function (child) { have[child.dataset.key] = true; });
    var hold = list.children.length && !flush[list.id] && pointerOn(list);
    delete flush[list.id];
    // Only ideas new to the list wait: one coming back (Undo merge, Restore) was asked for.
    var known = seen[list.id] || (seen[list.id] = {});
    var kept = hold ? ids.filter(function (id) { return have[String(id)] || known[id]; }) : ids;
    kept.forEach(function (id) { known[id] = true; });
    held[list.id] = ids.length - kept.length;
    var cue = $(CUES[list.id]);
    var waiting = Object.keys(CUES).reduce(function (n, id) { return n + (CUES[id] === cue.id ? held[id] || 0 : 0); }, 0);
    cue.hidden = !waiting;
    cue.textContent = "Show " + plural(waiting, " new idea", " new ideas");
    return kept;
  }

  // q null: every question's (the approval queue takes ideas from all of them).
  function draw(list, q, status) {
    countChildren();
    var ideas = allIdeas(room).filter(function (i) { return (!q || i.question_id === q.id) && i.status === status; });
    // The note where the last idea merged or hidden here was (goneFrom), until the next.
    var note = list.id === "ideas" && state.gone && room.ideas[state.gone.id];
    var noted = note && note.status !== "shown" && q && note.question_id === q.id ? [note] : [];
    ideas.sort(function (a, b) {
      if (status === "pending") return (flagged(b) - flagged(a)) || a.id - b.id;
      return b.id - a.id;
    });
    if (status === "pending") { drawQueue(ideas); notes.drawQueue(ideas); }
    if (status === "shown" && list.id === "ideas") notes.drawCount(list, q);
    var ids = ideas.concat(noted).sort(function (a, b) { return status === "pending" ? 0 : b.id - a.id; })
      .map(function (i) { return i.id; });
    reconcile(list, holdNew(list, status === "pending" ? ideas.map(function (i) { return i.id; }) : ids),
      function (id) { return versionOf(room.ideas[id]); },
      function (id) { return item(room.ideas[id], list.id === "ideas"); }, showVotes);
    return ideas.length;
  }

  return { draw: draw, drawWait: drawWait };
}
