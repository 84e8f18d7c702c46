"""The complaints file: a bad row is reported by line, the fixed file is confirmed all or nothing,
and importing it again changes nothing."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from complaints.choices import ImportStatus
from complaints.imports import (
    complaint_import_confirm,
    complaint_import_confirm_job,
    complaint_import_confirm_start,
    complaint_import_parse_job,
    complaint_import_upload,
)
from complaints.models import Complaint, ComplaintImport, ComplaintLink
from core.models import Job, Notification

from .helpers import call_centre_with_phone

pytestmark = pytest.mark.django_db

HEADER = "complaint_id,reported_on,source,victim_country,amount,currency,phones,upi_ids,bank_accounts,websites,emails,narrative\n"
GOOD = [
    'NCRP-1,15/08/2020,NCRP,USA,"$1,200",,+91 98100-00001; +1 888 555 0100,Help.Desk@OKAXIS,123456789012/hdfc0001234,https://www.fix-pc.example.com/x,a@example.com,Pop-up\n',
    'NCRP-2,2020-08-16,helpline,UK,"1,20,000",INR,9810000001,,,,,Second\n',
]
BAD = 'NCRP-3,31/02/2020,NCRP,Canada,lots,,12345,,,,,Third\n'
FIXED = 'NCRP-3,28/02/2020,NCRP,Canada,300,CAD,9810000001,,,,,Third\n'


def upload(name: str, text: str):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def parse(actor, text: str, name="complaints.csv") -> ComplaintImport:
    batch = complaint_import_upload(actor=actor, uploaded_file=upload(name, text))
    complaint_import_parse_job(job_id=batch.job_id)
    batch.refresh_from_db()
    return batch


def test_bad_row_is_reported_by_line_and_blocks_confirmation(cyber, station_a):
    batch = parse(cyber, HEADER + "".join(GOOD) + BAD)
    assert (batch.status, batch.rows_total, batch.rows_new, batch.rows_error) == (ImportStatus.PREVIEW, 3, 2, 1)
    [error] = batch.errors
    assert error["line"] == 4
    text = " ".join(error["errors"])
    assert "31/02/2020" in text and "lots" in text and "12345" in text
    with pytest.raises(Exception, match="Fix the 1 wrong row"):
        complaint_import_confirm_start(actor=cyber, batch=batch)
    assert not Complaint.objects.exists()


def test_fixed_file_is_saved_linked_and_notified_then_reimport_changes_nothing(cyber, station_a):
    centre = call_centre_with_phone(station_a, "9810000001")
    batch = parse(cyber, HEADER + "".join(GOOD) + FIXED)
    assert batch.rows_error == 0 and batch.rows_new == 3
    job = complaint_import_confirm_start(actor=cyber, batch=batch)
    complaint_import_confirm_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and batch.result["created"] == 3
    first = Complaint.objects.get(reference="NCRP-1")
    assert first.victim_country == "United States" and str(first.amount) == "1200.00" and first.currency == "USD"
    assert set(first.identifiers.values_list("value", flat=True)) == {
        "9810000001", "+18885550100", "help.desk@okaxis", "123456789012/HDFC0001234", "fix-pc.example.com",
        "a@example.com"}
    assert ComplaintLink.objects.filter(call_centre=centre).count() == 3
    assert Notification.objects.filter(station=station_a, kind="complaint_linked").count() == 1
    counts = (Complaint.objects.count(), ComplaintLink.objects.count(), Notification.objects.count())
    again = parse(cyber, HEADER + "".join(GOOD) + FIXED)
    assert (again.rows_new, again.rows_known) == (0, 3)
    complaint_import_confirm(actor=cyber, batch=again)
    assert counts == (Complaint.objects.count(), ComplaintLink.objects.count(), Notification.objects.count())


def test_xlsx_file_is_read_like_csv(cyber):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["TIP-1", "05/09/2020", "tip", "Australia", 250, "AUD", "9810000009", "", "", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    batch = complaint_import_upload(actor=cyber, uploaded_file=SimpleUploadedFile("c.xlsx", buffer.getvalue()))
    complaint_import_parse_job(job_id=batch.job_id)
    batch.refresh_from_db()
    assert (batch.rows_total, batch.rows_new, batch.rows_error) == (1, 1, 0)


def test_wrong_header_is_refused_before_anything_is_stored(cyber):
    with pytest.raises(Exception, match="complaint_id"):
        complaint_import_upload(actor=cyber, uploaded_file=upload("x.csv", "name,phone\nA,1\n"))
    assert not ComplaintImport.objects.exists() and not Job.objects.exists()


def test_station_cannot_import(sho_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        complaint_import_upload(actor=sho_a, uploaded_file=upload("c.csv", HEADER + GOOD[0]))


def test_command_imports_all_or_nothing(cyber, tmp_path, station_a):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD[0] + BAD)
    with pytest.raises(CommandError, match="1 wrong row"):
        call_command("import_complaints", str(bad), user=cyber.username)
    assert not Complaint.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "".join(GOOD) + FIXED)
    out = io.StringIO()
    call_command("import_complaints", str(good), user=cyber.username, stdout=out)
    assert "3 complaint(s) saved" in out.getvalue()
    call_command("import_complaints", str(good), user=cyber.username, stdout=out)
    assert "0 complaint(s) saved, 3 already recorded" in out.getvalue()
    assert Complaint.objects.count() == 3
    assert Complaint.history.filter(history_source="command").count() == 3


def test_upload_page_flow(client, cyber, station_a):
    client.force_login(cyber)
    response = client.post(reverse("complaints:import-upload"), {"file": upload("c.csv", HEADER + GOOD[0] + BAD)})
    assert response.status_code == 302
    batch = ComplaintImport.objects.get()
    complaint_import_parse_job(job_id=batch.job_id)
    page = client.get(reverse("complaints:import-detail", args=[batch.pk]))
    assert b"31/02/2020" in page.content and b"import-confirm" not in page.content
    response = client.post(reverse("complaints:import-upload"), {"file": upload("c.csv", "x,y\n1,2\n")})
    assert response.status_code == 400 and "complaint_id" in response.content.decode()
