"""The ``specgen`` command group, the registry of its commands and the exit-code contract.

Why a registry: every command lives in its own small module under ``specgen/cli/commands/``
and registers itself with ``@command(...)``; the group imports every module found there.
Adding a command is adding one module with one function; nothing else changes.

Why errors are handled here: ``InputError`` (an input that cannot be read) and
``OutputError`` (an output that cannot be written; nothing was changed) are raised by the
stages as values with a path and turned into one line and exit 2 for every command alike.
"""

from __future__ import annotations

import importlib
import pkgutil
import textwrap

import click

from specgen import __version__
from specgen.cli.common import err, fail
from specgen.diagnostics import InputError
from specgen.output import OutputError
from specgen.suggest import did_you_mean

#: The exit codes of every command (README "Exit codes" shows the same table).
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (0, "success, nothing found (diff: no behavioural change; check: no problem; golden --check: current)"),
    (1, "findings: diff found behavioural changes (as diff(1)); check reported problems; golden --check "
        "found stale files; --strict and something was reported (outputs are still written)"),
    (2, "error: an input cannot be read, an output cannot be written, generation failed, an unknown "
        "name, a usage error; nothing was written or changed"),
)


def _epilog() -> str:
    codes = "\n".join(
        textwrap.fill(text, width=78, initial_indent=f"  {code}  ", subsequent_indent="     ")
        for code, text in EXIT_CODES
    )
    return (
        "INPUT is a bundled revision name (1.0-rel0 ...), an IR JSON, a PDF or a `pdftotext -layout` "
        "text. `specgen COMMAND --help` describes a command.\n\n"
        "Shell completion: eval \"$(specgen completion bash)\" (or zsh, fish).\n\n"
        f"\b\nExit codes:\n{codes}\n"
    )


class SpecgenGroup(click.Group):
    """A click group that suggests close command names and turns input and output errors
    into one-line messages with exit code 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            ctx.fail(f"No such command {name!r}{did_you_mean(name, self.commands)}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as error:
            fail(str(error))
        except OutputError as error:
            fail(f"{error}; nothing was changed")
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # a bug: exit 2, never 1 (which means "findings", e.g. diff's changes)
            err.print_exception()
            fail(f"internal error ({type(error).__name__}: {error}); this is a bug in specgen {__version__}")


@click.group(cls=SpecgenGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=_epilog())
@click.version_option(__version__, "--version", "-V", prog_name="specgen")
def main() -> None:
    """specgen: read the Arm RMM specification (DEN0137) and generate code from it.

    Extract a revision into a typed IR, generate a Python model, a C header and a pytest
    conformance suite from it, and show what changed in behaviour between two revisions.
    """


def command(name: str, **settings):
    """Register the decorated function as ``specgen NAME`` (click options go below)."""
    return main.command(name, **settings)


def load_commands() -> None:
    """Import every module of ``specgen.cli.commands`` (each registers its commands)."""
    from specgen.cli import commands

    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{module.name}")
