"""One input cleaning rule (control characters refused with a message, from forms, the API and
imported files) and one output rule (any text survives a spreadsheet, and none runs as a formula)."""
import io

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rest_framework import serializers
from rest_framework.test import APIClient

from core.text import FORMULA_FIRST, MESSAGE, cell, scrub
from registry.models import CallCentre
from registry.services.exports import neutralise, xlsx_bytes
from tests.registry.test_imports import uv3  # noqa: F401  (fixture: a locality of station A)

BAD = ["a\x00b", "bell\x07", "esc\x1b[31m", "del\x7f", "c1\x85x", "vertical\x0btab"]


class _Form(forms.Form):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)


class _Serializer(serializers.Serializer):
    name = serializers.CharField()
    notes = serializers.CharField(style={"base_template": "textarea.html"}, required=False)


@pytest.mark.parametrize("text", BAD)
def test_forms_and_serializers_refuse_control_characters_with_a_message(text):
    form = _Form({"name": text})
    assert not form.is_valid()
    assert form.errors["name"][0] in (str(MESSAGE), "Null characters are not allowed.")
    serializer = _Serializer(data={"name": text})
    assert not serializer.is_valid() and "name" in serializer.errors


def test_long_text_keeps_its_tabs_and_line_breaks_but_one_line_text_does_not():
    assert _Form({"name": "Bright Calls", "notes": "line one\r\n\tline two"}).is_valid()
    assert _Serializer(data={"name": "Bright Calls", "notes": "line one\n\tline two"}).is_valid()
    assert not _Form({"name": "Bright\nCalls"}).is_valid()
    assert not _Form({"name": "x", "notes": "ok\x00"}).is_valid()


@pytest.mark.django_db
def test_the_api_refuses_a_call_centre_name_with_a_control_character(sho_a, locality_a):
    client = APIClient()
    client.force_authenticate(sho_a)
    response = client.post("/api/call-centres/", {"name": "Bright\x1bCalls", "address": "Plot 3",
                                                   "locality": locality_a.name}, format="json")
    assert response.status_code == 400 and "control characters" in str(response.data["name"])
    assert not CallCentre.objects.exists()


@pytest.mark.django_db
def test_the_web_form_refuses_it_too(client, sho_a, locality_a):
    from django.urls import reverse

    client.force_login(sho_a)
    response = client.post(reverse("registry:callcentre-create"),
                           {"name": "Bright\x07Calls", "address": "Plot 3", "locality": locality_a.pk})
    assert response.status_code == 200 and "control characters" in response.content.decode()
    assert not CallCentre.objects.exists()


def test_imported_text_has_control_characters_replaced_visibly():
    assert scrub("Bright\x00Calls\x07") == "Bright\ufffdCalls\ufffd"
    assert scrub("two\tcolumns\nkept") == "two\tcolumns\nkept"


# --------------------------------------------------------------------------- spreadsheets survive anything


def _read_back(value):
    book = load_workbook(io.BytesIO(xlsx_bytes([["header"], [neutralise(value)]])), read_only=True)
    return next(book.active.iter_rows(min_row=2, values_only=True))[0]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_text_survives_an_xlsx_export_and_none_runs_as_a_formula(value):
    written = _read_back(value)
    if written is None:
        assert value == ""
        return
    assert isinstance(written, str)
    assert not written.startswith(FORMULA_FIRST) or written == cell(value) and written.startswith("'")
    if written.startswith(("=", "+", "-", "@")):
        raise AssertionError(f"formula survived: {written!r}")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n"]), st.text(max_size=20))
def test_every_dangerous_start_is_neutralised(first, rest):
    assert neutralise(first + rest).startswith("'")


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_numbers_stay_numbers(value):
    assert neutralise(value) == value


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_imported_row_with_a_nul_or_control_character_is_refused_with_a_message(sho_a, uv3, kind):  # noqa: F811
    from registry.imports.batches import import_parse
    from registry.imports.messages import render_message
    from tests.registry.test_imports import codes, csv_bytes, make_batch, row, rows_of
    from tests.registry.test_imports import xlsx_bytes as sheet

    # (XML cannot hold NUL or C0 characters, so a hostile XLSX carries C1 ones)
    bad = ["Bright\x00Calls", "bell\x07"] if kind == "csv" else ["Bright\x85Calls", "csi\x9b"]
    content = (csv_bytes if kind == "csv" else sheet)([row(1, name=bad[0]), row(2, notes=bad[1]), row(3)])
    batch = import_parse(batch=make_batch(sho_a, sho_a.station, content, name=f"list.{kind}"))
    rows = rows_of(batch)
    assert "control_characters" in codes(rows[2]) and "control_characters" in codes(rows[3])
    assert "control_characters" not in codes(rows[4])
    message = render_message(next(m for m in rows[2].messages if m["code"] == "control_characters"))
    assert "invisible control characters" in message and "name" in message
