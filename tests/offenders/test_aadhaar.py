"""Aadhaar: checked, kept as last four digits and a keyed hash, never stored, shown or echoed whole."""
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from offenders import services
from offenders.aadhaar import aadhaar_hash, aadhaar_mask, aadhaar_parts, aadhaar_validate
from offenders.models import IdentityDocument, Person
from tests.factories import aadhaar_number

pytestmark = pytest.mark.django_db

VALID = aadhaar_number(1)


def test_valid_aadhaar_is_accepted_with_spaces_or_dashes():
    spaced = f"{VALID[:4]} {VALID[4:8]} {VALID[8:]}"
    assert aadhaar_validate(spaced) == VALID
    assert aadhaar_validate(f"{VALID[:4]}-{VALID[4:8]}-{VALID[8:]}") == VALID


@pytest.mark.parametrize("bad", ["12345678901", "1234567890123", "0" + VALID[1:], "abcd efgh ijkl"])
def test_wrong_length_or_leading_zero_is_refused(bad):
    with pytest.raises(ValidationError):
        aadhaar_validate(bad)


def test_one_wrong_digit_fails_the_verhoeff_check():
    wrong = VALID[:5] + str((int(VALID[5]) + 1) % 10) + VALID[6:]
    with pytest.raises(ValidationError) as exc:
        aadhaar_validate(wrong)
    assert wrong not in str(exc.value) and VALID[:6] not in str(exc.value)


def test_hash_is_keyed_so_another_key_gives_another_hash():
    first = aadhaar_hash(VALID)
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    with override_settings(IDENTITY_HASH_KEY="another-key"):
        assert aadhaar_hash(VALID) != first
    assert aadhaar_parts(VALID) == (VALID[-4:], first)


def test_mask_shows_only_the_last_four_digits():
    assert aadhaar_mask("1234") == "XXXX XXXX 1234"


def test_person_page_shows_the_aadhaar_masked(client, sho_a):
    person = services.person_create(actor=sho_a, name="Ravi Kumar", aadhaar=VALID)
    client.force_login(sho_a)
    page = client.get(reverse("offenders:person-detail", args=[person.pk])).content.decode()
    assert f"XXXX XXXX {VALID[-4:]}" in page
    assert VALID not in page


def test_form_error_never_shows_the_typed_aadhaar_again(client, sho_a):
    client.force_login(sho_a)
    response = client.post(reverse("offenders:person-create"), {"name": "", "aadhaar": VALID})
    assert response.status_code == 200  # the form comes back with "name is required"
    assert VALID.encode() not in response.content
    response = client.post(reverse("offenders:person-create"), {"name": "Ravi", "aadhaar": VALID[:-1] + "x"})
    assert b"Enter a valid 12-digit Aadhaar number" in response.content
    assert VALID[:-1].encode() not in response.content


def test_api_error_never_echoes_the_aadhaar(client, sho_a):
    client.force_login(sho_a)
    wrong = VALID[:-1] + str((int(VALID[-1]) + 1) % 10)
    response = client.post(reverse("person-list"), {"name": "Ravi", "aadhaar": wrong}, content_type="application/json")
    assert response.status_code == 400
    assert wrong.encode() not in response.content
    assert "aadhaar" in response.json()


def _text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public'
                 AND data_type IN ('character varying', 'text', 'json', 'jsonb', 'character')"""
        )
        return cursor.fetchall()


def _full_numbers_in_database(numbers: list[str]) -> list[str]:
    """Every text/varchar/json value of every table (historical tables too) holding a full number."""
    spaced = [re.sub(r"(\d{4})(\d{4})(\d{4})", r"\1 \2 \3", n) for n in numbers]
    standalone = re.compile(r"(?<![0-9A-Za-z])\d{4}[ -]?\d{4}[ -]?\d{4}(?![0-9A-Za-z])")
    found = []
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(f'SELECT "{column}"::text FROM "{table}" WHERE "{column}" IS NOT NULL')  # noqa: S608
            for (value,) in cursor.fetchall():
                if any(n in value for n in numbers + spaced) or standalone.search(value):
                    found.append(f"{table}.{column}: {value[:80]}")
    return found


def test_no_full_aadhaar_number_anywhere_in_the_database(client, sho_a):
    """Persons with Aadhaar numbers made through the form, the API, the service and the match API."""
    numbers = [aadhaar_number(i) for i in range(10, 16)]
    client.force_login(sho_a)
    # The page form, with spaces, then a second person with an error first (re-displayed form).
    client.post(reverse("offenders:person-create"), {"name": "Form Person", "aadhaar": numbers[0][:4] + " " + numbers[0][4:]})
    client.post(reverse("offenders:person-create"), {"name": "", "aadhaar": numbers[1]})
    client.post(reverse("offenders:person-create"), {"name": "Form Person Two", "aadhaar": numbers[1]})
    # The identity-document form of a person's page.
    person = Person.objects.get(name="Form Person")
    client.post(reverse("offenders:person-add", args=[person.pk, "document"]), {"kind": "aadhaar", "number": numbers[2]})
    # The API (create, a refused create, and the match endpoint, which stores nothing).
    client.post(reverse("person-list"), json.dumps({"name": "Api Person", "aadhaar": numbers[3]}),
                content_type="application/json")
    client.post(reverse("person-list"), json.dumps({"name": "", "aadhaar": numbers[3]}), content_type="application/json")
    client.post(reverse("person-match"), json.dumps({"name": "Api Person", "aadhaar": numbers[3]}),
                content_type="application/json")
    # The service, and a CSV import of prior records.
    services.person_create(actor=sho_a, name="Service Person", aadhaar=numbers[4])
    services.prior_records_import_csv(
        actor=sho_a, data=f"name,force,aadhaar\nCsv Person,delhi,{numbers[5]}\n".encode()
    )
    assert IdentityDocument.objects.filter(kind="aadhaar").count() == 6
    assert Person.objects.filter(name__in=["Form Person", "Form Person Two", "Api Person", "Service Person",
                                           "Csv Person"]).count() == 5
    assert _full_numbers_in_database(numbers) == []
