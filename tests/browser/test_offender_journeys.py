"""Enforcement journey in Chromium, with a real Celery worker building the bulletin.

An SHO records a bust with two arrests; one of the arrested matches a person with an
earlier prior record (Delhi); the SHO confirms the match and sees the person flagged as
a repeat offender, and adds their photograph. The other arrested person resembles an
earlier Noida record only vaguely: that pair waits in the cyber crime team's review
queue, where the team decides it. The team then makes a bulletin, and the PDF lists
the repeat offender with their photograph.
"""
import datetime
import io

import pytest
from PIL import Image

from core.models import Job, JobStatus
from offenders import services
from offenders.choices import Force, MatchVerdict
from offenders.models import Arrest, Bulletin, LawSection, MatchDecision, Person
from tests.conftest import wait_for
from tests.factories import PASSWORD
from tests.offenders.pdf_text import pdf_image_count, pdf_text

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _logout(page):
    logout(page)


def _earlier_records(sho_b):
    """Two persons recorded earlier by another station, each with a prior record elsewhere."""
    rakesh = services.person_create(
        actor=sho_b, name="Rakesh Kumar Sharma", father_name="Mahesh Chand Sharma", gender="M",
        dob=datetime.date(1990, 5, 4), phones=["9812345678"], address="H. No. 12, Laxmi Nagar", city="Delhi",
    )
    services.prior_record_create(
        actor=sho_b, person=rakesh, force=Force.DELHI, city="Delhi", police_station="Laxmi Nagar",
        fir_number="45/2019", sections="IPC 420", arrested_on=datetime.date(2019, 3, 2),
    )
    sunil = services.person_create(
        actor=sho_b, name="Sunil Yadav", father_name="Ramesh Yadav", gender="M", birth_year=1994,
        address="Sector 62", city="Noida",
    )
    services.prior_record_create(
        actor=sho_b, person=sunil, force=Force.NOIDA, city="Noida", police_station="Sector 63",
        fir_number="311/2021", arrested_on=datetime.date(2021, 8, 9),
    )
    return rakesh, sunil


def _photo(tmp_path):
    path = tmp_path / "rakesh.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (240, 320), (120, 90, 60)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _add_arrest(page, bust_pk, *, name, father, age, phones, role):
    page.goto(f"/offenders/busts/{bust_pk}/")
    page.get_by_role("link", name="Add an arrest").click()
    page.fill("#id_person-name", name)
    page.fill("#id_person-father_name", father)
    page.select_option("#id_person-gender", "M")
    page.fill("#id_person-age", str(age))
    page.fill("#id_person-phones", phones)
    page.select_option("#id_arrest-role", role)
    page.get_by_role("button", name="Save the arrest").click()
    page.wait_for_selector("[data-testid=match-candidates]")


