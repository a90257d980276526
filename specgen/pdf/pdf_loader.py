"""Read a PDF into the layout model, in the same shape ``pdftotext -layout`` text gives.

Everything downstream is shared between PDF and text input, so this loader has to say what
pdftotext would say: the same lines, split into the same chunks, starting at the same
character columns. It works on glyph geometry only (no font names, margins or coordinates
of a particular typesetter), in four steps:

1. **Glyphs** (``_page_glyphs``): one pass over pdfminer's layout objects of the page (cheaper
   than ``page.chars``/``extract_words``, which build a dict per glyph and re-sort). Glyphs
   not in the page's dominant writing direction are dropped: that removes the rotated DRAFT
   watermark of alpha revisions and rotated diagram labels, without looking at their text.
   Upright glyphs that are both huge and faint (a horizontal watermark) are dropped as well.
   Pages whose text all runs sideways (landscape tables) are turned into reading order.
2. **Lines** (``_group_lines``): glyphs sharing a baseline, within a fraction of the font
   size, form a visual line.
3. **Chunks** (``_line_chunks``): within a line, a gap up to a normal space of the font
   separates words of one chunk; a gap clearly wider than that space (where pdftotext prints
   two or more spaces) starts a new chunk. The space width is the font's own, learnt from
   its space glyphs, because one fixed distance cannot serve a 0.6 em monospace space and a
   0.32 em proportional one.
4. **Columns** (``_column_grid``): x positions become character columns,
   ``(x - origin) / pitch``. The origin is the most common leftmost x of the pages (the left
   margin, where headings and footers start: pdftotext's column 0). The pitch is found in
   where chunks start: a layout built on a character grid (as pdftotext's text, and the
   corpus facsimiles typeset from it, are) puts every chunk start on a whole column, so the
   largest plausible pitch that does so for nearly all distinct starts is the grid. A
   monospaced font's glyph width is *not* used: the facsimiles' monospace glyphs are wider
   than their columns. When the starts do not fall on a grid (a real, proportionally
   typeset PDF), the body font's median glyph advance stands in and columns are
   approximate -- good enough for relative decisions (same table column, deeper indent),
   which is all later stages make.

What cannot match pdftotext: a chunk's column is exact only where the PDF put it on the
grid. Where a proportional line has a wide gap inside (a sub-heading ``B4.3.1.1.1   Input
values`` typeset as one string), the chunk after the gap stands where the font metrics put
it; and ``x1`` (the chunk end) is always proportional, never the text's ``x0 + len(text)``.
Downstream code must not depend on either.
"""

from __future__ import annotations

import hashlib
import io
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pdfplumber
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfminer.utils import decode_text
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from specgen.diagnostics import InputError
from specgen.pdf.model import Chunk, LayoutDocument, Line, OutlineEntry, Page
from specgen.pdf.text_loader import TYPOGRAPHY

ProgressCallback = Callable[[int, int], None]

# Glyphs on one line share a baseline; sub/superscripts and rounding move it by far less
# than this fraction of the font size, the next line is a whole line height away.
BASELINE_TOLERANCE = 0.3
# A word gap is one space of the font. Typesetters round positions, and a layout that puts
# chunks on a character grid can leave a gap of just over one space between two chunks of
# wide (monospace) text, so the chunk break threshold sits only a little above one space.
CHUNK_GAP_IN_SPACES = 1.1
# Without a space glyph, a gap of half a space already separates words (kerning is far less).
WORD_GAP_IN_SPACES = 0.5
# Space width, in em, assumed for a proportional font that never draws a space glyph.
DEFAULT_SPACE_EM = 0.3
# An upright glyph this many times the page's median size, drawn in a light colour, is a
# watermark letter, not a heading.
WATERMARK_SIZE_RATIO = 3.0
WATERMARK_MIN_LIGHTNESS = 0.5
# A glyph printed twice at (almost) the same place (fake bold) is one glyph.
DUPLICATE_GLYPH_DISTANCE = 0.1  # in em
# Chunk starts within this many points are one x position (rounding of the typesetter).
SAME_POSITION = 0.05
# A grid explains the chunk starts when this share of distinct positions lies on it ...
GRID_MIN_FIT = 0.8
# ... within this fraction of a column ...
GRID_TOLERANCE = 0.12
# ... and there are enough distinct positions for that to mean something.
MIN_GRID_POSITIONS = 8
# A character column is between these fractions of the body font size wide (a proportional
# font averages about 0.5 em, a monospaced one 0.6 em) ...
PITCH_RANGE_EM = (0.3, 0.75)
# ... and a layout may use only every n-th column for chunk starts, up to this n.
MAX_GRID_DIVISOR = 4
BOLD_MARKERS = ("Bold", "Black", "Heavy", "Semibold", "SemiBold")

