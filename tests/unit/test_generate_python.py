"""Target ``python``: golden files on the mini spec, determinism, black, translation of
the condition language, and a hostile IR that must not become code."""

from __future__ import annotations

import ast as pyast
import dataclasses
import importlib
import sys
from functools import cache

import pytest

from specgen.extract.pipeline import extract
from specgen.generate.errors import UnsafeText
from specgen.generate.formatting import is_black_clean
from specgen.generate.py_names import py_name
from specgen.generate.filters import printable
from specgen.generate.py_syntax import attribute, call, constant, function_def, lambda_of, name, unparse
from specgen.generate.py_translate import Binding, Translator, Universe, Untranslatable
from specgen.generate.python_model import package_name, render
from specgen.generate.targets import TARGETS
from specgen import nodes as ast
from specgen.lang import parse_body, parse_expression
from specgen.lang.annotate import annotate
from specgen.pdf.text_loader import layout_from_text
from tests.fixtures.minispec import minispec_text

ALLOWED_IMPORTS = {
    "specgen_runtime",
    "specgen_runtime.values",
    "specgen_runtime.asl",
    "specgen_runtime.codecs",
    "__future__",
}
DANGEROUS_CALLS = {"eval", "exec", "compile", "open", "__import__", "getattr", "system"}


@cache
def minispec_ir():
    return annotate(extract(layout_from_text(minispec_text(), "mini.txt", "0" * 64)))


def test_target_is_registered():
    assert TARGETS["python"] == "specgen.generate.python_model"


def test_minispec_golden_files(golden):
    rendered = render(minispec_ir())
    assert rendered.ok, rendered.diagnostics
    assert sorted(rendered.files) == [
        f"den0137_1_0_rel9/{m}.py" for m in ("__init__", "commands", "functions", "types")
    ] + ["pyproject.toml"]
    for path, text in sorted(rendered.files.items()):
        golden(f"python/minispec/{path}", text)


def test_generation_is_deterministic_and_black_clean():
    first, second = render(minispec_ir()), render(minispec_ir())
    assert first.files == second.files
    for path, text in first.files.items():
        assert path.endswith(".py") or path == "pyproject.toml"
        assert is_black_clean(text) or not path.endswith(".py")
        assert text.startswith("# Executable Python model for Arm DEN0137 1.0-rel9")
        assert "DO NOT EDIT BY HAND" in text.splitlines()[2]


def test_minispec_model_imports_and_runs(tmp_path):
    rendered = render(minispec_ir())
    for path, text in rendered.files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("den0137_1_0_rel9")
        model = package.new_model()
        outcome = model.call("RMI_DATA_CREATE", rd=0x8000_0001, data=0x8000_1000, long_input_name=0)
        assert outcome.status == "RMI_ERROR_INPUT"
        # rd_state < [data_align, data_bound2]: rd_state is the only permitted result
        assert [p.conditions for p in outcome.permitted] == [("rd_state",)]
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("den0137_1_0_rel9")]:
            del sys.modules[name]


def test_package_name_is_a_validated_identifier():
    assert package_name(minispec_ir()) == "den0137_1_0_rel9"


# ---- translation -------------------------------------------------------------------------------


def translator(**scope) -> Translator:
    universe = Universe(minispec_ir())
    bindings = {
        spec_name: Binding(attribute(name("_e"), spec_name), universe.typeref(type_name), kind)
        for spec_name, (type_name, kind) in scope.items()
    }
    return Translator(universe, bindings, same_module=False, what="test")


def python(t: Translator, text: str) -> str:
    """The Python source of condition-language ``text`` translated by ``t``."""
    return unparse(t.expr(parse_expression(text)))


