"""Where a browser broke a line, measured from the laid-out text itself.

STRANDED_DOTS takes a CSS selector and gives every " · " separator, in the
boxes it matches, that starts a line ("Care provider 26" / "· Commissioner
12") or ends one ("Page 1 of 59 ·" / "paused"): each character's own box
(a Range's client rect) says which line it sits on, so this is what the
room sees, not what the text says."""

STRANDED_DOTS = """(selector) => {
  const found = [];
  for (const box of document.querySelectorAll(selector)) {
    if (!box.getClientRects().length) continue;
    const chars = [];
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t; t = walk.nextNode()) {
      if (t.parentElement.closest('.visually-hidden')) continue;  // heard, not seen
      for (let i = 0; i < t.data.length; i++) {
        if (/\\s/.test(t.data[i])) continue;
        const range = document.createRange();
        range.setStart(t, i);
        range.setEnd(t, i + 1);
        const rect = range.getClientRects()[0];
        if (rect && rect.height) chars.push({c: t.data[i], top: rect.top, bottom: rect.bottom});
      }
    }
    const middle = ch => (ch.top + ch.bottom) / 2;
    chars.forEach((ch, i) => {
      if (ch.c !== '·') return;
      const before = chars[i - 1], after = chars[i + 1];
      const starts = !!before && middle(before) < ch.top;  // the word before it is a line up
      const ends = !!after && middle(after) > ch.bottom;  // the word after it is a line down
      if (starts || ends) found.push({text: box.textContent.trim(), starts: starts, ends: ends});
    });
  }
  return found;
}"""

# The lines a browser laid out the text of the first box `selector` matches
# on, each as the room sees it (any run of spaces, no-break ones too, as one).
LINES = """(selector) => {
  const box = document.querySelector(selector);
  const lines = [];
  let bottom = -Infinity;
  const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let t = walk.nextNode(); t; t = walk.nextNode()) {
    for (let i = 0; i < t.data.length; i++) {
      const range = document.createRange();
      range.setStart(t, i);
      range.setEnd(t, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || !rect.height) continue;  // a space the line broke at
      if ((rect.top + rect.bottom) / 2 > bottom) { lines.push(''); bottom = rect.bottom; }
      lines[lines.length - 1] += t.data[i];
    }
  }
  return lines.map(line => line.replace(/\\s+/g, ' ').trim());
}"""
