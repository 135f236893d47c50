"""Monthly premium of a US individual-market plan for a whole household, from its age-21 rate.

The rules and where they come from (45 CFR 147.102, "fair health insurance premiums"):

- Each member pays the plan's age-21 rate times the age factor of the federal default age curve
  in force for the plan year (147.102(a)(1)(iii), (d), (e)): the 2014-2017 curve (children 0-20 at
  0.635) or the 2018+ curve (0-14 at 0.765, 15-20 graded). Tables and sources:
  advocate/data/health/tables/age_curves/ (SOURCES.md).
- A family pays the sum of its members' premiums, counting no more than the three oldest covered
  children under age 21 (147.102(c)(1)). Each member's premium is rounded to the cent before the
  sum, which is how the CMS QHP Landscape file builds its couple and family columns (checked on its
  190 real 2014 rows, tests/unit/test_health_premiums_landscape.py).
- Tobacco: issuers may charge tobacco users up to 1.5 times the rate (147.102(a)(1)(iv)). The
  surcharge is issuer-specific and the landscape file publishes none, so it is never guessed: the
  premium comes back without it and with an `unpriced` note.
- States with their own age curve or no age rating at all (CMS "State Specific Rating
  Variations") are refused with UnpriceableTerms rather than priced on the wrong curve.

Amounts are USD per month, before any premium tax credit. No sales tax applies to a health
premium (state premium taxes are already inside the rate), so the figure is the full price.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from advocate.costing.aca_tables import AgeCurve, age_curve, check_state, state_age_rating
from advocate.domain.errors import InvalidInput, UnpriceableTerms

CENT = Decimal("0.01")
CHILD_AGE_LIMIT = 21
MAX_CHARGED_CHILDREN = 3
MAX_AGE = 125
TOBACCO_NOTE = "tobacco surcharge of up to 50% not published in this file"


@dataclass(frozen=True)
class Member:
    """One person to cover: whole-year age on the coverage start date, and tobacco use."""

    age: int
    uses_tobacco: bool = False


@dataclass(frozen=True)
class MemberPremium:
    """One member's line: the age factor applied and the monthly premium (0 when not charged)."""

    age: int
    factor: Decimal
    monthly: Decimal
    charged: bool


@dataclass(frozen=True)
class PremiumQuote:
    """A household's monthly gross premium (USD, before tax credits) and how it was built."""

    monthly: Decimal
    members: tuple[MemberPremium, ...]
    plan_year: int
    curve: str
    unpriced: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    currency: str = "USD"
    includes_tax: bool = True


def household_premium(premium_age_21: Decimal, members: Sequence[Member], *, plan_year: int,
                      state: str | None = None) -> PremiumQuote:
    """Monthly gross premium for `members` on a plan whose age-21 rate is `premium_age_21`."""
    _check_members(members)
    rate = _check_rate(premium_age_21)
    curve = age_curve(plan_year)
    if state is not None:
        _refuse_state_rating(check_state(state), plan_year)
    charged = charged_members(members)
    lines = tuple(_line(rate, member, curve, index in charged)
                  for index, member in enumerate(members))
    return PremiumQuote(
        monthly=sum((line.monthly for line in lines), Decimal("0.00")),
        members=lines,
        plan_year=plan_year,
        curve=curve.name,
        unpriced=(TOBACCO_NOTE,) if any(m.uses_tobacco for m in members) else (),
        assumptions=_assumptions(members, curve, state),
    )


def charged_members(members: Sequence[Member]) -> frozenset[int]:
    """Indexes of the members who pay: every adult, and the three oldest children under 21."""
    children = sorted((i for i, m in enumerate(members) if m.age < CHILD_AGE_LIMIT),
                      key=lambda i: members[i].age, reverse=True)
    adults = {i for i, m in enumerate(members) if m.age >= CHILD_AGE_LIMIT}
    return frozenset(adults | set(children[:MAX_CHARGED_CHILDREN]))


def _line(rate: Decimal, member: Member, curve: AgeCurve, charged: bool) -> MemberPremium:
    factor = curve.factor(member.age)
    monthly = (rate * factor).quantize(CENT, ROUND_HALF_UP) if charged else Decimal("0.00")
    return MemberPremium(member.age, factor, monthly, charged)


def _check_members(members: Sequence[Member]) -> None:
    if not members:
        raise InvalidInput("the household needs at least one member to cover",
                           field="household.members")
    for index, member in enumerate(members):
        age = member.age
        if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_AGE:
            raise InvalidInput(f"age must be a whole number of years from 0 to {MAX_AGE}",
                               field=f"household.members[{index}].age")


def _check_rate(premium_age_21: Decimal) -> Decimal:
    try:
        rate = Decimal(str(premium_age_21))
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or rate <= 0:
        raise UnpriceableTerms(f"the plan has no usable age-21 premium ({premium_age_21!r})")
    return rate


def _refuse_state_rating(state: str, plan_year: int) -> None:
    rule = state_age_rating(state, plan_year)
    if rule == "state_curve":
        message = f"{state} uses its own age curve; advocate ships only the federal default"
    elif rule == "no_age_rating":
        message = f"{state} does not rate by age; the premium cannot come from an age-21 rate"
    else:
        return
    raise UnpriceableTerms(message, details={"state": state, "plan_year": plan_year,
                                             "rule": rule})


def _assumptions(members: Sequence[Member], curve: AgeCurve, state: str | None) -> tuple[str, ...]:
    notes = [f"federal default age curve {curve.name} (45 CFR 147.102)",
             "ages are whole years on the coverage start date"]
    skipped = len(members) - len(charged_members(members))
    if skipped:
        notes.append(f"{skipped} child(ren) under 21 not charged: only the three oldest are "
                     "(45 CFR 147.102(c)(1))")
    if any(m.uses_tobacco for m in members):
        notes.append("premium excludes any tobacco surcharge")
    if state is None:
        notes.append("state not given: assumed to use the federal default age curve")
    return tuple(notes)
