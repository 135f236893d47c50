"""Out-of-pocket of many plans at many spending levels along the ladder of
`health_spending.ladder_items`, with each claim processed once for every plan.

`oop_batch_at_spending` gives, for every plan, what the reference `oop_at_spending` gives.
Two things make it fast beyond the plan axis of `health_batch`:

- only the columns where a claim is not $0 are processed (a $0 claim changes nothing);
- columns share their history while it is the same. Along the ladder every member spends
  the whole of one slice after another, so until one of its members stops part-way through a
  slice, a column has had exactly the claims of every other column whose members spend in the
  same slices (same members above $0). One "path" column per such set of members is processed
  instead of all of them; when a member of a column stops in a slice, the column takes the
  path's state (a copy, so every float is what the reference computes) and goes on alone.

Plans whose deductibles or MOOPs are not all published are priced without sharing, so that a
refusal depending on which claims are owed is decided as the reference decides it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from advocate.costing.health_batch import BatchEngine
from advocate.costing.health_batch_figures import column_totals, year_figures
from advocate.costing.health_oop import Item, OopResult
from advocate.costing.health_plan_table import PlanTable, plan_table
from advocate.costing.health_spending import BREAKPOINTS, shares_between
from advocate.costing.health_tables import unit_prices
from advocate.domain import UnpriceableTerms
from advocate.domain.health import CostSharingVariant

Outcome = OopResult | UnpriceableTerms


def oop_batch_at_spending(variants: Sequence[CostSharingVariant], spending: np.ndarray,
                          blocks: Sequence[tuple[int, int]] | None = None
                          ) -> list[list[Outcome]]:
    """For each block of columns (default: all), each variant's out-of-pocket when member i
    spends `spending[i]` (arrays over the columns), or the refusal the reference would raise."""
    spending = np.atleast_2d(np.asarray(spending, dtype=float))
    blocks = tuple(blocks or ((0, spending.shape[1]),))
    return _by_variant(variants, spending.shape[0], len(blocks),
                       lambda table: ladder_engine(table, spending, blocks),
                       lambda engine: [engine.results(b) for b in range(len(blocks))])


def figures_batch_at_spending(variants: Sequence[CostSharingVariant], years: np.ndarray,
                              grid: np.ndarray | None = None) -> list[list]:
    """In one pass: each variant's `YearFigures` over the sampled `years` (members x years)
    and, with a `grid` (members x levels), its total out-of-pocket at each level."""
    spending = years if grid is None else np.hstack([years, grid])
    blocks = ((0, years.shape[1]),) + (() if grid is None else
                                       ((years.shape[1], spending.shape[1]),))
    return _by_variant(variants, years.shape[0], len(blocks),
                       lambda table: ladder_engine(table, spending, blocks),
                       lambda engine: [year_figures(engine, 0)]
                       + [column_totals(engine, b) for b in range(1, len(blocks))])


def oop_batch_for_items(variants: Sequence[CostSharingVariant], members: int,
                        items: Sequence[Item]) -> list[Outcome]:
    """Each variant's out-of-pocket for the same claims (`health_oop.Engine.run` per plan)."""
    columns = len(items[0].allowed) if items else 1
    return _by_variant(variants, members, 1,
                       lambda table: _items_engine(table, columns, items),
                       lambda engine: [engine.results(0)])[0]


def ladder_engine(table: PlanTable, spending: np.ndarray,
                  blocks: Sequence[tuple[int, int]]) -> BatchEngine:
    """The engine after every ladder claim of `spending` (members x columns)."""
    ladder = _Ladder(table, spending, blocks)
    for low, high in pairwise(BREAKPOINTS):
        shares = shares_between(low, high)
        for member in range(spending.shape[0]):
            ladder.slice_of(member, low, high, shares)
    ladder.finish()
    return ladder.engine


