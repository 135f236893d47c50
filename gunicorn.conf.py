"""gunicorn settings read from the project's root (`make serve`, benchmarks/recommend.py).

Workers, bind address and the app are given on the command line; this file only holds hooks.
"""

import gc


def post_worker_init(worker):
    """Freeze what the worker made loading the app (~160,000 objects, most of them imported
    libraries' functions and classes): the collector stops walking them, so a full collection
    no longer costs a request about 60-100 ms (benchmarks/recommend.py: electricity p95
    214 -> 149 ms on the same build). gc.freeze is meant for this (Python docs, gc.freeze:
    "call gc.freeze() ... in the parent process" before work starts)."""
    gc.freeze()
