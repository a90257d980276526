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
from specgen.generate.py_translate import Binding, Translator, Universe, Untranslatable
from specgen.generate.python_model import package_name, render, strip_parentheses
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
        name: Binding(f"_e.{name}", universe.typeref(type_name), kind)
        for name, (type_name, kind) in scope.items()
    }
    return Translator(universe, bindings, same_module=False, what="test")


def test_expressions_translate_with_asl_meaning():
    t = translator(
        offset=("UInt64", "input"),
        size=("UInt64", "input"),
        a=("Bits64", "input"),
        b=("Bits64", "input"),
        rd=("Address", "input"),
        realm=("RmmRealm", "context"),
    )
    assert (
        t.expr(parse_expression("offset + size < offset"))
        == "(_asl.wrap(_e.offset + _e.size, 64, False) < _e.offset)"
    )
    assert (
        t.expr(parse_expression("offset + 1")) == "(_e.offset + 1)"
    )  # integer arithmetic does not wrap
    assert t.expr(parse_expression("[a, b]")) == "_asl.concat((_e.a, 64), (_e.b, 64))"
    assert t.expr(parse_expression("2^48")) == "_asl.power(2, 48)"
    assert t.expr(parse_expression("a[7:0]")) == "_asl.bit_slice(_e.a, 7, 0)"
    assert (
        t.expr(parse_expression("!AddrIsGranuleAligned(rd)"))
        == "(not _F.AddrIsGranuleAligned(_m, _e.rd))"
    )
    assert t.expr(parse_expression("realm.state == RD")) == "(_e.realm.state == _T.RD)"
    assert t.expr(parse_expression("realm_pre.state")) == "_e._pre('realm').state"
    assert t.pre_values == {"realm"}
    assert (
        t.expr(parse_expression("UInt(rd) >= RMM_GRANULE_SIZE"))
        == "(_asl.UInt(_e.rd) >= _m.RMM_GRANULE_SIZE)"
    )


def test_what_cannot_be_translated_says_why():
    t = translator(x=("UInt64", "input"))
    with pytest.raises(Untranslatable, match="name 'nowhere' is not defined"):
        t.expr(parse_expression("nowhere + 1"))
    with pytest.raises(Untranslatable, match="function Frobnicate is not defined"):
        t.expr(parse_expression("Frobnicate(x)"))
    with pytest.raises(Untranslatable, match="unknown width"):
        t.expr(parse_expression("[x, 1]"))


def test_function_bodies_translate_to_statements():
    t = Translator(
        Universe(minispec_ir()), {"n": Binding("n", "integer", "param")}, same_module=True, what="f"
    )
    body = parse_body(
        "begin var total = 0; for i = 0 to n - 1 do if i == 3 then total = total + i; end end "
        "case n of when 1, 2 => return 0; otherwise => return total; end end"
    )
    lines = t.block(body, 1)
    assert lines[0] == "    total = 0"
    assert "    for i in _asl.inclusive_range(0, (n - 1)):" in lines
    assert "    if _case1 == 1 or _case1 == 2:" in lines


def test_strip_parentheses_only_strips_an_enclosing_pair():
    assert strip_parentheses("(a and b)") == "a and b"
    assert strip_parentheses("(a) and (b)") == "(a) and (b)"


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
    ["command name", "input name", "member in condition", "function parameter", "enum member"],
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
