"""The bust's "call centre raided" in Chromium: the officer types, the choices arrive from the
lookup in scope with their addresses, two identical names are told apart, the bust is saved."""
import pytest

from offenders.models import Bust
from tests.factories import PASSWORD
from tests.registry.cc_helpers import register

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sho_finds_the_raided_call_centre_by_typing(page, sho_a, sho_b, locality_a, locality_b):
    register(sho_a, locality_a, "Sigma Support", address="Plot 5, Udyog Vihar Phase IV")
    sohna = register(sho_a, locality_a, "Sigma Support", address="Plot 77, Sohna Road")
    register(sho_b, locality_b, "Sigma Support", address="Plot 9, Bravo Market")
    login(page, sho_a.username, PASSWORD)
    page.goto("/offenders/busts/new/")
    page.fill("#id_fir_number", "47/2020")
    page.fill("#id_raid_date", "2020-09-01")
    page.locator("[data-lookup-for=id_call_centre]").fill("sigma")
    page.wait_for_selector("#id_call_centre[data-results='2']")
    labels = page.locator("#id_call_centre option").all_inner_texts()
    assert any("Sohna Road" in label for label in labels) and any("Udyog Vihar" in label for label in labels)
    assert not any("Bravo Market" in label for label in labels)
    page.select_option("#id_call_centre", str(sohna.pk))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/offenders/busts/*/")
    assert Bust.objects.get(fir_number="0047/2020").call_centre_id == sohna.pk
