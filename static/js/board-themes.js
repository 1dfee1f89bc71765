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
import { foldRoles } from "./lib/fold.js";
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
      var theme = { id: t.id, label: t.label, ideas: ideas };
      // The room votes on the themes themselves (issue 22 item 5): their own dots.
      if (q.vote_on === "themes") theme.dots = (room.themeTallies[q.id] || {})[t.id] || { total: 0, by_role: {} };
      return theme;
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

  // The stepped-into theme as one lane of cards: board.js pages it. Its label
  // is said once, as the lane's title at a tile label's size; the heading line
  // above says which theme of how many and its ideas ("Theme 2 of 10 · 32 ideas").
  function lanes(q, ideas) {
    var at = stepped(q);
    var inTheme = {};
    at.theme.ideas.forEach(function (i) { inTheme[i.id] = true; });
    return {
      layout: "groups", empty: [], count: at.theme.ideas.length,
      heading: "Theme " + at.place + " of " + at.of,
      lanes: [{ title: at.theme.label, className: "lane-theme", uncounted: true,
        items: ideas.filter(function (i) { return inTheme[i.id]; }) }],
    };
  }

  // Roles with a count, most first: [{text: "★ Person who receives care and support 4", n, expert}].
  function roleCounts(counts) {
    return room.workshop.roles.filter(function (r) { return counts[r.key]; })
      .sort(function (a, b) { return counts[b.key] - counts[a.key]; })
      // No line breaks between a star and its role, nor a role's last word and its count.
      .map(function (r) {
        var star = r.expert_by_experience ? "★\u00a0" : "";
        return { text: star + r.label + "\u00a0" + counts[r.key], n: counts[r.key],
          expert: !!r.expert_by_experience, name: r.label, star: star };
      });
  }

  // "Care provider 6 · ★ Person who receives care and support 4": words, not colour alone.
  function byRole(counts) {
    return roleCounts(counts).map(function (r) { return r.text; }).join("\u00a0· ");
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

  // Examples: the most voted once results show, else experts' words first,
  // short ones first; `shortest`: the shortest alone, the one most likely to
  // fit whole where the wall is tight. An example is never cut: whole or not at all.
  function examples(theme, many, shortest) {
    var open = !resultsHidden(room);
    return theme.ideas.slice().sort(function (a, b) {
      return (shortest ? a.text.length - b.text.length : 0) ||
        (a.text.length > 140 ? 1 : 0) - (b.text.length > 140 ? 1 : 0) ||  // a long story would fill its tile
        (open ? votes(room, b) - votes(room, a) : 0) ||
        (b.expert_by_experience ? 1 : 0) - (a.expert_by_experience ? 1 : 0) ||
        Math.min(a.text.length, 140) - Math.min(b.text.length, 140) || a.id - b.id;
    }).slice(0, many);
  }

  /* How much a tile says, most first; the overview takes the first that fits
   * the themes on two pages: both splits and two ideas, then the support
   * (votes once revealed, else who said them) and one idea, then that split
   * held to two lines; last (`sparse`) every tile's facts with the experts'
   * name as the board's "★ Experts", and an idea, whole, only in the tiles
   * with room for it (`example` per theme, decided in `sample`): at 44 px a
   * room's ideas of 80-100 characters take three or four lines each, and
   * fifteen themes' facts and one such idea each need three pages. */
  var LEVELS = [{ both: true, many: 2 }, { both: false, many: 1 }, { both: false, many: 1, tight: true },
    { both: false, many: 1, tight: true, sparse: true }];

  function tile(theme, level, example) {
    var f = facts(theme);
    var li = el("li", "card theme-tile" + (level.tight ? " theme-tight" : "") + (level.sparse ? " theme-sparse" : ""));
    li.dataset.themeId = theme.id;
    var label = li.appendChild(el("h2", "theme-label", theme.label));
    var ideas = plural(theme.ideas.length, " idea", " ideas");
    var share = f.experts ? "★ " + f.experts + " of " + ideas + " from experts by experience" : "";
    var voted = !resultsHidden(room) && f.total;
    var said = "Said by " + byRole(f.said);
    var votes = voted ? "Votes " + f.total + ": " + byRole(f.voted) +
      (f.fromExperts ? " (★ " + f.fromExperts + " of " + f.total + " from experts by experience)" : "") : "";
    var short = voted ? "Votes " + f.total + ": " + byRole(f.voted) : said;
    if (theme.dots && !resultsHidden(room)) {
      // Dots on the theme, not on its ideas: the count the room is making now.
      voted = true;
      votes = short = theme.dots.total ? "Votes on this theme " + theme.dots.total + ": " + byRole(theme.dots.by_role)
        : room.workshop.ended ? "No votes on this theme" : "No votes on this theme yet";
    }
    if (level.tight) {
      // Lines saved: the count beside the label, the experts' share of the
      // ideas ("★ 18 from experts", the count's "59 ideas" not said twice)
      // leading the split by role.
      // The room's dots on the theme are what it is voting on: given whole, on
      // their own line; the experts' share moves up after the count, in words
      // ("18 from experts"): a bare "★ 18" there beside the split's "★ Experts
      // 12" would not say which counts ideas and which votes.
      var dotted = theme.dots && !resultsHidden(room);
      label.appendChild(el("span", "theme-count", " · " + ideas + (f.experts && dotted ? "," : "")));
      if (f.experts && dotted) {
        label.appendChild(document.createTextNode(" "));  // the share may take the next line, the count never
        label.appendChild(el("span", "theme-share star", "★\u00a0" + f.experts + "\u00a0from experts"));
      }
      var line = el("p", dotted ? "theme-support theme-dots" : "theme-support");
      if (f.experts && !dotted) line.appendChild(el("span", "star", "★\u00a0" + f.experts + " from\u00a0experts\u00a0· "));
      line.appendChild(el("span", "fold-text", short));  // its Text node is the one foldRoles writes
      // The split by role folds once the tile is in place (place, below).
      line.fold = dotted ? theme.dots.total && { lead: "Votes on this theme " + theme.dots.total + ": ", roles: roleCounts(theme.dots.by_role) }
        : voted ? { lead: "Votes " + f.total + ": ", roles: roleCounts(f.voted) } : { lead: "Said by ", roles: roleCounts(f.said) };
      li.appendChild(line);
    } else {
      var counted = li.appendChild(el("p", "theme-count", ideas));
      if (share) counted.appendChild(el("span", "star", "\u00a0· " + share));  // the line breaks after the dot
      if (level.both || !voted) li.appendChild(el("p", "theme-support", said));
      if (voted) li.appendChild(el("p", "theme-support theme-votes", votes));
    }
    if (level.bare || !example) return li;
    var list = el("ul", "theme-examples");
    examples(theme, level.many, level.tight).forEach(function (i) {
      list.appendChild(el("li", "theme-example" + (i.expert_by_experience ? " example-ebe" : ""),
        (i.expert_by_experience ? "★ " : "") + "“" + i.text + "”"));
    });
    li.appendChild(list);
    return li;
  }

  function overflows(node) {
    return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
  }

  /* A tile in place: a split by role held to two lines folds its smallest
   * roles, whole, into "2 more roles 9" (lib/fold.js) rather than letting the
   * clamp's ellipsis cut into a number ("support 2…" for 29). */
  function place(list, theme, level, example) {
    return fold(list.appendChild(tile(theme, level, example)), level);
  }

  function fold(node, level) {
    var line = node.querySelector(".theme-tight .theme-support");
    // The room's dots on a theme may star the experts' name, so the line keeps to two.
    if (line && line.fold) foldRoles(line, line.querySelector(".fold-text").firstChild, line.fold.lead, line.fold.roles,
      line.classList.contains("theme-dots") || !!level.sparse);
    return node;
  }

  // Pages measured at this screen's size: tiles are added until the list overflows.
  function paginate(list, themes, level) {
    var pages = [], rest = themes.slice();
    while (rest.length) {
      list.textContent = "";
      var page = [];
      while (rest.length) {
        var node = place(list, rest[0], level, true);
        if (overflows(list) && page.length) { list.removeChild(node); break; }
        page.push(rest.shift());
      }
      pages.push(page);
    }
    return pages;
  }

  /* The sparse level: the tiles' facts alone paged, the themes then shared
   * evenly between those pages (eight and seven, not ten and five) where they
   * fit so, and each tile given its shortest idea, whole, while the page
   * still fits. */
  function sample(list, themes, level) {
    var bare = paginate(list, themes, Object.assign({}, level, { bare: true }));
    var pages = [], per = Math.ceil(themes.length / bare.length);
    for (var n = 0; n < themes.length; n += per) pages.push(themes.slice(n, n + per));
    var even = pages.every(function (page) {
      list.textContent = "";
      page.forEach(function (t) { place(list, t, level, false); });
      return !overflows(list);
    });
    if (!even) pages = bare;  // a page of taller tiles: as measured, uneven
    var example = {};
    pages.forEach(function (page) {
      list.textContent = "";
      page.forEach(function (t) { place(list, t, level, false); });
      // The shortest ideas first: three tiles with a two-line idea rather than one with a four-line one.
      var order = page.map(function (t, i) { return { t: t, i: i, n: examples(t, 1, true)[0].text.length }; })
        .sort(function (a, b) { return a.n - b.n || a.i - b.i; });
      order.forEach(function (o) {
        var t = o.t, old = list.children[o.i], node = tile(t, level, true);
        list.replaceChild(node, old);
        fold(node, level);
        if (overflows(list)) { list.replaceChild(old, node); } else { example[t.id] = true; }
      });
    });
    return { pages: pages, example: example };
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
    var level, pages, example = null;
    for (var n = 0; n < LEVELS.length; n += 1) {
      level = LEVELS[n];
      if (level.sparse) {
        var sampled = sample(list, themes, level);
        pages = sampled.pages;
        example = sampled.example;
        break;
      }
      pages = paginate(list, themes, level);
      if (pages.length <= 2) break;
    }
    var at = ((page % pages.length) + pages.length) % pages.length;  // the server's page, any number
    list.textContent = "";
    pages[at].forEach(function (t) { place(list, t, level, !example || !!example[t.id]); });
    return { page: at, pages: pages.length };
  }

  function count(q) { return themesOf(q).length; }

  return { snapshot: snapshot, event: event, stepped: stepped, lanes: lanes, overview: overview, count: count };
}
