"""The ASL standard library and operators, over Python values.

Values in the model: ``bits(N)`` and ``integer`` are Python ints (bit strings unsigned,
``SInt`` for the signed view), booleans are bools, enumerations are enum members (or
symbols), fieldsets and structs are objects of the generated classes. Operators whose ASL
meaning differs from Python's (``^`` is a power, ``[hi:lo]`` a bit slice, ``[a, b]`` a
concatenation, fixed-width arithmetic that wraps) are functions here so that generated code
states the ASL meaning explicitly.
"""

from __future__ import annotations

from specgen_runtime.errors import ModelError, NotModelled, Undefined


def _int(value) -> int:
    """The integer behind a value: ints, enum members with encodings, fieldsets (encoded)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return int(value)
    encode = getattr(value, "encode", None)
    if callable(encode):
        return encode()
    raise ModelError(f"not a bit string or integer: {value!r}")


def UInt(value) -> int:
    """ASL ``UInt``: the unsigned integer of a bit string (model bit strings are unsigned)."""
    return _int(value)


def SInt(value, width: int = 64) -> int:
    """ASL ``SInt``: the two's complement integer of a ``width``-bit string."""
    value = _int(value) & ((1 << width) - 1)
    return value - (1 << width) if value >> (width - 1) else value


def Zeros(width: int | None = None) -> int:
    return 0


def Ones(width: int | None = None) -> int:
    if width is None:
        raise NotModelled("Ones()", detail="needs the width of the bit string")
    return (1 << width) - 1


def IsZero(value) -> bool:
    return _int(value) == 0


def IsOnes(value, width: int | None = None) -> bool:
    return width is not None and _int(value) == (1 << width) - 1


def ZeroExtend(value, width: int | None = None) -> int:
    return _int(value)


def SignExtend(value, width: int | None = None) -> int:
    raise NotModelled("SignExtend", detail="needs the width of the source bit string")


def Align(value, size: int) -> int:
    return (_int(value) // size) * size


def Min(a, b):
    return a if a <= b else b


def Max(a, b):
    return a if a >= b else b


def Abs(value):
    return -value if value < 0 else value


def Len(value) -> int:
    if isinstance(value, (list, tuple)):
        return len(value)
    raise NotModelled("Len", detail="bit-string lengths are not tracked by the model")


ASL_LIBRARY = {
    name: globals()[name]
    for name in ("UInt", "SInt", "Zeros", "Ones", "IsZero", "IsOnes", "ZeroExtend", "SignExtend",
                 "Align", "Min", "Max", "Abs", "Len")
}  # fmt: skip


# ---- operators ---------------------------------------------------------------------------------


def power(base: int, exponent: int):
    """ASL ``^`` on integers: exponentiation (``2^48``)."""
    return base**exponent


def divide(a: int, b: int) -> int:
    """ASL ``/`` on integers: exact division."""
    if b == 0 or a % b:
        raise ModelError(f"{a} / {b} is not an exact division")
    return a // b


def div(a: int, b: int) -> int:
    """ASL ``DIV``: integer division rounding down."""
    if b == 0:
        raise ModelError("DIV by zero")
    return a // b


def mod(a: int, b: int) -> int:
    if b == 0:
        raise ModelError("MOD by zero")
    return a % b


def wrap(value: int, width: int, signed: bool = False) -> int:
    """Fixed-width arithmetic: ``value`` modulo ``2^width`` (two's complement when signed)."""
    value &= (1 << width) - 1
    if signed and value >> (width - 1):
        value -= 1 << width
    return value


def bit_slice(value, high, low) -> int:
    """ASL ``value[high:low]`` (integers in two's complement, as ASL does)."""
    high, low = int(high), int(low)
    if high < low:
        raise ModelError(f"bit slice [{high}:{low}] is empty")
    return (_int(value) >> low) & ((1 << (high - low + 1)) - 1)


def set_bit_slice(value, high, low, new) -> int:
    """``value`` with bits ``[high:low]`` replaced by ``new``."""
    high, low = int(high), int(low)
    mask = ((1 << (high - low + 1)) - 1) << low
    return (_int(value) & ~mask) | ((_int(new) << low) & mask)


def element(array, position):
    """ASL ``array[i]``: outside the array the value does not exist (``Undefined``)."""
    position = int(position)
    if not 0 <= position < len(array):
        raise Undefined(f"index {position} is outside an array of {len(array)}")
    return array[position]


def index(container, position):
    """ASL ``x[i]``: an array element, or bit ``i`` of a bit string."""
    if isinstance(container, (list, tuple)):
        return element(container, position)
    if isinstance(container, int) and not hasattr(container, "name"):
        return (container >> int(position)) & 1
    try:
        return container[position]
    except TypeError:
        return (_int(container) >> int(position)) & 1


def concat(*parts: tuple[object, int]) -> int:
    """ASL ``[a, b, …]`` bit-string concatenation: ``a`` ends up in the most significant bits.
    Each part comes with its width in bits (known from the declared types)."""
    result = 0
    for value, width in parts:
        result = (result << width) | (_int(value) & ((1 << width) - 1))
    return result


def bits_literal(text: str) -> int:
    """ASL ``'1010'``: bit-string literal (spaces allowed, as in ASL)."""
    digits = text.replace(" ", "")
    if not digits or set(digits) - {"0", "1"}:
        raise NotModelled(f"bit-string literal '{text}'", detail="only 0 and 1 digits are modelled")
    return int(digits, 2)


#: Iterations of one ASL loop the model runs before giving up (a host may pass a count of
#: 2^32 starting-level RTTs; the spec's loops are over at most a few hundred items).
MAX_LOOP = 1 << 16


def bounded(steps: range):
    """``steps``, or an iterator over them that gives up (NotModelled) after MAX_LOOP."""
    if len(steps) <= MAX_LOOP:
        return steps
    return _capped(steps)


def _capped(steps: range):
    for count, value in enumerate(steps):
        if count == MAX_LOOP:
            raise NotModelled(
                f"a loop of {len(steps)} iterations", detail=f"the model runs at most {MAX_LOOP}"
            )
        yield value


def inclusive_range(start: int, stop: int):
    """ASL ``for i = start to stop`` (inclusive)."""
    return bounded(range(int(start), int(stop) + 1))


def inclusive_range_down(start: int, stop: int):
    """ASL ``for i = start downto stop`` (inclusive)."""
    return bounded(range(int(start), int(stop) - 1, -1))


def check_assert(condition: bool, text: str) -> None:
    """ASL ``assert``: a violated assertion in a spec function is a model error."""
    if not condition:
        raise ModelError(f"assertion failed: {text}")


def no_case_matched(value) -> None:
    raise ModelError(f"no case arm matches {value!r}")
