"""Canonical text of ``specgen.nodes`` nodes.

Why canonical: the diff and the generators compare and emit conditions; one spelling per AST
(minimal parentheses from ``operators``, fixed spacing, four-space indentation) makes textual
comparison meaningful. Guarantees, tested by property tests: ``parse(print(ast)) == ast`` and
``print(parse(print(ast))) == print(ast)``.
"""

from __future__ import annotations

from specgen import nodes as ast
from specgen.lang.operators import (
    ATOM_PRECEDENCE,
    BINARY_ASSOC,
    BINARY_PRECEDENCE,
    POSTFIX_PRECEDENCE,
    UNARY_PRECEDENCE,
    Assoc,
)

INDENT = "    "


# ---- expressions -------------------------------------------------------------------------------


def precedence(expr: ast.Expr | ast.Prose) -> int:
    """How tightly ``expr``'s outermost construct binds (see ``operators``)."""
    if isinstance(expr, ast.Binary):
        return BINARY_PRECEDENCE[expr.op]
    if isinstance(expr, ast.Unary):
        return UNARY_PRECEDENCE
    if isinstance(expr, (ast.Call, ast.Member, ast.Index, ast.Slice)):
        return POSTFIX_PRECEDENCE
    return ATOM_PRECEDENCE


def print_expr(expr: ast.Expr | ast.Prose) -> str:
    """Canonical text of an expression (``Prose`` prints as its text)."""
    match expr:
        case ast.Name(name=name):
            return name
        case ast.Number(text=text):
            return text
        case ast.BitString(bits=bits):
            return f"'{bits}'"
        case ast.Boolean(value=value):
            return "TRUE" if value else "FALSE"
        case ast.Call(func=func, args=args):
            return f"{func}({_join(args)})"
        case ast.Member(obj=obj, name=name):
            return f"{_operand(obj, POSTFIX_PRECEDENCE)}.{name}"
        case ast.Index(obj=obj, index=index):
            return f"{_operand(obj, POSTFIX_PRECEDENCE)}[{print_expr(index)}]"
        case ast.Slice(obj=obj, high=high, low=low):
            return f"{_operand(obj, POSTFIX_PRECEDENCE)}[{print_expr(high)}:{print_expr(low)}]"
        case ast.Concat(items=items):
            return f"[{_join(items)}]"
        case ast.Unary(op=op, operand=operand):
            return f"{op}{_operand(operand, UNARY_PRECEDENCE)}"
        case ast.Binary():
            return _print_binary(expr)
        case ast.Prose(text=text):
            return text
    raise TypeError(f"not an expression: {expr!r}")


def _print_binary(expr: ast.Binary) -> str:
    level = BINARY_PRECEDENCE[expr.op]
    assoc = BINARY_ASSOC[expr.op]
    # An operand at the same level keeps no parentheses only on its associative side.
    left = _operand(expr.left, level if assoc is Assoc.LEFT else level + 1)
    right = _operand(expr.right, level if assoc is Assoc.RIGHT else level + 1)
    separator = expr.op if expr.op == "^" else f" {expr.op} "
    return f"{left}{separator}{right}"


def _operand(expr: ast.Expr, minimum: int) -> str:
    text = print_expr(expr)
    return f"({text})" if precedence(expr) < minimum else text


def _join(items: tuple[ast.Expr, ...]) -> str:
    return ", ".join(print_expr(item) for item in items)


# ---- conditions and orderings ---------------------------------------------------------------------


def print_condition(condition: ast.Condition) -> str:
    """``pre: E`` and ``post: E`` on two lines, or the lone post expression."""
    if condition.pre is None:
        return print_expr(condition.post)
    return f"pre: {print_expr(condition.pre)}\npost: {print_expr(condition.post)}"


def print_ordering(ordering: ast.Ordering) -> str:
    return f"[{', '.join(ordering.before)}] < [{', '.join(ordering.after)}]"


# ---- types and signatures -----------------------------------------------------------------------


def print_type(type_: ast.Type) -> str:
    match type_:
        case ast.NamedType(name=name):
            return name
        case ast.BitsType(width=width):
            return f"bits({print_expr(width)})"
        case ast.ArrayType(size=size, element=element):
            return f"array [{print_expr(size)}] of {print_type(element)}"
    raise TypeError(f"not a type: {type_!r}")


