/* The organiser's page: list, create and look after workshops before and
 * after the day. Every change is one call to the organiser's JSON API
 * (docs/API.md); user text is only ever set with textContent.
 */
import { $, el } from "./lib/dom.js";

var state = { code: null, detail: null };

// A date in words, as the printed agenda and the phones give it ("7 December 2026"),
// whatever the browser's language; values stay ISO for the date fields and the server.
var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
function dayWords(iso) {
  var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : iso;
}

function say(message, isError) {
  var node = $("status");
  node.textContent = message;
  node.className = "status" + (isError ? " status-error" : "");
}

function call(method, path, body) {
  var options = { method: method, credentials: "same-origin", headers: {} };
  if (body instanceof FormData) {
    options.headers["X-Workshop-Upload"] = "1";  // what the API asks of an upload
    options.body = body;
  } else if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  return fetch(path, options).then(function (response) {
    return response.json().then(function (data) {
      if (!response.ok) throw new Error((data.error && data.error.message) || "That did not work.");
      return data;
    });
  });
}

function failed(error) { say(error.message, true); }

function link(href, text, attrs) {
  var a = el("a", Object.assign({ href: href }, attrs || {}), text);
  return a;
}

function button(label, onClick, className) {
  var b = el("button", className || "small", label);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

// The key arrives in the URL fragment (never sent in a URL, so never
// logged); it is exchanged once for a session cookie, then erased.
function start() {
  var match = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  var exchange = match
    ? call("POST", "/api/organiser/session", { key: decodeURIComponent(match[1]) })
    : Promise.resolve();
  exchange.then(function () {
    window.history.replaceState(null, "", window.location.pathname);
    return loadList();
  }).then(function () {
    $("organiser").hidden = false;
  }).catch(function (error) {
    window.history.replaceState(null, "", window.location.pathname);
    $("signed-out").hidden = false;
    say(error.message, true);
  });
}

// On a site sharded by workshop code (docs/DEPLOY.md) each node lists its
// own workshops: the page asks every node nginx knows (?node=C) and says
// which node holds which, and which node did not answer.
function listEveryNode() {
  return call("GET", "/api/organiser/workshops").then(function (first) {
    var others = (first.nodes || []).filter(function (n) { return n !== first.node; });
    var missing = [];
    return Promise.all(others.map(function (node) {
      return call("GET", "/api/organiser/workshops?node=" + encodeURIComponent(node))
        .catch(function () { missing.push(node); return { workshops: [] }; });
    })).then(function (lists) {
      var seen = {};
      var all = [];
      [first].concat(lists).forEach(function (list) {
        list.workshops.forEach(function (w) {
          if (seen[w.code]) return;
          seen[w.code] = true;
          all.push(Object.assign({ node: list.node }, w));
        });
      });
      all.sort(function (a, b) { return (b.created_at || "").localeCompare(a.created_at || ""); });
      if (missing.length) say("Node " + missing.join(", ") + " did not answer: its workshops are not listed.", true);
      return { workshops: all, sharded: others.length > 0 };
    });
  });
}

function loadList() {
  return listEveryNode().then(function (data) {
    var body = $("workshop-rows");
    body.textContent = "";
    $("no-workshops").hidden = data.workshops.length > 0;
    if (!data.workshops.length) $("create-details").open = true;
    data.workshops.forEach(function (w) {
      var tr = el("tr");
      var title = el("th", { scope: "row" });
      title.appendChild(el("span", "workshop-name", w.title));
      title.appendChild(el("span", "hint", " " + w.code + (data.sharded && w.node ? ", on node " + w.node : "")));
      tr.appendChild(title);
      tr.appendChild(el("td", null, w.service || "–"));
      tr.appendChild(el("td", null, w.area || "–"));
      tr.appendChild(el("td", null, dayWords(w.date) || "–"));
      tr.appendChild(el("td", null, String(w.people) + (w.outreach_people ? " (" + w.outreach_people + " in outreach)" : "")));
      tr.appendChild(el("td", "state state-" + w.state.replace(" ", "-"), w.state));
      var links = el("td", "link-cell");
      links.appendChild(link(w.join_url, "Join", { "aria-label": "Join " + w.title }));
      links.appendChild(link(w.board_url, "Board", { "aria-label": "Board of " + w.title }));
      links.appendChild(link(w.console_url, "Console", { "aria-label": "Console of " + w.title }));
      links.appendChild(button("Manage", function () { manage(w.code); }));
      links.lastChild.setAttribute("aria-label", "Manage " + w.title);
      tr.appendChild(links);
      body.appendChild(tr);
    });
  });
}

function manage(code) {
  state.code = code;
  return call("GET", api("")).then(function (detail) {
    state.detail = detail;
    drawManage(detail);
    $("manage").hidden = false;
    $("manage").focus();
  }).catch(failed);
}

function api(tail) { return "/api/organiser/workshops/" + encodeURIComponent(state.code) + tail; }

function act(name, payload, message) {
  return call("POST", api("/" + name), payload || {}).then(function () {
    say(message);
    return Promise.all([manage(state.code), loadList()]);
  }).catch(failed);
}

function drawManage(d) {
  var w = d.workshop;
  $("manage-heading").textContent = w.title + " (" + w.code + ", " + w.state + ")";
  var links = $("manage-links");
  links.textContent = "";
  links.appendChild(link(w.join_url, "Join link"));
  links.appendChild(link(w.board_url, "Board"));
  links.appendChild(link(w.console_url, "Console (keep private)"));
  var s = d.setup;
  $("setup-service").value = s.service || "";
  $("setup-area").value = s.area || "";
  $("setup-date").value = s.event_date || "";
  $("setup-start").value = s.starts_at || "";
  $("setup-help").value = s.help_contact || "";
  $("setup-redactions").value = (s.redactions || []).join("\n");
  $("setup-approve").checked = s.approve_first;
  $("setup-easy-first").checked = !!s.easy_read_first;
  $("setup-wifi").value = s.wifi_name || "";
  $("setup-wifi-password").value = s.wifi_password || "";
  drawAddress(d.address);
  drawAgenda(d);
  drawPrint(d);
  drawOutreach(d);
  var exports = $("export-links");
  exports.textContent = "";
  d.formats.forEach(function (fmt) {
    var li = el("li");
    li.appendChild(link(api("/export." + fmt), NAMES[fmt] || fmt, { download: "" }));
    exports.appendChild(li);
  });
}

// The join address printed materials carry, and what to watch for in it.
function drawAddress(a) {
  if (document.activeElement !== $("join-address")) $("join-address").value = a.saved || "";
  $("join-address-now").textContent = "Printed now, the QR codes open " + a.printed + "/j/…" +
    (a.saved ? "" : " (the address this server was started with).");
  var warning = $("join-address-warning");
  warning.hidden = !a.lan_address && !a.local;
  if (a.lan_address) {
    warning.textContent = "That is this laptop's address on the network it is on now. Printed ahead of " +
      "the day, the codes will point at nothing at the venue: set a public address or a stable local " +
      "name, or print again on the day (below).";
  } else if (a.local) {
    warning.textContent = "Only phones on the same Wi-Fi can open a local address: give the venue's " +
      "Wi-Fi name under The day, and the poster and table cards will say which network to join.";
  }
}

var NAMES = { docx: "Word report", html: "Web page report", md: "Markdown report",
              csv: "Spreadsheet (CSV)", json: "Archive (JSON)", xlsx: "Excel workbook" };

function stageName(d, key) {
  var s = d.framework.stages.filter(function (x) { return x.key === key; })[0];
  return s ? s.name : key;
}

// The agenda's time fields, one entry a question: saved one by one or all at once.
var timings = [];

function typedTiming(t) {
  return { minutes: Number(t.minutes.value) || null, break_after: Number(t.pause.value) || null };
}

function saveTiming(t) {
  var typed = typedTiming(t);
  t.note.textContent = "Saving…";
  t.note.className = "saved-note";
  return call("POST", api("/set_timing"), Object.assign({ question_id: t.question.id }, typed)).then(function () {
    t.question.minutes = typed.minutes;
    t.question.break_after = typed.break_after;
    t.note.textContent = "Saved: " + (typed.minutes ? typed.minutes + " min" : "no minutes") +
      (typed.break_after ? ", then a " + typed.break_after + " min break" : "");
  }).catch(function (error) {
    t.note.textContent = "Not saved: " + error.message;
    t.note.className = "saved-note status-error";
    throw error;
  });
}

// "Save all times": every row whose fields differ from what is stored, one after another.
function saveAllTimes() {
  var changed = timings.filter(function (t) {
    var typed = typedTiming(t);
    return typed.minutes !== (t.question.minutes || null) || typed.break_after !== (t.question.break_after || null);
  });
  var chain = Promise.resolve();
  var failures = 0;
  changed.forEach(function (t) { chain = chain.then(function () { return saveTiming(t).catch(function () { failures += 1; }); }); });
  return chain.then(function () {
    var note = $("timings-saved");
    note.textContent = failures ? failures + " could not be saved: see beside each." :
      changed.length ? "All times saved (" + changed.length + " changed)." : "Every time was already saved.";
    note.className = "saved-note" + (failures ? " status-error" : "");
  });
}

function drawAgenda(d) {
  var list = $("agenda");
  list.textContent = "";
  timings = [];
  d.questions.forEach(function (q, index) {
    var li = el("li", "agenda-item");
    li.appendChild(el("p", "stage", stageName(d, q.stage) + (q.framework_key ? " · framework question, kept as written" : " · your own question")));
    li.appendChild(el("p", "question-text", q.text));
    var row = el("div", "agenda-controls");
    var minutesId = "minutes-" + q.id, breakId = "break-" + q.id;
    row.appendChild(el("label", { for: minutesId }, "Minutes"));
    var minutes = el("input", { id: minutesId, type: "number", min: "1", max: "240" });
    minutes.value = q.minutes || "";
    row.appendChild(minutes);
    row.appendChild(el("label", { for: breakId }, "Break after (minutes)"));
    var pause = el("input", { id: breakId, type: "number", min: "0", max: "120" });
    pause.value = q.break_after || "";
    row.appendChild(pause);
    var n = "question " + (index + 1);
    // Each time is saved as it is typed (on leaving the field), its
    // confirmation beside it; nothing redraws the list, so times typed in
    // other rows stay where they are.
    var saved = el("span", { class: "saved-note", role: "status", id: "timing-saved-" + q.id });
    var timing = { question: q, minutes: minutes, pause: pause, note: saved };
    [minutes, pause].forEach(function (input) {
      input.setAttribute("aria-describedby", saved.id);
      input.addEventListener("change", function () { saveTiming(timing); });
    });
    row.appendChild(saved);
    timings.push(timing);
    var up = button("Move up", function () { act("move_question", { question_id: q.id, offset: -1 }, "Moved up."); });
    up.disabled = index === 0;
    up.setAttribute("aria-label", "Move up, " + n);
    row.appendChild(up);
    var down = button("Move down", function () { act("move_question", { question_id: q.id, offset: 1 }, "Moved down."); });
    down.disabled = index === d.questions.length - 1;
    down.setAttribute("aria-label", "Move down, " + n);
    row.appendChild(down);
    if (!q.framework_key) {
      row.appendChild(button("Reword", function () { li.appendChild(rewordForm(q, n)); }));
      row.lastChild.setAttribute("aria-label", "Reword, " + n);
    }
    li.appendChild(row);
    list.appendChild(li);
  });
  var stage = $("new-q-stage");
  stage.textContent = "";
  d.framework.stages.forEach(function (s) { var o = el("option", { value: s.key }, s.name); stage.appendChild(o); });
}

// The workshop's own question, reworded in place: its words and its easy read.
function rewordForm(q, n) {
  var form = el("form", "grid-form reword");
  [["text", "The question"], ["easy_read", "The same in easy read"]].forEach(function (field) {
    var id = "reword-" + field[0] + "-" + q.id;
    form.appendChild(el("label", { for: id }, field[1] + " (" + n + ")"));
    var box = el("textarea", { id: id, name: field[0], rows: "2", maxlength: "500" });
    box.value = q[field[0]] || "";
    form.appendChild(box);
  });
  var save = el("button", null, "Save the wording");
  save.type = "submit";
  form.appendChild(save);
  form.appendChild(button("Cancel", function () { form.remove(); }, "secondary small"));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    act("edit_question", { question_id: q.id, text: form.elements.text.value,
                           easy_read: form.elements.easy_read.value || null }, "Question reworded.");
  });
  window.setTimeout(function () { form.elements.text.focus(); }, 0);
  return form;
}

