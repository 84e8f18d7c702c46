"""Inspections in Chromium: an SHO opens the week's schedule, reschedules a visit with a reason, records a
visit that found a violation (checklist filled) and lands on the bust form filled for that call centre."""
import datetime

import pytest
from django.utils import timezone

from tests.factories import PASSWORD
from tests.registry.cc_helpers import register
from verification.choices import LicenceKind
from verification.models import Inspection
from verification.selectors import week_start
from verification.services import inspection_plan_propose

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sho_reschedules_a_visit_and_a_violation_leads_to_the_bust_form(page, cyber, sho_a, station_a, locality_a):
    today = timezone.localdate()
    register(sho_a, locality_a, "Moonlight Tech Help")
    register(sho_a, locality_a, "Sunrise Support")
    monday = week_start(today)
    plan, _ = inspection_plan_propose(actor=cyber, station=station_a, week=monday, today=monday)
    first, second = plan.inspections.order_by("planned_date", "order")

    login(page, sho_a.username, PASSWORD)
    page.get_by_role("link", name="Inspections").click()
    visits = page.locator("[data-testid=visit]")
    assert visits.count() == 2 and "Never inspected" in visits.first.inner_text()

    page.locator(f"[data-visit='{first.pk}']").get_by_role("link", name="Reschedule").click()
    tomorrow = today + datetime.timedelta(days=1)
    page.fill("#id_new_date", (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.fill("#id_reason", "Team on court duty")
    page.get_by_role("button", name="Reschedule").click()
    assert "The new date cannot be in the past." in page.locator("main").inner_text()
    page.fill("#id_new_date", tomorrow.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Reschedule").click()
    row = page.locator(f"[data-visit='{first.pk}']")
    row.wait_for()
    assert row.get_attribute("data-status") == "rescheduled" and "Team on court duty" in row.inner_text()
    assert tomorrow.strftime("%d/%m/%Y") in row.inner_text()

    page.locator(f"[data-visit='{second.pk}']").get_by_role("link", name="Record outcome").click()
    page.select_option("#id_result", "violation")
    page.fill("#id_findings", "Pop-up scripts on the screens; no shops registration")
    page.get_by_role("button", name="Record the outcome").click()  # the checklist is empty: refused
    assert "Complete the checklist" in page.locator("main").inner_text()
    for kind in LicenceKind:
        page.check(f"#id_perm_{kind.value}_1" if kind == LicenceKind.SHOPS else f"#id_perm_{kind.value}_0")
    for item in ("lease", "staff_verification", "call_records"):
        page.check(f"#id_{item}_1")
    page.fill("#id_customer_source", "Pop-up adverts in the US")
    page.fill("#id_payment_mode", "Gift cards")
    page.get_by_role("button", name="Record the outcome").click()
    page.wait_for_url("**/offenders/busts/new/**")
    assert page.locator("#id_call_centre").input_value() == str(second.call_centre_id)
    assert page.locator("#id_raid_date").input_value() == today.isoformat()
    assert "Pop-up scripts" in page.locator("#id_narrative").input_value()
    assert Inspection.objects.get(pk=second.pk).result == "violation"
