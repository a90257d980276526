"""What happens while a REC runs: the Realm's own program.

Why a program: RMI_REC_ENTER's success conditions say only "run.exit contains Realm exit
syndrome information" — what the Realm does is not the RMM's business. To run the life
cycle end to end, the model lets the user attach a *Realm program* to a REC: a generator
function receiving a ``RealmCpu``; each entry into the REC resumes it until it yields a
``RecExit``. While it runs, the REC is the current REC, so the RSI and PSCI commands it
issues (``cpu.rsi("RSI_VERSION", req=...)``) act on its Realm. A REC without a program
exits with an IRQ at once.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    psci_pending: bool = False


class RealmCpu:
    """The Realm's view of the machine while one of its RECs runs."""

    def __init__(self, model, rec: int):
        self.model = model
        self.rec = rec

    def rsi(self, name: str, **inputs):
        """Issue an RSI (or PSCI) command; returns its ``Outcome``."""
        return self.model.call(name, **inputs)

    psci = rsi

    def host_call(self, imm: int = 0) -> RecExit:
        return RecExit("HOST_CALL", imm=imm)

    def irq(self) -> RecExit:
        return RecExit("IRQ")

    def psci_request(self, name: str, *args: int) -> RecExit:
        """Leave the REC to let the host complete PSCI call ``name`` (e.g. PSCI_CPU_ON with
        target MPIDR, entry point and context id): the host answers with RMI_PSCI_COMPLETE."""
        fid = self.model.spec(name).fid
        pending = name in ("PSCI_CPU_ON", "PSCI_AFFINITY_INFO")
        return RecExit("PSCI", gprs=(fid,) + tuple(int(a) for a in args), psci_pending=pending)

    def ripas_change(self, base: int, top: int, ripas: str = "RAM") -> RecExit:
        return RecExit("RIPAS_CHANGE", ripas_base=base, ripas_top=top, ripas_value=ripas)


def idle_program(cpu: RealmCpu):
    """The program of a REC nobody gave one: every entry exits with an IRQ."""
    while True:
        yield cpu.irq()


def start(program, cpu: RealmCpu):
    """An iterator of exits from a program: a program returning an iterator (a generator
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
