"""Reports, dashboards and exports read from the replica when one is configured; writes and reads after a
write stay on the primary. The "replica" alias of the test settings points at the test database itself."""
import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.db_router import reads_from_replica, replica_reads

ROUTED = override_settings(DATABASE_ROUTERS=["core.db_router.ReplicaRouter"])
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@ROUTED
def test_reads_inside_go_to_the_replica_until_a_write():
    from stations.models import Zone

    zone = Zone.objects.create(code="north", name="North")  # outside: primary
    assert Zone.objects.all().db == "default"
    with replica_reads():
        assert Zone.objects.all().db == "replica"
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert Zone.objects.get(pk=zone.pk).name == "North"
        assert len(replica) == 1
        Zone.objects.filter(pk=zone.pk).update(name="North Zone")  # a write: primary ...
        assert Zone.objects.all().db == "default"  # ... and every read after it
        assert Zone.objects.get(pk=zone.pk).name == "North Zone"
    assert Zone.objects.all().db == "default"


def test_without_the_router_everything_is_on_the_primary():
    from stations.models import Zone

    with replica_reads():
        assert Zone.objects.all().db == "default"


@ROUTED
def test_the_dashboard_and_completeness_board_read_from_the_replica(client, commissioner):
    client.force_login(commissioner)
    for url in (reverse("dashboards:city"), reverse("registry:completeness")):
        with CaptureQueriesContext(connections["replica"]) as replica, \
                CaptureQueriesContext(connections["default"]) as primary:
            assert client.get(url).status_code == 200
        assert len(replica) > 0, url
        # On the primary only the session and the user (read by the middleware, before the view).
        assert len(primary) <= 2, [q["sql"][:80] for q in primary.captured_queries]


@ROUTED
def test_a_decorated_view_that_writes_reads_its_write_from_the_primary(rf):
    from stations.models import Zone

    @reads_from_replica
    def view(request):
        Zone.objects.create(code="east-x", name="East X")
        return Zone.objects.filter(code="east-x").db

    assert view(rf.get("/")) == "default"
