"""Realm measurements: hashing for RIM/REM extension.

Why deterministic but simplified: the spec defines measurement descriptors
(RmmMeasurementDescriptorData/Rec/Ripas) and leaves hashing of their byte images to the
chosen algorithm. The model hashes a fixed little-endian image of each descriptor with
SHA-256 or SHA-512, so equal command sequences give equal measurements and different
ones (almost surely) differ; it does not claim bit-exactness with any implementation.
"""

from __future__ import annotations

import hashlib

MEASUREMENT_BYTES = 64  # RMM_REALM_MEASUREMENT_WIDTH = 512 bits


def _algorithm(hash_algo) -> str:
    name = getattr(hash_algo, "name", str(hash_algo))
    return "sha512" if "512" in name else "sha256"


def digest(hash_algo, data: bytes) -> int:
    """The hash of ``data`` as a measurement value (zero-extended to 512 bits)."""
    return int.from_bytes(hashlib.new(_algorithm(hash_algo), data).digest(), "big")


def as_bytes(value: int, size: int = MEASUREMENT_BYTES) -> bytes:
    return (int(value) & ((1 << (8 * size)) - 1)).to_bytes(size, "little")


def descriptor(kind: int, *fields: int) -> bytes:
    """A measurement descriptor image: type, length, then 64-byte fields."""
    body = b"".join(as_bytes(f) for f in fields)
    return bytes([kind]) + b"\0" * 7 + (16 + len(body)).to_bytes(8, "little") + body
