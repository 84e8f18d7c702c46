"""Base viewsets: every queryset starts from the access rule."""

from rest_framework import viewsets

from core.access import CHANGE, VIEW, log_access


class ScopedViewSetMixin:
    """Rows come from `Model.objects.for_user(request.user, action)`; out of scope is 404.

    Subclasses set `queryset` (for the model, schema and permissions) and may
    override `get_base_queryset()` to add select_related / annotations.
    """

    #: Set on viewsets serving personal data: every successful read is written to the access log.
    access_log_kind: str | None = None

    def get_base_queryset(self):
        return self.queryset.all()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.access_log_kind and request.method == "GET" and response.status_code < 400:
            log_access(request, action="api_read", object_kind=self.access_log_kind,
                       object_id=self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""),
                       label=self.action or "", status=response.status_code)
        return response

    def get_queryset(self):
        action = VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else CHANGE
        return self.get_base_queryset().for_user(self.request.user, action)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