class _Ladder:
    """Walks the ladder, keeping which columns still follow a shared path."""

    def __init__(self, table: PlanTable, spending: np.ndarray,
                 blocks: Sequence[tuple[int, int]]) -> None:
        members, columns = spending.shape
        self.spending, self.columns, self.blocks = spending, columns, blocks
        masks = ((spending > 0) * (1 << np.arange(members))[:, None]).sum(axis=0)
        self.masks = masks
        if table.clean:
            self.paths, path_of = np.unique(masks, return_inverse=True)
            self.path_of = path_of.ravel()
            self.alone = masks == 0  # columns where nobody spends are never touched
            self.pending = np.bincount(self.path_of[~self.alone], minlength=len(self.paths))
        else:
            self.paths, self.path_of = np.zeros(0, dtype=masks.dtype), None
            self.alone = np.ones(columns, dtype=bool)
            self.pending = np.zeros(0, dtype=np.intp)
        self.engine = BatchEngine(table, columns + len(self.paths), blocks)
        self.prices = unit_prices()

    def slice_of(self, member: int, low: float, high: float, shares: dict) -> None:
        """The claims of `member` spending between `low` and `high`, in service order."""
        width = high - low
        amount = np.clip(self.spending[member] - low, 0.0, width)
        active = amount > 0
        exists = tuple(bool(active[lo:hi].any()) for lo, hi in self.blocks)
        if not any(exists):
            return
        self._leave_paths(member, amount < width)
        own = np.flatnonzero(self.alone & active)
        paths = np.flatnonzero((self.pending > 0) & ((self.paths >> member) & 1 == 1))
        cols = np.concatenate([own, self.columns + paths])
        base = np.concatenate([amount[own], np.full(len(paths), width)])
        view = self.engine.view(member, cols, tuple(shares))
        for service, share in shares.items():
            allowed = base * share
            units = allowed / self.prices[service].allowed
            self.engine.claim(view, service, allowed, units, units * self.prices[service].days,
                              fluid=True, exists=exists)
        self.engine.store(view)

    def finish(self) -> None:
        """Columns still on a path (every member stopped exactly at a breakpoint, where no
        claim was left to split them off) take its final state."""
        self._leave_paths(None, np.ones(self.columns, dtype=bool))

    def _leave_paths(self, member: int | None, short: np.ndarray) -> None:
        """Columns where `member` spends and stops within this slice go on alone from here."""
        if self.path_of is None:
            return
        spends = True if member is None else (self.masks >> member) & 1 == 1
        leaving = np.flatnonzero(~self.alone & short & spends)
        if len(leaving):
            paths = self.path_of[leaving]
            self.engine.copy_columns(self.columns + paths, leaving)
            self.alone[leaving] = True
            self.pending -= np.bincount(paths, minlength=len(self.paths))


def _items_engine(table: PlanTable, columns: int, items: Sequence[Item]) -> BatchEngine:
    engine = BatchEngine(table, columns)
    views = [engine.view(m) for m in range(table.members)]
    for item in items:
        engine.claim(views[item.member], item.service, item.allowed, item.units, item.days,
                     fluid=item.fluid)
    return engine


def _by_variant(variants, members, blocks, run, collect) -> list[list]:
    """Run each distinct variant once (plans often share their cost sharing), those with an
    unpublished limit apart; `collect` gives per block per plan what is wanted of the engine,
    returned per block in the order of `variants`."""
    keys = [variant_key(v) for v in variants]
    distinct = dict(zip(keys, variants, strict=True))
    found: dict[int, list] = {}
    for group in _tables(list(distinct.values()), members):
        per_block = collect(run(group))
        for p, variant in enumerate(group.variants):
            found[id(variant)] = [outcome[p] for outcome in per_block]
    return [[found[id(distinct[key])][b] for key in keys] for b in range(blocks)]


def variant_key(variant: CostSharingVariant) -> tuple:
    """Everything of a variant the engine reads (its name is in refusal messages): variants
    with equal keys get the same figures."""
    return (variant.name, variant.medical_deductible, variant.drug_deductible,
            variant.medical_moop, variant.drug_moop, tuple(variant.services.items()))


def _tables(variants: list[CostSharingVariant], members: int) -> list[PlanTable]:
    """One table, or two when only some plans publish every limit (see the module doc)."""
    table = plan_table(variants, members)
    if table.clean or not any(table.published):
        return [table] if variants else []
    return [plan_table([v for v, ok in zip(variants, table.published, strict=True) if ok is want],
                       members) for want in (True, False)]
