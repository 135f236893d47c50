"""gunicorn settings read from the project's root (`make serve`, benchmarks/recommend.py).

Workers, bind address and the app are given on the command line; this file only holds hooks.

Why the hooks touch the garbage collector: a full collection walks every object that
survived the younger ones. A worker holds ~160,000 objects from start-up (mostly imported
libraries' functions and classes) and, once requests have filled its caches (offers and their
typed terms, compiled tariffs, calendars), far more: each full collection then stalls the
request it falls in by 60-100 ms. gc.freeze moves every object alive at that moment to a
permanent generation the collector no longer walks (Python docs, gc.freeze). Measured with
benchmarks/recommend.py (electricity, one worker): p95 214 -> 149 ms freezing at start-up,
125 -> 113 ms (max 211 -> 115) freezing again once the caches have filled.

The youngest generation is collected every GEN0_THRESHOLD container objects (net of those
freed) instead of CPython's 700: ranking 400 energy offers builds some 100,000 short-lived
dicts, lists and tuples, of which some 250 are left in reference cycles; at 700 the collector
ran ~30 times a request, 4-5 ms of a ~95 ms request (measured with gc.callbacks). A young
generation of 50,000 objects is a few MB; the older generations keep CPython's ratios
(gc.set_threshold).
"""

import gc

FREEZE_AFTER = (1, 10, 100)  # requests served; and every 1,000 after that
GEN0_THRESHOLD = 50_000


def post_worker_init(worker):
    """Load the compiled kernels before the first request (from Numba's disk cache: `make`
    compiles them), then freeze what the worker made loading the app."""
    from advocate.kernels import warm_up

    warm_up()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD, older, oldest)


def post_request(worker, req, environ, resp):
    """Freeze again after the first requests have filled the caches, and now and then after:
    a full collection first, so that only live objects are frozen (the response has been
    sent; the pause delays the worker's next request, once in a thousand)."""
    served = worker.nr
    if served in FREEZE_AFTER or served % 1000 == 0:
        gc.collect()
        gc.freeze()
