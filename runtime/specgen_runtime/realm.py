"""What happens while a REC runs: the Realm's side of the machine (the guest).

Why a program: RMI_REC_ENTER's success conditions say only "run.exit contains Realm exit
syndrome information" — what the Realm does is not the RMM's business. A *Realm program*
is a generator function receiving a ``RealmCpu``. It yields ``GuestCall``s (an SMC the
Realm issues: RSI or PSCI, as raw registers) and receives their results; or it yields a
``RecExit`` of its own (an interrupt: the REC stops, the host sees RMI_EXIT_IRQ).

Some Realm calls leave the REC: the RMM answers them only after the host has done its part
(the REC exit chapter of the spec, which the IR does not hold as conditions):

- a PSCI command the spec says "causes a REC exit due to PSCI" exits with RMI_EXIT_PSCI
  (the function id and arguments in the exit registers); if it names a target REC the host
  provides with RMI_PSCI_COMPLETE, the request is *pending* until then, and the result the
  Realm gets on its next entry is what RMI_PSCI_COMPLETE left in the REC's registers;
- RSI_HOST_CALL exits with RMI_EXIT_HOST_CALL (the call's immediate and registers); on the
  next entry the host's registers (``run.enter.gprs``) are copied back;
- RSI_IPA_STATE_SET exits with RMI_EXIT_RIPAS_CHANGE (the range and RIPAS, kept in the
  REC); the host applies it with RMI_RTT_SET_RIPAS, and on the next entry the command
  completes with the progress made.

A call for which a failure condition holds returns its error at once, without an exit.
``guest_exit_kind`` tells which kind of exit a command causes. The model carries the
pending completion in the state (``State.guest_pending``), so a copied model resumes it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: What a Realm sees for an SMC the RMM does not implement (SMCCC NOT_SUPPORTED, -1).
SMCCC_NOT_SUPPORTED = (1 << 64) - 1
#: Registers of an SMC (SMCCC v1.2: X0-X17), for calls and results.
SMC_REGISTERS = 18

#: RSI commands the RMM completes after a REC exit, and the exit they cause.
EXITING_RSI = {"RSI_HOST_CALL": "HOST_CALL", "RSI_IPA_STATE_SET": "RIPAS_CHANGE"}
#: The sentence by which the spec says a PSCI command exits to the host, and the name of the
#: command by which the host completes a request naming a target REC.
PSCI_EXIT_SENTENCE = "causes a REC exit due to PSCI"
PSCI_COMPLETE = "RMI_PSCI_COMPLETE"


def guest_exit_kind(spec) -> str | None:
    """``"PSCI_PENDING"``, ``"PSCI"``, ``"HOST_CALL"``, ``"RIPAS_CHANGE"`` or None: the REC
    exit a successful Realm call of command ``spec`` causes."""
    if spec.interface == "PSCI" and PSCI_EXIT_SENTENCE in " ".join(spec.summary.split()):
        return "PSCI_PENDING" if PSCI_COMPLETE in spec.summary else "PSCI"
    if spec.interface == "RSI":
        return EXITING_RSI.get(spec.name)
    return None


@dataclass(frozen=True)
class GuestCall:
    """An SMC the Realm issues: X0 (the function id) and X1… as raw values."""

    registers: tuple[int, ...]

    @property
    def fid(self) -> int:
        return self.registers[0]


@dataclass(frozen=True)
class RecExit:
    """Why a REC stopped running. ``reason`` is the RmiRecExitReason name without the
    ``RMI_EXIT_`` prefix (SYNC, IRQ, FIQ, PSCI, RIPAS_CHANGE, HOST_CALL, SERROR); ``gprs``
    are the exit registers (for PSCI, the function id and its arguments)."""

    reason: str
    gprs: tuple[int, ...] = ()
    esr: int = 0
    far: int = 0
    hpfar: int = 0
    imm: int = 0
    ripas_base: int = 0
    ripas_top: int = 0
    ripas_value: str | None = None
    emulatable_abort: bool = False


@dataclass(frozen=True)
class PendingCall:
    """A Realm call that exited to the host and completes on the REC's next entry."""

    kind: str  # guest_exit_kind
    command: str
    inputs: tuple[tuple[str, int], ...]  # raw input values by name
    result: tuple[int, ...] = ()  # registers for the Realm (when known at the exit)


class RealmCpu:
    """The Realm's view of the machine while one of its RECs runs."""

    def __init__(self, model, rec: int):
        self.model = model
        self.rec = rec

    def rsi(self, name: str, **inputs):
        """Issue an RSI (or PSCI) command that does not leave the REC; returns its
        ``Outcome``. A command that exits to the host must be yielded: ``outcome = yield
        cpu.call(name, …)``."""
        spec = self.model.spec(name)
        if guest_exit_kind(spec):
            from specgen_runtime.errors import ModelError

            raise ModelError(f"{name} exits to the host: yield cpu.call({name!r}, …) instead")
        return self.model.call(name, **inputs)

    psci = rsi

    def call(self, name: str, **inputs) -> GuestCall:
        """The SMC of command ``name`` with its inputs by name (model values or raw)."""
        return GuestCall(self.model.encode_call(self.model.spec(name), inputs))

    def irq(self) -> RecExit:
        return RecExit("IRQ")


def idle_program(cpu: RealmCpu):
    """The program of a REC nobody gave one: every entry exits with an IRQ."""
    while True:
        yield cpu.irq()


def hook_program(hook, first_result):
    """A program driven by ``hook(rec, results) -> registers or None`` (the guest side of
    a conformance adapter): each call returns the next SMC of the Realm, or None when the
    Realm has nothing more to do on this entry (the REC then exits with an IRQ)."""

    def program(cpu: RealmCpu):
        results = first_result
        while True:
            registers = hook(cpu.rec, results)
            if registers is None:
                yield cpu.irq()
                return
            results = yield GuestCall(tuple(int(r) for r in registers))

    return program


def start(program, cpu: RealmCpu):
    """An iterator of a program's actions: a program returning an iterator (a generator
    function) is resumed on each entry; a program returning a ``RecExit`` is called again
    on each entry."""
    first = program(cpu)
    if not isinstance(first, RecExit):
        return iter(first)

    def repeat():
        yield first
        while True:
            yield program(cpu)

    return repeat()
