"""The ``specgen`` command line. The only place that prints and exits.

Exit codes: 0 success; 1 diagnostics under ``--strict`` (or, for commands that compare,
differences found); 2 the input could not be processed at all.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from specgen import __version__
from specgen.diagnostics import InputError, Severity
from specgen.extract.ir import IR, dumps

err = Console(stderr=True, highlight=False)


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a failure leaves the old file untouched.
    The file gets the usual mode (0666 less the umask), not mkstemp's private 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fail_input(error: InputError) -> None:
    err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
    sys.exit(2)


class _ProgressBar:
    """A rich progress bar fed by the layout stage's (done, total) callback."""

    def __init__(self, label: str, enabled: bool):
        self.enabled = enabled
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True, disable=not enabled,
        )
        self.task = self.progress.add_task(label, total=None)

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def __call__(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)


def read_input(source, loader, enabled: bool | None = None) -> IR:
    """Run ``loader(source, progress)`` under a progress bar; unreadable input exits 2."""
    name = getattr(source, "name", source)
    try:
        with _ProgressBar(f"reading {name}", enabled=err.is_terminal if enabled is None else enabled) as bar:
            return loader(source, bar)
    except InputError as error:
        fail_input(error)


def print_summary(ir: IR, console: Console) -> None:
    severities = Counter(d.severity for d in ir.diagnostics)
    table = Table(title=f"DEN0137 {ir.document.version} ({ir.document.source.kind})", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    interfaces = Counter(c.interface for c in ir.commands)
    table.add_row("commands", f"{len(ir.commands)} (" + ", ".join(f"{k} {v}" for k, v in sorted(interfaces.items())) + ")")
    table.add_row("inputs / context / outputs", " / ".join(
        str(sum(len(getattr(c, part)) for c in ir.commands)) for part in ("inputs", "context", "outputs")))
    table.add_row("failure conditions", str(sum(len(c.failure_conditions) for c in ir.commands)))
    table.add_row("ordering statements", str(sum(len(c.failure_ordering) for c in ir.commands)))
    table.add_row("success conditions", str(sum(len(c.success_conditions) for c in ir.commands)))
    table.add_row("footprint items", str(sum(len(c.footprint) for c in ir.commands)))
    with_body = sum(1 for f in ir.functions if f.body)
    table.add_row("functions", f"{len(ir.functions)} ({with_body} with body)")
    kinds = Counter(t.kind for t in ir.types)
    table.add_row("types", f"{len(ir.types)} (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")")
    table.add_row("diagnostics", ", ".join(f"{s.value} {severities[s]}" for s in Severity) )
    console.print(table)


def print_diagnostics(ir: IR, verbose: bool) -> None:
    for diagnostic in ir.diagnostics:
        if diagnostic.severity is Severity.INFO and not verbose:
            continue
        colour = {"error": "red", "warning": "yellow", "info": "blue"}[diagnostic.severity.value]
        where = f"{diagnostic.loc}: " if diagnostic.loc else ""
        err.print(f"{escape(where)}[{colour}]{diagnostic.severity.value}[/{colour}]: {escape(diagnostic.message)}", soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="specgen")
def main() -> None:
    """specgen: read the Arm RMM specification (DEN0137) and generate code from it."""


@main.command("extract")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the IR JSON here (default: standard output).")
@click.option("--strict", is_flag=True, help="Exit 1 when extraction reported warnings or errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list informational diagnostics.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, summary or diagnostics.")
def extract_command(input_path: Path, output: Path | None, strict: bool, verbose: bool, quiet: bool) -> None:
    """Extract INPUT (a DEN0137 PDF or `pdftotext -layout` text) into the IR (JSON)."""
    from specgen.api import extract_file

    ir = read_input(input_path, extract_file, enabled=not quiet and err.is_terminal)
    text = dumps(ir)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)
    if not quiet:
        print_diagnostics(ir, verbose)
        print_summary(ir, err)
        if output is not None:
            err.print(f"IR written to {output}")
    if strict and any(d.severity is not Severity.INFO for d in ir.diagnostics):
        sys.exit(1)


def print_problems(diagnostics) -> None:
    for diagnostic in diagnostics:
        where = f"{diagnostic.loc}: " if diagnostic.loc else ""
        err.print(escape(f"{where}{diagnostic.severity.value}: {diagnostic.message}"), soft_wrap=True)


@main.command("generate")
@click.argument("source", metavar="INPUT")
@click.option("-t", "--target", "targets", multiple=True, required=True,
              help="What to generate (repeatable): python, c or tests.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output directory; each target writes under <output>/<target>/.")
