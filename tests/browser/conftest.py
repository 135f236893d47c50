"""Servers and headless Chromium for the widget's browser tests.

Three origins, each a werkzeug server in a thread on 127.0.0.1 with a port of its own:
advocate (on a copy of the samples database), a partner site whose origin is registered for the
test partner, and an unregistered site serving the very same pages. The partner pages are
examples/partner-page.html (pointed at this run's advocate) and a page using the script loader.
Chromium is Debian's /usr/bin/chromium, driven by Playwright; no browser is ever downloaded.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from advocate import create_app
from advocate.services.access import upsert_partner
from advocate.store.db import make_engine, transaction

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
EXAMPLE = Path(__file__).parents[2] / "examples" / "partner-page.html"
SCREENSHOTS = Path(__file__).parent / "screenshots"
PARTNER = {"partner_id": "acme", "name": "Acme Power & Health",
           "brands": ["GloBird Energy", "Blue Cross Blue Shield of Texas"]}
LOADER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Acme, with the script loader</title></head>
<body><h1>Acme compares plans</h1>
<script src="{advocate}/embed/static/loader.js" data-partner="{partner}" async></script>
</body></html>"""
TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Site:
    """A running server: its origin, and the partner pages it serves."""

    origin: str

    def url(self, path: str) -> str:
        """An absolute URL on this site."""
        return self.origin + path


@dataclass(frozen=True)
class Sites:
    """advocate, the registered partner site, and an unregistered one."""

    advocate: Site
    partner: Site
    unregistered: Site
    partner_id: str
    partner_name: str


def _bind() -> BaseWSGIServer:
    """A server on a free port; its app is set once every origin is known."""
    return make_server("127.0.0.1", 0, None, threaded=True)


def _origin(server: BaseWSGIServer) -> str:
    return f"http://127.0.0.1:{server.server_port}"


def _partner_pages(advocate: str, partner_id: str, registered: str) -> Callable:
    example = (EXAMPLE.read_text(encoding="utf-8")
               .replace("http://127.0.0.1:5000", advocate)
               .replace("/embed/demo", f"/embed/{partner_id}")
               .replace('data-partner="demo"', f'data-partner="{partner_id}"')
               .replace("http://localhost:8080", registered))
    pages = {"/partner-page.html": example,
             "/loader.html": LOADER_PAGE.format(advocate=advocate, partner=partner_id)}

    @Request.application
    def site(request: Request) -> Response:
        if request.path not in pages:
            return Response("not found", status=404)
        return Response(pages[request.path], mimetype="text/html")

    return site


@pytest.fixture(scope="session")
def sites(tmp_path_factory, samples_db_template) -> Iterator[Sites]:
    """The three servers, with the partner site's origin registered for the test partner."""
    path = tmp_path_factory.mktemp("browser") / "advocate.db"
    shutil.copy(samples_db_template, path)
    url = f"sqlite:///{path}"
    advocate, partner, unregistered = servers = [_bind(), _bind(), _bind()]
    advocate.app = create_app({"TESTING": True, "DATABASE_URL": url,
                               "RATE_LIMIT_ANONYMOUS": "1000 per minute"})
    # both sites serve the same pages; only the partner site's origin is registered
    partner.app = unregistered.app = _partner_pages(_origin(advocate), PARTNER["partner_id"],
                                                    _origin(partner))
    engine = make_engine(url)
    with transaction(engine) as db:
        upsert_partner(db, **PARTNER, origins=[_origin(partner)])
    engine.dispose()
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    yield Sites(*(Site(_origin(s)) for s in servers), PARTNER["partner_id"], PARTNER["name"])
    for server, thread in zip(servers, threads, strict=True):
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session", autouse=True)
def _needs_chromium() -> None:
    """Skip, with the reason, before any server starts, when the browser is not there."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package `chromium`; `make test` "
                    "installs it when run as root): the widget's browser tests need it")
    pytest.importorskip("playwright.sync_api",
                        reason="Playwright's Python package is not installed")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, launched once per run (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (own storage), short timeouts; an uncaught JS error fails it."""
    context = browser.new_context(viewport={"width": 900, "height": 1000}, locale="en-AU")
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"uncaught JavaScript errors: {errors}"


@pytest.fixture
def screenshot() -> Callable[[object, str], Path]:
    """Save a screenshot under tests/browser/screenshots/ (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(target, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        target.screenshot(path=str(path), full_page=True)
        return path

    return take
