"""Read a PDF into the layout model: glyphs -> lines by baseline -> words by gaps.

The loader works on glyph geometry only -- no producer, font name, margin or page size of a
particular typesetter decides anything -- and does not try to reproduce ``pdftotext``: it
says where each word is, how wide the blank before it is in spaces of its font, its weight
and size, and which shaded boxes and rules the page draws. Where a table's columns are, what
is a heading, what is code, is for the structure stage to decide from that.

Per page (``read_page``; pages are independent, so they are read in parallel):

1. **Glyphs** (``_page_glyphs``): pdfminer interprets the page into a small record per drawn
   character (``page_reader``: no ``LTChar`` objects, no ``page.chars`` dicts, no re-sort as
   ``extract_words`` does), and its drawn paths into layout objects; what the page's
   clipping path hides is not read (a row cut by a page break that a typesetter draws on
   both pages, half hidden on each, is read once). Glyphs
   not in the page's dominant writing direction are dropped: that removes the rotated DRAFT
   watermark of alpha revisions and rotated diagram labels, without looking at their text.
   Upright glyphs that are both huge and faint (a horizontal watermark) are dropped as well.
   Pages whose text all runs sideways (landscape tables) are turned into reading order.
2. **Lines** (``_group_lines``): glyphs sharing a baseline, within a fraction of the font
   size, form a visual line.
3. **Words** (``_line_words``): within a line, a gap of half a space of the font (or a drawn
   space glyph) separates words. The space width is the font's own, learnt from the space
   glyphs the page draws, because one fixed distance cannot serve a 0.6 em monospace space
   and a 0.25 em serif one; the blank before each word is kept, in spaces.
4. **Boxes** (``_page_boxes``): light filled rectangles (shaded header rows, cell fills) and
   thin ones or drawn lines (table rules), in the same reading frame.

Per document (``load_pdf``): the x unit. Pseudocode is indented in characters, and a
character of a spec is one of its code font: the unit is the advance of the monospaced
font, checked against how code lines are actually indented (``_character_width``). Sizes
become relative to the body text's size.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
import multiprocessing

import pdfplumber
from pdfminer.layout import LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfminer.utils import decode_text
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from specgen.diagnostics import InputError
from specgen.pdf.model import Box, LayoutDocument, Line, OutlineEntry, Page, Word
from specgen.pdf.page_reader import Char, ClippingInterpreter, PageReader
from specgen.pdf.text_loader import TYPOGRAPHY

ProgressCallback = Callable[[int, int], None]

# Glyphs on one line share a baseline; sub/superscripts and rounding move it by far less
# than this fraction of the font size, the next line is a whole line height away.
BASELINE_TOLERANCE = 0.3
# A word gap is one space of the font; a gap of half a space already separates words
# (kerning and rounding inside a word are far less).
WORD_GAP_IN_SPACES = 0.5
# A glyph run continues while glyphs follow each other at most this many spaces apart
# (``_reading_order``: keeps two overlapping strings apart).
RUN_GAP_IN_SPACES = 1.5
# Space width, in em, assumed for a proportional font the page never draws a space of.
DEFAULT_SPACE_EM = 0.3
# An upright glyph this many times the page's median size, drawn in a light colour, is a
# watermark letter, not a heading.
WATERMARK_SIZE_RATIO = 3.0
WATERMARK_MIN_LIGHTNESS = 0.5
# A glyph printed twice at (almost) the same place (fake bold) is one glyph.
DUPLICATE_GLYPH_DISTANCE = 0.1  # in em
# A font is monospaced when, inside a word, its glyph advances differ by at most this share
# (typesetters may squeeze a whole string, so advances are compared within words) ...
MONO_SPREAD = 0.01
# ... for nearly all of its words of at least this many distinct characters.
MONO_MIN_CHARACTERS = 3
MONO_MIN_SHARE = 0.9
TOUCHING = 0.05  # em: glyphs this close follow each other inside a word
# A shaded box is filled, lighter than this (so text on it stays readable) and not white.
SHADE_LIGHTNESS = (0.6, 0.995)
# A rule is a drawn line, or a rectangle at most this many points thin.
RULE_THICKNESS = 1.6
# Code indentation: candidate character widths between these fractions of the code font's
# advance; at least this share of indentation steps must be whole (within this fraction of
# a character) for a width other than the advance to be taken.
CHARACTER_WIDTH_RANGE = (0.5, 1.25)
INDENT_FIT = 0.75
INDENT_FIT_MARGIN = 0.03  # widths this close to the best share fit as well
INDENT_TOLERANCE = 0.12
MIN_INDENT_STEPS = 6
# Two x positions of a PDF are the same place within this fraction of the body font size.
SAME_PLACE_EM = 0.3
BOLD_MARKERS = ("Bold", "Black", "Heavy", "Semibold", "SemiBold")
# Running text: a line of at least this many words whose blanks are at most this many spaces
# (justified lines stretch them); the body size is theirs once this many words are seen.
RUNNING_TEXT_WORDS = 8
MAX_RUNNING_GAP = 3.0
MIN_RUNNING_WORDS = 200
# Parallel reading: at least this many pages per task, and documents this long at least.
PAGES_PER_TASK = 8
MIN_PARALLEL_PAGES = 24

# --------------------------------------------------------------------------- glyphs


@dataclass(slots=True)
class _Glyph:
    """One drawn character, in the page's reading frame (x to the right, ``top`` down)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    font: str
    is_space: bool  # also no-break and other Unicode spaces


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


