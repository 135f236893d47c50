"""JSON form of the energy dataclasses: Decimals as strings, sets sorted, rebuilt by type hints."""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any, Union


def dump(value: Any) -> Any:
    """A JSON-ready copy of a dataclass tree (Decimal -> str, frozenset -> sorted list)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple | list):
        return [dump(item) for item in value]
    return value


def load(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild dataclass `cls` from `dump` output; missing keys take the field defaults."""
    hints = _hints(cls)
    kwargs = {name: _convert(hints[name], data[name])
              for name in _field_names(cls) if name in data}
    return cls(**kwargs)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _convert(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        return _convert(next(a for a in typing.get_args(hint) if a is not type(None)), value)
    if origin is tuple:
        return tuple(_convert(typing.get_args(hint)[0], item) for item in value)
    if origin is frozenset:
        return frozenset(value)
    if hint is Decimal:
        return Decimal(str(value))
    if dataclasses.is_dataclass(hint):
        return load(hint, value)
    return value
