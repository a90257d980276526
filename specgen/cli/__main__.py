"""``python -m specgen.cli``: the same as the ``specgen`` script."""

from specgen.cli import main

main(prog_name="specgen")
