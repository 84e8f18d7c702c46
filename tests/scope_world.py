"""The objects of station A that the scope-matrix test tries to reach as station B.

Every model registered in the admin, and every route, must appear here or in the
matrix's case table: a new route or model without a case makes the matrix fail.
Later issues add their models to `world_objects` and their routes to ROUTE_CASES.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LIST = "list"  # GET works for B, but shows none of A's rows
DETAIL = "detail"  # A's object: B gets 404 on GET and cannot write
OWN = "own"  # pages about the user themselves (home, password): B sees their own
PUBLIC = "public"  # reachable without login (login page, language switch)
SKIP = "skip"  # not a page (explained per case)
FORBIDDEN = "forbidden"  # B's role lacks the permission the page needs: exactly 403, whatever the object
POLICE_WIDE = "police_wide"  # every police officer may read A's row (persons): B reads it but cannot write it,
#                              and an association member cannot read it


@dataclass(frozen=True)
class Case:
    kind: str
    kwargs: Callable[[dict], dict] | None = None  # built from the world objects
    marker: str | None = None  # text of A's objects that B must not see on a list
    method: str = "get"
    why: str = ""


def world_objects(request) -> dict:
    """Station A's objects, keyed by model label (and a few by role)."""
    get = request.getfixturevalue
    objs = {
        "stations.zone": get("zone_a"),
        "stations.policestation": get("station_a"),
        "stations.locality": get("locality_a"),
        "stations.user": get("sho_a"),
        "core.job": get("job_a"),
    }
    objs.update(_registry_world(get))
    objs.update(_returns_world(objs))
    objs.update(_imports_world(objs))
    objs.update(_offenders_world(get, objs))
    objs.update(_bulletins_world(get, objs))
    objs.update(_verification_world(objs))
    objs.update(_letters_world(get, objs))
    objs.update(_complaints_world(get, objs))
    get("station_a2")
    get("station_b")
    get("locality_b")
    return objs



def _registry_world(get) -> dict:
    """Station A's call centre "Alpha Calls" (premises in Alpha Locality, a phone, its first status
    step and stay), a second record merged into it, a return listing it and an association notice."""
    import datetime

    from registry.models import AssociationNotice, NotDuplicate, ReturnEntry, StationReturn
    from registry.services import callcentre_merge, callcentre_register

    sho_a, locality_a = get("sho_a"), get("locality_a")
    alpha = callcentre_register(
        actor=sho_a, name="Alpha Calls", locality=locality_a, address="Plot 1, Alpha Tower, Sector 1",
        phones=["9810000001"], started_on=datetime.date(2020, 1, 15),
    )
    twin = callcentre_register(
        actor=sho_a, name="Alpha Calls Twin", locality=locality_a, address="Plot 1, Alpha Tower, Sector 1",
        phones=["9810000001"],
    )
    merge = callcentre_merge(actor=get("cyber"), survivor=alpha, merged=twin, reasons=["address", "phone"])
    judged = NotDuplicate.objects.create(a=alpha, b=twin, decided_by=get("cyber"), note="Alpha pair judged")
    station_return = StationReturn.objects.create(
        station=get("station_a"), period_start=datetime.date(2020, 8, 1), period_end=datetime.date(2020, 8, 31)
    )
    entry = ReturnEntry.objects.create(station_return=station_return, call_centre=alpha)
    notice = AssociationNotice.objects.create(
        submitted_by=get("association"), organisation="Alpha Association", name="Alpha Notice Centre",
        address="Plot 2, Alpha Tower", locality=locality_a, contact_phone="9810000002",
    )
    return {
        "registry.callcentre": alpha,
        "registry.premises": alpha.premises,
        "registry.callcentrephone": alpha.phones.first(),
        "registry.statuschange": alpha.status_changes.first(),
        "registry.occupancy": alpha.occupancies.first(),
        "registry.merge": merge,
        "registry.notduplicate": judged,
        "registry.stationreturn": station_return,
        "registry.returnentry": entry,
        "registry.associationnotice": notice,
    }


