"""Helpers shared by the registry's pages."""
from __future__ import annotations

PAGE_SIZE = 50


def query_without(request, *keys) -> str:
    """The page's query string without `keys` (e.g. "page", for the pagination links)."""
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()
