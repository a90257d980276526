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
from specgen_runtime import versions
from specgen_runtime.errors import ModelError, NotModelled, Undefined
from specgen_runtime.machine import CommandSpec, Machine, Outcome, Permitted
from specgen_runtime.platform import PlatformConfig
from specgen_runtime.semantics import Semantics, Vocabulary
from specgen_runtime.state import State
from specgen_runtime.values import Fieldset, Struct, abstract_name, freeze


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
        #: ``hook(rec, results) -> registers or None``: the Realm side of RECs without a program
        self.guest_hook = None
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
        return self.execute(spec, self.decode_call(spec, registers))

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

    # -- results a command gives in prose (specgen_runtime.versions) --

    def implemented_versions(self, interface: str) -> tuple:
        """The revisions of ``interface`` the platform's RMM implements (default: the
        revision of the specification the model was generated from)."""
        given = dict(self.platform.interface_versions).get(interface)
        if given:
            return tuple(tuple(v) for v in given)
        own = versions.document_version(self.revision)
        return (own,) if own else ()

    def prose_outputs(self, spec, env) -> bool:
        """Set the outputs of a command whose results the spec gives in prose, if the model
        gives that prose a meaning (version negotiation); False otherwise."""
        if not versions.negotiates(spec):
            return False
        request = env.__dict__.get("req")
        implemented = self.implemented_versions(spec.interface)
        registers = {r.name: r for r in spec.outputs}
        if request is None or not implemented or not {"lower", "higher"} <= set(registers):
            return False
        ok, lower, higher = versions.negotiate((int(request.major), int(request.minor)), implemented)
        version = registers["lower"].decode(0)
        env.__dict__["lower"] = type(version)(major=lower[0], minor=lower[1])
        env.__dict__["higher"] = type(version)(major=higher[0], minor=higher[1])
        status = getattr(self.E, f"{spec.interface}_SUCCESS" if ok else f"{spec.interface}_ERROR_INPUT")
        env.__dict__["result"] = self.make_result(status, 0) if spec.interface == "RMI" else status
        return True

    # -- REC execution (the guest side, see specgen_runtime.realm) --

    def set_realm_program(self, rec: int, program) -> None:
        """Run ``program`` (see ``specgen_runtime.realm``) when REC ``rec`` is entered."""
        self.realm_programs[int(rec)] = program
        self._threads.pop(int(rec), None)

    def enter_rec(self, rec_addr, run_ptr) -> realm_execution.RecExit:
        """Run the REC until it exits: complete the Realm call that exited last time (if
        any), then run its Realm program (or the guest hook, or the idle program); record
        the exit in ``run.exit``."""
        pa = int(rec_addr)
        rec = self.Rec(pa)
        run = self.RecRun(run_ptr)
        previous = self.state.current_rec
        self.state.current_rec = pa
        self.write(rec, "state", self.E.REC_RUNNING)
        try:
            result = self._complete_guest_call(pa, rec, run)
            exit_info = self._run_realm(pa, result)
        finally:
            self.write(rec, "state", self.E.REC_READY)
            self.state.current_rec = previous
        self._record_exit(rec, run, exit_info)
        return exit_info

    def running(self, rec_addr, run_ptr) -> Model:
        """A copy of the model as the Realm of REC ``rec_addr`` sees it when it makes its
        next call after the host entered the REC (with ``run_ptr``): the call it exited
        with completed, the REC running and current (``enter_rec`` up to the Realm's next
        call)."""
        twin = self.clone()
        pa = int(rec_addr)
        rec = twin.Rec(pa)
        twin.state.current_rec = pa
        twin.write(rec, "state", twin.E.REC_RUNNING)
        twin._complete_guest_call(pa, rec, twin.RecRun(run_ptr))
        return twin

    def _run_realm(self, pa: int, result) -> realm_execution.RecExit:
        cpu = realm_execution.RealmCpu(self, pa)
        thread = self._threads.get(pa)
        if thread is None and pa not in self.realm_programs and self.guest_hook is not None:
            thread = realm_execution.start(realm_execution.hook_program(self.guest_hook, result), cpu)
            started = False  # one program per entry: the hook keeps the Realm's state
        elif thread is None:
            program = self.realm_programs.get(pa, realm_execution.idle_program)
            thread = self._threads[pa] = realm_execution.start(program, cpu)
            started = False
        else:
            started = True
        value = result
        while True:
            try:
                action = thread.send(value) if started else next(thread)
            except StopIteration:
                self._threads[pa] = realm_execution.start(realm_execution.idle_program, cpu)
                return realm_execution.RecExit("IRQ")
            started = True
            if isinstance(action, realm_execution.RecExit):
                return action
            if not isinstance(action, realm_execution.GuestCall):
                raise ModelError(f"a Realm program yielded {action!r}, not a GuestCall or a RecExit")
            value, exit_info = self.guest_call(pa, action)
            if exit_info is not None:
                return exit_info

    def guest_call(self, rec: int, call: realm_execution.GuestCall):
        """Execute an SMC of the running REC ``rec``: (the registers the Realm gets now, or
        None; the REC exit it causes, or None)."""
        spec = self.C.BY_FID.get(int(call.fid))
        if spec is None or spec.interface not in ("RSI", "PSCI"):
            return _not_supported(), None
        inputs = self.decode_call(spec, call.registers[1:])
        kind = realm_execution.guest_exit_kind(spec)
        if kind is None or self.judge(spec, inputs).holding:
            return registers_of(self.execute(spec, inputs)), None
        raw = tuple(sorted(inputs.items()))
        args = tuple(int(r) for r in call.registers[1:])
        E, state = self.E, self.Rec(rec)
        if kind == "PSCI_PENDING":
            registers = list(state.gprs)
            registers[: 1 + len(args)] = (call.fid,) + args
            self.write(state, "gprs", registers[: len(state.gprs)])
            self.write(state, "psci_pending", E.PSCI_REQUEST_PENDING)
            self.state.guest_pending[rec] = realm_execution.PendingCall(kind, spec.name, raw)
            return None, realm_execution.RecExit("PSCI", gprs=(call.fid,) + args)
        if kind == "PSCI":
            result = registers_of(self.execute(spec, inputs))
            self.state.guest_pending[rec] = realm_execution.PendingCall(kind, spec.name, raw, result)
            return None, realm_execution.RecExit("PSCI", gprs=(call.fid,) + args)
        if kind == "HOST_CALL":
            result = registers_of(self.execute(spec, inputs))
            data = self.RealmHostCall(inputs["addr"])
            self.write(state, "host_call_pending", E.HOST_CALL_PENDING)
            self.state.guest_pending[rec] = realm_execution.PendingCall(kind, spec.name, raw, result)
            return None, realm_execution.RecExit("HOST_CALL", gprs=tuple(int(g) for g in data.gprs), imm=int(data.imm))
        # RIPAS_CHANGE: the REC remembers the request; the host applies it
        register = next(r for r in spec.inputs if r.name == "ripas")
        value = abstract_name(register.decode(inputs["ripas"])) or "RAM"
        self.write(state, "ripas_addr", int(inputs["base"]))
        self.write(state, "ripas_top", int(inputs["top"]))
        self.write(state, "ripas_value", getattr(E, value))
        flags = next((r for r in spec.inputs if r.name == "flags"), None)
        if flags is not None:  # the request's options the REC keeps (ripas_destroyed …)
            decoded = flags.decode(inputs["flags"])
            for field in getattr(decoded, "_FIELDS", ()):
                if hasattr(state, "ripas_" + field.name):
                    current = getattr(state, "ripas_" + field.name)
                    self.write(state, "ripas_" + field.name, self.convert_like(current, getattr(decoded, field.name)))
        self.state.guest_pending[rec] = realm_execution.PendingCall(kind, spec.name, raw)
        return None, realm_execution.RecExit(
            "RIPAS_CHANGE", ripas_base=int(inputs["base"]), ripas_top=int(inputs["top"]), ripas_value=value
        )

    def _complete_guest_call(self, pa: int, rec, run):
        """The registers the Realm gets for the call that exited on its last run."""
        pending = self.state.guest_pending.pop(pa, None)
        if pending is None:
            return None
        if pending.kind == "PSCI_PENDING":  # RMI_PSCI_COMPLETE left the result in gprs[0..3]
            result = tuple(int(g) for g in list(rec.gprs)[:4])
            return result + (0,) * (realm_execution.SMC_REGISTERS - len(result))
        if pending.kind == "HOST_CALL":
            data = self.RealmHostCall(dict(pending.inputs)["addr"])
            data.gprs = [int(g) for g in run.enter.gprs][: len(data.gprs)]
            self.write(rec, "host_call_pending", self.E.NO_HOST_CALL_PENDING)
            return pending.result
        if pending.kind == "RIPAS_CHANGE":
            flags = getattr(run.enter, "flags", None)
            response = getattr(flags, "ripas_response", None)
            if response is not None and hasattr(rec, "ripas_response"):
                self.write(rec, "ripas_response", self.convert_like(rec.ripas_response, response))
            return registers_of(self.execute(self.spec(pending.command), dict(pending.inputs)))
        return pending.result

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
        if exit_info.reason == "RIPAS_CHANGE":
            out.ripas_base, out.ripas_top = exit_info.ripas_base, exit_info.ripas_top
            out.ripas_value = self.convert_like(
                out.ripas_value, getattr(E, exit_info.ripas_value or "RAM")
            )

    # -- the interface an implementation has: host SMC, host memory, guest SMC --

    def decode_call(self, spec, arguments) -> dict:
        """The inputs of ``spec`` from raw registers X1, X2 … (missing ones read 0)."""
        inputs = {}
        for register in spec.inputs:
            number = int(register.register.lstrip("Xx"))
            if number == 0:
                continue
            raw = arguments[number - 1] if number - 1 < len(arguments) else 0
            inputs[register.name] = (int(raw) >> register.low) & (
                (1 << (register.high - register.low + 1)) - 1
            )
        return inputs

    def encode_call(self, spec, inputs: dict) -> tuple[int, ...]:
        """The registers X0 (the FID), X1 … of a call of ``spec`` with ``inputs`` by name
        (raw values or model values); inputs not given are zero."""
        registers = [0] * realm_execution.SMC_REGISTERS
        registers[0] = int(spec.fid)
        for register in spec.inputs:
            number = int(register.register.lstrip("Xx"))
            if number == 0 or register.name not in inputs:
                continue
            width = register.high - register.low + 1
            bits = register.encode(inputs[register.name]) & ((1 << width) - 1)
            registers[number] |= bits << register.low
        last = max((i for i, r in enumerate(registers) if r), default=0)
        return tuple(registers[: last + 1])

    def host_smc(self, registers) -> tuple[int, ...]:
        """An SMC from the host, X0 (the FID) … → X0 … (``SMC_REGISTERS`` values). A FID
        that is no RMI command's reads NOT_SUPPORTED, as on an RMM."""
        fid, *arguments = [int(r) for r in registers] or [0]
        spec = self.C.BY_FID.get(fid)
        if spec is None or spec.interface != "RMI":
            return _not_supported()
        current, self.state.current_rec = self.state.current_rec, None  # (another CPU while a REC runs)
        try:
            return registers_of(self.execute(spec, self.decode_call(spec, arguments)))
        finally:
            self.state.current_rec = current

    def host_write(self, pa: int, data: bytes) -> None:
        """Write host memory (Granule by Granule, as bytes)."""
        size = self.platform.granule_size
        pa, data = int(pa), bytes(data)
        while data:
            base = pa - pa % size
            offset = pa - base
            chunk = data[: size - offset]
            image = bytearray(self.granule_bytes(base).ljust(size, b"\0"))
            image[offset : offset + len(chunk)] = chunk
            self.state.memory[base] = bytes(image)
            pa, data = pa + len(chunk), data[len(chunk) :]

    def host_read(self, pa: int, count: int) -> bytes:
        """Read host memory."""
        size = self.platform.granule_size
        pa, out = int(pa), bytearray()
        while len(out) < count:
            base = pa - pa % size
            offset = pa - base
            image = self.granule_bytes(base).ljust(size, b"\0")
            chunk = image[offset : offset + count - len(out)]
            out += chunk
            pa += len(chunk)
        return bytes(out)


def registers_of(outcome) -> tuple[int, ...]:
    """The output registers X0 … of a command's outcome (``SMC_REGISTERS`` values)."""
    values = [0] * realm_execution.SMC_REGISTERS
    for name, value in outcome.registers().items():
        values[int(name.lstrip("Xx"))] = int(value)
    return tuple(values)


def _not_supported() -> tuple[int, ...]:
    return (realm_execution.SMCCC_NOT_SUPPORTED,) + (0,) * (realm_execution.SMC_REGISTERS - 1)


__all__ = ["Model", "ModelError", "NotModelled", "Undefined"]
