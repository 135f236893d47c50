"""SQLModel tables: offers, append-only snapshots, refresh runs, quarantine and disclosures."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Numeric, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """Timestamps are stored in UTC and always read back timezone-aware (SQLite keeps no
    zone, PostgreSQL's timestamptz does): every time the API shows is RFC 3339."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


def _ts(**kwargs: Any) -> Any:
    return Field(sa_column=Column(UtcDateTime(), **kwargs))


class OfferRow(SQLModel, table=True):
    """The current state of one offer; history lives in `offer_snapshot`.

    `current_payload_sha256` repeats the current snapshot's payload hash, so that the index
    `ix_offer_current` (category first) holds everything `store.offers.load_offers` reads to
    know which offers it has built already: the database answers from the index alone, never
    reading a row past its large JSON columns, nor the snapshot's."""

    __tablename__ = "offer"
    __table_args__ = (Index("ix_offer_current", "category", "id", "updated_at",
                            "current_snapshot_id", "current_payload_sha256"),)

    id: str = Field(primary_key=True, max_length=255)
    source: str = Field(index=True, max_length=64)
    external_id: str = Field(max_length=255)
    category: str = Field(max_length=32)
    brand: str = Field(index=True, max_length=255)
    brand_name: str = Field(max_length=255)
    name: str = Field(max_length=500)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    url: str | None = Field(default=None, max_length=1000)
    geography: dict = Field(sa_column=Column(JSON, nullable=False))
    terms: dict = Field(sa_column=Column(JSON, nullable=False))
    effective_from: date | None = None
    effective_to: date | None = None
    current_snapshot_id: int | None = None
    first_seen_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)
    current_payload_sha256: str | None = Field(default=None, max_length=64)


class OfferRegionRow(SQLModel, table=True):
    """One geography key of an offer (`postcode:3000`, `county:48113`...), for indexed lookup."""

    __tablename__ = "offer_region"
    __table_args__ = (Index("ix_offer_region_key", "key"),)

    offer_id: str = Field(foreign_key="offer.id", primary_key=True, max_length=255,
                          ondelete="CASCADE")
    key: str = Field(primary_key=True, max_length=128)
    excluded: bool = Field(default=False, primary_key=True)


class OfferSnapshotRow(SQLModel, table=True):
    """Append-only: one row per distinct payload seen for an offer."""

    __tablename__ = "offer_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    offer_id: str = Field(foreign_key="offer.id", index=True, max_length=255)
    payload_sha256: str = Field(max_length=64)
    raw: Any = Field(sa_column=Column(JSON, nullable=False))
    terms: dict = Field(sa_column=Column(JSON, nullable=False))
    fetched_at: datetime = _ts(nullable=False)
    source_url: str | None = Field(default=None, max_length=1000)
    schema_version: str | None = Field(default=None, max_length=32)
    recorded_at: datetime = _ts(nullable=False)


class RefreshRunRow(SQLModel, table=True):
    """One run of one provider: when, how it ended, what it stored."""

    __tablename__ = "refresh_run"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True, max_length=64)
    kind: str = Field(default="refresh", max_length=32)  # refresh | import-files
    status: str = Field(max_length=16)  # running | succeeded | partial | failed
    started_at: datetime = _ts(nullable=False)
    finished_at: datetime | None = _ts(nullable=True)
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    errors: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class QuarantinedPayloadRow(SQLModel, table=True):
    """A payload that could not be parsed, kept whole with the reason."""

    __tablename__ = "quarantined_payload"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True, max_length=64)
    run_id: int | None = Field(default=None, foreign_key="refresh_run.id")
    payload_sha256: str = Field(max_length=64)
    raw: Any = Field(sa_column=Column(JSON, nullable=False))
    error: str = Field(sa_column=Column(Text, nullable=False))
    fetched_at: datetime = _ts(nullable=False)
    source_url: str | None = Field(default=None, max_length=1000)
    schema_version: str | None = Field(default=None, max_length=32)


class DisclosureRow(SQLModel, table=True):
    """Commission or sponsorship on an offer or a brand; shown, never ranked on."""

    __tablename__ = "disclosure"
    __table_args__ = (UniqueConstraint("offer_id", "brand", "kind", name="uq_disclosure"),)

    id: int | None = Field(default=None, primary_key=True)
    offer_id: str | None = Field(default=None, index=True, max_length=255)
    brand: str | None = Field(default=None, index=True, max_length=255)
    kind: str = Field(max_length=32)
    amount: Decimal | None = Field(default=None, sa_column=Column(Numeric(14, 2)))
    currency: str | None = Field(default=None, max_length=3)
    basis: str = Field(default="", max_length=255)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    recorded_at: datetime = _ts(nullable=False)


class RegisterBrandRow(SQLModel, table=True):
    """A brand the source's own register lists (e.g. the CDR Register's energy brands), so an
    answer can say how much of the market it covers. Replaced only by a successful listing."""

    __tablename__ = "register_brand"

    source: str = Field(primary_key=True, max_length=64)
    brand_id: str = Field(primary_key=True, max_length=128)
    name: str = Field(max_length=255)
    listed_at: datetime = _ts(nullable=False)
