"""What the generated conformance tests do at run time (one place, so the generated
modules hold only data: the world's trace, stimuli, permitted results, locations).

A test brings the implementation to the *world* by replaying a trace of interface calls
from a freshly booted RMM — host SMCs with the result each must give, host memory writes,
and the calls the Realm makes while a REC runs — then applies its stimulus:

- an RMI command: host memory writes, then the host SMC;
- an RSI or PSCI command: the calling REC's Realm issues it. The host enters the REC
  (RMI_REC_ENTER) and handles the REC exits the way the spec asks a host to (a PSCI request
  naming another REC is completed with RMI_PSCI_COMPLETE; a RIPAS change is applied with
  RMI_RTT_SET_RIPAS; a host call is resumed), entering again until the Realm got its
  result.

Trace steps are plain data: ``{"smc": [X0, X1 …], "call": name, "expect": [(register,
value, mask) …]}``, ``{"write": pa, "size": n, "bytes": [[offset, hex] …]}`` (memory not
given is zero) and ``{"guest": rec, "calls": [{"smc": …, "call": …, "expect": …} …]}``.
A stimulus is ``{"caller": rec PA or None, "registers": {"X1": …}, "memory": [write
steps]}``; a result expectation is a list of ``(register, value, mask)``: the bits the spec
gives.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import signal
import traceback
import unittest
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Sequence

from specgen_runtime.suite.adapter import Adapter, NotObservable

#: RMI_REC_ENTER calls a Realm call may take (a PSCI request: enter, complete, enter again).
MAX_ENTRIES = 4
MASK64 = (1 << 64) - 1


class SetupError(AssertionError):
    """The implementation did not give the result a set-up step must give."""


def memory_bytes(step: dict) -> bytes:
    """The bytes of a ``write`` step (runs of bytes at offsets, zero elsewhere)."""
    data = bytearray(int(step.get("size", 0)))
    for offset, text in step.get("bytes", ()):
        chunk = bytes.fromhex(text)
        end = int(offset) + len(chunk)
        if end > len(data):
            data.extend(bytes(end - len(data)))
        data[int(offset) : end] = chunk
    return bytes(data)


def as_registers(values: Sequence[int] | None) -> dict[str, int]:
    return {} if values is None else {f"X{i}": int(v) for i, v in enumerate(values)}


class Guest:
    """The Realm side of every REC: the calls each REC's Realm makes, in order, and the
    results it got (the hook an adapter calls while a REC runs)."""

    def __init__(self):
        self.scripts: dict[int, deque] = {}
        self.waiting: dict[int, dict] = {}
        self.results: dict[int, tuple[int, ...]] = {}  # id(call) -> registers
        self.done: list[tuple[int, dict]] = []  # (rec, call) in the order they completed

    def add(self, rec: int, calls: Sequence[dict]) -> None:
        self.scripts.setdefault(int(rec), deque()).extend(calls)

    #: ``smc(registers)`` of the host, for scripted ``{"host": registers}`` steps: a host SMC
    #: issued while the REC runs (from another host CPU)
    host_smc = None

    def __call__(self, rec: int, results):
        rec = int(rec)
        if results is not None and rec in self.waiting:
            call = self.waiting.pop(rec)
            self.results[id(call)] = tuple(int(r) & MASK64 for r in results)
            self.done.append((rec, call))
        queue = self.scripts.get(rec)
        while queue and "host" in queue[0]:
            step = queue.popleft()
            self.results[id(step)] = tuple(int(r) & MASK64 for r in self.host_smc([int(r) for r in step["host"]]))
        if queue:
            call = queue.popleft()
            self.waiting[rec] = call
            return [int(r) for r in call["smc"]]
        return None

    def result_of(self, call: dict):
        return self.results.get(id(call))


def _check(step: dict, outputs: dict, where: str) -> None:
    expected = step.get("expect", ())
    if not matches(outputs, expected):
        shown = ", ".join(f"{name}={value:#x}" for name, value in sorted(outputs.items()) if value) or "X0=0"
        raise SetupError(
            f"set-up {where} ({step.get('call', '?')}): got {shown}; the world needs {describe(expected)}"
        )


def replay(adapter: Adapter, trace: Sequence[dict], guest: Guest) -> None:
    """Bring a freshly reset implementation to the world: every step of the trace, each
    host and Realm call checked against the result it must give."""
    checked = 0
    for number, step in enumerate(trace, start=1):
        if "smc" in step:
            _check(step, as_registers(adapter.smc([int(r) for r in step["smc"]])), f"step {number}")
        elif "write" in step:
            adapter.write(int(step["write"]), memory_bytes(step))
        elif "guest" in step:
            guest.add(int(step["guest"]), step["calls"])
        else:
            raise SetupError(f"set-up step {number}: unknown step {sorted(step)}")
        for rec, call in guest.done[checked:]:
            _check(call, as_registers(guest.result_of(call)), f"step {number}, the Realm of REC {rec:#x}")
        checked = len(guest.done)


@dataclass
class Host:
    """How the host enters RECs and answers their exits (the spec's commands and the RmiRecRun
    layout, from the generated ``conftest``): ``protocol`` holds the FIDs and input
    registers of RMI_REC_ENTER, RMI_PSCI_COMPLETE and RMI_RTT_SET_RIPAS, the offsets of the
    exit fields in RmiRecRun, the exit reason encodings, the PSCI FIDs that need
    RMI_PSCI_COMPLETE, the run page and the world's RECs (PA, RD, MPIDR)."""

    protocol: dict

    def _call(self, name: str, **values) -> list[int]:
        spec = self.protocol[name]
        registers = [0] * (1 + max([spec[k] for k in values] + [0]))
        registers[0] = spec["fid"]
        for key, value in values.items():
            registers[spec[key]] = int(value) & MASK64
        return registers

    def _read(self, adapter: Adapter, name: str, index: int = 0) -> int:
        offset, size = self.protocol["run"][name]
        data = adapter.read(self.protocol["run_page"] + offset + index * size, size)
        return int.from_bytes(data, "little")

    def _rec(self, rec: int):
        return next(((pa, rd, mpidr) for pa, rd, mpidr in self.protocol["recs"] if pa == rec), None)

    def realm_call(self, adapter: Adapter, guest: Guest, caller: int, call: dict):
        """The Realm of REC ``caller`` issues ``call``; returns the registers it got (None
        if it got none)."""
        guest.add(caller, [call])
        success = self.protocol["success"]
        for _ in range(MAX_ENTRIES):
            out = adapter.smc(self._call("rec_enter", rec=caller, run_ptr=self.protocol["run_page"]))
            if int(out[0]) != success or guest.result_of(call) is not None:
                break
            self._answer_exit(adapter, caller)
        return guest.result_of(call)

    def while_running(self, adapter: Adapter, guest: Guest, rec: int, registers: list[int]):
        """Issue the host SMC ``registers`` while REC ``rec`` runs (the host enters it; the
        SMC comes from another host CPU while its Realm runs); returns its results (None
        if the REC could not be entered)."""
        step = {"host": registers}
        guest.host_smc = adapter.smc
        guest.add(rec, [step])
        adapter.smc(self._call("rec_enter", rec=rec, run_ptr=self.protocol["run_page"]))
        guest.scripts.get(rec, deque()).clear()
        return guest.result_of(step)

    def _answer_exit(self, adapter: Adapter, caller: int) -> None:
        reasons = self.protocol["exit_reasons"]
        reason = self._read(adapter, "exit_reason")
        if reason == reasons.get("PSCI") and self.protocol.get("psci_complete"):
            fid = self._read(adapter, "gprs", 0)
            if fid not in self.protocol["psci_complete_fids"]:
                return
            wanted = self._read(adapter, "gprs", 1)
            me = self._rec(caller)
            target = next(
                (pa for pa, rd, mpidr in self.protocol["recs"]
                 if me and rd == me[1] and mpidr & self.protocol["affinity"] == wanted & self.protocol["affinity"]),
                None,
            )
            if target is not None:
                status = self.protocol["psci_success"]
                adapter.smc(self._call("psci_complete", calling_rec=caller, target_rec=target, status=status))
        elif reason == reasons.get("RIPAS_CHANGE") and self.protocol.get("set_ripas"):
            base, top = self._read(adapter, "ripas_base"), self._read(adapter, "ripas_top")
            me = self._rec(caller)
            while me and base < top:
                out = adapter.smc(self._call("set_ripas", rd=me[1], rec_ptr=caller, base=base, top=top))
                if int(out[0]) != self.protocol["success"] or int(out[self.protocol["set_ripas"]["out_top"]]) <= base:
                    break
                base = int(out[self.protocol["set_ripas"]["out_top"]])


