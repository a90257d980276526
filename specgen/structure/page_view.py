"""What specgen read on one page: the debug view behind ``specgen layout``.

Why: when a PDF goes wrong, a user needs to see which lines were taken for furniture, which
for headings, where each table's columns start and which cells it found -- the structural
model, restricted to one page, with page coordinates so that it can be drawn over the
page image (``specgen.pdf.page_image``).
"""

from __future__ import annotations

from dataclasses import dataclass

from specgen.pdf.model import LayoutDocument, Line
from specgen.structure.document import Paragraph, Structure
from specgen.structure.furniture import find_furniture, is_contents_line
from specgen.structure.tables import Table

# (x0, top, x1, bottom) in the page's reading frame, points (PDF) or columns/lines (text).
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class ViewTable:
    section: str
    header: tuple[str, ...]
    columns: tuple[float, ...]  # x where each column starts (the page's own header row, if any)
    header_lines: tuple[Line, ...]  # header rows standing on this page
    rows: tuple[tuple[tuple[str, str], ...], ...]  # the rows with a line on this page: cells
    lines: tuple[Line, ...]  # every line of the table on this page


@dataclass(frozen=True, slots=True)
class PageView:
    page: int
    pages: int
    furniture: tuple[Line, ...]
    contents: tuple[Line, ...]
    headings: tuple[tuple[str, str, Line], ...]  # (number, title, line)
    paragraphs: tuple[tuple[str, tuple[Line, ...]], ...]  # (section, lines on this page)
    tables: tuple[ViewTable, ...]
    x_scale: float
    x_origin: float
    # Lines in none of the above: before the first heading, after a break in the text, a
    # watermark's -- what no extractor sees, which is often what a user is looking for.
    outside: tuple[Line, ...] = ()

    def x(self, column: float) -> float:
        return self.x_origin + column * self.x_scale

    def box(self, lines: tuple[Line, ...], right: float | None = None) -> Box:
        """The lines' bounding box in page units."""
        x1 = max(line.x1 for line in lines) if right is None else right
        return (self.x(min(line.x0 for line in lines)), min(line.top for line in lines),
                self.x(x1), max(line.bottom for line in lines))

    def boxes(self) -> list[tuple[str, Box, str]]:
        """(kind, box, label) for everything read on the page, in drawing order."""
        found: list[tuple[str, Box, str]] = []
        found += [("furniture", self.box((line,)), "") for line in self.furniture + self.contents]
        labelled: set[str] = set()
        for number, _title, line in self.headings:  # a two-line heading is labelled once
            found.append(("heading", self.box((line,)), "" if number in labelled else number))
            labelled.add(number)
        found += [("paragraph", self.box(lines), "") for _section, lines in self.paragraphs]
        found += [("outside", self.box((line,)), "") for line in self.outside]
        for table in self.tables:
            right = max(line.x1 for line in table.lines)
            outline = self.box(table.lines, right)
            found.append(("table", outline, ""))
            found += [("header", self.box((line,), right), "") for line in table.header_lines]
            for name, start in zip(table.header, table.columns):
                found.append(("column", (self.x(start), outline[1], self.x(start), outline[3]), name))
        return found


def _on_page(lines, page: int) -> tuple[Line, ...]:
    return tuple(line for line in lines if line.page == page)


def _table_view(section: str, table: Table, page: int, page_lines: tuple[Line, ...]) -> ViewTable | None:
    rows = [row for row in table.rows if any(line.page == page for line in row.lines)]
    header_lines = tuple(line for line, _starts in table.headers if line.page == page)
    lines = header_lines + tuple(line for row in rows for line in row.lines if line.page == page)
    if not lines:
        return None
    # and what the table skips between its rows (a row of dots for rows left out)
    first, last = min(line.line for line in lines), max(line.line for line in lines)
    lines = tuple({id(line): line for line in lines + tuple(
        line for line in page_lines if first <= line.line <= last)}.values())
    before = [starts for line, starts in table.headers if line.page <= page]
    columns = before[-1] if before else table.headers[0][1]
    return ViewTable(section, table.header, columns, header_lines, tuple(row.cells for row in rows),
                     tuple(sorted(lines, key=lambda line: line.line)))


def page_view(layout: LayoutDocument, structure: Structure, page: int) -> PageView:
    """The structural model restricted to ``page`` (1-based)."""
    furniture_keys = find_furniture(layout)
    lines = layout.pages[page - 1].lines
    furniture = tuple(line for line in lines if (line.page, line.line) in furniture_keys)
    contents = tuple(line for line in lines if line not in furniture and is_contents_line(line))
    headings, paragraphs, tables = [], [], []
    for section in structure.sections:
        if section.heading.page == page:
            headings.append((section.number, section.title, section.heading))
            if section.title not in section.heading.plain:  # "Chapter B4" with its title below
                headings += [(section.number, section.title, line) for line in lines
                             if line.line > section.heading.line and line.plain == section.title][:1]
        for block in section.blocks:
            if isinstance(block, Paragraph):
                on_page = _on_page(block.lines, page)
                if on_page:
                    paragraphs.append((section.number, on_page))
            else:
                view = _table_view(section.number, block, page, lines)
                if view is not None:
                    tables.append(view)
    placed = {id(line) for line in furniture + contents}
    placed |= {id(line) for _number, _title, line in headings}
    placed |= {id(line) for _section, block in paragraphs for line in block}
    placed |= {id(line) for table in tables for line in table.lines}
    outside = tuple(line for line in lines if id(line) not in placed)
    return PageView(page, len(layout.pages), furniture, contents, tuple(headings), tuple(paragraphs),
                    tuple(tables), layout.x_scale, layout.x_origin, outside)
