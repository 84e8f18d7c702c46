"""Pages of the letters, under /verification/letters/: the dispatch register, a batch request, a
letter to another body, a letter's page with its steps, its PDF and its replies."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import VIEW, access_logged, get_scoped_or_404
from core.files import media_path
from core.forms import apply_service_errors
from core.numbers import parse_int
from core.permissions import may, permission_required, require

from .. import selectors, services
from ..forms import STEP_FORMS, LetterFilterForm, LetterOtherForm, LetterReplyForm, LetterRequestForm
from ..models import Letter, LetterReply

PERM_VIEW = "verification.view_letter"
#: Query parameters of the request page that are not the call-centre list's filters.
_OWN_PARAMS = {"id", "page"}


@permission_required(PERM_VIEW)
@require_safe
def letter_list_view(request):
    """The dispatch register: every letter in the user's scope, with its state and due date."""
    agencies = list(selectors.agencies_licensing())
    form = LetterFilterForm(request.GET or None, agencies=agencies)
    filters = form.cleaned_data if form.is_valid() else {}
    letters = selectors.letters_register(
        user=request.user, state=filters.get("state", ""), agency=filters.get("agency", ""),
        kind=filters.get("kind", ""), q=filters.get("q", ""),
    )
    page = Paginator(letters, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "verification/letter_list.html", {
        "page": page, "form": form, "today": timezone.localdate(), "query": query.urlencode(),
        "may_write": may(request.user, services.letters.PERM_ADD),
    })


def _selection(query: QueryDict) -> tuple[list[int] | None, QueryDict]:
    """Ids picked one by one (?id=…), else the call-centre list's filters."""
    raw_ids = query.getlist("id")
    if raw_ids:
        return sorted({n for i in raw_ids if (n := parse_int(i, max_digits=9)) is not None}), query
    params = query.copy()
    for name in _OWN_PARAMS:
        params.pop(name, None)
    return None, params