def _layout_items(container) -> Iterator:
    """Every drawn path of the page, also those inside form XObjects (LTFigure)."""
    for item in container:
        if isinstance(item, LTRect | LTLine | LTCurve):
            yield item
        elif isinstance(item, LTContainer):
            yield from _layout_items(item)


@dataclass(frozen=True, slots=True)
class _Frame:
    """The page's reading frame: ``turn`` quarter turns from PDF space, and its size."""

    turn: int
    width: float  # of the PDF page
    height: float

    @property
    def frame_height(self) -> float:
        return self.width if self.turn in (1, 3) else self.height

    @property
    def frame_width(self) -> float:
        return self.height if self.turn in (1, 3) else self.width

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A PDF-space box (y up) as (left, top, right, bottom) in reading frame (y down).

        For text turned by ``turn`` quarter turns the reading x runs along +y (1), -x (2)
        or -y (3) instead of +x."""
        if self.turn == 0:
            return x0, self.height - y1, x1, self.height - y0
        if self.turn == 1:
            return y0, x0, y1, x1
        if self.turn == 2:
            return self.width - x1, y0, self.width - x0, y1
        return self.height - y1, self.width - x1, self.height - y0, self.width - x0

    def baseline(self, ox: float, oy: float) -> float:
        return (self.height - oy, ox, oy, self.width - ox)[self.turn]


def _glyph(char: Char, frame: _Frame) -> _Glyph:
    left, top, right, bottom = frame.box(char.x0, char.y0, char.x1, char.y1)
    baseline = frame.baseline(char.matrix[4], char.matrix[5])
    text = char.text
    return _Glyph(text, left, right, top, bottom, baseline, char.size, char.fontname, not text.strip())


def _page_glyphs(chars: list[Char], width: float, height: float) -> tuple[list[_Glyph], _Frame]:
    """The page's text glyphs in reading frame, watermark letters removed; and the frame."""
    known: dict = {}
    turns = []
    for char in chars:  # many glyphs share one text matrix orientation
        key = char.matrix[:4]
        if key not in known:
            known[key] = _quarter_turn(key)
        turns.append(known[key])
    counts = Counter(t for t in turns if t is not None)
    if not counts:
        return [], _Frame(0, width, height)
    dominant = counts.most_common(1)[0][0]
    frame = _Frame(dominant, width, height)
    kept = [c for c, t in zip(chars, turns) if t == dominant]
    median_size = statistics.median(c.size for c in kept)
    kept = [c for c in kept if not _is_faint_giant(c, median_size)]
    return [_glyph(c, frame) for c in kept], frame


def _is_faint_giant(char: Char, median_size: float) -> bool:
    """An upright watermark: far larger than the page's text and drawn in a light colour."""
    if char.size < WATERMARK_SIZE_RATIO * median_size:
        return False
    return _lightness(char.ncolor) >= WATERMARK_MIN_LIGHTNESS


# --------------------------------------------------------------------------- fonts


