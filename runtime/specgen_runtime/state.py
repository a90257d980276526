"""The abstract state the commands act on.

What the spec calls state, by physical address: each Granule (``RmmGranule``: state, GPT
entry …) and the object a Granule holds in its state (an ``RmmRealm`` in an RD Granule, an
``RmmRec`` in a REC Granule, an ``RmmRtt`` in an RTT Granule). Objects are created when
first reached after their Granule entered that state, and forgotten when it leaves it, so
that a Granule re-used for another Realm starts afresh.

Outside the checked state (commands may change it without a footprint): memory contents
(host data structures such as RmiRealmParams at ``params_ptr``, the REC run structure,
DATA contents), the REC currently running, the progress of attestation tokens, and the
Realm calls that exited to the host and complete on the REC's next entry.

``snapshot()`` gives a comparable image of the checked state; ``diff`` lists the changed
leaves, by location: ``("granule", pa, field)`` and ``("object", pa, field, index …)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen_runtime.values import ARRAY_OF_STRUCTS, Fieldset, Struct, copy_attached, copy_value, freeze


@dataclass
class State:
    granules: dict[int, Struct] = field(default_factory=dict)  # PA -> RmmGranule
    objects: dict[int, tuple[str, Struct]] = field(
        default_factory=dict
    )  # PA -> (granule state name, object)
    memory: dict[int, object] = field(
        default_factory=dict
    )  # PA -> contents (struct object or bytes)
    current_rec: int | None = None
    token_progress: dict[int, int] = field(default_factory=dict)  # REC PA -> continue steps done
    guest_pending: dict[int, object] = field(default_factory=dict)  # REC PA -> realm.PendingCall
    # Change tracking for snapshots: roots ("granule"/"object", pa) assigned since the last
    # snapshot, and the frozen image of every root at that snapshot (None: none taken yet).
    dirty: set = field(default_factory=set)
    images: dict | None = None

    def copy(self) -> State:
        """An independent copy (memory contents that are structures are copied too)."""
        dirty = set(self.dirty)
        return State(
            granules={pa: copy_attached(g, ("granule", pa), dirty) for pa, g in self.granules.items()},
            objects={
                pa: (kind, copy_attached(obj, ("object", pa), dirty))
                for pa, (kind, obj) in self.objects.items()
            },
            memory={key: copy_value(value) for key, value in self.memory.items()},
            current_rec=self.current_rec,
            token_progress=dict(self.token_progress),
            guest_pending=dict(self.guest_pending),
            dirty=dirty,
            images=None if self.images is None else dict(self.images),
        )

    def forget_images(self) -> None:
        """Re-read the whole state at the next snapshot (after changes made behind the
        change tracking, e.g. an element of a list assigned in place)."""
        self.images = None

    def live_objects(self, state_name_of) -> dict[int, Struct]:
        """Objects whose Granule is still in the state that holds them."""
        return {pa: obj for pa, (kind, obj) in self.objects.items() if state_name_of(pa) == kind}


def snapshot(state: State, default_granule_image, state_name_of) -> dict[tuple, object]:
    """A comparable image of the checked state: location root -> frozen value.

    Only roots assigned since the previous snapshot are re-read (``State.dirty``, fed by
    the tracked values and by ``Machine.write``); the first snapshot reads everything."""
    if state.images is None:
        state.images = {}
        roots = {("granule", pa) for pa in state.granules} | {
            ("object", pa) for pa in state.objects
        }
    else:
        roots = set(state.dirty)
        roots |= {
            ("object", pa) for kind, pa in state.dirty if kind == "granule"
        }  # objects live with their Granule
    state.dirty.clear()
    images = state.images
    for root in roots:
        kind, pa = root
        image = None
        if kind == "granule":
            granule = state.granules.get(pa)
            if granule is not None:
                image = freeze(granule)
                if image == default_granule_image:
                    image = None
        else:
            held = state.objects.get(pa)
            if held is not None and state_name_of(pa) == held[0]:
                image = freeze(held[1])
        if image is None:
            images.pop(root, None)
        else:
            images[root] = image
    return dict(images)


def changed_leaves(before: dict, after: dict, type_lookup, default_granule_image) -> list[tuple]:
    """The leaf locations whose value differs between two snapshots (an object created or
    forgotten is one change at its root)."""
    changed: list[tuple] = []
    for root in sorted(set(before) | set(after), key=repr):
        old, new = before.get(root), after.get(root)
        if old == new:
            continue
        if root[0] == "granule":
            old = old if old is not None else default_granule_image
            new = new if new is not None else default_granule_image
        if old is None or new is None:
            changed.append(root)
        else:
            _diff(root, old, new, changed, type_lookup)
    return changed


def _diff(prefix: tuple, old, new, out: list, type_lookup) -> None:
    """Append to ``out`` the locations under ``prefix`` where two frozen values differ,
    descending only into the parts that differ (one RTT entry of 512, not all of them)."""
    if old == new:
        return
    if _is_array(old) and _is_array(new) and old[1] == new[1] and len(old[2]) == len(new[2]):
        fields = type_lookup(old[1])._FIELDS
        for i, (a, b) in enumerate(zip(old[2], new[2])):
            if a != b:
                out.extend(prefix + (i, f.name) for f, x, y in zip(fields, a, b) if x != y)
        return
    if _is_image(old) and _is_image(new) and old[0] == new[0] and len(old) == len(new):
        cls = type_lookup(old[0])
        if cls is not None and issubclass(cls, (Struct, Fieldset)):
            for spec, a, b in zip(cls._FIELDS, old[1:], new[1:]):
                _diff(prefix + (spec.name,), a, b, out, type_lookup)
            return
    if type(old) is tuple and type(new) is tuple and len(old) == len(new) and not _is_image(old):
        for i, (a, b) in enumerate(zip(old, new)):
            _diff(prefix + (i,), a, b, out, type_lookup)
        return
    out.append(prefix)


def _is_array(value) -> bool:
    return type(value) is tuple and len(value) == 3 and value[0] == ARRAY_OF_STRUCTS


def _is_image(value) -> bool:
    return (
        type(value) is tuple
        and bool(value)
        and isinstance(value[0], str)
        and value[0] != ARRAY_OF_STRUCTS
    )