def print_signature(signature: ast.FunctionSig) -> str:
    params = ", ".join(f"{p.name} : {print_type(p.type)}" for p in signature.params)
    text = f"func {signature.name}({params})"
    if signature.returns is not None:
        text += f" => {print_type(signature.returns)}"
    return text


# ---- statements ---------------------------------------------------------------------------------


def print_body(block: ast.Block) -> str:
    """``begin``, the statements indented by four spaces, ``end``."""
    return "\n".join(["begin", *_statement_lines(block.statements, 1), "end"])


def print_statement(statement: ast.Stmt, level: int = 0) -> str:
    """One statement (compound ones over several lines), indented ``level`` steps."""
    return "\n".join(_statement_lines((statement,), level))


def _statement_lines(statements: tuple[ast.Stmt, ...], level: int) -> list[str]:
    lines: list[str] = []
    for statement in statements:
        lines.extend(_one_statement(statement, level))
    return lines


def _one_statement(statement: ast.Stmt, level: int) -> list[str]:
    pad = INDENT * level
    match statement:
        case ast.Var(name=name, type=type_, value=value):
            text = f"var {name}"
            if type_ is not None:
                text += f" : {print_type(type_)}"
            if value is not None:
                text += f" = {print_expr(value)}"
            return [f"{pad}{text};"]
        case ast.Assign(target=target, value=value):
            return [f"{pad}{print_expr(target)} = {print_expr(value)};"]
        case ast.If(condition=condition, body=body, elsifs=elsifs, orelse=orelse):
            lines = [f"{pad}if {print_expr(condition)} then"]
            lines += _statement_lines(body.statements, level + 1)
            for elsif in elsifs:
                lines.append(f"{pad}elsif {print_expr(elsif.condition)} then")
                lines += _statement_lines(elsif.body.statements, level + 1)
            if orelse is not None:
                lines.append(f"{pad}else")
                lines += _statement_lines(orelse.statements, level + 1)
            return [*lines, f"{pad}end"]
        case ast.For(var=var, start=start, direction=direction, stop=stop, body=body):
            head = f"{pad}for {var} = {print_expr(start)} {direction} {print_expr(stop)} do"
            return [head, *_statement_lines(body.statements, level + 1), f"{pad}end"]
        case ast.While(condition=condition, body=body):
            head = f"{pad}while {print_expr(condition)} do"
            return [head, *_statement_lines(body.statements, level + 1), f"{pad}end"]
        case ast.Case(subject=subject, arms=arms, otherwise=otherwise):
            lines = [f"{pad}case {print_expr(subject)} of"]
            arm_pad = INDENT * (level + 1)
            for arm in arms:
                lines.append(f"{arm_pad}when {_join(arm.patterns)} =>")
                lines += _statement_lines(arm.body.statements, level + 2)
            if otherwise is not None:
                lines.append(f"{arm_pad}otherwise =>")
                lines += _statement_lines(otherwise.statements, level + 2)
            return [*lines, f"{pad}end"]
        case ast.Return(value=None):
            return [f"{pad}return;"]
        case ast.Return(value=value):
            return [f"{pad}return {print_expr(value)};"]
        case ast.Assert(condition=condition):
            return [f"{pad}assert {print_expr(condition)};"]
        case ast.ExprStmt(expr=expr):
            return [f"{pad}{print_expr(expr)};"]
        case ast.Comment(text=text):
            return [f"{pad}// {text}".rstrip()]
    raise TypeError(f"not a statement: {statement!r}")


# ---- any node -------------------------------------------------------------------------------------


def print_node(node: ast.Node) -> str:
    """Canonical text of any node (dispatches on its kind)."""
    match node:
        case ast.Condition():
            return print_condition(node)
        case ast.Ordering():
            return print_ordering(node)
        case ast.FunctionSig():
            return print_signature(node)
        case ast.Block():
            return print_body(node)
        case ast.NamedType() | ast.BitsType() | ast.ArrayType():
            return print_type(node)
        case ast.Param(name=name, type=type_):
            return f"{name} : {print_type(type_)}"
        case ast.ElsIf() | ast.When():
            raise TypeError(f"{type(node).__name__} prints only as part of its statement")
        case ast.Var() | ast.Assign() | ast.If() | ast.For() | ast.While() | ast.Case():
            return print_statement(node)
        case ast.Return() | ast.Assert() | ast.ExprStmt() | ast.Comment():
            return print_statement(node)
    return print_expr(node)
