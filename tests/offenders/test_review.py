"""The cyber crime team's review queue of uncertain matches, and undoing decisions."""
import datetime

import pytest
from django.urls import reverse

from offenders import services
from offenders.models import MatchDecision, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2020, 9, 1)


@pytest.fixture
def pending(sho_a, sho_b):
    """Two records of a common name with the same father's name and birth year: uncertain, queued."""
    services.person_create(actor=sho_b, name="Rahul Sharma", father_name="Suresh Sharma", age=30, age_on=ON)
    later = services.person_create(actor=sho_a, name="Rahul Sharma", father_name="Suresh Sharma", age=31, age_on=ON)
    services.match_check(actor=sho_a, person=later)
    return MatchDecision.objects.get()


@pytest.mark.parametrize("n", [5, 50])
def test_review_queue_costs_the_same_queries(client, cyber, station_a, django_assert_num_queries, n):
    for _ in range(n):
        a, b = sorted(PersonFactory.create_batch(2, station=station_a), key=lambda p: p.pk)
        MatchDecision.objects.create(person_a=a, person_b=b, verdict="pending", score=0.7, reasons=["x"])
    client.force_login(cyber)
    # session, user, 2 x permissions (review_match), count, pending decisions with both persons and stations
    with django_assert_num_queries(6):
        response = client.get(reverse("offenders:review-queue"))
    assert response.content.count(b'btn btn-sm btn-primary" href="/offenders/review/') == min(n, 25)


def test_station_officers_do_not_see_the_review_queue(client, sho_a, pending):
    client.force_login(sho_a)
    # Missing permission is 403, as everywhere (out of scope would be 404).
    assert client.get(reverse("offenders:review-queue")).status_code == 403
    assert client.get(reverse("offenders:review-detail", args=[pending.pk])).status_code == 403


def test_cyber_team_confirms_a_pending_pair_from_the_queue(client, cyber, pending):
    client.force_login(cyber)
    page = client.get(reverse("offenders:review-queue")).content.decode()
    assert "Rahul Sharma" in page and "same father" in page
    page = client.get(reverse("offenders:review-detail", args=[pending.pk])).content.decode()
    assert page.count("Suresh Sharma") >= 2
    response = client.post(reverse("offenders:review-detail", args=[pending.pk]),
                           {"other": pending.person_b_id, "verdict": "same", "note": "same photo"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.verdict == "same" and pending.decided_by == cyber and pending.note == "same photo"
    a, b = Person.objects.filter(pk__in=[pending.person_a_id, pending.person_b_id])
    assert a.identity_id == b.identity_id
    assert "Nothing to review" in client.get(reverse("offenders:review-queue")).content.decode()


def test_cyber_team_rejects_a_pair_and_it_is_not_queued_again(client, cyber, sho_a, pending):
    client.force_login(cyber)
    client.post(reverse("offenders:review-detail", args=[pending.pk]), {"other": pending.person_b_id, "verdict": "different"})
    services.match_check(actor=sho_a, person=Person.objects.get(pk=pending.person_b_id))
    assert MatchDecision.objects.get().verdict == "different"


def test_a_link_is_undone_and_the_pair_goes_back_to_the_queue(client, cyber, sho_a, pending):
    services.match_confirm(actor=cyber, person=pending.person_a, other=pending.person_b)
    client.force_login(sho_a)  # one of the two records is station A's
    url = reverse("offenders:decision-undo", args=[pending.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"note": "different photographs"}).status_code == 302
    pending.refresh_from_db()
    assert pending.verdict == "pending"
    a, b = Person.objects.filter(pk__in=[pending.person_a_id, pending.person_b_id])
    assert a.identity_id != b.identity_id
    assert [h.verdict for h in pending.history.order_by("history_date")] == ["pending", "same", "pending"]


def test_officer_of_a_third_station_cannot_undo(client, pending, station_a2):
    from core.roles import Role
    from tests.factories import UserFactory

    services.match_confirm(actor=UserFactory(username="cyber-2", role=Role.CYBER, station=None),
                           person=pending.person_a, other=pending.person_b)
    client.force_login(UserFactory(username="sho-a2", role=Role.STATION, station=station_a2))
    # Decisions are police-wide reading, like persons: refused (403), not hidden.
    assert client.post(reverse("offenders:decision-undo", args=[pending.pk])).status_code == 403
    pending.refresh_from_db()
    assert pending.verdict == "same"
