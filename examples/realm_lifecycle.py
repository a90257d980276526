"""The life cycle of a Realm, run on the generated executable model of DEN0137 1.0-rel0.

A host delegates Granules, creates a Realm, its RTTs (folding one back), DATA and two
RECs, maps shared memory, activates the Realm and enters its RECs; the Realm (a small
program) asks for its configuration, extends a measurement, gets an attestation token,
makes a host call, gives a range of memory back (a RIPAS change the host completes),
turns on its second CPU through PSCI and finally switches the system off; the host then
tears everything down and undelegates every Granule. Each command is printed with its
result. What the model notes about the spec on the way (a success condition changing state
the command's footprint does not list, a footprint item it cannot evaluate) is summarised
at the end; ``-v`` shows each note under its command.

    python examples/realm_lifecycle.py                     # uses generated/1.0-rel0/python
    python examples/realm_lifecycle.py --model-dir /tmp/x/python
    SPECGEN_MODEL_DIR=/tmp/x/python python examples/realm_lifecycle.py

(``specgen generate 1.0-rel0 --target python -o /tmp/x`` writes a model to /tmp/x/python.)
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from pathlib import Path

PACKAGE = "den0137_1_0_rel0"
DEFAULT_DIR = Path(__file__).resolve().parent.parent / "generated" / "1.0-rel0" / "python"

CODE_IPA = 0x0000
CONFIG_IPA = 0x1000
TOKEN_IPA = 0x2000
HOST_CALL_IPA = 0x3000
RAM_TOP = 0x8000
SHARED_RAM_BASE, SHARED_RAM_TOP = 0x4000, 0x6000  # the Realm gives this range back (RIPAS EMPTY)
UNKNOWN_DATA_IPA = 0x7000
FOLDED_IPA = 0x20_0000  # an RTT created and folded again
SECOND_CPU_ENTRY = 0x100


def load_model(model_dir: Path):
    """Import the generated package from ``model_dir`` (the ``python/`` output directory)."""
    if not (model_dir / PACKAGE / "__init__.py").is_file():
        raise SystemExit(
            f"no generated model {PACKAGE} in {model_dir}: run "
            f"`specgen generate 1.0-rel0 --target python -o DIR` and pass --model-dir DIR/python"
        )
    sys.path.insert(0, str(model_dir))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(model_dir))


def realm_main(cpu, second_cpu_mpidr: int):
    """The Realm's boot CPU: one ``yield`` per exit to the host."""
    T = cpu.model.T
    cpu.rsi("RSI_VERSION", req=T.RsiInterfaceVersion(major=1, minor=0))
    cpu.rsi("RSI_REALM_CONFIG", addr=CONFIG_IPA)
    cpu.rsi("RSI_IPA_STATE_GET", base=CODE_IPA, top=RAM_TOP)
    cpu.rsi(
        "RSI_MEASUREMENT_EXTEND",
        index=1,
        size=8,
        value_0=0x1234_5678,
        value_1=0,
        value_2=0,
        value_3=0,
        value_4=0,
        value_5=0,
        value_6=0,
        value_7=0,
    )
    cpu.rsi("RSI_MEASUREMENT_READ", index=1)
    challenge = {f"challenge_{i}": 0x1111_1111 * (i + 1) for i in range(8)}
    cpu.rsi("RSI_ATTESTATION_TOKEN_INIT", **challenge)
    while (
        cpu.rsi("RSI_ATTESTATION_TOKEN_CONTINUE", addr=TOKEN_IPA, offset=0, size=0x1000).status
        == "RSI_INCOMPLETE"
    ):
        pass
    cpu.rsi("RSI_HOST_CALL", addr=HOST_CALL_IPA)
    yield cpu.host_call(imm=7)
    yield cpu.ripas_change(
        SHARED_RAM_BASE, SHARED_RAM_TOP, "EMPTY"
    )  # RSI_IPA_STATE_SET exits to the host
    cpu.rsi(
        "RSI_IPA_STATE_SET", base=SHARED_RAM_BASE, top=SHARED_RAM_TOP, ripas=T.RSI_EMPTY, flags=0
    )
    cpu.rsi("RSI_IPA_STATE_GET", base=SHARED_RAM_BASE, top=SHARED_RAM_TOP)
    yield cpu.psci_request("PSCI_CPU_ON", second_cpu_mpidr, SECOND_CPU_ENTRY, 0)
    cpu.psci("PSCI_AFFINITY_INFO", target_affinity=second_cpu_mpidr, lowest_affinity_level=0)
    cpu.psci("PSCI_VERSION")
    cpu.psci("PSCI_SYSTEM_OFF")
    yield cpu.psci_request("PSCI_SYSTEM_OFF")


