"""The Word report's building blocks: styles, page, paragraphs, tables, charts.

Every piece of text that reaches the .docx passes through `clean` (one place
to make user text safe for XML), by way of `para`, `run` or `table`.

Big tables (an appendix of 3,000 ideas) are written as one XML fragment rather
than cell by cell through python-docx, which is far too slow at that size.
"""

import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor

NAVY = RGBColor(0x1F, 0x4E, 0x79)
INK = RGBColor(0x1D, 0x2A, 0x3A)
MUTED = RGBColor(0x55, 0x60, 0x6E)
TEAL = RGBColor(0x00, 0x71, 0x6B)
HEADER_FILL = "1F4E79"
BAND_FILL = "F1F4F8"
FILL_IN = "FFF8E1"
BORDER = "BFC8D2"
FONT = "Arial"
PAGE_WIDTH = Cm(21.0)
MARGIN = Cm(2.2)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN)
# Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXPERT_MARK = "\u2605"


def clean(value):
    """Text as Word can hold it: characters XML cannot carry are dropped."""
    return _NOT_XML.sub("", "" if value is None else str(value))


def styles(word):
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    # British English, for spelling checks and screen readers.
    normal.element.rPr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB"/>'))
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    # No paragraph splits across a page (every style here is based on Normal): a note
    # of three lines read as two halves, one at the foot of a page, one at the head.
    normal.paragraph_format.keep_together = True
    # Level 4: the summary's list for each question, under "Widest support across the roles".
    for level, size, before in ((1, 17, 18), (2, 13, 14), (3, 11, 10), (4, 10.5, 8)):
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = NAVY
        _plain_font(style)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    for name in ("Title", "Subtitle", "Quote", "Caption", "List Bullet", "List Number"):
        _plain_font(styles[name])
        styles[name].font.name = FONT
    styles["Title"].font.size = Pt(30)
    styles["Title"].font.color.rgb = NAVY
    styles["Subtitle"].font.size = Pt(16)
    styles["Subtitle"].font.color.rgb = INK
    styles["Subtitle"].font.italic = False
    quote = styles["Quote"]
    quote.font.color.rgb = INK
    quote.font.size = Pt(11)
    quote.paragraph_format.left_indent = Cm(0.8)
    quote.paragraph_format.space_after = Pt(8)
    styles["Caption"].font.color.rgb = MUTED
    styles["Caption"].font.size = Pt(9)
    styles["Caption"].font.bold = False
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.space_before = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.font.size = Pt(9.5)
    note.font.color.rgb = MUTED
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        # The page number right-aligned after a dotted leader, as Word's own contents.
        toc.paragraph_format.tab_stops.add_tab_stop(
            TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        toc.paragraph_format.space_after = Pt(3 if level == 1 else 1)
        toc.font.bold = level == 1


def _plain_font(style):
    """Drop the theme font so the style's own font is the one used."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def page_setup(word, footer_text):
    section = word.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, MARGIN)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.different_first_page_header_footer = True  # the title page has no footer
    footer = section.footer.paragraphs[0]
    footer.style = word.styles["Note"]
    footer.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(clean(footer_text))
    footer.add_run("\tPage ")
    field(footer, "PAGE", "1")
    footer.add_run(" of ")
    field(footer, "NUMPAGES", "1")
    # Ask Word to refresh the contents and page fields when the file is opened.
    settings = word.settings.element
    settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))


def field(paragraph, instruction, shown):
    """A Word field (PAGE, NUMPAGES...) with the value shown until it is updated."""
    for xml in (
        '<w:r {}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {{}}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        '<w:r {}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {{}}><w:t>{shown}</w:t></w:r>",
        '<w:r {}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml.format(nsdecls("w"))))


def para(word, text="", style=None):
    """A paragraph in a style, set by id: python-docx's lookup by name is slow at scale."""
    paragraph = word.add_paragraph(clean(text))
    if style is not None:
        # Every style used here, built in or added by _styles, has its name as id
        # without spaces ("Heading 1" is "Heading1").
        paragraph._p.style = style.replace(" ", "")
    return paragraph


def _last(word):
    """The body's last paragraph or table (the section properties come after it)."""
    body = word.element.body
    last = body[-1]
    return last.getprevious() if last.tag == qn("w:sectPr") else last


def _heading_level(element):
    """1, 2 or 3 for a heading paragraph, else None."""
    if element is None or element.tag != qn("w:p"):
        return None
    style = element.xpath("./w:pPr/w:pStyle/@w:val")
    if style and style[0].startswith("Heading") and style[0][7:].isdigit():
        return int(style[0][7:])
    return None


def _hold(element):
    """Keep a paragraph element on the page of what follows it."""
    element.get_or_add_pPr().keepNext_val = True


def heading(word, text, level):
    """A heading; levels 1 and 2 carry the bookmark their contents entry's page number reads.

    A single paragraph between a heading and a deeper one (a section's lead-in) is held
    with this heading: the section's heading and lead-in never end a page alone.
    """
    lead_in = _last(word)
    above = _heading_level(lead_in.getprevious()) if lead_in is not None else None
    if _heading_level(lead_in) is None and above is not None and above < level:
        _hold(lead_in)
    paragraph = para(word, text, f"Heading {level}")
    if level <= 2:
        n = getattr(word, "toc_entries", 0) + 1
        word.toc_entries = n
        start = parse_xml(
            f'<w:bookmarkStart {nsdecls("w")} w:id="{n}" w:name="{toc_bookmark(n)}"/>'
        )
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{n}"/>'))
    return paragraph


def toc_bookmark(n):
    """The bookmark of the nth level 1 or 2 heading (Word's own _Toc names)."""
    return f"_Toc{n:06d}"


def run(paragraph, text, *, bold=False, muted=False):
    """A run of text in a paragraph, cleaned like every other."""
    added = paragraph.add_run(clean(text))
    added.bold = bold or None
    if muted:
        added.font.color.rgb = MUTED
    return added


def keep(paragraph):
    """Keep this paragraph on the page of what follows (a table, a chart, a list)."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def chart(word, spec):
    """The chart as a picture with alt text, kept on one page with its caption and figures."""
    if spec["empty"]:
        return  # nothing to draw: the note under the table says why
    shape = word.add_picture(io.BytesIO(spec["png"]), width=Cm(12.5))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", clean(spec["alt"]))
    doc_pr.set("title", clean(spec["title"]))
    keep(word.paragraphs[-1])
    keep(para(word, spec["title"] + ": the figures are in the table below.", style="Caption"))


def normalise(widths):
    total = sum(widths)
    return [w / total for w in widths]


def _cell_text(value):
    return escape(clean(value))


# A table of this many rows or fewer stays whole on one page: the coverage tables
# (six rows) left "Not tagged" alone at the top of a page, Who took part two roles.
WHOLE = 8


def table(
    word,
    headers,
    rows,
    widths,
    *,
    numeric=frozenset(),
    bands=True,
    first_bold=False,
    last_bold=False,
    small=False,
    caption=None,
    fill=None,
    held=frozenset(),
):
    """Append a styled table, written as one XML fragment: fast for thousands of rows.

    The header row and the first row keep with what follows, so a heading
    above a table never ends a page alone. `fill` shades every body cell
    (the commissioner's fill-in tables). Rows numbered in `held` keep with the row
    after them (a group of rows that names its subject only on its first); a table
    of WHOLE rows or fewer keeps them all.
    """
    # The words that lead into a table stay on its first page (a caption ends the one above).
    before = _last(word)
    if before is not None and before.tag == qn("w:p") and "".join(before.itertext()).strip():
        _hold(before)
    twips = [int(TEXT_WIDTH.twips * w) for w in widths]
    size = '<w:sz w:val="16"/>' if small else ""
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
        f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="50" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
        '<w:bottom w:w="50" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        "".join(f'<w:gridCol w:w="{w}"/>' for w in twips),
        "</w:tblGrid>",
    ]

    def cell(index, value, fill=None, bold=False, colour=None, held=False):
        if value is CHECK_BOX:
            return (
                f'<w:tc><w:tcPr><w:tcW w:w="{twips[index]}" w:type="dxa"/></w:tcPr>'
                f'<w:p><w:pPr><w:pStyle w:val="TableText"/><w:jc w:val="center"/></w:pPr>'
                f"{CHECK_BOX_XML}</w:p></w:tc>"
            )
        align = '<w:jc w:val="right"/>' if index in numeric else ""
        align = ("<w:keepNext/>" if held else "") + align
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        rpr = ("<w:b/>" if bold else "") + (f'<w:color w:val="{colour}"/>' if colour else "")
        # A (text, detail) pair puts the detail on a small muted line underneath.
        value, detail = value if isinstance(value, tuple) else (value, None)
        under = (
            (
                f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr><w:r><w:rPr>'
                f'<w:color w:val="{MUTED}"/><w:sz w:val="15"/></w:rPr><w:t xml:space="preserve">'
                f"{_cell_text(detail)}</w:t></w:r></w:p>"
            )
            if detail
            else ""
        )
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{twips[index]}" w:type="dxa"/>{shade}</w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{align}</w:pPr>'
            f"<w:r><w:rPr>{rpr}{size}</w:rPr>"
            f'<w:t xml:space="preserve">{_cell_text(value)}</w:t></w:r></w:p>{under}</w:tc>'
        )

    if headers:
        parts.append("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
        parts += [cell(i, h, HEADER_FILL, True, "FFFFFF", True) for i, h in enumerate(headers)]
        parts.append("</w:tr>")
    body_fill = fill
    for n, row in enumerate(rows):
        shade = body_fill or (BAND_FILL if bands and n % 2 else None)
        bold_row = last_bold and n == len(rows) - 1
        hold = (n == 0 or n in held or len(rows) <= WHOLE) and n < len(rows) - 1
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts += [
            cell(i, v, shade, bold_row or (first_bold and i == 0), held=hold)
            for i, v in enumerate(row)
        ]
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    word.element.body.insert_element_before(parse_xml("".join(parts)), "w:sectPr")
    if caption:
        para(word, caption, style="Caption")
    else:
        # Word needs a paragraph between two tables or they merge into one.
        spacer = para(word, style="Table Text")
        spacer.paragraph_format.space_after = Pt(4)


# A table cell holding a Word check box (a content control the commissioner ticks by
# clicking; Word 2010 and later). Shown as an empty box where it is not understood.
CHECK_BOX = object()
CHECK_BOX_XML = (
    '<w:sdt xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:sdtPr>'
    '<w:alias w:val="Checked by the commissioner"/><w14:checkbox>'
    '<w14:checked w14:val="0"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
    '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
    '<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" '
    'w:hAnsi="MS Gothic"/></w:rPr><w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>'
)


class _FastZip:
    """python-docx's zip writer, at zlib level 1 instead of the default 6.

    At 3,000 ideas the default deflate took a third of the whole Word export
    (0.4 s of 1.3 s); level 1 makes a file a few per cent larger in a tenth
    the time. The parts and their order are python-docx's own (PackageWriter).
    """

    def __init__(self, stream):
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1)

    def write(self, pack_uri, blob):
        self._zip.writestr(pack_uri.membername, blob)

    def close(self):
        self._zip.close()


def save(word):
    """The document as .docx bytes (what Document.save writes, compressed faster)."""
    package = word.part.package
    for part in package.parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FastZip(buffer)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    writer.close()
    return buffer.getvalue()
