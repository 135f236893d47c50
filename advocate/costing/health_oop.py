"""Out-of-pocket engine: claims through deductibles, copays, coinsurance and the MOOP.

Vectorised: every amount of a claim is a numpy array over G scenarios (spending levels or
sampled years), so one pass prices a whole grid. Money is USD, floats inside.

Claim processing (in-network, claims taken in the order given; the SBC coverage-example method
of the Departments' calculator: deductible first, then copays and coinsurance, all capped by
the out-of-pocket limit). For one claim of allowed amount A:

1. Preventive care: nothing to pay (PHS Act §2713, 45 CFR 147.130).
   "Not Covered": the member pays A; it never counts toward the deductible or the MOOP
   (healthcare.gov glossary, "Out-of-pocket maximum/limit": it excludes non-covered services).
2. A copay that is not "after deductible" is paid first (at most A). The rest is subject to
   the deductible when any component says "after/before deductible" (usdf-CostShareOptionCS:
   "before deductible" -> net remaining allowed charges accrue to the deductible): the member
   pays it up to the deductible room left, and that accrues to the deductible.
3. What is left after the deductible gets the after-deductible copay (at most what is left) and
   then the coinsurance rate on the remainder.
4. The payment is capped by the room left under the member's own MOOP and the family's MOOP
   (healthcare.gov glossary: after deductibles, copayments and coinsurance reach the limit
   the plan pays 100 % of covered benefits).

Family coverage is embedded: each member's deductible and MOOP room is the per-person amount
(or, when the file has none, the self-only amount) and the family room caps them all together.
Since 2016 the self-only MOOP must be embedded in family coverage (HHS Notice of Benefit and
Payment Parameters for 2016, 45 CFR 156.130); for deductibles and earlier years it is an
assumption and is reported as one. "Included in Medical" drug limits share the medical ledger.

Copays per visit/stay count `units`; per day count `days`. In fluid mode (claims that stand for
a slice of a year's spending) the after-deductible copay is charged on the part of the units
above the deductible, in proportion; for a single claim it is charged once the deductible is
met within that claim.

This per-plan `Engine` is the reference: `health_batch` applies the same rules to many plans
at once, and tests/unit/test_health_batch.py holds it to this engine's figures to the bit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from advocate.domain import UnpriceableTerms
from advocate.domain.health import (
    DRUG_SERVICES,
    CostShare,
    CostSharingVariant,
    Coverage,
    Deductible,
    Limit,
    LimitSet,
    Per,
    Service,
)


@dataclass
class Item:
    """One claim for the engine: arrays over the G scenarios."""

    member: int
    service: Service
    allowed: np.ndarray
    units: np.ndarray
    days: np.ndarray
    fluid: bool = False


@dataclass
class _Ledger:
    """The room left under one deductible or MOOP, per member and for the family."""

    label: str
    member_room: np.ndarray | None
    family_room: np.ndarray | None
    unknown: str | None = None

    def room(self, member: int) -> np.ndarray:
        if self.unknown is not None:
            raise UnpriceableTerms(self.unknown, field=self.label)
        return np.minimum(self.member_room[member], self.family_room)

    def take(self, member: int, amount: np.ndarray) -> None:
        self.member_room[member] -= amount
        self.family_room -= amount


@dataclass
class OopResult:
    """What the household pays over the G scenarios, and where it came from."""

    covered: np.ndarray
    not_covered: np.ndarray
    allowed: np.ndarray
    by_member: np.ndarray
    by_service: dict[Service, np.ndarray]
    parts: dict[str, np.ndarray]  # "deductible", "copays", "coinsurance", "not_covered"
    assumptions: tuple[str, ...] = ()

    @property
    def total(self) -> np.ndarray:
        """Covered out-of-pocket plus what non-covered services cost in full."""
        return self.covered + self.not_covered


@dataclass
class Engine:
    """Processes claims for one plan variant and one household of `members` people."""

    variant: CostSharingVariant
    members: int
    grid: int
    assumptions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        v, zeros = self.variant, np.zeros(self.grid)
        self.med_ded = self._ledger("medical deductible", v.medical_deductible)
        self.drug_ded = (self.med_ded if v.combined_deductible
                         else self._ledger("drug deductible", v.drug_deductible))
        self.med_moop = self._ledger("medical out-of-pocket maximum", v.medical_moop)
        self.drug_moop = (self.med_moop if v.combined_moop
                          else self._ledger("drug out-of-pocket maximum", v.drug_moop))
        self.by_member = np.zeros((self.members, self.grid))
        self.not_covered, self.allowed = zeros.copy(), zeros.copy()
        self.by_service: dict[Service, np.ndarray] = {}
        self.parts = {k: zeros.copy() for k in ("deductible", "copays", "coinsurance")}

    def _ledger(self, label: str, limits: LimitSet) -> _Ledger:
        own, family, note = ledger_limits(label, limits, self.members)
        if note:
            self.assumptions.append(note)
        unknown = unknown_limit(label, own, "self-only") or (
            unknown_limit(label, family, "family") if family is not None else None)
        if unknown:
            return _Ledger(label, None, None, unknown)
        member = np.full((self.members, self.grid), float(own.amount))
        whole = np.full(self.grid, np.inf if family is None else float(family.amount))
        return _Ledger(label, member, whole)

    def run(self, items: list[Item]) -> OopResult:
        """Process `items` in order and return the household's out-of-pocket."""
        for item in items:
            self._process(item)
        covered = self.by_member.sum(axis=0) - self.not_covered
        return OopResult(covered=covered, not_covered=self.not_covered.copy(),
                         allowed=self.allowed.copy(), by_member=self.by_member.copy(),
                         by_service=dict(self.by_service),
                         parts={**self.parts, "not_covered": self.not_covered.copy()},
                         assumptions=tuple(dict.fromkeys(self.assumptions)))

    def _process(self, item: Item) -> None:
        a = item.allowed
        self.allowed += a
        if item.service is Service.PREVENTIVE:
            return
        share = self._share(item.service)
        if share.coverage is Coverage.NOT_COVERED:
            self._book(item, a, not_covered=True)
            return
        drug = item.service in DRUG_SERVICES
        deductible_ledger = self.drug_ded if drug else self.med_ded
        moop = (self.drug_moop if drug else self.med_moop).room(item.member)
        deductible, copays, coinsurance = _split(share, item, deductible_ledger)
        pay = deductible + copays + coinsurance
        paid = np.minimum(pay, moop)
        (self.drug_moop if drug else self.med_moop).take(item.member, paid)
        scale = np.divide(paid, pay, out=np.zeros_like(pay), where=pay > 0)
        for name, part in (("deductible", deductible), ("copays", copays),
                           ("coinsurance", coinsurance)):
            self.parts[name] += part * scale
        self._book(item, paid)

    def _share(self, service: Service) -> CostShare:
        share = self.variant.services.get(service)
        problem = share_refusal(self.variant, service, share)
        if problem is not None:
            raise problem
        return share

    def _book(self, item: Item, amount: np.ndarray, *, not_covered: bool = False) -> None:
        self.by_member[item.member] += amount
        self.by_service[item.service] = self.by_service.get(item.service, 0) + amount
        if not_covered:
            self.not_covered += amount


