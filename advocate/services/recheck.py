"""Re-checks, the follow-up after the sale: rank a profile's needs on today's offers and tell
the advisor whether a clearly better option appeared.

The rule: the top pick is the best-ranked offer (by the client's own priorities) that is still
on the market. It is "a better option" when what it saves in the first year, net of switching
costs (advocate.services.switching says which fees count, and why), is more than the
advisor's threshold:

    first-year saving = (current expected annual cost - top pick's) - exit fee - joining fees

Outcomes (notification `kind`):
  better_option       the top pick's first-year saving is above the threshold
  still_best          the client holds the top pick, or the saving is not above the threshold
  current_offer_gone  the client's offer is no longer on the market for them (with the best
                      option now, and what it saves a year when both can be priced)
  not_comparable      the client's offer cannot be priced on its current terms
  recheck_failed      the needs themselves cannot be priced today (the reason is given)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import marshmallow as ma
from sqlmodel import Session

from advocate.domain import InvalidInput
from advocate.domain.access import Caller, Role
from advocate.errors import flatten_messages
from advocate.schemas.profiles import ProfileNeedsSchema
from advocate.services.recommend import recommend
from advocate.services.switching import Switch, gone_reason, on_market, switch_between
from advocate.store.advice_tables import NotificationRow, ProfileRow, RecommendationRow
from advocate.store.offers import get_offer_row
from advocate.store.tables import utcnow


@dataclass(frozen=True)
class Outcome:
    """What a re-check found, before it is stored as a notification."""

    kind: str
    message: str
    annual_saving: Decimal | None = None
    details: dict = field(default_factory=dict)


def recheck_profile(db: Session, profile: ProfileRow, *,
                    now: datetime | None = None) -> NotificationRow:
    """Re-run the profile's recommendation on current offers and record the notification."""
    now = now or utcnow()
    try:
        row = _recommend(db, profile, now)
    except (InvalidInput, ma.ValidationError) as error:
        return _record(db, profile, _failed(error), None, now)
    return _record(db, profile, assess(db, profile, row, now.date()), row.id, now)


def _recommend(db: Session, profile: ProfileRow, now: datetime) -> RecommendationRow:
    needs = ProfileNeedsSchema().load(profile.request)
    caller = Caller(key_id=profile.advisor_key_id, role=Role.ADVISOR)
    try:
        return recommend(db, needs, caller=caller, profile_id=profile.id, now=now)
    except InvalidInput as error:
        if error.field != "current_offer_id":
            raise
    # the client's offer is not offered here any more: rank without it, and say so
    without = {key: value for key, value in needs.items() if key != "current_offer_id"}
    return recommend(db, without, caller=caller, profile_id=profile.id, now=now)


def _failed(error: InvalidInput | ma.ValidationError) -> Outcome:
    if isinstance(error, InvalidInput):
        text, fields = error.message, {error.field: [error.message]} if error.field else {}
    else:
        fields = flatten_messages(error.messages)
        text = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
    return Outcome("recheck_failed", f"The re-check could not price this profile today: "
                   f"{text}", None, {"fields": fields})


def _record(db: Session, profile: ProfileRow, outcome: Outcome, recommendation_id: str | None,
            now: datetime) -> NotificationRow:
    row = NotificationRow(profile_id=profile.id, created_at=now, kind=outcome.kind,
                          message=outcome.message, annual_saving=outcome.annual_saving,
                          recommendation_id=recommendation_id, details=outcome.details)
    db.add(row)
    db.flush()
    return row


def assess(db: Session, profile: ProfileRow, row: RecommendationRow, today: date) -> Outcome:
    """The notification a fresh recommendation calls for (the rule in the module docstring)."""
    current_id = profile.request["current_offer_id"]
    live = on_market(db, [o["offer_id"] for o in row.result["offers"]], today)
    ranked = [o for o in row.result["offers"] if o["offer_id"] in live]
    current = next((o for o in row.result["offers"] if o["offer_id"] == current_id), None)
    gone = gone_reason(db, current_id, row.result, today)
    if gone or current is None:
        return _unavailable(db, profile, current, gone, ranked, row.result)
    top = ranked[0]
    if top["offer_id"] == current_id:
        return Outcome("still_best", _kept(current), None, _details(profile, current, top))
    switch = switch_between(db, current, top)
    details = _details(profile, current, top, switch)
    if switch.net <= profile.notify_threshold:
        return Outcome("still_best", _below(top, switch, profile), None, details)
    return Outcome("better_option", _better(top, switch), switch.gross, details)


