"""Bill lines a priced channel can produce: one per block of each rate of each season."""

from __future__ import annotations

import math
from dataclasses import dataclass

from advocate.costing.energy_calendar import per_day_factor, reset_key
from advocate.costing.energy_plan import Channel, Period, Rate

UNIT_LABELS = {"KWH": "kWh", "MJ": "MJ"}


@dataclass(frozen=True)
class Template:
    """One block of one rate: its bill-line name and how it is priced (ex GST)."""

    item: str
    unit: str
    price: float
    cell: int
    period: int
    start: float
    end: float
    factor: float
    reset: tuple[str, int]


def templates(channel: Channel, unit: str) -> tuple[Template, ...]:
    """The channel's lines in cell order (cells number the rates across seasons)."""
    label = UNIT_LABELS.get(unit, unit)
    out, cell = [], 0
    for index, period in enumerate(channel.periods):
        for rate in period.rates:
            for number, block in enumerate(rate.blocks):
                out.append(
                    Template(
                        _item(channel, period, rate, number, label),
                        label,
                        block.price,
                        cell,
                        index,
                        block.start,
                        block.end,
                        per_day_factor(*rate.reset),
                        reset_key(*rate.reset),
                    )
                )
            cell += 1
    return tuple(out)


def _item(channel: Channel, period: Period, rate: Rate, number: int, unit: str) -> str:
    several_rates = len(period.rates) > 1
    if channel.role == "usage":
        name = f"{period.name} {rate.label}" if len(channel.periods) > 1 else rate.label
    elif channel.role == "controlled":
        name = f"Controlled load {period.name}" + (f" {rate.label}" if several_rates else "")
    else:
        name = f"Feed-in credit {period.name}" + (f" {rate.label}" if several_rates else "")
    if len(rate.blocks) == 1:
        return name
    block = rate.blocks[number]
    upper = "and above" if block.end == math.inf else f"to {block.end:g}"
    return f"{name}, {block.start:g} {upper} {unit} per {rate.reset_iso}"
