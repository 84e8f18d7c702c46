"""The bulletin of repeat offenders: its content, the PDF (Hindi too), versions, inbox, receipts, schedule, worker."""
import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image

from core.models import Job, JobStatus, Notification
from core.pdf import pdf_render
from offenders import services
from offenders.choices import BulletinScope, BulletinTrigger
from offenders.models import Bulletin, BulletinReceipt
from offenders.rendering import bulletin_pdf as bulletin_rendering
from offenders.selectors.bulletins import bulletin_offenders
from offenders.services.bulletins import BULLETIN_JOB_KIND
from offenders.tasks import bulletins_weekly_task
from tests.conftest import wait_for
from tests.factories import PoliceStationFactory, UserFactory

from .pdf_text import pdf_fonts, pdf_image_count, pdf_text

RAID = datetime.date(2020, 3, 2)
MONDAY = datetime.date(2020, 9, 7)


def _png(colour=(30, 120, 200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), colour).save(buffer, format="PNG")
    return SimpleUploadedFile("face.png", buffer.getvalue(), content_type="image/png")


def _repeat_offender(sho, *, name="Rakesh Kumar", fir="0123/2020", **person):
    """A person arrested here (with bail) who was arrested before by Delhi Police, with a photograph."""
    person = services.person_create(
        actor=sho, name=name, father_name=person.pop("father_name", "Ram Kishan"), relation="s/o", age=31,
        age_on=datetime.date(2020, 3, 2), address=person.pop("address", "H.No. 12, Gali 3, Uttam Nagar"),
        city="Delhi", aliases=person.pop("aliases", ["Rinku"]), phones=["9810012345"], **person,
    )
    bust = services.bust_create(actor=sho, fir_number=fir, raid_date=RAID)
    services.arrest_create(
        actor=sho, bust=bust, person=person, role="manager", bail_date=datetime.date(2020, 4, 15),
        bail_court="CJM Gurugram",
    )
    services.prior_record_create(
        actor=sho, person=person, force="delhi", police_station="Saket", fir_number="45/2019",
        arrested_on=datetime.date(2019, 1, 10), bail_date=datetime.date(2019, 2, 1),
    )
    services.person_photo_add(actor=sho, person=person, upload=_png())
    return person


def _one_time_offender(sho, name="Suresh Once", fir="0200/2020"):
    person = services.person_create(actor=sho, name=name, father_name="Someone Else")
    bust = services.bust_create(actor=sho, fir_number=fir, raid_date=RAID)
    services.arrest_create(actor=sho, bust=bust, person=person)
    return person


# --------------------------------------------------------------------------- content and PDF


@pytest.mark.django_db
def test_bulletin_pdf_lists_the_repeat_offender_with_photo_names_father_age_addresses_cases_and_bail(sho_a, station_b):
    person = _repeat_offender(sho_a)
    _one_time_offender(sho_a)

    bulletin = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND, today=MONDAY)

    assert bulletin.version == 1 and bulletin.offender_count == 1
    pdf = bulletin.pdf.open("rb").read()
    assert pdf.startswith(b"%PDF-") and bulletin.size == len(pdf)
    text = pdf_text(pdf)
    for expected in ("Rakesh Kumar", "Rinku", "Ram Kishan", "Uttam Nagar", "0123/2020", "Alpha Station",
                     "Delhi Police, Saket", "45/2019", "On bail since 15-04-2020, CJM Gurugram", "Gurugram city"):
        assert expected in text, expected
    assert str(person.age) in text
    assert "Suresh Once" not in text  # arrested once: not a repeat offender
    assert pdf_image_count(pdf) == 1  # the photograph, embedded


@pytest.mark.django_db
def test_hindi_text_renders_in_the_bulletin_pdf(sho_a):
    _repeat_offender(sho_a, aliases=["राकेश कुमार"], address="मकान 12, उत्तम नगर")

    bulletin = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND, today=MONDAY)

    pdf = bulletin.pdf.open("rb").read()
    assert any("\u0900" <= ch <= "\u097f" for ch in pdf_text(pdf)), "no Devanagari in the PDF's text"
    assert any(font.startswith("Noto-Sans-Devanagari") for font in pdf_fonts(pdf))  # the glyphs come from an embedded Devanagari font