def _money(currency: str, amount: Decimal) -> str:
    return f"{currency} {amount:,.0f}"


def _caveat(switch: Switch) -> str:
    unknown = switch.unknown
    return (f"; {' and '.join(unknown)} not published, ask before switching" if unknown
            else "")


def _better(top: dict, switch: Switch) -> str:
    cur = top["currency"]
    costs = (f"after switching costs of {cur} {switch.costs:,.2f}" if switch.costs
             else "with no exit or joining fee")
    return (f"A better option appeared: {top['name']} from {top['brand']} saves you "
            f"{_money(cur, switch.gross)} a year ({_money(cur, switch.net)} in the first "
            f"year {costs}{_caveat(switch)}).")


def _kept(current: dict) -> str:
    cost = _money(current["currency"], Decimal(current["expected_annual_cost"]))
    return (f"You still have the best option: {current['name']} from {current['brand']} is "
            f"the top pick at {cost} a year.")


def _below(top: dict, switch: Switch, profile: ProfileRow) -> str:
    cur, pick = top["currency"], f"the top pick, {top['name']} from {top['brand']}"
    if switch.net <= 0:
        return (f"You still have the best option for you: switching to {pick}, would not "
                f"save money in the first year after switching costs{_caveat(switch)}.")
    return (f"You still have the best option for you: switching to {pick}, would save "
            f"{_money(cur, switch.net)} in the first year after switching costs, not more "
            f"than your threshold of {_money(cur, profile.notify_threshold)}{_caveat(switch)}.")


def _unavailable(db: Session, profile: ProfileRow, current: dict | None, gone: str | None,
                 ranked: list[dict], result: dict) -> Outcome:
    current_id = profile.request["current_offer_id"]
    best = next((o for o in ranked if o["offer_id"] != current_id), None)
    switch = None if current is None or best is None else switch_between(db, current, best)
    details = _details(profile, current or {"offer_id": current_id}, best, switch, gone)
    yours = _yours(db, current_id)
    if best is None:
        return Outcome("current_offer_gone" if gone else "recheck_failed",
                       f"{yours}, {gone or 'cannot be priced'}. No offer still on the market "
                       "could be ranked for these needs.", None, details)
    now_best = (f"The best option now: {best['name']} from {best['brand']} at "
                f"{_money(best['currency'], Decimal(best['expected_annual_cost']))} a year")
    if gone is None:
        reason = next(e["reason"] for e in result["excluded"] if e["offer_id"] == current_id)
        return Outcome("not_comparable", f"{yours}, cannot be compared on its current terms "
                       f"({reason}). {now_best}.", None, details)
    saving = switch.gross if switch is not None and switch.gross > 0 else None
    tail = f", {_money(best['currency'], saving)} a year less than yours" if saving else ""
    return Outcome("current_offer_gone", f"{yours}, {gone}. {now_best}{tail}.", saving, details)


def _yours(db: Session, offer_id: str) -> str:
    row = get_offer_row(db, offer_id)
    return (f"Your current offer, {row.name} from {row.brand_name}" if row
            else f"Your current offer ({offer_id})")


def _details(profile: ProfileRow, current: dict, top: dict | None, switch: Switch | None = None,
             gone: str | None = None) -> dict:
    def brief(entry: dict | None) -> dict | None:
        return None if entry is None else {key: entry.get(key) for key in (
            "offer_id", "brand", "name", "rank", "expected_annual_cost", "currency")}

    return {"threshold": f"{profile.notify_threshold:.2f}", "top_pick": brief(top),
            "current_offer": brief(current), "current_offer_gone": gone,
            "switch": None if switch is None else switch.to_json()}
