"""Benchmark: ``specgen lint`` per revision — static rules, and all rules with the model search.

Run from the project root:  python benchmarks/lint.py [REVISION ...] [--jobs N] [--reference]

For each revision (default: every bundled one, generated/<version>/ir.json): the wall time
and CPU time (this process and its worker processes) of the static rules alone and of all
rules (model built and searched by ``--jobs`` workers, default 2), the model evaluations
the search made and the findings per rule. With ``--reference``, also the conformance
planner on the same revision in the same run (model rendered, world reached, every command
planned by one worker process): the search
lint shares, so ``lint / planner`` tells what lint adds to it and what the workers save.
Timings depend on the machine's load; the ratio to the reference measured alongside is what
compares across runs.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function):
    wall, used = time.perf_counter(), cpu()
    result = function()
    return result, time.perf_counter() - wall, cpu() - used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revisions", nargs="*")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reference", action="store_true", help="also time the conformance planner")
    args = parser.parse_args()

    from specgen.api import bundled_versions, load_ir
    from specgen.generate.conformance_tests import model_planner
    from specgen.lint import lint

    for revision in args.revisions or bundled_versions():
        ir = load_ir(revision)
        static, static_wall, static_cpu = timed(lambda: lint(ir, revision, search=False))
        report, wall, used = timed(lambda: lint(ir, revision, jobs=args.jobs))
        counts = ", ".join(f"{rule} {n}" for rule, n in report.counts().items() if n)
        print(f"{revision}: static rules {static_wall:.1f} s ({len(static.findings)} findings); all rules "
              f"{wall:.1f} s wall, {used:.1f} s CPU, {args.jobs} jobs ({report.evaluations} model evaluations, "
              f"search {report.search_seconds:.1f} s); {len(report.findings)} findings")
        print(f"  per rule: {counts}")
        if args.reference:
            _plan, ref_wall, ref_cpu = timed(lambda: model_planner(ir).plan(jobs=1))
            print(f"  reference: conformance planner {ref_wall:.1f} s wall, {ref_cpu:.1f} s CPU (1 worker); "
                  f"lint / planner: wall {wall / ref_wall:.2f}, CPU {used / ref_cpu:.2f}")


if __name__ == "__main__":
    main()
