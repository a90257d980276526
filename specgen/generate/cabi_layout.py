"""C integer types for the storage the one layout computes (``specgen.generate.layout``:
sizes, offsets, padding and signedness are decided there, not here)."""

from __future__ import annotations

from specgen.generate.cabi_names import lower_snake, upper_snake

__all__ = ["SCALARS", "c_scalar_size", "lower_snake", "scalar_ctype", "upper_snake"]

SCALARS = {1: "uint8_t", 2: "uint16_t", 4: "uint32_t", 8: "uint64_t"}


def scalar_ctype(size: int, signed: bool) -> str | None:
    """``int64_t``/``uint8_t``… for a value of ``size`` bytes (None when C has none)."""
    if size not in SCALARS:
        return None
    return SCALARS[size][1:] if signed else SCALARS[size]


def c_scalar_size(size: int) -> int:
    """The C integer that holds ``size`` bytes (a 1-bit enum is a uint8_t)."""
    return next((candidate for candidate in sorted(SCALARS) if size <= candidate), size)
