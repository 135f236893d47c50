"""Paging links for list endpoints."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Request


def links(request: Request, page: int, total_pages: int) -> dict:
    """self/first/last/prev/next for a page of `total_pages`, keeping the other arguments."""
    args = {key: value for key, value in request.args.items() if key != "page"}

    def url(number: int) -> str:
        return f"{request.path}?{urlencode({**args, 'page': number})}"

    return {"self": url(page), "first": url(1), "last": url(total_pages),
            "prev": url(page - 1) if page > 1 else None,
            "next": url(page + 1) if page < total_pages else None}


def page_body(request: Request, items: list, total: int, page: int, page_size: int) -> dict:
    """A list endpoint's answer: the page's items, paging links and the counts."""
    pages = max(1, -(-total // page_size))
    return {"data": items, "links": links(request, page, pages),
            "meta": {"page": page, "page_size": page_size, "total": total, "total_pages": pages}}
