"""Batched out-of-pocket engine: one pass over the claims prices every plan of a `PlanTable`.

The claim rules are those of `health_oop` (its per-plan `Engine` stays the reference and the
definition). Here ledgers and totals carry a plan axis, so a claim is processed once for all
plans and Python's cost is paid per claim rather than per claim and plan. Each plan gets the
floating-point operations the reference performs, in the same order, so every figure is
identical (tests/unit/test_health_batch.py holds this on all bundled plans). Arrays are laid
out columns first, (columns, plans), so that taking some columns copies whole rows, and every
ledger (a member's or the family's deductible or MOOP, for medical or drug claims) is an array
of its own (`Rooms`): each step of a claim is then one numpy operation on contiguous arrays,
never on a strided slice or through an index array, which numpy runs several times slower.

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
from advocate.costing.health_plan_table import Ledger, PlanTable, ServiceTerms
from advocate.domain import UnpriceableTerms
from advocate.domain.health import Service

SERVICES = tuple(Service)
TINY = 5e-324  # the smallest positive double
PART_NAMES = ("deductible", "copays", "coinsurance")


@dataclass
class Rooms:
    """Room left under one kind of limit (deductible or MOOP) over some columns: the member's
    and the family's, for medical and for drug claims, as contiguous (columns, plans) arrays.

    Drug claims of a plan whose drugs share the medical limit ("Included in Medical") draw on
    its medical room. When every plan's do, `drug` is `medical` (the same arrays); when only
    some plans' do (`shared`: 1.0 for those plans, else 0.0), the two are kept equal for those
    plans: what is taken from one is taken from the other, the same float subtracted from the
    same float (and 0.0, which changes nothing, from the other plans). `family` is None when
    no plan has a family limit (one person): the reference caps by an infinite family room,
    min(room, inf) = room, and inf - x stays inf, so leaving it out changes no figure.
    """

    medical: np.ndarray
    drug: np.ndarray
    family_medical: np.ndarray | None
    family_drug: np.ndarray | None
    shared: np.ndarray | None

    def capped(self, drug: bool, wanted: np.ndarray) -> np.ndarray:
        """min(wanted, room) as a new array: the reference's np.minimum(wanted, room), where
        room = min(member's room, family's room)."""
        own, family = (self.drug, self.family_drug) if drug else (self.medical,
                                                                  self.family_medical)
        if family is None:
            return np.minimum(wanted, own)
        room = np.minimum(own, family)
        return np.minimum(wanted, room, out=room)

    def take(self, drug: bool, amount: np.ndarray) -> None:
        """Take `amount` from the member's and the family's room (_Ledger.take)."""
        sides = [(self.drug, self.family_drug), (self.medical, self.family_medical)]
        (own, family), (other, other_family) = sides if drug else sides[::-1]
        own -= amount
        if family is not None:
            family -= amount
        if self.shared is not None:
            mirrored = amount * self.shared
            other -= mirrored
            if other_family is not None:
                other_family -= mirrored


@dataclass
class View:
    """One member's ledgers and totals over some columns; claims update it in place. Over an
    index array the arrays are copies, listed in `gathered` with where they came from, for
    `BatchEngine.store` to write back."""

    member: int
    cols: slice | np.ndarray
    deductible: Rooms
    moop: Rooms
    by_member: np.ndarray
    parts: tuple[np.ndarray, ...]  # as PART_NAMES
    not_covered: np.ndarray | None  # None when no plan leaves a service of the view uncovered
    allowed: np.ndarray
    by_service: dict[Service, np.ndarray] = field(default_factory=dict)
    spans: tuple[tuple[int, int], ...] = ()  # each block's positions within `cols`
    gathered: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


class _Limit:
    """The engine's state of one kind of limit: `Rooms` over every column, members first."""

    def __init__(self, ledger: Ledger, plans: int, members: int, columns: int) -> None:
        drug_rows = ledger.drug_rows
        self.medical = _filled(ledger.member[:plans], (members, columns))
        single = bool(np.isinf(ledger.family).all())
        self.family_medical = None if single else _filled(ledger.family[:plans], (columns,))
        self.shared = None
        if isinstance(drug_rows, slice) and drug_rows == slice(0, plans):
            self.drug, self.family_drug = self.medical, self.family_medical
            return
        self.drug = _filled(ledger.member[drug_rows], (members, columns))
        self.family_drug = None if single else _filled(ledger.family[drug_rows], (columns,))
        if not isinstance(drug_rows, slice):
            self.shared = (drug_rows == np.arange(plans)).astype(float)

    def arrays(self) -> list[tuple[np.ndarray, bool]]:
        """Every distinct state array, with True for those with a member axis first."""
        found = [(self.medical, True), (self.family_medical, False)]
        if self.drug is not self.medical:
            found += [(self.drug, True), (self.family_drug, False)]
        return [(array, members) for array, members in found if array is not None]

    def rooms(self, member: int, gather) -> Rooms:
        """The member's rooms over the columns `gather` takes."""
        medical, family = gather(self.medical[member]), _maybe(gather, self.family_medical)
        if self.drug is self.medical:
            return Rooms(medical, medical, family, family, None)
        return Rooms(medical, gather(self.drug[member]), family,
                     _maybe(gather, self.family_drug), self.shared)


