"""``specgen golden``: regenerate or check the committed record ``generated/``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from specgen.cli.app import command
from specgen.cli.common import Progress, err, fail, note, print_diagnostics, read_input


@command("golden")
@click.option("--check", is_flag=True, help="Only check that generated/ is current; exit 1 if not (files git ignores are not compared).")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="The DEN0137 corpus (default: $SPECGEN_CORPUS or ../shared/specs).")
def golden_command(check: bool, corpus: Path | None) -> None:
    """Regenerate or check generated/ from the corpus PDFs.

    For every PDF of the corpus: extract the IR and render every target into
    generated/<version>/. All revisions are rendered before anything is written, then
    written all-or-nothing; each version directory then holds exactly what is generated.
    """
    from specgen.api import extract_file
    from specgen.bundle import check_bundle, render_bundle, stage_bundle
    from specgen.output import Outputs
    from specgen.paths import checkout_generated_dir, corpus_dir

    corpus = corpus or corpus_dir()
    root = checkout_generated_dir()
    if corpus is None or not (corpus / "pdf").is_dir():
        fail("corpus not found: pass --corpus or set $SPECGEN_CORPUS")
    if root is None:
        fail("golden works in a source checkout (generated/ is not writable here)")
    problems: list[str] = []
    outputs = Outputs()
    staged = []
    for pdf in sorted((corpus / "pdf").glob("*.pdf")):
        ir = read_input(pdf, extract_file)
        with Progress(f"rendering {ir.document.version}") as progress:
            bundle = render_bundle(ir, progress=progress.relabel)
        if not bundle.ok:
            print_diagnostics(bundle.diagnostics)
            fail(f"{pdf}: generation failed; nothing written")
        version = ir.document.version
        if check:
            found = check_bundle(root, version, bundle.files)
            problems += found
            err.print(f"{version}: {'[red]stale[/red]' if found else '[green]current[/green]'} ({len(bundle.files)} files)")
        else:
            staged.append((version, len(bundle.files), stage_bundle(outputs, root, version, bundle.files)))
    if not check:
        written = outputs.commit()
        for version, count, directory in staged:
            note(f"{version}: {count} files in {directory}")
        if written.removed:
            note(f"{len(written.removed)} files no longer generated removed")
    for problem in problems:
        err.print(problem, markup=False)
    if problems:
        sys.exit(1)
