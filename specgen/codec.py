"""The one JSON codec of specgen's data: frozen dataclasses <-> JSON, and their JSON Schema.

Why generic and driven by the type hints: the IR (``specgen.extract.ir``) and the condition
ASTs it carries (``specgen.nodes``) are frozen dataclasses; their JSON shape *is* their
dataclass shape. One walker over the hints gives the encoder, a strict decoder (unknown
keys, missing keys and wrong types are errors naming the JSON path, so a damaged or foreign
file is refused instead of half-read) and the JSON Schema published for other tools, so the
three cannot drift apart.

Conventions: tuples are arrays; ``X | None`` is ``X`` or ``null``; a ``str`` Enum is its
value; a class with ``__json_tag__ = "node"`` (the AST nodes) carries its class name under
that key, which is how a union of such classes is decoded; fields whose metadata says
``json="extra"`` (AST spans) are written only on request and optional when read.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from dataclasses import MISSING, fields, is_dataclass


class DecodeError(ValueError):
    """The JSON does not have the shape the dataclasses say; ``path`` is where."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path or '$'}: {message}")
        self.path = path
        self.message = message


def _json_fields(cls, extras: bool = True):
    return [f for f in fields(cls) if extras or f.metadata.get("json") != "extra"]


@functools.cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _tag_key(cls) -> str | None:
    return getattr(cls, "__json_tag__", None)


# ---- encoding -------------------------------------------------------------------------------


def encode(value, *, extras: bool = False):
    """Dataclasses -> dicts (tagged when their class says so), tuples -> lists, enums ->
    values, recursively; ``extras`` adds the fields marked ``json="extra"`` that are set."""
    if is_dataclass(value) and not isinstance(value, type):
        data = {}
        tag = _tag_key(type(value))
        if tag:
            data[tag] = type(value).__name__
        for f in _json_fields(type(value), extras):
            item = getattr(value, f.name)
            if item is None and f.metadata.get("json") == "extra":
                continue
            data[f.name] = encode(item, extras=extras)
        return data
    if isinstance(value, (tuple, list)):
        return [encode(v, extras=extras) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


# ---- decoding -------------------------------------------------------------------------------


def decode(tp, data, path: str = "$"):
    """``data`` (parsed JSON) as an instance of ``tp``; raises DecodeError naming the path."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None:
            if type(None) in args:
                return None
            raise DecodeError(path, "null where a value is required")
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return decode(options[0], data, path)
        return _decode_tagged(options, data, path)
    if origin is tuple:
        item, _ellipsis = typing.get_args(tp)
        if not isinstance(data, list):
            raise DecodeError(path, f"expected an array, got {_kind(data)}")
        return tuple(decode(item, d, f"{path}[{i}]") for i, d in enumerate(data))
    if isinstance(tp, type) and is_dataclass(tp):
        return _decode_dataclass(tp, data, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in tp)
            raise DecodeError(path, f"{data!r} is not one of {allowed}") from None
    if tp is typing.Any:
        return data
    if tp is bool:
        if not isinstance(data, bool):
            raise DecodeError(path, f"expected a boolean, got {_kind(data)}")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise DecodeError(path, f"expected an integer, got {_kind(data)}")
        return data
    if tp is str:
        if not isinstance(data, str):
            raise DecodeError(path, f"expected a string, got {_kind(data)}")
        return data
    raise TypeError(f"codec: unsupported type {tp!r} at {path}")


def _decode_tagged(options, data, path: str):
    tagged = {o.__name__: o for o in options if isinstance(o, type) and _tag_key(o)}
    if len(tagged) != len(options):
        raise TypeError(f"codec: union {options!r} at {path} is not a union of tagged classes")
    key = _tag_key(next(iter(tagged.values())))
    if not isinstance(data, dict) or data.get(key) not in tagged:
        names = ", ".join(sorted(tagged))
        raise DecodeError(path, f"expected an object with {key!r} one of {names}")
    return _decode_dataclass(tagged[data[key]], data, path)


def _decode_dataclass(cls, data, path: str):
    if not isinstance(data, dict):
        raise DecodeError(path, f"expected an object ({cls.__name__}), got {_kind(data)}")
    tag = _tag_key(cls)
    if tag and data.get(tag) != cls.__name__:
        raise DecodeError(path, f"expected {tag} {cls.__name__!r}, got {data.get(tag)!r}")
    hints = _hints(cls)
    known = {f.name for f in _json_fields(cls)} | ({tag} if tag else set())
    unknown = sorted(set(data) - known)
    if unknown:
        raise DecodeError(path, f"unknown key(s) {', '.join(unknown)} in {cls.__name__}")
    values = {}
    for f in _json_fields(cls):
        where = f"{path}.{f.name}"
        if f.name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                raise DecodeError(where, f"missing (required in {cls.__name__})")
            continue
        values[f.name] = decode(hints[f.name], data[f.name], where)
    try:
        return cls(**values)
    except (TypeError, ValueError) as error:
        raise DecodeError(path, f"{cls.__name__}: {error}") from None


def _kind(data) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "null"}.get(type(data), type(data).__name__)


# ---- JSON Schema ----------------------------------------------------------------------------


def json_schema(root, *, schema_id: str, title: str, constants: dict[str, object] | None = None) -> dict:
    """The JSON Schema (draft 2020-12) of ``root``'s JSON, one ``$defs`` entry per dataclass.
    ``constants`` pins top-level fields to one value (the ``schema`` version string)."""
    defs: dict[str, dict] = {}
    body = _schema_of(root, defs)
    top = dict(defs.pop(_def_name(root)))
    if constants:
        top["properties"] = {**top["properties"], **{k: {"const": v} for k, v in constants.items()}}
    del body
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, "title": title,
            **top, "$defs": dict(sorted(defs.items()))}


def _def_name(cls) -> str:
    """``ir.Condition`` and ``nodes.Condition`` are different things: qualify by module."""
    return f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}"


def _schema_of(tp, defs: dict) -> dict:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        options = [_schema_of(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple:
        return {"type": "array", "items": _schema_of(typing.get_args(tp)[0], defs)}
    if isinstance(tp, type) and is_dataclass(tp):
        name = _def_name(tp)
        if name not in defs:
            defs[name] = {}  # placeholder: recursive types refer to themselves
            hints = _hints(tp)
            properties, required = {}, []
            tag = _tag_key(tp)
            if tag:
                properties[tag] = {"const": tp.__name__}
                required.append(tag)
            for f in _json_fields(tp, extras=False):
                properties[f.name] = _schema_of(hints[f.name], defs)
                if f.default is MISSING and f.default_factory is MISSING:
                    required.append(f.name)
            entry = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
            if tp.__doc__ and not tp.__doc__.startswith(f"{tp.__name__}("):
                entry["description"] = " ".join(tp.__doc__.split())
            defs[name] = entry
        return {"$ref": f"#/$defs/{name}"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    simple = {bool: "boolean", int: "integer", str: "string"}
    if tp in simple:
        return {"type": simple[tp]}
    if tp is typing.Any:
        return {}
    raise TypeError(f"codec: no JSON Schema for {tp!r}")
