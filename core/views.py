"""Shell pages: the home page of each role, and background job progress."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .access import get_scoped_or_404, user_scope
from .models import Job
from .roles import Role

HOME_TEMPLATES = {
    Role.STATION: "core/home_station.html",
    Role.ZONE: "core/home_zone.html",
    Role.CYBER: "core/home_cyber.html",
    Role.COMMISSIONER: "core/home_commissioner.html",
    Role.ASSOCIATION: "core/home_association.html",
    Role.ADMIN: "core/home_admin.html",
}


@login_required
@require_safe
def home(request):
    """Each role lands on its own home page."""
    from .selectors import home_summary

    scope = user_scope(request.user)
    context = {"summary": home_summary(user=request.user), "scope": scope}
    return render(request, HOME_TEMPLATES[scope.role], context)


@login_required
@require_safe
def job_list(request):
    jobs = Job.objects.for_user(request.user).select_related("requested_by", "station")
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


@login_required
@require_safe
def job_detail(request, pk: int):
    """The progress page; htmx polls it (or ?format=json) until the job is done."""
    job = get_scoped_or_404(Job, request.user, pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "id": job.pk,
                "status": job.status,
                "progress": job.progress,
                "total": job.total,
                "percent": job.percent,
                "message": job.message,
                "done": job.is_done,
                "error": job.error,
            }
        )
    template = "core/_job_progress.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})
