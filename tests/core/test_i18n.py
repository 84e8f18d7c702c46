"""The Hindi catalogue is complete: every marked string is translated and compiled."""
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "hi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Engineers working in parallel put their new strings in locale/hi/pending/<topic>.po (the lead merges
# them into django.po): they count as part of the catalogue.
PENDING = sorted((Path(settings.BASE_DIR) / "locale" / "hi" / "pending").glob("*.po"))
SOURCES = ["config", "core", "stations", "registry", "offenders", "verification", "dashboards", "templates"]


def test_every_entry_of_the_hindi_catalogue_is_translated():
    catalogues = [polib.pofile(str(path)) for path in [PO, *PENDING]]
    untranslated = [e.msgid for c in catalogues for e in c.untranslated_entries()]
    fuzzy = [e.msgid for c in catalogues for e in c.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"


def test_compiled_catalogue_matches_the_po_file():
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(PO)).translated_entries()}
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(MO))}
    mo.pop((None, ""), None)
    assert po == mo, "locale/hi/LC_MESSAGES/django.mo is stale: run `make messages`"


def test_no_marked_string_is_missing_from_the_catalogue(tmp_path):
    """Extract the strings afresh from a copy of the sources and compare with the committed catalogue."""
    root = Path(settings.BASE_DIR)
    for name in SOURCES:
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "hi", "--no-location"],
        cwd=tmp_path, check=True, capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(tmp_path / "locale/hi/LC_MESSAGES/django.po")) if e.msgid}
    committed = {(e.msgctxt, e.msgid) for path in [PO, *PENDING] for e in polib.pofile(str(path))}
    missing = sorted(m for _c, m in fresh - committed)
    assert not missing, f"{len(missing)} strings are marked but not in the Hindi catalogue: {missing[:20]}"
