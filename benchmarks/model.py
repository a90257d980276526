"""Benchmark: commands per second of the executable Python model of DEN0137 1.0-rel0.

Run from the project root:  python benchmarks/model.py [--model-dir DIR] [--seconds 2]

Uses the committed model (generated/1.0-rel0/python) or the one in ``--model-dir`` (the
``python/`` directory written by ``specgen generate 1.0-rel0 --target python -o DIR``); with
neither, generates one into a temporary directory first. Measures, with and without the
footprint check (a snapshot of the state before and after every command):

- a loop of RMI_GRANULE_DELEGATE / RMI_GRANULE_UNDELEGATE on one Granule;
- the Realm life-cycle scenario of ``examples/realm_lifecycle.py`` (97 commands: Realm,
  RTTs, DATA, RECs, Realm execution with RSI and PSCI commands, teardown), repeated.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "examples"))

PACKAGE = "den0137_1_0_rel0"


def load_package(model_dir: Path | None):
    if model_dir is None:
        committed = ROOT / "generated" / "1.0-rel0" / "python"
        if (committed / PACKAGE).is_dir():
            model_dir = committed
        else:
            from specgen.api import load_ir
            from specgen.generate.python_model import render

            model_dir = Path(tempfile.mkdtemp(prefix="specgen-model-"))
            for path, text in render(load_ir("1.0-rel0")).files.items():
                (model_dir / path).parent.mkdir(parents=True, exist_ok=True)
                (model_dir / path).write_text(text)
    sys.path.insert(0, str(model_dir))
    return importlib.import_module(PACKAGE), model_dir


def delegate_loop(package, seconds: float, check_footprint: bool) -> float:
    model = package.new_model(check_footprint=check_footprint)
    pa = 0x8000_0000
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(500):
            model.call("RMI_GRANULE_DELEGATE", addr=pa)
            model.call("RMI_GRANULE_UNDELEGATE", addr=pa)
        count += 1000
    return count / (time.perf_counter() - start)


def lifecycle(package, seconds: float, check_footprint: bool) -> tuple[float, int]:
    import realm_lifecycle

    class Quiet:
        def new_model(self):
            return package.new_model(check_footprint=check_footprint)

    count, runs, start = 0, 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        host = realm_lifecycle.run(Quiet(), log=lambda line: None)
        count += len(host.outcomes)
        runs += 1
    return count / (time.perf_counter() - start), count // max(runs, 1)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--model-dir", type=Path, help="directory holding the generated package")
    options.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = options.parse_args()
    package, where = load_package(args.model_dir)
    print(f"model: {package.REVISION} from {where}")
    for check in (True, False):
        label = "footprint checked" if check else "footprint not checked"
        rate = delegate_loop(package, args.seconds, check)
        print(f"RMI_GRANULE_DELEGATE/UNDELEGATE loop ({label}): {rate:,.0f} commands/s")
        rate, per_run = lifecycle(package, args.seconds, check)
        print(f"life-cycle scenario, {per_run} commands per run ({label}): {rate:,.0f} commands/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