class BatchEngine:
    """Claims for the plans of `table` over `columns` scenarios, in blocks of columns."""

    def __init__(self, table: PlanTable, columns: int,
                 blocks: Sequence[tuple[int, int]] | None = None) -> None:
        self.table, self.columns = table, columns
        self.blocks = tuple(blocks or ((0, columns),))
        p, m = table.plans, table.members
        self.deductible = _Limit(table.deductible, p, m, columns)
        self.moop = _Limit(table.moop, p, m, columns)
        self.by_member = np.zeros((m, columns, p))
        self.not_covered = np.zeros((columns, p))
        self.parts = np.zeros((len(PART_NAMES), columns, p))
        self.by_service = np.zeros((len(SERVICES), columns, p))
        self.allowed = np.zeros(columns)
        self.seen: list[dict[Service, None]] = [{} for _ in self.blocks]
        self.refused: list[dict[int, UnpriceableTerms]] = [{} for _ in self.blocks]
        self._everywhere = (True,) * len(self.blocks)

    def view(self, member: int, cols: slice | np.ndarray = slice(None),
             services: Sequence[Service] = SERVICES) -> View:
        """Member `member`'s state over `cols` (ascending); `store` it back after claims."""
        gathered: list[tuple[np.ndarray, np.ndarray]] = []

        def gather(state: np.ndarray) -> np.ndarray:
            values = state[cols]
            if not isinstance(cols, slice):
                gathered.append((state, values))
            return values

        spans = self.blocks if isinstance(cols, slice) else tuple(
            tuple(np.searchsorted(cols, block)) for block in self.blocks)
        return View(member, cols, self.deductible.rooms(member, gather),
                    self.moop.rooms(member, gather), gather(self.by_member[member]),
                    tuple(gather(part) for part in self.parts),
                    gather(self.not_covered) if any(
                        self.table.services[s].not_covered is not None for s in services)
                    else None, gather(self.allowed),
                    {s: gather(self.by_service[SERVICES.index(s)]) for s in services}, spans,
                    gathered)

    def store(self, view: View) -> None:
        """Write a view over an index array back (a view over a slice shares memory)."""
        for state, values in view.gathered:
            state[view.cols] = values

    def copy_columns(self, source: np.ndarray, target: np.ndarray) -> None:
        """Give columns `target` the whole state of columns `source` (same history so far)."""
        limits = self.deductible.arrays() + self.moop.arrays()
        for state in (self.by_member, self.parts, self.by_service,
                      *(array for array, members in limits if members)):
            state[:, target] = state[:, source]
        for state in (self.not_covered, self.allowed,
                      *(array for array, members in limits if not members)):
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
            view.not_covered += extra
            if paid is None:
                paid = extra
            else:
                paid += extra
        if paid is not None:
            view.by_member += paid
            view.by_service[service] += paid

    def _covered(self, view: View, terms: ServiceTerms, a: np.ndarray, units: np.ndarray,
                 days: np.ndarray, fluid: bool, exists: Sequence[bool]) -> np.ndarray | None:
        """What each plan's member pays for a covered claim after the MOOP (Engine._process),
        booking the parts; None when no plan charges anything for it."""
        parts = self._split(view, terms, a, units, days, fluid, exists)
        pay = _total(parts)
        if pay is None:
            return None
        paid = view.moop.capped(terms.drug, pay)
        view.moop.take(terms.drug, paid)
        # paid / pay where something is owed, else 0 (then paid is 0 too): the reference's
        # masked division, without the mask (pay > 0 is at least the smallest double)
        scale = np.maximum(pay, TINY)
        np.divide(paid, scale, out=scale)
        for booked, part in zip(view.parts, parts, strict=True):
            if part is not None:
                part *= scale  # each part is a new array of this claim's, no longer needed
                booked += part
        return paid

    def _split(self, view: View, terms: ServiceTerms, a: np.ndarray, units: np.ndarray,
               days: np.ndarray, fluid: bool, exists: Sequence[bool]) -> tuple:
        """(deductible, copays, coinsurance) before the MOOP, as health_oop._split, each a new
        (columns, plans) array; None for a part no plan charges (the reference's zeros:
        adding them changes nothing)."""
        unit = units if terms.per_day is None else np.where(terms.per_day, days, units)
        upfront = None
        if terms.upfront is not None:
            upfront = terms.upfront * unit
            np.minimum(upfront, a, out=upfront)
        rest = a if upfront is None else a - upfront
        if terms.deferred:
            self._refuse_owing(view, terms.deferred, rest, exists)
        deductible, left = None, rest
        if terms.subject is not None:
            deductible = view.deductible.capped(terms.drug, rest)
            if not terms.all_subject:
                deductible *= terms.subject
            view.deductible.take(terms.drug, deductible)
            left = rest - deductible
        after = None
        if terms.after is not None:
            later = unit * _share_left(left, a) if fluid else np.where(left > 0, unit, 0.0)
            after = terms.after * later
            np.minimum(after, left, out=after)
        coinsurance = None if terms.rate is None else terms.rate * (
            left if after is None else left - after)
        if upfront is not None and after is not None:
            upfront += after
        return deductible, after if upfront is None else upfront, coinsurance

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


def _maybe(gather, state: np.ndarray | None) -> np.ndarray | None:
    return None if state is None else gather(state)


def _total(parts: tuple) -> np.ndarray | None:
    """deductible + copays + coinsurance, in that order, leaving out parts no plan charges
    (adding an exact zero changes no figure); None when there is none."""
    present = [part for part in parts if part is not None]
    if len(present) < 2:
        return present[0] if present else None
    total = present[0] + present[1]
    for part in present[2:]:
        total += part
    return total
