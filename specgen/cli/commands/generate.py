"""``specgen generate``: code for a revision, written all-or-nothing, with what it left out."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from specgen.cli.app import command
from specgen.cli.common import Progress, SuggestingChoice, fail, input_argument, note, print_diagnostics, read_input
from specgen.diagnostics import Severity
from specgen.generate.targets import TARGETS


def load_platform_option(path: Path | None):
    """The platform of ``--platform FILE`` (None without it); exit 2 on a bad file."""
    if path is None:
        return None
    from specgen_runtime.platform import PlatformError, load_platform

    try:
        return load_platform(path)
    except PlatformError as error:
        fail(f"--platform: {error}")


def target_choice() -> SuggestingChoice:
    return SuggestingChoice(sorted(TARGETS))


@command("generate")
@input_argument()
@click.option("-t", "--target", "targets", multiple=True, required=True, type=target_choice(),
              help="What to generate (repeatable): python (executable model), c (C header and its "
                   "test program) or tests (pytest conformance suite).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output directory; each target owns <output>/<target>/.")
@click.option("--c-names", "c_names", type=SuggestingChoice(["spec", "tfrmm", "linux"]), default="spec",
              show_default=True,
              help="Naming profile of the c target: the specification's names, TF-RMM's (smc-rmi.h, "
                   "smc-rsi.h) or Linux's (rmi_smc.h, rsi_smc.h); the README lists the mapping.")
@click.option("--strict", is_flag=True,
              help="Exit 1 when anything was left out (or a warning was reported); the files are still written.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no list of what was left out; only the summary line.")
@click.option("--platform", "platform_file", type=click.Path(dir_okay=False, path_type=Path),
              help="TOML description of the platform (what the spec leaves to the implementation) the tests "
                   "target generates its suite for; default: the model's default platform.")
def generate_command(source: str, targets: tuple[str, ...], output: Path, c_names: str, strict: bool,
                     quiet: bool, platform_file: Path | None) -> None:
    """Generate code for a revision: model, C header, tests.

    INPUT is a bundled revision name (1.0-rel0 ...), an IR JSON, a PDF or a text. Every
    target is rendered in memory first; the files are then written all-or-nothing: on any
    error (generation, permission, a path under a file, a full disk) nothing is written,
    the previous output stays as it was and the exit code is 2.

    Each target owns its subdirectory <output>/<target>/ and lists what it wrote in
    <output>/<target>/.specgen-manifest.json: generating again (another revision, other
    options) removes the files it wrote before and no longer writes. Files it did not write
    are left alone.

    Everything a target leaves out is listed on stderr with the reason and the spec's page
    and line: functions and conditions the Python model cannot execute, conditions and
    ordered pairs without a conformance test (and the reason), commands without a test
    module. --strict turns any of them into exit 1.

    \b
    Examples:
      specgen generate 1.0-rel0 -t python -t c -o out
      specgen generate 1.1-alp12 -t python -t tests -o out --strict
      specgen generate 1.0-rel0 -t tests --platform my_platform.toml -o out
      specgen generate 1.0-rel0 -t c --c-names tfrmm -o out
    """
    from specgen import __version__
    from specgen.api import load_ir
    from specgen.generate.targets import Renderings
    from specgen.output import Outputs

    platform = load_platform_option(platform_file)
    ir = read_input(source, load_ir, quiet=quiet)
    version = ir.document.version
    outputs = Outputs()
    renderings = Renderings(ir)  # the tests target reuses the python target's model
    problems, left_out = [], []
    files = 0
    for target in dict.fromkeys(targets):
        with Progress(f"generating {target}", enabled=not quiet) as progress:
            options = {}
            if target == "tests" and platform is not None:
                options["platform"] = platform
            if target == "c" and c_names != "spec":
                options["c_names"] = c_names
            rendered = renderings.render(target, progress=progress, **options)
        problems += rendered.diagnostics
        files += len(rendered.files)
        left_out += [(target, item) for item in rendered.left_out]
        outputs.tree(output / target, rendered.files,
                     about={"target": target, "revision": version, "specgen": __version__})
    print_diagnostics(problems)
    if any(d.severity is Severity.ERROR for d in problems):
        fail(f"{source}: generation failed; nothing written")
    if not quiet:
        for _target, item in left_out:
            where = f"{item.loc}: " if item.loc else ""
            note(f"{where}left out: {item.message}")
    written = outputs.commit()
    parts = [f"{files} files under {output} ({', '.join(dict.fromkeys(targets))}, DEN0137 {version})"]
    if written.removed:
        parts.append(f"{len(written.removed)} stale files removed")
    if left_out:
        counts = Counter(target for target, _item in left_out)
        parts.append("left out: " + ", ".join(f"{n} in {t}" for t, n in counts.items())
                     + (" (listed above)" if not quiet else " (run without -q to list them)"))
    note("; ".join(parts))
    warned = any(d.severity is Severity.WARNING for d in problems)
    if strict and (left_out or warned):
        note(f"--strict: {len(left_out)} items left out, {sum(d.severity is Severity.WARNING for d in problems)} warnings")
        sys.exit(1)
