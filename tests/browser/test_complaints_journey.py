"""Complaints journey in Chromium, with a real Celery worker: the cyber crime team uploads a complaints
file with one bad row, sees why, fixes it, confirms, and sees the linked call centre's complaint count
and the station's notification; the SHO opens the call centre from the inbox and sees the complaints."""
import pytest

from complaints.models import Complaint
from core.models import Notification
from tests.complaints.helpers import call_centre_with_phone
from tests.factories import PASSWORD

from .conftest import login
from .test_registry_journeys import _continue_when_done, _logout

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

HEADER = "complaint_id,reported_on,source,victim_country,amount,currency,phones,upi_ids,bank_accounts,websites,emails,narrative\n"
GOOD = 'NCRP-101,15/08/2020,NCRP,USA,"$1,200",,+91 98100-00001,,,,,Pop-up locked the screen\n'
BAD = "NCRP-102,16/08/2020,NCRP,UK,300,GBP,12345,,,,,Called the number shown\n"
FIXED = BAD.replace(",12345,", ",098100 00001,")


def _upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(HEADER + content)
    page.goto("/complaints/imports/upload/")
    page.set_input_files("input[type=file]", str(path))
    page.locator("[data-testid=complaint-upload-form] button[type=submit]").click()
    _continue_when_done(page)
    page.wait_for_selector("[data-testid=import-status]")


def test_cyber_team_imports_complaints_and_the_sho_sees_them(
    page, live_server, celery_worker_process, cyber, sho_a, station_a, tmp_path
):
    centre = call_centre_with_phone(station_a, "9810000001", name="Alpha Tech Support")
    login(page, cyber.username, PASSWORD)

    # 1. One bad row: the line and the reason are shown, and the file cannot be confirmed.
    _upload(page, tmp_path, "complaints.csv", GOOD + BAD)
    assert page.locator("[data-testid=rows-error]").inner_text() == "1"
    errors = page.locator("[data-testid=import-errors]").inner_text()
    assert "3" in errors and "12345" in errors
    assert page.locator("[data-testid=import-confirm]").count() == 0
    assert not Complaint.objects.exists()

    # 2. The fixed file checks clean; confirming saves it in the background.
    _upload(page, tmp_path, "complaints-fixed.csv", GOOD + FIXED)
    assert page.locator("[data-testid=rows-error]").inner_text() == "0"
    page.locator("[data-testid=import-confirm]").click()
    _continue_when_done(page)
    assert "2 new complaint(s)" in page.locator("[data-testid=import-result]").inner_text()

    # 3. The call centre's page counts its complaints; its station was notified.
    page.goto(f"/registry/call-centres/{centre.pk}/")
    assert "2 complaints" in page.locator("[data-testid=complaint-count]").inner_text()
    note = Notification.objects.get(station=station_a, kind="complaint_linked")
    assert "Alpha Tech Support" in note.message
    _logout(page)

    # 4. The SHO finds the notification in the inbox, opens it and sees the complaints.
    login(page, sho_a.username, PASSWORD)
    item = page.locator("[data-testid=inbox-item]", has_text="Alpha Tech Support")
    item.locator("button[name=open]").click()
    page.wait_for_selector("[data-testid=complaints-card]")
    assert "2 complaints" in page.locator("[data-testid=complaint-count]").inner_text()
    card = page.locator("[data-testid=complaints-card]").inner_text()
    assert "United States" in card and "United Kingdom" in card
