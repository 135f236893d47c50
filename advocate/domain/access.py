"""Who is calling: roles and the caller identity the web layer resolves from a key."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a key may do. Advisors manage their own client profiles; partners embed the
    widget and ask in their partner context; admins refresh data and manage keys."""

    ADVISOR = "advisor"
    PARTNER = "partner"
    ADMIN = "admin"


@dataclass(frozen=True)
class Caller:
    """The resolved caller. `key_id` None means anonymous."""

    key_id: int | None = None
    role: Role | None = None
    name: str = ""
    partner_id: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.key_id is None


ANONYMOUS = Caller()
