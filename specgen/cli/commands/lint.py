"""``specgen lint``: the specification's own defects, with witnesses."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.markup import escape

from specgen.cli.app import command
from specgen.cli.common import Progress, fail, note, out, read_input


@command("lint")
@click.argument("sources", metavar="INPUT...", nargs=-1)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True,
              help="Report format: text, JSON (schema specgen-lint/1) or SARIF 2.1.0.")
@click.option("-r", "--rule", "rule_ids", multiple=True, metavar="ID",
              help="Only this rule (repeatable; see --list-rules).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Suppress the findings of this earlier report (JSON or SARIF of specgen lint).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report here (atomically) instead of standard output.")
@click.option("--no-search", is_flag=True, help="Static rules only: do not build and search the model.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=min(2, os.cpu_count() or 1), show_default=True,
              help="Worker processes for the stimulus search.")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
def lint_command(sources: tuple[str, ...], fmt: str, rule_ids: tuple[str, ...], baseline: Path | None,
                 output: Path | None, no_search: bool, jobs: int, list_rules: bool) -> None:
    """Find the specification's own defects in INPUT.

    Dangling outputs, footprint gaps and unused footprint items, unordered failure
    conditions with different results, ordering cycles and unknown ids, conditions that
    never hold or are shadowed, conflicting success conditions, unresolved names, type
    layout errors. Each finding says whether it is proved from the text, shown by a witness
    (a stimulus the revision's model judged, found by the conformance search), or
    suspected. Exit 0: no findings (after --baseline); 1: findings; 2: error.
    """
    from specgen.api import load_ir
    from specgen.lint import all_rules, lint, select
    from specgen.lint.baseline import BaselineError, apply_baseline, read_baseline
    from specgen.lint.render import render, summary_line
    from specgen.output import write_file
    from specgen.suggest import did_you_mean

    if list_rules:
        console = out()
        for rule in all_rules().values():
            model = " (model search)" if rule.uses_model else ""
            console.print(escape(f"{rule.id:22} {rule.family:11} {rule.summary}{model}"), soft_wrap=True)
        return
    if not sources:
        fail("no INPUT given (a revision name, IR JSON, PDF or text); see specgen lint --help")
    rules, unknown = select(rule_ids)
    if unknown:
        fail("; ".join(f"no rule {name!r}{did_you_mean(name, all_rules())}" for name in unknown)
             + " (--list-rules lists them)")
    fingerprints: frozenset[str] = frozenset()
    if baseline is not None:
        try:
            fingerprints = read_baseline(baseline)
        except BaselineError as error:
            fail(str(error))
    reports = []
    for source in sources:
        ir = read_input(source, load_ir)
        with Progress(f"linting {ir.document.version}: searching stimuli per command") as progress:
            report = lint(ir, source, rules, search=not no_search, jobs=jobs, progress=progress)
        if baseline is not None:
            report = apply_baseline(report, fingerprints)
        reports.append(report)
        searched = (f" (search {report.search_seconds:.1f} s, {report.evaluations} model evaluations, "
                    f"{report.jobs} jobs)" if report.evaluations else "")
        note(f"{summary_line(report)} in {report.seconds:.1f} s{searched}")
    text = render(reports, fmt)
    if output is not None:
        write_file(output, text)
        note(f"lint report written to {output}")
    else:
        sys.stdout.write(text)
    sys.exit(1 if any(r.findings for r in reports) else 0)
