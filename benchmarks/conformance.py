"""Benchmark: the conformance tests target — the world's trace, stimulus planning, the suite.

Run from the project root:  python benchmarks/conformance.py [REVISION ...] [--run-suite] [--jobs N ...]

For each revision (default 1.0-rel0; bundled IRs under generated/):

- the world: its trace's length (interface calls) and the time to replay it on a freshly
  booted model through the adapter interface (the set-up every test starts from);
- planning (render and import the model, reach the world, search stimuli for every failure
  condition, ordered pair and success) with each number of worker processes given by
  ``--jobs`` (default 1 and 2), the ratio to the single-process time measured in the same
  run, and the coverage;
- with ``--run-suite``, the wall time of ``pytest`` on the committed suite
  ``generated/<revision>/tests`` against the generated model, and per test.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revisions", nargs="*", default=["1.0-rel0"])
    parser.add_argument("--run-suite", action="store_true")
    parser.add_argument("--jobs", type=int, action="append", help="worker processes (repeatable; default 1 and 2)")
    args = parser.parse_args()

    from specgen.api import load_ir
    from specgen.conformance.plan import Planner
    from specgen.conformance.report import coverage, totals
    from specgen.generate import python_model
    from specgen.generate.conformance_tests import load_rendered_model
    from specgen_runtime.suite.adapter import ModelAdapter
    from specgen_runtime.suite.checks import Target

    for revision in args.revisions:
        ir = load_ir(revision)
        started = time.perf_counter()
        package = load_rendered_model(python_model.render(ir).files)
        rendered = time.perf_counter() - started
        started = time.perf_counter()
        planner = Planner(package)
        reached = time.perf_counter() - started
        world = planner.world
        target = Target(ModelAdapter(package, isolate=False), world.trace, world.host)
        started = time.perf_counter()
        target.prepare()
        replay = time.perf_counter() - started
        print(f"{revision}: world: a trace of {world.calls} interface calls ({len(world.trace)} steps), "
              f"{len(world.unreached)} planned states not reached; replayed on a fresh model in {replay:.2f} s "
              f"(model rendered in {rendered:.1f} s, world reached and checked in {reached:.2f} s)")
        reference = None
        for jobs in args.jobs or [1, 2]:
            plan = planner.plan(jobs=jobs)
            ratio = "" if reference is None else f", {reference / plan.seconds:.2f}x the 1-process time"
            reference = reference or plan.seconds
            print(f"  planning with {jobs} worker process(es): {plan.seconds:.1f} s{ratio}")
        t = totals(coverage(plan))["all"]
        evaluations = sum(c.evaluations for c in plan.commands)
        print(f"  {evaluations} model evaluations; failure conditions with a stimulus {t.failures}/{t.conditions}, "
              f"single-condition {t.single}, distinguishing {t.distinguishing}; ordered pairs tested "
              f"{t.orders}/{t.pairs - t.unobservable} observable ({t.unobservable} of {t.pairs} unobservable); "
              f"success tests {t.success}/{t.commands}")
        if args.run_suite:
            suite = ROOT / "generated" / revision / "tests"
            started = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)],
                                 capture_output=True, text=True)
            wall = time.perf_counter() - started
            last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-300:]
            count = sum(int(n) for n in re.findall(r"(\d+) (?:passed|failed|skipped)", last)) or 1
            print(f"  generated suite: {last} — wall {wall:.1f} s, {1000 * wall / count:.0f} ms per test")


if __name__ == "__main__":
    main()
