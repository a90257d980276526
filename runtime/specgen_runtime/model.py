"""The executable model: a generated revision (types, functions, commands) bound to a state.

``new_model()`` of a generated package returns a ``Model``. Use it through commands by name
(``model.call("RMI_GRANULE_DELEGATE", addr=pa)``) or by FID with raw registers
(``model.smc(0xC4000151, pa)``); both return an ``Outcome``. ``model.permitted(...)``
gives every result the spec permits without changing the state (the conformance oracle),
and ``model.setup`` builds states directly (Granules, Realms, RTTs, RECs) for tests.
"""

from __future__ import annotations

import copy

from specgen_runtime import realm as realm_execution
from specgen_runtime.errors import ModelError, NotModelled, Undefined
from specgen_runtime.machine import CommandSpec, Machine, Outcome, Permitted
from specgen_runtime.platform import PlatformConfig
from specgen_runtime.semantics import Semantics, Vocabulary
from specgen_runtime.state import State
from specgen_runtime.values import Fieldset, Struct, freeze


class Model(Semantics, Machine):
    """A DEN0137 revision's commands over an abstract state and a platform."""

    def __init__(
        self,
        types,
        functions,
        commands,
        revision: str,
        platform: PlatformConfig | None = None,
        check_footprint: bool = True,
    ):
        self.T = types
        self.F = functions
        self.C = commands
        self.revision = revision
        self.platform = platform or PlatformConfig()
        self.state = State()
        self.E = Vocabulary(types)
        self.check_footprint = check_footprint
        self.realm_programs: dict[int, object] = {}
        self._threads: dict[int, object] = {}
        self._types = {
            name: value
            for name, value in vars(types).items()
            if isinstance(value, type) and issubclass(value, (Struct, Fieldset))
        }
        self._default_image = None
        self._init_machine()
        from specgen_runtime.builder import StateBuilder

        self.setup = StateBuilder(self)

    # -- commands --

    @property
    def commands(self) -> dict[str, CommandSpec]:
        return self.C.COMMANDS

    def spec(self, name: str) -> CommandSpec:
        try:
            return self.C.COMMANDS[name]
        except KeyError:
            raise ModelError(f"DEN0137 {self.revision} has no command {name!r}") from None

    def call(self, name: str, **inputs) -> Outcome:
        """Run command ``name`` with its inputs by name (``fid`` is implied)."""
        return self.execute(self.spec(name), inputs)

    def smc(self, fid: int, *registers: int) -> Outcome:
        """Run the command with function id ``fid``; ``registers`` are X1, X2 … as raw values."""
        spec = self.C.BY_FID.get(int(fid))
        if spec is None:
            raise ModelError(f"no command has FID {int(fid):#x} in DEN0137 {self.revision}")
        inputs = {}
        for register in spec.inputs:
            number = int(register.register.lstrip("Xx"))
            if number == 0:
                continue
            raw = registers[number - 1] if number - 1 < len(registers) else 0
            inputs[register.name] = (int(raw) >> register.low) & (
                (1 << (register.high - register.low + 1)) - 1
            )
        return self.execute(spec, inputs)

    def permitted(self, name: str, **inputs) -> tuple[Permitted, ...]:
        """Every result the spec permits for this command in the current state (the state
        is not changed)."""
        return self.clone().call(name, **inputs).permitted

    def clone(self) -> Model:
        """An independent copy of the model and its state (Realm programs are not copied)."""
        twin = copy.copy(self)
        twin.state = self.state.copy()
        twin.realm_programs = dict(self.realm_programs)
        twin._threads = {}
        twin._init_machine()
        from specgen_runtime.builder import StateBuilder

        twin.setup = StateBuilder(twin)
        return twin

    def at(self, location: tuple):
        """The live value at a state location (``("granule", pa, "state")``,
        ``("object", pa, "entries", 3, "ripas")`` …), as the footprint and the
        conformance tests name them; None when the object there does not exist."""
        kind, pa, *path = location
        if kind == "granule":
            value = self.state.granules.get(pa) or self.default_granule()
        else:
            held = self.state.objects.get(pa)
            if held is None or self.granule_state_name(pa) != held[0]:
                return None
            value = held[1]
        for step in path:
            value = value[step] if isinstance(step, int) else getattr(value, step)
        return value

    # -- helpers of the machine --

    def _type_by_name(self, name: str):
        return self._types.get(name)

    def _default_granule_image(self):
        if self._default_image is None:
            self._default_image = freeze(self.default_granule())
        return self._default_image

    # -- conditions written in prose (specgen_runtime.prose) --

    def prose_wipe_granule(self, addr) -> None:
        self.state.memory.pop(int(addr), None)

    def prose_copy_granule(self, src, dst) -> None:
        self.state.memory[int(dst)] = self.granule_bytes(src)

    def prose_enter_rec(self, rec, run_ptr) -> None:
        self.enter_rec(rec, run_ptr)

    def prose_done_by_enter_rec(self) -> None:
        """rec.emulatable_abort is updated by ``enter_rec`` from the Realm's exit."""

    def prose_token_generation_failed(self) -> bool:
        return self.platform.attestation_fails

    def prose_token_incomplete(self) -> bool:
        progress = self.state.token_progress.get(self.state.current_rec, 0)
        return progress + 1 < self.platform.attestation_steps

    def prose_token_complete(self) -> bool:
        return not self.prose_token_incomplete()

    def after_RSI_ATTESTATION_TOKEN_INIT(self, env) -> None:
        self.state.token_progress[self.state.current_rec] = 0

    def after_RSI_ATTESTATION_TOKEN_CONTINUE(self, env) -> None:
        rec = self.state.current_rec
        self.state.token_progress[rec] = self.state.token_progress.get(rec, 0) + 1

    def prose_psci_function_supported(self, psci_func_id) -> bool:
        wanted = int(psci_func_id) & 0xFFFF_FFFF
        return any(
            s.interface == "PSCI" and s.fid is not None and s.fid & 0xFFFF_FFFF == wanted
            for s in self.C.COMMANDS.values()
        )

    def prose_psci_function_not_supported(self, psci_func_id) -> bool:
        return not self.prose_psci_function_supported(psci_func_id)

    # -- REC execution --

    def set_realm_program(self, rec: int, program) -> None:
        """Run ``program`` (see ``specgen_runtime.realm``) when REC ``rec`` is entered."""
        self.realm_programs[int(rec)] = program
        self._threads.pop(int(rec), None)

    def enter_rec(self, rec_addr, run_ptr) -> realm_execution.RecExit:
        """Run the REC's Realm program until it exits; record the exit in ``run.exit``."""
        pa = int(rec_addr)
        rec = self.Rec(pa)
        run = self.RecRun(run_ptr)
        thread = self._threads.get(pa)
        if thread is None:
            program = self.realm_programs.get(pa, realm_execution.idle_program)
            thread = self._threads[pa] = realm_execution.start(
                program, realm_execution.RealmCpu(self, pa)
            )
        previous = self.state.current_rec
        self.state.current_rec = pa
        self.write(rec, "state", self.E.REC_RUNNING)
        try:
            try:
                exit_info = next(thread)
            except StopIteration:
                self._threads[pa] = realm_execution.idle_program(realm_execution.RealmCpu(self, pa))
                exit_info = realm_execution.RecExit("IRQ")
        finally:
            self.write(rec, "state", self.E.REC_READY)
            self.state.current_rec = previous
        self._record_exit(rec, run, exit_info)
        return exit_info

    def _record_exit(self, rec, run, exit_info: realm_execution.RecExit) -> None:
        E = self.E
        out = run.exit
        out.exit_reason = getattr(E, "RMI_EXIT_" + exit_info.reason)
        gprs = list(exit_info.gprs) + [0] * (len(out.gprs) - len(exit_info.gprs))
        out.gprs = gprs[: len(out.gprs)]
        out.esr, out.far, out.hpfar = exit_info.esr, exit_info.far, exit_info.hpfar
        if hasattr(out, "imm"):
            out.imm = exit_info.imm
        abort = E.EMULATABLE_ABORT if exit_info.emulatable_abort else E.NOT_EMULATABLE_ABORT
        self.write(rec, "emulatable_abort", abort)
        if exit_info.reason == "PSCI":
            registers = list(rec.gprs)
            registers[: len(exit_info.gprs)] = exit_info.gprs
            self.write(rec, "gprs", registers)
            if exit_info.psci_pending:
                self.write(rec, "psci_pending", E.PSCI_REQUEST_PENDING)
        if exit_info.reason == "RIPAS_CHANGE":
            self.write(rec, "ripas_addr", exit_info.ripas_base)
            self.write(rec, "ripas_top", exit_info.ripas_top)
            self.write(rec, "ripas_value", getattr(E, exit_info.ripas_value or "RAM"))
            out.ripas_base, out.ripas_top = exit_info.ripas_base, exit_info.ripas_top
            out.ripas_value = self.convert_like(
                out.ripas_value, getattr(E, exit_info.ripas_value or "RAM")
            )


__all__ = ["Model", "ModelError", "NotModelled", "Undefined"]
