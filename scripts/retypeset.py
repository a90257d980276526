"""Typeset a spec text anew with headless Chromium and check that the PDF gives the text's IR.

usage: python scripts/retypeset.py TEXT... [--style NAME]... [--engine NAME]... [--keep DIR]
TEXT: a ``pdftotext -layout`` text (or a revision name, read from the corpus's text/).

Why: the corpus has three typesettings of each revision, and the ones that matter are the
ones we do not have (other engines, page sizes, text widths, fonts). This makes more of them
on demand: the text is read by specgen's own structure stage, written as plain structured
HTML -- numbered headings, tables of cells (each cell's text in one flow, conditions with
``post:`` on its own line), prose re-flowed into paragraphs, code kept line by line -- and
printed by Chromium in a style unlike the corpus's (``--style``, see ``STYLES``: page size,
margins, fonts, justification, table rules and header shading, heading number spacing).
The PDF is then extracted like any user's PDF and ``diff_irs`` (editorial changes too)
lists every difference to the text's IR; truth-v2 accuracy of both is printed when the
corpus has it. Exit 0 when every typesetting gives the text's IR, 1 otherwise.

Chromium decides all line and page breaks, so cells wrap at other places than in the text,
tables break across pages (their header repeated) and the browser's own print header and
footer are on every page.

``--engine`` prints the same HTML with other engines when they are installed (``ENGINES``):
``wkhtmltopdf`` (QtWebKit: lays the document out as one strip and shows it page by page
through a clipping window, so a row cut by a page break is drawn on both pages) and
``libreoffice`` (Writer's HTML import: its own fonts and column widths, cells centred
vertically, names broken inside a word where a narrow column ends, most of the style
ignored) and ``weasyprint`` (its own CSS layout with Pango: columns sized to their longest
word, headings wrapped on narrow pages, table rows split across pages). An engine that is
not installed is reported and skipped.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.screenshot_diff_html import print_to_pdf  # noqa: E402
from specgen.api import extract_file  # noqa: E402
from specgen.diff import diff_irs  # noqa: E402
from specgen.paths import corpus_dir  # noqa: E402
from specgen.pdf.load import load_layout  # noqa: E402
from specgen.pdf.model import Line  # noqa: E402
from specgen.structure.document import Paragraph, read_structure  # noqa: E402
from specgen.structure.tables import Table  # noqa: E402

CODE_COLUMNS = {"Value", "Condition"}
STYLES = {
    # Small pages, condensed serif justified prose, hairline rules, no header shading, the
    # heading's number far from its title.
    "a5-serif": """
        @page { size: A5; margin: 14mm 10mm; }
        body { font-family: "DejaVu Serif Condensed", "DejaVu Serif", serif; font-size: 8pt;
               text-align: justify; hyphens: none; }
        h1, h2, h3, h4, h5, h6 { font-family: "DejaVu Serif", serif; font-weight: bold; }
        .number { margin-right: 2.5em; }
        table { border-collapse: collapse; width: 100%; font-size: 7pt; margin: 3pt 0; }
        th { font-weight: bold; text-align: left; border-bottom: 0.8pt solid #000; }
        td { border-bottom: 0.3pt solid #888; }
        th, td { padding: 1pt 3pt; vertical-align: top; }
        code, pre { font-family: "Liberation Mono", monospace; font-size: 6.5pt; }
    """,
    # Wide landscape pages, narrow sans prose flush left, shaded header rows, boxed cells.
    "letter-landscape": """
        @page { size: letter landscape; margin: 12mm 16mm; }
        body { font-family: "Liberation Sans Narrow", "Liberation Sans", sans-serif; font-size: 10pt; }
        h1, h2, h3, h4, h5, h6 { font-family: "Liberation Sans", sans-serif; }
        .number { margin-right: 0.6em; }
        table { border-collapse: collapse; margin: 4pt 0; font-size: 9pt; }
        th { background: #e4e4e4; text-align: left; }
        th, td { border: 0.6pt solid #555; padding: 2pt 5pt; vertical-align: top; }
        code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
    """,
    # Legal pages, justified sans prose, headings only larger (not bold), tables with no
    # rule and no shading at all (columns are whitespace), a large code font.
    "legal-unruled": """
        @page { size: legal; margin: 20mm 25mm; }
        body { font-family: "Liberation Sans", sans-serif; font-size: 9.5pt; text-align: justify; }
        h1, h2, h3, h4, h5, h6 { font-family: "Liberation Serif", serif; font-weight: normal; }
        h1 { font-size: 18pt; } h2 { font-size: 16pt; } h3 { font-size: 14pt; }
        h4, h5, h6 { font-size: 12.5pt; }
        .number { margin-right: 1em; }
        table { border-collapse: separate; border-spacing: 10pt 1pt; margin: 4pt -10pt; font-size: 8.5pt; }
        th { font-weight: normal; font-style: italic; text-align: left; }
        th, td { padding: 0; vertical-align: top; }
        code, pre { font-family: "Liberation Mono", monospace; font-size: 8.5pt; }
    """,
}
_COMMON_CSS = """
    h1 { font-size: 15pt; } h2 { font-size: 13pt; } h3 { font-size: 11.5pt; }
    h4, h5, h6 { font-size: 10pt; }
    h1, h2, h3, h4, h5, h6 { margin: 8pt 0 3pt; }
    p { margin: 2pt 0 3pt; }
    pre { margin: 2pt 0; white-space: pre; }
    td code { white-space: pre-wrap; }
    thead { display: table-header-group; }
    .page-break { page-break-after: always; }
"""


def _code_line(line: Line, base: float) -> str:
    """A line of code with its words at their columns (indentation and alignment kept)."""
    text = ""
    for word in line.words:
        column = max(0, round(word.x0 - base))
        text += " " * max(1 if text else 0, column - len(text)) + word.text
    return text


def _paragraph_html(paragraph: Paragraph, code: bool) -> str:
    lines = paragraph.lines
    if code:
        base = min(line.x0 for line in lines)
        return "<pre>" + html.escape("\n".join(_code_line(line, base) for line in lines)) + "</pre>"
    return f"<p>{html.escape(paragraph.text)}</p>"


def _cell_html(column: str, text: str) -> str:
    if column in CODE_COLUMNS:
        text = re.sub(r"\s+(post:)", r"\n\1", text)
        return f"<td><code>{html.escape(text)}</code></td>"
    return f"<td>{html.escape(text)}</td>"


def _table_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in table.header)
    rows = "".join("<tr>" + "".join(_cell_html(name, text) for name, text in row.cells) + "</tr>"
                   for row in table.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _is_code_start(line: Line) -> bool:
    return line.words[0].text in ("func", "begin")


def document_html(text_path: Path, style: str) -> str:
    """The text's structure as HTML in ``style``."""
    layout = load_layout(text_path)
    structure = read_structure(layout)
    version = re.search(r"\d+\.\d+-[a-z]+\d+", " ".join(line.plain for line in layout.pages[0].lines))
    heading_title = f"DEN0137 {version.group(0) if version else ''} Realm Management Monitor specification"
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(heading_title)}</title>"
             f"<style>{_COMMON_CSS}{STYLES[style]}</style></head><body>",
             "<div class='page-break'>"]
    parts += [f"<p>{html.escape(line.plain)}</p>" for line in layout.pages[0].lines]
    parts.append("</div>")
    for section in structure.sections:
        if "." not in section.number:  # a chapter or part title page
            parts.append(f"<h1>Chapter {html.escape(section.number)}</h1><p>{html.escape(section.title)}</p>")
            continue
        level = min(6, section.depth)
        # A blank between number and title, as a document has (the style widens it):
        # engines that ignore the margin still set them apart.
        parts.append(f"<h{level}><span class='number'>{html.escape(section.number)}</span> "
                     f"{html.escape(section.title)}</h{level}>")
        ordering = "ordering" in section.title.lower()
        in_code = False
        for block in section.blocks:
            if isinstance(block, Table):
                parts.append(_table_html(block))
                continue
            if ordering:
                parts.append(_paragraph_html(block, code=True))
                continue
            # A function's prose comes before its first ``func``; from there on it is code.
            start = next((i for i, line in enumerate(block.lines) if _is_code_start(line)), None)
            if in_code or start == 0:
                parts.append(_paragraph_html(block, code=True))
                in_code = True
            elif start is not None:
                parts.append(_paragraph_html(Paragraph(block.lines[:start]), code=False))
                parts.append(_paragraph_html(Paragraph(block.lines[start:]), code=True))
                in_code = True
            else:
                parts.append(_paragraph_html(block, code=False))
    parts.append("</body></html>")
    return "".join(parts)


def print_pdf(page: Path, pdf: Path, timeout: float = 600) -> None:
    try:
        print_to_pdf(page, pdf, timeout)
    except (FileNotFoundError, RuntimeError) as exc:
        raise SystemExit(str(exc)) from None


def _wkhtmltopdf(page: Path, pdf: Path, timeout: float = 600) -> None:
    subprocess.run(["wkhtmltopdf", "-q", "--enable-local-file-access", str(page), str(pdf)],
                   check=True, capture_output=True, timeout=timeout)


def _libreoffice(page: Path, pdf: Path, timeout: float = 600) -> None:
    with tempfile.TemporaryDirectory(prefix="specgen-soffice-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf:writer_web_pdf_Export", "--outdir", str(pdf.parent), str(page)],
                       check=True, capture_output=True, timeout=timeout)
    page.with_suffix(".pdf").replace(pdf)


def _weasyprint(page: Path, pdf: Path, timeout: float = 600) -> None:
    subprocess.run(["weasyprint", str(page), str(pdf)], check=True, capture_output=True, timeout=timeout)


# engine name -> (program it needs, how it prints an HTML page to a PDF)
ENGINES = {
    "chromium": ("chromium", print_pdf),
    "wkhtmltopdf": ("wkhtmltopdf", _wkhtmltopdf),
    "libreoffice": ("soffice", _libreoffice),
    "weasyprint": ("weasyprint", _weasyprint),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="+")
    parser.add_argument("--style", action="append", choices=sorted(STYLES))
    parser.add_argument("--engine", action="append", choices=sorted(ENGINES),
                        help="the program that prints the HTML (default: chromium)")
    parser.add_argument("--keep", type=Path, help="write the HTML and PDFs into this folder")
    args = parser.parse_args()
    corpus = corpus_dir()
    failed = False
    with tempfile.TemporaryDirectory(prefix="specgen-retypeset-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for name in args.texts:
            path = Path(name)
            if not path.is_file() and corpus is not None:
                path = corpus / "text" / f"DEN0137_{name}.txt"
            text_ir = extract_file(path)
            for engine in args.engine or ["chromium"]:
                program, typeset = ENGINES[engine]
                if engine != "chromium" and shutil.which(program) is None:
                    print(f"{engine}: {program} is not installed; skipped")
                    continue
                for style in args.style or sorted(STYLES):
                    page = folder / f"{path.stem}.{style}.html"
                    page.write_text(document_html(path, style), encoding="utf-8")
                    pdf = folder / f"{path.stem}.{style}.{engine}.pdf"
                    typeset(page, pdf)
                    failed = _report(f"{path.name} [{style}, {engine}]", text_ir, extract_file(pdf)) or failed
    return 1 if failed else 0


def _report(label: str, text_ir, pdf_ir) -> bool:
    """Print the PDF's differences to the text's IR; True when there are any."""
    changes = diff_irs(text_ir, pdf_ir).changes
    serious = [d for d in pdf_ir.diagnostics if d.severity.value != "info"]
    print(f"{label}: {len(changes)} change(s) against the text's IR, {len(serious)} warning(s)/error(s)")
    for change in changes:
        print(f"  {change.kind} {change.name} {change.item}: {change.detail}")
    for diagnostic in serious:
        print(f"  {diagnostic}")
    return bool(changes)


if __name__ == "__main__":
    sys.exit(main())
