"""Registry journeys in Chromium, with a real Celery worker behind the uploads.

An SHO uploads a file with errors, sees them, fixes the file, confirms, submits the
return; the cyber crime team sends it back; the SHO resubmits; the team accepts. An
association member's notice appears in the right station's queue.
"""
import pytest

from registry.models import CallCentre, StationReturn
from tests.factories import PASSWORD

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

HEADER = "name,company,address,locality,phones,service,seats,shift,started_on,landlord_name,landlord_phone,notes\n"
GOOD = "Alpha Tech Support,Alpha Infotech Pvt Ltd,Plot 12 Sector 18,Alpha Locality,98111 22233,technical_support,40,21:00-06:00,2020-01-15,R K Yadav,9812345678,\n"
BAD_PHONE = "Bravo Care,Bravo Services,Plot 99 Sector 18,Alpha Locality,12345,customer_care,10,09:00-18:00,2020-02-01,,,\n"
FIXED = BAD_PHONE.replace(",12345,", ",97000 11122,")


def _logout(page):
    logout(page)


def _upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(HEADER + content)
    page.set_input_files("input[type=file]", str(path))
    page.locator("[data-testid=import-upload-form] button[type=submit]").click()
    # The check runs in the worker; the progress page offers "Continue" when it is done.
    _continue_when_done(page)
    page.wait_for_selector("[data-testid=import-status]")


def _continue_when_done(page):
    try:
        page.locator("[data-testid=job-progress] a.btn").click(timeout=90000)
    except Exception as exc:
        raise AssertionError(f"The background job did not finish: {page.url}\n{page.locator('main').inner_text()}") from exc


def test_sho_uploads_fixes_confirms_submits_and_the_team_reviews(
    page, live_server, celery_worker_process, sho_a, cyber, locality_a, tmp_path
):
    login(page, sho_a.username, PASSWORD)
    page.goto("/registry/returns/new/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("[data-testid=return-title]")
    ret = StationReturn.objects.get(station=sho_a.station)

    # 1. A file with a bad phone: the preview says which line and why; nothing is saved.
    page.locator("[data-testid=upload-link]").click()
    _upload(page, tmp_path, "survey.csv", GOOD + BAD_PHONE)
    assert page.locator("[data-testid=count-error]").inner_text() == "1"
    bad_row = page.locator("[data-testid=import-row][data-outcome=error]")
    assert bad_row.get_attribute("data-line") == "3"
    assert "phone" in bad_row.inner_text().lower()
    assert page.locator("[data-testid=import-confirm-form]").count() == 0
    assert not CallCentre.objects.exists()

    # 2. The fixed file checks clean and is confirmed (saved in the background).
    page.goto(f"/registry/imports/upload/?return={ret.pk}")
    _upload(page, tmp_path, "survey-fixed.csv", GOOD + FIXED)
    assert page.locator("[data-testid=count-error]").inner_text() == "0"
    page.locator("[data-testid=import-confirm-form] button[type=submit]").click()
    page.wait_for_load_state()
    if page.locator("[data-testid=job-progress]").count():
        _continue_when_done(page)  # big files are saved in the background
    assert "Saved" in page.locator("main").inner_text()
    assert set(CallCentre.objects.values_list("name", flat=True)) == {"Alpha Tech Support", "Bravo Care"}

    # 3. The return lists both; the SHO submits it and it is locked.
    page.goto(f"/registry/returns/{ret.pk}/")
    table = page.locator("[data-testid=entry-table]").inner_text()
    assert "Alpha Tech Support" in table and "Bravo Care" in table
    page.locator("[data-testid=submit-return] button[type=submit]").click()
    page.wait_for_selector("[data-testid=locked]")
    _logout(page)

    # 4. The cyber crime team sends it back with remarks.
    login(page, cyber.username, PASSWORD)
    page.goto(f"/registry/returns/{ret.pk}/")
    page.check("input[name=decision][value=send_back]")
    page.fill("textarea[name=remarks]", "Add the landlord of Bravo Care")
    page.locator("[data-testid=review-return] button[type=submit]").click()
    page.wait_for_load_state()
    ret.refresh_from_db()
    assert ret.status == "sent_back"
    _logout(page)

    # 5. The SHO sees the remarks and resubmits.
    login(page, sho_a.username, PASSWORD)
    page.goto(f"/registry/returns/{ret.pk}/")
    assert "Add the landlord of Bravo Care" in page.locator("[data-testid=sent-back-remarks]").inner_text()
    page.locator("[data-testid=submit-return] button[type=submit]").click()
    page.wait_for_selector("[data-testid=locked]")
    _logout(page)

    # 6. The team accepts.
    login(page, cyber.username, PASSWORD)
    page.goto(f"/registry/returns/{ret.pk}/")
    page.check("input[name=decision][value=accept]")
    page.locator("[data-testid=review-return] button[type=submit]").click()
    page.wait_for_load_state()
    ret.refresh_from_db()
    assert ret.status == "accepted"


def test_association_notice_appears_in_the_right_stations_queue(page, association, sho_a, sho_b, locality_a, locality_b):
    login(page, association.username, PASSWORD)
    page.goto("/registry/notices/new/")
    page.fill("input[name=name]", "Zenith Helpdesk")
    page.fill("input[name=company_name]", "Zenith BPO LLP")
    page.fill("input[name=address]", "Plot 7, Sector 18")
    page.select_option("select[name=locality]", label="Alpha Locality")
    page.fill("input[name=contact_name]", "Anil Gupta")
    page.fill("input[name=contact_phone]", "+91 98765-43210")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Zenith Helpdesk" in page.content()
    _logout(page)

    login(page, sho_a.username, PASSWORD)
    page.goto("/registry/notices/queue/")
    assert "Zenith Helpdesk" in page.locator("main").inner_text()
    _logout(page)

    login(page, sho_b.username, PASSWORD)
    page.goto("/registry/notices/queue/")
    assert "Zenith Helpdesk" not in page.locator("main").inner_text()
