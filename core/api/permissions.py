"""API permission: the access rule plus Django model permissions for writes."""

from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions

from core.access import user_scope


class ScopedActionPermission(BasePermission):
    """Authenticated users only; reads are scoped by the viewset's queryset (for_user).

    Writes also need the model permission (held by the role's group), and a
    viewset may map custom actions to permissions with `action_permissions`:
    {"accept": "registry.accept_stationreturn"}.
    """

    def has_permission(self, request, view) -> bool:
        if user_scope(request.user).role is None:
            return False
        action_perms = getattr(view, "action_permissions", {})
        action = getattr(view, "action", None)
        if action in action_perms:
            return request.user.has_perm(action_perms[action])
        if request.method in SAFE_METHODS:
            return True
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return True  # non-model endpoints check inside their service
        perms = DjangoModelPermissions.perms_map.get(request.method, [])
        meta = queryset.model._meta
        return request.user.has_perms([p % {"app_label": meta.app_label, "model_name": meta.model_name} for p in perms])
