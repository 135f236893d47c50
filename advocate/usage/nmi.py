"""Which network a National Metering Identifier belongs to, from AEMO's NMI Allocation List.

AEMO allocates NMI blocks to network service providers; the blocks are published in the
"NMI Allocation List" (Version 13, November 2022) that AEMO's MSATS procedure "National
Metering Identifier" refers to. A NMI is 10 characters (an 11th is the checksum); letters
I and O are never used, and a W in the 5th character marks a transmission node identity.
The table is shipped as advocate/data/energy/nmi_allocation.csv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from advocate.domain.errors import InvalidInput
from advocate.usage.tables import read_table

_NMI = re.compile(r"^[A-HJ-NP-Z0-9]{10}[0-9]?$")


@dataclass(frozen=True)
class NmiAllocation:
    """The block a NMI falls in: who it is allocated to and what kind of point it is."""

    participant_id: str
    distributor: str | None
    state: str | None
    role: str  # distribution | transmission | gas | exempt | reserved


@dataclass(frozen=True)
class _Block:
    allocation: NmiAllocation
    kind: str
    low: str
    high: str
    exclude_w: bool

    def contains(self, nmi: str) -> bool:
        if self.exclude_w and nmi[4] == "W":
            return False
        if self.kind == "numeric":
            return nmi.isdigit() and int(self.low) <= int(nmi) <= int(self.high)
        if self.kind == "tni":
            return nmi[0] == self.low and nmi[4] == "W"
        return nmi.startswith(self.low)


@lru_cache(maxsize=1)
def _blocks() -> tuple[_Block, ...]:
    blocks = []
    for row in read_table("nmi_allocation"):
        allocation = NmiAllocation(
            row["participant_id"], row["distributor"] or None, row["state"] or None, row["role"]
        )
        blocks.append(
            _Block(
                allocation, row["kind"], row["range_from"], row["range_to"], row["exclude_w"] == "1"
            )
        )
    # Longer prefixes first, so "SASMPL" wins over "S...W" and "T00000" over "T...W".
    return tuple(sorted(blocks, key=lambda b: -len(b.low) if b.kind != "numeric" else 0))


def normalise_nmi(nmi: str, *, field: str = "nmi") -> str:
    """The 10-character NMI (checksum dropped), upper-cased; InvalidInput when malformed."""
    text = (nmi or "").strip().upper()
    if not _NMI.match(text):
        raise InvalidInput(
            f"{nmi!r} is not a NMI (10 characters, digits and letters "
            "other than I and O, optional checksum digit)",
            field=field,
        )
    return text[:10]


def allocation_for(nmi: str) -> NmiAllocation | None:
    """The allocation block a NMI falls in, or None when it is in no allocated block."""
    text = normalise_nmi(nmi)
    for block in _blocks():
        if block.contains(text):
            return block.allocation
    return None


def distributor_for_nmi(nmi: str) -> str | None:
    """The distributor slug (e.g. "citipower") for a distribution NMI, else None."""
    allocation = allocation_for(nmi)
    if allocation is None or allocation.role != "distribution":
        return None
    return allocation.distributor
