"""Parse DEN0137 condition text and pseudocode into ``specgen.nodes`` nodes.

Every function takes the text exactly as the extractor found it (wrapped lines joined or not:
whitespace and newlines are insignificant) and either returns an AST or raises
``LangSyntaxError`` with a 1-based line/column relative to that text. Callers add the
command/function, condition id and page/line.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from functools import cache

from lark import Lark, Transformer, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from specgen import nodes as ast
from specgen.lang.errors import LangSyntaxError
from specgen.lang.grammars import parser
from specgen.lang.prose import looks_like_prose, normalise_prose
from specgen.lang.transform import expression_builder, ordering_builder, pseudocode_builder

_BUILDERS = {
    "expr": expression_builder,
    "ordering": ordering_builder,
    "pseudocode": pseudocode_builder,
}


@cache
def _builder(grammar: str) -> Transformer:
    return _BUILDERS[grammar]()


def _parse(grammar: str, start: str, text: str):
    lark_parser = parser(grammar)
    try:
        tree = lark_parser.parse(text, start=start)
    except UnexpectedInput as err:
        raise _syntax_error(err, text, lark_parser) from None
    return _builder(grammar).transform(tree)


# ---- expressions and conditions --------------------------------------------------------------


def parse_expression(text: str) -> ast.Expr:
    """One expression: a footprint value, a context value, one side of a condition."""
    return _parse("expr", "expression_only", text)


def parse_expression_or_prose(text: str) -> ast.Expr | ast.Prose:
    """An expression, or ``Prose`` when the parse fails and the text reads as a sentence."""
    try:
        return parse_expression(text)
    except LangSyntaxError:
        if looks_like_prose(text):
            return _prose(text)
        raise


def is_prose(text: str) -> bool:
    """True if ``text`` is not an expression but an English sentence."""
    try:
        return isinstance(parse_expression_or_prose(text), ast.Prose)
    except LangSyntaxError:
        return False


_PRE_POST = re.compile(r"^\s*pre\s*:(?P<pre>.*?)\bpost\s*:(?P<post>.*)$", re.DOTALL)


def parse_condition(text: str, *, allow_prose: bool = False) -> ast.Condition:
    """A condition cell: ``pre: E post: E``, or a lone ``E`` (then ``pre`` is None).

    With ``allow_prose`` each side that is an English sentence becomes ``Prose``
    (``pre: Cookie is invalid post: result == RSI_ERROR_INPUT``).
    """
    try:
        return _parse("expr", "condition", text)
    except LangSyntaxError:
        if not allow_prose:
            raise
    match = _PRE_POST.match(text)
    if match is None:
        return ast.Condition(None, parse_expression_or_prose(text), span=_whole_span(text))
    pre = _side_or_prose(text, match, "pre")
    post = _side_or_prose(text, match, "post")
    return ast.Condition(pre, post, span=_whole_span(text))


def condition_from_parts(pre: str | None, post: str, *, allow_prose: bool = True) -> ast.Condition:
    """A condition from separately extracted ``pre``/``post`` cells (the IR's shape).

    Spans of the two sides are relative to their own strings; the Condition has no span.
    """
    parse_side = parse_expression_or_prose if allow_prose else parse_expression
    return ast.Condition(None if pre is None else parse_side(pre), parse_side(post))


def _side_or_prose(text: str, match: re.Match, group: str) -> ast.Expr | ast.Prose:
    offset = match.start(group)
    try:
        side = parse_expression_or_prose(match.group(group))
    except LangSyntaxError as err:
        raise _shift_error(err, text, offset) from None
    return _shift_spans(side, _position(text, offset))


# ---- ordering statements ---------------------------------------------------------------------


def parse_ordering(text: str) -> ast.Ordering:
    """A failure-condition ordering statement ``[a, b] < [c]``."""
    return _parse("ordering", "ordering", text)


# ---- pseudocode --------------------------------------------------------------------------------


def parse_signature(text: str) -> ast.FunctionSig:
    """``func Name(arg : Type, …) => RetType``, possibly wrapped over lines."""
    return _parse("pseudocode", "signature", text)


def parse_body(text: str) -> ast.Block:
    """A function body ``begin … end`` (a bare statement list is accepted too)."""
    return _parse("pseudocode", "body", text)


def parse_type(text: str) -> ast.Type:
    """A type: ``Address``, ``bits(64)``, ``array [16] of Address``."""
    return _parse("pseudocode", "type_only", text)


# ---- helpers -----------------------------------------------------------------------------------


def _prose(text: str) -> ast.Prose:
    return ast.Prose(normalise_prose(text), span=_whole_span(text))


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of character ``offset`` of ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _whole_span(text: str) -> ast.Span | None:
    stripped_start = len(text) - len(text.lstrip())
    stripped_end = len(text.rstrip())
    if stripped_end <= stripped_start:
        return None
    return ast.Span(*_position(text, stripped_start), *_position(text, stripped_end))


def _shift_span(span: ast.Span | None, base: tuple[int, int]) -> ast.Span | None:
    """``span`` (relative to a substring starting at 1-based ``base``) made absolute."""
    if span is None:
        return None
    base_line, base_column = base

    def shift(line: int, column: int) -> tuple[int, int]:
        if line == 1:
            return base_line, base_column + column - 1
        return base_line + line - 1, column

    return ast.Span(*shift(span.line, span.column), *shift(span.end_line, span.end_column))


def _shift_spans(node, base: tuple[int, int]):
    """A copy of ``node`` whose spans (and its children's) are shifted by ``base``."""
    if isinstance(node, tuple):
        return tuple(_shift_spans(item, base) for item in node)
    if not isinstance(node, ast.Node):
        return node
    changes = {
        f.name: _shift_spans(getattr(node, f.name), base) for f in fields(node) if f.name != "span"
    }
    return replace(node, span=_shift_span(node.span, base), **changes)


def _shift_error(err: LangSyntaxError, text: str, offset: int) -> LangSyntaxError:
    """``err`` (relative to a substring starting at ``offset``) made relative to ``text``."""
    shifted = _shift_span(
        ast.Span(err.line, err.column, err.line, err.column), _position(text, offset)
    )
    return LangSyntaxError(err.message, shifted.line, shifted.column, text, err.expected)


def _syntax_error(err: UnexpectedInput, text: str, lark_parser: Lark) -> LangSyntaxError:
    if isinstance(err, UnexpectedCharacters):
        char = text[err.pos_in_stream] if err.pos_in_stream < len(text) else ""
        expected = _readable_terminals(err.allowed or (), lark_parser)
        message = f"unexpected character {char!r}"
        line, column = err.line, err.column
    elif isinstance(err, UnexpectedToken):
        expected = _readable_terminals(err.expected, lark_parser)
        if err.token.type == "$END":
            message = "unexpected end of input"
            line, column = _position(text, len(text.rstrip()))
        else:
            message = f"unexpected {str(err.token)!r}"
            line, column = err.line, err.column
    else:  # pragma: no cover - LALR raises only the two above
        expected = ()
        message = "syntax error"
        line, column = getattr(err, "line", 1) or 1, getattr(err, "column", 1) or 1
    if expected:
        shown = ", ".join(expected[:10]) + (", …" if len(expected) > 10 else "")
        message = f"{message}; expected {shown}"
    return LangSyntaxError(message, line, column, text, expected)


def _readable_terminals(names, lark_parser: Lark) -> tuple[str, ...]:
    """Terminal names as a reader knows them: ``'('`` for literals, ``name`` for patterns."""
    readable = set()
    for name in names:
        if name == "$END":
            readable.add("end of input")
            continue
        try:
            pattern = lark_parser.get_terminal(name).pattern
        except KeyError:
            readable.add(name.lower())
            continue
        if isinstance(pattern, PatternStr):
            readable.add(repr(pattern.value))
        else:
            readable.add(name.rsplit("__", 1)[-1].lower())
    return tuple(sorted(readable))