@dataclass
class Observation:
    outputs: dict  # register name -> value (empty: the Realm got no result)
    before: dict  # location -> value (observable locations only)
    after: dict


def _run_in_child(work: Callable[[], Observation]) -> Observation:
    """Run ``work`` in a forked child; a crash of the implementation fails this test only."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        faulthandler.disable()  # a crash is reported by the parent, as this test's failure
        try:
            message = ("ok", work())
        except BaseException as error:  # noqa: BLE001 - reported to the parent as it is
            message = ("error", error if _picklable(error) else AssertionError(str(error)), traceback.format_exc())
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps(message))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        raise AssertionError(f"the implementation crashed during this test ({name})")
    if not data:
        raise AssertionError(f"the implementation ended the test process (exit status {os.WEXITSTATUS(status)})")
    kind, *rest = pickle.loads(data)
    if kind == "ok":
        return rest[0]
    raise rest[0]


def _picklable(error: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001
        return False
    return True


@dataclass
class Target:
    """The implementation under test and the world every test starts from (the trace and
    the host's protocol). The world is built once when the adapter can go back to it
    (``checkpoint``/``restore``) or runs each test in a forked child (``isolate``: the
    child starts from the parent's world); else it is replayed for every test."""

    adapter: Adapter
    trace: Sequence[dict]
    host: dict
    _token: object = field(default=None, repr=False)
    _built: bool = field(default=False, repr=False)
    guest: Guest = field(default_factory=Guest, repr=False)

    @property
    def isolated(self) -> bool:
        return bool(getattr(self.adapter, "isolate", False)) and hasattr(os, "fork")

    def _fresh(self) -> None:
        self.guest = Guest()
        self.adapter.set_guest(self.guest)
        self.adapter.reset()
        replay(self.adapter, self.trace, self.guest)

    def prepare(self) -> None:
        """Bring the implementation to the world (once, if it can go back to it)."""
        if self.isolated:
            if not self._built:
                _run_in_child(lambda: (self._fresh(), Observation({}, {}, {}))[1])  # a crash here fails one test
                self._fresh()
                self._built = True
            return
        if hasattr(self.adapter, "checkpoint") and hasattr(self.adapter, "restore"):
            if self._token is None:
                self._fresh()
                self._token = self.adapter.checkpoint()
            else:
                self.guest = Guest()
                self.adapter.set_guest(self.guest)
                self.adapter.restore(self._token)
            return
        self._fresh()

    def run(self, fid: int, stimulus: dict, watch: Sequence[tuple] = ()) -> Observation:
        """Start from the world, apply the stimulus (memory, then the command from the host,
        from the calling REC's Realm, or from the host while a REC runs); the outputs and the
        watched locations before and after (unobservable ones left out). A stimulus issued
        while a REC runs needs an adapter that offers ``concurrent_host`` (host SMCs from
        within the guest hook, as another host CPU): without it the test is skipped."""
        if stimulus.get("while_running") is not None and not getattr(self.adapter, "concurrent_host", False):
            raise unittest.SkipTest("needs a host command while a REC runs: the adapter has no concurrent_host")
        self.prepare()
        work = lambda: self._stimulate(fid, stimulus, watch)  # noqa: E731
        return _run_in_child(work) if self.isolated else work()

    def _stimulate(self, fid: int, stimulus: dict, watch) -> Observation:
        for step in stimulus.get("memory", ()):
            self.adapter.write(int(step["write"]), memory_bytes(step))
        before = observe_all(self.adapter, watch)
        count = max([int(name[1:]) for name in stimulus["registers"]] + [0])
        registers = [int(fid)] + [int(stimulus["registers"].get(f"X{i}", 0)) for i in range(1, count + 1)]
        caller = stimulus.get("caller")
        running = stimulus.get("while_running")
        if running is not None:
            results = Host(self.host).while_running(self.adapter, self.guest, int(running), registers)
            if results is None:
                raise AssertionError(f"the REC at {int(running):#x} could not be entered to issue the command while it runs")
            outputs = as_registers(results)
        elif caller is None:
            outputs = as_registers(self.adapter.smc(registers))
        else:
            call = {"smc": registers, "call": "the stimulus"}
            outputs = as_registers(Host(self.host).realm_call(self.adapter, self.guest, int(caller), call))
        after = observe_all(self.adapter, before)
        return Observation(outputs, before, after)


def observe_all(adapter: Adapter, locations) -> dict:
    values = {}
    observe = getattr(adapter, "observe", None)
    if observe is None:
        return values
    for location in locations:
        try:
            values[tuple(location)] = observe(tuple(location))
        except NotObservable:
            continue
    return values


def matches(outputs: dict[str, int], expected: Sequence[tuple[str, int, int]]) -> bool:
    """The outputs have the expected bits (no outputs at all — a Realm call that got no
    result — match only an expectation of nothing)."""
    if expected and not outputs:
        return False
    return all((outputs.get(register, 0) & mask) == value for register, value, mask, *_name in expected)


def describe(expected: Sequence[tuple]) -> str:
    """``X0=0x1 (RMI_ERROR_INPUT)``: each register's expected bits, with its symbolic
    meaning when the expectation carries one."""
    parts = []
    for register, value, mask, *name in expected:
        text = f"{register}={value:#x}" + ("" if mask == MASK64 else f" (mask {mask:#x})")
        if name and name[0]:
            text += f" ({name[0]})"
        parts.append(text)
    return ", ".join(parts) or "anything"


def assert_permitted(outputs: dict[str, int], permitted: Sequence[Sequence[tuple]], what: str) -> None:
    if any(matches(outputs, expected) for expected in permitted):
        return
    shown = ", ".join(f"{name}={value:#x}" for name, value in sorted(outputs.items()) if value) or (
        "X0=0" if outputs else "no result"
    )
    allowed = " | ".join(describe(expected) for expected in permitted)
    raise AssertionError(f"{what}: got {shown}; the spec permits: {allowed}")


def check_failure(target: Target, fid: int, stimulus: dict, permitted, footprint) -> None:
    """The command fails with one of the permitted results and changes nothing in its
    footprint."""
    seen = target.run(fid, stimulus, footprint)
    assert_permitted(seen.outputs, permitted, "failure result")
    changed = [location for location in seen.before if seen.before[location] != seen.after.get(location)]
    if changed:
        raise AssertionError(
            "a failing command changed its footprint: "
            + "; ".join(f"{location}: {seen.before[location]!r} -> {seen.after.get(location)!r}" for location in changed[:5])
        )


def check_order(target: Target, fid: int, stimulus: dict, permitted) -> None:
    """Both conditions of an ordered pair hold: the result is the earlier one's."""
    seen = target.run(fid, stimulus)
    assert_permitted(seen.outputs, permitted, "failure condition ordering")


def check_success(target: Target, fid: int, stimulus: dict, outputs_expected, state) -> None:
    """No failure condition holds: the outputs and the state the success conditions give."""
    locations = [location for location, _value in state]
    seen = target.run(fid, stimulus, locations)
    if outputs_expected:
        assert_permitted(seen.outputs, [outputs_expected], "success outputs")
    wrong = [
        (location, value, seen.after[tuple(location)])
        for location, value in state
        if tuple(location) in seen.after and seen.after[tuple(location)] != value
    ]
    if wrong:
        raise AssertionError(
            "state after success: " + "; ".join(f"{loc}: expected {exp!r}, got {got!r}" for loc, exp, got in wrong[:5])
        )