# --------------------------------------------------------------------------- glyphs


@dataclass(slots=True)
class _Glyph:
    """One drawn character, in the page's reading frame (x to the right, ``top`` down)."""

    text: str
    x0: float
    x1: float
    top: float
    baseline: float
    size: float
    font: str

    @property
    def is_space(self) -> bool:
        return not self.text.strip()  # also no-break and other Unicode spaces


def _quarter_turn(matrix) -> int | None:
    """The writing direction of a glyph as quarter turns (0 = upright), None when skewed.

    The text matrix of an upright glyph is ``(a, 0, 0, d)`` with a, d > 0; a page rotated
    by /Rotate or text drawn sideways swaps the roles; anything else (the 55 degree DRAFT
    letters) is not a direction a line of text can have."""
    a, b, c, d = matrix[:4]
    scale = max(abs(a), abs(b), abs(c), abs(d)) or 1.0
    tiny = 1e-3 * scale
    if abs(b) < tiny and abs(c) < tiny:
        if a > 0 and d > 0:
            return 0
        if a < 0 and d < 0:
            return 2
    elif abs(a) < tiny and abs(d) < tiny:
        if b > 0 and c < 0:
            return 1
        if b < 0 and c > 0:
            return 3
    return None


def _lightness(colour) -> float:
    """0 (black) to 1 (white) for a gray, RGB or CMYK fill colour; 0 when unknown."""
    if not isinstance(colour, tuple):
        colour = (colour,)
    if not all(isinstance(v, (int, float)) for v in colour):
        return 0.0  # pattern or named colour: do not guess
    if len(colour) == 1:
        return float(colour[0])
    if len(colour) == 3:
        r, g, b = colour
        return 0.3 * r + 0.59 * g + 0.11 * b
    if len(colour) == 4:
        c, m, y, k = colour
        return max(0.0, 1.0 - min(1.0, 0.3 * c + 0.59 * m + 0.11 * y + k))
    return 0.0


def _layout_chars(container) -> Iterator[LTChar]:
    """Every LTChar of the page, also those inside form XObjects (LTFigure)."""
    for item in container:
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            yield from _layout_chars(item)


def _reading_frame(char: LTChar, turn: int, width: float, height: float) -> _Glyph:
    """Express a glyph in the frame where its text reads left to right, top down.

    pdfminer's coordinates have y up from the page bottom; for text turned by ``turn``
    quarter turns the reading x runs along +y (1), -x (2) or -y (3) instead of +x."""
    x0, y0, x1, y1 = char.x0, char.y0, char.x1, char.y1
    ox, oy = char.matrix[4], char.matrix[5]
    if turn == 0:
        left, right, top, baseline = x0, x1, height - y1, height - oy
    elif turn == 1:
        left, right, top, baseline = y0, y1, x0, ox
    elif turn == 2:
        left, right, top, baseline = width - x1, width - x0, y0, oy
    else:
        left, right, top, baseline = height - y1, height - y0, width - x1, width - ox
    return _Glyph(char.get_text(), left, right, top, baseline, char.size, char.fontname)


def _page_glyphs(layout, width: float, height: float) -> tuple[list[_Glyph], float]:
    """The page's text glyphs in reading frame, watermark letters removed; and the height of
    the reading frame (the page height, or its width for a sideways page)."""
    chars = list(_layout_chars(layout))
    turns = [_quarter_turn(c.matrix) for c in chars]
    counts = Counter(t for t in turns if t is not None)
    if not counts:
        return [], height
    dominant = counts.most_common(1)[0][0]
    kept = [c for c, t in zip(chars, turns) if t == dominant]
    median_size = statistics.median(c.size for c in kept)
    kept = [c for c in kept if not _is_faint_giant(c, median_size)]
    frame_height = width if dominant in (1, 3) else height
    return [_reading_frame(c, dominant, width, height) for c in kept], frame_height


