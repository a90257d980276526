"""Conformance tests derived from the spec: stimuli found by search, frozen into pytest modules.

Why a stage of its own: a conformance test needs, for every failure condition, a concrete
state and input registers under which that condition holds — Arm's compliance suite writes
those by hand, command by command. Here they are *found*: the generated Python model is the
oracle, a fixed "world" (Granules in every state, Realms in every state with RTTs, DATA and
RECs) is the state space, and typed candidate values (aligned, unaligned and out-of-range
addresses, every enum value, …) are searched deterministically until each condition holds,
alone if possible. The result is data (``SuitePlan``) that ``specgen.generate.conformance_tests``
renders; the generated tests then drive any implementation through an ``Adapter``.

- ``world``: the state every test starts from, as data (set-up steps) plus the candidate
  values it offers (its addresses, MPIDRs …);
- ``candidates``: typed candidate values of registers and host-memory structure fields;
- ``search``: evaluation of stimuli against the model, and the seeded search;
- ``plan``: the per-command test plan (failure, ordering and success tests) and the
  coverage report with the reason for every condition without a stimulus;
- ``adapter``/``checks``: what the generated tests call at run time;
- ``mutation``: model variants (a failure condition dropped, an ordered pair swapped) to
  show the tests are not vacuous.
"""
