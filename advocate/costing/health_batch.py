"""Batched out-of-pocket engine: every plan of a `PlanTable` priced in one pass over the claims.

The claim rules are those of `health_oop` (its per-plan `Engine` stays the reference and the
definition); `health_kernel` applies them compiled, for every plan at once, one column
(sampled year or grid level) at a time, giving each plan the floating-point operations the
reference performs, in the same order: every figure is identical
(tests/unit/test_health_batch.py holds this on all bundled plans). The totals are laid out
columns first, (columns, plans), so that a column's plans are contiguous.

Columns are grouped in blocks (e.g. sampled years, then the dominance grid); a plan's refusal
is kept per block, the first one first, as the reference would raise it for that plan and that
block alone: a claim refuses the plans that cannot price its service wherever it is made in
the block, and a claim that waits for an unpublished deductible refuses the plan wherever part
of it waits (`owing`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from advocate.costing import health_kernel as kernel
from advocate.costing.health_oop import Item, OopResult
from advocate.costing.health_plan_table import Ledger, PlanTable
from advocate.domain import UnpriceableTerms
from advocate.domain.health import Service

SERVICES = tuple(Service)
PART_NAMES = ("deductible", "copays", "coinsurance")


class BatchEngine:
    """Claims for the plans of `table` over `columns` scenarios, in blocks of columns."""

    def __init__(self, table: PlanTable, columns: int,
                 blocks: Sequence[tuple[int, int]] | None = None) -> None:
        self.table, self.columns = table, columns
        self.blocks = tuple(blocks or ((0, columns),))
        p, m = table.plans, table.members
        # totals per column, and one spare column for the kernel's work
        self.by_member = np.zeros((m, columns + 1, p))
        self.not_covered = np.zeros((columns + 1, p))
        self.parts = np.zeros((len(PART_NAMES), columns + 1, p))
        self.by_service = np.zeros((len(SERVICES), columns + 1, p))
        self.allowed = np.zeros(columns + 1)
        self.seen: list[dict[Service, None]] = [{} for _ in self.blocks]
        self.refused: list[dict[int, UnpriceableTerms]] = [{} for _ in self.blocks]
        self.terms, self.flags, self.start, self.shared = _inputs(table)
        self._deferred = any(t.deferred for t in table.services.values())

    def ladder(self, spending: np.ndarray, lows: np.ndarray, widths: np.ndarray,
               first: np.ndarray, services: Sequence[Service], shares: np.ndarray,
               per_allowed: np.ndarray, per_days: np.ndarray) -> None:
        """Every claim of the spending ladder (`health_kernel.ladder`) of `spending`
        (members x columns): slice i runs from `lows[i]`, `widths[i]` wide, its claims for
        `services[first[i]:first[i + 1]]`."""
        members = spending.shape[0]
        block_of = np.full(self.columns, -1, dtype=np.intp)
        for b, (lo, hi) in enumerate(self.blocks):
            block_of[lo:hi] = b
        owing = self._owing(len(lows) * members, int(np.diff(first).max()))
        made = np.zeros((len(lows), members, len(self.blocks)), dtype=bool)
        kernel.ladder(np.ascontiguousarray(spending, dtype=float), lows, widths, first,
                      _codes(services), shares, per_allowed, per_days, self.terms, self.flags,
                      self.start, self.shared, self.table.clean, self.by_member, self.parts,
                      self.by_service, self.not_covered, self.allowed, block_of, owing, made)
        # refusals and services seen, claim by claim where some column of a block made one
        for i in range(len(lows)):
            for m in np.flatnonzero(made[i].any(axis=-1)).tolist():
                exists = tuple(made[i, m].tolist())
                for j, service in enumerate(services[first[i]:first[i + 1]]):
                    self._book(service, exists, owing[i * members + m, j])

    def items(self, items: Sequence[Item]) -> None:
        """Claims in the order given, each over every column (`health_kernel.items`)."""
        shape = (len(items), self.columns)

        def rows(name: str) -> np.ndarray:
            out = np.empty(shape)
            for k, item in enumerate(items):
                out[k] = getattr(item, name)
            return out

        owing = self._owing(len(items), 1)
        kernel.items(np.array([i.member for i in items], dtype=np.intp),
                     _codes([i.service for i in items]), rows("allowed"), rows("units"),
                     rows("days"), np.array([i.fluid for i in items], dtype=bool), self.terms,
                     self.flags, self.start, self.shared, self.by_member, self.parts,
                     self.by_service, self.not_covered, self.allowed, owing)
        everywhere = (True,) * len(self.blocks)
        for k, item in enumerate(items):
            self._book(item.service, everywhere, owing[k, 0])

    def _owing(self, groups: int, claims: int) -> np.ndarray:
        """Where claims wait for an unpublished deductible: (groups, claims, blocks, plans)
        when some plan has such a deductible, else an array the kernel never writes."""
        shape = (groups, claims, len(self.blocks), self.table.plans)
        return np.zeros(shape if self._deferred else (groups, claims, 1, 1), dtype=bool)

    def _book(self, service: Service, exists: Sequence[bool], owing: np.ndarray) -> None:
        """What a claim for `service` made in the blocks where `exists` does to refusals and
        to the services seen, in the order the reference meets them."""
        terms = self.table.services[service]
        if terms.refusals:
            self._refuse(terms.refusals, exists)
        if service is not Service.PREVENTIVE:
            for seen, present in zip(self.seen, exists, strict=True):
                if present and service not in seen:
                    seen[service] = None
        if terms.deferred:
            self._refuse_owing(terms.deferred, owing, exists)

    def _refuse(self, found: Sequence[tuple[int, UnpriceableTerms]],
                exists: Sequence[bool]) -> None:
        for refused, present in zip(self.refused, exists, strict=True):
            if present:
                for plan, error in found:
                    refused.setdefault(plan, error)

    def _refuse_owing(self, found: Sequence[tuple[int, UnpriceableTerms]],
                      owing: np.ndarray, exists: Sequence[bool]) -> None:
        """Refusals that need part of a claim to wait for an unpublished deductible
        (`owing[block, plan]`: some of it does in a column of that block)."""
        for b, (refused, present) in enumerate(zip(self.refused, exists, strict=True)):
            for plan, error in found:
                if present and plan not in refused and owing[b, plan]:
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


INPUTS_KEPT = 32
_INPUTS: OrderedDict[int, tuple] = OrderedDict()
_INPUTS_LOCK = threading.Lock()


def _inputs(table: PlanTable) -> tuple[np.ndarray, ...]:
    """(terms, flags, start, shared) of `table` as `health_kernel` reads them (read-only),
    kept (LRU) with the table they come from: tables are kept and reused
    (health_batch_ladder._tables), and a table is never changed."""
    with _INPUTS_LOCK:
        found = _INPUTS.get(id(table))
        if found is not None and found[0] is table:
            _INPUTS.move_to_end(id(table))
            return found[1]
    terms, flags = _packed(table)
    starts = [_start(ledger, table.plans) for ledger in (table.deductible, table.moop)]
    inputs = (terms, flags, np.stack([part for start, _ in starts for part in start]),
              np.stack([shared for _, shared in starts]))
    for array in inputs:
        array.setflags(write=False)
    with _INPUTS_LOCK:
        _INPUTS[id(table)] = (table, inputs)
        while len(_INPUTS) > INPUTS_KEPT:
            _INPUTS.popitem(last=False)
    return inputs


def _packed(table: PlanTable) -> tuple[np.ndarray, np.ndarray]:
    """Every service's terms as `health_kernel` reads them, 0.0 where a plan has no such term:
    terms (services, rows, plans) and flags (services, flags)."""
    terms = np.zeros((len(SERVICES), kernel.TERM_ROWS, table.plans))
    flags = np.zeros((len(SERVICES), kernel.FLAGS), dtype=bool)
    for service, s in table.services.items():
        i = SERVICES.index(service)
        for row, values in ((kernel.UPFRONT, s.upfront), (kernel.AFTER, s.after),
                            (kernel.RATE, s.rate), (kernel.SUBJECT, s.subject),
                            (kernel.PER_DAY, s.per_day), (kernel.NOT_COVERED, s.not_covered)):
            if values is not None:
                terms[i, row] = values
        flags[i, kernel.DRUG] = s.drug
        flags[i, kernel.PREVENTIVE] = service is Service.PREVENTIVE
        flags[i, kernel.DEFERRED] = bool(s.deferred)
    return terms, flags


def _start(ledger: Ledger, plans: int) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """((member rooms, family rooms), shared) of one limit as `health_kernel` reads them: rooms
    (2, plans), the medical ledger's then the drug ledger's; shared[p] 1.0 where plan p's drug
    claims draw on its medical ledger (its drug row is its medical row)."""
    rows = ledger.drug_rows
    drug = np.arange(ledger.rows)[rows] if isinstance(rows, slice) else rows
    member = np.stack([ledger.member[:plans], ledger.member[drug]])
    family = np.stack([ledger.family[:plans], ledger.family[drug]])
    return (member, family), (drug == np.arange(plans)).astype(float)


def _codes(services: Sequence[Service]) -> np.ndarray:
    return np.array([SERVICES.index(s) for s in services], dtype=np.intp)
