"""`generate` reports everything it leaves out, with the reason and location; --strict fails."""

from __future__ import annotations

import dataclasses

from click.testing import CliRunner

from specgen.api import load_ir
from specgen.cli import main
from specgen.extract.ir import dumps
from tests.fixtures.minispec import minispec_text


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _two_commands_one_broken(tmp_path):
    """The bundled rel0 IR cut to two commands; one failure condition of the second does not
    parse (as when a new revision's text defeats the grammar)."""
    ir = load_ir("1.0-rel0")
    commands = []
    for command in ir.commands:
        if command.name == "RMI_GRANULE_UNDELEGATE":
            first, *rest = command.failure_conditions
            broken = dataclasses.replace(first, pre="Granule(addr).state ==== (", pre_ast=None)
            command = dataclasses.replace(command, failure_conditions=type(command.failure_conditions)([broken, *rest]))
        if command.name in ("RMI_GRANULE_DELEGATE", "RMI_GRANULE_UNDELEGATE"):
            commands.append(command)
    path = tmp_path / "cut.json"
    path.write_text(dumps(dataclasses.replace(ir, commands=type(ir.commands)(commands))), encoding="utf-8")
    return path, first


def test_a_command_without_tests_is_reported_with_its_conditions_and_reasons(tmp_path):
    source, broken = _two_commands_one_broken(tmp_path)
    out = tmp_path / "o"
    result = run("generate", source, "-t", "tests", "-o", out)
    assert result.exit_code == 0, result.output
    modules = sorted(p.name for p in (out / "tests").glob("test_*.py"))
    assert "test_rmi_granule_delegate.py" in modules
    lines = result.output.splitlines()
    dropped = [line for line in lines if "RMI_GRANULE_UNDELEGATE: no test module" in line]
    assert dropped and "test_rmi_granule_undelegate.py" not in modules
    reason = [line for line in lines if f"no test of failure condition {broken.id}:" in line]
    assert reason and "did not parse" in reason[0] and f"page {broken.loc.page}, line {broken.loc.line}" in reason[0]
    assert "left out:" in lines[-1] and "in tests" in lines[-1]
    strict = run("generate", source, "-t", "tests", "-o", tmp_path / "o2", "--strict", "-q")
    assert strict.exit_code == 1
    assert (tmp_path / "o2" / "tests" / "test_rmi_granule_delegate.py").is_file()  # still written


def test_conditions_the_model_cannot_execute_are_listed_with_the_reason(tmp_path):
    spec = tmp_path / "mini.txt"
    spec.write_text(minispec_text(), encoding="utf-8")
    result = run("generate", spec, "-t", "python", "-o", tmp_path / "o")
    assert result.exit_code == 0
    prose = [line for line in result.output.splitlines() if "success condition data_content not modelled" in line]
    assert prose and "prose post: Contents of target Granule are wiped." in prose[0]
    assert prose[0].startswith("page 7, line ")
    assert run("generate", spec, "-t", "python", "-o", tmp_path / "o", "--strict").exit_code == 1


def test_nothing_left_out_means_no_list_and_strict_passes(tmp_path):
    ir = load_ir("1.0-rel0")
    keep = [c for c in ir.commands if c.name == "RMI_GRANULE_DELEGATE"]
    source = tmp_path / "one.json"
    source.write_text(dumps(dataclasses.replace(ir, commands=type(ir.commands)(keep), functions=type(ir.functions)(
        f for f in ir.functions if f.name in ("AddrIsGranuleAligned", "PaIsDelegable", "Granule")))), encoding="utf-8")
    result = run("generate", source, "-t", "python", "-o", tmp_path / "o", "--strict")
    assert "left out" not in result.output, result.output
    assert result.exit_code == 0


def _replace_type(ir, name, edit):
    return dataclasses.replace(ir, types=type(ir.types)(edit(t) if t.name == name else t for t in ir.types))


def test_c_header_reports_abi_types_and_commands_it_cannot_emit():
    from specgen.generate.cabi import render

    ir = load_ir("1.0-rel0")
    assert render(ir).left_out == []  # abstract types (no encodings at all) are not ABI: not "left out"
    status = next(t for t in ir.types if t.name == "RmiStatusCode")
    lost = status.members[1]
    ir = _replace_type(ir, "RmiStatusCode", lambda t: dataclasses.replace(t, members=type(t.members)(
        dataclasses.replace(m, encoding=None) if m is lost else m for m in t.members)))
    params = next(t for t in ir.types if t.name == "RmiRealmParams")
    ir = _replace_type(ir, "RmiRealmParams", lambda t: dataclasses.replace(t, members=type(t.members)(
        dataclasses.replace(m, offset=None) if m is t.members[0] else m for m in t.members)))
    ir = dataclasses.replace(ir, commands=type(ir.commands)(
        dataclasses.replace(c, fid=None) if c.name == "RMI_VERSION" else c for c in ir.commands))
    left = {d.message: d.loc for d in render(ir).left_out}
    assert left == {
        f"C header: enum RmiStatusCode not emitted: no numeric encoding for {lost.name}": status.loc,
        f"C header: struct RmiRealmParams not emitted: no byte offset for {params.members[0].name}": params.loc,
        "C header: RMI_VERSION: no FID, so no FID macro and no stub": next(
            c.loc for c in ir.commands if c.name == "RMI_VERSION"),
    }
