"""Base classes of the generated types, and value helpers (copy, freeze, flatten).

Why hand-written bases: the generated ``types`` module only *declares* each spec type (its
fields, bit ranges, byte offsets, defaults); the behaviour every type shares (construction
with defaults, deep copy, equality, encode/decode by bit ranges, byte layout) lives here
once, tested once.

- ``EncodedEnum`` (an ``IntEnum``) for enumerations with an Encoding column (RMI/RSI/PSCI
  ABI types): members compare equal to their encodings, so a decoded register compares with
  a constant; ``AbstractEnum`` for RMM enumerations without encodings.
- ``Symbol``: a constant a revision uses but does not define (eac5 and the 1.1 alphas have
  no RMI/RSI type chapters): it compares equal by name to a symbol or enum member.
- ``Fieldset``: fields at bit ranges of one register-sized value (``encode``/``decode``).
- ``Struct``: named fields, arrays as lists, optional byte layout (``to_bytes``/``from_bytes``).
"""

from __future__ import annotations

import enum
import operator
from dataclasses import dataclass
from typing import Any, Callable

from specgen_runtime.errors import ModelError, NotModelled


class Symbol:
    """A symbolic constant (``RMI_ERROR_INPUT`` in a revision without the RMI type chapter)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __eq__(self, other):
        if isinstance(other, (Symbol, enum.Enum)):
            return other.name == self.name
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return self.name


class EncodedEnum(enum.IntEnum):
    """An enumeration with encodings (its members are ints)."""

    def __repr__(self):
        return self.name

    __str__ = __repr__


class AbstractEnum(enum.Enum):
    """An RMM enumeration without encodings (members are compared by identity)."""

    def __repr__(self):
        return self.name

    __str__ = __repr__


def decode_enum(enum_class: type[EncodedEnum], raw: int, width: int = 64, signed: bool = False):
    """The member encoded by ``raw`` (a register value), or ``raw`` itself when no member has
    that encoding (an invalid input still compares unequal to every constant)."""
    value = int(raw) & ((1 << width) - 1)
    if signed and value >> (width - 1):
        value -= 1 << width
    try:
        return enum_class(value)
    except ValueError:
        return value


def abstract_name(value) -> str | None:
    """The RMM name of an enumeration value: ``RMI_FEATURE_TRUE`` -> ``FEATURE_TRUE``.

    Used by ``Equal(abstract, concrete)``: the spec pairs RMM (abstract) and RMI/RSI
    (concrete) enumerations whose member names differ by the interface prefix."""
    name = getattr(value, "name", None)
    if name is None:
        return None
    for prefix in ("RMI_", "RSI_"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# ---- fieldsets -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BitField:
    """A fieldset member: ``name`` at bits ``[high:low]``; ``decode`` turns the raw bits into
    the member's value (an enum member, or the int)."""

    name: str
    high: int
    low: int
    decode: Callable[[int], Any] = int


class _Tracked:
    """Base of values that can be part of the state: an assignment to a field of one that
    is attached to a state (``_sink`` set) records its root location as changed, so that
    state snapshots only re-read what changed (see ``specgen_runtime.state``)."""

    __slots__ = ("_loc", "_sink")

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        sink = self._sink
        if sink is not None and name[0] != "_":
            sink.add(self._loc[:2])
            if isinstance(value, (_Tracked, list)):
                attach(value, self._loc + (name,), sink)


def attach(value, loc: tuple, sink: set | None) -> None:
    """Make ``value`` (and what it contains) part of the state at location ``loc``: its
    changes are reported to ``sink`` (None detaches it)."""
    if isinstance(value, _Tracked):
        object.__setattr__(value, "_loc", loc)
        object.__setattr__(value, "_sink", sink)
        if isinstance(value, Struct):
            for field in value._FIELDS:
                item = getattr(value, field.name)
                if isinstance(item, (_Tracked, list)):
                    attach(item, loc + (field.name,), sink)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, (_Tracked, list)):
                attach(item, loc + (i,), sink)


