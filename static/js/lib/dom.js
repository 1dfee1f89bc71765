/* DOM helpers every screen shares. User text is only ever set with
 * textContent, never parsed as HTML.
 */

export function $(id) { return document.getElementById(id); }

/* An element: `props` is a class name, or an object of attributes. */
export function el(tag, props, text) {
  var node = document.createElement(tag);
  if (typeof props === "string") node.className = props;
  else if (props) Object.keys(props).forEach(function (k) { node.setAttribute(k, props[k]); });
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

export function short(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

export function plural(n, one, many) { return n + (n === 1 ? one : many); }