def generate_command(source: str, targets: tuple[str, ...], output: Path) -> None:
    """Generate code for INPUT (revision name, IR JSON, PDF or text). Everything is rendered
    in memory first: on any error nothing is written and the exit code is 2."""
    from specgen.api import load_ir
    from specgen.generate.targets import TARGETS, render_target

    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        err.print(f"[red]error:[/red] unknown target(s) {', '.join(unknown)}; known: {', '.join(sorted(TARGETS))}")
        sys.exit(2)
    ir = read_input(source, load_ir)
    files: dict[Path, str] = {}
    problems = []
    for target in targets:
        with _ProgressBar(f"generating {target}", enabled=err.is_terminal) as bar:
            rendered = render_target(target, ir, progress=bar)
        problems += rendered.diagnostics
        files.update({output / target / path: text for path, text in rendered.files.items()})
    print_problems(problems)
    if any(d.severity is Severity.ERROR for d in problems):
        err.print(f"[red]error:[/red] {source}: generation failed; nothing written")
        sys.exit(2)
    for path, text in sorted(files.items()):
        write_atomically(path, text)
    err.print(escape(f"{len(files)} files written under {output} ({', '.join(targets)}, DEN0137 {ir.document.version})"))


@main.command("show")
@click.argument("source", metavar="INPUT")
@click.option("-c", "--command", "commands", multiple=True, help="Also show this command in full (repeatable).")
def show_command(source: str, commands: tuple[str, ...]) -> None:
    """Summarise INPUT: a bundled revision name (e.g. 1.0-rel0), an IR JSON, a PDF or a text."""
    from specgen.api import load_ir

    ir = read_input(source, load_ir)
    out = Console(highlight=False)
    print_summary(ir, out)
    by_name = {c.name: c for c in ir.commands}
    for name in commands:
        command = by_name.get(name)
        if command is None:
            err.print(f"[red]error:[/red] {source}: no command {name!r}")
            sys.exit(2)
        print_command(command, out)


def print_command(command, out: Console) -> None:
    out.rule(escape(f"{command.name} ({command.interface}, section {command.section}, FID {command.fid})"))
    out.print(command.summary, markup=False, highlight=False)
    for title, rows in (("inputs", command.inputs), ("outputs", command.outputs)):
        table = Table(title=title, title_justify="left")
        for column in ("name", "register", "bits", "type", "description"):
            table.add_column(column)
        for row in rows:
            table.add_row(*map(escape, (row.name, row.register, row.bits, row.type, row.description)))
        out.print(table)
    for title, items in (("context", [(c.name, f"{c.type} = {c.value}") for c in command.context]),
                         ("failure conditions", [(c.id, f"pre: {c.pre}  post: {c.post}") for c in command.failure_conditions]),
                         ("ordering", [("", o.text) for o in command.failure_ordering]),
                         ("success conditions", [(c.id, (f"pre: {c.pre}  post: " if c.pre else "") + c.post) for c in command.success_conditions]),
                         ("footprint", [(f.id, f.value) for f in command.footprint])):
        table = Table(title=title, title_justify="left", show_header=False)
        table.add_column("id")
        table.add_column("text")
        for key, text in items:
            table.add_row(escape(key), escape(text))
        out.print(table)


@main.command("check")
@click.argument("sources", metavar="INPUT...", nargs=-1, required=True)
def check_command(sources: tuple[str, ...]) -> None:
    """Report what does not parse or resolve in INPUT (revision name, IR JSON, PDF or text):
    unresolved names, unknown functions and members, arity mismatches, bad ordering ids.
    Exit 1 when anything is reported."""
    from specgen.api import load_ir
    from specgen.lang.check import check_report

    out = Console(highlight=False)
    total = 0
    for source in sources:
        ir = read_input(source, load_ir)
        report = check_report(ir)
        total += len(report.problems)
        for kind, name, command, where, detail in report.problems:
            label = f"{kind} {name}" if name else kind
            out.print(escape(f"{where}: {label} in {command}: {detail}"), soft_wrap=True)
        out.print(escape(f"DEN0137 {ir.document.version}: {report.summary()}"), style="bold", soft_wrap=True)
    sys.exit(1 if total else 0)


