"""``specgen diff`` and ``specgen regen``: behavioural changes between revisions."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from specgen.cli.app import command
from specgen.cli.common import complete_command_name, fail, input_argument, note, print_diagnostics, read_input, unknown_names


def emit_diff(report, fmt: str, editorial: bool, output: Path | None) -> None:
    """Print a diff report (coloured text on a terminal) or write it, all-or-nothing, to a file."""
    from specgen.diff import render
    from specgen.diff.render_text import render_text
    from specgen.output import write_file

    if output is not None:
        write_file(output, render(report, fmt, editorial))
        note(f"diff written to {output}")
    elif fmt == "text":
        Console(highlight=False, soft_wrap=False).print(render_text(report, editorial))
    else:
        sys.stdout.write(render(report, fmt, editorial))


def _diff_format_option(function):
    from specgen.diff import FORMATS

    return click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                        help="Report format: coloured text, Markdown, JSON (schema specgen-diff/1) or self-contained HTML.")(function)


@command("diff")
@input_argument("old_source", "A")
@input_argument("new_source", "B")
@_diff_format_option
@click.option("-c", "--command", "commands", multiple=True, shell_complete=complete_command_name,
              help="Only this command and the functions and types it uses (repeatable).")
@click.option("--editorial", is_flag=True, help="Also show editorial changes (renumbering, rewording, reflow, renames).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file.")
def diff_command(old_source: str, new_source: str, fmt: str, commands: tuple[str, ...], editorial: bool,
                 output: Path | None) -> None:
    """Show behavioural changes between two revisions.

    A and B are each a revision name, an IR JSON, a PDF or a text. Exit 0: no behavioural
    change; 1: behavioural changes; 2: error (like diff(1)).

    \b
    Examples:
      specgen diff 1.0-eac5 1.0-rel0
      specgen diff 1.0-rel0 1.1-alp12 -c RMI_PSCI_COMPLETE
      specgen diff 1.1-alp11 1.1-alp12 -f html -o report.html
    """
    from specgen.api import load_ir
    from specgen.diff import diff_irs, restrict

    old = read_input(old_source, load_ir)
    new = read_input(new_source, load_ir)
    known = {c.name for c in old.commands} | {c.name for c in new.commands}
    unknown_names(commands, known, "command", f"{old_source} or {new_source}")
    try:
        report = diff_irs(old, new)
        if commands:
            report = restrict(report, old, new, commands)
    except ValueError as error:  # exit 1 means "changes": failures must not look like that
        fail(str(error))
    emit_diff(report, fmt, editorial, output)
    sys.exit(1 if report.behavioural else 0)


@command("regen")
@input_argument()
@click.option("--output-root", type=click.Path(file_okay=False, path_type=Path),
              help="The generated/ directory to write (default: the checkout's generated/).")
@_diff_format_option
@click.option("--editorial", is_flag=True, help="Also show editorial changes in the diff.")
def regen_command(source: str, output_root: Path | None, fmt: str, editorial: bool) -> None:
    """Regenerate one revision; diff it with the one before.

    Extracts INPUT, generates every target into generated/<version>/ (all-or-nothing:
    nothing is written when anything fails) and prints the behavioural diff against the
    newest older bundled revision. Exit 0 on success, 2 on error.
    """
    from specgen.api import load_ir
    from specgen.bundle import render_bundle, write_bundle
    from specgen.diff import diff_irs
    from specgen.diff.versions import is_version, newest_older
    from specgen.extract.ir import loads
    from specgen.paths import checkout_generated_dir

    root = output_root or checkout_generated_dir()
    if root is None:
        fail("regen writes generated/ of a source checkout; pass --output-root")
    ir = read_input(source, load_ir)
    version = ir.document.version
    bundle = render_bundle(ir)
    print_diagnostics(bundle.diagnostics)
    if not bundle.ok:
        fail(f"{source}: generation failed; nothing written")
    previous = newest_older(version, (p.parent.name for p in root.glob("*/ir.json"))) if is_version(version) else None
    old = None
    if previous is not None:
        old_path = root / previous / "ir.json"
        try:
            old = loads(old_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError) as error:
            fail(f"{old_path}: not a specgen IR ({error}); nothing written")
    written = write_bundle(root, version, bundle.files)
    note(f"{version}: wrote {len(bundle.files)} files to {written}")
    if old is None:
        note(f"no older revision than {version} under {root}: nothing to diff against")
        return
    note(f"behavioural diff against {previous}:")
    emit_diff(diff_irs(old, ir), fmt, editorial, None)
