"""Batched out-of-pocket engine: one pass over the claims prices every plan of a `PlanTable`.

The claim rules are those of `health_oop` (its per-plan `Engine` stays the reference and the
definition). Here ledgers and totals carry a plan axis, so a claim is processed once for all
plans and Python's cost is paid per claim rather than per claim and plan. Each plan gets the
floating-point operations the reference performs, in the same order, so every figure is
identical (tests/unit/test_health_batch.py holds this on all bundled plans). Arrays are laid
out columns first, (columns, plans), so that taking some columns copies whole rows.

A claim may be applied to a subset of columns (`View`): a claim of $0 changes nothing in the
reference, so columns where it is zero can be left out. Columns are grouped in blocks (e.g.
sampled years, then the dominance grid); a plan's refusal is kept per block, the first one
first, as the reference would raise it for that plan and that block alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from advocate.costing.health_oop import OopResult
from advocate.costing.health_plan_table import PlanTable, ServiceTerms
from advocate.domain import UnpriceableTerms
from advocate.domain.health import Service

SERVICES = tuple(Service)
TINY = 5e-324  # the smallest positive double
PART_NAMES = ("deductible", "copays", "coinsurance")


@dataclass
class View:
    """One member's ledgers and totals over some columns; claims update it in place."""

    member: int
    cols: slice | np.ndarray
    ded_m: np.ndarray
    ded_f: np.ndarray
    moop_m: np.ndarray
    moop_f: np.ndarray
    by_member: np.ndarray
    parts: np.ndarray
    allowed: np.ndarray
    by_service: dict[Service, np.ndarray] = field(default_factory=dict)
    spans: tuple[tuple[int, int], ...] = ()  # each block's positions within `cols`


