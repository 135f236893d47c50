"""Configuration defaults; every key can be overridden from the environment as ADVOCATE_<KEY>.

`create_app` applies `app.config.from_prefixed_env("ADVOCATE")`, so for example
`ADVOCATE_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/advocate` selects
PostgreSQL. Values are read when the app is created, never at import time.
"""

from __future__ import annotations


class Defaults:
    """The settings a fresh clone runs with."""

    # None means: a SQLite file `advocate.db` in the Flask instance folder.
    DATABASE_URL: str | None = None
    # Request bodies above this are refused with 413 (NEM12 files are the largest input).
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    PAGE_SIZE_DEFAULT = 25
    PAGE_SIZE_MAX = 200
    # Where `flask advocate refresh` finds the CDR Register (brand discovery).
    CDR_REGISTER_URL = "https://api.cdr.gov.au"
    # Where the CMS landscape file is downloaded from by `flask advocate refresh cms_landscape`.
    CMS_LANDSCAPE_URL = (
        "https://download.cms.gov/marketplace-puf/2026/landscape-individual-market-medical.zip"
    )
    HTTP_TIMEOUT_SECONDS = 20.0
    # Reverse proxies in front of the app that may be trusted for X-Forwarded-For (rate
    # limits count per client address, which behind a load balancer is in that header).
    PROXY_HOPS = 0
    # If the rate-limit store (Redis) is down, count in memory instead of failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Re-checks of client profiles: an RQ queue on Redis when set, inline otherwise.
    REDIS_URL: str | None = None
    RECHECK_QUEUE = "advocate"
    # Advisors' webhooks: attempts with exponential backoff; https and public hosts only
    # unless WEBHOOK_ALLOW_LOCAL (development).
    WEBHOOK_ATTEMPTS = 4
    WEBHOOK_RETRY_BASE_SECONDS = 1.0
    WEBHOOK_TIMEOUT_SECONDS = 5.0
    WEBHOOK_ALLOW_LOCAL = False
    # The OpenAPI document (flask-smorest).
    API_TITLE = "advocate"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/"
    OPENAPI_JSON_PATH = "openapi.json"
    JSON_SORT_KEYS = False
