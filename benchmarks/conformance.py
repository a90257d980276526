"""Benchmark: the conformance tests target — stimulus search and the generated suite's run.

Run from the project root:  python benchmarks/conformance.py [REVISION ...] [--run-suite]

For each revision (default 1.0-rel0; bundled IRs under generated/): the time to plan the
suite (render and import the model, build the world, search stimuli for every failure
condition, ordered pair and success), the model evaluations the search made, and the
coverage. With ``--run-suite`` also the wall time of ``pytest`` on the committed suite
``generated/<revision>/tests`` against the generated model.
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args()

    from specgen.api import load_ir
    from specgen.conformance.report import coverage, totals
    from specgen.generate.conformance_tests import plan_suite

    for revision in args.revisions:
        ir = load_ir(revision)
        started = time.perf_counter()
        plan, _planner = plan_suite(ir)
        seconds = time.perf_counter() - started
        rows = coverage(plan)
        t = totals(rows)["all"]
        evaluations = sum(c.evaluations for c in plan.commands)
        slowest = sorted(plan.commands, key=lambda c: -c.evaluations)[:3]
        print(f"{revision}: planned in {seconds:.1f} s ({evaluations} model evaluations, "
              f"{evaluations / seconds:.0f}/s); failure conditions with a stimulus {t.failures}/{t.conditions} "
              f"({100 * t.failure_ratio:.1f}%), distinguishing {t.distinguishing}; ordered pairs tested "
              f"{t.orders}/{t.pairs} ({t.unobservable} unobservable); success tests {t.success}/{t.commands}")
        print("  most evaluations: " + ", ".join(f"{c.name} {c.evaluations}" for c in slowest))
        if args.run_suite:
            suite = ROOT / "generated" / revision / "tests"
            started = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", str(suite)], capture_output=True, text=True)
            last = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-300:]
            print(f"  generated suite: {last} — wall {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
