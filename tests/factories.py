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