def _is_faint_giant(char: LTChar, median_size: float) -> bool:
    """An upright watermark: far larger than the page's text and drawn in a light colour."""
    if char.size < WATERMARK_SIZE_RATIO * median_size:
        return False
    return _lightness(char.graphicstate.ncolor) >= WATERMARK_MIN_LIGHTNESS


# --------------------------------------------------------------------------- fonts


class _DocumentFonts:
    """What the document's glyphs tell about its fonts, learnt page by page.

    * The width of a normal space, per font, in em: from the space glyphs the document
      draws (most typesetters draw them); for a font that never draws one, a monospaced font
      (all glyphs of equal advance) has the space of its glyphs, a proportional one a typical
      0.3 em.
    * The body font (most used font and size) and its median glyph advance: an approximate
      character column for documents not typeset on a character grid. Advances are kept as a
      histogram, so memory does not grow with the page count."""

    def __init__(self) -> None:
        self._space_em: dict[str, float] = {}
        self._advance_range: dict[str, tuple[float, float]] = {}
        self._advances: dict[tuple[str, float], Counter[float]] = defaultdict(Counter)

    def learn(self, glyphs: Iterable[_Glyph]) -> None:
        for glyph in glyphs:
            if glyph.size <= 0:
                continue
            advance = glyph.x1 - glyph.x0
            em = advance / glyph.size
            if glyph.is_space:
                if em > 0:
                    self._space_em.setdefault(glyph.font, em)
                continue
            low, high = self._advance_range.get(glyph.font, (em, em))
            self._advance_range[glyph.font] = (min(low, em), max(high, em))
            self._advances[(glyph.font, round(glyph.size, 1))][round(advance, 2)] += 1

    def space_width(self, glyph: _Glyph) -> float:
        """The space width, in points, of the glyph's font at the glyph's size."""
        em = self._space_em.get(glyph.font)
        if em is None:
            low, high = self._advance_range.get(glyph.font, (0.0, 0.0))
            monospaced = high > 0 and (high - low) <= 0.01 * high
            em = high if monospaced else DEFAULT_SPACE_EM
        return em * glyph.size

    def body_font(self) -> tuple[float, float]:
        """Size and median glyph advance of the most used font and size."""
        if not self._advances:
            return 10.0, 5.0
        (_, size), histogram = max(self._advances.items(), key=lambda item: item[1].total())
        middle = histogram.total() / 2
        seen = 0
        for advance, count in sorted(histogram.items()):
            seen += count
            if seen >= middle:
                return size, advance or 0.5 * size
        return size, 0.5 * size


def _is_bold(font: str) -> bool:
    return any(marker in font for marker in BOLD_MARKERS)


# --------------------------------------------------------------------------- lines, chunks


@dataclass(slots=True)
class _RawChunk:
    """A chunk with x in points (columns are known only once the whole document is read)."""

    text: str
    x0: float
    x1: float
    bold: bool
    size: float


@dataclass(slots=True)
class _RawLine:
    top: float
    chunks: list[_RawChunk]


@dataclass(slots=True)
class _RawPage:
    number: int
    height: float
    lines: list[_RawLine]


