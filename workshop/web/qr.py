"""QR codes of the join URL: SVG for the board, text for the terminal."""

import io

import qrcode
import qrcode.image.svg


def svg(url):
    """An SVG QR code (a path, no script) that scales to any projector."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return image.to_string(encoding="unicode")


def terminal(url):
    """A QR code drawn with block characters, for `workshop serve`'s banner."""
    code = qrcode.QRCode(border=2)
    code.add_data(url)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
