"""``specgen completion``: the shell completion script (click's, for this program)."""

from __future__ import annotations

import click

from specgen.cli.app import command


@command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the shell completion script for bash, zsh or fish.

    Completes command and option names, revision names, targets and, for -c/--command,
    the command names of the revision given.

    \b
    Enable it for the current shell, or add the line to ~/.bashrc (~/.zshrc):
      eval "$(specgen completion bash)"
      eval "$(specgen completion zsh)"
      specgen completion fish > ~/.config/fish/completions/specgen.fish
    """
    from click.shell_completion import get_completion_class

    from specgen.cli.app import main

    complete = get_completion_class(shell)(main, {}, "specgen", "_SPECGEN_COMPLETE")
    click.echo(complete.source())
