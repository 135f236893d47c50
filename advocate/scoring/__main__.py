"""`python -m advocate.scoring publish`: publish the methodology document of the current version."""

from __future__ import annotations

import sys

from advocate.scoring.methodology import publish

if __name__ == "__main__":
    if sys.argv[1:] != ["publish"]:
        raise SystemExit("usage: python -m advocate.scoring publish")
    print(f"published {publish()}")
