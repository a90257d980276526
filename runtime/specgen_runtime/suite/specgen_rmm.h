/*
 * specgen RMM conformance ABI, version 1.
 *
 * What an implementation of the Arm Realm Management Monitor (DEN0137) written in C
 * exports, built as a shared library, so that the conformance suites specgen generates
 * can drive it. specgen_runtime.suite.native is the adapter that loads such a library
 * (SPECGEN_ADAPTER=specgen_runtime.suite.native:adapter SPECGEN_RMM_LIBRARY=librmm.so).
 *
 * The suites reach every state through these calls only: from a freshly booted RMM, a
 * trace of host SMCs, host memory writes and the SMCs a Realm makes while a REC runs.
 * They never write the implementation's state behind its interface.
 *
 * Registers are X0-X17 (SMCCC v1.2): X0 is the function identifier on the way in and
 * the first result on the way out; registers an SMC does not use are zero.
 *
 * Each test runs in a forked child of the process that loaded the library (the parent
 * brought the library to the suite's world first), so an implementation that asserts or
 * crashes fails that test only; the library needs no thread safety and must not rely on
 * state outside its own memory.
 */
#ifndef SPECGEN_RMM_H
#define SPECGEN_RMM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SPECGEN_RMM_ABI_VERSION 1u

/* Registers of an SMC, for arguments and results: X0-X17. */
#define SPECGEN_RMM_SMC_REGS 18

/* What the Realm of a running REC does next (returned by the guest hook). */
#define SPECGEN_GUEST_YIELD 0 /* nothing more on this entry: the REC exits as if interrupted (RMI_EXIT_IRQ) */
#define SPECGEN_GUEST_SMC 1   /* the Realm issues the SMC whose registers the hook wrote to regs[] */

/*
 * The Realm side of a REC. While RMI_REC_ENTER runs REC `rec` (the PA of its Granule), the
 * implementation calls the hook to learn what the Realm does: first with `results` NULL
 * on a fresh entry, or with the registers the Realm gets for the SMC it made before
 * (including one that exited to the host and completes on this entry); then, after
 * handling each SMC the hook asked for, with that SMC's results. The hook writes the next
 * SMC to regs[] and returns SPECGEN_GUEST_SMC, or returns SPECGEN_GUEST_YIELD. An SMC that
 * exits to the host (a PSCI request, a host call, a RIPAS change) ends the entry: its
 * results are given on the next entry of the REC. `ctx` is the value given to
 * specgen_rmm_set_guest_hook.
 */
typedef int (*specgen_guest_hook)(void *ctx, uint64_t rec, const uint64_t *results,
                                  uint64_t regs[SPECGEN_RMM_SMC_REGS]);

/* SPECGEN_RMM_ABI_VERSION of the header the library was built with. */
uint32_t specgen_rmm_abi_version(void);

/* Boot (or reboot) the RMM: every Granule UNDELEGATED, no Realm, host memory all zero.
 * Returns 0 on success. */
int specgen_rmm_boot(void);

/* An SMC from the host: in[0] is the FID, in[1..] its arguments; out[] the results.
 * A FID the implementation does not know gives out[0] = SMCCC NOT_SUPPORTED (-1). */
void specgen_rmm_host_smc(const uint64_t in[SPECGEN_RMM_SMC_REGS], uint64_t out[SPECGEN_RMM_SMC_REGS]);

/* Host (Non-secure) physical memory, as the host sees it. Return 0 on success. */
int specgen_rmm_mem_write(uint64_t pa, const void *data, size_t size);
int specgen_rmm_mem_read(uint64_t pa, void *data, size_t size);

/* Install the Realm side of every REC (NULL: Realms do nothing, every entry yields). */
void specgen_rmm_set_guest_hook(specgen_guest_hook hook, void *ctx);

/*
 * Optional (the adapter looks the symbol up): show one location of the abstract state as
 * text, so that the tests can check what a command changed. `location` is the location's
 * parts separated by spaces, numbers in hex: "granule 0x80000000 state",
 * "object 0x80020000 state", "object 0x80024000 entries 0x3 ripas". Write the value to
 * `value` (at most `size` bytes, NUL-terminated): an enumeration member by its spec name
 * ("DELEGATED", "REALM_ACTIVE"), a number in decimal or 0x-hex. Return 0 if shown, any
 * other value if the implementation cannot show that location (the check is skipped).
 */
int specgen_rmm_observe(const char *location, char *value, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* SPECGEN_RMM_H */
