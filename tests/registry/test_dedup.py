"""Duplicates across stations: found by address, phone, company or similar name; merged and undone exactly."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from registry.choices import CallCentreStatus, DuplicateReason
from registry.models import AssociationNotice, CallCentre, CallCentrePhone, Merge, Occupancy, ReturnEntry, StationReturn
from registry.selectors.duplicates import duplicate_candidates, duplicate_pairs, duplicates_of
from registry.services.callcentres import callcentre_set_status
from registry.services.duplicates import callcentre_merge, callcentre_merge_undo
from tests.factories import LocalityFactory

from .cc_helpers import days_ago, register

pytestmark = pytest.mark.django_db


def _pair(a, b):
    return tuple(sorted((a.pk, b.pk)))


def test_same_call_centre_reported_by_two_stations_is_found_by_address_and_phone(cyber, sho_a, locality_a, station_b):
    a = register(sho_a, locality_a, "Apex Info Solutions", address="Plot No. 12, Sector 14, Gurgaon",
                 phones=["9810012345"])
    # Station B's survey wrote the same place differently (the cyber team records it for B).
    b = register(cyber, locality_a, "Apex Infosolutions", address="#12, sec fourteen, Gurugram",
                 phones=["+91 98100 12345"], station=station_b)
    reasons = duplicate_pairs(user=cyber)[_pair(a, b)]
    assert {DuplicateReason.ADDRESS, DuplicateReason.PHONE} <= reasons
    [candidate] = duplicate_candidates(user=cyber)
    assert candidate.stations_differ


def test_company_and_similar_names_are_reasons(cyber, sho_a, locality_a, station_a):
    a = register(sho_a, locality_a, "Shree Tech Services", company_name="Shree Tech Pvt. Ltd.", address="Plot 1, One House")
    b = register(sho_a, locality_a, "Shree Tech Services Gurgaon", company_name="SHREE TECH PRIVATE LIMITED",
                 address="Plot 99, Another House")
    far = LocalityFactory(name="Alpha Far Locality", station=station_a)
    c = register(sho_a, far, "Shree Tech Services", address="Plot 5, Far House")
    pairs = duplicate_pairs(user=cyber)
    assert pairs[_pair(a, b)] == {DuplicateReason.COMPANY, DuplicateReason.NAME_LOCALITY}
    # The same name in another locality alone is not a reason (names are compared within a locality).
    assert _pair(a, c) not in pairs


def test_similar_name_at_the_same_premises(cyber, sho_a, locality_a):
    a = register(sho_a, locality_a, "Blue Ocean BPO", address="Plot 8, Sea Tower")
    b = register(sho_a, locality_a, "Blue Ocean B.P.O. Pvt Ltd", address="Plot No. 8, Sea Tower")
    assert DuplicateReason.NAME_PREMISES in duplicate_pairs(user=cyber)[_pair(a, b)]


def test_successive_tenants_of_one_premises_are_churn_not_duplicates(cyber, sho_a, locality_a):
    old = register(sho_a, locality_a, "Old Tenant", address="Plot 4, Churn Tower", started_on=days_ago(400))
    callcentre_set_status(actor=sho_a, call_centre=old, status=CallCentreStatus.VACATED, on=days_ago(200))
    new = register(sho_a, locality_a, "New Arrival", address="Plot 4, Churn Tower", started_on=days_ago(100))
    assert duplicate_pairs(user=cyber)[_pair(old, new)] == {DuplicateReason.ADDRESS}
    assert duplicate_candidates(user=cyber) == []


def test_a_station_sees_only_pairs_within_its_jurisdiction(cyber, sho_a, sho_b, locality_a, locality_b):
    register(sho_a, locality_a, "Twin Calls", phones=["9810055555"])
    register(cyber, locality_b, "Twin Calls B", phones=["9810055555"])
    assert len(duplicate_candidates(user=cyber)) == 1
    assert duplicate_candidates(user=sho_a) == [] and duplicate_candidates(user=sho_b) == []


def test_duplicates_are_grouped_in_sql_with_constant_queries(django_assert_num_queries, cyber, sho_a, locality_a):
    for i in range(12):
        register(sho_a, locality_a, f"Group Calls {i}", phones=["9810066666"], address=f"Plot {i}, Group Tower")
    # address keys, companies, phones, localities+names: one query each; the pairs judged "not
    # duplicates"; then the brief columns of the records involved, the records shown and their phones.
    with django_assert_num_queries(8):
        candidates = duplicate_candidates(user=cyber)
    assert len(candidates) == 66  # 12 records sharing a phone: every pair once


def test_duplicates_of_one_record_on_its_page(client, cyber, sho_a, locality_a):
    a = register(sho_a, locality_a, "Page Calls", phones=["9810088888"])
    b = register(sho_a, locality_a, "Other Name Entirely", phones=["9810088888"], address="Plot 77, Far Away")
    assert [d.b.pk for d in duplicates_of(user=cyber, call_centre=a)] == [b.pk]
    client.force_login(cyber)
    page = client.get(reverse("registry:callcentre-detail", args=[a.pk]))
    assert b'data-testid="possible-duplicates"' in page.content
    assert reverse("registry:merge", args=[a.pk, b.pk]).encode() in page.content


def _records_with_history(sho_a, station_a, locality_a, association):
    survivor = register(sho_a, locality_a, "Survivor Calls", phones=["9810011111", "9810022222"],
                        address="Plot 1, Merge Tower", started_on=days_ago(200))
    merged = register(sho_a, locality_a, "Merged Calls", phones=["9810022222", "9810033333"],
                      address="Plot 2, Merge Tower", started_on=days_ago(150))
    period = days_ago(60).replace(day=1)
    both = StationReturn.objects.create(station=station_a, period_start=period, period_end=period.replace(day=28))
    ReturnEntry.objects.create(station_return=both, call_centre=survivor)
    ReturnEntry.objects.create(station_return=both, call_centre=merged)
    earlier = days_ago(120).replace(day=1)
    only = StationReturn.objects.create(station=station_a, period_start=earlier, period_end=earlier.replace(day=28))
    ReturnEntry.objects.create(station_return=only, call_centre=merged)
    AssociationNotice.objects.create(submitted_by=association, name="Merged Calls", address="Plot 2, Merge Tower",
                                     locality=locality_a, contact_phone="9810033333", call_centre=merged)
    return survivor, merged


def _snapshot(*records):
    ids = [r.pk for r in records]
    return {
        "phones": sorted(CallCentrePhone.objects.filter(call_centre_id__in=ids).values_list("pk", "call_centre_id")),
        "stays": sorted(Occupancy.objects.filter(call_centre_id__in=ids).values_list("pk", "call_centre_id")),
        "entries": sorted(ReturnEntry.objects.filter(call_centre_id__in=ids).values_list("pk", "call_centre_id")),
        "notices": sorted(AssociationNotice.objects.filter(call_centre_id__in=ids).values_list("pk", "call_centre_id")),
        "records": sorted(CallCentre.objects.filter(pk__in=ids).values_list("pk", "status", "merged_into_id")),
    }


def test_merge_keeps_both_histories_and_undo_restores_exactly(cyber, admin_user, sho_a, station_a, locality_a, association):
    survivor, merged = _records_with_history(sho_a, station_a, locality_a, association)
    callcentre_set_status(actor=sho_a, call_centre=merged, status=CallCentreStatus.UNDER_VERIFICATION)
    before = _snapshot(survivor, merged)

    merge = callcentre_merge(actor=cyber, survivor=survivor, merged=merged, reasons=[DuplicateReason.PHONE])
    merged.refresh_from_db()
    assert merged.status == CallCentreStatus.MERGED and merged.merged_into == survivor
    assert sorted(survivor.phones.values_list("number", flat=True)) == ["9810011111", "9810022222", "9810033333"]
    # The shared number stays with the merged record (the survivor has it already); so does the
    # entry of the return that listed both.
    assert list(merged.phones.values_list("number", flat=True)) == ["9810022222"]
    assert ReturnEntry.objects.filter(call_centre=merged).count() == 1
    assert survivor.occupancies.count() == 2 and survivor.notices.count() == 1
    assert merge.previous_status == CallCentreStatus.UNDER_VERIFICATION and merge.merged_by == cyber
    assert set(merge.moved) >= {"phones", "occupancies", "return_entries", "notices"}
    assert len(merge.moved["phones"]) == 1 and len(merge.moved["return_entries"]) == 1
    assert merge.history.count() == 1  # audited
    # Every moved row left its own history row.
    assert CallCentrePhone.history.filter(number="9810033333").count() == 2

    callcentre_merge_undo(actor=admin_user, merge=merge)
    assert _snapshot(survivor, merged) == before
    merge.refresh_from_db()
    assert merge.undone_by == admin_user and merge.undone_at
    steps = list(StatusChange_steps(merged))
    assert steps[-2:] == [("under_verification", "merged"), ("merged", "under_verification")]


def StatusChange_steps(cc):
    return cc.status_changes.order_by("changed_at", "pk").values_list("from_status", "to_status")


def test_only_the_cyber_team_merges_and_only_an_administrator_undoes(cyber, sho_a, dcp_a, admin_user, locality_a):
    a = register(sho_a, locality_a, "Perm Calls A")
    b = register(sho_a, locality_a, "Perm Calls B")
    for actor in (sho_a, dcp_a):
        with pytest.raises(PermissionDenied):
            callcentre_merge(actor=actor, survivor=a, merged=b, reasons=[])
    merge = callcentre_merge(actor=cyber, survivor=a, merged=b, reasons=[])
    with pytest.raises(PermissionDenied):
        callcentre_merge_undo(actor=cyber, merge=merge)
    callcentre_merge_undo(actor=admin_user, merge=merge)
    with pytest.raises(ValidationError):
        callcentre_merge_undo(actor=admin_user, merge=merge)  # already undone


def test_merging_twice_or_into_itself_is_refused(cyber, sho_a, locality_a):
    a = register(sho_a, locality_a, "Self Calls")
    b = register(sho_a, locality_a, "Other Self Calls")
    with pytest.raises(ValidationError):
        callcentre_merge(actor=cyber, survivor=a, merged=a, reasons=[])
    callcentre_merge(actor=cyber, survivor=a, merged=b, reasons=[])
    with pytest.raises(ValidationError):
        callcentre_merge(actor=cyber, survivor=a, merged=b, reasons=[])


def test_chained_merges_point_at_the_last_survivor_and_undo_in_order(cyber, admin_user, sho_a, locality_a):
    a, b, c = (register(sho_a, locality_a, f"Chain Calls {x}") for x in "ABC")
    first = callcentre_merge(actor=cyber, survivor=b, merged=c, reasons=[])
    second = callcentre_merge(actor=cyber, survivor=a, merged=b, reasons=[])
    c.refresh_from_db()
    assert c.merged_into == a
    with pytest.raises(ValidationError) as exc:
        callcentre_merge_undo(actor=admin_user, merge=first)
    assert "undo that merge first" in str(exc.value)
    callcentre_merge_undo(actor=admin_user, merge=second)
    c.refresh_from_db()
    assert c.merged_into == b
    callcentre_merge_undo(actor=admin_user, merge=first)
    assert set(CallCentre.objects.values_list("status", flat=True)) == {"reported"}


def test_merge_page_for_the_cyber_team(client, cyber, sho_a, locality_a):
    a = register(sho_a, locality_a, "Screen Calls", phones=["9810044444"])
    b = register(sho_a, locality_a, "Screen Calls Again", phones=["9810044444"])
    client.force_login(cyber)
    page = client.get(reverse("registry:duplicates"))
    assert b"Screen Calls Again" in page.content
    url = reverse("registry:merge", args=[a.pk, b.pk])
    page = client.get(url)
    assert b"Same phone number" in page.content
    response = client.post(url, {"survivor": str(b.pk)})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == "merged" and a.merged_into_id == b.pk
    merge = Merge.objects.get()
    assert merge.reasons == ["phone", "name_locality"]
    response = client.post(url, {"survivor": "12345"})
    assert response.status_code == 200 and b"Select a valid choice" in response.content


def test_sho_can_see_duplicates_but_not_merge_or_undo(client, sho_a, cyber, locality_a):
    a = register(sho_a, locality_a, "Sho Dup Calls", phones=["9810045454"])
    b = register(sho_a, locality_a, "Sho Dup Calls Two", phones=["9810045454"])
    client.force_login(sho_a)
    page = client.get(reverse("registry:duplicates"))
    assert b"Sho Dup Calls Two" in page.content and b"Compare and merge" not in page.content
    assert client.post(reverse("registry:merge", args=[a.pk, b.pk]), {"survivor": a.pk}).status_code == 403
    merge = callcentre_merge(actor=cyber, survivor=a, merged=b, reasons=[])
    assert client.post(reverse("registry:merge-undo", args=[merge.pk])).status_code == 403


def test_administrator_undoes_from_the_page(client, admin_user, cyber, sho_a, locality_a):
    a = register(sho_a, locality_a, "Undo Page Calls")
    b = register(sho_a, locality_a, "Undo Page Calls Two")
    merge = callcentre_merge(actor=cyber, survivor=a, merged=b, reasons=[])
    client.force_login(admin_user)
    assert b"Undo the merge" in client.get(reverse("registry:merge-undo", args=[merge.pk])).content
    response = client.post(reverse("registry:merge-undo", args=[merge.pk]))
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.status == "reported"
    page = client.post(reverse("registry:merge-undo", args=[merge.pk]))
    assert b"already undone" in page.content


# --------------------------------------------------------------------------- "not duplicates"


def test_a_pair_judged_different_is_never_proposed_again_until_undone(cyber, sho_a, locality_a):
    from registry.models import NotDuplicate
    from registry.services.duplicates import duplicate_dismiss, duplicate_dismiss_undo

    a = register(sho_a, locality_a, "Twin Towers Calls", phones=["9810077777"])
    b = register(sho_a, locality_a, "Twin Towers Care", phones=["9810077777"])
    c = register(sho_a, locality_a, "Third Caller", phones=["9810077777"], address="Plot 3, Elsewhere")
    decision = duplicate_dismiss(actor=cyber, call_centre=b, other=a, note="Two floors, two companies")
    assert (decision.a_id, decision.b_id) == (a.pk, b.pk)  # stored in order
    assert _pair(a, b) not in duplicate_pairs(user=cyber) and _pair(a, c) in duplicate_pairs(user=cyber)
    assert [d.b.pk for d in duplicates_of(user=cyber, call_centre=a)] == [c.pk]
    assert [d.b.pk for d in duplicates_of(user=cyber, call_centre=b)] == [c.pk]
    with pytest.raises(ValidationError):
        duplicate_dismiss(actor=cyber, call_centre=a, other=b)
    assert decision.history.get().history_user == cyber

    duplicate_dismiss_undo(actor=cyber, decision=decision)
    assert not NotDuplicate.objects.exists()
    assert _pair(a, b) in duplicate_pairs(user=cyber)
    assert NotDuplicate.history.filter(history_type="-", history_user=cyber).exists()  # the undo is audited


def test_only_the_cyber_crime_team_judges_duplicates(cyber, sho_a, locality_a):
    from registry.models import NotDuplicate
    from registry.services.duplicates import duplicate_dismiss

    a = register(sho_a, locality_a, "Twin Towers Calls", phones=["9810077777"])
    b = register(sho_a, locality_a, "Twin Towers Care", phones=["9810077777"])
    with pytest.raises(PermissionDenied):
        duplicate_dismiss(actor=sho_a, call_centre=a, other=b)
    with pytest.raises(ValidationError):
        duplicate_dismiss(actor=cyber, call_centre=a, other=a)
    assert not NotDuplicate.objects.exists()


def test_not_duplicates_from_the_duplicates_page_and_undo(client, cyber, sho_a, locality_a):
    from registry.models import NotDuplicate

    a = register(sho_a, locality_a, "Twin Towers Calls", phones=["9810077777"])
    b = register(sho_a, locality_a, "Twin Towers Care", phones=["9810077777"])
    client.force_login(cyber)
    page = client.get(reverse("registry:duplicates")).content.decode()
    assert page.count('data-testid="duplicate-row"') == 1 and 'data-testid="dismiss-form"' in page
    url = reverse("registry:duplicate-dismiss", args=[a.pk, b.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"note": "Different owners"}, follow=True)
    assert "will not be proposed as duplicates again" in response.content.decode()
    page = response.content.decode()
    assert 'data-testid="duplicate-row"' not in page and page.count('data-testid="judged-row"') == 1
    assert "Different owners" in page and NotDuplicate.objects.get().history.get().history_source == "web"
    # The merge page also offers it; a second decision on the same pair is a clear message.
    assert 'data-testid="dismiss-form"' in client.get(reverse("registry:merge", args=[a.pk, b.pk])).content.decode()
    again = client.post(url, follow=True).content.decode()
    assert "already judged to be different call centres" in again
    undo = client.post(reverse("registry:duplicate-dismiss-undo", args=[NotDuplicate.objects.get().pk]), follow=True)
    assert undo.content.decode().count('data-testid="duplicate-row"') == 1


def test_station_officer_cannot_judge_duplicates(client, sho_a, locality_a):
    from registry.models import NotDuplicate

    a = register(sho_a, locality_a, "Twin Towers Calls", phones=["9810077777"])
    b = register(sho_a, locality_a, "Twin Towers Care", phones=["9810077777"])
    client.force_login(sho_a)
    assert 'data-testid="dismiss-form"' not in client.get(reverse("registry:duplicates")).content.decode()
    assert client.post(reverse("registry:duplicate-dismiss", args=[a.pk, b.pk])).status_code == 403
    assert not NotDuplicate.objects.exists()


def test_names_differing_only_by_number_are_not_similar(cyber, sho_a, locality_a):
    """The one similar-name rule (also the import's): the same numbers, then a close name."""
    two = register(sho_a, locality_a, "Star Support 2", address="Plot 2, Star House")
    three = register(sho_a, locality_a, "Star Support 3", address="Plot 3, Moon House")
    typo = register(sho_a, locality_a, "Star Suport 2", address="Plot 4, Sun House")
    pairs = duplicate_pairs(user=cyber)
    assert _pair(two, three) not in pairs
    assert pairs[_pair(two, typo)] == {DuplicateReason.NAME_LOCALITY}
