"""The platform the model runs on: what the spec leaves to the implementation.

Why a configuration object and not constants: the same spec behaves differently on
different platforms (which PAs are delegable, how many auxiliary Granules a REC needs,
which features the RMM supports). Tests and the conformance oracle pick a platform; the
defaults describe a small, plausible one. A platform can be described in TOML (keys: the
fields of ``PlatformConfig``, a ``[features]`` table, an ``[interface_versions]`` table)
and loaded with ``load_platform``: ``specgen generate -t tests --platform FILE``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Features:
    """The RMM implementation's features (``ImplFeatures()``, RMI_FEATURES register 0)."""

    max_ipa_width: int = 48
    feat_lpa2: bool = False
    feat_sve: bool = False
    max_sve_vl: int = 0
    num_bps: int = 5
    num_wps: int = 5
    feat_pmu: bool = False
    pmu_num_ctrs: int = 0
    feat_sha_256: bool = True
    feat_sha_512: bool = True
    max_recs_order: int = 6
    gicv3_num_lrs: int = 4


@dataclass(frozen=True)
class PlatformConfig:
    """Physical address space, delegable memory, granule size and implementation choices.

    ``delegable`` lists ``(base, size)`` ranges of PAs the host may delegate (DRAM); all
    other PAs below ``2^pa_width`` are Non-secure and not delegable. ``rec_aux_count`` is the
    number of auxiliary Granules per REC (``RecAuxCount``). ``attestation_steps`` is how many
    RSI_ATTESTATION_TOKEN_CONTINUE calls complete a token; ``attestation_fails`` makes token
    generation fail for an IMPDEF reason. ``device_memory`` lists delegable device memory
    ``(base, size, coherent)`` and ``shared_mecids`` the shared MECIDs (both 1.1)."""

    pa_width: int = 48
    granule_size: int = 4096
    delegable: tuple[tuple[int, int], ...] = ((0x8000_0000, 0x1000_0000),)
    features: Features = field(default_factory=Features)
    rec_aux_count: int = 2
    vmid_width: int = 16
    attestation_steps: int = 2
    attestation_fails: bool = False
    rtt_page_level: int = 3
    rtt_block_level: int = 2
    realm_measurement_width: int = 512
    device_memory: tuple[
        tuple[int, int, bool], ...
    ] = ()  # (base, size, coherent): delegable device memory
    shared_mecids: tuple[int, ...] = (0,)
    #: revisions (major, minor) the RMM implements per interface ("RMI", "RSI"): the VERSION
    #: commands negotiate against them; an interface not listed implements the revision of
    #: the specification the model was generated from
    interface_versions: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = ()

    def is_delegable(self, pa: int) -> bool:
        return any(base <= pa < base + size for base, size in self.delegable)

    def is_device_memory(self, pa: int, coherent: bool) -> bool:
        return any(
            base <= pa < base + size and c == coherent for base, size, c in self.device_memory
        )


class PlatformError(ValueError):
    """A platform description that cannot be used: ``key`` names the offending entry."""

    def __init__(self, message: str, key: str = "", source: str = ""):
        self.key, self.source = key, source
        where = ": ".join(part for part in (source, key) if part)
        super().__init__(f"{where}: {message}" if where else message)


def _pairs(value, key: str, width: int, source: str) -> tuple:
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(item, (list, tuple)) and len(item) == width for item in value
    ):
        raise PlatformError(f"expected a list of {width}-element lists", key, source)
    return tuple(tuple(item) for item in value)


def _versions(value, key: str, source: str) -> tuple:
    """``{"RMI": ["1.0", "1.1"]}`` -> ``(("RMI", ((1, 0), (1, 1))),)``."""
    if not isinstance(value, dict):
        raise PlatformError("expected a table of interface = [\"major.minor\", …]", key, source)
    result = []
    for interface, revisions in sorted(value.items()):
        parsed = []
        for revision in revisions if isinstance(revisions, list) else [revisions]:
            parts = str(revision).split(".")
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                raise PlatformError(f"revision {revision!r} is not major.minor", f"{key}.{interface}", source)
            parsed.append((int(parts[0]), int(parts[1])))
        result.append((interface, tuple(parsed)))
    return tuple(result)


def platform_from_mapping(data: dict, source: str = "") -> PlatformConfig:
    """A ``PlatformConfig`` from a mapping (a parsed TOML file, or ``platform_to_mapping``'s
    output): keys are the fields of PlatformConfig, ``features`` a table of the fields of
    Features; omitted keys keep their defaults; unknown keys and wrong types are errors."""
    fields = {f.name: f for f in dataclasses.fields(PlatformConfig)}
    values: dict = {}
    for key, value in data.items():
        if key not in fields:
            raise PlatformError(f"unknown key (known: {', '.join(sorted(fields))})", key, source)
        if key == "features":
            if not isinstance(value, dict):
                raise PlatformError("expected a table", key, source)
            known = {f.name: f for f in dataclasses.fields(Features)}
            chosen = {}
            for name, item in value.items():
                if name not in known:
                    raise PlatformError(f"unknown feature (known: {', '.join(sorted(known))})", f"features.{name}", source)
                default = getattr(Features(), name)
                if isinstance(default, bool) != isinstance(item, bool) or not isinstance(item, int):
                    raise PlatformError(f"expected {type(default).__name__}, got {item!r}", f"features.{name}", source)
                chosen[name] = item
            values[key] = Features(**chosen)
        elif key == "delegable":
            values[key] = _pairs(value, key, 2, source)
        elif key == "device_memory":
            values[key] = tuple((int(b), int(s), bool(c)) for b, s, c in _pairs(value, key, 3, source))
        elif key == "shared_mecids":
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, int) for v in value):
                raise PlatformError("expected a list of integers", key, source)
            values[key] = tuple(value)
        elif key == "interface_versions":
            values[key] = value if isinstance(value, tuple) else _versions(value, key, source)
        else:
            default = getattr(PlatformConfig(), key)
            if isinstance(default, bool) != isinstance(value, bool) or not isinstance(value, int):
                raise PlatformError(f"expected {type(default).__name__}, got {value!r}", key, source)
            values[key] = value
    platform = PlatformConfig(**values)
    if platform.granule_size <= 0 or platform.granule_size & (platform.granule_size - 1):
        raise PlatformError("must be a power of two", "granule_size", source)
    if not platform.delegable:
        raise PlatformError("the platform needs delegable memory", "delegable", source)
    return platform


def platform_to_mapping(platform: PlatformConfig) -> dict:
    """The plain-data form of a platform (what ``platform_from_mapping`` reads back)."""
    data = dataclasses.asdict(platform)
    data["delegable"] = [list(r) for r in platform.delegable]
    data["device_memory"] = [list(r) for r in platform.device_memory]
    data["shared_mecids"] = list(platform.shared_mecids)
    data["interface_versions"] = {name: [f"{a}.{b}" for a, b in revisions] for name, revisions in platform.interface_versions}
    return data


def load_platform(path) -> PlatformConfig:
    """The platform described by the TOML file at ``path`` (see ``platform_from_mapping``)."""
    import tomllib
    from pathlib import Path

    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise PlatformError(f"cannot read it: {error.strerror or error}", source=source) from None
    except tomllib.TOMLDecodeError as error:
        raise PlatformError(f"not valid TOML: {error}", source=source) from None
    return platform_from_mapping(data, source)
