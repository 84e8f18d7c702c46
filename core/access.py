"""The one access rule of the project.

A user's scope comes from `user_scope(user)`: their station, their zone, the whole
city, or only what they submitted themselves (association members). Every scoped
model declares how it reaches its station with a `ScopePaths`, and every view,
viewset, admin class, export, selector and form choice starts from
`Model.objects.for_user(user, action)`. Out-of-scope objects are simply absent, so
views answer 404 for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from .roles import CITY_ROLES, POLICE_ROLES, READ_ONLY_ROLES, Role

VIEW = "view"
CHANGE = "change"


@dataclass(frozen=True)
class ScopePaths:
    """How a model's rows reach the things a scope is made of.

    station: lookup path to the PoliceStation ("pk" for the station itself).
    zone: lookup path to the Zone; derived from `station` when omitted.
    owner: lookup path to the user who submitted the row; owners always see their rows.
    police_wide: every police role may read these rows (city-wide person search).
    """

    station: str | None = None
    zone: str | None = None
    owner: str | None = None
    police_wide: bool = False
    distinct: bool = False  # set when a path crosses a to-many relation

    def zone_path(self) -> str | None:
        if self.zone:
            return self.zone
        if self.station == "pk":
            return "zone"
        return f"{self.station}__zone" if self.station else None


@dataclass(frozen=True)
class Scope:
    """What one user may see: the whole city, one zone, one station or their own rows."""

    role: str | None
    city: bool = False
    read_only: bool = False
    station_id: int | None = None
    zone_id: int | None = None
    user_id: int | None = None

    @property
    def is_police(self) -> bool:
        return self.role in POLICE_ROLES


NO_SCOPE = Scope(role=None)


def user_scope(user) -> Scope:
    """The single place that turns an account into a scope."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    if user.is_superuser:
        return Scope(role=Role.ADMIN, city=True, user_id=user.pk)
    role = user.role
    return Scope(
        role=role,
        city=role in CITY_ROLES,
        read_only=role in READ_ONLY_ROLES,
        station_id=user.station_id if role == Role.STATION else None,
        zone_id=user.zone_id if role == Role.ZONE else None,
        user_id=user.pk,
    )


def scope_filter(paths: ScopePaths, scope: Scope, action: str = VIEW) -> Q | None:
    """The Q object restricting a model to a scope; None means "everything".

    Scope answers "which rows", never "may this user write": that is `user.has_perm` alone
    (core.permissions). A read-only role sees its scope for every action and is refused by
    the missing permission (403), like anyone else without it."""
    nothing = Q(pk__in=[])
    if scope.role is None:
        return nothing
    if scope.city:
        return None
    allowed = nothing
    if paths.owner and scope.user_id:
        allowed |= Q(**{paths.owner: scope.user_id})
    if action == VIEW and paths.police_wide and scope.is_police:
        return None
    if scope.role == Role.STATION and paths.station and scope.station_id:
        allowed |= Q(**{paths.station: scope.station_id})
    elif scope.role == Role.ZONE and paths.zone_path() and scope.zone_id:
        allowed |= Q(**{paths.zone_path(): scope.zone_id})
    return allowed


class ScopedQuerySet(models.QuerySet):
    """QuerySet with the access rule: `Model.objects.for_user(user, action)`."""

    def for_user(self, user, action: str = VIEW) -> ScopedQuerySet:
        paths: ScopePaths = getattr(self.model, "scope_paths", None)
        if paths is None:
            raise TypeError(f"{self.model.__name__} declares no scope_paths")
        condition = scope_filter(paths, user_scope(user), action)
        if condition is None:
            return self.all()
        qs = self.filter(condition)
        return qs.distinct() if paths.distinct else qs


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def get_scoped_or_404(model, user, action: str = VIEW, **lookup):
    """Fetch one row the user may see (or change); anything else is a 404."""
    try:
        return model.objects.for_user(user, action).get(**lookup)
    except model.DoesNotExist as exc:
        raise Http404 from exc


def ensure_in_scope(user, obj, action: str = CHANGE) -> None:
    """After a create or update: the object must still be within the user's scope.

    Call inside the service's transaction so a violation rolls the write back.
    """
    if not type(obj).objects.for_user(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied("This record is outside your jurisdiction.")


# --------------------------------------------------------------------------- the access log
# Every read of personal data, sign-in and refusal goes through `log_access` into core.AccessLog
# (append-only and hash-chained, see core.auditchain).


def log_access(request=None, *, action: str, object_kind: str = "", object_id="", label: str = "",
               outcome: str = "allowed", status: int | None = None, user=None, username: str = ""):
    """Record one access: who (the request's user unless `user`/`username` given), what (action,
    kind and id of the record), when, from where (core.net.client_ip) and with what outcome."""
    from django.apps import apps
    from django.utils import timezone

    from .auditchain import chain_in_python
    from .net import client_ip

    AccessLog = apps.get_model("core", "AccessLog")  # noqa: N806  (core.models imports this module)

    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    entry = AccessLog(
        at=timezone.now(), user_id=getattr(user, "pk", None),
        username=(username or getattr(user, "username", "") or "")[:150],
        action=action, object_kind=object_kind[:40], object_id=str(object_id or "")[:64], object_label=label[:200],
        method=(request.method or "")[:8] if request is not None else "",
        path=request.get_full_path()[:300] if request is not None else "",
        ip=client_ip(request) if request is not None else None,
        outcome=outcome, status=status,
    )
    chain_in_python(entry)  # on PostgreSQL the trigger chains the row; elsewhere Python does
    entry.save(force_insert=True)
    if request is not None:
        request._access_logged = True
    return entry


def access_logged(object_kind: str, *, action: str = "view", key: str = "pk"):
    """View decorator: a successful answer is logged as `action` on `object_kind` number kwargs[key];
    a refusal (403/404) is logged by core.middleware.AccessLogMiddleware."""
    from functools import wraps

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code < 400:
                log_access(request, action=action, object_kind=object_kind, object_id=kwargs.get(key, ""),
                           status=response.status_code)
            return response

        return wrapper

    return decorate