@dataclass(slots=True)
class FontStats:
    """What a page's glyphs tell about its fonts: per font, how many of its words have
    glyphs of one advance (and how many do not), the space width (em) where a space glyph is
    drawn, glyph counts per size and advance. Merged over the pages to tell monospaced fonts
    and the body text."""

    fixed_words: Counter = field(default_factory=Counter)  # (font, equal advances?) -> words
    space_em: dict[str, float] = field(default_factory=dict)
    sizes: Counter = field(default_factory=Counter)  # (font, size) -> glyph count
    advances: Counter = field(default_factory=Counter)  # (font, size, advance) -> count
    # (font, size) -> words on lines of running text (``learn_running_text``)
    running: Counter = field(default_factory=Counter)

    def learn(self, glyphs: list[_Glyph]) -> None:
        for glyph in glyphs:
            if glyph.size <= 0:
                continue
            advance = glyph.x1 - glyph.x0
            em = advance / glyph.size
            if glyph.is_space:
                if em > 0:
                    self.space_em.setdefault(glyph.font, em)
                continue
            size = round(glyph.size, 1)
            self.sizes[(glyph.font, size)] += 1
            self.advances[(glyph.font, size, round(advance, 2))] += 1

    def learn_word(self, members: list[_Glyph]) -> None:
        if len({g.text for g in members}) < MONO_MIN_CHARACTERS:
            return
        advances = [g.x1 - g.x0 for g in members]
        equal = max(advances) - min(advances) <= MONO_SPREAD * max(advances)
        self.fixed_words[(members[0].font, equal)] += 1

    def learn_running_text(self, words: list[RawWord]) -> None:
        """Count the fonts of a line that is running text: many words in one flow, no blank
        wider than a justified line stretches a space to. Table rows break into cells with
        wide blanks and code is set in a monospaced font (left out in ``body_size``)."""
        if len(words) >= RUNNING_TEXT_WORDS and all(0 <= w.gap <= MAX_RUNNING_GAP for w in words[1:]):
            for word in words:
                self.running[(word.font, round(word.size, 1))] += 1

    def merge(self, other: FontStats) -> None:
        self.running.update(other.running)
        self.fixed_words.update(other.fixed_words)
        for font, em in other.space_em.items():
            self.space_em.setdefault(font, em)
        self.sizes.update(other.sizes)
        self.advances.update(other.advances)

    def fonts(self) -> set[str]:
        return {font for font, _size in self.sizes}

    def monospaced(self, font: str) -> bool:
        fixed, varied = self.fixed_words[(font, True)], self.fixed_words[(font, False)]
        return fixed > 0 and fixed >= MONO_MIN_SHARE * (fixed + varied)

    def space_width(self, glyph: _Glyph) -> float:
        """The space width, in points, of the glyph's font at the glyph's size: the drawn
        space, else the glyph's own advance in a monospaced font, else a typical space."""
        if self.space_em and glyph.font in self.space_em:
            return self.space_em[glyph.font] * glyph.size
        em = self.space_em.get(glyph.font)
        if em is not None:
            return em * glyph.size
        if self.monospaced(glyph.font):
            return glyph.x1 - glyph.x0
        return DEFAULT_SPACE_EM * glyph.size

    def body_size(self) -> float:
        """The size of the body text: the most used size of running text (lines of prose in
        a proportional font), else of any text. Not simply the most used size: in a spec
        made mostly of tables, their smaller cell text outnumbers the prose, and against it
        prose would pass for display type."""
        running = Counter()
        for (font, size), count in self.running.items():
            if not self.monospaced(font):
                running[size] += count
        if running.total() >= MIN_RUNNING_WORDS:
            return max(running.items(), key=lambda item: (item[1], -item[0]))[0]
        if not self.sizes:
            return 10.0
        return max(self.sizes.items(), key=lambda item: (item[1], -item[0][1]))[0][1]

    def median_advance(self, fonts) -> float | None:
        """The median glyph advance, in points, over the given fonts (all sizes)."""
        histogram = Counter()
        for (font, _size, advance), count in self.advances.items():
            if font in fonts:
                histogram[advance] += count
        middle = histogram.total() / 2
        seen = 0
        for advance, count in sorted(histogram.items()):
            seen += count
            if seen >= middle:
                return advance
        return None


@functools.lru_cache(maxsize=256)
def _is_bold(font: str) -> bool:
    return any(marker in font for marker in BOLD_MARKERS)


# --------------------------------------------------------------------------- lines, words


@dataclass(slots=True)
class RawWord:
    """A word with x in points (the document's unit is known only once all pages are read)."""

    text: str
    x0: float
    x1: float
    gap: float  # in spaces of its font
    bold: bool
    size: float  # points
    font: str


@dataclass(slots=True)
class RawLine:
    top: float
    bottom: float
    words: list[RawWord]


