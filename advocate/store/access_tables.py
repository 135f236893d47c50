"""Tables for access: API keys (only hashes stored) and partners (public id, brands, origins)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from advocate.store.tables import _ts


class PartnerRow(SQLModel, table=True):
    """A partner site that embeds the widget. `brands` are the partner's own brands; they get
    marked in answers, never favoured. `origins` feed CSP frame-ancestors and CORS."""

    __tablename__ = "partner"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=255)
    brands: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    origins: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _ts(nullable=False)


class ApiKeyRow(SQLModel, table=True):
    """An API key: the secret is shown once at creation; only its sha256 is kept."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=255)
    role: str = Field(max_length=16)  # advisor | partner | admin
    key_prefix: str = Field(max_length=16, index=True)
    key_hash: str = Field(max_length=64, unique=True)
    partner_id: str | None = Field(default=None, foreign_key="partner.id", max_length=64)
    created_at: datetime = _ts(nullable=False)
    revoked_at: datetime | None = _ts(nullable=True)