def _group_lines(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs sharing a baseline (within a fraction of their size), top to bottom. The first
    glyph of a line anchors it, so a line cannot drift. Within a line the glyphs keep the
    order they were drawn in (the sort is stable): ``_reading_order`` needs it."""
    lines: list[list[_Glyph]] = []
    anchor = None
    for glyph in sorted(glyphs, key=lambda g: g.baseline):
        if anchor is None or glyph.baseline - anchor.baseline > BASELINE_TOLERANCE * min(
            glyph.size, anchor.size
        ):
            lines.append([])
            anchor = glyph
        lines[-1].append(glyph)
    return lines


def _without_duplicates(line: list[_Glyph]) -> list[_Glyph]:
    """Drop a glyph drawn again at (almost) the same place, as typesetters fake bold."""
    by_x = sorted(range(len(line)), key=lambda i: line[i].x0)
    dropped = set()
    for before, after in zip(by_x, by_x[1:]):
        a, b = line[before], line[after]
        if a.text == b.text and b.x0 - a.x0 < DUPLICATE_GLYPH_DISTANCE * b.size:
            dropped.add(after)
    return [g for i, g in enumerate(line) if i not in dropped] if dropped else line


def _reading_order(line: list[_Glyph], fonts: _DocumentFonts) -> list[_Glyph]:
    """Left to right, but keeping each drawn run of text together.

    A run is a sequence of glyphs drawn one after the other, each starting where the previous
    ended. Sorting runs (not glyphs) by x keeps two strings that overlap on the page (labels
    of a squeezed diagram) apart instead of interleaving their letters; for ordinary text,
    runs do not overlap and the result is the plain left-to-right order."""
    runs: list[list[_Glyph]] = []
    for glyph in line:
        if runs:
            last = runs[-1][-1]
            gap = glyph.x0 - last.x1
            if glyph.x0 > last.x0 and gap <= CHUNK_GAP_IN_SPACES * fonts.space_width(last):
                runs[-1].append(glyph)
                continue
        runs.append([glyph])
    runs.sort(key=lambda run: run[0].x0)
    return [glyph for run in runs for glyph in run]


def _line_chunks(line: list[_Glyph], fonts: _DocumentFonts) -> list[_RawChunk]:
    """Split one visual line into chunks: words joined by one space, chunks at wider gaps.

    The gap is measured between drawn (non-space) glyphs, so it does not matter whether the
    typesetter draws space glyphs or just moves the pen; a space glyph in between always
    separates words. A glyph starting well inside the previous one belongs to another,
    overlapping string: it starts a chunk too."""
    chunks: list[_RawChunk] = []
    parts: list[str] = []
    members: list[_Glyph] = []
    previous: _Glyph | None = None
    space_seen = False
    for glyph in _reading_order(_without_duplicates(line), fonts):
        if glyph.is_space:
            space_seen = True
            continue
        if previous is not None:
            gap = glyph.x0 - previous.x1
            space = max(fonts.space_width(previous), fonts.space_width(glyph))
            if gap > CHUNK_GAP_IN_SPACES * space or gap < -space:
                chunks.append(_make_chunk(parts, members))
                parts, members = [], []
            elif space_seen or gap > WORD_GAP_IN_SPACES * space:
                parts.append(" ")
        parts.append(glyph.text)
        members.append(glyph)
        previous = glyph
        space_seen = False
    if members:
        chunks.append(_make_chunk(parts, members))
    return chunks


def _normalise(text: str) -> str:
    """NFKC (ligatures, compatibility forms) and the text loader's quote/dash folding, so
    that PDF and text input spell the same text the same way."""
    return unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY)


def _make_chunk(parts: list[str], members: list[_Glyph]) -> _RawChunk:
    bold_glyphs = sum(1 for g in members if _is_bold(g.font))
    return _RawChunk(
        text=_normalise("".join(parts)),
        x0=members[0].x0,
        x1=max(g.x1 for g in members),
        bold=2 * bold_glyphs > len(members),
        size=round(max(g.size for g in members), 2),
    )


def _read_page(number: int, layout, width: float, height: float, fonts: _DocumentFonts) -> _RawPage:
    glyphs, frame_height = _page_glyphs(layout, width, height)
    fonts.learn(glyphs)
    lines = []
    for line_glyphs in _group_lines(glyphs):
        chunks = [c for c in _line_chunks(line_glyphs, fonts) if c.text.strip()]
        if chunks:
            top = min(g.top for g in line_glyphs)
            lines.append(_RawLine(top, chunks))
    return _RawPage(number, frame_height, lines)


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True, slots=True)
class ColumnGrid:
    """Points to character columns: ``(x - origin) / pitch``. ``exact`` tells whether the
    chunk starts were found on a grid (False: the pitch is an estimate)."""

    origin: float
    pitch: float
    exact: bool

    def column(self, x: float) -> float:
        return (x - self.origin) / self.pitch


def _most_common(values: Iterable[float], resolution: float) -> float | None:
    counts = Counter(round(v / resolution) for v in values)
    if not counts:
        return None
    # Ties go to the leftmost value, so the result does not depend on page order.
    best = max(counts.items(), key=lambda item: (item[1], -item[0]))[0]
    return best * resolution


def _page_origin(pages: list[_RawPage]) -> float:
    """The most common leftmost chunk start over the pages: the left margin, where headings,
    running footers and pdftotext's column 0 are. (The most common start of *lines* would be
    the indent of body text, not the margin.)"""
    lefts = [min(c.x0 for line in p.lines for c in line.chunks) for p in pages if p.lines]
    return _most_common(lefts, 0.1) or 0.0


def _distinct_positions(values: Iterable[float]) -> list[float]:
    """Cluster positions that differ by less than the typesetter's rounding."""
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= SAME_POSITION:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def _grid_share(offsets: list[float], pitch: float) -> float:
    """The share of offsets within ``GRID_TOLERANCE`` columns of a whole column. Offsets
    placed at random score about 2 x GRID_TOLERANCE; a true grid (or a fraction of it) 1."""
    on_grid = sum(1 for d in offsets if abs(d / pitch - round(d / pitch)) <= GRID_TOLERANCE)
    return on_grid / len(offsets)


