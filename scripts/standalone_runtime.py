"""Does a generated model stand alone? A fresh venv with only the runtime and pytest runs the
generated rel0 life-cycle example and the generated rel0 conformance suite.

Steps (all in a temporary directory): build the ``specgen-runtime`` wheel from ``runtime/``;
make a venv; install that wheel (``--no-index``), then the generated model from its own
``pyproject.toml`` (which names the runtime it needs; resolved from the local wheel) and
pytest; check that nothing of the generator (specgen, jinja2, lark, pdfplumber, black, rich,
click) is importable; run ``examples/realm_lifecycle.py`` on the installed model and pytest
on ``generated/<version>/tests``. Prints one line per step with its time; exit 1 on failure.

    python scripts/standalone_runtime.py [--version 1.0-rel0] [--keep DIR]

Installing pytest and the model's build backend (hatchling) uses pip's configured index or
find-links (``--find-links DIR`` adds a local wheel directory).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR_ONLY = ("specgen", "jinja2", "lark", "pdfplumber", "black", "rich", "click")


def run(label: str, command: list[str], **kwargs) -> subprocess.CompletedProcess:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    took = time.perf_counter() - start
    tail = (result.stdout.strip().splitlines() or [""])[-1]
    print(f"{label}: {'ok' if result.returncode == 0 else 'FAILED'} ({took:.1f} s) {tail}")
    if result.returncode != 0:
        sys.stdout.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="1.0-rel0", help="bundled revision under generated/")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    parser.add_argument("--find-links", type=Path, help="extra local wheel directory for pip")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="specgen-standalone-"))
    work.mkdir(parents=True, exist_ok=True)
    generated = ROOT / "generated" / args.version
    try:
        wheels = work / "wheels"
        run("build the runtime wheel", [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                                        "-w", str(wheels), str(ROOT / "runtime")])
        venv = work / "venv"
        run("make a fresh venv", [sys.executable, "-m", "venv", "--clear", str(venv)])
        python = str(venv / "bin" / "python")
        links = ["--find-links", str(wheels)] + (["--find-links", str(args.find_links)] if args.find_links else [])
        run("install the runtime (local wheel only)", [python, "-m", "pip", "install", "-q", "--no-index",
                                                        "--find-links", str(wheels), "specgen-runtime"])
        model = work / "model"
        shutil.copytree(generated / "python", model, dirs_exist_ok=True)
        run("install the model from its pyproject.toml", [python, "-m", "pip", "install", "-q", *links, str(model)])
        run("install pytest", [python, "-m", "pip", "install", "-q", *links, "pytest"])
        probe = ("import importlib.util, sys; found = [m for m in %r if importlib.util.find_spec(m)]; "
                 "print('generator packages importable:', found or 'none'); sys.exit(1 if found else 0)") % (GENERATOR_ONLY,)
        run("nothing of the generator is installed", [python, "-c", probe], cwd=work)
        package = next(p.name for p in (generated / "python").iterdir() if (p / "__init__.py").is_file())
        installed = run("the model imports from the venv", [
            python, "-c", f"import {package}, specgen_runtime; print({package}.__file__, specgen_runtime.__version__)"],
            cwd=work)
        if str(venv) not in installed.stdout:
            print(f"the model was not imported from the venv: {installed.stdout.strip()}")
            raise SystemExit(1)
        site = Path(installed.stdout.split()[0]).parents[1]
        if args.version == "1.0-rel0":
            run("life-cycle example", [python, str(ROOT / "examples" / "realm_lifecycle.py"), "--model-dir", str(site)],
                cwd=work)
        tests = work / "tests"
        shutil.copytree(generated / "tests", tests, dirs_exist_ok=True)
        run("generated conformance suite", [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)],
            cwd=work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
