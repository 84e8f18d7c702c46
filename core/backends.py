"""Authentication backend that keeps read-only roles read-only."""
from django.contrib.auth.backends import ModelBackend

from .roles import READ_ONLY_ROLES


def is_read_permission(perm: str) -> bool:
    """'app.view_model' and other 'view_*' codenames are reads; everything else writes."""
    return perm.split(".", 1)[-1].startswith("view_")


class RoleBackend(ModelBackend):
    """ModelBackend, except that a read-only role (the commissioner) never holds a write
    permission, even one an administrator adds to its group or account by hand. This is
    what makes `user.has_perm(...)` the one question about writing."""

    def get_all_permissions(self, user_obj, obj=None):
        perms = super().get_all_permissions(user_obj, obj)
        if getattr(user_obj, "role", None) in READ_ONLY_ROLES and not user_obj.is_superuser:
            return {p for p in perms if is_read_permission(p)}
        return perms
