"""Complaints link to call centres, persons, busts and earlier complaints by index lookups only."""
import pytest

from complaints.choices import IdentifierKind as K
from complaints.choices import LinkHow
from complaints.models import Complaint, ComplaintLink, Identifier
from core.models import Notification
from offenders.models import PersonAccount, PersonPhone
from tests.factories import BustFactory, PersonFactory

from .helpers import call_centre_with_phone, row, save

pytestmark = pytest.mark.django_db


def test_complaint_naming_a_call_centres_phone_links_to_it_and_notifies_its_station(cyber, station_a, station_b):
    centre = call_centre_with_phone(station_a, "9810000001")
    result = save(cyber, row("N-1", (K.PHONE, "9810000001")), row("N-2", (K.PHONE, "9810000001")))
    assert result.created == 2
    links = ComplaintLink.objects.filter(call_centre=centre)
    assert {link.how for link in links} == {LinkHow.PHONE}
    assert links.count() == 2
    note = Notification.objects.get(station=station_a)
    assert "2 new complaint(s)" in note.message and centre.name in note.message
    assert not Notification.objects.filter(station=station_b).exists()
    # the second complaint links to the first, which named the same phone
    second = Complaint.objects.get(reference="N-2")
    assert ComplaintLink.objects.filter(complaint=second, other_complaint__reference="N-1").exists()
    assert Identifier.objects.get(kind=K.PHONE, value="9810000001").complaint_count == 2


def test_persons_accounts_upi_and_busts_are_linked(cyber, station_a):
    person = PersonFactory(station=station_a)
    PersonPhone.objects.create(person=person, number="9820000002")
    PersonAccount.objects.create(person=person, kind="bank", account_number="123456789012", identifier="123456789012")
    PersonAccount.objects.create(person=person, kind="upi", upi_id="mule@okaxis", identifier="mule@okaxis")
    centre = call_centre_with_phone(station_a, "9810000001")
    bust = BustFactory(station=station_a, call_centre=centre)
    other_bust = BustFactory(station=station_a, narrative="Pop-ups pointed to www.fix-pc-now.com and a 1-800 number.")
    save(cyber, row("N-1", (K.PHONE, "9820000002"), (K.BANK, "123456789012/HDFC0001234"), (K.UPI, "mule@okaxis"),
                    (K.PHONE, "9810000001"), (K.WEBSITE, "fix-pc-now.com")))
    complaint = Complaint.objects.get()
    hows = set(ComplaintLink.objects.filter(complaint=complaint, person=person).values_list("how", flat=True))
    assert hows == {LinkHow.PHONE, LinkHow.ACCOUNT, LinkHow.UPI}
    assert ComplaintLink.objects.filter(complaint=complaint, bust=bust, how=LinkHow.BUST).exists()
    assert ComplaintLink.objects.filter(complaint=complaint, bust=other_bust, how=LinkHow.WEBSITE).exists()


def test_foreign_numbers_link_only_to_complaints(cyber, station_a):
    call_centre_with_phone(station_a, "8885550100")
    save(cyber, row("F-1", (K.PHONE, "+18885550100")))
    assert not ComplaintLink.objects.filter(call_centre__isnull=False).exists()


def test_linking_costs_the_same_queries_for_10_or_500_complaints(cyber, station_a, django_assert_max_num_queries):
    call_centre_with_phone(station_a, "9810000001")
    person = PersonFactory(station=station_a)
    PersonAccount.objects.create(person=person, kind="upi", upi_id="mule@okaxis", identifier="mule@okaxis")

    def rows(prefix, n):
        return [row(f"{prefix}-{i}", (K.PHONE, "9810000001" if i % 3 == 0 else f"98{i:08d}"),
                    (K.UPI, "mule@okaxis" if i % 5 == 0 else f"p{i}@ybl"),
                    (K.BANK, f"{100000000 + i}/HDFC0001234"), (K.EMAIL, f"x{i}@example.com"))
                for i in range(n)]

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    save(cyber, *rows("W", 2))  # the actor's permissions are loaded and cached once
    with CaptureQueriesContext(connection) as small:
        save(cyber, *rows("S", 10))
    with CaptureQueriesContext(connection) as big:
        save(cyber, *rows("B", 500))
    # savepoint and release, existing references, identifiers, 3 (sequence name + nextval) pairs,
    # 7 index lookups (call-centre phones, person phones, accounts, e-mails, busts, earlier complaints),
    # the identifiers' counts, the notifications: the same for 10 or 500 rows
    assert len(big.captured_queries) == len(small.captured_queries)
    assert len(big.captured_queries) <= 22
    assert ComplaintLink.objects.filter(call_centre__isnull=False).count() == 4 + 167 + 1


def test_saving_again_changes_nothing(cyber, station_a):
    call_centre_with_phone(station_a, "9810000001")
    save(cyber, row("N-1", (K.PHONE, "9810000001")))
    counts = (Complaint.objects.count(), ComplaintLink.objects.count(), Identifier.objects.count(),
              Notification.objects.count())
    result = save(cyber, row("N-1", (K.PHONE, "9810000001")))
    assert (result.created, result.skipped) == (0, 1)
    assert counts == (Complaint.objects.count(), ComplaintLink.objects.count(), Identifier.objects.count(),
                      Notification.objects.count())


def test_only_the_cyber_team_records_complaints(sho_a, commissioner):
    from django.core.exceptions import PermissionDenied

    for actor in (sho_a, commissioner):
        with pytest.raises(PermissionDenied):
            save(actor, row("N-1"))
    assert not Complaint.objects.exists()


def test_every_saved_row_is_audited(cyber, station_a):
    call_centre_with_phone(station_a, "9810000001")
    save(cyber, row("N-1", (K.PHONE, "9810000001")))
    complaint = Complaint.objects.get()
    history = complaint.history.get()
    assert history.history_user_id == cyber.pk and history.history_type == "+"
    assert ComplaintLink.history.filter(complaint_id=complaint.pk).exists()
