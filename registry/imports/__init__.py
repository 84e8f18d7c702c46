"""Bulk import of call centres from CSV or XLSX: read, check, find duplicates, preview, confirm.

One module per stage:

* `reading`: stream the file (CSV in any common encoding, or XLSX), map its header;
* `checking`: check each row, and its name against the station's call centres;
* `duplicates`: duplicates within the file and against the registry, by SQL over a key table;
* `batches`: the services (upload, parse into a preview, decide on a duplicate, confirm,
  the command's whole run) and the reads of the pages;
* `saving`: save a confirmed batch in ONE transaction, all or nothing;
* `jobs`: the background jobs (parse, confirm) on the one job runner;
* `messages`, `limits`, `progress`: what the officer reads, sizes, progress from a transaction.

Speed and memory: the file is streamed and rows are written 1,000 at a time; localities are
resolved from one in-memory index (one query); duplicates are found by SQL over a temporary
table of keys (a handful of queries per batch, whatever its size), so memory stays flat.
"""
from .batches import (
    FileImportReport,
    import_confirm_start,
    import_file,
    import_list,
    import_parse,
    import_row_decide,
    import_rows,
    import_upload,
    template_rows,
)
from .messages import ImportFileError, render_message
from .reading import COLUMNS
from .saving import PERM_CONFIRM, PERM_IMPORT, ConfirmResult, import_confirm

__all__ = [
    "COLUMNS", "PERM_CONFIRM", "PERM_IMPORT", "ConfirmResult", "FileImportReport", "ImportFileError",
    "import_confirm", "import_confirm_start", "import_file", "import_list", "import_parse", "import_row_decide",
    "import_rows", "import_upload", "render_message", "template_rows",
]
