"""The vectorised path: every offer's usage, controlled-load, feed-in and supply lines at once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from advocate.costing.energy_blocks import Batch, price_jobs
from advocate.costing.energy_buckets import TIMEBASES_KEPT, PricingContext, pricing_context
from advocate.costing.energy_demand import demand_lines
from advocate.costing.energy_lines import Line, Priced
from advocate.costing.energy_plan import Channel, TariffPlan
from advocate.costing.energy_templates import Template, templates
from advocate.domain.usage import IntervalUsage
from advocate.usage.location import TIME_ZONES

KIND_OF_ROLE = {
    "usage": "usage",
    "usage+controlled": "usage",
    "controlled": "controlled_usage",
    "feed_in": "feed_in",
}


def channel_templates(channel: Channel, unit: str) -> tuple[Template, ...]:
    """A channel's line templates, cached with the channel."""
    found = channel.derived.get("templates")
    if found is None:
        found = channel.derived["templates"] = templates(channel, unit)
    return found


def clock_for(plan: TariffPlan, usage: IntervalUsage) -> tuple[tuple, list[str]]:
    """The calendar key (time zone, holiday state) a tariff is read on, and why."""
    holiday_state = usage.state if plan.usage.holidays else None
    if plan.tariff.time_zone != "LOCAL":
        return (None, holiday_state), []
    zone = TIME_ZONES.get(usage.state or "")
    if zone is None:
        return (None, holiday_state), [
            "the tariff follows local time but the customer's state is unknown: AEST used"
        ]
    return (zone, holiday_state), []


def channel_flags(usage: IntervalUsage) -> tuple[bool, bool]:
    """Whether the usage has any controlled-load use, and any export."""
    return float(usage.controlled_kwh.sum()) > 0, float(usage.export_kwh.sum()) > 0


def channels_to_price(plan: TariffPlan, flags: tuple[bool, bool], notes: list[str]):
    """(channel, series role) pairs a usage with `flags` needs priced under this plan."""
    controlled, exported = flags
    pairs = []
    if controlled and plan.controlled is None:
        notes.append(
            "this plan has no controlled-load tariff: the controlled-load channel is "
            "priced at the general rates"
        )
        pairs.append((plan.usage, "usage+controlled"))
    else:
        pairs.append((plan.usage, "usage"))
    if controlled and plan.controlled is not None:
        pairs.append((plan.controlled, "controlled"))
    if plan.controlled is not None and not controlled:
        notes.append(
            "no controlled-load use in the data: the plan's controlled-load charges "
            "are not included"
        )
    if exported and plan.feed_in is not None:
        pairs.append((plan.feed_in, "feed_in"))
    elif exported:
        notes.append("this plan offers no open feed-in tariff: exports earn nothing")
    return pairs


def channel_stages(channel: Channel, unit: str) -> tuple:
    """(reset, rows, template indices) per block reset of a channel, cached with it."""
    found = channel.derived.get("stages")
    if found is None:
        by_reset: dict[tuple, list[int]] = {}
        templates = channel_templates(channel, unit)
        for index, template in enumerate(templates):
            by_reset.setdefault(template.reset, []).append(index)
        found = channel.derived["stages"] = tuple(
            (reset, np.array([_row(templates[i]) for i in indices]), np.array(indices))
            for reset, indices in by_reset.items()
        )
    return found


def _row(template: Template) -> tuple:
    return (
        template.cell,
        template.period,
        template.start,
        template.end,
        template.price,
        template.factor,
    )


@dataclass(frozen=True, eq=False)
class Staging:
    """Plans laid out for pricing at one usage's channels: the batches price_jobs runs and,
    per plan, its calendar key, priced channels, line templates and notes. It depends on the
    usage only through `channel_flags` and its state (`clock_for`), so it holds for the usage
    scaled by any factor > 0 and for every customer of the same market (`stage` shares it).
    Shared between requests, so nothing in it is ever changed: `derived` only gains what
    other modules compute from it once (energy_grid)."""

    batches: tuple[Batch, ...]
    staged: tuple[tuple, ...]
    sizes: tuple[int, ...]
    derived: dict = field(default_factory=dict, repr=False)


STAGINGS_KEPT = 8
_STAGINGS: OrderedDict[tuple, Staging] = OrderedDict()
_STAGINGS_LOCK = threading.Lock()  # a threaded server's requests share the cache


def stage(plans: list[TariffPlan], usage: IntervalUsage) -> Staging:
    """The Staging of `plans` at `usage`, kept (LRU) for the STAGINGS_KEPT most recent plan
    lists: every customer of a market prices the same plans, so each request would otherwise
    lay out the same few thousand rows again.

    The key is each plan's identity (compiled plans are never changed: a changed offer has a
    new tariff, hence a new plan) with what the staging reads of the usage. An entry holds its
    plans, so no other plan can take one of their ids while it is kept."""
    key = (tuple(map(id, plans)), channel_flags(usage), usage.state)
    with _STAGINGS_LOCK:
        found = _STAGINGS.get(key)
        if found is not None:
            _STAGINGS.move_to_end(key)
            return found
    found = _stage(plans, usage)
    with _STAGINGS_LOCK:
        _STAGINGS[key] = found
        while len(_STAGINGS) > STAGINGS_KEPT:
            _STAGINGS.popitem(last=False)
    return found