@dataclass(slots=True)
class RawPage:
    number: int
    width: float  # of the reading frame, points
    height: float
    lines: list[RawLine]
    shades: list[tuple[float, float, float, float]]
    rules: list[tuple[float, float, float, float]]
    fonts: FontStats
    turn: int = 0


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


def _reading_order(line: list[_Glyph], fonts: FontStats) -> list[_Glyph]:
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
            if glyph.x0 > last.x0 and gap <= RUN_GAP_IN_SPACES * fonts.space_width(last):
                runs[-1].append(glyph)
                continue
        runs.append([glyph])
    runs.sort(key=lambda run: run[0].x0)
    return [glyph for run in runs for glyph in run]


def _line_words(line: list[_Glyph], fonts: FontStats) -> list[RawWord]:
    """Split one visual line into words, keeping the blank before each in spaces.

    The gap is measured between drawn (non-space) glyphs, so it does not matter whether the
    typesetter draws space glyphs or just moves the pen; a space glyph in between always
    separates words. A glyph starting well inside the previous one belongs to another,
    overlapping string: it starts a word too."""
    words: list[RawWord] = []
    members: list[_Glyph] = []
    gap_before = 0.0
    previous: _Glyph | None = None
    space_seen = False
    for glyph in _reading_order(_without_duplicates(line), fonts):
        if glyph.is_space:
            space_seen = True
            continue
        if previous is not None:
            gap = glyph.x0 - previous.x1
            space = max(fonts.space_width(previous), fonts.space_width(glyph))
            if space_seen or gap > WORD_GAP_IN_SPACES * space or gap < -space:
                words.append(_make_word(members, gap_before))
                members = []
                # An overlapping string keeps its (negative) overlap: it is no blank.
                gap_before = gap / space if gap < -space else max(gap, 0.0) / space
        members.append(glyph)
        previous = glyph
        space_seen = False
    if members:
        words.append(_make_word(members, gap_before))
    return [w for w in words if w.text.strip()]


def _learn_pitch(line: list[_Glyph], fonts: FontStats) -> None:
    """Tell the fonts which strings of touching glyphs (words, before any space width is
    known) have glyphs of one advance: how monospaced fonts are recognised."""
    members: list[_Glyph] = []
    for glyph in line:
        if members:
            last = members[-1]
            if glyph.is_space or glyph.font != last.font or abs(glyph.x0 - last.x1) > TOUCHING * glyph.size:
                fonts.learn_word(members)
                members = []
        if not glyph.is_space:
            members.append(glyph)
    if members:
        fonts.learn_word(members)


def _normalise(text: str) -> str:
    """NFKC (ligatures, compatibility forms) and the text loader's quote/dash folding, so
    that PDF and text input spell the same text the same way."""
    return unicodedata.normalize("NFKC", text).translate(TYPOGRAPHY)


def _make_word(members: list[_Glyph], gap: float) -> RawWord:
    font = members[0].font
    if all(g.font == font for g in members):
        bold = _is_bold(font)
    else:
        bold = 2 * sum(1 for g in members if _is_bold(g.font)) > len(members)
        font = Counter(g.font for g in members).most_common(1)[0][0]
    text = "".join(g.text for g in members)
    return RawWord(
        text=text if text.isascii() else _normalise(text),
        x0=members[0].x0,
        x1=max(g.x1 for g in members),
        gap=round(gap, 3),
        bold=bold,
        size=round(max(g.size for g in members), 2),
        font=font,
    )


def _page_boxes(items, frame: _Frame) -> tuple[list, list]:
    """Shaded boxes (light fills) and rules (drawn lines, thin rectangles), in reading
    frame. Horizontally adjacent shades of one height (a header row drawn cell by cell) are
    one box."""
    shades, rules = [], []
    for item in items:
        left, top, right, bottom = frame.box(item.x0, item.y0, item.x1, item.y1)
        thin = min(right - left, bottom - top) <= RULE_THICKNESS
        if isinstance(item, LTLine) or (thin and (item.fill or item.stroke)):
            rules.append((left, top, right, bottom))
        elif isinstance(item, LTRect) and item.fill:
            lightness = _lightness(item.non_stroking_color)
            if SHADE_LIGHTNESS[0] <= lightness < SHADE_LIGHTNESS[1]:
                shades.append((left, top, right, bottom))
    return _merged_shades(shades), rules


