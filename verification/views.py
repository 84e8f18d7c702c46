"""Pages of the licence check, under /verification/."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import CHANGE, VIEW, get_scoped_or_404, user_scope
from core.forms import apply_service_errors
from registry.choices import CallCentreStatus
from registry.models import CallCentre

from . import services
from .choices import LicenceState
from .forms import LicenceForm
from .selectors import licence_state_of, licences_of


def _may_record(user, call_centre: CallCentre) -> bool:
    return (
        user.has_perm(services.PERM_RECORD)
        and not user_scope(user).read_only
        and call_centre.status != CallCentreStatus.MERGED
        and CallCentre.objects.for_user(user, CHANGE).filter(pk=call_centre.pk).exists()
    )


@login_required
def licence_list_view(request, pk: int):
    """A call centre's permissions as checked so far; the cyber crime team records answers here."""
    if not user_scope(request.user).is_police or not request.user.has_perm("verification.view_licence"):
        raise Http404
    call_centre = get_scoped_or_404(CallCentre, request.user, VIEW, pk=pk)
    may_record = _may_record(request.user, call_centre)
    form = LicenceForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(_("Your role cannot record licence checks."))
        if form.is_valid():
            try:
                services.licence_record(actor=request.user, call_centre=call_centre, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Licence check recorded."))
                return redirect("verification:licences", pk=call_centre.pk)
    licences = licences_of(user=request.user, call_centre=call_centre)
    state = LicenceState(licence_state_of(licences))
    return render(
        request, "verification/licence_list.html",
        {"cc": call_centre, "licences": licences, "state": state, "form": form if may_record else None},
        status=400 if request.method == "POST" else 200,
    )
