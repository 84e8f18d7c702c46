"""Demo licence checks: called by `seed_demo` after the call centres are seeded.

The findings agree with each call centre's status: a compliant centre's permissions are
held (or, for DoT OSP registration after November 2020, not required); a non-compliant
one lacks at least one; one under verification awaits some answers; a reported one has
not been checked yet. Idempotent: skipped when any licence exists.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import current_audit_attrs
from core.roles import Role
from registry.choices import CallCentreStatus
from registry.models import CallCentre
from stations.models import User

from .choices import DEFAULT_AGENCY, LicenceKind, LicenceStatus
from .models import Licence

SEED = 66
#: DoT relaxed the OSP registration from this date (DOMAIN.md).
OSP_RELAXED = date(2020, 11, 5)
#: The permissions the demo checks for every centre that was checked.
CHECKED = [LicenceKind.OSP, LicenceKind.SHOPS, LicenceKind.GST, LicenceKind.TRADE, LicenceKind.FIRE]


def _held(rng, centre: CallCentre, kind: str, today: date) -> dict:
    if kind == LicenceKind.OSP and (centre.started_on or today) >= OSP_RELAXED:
        return {"status": LicenceStatus.NOT_REQUIRED, "not_required_from": OSP_RELAXED}
    issued = (centre.started_on or today - timedelta(days=400)) - timedelta(days=rng.randint(5, 60))
    return {
        "status": LicenceStatus.HELD, "number": f"{kind.upper()}/{issued.year}/{rng.randint(1000, 99999)}",
        "issued_on": min(issued, today), "valid_until": today + timedelta(days=rng.randint(60, 900)),
    }


def _findings(rng, centre: CallCentre, today: date) -> list[dict]:
    findings = []
    for kind in CHECKED:
        finding = _held(rng, centre, kind, today)
        if centre.status == CallCentreStatus.UNDER_VERIFICATION and rng.random() < 0.5:
            finding = {"status": LicenceStatus.PENDING}
        findings.append({"kind": kind, **finding})
    if centre.status in (CallCentreStatus.NON_COMPLIANT, CallCentreStatus.BUSTED):
        lacking = rng.choice([LicenceKind.SHOPS, LicenceKind.TRADE, LicenceKind.FIRE])
        findings = [f if f["kind"] != lacking else {"kind": lacking, "status": LicenceStatus.NOT_HELD} for f in findings]
    if centre.status == CallCentreStatus.UNDER_VERIFICATION and all(f["status"] != LicenceStatus.PENDING for f in findings):
        findings[-1] = {"kind": findings[-1]["kind"], "status": LicenceStatus.PENDING}
    return findings


def seed_licences(*, today: date | None = None) -> int:
    """Create the demo licence checks; returns how many licences were created."""
    if Licence.objects.exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    cyber = User.objects.filter(role=Role.CYBER, is_active=True).order_by("pk").first()
    checked = [
        CallCentreStatus.COMPLIANT, CallCentreStatus.NON_COMPLIANT, CallCentreStatus.UNDER_VERIFICATION,
        CallCentreStatus.BUSTED,
    ]
    rows = []
    for centre in CallCentre.objects.filter(status__in=checked).order_by("pk").only("pk", "status", "started_on"):
        checked_on = today - timedelta(days=rng.randint(1, 120))
        for finding in _findings(rng, centre, today):
            kind = finding.pop("kind")
            rows.append(Licence(
                call_centre=centre, kind=kind, agency=DEFAULT_AGENCY[LicenceKind(kind)], checked_on=checked_on,
                recorded_by=cyber, reference=f"CC/{checked_on.year}/{rng.randint(100, 9999)}", **finding,
            ))
    bulk_create_with_history(rows, Licence, batch_size=2000, custom_historical_attrs=current_audit_attrs())
    return len(rows)
