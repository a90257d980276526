"""Draw boxes over a PDF page's image (pdfplumber's ``to_image``): the debug view's picture.

The boxes come in the page's reading frame (``Line.top``/``bottom``, x in points); a page
whose text runs sideways is read turned, so each box is turned back into the page's own
coordinates before it is drawn.
"""

from __future__ import annotations

import io

import pdfplumber

from specgen.diagnostics import InputError

# What each kind of box is drawn in: (red, green, blue).
COLOURS = {
    "furniture": (120, 120, 120),
    "heading": (20, 80, 220),
    "paragraph": (0, 150, 60),
    "outside": (150, 0, 170),  # read, but in no section: no extractor sees it
    "table": (210, 0, 0),
    "header": (230, 130, 0),
    "column": (230, 130, 0),
}
LABELLED = ("heading", "column")
COLUMN_MARGIN = 2.0  # points


def to_page_box(box: tuple[float, float, float, float], turn: int, width: float, height: float):
    """A reading-frame box (x0, top, x1, bottom) as pdfplumber's page box (x0, top, x1,
    bottom); ``width``/``height`` are the reading frame's. Inverse of the loader's frame."""
    left, top, right, bottom = box
    if turn == 0:
        return left, top, right, bottom
    # PDF page size (y up) from the frame's, then PDF coordinates, then top-down.
    pdf_w, pdf_h = (height, width) if turn in (1, 3) else (width, height)
    if turn == 1:
        x0, x1, y0, y1 = top, bottom, left, right
    elif turn == 2:
        x0, x1, y0, y1 = pdf_w - right, pdf_w - left, top, bottom
    else:
        x0, x1, y0, y1 = pdf_w - bottom, pdf_w - top, pdf_h - right, pdf_h - left
    return x0, pdf_h - y1, x1, pdf_h - y0


def render_png(path: str, data: bytes, page_number: int, boxes, turn: int, width: float, height: float,
               resolution: int = 110) -> bytes:
    """The page as a PNG with ``boxes`` ((kind, box, label) in reading frame) drawn over it."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        page = pdf.pages[page_number - 1]
        image = page.to_image(resolution=resolution)
    except Exception as exc:  # the page cannot be rendered: say so, as for any unreadable input
        raise InputError(path, f"page {page_number} cannot be rendered ({type(exc).__name__}: {exc})") from None
    for kind, box, label in boxes:
        red, green, blue = COLOURS[kind]
        if kind == "column":  # just left of where the cells start, so their first letters stay legible
            box = (box[0] - COLUMN_MARGIN, box[1], box[2] - COLUMN_MARGIN, box[3])
        x0, top, x1, bottom = to_page_box(box, turn, width, height)
        if kind == "column":
            image.draw_line([(x0, top), (x1, bottom)], stroke=(red, green, blue, 220), stroke_width=2)
        else:
            fill = (red, green, blue, 0 if kind == "table" else 40)
            image.draw_rect((x0 - 1, top - 1, x1 + 1, bottom + 1), fill=fill, stroke=(red, green, blue, 220),
                            stroke_width=2 if kind == "table" else 1)
        if label and kind in LABELLED:
            px, py = (x0 - image.bbox[0]) * image.scale, (top - image.bbox[1]) * image.scale
            image.draw.text((px + 2, max(py - 11, 0)), label, fill=(red, green, blue, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", quantize=False)
    return out.getvalue()
