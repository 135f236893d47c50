"""Every compiled (Numba) kernel of the app, compiled or loaded from Numba's on-disk cache
ahead of the first request: `flask advocate warm-up` (run by `make`) and gunicorn's worker
hook call `warm_up`, so no customer's request waits for a compiler."""

from __future__ import annotations

import time


def warm_up() -> dict[str, float]:
    """Ready each kernel; the seconds each took, by name."""
    from advocate.costing import energy_blocks_kernel, health_batch_ladder
    from advocate.scoring import dominance_kernel

    took = {}
    for name, ready in (("health engine", health_batch_ladder.warm_up),
                        ("energy blocks", energy_blocks_kernel.warm_up),
                        ("dominance screen", dominance_kernel.warm_up)):
        started = time.perf_counter()
        ready()
        took[name] = time.perf_counter() - started
    return took
