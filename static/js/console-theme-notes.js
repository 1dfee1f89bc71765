/* Themes in the console's idea lists (issues 22 and 24).
 *
 * "That is not what I meant": the ideas whose authors said so of the theme
 * they were put in, counted above the idea list and marked on each idea.
 * Approve by theme: the approval queue's waiting ideas grouped by suggested
 * theme (GET /themes/waiting), each group approved with one press through
 * the existing approve_ideas action. Labels and texts are set as text only.
 */
import { $, el, plural, short } from "./lib/dom.js";
import { allIdeas, question } from "./lib/room.js";

export function ThemeNotes(ctx) {
  var room = ctx.room;
  var said = {};      // idea id -> its author said "not what I meant"
  var grouped = {};   // question id -> [{label, ideas}] suggested over the waiting ideas

  function fromSnapshot(snap) {
    said = {};
    (snap.not_meant || []).forEach(function (n) { said[n.idea_id] = true; });
  }
  function onEvent(e) { if (e.type === "idea_not_meant" && e.data) said[e.data.idea_id] = true; }
  function notMeant(id) { return !!said[id]; }
  function note() { return el("p", "not-meant-note", "Its author says the theme it was put in is not what they meant."); }

  // "2 ideas: their authors say ..." above the list of the question in focus.
  function drawCount(list, q) {
    var node = $("not-meant-count");
    if (!node) {
      node = el("p", { id: "not-meant-count", class: "not-meant-count" });
      list.parentNode.insertBefore(node, list);
    }
    var ids = allIdeas(room).filter(function (i) {
      return said[i.id] && i.status === "shown" && (!q || i.question_id === q.id);
    }).map(function (i) { return "#" + i.id; });
    var n = ids.length;
    var text = n ? plural(n, " idea: its author says", " ideas: their authors say") +
      " the theme is not what they meant: " + ids.join(", ") + " (marked below)." : "";
    node.hidden = !n;
    if (node.textContent !== text) node.textContent = text;
  }

  // The approval queue, a theme at a time.
  var box = null;
  function queueBox() {
    if (box) return box;
    box = el("div", { id: "queue-themes", class: "queue-themes" });
    var go = el("button", { type: "button", id: "group-waiting", class: "secondary" }, "Group the waiting ideas by theme");
    go.addEventListener("click", suggest);
    box.appendChild(go);
    box.appendChild(el("div", { id: "queue-theme-groups" }));
    var anchor = $("approve-clear").parentNode;
    anchor.parentNode.insertBefore(box, anchor.nextSibling);
    return box;
  }

  function suggest() {
    var waiting = allIdeas(room).filter(function (i) { return i.status === "pending"; });
    var questions = [];
    waiting.forEach(function (i) { if (questions.indexOf(i.question_id) === -1) questions.push(i.question_id); });
    grouped = {};
    var code = encodeURIComponent(room.workshop.code);
    Promise.all(questions.map(function (qid) {
      return fetch("/api/w/" + code + "/themes/waiting?question_id=" + qid, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (found) { if (found) grouped[qid] = found.groups.length ? found.groups : [{ label: null, ideas: [] }]; });
    })).then(function () {
      ctx.render();
      ctx.say("The waiting ideas are grouped by theme.", false, box);
    }).catch(function () { ctx.say("Could not group the ideas. Please try again.", true, box); });
  }

  function drawQueue(waiting) {
    queueBox();
    $("group-waiting").hidden = waiting.length < 3;
    var out = $("queue-theme-groups");
    out.textContent = "";
    var pending = {};
    waiting.forEach(function (i) { pending[i.id] = true; });
    Object.keys(grouped).forEach(function (qid) {
      var q = question(room, Number(qid));
      var groups = grouped[qid].map(function (g) {
        return { label: g.label, ideas: g.ideas.filter(function (id) { return pending[id]; }) };
      }).filter(function (g) { return g.ideas.length; });
      if (!groups.length) return;
      out.appendChild(el("h4", null, "Waiting, by theme" + (q ? ": " + short(q.text, 70) : "")));
      var list = el("ul", "queue-theme-list");
      groups.forEach(function (g) {
        var li = el("li", "queue-theme");
        li.appendChild(el("p", "queue-theme-label", g.label + " (" + plural(g.ideas.length, " idea", " ideas") + ")"));
        li.appendChild(el("p", "hint", g.ideas.slice(0, 3).map(function (id) {
          return "#" + id + " " + short(room.ideas[id] ? room.ideas[id].text : "", 50);
        }).join(" · ")));
        var ids = g.ideas.slice();
        var approve = li.appendChild(ctx.button("Approve these " + ids.length, function () {
          ctx.approveMany(ids, approve);  // in parts past 1,000 (console.js)
        }, { aria: "Approve these " + ids.length + ": " + g.label, key: "approve-theme:" + g.label }));
        list.appendChild(li);
      });
      out.appendChild(list);
    });
  }

  return { fromSnapshot: fromSnapshot, onEvent: onEvent, notMeant: notMeant, note: note,
    drawCount: drawCount, drawQueue: drawQueue };
}
