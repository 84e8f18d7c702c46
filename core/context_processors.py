from django.urls import reverse

from .access import user_scope
from .navigation import nav_for


def navigation(request) -> dict:
    """The navigation of the signed-in user's role, marking the current section."""
    user = getattr(request, "user", None)
    scope = user_scope(user)
    if scope.role is None:
        return {"nav_items": []}
    items = [{"url": reverse(item.url_name), "label": item.label, "active": False} for item in nav_for(scope.role)]
    # The section is the item whose address is the longest prefix of the page's (so
    # /registry/returns/completeness/ marks "Completeness", not "Returns").
    matches = [i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items, "user_role": scope.role}
