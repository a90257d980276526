"""The platform the model runs on: what the spec leaves to the implementation.

Why a configuration object and not constants: the same spec behaves differently on
different platforms (which PAs are delegable, how many auxiliary Granules a REC needs,
which features the RMM supports). Tests and the conformance oracle pick a platform; the
defaults describe a small, plausible one.
"""

from __future__ import annotations

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

    def is_delegable(self, pa: int) -> bool:
        return any(base <= pa < base + size for base, size in self.delegable)

    def is_device_memory(self, pa: int, coherent: bool) -> bool:
        return any(
            base <= pa < base + size and c == coherent for base, size, c in self.device_memory
        )
