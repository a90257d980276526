#!/usr/bin/env python3
"""Mutation check of the generated conformance tests (issue: the tests are not vacuous).

Builds one model variant per failure condition (the condition dropped) and per ordered pair
of failure conditions (the pair swapped), runs the generated tests of the mutated command
against each, and reports how many variants the tests kill. Survivors that the conformance
plan shows no black-box test can kill (the pair never holds together; the condition never
holds without another giving the same result) are reported as equivalent and left out of
the score, which is killed / (mutants - equivalent); the raw score counts them as survivors.

    python scripts/mutation_check.py 1.0-rel0                 # tests in generated/1.0-rel0/tests
    python scripts/mutation_check.py 1.0-rel0 --tests-dir out/tests --command RMI_DATA_CREATE
    python scripts/mutation_check.py 1.0-rel0 --json mutation.json --min-score 0.95

Exit status 1 when the score is below --min-score.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from specgen.api import load_ir
from specgen.conformance.mutation import run_mutants
from specgen.generate.conformance_tests import plan_suite
from specgen.paths import generated_dir


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="revision (e.g. 1.0-rel0) or IR JSON")
    parser.add_argument("--tests-dir", type=Path, help="generated tests (default generated/<version>/tests)")
    parser.add_argument("--command", action="append", help="only this command's mutants (repeatable)")
    parser.add_argument("--json", type=Path, help="write every mutant's result here")
    parser.add_argument("--min-score", type=float, default=0.95)
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    ir = load_ir(args.source)
    tests_dir = args.tests_dir or generated_dir() / ir.document.version / "tests"
    if not (tests_dir / "conftest.py").is_file():
        console.print(f"no generated tests in {tests_dir}: run `specgen generate {args.source} -t tests -o DIR`")
        return 2
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("planning (stimulus search)", total=None)
        plan, planner = plan_suite(ir, progress=lambda done, total: progress.update(task, completed=done, total=total))
        task = progress.add_task("running mutants", total=None)
        report = run_mutants(
            planner.package, tests_dir, args.command, plan=plan,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    out = Console()
    out.print(f"DEN0137 {report.revision}: {len(report.results)} mutants, {report.seconds:.1f} s")
    for kind, label in (("drop", "failure condition dropped"), ("swap", "ordered pair swapped")):
        out.print(
            f"  {label}: {report.count(kind, killed=True)} killed, "
            f"{report.count(kind, killed=False, equivalent=True)} equivalent, "
            f"{report.count(kind, killed=False, equivalent=False)} survived, of {report.count(kind)}"
        )
    out.print(f"  mutation score {report.score:.3f} (killed / non-equivalent), raw {report.raw_score:.3f} (killed / all)")
    for result in report.results:
        if not result.killed:
            status = "equivalent" if result.equivalent else "SURVIVED"
            detail = f": {result.equivalent}" if result.equivalent else ""
            out.print(f"  {status} {result.mutant.command} {result.mutant.kind} {result.mutant.item}{detail}", soft_wrap=True)
    if args.json:
        args.json.write_text(json.dumps({
            "revision": report.revision,
            "score": report.score,
            "raw_score": report.raw_score,
            "mutants": [
                {"command": r.mutant.command, "kind": r.mutant.kind, "item": r.mutant.item,
                 "killed": r.killed, "killed_by": r.killed_by, "equivalent": r.equivalent}
                for r in report.results
            ],
        }, indent=2, sort_keys=True) + "\n")
    return 0 if report.score >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
