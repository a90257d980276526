"""The runtime's building blocks, without a generated model: ASL helpers, value classes,
register codecs, the ordering rule and the prose rules."""

from __future__ import annotations

import enum

import pytest

from specgen_runtime import asl, codecs
from specgen_runtime.errors import ModelError, NotModelled, Undefined
from specgen_runtime.machine import ordering_closure
from specgen_runtime.prose import PROSE_RULES, prose_rule
from specgen_runtime.values import (
    AbstractEnum,
    BitField,
    EncodedEnum,
    Fieldset,
    Struct,
    StructField,
    Symbol,
    abstract_name,
    copy_value,
    decode_enum,
    freeze,
)


class Status(EncodedEnum):
    OK = 0
    BAD = 1
    NEGATIVE = -3


class Colour(AbstractEnum):
    RED = "RED"
    RMI_BLUE = "RMI_BLUE"


class Code(Fieldset):
    __slots__ = ["status", "index"]
    _WIDTH = 64


Code._FIELDS = (
    BitField("status", 7, 0, lambda raw: decode_enum(Status, raw, 8)),
    BitField("index", 15, 8, int),
)


class Params(Struct):
    __slots__ = ["flags", "size", "regs", "code"]
    _SIZE = 64


Params._FIELDS = (
    StructField("flags", lambda: Code(), None, 0, 8, Code),
    StructField("size", int, None, 8, 1, None),
    StructField("regs", int, 3, 16, 8, None),
    StructField("code", lambda: decode_enum(Status, 0), None, 40, 1, Status),
)


def test_asl_slices_concatenation_and_wrapping():
    assert asl.bit_slice(0xABCD, 15, 8) == 0xAB
    assert asl.bit_slice(-1, 63, 0) == (1 << 64) - 1  # integers slice in two's complement
    assert asl.set_bit_slice(0xFF00, 7, 0, 0x12) == 0xFF12
    assert asl.concat((0x1, 4), (0x2, 4)) == 0x12  # the first part is most significant
    assert asl.wrap((1 << 64) + 5, 64) == 5
    assert asl.wrap(0xFF, 8, signed=True) == -1
    assert asl.power(2, 48) == 1 << 48
    assert list(asl.inclusive_range(0, 3)) == [0, 1, 2, 3]
    assert list(asl.inclusive_range_down(3, 1)) == [3, 2, 1]
    assert asl.UInt(Status.BAD) == 1 and asl.SInt(0xFF, 8) == -1


def test_asl_errors_are_model_errors_or_undefined():
    with pytest.raises(Undefined):
        asl.element([1, 2], 2)
    with pytest.raises(ModelError):
        asl.check_assert(False, "count <= 16")
    with pytest.raises(ModelError):
        asl.divide(3, 2)
    with pytest.raises(NotModelled):
        asl.Ones()


def test_fieldset_encode_decode_by_bit_ranges():
    code = Code.decode(0x0201)
    assert code.status is Status.BAD and code.index == 2
    assert code.encode() == 0x0201
    assert code == 0x0201 and code != 0x0202
    assert Code(status=Status.OK).encode() == 0
    unknown = Code.decode(0x77)  # no member with encoding 0x77: kept as the raw value
    assert unknown.status == 0x77 and not isinstance(unknown.status, enum.Enum)
    copy = code.copy()
    copy.index = 5
    assert code.index == 2


def test_struct_defaults_copy_and_byte_layout():
    params = Params(size=3)
    assert params.regs == [0, 0, 0] and params.code is Status.OK
    params.regs[1] = 0x1122
    params.flags.index = 9
    data = params.to_bytes()
    assert len(data) == 64 and data[8] == 3 and data[24:26] == b"\x22\x11" and data[1] == 9
    again = Params.from_bytes(data)
    assert again == params and again is not params
    twin = copy_value(params)
    twin.regs[0] = 1
    assert params.regs[0] == 0
    assert freeze(params) != freeze(twin)


def test_symbols_and_abstract_names():
    assert Symbol("RMI_ERROR_INPUT") == Symbol("RMI_ERROR_INPUT")
    assert Symbol("RED") == Colour.RED and Colour.RED == Symbol("RED")
    assert Symbol("RED") != Colour.RMI_BLUE
    assert abstract_name(Colour.RMI_BLUE) == "BLUE"


def test_register_codecs_accept_raw_and_typed_values():
    decode, encode = codecs.enumeration(Status, 64, True)
    assert decode((1 << 64) - 3) is Status.NEGATIVE
    assert decode(Status.BAD) is Status.BAD
    assert encode(Status.NEGATIVE) == (1 << 64) - 3
    decode, encode = codecs.signed(64)
    assert decode((1 << 64) - 1) == -1 and encode(-1) == (1 << 64) - 1
    decode, encode = codecs.fieldset(Code, 64)
    assert decode(0x0101).index == 1 and encode(Code(status=Status.BAD)) == 1


def test_ordering_closure_is_transitive():
    closure = ordering_closure([(("a",), ("b",)), (("b",), ("c", "d"))], ["a", "b", "c", "d", "e"])
    assert closure["c"] == {"a", "b"} and closure["b"] == {"a"} and closure["e"] == frozenset()


def test_prose_rules_apply_only_to_their_exact_text():
    rule = prose_rule(
        "RMI_GRANULE_UNDELEGATE", "gran_content", "post", "Contents of  target Granule are wiped."
    )
    assert rule is not None and rule.method == "prose_wipe_granule"
    assert (
        prose_rule("RMI_GRANULE_UNDELEGATE", "gran_content", "post", "Contents are scrambled.")
        is None
    )
    assert all(key[2] in ("pre", "post") for key in PROSE_RULES)
