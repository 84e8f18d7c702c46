"""Pages of the network around a person, call centre, premises, phone or account, and of likely masterminds.

Start nodes are checked like any record (get_scoped_or_404); what the walk may show is decided in
offenders.selectors.network (persons city-wide, call centres and premises only within the officer's scope).
"""
from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_safe

from core.access import access_logged, get_scoped_or_404
from core.permissions import police_required, require
from registry.models import CallCentre, Premises
from registry.selectors.cards import detail_cards

from ..forms import NetworkSearchForm
from ..models import Person
from ..rendering.network_layout import layout_radial
from ..selectors import network as net
from ..selectors.masterminds import WEIGHTS, likely_masterminds
from ..selectors.persons import person_search

PERM_MASTERMINDS = "offenders.view_masterminds"
SEARCH_LIMIT = 20


@police_required
@require_safe
def network_search(request):
    """Search for a start: a phone or account opens its network; a name lists persons, call centres and premises."""
    form = NetworkSearchForm(request.GET or None)
    results = None
    if request.GET and form.is_valid():
        kind, value = form.cleaned_data["kind"], form.cleaned_data["q"].strip()
        if kind == "phone":
            return redirect("offenders:network-phone", number=net.phone_key(value))
        if kind == "account":
            return redirect("offenders:network-account", identifier=net.account_key(value))
        results = _name_results(request.user, value)
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "offenders/network_index.html", {"form": form, "results": results}, status=status)


def _name_results(user, value: str) -> dict:
    persons = person_search(Person.objects.for_user(user).select_related("station"), name=value)[:SEARCH_LIMIT]
    centres = (
        CallCentre.objects.for_user(user).filter(name__icontains=value).select_related("station").order_by("name")
    )[:SEARCH_LIMIT]
    premises = (
        Premises.objects.for_user(user).filter(address_raw__icontains=value).select_related("locality")
        .order_by("address_raw")
    )[:SEARCH_LIMIT]
    return {"persons": list(persons), "centres": list(centres), "premises": list(premises)}


def _render(request, network: net.Network | None, title: str, *, status: int = 200, error: str = ""):
    if network is not None:
        layout_radial(network)
    context = {
        "detail_cards": detail_cards("network", user=request.user, obj=network) if network is not None else [],
        "network": network, "title": title, "error": error, "depths": range(1, net.MAX_DEPTH + 1),
        "max_nodes": net.MAX_NODES,
    }
    return render(request, "offenders/network_detail.html", context, status=status)


def _build(request, kind: str, key) -> net.Network:
    return net.network_build(user=request.user, kind=kind, key=key, depth=net.parse_depth(request.GET.get("depth")))


@police_required
@require_safe
@access_logged("person")
def network_person(request, pk: int):
    """Everything linked to a person (all records of the same individual)."""
    person = get_scoped_or_404(Person, request.user, pk=pk)
    network = _build(request, net.PERSON, person.identity_id)
    return _render(request, network, _g("Network of %(name)s") % {"name": person.name})


@police_required
@require_safe
def network_callcentre(request, pk: int):
    centre = get_scoped_or_404(CallCentre, request.user, pk=pk)
    network = _build(request, net.CALLCENTRE, centre.pk)
    return _render(request, network, _g("Network of %(name)s") % {"name": centre.name})


@police_required
@require_safe
def network_premises(request, pk: int):
    premises = get_scoped_or_404(Premises, request.user, pk=pk)
    network = _build(request, net.PREMISES, premises.pk)
    return _render(request, network, _g("Network of %(name)s") % {"name": premises.address_raw})


@police_required
@require_safe
def network_phone(request, number: str):
    """Everyone (in the officer's reach) using a phone number."""
    key = net.phone_key(number)
    if key is None:
        return _render(
            request, None, _g("Network of a phone number"), status=400,
            error=_g("Not a valid phone number. Write 10 digits, optionally with +91 or 0 in front."),
        )
    if key != number:
        return redirect("offenders:network-phone", number=key)
    return _render(request, _build(request, net.PHONE, key), _g("Network of phone %(number)s") % {"number": key})


@police_required
@require_safe
def network_account(request, identifier: str):
    """Everyone holding a bank account or UPI id."""
    key = net.account_key(identifier)
    if not key:
        return _render(request, None, _g("Network of an account"), status=400,
                       error=_g("Write the account number or the UPI id."))
    if key != identifier:
        return redirect("offenders:network-account", identifier=key)
    return _render(request, _build(request, net.ACCOUNT, key), _g("Network of account %(account)s") % {"account": key})


@police_required
@require_safe
def mastermind_list(request):
    """Likely masterminds, with the reasons (the cyber crime team and the commissioner)."""
    require(request.user, PERM_MASTERMINDS)
    rows = likely_masterminds(user=request.user)
    return render(request, "offenders/network_masterminds.html", {"rows": rows, "weights": WEIGHTS})