def test_expressions_translate_with_asl_meaning():
    t = translator(
        offset=("UInt64", "input"),
        size=("UInt64", "input"),
        a=("Bits64", "input"),
        b=("Bits64", "input"),
        rd=("Address", "input"),
        realm=("RmmRealm", "context"),
    )
    assert python(t, "offset + size < offset") == "_asl.wrap(_e.offset + _e.size, 64, False) < _e.offset"
    assert python(t, "offset + 1") == "_e.offset + 1"  # integer arithmetic does not wrap
    assert python(t, "[a, b]") == "_asl.concat((_e.a, 64), (_e.b, 64))"
    assert python(t, "2^48") == "_asl.power(2, 48)"
    assert python(t, "a[7:0]") == "_asl.bit_slice(_e.a, 7, 0)"
    assert python(t, "!AddrIsGranuleAligned(rd)") == "not _F.AddrIsGranuleAligned(_m, _e.rd)"
    assert python(t, "realm.state == RD") == "_e.realm.state == _T.RD"
    assert python(t, "realm_pre.state") == "_e._pre('realm').state"
    assert t.pre_values == {"realm"}
    assert python(t, "UInt(rd) >= RMM_GRANULE_SIZE") == "_asl.UInt(_e.rd) >= _m.RMM_GRANULE_SIZE"


def test_precedence_is_the_trees_not_the_texts():
    """Parentheses come from the tree: the ones Python needs, and the spec's grouping of
    && and || (ASL and Python agree on neither ``-`` nor ``!`` binding everywhere)."""
    t = translator(x=("integer", "input"), y=("integer", "input"), z=("integer", "input"))
    assert python(t, "x - (y - z) == 0") == "_e.x - (_e.y - _e.z) == 0"
    assert python(t, "(x - y) - z == 0") == "_e.x - _e.y - _e.z == 0"
    assert python(t, "!(x == 1 || y == 2)") == "not (_e.x == 1 or _e.y == 2)"
    assert python(t, "x == 1 && y == 2 || z == 3") == "(_e.x == 1 and _e.y == 2) or _e.z == 3"
    assert python(t, "x == 1 && (y == 2 || z == 3)") == "_e.x == 1 and (_e.y == 2 or _e.z == 3)"
    assert python(t, "(x == y) == (y == z)") == "(_e.x == _e.y) == (_e.y == _e.z)"  # not chained
    for text in ("x - (y - z) == 0", "(x == y) == (y == z)", "-(x + y) < 2 ^ 3"):
        tree = t.expr(parse_expression(text))
        assert pyast.dump(pyast.parse(unparse(tree), mode="eval").body) == pyast.dump(tree), text


def test_what_cannot_be_translated_says_why():
    t = translator(x=("UInt64", "input"))
    with pytest.raises(Untranslatable, match="name 'nowhere' is not defined"):
        t.expr(parse_expression("nowhere + 1"))
    with pytest.raises(Untranslatable, match="function Frobnicate is not defined"):
        t.expr(parse_expression("Frobnicate(x)"))
    with pytest.raises(Untranslatable, match="unknown width"):
        t.expr(parse_expression("[x, 1]"))


def function_translator() -> Translator:
    universe = Universe(minispec_ir())
    return Translator(universe, {"n": Binding(name("n"), universe.typeref("integer"), "param")},
                      same_module=True, what="f")


def test_function_bodies_translate_to_statements():
    body = parse_body(
        "begin var total = 0; for i = 0 to n - 1 do if i == 3 then total = total + i; end end "
        "case n of when 1, 2 => return 0; otherwise => return total; end end"
    )
    lines = unparse(function_translator().block(body)).splitlines()
    assert lines[0] == "total = 0"
    assert "for i in _asl.inclusive_range(0, n - 1):" in lines
    assert "_case1 = n" in lines and "if _case1 == 1 or _case1 == 2:" in lines
    assert lines[-2:] == ["else:", "    return total"]


def test_comments_and_empty_blocks_in_bodies():
    body = parse_body("begin if n == 0 then // nothing to do\n end return n; end")
    source = unparse(function_translator().block(body))
    assert source.splitlines() == ["if n == 0:", "    # nothing to do", "    pass", "return n"]
    pyast.parse(source)


def test_assignment_to_what_python_cannot_assign_is_not_modelled():
    body = parse_body("begin var a = n; a[0] = 1; end")
    with pytest.raises(Untranslatable, match="assignment to a\\[0\\]"):
        function_translator().block(body)


# ---- hostile IR ----------------------------------------------------------------------------------

HOSTILE_TEXT = '"""\'\nimport os; os.system("rm -rf /")  # \\x00\u202e'


