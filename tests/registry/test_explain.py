"""The main lists read through indexes: at a few thousand rows (statistics fresh), no query of the
call-centre list (commissioner, status filter, search by name and by phone, the SHO's flags filter),
of /api/call-centres/ or of the person search uses a sequential scan of call centres or persons.

The pages run through the test client; each captured query is EXPLAINed as it was sent, with
sequential scans and merge joins priced out: at a few thousand rows reading the whole table
is genuinely cheapest, so the test asks whether an index *can* serve every query — a Seq Scan that
remains means none does (the last test shows the check failing on an unindexed condition).
"""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
GUARDED = {"registry_callcentre", "offenders_person"}


@pytest.fixture
def grown():
    call_command("seed_scale", "--stations=30", "--call-centres=6000", "--persons=4000", "--busts=200",
                 stdout=StringIO(), stderr=StringIO())  # ends with ANALYZE
    from stations.models import PoliceStation

    return PoliceStation.objects.filter(call_centres__isnull=False).order_by("pk").first()


def _price_out_whole_reads(cursor, *, joins: bool = False, walks: bool = False) -> None:
    """Sequential scans and merge joins (which read a table through, in order, to join it) priced out;
    with `joins` hash joins too (a few thousand persons fit one hash, so PostgreSQL would rather read
    them all than probe the index for a few hundred matches — at state scale it probes); with `walks`
    plain index scans too, for a page that selects rows (a search, a station, a filter): at this size
    the planner may walk the name index in order and filter, reading most of the table, where at state
    scale it finds the rows through their own index — a bitmap scan must then find them."""
    settings = ["enable_seqscan", "enable_mergejoin"]
    settings += ["enable_hashjoin"] if joins else []
    settings += ["enable_indexscan"] if walks else []
    for setting in settings:
        cursor.execute(f"SET LOCAL {setting} = off")


def _table_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        return {t: cursor.execute(f'SELECT count(*) FROM "{t}"') or cursor.fetchone()[0] for t in GUARDED}  # noqa: S608


def _whole_reads(plan: dict, sizes: dict[str, int]) -> list[str]:
    """Scans of call centres or persons that read the table through: a Seq Scan, or any scan (a full
    index scan with a filter, say) that read more than a quarter of the table's rows."""
    found = []
    table = plan.get("Relation Name")
    if table in GUARDED:
        read = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
                + plan.get("Rows Removed by Index Recheck", 0)) * plan.get("Actual Loops", 1)
        if plan["Node Type"] == "Seq Scan" or read > sizes[table] / 4:
            found.append(f"{table}: {plan['Node Type']} read {read:,.0f} of {sizes[table]:,}")
    for child in plan.get("Plans", []):
        found += _whole_reads(child, sizes)
    return found


def _explain(cursor, sql: str) -> dict:
    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
    plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _scans_of_page(client, url: str, *, selects: bool) -> list[tuple[str, str]]:
    """(what read a table through, the query) for each query of the page."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    sizes, bad = _table_rows(), []
    with connection.cursor() as cursor:
        _price_out_whole_reads(cursor, joins="/persons/" in url, walks=selects)
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or not any(t in sql for t in GUARDED):
                continue
            bad += [(found, sql[:160]) for found in _whole_reads(_explain(cursor, sql), sizes)]
    return bad


@override_settings(LIST_ESTIMATE_COUNT_ABOVE=1000)
def test_main_lists_use_no_sequential_scan_of_call_centres_or_persons(client, commissioner, grown):
    from core.roles import Role
    from registry.models import CallCentre, CallCentrePhone
    from tests.factories import UserFactory

    sho = UserFactory(username="sho-grown", role=Role.STATION, station=grown)
    phone = CallCentrePhone.objects.order_by("pk").values_list("number", flat=True).first()
    name = CallCentre.objects.order_by("pk").values_list("name", flat=True).first()
    pages = {
        commissioner: ["/registry/call-centres/", "/registry/call-centres/?status=compliant",
                       f"/registry/call-centres/?q={name.replace(' ', '+')}", f"/registry/call-centres/?q={phone[1:10]}",
                       "/api/call-centres/", "/offenders/persons/?name=sharma"],
        sho: ["/registry/call-centres/", f"/registry/call-centres/?zone={grown.zone.code}&night_shift=false&busy_landlord=true",
              "/offenders/persons/?name=rahul+verma"],
    }
    bad = []
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            # Pages that select few rows must find them through an index; the commissioner's plain list and
            # a filter matching a third of the rows rightly walk the name index in order up to the LIMIT.
            selects = not (user == commissioner and ("?" not in url or "status=" in url))
            bad += [(url, *b) for b in _scans_of_page(client, url, selects=selects)]
    assert not bad, "\n".join(map(str, bad))


def test_the_check_can_fail(client, commissioner, grown):
    """The same check sees a whole-table read for an unindexed condition (the check is not blind)."""
    from registry.models import CallCentre

    with CaptureQueriesContext(connection) as ctx:
        list(CallCentre.objects.filter(notes__icontains="nothing"))
    with connection.cursor() as cursor:
        _price_out_whole_reads(cursor)
        found = _whole_reads(_explain(cursor, ctx.captured_queries[-1]["sql"]), _table_rows())
    assert len(found) == 1 and found[0].startswith("registry_callcentre"), found
