"""Dates are day-first in English and Hindi, and forms accept what Indian officers write."""
import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone, translation


@pytest.mark.parametrize("language", ["en", "hi"])
def test_dates_and_times_are_shown_day_first(language):
    when = timezone.make_aware(datetime.datetime(2026, 4, 12, 17, 5))
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d }}|{{ t|date:"SHORT_DATETIME_FORMAT" }}|{{ t }}')
    with translation.override(language), timezone.override("Asia/Kolkata"):
        shown = template.render(Context({"d": datetime.date(2026, 4, 12), "t": when}))
    assert shown == "12/04/2026|12/04/2026|12/04/2026 17:05|12/04/2026 17:05"


@pytest.mark.parametrize("written", ["12/04/2026", "12-04-2026", "12.04.2026", "12 Apr 2026", "12 April 2026",
                                     "2026-04-12", "12/04/26"])
def test_date_fields_accept_what_officers_write(written):
    class Form(forms.Form):
        on = forms.DateField()

    with translation.override("en"):
        form = Form({"on": written})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == datetime.date(2026, 4, 12)
