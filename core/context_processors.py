from django.urls import reverse

from .access import user_scope
from .navigation import nav_for


def navigation(request) -> dict:
    """The navigation of the signed-in user's role, marking the current section."""
    user = getattr(request, "user", None)
    scope = user_scope(user)
    if scope.role is None:
        return {"nav_items": []}
    items = []
    for item in nav_for(scope.role):
        url = reverse(item.url_name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": item.label, "active": active})
    return {"nav_items": items, "user_role": scope.role}
