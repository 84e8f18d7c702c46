"""The licence check: recording agencies' answers, the licence status of the lists, the pages."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from registry.choices import CallCentreStatus
from registry.models import CallCentre
from registry.selectors import callcentre_timeline
from registry.services import callcentre_merge, callcentre_set_status
from tests.registry.cc_helpers import bulk_rows, register
from verification.choices import LicenceKind, LicenceState, LicenceStatus
from verification.demo import seed_licences
from verification.models import Licence
from verification.selectors import licence_state_q, with_licence_state
from verification.services import licence_record

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST = reverse("registry:callcentre-list")


def _held(actor, cc, kind=LicenceKind.GST, **kw):
    return licence_record(actor=actor, call_centre=cc, kind=kind, status=LicenceStatus.HELD,
                          number=kw.pop("number", "06abcde1234f1z5"), **kw)


# --------------------------------------------------------------------------- recording answers


def test_cyber_team_records_an_answer_with_the_usual_agency_and_history(cyber, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    licence = _held(cyber, cc, issued_on=datetime.date(2020, 1, 2), valid_until=TODAY + datetime.timedelta(days=30),
                    reference="CC/2026/17")
    assert (licence.agency, licence.number, licence.recorded_by) == ("GST Department", "06ABCDE1234F1Z5", cyber)
    assert licence.history.get().history_user == cyber


def test_a_new_answer_replaces_the_last_and_history_keeps_both(cyber, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    licence_record(actor=cyber, call_centre=cc, kind=LicenceKind.OSP, status=LicenceStatus.PENDING)
    licence_record(actor=cyber, call_centre=cc, kind=LicenceKind.OSP, status=LicenceStatus.NOT_REQUIRED,
                   not_required_from=datetime.date(2020, 11, 5), reference="DoT letter 12/2026")
    licence = Licence.objects.get(call_centre=cc)
    assert licence.status == LicenceStatus.NOT_REQUIRED and licence.not_required_from == datetime.date(2020, 11, 5)
    assert list(licence.history.order_by("history_id").values_list("status", flat=True)) == ["pending", "not_required"]


@pytest.mark.parametrize("user", ["sho_a", "commissioner", "dcp_a"])
def test_only_the_cyber_crime_team_records_licence_checks(request, user, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    with pytest.raises(PermissionDenied):
        _held(request.getfixturevalue(user), cc)
    assert not Licence.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": LicenceStatus.HELD, "number": ""}, "number"),
        ({"status": LicenceStatus.HELD, "number": "X1", "issued_on": datetime.date(2021, 5, 1),
          "valid_until": datetime.date(2021, 4, 1)}, "valid_until"),
        ({"status": LicenceStatus.HELD, "number": "X1", "issued_on": TODAY + datetime.timedelta(days=3)}, "issued_on"),
        ({"status": LicenceStatus.PENDING, "not_required_from": datetime.date(2020, 11, 5)}, "not_required_from"),
        ({"status": LicenceStatus.NOT_HELD, "valid_until": datetime.date(2030, 1, 1)}, "status"),
        ({"status": "lost"}, "status"),
        ({"status": LicenceStatus.PENDING, "kind": "passport"}, "kind"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_saved(cyber, sho_a, locality_a, fields, field):
    cc = register(sho_a, locality_a, "Gamma Support")
    fields = {"kind": LicenceKind.TRADE, **fields}
    with pytest.raises(ValidationError) as exc:
        licence_record(actor=cyber, call_centre=cc, **fields)
    assert field in exc.value.message_dict
    assert not Licence.objects.exists()


def test_a_merged_record_takes_no_licence(cyber, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    twin = register(sho_a, locality_a, "Gamma Support Twin")
    callcentre_merge(actor=cyber, survivor=cc, merged=twin, reasons=["name"])
    with pytest.raises(ValidationError):
        _held(cyber, twin)


# --------------------------------------------------------------------------- licence status (the lists' filter)


@pytest.fixture
def four_states(cyber, sho_a, locality_a):
    register(sho_a, locality_a, "Unchecked Calls")
    in_order = register(sho_a, locality_a, "In Order Calls")
    _held(cyber, in_order)
    licence_record(actor=cyber, call_centre=in_order, kind=LicenceKind.OSP, status=LicenceStatus.NOT_REQUIRED)
    pending = register(sho_a, locality_a, "Pending Calls")
    _held(cyber, pending)
    licence_record(actor=cyber, call_centre=pending, kind=LicenceKind.FIRE, status=LicenceStatus.PENDING)
    expired = register(sho_a, locality_a, "Expired Calls")
    _held(cyber, expired, issued_on=datetime.date(2019, 1, 1), valid_until=TODAY - datetime.timedelta(days=1))
    missing = register(sho_a, locality_a, "Missing Calls")
    licence_record(actor=cyber, call_centre=missing, kind=LicenceKind.FIRE, status=LicenceStatus.PENDING)
    licence_record(actor=cyber, call_centre=missing, kind=LicenceKind.SHOPS, status=LicenceStatus.NOT_HELD)
    return {
        LicenceState.UNCHECKED: {"Unchecked Calls"}, LicenceState.IN_ORDER: {"In Order Calls"},
        LicenceState.PENDING: {"Pending Calls"}, LicenceState.LACKING: {"Expired Calls", "Missing Calls"},
    }


def test_licence_state_as_a_filter_and_as_an_annotation_agree(four_states):
    for state, names in four_states.items():
        assert set(CallCentre.objects.filter(licence_state_q(state)).values_list("name", flat=True)) == names
    for cc in with_licence_state(CallCentre.objects.all()):
        expected = next(state for state, names in four_states.items() if cc.name in names)
        assert cc.licence_state == expected


def test_list_and_api_filter_by_licence_status(client, four_states, sho_a):
    client.force_login(sho_a)
    for state, names in four_states.items():
        page = client.get(LIST, {"licence": state})
        for name in ("Unchecked Calls", "In Order Calls", "Pending Calls", "Expired Calls", "Missing Calls"):
            assert (name.encode() in page.content) == (name in names), (state, name)
        api = client.get("/api/call-centres/", {"licence": state}).json()
        assert {row["name"] for row in api["results"]} == names


def test_an_unknown_licence_status_is_a_clear_message_not_an_error(client, four_states, sho_a):
    client.force_login(sho_a)
    assert client.get(LIST, {"licence": "shiny"}).status_code == 200
    response = client.get("/api/call-centres/", {"licence": "shiny"})
    assert response.status_code == 400 and "licence" in response.json()


@pytest.mark.parametrize("rows", [5, 200])
def test_licence_filter_costs_the_same_queries_for_5_or_200_call_centres(
    client, django_assert_num_queries, sho_a, locality_a, rows
):
    bulk_rows(locality_a, rows)
    client.force_login(sho_a)
    # The same 10 queries as the unfiltered list: the licence state is a condition inside
    # the count and the page queries (EXISTS subqueries), not a query per row.
    with django_assert_num_queries(10):
        page = client.get(LIST, {"licence": LicenceState.UNCHECKED})
    assert page.content.count(b'data-testid="callcentre-row"') == min(rows, 50)


# --------------------------------------------------------------------------- pages


def test_cyber_team_records_an_answer_on_the_licence_page(client, cyber, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    client.force_login(cyber)
    url = reverse("verification:licences", args=[cc.pk])
    assert b'data-testid="licence-form"' in client.get(url).content
    response = client.post(url, {"kind": "fire", "status": "held", "number": "fs/77", "issued_on": "2024-02-01",
                                 "valid_until": "2027-01-31", "checked_on": ""})
    assert response.status_code == 302
    licence = Licence.objects.get(call_centre=cc)
    assert (licence.kind, licence.number, licence.agency) == ("fire", "FS/77", "Fire Services, Gurugram")
    assert licence.history.get().history_source == "web"


def test_a_bad_answer_on_the_page_shows_the_message_and_saves_nothing(client, cyber, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    client.force_login(cyber)
    response = client.post(reverse("verification:licences", args=[cc.pk]),
                           {"kind": "fire", "status": "held", "number": "", "valid_until": "31/02/2027"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    response = client.post(reverse("verification:licences", args=[cc.pk]), {"kind": "fire", "status": "held"})
    assert response.status_code == 400
    assert "Give the number of the licence that is held." in response.content.decode()
    assert not Licence.objects.exists()


def test_station_officer_reads_licences_but_cannot_record(client, cyber, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    _held(cyber, cc, kind=LicenceKind.SHOPS, number="SE/1")
    client.force_login(sho_a)
    url = reverse("verification:licences", args=[cc.pk])
    page = client.get(url)
    assert b"SE/1" in page.content and b'data-testid="licence-form"' not in page.content
    assert client.post(url, {"kind": "gst", "status": "pending"}).status_code == 403
    assert Licence.objects.count() == 1


def test_association_member_never_sees_licences(client, association, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    client.force_login(association)
    # Missing permission is 403 in every app (out of scope would be 404).
    assert client.get(reverse("verification:licences", args=[cc.pk])).status_code == 403


def test_detail_page_shows_the_licence_state_and_timeline_the_answers(client, cyber, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Gamma Support")
    licence_record(actor=cyber, call_centre=cc, kind=LicenceKind.SHOPS, status=LicenceStatus.NOT_HELD,
                   reference="Labour Dept. reply 44")
    client.force_login(sho_a)
    page = client.get(reverse("registry:callcentre-detail", args=[cc.pk])).content.decode()
    assert 'data-state="lacking"' in page and "A licence missing or expired" in page
    events = [e for e in callcentre_timeline(cc) if e.kind == "licence"]
    assert [e.title for e in events] == ["Licence check: Shops and commercial establishments registration: Not held"]
    assert "Labour Dept. reply 44" in events[0].detail


# --------------------------------------------------------------------------- demo


def test_demo_licences_agree_with_each_call_centres_status(cyber, sho_a, locality_a):
    wanted = {
        CallCentreStatus.COMPLIANT: LicenceState.IN_ORDER,
        CallCentreStatus.NON_COMPLIANT: LicenceState.LACKING,
        CallCentreStatus.UNDER_VERIFICATION: LicenceState.PENDING,
        CallCentreStatus.REPORTED: LicenceState.UNCHECKED,
    }
    for i, status in enumerate(wanted):
        for j in range(3):
            cc = register(sho_a, locality_a, f"Demo {i}-{j}", started_on=datetime.date(2019 + j, 3, 1))
            if status != CallCentreStatus.REPORTED:
                callcentre_set_status(actor=cyber, call_centre=cc, status=CallCentreStatus.UNDER_VERIFICATION)
            if status not in (CallCentreStatus.REPORTED, CallCentreStatus.UNDER_VERIFICATION):
                callcentre_set_status(actor=cyber, call_centre=cc, status=status)
    created = seed_licences()
    assert created > 0 and seed_licences() == 0  # idempotent
    for cc in with_licence_state(CallCentre.objects.all()):
        assert cc.licence_state == wanted[cc.status], cc.name
    # OSP registration: held before DoT relaxed it (November 2020), "not required" after.
    osp = dict(Licence.objects.filter(kind=LicenceKind.OSP, call_centre__status=CallCentreStatus.COMPLIANT)
               .values_list("call_centre__started_on__year", "status"))
    assert osp.get(2019) == LicenceStatus.HELD and osp.get(2021) == LicenceStatus.NOT_REQUIRED


def test_list_api_and_export_show_each_call_centres_licence_state(client, four_states, sho_a):
    import csv
    import io

    client.force_login(sho_a)
    expected = {name: state for state, names in four_states.items() for name in names}
    api = client.get("/api/call-centres/").json()["results"]
    assert {row["name"]: row["licence_state"] for row in api} == expected
    page = client.get(LIST).content.decode()
    assert page.count('data-testid="licence-badge" data-state="lacking"') == 2
    assert page.count('data-testid="licence-badge" data-state="pending"') == 1
    response = client.get(reverse("registry:callcentre-export"), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert {row["Name"]: row["Licence status"] for row in rows} == {
        name: str(LicenceState(state).label) for name, state in expected.items()
    }


def test_home_counts_operating_call_centres_lacking_a_licence_or_awaiting_answers(client, four_states, cyber, sho_a):
    from registry.selectors import callcentre_counts

    expired = CallCentre.objects.get(name="Expired Calls")
    callcentre_set_status(actor=cyber, call_centre=expired, status=CallCentreStatus.UNDER_VERIFICATION)
    callcentre_set_status(actor=cyber, call_centre=expired, status=CallCentreStatus.CLOSED)  # no longer operating
    counts = callcentre_counts(user=sho_a)
    assert (counts["licence_lacking"], counts["licence_pending"]) == (1, 1)
    client.force_login(cyber)
    card = client.get("/").content.decode()
    assert "1 operating without a licence" in card and "1 awaiting an agency's answer" in card
