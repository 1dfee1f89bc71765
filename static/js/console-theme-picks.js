/* Moving several ideas at once in the Themes panel (issue 22, item 3, at
 * 150 ideas): each idea has a tick box (its words are the label, so Space
 * or a click on the words ticks it), and a bar kept at the foot of the
 * screen moves every ticked idea to the chosen theme, to a new one, or out
 * of every theme, in one action: `move_ideas_to_theme` (or `accept_themes`
 * for a new theme), so one Undo takes the whole move back and the other
 * consoles see it at once.
 *
 * Ticks are this console's own, kept per question while the ideas stay
 * shown. After a move, focus goes to the theme the ideas went into (opened
 * to show them), or to "Ideas in no theme", and the panel's status says
 * what moved. Idea words and labels are only ever set with textContent.
 */
import { $, el, plural, short } from "./lib/dom.js";

export function ThemePicks(ctx, panel) {
  var picked = {}, pickedOn = null, to = "", name = "", busy = false, focusNext = null;
  var done = null;  // what the last move did, kept in the bar (in view) until the next tick
  var at = { q: null, themes: [] };  // the question and themes the panel drew last

  function ids() { return Object.keys(picked).map(Number); }

  // Before a draw: ticks of another question, or of ideas no longer shown, go.
  function prune(q, ideas) {
    if (pickedOn !== q.id) { picked = {}; pickedOn = q.id; to = ""; done = null; }
    var shown = {};
    ideas.forEach(function (i) { shown[i.id] = true; });
    Object.keys(picked).forEach(function (id) { if (!shown[id]) delete picked[id]; });
  }

  function tickBox(idea) {
    var box = el("div", "choice pick");
    var tick = el("input");
    tick.type = "checkbox"; tick.id = "pick-" + idea.id; tick.checked = !!picked[idea.id];
    tick.dataset.key = "pick:" + idea.id;
    tick.setAttribute("aria-describedby", "themes-pick-hint");
    // Space ticks; Enter goes straight to the bar, not through 150 ideas' controls.
    tick.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || !ids().length) return;
      e.preventDefault();
      $("picked-to").focus();
    });
    tick.addEventListener("change", function () {
      if (tick.checked) picked[idea.id] = true; else delete picked[idea.id];
      done = null;
      drawBar();
    });
    var label = el("label", "idea-text", (idea.expert_by_experience ? "★ " : "") + idea.text);
    label.htmlFor = tick.id;
    box.appendChild(tick);
    box.appendChild(label);
    return box;
  }

  function setAll(list, on) {
    list.forEach(function (id) { if (on) picked[id] = true; else delete picked[id]; });
    done = null;
    panel.redraw();
  }

  function untick(theme) { (theme ? theme.ideas : []).forEach(function (id) { delete picked[id]; }); }

  // "Tick all 12" beside a list (the ideas in no theme, or one theme's).
  function tickAllButton(list, what, key) {
    var all = list.length && list.every(function (id) { return picked[id]; });
    var words = (all ? "Untick these " : "Tick all ") + list.length;
    return ctx.button(words, function () { setAll(list, !all); },
      { className: "small secondary", aria: words + (list.length === 1 ? " idea " : " ideas ") + what, key: key });
  }

  function drawBar(q, themes) {
    if (q) { at.q = q; at.themes = themes; }
    var bar = $("themes-picked");
    var count = ids().length;
    bar.textContent = "";
    bar.hidden = !count && !done;
    if (!count) { if (done) drawDone(bar); return; }
    var form = el("form", "theme-form picked-form");
    form.setAttribute("aria-labelledby", "picked-count");
    form.appendChild(el("p", { id: "picked-count", class: "picked-count" }, plural(count, " idea ticked", " ideas ticked")));
    var select = el("select");
    select.appendChild(el("option", null, "Choose where…")).value = "";
    at.themes.forEach(function (t) {
      select.appendChild(el("option", null, short(t.label, 60) + " (" + plural(t.ideas.length, " idea)", " ideas)"))).value = String(t.id);
    });
    select.appendChild(el("option", null, "A new theme (name it)")).value = "new";
    select.appendChild(el("option", null, "No theme (take them out)")).value = "none";
    if (to && select.querySelector('option[value="' + to + '"]')) select.value = to;
    select.addEventListener("change", function () { to = select.value; drawName(); });
    form.appendChild(labelled("Move them to", "picked-to", select));
    var input = el("input");
    input.type = "text"; input.maxLength = 80; input.value = name;
    input.addEventListener("input", function () { name = input.value; });
    var named = labelled("Name of the new theme", "picked-name", input);
    form.appendChild(named);
    function drawName() { named.hidden = select.value !== "new"; }
    drawName();
    var go = el("button", "small", "Move the " + plural(count, " ticked idea", " ticked ideas"));
    go.type = "submit"; go.dataset.key = "picked-move";
    form.appendChild(go);
    form.appendChild(ctx.button("Untick all", function () { setAll(ids(), false); $("themes-heading").focus(); },
      { className: "small secondary", key: "picked-clear" }));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (input === document.activeElement) go.focus();  // the panel is not redrawn under typing
      if (!select.value) { ctx.say("Choose where to move them.", true, go); select.focus(); return; }
      move(select.value);
    });
    bar.appendChild(form);
  }

  // The last move's result where the eye is, with the Undo that takes it back
  // (the panel's status, at its top, has already announced it).
  function drawDone(bar) {
    var row = el("div", "theme-form picked-form");
    row.appendChild(el("p", "picked-count", done));
    row.appendChild(ctx.button("Undo the last change", function () {
      done = null;
      ctx.act("undo_themes", { question_id: at.q.id }, "The last change to the themes is undone.", $("themes-undo"));
      $("themes-heading").focus();
      drawBar();
    }, { className: "small secondary", key: "picked-undo" }));
    bar.appendChild(row);
  }

  function labelled(text, id, input) {
    var box = el("div");
    var label = el("label", null, text);
    label.htmlFor = id; input.id = id;
    box.appendChild(label); box.appendChild(input);
    return box;
  }

  // The bar, not its button, says where to answer: a redraw may replace the button first.
  function move(where) {
    var q = at.q, moving = ids(), origin = $("themes-picked");
    if (!q || !moving.length || busy) return;
    var theme = at.themes.filter(function (t) { return String(t.id) === where; })[0];
    var name_ = name;
    var call = where === "new"
      ? ["accept_themes", { question_id: q.id, groups: [{ label: name_, ideas: moving }] }]
      : ["move_ideas_to_theme", { question_id: q.id, idea_ids: moving, theme_id: theme ? theme.id : null }];
    busy = true;
    ctx.live.call(call[0], call[1], function (reply) {
      busy = false;
      if (!reply.ok) { ctx.say(reply.error.message, true, origin); return; }
      var groups = reply.themes.groups;
      // A new theme is the last of the question's themes.
      var went = where === "new" ? groups[groups.length - 1] : theme;
      picked = {}; to = ""; name = "";
      if (went) {
        panel.open(went.id);
        focusNext = '[data-key="theme-open:' + went.id + '"]';
        done = plural(moving.length, " idea", " ideas") + " moved to “" + short(went.label, 60) + "”.";
      } else {
        focusNext = "#themes-loose-heading";
        done = plural(moving.length, " idea is", " ideas are") + " now in no theme.";
      }
      ctx.say(done + " Undo takes the move back.", false, origin);
      panel.redraw(reply.themes);
    });
  }

  // A change made from the panel (a rename, a move, a merge, a split): what it did, in the
  // bar with its Undo. Far down fifteen themes the panel's status and Undo are screens up.
  function shown(text) { done = text; drawBar(); }

  // After the panel's draw: focus where the last move went.
  function focusMoved() {
    var node = focusNext && document.querySelector(focusNext);
    focusNext = null;
    if (node) node.focus();
  }

  return { prune: prune, untick: untick, tickBox: tickBox, tickAllButton: tickAllButton, drawBar: drawBar, focusMoved: focusMoved,
           shown: shown };
}