def second_cpu_main(cpu):
    cpu.psci("PSCI_FEATURES", psci_func_id=cpu.model.spec("PSCI_CPU_OFF").fid)
    yield cpu.host_call(imm=8)


def run(package, log=print, show_notes: bool = True):
    """Run the whole life cycle on a fresh model of ``package``; returns the Scenario
    (``show_notes``: log the model's notes under each command)."""
    from specgen_runtime.scenario import Scenario

    model = package.new_model()
    host = Scenario(model, log=log, show_warnings=show_notes)
    host.call("RMI_VERSION", req=model.T.RmiInterfaceVersion(major=1, minor=0))
    host.call("RMI_FEATURES", index=0)

    log("# create the Realm")
    realm = host.create_realm(ipa_width=40, rtt_level_start=1)
    for ipa in (CODE_IPA, CONFIG_IPA, TOKEN_IPA, HOST_CALL_IPA):
        host.create_data(realm, ipa, content=bytes([ipa >> 12]) * 16, measure=ipa == CODE_IPA)
    host.init_ripas(realm, HOST_CALL_IPA + 0x1000, RAM_TOP)
    host.create_data_unknown(realm, UNKNOWN_DATA_IPA)
    host.call("RMI_RTT_READ_ENTRY", rd=realm.rd, ipa=CODE_IPA, level=3)
    host.create_rtts(realm, FOLDED_IPA)
    host.fold(realm, FOLDED_IPA, 3)

    log("# map a page of unprotected (shared) memory")
    shared_ipa = 1 << (realm.ipa_width - 1)
    host.create_rtts(realm, shared_ipa)
    host.call("RMI_RTT_MAP_UNPROTECTED", rd=realm.rd, ipa=shared_ipa, level=3, desc=0x9000_0000)
    host.call("RMI_RTT_READ_ENTRY", rd=realm.rd, ipa=shared_ipa, level=3)

    log("# create two RECs (the second one off) and activate the Realm")
    boot = host.create_rec(realm, pc=CODE_IPA, runnable=True)
    second = host.create_rec(realm, pc=0, runnable=False)
    host.activate(realm)

    log("# run the Realm")
    model.set_realm_program(boot.pa, lambda cpu: realm_main(cpu, second.mpidr))
    model.set_realm_program(second.pa, second_cpu_main)
    host.enter(boot)  # RSI calls, then a host call
    host.enter(boot)  # a RIPAS change request
    host.call(
        "RMI_RTT_SET_RIPAS", rd=realm.rd, rec_ptr=boot.pa, base=SHARED_RAM_BASE, top=SHARED_RAM_TOP
    )
    host.enter(boot)  # the RIPAS change completes; PSCI_CPU_ON for the second CPU
    host.call(
        "RMI_PSCI_COMPLETE", calling_rec=boot.pa, target_rec=second.pa, status=model.E.PSCI_SUCCESS
    )
    host.enter(second)
    host.enter(boot)  # PSCI_SYSTEM_OFF
    host.enter(boot, expect="RMI_ERROR_REALM")  # the system is off

    log("# tear down")
    host.call("RMI_RTT_UNMAP_UNPROTECTED", rd=realm.rd, ipa=shared_ipa, level=3)
    host.teardown(realm)
    return host


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model-dir",
        type=Path,
        default=Path(os.environ.get("SPECGEN_MODEL_DIR", DEFAULT_DIR)),
        help="directory holding the generated package (default: $SPECGEN_MODEL_DIR or %(default)s)",
    )
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show each of the model's notes about the spec under its command")
    args = parser.parse_args(argv)
    host = run(load_model(args.model_dir), show_notes=args.verbose)
    for line in notes_summary(host.outcomes, args.verbose):
        print(line)
    print(f"# {len(host.outcomes)} commands, all results as expected")
    return 0


_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def notes_summary(outcomes, verbose: bool) -> list[str]:
    """The model's notes, each distinct one once with how often it came up (addresses
    folded). They are not failures: they mark where the spec's conditions and footprint
    disagree, or what the model cannot check."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        for note in outcome.warnings:
            key = _ADDRESS.sub("…", note)
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return []
    where = "shown under their commands above" if verbose else "-v shows each under its command"
    lines = [f"# {sum(counts.values())} notes about the spec, not failures ({where}):"]
    lines += [f"#   {count} x {note}" for note, count in counts.items()]
    return lines


if __name__ == "__main__":
    sys.exit(main())
