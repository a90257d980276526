"""What every command uses: the consoles, errors, progress, inputs, diagnostics, outputs.

Progress goes to stderr: a bar on a terminal; otherwise (piped, in CI) a line every few
seconds (``$SPECGEN_PROGRESS_INTERVAL``, default 5 s), so a long run is never silent.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter
from typing import Callable, Iterable, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn
from rich.table import Table

from specgen.diagnostics import Diagnostic, Severity, render
from specgen.extract.ir import IR
from specgen.suggest import did_you_mean

err = Console(stderr=True, highlight=False)

#: Seconds between two progress lines when stderr is not a terminal.
DEFAULT_PROGRESS_INTERVAL = 5.0


#: Width of reports written to a pipe or file (tables are not cut to 80 columns there).
PIPE_WIDTH = 160


def out() -> Console:
    """The console for a command's report (standard output); off a terminal, tables get
    room instead of being cut to 80 columns."""
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=PIPE_WIDTH)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` on one line and exit (2: nothing could be done)."""
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise SystemExit(code)


def note(message: str) -> None:
    """A one-line remark on stderr (what was written, what was left out)."""
    err.print(escape(message), soft_wrap=True)


class SuggestingChoice(click.Choice):
    """A ``click.Choice`` whose error names the closest choices (``-t pyton``)."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} is not one of {', '.join(map(repr, self.choices))}{did_you_mean(value, self.choices)}",
                      param, ctx)


def unknown_names(asked: Iterable[str], known: Iterable[str], what: str, where: str) -> None:
    """Exit 2 naming every unknown name in ``asked``, each with its closest known names."""
    known = set(known)
    unknown = [name for name in asked if name not in known]
    if unknown:
        fail("; ".join(f"no {what} {name!r} in {where}{did_you_mean(name, known)}" for name in unknown))


# ---- shell completion -----------------------------------------------------------------------------


def complete_input(ctx, param, incomplete: str):
    """Bundled revision names, then files (INPUT arguments)."""
    from click.shell_completion import CompletionItem

    from specgen.api import bundled_versions

    revisions = [CompletionItem(v) for v in bundled_versions() if v.startswith(incomplete)]
    return revisions + [CompletionItem(incomplete, type="file")]


def complete_command_name(ctx, param, incomplete: str):
    """Command names of the bundled revision(s) already on the command line (-c/--command)."""
    from click.shell_completion import CompletionItem

    from specgen.api import bundled_versions, load_ir

    names: set[str] = set()
    given = [ctx.params.get(key) for key in ("source", "old_source", "new_source")] + list(ctx.args)
    for value in dict.fromkeys(v for v in given if isinstance(v, str)):
        if value in bundled_versions():  # (while completing, unparsed arguments stay in ctx.args)
            names |= {c.name for c in load_ir(value).commands}
    return [CompletionItem(name) for name in sorted(names) if name.startswith(incomplete)]


def input_argument(name: str = "source", metavar: str = "INPUT", **settings):
    """The INPUT argument of a command: a revision name, an IR JSON, a PDF or a text."""
    return click.argument(name, metavar=metavar, shell_complete=complete_input, **settings)


# ---- progress -------------------------------------------------------------------------------------


def progress_interval() -> float:
    try:
        return max(0.05, float(os.environ.get("SPECGEN_PROGRESS_INTERVAL", DEFAULT_PROGRESS_INTERVAL)))
    except ValueError:
        return DEFAULT_PROGRESS_INTERVAL


class Progress:
    """Progress of one long step, fed ``(done, total)`` by the stage (``progress(done, total)``)
    or a new label (``progress.relabel(text)``). A bar on a terminal; otherwise a line on
    stderr every ``progress_interval()`` seconds while the step runs."""

    def __init__(self, label: str, enabled: bool = True, console: Console | None = None):
        self.label = label
        self.enabled = enabled
        self.console = console or err
        self.done: int | None = None
        self.total: int | None = None
        self._bar: RichProgress | None = None
        self._task = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0.0

    def __enter__(self) -> "Progress":
        if not self.enabled:
            return self
        self._started = time.monotonic()
        if self.console.is_terminal:
            self._bar = RichProgress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=self.console, transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(escape(self.label), total=None)
        else:
            self._thread = threading.Thread(target=self._tick, name="specgen-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
        if self._thread is not None:
            self._stop.set()
            self._thread.join()

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total)

    def relabel(self, label: str) -> None:
        self.label = label
        self.done = self.total = None
        if self._bar is not None:
            self._bar.update(self._task, description=escape(label), completed=0, total=None)

    def line(self) -> str:
        elapsed = time.monotonic() - self._started
        count = f": {self.done}/{self.total}" if self.total else ""
        return f"{self.label}{count} ({elapsed:.0f} s)"

    def _tick(self) -> None:
        interval = progress_interval()
        while not self._stop.wait(interval):
            self.console.print(escape(self.line()), soft_wrap=True, highlight=False)


def read_input(source, loader: Callable, quiet: bool = False) -> IR:
    """``loader(source, progress)`` under a progress display (an unreadable input raises
    InputError, which the command group turns into exit 2)."""
    name = getattr(source, "name", source)
    with Progress(f"reading {name}", enabled=not quiet) as progress:
        return loader(source, progress)


# ---- diagnostics ----------------------------------------------------------------------------------

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def print_diagnostics(diagnostics: Iterable[Diagnostic], verbose: bool = True, prefix: str = "") -> None:
    """One line per diagnostic on stderr (informational ones only when ``verbose``)."""
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.INFO and not verbose:
            continue
        colour = _COLOURS[diagnostic.severity.value]
        err.print(f"[{colour}]{escape(prefix + render(diagnostic))}[/{colour}]", soft_wrap=True)


def severity_counts(diagnostics: Iterable[Diagnostic]) -> str:
    counts = Counter(d.severity for d in diagnostics)
    return ", ".join(f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity if counts[s])


def print_summary(ir: IR, console: Console) -> None:
    """The table of what an IR holds (extract, show)."""
    severities = Counter(d.severity for d in ir.diagnostics)
    table = Table(title=f"DEN0137 {ir.document.version} ({ir.document.source.kind})", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    interfaces = Counter(c.interface for c in ir.commands)
    table.add_row("commands", f"{len(ir.commands)} (" + ", ".join(f"{k} {v}" for k, v in sorted(interfaces.items())) + ")")
    table.add_row("inputs / context / outputs", " / ".join(
        str(sum(len(getattr(c, part)) for c in ir.commands)) for part in ("inputs", "context", "outputs")))
    table.add_row("failure conditions", str(sum(len(c.failure_conditions) for c in ir.commands)))
    table.add_row("ordering statements", str(sum(len(c.failure_ordering) for c in ir.commands)))
    table.add_row("success conditions", str(sum(len(c.success_conditions) for c in ir.commands)))
    table.add_row("footprint items", str(sum(len(c.footprint) for c in ir.commands)))
    with_body = sum(1 for f in ir.functions if f.body)
    table.add_row("functions", f"{len(ir.functions)} ({with_body} with body)")
    kinds = Counter(t.kind for t in ir.types)
    table.add_row("types", f"{len(ir.types)} (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")")
    table.add_row("diagnostics", ", ".join(f"{s.value} {severities[s]}" for s in Severity))
    from specgen.extract.accounting import accounting

    account = accounting(ir)
    table.add_row("accounted for", f"commands complete {account.complete_commands}/{account.commands}, "
                  f"conditions parsed {account.parsed_conditions}/{account.conditions}, "
                  f"pages without text {len(account.pages_without_text)}"
                  + (f" ({', '.join(map(str, account.pages_without_text))})" if account.pages_without_text else ""))
    console.print(table)