class Fieldset(_Tracked):
    """A value made of fields at bit ranges (RmiCommandReturnCode, RmiRealmFlags …)."""

    __slots__ = ()
    _FIELDS: tuple[BitField, ...] = ()
    _WIDTH: int = 64

    def __init__(self, **values):
        set_field = object.__setattr__
        set_field(self, "_loc", None)
        set_field(self, "_sink", None)
        for field in self._FIELDS:
            set_field(
                self,
                field.name,
                values.pop(field.name) if field.name in values else field.decode(0),
            )
        if values:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(sorted(values))}")

    @classmethod
    def decode(cls, raw) -> Fieldset:
        """The fieldset held in the register value ``raw`` (or ``raw`` itself if already one)."""
        if isinstance(raw, cls):
            return raw
        raw = int(raw)
        instance = cls.__new__(cls)
        set_field = object.__setattr__
        set_field(instance, "_loc", None)
        set_field(instance, "_sink", None)
        for field in cls._FIELDS:
            set_field(
                instance,
                field.name,
                field.decode((raw >> field.low) & ((1 << (field.high - field.low + 1)) - 1)),
            )
        return instance

    def encode(self) -> int:
        value = 0
        for field in self._FIELDS:
            raw = getattr(self, field.name)
            if not isinstance(raw, int):
                raise NotModelled(
                    f"{type(self).__name__}.{field.name}", detail=f"{raw!r} has no encoding"
                )
            value |= (int(raw) & ((1 << (field.high - field.low + 1)) - 1)) << field.low
        return value

    def copy(self) -> Fieldset:
        instance = self.__class__.__new__(self.__class__)
        set_field = object.__setattr__
        set_field(instance, "_loc", self._loc)
        set_field(instance, "_sink", None)
        for field in self._FIELDS:
            set_field(instance, field.name, getattr(self, field.name))
        return instance

    def freeze(self):
        return tuple(getattr(self, field.name) for field in self._FIELDS)

    def __eq__(self, other):
        if isinstance(other, Fieldset):
            return type(other) is type(self) and self.freeze() == other.freeze()
        if isinstance(other, int) and not isinstance(other, bool):
            try:
                return self.encode() == int(other)
            except NotModelled:
                return False
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None  # mutable

    def __repr__(self):
        fields = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self._FIELDS)
        return f"{type(self).__name__}({fields})"


# ---- structs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StructField:
    """A struct member. ``count`` is the array length (``gprs[0..31]`` is one field of 32);
    ``offset``/``size`` give the byte layout of ABI structs (None when the spec gives none);
    ``codec`` converts to and from that many bytes' integer (an enum or fieldset class, a
    struct class, or None for plain integers); ``signed`` plain integers are two's
    complement (``Int64``: all-ones bytes read back as -1)."""

    name: str
    default: Callable[[], Any]
    count: int | None = None
    offset: int | None = None
    size: int | None = None
    codec: Any = None
    signed: bool = False

    def make_default(self):
        if self.count is None:
            return self.default()
        return [self.default() for _ in range(self.count)]


class Struct(_Tracked):
    """A record of the spec (RmmRealm, RmiRealmParams …). ``_loc`` is the location of a
    state object (set by the runtime), used to attribute changes to the footprint."""

    __slots__ = ()
    _FIELDS: tuple[StructField, ...] = ()
    _SIZE: int | None = None  # bytes, for ABI structs

    def __init__(self, **values):
        set_field = object.__setattr__
        set_field(self, "_loc", None)
        set_field(self, "_sink", None)
        for field in self._FIELDS:
            set_field(
                self,
                field.name,
                values.pop(field.name) if field.name in values else field.make_default(),
            )
        if values:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(sorted(values))}")

    def copy(self) -> Struct:
        """A deep copy (its location is kept: a copy taken *before* a command still says
        which state object it came from)."""
        cls = type(self)
        getter, composite = cls.__dict__.get("_freeze_plan") or cls._make_freeze_plan()
        values = getter(self)
        instance = cls.__new__(cls)
        set_field = object.__setattr__
        set_field(instance, "_loc", self._loc)
        set_field(instance, "_sink", None)
        for field, value in zip(cls._FIELDS, values):
            set_field(instance, field.name, value)
        for i in composite:
            set_field(instance, cls._FIELDS[i].name, copy_value(values[i]))
        return instance

    def freeze(self):
        plan = type(self).__dict__.get("_freeze_plan") or type(self)._make_freeze_plan()
        getter, composite = plan
        values = getter(self)
        if not composite:
            return values
        values = list(values)
        for i in composite:
            values[i] = freeze(values[i])
        return tuple(values)

    @classmethod
    def _make_freeze_plan(cls):
        """(getter of all fields as a tuple, positions of fields holding structs, fieldsets
        or arrays): the image of a state is taken before and after every command, so the
        common case (scalar fields) must cost one C call."""
        names = [f.name for f in cls._FIELDS]
        if len(names) == 1:
            single = operator.attrgetter(names[0])
            getter = lambda obj: (
                single(obj),
            )  # noqa: E731 - attrgetter of one name returns no tuple
        else:
            getter = operator.attrgetter(*names) if names else (lambda obj: ())
        composite = tuple(
            i
            for i, f in enumerate(cls._FIELDS)
            if f.count is not None or isinstance(f.default(), (Struct, Fieldset, list))
        )
        cls._freeze_plan = (getter, composite)
        return cls._freeze_plan

    def __eq__(self, other):
        if isinstance(other, Struct):
            return type(other) is type(self) and self.freeze() == other.freeze()
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None  # mutable

    def __repr__(self):
        fields = ", ".join(f"{f.name}={_short(getattr(self, f.name))}" for f in self._FIELDS)
        return f"{type(self).__name__}({fields})"

    # -- byte layout (ABI structs in memory) --

    def to_bytes(self) -> bytes:
        """The struct as the RMM reads it from memory (little-endian, unused bytes zero)."""
        if self._SIZE is None:
            raise NotModelled(f"{type(self).__name__} byte layout", detail="the spec gives no size")
        out = bytearray(self._SIZE)
        for field in self._FIELDS:
            if field.offset is None or field.size is None:
                continue
            values = getattr(self, field.name)
            items = values if field.count is not None else [values]
            for i, value in enumerate(items):
                start = field.offset + i * field.size
                out[start : start + field.size] = encode_member(value, field).to_bytes(
                    field.size, "little"
                )[: field.size]
        return bytes(out)

    @classmethod
    def from_bytes(cls, data: bytes) -> Struct:
        if cls._SIZE is None:
            raise NotModelled(f"{cls.__name__} byte layout", detail="the spec gives no size")
        instance = cls()
        for field in cls._FIELDS:
            if field.offset is None or field.size is None:
                continue
            count = field.count if field.count is not None else 1
            items = []
            for i in range(count):
                start = field.offset + i * field.size
                items.append(
                    decode_member(
                        int.from_bytes(data[start : start + field.size], "little"), field
                    )
                )
            setattr(instance, field.name, items if field.count is not None else items[0])
        return instance


