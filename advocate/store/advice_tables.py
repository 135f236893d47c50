"""Tables for advice: stored recommendations, consented client profiles, notifications."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, Numeric, Text
from sqlmodel import Field, SQLModel

from advocate.store.tables import _ts


class RecommendationRow(SQLModel, table=True):
    """One answer as given: inputs (no personal data), methodology, snapshots, result."""

    __tablename__ = "recommendation"

    id: str = Field(primary_key=True, max_length=32)
    created_at: datetime = _ts(nullable=False)
    category: str = Field(max_length=32)
    methodology_version: str = Field(max_length=32)
    inputs: dict = Field(sa_column=Column(JSON, nullable=False))
    snapshot_ids: dict = Field(sa_column=Column(JSON, nullable=False))
    result: dict = Field(sa_column=Column(JSON, nullable=False))
    partner_id: str | None = Field(default=None, max_length=64)
    caller_key_id: int | None = Field(default=None)
    profile_id: str | None = Field(default=None, index=True, max_length=32)
    inputs_erased_at: datetime | None = _ts(nullable=True)


class ProfileRow(SQLModel, table=True):
    """A client profile an advisor keeps, with the client's recorded consent.

    It holds needs, never identity: no name, e-mail, phone or birth date fields exist.
    """

    __tablename__ = "profile"

    id: str = Field(primary_key=True, max_length=32)
    advisor_key_id: int = Field(foreign_key="api_key.id", index=True)
    label: str = Field(max_length=120)
    category: str = Field(max_length=32)
    request: dict = Field(sa_column=Column(JSON, nullable=False))
    notify_threshold: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    consent_text_version: str = Field(max_length=32)
    consent_given_at: datetime = _ts(nullable=False)
    consent_method: str = Field(max_length=32)
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)


class NotificationRow(SQLModel, table=True):
    """The outcome of one re-check of a profile, and its webhook delivery state."""

    __tablename__ = "notification"

    id: int | None = Field(default=None, primary_key=True)
    profile_id: str = Field(foreign_key="profile.id", index=True, max_length=32,
                            ondelete="CASCADE")
    created_at: datetime = _ts(nullable=False)
    kind: str = Field(max_length=32)  # better_option | still_best | current_offer_gone
    message: str = Field(sa_column=Column(Text, nullable=False))
    annual_saving: Decimal | None = Field(default=None, sa_column=Column(Numeric(12, 2)))
    recommendation_id: str | None = Field(default=None, max_length=32)
    details: Any = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    delivered_at: datetime | None = _ts(nullable=True)
    delivery_attempts: int = 0
    delivery_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class WebhookRow(SQLModel, table=True):
    """An advisor's webhook: notifications are POSTed there, signed with HMAC-SHA256."""

    __tablename__ = "webhook"

    advisor_key_id: int = Field(foreign_key="api_key.id", primary_key=True)
    url: str = Field(max_length=1000)
    secret: str = Field(max_length=128)
    created_at: datetime = _ts(nullable=False)
