"""The import's sizes and limits, in one module so that a test can shrink them
(`monkeypatch.setattr(limits, "CHUNK_ROWS", 2)`): the other modules read them as `limits.X`."""

#: Largest file accepted by the upload page.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: Rows written, and keys resolved, per database round trip.
CHUNK_ROWS = 1000
#: Batches up to this size are confirmed while the SHO waits; larger ones in the background.
INLINE_CONFIRM_ROWS = 500
#: Fuzzy name matching is skipped (exact names still match) above this many existing names in a locality.
FUZZY_LIMIT = 20000
#: Entries per memo of CheckContext (distinct localities, services, shifts, dates, landlords).
MEMO_LIMIT = 10000
#: Data rows a file may hold (CSV or XLSX): counted while streaming, and the workbook's declared size.
MAX_ROWS = 200_000
#: Columns a row may use (the template has 12).
MAX_COLUMNS = 60
#: An XLSX is a zip: its parts may not expand beyond this in all (a 311 KB "zip bomb" expands to GBs) ...
MAX_XLSX_UNCOMPRESSED_BYTES = 600 * 1024 * 1024
#: ... nor its shared strings (which the reader holds in memory) beyond this ...
MAX_XLSX_SHARED_STRINGS_BYTES = 60 * 1024 * 1024
#: ... nor any part of more than 5 MB expand more than this many times (real workbooks: 5 to 30).
MAX_XLSX_RATIO = 150
#: Parts a workbook may hold.
MAX_XLSX_PARTS = 500