def _returns_world(objs: dict) -> dict:
    """A message in station A's inbox (the station home's inbox card, "mark read")."""
    from core.notifications import notification_send

    note = notification_send(kind="return-reminder:2020-09", station=objs["stations.policestation"], message="Alpha reminder")
    return {"core.notification": note}


def _imports_world(objs: dict) -> dict:
    """An import of station A ("Alpha import.csv") with one checked row (ImportRow has no admin)."""
    from registry.models import ImportBatch, ImportRow

    batch = ImportBatch.objects.create(
        station=objs["stations.policestation"], uploaded_by=objs["stations.user"], file="imports/alpha.csv",
        original_name="Alpha import.csv", status="preview", rows_total=1, rows_duplicate=1,
    )
    ImportRow.objects.create(
        batch=batch, line=2, outcome="duplicate", data={"name": "Alpha Imported Calls", "phones": ["9810000001"]},
        messages=[{"level": "duplicate", "code": "dup_phone", "params": {"phone": "9810000001", "name": "Alpha Calls",
                   "station": "Alpha Station"}, "call_centre_id": objs["registry.callcentre"].pk}],
        duplicate_of=objs["registry.callcentre"],
    )
    return {"registry.importbatch": batch}


def _offenders_world(get, objs: dict) -> dict:
    """Station A's bust (FIR 0001/2020, with a document), its person "Alpha Suspect" (a phone, a photograph,
    an arrest and a prior record with bail: a repeat offender on the bail watch), a second person of station A
    and a pending match decision between the two."""
    import datetime
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from offenders.models import BustDocument, MatchDecision, PersonPhone, PersonPhoto
    from offenders.photos import photo_clean

    from .factories import ArrestFactory, BustFactory, PersonFactory, PriorRecordFactory

    get("settings").MEDIA_ROOT = get("tmp_path")  # the document and photograph below go to a temporary folder
    station_a = objs["stations.policestation"]
    bust = BustFactory(station=station_a, fir_number="0001/2020", fir_year=2020, raid_date=datetime.date(2020, 9, 1))
    document = BustDocument(bust=bust, original_name="Alpha seizure memo.pdf", content_type="application/pdf", size=14)
    document.file.save("alpha-memo.pdf", ContentFile(b"%PDF-1.4 alpha"), save=False)
    document.save()
    person = PersonFactory(station=station_a, name="Alpha Suspect", father_name="Alpha Father", birth_year=1990)
    phone = PersonPhone.objects.create(person=person, number="9810000099")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, format="PNG")
    buffer.seek(0)
    clean = photo_clean(ContentFile(buffer.getvalue(), name="alpha.png"))
    photo = PersonPhoto(person=person, key=clean.key, width=clean.width, height=clean.height)
    photo.image.save(clean.image.name, clean.image, save=False)
    photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
    photo.save()
    arrest = ArrestFactory(person=person, bust=bust, station=station_a)
    prior = PriorRecordFactory(person=person, station=station_a, arrested_on=datetime.date(2019, 3, 1),
                               bail_date=datetime.date(2019, 4, 1), fir_number="Alpha 77/2019")
    other = PersonFactory(station=station_a, name="Alpha Other", birth_year=1990)
    a, b = sorted([person, other], key=lambda p: p.pk)
    decision = MatchDecision.objects.create(person_a=a, person_b=b, verdict="pending", score=0.6, reasons=["test"])
    return {
        "offenders.bust": bust,
        "offenders.bustdocument": document,
        "offenders.person": person,
        "offenders.personphone": phone,
        "offenders.personphoto": photo,
        "offenders.identity": person.identity,
        "offenders.arrest": arrest,
        "offenders.priorrecord": prior,
        "offenders.matchdecision": decision,
    }


