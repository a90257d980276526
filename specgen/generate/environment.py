"""The one jinja2 Environment of specgen.

StrictUndefined makes a template that names a missing IR field fail loudly instead of
writing an empty string into generated code. Templates come from ``templates/`` through
``specgen.paths`` (checkout or installed wheel).
"""

from __future__ import annotations

from functools import cache

import jinja2

from specgen.generate.filters import FILTERS
from specgen.generate.py_syntax import unparse
from specgen.paths import templates_dir


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # code, not HTML: escaping is the filters' job, per target language
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["py_source"] = unparse  # Python syntax trees of the views, printed in one place
    return env


def render_template(name: str, **context) -> str:
    return environment().get_template(name).render(**context)