def hostile_ir(**changes):
    ir = minispec_ir()
    command = ir.commands[0]
    return dataclasses.replace(
        ir, commands=(dataclasses.replace(command, **changes),) + ir.commands[1:]
    )


def parsed_files(rendered) -> list[pyast.Module]:
    return [pyast.parse(text) for path, text in rendered.files.items() if path.endswith(".py")]


def test_hostile_text_stays_data():
    ir = minispec_ir()
    command = ir.commands[0]
    condition = dataclasses.replace(
        command.failure_conditions[0], id=HOSTILE_TEXT, post=HOSTILE_TEXT
    )
    context = dataclasses.replace(command.context[0], value=HOSTILE_TEXT)
    functions = (dataclasses.replace(ir.functions[0], summary=HOSTILE_TEXT),) + ir.functions[1:]
    types = (dataclasses.replace(ir.types[0], summary=HOSTILE_TEXT),) + ir.types[1:]
    hostile = dataclasses.replace(
        ir,
        functions=functions,
        types=types,
        document=dataclasses.replace(ir.document, version='1.0-rel9"""' + HOSTILE_TEXT),
        commands=(
            dataclasses.replace(
                command,
                summary=HOSTILE_TEXT,
                section=HOSTILE_TEXT,
                context=(context,) + command.context[1:],
                failure_conditions=(condition,) + command.failure_conditions[1:],
            ),
        ),
    )
    rendered = render(hostile)
    assert rendered.ok, rendered.diagnostics
    for module in parsed_files(rendered):
        for node in pyast.walk(module):
            if isinstance(node, (pyast.Import, pyast.ImportFrom)) and getattr(node, "level", 0) == 0:
                names = (
                    [node.module]
                    if isinstance(node, pyast.ImportFrom)
                    else [a.name for a in node.names]
                )
                assert set(names) <= ALLOWED_IMPORTS
            if isinstance(node, pyast.Call) and isinstance(node.func, pyast.Name):
                assert node.func.id not in DANGEROUS_CALLS
            if isinstance(node, pyast.Attribute):
                assert node.attr not in DANGEROUS_CALLS
    commands = next(text for path, text in rendered.files.items() if path.endswith("/commands.py"))
    assert "import os" not in "".join(
        line.split("#")[0] for line in commands.splitlines() if '"' not in line and "'" not in line
    )


@pytest.mark.parametrize(
    "where",
    ["command name", "input name", "member in condition", "function parameter", "local variable",
     "enum member"],
)
def test_hostile_identifiers_are_rejected_with_a_location(where):
    ir = minispec_ir()
    command = ir.commands[0]
    evil = "x(); import os; os.system('id') #"
    if where == "command name":
        ir = hostile_ir(name=evil)
    elif where == "input name":
        ir = hostile_ir(
            inputs=(dataclasses.replace(command.inputs[1], name=evil),) + command.inputs[2:]
        )
    elif where == "member in condition":
        node = ast.Member(ast.Name("rd"), evil)
        condition = dataclasses.replace(
            command.failure_conditions[0], pre_ast=ast.Unary("!", node)
        )
        ir = hostile_ir(failure_conditions=(condition,) + command.failure_conditions[1:])
    elif where == "function parameter":
        function = ir.functions[0]
        signature = dataclasses.replace(
            function.signatures[0], ast=parse_expression_signature(evil)
        )
        ir = dataclasses.replace(
            ir,
            functions=(dataclasses.replace(function, signatures=(signature,)),) + ir.functions[1:],
        )
    elif where == "local variable":
        function = next(f for f in ir.functions if f.body_ast is not None)
        body = ast.Block((ast.Var(evil, None, ast.Number("1", 1)), ast.Return(ast.Boolean(True))))
        ir = dataclasses.replace(
            ir, functions=tuple(dataclasses.replace(f, body_ast=body) if f is function else f for f in ir.functions)
        )
    else:
        enum = next(t for t in ir.types if t.kind == "enum")
        member = dataclasses.replace(enum.members[0], name=evil)
        types = tuple(
            dataclasses.replace(t, members=(member,) + t.members[1:]) if t is enum else t
            for t in ir.types
        )
        ir = dataclasses.replace(ir, types=types)
    rendered = render(ir)
    assert not rendered.ok and not rendered.files
    message = " ".join(d.message for d in rendered.diagnostics)
    assert "not a usable identifier" in message
    if where != "enum member":
        assert any(d.loc is not None for d in rendered.diagnostics)


