from django.urls import reverse

from .access import user_scope
from .navigation import nav_menu


def navigation(request) -> dict:
    """The navigation of the signed-in user's role, marking the current section and its menu.

    `nav_menu` holds the bar: each entry has a label, a `key` (empty for a plain link) and its
    `items` (url, label, active); `nav_items` is the flat list of every entry.
    """
    user = getattr(request, "user", None)
    scope = user_scope(user)
    if scope.role is None:
        return {"nav_items": [], "nav_menu": []}
    menu = [
        {
            "key": entry["key"],
            "label": entry["label"],
            "items": [{"url": reverse(i.url_name), "label": i.label, "active": False} for i in entry["items"]],
            "active": False,
        }
        for entry in nav_menu(scope.role)
    ]
    items = [item for entry in menu for item in entry["items"]]
    # The section is the item whose address is the longest prefix of the page's (so
    # /registry/returns/completeness/ marks "Completeness", not "Returns").
    matches = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matches:
        best = max(matches, key=lambda i: len(i["url"]))
        best["active"] = True
        for entry in menu:
            entry["active"] = entry["active"] or best in entry["items"]
    return {"nav_items": items, "nav_menu": menu, "user_role": scope.role}