def _bulletins_world(get, objs: dict) -> dict:
    """Zone A's bulletin of repeat offenders (version 1, "Alpha Zone"), station A's receipt of it, and a
    bank account of "Alpha Suspect" (the network of an account)."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from offenders.models import Bulletin, BulletinReceipt, PersonAccount
    from offenders.models.bulletins import audience_key_of

    zone_a = objs["stations.zone"]
    bulletin = Bulletin(
        scope="zone", zone=zone_a, audience_key=audience_key_of("zone", zone_a.pk), version=1,
        week=datetime.date(2020, 9, 7), trigger="scheduled", offender_count=1, generated_at=timezone.now(),
    )
    bulletin.pdf.save("alpha-bulletin.pdf", ContentFile(b"%PDF-1.4 alpha bulletin"), save=False)
    bulletin.save()
    now = timezone.now()
    receipt = BulletinReceipt.objects.create(
        bulletin=bulletin, station=objs["stations.policestation"], first_opened_at=now,
        first_opened_by=objs["stations.user"], last_opened_at=now,
    )
    account = PersonAccount.objects.create(
        person=objs["offenders.person"], kind="bank", bank_name="Alpha Bank", account_number="ALPHA0001",
        identifier="ALPHA0001",
    )
    return {"offenders.bulletin": bulletin, "offenders.bulletinreceipt": receipt, "offenders.personaccount": account}


def _verification_world(objs: dict) -> dict:
    """A licence check of "Alpha Calls" (its shops registration, held)."""
    from verification.models import Licence

    licence = Licence.objects.create(
        call_centre=objs["registry.callcentre"], kind="shops", status="held", number="ALPHA-SHOPS-1",
        agency="Labour Department, Haryana",
    )
    return {"verification.licence": licence, **_inspections_world(objs)}


def _inspections_world(objs: dict) -> dict:
    """Station A's capacity, its plan of this week with a visit of "Alpha Calls" (open, officers "Alpha team")
    and a photograph of that visit (in the temporary media folder set by _offenders_world)."""
    import io

    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from offenders.photos import photo_clean
    from verification.models import Inspection, InspectionCapacity, InspectionPhoto, InspectionPlan
    from verification.selectors import week_start

    station_a = objs["stations.policestation"]
    monday = week_start(timezone.localdate())
    capacity = InspectionCapacity.objects.create(station=station_a, visits_per_day=2)
    plan = InspectionPlan.objects.create(station=station_a, week=monday)
    visit = Inspection.objects.create(
        plan=plan, call_centre=objs["registry.callcentre"], planned_date=monday, order=1, officers="Alpha team",
        risk_score=20, risk_reasons=[{"key": "not_inspected", "label": "Never inspected", "points": 20}],
    )
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 200, 10)).save(buffer, format="PNG")
    clean = photo_clean(ContentFile(buffer.getvalue(), name="alpha-door.png"))
    photo = InspectionPhoto(inspection=visit, key=clean.key, width=clean.width, height=clean.height)
    photo.image.save(clean.image.name, clean.image, save=False)
    photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
    photo.save()
    return {
        "verification.inspectioncapacity": capacity,
        "verification.inspectionplan": plan,
        "verification.inspection": visit,
        "verification.inspectionphoto": photo,
    }


def _letters_world(get, objs: dict) -> dict:
    """A letter to the fire service ("Alpha Letter", sent) enclosing "Alpha Calls", with a reply (a PDF)."""
    import datetime

    from core.files import media_save
    from verification.models import Agency, AnswerImport, Letter, LetterEnclosure, LetterReply

    from .verification.seeds import agencies_seed

    agencies_seed()  # a transactional test run earlier may have flushed the migration's rows
    day = datetime.date(2026, 1, 5)
    letter = Letter.objects.create(
        kind="batch", agency=Agency.objects.get(code="FIRE"), cycle="alpha-cycle", addressee_kind="licensing",
        addressee="Fire Services, Gurugram", reference="CC/FIRE/2026/0900", dated=day, subject="Alpha Letter",
        body="Alpha body", state="sent", sent_on=day, dispatch_number="ALPHA-D1", due_on=day + datetime.timedelta(15),
        created_by=get("cyber"),
    )
    LetterEnclosure.objects.create(letter=letter, call_centre=objs["registry.callcentre"], name="Alpha Calls")
    reply = LetterReply.objects.create(
        letter=letter, file=media_save(folder="letter-replies", suffix="pdf", content=b"%PDF-1.4 alpha reply"),
        original_name="Alpha reply.pdf", content_type="application/pdf", size=20,
    )
    answer = AnswerImport.objects.create(letter=letter, original_name="Alpha answers.csv", rows=[
        {"line": 2, "registration": "ALPHA-1", "name": "Alpha Calls", "address": "", "status": "held",
         "valid_until": "", "outcome": "matched", "call_centre_id": objs["registry.callcentre"].pk, "problems": []},
    ])
    return {"verification.letter": letter, "verification.letterreply": reply, "verification.answerimport": answer}


def _complaints_world(get, objs: dict) -> dict:
    """A complaint "ALPHA-NCRP-1" naming Alpha Calls' phone (so in station A's scope), and the cyber team's import."""
    import datetime
    from decimal import Decimal

    from complaints.models import Complaint, ComplaintImport
    from complaints.services.complaints import ComplaintRow, complaints_save
    from core.files import media_save

    complaints_save(actor=get("cyber"), rows=[ComplaintRow(
        source="ncrp", reference="ALPHA-NCRP-1", reported_on=datetime.date(2020, 7, 1), victim_country="United States",
        amount=Decimal("500"), currency="USD", narrative="Alpha victim", identifiers=[("phone", "9810000001")],
    )])
    batch = ComplaintImport.objects.create(
        file=media_save(folder="complaint-imports", suffix="csv", content=b"complaint_id\nALPHA-NCRP-1\n"),
        original_name="Alpha complaints.csv", uploaded_by=get("cyber"), status="preview", rows_total=1, rows_known=1,
    )
    return {"complaints.complaint": Complaint.objects.get(reference="ALPHA-NCRP-1"), "complaints.complaintimport": batch}


