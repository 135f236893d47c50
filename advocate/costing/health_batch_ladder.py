"""Out-of-pocket of many plans at many spending levels along the ladder of
`health_spending.ladder_items`, with each claim processed once for every plan.

`oop_batch_at_spending` gives, for every plan, what the reference `oop_at_spending` gives.
Beyond the plan axis of `health_batch`, two things make it fast (`health_kernel.ladder`):

- only the claims that are not $0 are processed (a $0 claim changes nothing);
- columns share their history while it is the same. Along the ladder every member spends
  the whole of one slice after another, so until one of its members stops part-way through a
  slice, a column has had exactly the claims of every other column whose members spend in the
  same slices (same members above $0). One "path" per such set of members is processed
  instead of all of them; where a member of a column stops in a slice, the column takes the
  path's state (a copy, so every float is what the reference computes) and goes on alone.

Plans whose deductibles or MOOPs are not all published are priced without sharing, so that a
refusal depending on which claims are owed is decided as the reference decides it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from itertools import pairwise

import numpy as np

from advocate.costing.health_batch import BatchEngine
from advocate.costing.health_batch_figures import column_totals, year_figures
from advocate.costing.health_oop import Item, OopResult
from advocate.costing.health_plan_table import PlanTable, plan_table
from advocate.costing.health_spending import BREAKPOINTS, shares_between
from advocate.costing.health_tables import unit_prices
from advocate.domain import UnpriceableTerms
from advocate.domain.health import CostSharingVariant, Limit, LimitKind, LimitSet, Service

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
    engine = BatchEngine(table, spending.shape[1], blocks)
    engine.ladder(spending, *_steps())
    return engine


@cache
def _steps() -> tuple:
    """The ladder as `BatchEngine.ladder` takes it: each slice's low end and width, where its
    services start, and per service of each slice its share and per-unit allowed and days."""
    prices = unit_prices()
    slices = [(low, high, shares_between(low, high)) for low, high in pairwise(BREAKPOINTS)]
    services = [service for _, _, shares in slices for service in shares]
    steps = (np.array([low for low, _, _ in slices]),
             np.array([high - low for low, high, _ in slices]),
             np.cumsum([0] + [len(shares) for _, _, shares in slices]).astype(np.intp),
             tuple(services),
             np.array([share for _, _, shares in slices for share in shares.values()]),
             np.array([prices[s].allowed for s in services]),
             np.array([prices[s].days for s in services]))
    for array in steps:
        if isinstance(array, np.ndarray):
            array.setflags(write=False)
    return steps


def _items_engine(table: PlanTable, columns: int, items: Sequence[Item]) -> BatchEngine:
    engine = BatchEngine(table, columns)
    engine.items(items)
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


def variant_key(variant: CostSharingVariant) -> HashedKey:
    """Everything of a variant the engine reads (its name is in refusal messages): variants
    with equal keys get the same figures. Kept (LRU) per variant object, hash worked out once:
    a variant's terms hold dozens of dataclasses, each hashed field by field in Python, and a
    county's variants are the same objects from one request to the next."""
    with _KEYS_LOCK:
        found = _KEYS.get(id(variant))
        if found is not None and found[0] is variant:
            _KEYS.move_to_end(id(variant))
            return found[1]
    key = HashedKey((variant.name, variant.medical_deductible, variant.drug_deductible,
                     variant.medical_moop, variant.drug_moop, tuple(variant.services.items())))
    with _KEYS_LOCK:
        _KEYS[id(variant)] = (variant, key)  # the entry holds the variant: its id stays its own
        while len(_KEYS) > KEYS_KEPT:
            _KEYS.popitem(last=False)
    return key


class HashedKey:
    """A key whose hash is worked out once (a variant's key holds dozens of dataclasses, each
    hashed field by field in Python); an identical key compares equal without a look inside."""

    __slots__ = ("hash", "parts")

    def __init__(self, parts: tuple) -> None:
        self.parts, self.hash = parts, hash(parts)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, HashedKey) and self.hash == other.hash
                                 and self.parts == other.parts)


KEYS_KEPT = 8192
_KEYS: OrderedDict[int, tuple] = OrderedDict()
_KEYS_LOCK = threading.Lock()


TABLES_KEPT = 32
_TABLES: OrderedDict[tuple, tuple] = OrderedDict()
_TABLES_LOCK = threading.Lock()  # a threaded server's requests share the cache


def _tables(variants: list[CostSharingVariant], members: int) -> list[PlanTable]:
    """`_laid_out`, kept (LRU) for the TABLES_KEPT most recent plan lists and household sizes:
    a county's plans are the same objects from one request to the next (offers are kept built,
    store.offers.load_offers), so each request would lay out the same table again.

    The key is the variants' identities (a variant is never changed: a changed plan is a new
    offer, with new terms) and the household size; an entry holds its variants, so no other
    variant can take one of their ids while it is kept."""
    key = (tuple(map(id, variants)), members)
    with _TABLES_LOCK:
        found = _TABLES.get(key)
        if found is not None:
            _TABLES.move_to_end(key)
            return found[1]
    tables = _laid_out(variants, members)
    with _TABLES_LOCK:
        _TABLES[key] = (tuple(variants), tables)
        while len(_TABLES) > TABLES_KEPT:
            _TABLES.popitem(last=False)
    return tables


def _laid_out(variants: list[CostSharingVariant], members: int) -> list[PlanTable]:
    """One table, or two when only some plans publish every limit (see the module doc)."""
    table = plan_table(variants, members)
    if table.clean or not any(table.published):
        return [table] if variants else []
    return [plan_table([v for v, ok in zip(variants, table.published, strict=True) if ok is want],
                       members) for want in (True, False)]


def warm_up() -> None:
    """Compile (or load from Numba's on-disk cache) the engine's kernels, by pricing one small
    plan both ways (ladder and items). The first compilation takes some 10-15 s, so servers
    and `make install` do it ahead of the first request (gunicorn.conf.py, Makefile)."""
    amount = Limit(LimitKind.AMOUNT, Decimal(1000))
    shared = LimitSet(Limit(LimitKind.INCLUDED_IN_MEDICAL), Limit(LimitKind.INCLUDED_IN_MEDICAL))
    variant = CostSharingVariant("warm-up", LimitSet(amount, amount), shared,
                                 LimitSet(amount, amount), shared)
    oop_batch_at_spending([variant], np.array([[0.0, 500.0], [250.0, 5000.0]]))
    one = np.ones(2)
    oop_batch_for_items([variant], 2, [Item(0, Service.PREVENTIVE, one, one, one)])
