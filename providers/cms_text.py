"""Parse the publisher's cost-sharing text of CMS QHP files ("$400 Copay and 20% Coinsurance
after deductible", "Included in Medical", ...) into `CostShare` and `Limit`.

Only the forms below are understood; any other text raises `ParseError` naming the column and
the text, so the row is quarantined rather than priced on a guess. The meaning of each option
is documented in `advocate.domain.health_costshare`.

Cost-sharing cells: "" (blank), "No Charge", "No Charge after deductible", "Not Covered",
"Not Applicable", "See Plan Brochure", a copay part, a coinsurance part, or
"<copay part> and <coinsurance part>", where
  copay part       = "$N" [" Copay"] [" per Day" | " per Stay"]
                     [" before deductible" | " after deductible"]
  coinsurance part = "N%" [" Coinsurance"] [" after deductible"]
Limit cells (deductibles, MOOPs): "" (blank), "$N", "Included in Medical", "Not Applicable",
"See Plan Brochure". Matching ignores case and surrounding spaces ("$4,500 " is $4,500).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from advocate.domain import ParseError
from advocate.domain.health_costshare import (
    CostShare,
    Coverage,
    Deductible,
    Limit,
    LimitKind,
    Per,
)

_MONEY = r"\$(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<{name}_cents>\d{{1,2}}))?"
_COPAY = (_MONEY.format(name="copay") + r"(?: copay)?(?: per (?P<per>day|stay))?"
          r"(?: (?P<copay_when>before|after) deductible)?")
_COINS = r"(?P<coins>\d{1,3}(?:\.\d+)?)%(?: coinsurance)?(?: (?P<coins_when>after) deductible)?"
_COST_SHARE = re.compile(rf"(?:{_COPAY})?(?:(?<=\S) and )?(?:{_COINS})?", re.IGNORECASE)
_AMOUNT = re.compile(_MONEY.format(name="amount"), re.IGNORECASE)

_WORDS = {
    "": Coverage.BLANK,
    "not covered": Coverage.NOT_COVERED,
    "not applicable": Coverage.NOT_APPLICABLE,
    "see plan brochure": Coverage.SEE_PLAN_BROCHURE,
}
_LIMIT_WORDS = {
    "": LimitKind.BLANK,
    "included in medical": LimitKind.INCLUDED_IN_MEDICAL,
    "not applicable": LimitKind.NOT_APPLICABLE,
    "see plan brochure": LimitKind.SEE_PLAN_BROCHURE,
}


def parse_cost_share(text: str | None, column: str) -> CostShare:
    """The `CostShare` a cost-sharing cell means; `ParseError` for text not listed above."""
    raw = "" if text is None else str(text)
    share = _cost_share(raw)
    if share is None:
        raise ParseError(f"unknown cost-sharing text in column {column!r}: {raw!r}",
                         field=column, details={"text": raw})
    return share


def parse_limit(text: str | None, column: str) -> Limit:
    """The `Limit` a deductible or MOOP cell means; `ParseError` for any other text."""
    raw = "" if text is None else str(text)
    limit = _limit(raw)
    if limit is None:
        raise ParseError(f"unknown deductible/out-of-pocket text in column {column!r}: {raw!r}",
                         field=column, details={"text": raw})
    return limit


# A landscape file repeats a few hundred distinct texts over millions of cells, and the
# results are immutable: parse each text once.
@lru_cache(maxsize=8192)
def _cost_share(raw: str) -> CostShare | None:
    clean = " ".join(raw.split())
    lowered = clean.lower()
    if lowered in _WORDS:
        return CostShare(text=raw, coverage=_WORDS[lowered])
    if lowered == "no charge":
        return CostShare(text=raw)
    if lowered == "no charge after deductible":
        return CostShare(text=raw, coinsurance=Decimal(0),
                         coinsurance_deductible=Deductible.AFTER)
    match = _COST_SHARE.fullmatch(clean)
    if not match or not (match["copay"] or match["coins"]):
        return None
    if bool(match["copay"] and match["coins"]) != (" and " in clean.lower()):
        return None
    coins = Decimal(match["coins"]) / 100 if match["coins"] else None
    if coins is not None and coins > 1:
        return None
    return CostShare(
        text=raw, copay=_money(match, "copay") if match["copay"] else None,
        copay_per=Per((match["per"] or "visit").lower()),
        copay_deductible=_when(match["copay_when"]),
        coinsurance=coins, coinsurance_deductible=_when(match["coins_when"]))


@lru_cache(maxsize=8192)
def _limit(raw: str) -> Limit | None:
    clean = " ".join(raw.split())
    if clean.lower() in _LIMIT_WORDS:
        return Limit(kind=_LIMIT_WORDS[clean.lower()], text=raw)
    match = _AMOUNT.fullmatch(clean)
    if not match:
        return None
    return Limit(kind=LimitKind.AMOUNT, amount=_money(match, "amount"), text=raw)


def _money(match: re.Match[str], name: str) -> Decimal:
    whole = match[name].replace(",", "")
    cents = match[f"{name}_cents"]
    return Decimal(f"{whole}.{cents}") if cents else Decimal(whole)


def _when(word: str | None) -> Deductible:
    if word is None:
        return Deductible.NOT_APPLIED
    return Deductible.BEFORE if word.lower() == "before" else Deductible.AFTER
