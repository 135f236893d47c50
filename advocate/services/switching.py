"""What moving a client from one offer to another saves and costs, and whether an offer is
still on the market: the figures a re-check (advocate.services.recheck) decides on.

Switching costs, GST included:
* Exit fee: the current offer's published EXIT fee (the largest one when the plan lists one
  per contract year, so a saving is never overstated): `energy_facts(tariff).exit_fee`.
* Joining fees: the new offer's fees the Consumer Data Standards publish as charged on
  starting with a retailer, ESTABLISHMENT and CONNECTION (trigger JOINING). A connection fee
  may only apply when moving in; it is counted anyway, again so a saving is never overstated.
  Not counted: late-payment, dishonour, card and paper-bill fees (they depend on how one pays
  and can be avoided), disconnection and reconnection (events, not switching), and the new
  offer's own exit fee (due only if the client later leaves it early).
* A fee published without an amount is not guessed: it is listed as unknown and left out of
  the sum; the message says so.
* US health plans: the CMS landscape data lists no enrolment or termination fee, so none is
  counted (switching happens at open enrolment or in a special enrolment period).

On the market: an offer is gone when it is no longer stored, when its published end date
(CDR `effectiveTo`, the landscape's plan year) has passed, or when it is no longer offered to
this client (another network, postcode or customer type).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from advocate.costing.energy_notes import fee_name
from advocate.domain.energy import GST_RATE, EnergyTariff
from advocate.services.ranking_inputs import energy_facts
from advocate.store.offers import get_offer_row, offers_from_rows
from advocate.store.tables import OfferRow

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Switch:
    """Moving from the current offer to another: yearly saving and one-off costs."""

    gross: Decimal
    exit_fee: Decimal | None
    joining: tuple[tuple[str, Decimal | None], ...]

    @property
    def costs(self) -> Decimal:
        """The known switching costs (GST included)."""
        known = [amount for _, amount in self.joining if amount is not None]
        return sum(known, self.exit_fee or Decimal(0))

    @property
    def net(self) -> Decimal:
        """First-year saving after the known switching costs."""
        return self.gross - self.costs

    @property
    def unknown(self) -> list[str]:
        """Fees that apply but publish no amount."""
        names = [name for name, amount in self.joining if amount is None]
        return (["exit fee"] if self.exit_fee is None else []) + names

    def to_json(self) -> dict:
        """The figures as decimal strings."""
        return {"saving_per_year": f"{self.gross:.2f}",
                "exit_fee": None if self.exit_fee is None else f"{self.exit_fee:.2f}",
                "joining_fees": [{"item": name, "amount": None if amount is None
                                  else f"{amount:.2f}"} for name, amount in self.joining],
                "switching_costs": f"{self.costs:.2f}",
                "first_year_saving": f"{self.net:.2f}", "unknown_fees": self.unknown}


def switch_between(db: Session, current: dict, new: dict) -> Switch:
    """Saving and costs of moving from ranked entry `current` to ranked entry `new`."""
    gross = Decimal(current["expected_annual_cost"]) - Decimal(new["expected_annual_cost"])
    rows = [get_offer_row(db, current["offer_id"]), get_offer_row(db, new["offer_id"])]
    terms = {o.id: o.terms for o in offers_from_rows(db, [r for r in rows if r is not None])}
    old, chosen = terms.get(current["offer_id"]), terms.get(new["offer_id"])
    if not isinstance(old, EnergyTariff | None) or not isinstance(chosen, EnergyTariff | None):
        return Switch(gross, Decimal(0), ())  # health plans: no fee to leave or to join
    exit_fee = energy_facts(old).exit_fee if old is not None else None
    return Switch(gross, exit_fee, joining_fees(chosen) if chosen is not None else ())


def joining_fees(tariff: EnergyTariff) -> tuple[tuple[str, Decimal | None], ...]:
    """The fees charged on joining (CDS ESTABLISHMENT, CONNECTION), GST included."""
    return tuple((fee_name(fee.type), None if fee.amount is None
                  else (fee.amount * (1 + GST_RATE)).quantize(CENT))
                 for fee in tariff.fees if fee.trigger == "JOINING")


def on_market(db: Session, offer_ids: Iterable[str], today: date) -> set[str]:
    """Those of `offer_ids` stored and not past their published end date."""
    ids = sorted(set(offer_ids))
    rows = db.exec(select(OfferRow.id, OfferRow.effective_to).where(col(OfferRow.id).in_(ids)))
    return {offer_id for offer_id, ends in rows if ends is None or ends >= today}


def gone_reason(db: Session, offer_id: str, result: dict, today: date) -> str | None:
    """Why the client's offer is no longer on the market for them, or None."""
    row = get_offer_row(db, offer_id)
    if row is None:
        return "is no longer listed by its provider"
    if row.effective_to is not None and row.effective_to < today:
        return (f"is no longer offered: its published end date was "
                f"{row.effective_to.day} {row.effective_to:%B %Y}")
    reason = {e["offer_id"]: e["reason"] for e in result.get("excluded", [])}.get(offer_id)
    if reason and not reason.startswith("unpriceable"):
        return f"is no longer available to this client ({reason})"
    ranked = any(o["offer_id"] == offer_id for o in result["offers"])
    return None if ranked or reason else "is no longer offered where this client lives"