def encode_member(value, field: StructField) -> int:
    if isinstance(value, Struct):
        return int.from_bytes(value.to_bytes(), "little")
    if isinstance(value, Fieldset):
        return value.encode()
    if isinstance(value, int):
        return int(value) & ((1 << (8 * field.size)) - 1)
    if value is None:
        return 0
    raise NotModelled(f"byte encoding of {value!r}")


def decode_member(raw: int, field: StructField):
    codec = field.codec
    if codec is None:
        if field.signed and raw >> (8 * field.size - 1):
            return raw - (1 << (8 * field.size))
        return raw
    if isinstance(codec, type) and issubclass(codec, Struct):
        return codec.from_bytes(raw.to_bytes(field.size, "little"))
    if isinstance(codec, type) and issubclass(codec, Fieldset):
        return codec.decode(raw)
    if isinstance(codec, type) and issubclass(codec, EncodedEnum):
        return decode_enum(codec, raw, 8 * field.size)
    return codec(raw)


def _short(value) -> str:
    if isinstance(value, list) and len(value) > 4:
        return f"[{_short(value[0])}, … ×{len(value)}]"
    if isinstance(value, int) and not isinstance(value, enum.Enum) and value > 0xFFFF:
        return hex(value)
    return repr(value)


# ---- value helpers -------------------------------------------------------------------------------


def copy_attached(value, loc: tuple, sink: set | None):
    """``attach(copy_value(value), loc, sink)`` in one pass (copying a whole state for a
    test or a clone: an RTT holds 512 entries)."""
    if isinstance(value, Struct):
        cls = type(value)
        getter, composite = cls.__dict__.get("_freeze_plan") or cls._make_freeze_plan()
        values = getter(value)
        instance = cls.__new__(cls)
        set_field = object.__setattr__
        set_field(instance, "_loc", loc)
        set_field(instance, "_sink", sink)
        fields = cls._FIELDS
        for field, item in zip(fields, values):
            set_field(instance, field.name, item)
        for i in composite:
            name = fields[i].name
            set_field(instance, name, copy_attached(values[i], loc + (name,), sink))
        return instance
    if isinstance(value, Fieldset):
        instance = value.copy()
        object.__setattr__(instance, "_loc", loc)
        object.__setattr__(instance, "_sink", sink)
        return instance
    if isinstance(value, list):
        return [copy_attached(item, loc + (i,), sink) for i, item in enumerate(value)]
    return value


def copy_value(value):
    """A deep copy of a model value (the value of a context item marked *before*)."""
    if isinstance(value, (Struct, Fieldset)):
        return value.copy()
    if isinstance(value, list):
        return [copy_value(item) for item in value]
    return value


ARRAY_OF_STRUCTS = "\0array"  # marks the image of a list of flat structs of one class


def freeze(value):
    """A hashable, comparable image of a value (for snapshots of the state). Struct images
    start with the type name; a list of flat structs of one class (an RTT's 512 entries)
    is ``(ARRAY_OF_STRUCTS, type name, rows)``, built with one C call per entry."""
    if isinstance(value, (Struct, Fieldset)):
        return (type(value).__name__,) + value.freeze()
    if isinstance(value, list):
        if value and isinstance(value[0], Struct):
            cls = type(value[0])
            getter, composite = cls.__dict__.get("_freeze_plan") or cls._make_freeze_plan()
            if not composite and all(type(item) is cls for item in value):
                return (ARRAY_OF_STRUCTS, cls.__name__, tuple(map(getter, value)))
        return tuple(map(freeze, value))
    return value


def flatten(prefix: tuple, value, out: dict) -> None:
    """Every leaf of ``value`` by path (``prefix + (field, index …)``), into ``out``."""
    if isinstance(value, Struct):
        for field in value._FIELDS:
            flatten(prefix + (field.name,), getattr(value, field.name), out)
    elif isinstance(value, Fieldset):
        for field in value._FIELDS:
            out[prefix + (field.name,)] = getattr(value, field.name)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            flatten(prefix + (i,), item, out)
    else:
        out[prefix] = value


def none():
    """Default of a field of an RMM enumeration without encodings: not set yet."""
    return None


def require(value, what: str):
    """``value`` unless it is None (a field the model has not been told)."""
    if value is None:
        raise ModelError(f"{what} is not set")
    return value
