"""The embeddable widget for partner sites: GET /embed/<partner> (a small page whose JS and CSS
ship with advocate), its security headers, and CORS for partners' own pages.

A partner's registered origins are the page's CSP `frame-ancestors` (with 'self') and the CORS
allow-list of POST /api/v1/recommendations and POST /api/v1/estimates. Which partner a request
speaks for: `partner` in the JSON body (recommendations), else `?partner=` in the URL
(estimates, whose body has no such field). A request naming no partner, or a partner that does
not list the request's Origin, gets no CORS headers. A preflight carries no body, so it is
allowed for an origin of the partner in `?partner=`, or of any partner when none is named; the
real request is then checked against the partner it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, render_template, request, url_for
from sqlmodel import select

from advocate.domain import NotFound
from advocate.store.access_tables import PartnerRow
from advocate.store.db import session
from advocate.usage.location import distributors

bp = Blueprint("embed", __name__, template_folder="templates", static_folder="static",
               static_url_path="/embed/static")

PARTNER_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
CATEGORIES = ("electricity", "health")
CORS_PATHS = frozenset({"/api/v1/recommendations", "/api/v1/estimates"})
DEFAULT_PORTS = {"http": 80, "https": 443}
LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
HOST = re.compile(rf"\[[0-9a-f:.]+\]|{LABEL}(\.{LABEL})*")
# No inline script or style at all: config travels in data- attributes.
PAGE_POLICY = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
               "connect-src 'self'", "form-action 'self'", "base-uri 'none'",
               "object-src 'none'")
PREFLIGHT_MAX_AGE = "600"


@bp.get("/embed/<partner_id>")
def widget(partner_id: str):
    """The widget page for one partner; 404 in the usual error shape for an unknown id."""
    partner = find_partner(partner_id)
    if partner is None:
        raise NotFound(f"No partner {partner_id!r}.", field="partner")
    response = Response(page(partner, request.args.get("category")), mimetype="text/html")
    response.headers.update(page_headers(partner.origins))
    return response


def page(partner: PartnerRow, category: str | None) -> str:
    """The widget's HTML; `category` only preselects a choice (no setting filters offers)."""
    return render_template(
        "embed.html", partner=partner, networks=network_names(),
        category=category if category in CATEGORIES else CATEGORIES[0],
        api=url_for("recommendations.create_recommendation"),
        methodology=url_for("recommendations.current_methodology"))


def find_partner(partner_id: str | None) -> PartnerRow | None:
    """The partner with this public id, or None (malformed ids are never looked up)."""
    if not isinstance(partner_id, str) or not PARTNER_ID.fullmatch(partner_id):
        return None
    return session().get(PartnerRow, partner_id)


def network_names() -> dict[str, str]:
    """Electricity network slug -> the name on customers' bills, for the network question."""
    return {slug: row["name"] for slug, row in distributors().items()}


def page_headers(origins: Iterable[str]) -> dict[str, str]:
    """Security headers of a partner's widget page."""
    ancestors = " ".join(["'self'", *registered_origins(origins)])
    return {"Content-Security-Policy": "; ".join([*PAGE_POLICY,
                                                  f"frame-ancestors {ancestors}"]),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache"}


def normalise_origin(text: object) -> str | None:
    """`scheme://host[:port]` as browsers send it in Origin; None when `text` is not an origin.

    Anything else (a path, credentials, a wildcard, a stray `;`) is refused, so a registered
    origin can never smuggle another directive into the Content-Security-Policy.
    """
    if not isinstance(text, str):
        return None
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if (parts.scheme not in DEFAULT_PORTS or not HOST.fullmatch(host) or parts.path not in ("", "/")
            or parts.query or parts.fragment or "@" in parts.netloc):
        return None
    suffix = f":{port}" if port is not None and port != DEFAULT_PORTS[parts.scheme] else ""
    return f"{parts.scheme}://{host}{suffix}"


def registered_origins(origins: Iterable[str]) -> list[str]:
    """A partner's origins that are well-formed, normalised, in their stored order."""
    found = (normalise_origin(origin) for origin in origins)
    return list(dict.fromkeys(origin for origin in found if origin))


def cors(response: Response) -> Response:
    """After each request: CORS headers for a registered partner origin on the CORS paths."""
    if request.path not in CORS_PATHS:
        return response
    response.vary.add("Origin")
    origin = normalise_origin(request.headers.get("Origin"))
    if origin is None or origin not in allowed_origins():
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    if is_preflight() and response.status_code == 200:
        response.status_code = 204
        response.headers["Access-Control-Allow-Methods"] = "POST"
        # Only Content-Type: an API key must never sit in a partner's public page.
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        response.set_data(b"")
    return response


def is_preflight() -> bool:
    """A CORS preflight: OPTIONS asking whether a method may follow."""
    return (request.method == "OPTIONS"
            and "Access-Control-Request-Method" in request.headers)


def named_partner() -> str | None:
    """The partner this request speaks for: the JSON body's `partner`, else `?partner=`."""
    body = request.get_json(silent=True) if request.is_json else None
    named = body.get("partner") if isinstance(body, dict) else None
    return named if isinstance(named, str) else request.args.get("partner")


def allowed_origins() -> set[str]:
    """Origins this request may be read from (see the module docstring for the rule)."""
    partner_id = named_partner()
    if partner_id is None and is_preflight():
        partners = list(session().exec(select(PartnerRow)))
    else:
        partner = find_partner(partner_id)
        partners = [partner] if partner else []
    return {origin for partner in partners for origin in registered_origins(partner.origins)}


def init_app(app: Flask) -> None:
    """Register the widget routes and the CORS hook for partner origins."""
    app.register_blueprint(bp)
    app.after_request(cors)
