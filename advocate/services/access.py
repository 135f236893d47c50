"""API keys: create (secret shown once), list, revoke, and resolve a presented key."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from advocate.domain import InvalidInput, NotFound
from advocate.domain.access import Caller, Role
from advocate.store.access_tables import ApiKeyRow, PartnerRow
from advocate.store.tables import utcnow

KEY_PREFIX = "adv_"


@dataclass(frozen=True)
class NewKey:
    """A freshly created key: `secret` exists only here, never in the database."""

    id: int
    name: str
    role: Role
    secret: str
    partner_id: str | None


def hash_key(secret: str) -> str:
    """sha256 of the key; keys are 256-bit random tokens, so a fast hash is sufficient."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_key(db: Session, *, role: str, name: str, partner_id: str | None = None) -> NewKey:
    """Create a key for `role`; a partner key must name an existing partner."""
    try:
        role_value = Role(role)
    except ValueError:
        raise InvalidInput(f"role must be one of {', '.join(Role)}", field="role") from None
    if role_value is Role.PARTNER and (not partner_id or db.get(PartnerRow, partner_id) is None):
        raise InvalidInput("a partner key needs an existing partner id", field="partner")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKeyRow(name=name, role=role_value.value, key_prefix=secret[:12],
                    key_hash=hash_key(secret), created_at=utcnow(),
                    partner_id=partner_id if role_value is Role.PARTNER else None)
    db.add(row)
    db.flush()
    return NewKey(row.id, name, role_value, secret, row.partner_id)


def list_keys(db: Session) -> list[ApiKeyRow]:
    """Every key (hash and prefix only), oldest first."""
    return list(db.exec(select(ApiKeyRow).order_by(ApiKeyRow.id)))


def revoke_key(db: Session, key_id: int, *, at: datetime | None = None) -> ApiKeyRow:
    """Revoke a key; revoking twice keeps the first time."""
    row = db.get(ApiKeyRow, key_id)
    if row is None:
        raise NotFound(f"No API key with id {key_id}.", field="key_id")
    row.revoked_at = row.revoked_at or at or utcnow()
    db.add(row)
    db.flush()
    return row


def resolve(db: Session, secret: str) -> Caller | None:
    """The caller a presented key stands for, or None when unknown or revoked."""
    row = db.exec(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_key(secret))).first()
    if row is None or row.revoked_at is not None:
        return None
    return Caller(key_id=row.id, role=Role(row.role), name=row.name, partner_id=row.partner_id)


def upsert_partner(db: Session, *, partner_id: str, name: str, brands: list[str],
                   origins: list[str]) -> PartnerRow:
    """Create or update a partner."""
    row = db.get(PartnerRow, partner_id) or PartnerRow(id=partner_id, name=name,
                                                       created_at=utcnow())
    row.name, row.brands, row.origins = name, sorted(set(brands)), sorted(set(origins))
    db.add(row)
    db.flush()
    return row
