"""lark parse trees -> ``specgen.nodes`` dataclasses.

Why a tree pass rather than an inline transformer: lark only hands rule positions (``meta``)
to tree transformers, and every node must carry its span. The pseudocode grammar imports the
expression grammar, so its expression rules arrive namespaced (``expr__binary``);
``merge_transformers`` maps them onto ``ExpressionBuilder``.
"""

from __future__ import annotations

from lark import Token, Transformer, v_args
from lark.tree import Meta
from lark.visitors import merge_transformers

from specgen import nodes as ast


def span_of(meta: Meta) -> ast.Span | None:
    if getattr(meta, "empty", True):
        return None
    return ast.Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _block(statements: list, meta: Meta | None = None) -> ast.Block:
    """A Block of ``statements``; its span runs from the first to the last statement."""
    span = span_of(meta) if meta is not None else None
    if span is None and statements:
        first, last = statements[0].span, statements[-1].span
        if first is not None and last is not None:
            span = ast.Span(first.line, first.column, last.end_line, last.end_column)
    return ast.Block(tuple(statements), span=span)


@v_args(meta=True)
class ExpressionBuilder(Transformer):
    """Rules of ``grammar/expr.lark``."""

    def expression_only(self, meta, children):
        return children[0]

    def pre_post_condition(self, meta, children):
        _pre_label, pre, _post_label, post = children
        return ast.Condition(pre, post, span=span_of(meta))

    def lone_condition(self, meta, children):
        return ast.Condition(None, children[0], span=span_of(meta))

    def binary(self, meta, children):
        left, op, right = children
        return ast.Binary(str(op), left, right, span=span_of(meta))

    def unary(self, meta, children):
        op, operand = children
        return ast.Unary(str(op), operand, span=span_of(meta))

    def call(self, meta, children):
        func, args = children
        return ast.Call(str(func), args or (), span=span_of(meta))

    def arguments(self, meta, children):
        return tuple(children)

    def member(self, meta, children):
        obj, name = children
        return ast.Member(obj, str(name), span=span_of(meta))

    def index(self, meta, children):
        obj, index = children
        return ast.Index(obj, index, span=span_of(meta))

    def slice(self, meta, children):
        obj, high, low = children
        return ast.Slice(obj, high, low, span=span_of(meta))

    def concat(self, meta, children):
        return ast.Concat(children[0], span=span_of(meta))

    def name(self, meta, children):
        return ast.Name(str(children[0]), span=span_of(meta))

    def decimal(self, meta, children):
        text = str(children[0])
        return ast.Number(text, int(text, 10), span=span_of(meta))

    def hexadecimal(self, meta, children):
        text = str(children[0])
        return ast.Number(text, int(text[2:], 16), span=span_of(meta))

    def bitstring(self, meta, children):
        return ast.BitString(str(children[0])[1:-1], span=span_of(meta))

    def true(self, meta, children):
        return ast.Boolean(True, span=span_of(meta))

    def false(self, meta, children):
        return ast.Boolean(False, span=span_of(meta))


@v_args(meta=True)
class OrderingBuilder(Transformer):
    """Rules of ``grammar/ordering.lark``."""

    def ordering(self, meta, children):
        before, after = children
        return ast.Ordering(before, after, span=span_of(meta))

    def id_list(self, meta, children):
        return tuple(str(token) for token in children)


@v_args(meta=True)
class PseudocodeBuilder(Transformer):
    """Rules of ``grammar/pseudocode.lark`` (its expressions go to ``ExpressionBuilder``)."""

    def signature(self, meta, children):
        name, params, returns = children
        return ast.FunctionSig(str(name), params or (), returns, span=span_of(meta))

    def parameters(self, meta, children):
        return tuple(children)

    def parameter(self, meta, children):
        name, type_ = children
        return ast.Param(str(name), type_, span=span_of(meta))

    def body(self, meta, children):
        return _block(children, meta)

    bare_body = body

    def type_only(self, meta, children):
        return children[0]

    def named_type(self, meta, children):
        return ast.NamedType(str(children[0]), span=span_of(meta))

    def bits_type(self, meta, children):
        return ast.BitsType(children[0], span=span_of(meta))

    def array_type(self, meta, children):
        size, element = children
        return ast.ArrayType(size, element, span=span_of(meta))

    def var_statement(self, meta, children):
        name, type_, value = children
        return ast.Var(str(name), type_, value, span=span_of(meta))

    def assignment(self, meta, children):
        target, value = children
        return ast.Assign(target, value, span=span_of(meta))

    def if_statement(self, meta, children):
        condition, *rest = children
        orelse = rest.pop()  # Block, or None placeholder for a missing else clause
        elsifs = [child for child in rest if isinstance(child, ast.ElsIf)]
        statements = [child for child in rest if not isinstance(child, ast.ElsIf)]
        return ast.If(condition, _block(statements), tuple(elsifs), orelse, span=span_of(meta))

    def elsif_clause(self, meta, children):
        condition, *statements = children
        return ast.ElsIf(condition, _block(statements), span=span_of(meta))

    def else_clause(self, meta, children):
        return _block(children)

    def for_statement(self, meta, children):
        var, start, direction, stop, *statements = children
        return ast.For(
            str(var), start, str(direction), stop, _block(statements), span=span_of(meta)
        )

    def while_statement(self, meta, children):
        condition, *statements = children
        return ast.While(condition, _block(statements), span=span_of(meta))

    def case_statement(self, meta, children):
        subject, *arms, otherwise = children
        return ast.Case(subject, tuple(arms), otherwise, span=span_of(meta))

    def when_clause(self, meta, children):
        patterns, *statements = children
        return ast.When(patterns, _block(statements), span=span_of(meta))

    def patterns(self, meta, children):
        return tuple(children)

    def otherwise_clause(self, meta, children):
        return _block(children)

    def return_statement(self, meta, children):
        return ast.Return(children[0], span=span_of(meta))

    def assert_statement(self, meta, children):
        return ast.Assert(children[0], span=span_of(meta))

    def expression_statement(self, meta, children):
        return ast.ExprStmt(children[0], span=span_of(meta))

    def comment(self, meta, children):
        token: Token = children[0]
        return ast.Comment(str(token)[2:].strip(), span=span_of(meta))


def expression_builder() -> Transformer:
    return ExpressionBuilder()


def ordering_builder() -> Transformer:
    return OrderingBuilder()


def pseudocode_builder() -> Transformer:
    return merge_transformers(PseudocodeBuilder(), expr=ExpressionBuilder())
