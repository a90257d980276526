"""The ``specgen`` command line: the only place that prints and exits.

Structure: ``app`` holds the command group, the exit-code table and the error handling;
``common`` the helpers every command uses (consoles, progress, reading inputs, printing
diagnostics, writing outputs); ``commands/`` one small module per command, registered with
``@command`` from ``specgen.cli.app`` and found automatically.
"""

from specgen.cli.app import EXIT_CODES, command, load_commands, main

load_commands()

__all__ = ["EXIT_CODES", "command", "main"]
