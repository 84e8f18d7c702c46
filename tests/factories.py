"""factory_boy factories. Related objects share one station."""
import factory

from core.models import Job
from core.roles import Role
from stations.models import Locality, PoliceStation, User, Zone
from stations.services import user_set_role

PASSWORD = "pw-for-tests-1"


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"zone-{n}")
    name = factory.LazyAttribute(lambda o: f"Zone {o.code}")


class PoliceStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceStation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"station-{n}")
    name = factory.LazyAttribute(lambda o: f"Station {o.code}")
    zone = factory.SubFactory(ZoneFactory)
    address = "Police Station, Gurugram"
    phone = "0124-2200000"


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Locality {n}")
    station = factory.SubFactory(PoliceStationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STATION
    station = factory.LazyAttribute(lambda o: PoliceStationFactory() if o.role == Role.STATION else None)
    zone = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def with_group(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            user_set_role(user=obj, role=obj.role, station=obj.station, zone=obj.zone, organisation=obj.organisation)


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    kind = "test"
    requested_by = factory.SubFactory(UserFactory)
    station = factory.LazyAttribute(lambda o: o.requested_by.station)


# --------------------------------------------------------------------------- station returns and notices


def _this_month():
    from django.utils import timezone

    return timezone.localdate().replace(day=1)


def _month_end(start):
    from registry.selectors.returns import period_bounds

    return period_bounds(start)[1]


class StationReturnFactory(factory.django.DjangoModelFactory):
    """A draft return of a station for a month (pass period_start as the 1st of the month)."""

    class Meta:
        model = "registry.StationReturn"

    station = factory.SubFactory(PoliceStationFactory)
    period_start = factory.LazyFunction(_this_month)
    period_end = factory.LazyAttribute(lambda o: _month_end(o.period_start))
    status = "draft"


class ReturnEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.ReturnEntry"

    station_return = factory.SubFactory(StationReturnFactory)
    call_centre = None  # pass one: call centres come from registry.services.callcentre_register
    action = "listed"


class AssociationNoticeFactory(factory.django.DjangoModelFactory):
    """A notice row only (no call centre): tests of the flow use registry.services.notices.notice_submit."""

    class Meta:
        model = "registry.AssociationNotice"

    submitted_by = factory.SubFactory(UserFactory, role=Role.ASSOCIATION, station=None)
    organisation = "Test Industries Association"
    name = factory.Sequence(lambda n: f"Notified Centre {n}")
    address = factory.Sequence(lambda n: f"Plot {n}, Gurugram")
    locality = factory.SubFactory(LocalityFactory)
    contact_phone = "9876543210"


# --------------------------------------------------------------------------- call centres and premises


class PremisesFactory(factory.django.DjangoModelFactory):
    """A premises row (tests of the flow use registry.services.callcentre_register)."""

    class Meta:
        model = "registry.Premises"

    address_raw = factory.Sequence(lambda n: f"Plot {n}, Test Building")
    address_key = factory.Sequence(lambda n: f"p:{n}|b:testbuilding")
    locality = factory.SubFactory(LocalityFactory)


class CallCentreFactory(factory.django.DjangoModelFactory):
    """A call centre at its own premises, in the station of the premises' locality."""

    class Meta:
        model = "registry.CallCentre"

    name = factory.Sequence(lambda n: f"Test Calls {n}")
    name_key = factory.LazyAttribute(lambda o: o.name.lower())
    premises = factory.SubFactory(PremisesFactory)
    station = factory.LazyAttribute(lambda o: o.premises.locality.station)


# --------------------------------------------------------------------------- enforcement and offenders


def aadhaar_number(seed: int) -> str:
    """A valid (Verhoeff-checked) 12-digit Aadhaar number for tests, different for each seed."""
    from offenders.aadhaar import verhoeff_digit

    body = f"{2000000000 + seed * 7919:011d}"[-11:]
    body = ("2" + body[1:]) if body[0] in "01" else body
    return body + verhoeff_digit(body)


class BustFactory(factory.django.DjangoModelFactory):
    """A bust row (tests of the flow use offenders.services.bust_create)."""

    class Meta:
        model = "offenders.Bust"

    station = factory.SubFactory(PoliceStationFactory)
    raid_date = factory.LazyFunction(lambda: __import__("datetime").date(2020, 9, 1))
    fir_number = factory.Sequence(lambda n: f"{(n % 9999) + 1:04d}/2020")
    fir_year = factory.LazyAttribute(lambda o: int(o.fir_number[-4:]))


class IdentityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "offenders.Identity"


class PersonFactory(factory.django.DjangoModelFactory):
    """A person row with its own identity (tests of the flow use offenders.services.person_create)."""

    class Meta:
        model = "offenders.Person"

    station = factory.SubFactory(PoliceStationFactory)
    identity = factory.SubFactory(IdentityFactory)
    name = factory.Sequence(lambda n: f"Test Person {n}")
    name_key = factory.LazyAttribute(lambda o: __import__("offenders.matching", fromlist=["x"]).normalize_name(o.name))
    father_name = ""
    father_key = factory.LazyAttribute(
        lambda o: __import__("offenders.matching", fromlist=["x"]).normalize_name(o.father_name)
    )


class ArrestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "offenders.Arrest"

    person = factory.SubFactory(PersonFactory)
    bust = factory.SubFactory(BustFactory)
    station = factory.LazyAttribute(lambda o: o.bust.station)
    arrested_on = factory.LazyAttribute(lambda o: o.bust.raid_date)
    role = "caller"


class PriorRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "offenders.PriorRecord"

    person = factory.SubFactory(PersonFactory)
    station = factory.LazyAttribute(lambda o: o.person.station)
    force = "delhi"
    city = "Delhi"
    fir_number = factory.Sequence(lambda n: f"{n}/2019")


def law_sections_load():
    """The reference sections of law of migration offenders/0003 (a transactional test elsewhere may
    have flushed them from a reused test database). Idempotent."""
    import importlib

    from django.apps import apps

    importlib.import_module("offenders.migrations.0003_law_sections").load(apps, None)
