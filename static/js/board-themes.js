/* The board's themes view (issue 22): the question's accepted themes, each
 * with its label, how many ideas, who said them and (once results are
 * revealed) who voted for them, in words, the experts-by-experience share,
 * and one or two of its ideas; or, when the facilitator steps into one
 * theme, that theme's ideas as ordinary cards that page like any lane.
 *
 * Themes arrive in the board's snapshot and in `themes_changed` events; a
 * stepped-into theme in the settings (`board_theme_id`). Labels are the
 * facilitator's text and ideas the room's: only ever set with textContent.
 */
import { el, plural } from "./lib/dom.js";
import { resultsHidden } from "./lib/room.js";
import { expertVotes, tallyOf, votes } from "./lib/count.js";

export function BoardThemes(room) {
  var byQuestion = {};

  function snapshot(snap) {
    byQuestion = {};
    (snap.themes || []).forEach(function (t) { byQuestion[t.question_id] = t.groups; });
  }

  function event(e) {
    var d = e.data || {};
    if (e.type === "themes_changed") byQuestion[d.question_id] = d.groups || [];
    if (e.type === "board_view") room.settings.board_theme_id = d.theme_id || null;
  }

  // Each theme with the ideas this board shows (a hidden idea leaves its theme).
  function themesOf(q) {
    return (byQuestion[q.id] || []).map(function (t) {
      var ideas = t.ideas.map(function (id) { return room.ideas[id]; })
        .filter(function (i) { return i && i.status === "shown" && i.question_id === q.id; });
      return { id: t.id, label: t.label, ideas: ideas };
    }).filter(function (t) { return t.ideas.length; });
  }

  function stepped(q) {
    var id = room.settings.board_theme_id;
    var list = id ? themesOf(q) : [];
    for (var n = 0; n < list.length; n += 1) {
      if (list[n].id === id) return { theme: list[n], place: n + 1, of: list.length };
    }
    return null;
  }

  // The stepped-into theme as one lane of cards: board.js pages it.
  function lanes(q, ideas) {
    var at = stepped(q);
    var inTheme = {};
    at.theme.ideas.forEach(function (i) { inTheme[i.id] = true; });
    return {
      layout: "groups", empty: [],
      heading: "Theme " + at.place + " of " + at.of + ": " + at.theme.label,
      lanes: [{ title: at.theme.label, items: ideas.filter(function (i) { return inTheme[i.id]; }) }],
    };
  }

  // "Care provider 6 · ★ Person who receives care and support 4": words, not colour alone.
  function byRole(counts) {
    return room.workshop.roles.filter(function (r) { return counts[r.key]; })
      .sort(function (a, b) { return counts[b.key] - counts[a.key]; })
      .map(function (r) { return (r.expert_by_experience ? "★ " : "") + r.label + " " + counts[r.key]; })
      .join(" · ");
  }

  function facts(theme) {
    var said = {}, voted = {}, experts = 0, total = 0, fromExperts = 0;
    theme.ideas.forEach(function (i) {
      (i.author_roles || [i.author_role]).forEach(function (r) { said[r] = (said[r] || 0) + 1; });
      if (i.expert_by_experience) experts += 1;
      var split = tallyOf(room, i).by_role || {};
      Object.keys(split).forEach(function (r) { voted[r] = (voted[r] || 0) + split[r]; });
      total += votes(room, i);
      fromExperts += expertVotes(room, i);
    });
    return { said: said, voted: voted, experts: experts, total: total, fromExperts: fromExperts };
  }

  // Examples: the most voted once results show, else experts' words first;
  // short ones first, so an example is read in one glance.
  function examples(theme, many) {
    var open = !resultsHidden(room);
    return theme.ideas.slice().sort(function (a, b) {
      return (open ? votes(room, b) - votes(room, a) : 0) ||
        (b.expert_by_experience ? 1 : 0) - (a.expert_by_experience ? 1 : 0) ||
        Math.min(a.text.length, 140) - Math.min(b.text.length, 140) || a.id - b.id;
    }).slice(0, many);
  }

  function tile(theme, many) {
    var f = facts(theme);
    var li = el("li", "card theme-tile");
    li.dataset.themeId = theme.id;
    li.appendChild(el("h2", "theme-label", theme.label));
    var count = el("p", "theme-count", plural(theme.ideas.length, " idea", " ideas"));
    if (f.experts) count.appendChild(el("span", "star", " · ★ " + f.experts + " from experts by experience"));
    li.appendChild(count);
    li.appendChild(el("p", "theme-support", "Said by " + byRole(f.said)));
    if (!resultsHidden(room) && f.total) {
      var line = "Votes " + f.total + ": " + byRole(f.voted);
      if (f.fromExperts) line += " (★ " + f.fromExperts + " of " + f.total + " from experts by experience)";
      li.appendChild(el("p", "theme-support theme-votes", line));
    }
    var list = el("ul", "theme-examples");
    examples(theme, many).forEach(function (i) {
      list.appendChild(el("li", "theme-example" + (i.expert_by_experience ? " example-ebe" : ""),
        (i.expert_by_experience ? "★ " : "") + "“" + i.text + "”"));
    });
    li.appendChild(list);
    return li;
  }

  function overflows(node) {
    return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
  }

  // Pages measured at this screen's size: tiles are added until the list overflows.
  function paginate(list, themes, many) {
    var pages = [], rest = themes.slice();
    while (rest.length) {
      list.textContent = "";
      var page = [];
      while (rest.length) {
        var node = list.appendChild(tile(rest[0], many));
        if (overflows(list) && page.length) { list.removeChild(node); break; }
        page.push(rest.shift());
      }
      pages.push(page);
    }
    return pages;
  }

  /* Draw the overview's page `page` into `container`; returns {page, pages}
   * (pages 0 when there is nothing to page). */
  function overview(container, q, ideas, page) {
    var themes = themesOf(q);
    if (!themes.length) {
      container.appendChild(el("p", "board-empty", "No themes yet. The facilitator groups the ideas into themes on the console."));
      return { page: 0, pages: 0 };
    }
    var placed = {};
    themes.forEach(function (t) { t.ideas.forEach(function (i) { placed[i.id] = true; }); });
    var loose = ideas.filter(function (i) { return !placed[i.id]; }).length;
    var box = el("div", "themes");
    var list = el("ol", "theme-tiles");
    box.appendChild(list);
    if (loose) box.appendChild(el("p", "lane-none", plural(loose, " idea is", " ideas are") + " in no theme yet."));
    container.appendChild(box);
    // Two examples a theme if the themes still fit on two pages, else one.
    var pages = paginate(list, themes, 2);
    var many = 2;
    if (pages.length > 2) { many = 1; pages = paginate(list, themes, 1); }
    var at = page % pages.length;
    list.textContent = "";
    pages[at].forEach(function (t) { list.appendChild(tile(t, many)); });
    return { page: at, pages: pages.length, themes: themes.length };
  }

  return { snapshot: snapshot, event: event, stepped: stepped, lanes: lanes, overview: overview };
}
