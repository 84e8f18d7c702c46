"""Pages of association notices: the member's notices, a new notice, one notice, the station's queue."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import get_scoped_or_404, user_scope
from core.forms import apply_service_errors
from core.permissions import may, permission_required, police_required

from ..forms.notices import AssociationNoticeForm
from ..models import AssociationNotice
from ..selectors.notices import notice_list, station_queue
from ..services.notices import PERM_SUBMIT, notice_submit


@login_required
@require_safe
def notice_list_view(request):
    notices = notice_list(user=request.user)
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    can_submit = may(request.user, PERM_SUBMIT)
    return render(request, "registry/notice_list.html", {"page": page, "can_submit": can_submit})


@permission_required(PERM_SUBMIT)
def notice_create_view(request):
    form = AssociationNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you. The notice has been sent to the police station of that locality."))
            return redirect("registry:notice-detail", pk=notice.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "registry/notice_form.html", {"form": form}, status=status)


@login_required
@require_safe
def notice_detail_view(request, pk: int):
    notice = get_scoped_or_404(AssociationNotice, request.user, pk=pk)
    return render(
        request, "registry/notice_detail.html", {"notice": notice, "is_police": user_scope(request.user).is_police},
    )


@police_required
@require_safe
def station_queue_view(request):
    """Call centres reported by associations that the station has yet to act on."""
    show_all = request.GET.get("show") == "all"
    notices = station_queue(user=request.user, show_all=show_all)
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(
        request, "registry/notice_queue.html",
        {"page": page, "show_all": show_all},
    )
