"""``specgen layout``: what was read on one page, in words and drawn over the page image."""

from __future__ import annotations

from pathlib import Path

import click

from specgen.cli.app import command
from specgen.cli.common import Progress, fail, note, out


@command("layout")
@click.argument("input_path", metavar="SPEC", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--page", "page", type=click.IntRange(min=1), required=True, help="The page to show (1-based).")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw what was read over the page image and write it here (PDF input).")
def layout_command(input_path: Path, page: int, png: Path | None) -> None:
    """Show (and draw) what was read on one page.

    SPEC is a DEN0137 PDF or its `pdftotext -layout` text. For each table the column
    starts (from its header row) and the cells of its rows are listed; with --png the page
    is drawn with grey furniture, blue headings, green paragraphs and red tables with
    orange header rows and column starts -- the first thing to look at when a PDF gives
    unexpected results.

    \b
    Examples:
      specgen layout spec.pdf --page 48
      specgen layout spec.pdf --page 48 --png page48.png
    """
    from specgen.output import write_file
    from specgen.pdf.load import load_layout
    from specgen.structure.document import read_structure
    from specgen.structure.page_view import page_view

    with Progress(f"reading {input_path.name}") as progress:
        layout = load_layout(input_path, progress)
    if page > len(layout.pages):
        fail(f"{input_path}: page {page} does not exist (the document has {len(layout.pages)})")
    if png is not None and layout.kind != "pdf":
        fail(f"{input_path}: --png needs a PDF (a text has no page image)")
    view = page_view(layout, read_structure(layout), page)
    report = out()
    unit = f", one character column = {layout.x_scale:.3f} pt" if layout.kind == "pdf" else ""
    lines = [f"{input_path.name}: page {page} of {view.pages} ({layout.kind}{unit})"]
    where = (lambda x: f"{view.x(x):.1f} pt") if layout.kind == "pdf" else (lambda x: f"column {x:.0f}")
    lines += [f"  furniture  line {line.line}: {line.text}" for line in view.furniture]
    lines += [f"  contents   line {line.line}: {line.text}" for line in view.contents]
    listed = {}  # a heading set on two lines ("Chapter B4" above its title) is listed once
    for number, title, line in view.headings:
        listed.setdefault(number, f"  heading    line {line.line}: {number} {title}")
    lines += list(listed.values())
    for section, block in view.paragraphs:
        text = " ".join(" ".join(line.plain for line in block).split())
        lines.append(f"  paragraph  lines {block[0].line}-{block[-1].line} ({section}): {text[:160]}")
    for table in view.tables:
        columns = ", ".join(f"{name} at {where(x)}" for name, x in zip(table.header, table.columns))
        lines.append(f"  table      lines {table.lines[0].line}-{table.lines[-1].line} ({table.section}): {columns}")
        lines += ["    row: " + " | ".join(f"{name}={text}" for name, text in cells) for cells in table.rows]
    lines += [f"  outside    line {line.line}: {line.text}" for line in view.outside]
    for line in lines:
        report.print(line, markup=False, soft_wrap=True)
    if png is not None:
        from specgen.pdf.page_image import render_png

        shown = layout.pages[page - 1]
        image = render_png(str(input_path), input_path.read_bytes(), page, view.boxes(), shown.turn,
                           shown.width, shown.height)
        write_file(png, image)
        note(f"page image with what was read drawn over it written to {png}")
