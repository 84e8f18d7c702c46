"""Pages of the licence check, under /verification/."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import VIEW
from core.forms import apply_service_errors
from core.permissions import permission_required
from registry.models import CallCentre

from .. import services
from ..choices import LicenceState
from ..forms import LicenceForm
from ..selectors import licences_of, with_licence_state


@permission_required("verification.view_licence")
@require_http_methods(["GET", "HEAD", "POST"])
def licence_list_view(request, pk: int):
    """A call centre's permissions as checked so far; the cyber crime team records answers here."""
    call_centre = with_licence_state(CallCentre.objects.for_user(request.user, VIEW)).filter(pk=pk).first()
    if call_centre is None:
        raise Http404
    may_record = services.licence_may_record(actor=request.user, call_centre=call_centre)
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
    state = LicenceState(call_centre.licence_state)
    return render(
        request, "verification/licence_list.html",
        {"cc": call_centre, "licences": licences, "state": state, "form": form if may_record else None},
        status=400 if request.method == "POST" else 200,
    )
