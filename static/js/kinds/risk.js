/* The risk kind: an idea with a rating (low, medium, high) and a reason.
 * The phone's Plan fields gain the rating; the board counts the ratings of
 * each outcome's answers and lists the highest-rated first. */
import { $, el } from "../lib/dom.js";

var NAME = "risk";
var RATINGS = [["low", "Low", "Small"], ["medium", "Medium", "Medium"], ["high", "High", "Big"]];
var ORDER = { high: 0, medium: 1, low: 2 };

export var risk = {
  name: NAME,
  // The picture beside the question on the board in easy read.
  picture: "risk.svg",
  offer: "A risk question (the room rates low, medium or high and says why)",
  agendaNote: " · risk rating",
  marksAnswers: false,
  takesIdeas: true,
  scribeRating: true,

  /* The phone's rating fieldset, drawn once into the Plan fields box. */
  buildPlanFields: function (box, words) {
    var fieldset = el("fieldset", { id: "plan-rating", class: "plan-rating" });
    var legend = el("legend");
    legend.appendChild(words("How big is the risk?", "How big could the problem be?", NAME));
    fieldset.appendChild(legend);
    RATINGS.forEach(function (r) {
      var row = el("div", "choice");
      row.appendChild(el("input", { type: "radio", name: "rating", id: "rating-" + r[0], value: r[0] }));
      var lab = el("label", { for: "rating-" + r[0] });
      lab.appendChild(words(r[1], r[2], "risk-" + r[0]));  // a small, middle or big triangle
      row.appendChild(lab);
      fieldset.appendChild(row);
    });
    var why = el("p", "hint");
    why.appendChild(words("Say why in your answer above.", "Say why in your idea."));
    fieldset.appendChild(why);
    box.appendChild(fieldset);
  },

  /* Show the rating only while a question of this kind is open. */
  drawPlanFields: function (q) {
    $("plan-rating").hidden = !q || q.kind !== NAME;
  },

  /* Add the chosen rating to an answer's fields, and clear it for the next answer. */
  planFields: function (fields) {
    var rating = document.querySelector("#plan-rating input:checked");
    if (!rating) return;
    fields.rating = rating.value;
    rating.checked = false;
  },

  /* The board's lane title for one outcome's answers: how the room rated its
   * risk, the ratings given only ("risk: high 2, low 1", never "medium 0"). */
  outcomeTitle: function (title, answers) {
    var rated = ["high", "medium", "low"].map(function (r) {
      var n = answers.filter(function (i) { return i.rating === r; }).length;
      return n ? r + " " + n : "";
    }).filter(Boolean);
    return rated.length ? title + "\u00a0· risk: " + rated.join(", ") : title;
  },

  /* Within an outcome the answers that rate the risk highest come first. */
  orderAnswers: function (ideas) {
    return ideas.slice().sort(function (a, b) {
      return (ORDER[a.rating] === undefined ? 3 : ORDER[a.rating]) - (ORDER[b.rating] === undefined ? 3 : ORDER[b.rating]);
    });
  },
};

