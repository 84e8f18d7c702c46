"""A dashboard as a workbook (XLSX) or a printable PDF: the same figures as the page, as tables.

Both are made from `dashboard_sections`, so the page, the workbook and the PDF always agree.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _g

from core.pdf import pdf_render

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Section:
    title: str
    header: list[str]
    rows: list[list]


def _title(unit) -> str:
    if unit.station:
        return _g("Dashboard: %(name)s") % {"name": unit.station.name}
    if unit.zone:
        return _g("Dashboard: %(name)s") % {"name": unit.zone.name}
    return _g("City dashboard")


def dashboard_title(context: dict) -> str:
    return _title(context["unit"])


def dashboard_sections(context: dict) -> list[Section]:
    """The dashboard's figures as titled tables."""
    summary, board, dates = context["summary"], context["board"], context["dates"]
    t = board.figures
    n = _g("Number")
    sections = [
        Section(_g("Key figures"), [_g("Figure"), n], [
            [_g("Operating call centres"), summary["operating"].value],
            [_g("All records"), summary["total"].value],
            [_g("Busts in the period"), t["busts"].value],
            [_g("Busts involving a repeat offender"), t["repeat"].value],
            [_g("Arrests in the period"), t["arrests"].value],
            [_g("Masterminds arrested in the period"), t["masterminds"].value],
            [_g("Vacated within six months"), summary["quick_vacate"].value],
            [_g("New set-ups in the period"), summary["started"].value],
        ]),
        Section(_g("Call centres by status"), [_g("Status"), n],
                [[str(label), f.value] for label, f in summary["statuses"]]),
        Section(_g("Licence compliance of operating call centres"), [_g("Licences"), n],
                [[str(label), f.value] for label, f in summary["licences"]]),
        Section(_g("Busts per month, last 12 months"), [_g("Month"), n],
                [[m.start.strftime("%m/%Y"), m.busts.value] for m in context["months"]]),
        Section(_g("This year and last"), [_g("Figure"), n], [
            [_g("Busts in %(year)s (to %(day)s)") % {"year": dates.today.year, "day": dates.today.strftime("%d/%m")},
             t["this_year"].value],
            [_g("Busts in %(year)s (to %(day)s)") % {"year": dates.today.year - 1,
                                                     "day": dates.last_year_same_day.strftime("%d/%m")},
             t["last_year_to_date"].value],
            [_g("Busts in all of %(year)s") % {"year": dates.today.year - 1}, t["last_year"].value],
        ]),
        Section(_g("Hotspots: localities with the most operating call centres"),
                [_g("Locality"), _g("Operating"), _g("Lacking a licence")],
                [[row.name, row.operating.value, row.lacking.value] for row in context["hotspots"]]),
        Section(_g("Returns for %(month)s") % {"month": dates.month.strftime("%m/%Y")}, [_g("Status"), n],
                [[str(label), f.value] for label, f in t["returns"]]),
    ]
    unit = context["unit"]
    if unit.kind != "station":
        city = unit.kind == "city"
        header = [_g("Zone") if city else _g("Station"), _g("Operating"), _g("Lacking a licence"), _g("Busts"),
                  _g("With a repeat offender"), _g("Arrests")]
        items = [(z.zone.name, z.tally) for z in board.zones] if city else [(s.station.name, s.tally)
                                                                           for s in board.stations]
        sections.append(Section(
            _g("Zones side by side") if city else _g("Stations side by side"), header,
            [[name, x.operating, x.lacking, x.busts, x.repeat, x.arrests] for name, x in items],
        ))
    return sections


def dashboard_xlsx(context: dict) -> bytes:
    """One sheet: the title, the period, then each section's table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.text import cell as safe_cell

    book = Workbook()
    sheet = book.active
    sheet.title = _g("Dashboard")[:31]
    period = context["period"]
    sheet.append([dashboard_title(context)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_g("Period: %(start)s to %(end)s") % {"start": period.start.strftime("%d/%m/%Y"),
                                                       "end": period.end.strftime("%d/%m/%Y")}])
    for section in dashboard_sections(context):
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(section.header)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(italic=True)
        for row in section.rows:
            sheet.append([safe_cell(value) for value in row])  # names typed by officers: no formula, any character
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dashboard_pdf(context: dict) -> bytes:
    """The dashboard's tables on A4 (Noto fonts render Hindi)."""
    html = render_to_string("dashboards/dashboard_pdf.html", {
        "title": dashboard_title(context), "period": context["period"], "sections": dashboard_sections(context),
        "map": context["map"],
    })
    return pdf_render(html)
