"""The document job types as plain functions over a store; no gRPC here."""

from __future__ import annotations

from typing import Any

from workers.documents.checking import DocumentChecker
from workers.documents.models import DocumentCheckInput
from workers.documents.store import DocumentStoreUnavailableError
from workers.errors import PermanentJobError


class DocumentJobs:
    def __init__(self, checker: DocumentChecker) -> None:
        self._checker = checker

    def check_completeness(self, request: DocumentCheckInput) -> dict[str, Any]:
        """Every mandatory material present, each file real, safe and readable: ``documentCheck``."""
        return self._check(request, content=False)

    def check_content(self, request: DocumentCheckInput) -> dict[str, Any]:
        """The completeness check plus the content rules (chapters, quotations, catalog, forms)."""
        return self._check(request, content=True)

    def _check(self, request: DocumentCheckInput, *, content: bool) -> dict[str, Any]:
        try:
            report = self._checker.check(request, content=content)
        except DocumentStoreUnavailableError as exc:
            raise PermanentJobError(str(exc)) from exc
        return {"documentCheck": report.model_dump(mode="json", by_alias=True)}
