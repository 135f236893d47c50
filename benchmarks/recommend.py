"""Latency of POST /api/v1/recommendations through a real WSGI server, for a large market.

Run: `.venv/bin/python benchmarks/recommend.py [--requests 60] [--warmup 5]
      [--offers 510] [--copies 2] [--only electricity|health] [--baseline REF [--rounds 2]]`

`--baseline REF` measures the code of a git commit (or branch, tag) and the working tree
alternately, `--rounds` times each, in one sitting: these machines' speed drifts by a third
from hour to hour, so only figures taken side by side compare. The commit is checked out in a
temporary git worktree and runs its own copy of this script with this interpreter.

Builds a temporary SQLite database (`flask advocate migrate`), fills it, starts gunicorn with
one sync worker on 127.0.0.1 (a free port) and sends requests with httpx, one at a time; the
time of each is the client's wall clock from sending the request to reading the whole answer.
It prints p50 / p95 / max per scenario (and per household size for health), with how many
offers were ranked. gunicorn reads the project's gunicorn.conf.py, as `make serve` does (its
worker hook freezes the objects made at start-up out of the garbage collector's reach).

- electricity: `--offers` (>= 500) perturbed copies of the real CDR electricity plans serving
  CitiPower (tests/fixtures/cdr_energy), made by benchmarks/energy_bills.py's `variant`
  (prices x U(0.85, 1.15), time-of-use windows moved, seasons split, blocks added), each
  stored through `advocate.store.offers.upsert_offer` as its own offer (distinct id, the
  original payload with the copy's number as its snapshot). The customer is in postcode 3000
  and gives an annual use, a different one per request: 2,000 + 97 x i kWh.
- health: the 38 real Dallas County rows of tests/fixtures/cms_landscape, `--copies` times
  (plus the originals), each copy with a distinct plan ID, every premium x U(0.9, 1.1) and
  every dollar deductible x U(0.8, 1.2) (to $50, never above the plan's out-of-pocket
  maximum), imported through the cms_landscape adapter (`import_files`). The household varies
  per request: size 1 to 4 in turn, adults aged 25 to 63 and children 1 to 17 moving with
  the request number, and an income band (tax credit, CSR) for every other round of four.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from energy_bills import variant  # noqa: E402

from advocate import create_app  # noqa: E402
from advocate.services.refresh import import_files  # noqa: E402
from advocate.store.db import engine, transaction  # noqa: E402
from advocate.store.offers import upsert_offer  # noqa: E402
from providers.cdr_energy import CdrEnergyAdapter  # noqa: E402
from providers.cms_landscape import CmsLandscapeAdapter  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
LANDSCAPE = FIXTURES / "cms_landscape" / "qhp_landscape_individual_medical_2014_4counties.csv"
DOLLARS = re.compile(r"^\$(\d{1,3}(?:,\d{3})*)$")
BIN = Path(sys.executable).parent


def electricity_offers(count: int):
    """(offer, raw payload) for `count` perturbed copies of the CitiPower electricity plans."""
    adapter, rng = CdrEnergyAdapter(), random.Random(20241026)
    paths = sorted((FIXTURES / "cdr_energy" / "plan-detail").glob("*/*.json"))
    bases = []
    for raw in adapter.read_files(paths):
        if isinstance(raw.body, dict) and "data" in raw.body:
            offer = adapter.parse(raw)
            if (offer.terms.fuel == "ELECTRICITY"
                    and "distributor:citipower" in offer.geography.included):
                bases.append((offer, raw))
    for index in range(count):
        offer, raw = bases[index % len(bases)]
        external = f"{offer.external_id}-bench{index}"
        copy = replace(offer, id=f"{offer.source}:{external}", external_id=external,
                       name=f"{offer.name} #{index}", terms=variant(offer.terms, rng, index))
        yield copy, replace(raw, body={"benchmark_copy": index, "original": raw.body})


def health_csv(folder: Path, copies: int) -> Path:
    """The real Dallas rows and `copies` perturbed copies of each, as a landscape CSV."""
    rng = random.Random(20140101)
    with open(LANDSCAPE, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, dallas = reader.fieldnames, [r for r in reader if r["county"] == "DALLAS"]
    rows = list(dallas)
    for copy in range(1, copies + 1):
        for number, row in enumerate(dallas):
            rows.append(_perturbed(row, rng, f"{row['plan_id_standard_component'][:5]}"
                                             f"TX9{copy:02d}{number:04d}"))
    path = folder / "dallas_landscape.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _perturbed(row: dict, rng: random.Random, plan_id: str) -> dict:
    out = dict(row, plan_id_standard_component=plan_id)
    for key, value in row.items():
        if key.startswith(("premium_", "couple_", "individual_")) and _number(value):
            out[key] = f"{float(value) * rng.uniform(0.9, 1.1):.2f}"
        elif "_deductible_" in key and DOLLARS.match(value or ""):
            cap_key = key.replace("_deductible_", "_maximum_out_of_pocket_")
            cap = _dollars(row.get(cap_key, ""))
            amount = round(_dollars(value) * rng.uniform(0.8, 1.2) / 50) * 50
            out[key] = f"${min(amount, cap) if cap is not None else amount:,}"
    return out


def _number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?", text or ""))


def _dollars(text: str) -> int | None:
    found = DOLLARS.match(text or "")
    return int(found.group(1).replace(",", "")) if found else None


def build_database(url: str, offers: int, copies: int, folder: Path) -> dict[str, int]:
    """Migrate and fill the database; how many offers each scenario has."""
    env = {**os.environ, "ADVOCATE_DATABASE_URL": url}
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "advocate", "migrate"], cwd=ROOT,
                   env=env, check=True, capture_output=True)
    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        with transaction(engine()) as db:
            for offer, raw in electricity_offers(offers):
                upsert_offer(db, offer, raw)
        report = import_files(engine(), CmsLandscapeAdapter(plan_year=2014),
                              [health_csv(folder, copies)])
    assert report.status == "succeeded", report.summary()
    return {"electricity": offers, "health": report.stored}


def electricity_request(i: int) -> dict:
    return {"category": "electricity", "location": {"postcode": "3000", "distributor": "citipower"},
            "usage": {"annual_kwh": 2000 + 97 * i}, "priorities": ["cost", "certainty"]}


def health_request(i: int) -> dict:
    adults = [{"age": 25 + (7 * i) % 39}, {"age": 25 + (11 * i + 5) % 39}]
    children = [{"age": 1 + (5 * i) % 17}, {"age": 1 + (3 * i + 8) % 17}]
    members = (adults + children)[:1 + i % 4]
    household = {"members": members}
    if (i // 4) % 2 == 0:
        household["income"] = {"low": 30000 + 1000 * (i % 9), "high": 42000 + 1000 * (i % 9)}
    return {"category": "health", "location": {"zip": "75201"}, "household": household,
            "priorities": ["cost", "certainty"]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "ADVOCATE_DATABASE_URL": url,
           "ADVOCATE_RATE_LIMIT_ANONYMOUS": "100000 per minute"}
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"),
         "--workers", "1", "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "--log-level", "warning",
         "wsgi:app"], cwd=ROOT, env=env)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1.0)
            return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def measure(client: httpx.Client, make, requests: int, warmup: int
            ) -> tuple[list[tuple[float, dict]], int]:
    """(seconds, request) per request after `warmup` unmeasured ones; offers ranked."""
    timings, ranked = [], 0
    for i in range(warmup + requests):
        body = make(i)
        started = time.perf_counter()
        response = client.post("/api/v1/recommendations", json=body)
        elapsed = time.perf_counter() - started
        if response.status_code != 201:
            raise RuntimeError(f"{response.status_code}: {response.text[:500]}")
        ranked = response.json()["offers_page"]["total"]
        if i >= warmup:
            timings.append((elapsed, body))
    return timings, ranked


def report(name: str, stored: int, ranked: int, timings: list[tuple[float, dict]]) -> None:
    print(f"{name:12} {stored:4d} offers stored, {ranked:4d} ranked; "
          f"{_figures([t for t, _ in timings])}")
    if name == "health":
        for size in sorted({len(b["household"]["members"]) for _, b in timings}):
            mine = [t for t, b in timings if len(b["household"]["members"]) == size]
            print(f"  household of {size}: {_figures(mine)}")


def _figures(seconds: list[float]) -> str:
    ms = sorted(t * 1000 for t in seconds)
    p95 = statistics.quantiles(ms, n=100, method="inclusive")[94] if len(ms) > 1 else ms[0]
    return (f"{len(ms)} requests: p50 {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms  "
            f"max {ms[-1]:7.1f} ms")


def side_by_side(ref: str, rounds: int, arguments: list[str]) -> None:
    """This script at `ref` and in the working tree, alternately, `rounds` times each."""
    folder = Path(tempfile.mkdtemp(prefix="advocate-baseline-"))
    try:
        subprocess.run(["git", "worktree", "add", "--detach", str(folder), ref], cwd=ROOT,
                       check=True, capture_output=True)
        for number in range(1, rounds + 1):
            for label, root in ((f"baseline {ref}", folder), ("working tree", ROOT)):
                print(f"== {label}, round {number}", flush=True)
                subprocess.run([sys.executable, str(root / "benchmarks" / "recommend.py"),
                                *arguments], cwd=root, check=True)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT,
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--offers", type=int, default=510)
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--only", choices=["electricity", "health"])
    parser.add_argument("--baseline", metavar="REF",
                        help="also measure this git commit, alternately with the working tree")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.baseline:
        arguments = [f"--requests={args.requests}", f"--warmup={args.warmup}",
                     f"--offers={args.offers}", f"--copies={args.copies}"]
        side_by_side(args.baseline, args.rounds,
                     arguments + ([f"--only={args.only}"] if args.only else []))
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        counts = build_database(url, args.offers, args.copies, Path(folder))
        port = free_port()
        server = start_server(url, port)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60.0) as client:
                for name, make in (("electricity", electricity_request),
                                   ("health", health_request)):
                    if args.only in (None, name):
                        timings, ranked = measure(client, make, args.requests, args.warmup)
                        report(name, counts[name], ranked, timings)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
