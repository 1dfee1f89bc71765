/* Places in an order, level ones shared (1, 2, 2, 4), as the server's ranking
 * gives them (workshop/room/ranking.py) and the console and report print them;
 * said in words where two share a place ("level 2nd"), not by number alone.
 */

/* 1st, 2nd, 3rd, 4th... 11th, 12th, 13th, 21st. */
export function ordinal(n) {
  var tens = n % 100, ones = n % 10;
  var end = tens >= 11 && tens <= 13 ? "th" : ones === 1 ? "st" : ones === 2 ? "nd" : ones === 3 ? "rd" : "th";
  return n + end;
}

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
