"""core.bulk.BulkWriter: its COPY path writes exactly the rows, and the history rows, that
simple_history's bulk_create_with_history writes, for every model the import writes."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import Source, audit_context, current_audit_attrs
from core.bulk import BulkWriter
from registry.choices import CallCentreSource, RowOutcome
from registry.models import (
    CallCentre,
    CallCentrePhone,
    ImportBatch,
    ImportRow,
    Occupancy,
    Premises,
    ReturnEntry,
    StatusChange,
)
from registry.services.callcentres import arrival_rows, callcentre_register, callcentre_row
from tests.factories import StationReturnFactory

#: Timestamps Django sets itself on the ORM path (auto_now/auto_now_add) while COPY writes the
#: writer's `now`: they are compared to the second, every other column exactly.
AUTO_TIMES = {"created_at", "updated_at"}


@pytest.fixture
def parents(sho_a, locality_a, station_a):
    """Rows to hang the written rows on: a call centre (with its premises), a return, an import batch."""
    existing = callcentre_register(actor=sho_a, name="Parent Calls", locality=locality_a, address="Plot 1, Parent House")
    batch = ImportBatch.objects.create(station=station_a, uploaded_by=sho_a, original_name="list.csv")
    return {"cc": existing, "return": StationReturnFactory(station=station_a), "batch": batch}


def _rows(model, parents, sho_a, now) -> list[dict]:
    """Realistic rows of `model`, as the import writes them (odd characters included)."""
    cc, premises = parents["cc"], parents["cc"].premises
    if model is Premises:
        return [{
            "address_raw": f"Plot {n}, {{odd}} \\ tab\there", "plot": str(n), "floor": "2", "building": "",
            "sector": "", "locality_id": premises.locality_id, "city": "Gurugram", "pin_code": "122016",
            "address_key": f"plot:{n}|test", "landlord_name": "R. {K} Sharma", "landlord_phone": "9810000001",
            "landlord_key": "9810000001",
        } for n in (11, 12)]
    if model is CallCentre:
        return [callcentre_row(
            station_id=cc.station_id, premises_id=premises.pk, created_by_id=sho_a.pk,
            source=CallCentreSource.STATION_SURVEY, name=name, company_name="Bright {1} Infotech",
            service="tech_support", seats=40, shift_start=time(21), shift_end=time(6),
            started_on=date(2020, 3, 1), notes='{"a": 1}\tx\\y',
        ) for name in ("Bright Calls 1", "Café Calls")]
    if model is CallCentrePhone:
        return [{"call_centre_id": cc.pk, "number": number} for number in ("9810000011", "9810000012")]
    stay, step = arrival_rows(call_centre_id=cc.pk, premises_id=premises.pk, started_on=date(2020, 3, 1),
                              actor_id=sho_a.pk, reason="Imported from list.csv", when=now)
    if model is Occupancy:
        return [stay]
    if model is StatusChange:
        return [step]
    if model is ReturnEntry:
        return [{"station_return_id": parents["return"].pk, "call_centre_id": cc.pk}]
    if model is ImportRow:
        return [{"batch_id": parents["batch"].pk, "line": 2, "data": {"name": "X", "phones": ["9810000011"]},
                 "outcome": RowOutcome.NEW, "messages": [], "duplicate_of_id": None}]
    raise AssertionError(model)


def _read(model, ids: list[int]) -> tuple[list[dict], list[dict]]:
    """The rows and their history rows, without their ids, in insertion order."""
    rows = [{k: v for k, v in r.items() if k != "id"} for r in model.objects.filter(pk__in=ids).order_by("pk").values()]
    history = []
    if hasattr(model, "history"):
        history = [
            {k: v for k, v in r.items() if k not in ("id", "history_id")}
            for r in model.history.filter(id__in=ids).order_by("history_id").values()
        ]
    return rows, history


def _same(copied: list[dict], expected: list[dict]) -> None:
    assert len(copied) == len(expected)
    for got, want in zip(copied, expected, strict=True):
        assert got.keys() == want.keys()
        for field, value in want.items():
            if field in AUTO_TIMES:
                assert abs(got[field] - value) < timedelta(minutes=1), field
            else:
                assert got[field] == value, field


@pytest.mark.parametrize("model", [Premises, CallCentre, CallCentrePhone, Occupancy, StatusChange, ReturnEntry, ImportRow])
def test_copy_writes_the_same_rows_and_history_as_bulk_create_with_history(model, parents, sho_a):
    assert connection.vendor == "postgresql"
    now = timezone.now()
    with audit_context(Source.IMPORT, actor=sho_a, ip="10.0.0.9"):
        audit = current_audit_attrs()
        rows = _rows(model, parents, sho_a, now)
        with transaction.atomic():
            writer = BulkWriter(model, actor=sho_a, now=now, audit=audit)
            assert writer.copy_available()
            ids = writer.write(rows)
            copied = _read(model, ids)
            transaction.set_rollback(True)
        with transaction.atomic():
            objs = [model(**{**writer.defaults, **row}) for row in rows]
            if hasattr(model, "history"):
                objs = bulk_create_with_history(objs, model, default_user=sho_a, default_date=now,
                                                custom_historical_attrs=audit)
            else:
                objs = model.objects.bulk_create(objs)
            expected = _read(model, [o.pk for o in objs])
            transaction.set_rollback(True)
    assert copied[0], "the COPY path wrote no rows"
    _same(copied[0], expected[0])
    _same(copied[1], expected[1])
    if hasattr(model, "history"):
        assert copied[1] and all(h["history_type"] == "+" and h["history_user_id"] == sho_a.pk for h in copied[1])
        assert all(h["history_source"] == Source.IMPORT and h["history_ip"] == "10.0.0.9" for h in copied[1])
