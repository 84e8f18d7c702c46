"""`seed_scale` grows a database with realistic spread, history rows included."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db(transaction=False)


def _seed(**kw):
    out, err = StringIO(), StringIO()
    args = {"stations": 25, "call_centres": 600, "persons": 300, "busts": 40, **kw}
    call_command("seed_scale", *[f"--{k.replace('_', '-')}={v}" for k, v in args.items()], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_seed_scale_writes_every_model_with_history_and_spread():
    from offenders.models import Arrest, Bust, Person
    from registry.models import CallCentre, Occupancy, Premises, ReturnEntry
    from stations.models import Locality, PoliceStation, Zone
    from verification.models import Licence

    out, err = _seed()
    assert "Done in" in out and "call centres" in err and "600/600" in err  # the progress bar reached the end
    assert PoliceStation.objects.count() == 25
    sizes = [z.stations.count() for z in Zone.objects.all()]
    assert all(10 <= s <= 40 for s in sizes[:-1]) and sum(sizes) == 25  # zones of 10–40 (the last takes the rest)
    assert Locality.objects.filter(is_hotspot=True).exists()
    assert CallCentre.objects.count() == 600 and CallCentre.history.count() == 600
    assert Premises.history.count() == Premises.objects.count() > 0
    assert Person.history.count() == Person.objects.count() == 300
    assert set(CallCentre.objects.values_list("status", flat=True)) >= {"reported", "compliant", "vacated"}
    # Every call centre stays at a premises of its own station, licences for about half, returns list them.
    assert not CallCentre.objects.exclude(premises__locality__station=models_f("station")).exists()
    with_licence = Licence.objects.values("call_centre").distinct().count()
    assert 200 < with_licence < 400
    assert Occupancy.objects.count() == 600 and ReturnEntry.objects.exists()
    assert Bust.objects.count() == 40 and Arrest.objects.filter(bail_date__isnull=False).exists()
    assert len(set(Person.objects.values_list("name_key", flat=True))) > 50  # name variation


def models_f(name):
    from django.db.models import F

    return F(name)


def test_seed_scale_refuses_nonsense():
    with pytest.raises(CommandError):
        _seed(stations=0)
    with pytest.raises(CommandError):
        _seed(persons=-1)