@pytest.mark.django_db
def test_pdf_labels_appear_in_hindi_beside_english_once_the_catalogue_has_them(monkeypatch, sho_a):
    from django.utils import translation

    class HindiCatalogued:
        """Stands in for a label of the compiled Hindi catalogue (the lead fills it)."""

        def __str__(self):
            return "आदतन अपराधियों का बुलेटिन" if translation.get_language() == "hi" else "Bulletin of repeat offenders"

    monkeypatch.setitem(bulletin_rendering.LABELS, "title", HindiCatalogued())
    labels = bulletin_rendering._bilingual_labels()
    assert labels["title"] == {"en": "Bulletin of repeat offenders", "hi": "आदतन अपराधियों का बुलेटिन"}
    assert labels["version"]["hi"] in ("", labels["version"]["hi"])  # untranslated labels print once, in English

    bulletin = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)

    pdf = bulletin.pdf.open("rb").read()
    text = pdf_text(pdf)
    assert "Bulletin of repeat offenders" in text
    assert any("\u0900" <= ch <= "\u097f" for ch in text)
    assert any(font.startswith("Noto-Sans-Devanagari") for font in pdf_fonts(pdf))


@pytest.mark.django_db
def test_the_pdf_fetches_nothing_over_http_or_from_server_files():
    html = ('<html><body><p>x</p><img src="http://127.0.0.1:1/photo.jpg"><img src="file:///etc/hostname">'
            '<img src="https://example.invalid/p.png"></body></html>')
    pdf = pdf_render(html)
    assert pdf_image_count(pdf) == 0


@pytest.mark.django_db
def test_zone_bulletin_lists_only_offenders_arrested_or_recorded_in_the_zone(sho_a, sho_b, zone_a, zone_b):
    _repeat_offender(sho_a, name="Alpha Repeat")
    _repeat_offender(sho_b, name="Bravo Repeat", fir="0300/2020")

    alpha = services.bulletin_publish(scope=BulletinScope.ZONE, zone=zone_a, trigger=BulletinTrigger.ON_DEMAND)
    city = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)

    alpha_text = pdf_text(alpha.pdf.open("rb").read())
    assert "Alpha Repeat" in alpha_text and "Bravo Repeat" not in alpha_text
    assert "Alpha Zone" in alpha_text
    assert city.offender_count == 2
    assert (alpha.audience_key, alpha.version, city.version) == (f"zone-{zone_a.pk}", 1, 1)


@pytest.mark.django_db
def test_linked_records_of_one_individual_appear_once_with_every_name(sho_a, sho_b, cyber):
    first = services.person_create(actor=sho_a, name="Mohd Salman", father_name="Abdul Rashid")
    services.prior_record_create(actor=sho_a, person=first, force="noida", arrested_on=datetime.date(2019, 5, 1))
    second = services.person_create(actor=sho_b, name="Mohammad Salman Khan", father_name="Abdul Rashid")
    bust = services.bust_create(actor=sho_b, fir_number="0301/2020", raid_date=RAID)
    services.arrest_create(actor=sho_b, bust=bust, person=second)
    services.match_confirm(actor=cyber, person=first, other=second)

    entries = bulletin_offenders(photos=False)

    assert len(entries) == 1
    assert entries[0].person.pk == first.pk and entries[0].names == ["Mohammad Salman Khan"]
    assert {c.fir for c in entries[0].cases} == {"0301/2020", ""}


@pytest.mark.django_db
def test_bulletin_offenders_cost_the_same_queries_for_2_or_12_offenders(sho_a, django_assert_num_queries):
    for n in range(2):
        _repeat_offender(sho_a, name=f"Repeat {n}", fir=f"{100 + n:04d}/2020")
    with django_assert_num_queries(8):
        # 2 offences per identity (arrests, prior records); persons; aliases, addresses, photos;
        # arrests with bust and station; prior records.
        bulletin_offenders(photos=False)
    for n in range(2, 12):
        _repeat_offender(sho_a, name=f"Repeat {n}", fir=f"{100 + n:04d}/2020")
    with django_assert_num_queries(8):
        assert len(bulletin_offenders(photos=False)) == 12


# --------------------------------------------------------------------------- versions, inbox, schedule


