"""seed_demo grows: a few thousand complaints over two years, mostly from English-speaking countries, naming
busted call centres before their busts and a few operating ones; seeding again adds nothing."""
import io
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from complaints.models import Complaint, ComplaintLink
from offenders.models import Bust
from registry.choices import OPERATING_STATUSES

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_complaints_naming_busted_call_centres_before_their_busts():
    call_command("seed_demo", stdout=io.StringIO())
    today = timezone.localdate()
    complaints = list(Complaint.objects.values_list("reported_on", "victim_country"))
    assert 2000 <= len(complaints) <= 3000
    assert all(today - timedelta(days=731) <= day <= today for day, _c in complaints)
    countries = Counter(country for _d, country in complaints)
    main = sum(countries[c] for c in ("United States", "United Kingdom", "Canada", "Australia"))
    assert main >= 0.8 * len(complaints) and countries.most_common(1)[0][0] == "United States"
    raids = dict(Bust.objects.filter(call_centre__isnull=False).values_list("call_centre_id", "raid_date"))
    busted_links = ComplaintLink.objects.filter(call_centre_id__in=raids).values_list(
        "call_centre_id", "complaint__reported_on")
    assert len(busted_links) >= 1000
    assert all(day < raids[cc] for cc, day in busted_links)
    leads = ComplaintLink.objects.filter(call_centre__status__in=OPERATING_STATUSES).order_by().values("call_centre").distinct()
    # the leads: a few operating call centres (the six named, and those sharing their phones with busted ones)
    assert 1 <= leads.count() <= 20
    total = Complaint.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Complaint.objects.count() == total