def test_sho_records_a_bust_confirms_a_repeat_offender_team_reviews_and_bulletin_lists_him(
    page, live_server, celery_worker_process, sho_a, sho_b, cyber, tmp_path
):
    rakesh_before, sunil_before = _earlier_records(sho_b)
    section, _ = LawSection.objects.get_or_create(code="IT", section="66D", defaults={"title": "Cheating by personation"})

    # 1. The SHO records the bust.
    login(page, sho_a.username, PASSWORD)
    page.goto("/offenders/busts/new/")
    page.fill("#id_fir_number", "0417/2026")
    page.fill("#id_raid_date", "2026-11-20")
    page.fill("#id_place", "Plot 88, Udyog Vihar Phase 2")
    page.check(f"input[name=sections][value='{section.pk}']")
    page.check("input[name=modus_operandi][value=fake_popup]")
    page.fill("#id_victim_count", "35")
    page.fill("#id_victim_countries", "US, Canada")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("[data-testid=bust-arrests]")
    bust_pk = int(page.url.rstrip("/").rsplit("/", 1)[1])

    # 2. First arrest: a spelling variant of the Delhi record, with the same phone. He is
    #    proposed as likely, with the reasons, and the SHO confirms the match.
    _add_arrest(page, bust_pk, name="Rakesh Sarma", father="Mahesh Sharma", age=36, phones="98123 45678",
                role="mastermind")
    rakesh_now = Person.objects.get(name="Rakesh Sarma")
    assert rakesh_now.identity_id != rakesh_before.identity_id  # nothing is linked without the officer
    row = page.locator("[data-testid=match-candidates] tbody tr", has_text="Rakesh Kumar Sharma")
    assert "likely" in row.inner_text()
    reasons = row.locator("[data-testid=match-reasons]").inner_text()
    assert "same phone" in reasons and "father" in reasons
    row.get_by_role("button", name="Same person").click()
    page.wait_for_selector("[data-testid=person-name]")
    assert page.locator("[data-testid=repeat-offender]").is_visible()
    assert "Repeat offender: 2 arrests and prior records" in page.locator("[data-testid=repeat-alert]").inner_text()
    assert "45/2019" in page.locator("[data-testid=prior-history]").inner_text()
    rakesh_now.refresh_from_db()
    rakesh_before.refresh_from_db()
    assert rakesh_now.identity_id == rakesh_before.identity_id

    # ... and adds his photograph from his page.
    page.get_by_role("link", name="Add a photograph").click()
    page.set_input_files("input[type=file]", str(_photo(tmp_path)))
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("[data-testid=person-name]")
    assert page.locator("img.img-thumbnail").count() == 1

    # 3. Second arrest: the same name as the Noida record, but no phone or father in common.
    #    Uncertain: the SHO leaves it to the cyber crime team.
    _add_arrest(page, bust_pk, name="Sunil Yadav", father="Ram Kishan", age=32, phones="97000 11122", role="caller")
    row = page.locator("[data-testid=match-candidates] tbody tr", has_text="Sunil Yadav")
    assert "uncertain" in row.inner_text() and "in the review queue" in row.inner_text()
    assert Arrest.objects.filter(bust_id=bust_pk).count() == 2
    _logout(page)

    # 4. The cyber crime team works the review queue: not the same person.
    login(page, cyber.username, PASSWORD)
    page.goto("/offenders/review/")
    queue = page.locator("[data-testid=review-queue]")
    assert "Sunil Yadav" in queue.inner_text() and "Rakesh" not in queue.inner_text()
    queue.get_by_role("link", name="Review").first.click()
    page.fill("textarea[name=note], input[name=note]", "Different father; the Noida man was in custody in 2026")
    page.get_by_role("button", name="Not the same person").click()
    page.wait_for_selector("[data-testid=review-queue]")
    assert "Nothing to review." in page.locator("[data-testid=review-queue]").inner_text()
    decision = MatchDecision.objects.get(person_a__name="Sunil Yadav", person_b__name="Sunil Yadav")
    assert decision.verdict == MatchVerdict.DIFFERENT and decision.decided_by == cyber
    page.goto(f"/offenders/persons/{sunil_before.pk}/")
    assert page.locator("[data-testid=repeat-alert]").count() == 0  # still one prior record only

    # 5. The team makes a city bulletin; a real worker builds it; the PDF lists Rakesh with his photo.
    page.goto("/offenders/bulletins/")
    page.select_option("[data-testid=bulletin-generate] select", "city")
    page.get_by_role("button", name="Make a new version now").click()
    page.wait_for_selector("[data-testid=job-progress]")
    job = Job.objects.latest("pk")
    done = wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).first(),
                    timeout=120)
    assert done.status == JobStatus.SUCCEEDED, done.error
    bulletin = Bulletin.objects.get(pk=done.result["bulletin"])
    assert bulletin.offender_count == 1
    page.goto("/offenders/bulletins/")
    link = page.locator("[data-testid=bulletin-latest]").get_by_role("link", name="Open PDF").first
    response = page.request.get(link.get_attribute("href"))  # the officer's session: the link a station opens
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = pdf_text(pdf)
    for expected in ("Rakesh Kumar Sharma", "Rakesh Sarma", "Mahesh", "0417/2026", "45/2019"):
        assert expected in text, expected
    assert "Sunil Yadav" not in text
    assert pdf_image_count(pdf) == 1  # his photograph
