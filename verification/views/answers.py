"""Pages of an agency's answer list: upload it for a letter, preview the matches, save."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import VIEW, get_scoped_or_404
from core.forms import apply_service_errors
from core.numbers import parse_int
from core.permissions import require

from .. import selectors, services
from ..choices import AnswerImportStatus, AnswerMatch
from ..forms import AnswerUploadForm
from ..models import AnswerImport
from .letters import _letter


@login_required
def answers_upload_view(request, pk: int):
    """Upload the agency's answer list for a sent letter; the next page previews the matches."""
    letter = _letter(request, pk)
    require(request.user, services.PERM_RECORD, _("Your role cannot record licence checks."))
    form = AnswerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.answers_preview(actor=request.user, letter=letter, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("verification:answers-preview", pk=answer.pk)
    return render(request, "verification/answers_upload.html", {"letter": letter, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def answers_preview_view(request, pk: int):
    """Matched, uncertain and unmatched rows; saving records the matched (and ticked uncertain) rows."""
    answer = get_scoped_or_404(AnswerImport, request.user, VIEW, pk=pk)
    require(request.user, "verification.view_letter")
    if request.method == "POST":
        require(request.user, services.PERM_RECORD, _("Your role cannot record licence checks."))
        lines = [n for v in request.POST.getlist("uncertain") if (n := parse_int(v, max_digits=6)) is not None]
        try:
            recorded = services.answers_save(actor=request.user, answer=answer, include_uncertain=lines)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)d licence answers recorded.") % {"n": recorded})
        return redirect("verification:answers-preview", pk=answer.pk)
    groups = {outcome: [r for r in answer.rows if r.get("outcome") == outcome] for outcome in AnswerMatch.values}
    return render(request, "verification/answers_preview.html", {
        "answer": answer, "letter": answer.letter, "groups": groups, "labels": dict(AnswerMatch.choices),
        "saved": answer.status == AnswerImportStatus.SAVED,
        "may_save": request.user.has_perm(services.PERM_RECORD) and answer.status == AnswerImportStatus.PREVIEW,
    })


@login_required
@require_safe
def letter_reconciliation_view(request, pk: int):
    """The agency's answer set against the registry (for DoT: the OSP registrations granted in the city)."""
    letter = _letter(request, pk)
    return render(request, "verification/letter_reconciliation.html", {
        "letter": letter, "rec": selectors.letter_reconciliation(user=request.user, letter=letter),
    })