function drawPrint(d) {
  var base = "/organiser/" + encodeURIComponent(state.code) + "/print/";
  var list = $("print-links");
  list.textContent = "";
  [["poster", "Join poster"], ["table-cards", "Table cards (six to a page)"], ["agenda", "Easy-read agenda"],
   ["told-us", "What you told us (easy read, after the event)"]]
    .forEach(function (item) {
      var li = el("li");
      li.appendChild(link(base + item[0], item[1], { target: "_blank", rel: "noopener" }));
      list.appendChild(li);
    });
  var select = $("cards-question");
  select.textContent = "";
  d.questions.forEach(function (q) {
    select.appendChild(el("option", { value: String(q.id) }, q.position + ". " + q.text.slice(0, 80)));
  });
}

function drawOutreach(d) {
  var o = d.outreach;
  $("outreach-now").textContent = o.opens_on
    ? "Outreach runs from " + dayWords(o.opens_on) + " to " + dayWords(o.closes_on) + (o.open_now ? " (open now)." : ".")
    : "Outreach is not open.";
  $("outreach-opens").value = o.opens_on || "";
  $("outreach-closes").value = o.closes_on || "";
  var box = $("outreach-questions");
  box.textContent = "";
  d.questions.forEach(function (q) {
    var div = el("div", "choice");
    var input = el("input", { type: "checkbox", id: "outreach-q-" + q.id, value: String(q.id) });
    input.checked = o.question_ids.indexOf(q.id) >= 0;
    div.appendChild(input);
    div.appendChild(el("label", { for: "outreach-q-" + q.id }, q.text));
    box.appendChild(div);
  });
  $("outreach-close").hidden = !o.opens_on;
}