def _split(share: CostShare, item: Item,
           ledger: _Ledger) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(deductible, copays, coinsurance) the member owes on one claim before the MOOP cap."""
    a = item.allowed
    copay = float(share.copay or 0)
    rate = float(share.coinsurance or 0)
    units = item.days if share.copay_per is Per.DAY else item.units
    upfront = np.zeros_like(a)
    if share.copay is not None and share.copay_deductible is not Deductible.AFTER:
        upfront = np.minimum(copay * units, a)
    rest = a - upfront
    deductible = np.zeros_like(a)
    if share.subject_to_deductible and np.any(rest > 0):
        deductible = np.minimum(rest, ledger.room(item.member))
        ledger.take(item.member, deductible)
    left = rest - deductible
    after = np.zeros_like(a)
    if share.copay is not None and share.copay_deductible is Deductible.AFTER:
        if item.fluid:
            later_units = units * np.divide(left, a, out=np.zeros_like(a), where=a > 0)
        else:
            later_units = np.where(left > 0, units, 0.0)
        after = np.minimum(copay * later_units, left)
    coinsurance = rate * (left - after)
    return deductible, upfront + after, coinsurance


def ledger_limits(label: str, limits: LimitSet, members: int
                  ) -> tuple[Limit, Limit | None, str | None]:
    """(each member's limit, the family's limit or None for one person, the assumption made)
    of one deductible or MOOP for a household of `members` people."""
    if members == 1:
        return limits.individual, None, None
    own, family, note = limits.family_per_person, limits.family, None
    if not own.known:
        own = limits.individual
        rule = "as 45 CFR 156.130 requires from 2016" if "maximum" in label else "an assumption"
        note = (f"Within family coverage each member's {label} is capped at the self-only "
                f"amount (embedded, {rule}); the file publishes no per-person amount.")
    return own, family, note


def share_refusal(variant: CostSharingVariant, service: Service,
                  share: CostShare | None) -> UnpriceableTerms | None:
    """Why a claim for `service` cannot be priced under `variant`, or None when it can."""
    if share is not None and share.coverage in (Coverage.COVERED, Coverage.NOT_COVERED):
        return None
    text = "missing" if share is None else f"{share.text.strip() or 'blank'!r}"
    return UnpriceableTerms(
        f"{service.value.replace('_', ' ')} cost sharing is {text} in the "
        f"{variant.name} variant: it cannot be priced", field=service.value)


def unknown_limit(label: str, limit: Limit, who: str) -> str | None:
    """The refusal message for a limit that is not a published amount, else None."""
    if limit.known:
        return None
    text = limit.text.strip() or "blank"
    return (f"the {who} {label} is {text!r}: claims that depend on it cannot be priced")
