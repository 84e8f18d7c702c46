"""Progress of an import's job, reported from inside its one long transaction."""
from __future__ import annotations

from django.db import connection

from core.jobs import job_progress


class CommittedProgress:
    """Reports progress from inside a long transaction so that the job page sees it.

    Django connections are per thread: a helper thread's UPDATE of the Job row commits at
    once, while the rows being written stay invisible until the one big transaction commits.
    One helper thread (and one extra connection) per import. Only on PostgreSQL: SQLite
    allows one writer at a time, so there the bar moves when the work is done.
    """

    def __init__(self, job_id: int | None):
        self.job_id = job_id if connection.vendor == "postgresql" else None
        self._pool = None

    def __enter__(self) -> CommittedProgress:
        if self.job_id is not None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-progress")
        return self

    def __call__(self, percent: int, message: str) -> None:
        if self._pool is not None:
            self._pool.submit(job_progress, job_id=self.job_id, progress=percent, total=100, message=message)

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            from django.db import connection as thread_connection

            self._pool.submit(thread_connection.close)
            self._pool.shutdown(wait=True)
            self._pool = None

