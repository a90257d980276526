"""A conformance adapter for RMM implementations written in C: a shared library that
implements the ABI of ``specgen_rmm.h`` (next to this module; ``header_path()``), loaded
with ctypes.

    SPECGEN_ADAPTER=specgen_runtime.suite.native:adapter \\
    SPECGEN_RMM_LIBRARY=./librmm.so python -m pytest generated/1.0-rel0/tests

Why fork isolation is on: a C implementation under test may assert, abort or crash; the
tests then run each test in a forked child (``isolate``), so such a test fails alone.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

from specgen_runtime.suite.adapter import NotObservable

ABI_VERSION = 1
SMC_REGISTERS = 18
GUEST_YIELD, GUEST_SMC = 0, 1
MASK64 = (1 << 64) - 1

_Registers = ctypes.c_uint64 * SMC_REGISTERS
_Hook = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_void_p, ctypes.c_uint64, ctypes.POINTER(ctypes.c_uint64), ctypes.POINTER(ctypes.c_uint64)
)


def header_path() -> Path:
    """The C header of the ABI (shipped with the runtime)."""
    return Path(__file__).resolve().parent / "specgen_rmm.h"


class NativeError(RuntimeError):
    """The library does not implement the ABI, or a call of it failed."""


class NativeAdapter:
    """An implementation of ``specgen_rmm.h`` in a shared library."""

    isolate = True

    def __init__(self, library: str | os.PathLike):
        self.path = str(library)
        try:
            self.lib = ctypes.CDLL(self.path)
        except OSError as error:
            raise NativeError(f"cannot load {self.path}: {error}") from None
        lib = self.lib
        for name in ("specgen_rmm_abi_version", "specgen_rmm_boot", "specgen_rmm_host_smc",
                     "specgen_rmm_mem_write", "specgen_rmm_mem_read", "specgen_rmm_set_guest_hook"):
            if not hasattr(lib, name):
                raise NativeError(f"{self.path} does not export {name} (see {header_path()})")
        lib.specgen_rmm_abi_version.restype = ctypes.c_uint32
        version = lib.specgen_rmm_abi_version()
        if version != ABI_VERSION:
            raise NativeError(f"{self.path} implements ABI version {version}, not {ABI_VERSION}")
        lib.specgen_rmm_boot.restype = ctypes.c_int
        lib.specgen_rmm_host_smc.argtypes = [_Registers, _Registers]
        lib.specgen_rmm_host_smc.restype = None
        for name in ("specgen_rmm_mem_write", "specgen_rmm_mem_read"):
            function = getattr(lib, name)
            function.argtypes = [ctypes.c_uint64, ctypes.c_void_p, ctypes.c_size_t]
            function.restype = ctypes.c_int
        lib.specgen_rmm_set_guest_hook.argtypes = [_Hook, ctypes.c_void_p]
        lib.specgen_rmm_set_guest_hook.restype = None
        self._observe = getattr(lib, "specgen_rmm_observe", None)
        if self._observe is not None:
            self._observe.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
            self._observe.restype = ctypes.c_int
        self.hook = None
        self._error: BaseException | None = None
        self._c_hook = _Hook(self._on_guest)  # kept alive as long as the adapter
        lib.specgen_rmm_set_guest_hook(self._c_hook, None)

    def reset(self) -> None:
        status = self.lib.specgen_rmm_boot()
        if status:
            raise NativeError(f"specgen_rmm_boot returned {status}")

    def smc(self, registers) -> tuple[int, ...]:
        values = [int(r) & MASK64 for r in registers][:SMC_REGISTERS]
        inputs = _Registers(*(values + [0] * (SMC_REGISTERS - len(values))))
        outputs = _Registers()
        self._error = None
        self.lib.specgen_rmm_host_smc(inputs, outputs)
        if self._error is not None:  # raised by the guest hook inside the library's call
            error, self._error = self._error, None
            raise error
        return tuple(int(v) for v in outputs)

    def write(self, pa: int, data: bytes) -> None:
        buffer = ctypes.create_string_buffer(bytes(data), len(data))
        if self.lib.specgen_rmm_mem_write(int(pa), buffer, len(data)):
            raise NativeError(f"specgen_rmm_mem_write({int(pa):#x}, {len(data)} bytes) failed")

    def read(self, pa: int, size: int) -> bytes:
        buffer = ctypes.create_string_buffer(int(size))
        if self.lib.specgen_rmm_mem_read(int(pa), buffer, int(size)):
            raise NativeError(f"specgen_rmm_mem_read({int(pa):#x}, {int(size)} bytes) failed")
        return buffer.raw

    def set_guest(self, hook) -> None:
        self.hook = hook

    def _on_guest(self, _ctx, rec, results, regs) -> int:
        try:
            given = None if not results else tuple(int(results[i]) for i in range(SMC_REGISTERS))
            wanted = self.hook(int(rec), given) if self.hook is not None else None
            if wanted is None:
                return GUEST_YIELD
            values = [int(r) & MASK64 for r in wanted][:SMC_REGISTERS]
            for i in range(SMC_REGISTERS):
                regs[i] = values[i] if i < len(values) else 0
            return GUEST_SMC
        except BaseException as error:  # noqa: BLE001 - re-raised after the library returns
            self._error = error
            return GUEST_YIELD

    def observe(self, location: tuple):
        if self._observe is None:
            raise NotObservable(location)
        text = " ".join(hex(part) if isinstance(part, int) else str(part) for part in location)
        buffer = ctypes.create_string_buffer(256)
        if self._observe(text.encode(), buffer, len(buffer)):
            raise NotObservable(location)
        value = buffer.value.decode()
        try:
            return int(value, 0)
        except ValueError:
            return value


def adapter(revision_package: str | None = None) -> NativeAdapter:
    """The factory ``$SPECGEN_ADAPTER`` names: the library in ``$SPECGEN_RMM_LIBRARY``."""
    library = os.environ.get("SPECGEN_RMM_LIBRARY")
    if not library:
        raise NativeError("set SPECGEN_RMM_LIBRARY to the shared library implementing specgen_rmm.h")
    return NativeAdapter(library)