def _stage(plans: list[TariffPlan], usage: IntervalUsage) -> Staging:
    """Group every plan's block rows by (calendar, schedule, series, reset) for price_jobs."""
    flags = channel_flags(usage)
    groups: dict[tuple, tuple] = {}
    staged, sizes, offset = [], [], 0
    for plan in plans:
        notes: list[str] = []
        cal_key, clock_notes = clock_for(plan, usage)
        notes += clock_notes
        pairs = channels_to_price(plan, flags, notes)
        lines: list[tuple] = []
        for channel, role in pairs:
            for reset, rows, indices in channel_stages(channel, plan.unit):
                key = (cal_key, channel.schedule_id, role, reset)
                parts = groups.setdefault(key, (channel, []))[1]
                parts.append((rows, indices + (offset + len(lines))))
            kind = KIND_OF_ROLE[role]
            lines += [
                (t.item, t.unit, t.price, kind) for t in channel_templates(channel, plan.unit)
            ]
        staged.append((plan, cal_key, tuple(pairs), tuple(lines), tuple(notes)))
        sizes.append(len(lines))
        offset += len(lines)
    batches = tuple(
        Batch(cal_key, channel, role, reset,
              _read_only(np.concatenate([rows for rows, _ in parts])),
              _read_only(np.concatenate([dest for _, dest in parts])))
        for (cal_key, _, role, reset), (channel, parts) in groups.items()
    )
    return Staging(batches, tuple(staged), tuple(sizes))


def _read_only(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def quantities(context: PricingContext, staging: Staging) -> np.ndarray:
    """Units of every plan's line templates, concatenated in plan order (one flat array)."""
    flat = np.zeros(sum(staging.sizes))
    price_jobs(context, staging.batches, flat)
    return flat


def price_plans(
    plans: list[TariffPlan], usage: IntervalUsage, context: PricingContext | None = None
) -> list[Priced]:
    """Every plan's quantities and ex-GST amounts, energy blocks priced in shared batches.

    `context` may be given to share per-interval work (a ScaledContext of another usage).
    """
    context = context or pricing_context(usage)
    staging = stage(plans, usage)
    flat = quantities(context, staging)
    bounds = np.cumsum([0, *staging.sizes]).tolist()
    return [
        _finish(context, *entry, flat[bounds[i] : bounds[i + 1]])
        for i, entry in enumerate(staging.staged)
    ]


def _finish(context, plan, cal_key, pairs, lines, notes, quantity) -> Priced:
    out = [
        Line(item, q, unit, price, -q * price if kind == "feed_in" else q * price, kind)
        for (item, unit, price, kind), q in zip(lines, quantity.tolist(), strict=True)
        if q > 0
    ]
    out += supply_lines(context, plan, cal_key, pairs)
    if plan.demand:
        out += demand_lines(context, plan, cal_key)
    uncovered = {role: context.uncovered(cal_key, channel, role) for channel, role in pairs}
    return Priced(plan, out, list(notes), uncovered)


def supply_lines(context: PricingContext, plan: TariffPlan, cal_key: tuple, pairs) -> list[Line]:
    """Daily supply charges of each season (and of the controlled load when it is priced).

    They depend on the plan and on the days of the data alone, so they are kept with the plan
    for each time base (energy_buckets.TimeBase) and calendar."""
    controlled = any(role == "controlled" for _, role in pairs)
    key = ("supply", context.time_base_key, cal_key, controlled)
    found = plan.derived.get(key)
    if found is None:
        found = plan.derived[key] = _supply_lines(context, plan, cal_key, controlled)
        forget_old_time_bases(plan.derived, key)
    return found


def forget_old_time_bases(derived: dict, kept: tuple) -> None:
    """Keep the entries of `derived` of `kept`'s kind (its first item) for the most recent
    time bases only (TIMEBASES_KEPT): one per time base would otherwise pile up."""
    # list(dict) copies in one step, so another thread adding a key cannot break the loop
    stored = [k for k in list(derived) if isinstance(k, tuple) and k[:1] == kept[:1]]
    for key in stored[: max(0, len(stored) - TIMEBASES_KEPT)]:
        if key != kept:
            derived.pop(key, None)


def _supply_lines(context: PricingContext, plan: TariffPlan, cal_key: tuple,
                  controlled: bool) -> list[Line]:
    out = []
    supplies = list(plan.supply)
    if controlled:
        supplies += plan.controlled_supply
    for supply in supplies:
        days = context.season_days(cal_key, supply.season)
        kind = "controlled_supply" if supply in plan.controlled_supply else "supply"
        name = (
            supply.name
            if kind == "controlled_supply"
            else (
                f"Daily supply charge {supply.name}"
                if len(plan.supply) > 1
                else "Daily supply charge"
            )
        )
        if days > 0:
            out.append(Line(name, days, "day", supply.per_day, days * supply.per_day, kind))
    return out
