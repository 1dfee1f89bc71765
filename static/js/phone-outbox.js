/* The outbox panel: ideas and stories saved on this phone that the server has
 * not yet received (lib/live.js sends them when the connection is back).
 *
 * Once the phone knows the workshop has ended (a live event, or the snapshot
 * on reconnecting) they will never be sent, so the panel never says they
 * will: it says the workshop ended before they were sent (at-end, the
 * template's words), and the outbox is sent at once rather than after its
 * back-off, so the server answers for each: one it stored before End is
 * acknowledged, any other is refused and moves to the kept words
 * (phone-ended.js), with the offer to copy them.
 */
import { $, el } from "./lib/dom.js";

var wasEnded = false;

export function drawOutbox(live, room) {
  var ended = !!(room.workshop && room.workshop.ended);
  var list = $("outbox-list");
  list.textContent = "";
  live.pending().forEach(function (item) {
    if (item.event !== "submit_idea" && item.event !== "submit_story") return;
    var li = el("li", "", "");
    li.appendChild(el("strong", "", item.event === "submit_idea" ? "Idea: " : "Story: "));
    li.appendChild(document.createTextNode(item.payload.text));
    list.appendChild(li);
  });
  $("outbox").hidden = list.children.length === 0;
  $("outbox").classList.toggle("at-end", ended);
  if (ended && !wasEnded) live.now();
  wasEnded = ended;
}
