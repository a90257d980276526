"""``specgen-ir/2``: the JSON Schema is generated from the dataclasses and committed; every
bundled IR satisfies it (checked by an independent validator); loading checks the same
shape and refuses older or damaged files with the JSON path of the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from specgen.api import bundled_versions, load_ir
from specgen.diagnostics import InputError
from specgen.extract.ir import SCHEMA, TypeKind, dumps, ir_json_schema, loads
from specgen.extract.typing import bit_range, integer, type_ref, width_bits
from specgen.paths import generated_dir

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "specgen-ir-2.schema.json"


def test_committed_schema_is_the_generated_one():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == ir_json_schema(), "regenerate schema/specgen-ir-2.schema.json (see README, 'The IR')"
    assert committed["properties"]["schema"] == {"const": SCHEMA}


@pytest.mark.parametrize("version", bundled_versions())
def test_bundled_irs_satisfy_the_schema(version):
    text = (generated_dir() / version / "ir.json").read_text(encoding="utf-8")
    assert dumps(loads(text)) == text  # the strict loader: every key, type and node checked
    if version in ("1.0-eac5", "1.0-rel0"):  # an independent validator too (slow: two suffice)
        jsonschema = pytest.importorskip("jsonschema")
        validator = jsonschema.Draft202012Validator(ir_json_schema())
        errors = sorted(validator.iter_errors(json.loads(text)), key=str)
        assert not errors, errors[0].message


def _rel0_data() -> dict:
    if "1.0-rel0" not in bundled_versions():
        pytest.skip("1.0-rel0 not bundled")
    return json.loads((generated_dir() / "1.0-rel0" / "ir.json").read_text(encoding="utf-8"))


def test_version_1_files_are_refused_with_what_to_do(tmp_path):
    data = _rel0_data()
    data["schema"] = "specgen-ir/1"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"specgen-ir/1.*specgen extract"):
        load_ir(str(path))


@pytest.mark.parametrize(
    "damage, where",
    [
        (lambda d: d["commands"][0].__setitem__("fid", "0xC4000150"), "$.commands[0].fid: expected an integer"),
        (lambda d: d["commands"][0]["inputs"][0].__setitem__("bits", "63:0"), "$.commands[0].inputs[0].bits"),
        (lambda d: d["types"][0].__setitem__("colour", "red"), "unknown key(s) colour"),
        (lambda d: d["commands"][0]["failure_conditions"][0]["pre_ast"].__setitem__("node", "Nope"), "pre_ast"),
        (lambda d: d["commands"][0]["inputs"][0]["type"].__setitem__("kind", "float"), "is not one of"),
        (lambda d: d["commands"][0].pop("loc"), "$.commands[0].loc: missing"),
    ],
    ids=["string fid", "string bits", "unknown key", "unknown node", "unknown kind", "missing key"],
)
def test_damaged_files_are_refused_with_the_json_path(damage, where):
    data = _rel0_data()
    damage(data)
    with pytest.raises(ValueError) as error:
        loads(json.dumps(data))
    assert where in str(error.value)


def test_cells_read_as_typed_values():
    assert (bit_range("63:0").high, bit_range("63:0").low, bit_range("7").width) == (63, 0, 1)
    assert bit_range("0:7") is None and bit_range("63-0") is None
    assert (integer("0x808"), integer("-1"), integer("16"), integer("1_000"), integer("x")) == (0x808, -1, 16, 1000, None)
    assert (width_bits("64 bits"), width_bits("256 (0x100) bytes"), width_bits("some bytes")) == (64, 2048, None)
    assert type_ref("Int64").signed is True and type_ref("UInt64").signed is False
    array = type_ref("array [16] of Address")
    assert (array.name, array.kind, array.width, array.count) == ("Address", TypeKind.ADDRESS, 64, 16)
    assert (type_ref("Bits64[32]").count, type_ref("bits(size * 8)").width) == (32, None)
    assert type_ref("RmiRealmParams").kind is TypeKind.UNKNOWN and type_ref("") is None


def test_types_are_resolved_against_the_document():
    ir = load_ir("1.0-rel0") if "1.0-rel0" in bundled_versions() else pytest.skip("1.0-rel0 not bundled")
    psci = next(c for c in ir.commands if c.name == "RMI_PSCI_COMPLETE")
    status = next(r for r in psci.inputs if r.name == "status")
    assert (status.type.kind, status.type.width, status.type.signed) == (TypeKind.ENUM, 64, True)  # negative codes
    params = next(t for t in ir.types if t.name == "RmiRealmParams")
    level = next(m for m in params.members if m.name == "rtt_level_start")
    assert (level.offset, level.type.kind, level.type.signed) == (0x810, TypeKind.INT, True)
    assert isinstance(psci.fid, int)
