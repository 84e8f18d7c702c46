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