MARK_A = "Alpha"

ROUTE_CASES: dict[str, Case] = {
    "home": Case(OWN),
    "login": Case(PUBLIC),
    "logout": Case(SKIP, why="POST-only; logs the user out"),
    "password_change": Case(OWN),
    "password_change_done": Case(OWN),
    # Signing in (core/accounts): the second factor, re-authentication; about the user themselves.
    "otp-setup": Case(OWN),
    "otp-verify": Case(OWN),
    "reauth": Case(OWN),
    "admin:otp_totp_totpdevice_config": Case(SKIP, why="django-otp's secret page, off (OTP_ADMIN_HIDE_SENSITIVE_DATA: 403)"),
    "admin:otp_totp_totpdevice_qrcode": Case(SKIP, why="django-otp's secret QR, off (OTP_ADMIN_HIDE_SENSITIVE_DATA: 403)"),
    "set_language": Case(PUBLIC, method="post"),
    "stations:list": Case(LIST, marker="Alpha Station"),
    "stations:detail": Case(DETAIL, kwargs=lambda w: {"code": w["stations.policestation"].code}),
    "core:job-list": Case(LIST, marker="Alpha job"),
    "core:job-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["core.job"].pk}),
    "api-root": Case(LIST, marker="Alpha"),
    "api-token": Case(SKIP, why="POST credentials for a token; covered in tests/core/test_api.py"),
    "api-logout": Case(SKIP, why="POST-only; revokes the caller's own token (tests/core/test_auth_tokens.py)"),
    "api-schema": Case(LIST, marker=None),
    "api-docs": Case(LIST, marker=None),
    "station-list": Case(LIST, marker="Alpha Station"),
    "station-detail": Case(DETAIL, kwargs=lambda w: {"code": w["stations.policestation"].code}),
    # Registry: call centres, premises, exports, duplicates and merges (issue 3).
    "registry:callcentre-list": Case(LIST, marker="Alpha Calls"),
    "registry:callcentre-create": Case(OWN),
    # Searchable choices (issue 10); the search itself is tried across stations in tests/registry/test_lookup.py.
    "registry:callcentre-lookup": Case(LIST, marker="Alpha Calls"),
    "registry:callcentre-export": Case(LIST, marker="Alpha Calls"),
    "registry:export-download": Case(DETAIL, kwargs=lambda w: {"pk": w["core.job"].pk}),
    "registry:callcentre-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.callcentre"].pk}),
    "verification:licences": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.callcentre"].pk}),
    # Inspections (verification): a station reads and changes its own schedule only.
    "verification:inspection-home": Case(LIST, marker="Alpha"),
    "verification:inspection-propose": Case(OWN, why="the cyber crime team's button (POST); other roles get 403"),
    "verification:inspection-risk": Case(LIST, marker="Alpha Calls"),
    "verification:inspection-station": Case(DETAIL, kwargs=lambda w: {"code": w["stations.policestation"].code}),
    "verification:inspection-plan": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.inspectionplan"].pk}),
    "verification:inspection-plan-approve": Case(
        DETAIL, kwargs=lambda w: {"pk": w["verification.inspectionplan"].pk}
    ),
    "verification:inspection-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.inspection"].pk}),
    "verification:inspection-move": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.inspection"].pk}),
    "verification:inspection-officers": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.inspection"].pk}),
    "verification:inspection-reschedule": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.inspection"].pk}),
    "verification:inspection-outcome": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.inspection"].pk}),
    "inspection-list": Case(LIST, marker="Alpha team"),
    "inspection-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.inspection"].pk}),
    "verification:inspection-photo": Case(DETAIL, kwargs=lambda w: {"key": w["verification.inspectionphoto"].key}),
    # Letters to agencies (verification issue): the register lists the letters naming the user's call centres.
    "verification:letter-list": Case(LIST, marker="Alpha Letter"),
    "verification:letter-request": Case(OWN, why="the cyber crime team's form; other roles get 403"),
    "verification:letter-other-create": Case(OWN, why="the cyber crime team's form; other roles get 403"),
    "verification:letter-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letter"].pk}),
    "verification:letter-pdf": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letter"].pk}),
    "verification:letter-redraw": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letter"].pk}),
    "verification:letter-reply-add": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letter"].pk}),
    "verification:letter-step": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letter"].pk, "step": "answered"}),
    "verification:letter-reply": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letterreply"].pk}),
    "verification:answers-upload": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letter"].pk}),
    "verification:answers-preview": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.answerimport"].pk}),
    "verification:letter-reconciliation": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letter"].pk}),
    "agency-list": Case(LIST, marker=None),
    "agency-detail": Case(OWN, kwargs=lambda w: {"pk": w["verification.letter"].agency_id}, why="reference data, the same for every police officer"),
    "letter-list": Case(LIST, marker="Alpha Letter"),
    "letter-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["verification.letter"].pk}),
    "registry:callcentre-edit": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.callcentre"].pk}),
    "registry:callcentre-status": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.callcentre"].pk}),
    "registry:callcentre-move": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.callcentre"].pk}),
    "registry:premises-list": Case(LIST, marker="Alpha Tower"),
    "registry:premises-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.premises"].pk}),
    "registry:premises-edit": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.premises"].pk}),
    "registry:duplicates": Case(LIST, marker="Alpha Calls"),
    "registry:merge": Case(
        DETAIL, kwargs=lambda w: {"pk": w["registry.merge"].survivor_id, "other": w["registry.merge"].merged_id}
    ),
    "registry:merge-undo": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.merge"].pk}),
    "registry:duplicate-dismiss": Case(
        DETAIL, kwargs=lambda w: {"pk": w["registry.merge"].survivor_id, "other": w["registry.merge"].merged_id}
    ),
    "registry:duplicate-dismiss-undo": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.notduplicate"].pk}),
    "callcentre-list": Case(LIST, marker="Alpha Calls"),
    "callcentre-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.callcentre"].pk}),
    "callcentre-status": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.callcentre"].pk}),
    "premises-list": Case(LIST, marker="Alpha Tower"),
    "premises-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.premises"].pk}),
    # Registry: station returns, completeness board, association notices, inbox (issue 3).
    "registry:return-list": Case(LIST, marker="Alpha"),
    "registry:return-create": Case(LIST, marker="Alpha"),
    "registry:completeness": Case(LIST, marker="Alpha"),
    # The chase list (issue 10): B sees its own station only, never station A.
    "registry:return-chase": Case(LIST, marker="Alpha Station"),
    "registry:return-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "registry:return-entry-add": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "registry:return-fill": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "registry:return-entry-edit": Case(
        DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk, "entry_pk": w["registry.returnentry"].pk}
    ),
    "registry:return-entry-close": Case(
        DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk, "entry_pk": w["registry.returnentry"].pk}
    ),
    "registry:return-entry-remove": Case(
        DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk, "entry_pk": w["registry.returnentry"].pk}
    ),
    "registry:return-submit": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "registry:return-review": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "registry:return-pdf": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "registry:return-pdf-file": Case(DETAIL, kwargs=lambda w: {"pk": w["core.job"].pk}),
    "registry:notice-list": Case(LIST, marker="Alpha"),
    "registry:notice-create": Case(OWN, why="an association member's own form; police roles get 403"),
    "registry:notice-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.associationnotice"].pk}),
    "registry:station-queue": Case(LIST, marker="Alpha"),
    "registry:notification-read": Case(DETAIL, kwargs=lambda w: {"pk": w["core.notification"].pk}),
    "stationreturn-list": Case(LIST, marker="Alpha"),
    "stationreturn-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "stationreturn-submit": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "stationreturn-accept": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    "stationreturn-send-back": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.stationreturn"].pk}),
    # Registry: bulk import of call centres (issue 3).
    "registry:import-list": Case(LIST, marker="Alpha import"),
    "registry:import-upload": Case(LIST, marker="Alpha Station"),
    "registry:import-template": Case(OWN, why="the blank template, the same for everyone"),
    "registry:import-preview": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.importbatch"].pk}),
    "registry:import-confirm": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.importbatch"].pk}),
    "registry:import-row-decision": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.importbatch"].pk, "line": 2}),
    # Enforcement and offenders (issue 4). Persons are readable by every police role (POLICE_WIDE);
    # busts, arrests and prior records stay with their station; the review queue is the cyber team's.
    "offenders:bust-list": Case(LIST, marker="0001/2020"),
    "offenders:bust-create": Case(OWN),
    "offenders:bust-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.bust"].pk}),
    "offenders:bust-edit": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.bust"].pk}),
    "offenders:bust-document-add": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.bust"].pk}),
    "offenders:bust-document": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.bustdocument"].pk}),
    "offenders:arrest-create": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.bust"].pk}),
    "offenders:arrest-list": Case(LIST, marker="Alpha Suspect"),
    "offenders:arrest-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.arrest"].pk}),
    "offenders:arrest-edit": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.arrest"].pk}),
    "offenders:person-list": Case(POLICE_WIDE, marker="Alpha Suspect"),
    "offenders:person-create": Case(OWN),
    "offenders:person-detail": Case(POLICE_WIDE, kwargs=lambda w: {"pk": w["offenders.person"].pk}, marker="Alpha Suspect"),
    "offenders:person-edit": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.person"].pk}),
    "offenders:person-add": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.person"].pk, "kind": "phone"}),
    "offenders:person-remove": Case(DETAIL, kwargs=lambda w: {"kind": "phone", "pk": w["offenders.personphone"].pk}),
    "offenders:person-matches": Case(
        POLICE_WIDE, kwargs=lambda w: {"pk": w["offenders.person"].pk}, marker="Alpha Suspect"
    ),
    "offenders:person-decide": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.person"].pk}),
    "offenders:photo": Case(POLICE_WIDE, kwargs=lambda w: {"key": w["offenders.personphoto"].key}),
    "offenders:photo-thumb": Case(POLICE_WIDE, kwargs=lambda w: {"key": w["offenders.personphoto"].key}),
    "offenders:prior-list": Case(LIST, marker="Alpha Suspect"),
    "offenders:prior-create": Case(OWN, why="?person= picks any readable person; the record belongs to B's station"),
    "offenders:prior-import": Case(OWN),
    "offenders:prior-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.priorrecord"].pk}),
    "offenders:review-queue": Case(FORBIDDEN, why="the cyber crime team's queue: 403 without review_match"),
    "offenders:review-detail": Case(FORBIDDEN, kwargs=lambda w: {"pk": w["offenders.matchdecision"].pk}),
    "offenders:decision-undo": Case(
        FORBIDDEN, kwargs=lambda w: {"pk": w["offenders.matchdecision"].pk},
        why="match decisions are police-wide reading (like persons); only their stations or the cyber team undo: 403",
    ),
    "offenders:bail-watch": Case(POLICE_WIDE, marker="Alpha Suspect"),
    "bust-list": Case(LIST, marker="0001/2020"),
    "bust-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.bust"].pk}),
    "arrest-list": Case(LIST, marker="Alpha Suspect"),
    "arrest-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.arrest"].pk}),
    "priorrecord-list": Case(LIST, marker="Alpha Suspect"),
    "priorrecord-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["offenders.priorrecord"].pk}),
    "person-list": Case(POLICE_WIDE, marker="Alpha Suspect"),
    "person-detail": Case(POLICE_WIDE, kwargs=lambda w: {"pk": w["offenders.person"].pk}, marker="Alpha Suspect"),
    "person-match": Case(SKIP, why="POST-only and stores nothing; covered in tests/offenders/test_api.py"),
    # Bulletins of repeat offenders, network and likely masterminds (issue 4, items 6-7). Bulletins are read by
    # every police role; receipts by zone, cyber and commissioner; call centres and premises stay in scope.
    "offenders:bulletin-list": Case(POLICE_WIDE, marker="Alpha Zone"),
    "offenders:bulletin-generate": Case(OWN, why="the cyber crime team's form; other roles get 403"),
    "offenders:bulletin-download": Case(POLICE_WIDE, kwargs=lambda w: {"pk": w["offenders.bulletin"].pk}),
    "offenders:bulletin-receipts": Case(
        FORBIDDEN, kwargs=lambda w: {"pk": w["offenders.bulletin"].pk}, why="403 without view_bulletinreceipt"
    ),
    "offenders:network": Case(LIST, marker="Alpha Calls"),
    "offenders:network-person": Case(
        POLICE_WIDE, kwargs=lambda w: {"pk": w["offenders.person"].pk}, marker="Alpha Suspect"
    ),
    "offenders:network-callcentre": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.callcentre"].pk}),
    "offenders:network-premises": Case(DETAIL, kwargs=lambda w: {"pk": w["registry.premises"].pk}),
    "offenders:network-phone": Case(LIST, kwargs=lambda w: {"number": "9810000001"}, marker="Alpha Calls"),
    "offenders:network-account": Case(
        POLICE_WIDE, kwargs=lambda w: {"identifier": w["offenders.personaccount"].identifier}, marker="Alpha Suspect"
    ),
    "offenders:masterminds": Case(FORBIDDEN, why="the cyber crime team's and commissioner's page: 403 without view_masterminds"),
    # Dashboards: the city's for city roles (404 for a station officer), a zone's for its officer and city
    # roles, a station's for its SHO, its zone officer and city roles; "mine" redirects to one's own.
    "dashboards:city": Case(DETAIL, why="city roles only: 404 for a station officer"),
    "dashboards:mine": Case(OWN, why="redirects each officer to the dashboard of their own scope"),
    "dashboards:zone": Case(DETAIL, kwargs=lambda w: {"code": w["stations.zone"].code}),
    "dashboards:station": Case(DETAIL, kwargs=lambda w: {"code": w["stations.policestation"].code}),
    # Complaints and referrals (issue 15): a complaint is in the scope of the stations of the call centres it
    # names; imports are the cyber crime team's (403 for a station officer); hot identifiers show no victim data.
    "complaints:list": Case(LIST, marker="ALPHA-NCRP-1"),
    "complaints:detail": Case(DETAIL, kwargs=lambda w: {"pk": w["complaints.complaint"].pk}),
    "complaints:hot-identifiers": Case(LIST, marker="ALPHA-NCRP-1"),
    "complaints:import-list": Case(FORBIDDEN, why="the cyber crime team's page: 403 without add_complaintimport"),
    "complaints:import-upload": Case(FORBIDDEN, why="the cyber crime team's page: 403 without add_complaintimport"),
    "complaints:import-template": Case(LIST, marker=None),
    "complaints:import-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["complaints.complaintimport"].pk}),
    "complaints:import-confirm": Case(
        FORBIDDEN, kwargs=lambda w: {"pk": w["complaints.complaintimport"].pk}, why="403 without add_complaint"
    ),
    "complaint-list": Case(LIST, marker="ALPHA-NCRP-1"),
    "complaint-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["complaints.complaint"].pk}),
}
