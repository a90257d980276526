"""Render a ``specgen diff --format html`` report in headless Chromium and save a screenshot.

Why a script: the HTML report is meant to be opened in a browser; this proves it renders
(self-contained: no network, no external files) and gives a picture to look at. Used by
``tests/unit/test_diff_html_browser.py`` when Chromium is installed.

    python scripts/screenshot_diff_html.py report.html -o report.png
    python scripts/screenshot_diff_html.py --old 1.0-eac5 --new 1.0-rel0 --command RMI_PSCI_COMPLETE -o shot.png
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")


def find_chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def _run_headless(arguments: list[str], output: Path, what: str, timeout: float) -> Path:
    """Run headless Chromium (no network, throw-away profile) with ``arguments`` and the
    page last; ``output`` is what it must have written."""
    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError("chromium is not installed (apt-get install chromium)")
    output.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="specgen-chromium-") as profile:
        command = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", *arguments,
        ]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if not output.is_file():
        raise RuntimeError(f"chromium wrote no {what} (exit {completed.returncode}): {completed.stderr[-2000:]}")
    return output


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 1000, timeout: float = 120) -> Path:
    """Open ``html`` in headless Chromium and write ``png``."""
    png = png.resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    return _run_headless(["--hide-scrollbars", f"--screenshot={png}", f"--window-size={width},{height}",
                          html.resolve().as_uri()], png, "screenshot", timeout)


def print_to_pdf(page: Path, pdf: Path, timeout: float = 120) -> Path:
    """Print ``page`` (HTML) to ``pdf`` as Chromium prints: its own print header and footer
    on (the tests and scripts/retypeset.py typeset spec documents this way)."""
    pdf = pdf.resolve()
    return _run_headless([f"--print-to-pdf={pdf}", page.resolve().as_uri()], pdf, "PDF", timeout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", type=Path, help="an HTML report (or use --old/--new)")
    parser.add_argument("--old", help="old revision (name, IR JSON, PDF or text)")
    parser.add_argument("--new", help="new revision")
    parser.add_argument("--command", action="append", default=[], help="restrict to this command (repeatable)")
    parser.add_argument("--editorial", action="store_true")
    parser.add_argument("-o", "--output", type=Path, required=True, help="PNG to write")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    html = args.html
    if html is None:
        if not (args.old and args.new):
            parser.error("give an HTML file, or --old and --new")
        from specgen.api import load_ir
        from specgen.diff import diff_irs, render, restrict

        old, new = load_ir(args.old), load_ir(args.new)
        report = diff_irs(old, new)
        if args.command:
            report = restrict(report, old, new, args.command)
        html = args.output.with_suffix(".html")
        html.write_text(render(report, "html", args.editorial), encoding="utf-8")
    png = screenshot(html, args.output, args.width, args.height)
    print(f"{png} ({png.stat().st_size} bytes) from {html}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