def _refined_pitch(offsets: list[float], pitch: float) -> float:
    """Least squares over the offsets on the grid: many columns make rounding errors of the
    single positions vanish (a pitch off by 0.1% would be off by a column at column 1000)."""
    near = [(d, round(d / pitch)) for d in offsets]
    near = [(d, k) for d, k in near if k > 0 and abs(d / pitch - k) <= GRID_TOLERANCE]
    return sum(d * k for d, k in near) / sum(k * k for _, k in near)


def _pitch_candidates(offsets: list[float], low: float, high: float) -> list[float]:
    """Possible pitches: each distance between neighbouring distinct chunk starts, and its
    fractions (a layout may use only every second or third column), within [low, high]."""
    steps = _distinct_positions(b - a for a, b in zip(offsets, offsets[1:]))
    candidates = {step / n for step in steps for n in range(1, MAX_GRID_DIVISOR + 1)}
    return sorted((c for c in candidates if low <= c <= high), reverse=True)


def _column_grid(pages: list[_RawPage], fonts: _DocumentFonts) -> ColumnGrid:
    """Find the character grid the chunk starts lie on, or estimate one.

    The pitch is the largest candidate that puts nearly all distinct chunk starts on whole
    columns (its fractions fit as well, hence the largest), limited to plausible character
    widths of the body font so that a grid of every second column is not taken for the
    pitch. Without such a grid (proportional typesetting, too few distinct starts) the body
    font's median glyph advance approximates a character column."""
    origin = _page_origin(pages)
    body_size, body_advance = fonts.body_font()
    starts = (c.x0 for p in pages for line in p.lines for c in line.chunks)
    offsets = [x - origin for x in _distinct_positions(starts) if x - origin > SAME_POSITION]
    if len(offsets) >= MIN_GRID_POSITIONS:
        low, high = PITCH_RANGE_EM[0] * body_size, PITCH_RANGE_EM[1] * body_size
        for candidate in _pitch_candidates(offsets, low, high):
            if _grid_share(offsets, candidate) >= GRID_MIN_FIT:
                return ColumnGrid(origin, _refined_pitch(offsets, candidate), exact=True)
    return ColumnGrid(origin, body_advance, exact=False)


def _to_page(raw: _RawPage, grid: ColumnGrid) -> Page:
    lines = []
    for index, raw_line in enumerate(raw.lines, start=1):
        chunks = tuple(
            Chunk(c.text, grid.column(c.x0), grid.column(c.x1), c.bold, c.size)
            for c in raw_line.chunks
        )
        lines.append(Line(raw.number, index, raw_line.top, chunks))
    return Page(raw.number, tuple(lines), raw.height)


# --------------------------------------------------------------------------- document


def _damage_reason(exc: BaseException) -> str:
    """One line saying why pdfminer could not read the file (pdfplumber wraps its errors)."""
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return "encrypted PDF: a password is needed to open it"
    if isinstance(inner, PDFEncryptionError):
        return f"encrypted PDF that cannot be decrypted ({_first_line(inner)})"
    return f"damaged PDF, cannot be parsed ({type(inner).__name__}: {_first_line(inner)})"


