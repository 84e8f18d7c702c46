"""/api/agencies/ and /api/letters/: scoped, filtered, in the OpenAPI schema."""
import pytest
from django.urls import reverse

from verification.models import Agency, Letter

from .letters_helpers import centres, draft, sent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_agencies_are_listed_for_police_only(client, sho_a, association):
    client.force_login(sho_a)
    codes = {a["code"] for a in client.get("/api/agencies/").json()["results"]}
    assert {"DOT", "LABOUR", "GST", "MCG", "HSIIDC", "FIRE"} <= codes
    client.force_login(association)
    assert client.get("/api/agencies/").status_code == 403


def test_letters_api_is_scoped_and_filtered(client, cyber, sho_a, sho_b, locality_a, django_assert_num_queries):
    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk],
          agencies=list(Agency.objects.filter(code__in=["FIRE", "DOT"]).values_list("pk", flat=True)))
    fire = sent(cyber, Letter.objects.get(agency__code="FIRE"), 30)
    client.force_login(cyber)
    # session, user, the user's and the group's permissions, count, the page of letters
    with django_assert_num_queries(6):
        rows = client.get("/api/letters/").json()["results"]
    assert len(rows) == 2
    overdue = client.get("/api/letters/", {"state": "overdue"}).json()["results"]
    assert [r["reference"] for r in overdue] == [fire.reference] and overdue[0]["overdue"] is True
    assert overdue[0]["enclosure_count"] == 1 and overdue[0]["sent_by"] == cyber.username
    client.force_login(sho_b)
    assert client.get("/api/letters/").json()["results"] == []
    assert client.get(f"/api/letters/{fire.pk}/").status_code == 404
    assert client.post("/api/letters/", {}).status_code in (403, 405)


def test_letters_are_in_the_openapi_schema(client, cyber):
    client.force_login(cyber)
    schema = client.get(reverse("api-schema")).content.decode()
    assert "/api/letters/" in schema and "/api/agencies/" in schema
