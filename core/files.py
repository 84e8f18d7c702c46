"""Files the server makes (exports, PDFs, letters): stored under MEDIA_ROOT/<folder>/ with
an unguessable name, read back only from inside that folder, deleted after their retention.

Every job that leaves a file stores its path relative to MEDIA_ROOT in `job.result["file"]`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import Job, JobStatus


def media_new_path(*, folder: str, suffix: str, prefix: str = "") -> tuple[str, Path]:
    """A fresh (relative name, absolute path) under MEDIA_ROOT/<folder>/ for a file to write."""
    directory = Path(settings.MEDIA_ROOT) / folder
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{prefix}{secrets.token_hex(16)}.{suffix.lstrip('.')}"
    return f"{folder}/{name}", directory / name


def media_save(*, folder: str, suffix: str, content: bytes) -> str:
    """Write bytes to a fresh file under MEDIA_ROOT/<folder>/; returns the relative name."""
    relative, path = media_new_path(folder=folder, suffix=suffix)
    path.write_bytes(content)
    return relative


def media_path(relative: str | None, *, folder: str) -> Path | None:
    """The absolute path of a stored file, only if it lies inside MEDIA_ROOT/<folder>/ and exists."""
    if not relative:
        return None
    root = (Path(settings.MEDIA_ROOT) / folder).resolve()
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def job_file_path(job: Job, *, kind: str, folder: str) -> Path | None:
    """The file a finished job of `kind` left under MEDIA_ROOT/<folder>/, if it still exists."""
    if job.kind != kind:
        return None
    return media_path((job.result or {}).get("file"), folder=folder)


def job_files_purge(*, kind: str, folder: str, keep_days: int, now=None) -> int:
    """Delete the files of `kind` jobs finished more than `keep_days` ago; the Job says the file
    expired (result["expired"]). Returns how many jobs were purged."""
    now = now or timezone.now()
    old = Job.objects.filter(
        kind=kind, status=JobStatus.SUCCEEDED, finished_at__lt=now - timedelta(days=keep_days),
    ).exclude(result__file="").exclude(result__file=None).filter(result__has_key="file")
    purged = 0
    for job in old.iterator():
        path = job_file_path(job, kind=kind, folder=folder)
        if path is not None:
            path.unlink(missing_ok=True)
        job.result = {**job.result, "file": "", "expired": True}
        job.save(update_fields=["result", "updated_at"])
        purged += 1
    return purged


def job_file_begin(job: Job, *, folder: str, suffix: str) -> tuple[str, Path]:
    """A fresh file for a job to write, remembered as the job's partial file until the job
    succeeds with it as result["file"]: a failed or restarted job's partial file is removed."""
    relative, path = media_new_path(folder=folder, suffix=suffix, prefix=f"{job.pk}-")
    job.params = {**job.params, "partial_file": relative}
    Job.objects.filter(pk=job.pk).update(params=job.params)
    return relative, path


def job_partial_remove(job: Job) -> None:
    """Delete the partial file of a job that failed or is restarted (never its finished file)."""
    relative = (job.params or {}).get("partial_file")
    if not relative or relative == (job.result or {}).get("file"):
        return
    path = media_path(relative, folder=relative.split("/", 1)[0])
    if path is not None:
        path.unlink(missing_ok=True)
