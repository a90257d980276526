"""Generation stage: IR -> code, through jinja2 templates (one per output kind).

Shared pieces live here: the one jinja2 Environment (``environment``), the small filters
that validate identifiers and escape PDF text (``filters``), the header every generated
file starts with (``header``), the in-process formatter (``formatting``) and the registry
of targets (``targets``). Each target module exposes ``render(ir) -> Rendered``.
"""
