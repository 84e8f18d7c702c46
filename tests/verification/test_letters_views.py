"""The letter pages: dispatch register, batch request, a letter's steps, PDF and replies, letters to other bodies."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Job
from verification.models import Agency, Letter, LetterEnclosure, LetterReply

from .letters_helpers import centres, draft, sent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
REGISTER = reverse("verification:letter-list")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _fire():
    return [Agency.objects.get(code="FIRE").pk]


@pytest.fixture
def letter_a(cyber, sho_a, locality_a):
    """A fire-service letter naming two call centres of station A, drafted with its PDF."""
    draft(cyber, [cc.pk for cc in centres(sho_a, locality_a)], agencies=_fire())
    return Letter.objects.get()


def test_register_shows_state_due_date_and_who_sent(client, cyber, letter_a):
    letter_a = sent(cyber, letter_a, 20)  # due after 15 days: overdue
    client.force_login(cyber)
    page = client.get(REGISTER).content.decode()
    assert letter_a.reference in page and 'data-state="overdue"' in page
    assert (letter_a.sent_on + datetime.timedelta(days=15)).strftime("%d/%m/%Y") in page
    assert cyber.get_username() in page or cyber.get_full_name() in page


def test_register_filters_by_state(client, cyber, sho_a, locality_a):
    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk], agencies=list(Agency.objects.filter(
        code__in=["FIRE", "DOT"]).values_list("pk", flat=True)))
    fire = Letter.objects.get(agency__code="FIRE")
    dot = Letter.objects.get(agency__code="DOT")
    sent(cyber, fire, 30)
    client.force_login(cyber)
    overdue = client.get(REGISTER, {"state": "overdue"}).content.decode()
    assert fire.reference in overdue and dot.reference not in overdue
    drafted = client.get(REGISTER, {"state": "drafted"}).content.decode()
    assert dot.reference in drafted and fire.reference not in drafted


def _letters(cyber, n: int):
    """n letters naming a call centre each (built directly: the register's cost is what is measured)."""
    from tests.factories import CallCentreFactory

    agency = Agency.objects.get(code="GST")
    for i in range(n):
        letter = Letter.objects.create(
            kind="single", agency=agency, addressee_kind="licensing", addressee=f"GST office {i}",
            reference=f"CC/GST/2026/{i + 1:04d}", subject=f"Letter {i}", state="sent", sent_on=TODAY,
            due_on=TODAY, sent_by=cyber, dispatch_number=f"D{i}",
        )
        cc = CallCentreFactory()
        LetterEnclosure.objects.create(letter=letter, call_centre=cc, name=cc.name)


@pytest.mark.parametrize("n", [3, 30])
def test_register_costs_the_same_queries_for_3_or_30_letters(client, cyber, django_assert_num_queries, n):
    _letters(cyber, n)
    client.force_login(cyber)
    # session, user, the user's and the group's permissions (permission_required), agencies of the filter
    # menu, count for the paginator, the page of letters (agency, sender and enclosure count in one query)
    with django_assert_num_queries(7):
        response = client.get(REGISTER)
    assert response.status_code == 200


def test_an_sho_sees_only_the_letters_naming_their_call_centres(client, cyber, sho_a, sho_b, letter_a):
    client.force_login(sho_b)
    assert letter_a.reference not in client.get(REGISTER).content.decode()
    assert client.get(reverse("verification:letter-detail", args=[letter_a.pk])).status_code == 404
    client.force_login(sho_a)
    assert letter_a.reference in client.get(REGISTER).content.decode()
    assert client.get(reverse("verification:letter-detail", args=[letter_a.pk])).status_code == 200


def test_the_pdf_is_downloaded_only_by_who_may_see_every_call_centre_in_it(
    client, cyber, sho_a, sho_b, locality_b, letter_a
):
    url = reverse("verification:letter-pdf", args=[letter_a.pk])
    client.force_login(cyber)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(sho_a)
    assert client.get(url).status_code == 200  # both call centres are station A's
    # A letter naming station B's call centre too: station A's officer may not download it.
    other = centres(sho_b, locality_b, 1, prefix="Delta")[0]
    draft(cyber, [letter_a.enclosures.first().call_centre_id, other.pk], agencies=_fire(), cycle="2026-12")
    mixed = Letter.objects.get(cycle="2026-12")
    assert client.get(reverse("verification:letter-pdf", args=[mixed.pk])).status_code == 403


def test_request_page_counts_the_picked_call_centres_and_starts_a_job(client, cyber, sho_a, locality_a):
    ids = [cc.pk for cc in centres(sho_a, locality_a, 3)]
    url = reverse("verification:letter-request")
    client.force_login(cyber)
    page = client.get(url, {"station": "alpha-station"})
    assert page.status_code == 200 and 'data-testid="letter-count"' in page.content.decode()
    assert "3 call centres picked" in page.content.decode()
    response = client.post(url, {"selection": f"id={ids[0]}&id={ids[1]}", "cycle": "2026-09", "language": "en",
                                 "agencies": _fire()})
    job = Job.objects.get(kind="letters")
    assert response.status_code == 302 and response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert sorted(job.params["call_centre_ids"]) == sorted(ids[:2]) and job.params["agency_ids"] == _fire()


@pytest.mark.parametrize("who", ["sho_a", "commissioner", "dcp_a"])
def test_only_the_cyber_team_may_open_the_request_forms(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("verification:letter-request")).status_code == 403
    assert client.get(reverse("verification:letter-other-create")).status_code == 403


def test_mark_sent_from_the_letters_page(client, cyber, letter_a):
    client.force_login(cyber)
    url = reverse("verification:letter-step", args=[letter_a.pk, "sent"])
    response = client.post(url, {"sent-dispatch_number": "CCT/123", "sent-sent_on": TODAY.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    letter_a.refresh_from_db()
    assert (letter_a.state, letter_a.dispatch_number, letter_a.sent_by) == ("sent", "CCT/123", cyber)
    assert letter_a.due_on == TODAY + datetime.timedelta(days=15)
    again = client.post(url, {"sent-dispatch_number": "CCT/124", "sent-sent_on": TODAY.isoformat()})
    assert again.status_code == 400 and "already sent" in again.content.decode()


def test_the_commissioner_reads_a_letter_but_cannot_mark_it(client, commissioner, letter_a):
    client.force_login(commissioner)
    page = client.get(reverse("verification:letter-detail", args=[letter_a.pk])).content.decode()
    assert letter_a.reference in page and 'data-testid="letter-step-sent"' not in page
    response = client.post(reverse("verification:letter-step", args=[letter_a.pk, "sent"]),
                           {"sent-dispatch_number": "X", "sent-sent_on": TODAY.isoformat()})
    assert response.status_code == 403
    letter_a.refresh_from_db()
    assert letter_a.state == "drafted"


def test_a_reply_upload_refuses_a_non_pdf_and_keeps_a_pdf_private(client, cyber, sho_b, letter_a):
    sent(cyber, letter_a, 2)
    client.force_login(cyber)
    url = reverse("verification:letter-reply-add", args=[letter_a.pk])
    refused = client.post(url, {"file": SimpleUploadedFile("reply.pdf", b"MZ\x90\x00 an executable")})
    assert refused.status_code == 400 and "not a PDF" in refused.content.decode()
    assert not LetterReply.objects.exists()
    assert client.post(url, {"file": SimpleUploadedFile("reply.pdf", b"%PDF-1.4 reply")}).status_code == 302
    reply = LetterReply.objects.get()
    download = client.get(reverse("verification:letter-reply", args=[reply.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 reply"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    client.force_login(sho_b)
    assert client.get(reverse("verification:letter-reply", args=[reply.pk])).status_code == 404


def test_answered_after_acknowledged_from_the_page(client, cyber, letter_a):
    sent(cyber, letter_a, 2)
    client.force_login(cyber)
    client.post(reverse("verification:letter-step", args=[letter_a.pk, "acknowledged"]),
                {"acknowledged-acknowledged_on": TODAY.isoformat()})
    client.post(reverse("verification:letter-step", args=[letter_a.pk, "answered"]),
                {"answered-answered_on": TODAY.isoformat()})
    letter_a.refresh_from_db()
    assert (letter_a.state, letter_a.acknowledged_on, letter_a.answered_on) == ("answered", TODAY, TODAY)


def test_an_unknown_step_is_404(client, cyber, letter_a):
    client.force_login(cyber)
    assert client.post(reverse("verification:letter-step", args=[letter_a.pk, "burnt"])).status_code == 404


def test_a_letter_to_a_bank_from_the_form(client, cyber, sho_a, locality_a):
    cc = centres(sho_a, locality_a, 1)[0]
    client.force_login(cyber)
    response = client.post(reverse("verification:letter-other-create"), {
        "addressee_kind": "bank", "addressee": "Branch Manager, Alpha Bank", "addressee_address": "MG Road",
        "subject": "Statement of account", "body": "Kindly provide the statement.", "call_centres": str(cc.pk),
        "language": "en",
    })
    letter = Letter.objects.get(kind="single")
    assert response.status_code == 302 and response["Location"] == reverse("verification:letter-detail", args=[letter.pk])
    assert letter.pdf and letter.enclosures.get().call_centre == cc
    assert letter.reference in client.get(REGISTER).content.decode()