def test_an_unknown_hostile_name_makes_its_condition_not_modelled():
    command = minispec_ir().commands[0]
    evil = "x(); import os #"
    condition = dataclasses.replace(
        command.failure_conditions[0], pre_ast=ast.Name(evil)
    )
    rendered = render(hostile_ir(failure_conditions=(condition,) + command.failure_conditions[1:]))
    assert rendered.ok
    parsed_files(rendered)  # still valid Python
    strings = [
        n.value
        for n in pyast.walk(pyast.parse(rendered.files["den0137_1_0_rel9/commands.py"]))
        if isinstance(n, pyast.Constant) and isinstance(n.value, str)
    ]
    assert any(evil in s and "is not defined" in s for s in strings)


def parse_expression_signature(evil: str):
    """A signature AST whose parameter name is ``evil`` (the grammar would never give one)."""

    return ast.FunctionSig(
        "AddrInRange", (ast.Param(evil, ast.NamedType("Address")),), ast.NamedType("boolean")
    )


def test_python_names_are_validated_and_keywords_escaped():
    assert py_name("rd") == "rd" and py_name("from") == "from_" and py_name("copy") == "copy_"
    for bad in ("", "_m", "a b", "a.b", "é", "1x", "x\n"):
        with pytest.raises(UnsafeText):
            py_name(bad)


def test_hostile_text_in_a_function_body_stays_a_comment_or_a_literal():
    """ASL comments, assertion texts and summaries reach functions.py: as one ``#`` line, as
    string constants (the docstring too), never as code."""
    ir = minispec_ir()
    function = next(f for f in ir.functions if f.body_ast is not None)
    body = ast.Block((
        ast.Comment(HOSTILE_TEXT),
        ast.Assert(ast.Binary("==", ast.Number("1", 1), ast.Number("1", 1))),
        ast.Return(ast.Boolean(True)),
    ))
    summary = HOSTILE_TEXT + "'''"
    functions = tuple(
        dataclasses.replace(f, body_ast=body, summary=summary) if f is function else f
        for f in ir.functions
    )
    rendered = render(dataclasses.replace(ir, functions=functions))
    assert rendered.ok, rendered.diagnostics
    source = rendered.files["den0137_1_0_rel9/functions.py"]
    tree = pyast.parse(source)
    definition = next(n for n in tree.body if isinstance(n, pyast.FunctionDef) and n.name == function.name)
    assert pyast.get_docstring(definition, clean=False).strip() == printable(summary)
    assert [type(s).__name__ for s in definition.body] == ["Expr", "Expr", "Return"]
    assert not any(isinstance(n, (pyast.Import, pyast.ImportFrom)) for n in pyast.walk(definition))
    comments = [line.strip() for line in source.splitlines() if "import os" in line and "'''" not in line]
    assert comments == ["# " + printable(HOSTILE_TEXT)]  # the whole text on one comment line


@pytest.mark.parametrize("evil", ["x(); import os #", "a.b", "", "class", "\u00e9", "x\n"])
def test_unparse_refuses_what_is_not_an_identifier(evil):
    """The last line of defence: a tree holding a name that slipped past py_name."""
    trees = [
        name(evil),
        attribute(name("_m"), evil),
        call("_rt.f", **{evil: constant(1)}) if evil.isidentifier() else pyast.Call(name("f"), [], [pyast.keyword(evil, constant(1))]),
        lambda_of([evil], constant(1)),
        function_def(evil, [], [pyast.Pass()]),
    ]
    for tree in trees:
        with pytest.raises(UnsafeText, match="not a usable identifier"):
            unparse(tree)


def test_unparse_prints_plain_data_only():
    with pytest.raises(UnsafeText, match="plain data"):
        constant(1.5)
    with pytest.raises(UnsafeText, match="plain data"):
        unparse(pyast.Constant(b"bytes"))
