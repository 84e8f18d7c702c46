"""seed_demo grows: busts in the hotspots, persons with name variation, prior records, photographs."""
import io
import random
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from core.audit import Source, audit_context
from offenders import demo
from offenders.models import Arrest, Bust, LawSection, MatchDecision, Person, PersonPhoto, PriorRecord
from registry.models import CallCentre, StatusChange

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Bust, Person, Arrest, PriorRecord, PersonPhoto)}


def test_seed_demo_adds_about_100_busts_a_few_hundred_persons_and_mostly_repeat_offenders():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Offenders: " in out.getvalue()
    today = timezone.localdate()

    busts = list(Bust.objects.select_related("call_centre__premises__locality"))
    assert 90 <= len(busts) <= 101  # the offenders demo's busts, and the one an inspection's violation became
    assert all(today - timedelta(days=731) <= b.raid_date < today for b in busts)
    in_udyog_vihar = sum(b.call_centre.premises.locality.name.startswith("Udyog Vihar") for b in busts)
    assert in_udyog_vihar >= 0.3 * len(busts)  # 40 of the busts were in Udyog Vihar (DOMAIN.md)
    # Each raided call centre became busted, with the step on its timeline, and the busts are audited.
    assert all(b.call_centre.status == "busted" for b in busts)
    steps = StatusChange.objects.filter(to_status="busted", reason__startswith="Raided: FIR")
    assert steps.count() == len(busts)
    assert Bust.history.filter(history_source=Source.COMMAND).count() == len(busts)
    if LawSection.objects.exists():  # reference data of a migration (a flushed test database may lack it)
        assert all(b.sections.exists() for b in busts[:5])

    persons = Person.objects.count()
    assert 250 <= persons <= 600
    forces = set(PriorRecord.objects.values_list("force", flat=True))
    assert {"delhi", "noida", "ghaziabad"} <= forces

    # Most cases involve someone arrested before (47 of 62 ≈ 76 %), counted per individual as the registry does.
    offences = Counter(Arrest.objects.values_list("person__identity_id", flat=True))
    offences.update(PriorRecord.objects.values_list("person__identity_id", flat=True))
    per_bust = defaultdict(set)
    for bust, identity in Arrest.objects.values_list("bust_id", "person__identity_id"):
        per_bust[bust].add(identity)
    share = sum(any(offences[i] > 1 for i in ids) for ids in per_bust.values()) / len(per_bust)
    assert 0.65 <= share <= 0.9, share

    # The same individual written differently by different stations, linked by confirmed matches.
    names = defaultdict(set)
    for identity, name in Person.objects.values_list("identity_id", "name"):
        names[identity].add(name)
    assert sum(len(v) > 1 for v in names.values()) >= 10
    assert MatchDecision.objects.filter(verdict="same").exists()
    assert MatchDecision.objects.filter(verdict="pending").exists()  # some wait in the review queue

    # Every repeat offender has a photograph, stored cleaned (a JPEG) in private storage.
    repeat = {i for i, n in offences.items() if n > 1}
    with_photo = set(PersonPhoto.objects.values_list("person__identity_id", flat=True))
    assert repeat <= with_photo
    photo = PersonPhoto.objects.order_by("pk").first()
    with photo.image.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG"

    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before  # idempotent


def test_the_offenders_demo_is_deterministic():
    from registry.demo import seed_call_centres
    from stations.management.commands.seed_demo import Command

    command = Command()
    with audit_context(Source.COMMAND):
        command._seed_reference()
        command._seed_users()
        seed_call_centres()
    today = timezone.localdate()

    def signature():
        builder, raided = demo.build(random.Random(demo.SEED), today)
        return (
            [(b.fir_number, b.raid_date, b.call_centre_id) for b in builder.plan.busts],
            [(r.name, r.station_id, tuple(r.phones)) for r in builder.plan.records],
            [tuple(sorted(p[1].items(), key=str)) for p in builder.plan.priors],
        )

    assert signature() == signature()
    assert not Bust.objects.exists() and CallCentre.objects.filter(status="busted").exists()


def test_portraits_are_real_images_with_initials():
    png = demo.silhouette("Rakesh Kumar Sharma", 3)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (120, 150)