class BatchEngine:
    """Claims for the plans of `table` over `columns` scenarios, in blocks of columns."""

    def __init__(self, table: PlanTable, columns: int,
                 blocks: Sequence[tuple[int, int]] | None = None) -> None:
        self.table, self.columns = table, columns
        self.blocks = tuple(blocks or ((0, columns),))
        p, m = table.plans, table.members
        self.ded_m = _filled(table.deductible.member, (m, columns))
        self.ded_f = _filled(table.deductible.family, (columns,))
        self.moop_m = _filled(table.moop.member, (m, columns))
        self.moop_f = _filled(table.moop.family, (columns,))
        self.by_member = np.zeros((m, columns, p))
        self.not_covered = np.zeros((columns, p))
        self.parts = np.zeros((len(PART_NAMES), columns, p))
        self.by_service = np.zeros((len(SERVICES), columns, p))
        self.allowed = np.zeros(columns)
        self.seen: list[dict[Service, None]] = [{} for _ in self.blocks]
        self.refused: list[dict[int, UnpriceableTerms]] = [{} for _ in self.blocks]
        self._medical = slice(0, p)
        self._everywhere = (True,) * len(self.blocks)

    def view(self, member: int, cols: slice | np.ndarray = slice(None),
             services: Sequence[Service] = SERVICES) -> View:
        """Member `member`'s state over `cols` (ascending); `store` it back after claims."""
        spans = self.blocks if isinstance(cols, slice) else tuple(
            tuple(np.searchsorted(cols, block)) for block in self.blocks)
        return View(member, cols, self.ded_m[member][cols], self.ded_f[cols],
                    self.moop_m[member][cols], self.moop_f[cols],
                    self.by_member[member][cols], self.parts[:, cols], self.allowed[cols],
                    {s: self.by_service[SERVICES.index(s)][cols] for s in services}, spans)

    def store(self, view: View) -> None:
        """Write a view over an index array back (a view over a slice shares memory)."""
        if isinstance(view.cols, slice):
            return
        cols, m = view.cols, view.member
        self.ded_m[m][cols], self.ded_f[cols] = view.ded_m, view.ded_f
        self.moop_m[m][cols], self.moop_f[cols] = view.moop_m, view.moop_f
        self.by_member[m][cols], self.parts[:, cols] = view.by_member, view.parts
        self.allowed[cols] = view.allowed
        for service, values in view.by_service.items():
            self.by_service[SERVICES.index(service)][cols] = values

    def copy_columns(self, source: np.ndarray, target: np.ndarray) -> None:
        """Give columns `target` the whole state of columns `source` (same history so far)."""
        for state in (self.ded_m, self.moop_m, self.by_member, self.parts, self.by_service):
            state[:, target] = state[:, source]
        for state in (self.ded_f, self.moop_f, self.not_covered, self.allowed):
            state[target] = state[source]

    def claim(self, view: View, service: Service, allowed: np.ndarray, units: np.ndarray,
              days: np.ndarray, *, fluid: bool, exists: Sequence[bool] | None = None) -> None:
        """Process one claim (arrays over the view's columns) for every plan."""
        terms = self.table.services[service]
        exists = self._everywhere if exists is None else exists
        self._refuse(terms.refusals, exists)
        view.allowed += allowed
        if service is Service.PREVENTIVE:
            return
        for b, present in enumerate(exists):
            if present:
                self.seen[b].setdefault(service)
        a, units, days = allowed[:, None], units[:, None], days[:, None]
        paid = self._covered(view, terms, a, units, days, fluid, exists)
        if terms.not_covered is not None:
            extra = a * terms.not_covered
            paid = extra if paid is None else paid + extra
            self.not_covered[view.cols] += extra
        if paid is not None:
            view.by_member += paid
            view.by_service[service] += paid

    def _covered(self, view: View, terms: ServiceTerms, a: np.ndarray, units: np.ndarray,
                 days: np.ndarray, fluid: bool, exists: Sequence[bool]) -> np.ndarray | None:
        """What each plan's member pays for a covered claim after the MOOP (Engine._process),
        booking the parts; None when no plan charges anything for it."""
        parts = self._split(view, terms, a, units, days, fluid, exists)
        pay = _plus(_plus(parts[0], parts[1]), parts[2])
        if pay is None:
            return None
        rows = self.table.moop.drug_rows if terms.drug else self._medical
        paid = np.minimum(pay, np.minimum(view.moop_m[:, rows], view.moop_f[:, rows]))
        view.moop_m[:, rows] -= paid
        view.moop_f[:, rows] -= paid
        # paid / pay where something is owed, else 0 (then paid is 0 too): the reference's
        # masked division, without the mask (pay > 0 is at least the smallest double)
        scale = paid / np.maximum(pay, TINY)
        for index, part in enumerate(parts):
            if part is not None:
                view.parts[index] += part * scale
        return paid

    def _split(self, view: View, terms: ServiceTerms, a: np.ndarray, units: np.ndarray,
               days: np.ndarray, fluid: bool, exists: Sequence[bool]) -> tuple:
        """(deductible, copays, coinsurance) before the MOOP, as health_oop._split; None for
        a part no plan charges (the reference's zeros: adding them changes nothing)."""
        unit = units if terms.per_day is None else np.where(terms.per_day, days, units)
        upfront = None if terms.upfront is None else np.minimum(terms.upfront * unit, a)
        rest = a if upfront is None else a - upfront
        if terms.deferred:
            self._refuse_owing(view, terms.deferred, rest, exists)
        deductible, left = None, rest
        if terms.subject is not None:
            deductible = self._deductible(view, terms, rest)
            left = rest - deductible
        after = None
        if terms.after is not None:
            later = unit * _share_left(left, a) if fluid else np.where(left > 0, unit, 0.0)
            after = np.minimum(terms.after * later, left)
        coinsurance = None if terms.rate is None else terms.rate * (
            left if after is None else left - after)
        return deductible, _plus(upfront, after), coinsurance

    def _deductible(self, view: View, terms: ServiceTerms, rest: np.ndarray) -> np.ndarray:
        rows = self.table.deductible.drug_rows if terms.drug else self._medical
        taken = np.minimum(rest, np.minimum(view.ded_m[:, rows], view.ded_f[:, rows]))
        if not terms.all_subject:
            taken *= terms.subject
        view.ded_m[:, rows] -= taken
        view.ded_f[:, rows] -= taken
        return taken

    def _refuse(self, found: Sequence[tuple[int, UnpriceableTerms]],
                exists: Sequence[bool]) -> None:
        for refused, present in zip(self.refused, exists, strict=True):
            if present:
                for plan, error in found:
                    refused.setdefault(plan, error)

    def _refuse_owing(self, view: View, found: Sequence[tuple[int, UnpriceableTerms]],
                      rest: np.ndarray, exists: Sequence[bool]) -> None:
        """Refusals that need part of the claim to wait for an unpublished deductible."""
        for refused, present, (lo, hi) in zip(self.refused, exists, view.spans, strict=True):
            for plan, error in found:
                owing = rest[lo:hi, plan if rest.shape[1] > 1 else 0]
                if present and plan not in refused and np.any(owing > 0):
                    refused[plan] = error

    def results(self, block: int = 0) -> list[OopResult | UnpriceableTerms]:
        """Each plan's out-of-pocket over the columns of `block`, or why it was refused."""
        lo, hi = self.blocks[block]
        covered = self.by_member[:, lo:hi].sum(axis=0) - self.not_covered[lo:hi]
        seen = [SERVICES.index(s) for s in self.seen[block]]
        return [self.refused[block].get(p) or self._result(p, lo, hi, covered, seen)
                for p in range(self.table.plans)]

    def _result(self, p: int, lo: int, hi: int, covered: np.ndarray,
                seen: list[int]) -> OopResult:
        def own(values: np.ndarray) -> np.ndarray:
            return np.ascontiguousarray(values[..., lo:hi, p])

        not_covered = own(self.not_covered)
        parts = {name: own(self.parts[i]) for i, name in enumerate(PART_NAMES)}
        return OopResult(
            covered=np.ascontiguousarray(covered[:, p]), not_covered=not_covered,
            allowed=self.allowed[lo:hi].copy(), by_member=own(self.by_member),
            by_service={SERVICES[i]: own(self.by_service[i]) for i in seen},
            parts={**parts, "not_covered": not_covered},
            assumptions=self.table.assumptions[p])


def _filled(values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """`values` (one per ledger row) repeated over the leading `shape` (members, columns)."""
    out = np.empty((*shape, len(values)))
    out[...] = values
    return out


def _share_left(left: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """The part of each claim left after the deductible (0 for a $0 claim), as the reference
    divides it."""
    if allowed.size and allowed.min() > 0:
        return left / allowed
    return np.divide(left, allowed, out=np.zeros(np.broadcast(left, allowed).shape),
                     where=allowed > 0)


def _plus(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """a + b where a missing term is zero (adding an exact zero changes no figure)."""
    if a is None or b is None:
        return b if a is None else a
    return a + b