def _first_line(exc: BaseException) -> str:
    """The exception's first line, printable and short: damaged bytes end up in messages."""
    lines = str(exc).strip().splitlines()
    if not lines:
        return "no detail"
    return "".join(ch if ch.isprintable() else "?" for ch in lines[0][:160])


def _check_complete(path: str, data: bytes) -> None:
    """A PDF ends with %%EOF. pdfminer reads a cut-off file by scanning for objects and may
    then return only some pages; a partial document must not pass for a whole one."""
    if b"%%EOF" not in data[-2048:]:
        raise InputError(path, "truncated PDF: the file ends without the %%EOF marker")


def _read_outline(pdf) -> tuple[OutlineEntry, ...]:
    """The bookmarks as (level, title); none when the PDF has no (readable) outline. The
    outline is a help for finding sections, so a damaged one is left out, not fatal."""
    entries = []
    try:
        for level, title, *_ in pdf.doc.get_outlines():
            if isinstance(title, bytes):
                title = decode_text(title)
            if isinstance(title, str) and title.strip():
                entries.append(OutlineEntry(int(level), _normalise(" ".join(title.split()))))
    except (PSException, TypeError, ValueError, KeyError):
        pass  # pdfminer raises PDFNoOutlines for none, plain errors for a broken tree
    return tuple(entries)


def _read_metadata(pdf) -> tuple[tuple[str, str], ...]:
    """The info dictionary's text values (title, subject, producer ...), sorted by key."""
    pairs = []
    for key, value in pdf.metadata.items():
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, str):
            pairs.append((str(key), value))
    return tuple(sorted(pairs))


def _page_list(pdf) -> list:
    """pdfplumber builds every page object up front and trusts /MediaBox and /Rotate to be
    numbers; a damaged page dictionary surfaces as a plain TypeError/ValueError there."""
    try:
        return pdf.pages
    except (TypeError, ValueError, KeyError) as exc:
        raise MalformedPDFException(f"bad page dictionary: {exc}") from exc


def _page_layout(path: str, page):
    """pdfminer's layout of one page; a page that cannot be interpreted fails the document
    (a partial document must not pass for a whole one), saying which page it was."""
    try:
        return page.layout
    except PdfminerException as exc:
        reason = _damage_reason(exc).replace(
            "damaged PDF,", f"damaged PDF, page {page.page_number}"
        )
        raise InputError(path, reason) from None


def _read_pages(
    path: str, pdf, fonts: _DocumentFonts, progress: ProgressCallback | None
) -> list[_RawPage]:
    pages = _page_list(pdf)
    raw_pages = []
    for done, page in enumerate(pages, start=1):
        layout = _page_layout(path, page)
        raw_pages.append(
            _read_page(page.page_number, layout, float(page.width), float(page.height), fonts)
        )
        page.close()  # drop pdfplumber's cached layout: memory stays flat on long documents
        if progress is not None:
            progress(done, len(pages))
    return raw_pages


def load_pdf(path: str, data: bytes, progress: ProgressCallback | None = None) -> LayoutDocument:
    """Read a PDF into a ``LayoutDocument``; unreadable PDFs raise ``InputError``."""
    _check_complete(path, data)
    # No ``with``: pdfplumber's close() walks every page again and would raise a second
    # time on a damaged page tree. The input is in memory and each page is closed after
    # reading, so there is nothing left to release.
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        fonts = _DocumentFonts()
        raw_pages = _read_pages(path, pdf, fonts, progress)
        outline = _read_outline(pdf)
        metadata = _read_metadata(pdf)
    except (PdfminerException, MalformedPDFException, PSException) as exc:
        raise InputError(path, _damage_reason(exc)) from None
    if not raw_pages:
        raise InputError(path, "PDF has no pages")
    if not any(p.lines for p in raw_pages):
        raise InputError(path, "PDF has no extractable text (scanned images or outlined glyphs?)")
    grid = _column_grid(raw_pages, fonts)
    return LayoutDocument(
        path=path,
        kind="pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        pages=tuple(_to_page(p, grid) for p in raw_pages),
        outline=outline,
        metadata=metadata,
    )
