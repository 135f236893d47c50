"""Provider adapters, one module per source, in an explicit registry."""

from __future__ import annotations

from collections.abc import Callable

from providers.base import Adapter


def _cdr_energy() -> Adapter:
    from providers.cdr_energy import CdrEnergyAdapter

    return CdrEnergyAdapter()


def _cms_landscape() -> Adapter:
    from providers.cms_landscape import CmsLandscapeAdapter

    return CmsLandscapeAdapter()


REGISTRY: dict[str, Callable[[], Adapter]] = {
    "cdr_energy": _cdr_energy,
    "cms_landscape": _cms_landscape,
}


def get_adapter(source: str) -> Adapter:
    """The adapter registered under `source`; KeyError names the known sources."""
    try:
        factory = REGISTRY[source]
    except KeyError:
        raise KeyError(f"unknown source {source!r}; known: {', '.join(sorted(REGISTRY))}") from None
    return factory()