def _merged_shades(boxes: list[tuple[float, float, float, float]]) -> list:
    merged: list[list[float]] = []
    for left, top, right, bottom in sorted(boxes, key=lambda b: (round(b[1], 1), b[0])):
        if merged:
            last = merged[-1]
            if abs(last[1] - top) < 1 and abs(last[3] - bottom) < 1 and left - last[2] < 2:
                last[2] = max(last[2], right)
                continue
        merged.append([left, top, right, bottom])
    return [tuple(box) for box in merged]


def read_page(number: int, page: PageReader, width: float, height: float) -> RawPage:
    """One page in points: lines of words, shaded boxes and rules, its font statistics."""
    glyphs, frame = _page_glyphs(page.chars, width, height)
    fonts = FontStats()
    fonts.learn(glyphs)
    grouped = _group_lines(glyphs)
    for line_glyphs in grouped:
        _learn_pitch(line_glyphs, fonts)
    lines = []
    for line_glyphs in grouped:
        words = _line_words(line_glyphs, fonts)
        fonts.learn_running_text(words)
        if words:
            top = min(g.top for g in line_glyphs)
            bottom = max(g.bottom for g in line_glyphs)
            lines.append(RawLine(top, bottom, words))
    shades, rules = _page_boxes(list(_layout_items(page.get_result())), frame)
    return RawPage(number, frame.frame_width, frame.frame_height, lines, shades, rules, fonts, frame.turn)


# --------------------------------------------------------------------------- the x unit


@dataclass(frozen=True, slots=True)
class XUnit:
    """Points to character columns: ``(x - origin) / width``."""

    origin: float
    width: float

    def column(self, x: float) -> float:
        return (x - self.origin) / self.width


def _most_common(values, resolution: float) -> float | None:
    counts = Counter(round(v / resolution) for v in values)
    if not counts:
        return None
    # Ties go to the leftmost value, so the result does not depend on page order.
    best = max(counts.items(), key=lambda item: (item[1], -item[0]))[0]
    return best * resolution


def _page_origin(pages: list[RawPage]) -> float:
    """The most common leftmost word start over the pages: the left margin."""
    lefts = [min(line.words[0].x0 for line in p.lines) for p in pages if p.lines]
    return _most_common(lefts, 0.1) or 0.0


def _indent_steps(pages: list[RawPage], fonts: FontStats) -> tuple[list[float], float]:
    """How far consecutive lines are indented against each other (points), and the advance
    of the font they are set in. Those lines are code -- a line's first word in a
    monospaced font (in a table, that is a cell's code) -- or, in a document without one,
    every line with the body font's median advance. Lines far apart vertically are not
    compared."""
    mono = {font for font in fonts.fonts() if fonts.monospaced(font)}
    if mono:
        chosen, advance = mono, fonts.median_advance(mono)
    else:
        chosen = {font for (font, size) in fonts.sizes if size == fonts.body_size()}
        advance = fonts.median_advance(chosen) or 0.5 * fonts.body_size()
    steps: list[float] = []
    for page in pages:
        previous = None
        for line in page.lines:
            first = next((w for w in line.words if w.font in chosen), None)
            if first is not None and previous is not None:
                prev_line, prev_word = previous
                near = line.top - prev_line.bottom < 2 * first.size
                step = abs(first.x0 - prev_word.x0)
                if near and abs(first.size - prev_word.size) < 0.2 and step > 0.05 * first.size:
                    steps.append(step)
            previous = (line, first) if first is not None else None
    return steps, advance


def _fits(steps: list[float], width: float) -> float:
    """The share of steps that are whole multiples of ``width``."""
    whole = sum(1 for s in steps if abs(s / width - round(s / width)) <= INDENT_TOLERANCE)
    return whole / len(steps)


def _character_width(pages: list[RawPage], fonts: FontStats) -> float:
    """The width of one character column, in points.

    It is the advance of the code font -- unless the code lines are not indented in whole
    advances (a typesetter that places each line on a character grid of its own and draws
    the glyphs narrower or wider than that grid): then the widest width near the advance
    that makes as many indentation steps whole as any (its fractions do as well). Without
    code, the same holds for the body font; where lines are not indented in whole widths at
    all, x positions are approximate columns, good for the relative decisions later stages
    make."""
    steps, advance = _indent_steps(pages, fonts)
    if len(steps) < MIN_INDENT_STEPS:
        return advance
    low, high = CHARACTER_WIDTH_RANGE[0] * advance, CHARACTER_WIDTH_RANGE[1] * advance
    candidates = {round(s / n, 2) for s in steps for n in range(1, 9) if low <= s / n <= high}
    fit = {width: _fits(steps, width) for width in candidates | {advance}}
    best = max(fit.values())
    if best < INDENT_FIT or fit[advance] >= best - INDENT_FIT_MARGIN:
        return advance
    return _refined(steps, max(w for w, share in fit.items() if share >= best - INDENT_FIT_MARGIN))


