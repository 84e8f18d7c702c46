"""Dates as an Indian officer reads them: day first, everywhere (Django's "en" is month first).

One format for every page, export and PDF: 04/12/2026 and 04/12/2026 17:30. Forms accept what
officers write: 4/12/2026, 04-12-2026, 04.12.2026, 4 Dec 2026, and the ISO 2026-12-04 that
browsers' date pickers send.
"""
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # the date picker's value (ISO), tried first: unambiguous
    "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y",
    "%d %b %Y", "%d %B %Y", "%d %b, %Y", "%d %B, %Y",
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M",
    *DATE_INPUT_FORMATS,
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = (3, 2, 0)  # Indian grouping: 12,34,567
