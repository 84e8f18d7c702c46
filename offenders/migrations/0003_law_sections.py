"""Reference data: the sections of law usually invoked against illegal call centres.

IPC 419/420/120B were replaced on 1 July 2024 by BNS 319(2)/318(4)/61(2); each pair is
linked through `equivalent`. The IT Act sections 66C and 66D apply under either code.
"""
from django.db import migrations

SECTIONS = [
    ("IPC", "419", "Cheating by personation", "BNS", "319(2)"),
    ("IPC", "420", "Cheating and dishonestly inducing delivery of property", "BNS", "318(4)"),
    ("IPC", "120B", "Criminal conspiracy", "BNS", "61(2)"),
    ("IPC", "467", "Forgery of valuable security", "BNS", "338"),
    ("IPC", "468", "Forgery for purpose of cheating", "BNS", "336(3)"),
    ("IPC", "471", "Using as genuine a forged document", "BNS", "340(2)"),
    ("BNS", "319(2)", "Cheating by personation", "IPC", "419"),
    ("BNS", "318(4)", "Cheating and dishonestly inducing delivery of property", "IPC", "420"),
    ("BNS", "61(2)", "Criminal conspiracy", "IPC", "120B"),
    ("BNS", "338", "Forgery of valuable security", "IPC", "467"),
    ("BNS", "336(3)", "Forgery for purpose of cheating", "IPC", "468"),
    ("BNS", "340(2)", "Using as genuine a forged document", "IPC", "471"),
    ("IT Act", "66", "Computer related offences", None, None),
    ("IT Act", "66C", "Identity theft", None, None),
    ("IT Act", "66D", "Cheating by personation using a computer resource", None, None),
]


def load(apps, schema_editor):
    LawSection = apps.get_model("offenders", "LawSection")
    rows = {}
    for code, section, title, _eq_code, _eq_section in SECTIONS:
        rows[(code, section)], _ = LawSection.objects.get_or_create(code=code, section=section, defaults={"title": title})
    for code, section, _title, eq_code, eq_section in SECTIONS:
        if eq_code:
            row = rows[(code, section)]
            row.equivalent = rows[(eq_code, eq_section)]
            row.save(update_fields=["equivalent"])


def unload(apps, schema_editor):
    LawSection = apps.get_model("offenders", "LawSection")
    keys = [(code, section) for code, section, *_ in SECTIONS]
    for code, section in keys:
        LawSection.objects.filter(code=code, section=section, busts__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("offenders", "0002_trigram_indexes")]

    operations = [migrations.RunPython(load, unload)]