@pytest.mark.django_db
def test_publishing_puts_the_bulletin_in_the_inbox_of_every_station_of_its_audience(station_a, station_a2, station_b, zone_a):
    zone_bulletin = services.bulletin_publish(scope=BulletinScope.ZONE, zone=zone_a, trigger=BulletinTrigger.ON_DEMAND)
    city_bulletin = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)

    zone_notes = Notification.objects.filter(kind=f"bulletin:{zone_bulletin.pk}")
    assert set(zone_notes.values_list("station", flat=True)) == {station_a.pk, station_a2.pk}
    city_notes = Notification.objects.filter(kind=f"bulletin:{city_bulletin.pk}")
    assert set(city_notes.values_list("station", flat=True)) == {station_a.pk, station_a2.pk, station_b.pk}
    note = city_notes.get(station=station_b)
    assert note.url == reverse("offenders:bulletin-download", args=[city_bulletin.pk])
    assert "version 1" in note.message
    assert note.history.count() == 1  # audited like every write


@pytest.mark.django_db
def test_weekly_task_publishes_once_per_week_for_the_city_and_each_zone(station_a, station_b, zone_a, zone_b):
    first = bulletins_weekly_task(MONDAY.isoformat())
    again = bulletins_weekly_task((MONDAY + datetime.timedelta(days=3)).isoformat())
    next_week = bulletins_weekly_task((MONDAY + datetime.timedelta(days=7)).isoformat())

    assert first == {"published": 3, "skipped": 0}  # the city and two zones
    assert again == {"published": 0, "skipped": 3}
    assert next_week == {"published": 3, "skipped": 0}
    city = Bulletin.objects.filter(audience_key="city").order_by("version")
    assert [(b.version, b.week, b.trigger) for b in city] == [
        (1, MONDAY, BulletinTrigger.SCHEDULED), (2, MONDAY + datetime.timedelta(days=7), BulletinTrigger.SCHEDULED)
    ]
    assert city.first().history.filter(history_source="task").exists()


@pytest.mark.django_db
def test_on_demand_versions_do_not_stop_the_weekly_one(station_a):
    services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND, today=MONDAY)
    result = services.bulletins_weekly(today=MONDAY)
    assert result["published"] >= 1
    assert list(Bulletin.objects.filter(audience_key="city").order_by("version").values_list("version", "trigger")) == [
        (1, BulletinTrigger.ON_DEMAND), (2, BulletinTrigger.SCHEDULED),
    ]


def test_the_weekly_schedule_is_declared_in_settings():
    entry = settings.CELERY_BEAT_SCHEDULE["bulletins-weekly"]
    assert entry["task"] == bulletins_weekly_task.name
    assert entry["schedule"].day_of_week == {1}  # Monday


# --------------------------------------------------------------------------- receipts and pages


@pytest.mark.django_db
def test_station_officer_opening_a_version_records_one_receipt_for_the_station(client, sho_a, station_a, cyber):
    bulletin = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)
    colleague = UserFactory(username="asi-alpha", role="station", station=station_a)

    client.force_login(sho_a)
    response = client.get(reverse("offenders:bulletin-download", args=[bulletin.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(colleague)
    client.get(reverse("offenders:bulletin-download", args=[bulletin.pk]))
    client.force_login(cyber)
    client.get(reverse("offenders:bulletin-download", args=[bulletin.pk]))

    receipt = BulletinReceipt.objects.get(bulletin=bulletin)
    assert (receipt.station, receipt.first_opened_by, receipt.open_count) == (station_a, sho_a, 2)
    assert receipt.history.count() == 2  # the first opening and the second, both audited
    assert not Notification.objects.filter(kind=f"bulletin:{bulletin.pk}", station=station_a, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_cyber_team_sees_which_station_opened_which_version(client, sho_a, station_a, station_b, cyber):
    old = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)
    new = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)
    services.bulletin_receipt_record(actor=sho_a, bulletin=old)

    client.force_login(cyber)
    old_page = client.get(reverse("offenders:bulletin-receipts", args=[old.pk])).content.decode()
    new_page = client.get(reverse("offenders:bulletin-receipts", args=[new.pk])).content.decode()

    assert "Opened by 1 of 2 stations" in old_page and "sho-alpha" in old_page
    assert "Opened by 0 of 2 stations" in new_page and "sho-alpha" not in new_page


@pytest.mark.django_db
def test_zone_officer_sees_receipts_of_their_zone_only(client, dcp_a, sho_b, station_a, station_b):
    bulletin = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)
    services.bulletin_receipt_record(actor=sho_b, bulletin=bulletin)
    client.force_login(dcp_a)
    page = client.get(reverse("offenders:bulletin-receipts", args=[bulletin.pk])).content.decode()
    assert "Alpha Station" in page and "Bravo Station" not in page and "sho-bravo" not in page


@pytest.mark.django_db
def test_station_officer_sees_bulletins_in_inbox_but_not_receipts_nor_generate(client, sho_a, station_a):
    bulletin = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)
    client.force_login(sho_a)
    home = client.get(reverse("home")).content.decode()
    assert "New bulletin of repeat offenders: Gurugram city, version 1" in home
    listing = client.get(reverse("offenders:bulletin-list")).content.decode()
    assert "Not yet opened" in listing and "Make a new version now" not in listing
    assert client.get(reverse("offenders:bulletin-receipts", args=[bulletin.pk])).status_code == 403
    assert client.post(reverse("offenders:bulletin-generate"), {"audience": "city"}).status_code == 403
    client.get(reverse("offenders:bulletin-download", args=[bulletin.pk]))
    listing = client.get(reverse("offenders:bulletin-list")).content.decode()
    assert "Not yet opened" not in listing and "text-bg-success" in listing


