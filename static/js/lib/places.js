/* Places in an order, level ones shared (1, 2, 2, 4), as the server's ranking
 * gives them (workshop/room/ranking.py) and the console and report print them;
 * said in words where two share a place ("level 2nd"), not by number alone.
 */

/* "1st", "2nd", "11th", "23rd": the browser's own English ordinal rules. */
var ORDINAL = new Intl.PluralRules("en-GB", { type: "ordinal" });
var SUFFIX = { one: "st", two: "nd", few: "rd", other: "th" };
export function ordinal(n) { return n + SUFFIX[ORDINAL.select(n)]; }

/* {id: place} for `order` (ids, top first) where `score(id)` is what the order
 * was sorted on: an id level with the one before it shares its place. */
export function levelPlaces(order, score) {
  var places = {};
  order.forEach(function (id, n) {
    var before = order[n - 1];
    places[id] = n && score(id) === score(before) ? places[before] : n + 1;
  });
  return places;
}

/* Which places are shared: {place: true} for every place two or more hold. */
export function sharedPlaces(places) {
  var seen = {}, shared = {};
  Object.keys(places).forEach(function (id) {
    var at = places[id];
    if (seen[at]) shared[at] = true;
    seen[at] = true;
  });
  return shared;
}

/* "Level 2nd" where a place is shared, else "". */
export function levelWords(place, shared) { return shared[place] ? "Level " + ordinal(place) : ""; }

/* {id: place} for `ideas` (in the order shown) in ordering `rank` of question
 * `q`, as the server placed them (`orders[q].places`); an idea newer than the
 * last order pushed follows the ones placed. */
export function serverPlaces(orders, q, rank, ideas) {
  var entry = (orders || {})[String(q.id)] || {};
  var ids = entry[rank] || [], at = (entry.places || {})[rank] || [], given = {};
  ids.forEach(function (id, n) { given[id] = at[n] || n + 1; });
  var places = {};
  ideas.forEach(function (idea, n) { places[idea.id] = given[idea.id] || n + 1; });
  return places;
}
