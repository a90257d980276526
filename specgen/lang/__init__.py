"""The DEN0137 condition language and function pseudocode: lark grammars -> typed AST.

Grammars live in ``grammar/`` (``expr.lark``, ``ordering.lark``, ``pseudocode.lark``); this
package parses text into ``specgen.nodes`` nodes, prints them canonically and serialises
them to JSON. Syntax errors raise ``LangSyntaxError``; English-prose conditions become
``Prose`` nodes when the caller allows them.
"""

from specgen.nodes import from_json, to_json
from specgen.lang.errors import LangSyntaxError
from specgen.lang.parse import (
    condition_from_parts,
    is_prose,
    parse_body,
    parse_condition,
    parse_expression,
    parse_expression_or_prose,
    parse_ordering,
    parse_signature,
    parse_type,
)
from specgen.lang.printer import (
    print_body,
    print_condition,
    print_expr,
    print_node,
    print_ordering,
    print_signature,
    print_statement,
    print_type,
)

__all__ = [
    "LangSyntaxError",
    "condition_from_parts",
    "from_json",
    "is_prose",
    "parse_body",
    "parse_condition",
    "parse_expression",
    "parse_expression_or_prose",
    "parse_ordering",
    "parse_signature",
    "parse_type",
    "print_body",
    "print_condition",
    "print_expr",
    "print_node",
    "print_ordering",
    "print_signature",
    "print_statement",
    "print_type",
    "to_json",
]
