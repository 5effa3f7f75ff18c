"""The pyzeebe router of the documents domain: job types ``govit.documents.*``."""

from __future__ import annotations

from typing import Any

from pyzeebe import ZeebeTaskRouter

from workers.documents.checking import DocumentChecker
from workers.documents.jobs import DocumentJobs
from workers.documents.models import DocumentCheckInput
from workers.documents.s3_store import S3DocumentStore
from workers.documents.settings import DocumentSettings, SettingsError
from workers.documents.store import DocumentStore, LocalDocumentStore
from workers.job_variables import read_job_variables

CHECK_COMPLETENESS = "govit.documents.check-completeness"
CHECK_CONTENT = "govit.documents.check-content"

_VARIABLES = ["requiredMaterials", "documents"]
# Reading a few large PDFs takes longer than pyzeebe's 10 s default.
_TIMEOUT_MS = 120_000


def job_input(variables: dict[str, Any]) -> DocumentCheckInput:
    """The job's variables; a missing or malformed list is named in the incident."""
    return read_job_variables(DocumentCheckInput, variables)


def create_store(settings: DocumentSettings) -> DocumentStore:
    if settings.store == "s3" and settings.s3_bucket:
        return S3DocumentStore.connect(
            settings.s3_bucket,
            settings.s3_prefix,
            endpoint_url=settings.s3_endpoint,
            region=settings.s3_region,
        )
    return LocalDocumentStore(settings.document_dir)


def create_router(settings: DocumentSettings | None = None) -> ZeebeTaskRouter:
    settings = settings or DocumentSettings.from_env()
    if settings.check_seconds * 1000 >= _TIMEOUT_MS:
        raise SettingsError(
            f"GOVIT_DOCUMENT_CHECK_SECONDS: {settings.check_seconds:g} s is not shorter than the job "
            f"timeout of {_TIMEOUT_MS // 1000} s; a check that long would be handed out again while it runs"
        )
    jobs = DocumentJobs(DocumentChecker(create_store(settings), settings))
    router = ZeebeTaskRouter()

    @router.task(CHECK_COMPLETENESS, variables_to_fetch=_VARIABLES, timeout_ms=_TIMEOUT_MS)
    def check_completeness(**variables: Any) -> dict[str, Any]:
        return jobs.check_completeness(job_input(variables))

    @router.task(CHECK_CONTENT, variables_to_fetch=_VARIABLES, timeout_ms=_TIMEOUT_MS)
    def check_content(**variables: Any) -> dict[str, Any]:
        return jobs.check_content(job_input(variables))

    return router
