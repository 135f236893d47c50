"""Many plan variants' cost sharing as arrays over a plan axis, for the batched engine.

`PlanTable` reads each variant exactly as `health_oop.Engine` does (the reference): the same
deductible and MOOP amounts per member and for the family, the same embedded-family
assumption, the same refusals, but as one row per plan so that one numpy step prices a claim
for every plan at once (`health_batch`).

Ledger rows: the medical deductible of plan p is row p of the deductible ledger; a drug
deductible that is not "Included in Medical" gets a row of its own after the P medical rows,
and a drug claim of a plan whose drugs share the medical deductible uses the medical row. The
MOOP ledger is laid out the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from advocate.costing.health_oop import ledger_limits, share_refusal, unknown_limit
from advocate.domain import UnpriceableTerms
from advocate.domain.health import (
    DRUG_SERVICES,
    PUBLISHED_SERVICES,
    CostSharingVariant,
    Coverage,
    Deductible,
    LimitSet,
    Per,
    Service,
)


@dataclass(frozen=True)
class ServiceTerms:
    """One service's cost sharing for every plan, as rows of P values (0 where it does not
    apply), to broadcast over (columns, P) arrays; `refusals` holds the error of each plan
    that cannot price the service."""

    upfront: np.ndarray | None  # copay not waiting for the deductible
    after: np.ndarray | None  # copay charged once the deductible is met
    rate: np.ndarray | None  # coinsurance fraction
    subject: np.ndarray | None  # 1.0 where the claim waits for the deductible
    all_subject: bool
    per_day: np.ndarray | None  # True where the copay counts days, not visits or stays
    not_covered: np.ndarray | None  # 1.0 where the member pays the claim in full
    refusals: tuple[tuple[int, UnpriceableTerms], ...]  # as soon as such a claim is made
    deferred: tuple[tuple[int, UnpriceableTerms], ...]  # once any of it waits for the deductible
    drug: bool


@dataclass(frozen=True)
class Ledger:
    """Initial room of one kind of limit (deductible or MOOP) for every ledger row."""

    member: np.ndarray  # (rows,) USD per member
    family: np.ndarray  # (rows,) USD for the family together (inf for one person)
    drug_rows: slice | np.ndarray  # the row each plan's drug claims draw on
    unknown_medical: tuple[UnpriceableTerms | None, ...]  # per plan
    unknown_drug: tuple[UnpriceableTerms | None, ...]  # per plan

    @property
    def rows(self) -> int:
        """How many ledger rows (medical rows, then separate drug rows)."""
        return len(self.member)


@dataclass(frozen=True)
class PlanTable:
    """The variants of P plans for one household of `members` people."""

    variants: tuple[CostSharingVariant, ...]
    members: int
    deductible: Ledger
    moop: Ledger
    services: dict[Service, ServiceTerms]
    assumptions: tuple[tuple[str, ...], ...]  # per plan, as the reference engine states them

    @property
    def plans(self) -> int:
        """P, the number of plans."""
        return len(self.variants)

    @property
    def published(self) -> tuple[bool, ...]:
        """Per plan: True when every deductible and MOOP a claim could need is published."""
        return tuple(not any(limits) for limits in zip(
            self.deductible.unknown_medical, self.deductible.unknown_drug,
            self.moop.unknown_medical, self.moop.unknown_drug, strict=True))

    @property
    def clean(self) -> bool:
        """True when every limit a claim could need is published for every plan."""
        return all(self.published)


def plan_table(variants: Sequence[CostSharingVariant], members: int) -> PlanTable:
    """The arrays of `variants` for a household of `members` people."""
    variants = tuple(variants)
    notes: list[list[str]] = [[] for _ in variants]
    deductible = _ledger(variants, members, "deductible", notes)
    moop = _ledger(variants, members, "out-of-pocket maximum", notes)
    services = {s: _service(variants, s, deductible, moop)
                for s in (*PUBLISHED_SERVICES, Service.PREVENTIVE)}
    return PlanTable(variants, members, deductible, moop, services,
                     tuple(tuple(dict.fromkeys(n)) for n in notes))


def _ledger(variants: tuple[CostSharingVariant, ...], members: int, kind: str,
            notes: list[list[str]]) -> Ledger:
    moop = kind != "deductible"
    medical = [_limit(v.medical_moop if moop else v.medical_deductible, f"medical {kind}",
                      members, notes[p]) for p, v in enumerate(variants)]
    shared = [v.combined_moop if moop else v.combined_deductible for v in variants]
    drug = [None if shared[p] else _limit(v.drug_moop if moop else v.drug_deductible,
                                          f"drug {kind}", members, notes[p])
            for p, v in enumerate(variants)]
    separate = [p for p in range(len(variants)) if not shared[p]]
    rows = medical + [drug[p] for p in separate]
    rank = {p: len(variants) + i for i, p in enumerate(separate)}
    index = np.array([rank.get(p, p) for p in range(len(variants))], dtype=np.intp)
    return Ledger(
        member=np.array([r[0] for r in rows], dtype=float),
        family=np.array([r[1] for r in rows], dtype=float),
        drug_rows=_as_slice(index, len(variants)),
        unknown_medical=tuple(r[2] for r in medical),
        unknown_drug=tuple(medical[p][2] if shared[p] else drug[p][2]
                           for p in range(len(variants))))


def _limit(limits: LimitSet, label: str, members: int, notes: list[str]
           ) -> tuple[float, float, UnpriceableTerms | None]:
    """(member room, family room, refusal) of one ledger, read as `health_oop` reads it."""
    own, family, note = ledger_limits(label, limits, members)
    if note:
        notes.append(note)
    unknown = unknown_limit(label, own, "self-only") or (
        unknown_limit(label, family, "family") if family is not None else None)
    if unknown:
        return 0.0, 0.0, UnpriceableTerms(unknown, field=label)
    return float(own.amount), np.inf if family is None else float(family.amount), None


def _as_slice(index: np.ndarray, plans: int) -> slice | np.ndarray:
    """A slice when the drug rows are all the medical rows or all separate (cheaper views)."""
    if np.array_equal(index, np.arange(plans)):
        return slice(0, plans)
    if np.array_equal(index, np.arange(plans, 2 * plans)):
        return slice(plans, 2 * plans)
    return index


def _service(variants: tuple[CostSharingVariant, ...], service: Service, deductible: Ledger,
             moop: Ledger) -> ServiceTerms:
    drug = service in DRUG_SERVICES
    rows = [_share_row(v, service, p, drug, deductible, moop) for p, v in enumerate(variants)]
    columns = np.array([row[:6] for row in rows], dtype=float).reshape(len(rows), 6).T
    upfront, after, rate, subject, per_day, not_covered = columns
    return ServiceTerms(
        upfront=_some(upfront), after=_some(after), rate=_some(rate), subject=_some(subject),
        all_subject=bool(subject.all()), per_day=per_day > 0 if per_day.any() else None,
        not_covered=_some(not_covered),
        refusals=tuple((p, row[6]) for p, row in enumerate(rows) if row[6] is not None),
        deferred=tuple((p, row[7]) for p, row in enumerate(rows) if row[7] is not None),
        drug=drug)


def _share_row(variant: CostSharingVariant, service: Service, p: int, drug: bool,
               deductible: Ledger, moop: Ledger) -> tuple:
    """(upfront copay, after-deductible copay, coinsurance, subject, per day, not covered,
    refusal, deferred refusal) of one plan for one service, read as `health_oop` reads it."""
    zero = (0.0, 0.0, 0.0, 0.0, 0.0)
    if service is Service.PREVENTIVE:
        return (*zero, 0.0, None, None)
    share = variant.services.get(service)
    # the reference's order: the service's terms, then the MOOP, then the deductible
    problem = share_refusal(variant, service, share)
    if problem is None and share.coverage is Coverage.COVERED:
        problem = (moop.unknown_drug if drug else moop.unknown_medical)[p]
    if problem is not None or share.coverage is Coverage.NOT_COVERED:
        return (*zero, float(problem is None), problem, None)
    late = share.copay is not None and share.copay_deductible is Deductible.AFTER
    copay = float(share.copay or 0)
    unknown = (deductible.unknown_drug if drug else deductible.unknown_medical)[p]
    return ((0.0, copay) if late else (copay, 0.0)) + (
        float(share.coinsurance or 0), float(share.subject_to_deductible),
        float(share.copay_per is Per.DAY), 0.0, None,
        unknown if share.subject_to_deductible else None)


def _some(column: np.ndarray) -> np.ndarray | None:
    """The column, or None when it is zero for every plan (the step can be skipped: adding or
    subtracting zero leaves every figure as it was)."""
    return column if column.any() else None