@main.command("golden")
@click.option("--check", is_flag=True, help="Only check that generated/ is current; exit 1 if not.")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="The DEN0137 corpus (default: $SPECGEN_CORPUS or ../shared/specs).")
def golden_command(check: bool, corpus: Path | None) -> None:
    """Regenerate (or --check) generated/<version>/ for every PDF in the corpus."""
    from specgen.api import extract_file
    from specgen.bundle import check_bundle, render_bundle, write_bundle
    from specgen.paths import checkout_generated_dir, corpus_dir

    corpus = corpus or corpus_dir()
    root = checkout_generated_dir()
    if corpus is None or not (corpus / "pdf").is_dir():
        err.print("[red]error:[/red] corpus not found: pass --corpus or set $SPECGEN_CORPUS")
        sys.exit(2)
    if root is None:
        err.print("[red]error:[/red] golden works in a source checkout (generated/ is not writable here)")
        sys.exit(2)
    problems: list[str] = []
    for pdf in sorted((corpus / "pdf").glob("*.pdf")):
        ir = read_input(pdf, extract_file)
        bundle = render_bundle(ir)
        if not bundle.ok:
            print_problems(bundle.diagnostics)
            sys.exit(2)
        files = bundle.files
        version = ir.document.version
        if check:
            found = check_bundle(root, version, files)
            problems += found
            err.print(f"{version}: {'[red]stale[/red]' if found else '[green]current[/green]'} ({len(files)} files)")
        else:
            write_bundle(root, version, files)
            err.print(f"{version}: wrote {len(files)} files to {root / version}")
    for problem in problems:
        err.print(problem, markup=False)
    if problems:
        sys.exit(1)


@main.command("model-coverage")
@click.argument("source", metavar="VERSION|IR")
@click.option("--details", is_flag=True, help="Also list every condition the model cannot execute, with the reason.")
def model_coverage_command(source: str, details: bool) -> None:
    """Report which failure and success conditions (and footprint items) of each command
    the generated Python model executes, with totals per interface."""
    from specgen.api import load_ir
    from specgen.generate.python_model import model_coverage

    ir = read_input(source, load_ir)
    out = Console(highlight=False)
    rows = model_coverage(ir)
    table = Table(title=f"Python model coverage, DEN0137 {ir.document.version}")
    for column in ("command", "interface", "failure", "success", "footprint"):
        table.add_column(column, justify="left" if column in ("command", "interface") else "right")
    totals: dict[str, dict[str, list[int]]] = {}

    def cell(items) -> str:
        done = sum(1 for _id, ok, _how in items if ok)
        return f"{done}/{len(items)}" + ("" if done == len(items) else " [yellow]*[/yellow]")

    for row in rows:
        table.add_row(escape(row.command), row.interface, cell(row.failure), cell(row.success), cell(row.footprint))
        for interface in (row.interface, "all"):
            bucket = totals.setdefault(interface, {k: [0, 0] for k in ("failure", "success", "footprint")})
            for kind in bucket:
                items = getattr(row, kind)
                bucket[kind][0] += sum(1 for _id, ok, _how in items if ok)
                bucket[kind][1] += len(items)
    out.print(table)
    summary = Table(title="totals (executable / all)")
    for column in ("interface", "failure", "success", "footprint"):
        summary.add_column(column, justify="left" if column == "interface" else "right")
    for interface, kinds in sorted(totals.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        summary.add_row(interface, *(f"{d}/{t} ({100 * d / t:.1f}%)" if t else "0/0" for d, t in kinds.values()))
    out.print(summary)
    if details:
        for row in rows:
            for kind in ("failure", "success", "footprint"):
                for item_id, ok, how in getattr(row, kind):
                    if not ok:
                        out.print(escape(f"{row.command} {kind} {item_id}: {how}"), soft_wrap=True)


@main.command("conformance-report")
@click.argument("source", metavar="VERSION|IR")
@click.option("--json", "json_output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as JSON to this file.")
def conformance_report_command(source: str, json_output: Path | None) -> None:
    """Search stimuli for every failure condition and ordered pair of SOURCE (as
    `generate --target tests` does) and report, per command and interface, what has a
    conformance test and why the rest has none."""
    import json

    from specgen.api import load_ir
    from specgen.conformance.report import as_json, coverage, totals
    from specgen.generate.conformance_tests import plan_suite
    from specgen.generate.errors import UnsafeText

    ir = read_input(source, load_ir)
    try:
        with _ProgressBar("searching stimuli", enabled=err.is_terminal) as bar:
            plan, _planner = plan_suite(ir, progress=bar)
    except UnsafeText as error:
        err.print(escape(f"error: {source}: {error}"))
        sys.exit(2)
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    rows = coverage(plan)
    table = Table(title=f"Conformance tests, DEN0137 {plan.revision} (stimuli found by seeded search, seed {plan.seed})")
    for column in ("command", "interface", "failure conditions", "distinguishing", "ordered pairs", "success"):
        table.add_column(column, justify="left" if column in ("command", "interface") else "right")
    for row in rows:
        mark = "" if row.failures == row.conditions else " [yellow]*[/yellow]"
        pairs = f"{row.orders}/{row.pairs}" + (f" ({row.unobservable} unobservable)" if row.unobservable else "")
        table.add_row(escape(row.command), row.interface, f"{row.failures}/{row.conditions}{mark}",
                      str(row.distinguishing), pairs, "yes" if row.success else "[yellow]no[/yellow]")
    out.print(table)
    summary = Table(title="totals per interface")
    for column in ("interface", "failure conditions with a stimulus", "distinguishing", "ordered pairs", "success tests"):
        summary.add_column(column, justify="left" if column == "interface" else "right")
    for name, t in totals(rows).items():
        summary.add_row(
            name, f"{t.failures}/{t.conditions} ({100 * t.failure_ratio:.1f}%)", str(t.distinguishing),
            f"{t.orders}/{t.pairs} ({t.unobservable} unobservable)", f"{t.success}/{t.commands}",
        )
    out.print(summary)
    missing = [(row.command, m) for row in rows for m in row.missing]
    if missing:
        out.print(f"\n[bold]Without a test ({len(missing)}):[/bold]")
        for command, item in missing:
            out.print(escape(f"{command} {item.kind} {item.item}: {item.reason}"), soft_wrap=True)
    if json_output:
        write_atomically(json_output, json.dumps(as_json(plan), indent=2, sort_keys=True) + "\n")


def emit_diff(report, fmt: str, editorial: bool, output: Path | None) -> None:
    """Print a diff report (coloured text on a terminal) or write it atomically to a file."""
    from specgen.diff import render
    from specgen.diff.render_text import render_text

    if output is not None:
        write_atomically(output, render(report, fmt, editorial))
        err.print(escape(f"diff written to {output}"), soft_wrap=True)
    elif fmt == "text":
        Console(highlight=False, soft_wrap=False).print(render_text(report, editorial))
    else:
        sys.stdout.write(render(report, fmt, editorial))


def _diff_format_option(function):
    from specgen.diff import FORMATS

    return click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                        help="Report format: coloured text, Markdown, JSON (schema specgen-diff/1) or self-contained HTML.")(function)


