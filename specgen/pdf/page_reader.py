"""pdfminer's interpretation of one page into what a reader of the page sees: characters and
drawn paths, without what the page's clipping path hides.

Why the clip matters: some typesetters lay the whole document out as one long strip and put
it on pages by drawing the strip on every page through a window (a clipping rectangle the
size of the page body). A table row cut by a page break is then drawn on both pages, half
visible on each; pdfminer ignores clipping (``W``/``W*`` are no-ops there) and would read
the row twice. A glyph counts as seen when its centre lies inside the clip; a path when its
box meets the clip. Clip paths of any shape are taken as their bounding box, so a glyph a
viewer might show is never dropped.

Why records instead of ``LTChar`` objects: building an LTChar (and pdfplumber's wrapper
around it) costs more than the rest of the loader's reading of a glyph.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.utils import apply_matrix_pt, apply_matrix_rect

# A clip in device space: (x0, y0, x1, y1), or None while nothing is clipped.
Clip = tuple[float, float, float, float] | None


@dataclass(frozen=True, slots=True)
class Char:
    """What the loader needs of one drawn character: its box in PDF space (as pdfminer's
    ``LTChar`` computes it), text matrix, size, font and fill colour."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    matrix: tuple
    size: float
    fontname: str
    ncolor: object


class PageReader(PDFPageAggregator):
    """pdfminer's page aggregator, but characters are kept as ``Char`` records in drawing
    order instead of ``LTChar`` objects in the layout tree, and what lies outside the clip
    set by ``ClippingInterpreter`` is not kept. Paths (rules, fills) stay layout objects.
    The box is pdfminer's own."""

    def __init__(self, rsrcmgr, pageno: int) -> None:
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        self.chars: list[Char] = []
        self.clip: Clip = None

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv = font.char_width(cid) * fontsize * scaling
        if font.is_vertical():
            vx, vy = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bbox = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            bbox = (0, descent + rise, adv, descent + rise + fontsize)
        a, b, c, d, e, f = matrix
        if b == 0 and c == 0:  # text set straight: the corners' extremes are two of them
            x0, x1, y0, y1 = a * bbox[0] + e, a * bbox[2] + e, d * bbox[1] + f, d * bbox[3] + f
        else:
            x0, y0, x1, y1 = apply_matrix_rect(matrix, bbox)
        x0, x1 = (x1, x0) if x1 < x0 else (x0, x1)
        y0, y1 = (y1, y0) if y1 < y0 else (y0, y1)
        clip = self.clip
        if clip is not None:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if not (clip[0] <= cx <= clip[2] and clip[1] <= cy <= clip[3]):
                return adv
        size = x1 - x0 if font.is_vertical() else y1 - y0
        self.chars.append(Char(text, x0, y0, x1, y1, matrix, size, font.fontname, graphicstate.ncolor))
        return adv

    def paint_path(self, gstate, stroke, fill, evenodd, path) -> None:
        clip = self.clip
        if clip is not None:
            box = path_box(path, self.ctm)
            if box is not None and not _meets(box, clip):
                return
        super().paint_path(gstate, stroke, fill, evenodd, path)


class ClippingInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, keeping the clip in the graphics state: ``W``/``W*`` narrow
    it to the current path's box, ``q``/``Q`` save and restore it, a form XObject starts
    with its caller's clip. The device (a ``PageReader``) is told the clip in force."""

    def __init__(self, rsrcmgr, device: PageReader, inherited_clip: Clip = None) -> None:
        super().__init__(rsrcmgr, device)
        self.inherited_clip = inherited_clip
        self.clip: Clip = inherited_clip

    def dup(self) -> ClippingInterpreter:
        return self.__class__(self.rsrcmgr, self.device, self.clip)

    def init_state(self, ctm) -> None:
        super().init_state(ctm)
        self._set_clip(self.inherited_clip)

    def get_current_state(self):
        return (*super().get_current_state(), self.clip)

    def set_current_state(self, state) -> None:
        super().set_current_state(state[:3])
        self._set_clip(state[3])

    def do_Do(self, xobjid_arg) -> None:
        super().do_Do(xobjid_arg)
        self.device.clip = self.clip  # a form's own clips end with it

    def do_W(self) -> None:
        self._narrow_clip()

    def do_W_a(self) -> None:
        self._narrow_clip()

    def _narrow_clip(self) -> None:
        box = path_box(self.curpath, self.ctm)
        if box is None:
            return
        clip = self.clip
        if clip is not None:
            box = (max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3]))
        self._set_clip(box)

    def _set_clip(self, clip: Clip) -> None:
        self.clip = clip
        self.device.clip = clip


def path_box(path, ctm) -> tuple[float, float, float, float] | None:
    """The device-space bounding box of a path given in user space (control points of
    curves included: they bound the curve); None for a path without points."""
    xs, ys = [], []
    for segment in path:
        coordinates = segment[1:]
        for i in range(0, len(coordinates) - 1, 2):
            x, y = apply_matrix_pt(ctm, (coordinates[i], coordinates[i + 1]))
            xs.append(x)
            ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _meets(box, clip) -> bool:
    return box[0] <= clip[2] and clip[0] <= box[2] and box[1] <= clip[3] and clip[1] <= box[3]