def _refined(steps: list[float], width: float) -> float:
    """Least squares over the whole steps: rounding errors of single positions vanish."""
    near = [(s, round(s / width)) for s in steps]
    near = [(s, k) for s, k in near if k > 0 and abs(s / width - k) <= INDENT_TOLERANCE]
    return sum(s * k for s, k in near) / sum(k * k for _, k in near)


def _to_page(raw: RawPage, unit: XUnit, body_size: float, fonts: FontStats) -> Page:
    mono = {font: fonts.monospaced(font) for font in fonts.fonts()}
    shades = tuple(Box(unit.column(l), t, unit.column(r), b) for l, t, r, b in raw.shades)
    rules = tuple(Box(unit.column(l), t, unit.column(r), b) for l, t, r, b in raw.rules)
    lines = []
    above = None
    for index, raw_line in enumerate(raw.lines, start=1):
        words = tuple(
            Word(w.text, unit.column(w.x0), unit.column(w.x1), w.gap if i else 0.0, w.bold,
                 round(w.size / body_size, 3), mono.get(w.font, False))
            for i, w in enumerate(raw_line.words)
        )
        shade = _shade_of(raw_line, raw.shades)
        ruled = _ruled_between(above, raw_line, raw.rules)
        lines.append(Line(raw.number, index, raw_line.top, words, raw_line.bottom, shade, ruled))
        above = raw_line
    return Page(raw.number, tuple(lines), raw.height, shades, rules, raw.width, raw.turn)


def _ruled_between(above: RawLine | None, line: RawLine, rules: list) -> bool:
    """Does a horizontal rule run between the two lines, under the line's first word?"""
    top = above.bottom if above is not None else line.top - (line.bottom - line.top)
    first = line.words[0]
    for x0, rule_top, x1, rule_bottom in rules:
        horizontal = x1 - x0 > rule_bottom - rule_top
        if horizontal and rule_top >= top - 1 and rule_bottom <= line.top + 1 and x0 <= first.x1 and x1 >= first.x0:
            return True
    return False


def _shade_of(line: RawLine, shades: list) -> int:
    """The 1-based index of the shaded box the line's middle stands in, 0 if none."""
    middle = (line.top + line.bottom) / 2
    left, right = line.words[0].x0, max(w.x1 for w in line.words)
    for index, (x0, top, x1, bottom) in enumerate(shades, start=1):
        if top <= middle <= bottom and left >= x0 - 1 and right <= x1 + 1:
            return index
    return 0


def build_document(path: str, data: bytes, raw_pages: list[RawPage], outline, metadata) -> LayoutDocument:
    """Pages in points -> the layout model in character columns."""
    fonts = FontStats()
    for page in raw_pages:
        fonts.merge(page.fonts)
    body_size = fonts.body_size()
    unit = XUnit(_page_origin(raw_pages), _character_width(raw_pages, fonts))
    return LayoutDocument(
        path=path,
        kind="pdf",
        sha256=hashlib.sha256(data).hexdigest(),
        pages=tuple(_to_page(p, unit, body_size, fonts) for p in raw_pages),
        outline=outline,
        metadata=metadata,
        x_scale=unit.width,
        x_origin=unit.origin,
        x_tolerance=SAME_PLACE_EM * body_size / unit.width,
    )


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


def _page_layout(path: str, page) -> PageReader:
    """pdfminer's reading of one page (``PageReader``); a page that cannot be interpreted
    fails the document (a partial document must not pass for a whole one), saying which page
    it was."""
    reader = PageReader(page.pdf.rsrcmgr, page.page_number)
    try:
        try:
            ClippingInterpreter(page.pdf.rsrcmgr, reader).process_page(page.page_obj)
        except Exception as exc:  # as pdfplumber's own page.layout reports any failure of pdfminer
            raise PdfminerException(exc) from exc
        return reader
    except PdfminerException as exc:
        reason = _damage_reason(exc).replace(
            "damaged PDF,", f"damaged PDF, page {page.page_number}"
        )
        raise InputError(path, reason) from None


