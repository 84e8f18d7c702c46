"""The inbox: mark a message as read and go back to where the officer was."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core.access import get_scoped_or_404
from core.models import Notification

from ..services.inbox import notification_mark_read


@login_required
def notification_read_view(request, pk: int):
    """Mark a message of the inbox as read (POST), then go back to where the officer was."""
    get_scoped_or_404(Notification, request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    notice = notification_mark_read(actor=request.user, notification_id=pk)
    target = request.POST.get("next") or reverse("home")
    if request.POST.get("open") and notice.url:
        target = notice.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    return redirect(target)
