"""A dashboard as a workbook and as a PDF: the same figures as the page, in the officer's scope."""
from __future__ import annotations

import io

import pytest
from django.urls import reverse

from .test_views import station_url

pytestmark = pytest.mark.django_db


def _sheet_values(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def test_city_dashboard_as_a_workbook_has_the_pages_figures(client, commissioner, city):
    client.force_login(commissioner)
    page = client.get(reverse("dashboards:city"), {"period": "30d"}).context
    response = client.get(reverse("dashboards:city"), {"period": "30d", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="dashboard-city-')
    rows = _sheet_values(response.content)
    assert rows[0][0] == "City dashboard"
    as_dict = {r[0]: r[1] for r in rows if r and r[0]}
    assert as_dict["Operating call centres"] == page["summary"]["operating"].value == 6
    assert as_dict["Busts in the period"] == page["board"].total.busts == 2
    assert ["Alpha Zone", 5, 1, 1, 1, 2] in rows  # operating, lacking, busts, with a repeat offender, arrests


def test_station_workbook_holds_only_the_station(client, sho_b, station_b, city):
    client.force_login(sho_b)
    rows = _sheet_values(client.get(station_url(station_b), {"format": "xlsx"}).content)
    assert {r[0]: r[1] for r in rows if r and r[0]}["Operating call centres"] == 1
    assert not any(r and r[0] in ("Alpha Zone", "Alpha Station") for r in rows)


def test_zone_dashboard_as_a_pdf(client, dcp_a, zone_a, city):
    from tests.offenders.pdf_text import pdf_text

    client.force_login(dcp_a)
    response = client.get(reverse("dashboards:zone", args=[zone_a.code]), {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Dashboard: Alpha Zone" in text and "Alpha Two Station" in text
