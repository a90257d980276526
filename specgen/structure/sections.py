"""Sections: find numbered headings and group body lines under them.

Why by form and text, with numbering only as a tie-breaker: chapter numbers move between
revisions (RMI commands are B3.3 in eac3 and B4.3 in rel0), and an excerpt of a document
jumps from B3.27 to B4.3.7 to B6.3.3, so nothing here knows a section number and no heading
is refused because its number does not follow the one before it. A heading is a line that
starts with a section number (``B4.3.1``, ``C1.19``; running-header style ``B4.3.`` with a
trailing dot is not a heading) followed by a title. It is taken when

* its title is one the caller recognises (``<NAME> command``, ``Failure conditions`` …), or
* its number continues the numbering seen so far (a child, a later sibling, a chapter), or
* the next heading-like line continues *its* numbering and not the one before it (an
  excerpt that jumps to a section with a title of its own).

Anything else that looks like a heading (a table cell or a reference that happens to start
with a section number) is read as text and reported in ``Sectioning.not_taken`` with the
reason, so the caller can say so. A page break where the text does not continue (pages
left out of an excerpt, a page without text) ends the section before it: the lines after it
up to the next heading belong to a section that is not in the input, and are reported in
``Sectioning.outside`` instead of being appended to the wrong section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from specgen.pdf.model import Line
from specgen.structure.headings import SECTION_NUMBER, numbered_heading
from specgen.structure.tables import Table

# A heading's wrapped title line stands at most this share of a line's height below it, its
# words' sizes within this share of the heading's.
WRAPPED_TITLE_GAP = 0.6
SAME_SIZE_SHARE = 0.05
CHAPTER = re.compile(r"^(?:Chapter|Part|Appendix)\s+(?P<number>[A-Z]\d*)$")


@dataclass(frozen=True, slots=True)
class Section:
    number: str
    title: str
    heading: Line
    lines: tuple[Line, ...]  # body lines up to the next heading of any level (or a break)
    # The lines as tables and paragraphs (``structure.document.blocks_of``), filled in by
    # ``structure.document.read_structure``.
    blocks: tuple = ()

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    def is_within(self, ancestor: str) -> bool:
        return self.number.startswith(ancestor + ".")


@dataclass(frozen=True, slots=True)
class NotTaken:
    """A line that looks like a numbered heading but was read as text, and why."""

    line: Line
    number: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sectioning:
    sections: list[Section]
    not_taken: tuple[NotTaken, ...]
    # Runs of body lines in no section: before the first heading, or after a break in the
    # text and before the next heading. Each run is (lines, after_break).
    outside: tuple[tuple[tuple[Line, ...], bool], ...]


def _parts(number: str) -> tuple[str, ...]:
    return tuple(number.split("."))


def continues(previous: str | None, number: str) -> bool:
    """Is ``number`` a plausible next heading after ``previous``?"""
    parts = _parts(number)
    if previous is None or len(parts) <= 2:
        return True  # first heading, or a chapter-level section (chapters change freely)
    prev = _parts(previous)
    parent = parts[:-1]
    if prev[: len(parent)] != parent:
        return False
    if len(prev) == len(parent):
        return parts[-1] == "1"  # first child
    return int(parts[-1]) > int(prev[len(parent)])  # a later sibling of prev or its ancestor


def heading_of(line: Line) -> tuple[str, str] | None:
    """(number, title) when the line looks like a numbered heading (``headings``)."""
    return numbered_heading(line)


@dataclass(frozen=True, slots=True)
class _Candidate:
    index: int  # of the heading line
    body: int  # index of the first body line
    number: str
    title: str
    chapter: bool  # a "Chapter B4" title page (always a heading)
    number_alone: bool = False  # the title is the next line's (taken only when recognised)


def _candidates(lines: tuple[Line, ...]) -> list[_Candidate]:
    found = []
    for index, line in enumerate(lines):
        chapter = CHAPTER.match(line.text.strip())
        if chapter and index + 1 < len(lines):
            found.append(_Candidate(index, index + 2, chapter["number"], lines[index + 1].text.strip(), True))
            continue
        heading = heading_of(line)
        if heading:
            found.append(_Candidate(index, index + 1, *heading, False))
        elif index + 1 < len(lines) and _number_alone(line) and heading_of(lines[index + 1]) is None:
            # the number alone, its title pushed onto the next line (a narrow page): a
            # candidate only if that title is one the caller knows (``find_sections``)
            found.append(_Candidate(index, index + 2, line.words[0].text, lines[index + 1].plain, False, True))
    return found


def _number_alone(line: Line) -> bool:
    return len(line.words) == 1 and SECTION_NUMBER.match(line.words[0].text) is not None


def _with_wrapped_title(lines: tuple[Line, ...], candidate: _Candidate,
                        recognised: Callable[[str], bool]) -> _Candidate:
    """The heading with its title's second line, when a narrow page wrapped it
    (``B4.3.19 RMI_RTT_MAP_UNPROTECTED`` / ``command``): the next line goes on in the
    heading's type (weight and size, where the input tells them) right under it, is no
    heading itself -- and only the two lines together make a title the caller recognises,
    so that a bold line under a heading (a table's header row) is never taken for it."""
    if candidate.chapter or recognised(candidate.title) or candidate.body >= len(lines):
        return candidate
    heading, following = lines[candidate.index], lines[candidate.body]
    if not following.words or heading_of(following) is not None \
            or not _set_alike_under(heading, heading.words[1:], following):
        return candidate
    joined = f"{candidate.title} {following.plain}"
    if not recognised(joined):
        return candidate
    return _Candidate(candidate.index, candidate.body + 1, candidate.number, joined, False)


def _title_under_number(lines: tuple[Line, ...], candidate: _Candidate, recognised: Callable[[str], bool]) -> bool:
    """A section number alone on its line heads the next line when that line is set in
    the number's type (where the input tells), right under it, and is a title the caller
    recognises (``B3.121`` / ``RttDescriptorIsValidForUnprotected function``)."""
    number, title = lines[candidate.index], lines[candidate.index + 1]
    return recognised(candidate.title) and _set_alike_under(number, number.words, title)


def _set_alike_under(upper: Line, upper_words, lower: Line) -> bool:
    """Does ``lower`` go on from ``upper_words`` of ``upper``: on the same page, and -- where
    the input tells weights and sizes -- in their weight and size, right under ``upper``?"""
    if lower.page != upper.page:
        return False
    if not all(w.size > 0 for w in (*upper_words, *lower.words)):
        return True  # a text: no typography to compare
    size = max(w.size for w in upper_words)
    bold = upper_words[-1].bold
    if not all(w.bold == bold and abs(w.size - size) <= SAME_SIZE_SHARE * size for w in lower.words):
        return False
    return lower.top - upper.bottom <= WRAPPED_TITLE_GAP * (upper.bottom - upper.top)


def find_sections(
    lines: tuple[Line, ...],
    recognised: Callable[[str], bool] | None = None,
    breaks: Collection[int] = (),
) -> Sectioning:
    """Split ``lines`` into sections. ``recognised(title)`` says whether a title is one the
    caller knows (such headings are taken whatever their number); ``breaks`` are page
    numbers at which the text does not continue from the page before."""
    recognised = recognised or (lambda _title: False)
    candidates = [_with_wrapped_title(lines, c, recognised) for c in _candidates(lines)
                  if not c.number_alone or _title_under_number(lines, c, recognised)]
    taken: list[_Candidate] = []
    not_taken: list[NotTaken] = []
    previous: str | None = None
    seen: set[str] = set()
    for position, candidate in enumerate(candidates):
        if taken and _break_between(lines, taken[-1].index, candidate.index, breaks):
            previous = None  # the text restarts: any number may come next
        if candidate.chapter:
            taken.append(candidate)
            continue
        number, title = candidate.number, candidate.title
        reason = None
        if number in seen:
            reason = f"section {number} was already taken"
        elif not (recognised(title) or continues(previous, number)):
            following = next((c for c in candidates[position + 1:] if not c.chapter), None)
            confirmed = following is not None and continues(number, following.number) \
                and not continues(previous, following.number)
            if not confirmed:
                reason = f"its number does not follow {previous} and the next heading does not follow it"
        if reason:
            not_taken.append(NotTaken(lines[candidate.index], number, title, reason))
            continue
        taken.append(candidate)
        previous = number
        seen.add(number)
    return _assemble(lines, taken, not_taken, breaks)


def _break_between(lines: tuple[Line, ...], start: int, end: int, breaks: Collection[int]) -> bool:
    """Does a break page begin after line ``start`` and at or before line ``end``?"""
    return any(lines[start].page < page <= lines[end].page for page in breaks)


def _first_break(lines: tuple[Line, ...], start: int, end: int, breaks: Collection[int]) -> int:
    """Index of the first line in ``lines[start:end]`` that opens a break page, i.e. stands
    on another page than the line before it with a break page in between (``end`` when
    there is none)."""
    for index in range(max(start, 1), end):
        if lines[index].page != lines[index - 1].page and _break_between(lines, index - 1, index, breaks):
            return index
    return end


def _assemble(lines, taken: list[_Candidate], not_taken: list[NotTaken], breaks) -> Sectioning:
    sections: list[Section] = []
    outside: list[tuple[tuple[Line, ...], bool]] = []
    first = taken[0].index if taken else len(lines)
    start = 0
    while start < first:  # lines before the first heading, one run per page
        cut = next((i for i in range(start + 1, first) if lines[i].page != lines[start].page), first)
        outside.append((tuple(lines[start:cut]), _break_between(lines, start - 1, start, breaks) if start else False))
        start = cut
    for position, candidate in enumerate(taken):
        end = taken[position + 1].index if position + 1 < len(taken) else len(lines)
        cut = _first_break(lines, candidate.body, end, breaks) if candidate.body < end else end
        sections.append(Section(candidate.number, candidate.title, lines[candidate.index], tuple(lines[candidate.body:cut])))
        if cut < end:
            outside.append((tuple(lines[cut:end]), True))
    return Sectioning(sections, tuple(not_taken), tuple(outside))


def split_sections(
    lines: tuple[Line, ...],
    recognised: Callable[[str], bool] | None = None,
    breaks: Collection[int] = (),
) -> list[Section]:
    """Numbered headings, and chapter/part title pages ("Chapter C1" + "RMM types" on the
    next line), which end the section before them."""
    return find_sections(lines, recognised, breaks).sections