def _read_range(path: str, pdf, start: int, stop: int) -> list[RawPage]:
    pages = _page_list(pdf)
    raw_pages = []
    for page in pages[start:stop]:
        layout = _page_layout(path, page)
        raw_pages.append(read_page(page.page_number, layout, float(page.width), float(page.height)))
        page.close()  # drop pdfplumber's cached layout: memory stays flat on long documents
    return raw_pages


# A worker process keeps its open document between tasks.
_WORKER_PDF: tuple[str, object] | None = None


def _worker_open(path: str, data: bytes) -> None:
    global _WORKER_PDF
    _WORKER_PDF = (path, pdfplumber.open(io.BytesIO(data)))


def _worker_read(start: int, stop: int) -> list[RawPage] | str:
    """Pages [start, stop) of the worker's document, or the reason it cannot be read (an
    error message travels between processes; exception objects may not)."""
    path, pdf = _WORKER_PDF
    try:
        return _read_range(path, pdf, start, stop)
    except InputError as exc:
        return exc.message
    except (PdfminerException, MalformedPDFException, PSException) as exc:
        return _damage_reason(exc)


def worker_count(pages: int) -> int:
    """Processes to read ``pages`` pages with: the CPUs this process may use
    (``$SPECGEN_WORKERS`` overrides), one for short documents."""
    wanted = os.environ.get("SPECGEN_WORKERS")
    cpus = int(wanted) if wanted and wanted.isdigit() else len(os.sched_getaffinity(0))
    return max(1, min(cpus, pages // PAGES_PER_TASK)) if pages >= MIN_PARALLEL_PAGES else 1


def _read_parallel(path: str, data: bytes, count: int, workers: int,
                   progress: ProgressCallback | None, meanwhile: Callable[[], None]) -> list[RawPage]:
    """Read page ranges in a process pool; results are merged in page order, so the document
    is the same as a serial read (every page is read on its own). ``meanwhile`` runs here
    while the workers read."""
    size = max(PAGES_PER_TASK, -(-count // (4 * workers)))
    ranges = [(start, min(start + size, count)) for start in range(0, count, size)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    results: list[list[RawPage]] = []
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_open,
                             initargs=(path, data)) as pool:
        futures = [pool.submit(_worker_read, start, stop) for start, stop in ranges]
        meanwhile()
        done = 0
        for future in futures:
            result = future.result()
            if isinstance(result, str):
                for other in futures:
                    other.cancel()
                raise InputError(path, result)
            results.append(result)
            done += len(result)
            if progress is not None:
                progress(done, count)
    return [page for chunk in results for page in chunk]


def _read_serial(path: str, pdf, count: int, progress: ProgressCallback | None) -> list[RawPage]:
    raw_pages = []
    for index in range(count):
        raw_pages.extend(_read_range(path, pdf, index, index + 1))
        if progress is not None:
            progress(index + 1, count)
    return raw_pages


def load_pdf(path: str, data: bytes, progress: ProgressCallback | None = None,
             workers: int | None = None) -> LayoutDocument:
    """Read a PDF into a ``LayoutDocument``; unreadable PDFs raise ``InputError``.
    ``workers``: processes to read pages with (default ``worker_count``)."""
    _check_complete(path, data)
    # No ``with``: pdfplumber's close() walks every page again and would raise a second
    # time on a damaged page tree. The input is in memory and each page is closed after
    # reading, so there is nothing left to release.
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(_page_list(pdf))
        workers = worker_count(count) if workers is None else workers
        about: dict = {}

        def read_about() -> None:
            about["outline"], about["metadata"] = _read_outline(pdf), _read_metadata(pdf)

        if workers > 1 and count > 1:
            raw_pages = _read_parallel(path, data, count, workers, progress, read_about)
        else:
            raw_pages = _read_serial(path, pdf, count, progress)
            read_about()
        outline, metadata = about["outline"], about["metadata"]
    except (PdfminerException, MalformedPDFException, PSException) as exc:
        raise InputError(path, _damage_reason(exc)) from None
    if not raw_pages:
        raise InputError(path, "PDF has no pages")
    if not any(p.lines for p in raw_pages):
        raise InputError(path, "PDF has no extractable text (scanned images or outlined glyphs?)")
    return build_document(path, data, raw_pages, outline, metadata)
