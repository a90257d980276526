"""The C names of the ABI, by naming profile (``--c-names spec|tfrmm|linux``).

Why profiles: a firmware or kernel project can only swap its hand-written header for the
generated one, and diff the two, when the names are the ones it already uses. TF-RMM
(``lib/smc/include/smc-rmi.h``, ``smc-rsi.h``, ``psci.h``) and Linux
(``arch/arm64/include/asm/rmi_smc.h``, ``rsi_smc.h``, ``include/uapi/linux/psci.h``) name
the same ABI by *rules* (``SMC_`` + command name, upper snake case of the type name, a
digit run after a word is a word of its own: ``RMI_FEATURE_REGISTER_0``) plus a few names
that follow no rule (``SMC_RSI_ABI_VERSION`` for RSI_VERSION). A profile here is those
rules, and a table of the irregular names only, each one listed in the README. The
``spec`` profile (the default) keeps the specification's names.

This module also decides the ABI *surface* both the header and its independent test program
are made of (``surface(ir, layouts, profile)``): which enumerations, fieldsets, structures,
commands, version macros and fixed values exist, and every C name, validated. The values
(offsets, sizes, encodings, bit positions) are not here: the header takes them from its
view, the test program from the layout and the IR.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from specgen.diagnostics import Location
from specgen.extract.ir import IR, Command, TypeDef, TypeMember
from specgen.generate.errors import UnsafeText
from specgen.generate.filters import c_identifier
from specgen.generate.layout import Layouts, StructLayout

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_DIGITS = re.compile(r"(?<=[a-z])(?=[0-9])")  # Register0 -> Register_0, Sha256 -> Sha_256
_INTERFACE = re.compile(r"[A-Z][A-Z0-9]{0,15}")
_RELEASE = re.compile(r"^(?P<major>\d+)\.(?P<minor>\d+)\b")
_FIXED_VALUE = re.compile(r"\bvalue\s+(?P<value>0x[0-9A-Fa-f]+|[0-9]+)\s*\.?\s*$")

#: The interfaces DEN0137 defines: their version is the document's own (RMM specification
#: x.y defines RMI x.y and RSI x.y). PSCI is Arm DEN0022's; this document does not state
#: which PSCI version it implements, so PSCI gets version accessors but no version value.
DEFINED_BY_THE_DOCUMENT = frozenset({"RMI", "RSI"})


def words(name: str, split_digits: bool = False) -> list[str]:
    """The words of a CamelCase or snake_case name (``RmiFeatureRegister0`` ->
    ``Rmi Feature Register0``, or ``... Register 0`` with ``split_digits``)."""
    text = _CAMEL.sub("_", name)
    if split_digits:
        text = _DIGITS.sub("_", text)
    return [w for w in text.split("_") if w]


def upper_snake(name: str, split_digits: bool = False) -> str:
    return "_".join(words(name, split_digits)).upper()


def lower_snake(name: str, split_digits: bool = False) -> str:
    return "_".join(words(name, split_digits)).lower()


def constant_case(name: str) -> str:
    """A member or field name as a macro word: kept when it is one case already (``S2SZ``,
    ``emul_mmio`` -> ``EMUL_MMIO``), upper snake case when it is CamelCase (``MemAttr``)."""
    letters = [c for c in name if c.isalpha()]
    if all(c.isupper() for c in letters) or all(c.islower() for c in letters):
        return name.upper()
    return upper_snake(name)


def owner(type_name: str) -> str:
    """The first word of a type name, upper case: the interface or component that owns it
    (``RmiRipas`` -> ``RMI``, ``PsciReturnCode`` -> ``PSCI``, ``RmmRealm`` -> ``RMM``)."""
    found = words(type_name)
    return found[0].upper() if found else ""


@dataclass(frozen=True)
class VersionNames:
    """Macros of one interface's ABI version: the release numbers (``major``/``minor``
    object-like macros), the composed value (object-like ``value``, or function-like
    ``make(major, minor)`` in Linux's RMI), and the accessors ``get_major(v)``/``get_minor(v)``."""

    major: str
    minor: str
    value: str | None
    make: str | None
    get_major: str
    get_minor: str


class SpecNames:
    """The ``spec`` profile: the specification's own names, mechanically made C.

    FID ``SMC_<COMMAND>`` over ``SMC64_<IF>_FID(offset)`` (offset from the interface's
    lowest function number); typedef ``<lower snake>_t``; struct tag ``<lower snake>``;
    members as in the spec; enum constants as in the spec, prefixed with the type's owner
    (``RMM_``) where the spec gives none; fieldset field ``<UPPER SNAKE TYPE>_<FIELD>``.
    """

    name = "spec"
    split_digits = False  # RmiFeatureRegister0 -> RMI_FEATURE_REGISTER0
    bare_field_masks = False  # <FIELD> alone is not defined (only _SHIFT/_WIDTH/_MASK)
    fid_numbering = "interface"  # maker argument: offset over the interface's lowest function number
    #: Irregular names, each listed in the README: command -> FID macro, (interface, SMC64) ->
    #: FID maker, type -> struct tag / fieldset prefix, (type, member) -> member / field /
    #: fixed-value macro, interface -> version macro names.
    fid_exceptions: dict[str, str] = {}
    maker_exceptions: dict[tuple[str, bool], str] = {}
    tag_exceptions: dict[str, str] = {}
    member_exceptions: dict[tuple[str, str], str] = {}
    fieldset_exceptions: dict[str, str] = {}
    field_exceptions: dict[tuple[str, str], str] = {}
    fixed_exceptions: dict[tuple[str, str], str] = {}
    version_exceptions: dict[str, VersionNames] = {}
    #: type -> the prefix its constants take instead of the owner's (``PSCI_RET_``), and
    #: (type, member) -> an enumeration constant's irregular name.
    enum_prefix_exceptions: dict[str, str] = {}
    enum_exceptions: dict[tuple[str, str], str] = {}

    def upper(self, name: str) -> str:
        """A type name in upper snake case (member and field names keep their digits:
        ``aff0`` stays ``AFF0``)."""
        return upper_snake(name, self.split_digits)

    def lower(self, name: str) -> str:
        return lower_snake(name, self.split_digits)

    # -- function identifiers --

    def fid(self, command: str, interface: str, smc64: bool, mixed: bool) -> str:
        """The FID macro of ``command`` (``mixed``: its interface has SMC32 and SMC64 calls)."""
        return self.fid_exceptions.get(command) or self.fid_rule(command, interface, smc64, mixed)

    def fid_rule(self, command: str, interface: str, smc64: bool, mixed: bool) -> str:
        return f"SMC_{command}"

    def fid_maker(self, interface: str, smc64: bool, mixed: bool) -> str:
        """The function-like macro that makes an interface's FIDs of one calling convention."""
        return self.maker_exceptions.get((interface, smc64)) or self.maker_rule(interface, smc64, mixed)

    def maker_rule(self, interface: str, smc64: bool, mixed: bool) -> str:
        return f"SMC{64 if smc64 else 32}_{interface}_FID"

    # -- types --

    def typedef(self, type_name: str) -> str:
        return f"{self.lower(type_name)}_t"

    def struct_tag(self, type_name: str) -> str:
        return self.tag_exceptions.get(type_name) or self.tag_rule(type_name)

    def tag_rule(self, type_name: str) -> str:
        return self.lower(type_name)

    def member(self, struct: str, member: str) -> str:
        return self.member_exceptions.get((struct, member)) or member

    def enum_constant(self, type_name: str, member: str) -> str:
        """A constant of an enumeration: the spec's name, with the type's owner prefix when
        the spec gives none (``NO_MEASURE_CONTENT`` of RmmDataMeasureContent -> ``RMM_…``)."""
        if (type_name, member) in self.enum_exceptions:
            return self.enum_exceptions[type_name, member]
        prefix = owner(type_name) + "_"
        if type_name in self.enum_prefix_exceptions:
            return self.enum_prefix_exceptions[type_name] + member.removeprefix(prefix)
        return member if member.startswith(prefix) else prefix + member

    def qualified_enum_constant(self, type_name: str, member: str) -> str:
        """The constant when two enumerations would share a name: the type's name in front
        (``RMI_EMPTY`` of RmiRipas -> ``RMI_RIPAS_EMPTY``)."""
        prefix = owner(type_name) + "_"
        return f"{self.upper(type_name)}_{member.removeprefix(prefix)}"

    def fieldset(self, type_name: str) -> str:
        return self.fieldset_exceptions.get(type_name) or self.upper(type_name)

    def field(self, type_name: str, member: str) -> str:
        return self.field_exceptions.get((type_name, member)) or f"{self.fieldset(type_name)}_{constant_case(member)}"

    def fixed_value(self, struct: str, member: str) -> str:
        """A value a structure member must hold (``desc_type``: "value 0x0")."""
        return self.fixed_exceptions.get((struct, member)) or f"{self.upper(struct)}_{constant_case(member)}"

    def version(self, interface: str) -> VersionNames:
        if interface in self.version_exceptions:
            return self.version_exceptions[interface]
        base = f"{interface}_ABI_VERSION"
        return VersionNames(f"{base}_MAJOR", f"{base}_MINOR", base, None, f"{base}_GET_MAJOR", f"{base}_GET_MINOR")

    # -- stubs (the same in every profile: no project has generated stubs to match) --

    def stub(self, command: str) -> str:
        return command.lower()

    def out_struct(self, command: str) -> str:
        return f"{command.lower()}_out"


class TfRmmNames(SpecNames):
    """The ``tfrmm`` profile: TF-RMM's ``smc-rmi.h``/``smc-rsi.h``/``psci.h`` rules.

    As ``spec``, and: a digit run after a word is a word (``RMI_FEATURE_REGISTER_0``); in
    an interface with SMC32 and SMC64 calls (PSCI) a FID is ``SMC32_<NAME>``/``SMC64_<NAME>``;
    a field alone names its mask (``REC_PARAMS_FLAG_RUNNABLE``, TF-RMM's form for flags).
    Not verified against TF-RMM's headers (no copy could be had offline; see the README).
    """

    name = "tfrmm"
    split_digits = True
    bare_field_masks = True
    fid_exceptions = {
        "RSI_VERSION": "SMC_RSI_ABI_VERSION",
        "RSI_ATTESTATION_TOKEN_INIT": "SMC_RSI_ATTEST_TOKEN_INIT",
        "RSI_ATTESTATION_TOKEN_CONTINUE": "SMC_RSI_ATTEST_TOKEN_CONTINUE",
    }
    fieldset_exceptions = {"RmiRecCreateFlags": "REC_PARAMS_FLAG", "RmiRecEnterFlags": "REC_ENTRY_FLAG"}
    fixed_exceptions = {
        ("RmmMeasurementDescriptorData", "desc_type"): "MEASURE_DESC_TYPE_DATA",
        ("RmmMeasurementDescriptorRec", "desc_type"): "MEASURE_DESC_TYPE_REC",
        ("RmmMeasurementDescriptorRipas", "desc_type"): "MEASURE_DESC_TYPE_RIPAS",
    }

    def fid_rule(self, command: str, interface: str, smc64: bool, mixed: bool) -> str:
        return f"SMC{64 if smc64 else 32}_{command}" if mixed else f"SMC_{command}"


class LinuxNames(SpecNames):
    """The ``linux`` profile: Linux's ``rmi_smc.h``/``rsi_smc.h`` and uapi ``psci.h`` rules.

    A digit run after a word is a word; FIDs are made from the *full* function number over
    the SMCCC owner base (``SMC_RSI_FID(0x190)``), ``SMC_<IF>_FID`` for an interface of one
    calling convention; PSCI FIDs are ``PSCI_0_2_FN_<CALL>``/``PSCI_0_2_FN64_<CALL>`` (the
    command name without ``PSCI_``); structure tags drop the owner word (RmiRecRun ->
    ``rec_run``); a field alone names its mask (``RMI_FEATURE_REGISTER_0_S2SZ``).

    The PSCI names (FIDs, makers, return codes ``PSCI_RET_*``, version accessors) are
    checked against the uapi ``linux/psci.h`` the machine has, when it has one (test
    ``test_linux_profile_agrees_with_the_installed_linux_psci_header``); the RMI and RSI
    ones are not checked against Linux's headers (see the README).
    """

    name = "linux"
    split_digits = True
    bare_field_masks = True
    fid_numbering = "owner"
    fid_exceptions = {
        "RSI_VERSION": "SMC_RSI_ABI_VERSION",
        "PSCI_VERSION": "PSCI_0_2_FN_PSCI_VERSION",
        "PSCI_FEATURES": "PSCI_1_0_FN_PSCI_FEATURES",
    }
    maker_exceptions = {("RMI", True): "SMC_RMI_CALL", ("PSCI", False): "PSCI_0_2_FN", ("PSCI", True): "PSCI_0_2_FN64"}
    tag_exceptions = {"RsiHostCall": "rsi_host_call"}
    member_exceptions = {("RsiRealmConfig", "ipa_width"): "ipa_bits", ("RmiRecParams", "num_aux"): "num_rec_aux"}
    fieldset_exceptions = {"RmiRealmFlags": "RMI_REALM_PARAM_FLAG", "RmiRecCreateFlags": "REC_PARAMS_FLAG",
                           "RmiRecEnterFlags": "REC_ENTER"}
    field_exceptions = {("RmiRecEnterFlags", "emul_mmio"): "REC_ENTER_EMULATED_MMIO"}
    version_exceptions = {
        "RMI": VersionNames("RMI_ABI_MAJOR_VERSION", "RMI_ABI_MINOR_VERSION", None, "RMI_ABI_VERSION",
                            "RMI_ABI_VERSION_GET_MAJOR", "RMI_ABI_VERSION_GET_MINOR"),
        # uapi linux/psci.h: PSCI_VERSION(maj, min), PSCI_VERSION_MAJOR(ver), PSCI_VERSION_MINOR(ver)
        "PSCI": VersionNames("PSCI_ABI_VERSION_MAJOR", "PSCI_ABI_VERSION_MINOR", None, "PSCI_VERSION",
                             "PSCI_VERSION_MAJOR", "PSCI_VERSION_MINOR"),
    }
    enum_prefix_exceptions = {"PsciReturnCode": "PSCI_RET_"}
    enum_exceptions = {("PsciReturnCode", "PSCI_INVALID_PARAMETERS"): "PSCI_RET_INVALID_PARAMS",
                       ("PsciReturnCode", "PSCI_OFF"): "PSCI_0_2_AFFINITY_LEVEL_OFF"}

    def fid_rule(self, command: str, interface: str, smc64: bool, mixed: bool) -> str:
        if interface == "PSCI":
            return f"PSCI_0_2_FN{'64' if smc64 else ''}_{command.removeprefix('PSCI_')}"
        return f"SMC_{command}"

    def maker_rule(self, interface: str, smc64: bool, mixed: bool) -> str:
        return f"SMC{64 if smc64 else 32}_{interface}_FID" if mixed else f"SMC_{interface}_FID"

    def tag_rule(self, type_name: str) -> str:
        return "_".join(words(type_name, True)[1:]).lower() or self.lower(type_name)


PROFILES: dict[str, SpecNames] = {p.name: p for p in (SpecNames(), TfRmmNames(), LinuxNames())}


def profile(name: str) -> SpecNames:
    if name not in PROFILES:
        raise KeyError(f"unknown C naming profile {name!r} (known: {', '.join(PROFILES)})")
    return PROFILES[name]


# -- the surface -------------------------------------------------------------------------


@dataclass(frozen=True)
class EnumNames:
    type: TypeDef
    typedef: str
    constants: tuple[tuple[TypeMember, str], ...]


@dataclass(frozen=True)
class FieldsetNames:
    type: TypeDef
    typedef: str
    fields: tuple[tuple[TypeMember, str], ...]  # base name: + _SHIFT, _WIDTH, _MASK


@dataclass(frozen=True)
class StructNames:
    type: TypeDef
    layout: StructLayout
    tag: str
    members: dict[str, str]  # layout member name (padding included) -> C member name


@dataclass(frozen=True)
class CommandNames:
    command: Command
    fid: str
    stub: str
    out_struct: str


@dataclass(frozen=True)
class Version:
    interface: str
    type: TypeDef  # the interface's version fieldset
    major: TypeMember
    minor: TypeMember
    names: VersionNames
    release: tuple[int, int] | None  # the document's x.y, for the interfaces it defines


@dataclass(frozen=True)
class FixedValue:
    struct: str
    member: str
    macro: str
    value: int
    loc: Location


@dataclass
class Surface:
    """What the C ABI of a revision consists of, and every C name (validated)."""

    profile: SpecNames
    interfaces: list[str]
    enums: list[EnumNames] = field(default_factory=list)
    fieldsets: list[FieldsetNames] = field(default_factory=list)
    structs: list[StructNames] = field(default_factory=list)
    commands: list[CommandNames] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    fixed: list[FixedValue] = field(default_factory=list)
    errors: list[tuple[str, Location | None, str]] = field(default_factory=list)  # message, where, code
    left_out: list[tuple[str, Location | None]] = field(default_factory=list)

    def macros(self) -> list[tuple[str, str]]:
        """Every object-like macro name with what it is (for the uniqueness check)."""
        found = [(c.fid, f"FID of {c.command.name}") for c in self.commands]
        found += [(m, f"{e.type.name}.{member.name}") for e in self.enums for member, m in e.constants]
        for fieldset in self.fieldsets:
            for member, base in fieldset.fields:
                found += [(base + suffix, f"{fieldset.type.name}.{member.name}") for suffix in ("_SHIFT", "_WIDTH", "_MASK")]
        found += [(f.macro, f"{f.struct}.{f.member} value") for f in self.fixed]
        for version in self.versions:
            found += [(n, f"{version.interface} version") for n in (version.names.major, version.names.minor) if version.release]
        return found


def is_concrete_enum(definition: TypeDef) -> bool:
    """An enumeration the ABI encodes: every member has a numeric encoding."""
    return definition.kind == "enum" and bool(definition.members) and all(m.encoding is not None for m in definition.members)


def surface(ir: IR, layouts: Layouts, names: SpecNames) -> Surface:
    interfaces = list(dict.fromkeys(c.interface for c in ir.commands))
    out = Surface(names, [i for i in interfaces if _INTERFACE.fullmatch(i)])
    for interface in interfaces:  # it names a file, a guard and macros
        if not _INTERFACE.fullmatch(interface):
            where = next(c.loc for c in ir.commands if c.interface == interface)
            out.errors.append((f"interface {interface!r} cannot name a C header (capital letters and digits)",
                               where, "SG403"))

    def safe(name: str, what: str, loc: Location | None) -> str | None:
        try:
            return c_identifier(name)
        except UnsafeText as error:
            out.errors.append((f"{what}: {error}", loc, "SG403"))
            return None

    first = {}
    for definition in ir.types:
        first.setdefault(definition.name, definition)
    types = list(first.values())

    concrete = [t for t in types if is_concrete_enum(t)]
    for definition in types:  # partly encoded: an ABI type that lost encodings, not an abstract one
        missing = [m.name for m in definition.members if m.encoding is None]
        if definition.kind == "enum" and missing and len(missing) < len(definition.members):
            out.left_out.append((f"C header: enum {definition.name} not emitted: no numeric encoding for "
                                 f"{', '.join(missing)}", definition.loc))
    plain = Counter(names.enum_constant(t.name, m.name) for t in concrete for m in t.members)
    for definition in concrete:
        typedef = safe(names.typedef(definition.name), f"type {definition.name}", definition.loc)
        constants = []
        for member in definition.members:
            macro = names.enum_constant(definition.name, member.name)
            if plain[macro] > 1:
                macro = names.qualified_enum_constant(definition.name, member.name)
            if safe(macro, f"type {definition.name}", member.loc):
                constants.append((member, macro))
        if typedef:
            out.enums.append(EnumNames(definition, typedef, tuple(constants)))

    for definition in (t for t in types if t.kind == "fieldset"):
        fields = []
        for member in definition.members:
            if member.bits is None:
                out.errors.append((f"type {definition.name}: field {member.name!r} has no bit range", member.loc, "SG500"))
                continue
            base = safe(names.field(definition.name, member.name), f"type {definition.name}", member.loc)
            if base:
                fields.append((member, base))
        typedef = safe(names.typedef(definition.name), f"type {definition.name}", definition.loc)
        if fields and typedef:
            out.fieldsets.append(FieldsetNames(definition, typedef, tuple(fields)))

    for definition in types:  # partly laid out: an ABI structure that lost offsets
        missing = [m.name for m in definition.members if m.offset is None]
        if definition.kind == "struct" and missing and len(missing) < len(definition.members):
            out.left_out.append((f"C header: struct {definition.name} not emitted: no byte offset for "
                                 f"{', '.join(missing)}", definition.loc))
    for layout in layouts.structs():
        definition = first[layout.name]
        tag = safe(names.struct_tag(layout.name), f"type {layout.name}", definition.loc)
        members = {m.name: safe(names.member(layout.name, m.name), f"type {layout.name}", definition.loc)
                   for m in layout.members}
        if tag and all(members.values()):
            out.structs.append(StructNames(definition, layout, tag, members))
        for member in definition.members:
            stated = _FIXED_VALUE.search(member.description)
            if stated and member.offset is not None:
                macro = safe(names.fixed_value(layout.name, member.name), f"type {layout.name}", member.loc)
                if macro:
                    out.fixed.append(FixedValue(layout.name, member.name, macro, int(stated["value"], 0), member.loc))

    conventions = {}
    for command in ir.commands:
        if command.fid is not None:
            conventions.setdefault(command.interface, set()).add(bool(command.fid >> 30 & 1))
    for command in ir.commands:
        if command.fid is None:
            out.left_out.append((f"C header: {command.name}: no FID, so no FID macro and no stub", command.loc))
            continue
        mixed = len(conventions[command.interface]) > 1
        fid = safe(names.fid(command.name, command.interface, bool(command.fid >> 30 & 1), mixed),
                   f"command {command.name!r}", command.loc)
        stub = safe(names.stub(command.name), f"command {command.name!r}", command.loc)
        if fid and stub:
            out.commands.append(CommandNames(command, fid, stub, names.out_struct(command.name)))

    release = _RELEASE.match(ir.document.version)
    for interface in interfaces:
        for definition in (t for t in types if t.kind == "fieldset" and owner(t.name) == interface):
            fields = {m.name.lower(): m for m in definition.members if m.bits is not None}
            if {"major", "minor"} <= set(fields):
                numbers = (int(release["major"]), int(release["minor"])) if release else None
                out.versions.append(Version(interface, definition, fields["major"], fields["minor"],
                                            names.version(interface),
                                            numbers if interface in DEFINED_BY_THE_DOCUMENT else None))
                break

    seen: dict[str, str] = {}
    for macro, what in out.macros():
        if macro in seen and seen[macro] != what:
            out.errors.append((f"C name {macro} would name both {seen[macro]} and {what} "
                               f"(naming profile {names.name})", None, "SG501"))
        seen.setdefault(macro, what)
    return out
