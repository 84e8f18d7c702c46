"""Registry pages. Each capability keeps its own URL module."""
from django.urls import include, path

app_name = "registry"
urlpatterns = [
    path("", include("registry.urls_callcentres")),
    path("returns/", include("registry.urls_returns")),
    path("notices/", include("registry.urls_notices")),
    path("imports/", include("registry.urls_imports")),
]
