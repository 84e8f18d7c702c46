"""Base viewsets: every queryset starts from the access rule."""

from rest_framework import viewsets

from core.access import CHANGE, VIEW


class ScopedViewSetMixin:
    """Rows come from `Model.objects.for_user(request.user, action)`; out of scope is 404.

    Subclasses set `queryset` (for the model, schema and permissions) and may
    override `get_base_queryset()` to add select_related / annotations.
    """

    def get_base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        action = VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else CHANGE
        return self.get_base_queryset().for_user(self.request.user, action)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