@pytest.mark.django_db
def test_commissioner_reads_bulletins_but_cannot_generate(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("offenders:bulletin-list")).status_code == 200
    assert client.get(reverse("offenders:bulletin-generate")).status_code == 403
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_generate_form_refuses_an_unknown_zone_with_a_message(client, cyber, station_a):
    client.force_login(cyber)
    response = client.post(reverse("offenders:bulletin-generate"), {"audience": "zone-999999"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 50])
def test_bulletin_list_costs_the_same_queries_for_5_or_50_versions(client, sho_a, django_assert_num_queries, n):
    for _ in range(n):
        services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)
    client.force_login(sho_a)
    # session, user; page count; the user's permissions and their groups' (may they generate or see receipts);
    # the page of bulletins (zone, requester, receipts of the user's scope as a subquery); the officer's station
    # (page header); the latest version of each audience.
    with django_assert_num_queries(8):
        response = client.get(reverse("offenders:bulletin-list"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 20])
def test_receipts_page_costs_the_same_queries_for_2_or_20_stations(client, cyber, zone_a, django_assert_num_queries, n):
    stations = [PoliceStationFactory(zone=zone_a) for _ in range(n)]
    bulletin = services.bulletin_publish(scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND)
    for station in stations[: n // 2]:
        officer = UserFactory(role="station", station=station)
        services.bulletin_receipt_record(actor=officer, bulletin=bulletin)
    client.force_login(cyber)
    # session, user; the user's permissions and their groups'; the bulletin (get_scoped_or_404); receipts with
    # the officers who opened them; stations of the audience with their zones.
    with django_assert_num_queries(7):
        response = client.get(reverse("offenders:bulletin-receipts", args=[bulletin.pk]))
    assert response.status_code == 200


# --------------------------------------------------------------------------- on demand, on a real worker


@pytest.mark.worker
def test_cyber_team_makes_a_bulletin_on_demand_and_a_real_worker_builds_it_with_progress(
    celery_worker_process, client, sho_a, cyber
):
    _repeat_offender(sho_a)
    client.force_login(cyber)

    response = client.post(reverse("offenders:bulletin-generate"), {"audience": "city"})

    job = Job.objects.get(kind=BULLETIN_JOB_KIND)
    assert response.status_code == 302 and response["Location"] == reverse("core:job-detail", args=[job.pk])
    done = wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).first(),
                    timeout=120)
    assert done.status == JobStatus.SUCCEEDED, done.error
    bulletin = Bulletin.objects.get(pk=done.result["bulletin"])
    assert (bulletin.trigger, bulletin.generated_by, bulletin.job_id, bulletin.offender_count) == (
        BulletinTrigger.ON_DEMAND, cyber, job.pk, 1
    )
    assert done.progress == done.total == 1  # one offender laid out
    assert done.result["next_url"] == reverse("offenders:bulletin-receipts", args=[bulletin.pk])
    assert bulletin.history.filter(history_source="task", history_user=cyber).exists()
    assert "Rakesh Kumar" in pdf_text(bulletin.pdf.open("rb").read())
    assert Notification.objects.filter(kind=f"bulletin:{bulletin.pk}", station=sho_a.station).exists()


@pytest.mark.django_db
def test_a_job_for_the_bulletin_is_claimed_once(cyber, station_a):
    with transaction.atomic():
        job = services.bulletin_request(actor=cyber, scope=BulletinScope.CITY)
    services.bulletin_generate_job(job_id=job.pk)
    services.bulletin_generate_job(job_id=job.pk)  # a second delivery of the same task
    assert Bulletin.objects.count() == 1
