"""One module per ``specgen`` command; each registers itself with ``specgen.cli.app.command``."""
