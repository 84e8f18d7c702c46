"""An agency's answer list: read (CSV/XLSX), matched by registration number then name and address,
previewed, saved as licence answers citing the letter."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.registry.cc_helpers import register
from verification.models import Agency, AnswerImport, Letter, Licence
from verification.services import answers_preview, answers_save

from .letters_helpers import draft, sent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(cyber, sho_a, locality_a):
    """A sent letter to the Labour Department (shops registration) naming three call centres."""
    by_number = register(sho_a, locality_a, "Gamma Support", company_registration="U72900HR2019PTC081234",
                         address="Plot 11, Udyog Vihar Phase 4")
    by_name = register(sho_a, locality_a, "Delta Tech Solutions", address="Plot 22, Udyog Vihar Phase 5")
    twin_a = register(sho_a, locality_a, "Omega Calls", address="Plot 33, Sector 18")
    twin_b = register(sho_a, locality_a, "Omega Calls", address="Plot 44, Sector 44")
    draft(cyber, [c.pk for c in (by_number, by_name, twin_a, twin_b)], agencies=[Agency.objects.get(code="LABOUR").pk])
    letter = sent(cyber, Letter.objects.get(), 5)
    return {"letter": letter, "by_number": by_number, "by_name": by_name, "twins": (twin_a, twin_b)}


CSV = (
    "Registration No.,Name of establishment,Address,Status,Valid upto\n"
    "U72900HR2019PTC081234,Gamma Support Services,Somewhere else,Registered,31/03/2027\n"
    "SHOP/2020/55,Delta Tech Solutions Pvt Ltd,\"Plot 22, Udyog Vihar Phase 5\",Not registered,\n"
    "SHOP/2020/66,Omega Calls,Unknown road,Registered,31/12/2026\n"
    "SHOP/2020/77,Nobody Knows Ltd,Nowhere,Registered,31/12/2026\n"
    "SHOP/2020/88,Delta Tech Solutions,\"Plot 22, Udyog Vihar Phase 5\",perhaps,\n"
)


def test_rows_are_matched_by_number_then_name_and_address(cyber, world):
    answer = answers_preview(actor=cyber, letter=world["letter"], upload=SimpleUploadedFile("labour.csv", CSV.encode()))
    outcomes = {row["line"]: (row["outcome"], row["call_centre_id"], bool(row["problems"])) for row in answer.rows}
    assert outcomes[2] == ("matched", world["by_number"].pk, False)  # the registration number wins over the address
    assert outcomes[3] == ("matched", world["by_name"].pk, False)  # name and address
    assert outcomes[4][0] == "uncertain"  # two call centres of that name, neither at that address
    assert outcomes[5] == ("unmatched", None, False)
    assert outcomes[6][2] is True  # "perhaps" is not a status
    assert not Licence.objects.exists()  # a preview records nothing


def test_saving_records_the_matched_rows_citing_the_letter(cyber, world):
    answer = answers_preview(actor=cyber, letter=world["letter"], upload=SimpleUploadedFile("labour.csv", CSV.encode()))
    assert answers_save(actor=cyber, answer=answer) == 2
    held = Licence.objects.get(call_centre=world["by_number"])
    assert (held.kind, held.status, held.number, held.reference) == (
        "shops", "held", "U72900HR2019PTC081234", world["letter"].reference)
    assert held.valid_until.isoformat() == "2027-03-31"
    assert Licence.objects.get(call_centre=world["by_name"]).status == "not_held"
    with pytest.raises(ValidationError):
        answers_save(actor=cyber, answer=answer)  # saved once


def test_an_uncertain_row_is_recorded_only_when_the_officer_confirms_it(cyber, world):
    answer = answers_preview(actor=cyber, letter=world["letter"], upload=SimpleUploadedFile("labour.csv", CSV.encode()))
    assert answers_save(actor=cyber, answer=answer, include_uncertain=[4]) == 3


def test_an_xlsx_answer_list_is_read(cyber, world):
    book = Workbook()
    sheet = book.active
    sheet.append(["Registration number", "Name", "Address", "Status", "Validity"])
    sheet.append(["U72900HR2019PTC081234", "Gamma Support", "", "held", "31/03/2027"])
    buffer = io.BytesIO()
    book.save(buffer)
    answer = answers_preview(actor=cyber, letter=world["letter"], upload=SimpleUploadedFile("labour.xlsx", buffer.getvalue()))
    assert answer.rows[0]["outcome"] == "matched"


@pytest.mark.parametrize("name,content", [("labour.txt", b"x"), ("labour.csv", b""), ("labour.xlsx", b"not a zip"),
                                          ("labour.csv", b"a,b\n1,2\n")])
def test_unreadable_answer_lists_are_refused(cyber, world, name, content):
    with pytest.raises(ValidationError):
        answers_preview(actor=cyber, letter=world["letter"], upload=SimpleUploadedFile(name, content))


def test_the_pages_preview_then_save(client, cyber, world):
    client.force_login(cyber)
    response = client.post(reverse("verification:answers-upload", args=[world["letter"].pk]),
                           {"file": SimpleUploadedFile("labour.csv", CSV.encode())})
    answer = AnswerImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("verification:answers-preview", args=[answer.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-outcome="uncertain"' in page and "Nobody Knows Ltd" in page
    client.post(reverse("verification:answers-preview", args=[answer.pk]), {"uncertain": ["4"]})
    assert Licence.objects.count() == 3


def test_the_commissioner_sees_the_preview_but_cannot_save(client, cyber, commissioner, world):
    answer = answers_preview(actor=cyber, letter=world["letter"], upload=SimpleUploadedFile("labour.csv", CSV.encode()))
    client.force_login(commissioner)
    assert client.get(reverse("verification:answers-preview", args=[answer.pk])).status_code == 200
    assert client.post(reverse("verification:answers-preview", args=[answer.pk])).status_code == 403
    assert not Licence.objects.exists()


def test_dot_reconciliation_shows_registrations_granted_to_unknown_operators(client, cyber, sho_a, locality_a):
    listed = register(sho_a, locality_a, "Sigma Voice", company_registration="U74999HR2018PTC070001",
                      address="Plot 5, Cyber City")
    silent = register(sho_a, locality_a, "Quiet Calls", address="Plot 6, Cyber City")
    draft(cyber, [listed.pk, silent.pk], agencies=[Agency.objects.get(code="DOT").pk])
    letter = sent(cyber, Letter.objects.get(), 5)
    client.force_login(cyber)
    url = reverse("verification:letter-reconciliation", args=[letter.pk])
    assert 'data-testid="reconciliation-empty"' in client.get(url).content.decode()
    answers_preview(actor=cyber, letter=letter, upload=SimpleUploadedFile("dot.csv", (
        b"OSP registration number,Company,Address,Status,Valid till\n"
        b"U74999HR2018PTC070001,Sigma Voice Pvt Ltd,Cyber City,Granted,31/12/2027\n"
        b"OSP/GGN/2019/77,Phantom Tech Support,Sohna Road,Granted,31/12/2027\n"
    )))
    page = client.get(url).content.decode()
    unknown = page.split('data-testid="reconciliation-unknown"')[1].split("</table>")[0]
    assert "Phantom Tech Support" in unknown and "Sigma Voice" not in unknown
    not_named = page.split('data-testid="reconciliation-not-named"')[1].split("</ul>")[0]
    assert "Quiet Calls" in not_named and "Sigma Voice" not in not_named