function number(value) { return value === "" ? null : Number(value); }

function wire() {
  $("create-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    var expected = {};
    f.querySelectorAll("[data-role]").forEach(function (input) {
      if (input.value) expected[input.dataset.role] = Number(input.value);
    });
    var body = {
      title: f.elements.title.value, service: f.elements.service.value, area: f.elements.area.value,
      event_date: f.elements.event_date.value, starts_at: f.elements.starts_at.value, help_contact: f.elements.help_contact.value,
      stages: Array.prototype.map.call(f.querySelectorAll("[name=stages]:checked"), function (c) { return c.value; }),
      vote_budget: Number(f.elements.vote_budget.value), approve_first: f.elements.approve_first.checked,
      easy_read_first: f.elements.easy_read_first.checked,
      // One head count: the report's expected figure and the door's are the same number.
      expected_roles: expected, expected_head_count: number(f.elements.head_count.value),
      capacity: number(f.elements.head_count.value),
    };
    var file = f.elements.framework.files[0];
    if (file) {
      // A council's own framework file goes as multipart, beside the same fields.
      var form = new FormData();
      form.append("workshop", JSON.stringify(body));
      form.append("framework", file, file.name);
      body = form;
    }
    call("POST", "/api/organiser/workshops", body).then(function (detail) {
      $("create-error").hidden = true;
      say("Created " + detail.workshop.title + " (code " + detail.workshop.code + ").");
      f.reset();
      $("create-details").open = false;
      return loadList().then(function () { return manage(detail.workshop.code); });
    }).catch(function (error) {
      failed(error);
      // Beside the button too: the page's status line is out of view down here.
      var note = $("create-error");
      note.textContent = error.message;
      note.hidden = false;
    });
  });
  $("setup-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    var approve = f.elements.approve_first.checked;
    call("POST", api("/set_up"), {
      service: f.elements.service.value, area: f.elements.area.value, event_date: f.elements.event_date.value,
      starts_at: f.elements.starts_at.value, help_contact: f.elements.help_contact.value,
      redactions: f.elements.redactions.value.split("\n").filter(function (t) { return t.trim(); }),
      wifi_name: f.elements.wifi_name.value, wifi_password: f.elements.wifi_password.value,
      easy_read_first: f.elements.easy_read_first.checked,
    }).then(function () {
      if (approve !== state.detail.setup.approve_first) return call("POST", api("/set_approval"), { on: approve });
    }).then(function () {
      say("The day's details are saved.");
      return Promise.all([manage(state.code), loadList()]);
    }).catch(failed);
  });
  $("add-question-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    act("add_question", { stage: f.elements.stage.value, text: f.elements.text.value, easy_read: f.elements.easy_read.value || null },
        "Your question is added.").then(function () { f.elements.text.value = ""; f.elements.easy_read.value = ""; });
  });
  $("cards-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    var first = f.elements.first.value ? "&first=" + encodeURIComponent(f.elements.first.value) : "";
    window.open("/organiser/" + encodeURIComponent(state.code) + "/print/cards?question_id=" +
                encodeURIComponent(f.elements.question_id.value) + "&count=" +
                encodeURIComponent(f.elements.count.value) + first, "_blank");
  });
  $("outreach-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var f = event.target;
    var ids = Array.prototype.map.call($("outreach-questions").querySelectorAll("input:checked"),
                                       function (c) { return Number(c.value); });
    act("open_outreach", { opens_on: f.elements.opens_on.value, closes_on: f.elements.closes_on.value, question_ids: ids },
        "Outreach is set from " + dayWords(f.elements.opens_on.value) + " to " + dayWords(f.elements.closes_on.value) + ".");
  });
  $("save-times").addEventListener("click", saveAllTimes);
  $("address-form").addEventListener("submit", function (event) {
    event.preventDefault();
    call("POST", "/api/organiser/address", { public_url: $("join-address").value.trim() }).then(function (data) {
      drawAddress(data.address);
      say("The join address is saved: print the poster and table cards again to carry it.");
    }).catch(failed);
  });
  $("outreach-close").addEventListener("click", function () { act("close_outreach", {}, "Outreach is closed."); });
  $("end-workshop").addEventListener("click", function () {
    if (window.confirm("End this workshop? Its retention period starts now.")) act("end", {}, "The workshop has ended.");
  });
  $("purge-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var confirmed = event.target.elements.confirm.value;
    call("DELETE", api(""), { confirm: confirmed }).then(function (data) {
      say("Workshop " + data.purged + " and everything in it is deleted.");
      $("manage").hidden = true;
      state.code = null;
      event.target.reset();
      return loadList();
    }).catch(failed);
  });
}

wire();
start();
