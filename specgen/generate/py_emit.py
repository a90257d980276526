"""The ``commands`` module of the Python model, and every function definition of the
``functions`` module, built as Python syntax trees.

Why a tree and not a template: a command's description is nested data (registers,
conditions with their pieces, ordering pairs); printed from ``ast`` nodes by
``py_syntax.unparse`` it has keyword arguments everywhere, no trailing commas for black to
explode, and no way for a spec string to become code (strings are ``ast.Constant``; the
condition pieces are the translator's trees, lambdas of ``_m`` and ``_e``; identifiers are
checked when printed). Comments (section titles, locations) go between the printed
statements, through ``py_comment``.
"""

from __future__ import annotations

import ast as py

from specgen.generate.filters import py_comment
from specgen.generate.py_names import py_name
from specgen.generate.py_syntax import (
    Comment,
    attribute,
    call,
    constant,
    function_def,
    name,
    text,
    tuple_of,
    unparse,
)


def strings(items) -> py.Tuple:
    return tuple_of(constant(i) for i in items)


def optional(node: py.expr | None) -> py.expr:
    return constant(None) if node is None else node


def _register(r) -> py.Call:
    return call("_rt.Register", name=constant(r.name), register=constant(r.register), high=constant(r.high),
                low=constant(r.low), type_name=constant(r.type), codec=r.codec)


def _context(x) -> py.Call:
    keywords = dict(name=constant(x.name), before=constant(x.before), value=optional(x.value), text=constant(x.text))
    if x.view_of is not None:
        keywords.update(view_of=constant(x.view_of), view_inverse=constant(x.view_inverse))
    return call("_rt.ContextItem", **keywords)


def _condition(c) -> py.Call:
    keywords = dict(id=constant(c.id), pre_text=constant(c.pre_text), post_text=constant(c.post_text), loc=constant(c.loc))
    if c.not_modelled:
        keywords["not_modelled"] = constant(c.not_modelled)
    else:
        keywords["pre"] = optional(c.pre)
        keywords["effects"] = tuple_of(c.effects)
        if c.checks:
            keywords["checks"] = tuple_of(c.checks)
    return call("_rt.Condition", **keywords)


def _footprint(p) -> py.Call:
    keywords = dict(id=constant(p.id), text=constant(p.text), loc=constant(p.loc))
    if p.not_modelled:
        keywords["not_modelled"] = constant(p.not_modelled)
    else:
        keywords["locate"] = optional(p.locate)
    return call("_rt.FootprintItem", **keywords)


def command_spec(c, fid_names: set[str]) -> py.Assign:
    """``RMI_X_SPEC = _rt.CommandSpec(…)``; the FID by its name in the types module (hex
    there) when the revision defines one."""
    fid_name = f"FID_{py_name(c.name)}"
    fid = attribute(name("_T"), fid_name) if fid_name in fid_names else constant(c.fid)
    spec = call(
        "_rt.CommandSpec",
        name=constant(c.name), interface=constant(c.interface), fid=fid, section=constant(c.section),
        summary=constant(c.summary), loc=constant(c.loc),
        inputs=tuple_of(_register(r) for r in c.inputs),
        outputs=tuple_of(_register(r) for r in c.outputs),
        context=tuple_of(_context(x) for x in c.context),
        pre_values=strings(c.pre_values),
        failure=tuple_of(_condition(f) for f in c.failure),
        ordering=tuple_of(tuple_of([strings(before), strings(after)]) for before, after in c.ordering),
        success=tuple_of(_condition(s) for s in c.success),
        footprint=tuple_of(_footprint(p) for p in c.footprint),
    )
    return py.Assign([py.Name(f"{py_name(c.name)}_SPEC", py.Store())], spec)


def command_function(c) -> py.FunctionDef:
    """``def RMI_X(_model, rd, …)``: run the command on the model with its inputs."""
    values = call("dict", **{r.name: py.Name(r.name, py.Load()) for r in c.inputs})
    body = [
        py.Expr(constant(c.summary)),
        py.Return(call("_model.execute", py.Name(f"{py_name(c.name)}_SPEC", py.Load()), values)),
    ]
    return function_def(py_name(c.name), ["_model"] + [r.name for r in c.inputs], body)


def function_definition(f) -> py.FunctionDef:
    """The ``def`` of one spec function in the functions module: its translated body, a
    call of the runtime's method bound to it, or ``raise NotModelled`` naming why not."""
    head: list[py.stmt] = [py.Expr(text(f.summary))]
    params = ["_m"] + f.params
    if f.kind == "body":
        return function_def(f.name, params, head + [Comment(f.loc)] + f.body)
    if f.kind == "runtime" and f.variadic:
        forward = call(attribute(name("_m"), f.method), py.Starred(name("args"), py.Load()))
        return function_def(f.name, ["_m"], head + [py.Return(forward)], vararg="args")
    if f.kind == "runtime":
        forward = call(attribute(name("_m"), f.method), *(name(p) for p in f.params))
        return function_def(f.name, params, head + [py.Return(forward)])
    refusal = call("_rt.NotModelled", text(f.name), text(f.loc), text(f.problem))
    return function_def(f.name, ["_m"], head + [py.Raise(refusal, None)], vararg="args")


def commands_module(model, header: list[str], docstring: str) -> str:
    """The source of ``commands.py`` (before black)."""
    imports = [
        py.Import([py.alias("specgen_runtime", "_rt")]),
        py.ImportFrom("specgen_runtime", [py.alias("asl", "_asl")], 0),
        py.ImportFrom("specgen_runtime", [py.alias("codecs", "_codecs")], 0),
        py.ImportFrom("", [py.alias("functions", "_F")], 1),
        py.ImportFrom("", [py.alias("types", "_T")], 1),
    ]
    head = [*(f"# {py_comment(line)}" for line in header), unparse(py.Expr(constant(docstring)))]
    parts = ["\n".join(head), unparse(imports)]
    fid_names = {fid_name for fid_name, _value in model.types.fids}
    for c in model.commands:
        parts.append(f"# ---- {py_comment(c.name)} ({py_comment(c.section)}, {py_comment(c.loc)}) ----")
        parts.append(unparse(command_spec(c, fid_names)))
        parts.append(unparse(command_function(c)))
    table = py.Dict([constant(c.name) for c in model.commands],
                    [py.Name(f"{py_name(c.name)}_SPEC", py.Load()) for c in model.commands])
    parts.append(unparse(py.Assign([py.Name("COMMANDS", py.Store())], table)))
    parts.append(unparse(py.Assign([py.Name("BY_FID", py.Store())], call("_rt.index_by_fid", name("COMMANDS")))))
    return "\n\n".join(parts) + "\n"