@main.command("diff")
@click.argument("old_source", metavar="A")
@click.argument("new_source", metavar="B")
@_diff_format_option
@click.option("-c", "--command", "commands", multiple=True, help="Only this command and what it uses (repeatable).")
@click.option("--editorial", is_flag=True, help="Also show editorial changes (renumbering, rewording, reflow, renames).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
def diff_command(old_source: str, new_source: str, fmt: str, commands: tuple[str, ...], editorial: bool,
                 output: Path | None) -> None:
    """Behavioural changes from A to B (each a revision name, IR JSON, PDF or text).
    Exit 0: no behavioural change; 1: changes; 2: error (like diff(1))."""
    from specgen.api import load_ir
    from specgen.diff import diff_irs, restrict, unknown_commands

    old = read_input(old_source, load_ir)
    new = read_input(new_source, load_ir)
    try:
        report = diff_irs(old, new)
        if commands:
            unknown = unknown_commands(old, new, commands)
            if unknown:
                err.print(escape(f"error: no command {', '.join(unknown)} in {old_source} or {new_source}"), soft_wrap=True)
                sys.exit(2)
            report = restrict(report, old, new, commands)
        emit_diff(report, fmt, editorial, output)
    except (OSError, ValueError) as error:  # exit 1 means "changes": failures must not look like that
        err.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        sys.exit(2)
    except Exception:  # a bug must not exit 1 either (Python's default), which reads as "changes"
        err.print_exception()
        sys.exit(2)
    sys.exit(1 if report.behavioural else 0)


@main.command("regen")
@click.argument("source", metavar="INPUT")
@click.option("--output-root", type=click.Path(file_okay=False, path_type=Path),
              help="The generated/ directory to write (default: the checkout's generated/).")
@_diff_format_option
@click.option("--editorial", is_flag=True, help="Also show editorial changes in the diff.")
def regen_command(source: str, output_root: Path | None, fmt: str, editorial: bool) -> None:
    """Extract INPUT, generate every target into generated/<version>/ (atomically: nothing
    is written when anything fails) and print the behavioural diff against the newest older
    bundled revision. Exit 0 on success, 2 on error."""
    from specgen.api import load_ir
    from specgen.bundle import render_bundle, write_bundle
    from specgen.diff import diff_irs
    from specgen.diff.versions import is_version, newest_older
    from specgen.extract.ir import loads
    from specgen.paths import checkout_generated_dir

    root = output_root or checkout_generated_dir()
    if root is None:
        err.print("[red]error:[/red] regen writes generated/ of a source checkout; pass --output-root", soft_wrap=True)
        sys.exit(2)
    ir = read_input(source, load_ir)
    version = ir.document.version
    bundle = render_bundle(ir)
    print_problems(bundle.diagnostics)
    if not bundle.ok:
        err.print(escape(f"error: {source}: generation failed; nothing written"), soft_wrap=True)
        sys.exit(2)
    previous = newest_older(version, (p.parent.name for p in root.glob("*/ir.json"))) if is_version(version) else None
    old = None
    if previous is not None:
        old_path = root / previous / "ir.json"
        try:
            old = loads(old_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as error:
            err.print(escape(f"error: {old_path}: not a specgen IR ({error}); nothing written"), soft_wrap=True)
            sys.exit(2)
    try:
        written = write_bundle(root, version, bundle.files)
    except OSError as error:
        err.print(escape(f"error: cannot write {root / version}: {error}; previous files kept"), soft_wrap=True)
        sys.exit(2)
    err.print(escape(f"{version}: wrote {len(bundle.files)} files to {written}"), soft_wrap=True)
    if old is None:
        err.print(escape(f"no older revision than {version} under {root}: nothing to diff against"), soft_wrap=True)
        return
    err.print(escape(f"behavioural diff against {previous}:"), soft_wrap=True)
    emit_diff(diff_irs(old, ir), fmt, editorial, None)


@main.command("layout")
@click.argument("input_path", metavar="SPEC", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--page", "page", type=click.IntRange(min=1), required=True, help="The page to show (1-based).")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw what was read over the page image and write it here (PDF input).")
def layout_command(input_path: Path, page: int, png: Path | None) -> None:
    """Show what specgen read on one page of SPEC (a PDF or text): furniture, headings,
    paragraphs, and each table with its columns and cells."""
    from specgen.pdf.load import load_layout
    from specgen.structure.document import read_structure
    from specgen.structure.page_view import page_view

    try:
        with _ProgressBar(f"reading {input_path.name}", enabled=err.is_terminal) as bar:
            layout = load_layout(input_path, bar)
    except InputError as error:
        fail_input(error)
    if page > len(layout.pages):
        err.print(escape(f"error: {input_path}: page {page} does not exist (the document has {len(layout.pages)})"),
                  soft_wrap=True)
        sys.exit(2)
    view = page_view(layout, read_structure(layout), page)
    out = Console(highlight=False, soft_wrap=True)
    unit = f", one character column = {layout.x_scale:.3f} pt" if layout.kind == "pdf" else ""
    out.print(escape(f"{input_path.name}: page {page} of {view.pages} ({layout.kind}{unit})"))
    where = (lambda x: f"{view.x(x):.1f} pt") if layout.kind == "pdf" else (lambda x: f"column {x:.0f}")
    for line in view.furniture:
        out.print(escape(f"  furniture  line {line.line}: {line.text}"))
    for line in view.contents:
        out.print(escape(f"  contents   line {line.line}: {line.text}"))
    for number, title, line in view.headings:
        out.print(escape(f"  heading    line {line.line}: {number} {title}"))
    for section, lines in view.paragraphs:
        text = " ".join(" ".join(line.plain for line in lines).split())
        out.print(escape(f"  paragraph  lines {lines[0].line}-{lines[-1].line} ({section}): {text[:160]}"))
    for table in view.tables:
        columns = ", ".join(f"{name} at {where(x)}" for name, x in zip(table.header, table.columns))
        out.print(escape(f"  table      lines {table.lines[0].line}-{table.lines[-1].line} ({table.section}): {columns}"))
        for cells in table.rows:
            out.print(escape("    row: " + " | ".join(f"{name}={text}" for name, text in cells)))
    if png is None:
        return
    if layout.kind != "pdf":
        err.print(escape(f"error: {input_path}: --png needs a PDF (a text has no page image)"), soft_wrap=True)
        sys.exit(2)
    from specgen.pdf.page_image import render_png

    shown = layout.pages[page - 1]
    try:
        image = render_png(str(input_path), input_path.read_bytes(), page, view.boxes(), shown.turn,
                           shown.width, shown.height)
    except InputError as error:
        fail_input(error)
    png.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=png.parent, prefix=f".{png.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(image)
    os.replace(tmp, png)
    err.print(escape(f"page image with what was read drawn over it written to {png}"), soft_wrap=True)


if __name__ == "__main__":  # pragma: no cover
    main()