@permission_required(services.letters.PERM_ADD)
def letter_request_view(request):
    """Pick call centres (the list's filters in the query string, or ?id=… one by one) and ask for
    one letter per agency: the letters are drafted in the background (the job page shows progress)."""
    from registry.filters import CallCentreFilterSet

    source = QueryDict(request.POST.get("selection", "")) if request.method == "POST" else request.GET
    ids, params = _selection(source)
    picked = selectors.letters_pick_call_centres(user=request.user, ids=ids, params=params)
    count = picked.count()
    form = LetterRequestForm(
        request.POST or None, initial={"cycle": services.cycle_default(), "selection": source.urlencode()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.letters_request(
                actor=request.user, call_centre_ids=ids, filter_params=params, cycle=data["cycle"],
                language=data["language"], agency_ids=[a.pk for a in data["agencies"]] or None,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The letters are being drafted."))
            return redirect("core:job-detail", pk=job.pk)
    filterset = CallCentreFilterSet(params if ids is None else None, queryset=picked.none(), request=request)
    return render(request, "verification/letter_request.html", {
        "form": form, "count": count, "sample": list(picked.select_related("station")[:10]), "ids": ids,
        "filter_form": filterset.with_menus().form, "max": selectors.MAX_PICK,
    }, status=400 if request.method == "POST" else 200)


@permission_required(services.letters.PERM_ADD)
def letter_other_create_view(request):
    """A letter to another body: bank, telecom operator, landlord, another district's police."""
    # Other pages (the complaints' hot identifiers) link here with the addressee kind, subject and body filled in.
    initial = {key: request.GET[key][:2000] for key in ("addressee_kind", "subject", "body") if key in request.GET}
    form = LetterOtherForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.letter_other_create(
                actor=request.user, addressee_kind=data["addressee_kind"], addressee=data["addressee"],
                addressee_address=data["addressee_address"], subject=data["subject"], body=data["body"],
                call_centre_ids=data["call_centres"], language=data["language"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Letter %(reference)s drafted.") % {"reference": letter.reference})
            return redirect("verification:letter-detail", pk=letter.pk)
    return render(request, "verification/letter_other_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _letter(request, pk: int) -> Letter:
    """The letter if the user's scope reaches it (404 otherwise), then the view permission (403)."""
    letter = get_scoped_or_404(Letter, request.user, VIEW, pk=pk)
    require(request.user, PERM_VIEW)
    return letter


def _detail(request, letter: Letter, *, forms: dict | None = None, status: int = 200):
    may_change = may(request.user, services.letters.PERM_CHANGE)
    steps = {}
    if may_change:
        state_steps = {"drafted": ["sent"], "sent": ["acknowledged", "answered"], "acknowledged": ["answered"]}
        for step in state_steps.get(letter.state, []):
            steps[step] = (forms or {}).get(step) or STEP_FORMS[step](prefix=step)
    # A step that no longer applies (e.g. "sent" twice) shows its errors above the page.
    errors = [e for step, form in (forms or {}).items() if step in STEP_FORMS and step not in steps
              for e in form.non_field_errors()]
    reply_form = (forms or {}).get("reply") or LetterReplyForm()
    return render(request, "verification/letter_detail.html", {
        "letter": letter, "errors": errors, "enclosures": selectors.letter_enclosures(user=request.user, letter=letter),
        "replies": selectors.letter_replies(letter=letter), "steps": steps, "may_change": may_change,
        "reply_form": reply_form if may_change and letter.state != "drafted" else None,
        "overdue_days": services.letter_overdue_days(letter=letter),
        "may_download": bool(letter.pdf) and selectors.letter_all_enclosures_visible(user=request.user, letter=letter),
    }, status=status)


@login_required
@require_safe
def letter_detail_view(request, pk: int):
    return _detail(request, _letter(request, pk))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def letter_step_view(request, pk: int, step: str):
    """Record a step of the letter: sent (dispatch number and date), acknowledged, answered."""
    letter = _letter(request, pk)
    if step not in STEP_FORMS:
        raise Http404
    if request.method != "POST":
        return redirect("verification:letter-detail", pk=letter.pk)
    require(request.user, services.letters.PERM_CHANGE, _("Your role cannot record the dispatch of letters."))
    form = STEP_FORMS[step](request.POST, prefix=step)
    if form.is_valid():
        service = {"sent": services.letter_mark_sent, "acknowledged": services.letter_mark_acknowledged,
                   "answered": services.letter_mark_answered}[step]
        try:
            service(actor=request.user, letter=letter, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Letter %(reference)s: saved.") % {"reference": letter.reference})
            return redirect("verification:letter-detail", pk=letter.pk)
    return _detail(request, letter, forms={step: form}, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def letter_reply_add_view(request, pk: int):
    """Attach the agency's reply (PDF, JPEG or PNG; checked by content)."""
    letter = _letter(request, pk)
    if request.method != "POST":
        return redirect("verification:letter-detail", pk=letter.pk)
    require(request.user, services.letters.PERM_CHANGE, _("Your role cannot record the dispatch of letters."))
    form = LetterReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.letter_reply_add(actor=request.user, letter=letter, upload=form.cleaned_data["file"],
                                      received_on=form.cleaned_data["received_on"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Reply attached."))
            return redirect("verification:letter-detail", pk=letter.pk)
    return _detail(request, letter, forms={"reply": form}, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def letter_redraw_view(request, pk: int):
    """Draw a drafted letter's PDF again."""
    letter = _letter(request, pk)
    if request.method == "POST":
        try:
            services.letter_pdf_redraw(actor=request.user, letter=letter)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The PDF was drawn again."))
    return redirect("verification:letter-detail", pk=letter.pk)


def _file(path, content_type: str, filename: str):
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_safe
@access_logged("letter PDF", action="download")
def letter_pdf_view(request, pk: int):
    """The letter's PDF, to officers who may see every call centre it names."""
    letter = _letter(request, pk)
    if not selectors.letter_all_enclosures_visible(user=request.user, letter=letter):
        raise PermissionDenied(_("This letter names call centres outside your jurisdiction."))
    path = media_path(letter.pdf, folder=services.letters.LETTERS_FOLDER)
    return _file(path, "application/pdf", f"{letter.reference.replace('/', '-')}.pdf")


@login_required
@require_safe
@access_logged("letter reply", action="download")
def letter_reply_view(request, pk: int):
    """A reply to a letter, to officers who may see the letter (never from a public URL)."""
    reply = get_scoped_or_404(LetterReply, request.user, VIEW, pk=pk)
    require(request.user, "verification.view_letterreply")
    path = media_path(reply.file, folder=services.letters.REPLIES_FOLDER)
    return _file(path, reply.content_type, reply.original_name)
