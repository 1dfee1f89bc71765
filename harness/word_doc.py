"""Reading the Word report as a reader meets it: its headings and what is under each."""

from docx.text.paragraph import Paragraph


def level(block):
    """A heading's level; 0 for a body paragraph or a table."""
    if isinstance(block, Paragraph) and block.style.name.startswith("Heading "):
        return int(block.style.name[-1])
    return 0


def under(blocks, heading):
    """The blocks under a heading, up to the next heading of its level or above."""
    start = next(n for n, b in enumerate(blocks) if level(b) and b.text == heading)
    found = []
    for block in blocks[start + 1 :]:
        if level(block) and level(block) <= level(blocks[start]):
            break
        found.append(block)
    return found
