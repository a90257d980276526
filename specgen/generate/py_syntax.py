"""Generated Python as syntax trees (``ast``), and the one place they are printed.

Why trees and not strings: an expression assembled from strings means what its pieces
happen to spell once concatenated (a missing parenthesis changes the meaning, a spec
string can end a literal and start code). A tree means what it is: ``unparse`` prints the
parentheses Python needs for it, strings are ``ast.Constant`` (printed escaped), and every
identifier in a tree is checked when it is printed (``UnsafeText`` otherwise), so a name
from the PDF that slipped past ``py_name`` still cannot become code.

``ast`` has no comments; ``Comment`` is a statement node of ours that ``unparse`` prints as
one ``#`` line (ASL comments in function bodies, the spec location of a function).
"""

from __future__ import annotations

import ast as py

from specgen.generate.errors import UnsafeText
from specgen.generate.filters import printable, py_comment, py_identifier


class Comment(py.stmt):
    """A ``# text`` line among statements (text through ``py_comment``)."""

    _fields = ("text",)

    def __init__(self, text: str, **attributes):
        super().__init__(**attributes)
        self.text = text


# ---- building ---------------------------------------------------------------------------------


def name(identifier: str) -> py.Name:
    """A name the generated code reads (spec names come through ``py_name`` first)."""
    return py.Name(identifier, py.Load())


def store(identifier: str) -> py.Name:
    """A name the generated code assigns."""
    return py.Name(identifier, py.Store())


def attribute(value: py.expr, attr: str) -> py.Attribute:
    return py.Attribute(value, attr, py.Load())


def dotted(path: str) -> py.expr:
    """``_asl.wrap`` as a tree: for the generated code's own module aliases and helpers,
    never for text from the spec."""
    first, *rest = path.split(".")
    node: py.expr = name(first)
    for part in rest:
        node = attribute(node, part)
    return node


def call(func: py.expr | str, *args: py.expr, **keywords: py.expr) -> py.Call:
    """``func(*args, **keywords)``; a string ``func`` is a dotted own name (``_rt.Register``)."""
    target = dotted(func) if isinstance(func, str) else func
    return py.Call(target, list(args), [py.keyword(k, v) for k, v in keywords.items()])


def constant(value) -> py.Constant:
    """A literal of plain data (None, bool, int, str); anything else is refused."""
    if value is not None and not isinstance(value, (bool, int, str)):
        raise UnsafeText(f"not plain data for a Python literal: {value!r:.80}")
    return py.Constant(value)


def text(value: str) -> py.Constant:
    """A string literal of spec prose as one line (as the ``py_string`` filter gives it)."""
    return py.Constant(printable(value))


def tuple_of(items) -> py.Tuple:
    return py.Tuple(list(items), py.Load())


def arguments(params: list[str], vararg: str | None = None) -> py.arguments:
    return py.arguments([], [py.arg(p) for p in params], py.arg(vararg) if vararg else None, [], [], None, [])


def lambda_of(params: list[str], body: py.expr) -> py.Lambda:
    return py.Lambda(arguments(params), body)


def function_def(function: str, params: list[str], body: list[py.stmt], vararg: str | None = None) -> py.FunctionDef:
    return py.FunctionDef(function, arguments(params, vararg), body, [], None)


def as_target(node: py.expr) -> py.expr:
    """``node`` as the target of an assignment (a copy with the store context); None when
    Python cannot assign to it (a call)."""
    if isinstance(node, py.Name):
        return store(node.id)
    if isinstance(node, py.Attribute):
        return py.Attribute(node.value, node.attr, py.Store())
    if isinstance(node, py.Subscript):
        return py.Subscript(node.value, node.slice, py.Store())
    return None


# ---- printing ---------------------------------------------------------------------------------


def _problems(node: py.AST):
    """What a tree must not print: identifiers (names, attributes, parameters, keywords,
    definitions, imports) that are not usable Python identifiers, literals that are not
    plain data. One walk over the tree."""
    for child in py.walk(node):
        if isinstance(child, py.Name):
            found = [(child.id, "name")]
        elif isinstance(child, py.Attribute):
            found = [(child.attr, "attribute")]
        elif isinstance(child, py.Constant):
            if child.value is not None and not isinstance(child.value, (bool, int, str)):
                yield f"not plain data for a Python literal: {child.value!r:.80}"
            continue
        elif isinstance(child, py.arg):
            found = [(child.arg, "parameter")]
        elif isinstance(child, py.keyword):
            found = [(child.arg, "keyword argument")] if child.arg is not None else []
        elif isinstance(child, (py.FunctionDef, py.ClassDef)):
            found = [(child.name, "definition")]
        elif isinstance(child, py.alias):
            found = [(part, "import") for part in child.name.split(".")]
            found += [(child.asname, "import")] if child.asname is not None else []
        elif isinstance(child, py.ImportFrom) and child.module:
            found = [(part, "import") for part in child.module.split(".")]
        else:
            continue
        for identifier, what in found:
            try:
                py_identifier(identifier)
            except UnsafeText:
                yield f"not a usable identifier for a Python {what}: {identifier!r}"


class _Printer(py._Unparser):
    """The standard ``ast.unparse``, plus ``Comment``, and ``and``/``or`` operands that are
    ``and``/``or`` themselves always in parentheses: ``(a and b) or c`` shows the grouping
    the spec states, where Python's precedence alone would print ``a and b or c``."""

    def visit_Comment(self, node: Comment) -> None:
        self.fill("# " + py_comment(node.text))

    def visit_BoolOp(self, node: py.BoolOp) -> None:
        precedence = py._Precedence.AND if isinstance(node.op, py.And) else py._Precedence.OR
        with self.require_parens(precedence, node):
            for index, value in enumerate(node.values):
                if index:
                    self.write(" and " if isinstance(node.op, py.And) else " or ")
                grouped = isinstance(value, py.BoolOp)
                self.set_precedence(py._Precedence.ATOM if grouped else precedence.next(), value)
                self.traverse(value)


def unparse(node: py.AST | list[py.stmt]) -> str:
    """Python source of a tree (an expression, a statement or a list of statements):
    raises ``UnsafeText`` when an identifier in it is not a usable Python identifier or a
    literal is not plain data."""
    if isinstance(node, py.stmt):
        node = [node]  # a statement is printed as a module of one (a string is a docstring)
    tree = py.Module(list(node), []) if isinstance(node, list) else node
    for problem in _problems(tree):
        raise UnsafeText(problem)
    return _Printer().visit(py.fix_missing_locations(tree))  # the printer reads line numbers
